"""What a message in a correction folder does to the applications, as pure decisions."""

from __future__ import annotations

from dataclasses import replace

from engine_factories import BERLIN, TUESDAY_INTERVIEW, berlin, facts, make_app

from followupd.core.mailbox_types import FolderList
from followupd.core.model import Address, Application, AppState, Hold, Kind
from followupd.engine.corrections import Correction, as_tracked, correct

NOW = berlin("2026-03-10 12:00")
IN_THREAD = {"in_reply_to": "<inv-1@acme.example>", "references": ("<inv-1@acme.example>",)}


def tracked(**kw: object) -> Application:
    """An application whose thread holds the invitation <inv-1@acme.example>."""
    return make_app(message_ids=("<inv-1@acme.example>",), **kw)


def run(correction: Correction, message: object, *apps: object):  # type: ignore[no-untyped-def]
    return correct(correction, message, {a.id: a for a in apps}, NOW, BERLIN,  # type: ignore[attr-defined,arg-type]
                   folder=f"followupd/{correction.folder_name}")


def test_a_rejection_in_the_thread_decides_the_application_with_the_folder_as_reason() -> None:
    app = tracked(state=AppState.WAITING, interviews=(TUESDAY_INTERVIEW,))
    done = run(Correction.REJECTION, facts(Kind.REPLY, "<r@acme.example>", "2026-03-09 10:00",
                                           **IN_THREAD), app)
    assert done.app is not None
    assert (done.app.state, done.app.decision) == (AppState.DECIDED, Kind.REJECTION)
    assert "followupd/Rejection" in done.reason.detail
    assert not done.start


def test_an_offer_replaces_a_hold_and_a_wrong_rejection() -> None:
    hold = Hold("<h@acme.example>", Kind.REJECTION, 0.6, berlin("2026-03-09 10:00"), "Re: x")
    held = tracked(state=AppState.WAITING, held=hold)
    done = run(Correction.OFFER, facts(Kind.REPLY, "<o@acme.example>", "2026-03-09 10:00",
                                       **IN_THREAD), held)
    assert done.app is not None
    assert (done.app.state, done.app.decision, done.app.held) == (AppState.DECIDED, Kind.OFFER, None)


def test_not_a_decision_puts_a_decided_application_back_on_its_schedule() -> None:
    decided = tracked(state=AppState.DECIDED, decision=Kind.REJECTION,
                       interviews=(TUESDAY_INTERVIEW,))
    done = run(Correction.NOT_A_DECISION, facts(Kind.REJECTION, "<r@acme.example>",
                                                "2026-03-09 10:00", **IN_THREAD), decided)
    assert done.app is not None
    assert (done.app.state, done.app.decision) == (AppState.INTERVIEWED, None)
    assert "back to interviewed" in done.reason.detail


def test_not_a_decision_releases_a_hold_and_changes_nothing_on_a_live_application() -> None:
    hold = Hold("<h@acme.example>", Kind.REJECTION, 0.6, berlin("2026-03-09 10:00"), "Re: x")
    message = facts(Kind.REPLY, "<h@acme.example>", "2026-03-09 10:00", **IN_THREAD)
    released = run(Correction.NOT_A_DECISION, message, tracked(held=hold))
    assert released.app is not None
    assert released.app.held is None
    unchanged = run(Correction.NOT_A_DECISION, message, tracked())
    assert unchanged.app is None
    assert "not taken as a decision" in unchanged.reason.detail


def test_track_starts_an_application_from_a_message_nobody_tracked() -> None:
    recruiter = Address("Rita Recruiter", "rita@hooli.example")
    hello = facts(Kind.UNRELATED, "<hello@hooli.example>", "2026-03-09 10:00", sender=recruiter,
                  subject="Hello", company="Hooli")
    done = run(Correction.TRACK, hello)
    assert done.start
    assert done.app is not None
    assert done.app.state is AppState.WAITING
    assert done.app.recruiter == recruiter  # the one a follow-up answers
    assert "tracking started" in done.reason.detail


def test_track_resumes_a_stopped_application_and_leaves_a_tracked_one_alone() -> None:
    stopped = tracked(state=AppState.STOPPED, resume_state=AppState.WAITING)
    message = facts(Kind.REPLY, "<x@acme.example>", "2026-03-09 10:00", **IN_THREAD)
    again = run(Correction.TRACK, message, stopped)
    assert again.app is not None
    assert again.app.state is AppState.WAITING
    assert run(Correction.TRACK, message, tracked()).app is None


def test_ignore_stops_a_tracked_thread_and_keeps_an_untracked_one_as_stopped() -> None:
    live = tracked(state=AppState.WAITING)
    done = run(Correction.IGNORE, facts(Kind.REPLY, "<x@acme.example>", "2026-03-09 10:00",
                                        **IN_THREAD), live)
    assert done.app is not None
    assert (done.app.state, done.app.resume_state) == (AppState.STOPPED, AppState.WAITING)
    news = facts(Kind.INTERVIEW, "<n@news.example>", "2026-03-09 10:00",
                 sender=Address("", "events@news.example"))
    kept = run(Correction.IGNORE, news)
    assert kept.start
    assert kept.app is not None
    assert kept.app.state is AppState.STOPPED


def test_a_decision_for_a_message_of_no_application_changes_nothing() -> None:
    other = facts(Kind.REPLY, "<z@elsewhere.example>", "2026-03-09 10:00",
                  sender=Address("", "x@elsewhere.example"))
    done = run(Correction.REJECTION, other, tracked())
    assert done.app is None
    assert "belongs to no application" in done.reason.detail


def test_as_tracked_keeps_decisions_and_interviews_but_makes_the_rest_a_reply() -> None:
    assert as_tracked(facts(Kind.UNRELATED, "<u@x>", "2026-03-09 10:00")).kind is Kind.REPLY
    assert as_tracked(facts(Kind.AUTOMATED, "<u@x>", "2026-03-09 10:00")).kind is Kind.REPLY
    assert as_tracked(facts(Kind.OFFER, "<u@x>", "2026-03-09 10:00")).kind is Kind.OFFER
    noreply = replace(facts(Kind.REPLY, "<u@x>", "2026-03-09 10:00"),
                      sender=Address("", "no-reply@ats.example"))
    assert as_tracked(noreply).recruiter is None


def test_folder_names_follow_the_servers_hierarchy_delimiter() -> None:
    assert FolderList(("INBOX",), "/").child("followupd", "Track") == "followupd/Track"
    assert FolderList(("INBOX",), ".").child("INBOX.followupd", "Offer") == "INBOX.followupd.Offer"
    assert FolderList(("INBOX",), "").child("followupd", "Offer") == "followupd-Offer"
