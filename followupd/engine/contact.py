"""When a message happened, the last contact in each direction, and how many follow-ups were
sent. Pure; one rule each, shared by tracking, the planner's bookkeeping and ``status``/``show``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from followupd.core.model import Application, DraftStatus, Kind, MessageFacts
from followupd.engine.stages import is_follow_up, is_notes_stage

# Messages from them that count as contact (not auto-replies, bounces or newsletters).
CONTACT_KINDS = frozenset({Kind.INTERVIEW, Kind.INTERVIEW_CANCELLED, Kind.OFFER, Kind.REJECTION,
                           Kind.REPLY})
# The user's own mail: in Sent, including our drafts they sent.
OWN_KINDS = frozenset({Kind.OUTBOUND, Kind.OUR_DRAFT})


def message_time(facts: MessageFacts, seen_at: dt.datetime) -> dt.datetime:
    """The message's own time: its Date, but never later than when it was read (a Date in the
    future, a bad clock or a forgery, must not push the schedule forward); without an aware
    Date, when it was read."""
    if facts.date is None or facts.date.tzinfo is None:
        return seen_at
    return min(facts.date, seen_at)


def followups_sent(app: Application) -> int:
    """Follow-up drafts of ours that the user sent (seen in Sent)."""
    return sum(1 for d in app.drafts if is_follow_up(d.stage) and d.status is DraftStatus.SENT)


def last_contacts(
    app: Application, messages: Iterable[tuple[MessageFacts, dt.datetime]] = ()
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(their last message, your last message) for ``app`` and its ``messages`` given as
    (facts, seen_at). Theirs: a human message about the application (not an auto-reply). Yours:
    a message in Sent, including our drafts you sent."""
    inbound = [t for t in (app.last_inbound_at,) if t is not None]
    outbound = [t for t in (app.last_outbound_at,) if t is not None]
    for facts, seen_at in messages:
        at = message_time(facts, seen_at)
        if facts.kind in CONTACT_KINDS:
            inbound.append(at)
        elif facts.kind in OWN_KINDS:
            outbound.append(at)
    outbound += [d.status_at for d in app.drafts
                 if d.status is DraftStatus.SENT and d.status_at and not is_notes_stage(d.stage)]
    return max(inbound, default=None), max(outbound, default=None)
