"""Notes right after the interview, against a real Dovecot: the notes draft appears when the
interview ends; the notes come back from the edited draft or from the copy sent to oneself, and
show up in the thank-you, which waits for them (never past the evening)."""

from __future__ import annotations

import email
import email.policy
from typing import Any

import pytest
from conftest import Account
from mailgen import german_invitation, invitation
from test_cli_apps import BEFORE, Cli

from followupd.core.draft_headers import TOKEN_HEADER

ENDED = "2026-03-03T15:10+01:00"  # the interview was 14:00-15:00 Berlin
LATER = "2026-03-03T16:00+01:00"
FIVE = "2026-03-03T17:05+01:00"  # the thank-you's time without notes (end + 2 h)
NOTES = ("topic: their move to event sourcing\nthe on-call rotation\n"
         "gift: the outbox-pattern article https://example.org/outbox\n")


@pytest.fixture
def cli(account: Account, make_config: Any, capsys: pytest.CaptureFixture[str]) -> Cli:
    account.deliver(invitation())
    run = Cli(make_config(account, schedule={"notes_draft": True}), capsys)
    run("once", "--now", BEFORE)
    run("once", "--now", ENDED)
    return run


def drafts(account: Account) -> list[email.message.EmailMessage]:
    client = account.client()
    try:
        client.select_folder("Drafts", readonly=True)
        data = client.fetch(client.search(), [b"BODY.PEEK[]"])
    finally:
        client.logout()
    return [email.message_from_bytes(item[b"BODY[]"], policy=email.policy.default)  # type: ignore[misc]
            for _uid, item in sorted(data.items())]


def filled_in(notes_draft: email.message.EmailMessage, *, keep_token: bool = True) -> bytes:
    """The notes draft as the user's client saves it after they wrote their notes."""
    body = notes_draft.get_content().replace("\r\n", "\n").replace("topic: \ntopic: \ngift: \n", NOTES)
    assert NOTES in body
    msg = email.message.EmailMessage(policy=email.policy.SMTP)
    for name in ("From", "To", "Subject", "Date"):
        msg[name] = str(notes_draft[name])
    msg["Message-ID"] = "<edited-notes@client.example>"
    if keep_token:
        msg[TOKEN_HEADER] = str(notes_draft[TOKEN_HEADER])
    msg.set_content(body)
    return msg.as_bytes()


def replace_draft(account: Account, raw: bytes) -> None:
    """What a client does on save: the old draft expunged, the new one appended."""
    client = account.client()
    try:
        client.select_folder("Drafts")
        client.delete_messages(client.search())
        client.expunge()
        client.append("Drafts", raw, flags=(b"\\Draft",))
    finally:
        client.logout()


def test_the_notes_draft_appears_when_the_interview_ends_addressed_to_the_user(
        cli: Cli, account: Account) -> None:
    [notes] = drafts(account)
    assert str(notes["To"]) == str(notes["From"]) == "Alice Example <alice@example.org>"
    assert "[followupd 1/1]" in str(notes["Subject"])
    assert "topic:" in notes.get_content()
    cli("once", "--now", FIVE)
    assert len(drafts(account)) == 1  # the thank-you waits for the notes


def test_notes_saved_in_the_edited_draft_are_read_and_the_thank_you_carries_them(
        cli: Cli, account: Account) -> None:
    [notes] = drafts(account)
    replace_draft(account, filled_in(notes))
    cli("once", "--now", LATER)
    assert drafts(account) == []  # read, and our notes draft removed
    shown = cli.json("show", "1", "--now", LATER)["application"]
    assert "their move to event sourcing" in shown["topics"]
    assert "the on-call rotation" in shown["topics"]
    assert shown["gifts"] == ["the outbox-pattern article https://example.org/outbox"]
    cli("once", "--now", FIVE)
    [thank_you] = drafts(account)
    text = thank_you.get_content()
    assert str(thank_you["To"]) == "Jane Roe <jane.roe@acme.example>"
    assert "event sourcing" in text
    assert "https://example.org/outbox" in text


def test_notes_sent_to_oneself_are_read_from_inbox_and_never_count_as_mail_to_them(
        cli: Cli, account: Account) -> None:
    [notes] = drafts(account)
    sent = filled_in(notes, keep_token=False)  # many clients drop unknown headers on sending
    client = account.client()
    try:  # the user sends it to themselves: it leaves Drafts, lands in Sent and INBOX
        client.select_folder("Drafts")
        client.delete_messages(client.search())
        client.expunge()
    finally:
        client.logout()
    account.deliver(sent, "Sent", (b"\\Seen",))
    account.deliver(sent)
    cli("once", "--now", LATER)
    shown = cli.json("show", "1", "--now", LATER)["application"]
    assert "their move to event sourcing" in shown["topics"]
    assert shown["last_outbound_at"] is None  # notes to yourself are no thank-you
    cli("once", "--now", FIVE)
    [thank_you] = drafts(account)
    assert "event sourcing" in thank_you.get_content()


def test_without_notes_the_thank_you_comes_by_the_end_of_the_wait_with_its_placeholder(
        cli: Cli, account: Account) -> None:
    cli("once", "--now", "2026-03-03T19:05+01:00")  # 15:00 + 4 h
    subjects = sorted(str(m["Subject"]) for m in drafts(account))
    assert subjects[0].startswith("Interview notes:")
    assert subjects[1].startswith("Re: Interview invitation")


def test_a_german_recruiters_thread_gets_a_german_notes_draft_whose_notes_reach_the_thank_you(
        account: Account, make_config: Any, capsys: pytest.CaptureFixture[str]) -> None:
    account.deliver(german_invitation())  # Friday 20 March 2026, 10:00-11:00 Berlin
    run = Cli(make_config(account, schedule={"notes_draft": True}), capsys)
    run("once", "--now", "2026-03-16T10:00+01:00")
    run("once", "--now", "2026-03-20T11:05+01:00")
    [notes] = drafts(account)
    assert str(notes["Subject"]) == (
        "Gesprächsnotizen: Nordlicht – Backend-Entwicklerin [followupd 1/1]")
    body = notes.get_content().replace("\r\n", "\n")
    assert body.startswith("Ihr Vorstellungsgespräch mit Katrin Weber: Nordlicht – "
                           "Backend-Entwicklerin, am Freitag, 20. März.\n")
    assert "thema: \nthema: \ngeschenk: \n" in body
    written = body.replace("thema: \nthema: \ngeschenk: \n",
                           "thema: ihre Migration auf Kotlin\ngeschenk: der Vortrag zu Ktor\n")
    msg = email.message.EmailMessage(policy=email.policy.SMTP)
    for name in ("From", "To", "Subject", "Date", TOKEN_HEADER):
        msg[name] = str(notes[name])
    msg.set_content(written)
    replace_draft(account, msg.as_bytes())
    run("once", "--now", "2026-03-20T11:30+01:00")
    assert drafts(account) == []
    run("once", "--now", "2026-03-20T13:05+01:00")
    [thank_you] = drafts(account)
    text = thank_you.get_content()
    assert "Hallo Katrin Weber" in text
    assert "ihre Migration auf Kotlin" in text
    assert "der Vortrag zu Ktor" in text


@pytest.mark.parametrize("message_id", ["<edited-notes@client.example>", "ours"])
def test_a_notes_draft_resaved_without_our_header_is_read_by_its_marker_and_not_made_again(
        cli: Cli, account: Account, message_id: str) -> None:
    [notes] = drafts(account)
    resaved = email.message_from_bytes(filled_in(notes, keep_token=False), policy=email.policy.SMTP)
    if message_id == "ours":  # some clients keep the Message-ID on save
        del resaved["Message-ID"]
        resaved["Message-ID"] = str(notes["Message-ID"])
    assert TOKEN_HEADER not in resaved
    replace_draft(account, resaved.as_bytes())  # our draft gone, the client's copy in its place
    cli("once", "--now", LATER)
    shown = cli.json("show", "1", "--now", LATER)["application"]
    assert "their move to event sourcing" in shown["topics"]
    assert shown["gifts"] == ["the outbox-pattern article https://example.org/outbox"]
    cli("once", "--now", FIVE)
    cli("once", "--now", "2026-03-04T10:00+01:00")
    found = drafts(account)
    [thank_you] = [m for m in found if TOKEN_HEADER in m and "[followupd" not in str(m["Subject"])]
    assert "event sourcing" in thank_you.get_content()
    assert "https://example.org/outbox" in thank_you.get_content()
    # The user's copy is theirs now: left alone, read once, and no second notes draft.
    assert [str(m["Subject"]) for m in found if "[followupd 1/1]" in str(m["Subject"])] == [
        str(notes["Subject"])]
    assert not any(TOKEN_HEADER in m and "[followupd" in str(m["Subject"]) for m in found)


def test_a_notes_draft_resaved_without_our_header_and_no_notes_yet_is_kept_and_waited_for(
        cli: Cli, account: Account) -> None:
    [notes] = drafts(account)
    msg = email.message.EmailMessage(policy=email.policy.SMTP)
    for name in ("From", "To", "Subject", "Date"):
        msg[name] = str(notes[name])
    msg["Message-ID"] = "<saved-unchanged@client.example>"
    msg.set_content(notes.get_content())
    replace_draft(account, msg.as_bytes())
    cli("once", "--now", LATER)
    timeline = cli.json("show", "1", "--now", LATER)["timeline"]
    [record] = [e for e in timeline if e["type"] == "draft"]
    assert (record["stage"], record["status"]) == ("notes_1", "edited")
    cli("once", "--now", FIVE)
    assert len(drafts(account)) == 1  # the user's copy; the thank-you still waits for the notes
