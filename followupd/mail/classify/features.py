"""Features for the statistical detector, pure: the same function serves training
(``bench/detect/train.py``) and the daemon, so what was learned is what is scored.

A message becomes a sparse bag of named features (presence), each block L2-normalised:

- ``s:`` subject words and ``sb:`` subject word pairs (reply/forward prefixes removed); ``rs:``
  and ``rsb:`` for a reply's subject, which repeats the other side's words;
- ``w:`` words and ``b:`` word pairs of the new text (quoted history and the signature removed,
  the first ``BODY_WORDS`` words: a decision or an invitation is said near the top);
- ``c:`` character 4-grams inside words of the subject and the first ``CHAR_WORDS`` body words
  (German compounds: "Vorstellungsgespräch" shares "gesp", "präc" with "Gespräch");
- ``x:`` structure: the sender's class (ATS, job board, no-reply, freemail, company), list and
  bulk headers, RFC 3834 ``auto-generated``, a reply subject, thread headers, calendar METHOD,
  text length;
- ``f:``/``sf:`` phrase families hit in the text/subject (``rsf:`` in a reply's subject: history,
  like its words; ``families``: rejection, offer, interview, reschedule, cancel, on hold,
  acknowledgement, alert, away, the guards, and ``negated`` for a positive phrase a negation
  turns around), ``f:name+`` for two or more distinct phrases, ``f:name++`` for three or
  more (a rejection says it several ways; under group CV this lifted rejection recall
  0.791 -> 0.814 and rejection as a reply in a thread 0.378 -> 0.419).
  The phrase families are evidence the model weighs, no longer a verdict.
  (The old rule cascade's verdict as a feature was tried and dropped: under group CV it cost
  rejection recall 0.61 -> 0.42 and 5 ms per message.)

Digits fold to ``0`` so dates and times generalise. Nothing here reads the clock or a file.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections.abc import Mapping

from followupd.mail.classify.families import family_hits
from followupd.mail.domains import ATS_DOMAINS, FREEMAIL_DOMAINS, JOB_BOARD_DOMAINS, NO_REPLY_RE, domain_in
from followupd.mail.parse import ParsedMessage
from followupd.mail.subjects import is_reply_subject, strip_prefixes

FEATURE_VERSION = 7
BODY_CHARS = 4000
BODY_WORDS = 200
CHAR_WORDS = 40
SUBJECT_WEIGHT, WORD_WEIGHT, PAIR_WEIGHT, CHAR_WEIGHT, STRUCTURE_WEIGHT = 1.0, 1.0, 0.7, 0.7, 0.5
FAMILY_WEIGHT = 0.7

_WORD_RE = re.compile(r"[^\W\d_]+|\d+")
# RFC 3676 section 4.3 signature separator, and the sign-offs mobile clients append.
_SIGNATURE_RE = re.compile(
    r"^(?:-- ?|__+|sent from my .*|von meinem .* gesendet|envoyé de mon .*|enviado desde mi .*)$",
    re.I | re.M)


def body_text(parsed: ParsedMessage) -> str:
    """The sender's own new words: quote-stripped text up to the signature, capped."""
    text = parsed.new_text[:BODY_CHARS]
    cut = _SIGNATURE_RE.search(text)
    return text[: cut.start()] if cut else text


def words(text: str) -> list[str]:
    return ["0" if w.isdigit() else w for w in _WORD_RE.findall(text.casefold())]


def sender_class(email: str) -> str:
    if not email:
        return "none"
    if domain_in(email, ATS_DOMAINS):
        return "ats"
    if domain_in(email, JOB_BOARD_DOMAINS):
        return "jobboard"
    if NO_REPLY_RE.search(email):
        return "noreply"
    if domain_in(email, FREEMAIL_DOMAINS):
        return "freemail"
    return "company"


def _char_grams(tokens: list[str]) -> set[str]:
    grams: set[str] = set()
    for token in tokens:
        if len(token) < 4 or token.isdigit():
            continue
        padded = f"<{token}>"
        grams.update("c:" + padded[i : i + 4] for i in range(len(padded) - 3))
    return grams


def _block(out: dict[str, float], names: set[str], weight: float) -> None:
    """Each block is L2-normalised to ``weight``: a long mail's many words do not drown its
    structure, and character n-grams do not drown the words."""
    if names:
        value = weight / math.sqrt(len(names))
        for name in sorted(names):  # a fixed order: equal contributions explain the same way each run
            out[name] = value


def _structure(parsed: ParsedMessage, body: str) -> list[str]:
    found = [f"x:sender={sender_class(parsed.sender.email)}"]
    if parsed.header("list-id") or parsed.header("list-unsubscribe"):
        found.append("x:list")
    if parsed.header("precedence").lower() in ("bulk", "list", "junk"):
        found.append("x:bulk")
    if parsed.header("auto-submitted").lower().startswith("auto-generated"):
        found.append("x:auto_generated")
    if is_reply_subject(parsed.subject):
        found.append("x:reply_subject")
    if parsed.in_reply_to or parsed.references:
        found.append("x:thread_headers")
    for event in parsed.calendar[:3]:
        found.append(f"x:calendar={(event.method or 'none').lower()}")
        if event.status.upper() == "CANCELLED":
            found.append("x:calendar=cancelled")
    size = len(body)
    found.append("x:len=" + ("tiny" if size < 200 else "short" if size < 800 else "long"))
    return found


def features(parsed: ParsedMessage) -> dict[str, float]:
    """The message as a sparse vector (feature name -> value)."""
    subject_words = words(strip_prefixes(parsed.subject))[:30]
    body = body_text(parsed)
    body_words = words(body)[:BODY_WORDS]
    # "Re: Interview invitation" repeats the other side's words: history, its own features.
    mark = "rs" if is_reply_subject(parsed.subject) else "s"
    subject = {f"{mark}:{w}" for w in subject_words}
    subject |= {f"{mark}b:{a} {b}" for a, b in itertools.pairwise(subject_words)}
    unigrams = {"w:" + w for w in body_words}
    pairs = {f"b:{a} {b}" for a, b in itertools.pairwise(body_words)}
    out: dict[str, float] = {}
    _block(out, subject, SUBJECT_WEIGHT)
    _block(out, unigrams, WORD_WEIGHT)
    _block(out, pairs, PAIR_WEIGHT)
    _block(out, _char_grams(subject_words + body_words[:CHAR_WORDS]), CHAR_WEIGHT)
    for name in _structure(parsed, body):
        out[name] = STRUCTURE_WEIGHT
    text = " ".join(body.split()).casefold()
    for name in family_hits(" ".join(parsed.subject.split()).casefold()):
        out[f"{mark}f:" + name] = FAMILY_WEIGHT  # "rsf:": a reply subject's phrases are history
    for name, count in family_hits(text).items():
        out["f:" + name] = FAMILY_WEIGHT
        if count > 1:
            out["f:" + name + "+"] = FAMILY_WEIGHT
        if count > 2:
            out["f:" + name + "++"] = FAMILY_WEIGHT
    return out


def top_contributions(feats: Mapping[str, float], weights: Mapping[str, tuple[float, ...]],
                      label_index: int, n: int = 4) -> list[tuple[str, float]]:
    """The features that pushed most towards one label, strongest first."""
    get = weights.get
    pushing = [(name, score) for name, value in feats.items()
               if (row := get(name)) is not None and (score := value * row[label_index]) > 0]
    return heapq.nlargest(n, pushing, key=lambda item: item[1])
