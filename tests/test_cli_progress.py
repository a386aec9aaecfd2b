"""Progress on long scans: shown on a terminal, silent when stderr is not one (systemd, pipes)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from typing import Any

from conftest import Account
from mailgen import message


def _once(config: Any, stderr: int) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "followupd", "--config", str(config), "-q", "once", "--now",
         "2026-03-02T10:00+01:00"], stdout=subprocess.PIPE, stderr=stderr, timeout=60, check=True)


def test_once_shows_reading_progress_when_stderr_is_a_terminal(
    account: Account, make_config: Any
) -> None:
    for n in range(3):
        account.deliver(message(n))
    master, slave = pty.openpty()
    try:
        _once(make_config(account), slave)
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
    assert b"reading INBOX: 3/3 (100%)" in shown


def test_once_is_quiet_when_stderr_is_not_a_terminal(account: Account, make_config: Any) -> None:
    for n in range(3):
        account.deliver(message(n))
    result = _once(make_config(account), subprocess.PIPE)
    assert result.stderr == b""
