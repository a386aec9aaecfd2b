"""The digest: pure decision and message, then a real aiosmtpd receiving it."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import SmtpServer, config_text

from followupd.adapters.smtp import build_digest, deliver_due_digest, digest_due
from followupd.adapters.store.sqlite import open_store
from followupd.config import loader as config
from followupd.core.errors import ServerError

NOW = dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
NOBODY = SimpleNamespace(host="127.0.0.1", port=1, user="alice", password="pw")  # IMAP unused here


def test_digest_due_needs_something_to_say_and_the_interval_passed() -> None:
    assert not digest_due(None, 0, NOW, HOUR)
    assert digest_due(None, 1, NOW, HOUR)
    assert not digest_due(NOW - dt.timedelta(minutes=59), 3, NOW, HOUR)
    assert digest_due(NOW - HOUR, 3, NOW, HOUR)


def test_build_digest_lists_notices_to_the_user_only() -> None:
    cfg = config.parse(config_text(NOBODY, Path("/tmp")))  # type: ignore[arg-type]
    notices = [(1, NOW, "thank-you draft queued for Acme (Data Engineer)"),
               (2, NOW + HOUR, "Globex: rejection\nreceived; thread stopped")]
    berlin = NOW.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Berlin"))
    msg = build_digest(notices, cfg.identity, berlin)
    assert msg["To"] == "alice@example.org"
    assert msg["Auto-Submitted"] == "auto-generated"
    body = msg.get_content()
    assert "Tue 03 Mar 10:00  thank-you draft queued for Acme (Data Engineer)" in body
    assert "Globex: rejection received; thread stopped" in body
    assert "2 things" in msg["Subject"]


def smtp_config(tmp_path: Path, server: SmtpServer, **smtp: Any) -> config.Config:
    values = {"enabled": True, "host": server.host, "port": server.port, "tls": "none",
              "min_interval_minutes": 60, **smtp}
    return config.parse(config_text(NOBODY, tmp_path, smtp=values))  # type: ignore[arg-type]


def test_digest_arrives_once_per_interval_and_only_to_the_user(
    tmp_path: Path, smtp_server: SmtpServer
) -> None:
    cfg = smtp_config(tmp_path, smtp_server)
    with open_store(cfg.state_path) as store:
        with store.transaction():
            store.add_notice(NOW, "thank-you draft queued for Acme (Data Engineer)", None)
            store.add_notice(NOW, "Initech: offer received", None)
        assert deliver_due_digest(cfg, store, NOW) == 2
        assert len(smtp_server.received) == 1
        envelope = smtp_server.received[0]
        assert envelope.rcpt_tos == ["alice@example.org"]
        mail = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert mail["To"] == "alice@example.org"
        assert "Cc" not in mail
        assert "Bcc" not in mail
        text = mail.get_content()
        assert "thank-you draft queued for Acme (Data Engineer)" in text
        assert "Initech: offer received" in text

        with store.transaction():
            store.add_notice(NOW + HOUR / 2, "follow-up draft queued for Initech", None)
        assert deliver_due_digest(cfg, store, NOW + HOUR / 2) == 0  # within the interval
        assert len(smtp_server.received) == 1
        assert deliver_due_digest(cfg, store, NOW + HOUR) == 1  # batched into the next one
        assert len(smtp_server.received) == 2
        assert b"follow-up draft queued for Initech" in smtp_server.received[1].content
        assert store.pending_notices() == []


def test_disabled_smtp_sends_nothing(tmp_path: Path, smtp_server: SmtpServer) -> None:
    cfg = smtp_config(tmp_path, smtp_server, enabled=False)
    with open_store(cfg.state_path) as store:
        with store.transaction():
            store.add_notice(NOW, "something", None)
        assert deliver_due_digest(cfg, store, NOW) == 0
    assert smtp_server.received == []


def test_starttls_is_mandatory_when_chosen(tmp_path: Path, smtp_server: SmtpServer) -> None:
    # aiosmtpd's Controller without a TLS context does not offer STARTTLS: we must refuse.
    cfg = smtp_config(tmp_path, smtp_server, tls="starttls")
    with open_store(cfg.state_path) as store:
        with store.transaction():
            store.add_notice(NOW, "something", None)
        with pytest.raises(ServerError, match=r"(?i)tls"):
            deliver_due_digest(cfg, store, NOW)
        assert len(store.pending_notices()) == 1  # kept for the next try
    assert smtp_server.received == []
