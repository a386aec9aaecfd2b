"""Build the RFC 5322 bytes of one draft, threaded as a reply, safe against header injection.

Every value that may come from incoming mail (names, subject, Message-IDs, addresses) is
sanitised before it reaches a header: control characters (CR, LF, NUL, C0/C1, Unicode line and
paragraph separators) become spaces, so no value can start a new header line. The email package's
header registry then folds and encodes (RFC 2047) what is left.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from email import policy as email_policy
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from email.utils import format_datetime
from typing import TYPE_CHECKING

from followupd.core.draft_headers import STAGE_HEADER, TOKEN_HEADER
from followupd.core.model import Address, Application
from followupd.engine.stages import is_stage
from followupd.mail.addresses import is_addr_spec
from followupd.mail.domains import is_machine_address
from followupd.mail.subjects import strip_reply_prefixes

if TYPE_CHECKING:  # render chooses gifts by recipient (engine.gifts), so no import cycle
    from followupd.engine.render import RenderedDraft

_MSG_ID = re.compile(r"^<[^<>\s]+@[^<>\s]+>$")


def clean_text(value: str, limit: int = 300) -> str:
    """One line of printable text: control and separator characters become single spaces."""
    out = "".join(" " if unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"} else c for c in value)
    return " ".join(out.split())[:limit]


def clean_stage(value: str) -> str:
    """A stage name as it may appear in a header: ``thank_you_1``, ``follow_up_2``."""
    text = clean_text(value, 50)
    if not is_stage(text):
        raise ValueError(f"not a stage name: {value!r}")
    return text


def clean_email(value: str) -> str | None:
    """The addr-spec if it is a plain, single, injection-free address, else None."""
    addr = value.strip().lower()
    return addr if is_addr_spec(addr) else None


def clean_msg_id(value: str) -> str | None:
    value = value.strip()
    if not value.startswith("<"):
        value = f"<{value}>"
    return value if _MSG_ID.match(value) and value.isascii() and len(value) <= 998 else None


def is_human_address(email: str) -> bool:
    """A plain address that a person reads: not no-reply, not an ATS, scheduler or job board."""
    addr = clean_email(email)
    return addr is not None and not is_machine_address(addr)


def choose_recipient(app: Application) -> Address | None:
    """Who the draft goes to: the address the user named (``note --to``), else the interviewer,
    else the recruiter; never a no-reply/ATS address, never one that bounced permanently."""
    dead = frozenset(app.dead_addresses)
    if app.send_to is not None and (chosen := clean_email(app.send_to.email)) not in dead | {None}:
        return Address(clean_text(app.send_to.name), str(chosen))
    for person in (app.interviewer, app.recruiter):
        if person is not None and is_human_address(person.email):
            email = person.email.strip().lower()
            if email not in dead:
                return Address(clean_text(person.name), email)
    return None


def reply_subject(original: str) -> str:
    """``Re: <original>`` with any existing reply prefixes (Re:, AW:, SV: ...) collapsed to one."""
    base = strip_reply_prefixes(clean_text(original, 500))
    return f"Re: {base}" if base else "Re:"


def draft_subject(app: Application, rendered: RenderedDraft) -> str:
    """The Subject the draft really carries: ``Re: <thread subject>`` when it answers a known
    message, else the template's own subject (what notices and ``once`` must name too)."""
    thread = app.thread
    if thread is not None and clean_msg_id(thread.message_id) is not None:
        return reply_subject(thread.subject or rendered.subject)
    return clean_text(rendered.subject, 500)


def build_draft(
    app: Application,
    rendered: RenderedDraft,
    *,
    sender: Address,
    to: Address,
    token: str,
    now: dt.datetime,
    message_id: str,
    stage: str = "",
) -> bytes:
    """The draft as CRLF bytes, ready for IMAP APPEND with \\Draft.

    Threading: when ``app.thread`` is known the draft replies to it (Subject "Re: <thread subject>",
    In-Reply-To, References); otherwise it is a fresh message with the template's subject and no
    fake "Re:".
    """
    if now.tzinfo is None:
        raise ValueError("now must be aware")
    msg = EmailMessage(policy=email_policy.SMTP)
    msg["From"] = _header_address(sender)
    msg["To"] = _header_address(to)
    thread = app.thread
    parent = clean_msg_id(thread.message_id) if thread is not None else None
    msg["Subject"] = draft_subject(app, rendered)
    msg["Date"] = format_datetime(now)
    own_id = clean_msg_id(message_id)
    if own_id is None:
        raise ValueError(f"invalid Message-ID for our draft: {message_id!r}")
    msg["Message-ID"] = own_id
    if thread is not None and parent is not None:
        refs = [r for r in (clean_msg_id(x) for x in thread.references) if r is not None]
        if parent not in refs:
            refs.append(parent)
        msg["In-Reply-To"] = parent
        msg["References"] = " ".join(refs)
    msg[TOKEN_HEADER] = clean_text(token, 200)
    if stage:
        msg[STAGE_HEADER] = clean_stage(stage)
    msg.set_content(rendered.body, charset="utf-8")
    return msg.as_bytes(policy=email_policy.SMTP)


def _header_address(addr: Address) -> HeaderAddress:
    email = clean_email(addr.email)
    if email is None:
        raise ValueError(f"not a usable address: {addr.email!r}")
    user, _, domain = email.rpartition("@")
    return HeaderAddress(display_name=clean_text(addr.name, 200), username=user, domain=domain)
