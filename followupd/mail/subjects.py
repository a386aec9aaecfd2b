"""Subject prefixes, in one list: a subject that starts with Re:/AW:/SV:... is quoted history, not
new words; the subject key drops them (association); a draft's ``Re:`` collapses them to one."""

from __future__ import annotations

import re

# Reply and forward prefixes in the languages mail clients localise them to (Outlook: AW/WG in
# German, SV/VB in Swedish/Dutch, R/RIF/I in Italian, RES/ENC in Portuguese, TR/RÉF in French).
REPLY_PREFIXES = ("re", "aw", "sv", "vs", "antw", "rif", "r", "res", "rv", "ref", "réf", "odp")
FORWARD_PREFIXES = ("fw", "fwd", "wg", "vb", "doorst", "i", "enc", "tr", "pd")


def _prefix(words: tuple[str, ...]) -> str:
    # Longest first, so "res" is not read as "re" + "s"; an optional counter "Re[2]:", "AW(3):".
    alternatives = "|".join(sorted(words, key=len, reverse=True))
    return rf"(?:{alternatives})\s*(?:\[\d+\]|\(\d+\))?\s*[:：]"


PREFIX_RE = re.compile(
    rf"^\s*(?:{_prefix(REPLY_PREFIXES + FORWARD_PREFIXES)}\s*|\[[^\]]{{1,40}}\]\s*)", re.I)
_REPLY_RE = re.compile(rf"^\s*{_prefix(REPLY_PREFIXES)}", re.I)
_FORWARD_RE = re.compile(rf"^\s*{_prefix(FORWARD_PREFIXES)}", re.I)
_REPLIES_RE = re.compile(rf"^\s*(?:{_prefix(REPLY_PREFIXES)}\s*)+", re.I)


def strip_prefixes(subject: str) -> str:
    """Every leading reply/forward prefix and ``[list tag]`` removed."""
    previous = None
    key = subject
    while previous != key:
        previous = key
        key = PREFIX_RE.sub("", key, count=1)
    return key.strip()


def strip_reply_prefixes(subject: str) -> str:
    """The leading reply prefixes (``Re: AW: ...``) removed; forwards and tags are kept."""
    return _REPLIES_RE.sub("", subject).strip()


def is_reply_subject(subject: str) -> bool:
    return bool(_REPLY_RE.match(subject))


def is_forward_subject(subject: str) -> bool:
    return bool(_FORWARD_RE.match(subject))
