"""Converters for config values: each checks one TOML value and returns it typed, or raises
``Invalid`` with what is expected; ``derive`` helpers turn a checked value into a config field."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from typing import Any

from followupd.core.model import DRAFT_LANGUAGES
from followupd.mail.addresses import is_addr_spec

Converter = Callable[[Any], Any]


class Invalid(ValueError):
    """A value is wrong; the message says what is expected (the hint)."""


def string(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("expected a string in quotes")
    return value


def nonempty(value: Any) -> str:
    text = string(value).strip()
    if not text:
        raise Invalid("must not be empty")
    return text


def integer(lo: int, hi: int) -> Converter:
    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"expected a whole number from {lo} to {hi}")
        if not lo <= value <= hi:
            raise Invalid(f"{value} is out of range; use a number from {lo} to {hi}")
        return value

    return convert


def number(lo: float, hi: float) -> Converter:
    def convert(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Invalid(f"expected a number from {lo} to {hi}")
        if not lo <= value <= hi:
            raise Invalid(f"{value} is out of range; use a number from {lo} to {hi}")
        return float(value)

    return convert


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("expected true or false (without quotes)")
    return value


def choice(*choices: str) -> Converter:
    def convert(value: Any) -> str:
        if value not in choices:
            raise Invalid("expected one of " + ", ".join(f'"{c}"' for c in choices))
        return str(value)

    return convert


def string_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid('expected a list of strings, like ["a", "b"]')
    return tuple(value)


def argv(value: Any) -> tuple[str, ...]:
    argv = string_list(value)
    if not argv or not argv[0]:
        raise Invalid('expected a command as a list of words, like ["pass", "show", "mail"]')
    return argv


def cadence(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or not value:
        raise Invalid("expected a non-empty list of business-day counts, like [10, 14, 21]")
    days = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int) or not 1 <= item <= 90:
            raise Invalid("each entry must be a whole number of business days from 1 to 90")
        days.append(item)
    if days != sorted(days):
        raise Invalid("the cadence must widen (or stay equal): each entry >= the one before")
    return tuple(days)


def email(value: Any) -> str:
    text = nonempty(value)
    if not is_addr_spec(text):
        raise Invalid(f"{text!r} is not an email address like alice@example.org")
    return text.lower()


def email_list(value: Any) -> tuple[str, ...]:
    return tuple(email(v) for v in string_list(value))


def clock(value: Any) -> dt.time:
    text = string(value)
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise Invalid(f'{text!r} is not a time of day; write "HH:MM", like "09:00"') from None


def timezone(value: Any) -> str:
    name = nonempty(value)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise Invalid(
            f"{name!r} is not an IANA time zone; use a name like \"Europe/Berlin\" or "
            '"America/New_York"'
        ) from None
    return name


def country(value: Any) -> str:
    code = string(value).strip().upper()
    if not code:
        return ""
    import holidays  # noqa: PLC0415 - loads many country modules; only when a country is set

    if code not in holidays.list_supported_countries():
        raise Invalid(f"{code!r} is not a country the holidays package knows; use ISO codes like \"DE\"")
    return code


def language(value: Any) -> str:
    """A language followupd has draft templates for; "de-DE", "de_AT" and "DE" mean "de"."""
    code = nonempty(value).strip().replace("_", "-").split("-")[0].lower()
    if code not in DRAFT_LANGUAGES:
        known = ", ".join(f'"{c}"' for c in DRAFT_LANGUAGES)
        raise Invalid(
            f"{value!r} is not a language followupd has draft templates for; use one of {known}"
        )
    return code


def path(value: Any) -> str:
    return nonempty(value)


def expanded(value: str) -> str:
    return str(Path(value).expanduser()) if value else ""


def path_or_none(value: str) -> Path | None:
    return Path(value).expanduser() if value else None


def minutes(value: int) -> dt.timedelta:
    return dt.timedelta(minutes=value)


def hours(value: int) -> dt.timedelta:
    return dt.timedelta(hours=value)
