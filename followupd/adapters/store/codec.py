"""Frozen dataclasses <-> JSON-compatible values, driven by their type hints.

The store keeps records such as Application and MessageFacts as JSON; this module is the one place
that knows how datetimes, enums and nested records look on disk. A field added to a record later
simply takes its default when an older row lacks it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from typing import Any, TypeVar, cast

T = TypeVar("T")


_PLAIN = frozenset({str, int, float, bool, type(None)})  # exact types: a StrEnum is not one


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def to_json(value: Any) -> Any:
    # Most values are plain strings and numbers: answered first (a 100k backfill encodes ~3M).
    if type(value) in _PLAIN:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: to_json(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_json(cls: type[T], data: Any) -> T:
    return cast(T, _decode(cls, data))


def _decode(tp: Any, data: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(args[0], data)
    if data is None:
        return None
    if origin is tuple:
        (item, *_rest) = typing.get_args(tp)
        return tuple(_decode(item, v) for v in data)
    if origin is list:
        return [_decode(typing.get_args(tp)[0], v) for v in data]
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = _hints(tp)
        kwargs = {
            f.name: _decode(hints[f.name], data[f.name])
            for f in dataclasses.fields(tp)
            if f.name in data
        }
        return tp(**kwargs)
    if isinstance(tp, type):
        if issubclass(tp, enum.Enum):
            return tp(data)
        if tp is dt.datetime:
            return dt.datetime.fromisoformat(data)
        if tp is dt.date:
            return dt.date.fromisoformat(data)
        if tp is dt.time:
            return dt.time.fromisoformat(data)
        if tp is dt.timedelta:
            return dt.timedelta(seconds=data)
    return data


def ts(value: dt.datetime) -> str:
    """A datetime as stored in a column: ISO 8601 in UTC; a naive one is a bug."""
    if value.tzinfo is None:
        raise ValueError("naive datetime reached the store")
    return value.astimezone(dt.UTC).isoformat()


def when(value: str | None) -> dt.datetime | None:
    """A column's timestamp back (None stays None)."""
    return dt.datetime.fromisoformat(value) if value else None
