"""Credentials: command (argv, no shell, timeout, first line), owner-only file, systemd credential."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from followupd.adapters import credentials
from followupd.config.loader import Secret
from followupd.core.errors import CredentialError


def test_password_command_returns_only_the_first_line() -> None:
    assert credentials.resolve(Secret(command=("printf", "s3cret\\nsecond line\\n"))) == "s3cret"


def test_password_command_is_not_run_through_a_shell(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    got = credentials.resolve(Secret(command=("echo", f"x; touch {marker}")))
    assert got == f"x; touch {marker}"
    assert not marker.exists()


def test_password_command_timeout_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(credentials, "COMMAND_TIMEOUT", 0.2)
    with pytest.raises(CredentialError, match="did not finish"):
        credentials.resolve(Secret(command=("sleep", "5")))


def test_failing_password_command_names_the_status() -> None:
    with pytest.raises(CredentialError, match="exited with status 3"):
        credentials.resolve(Secret(command=("sh", "-c", "exit 3")))


def test_missing_program_is_named() -> None:
    with pytest.raises(CredentialError, match="not found"):
        credentials.resolve(Secret(command=("/nonexistent/pass",)))


def test_password_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("hunter2\n")
    secret.chmod(0o644)
    with pytest.raises(CredentialError, match="chmod 600") as info:
        credentials.resolve(Secret(file=str(secret)))
    assert "hunter2" not in str(info.value)
    secret.chmod(0o600)
    assert credentials.resolve(Secret(file=str(secret))) == "hunter2"


def test_systemd_credential_is_read_from_credentials_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "imap-password").write_text("from-systemd\n")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path))
    assert credentials.resolve(Secret(credential="imap-password")) == "from-systemd"


def test_no_credential_source_explains_the_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    with pytest.raises(CredentialError, match="LoadCredential"):
        credentials.resolve(Secret(credential="imap-password"))


def test_password_object_never_shows_its_value(caplog: pytest.LogCaptureFixture) -> None:
    pw = credentials.Password("hunter2")
    logging.getLogger("t").warning("got %s %r", pw, pw)
    assert "hunter2" not in caplog.text
    assert pw.reveal() == "hunter2"


def test_spaces_around_a_password_are_kept() -> None:
    assert credentials.resolve(Secret(command=("printf", "  pass word \\r\\n"))) == "  pass word "


def test_a_password_command_printing_non_utf8_is_a_clear_error() -> None:
    with pytest.raises(CredentialError, match="not UTF-8"):
        credentials.resolve(Secret(command=("printf", "\\377\\376")))


def test_a_failing_command_does_not_repeat_its_error_output() -> None:
    with pytest.raises(CredentialError) as info:
        credentials.resolve(Secret(command=("sh", "-c", "echo hunter2 >&2; exit 1")))
    assert "hunter2" not in str(info.value)
