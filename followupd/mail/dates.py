"""Dates and times written in prose: "Tuesday, March 3 at 14:00 CET", "by Friday", "back on 3.3.".

Relative expressions resolve against the message's own Date (never the clock). Month and weekday
names cover the languages of phrases_auto. A time without a zone is read in the caller's
``default_tz`` (the user's zone) when one is given, else in the Date header's offset: applicant-
tracking systems send with +0000, so "Tuesday at 14:00" from them is rarely 14:00 UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_MONTHS = {
    **dict.fromkeys(("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene",
                     "gennaio", "gen", "januari", "janeiro"), 1),
    **dict.fromkeys(("february", "feb", "februar", "février", "fév", "févr", "febrero",
                     "febbraio", "februari", "fevereiro", "fev"), 2),
    **dict.fromkeys(("march", "mar", "märz", "maerz", "mars", "marzo", "maart", "mars", "março",
                     "mär"), 3),
    **dict.fromkeys(("april", "apr", "avril", "avr", "abril", "abr", "aprile"), 4),
    **dict.fromkeys(("may", "mai", "mayo", "maggio", "mei", "maj", "maio", "mag"), 5),
    **dict.fromkeys(("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho"), 6),
    **dict.fromkeys(("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug",
                     "julho"), 7),
    **dict.fromkeys(("august", "aug", "août", "agosto", "ago", "augustus", "augusti"), 8),
    **dict.fromkeys(("september", "sep", "sept", "septembre", "septiembre", "settembre", "set",
                     "setembro"), 9),
    **dict.fromkeys(("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott",
                     "outubro", "out"), 10),
    **dict.fromkeys(("november", "nov", "novembre", "noviembre", "novembro"), 11),
    **dict.fromkeys(("december", "dec", "dezember", "dez", "décembre", "déc", "diciembre", "dic",
                     "dicembre", "dezembro"), 12),
}
_WEEKDAYS = {
    **dict.fromkeys(("monday", "mon", "montag", "lundi", "lunes", "lunedì", "maandag", "måndag",
                     "segunda"), 0),
    **dict.fromkeys(("tuesday", "tue", "tues", "dienstag", "mardi", "martes", "martedì",
                     "dinsdag", "tisdag", "terça"), 1),
    **dict.fromkeys(("wednesday", "wed", "mittwoch", "mercredi", "miércoles", "mercoledì",
                     "woensdag", "onsdag", "quarta"), 2),
    **dict.fromkeys(("thursday", "thu", "thurs", "donnerstag", "jeudi", "jueves", "giovedì",
                     "donderdag", "torsdag", "quinta"), 3),
    **dict.fromkeys(("friday", "fri", "freitag", "vendredi", "viernes", "venerdì", "vrijdag",
                     "fredag", "sexta"), 4),
    **dict.fromkeys(("saturday", "sat", "samstag", "samedi", "sábado", "sabato", "zaterdag",
                     "lördag"), 5),
    **dict.fromkeys(("sunday", "sun", "sonntag", "dimanche", "domingo", "domenica", "zondag",
                     "söndag"), 6),
}
# Abbreviations as fixed offsets (hours); ambiguous ones (IST) left out on purpose.
_TZ_ABBR = {"UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "CET": 1, "MEZ": 1, "CEST": 2,
            "MESZ": 2, "EET": 2, "EEST": 3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
            "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AEST": 10, "AEDT": 11, "JST": 9,
            "SGT": 8}
_US_GENERIC = {"ET": "America/New_York", "PT": "America/Los_Angeles", "CT": "America/Chicago",
               "MT": "America/Denver"}

_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
MONTH_PATTERN = _MONTH_ALT  # every month name and abbreviation known here, as a regex alternation
_WD_ALT = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_DATE_RE = re.compile(
    r"(?:\b(?P<wd>" + _WD_ALT + r")\b\.?,?\s*(?:(?:the|den|le|el|il|de)\s+)?)?"
    r"(?:(?P<iso>\d{4}-\d{2}-\d{2})"
    r"|\b(?P<d1>\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s*(?:of\s+|de\s+)?(?P<m1>" + _MONTH_ALT + r")\b\.?"
    r"(?:,?\s+(?:de\s+)?(?P<y1>\d{4}))?"
    r"|\b(?P<m2>" + _MONTH_ALT + r")\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{4}))?"
    r"|\b(?P<nd>\d{1,2})[./](?P<nm>\d{1,2})[./]?(?P<ny>\d{4}|\d{2})?(?![\d:])"
    r")?(?(wd)|(?<=\S))", re.I)
_TIME_RE = re.compile(
    r"\s*(?:at|@|um|à|a las|alle|om|kl\.?|às|from|,|-|–|"
    r"(?:time|uhrzeit|zeit|heure|hora|ora|tijd|tid|horário)\s*:)?\s*"
    r"(?P<h>\d{1,2})(?:[:.h](?P<min>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?(?P<uhr>\s*(?:uhr|h)\b)?"
    r"(?:\s*(?:-|–|to|until|bis|à|a)\s*(?P<h2>\d{1,2})(?:[:.h](?P<min2>\d{2}))?\s*"
    r"(?P<ampm2>[ap]\.?m\.?)?)?"
    r"\s*\(?(?P<tz>(?:UTC|GMT)\s?[+-]\s?\d{1,2}(?::?\d{2})?|[A-Z][a-z]+/[A-Za-z_]+|"
    + "|".join(sorted(list(_TZ_ABBR) + list(_US_GENERIC), key=len, reverse=True)) + r")?\b",
    re.I)


# Where a date can start: a digit, or a word that begins like a weekday or month name (every
# match of _DATE_RE that is not empty starts at one). ``_dates_in`` tries _DATE_RE only there:
# the same matches as finditer's non-empty ones, without trying its all-optional pattern at every
# character (find_dates: 75 ms -> ~3 ms on 20 KB of business prose).
_CANDIDATE_RE = re.compile(r"\d|\b[^\W\d_]{3}")
_NAME_STARTS = frozenset(name.casefold()[:3] for name in (*_MONTHS, *_WEEKDAYS))


def _dates_in(text: str) -> Iterator[re.Match[str]]:
    """``_DATE_RE.finditer(text)`` without its empty matches."""
    pos = 0
    match = _DATE_RE.match
    for candidate in _CANDIDATE_RE.finditer(text):
        at = candidate.start()
        if at < pos:
            continue
        word = candidate.group()
        if len(word) == 3 and word.casefold()[:3] not in _NAME_STARTS:
            continue
        found = match(text, at)
        if found is not None and found.end() > at:
            yield found
            pos = found.end()


def _zone(token: str, fallback: dt.tzinfo | None) -> tuple[dt.tzinfo | None, str]:
    token = token.strip()
    if not token:
        return fallback, ""
    upper = token.upper().replace(" ", "")
    if upper in _TZ_ABBR:
        return dt.timezone(dt.timedelta(hours=_TZ_ABBR[upper]), upper), ""
    if upper in _US_GENERIC:
        return ZoneInfo(_US_GENERIC[upper]), _US_GENERIC[upper]
    offset = re.fullmatch(r"(?:UTC|GMT)([+-])(\d{1,2}):?(\d{2})?", upper)
    if offset:
        sign = 1 if offset.group(1) == "+" else -1
        minutes = int(offset.group(2)) * 60 + int(offset.group(3) or 0)
        return dt.timezone(sign * dt.timedelta(minutes=minutes)), ""
    try:
        return ZoneInfo(token), token
    except (ZoneInfoNotFoundError, ValueError):
        return fallback, ""


def _next_weekday(ref: dt.date, weekday: int) -> dt.date:
    ahead = (weekday - ref.weekday()) % 7
    return ref + dt.timedelta(days=ahead or 7)


def _date_from(m: re.Match[str], ref: dt.date) -> dt.date | None:
    try:
        if m.group("iso"):
            return dt.date.fromisoformat(m.group("iso"))
        day = month = year = None
        if m.group("m1"):
            day, month, year = int(m.group("d1")), _MONTHS[m.group("m1").lower()], m.group("y1")
        elif m.group("m2"):
            day, month, year = int(m.group("d2")), _MONTHS[m.group("m2").lower()], m.group("y2")
        elif m.group("nd"):
            day, month, year = int(m.group("nd")), int(m.group("nm")), m.group("ny")
        if day is None or month is None:
            wd = m.group("wd")
            return _next_weekday(ref, _WEEKDAYS[wd.lower()]) if wd else None
        if year:
            y = int(year)
            return dt.date(y + 2000 if y < 100 else y, month, day)
        candidate = dt.date(ref.year, month, day)
        # No year: the next such date, allowing a week of slack for "last Monday" mentions.
        return candidate if candidate >= ref - dt.timedelta(days=7) else candidate.replace(
            year=ref.year + 1)
    except (ValueError, KeyError):
        return None


def _hour(h: str, ampm: str | None) -> int:
    hour = int(h)
    if ampm and ampm.lower().startswith("p") and hour < 12:
        hour += 12
    if ampm and ampm.lower().startswith("a") and hour == 12:
        hour = 0
    return hour


def find_dates(text: str, ref: dt.date) -> list[dt.date]:
    """Every calendar date written in ``text`` (absolute or weekday), in order."""
    out = []
    for m in _dates_in(text[:100_000]):
        if not m.group(0).strip():
            continue
        found = _date_from(m, ref)
        if found is not None:
            out.append(found)
    return out


def find_datetime(
    text: str, ref: dt.datetime, default_tz: str = ""
) -> tuple[dt.datetime, dt.datetime | None, str] | None:
    """The first date followed by a clock time: (start, end or None, IANA zone name or "").

    A time written without a zone is in ``default_tz`` (IANA name or abbreviation) when given and
    known, else in ``ref``'s offset; relative dates ("Tuesday") count from ``ref`` in that zone.
    """
    fallback: dt.tzinfo | None = ref.tzinfo
    fallback_name = ""
    if default_tz:
        fallback, fallback_name = _zone(default_tz, ref.tzinfo)
        if fallback is not None and fallback is not ref.tzinfo:
            ref = ref.astimezone(fallback)
    lowered = text[:100_000]
    for m in _dates_in(lowered):
        if not m.group(0).strip():
            continue
        day = _date_from(m, ref.date())
        tail = lowered[m.end(): m.end() + 40]
        if day is None:
            continue
        t = _TIME_RE.match(tail)
        if not t or not (t.group("min") or t.group("ampm") or t.group("uhr")):
            continue
        try:
            tzinfo, tzname = (
                _zone(t.group("tz"), fallback) if t.group("tz") else (fallback, fallback_name))
            start = dt.datetime.combine(
                day, dt.time(_hour(t.group("h"), t.group("ampm")), int(t.group("min") or 0)),
                tzinfo)
            end = None
            if t.group("h2"):
                end_ampm = t.group("ampm2") or t.group("ampm")
                end = dt.datetime.combine(
                    day, dt.time(_hour(t.group("h2"), end_ampm), int(t.group("min2") or 0)),
                    tzinfo)
                if end <= start:
                    end = None
        except ValueError:
            continue
        return start, end, tzname
    return None


_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "a couple of": 2, "a few": 3, "ten": 10}


def resolve_when(phrase: str, ref: dt.date) -> dt.date | None:
    """A promised date in words: "Friday", "end of next week", "two weeks", "10 March"."""
    p = phrase.lower().strip()
    if p.startswith("tomorrow"):
        return ref + dt.timedelta(days=1)
    if re.match(r"(the )?end of (the|this) week|this week", p):
        return ref + dt.timedelta(days=(4 - ref.weekday()) % 7)
    if re.match(r"(the )?(end of )?next week", p):
        return ref + dt.timedelta(days=(4 - ref.weekday()) % 7 + 7)
    if re.match(r"(the )?end of (the|this) month", p):
        nxt = (ref.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return nxt - dt.timedelta(days=1)
    span = re.match(r"(?:the next )?(\d+|a couple of|a few|an?|one|two|three|four|five|six|ten)"
                    r"\s+(business |working )?(day|week)s?", p)
    if span:
        count = int(span.group(1)) if span.group(1).isdigit() else _NUMBERS[span.group(1)]
        if span.group(3) == "week":
            return ref + dt.timedelta(weeks=count)
        if span.group(2):
            day, left = ref, count
            while left:
                day += dt.timedelta(days=1)
                left -= day.weekday() < 5
            return day
        return ref + dt.timedelta(days=count)
    dates = find_dates(phrase, ref)
    return dates[0] if dates else None
