"""The gift library against a real Dovecot: over the thank-you, three follow-ups and a second
round's thank-you, each draft to the interviewer brings a different library gift fitting the
notes' topics; when the fitting gifts are used up, the draft's placeholder asks the user."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from conftest import Account
from mailgen import invitation
from test_cli_apps import Cli
from test_followup_e2e import Scenario, due_probe

from followupd.core.draft_headers import TOKEN_HEADER
from followupd.engine.plan import next_action
from followupd.engine.stages import is_notes_stage

FITTING = (
    "The outbox-pattern article: https://example.org/outbox",
    "Martin's talk on event sourcing in practice: https://example.org/es-talk",
    "A contact: Priya Shah, who ran Kafka at scale (priya@example.net)",
    "The Kafka consumer-lag checklist: https://example.org/lag",
)
UNRELATED = "The sourdough starter guide: https://example.org/sourdough"
LIBRARY = "".join(
    f'[[gift]]\ntext = "{text}"\ntopics = {topics}\n\n'
    for text, topics in (
        (FITTING[0], '["event sourcing", "outbox"]'),
        (FITTING[1], '["event sourcing"]'),
        (FITTING[2], '["kafka", "on-call"]'),
        (FITTING[3], '["kafka"]'),
        (UNRELATED, '["baking", "sourdough"]'),
    )
)
NOTES = "topic: their move to event sourcing\ntopic: kafka on-call rotation\n"


class GiftScenario(Scenario):
    def __init__(self, account: Account, config: Path, capsys: pytest.CaptureFixture[str]) -> None:
        super().__init__(account, config)
        self.cli = Cli(config, capsys)
        self.bodies: dict[str, str] = {}  # stage -> the text of its draft as followupd wrote it

    def followupd_drafts(self) -> list[EmailMessage]:
        """The drafts to the employer (not the notes drafts to the user)."""
        return [m for m in self.drafts() if not str(m["Subject"]).startswith("Interview notes:")]

    def fill_in_notes(self) -> None:
        """The user writes their notes into the notes draft and saves it (token kept)."""
        (notes,) = [m for m in self.drafts() if str(m["Subject"]).startswith("Interview notes:")]
        body = notes.get_content().replace("\r\n", "\n").replace("topic: \ntopic: \ngift: \n", NOTES)
        assert NOTES in body
        msg = EmailMessage(policy=email.policy.SMTP)
        for name in ("From", "To", "Subject", "Date", TOKEN_HEADER):
            msg[name] = str(notes[name])
        msg["Message-ID"] = "<edited-notes@client.example>"
        msg.set_content(body)
        self.replace_in_drafts(str(notes[TOKEN_HEADER]), msg.as_bytes())

    def replace_in_drafts(self, token: str, raw: bytes) -> None:
        client = self.account.client()
        try:
            client.select_folder("Drafts")
            uids = client.search(["HEADER", TOKEN_HEADER, token])
            client.append("Drafts", raw, flags=(b"\\Draft",))
            client.delete_messages(uids)
            client.uid_expunge(uids)
        finally:
            client.logout()

    def send(self, draft: EmailMessage) -> None:
        """The user sends this draft as it is: it leaves Drafts, a copy (its token dropped, as
        many clients do) lands in Sent."""
        stage = str(draft["X-Followupd-Stage"])
        self.bodies[stage] = draft.get_content()
        client = self.account.client()
        try:
            client.select_folder("Drafts")
            uids = client.search(["HEADER", TOKEN_HEADER, str(draft[TOKEN_HEADER])])
            assert len(uids) == 1
            copy = email.message_from_bytes(draft.as_bytes(), policy=email.policy.default)
            del copy[TOKEN_HEADER]
            client.append("Sent", copy.as_bytes(), flags=(b"\\Seen",))
            client.delete_messages(uids)
            client.uid_expunge(uids)
        finally:
            client.logout()
        self.remember_user_mail()
        self.once(draft["Date"].datetime.isoformat())

    def next_draft(self) -> EmailMessage:
        """Run `once` when the next draft to the employer is due; that draft."""
        app = self.app()
        stage, due = next_action(app, due_probe(app), self.cfg.policy)
        assert due is not None, stage
        self.once(due.replace(second=0, microsecond=0).isoformat())
        (draft,) = self.followupd_drafts()
        assert str(draft["X-Followupd-Stage"]) == stage
        return draft


@pytest.fixture
def world(
    account: Account, make_config: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> GiftScenario:
    library = tmp_path / "gifts.toml"
    library.write_text(LIBRARY)
    config = make_config(account, schedule={"notes_draft": True}, gifts={"file": str(library)})
    return GiftScenario(account, config, capsys)


def test_no_library_gift_reaches_the_interviewer_twice_over_five_drafts_and_two_rounds(
    world: GiftScenario,
) -> None:
    world.deliver(invitation())  # Tue 3 Mar 2026, 14:00-15:00 Berlin
    world.once("2026-03-02T10:00+01:00")
    world.once("2026-03-03T15:10+01:00")  # the interview has ended: the notes draft
    world.fill_in_notes()
    world.once("2026-03-03T16:00+01:00")  # the notes are read
    world.once("2026-03-03T17:05+01:00")
    (thank_you,) = world.followupd_drafts()
    assert str(thank_you["X-Followupd-Stage"]) == "thank_you_1"
    world.send(thank_you)
    for _ in range(3):
        world.send(world.next_draft())
    last_sent = max(d.status_at or d.created_at for d in world.app().drafts)
    # A second round, invited in the same thread a day after the third follow-up.
    asked = last_sent + dt.timedelta(days=1)
    start = (asked + dt.timedelta(days=2)).astimezone(dt.timezone(dt.timedelta(hours=1)))
    world.deliver(
        invitation(
            start=start.strftime("%Y%m%dT140000"),
            end=start.strftime("%Y%m%dT150000"),
            sent=asked.strftime("%a, %d %b %Y %H:%M:%S %z"),
            message_id="<invite-2@acme.example>",
            uid="acme-interview-2@acme.example",
        )
    )
    world.once(asked.isoformat())
    second_end = dt.datetime.fromisoformat(start.strftime("%Y-%m-%dT15:00+01:00"))
    world.once((second_end + dt.timedelta(minutes=10)).isoformat())  # the round-2 notes draft
    world.once((second_end + dt.timedelta(hours=4, minutes=5)).isoformat())  # no notes this time
    (second,) = world.followupd_drafts()
    assert str(second["X-Followupd-Stage"]) == "thank_you_2"
    world.send(second)

    stages = ["thank_you_1", "follow_up_1", "follow_up_2", "follow_up_3", "thank_you_2"]
    assert list(world.bodies) == stages
    in_body = {stage: [g for g in (*FITTING, UNRELATED) if g in world.bodies[stage]] for stage in stages}
    given = [in_body[stage] for stage in stages[:4]]
    assert all(len(gifts) == 1 for gifts in given), in_body
    assert sorted(g[0] for g in given) == sorted(FITTING), f"a gift went to Jane twice: {in_body}"
    assert in_body["thank_you_2"] == []  # the library has no fitting gift left for Jane...
    assert "[[FOLLOWUPD:" in world.bodies["thank_you_2"]  # ...so the draft asks you for one
    shown = world.cli.json("show", "1", "--now", (second_end + dt.timedelta(hours=5)).isoformat())
    drafts = {
        d["stage"]: d for d in shown["timeline"] if d["type"] == "draft" and not is_notes_stage(d["stage"])
    }
    assert {stage: d["gift"] for stage, d in drafts.items()} == {
        **{stage: in_body[stage][0] for stage in stages[:4]},
        "thank_you_2": None,
    }
    assert {d["to"] for d in drafts.values()} == {"jane.roe@acme.example"}
