"""Adopting our own drafts after the state file was lost: header parsing and matching (pure)."""

from __future__ import annotations

import pytest
from engine_factories import JANE, ME, berlin, make_app

from followupd.core.model import Address, DraftStatus, ThreadRef
from followupd.engine.adopt import adopted_record, match, read_found
from followupd.engine.draftmsg import build_draft
from followupd.engine.render import RenderedDraft

NOW = berlin("2026-03-03 17:00")
BODY = RenderedDraft("Thank you", "Hi Jane,\n\nthank you.\n")


def header_of(raw: bytes) -> bytes:
    return raw.split(b"\r\n\r\n", 1)[0]


def draft_bytes(stage: str = "thank_you_1", **app_kw: object) -> bytes:
    return build_draft(make_app(**app_kw), BODY, sender=ME, to=JANE, token="tok-abc", now=NOW,
                       message_id="<followupd.tok-abc@example.org>", stage=stage)


def test_build_draft_writes_the_stage_header_and_read_found_reads_it_back() -> None:
    found = read_found(header_of(draft_bytes("follow_up_2")))
    assert found is not None
    assert (found.token, found.stage) == ("tok-abc", "follow_up_2")
    assert found.in_reply_to == "<inv-1@acme.example>"
    assert found.recipients == ("jane.doe@acme.example",)
    assert found.date == NOW


@pytest.mark.parametrize("stage", ["thank_you_1\r\nBcc: x@evil.example", "x", "follow_up_", ""])
def test_a_malformed_stage_is_refused_when_building(stage: str) -> None:
    if not stage:  # no stage: no header at all
        assert b"X-Followupd-Stage" not in draft_bytes(stage)
        return
    with pytest.raises(ValueError, match="stage"):
        draft_bytes(stage)


def test_a_message_without_our_token_is_not_ours() -> None:
    assert read_found(b"From: a@b.example\r\nSubject: hi\r\n") is None
    assert read_found(b"X-Followupd-Token: bad token with spaces\r\n") is None


def test_an_unknown_stage_value_reads_as_no_stage() -> None:
    found = read_found(header_of(draft_bytes()).replace(b"thank_you_1", b"rm_-rf_1"))
    assert found is not None
    assert found.stage == ""


def test_matches_the_application_it_replies_to_and_is_recorded_as_the_users() -> None:
    acme = make_app(id=1)
    other = make_app(id=2, interviewer=Address("Bob", "bob@other.example"),
                     thread=ThreadRef("<inv-9@other.example>", (), "Interview", None))
    found = read_found(header_of(draft_bytes()))
    assert found is not None
    fit = match(found, [other, acme])
    assert fit is not None
    app, why = fit
    assert app.id == 1
    assert why.rule == "adopted"
    record = adopted_record(found, app, uid=7, uidvalidity=99, folder="Drafts", now=NOW)
    assert (record.stage, record.token, record.uid, record.uidvalidity) == ("thank_you_1", "tok-abc", 7, 99)
    assert record.status is DraftStatus.EDITED  # never withdrawn automatically


def test_no_match_when_the_recipient_is_not_a_correspondent_of_the_thread() -> None:
    found = read_found(header_of(draft_bytes()))
    assert found is not None
    stranger = make_app(interviewer=Address("Eve", "eve@elsewhere.example"))
    assert match(found, [stranger]) is None


def test_no_match_when_two_applications_fit_equally() -> None:
    found = read_found(header_of(draft_bytes()))
    assert found is not None
    assert match(found, [make_app(id=1), make_app(id=2)]) is None


def test_a_draft_without_stage_header_gets_a_unique_placeholder_stage() -> None:
    found = read_found(header_of(draft_bytes(stage="")))
    assert found is not None
    record = adopted_record(found, make_app(), uid=1, uidvalidity=1, folder="Drafts", now=NOW)
    assert record.stage == "adopted_tok-abc"
