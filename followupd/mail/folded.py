"""Phrase patterns searched cheaply: lower-cased text, and only where their words occur.

Python's ``re`` cannot skip ahead on a literal prefix under ``re.IGNORECASE``, so a long
alternation of phrases tries every alternative at every position: ~1 ms on 8,000 characters for
the acknowledgement phrases. Compiled without the flag and searched on ``text.lower()`` it can
(~0.3 ms). ``Folded.search`` returns a match on the *original* text (so the reason a user reads
keeps its case): the fast pattern finds where, the case-insensitive one matches from there. A
text whose lower-casing changes its length ("İ") is searched the slow way.

Cheaper still is not to search: ``needles`` reads the parsed pattern for the strings one of which
every match must contain ("received", "application", "for applying" ...), and a text without any
of them cannot match (substring tests cost ~0.01 ms on 28 KB, a search ~0.3 ms). The needles are
derived from the pattern itself, so they cannot drift from it; a pattern they cannot be derived
for (a Python without ``re._parser``, a pattern starting with ``\\w+``) is simply searched.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

MIN_NEEDLE = 3  # shorter needles ("de", "on") are in almost every text: no filter at all

try:  # the stdlib's own pattern parser (``sre_parse`` before 3.11); private, so optional
    _parser: Any = importlib.import_module("re._parser")
    _c: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - a future Python that moved it: search everything
    _parser = _c = None


def _needles_of(items: Any) -> tuple[str, ...]:
    """Strings one of which every match of this parsed sequence contains, () if none is known."""
    candidates: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            candidates.append(("".join(run),))
            run = []
        if op is _c.SUBPATTERN:
            candidates.append(_needles_of(arg[-1]))
        elif op is _c.BRANCH:
            each = [_needles_of(alternative) for alternative in arg[1]]
            if all(each):
                candidates.append(tuple(dict.fromkeys(n for found in each for n in found)))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and arg[0] >= 1:
            body = list(arg[2])
            if len(body) == 1 and body[0][0] is _c.LITERAL:  # "_{10,}": ten of them
                candidates.append((chr(body[0][1]) * min(arg[0], 64),))
            else:
                candidates.append(_needles_of(body))
    if run:
        candidates.append(("".join(run),))
    return max((c for c in candidates if c), key=lambda c: min(map(len, c)), default=())


def needles(pattern: str, flags: int = 0) -> tuple[str, ...]:
    """What every match of ``pattern`` contains, lower-cased under ``re.I`` (then test them on
    ``text.lower()``); () when that is not known or too short to filter anything."""
    if _parser is None:
        return ()
    try:
        found = _needles_of(_parser.parse(pattern, flags & ~re.I))
    except Exception:  # noqa: BLE001 - a pattern the private parser reads otherwise: no filter
        return ()
    if flags & re.I:
        found = tuple(n.lower() for n in found)
    return found if found and min(map(len, found)) >= MIN_NEEDLE else ()


def may_match(found: tuple[str, ...], text: str) -> bool:
    """False when ``text`` contains none of the ``needles``: the pattern certainly misses."""
    return not found or any(n in text for n in found)


class Folded:
    """``re.compile(pattern, flags | re.I)`` with a faster ``search`` (same result)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        if re.sub(r"\\.", "", pattern) != re.sub(r"\\.", "", pattern).lower():
            raise ValueError(f"a Folded pattern is written in lower case: {pattern[:60]!r}")
        self.pattern = pattern
        self._exact = re.compile(pattern, flags | re.I)
        self._lower = re.compile(pattern, flags)
        self.needles = needles(pattern, flags)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else endpos
        lowered = text.lower()
        if len(lowered) != len(text):
            return self._exact.search(text, pos, end)
        if not may_match(self.needles, lowered[pos:end] if pos or end < len(text) else lowered):
            return None
        hit = self._lower.search(lowered, pos, end)
        return self._exact.search(text, hit.start(), end) if hit else None
