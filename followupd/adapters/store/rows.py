"""Row access for drafts, the event timeline and digest notices (mixed into store.Store).

Kept apart from store.py so each file stays one idea: store.py owns the connection, schema,
locking, cursors, messages and applications; this file the draft lifecycle rows and the logs.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from followupd.adapters.store.codec import from_json, to_json
from followupd.core.model import DraftRecord, DraftStatus, Reason


@dataclass(frozen=True)
class Event:
    application_id: int | None
    at: dt.datetime
    what: str
    reasons: tuple[Reason, ...]


def ts(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetime reached the store")
    return value.astimezone(dt.UTC).isoformat()


def reasons_json(reasons: Sequence[Reason]) -> str:
    return json.dumps([to_json(r) for r in reasons])


class _Rows:
    db: sqlite3.Connection


class DraftRows(_Rows):
    def add_draft_intent(self, draft: DraftRecord, *, raw: bytes, content_hash: str) -> DraftRecord:
        """Record the intent to append ``draft`` (status INTENDED) with its exact bytes, before
        the APPEND: after a crash the token is looked up and the same bytes re-appended."""
        cur = self.db.execute(
            "INSERT INTO draft(application_id, stage, token, message_id, status, created_at, folder, "
            "in_reply_to, recipient, digest, raw) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (draft.application_id, draft.stage, draft.token, draft.message_id,
             DraftStatus.INTENDED.value, ts(draft.created_at), draft.folder, draft.in_reply_to,
             draft.recipient, content_hash, raw),
        )
        assert cur.lastrowid is not None
        return replace(draft, id=cur.lastrowid, status=DraftStatus.INTENDED)

    def draft_payload(self, draft_id: int) -> tuple[bytes, str]:
        """The appended bytes and their content hash (column ``digest``, schema 1)."""
        row = self.db.execute("SELECT raw, digest FROM draft WHERE id=?", (draft_id,)).fetchone()
        return (bytes(row["raw"] or b""), row["digest"]) if row else (b"", "")

    def set_draft_appended(self, draft_id: int, uid: int | None, uidvalidity: int | None) -> None:
        self.db.execute(
            "UPDATE draft SET status=?, uid=?, uidvalidity=? WHERE id=?",
            (DraftStatus.APPENDED.value, uid, uidvalidity, draft_id),
        )

    def set_draft_content_hash(self, draft_id: int, content_hash: str) -> None:
        self.db.execute("UPDATE draft SET digest=? WHERE id=?", (content_hash, draft_id))

    def set_draft_location(self, draft_id: int, uid: int, uidvalidity: int) -> None:
        self.db.execute("UPDATE draft SET uid=?, uidvalidity=? WHERE id=?", (uid, uidvalidity, draft_id))

    def set_draft_status(self, draft_id: int, status: DraftStatus, at: dt.datetime) -> None:
        self.db.execute(
            "UPDATE draft SET status=?, status_at=? WHERE id=?", (status.value, ts(at), draft_id)
        )

    def set_draft_missing_since(self, draft_id: int, at: dt.datetime | None) -> None:
        self.db.execute(
            "UPDATE draft SET missing_since=? WHERE id=?", (ts(at) if at else None, draft_id)
        )

    def drafts(self, *, application_id: int | None = None) -> list[DraftRecord]:
        sql, args = "SELECT * FROM draft", []
        if application_id is not None:
            sql, args = sql + " WHERE application_id=?", [application_id]
        return [self._draft(r) for r in self.db.execute(sql + " ORDER BY id", args)]

    def draft_by_token(self, token: str) -> DraftRecord | None:
        row = self.db.execute("SELECT * FROM draft WHERE token=?", (token,)).fetchone()
        return self._draft(row) if row else None

    @staticmethod
    def _draft(row: Any) -> DraftRecord:
        def when(value: str | None) -> dt.datetime | None:
            return dt.datetime.fromisoformat(value) if value else None

        return DraftRecord(
            id=row["id"], application_id=row["application_id"], stage=row["stage"],
            token=row["token"], message_id=row["message_id"], status=DraftStatus(row["status"]),
            created_at=dt.datetime.fromisoformat(row["created_at"]),
            uid=row["uid"], uidvalidity=row["uidvalidity"], folder=row["folder"],
            status_at=when(row["status_at"]), missing_since=when(row["missing_since"]),
            in_reply_to=row["in_reply_to"], recipient=row["recipient"],
        )



class LogRows(_Rows):
    def add_event(self, application_id: int | None, at: dt.datetime, what: str,
                  reasons: Sequence[Reason] = ()) -> None:
        self.db.execute(
            "INSERT INTO event(application_id, at, what, reasons) VALUES (?,?,?,?)",
            (application_id, ts(at), what, reasons_json(reasons)),
        )

    def events(self, application_id: int | None = None) -> list[Event]:
        sql, args = "SELECT * FROM event", []
        if application_id is not None:
            sql, args = sql + " WHERE application_id=?", [application_id]
        return [
            Event(r["application_id"], dt.datetime.fromisoformat(r["at"]), r["what"],
                  tuple(from_json(Reason, x) for x in json.loads(r["reasons"])))
            for r in self.db.execute(sql + " ORDER BY id", args)
        ]

    def add_notice(
        self, at: dt.datetime, text: str, application_id: int | None = None, key: str = ""
    ) -> bool:
        """Queue a line for the digest; with ``key``, each (application, key) only once."""
        if key and self.db.execute(
            "SELECT 1 FROM notice WHERE key=? AND application_id IS ?", (key, application_id)
        ).fetchone():
            return False
        self.db.execute(
            "INSERT INTO notice(application_id, at, text, key) VALUES (?,?,?,?)",
            (application_id, ts(at), text, key),
        )
        return True

    def pending_notices(self) -> list[tuple[int, dt.datetime, str]]:
        rows = self.db.execute("SELECT id, at, text FROM notice WHERE sent_at IS NULL ORDER BY id")
        return [(r["id"], dt.datetime.fromisoformat(r["at"]), r["text"]) for r in rows]

    def mark_notices_sent(self, ids: Sequence[int], at: dt.datetime) -> None:
        self.db.executemany("UPDATE notice SET sent_at=? WHERE id=?", [(ts(at), i) for i in ids])

    def last_digest_at(self) -> dt.datetime | None:
        row = self.db.execute("SELECT max(sent_at) FROM notice").fetchone()
        return dt.datetime.fromisoformat(row[0]) if row and row[0] else None
