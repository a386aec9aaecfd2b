"""Incremental, read-only sync of one folder into the store.

Fetch only UIDs above the stored cursor; headers first; a header triage (``HeaderTriage``, for
INBOX: ``followupd.mail.triage``) records messages with no job signal from their headers alone
(a personal mail, from the first bytes of its body too: ``app.peek``);
full bodies only for the other candidates under the size cap; understand those (pure), hand new
messages to ``on_new`` (association and tracking),
and commit messages, their effects and the cursor in one transaction per batch, so a crash loses at
most one batch of work and never records a message twice. A UIDVALIDITY change rescans the folder;
messages already known by Message-ID are re-pointed to their new UID, not recorded again.

The first sync of a folder (and a rescan) reads only the recent window: from the oldest message
that arrived ``since`` (``UID SEARCH SINCE``) upwards. The UIDs below it are older mail, left to
the backfill (``app.backfill``); the cursor says where it stands (``Cursor.backfill_below``).
"""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import heapq
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from followupd.adapters.imap.mailbox import FETCH_BATCH
from followupd.app.faults import crash_point
from followupd.app.peek import Peek, settle_peeks
from followupd.core.mailbox_types import Header
from followupd.core.model import MessageFacts
from followupd.core.state_types import Cursor, StoredMessage
from followupd.ports import Mailbox, StateStore

log = logging.getLogger(__name__)

Understand = Callable[[bytes], MessageFacts]
OnNew = Callable[[StoredMessage], None]
Progress = Callable[[str, int, int], None]  # folder, done, total


class HeaderTriage(Protocol):
    """Decides from a header block alone: the facts to record of a message that needs no full
    reading, None for a candidate (body fetched, ``understand`` run), or a ``Peek`` (judge the
    first bytes of its body first, ``app.peek``). ``version`` changes whenever what it decides on
    changes (an application was started or changed)."""

    version: int

    def __call__(self, header: bytes) -> MessageFacts | Peek | None: ...


@dataclass
class SyncReport:
    folder: str
    uidvalidity: int = 0
    examined: int = 0  # messages fetched from the server
    recorded: int = 0  # new messages stored
    bodies: int = 0  # full bodies fetched
    peeked: int = 0  # bodies of which only the first bytes were fetched (app.peek)
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
    mailbox: Mailbox,
    store: StateStore,
    folder: str,
    *,
    understand: Understand,
    now: dt.datetime,
    want_bodies: bool,
    max_body_bytes: int,
    on_new: OnNew | None = None,
    progress: Progress | None = None,
    triage: HeaderTriage | None = None,
    since: dt.date | None = None,
) -> SyncReport:
    """Read what is new in ``folder``; on a first sync (or a rescan) only what arrived ``since``
    (None: everything)."""
    cursor = store.cursor(folder)
    # Cheap check first: the folder still open from the last sync answers with NOOP + UID SEARCH
    # above the cursor. Otherwise EXAMINE below, which leaves it open for next time (STATUS was
    # tried: Dovecot answers it as slowly as EXAMINE on a session that has listed folders, and
    # it would close the folder again).
    if cursor is not None and mailbox.anything_above(
            folder, cursor.uidvalidity, cursor.last_uid) is False:
        return SyncReport(folder, uidvalidity=cursor.uidvalidity)
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
    if cursor is None or report.rescanned:
        uids, backfill_below = first_window(mailbox, since, status.uidnext)
    else:
        uids, backfill_below = mailbox.uids_above(last_uid), cursor.backfill_below
    uidvalidity, highestmodseq = status.uidvalidity, status.highestmodseq

    def cursor_at(last_done: int) -> Cursor:
        return Cursor(folder, uidvalidity, last_done, highestmodseq, backfill_below)

    total = len(uids)
    if total:
        log.info("%s: %d new message%s to read", folder, total, "s" * (total != 1))
    start = 0
    while start < total:
        batch = uids[start : start + FETCH_BATCH]
        done = read_batch(mailbox, store, folder, batch, report, cursor_at=cursor_at,
                          understand=understand, triage=triage, now=now, want_bodies=want_bodies,
                          max_body_bytes=max_body_bytes, on_new=on_new)
        start += done
        crash_point("mid_sync")
        if progress is not None:
            progress(folder, start, total)
    if (cursor is None and not total) or (report.rescanned and not total):
        with store.transaction():  # nothing recent: the cursor stands below the first new UID
            store.set_cursor(cursor_at(max(0, backfill_below - 1)))
    return report


def first_window(mailbox: Mailbox, since: dt.date | None, uidnext: int) -> tuple[list[int], int]:
    """A first sync's UIDs (the open folder): every UID from the oldest one that arrived
    ``since`` upwards (UIDs grow with arrival, so this is the recent window, plus the odd older
    message appended later), and the UID below which older mail is left to the backfill (0: none
    is). ``since`` None: every UID, nothing left."""
    if since is None:
        return mailbox.uids_above(0), 0
    recent = mailbox.uids_since(since)
    if recent:
        return mailbox.uids_above(recent[0] - 1), recent[0] if recent[0] > 1 else 0
    if uidnext:
        return [], uidnext if uidnext > 1 else 0
    everything = mailbox.uids_above(0)
    return [], everything[-1] + 1 if everything else 0


def read_batch(
    mailbox: Mailbox, store: StateStore, folder: str, batch: list[int], report: SyncReport, *,
    cursor_at: Callable[[int], Cursor], understand: Understand, triage: HeaderTriage | None,
    now: dt.datetime, want_bodies: bool, max_body_bytes: int, on_new: OnNew | None,
) -> int:
    """Read, record and track one batch; return how many of its UIDs are done (the cursor moved
    past them). Fewer than all when triage, asked again after an application changed, now wants
    a message it had let pass: the rest of the batch is read again by the caller."""
    heads = list(mailbox.fetch_headers(batch))
    # Triage: messages with no job signal in their headers are recorded from the headers alone.
    plain: dict[int, MessageFacts] = {}
    version = triage.version if triage is not None else 0
    if triage is not None:
        plain, peeked = settle_peeks(mailbox, {head.uid: triage(head.header) for head in heads})
        report.peeked += peeked
    wanted = [h.uid for h in heads if h.uid not in plain and needs_body(
        h, max_body_bytes=max_body_bytes, want_bodies=want_bodies)]
    # Over the cap (an offer with a PDF, say): read only its first max_body_bytes, where the text
    # parts are in practice (attachments come after them), never the whole message.
    over = [h.uid for h in heads if want_bodies and h.uid not in plain and h.size > max_body_bytes]
    for uid in over:
        log.info("%s uid %d: over imap.max_body_bytes (%d); reading only its first %d bytes",
                 folder, uid, max_body_bytes, max_body_bytes)
    # Bodies stream in small FETCH batches and are dropped once understood: memory holds a few
    # messages, not a whole batch of 500.
    bodies = heapq.merge(mailbox.fetch_full(wanted) if wanted else iter(()),
                         mailbox.fetch_start(over, max_body_bytes) if over else iter(()),
                         key=lambda item: item[0])
    pending = next(bodies, None)
    understood: list[tuple[Header, MessageFacts, bool]] = []  # head, facts, read in full
    for head in heads:
        if head.uid in plain:
            understood.append((head, plain[head.uid], False))
            continue
        raw = head.header
        while pending is not None and pending[0] < head.uid:
            pending = next(bodies, None)
        if pending is not None and pending[0] == head.uid:
            raw, pending = pending[1], next(bodies, None)
            report.bodies += 1
        try:
            understood.append((head, understand(raw), True))
        except Exception:  # a bug in the reader must not stop the loop; the mail is kept
            log.exception("%s uid %d: could not be read; skipped", folder, head.uid)
            report.skipped += 1
    last_done = batch[-1]
    with store.transaction():
        for index, (head, facts, read_in_full) in enumerate(understood):
            if (index and triage is not None and not read_in_full and triage.version != version
                    and triage(head.header) is None):
                # An earlier message of this batch started or changed an application that this
                # one belongs to: stop here; the caller reads it again, in full.
                last_done = head.uid - 1
                break
            _record(store, folder, cursor_at(0).uidvalidity, head.uid, facts, report, now, on_new)
        store.set_cursor(cursor_at(last_done))
    done = sum(1 for uid in batch if uid <= last_done)
    report.examined += sum(1 for head in heads if head.uid <= last_done)
    return done


def _record(store: StateStore, folder: str, uidvalidity: int, uid: int, facts: MessageFacts,
            report: SyncReport, now: dt.datetime, on_new: OnNew | None) -> None:
    stored, is_new = store.record_message(folder, uidvalidity, uid, facts, None, now)
    if not is_new:
        return
    report.recorded += 1
    if len(report.new_message_ids) < 1000:
        report.new_message_ids.append(facts.message_id)
    if on_new is None:
        return
    try:
        with store.savepoint():
            on_new(stored)
    except Exception:  # one bad message or application never blocks the others
        log.exception("%s uid %d: tracking failed; message recorded, effects skipped", folder, uid)
        report.skipped += 1
