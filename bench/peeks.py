"""How much of a mailbox header triage peeks at (issue 11 item 4), without a server.

    .venv/bin/python bench/peeks.py [--messages 20000] [--days 60]
    .venv/bin/python bench/peeks.py --corpus DIR [--own ADDRESS]

The first form generates ``bench/workmail.py``'s work mailbox (user alice@example-corp.com) and counts,
over its last ``--days`` days (a first sync's window), the messages triage calls candidates,
peeks and plain, with the per-sender familiarity count as the INBOX header reader keeps it, and
the peeks there would be without it. The second reads a labelled folder tree (first-level folder
names are the labels) and counts, per label, candidates, peeks whose first 4 KB signal, peeks
that do not, and plain; each message's own address is ``--own``, else its first To address.
Triage is pure: this is a count, not a timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from workmail import USER, messages  # noqa: E402

from followupd.app.peek import SenderCounts  # noqa: E402
from followupd.mail.parse import read_envelope  # noqa: E402
from followupd.mail.peek import PEEK_BYTES, judge_prefix  # noqa: E402
from followupd.mail.triage import TriageContext, triage  # noqa: E402

NOW = dt.datetime(2026, 3, 3, 17, 30, tzinfo=dt.UTC)


def _split(raw: bytes) -> tuple[bytes, bytes]:
    raw = raw.replace(b"\r\n", b"\n")
    head, _, body = raw.partition(b"\n\n")
    return head + b"\n\n", body


def workmail(count: int, days: int) -> dict[str, int]:
    ctx = TriageContext(own_addresses=frozenset({USER}))
    since = NOW - dt.timedelta(days=days)
    senders = SenderCounts()
    out: Counter[str] = Counter()
    for arrived, raw in messages(count, NOW, seed=1, jobs=max(1, min(300, count // 100))):
        if arrived < since:
            continue
        head, body = _split(raw)
        env = read_envelope(head)
        decision = triage(env, ctx, earlier_from_sender=senders.earlier(env))
        out["window"] += 1
        out["candidate" if decision.candidate else "peek" if decision.peek else "plain"] += 1
        if decision.peek and judge_prefix(head, body[:PEEK_BYTES]).signal:
            out["peek_then_read"] += 1
        out["peek_without_familiarity"] += triage(env, ctx).peek
    return dict(out)


def corpus(root: Path, own: str) -> dict[str, dict[str, int]]:
    out: dict[str, Counter[str]] = {}
    for path in sorted(root.rglob("*.eml")):
        label = path.relative_to(root).parts[0]
        head, body = _split(path.read_bytes())
        env = read_envelope(head)
        mine = own or next((a.email.lower() for a in env.to if a.email), "")
        decision = triage(env, TriageContext(own_addresses=frozenset({mine} - {""})))
        row = out.setdefault(label, Counter())
        row["total"] += 1
        if decision.candidate:
            row["candidate"] += 1
        elif decision.peek:
            row["peek_signal" if judge_prefix(head, body[:PEEK_BYTES]).signal else "peek_none"] += 1
        else:
            row["plain"] += 1
    return {label: dict(row) for label, row in out.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--own", default="")
    args = parser.parse_args()
    result = corpus(args.corpus, args.own.lower()) if args.corpus else workmail(args.messages, args.days)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
