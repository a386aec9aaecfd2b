"""Which application a message belongs to, pure (DESIGN.md, flow 3), with the reasons.

Order: (a bounce: our token, the failed mail's Message-ID, the failed recipient; then only its
thread headers) thread headers (References / In-Reply-To / Message-ID, RFC 5322 section
3.6.4) -> the correspondent's address -> the company domain (never an ATS or freemail domain; for those the
company *name* joins an ATS notice and the recruiter's later personal mail) -> normalized subject.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from followupd.core.model import Application, Kind, MessageFacts, Reason
from followupd.mail.domains import domain_in
from followupd.mail.keys import company_key, is_company_domain, subject_key

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class Association:
    application_id: int | None
    reasons: tuple[Reason, ...]


def _correspondents(facts: MessageFacts) -> list[str]:
    people = [facts.sender, *facts.reply_to]
    if facts.kind is Kind.OUTBOUND:
        people = [*facts.to, *facts.cc]
    return [p.email for p in people if p.email]


def _unique(matches: Iterable[Application], rule: str, detail: str) -> Association | None:
    found = {app.id: app for app in matches}
    if len(found) == 1:
        app_id = next(iter(found))
        return Association(app_id, (Reason(rule, detail),))
    if len(found) > 1:
        log.info("%s matches %d applications; trying weaker rules", rule, len(found))
    return None


def _bounced(facts: MessageFacts, apps: list[Application]) -> Association | None:
    """A bounce comes from a mail system, not from anyone in the thread: it belongs to the
    application whose mail it returns (our token, that mail's Message-ID in the returned
    headers), else to the one that writes to the failed recipient."""
    token, sent, rcpt = facts.bounce_token, facts.bounce_message_id, facts.bounce_recipient
    if token:
        hit = _unique((a for a in apps if any(d.token == token for d in a.drafts)),
                      "bounce_token", token)
        if hit:
            return hit
    if sent:
        hit = _unique((a for a in apps if sent in a.message_ids
                       or any(d.message_id == sent for d in a.drafts)), "bounce_thread", sent)
        if hit:
            return hit
    if rcpt:
        return _unique((a for a in apps if rcpt in a.addresses
                        or any(d.recipient == rcpt for d in a.drafts)
                        or (a.send_to is not None and a.send_to.email == rcpt)),
                       "bounce_recipient", rcpt)
    return None


def associate(facts: MessageFacts, applications: Iterable[Application]) -> Association:
    apps = list(applications)
    if facts.kind is Kind.BOUNCE and (hit := _bounced(facts, apps)):
        return hit
    chain = (facts.in_reply_to, *reversed(facts.references), facts.message_id)
    thread_ids = [i for i in chain if i]
    for msg_id in thread_ids:
        hit = _unique((a for a in apps if msg_id in a.message_ids), "thread", msg_id)
        if hit:
            return hit
    if facts.kind is Kind.BOUNCE:  # the mail system's name, domain and subject are no clue
        return Association(None, (Reason("no_match", facts.message_id),))
    for email in _correspondents(facts):
        hit = _unique((a for a in apps if email in a.addresses), "address", email)
        if hit:
            return hit
    for email in _correspondents(facts):
        domain = email.rpartition("@")[2]
        if is_company_domain(domain):
            hit = _unique((a for a in apps if domain_in(domain, frozenset(a.domains))),
                          "company_domain", domain)
            if hit:
                return hit
    if facts.company:
        key = company_key(facts.company)
        if key:
            hit = _unique((a for a in apps if company_key(a.company) == key), "company_name",
                          facts.company)
            if hit:
                return hit
    key = subject_key(facts.subject)
    if key:
        hit = _unique((a for a in apps if a.subject_key and a.subject_key == key), "subject", key)
        if hit:
            return hit
    return Association(None, (Reason("no_match", facts.message_id),))


def should_start_application(facts: MessageFacts) -> bool:
    """Interviews start tracking; a decision nobody asked about is logged, not tracked."""
    if facts.kind in (Kind.INTERVIEW,):
        return True
    if facts.kind.is_decision:
        log.info("decision %s for an unknown application (%s): not tracked",
                 facts.kind, facts.company or facts.sender.email)
    return False
