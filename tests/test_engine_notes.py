"""The notes draft after an interview, as pure decisions: when it is made, how long the thank-you
waits for it, and how the notes are read back."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from dataclasses import replace

import pytest
from engine_factories import BERLIN, TUESDAY_INTERVIEW, berlin, make_app, make_draft

from followupd.core.actions import QueueDraft, WithdrawDraft
from followupd.core.model import Address, AppState, DraftStatus, Hold, Kind
from followupd.engine.notes import compose_notes, marked, parse_notes, plan_notes, render_notes
from followupd.engine.plan import plan

ENDED = make_app(state=AppState.INTERVIEWED, interviews=(TUESDAY_INTERVIEW,))  # 14:00-15:00
ALICE = Address("Alice Example", "alice@example.org")


def notes_open(app=ENDED, status=DraftStatus.APPENDED):  # type: ignore[no-untyped-def]
    return replace(app, drafts=(make_draft("notes_1", status, "2026-03-03 15:00"),))


def test_the_notes_draft_is_queued_when_the_interview_ends_and_not_before() -> None:
    assert plan_notes([ENDED], berlin("2026-03-03 14:59"), BERLIN) == []
    [action] = plan_notes([ENDED], berlin("2026-03-03 15:01"), BERLIN)
    assert isinstance(action, QueueDraft)
    assert (action.stage, action.due_at) == ("notes_1", berlin("2026-03-03 15:00"))


def test_no_notes_draft_when_off_held_decided_or_read_too_late() -> None:
    now = berlin("2026-03-03 15:30")
    assert plan_notes([ENDED], now, replace(BERLIN, notes_draft=False)) == []
    hold = Hold("<h@x>", Kind.REJECTION, 0.6, now, "x")
    assert plan_notes([replace(ENDED, held=hold)], now, BERLIN) == []
    assert plan_notes([replace(ENDED, state=AppState.DECIDED)], now, BERLIN) == []
    assert plan_notes([ENDED], berlin("2026-03-06 15:30"), BERLIN) == []  # > thank_you_max_age
    assert plan_notes([notes_open()], now, BERLIN) == []  # made already


def test_an_untouched_notes_draft_is_withdrawn_when_it_can_no_longer_help() -> None:
    [late] = plan_notes([notes_open()], berlin("2026-03-06 09:00"), BERLIN)
    assert isinstance(late, WithdrawDraft)
    [decided] = plan_notes([notes_open(replace(ENDED, state=AppState.DECIDED))],
                           berlin("2026-03-03 16:00"), BERLIN)
    assert isinstance(decided, WithdrawDraft)
    edited = notes_open(status=DraftStatus.EDITED)
    assert plan_notes([edited], berlin("2026-03-06 09:00"), BERLIN) == []  # the user's now


def test_the_thank_you_waits_for_notes_while_the_notes_draft_is_open_never_past_the_evening() -> None:
    at_five = berlin("2026-03-03 17:05")  # thank-you due 17:00 (end + 2 h) without notes
    assert plan([ENDED], at_five, BERLIN)[-1].stage == "thank_you_1"  # type: ignore[attr-defined]
    waiting = notes_open()
    assert not any(isinstance(a, QueueDraft) for a in plan([waiting], at_five, BERLIN))
    [due] = [a for a in plan([waiting], berlin("2026-03-03 19:00"), BERLIN) if isinstance(a, QueueDraft)]
    assert due.due_at == berlin("2026-03-03 19:00")  # 15:00 + 4 h
    assert any(r.rule == "waiting_for_notes" for r in due.reasons)
    late = replace(ENDED, interviews=(replace(TUESDAY_INTERVIEW, start=berlin("2026-03-03 17:00"),
                                              end=berlin("2026-03-03 18:00")),))
    [capped] = [a for a in plan([notes_open(late)], berlin("2026-03-03 21:00"), BERLIN)
                if isinstance(a, QueueDraft)]
    assert capped.due_at == berlin("2026-03-03 21:00")  # 18:00 + 4 h would be 22:00: the same evening


def test_once_the_notes_are_read_the_thank_you_is_due_at_once() -> None:
    read = notes_open(status=DraftStatus.WITHDRAWN)
    [due] = [a for a in plan([read], berlin("2026-03-03 17:05"), BERLIN) if isinstance(a, QueueDraft)]
    assert due.stage == "thank_you_1"
    no_wait = replace(BERLIN, notes_wait=dt.timedelta(0))
    assert any(isinstance(a, QueueDraft) for a in plan([notes_open()], berlin("2026-03-03 17:05"), no_wait))


def test_notes_are_read_from_topic_and_gift_lines_and_free_lines_in_four_languages() -> None:
    text = render_notes(ENDED, 1, "Alice", "Europe/Berlin").body.replace(
        "topic: \ntopic: \ngift: \n",
        "topic: their move to event sourcing\n\nthe on-call rotation\nGift: the outbox article\n"
        "Thema: Datenmesh\nsujet : la migration\ncadeau: un contact chez Kafka\n> quoted: no\n")
    topics, gifts = parse_notes(text + "\n-- \nAlice\ntopic: after the signature\n")
    assert topics == ("their move to event sourcing", "the on-call rotation", "Datenmesh",
                      "la migration")
    assert gifts == ("the outbox article", "un contact chez Kafka")


# (language, the first line's words, a polite form of the instructions, the date, the fields)
LANGUAGES = [
    ("en", "Your interview with", "Write it down while", "Tuesday, 3 March", ("topic: ", "gift: ")),
    ("de", "Ihr Vorstellungsgespräch mit", "Notieren Sie es", "Dienstag, 3. März",
     ("thema: ", "geschenk: ")),
    ("fr", "Votre entretien avec", "Notez-le", "mardi 3 mars", ("sujet : ", "cadeau : ")),
    ("es", "Su entrevista con", "Anótelo", "martes, 3 de marzo", ("tema: ", "regalo: ")),
]


@pytest.mark.parametrize(("lang", "intro", "polite", "day", "fields"), LANGUAGES)
def test_the_notes_draft_is_written_in_the_drafts_language_and_its_notes_read_back(
        lang: str, intro: str, polite: str, day: str, fields: tuple[str, str]) -> None:
    rendered = render_notes(ENDED, 1, "Alice", "Europe/Berlin", lang)
    first = rendered.body.splitlines()[0]
    assert first.startswith(intro)
    assert day in first
    assert polite in rendered.body
    assert marked(rendered.subject) == (1, 1)
    assert parse_notes(rendered.body) == ((), ())  # untouched: no notes
    topic, gift = fields
    body = rendered.body
    filled = ((topic, "event sourcing"), (topic, "the on-call rotation"), (gift, "the outbox article"))
    for line, value in filled:
        assert line in body
        body = body.replace(line + "\n", line + value + "\n", 1)
    assert parse_notes(body) == (("event sourcing", "the on-call rotation"), ("the outbox article",))


def test_an_untouched_notes_draft_reads_as_no_notes() -> None:
    assert parse_notes(render_notes(ENDED, 1, "Alice", "Europe/Berlin").body) == ((), ())


def test_the_notes_draft_goes_from_and_to_the_user_with_the_marker_and_no_reply_headers() -> None:
    prepared = compose_notes(ENDED, "notes_1", user=ALICE, token="tok123", now=berlin("2026-03-03 15:01"),
                             folder="Drafts", tz="Europe/Berlin")
    msg = email.message_from_bytes(prepared.raw, policy=email.policy.default)
    assert msg["From"] == msg["To"] == "Alice Example <alice@example.org>"
    assert marked(str(msg["Subject"])) == (1, 1)
    assert "Acme" in str(msg["Subject"])
    assert msg["In-Reply-To"] is None
    assert msg["X-Followupd-Stage"] == "notes_1"
    assert "topic:" in msg.get_content()
    assert prepared.draft.recipient == "alice@example.org"
