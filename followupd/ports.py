"""The ports: what the app layer needs from a mailbox, a state store and a digest sender.

Small ``typing.Protocol`` classes, spoken in core and config types only. The adapters implement
them (``adapters.imap.mailbox.ImapMailbox``, ``adapters.store.sqlite.Store``,
``adapters.smtp.deliver_due_digest``); the tests have an in-memory ``Mailbox``
(``tests/fakes/memory_mailbox.py``) that one contract test class holds to the same behaviour as a
real Dovecot (``tests/test_mailbox_contract.py``). Each method is listed because app code calls
it; nothing more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from followupd.config.loader import Config
from followupd.core.mailbox_types import FolderList, Folders, FolderStatus, Header, OwnDraft, Removal
from followupd.core.model import Application, DraftRecord, DraftStatus, MessageFacts, Reason
from followupd.core.state_types import Cursor, StoredMessage


class Mailbox(Protocol):
    """One logged-in mail session. Reads are read-only (EXAMINE, BODY.PEEK); the only writes are
    appending our drafts and removing one of them by its single UID. UIDs are per folder and
    strictly increasing; ``FolderStatus.uidvalidity`` says when they were renumbered."""

    def discover_folders(self) -> Folders: ...

    def list_folders(self) -> FolderList: ...

    def create_folder(self, name: str) -> bool:
        """Create (and subscribe) ``name`` unless it exists; whether it was created."""

    def examine(self, folder: str) -> FolderStatus:
        """Open ``folder`` read-only; later reads are of this folder."""

    def anything_above(self, folder: str, uidvalidity: int, last_uid: int) -> bool | None:
        """While ``folder`` is still open read-only with ``uidvalidity``: is there a UID above
        ``last_uid``? None when it is not open that way (the caller EXAMINEs instead)."""

    def uids_above(self, last_uid: int) -> list[int]:
        """Sorted UIDs above ``last_uid`` in the open folder (never ``last_uid`` itself)."""

    def uids_below(self, uid: int) -> list[int]:
        """Sorted UIDs below ``uid`` in the open folder (the backfill's older mail)."""

    def uids_since(self, day: dt.date) -> list[int]:
        """Sorted UIDs in the open folder of messages that arrived on ``day`` or later (IMAP
        ``UID SEARCH SINCE``: the internal date, whole days)."""

    def fetch_headers(self, uids: Sequence[int]) -> Iterator[Header]: ...

    def fetch_full(self, uids: Sequence[int]) -> Iterator[tuple[int, bytes]]: ...

    def fetch_start(self, uids: Sequence[int], limit: int) -> Iterator[tuple[int, bytes]]:
        """The first ``limit`` bytes of each message."""

    def fetch_text_start(self, uids: Sequence[int], limit: int) -> Iterator[tuple[int, bytes]]:
        """The first ``limit`` bytes of each message's body (after the header block), undecoded;
        read-only (``BODY.PEEK[TEXT]<0.limit>``)."""

    def append_draft(self, folder: str, raw: bytes) -> int | None:
        """Store ``raw`` with ``\\Draft``; its new UID when the server says (APPENDUID)."""

    def tokens(self, folder: str) -> dict[int, str]:
        """UID -> our token header, for every message in ``folder`` that has one."""

    def find_token(self, folder: str, token: str) -> list[int]: ...

    def own_drafts(self, folder: str) -> list[OwnDraft]: ...

    def content_hash_of(self, folder: str, uid: int) -> str:
        """``core.mailbox_types.content_hash`` of the stored message; "" when there is none."""

    def delete_own_draft(self, folder: str, uid: int, token: str, expected_hash: str) -> Removal:
        """Remove the message at ``uid`` only if it still carries ``token`` and hashes to
        ``expected_hash``; otherwise say why not (``Removal``)."""

    def noop(self) -> None: ...

    def capabilities(self) -> frozenset[str]: ...

    def has_idle(self) -> bool: ...

    def logout(self) -> None: ...


class StateStore(Protocol):
    """The authoritative state: applications, messages, drafts, cursors, events and notices.
    Writes happen inside ``transaction()``; ``savepoint()`` undoes one block inside it."""

    def transaction(self) -> AbstractContextManager[object]: ...

    def scratch_copy(self) -> AbstractContextManager[StateStore]:
        """A throwaway copy of the state to work on (the dry run, ``runner._dry_run``)."""

    def savepoint(self) -> AbstractContextManager[None]: ...

    def data_version(self) -> int: ...

    # cursors and messages
    def cursor(self, folder: str) -> Cursor | None: ...

    def set_cursor(self, cursor: Cursor) -> None: ...

    def record_message(self, folder: str, uidvalidity: int, uid: int, facts: MessageFacts,
                       application_id: int | None, now: dt.datetime) -> tuple[StoredMessage, bool]: ...

    def set_message_application(self, message_id: int, application_id: int) -> None: ...

    def related_messages(self, folder: str, ids: set[str]) -> list[StoredMessage]: ...

    def messages(self, *, application_id: int | None = None, folder: str | None = None
                 ) -> list[StoredMessage]: ...

    # applications
    def add_application(self, app: Application, now: dt.datetime) -> Application: ...

    def save_application(self, app: Application, now: dt.datetime) -> None: ...

    def applications(self) -> list[Application]: ...

    def application(self, app_id: int) -> Application | None: ...

    # drafts
    def add_draft_intent(self, draft: DraftRecord, *, raw: bytes, content_hash: str
                         ) -> DraftRecord: ...

    def draft_payload(self, draft_id: int) -> tuple[bytes, str]: ...

    def set_draft_appended(self, draft_id: int, uid: int | None, uidvalidity: int | None) -> None: ...

    def set_draft_content_hash(self, draft_id: int, content_hash: str) -> None: ...

    def set_draft_status(self, draft_id: int, status: DraftStatus, at: dt.datetime) -> None: ...

    def set_draft_missing_since(self, draft_id: int, at: dt.datetime | None) -> None: ...

    def drafts(self, *, application_id: int | None = None) -> list[DraftRecord]: ...

    def draft_by_token(self, token: str) -> DraftRecord | None: ...

    # the timeline and the digest
    def add_event(self, application_id: int | None, at: dt.datetime, what: str,
                  reasons: Sequence[Reason] = ()) -> None: ...

    def add_notice(self, at: dt.datetime, text: str, application_id: int | None = None,
                   key: str = "") -> bool: ...

    def pending_notices(self) -> list[tuple[int, dt.datetime, str]]: ...

    def mark_notices_sent(self, ids: Sequence[int], at: dt.datetime) -> None: ...

    def last_digest_at(self) -> dt.datetime | None: ...


class Sender(Protocol):
    """Delivers the digest when one is due (only ever to the user's own address) and marks its
    notices sent; returns how many notices it listed (0: nothing was due)."""

    def __call__(self, cfg: Config, store: StateStore, now: dt.datetime) -> int: ...


__all__ = ["Mailbox", "Sender", "StateStore"]
