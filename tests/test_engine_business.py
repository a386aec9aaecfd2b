from __future__ import annotations

import datetime as dt

import pytest
from engine_factories import BERLIN, berlin

from followupd.core.errors import ConfigError
from followupd.core.model import Policy
from followupd.engine.business import (
    add_business_days,
    is_business_day,
    next_business_morning,
    next_in_window,
)

WEEKENDS_ONLY = Policy(timezone="Europe/Berlin")


def test_ten_business_days_skip_weekends_and_labour_day() -> None:
    # Thu 2026-04-23 + 10 business days; Fri 2026-05-01 is a German public holiday.
    assert add_business_days(berlin("2026-04-23 12:00"), 10, BERLIN) == berlin("2026-05-08 12:00")
    assert add_business_days(berlin("2026-04-23 12:00"), 10, WEEKENDS_ONLY) == berlin(
        "2026-05-07 12:00"
    )


def test_christmas_days_are_not_business_days_in_germany() -> None:
    assert not is_business_day(dt.date(2026, 12, 25), BERLIN)  # Friday
    assert add_business_days(berlin("2026-12-24 10:00"), 1, BERLIN) == berlin("2026-12-28 10:00")


def test_subdivision_holidays_apply_only_when_configured() -> None:
    bavaria = Policy(timezone="Europe/Berlin", holiday_country="DE", holiday_subdivision="BY")
    epiphany = dt.date(2026, 1, 6)  # Tuesday, a holiday in Bavaria, not nationwide
    assert not is_business_day(epiphany, bavaria)
    assert is_business_day(epiphany, BERLIN)


def test_counting_from_a_saturday_starts_on_monday() -> None:
    assert add_business_days(berlin("2026-03-07 11:00"), 1, BERLIN) == berlin("2026-03-09 11:00")


def test_zero_days_is_the_same_moment() -> None:
    start = berlin("2026-03-07 11:00")
    assert add_business_days(start, 0, BERLIN) == start


def test_wall_clock_time_kept_across_spring_dst_change() -> None:
    # Last Sunday of March 2026 is the 29th: CET (+01) -> CEST (+02).
    result = add_business_days(berlin("2026-03-27 10:00"), 1, BERLIN)
    assert result == berlin("2026-03-30 10:00")
    assert result.utcoffset() == dt.timedelta(hours=2)
    assert result.astimezone(dt.UTC) == dt.datetime(2026, 3, 30, 8, 0, tzinfo=dt.UTC)


def test_wall_clock_time_kept_across_autumn_dst_change() -> None:
    # Last Sunday of October 2026 is the 25th: CEST (+02) -> CET (+01).
    result = add_business_days(berlin("2026-10-23 16:00"), 1, BERLIN)
    assert result.astimezone(dt.UTC) == dt.datetime(2026, 10, 26, 15, 0, tzinfo=dt.UTC)


def test_window_on_the_autumn_dst_sunday_moves_to_monday_morning_cet() -> None:
    moment = dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)  # 02:30 CET, after the change
    assert next_in_window(moment, BERLIN).astimezone(dt.UTC) == dt.datetime(
        2026, 10, 26, 8, 0, tzinfo=dt.UTC
    )


def test_next_in_window_keeps_moments_inside_the_window() -> None:
    assert next_in_window(berlin("2026-03-03 10:15"), BERLIN) == berlin("2026-03-03 10:15")


def test_next_in_window_moves_early_morning_to_window_start() -> None:
    assert next_in_window(berlin("2026-03-03 06:00"), BERLIN) == berlin("2026-03-03 09:00")


def test_next_in_window_moves_evening_to_next_business_morning() -> None:
    assert next_in_window(berlin("2026-03-03 17:00"), BERLIN) == berlin("2026-03-04 09:00")
    assert next_in_window(berlin("2026-04-30 18:00"), BERLIN) == berlin("2026-05-04 09:00")


def test_next_in_window_works_for_utc_input() -> None:
    moment = dt.datetime(2026, 3, 7, 12, 0, tzinfo=dt.UTC)  # Saturday
    assert next_in_window(moment, BERLIN) == berlin("2026-03-09 09:00")


def test_next_business_morning_is_the_day_after() -> None:
    assert next_business_morning(dt.date(2026, 3, 13), BERLIN) == berlin("2026-03-16 09:00")


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        add_business_days(dt.datetime(2026, 3, 3, 10, 0), 1, BERLIN)


def test_unknown_holiday_country_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        is_business_day(dt.date(2026, 3, 3), Policy(holiday_country="XX"))


def test_unknown_time_zone_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        next_in_window(berlin("2026-03-03 10:00"), Policy(timezone="Mars/Olympus"))
