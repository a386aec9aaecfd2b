"""Crash safety: SIGKILL `followupd once` at named points and at random moments, then run it to
completion and check the invariants: one draft per due stage, none lost, store and Drafts agree,
the user's mail byte- and flag-identical. And a lost or corrupt state file: no destructive action,
a read-only rebuild, no duplicate drafts (our drafts are found by token and adopted).

Random kills are seeded (FOLLOWUPD_SEED, default 20260303) and few in CI; FOLLOWUPD_SOAK=1 runs
many more (see README, "Crash and fault soak").
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest
from conftest import Account, config_text, new_account
from crashkit import (
    AFTER_INTERVIEW,
    BEFORE_INTERVIEW,
    SOAK,
    assert_consistent,
    company_invitation,
    fill_inbox,
    run_once,
    user_mail,
)
from dovecot import DovecotServer
from mailgen import invitation, reply_from

from followupd.adapters.store.sqlite import open_store
from followupd.config.loader import load
from followupd.core.model import AppState, DraftStatus

pytestmark = pytest.mark.dovecot

SEED = int(os.environ.get("FOLLOWUPD_SEED", "20260303"))
RANDOM_RUNS = int(os.environ.get("FOLLOWUPD_CRASH_RUNS", "40" if SOAK else "3"))
REJECTION = reply_from("Unfortunately we have decided to move forward with other candidates.",
                       date="Wed, 04 Mar 2026 09:00:00 +0100", message_id="<reject-1@acme.example>")


@pytest.fixture
def config(account: Account, make_config) -> Path:
    return make_config(account)


def ok(config: Path, now: str) -> None:
    result = run_once(config, now)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def state_path(config: Path) -> Path:
    return load(config).state_path


@pytest.mark.parametrize("point", ["after_intent", "after_append"])
def test_a_kill_while_drafting_leaves_one_draft_in_a_consistent_state(
    account: Account, config: Path, point: str
) -> None:
    account.deliver(invitation())
    ok(config, BEFORE_INTERVIEW)
    before = user_mail(account)
    crashed = run_once(config, AFTER_INTERVIEW, crash_point=point)
    assert crashed.returncode == -9, crashed.stderr
    ok(config, AFTER_INTERVIEW)
    ok(config, AFTER_INTERVIEW)
    assert_consistent(account, config, expected_drafts=1)
    assert user_mail(account) == before


def test_a_kill_after_withdrawing_records_the_withdrawal_and_never_redrafts(
    account: Account, config: Path
) -> None:
    account.deliver(invitation())
    ok(config, AFTER_INTERVIEW)
    assert_consistent(account, config, expected_drafts=1)
    account.deliver(REJECTION)
    before = user_mail(account)
    crashed = run_once(config, "2026-03-04T09:30+01:00", crash_point="after_withdraw")
    assert crashed.returncode == -9, crashed.stderr
    ok(config, "2026-03-04T09:35+01:00")
    ok(config, "2026-05-04T09:35+02:00")
    assert_consistent(account, config, expected_drafts=0)
    with open_store(state_path(config), lock=False) as store:
        assert [d.status for d in store.drafts()] == [DraftStatus.WITHDRAWN]
        assert store.applications()[0].state is AppState.DECIDED
    assert user_mail(account) == before


def test_a_kill_mid_sync_loses_nothing_and_records_nothing_twice(account: Account, config: Path) -> None:
    fill_inbox(account, 700)  # two fetch batches of 500: the kill falls between them
    account.deliver(invitation())
    before = user_mail(account)
    crashed = run_once(config, AFTER_INTERVIEW, crash_point="mid_sync")
    assert crashed.returncode == -9, crashed.stderr
    with open_store(state_path(config), lock=False) as store:
        assert 0 < store.message_count("INBOX") < 701  # really killed between batches
    ok(config, AFTER_INTERVIEW)
    with open_store(state_path(config), lock=False) as store:
        assert store.message_count("INBOX") == 701
        assert len(store.applications()) == 1
    assert_consistent(account, config, expected_drafts=1)
    assert user_mail(account) == before


def test_random_kills_during_sync_and_drafting_never_duplicate_or_lose_a_draft(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    """Per run: a fresh mailbox of 300 messages and 4 interviews; `once` is SIGKILLed after a
    random delay (seeded), up to KILLS_PER_RUN times, then run to completion; the result must be
    consistent. The delays span the whole pass (start-up, sync batches, the four APPENDs): they are
    drawn up to 1.2 x the time an unkilled pass of the same mailbox takes on this machine, measured
    first, so a slow machine is killed as densely as a fast one (fixed delays of 0.2-2 s never let
    a pass finish on a slow CI machine)."""
    rng = random.Random(SEED)
    span = 1.2 * clean_pass_seconds(dovecot, tmp_path / "probe")
    kills = 0
    for run in range(RANDOM_RUNS):
        account, config = mailbox_with_four_interviews(dovecot, tmp_path / f"run{run}")
        before = user_mail(account)
        for _attempt in range(KILLS_PER_RUN):
            result = run_once(config, AFTER_INTERVIEW, kill_after=rng.uniform(0.1, span))
            if result.returncode == 0:
                break
            assert result.returncode == -9, result.stderr  # killed, never failed by itself
            kills += 1
        ok(config, AFTER_INTERVIEW)  # completes what the kills left, then a no-op pass
        ok(config, AFTER_INTERVIEW)
        assert_consistent(account, config, expected_drafts=4)
        assert user_mail(account) == before
    assert kills > 0, "the random delays never hit a running process; widen them"


KILLS_PER_RUN = 8


def mailbox_with_four_interviews(dovecot: DovecotServer, home: Path) -> tuple[Account, Path]:
    account = new_account(dovecot)
    fill_inbox(account, 300)
    for i in range(4):
        account.deliver(company_invitation(i))
    home.mkdir()
    config = home / "config.toml"
    config.write_text(config_text(account, home))
    return account, config


def clean_pass_seconds(dovecot: DovecotServer, home: Path) -> float:
    """Wall time of one unkilled first pass over the same kind of mailbox (a throwaway account)."""
    _account, config = mailbox_with_four_interviews(dovecot, home)
    started = time.monotonic()
    ok(config, AFTER_INTERVIEW)
    return time.monotonic() - started


def test_a_deleted_state_file_is_rebuilt_read_only_and_our_draft_adopted_not_duplicated(
    account: Account, config: Path
) -> None:
    account.deliver(invitation())
    ok(config, AFTER_INTERVIEW)
    assert_consistent(account, config, expected_drafts=1)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{state_path(config)}{suffix}").unlink(missing_ok=True)
    ok(config, AFTER_INTERVIEW)  # the thank-you is still due: it must find the one it made
    assert_consistent(account, config, expected_drafts=1)
    with open_store(state_path(config), lock=False) as store:
        [draft] = store.drafts()
        assert (draft.stage, draft.status) == ("thank_you_1", DraftStatus.EDITED)
        assert any("adopted" in e.what for e in store.events())
    # No trusted record of its bytes: a decision must not make followupd delete it.
    account.deliver(REJECTION)
    before = user_mail(account)
    ok(config, "2026-03-04T09:30+01:00")
    assert_consistent(account, config, expected_drafts=1)
    with open_store(state_path(config), lock=False) as store:
        assert store.applications()[0].state is AppState.DECIDED
        assert any("kept" in text for _id, _at, text in store.pending_notices())
    assert user_mail(account) == before


def test_a_corrupt_state_file_is_refused_and_after_moving_it_aside_rebuilt_without_duplicates(
    account: Account, config: Path
) -> None:
    account.deliver(invitation())
    ok(config, AFTER_INTERVIEW)
    path = state_path(config)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(random.Random(SEED).randbytes(8192))
    before = user_mail(account)
    refused = run_once(config, AFTER_INTERVIEW)
    assert refused.returncode == 74
    assert "unusable" in refused.stderr
    assert "Move it aside" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert_drafts = account.snapshot()["Drafts"]
    assert len(assert_drafts) == 1  # nothing appended or removed while refusing
    path.rename(path.with_name("state.db.corrupt"))
    ok(config, AFTER_INTERVIEW)
    assert_consistent(account, config, expected_drafts=1)
    assert user_mail(account) == before
