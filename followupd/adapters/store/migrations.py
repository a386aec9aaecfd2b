"""Numbered forward migrations. Entry N (1-based) moves the schema from N-1 to N.

Never edit a released entry; append a new one. The store refuses a file whose user_version is
higher than len(MIGRATIONS) (written by a newer followupd).
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the initial schema (DESIGN.md "Data model").
    (
        """CREATE TABLE application (
            id INTEGER PRIMARY KEY,
            company TEXT NOT NULL,
            position TEXT NOT NULL,
            state TEXT NOT NULL,
            data TEXT NOT NULL,          -- model.Application as JSON (codec.py), drafts excluded
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE message (
            id INTEGER PRIMARY KEY,
            folder TEXT NOT NULL,
            uidvalidity INTEGER NOT NULL,
            uid INTEGER NOT NULL,
            message_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            application_id INTEGER REFERENCES application(id),
            facts TEXT NOT NULL,         -- model.MessageFacts as JSON, reasons included
            seen_at TEXT NOT NULL,
            UNIQUE (folder, uidvalidity, uid)
        )""",
        "CREATE INDEX message_by_id ON message(folder, message_id)",
        "CREATE INDEX message_by_application ON message(application_id)",
        """CREATE TABLE draft (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES application(id),
            stage TEXT NOT NULL,
            token TEXT NOT NULL UNIQUE,
            message_id TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at TEXT NOT NULL,
            status_at TEXT,
            uid INTEGER,
            uidvalidity INTEGER,
            folder TEXT NOT NULL,
            missing_since TEXT,
            in_reply_to TEXT NOT NULL DEFAULT '',
            recipient TEXT NOT NULL DEFAULT '',
            digest TEXT NOT NULL DEFAULT '',     -- sha256 of what we appended (edited detection)
            raw BLOB,                            -- the exact bytes, to re-APPEND after a crash
            UNIQUE (application_id, stage)   -- never two drafts for one stage
        )""",
        """CREATE TABLE cursor (
            folder TEXT PRIMARY KEY,
            uidvalidity INTEGER NOT NULL,
            last_uid INTEGER NOT NULL,
            highestmodseq INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE event (
            id INTEGER PRIMARY KEY,
            application_id INTEGER,
            at TEXT NOT NULL,
            what TEXT NOT NULL,
            reasons TEXT NOT NULL
        )""",
        "CREATE INDEX event_by_application ON event(application_id)",
        """CREATE TABLE notice (
            id INTEGER PRIMARY KEY,
            application_id INTEGER,
            at TEXT NOT NULL,
            text TEXT NOT NULL,
            key TEXT NOT NULL DEFAULT '',  -- de-duplication: each (application, key) once
            sent_at TEXT
        )""",
    ),
    # 2: the gift each draft brings its recipient (engine/gifts: never the same gift twice).
    ("ALTER TABLE draft ADD COLUMN gift TEXT NOT NULL DEFAULT ''",),
    # 3: the backfill of older mail after a first sync of the recent window (app/backfill.py).
    ("ALTER TABLE cursor ADD COLUMN backfill_below INTEGER NOT NULL DEFAULT 0",),
    # 4: an application's Message-IDs in rows of their own (applications.py), so a message
    # applied to a long thread adds one row instead of rewriting a growing JSON record.
    (
        """CREATE TABLE application_message (
            seq INTEGER PRIMARY KEY,     -- the order they were applied in
            application_id INTEGER NOT NULL REFERENCES application(id),
            message_id TEXT NOT NULL,
            UNIQUE (application_id, message_id)
        )""",
        """INSERT OR IGNORE INTO application_message(application_id, message_id)
            SELECT a.id, j.value FROM application AS a, json_each(a.data, '$.message_ids') AS j
            ORDER BY a.id, j.key""",
        "UPDATE application SET data = json_remove(data, '$.message_ids')",
    ),
)
