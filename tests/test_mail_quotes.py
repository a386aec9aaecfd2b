"""Quote stripping: skipping quotequail when it cannot split must never change the result."""

from __future__ import annotations

from unittest import mock

import quotequail
from hypothesis import given
from hypothesis import strategies as st

from followupd.mail.quotes import quotequail_may_split, strip_quotes

# Lines quotequail splits at (its reply and forward patterns), some wrapped over two lines.
MARKERS = [
    "On Mon, 2 Mar 2026 at 10:00, Jane Roe <jane@acme.example> wrote:",
    "On Mon, 2 Mar 2026 at 10:00, Jane Roe\n<jane@acme.example> wrote:",
    "Am 02.03.2026 um 10:00 schrieb Jane Roe:",
    "Le 2 mars 2026 à 10:00, Jane Roe a écrit :",
    "El 2 mar 2026, Jane Roe escribió:",
    "Den 2 mars 2026 skrev Jane Roe:",
    "Em 2 de mar de 2026, Jane escreveu:",
    "Op 2 mrt 2026 schreef Jane Roe:",
    "Op 2 mrt 2026 heeft Jane het volgende geschreven:",
    "2026/3/2 Jane Roe <jane@acme.example>",
    "________________________________",
    "---------- Forwarded message ---------",
    "Begin forwarded message:",
    "-----Original Message-----",
    "----- Ursprüngliche Nachricht -----",
    "Пересылаемое сообщение:",
]
PLAIN = ["Thanks for the update.", "See you on Tuesday at 10:00.", "", "> an old line",
         "Best,", "Jane", "From: Jane", "the report is attached"]


def _always_quotequail(text: str) -> str:
    """strip_quotes as it was before the skip: quotequail on every text."""
    parts = quotequail.quote(text[:30_000])
    new = text
    if any(not is_new for is_new, _ in parts):
        head = []
        for is_new, chunk in parts:
            if not is_new:
                break
            head.append(chunk)
        new = "".join(head)
    return new


def test_every_quotequail_marker_is_seen_by_the_skip_check() -> None:
    for marker in MARKERS:
        text = f"Thanks!\n\n{marker}\n> quoted\n"
        assert quotequail_may_split(text), marker
        assert _always_quotequail(text) != text, marker  # the marker really splits


def test_text_without_markers_is_not_handed_to_quotequail() -> None:
    assert not quotequail_may_split("Hello Sam,\nthe garden photos are attached.\nBest, Jo")


def test_a_text_over_quotequails_line_limit_is_still_handed_to_it() -> None:
    text = "line\n" * 1200
    assert quotequail_may_split(text)
    assert strip_quotes(text) == _always_quotequail(text).strip()


@given(st.lists(st.sampled_from(MARKERS + PLAIN), max_size=12))
def test_skipping_quotequail_gives_the_same_new_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    with mock.patch("followupd.mail.quotes.quotequail_may_split", return_value=True):
        reference = strip_quotes(text)
    assert strip_quotes(text) == reference


OUTLOOK_FORWARD = (
    "From: Sarah Johnson <sarah.johnson@example.com>\n"
    "Sent: Wednesday, January 17, 2024 3:45 PM\n"
    "To: candidate@example.org\n"
    "Subject: Senior Developer Position\n\n"
    "After careful consideration, we have decided to move forward with other candidates.\n")
GMAIL_FORWARD = (
    "---------- Forwarded message ---------\n"
    "From: Recruiting <recruiting@example.com>\n"
    "Date: Mon, Jan 15, 2024 at 9:00 AM\n"
    "Subject: Interview\n\n"
    "We would like to invite you to an interview on Thursday at 2pm.\n")


def test_a_forward_with_no_words_of_its_own_keeps_the_forwarded_message_as_its_text() -> None:
    outlook = strip_quotes(OUTLOOK_FORWARD, forwarded=True)
    gmail = strip_quotes(GMAIL_FORWARD, forwarded=True)
    assert outlook.startswith("After careful consideration, we have decided")
    # the forwarded header block (its Sent/Date is no interview time) is not the content
    assert gmail == "We would like to invite you to an interview on Thursday at 2pm."


def test_a_reply_over_the_same_header_block_is_cut_there() -> None:
    assert strip_quotes(OUTLOOK_FORWARD) == ""
    reply = "Thanks, see you then.\n\n" + OUTLOOK_FORWARD
    assert strip_quotes(reply, forwarded=True) == "Thanks, see you then."
