"""Helpers shared by the subcommands: loading the config, opening the store, logging level."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from followupd import config as config_module
from followupd import logsetup
from followupd.config import Config


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
