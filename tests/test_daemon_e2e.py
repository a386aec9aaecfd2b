"""`followupd run` as a subprocess against a real Dovecot (and aiosmtpd): tracking latency,
server restart, signals, reload, refused login, digest, sd_notify and journald output.

Measured numbers are printed (run with -s to see them)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Account, SmtpServer, new_account
from dovecot import DovecotServer, make_server, remove_server
from faults import crash_stop
from mailgen import invitation, reply_from

from followupd.adapters.store.sqlite import open_store


def wait_for(predicate: Callable[[], Any], timeout: float, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


SCENARIO_START = "2026-03-02T10:00+01:00"


class DaemonProcess:
    def __init__(self, config: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.config = config
        self.log_path = config.with_name("daemon.log")
        self.log = self.log_path.open("wb")
        if "--now" not in args:  # the test mail is about an interview in March 2026
            args = ("--now", SCENARIO_START, *args)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "followupd", "run", "--config", str(config), *args],
            stdout=subprocess.DEVNULL, stderr=self.log, env={**os.environ, **(env or {})},
        )

    def text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_log(self, pattern: str, timeout: float = 10) -> bool:
        return bool(wait_for(lambda: re.search(pattern, self.text(), re.M), timeout))

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 5) -> tuple[int, float]:
        started = time.monotonic()
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout)
        return code, time.monotonic() - started

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


@pytest.fixture
def daemons() -> Iterator[Callable[..., DaemonProcess]]:
    started: list[DaemonProcess] = []

    def start(config: Path, *args: str, env: dict[str, str] | None = None) -> DaemonProcess:
        daemon = DaemonProcess(config, *args, env=env)
        started.append(daemon)
        return daemon

    yield start
    for daemon in started:
        daemon.close()


def state_path(config: Path) -> Path:
    return config.parent / "state" / "state.db"


def tracked(config: Path, message_id: str) -> bool:
    """The message is recorded and belongs to an application (read-only look at the store)."""
    path = state_path(config)
    if not path.exists():
        return False
    store = open_store(path, lock=False)
    try:
        return any(m.facts.message_id == message_id and m.application_id is not None
                   for m in store.messages(folder="INBOX"))
    finally:
        store.close()


@pytest.fixture
def notify_socket() -> Iterator[socket.socket]:
    directory = tempfile.mkdtemp(prefix="sdn-", dir="/tmp")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(f"{directory}/notify")
    sock.settimeout(0.1)
    yield sock
    sock.close()
    os.unlink(f"{directory}/notify")
    os.rmdir(directory)


def notifications(sock: socket.socket, until: Callable[[list[dict[str, str]]], bool],
                  timeout: float, seen: list[dict[str, str]]) -> bool:
    deadline = time.monotonic() + timeout
    while not until(seen) and time.monotonic() < deadline:
        try:
            data = sock.recv(4096).decode()
        except TimeoutError:
            continue
        seen.append(dict(line.split("=", 1) for line in data.splitlines()))
    return until(seen)


def has(key: str, value: str | None = None) -> Callable[[list[dict[str, str]]], bool]:
    return lambda seen: any(key in m and (value is None or value in m[key]) for m in seen)


NO_TIMESTAMP_JOURNAL_LINE = re.compile(r"^<[0-7]>followupd(\.[a-z_.]+)?: ")


def test_tracks_new_mail_within_two_seconds_and_stops_on_sigterm(
    account: Account, make_config, daemons, notify_socket: socket.socket
) -> None:
    config = make_config(account)
    env = {"NOTIFY_SOCKET": notify_socket.getsockname(), "WATCHDOG_USEC": "3000000",
           "JOURNAL_STREAM": "8:12345"}
    daemon = daemons(config, env=env)
    seen: list[dict[str, str]] = []
    assert notifications(notify_socket, has("READY", "1"), 15, seen), daemon.text()
    ready = next(m for m in seen if "READY" in m)
    assert ready["STATUS"].startswith("watching INBOX; 0 applications")
    assert notifications(notify_socket, has("WATCHDOG", "1"), 3, seen)  # keepalive NOOP every 1 s

    started = time.monotonic()
    account.deliver(invitation(message_id="<invite-fast@acme.example>"))
    assert wait_for(lambda: tracked(config, "<invite-fast@acme.example>"), 2.0), daemon.text()
    print(f"\ntime to track: {time.monotonic() - started:.2f} s")
    assert notifications(notify_socket, has("STATUS", "1 application"), 3, seen)

    code, took = daemon.stop()
    assert code == 0
    assert took < 5
    print(f"SIGTERM to exit: {took:.2f} s")
    assert notifications(notify_socket, has("STOPPING", "1"), 1, seen)
    lines = daemon.text().splitlines()
    assert lines
    assert all(NO_TIMESTAMP_JOURNAL_LINE.match(line) for line in lines), lines
    assert "Traceback" not in daemon.text()


@pytest.fixture
def own_dovecot() -> Iterator[DovecotServer]:
    server = make_server()
    server.start()
    yield server
    remove_server(server)


def drop_into_maildir(server: DovecotServer, user: str, raw: bytes) -> None:
    """Deliver while the server is down: what the MTA does, straight into Maildir/new."""
    new = server.maildir(user) / "new"
    path = new / f"{int(time.time())}.P{os.getpid()}.followupd-test"
    path.write_bytes(raw)
    owner = new.stat()
    os.chown(path, owner.st_uid, owner.st_gid)


@pytest.mark.slow
def test_reconnects_after_a_server_restart_and_catches_up(
    own_dovecot: DovecotServer, make_config, daemons
) -> None:
    account = new_account(own_dovecot)
    config = make_config(account, daemon={"reconnect_max_seconds": 5})
    daemon = daemons(config)
    assert daemon.wait_log(r"ready: watching INBOX", 15), daemon.text()
    account.deliver(invitation(message_id="<before@acme.example>"))
    assert wait_for(lambda: tracked(config, "<before@acme.example>"), 2.0)

    crash_stop(own_dovecot)
    assert daemon.wait_log(r"WARNING .*reconnecting in", 5), daemon.text()
    reply = reply_from("Thank you, we will decide next week.", date="Mon, 2 Mar 2026 09:00:00 +0100",
                       message_id="<while-down@acme.example>", in_reply_to="<before@acme.example>")
    drop_into_maildir(own_dovecot, account.user, reply)
    time.sleep(20)  # the scenario: the server is down for ~20 s
    started = time.monotonic()
    own_dovecot.start()
    assert wait_for(lambda: tracked(config, "<while-down@acme.example>"), 10), daemon.text()
    print(f"\nserver back -> missed mail tracked: {time.monotonic() - started:.2f} s "
          f"(reconnect_max_seconds = 5)")
    assert daemon.wait_log(r"reconnected to 127\.0\.0\.1 after", 1)

    account.deliver(invitation(message_id="<after@acme.example>", uid="after@acme.example"))
    assert wait_for(lambda: tracked(config, "<after@acme.example>"), 2.0), daemon.text()
    code, _ = daemon.stop()
    assert code == 0
    text = daemon.text()
    assert "Traceback" not in text
    assert not re.search(r"^\S+ (ERROR|CRITICAL)", text, re.M), text


def broken_config(path: Path) -> None:
    text = path.read_text().replace('timezone = "Europe/Berlin"', 'timezone = "Mars/Olympus"')
    path.write_text(text + '\n[daemon]\nplan_interval_seconds = 1\nnonsense = 3\n')


def test_sighup_with_a_broken_config_keeps_the_old_one_running(
    account: Account, make_config, daemons
) -> None:
    config = make_config(account)
    daemon = daemons(config)
    assert daemon.wait_log(r"ready: watching INBOX", 15), daemon.text()
    broken_config(config)
    daemon.proc.send_signal(signal.SIGHUP)
    assert daemon.wait_log(r"config reload failed; still running with the previous config", 5)
    text = daemon.text()
    for problem in ("schedule.timezone", "daemon.plan_interval_seconds", "daemon.nonsense"):
        assert problem in text  # every problem, at once
    account.deliver(invitation(message_id="<after-hup@acme.example>"))
    assert wait_for(lambda: tracked(config, "<after-hup@acme.example>"), 2.0), daemon.text()
    code, _ = daemon.stop()
    assert code == 0
    assert "Traceback" not in daemon.text()


def test_sighup_with_a_valid_config_puts_it_in_place(
    account: Account, make_config, daemons
) -> None:
    config = make_config(account)
    daemon = daemons(config)
    assert daemon.wait_log(r"ready: watching INBOX", 15), daemon.text()
    text = config.read_text()
    assert 'timezone = "Europe/Berlin"' in text
    config.write_text(text.replace('timezone = "Europe/Berlin"', 'timezone = "America/New_York"'))
    daemon.proc.send_signal(signal.SIGHUP)
    assert daemon.wait_log(r"config reloaded from .*\(schedule.timezone America/New_York\)", 10), \
        daemon.text()
    assert daemon.wait_log(r"ready: watching INBOX", 15)
    account.deliver(invitation(message_id="<after-reload@acme.example>"))
    assert wait_for(lambda: tracked(config, "<after-reload@acme.example>"), 5.0), daemon.text()
    code, _ = daemon.stop()
    assert code == 0
    assert "Traceback" not in daemon.text()


def test_refused_login_waits_for_sighup_then_resumes(
    own_dovecot: DovecotServer, make_config, daemons, tmp_path: Path
) -> None:
    # Its own Dovecot: a failed login makes Dovecot delay later logins from the same address
    # (auth penalty), which would slow every other test sharing the session server.
    account = new_account(own_dovecot)
    config = make_config(account)
    secret = tmp_path / "imap-password"
    secret.write_text("wrong-password\n")
    daemon = daemons(config)
    assert daemon.wait_log(r"ERROR .*refused the login.*Not retrying", 10), daemon.text()
    time.sleep(1.5)  # long enough for a retry loop to show itself
    assert daemon.text().count("refused the login") == 1
    assert daemon.proc.poll() is None
    secret.write_text(account.password + "\n")
    daemon.proc.send_signal(signal.SIGHUP)
    assert daemon.wait_log(r"ready: watching INBOX", 10), daemon.text()
    code, _ = daemon.stop()
    assert code == 0
    assert "Traceback" not in daemon.text()
    store = open_store(state_path(config), lock=False)
    try:
        assert any("stopped watching your mail" in n[2] for n in store.pending_notices())
    finally:
        store.close()


def test_digest_reaches_the_user_listing_the_queued_draft(
    account: Account, make_config, daemons, smtp_server: SmtpServer
) -> None:
    config = make_config(account, smtp={"enabled": True, "host": smtp_server.host,
                                        "port": smtp_server.port, "tls": "none",
                                        "min_interval_minutes": 60})
    account.deliver(invitation())
    # Interview Tue 3 March 14:00-15:00 Berlin; at 17:30 the thank-you is due.
    daemon = daemons(config, "--now", "2026-03-03T17:30+01:00")
    assert wait_for(lambda: smtp_server.received, 15), daemon.text()
    envelope = smtp_server.received[0]
    assert envelope.rcpt_tos == ["alice@example.org"]
    body = envelope.content.decode()
    assert re.search(r"thank.you", body, re.I), body
    assert "Acme" in body
    time.sleep(1.5)
    assert len(smtp_server.received) == 1  # at most one per interval
    code, _ = daemon.stop()
    assert code == 0
