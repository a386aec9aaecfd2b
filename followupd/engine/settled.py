"""The plan for an application that is not following its schedule: paused, finished (decided,
stopped, ghosted) or held (an unsure decision or a bounce waits for the user). Pure; the
planner (``engine.plan``) calls these and speaks the same ``Decision``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from followupd.core.actions import Action, Notify, SetState, WithdrawDraft
from followupd.core.model import Application, DraftStatus, Hold, Reason
from followupd.engine.holds import question
from followupd.engine.lifecycle import resume_target

UNTOUCHED = frozenset({DraftStatus.INTENDED, DraftStatus.APPENDED})


@dataclass(frozen=True)
class Decision:
    actions: tuple[Action, ...]
    stage: str = "none"
    due: dt.datetime | None = None


def held(app: Application, hold: Hold) -> Decision:
    """An unsure decision waits for the user: no new draft, our untouched ones withdrawn."""
    why = Reason("held", question(app.id, hold))
    actions = [WithdrawDraft(app.id, d.id, (why,)) for d in app.drafts if d.status in UNTOUCHED]
    return Decision(tuple(actions), "held", None)


def paused(app: Application, now: dt.datetime) -> Decision:
    if app.paused_until is None:
        return Decision((), "paused", None)
    if app.paused_until > now:
        return Decision((), "resume", app.paused_until)
    target = resume_target(app)
    why = Reason("pause_over", f"paused until {app.paused_until.isoformat()}")
    return Decision((SetState(app.id, target, (why,)),), "resume", app.paused_until)


def finished(app: Application) -> Decision:
    actions: list[Action] = []
    why = Reason(str(app.state), f"decision: {app.decision}" if app.decision else "")
    for d in app.drafts:
        if d.status in UNTOUCHED:
            actions.append(WithdrawDraft(app.id, d.id, (why,)))
        elif d.status is DraftStatus.EDITED:
            text = (
                f"{app_name(app)}: your edited {d.stage} draft was kept in Drafts although the "
                f"application is {app.state}; delete or send it yourself"
            )
            actions.append(Notify(app.id, text, key=f"kept-edited:{d.id}"))
    return Decision(tuple(actions))


def app_name(app: Application) -> str:
    what = " – ".join(x for x in (app.company, app.position) if x)
    return f"application {app.id}" + (f" ({what})" if what else "")
