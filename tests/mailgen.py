"""Small builders for test messages (literal RFC 5322 bytes)."""

from __future__ import annotations

import email.utils
import os
import time
from pathlib import Path


def message(n: int, *, subject: str = "", sender: str = "someone@example.com",
            to: str = "alice@example.org", body: str = "Hello.\n", extra: str = "") -> bytes:
    date = email.utils.format_datetime(email.utils.localtime())
    text = (
        f"From: Sender {n} <{sender}>\r\nTo: {to}\r\nSubject: {subject or f'Message {n}'}\r\n"
        f"Date: {date}\r\nMessage-ID: <msg{n}.{os.getpid()}@example.com>\r\n{extra}"
        f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}"
    )
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode()


def fill_maildir(maildir: Path, count: int, uid: int, gid: int, start: int = 0) -> None:
    """Write ``count`` messages straight into a Maildir (much faster than APPEND)."""
    cur = maildir / "cur"
    stamp = int(time.time())
    for i in range(start, start + count):
        data = message(i)
        (cur / f"{stamp}.M{i}P{os.getpid()}.test,S={len(data)}:2,S").write_bytes(data)
    for path in cur.iterdir():
        os.chown(path, uid, gid)


ICS_TZ = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""


def invitation(
    *, start: str = "20260303T140000", end: str = "20260303T150000",
    sent: str = "Thu, 26 Feb 2026 10:15:00 +0100",
    message_id: str = "<invite-1@acme.example>", uid: str = "acme-interview-1@acme.example",
    sequence: int = 0, method: str = "REQUEST", position: str = "Senior Backend Engineer",
) -> bytes:
    """A recruiter's interview invitation with a text/calendar part (times in Europe/Berlin)."""
    status = "CANCELLED" if method == "CANCEL" else "CONFIRMED"
    text = f"""From: Jane Roe <jane.roe@acme.example>
To: Alice Example <alice@example.org>
Subject: Interview invitation: {position} at Acme
Date: {sent}
Message-ID: {message_id}
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

Hi Alice,

thank you for your application for the {position} position at Acme. We would like to invite
you to an interview with me on Tuesday, 3 March 2026 from 14:00 to 15:00 (Berlin time).
The calendar invitation is attached.

Best regards,
Jane Roe
Engineering Manager, Acme

--b1
Content-Type: text/calendar; charset=utf-8; method={method}

BEGIN:VCALENDAR
PRODID:-//Acme//Interviews//EN
VERSION:2.0
METHOD:{method}
{ICS_TZ}
BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:{start}
DTEND;TZID=Europe/Berlin:{end}
DTSTAMP:20260226T091500Z
ORGANIZER;CN=Jane Roe:mailto:jane.roe@acme.example
ATTENDEE;CN=Alice Example;ROLE=REQ-PARTICIPANT:mailto:alice@example.org
UID:{uid}
SEQUENCE:{sequence}
STATUS:{status}
SUMMARY:Interview: {position} (Acme)
LOCATION:https://meet.example/acme-interview
END:VEVENT
END:VCALENDAR

--b1--
"""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode()


def reply_from(
    body: str, *, subject: str = "Re: Interview invitation: Senior Backend Engineer at Acme",
    date: str, message_id: str, in_reply_to: str = "<invite-1@acme.example>",
    sender: str = "Jane Roe <jane.roe@acme.example>", extra: str = "",
) -> bytes:
    text = f"""From: {sender}
To: Alice Example <alice@example.org>
Subject: {subject}
Date: {date}
Message-ID: {message_id}
In-Reply-To: {in_reply_to}
References: {in_reply_to}
{extra}MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

{body}
"""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode()


def german_invitation(
    *, start: str = "20260320T100000", end: str = "20260320T110000",
    sent: str = "Mon, 16 Mar 2026 09:30:00 +0100",
    message_id: str = "<einladung-4@nordlicht.example>",
) -> bytes:
    """A German recruiter's invitation (Sie form) with a calendar part: Friday 20 March 2026,
    10:00-11:00 Berlin time, by default."""
    text = f"""From: Katrin Weber <katrin.weber@nordlicht.example>
To: Alice Example <alice@example.org>
Subject: Einladung zum Vorstellungsgespräch: Backend-Entwicklerin bei Nordlicht
Date: {sent}
Message-ID: {message_id}
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="n1"

--n1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Hallo Frau Example,

vielen Dank für Ihre Bewerbung auf die Stelle als Backend-Entwicklerin. Wir haben uns sehr
über Ihr Interesse gefreut und möchten Sie gerne zu einem Vorstellungsgespräch einladen: am
Freitag, 20. März 2026, von 10:00 bis 11:00 Uhr per Video mit mir und unserem Teamleiter.
Die Kalendereinladung finden Sie im Anhang.

Wenn der Termin für Sie nicht passt, geben Sie mir bitte kurz Bescheid.

Viele Grüße
Katrin Weber
Recruiting, Nordlicht Software GmbH

--n1
Content-Type: text/calendar; charset=utf-8; method=REQUEST

BEGIN:VCALENDAR
PRODID:-//Nordlicht//Recruiting//DE
VERSION:2.0
METHOD:REQUEST
{ICS_TZ}
BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:{start}
DTEND;TZID=Europe/Berlin:{end}
DTSTAMP:20260316T083000Z
ORGANIZER;CN=Katrin Weber:mailto:katrin.weber@nordlicht.example
ATTENDEE;CN=Alice Example;ROLE=REQ-PARTICIPANT:mailto:alice@example.org
UID:nordlicht-interview-4@nordlicht.example
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Vorstellungsgespräch: Backend-Entwicklerin (Nordlicht)
LOCATION:https://meet.example/nordlicht
END:VEVENT
END:VCALENDAR

--n1--
"""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode()


def delivery_report(
    *, recipient: str = "jane.roe@acme.example", status: str = "5.1.1", action: str = "failed",
    returned: str = "", returned_type: str = "message/rfc822",
    date: str = "Wed, 04 Mar 2026 09:00:00 +0100", message_id: str = "<dsn-1@mx.example.org>",
) -> bytes:
    """An RFC 3464 delivery status notification from the user's own MTA. ``returned`` is the
    header block of the message that failed (the third part: ``message/rfc822`` or
    ``text/rfc822-headers``); without it, the report has no third part."""
    diagnostic = f"550 5.1.1 <{recipient}>: Recipient address rejected: User unknown" \
        if status.startswith("5") else "451 4.4.1 Connection timed out"
    third = (f"--r\nContent-Type: {returned_type}\nContent-Description: Undelivered Message\n\n"
             f"{returned}\nThank you again for the conversation.\n\n") if returned else ""
    text = f"""From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
To: Alice Example <alice@example.org>
Subject: Undelivered Mail Returned to Sender
Date: {date}
Message-ID: {message_id}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="r"

--r
Content-Type: text/plain; charset=utf-8

This is the mail system at host mx.example.org.

I'm sorry to have to inform you that your message could not be delivered to one or more
recipients.

<{recipient}>: host mx.acme.example said: {diagnostic}

--r
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org
Arrival-Date: {date}

Final-Recipient: rfc822; {recipient}
Original-Recipient: rfc822;{recipient}
Action: {action}
Status: {status}
Remote-MTA: dns; mx.acme.example
Diagnostic-Code: smtp; {diagnostic}

{third}--r--
"""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode()
