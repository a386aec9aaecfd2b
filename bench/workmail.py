"""A realistic work mailbox for the benchmarks: five years of business mail, denser in the last
months, 1-40 KB (plain, text+HTML, with attachments, HTML newsletters), and a few hundred job
mails over the last six months (ATS notices, recruiter threads, interview invitations with a
calendar part, decisions). Deterministic for a seed; every message comes with its arrival time,
which becomes its internal date (a Maildir file's mtime).

    from workmail import messages, business_message  # (bench/ on sys.path)
    for arrived, raw in messages(100_000, now): ...
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import random
from collections.abc import Iterator

DAY = dt.timedelta(days=1)
PEOPLE = ["Tom Becker", "Anna Schmidt", "Priya Raman", "Luis Ortega", "Mei Chen", "Sam Okafor",
          "Julia Novak", "Ben Carter", "Sofia Rossi", "Omar Haddad", "Lena Vogel", "Kai Jensen"]
COMPANY = "example-corp.com"
# The mailbox's owner works there: a work mailbox's colleagues share its owner's domain.
USER = f"alice@{COMPANY}"
VENDORS = ["saas.example.io", "billing.vendor.example", "travel.example.net", "it.example-corp.com"]
TOPICS = ["Q3 planning", "budget review", "the roadmap", "the offsite", "customer onboarding",
          "the migration", "vendor contract", "hiring plan", "release 4.2", "the quarterly report",
          "sprint retro", "board deck", "pricing update", "security audit", "the partner call"]
SUBJECTS = ["Meeting about {t}", "Call re {t}", "Schedule for {t}", "Team sync: {t}",
            "Re: {t}", "Re: Re: {t}", "Fwd: {t}", "Notes from {t}", "{t} - next steps",
            "Quick question on {t}", "Agenda: {t}", "Invitation: {t} review", "Updated: {t}"]
SENTENCES = [
    "Can we schedule a call on {day} at {time} to go over {t}?",
    "The team meeting about {t} moved to {day} {time}; the room is booked.",
    "Please review the attached draft before our meeting on {day}.",
    "I talked to the customer yesterday and they want an update on {t} by {day}.",
    "Thanks for the quick turnaround, the numbers for {t} look good to me.",
    "Let's discuss the open points in the weekly sync; I added them to the agenda.",
    "Could you send me the latest version of the spreadsheet for {t}?",
    "We need a decision on {t} before the end of the month, otherwise we slip the release.",
    "The invoice for last quarter is attached; finance needs the approval by {day}.",
    "I will be out of office on {day}, please reach out to {person} for anything urgent.",
    "Following up on our call: the action items are in the shared document.",
    "The project status is green, but the schedule for {t} is tight.",
    "Here is the summary of the discussion with the partner team on {t}.",
    "Happy to join the call; {time} works for me, otherwise any time after lunch.",
    "Reminder: the all-hands is on {day} at {time}, the dial-in is in the calendar invite.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "next week", "tomorrow"]
TIMES = ["9:30", "10am", "11:00", "2pm", "14:30", "3:15 pm", "16:00"]
EMPLOYERS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne",
             "Cyberdyne", "Tyrell", "Soylent", "Wonka"]
POSITIONS = ["Senior Backend Engineer", "Data Engineer", "Platform Engineer", "Engineering Manager"]


def _sentence(rng: random.Random) -> str:
    return rng.choice(SENTENCES).format(t=rng.choice(TOPICS), day=rng.choice(DAYS),
                                        time=rng.choice(TIMES), person=rng.choice(PEOPLE))


def _text(rng: random.Random, size: int) -> str:
    """Paragraphs of business prose, about ``size`` bytes."""
    out: list[str] = []
    length = 0
    while length < size:
        para = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
        out.append(para)
        length += len(para) + 2
    return "\n\n".join(out)


def _head(sender: str, subject: str, when: dt.datetime, mid: str, extra: str = "") -> str:
    return (f"From: {sender}\nTo: Alice Example <{USER}>\nSubject: {subject}\n"
            f"Date: {email.utils.format_datetime(when)}\nMessage-ID: {mid}\n{extra}"
            "MIME-Version: 1.0\n")


def _crlf(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode()


def business_message(rng: random.Random, n: int, when: dt.datetime, size: int,
                     shape: str = "") -> bytes:
    """One business message of about ``size`` bytes: plain, alternative, attachment or
    newsletter (``shape``, else drawn)."""
    shape = shape or rng.choices(["plain", "alternative", "attachment", "newsletter"],
                                 [50, 28, 10, 12])[0]
    person = rng.choice(PEOPLE)
    sender = f"{person} <{person.split()[0].lower()}@{COMPANY}>"
    subject = rng.choice(SUBJECTS).format(t=rng.choice(TOPICS))
    mid = f"<b{n}.{rng.getrandbits(32):x}@{COMPANY}>"
    if shape == "newsletter":
        vendor = rng.choice(VENDORS)
        head = _head(f"Product News <news@{vendor}>", f"{rng.choice(TOPICS).title()}: what is new",
                     when, mid, f"List-Id: <news.{vendor}>\nPrecedence: bulk\n")
        blocks = []
        length = 0
        while length < size:
            block = f'<tr><td style="padding:8px;font-family:Arial"><h2>{rng.choice(TOPICS)}</h2>' \
                    f'<p>{_sentence(rng)} {_sentence(rng)}</p><a href="https://{vendor}/r/' \
                    f'{rng.getrandbits(40):x}">Read more</a></td></tr>\n'
            blocks.append(block)
            length += len(block)
        html = f"<html><body><table>{''.join(blocks)}</table></body></html>"
        return _crlf(head + "Content-Type: text/html; charset=utf-8\n\n" + html + "\n")
    head = _head(sender, subject, when, mid)
    if shape == "plain":
        return _crlf(head + "Content-Type: text/plain; charset=utf-8\n\n" + _text(rng, size) + "\n")
    if shape == "alternative":
        text = _text(rng, size // 2)
        html = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n"))
        return _crlf(head + 'Content-Type: multipart/alternative; boundary="alt"\n\n--alt\n'
                     "Content-Type: text/plain; charset=utf-8\n\n" + text + "\n--alt\n"
                     "Content-Type: text/html; charset=utf-8\n\n<html><body>" + html
                     + "</body></html>\n--alt--\n")
    text = _text(rng, max(400, size // 5))
    blob = base64.encodebytes(rng.randbytes(max(300, size * 3 // 5))).decode()
    return _crlf(head + 'Content-Type: multipart/mixed; boundary="mix"\n\n--mix\n'
                 "Content-Type: text/plain; charset=utf-8\n\n" + text + "\n--mix\n"
                 'Content-Type: application/pdf; name="report.pdf"\n'
                 'Content-Disposition: attachment; filename="report.pdf"\n'
                 "Content-Transfer-Encoding: base64\n\n" + blob + "--mix--\n")


def _ics(company: str, domain: str, start: dt.datetime, uid: str) -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    end = start + dt.timedelta(hours=1)
    return (f"BEGIN:VCALENDAR\nPRODID:-//{company}//Interviews//EN\nVERSION:2.0\nMETHOD:REQUEST\n"
            f"BEGIN:VEVENT\nDTSTART:{start:{fmt}}\nDTEND:{end:{fmt}}\nDTSTAMP:{start:{fmt}}\n"
            f"ORGANIZER;CN=Recruiting:mailto:recruiting@{domain}\n"
            f"ATTENDEE;CN=Alice Example;ROLE=REQ-PARTICIPANT:mailto:{USER}\n"
            f"UID:{uid}\nSEQUENCE:0\nSTATUS:CONFIRMED\nSUMMARY:Interview ({company})\n"
            f"LOCATION:https://meet.example/{uid.split('@', maxsplit=1)[0]}\nEND:VEVENT\nEND:VCALENDAR\n")


def job_message(rng: random.Random, n: int, when: dt.datetime) -> bytes:
    """A job mail: an ATS notice, a recruiter thread message, an invitation with a calendar part,
    or a decision."""
    company = rng.choice(EMPLOYERS)
    domain = f"{company.lower()}.example"
    position = rng.choice(POSITIONS)
    kind = rng.choices(["ats", "recruiter", "invitation", "decision"], [35, 30, 25, 10])[0]
    mid = f"<job{n}.{rng.getrandbits(32):x}@{domain}>"
    if kind == "ats":
        head = _head(f"{company} Careers <no-reply@greenhouse.example>",
                     f"Thank you for applying to {company}", when, mid)
        body = (f"Hi Alice,\n\nthank you for your application for the {position} position at "
                f"{company}. Our team will review it and get back to you.\n\nThe {company} "
                "Recruiting Team\n")
        return _crlf(head + "Content-Type: text/plain; charset=utf-8\n\n" + body)
    recruiter = f"{rng.choice(PEOPLE)} <talent@{domain}>"
    if kind == "recruiter":
        head = _head(recruiter, f"Re: {position} role at {company}", when, mid,
                     f"In-Reply-To: <thread{n % 97}@{domain}>\n")
        body = (f"Hi Alice,\n\nthanks for your note. I'd love to tell you more about the {position} "
                f"role; would you have time for a short call on {rng.choice(DAYS)}?\n\nBest,\n"
                f"{recruiter.split('<', maxsplit=1)[0].strip()}\n")
        return _crlf(head + "Content-Type: text/plain; charset=utf-8\n\n" + body)
    if kind == "decision":
        head = _head(recruiter, f"Your application for {position}", when, mid)
        body = ("Hi Alice,\n\nthank you for your time. Unfortunately we have decided to move "
                "forward with other candidates.\n\nKind regards\n")
        return _crlf(head + "Content-Type: text/plain; charset=utf-8\n\n" + body)
    start = (when + dt.timedelta(days=rng.randint(3, 10))).replace(hour=13, minute=0, second=0)
    head = _head(recruiter, f"Interview invitation: {position} at {company}", when, mid)
    text = (f"Hi Alice,\n\nwe would like to invite you to an interview for the {position} position "
            f"on {start:%A, %d %B %Y} at {start:%H:%M} UTC. The calendar invitation is attached."
            f"\n\nBest regards,\n{recruiter.split('<', maxsplit=1)[0].strip()}\n")
    return _crlf(head + 'Content-Type: multipart/alternative; boundary="inv"\n\n--inv\n'
                 "Content-Type: text/plain; charset=utf-8\n\n" + text + "\n--inv\n"
                 "Content-Type: text/calendar; charset=utf-8; method=REQUEST\n\n"
                 + _ics(company, domain, start, f"iv{n}@{domain}") + "\n--inv--\n")


def _size(rng: random.Random) -> int:
    """1-40 KB, most of them small."""
    return int(min(40_000, max(1_000, rng.lognormvariate(8.6, 0.9))))


def messages(count: int, now: dt.datetime, *, seed: int = 1, jobs: int = 300
             ) -> Iterator[tuple[dt.datetime, bytes]]:
    """``count`` messages in arrival order (oldest first): five years, a tenth of them in the
    last 90 days (twice the average rate); ``jobs`` of them job mails in the last six months."""
    rng = random.Random(seed)
    ages = [rng.uniform(0, 90) if rng.random() < 0.10 else rng.uniform(0, 5 * 365)
            for _ in range(count - jobs)]
    job_ages = {rng.uniform(0, 180) for _ in range(min(jobs, count))}
    timeline = sorted([(a, False) for a in ages] + [(a, True) for a in job_ages], reverse=True)
    for n, (age, is_job) in enumerate(timeline):
        when = (now - age * DAY).replace(microsecond=0)
        yield when, (job_message(rng, n, when) if is_job
                     else business_message(rng, n, when, _size(rng)))
