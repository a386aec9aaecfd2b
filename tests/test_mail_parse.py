"""Parsing: headers, bodies, bounds. Literal inputs, one behaviour per test."""

from __future__ import annotations

import base64

from followupd.core.model import Kind
from followupd.mail import understand
from followupd.mail.parse import MAX_DEPTH, parse


def test_rfc2047_subject_is_decoded() -> None:
    raw = (b"From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <jm@example.de>\r\n"
           b"Subject: =?iso-8859-1?q?Ihre_Bewerbung_bei_M=FCller_GmbH?=\r\n\r\nHallo\r\n")
    parsed = parse(raw)
    assert parsed.subject == "Ihre Bewerbung bei Müller GmbH"
    assert parsed.sender.name == "Jürgen Müller"
    assert parsed.sender.email == "jm@example.de"


def test_unknown_charset_falls_back_without_raising() -> None:
    raw = (b"From: a@example.com\r\nSubject: =?x-bogus?q?caf=E9?=\r\n"
           b"Content-Type: text/plain; charset=x-bogus\r\n\r\ncaf\xc3\xa9 ok\r\n")
    parsed = parse(raw)
    assert "caf" in parsed.subject
    assert "café ok" in parsed.text


def test_charset_name_with_a_nul_byte_is_an_unknown_charset_not_a_crash() -> None:
    # Found by the fuzz test: codecs raise ValueError, not LookupError, for "\x00tf-8", and the
    # stdlib's get_payload() already decodes 8-bit text with that name.
    raw = (b"From: a@example.com\r\nSubject: Hello\r\nContent-Type: text/plain; charset=\x00tf-8\r\n"
           b"Content-Transfer-Encoding: 8bit\r\n\r\n\x80Hi Sam, caf\xc3\xa9\r\n")
    parsed = parse(raw)
    assert "Hi Sam" in parsed.text
    assert any("unknown charset" in problem for problem in parsed.problems)


def test_html_only_body_becomes_text() -> None:
    raw = (b"From: a@example.com\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
           b"<html><style>p{}</style><p>Hello <b>Sam</b></p><p>Second</p></html>")
    assert parse(raw).text.split() == ["Hello", "Sam", "Second"]
    assert "p{}" not in parse(raw).text


def test_message_id_is_normalized_with_angle_brackets() -> None:
    raw = (b"From: a@example.com\r\nMessage-ID: abc@x\r\nIn-Reply-To: <p1@x> (comment)\r\n"
           b"References: <r1@x>\r\n <p1@x>\r\n\r\nhi\r\n")
    facts = understand(raw)
    assert facts.message_id == "<abc@x>"
    assert facts.in_reply_to == "<p1@x>"
    assert facts.references == ("<r1@x>", "<p1@x>")


def test_missing_message_id_is_synthesized_from_a_hash_of_the_bytes() -> None:
    raw = b"From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n"
    first = understand(raw).message_id
    assert first == understand(raw).message_id
    assert first.endswith("@followupd.invalid>")
    assert len(first) == len("<@followupd.invalid>") + 64


def test_body_without_header_block_is_a_message_without_headers() -> None:
    facts = understand(b"Hi Sam: we would like to invite you to an interview next week.\n")
    assert facts.subject == ""
    assert facts.kind is Kind.INTERVIEW


def test_attachments_are_listed_not_loaded() -> None:
    pdf = base64.encodebytes(b"%PDF-1.4 fake")
    raw = (b"From: a@example.com\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
           b"Content-Type: text/plain\r\n\r\nSee attached offer letter.\r\n--B\r\n"
           b"Content-Type: application/pdf; name=offer.pdf\r\n"
           b"Content-Disposition: attachment; filename=offer.pdf\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\n" + pdf + b"\r\n--B--\r\n")
    parsed = parse(raw)
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [
        ("offer.pdf", "application/pdf")]
    assert "PDF" not in parsed.text


def test_text_above_the_cap_is_truncated() -> None:
    raw = b"From: a@example.com\r\nSubject: long\r\n\r\n" + b"x" * 5000
    parsed = parse(raw, max_text_bytes=1000)
    assert parsed.truncated
    assert len(parsed.text) == 1000


def _nested(levels: int) -> bytes:
    body = (b"Content-Type: text/plain\r\n\r\n"
            b"We regret to inform you the position has been filled.\r\n")
    for i in range(levels):
        body = (b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (i, i) + body
                + b"\r\n--b%d--\r\n" % i)
    return b"From: a@example.com\r\nSubject: nested\r\nMIME-Version: 1.0\r\n" + body


def test_hundred_level_nesting_is_cut_off_not_recursed() -> None:
    facts = understand(_nested(100))
    assert facts.kind is not Kind.REJECTION  # the text sits below MAX_DEPTH and is not read
    assert any(f"deeper than {MAX_DEPTH}" in p for p in parse(_nested(100)).problems)


def test_shallow_nesting_is_read() -> None:
    assert understand(_nested(5)).kind is Kind.REJECTION


def test_fifty_megabyte_attachment_is_not_decoded() -> None:
    blob = base64.encodebytes(b"\0" * (38 * 1024 * 1024))
    raw = (b"From: jane@acme.example\r\nSubject: Interview invitation\r\n"
           b"Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
           b"Content-Type: text/plain\r\n\r\n"
           b"We would like to invite you to an interview.\r\n--B\r\n"
           b"Content-Type: text/plain; name=huge.txt\r\nContent-Disposition: attachment\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\n" + blob + b"\r\n--B--\r\n")
    assert len(raw) > 50_000_000
    parsed = parse(raw)
    assert parsed.attachments[0].encoded_size > 50_000_000
    assert len(parsed.text) < 1000
    assert understand(raw).kind is Kind.INTERVIEW
