"""The correction folders: made by `followupd folders create`, read (read-only) at every Sent sync.

A message the user moves or copies into ``<parent>/Track``, ``/Ignore``, ``/Rejection``,
``/Offer`` or ``/Not-a-decision`` is read like any other (incrementally, cursor per folder,
EXAMINE and BODY.PEEK only) and, once, applied as ``engine.corrections`` says, in the same
transaction that records it. Each one is also kept as a labelled example for the detector
(``adapters.examples``), written after its folder's transaction commits. followupd never moves,
flags or deletes the user's messages; a folder that does not exist is simply not read.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from followupd.app.sync import Progress, Understand, sync_folder
from followupd.core.mailbox_types import FolderList
from followupd.core.model import Policy
from followupd.core.state_types import StoredMessage
from followupd.engine.corrections import Correction, correct
from followupd.ports import Mailbox, StateStore

log = logging.getLogger(__name__)

Examples = Callable[[list[dict[str, Any]]], object]


def correction_folders(listing: FolderList, parent: str) -> dict[Correction, str]:
    """The correction folders under ``parent`` that exist on the server, by what they correct."""
    names = set(listing.names)
    found = {c: listing.child(parent, c.folder_name) for c in Correction}
    return {c: name for c, name in found.items() if name in names}


def create_folders(mailbox: Mailbox, parent: str) -> list[tuple[str, bool]]:
    """Create ``parent`` and its correction folders where missing: (name, created) each."""
    listing = mailbox.list_folders()
    made = [(parent, mailbox.create_folder(parent))]
    made += [(name, mailbox.create_folder(name))
             for name in (listing.child(parent, c.folder_name) for c in Correction)]
    return made


@dataclass
class CorrectionReport:
    applied: int = 0  # corrections that changed an application
    read: int = 0  # messages found in the correction folders
    examples: list[dict[str, Any]] = field(default_factory=list)


def sync_corrections(
    mailbox: Mailbox, store: StateStore, parent: str, *, understand: Understand,
    now: dt.datetime, policy: Policy, max_body_bytes: int, examples: Examples | None,
    progress: Progress | None = None,
) -> CorrectionReport:
    """Read what is new in each correction folder and apply it; ``examples`` receives the
    labelled examples of each folder once its transaction has committed (None: not kept)."""
    report = CorrectionReport()
    for correction, folder in correction_folders(mailbox.list_folders(), parent).items():
        pending: list[dict[str, Any]] = []

        def apply(stored: StoredMessage, correction: Correction = correction, folder: str = folder,
                  pending: list[dict[str, Any]] = pending) -> None:
            _apply(store, correction, folder, stored, now, policy, report, pending)

        sync_folder(mailbox, store, folder, understand=understand, now=now, want_bodies=True,
                    max_body_bytes=max_body_bytes, on_new=apply, progress=progress)
        if pending and examples is not None:
            examples(pending)
        report.examples += pending
    return report


def _apply(store: StateStore, correction: Correction, folder: str, stored: StoredMessage,
           now: dt.datetime, policy: Policy, report: CorrectionReport,
           pending: list[dict[str, Any]]) -> None:
    facts = stored.facts
    report.read += 1
    apps = {a.id: a for a in store.applications()}  # inside the transaction: our own writes too
    result = correct(correction, facts, apps, now, policy, folder=folder)
    app = result.app
    if app is not None and result.start:
        app = store.add_application(app, now)
    elif app is not None:
        old = apps[app.id]
        store.save_application(app, now)
        if app.state is not old.state:
            log.info("application %d (%s): %s -> %s by your correction in %s", app.id,
                     app.company, old.state, app.state, folder)
    owner = app.id if app is not None else next(
        (a.id for a in apps.values() if facts.message_id and facts.message_id in a.message_ids),
        None)
    if owner is not None:
        store.set_message_application(stored.id, owner)
        store.add_event(owner, now, f"correction: {correction}", (result.reason,))
    log.info("correction %s: %s", correction, result.reason.detail)
    report.applied += app is not None
    pending.append({
        "at": now.isoformat(), "application": owner, "label": correction.label,
        "source": "correction folder", "message_id": facts.message_id,
        "subject": facts.subject[:120],
        "detector": {"looked_like": str(facts.kind), "confidence": facts.confidence},
        "folder": folder, "uidvalidity": stored.uidvalidity, "uid": stored.uid,
    })
