"""An unsure decision against a real Dovecot: the application is held (our untouched draft is
withdrawn, no new one), status/show ask the question, and `followupd decide` answers it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import Account
from mailgen import invitation, reply_from
from test_cli_apps import BEFORE, EVENING, Cli

from followupd.config.loader import load

ON_HOLD = ("Hi Alice,\n\nunfortunately the role has been put on hold for now, and we will not be "
           "moving forward with the process at this time. I will let you know if anything "
           "changes.\n\nBest,\nJane\n")
LATER = "2026-03-05T12:00+01:00"


@pytest.fixture
def held(account: Account, make_config: Any, capsys: pytest.CaptureFixture[str]) -> Cli:
    account.deliver(invitation())
    cli = Cli(make_config(account), capsys)
    cli("once", "--now", BEFORE)
    cli("once", "--now", EVENING)
    assert len(account.folder_uids("Drafts")) == 1  # the thank-you
    account.deliver(reply_from(ON_HOLD, date="Thu, 05 Mar 2026 10:00:00 +0100",
                               message_id="<hold-1@acme.example>"))
    cli("once", "--now", LATER)
    return cli


def test_an_unsure_decision_holds_the_application_and_withdraws_our_draft(
        held: Cli, account: Account) -> None:
    assert account.folder_uids("Drafts") == []
    row = held.json("status", "--now", LATER)[0]
    assert row["state"] != "decided"
    assert row["next_action"] == "held"
    assert "followupd decide 1 rejection" in row["question"]
    assert "followupd decide 1 rejection" in held("show", "acme", "--now", LATER)
    held("once", "--now", "2026-03-30T10:00+02:00")  # weeks of silence: still no follow-up
    assert account.folder_uids("Drafts") == []


def test_deciding_rejection_ends_the_application(held: Cli, account: Account) -> None:
    out = held("decide", "acme", "rejection", "--now", LATER)
    assert "you said rejection" in out
    row = held.json("status", "--now", LATER)[0]
    assert (row["state"], row["decision"], row["question"]) == ("decided", "rejection", None)
    verdicts = load(held.config).state_path.parent / "verdicts.jsonl"
    lines = [json.loads(x) for x in verdicts.read_text().splitlines()]
    assert lines[-1]["label"] == "rejection"
    assert lines[-1]["message_id"] == "<hold-1@acme.example>"
    assert lines[-1]["detector"]["looked_like"] == "rejection"


def test_deciding_none_releases_the_hold_and_the_schedule_goes_on(
        held: Cli, account: Account) -> None:
    held("decide", "1", "none", "--now", LATER)
    row = held.json("status", "--now", LATER)[0]
    assert row["question"] is None
    assert row["next_action"].startswith("follow_up")
    held("once", "--now", "2026-03-30T10:00+02:00")
    assert len(account.folder_uids("Drafts")) == 1  # the follow-up after the silence


def test_deciding_none_without_a_hold_is_refused(
        account: Account, make_config: Any, capsys: pytest.CaptureFixture[str]) -> None:
    account.deliver(invitation())
    cli = Cli(make_config(account), capsys)
    cli("once", "--now", BEFORE)
    assert "not held" in cli("decide", "acme", "none", code=64)
