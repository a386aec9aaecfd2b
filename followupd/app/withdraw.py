"""Remove one of our untouched drafts from Drafts, or keep it when the user made it theirs.

``mailbox.delete_own_draft`` re-reads the draft and checks token and content hash before it
expunges that one UID; the outcome decides what is recorded.
"""

from __future__ import annotations

import datetime as dt
import logging

from followupd.app.context import Context, Skip, why
from followupd.app.faults import crash_point
from followupd.core.actions import WithdrawDraft
from followupd.core.mailbox_types import Removal
from followupd.core.model import DraftStatus

log = logging.getLogger(__name__)


def withdraw(ctx: Context, action: WithdrawDraft, now: dt.datetime) -> str | Skip:
    draft = next((d for d in ctx.store.drafts(application_id=action.application_id)
                  if d.id == action.draft_id), None)
    if draft is None or draft.status not in (DraftStatus.INTENDED, DraftStatus.APPENDED):
        return Skip("the draft is no longer ours to remove")
    _raw, expected = ctx.store.draft_payload(draft.id)
    uids = ctx.mailbox.find_token(ctx.drafts_folder, draft.token)
    # Not in Drafts any more: a pass syncs Sent and reconciles before it plans, so a draft the
    # user sent is already marked SENT and never reaches here; one deleted (or removed by us
    # just before a crash) is simply recorded as withdrawn.
    outcomes = {ctx.mailbox.delete_own_draft(ctx.drafts_folder, uid, draft.token, expected)
                for uid in uids}
    crash_point("after_withdraw")
    with ctx.store.transaction():
        if Removal.CHANGED in outcomes:  # the user's now; keep it and say so
            ctx.store.set_draft_status(draft.id, DraftStatus.EDITED, now)
            ctx.store.add_notice(now, f"kept your edited {draft.stage} draft though: "
                                 f"{why(action.reasons)}", draft.application_id,
                                 key=f"kept-edited:{draft.id}")
            return "kept: the user edited it"
        if Removal.UNSUPPORTED in outcomes:
            ctx.store.add_notice(now, f"please delete the {draft.stage} draft to "
                                 f"{draft.recipient} yourself: {why(action.reasons)} (the server "
                                 "cannot remove a single message safely)", draft.application_id,
                                 key=f"delete-yourself:{draft.id}")
            return "left in place: server lacks UIDPLUS; the user was told"
        ctx.store.set_draft_status(draft.id, DraftStatus.WITHDRAWN, now)
        ctx.store.add_event(draft.application_id, now, f"draft {draft.stage} withdrawn",
                            action.reasons)
    log.info("withdrew %s draft of application %d %s: %s", draft.stage, draft.application_id,
             draft.message_id, why(action.reasons))
    return "removed from Drafts"
