"""Header decoding: RFC 2047 words, addresses, Message-IDs, dates. Never raises.

mail-parser's ``decode_header_part`` already survives unknown and lying charsets (it falls back to
UTF-8 with ``ignore``); we add address and Message-ID normalization on top of the stdlib.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re

from mailparser.utils import decode_header_part

from followupd.core.model import Address
from followupd.mail.addresses import find_addresses

log = logging.getLogger(__name__)

_MAX_HEADER_CHARS = 8_000  # a header longer than this is hostile; we read its head only
_MSGID_RE = re.compile(r"<([^<>\s]+)>")
_BARE_MSGID_RE = re.compile(r"[^\s<>,;\"]+@[^\s<>,;\"]+")


def decode(value: object) -> str:
    """Decode a raw header value (RFC 2047 encoded words, bad charsets) to one clean line."""
    if value is None:
        return ""
    text = str(value)[:_MAX_HEADER_CHARS]
    try:
        decoded = str(decode_header_part(text))
    except Exception:  # noqa: BLE001 - a hostile header must never stop parsing
        log.debug("header decoding failed, keeping raw text")
        decoded = text
    decoded = decoded.encode("utf-8", "replace").decode("utf-8")
    return " ".join(decoded.split())


def addresses(raw_values: list[str]) -> tuple[Address, ...]:
    """Parse address headers; names are decoded (RFC 2047), emails lower-cased."""
    out: list[Address] = []
    for raw_value in raw_values:
        raw = raw_value[:_MAX_HEADER_CHARS]
        try:
            pairs = email.utils.getaddresses([raw])
        except Exception:  # noqa: BLE001 - malformed address lists are common in spam
            pairs = []
        for name, raw_addr in pairs:
            addr = raw_addr.strip().lower()
            if "@" not in addr:
                found = find_addresses(raw)
                addr = found[0] if found else ""
            if not addr and not name:
                continue
            out.append(Address(name=decode(name).strip("\"' "), email=addr))
    return tuple(out)


def message_id(raw: str) -> str:
    """Normalize one Message-ID to ``<local@domain>`` (RFC 5322 section 3.6.4); "" if none."""
    found = _MSGID_RE.search(raw)
    if found:
        return f"<{found.group(1)}>"
    bare = _BARE_MSGID_RE.search(raw)
    return f"<{bare.group(0)}>" if bare else ""


def message_ids(raw: str) -> tuple[str, ...]:
    """All Message-IDs of a References / In-Reply-To header, in order, without duplicates."""
    found = [f"<{m}>" for m in _MSGID_RE.findall(raw[: _MAX_HEADER_CHARS * 4])]
    if not found:
        single = message_id(raw)
        found = [single] if single else []
    return tuple(dict.fromkeys(found))


def date(raw: str) -> dt.datetime | None:
    """RFC 5322 Date to an aware datetime; a date without zone is taken as UTC; junk is None."""
    if not raw:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def find_emails(text: str) -> list[str]:
    return find_addresses(text)
