"""Obtain passwords and OAuth2 tokens. The secret never reaches a log line or an exception text.

Sources, in the order config.py chose: a command (argv, no shell, timeout, first line only), a file
that only its owner can read, or a systemd credential ($CREDENTIALS_DIRECTORY/<name>, from
LoadCredential= in the unit).
"""

from __future__ import annotations

import logging
import os
import stat
import subprocess
from pathlib import Path

from followupd.adapters import logsetup
from followupd.config.loader import ImapConfig, Secret
from followupd.core.errors import CredentialError

log = logging.getLogger(__name__)

COMMAND_TIMEOUT = 30.0


def _first_line(data: str, origin: str) -> str:
    # Only the line break goes: spaces can be part of a password.
    line = data.split("\n", 1)[0].rstrip("\r") if data else ""
    if not line:
        raise CredentialError(f"{origin} gave an empty password", hint="Check that it prints the password.")
    return line


def run_secret_command(argv: tuple[str, ...], what: str = "password_command") -> str:
    """Run ``argv`` without a shell; return the first line of its output."""
    log.debug("running %s %s", what, argv[0])
    try:
        result = subprocess.run(
            list(argv),
            capture_output=True,
            text=True,
            errors="strict",
            timeout=COMMAND_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise CredentialError(
            f"{what}: program {argv[0]!r} not found", hint="Use a full path or install it."
        ) from None
    except subprocess.TimeoutExpired:
        raise CredentialError(
            f"{what}: {argv[0]!r} did not finish within {COMMAND_TIMEOUT:.0f} s",
            hint="Is it waiting for a passphrase prompt? Unlock your password store first.",
        ) from None
    except OSError as exc:
        raise CredentialError(f"{what}: cannot run {argv[0]!r}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CredentialError(f"{what}: {argv[0]!r} printed something that is not UTF-8") from None
    if result.returncode != 0:
        # Its error output is not repeated: some tools echo what they were decrypting.
        raise CredentialError(
            f"{what}: {argv[0]!r} exited with status {result.returncode}",
            hint="Run the command by hand to see its error output.",
        )
    return _first_line(result.stdout, what)


def read_secret_file(path: Path, what: str = "password_file") -> str:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise CredentialError(f"{what}: {path} does not exist") from None
    except OSError as exc:
        raise CredentialError(f"{what}: cannot read {path}: {exc.strerror}") from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CredentialError(
            f"{what}: {path} can be read by other users (mode {stat.S_IMODE(info.st_mode):04o})",
            hint=f"Run: chmod 600 {path}",
        )
    try:
        return _first_line(path.read_text(encoding="utf-8"), what)
    except (OSError, UnicodeDecodeError) as exc:
        raise CredentialError(f"{what}: cannot read {path}: {exc}") from None


def read_credential(name: str) -> str:
    directory = os.environ.get("CREDENTIALS_DIRECTORY")
    if not directory:
        raise CredentialError(
            "no password source configured",
            hint=(
                "Set imap.password_command or imap.password_file, or run under systemd with "
                f"LoadCredential={name}:/path/to/secret."
            ),
        )
    path = Path(directory) / name
    if not path.exists():
        raise CredentialError(
            f"systemd credential {name!r} is missing in $CREDENTIALS_DIRECTORY",
            hint=f"Add LoadCredential={name}:/path/to/secret to the unit.",
        )
    # systemd makes credential files private to the service; no mode check needed.
    try:
        return _first_line(path.read_text(encoding="utf-8"), f"credential {name}")
    except (OSError, UnicodeDecodeError) as exc:
        raise CredentialError(f"credential {name}: cannot read it: {exc}") from None


def resolve(secret: Secret) -> str:
    if secret.command:
        return run_secret_command(secret.command)
    if secret.file:
        return read_secret_file(Path(secret.file))
    return read_credential(secret.credential)


class Password:
    """A secret whose repr/str never shows the value (safe to pass through logging and tracebacks)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        logsetup.register_secret(value)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Password(***)"

    __str__ = __repr__


def for_imap(imap: ImapConfig) -> Password:
    """The IMAP password, or with auth = "xoauth2" a fresh bearer token."""
    if imap.auth == "xoauth2":
        return Password(run_secret_command(imap.oauth2_token_command, "oauth2_token_command"))
    return Password(resolve(imap.secret))
