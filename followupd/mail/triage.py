"""Header triage, pure: does a message need the full reader, judged from its header block alone?

Most of a mailbox is newsletters, receipts and personal mail; reading each one (body fetch, MIME
walk, quote stripping, phrase rules) cost ~10 ms. What the tracker acts on is narrow (see
``followupd.app.runner.TRACKED`` and ``followupd.engine.associate.should_start_application``): only an
interview starts an application, and decisions, replies, auto-replies and bounces count only
when they associate to one already tracked. So a message is a *candidate* when ANY of:

- thread: its In-Reply-To, References or Message-ID names a message of a tracked application
  (or one of our drafts), RFC 5322 section 3.6.4;
- correspondent: the sender or a Reply-To address, or its company domain, belongs to a tracked
  application; its subject key or the application's company name matches (``associate``'s rules);
- own mail: the user's own address, or our ``X-Followupd-Token`` header;
- ATS / scheduler sender (``domains.ATS_DOMAINS``): they send interviews from no-reply addresses;
- bounce: a mailer-daemon/postmaster sender, ``multipart/report`` (RFC 3464), a bounce subject;
- calendar: top-level ``text/calendar``, or a multipart whose subject or sender hints at an event;
- words: the subject or the From display name has a job, interview, scheduling or out-of-office
  word (en, de, fr, es, it, nl, sv, pt).

Mail from the user's own organisation (the company domain of ``identity.email`` or an alias,
never freemail) is a colleague's: unless one of the first rules (thread, correspondent, own mail,
ATS) or the bounce rule holds, it is recorded from its headers whatever its words ("Meeting about
the roadmap", "Interview with a candidate" for the hiring panel): a colleague is never a
prospective employer (``engine.intake`` says the same of a message read anyway).

RFC 3834 auto-replies (``Auto-Submitted``, ``X-Autoreply``) matter only from a known
correspondent or in a known thread, which the first two rules already cover.

A *peek* is the third outcome: no signal in the headers, but a mail that looks personal, so a new
recruiter's "Hello" or "Quick question" is not thrown away unread. The sync then judges the first
bytes of its body (``followupd.mail.peek``). Kept tight (``followupd.mail.personal``): a person's
address (not no-reply, ATS, job board or bounce), not from the user's own company domain, no
list, bulk, auto-submitted or marketing headers, addressed to the user with at most two others
in To/Cc, and from a sender (company domain, or address on freemail) with fewer than
``FAMILIAR_AFTER`` earlier messages: colleagues and regular correspondents are not "new".
Everything else is recorded as UNRELATED from its headers, without fetching or reading its body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from followupd.core.draft_headers import TOKEN_HEADER
from followupd.core.model import Application, Kind, MessageFacts, Reason
from followupd.mail.classify import phrases_auto as pa
from followupd.mail.classify.verdict import ThreadContext
from followupd.mail.domains import ATS_DOMAINS, domain_in
from followupd.mail.keys import company_key, is_company_domain, subject_key
from followupd.mail.parse import Envelope
from followupd.mail.personal import from_own_organisation, looks_personal, sender_key

__all__ = ["FAMILIAR_AFTER", "NO_SIGNAL", "PEEK", "Triage", "TriageContext", "context_for",
           "header_facts", "job_word", "sender_key", "thread_context", "triage"]

NO_SIGNAL = Reason("triage", "no job signal in the headers")
PEEK = Reason("triage_peek", "personal mail with no job word in the headers")
# A sender with this many earlier messages is an established correspondent, not a new recruiter.
FAMILIAR_AFTER = 5

# Words that start a word ("applied", "recruiter", "Stellenangebot"): matched at a word start.
_WORD_STARTS = (
    # en
    "interview", "invit", "applica", "applied", "apply", "applying", "candida", "position",
    "role", "offer", "job", "career", "recruit", "hiring", "hire", "talent", "opportunit",
    "schedul", "reschedul", "availab", "call", "chat", "meet", "calendar", "round", "screen",
    "onsite", "on-site", "booked", "confirm", "cancel", "decision", "vacanc", "opening", "ooo",
    "vacation", "absent", "absence", "assessment", "shortlist",
    # de
    "bewerb", "vorstellung", "einladung", "stelle", "absage", "zusage", "termin", "gespräch",
    "karriere", "kennenlernen", "abwesen", "urlaub", "abgesagt", "verschoben",
    # fr
    "candidature", "entretien", "poste", "recrut", "convocation", "annul", "rendez-vous", "rdv",
    "congé",
    # es, pt
    "entrevista", "candidatura", "puesto", "vacante", "oferta", "proceso", "convocat", "vaga",
    "solicitud", "empleo", "reunión", "reunião", "ausente", "vacaciones", "férias", "cancelad", "reprogram",
    # it
    "colloquio", "posizione", "offerta", "selezion", "assunzion", "assente", "ferie", "annullat",
    # nl
    "sollicit", "gesprek", "uitnodig", "vacature", "functie", "afwezig", "vakantie", "geannuleerd",
    "kennismak",
    # sv
    "intervju", "ansökan", "inbjudan", "tjänst", "rekryter", "samtal", "frånvar", "semester",
    "inställ", "erbjudande",
)
# Found anywhere in a word: compounds ("Vorstellungsgespräch", "sollicitatiegesprek").
_ANYWHERE = ("interview", "gespräch", "gesprek", "bewerbung", "termin", "sollicitatie",
             "intervju", "next step", "out of office", "auto-reply", "autoreply")
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")
_STEM_LENGTHS = tuple(sorted({len(w) for w in _WORD_STARTS if " " not in w}))
_STEMS = frozenset(w for w in _WORD_STARTS if " " not in w)
_PHRASES = tuple(w for w in _WORD_STARTS if " " in w) + _ANYWHERE
# A multipart message with one of these in its subject or sender may carry a text/calendar part.
_EVENT_HINT_RE = re.compile(r"@ \w{3}|\b\d{1,2}(:\d\d)? ?(am|pm)\b|\b\d{1,2}:\d\d\b|invitation|"
                            r"event|calendar|einladung|invitación|invito|uitnodiging", re.I)
_BOUNCE_LOCAL_RE = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|maildaemon|mdaemon)@", re.I)


@dataclass(frozen=True)
class TriageContext:
    """What the store knows, built once per sync (and again when an application changes)."""

    message_ids: frozenset[str] = frozenset()
    addresses: frozenset[str] = frozenset()  # lower-cased correspondents of tracked applications
    domains: frozenset[str] = frozenset()  # their company domains (never ATS or freemail)
    subject_keys: frozenset[str] = frozenset()
    company_keys: frozenset[str] = frozenset()
    own_addresses: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Triage:
    candidate: bool
    reasons: tuple[Reason, ...]
    peek: bool = False  # not a candidate, but personal: judge the first bytes of its body


def context_for(applications: Iterable[Application], own_addresses: Iterable[str] = (),
                ) -> TriageContext:
    """The triage context of these applications (all of them: a decided application's thread
    still matters, since association reads every application)."""
    ids: set[str] = set()
    addresses: set[str] = set()
    domains: set[str] = set()
    subjects: set[str] = set()
    companies: set[str] = set()
    for app in applications:
        ids.update(app.message_ids)
        ids.update(d.message_id for d in app.drafts if d.message_id)
        if app.thread is not None:
            ids.add(app.thread.message_id)
        addresses.update(a.lower() for a in app.addresses)
        addresses.update(p.email for p in (app.interviewer, app.recruiter) if p and p.email)
        domains.update(d for d in app.domains if is_company_domain(d))
        if app.subject_key:
            subjects.add(app.subject_key)
        key = company_key(app.company)
        if len(key) >= 3:
            companies.add(key)
    ids.discard("")
    return TriageContext(frozenset(ids), frozenset(addresses), frozenset(domains),
                         frozenset(subjects), frozenset(companies),
                         frozenset(a.lower() for a in own_addresses))


def job_word(text: str) -> str:
    """The first job/interview/scheduling/out-of-office word in ``text``, or ""."""
    folded = text.casefold()
    for phrase in _PHRASES:
        if phrase in folded:
            return phrase
    words: list[str] = _WORD_RE.findall(folded)
    for word in words:
        for length in _STEM_LENGTHS:
            if length > len(word):
                break
            if word[:length] in _STEMS:
                return word
    return ""


def thread_context(env: Envelope, context: TriageContext) -> ThreadContext:
    """What the classifier is told of a message: in a tracked thread, from a known correspondent
    (the same thread and correspondent rules as triage)."""
    people = [p.email for p in (env.sender, *env.reply_to) if p.email]
    return ThreadContext(in_thread=bool(_thread_hit(env, context)),
                         known_correspondent=any(_known(e, context) for e in people))


def _thread_hit(env: Envelope, ctx: TriageContext) -> str:
    """The first Message-ID of the message's thread headers that a tracked application knows."""
    return next((i for i in (env.in_reply_to, *env.references, env.message_id)
                 if i and i in ctx.message_ids), "")


def _known(email: str, ctx: TriageContext) -> Reason | None:
    """A tracked application's correspondent, or someone from its company domain."""
    if email in ctx.addresses:
        return Reason("triage_correspondent", email)
    domain = email.rpartition("@")[2]
    if ctx.domains and domain_in(domain, ctx.domains):
        return Reason("triage_company_domain", domain)
    return None


def triage(env: Envelope, context: TriageContext, *, earlier_from_sender: int = 0) -> Triage:
    """Whether this message needs the full reader, with the first reason that says so; or a
    peek at its body. ``earlier_from_sender``: how many messages of its ``sender_key`` came
    before it."""
    reason = _related(env, context) or _bounce(env)
    if reason:
        return Triage(True, (reason,))
    if from_own_organisation(env.sender.email, context.own_addresses):
        return Triage(False, (Reason("triage_colleague", env.sender.email),))
    reason = _content_signal(env, context)
    if reason:
        return Triage(True, (reason,))
    if earlier_from_sender < FAMILIAR_AFTER and looks_personal(env, context.own_addresses):
        return Triage(False, (PEEK,), peek=True)
    return Triage(False, (NO_SIGNAL,))


def _related(env: Envelope, ctx: TriageContext) -> Reason | None:
    """A signal that the message belongs to what is tracked: its thread, a correspondent, the
    user's own mail, an ATS."""
    thread = _thread_hit(env, ctx)
    if thread:
        return Reason("triage_thread", thread)
    people = [p.email for p in (env.sender, *env.reply_to) if p.email]
    for email in people:
        if email in ctx.own_addresses:
            return Reason("triage_own", email)
        known = _known(email, ctx)
        if known:
            return known
        domain = email.rpartition("@")[2]
        if domain_in(domain, ATS_DOMAINS):
            return Reason("triage_ats", domain)
    if env.raw_header(TOKEN_HEADER):
        return Reason("triage_own", TOKEN_HEADER)
    return None


def _bounce(env: Envelope) -> Reason | None:
    if (env.content_type == "multipart/report" or _BOUNCE_LOCAL_RE.match(env.sender.email)
            or pa.BOUNCE_SENDER_RE.search(env.sender.name)
            or pa.BOUNCE_SUBJECT_RE.search(env.subject)):
        return Reason("triage_bounce", env.sender.email or env.content_type)
    return None


def _content_signal(env: Envelope, ctx: TriageContext) -> Reason | None:
    """A job, interview, scheduling or out-of-office signal in what the headers say."""
    said = f"{env.subject}\n{env.sender.name}"
    if env.content_type == "text/calendar" or (
            env.content_type.startswith("multipart/") and _EVENT_HINT_RE.search(said)):
        return Reason("triage_calendar", env.content_type)
    word = job_word(said) or _auto_reply_word(env.subject)
    if word:
        return Reason("triage_words", word)
    if ctx.subject_keys and subject_key(env.subject) in ctx.subject_keys:
        return Reason("triage_subject", env.subject[:80])
    if ctx.company_keys:
        said_key = f" {company_key(said)} "
        for company in ctx.company_keys:
            if f" {company} " in said_key:
                return Reason("triage_company_name", company)
    return None


def _auto_reply_word(subject: str) -> str:
    found = pa.AUTOREPLY_SUBJECT_RE.search(subject)
    return found.group(0) if found else ""


def header_facts(env: Envelope, reasons: tuple[Reason, ...] = (NO_SIGNAL,)) -> MessageFacts:
    """What is recorded of a message triage let pass: its envelope, kind UNRELATED."""
    return MessageFacts(
        message_id=env.message_id, subject=env.subject, sender=env.sender, kind=Kind.UNRELATED,
        reasons=reasons, date=env.date, to=env.to, cc=env.cc, reply_to=env.reply_to,
        in_reply_to=env.in_reply_to, references=env.references,
    )
