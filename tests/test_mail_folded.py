"""Folded patterns: the same match as re.IGNORECASE, found on lower-cased text."""

from __future__ import annotations

import re

import pytest

from followupd.mail.classify import phrases_auto as pa
from followupd.mail.folded import Folded

TEXTS = [
    "Thank you for your application to Acme!",
    "THANKS FOR APPLYING. We will carefully REVIEW your profile.",
    "Vielen Dank für Ihre Bewerbung",
    "İstanbul office: thank you for your interest in the role",  # lower() changes the length
    "Nothing to see here, only the quarterly numbers.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_a_folded_pattern_finds_the_same_match_as_ignorecase(text: str) -> None:
    exact = re.compile(pa.APPLICATION_ACK_RE.pattern, re.I).search(text)
    found = pa.APPLICATION_ACK_RE.search(text)
    assert (found and (found.span(), found.group(0))) == (exact and (exact.span(), exact.group(0)))


def test_a_folded_match_keeps_the_original_case_for_the_reason() -> None:
    found = Folded(r"thank(s| you) for applying").search("THANKS FOR APPLYING today")
    assert found is not None
    assert found.group(0) == "THANKS FOR APPLYING"


def test_a_folded_pattern_must_be_written_in_lower_case() -> None:
    with pytest.raises(ValueError, match="lower case"):
        Folded(r"Thank you|\bnewsletter\b")
    Folded(r"\bthank\b\s\S\W\D")  # escapes may be upper case
