"""Drafts into Drafts, crash-safely: intent, APPEND, record; and recovery after a crash.

The intent (token, Message-ID, exact bytes) is committed first, then APPENDed with the token in a
header, then the UID recorded (APPENDUID, else found by token) with the content hash of what the
server stored. ``recover`` runs before every tick: a draft left INTENDED by a crash is looked up by
its token and only re-appended, byte for byte, when the server does not have it. No transaction
is open during the network calls: each store write is its own short transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Sequence
from pathlib import Path

from followupd.adapters.templates import render
from followupd.app.context import Context, Skip, why
from followupd.app.faults import crash_point
from followupd.config.loader import Identity
from followupd.core.actions import QueueDraft
from followupd.core.errors import CommandRefused
from followupd.core.mailbox_types import content_hash
from followupd.core.model import Address, DraftRecord, DraftStatus, Policy, Reason
from followupd.engine.compose import PreparedDraft, compose
from followupd.engine.draftmsg import choose_recipient
from followupd.engine.giftlib import Gift
from followupd.engine.language import draft_language
from followupd.engine.notes import compose_notes, is_notes
from followupd.engine.render import context_for
from followupd.ports import StateStore

log = logging.getLogger(__name__)


def prepare_draft(
    action: QueueDraft, store: StateStore, identity: Identity, policy: Policy,
    templates_dir: Path | None, folder: str, now: dt.datetime, gifts: Sequence[Gift] = (),
) -> PreparedDraft | None:
    """Render and compose the draft for ``action`` (reads the application and the templates)."""
    app = store.application(action.application_id)
    if app is None:
        return None
    language = draft_language(app, identity.language, identity.reply_in_employer_language)
    if is_notes(action.stage):  # to the user: needs no recipient
        return compose_notes(app, action.stage, user=Address(identity.name, identity.email),
                             token=secrets.token_hex(12), now=now, folder=folder,
                             tz=policy.timezone, language=language)
    if choose_recipient(app) is None:
        return None
    # What the employer's mails were about: for the gift library's best match.
    about = [m.facts.subject for m in store.messages(application_id=app.id)][-20:] if gifts else []
    ctx = context_for(app, action.stage, identity.name, identity.signature, policy.timezone,
                      language, gifts, about)
    rendered = render(action.template, ctx, templates_dir)
    return compose(app, action.stage, rendered, sender=Address(identity.name, identity.email),
                   token=secrets.token_hex(12), now=now, folder=folder, gift=ctx.gift)


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
    stored = ctx.mailbox.content_hash_of(ctx.drafts_folder, uid) if uid is not None else ""
    with ctx.store.transaction():
        ctx.store.set_draft_appended(draft.id, uid, status.uidvalidity)
        if stored:
            ctx.store.set_draft_content_hash(draft.id, stored)
        ctx.store.add_event(draft.application_id, now, f"draft {draft.stage} appended",
                            (Reason("draft", f"{draft.message_id} uid {uid}"),))


def queue_draft(ctx: Context, action: QueueDraft, now: dt.datetime) -> str | Skip:
    prepared = prepare_draft(action, ctx.store, ctx.identity, ctx.policy, ctx.templates_dir,
                             ctx.drafts_folder, now, ctx.gifts)
    if prepared is None:
        return Skip("no application or no human address to write to")
    with ctx.store.transaction():
        current = ctx.store.application(action.application_id)
        if current is None or not current.state.is_live:  # paused or stopped since the plan
            return Skip("the application was paused or stopped meanwhile")
        draft = ctx.store.add_draft_intent(prepared.draft, raw=prepared.raw,
                                           content_hash=content_hash(prepared.raw))
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
             company, draft.message_id, why(action.reasons))
    return (f"appended {prepared.subject!r} to Drafts, addressed to {draft.recipient} "
            f"({draft.message_id})")


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
                raw, _hash = ctx.store.draft_payload(draft.id)
                log.info("re-appending draft %s of application %d after a crash", draft.stage,
                         draft.application_id)
                _append(ctx, draft, raw, now)
            finished += 1
        except CommandRefused as exc:  # this draft only; the others still get their turn
            log.error("could not finish draft %s of application %d: %s", draft.stage,
                      draft.application_id, exc)
    return finished
