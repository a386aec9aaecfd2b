"""A real mail client sees our draft: neomutt opens the Dovecot Drafts folder over IMAP.

neomutt needs a terminal, so it runs on a pseudo-terminal (no tmux needed), read-only (-R), with
commands pushed at start-up: pipe the message (decoded, all headers: weed=no) to a file, quit.
The screen it drew is kept, so the index line it showed is checked too.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import termios
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import Account
from mailgen import invitation

from followupd.cli import main

NEOMUTT = shutil.which("neomutt")
ANSI = re.compile(rb"\x1b(\[[0-9;?]*[A-Za-z]|[()][0-9A-Za-z]|[=>])")


def run_neomutt(muttrc: Path, home: Path, timeout: float = 15.0) -> str:
    """Run neomutt on a 200x40 pty until it quits; the text it drew (escape codes removed)."""
    assert NEOMUTT is not None
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
    env = {"HOME": str(home), "TERM": "xterm", "PATH": os.environ["PATH"], "LANG": "C.UTF-8"}
    proc = subprocess.Popen([NEOMUTT, "-n", "-R", "-F", str(muttrc)], stdin=slave, stdout=slave,
                            stderr=slave, env=env, close_fds=True)
    os.close(slave)
    screen = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: neomutt exited and closed the terminal
                    break
                if not data:
                    break
                screen += data
            elif proc.poll() is not None:
                break
        else:
            pytest.fail(f"neomutt did not quit within {timeout}s:\n{screen[-2000:]!r}")
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(5)
        os.close(master)
    return ANSI.sub(b"", screen).decode("utf-8", "replace")


def write_muttrc(account: Account, tmp_path: Path) -> tuple[Path, Path]:
    """A muttrc that opens Drafts, pipes the first message to a file and quits."""
    piped = tmp_path / "piped.eml"
    muttrc = tmp_path / "muttrc"
    muttrc.write_text(f"""\
set folder="imap://{account.user}@{account.host}:{account.port}/"
set spoolfile="+Drafts"
set imap_pass="{account.password}"
set ssl_starttls=no
set ssl_force_tls=no
set header_cache=""
set message_cachedir=""
set mail_check_stats=no
set imap_check_subscribed=no
set wait_key=no
set pipe_decode=yes
set weed=no
set quit=yes
set index_format="IDX to=%t subject=%s"
push "<pipe-message>cat > {piped}<enter><quit>"
""")
    return piped, muttrc


@pytest.mark.skipif(NEOMUTT is None, reason="neomutt is not installed (scripts/setup.sh installs it)")
def test_neomutt_sees_our_threaded_draft_in_drafts(
    account: Account, make_config: Any, tmp_path: Path
) -> None:
    account.deliver(invitation())
    config = make_config(account)
    assert main(["--config", str(config), "once", "--now", "2026-03-03T17:30+01:00"]) == 0
    piped, muttrc = write_muttrc(account, tmp_path)
    started = time.monotonic()
    screen = run_neomutt(muttrc, tmp_path)
    assert time.monotonic() - started < 15
    # The index line of our draft (%t may carry a "To " prefix).
    assert re.search(r"IDX to=(To )?Jane Roe subject=Re: Interview invitation: Senior Backend "
                     r"Engineer at Acme", screen), screen[-1500:]
    text = piped.read_text()
    headers, _, body = text.partition("\n\n")
    lines = headers.splitlines()
    assert "From: Alice Example <alice@example.org>" in lines
    assert "To: Jane Roe <jane.roe@acme.example>" in lines
    assert "Subject: Re: Interview invitation: Senior Backend Engineer at Acme" in lines
    assert "In-Reply-To: <invite-1@acme.example>" in lines
    assert body.startswith("Hi Jane,")  # quoted-printable decoded by neomutt


@pytest.mark.skipif(NEOMUTT is None, reason="neomutt is not installed (scripts/setup.sh installs it)")
def test_neomutt_shows_the_notes_draft_from_and_to_the_user(
    account: Account, make_config: Any, tmp_path: Path
) -> None:
    account.deliver(invitation())
    config = make_config(account, schedule={"notes_draft": True})
    assert main(["--config", str(config), "once", "--now", "2026-03-03T15:10+01:00"]) == 0
    piped, muttrc = write_muttrc(account, tmp_path)
    screen = run_neomutt(muttrc, tmp_path)
    assert re.search(r"IDX to=(To )?Alice Example subject=Interview notes: Acme – Senior Backend "
                     r"Engineer \[followupd 1/1\]", screen), screen[-1500:]
    headers, _, body = piped.read_text().partition("\n\n")
    lines = headers.splitlines()
    assert "From: Alice Example <alice@example.org>" in lines
    assert "To: Alice Example <alice@example.org>" in lines
    assert not any(line.startswith("In-Reply-To:") for line in lines)
    assert "topic:" in body
