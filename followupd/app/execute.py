"""Carry out planned actions through the adapters, recording each in the store.

Drafts are appended crash-safely: the intent (token, Message-ID, exact bytes) is committed first,
then APPENDed with the token in a header, then the UID recorded (APPENDUID, else found by token).
``recover`` runs before every tick: a draft left INTENDED by a crash is looked up by its token and
only re-appended, byte for byte, when the server does not have it. Removing a draft checks token
and content first and expunges that one UID (mailbox.delete_own_draft).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from followupd.adapters.templates import render
from followupd.app.faults import crash_point
from followupd.config.loader import Identity
from followupd.core.actions import Action, MarkDraft, Notify, QueueDraft, SetState, WithdrawDraft
from followupd.core.errors import CommandRefused, FollowupdError
from followupd.core.mailbox_types import OwnDraft, Removal, digest
from followupd.core.model import Address, Application, AppState, DraftRecord, DraftStatus, Policy, Reason
from followupd.engine import adopt
from followupd.engine.draftmsg import build_draft, choose_recipient
from followupd.engine.render import context_for
from followupd.ports import Mailbox, StateStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Context:
    store: StateStore
    mailbox: Mailbox
    drafts_folder: str
    identity: Identity
    policy: Policy
    templates_dir: Path | None


class Skipped(Exception):
    """An action that turned out to have nothing to do (said why); not a failure."""


@dataclass(frozen=True)
class Outcome:
    action: Action
    result: str  # "done" | "skipped" | "failed" | "planned"
    detail: str = ""


@dataclass(frozen=True)
class PreparedDraft:
    draft: DraftRecord
    raw: bytes
    subject: str
    has_placeholders: bool


def _why(reasons: tuple[Reason, ...]) -> str:
    return "; ".join(str(r) for r in reasons)


def prepare_draft(
    action: QueueDraft, store: StateStore, identity: Identity, policy: Policy,
    templates_dir: Path | None, folder: str, now: dt.datetime,
) -> PreparedDraft | None:
    """Render and build the draft for ``action`` (pure but for reading the application)."""
    app = store.application(action.application_id)
    if app is None:
        return None
    to = choose_recipient(app)
    if to is None:  # the planner says so in a Notify; nothing to build
        return None
    ctx = context_for(app, action.stage, identity.name, identity.signature, policy.timezone)
    rendered = render(action.template, ctx, templates_dir)
    token = secrets.token_hex(12)
    domain = identity.email.rpartition("@")[2] or "followupd.invalid"
    message_id = f"<followupd.{token}@{domain}>"
    raw = build_draft(app, rendered, sender=Address(identity.name, identity.email), to=to,
                      token=token, now=now, message_id=message_id, stage=action.stage)
    draft = DraftRecord(
        id=0, application_id=app.id, stage=action.stage, token=token, message_id=message_id,
        status=DraftStatus.INTENDED, created_at=now, folder=folder,
        in_reply_to=app.thread.message_id if app.thread else "", recipient=to.email,
    )
    return PreparedDraft(draft, raw, rendered.subject, rendered.has_placeholders)


def _append(ctx: Context, draft: DraftRecord, raw: bytes, now: dt.datetime) -> None:
    uid = ctx.mailbox.append_draft(ctx.drafts_folder, raw)
    crash_point("after_append")
    _record_appended(ctx, draft, uid, now)


def _record_appended(ctx: Context, draft: DraftRecord, uid: int | None, now: dt.datetime) -> None:
    """Record where the draft is and what the server stored (servers may rewrite on APPEND, and
    "unchanged" must mean unchanged since it reached the server)."""
    status = ctx.mailbox.examine(ctx.drafts_folder)
    if uid is None:  # no APPENDUID: find it by its token
        found = ctx.mailbox.find_token(ctx.drafts_folder, draft.token)
        uid = found[-1] if found else None
    stored = ctx.mailbox.digest_of(ctx.drafts_folder, uid) if uid is not None else ""
    with ctx.store.transaction():
        ctx.store.set_draft_appended(draft.id, uid, status.uidvalidity)
        if stored:
            ctx.store.set_draft_digest(draft.id, stored)
        ctx.store.add_event(draft.application_id, now, f"draft {draft.stage} appended",
                            (Reason("draft", f"{draft.message_id} uid {uid}"),))


def queue_draft(ctx: Context, action: QueueDraft, now: dt.datetime) -> str:
    prepared = prepare_draft(action, ctx.store, ctx.identity, ctx.policy, ctx.templates_dir,
                             ctx.drafts_folder, now)
    if prepared is None:
        raise Skipped("no application or no human address to write to")
    with ctx.store.transaction():
        current = ctx.store.application(action.application_id)
        if current is None or not current.state.is_live:  # paused or stopped since the plan
            raise Skipped("the application was paused or stopped meanwhile")
        draft = ctx.store.add_draft_intent(prepared.draft, raw=prepared.raw, digest=digest(prepared.raw))
        ctx.store.add_event(draft.application_id, now, f"draft {draft.stage} intended",
                            action.reasons)
    crash_point("after_intent")
    _append(ctx, draft, prepared.raw, now)
    app = ctx.store.application(draft.application_id)
    company = app.company if app else "?"
    note = " (fill in the marked placeholders)" if prepared.has_placeholders else ""
    with ctx.store.transaction():
        ctx.store.add_notice(now, f"{company}: {draft.stage.replace('_', ' ')} draft is in "
                             f"Drafts: {prepared.subject!r} to {draft.recipient}{note}",
                             draft.application_id)
    log.info("queued %s draft for application %d (%s) %s: %s", draft.stage, draft.application_id,
             company, draft.message_id, _why(action.reasons))
    return f"appended {draft.message_id} to Drafts, addressed to {draft.recipient}"


def recover(ctx: Context, now: dt.datetime) -> int:
    """Finish drafts a crash left between intent and APPEND. Returns how many were finished."""
    finished = 0
    intended = [d for d in ctx.store.drafts() if d.status is DraftStatus.INTENDED]
    owned = ctx.mailbox.tokens(ctx.drafts_folder) if intended else {}
    for draft in intended:
        try:
            found = sorted(uid for uid, token in owned.items() if token == draft.token)
            if found:
                _record_appended(ctx, draft, found[-1], now)
                log.info("draft %s of application %d was appended before a crash; recorded "
                         "uid %d", draft.stage, draft.application_id, found[-1])
            else:
                app = ctx.store.application(draft.application_id)
                if app is None or not app.state.is_live:  # decided meanwhile: never append
                    with ctx.store.transaction():
                        ctx.store.set_draft_status(draft.id, DraftStatus.WITHDRAWN, now)
                    continue
                raw, _digest = ctx.store.draft_payload(draft.id)
                log.info("re-appending draft %s of application %d after a crash", draft.stage,
                         draft.application_id)
                _append(ctx, draft, raw, now)
            finished += 1
        except CommandRefused as exc:  # this draft only; the others still get their turn
            log.error("could not finish draft %s of application %d: %s", draft.stage,
                      draft.application_id, exc)
    return finished


def adopt_orphans(ctx: Context, found: Sequence[OwnDraft], now: dt.datetime) -> int:
    """Record our drafts in Drafts that the store does not know (state file lost or moved aside),
    so their stages are not drafted again. Returns how many were adopted."""
    orphans = [own for own in found if ctx.store.draft_by_token(own.token) is None]
    if not orphans:
        return 0
    apps = ctx.store.applications()
    uidvalidity = ctx.mailbox.examine(ctx.drafts_folder).uidvalidity
    adopted = 0
    for own in orphans:
        facts = adopt.read_found(own.header)
        fit = adopt.match(facts, apps) if facts is not None else None
        if facts is None or fit is None:
            log.warning("draft uid %d in %s carries our token but matches no application; "
                        "leaving it alone", own.uid, ctx.drafts_folder)
            continue
        app, why = fit
        record = adopt.adopted_record(facts, app, uid=own.uid, uidvalidity=uidvalidity,
                                      folder=ctx.drafts_folder, now=now)
        try:
            with ctx.store.transaction():
                # No trusted bytes (raw b"", digest ""): it is never withdrawn automatically.
                draft = ctx.store.add_draft_intent(record, raw=b"", digest="")
                ctx.store.set_draft_appended(draft.id, own.uid, uidvalidity)
                ctx.store.set_draft_status(draft.id, DraftStatus.EDITED, now)
                ctx.store.add_event(app.id, now, f"draft {record.stage} adopted from "
                                    f"{ctx.drafts_folder} (state rebuilt); treated as yours", (why,))
        except sqlite3.IntegrityError:
            log.warning("draft uid %d (%s) duplicates a stage of application %d already on "
                        "record; leaving it alone", own.uid, record.stage, app.id)
            continue
        log.info("adopted our %s draft uid %d for application %d (%s)", record.stage, own.uid,
                 app.id, app.company)
        adopted += 1
    return adopted


def withdraw(ctx: Context, action: WithdrawDraft, now: dt.datetime) -> str:
    draft = next((d for d in ctx.store.drafts(application_id=action.application_id)
                  if d.id == action.draft_id), None)
    if draft is None or draft.status not in (DraftStatus.INTENDED, DraftStatus.APPENDED):
        raise Skipped("the draft is no longer ours to remove")
    _raw, expected = ctx.store.draft_payload(draft.id)
    uids = ctx.mailbox.find_token(ctx.drafts_folder, draft.token)
    # Not in Drafts any more: a pass syncs Sent and reconciles before it plans, so a draft the
    # user sent is already marked SENT and never reaches here; one deleted (or removed by us
    # just before a crash) is simply recorded as withdrawn.
    outcomes = {ctx.mailbox.delete_own_draft(ctx.drafts_folder, uid, draft.token, expected)
                for uid in uids}
    crash_point("after_withdraw")
    with ctx.store.transaction():
        if Removal.CHANGED in outcomes:  # the user's now; keep it and say so
            ctx.store.set_draft_status(draft.id, DraftStatus.EDITED, now)
            ctx.store.add_notice(now, f"kept your edited {draft.stage} draft though: "
                                 f"{_why(action.reasons)}", draft.application_id,
                                 key=f"kept-edited:{draft.id}")
            return "kept: the user edited it"
        if Removal.UNSUPPORTED in outcomes:
            ctx.store.add_notice(now, f"please delete the {draft.stage} draft to "
                                 f"{draft.recipient} yourself: {_why(action.reasons)} (the server "
                                 "cannot remove a single message safely)", draft.application_id,
                                 key=f"delete-yourself:{draft.id}")
            return "left in place: server lacks UIDPLUS; the user was told"
        ctx.store.set_draft_status(draft.id, DraftStatus.WITHDRAWN, now)
        ctx.store.add_event(draft.application_id, now, f"draft {draft.stage} withdrawn",
                            action.reasons)
    log.info("withdrew %s draft of application %d %s: %s", draft.stage, draft.application_id,
             draft.message_id, _why(action.reasons))
    return "removed from Drafts"


def _user_holds(app: Application, now: dt.datetime) -> bool:
    """Stopped, or paused and not yet due to resume: the user said so (maybe after the plan was
    made, with `followupd stop/pause` while the daemon ran); their word wins over a planned state."""
    if app.state is AppState.STOPPED:
        return True
    return app.state is AppState.PAUSED and (app.paused_until is None or app.paused_until > now)


def set_state(ctx: Context, action: SetState, now: dt.datetime) -> None:
    with ctx.store.transaction():  # read inside: `followupd pause/stop/note` may have just written
        app = ctx.store.application(action.application_id)
        if app is None or app.state is action.state:
            raise Skipped("already in that state")
        if _user_holds(app, now):
            raise Skipped(f"the user has {app.state} it")
        changed = replace(app, state=action.state)
        if app.state is AppState.PAUSED:
            changed = replace(changed, paused_until=None, resume_state=None)
        ctx.store.save_application(changed, now)
        ctx.store.add_event(app.id, now, f"{app.state} -> {action.state}", action.reasons)
        if action.state is AppState.GHOSTED:
            sent = sum(d.stage.startswith("follow_up") and d.status is DraftStatus.SENT
                       for d in app.drafts)
            ctx.store.add_notice(now, f"{app.company}: no answer after {sent} follow-up"
                                 f"{'s' * (sent != 1)}; followupd stopped (ghosted)", app.id)
    log.info("application %d (%s): %s -> %s: %s", app.id, app.company, app.state, action.state,
             _why(action.reasons))


def mark_draft(ctx: Context, action: MarkDraft, now: dt.datetime) -> None:
    draft = next((d for d in ctx.store.drafts(application_id=action.application_id)
                  if d.id == action.draft_id), None)
    if draft is None:
        return
    with ctx.store.transaction():
        if draft.status is not action.status:
            ctx.store.set_draft_status(draft.id, action.status, action.at)
            ctx.store.add_event(draft.application_id, now, f"draft {draft.stage} {action.status}",
                                action.reasons)
            log.info("draft %s of application %d %s: %s", draft.stage, draft.application_id,
                     action.status, _why(action.reasons))
        ctx.store.set_draft_missing_since(draft.id, action.missing_since)


def notify(ctx: Context, action: Notify, now: dt.datetime) -> None:
    with ctx.store.transaction():
        if ctx.store.add_notice(now, action.text, action.application_id, key=action.key):
            log.info("notice: %s", action.text)


def _apply(ctx: Context, action: Action, now: dt.datetime) -> str:
    match action:
        case QueueDraft():
            return queue_draft(ctx, action, now)
        case WithdrawDraft():
            return withdraw(ctx, action, now)
        case SetState():
            set_state(ctx, action, now)
        case MarkDraft():
            mark_draft(ctx, action, now)
        case Notify():
            notify(ctx, action, now)
    return ""


def execute(ctx: Context, actions: list[Action], now: dt.datetime) -> list[Outcome]:
    """Apply ``actions`` in order. One failing action is logged and never blocks the others; a
    lost connection stops the pass (the caller reconnects and plans again)."""
    outcomes: list[Outcome] = []
    for action in actions:
        try:
            detail = _apply(ctx, action, now)
        except Skipped as why:
            outcomes.append(Outcome(action, "skipped", str(why)))
            continue
        except ConnectionError as exc:
            if not isinstance(exc, CommandRefused):
                raise
            log.error("could not %s: %s", action.describe(), exc)
            outcomes.append(Outcome(action, "failed", str(exc)))
            continue
        except FollowupdError as exc:
            log.error("could not %s: %s", action.describe(), exc)
            outcomes.append(Outcome(action, "failed", exc.message))
            continue
        except Exception as exc:  # a bug must not stop the other applications' actions
            log.exception("could not %s", action.describe())
            outcomes.append(Outcome(action, "failed", f"{type(exc).__name__}: {exc}"))
            continue
        outcomes.append(Outcome(action, "done", detail))
    return outcomes
