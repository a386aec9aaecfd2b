"""Corrections from the mail client, pure: a message the user moved or copied into one of the
correction folders (``followupd folders create``) says what followupd got wrong.

    <parent>/Track           start tracking this thread (the detector missed it)
    <parent>/Ignore          stop following this thread (an application that is not one)
    <parent>/Rejection       this message is a rejection: the application is decided
    <parent>/Offer           this message is an offer: the application is decided
    <parent>/Not-a-decision  this message decided (or held) the application wrongly: undo that

``correct`` says what one such message does to the applications; the app layer
(``app.corrections``) reads the folders, carries the result out and keeps the message as a
labelled example. Nothing here touches the mailbox: followupd never moves the user's messages.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace

from followupd.core.model import Application, AppState, Kind, MessageFacts, Policy, Reason
from followupd.engine.associate import associate
from followupd.engine.draftmsg import is_human_address
from followupd.engine.track import live_state, new_application


class Correction(enum.StrEnum):
    TRACK = "track"
    IGNORE = "ignore"
    REJECTION = "rejection"
    OFFER = "offer"
    NOT_A_DECISION = "not-a-decision"

    @property
    def folder_name(self) -> str:
        """The folder's last name part, as `folders create` makes it."""
        return FOLDER_NAMES[self]

    @property
    def label(self) -> str:
        """The label of the example kept for the detector (as `followupd decide` writes)."""
        return {Correction.NOT_A_DECISION: "none"}.get(self, self.value)


FOLDER_NAMES = {
    Correction.TRACK: "Track", Correction.IGNORE: "Ignore", Correction.REJECTION: "Rejection",
    Correction.OFFER: "Offer", Correction.NOT_A_DECISION: "Not-a-decision",
}

# A message you point at is about an application even if it read as something else; what it
# cannot be is a decision or an interview unless it said so.
TRACKABLE = frozenset({Kind.INTERVIEW, Kind.INTERVIEW_CANCELLED, Kind.OFFER, Kind.REJECTION,
                       Kind.REPLY, Kind.OUTBOUND})


def as_tracked(facts: MessageFacts) -> MessageFacts:
    """``facts`` as the first message of an application the user asked for (`followupd track`,
    the Track folder): a REPLY unless it read as a kind that starts or shapes one, and its human
    sender the one to answer."""
    if facts.kind not in TRACKABLE:
        facts = replace(facts, kind=Kind.REPLY)
    if facts.recruiter is None and facts.kind is not Kind.OUTBOUND \
            and is_human_address(facts.sender.email):
        facts = replace(facts, recruiter=facts.sender)  # whoever wrote is who we answer
    return facts


@dataclass(frozen=True)
class Corrected:
    """What one correction does: ``app`` is the application to save (``start``: a new one, to
    be added), or None when nothing changes; ``reason`` says why, for `show` and the log."""

    app: Application | None
    reason: Reason
    start: bool = False


def correct(correction: Correction, facts: MessageFacts, apps: Mapping[int, Application],
            now: dt.datetime, policy: Policy, *, folder: str) -> Corrected:
    """What the message ``facts``, found in the correction folder ``folder``, does to ``apps``."""
    match = associate(facts, apps.values())
    app = apps.get(match.application_id) if match.application_id is not None else None
    said = f"you moved {facts.message_id or 'a message'} to {folder}"
    if correction is Correction.TRACK:
        return _track(facts, app, now, policy, said)
    if app is None:
        if correction is Correction.IGNORE:
            # Nothing tracked yet: keep the thread as a stopped application, so that later mail
            # in it joins that and starts nothing.
            start = new_application(as_tracked(facts), 0, now, policy)
            stopped = replace(start, state=AppState.STOPPED, resume_state=None, held=None)
            return Corrected(stopped, Reason("correction", f"{said}: ignored"), start=True)
        return Corrected(None, Reason("correction", f"{said}: it belongs to no application"))
    if correction is Correction.IGNORE:
        if app.state is AppState.STOPPED:
            return Corrected(None, Reason("correction", f"{said}: already stopped"))
        stopped = replace(app, state=AppState.STOPPED, paused_until=None, held=None,
                          resume_state=app.state if app.state.is_live else app.resume_state)
        return Corrected(stopped, Reason("correction", f"{said}: stopped"))
    if correction in (Correction.REJECTION, Correction.OFFER):
        kind = Kind(correction.value)
        if app.state is AppState.DECIDED and app.decision is kind and app.held is None:
            return Corrected(None, Reason("correction", f"{said}: already decided ({kind})"))
        decided = replace(app, state=AppState.DECIDED, decision=kind, held=None,
                          paused_until=None, resume_state=None)
        return Corrected(decided, Reason("correction", f"{said}: decided ({kind})"))
    return _undecide(app, now, said)


def _track(facts: MessageFacts, app: Application | None, now: dt.datetime, policy: Policy,
           said: str) -> Corrected:
    if app is None:
        start = new_application(as_tracked(facts), 0, now, policy)
        return Corrected(start, Reason("correction", f"{said}: tracking started"), start=True)
    if app.state is AppState.STOPPED:
        target = app.resume_state if app.resume_state and app.resume_state.is_live \
            else live_state(app, now)
        resumed = replace(app, state=target, resume_state=None)
        return Corrected(resumed, Reason("correction", f"{said}: tracking again"))
    return Corrected(None, Reason("correction", f"{said}: already tracked ({app.state})"))


def _undecide(app: Application, now: dt.datetime, said: str) -> Corrected:
    """Not a decision: a decided application goes back to where its schedule stands; a held one
    is released. The message itself stays recorded as what it was read as."""
    if app.state is AppState.DECIDED:
        undone = replace(app, state=live_state(app, now), decision=None, held=None)
        return Corrected(undone, Reason("correction", f"{said}: not a decision; "
                                        f"back to {undone.state}"))
    if app.held is not None:
        return Corrected(replace(app, held=None),
                         Reason("correction", f"{said}: not a decision; hold released"))
    return Corrected(None, Reason("correction", f"{said}: it was not taken as a decision"))
