"""Application rows: the ``Application`` record as JSON next to its queried columns, without
two parts kept in rows of their own and attached when read: its drafts (drafts.py) and its
Message-IDs (``application_message``, append-only, so applying one more message to a long
thread writes one row, not the whole growing list again)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import replace

from followupd.adapters.store import drafts
from followupd.adapters.store.codec import from_json, to_json, ts
from followupd.core.model import Application, DraftRecord


def add(db: sqlite3.Connection, app: Application, now: dt.datetime) -> Application:
    cur = db.execute(
        "INSERT INTO application(company, position, state, data, updated_at) VALUES (?,?,?,?,?)",
        (app.company, app.position, app.state.value, "{}", ts(now)),
    )
    if cur.lastrowid is None:  # sqlite3 sets it after every INSERT
        raise RuntimeError("INSERT gave no row id")
    app = replace(app, id=cur.lastrowid)
    save(db, app, now)
    return app


def save(db: sqlite3.Connection, app: Application, now: dt.datetime) -> None:
    data = to_json(replace(app, drafts=(), message_ids=()))
    del data["message_ids"]
    db.execute(
        "UPDATE application SET company=?, position=?, state=?, data=?, updated_at=? WHERE id=?",
        (app.company, app.position, app.state.value, json.dumps(data), ts(now), app.id),
    )
    _save_message_ids(db, app)


def _save_message_ids(db: sqlite3.Connection, app: Application) -> None:
    """Append the Message-IDs not stored yet. They only ever grow at the end (engine.track), so
    the stored count and last one tell what is new; any other change rewrites them all."""
    ids = app.message_ids
    row = db.execute("SELECT count(*), (SELECT message_id FROM application_message WHERE "
                     "application_id=?1 ORDER BY seq DESC LIMIT 1) FROM application_message "
                     "WHERE application_id=?1", (app.id,)).fetchone()
    stored, last = int(row[0]), row[1]
    if stored > len(ids) or (stored and ids[stored - 1] != last):
        db.execute("DELETE FROM application_message WHERE application_id=?", (app.id,))
        stored = 0
    db.executemany("INSERT OR IGNORE INTO application_message(application_id, message_id) "
                   "VALUES (?,?)", [(app.id, m) for m in ids[stored:]])


def _message_ids(db: sqlite3.Connection, app_id: int | None = None) -> dict[int, tuple[str, ...]]:
    sql = "SELECT application_id, message_id FROM application_message"
    rows = db.execute(sql + " ORDER BY seq" if app_id is None
                      else sql + " WHERE application_id=? ORDER BY seq",
                      () if app_id is None else (app_id,))
    found: dict[int, list[str]] = {}
    for r in rows:
        found.setdefault(r[0], []).append(r[1])
    return {k: tuple(v) for k, v in found.items()}


def select(db: sqlite3.Connection) -> list[Application]:
    by_app: dict[int, list[DraftRecord]] = {}
    for d in drafts.select(db):
        by_app.setdefault(d.application_id, []).append(d)
    ids = _message_ids(db)
    rows = db.execute("SELECT id, data FROM application ORDER BY id").fetchall()
    return [
        replace(from_json(Application, json.loads(r["data"])), id=r["id"],
                drafts=tuple(by_app.get(r["id"], ())), message_ids=ids.get(r["id"], ()))
        for r in rows
    ]


def get(db: sqlite3.Connection, app_id: int) -> Application | None:
    row = db.execute("SELECT id, data FROM application WHERE id=?", (app_id,)).fetchone()
    if row is None:
        return None
    return replace(from_json(Application, json.loads(row["data"])), id=row["id"],
                   drafts=tuple(drafts.select(db, application_id=app_id)),
                   message_ids=_message_ids(db, app_id).get(app_id, ()))
