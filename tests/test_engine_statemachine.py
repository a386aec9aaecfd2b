"""Random mail and clock advances against track + plan + reconcile + the real execute (on a
SQLite store and the in-memory mailbox, tests/desk.py).

Invariants after every step: never two open drafts for one application, never two drafts for one
stage, never a QueueDraft after a decision, never more than ``max_followups`` follow-ups without
an answer (a reply or a new interview) in between, and plan() is idempotent at a fixed instant.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from desk import Desk
from engine_factories import JANE, ME, berlin, make_app
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from followupd.core.actions import Action, QueueDraft, SetState
from followupd.core.model import (
    AppState,
    DraftStatus,
    Interview,
    Kind,
    MessageFacts,
    Policy,
)
from followupd.engine.plan import next_action, plan
from followupd.engine.reconcile import DraftSnapshot, reconcile
from followupd.engine.track import apply_message

POLICY = Policy(timezone="Europe/Berlin", holiday_country="DE", max_followups=3)
FIRST = Interview(berlin("2026-03-03 14:00"), berlin("2026-03-03 15:00"), calendar_uid="uid-0")


class EngineMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.now = berlin("2026-03-02 09:00")
        self.app = make_app(interviews=(FIRST,))
        self.decided = False
        self.unanswered = 0  # follow-ups queued since the last answer
        self.serial = 0
        self.directory = Path(tempfile.mkdtemp(prefix="followupd-engine-"))
        self.desk = Desk(self.directory, POLICY)

    def teardown(self) -> None:
        self.desk.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    # -- helpers ---------------------------------------------------------------------------

    def msg(self, kind: Kind, **kw: object) -> MessageFacts:
        self.serial += 1
        fields: dict[str, object] = {
            "message_id": f"<m{self.serial}@acme.example>",
            "subject": "Re: Interview",
            "sender": JANE,
            "kind": kind,
            "date": self.now,
        }
        fields.update(kw)
        return MessageFacts(**fields)  # type: ignore[arg-type]

    def later(self, delta: dt.timedelta) -> dt.datetime:
        """``now`` + ``delta`` of real time. (Aware datetimes with one ZoneInfo add wall-clock
        time: across the switch to summer time "+ 24 h" would be 23 real hours, and a stored
        time read back with another tzinfo then compares 1 hour short.)"""
        return (self.now.astimezone(dt.UTC) + delta).astimezone(self.now.tzinfo)

    def deliver(self, facts: MessageFacts) -> None:
        self.app, _ = apply_message(self.app, facts, self.now, POLICY)
        self.tick()

    def tick(self) -> None:
        actions = plan([self.app], self.now, POLICY)
        self.check(actions)
        self.app = self.desk.apply(self.app, actions, self.now)
        again = plan([self.app], self.now, POLICY)
        assert not [a for a in again if isinstance(a, QueueDraft | SetState)], again

    def check(self, actions: list[Action]) -> None:
        for action in actions:
            if isinstance(action, QueueDraft):
                assert not self.decided, f"draft after a decision: {action}"
                if action.stage.startswith("follow_up_"):
                    self.unanswered += 1
                    assert self.unanswered <= POLICY.max_followups

    # -- rules -----------------------------------------------------------------------------

    @rule(hours=st.integers(min_value=1, max_value=24 * 21))
    def advance_clock(self, hours: int) -> None:
        self.now = self.later(dt.timedelta(hours=hours))
        self.tick()

    @rule()
    def wait_for_next_action(self) -> None:
        _, due = next_action(self.app, self.now, POLICY)
        if due is not None and due > self.now:
            self.now = due
        self.tick()

    @rule(times=st.integers(min_value=1, max_value=4))
    def long_silence_user_sends_each_draft(self, times: int) -> None:
        for _ in range(times):
            self.wait_for_next_action()
            self.user_handles_draft("send")

    @rule(answer_in_days=st.none() | st.integers(min_value=0, max_value=15))
    def reply(self, answer_in_days: int | None) -> None:
        by = None if answer_in_days is None else self.now.date() + dt.timedelta(answer_in_days)
        self.unanswered = 0
        self.deliver(self.msg(Kind.REPLY, answer_by=by))

    @rule(back_in_days=st.none() | st.integers(min_value=0, max_value=20))
    def out_of_office(self, back_in_days: int | None) -> None:
        back = None if back_in_days is None else self.now.date() + dt.timedelta(back_in_days)
        before = self.app
        self.app, _ = apply_message(
            self.app, self.msg(Kind.AUTO_REPLY, return_date=back), self.now, POLICY
        )
        assert replace(self.app, postponed_until=None, message_ids=()) == replace(
            before, postponed_until=None, message_ids=()
        )
        self.tick()

    @rule(kind=st.sampled_from([Kind.REJECTION, Kind.OFFER]))
    def decision(self, kind: Kind) -> None:
        self.decided = True
        self.deliver(self.msg(kind))

    @rule(
        in_days=st.integers(min_value=0, max_value=10), hour=st.integers(min_value=7, max_value=19)
    )
    def interview(self, in_days: int, hour: int) -> None:
        day = self.now.date() + dt.timedelta(days=in_days)
        start = berlin(f"{day.isoformat()} {hour:02d}:00")
        if start <= self.now:
            start = self.now + dt.timedelta(hours=1)
        iv = Interview(start, start + dt.timedelta(hours=1), calendar_uid=f"uid-{self.serial + 1}")
        self.unanswered = 0
        self.deliver(self.msg(Kind.INTERVIEW, interview=iv))

    @rule()
    def cancel_next_interview(self) -> None:
        self.deliver(self.msg(Kind.INTERVIEW_CANCELLED))

    @rule()
    def user_writes(self) -> None:
        self.deliver(self.msg(Kind.OUTBOUND, sender=ME, to=(JANE,)))

    @rule(what=st.sampled_from(["send", "edit", "dismiss"]))
    def user_handles_draft(self, what: str) -> None:
        drafts = [d for d in self.app.drafts if d.status is DraftStatus.APPENDED]
        if not drafts:
            return
        draft = drafts[0]
        present: dict[str, DraftSnapshot] = {}
        sent: list[MessageFacts] = []
        if what == "edit":
            present = {draft.token: DraftSnapshot(draft.token, 1, "changed", unchanged=False)}
        elif what == "send":
            sent = [self.msg(Kind.OUTBOUND, message_id=draft.message_id, sender=ME, to=(JANE,))]
        marks = reconcile(self.app.drafts, present, sent, self.now, POLICY)
        self.app = self.desk.apply(self.app, marks, self.now)
        if what == "send":
            self.desk.user_deletes(draft)
            self.app, _ = apply_message(self.app, sent[0], self.now, POLICY)
        elif what == "dismiss":
            self.desk.user_deletes(draft)
            self.now = self.later(POLICY.dismiss_grace)
            marks = reconcile(self.app.drafts, present, sent, self.now, POLICY)
            assert [m.status for m in marks] == [DraftStatus.DISMISSED]
            self.app = self.desk.apply(self.app, marks, self.now)
        self.tick()

    # -- invariants ------------------------------------------------------------------------

    @invariant()
    def at_most_one_open_draft(self) -> None:
        assert sum(d.status.is_open for d in self.app.drafts) <= 1

    @invariant()
    def stages_are_unique(self) -> None:
        stages = [d.stage for d in self.app.drafts]
        assert len(stages) == len(set(stages))

    @invariant()
    def decided_stays_decided(self) -> None:
        if self.decided:
            assert self.app.state is AppState.DECIDED
            assert not any(
                d.status in {DraftStatus.INTENDED, DraftStatus.APPENDED} for d in self.app.drafts
            )


TestEngineMachine = EngineMachine.TestCase
TestEngineMachine.settings = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
