"""``followupd classify [--json] FILE...``: run the mail-understanding core on .eml files.

Needs no config and no server; for checking why a message was (mis)classified.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from followupd.adapters.detector import load_classifier
from followupd.core.errors import UsageError
from followupd.core.model import Address, MessageFacts
from followupd.mail import understand


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "classify", help="classify raw .eml files and show why",
        description="Read raw messages (.eml) and print their kind, reasons and extracted facts.")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("files", nargs="+", metavar="FILE", type=Path)
    parser.set_defaults(func=run)


def _address(value: Address | None) -> str:
    return str(value) if value else ""


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def as_json(path: str, facts: MessageFacts) -> dict[str, object]:
    interview = facts.interview
    return {
        "file": path,
        "kind": str(facts.kind),
        "confidence": round(facts.confidence, 4),
        "unsure": str(facts.unsure) if facts.unsure else None,
        "unsure_confidence": round(facts.unsure_confidence, 4),
        "reasons": [str(r) for r in facts.reasons],
        "message_id": facts.message_id,
        "subject": facts.subject,
        "from": _address(facts.sender),
        "company": facts.company,
        "position": facts.position,
        "interviewer": _address(facts.interviewer),
        "recruiter": _address(facts.recruiter),
        "interview_start": _iso(interview.start) if interview else None,
        "interview_end": _iso(interview.end) if interview else None,
        "interview_tz": interview.tz if interview else "",
        "interview_location": interview.location if interview else "",
        "answer_by": _iso(facts.answer_by),
        "return_date": _iso(facts.return_date),
        "bounce_recipient": facts.bounce_recipient,
        "bounce_permanent": facts.bounce_permanent,
    }


def _unsure(facts: MessageFacts) -> str:
    if facts.unsure is None:
        return ""
    return f"(looks like {facts.unsure} {facts.unsure_confidence:.2f}: would be held and asked) "


def run(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            if len(args.files) == 1:
                raise UsageError(f"cannot read {path}: {exc.strerror}") from exc
            print(f"followupd: cannot read {path}: {exc.strerror}", file=sys.stderr)
            status = 66  # EX_NOINPUT
            continue
        facts = understand(raw, classifier=load_classifier())
        top = str(facts.reasons[0]) if facts.reasons else ""
        line = (json.dumps(as_json(str(path), facts), ensure_ascii=False) if args.json
                else f"{path}\t{facts.kind}\t{facts.confidence:.2f}\t{_unsure(facts)}{top}")
        try:
            print(line, flush=True)
        except BrokenPipeError:  # `followupd classify ... | head`: the reader is gone
            return status
    return status
