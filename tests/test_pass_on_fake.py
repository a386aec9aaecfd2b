"""Whole passes (sync INBOX, sync Sent + reconcile, plan, execute) on the in-memory mailbox and a
real SQLite store: the follow-up story of test_followup_e2e.py in milliseconds, no server.

The fake is held to Dovecot by test_mailbox_contract.py; these tests pin the app's decisions.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from fakes.memory_mailbox import MemoryMailbox
from mailgen import invitation, reply_from

from followupd.adapters.store.sqlite import Store
from followupd.app.runner import Runner
from followupd.config import loader as config
from followupd.core.model import Application, AppState, DraftStatus

CONFIG = """
[imap]
host = "127.0.0.1"
tls = "none"
username = "alice"
password_file = "{secret}"
[identity]
name = "Alice Example"
email = "alice@example.org"
[schedule]
timezone = "Europe/Berlin"
holiday_country = "DE"
notes_draft = false  # these tests count what is in Drafts; tests/test_notes_e2e.py has the notes
[state]
path = "{state}"
"""


class FakeRunner(Runner):
    """The real Runner, connected to the in-memory mailbox instead of a server."""

    def __init__(self, cfg: config.Config, store: Store, mailbox: MemoryMailbox) -> None:
        super().__init__(cfg, store)
        self.fake = mailbox

    def connect(self) -> None:
        self._mailbox = self.fake
        self._folders = self.fake.discover_folders()


class FakeAccount:
    def __init__(self, tmp_path: Path) -> None:
        secret = tmp_path / "secret"
        secret.write_text("pw\n")
        secret.chmod(0o600)
        self.cfg = config.parse(CONFIG.format(secret=secret, state=tmp_path / "state.db"))
        self.store = Store(self.cfg.state_path, lock=False)
        self.store.db.execute("PRAGMA synchronous=OFF")
        self.mailbox = MemoryMailbox()
        self.runner = FakeRunner(self.cfg, self.store, self.mailbox)
        self.runner.connect()

    def once(self, when: str) -> None:
        user_mail = {f: self.mailbox.flags(f) for f in ("INBOX", "Sent")}
        outcomes = self.runner.once(dt.datetime.fromisoformat(when))
        assert [o for o in outcomes if o.result == "failed"] == []
        assert {f: self.mailbox.flags(f) for f in ("INBOX", "Sent")} == user_mail  # untouched

    def drafts(self) -> list[EmailMessage]:
        self.mailbox.examine("Drafts")
        uids = self.mailbox.uids_above(0)
        return [email.message_from_bytes(raw, policy=email.policy.default)
                for _, raw in self.mailbox.fetch_full(uids)]

    def send_draft(self, date: str) -> None:
        """The user sends our draft: it leaves Drafts, a copy without our token lands in Sent."""
        self.mailbox.examine("Drafts")
        (uid,) = self.mailbox.uids_above(0)
        ((_, raw),) = self.mailbox.fetch_full([uid])
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        del msg["X-Followupd-Token"], msg["Date"]
        msg["Date"] = date
        self.mailbox.deliver(msg.as_bytes(), "Sent", (b"\\Seen",))
        self.mailbox.user_delete("Drafts", uid)

    def app(self) -> Application:
        (app,) = self.store.applications()
        return app


@pytest.fixture
def acct(tmp_path: Path) -> Iterator[FakeAccount]:
    acct = FakeAccount(tmp_path)
    yield acct
    acct.store.close()


def test_thank_you_then_follow_up_then_a_rejection_withdraws_it(acct: FakeAccount) -> None:
    acct.mailbox.deliver(invitation())
    acct.once("2026-03-02T10:00+01:00")
    assert acct.drafts() == []
    acct.once("2026-03-03T17:30+01:00")
    (thanks,) = acct.drafts()
    assert thanks["In-Reply-To"] == "<invite-1@acme.example>"
    assert thanks["To"].addresses[0].addr_spec == "jane.roe@acme.example"
    acct.send_draft("Tue, 03 Mar 2026 18:00:00 +0100")
    acct.once("2026-03-03T18:05+01:00")
    assert [d.status for d in acct.app().drafts] == [DraftStatus.SENT]
    acct.once("2026-03-17T12:00+01:00")  # nine business days of silence: not yet
    assert acct.drafts() == []
    acct.once("2026-03-18T09:00+01:00")
    (follow_up,) = acct.drafts()
    assert follow_up["X-Followupd-Stage"] == "follow_up_1"
    acct.mailbox.deliver(reply_from(
        "Thank you for your time. Unfortunately we have decided to move forward with other "
        "candidates whose experience more closely matches our needs.",
        date="Wed, 18 Mar 2026 11:00:00 +0100", message_id="<no-1@acme.example>"))
    acct.once("2026-03-18T11:30+01:00")
    app = acct.app()
    assert app.state is AppState.DECIDED
    assert [d.status for d in app.drafts] == [DraftStatus.SENT, DraftStatus.WITHDRAWN]
    assert acct.drafts() == []  # expunged by its UID
    acct.once("2026-06-01T10:00+02:00")
    assert acct.drafts() == []


def test_ten_passes_at_one_instant_make_one_draft(acct: FakeAccount) -> None:
    acct.mailbox.deliver(invitation())
    for _ in range(10):
        acct.once("2026-03-03T17:30+01:00")
    assert len(acct.drafts()) == 1
    assert acct.mailbox.commands.count("APPEND Drafts") == 1


def test_an_edited_draft_survives_an_offer(acct: FakeAccount) -> None:
    acct.mailbox.deliver(invitation())
    acct.once("2026-03-03T17:30+01:00")
    acct.mailbox.examine("Drafts")
    (uid,) = acct.mailbox.uids_above(0)
    ((_, raw),) = acct.mailbox.fetch_full([uid])
    acct.mailbox.user_edit("Drafts", uid, raw.replace(b"Hi Jane", b"Dear Jane"))
    acct.mailbox.deliver(reply_from(
        "I am delighted to let you know that we would like to offer you the position of "
        "Senior Backend Engineer.", date="Wed, 04 Mar 2026 09:00:00 +0100",
        message_id="<yes-1@acme.example>"))
    acct.once("2026-03-04T09:30+01:00")
    (kept,) = acct.drafts()
    assert "Dear Jane" in kept.get_content()
    app = acct.app()  # decided, or held and asked when the detector is not sure of the offer
    assert app.state is AppState.DECIDED or (app.held is not None and app.held.kind.value == "offer")
    assert [d.status for d in app.drafts] == [DraftStatus.EDITED]


def test_a_lost_state_file_adopts_our_draft_instead_of_drafting_again(
    acct: FakeAccount, tmp_path: Path
) -> None:
    acct.mailbox.deliver(invitation())
    acct.once("2026-03-03T17:30+01:00")
    acct.store.close()
    fresh = Store(tmp_path / "other" / "state.db", lock=False)
    acct.store = fresh
    acct.runner = FakeRunner(acct.cfg, fresh, acct.mailbox)
    acct.runner.connect()
    acct.once("2026-03-03T17:40+01:00")
    assert len(acct.drafts()) == 1
    assert [d.status for d in acct.app().drafts] == [DraftStatus.EDITED]
