"""Adopt our own drafts that the state store has no record of. Pure: header bytes and
applications in, a draft record (or None) out.

When the state file is lost or moved aside, followupd rebuilds applications from the server
(read-only) but would then draft every due stage again. The drafts it made before still sit in
Drafts with our X-Followupd-Token header; ``read_found`` reads one, ``match`` ties it to its
application by threading (In-Reply-To, then References) *and* recipient, and ``adopted_record``
gives the DraftRecord to store. An adopted draft is recorded as EDITED: we no longer hold the exact
bytes we appended, so it counts as the user's — it blocks a second draft for its application but is
never withdrawn or expunged automatically (no destructive action without a trusted record).
"""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import re
from collections.abc import Sequence
from dataclasses import dataclass

from followupd.core.draft_headers import STAGE_HEADER, TOKEN_HEADER
from followupd.core.model import Application, DraftRecord, DraftStatus, Reason
from followupd.engine.stages import is_stage
from followupd.mail import headers as hdr

_PARSER = email.parser.BytesHeaderParser(policy=email.policy.compat32)
_TOKEN = re.compile(r"^[A-Za-z0-9_.-]{1,200}$")


@dataclass(frozen=True)
class FoundDraft:
    """What our draft's headers say about it."""

    token: str
    stage: str  # "" when the header is missing (drafts made before it existed) or not ours
    message_id: str
    in_reply_to: str
    references: tuple[str, ...]
    recipients: tuple[str, ...]  # lower-cased addr-specs from To
    date: dt.datetime | None


def read_found(header: bytes) -> FoundDraft | None:
    """Parse the header block of a message in Drafts; None unless it carries a valid token.
    Message-IDs, addresses and the date are decoded as for every other message (mail.headers),
    so they compare equal to what tracking recorded."""
    msg = _PARSER.parsebytes(header)
    token = str(msg.get(TOKEN_HEADER, "")).strip()
    if not _TOKEN.match(token):
        return None
    stage = str(msg.get(STAGE_HEADER, "")).strip()
    return FoundDraft(
        token=token,
        stage=stage if is_stage(stage) else "",
        message_id=hdr.message_id(str(msg.get("Message-ID", ""))),
        in_reply_to=hdr.message_id(str(msg.get("In-Reply-To", ""))),
        references=hdr.message_ids(" ".join(str(r) for r in msg.get_all("References", []))),
        recipients=tuple(a.email for a in hdr.addresses([str(v) for v in msg.get_all("To", [])])
                         if a.email),
        date=hdr.date(str(msg.get("Date", ""))),
    )


def _thread_ids(app: Application) -> set[str]:
    ids = set(app.message_ids)
    if app.thread is not None:
        ids.add(app.thread.message_id)
        ids.update(app.thread.references)
    return ids


def _people(app: Application) -> set[str]:
    people = {a.lower() for a in app.addresses}
    for person in (app.interviewer, app.recruiter):
        if person is not None and person.email:
            people.add(person.email.lower())
    return people


def match(found: FoundDraft, apps: Sequence[Application]) -> tuple[Application, Reason] | None:
    """The one application ``found`` answers: its In-Reply-To (else a References entry) is one of
    the application's Message-IDs and it is addressed to one of its correspondents. None when no
    application, or more than one, fits: an unsure adoption is worse than none."""
    wanted = [found.in_reply_to] if found.in_reply_to else list(reversed(found.references))
    for parent in wanted:
        fits = [a for a in apps if parent in _thread_ids(a) and set(found.recipients) & _people(a)]
        if len(fits) == 1:
            return fits[0], Reason("adopted", f"our draft {found.message_id} replies to {parent}")
        if len(fits) > 1:
            return None
    return None


def adopted_record(
    found: FoundDraft, app: Application, *, uid: int, uidvalidity: int, folder: str,
    now: dt.datetime,
) -> DraftRecord:
    """The record for an adopted draft. Without a stage header it still blocks a second draft
    for the application (stage ``adopted_<token>``; stage names must be unique per application)."""
    stage = found.stage or f"adopted_{found.token[:12]}"
    return DraftRecord(
        id=0, application_id=app.id, stage=stage, token=found.token,
        message_id=found.message_id, status=DraftStatus.EDITED,
        created_at=found.date or now, uid=uid, uidvalidity=uidvalidity, folder=folder,
        status_at=now, in_reply_to=found.in_reply_to,
        recipient=found.recipients[0] if found.recipients else "",
    )
