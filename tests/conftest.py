"""Shared fixtures: a real Dovecot per test session, one fresh IMAP user per test, an aiosmtpd server,
and config files pointing at them.

Fast and slow apart: every test that starts Dovecot (through one of SERVER_FIXTURES, or marked
``dovecot`` by hand because it starts one itself) is marked ``dovecot`` and ``slow`` here, so
``pytest -m "not dovecot"`` runs without any server. An unmarked test that starts Dovecot anyway
fails and says so (``_no_server_unless_marked``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import imapclient
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from dovecot import (
    INSTALL_HINT,
    PASSWORD,
    DovecotServer,
    dovecot_available,
    make_server,
    remove_server,
)

_user_numbers = itertools.count(1)

# Fixtures that start a Dovecot (the session one, and modules' own servers for TLS, restarts).
SERVER_FIXTURES = frozenset({"dovecot", "own_dovecot", "tls_server", "starttls_server"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("dovecot"):
            item.add_marker(pytest.mark.dovecot)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _no_server_unless_marked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("dovecot") is None:
        def refuse(self: DovecotServer) -> None:
            pytest.fail(f"{request.node.nodeid} starts Dovecot: mark it @pytest.mark.dovecot "
                        "(or use a fixture in conftest.SERVER_FIXTURES)", pytrace=False)

        monkeypatch.setattr(DovecotServer, "start", refuse)


def _require_dovecot() -> None:
    if not dovecot_available():
        # Never a silent skip: CI must install it (README test command / .ci/run do).
        pytest.fail(INSTALL_HINT, pytrace=False)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    _require_dovecot()
    server = make_server(special_use=True)
    server.start()
    yield server
    remove_server(server)


@dataclass
class Account:
    server: DovecotServer
    user: str
    password: str

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    def client(self) -> imapclient.IMAPClient:
        client = imapclient.IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        client.login(self.user, self.password)
        return client

    def deliver(self, raw: bytes, folder: str = "INBOX", flags: tuple[bytes, ...] = (),
                when: dt.datetime | None = None) -> int:
        """APPEND ``raw``; ``when`` is its internal date (arrival), default now."""
        client = self.client()
        try:
            response = client.append(folder, raw, flags=flags, msg_time=when)
        finally:
            client.logout()
        text = response.decode() if isinstance(response, bytes) else str(response)
        return int(text.split("APPENDUID ")[1].split("]")[0].split()[1])

    def snapshot(self) -> dict[str, dict[int, tuple[tuple[bytes, ...], bytes]]]:
        return self.server.snapshot(self.user, self.password)

    def folder_uids(self, folder: str) -> list[int]:
        client = self.client()
        try:
            client.select_folder(folder, readonly=True)
            return sorted(client.search())
        finally:
            client.logout()


def new_account(server: DovecotServer) -> Account:
    user = f"user{next(_user_numbers)}-{os.getpid()}"
    return Account(server, user, PASSWORD)


@pytest.fixture
def account(dovecot: DovecotServer) -> Account:
    return new_account(dovecot)


def config_text(account: Account, tmp_path: Path, **sections: dict[str, Any]) -> str:
    """A config for ``account``; ``sections`` override or add keys, e.g. schedule={"timezone": ...}."""
    secret = tmp_path / "imap-password"
    secret.write_text(account.password + "\n")
    secret.chmod(0o600)
    base: dict[str, dict[str, Any]] = {
        "imap": {"host": account.host, "port": account.port, "tls": "none",
                 "username": account.user, "password_file": str(secret), "timeout": 10},
        "identity": {"name": "Alice Example", "email": "alice@example.org"},
        # The notes draft is off unless a test is about it: the others count what is in Drafts.
        "schedule": {"timezone": "Europe/Berlin", "holiday_country": "DE", "notes_draft": False},
        "state": {"path": str(tmp_path / "state" / "state.db")},
    }
    for name, values in sections.items():
        base.setdefault(name, {}).update(values)
    import tomli_w

    return tomli_w.dumps(base)


@pytest.fixture
def make_config(tmp_path: Path) -> Any:
    def make(account: Account, **sections: dict[str, Any]) -> Path:
        path = tmp_path / "config.toml"
        path.write_text(config_text(account, tmp_path, **sections))
        return path

    return make


# -- SMTP (digest tests): a real aiosmtpd on a free loopback port, recording what arrives ------


@dataclass
class SmtpServer:
    host: str
    port: int
    received: list[Any]  # aiosmtpd Envelopes: .mail_from, .rcpt_tos, .content


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    from aiosmtpd.controller import Controller
    from dovecot import free_port

    received: list[Any] = []

    class Recorder:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            received.append(envelope)
            return "250 OK"

    controller = Controller(Recorder(), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield SmtpServer(controller.hostname, controller.port, received)
    controller.stop()
