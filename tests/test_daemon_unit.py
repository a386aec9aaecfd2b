"""Pure parts of the daemon and the journald log format."""

from __future__ import annotations

import datetime as dt
import logging
import random
import re
from collections.abc import Iterator

import pytest

from followupd.adapters import logsetup
from followupd.app.timing import backoff_delay, offset_clock


def test_backoff_is_full_jitter_under_an_exponential_ceiling_and_the_cap() -> None:
    rng = random.Random(7)
    for attempt in range(12):
        ceiling = min(60.0, 2.0**attempt)
        delays = [backoff_delay(attempt, 60, rng) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8  # really spread over the whole range
        assert min(delays) < ceiling * 0.2
    assert backoff_delay(10_000, 300, rng) <= 300  # no overflow on long outages


def test_offset_clock_starts_at_the_given_instant_and_runs() -> None:
    start = dt.datetime(2026, 3, 3, 17, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    clock = offset_clock(start)
    first = clock()
    assert abs(first - start) < dt.timedelta(seconds=1)
    assert clock() >= first


@pytest.fixture(autouse=True)
def _restore_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_under_journald_lines_carry_priority_prefixes_and_no_timestamps(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JOURNAL_STREAM", "8:12345")
    logsetup.setup("debug")
    log = logging.getLogger("followupd.app.daemon")
    log.debug("debug line")
    log.info("ready: watching INBOX")
    log.warning("lost connection; reconnecting in 1.0 s\nsecond line")
    log.error("config reload failed")
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "<7>followupd.app.daemon: debug line",
        "<6>followupd.app.daemon: ready: watching INBOX",
        "<4>followupd.app.daemon: lost connection; reconnecting in 1.0 s",
        "<4>second line",
        "<3>followupd.app.daemon: config reload failed",
    ]
    assert not any(re.search(r"\d\d:\d\d:\d\d", line) for line in lines)


def test_on_a_terminal_lines_carry_a_timestamp(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    logsetup.setup("info")
    logging.getLogger("followupd.app.daemon").info("hello")
    assert re.match(r"^\d\d:\d\d:\d\d INFO +followupd\.app\.daemon: hello$", capsys.readouterr().err)
