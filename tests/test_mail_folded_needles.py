"""Needles: a phrase pattern is not searched in text that lacks every word its matches contain."""

from __future__ import annotations

import gc
import re
from email import message_from_bytes
from pathlib import Path

import pytest

import followupd.mail.classify.rules
import followupd.mail.promises
import followupd.mail.quotes  # noqa: F401 - their patterns are what this file checks
from followupd.mail.folded import Folded, may_match, needles

CORPUS = Path(__file__).parent / "corpus"


def _texts() -> list[str]:
    texts = []
    for path in sorted(CORPUS.rglob("*.eml")):
        message = message_from_bytes(path.read_bytes())
        for part in message.walk():
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and part.get_content_maintype() == "text":
                texts.append(payload.decode("utf-8", "replace"))
    return texts


def _package_patterns() -> list[Folded]:
    return sorted((o for o in gc.get_objects() if isinstance(o, Folded)), key=lambda f: f.pattern)


def test_needles_are_the_words_every_alternative_must_contain() -> None:
    assert needles(r"thank(s| you) for applying|application (received|submitted)") == (
        " for applying", "application ")
    assert needles(r"newsletter|unsubscribe") == ("newsletter", "unsubscribe")


def test_a_group_of_alternatives_gives_its_words_when_each_has_one() -> None:
    assert needles(r"^\*?(from|von)\s?:.*\n(sent|gesendet)\s?:", re.M) == ("sent", "gesendet")


def test_a_repeated_character_is_a_needle_of_its_minimum_count() -> None:
    assert needles(r"^_{10,}\s*\n") == ("_" * 10,)


def test_no_needles_when_an_alternative_has_no_word_of_its_own() -> None:
    assert needles(r"\w+ly|newsletter") == ()
    assert needles(r"(ab)?newsletter|x") == ()  # "x" is too short to filter anything
    assert needles(r"(?:optional )?") == ()


def test_case_insensitive_needles_are_lower_case() -> None:
    assert needles(r"Hello (World|There)", re.I) == ("hello ",)


def test_text_without_any_needle_cannot_match() -> None:
    assert not may_match(("received", "application"), "the quarterly numbers")
    assert may_match(("received", "application"), "your application")
    assert may_match((), "anything")  # no needles: always searched


def test_every_package_pattern_has_needles_that_its_matches_contain() -> None:
    patterns = _package_patterns()
    assert len(patterns) >= 10
    texts = _texts()
    assert len(texts) > 100
    matched = 0
    for folded in patterns:
        for text in texts:
            found = folded._lower.search(text.lower())  # the pattern without its filter
            if found:
                matched += 1
                assert may_match(folded.needles, found.group(0)), (folded.pattern[:60], found)
    assert matched > 20  # the corpus exercises the patterns, not only their misses


@pytest.mark.parametrize("text", ["Thank you for applying!", "We have received your application",
                                  "Vielen Dank für Ihre Bewerbung", "quarterly numbers", ""])
def test_a_filtered_search_finds_what_the_plain_search_finds(text: str) -> None:
    for folded in _package_patterns():
        plain = re.compile(folded.pattern, folded._exact.flags).search(text)
        found = folded.search(text)
        assert (found and found.span()) == (plain and plain.span()), folded.pattern[:60]
