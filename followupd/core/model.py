"""Domain records shared by the pure core and the adapters.

Everything here is a frozen dataclass or an enum: plain data, no I/O. Times are timezone-aware
``datetime`` objects (UTC when stored); a naive datetime anywhere in the core is a bug.

Glossary (also in docs/architecture.md):
  application  one job opportunity being followed (a company + position + its mail threads)
  interview    one scheduled conversation for an application (a round); from a mail or calendar part
  stage        which draft in the sequence: ``thank_you_<round>`` or ``follow_up_<n>``
  draft        a message followupd APPENDed to the Drafts folder, identified by its token
  decision     offer or rejection; it ends the application
  cadence      business days between follow-ups, widening: (10, 14, 21) by default
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What a message is, from followupd's point of view."""

    INTERVIEW = "interview"  # invitation, confirmation or reschedule
    INTERVIEW_CANCELLED = "interview_cancelled"
    RESCHEDULE = "reschedule"  # the interview moves; a new time is given or promised
    ON_HOLD = "on_hold"  # the role or the process is paused: the thread waits, nothing is decided
    OFFER = "offer"
    REJECTION = "rejection"  # includes "position filled", "other candidates"
    REPLY = "reply"  # a human wrote back about an application, no decision
    AUTO_REPLY = "auto_reply"  # out of office, vacation (RFC 3834)
    BOUNCE = "bounce"  # delivery status notification
    AUTOMATED = "automated"  # lists, no-reply, ATS acknowledgements, job alerts
    UNRELATED = "unrelated"
    UNCLASSIFIED = "unclassified"  # recorded, not (yet) understood
    OUTBOUND = "outbound"  # the user's own message (Sent folder)
    OUR_DRAFT = "our_draft"  # a draft followupd created

    @property
    def is_decision(self) -> bool:
        return self in (Kind.OFFER, Kind.REJECTION)


@dataclass(frozen=True)
class Reason:
    """Why a decision was taken: ``rule`` names the rule, ``detail`` the header or phrase."""

    rule: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}" if self.detail else self.rule


@dataclass(frozen=True)
class Address:
    name: str
    email: str  # lower-cased addr-spec; "" when unknown

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


@dataclass(frozen=True)
class Interview:
    """One interview round. ``start``/``end`` are aware; ``tz`` is the IANA name when known."""

    start: dt.datetime
    end: dt.datetime
    tz: str = ""
    calendar_uid: str = ""  # iCalendar UID, to match updates and cancellations
    sequence: int = 0
    location: str = ""
    source_message_id: str = ""
    cancelled: bool = False


@dataclass(frozen=True)
class MessageEnvelope:
    """The envelope fields every reader of a message agrees on, declared once: the header-only
    reader (``mail.parse.Envelope``), the full reader (``ParsedMessage``) and what is recorded
    (``MessageFacts``) all extend this."""

    message_id: str
    subject: str
    sender: Address
    date: dt.datetime | None = None
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    reply_to: tuple[Address, ...] = ()
    in_reply_to: str = ""
    references: tuple[str, ...] = ()

    def envelope(self) -> dict[str, Any]:
        """Just the envelope fields, to build another record of the same message from."""
        return {f.name: getattr(self, f.name) for f in fields(MessageEnvelope)}


@dataclass(frozen=True)
class MessageFacts(MessageEnvelope):
    """What the pure mail-understanding core read from one message (see followupd/mail/)."""

    kind: Kind = field(kw_only=True)
    reasons: tuple[Reason, ...] = ()
    company: str = ""
    position: str = ""
    interviewer: Address | None = None
    recruiter: Address | None = None
    interview: Interview | None = None
    answer_by: dt.date | None = None  # "we'll get back to you by Friday"
    return_date: dt.date | None = None  # auto-reply: "back on 3 March"
    bounce_recipient: str = ""
    bounce_permanent: bool = False
    bounce_status: str = ""  # RFC 3463 code of the failure ("5.1.1"), "" when not given
    bounce_message_id: str = ""  # Message-ID of the mail that bounced (from its returned headers)
    bounce_token: str = ""  # our X-Followupd-Token in the returned headers: it was our draft
    followupd_token: str = ""  # X-Followupd-Token of our own drafts
    notes: str = ""  # the text of the user's own notes mail (engine/notes.py), else ""
    confidence: float = 1.0  # the detector's calibrated probability of ``kind``
    unsure: Kind | None = None  # a decision the detector thinks likely but not certain: ask
    unsure_confidence: float = 0.0
    language: str = ""  # ISO 639-1 code of the text (mail.language), "" when not sure


class AppState(StrEnum):
    SCHEDULED = "scheduled"  # interview known, not yet happened
    INTERVIEWED = "interviewed"  # interview over, thank-you stage
    WAITING = "waiting"  # follow-up stages
    DECIDED = "decided"
    GHOSTED = "ghosted"  # max follow-ups without an answer
    STOPPED = "stopped"  # the user said stop
    PAUSED = "paused"

    @property
    def is_live(self) -> bool:
        return self in (AppState.SCHEDULED, AppState.INTERVIEWED, AppState.WAITING)


class DraftStatus(StrEnum):
    INTENDED = "intended"  # row written, APPEND not confirmed
    APPENDED = "appended"  # in Drafts, untouched
    SENT = "sent"  # the user sent it (a matching message in Sent)
    EDITED = "edited"  # the user changed it; we never touch it again
    DISMISSED = "dismissed"  # the user deleted it without sending
    WITHDRAWN = "withdrawn"  # we removed it (decision, cancellation)

    @property
    def is_open(self) -> bool:
        return self in (DraftStatus.INTENDED, DraftStatus.APPENDED, DraftStatus.EDITED)


@dataclass(frozen=True)
class DraftRecord:
    id: int
    application_id: int
    stage: str
    token: str
    message_id: str
    status: DraftStatus
    created_at: dt.datetime
    uid: int | None = None
    uidvalidity: int | None = None
    folder: str = ""
    # Added for the engine (all optional, written by execute/store from actions):
    status_at: dt.datetime | None = None  # when ``status`` last changed (sent/dismissed time)
    missing_since: dt.datetime | None = None  # first seen missing from Drafts (dismiss grace)
    in_reply_to: str = ""  # the Message-ID our draft answers (matching the sent copy)
    recipient: str = ""  # lower-cased addr-spec our draft is addressed to
    gift: str = ""  # the gift (``note --gift``) this draft brings its recipient (engine/gifts)


@dataclass(frozen=True)
class ThreadRef:
    """The message our next draft answers: where In-Reply-To/References/Subject come from."""

    message_id: str
    references: tuple[str, ...]
    subject: str
    date: dt.datetime | None = None


@dataclass(frozen=True)
class Hold:
    """A decision the detector was unsure of: no drafts until the user says
    ``followupd decide ID offer|rejection|interview|none``. Or (``kind`` BOUNCE) mail to our
    recipient failed permanently: no drafts until ``followupd note ID --to NEW-ADDRESS``."""

    message_id: str
    kind: Kind  # the decision it looks like; BOUNCE: the recipient's address is dead
    confidence: float
    at: dt.datetime
    subject: str = ""
    recipient: str = ""  # BOUNCE: the address that failed
    status: str = ""  # BOUNCE: its RFC 3463 status code


@dataclass(frozen=True)
class Application:
    """A snapshot of one application as the planner sees it."""

    id: int
    company: str
    position: str
    state: AppState
    created_at: dt.datetime
    interviewer: Address | None = None
    recruiter: Address | None = None
    decision: Kind | None = None
    interviews: tuple[Interview, ...] = ()
    topics: tuple[str, ...] = ()
    gifts: tuple[str, ...] = ()
    paused_until: dt.datetime | None = None
    resume_state: AppState | None = None  # state to return to after a pause
    followups_sent: int = 0
    last_inbound_at: dt.datetime | None = None
    last_outbound_at: dt.datetime | None = None
    postponed_until: dt.datetime | None = None  # auto-reply return date / promised answer date
    thread: ThreadRef | None = None
    drafts: tuple[DraftRecord, ...] = ()
    domains: tuple[str, ...] = ()  # company domains seen (not ATS/freemail)
    addresses: tuple[str, ...] = ()  # correspondents' addresses
    message_ids: tuple[str, ...] = field(default=())  # every Message-ID in its threads
    subject_key: str = ""  # normalized subject
    held: Hold | None = None  # an unsure decision waiting for the user's word
    language: str = ""  # the language the employer last wrote in ("" unknown)
    dead_addresses: tuple[str, ...] = ()  # failed permanently (a bounce): never drafted to
    send_to: Address | None = None  # the user's choice of recipient (`note --to`): before all


# The languages followupd has built-in draft templates for (followupd/templates/<code>/).
DRAFT_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es")


@dataclass(frozen=True)
class Policy:
    """The [schedule] section, as the planner needs it."""

    timezone: str = "UTC"
    thank_you_delay: dt.timedelta = dt.timedelta(hours=2)
    cadence: tuple[int, ...] = (10, 14, 21)  # business days before follow-up 1, 2, 3
    max_followups: int = 3
    window_start: dt.time = dt.time(9, 0)
    window_end: dt.time = dt.time(17, 0)
    holiday_country: str = ""  # ISO 3166 code for the holidays package; "" = weekends only
    holiday_subdivision: str = ""
    dismiss_grace: dt.timedelta = dt.timedelta(hours=24)
    # A thank-you not drafted within this time after the interview (daemon down, backfill of old
    # mail) is skipped rather than drafted days late; the follow-up stages take over.
    thank_you_max_age: dt.timedelta = dt.timedelta(days=2)
    # Right after an interview, a notes draft to the user (engine/notes.py); the thank-you waits
    # this long for the notes while that draft is open, never past the same evening.
    notes_draft: bool = True
    notes_wait: dt.timedelta = dt.timedelta(hours=4)
