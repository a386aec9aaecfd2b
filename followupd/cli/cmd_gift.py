"""`followupd gift add|list|remove`: the gift library, kept for every application."""

from __future__ import annotations

import argparse
from typing import Any

from followupd.adapters.giftfile import load_gifts, save_gifts
from followupd.cli.common import load_config
from followupd.cli.select import open_state
from followupd.core.errors import UsageError
from followupd.engine.draftmsg import clean_text
from followupd.engine.giftlib import Gift, read_library, to_data


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "gift",
        help="keep a library of gifts (articles, contacts, tips) for the drafts",
        description="A gift is something useful for the interviewer, tied to what they care "
        "about. Gifts in the library serve every application: a draft with no gift of its own "
        "(`followupd note ID --gift`) offers the library gift whose topics best match the "
        "application (your notes' topics, the position, the company, the subjects of their "
        "mails), and never one that person already had. The library is a TOML file "
        "(gifts.file; default gifts.toml beside the config) you may also edit by hand.",
    )
    actions = parser.add_subparsers(dest="gift_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a gift", parents=[_parent(sub)])
    add.add_argument("text", help="what the draft offers, e.g. 'the outbox article: https://…'")
    add.add_argument("--topic", action="append", default=[], metavar="TOPIC", dest="topics",
                     help="a topic it helps with (repeat); matched against the application")
    add.add_argument("--audience", default="", help="who it suits, e.g. 'engineering managers'")
    add.add_argument("--company", action="append", default=[], dest="companies",
                     help="offer it only to this company (repeat)")
    actions.add_parser("list", help="list the gifts and who had them", parents=[_parent(sub)])
    remove = actions.add_parser("remove", help="remove a gift by its number", parents=[_parent(sub)])
    remove.add_argument("number", type=int, help="its number in `followupd gift list`")
    parser.set_defaults(func=run)


def _parent(sub: Any) -> argparse.ArgumentParser:
    return sub._common  # type: ignore[no-any-return]  # -c/-v/-q after the action too


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    path = cfg.gift_library
    gifts = list(load_gifts(path))
    if args.gift_action == "add":
        gift = Gift(clean_text(args.text, 500), tuple(clean_text(t, 100) for t in args.topics),
                    clean_text(args.audience, 100), tuple(clean_text(c, 100) for c in args.companies))
        _, problems = read_library(to_data([*gifts, gift]))
        if problems:
            raise UsageError("; ".join(problems), hint="e.g. followupd gift add 'the outbox "
                             "article: https://…' --topic 'event sourcing'")
        save_gifts(path, [*gifts, gift])
        print(f"gift {len(gifts) + 1} added to {path}: {gift.text}")
        return 0
    if args.gift_action == "remove":
        if not 1 <= args.number <= len(gifts):
            raise UsageError(f"there is no gift {args.number}: the library has {len(gifts)}",
                             hint="`followupd gift list` numbers them")
        gone = gifts.pop(args.number - 1)
        save_gifts(path, gifts)
        print(f"gift {args.number} removed: {gone.text}")
        return 0
    given: dict[str, list[str]] = {}
    if cfg.state_path.exists():
        with open_state(cfg) as store:
            for app in store.applications():
                for d in app.drafts:
                    if d.gift:
                        given.setdefault(d.gift, []).append(
                            f"{d.recipient} ({app.company or app.id}, {d.stage}, {d.status})")
    if not gifts:
        print(f"no gifts in {path} yet: followupd gift add TEXT --topic TOPIC")
    for n, g in enumerate(gifts, 1):
        print(f"{n:>3}  {g.text}")
        what = ", ".join(g.topics) + (f"; for {g.audience}" if g.audience else "") + \
            (f"; only {', '.join(g.companies)}" if g.companies else "")
        print(f"     topics: {what}")
        print(f"     given:  {'; '.join(given.get(g.text, [])) or 'to nobody yet'}")
    return 0
