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

from followupd.actions import Action, MarkDraft, Notify, QueueDraft, SetState, WithdrawDraft
from followupd.config import Identity
from followupd.engine import adopt
from followupd.engine.draftmsg import build_draft, choose_recipient
from followupd.engine.render import context_for, render
from followupd.errors import FollowupdError
from followupd.faults import crash_point
from followupd.mailbox import ImapMailbox, OwnDraft, digest
from followupd.model import Address, AppState, DraftRecord, DraftStatus, Policy, Reason
from followupd.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Context:
    store: Store
    mailbox: ImapMailbox
    drafts_folder: str
    identity: Identity
    policy: Policy
    templates_dir: Path | None


@dataclass(frozen=True)
class PreparedDraft:
    draft: DraftRecord
    raw: bytes
    subject: str
    has_placeholders: bool


def _why(reasons: tuple[Reason, ...]) -> str:
    return "; ".join(str(r) for r in reasons)


def prepare_draft(
    action: QueueDraft, store: Store, identity: Identity, policy: Policy,
    templates_dir: Path | None, folder: str, now: dt.datetime,
) -> PreparedDraft | None:
    """Render and build the draft for ``action`` (pure but for reading the application)."""
    app = store.application(action.application_id)
    if app is None:
        return None
    to = choose_recipient(app)
    if to is None:
        store.add_notice(now, f"{app.company}: no human address to send the {action.stage} "
                         "draft to", app.id, key=f"no-recipient:{action.stage}")
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
    status = ctx.mailbox.examine(ctx.drafts_folder)
    if uid is None:  # no UIDPLUS: find it by its token
        found = ctx.mailbox.find_token(ctx.drafts_folder, draft.token)
        uid = found[-1] if found else None
    with ctx.store.transaction():
        ctx.store.set_draft_appended(draft.id, uid, status.uidvalidity)
        ctx.store.add_event(draft.application_id, now, f"draft {draft.stage} appended",
                            (Reason("draft", f"{draft.message_id} uid {uid}"),))


def queue_draft(ctx: Context, action: QueueDraft, now: dt.datetime) -> None:
    prepared = prepare_draft(action, ctx.store, ctx.identity, ctx.policy, ctx.templates_dir,
                             ctx.drafts_folder, now)
    if prepared is None:
        return
    with ctx.store.transaction():
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


def recover(ctx: Context, now: dt.datetime) -> int:
    """Finish drafts a crash left between intent and APPEND. Returns how many were finished."""
    finished = 0
    for draft in ctx.store.drafts():
        if draft.status is not DraftStatus.INTENDED:
            continue
        found = ctx.mailbox.find_token(ctx.drafts_folder, draft.token)
        if found:
            status = ctx.mailbox.examine(ctx.drafts_folder)
            with ctx.store.transaction():
                ctx.store.set_draft_appended(draft.id, found[-1], status.uidvalidity)
            log.info("draft %s of application %d was appended before a crash; recorded uid %d",
                     draft.stage, draft.application_id, found[-1])
        else:
            raw, _digest = ctx.store.draft_payload(draft.id)
            log.info("re-appending draft %s of application %d after a crash", draft.stage,
                     draft.application_id)
            _append(ctx, draft, raw, now)
        finished += 1
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


def withdraw(ctx: Context, action: WithdrawDraft, now: dt.datetime) -> None:
    draft = next((d for d in ctx.store.drafts(application_id=action.application_id)
                  if d.id == action.draft_id), None)
    if draft is None or draft.status not in (DraftStatus.INTENDED, DraftStatus.APPENDED):
        return
    _raw, expected = ctx.store.draft_payload(draft.id)
    uids = ctx.mailbox.find_token(ctx.drafts_folder, draft.token)
    removed = bool(uids) and all(
        ctx.mailbox.delete_own_draft(ctx.drafts_folder, uid, draft.token, expected) for uid in uids
    )
    crash_point("after_withdraw")
    with ctx.store.transaction():
        if removed or not uids:
            ctx.store.set_draft_status(draft.id, DraftStatus.WITHDRAWN, now)
            ctx.store.add_event(draft.application_id, now, f"draft {draft.stage} withdrawn",
                                action.reasons)
            log.info("withdrew %s draft of application %d %s: %s", draft.stage,
                     draft.application_id, draft.message_id, _why(action.reasons))
        else:  # changed since we appended it: the user's now; keep it and say so
            ctx.store.set_draft_status(draft.id, DraftStatus.EDITED, now)
            ctx.store.add_notice(now, f"kept your edited {draft.stage} draft though: "
                                 f"{_why(action.reasons)}", draft.application_id,
                                 key=f"kept-edited:{draft.id}")


def set_state(ctx: Context, action: SetState, now: dt.datetime) -> None:
    app = ctx.store.application(action.application_id)
    if app is None or app.state is action.state:
        return
    changed = replace(app, state=action.state)
    if app.state is AppState.PAUSED:
        changed = replace(changed, paused_until=None, resume_state=None)
    with ctx.store.transaction():
        ctx.store.save_application(changed, now)
        ctx.store.add_event(app.id, now, f"{app.state} -> {action.state}", action.reasons)
        if action.state is AppState.GHOSTED:
            ctx.store.add_notice(now, f"{app.company}: no answer after {app.followups_sent or 'all'}"
                                 " follow-ups; stopped (ghosted)", app.id)
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


def execute(ctx: Context, actions: list[Action], now: dt.datetime) -> list[Action]:
    """Apply ``actions`` in order; one failing action is logged and never blocks the others.
    Returns the actions that were carried out."""
    done: list[Action] = []
    for action in actions:
        try:
            match action:
                case QueueDraft():
                    queue_draft(ctx, action, now)
                case WithdrawDraft():
                    withdraw(ctx, action, now)
                case SetState():
                    set_state(ctx, action, now)
                case MarkDraft():
                    mark_draft(ctx, action, now)
                case Notify():
                    notify(ctx, action, now)
        except FollowupdError as exc:
            if isinstance(exc, ConnectionError):
                raise  # the connection is gone: the caller reconnects, the plan is redone
            log.error("could not %s: %s", action.describe(), exc)
            continue
        done.append(action)
    return done
