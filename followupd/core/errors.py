"""One exception root; cli.py is the only place that turns these into messages and exit codes.

Each user-facing error carries an ``exit_code`` and a ``hint`` (what to do about it). Subclasses
that correspond to a builtin category also inherit it (as aiosmtplib does), so callers that only
care about "a connection problem" can catch ``ConnectionError``.
"""

from __future__ import annotations


class FollowupdError(Exception):
    """Root of every error followupd raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class ConfigError(FollowupdError):
    """The configuration file is missing, unreadable or invalid. ``problems`` lists every one."""

    exit_code = 78  # EX_CONFIG

    def __init__(self, message: str, *, problems: tuple[str, ...] = (), hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.problems = problems

    def __str__(self) -> str:
        lines = [self.message, *(f"  - {p}" for p in self.problems)]
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)


class CredentialError(FollowupdError):
    """The password or token could not be obtained (never carries the secret itself)."""

    exit_code = 77  # EX_NOPERM


class ServerError(FollowupdError, ConnectionError):
    """The IMAP or SMTP server could not be reached or misbehaved; usually worth retrying."""

    exit_code = 69  # EX_UNAVAILABLE


class CommandRefused(ServerError):
    """The server answered one command with NO or BAD (quota, permissions...). The connection is
    fine: callers carry on with the next action instead of reconnecting for this one."""


class AuthenticationError(ServerError):
    """The server refused our login. Not retried until the config or credential changes."""

    exit_code = 77


class TLSPolicyError(ConfigError):
    """A TLS setting would expose the password (plaintext off loopback)."""


class FolderError(ServerError):
    """A required folder (INBOX, Sent, Drafts) could not be found."""


class StateError(FollowupdError):
    """The state database is unusable (corrupt, newer schema, wrong permissions)."""

    exit_code = 74  # EX_IOERR


class AlreadyRunningError(StateError):
    """Another followupd holds the state lock."""

    exit_code = 75  # EX_TEMPFAIL


class TemplateError(FollowupdError):
    """A draft template failed to render (syntax, unknown variable, sandbox violation)."""

    exit_code = 65  # EX_DATAERR


class UsageError(FollowupdError):
    """The command line asked for something that cannot be done (unknown id, ambiguous name)."""

    exit_code = 64  # EX_USAGE


class ModelError(FollowupdError):
    """The shipped detector weights are unreadable or were made for other features."""
