"""Peeks: the third answer of a sync's header triage, for personal mail with a neutral subject.

``followupd.mail.triage`` says *peek* for a mail that looks like one new person writing to the
user; the header reader (``app.runner``) answers such a header with a ``Peek``: what to record if
the body has nothing to say, and the judge (``followupd.mail.peek.judge_prefix``) of its first
bytes. ``settle_peeks`` fetches those bytes for a batch (``BODY.PEEK[TEXT]<0.N>``: read-only, no
flag changes) and turns each peek into the facts to record, or drops it so the sync reads the
message in full like any candidate.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from followupd.core.model import MessageFacts
from followupd.mail.parse import Envelope
from followupd.mail.peek import PEEK_BYTES, judge_prefix
from followupd.mail.triage import FAMILIAR_AFTER, header_facts, sender_key
from followupd.ports import Mailbox

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Peek:
    """Judge the first ``limit`` bytes of this message's body before deciding."""

    limit: int
    # The body's first bytes -> the facts to record (no job signal), or None: read it in full.
    judge: Callable[[bytes], MessageFacts | None]


def settle_peeks(
    mailbox: Mailbox, answers: Mapping[int, MessageFacts | Peek | None]
) -> tuple[dict[int, MessageFacts], int]:
    """The messages to record from their headers (UID -> facts), peeks judged; and how many
    bodies were peeked. A UID missing from the result is read in full."""
    plain = {uid: a for uid, a in answers.items() if isinstance(a, MessageFacts)}
    peeks = {uid: a for uid, a in answers.items() if isinstance(a, Peek)}
    peeked = 0
    for limit in sorted({p.limit for p in peeks.values()}):
        uids = sorted(uid for uid, p in peeks.items() if p.limit == limit)
        for uid, prefix in mailbox.fetch_text_start(uids, limit):
            peeked += 1
            facts = peeks[uid].judge(prefix)
            if facts is not None:
                plain[uid] = facts
            else:
                log.debug("uid %d: a job signal in the first %d bytes; reading it in full", uid, limit)
    return plain, peeked


def peek_at(header: bytes, env: Envelope, limit: int = PEEK_BYTES) -> Peek:
    """The peek of a message triage said *peek* of: no job signal in its first ``limit`` bytes
    records it UNRELATED ("peek: no job signal in the first N bytes"), a signal reads it."""

    def judge(prefix: bytes) -> MessageFacts | None:
        verdict = judge_prefix(header, prefix, limit=limit)
        return None if verdict.signal else header_facts(env, (verdict.reason,))

    return Peek(limit, judge)


class SenderCounts:
    """How many messages of each sender (``triage.sender_key``) a reader has seen, each
    Message-ID once, counted up to ``FAMILIAR_AFTER`` (memory stays small on a 100k mailbox)."""

    def __init__(self) -> None:
        self._seen: dict[str, set[str]] = {}

    def earlier(self, env: Envelope) -> int:
        """How many other messages of this one's sender came before; counts this one."""
        ids = self._seen.setdefault(sender_key(env), set())
        earlier = len(ids - {env.message_id})
        if len(ids) < FAMILIAR_AFTER:
            ids.add(env.message_id)
        return earlier
