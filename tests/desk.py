"""The engine tests' stand-in for a running followupd: the real ``app.execute`` with a real SQLite
Store (in a temp dir) and the in-memory mailbox (held to Dovecot by test_mailbox_contract.py).

Engine tests keep an ``Application`` snapshot and change it as the world would (a message
tracked, a draft sent by the user); ``Desk.apply`` writes that snapshot to the store, carries the
planned actions out exactly as a pass would, and returns the application as the store has it now.
No re-implementation of execute: whatever execute records is what the next plan() sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from fakes.memory_mailbox import MemoryMailbox

from followupd.adapters.store.sqlite import Store
from followupd.app.context import Context, Outcome
from followupd.app.execute import execute
from followupd.config.loader import Identity
from followupd.core.actions import Action
from followupd.core.draft_headers import TOKEN_HEADER
from followupd.core.mailbox_types import content_hash
from followupd.core.model import Application, DraftRecord, DraftStatus, Policy
from followupd.engine.giftlib import Gift

IDENTITY = Identity(name="Max Muster", email="max@example.org", aliases=(), signature="Max")
ON_SERVER = (DraftStatus.APPENDED, DraftStatus.EDITED)


def draft_bytes(draft: DraftRecord) -> bytes:
    return (f"From: Max Muster <max@example.org>\r\nTo: {draft.recipient or 'jane@acme.example'}\r\n"
            f"Subject: Re: Interview\r\nMessage-ID: {draft.message_id}\r\n"
            f"{TOKEN_HEADER}: {draft.token}\r\n\r\nThank you.\r\n").encode()


class Desk:
    def __init__(self, directory: Path, policy: Policy) -> None:
        self.store = Store(directory / "state.db", lock=False)
        self.store.db.execute("PRAGMA synchronous=OFF")  # a test's state need not survive a power cut
        self.mailbox = MemoryMailbox()
        self.policy = policy
        self.outcomes: list[Outcome] = []
        self.gifts: tuple[Gift, ...] = ()  # the gift library the drafts may use

    def close(self) -> None:
        self.store.close()

    @property
    def context(self) -> Context:
        return Context(self.store, self.mailbox, "Drafts", IDENTITY, self.policy, None, self.gifts)

    def apply(self, app: Application, actions: Iterable[Action], now: dt.datetime) -> Application:
        """``app`` as it is now into the store, then execute ``actions``; nothing may fail."""
        self.put(app, now)
        outcomes = execute(self.context, list(actions), now)
        self.outcomes += outcomes
        failed = [o for o in outcomes if o.result == "failed"]
        assert not failed, failed
        stored = self.store.application(app.id)
        assert stored is not None
        return stored

    def in_drafts(self) -> dict[int, str]:
        """UID -> token of what is in the Drafts folder now."""
        return self.mailbox.tokens("Drafts")

    def user_deletes(self, draft: DraftRecord) -> None:
        """The user sends or deletes our draft in their client: it leaves Drafts."""
        for uid in self.mailbox.find_token("Drafts", draft.token):
            self.mailbox.user_delete("Drafts", uid)

    # -- the snapshot into the store -------------------------------------------------------------

    def put(self, app: Application, now: dt.datetime) -> None:
        """Write the snapshot: the application, and its drafts on record and in Drafts."""
        with self.store.transaction():
            if self.store.application(app.id) is None:
                added = self.store.add_application(app, now)
                assert added.id == app.id, "make_app ids start at 1, one application per desk"
            self.store.save_application(app, now)
            known = {d.id: d for d in self.store.drafts(application_id=app.id)}
            for draft in app.drafts:
                if draft.id not in known:
                    self._add_draft(draft)
                    known[draft.id] = draft
                current = known[draft.id]
                if current.status is not draft.status or current.status_at != draft.status_at:
                    self.store.set_draft_status(draft.id, draft.status, draft.status_at or now)
                if current.missing_since != draft.missing_since:
                    self.store.set_draft_missing_since(draft.id, draft.missing_since)

    def _add_draft(self, draft: DraftRecord) -> None:
        """A draft the test wrote into its snapshot: on record, and in Drafts when it is there."""
        raw = draft_bytes(draft)
        added = self.store.add_draft_intent(draft, raw=raw, content_hash=content_hash(raw))
        assert added.id == draft.id, f"draft ids in a test must count from 1: {draft}"
        if draft.status in ON_SERVER:
            stored = raw if draft.status is DraftStatus.APPENDED else raw.replace(b"Thank", b"Many thanks")
            uid = self.mailbox.deliver(stored, "Drafts", (b"\\Draft",))
            self.store.set_draft_appended(draft.id, uid, self.mailbox.examine("Drafts").uidvalidity)
        if draft.status is not DraftStatus.INTENDED:
            self.store.set_draft_status(draft.id, draft.status, draft.status_at or draft.created_at)
