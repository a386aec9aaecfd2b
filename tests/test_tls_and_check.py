"""TLS policy against a real Dovecot with a throwaway CA, and the `check` / `init` commands."""

from __future__ import annotations

import functools
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from conftest import Account, new_account
from dovecot import DovecotServer, TLSFiles, make_server, remove_server

from followupd.adapters import credentials
from followupd.adapters.imap.mailbox import ImapMailbox
from followupd.config import loader as config
from followupd.core.errors import ServerError


def _tls_files(tmp_path_factory: pytest.TempPathFactory) -> TLSFiles:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    d = tmp_path_factory.mktemp("tls")
    files = TLSFiles(d / "ca.pem", d / "cert.pem", d / "key.pem")
    ca.cert_pem.write_to_path(str(files.ca_pem))
    cert.cert_chain_pems[0].write_to_path(str(files.cert_pem))
    cert.private_key_pem.write_to_path(str(files.key_pem))
    return files


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DovecotServer, Path]]:
    files = _tls_files(tmp_path_factory)
    server = make_server(tls=files)
    server.start()
    yield server, files.ca_pem
    remove_server(server)


@pytest.fixture(scope="module")
def starttls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DovecotServer, Path]]:
    files = _tls_files(tmp_path_factory)
    server = make_server(tls=files, starttls=True)
    server.start()
    yield server, files.ca_pem
    remove_server(server)


def test_starttls_upgrades_and_verifies_the_certificate(starttls_server, make_config) -> None:
    server, ca_pem = starttls_server
    account = new_account(server)
    mailbox = _connect(make_config(account, imap={"tls": "starttls", "ca_file": str(ca_pem)}))
    try:
        assert mailbox.discover_folders().inbox == "INBOX"
    finally:
        mailbox.logout()


def test_starttls_with_an_untrusted_certificate_is_a_clear_error(starttls_server, make_config) -> None:
    server, _ca = starttls_server
    account = new_account(server)
    with pytest.raises(ServerError, match="could not be verified"):
        _connect(make_config(account, imap={"tls": "starttls"}))


def _connect(path: Path) -> ImapMailbox:
    cfg = config.load(path)
    return ImapMailbox.connect(cfg.imap, functools.partial(credentials.for_imap, cfg.imap))


def test_implicit_tls_verifies_the_certificate_against_the_configured_ca(tls_server, make_config) -> None:
    server, ca_pem = tls_server
    account = new_account(server)
    mailbox = _connect(make_config(account, imap={"tls": "implicit", "ca_file": str(ca_pem)}))
    try:
        assert mailbox.discover_folders().drafts == "Drafts"
    finally:
        mailbox.logout()


def test_an_untrusted_certificate_is_refused_by_default(tls_server, make_config) -> None:
    server, _ca = tls_server
    account = new_account(server)
    with pytest.raises(ServerError, match="could not be verified"):
        _connect(make_config(account, imap={"tls": "implicit"}))


def test_starttls_is_mandatory_once_chosen(account: Account, make_config) -> None:
    # The plain test server offers no STARTTLS: followupd must refuse rather than log in in clear.
    with pytest.raises(ServerError, match="does not offer STARTTLS"):
        _connect(make_config(account, imap={"tls": "starttls"}))


def followupd(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "followupd", *args], capture_output=True, text=True,
                          timeout=60, env=env, check=False)


def test_check_prints_the_folders_it_found_and_exits_0(account: Account, make_config) -> None:
    result = followupd("check", "--config", str(make_config(account)))
    assert result.returncode == 0, result.stderr
    assert "inbox     'INBOX'" in result.stdout
    assert "sent      'Sent'" in result.stdout
    assert "drafts    'Drafts'" in result.stdout


def test_check_with_a_wrong_password_exits_nonzero_without_traceback(
    account: Account, make_config, tmp_path: Path
) -> None:
    path = make_config(account)
    (tmp_path / "imap-password").write_text("wrong-password\n")
    result = followupd("check", "--config", str(path))
    assert result.returncode == 77
    assert "refused the login" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_with_an_unknown_key_exits_nonzero_naming_it(account: Account, make_config) -> None:
    path = make_config(account, imap={"hots": "x"})
    result = followupd("check", "--config", str(path))
    assert result.returncode == 78
    assert "imap.hots: unknown key" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_password_never_appears_in_debug_logs(account: Account, make_config) -> None:
    result = followupd("-vv", "check", "--config", str(make_config(account)))
    assert result.returncode == 0, result.stderr
    assert "DEBUG" in result.stderr  # debug logging really was on
    assert account.password not in result.stderr + result.stdout


def test_init_writes_a_private_starter_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "cfg" / "config.toml"
    first = followupd("init", str(target), "--host", "imap.example.org")
    assert first.returncode == 0, first.stderr
    assert target.stat().st_mode & 0o077 == 0
    assert 'host = "imap.example.org"' in target.read_text()
    config.load(target)  # the starter is valid as written
    second = followupd("init", str(target))
    assert second.returncode == 64
    assert "already exists" in second.stderr
