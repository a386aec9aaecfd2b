"""The backfill: a folder's older mail, read after the first sync has answered.

A first sync reads only the recent window (``app.sync.first_window``): interviews older than
``schedule.track_history_days`` are not followed anyway. The older mail is read here afterwards,
newest first, one batch per step, and recorded from their headers (threads and history: what
triage records of the mail it lets pass) without starting or changing applications:
``engine.intake``'s backfill guard would hold them back, an old message applied after newer ones
must not move a live application, and no body is fetched (100k messages in minutes, not an hour).
`followupd track` can still start an application from one of them.

Each batch commits its messages and the cursor's ``backfill_below`` together, so an interrupted
backfill (a crash, a stop, a lost connection) resumes where it stood. ``sync.backfill = false``
skips it: the older mail is never read. `once` runs it to the end after its pass; the daemon runs
one step at a time between its jobs (``Backfill.step``), so IDLE and the schedule come first.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from followupd.app.faults import crash_point
from followupd.app.sync import Progress, SyncReport, read_batch
from followupd.core.errors import ServerError
from followupd.core.model import MessageFacts, Reason
from followupd.core.state_types import Cursor
from followupd.mail.parse import read_envelope
from followupd.mail.triage import header_facts
from followupd.ports import StateStore

if TYPE_CHECKING:
    from followupd.app.runner import Runner

log = logging.getLogger(__name__)

STEP = 200  # messages per daemon step: a second or so, between IDLE and scheduled jobs
MARGIN_DAYS = 30  # the window reaches this far past track_history_days (invitations come early)
BACKFILLED = Reason("backfill", "older than the first sync's window: recorded from its headers")


def window_start(now: dt.datetime, track_history_days: int) -> dt.date:
    """The first day a first sync reads (the pass's ``now``, never the wall clock)."""
    return (now - dt.timedelta(days=track_history_days + MARGIN_DAYS)).date()


@dataclass
class _Pending:
    uidvalidity: int
    uids: list[int]  # still to read, ascending; read from the end
    total: int


class Backfill:
    """The older mail of the Runner's INBOX and Sent, read newest first."""

    def __init__(self, runner: Runner, progress: Progress | None = None) -> None:
        self.runner = runner
        self.progress = progress
        self._pending: dict[str, _Pending] = {}
        self._done: set[str] = set()  # folders with nothing (left) to read in this session
        self.examined = self.bodies = 0  # messages read and bodies fetched, for logs and bench

    def _folders(self) -> list[tuple[str, bool]]:
        folders = self.runner.folders
        return [(folders.inbox, True), (folders.sent, False)]

    def pending(self) -> bool:
        """Whether there may be older mail left to read (cheap: no server round-trip)."""
        if not self.runner.cfg.backfill:
            return False
        return any(folder not in self._done for folder, _ in self._folders())

    def step(self, now: dt.datetime, limit: int = STEP) -> None:
        """Read up to ``limit`` older messages of the first folder that has some (folders found
        to have none are passed over in the same step)."""
        if not self.pending():
            return
        for folder, bodies in self._folders():
            if folder in self._done:
                continue
            try:
                if self._step(folder, bodies, now, limit):
                    return
            except ServerError:
                raise  # the daemon reconnects; a new Backfill resumes from the cursor
            except Exception:
                self._done.add(folder)  # a bug: not again in this session (logged above)
                raise

    def run(self, now: dt.datetime) -> None:
        """Read all the older mail (`once`), with progress."""
        while self.pending():
            self.step(now, limit=500)

    def _load(self, folder: str) -> _Pending | None:
        store, mailbox = self.runner.store, self.runner.mailbox
        cursor = store.cursor(folder)
        if cursor is None or cursor.backfill_below <= 1:
            return None
        status = mailbox.examine(folder)
        if status.uidvalidity != cursor.uidvalidity:
            return None  # renumbered: the next sync rescans it and sets a new backfill position
        uids = mailbox.uids_below(cursor.backfill_below)
        if not uids:
            with store.transaction():
                _finish(store, cursor)
            return None
        log.info("%s: reading %d older message%s in the background", folder, len(uids),
                 "s" * (len(uids) != 1))
        return _Pending(cursor.uidvalidity, uids, len(uids))

    def _step(self, folder: str, bodies: bool, now: dt.datetime, limit: int) -> bool:
        """One batch of ``folder``; False when it had nothing (left) to read."""
        pending = self._pending.get(folder)
        if pending is None:
            pending = self._load(folder)
            if pending is None:
                self._done.add(folder)
                return False
            self._pending[folder] = pending
        else:
            self.runner.mailbox.examine(folder)  # the daemon's syncs may have opened another
        store = self.runner.store
        cursor = store.cursor(folder)
        if cursor is None or cursor.uidvalidity != pending.uidvalidity:
            self._pending.pop(folder)  # rescanned meanwhile: start again from the new cursor
            return True
        batch = pending.uids[-limit:]
        report = SyncReport(folder, uidvalidity=pending.uidvalidity)

        def cursor_at(_last_done: int) -> Cursor:
            # Read back inside the transaction: the INBOX sync may have moved last_uid.
            current = store.cursor(folder) or cursor
            below = batch[0] if len(pending.uids) > len(batch) else 0
            return Cursor(folder, current.uidvalidity, current.last_uid, current.highestmodseq,
                          below)

        # Sent is read headers-only anyway; older INBOX mail is recorded from its headers.
        reading = self.runner.reading(now, bodies=False)
        if bodies:
            reading.update(understand=from_headers, triage=None)
        read_batch(self.runner.mailbox, store, folder, batch, report, cursor_at=cursor_at,
                   on_new=None, **reading)
        crash_point("mid_backfill")
        del pending.uids[-len(batch) :]
        self.examined += report.examined
        self.bodies += report.bodies
        if self.progress is not None:
            self.progress(f"older mail in {folder}", pending.total - len(pending.uids),
                          pending.total)
        if not pending.uids:
            log.info("%s: older mail read (%d messages)", folder, pending.total)
            self._pending.pop(folder)
            self._done.add(folder)
        return True


def _finish(store: StateStore, cursor: Cursor) -> None:
    store.set_cursor(Cursor(cursor.folder, cursor.uidvalidity, cursor.last_uid,
                            cursor.highestmodseq, 0))


def from_headers(header: bytes) -> MessageFacts:
    """An older INBOX message as the backfill records it: its envelope, as triage records the
    mail it lets pass (threads and history; no body is fetched)."""
    return header_facts(read_envelope(header), (BACKFILLED,))
