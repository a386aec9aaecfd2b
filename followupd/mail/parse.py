"""Raw bytes to a ParsedMessage: decoded headers, body text, attachments, calendar, DSN fields.

We walk the MIME tree with the stdlib parser (compat32: it keeps going on broken mail and records
defects) instead of ``mailparser.parse_from_bytes``, because mail-parser base64-decodes every
attachment and we must not decode a 50 MB one. mail-parser's header decoding is used (headers.py).
Bounds: at most MAX_PARTS parts and MAX_DEPTH levels are visited, an encoded part larger than
MAX_DECODE_BYTES is listed, never decoded, and the collected text is cut at ``max_text_bytes``.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message

from followupd.core.model import Address, MessageEnvelope
from followupd.mail import headers as hdr
from followupd.mail.calendar import CalendarEvent, parse_calendar
from followupd.mail.htmltext import html_to_text
from followupd.mail.quotes import strip_quotes
from followupd.mail.subjects import is_forward_subject

log = logging.getLogger(__name__)

MAX_DEPTH = 40  # real mail nests < 10 levels; deeper is hostile (we stop, not recurse)
MAX_PARTS = 500
MAX_DECODE_BYTES = 4_000_000  # an encoded text/calendar/report part bigger than this is skipped
# What the rules read. A human's reply says what matters at its top; hostile bodies (1.9 MB of
# "On ... wrote" lines, of tags) made quote stripping, the phrase regexes and the HTML parser run
# for seconds per message when handed everything, and a 28 KB business mail cost ~40 ms when the
# rules scanned all of it. ``text`` keeps up to ``max_text_bytes``.
SCAN_CHARS = 16_000  # text handed to quote stripping (a reply below a long quote is still found)
# ``new_text``, what the rules and extraction read: its head, and its tail where a list's footer
# ("unsubscribe") and a signature are; at most NEW_TEXT_HEAD + NEW_TEXT_TAIL (+2) characters.
NEW_TEXT_HEAD, NEW_TEXT_TAIL = 6_000, 2_000
HTML_SCAN_CHARS = 40_000  # of each HTML part converted to text (when there is no plain part)
_HEADER_LINE_RE = re.compile(rb"^(From |[\x21-\x39\x3b-\x7e]+:)")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    encoded_size: int  # size as transmitted; the content is never decoded


@dataclass(frozen=True)
class DeliveryStatus:
    """One per-recipient block of a message/delivery-status part (RFC 3464 section 2.3)."""

    recipient: str
    action: str  # failed, delayed, delivered, relayed, expanded
    status: str  # "5.1.1"
    diagnostic: str


def _unescape(value: str) -> str:
    """Raw 8-bit header bytes (RFC 6532 UTF-8 headers) arrive as surrogate escapes; decode them."""
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8", "replace")


def synthetic_message_id(raw: bytes) -> str:
    return f"<{hashlib.sha256(raw).hexdigest()}@followupd.invalid>"


def _walk(root: Message, problems: list[str]) -> Iterator[Message]:
    """Depth-first over leaves and containers, iteratively, with depth and count bounds."""
    stack: list[tuple[Message, int]] = [(root, 0)]
    seen = 0
    while stack:
        part, depth = stack.pop()
        seen += 1
        if seen > MAX_PARTS:
            problems.append(f"more than {MAX_PARTS} MIME parts; rest skipped")
            return
        yield part
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list) and part.get_content_type() != "message/delivery-status":
            if depth >= MAX_DEPTH:
                problems.append(f"MIME nesting deeper than {MAX_DEPTH}; inner parts skipped")
                continue
            stack.extend((p, depth + 1) for p in reversed(payload) if isinstance(p, Message))


def _decoded_text(part: Message, problems: list[str]) -> str:
    try:
        raw = part.get_payload()
    except ValueError:  # 8-bit text under a charset name codecs cannot even look up ("\x00tf-8")
        raw = ""
    if isinstance(raw, list):
        return ""
    if len(raw) > MAX_DECODE_BYTES:
        problems.append(f"{part.get_content_type()} part of {len(raw)} bytes not decoded")
        return ""
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    if len(data) > MAX_DECODE_BYTES:
        problems.append(f"{part.get_content_type()} part of {len(data)} bytes not decoded")
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return data.decode(charset, "replace")
    except (LookupError, ValueError):  # an unknown charset name: UTF-8, then Latin-1 never fails
        problems.append(f"unknown charset {charset!r}")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _delivery_status(part: Message) -> tuple[DeliveryStatus, ...]:
    """Per-recipient fields of a message/delivery-status part (the stdlib parses its groups)."""
    payload = part.get_payload()
    groups = payload if isinstance(payload, list) else []
    out = []
    for group in groups[1:] if len(groups) > 1 else groups:  # first group is per-message
        if not isinstance(group, Message):
            continue
        recipient = str(group.get("Final-Recipient", "") or group.get("Original-Recipient", ""))
        out.append(
            DeliveryStatus(
                recipient=recipient.rpartition(";")[2].strip().strip("<>").lower(),
                action=str(group.get("Action", "")).strip().lower(),
                status=str(group.get("Status", "")).strip(),
                diagnostic=hdr.decode(group.get("Diagnostic-Code", "")),
            )
        )
    return tuple(out)


def _enclosed_headers(part: Message, problems: list[str]) -> str:
    """The header lines of an enclosed message, as text (at most 200 fields)."""
    if part.get_content_type() == "text/rfc822-headers":
        return _decoded_text(part, problems)[:64_000]
    inner = part.get_payload()
    first = inner[0] if isinstance(inner, list) and inner else None
    if not isinstance(first, Message):
        return ""
    return "".join(f"{k}: {_unescape(str(v))[:2000]}\n" for k, v in list(first.raw_items())[:200])


def _parse_message(raw: bytes) -> Message:
    # A file of body text only (no header block) is a message without headers.
    if raw and not _HEADER_LINE_RE.match(raw):
        raw = b"\n" + raw
    parser = email.parser.BytesParser(policy=email.policy.compat32)
    return parser.parsebytes(raw)


@dataclass(frozen=True)
class Envelope(MessageEnvelope):
    """The header block as ``parse`` reads it: the fields every message has, decoded the same way
    (so header-only readers such as triage and the full reader agree on Message-IDs)."""

    content_type: str = ""
    report_type: str = ""
    # lower-case name -> undecoded values, in order
    raw_headers: dict[str, list[str]] = field(default_factory=dict)

    def raw_header(self, name: str) -> str:
        values = self.raw_headers.get(name.lower(), ())
        return values[0] if values else ""


@dataclass(frozen=True)
class ParsedMessage(Envelope):
    """A whole message as ``parse`` reads it: its envelope, decoded headers, text and parts."""

    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lower-case name -> values
    text: str = ""  # all body text (plain preferred over HTML), truncated at the cap
    new_text: str = ""  # ``text`` without quoted history
    attachments: tuple[Attachment, ...] = ()
    calendar: tuple[CalendarEvent, ...] = ()
    delivery_status: tuple[DeliveryStatus, ...] = ()
    # The header block of the first enclosed message (message/rfc822 or text/rfc822-headers
    # part, RFC 6522 section 3): what a bounce returns of the mail that failed.
    enclosed_headers: str = ""
    truncated: bool = False
    problems: tuple[str, ...] = ()  # defects and skipped parts, for reasons/logs

    def header(self, name: str) -> str:
        values = self.headers.get(name.lower(), ())
        return values[0] if values else ""


def _raw_headers(msg: Message) -> dict[str, list[str]]:
    heads: dict[str, list[str]] = {}
    # raw_items: compat32's items() turns 8-bit header bytes into U+FFFD before we can decode them.
    for name, value in list(msg.raw_items())[:1000]:
        heads.setdefault(name.lower().strip(), []).append(_unescape(str(value)[:8000]))
    return heads


def _envelope(msg: Message, raw: bytes, heads: dict[str, list[str]]) -> Envelope:
    def first(name: str) -> str:
        values = heads.get(name, ())
        return hdr.decode(values[0]) if values else ""

    senders = hdr.addresses(list(heads.get("from", [])[:1])) or hdr.addresses(
        list(heads.get("sender", [])[:1])
    )
    return Envelope(
        message_id=hdr.message_id(first("message-id")) or synthetic_message_id(raw),
        subject=first("subject"),
        sender=senders[0] if senders else Address("", ""),
        date=hdr.date(first("date")),
        to=hdr.addresses(heads.get("to", [])),
        cc=hdr.addresses(heads.get("cc", [])),
        reply_to=hdr.addresses(heads.get("reply-to", [])),
        in_reply_to=hdr.message_id(first("in-reply-to")),
        references=hdr.message_ids(" ".join(heads.get("references", []))),
        content_type=msg.get_content_type(),
        report_type=str(msg.get_param("report-type", "") or "").lower(),
        raw_headers=heads,
    )


def read_envelope(raw: bytes) -> Envelope:
    """The envelope of a message or of its header block alone (``BODY.PEEK[HEADER]``), without
    parsing any body. ``message_id`` falls back to a hash of exactly these bytes, as in parse."""
    msg = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(
        raw if not raw or _HEADER_LINE_RE.match(raw) else b"\n" + raw)
    return _envelope(msg, raw, _raw_headers(msg))


def _head_and_tail(new: str) -> str:
    if len(new) <= NEW_TEXT_HEAD + NEW_TEXT_TAIL:
        return new
    return new[:NEW_TEXT_HEAD] + "\n\n" + new[-NEW_TEXT_TAIL:]


def parse(raw: bytes, *, max_text_bytes: int = 2_000_000) -> ParsedMessage:
    """Parse one message. Raises only on input the stdlib cannot read at all (see understand)."""
    problems: list[str] = []
    msg = _parse_message(raw)
    problems.extend(type(d).__name__ for d in msg.defects[:20])
    heads = _raw_headers(msg)
    decoded = {k: tuple(hdr.decode(v) for v in vs[:20]) for k, vs in heads.items()}

    plain: list[str] = []
    html: list[str] = []
    attachments: list[Attachment] = []
    calendars: list[CalendarEvent] = []
    dsn: list[DeliveryStatus] = []
    enclosed = ""
    for part in _walk(msg, problems):
        ctype = part.get_content_type()
        if ctype == "message/delivery-status":
            dsn.extend(_delivery_status(part))
            continue
        if not enclosed and ctype in ("message/rfc822", "text/rfc822-headers"):
            enclosed = _enclosed_headers(part, problems)
        if part.is_multipart():
            continue
        disposition = str(part.get("Content-Disposition", "")).split(";")[0].strip().lower()
        filename = hdr.decode(part.get_filename() or "")
        if ctype == "text/calendar" or filename.lower().endswith(".ics"):
            calendars.extend(parse_calendar(_decoded_text(part, problems)))
            if not filename:
                continue
        if disposition == "attachment" or (filename and not ctype.startswith("text/")) or not (
            ctype.startswith("text/")
        ):
            raw_payload = part.get_payload()
            size = len(raw_payload) if isinstance(raw_payload, str) else 0
            attachments.append(Attachment(filename, ctype, size))
            continue
        if ctype == "text/html":
            html.append(_decoded_text(part, problems))
        elif ctype in ("text/plain", "text/rfc822-headers") or ctype.startswith("text/"):
            plain.append(_decoded_text(part, problems))

    text = "\n\n".join(t for t in plain if t.strip())
    if not text.strip():
        text = "\n\n".join(html_to_text(h[:HTML_SCAN_CHARS]) for h in html if h.strip())
        if any(len(h) > HTML_SCAN_CHARS for h in html):
            problems.append(f"HTML read up to {HTML_SCAN_CHARS} characters")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    truncated = len(text.encode("utf-8", "replace")) > max_text_bytes
    if truncated:
        text = text.encode("utf-8", "replace")[:max_text_bytes].decode("utf-8", "ignore")
        problems.append(f"text truncated at {max_text_bytes} bytes")

    env = _envelope(msg, raw, heads)
    return ParsedMessage(
        **env.envelope(),
        content_type=env.content_type,
        report_type=env.report_type,
        raw_headers=heads,
        headers=decoded,
        text=text,
        new_text=_head_and_tail(strip_quotes(text[:SCAN_CHARS],
                                             forwarded=is_forward_subject(env.subject))),
        attachments=tuple(attachments),
        calendar=tuple(calendars),
        delivery_status=tuple(dsn),
        enclosed_headers=enclosed,
        truncated=truncated,
        problems=tuple(problems),
    )
