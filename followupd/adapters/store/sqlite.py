"""The SQLite state store: authoritative state, not a cache.

WAL, synchronous=FULL, file mode 0600, numbered forward migrations under PRAGMA user_version, and an
exclusive lock file so only one followupd works on a state file at a time. Records are kept as JSON
(codec.py) next to the few columns that are queried or must be unique.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from followupd.adapters.store.codec import from_json, to_json
from followupd.adapters.store.migrations import MIGRATIONS
from followupd.adapters.store.rows import DraftRows, Event, LogRows
from followupd.adapters.store.rows import ts as _ts
from followupd.core.errors import AlreadyRunningError, StateError
from followupd.core.model import Application, DraftRecord, MessageFacts
from followupd.core.state_types import Cursor, StoredMessage

log = logging.getLogger(__name__)


__all__ = ["Cursor", "Event", "Store", "StoredMessage", "open_store"]


class Store(DraftRows, LogRows):
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

    # -- cursors ---------------------------------------------------------------------------

    def cursor(self, folder: str) -> Cursor | None:
        row = self.db.execute(
            "SELECT uidvalidity, last_uid, highestmodseq FROM cursor WHERE folder=?", (folder,)
        ).fetchone()
        return Cursor(folder, *row) if row else None

    def set_cursor(self, cursor: Cursor) -> None:
        self.db.execute(
            "INSERT INTO cursor(folder, uidvalidity, last_uid, highestmodseq) VALUES (?,?,?,?) "
            "ON CONFLICT(folder) DO UPDATE SET uidvalidity=excluded.uidvalidity, "
            "last_uid=excluded.last_uid, highestmodseq=excluded.highestmodseq",
            (cursor.folder, cursor.uidvalidity, cursor.last_uid, cursor.highestmodseq),
        )

    # -- messages --------------------------------------------------------------------------

    def find_message(self, folder: str, message_id: str) -> StoredMessage | None:
        row = self.db.execute(
            "SELECT * FROM message WHERE folder=? AND message_id=? ORDER BY id LIMIT 1",
            (folder, message_id),
        ).fetchone()
        return self._message(row) if row else None

    def record_message(
        self,
        folder: str,
        uidvalidity: int,
        uid: int,
        facts: MessageFacts,
        application_id: int | None,
        now: dt.datetime,
    ) -> tuple[StoredMessage, bool]:
        """Insert a message; if its Message-ID is already known in ``folder`` (a rescan after a
        UIDVALIDITY change), only move its UID and report it as not new."""
        known = self.find_message(folder, facts.message_id)
        if known is not None:
            self.db.execute(
                "UPDATE message SET uidvalidity=?, uid=? WHERE id=?", (uidvalidity, uid, known.id)
            )
            return replace(known, uidvalidity=uidvalidity, uid=uid), False
        cur = self.db.execute(
            "INSERT INTO message(folder, uidvalidity, uid, message_id, kind, application_id, "
            "facts, seen_at) VALUES (?,?,?,?,?,?,?,?)",
            (
                folder, uidvalidity, uid, facts.message_id, facts.kind.value, application_id,
                json.dumps(to_json(facts)), _ts(now),
            ),
        )
        assert cur.lastrowid is not None
        return StoredMessage(cur.lastrowid, folder, uidvalidity, uid, facts, application_id, now), True

    def set_message_application(self, message_id: int, application_id: int) -> None:
        self.db.execute("UPDATE message SET application_id=? WHERE id=?", (application_id, message_id))

    def messages(
        self, *, application_id: int | None = None, folder: str | None = None
    ) -> list[StoredMessage]:
        sql, args = "SELECT * FROM message WHERE 1=1", list[object]()
        if application_id is not None:
            sql += " AND application_id=?"
            args.append(application_id)
        if folder is not None:
            sql += " AND folder=?"
            args.append(folder)
        return [self._message(r) for r in self.db.execute(sql + " ORDER BY id", args)]

    def related_messages(self, folder: str, ids: set[str]) -> list[StoredMessage]:
        """Messages in ``folder`` that carry our token, or whose Message-ID, In-Reply-To or
        References name one of ``ids`` (filtered in SQL: Sent can be large)."""
        marks = ",".join("?" * len(ids)) or "NULL"  # placeholders only: values are bound
        # Only "?" placeholders are formatted into the text; every value is bound.
        sql = (
            "SELECT * FROM message WHERE folder=? AND (json_extract(facts, '$.followupd_token') != ''"  # noqa: S608
            f" OR message_id IN ({marks}) OR json_extract(facts, '$.in_reply_to') IN ({marks})"
            " OR EXISTS (SELECT 1 FROM json_each(facts, '$.references') AS r"
            f" WHERE r.value IN ({marks}))) ORDER BY id"
        )
        args = [folder, *ids, *ids, *ids]
        return [self._message(r) for r in self.db.execute(sql, args)]

    def message_count(self, folder: str | None = None) -> int:
        if folder is None:
            return int(self.db.execute("SELECT count(*) FROM message").fetchone()[0])
        return int(self.db.execute("SELECT count(*) FROM message WHERE folder=?", (folder,)).fetchone()[0])

    @staticmethod
    def _message(row: Any) -> StoredMessage:
        return StoredMessage(
            id=row["id"], folder=row["folder"], uidvalidity=row["uidvalidity"], uid=row["uid"],
            facts=from_json(MessageFacts, json.loads(row["facts"])),
            application_id=row["application_id"],
            seen_at=dt.datetime.fromisoformat(row["seen_at"]),
        )

    # -- applications ----------------------------------------------------------------------

    def add_application(self, app: Application, now: dt.datetime) -> Application:
        cur = self.db.execute(
            "INSERT INTO application(company, position, state, data, updated_at) VALUES (?,?,?,?,?)",
            (app.company, app.position, app.state.value, "{}", _ts(now)),
        )
        assert cur.lastrowid is not None
        app = replace(app, id=cur.lastrowid)
        self.save_application(app, now)
        return app

    def save_application(self, app: Application, now: dt.datetime) -> None:
        data = to_json(replace(app, drafts=()))
        self.db.execute(
            "UPDATE application SET company=?, position=?, state=?, data=?, updated_at=? WHERE id=?",
            (app.company, app.position, app.state.value, json.dumps(data), _ts(now), app.id),
        )

    def applications(self) -> list[Application]:
        drafts: dict[int, list[DraftRecord]] = {}
        for d in self.drafts():
            drafts.setdefault(d.application_id, []).append(d)
        rows = self.db.execute("SELECT id, data FROM application ORDER BY id").fetchall()
        return [
            replace(from_json(Application, json.loads(r["data"])), id=r["id"],
                    drafts=tuple(drafts.get(r["id"], ())))
            for r in rows
        ]

    def application(self, app_id: int) -> Application | None:
        row = self.db.execute("SELECT id, data FROM application WHERE id=?", (app_id,)).fetchone()
        if row is None:
            return None
        return replace(from_json(Application, json.loads(row["data"])), id=row["id"],
                       drafts=tuple(self.drafts(application_id=app_id)))

def open_store(path: Path, *, lock: bool = True) -> Store:
    return Store(path, lock=lock)
