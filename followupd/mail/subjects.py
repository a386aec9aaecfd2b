"""Subject prefixes: a subject that starts with Re:/AW:/SV:... is quoted history, not new words."""

from __future__ import annotations

import re

# Reply/forward prefixes in the languages mail clients localise them to (Outlook: AW/WG in
# German, SV/VB in Swedish/Dutch, RIF/I in Italian, RES/ENC in Portuguese, TR in French).
PREFIX_RE = re.compile(
    r"^\s*((re|fw|fwd|aw|wg|sv|vs|vb|antw|doorst|rif|r|i|res|enc|tr|rv|ref|odp|pd)"
    r"(\[\d+\]|\(\d+\))?\s*[:：]\s*|\[[^\]]{1,40}\]\s*)", re.I)
_REPLY_RE = re.compile(r"^\s*(re|aw|sv|vs|antw|rif|r|res|rv|ref|odp)(\[\d+\]|\(\d+\))?\s*[:：]",
                       re.I)


def strip_prefixes(subject: str) -> str:
    previous = None
    key = subject
    while previous != key:
        previous = key
        key = PREFIX_RE.sub("", key, count=1)
    return key.strip()


def is_reply_subject(subject: str) -> bool:
    return bool(_REPLY_RE.match(subject))
