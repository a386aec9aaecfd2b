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


_SECRETS: set[str] = set()


def register_secret(value: str) -> None:
    """Never let ``value`` (or its base64 form, as in SASL exchanges) reach a log line."""
    if len(value) >= 4:
        _SECRETS.add(value)
        _SECRETS.add(base64.b64encode(value.encode()).decode())


class RedactingFilter(logging.Filter):
    """Last line of defence: replaces any registered secret in a formatted record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _SECRETS:
            text = record.getMessage()
            if any(secret in text for secret in _SECRETS):
                for secret in _SECRETS:
                    text = text.replace(secret, "**REDACTED**")
                record.msg, record.args = text, None
        return True


class JournalFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        priority = _PRIORITY.get(record.levelno, 6)
        text = super().format(record)
        # One journal entry per line; keep continuation lines at the same priority.
        return "\n".join(f"<{priority}>{line}" for line in text.splitlines())


def under_journald() -> bool:
    return bool(os.environ.get("JOURNAL_STREAM"))


def setup(level: str | int = "info") -> None:
    handler = logging.StreamHandler(sys.stderr)
    if under_journald():
        handler.setFormatter(JournalFormatter("%(name)s: %(message)s"))
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S")
        )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    numeric = level if isinstance(level, int) else getattr(logging, level.upper(), logging.INFO)
    root.setLevel(numeric)
