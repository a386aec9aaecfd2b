"""Our drafts after the user or the employer acted, against a real Dovecot with --now: the
employer answered while our follow-up waited (withdrawn, re-planned from the reply); the user's
client re-saved our draft without our header (still ours, edited; never a second one); what the
notices and `once` call a draft is its real Subject."""

from __future__ import annotations

import email
import email.policy
from typing import Any

import pytest
from conftest import Account
from mailgen import invitation, reply_from
from test_followup_e2e import Scenario

from followupd.adapters.store.sqlite import open_store
from followupd.core.model import DraftStatus
from followupd.engine.plan import next_action

EVENING = "2026-03-03T17:30+01:00"  # the interview ended at 15:00: the thank-you is drafted
FOLLOW_UP_1 = "2026-03-18T10:00+01:00"  # 10 business days after the sent thank-you (Tue 18:00)
THREAD = "Re: Interview invitation: Senior Backend Engineer at Acme"


@pytest.fixture
def scenario(account: Account, make_config: Any) -> Scenario:
    return Scenario(account, make_config(account))


def _with_follow_up_in_drafts(scenario: Scenario) -> None:
    scenario.deliver(invitation())
    scenario.once(EVENING)
    scenario.send_draft("Tue, 03 Mar 2026 18:00:00 +0100")
    scenario.once("2026-03-03T18:05+01:00")
    scenario.once(FOLLOW_UP_1)
    assert [d.stage for d in scenario.app().drafts if d.status is DraftStatus.APPENDED] == ["follow_up_1"]


def test_an_employer_reply_withdraws_our_untouched_follow_up_and_replans_from_it(scenario: Scenario) -> None:
    _with_follow_up_in_drafts(scenario)
    scenario.deliver(
        reply_from(
            "Hi Alice,\n\nthanks for checking in. We are still talking to a few candidates and I "
            "will come back to you soon.\n\nBest,\nJane\n",
            date="Thu, 19 Mar 2026 10:00:00 +0100",
            message_id="<still-1@acme.example>",
        )
    )
    scenario.once("2026-03-19T10:30+01:00")
    assert scenario.drafts() == []  # the stale "how is it going?" is gone
    app = scenario.app()
    assert {d.stage: d.status for d in app.drafts}["follow_up_1"] is DraftStatus.WITHDRAWN
    stage, due = next_action(app, _at("2026-03-19T10:30+01:00"), scenario.cfg.policy)
    assert stage == "follow_up_2"
    assert due is not None
    # Ten business days after their reply (Good Friday, 3 Apr, is a holiday in DE).
    assert due.date().isoformat() == "2026-04-02"
    scenario.once("2026-04-02T11:00+02:00")
    drafts = scenario.drafts()
    assert len(drafts) == 1
    assert drafts[0]["In-Reply-To"] == "<still-1@acme.example>"


def _at(text: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime.fromisoformat(text)


def _resave_without_our_headers(scenario: Scenario, *, keep_message_id: bool) -> None:
    """What many clients do on save: a new copy, edited, without the headers they do not know
    (and some give it a new Message-ID); the old copy is expunged."""
    client = scenario.account.client()
    try:
        client.select_folder("Drafts")
        [uid] = client.search()
        raw = client.fetch([uid], [b"BODY.PEEK[]"])[uid][b"BODY[]"]
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        del msg["X-Followupd-Token"]
        del msg["X-Followupd-Stage"]
        if not keep_message_id:
            del msg["Message-ID"]
            msg["Message-ID"] = "<resaved-by-client-1@example.org>"
        body = msg.get_content().replace("Jane", "Dear Jane", 1)
        msg.set_content(body)
        client.append("Drafts", msg.as_bytes(), flags=(b"\\Draft",))
        client.delete_messages([uid])
        client.uid_expunge([uid])
    finally:
        client.logout()
    scenario.remember_user_mail()


@pytest.mark.parametrize("keep_message_id", [True, False], ids=["same-message-id", "new-message-id"])
def test_a_draft_resaved_without_our_header_is_ours_edited_and_never_doubled(
    scenario: Scenario, keep_message_id: bool
) -> None:
    scenario.deliver(invitation())
    scenario.once(EVENING)
    _resave_without_our_headers(scenario, keep_message_id=keep_message_id)
    scenario.once("2026-03-03T18:00+01:00")
    scenario.once("2026-03-05T10:00+01:00")  # well past the 24 h dismiss grace
    app = scenario.app()
    assert [(d.stage, d.status) for d in app.drafts] == [("thank_you_1", DraftStatus.EDITED)]
    scenario.once("2026-03-25T10:00+01:00")  # follow-up time: the user's edited draft waits
    drafts = scenario.drafts()
    assert len(drafts) == 1
    assert "Dear Jane" in drafts[0].get_content()
    assert [d.stage for d in scenario.app().drafts] == ["thank_you_1"]


def test_a_resaved_draft_that_is_then_sent_counts_as_sent(scenario: Scenario) -> None:
    scenario.deliver(invitation())
    scenario.once(EVENING)
    _resave_without_our_headers(scenario, keep_message_id=False)
    scenario.once("2026-03-03T18:00+01:00")
    scenario.send_draft("Tue, 03 Mar 2026 18:30:00 +0100")
    scenario.once("2026-03-03T18:35+01:00")
    assert [d.status for d in scenario.app().drafts] == [DraftStatus.SENT]


def test_the_notice_and_once_name_the_subject_the_draft_really_has(
    scenario: Scenario, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario.deliver(invitation())
    scenario.once("2026-03-02T10:00+01:00")
    capsys.readouterr()
    scenario.once(EVENING)
    out = capsys.readouterr().out
    [draft] = scenario.drafts()
    assert draft["Subject"] == THREAD
    assert repr(THREAD) in out
    with open_store(scenario.cfg.state_path, lock=False) as store:
        notices = [text for _id, _at, text in store.pending_notices()]
    drafted = [n for n in notices if "draft is in Drafts" in n]
    assert drafted, notices
    assert all(repr(THREAD) in n for n in drafted), notices
    assert not any("Thank you –" in n for n in notices)
