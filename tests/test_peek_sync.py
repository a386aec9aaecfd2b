"""Peeks in the INBOX sync (the path of `once` and the daemon), on the in-memory mailbox: how many
bodies are peeked, which are then read in full, and that a regular correspondent stops being
peeked. Against Dovecot: tests/test_peek_e2e.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_pass_on_fake import FakeAccount

from followupd.core.model import Kind, Reason
from followupd.mail.triage import FAMILIAR_AFTER

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def personal(n: int, body: str, sender: str = "Dana Miller <dana@brightwave.example>") -> bytes:
    return (
        f"From: {sender}\r\nTo: alice@example.org\r\nSubject: Hello\r\n"
        f"Date: Mon, 02 Mar 2026 10:{n:02d}:00 +0100\r\nMessage-ID: <p{n}@x.example>\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()


@pytest.fixture
def acct(tmp_path: Path) -> Iterator[FakeAccount]:
    acct = FakeAccount(tmp_path)
    yield acct
    acct.store.close()


def test_a_peek_with_a_job_signal_is_read_in_full_and_one_without_is_not(acct: FakeAccount) -> None:
    acct.mailbox.deliver(
        personal(1, "Lovely to meet you at the meetup; coffee sometime?", sender="Sam <sam@gmail.com>")
    )
    acct.mailbox.deliver(personal(2, "The photos are up, have a look.", sender="Lea <lea@icloud.com>"))
    report = acct.runner.sync_inbox(NOW)
    assert (report.examined, report.peeked, report.bodies) == (2, 2, 1)
    met = acct.store.find_message("INBOX", "<p1@x.example>")
    photos = acct.store.find_message("INBOX", "<p2@x.example>")
    assert met is not None
    assert photos is not None
    assert met.facts.reasons[0].rule != "peek"  # read in full: the classifier's reasons
    assert photos.facts.kind is Kind.UNRELATED
    assert photos.facts.reasons == (Reason("peek", "no job signal in the first 4096 bytes"),)


def test_a_regular_correspondent_is_peeked_only_until_it_is_familiar(acct: FakeAccount) -> None:
    for n in range(FAMILIAR_AFTER + 3):
        acct.mailbox.deliver(personal(n, "Thanks, all good."))
    report = acct.runner.sync_inbox(NOW)
    assert (report.examined, report.peeked, report.bodies) == (FAMILIAR_AFTER + 3, FAMILIAR_AFTER, 0)
    later = acct.store.find_message("INBOX", f"<p{FAMILIAR_AFTER + 2}@x.example>")
    assert later is not None
    assert later.facts.reasons == (Reason("triage", "no job signal in the headers"),)


def test_nothing_is_peeked_in_a_mailbox_of_newsletters_and_group_mail(acct: FakeAccount) -> None:
    acct.mailbox.deliver(personal(1, "Sale!", sender="Shop <news@shop.example>"))
    group = personal(2, "Minutes attached.").replace(
        b"To: alice@example.org", b"To: alice@example.org, a@x.example, b@x.example, c@x.example"
    )
    acct.mailbox.deliver(group)
    assert acct.runner.sync_inbox(NOW).peeked == 0
