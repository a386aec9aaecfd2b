"""`followupd eval DIR [--json]`: score the detector on labelled mail (DIR/<kind>/...: .eml, mbox,
Maildir; ``eval_input``)."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from followupd.adapters.detector import load_classifier
from followupd.cli.eval_input import Skipped, messages_in
from followupd.core.errors import UsageError
from followupd.core.model import Kind
from followupd.mail import understand
from followupd.mail.classify.evaluate import Case, format_report, score
from followupd.mail.classify.verdict import Verdict

LABELS = frozenset(k.value for k in Kind)


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "eval", help="measure the detector on a folder of labelled mail",
        description="Reads the mail under DIR/<kind>/ (the first-level folder name is the true "
        "kind: interview, offer, rejection, reply, auto_reply, bounce, automated, unrelated, ...): "
        ".eml files, mbox files (.mbox, or Thunderbird's folder files), Maildir cur/ and new/, and "
        "header-first files without a suffix; other files are listed as skipped. It "
        "classifies each message as followupd would, and prints per-kind precision, recall and "
        "F1, a confusion matrix, the recall of each human kind per language of the message, the "
        "false decisions, the held ones and each miss with its top "
        "reasons. automated and unrelated are scored as one group (followupd treats them "
        "alike). Needs no config.")
    parser.add_argument("directory", metavar="DIR", type=Path)
    parser.add_argument("--json", action="store_true", help="the report as JSON")
    parser.add_argument("--misses", type=int, default=50, metavar="N",
                        help="list at most N misses (default 50)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root: Path = args.directory
    folders = (sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
               if root.is_dir() else [])
    unknown = [p.name for p in folders if p.name not in LABELS]
    if not folders or unknown:
        raise UsageError(
            f"{root}: " + (f"folders {', '.join(unknown)} are not kinds" if unknown
                           else "no label folders"),
            hint=f"name each first-level folder after a kind: {', '.join(sorted(LABELS))}")
    detector = load_classifier()
    cases: list[Case] = []
    costs: list[float] = []
    skipped = Skipped()
    for folder in folders:
        for name, raw in messages_in(folder, root, skipped):
            start = time.perf_counter()
            facts = understand(raw, classifier=detector)
            costs.append((time.perf_counter() - start) * 1000)
            verdict = Verdict(facts.kind, facts.confidence, facts.reasons, facts.unsure,
                              facts.unsure_confidence)
            cases.append(Case(name, folder.name, verdict, facts.language))
    report = score(cases, [p.name for p in folders])
    cost = _cost(costs)
    if args.json:
        print(json.dumps({**report.as_json(), "cost_ms": cost, "skipped_files": skipped.files},
                         ensure_ascii=False, indent=1))
    else:
        print(format_report(report, misses=args.misses))
        if cost:
            print(f"\nper message (parse + classify + extract): median {cost['median']:.2f} ms, "
                  f"p95 {cost['p95']:.2f} ms over {len(costs)}", file=sys.stderr)
    if skipped.files:
        print(f"skipped {len(skipped.files)} files that are not mail (e.g. {skipped.files[0]})",
              file=sys.stderr)
    return 0


def _cost(costs: list[float]) -> dict[str, float]:
    if not costs:
        return {}
    ordered = sorted(costs)
    return {"median": round(statistics.median(ordered), 3),
            "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3)}
