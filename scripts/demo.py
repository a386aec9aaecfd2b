#!/usr/bin/env python3
"""followupd demo: a throwaway Dovecot, a small realistic mailbox, and a few simulated moments.

Run it with ``./scripts/demo.sh`` (which sets up .venv first). Everything lives in a temp dir that
is removed at the end; no real mail server or account is touched. The clock is simulated with
``--now``, so two weeks pass in a few seconds.

The story (times in Europe/Berlin, 2026):
  Mon 2 Mar   Acme invited you (with a calendar invitation) to an interview on Tue 3 Mar 14:00;
              Globex to one on Wed 4 Mar 10:00; Katrin at Nordlicht, in German, to one on
              Fri 20 Mar 10:00. followupd starts tracking all three.
  Tue 3 Mar   Right after the interview you record a topic and a gift with `followupd note`.
              That evening the thank-you draft to Acme is in Drafts; you send it.
              Jane at Acme is out of the office until Fri 20 Mar (auto-reply).
  Wed 4 Mar   After the Globex interview, a thank-you draft to Globex (placeholders: no notes).
  Thu 5 Mar   Globex says no. That application stops and the unsent Globex draft is withdrawn.
  Tue 17 Mar  Ten business days of silence from Acme, but Jane is away: nothing yet. You note a
              second gift for the follow-up.
  Fri 20 Mar  After the Nordlicht interview: a German thank-you (German dates), because Katrin
              wrote in German.
  Mon 23 Mar  The first follow-up to Acme, threaded in the same conversation, with that gift.
"""

from __future__ import annotations

import email
import email.policy
import shlex
import shutil
import sys
import tempfile
from email.message import EmailMessage
from pathlib import Path

import imapclient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from dovecot import INSTALL_HINT, PASSWORD, dovecot_available, make_server, remove_server  # noqa: E402
from mailgen import german_invitation, invitation  # noqa: E402

from followupd.cli import main  # noqa: E402

USER = "alice"


def crlf(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode()


GLOBEX_INVITE = crlf("""From: Priya Shah <priya.shah@globex.example>
To: Alice Example <alice@example.org>
Subject: Interview for the Data Platform Engineer role at Globex
Date: Fri, 27 Feb 2026 16:20:00 +0100
Message-ID: <globex-invite-7@globex.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="g1"

--g1
Content-Type: text/plain; charset=utf-8

Hello Alice,

thanks for applying to Globex. We would love to invite you to an interview for the Data
Platform Engineer role on Wednesday, 4 March 2026, 10:00-11:00 (Berlin time), with me and
Marc from the platform team. The invitation is attached.

Kind regards,
Priya Shah
Talent Partner, Globex

--g1
Content-Type: text/calendar; charset=utf-8; method=REQUEST

BEGIN:VCALENDAR
PRODID:-//Globex//Hiring//EN
VERSION:2.0
METHOD:REQUEST
BEGIN:VEVENT
DTSTART:20260304T090000Z
DTEND:20260304T100000Z
DTSTAMP:20260227T152000Z
ORGANIZER;CN=Priya Shah:mailto:priya.shah@globex.example
ATTENDEE;CN=Alice Example:mailto:alice@example.org
UID:globex-interview-7@globex.example
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Interview: Data Platform Engineer (Globex)
END:VEVENT
END:VCALENDAR

--g1--
""")

GLOBEX_REJECTION = crlf("""From: Priya Shah <priya.shah@globex.example>
To: Alice Example <alice@example.org>
Subject: Re: Interview for the Data Platform Engineer role at Globex
Date: Thu, 05 Mar 2026 09:00:00 +0100
Message-ID: <globex-decision-7@globex.example>
In-Reply-To: <globex-invite-7@globex.example>
References: <globex-invite-7@globex.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hello Alice,

thank you again for your time yesterday. Unfortunately, after careful consideration we have
decided to move forward with other candidates whose experience more closely matches our needs.

We wish you all the best in your search.
Priya
""")


def out_of_office(in_reply_to: str) -> bytes:
    return crlf(f"""From: Jane Roe <jane.roe@acme.example>
To: Alice Example <alice@example.org>
Subject: Automatic reply: Re: Interview invitation: Senior Backend Engineer at Acme
Date: Tue, 03 Mar 2026 18:00:05 +0100
Message-ID: <ooo-jane-1@acme.example>
In-Reply-To: {in_reply_to}
References: <invite-1@acme.example> {in_reply_to}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

I am out of the office until Friday, 20 March 2026 with limited access to email.
I will reply when I am back.
""")


class Mail:
    """The demo's stand-in for the world: the recruiters who deliver mail, and you in your client."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.seen: set[str] = set()

    def _client(self) -> imapclient.IMAPClient:
        client = imapclient.IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        client.login(USER, PASSWORD)
        return client

    def deliver(self, raw: bytes, note: str) -> None:
        client = self._client()
        try:
            client.append("INBOX", raw)
        finally:
            client.logout()
        print(f"   (mail arrives) {note}")

    def drafts(self) -> list[tuple[int, EmailMessage]]:
        client = self._client()
        try:
            client.select_folder("Drafts", readonly=True)
            uids = client.search()
            data = client.fetch(uids, [b"BODY.PEEK[]"]) if uids else {}
        finally:
            client.logout()
        out = []
        for uid, item in sorted(data.items()):
            msg = email.message_from_bytes(item[b"BODY[]"], policy=email.policy.default)
            if not isinstance(msg, EmailMessage):  # policy.default always gives one
                raise TypeError("expected an EmailMessage")
            out.append((uid, msg))
        return out

    def print_new_drafts(self) -> None:
        current = self.drafts()
        ids = {str(m["Message-ID"]) for _, m in current}
        for gone in sorted(self.seen - ids):
            print(f"   Drafts: {gone} is gone from Drafts")
        for _, msg in current:
            if str(msg["Message-ID"]) in self.seen:
                continue
            print("   --- new draft in Drafts " + "-" * 50)
            for name in ("From", "To", "Subject", "In-Reply-To"):
                print(f"   {name}: {msg[name]}")
            body = msg.get_body(("plain",))
            text = body.get_content() if isinstance(body, EmailMessage) else ""
            for line in str(text).splitlines():
                print(f"   | {line}")
            print("   " + "-" * 75)
        self.seen = ids

    def send_draft(self, subject_part: str, date: str) -> str:
        """What your mail client does on Send: the draft leaves Drafts, a copy lands in Sent."""
        client = self._client()
        try:
            client.select_folder("Drafts")
            found = [(u, m) for u, m in self.drafts() if subject_part in str(m["Subject"])]
            if not found:
                raise SystemExit(f"demo: no draft about {subject_part!r} to send")
            uid, msg = found[0]
            del msg["Date"]
            msg["Date"] = date
            client.append("Sent", msg.as_bytes(), flags=(b"\\Seen",))
            client.delete_messages([uid])
            client.uid_expunge([uid])
        finally:
            client.logout()
        self.seen.discard(str(msg["Message-ID"]))
        print(f"   (you, in your mail client) sent {msg['Subject']!r} to {msg['To']}")
        return str(msg["Message-ID"])


def followupd(config: Path, *argv: str) -> None:
    print(f"\n$ followupd {' '.join(shlex.quote(a) for a in argv)}")
    sys.stdout.flush()
    code = main(["--quiet", "--config", str(config), *argv])
    sys.stdout.flush()
    if code != 0:
        raise SystemExit(f"demo: `followupd {argv[0]}` exited with {code}")


def moment(text: str) -> None:
    print(f"\n\n=== {text} " + "=" * max(3, 86 - len(text)))


def story(config: Path, mail: Mail) -> None:
    moment("Mon 2 Mar 10:00 - two interview invitations are in your INBOX")
    mail.deliver(invitation(), "Jane Roe (Acme): interview Tue 3 Mar 14:00, calendar invitation")
    mail.deliver(GLOBEX_INVITE, "Priya Shah (Globex): interview Wed 4 Mar 10:00, calendar invitation")
    mail.deliver(german_invitation(sent="Mon, 02 Mar 2026 09:30:00 +0100"),
                 "Katrin Weber (Nordlicht), in German: interview Fri 20 Mar 10:00, calendar invitation")
    followupd(config, "once", "--now", "2026-03-02T10:00+01:00")
    followupd(config, "status", "--now", "2026-03-02T10:00+01:00")

    moment("Tue 3 Mar 15:10 - right after the Acme interview, note what you talked about")
    followupd(config, "note", "acme", "--now", "2026-03-03T15:10+01:00",
              "--topic", "moving the billing service to event sourcing",
              "--gift", "the article on the transactional outbox pattern at "
              "https://microservices.io/patterns/data/transactional-outbox.html")
    followupd(config, "preview", "acme", "--now", "2026-03-03T15:10+01:00")

    moment("Tue 3 Mar 17:30 - the evening after the interview: the thank-you")
    followupd(config, "once", "--now", "2026-03-03T17:30+01:00")
    mail.print_new_drafts()
    sent_id = mail.send_draft("Acme", "Tue, 03 Mar 2026 18:00:00 +0100")
    mail.deliver(out_of_office(sent_id), "Jane Roe: automatic reply, out of office until 20 March")
    followupd(config, "once", "--now", "2026-03-03T18:05+01:00")

    moment("Wed 4 Mar 17:30 - after the Globex interview (no notes recorded: placeholders)")
    followupd(config, "once", "--now", "2026-03-04T17:30+01:00")
    mail.print_new_drafts()

    moment("Thu 5 Mar 09:30 - Globex says no: that thread stops, its unsent draft is withdrawn")
    mail.deliver(GLOBEX_REJECTION, "Priya Shah (Globex): 'move forward with other candidates'")
    followupd(config, "once", "--now", "2026-03-05T09:30+01:00")
    mail.print_new_drafts()

    moment("Tue 17 Mar 10:00 - ten business days of silence, but Jane is away until 20 Mar")
    followupd(config, "once", "--now", "2026-03-17T10:00+01:00")
    mail.print_new_drafts()
    print("\n   Meanwhile you found a talk Jane would like: a new gift for the follow-up.")
    followupd(config, "note", "acme", "--now", "2026-03-17T10:05+01:00", "--gift",
              "the talk 'Event sourcing in production, lessons learned' (https://example.org/talk)")

    moment("Fri 20 Mar 17:30 - after the Nordlicht interview: Katrin wrote in German, so does the draft")
    followupd(config, "once", "--now", "2026-03-20T17:30+01:00")
    mail.print_new_drafts()
    followupd(config, "show", "nordlicht", "--now", "2026-03-20T17:35+01:00")

    moment("Mon 23 Mar 10:00 - Jane is back: the first follow-up, in the same thread")
    followupd(config, "once", "--now", "2026-03-23T10:00+01:00")
    mail.print_new_drafts()
    followupd(config, "status", "--now", "2026-03-23T10:05+01:00")
    followupd(config, "show", "globex", "--now", "2026-03-23T10:05+01:00")


def main_demo() -> int:
    if not dovecot_available():
        print(INSTALL_HINT, file=sys.stderr)
        return 69
    work = Path(tempfile.mkdtemp(prefix="followupd-demo-"))
    server = make_server(special_use=True)
    try:
        server.start()
        secret = work / "imap-password"
        secret.write_text(PASSWORD + "\n")
        secret.chmod(0o600)
        config = work / "config.toml"
        config.write_text(f"""[imap]
host = "127.0.0.1"
port = {server.port}
tls = "none"                 # plaintext is allowed to loopback only
username = "{USER}"
password_file = "{secret}"

[identity]
name = "Alice Example"
email = "alice@example.org"

[schedule]
timezone = "Europe/Berlin"
holiday_country = "DE"
# The demo records its notes with `followupd note`; tests/test_notes_e2e.py shows the notes draft.
notes_draft = false

[state]
path = "{work / 'state.db'}"
""")
        print(f"followupd demo: a throwaway Dovecot on 127.0.0.1:{server.port}, config and "
              f"state in {work}")
        print("The clock is simulated with --now; followupd only ever writes to Drafts.")
        story(config, Mail(server.host, server.port))
        print("\n\ndemo finished: 3 applications tracked, 4 drafts written (1 withdrawn after "
              "the rejection, 1 in German); nothing was sent by followupd.")
        return 0
    finally:
        remove_server(server)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main_demo())
