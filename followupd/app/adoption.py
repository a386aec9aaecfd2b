"""Adopt our drafts found in Drafts without a record (state file lost or moved aside).

Which application a found draft belongs to is decided in ``engine.adopt``; here it is recorded,
as EDITED and without trusted bytes, so it blocks a second draft for its stage and is never
withdrawn or expunged automatically.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Sequence

from followupd.app.context import Context
from followupd.core.mailbox_types import OwnDraft
from followupd.core.model import DraftStatus
from followupd.engine import adopt

log = logging.getLogger(__name__)


def adopt_orphans(ctx: Context, found: Sequence[OwnDraft], now: dt.datetime) -> int:
    """Record our drafts in Drafts that the store does not know, so their stages are not drafted
    again. Returns how many were adopted."""
    orphans = [own for own in found if ctx.store.draft_by_token(own.token) is None]
    if not orphans:
        return 0
    apps = ctx.store.applications()
    uidvalidity = ctx.mailbox.examine(ctx.drafts_folder).uidvalidity
    adopted = 0
    for own in orphans:
        facts = adopt.read_found(own.header)
        fit = adopt.match(facts, apps) if facts is not None else None
        if facts is None or fit is None:
            log.warning("draft uid %d in %s carries our token but matches no application; "
                        "leaving it alone", own.uid, ctx.drafts_folder)
            continue
        app, why = fit
        record = adopt.adopted_record(facts, app, uid=own.uid, uidvalidity=uidvalidity,
                                      folder=ctx.drafts_folder, now=now)
        try:
            with ctx.store.transaction():
                # No trusted bytes (raw b"", hash ""): it is never withdrawn automatically.
                draft = ctx.store.add_draft_intent(record, raw=b"", content_hash="")
                ctx.store.set_draft_appended(draft.id, own.uid, uidvalidity)
                ctx.store.set_draft_status(draft.id, DraftStatus.EDITED, now)
                ctx.store.add_event(app.id, now, f"draft {record.stage} adopted from "
                                    f"{ctx.drafts_folder} (state rebuilt); treated as yours", (why,))
        except sqlite3.IntegrityError:
            log.warning("draft uid %d (%s) duplicates a stage of application %d already on "
                        "record; leaving it alone", own.uid, record.stage, app.id)
            continue
        log.info("adopted our %s draft uid %d for application %d (%s)", record.stage, own.uid,
                 app.id, app.company)
        adopted += 1
    return adopted
