"""pause, resume, stop and track against a real Dovecot; writing while the daemon holds the lock."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import Account
from engine_factories import make_app
from mailgen import invitation, reply_from
from test_cli_apps import BEFORE, EVENING, Cli

from followupd.adapters.store.sqlite import open_store
from followupd.app.context import Context, Skip
from followupd.app.records import set_state
from followupd.app.runner import Runner
from followupd.cli.select import find_application
from followupd.config.loader import load
from followupd.core.actions import SetState
from followupd.core.errors import UsageError
from followupd.core.model import AppState
from followupd.mail import understand


def drafts(account: Account) -> list[int]:
    return account.folder_uids("Drafts")


@pytest.fixture
def cli(account: Account, make_config: Any, capsys: pytest.CaptureFixture[str]) -> Cli:
    account.deliver(invitation())
    run = Cli(make_config(account), capsys)
    run("once", "--now", BEFORE)
    return run


def test_pause_stops_drafts_until_resume(cli: Cli, account: Account) -> None:
    assert "paused application 1" in cli("pause", "acme")
    cli("once", "--now", EVENING)
    assert drafts(account) == []
    row = cli.json("status", "--now", EVENING)[0]
    assert (row["state"], row["next_action"]) == ("paused", "paused")
    cli("resume", "acme")
    cli("once", "--now", "2026-03-03T17:35+01:00")
    assert len(drafts(account)) == 1


def test_pause_until_resumes_by_itself(cli: Cli, account: Account) -> None:
    cli("pause", "1", "--until", "2026-03-03T17:40+01:00")
    cli("once", "--now", EVENING)
    assert drafts(account) == []
    cli("once", "--now", "2026-03-03T17:45+01:00")  # the pause ends ...
    cli("once", "--now", "2026-03-03T17:50+01:00")  # ... and the thank-you is made
    assert len(drafts(account)) == 1


def test_stop_ends_the_thread_and_removes_our_untouched_draft(cli: Cli, account: Account) -> None:
    cli("once", "--now", EVENING)
    assert len(drafts(account)) == 1
    cli("stop", "acme", "--reason", "took another offer")
    cli("once", "--now", "2026-03-03T17:35+01:00")
    assert drafts(account) == []
    cli("once", "--now", "2026-04-30T10:00+02:00")
    assert drafts(account) == []
    shown = cli.json("show", "acme")
    assert shown["application"]["state"] == "stopped"
    assert any("took another offer" in r for e in shown["timeline"] if e["type"] == "event"
               for r in e["reasons"])
    assert cli("preview", "acme").startswith("nothing to preview")


CHAT = (b"From: Tom Baker <tom@initech.example>\r\nTo: Alice Example <alice@example.org>\r\n"
        b"Subject: Great chatting today\r\nDate: Mon, 02 Mar 2026 11:00:00 +0100\r\n"
        b"Message-ID: <chat-1@initech.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Hi Alice,\r\n\r\ngreat speaking with you on the phone today about the platform team. "
        b"I will talk to the team and come back to you.\r\n\r\nTom\r\n")


def test_track_by_message_id_follows_a_thread_the_detector_missed(
    cli: Cli, account: Account
) -> None:
    account.deliver(CHAT)
    cli("once", "--now", "2026-03-02T11:30+01:00")
    assert len(cli.json("status")) == 1  # read as unrelated: not tracked
    out = cli("track", "chat-1@initech.example", "--position", "Platform Engineer",
              "--now", "2026-03-02T11:30+01:00")
    assert "tracking application 2 (Initech – Platform Engineer)" in out
    msg = cli("preview", "initech", "--now", "2026-03-02T11:30+01:00")
    assert "# follow_up_1 for application 2" in msg
    assert "To: Tom Baker <tom@initech.example>" in msg
    assert "In-Reply-To: <chat-1@initech.example>" in msg
    assert "already belongs to application 2" in cli("track", "<chat-1@initech.example>", code=64)


def test_track_reads_an_eml_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "chat.eml"
    path.write_bytes(CHAT)
    cli("track", str(path), "--now", "2026-03-02T11:30+01:00")
    assert [r["company"] for r in cli.json("status")] == ["Acme", "Initech"]


def test_track_names_an_unknown_message_id(cli: Cli) -> None:
    assert "has not read a message <nope@x.example>" in cli("track", "nope@x.example", code=64)


def test_note_works_while_another_process_holds_the_daemon_lock(cli: Cli) -> None:
    state = load(cli.config).state_path
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from followupd.adapters.store.sqlite import open_store; s = open_store(Path(sys.argv[1])); "
         "print('locked', flush=True); time.sleep(60)", str(state)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        assert "another followupd" in cli("once", "--now", BEFORE, code=75)  # the lock is real
        cli("note", "acme", "--topic", "on-call culture")
        assert "on-call culture" in cli("preview", "acme", "--now", BEFORE)
        assert cli.json("status", "--now", BEFORE)[0]["state"] == "scheduled"
    finally:
        holder.kill()
        holder.wait()


def test_note_waits_for_a_write_transaction_of_the_daemon(cli: Cli) -> None:
    state = load(cli.config).state_path
    ready = threading.Event()

    def daemon_writes() -> None:
        db = sqlite3.connect(state, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(1.0)
        db.execute("COMMIT")
        db.close()

    writer = threading.Thread(target=daemon_writes)
    writer.start()
    ready.wait(5)
    started = time.monotonic()
    cli("note", "acme", "--gift", "a talk on idempotent consumers")
    waited = time.monotonic() - started
    writer.join()
    assert waited >= 0.8
    assert "idempotent consumers" in cli("note", "acme")


def test_a_note_survives_the_daemon_tracking_mail_with_a_cached_copy(cli: Cli) -> None:
    cfg = load(cli.config)
    now = dt.datetime.fromisoformat("2026-03-02T12:00+01:00")
    with open_store(cfg.state_path) as store:  # the daemon's connection
        runner = Runner(cfg, store)
        runner._load_apps()  # the cache a sync takes at its start
        cli("note", "acme", "--topic", "the event-sourcing migration")
        facts = understand(reply_from("Looking forward to tomorrow!", date="Mon, 02 Mar 2026 "
                                      "11:55:00 +0100", message_id="<fwd-1@acme.example>"))
        with store.transaction():
            stored, _ = store.record_message("INBOX", 1, 99, facts, None, now)
            runner._track(stored, now=now)
        app = store.application(1)
    assert app is not None
    assert app.topics == ("the event-sourcing migration",)
    assert "<fwd-1@acme.example>" in app.message_ids


def test_a_planned_state_change_does_not_undo_a_pause(cli: Cli) -> None:
    cfg = load(cli.config)
    cli("pause", "acme")
    with open_store(cfg.state_path) as store:
        ctx = Context(store, None, "Drafts", cfg.identity, cfg.policy, None)  # type: ignore[arg-type]
        done = set_state(ctx, SetState(1, AppState.INTERVIEWED), dt.datetime.now(dt.UTC))
        assert isinstance(done, Skip)
        assert "paused" in done.why
        app = store.application(1)
    assert app is not None
    assert app.state is AppState.PAUSED


APPS = [make_app(id=1, company="Acme"), make_app(id=2, company="Acme Labs"),
        make_app(id=3, company="Globex", position="SRE"),
        make_app(id=4, company="Globex", position="Data Engineer")]


@pytest.mark.parametrize(("key", "expected"), [
    ("1", 1), ("4", 4), ("acme", 1), ("ACME", 1), ("acme l", 2), ("Acme Labs", 2),
])
def test_an_application_is_found_by_number_name_or_unique_prefix(key: str, expected: int) -> None:
    assert find_application(APPS, key).id == expected


@pytest.mark.parametrize(("key", "message"), [
    ("glo", "'glo' matches 2 applications:\n  3 (Globex – SRE)"),
    ("globex", "matches 2 applications"),
    ("9", "no application 9"),
    ("initech", "no application matches 'initech'"),
])
def test_an_unknown_or_ambiguous_application_is_a_usage_error(key: str, message: str) -> None:
    with pytest.raises(UsageError, match=None) as info:
        find_application(APPS, key)
    assert message in str(info.value)
    assert info.value.exit_code == 64
