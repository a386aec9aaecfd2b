"""`followupd once`: one full pass (sync, track, plan, execute) at a given instant."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from followupd.adapters.store.sqlite import Store, open_store
from followupd.app.context import Outcome
from followupd.app.runner import Runner
from followupd.cli.common import load_config, now_of, parse_instant, progress_printer


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "once",
        help="sync, plan and queue due drafts once, then exit",
        description="Run one pass: read new mail in INBOX and Sent (read-only), update the "
        "applications, and put every draft that is due into Drafts. With --dry-run nothing is "
        "appended or removed: the plan is printed instead (what was read is still remembered). "
        "A first pass reads the recent mail, answers, and then reads the older mail "
        "(sync.backfill).",
    )
    parser.add_argument("--now", metavar="ISO-8601", type=parse_instant,
                        help="act as if it were this moment (e.g. 2026-03-03T17:30+01:00); "
                        "for trying out the schedule")
    parser.add_argument("--dry-run", action="store_true", help="print the plan, change no mail")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    now: dt.datetime = now_of(args, cfg.policy.timezone)
    fresh_dry_run = args.dry_run and not cfg.state_path.exists()
    # A dry run changes nothing, not even by creating the state file on a fresh install.
    with (Store.fresh_in_memory(cfg.state_path) if fresh_dry_run
          else open_store(cfg.state_path)) as store:
        runner = Runner(cfg, store, progress=progress_printer())
        runner.connect()
        try:
            code = _report(runner.once(now, dry_run=args.dry_run), now)
            if not args.dry_run:  # the answer first, then the older mail (sync.backfill)
                sys.stdout.flush()
                runner.backfill.run(now)
        finally:
            runner.close()
    return code


def _report(outcomes: list[Outcome], now: dt.datetime) -> int:
    if not outcomes:
        print(f"nothing due at {now.isoformat(timespec='minutes')}")
    failed = 0
    for outcome in outcomes:
        label = {"planned": "would", "done": "did", "skipped": "skipped", "failed": "FAILED"}
        line = f"{label.get(outcome.result, outcome.result)}: {outcome.action.describe()}"
        print(line + (f" ({outcome.detail})" if outcome.detail else ""))
        for reason in getattr(outcome.action, "reasons", ()):
            print(f"    because {reason}")
        failed += outcome.result == "failed"
    if failed:
        print(f"followupd: {failed} action{'s' * (failed != 1)} failed; see the log above",
              file=sys.stderr)
        return 1
    return 0
