"""State store: schema migrations, file mode, single-instance lock, records round-trip."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from followupd.adapters.store.migrations import MIGRATIONS
from followupd.adapters.store.sqlite import Cursor, open_store
from followupd.core.errors import AlreadyRunningError, StateError
from followupd.core.model import (
    Address,
    Application,
    AppState,
    DraftRecord,
    DraftStatus,
    Interview,
    Kind,
    MessageFacts,
    Reason,
)

NOW = dt.datetime(2026, 3, 3, 10, 0, tzinfo=dt.UTC)


def test_new_store_is_private_and_at_the_latest_schema(tmp_path: Path) -> None:
    path = tmp_path / "s" / "state.db"
    with open_store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_second_instance_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with open_store(path), pytest.raises(AlreadyRunningError, match="already using"):
        open_store(path)
    open_store(path).close()  # the lock is released on close


def test_state_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StateError, match="newer followupd"):
        open_store(path)


def test_a_schema_1_state_keeps_its_drafts_and_learns_their_gifts(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    db = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute("INSERT INTO application(id, company, position, state, data, updated_at) "
               "VALUES (1, 'Acme', '', 'waiting', '{}', '2026-03-03T10:00:00+00:00')")
    db.execute("INSERT INTO draft(application_id, stage, token, message_id, status, created_at, "
               "folder) VALUES (1, 'thank_you_1', 'tok', '<d@x>', 'sent', "
               "'2026-03-03T10:00:00+00:00', 'Drafts')")
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    with open_store(path) as store:
        (old,) = store.drafts()
        assert (old.stage, old.gift) == ("thank_you_1", "")  # given before gifts were recorded
        new = replace(old, id=0, stage="follow_up_1", token="tok2", gift="a talk on outboxes")
        store.add_draft_intent(new, raw=b"x", content_hash="h")
        assert [d.gift for d in store.drafts()] == ["", "a talk on outboxes"]


def test_corrupt_state_file_is_a_state_error(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StateError, match="unusable"):
        open_store(path)


def test_application_round_trips_with_nested_records(tmp_path: Path) -> None:
    app = Application(
        id=0, company="Acme", position="Engineer", state=AppState.SCHEDULED, created_at=NOW,
        interviewer=Address("Jane Roe", "jane@acme.example"),
        interviews=(Interview(NOW, NOW + dt.timedelta(hours=1), "Europe/Berlin", "uid1", 2),),
        topics=("observability",), message_ids=("<a@x>",),
    )
    with open_store(tmp_path / "state.db") as store:
        saved = store.add_application(app, NOW)
        assert saved.id > 0
        loaded = store.application(saved.id)
    assert loaded == saved


def test_message_seen_again_after_uidvalidity_change_is_not_recorded_twice(tmp_path: Path) -> None:
    facts = MessageFacts("<m1@x>", "Hello", Address("", "a@b.example"), kind=Kind.REPLY,
                         reasons=(Reason("test"),))
    with open_store(tmp_path / "state.db") as store:
        _, first = store.record_message("INBOX", 1, 10, facts, None, NOW)
        moved, second = store.record_message("INBOX", 2, 3, facts, None, NOW)
        assert (first, second) == (True, False)
        assert (moved.uidvalidity, moved.uid) == (2, 3)
        assert store.message_count("INBOX") == 1


def test_one_draft_per_stage_is_enforced_by_the_schema(tmp_path: Path) -> None:
    app = Application(0, "Acme", "Eng", AppState.INTERVIEWED, NOW)
    with open_store(tmp_path / "state.db") as store:
        app = store.add_application(app, NOW)
        first = DraftRecord(0, app.id, "thank_you_1", "tok1", "<d1@x>", DraftStatus.INTENDED, NOW,
                            folder="Drafts", in_reply_to="<inv@x>", recipient="jane@acme.example")
        store.add_draft_intent(first, raw=b"raw", content_hash="d")
        with pytest.raises(sqlite3.IntegrityError):
            store.add_draft_intent(replace(first, token="tok2"), raw=b"raw", content_hash="d")
        draft = store.draft_by_token("tok1")
        assert draft is not None
        assert draft.status is DraftStatus.INTENDED
        assert (draft.in_reply_to, draft.recipient) == ("<inv@x>", "jane@acme.example")
        assert store.draft_payload(draft.id) == (b"raw", "d")


def test_cursor_and_events_persist(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with open_store(path) as store:
        store.set_cursor(Cursor("INBOX", 7, 42, 0))
        store.add_event(None, NOW, "hello", (Reason("r", "d"),))
    with open_store(path) as store:
        assert store.cursor("INBOX") == Cursor("INBOX", 7, 42, 0)
        assert store.events()[0].reasons == (Reason("r", "d"),)


def test_a_keyed_notice_is_queued_once(tmp_path: Path) -> None:
    with open_store(tmp_path / "state.db") as store:
        assert store.add_notice(NOW, "kept your edited draft", 1, key="kept-edited:3")
        assert not store.add_notice(NOW, "kept your edited draft", 1, key="kept-edited:3")
        assert len(store.pending_notices()) == 1


def test_applying_one_more_message_adds_one_row_and_leaves_the_record_its_size(
        tmp_path: Path) -> None:
    app = Application(id=0, company="Acme", position="", state=AppState.WAITING, created_at=NOW,
                      message_ids=("<a@x>",))
    with open_store(tmp_path / "state.db") as store:
        app = store.add_application(app, NOW)
        sizes = []
        for n in range(50):
            app = replace(app, message_ids=(*app.message_ids, f"<m{n}@x>"))
            store.save_application(app, NOW)
            sizes.append(len(store.db.execute("SELECT data FROM application").fetchone()[0]))
        rows = store.db.execute("SELECT count(*) FROM application_message").fetchone()[0]
        assert rows == 51
        assert len(set(sizes)) == 1  # the JSON no longer grows with the thread
        assert store.application(app.id) == app
        assert store.applications() == [app]
        shorter = replace(app, message_ids=("<b@x>", "<a@x>"))  # not an append: rewritten
        store.save_application(shorter, NOW)
        assert store.application(app.id) == shorter


def test_a_schema_3_state_moves_its_message_ids_into_rows(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    db = sqlite3.connect(path)
    for step in MIGRATIONS[:3]:
        for statement in step:
            db.execute(statement)
    data = ('{"id": 1, "company": "Acme", "position": "", "state": "waiting", '
            '"message_ids": ["<a@x>", "<b@x>"], "created_at": "2026-03-03T10:00:00+00:00"}')
    db.execute("INSERT INTO application(id, company, position, state, data, updated_at) "
               "VALUES (1, 'Acme', '', 'waiting', ?, '2026-03-03T10:00:00+00:00')", (data,))
    db.execute("PRAGMA user_version=3")
    db.commit()
    db.close()
    with open_store(path) as store:
        (app,) = store.applications()
        assert app.message_ids == ("<a@x>", "<b@x>")
        assert "message_ids" not in store.db.execute("SELECT data FROM application").fetchone()[0]
