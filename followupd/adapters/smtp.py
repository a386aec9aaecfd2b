"""The digest: one mail to the user listing what followupd wants them to know (drafts queued,
decisions, problems). Only ever to the user's own address; batched, at most one per
smtp.min_interval_minutes.

Decide, then act: ``digest_due`` and ``build_digest`` are pure; ``send_digest`` is the aiosmtplib
adapter; ``deliver_due_digest`` ties them to the store. TLS is implicit or mandatory STARTTLS;
plaintext only to a loopback relay (config.py enforces it, and ``send_digest`` checks again).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import logging
import ssl
import zoneinfo
from collections.abc import Sequence
from email.message import EmailMessage

import aiosmtplib

from followupd.adapters import credentials
from followupd.adapters.credentials import Password
from followupd.config.loader import Config, Identity, SmtpConfig, is_loopback
from followupd.core.errors import ServerError, TLSPolicyError
from followupd.ports import StateStore

log = logging.getLogger(__name__)

Notice = tuple[int, dt.datetime, str]  # id, when, text (Store.pending_notices)
SEND_TIMEOUT = 60.0
DIGEST_HEADER = "X-Followupd-Digest"


def digest_due(last_sent: dt.datetime | None, pending: int, now: dt.datetime,
               interval: dt.timedelta) -> bool:
    """Something to say, and the last digest (if any) is at least ``interval`` old."""
    return pending > 0 and (last_sent is None or now - last_sent >= interval)


def build_digest(notices: Sequence[Notice], identity: Identity, now: dt.datetime, *,
                 to: str = "") -> EmailMessage:
    """The digest mail, from the user to the user (``to`` defaults to identity.email).

    Times are shown in ``now``'s time zone. The mail says it is automated (RFC 3834
    Auto-Submitted) and carries our own header, so followupd never tracks it when it lands in
    the INBOX it watches.
    """
    recipient = to or identity.email
    count = len(notices)
    msg = EmailMessage()
    msg["From"] = email.utils.formataddr((f"followupd for {identity.name}", identity.email))
    msg["To"] = recipient
    msg["Subject"] = f"followupd: {count} thing{'s' * (count != 1)} for you"
    msg["Date"] = email.utils.format_datetime(now)
    msg["Message-ID"] = email.utils.make_msgid("followupd-digest", domain=identity.email.split("@")[-1])
    msg["Auto-Submitted"] = "auto-generated"
    msg[DIGEST_HEADER] = "1"
    lines = [f"Hello {identity.name},", "", "since the last digest:", ""]
    zone = now.tzinfo
    for _id, at, text in notices:
        lines.append(f"- {at.astimezone(zone):%a %d %b %H:%M}  {' '.join(text.split())}")
    lines += [
        "",
        "Drafts wait in your Drafts folder: review, edit and send them from your mail client.",
        "followupd never sends anything to anyone but you.",
        "",
        "-- ",
        "followupd",
    ]
    msg.set_content("\n".join(lines) + "\n")
    return msg


def _tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


async def send_digest(message: EmailMessage, smtp: SmtpConfig, password: Password | None) -> None:
    """Submit ``message`` to smtp.to only (the envelope, not just the header)."""
    if smtp.tls == "none" and not is_loopback(smtp.host):
        raise TLSPolicyError(f'smtp.tls = "none" is only allowed to a loopback host, not {smtp.host!r}')
    try:
        await aiosmtplib.send(
            message,
            recipients=[smtp.to],
            hostname=smtp.host,
            port=smtp.port,
            username=smtp.username or None,
            password=password.reveal() if (password and smtp.username) else None,
            use_tls=smtp.tls == "implicit",
            start_tls=smtp.tls == "starttls",  # True: mandatory; False: never (loopback only)
            tls_context=_tls_context() if smtp.tls != "none" else None,
            timeout=SEND_TIMEOUT,
        )
    except aiosmtplib.SMTPAuthenticationError as exc:
        raise ServerError(
            f"SMTP server {smtp.host} refused the login for {smtp.username!r}: {exc.message}",
            hint="Check smtp.username and the smtp password source (empty: the IMAP password).",
        ) from None
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise ServerError(f"sending the digest via {smtp.host}:{smtp.port} failed: {exc}") from None


def smtp_password(cfg: Config) -> Password | None:
    """The SMTP password: its own source, else the IMAP one; None without smtp.username."""
    if not cfg.smtp.username:
        return None
    return Password(credentials.resolve(cfg.smtp.secret or cfg.imap.secret))


def deliver_due_digest(cfg: Config, store: StateStore, now: dt.datetime) -> int:
    """Send the digest if one is due; mark its notices sent. Returns how many were listed.

    Sent first, marked after: a crash in between repeats a digest rather than losing one.
    """
    if not cfg.smtp.enabled:
        return 0
    pending = store.pending_notices()
    interval = dt.timedelta(minutes=cfg.smtp.min_interval_minutes)
    if not digest_due(store.last_digest_at(), len(pending), now, interval):
        return 0
    local_now = now.astimezone(zoneinfo.ZoneInfo(cfg.policy.timezone))
    message = build_digest(pending, cfg.identity, local_now, to=cfg.smtp.to)
    asyncio.run(send_digest(message, cfg.smtp, smtp_password(cfg)))
    with store.transaction():
        store.mark_notices_sent([n[0] for n in pending], now)
    log.info("digest with %d notice%s sent to %s", len(pending), "s" * (len(pending) != 1), cfg.smtp.to)
    return len(pending)
