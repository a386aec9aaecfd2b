"""Unsure decisions, pure: a message that looks like an offer or a rejection, but not surely,
holds its application until the user says what it is (``followupd decide``).

A permanent bounce holds an application too (``bounce_hold``): its recipient's address is dead,
and ``followupd note ID --to NEW-ADDRESS`` (``new_recipient``) answers it.

While held: no new draft, and our untouched drafts are withdrawn (plan). ``status``, ``show``
and the digest ask the question with the exact command to answer it. The user's answer is a
*verdict*: it applies the decision or releases the hold, and is kept as a labelled example.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from followupd.core.model import Address, Application, AppState, Hold, Kind, MessageFacts, Reason

VERDICTS = ("offer", "rejection", "interview", "none")


def hold_from(app: Application, facts: MessageFacts, at: dt.datetime) -> tuple[Application, list[Reason]]:
    """Hold a live application on an unsure decision; anything else leaves it as it is."""
    if facts.unsure is None or not facts.unsure.is_decision or not app.state.is_live:
        return app, []
    hold = Hold(message_id=facts.message_id, kind=facts.unsure,
                confidence=round(facts.unsure_confidence, 4), at=at, subject=facts.subject[:120])
    return replace(app, held=hold), [Reason("held", f"{question(app.id, hold)}")]


def bounce_hold(facts: MessageFacts, at: dt.datetime) -> Hold:
    """Mail to ``facts.bounce_recipient`` failed permanently: hold until a new address is given."""
    return Hold(message_id=facts.message_id, kind=Kind.BOUNCE, confidence=1.0, at=at,
                subject=facts.subject[:120], recipient=facts.bounce_recipient,
                status=facts.bounce_status)


def new_recipient(app: Application, to: Address) -> tuple[Application, Reason]:
    """``followupd note ID --to ADDRESS``: the drafts go to ``to`` from now on (it is no longer
    dead, since the user says it works) and a bounce hold is released."""
    dead = tuple(a for a in app.dead_addresses if a != to.email)
    held = None if app.held is not None and app.held.kind is Kind.BOUNCE else app.held
    released = " (the bounce hold is released)" if held is not app.held else ""
    return (replace(app, send_to=to, dead_addresses=dead, held=held),
            Reason("send_to", f"drafts go to {to}{released}"))


def question(app_id: int, hold: Hold) -> str:
    """The question the user is asked, with the commands that answer it."""
    if hold.kind is Kind.BOUNCE:
        why = f"{hold.status}, permanent" if hold.status else "permanent failure"
        return (f"mail to {hold.recipient} bounced ({why}): give a new address with "
                f"`followupd note {app_id} --to NEW-ADDRESS`, or `followupd stop {app_id}`")
    return (f"looks like {'an' if hold.kind is Kind.OFFER else 'a'} {hold.kind} "
            f"({hold.confidence:.2f}): `followupd decide {app_id} {hold.kind}` or "
            f"`followupd decide {app_id} none`")


def apply_verdict(app: Application, verdict: str, now: dt.datetime) -> tuple[Application, Reason]:
    """The user's word on the held message (or, without a hold, on the application's latest
    state): ``offer``/``rejection`` decide it, ``interview``/``none`` release the hold."""
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}")
    about = app.held.message_id if app.held else ""
    if verdict in ("offer", "rejection"):
        kind = Kind(verdict)
        decided = replace(app, held=None, state=AppState.DECIDED, decision=kind,
                          paused_until=None)
        return decided, Reason("verdict", f"you said {verdict} {about}".strip())
    return replace(app, held=None), Reason("verdict", f"you said {verdict}: not a decision {about}".strip())
