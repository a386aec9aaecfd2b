"""Helpers shared by the subcommands: loading the config, opening the store, logging level."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import zoneinfo
from collections.abc import Callable
from pathlib import Path

from followupd.adapters import logsetup
from followupd.config import loader as config_module
from followupd.config.loader import Config


def setup_logging(args: argparse.Namespace, cfg: Config | None = None) -> None:
    if getattr(args, "quiet", False):
        level: str | int = logging.WARNING
    elif getattr(args, "verbose", 0) >= 2:
        level = logging.DEBUG
    elif getattr(args, "verbose", 0) == 1:
        level = logging.INFO
    else:
        level = cfg.log_level if cfg else "warning"
    logsetup.setup(level)


def load_config(args: argparse.Namespace) -> Config:
    path = Path(args.config) if getattr(args, "config", None) else None
    cfg = config_module.load(path)
    setup_logging(args, cfg)
    return cfg


def parse_instant(text: str) -> dt.datetime:
    """An ISO-8601 instant for --now. One without an offset stays naive here and is read in the
    configured schedule.timezone by ``now_of`` (the config is not loaded yet at parse time)."""
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO-8601 date-time like 2026-03-03T17:30+01:00") from None


def progress_printer() -> Callable[[str, int, int], None] | None:
    """Progress on stderr for long scans, only when stderr is a terminal (quiet under systemd)."""
    if not sys.stderr.isatty():
        return None

    def show(folder: str, done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\rreading {folder}: {done}/{total} ({100 * done // max(total, 1)}%)"
                         + end)
        sys.stderr.flush()

    return show


def add_now_option(parser: argparse.ArgumentParser,
                   what: str = "compute what is next as of this moment") -> None:
    """``--now``, the same on every command that cares about time (for trying the schedule)."""
    parser.add_argument("--now", metavar="ISO-8601", type=parse_instant,
                        help=f"{what} (default: now), e.g. 2026-03-03T17:30+01:00")


def now_of(args: argparse.Namespace, timezone: str) -> dt.datetime:
    """``--now`` (a naive one in the user's time zone), else the real clock."""
    now: dt.datetime | None = getattr(args, "now", None)
    if now is None:
        return dt.datetime.now(dt.UTC)
    return now if now.tzinfo else now.replace(tzinfo=zoneinfo.ZoneInfo(timezone))
