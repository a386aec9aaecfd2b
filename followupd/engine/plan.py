"""The planner: what should happen for each application at ``now``. Pure; returns actions.

``plan`` is idempotent: called again at the same instant with the actions applied (drafts
recorded, states set) it returns no new QueueDraft/SetState. Notify actions repeat while their
situation lasts and carry a ``key``; execute delivers each key once.

Rules and the decisions behind them:

* One open draft (intended/appended/edited) per application; while one is open nothing new is
  drafted. ``Application.drafts`` must hold *all* of the application's draft records.
* Thank-you for the latest interview that ended (round = 1-based index among non-cancelled
  interviews): due at end + ``thank_you_delay``, but not before the send window opens that local
  day. If that moment falls after the window closes it stays due *that evening*: the product is a
  draft, the advice is "the very day", and the user sends it when they like. Template
  ``thank_you`` for round 1, ``thank_you_second`` later. The stage is done when its draft was
  sent, dismissed or withdrawn, when the user wrote to them after the interview anyway, or when
  no draft was made within ``thank_you_max_age`` (daemon down, backfill) — never days late.
  A cancelled interview gets no thank-you; an untouched thank-you whose round no longer exists
  (or had not ended when it was drafted) is withdrawn. Known limitation: if a round was cancelled
  *after* its thank-you was drafted, a later interview that inherits that round number finds the
  stage name taken and gets no thank-you (stage names are never reused).
* Follow-up N (template ``follow_up``) after the thank-you stage, none while an interview is
  ahead; an untouched follow-up is withdrawn when an interview comes up or the employer writes
  after it was drafted (it asks what they just answered), and the next one is planned afresh. Due
  ``cadence[k]`` business days after the last contact, where the last contact is the latest of:
  the application's first message (``created_at``, the message's own time, so old mail read late
  is not anchored at "now"), last inbound, last outbound, the interview's end, our last draft's
  sent time, and the time the user dismissed our last follow-up (so a dismissed stage is never
  re-created at once); moved into the send window, and not before ``postponed_until``.
  Counting: ``k`` is the number of *unanswered* follow-ups — stages sent or dismissed after the
  last human reply and after the latest interview; a reply from them resets it (they answered),
  an out-of-office does not. Stage numbers N only grow (1 + the highest follow-up stage so far),
  so names stay unique. A cadence shorter than ``max_followups`` reuses its last value.
* After ``max_followups`` unanswered follow-ups, when the next cadence interval has elapsed too:
  GHOSTED.
* The live state is derived: an interview ahead -> SCHEDULED; the latest interview over and its
  thank-you not done -> INTERVIEWED; else WAITING. A difference emits SetState.
* Not live: PAUSED resumes when ``paused_until`` passes; DECIDED/STOPPED/GHOSTED withdraw our
  untouched drafts and keep (and report) edited ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from followupd.core.actions import Action, Notify, QueueDraft, SetState, WithdrawDraft
from followupd.core.model import (
    Application,
    AppState,
    DraftRecord,
    DraftStatus,
    Interview,
    Policy,
    Reason,
)
from followupd.engine.business import add_business_days, at_local, local_date, next_in_window, zone
from followupd.engine.draftmsg import choose_recipient
from followupd.engine.notes import is_notes, thank_you_due, without_notes
from followupd.engine.settled import UNTOUCHED, Decision, app_name, finished, held, paused
from followupd.engine.stages import (
    FOLLOW_UP,
    THANK_YOU,
    is_follow_up,
    parse_stage,
    stage_name,
    template_for,
)

_CONCLUDED = frozenset({DraftStatus.SENT, DraftStatus.DISMISSED, DraftStatus.WITHDRAWN})
_ANSWERABLE = frozenset({DraftStatus.SENT, DraftStatus.DISMISSED})


def plan(apps: Sequence[Application], now: dt.datetime, policy: Policy) -> list[Action]:
    """Every action due at ``now`` for ``apps``, in application order."""
    _check_aware(now)
    actions: list[Action] = []
    for app in apps:
        actions.extend(_decide(app, now, policy).actions)
    return actions


def next_action(
    app: Application, now: dt.datetime, policy: Policy
) -> tuple[str, dt.datetime | None]:
    """What comes next, for ``status``.

    ``("follow_up_2", due)``, ``("ghosted", when)``, ``("resume", when)``, ``("paused", None)``,
    ``("thank_you_1", None)`` while that stage's draft is open, or ``("none", None)``.
    """
    _check_aware(now)
    decision = _decide(app, now, policy)
    return decision.stage, decision.due


def _check_aware(now: dt.datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")


def stage_of(draft: DraftRecord) -> tuple[str, int]:
    return parse_stage(draft.stage)


def _decide(app: Application, now: dt.datetime, policy: Policy) -> Decision:
    if app.state is AppState.PAUSED:
        return paused(app, now)
    notes = tuple(d for d in app.drafts if is_notes(d.stage))
    app = without_notes(app)  # notes drafts are no stage of the schedule (engine/notes.py)
    if not app.state.is_live:
        return finished(app)
    if app.held is not None:
        return held(app, app.held)
    return _live(app, now, policy, notes)


def _thank_you_still_valid(draft: DraftRecord, active: Sequence[Interview]) -> bool:
    """A ``thank_you_<r>`` draft fits only while round r exists among the non-cancelled
    interviews and had ended when the draft was made; otherwise its interview was cancelled."""
    _, number = stage_of(draft)
    return 1 <= number <= len(active) and active[number - 1].end <= draft.created_at


def _live(app: Application, now: dt.datetime, policy: Policy,
          notes: Sequence[DraftRecord] = ()) -> Decision:
    actions: list[Action] = []
    active = sorted((i for i in app.interviews if not i.cancelled), key=lambda i: i.start)
    ahead = [i for i in active if i.end > now]
    withdrawn: set[int] = set()
    for d in app.drafts:
        if d.status not in UNTOUCHED:
            continue
        kind, _ = stage_of(d)
        if kind == THANK_YOU and not _thank_you_still_valid(d, active):
            why = Reason("interview_cancelled", f"{d.stage} was for a cancelled interview")
            actions.append(WithdrawDraft(app.id, d.id, (why,)))
            withdrawn.add(d.id)
        elif kind == FOLLOW_UP and (stale := _stale(app, d, ahead, policy)) is not None:
            actions.append(WithdrawDraft(app.id, d.id, (stale,)))
            withdrawn.add(d.id)
    if withdrawn:  # decide the rest as if execute had already applied the withdrawals
        app = replace(
            app,
            drafts=tuple(
                replace(d, status=DraftStatus.WITHDRAWN, status_at=now) if d.id in withdrawn else d
                for d in app.drafts
            ),
        )
    open_drafts = [d for d in app.drafts if d.status.is_open]
    ended = [i for i in active if i.end <= now]
    latest = max(ended, key=lambda i: i.end) if ended else None
    ty_stage = stage_name(THANK_YOU, active.index(latest) + 1) if latest else ""
    ty_done = latest is None or _thank_you_done(app, latest, ty_stage, now, policy)

    state = AppState.WAITING
    if ahead:
        state = AppState.SCHEDULED
    elif not ty_done:
        state = AppState.INTERVIEWED
    if state is not app.state:
        actions.append(SetState(app.id, state, (Reason("derived", _state_reason(state)),)))

    if latest is not None and not ty_done:
        due, waiting = thank_you_due(notes, latest, parse_stage(ty_stage)[1],
                                     _thank_you_due(latest, policy), policy)
        why = Reason("thank_you", f"interview ended {_local(latest.end, policy)}")
        stage = _Stage(ty_stage, template_for(ty_stage), due, (why, *([waiting] if waiting else [])))
        return _propose(app, actions, open_drafts, stage, now)
    if ahead:
        nxt = ahead[0]
        return Decision(
            tuple(actions), stage_name(THANK_YOU, active.index(nxt) + 1), _thank_you_due(nxt, policy)
        )
    if open_drafts:
        return Decision(tuple(actions), open_drafts[0].stage, None)
    return _follow_up(app, actions, latest, now, policy)


def _stale(app: Application, d: DraftRecord, ahead: list[Interview], policy: Policy
           ) -> Reason | None:
    """Why an untouched follow-up is no longer wanted: an interview ahead, or they wrote after it
    was drafted (it would ask what they just answered); None while it still fits."""
    if ahead:
        return Reason("interview_ahead", f"{ahead[0].start.isoformat()}; no follow-up needed")
    if app.last_inbound_at is not None and app.last_inbound_at > d.created_at:
        return Reason("answered", f"they wrote {_local(app.last_inbound_at, policy)}, after "
                      f"{d.stage} was drafted; planned again from their message")
    return None


def _state_reason(state: AppState) -> str:
    return {
        AppState.SCHEDULED: "an interview is ahead",
        AppState.INTERVIEWED: "the interview is over; thank-you stage",
    }.get(state, "thank-you stage done; waiting for a decision")


def _local(moment: dt.datetime, policy: Policy) -> str:
    return moment.astimezone(zone(policy)).strftime("%Y-%m-%d %H:%M")


def _thank_you_due(iv: Interview, policy: Policy) -> dt.datetime:
    due = iv.end + policy.thank_you_delay
    opens = at_local(local_date(due, policy), policy.window_start, policy)
    return max(due, opens)


def _thank_you_done(
    app: Application, iv: Interview, stage: str, now: dt.datetime, policy: Policy
) -> bool:
    mine = [d for d in app.drafts if d.stage == stage]
    if any(d.status.is_open for d in mine):
        return False
    if any(d.status in _CONCLUDED for d in mine):
        return True
    if app.last_outbound_at is not None and app.last_outbound_at >= iv.end:
        return True  # they already wrote to them after the interview
    return now > iv.end + policy.thank_you_max_age


def _follow_up(
    app: Application,
    actions: list[Action],
    latest: Interview | None,
    now: dt.datetime,
    policy: Policy,
) -> Decision:
    followups = [d for d in app.drafts if is_follow_up(d.stage)]
    reset = max(
        (t for t in (app.last_inbound_at, latest.end if latest else None) if t), default=None
    )
    unanswered = [
        d
        for d in followups
        if d.status in _ANSWERABLE and (reset is None or _concluded_at(d) > reset)
    ]
    anchor, what = _last_contact(app, latest)
    cadence = policy.cadence or (10,)
    days = cadence[min(len(unanswered), len(cadence) - 1)]
    due = next_in_window(add_business_days(anchor, days, policy), policy)
    since = f"{days} business days after last contact {_local(anchor, policy)} ({what})"
    reasons = [Reason("cadence", since)]
    if app.postponed_until is not None and app.postponed_until > due:
        due = next_in_window(app.postponed_until, policy)
        reasons.append(Reason("postponed", f"until {_local(app.postponed_until, policy)}"))
    if len(unanswered) >= policy.max_followups:
        if due > now:
            return Decision(tuple(actions), "ghosted", due)
        n = len(unanswered)
        reasons.append(Reason("max_followups", f"{n} follow-ups without an answer"))
        actions.append(SetState(app.id, AppState.GHOSTED, tuple(reasons)))
        return Decision(tuple(actions), "none", None)
    number = 1 + max((stage_of(d)[1] for d in followups), default=0)
    stage = stage_name(FOLLOW_UP, number)
    return _propose(app, actions, [], _Stage(stage, template_for(stage), due, tuple(reasons)), now)


def _concluded_at(d: DraftRecord) -> dt.datetime:
    return d.status_at or d.created_at


def _last_contact(app: Application, latest: Interview | None) -> tuple[dt.datetime, str]:
    candidates: list[tuple[dt.datetime, str]] = [(app.created_at, "the first message")]
    if app.last_inbound_at:
        candidates.append((app.last_inbound_at, "their last message"))
    if app.last_outbound_at:
        candidates.append((app.last_outbound_at, "your last message"))
    if latest is not None:
        candidates.append((latest.end, "the interview"))
    for d in app.drafts:
        if d.status is DraftStatus.SENT:
            candidates.append((_concluded_at(d), f"you sent {d.stage}"))
        elif d.status is DraftStatus.DISMISSED and is_follow_up(d.stage):
            candidates.append((_concluded_at(d), f"you dismissed {d.stage}"))
    return max(candidates, key=lambda c: c[0])


@dataclass(frozen=True)
class _Stage:
    name: str
    template: str
    due: dt.datetime
    reasons: tuple[Reason, ...]


def _propose(
    app: Application,
    actions: list[Action],
    open_drafts: Sequence[DraftRecord],
    proposal: _Stage,
    now: dt.datetime,
) -> Decision:
    stage, due = proposal.name, proposal.due
    if open_drafts:
        return Decision(tuple(actions), open_drafts[0].stage, None)
    if any(d.stage == stage for d in app.drafts):
        return Decision(tuple(actions), "none", None)  # never re-create a stage
    if due <= now:
        if choose_recipient(app) is None:
            text = (f"{app_name(app)}: {stage} is due but there is no human address to reply to; "
                    f"name one: `followupd note {app.id} --to ADDRESS`")
            actions.append(Notify(app.id, text, key=f"no-recipient:{stage}"))
        else:
            actions.append(QueueDraft(app.id, stage, proposal.template, due, proposal.reasons))
    return Decision(tuple(actions), stage, due)
