from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from desk import Desk
from engine_factories import (
    BERLIN,
    JANE,
    berlin,
    facts,
    interview,
    make_app,
    make_draft,
    user_sends,
)

from followupd.core.actions import Notify, QueueDraft, SetState, WithdrawDraft
from followupd.core.model import Address, Application, AppState, DraftStatus, Kind
from followupd.engine.plan import next_action, plan
from followupd.engine.track import apply_message, new_application

TUESDAY = interview("2026-03-03 14:00", "2026-03-03 15:00")


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """The real execute on a SQLite store and the in-memory mailbox."""
    desk = Desk(tmp_path, BERLIN)
    yield desk
    desk.close()


def queued(actions: list[object]) -> list[QueueDraft]:
    return [a for a in actions if isinstance(a, QueueDraft)]


def test_tuesday_afternoon_interview_gets_its_thank_you_that_tuesday() -> None:
    app = make_app(interviews=(TUESDAY,))
    actions = plan([app], berlin("2026-03-03 17:00"), BERLIN)
    assert actions[0] == SetState(1, AppState.INTERVIEWED, actions[0].reasons)  # type: ignore[union-attr]
    (draft,) = queued(actions)
    assert (draft.stage, draft.template, draft.due_at) == (
        "thank_you_1",
        "thank_you",
        berlin("2026-03-03 17:00"),
    )
    assert draft.reasons[0].rule == "thank_you"


def test_thank_you_is_not_queued_before_it_is_due() -> None:
    app = make_app(interviews=(TUESDAY,), state=AppState.INTERVIEWED)
    assert plan([app], berlin("2026-03-03 16:59"), BERLIN) == []
    assert next_action(app, berlin("2026-03-03 16:59"), BERLIN) == (
        "thank_you_1",
        berlin("2026-03-03 17:00"),
    )


def test_evening_interview_still_gets_its_thank_you_the_same_evening() -> None:
    evening = interview("2026-03-03 18:00", "2026-03-03 19:00")
    app = make_app(interviews=(evening,), state=AppState.INTERVIEWED)
    (draft,) = queued(plan([app], berlin("2026-03-03 21:00"), BERLIN))
    assert draft.due_at == berlin("2026-03-03 21:00")


def test_early_interview_thank_you_waits_for_the_window_to_open() -> None:
    early = interview("2026-03-03 06:00", "2026-03-03 06:30")
    app = make_app(interviews=(early,), state=AppState.INTERVIEWED)
    assert next_action(app, berlin("2026-03-03 07:00"), BERLIN) == (
        "thank_you_1",
        berlin("2026-03-03 09:00"),
    )


def test_ten_plans_at_the_same_instant_queue_one_draft(desk: Desk) -> None:
    now = berlin("2026-03-03 17:30")
    app = make_app(interviews=(TUESDAY,))
    first = plan([app], now, BERLIN)
    app = desk.apply(app, first, now)
    assert len(queued(first)) == 1
    for _ in range(10):
        assert plan([app], now, BERLIN) == []


def test_thank_you_too_late_is_skipped_and_follow_ups_take_over() -> None:
    app = make_app(interviews=(TUESDAY,), state=AppState.INTERVIEWED)
    actions = plan([app], berlin("2026-03-06 10:00"), BERLIN)
    assert actions == [SetState(1, AppState.WAITING, actions[0].reasons)]  # type: ignore[union-attr]


def test_interview_two_years_ago_gets_no_thank_you_and_follow_up_counts_from_it() -> None:
    # Backfill: the runner's age cutoff decides whether to draft at all; the plan itself must
    # anchor on the interview, not on the moment the old mail was read.
    now = berlin("2026-03-10 10:00")
    old = facts(Kind.INTERVIEW, "<old@acme.example>", "2024-02-20 10:00", interviewer=JANE,
                interview=interview("2024-03-05 14:00", "2024-03-05 15:00"))
    app = new_application(old, 1, now, BERLIN)
    assert app.created_at == berlin("2024-02-20 10:00")
    actions = plan([app], now, BERLIN)
    assert [a.stage for a in queued(actions)] == ["follow_up_1"]
    (follow_up,) = queued(actions)
    assert follow_up.due_at == berlin("2024-03-19 15:00")  # 10 business days after the end
    assert "(the interview)" in follow_up.reasons[0].detail
    assert next_action(app, now, BERLIN) == ("follow_up_1", berlin("2024-03-19 15:00"))


def test_own_mail_after_the_interview_counts_as_the_thank_you() -> None:
    app = make_app(
        interviews=(TUESDAY,),
        state=AppState.INTERVIEWED,
        last_outbound_at=berlin("2026-03-03 16:00"),
    )
    assert queued(plan([app], berlin("2026-03-03 17:30"), BERLIN)) == []


def test_follow_ups_skip_holidays_widen_and_end_in_ghosted(desk: Desk) -> None:
    iv = interview("2026-04-21 10:00", "2026-04-21 11:00")
    app = make_app(interviews=(iv,), state=AppState.INTERVIEWED)
    now = berlin("2026-04-21 13:00")
    app = desk.apply(app, plan([app], now, BERLIN), now)
    app = user_sends(app, "thank_you_1", berlin("2026-04-23 12:00"))
    app = desk.apply(app, plan([app], berlin("2026-04-23 12:01"), BERLIN), now)
    assert app.state is AppState.WAITING

    # 10 business days; Fri 1 May (Labour Day) moves it from Thu 7 May to Fri 8 May.
    assert next_action(app, berlin("2026-05-07 12:00"), BERLIN) == (
        "follow_up_1",
        berlin("2026-05-08 12:00"),
    )
    assert plan([app], berlin("2026-05-07 12:00"), BERLIN) == []
    expected = [
        ("follow_up_1", "2026-05-08 12:00", "2026-05-08 14:00", 10),
        ("follow_up_2", "2026-06-01 14:00", "2026-06-01 15:00", 14),  # Ascension, Whit Monday
        ("follow_up_3", "2026-06-30 15:00", "2026-06-30 16:00", 21),
    ]
    for stage, due, sent_at, days in expected:
        (draft,) = queued(plan([app], berlin(due), BERLIN))
        assert (draft.stage, draft.due_at) == (stage, berlin(due))
        assert draft.reasons[0].detail.startswith(f"{days} business days after last contact")
        app = desk.apply(app, [draft], berlin(due))
        app = user_sends(app, stage, berlin(sent_at))

    # Cadence reused (21) after the last follow-up, then ghosted.
    assert next_action(app, berlin("2026-07-01 10:00"), BERLIN) == (
        "ghosted",
        berlin("2026-07-29 16:00"),
    )
    assert plan([app], berlin("2026-07-29 15:59"), BERLIN) == []
    actions = plan([app], berlin("2026-07-29 16:00"), BERLIN)
    assert [type(a) for a in actions] == [SetState]
    assert actions[0].state is AppState.GHOSTED  # type: ignore[union-attr]
    app = desk.apply(app, actions, berlin("2026-07-29 16:00"))
    assert plan([app], berlin("2026-12-01 10:00"), BERLIN) == []


def waiting_after_thank_you(**kw: object) -> Application:
    thanks = make_draft(
        "thank_you_1",
        DraftStatus.SENT,
        "2026-03-03 17:00",
        status_at=berlin("2026-03-03 18:00"),
    )
    fields: dict[str, object] = {
        "interviews": (TUESDAY,),
        "state": AppState.WAITING,
        "drafts": (thanks,),
        "last_outbound_at": berlin("2026-03-03 18:00"),
    }
    fields.update(kw)
    return make_app(**fields)


def test_first_follow_up_ten_business_days_after_the_thank_you() -> None:
    app = waiting_after_thank_you()
    assert next_action(app, berlin("2026-03-05 10:00"), BERLIN) == (
        "follow_up_1",
        berlin("2026-03-18 09:00"),  # Tue 17 Mar 18:00 is after the window
    )


def test_out_of_office_postpones_the_follow_up_and_nothing_else() -> None:
    app = waiting_after_thank_you()
    ooo = facts(
        Kind.AUTO_REPLY,
        "<ooo@acme.example>",
        "2026-03-16 08:00",
        return_date=dt.date(2026, 3, 27),
    )
    after, _ = apply_message(app, ooo, berlin("2026-03-16 08:05"), BERLIN)
    assert after.last_inbound_at is None
    assert next_action(after, berlin("2026-03-18 09:00"), BERLIN) == (
        "follow_up_1",
        berlin("2026-03-30 09:00"),  # Monday after "back on Friday 27 March", across DST
    )
    assert queued(plan([after], berlin("2026-03-18 09:00"), BERLIN)) == []


def test_rejection_withdraws_our_untouched_draft(desk: Desk) -> None:
    pending = make_draft("follow_up_1", DraftStatus.APPENDED, "2026-03-18 09:00", id=2)
    app = waiting_after_thank_you(drafts=(*waiting_after_thank_you().drafts, pending))
    no = facts(Kind.REJECTION, "<no@acme.example>", "2026-03-19 10:00")
    app, _ = apply_message(app, no, berlin("2026-03-19 10:01"), BERLIN)
    actions = plan([app], berlin("2026-03-19 10:02"), BERLIN)
    assert actions == [WithdrawDraft(1, 2, actions[0].reasons)]  # type: ignore[union-attr]
    desk.put(app, berlin("2026-03-19 10:01"))
    assert desk.in_drafts() == {1: "tok-follow_up_1"}
    app = desk.apply(app, actions, berlin("2026-03-19 10:02"))
    assert desk.in_drafts() == {}  # removed by its UID from Drafts, not just marked
    assert [d.status for d in app.drafts] == [DraftStatus.SENT, DraftStatus.WITHDRAWN]
    assert plan([app], berlin("2026-05-01 10:00"), BERLIN) == []


def test_offer_keeps_an_edited_draft_and_tells_the_user() -> None:
    edited = make_draft("follow_up_1", DraftStatus.EDITED, "2026-03-18 09:00", id=2)
    app = waiting_after_thank_you(drafts=(*waiting_after_thank_you().drafts, edited))
    yes = facts(Kind.OFFER, "<yes@acme.example>", "2026-03-19 10:00")
    app, _ = apply_message(app, yes, berlin("2026-03-19 10:01"), BERLIN)
    (notice,) = plan([app], berlin("2026-03-19 10:02"), BERLIN)
    assert isinstance(notice, Notify)
    assert notice.key == "kept-edited:2"
    assert "follow_up_1" in notice.text


def test_paused_application_resumes_when_the_pause_ends(desk: Desk) -> None:
    app = waiting_after_thank_you(
        state=AppState.PAUSED,
        paused_until=berlin("2026-04-01 00:00"),
        resume_state=AppState.WAITING,
    )
    assert plan([app], berlin("2026-03-31 23:59"), BERLIN) == []
    assert next_action(app, berlin("2026-03-20 10:00"), BERLIN) == (
        "resume",
        berlin("2026-04-01 00:00"),
    )
    actions = plan([app], berlin("2026-04-01 00:00"), BERLIN)
    assert actions == [SetState(1, AppState.WAITING, actions[0].reasons)]  # type: ignore[union-attr]
    app = desk.apply(app, actions, berlin("2026-04-01 00:00"))
    (draft,) = queued(plan([app], berlin("2026-04-01 09:00"), BERLIN))
    assert draft.stage == "follow_up_1"


def test_pause_without_end_plans_nothing() -> None:
    app = waiting_after_thank_you(state=AppState.PAUSED)
    assert plan([app], berlin("2027-01-01 10:00"), BERLIN) == []
    assert next_action(app, berlin("2027-01-01 10:00"), BERLIN) == ("paused", None)


def test_dismissed_follow_up_is_never_recreated_and_the_next_one_waits() -> None:
    dismissed = make_draft(
        "follow_up_1",
        DraftStatus.DISMISSED,
        "2026-03-18 09:00",
        id=2,
        status_at=berlin("2026-03-19 10:00"),
    )
    app = waiting_after_thank_you(drafts=(*waiting_after_thank_you().drafts, dismissed))
    assert next_action(app, berlin("2026-03-19 10:00"), BERLIN) == (
        "follow_up_2",
        berlin("2026-04-10 10:00"),  # 14 business days after the dismissal; Easter skipped
    )
    for day in ("2026-03-19 10:00", "2026-03-25 10:00", "2026-04-09 10:00"):
        assert plan([app], berlin(day), BERLIN) == []


def test_open_draft_blocks_any_new_draft() -> None:
    edited = make_draft("follow_up_1", DraftStatus.EDITED, "2026-03-18 09:00", id=2)
    app = waiting_after_thank_you(drafts=(*waiting_after_thank_you().drafts, edited))
    assert plan([app], berlin("2026-09-01 10:00"), BERLIN) == []
    assert next_action(app, berlin("2026-09-01 10:00"), BERLIN) == ("follow_up_1", None)


def test_a_reply_resets_the_unanswered_count() -> None:
    drafts = (
        *waiting_after_thank_you().drafts,
        make_draft(
            "follow_up_1",
            DraftStatus.SENT,
            "2026-03-18 09:00",
            id=2,
            status_at=berlin("2026-03-18 10:00"),
        ),
    )
    app = waiting_after_thank_you(drafts=drafts, last_inbound_at=berlin("2026-03-20 10:00"))
    # Back to the first cadence step (10 days, not 14), counted from their reply; Easter skipped.
    assert next_action(app, berlin("2026-03-20 11:00"), BERLIN) == (
        "follow_up_2",
        berlin("2026-04-07 10:00"),
    )


def test_no_human_address_gives_a_notice_instead_of_a_draft() -> None:
    ats = Address("Acme Careers", "no-reply@acme.greenhouse.io")
    app = make_app(
        interviews=(TUESDAY,), state=AppState.INTERVIEWED, interviewer=None, recruiter=ats
    )
    (notice,) = plan([app], berlin("2026-03-03 17:00"), BERLIN)
    assert isinstance(notice, Notify)
    assert notice.key == "no-recipient:thank_you_1"
    assert "no human address" in notice.text
    assert "followupd note 1 --to ADDRESS" in notice.text


def test_every_address_dead_gives_the_notice_too_never_a_draft() -> None:
    app = make_app(interviews=(TUESDAY,), state=AppState.INTERVIEWED,
                   dead_addresses=(JANE.email,))
    (notice,) = plan([app], berlin("2026-03-03 17:00"), BERLIN)
    assert isinstance(notice, Notify)
    assert "followupd note 1 --to ADDRESS" in notice.text


def test_cancelled_interview_withdraws_its_thank_you_and_gets_none() -> None:
    cancelled = replace(TUESDAY, cancelled=True)
    pending = make_draft("thank_you_1", DraftStatus.APPENDED, "2026-03-03 17:00")
    app = make_app(interviews=(cancelled,), state=AppState.INTERVIEWED, drafts=(pending,))
    actions = plan([app], berlin("2026-03-03 18:00"), BERLIN)
    assert [type(a) for a in actions] == [WithdrawDraft, SetState]
    assert queued(plan([replace(app, drafts=())], berlin("2026-03-03 18:00"), BERLIN)) == []


def test_second_round_uses_the_second_thank_you_template() -> None:
    second = interview("2026-03-17 10:00", "2026-03-17 11:00")
    app = waiting_after_thank_you(interviews=(TUESDAY, second), state=AppState.SCHEDULED)
    (draft,) = queued(plan([app], berlin("2026-03-17 13:00"), BERLIN))
    assert (draft.stage, draft.template) == ("thank_you_2", "thank_you_second")


def test_upcoming_interview_withdraws_a_stale_follow_up() -> None:
    second = interview("2026-03-25 10:00", "2026-03-25 11:00")
    pending = make_draft("follow_up_1", DraftStatus.APPENDED, "2026-03-18 09:00", id=2)
    app = waiting_after_thank_you(
        interviews=(TUESDAY, second), drafts=(*waiting_after_thank_you().drafts, pending)
    )
    actions = plan([app], berlin("2026-03-19 09:00"), BERLIN)
    assert [type(a) for a in actions] == [WithdrawDraft, SetState]
    assert actions[1].state is AppState.SCHEDULED  # type: ignore[union-attr]


def test_thank_you_for_a_reissued_slot_is_kept_after_the_old_slot_was_cancelled(desk: Desk) -> None:
    # Found by the state machine: a cancelled 14:00 slot and a new 12:00 interview that day.
    old = replace(TUESDAY, cancelled=True)
    new = interview("2026-03-03 12:00", "2026-03-03 13:00")
    app = make_app(interviews=(old, new), state=AppState.INTERVIEWED)
    now = berlin("2026-03-03 15:00")
    app = desk.apply(app, plan([app], now, BERLIN), now)
    assert [d.stage for d in app.drafts] == ["thank_you_1"]
    assert plan([app], now, BERLIN) == []


def test_an_employer_reply_after_our_follow_up_was_drafted_withdraws_it_and_replans() -> None:
    pending = make_draft("follow_up_1", DraftStatus.APPENDED, "2026-03-18 09:00", id=2)
    app = waiting_after_thank_you(drafts=(*waiting_after_thank_you().drafts, pending),
                                  last_inbound_at=berlin("2026-03-19 10:00"))
    now = berlin("2026-03-19 10:30")
    actions = plan([app], now, BERLIN)
    assert [type(a) for a in actions] == [WithdrawDraft]
    assert actions[0].reasons[0].rule == "answered"  # type: ignore[union-attr]
    stage, due = next_action(app, now, BERLIN)
    assert stage == "follow_up_2"  # ten business days after their reply, not at once
    assert due == berlin("2026-04-02 10:00")


@pytest.mark.parametrize("status", [DraftStatus.EDITED, DraftStatus.SENT])
def test_a_reply_never_withdraws_a_follow_up_the_user_touched(status: DraftStatus) -> None:
    touched = make_draft("follow_up_1", status, "2026-03-18 09:00", id=2)
    app = waiting_after_thank_you(drafts=(*waiting_after_thank_you().drafts, touched),
                                  last_inbound_at=berlin("2026-03-19 10:00"))
    assert not [a for a in plan([app], berlin("2026-03-19 10:30"), BERLIN)
                if isinstance(a, WithdrawDraft)]


def test_a_reply_older_than_our_follow_up_keeps_it() -> None:
    pending = make_draft("follow_up_1", DraftStatus.APPENDED, "2026-03-18 09:00", id=2)
    app = waiting_after_thank_you(drafts=(*waiting_after_thank_you().drafts, pending),
                                  last_inbound_at=berlin("2026-03-04 10:00"))
    assert plan([app], berlin("2026-03-19 10:30"), BERLIN) == []
