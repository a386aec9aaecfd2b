"""Draft rows: the lifecycle of each draft of ours (intent -> appended -> sent / edited / ...),
its place in Drafts, and the exact bytes appended with their content hash (the SHA-256 that tells
"unchanged" from "edited"; column ``digest`` since schema 1)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace
from typing import Any

from followupd.adapters.store.codec import ts, when
from followupd.core.model import DraftRecord, DraftStatus


def add_intent(db: sqlite3.Connection, draft: DraftRecord, *, raw: bytes, content_hash: str
               ) -> DraftRecord:
    """Record the intent to append ``draft`` (status INTENDED) with its exact bytes, before the
    APPEND: after a crash the token is looked up and the same bytes re-appended."""
    cur = db.execute(
        "INSERT INTO draft(application_id, stage, token, message_id, status, created_at, folder, "
        "in_reply_to, recipient, gift, digest, raw) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (draft.application_id, draft.stage, draft.token, draft.message_id,
         DraftStatus.INTENDED.value, ts(draft.created_at), draft.folder, draft.in_reply_to,
         draft.recipient, draft.gift, content_hash, raw),
    )
    if cur.lastrowid is None:  # sqlite3 sets it after every INSERT
        raise RuntimeError("INSERT gave no row id")
    return replace(draft, id=cur.lastrowid, status=DraftStatus.INTENDED)


def payload(db: sqlite3.Connection, draft_id: int) -> tuple[bytes, str]:
    """The appended bytes and their content hash."""
    row = db.execute("SELECT raw, digest FROM draft WHERE id=?", (draft_id,)).fetchone()
    return (bytes(row["raw"] or b""), row["digest"]) if row else (b"", "")


def set_appended(db: sqlite3.Connection, draft_id: int, uid: int | None, uidvalidity: int | None
                 ) -> None:
    db.execute("UPDATE draft SET status=?, uid=?, uidvalidity=? WHERE id=?",
               (DraftStatus.APPENDED.value, uid, uidvalidity, draft_id))


def set_content_hash(db: sqlite3.Connection, draft_id: int, content_hash: str) -> None:
    db.execute("UPDATE draft SET digest=? WHERE id=?", (content_hash, draft_id))


def set_location(db: sqlite3.Connection, draft_id: int, uid: int, uidvalidity: int) -> None:
    db.execute("UPDATE draft SET uid=?, uidvalidity=? WHERE id=?", (uid, uidvalidity, draft_id))


def set_status(db: sqlite3.Connection, draft_id: int, status: DraftStatus, at: dt.datetime) -> None:
    db.execute("UPDATE draft SET status=?, status_at=? WHERE id=?", (status.value, ts(at), draft_id))


def set_missing_since(db: sqlite3.Connection, draft_id: int, at: dt.datetime | None) -> None:
    db.execute("UPDATE draft SET missing_since=? WHERE id=?", (ts(at) if at else None, draft_id))


def select(db: sqlite3.Connection, *, application_id: int | None = None) -> list[DraftRecord]:
    sql, args = "SELECT * FROM draft", list[object]()
    if application_id is not None:
        sql, args = sql + " WHERE application_id=?", [application_id]
    return [_draft(r) for r in db.execute(sql + " ORDER BY id", args)]


def by_token(db: sqlite3.Connection, token: str) -> DraftRecord | None:
    row = db.execute("SELECT * FROM draft WHERE token=?", (token,)).fetchone()
    return _draft(row) if row else None


def _draft(row: Any) -> DraftRecord:
    return DraftRecord(
        id=row["id"], application_id=row["application_id"], stage=row["stage"],
        token=row["token"], message_id=row["message_id"], status=DraftStatus(row["status"]),
        created_at=dt.datetime.fromisoformat(row["created_at"]),
        uid=row["uid"], uidvalidity=row["uidvalidity"], folder=row["folder"],
        status_at=when(row["status_at"]), missing_since=when(row["missing_since"]),
        in_reply_to=row["in_reply_to"], recipient=row["recipient"], gift=row["gift"],
    )
