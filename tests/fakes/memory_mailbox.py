"""An in-memory mailbox with IMAP semantics as Dovecot shows them, for fast tests of the app layer.

It implements the Mailbox port (followupd.ports.Mailbox) and nothing more; tests/test_mailbox_contract.py
runs the same behaviours against it and a real Dovecot. What it copies from Dovecot 2.3:

- UIDs start at 1 and strictly increase per folder, never reused; UIDNEXT is the next one.
- Each folder has its own UIDVALIDITY; a folder deleted and created again gets a new one.
- Bare LF line endings are stored as CRLF (what Dovecot answers with), so sizes and content hashes match.
- EXAMINE opens read-only and nothing read changes a flag (BODY.PEEK); ``\\Recent`` is not modelled.
- APPEND sets ``\\Draft`` and answers APPENDUID; a missing folder is refused (TRYCREATE).
- A command on a missing folder, or a read with no folder open, is refused (CommandRefused).
- delete_own_draft needs UIDPLUS and expunges only the one UID it was given.

The "user side" (``deliver``, ``user_delete``, ``user_edit``, ``recreate``, ``flags``) is what tests
do to the mailbox from another client; the app never calls it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from followupd.core.draft_headers import header_block, token_of
from followupd.core.errors import CommandRefused
from followupd.core.mailbox_types import (
    FolderList,
    Folders,
    FolderStatus,
    Header,
    OwnDraft,
    Removal,
    content_hash,
)

DOVECOT_CAPABILITIES = frozenset({"IMAP4REV1", "IDLE", "UIDPLUS", "SPECIAL-USE", "CONDSTORE", "MOVE"})
_uidvalidities = itertools.count(1_700_000_001)
_BARE_LF = re.compile(rb"(?<!\r)\n")


@dataclass
class _Message:
    raw: bytes
    flags: set[bytes]
    arrived: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


@dataclass
class _Folder:
    special_use: bytes = b""
    uidvalidity: int = field(default_factory=lambda: next(_uidvalidities))
    uidnext: int = 1
    messages: dict[int, _Message] = field(default_factory=dict)

    def add(self, raw: bytes, flags: Sequence[bytes], when: dt.datetime | None = None) -> int:
        uid, self.uidnext = self.uidnext, self.uidnext + 1
        self.messages[uid] = _Message(_BARE_LF.sub(b"\r\n", raw), set(flags),
                                      when or dt.datetime.now(dt.UTC))
        return uid


def _header_of(raw: bytes) -> bytes:
    """BODY[HEADER]: the header block with its terminating empty line."""
    end = raw.find(b"\r\n\r\n")
    return raw if end < 0 else raw[: end + 4]


class MemoryMailbox:
    """One mailbox and one session on it."""

    def __init__(self, *, special_use: bool = True,
                 capabilities: frozenset[str] = DOVECOT_CAPABILITIES) -> None:
        self.folders: dict[str, _Folder] = {
            "INBOX": _Folder(),
            "Drafts": _Folder(b"\\Drafts" if special_use else b""),
            "Sent": _Folder(b"\\Sent" if special_use else b""),
        }
        self._capabilities = capabilities
        self.selected: str | None = None
        self.readonly = True
        self.logged_out = False
        self.commands: list[str] = []  # what was asked, for tests that count round-trips

    # -- the user side (another client) ------------------------------------------------------

    def deliver(self, raw: bytes, folder: str = "INBOX", flags: Sequence[bytes] = (),
                when: dt.datetime | None = None) -> int:
        """A message arriving (its internal date ``when``, default now)."""
        return self._folder(folder).add(raw, flags, when)

    def user_delete(self, folder: str, uid: int) -> None:
        del self._folder(folder).messages[uid]

    def user_edit(self, folder: str, uid: int, raw: bytes) -> int:
        """What a mail client does when the user edits a draft: a new message, the old expunged."""
        self.user_delete(folder, uid)
        return self.deliver(raw, folder, (b"\\Draft",))

    def recreate(self, folder: str) -> None:
        """Delete and create ``folder`` again, moving its messages over: new UIDVALIDITY, new UIDs."""
        old = self._folder(folder)
        new = self.folders[folder] = _Folder(old.special_use)
        for message in old.messages.values():
            new.add(message.raw, sorted(message.flags), message.arrived)
        if self.selected == folder:
            self.selected = None

    def create(self, folder: str, special_use: bytes = b"") -> None:
        self.folders[folder] = _Folder(special_use)

    def flags(self, folder: str) -> dict[int, tuple[bytes, ...]]:
        return {uid: tuple(sorted(m.flags)) for uid, m in self._folder(folder).messages.items()}

    # -- the Mailbox port ----------------------------------------------------------------------

    def _folder(self, name: str) -> _Folder:
        if name not in self.folders:
            raise CommandRefused(f"the server refused {name}: Mailbox doesn't exist: {name}")
        return self.folders[name]

    def _open(self) -> _Folder:
        if self.selected is None:
            raise CommandRefused("the server refused UID FETCH: No mailbox selected")
        return self._folder(self.selected)

    def _select(self, folder: str, *, readonly: bool) -> FolderStatus:
        self.commands.append(f"{'EXAMINE' if readonly else 'SELECT'} {folder}")
        box = self._folder(folder)
        self.selected, self.readonly = folder, readonly
        return FolderStatus(folder, box.uidvalidity, box.uidnext, len(box.messages))

    def discover_folders(self) -> Folders:
        found, how = {}, {"inbox": "INBOX"}
        for role, flag in (("sent", b"\\Sent"), ("drafts", b"\\Drafts")):
            special = [name for name, box in self.folders.items() if box.special_use == flag]
            if special:
                found[role], how[role] = special[0], f"SPECIAL-USE {flag.decode()}"
            else:
                found[role], how[role] = role.title(), "usual name"
                self._folder(found[role])
        return Folders(inbox="INBOX", sent=found["sent"], drafts=found["drafts"], how=how)

    def list_folders(self) -> FolderList:
        self.commands.append("LIST")
        return FolderList(tuple(self.folders), "/")

    def create_folder(self, name: str) -> bool:
        if name in self.folders:
            return False
        self.commands.append(f"CREATE {name}")
        self.create(name)
        return True

    def examine(self, folder: str) -> FolderStatus:
        return self._select(folder, readonly=True)

    def anything_above(self, folder: str, uidvalidity: int, last_uid: int) -> bool | None:
        if (self.selected != folder or not self.readonly
                or self._folder(folder).uidvalidity != uidvalidity):
            return None
        self.noop()
        return bool(self.uids_above(last_uid))

    def uids_above(self, last_uid: int) -> list[int]:
        self.commands.append("UID SEARCH")
        return sorted(uid for uid in self._open().messages if uid > last_uid)

    def uids_below(self, uid: int) -> list[int]:
        self.commands.append("UID SEARCH")
        return sorted(u for u in self._open().messages if u < uid)

    def uids_since(self, day: dt.date) -> list[int]:
        self.commands.append("UID SEARCH SINCE")
        return sorted(u for u, m in self._open().messages.items() if m.arrived.date() >= day)

    def fetch_headers(self, uids: Sequence[int]) -> Iterator[Header]:
        box = self._open()
        for uid in uids:
            if uid in box.messages:
                message = box.messages[uid]
                yield Header(uid, len(message.raw), tuple(sorted(message.flags)), _header_of(message.raw))

    def fetch_full(self, uids: Sequence[int]) -> Iterator[tuple[int, bytes]]:
        box = self._open()
        for uid in uids:
            if uid in box.messages:
                yield uid, box.messages[uid].raw

    def fetch_start(self, uids: Sequence[int], limit: int) -> Iterator[tuple[int, bytes]]:
        for uid, raw in self.fetch_full(uids):
            if raw[:limit]:
                yield uid, raw[:limit]

    def fetch_text_start(self, uids: Sequence[int], limit: int) -> Iterator[tuple[int, bytes]]:
        for uid, raw in self.fetch_full(uids):  # Dovecot: the body after the blank line, undecoded
            _head, _blank, body = raw.partition(b"\r\n\r\n")
            yield uid, body[:limit]

    def append_draft(self, folder: str, raw: bytes) -> int | None:
        self.commands.append(f"APPEND {folder}")
        return self._folder(folder).add(raw, (b"\\Draft",))

    def tokens(self, folder: str) -> dict[int, str]:
        self.examine(folder)
        box = self._open()
        found = {uid: token_of(m.raw) for uid, m in box.messages.items()}
        return {uid: token for uid, token in sorted(found.items()) if token}

    def find_token(self, folder: str, token: str) -> list[int]:
        return sorted(uid for uid, t in self.tokens(folder).items() if t == token)

    def own_drafts(self, folder: str) -> list[OwnDraft]:
        owned = self.tokens(folder)
        box = self._open()
        return [OwnDraft(uid, token, content_hash(box.messages[uid].raw), header_block(box.messages[uid].raw))
                for uid, token in owned.items()]

    def content_hash_of(self, folder: str, uid: int) -> str:
        self.examine(folder)
        message = self._open().messages.get(uid)
        return content_hash(message.raw) if message else ""

    def delete_own_draft(self, folder: str, uid: int, token: str, expected_hash: str) -> Removal:
        if "UIDPLUS" not in self._capabilities:
            return Removal.UNSUPPORTED
        self._select(folder, readonly=False)
        try:
            message = self._open().messages.get(uid)
            if message is None or token_of(message.raw) != token:
                return Removal.GONE
            if content_hash(message.raw) != expected_hash:
                return Removal.CHANGED
            self.commands.append(f"UID EXPUNGE {uid}")
            del self._open().messages[uid]
        finally:
            self.examine(folder)
        return Removal.REMOVED

    def noop(self) -> None:
        self.commands.append("NOOP")

    def capabilities(self) -> frozenset[str]:
        return self._capabilities

    def has_idle(self) -> bool:
        return "IDLE" in self._capabilities

    def logout(self) -> None:
        self.logged_out = True
        self.selected = None
