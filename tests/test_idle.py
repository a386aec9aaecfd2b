"""The IDLE watcher against a real Dovecot: change notices, refresh, wake-ups, dead connections."""

from __future__ import annotations

import functools
import os
import signal
import time
from collections.abc import Iterator

import pytest
from conftest import Account, new_account
from dovecot import DovecotServer, make_server, remove_server
from faults import crash_stop, signal_sessions
from mailgen import message

from followupd.adapters import credentials
from followupd.adapters.imap.idle import InboxWatcher, Wakeup
from followupd.config import loader as config
from followupd.core.errors import ServerError


def watcher_for(account: Account, make_config, refresh: float = 60.0, timeout: float = 10) -> InboxWatcher:  # type: ignore[no-untyped-def]
    cfg = config.load(make_config(account, imap={"timeout": timeout}))
    return InboxWatcher(cfg.imap, "INBOX", functools.partial(credentials.for_imap, cfg.imap),
                        refresh_seconds=refresh)


def wait_until(watcher: InboxWatcher, seconds: float) -> Wakeup:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        wake = watcher.wait(0.2)
        if wake.changed:
            return wake
    return Wakeup()


def test_new_mail_is_noticed_quickly(account: Account, make_config) -> None:
    watcher = watcher_for(account, make_config)
    assert watcher.start()
    try:
        assert not watcher.wait(0.1).changed
        started = time.monotonic()
        account.deliver(message(1))
        assert wait_until(watcher, 3.0).changed
        assert time.monotonic() - started < 2.0
    finally:
        watcher.close()
    assert watcher.mailbox is None
    watcher.close()  # idempotent


def test_refresh_is_a_server_round_trip(account: Account, make_config) -> None:
    watcher = watcher_for(account, make_config, refresh=0.3)
    assert watcher.start()
    try:
        time.sleep(0.35)
        wake = watcher.wait(1.0)
        assert wake.heard_server
        assert 0.2 < watcher.seconds_to_refresh() <= 0.3
        account.deliver(message(2))
        assert wait_until(watcher, 3.0).changed  # still idling after the refresh
    finally:
        watcher.close()


def test_wake_fd_interrupts_the_wait(account: Account, make_config) -> None:
    watcher = watcher_for(account, make_config)
    assert watcher.start()
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, b"\0")
        started = time.monotonic()
        assert watcher.wait(5.0, wake_fd=read_end) == Wakeup()
        assert time.monotonic() - started < 0.5
    finally:
        os.close(read_end)
        os.close(write_end)
        watcher.close()


@pytest.fixture
def own_dovecot() -> Iterator[DovecotServer]:
    server = make_server()
    server.start()
    yield server
    remove_server(server)


def test_server_shutdown_is_a_server_error(own_dovecot: DovecotServer, make_config) -> None:
    watcher = watcher_for(new_account(own_dovecot), make_config)
    assert watcher.start()
    try:
        crash_stop(own_dovecot)
        deadline = time.monotonic() + 5
        with pytest.raises(ServerError):  # noqa: PT012 - the loop is what is under test
            while time.monotonic() < deadline:
                watcher.wait(0.2)
    finally:
        started = time.monotonic()
        watcher.close()
        assert time.monotonic() - started < 3  # a dead connection does not hold up shutdown


def test_a_silent_server_is_found_dead_at_the_next_refresh(own_dovecot: DovecotServer, make_config) -> None:
    watcher = watcher_for(new_account(own_dovecot), make_config, refresh=0.5, timeout=1.5)
    assert watcher.start()
    frozen = signal_sessions(own_dovecot, signal.SIGSTOP)  # alive for TCP, silent for IMAP
    assert frozen
    try:
        started = time.monotonic()
        with pytest.raises(ServerError, match="DONE"):  # noqa: PT012
            while time.monotonic() - started < 5:
                watcher.wait(0.2)
        assert time.monotonic() - started < 3  # refresh (0.5 s) + DONE timeout (1.5 s)
    finally:
        for pid in frozen:
            os.kill(pid, signal.SIGCONT)
        watcher.close()
