"""Reading the user's notes back (engine/notes.py): from the notes draft they edited and saved in
Drafts, or from the copy in INBOX when they sent it to themselves.

An edited notes draft is read at every Sent sync, before reconcile: its text is parsed, the notes
join the application, and the draft is removed (it is ours, and its work is done) and recorded
as withdrawn. A notes draft the user's client re-saved without our token header is found by its
Message-ID or its subject marker ``[followupd <app>/<round>]`` (``engine.reconcile.resaved``);
its notes are read the same way, but that copy is the client's message, so it stays in Drafts
(the user is told they may delete it), and the notes draft is done: recorded as withdrawn.

A notes mail read in INBOX (``MessageFacts.notes``, found by the subject marker) is applied by
the runner's tracking through ``take_notes`` and never counts as mail to the employer. The
thank-you waits for any of them, as the planner says.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from followupd.app.adoption import untokened
from followupd.core.mailbox_types import OwnDraft, Removal
from followupd.core.model import DraftRecord, DraftStatus, MessageFacts, Reason
from followupd.core.state_types import StoredMessage
from followupd.engine.notes import is_notes, marked, notes_stage, parse_notes, with_notes
from followupd.engine.reconcile import resaved
from followupd.mail.parse import parse
from followupd.ports import Mailbox, StateStore

log = logging.getLogger(__name__)


def read_notes_drafts(mailbox: Mailbox, store: StateStore, drafts_folder: str,
                      now: dt.datetime) -> int:
    """Take the notes out of every notes draft the user edited; how many were read."""
    waiting = {d.token: d for d in store.drafts()
               if is_notes(d.stage) and d.status in (DraftStatus.APPENDED, DraftStatus.EDITED)}
    if not waiting:
        return 0
    found = mailbox.own_drafts(drafts_folder)
    read = _read_own(mailbox, store, drafts_folder, found, waiting, now)
    present = {own.token for own in found}
    missing = [d for d in waiting.values() if d.token not in present]
    if missing:
        copies = resaved(missing, untokened(mailbox, drafts_folder, found))
        read += sum(_read_resaved(mailbox, store, waiting[token], snap.uid, now)
                    for token, snap in copies.items())
    return read


def _read_resaved(mailbox: Mailbox, store: StateStore, record: DraftRecord, uid: int,
                  now: dt.datetime) -> bool:
    """The notes of a notes draft re-saved without our header (at ``uid``); False while it holds
    none yet (then reconcile keeps the draft as edited, and the thank-you still waits)."""
    raw = next((body for _uid, body in mailbox.fetch_full([uid])), b"")
    topics, gifts = parse_notes(parse(raw).new_text)
    if not topics and not gifts:
        return False
    with store.transaction():
        _record(store, record.application_id, topics, gifts, now,
                f"your {record.stage} draft, saved without followupd's header")
        store.set_draft_status(record.id, DraftStatus.WITHDRAWN, now)
        store.add_event(record.application_id, now, f"draft {record.stage} read",
                        (Reason("notes_read", f"its notes are read; your copy (UID {uid}) stays "
                                "in Drafts, yours to delete"),))
        store.add_notice(now, f"your notes for application {record.application_id} are read; "
                         "the notes draft your mail client saved stays in Drafts: delete it "
                         "when you like", record.application_id, key=f"notes-read-{record.stage}")
    return True


def _read_own(mailbox: Mailbox, store: StateStore, drafts_folder: str, found: Sequence[OwnDraft],
              waiting: dict[str, DraftRecord], now: dt.datetime) -> int:
    read = 0
    for own in found:
        record = waiting.get(own.token)
        if record is None:
            continue
        _raw, appended = store.draft_payload(record.id)
        if own.content_hash == appended:
            continue  # untouched: nothing written yet
        raw = next((body for _uid, body in mailbox.fetch_full([own.uid])), b"")
        topics, gifts = parse_notes(parse(raw).new_text)
        with store.transaction():
            _record(store, record.application_id, topics, gifts, now, f"your edited {record.stage} draft")
        removal = mailbox.delete_own_draft(drafts_folder, own.uid, own.token, own.content_hash)
        with store.transaction():
            if removal in (Removal.REMOVED, Removal.GONE):
                store.set_draft_status(record.id, DraftStatus.WITHDRAWN, now)
                store.add_event(record.application_id, now, f"draft {record.stage} withdrawn",
                                (Reason("notes_read", "its notes are read"),))
            else:  # changed again meanwhile, or no UIDPLUS: leave it, reconcile sees it edited
                store.set_draft_status(record.id, DraftStatus.EDITED, now)
        read += 1
    return read


def take_notes(store: StateStore, stored: StoredMessage, now: dt.datetime) -> bool:
    """Apply a notes mail (your notes draft, sent to yourself) read in a folder; False when the
    message is no notes mail of an application we know (then tracking goes on as usual)."""
    facts: MessageFacts = stored.facts
    mark = marked(facts.subject)
    if mark is None:
        return False
    app_id, round_number = mark
    if store.application(app_id) is None:
        return False
    if facts.notes:
        topics, gifts = parse_notes(facts.notes)
        _record(store, app_id, topics, gifts, now, f"your notes mail {facts.message_id}")
        # You sent the notes draft to yourself: its work is done (the thank-you waits no more).
        for draft in store.drafts(application_id=app_id):
            if draft.stage == notes_stage(round_number) and draft.status.is_open:
                store.set_draft_status(draft.id, DraftStatus.SENT, now)
                store.add_event(app_id, now, f"draft {draft.stage} sent",
                                (Reason("notes_read", f"you sent it to yourself: {facts.message_id}"),))
    # Not attached to the application: it is neither their mail nor yours to them. A copy
    # without a body (Sent is read by headers) has no notes; it does nothing.
    return True


def _record(store: StateStore, app_id: int, topics: tuple[str, ...], gifts: tuple[str, ...],
            now: dt.datetime, where: str) -> None:
    app = store.application(app_id)
    if app is None:
        return
    store.save_application(with_notes(app, topics, gifts), now)
    detail = f"from {where}: {len(topics)} topic{'s' * (len(topics) != 1)}, " \
             f"{len(gifts)} gift{'s' * (len(gifts) != 1)}"
    store.add_event(app_id, now, "notes read", (Reason("notes", detail),))
    log.info("application %d: notes read %s", app_id, detail)
