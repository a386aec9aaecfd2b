"""The seam every reader of mail goes through: a parsed message and its thread context in, a
``Verdict`` out. The daemon, ``once``, ``classify``, ``track`` and ``eval`` all use one
``Classifier``, built in one place (``followupd.adapters.detector.load_classifier``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from followupd.core.model import Kind, Reason
from followupd.mail.parse import ParsedMessage


@dataclass(frozen=True)
class ThreadContext:
    """What followupd already knows about a message before it reads it.

    ``in_thread``: its In-Reply-To/References name a message of a tracked application;
    ``known_correspondent``: its sender (or the sender's company domain) belongs to one.
    A message with neither is judged as a stranger's mail: a decision needs more evidence.
    """

    in_thread: bool = False
    known_correspondent: bool = False

    @property
    def related(self) -> bool:
        return self.in_thread or self.known_correspondent


NO_CONTEXT = ThreadContext()


@dataclass(frozen=True)
class Verdict:
    """``kind`` is what followupd acts on. ``confidence`` is the calibrated probability of
    ``kind`` (1.0 for protocol facts such as an RFC 3464 report). ``unsure`` names a decision
    (offer/rejection) the model thinks likely but not likely enough to act on: the application
    is then held and the user asked; ``kind`` is then the safe non-decision reading."""

    kind: Kind
    confidence: float
    reasons: tuple[Reason, ...]
    unsure: Kind | None = None
    unsure_confidence: float = 0.0


class Classifier(Protocol):
    def classify(self, parsed: ParsedMessage, context: ThreadContext = NO_CONTEXT) -> Verdict: ...
