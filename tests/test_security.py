"""Security checks: no secret in logs at DEBUG (a full `once` and the daemon), TLS verification
that no config key can switch off, plaintext login refused off loopback, private files.
(`check -vv` and `init`'s 0600 are in test_tls_and_check.py; the systemd sandbox score in
test_systemd_units.py.)"""

from __future__ import annotations

import os
import re
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Account
from crashkit import AFTER_INTERVIEW
from mailgen import invitation

from followupd.adapters.imap.connection import ssl_context as _ssl_context
from followupd.config import spec as config_spec
from followupd.config.loader import load

PACKAGE = Path(__file__).parent.parent / "followupd"


def followupd(*args: str, env: dict[str, str] | None = None,
              timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "followupd", *args], capture_output=True,
                          text=True, timeout=timeout, env=env, check=False)


def test_the_password_never_appears_in_a_full_once_run_at_debug(account: Account, make_config) -> None:
    account.deliver(invitation())
    result = followupd("-vv", "--config", str(make_config(account)), "once", "--now", AFTER_INTERVIEW)
    assert result.returncode == 0, result.stderr
    assert "DEBUG" in result.stderr
    assert "queued thank_you_1 draft" in result.stderr  # the run really did its work
    assert account.password not in result.stderr + result.stdout


def test_the_password_never_appears_in_the_daemons_debug_log(account: Account, make_config) -> None:
    config = make_config(account)
    log_path = config.with_name("daemon.log")
    with log_path.open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "followupd", "-vv", "run", "--config",
                                 str(config)], stdout=subprocess.DEVNULL, stderr=log)
        try:
            deadline = time.monotonic() + 15
            while "ready: watching" not in log_path.read_text() and time.monotonic() < deadline:
                time.sleep(0.1)
            account.deliver(invitation())
            time.sleep(1.5)
        finally:
            proc.terminate()
            proc.wait(10)
    text = log_path.read_text(errors="replace")
    assert "ready: watching" in text
    assert "DEBUG" in text
    assert account.password not in text


def test_no_config_key_can_turn_tls_verification_off() -> None:
    keys = {option.key for option in config_spec.SPEC}
    assert keys, "the spec table is empty?"
    for key in keys:
        assert not re.search(r"verify|insecure|check_hostname|cert_reqs|skip_tls|no_tls_check",
                             key, re.I), key
    tls = next(o for o in config_spec.SPEC if o.path == "imap.tls")
    assert tls.default == "implicit"


def test_no_code_path_disables_certificate_or_hostname_checks() -> None:
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        assert "CERT_NONE" not in text, path
        assert "check_hostname = False" not in text, path
        assert "_create_unverified_context" not in text, path


def test_the_tls_context_verifies_certificates_and_hostnames(account: Account, make_config) -> None:
    context = _ssl_context(load(make_config(account, imap={"tls": "implicit"})).imap)
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2


@pytest.mark.parametrize("host", ["192.0.2.10", "imap.example.org", "10.0.0.1"])
def test_plaintext_login_is_refused_off_loopback(account: Account, make_config, host: str) -> None:
    config = make_config(account, imap={"host": host, "tls": "none", "timeout": 2})
    for command in (["check"], ["once", "--now", AFTER_INTERVIEW]):
        result = followupd("--config", str(config), *command)
        assert result.returncode == 78, (command, result.stderr)
        assert 'imap.tls: "none"' in result.stderr
        assert "loopback" in result.stderr
        assert f"{host!r} is not one" in result.stderr
        assert "Traceback" not in result.stderr


def test_state_files_are_private_even_under_a_permissive_umask(account: Account, make_config,
                                                               tmp_path: Path) -> None:
    config = make_config(account, state={"path": str(tmp_path / "fresh" / "state.db")})
    old = os.umask(0o002)
    try:
        result = followupd("--config", str(config), "once", "--now", AFTER_INTERVIEW)
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    state_dir = tmp_path / "fresh"
    assert state_dir.stat().st_mode & 0o777 == 0o700
    files = [p for p in state_dir.iterdir() if p.name.startswith("state.db")]
    assert {p.name for p in files} >= {"state.db", "state.db.lock"}
    for path in files:
        assert path.stat().st_mode & 0o777 == 0o600, path


def test_init_makes_the_config_directory_private(tmp_path: Path) -> None:
    target = tmp_path / "new" / "followupd" / "config.toml"
    old = os.umask(0o002)
    try:
        result = followupd("init", str(target))
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.parent.stat().st_mode & 0o777 == 0o700
