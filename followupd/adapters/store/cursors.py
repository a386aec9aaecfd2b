"""Per-folder read positions: UIDVALIDITY, the last UID read, HIGHESTMODSEQ, and where the
backfill of older mail stands (``Cursor.backfill_below``)."""

from __future__ import annotations

import sqlite3

from followupd.core.state_types import Cursor


def get(db: sqlite3.Connection, folder: str) -> Cursor | None:
    row = db.execute(
        "SELECT uidvalidity, last_uid, highestmodseq, backfill_below FROM cursor WHERE folder=?", (folder,)
    ).fetchone()
    return Cursor(folder, *row) if row else None


def put(db: sqlite3.Connection, cursor: Cursor) -> None:
    db.execute(
        "INSERT INTO cursor(folder, uidvalidity, last_uid, highestmodseq, backfill_below) "
        "VALUES (?,?,?,?,?) ON CONFLICT(folder) DO UPDATE SET uidvalidity=excluded.uidvalidity, "
        "last_uid=excluded.last_uid, highestmodseq=excluded.highestmodseq, "
        "backfill_below=excluded.backfill_below",
        (cursor.folder, cursor.uidvalidity, cursor.last_uid, cursor.highestmodseq,
         cursor.backfill_below),
    )
