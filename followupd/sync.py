"""Incremental, read-only sync of one folder into the store.

Fetch only UIDs above the stored cursor; headers first, full bodies only for candidates under the
size cap; understand each message (pure), hand new ones to ``on_new`` (association and tracking),
and commit messages, their effects and the cursor in one transaction per batch, so a crash loses at
most one batch of work and never records a message twice. A UIDVALIDITY change rescans the folder;
messages already known by Message-ID are re-pointed to their new UID, not recorded again.
"""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from followupd.faults import crash_point
from followupd.mailbox import FETCH_BATCH, Header, ImapMailbox
from followupd.model import MessageFacts
from followupd.store import Cursor, Store, StoredMessage

log = logging.getLogger(__name__)

Understand = Callable[[bytes], MessageFacts]
OnNew = Callable[[StoredMessage], None]
Progress = Callable[[str, int, int], None]  # folder, done, total


@dataclass
class SyncReport:
    folder: str
    uidvalidity: int = 0
    examined: int = 0  # messages fetched from the server
    recorded: int = 0  # new messages stored
    bodies: int = 0  # full bodies fetched
    skipped: int = 0  # messages that could not be understood (logged)
    rescanned: bool = False
    # The first new Message-IDs, for logs and tests; bounded so a 100k first sync stays small.
    new_message_ids: list[str] = field(default_factory=list)


_HEADER_PARSER = email.parser.BytesHeaderParser(policy=email.policy.compat32)


def needs_body(head: Header, *, max_body_bytes: int, want_bodies: bool) -> bool:
    """Whether a message's full text is worth fetching: only under the size cap, and not for
    mailing-list traffic (List-Id with Precedence bulk/list, RFC 2919 / RFC 3834 section 2)."""
    if not want_bodies or head.size > max_body_bytes:
        return False
    headers = _HEADER_PARSER.parsebytes(head.header)
    precedence = str(headers.get("Precedence", "")).strip().lower()
    return not (headers.get("List-Id") and precedence in ("bulk", "list", "junk"))


def sync_folder(
    mailbox: ImapMailbox,
    store: Store,
    folder: str,
    *,
    understand: Understand,
    now: dt.datetime,
    want_bodies: bool,
    max_body_bytes: int,
    on_new: OnNew | None = None,
    progress: Progress | None = None,
) -> SyncReport:
    cursor = store.cursor(folder)
    if cursor is not None:
        # Cheap check first: STATUS costs the same at 1k and 100k messages, EXAMINE does not.
        quick = mailbox.status(folder)
        if (quick.uidvalidity == cursor.uidvalidity and quick.uidnext
                and quick.uidnext <= cursor.last_uid + 1):
            return SyncReport(folder, uidvalidity=quick.uidvalidity)
    status = mailbox.examine(folder)
    report = SyncReport(folder, uidvalidity=status.uidvalidity)
    last_uid = 0
    if cursor is not None:
        if cursor.uidvalidity == status.uidvalidity:
            last_uid = cursor.last_uid
        else:
            log.warning(
                "%s: UIDVALIDITY changed (%d -> %d); rescanning, known messages are matched by "
                "Message-ID and not recorded again", folder, cursor.uidvalidity, status.uidvalidity,
            )
            report.rescanned = True
    if cursor is not None and not report.rescanned and status.uidnext and status.uidnext <= last_uid + 1:
        return report  # nothing new: no UID SEARCH needed
    uids = mailbox.uids_above(last_uid)
    total = len(uids)
    if total:
        log.info("%s: %d new message%s to read", folder, total, "s" * (total != 1))
    for start in range(0, total, FETCH_BATCH):
        batch = uids[start : start + FETCH_BATCH]
        heads = list(mailbox.fetch_headers(batch))
        wanted = [h.uid for h in heads if needs_body(h, max_body_bytes=max_body_bytes,
                                                     want_bodies=want_bodies)]
        for head in heads:
            if want_bodies and head.size > max_body_bytes:
                log.info("%s uid %d: %d bytes, over imap.max_body_bytes (%d); read by its headers "
                         "only", folder, head.uid, head.size, max_body_bytes)
        # Bodies stream in small FETCH batches and are dropped once understood: memory holds a
        # few messages, not a whole batch of 500.
        bodies = iter(mailbox.fetch_full(wanted)) if wanted else iter(())
        pending = next(bodies, None)
        understood: list[tuple[int, MessageFacts]] = []
        for head in heads:
            raw = head.header
            while pending is not None and pending[0] < head.uid:
                pending = next(bodies, None)
            if pending is not None and pending[0] == head.uid:
                raw, pending = pending[1], next(bodies, None)
                report.bodies += 1
            try:
                understood.append((head.uid, understand(raw)))
            except Exception:  # a bug in the reader must not stop the loop; the mail is kept
                log.exception("%s uid %d: could not be read; skipped", folder, head.uid)
                report.skipped += 1
        with store.transaction():
            for uid, facts in understood:
                stored, is_new = store.record_message(folder, status.uidvalidity, uid, facts, None, now)
                if not is_new:
                    continue
                report.recorded += 1
                if len(report.new_message_ids) < 1000:
                    report.new_message_ids.append(facts.message_id)
                if on_new is None:
                    continue
                try:
                    with store.savepoint():
                        on_new(stored)
                except Exception:  # one bad message or application never blocks the others
                    log.exception("%s uid %d: tracking failed; message recorded, effects skipped",
                                  folder, uid)
                    report.skipped += 1
            store.set_cursor(Cursor(folder, status.uidvalidity, batch[-1], status.highestmodseq))
        report.examined += len(heads)
        crash_point("mid_sync")
        if progress is not None:
            progress(folder, min(start + FETCH_BATCH, total), total)
    if (cursor is None and not total) or (report.rescanned and not total):
        with store.transaction():
            store.set_cursor(Cursor(folder, status.uidvalidity, 0, status.highestmodseq))
    return report
