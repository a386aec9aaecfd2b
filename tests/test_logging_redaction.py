"""Every secret followupd has read is redacted from the final log text: message, args, traceback."""

from __future__ import annotations

import base64
import io
import logging
import sys

import pytest

from followupd.adapters import logsetup
from followupd.adapters.credentials import Password

SECRET = "tr0ub4dor&3-horse"


def capture(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """Log to a buffer (set inside the test: pytest swaps sys.stderr between phases)."""
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stderr", buffer)
    logsetup.setup("debug")
    Password(SECRET)  # reading a secret registers it
    return buffer


def test_a_secret_in_the_message_or_its_arguments_is_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    captured = capture(monkeypatch)
    log = logging.getLogger("followupd.test")
    log.info("password is " + SECRET)  # noqa: G003 - a secret baked into the message itself
    log.info("password is %s", SECRET)
    text = captured.getvalue()
    assert SECRET not in text
    assert text.count("**REDACTED**") == 2


def test_a_secret_in_a_traceback_is_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    captured = capture(monkeypatch)
    try:
        raise RuntimeError(f"login failed with {SECRET}")
    except RuntimeError:
        logging.getLogger("followupd.test").exception("boom")
    text = captured.getvalue()
    assert "RuntimeError" in text
    assert SECRET not in text


def test_the_base64_form_of_a_secret_is_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    captured = capture(monkeypatch)
    encoded = base64.b64encode(SECRET.encode()).decode()
    logging.getLogger("imapclient.imaplib").debug("> AUTHENTICATE PLAIN %s", encoded)
    assert encoded not in captured.getvalue()
    assert "AUTHENTICATE PLAIN **REDACTED**" in captured.getvalue()


def test_logging_follows_the_current_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    captured = capture(monkeypatch)
    later = io.StringIO()
    monkeypatch.setattr(sys, "stderr", later)
    logging.getLogger("followupd.test").warning("after the swap")
    assert "after the swap" in later.getvalue()
    assert "after the swap" not in captured.getvalue()
