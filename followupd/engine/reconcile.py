"""Watch what the user did with our drafts: sent, edited, dismissed. Pure; returns MarkDraft.

Inputs, as the adapters see them at ``now``:
  drafts   our draft records (any status; only appended, edited and dismissed ones are examined)
  present  what is in the Drafts folder now, keyed by our token (X-Followupd-Token). Many clients
           rewrite a draft on save and drop the headers they do not know: ``resaved`` finds such
           a copy by our Message-ID, else by In-Reply-To (or the last References entry) and our
           recipient (a notes draft, which answers nothing: by its subject marker
           ``[followupd <app>/<round>]``), and the runner lists it under the draft's token,
           unchanged=False (EDITED).
  sent     messages seen in Sent (recent ones are enough; older than the draft are ignored)

Rules:
  * present and unchanged -> nothing (a recorded ``missing_since`` is cleared: it came back).
  * present and changed -> EDITED; we never touch an edited draft again.
  * missing, and a Sent message matches -> SENT at that message's date. Matching, strongest first:
    our token header or our Message-ID (most clients send the draft as is); then In-Reply-To (or,
    without it, the last References entry) equal to the message our draft answered, addressed
    to our recipient, and not older than the draft.
  * missing, no match: the first time, record ``missing_since`` (MarkDraft with the unchanged
    status); once ``policy.dismiss_grace`` has passed since then -> DISMISSED. The grace covers a
    Sent folder that syncs later than Drafts.
  * a DISMISSED draft whose sent copy shows up later (edited for days, sent from another device)
    becomes SENT: the user did reply, and the clock must know.
Each Sent message confirms at most one draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from followupd.core.actions import MarkDraft
from followupd.core.draft_headers import NOTES_MARK_RE
from followupd.core.model import (
    DraftRecord,
    DraftStatus,
    MessageEnvelope,
    MessageFacts,
    Policy,
    Reason,
)
from followupd.engine.stages import NOTES, parse_stage

_EXAMINED = frozenset({DraftStatus.APPENDED, DraftStatus.EDITED, DraftStatus.DISMISSED})


@dataclass(frozen=True)
class DraftSnapshot:
    """One of our drafts as found in the Drafts folder now."""

    token: str
    uid: int
    content_hash: str
    unchanged: bool  # same bytes/hash as we appended


def resaved(
    missing: Sequence[DraftRecord], found: Sequence[tuple[int, MessageEnvelope]]
) -> dict[str, DraftSnapshot]:
    """Our drafts whose token is gone from Drafts but whose copy is there without our header
    (UID, envelope of each message in Drafts that carries no token of ours). Strongest first: our
    Message-ID; then a reply to the message our draft answered, to our recipient (for a notes
    draft: its subject marker, the application and round). Each message in
    Drafts stands for one draft at most; only appended and edited drafts are looked for."""
    out: dict[str, DraftSnapshot] = {}
    used: set[int] = set()
    wanted = [d for d in missing if d.status in (DraftStatus.APPENDED, DraftStatus.EDITED)]
    for strong in (True, False):
        for draft in wanted:
            if draft.token in out:
                continue
            for uid, env in found:
                if uid not in used and _is_copy(draft, env, by_message_id=strong):
                    used.add(uid)
                    out[draft.token] = DraftSnapshot(draft.token, uid, "", unchanged=False)
                    break
    return out


def _is_copy(draft: DraftRecord, env: MessageEnvelope, *, by_message_id: bool) -> bool:
    if by_message_id:
        return _same_id(env.message_id, draft.message_id)
    kind, number = parse_stage(draft.stage)
    if kind == NOTES:
        mark = NOTES_MARK_RE.search(env.subject)
        return mark is not None and (int(mark.group(1)), int(mark.group(2))) == (
            draft.application_id, number)
    parent = env.in_reply_to or (env.references[-1] if env.references else "")
    rcpts = {a.email.lower() for a in (*env.to, *env.cc)}
    return (bool(draft.in_reply_to) and _same_id(parent, draft.in_reply_to)
            and bool(draft.recipient) and draft.recipient.lower() in rcpts)


def reconcile(
    drafts: Sequence[DraftRecord],
    present: Mapping[str, DraftSnapshot],
    sent: Sequence[MessageFacts],
    now: dt.datetime,
    policy: Policy,
) -> list[MarkDraft]:
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    marks: list[MarkDraft] = []
    used: set[int] = set()
    for draft in drafts:
        if draft.status not in _EXAMINED:
            continue
        mark = _one(draft, present.get(draft.token), sent, used, now=now, policy=policy)
        if mark is not None:
            marks.append(mark)
    return marks


def _one(
    draft: DraftRecord,
    snap: DraftSnapshot | None,
    sent: Sequence[MessageFacts],
    used: set[int],
    *,
    now: dt.datetime,
    policy: Policy,
) -> MarkDraft | None:
    app, did = draft.application_id, draft.id
    if snap is not None and draft.status is not DraftStatus.DISMISSED:
        if draft.status is DraftStatus.APPENDED and not snap.unchanged:
            why = Reason("edited", f"UID {snap.uid} differs from what we appended")
            return MarkDraft(app, did, DraftStatus.EDITED, now, (why,))
        if draft.missing_since is not None:
            why = Reason("reappeared", f"UID {snap.uid} is back in Drafts")
            return MarkDraft(app, did, draft.status, now, (why,), missing_since=None)
        return None
    found = _sent_copy(draft, sent, used)
    if found is not None:
        n, why = found
        used.add(n)
        when = sent[n].date or now
        return MarkDraft(app, did, DraftStatus.SENT, min(when, now), (why,))
    if draft.status is DraftStatus.DISMISSED:
        return None
    if draft.missing_since is None:
        why = Reason("missing", "gone from Drafts; waiting for a sent copy")
        return MarkDraft(app, did, draft.status, now, (why,), missing_since=now)
    if now - draft.missing_since >= policy.dismiss_grace:
        since = draft.missing_since.isoformat()
        why = Reason("dismissed", f"gone from Drafts since {since}, no sent copy")
        return MarkDraft(app, did, DraftStatus.DISMISSED, now, (why,))
    return None


def _sent_copy(
    draft: DraftRecord, sent: Sequence[MessageFacts], used: set[int]
) -> tuple[int, Reason] | None:
    for n, msg in enumerate(sent):
        if n in used:
            continue
        if draft.token and msg.followupd_token == draft.token:
            return n, Reason("sent", f"token {draft.token} in Sent")
        if draft.message_id and _same_id(msg.message_id, draft.message_id):
            return n, Reason("sent", f"Message-ID {draft.message_id} in Sent")
    if not draft.in_reply_to:
        return None
    for n, msg in enumerate(sent):
        if n in used or (msg.date is not None and msg.date < draft.created_at):
            continue
        parent = msg.in_reply_to or (msg.references[-1] if msg.references else "")
        if not _same_id(parent, draft.in_reply_to):
            continue
        rcpts = {a.email.lower() for a in (*msg.to, *msg.cc)}
        if draft.recipient and draft.recipient.lower() not in rcpts:
            continue
        return n, Reason("sent", f"a reply to {draft.in_reply_to} to {draft.recipient} in Sent")
    return None


def _same_id(a: str, b: str) -> bool:
    return bool(a and b) and a.strip().strip("<>").lower() == b.strip().strip("<>").lower()
