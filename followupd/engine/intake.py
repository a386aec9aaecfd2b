"""What one newly read message does to the applications: the tracking policy. Pure.

The runner calls ``decide`` for each new message inside the sync transaction and carries the
decision out (store writes, events, notices); every rule about *whether* and *where* a message is
tracked lives here:

* only kinds that change an application are tracked (``TRACKED``); the user's own copy of our
  draft in Sent is their own mail (OUTBOUND);
* a new interview from a company whose earlier application was decided or stopped starts a new
  application, unless it answers in that very thread;
* only an interview starts an application (``associate.should_start_application``), never one
  from the user's own organisation (a colleague's meeting is not a job interview; ``followupd
  track`` can still add an internal move), and not one that ended more than
  ``track_history_days`` before we read it (the backfill guard: the first sync of a years-old
  mailbox; ``followupd track`` can still add it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from followupd.core.model import Application, AppState, Kind, MessageFacts, Reason
from followupd.engine.associate import associate, should_start_application
from followupd.engine.holds import question
from followupd.mail.personal import from_own_organisation

# Kinds that change an application; the rest is recorded but has no effect.
TRACKED = frozenset({
    Kind.INTERVIEW, Kind.INTERVIEW_CANCELLED, Kind.OFFER, Kind.REJECTION, Kind.REPLY,
    Kind.RESCHEDULE, Kind.ON_HOLD, Kind.AUTO_REPLY, Kind.BOUNCE, Kind.OUTBOUND,
})


def may_track(kind: Kind) -> bool:
    """Whether a message of ``kind`` can change an application at all (before association)."""
    return kind in TRACKED or kind is Kind.OUR_DRAFT


@dataclass(frozen=True)
class Intake:
    """Apply ``facts`` to ``application_id``; or start a new application (``start``); or
    neither (``ignored`` says why when the backfill guard held it back)."""

    facts: MessageFacts
    application_id: int | None = None
    start: bool = False
    reasons: tuple[Reason, ...] = ()  # why it belongs to the application (association)
    ignored: str = ""


def decide(
    facts: MessageFacts, apps: Mapping[int, Application], *, from_sent: bool, now: dt.datetime,
    track_history_days: int, own_addresses: Collection[str] = (),
) -> Intake:
    """Where the new message ``facts`` goes (``from_sent``: it was read in the Sent folder;
    ``own_addresses``: the user's, whose company domain is their own organisation)."""
    if facts.kind is Kind.OUR_DRAFT and from_sent:
        # The user sent our draft and their client kept our header: it is their own mail.
        facts = replace(facts, kind=Kind.OUTBOUND)
    if facts.kind not in TRACKED:
        return Intake(facts)
    match = associate(facts, apps.values())
    app_id = match.application_id
    if app_id is not None and not starts_anew(facts, apps[app_id], match.reasons):
        return Intake(facts, app_id, reasons=match.reasons)
    if not should_start_application(facts):  # (it logs a decision nobody asked about)
        return Intake(facts)
    if from_own_organisation(facts.sender.email, own_addresses):
        return Intake(facts, ignored=f"{facts.sender.email} is from your own organisation: a "
                      "colleague's meeting, not a job interview")
    old = too_old(facts, now, track_history_days)
    if old:
        return Intake(facts, ignored=old)
    return Intake(facts, start=True, reasons=(
        Reason("new", f"{facts.kind} from {facts.sender.email}"), *facts.reasons))


def starts_anew(facts: MessageFacts, app: Application, why: tuple[Reason, ...]) -> bool:
    """A new interview from a recruiter or company whose earlier application was decided or
    stopped is a new application, unless it answers in that very thread."""
    in_thread = any(r.rule == "thread" for r in why)
    return (facts.kind is Kind.INTERVIEW and not in_thread
            and app.state in (AppState.DECIDED, AppState.STOPPED))


def too_old(facts: MessageFacts, now: dt.datetime, track_history_days: int) -> str:
    """Backfill guard: why an interview that ended long before followupd saw its invitation is
    not tracked, or "" when it is recent enough."""
    moment = facts.interview.end if facts.interview else facts.date
    if moment is None or now - moment <= dt.timedelta(days=track_history_days):
        return ""
    return f"its interview was on {moment.date()}, more than {track_history_days} days ago"


def notice_for(facts: MessageFacts, app: Application) -> str:
    """The digest line a tracked message deserves ("" for none): decisions and bounces."""
    if facts.kind.is_decision:
        return f"{app.company or 'an employer'}: {facts.kind} ({facts.subject[:80]})"
    if app.held is not None and app.held.message_id == facts.message_id:
        return f"{app.company or 'an employer'}: {question(app.id, app.held)} ({facts.subject[:80]})"
    if facts.kind is Kind.BOUNCE:
        rcpt = facts.bounce_recipient or "?"
        code = f" ({facts.bounce_status})" if facts.bounce_status else ""
        if not facts.bounce_permanent:
            return (f"{app.company or 'an employer'}: a mail to {rcpt} is delayed{code}; the "
                    "mail server keeps trying, nothing to do yet")
        return (f"{app.company or 'an employer'}: a mail to {rcpt} bounced{code}; no draft goes "
                f"to it again: `followupd note {app.id} --to NEW-ADDRESS` names a new one")
    return ""
