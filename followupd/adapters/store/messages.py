"""Message rows: one per (folder, UIDVALIDITY, UID), looked up by (folder, Message-ID), with the
``MessageFacts`` read from it as JSON and the application it was applied to."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import replace
from typing import Any

from followupd.adapters.store.codec import from_json, to_json, ts
from followupd.core.model import MessageFacts
from followupd.core.state_types import StoredMessage


def find(db: sqlite3.Connection, folder: str, message_id: str) -> StoredMessage | None:
    row = db.execute(
        "SELECT * FROM message WHERE folder=? AND message_id=? ORDER BY id LIMIT 1",
        (folder, message_id),
    ).fetchone()
    return _message(row) if row else None


def record(
    db: sqlite3.Connection, folder: str, uidvalidity: int, uid: int, facts: MessageFacts,
    application_id: int | None, now: dt.datetime,
) -> tuple[StoredMessage, bool]:
    """Insert a message; if its Message-ID is already known in ``folder`` (a rescan after a
    UIDVALIDITY change), only move its UID and report it as not new."""
    known = find(db, folder, facts.message_id)
    if known is not None:
        db.execute("UPDATE message SET uidvalidity=?, uid=? WHERE id=?", (uidvalidity, uid, known.id))
        return replace(known, uidvalidity=uidvalidity, uid=uid), False
    cur = db.execute(
        "INSERT INTO message(folder, uidvalidity, uid, message_id, kind, application_id, "
        "facts, seen_at) VALUES (?,?,?,?,?,?,?,?)",
        (folder, uidvalidity, uid, facts.message_id, facts.kind.value, application_id,
         json.dumps(to_json(facts)), ts(now)),
    )
    if cur.lastrowid is None:  # sqlite3 sets it after every INSERT
        raise RuntimeError("INSERT gave no row id")
    return StoredMessage(cur.lastrowid, folder, uidvalidity, uid, facts, application_id, now), True


def set_application(db: sqlite3.Connection, message_id: int, application_id: int) -> None:
    db.execute("UPDATE message SET application_id=? WHERE id=?", (application_id, message_id))


def select(
    db: sqlite3.Connection, *, application_id: int | None = None, folder: str | None = None
) -> list[StoredMessage]:
    sql, args = "SELECT * FROM message WHERE 1=1", list[object]()
    if application_id is not None:
        sql += " AND application_id=?"
        args.append(application_id)
    if folder is not None:
        sql += " AND folder=?"
        args.append(folder)
    return [_message(r) for r in db.execute(sql + " ORDER BY id", args)]


def related(db: sqlite3.Connection, folder: str, ids: set[str]) -> list[StoredMessage]:
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
    return [_message(r) for r in db.execute(sql, args)]


def count(db: sqlite3.Connection, folder: str | None = None) -> int:
    if folder is None:
        return int(db.execute("SELECT count(*) FROM message").fetchone()[0])
    return int(db.execute("SELECT count(*) FROM message WHERE folder=?", (folder,)).fetchone()[0])


def _message(row: Any) -> StoredMessage:
    return StoredMessage(
        id=row["id"], folder=row["folder"], uidvalidity=row["uidvalidity"], uid=row["uid"],
        facts=from_json(MessageFacts, json.loads(row["facts"])),
        application_id=row["application_id"],
        seen_at=dt.datetime.fromisoformat(row["seen_at"]),
    )
