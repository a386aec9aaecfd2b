"""Actions that only write the state: a new application state, a draft's status, a notice."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace

from followupd.app.context import Context, Skip, why
from followupd.core.actions import MarkDraft, Notify, SetState
from followupd.core.model import AppState
from followupd.engine.contact import followups_sent
from followupd.engine.lifecycle import resumed, user_holds

log = logging.getLogger(__name__)


def set_state(ctx: Context, action: SetState, now: dt.datetime) -> str | Skip:
    with ctx.store.transaction():  # read inside: `followupd pause/stop/note` may have just written
        app = ctx.store.application(action.application_id)
        if app is None or app.state is action.state:
            return Skip("already in that state")
        if user_holds(app, now):
            return Skip(f"the user has {app.state} it")
        changed = resumed(app, action.state) if app.state is AppState.PAUSED \
            else replace(app, state=action.state)
        ctx.store.save_application(changed, now)
        ctx.store.add_event(app.id, now, f"{app.state} -> {action.state}", action.reasons)
        if action.state is AppState.GHOSTED:
            sent = followups_sent(app)
            ctx.store.add_notice(now, f"{app.company}: no answer after {sent} follow-up"
                                 f"{'s' * (sent != 1)}; followupd stopped (ghosted)", app.id)
    log.info("application %d (%s): %s -> %s: %s", app.id, app.company, app.state, action.state,
             why(action.reasons))
    return ""


def mark_draft(ctx: Context, action: MarkDraft, now: dt.datetime) -> str:
    draft = next((d for d in ctx.store.drafts(application_id=action.application_id)
                  if d.id == action.draft_id), None)
    if draft is None:
        return ""
    with ctx.store.transaction():
        if draft.status is not action.status:
            ctx.store.set_draft_status(draft.id, action.status, action.at)
            ctx.store.add_event(draft.application_id, now, f"draft {draft.stage} {action.status}",
                                action.reasons)
            log.info("draft %s of application %d %s: %s", draft.stage, draft.application_id,
                     action.status, why(action.reasons))
        ctx.store.set_draft_missing_since(draft.id, action.missing_since)
    return ""


def notify(ctx: Context, action: Notify, now: dt.datetime) -> str:
    with ctx.store.transaction():
        if ctx.store.add_notice(now, action.text, action.application_id, key=action.key):
            log.info("notice: %s", action.text)
    return ""
