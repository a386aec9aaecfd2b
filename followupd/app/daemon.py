"""`followupd run`: the long-running daemon.

One thread. The main loop waits on the IDLE connection (idle.py) with a short timeout, bounded by
the next scheduled job, and wakes at once on a signal (signal.set_wakeup_fd writes to a pipe that
is polled with the socket). Scheduled jobs (the ``schedule`` package) run between waits on the
Runner's own connection, so IDLE is never interrupted for a sync, a plan tick or an APPEND:

    plan tick       every daemon.plan_interval_seconds    Runner.tick
    Sent + Drafts   every daemon.sent_sync_minutes        Runner.sync_sent_and_drafts (+ INBOX check)
    digest          every minute                          digest.deliver_due_digest (if enabled)
    poll            every daemon.poll_interval_seconds    only when the server lacks IDLE
    keepalive       a third of WatchdogSec                NOOP, then WATCHDOG=1 (only under systemd)

Faults: a ServerError anywhere drops both connections; reconnect with exponential backoff and full
jitter capped at daemon.reconnect_max_seconds, then catch up with a full pass. These are expected
and logged at WARNING without a traceback. A refused login (or a missing credential or folder)
cannot heal by retrying: logged once at ERROR, queued for the digest, and the daemon waits for
SIGHUP (reload) or SIGTERM. SIGTERM/SIGINT finish the current action, log out and exit 0.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import logging
import os
import select
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import schedule

from followupd.adapters import credentials
from followupd.adapters.imap.idle import InboxWatcher
from followupd.adapters.sdnotify import Notifier
from followupd.adapters.smtp import deliver_due_digest
from followupd.adapters.store.sqlite import open_store
from followupd.app.runner import Runner
from followupd.app.timing import Clock, backoff_delay, system_clock
from followupd.config import loader as config_module
from followupd.config.loader import Config
from followupd.core.errors import (
    AuthenticationError,
    ConfigError,
    CredentialError,
    FolderError,
    FollowupdError,
    ServerError,
)
from followupd.ports import Sender, StateStore

log = logging.getLogger(__name__)

MAX_WAIT = 5.0  # longest single wait; jobs and signals are usually served sooner
DIGEST_CHECK_SECONDS = 60
NEEDS_USER = (AuthenticationError, CredentialError, FolderError)


class _Served(enum.Enum):
    """Why the serve loop ended."""

    STOPPED = "stopped"
    RELOADED = "reloaded"  # SIGHUP with a valid new config: reconnect with it


class Daemon:
    def __init__(self, cfg: Config, *, config_path: Path | None = None, clock: Clock = system_clock,
                 notifier: Notifier | None = None, send_digest: Sender = deliver_due_digest) -> None:
        self.cfg = cfg
        self.config_path = config_path
        self.clock = clock
        self.notifier = notifier or Notifier()
        self.send_digest = send_digest  # the Sender port: tests may pass their own
        self.stop_requested = False
        self.reload_requested = False
        self.ready_sent = False
        self.store: StateStore | None = None
        self.runner: Runner | None = None
        self.watcher: InboxWatcher | None = None
        self.jobs = schedule.Scheduler()
        self._wake_r = self._wake_w = -1

    # -- signals -----------------------------------------------------------------------------

    def stopping(self) -> bool:
        """Read through a call: signal handlers change it behind the type checker's back."""
        return self.stop_requested

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if signum == signal.SIGHUP:
            self.reload_requested = True
        else:
            self.stop_requested = True

    @contextlib.contextmanager
    def _signals(self) -> Iterator[None]:
        self._wake_r, self._wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        old_fd = signal.set_wakeup_fd(self._wake_w, warn_on_full_buffer=False)
        old = {s: signal.signal(s, self._on_signal) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
        try:
            yield
        finally:
            for s, handler in old.items():
                signal.signal(s, handler)
            signal.set_wakeup_fd(old_fd)
            os.close(self._wake_r)
            os.close(self._wake_w)

    def _drain_wake(self) -> None:
        with contextlib.suppress(BlockingIOError):
            while os.read(self._wake_r, 512):
                pass

    def _interrupted(self) -> bool:
        return self.stop_requested or self.reload_requested

    def _pause(self, seconds: float) -> None:
        """Sleep up to ``seconds``, returning early on SIGTERM/SIGINT/SIGHUP."""
        deadline = time.monotonic() + seconds
        poller = select.poll()
        poller.register(self._wake_r, select.POLLIN)
        while not self._interrupted() and (left := deadline - time.monotonic()) > 0:
            poller.poll(min(left, MAX_WAIT) * 1000)
            self._drain_wake()

    # -- the outer loop: connect, serve, recover -------------------------------------------------

    def run(self) -> int:
        with self._signals(), open_store(self.cfg.state_path) as store:
            self.store = store
            attempt, down_since = 0, 0.0
            while not self.stop_requested:
                if self.reload_requested:
                    self._reload()
                try:
                    self._connect()
                    if attempt:
                        log.info("reconnected to %s after %.1f s", self.cfg.imap.host,
                                 time.monotonic() - down_since)
                    attempt = 0
                    if self._serve() is _Served.RELOADED:
                        self._disconnect()  # reconnect with the new config
                except NEEDS_USER as exc:
                    self._disconnect()
                    self._wait_for_user(exc)
                    attempt = 0
                except ServerError as exc:
                    self._disconnect()
                    if self.stopping():  # set by SIGTERM while we were serving
                        break
                    if not attempt:
                        down_since = time.monotonic()
                    delay = backoff_delay(attempt, self.cfg.daemon.reconnect_max_seconds)
                    attempt += 1
                    log.warning("%s; reconnecting in %.1f s (attempt %d)", exc.message, delay, attempt)
                    self.notifier.status(f"connection to {self.cfg.imap.host} lost; retrying in "
                                         f"{delay:.0f} s (attempt {attempt})")
                    self._pause_alive(delay)
            self._disconnect()
            self.notifier.stopping("stopping")
            log.info("stopped")
        return 0

    def _pause_alive(self, seconds: float) -> None:
        """Wait out a backoff delay. WATCHDOG=1 is sent here without a server round-trip: there
        is no connection to prove, the loop is alive, and a watchdog restart would not help."""
        self.notifier.watchdog()
        self._maybe_digest()
        self._pause(seconds)

    def _connected(self) -> Runner:
        if self.runner is None:
            raise RuntimeError("the daemon has no connection yet")
        return self.runner

    def _connect(self) -> None:
        if self.store is None:
            raise RuntimeError("the daemon has no state store open")
        cfg = self.cfg
        self.runner = Runner(cfg, self.store, progress=self._progress)
        self.runner.connect()
        # IDLE first, then the catch-up pass: mail arriving in between is reported by IDLE.
        self.watcher = InboxWatcher(cfg.imap, self.runner.folders.inbox,
                                    functools.partial(credentials.for_imap, cfg.imap),
                                    refresh_seconds=cfg.daemon.idle_refresh_minutes * 60)
        if not self.watcher.start():
            self.watcher = None
        self.runner.once(self.clock())
        self._maybe_digest()
        self._schedule_jobs()
        self._alive()
        status = self.runner.status_line(self.clock())
        if not self.ready_sent:
            self.ready_sent = True
            self.notifier.ready(status)
            log.info("ready: %s", status)
        else:
            self.notifier.status(status)

    def _disconnect(self) -> None:
        self.jobs.clear()
        if self.watcher is not None:
            self.watcher.close()
            self.watcher = None
        if self.runner is not None:
            self.runner.close()
            self.runner = None

    # -- serving -----------------------------------------------------------------------------

    def _schedule_jobs(self) -> None:
        d = self.cfg.daemon
        self.jobs.clear()
        self.jobs.every(d.plan_interval_seconds).seconds.do(self._job, "plan tick", self._tick)
        self.jobs.every(d.sent_sync_minutes).minutes.do(self._job, "Sent sync", self._sync_sent)
        self.jobs.every(DIGEST_CHECK_SECONDS).seconds.do(self._maybe_digest)
        if self.watcher is None:
            self.jobs.every(d.poll_interval_seconds).seconds.do(self._job, "INBOX poll", self._poll)
        if self.notifier.watchdog_seconds:
            every = max(1, int(self.notifier.watchdog_seconds / 3))
            self.jobs.every(every).seconds.do(self._job, "keepalive", self._keepalive)

    def _serve(self) -> _Served:
        """Serve until stopped, or until SIGHUP brought a valid new config (the outer loop then
        reconnects with it)."""
        while not self.stop_requested:
            if self.reload_requested and self._reload():
                return _Served.RELOADED
            busy = self.runner is not None and self.runner.backfill.pending()
            timeout = 0.0 if busy else min(MAX_WAIT, max(0.0, self.jobs.idle_seconds or MAX_WAIT))
            if self.watcher is not None:
                wake = self.watcher.wait(timeout, wake_fd=self._wake_r)
                self._drain_wake()
                if wake.heard_server:
                    self._alive()
                if wake.changed:
                    self._job("INBOX sync", self._sync_inbox)
            else:
                self._pause(timeout)
            if not self._interrupted():
                self.jobs.run_pending()
                if busy:  # older mail, one step at a time after IDLE and the jobs (backfill.py)
                    self._job("backfill", lambda: self._connected().backfill.step(self.clock()))
        return _Served.STOPPED

    def _job(self, name: str, work: Callable[[], None]) -> None:
        """Run one job. Connection faults and errors that need the user go up (reconnect or
        wait); anything else is a bug: logged with its traceback, retried at the next interval."""
        try:
            work()
        except (ServerError, CredentialError):
            raise
        except FollowupdError as exc:
            log.error("%s failed: %s", name, exc)
        except Exception:
            log.exception("%s failed unexpectedly; trying again at the next interval", name)
        else:
            self._alive()

    def _sync_inbox(self) -> None:
        runner = self._connected()
        now = self.clock()
        report = runner.sync_inbox(now)
        if report.recorded:
            runner.tick(now)  # a new invitation or decision may make something due now
            self._status()
            self._maybe_digest()

    def _sync_sent(self) -> None:
        runner = self._connected()
        now = self.clock()
        runner.sync_sent_and_drafts(now)
        runner.sync_inbox(now)  # safety net for a change IDLE did not report; cheap if none

    def _tick(self) -> None:
        runner = self._connected()
        runner.tick(self.clock())
        self._status()
        self._maybe_digest()  # a queued draft is worth telling soon (still at most one per interval)

    def _poll(self) -> None:
        runner = self._connected()
        runner.mailbox.noop()
        self._sync_inbox()

    def _keepalive(self) -> None:
        runner = self._connected()
        runner.mailbox.noop()

    def _progress(self, folder: str, done: int, total: int) -> None:
        """Per fetched batch of a long sync: a real round-trip (feed the watchdog); before READY,
        ask systemd for more start time (EXTEND_TIMEOUT_USEC) and say how far we are."""
        self._alive()
        if not self.ready_sent:
            self.notifier.notify(extend_timeout_usec=120_000_000,
                                 status=f"first sync: reading {folder}, {done}/{total}")

    def _alive(self) -> None:
        """After a real server round-trip: the watchdog may be fed."""
        self.notifier.watchdog()

    def _status(self) -> None:
        if self.runner is not None and self.notifier.enabled:
            self.notifier.status(self.runner.status_line(self.clock()))

    def _maybe_digest(self) -> None:
        """Send a due digest. SMTP trouble never touches the IMAP side: WARNING, retry later."""
        if not self.cfg.smtp.enabled or self.store is None:
            return
        try:
            self.send_digest(self.cfg, self.store, self.clock())
        except (ServerError, CredentialError) as exc:
            log.warning("digest not sent: %s", exc.message)

    # -- the user's turn: refused login, reload ----------------------------------------------

    def _wait_for_user(self, exc: FollowupdError) -> None:
        """Stop retrying; say so once (log + digest); wait for SIGHUP or SIGTERM."""
        log.error("%s. %s Not retrying until the config is reloaded (systemctl --user reload "
                  "followupd, or SIGHUP) or followupd is restarted.", exc.message, exc.hint)
        if self.store is not None:
            with self.store.transaction():
                self.store.add_notice(self.clock(), f"followupd stopped watching your mail: "
                                      f"{exc.message}. {exc.hint}")
        self.notifier.status(f"waiting for you: {exc.message}; fix it, then reload")
        while not self._interrupted():
            self._pause_alive(DIGEST_CHECK_SECONDS)

    def _reload(self) -> bool:
        """SIGHUP: reload the config. True when a new one is in place; an invalid one is reported."""
        self.reload_requested = False
        self.notifier.reloading()
        try:
            new = config_module.load(self.config_path)
        except ConfigError as exc:
            log.error("config reload failed; still running with the previous config.\n%s", exc)
            self.notifier.ready()
            return False
        if new.state_path != self.cfg.state_path:
            log.warning("state.path changed to %s; that takes effect after a restart",
                        new.state_path)
        self.cfg = new
        log.info("config reloaded from %s (schedule.timezone %s)", new.source,
                 new.policy.timezone)
        self.notifier.ready()
        return True
