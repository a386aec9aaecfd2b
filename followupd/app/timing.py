"""The daemon's clocks and its reconnect backoff: time is a parameter, never read in the core."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

Clock = Callable[[], dt.datetime]
BACKOFF_BASE = 1.0


def backoff_delay(attempt: int, cap: float, rng: random.Random | None = None) -> float:
    """Full jitter ("Exponential Backoff and Jitter", AWS Architecture Blog, 2015): uniform in
    [0, min(cap, base * 2**attempt)], so many clients of one restarted server spread out."""
    ceiling = min(cap, BACKOFF_BASE * 2 ** min(attempt, 30))
    return (rng or random).uniform(0, ceiling)


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def offset_clock(start: dt.datetime) -> Clock:
    """A clock that starts at ``start`` and then runs normally (``run --now``, for trying out)."""
    offset = start - dt.datetime.now(dt.UTC)
    return lambda: dt.datetime.now(dt.UTC) + offset
