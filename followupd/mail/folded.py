"""Case-insensitive phrase patterns searched on lower-cased text: the same matches, faster.

Python's ``re`` cannot skip ahead on a literal prefix under ``re.IGNORECASE``, so a long
alternation of phrases tries every alternative at every position: ~1 ms on 8,000 characters for
the acknowledgement phrases. Compiled without the flag and searched on ``text.lower()`` it can
(~0.3 ms). ``Folded.search`` returns a match on the *original* text (so the reason a user reads
keeps its case): the fast pattern finds where, the case-insensitive one matches from there. A
text whose lower-casing changes its length ("İ") is searched the slow way.
"""

from __future__ import annotations

import re


class Folded:
    """``re.compile(pattern, flags | re.I)`` with a faster ``search`` (same result)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        if re.sub(r"\\.", "", pattern) != re.sub(r"\\.", "", pattern).lower():
            raise ValueError(f"a Folded pattern is written in lower case: {pattern[:60]!r}")
        self.pattern = pattern
        self._exact = re.compile(pattern, flags | re.I)
        self._lower = re.compile(pattern, flags)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else endpos
        lowered = text.lower()
        if len(lowered) != len(text):
            return self._exact.search(text, pos, end)
        hit = self._lower.search(lowered, pos, end)
        return self._exact.search(text, hit.start(), end) if hit else None
