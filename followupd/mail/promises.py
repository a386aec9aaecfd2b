"""A promised answer date: "we expect to decide by Friday, 20 March", "wir werden bis Freitag,
20. März entscheiden", "nous reviendrons vers vous d'ici le vendredi 20 mars", "le daremos una
respuesta antes del viernes 20 de marzo". Pure; the date resolves against the message's Date.

A sentence promises when it has an answer word (decide, get back to you, Rückmeldung, réponse,
respuesta...) and a deadline (by / bis / d'ici / antes de + a date or a span such as "two weeks").
A strong deadline word (by, until, bis, d'ici, antes de...) may stand before or after the answer
word ("bis zum 20. März werden wir entscheiden"); a weak one (on, in, am, le, para el) only after
it ("we will let you know on Friday"). A sentence that asks the user for something by a date
("please let us know your availability by Friday", "bitte geben Sie uns bis Freitag Bescheid") is
no promise. The date is the message's day or later, and at most half a year away.
"""

from __future__ import annotations

import datetime as dt
import re

from followupd.mail.dates import MONTH_PATTERN, resolve_when
from followupd.mail.folded import Folded

_HORIZON = dt.timedelta(days=183)
_SENTENCE_CHARS = 400  # a longer "sentence" is a table or a signature, not a promise
_DEADLINES_PER_SENTENCE = 6  # bounds the work on hostile text
_ANSWER_RE = Folded(
    r"\b(?:(?:get|come|revert|circle) back|let you know|hear (?:back )?from|be in touch|"
    r"get in touch|update you|reach out|respond|reply|decide|deciding|decisions?|answer|"
    r"feedback|news|inform you|notify you|"
    r"melden|rückmeldung|bescheid|entscheid\w*|informieren|antwort\w*|mitteilen|zurückkommen|"
    r"reviendr\w*|revenir vers|décision|décider|réponse|retour|inform\w*|tiendr\w* au courant|"
    r"ferons part|recontact\w*|nouvelles|"
    r"respuesta|decisión|decidir\w*|pondremos en contacto|contactar\w*|comunicar\w*|noticias|"
    r"responder\w*)\b",
)
_STRONG = (
    r"by|before|until|till|no later than|not later than|within|on or before|"
    r"in the next|bis(?: zum| zur| spätestens| ende)?|spätestens(?: am| bis)?|"
    r"innerhalb(?: von| der)?|d['’]ici(?: le| la| à)?|avant(?: le| la)?|"
    r"au plus tard(?: le)?|sous|antes del?|a más tardar(?: el)?|dentro de|en los próximos"
)
_WEAK = r"on|in|early|am|le|el|para el"
_DEADLINE_RE = re.compile(rf"(?<![\w'’])(?:(?P<strong>{_STRONG})|(?P<weak>{_WEAK}))\s+", re.I)
# A sentence that asks the user to do something by a date.
_REQUEST_RE = Folded(
    r"\b(?:please|kindly|let us know|send us|tell us|bitte|teilen sie uns|lassen sie uns|"
    r"senden sie uns|merci de|veuillez|faites-nous|envoyez-nous|s'il vous plaît|por favor|"
    r"le rogamos|envíenos|envíanos|háganos|haznos)\b",
)
_ORDINAL_DOT_RE = re.compile(rf"\b(\d{{1,2}})\.(?=\s*(?:{MONTH_PATTERN})\b)", re.I)  # "20. März": no end
_SENTENCE_RE = re.compile(r"[.!?;]+(?:\s|$)|\n\s*\n")


def _sentences(text: str) -> list[str]:
    flat = _ORDINAL_DOT_RE.sub(r"\1", text)
    return [" ".join(s.split()) for s in _SENTENCE_RE.split(flat) if s.strip()]


def promised_date(text: str, sent: dt.date) -> tuple[dt.date, str] | None:
    """The first date the text promises an answer by, and the sentence that says so."""
    for whole in _sentences(text[:50_000]):
        sentence = whole[:_SENTENCE_CHARS]
        answer = _ANSWER_RE.search(sentence)
        if answer is None or _REQUEST_RE.search(sentence):
            continue
        tried = 0
        for deadline in _DEADLINE_RE.finditer(sentence):
            if deadline.group("weak") and deadline.start() < answer.start():
                continue
            tried += 1
            if tried > _DEADLINES_PER_SENTENCE:
                break
            when = resolve_when(sentence[deadline.end() : deadline.end() + 60], sent)
            if when is not None and sent <= when <= sent + _HORIZON:
                return when, sentence[:160]
    return None
