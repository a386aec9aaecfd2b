"""What a bounce says about the mail that failed, pure: its Message-ID, our token if it was one
of our drafts, and the status code.

A DSN (RFC 3464) encloses the failed message or its header block as the third part of the
``multipart/report`` (RFC 6522 section 3: ``message/rfc822`` or ``text/rfc822-headers``); older
MTAs paste the headers into the text ("This is a copy of the message, including all the
headers"). The failed recipient and whether the failure is permanent come from
``classify.bounce``; this reads the rest, so the bounce can be associated with its application.
"""

from __future__ import annotations

import email.parser
import email.policy
import re
from dataclasses import dataclass

from followupd.core.draft_headers import TOKEN_HEADER
from followupd.mail import headers as hdr
from followupd.mail.parse import ParsedMessage

_TEXT_MSGID_RE = re.compile(r"(?im)^message-id:[ \t]*(<[^<>\s]+>)")
_TEXT_TOKEN_RE = re.compile(r"(?im)^" + re.escape(TOKEN_HEADER) + r":[ \t]*([A-Za-z0-9_.-]+)")
# RFC 3463 failure codes: class 4 (transient) or 5 (permanent), subject and detail.
_STATUS_RE = re.compile(r"(?<![\d.])([45]\.\d{1,3}\.\d{1,3})(?![\d.])")


@dataclass(frozen=True)
class Returned:
    message_id: str = ""  # of the mail that bounced; "" when the bounce does not say
    token: str = ""  # our X-Followupd-Token, when the mail that bounced was our draft
    status: str = ""  # "5.1.1" / "4.4.1"; "" when none is given


def returned(parsed: ParsedMessage) -> Returned:
    """The failed mail's identity as far as the bounce gives it (enclosed headers first, then
    header lines pasted into the text)."""
    message_id = token = ""
    if parsed.enclosed_headers:
        head = email.parser.HeaderParser(policy=email.policy.compat32).parsestr(
            parsed.enclosed_headers, headersonly=True
        )
        message_id = hdr.message_id(hdr.decode(head.get("Message-ID", "")))
        token = _token(str(head.get(TOKEN_HEADER, "")))
    text = parsed.text[:100_000]
    if not message_id and (found := _TEXT_MSGID_RE.search(text)):
        message_id = hdr.message_id(found.group(1))
    if not token and (found := _TEXT_TOKEN_RE.search(text)):
        token = found.group(1)
    return Returned(message_id, token, _status(parsed, text))


def _token(value: str) -> str:
    found = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*", value)
    return found.group(1) if found else ""


def _status(parsed: ParsedMessage, text: str) -> str:
    for block in parsed.delivery_status:
        if block.action in ("failed", "delayed") and (code := _STATUS_RE.search(block.status)):
            return code.group(1)
    found = _STATUS_RE.search(text)
    return found.group(1) if found else ""
