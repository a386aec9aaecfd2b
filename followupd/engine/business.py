"""Business-day arithmetic in the user's time zone and holiday calendar.

All functions take aware datetimes and return aware datetimes in the user's zone
(``Policy.timezone``).
Day arithmetic is done on *local calendar dates* and the local wall-clock time is kept, so "10
business days after Tuesday 14:00" is a Tuesday 14:00 two weeks later even across a DST change
(Europe/Berlin's last Sundays of March and October): the UTC distance is then 1 hour off a multiple
of 24 hours, which is what a person means.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from followupd.core.errors import ConfigError
from followupd.core.model import Policy

_MAX_SCAN_DAYS = 366  # no real calendar has a year without a business day


def zone(policy: Policy) -> ZoneInfo:
    try:
        return ZoneInfo(policy.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"unknown time zone {policy.timezone!r}", hint="use an IANA name like Europe/Berlin"
        ) from exc


@lru_cache(maxsize=16)
def _calendar(country: str, subdivision: str) -> holidays.HolidayBase:
    try:
        return holidays.country_holidays(country, subdiv=subdivision or None)
    except NotImplementedError as exc:
        raise ConfigError(
            f"unknown holiday calendar {country!r}/{subdivision!r}",
            hint="use an ISO 3166 country code (and subdivision) the holidays package knows",
        ) from exc


def is_business_day(day: dt.date, policy: Policy) -> bool:
    """Monday–Friday and not a public holiday of ``policy.holiday_country`` (if set)."""
    if day.weekday() >= 5:
        return False
    if not policy.holiday_country:
        return True
    return day not in _calendar(policy.holiday_country, policy.holiday_subdivision)


def _local(moment: dt.datetime, policy: Policy) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime in the engine: {moment!r}")
    return moment.astimezone(zone(policy))


def at_local(day: dt.date, wall: dt.time, policy: Policy) -> dt.datetime:
    """``day`` at local wall-clock ``wall``; a time inside a DST gap moves forward by the gap."""
    tz = zone(policy)
    naive = dt.datetime.combine(day, wall.replace(tzinfo=None))
    # Round-trip through UTC to normalise non-existent local times (02:30 on spring-forward day).
    return naive.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz)


def next_business_day(day: dt.date, policy: Policy) -> dt.date:
    """The first business day strictly after ``day``."""
    for _ in range(_MAX_SCAN_DAYS):
        day += dt.timedelta(days=1)
        if is_business_day(day, policy):
            return day
    raise ConfigError("the holiday calendar leaves no business day within a year")


def add_business_days(start: dt.datetime, n: int, policy: Policy) -> dt.datetime:
    """``start`` moved forward by ``n`` business days, keeping the local wall-clock time.

    Counting starts with the day after ``start``'s local date, so from a Saturday one business
    day is the Monday. ``n == 0`` returns ``start`` (in the user's zone).
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    local = _local(start, policy)
    day = local.date()
    for _ in range(n):
        day = next_business_day(day, policy)
    return at_local(day, local.timetz(), policy) if n else local


def next_in_window(moment: dt.datetime, policy: Policy) -> dt.datetime:
    """``moment`` if it lies in the send window [window_start, window_end) of a business day,
    else the start of the next such window."""
    local = _local(moment, policy)
    day, wall = local.date(), local.time()
    if is_business_day(day, policy):
        if wall < policy.window_start:
            return at_local(day, policy.window_start, policy)
        if wall < policy.window_end:
            return local
    return at_local(next_business_day(day, policy), policy.window_start, policy)


def next_business_morning(day: dt.date, policy: Policy) -> dt.datetime:
    """Window start on the first business day strictly after ``day``.

    Used for "back on 3 March" (auto-replies) and "we'll answer by Friday": the person gets that
    whole day to catch up before we follow up.
    """
    return at_local(next_business_day(day, policy), policy.window_start, policy)


def local_date(moment: dt.datetime, policy: Policy) -> dt.date:
    return _local(moment, policy).date()
