"""The pure mail-understanding core: bytes in, MessageFacts out. No I/O, no clock.

``understand`` is the entry point for the rest of followupd; the modules below it are
parse -> classify -> extract, with quotes/calendar/dates/phrases as helpers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from followupd.core.draft_headers import NOTES_MARK_RE, TOKEN_HEADER
from followupd.core.model import Address, Kind, MessageFacts, Reason
from followupd.mail.classify.bounce import detect_bounce
from followupd.mail.classify.rules import RuleClassifier
from followupd.mail.classify.verdict import NO_CONTEXT, Classifier, ThreadContext
from followupd.mail.extract import extract
from followupd.mail.language import detect_language
from followupd.mail.parse import ParsedMessage, parse, synthetic_message_id
from followupd.mail.returned import Returned, returned

__all__ = ["ParsedMessage", "understand"]

log = logging.getLogger(__name__)

NOTES_CHARS = 4000  # of your notes mail, kept on its facts


def understand(
    raw: bytes,
    *,
    own_addresses: frozenset[str] = frozenset(),
    max_text_bytes: int = 2_000_000,
    default_tz: str = "",
    classifier: Classifier | None = None,
    context: ThreadContext | Callable[[ParsedMessage], ThreadContext] = NO_CONTEXT,
) -> MessageFacts:
    """Read one raw message. Never raises: unreadable input gives Kind.UNCLASSIFIED.

    ``default_tz`` (the user's IANA zone, e.g. ``policy.timezone``) is the zone of an interview
    time written in prose without one; without it such a time takes the Date header's offset.
    Calendar parts always keep their own TZID.

    ``classifier`` is the detector (``followupd.adapters.detector.load_classifier()`` everywhere
    followupd reads mail: daemon, ``once``, ``classify``, ``track``, ``eval``); without one the
    hand-written rule cascade reads the message. ``context`` is what is known of the message's
    thread, or a function that tells it from the parsed headers.
    """
    try:
        parsed = parse(raw, max_text_bytes=max_text_bytes)
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises" (RecursionError too)
        log.warning("unparsable message: %s", type(exc).__name__)
        return MessageFacts(
            message_id=synthetic_message_id(raw),
            subject="",
            sender=Address("", ""),
            kind=Kind.UNCLASSIFIED,
            reasons=(Reason("parse_error", f"{type(exc).__name__}: {exc}"[:200]),),
        )
    if parsed.problems:
        log.info("%s read with limits or defects: %s", parsed.message_id,
                 "; ".join(parsed.problems[:5]))
    try:
        ctx = context(parsed) if callable(context) else context
        return _facts(parsed, {a.lower() for a in own_addresses}, default_tz,
                      classifier or RuleClassifier(), ctx)
    except Exception as exc:  # a rule bug must not stop the mailbox sync
        log.exception("classification failed for %s", parsed.message_id)
        return MessageFacts(
            **parsed.envelope(), kind=Kind.UNCLASSIFIED,
            reasons=(Reason("parse_error", f"{type(exc).__name__}: {exc}"[:200]),),
        )


def _facts(parsed: ParsedMessage, own: set[str], default_tz: str, classifier: Classifier,
           context: ThreadContext) -> MessageFacts:
    token = parsed.header(TOKEN_HEADER)
    reasons: tuple[Reason, ...]
    verdict = None
    if token:
        kind, reasons = Kind.OUR_DRAFT, (Reason("followupd_token", TOKEN_HEADER),)
    elif parsed.sender.email and parsed.sender.email in own:
        kind, reasons = Kind.OUTBOUND, (Reason("own_address", parsed.sender.email),)
    else:
        verdict = classifier.classify(parsed, context)
        kind, reasons = verdict.kind, verdict.reasons
    if kind in (Kind.OUR_DRAFT, Kind.OUTBOUND):
        # Your notes after an interview (the notes draft, saved or sent to yourself): keep the text.
        notes = parsed.new_text[:NOTES_CHARS] if NOTES_MARK_RE.search(parsed.subject) else ""
        return MessageFacts(**parsed.envelope(), kind=kind, followupd_token=token, reasons=reasons,
                            notes=notes)
    found = extract(parsed, kind, frozenset(own), default_tz=default_tz)
    bounce = detect_bounce(parsed) if kind is Kind.BOUNCE else None
    failed = returned(parsed) if kind is Kind.BOUNCE else Returned()
    return MessageFacts(
        **parsed.envelope(), kind=kind, reasons=reasons + found.reasons, company=found.company,
        position=found.position, interviewer=found.interviewer,
        recruiter=found.recruiter, interview=found.interview, answer_by=found.answer_by,
        return_date=found.return_date, bounce_recipient=bounce.recipient if bounce else "",
        bounce_permanent=bounce.permanent if bounce else False, bounce_status=failed.status,
        bounce_message_id=failed.message_id, bounce_token=failed.token,
        confidence=verdict.confidence if verdict else 1.0,
        unsure=verdict.unsure if verdict else None,
        unsure_confidence=verdict.unsure_confidence if verdict else 0.0,
        language=detect_language(parsed.new_text or parsed.text),
    )
