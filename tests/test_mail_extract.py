"""Extraction: interview times (calendar first, then prose), promised dates, people."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from followupd.core.model import Kind
from followupd.mail import understand
from followupd.mail.dates import find_datetime, resolve_when

CORPUS = Path(__file__).parent / "corpus"
THU = dt.datetime(2025, 2, 27, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def test_weekday_month_day_time_and_zone_abbreviation_are_parsed() -> None:
    found = find_datetime("Tuesday, March 4 at 14:00 CET", THU)
    assert found is not None
    start, end, _ = found
    assert start == dt.datetime(2025, 3, 4, 13, 0, tzinfo=dt.UTC)
    assert end is None


def test_time_range_with_iana_zone_gives_start_and_end() -> None:
    found = find_datetime("on 4 March 2025, 10:30–11:15 (Europe/Berlin)", THU)
    assert found is not None
    start, end, tz = found
    assert (start.hour, start.minute, end and end.minute, tz) == (10, 30, 15, "Europe/Berlin")


def test_time_without_zone_takes_the_date_header_offset() -> None:
    found = find_datetime("am Dienstag, den 4. März um 14 Uhr", THU)
    assert found is not None
    assert found[0].utcoffset() == dt.timedelta(hours=1)


def test_bare_weekday_resolves_to_the_next_one_after_the_message_date() -> None:
    assert resolve_when("Friday", THU.date()) == dt.date(2025, 2, 28)
    assert resolve_when("Thursday", THU.date()) == dt.date(2025, 3, 6)


def test_relative_spans_resolve_against_the_message_date() -> None:
    assert resolve_when("end of next week", THU.date()) == dt.date(2025, 3, 7)
    assert resolve_when("two weeks", THU.date()) == dt.date(2025, 3, 13)
    assert resolve_when("5 business days", THU.date()) == dt.date(2025, 3, 6)


def test_promised_answer_date_is_extracted_from_new_text_only() -> None:
    raw = (b"From: Priya <priya@acme.example>\r\nTo: sam@example.org\r\n"
           b"Subject: Re: Thanks\r\nDate: Wed, 05 Mar 2025 09:20:00 +0100\r\n\r\n"
           b"We're finishing interviews and we'll get back to you by Friday.\r\n\r\n"
           b"On Tue, Mar 4, 2025 at 6:10 PM Sam <sam@example.org> wrote:\r\n"
           b"> Will you let me know by 30 April?\r\n")
    facts = understand(raw)
    assert facts.kind is Kind.REPLY
    assert facts.answer_by == dt.date(2025, 3, 7)


def test_calendar_part_gives_interview_with_zone_uid_and_sequence() -> None:
    facts = understand((CORPUS / "interview/google_calendar_updated_reschedule.eml").read_bytes())
    assert facts.kind is Kind.INTERVIEW
    assert facts.interview is not None
    assert facts.interview.tz == "Europe/Berlin"
    assert facts.interview.start == dt.datetime(2025, 3, 5, 9, 0, tzinfo=dt.UTC)
    assert facts.interview.sequence == 1
    assert facts.interview.calendar_uid == "acme-tech-2@acme.example"


def test_outlook_windows_zone_name_is_resolved() -> None:
    facts = understand((CORPUS / "interview/teams_invite_outlook.eml").read_bytes())
    assert facts.interview is not None
    assert facts.interview.start == dt.datetime(2025, 3, 6, 9, 0, tzinfo=dt.UTC)
    assert facts.interview.location.startswith("https://teams.microsoft.com/")
    assert facts.interviewer is not None
    assert facts.interviewer.email == "miriam.kohl@contoso.example"
    assert facts.recruiter is not None
    assert facts.recruiter.email == "daniel.okafor@contoso.example"


def test_calendar_cancel_marks_the_interview_cancelled() -> None:
    facts = understand((CORPUS / "interview_cancelled/google_calendar_cancel.eml").read_bytes())
    assert facts.kind is Kind.INTERVIEW_CANCELLED
    assert facts.interview is not None
    assert facts.interview.cancelled
    assert facts.interview.calendar_uid == "acme-tech-2@acme.example"


def test_ats_sender_name_gives_company_and_reply_to_gives_recruiter() -> None:
    facts = understand((CORPUS / "interview/greenhouse_invite_schedule.eml").read_bytes())
    assert facts.company == "Acme"
    assert facts.position == "Senior Backend Engineer"
    assert facts.recruiter is not None
    assert facts.recruiter.email == "lena.fischer@acme.example"


def test_raw_utf8_display_name_is_decoded() -> None:
    facts = understand((CORPUS / "interview/spanish_entrevista.eml").read_bytes())
    assert facts.sender.name == "Lucía Gómez"


ATS_INVITE = (
    b"From: Acme Recruiting <no-reply@us.greenhouse-mail.io>\r\n"
    b"Reply-To: Lena Fischer <lena.fischer@acme.example>\r\nTo: sam@example.org\r\n"
    b"Subject: Interview invitation: Backend Engineer at Acme\r\n"
    b"Date: Thu, 27 Feb 2025 08:00:00 +0000\r\nMessage-ID: <inv-tz@greenhouse-mail.io>\r\n\r\n"
    b"Hi Sam, we would like to invite you to an interview.\r\n"
    b"Your interview is scheduled for Tuesday, 4 March at 14:00 with Jan Weber.\r\n")


def test_prose_time_without_zone_is_read_in_the_default_zone_not_the_ats_offset() -> None:
    facts = understand(ATS_INVITE, default_tz="Europe/Berlin")
    assert facts.kind is Kind.INTERVIEW
    assert facts.interview is not None
    assert facts.interview.start == dt.datetime(2025, 3, 4, 13, 0, tzinfo=dt.UTC)  # CET, +01:00
    assert facts.interview.tz == "Europe/Berlin"
    without = understand(ATS_INVITE)
    assert without.interview is not None
    assert without.interview.start == dt.datetime(2025, 3, 4, 14, 0, tzinfo=dt.UTC)


def test_default_zone_follows_daylight_saving_and_yields_to_an_explicit_zone() -> None:
    summer = find_datetime("Tuesday, 1 July 2025 at 14:00", THU, default_tz="Europe/Berlin")
    assert summer is not None
    assert summer[0] == dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.UTC)  # CEST, +02:00
    explicit = find_datetime("Tuesday, 4 March at 14:00 EST", THU, default_tz="Europe/Berlin")
    assert explicit is not None
    assert explicit[0] == dt.datetime(2025, 3, 4, 19, 0, tzinfo=dt.UTC)
    unknown = find_datetime("Tuesday, 4 March at 14:00", THU, default_tz="Mars/Olympus")
    assert unknown is not None
    assert unknown[0].utcoffset() == dt.timedelta(hours=1)  # the Date header's offset


def test_calendar_part_keeps_its_own_zone_whatever_the_default() -> None:
    raw = (CORPUS / "interview/google_calendar_updated_reschedule.eml").read_bytes()
    facts = understand(raw, default_tz="America/New_York")
    assert facts.interview is not None
    assert facts.interview.tz == "Europe/Berlin"
    assert facts.interview.start == dt.datetime(2025, 3, 5, 9, 0, tzinfo=dt.UTC)
