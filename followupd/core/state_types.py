"""Records the state store hands to the app layer (the StateStore port, followupd.ports)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from followupd.core.model import MessageFacts


@dataclass(frozen=True)
class Cursor:
    folder: str
    uidvalidity: int
    last_uid: int
    highestmodseq: int = 0
    # The backfill's position: UIDs below this one are older mail still to be read (after the
    # first sync read the recent window); 0 when there is none left (or none was ever skipped).
    backfill_below: int = 0


@dataclass(frozen=True)
class StoredMessage:
    id: int
    folder: str
    uidvalidity: int
    uid: int
    facts: MessageFacts
    application_id: int | None
    seen_at: dt.datetime
