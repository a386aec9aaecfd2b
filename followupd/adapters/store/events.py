"""The timeline ``show`` prints (events with reasons) and the lines queued for the digest mail
(notices; a keyed notice is queued once per application)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from followupd.adapters.store.codec import from_json, to_json, ts
from followupd.core.model import Reason


@dataclass(frozen=True)
class Event:
    application_id: int | None
    at: dt.datetime
    what: str
    reasons: tuple[Reason, ...]


def add_event(db: sqlite3.Connection, application_id: int | None, at: dt.datetime, what: str,
              reasons: Sequence[Reason] = ()) -> None:
    db.execute(
        "INSERT INTO event(application_id, at, what, reasons) VALUES (?,?,?,?)",
        (application_id, ts(at), what, json.dumps([to_json(r) for r in reasons])),
    )


def select_events(db: sqlite3.Connection, application_id: int | None = None) -> list[Event]:
    sql, args = "SELECT * FROM event", list[object]()
    if application_id is not None:
        sql, args = sql + " WHERE application_id=?", [application_id]
    return [
        Event(r["application_id"], dt.datetime.fromisoformat(r["at"]), r["what"],
              tuple(from_json(Reason, x) for x in json.loads(r["reasons"])))
        for r in db.execute(sql + " ORDER BY id", args)
    ]


def add_notice(db: sqlite3.Connection, at: dt.datetime, text: str,
               application_id: int | None = None, key: str = "") -> bool:
    """Queue a line for the digest; with ``key``, each (application, key) only once."""
    if key and db.execute(
        "SELECT 1 FROM notice WHERE key=? AND application_id IS ?", (key, application_id)
    ).fetchone():
        return False
    db.execute("INSERT INTO notice(application_id, at, text, key) VALUES (?,?,?,?)",
               (application_id, ts(at), text, key))
    return True


def pending_notices(db: sqlite3.Connection) -> list[tuple[int, dt.datetime, str]]:
    rows = db.execute("SELECT id, at, text FROM notice WHERE sent_at IS NULL ORDER BY id")
    return [(r["id"], dt.datetime.fromisoformat(r["at"]), r["text"]) for r in rows]


def mark_notices_sent(db: sqlite3.Connection, ids: Sequence[int], at: dt.datetime) -> None:
    db.executemany("UPDATE notice SET sent_at=? WHERE id=?", [(ts(at), i) for i in ids])


def last_digest_at(db: sqlite3.Connection) -> dt.datetime | None:
    row = db.execute("SELECT max(sent_at) FROM notice").fetchone()
    return dt.datetime.fromisoformat(row[0]) if row and row[0] else None
