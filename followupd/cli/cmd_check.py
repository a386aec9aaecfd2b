"""`followupd check`: validate the config, log in, find INBOX/Sent/Drafts, print what was found."""

from __future__ import annotations

import argparse
import functools
from typing import Any

from followupd.adapters import credentials
from followupd.adapters.imap.mailbox import ImapMailbox
from followupd.cli.common import load_config


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "check",
        help="validate the config and log in",
        description="Validate the config file, log in to the IMAP server, and find the INBOX, "
        "Sent and Drafts folders. Exit 0 when all is well; otherwise say what is wrong.",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    print(f"config    {cfg.source}: ok")
    mailbox = ImapMailbox.connect(cfg.imap, functools.partial(credentials.for_imap, cfg.imap))
    try:
        print(f"login     {cfg.imap.username} at {cfg.imap.host}:{cfg.imap.port} "
              f"(tls: {cfg.imap.tls}): ok")
        folders = mailbox.discover_folders()
        for role in ("inbox", "sent", "drafts"):
            name = getattr(folders, role)
            status = mailbox.examine(name)
            print(f"{role:<9} {name!r}: {status.exists} messages (found by {folders.how[role]})")
        print(f"state     {cfg.state_path}")
    finally:
        mailbox.logout()
    return 0
