"""One address pattern for config, draft headers, header text and mail bodies; one list of
machine senders."""

from __future__ import annotations

import pytest

from followupd.mail.addresses import find_addresses, is_addr_spec
from followupd.mail.domains import is_bounce_sender, is_machine_address


@pytest.mark.parametrize(("text", "ok"), [
    ("jane.doe@acme.example", True), ("o'neil+jobs@mail.acme.example", True),
    ("alice@localhost", False), ("a..b@acme.example", False), (".a@acme.example", False),
    ("jörg@example.de", False), ("a,b@example.org", False), ("x@y.example\nBcc: all@corp", False),
    ("a" * 250 + "@x.example", False),
])
def test_whole_addresses(text: str, ok: bool) -> None:
    assert is_addr_spec(text) is ok


def test_addresses_in_text_are_whole_words_lower_cased() -> None:
    assert find_addresses("write to Jane.Doe@ACME.example, or jürgen@acme.example.") == [
        "jane.doe@acme.example"]


@pytest.mark.parametrize(("email", "bounce", "machine"), [
    ("MAILER-DAEMON@mx.example", True, True), ("mdaemon@mx.example", True, True),
    ("careers-noreply@acme.example", False, True), ("jane@acme.example", False, False),
])
def test_one_list_of_machine_senders(email: str, bounce: bool, machine: bool) -> None:
    assert is_bounce_sender(email) is bounce
    assert is_machine_address(email) is machine
