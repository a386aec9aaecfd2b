"""The one e-mail address pattern: an ASCII addr-spec (RFC 5322 section 3.4.1, dot-atom form).

What every draft header can carry without encoding, what the config accepts for identity
addresses, and what is looked for in header text and mail bodies. A domain needs at least one dot
(``alice@localhost`` is no address a recruiter writes from). Quoted local parts and non-ASCII
addresses (RFC 6531) are not matched.
"""

from __future__ import annotations

import re

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
ADDR_SPEC = rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+"
MAX_LENGTH = 254  # RFC 5321 section 4.5.3.1.3 (path) less the angle brackets

_WHOLE_RE = re.compile(ADDR_SPEC)
# In running text: not the tail of a longer word ("jürgen@" must not yield "rgen@").
_IN_TEXT_RE = re.compile(rf"(?<![\w.]){ADDR_SPEC}")


def is_addr_spec(text: str) -> bool:
    """``text`` is exactly one address and no longer than an address may be."""
    return len(text) <= MAX_LENGTH and _WHOLE_RE.fullmatch(text) is not None


def find_addresses(text: str) -> list[str]:
    """Every address in ``text``, lower-cased, in order."""
    return [m.group(0).lower() for m in _IN_TEXT_RE.finditer(text)]
