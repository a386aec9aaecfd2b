"""One rule each for what status/show/preview report: last contact, follow-ups sent, the
template of a stage and where a resume goes (the CLI asks these, it does not recompute)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from engine_factories import berlin, facts, make_app, make_draft

from followupd.core.model import AppState, DraftStatus, Kind
from followupd.engine.contact import followups_sent, last_contacts, message_time
from followupd.engine.lifecycle import resume_target, resumed
from followupd.engine.stages import is_stage, template_for


def test_message_time_is_never_later_than_when_it_was_read() -> None:
    seen = berlin("2026-03-05 12:00")
    assert message_time(facts(Kind.REPLY, "<a@x>", "2026-03-04 09:00"), seen) == berlin("2026-03-04 09:00")
    assert message_time(facts(Kind.REPLY, "<a@x>", "2026-04-01 09:00"), seen) == seen
    assert message_time(replace(facts(Kind.REPLY, "<a@x>", "2026-03-01 09:00"), date=None), seen) == seen


def test_last_contacts_counts_human_mail_and_sent_drafts_not_auto_replies() -> None:
    sent = make_draft("follow_up_1", DraftStatus.SENT, "2026-03-06 10:00",
                      status_at=berlin("2026-03-07 08:00"))
    app = make_app(drafts=(sent,), last_inbound_at=berlin("2026-03-01 10:00"))
    seen = berlin("2026-03-10 12:00")
    messages = [
        (facts(Kind.REPLY, "<r@x>", "2026-03-03 10:00"), seen),
        (facts(Kind.AUTO_REPLY, "<o@x>", "2026-03-09 10:00"), seen),
        (facts(Kind.OUTBOUND, "<me@x>", "2026-03-05 10:00"), seen),
    ]
    assert last_contacts(app, messages) == (berlin("2026-03-03 10:00"), berlin("2026-03-07 08:00"))
    assert last_contacts(make_app()) == (None, None)


def test_followups_sent_counts_only_sent_follow_ups() -> None:
    drafts = (
        make_draft("thank_you_1", DraftStatus.SENT, "2026-03-03 18:00"),
        replace(make_draft("follow_up_1", DraftStatus.SENT, "2026-03-10 10:00"), id=2),
        replace(make_draft("follow_up_2", DraftStatus.DISMISSED, "2026-03-20 10:00"), id=3),
    )
    assert followups_sent(make_app(drafts=drafts)) == 1


@pytest.mark.parametrize(("stage", "template"), [
    ("thank_you_1", "thank_you"), ("thank_you_2", "thank_you_second"), ("follow_up_3", "follow_up"),
])
def test_each_stage_has_one_template(stage: str, template: str) -> None:
    assert is_stage(stage)
    assert template_for(stage) == template


def test_a_name_that_is_no_stage_has_no_template() -> None:
    assert not is_stage("ghosted")
    with pytest.raises(ValueError, match="not a stage"):
        template_for("ghosted")


def test_resume_goes_to_the_live_state_kept_else_waiting() -> None:
    paused = make_app(state=AppState.PAUSED, paused_until=berlin("2026-03-10 09:00"),
                      resume_state=AppState.SCHEDULED)
    assert resume_target(paused) is AppState.SCHEDULED
    assert resume_target(replace(paused, resume_state=AppState.DECIDED)) is AppState.WAITING
    back = resumed(paused)
    assert (back.state, back.paused_until, back.resume_state) == (AppState.SCHEDULED, None, None)
    assert resumed(paused, AppState.GHOSTED).state is AppState.GHOSTED
