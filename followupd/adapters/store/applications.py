"""Application rows: the whole ``Application`` record as JSON next to its queried columns; its
drafts are kept in their own rows (drafts.py) and attached when read."""

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
    data = to_json(replace(app, drafts=()))
    db.execute(
        "UPDATE application SET company=?, position=?, state=?, data=?, updated_at=? WHERE id=?",
        (app.company, app.position, app.state.value, json.dumps(data), ts(now), app.id),
    )


def select(db: sqlite3.Connection) -> list[Application]:
    by_app: dict[int, list[DraftRecord]] = {}
    for d in drafts.select(db):
        by_app.setdefault(d.application_id, []).append(d)
    rows = db.execute("SELECT id, data FROM application ORDER BY id").fetchall()
    return [
        replace(from_json(Application, json.loads(r["data"])), id=r["id"],
                drafts=tuple(by_app.get(r["id"], ())))
        for r in rows
    ]


def get(db: sqlite3.Connection, app_id: int) -> Application | None:
    row = db.execute("SELECT id, data FROM application WHERE id=?", (app_id,)).fetchone()
    if row is None:
        return None
    return replace(from_json(Application, json.loads(row["data"])), id=row["id"],
                   drafts=tuple(drafts.select(db, application_id=app_id)))
