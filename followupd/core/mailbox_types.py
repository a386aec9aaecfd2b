"""What a mailbox answers with: the records the Mailbox port (followupd.ports) speaks in.

Plain data, shared by the IMAP adapter, the app layer and the in-memory fake of the tests, so the
port needs nothing from an adapter. ``content_hash`` is here too: execute records it of the bytes
it appends and the mailbox computes it of the bytes the server stores; both must agree.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass


class Removal(enum.Enum):
    """What became of a request to remove one of our drafts."""

    REMOVED = "removed"
    CHANGED = "changed"  # the user edited it: theirs now, left alone
    GONE = "gone"  # not there (sent or deleted by the user): reconcile decides which
    UNSUPPORTED = "unsupported"  # no UIDPLUS: removing one UID safely is impossible


@dataclass(frozen=True)
class Folders:
    inbox: str
    sent: str
    drafts: str
    how: dict[str, str]  # "sent" -> "SPECIAL-USE \\Sent" | "configured" | "usual name"


@dataclass(frozen=True)
class FolderList:
    """What LIST answers: every folder's name, and the hierarchy delimiter ("" when flat)."""

    names: tuple[str, ...]
    delimiter: str

    def child(self, parent: str, name: str) -> str:
        """The full name of ``name`` under ``parent`` ("followupd/Track", "followupd.Track")."""
        return f"{parent}{self.delimiter}{name}" if self.delimiter else f"{parent}-{name}"


@dataclass(frozen=True)
class FolderStatus:
    name: str
    uidvalidity: int
    uidnext: int
    exists: int
    highestmodseq: int = 0


@dataclass(frozen=True)
class Header:
    uid: int
    size: int
    flags: tuple[bytes, ...]
    header: bytes


@dataclass(frozen=True)
class OwnDraft:
    uid: int
    token: str
    content_hash: str  # sha256 of the full message; tells "unchanged" from "edited"
    header: bytes = b""  # its header block (stage, threading: adoption after state loss)


def content_hash(raw: bytes) -> str:
    """Stable SHA-256 of a message's content (line endings normalised, as servers may rewrite
    them). Not the digest mail: that is ``app.daemon``'s summary to the user."""
    return hashlib.sha256(raw.replace(b"\r\n", b"\n").rstrip(b"\n")).hexdigest()
