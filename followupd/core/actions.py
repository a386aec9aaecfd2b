"""Actions: what the pure planner decides and execute.py carries out.

The planner returns a list of these; ``followupd once --dry-run`` prints them; execute applies
each through the adapters and records it in the store. Each has a one-line ``describe()`` used in
logs, dry runs and the digest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from followupd.core.model import AppState, DraftStatus, Reason


@dataclass(frozen=True)
class QueueDraft:
    """Render the template for ``stage`` and APPEND it to Drafts as a reply in the thread."""

    application_id: int
    stage: str  # "thank_you_1", "follow_up_2", ...
    template: str  # "thank_you", "follow_up", "thank_you_second"
    due_at: dt.datetime
    reasons: tuple[Reason, ...] = ()

    def describe(self) -> str:
        return f"queue {self.stage} draft for application {self.application_id}"


@dataclass(frozen=True)
class WithdrawDraft:
    """Remove our own untouched draft (UID EXPUNGE of that UID only)."""

    application_id: int
    draft_id: int
    reasons: tuple[Reason, ...] = ()

    def describe(self) -> str:
        return f"withdraw draft {self.draft_id} of application {self.application_id}"


@dataclass(frozen=True)
class SetState:
    """Move an application to ``state`` (ghosted, interviewed, waiting, resume after pause...)."""

    application_id: int
    state: AppState
    reasons: tuple[Reason, ...] = ()

    def describe(self) -> str:
        return f"application {self.application_id} -> {self.state}"


@dataclass(frozen=True)
class MarkDraft:
    """Record what the user did with one of our drafts (sent, edited, dismissed)."""

    application_id: int
    draft_id: int
    status: DraftStatus
    at: dt.datetime
    reasons: tuple[Reason, ...] = ()
    # Written to DraftRecord.missing_since on every MarkDraft (None clears it). A MarkDraft whose
    # ``status`` equals the current one only records that the draft went missing / came back.
    missing_since: dt.datetime | None = None

    def describe(self) -> str:
        return f"draft {self.draft_id} of application {self.application_id} is {self.status}"


@dataclass(frozen=True)
class Notify:
    """Something the user should hear about in the digest (edited draft kept, bounce...)."""

    application_id: int | None
    text: str
    # Stable de-duplication key: the planner re-emits the same Notify on every tick while the
    # situation lasts; execute delivers each (application_id, key) once. "" = always deliver.
    key: str = ""

    def describe(self) -> str:
        return f"notify: {self.text}"


Action = QueueDraft | WithdrawDraft | SetState | MarkDraft | Notify
