"""IMAP IDLE (RFC 2177) on INBOX, on a connection of its own.

Why a second connection: a connection in IDLE can run no other command, and the daemon's planning
ticks, Sent sync and draft APPENDs must not wait for (or interrupt) the IDLE. The watcher only
EXAMINEs INBOX (read-only) and never fetches anything; when the server reports a change, the
daemon syncs INBOX on its main connection.

Dead connections are found three ways: the server says BYE; the socket turns readable but yields
no line (EOF; imapclient's idle_check swallows it, so we verify with DONE); and every
``refresh_seconds`` we send DONE and IDLE again (servers drop IDLE after 29 minutes, NAT boxes
forget silent flows sooner): a DONE without its tagged reply within imap.timeout is a dead
connection. Every failure surfaces as ServerError, which the daemon answers by reconnecting.
"""

from __future__ import annotations

import logging
import select
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

from imapclient.exceptions import IMAPClientError

from followupd.adapters.credentials import Password
from followupd.adapters.imap.mailbox import ImapMailbox
from followupd.config.loader import ImapConfig
from followupd.core.errors import ServerError

log = logging.getLogger(__name__)

# Untagged responses that mean "the mailbox changed" (RFC 3501 7.3, 7.4).
CHANGES = frozenset({b"EXISTS", b"EXPUNGE", b"RECENT", b"FETCH", b"VANISHED"})


@dataclass(frozen=True)
class Wakeup:
    changed: bool = False  # the server reported new or removed mail
    heard_server: bool = False  # a real round-trip or server message (for the watchdog)


class _Failures:
    """Turn socket and protocol errors into ServerError (expected faults; no traceback)."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __enter__(self) -> None:
        return None

    def __exit__(self, tp: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc is not None and isinstance(exc, OSError | IMAPClientError | EOFError) \
                and not isinstance(exc, ServerError):
            raise ServerError(f"IMAP {self.what} failed: {exc or type(exc).__name__}") from exc


class InboxWatcher:
    def __init__(self, cfg: ImapConfig, folder: str, secret: Callable[[], Password], *,
                 refresh_seconds: float) -> None:
        self.cfg = cfg
        self.folder = folder
        self.secret = secret
        self.refresh_seconds = refresh_seconds
        self.mailbox: ImapMailbox | None = None
        self.idling_since = 0.0

    def start(self) -> bool:
        """Connect, EXAMINE the folder and enter IDLE. False if the server has no IDLE (the
        connection is then closed and the daemon polls instead)."""
        self.mailbox = ImapMailbox.connect(self.cfg, self.secret)
        if not self.mailbox.has_idle():
            log.info("server has no IDLE; polling %s instead", self.folder)
            self.close()
            return False
        self.mailbox.examine(self.folder)
        self._idle()
        return True

    def _idle(self) -> None:
        if self.mailbox is None:
            raise RuntimeError("IDLE used before start()")
        with _Failures("IDLE"):
            self.mailbox.idle_start()
        self.idling_since = time.monotonic()
        log.debug("IDLE on %s", self.folder)

    def refresh(self) -> Wakeup:
        """DONE, wait for the tagged OK (within imap.timeout), IDLE again."""
        if self.mailbox is None:
            raise RuntimeError("IDLE used before start()")
        with _Failures("IDLE DONE"):
            responses = self.mailbox.idle_done()
        self.idling_since = 0.0
        changed = self._inspect(responses)
        self._idle()
        return Wakeup(changed=changed, heard_server=True)

    def seconds_to_refresh(self) -> float:
        return max(0.0, self.idling_since + self.refresh_seconds - time.monotonic())

    def wait(self, timeout: float, wake_fd: int | None = None) -> Wakeup:
        """Wait up to ``timeout`` s for the server (or for ``wake_fd``, e.g. a signal pipe)."""
        if self.mailbox is None:
            raise ServerError("IMAP IDLE connection is closed")
        if self.seconds_to_refresh() <= 0:
            return self.refresh()
        fileno = self.mailbox.fileno()
        poller = select.poll()
        poller.register(fileno, select.POLLIN | select.POLLPRI)
        if wake_fd is not None:
            poller.register(wake_fd, select.POLLIN)
        events = poller.poll(min(timeout, self.seconds_to_refresh()) * 1000)
        if not any(fd == fileno for fd, _ in events):
            return Wakeup()
        with _Failures("IDLE"):
            responses = self.mailbox.idle_check(timeout=0)
        if not responses:
            # Readable but no line: EOF (or a partial TLS record). DONE tells which.
            log.debug("IDLE socket readable without data; checking the connection")
            return self.refresh()
        return Wakeup(changed=self._inspect(responses), heard_server=True)

    def _inspect(self, responses: list[tuple[object, ...]]) -> bool:
        changed = False
        for response in responses:
            if response and response[0] == b"BYE":
                text = response[1].decode(errors="replace") if len(response) > 1 and \
                    isinstance(response[1], bytes) else ""
                raise ServerError(f"IMAP server closed the IDLE connection: BYE {text}".rstrip())
            if len(response) > 1 and response[1] in CHANGES:
                changed = True
        if responses:
            log.debug("IDLE: %s", responses)
        return changed

    def close(self, *, grace: float = 2.0) -> None:
        """Leave IDLE and log out, waiting at most ``grace`` s per reply (a dead connection must
        not hold up a shutdown); idempotent."""
        if self.mailbox is None:
            return
        mailbox, self.mailbox = self.mailbox, None
        try:
            mailbox.set_timeout(grace)
            if self.idling_since:
                mailbox.idle_done()
        except (OSError, IMAPClientError, EOFError) as exc:
            log.debug("IDLE connection did not end cleanly: %s", exc)
        finally:
            self.idling_since = 0.0
            mailbox.logout()
