"""Logging for a terminal and for journald.

Under systemd (JOURNAL_STREAM set) lines carry a syslog priority prefix ``<N>`` and no timestamp,
since journald adds its own; on a terminal they carry a local timestamp and the level name.
"""

from __future__ import annotations

import base64
import logging
import os
import sys

_PRIORITY = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}


# Secrets seen in this process, newest last; bounded because OAuth2 tokens rotate hourly.
_SECRETS: dict[str, None] = {}
_MAX_SECRETS = 64


def register_secret(value: str) -> None:
    """Never let ``value`` (or its base64 form, as in SASL exchanges) reach a log line."""
    if len(value) < 4:
        return
    for form in (value, base64.b64encode(value.encode()).decode()):
        _SECRETS.pop(form, None)
        _SECRETS[form] = None
    while len(_SECRETS) > _MAX_SECRETS:
        del _SECRETS[next(iter(_SECRETS))]


def redact(text: str) -> str:
    for secret in _SECRETS:
        if secret in text:
            text = text.replace(secret, "**REDACTED**")
    return text


class RedactingHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to the current ``sys.stderr`` and redacts every registered secret from the final
    text: message, arguments and traceback alike."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass  # always the current sys.stderr

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JournalFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        priority = _PRIORITY.get(record.levelno, 6)
        text = super().format(record)
        # One journal entry per line; keep continuation lines at the same priority.
        return "\n".join(f"<{priority}>{line}" for line in text.splitlines())


def under_journald() -> bool:
    return bool(os.environ.get("JOURNAL_STREAM"))


def setup(level: str | int = "info") -> None:
    handler = RedactingHandler()
    if under_journald():
        handler.setFormatter(JournalFormatter("%(name)s: %(message)s"))
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S")
        )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    numeric = level if isinstance(level, int) else getattr(logging, level.upper(), logging.INFO)
    root.setLevel(numeric)
