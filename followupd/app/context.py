"""What carrying out an action needs (``Context``) and what it gives back (``Outcome``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from followupd.config.loader import Identity
from followupd.core.actions import Action
from followupd.core.model import Policy, Reason
from followupd.engine.giftlib import Gift
from followupd.ports import Mailbox, StateStore


@dataclass(frozen=True)
class Context:
    store: StateStore
    mailbox: Mailbox
    drafts_folder: str
    identity: Identity
    policy: Policy
    templates_dir: Path | None
    gifts: tuple[Gift, ...] = ()  # the gift library (engine/giftlib.py)


@dataclass(frozen=True)
class Skip:
    """An action that turned out to have nothing to do, and why: not a failure."""

    why: str


@dataclass(frozen=True)
class Outcome:
    action: Action
    result: str  # "done" | "skipped" | "failed" | "planned"
    detail: str = ""


def why(reasons: tuple[Reason, ...]) -> str:
    return "; ".join(str(r) for r in reasons)
