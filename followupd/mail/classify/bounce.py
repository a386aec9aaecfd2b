"""Bounces: RFC 3464 delivery status notifications and the common non-standard ones.

A DSN is ``multipart/report; report-type=delivery-status`` (RFC 3462/6522) with per-recipient
``Action`` and ``Status`` (RFC 3463: 5.x.x permanent, 4.x.x transient). Older Postfix/Exim/Exchange
setups and Gmail's notices are recognised by sender (mailer-daemon, postmaster) plus subject.
"""

from __future__ import annotations

from dataclasses import dataclass

from followupd.core.model import Reason
from followupd.mail.classify import phrases_auto as pa
from followupd.mail.headers import find_emails
from followupd.mail.parse import ParsedMessage


@dataclass(frozen=True)
class Bounce:
    recipient: str
    permanent: bool
    reasons: tuple[Reason, ...]


def _from_dsn(parsed: ParsedMessage) -> Bounce | None:
    if parsed.content_type != "multipart/report" and not parsed.delivery_status:
        return None
    if parsed.report_type and parsed.report_type != "delivery-status":
        return None  # e.g. disposition-notification (read receipts, RFC 8098) are not bounces
    problem = [d for d in parsed.delivery_status if d.action in ("failed", "delayed")]
    if parsed.delivery_status and not problem:
        return None  # "delivered"/"relayed" success notifications
    first = problem[0] if problem else None
    permanent = bool(first and (first.action == "failed" or first.status.startswith("5")))
    recipient = first.recipient if first else ""
    detail = f"{first.action} {first.status} {recipient}".strip() if first else "multipart/report"
    return Bounce(recipient, permanent, (Reason("bounce_dsn", f"RFC 3464 DSN: {detail}"),))


def _from_text(parsed: ParsedMessage) -> Bounce | None:
    sender = f"{parsed.sender.email} {parsed.sender.name}"
    if not (pa.BOUNCE_SENDER_RE.search(parsed.sender.email)
            or pa.BOUNCE_SENDER_RE.search(parsed.sender.name)):
        return None
    subject = pa.BOUNCE_SUBJECT_RE.search(parsed.subject)
    if not subject:
        return None
    text = parsed.text[:50_000]
    recipient = ""
    for pattern in pa.BOUNCE_RECIPIENT_RES:
        found = pattern.search(text)
        if found:
            recipient = found.group(1).lower().strip(".,;:")
            break
    if not recipient:
        own = {parsed.sender.email, *(a.email for a in parsed.to)}
        candidates = [e for e in find_emails(text) if e not in own]
        recipient = candidates[0] if candidates else ""
    soft = pa.BOUNCE_SOFT_RE.search(text) or pa.BOUNCE_SOFT_RE.search(parsed.subject)
    hard = pa.BOUNCE_HARD_RE.search(text)
    permanent = bool(hard) or not soft
    reasons = (
        Reason("bounce_sender", sender.strip()),
        Reason("bounce_subject", subject.group(0)),
        Reason("bounce_severity", (hard.group(0) if hard else "no transient code") if permanent
               else (soft.group(0) if soft else "")),
    )
    return Bounce(recipient, permanent, reasons)


def detect_bounce(parsed: ParsedMessage) -> Bounce | None:
    return _from_dsn(parsed) or _from_text(parsed)
