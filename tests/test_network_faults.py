"""Network faults between followupd and a real Dovecot (tests/faultproxy.py), UIDVALIDITY changes,
and the daemon surviving server restarts mid-IDLE."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Account, new_account
from crashkit import AFTER_INTERVIEW, assert_consistent, fill_inbox, run_once, user_mail
from dovecot import DovecotServer, make_server, remove_server
from faultproxy import FaultProxy, cut_literal, drop_after_append, stall_on_fetch
from faults import crash_stop
from mailgen import invitation, reply_from

from followupd.adapters.store.sqlite import open_store
from followupd.config.loader import load
from followupd.core.model import DraftStatus

pytestmark = pytest.mark.dovecot
TIMEOUT = 2


@pytest.fixture
def proxy(account: Account) -> FaultProxy:
    with FaultProxy(account.host, account.port) as p:
        yield p  # type: ignore[misc]


@pytest.fixture
def proxied_config(account: Account, proxy: FaultProxy, make_config) -> Path:
    return make_config(account, imap={"port": proxy.port, "timeout": TIMEOUT})


def assert_clean_failure(result, what: str) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode == 69, (what, result.returncode, result.stderr)
    assert "followupd: IMAP" in result.stderr or "followupd: " in result.stderr
    assert "Traceback" not in result.stderr


def test_a_connection_cut_mid_literal_fails_cleanly_and_the_next_run_catches_up(
    account: Account, proxy: FaultProxy, proxied_config: Path
) -> None:
    fill_inbox(account, 120)
    account.deliver(invitation())
    before = user_mail(account)
    rule = proxy.arm(cut_literal(after=300))
    failed = run_once(proxied_config, AFTER_INTERVIEW)
    assert rule is not None
    assert rule.fired.is_set()
    assert_clean_failure(failed, "cut mid-literal")
    assert "failed" in failed.stderr
    proxy.arm(None)
    caught_up = run_once(proxied_config, AFTER_INTERVIEW)
    assert caught_up.returncode == 0, caught_up.stderr
    with open_store(load(proxied_config).state_path, lock=False) as store:
        assert store.message_count("INBOX") == 121
        assert len(store.applications()) == 1
    assert_consistent(account, proxied_config, expected_drafts=1)
    assert user_mail(account) == before


def test_a_stalled_server_fails_the_run_within_the_timeout_instead_of_hanging(
    account: Account, proxy: FaultProxy, proxied_config: Path
) -> None:
    account.deliver(invitation())
    proxy.arm(stall_on_fetch())
    start = time.monotonic()
    failed = run_once(proxied_config, AFTER_INTERVIEW, timeout=60)
    elapsed = time.monotonic() - start
    assert_clean_failure(failed, "stall")
    # start-up (~1 s) + one read timeout; logout on the dead connection may wait one more
    assert elapsed < 3 * TIMEOUT + 3, elapsed
    proxy.arm(None)
    assert run_once(proxied_config, AFTER_INTERVIEW).returncode == 0
    assert_consistent(account, proxied_config, expected_drafts=1)


def test_a_connection_dropped_right_after_append_leaves_exactly_one_draft(
    account: Account, proxy: FaultProxy, proxied_config: Path
) -> None:
    account.deliver(invitation())
    before = user_mail(account)
    rule = proxy.arm(drop_after_append())
    failed = run_once(proxied_config, AFTER_INTERVIEW)
    assert rule is not None
    assert rule.fired.is_set()
    assert_clean_failure(failed, "drop after APPEND")
    proxy.arm(None)
    assert run_once(proxied_config, AFTER_INTERVIEW).returncode == 0
    assert run_once(proxied_config, AFTER_INTERVIEW).returncode == 0
    assert_consistent(account, proxied_config, expected_drafts=1)
    assert user_mail(account) == before


def test_an_unreachable_server_is_a_clean_failure(account: Account, make_config) -> None:
    from dovecot import free_port

    config = make_config(account, imap={"port": free_port(), "timeout": TIMEOUT})
    assert_clean_failure(run_once(config, AFTER_INTERVIEW), "connection refused")


def test_a_uidvalidity_change_on_inbox_records_nothing_twice(account: Account, make_config) -> None:
    config = make_config(account)
    account.deliver(invitation())
    assert run_once(config, AFTER_INTERVIEW).returncode == 0
    account.server.doveadm("mailbox", "update", "-u", account.user, "--uid-validity", "777", "INBOX")
    assert run_once(config, "2026-03-03T17:45+01:00").returncode == 0
    with open_store(load(config).state_path, lock=False) as store:
        assert store.message_count("INBOX") == 1
        assert len(store.applications()) == 1
        cursor = store.cursor("INBOX")
        assert cursor is not None
        assert cursor.uidvalidity == 777
    assert_consistent(account, config, expected_drafts=1)


def test_a_uidvalidity_change_on_drafts_still_finds_our_draft_by_token(
    account: Account, make_config
) -> None:
    config = make_config(account)
    account.deliver(invitation())
    assert run_once(config, AFTER_INTERVIEW).returncode == 0
    account.server.doveadm("mailbox", "update", "-u", account.user, "--uid-validity", "4242", "Drafts")
    assert run_once(config, "2026-03-03T17:45+01:00").returncode == 0
    assert_consistent(account, config, expected_drafts=1)
    with open_store(load(config).state_path, lock=False) as store:
        assert [d.status for d in store.drafts()] == [DraftStatus.APPENDED]  # not "dismissed"
    # ... and a decision still removes it: found by token, not by the stale UID.
    account.deliver(reply_from("Unfortunately we have decided to move forward with other candidates.",
                               date="Wed, 04 Mar 2026 09:00:00 +0100",
                               message_id="<reject-1@acme.example>"))
    assert run_once(config, "2026-03-04T09:30+01:00").returncode == 0
    assert_consistent(account, config, expected_drafts=0)
    with open_store(load(config).state_path, lock=False) as store:
        assert [d.status for d in store.drafts()] == [DraftStatus.WITHDRAWN]


@pytest.fixture
def own_dovecot() -> Iterator[DovecotServer]:
    server = make_server()
    server.start()
    yield server
    remove_server(server)


@pytest.mark.slow
def test_the_daemon_survives_twenty_server_restarts_mid_idle_and_catches_up_each_time(
    own_dovecot: DovecotServer, make_config, tmp_path: Path
) -> None:
    """Restart Dovecot (sessions get BYE, as in a real restart) while the daemon sits in IDLE, 20
    times; after each, a new mail must be tracked within RECOVERY seconds."""
    from test_daemon_e2e import DaemonProcess, tracked, wait_for

    recovery = 12.0
    account = new_account(own_dovecot)
    config = make_config(account, daemon={"reconnect_max_seconds": 5})
    daemon = DaemonProcess(config)
    try:
        assert daemon.wait_log(r"ready: watching INBOX", 15), daemon.text()
        account.deliver(invitation(message_id="<first@acme.example>"))
        assert wait_for(lambda: tracked(config, "<first@acme.example>"), 5), daemon.text()
        times = []
        for n in range(20):
            crash_stop(own_dovecot)
            own_dovecot.start()
            started = time.monotonic()
            reply = reply_from(f"Noted ({n}).", date="Mon, 2 Mar 2026 09:00:00 +0100",
                               message_id=f"<restart-{n}@acme.example>",
                               in_reply_to="<first@acme.example>")
            account.deliver(reply)
            assert wait_for(lambda n=n: tracked(config, f"<restart-{n}@acme.example>"), recovery), (
                n, daemon.text()[-3000:])
            times.append(time.monotonic() - started)
        times.sort()
        print(f"\nrecovery after restart over 20: p50 {times[10]:.2f} s, max {times[-1]:.2f} s")
        assert daemon.proc.poll() is None
        code, _ = daemon.stop()
        assert code == 0
        assert "Traceback" not in daemon.text()
    finally:
        daemon.close()
