"""The IMAP adapter: the only module that talks to the mail server.

Rules it enforces (house rule 1): the user's folders are opened with EXAMINE (read-only) and read
with BODY.PEEK, so no flag ever changes; the only message it ever deletes is one of our own drafts,
after checking its token header, by UID EXPUNGE of that single UID (never CLOSE or EXPUNGE).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import ssl
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import imapclient
from imapclient.exceptions import IMAPClientError, LoginError

from followupd.adapters.credentials import Password
from followupd.adapters.imap.connection import (
    ErrorScope,
    batches,
    close_quietly,
    enable_keepalive,
    ssl_context,
    starttls,
    untrusted,
)
from followupd.adapters.imap.folders import choose_folders
from followupd.config.loader import ImapConfig, is_loopback
from followupd.core.draft_headers import TOKEN_HEADER, header_block, token_of
from followupd.core.errors import AuthenticationError, ServerError, TLSPolicyError
from followupd.core.mailbox_types import (
    FolderList,
    Folders,
    FolderStatus,
    Header,
    OwnDraft,
    Removal,
    content_hash,
)

log = logging.getLogger(__name__)

# The records are core types (followupd.core.mailbox_types); re-exported for existing imports.
__all__ = ["FETCH_BATCH", "FolderStatus", "Folders", "Header", "ImapMailbox", "OwnDraft", "Removal",
           "content_hash"]
FETCH_BATCH = 500


class ImapMailbox:
    """A logged-in IMAP connection with the few operations followupd needs."""

    def __init__(self, client: imapclient.IMAPClient, cfg: ImapConfig) -> None:
        self.client = client
        self.cfg = cfg
        self.selected: str | None = None
        self.selected_uidvalidity = 0
        self.readonly = True

    # -- connection ----------------------------------------------------------------------

    @classmethod
    def connect(cls, cfg: ImapConfig, secret: Callable[[], Password]) -> ImapMailbox:
        if cfg.tls == "none" and not is_loopback(cfg.host):
            raise TLSPolicyError(f'imap.tls = "none" is only allowed to a loopback host, not {cfg.host!r}')
        timeout = imapclient.SocketTimeout(connect=cfg.timeout, read=cfg.timeout)
        context = ssl_context(cfg)
        try:
            client = imapclient.IMAPClient(
                cfg.host, port=cfg.port, ssl=cfg.tls == "implicit", ssl_context=context,
                timeout=timeout,
            )
        except ssl.SSLCertVerificationError as exc:
            raise untrusted(cfg, exc) from None
        except (OSError, IMAPClientError) as exc:
            raise ServerError(
                f"cannot connect to {cfg.host}:{cfg.port}: {exc}",
                hint="Check imap.host, imap.port and imap.tls, and that the server is reachable.",
            ) from None
        enable_keepalive(client)
        try:
            if cfg.tls == "starttls":
                starttls(client, cfg, context)
            mailbox = cls(client, cfg)
            mailbox._login(secret)
        except BaseException:
            close_quietly(client)
            raise
        return mailbox

    def _login(self, secret: Callable[[], Password]) -> None:
        value = secret()
        try:
            if self.cfg.auth == "xoauth2":
                self.client.oauth2_login(self.cfg.username, value.reveal())
            else:
                self.client.login(self.cfg.username, value.reveal())
        except LoginError:
            raise AuthenticationError(
                f"the server refused the login for {self.cfg.username!r}",
                hint="Check imap.username and the password source; for Gmail or Outlook use an "
                "app password or auth = \"xoauth2\". followupd will not retry until the config "
                "changes (SIGHUP) or it is restarted.",
            ) from None
        except (OSError, IMAPClientError) as exc:
            raise ServerError(f"login to {self.cfg.host} failed: {exc}") from None
        log.info("logged in to %s as %s", self.cfg.host, self.cfg.username)

    def logout(self) -> None:
        close_quietly(self.client)

    def noop(self) -> None:
        with self._errors("NOOP"):
            self.client.noop()

    def capabilities(self) -> frozenset[str]:
        return frozenset(c.decode() if isinstance(c, bytes) else str(c) for c in self.client.capabilities())

    def _errors(self, what: str) -> ErrorScope:
        return ErrorScope(what)

    # -- folders -------------------------------------------------------------------------

    def discover_folders(self) -> Folders:
        with self._errors("LIST"):
            listing = self.client.list_folders()
        return choose_folders(listing, self.cfg)

    def list_folders(self) -> FolderList:
        with self._errors("LIST"):
            listing = self.client.list_folders()
        delimiter = next((d for _flags, d, _name in listing if d), b"")
        if isinstance(delimiter, bytes):
            delimiter = delimiter.decode("ascii", "replace")
        return FolderList(tuple(name for _flags, _d, name in listing), str(delimiter or ""))

    def create_folder(self, name: str) -> bool:
        """CREATE and SUBSCRIBE ``name`` unless it exists; whether it was created. Only ever
        for `followupd folders create`."""
        if name in self.list_folders().names:
            return False
        with self._errors(f"CREATE {name}"):
            self.client.create_folder(name)
        with self._errors(f"SUBSCRIBE {name}"):
            self.client.subscribe_folder(name)
        return True

    def examine(self, folder: str) -> FolderStatus:
        """Open ``folder`` read-only (EXAMINE)."""
        with self._errors(f"EXAMINE {folder}"):
            info = self.client.select_folder(folder, readonly=True)
        self.selected, self.readonly = folder, True
        status = _status(folder, info)
        self.selected_uidvalidity = status.uidvalidity
        return status

    def anything_above(self, folder: str, uidvalidity: int, last_uid: int) -> bool | None:
        """While ``folder`` is still open read-only from the last sync: NOOP (the server syncs
        the folder) and look for UIDs above ``last_uid``. None when it is not open that way, or
        its UIDVALIDITY differs; then the caller asks with STATUS or EXAMINE instead."""
        if self.selected != folder or not self.readonly or self.selected_uidvalidity != uidvalidity:
            return None
        self.noop()
        return bool(self.uids_above(last_uid))

    def _select_rw(self, folder: str) -> FolderStatus:
        """SELECT read-write: only ever for the Drafts folder, to remove our own drafts."""
        with self._errors(f"SELECT {folder}"):
            info = self.client.select_folder(folder, readonly=False)
        self.selected, self.readonly = folder, False
        return _status(folder, info)

    # -- reading ---------------------------------------------------------------------------

    def uids_above(self, last_uid: int) -> list[int]:
        """UIDs greater than ``last_uid`` in the selected folder (``n:*`` may return the highest
        existing UID even when it is below n, RFC 3501 6.4.8, so filter)."""
        with self._errors("UID SEARCH"):
            uids = self.client.search(["UID", f"{last_uid + 1}:*"])
        return sorted(u for u in uids if u > last_uid)

    def uids_below(self, uid: int) -> list[int]:
        if uid <= 1:
            return []
        with self._errors("UID SEARCH"):
            uids = self.client.search(["UID", f"1:{uid - 1}"])
        return sorted(u for u in uids if u < uid)

    def uids_since(self, day: dt.date) -> list[int]:
        """``UID SEARCH SINCE day`` (the internal date: when the message arrived)."""
        with self._errors("UID SEARCH SINCE"):
            uids = self.client.search(["SINCE", day])
        return sorted(uids)

    def fetch_headers(self, uids: Sequence[int]) -> Iterator[Header]:
        for batch in batches(uids, FETCH_BATCH):
            with self._errors("UID FETCH headers"):
                data = self.client.fetch(batch, [b"BODY.PEEK[HEADER]", b"RFC822.SIZE", b"FLAGS"])
            for uid in batch:
                item = data.get(uid)
                if item is None:  # expunged meanwhile
                    continue
                yield Header(uid, int(item.get(b"RFC822.SIZE", 0)), tuple(item.get(b"FLAGS", ())),
                             bytes(item.get(b"BODY[HEADER]", b"")))

    def fetch_full(self, uids: Sequence[int]) -> Iterator[tuple[int, bytes]]:
        for batch in batches(uids, 50):
            with self._errors("UID FETCH body"):
                data = self.client.fetch(batch, [b"BODY.PEEK[]"])
            for uid in batch:
                if uid in data:
                    yield uid, bytes(data[uid].get(b"BODY[]", b""))

    def fetch_start(self, uids: Sequence[int], limit: int) -> Iterator[tuple[int, bytes]]:
        """The first ``limit`` bytes of each message (``BODY.PEEK[]<0.limit>``): for messages
        over the size cap, whose text parts come first and attachments after in practice."""
        return ((uid, raw) for uid, raw in self._partial(uids, b"", limit, 20) if raw)

    def fetch_text_start(self, uids: Sequence[int], limit: int) -> Iterator[tuple[int, bytes]]:
        """The first ``limit`` bytes of each message's body, after its header block
        (``BODY.PEEK[TEXT]<0.limit>``, RFC 3501 6.4.5: read-only, ``\\Seen`` stays as it is),
        undecoded as the server stores it; a message whose body is empty gives b""."""
        return self._partial(uids, b"TEXT", limit, FETCH_BATCH)

    def _partial(self, uids: Sequence[int], section: bytes, limit: int, size: int
                 ) -> Iterator[tuple[int, bytes]]:
        """``BODY.PEEK[section]<0.limit>`` of each UID still there (the answer is keyed
        ``BODY[section]<0>``)."""
        item_name, key = b"BODY.PEEK[%s]<0.%d>" % (section, limit), b"BODY[%s]" % section
        for batch in batches(uids, size):
            with self._errors("UID FETCH partial"):
                data = self.client.fetch(batch, [item_name])
            for uid in batch:
                item = data.get(uid)
                if item is not None:  # else expunged meanwhile
                    yield uid, next((bytes(v or b"") for k, v in item.items() if k.startswith(key)), b"")

    # -- our drafts ------------------------------------------------------------------------

    def append_draft(self, folder: str, raw: bytes) -> int | None:
        """APPEND with \\Draft; return the new UID when the server says (UIDPLUS APPENDUID)."""
        with self._errors(f"APPEND {folder}"):
            response = self.client.append(folder, raw, flags=(imapclient.DRAFT,))
        text = response.decode("ascii", "replace") if isinstance(response, bytes) else str(response)
        match = re.search(r"APPENDUID (\d+) (\d+)", text)
        return int(match.group(2)) if match else None

    def tokens(self, folder: str) -> dict[int, str]:
        """UID -> our token, for every message in ``folder`` that carries one. Read from the
        headers of all messages (Drafts is small) rather than with SEARCH HEADER, which not
        every server indexes for arbitrary fields."""
        self.examine(folder)
        with self._errors("UID SEARCH ALL"):
            uids = sorted(self.client.search(["ALL"]))
        found: dict[int, str] = {}
        field = f"BODY.PEEK[HEADER.FIELDS ({TOKEN_HEADER})]".encode()
        for batch in batches(uids, FETCH_BATCH):
            with self._errors("UID FETCH token"):
                data = self.client.fetch(batch, [field])
            for uid, item in data.items():
                raw = next((bytes(v) for k, v in item.items() if k.startswith(b"BODY[HEADER")), b"")
                token = token_of(raw)
                if token:
                    found[uid] = token
        return found

    def find_token(self, folder: str, token: str) -> list[int]:
        return sorted(uid for uid, t in self.tokens(folder).items() if t == token)

    def own_drafts(self, folder: str) -> list[OwnDraft]:
        """Every message in Drafts that carries our token header, with its content hash."""
        owned = self.tokens(folder)
        found = []
        for uid, raw in self.fetch_full(sorted(owned)):
            token = token_of(raw)
            if token:
                found.append(OwnDraft(uid, token, content_hash(raw), header_block(raw)))
        return found

    def content_hash_of(self, folder: str, uid: int) -> str:
        """Digest of the message as the server stores it (servers may rewrite on APPEND)."""
        self.examine(folder)
        with self._errors("UID FETCH draft"):
            data = self.client.fetch([uid], [b"BODY.PEEK[]"])
        raw = bytes(data.get(uid, {}).get(b"BODY[]", b""))
        return content_hash(raw) if raw else ""

    def delete_own_draft(self, folder: str, uid: int, token: str, expected_hash: str) -> Removal:
        """Remove one draft of ours: only when the message at ``uid`` still carries ``token`` and
        is unchanged, and only by UID EXPUNGE of that UID (never CLOSE or EXPUNGE)."""
        if not self.client.has_capability("UIDPLUS"):
            log.warning("server lacks UIDPLUS; not removing draft uid %s (would need a "
                        "mailbox-wide EXPUNGE)", uid)
            return Removal.UNSUPPORTED
        self._select_rw(folder)
        try:
            with self._errors("UID FETCH draft"):
                data = self.client.fetch([uid], [b"BODY.PEEK[]"])
            raw = bytes(data.get(uid, {}).get(b"BODY[]", b""))
            if not raw or token_of(raw) != token:
                return Removal.GONE
            if content_hash(raw) != expected_hash:
                log.info("draft uid %s was changed by the user; leaving it alone", uid)
                return Removal.CHANGED
            with self._errors("UID STORE/EXPUNGE"):
                self.client.add_flags([uid], [imapclient.DELETED], silent=True)
                self.client.uid_expunge([uid])
        finally:
            self.examine(folder)  # back to read-only
        return Removal.REMOVED

    # -- IDLE (RFC 2177; idle.InboxWatcher drives it on a connection of its own) -------------

    def has_idle(self) -> bool:
        return bool(self.client.has_capability("IDLE"))

    def idle_start(self) -> None:
        """Enter IDLE on the selected folder; only idle_check / idle_done until it ends."""
        self.client.idle()

    def idle_check(self, timeout: float) -> list[tuple[object, ...]]:
        """Untagged responses that arrived while idling (waits at most ``timeout`` s)."""
        return list(self.client.idle_check(timeout=timeout))

    def idle_done(self) -> list[tuple[object, ...]]:
        """DONE and its tagged reply; the untagged responses that came with it."""
        _text, responses = self.client.idle_done()
        return list(responses)

    def fileno(self) -> int:
        """The socket's descriptor, to poll it together with a signal pipe."""
        return int(self.client.socket().fileno())

    def set_timeout(self, seconds: float) -> None:
        """Bound every later read on this connection (a dying IDLE must not stall a shutdown)."""
        self.client.socket().settimeout(seconds)


def _status(folder: str, info: dict[bytes, Any]) -> FolderStatus:
    return FolderStatus(
        name=folder,
        uidvalidity=int(info.get(b"UIDVALIDITY", 0)),
        uidnext=int(info.get(b"UIDNEXT", 0)),
        exists=int(info.get(b"EXISTS", 0)),
        highestmodseq=int(info.get(b"HIGHESTMODSEQ", 0) or 0),
    )
