"""Named crash points for the crash-safety tests (tests/test_crash_safety.py).

``crash_point("after_append")`` kills the process with SIGKILL when the environment variable
FOLLOWUPD_CRASH_POINT names that point; otherwise it does nothing. SIGKILL, not an exception: no
``finally`` block, no SQLite rollback, no IMAP LOGOUT runs, exactly as with a power cut.
"""

from __future__ import annotations

import os
import signal

ENV = "FOLLOWUPD_CRASH_POINT"

POINTS = (
    "after_intent",  # draft intent committed, nothing appended yet
    "after_append",  # APPEND done, UID not yet recorded
    "after_withdraw",  # draft expunged, state not yet recorded
    "mid_sync",  # a sync batch recorded, before the next one
    "mid_backfill",  # a backfill batch of older mail recorded, before the next one
)


def crash_point(name: str) -> None:
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
