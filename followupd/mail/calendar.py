"""text/calendar parts (iTIP, RFC 5546): METHOD REQUEST / CANCEL, SEQUENCE, DTSTART/DTEND.

icalendar resolves TZID parameters against the VTIMEZONE blocks of the part and the IANA and
Windows zone names (Outlook writes "W. Europe Standard Time"). A floating or date-only time is
not an interview time we can act on, so it is skipped rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from icalendar import Calendar

from followupd.core.model import Address

log = logging.getLogger(__name__)

MAX_CALENDAR_BYTES = 512_000  # invitations are a few kB; anything bigger is not an invitation


@dataclass(frozen=True)
class CalendarEvent:
    method: str  # REQUEST, CANCEL, PUBLISH, REPLY... ("" when the part has none)
    uid: str
    sequence: int
    summary: str
    description: str
    start: dt.datetime | None
    end: dt.datetime | None
    tz: str  # IANA (or Windows) zone name from TZID, "" for UTC or unknown
    organizer: Address | None
    attendees: tuple[Address, ...]
    location: str
    url: str  # meeting link (URL property, or a link found in LOCATION/description)
    status: str  # STATUS: CONFIRMED, CANCELLED, TENTATIVE


def _address(prop: object) -> Address | None:
    if prop is None:
        return None
    value = str(prop)
    email = value.split(":", 1)[1] if value.lower().startswith("mailto:") else value
    params = getattr(prop, "params", {})
    name = str(params.get("CN", "")) if params else ""
    return Address(name=name.strip("\"' "), email=email.strip().lower())


def _aware(value: object, tzid: str = "") -> tuple[dt.datetime | None, str]:
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        return None, ""  # date-only (all day) or floating time
    key = tzid or getattr(value.tzinfo, "key", "") or getattr(value.tzinfo, "zone", "")
    if not key:
        name = value.tzname() or ""
        key = "" if name in ("UTC", "Z") else name
    return value, str(key if key != "UTC" else "")


def _meeting_link(*texts: str) -> str:
    for text in texts:
        for word in text.split():
            if word.startswith(("https://", "http://")):
                return word.strip("<>()[],;\"'")
    return ""


def parse_calendar(data: bytes | str) -> tuple[CalendarEvent, ...]:
    """Every VEVENT of one text/calendar part; () when the part cannot be read."""
    if len(data) > MAX_CALENDAR_BYTES:
        log.info("calendar part of %d bytes skipped", len(data))
        return ()
    try:
        cal = Calendar.from_ical(data)
        method = str(cal.get("METHOD", "")).upper()
        events = []
        for event in cal.walk("VEVENT"):
            raw_start = event.get("DTSTART")
            tzid = str(getattr(raw_start, "params", {}).get("TZID", "")) if raw_start else ""
            start, tz = _aware(event.decoded("DTSTART", None), tzid)
            end, _ = _aware(event.decoded("DTEND", None))
            if start is not None and end is None:
                duration = event.decoded("DURATION", None)
                end = start + duration if isinstance(duration, dt.timedelta) else None
            attendees_raw = event.get("ATTENDEE", [])
            if not isinstance(attendees_raw, list):
                attendees_raw = [attendees_raw]
            attendees = tuple(a for a in (_address(p) for p in attendees_raw) if a)
            location = str(event.get("LOCATION", ""))
            description = str(event.get("DESCRIPTION", ""))
            url = str(event.get("URL", "")) or _meeting_link(location, description)
            seq_raw = str(event.get("SEQUENCE", "0")).strip()
            events.append(
                CalendarEvent(
                    method=method,
                    uid=str(event.get("UID", "")),
                    sequence=int(seq_raw) if seq_raw.isdigit() else 0,
                    summary=str(event.get("SUMMARY", "")),
                    description=description[:20_000],
                    start=start,
                    end=end,
                    tz=tz,
                    organizer=_address(event.get("ORGANIZER")),
                    attendees=attendees,
                    location=location,
                    url=url,
                    status=str(event.get("STATUS", "")).upper(),
                )
            )
        return tuple(events)
    except Exception as exc:  # noqa: BLE001 - icalendar raises many types on broken input
        log.info("unreadable calendar part: %s", type(exc).__name__)
        return ()
