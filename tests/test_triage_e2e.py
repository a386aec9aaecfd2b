"""Header triage end to end against a real Dovecot: what it skips, and what it must never skip."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import Account
from mailgen import invitation

from followupd.adapters.store.sqlite import open_store
from followupd.app.runner import Runner
from followupd.config.loader import load
from followupd.core.model import AppState, Kind, Reason

INVITED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 3, 6, 9, 0, tzinfo=dt.UTC)
REJECTION = (b"From: Jane Roe <jane.roe@acme.example>\r\nTo: Alice Example <alice@example.org>\r\n"
             b"Subject: Update\r\nDate: Thu, 05 Mar 2026 09:00:00 +0100\r\n"
             b"Message-ID: <bland-1@acme.example>\r\nContent-Type: text/plain; charset=utf-8\r\n"
             b"\r\nHi Alice,\r\n\r\nthank you for your time. Unfortunately we have decided to move "
             b"forward with other candidates.\r\n\r\nJane\r\n")
NEWSLETTER = (b"From: Garden Weekly <news@lists.example.com>\r\nTo: alice@example.org\r\n"
              b"Subject: Ten tomatoes for a small balcony\r\nDate: Mon, 02 Mar 2026 08:00:00 +0100"
              b"\r\nMessage-ID: <garden-1@lists.example.com>\r\n"
              b"Content-Type: text/plain; charset=utf-8\r\n\r\nSow them in April.\r\n")


@contextmanager
def runner_for(config: Path) -> Iterator[Runner]:
    cfg = load(config)
    with open_store(cfg.state_path) as store:
        runner = Runner(cfg, store)
        runner.connect()
        try:
            yield runner
        finally:
            runner.close()


def test_a_bland_rejection_from_a_known_recruiter_still_stops_the_thread(
        account: Account, make_config) -> None:
    config = make_config(account)
    account.deliver(invitation())
    with runner_for(config) as runner:
        runner.once(INVITED)
        account.deliver(REJECTION)
        report = runner.sync_inbox(LATER)
        apps = runner.store.applications()
        stored = runner.store.find_message("INBOX", "<bland-1@acme.example>")
    assert report.bodies == 1
    assert stored is not None
    assert stored.facts.kind is Kind.REJECTION
    assert [a.state for a in apps] == [AppState.DECIDED]


def test_a_bland_rejection_in_the_same_first_sync_as_the_invitation_is_read_in_full(
        account: Account, make_config) -> None:
    # Triage decides a batch before the invitation in it starts the application; it must ask
    # again about the later messages once it has.
    account.deliver(invitation())
    account.deliver(NEWSLETTER)
    account.deliver(REJECTION)
    with runner_for(make_config(account)) as runner:
        report = runner.sync_inbox(LATER)
        apps = runner.store.applications()
    assert (report.examined, report.recorded, report.bodies) == (3, 3, 2)
    assert [a.state for a in apps] == [AppState.DECIDED]


def test_a_newsletter_is_recorded_as_unrelated_without_a_body_fetch(
        account: Account, make_config) -> None:
    account.deliver(NEWSLETTER)
    account.deliver(invitation())
    with runner_for(make_config(account)) as runner:
        report = runner.sync_inbox(INVITED)
        stored = runner.store.find_message("INBOX", "<garden-1@lists.example.com>")
    assert (report.examined, report.recorded, report.bodies) == (2, 2, 1)  # the invitation's
    assert stored is not None
    assert stored.facts.kind is Kind.UNRELATED
    assert stored.facts.reasons == (Reason("triage", "no job signal in the headers"),)
    assert stored.facts.subject == "Ten tomatoes for a small balcony"
