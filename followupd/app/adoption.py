"""Our drafts found in Drafts without what identifies them: without a record (state file lost or
moved aside: adopted), or without our header (re-saved by a client: ``resaved_copies``).

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
from followupd.core.model import DraftRecord, DraftStatus, MessageEnvelope
from followupd.engine import adopt
from followupd.engine.reconcile import DraftSnapshot, resaved
from followupd.mail.parse import read_envelope
from followupd.ports import Mailbox

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


def resaved_copies(ctx: Context, found: Sequence[OwnDraft], drafts: Sequence[DraftRecord]
                   ) -> dict[str, DraftSnapshot]:
    """Copies of our appended or edited drafts whose token is gone from Drafts, found by their
    headers (``engine.reconcile.resaved``): many clients drop unknown headers when they re-save a
    draft. Reads the header block of every other message in Drafts, only when a token is missing."""
    present = {own.token for own in found}
    missing = [d for d in drafts if d.token not in present
               and d.status in (DraftStatus.APPENDED, DraftStatus.EDITED)]
    if not missing:
        return {}
    copies = resaved(missing, untokened(ctx.mailbox, ctx.drafts_folder, found))
    for token, snap in copies.items():
        log.info("draft %s found re-saved without our header at uid %d", token, snap.uid)
    return copies


def untokened(mailbox: Mailbox, folder: str, found: Sequence[OwnDraft]
              ) -> list[tuple[int, MessageEnvelope]]:
    """(UID, envelope) of every message in ``folder`` that is not one of ``found`` (ours, with
    our token), read from the header blocks; deleted and unreadable ones left out."""
    ours = {own.uid for own in found}
    mailbox.examine(folder)
    others = [uid for uid in mailbox.uids_above(0) if uid not in ours]
    envelopes: list[tuple[int, MessageEnvelope]] = []
    for head in mailbox.fetch_headers(others):
        if b"\\Deleted" in head.flags:
            continue
        try:
            envelopes.append((head.uid, read_envelope(head.header)))
        except Exception:  # noqa: BLE001 - a broken draft of the user's is simply not ours
            log.debug("unreadable header block at uid %d in %s", head.uid, folder)
    return envelopes
