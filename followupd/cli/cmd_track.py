"""`followupd track MESSAGE-ID|FILE`: start following a conversation the detector missed."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from followupd.adapters.detector import load_classifier
from followupd.adapters.store.sqlite import Store, StoredMessage
from followupd.cli.common import add_now_option, load_config, now_of
from followupd.cli.select import describe, open_state, writing
from followupd.core.errors import UsageError
from followupd.core.model import MessageFacts, Reason
from followupd.engine.corrections import as_tracked
from followupd.engine.draftmsg import choose_recipient, clean_msg_id, clean_text
from followupd.engine.track import new_application
from followupd.mail import understand


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "track",
        help="start following a conversation followupd did not pick up",
        description="Start tracking an application from one message: give its Message-ID (of a "
        "message followupd has read in INBOX or Sent; see `followupd show` of another "
        "application or your client's raw view) or a saved .eml file. Replies in that thread "
        "then join it, and drafts answer it. Works while `followupd run` is active.",
    )
    parser.add_argument("message", metavar="MESSAGE-ID|FILE",
                        help="<id@host> (angle brackets optional) or a path to an .eml file")
    parser.add_argument("--company", help="the company name, if it was not recognised")
    parser.add_argument("--position", help="the position, if it was not recognised")
    add_now_option(parser, "start tracking as of this moment")
    parser.set_defaults(func=run)


def _recorded(store: Store, message_id: str) -> StoredMessage | None:
    return next((m for m in store.messages() if m.facts.message_id == message_id), None)


def _facts(store: Store, arg: str, own: frozenset[str], max_bytes: int
           ) -> tuple[MessageFacts, StoredMessage | None]:
    path = Path(arg)
    if path.is_file():
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror}") from None
        facts = understand(raw, own_addresses=own, max_text_bytes=max_bytes,
                           classifier=load_classifier())
        return facts, _recorded(store, facts.message_id) if facts.message_id else None
    message_id = clean_msg_id(arg)
    if message_id is None:
        raise UsageError(f"{arg!r} is neither a file nor a Message-ID like <id@host>")
    stored = _recorded(store, message_id)
    if stored is None:
        raise UsageError(
            f"followupd has not read a message {message_id}",
            hint="It reads INBOX and Sent; run `followupd once` first, or save the message as "
            "an .eml file and give its path.",
        )
    return stored.facts, stored


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    now = now_of(args, cfg.policy.timezone)
    with open_state(cfg) as store, writing(store):
        facts, stored = _facts(store, args.message, cfg.identity.addresses,
                               cfg.imap.max_body_bytes)
        owner = next((a for a in store.applications()
                      if facts.message_id and facts.message_id in a.message_ids), None)
        if owner is None and stored is not None and stored.application_id is not None:
            owner = store.application(stored.application_id)
        if owner is not None:
            raise UsageError(f"that message already belongs to application {describe(owner)}",
                             hint=f"`followupd show {owner.id}` shows it.")
        why = [Reason("tracked_by_you", f"followupd track; read as {facts.kind}")]
        facts = as_tracked(facts)
        if args.company:
            facts = replace(facts, company=clean_text(args.company, 200))
        if args.position:
            facts = replace(facts, position=clean_text(args.position, 200))
        app = store.add_application(new_application(facts, 0, now, cfg.policy), now)
        store.add_event(app.id, now, f"tracking started by you ({app.state})",
                        (*why, *facts.reasons))
        if stored is not None:
            store.set_message_application(stored.id, app.id)
    print(f"tracking application {describe(app)}: {app.state}")
    if choose_recipient(app) is None:
        print(f"no human address to write to yet: followupd note {app.id} --interviewer NAME "
              "--interviewer-email ADDR")
    return 0
