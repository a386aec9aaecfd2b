"""Mailbox worlds for the contract tests: the mailbox under test plus the user side (another mail
client acting on the same account: delivering, deleting, editing a draft, recreating a folder).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import imapclient
from conftest import Account

from fakes.memory_mailbox import MemoryMailbox
from followupd.adapters import credentials
from followupd.adapters.imap.mailbox import ImapMailbox
from followupd.config import loader as config
from followupd.ports import Mailbox


class World(Protocol):
    mailbox: Mailbox

    def deliver(self, raw: bytes, folder: str = "INBOX", flags: Sequence[bytes] = ()) -> int: ...
    def user_delete(self, folder: str, uid: int) -> None: ...
    def user_edit(self, folder: str, uid: int, raw: bytes) -> int: ...
    def recreate(self, folder: str) -> None: ...
    def flags(self, folder: str) -> dict[int, tuple[bytes, ...]]: ...


class MemoryWorld:
    def __init__(self) -> None:
        self.fake = MemoryMailbox()
        self.mailbox: Mailbox = self.fake

    def __getattr__(self, name: str) -> Any:  # deliver, user_delete, ...: the fake's user side
        return getattr(self.fake, name)


class DovecotWorld:
    """ImapMailbox on a fresh Dovecot user; the user side runs on separate imapclient sessions."""

    def __init__(self, account: Account, cfg_path: Path) -> None:
        self.account = account
        cfg = config.load(cfg_path)
        self.mailbox: Mailbox = ImapMailbox.connect(
            cfg.imap, functools.partial(credentials.for_imap, cfg.imap))

    def _client(self, folder: str | None = None, readonly: bool = False) -> imapclient.IMAPClient:
        client = self.account.client()
        if folder:
            client.select_folder(folder, readonly=readonly)
        return client

    def deliver(self, raw: bytes, folder: str = "INBOX", flags: Sequence[bytes] = ()) -> int:
        return self.account.deliver(raw, folder, tuple(flags))

    def user_delete(self, folder: str, uid: int) -> None:
        client = self._client(folder)
        try:
            client.add_flags([uid], [imapclient.DELETED])
            client.uid_expunge([uid])
        finally:
            client.logout()

    def user_edit(self, folder: str, uid: int, raw: bytes) -> int:
        self.user_delete(folder, uid)
        return self.deliver(raw, folder, (imapclient.DRAFT,))

    def recreate(self, folder: str) -> None:
        client = self._client(folder)
        try:
            uids = client.search()
            data = client.fetch(uids, [b"FLAGS", b"BODY.PEEK[]"]) if uids else {}
            client.unselect_folder()
            client.delete_folder(folder)
            client.create_folder(folder)
            for uid in sorted(data):
                flags = [f for f in data[uid][b"FLAGS"] if f != b"\\Recent"]
                client.append(folder, data[uid][b"BODY[]"], flags=flags)
        finally:
            client.logout()

    def flags(self, folder: str) -> dict[int, tuple[bytes, ...]]:
        client = self._client(folder, readonly=True)
        try:
            uids = client.search()
            data = client.fetch(uids, [b"FLAGS"]) if uids else {}
        finally:
            client.logout()
        return {uid: tuple(sorted(f for f in d[b"FLAGS"] if f != b"\\Recent")) for uid, d in data.items()}
