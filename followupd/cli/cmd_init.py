"""`followupd init [PATH]`: write a commented starter config; never overwrite."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from followupd.config.loader import default_config_path
from followupd.config.starter import starter_config
from followupd.core.errors import UsageError


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "init",
        help="write a commented starter config",
        description="Write a commented starter config (every key, with its default) to PATH, "
        "or to --config / $FOLLOWUPD_CONFIG / $XDG_CONFIG_HOME/followupd/config.toml. "
        "Refuses to overwrite an existing file.",
    )
    parser.add_argument("path", nargs="?", help="where to write the config")
    parser.add_argument("--host", help="IMAP host to fill in")
    parser.add_argument("--username", help="IMAP login to fill in")
    parser.add_argument("--email", help="your address to fill in")
    parser.add_argument("--name", help="your name to fill in")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    target = Path(args.path or args.config or default_config_path())
    if target.exists():
        raise UsageError(
            f"{target} already exists; not overwriting it",
            hint="Edit it, or move it aside and run `followupd init` again.",
        )
    overrides: dict[str, Any] = {}
    for key, path in (("host", "imap.host"), ("username", "imap.username"),
                      ("email", "identity.email"), ("name", "identity.name")):
        if getattr(args, key):
            overrides[path] = getattr(args, key)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(starter_config(overrides))
    print(f"wrote {target}")
    print("next: edit [imap] and [identity], then run `followupd check`")
    return 0
