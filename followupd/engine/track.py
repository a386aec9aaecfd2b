"""Pure transitions: apply one classified message (MessageFacts) to an application.

``apply_message`` is idempotent and order-tolerant: times only move forward (``max``), interviews
are matched rather than appended blindly, so re-applying a message after a restart or a
UIDVALIDITY rescan changes nothing, and a Sent message synced after a newer INBOX message does
not rewind the thread.

Liveness rules:
  * DECIDED, STOPPED and GHOSTED applications never become live again through mail, with one
    exception: a new interview invitation revives a GHOSTED application (employers do come back
    after weeks of silence; an invitation is unambiguous). A reply to a ghosted application is
    recorded (last_inbound_at) but does not revive it — ``followupd`` tells the user instead.
  * A decision (offer/rejection) ends any state, including PAUSED and GHOSTED. A later decision
    replaces an earlier one (an offer can be withdrawn).
  * While PAUSED, mail is recorded and ``resume_state`` is adjusted (a new interview resumes into
    SCHEDULED), but the state stays PAUSED.

The live state set here is a first approximation; the planner derives SCHEDULED / INTERVIEWED /
WAITING from interviews and drafts at ``now`` and emits SetState when they differ.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace

from followupd.core.model import (
    Address,
    Application,
    AppState,
    Interview,
    Kind,
    MessageFacts,
    Policy,
    Reason,
    ThreadRef,
)
from followupd.engine.business import next_business_morning
from followupd.engine.contact import message_time
from followupd.engine.holds import bounce_hold, hold_from, question
from followupd.mail.keys import is_company_domain, subject_key

log = logging.getLogger(__name__)

_MAX_REFERENCES = 20  # keep the first and the latest ones (RFC 5322 3.6.4 allows trimming)
_THREAD_KINDS = frozenset(
    {
        Kind.INTERVIEW,
        Kind.INTERVIEW_CANCELLED,
        Kind.OFFER,
        Kind.REJECTION,
        Kind.REPLY,
        Kind.RESCHEDULE,
        Kind.ON_HOLD,
        Kind.OUTBOUND,
    }
)
_HUMAN_INBOUND = _THREAD_KINDS - {Kind.OUTBOUND}


def new_application(
    facts: MessageFacts, app_id: int, now: dt.datetime, policy: Policy | None = None
) -> Application:
    """Start tracking an application from its first message (usually an interview invitation).

    ``created_at`` is that message's time (never later than ``now``), not the moment we saw it.

    State: SCHEDULED while the interview is ahead, INTERVIEWED once it has ended, WAITING when the
    first message carries no interview time; a decision as first message gives DECIDED.
    """
    app = Application(
        id=app_id,
        company=facts.company,
        position=facts.position,
        state=AppState.WAITING,
        created_at=message_time(facts, now),  # backfilled mail must not anchor schedules at now
    )
    app, _ = apply_message(app, facts, now, policy)
    if app.state is AppState.WAITING:
        app = replace(app, state=live_state(app, now))
    return app


def apply_message(
    app: Application, facts: MessageFacts, now: dt.datetime, policy: Policy | None = None
) -> tuple[Application, tuple[Reason, ...]]:
    """Apply one message to ``app``; return the new snapshot and why it changed.

    ``policy`` supplies the time zone and holiday calendar for "next business morning after the
    return date"; without it the postponement is the day after, 09:00 UTC.
    """
    policy = policy or Policy()
    at = message_time(facts, now)
    reasons: list[Reason] = []
    app = _bookkeeping(app, facts, at)
    app, held = hold_from(app, facts, at)
    reasons += held
    kind = facts.kind
    if kind is Kind.RESCHEDULE and facts.interview is not None:
        kind = Kind.INTERVIEW  # the new time is known: the round moves (calendar UID / date)
    if kind is Kind.INTERVIEW:
        app = _on_interview(app, facts, at, now, reasons)
    elif kind is Kind.INTERVIEW_CANCELLED:
        app = _on_cancel(app, facts, now, reasons)
    elif kind.is_decision:
        app = _on_decision(app, facts, at, reasons)
    elif kind in (Kind.REPLY, Kind.RESCHEDULE, Kind.ON_HOLD):
        app = _later_inbound(app, at)
        what = {Kind.RESCHEDULE: "reschedule, new time to come", Kind.ON_HOLD: "on hold"}
        reasons.append(Reason(kind.value if kind in what else "reply",
                              f"{what.get(kind, 'reply')} from {facts.sender.email} at {at.isoformat()}"))
        if facts.answer_by is not None:
            app = _postpone(app, next_business_morning(facts.answer_by, policy))
            reasons.append(Reason("answer_promised", f"by {facts.answer_by.isoformat()}"))
        if not app.state.is_live:
            reasons.append(Reason("not_revived", f"application is {app.state}"))
    elif kind is Kind.AUTO_REPLY:
        # Out of office: never a reply, never a reset of the clock — only a postponement.
        if facts.return_date is not None:
            app = _postpone(app, next_business_morning(facts.return_date, policy))
            reasons.append(Reason("out_of_office", f"back {facts.return_date.isoformat()}"))
        else:
            reasons.append(Reason("out_of_office", "no return date; nothing changes"))
    elif kind is Kind.OUTBOUND:
        app = _later_outbound(app, at)
        reasons.append(Reason("outbound", f"you wrote at {at.isoformat()}"))
    elif kind is Kind.BOUNCE:
        app = _on_bounce(app, facts, at, reasons)
    else:
        reasons.append(Reason("no_effect", str(kind)))
    return app, tuple(reasons)


def _later_inbound(app: Application, at: dt.datetime) -> Application:
    last = app.last_inbound_at
    return app if last is not None and last >= at else replace(app, last_inbound_at=at)


def _later_outbound(app: Application, at: dt.datetime) -> Application:
    last = app.last_outbound_at
    return app if last is not None and last >= at else replace(app, last_outbound_at=at)


def _postpone(app: Application, until: dt.datetime) -> Application:
    if app.postponed_until is not None and app.postponed_until >= until:
        return app
    return replace(app, postponed_until=until)


def _bookkeeping(app: Application, facts: MessageFacts, at: dt.datetime) -> Application:
    """Message-IDs, correspondents, company domains, the subject key and the thread our next
    draft answers (what ``followupd.engine.associate`` matches later mail against).

    Company domains come only from inbound human mail (sender, Reply-To) and the recipients of
    the user's own mail: never from an inbound message's To/Cc, which hold the user's own domain.
    """
    if facts.message_id and facts.message_id not in app.message_ids:
        app = replace(app, message_ids=(*app.message_ids, facts.message_id))
    # Machine senders (MAILER-DAEMON, vacation responders) would make association greedy.
    people: tuple[Address, ...] = ()
    if facts.kind in _HUMAN_INBOUND:
        people = (facts.sender, *facts.reply_to)
    elif facts.kind is Kind.OUTBOUND:
        people = (*facts.to, *facts.cc)
    new = tuple(dict.fromkeys(a.email for a in people if a.email and a.email not in app.addresses))
    if new:
        app = replace(app, addresses=(*app.addresses, *new))
    # The From of the user's own mail is the user: a copy to their own domain names no employer.
    own = facts.sender.domain if facts.kind is Kind.OUTBOUND else ""
    domains = tuple(
        dict.fromkeys(
            a.domain
            for a in people
            if is_company_domain(a.domain) and a.domain != own and a.domain not in app.domains
        )
    )
    if domains:
        app = replace(app, domains=(*app.domains, *domains))
    if not app.subject_key and facts.kind in _THREAD_KINDS:
        app = replace(app, subject_key=subject_key(facts.subject))
    if facts.kind in _THREAD_KINDS and facts.message_id:
        app = _thread(app, facts, at)
    if not app.company and facts.company:
        app = replace(app, company=facts.company)
    if not app.position and facts.position:
        app = replace(app, position=facts.position)
    if facts.interviewer is not None and facts.interviewer.email:
        app = replace(app, interviewer=facts.interviewer)
    if facts.recruiter is not None and facts.recruiter.email:
        app = replace(app, recruiter=facts.recruiter)
    if facts.kind in _HUMAN_INBOUND and facts.language:  # drafts may answer in this language
        app = replace(app, language=facts.language)
    return app


def _thread(app: Application, facts: MessageFacts, at: dt.datetime) -> Application:
    old = app.thread
    if old is not None and old.date is not None and old.date > at:
        return app  # an older message synced late: keep answering the newest one
    base = facts.references or (old.references if old else ())
    chain = tuple(dict.fromkeys(r for r in (*base, facts.message_id) if r))
    if len(chain) > _MAX_REFERENCES:
        chain = (chain[0], *chain[-(_MAX_REFERENCES - 1) :])
    ref = ThreadRef(message_id=facts.message_id, references=chain, subject=facts.subject, date=at)
    return replace(app, thread=ref)


def live_state(app: Application, now: dt.datetime) -> AppState:
    """The live state the schedule stands in: SCHEDULED while an interview is ahead, INTERVIEWED
    once one has ended, else WAITING."""
    active = [i for i in app.interviews if not i.cancelled]
    if any(i.end > now for i in active):
        return AppState.SCHEDULED
    if active:
        return AppState.INTERVIEWED
    return AppState.WAITING


def _on_interview(
    app: Application, facts: MessageFacts, at: dt.datetime, now: dt.datetime, reasons: list[Reason]
) -> Application:
    iv = facts.interview
    if iv is None:
        reasons.append(Reason("interview_without_time", "invitation carries no date; recorded"))
        return app
    if not iv.source_message_id:
        iv = replace(iv, source_message_id=facts.message_id)
    interviews, why = _merge_interview(app.interviews, iv, now)
    reasons.append(why)
    if interviews == app.interviews:
        return app
    app = replace(app, interviews=interviews)
    if app.state is AppState.GHOSTED:
        reasons.append(Reason("revived", "a new interview after silence"))
        return replace(app, state=live_state(app, now))
    if app.state is AppState.PAUSED:
        return replace(app, resume_state=live_state(app, now))
    if app.state.is_live:
        return replace(app, state=live_state(app, now))
    reasons.append(Reason("not_revived", f"application is {app.state}"))
    return app


def _merge_interview(
    existing: tuple[Interview, ...], iv: Interview, now: dt.datetime
) -> tuple[tuple[Interview, ...], Reason]:
    """Match ``iv`` to a known interview (update) or add it as a new round.

    Matching: the iCalendar UID (the higher SEQUENCE wins; equal or lower is a duplicate or
    stale); else the same source message or the same start (a repeated confirmation); else,
    without a UID, an interview still ahead is taken to be rescheduled (mail-text reschedules
    carry no UID), and when none is ahead the invitation is a new round.
    """
    when = f"{iv.start.isoformat()}–{iv.end.isoformat()}"
    for n, old in enumerate(existing):
        if iv.calendar_uid and old.calendar_uid == iv.calendar_uid:
            if iv.sequence <= old.sequence:
                stale = f"SEQUENCE {iv.sequence} <= {old.sequence}"
                return existing, Reason("interview_stale", stale)
            return _put(existing, n, iv), Reason("interview_rescheduled", f"UID update, {when}")
    for n, old in enumerate(existing):
        same_source = bool(iv.source_message_id) and old.source_message_id == iv.source_message_id
        if same_source or (old.start == iv.start and not old.cancelled):
            if old == iv:
                return existing, Reason("interview_known", when)
            return _put(existing, n, iv), Reason("interview_updated", when)
    if not iv.calendar_uid:
        ahead = [n for n, old in enumerate(existing) if not old.cancelled and old.end > now]
        if ahead:
            return _put(existing, ahead[-1], iv), Reason("interview_rescheduled", when)
    merged = tuple(sorted((*existing, iv), key=lambda i: i.start))
    return merged, Reason("interview_new_round", when)


def _put(existing: tuple[Interview, ...], n: int, iv: Interview) -> tuple[Interview, ...]:
    return tuple(sorted((*existing[:n], iv, *existing[n + 1 :]), key=lambda i: i.start))


def _on_cancel(
    app: Application, facts: MessageFacts, now: dt.datetime, reasons: list[Reason]
) -> Application:
    iv = facts.interview
    target: int | None = None
    for n, old in enumerate(app.interviews):
        if old.cancelled:
            continue
        if iv is not None and iv.calendar_uid and old.calendar_uid == iv.calendar_uid:
            target = n
            break
        if iv is not None and not iv.calendar_uid and old.start == iv.start:
            target = n
            break
    if target is None and (iv is None or not iv.calendar_uid):
        # "We have to cancel our interview": the next one still ahead.
        ahead = [n for n, old in enumerate(app.interviews) if not old.cancelled and old.end > now]
        target = ahead[0] if ahead else None
    if target is None:
        reasons.append(Reason("cancel_unmatched", "no matching interview to cancel"))
        return app
    old = app.interviews[target]
    reasons.append(Reason("interview_cancelled", old.start.isoformat()))
    app = replace(app, interviews=_put(app.interviews, target, replace(old, cancelled=True)))
    if app.state.is_live:
        app = replace(app, state=live_state(app, now))
    return app


def _on_decision(
    app: Application, facts: MessageFacts, at: dt.datetime, reasons: list[Reason]
) -> Application:
    reasons.append(Reason(str(facts.kind), f"from {facts.sender.email} at {at.isoformat()}"))
    app = _later_inbound(app, at)
    return replace(app, state=AppState.DECIDED, decision=facts.kind, resume_state=None)


def _on_bounce(
    app: Application, facts: MessageFacts, at: dt.datetime, reasons: list[Reason]
) -> Application:
    """A permanent failure (RFC 3463 class 5) marks the address dead (no draft goes to it again)
    and holds a live application until the user names a new one; a transient one (class 4: the
    server keeps trying) is only noted."""
    rcpt, code = facts.bounce_recipient, f" ({facts.bounce_status})" if facts.bounce_status else ""
    if not facts.bounce_permanent or not rcpt:
        how = "failed permanently" if facts.bounce_permanent else "is delayed; the server retries"
        reasons.append(Reason("bounce", f"mail to {rcpt or 'a recipient'} {how}{code}"))
        return app
    reasons.append(Reason("bounce", f"mail to {rcpt} failed permanently{code}: no draft goes there again"))
    if rcpt in app.dead_addresses:
        return app  # known dead: the same bounce again, or the user answered it already
    app = replace(app, dead_addresses=(*app.dead_addresses, rcpt))
    if app.state.is_live and app.held is None:
        hold = bounce_hold(facts, at)
        app = replace(app, held=hold)
        reasons.append(Reason("held", question(app.id, hold)))
    return app
