"""The first sync reads the recent window first; older mail is backfilled after it, resumably
(against a real Dovecot: SINCE and internal dates live on the server)."""

from __future__ import annotations

import datetime as dt
import os
import pty
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from conftest import Account
from crashkit import run_once
from mailgen import invitation, message

from followupd.adapters.store.sqlite import open_store
from followupd.app.runner import Runner
from followupd.config import loader as config
from followupd.ports import Mailbox

# The pass's clock is months before the wall clock: SINCE must count from it.
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
NOW_ARG = "2026-03-02T11:00+01:00"
OLD = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)  # far outside track_history_days + margin
RECENT = dt.datetime(2026, 2, 26, 10, 15, tzinfo=dt.UTC)


class Spy:
    """The Runner's mailbox, recording which UIDs had their headers and bodies fetched."""

    def __init__(self, inner: Mailbox) -> None:
        self._inner = inner
        self.headers: list[int] = []
        self.bodies: list[int] = []

    def fetch_headers(self, uids: Sequence[int]) -> Iterator[Any]:
        self.headers += uids
        return self._inner.fetch_headers(uids)

    def fetch_full(self, uids: Sequence[int]) -> Iterator[tuple[int, bytes]]:
        self.bodies += uids
        return self._inner.fetch_full(uids)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _mixed_mailbox(account: Account, old: int = 6) -> tuple[list[int], list[int]]:
    """``old`` messages that arrived in 2025, then recent mail (one an interview invitation)."""
    old_uids = [
        account.deliver(
            message(n, subject=f"Interview about the Q{n} budget call"), when=OLD + dt.timedelta(days=n)
        )
        for n in range(old)
    ]
    recent = [account.deliver(message(100 + n), when=RECENT) for n in range(2)]
    recent.append(account.deliver(invitation(), when=RECENT))
    return old_uids, recent


def _runner(cfg_path: Path, store: Any) -> tuple[Runner, Spy]:
    runner = Runner(config.load(cfg_path), store)
    runner.connect()
    spy = Spy(runner.mailbox)
    runner._mailbox = spy  # type: ignore[assignment]
    return runner, spy


def test_the_first_pass_reads_only_the_recent_window_and_makes_its_application(
    account: Account, make_config: Any
) -> None:
    _old, recent = _mixed_mailbox(account)
    cfg_path = make_config(account)
    with open_store(config.load(cfg_path).state_path) as store:
        runner, spy = _runner(cfg_path, store)
        try:
            runner.once(NOW)
        finally:
            runner.close()
        assert [a.company for a in store.applications()] == ["Acme"]
        cursor = store.cursor("INBOX")
    assert spy.headers == recent
    assert set(spy.bodies) <= set(recent)
    assert recent[-1] in spy.bodies
    assert cursor is not None
    assert cursor.backfill_below == recent[0]


def test_the_backfill_records_the_older_mail_newest_first_from_headers_without_tracking_it(
    account: Account, make_config: Any
) -> None:
    old, recent = _mixed_mailbox(account)
    cfg_path = make_config(account)
    with open_store(config.load(cfg_path).state_path) as store:
        runner, spy = _runner(cfg_path, store)
        try:
            runner.once(NOW)
            spy.headers.clear()
            spy.bodies.clear()
            runner.backfill.step(NOW, limit=4)
            runner.backfill.run(NOW)
            assert not runner.backfill.pending()
            runner.once(NOW)  # nothing new: nothing read again
        finally:
            runner.close()
        rows = store.db.execute("SELECT uid, application_id FROM message WHERE folder='INBOX'").fetchall()
        cursor = store.cursor("INBOX")
    assert spy.headers == old[-4:] + old[:-4]
    assert spy.bodies == []  # recorded from their headers
    assert sorted(uid for uid, _ in rows) == old + recent
    assert all(app is None for uid, app in rows if uid in old)
    assert cursor is not None
    assert (cursor.last_uid, cursor.backfill_below) == (recent[-1], 0)


def test_an_interrupted_backfill_resumes_from_its_cursor(account: Account, make_config: Any) -> None:
    old, recent = _mixed_mailbox(account, old=3)
    cfg_path = make_config(account)
    with open_store(config.load(cfg_path).state_path) as store:
        runner, _spy = _runner(cfg_path, store)
        try:
            runner.once(NOW)
            runner.backfill.step(NOW, limit=2)  # then the process "dies": a new Runner
        finally:
            runner.close()
        assert store.cursor("INBOX").backfill_below == old[1]  # type: ignore[union-attr]
        runner, spy = _runner(cfg_path, store)
        try:
            runner.backfill.run(NOW)
        finally:
            runner.close()
        count = store.db.execute("SELECT count(*) FROM message WHERE folder='INBOX'").fetchone()[0]
    assert spy.headers == old[:1]
    assert count == len(old) + len(recent)


def _old_maildir(account: Account, count: int) -> list[int]:
    """``count`` messages that arrived in 2025, written straight into the Maildir (Dovecot takes
    a file's mtime as its internal date); their UIDs."""
    account.folder_uids("INBOX")  # creates the maildir
    mail = account.server.mail_root / account.user
    stat = mail.stat()
    stamp = int(OLD.timestamp())
    for i in range(count):
        path = mail / "cur" / f"{stamp + i}.M{i}P{os.getpid()}.test:2,S"
        path.write_bytes(message(1000 + i))
        os.chown(path, stat.st_uid, stat.st_gid)
        os.utime(path, (stamp + i, stamp + i))
    return account.folder_uids("INBOX")


def test_a_backfill_killed_mid_way_resumes_and_records_each_message_once(
    account: Account, make_config: Any
) -> None:
    old = _old_maildir(account, 600)  # more than one backfill batch (500)
    recent = [account.deliver(message(n), when=RECENT) for n in range(2)]
    cfg_path = make_config(account)
    killed = run_once(cfg_path, NOW_ARG, crash_point="mid_backfill")
    assert killed.returncode == -9
    resumed = run_once(cfg_path, NOW_ARG)
    assert resumed.returncode == 0, resumed.stderr
    with open_store(config.load(cfg_path).state_path) as store:
        uids = [r[0] for r in store.db.execute("SELECT uid FROM message WHERE folder='INBOX'")]
        cursor = store.cursor("INBOX")
    assert sorted(uids) == old + recent
    assert "reading 100 older messages" in resumed.stderr
    assert cursor is not None
    assert cursor.backfill_below == 0


def test_with_backfill_off_old_mail_is_never_read(account: Account, make_config: Any) -> None:
    old, _recent = _mixed_mailbox(account)
    cfg_path = make_config(account, sync={"backfill": False})
    with open_store(config.load(cfg_path).state_path) as store:
        runner, spy = _runner(cfg_path, store)
        try:
            runner.once(NOW)
            runner.backfill.run(NOW)
            runner.once(NOW + dt.timedelta(days=1))
        finally:
            runner.close()
    assert not set(spy.headers) & set(old)


def test_once_on_a_terminal_shows_the_first_pass_then_the_older_mail(
    account: Account, make_config: Any
) -> None:
    _old, _recent = _mixed_mailbox(account, old=3)
    master, slave = pty.openpty()
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "followupd",
                "--config",
                str(make_config(account)),
                "-q",
                "once",
                "--now",
                NOW_ARG,
            ],
            stdout=subprocess.PIPE,
            stderr=slave,
            timeout=60,
            check=True,
        )
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
    first = shown.index(b"reading INBOX: 3/3 (100%)")
    assert shown.index(b"reading older mail in INBOX: 3/3 (100%)") > first


def test_the_daemon_is_ready_before_the_backfill_and_reads_new_mail_meanwhile(
    account: Account, make_config: Any
) -> None:
    from test_daemon_e2e import DaemonProcess, wait_for

    old = _old_maildir(account, 700)  # four daemon steps of 200
    account.deliver(invitation(), when=RECENT)
    cfg_path = make_config(account)
    daemon = DaemonProcess(cfg_path, "--now", NOW_ARG)
    try:
        assert daemon.wait_log(r"ready: watching INBOX", timeout=60), daemon.text()
        new = account.deliver(message(7, subject="Lunch?"))
        assert daemon.wait_log(r"INBOX: older mail read \(700 messages\)", timeout=120), daemon.text()

        def recorded() -> set[int]:
            with open_store(config.load(cfg_path).state_path, lock=False) as store:
                return {m.uid for m in store.messages(folder="INBOX")}

        assert wait_for(lambda: new in recorded(), 20), daemon.text()
    finally:
        daemon.close()
    text = daemon.text()
    assert text.index("ready: watching INBOX") < text.index("older mail read")
    assert set(old) <= recorded()
