"""Hostile and malformed input: header injection through encoded words, template syntax in mail
data, giant attachments and deep MIME nesting against a real Dovecot, and the scan caps that keep
a hostile body from costing seconds. (tests/test_mail_fuzz.py fuzzes understand() with random
bytes and corpus mutations; this file adds injection-shaped mutations and the draft side.)"""

from __future__ import annotations

import base64
import email
import email.policy
import os
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest import Account
from crashkit import AFTER_INTERVIEW, assert_consistent, fill_inbox, user_mail
from engine_factories import ME, berlin, make_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mailgen import invitation

from followupd.core.model import Address, Kind, ThreadRef
from followupd.engine.draftmsg import build_draft
from followupd.engine.render import RenderedDraft
from followupd.mail import understand
from followupd.mail.parse import HTML_SCAN_CHARS, SCAN_CHARS, parse

CORPUS = sorted((Path(__file__).parent / "corpus").glob("**/*.eml"))
SAMPLES = [p.read_bytes() for p in CORPUS]
NASTY = ["\r\n", "\n", "\r", "\x00", "\u202e", "\u2028", "\u2029", "\x85", "\x0b", "\x1b[31m"]
INJECTED = "Bcc: attacker@evil.example"
DRAFT_HEADERS = {"From", "To", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
                 "X-Followupd-Token", "X-Followupd-Stage", "MIME-Version", "Content-Type",
                 "Content-Transfer-Encoding"}


def encoded_word(text: str, encoding: str = "b") -> str:
    data = text.encode("utf-8")
    if encoding == "b":
        return f"=?utf-8?b?{base64.b64encode(data).decode()}?="
    return "=?utf-8?q?" + "".join(f"={b:02X}" for b in data) + "?="


def assert_no_injection(raw: bytes) -> None:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert set(msg.keys()) <= DRAFT_HEADERS, set(msg.keys()) - DRAFT_HEADERS
    assert "Bcc" not in msg
    for name, value in msg.items():
        text = str(value)
        for bad in ("\r", "\n", "\x00", "\u202e", "\u2028", "\u2029"):
            assert bad not in text, (name, text)
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\x00" not in head
    assert not any(line.lower().startswith(b"bcc:") for line in head.split(b"\r\n"))


# -- fuzz: injection-shaped input, on both the reading and the writing side -------------------

@st.composite
def injected_corpus_message(draw: st.DrawFn) -> bytes:
    """A corpus message whose Subject or From display name is replaced by an encoded word that
    decodes to control characters and a would-be header."""
    raw = draw(st.sampled_from(SAMPLES))
    payload = draw(st.sampled_from(NASTY)).join(["Interview", INJECTED, draw(st.text(max_size=20))])
    word = encoded_word(payload, draw(st.sampled_from(["b", "q"])))
    head, sep, body = raw.partition(b"\n\n")
    lines = [ln for ln in head.split(b"\n") if not ln.lower().startswith((b"subject:", b"from:"))]
    lines.insert(0, f"Subject: {word}".encode())
    lines.insert(0, f"From: {word} <jane@acme.example>".encode())
    return b"\n".join(lines) + (sep or b"\n\n") + body


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(injected_corpus_message())
def test_a_draft_answering_injection_shaped_mail_has_only_its_own_headers(raw: bytes) -> None:
    """Reading side to writing side: whatever understand() decodes from the encoded words ends up
    in the draft's To name and Subject without adding or breaking a header."""
    facts = understand(raw)
    assert isinstance(facts.kind, Kind)
    app = make_app(
        company=facts.company, position=facts.position,
        interviewer=Address(facts.sender.name, "jane.doe@acme.example"),
        thread=ThreadRef(facts.message_id, facts.references, facts.subject, None),
    )
    draft = build_draft(app, RenderedDraft("Thanks", "Hello\n"), sender=ME, to=app.interviewer,  # type: ignore[arg-type]
                        token="tok-1", now=berlin("2026-03-03 17:00"),
                        message_id="<d1@example.org>", stage="thank_you_1")
    assert_no_injection(draft)


@settings(max_examples=150, deadline=None)
@given(name=st.text(max_size=60), subject=st.text(max_size=120), company=st.text(max_size=40),
       nasty=st.sampled_from(NASTY))
def test_no_value_from_mail_can_add_a_header_to_a_draft(
    name: str, subject: str, company: str, nasty: str
) -> None:
    app = make_app(
        company=company + nasty + INJECTED,
        interviewer=Address(f"{name}{nasty}{INJECTED}", "jane.doe@acme.example"),
        thread=ThreadRef("<inv-1@acme.example>", ("<inv-1@acme.example>",),
                         f"{subject}{nasty}{INJECTED}{nasty}", None),
    )
    raw = build_draft(app, RenderedDraft("Thanks", "Hello\n"), sender=ME, to=app.interviewer,  # type: ignore[arg-type]
                      token="tok-1", now=berlin("2026-03-03 17:00"), message_id="<d1@example.org>",
                      stage="thank_you_1")
    assert_no_injection(raw)


# -- the scan caps (the fix for seconds spent on one hostile body) ----------------------------

def plain(body: bytes, ctype: str = "text/plain") -> bytes:
    return (b"From: Jane Roe <jane.roe@acme.example>\r\nTo: alice@example.org\r\n"
            b"Subject: Re: Interview\r\nMessage-ID: <big@acme.example>\r\n"
            b"Content-Type: " + ctype.encode() + b"; charset=utf-8\r\n\r\n" + body)


@pytest.mark.parametrize("filler", [b"On Tuesday someone\r\n", b"From: a\r\n", b"> quoted\r\n",
                                    b"x\r\n", b"-" * 70 + b"\r\n"])
def test_a_huge_hostile_body_is_read_only_up_to_the_scan_cap(filler: bytes) -> None:
    rejection = b"Unfortunately we have decided to move forward with other candidates.\r\n\r\n"
    raw = plain(rejection + filler * (1_900_000 // len(filler)))
    parsed = parse(raw)
    assert len(parsed.new_text) <= SCAN_CHARS
    assert len(parsed.text) > 1_000_000  # the text itself is kept up to max_text_bytes
    assert understand(raw).kind is Kind.REJECTION  # what matters, at the top, is still read


def test_a_huge_html_only_body_is_converted_only_up_to_its_cap_and_says_so() -> None:
    raw = plain(b"<p>Thanks for your time.</p>" + b"<div>" * 400_000, "text/html")
    parsed = parse(raw)
    assert "Thanks for your time." in parsed.text
    assert f"HTML read up to {HTML_SCAN_CHARS} characters" in parsed.problems


# -- against Dovecot: what a real run does with such mail --------------------------------------

# ru_maxrss of a child is no use here: subprocess forks with vfork, and Linux carries the
# parent's (pytest's) high-water mark over exec. VmHWM in /proc/self/status belongs to the new
# process image, so the child reports it itself, at exit.
_MEASURED = """
import atexit, re, sys
from followupd.cli import main
def report():
    hwm = re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read())
    open(sys.argv[1], "w").write(hwm.group(1) if hwm else "0")
atexit.register(report)
sys.exit(main(sys.argv[2:]))
"""


def run_measured(config: Path, now: str, *args: str) -> tuple[subprocess.CompletedProcess[str], int]:
    """`followupd once` as a child; returns it and its peak RSS (VmHWM) in MB."""
    hwm = config.with_name("once.hwm")
    argv = [sys.executable, "-c", _MEASURED, str(hwm), "--config", str(config), *args, "once",
            "--now", now]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=180, check=False)
    return result, int(hwm.read_text()) // 1024


def nested(depth: int) -> bytes:
    head = ("From: Jane Roe <jane.roe@acme.example>\r\nTo: alice@example.org\r\n"
            "Subject: nested\r\nMessage-ID: <nested@acme.example>\r\nMIME-Version: 1.0\r\n")
    parts = ""
    for level in range(depth):
        parts += f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n--b{level}\r\n'
    parts += "Content-Type: text/plain\r\n\r\ndeep\r\n"
    for level in reversed(range(depth)):
        parts += f"--b{level}--\r\n"
    return (head + parts).encode()


def fifty_mb_attachment() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Jane Roe <jane.roe@acme.example>"
    msg["To"] = "alice@example.org"
    msg["Subject"] = "the data set"
    msg["Message-ID"] = "<huge@acme.example>"
    msg.set_content("See attached.")
    msg.add_attachment(os.urandom(37 * 1024 * 1024), maintype="application", subtype="octet-stream",
                       filename="data.bin")  # 37 MB -> ~50 MB once base64-encoded
    return msg.as_bytes()


@pytest.mark.slow
def test_a_50_mb_attachment_and_100_level_nesting_sync_in_bounded_memory(
    account: Account, make_config
) -> None:
    fill_inbox(account, 10)
    maildir = account.server.mail_root / account.user / "cur"
    owner = maildir.stat()
    for name, raw in (("huge", fifty_mb_attachment()), ("nested", nested(100))):
        path = maildir / f"1700000000.{name}.test:2,S"
        path.write_bytes(raw)
        os.chown(path, owner.st_uid, owner.st_gid)
    assert (maildir / "1700000000.huge.test:2,S").stat().st_size > 50_000_000
    account.deliver(invitation())
    before = user_mail(account)
    config = make_config(account)
    result, peak_mb = run_measured(config, AFTER_INTERVIEW, "-v")
    print(f"\npeak RSS of `once` with a 50 MB attachment and 100-level nesting: {peak_mb} MB")
    assert result.returncode == 0, result.stderr
    assert peak_mb < 300
    assert "reading only its first" in result.stderr
    assert "MIME nesting deeper than 40" in result.stderr
    assert_consistent(account, config, expected_drafts=1)
    assert user_mail(account) == before


def test_encoded_crlf_nul_and_bidi_in_subject_and_names_give_a_clean_draft(
    account: Account, make_config
) -> None:
    raw = invitation()
    evil_subject = encoded_word(f"Interview invitation\r\n{INJECTED}\x00\u202eAcme")
    evil_name = encoded_word(f"Jane\r\n{INJECTED}\u202e Roe", "q")
    raw = raw.replace(b"Subject: Interview invitation: Senior Backend Engineer at Acme",
                      f"Subject: {evil_subject}".encode())
    raw = raw.replace(b"From: Jane Roe <", f"From: {evil_name} <".encode())
    account.deliver(raw)
    config = make_config(account)
    from crashkit import run_once

    assert run_once(config, AFTER_INTERVIEW).returncode == 0
    drafts = account.snapshot()["Drafts"]
    assert len(drafts) == 1
    [(_flags, draft)] = drafts.values()
    assert_no_injection(draft)
    msg = email.message_from_bytes(draft, policy=email.policy.default)
    assert set(msg.keys()) == DRAFT_HEADERS
    assert "Bcc" not in msg
    assert msg["X-Followupd-Stage"] == "thank_you_1"


def test_template_syntax_in_mail_is_rendered_literally(account: Account, make_config) -> None:
    position = "{{ 7*7 }} Engineer {% for x in range(3) %}loop{% endfor %}"
    raw = invitation(position=position)
    raw = raw.replace(b"From: Jane Roe", b"From: =?utf-8?q?Jane_{{_7*7_}}?= Roe")
    account.deliver(raw)
    config = make_config(account)
    from crashkit import run_once

    assert run_once(config, AFTER_INTERVIEW).returncode == 0
    [(_flags, draft)] = account.snapshot()["Drafts"].values()
    msg = email.message_from_bytes(draft, policy=email.policy.default)
    text = msg.get_content() + str(msg["Subject"])  # type: ignore[attr-defined]
    assert "{{ 7*7 }}" in text
    assert "{% for x in range(3) %}" in text
    assert "looploop" not in text
    assert "49" not in text
