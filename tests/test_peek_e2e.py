"""Peeks end to end against a real Dovecot: a new recruiter's "Quick question" is read for what
its first bytes say, a friend's neutral mail stays unrelated, and no flag changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import Account

from followupd.adapters.store.sqlite import open_store
from followupd.app.runner import Runner
from followupd.cli import main
from followupd.config.loader import load
from followupd.core.model import AppState, Kind, Reason

NOW = "2026-03-02T11:00+01:00"
LATER = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
HEAD = (
    "From: Dana Miller <dana.miller@brightwave.example>\r\nTo: Alice Example <alice@example.org>"
    "\r\nSubject: Quick question\r\nDate: Mon, 02 Mar 2026 10:00:00 +0100\r\n"
    "Message-ID: <dana-1@brightwave.example>\r\nMIME-Version: 1.0\r\n"
)
ASK = "are you free Thursday at 2pm for 45 minutes over Google Meet to talk about the Senior Engineer role?"
PLAIN = (
    HEAD
    + "Content-Type: text/plain; charset=utf-8\r\n\r\nHi Alice,\r\n\r\n"
    + ASK
    + "\r\n\r\nBest,\r\nDana\r\n"
).encode()
# The same question in a multipart/alternative whose text part is quoted-printable, cut by =\r\n.
MULTIPART = (
    HEAD + 'Content-Type: multipart/alternative; boundary="b1"\r\n\r\n--b1\r\n'
    "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable"
    "\r\n\r\nHi Alice,\r\n\r\n" + ASK[:40] + "=\r\n" + ASK[40:] + "\r\n\r\nBest,\r\nDana\r\n"
    "--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hi Alice,</p><p>" + ASK + "</p>\r\n--b1--\r\n"
).encode()
FRIEND = (
    b"From: Lea Park <lea.park@icloud.com>\r\nTo: alice@example.org\r\nSubject: Hello!\r\n"
    b"Date: Mon, 02 Mar 2026 09:00:00 +0100\r\nMessage-ID: <lea-1@icloud.com>\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\nHi Alice,\r\n\r\nthe photos from the "
    b"hike are up, have a look when you have a minute.\r\n\r\nLea\r\n"
)


@pytest.mark.parametrize("raw", [PLAIN, MULTIPART], ids=["plain", "multipart-qp"])
def test_a_new_recruiters_quick_question_with_a_time_starts_an_application(
    account: Account, make_config: Any, raw: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    config: Path = make_config(account)
    uid = account.deliver(raw)
    before = account.snapshot()["INBOX"][uid][0]
    assert main(["--config", str(config), "once", "--now", NOW]) == 0
    capsys.readouterr()
    cfg = load(config)
    with open_store(cfg.state_path) as store:
        stored = store.find_message("INBOX", "<dana-1@brightwave.example>")
        apps = store.applications()
    assert stored is not None
    assert stored.facts.kind is Kind.INTERVIEW, stored.facts.reasons
    assert [a.state for a in apps] == [AppState.SCHEDULED]
    assert [(i.start.date(), i.start.hour) for i in apps[0].interviews] == [
        (dt.date(2026, 3, 5), 14)
    ]  # Thursday at 2pm, Berlin time
    assert account.snapshot()["INBOX"][uid][0] == before  # no \\Seen, nothing changed


def test_a_friends_neutral_mail_is_peeked_recorded_unrelated_and_left_unread(
    account: Account, make_config: Any
) -> None:
    uid = account.deliver(FRIEND)
    before = account.snapshot()
    cfg = load(make_config(account))
    with open_store(cfg.state_path) as store:
        runner = Runner(cfg, store)
        runner.connect()
        try:
            report = runner.sync_inbox(LATER)
        finally:
            runner.close()
        stored = store.find_message("INBOX", "<lea-1@icloud.com>")
        apps = store.applications()
    assert (report.examined, report.recorded, report.peeked, report.bodies) == (1, 1, 1, 0)
    assert stored is not None
    assert stored.facts.kind is Kind.UNRELATED
    assert stored.facts.reasons == (Reason("peek", "no job signal in the first 4096 bytes"),)
    assert apps == []
    after = account.snapshot()
    assert after == before
    assert b"\\Seen" not in after["INBOX"][uid][0]
