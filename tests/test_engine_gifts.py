"""A gift once given to a person is never given to them again: the thank-you, three follow-ups
and a second round's thank-you, drafted by the real execute (tests/desk.py) and sent by the user."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desk import Desk
from engine_factories import JANE, ME, berlin, make_app, make_draft

from followupd.core.actions import QueueDraft
from followupd.core.model import (
    Address,
    Application,
    DraftRecord,
    DraftStatus,
    Interview,
    Kind,
    MessageFacts,
    Policy,
)
from followupd.engine.giftlib import Gift
from followupd.engine.plan import next_action, plan
from followupd.engine.reconcile import reconcile
from followupd.engine.render import context_for
from followupd.engine.track import apply_message

POLICY = Policy(timezone="Europe/Berlin", holiday_country="DE", max_followups=3)
GIFTS = ("gift-A", "gift-B", "gift-C", "gift-D", "gift-E", "gift-F")
FIRST = Interview(berlin("2026-03-03 14:00"), berlin("2026-03-03 15:00"), calendar_uid="uid-1")


class Scenario:
    def __init__(self, directory: Path, library: tuple[Gift, ...] = ()) -> None:
        self.desk = Desk(directory, POLICY)
        self.desk.gifts = library
        self.now = berlin("2026-03-02 09:00")
        self.app: Application = make_app(interviews=(FIRST,), topics=("dbt",),
                                         gifts=() if library else GIFTS)
        self.serial = 0
        self.bodies: dict[str, str] = {}  # stage -> the draft's text as appended

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

    def tick(self) -> list[QueueDraft]:
        actions = plan([self.app], self.now, POLICY)
        self.app = self.desk.apply(self.app, actions, self.now)
        return [a for a in actions if isinstance(a, QueueDraft)]

    def next_draft_sent(self) -> str:
        """Wait for the next draft, then the user sends it as it is. Returns its stage."""
        for _ in range(20):
            _, due = next_action(self.app, self.now, POLICY)
            if due is not None and due > self.now:
                self.now = due
            if queued := self.tick():
                break
            self.now += dt.timedelta(hours=6)
        else:
            raise AssertionError("no draft came")
        (draft,) = [d for d in self.app.drafts if d.status is DraftStatus.APPENDED]
        assert draft.stage == queued[0].stage
        raw, _ = self.desk.store.draft_payload(draft.id)
        self.bodies[draft.stage] = raw.decode("utf-8", "replace")
        sent = self.msg(Kind.OUTBOUND, message_id=draft.message_id, sender=ME, to=(JANE,))
        self.app = self.desk.apply(
            self.app, reconcile(self.app.drafts, {}, [sent], self.now, POLICY), self.now
        )
        self.desk.user_deletes(draft)
        self.app, _ = apply_message(self.app, sent, self.now, POLICY)
        return draft.stage

    def interview(self, start: dt.datetime) -> None:
        iv = Interview(start, start + dt.timedelta(hours=1), calendar_uid=f"uid-{self.serial + 1}")
        self.app, _ = apply_message(self.app, self.msg(Kind.INTERVIEW, interview=iv), self.now, POLICY)


def test_no_gift_reaches_the_same_interviewer_twice_over_two_rounds(tmp_path: Path) -> None:
    world = Scenario(tmp_path)
    stages = [world.next_draft_sent() for _ in range(4)]
    assert stages == ["thank_you_1", "follow_up_1", "follow_up_2", "follow_up_3"]
    world.interview(world.now + dt.timedelta(days=2))
    assert world.next_draft_sent() == "thank_you_2"
    given = {stage: [g for g in GIFTS if g in body] for stage, body in world.bodies.items()}
    assert all(len(gifts) == 1 for gifts in given.values()), given
    order = [gifts[0] for gifts in given.values()]
    assert len(set(order)) == len(order), f"a gift went to Jane twice: {given}"
    # Each draft records the gift it carried and to whom, which is what the next choice reads.
    recorded = {d.stage: (d.recipient, d.gift) for d in world.app.drafts}
    assert recorded == {stage: (JANE.email, gifts[0]) for stage, gifts in given.items()}
    world.desk.close()


def test_library_gifts_never_reach_the_same_interviewer_twice_over_two_rounds(tmp_path: Path) -> None:
    library = tuple(Gift(g, ("dbt",)) for g in GIFTS[:4])  # four fit; five drafts
    world = Scenario(tmp_path, library)
    for _ in range(4):
        world.next_draft_sent()
    world.interview(world.now + dt.timedelta(days=2))
    assert world.next_draft_sent() == "thank_you_2"
    given = [d.gift for d in sorted(world.app.drafts, key=lambda d: d.created_at)]
    assert given[:4] == list(GIFTS[:4])  # best fit first, then the next unused one
    assert given[4] == ""  # all four had: the second-round thank-you asks you instead
    assert "[[FOLLOWUPD:" in world.bodies["thank_you_2"]
    world.desk.close()


def test_a_gift_given_to_one_interviewer_still_goes_to_the_next_one() -> None:
    bob = Address("Bob Roe", "bob.roe@acme.example")
    jane_had_b = make_app(
        gifts=("a", "b"),
        interviewer=bob,
        interviews=(FIRST, FIRST),
        drafts=(_sent("follow_up_1", JANE.email, "b"),),
    )
    assert context_for(jane_had_b, "thank_you_2", "Max", "", "Europe/Berlin").gift == "b"
    jane_again = make_app(
        gifts=("a", "b"), interviews=(FIRST, FIRST), drafts=(_sent("follow_up_1", JANE.email, "b"),)
    )
    assert context_for(jane_again, "thank_you_2", "Max", "", "Europe/Berlin").gift == "a"


def test_a_dismissed_draft_gave_no_gift() -> None:
    dismissed = _sent("follow_up_1", JANE.email, "b", status=DraftStatus.DISMISSED)
    app = make_app(gifts=("a", "b"), interviews=(FIRST, FIRST), drafts=(dismissed,))
    assert context_for(app, "thank_you_2", "Max", "", "Europe/Berlin").gift == "b"


def _sent(stage: str, recipient: str, gift: str, status: DraftStatus = DraftStatus.SENT) -> DraftRecord:
    return make_draft(stage, status, "2026-03-10 10:00", recipient=recipient, gift=gift)
