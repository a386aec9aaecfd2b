"""`followupd folders create|list`: the correction folders you move messages into to correct
followupd from your mail client (`imap.corrections_folder`)."""

from __future__ import annotations

import argparse
import functools
from typing import Any

from followupd.adapters import credentials
from followupd.adapters.imap.mailbox import ImapMailbox
from followupd.app.corrections import correction_folders, create_folders
from followupd.cli.common import load_config
from followupd.core.errors import UsageError
from followupd.engine.corrections import Correction

WHAT = {
    Correction.TRACK: "start tracking this conversation",
    Correction.IGNORE: "stop following this conversation",
    Correction.REJECTION: "this message is a rejection: the application is decided",
    Correction.OFFER: "this message is an offer: the application is decided",
    Correction.NOT_A_DECISION: "this message is no decision: undo the decision (or the hold)",
}


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "folders",
        help="create or list the correction folders",
        description="Correct followupd from your mail client: move or copy a message into one "
        "of the correction folders under imap.corrections_folder (default \"followupd\") and "
        "the next pass applies it (within daemon.sent_sync_minutes), with the reason in "
        "`followupd show`. Works on any IMAP server (on Gmail, folders are labels). followupd "
        "only reads these folders; it never moves your messages. `create` makes the folders "
        "that are missing (the only time followupd creates a folder); `list` shows them.",
    )
    parser.add_argument("action", choices=("create", "list"), help="what to do")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    parent = cfg.imap.corrections_folder
    if not parent:
        raise UsageError("imap.corrections_folder is \"\": the correction folders are off",
                         hint="Set it to a folder name (default \"followupd\") to use them.")
    mailbox = ImapMailbox.connect(cfg.imap, functools.partial(credentials.for_imap, cfg.imap))
    try:
        if args.action == "create":
            for name, created in create_folders(mailbox, parent):
                print(f"{'created' if created else 'exists '}  {name}")
        listing = mailbox.list_folders()
    finally:
        mailbox.logout()
    found = correction_folders(listing, parent)
    for correction in Correction:
        name = listing.child(parent, correction.folder_name)
        state = "" if correction in found else "  (missing: `followupd folders create`)"
        print(f"{name:<32} {WHAT[correction]}{state}")
    return 0
