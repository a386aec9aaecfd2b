"""The draft for a planned stage, decided: recipient, Message-ID, bytes and its record. Pure.

Rendering the template text is ``engine.render``; reading the templates is an adapter; the random
token is passed in. ``app.prepare_draft`` puts the three together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from followupd.core.model import Address, Application, DraftRecord, DraftStatus
from followupd.engine.draftmsg import build_draft, choose_recipient, draft_subject
from followupd.engine.render import RenderedDraft


@dataclass(frozen=True)
class PreparedDraft:
    draft: DraftRecord  # status INTENDED, id 0: not recorded yet
    raw: bytes
    subject: str  # the Subject header it carries (not the template's when it is a reply)
    has_placeholders: bool


def draft_message_id(token: str, sender_email: str) -> str:
    """Our draft's Message-ID: the token at the user's own domain (RFC 5322 section 3.6.4)."""
    domain = sender_email.rpartition("@")[2] or "followupd.invalid"
    return f"<followupd.{token}@{domain}>"


def compose(
    app: Application, stage: str, rendered: RenderedDraft, *, sender: Address, token: str,
    now: dt.datetime, folder: str, gift: str = "",
) -> PreparedDraft | None:
    """The draft of ``stage`` for ``app``; None when there is no human address to write to (the
    planner says so in a Notify). ``gift`` is the one the rendered text brings, recorded so that
    its recipient never gets it again (engine/gifts)."""
    to = choose_recipient(app)
    if to is None:
        return None
    message_id = draft_message_id(token, sender.email)
    raw = build_draft(app, rendered, sender=sender, to=to, token=token, now=now,
                      message_id=message_id, stage=stage)
    draft = DraftRecord(
        id=0, application_id=app.id, stage=stage, token=token, message_id=message_id,
        status=DraftStatus.INTENDED, created_at=now, folder=folder,
        in_reply_to=app.thread.message_id if app.thread else "", recipient=to.email, gift=gift,
    )
    return PreparedDraft(draft, raw, draft_subject(app, rendered), rendered.has_placeholders)
