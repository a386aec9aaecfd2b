"""Pausing and resuming an application: where a resume goes, what it clears. Pure.

Used by the planner (a pause that is over), ``execute`` (a SetState out of PAUSED), and the CLI
(``resume``, and ``preview`` of a paused application's next draft).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from followupd.core.model import Application, AppState


def resume_target(app: Application) -> AppState:
    """The state a paused or stopped application resumes into: the live state it had (kept in
    ``resume_state``), else WAITING; the planner derives scheduled/interviewed/waiting next."""
    return app.resume_state if app.resume_state and app.resume_state.is_live else AppState.WAITING


def resumed(app: Application, state: AppState | None = None) -> Application:
    """``app`` out of its pause: in ``state`` (default: ``resume_target``), the pause cleared."""
    target = resume_target(app) if state is None else state
    return replace(app, state=target, paused_until=None, resume_state=None)


def user_holds(app: Application, now: dt.datetime) -> bool:
    """Stopped, or paused and not yet due to resume: the user said so (maybe after the plan was
    made, with `followupd stop/pause` while the daemon ran); their word wins over a planned state."""
    if app.state is AppState.STOPPED:
        return True
    return app.state is AppState.PAUSED and (app.paused_until is None or app.paused_until > now)
