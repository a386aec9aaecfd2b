"""A promised answer date, in the phrasings employers use (en/de/fr/es): it postpones the next
follow-up (engine/track). A date the user is asked to meet is no promise of theirs."""

from __future__ import annotations

import datetime as dt

import pytest

from followupd.core.model import Kind
from followupd.mail.extract import extract
from followupd.mail.parse import parse

SENT = "Tue, 03 Mar 2026 18:00:00 +0100"  # Friday 20 March 2026 is 17 days later
MAR20 = dt.date(2026, 3, 20)

ROWS = [
    # en
    ("We expect to decide by Friday, 20 March.", MAR20),
    ("We'll get back to you by Friday, 20 March.", MAR20),
    ("We aim to make a decision by 20 March.", MAR20),
    ("We hope to have an answer for you by March 20.", MAR20),
    ("You can expect to hear from us by Friday, March 20.", MAR20),
    ("A final decision is expected by 20 March.", MAR20),
    ("We will inform you of our decision by Friday, 20 March.", MAR20),
    ("The team will make their decision before 20 March.", MAR20),
    ("We plan to come back to you with feedback no later than 20 March.", MAR20),
    ("You should hear back from us by the end of next week.", dt.date(2026, 3, 13)),
    ("We'll be in touch within two weeks.", dt.date(2026, 3, 17)),
    ("We will let you know on Friday, 20 March, whether we move forward.", MAR20),
    ("Decisions will be communicated by 20 March at the latest.", MAR20),
    ("We expect to decide by Friday,\r\n20 March, and will write then.", MAR20),  # hard-wrapped
    # de
    ("Wir werden bis Freitag, 20. März entscheiden.", MAR20),
    ("Wir melden uns bis zum 20. März bei Ihnen.", MAR20),
    ("Sie erhalten bis Freitag, 20. März eine Rückmeldung von uns.", MAR20),
    ("Eine Entscheidung erwarten wir bis zum 20. März.", MAR20),
    ("Wir geben Ihnen bis spätestens 20. März Bescheid.", MAR20),
    ("Bis zum 20. März werden wir Ihnen unsere Entscheidung mitteilen.", MAR20),
    # fr
    ("Nous reviendrons vers vous d'ici le vendredi 20 mars.", MAR20),
    ("Nous prendrons notre décision d'ici le 20 mars.", MAR20),
    ("Vous aurez une réponse de notre part avant le vendredi 20 mars.", MAR20),
    ("Nous vous ferons part de notre décision au plus tard le 20 mars.", MAR20),
    ("Nous vous tiendrons informée d'ici le 20 mars.", MAR20),
    # es
    ("Le daremos una respuesta antes del viernes 20 de marzo.", MAR20),
    ("Te informaremos de nuestra decisión antes del 20 de marzo.", MAR20),
    ("Tomaremos una decisión a más tardar el 20 de marzo.", MAR20),
    ("Nos pondremos en contacto contigo antes del 20 de marzo.", MAR20),
    ("Esperamos tener una respuesta para el viernes 20 de marzo.", MAR20),
    # no promise: a date for the user, a past or unrelated date
    ("Please let us know your availability by Friday, 20 March.", None),
    ("Please send us your references by 20 March.", None),
    ("Bitte geben Sie uns bis Freitag, 20. März Bescheid, ob der Termin passt.", None),
    ("Merci de nous faire part de vos disponibilités d'ici le 20 mars.", None),
    ("Por favor, envíenos su respuesta antes del 20 de marzo.", None),
    ("Your second interview is on Friday, 20 March at 10:00.", None),
    ("Thanks again for coming in on Monday.", None),
]


def _reply(body: str) -> bytes:
    return (
        f"From: Jane Roe <jane.roe@acme.example>\r\nTo: Alice <alice@example.org>\r\n"
        f"Subject: Re: Interview\r\nDate: {SENT}\r\nMessage-ID: <r1@acme.example>\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\nHi Alice,\r\n\r\n"
        f"thank you for your time.\r\n{body}\r\n\r\nBest,\r\nJane\r\n"
    ).encode()


@pytest.mark.parametrize(("sentence", "promised"), ROWS, ids=[r[0][:50] for r in ROWS])
def test_a_promised_answer_date_is_read_in_four_languages(sentence: str, promised: dt.date | None) -> None:
    assert extract(parse(_reply(sentence)), Kind.REPLY).answer_by == promised


def test_a_promise_names_the_phrase_it_was_read_from() -> None:
    found = extract(parse(_reply("We expect to decide by Friday, 20 March.")), Kind.REPLY)
    assert any(
        r.rule == "answer_promised" and "decide by Friday, 20 March" in r.detail for r in found.reasons
    ), found.reasons
