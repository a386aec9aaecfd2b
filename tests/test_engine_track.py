from __future__ import annotations

import datetime as dt
from dataclasses import replace

from engine_factories import BERLIN, JANE, ME, berlin, facts, interview, make_app

from followupd.core.model import Address, AppState, Kind, MessageFacts
from followupd.engine.track import apply_message, new_application

NOW = berlin("2026-03-02 09:00")


def invite(msg_id: str = "<inv-1@acme.example>", **iv: object) -> MessageFacts:
    kw = {"calendar_uid": "uid-1", "sequence": 0} | iv
    return facts(
        Kind.INTERVIEW,
        msg_id,
        "2026-03-01 12:00",
        subject="Interview: Data Engineer",
        company="Acme",
        position="Data Engineer",
        interviewer=JANE,
        interview=interview("2026-03-03 14:00", "2026-03-03 15:00", **kw),
    )


def test_new_application_is_scheduled_before_the_interview() -> None:
    app = new_application(invite(), 7, NOW)
    assert (app.id, app.state, app.company, app.position) == (
        7,
        AppState.SCHEDULED,
        "Acme",
        "Data Engineer",
    )
    assert app.interviewer == JANE
    assert app.thread is not None
    assert app.thread.message_id == "<inv-1@acme.example>"
    assert app.message_ids == ("<inv-1@acme.example>",)


def test_new_application_starts_at_the_first_message_time_not_when_it_was_read() -> None:
    app = new_application(invite(), 7, berlin("2026-04-01 09:00"))
    assert app.created_at == berlin("2026-03-01 12:00")
    future = replace(invite(), date=berlin("2030-01-01 10:00"))
    assert new_application(future, 8, NOW).created_at == NOW


def test_new_application_is_interviewed_when_the_interview_is_over() -> None:
    app = new_application(invite(), 7, berlin("2026-03-03 15:30"))
    assert app.state is AppState.INTERVIEWED


def test_reschedule_with_higher_sequence_replaces_the_interview() -> None:
    app = new_application(invite(), 1, NOW)
    moved = replace(
        invite("<inv-2@acme.example>", sequence=1),
        interview=interview(
            "2026-03-05 10:00", "2026-03-05 11:00", calendar_uid="uid-1", sequence=1
        ),
    )
    app, reasons = apply_message(app, moved, NOW)
    assert [i.start for i in app.interviews] == [berlin("2026-03-05 10:00")]
    assert reasons[0].rule == "interview_rescheduled"


def test_stale_sequence_is_ignored() -> None:
    app = new_application(invite(sequence=2), 1, NOW)
    old = replace(
        invite("<inv-0@acme.example>"),
        interview=interview(
            "2026-03-09 10:00", "2026-03-09 11:00", calendar_uid="uid-1", sequence=1
        ),
    )
    app2, reasons = apply_message(app, old, NOW)
    assert app2.interviews == app.interviews
    assert reasons[0].rule == "interview_stale"


def test_invitation_after_the_first_interview_is_a_new_round() -> None:
    app = new_application(invite(), 1, NOW)
    later = berlin("2026-03-04 09:00")
    second = replace(
        invite("<inv-2@acme.example>"),
        interview=interview("2026-03-10 10:00", "2026-03-10 11:00", calendar_uid="uid-2"),
    )
    app, _ = apply_message(replace(app, state=AppState.WAITING), second, later)
    assert len(app.interviews) == 2
    assert app.state is AppState.SCHEDULED


def test_mail_reschedule_without_uid_replaces_the_upcoming_interview() -> None:
    app = new_application(invite(calendar_uid=""), 1, NOW)
    moved = replace(
        invite("<inv-2@acme.example>"),
        interview=interview("2026-03-04 14:00", "2026-03-04 15:00"),
    )
    app, _ = apply_message(app, moved, NOW)
    assert [i.start for i in app.interviews] == [berlin("2026-03-04 14:00")]


def test_cancellation_marks_the_interview_cancelled() -> None:
    app = new_application(invite(), 1, NOW)
    cancel = facts(
        Kind.INTERVIEW_CANCELLED,
        "<cancel@acme.example>",
        "2026-03-02 08:00",
        interview=interview(
            "2026-03-03 14:00", "2026-03-03 15:00", calendar_uid="uid-1", sequence=1
        ),
    )
    app, reasons = apply_message(app, cancel, NOW)
    assert app.interviews[0].cancelled
    assert app.state is AppState.WAITING
    assert reasons[0].rule == "interview_cancelled"


def test_rejection_decides_and_sets_last_inbound() -> None:
    app = make_app(state=AppState.WAITING)
    msg = facts(Kind.REJECTION, "<no@acme.example>", "2026-03-20 10:00")
    app, _ = apply_message(app, msg, berlin("2026-03-20 11:00"))
    assert (app.state, app.decision) == (AppState.DECIDED, Kind.REJECTION)
    assert app.last_inbound_at == berlin("2026-03-20 10:00")


def test_decided_application_is_not_revived_by_an_invitation() -> None:
    app = make_app(state=AppState.DECIDED, decision=Kind.REJECTION)
    app, reasons = apply_message(app, invite(), NOW)
    assert app.state is AppState.DECIDED
    assert any(r.rule == "not_revived" for r in reasons)


def test_ghosted_application_is_revived_by_a_new_invitation_only() -> None:
    ghosted = make_app(state=AppState.GHOSTED)
    reply = facts(Kind.REPLY, "<r@acme.example>", "2026-03-01 10:00")
    still, _ = apply_message(ghosted, reply, NOW)
    assert still.state is AppState.GHOSTED
    revived, reasons = apply_message(ghosted, invite(), NOW)
    assert revived.state is AppState.SCHEDULED
    assert any(r.rule == "revived" for r in reasons)


def test_out_of_office_only_postpones() -> None:
    app = make_app(state=AppState.WAITING, last_inbound_at=berlin("2026-03-01 10:00"))
    ooo = facts(
        Kind.AUTO_REPLY,
        "<ooo@acme.example>",
        "2026-03-10 10:00",
        sender=Address("Jane Doe", "jane.doe@acme.example"),
        return_date=dt.date(2026, 3, 20),  # Friday
    )
    after, reasons = apply_message(app, ooo, berlin("2026-03-10 10:05"), BERLIN)
    assert after.postponed_until == berlin("2026-03-23 09:00")  # next business morning
    assert replace(after, postponed_until=None, message_ids=()) == app
    assert reasons[0].rule == "out_of_office"


def test_out_of_office_without_return_date_changes_nothing_but_bookkeeping() -> None:
    app = make_app(state=AppState.WAITING)
    ooo = facts(Kind.AUTO_REPLY, "<ooo@acme.example>", "2026-03-10 10:00")
    after, _ = apply_message(app, ooo, berlin("2026-03-10 10:05"), BERLIN)
    assert replace(after, message_ids=()) == app


def test_reply_with_promised_date_postpones_and_counts_as_contact() -> None:
    app = make_app(state=AppState.WAITING)
    reply = facts(
        Kind.REPLY, "<r@acme.example>", "2026-03-10 10:00", answer_by=dt.date(2026, 3, 13)
    )
    app, _ = apply_message(app, reply, berlin("2026-03-10 11:00"), BERLIN)
    assert app.last_inbound_at == berlin("2026-03-10 10:00")
    assert app.postponed_until == berlin("2026-03-16 09:00")
    assert app.thread is not None
    assert app.thread.message_id == "<r@acme.example>"
    assert app.thread.references == ("<inv-1@acme.example>", "<r@acme.example>")


def test_outbound_sets_last_outbound_and_thread() -> None:
    app = make_app(state=AppState.WAITING)
    sent = facts(
        Kind.OUTBOUND,
        "<mine@example.org>",
        "2026-03-10 10:00",
        sender=ME,
        to=(JANE,),
        references=("<inv-1@acme.example>",),
    )
    app, _ = apply_message(app, sent, berlin("2026-03-10 11:00"))
    assert app.last_outbound_at == berlin("2026-03-10 10:00")
    assert app.thread is not None
    assert app.thread.references == ("<inv-1@acme.example>", "<mine@example.org>")
    assert "max@example.org" not in app.addresses


def test_an_older_message_synced_late_does_not_rewind_the_thread() -> None:
    app = make_app(state=AppState.WAITING)
    newer = facts(Kind.REPLY, "<new@acme.example>", "2026-03-10 10:00")
    older = facts(Kind.OUTBOUND, "<old@example.org>", "2026-03-05 10:00", sender=ME)
    app, _ = apply_message(app, newer, berlin("2026-03-11 10:00"))
    app, _ = apply_message(app, older, berlin("2026-03-11 10:00"))
    assert app.thread is not None
    assert app.thread.message_id == "<new@acme.example>"
    assert app.last_outbound_at == berlin("2026-03-05 10:00")
    assert app.last_inbound_at == berlin("2026-03-10 10:00")


def test_bounce_changes_no_state_and_explains() -> None:
    # The state stays; what a permanent bounce does (dead address, hold) is pinned below.
    app = make_app(state=AppState.WAITING)
    dsn = facts(
        Kind.BOUNCE,
        "<dsn@mx.example>",
        "2026-03-10 10:00",
        sender=Address("Mail Delivery System", "mailer-daemon@mx.example"),
        bounce_recipient="jane.doe@acme.example",
        bounce_permanent=True,
    )
    after, reasons = apply_message(app, dsn, berlin("2026-03-10 10:05"))
    assert replace(after, message_ids=(), dead_addresses=(), held=None) == app
    assert reasons[0].rule == "bounce"
    assert "permanently" in reasons[0].detail


def test_future_date_header_cannot_move_the_clock_forward() -> None:
    app = make_app(state=AppState.WAITING)
    reply = facts(Kind.REPLY, "<r@acme.example>", "2030-01-01 10:00")
    app, _ = apply_message(app, reply, berlin("2026-03-10 11:00"))
    assert app.last_inbound_at == berlin("2026-03-10 11:00")


def test_applying_the_same_message_twice_equals_applying_it_once() -> None:
    app = new_application(invite(), 1, NOW)
    for msg in (
        facts(Kind.REPLY, "<r@acme.example>", "2026-03-10 10:00", answer_by=dt.date(2026, 3, 13)),
        invite(),
        facts(Kind.OUTBOUND, "<o@example.org>", "2026-03-11 10:00", sender=ME, to=(JANE,)),
    ):
        once, _ = apply_message(app, msg, NOW)
        twice, _ = apply_message(once, msg, NOW)
        assert twice == once


def _bounce(permanent: bool = True, rcpt: str = "jane.doe@acme.example") -> MessageFacts:
    return facts(Kind.BOUNCE, "<dsn-1@mx.example.org>", "2026-03-04 09:00",
                 sender=Address("Mail Delivery System", "mailer-daemon@mx.example.org"),
                 subject="Undelivered Mail Returned to Sender", bounce_recipient=rcpt,
                 bounce_permanent=permanent, bounce_status="5.1.1" if permanent else "4.4.1")


def test_a_permanent_bounce_marks_the_address_dead_and_holds_the_application() -> None:
    app = make_app(state=AppState.WAITING)
    after, why = apply_message(app, _bounce(), berlin("2026-03-04 09:30"), BERLIN)
    assert after.dead_addresses == ("jane.doe@acme.example",)
    assert after.held is not None
    assert (after.held.kind, after.held.recipient, after.held.status) == (
        Kind.BOUNCE, "jane.doe@acme.example", "5.1.1")
    assert "followupd note 1 --to NEW-ADDRESS" in str(why[-1])
    again, _ = apply_message(replace(after, held=None), _bounce(), berlin("2026-03-04 10:00"),
                             BERLIN)
    assert again.held is None  # answered already: the same bounce again asks nothing


def test_a_transient_bounce_changes_nothing_but_is_noted() -> None:
    app = make_app(state=AppState.WAITING)
    after, why = apply_message(app, _bounce(permanent=False), berlin("2026-03-04 09:30"), BERLIN)
    assert (after.held, after.dead_addresses) == (None, ())
    assert "delayed" in str(why[-1])


def test_a_bounce_on_a_decided_application_marks_the_address_but_holds_nothing() -> None:
    app = make_app(state=AppState.DECIDED, decision=Kind.REJECTION)
    after, _ = apply_message(app, _bounce(), berlin("2026-03-04 09:30"), BERLIN)
    assert (after.held, after.dead_addresses) == (None, ("jane.doe@acme.example",))
