"""Corrections from the mail client, against a real Dovecot: `followupd folders create` makes the
correction folders; a message the user moves or copies into one changes its application at the
next pass, with the reason in `show`, a labelled example kept, and the folder left untouched."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import Account
from mailgen import invitation, reply_from
from test_cli_apps import BEFORE, EVENING, Cli

from followupd.config.loader import load

NEXT_DAY = "2026-03-04T12:00+01:00"
FOLDERS = ("followupd/Track", "followupd/Ignore", "followupd/Rejection", "followupd/Offer",
           "followupd/Not-a-decision")
NO = ("Hi Alice,\n\nunfortunately we have decided to move forward with other candidates.\n\n"
      "Best,\nJane\n")


@pytest.fixture
def cli(account: Account, make_config: Any, capsys: pytest.CaptureFixture[str]) -> Cli:
    account.deliver(invitation())
    run = Cli(make_config(account), capsys)
    run("once", "--now", BEFORE)
    run("folders", "create")
    return run


def user_moves(account: Account, message_id: str, folder: str, *, copy: bool = False) -> None:
    """What the user does in their mail client: MOVE (or COPY) a message out of INBOX."""
    client = account.client()
    try:
        client.select_folder("INBOX")
        uids = client.search(["HEADER", "Message-ID", message_id])
        assert uids, message_id
        if copy:
            client.copy(uids, folder)
        else:
            client.move(uids, folder)
    finally:
        client.logout()


def examples(cli: Cli) -> list[dict[str, Any]]:
    path = load(cli.config).state_path.parent / "verdicts.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_folders_create_makes_the_subscribed_folders_once_and_list_shows_them(
        cli: Cli, account: Account) -> None:
    client = account.client()
    try:
        subscribed = {name for _flags, _d, name in client.list_sub_folders()}
    finally:
        client.logout()
    assert set(FOLDERS) <= subscribed
    again = cli("folders", "create")
    assert "created" not in again  # all there already
    assert all(f"{name}" in again for name in FOLDERS)
    assert "missing" not in cli("folders", "list")


def test_a_message_moved_to_rejection_decides_its_application_and_no_thank_you_follows(
        cli: Cli, account: Account) -> None:
    user_moves(account, "<invite-1@acme.example>", "followupd/Rejection")
    before = account.snapshot()["followupd/Rejection"]
    cli("once", "--now", EVENING)
    row = cli.json("status", "--now", EVENING)[0]
    assert (row["state"], row["decision"]) == ("decided", "rejection")
    assert account.folder_uids("Drafts") == []  # the thank-you never comes
    assert "you moved <invite-1@acme.example> to followupd/Rejection" in cli("show", "1", "--now", EVENING)
    assert account.snapshot()["followupd/Rejection"] == before  # read-only: no flag, no move
    [example] = examples(cli)
    assert (example["label"], example["message_id"]) == ("rejection", "<invite-1@acme.example>")
    assert example["detector"]["looked_like"] == "interview"


def test_not_a_decision_undoes_a_wrong_rejection_and_the_schedule_goes_on(
        cli: Cli, account: Account) -> None:
    cli("once", "--now", EVENING)
    assert len(account.folder_uids("Drafts")) == 1  # the thank-you
    account.deliver(reply_from(NO, date="Wed, 04 Mar 2026 09:00:00 +0100",
                               message_id="<no-1@acme.example>"))
    cli("once", "--now", NEXT_DAY)
    assert cli.json("status", "--now", NEXT_DAY)[0]["state"] == "decided"
    user_moves(account, "<no-1@acme.example>", "followupd/Not-a-decision", copy=True)
    cli("once", "--now", NEXT_DAY)
    row = cli.json("status", "--now", NEXT_DAY)[0]
    assert (row["state"], row["decision"]) == ("waiting", None)
    cli("once", "--now", "2026-03-30T10:00+02:00")  # weeks of silence after the reply
    assert len(account.folder_uids("Drafts")) == 1  # the follow-up is drafted
    assert examples(cli)[-1]["label"] == "none"


def test_a_message_moved_to_offer_decides_it_as_an_offer(cli: Cli, account: Account) -> None:
    account.deliver(reply_from("Hi Alice,\n\ncan you call me tomorrow? I have good news.\n\nJane\n",
                               date="Wed, 04 Mar 2026 09:00:00 +0100",
                               message_id="<news-1@acme.example>"))
    cli("once", "--now", NEXT_DAY)
    assert cli.json("status", "--now", NEXT_DAY)[0]["state"] != "decided"
    user_moves(account, "<news-1@acme.example>", "followupd/Offer")
    cli("once", "--now", NEXT_DAY)
    row = cli.json("status", "--now", NEXT_DAY)[0]
    assert (row["state"], row["decision"]) == ("decided", "offer")


def test_a_message_moved_to_ignore_stops_its_application(cli: Cli, account: Account) -> None:
    user_moves(account, "<invite-1@acme.example>", "followupd/Ignore", copy=True)
    cli("once", "--now", EVENING)
    rows = cli.json("status", "--now", EVENING)
    assert rows[0]["state"] == "stopped"
    assert account.folder_uids("Drafts") == []


def test_a_message_moved_to_track_starts_an_application_the_detector_missed(
        cli: Cli, account: Account) -> None:
    hello = reply_from("Hi Alice,\n\nI came across your profile and would love to chat about a "
                       "role in our platform team.\n\nRita\n", subject="Hello",
                       date="Wed, 04 Mar 2026 09:00:00 +0100", message_id="<hello-1@hooli.example>",
                       in_reply_to="<elsewhere@hooli.example>",
                       sender="Rita Recruiter <rita@hooli.example>")
    account.deliver(hello)
    cli("once", "--now", NEXT_DAY)
    assert len(cli.json("status", "--now", NEXT_DAY)) == 1
    user_moves(account, "<hello-1@hooli.example>", "followupd/Track", copy=True)
    cli("once", "--now", NEXT_DAY)
    rows = cli.json("status", "--now", NEXT_DAY)
    assert len(rows) == 2
    assert "tracking started" in cli("show", "2", "--now", NEXT_DAY)


def test_a_dry_run_applies_no_correction_and_keeps_no_example(cli: Cli, account: Account) -> None:
    user_moves(account, "<invite-1@acme.example>", "followupd/Rejection", copy=True)
    cli("once", "--dry-run", "--now", EVENING)
    assert cli.json("status", "--now", EVENING)[0]["state"] == "scheduled"
    assert examples(cli) == []
