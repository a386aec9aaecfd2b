"""The tracking policy for one new message, as pure decisions (the runner only carries them out)."""

from __future__ import annotations

from dataclasses import replace

from engine_factories import berlin, facts, interview, make_app

from followupd.core.model import Address, AppState, Kind, Reason
from followupd.engine.intake import decide, may_track, notice_for, starts_anew, too_old

NOW = berlin("2026-03-10 12:00")


def test_untracked_kinds_go_nowhere_and_our_draft_in_sent_is_own_mail() -> None:
    app = make_app()
    assert decide(facts(Kind.UNRELATED, "<u@x>", "2026-03-09 10:00"), {1: app}, from_sent=False,
                  now=NOW, track_history_days=90).application_id is None
    sent = replace(facts(Kind.OUR_DRAFT, "<d@x>", "2026-03-09 10:00"), in_reply_to="<inv-1@acme.example>")
    intake = decide(sent, {1: app}, from_sent=True, now=NOW, track_history_days=90)
    assert intake.facts.kind is Kind.OUTBOUND
    assert not decide(sent, {1: app}, from_sent=False, now=NOW, track_history_days=90).start


def test_a_new_interview_starts_an_application_unless_it_is_too_old() -> None:
    invite = facts(Kind.INTERVIEW, "<i@y>", "2026-03-09 10:00", sender=replace(make_app().interviewer),
                   interview=interview("2026-03-12 10:00", "2026-03-12 11:00"))
    assert decide(invite, {}, from_sent=False, now=NOW, track_history_days=90).start
    old = replace(invite, interview=interview("2025-01-12 10:00", "2025-01-12 11:00"))
    held = decide(old, {}, from_sent=False, now=NOW, track_history_days=90)
    assert not held.start
    assert "more than 90 days ago" in held.ignored
    assert too_old(invite, NOW, 90) == ""


def test_an_interview_after_a_decision_is_a_new_application_unless_in_thread() -> None:
    decided = make_app(state=AppState.DECIDED)
    invite = facts(Kind.INTERVIEW, "<i@y>", "2026-03-09 10:00")
    assert starts_anew(invite, decided, (Reason("address", "jane"),))
    assert not starts_anew(invite, decided, (Reason("thread", "<inv-1@acme.example>"),))
    assert not starts_anew(invite, make_app(state=AppState.WAITING), ())


def test_decisions_and_bounces_get_a_notice() -> None:
    app = make_app()
    assert notice_for(facts(Kind.OFFER, "<o@x>", "2026-03-09 10:00"), app) == "Acme: offer (Re: Interview)"
    hard = facts(Kind.BOUNCE, "<b@x>", "2026-03-09 10:00", bounce_permanent=True,
                 bounce_recipient="jane@acme.example", bounce_status="5.1.1")
    assert notice_for(hard, app) == ("Acme: a mail to jane@acme.example bounced (5.1.1); no draft "
                                     "goes to it again: `followupd note 1 --to NEW-ADDRESS` names "
                                     "a new one")
    soft = facts(Kind.BOUNCE, "<b@x>", "2026-03-09 10:00", bounce_recipient="jane@acme.example")
    assert "is delayed; the mail server keeps trying" in notice_for(soft, app)
    assert notice_for(facts(Kind.REPLY, "<r@x>", "2026-03-09 10:00"), app) == ""


def test_only_kinds_that_can_change_an_application_need_the_applications() -> None:
    assert may_track(Kind.REPLY)
    assert may_track(Kind.OUR_DRAFT)  # in Sent it is the user's own mail
    assert not may_track(Kind.UNRELATED)


def test_an_interview_from_your_own_organisation_never_starts_an_application() -> None:
    colleague = Address("Mei Chen", "mei@example-corp.com")
    meeting = facts(Kind.INTERVIEW, "<m@example-corp.com>", "2026-03-09 10:00", sender=colleague,
                    interview=interview("2026-03-12 10:00", "2026-03-12 11:00"))
    work = ("alice@example-corp.com",)
    held = decide(meeting, {}, from_sent=False, now=NOW, track_history_days=90, own_addresses=work)
    assert not held.start
    assert "own organisation" in held.ignored
    # A subdomain is the same organisation; a freemail identity says nothing about the sender.
    it = replace(meeting, sender=Address("IT", "helpdesk@it.example-corp.com"))
    assert not decide(it, {}, from_sent=False, now=NOW, track_history_days=90, own_addresses=work).start
    assert decide(meeting, {}, from_sent=False, now=NOW, track_history_days=90,
                  own_addresses=("alice@gmail.com",)).start
