"""Extraction: company, position, people, interview time, promised answer date, return date.

Calendar parts are trusted before prose; relative dates resolve against the message Date.
Every value is best effort: "" / None when the mail does not say.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from followupd.core.model import Address, Interview, Kind, Reason
from followupd.mail.addresses import find_addresses
from followupd.mail.dates import find_dates, find_datetime
from followupd.mail.domains import (
    ATS_DOMAINS,
    FREEMAIL_DOMAINS,
    NO_REPLY_RE,
    domain_in,
    is_machine_address,
)
from followupd.mail.parse import ParsedMessage
from followupd.mail.position import position_of
from followupd.mail.promises import promised_date

DEFAULT_INTERVIEW_LENGTH = dt.timedelta(hours=1)
# The head of the new text the company, position, people, promise and return-date rules read (as
# much as the detector's features): said near the top, and each rule costs ~0.3 ms per 1,000
# characters. Interview times are looked for in all of ``new_text`` (cheap, and often lower down).
READ_CHARS = 4_000
_NAME = r"[A-ZÄÖÜÉ][\w&.'’-]*(?:[ ][A-Z0-9ÄÖÜÉ][\w&.'’-]*){0,3}"
_COMPANY_TEXT_RE = re.compile(
    r"\b(?:interest in|position at|role at|job at|opening at|opportunity at|career at|careers at|"
    r"team at|apply(?:ing)? (?:to|at|with)|application (?:to|at|with)|"
    r"interview(?:ing)? at|"
    r"here at|to join|joining|offer from|bei der|bei|chez|en|presso|bij)\s+(?P<co>" + _NAME + ")")
_VENDOR_NAMES = frozenset(("calendly", "goodtime", "greenhouse", "lever", "workday", "ashby",
                           "smartrecruiters", "icims", "workable", "teamtailor", "personio",
                           "linkedin", "indeed", "google calendar", "microsoft outlook"))
_ORG_SUFFIX_RE = re.compile(
    r"\s*(?:[-|,]\s*)?\b(recruiting|recruitment|hiring team|hiring|talent acquisition|talent team|"
    r"talent|careers?|jobs|people team|people|hr|human resources|team|via \w+|notifications?)\s*$",
    re.I)
_WITH_PERSON_RE = re.compile(
    r"(?:meet(?:ing)? with|speak(?:ing)? with|interview(?:ed)? with|talk(?:ing)? (?:to|with)|"
    r"chat with|call with|mit|avec|con|met)\s+(?P<n>[A-Z][a-zäöüé'-]+(?: [A-Z][a-zäöüé'-]+){1,2})"
    r"(?P<rest>[^\n]{0,80})")
_TRIM_RE = re.compile(r"[\s,.;:!-]+$")


@dataclass(frozen=True)
class Extracted:
    company: str = ""
    position: str = ""
    interviewer: Address | None = None
    recruiter: Address | None = None
    interview: Interview | None = None
    answer_by: dt.date | None = None
    return_date: dt.date | None = None
    reasons: tuple[Reason, ...] = ()


def _is_machine(address: Address) -> bool:
    return is_machine_address(address.email)


def _clean_company(value: str) -> str:
    return _TRIM_RE.sub("", re.split(r"[.,;:!?] ", value)[0])


def company_of(parsed: ParsedMessage) -> tuple[str, str]:
    """(company, how we know); the display name of an ATS sender is usually "Acme Recruiting"."""
    sender = parsed.sender
    if _is_machine(sender) and sender.name:
        name = _ORG_SUFFIX_RE.sub("", sender.name).strip(" -|,")
        name = _ORG_SUFFIX_RE.sub("", name).strip(" -|,")
        if name and "@" not in name and name.lower() not in _VENDOR_NAMES | {"no reply", "noreply"}:
            return name, "sender display name"
    for event in parsed.calendar:
        found = _COMPANY_TEXT_RE.search(event.summary)
        if found:
            return _clean_company(found.group("co")), "calendar summary"
    found = _COMPANY_TEXT_RE.search(parsed.subject + "\n" + parsed.new_text[:READ_CHARS])
    if found and _clean_company(found.group("co")):
        return _clean_company(found.group("co")), "text"
    domain = sender.domain
    if domain and not _is_machine(sender) and not domain_in(domain, FREEMAIL_DOMAINS):
        label = domain.split(".")[-2] if domain.count(".") >= 1 else domain
        return label.capitalize(), "sender domain"
    if domain_in(domain, ATS_DOMAINS) and sender.email.partition("@")[0] not in ("", "no-reply"):
        tenant = sender.email.partition("@")[0]  # Workday/iCIMS: acme@myworkday.com
        if not NO_REPLY_RE.search(sender.email):
            return tenant.capitalize(), "ATS tenant"
    return "", ""


def _people(parsed: ParsedMessage, own: frozenset[str]) -> tuple[Address | None, Address | None]:
    """(interviewer, recruiter). The human sender is the recruiter unless they are the host."""
    own = own | {a.email for a in parsed.to}  # an inbound invitation's To is the user
    recruiter = None
    humans = [a for a in (parsed.sender, *parsed.reply_to) if a.email and not _is_machine(a)]
    if humans and humans[0].email not in own:
        recruiter = humans[0]
    interviewer = None
    for event in parsed.calendar:
        organizer = event.organizer
        if organizer and organizer.email not in own and not _is_machine(organizer):
            interviewer = organizer
        others = [a for a in event.attendees if a.email not in own and not _is_machine(a)
                  and (recruiter is None or a.email != recruiter.email)]
        if others and (interviewer is None or interviewer == recruiter):
            interviewer = others[0]
        if interviewer:
            break
    if interviewer is None:
        found = _WITH_PERSON_RE.search(parsed.new_text[:READ_CHARS])
        if found:
            emails = find_addresses(found.group("rest"))
            interviewer = Address(found.group("n"), emails[0] if emails else "")
    return interviewer, recruiter


def _interview(
    parsed: ParsedMessage, kind: Kind, default_tz: str = ""
) -> tuple[Interview | None, str]:
    """Calendar parts first (they carry their own TZID), then a date and time in the text."""
    for event in parsed.calendar:
        if event.start is None:
            continue
        end = event.end or event.start + DEFAULT_INTERVIEW_LENGTH
        return Interview(
            start=event.start, end=end, tz=event.tz, calendar_uid=event.uid,
            sequence=event.sequence, location=event.url or event.location,
            source_message_id=parsed.message_id,
            cancelled=event.method == "CANCEL" or event.status == "CANCELLED",
        ), f"calendar part DTSTART {event.start.isoformat()}"
    if kind not in (Kind.INTERVIEW, Kind.INTERVIEW_CANCELLED, Kind.RESCHEDULE) or parsed.date is None:
        return None, ""
    found = find_datetime(parsed.subject + "\n" + parsed.new_text, parsed.date, default_tz)
    if not found:
        return None, ""
    start, maybe_end, tz = found
    link = re.search(r"https://[\w.-]*(zoom\.us|teams\.microsoft\.com|meet\.google\.com|webex\.com)"
                     r"\S*", parsed.new_text)
    return Interview(
        start=start, end=maybe_end or start + DEFAULT_INTERVIEW_LENGTH, tz=tz,
        location=link.group(0) if link else "", source_message_id=parsed.message_id,
        cancelled=kind is Kind.INTERVIEW_CANCELLED,
    ), f"text {start.isoformat()}" + ("" if maybe_end else " (length assumed 1h)")


def _return_date(parsed: ParsedMessage) -> dt.date | None:
    if parsed.date is None:
        return None
    sent = parsed.date.date()
    later = [d for d in find_dates(parsed.new_text[:READ_CHARS], sent) if d >= sent]
    return max(later) if later else None


def extract(
    parsed: ParsedMessage, kind: Kind, own: frozenset[str] = frozenset(), *, default_tz: str = ""
) -> Extracted:
    """Everything but the kind. ``default_tz`` is the zone of prose times written without one."""
    reasons: list[Reason] = []
    company, how = company_of(parsed)
    if company:
        reasons.append(Reason("company", f"{company} (from {how})"))
    interviewer, recruiter = _people(parsed, own)
    interview, source = _interview(parsed, kind, default_tz)
    if interview:
        reasons.append(Reason("interview_time", source))
    answer_by = None
    if parsed.date is not None and kind not in (Kind.AUTO_REPLY, Kind.BOUNCE, Kind.AUTOMATED):
        promise = promised_date(parsed.new_text[:READ_CHARS], parsed.date.date())
        if promise:
            answer_by, sentence = promise
            reasons.append(Reason("answer_promised", sentence))
    return_date = _return_date(parsed) if kind is Kind.AUTO_REPLY else None
    if return_date:
        reasons.append(Reason("return_date", return_date.isoformat()))
    position = position_of(parsed.subject, parsed.new_text, company)
    return Extracted(company, position, interviewer, recruiter, interview, answer_by,
                     return_date, tuple(reasons))
