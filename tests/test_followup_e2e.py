"""The follow-up engine end to end against a real Dovecot, the clock passed in with --now."""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import os
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest import Account
from mailgen import german_invitation, invitation, reply_from

from followupd.adapters.store.sqlite import open_store
from followupd.cli import main
from followupd.config.loader import load
from followupd.core.model import AppState
from followupd.engine.plan import next_action


class Scenario:
    """One user, one config, and helpers to act as the user's mail client."""

    def __init__(self, account: Account, config: Path) -> None:
        self.account = account
        self.config = config
        self.cfg = load(config)
        self.user_mail: dict[str, dict[int, tuple[tuple[bytes, ...], bytes]]] = {}

    def deliver(self, raw: bytes, folder: str = "INBOX", flags: tuple[bytes, ...] = ()) -> None:
        self.account.deliver(raw, folder, flags)
        self.remember_user_mail()

    def _users_part(self) -> dict[str, dict[int, tuple[tuple[bytes, ...], bytes]]]:
        """Every message but followupd's own drafts (the ones carrying a token it created)."""
        with open_store(self.cfg.state_path, lock=False) as store:
            ours = {d.token.encode() for d in store.drafts()}
        snap = self.account.snapshot()
        return {
            folder: {uid: m for uid, m in msgs.items()
                     if not any(b"X-Followupd-Token: " + t in m[1] for t in ours)}
            for folder, msgs in snap.items()
        }

    def remember_user_mail(self) -> None:
        self.user_mail = self._users_part()

    def assert_user_mail_untouched(self) -> None:
        assert self._users_part() == self.user_mail

    def once(self, now: str, *extra: str, expect: int = 0) -> int:
        code = main(["--config", str(self.config), "once", "--now", now, *extra])
        assert code == expect
        self.assert_user_mail_untouched()
        return code

    def drafts(self) -> list[EmailMessage]:
        client = self.account.client()
        try:
            client.select_folder("Drafts", readonly=True)
            uids = client.search()
            data = client.fetch(uids, [b"BODY.PEEK[]"]) if uids else {}
        finally:
            client.logout()
        return [email.message_from_bytes(d[b"BODY[]"], policy=email.policy.default)  # type: ignore[misc]
                for _, d in sorted(data.items())]

    def send_draft(self, date: str, *, keep_token: bool = False) -> None:
        """What a mail client does on Send: the draft leaves Drafts, a copy lands in Sent."""
        client = self.account.client()
        try:
            client.select_folder("Drafts")
            uids = client.search()
            assert len(uids) == 1
            raw = client.fetch(uids, [b"BODY.PEEK[]"])[uids[0]][b"BODY[]"]
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            if not keep_token:
                del msg["X-Followupd-Token"]  # many clients drop unknown headers on send
            del msg["Date"]
            msg["Date"] = date
            client.append("Sent", msg.as_bytes(), flags=(b"\\Seen",))
            client.delete_messages(uids)
            client.uid_expunge(uids)
        finally:
            client.logout()
        self.remember_user_mail()

    def app(self):  # type: ignore[no-untyped-def]
        with open_store(self.cfg.state_path, lock=False) as store:
            apps = store.applications()
        assert len(apps) == 1
        return apps[0]


@pytest.fixture
def scenario(account: Account, make_config) -> Scenario:
    return Scenario(account, make_config(account))


def test_invitation_gives_one_threaded_thank_you_that_tuesday(scenario: Scenario) -> None:
    scenario.deliver(invitation())
    assert scenario.once("2026-03-02T10:00+01:00") == 0
    assert scenario.drafts() == []  # before the interview: nothing
    assert scenario.once("2026-03-03T17:30+01:00") == 0
    drafts = scenario.drafts()
    assert len(drafts) == 1
    draft = drafts[0]
    assert draft["In-Reply-To"] == "<invite-1@acme.example>"
    assert draft["To"].addresses[0].addr_spec == "jane.roe@acme.example"
    assert draft["From"].addresses[0].addr_spec == "alice@example.org"
    assert draft["Subject"] == "Re: Interview invitation: Senior Backend Engineer at Acme"
    assert draft["Date"].datetime.date().isoformat() == "2026-03-03"
    body = draft.get_content()
    assert "Jane" in body
    assert "Senior Backend Engineer" in body
    assert "[[FOLLOWUPD:" in body  # no topic or gift recorded: a placeholder the user can't miss


def test_running_once_ten_times_at_one_instant_makes_one_draft(scenario: Scenario) -> None:
    scenario.deliver(invitation())
    for _ in range(10):
        scenario.once("2026-03-03T17:30+01:00")
    assert len(scenario.drafts()) == 1


@pytest.mark.parametrize("point", ["after_intent", "after_append"])
def test_a_crash_around_append_leaves_exactly_one_draft(scenario: Scenario, point: str) -> None:
    scenario.deliver(invitation())
    scenario.once("2026-03-02T10:00+01:00")
    env = {**os.environ, "FOLLOWUPD_CRASH_POINT": point}
    crashed = subprocess.run(
        [sys.executable, "-m", "followupd", "--config", str(scenario.config), "once", "--now",
         "2026-03-03T17:30+01:00"], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert crashed.returncode == -9, crashed.stderr  # really killed at the crash point
    scenario.once("2026-03-03T17:35+01:00")
    scenario.once("2026-03-03T17:40+01:00")
    assert len(scenario.drafts()) == 1
    app = scenario.app()
    assert [d.status.value for d in app.drafts] == ["appended"]


def _run_until_next_draft(scenario: Scenario) -> str:
    """Run `once` one minute after the next action is due; returns the stage it was for."""
    app = scenario.app()
    stage, due = next_action(app, due_probe(app), scenario.cfg.policy)
    assert due is not None, stage
    scenario.once((due.replace(second=0, microsecond=0)).isoformat())
    return stage


def due_probe(app):  # type: ignore[no-untyped-def]
    import datetime as dt

    return max(d.status_at or d.created_at for d in app.drafts) + dt.timedelta(minutes=1)


def test_silence_gives_three_widening_followups_then_ghosted(scenario: Scenario) -> None:
    # Interview Tue 24 Mar 2026; Good Friday (3 Apr) and Easter Monday (6 Apr) are German holidays.
    scenario.deliver(invitation(start="20260324T140000", end="20260324T150000",
                                sent="Thu, 19 Mar 2026 10:00:00 +0100"))
    scenario.once("2026-03-24T17:30+01:00")
    scenario.send_draft("Tue, 24 Mar 2026 18:00:00 +0100")
    scenario.once("2026-03-24T18:05+01:00")
    # Ten business days after Tue 24 Mar 18:00 would be Tue 7 Apr without the holidays.
    scenario.once("2026-04-09T12:00+02:00")
    assert scenario.drafts() == []
    scenario.once("2026-04-10T10:00+02:00")
    drafts = scenario.drafts()
    assert len(drafts) == 1
    assert drafts[0]["Date"].datetime.date().isoformat() == "2026-04-10"
    scenario.send_draft("Fri, 10 Apr 2026 10:30:00 +0200")
    scenario.once("2026-04-10T10:35+02:00")
    for expected in ("follow_up_2", "follow_up_3"):
        assert _run_until_next_draft(scenario) == expected
        assert len(scenario.drafts()) == 1
        msg = scenario.drafts()[0]
        scenario.send_draft(msg["Date"])
        scenario.once(msg["Date"].datetime.isoformat())
    app = scenario.app()
    stage, due = next_action(app, due_probe(app), scenario.cfg.policy)
    assert stage == "ghosted"
    assert due is not None
    scenario.once(due.isoformat())
    assert scenario.app().state is AppState.GHOSTED
    scenario.once("2026-12-01T10:00+01:00")
    assert scenario.drafts() == []
    stages = sorted(d.stage for d in scenario.app().drafts)
    assert stages == ["follow_up_1", "follow_up_2", "follow_up_3", "thank_you_1"]


def test_an_out_of_office_only_postpones_past_its_return_date(scenario: Scenario) -> None:
    scenario.deliver(invitation())
    scenario.once("2026-03-03T17:30+01:00")
    scenario.send_draft("Tue, 03 Mar 2026 18:00:00 +0100")
    scenario.once("2026-03-03T18:05+01:00")
    scenario.deliver(reply_from(
        "I am out of the office until Monday, 30 March 2026 with limited access to email.\n"
        "I will reply when I am back.", subject="Automatic reply: Re: Interview invitation",
        date="Tue, 03 Mar 2026 18:00:05 +0100", message_id="<ooo-1@acme.example>",
        extra="Auto-Submitted: auto-replied\n"))
    scenario.once("2026-03-03T18:10+01:00")
    app = scenario.app()
    assert app.state is AppState.WAITING
    assert app.last_inbound_at is None or app.last_inbound_at.isoformat() < "2026-03-03T17"
    # Without the out-of-office, follow-up 1 would be due on Tue 17 Mar.
    scenario.once("2026-03-18T12:00+01:00")
    assert scenario.drafts() == []
    scenario.once("2026-03-31T10:00+02:00")
    assert len(scenario.drafts()) == 1


def test_a_promised_decision_date_postpones_the_follow_up_past_it(scenario: Scenario) -> None:
    scenario.deliver(invitation())
    scenario.once("2026-03-03T17:30+01:00")
    scenario.send_draft("Tue, 03 Mar 2026 18:00:00 +0100")
    scenario.once("2026-03-03T18:05+01:00")
    scenario.deliver(reply_from(
        "Hi Alice,\n\nthanks for your note. We are meeting the last candidates this week and we\n"
        "expect to decide by Friday, 20 March.\n\nBest,\nJane",
        date="Wed, 04 Mar 2026 09:00:00 +0100", message_id="<promise-1@acme.example>"))
    scenario.once("2026-03-04T09:05+01:00")
    app = scenario.app()
    assert app.postponed_until is not None
    assert app.postponed_until.date().isoformat() == "2026-03-23"  # the next business morning
    # Ten business days after the reply would be Wed 18 Mar; the promise holds it to Mon 23 Mar.
    scenario.once("2026-03-18T12:00+01:00")
    scenario.once("2026-03-20T16:00+01:00")
    assert scenario.drafts() == []
    scenario.once("2026-03-23T10:00+01:00")
    drafts = scenario.drafts()
    assert len(drafts) == 1
    assert drafts[0]["Date"].datetime.date().isoformat() == "2026-03-23"


@pytest.mark.parametrize(("decision", "body"), [
    ("rejection", "Thank you for your time. Unfortunately we have decided to move forward with "
                  "other candidates whose experience more closely matches our needs."),
    ("offer", "I am delighted to let you know that we would like to offer you the position of "
              "Senior Backend Engineer. Please find the offer letter attached."),
])
def test_a_decision_stops_the_thread_and_removes_our_untouched_draft(
    scenario: Scenario, decision: str, body: str
) -> None:
    # The user's own drafts share the folder: one marked deleted, one with a token not ours.
    scenario.deliver(b"From: alice@example.org\r\nSubject: my own draft\r\n\r\nkeep me\r\n",
                     folder="Drafts", flags=(b"\\Draft", b"\\Deleted"))
    scenario.deliver(b"From: alice@example.org\r\nX-Followupd-Token: notours1234\r\n"
                     b"Subject: look-alike\r\n\r\nkeep me too\r\n", folder="Drafts")
    scenario.deliver(invitation())
    scenario.once("2026-03-03T17:30+01:00")
    assert len(scenario.drafts()) == 3  # ours and the user's two
    scenario.deliver(reply_from(body, date="Wed, 04 Mar 2026 09:00:00 +0100",
                                message_id=f"<{decision}-1@acme.example>"))
    scenario.once("2026-03-04T09:30+01:00")
    app = scenario.app()
    # A confident decision ends the application; an unsure one (the detector's offer class has
    # few real examples) holds it and asks the user. Either way our untouched draft goes.
    if app.held is not None:
        assert app.held.kind.value == decision
        assert app.state is not AppState.DECIDED
    else:
        assert app.state is AppState.DECIDED
        assert app.decision is not None
        assert app.decision.value == decision
    subjects = sorted(str(d["Subject"]) for d in scenario.drafts())
    assert subjects == ["look-alike", "my own draft"]  # ours gone, the user's untouched
    assert [d.status.value for d in app.drafts] == ["withdrawn"]
    scenario.once("2026-06-01T10:00+02:00")
    assert len(scenario.drafts()) == 2


def test_an_edited_draft_is_kept_after_a_decision(scenario: Scenario) -> None:
    scenario.deliver(invitation())
    scenario.once("2026-03-03T17:30+01:00")
    client = scenario.account.client()
    try:  # the user edits the draft: their client replaces it with a changed copy
        client.select_folder("Drafts")
        uid = client.search()[0]
        raw = client.fetch([uid], [b"BODY.PEEK[]"])[uid][b"BODY[]"]
        client.append("Drafts", raw.replace(b"Hi Jane", b"Dear Jane"), flags=(b"\\Draft",))
        client.delete_messages([uid])
        client.uid_expunge([uid])
    finally:
        client.logout()
    scenario.remember_user_mail()
    # A whole rejection: the six words "Unfortunately the position has been filled." alone score
    # 0.90 in a tracked thread, below decide_at_rejection_thread (0.95): held and asked.
    scenario.deliver(reply_from("Unfortunately the position has been filled: we have decided to "
                                "move forward with another candidate. Thank you for your time "
                                "and interest.",
                                date="Wed, 04 Mar 2026 09:00:00 +0100",
                                message_id="<filled-1@acme.example>"))
    scenario.once("2026-03-04T09:30+01:00")
    drafts = scenario.drafts()
    assert len(drafts) == 1
    assert "Dear Jane" in drafts[0].get_content()
    assert scenario.app().state is AppState.DECIDED


def _state_rows(scenario: Scenario) -> dict[str, list[tuple[object, ...]]]:
    with open_store(scenario.cfg.state_path, lock=False) as store:
        return {table: [tuple(r) for r in store.db.execute(f"SELECT * FROM {table}")]
                for table in ("application", "message", "draft", "cursor", "event", "notice")}


def test_a_dry_run_changes_neither_the_mailbox_nor_the_state(scenario: Scenario, capsys) -> None:
    scenario.deliver(invitation())
    scenario.once("2026-03-02T10:00+01:00")
    scenario.deliver(reply_from("Looking forward to it!", date="Mon, 02 Mar 2026 11:00:00 +0100",
                                message_id="<r1@acme.example>"))
    before = _state_rows(scenario)
    capsys.readouterr()
    scenario.once("2026-03-03T17:30+01:00", "--dry-run")
    assert "would: queue thank_you_1 draft" in capsys.readouterr().out
    assert scenario.drafts() == []
    assert _state_rows(scenario) == before
    scenario.once("2026-03-03T17:30+01:00")  # the real run still sees the reply and drafts
    assert len(scenario.drafts()) == 1


def test_an_interview_long_past_is_not_tracked_on_first_sync(scenario: Scenario) -> None:
    scenario.deliver(invitation(start="20240305T140000", end="20240305T150000",
                                sent="Thu, 29 Feb 2024 10:00:00 +0100"))
    scenario.once("2026-03-02T10:00+01:00")
    scenario.once("2026-03-20T10:00+01:00")
    with open_store(scenario.cfg.state_path, lock=False) as store:
        assert store.applications() == []
        assert store.message_count("INBOX") == 1  # read and recorded, just not followed
    assert scenario.drafts() == []


def test_a_new_interview_after_a_rejection_starts_a_new_application(scenario: Scenario) -> None:
    scenario.deliver(invitation())
    scenario.once("2026-03-02T10:00+01:00")
    scenario.deliver(reply_from("Unfortunately we decided not to move forward with your "
                                "application.", date="Wed, 04 Mar 2026 09:00:00 +0100",
                                message_id="<no-1@acme.example>"))
    scenario.once("2026-03-04T09:30+01:00")
    scenario.deliver(invitation(start="20260415T100000", end="20260415T110000",
                                sent="Wed, 01 Apr 2026 10:00:00 +0200",
                                message_id="<invite-2@acme.example>", uid="acme-2@acme.example",
                                position="Staff Engineer"))
    scenario.once("2026-04-01T10:30+02:00")
    with open_store(scenario.cfg.state_path, lock=False) as store:
        apps = store.applications()
    assert [(a.state, a.position) for a in apps] == [
        (AppState.DECIDED, "Senior Backend Engineer"), (AppState.SCHEDULED, "Staff Engineer")]


def test_a_sent_copy_that_kept_our_header_counts_as_the_users_mail(scenario: Scenario) -> None:
    scenario.deliver(invitation())
    scenario.once("2026-03-03T17:30+01:00")
    scenario.send_draft("Tue, 03 Mar 2026 18:00:00 +0100", keep_token=True)
    scenario.once("2026-03-03T18:05+01:00")
    app = scenario.app()
    assert [d.status.value for d in app.drafts] == ["sent"]
    assert app.last_outbound_at is not None
    assert app.last_outbound_at == dt.datetime(2026, 3, 3, 17, 0, tzinfo=dt.UTC)
    assert app.thread is not None
    assert app.thread.message_id == app.drafts[0].message_id  # the next draft replies to ours


def test_an_offer_with_a_large_attachment_is_still_read(account: Account, make_config) -> None:
    scenario = Scenario(account, make_config(account, imap={"max_body_bytes": 20_000}))
    scenario.deliver(invitation())
    scenario.once("2026-03-02T10:00+01:00")
    pdf = base64.encodebytes(os.urandom(300_000)).decode().replace("\n", "\r\n")
    offer = (
        "From: Jane Roe <jane.roe@acme.example>\r\nTo: Alice Example <alice@example.org>\r\n"
        "Subject: Your offer from Acme\r\nDate: Wed, 04 Mar 2026 09:00:00 +0100\r\n"
        "Message-ID: <offer-pdf@acme.example>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        "Content-Type: text/plain; charset=utf-8\r\n\r\nHi Alice,\r\n\r\nI am delighted to let "
        "you know that we would like to offer you the position of Senior Backend Engineer. "
        "The offer letter is attached.\r\n\r\nJane\r\n--b\r\nContent-Type: application/pdf\r\n"
        'Content-Disposition: attachment; filename="offer.pdf"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n" + pdf + "--b--\r\n"
    ).encode()
    scenario.deliver(offer)
    scenario.once("2026-03-04T09:30+01:00")
    app = scenario.app()
    assert app.state is AppState.DECIDED
    assert app.decision is not None
    assert app.decision.value == "offer"


def test_a_german_recruiters_thread_gets_a_german_thank_you_with_german_dates(
    scenario: Scenario,
) -> None:
    scenario.deliver(german_invitation())  # Friday 20 March 2026, 10:00-11:00 Berlin
    scenario.once("2026-03-16T10:00+01:00")
    assert scenario.app().language == "de"
    scenario.once("2026-03-20T17:30+01:00")
    (draft,) = scenario.drafts()
    assert draft["Subject"] == (
        "Re: Einladung zum Vorstellungsgespräch: Backend-Entwicklerin bei Nordlicht"
    )
    assert draft["In-Reply-To"] == "<einladung-4@nordlicht.example>"
    assert draft["To"].addresses[0].addr_spec == "katrin.weber@nordlicht.example"
    body = draft.get_content().replace("\r\n", "\n")
    assert body.startswith("Hallo Katrin Weber,\n\nvielen Dank, dass Sie sich am Freitag, 20. März, "
                           "Zeit für das Gespräch über die Stelle als Backend-Entwicklerin")
    assert "[[FOLLOWUPD: ein Thema aus dem Gespräch mit Katrin ergänzen" in body
    assert body.rstrip().endswith("Viele Grüße\nAlice Example")


def test_with_reply_in_employer_language_off_the_german_thread_gets_english(
    account: Account, make_config,  # type: ignore[no-untyped-def]
) -> None:
    scenario = Scenario(account, make_config(account, identity={
        "reply_in_employer_language": False}))
    scenario.deliver(german_invitation())
    scenario.once("2026-03-20T17:30+01:00")
    (draft,) = scenario.drafts()
    assert "thank you for taking the time to talk with me on Friday, 20 March" in draft.get_content()
