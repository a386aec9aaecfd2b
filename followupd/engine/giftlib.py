"""The gift library, pure: gifts you keep for any application, each with the topics it helps
with and an optional audience, and the choice of the best one for a draft.

A gift is something useful to the interviewer: an article, a contact, a tip. The advice is to
tie it to what they cared about; so a library gift is offered only where its topics meet what is
known of the application (your notes' topics, the position, the company, the subjects of the
employer's mails), best match first, and never to someone who already had it
(``engine.gifts.given_to``). The file format (``gifts.toml``)::

    [[gift]]
    text = "The outbox-pattern article: https://example.org/outbox"
    topics = ["event sourcing", "kafka"]
    audience = "engineering managers"   # optional: who it suits (matched like a topic)
    companies = ["Acme"]                # optional: only for these companies

``read_library`` checks a parsed file and reports every problem at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_KEYS = frozenset({"text", "topics", "audience", "companies"})
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TEXT = 500


@dataclass(frozen=True)
class Gift:
    text: str
    topics: tuple[str, ...] = ()
    audience: str = ""
    companies: tuple[str, ...] = ()


def read_library(data: Mapping[str, Any]) -> tuple[tuple[Gift, ...], list[str]]:
    """The gifts of a parsed gifts.toml, and every problem found (empty when it is valid)."""
    problems: list[str] = [f"unknown key {k!r} (the file holds [[gift]] tables)"
                           for k in data if k != "gift"]
    rows = data.get("gift", [])
    if not isinstance(rows, list):
        return (), [*problems, "gift: must be [[gift]] tables, one per gift"]
    gifts: list[Gift] = []
    for n, row in enumerate(rows, 1):
        where = f"gift {n}"
        if not isinstance(row, dict):
            problems.append(f"{where}: must be a table with text = \"...\"")
            continue
        problems += [f"{where}: unknown key {k!r}; use {', '.join(sorted(_KEYS))}"
                     for k in row if k not in _KEYS]
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: text is required, a non-empty string (what the draft offers)")
            continue
        if len(text) > MAX_TEXT:
            problems.append(f"{where}: text is {len(text)} characters; keep it under {MAX_TEXT}")
        before = len(problems)
        topics = _strings(row.get("topics", []), f"{where}: topics", problems)
        bad_topics = len(problems) > before
        companies = _strings(row.get("companies", []), f"{where}: companies", problems)
        audience = row.get("audience", "")
        if not isinstance(audience, str):
            problems.append(f"{where}: audience must be a string, e.g. \"engineering managers\"")
            audience = ""
        if not topics and not audience and not bad_topics:
            problems.append(f"{where}: give topics = [...] (or an audience): a gift without "
                            "them never matches an application")
        gifts.append(Gift(" ".join(text.split()), topics, audience.strip(), companies))
    texts = [g.text for g in gifts]
    problems += [f"gift {texts.index(t) + 1}: the same text twice" for t in set(texts)
                 if texts.count(t) > 1]
    return tuple(gifts), problems


def _strings(value: object, where: str, problems: list[str]) -> tuple[str, ...]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    problems.append(f"{where} must be a list of strings, e.g. [\"kafka\", \"event sourcing\"]")
    return ()


def to_data(gifts: Iterable[Gift]) -> dict[str, Any]:
    """The TOML document for ``gifts`` (tomli_w writes it)."""
    rows = []
    for g in gifts:
        row: dict[str, Any] = {"text": g.text, "topics": list(g.topics)}
        if g.audience:
            row["audience"] = g.audience
        if g.companies:
            row["companies"] = list(g.companies)
        rows.append(row)
    return {"gift": rows}


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if len(w) > 2)


def score(gift: Gift, about: Sequence[str], company: str) -> int:
    """How well ``gift`` fits what is known of an application (``about``: its topics, position,
    subjects; ``company``); 0 means it does not fit. A topic met as a phrase counts 3, all its
    words apart 2, some of them nothing ("data" alone is no match for "data quality"); a gift
    for named companies fits only there."""
    if gift.companies and company.strip().lower() not in {c.lower() for c in gift.companies}:
        return 0
    said = " ".join(about).lower()
    words = _words(said)
    total = 0
    for topic in (*gift.topics, *([gift.audience] if gift.audience else [])):
        phrase = topic.lower().strip()
        if phrase and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", said):
            total += 3
        elif _words(phrase) and _words(phrase) <= words:
            total += 2  # all its words, not side by side ("sourcing events")
    return total


def best_gift(library: Sequence[Gift], about: Sequence[str], company: str,
              used: frozenset[str]) -> Gift | None:
    """The best-fitting library gift not in ``used`` (ties: the earlier in the file)."""
    ranked = [(score(g, about, company), -n, g) for n, g in enumerate(library) if g.text not in used]
    ranked = [r for r in ranked if r[0] > 0]
    return max(ranked, key=lambda r: (r[0], r[1]))[2] if ranked else None
