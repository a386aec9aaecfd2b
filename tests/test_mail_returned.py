"""What a bounce says about the mail that failed (mail/returned.py), from literal reports."""

from __future__ import annotations

import pytest
from mailgen import delivery_report

from followupd.mail import understand
from followupd.mail.parse import parse
from followupd.mail.returned import Returned, returned

SENT = (
    "From: Alice <alice@example.org>\nTo: Jane Roe <jane.roe@acme.example>\n"
    "Subject: Re: Interview\nMessage-ID: <followupd.abc@example.org>\n"
    "X-Followupd-Token: abc123\n"
)


@pytest.mark.parametrize("part", ["message/rfc822", "text/rfc822-headers"])
def test_the_returned_headers_give_the_failed_mails_message_id_and_our_token(part: str) -> None:
    report = parse(delivery_report(returned=SENT, returned_type=part))
    assert returned(report) == Returned("<followupd.abc@example.org>", "abc123", "5.1.1")


def test_a_report_without_returned_headers_still_gives_the_status() -> None:
    assert returned(parse(delivery_report(action="delayed", status="4.4.1"))) == Returned("", "", "4.4.1")


def test_headers_pasted_into_an_old_style_bounce_text_are_read() -> None:
    raw = (
        b"From: MAILER-DAEMON@mx.example.org\r\nTo: alice@example.org\r\n"
        b"Subject: Mail delivery failed: returning message to sender\r\n"
        b"Message-ID: <b1@mx.example.org>\r\n\r\n"
        b"This message was created automatically by mail delivery software.\r\n\r\n"
        b"  jane.roe@acme.example\r\n    SMTP error: 550 5.1.1 User unknown\r\n\r\n"
        b"------ This is a copy of the message, including all the headers. ------\r\n"
        b"Message-ID: <sent-7@example.org>\r\nX-Followupd-Token: tok77\r\n"
        b"Subject: Re: Interview\r\n\r\nThank you.\r\n"
    )
    assert returned(parse(raw)) == Returned("<sent-7@example.org>", "tok77", "5.1.1")


def test_understand_records_what_the_bounce_returns_and_never_takes_it_for_our_draft() -> None:
    facts = understand(delivery_report(returned=SENT), own_addresses=frozenset({"alice@example.org"}))
    assert facts.kind.value == "bounce"
    assert (facts.bounce_recipient, facts.bounce_permanent, facts.bounce_status) == (
        "jane.roe@acme.example",
        True,
        "5.1.1",
    )
    assert (facts.bounce_message_id, facts.bounce_token) == ("<followupd.abc@example.org>", "abc123")
    assert facts.followupd_token == ""  # the token is the returned mail's, not this one's
