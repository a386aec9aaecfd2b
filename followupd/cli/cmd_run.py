"""`followupd run`: the daemon (IDLE on INBOX, scheduled planning and Sent sync, signals)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from followupd.app.daemon import Daemon
from followupd.app.timing import offset_clock, system_clock
from followupd.cli.common import load_config, now_of, parse_instant


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "run",
        help="watch the mailbox and queue drafts until stopped",
        description="Run as a daemon: wait for new mail in INBOX (IMAP IDLE, or polling), check "
        "Sent and Drafts and plan due drafts on a schedule, reconnect after network or server "
        "trouble. SIGHUP reloads the config (an invalid one is reported and ignored); SIGTERM "
        "finishes the current step and exits 0. Under systemd (Type=notify) it reports READY, "
        "STATUS and WATCHDOG. Logs go to stderr (the journal under systemd).",
    )
    parser.add_argument("--now", metavar="ISO-8601", type=parse_instant,
                        help="start the clock at this moment, then let it run (for trying out "
                        "the schedule; never needed in normal use)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    clock = offset_clock(now_of(args, cfg.policy.timezone)) if args.now else system_clock
    config_path = Path(args.config) if args.config else None
    return Daemon(cfg, config_path=config_path, clock=clock).run()
