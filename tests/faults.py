"""Fault injection for the throwaway Dovecot (tests/dovecot.py).

Stopping Dovecot's master leaves the imap processes of open sessions running (checked on Debian 12,
2.3.19: a session keeps answering NOOP after the master is gone), so stop() alone is not what a
real server restart or crash does to a client. These helpers act on exactly the imap processes
serving connections on one test server's port (found with ss), never on anything matched by name.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess

from dovecot import DovecotServer


def session_pids(server: DovecotServer) -> list[int]:
    """PIDs of the processes holding established connections on the server's port."""
    out = subprocess.run(
        ["ss", "-Htnp", "state", "established", f"( sport = :{server.port} )"],
        capture_output=True, text=True, check=True,
    ).stdout
    return sorted({int(pid) for pid in re.findall(r"pid=(\d+)", out)})


def signal_sessions(server: DovecotServer, sig: signal.Signals) -> list[int]:
    pids = session_pids(server)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
    return pids


def crash_stop(server: DovecotServer) -> None:
    """Stop the server the way a restart does to clients: sessions get SIGTERM (Dovecot's imap
    answers with BYE and closes), then the master stops."""
    signal_sessions(server, signal.SIGTERM)
    server.stop()
