"""One pass of followupd's work, shared by `once` and the daemon:

    sync INBOX -> track | sync Sent -> track -> reconcile our drafts | plan -> execute

Tracking (association + state transitions) runs inside the sync transaction of each batch, so a
message, its effect on an application and the folder cursor are committed together.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import Any

from followupd.adapters import credentials
from followupd.adapters.detector import load_classifier
from followupd.adapters.examples import append_examples, examples_path
from followupd.adapters.giftfile import load_gifts_or_none
from followupd.adapters.imap.mailbox import ImapMailbox
from followupd.app.adoption import adopt_orphans, resaved_copies
from followupd.app.backfill import Backfill, window_start
from followupd.app.context import Context, Outcome
from followupd.app.corrections import CorrectionReport, sync_corrections
from followupd.app.drafting import recover
from followupd.app.execute import execute
from followupd.app.notes import read_notes_drafts, take_notes
from followupd.app.peek import Peek, SenderCounts, peek_at
from followupd.app.sync import Progress, SyncReport, sync_folder
from followupd.config.loader import Config
from followupd.core.actions import Action, MarkDraft
from followupd.core.mailbox_types import Folders
from followupd.core.model import Application, Kind, MessageFacts
from followupd.core.state_types import StoredMessage
from followupd.engine.intake import decide, may_track, notice_for
from followupd.engine.notes import plan_notes
from followupd.engine.plan import next_action, plan
from followupd.engine.reconcile import DraftSnapshot, reconcile
from followupd.engine.track import apply_message, new_application
from followupd.mail import understand
from followupd.mail.classify.verdict import ThreadContext
from followupd.mail.parse import ParsedMessage, read_envelope
from followupd.mail.triage import TriageContext, context_for, header_facts, thread_context, triage
from followupd.ports import Mailbox, StateStore

log = logging.getLogger(__name__)

class _HeaderReader:
    """What sync asks of each INBOX header block (its ``HeaderTriage``): ``mail.triage`` over the
    Runner's applications as they are right now; facts to record, None to read in full, or a
    ``Peek`` at a personal mail's first bytes. It counts each sender's messages as it sees them:
    a regular correspondent is not peeked."""

    def __init__(self, runner: Runner) -> None:
        self._runner = runner
        self._context: TriageContext | None = None
        self._senders = SenderCounts()
        self.version = 0

    def changed(self) -> None:
        """An application was started, changed or reloaded: rebuild the context when next asked."""
        self.version += 1
        self._context = None

    def context(self) -> TriageContext:
        if self._context is None:
            apps = self._runner.current_apps()
            self._context = context_for(apps.values(), self._runner.cfg.identity.addresses)
        return self._context

    def thread_context(self, parsed: ParsedMessage) -> ThreadContext:
        return thread_context(parsed, self.context())

    def __call__(self, header: bytes) -> MessageFacts | Peek | None:
        ctx = self.context()
        try:
            env = read_envelope(header)
        except Exception:  # noqa: BLE001 - unreadable headers: the full reader copes and logs
            return None
        decision = triage(env, ctx, earlier_from_sender=self._senders.earlier(env))
        if decision.candidate:
            return None
        return peek_at(header, env) if decision.peek else header_facts(env, decision.reasons)


class Runner:
    def __init__(self, cfg: Config, store: StateStore, *, progress: Progress | None = None) -> None:
        self.cfg = cfg
        self.store = store
        self.progress = progress
        self._mailbox: Mailbox | None = None
        self._folders: Folders | None = None
        self._apps: dict[int, Application] | None = None
        self._apps_version = 0
        self._header_reader = _HeaderReader(self)
        self.backfill = Backfill(self, progress)  # older mail, after the first sync (backfill.py)

    # -- connection ----------------------------------------------------------------------

    def connect(self) -> None:
        self.close()
        self._mailbox = ImapMailbox.connect(
            self.cfg.imap, functools.partial(credentials.for_imap, self.cfg.imap))
        self._folders = self._mailbox.discover_folders()

    def close(self) -> None:
        if self._mailbox is not None:
            self._mailbox.logout()
        self._mailbox = None

    @property
    def mailbox(self) -> Mailbox:
        if self._mailbox is None:
            raise RuntimeError("Runner.connect() first")
        return self._mailbox

    @property
    def folders(self) -> Folders:
        if self._folders is None:
            raise RuntimeError("Runner.connect() first")
        return self._folders

    # -- reading ---------------------------------------------------------------------------

    def _understand(self, raw: bytes) -> MessageFacts:
        return understand(raw, own_addresses=self.cfg.identity.addresses,
                          max_text_bytes=self.cfg.imap.max_body_bytes,
                          default_tz=self.cfg.policy.timezone, classifier=load_classifier(),
                          context=self._header_reader.thread_context)

    def _load_apps(self) -> dict[int, Application]:
        self._apps_version = self.store.data_version()
        self._apps = {a.id: a for a in self.store.applications()}
        self._header_reader.changed()
        return self._apps

    def current_apps(self) -> dict[int, Application]:
        """The applications as tracking sees them (reloaded if the CLI changed the store)."""
        if self._apps is None or self.store.data_version() != self._apps_version:
            return self._load_apps()
        return self._apps

    def reading(self, now: dt.datetime, *, bodies: bool) -> dict[str, Any]:
        """How a folder is read (sync and backfill): triage only where bodies are read (INBOX);
        Sent is read headers-only anyway."""
        return {"understand": self._understand, "now": now, "want_bodies": bodies,
                "max_body_bytes": self.cfg.imap.max_body_bytes,
                "triage": self._header_reader if bodies else None}

    def _sync(self, folder: str, now: dt.datetime, *, bodies: bool) -> SyncReport:
        self._apps = None  # read again when first needed: a sync with nothing new reads none
        self._header_reader.changed()
        try:
            return sync_folder(
                self.mailbox, self.store, folder, on_new=functools.partial(self._track, now=now),
                progress=self.progress, since=window_start(now, self.cfg.track_history_days),
                **self.reading(now, bodies=bodies),
            )
        finally:
            self._apps = None

    def sync_inbox(self, now: dt.datetime) -> SyncReport:
        return self._sync(self.folders.inbox, now, bodies=True)

    def sync_sent_and_drafts(self, now: dt.datetime) -> None:
        # Sent: headers carry all we need (threading, recipients, our token).
        self._sync(self.folders.sent, now, bodies=False)
        self.sync_corrections(now)
        read_notes_drafts(self.mailbox, self.store, self.folders.drafts, now)
        self.execute(self._reconcile(now), now)

    def sync_corrections(self, now: dt.datetime, *, keep_examples: bool = True) -> CorrectionReport:
        """Apply what the user moved into the correction folders (imap.corrections_folder)."""
        if not self.cfg.imap.corrections_folder:
            return CorrectionReport()
        keep = functools.partial(append_examples, examples_path(self.cfg.state_path))
        try:
            return sync_corrections(
                self.mailbox, self.store, self.cfg.imap.corrections_folder,
                understand=self._understand, now=now, policy=self.cfg.policy,
                max_body_bytes=self.cfg.imap.max_body_bytes,
                examples=keep if keep_examples else None, progress=self.progress)
        finally:
            self._apps = None
            self._header_reader.changed()

    def _track(self, stored: StoredMessage, *, now: dt.datetime) -> None:
        """Apply one new message as ``engine.intake`` decides (inside the sync transaction)."""
        # The CLI (note, pause, stop, track) writes small transactions while we run; inside our
        # transaction nobody else can commit, so reloading here when they did is never stale.
        if stored.facts.kind in (Kind.OUTBOUND, Kind.OUR_DRAFT) and take_notes(self.store, stored, now):
            return  # your notes after an interview: never mail to the employer
        apps = self.current_apps() if may_track(stored.facts.kind) else {}
        from_sent = self._folders is not None and stored.folder == self._folders.sent
        intake = decide(stored.facts, apps, from_sent=from_sent, now=now,
                        track_history_days=self.cfg.track_history_days,
                        own_addresses=self.cfg.identity.addresses)
        facts = intake.facts
        if intake.ignored:
            log.info("not tracking %s: %s", facts.message_id, intake.ignored)
        if intake.application_id is None and not intake.start:
            return
        try:
            if intake.start:
                app = new_application(facts, 0, now, self.cfg.policy)
                app = self.store.add_application(app, now)
                self.store.add_event(app.id, now, f"tracking started ({app.state})", intake.reasons)
                log.info("tracking application %d: %s, %s (%s)", app.id, app.company or "?",
                         app.position or "?", facts.message_id)
            elif intake.application_id is not None:
                old = apps[intake.application_id]
                app, why = apply_message(old, facts, now, self.cfg.policy)
                self.store.save_application(app, now)
                self.store.add_event(app.id, now, f"{facts.kind}: {facts.subject[:80]}",
                                     (*intake.reasons, *why))
                if app.state is not old.state:
                    log.info("application %d (%s): %s -> %s by %s", app.id, app.company,
                             old.state, app.state, facts.message_id)
            self.store.set_message_application(stored.id, app.id)
            notice = notice_for(facts, app)
            if notice:
                self.store.add_notice(now, notice, app.id)
        except Exception:
            self._apps = None  # the savepoint rolls back; reload from the store next time
            self._header_reader.changed()
            raise
        if self._apps is not None:
            self._apps[app.id] = app
        self._header_reader.changed()

    def _reconcile(self, now: dt.datetime) -> list[Action]:
        found = self.mailbox.own_drafts(self.folders.drafts)
        adopt_orphans(self.context(), found, now)
        drafts = self.store.drafts()
        if not drafts:
            return []
        present: dict[str, DraftSnapshot] = {}
        for own in found:
            record = self.store.draft_by_token(own.token)
            if record is None:
                continue
            _raw, expected = self.store.draft_payload(record.id)
            present[own.token] = DraftSnapshot(own.token, own.uid, own.content_hash,
                                               own.content_hash == expected)
        present.update(resaved_copies(self.context(), found, drafts))
        wanted = {d.message_id for d in drafts} | {d.in_reply_to for d in drafts if d.in_reply_to}
        sent = [m.facts for m in self.store.related_messages(self.folders.sent, wanted)]
        marks: list[MarkDraft] = reconcile(drafts, present, sent, now, self.cfg.policy)
        return list(marks)

    # -- planning --------------------------------------------------------------------------

    def context(self) -> Context:
        return Context(self.store, self.mailbox, self.folders.drafts, self.cfg.identity,
                       self.cfg.policy, self.cfg.templates_dir,
                       load_gifts_or_none(self.cfg.gift_library))

    def plan(self, now: dt.datetime) -> list[Action]:
        apps = self.store.applications()
        return [*plan_notes(apps, now, self.cfg.policy), *plan(apps, now, self.cfg.policy)]

    def execute(self, actions: list[Action], now: dt.datetime) -> list[Outcome]:
        return execute(self.context(), actions, now)


    def tick(self, now: dt.datetime) -> list[Outcome]:
        """Finish drafts a crash interrupted, then plan at ``now`` and carry the plan out."""
        recover(self.context(), now)
        return self.execute(self.plan(now), now)

    def once(self, now: dt.datetime, *, dry_run: bool = False) -> list[Outcome]:
        if dry_run:
            return self._dry_run(now)
        self.sync_inbox(now)
        self.sync_sent_and_drafts(now)
        return self.tick(now)

    def _dry_run(self, now: dt.datetime) -> list[Outcome]:
        """Read and decide as a real pass would, on a scratch copy of the state that is thrown
        away: the mailbox is only read, and the state file ends exactly as it was (cursors
        included), with no write lock held while the server is read."""
        real = self.store
        with real.scratch_copy() as scratch:
            self.store = scratch
            try:
                self._sync(self.folders.inbox, now, bodies=True)
                self._sync(self.folders.sent, now, bodies=False)
                self.sync_corrections(now, keep_examples=False)
                actions: list[Action] = [*self._reconcile(now), *self.plan(now)]
            finally:
                self.store = real
                self._apps = None
        return [Outcome(a, "planned") for a in actions]

    def status_line(self, now: dt.datetime) -> str:
        apps = [a for a in self.store.applications() if a.state.is_live]
        upcoming = sorted(
            (due, stage) for a in apps
            for stage, due in [next_action(a, now, self.cfg.policy)] if due is not None
        )
        text = f"watching {self.folders.inbox if self._folders else 'INBOX'}; {len(apps)} " \
               f"application{'s' * (len(apps) != 1)}"
        if upcoming:
            due, stage = upcoming[0]
            local = due.astimezone(_zone(self.cfg.policy.timezone))
            text += f"; next {stage.replace('_', ' ')} {local:%a %d %b %H:%M}"
        return text


def _zone(name: str) -> dt.tzinfo:
    import zoneinfo  # noqa: PLC0415 - tiny, only for the status line

    return zoneinfo.ZoneInfo(name)
