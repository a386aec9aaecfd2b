"""The SQLite state store: authoritative state, not a cache.

This module owns the connection: WAL, synchronous=FULL, file mode 0600, numbered forward
migrations under PRAGMA user_version, an exclusive lock file so only one followupd works on a
state file at a time, and the transactions (the only ``BEGIN`` in followupd). ``Store`` is the one
interface the rest of followupd uses; the rows live by idea in cursors.py, messages.py,
applications.py, drafts.py and events.py (timeline and digest notices). Records are kept as JSON
(codec.py) next to the few columns that are queried or must be unique.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from followupd.adapters.store import applications, cursors, drafts, events, messages
from followupd.adapters.store.events import Event
from followupd.adapters.store.migrations import MIGRATIONS
from followupd.core.errors import AlreadyRunningError, StateError
from followupd.core.model import Application, DraftRecord, DraftStatus, MessageFacts, Reason
from followupd.core.state_types import Cursor, StoredMessage

log = logging.getLogger(__name__)

__all__ = ["Cursor", "Event", "Store", "StoredMessage", "open_store"]


class Store:
    def __init__(self, path: Path, *, lock: bool = True) -> None:
        self.path = path
        self._lock_fd: int | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if lock:
                self._acquire_lock()
            # Create the file 0600 before SQLite does (it would honour the umask).
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            os.close(fd)
            os.chmod(path, 0o600)
        except OSError as exc:
            self._release_lock()
            raise StateError(
                f"cannot use the state file {path}: {exc.strerror}",
                hint="Check state.path and the permissions of its directory.",
            ) from None
        try:
            self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=5000")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._release_lock()
            raise StateError(
                f"state file {path} is unusable: {exc}",
                hint="Move it aside; followupd rebuilds what it can from the server read-only "
                "and finds its own drafts by token.",
            ) from None
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.chmod(f"{path}{suffix}", 0o600)

    # -- lifecycle -------------------------------------------------------------------------

    def _acquire_lock(self) -> None:
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AlreadyRunningError(
                f"another followupd is already using {self.path}",
                hint="Stop it first (systemctl --user stop followupd), or use another state.path.",
            ) from None
        self._lock_fd = fd

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        self._release_lock()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StateError(
                f"state file {self.path} was written by a newer followupd (schema {version})",
                hint="Upgrade followupd, or point state.path at a new file.",
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            log.info("migrating state to schema %d", number)
            with self.transaction():
                for statement in script:
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={number}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        if self.db.in_transaction:  # nested: join the outer one
            yield self.db
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @classmethod
    def fresh_in_memory(cls, path: Path) -> Store:
        """An empty state in memory, for a dry run on a fresh install: nothing is created on disk
        (``path`` is only named in messages)."""
        store = object.__new__(cls)
        store.path = path
        store._lock_fd = None
        store.db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        store.db.row_factory = sqlite3.Row
        store.db.execute("PRAGMA foreign_keys=ON")
        store._migrate()
        return store

    @contextlib.contextmanager
    def scratch_copy(self) -> Iterator[Store]:
        """An in-memory copy of the state to work on and throw away (``once --dry-run``): the
        state file is neither written nor locked for writing while the pass reads the server."""
        copy = object.__new__(type(self))
        copy.path = self.path
        copy._lock_fd = None
        copy.db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        copy.db.row_factory = sqlite3.Row
        self.db.backup(copy.db)
        copy.db.execute("PRAGMA foreign_keys=ON")
        try:
            yield copy
        finally:
            copy.db.close()

    def data_version(self) -> int:
        """Changes whenever *another* connection commits (the CLI's small writes while the daemon
        runs); a cache of applications taken at one value is stale at another."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """Inside a transaction: undo just this block's writes if it raises."""
        self.db.execute("SAVEPOINT item")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK TO item")
            self.db.execute("RELEASE item")
            raise
        self.db.execute("RELEASE item")

    # -- rows, by idea (see the modules named) -----------------------------------------------

    def cursor(self, folder: str) -> Cursor | None:
        return cursors.get(self.db, folder)

    def set_cursor(self, cursor: Cursor) -> None:
        cursors.put(self.db, cursor)

    def find_message(self, folder: str, message_id: str) -> StoredMessage | None:
        return messages.find(self.db, folder, message_id)

    def record_message(self, folder: str, uidvalidity: int, uid: int, facts: MessageFacts,
                       application_id: int | None, now: dt.datetime) -> tuple[StoredMessage, bool]:
        return messages.record(self.db, folder, uidvalidity, uid, facts, application_id, now)

    def set_message_application(self, message_id: int, application_id: int) -> None:
        messages.set_application(self.db, message_id, application_id)

    def messages(self, *, application_id: int | None = None, folder: str | None = None
                 ) -> list[StoredMessage]:
        return messages.select(self.db, application_id=application_id, folder=folder)

    def related_messages(self, folder: str, ids: set[str]) -> list[StoredMessage]:
        return messages.related(self.db, folder, ids)

    def message_count(self, folder: str | None = None) -> int:
        return messages.count(self.db, folder)

    def add_application(self, app: Application, now: dt.datetime) -> Application:
        return applications.add(self.db, app, now)

    def save_application(self, app: Application, now: dt.datetime) -> None:
        applications.save(self.db, app, now)

    def applications(self) -> list[Application]:
        return applications.select(self.db)

    def application(self, app_id: int) -> Application | None:
        return applications.get(self.db, app_id)

    def add_draft_intent(self, draft: DraftRecord, *, raw: bytes, content_hash: str
                         ) -> DraftRecord:
        return drafts.add_intent(self.db, draft, raw=raw, content_hash=content_hash)

    def draft_payload(self, draft_id: int) -> tuple[bytes, str]:
        return drafts.payload(self.db, draft_id)

    def set_draft_appended(self, draft_id: int, uid: int | None, uidvalidity: int | None) -> None:
        drafts.set_appended(self.db, draft_id, uid, uidvalidity)

    def set_draft_content_hash(self, draft_id: int, content_hash: str) -> None:
        drafts.set_content_hash(self.db, draft_id, content_hash)

    def set_draft_location(self, draft_id: int, uid: int, uidvalidity: int) -> None:
        drafts.set_location(self.db, draft_id, uid, uidvalidity)

    def set_draft_status(self, draft_id: int, status: DraftStatus, at: dt.datetime) -> None:
        drafts.set_status(self.db, draft_id, status, at)

    def set_draft_missing_since(self, draft_id: int, at: dt.datetime | None) -> None:
        drafts.set_missing_since(self.db, draft_id, at)

    def drafts(self, *, application_id: int | None = None) -> list[DraftRecord]:
        return drafts.select(self.db, application_id=application_id)

    def draft_by_token(self, token: str) -> DraftRecord | None:
        return drafts.by_token(self.db, token)

    def add_event(self, application_id: int | None, at: dt.datetime, what: str,
                  reasons: Sequence[Reason] = ()) -> None:
        events.add_event(self.db, application_id, at, what, reasons)

    def events(self, application_id: int | None = None) -> list[Event]:
        return events.select_events(self.db, application_id)

    def add_notice(self, at: dt.datetime, text: str, application_id: int | None = None,
                   key: str = "") -> bool:
        return events.add_notice(self.db, at, text, application_id, key)

    def pending_notices(self) -> list[tuple[int, dt.datetime, str]]:
        return events.pending_notices(self.db)

    def mark_notices_sent(self, ids: Sequence[int], at: dt.datetime) -> None:
        events.mark_notices_sent(self.db, ids, at)

    def last_digest_at(self) -> dt.datetime | None:
        return events.last_digest_at(self.db)


def open_store(path: Path, *, lock: bool = True) -> Store:
    return Store(path, lock=lock)
