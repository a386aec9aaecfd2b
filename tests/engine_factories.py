"""Literal-value builders for the engine tests.

Actions are carried out by the real execute (tests/desk.py: SQLite store + in-memory mailbox), so
a test can drive plan() tick after tick exactly as a pass would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

from followupd.core.model import (
    Address,
    Application,
    AppState,
    DraftRecord,
    DraftStatus,
    Interview,
    Kind,
    MessageFacts,
    Policy,
    ThreadRef,
)

BERLIN_TZ = ZoneInfo("Europe/Berlin")
BERLIN = Policy(timezone="Europe/Berlin", holiday_country="DE")
JANE = Address("Jane Doe", "jane.doe@acme.example")
ME = Address("Max Muster", "max@example.org")


def berlin(text: str) -> dt.datetime:
    """``"2026-03-03 14:00"`` as an aware Europe/Berlin datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=BERLIN_TZ)


def interview(start: str, end: str, **kw: object) -> Interview:
    return Interview(start=berlin(start), end=berlin(end), tz="Europe/Berlin", **kw)  # type: ignore[arg-type]


def make_app(**kw: object) -> Application:
    fields: dict[str, object] = {
        "id": 1,
        "company": "Acme",
        "position": "Data Engineer",
        "state": AppState.SCHEDULED,
        "created_at": berlin("2026-02-20 10:00"),
        "interviewer": JANE,
        "thread": ThreadRef("<inv-1@acme.example>", ("<inv-1@acme.example>",), "Interview", None),
    }
    fields.update(kw)
    return Application(**fields)  # type: ignore[arg-type]


def make_draft(stage: str, status: DraftStatus, created: str, **kw: object) -> DraftRecord:
    fields: dict[str, object] = {
        "id": 1,
        "application_id": 1,
        "stage": stage,
        "token": f"tok-{stage}",
        "message_id": f"<{stage}@followupd.example>",
        "status": status,
        "created_at": berlin(created),
    }
    fields.update(kw)
    return DraftRecord(**fields)  # type: ignore[arg-type]


def facts(kind: Kind, msg_id: str, date: str, **kw: object) -> MessageFacts:
    fields: dict[str, object] = {
        "message_id": msg_id,
        "subject": "Re: Interview",
        "sender": JANE,
        "kind": kind,
        "date": berlin(date),
    }
    fields.update(kw)
    return MessageFacts(**fields)  # type: ignore[arg-type]


def set_draft(
    app: Application,
    draft_id: int,
    status: DraftStatus,
    at: dt.datetime,
    missing_since: dt.datetime | None = None,
) -> Application:
    drafts = tuple(
        replace(
            d,
            status=status,
            status_at=at if status is not d.status else d.status_at,
            missing_since=missing_since,
        )
        if d.id == draft_id
        else d
        for d in app.drafts
    )
    return replace(app, drafts=drafts)


def user_sends(app: Application, stage: str, at: dt.datetime) -> Application:
    """The user sends our draft for ``stage``: reconcile marks it SENT, Sent sync sees it."""
    (draft,) = [d for d in app.drafts if d.stage == stage]
    app = set_draft(app, draft.id, DraftStatus.SENT, at)
    return replace(app, last_outbound_at=at)


TUESDAY_INTERVIEW = interview("2026-03-03 14:00", "2026-03-03 15:00")
