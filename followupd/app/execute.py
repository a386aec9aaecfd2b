"""Carry out planned actions through the adapters, recording each in the store.

Each action has an ``Outcome`` (done / skipped / failed). The actions themselves live by idea:
``drafting`` (render, crash-safe append, recover), ``withdraw`` (remove our draft), ``records``
(state, draft status, notices); ``adoption`` records drafts of ours found without a record.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import assert_never

from followupd.app.context import Context, Outcome, Skip
from followupd.app.drafting import queue_draft
from followupd.app.records import mark_draft, notify, set_state
from followupd.app.withdraw import withdraw
from followupd.core.actions import Action, MarkDraft, Notify, QueueDraft, SetState, WithdrawDraft
from followupd.core.errors import CommandRefused, FollowupdError

log = logging.getLogger(__name__)


def _apply(ctx: Context, action: Action, now: dt.datetime) -> str | Skip:
    match action:
        case QueueDraft():
            return queue_draft(ctx, action, now)
        case WithdrawDraft():
            return withdraw(ctx, action, now)
        case SetState():
            return set_state(ctx, action, now)
        case MarkDraft():
            return mark_draft(ctx, action, now)
        case Notify():
            return notify(ctx, action, now)
    assert_never(action)


def execute(ctx: Context, actions: list[Action], now: dt.datetime) -> list[Outcome]:
    """Apply ``actions`` in order. One failing action is logged and never blocks the others; a
    lost connection stops the pass (the caller reconnects and plans again)."""
    outcomes: list[Outcome] = []
    for action in actions:
        try:
            done = _apply(ctx, action, now)
        except ConnectionError as exc:
            if not isinstance(exc, CommandRefused):
                raise
            log.error("could not %s: %s", action.describe(), exc)
            outcomes.append(Outcome(action, "failed", str(exc)))
            continue
        except FollowupdError as exc:
            log.error("could not %s: %s", action.describe(), exc)
            outcomes.append(Outcome(action, "failed", exc.message))
            continue
        except Exception as exc:  # a bug must not stop the other applications' actions
            log.exception("could not %s", action.describe())
            outcomes.append(Outcome(action, "failed", f"{type(exc).__name__}: {exc}"))
            continue
        if isinstance(done, Skip):
            outcomes.append(Outcome(action, "skipped", done.why))
        else:
            outcomes.append(Outcome(action, "done", done))
    return outcomes
