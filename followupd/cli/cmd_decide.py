"""`followupd decide ID offer|rejection|interview|none`: answer a held application's question."""

from __future__ import annotations

import argparse
from typing import Any

from followupd.adapters.examples import append_examples, examples_path
from followupd.cli.common import add_now_option, load_config, now_of
from followupd.cli.select import ID_HELP, describe, load_application, open_state, writing
from followupd.core.errors import UsageError
from followupd.core.model import Kind
from followupd.engine.holds import VERDICTS, apply_verdict


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "decide",
        help="say what a message followupd was unsure of really is",
        description="When followupd is unsure whether a message is an offer or a rejection, it "
        "holds the application (no drafts) and asks in `status`, `show` and the digest. "
        "`offer`/`rejection` decide the application (its untouched drafts are withdrawn at "
        "the next pass); `interview`/`none` release the hold and the schedule goes on. Each "
        "answer is kept in verdicts.jsonl beside the state file, a labelled example for "
        "retraining the detector (bench/detect/). Works while `followupd run` is active.",
    )
    parser.add_argument("application", metavar="ID", help=ID_HELP)
    parser.add_argument("verdict", choices=VERDICTS, help="what the message is")
    add_now_option(parser, "record it as of this moment")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    now = now_of(args, cfg.policy.timezone)
    with open_state(cfg) as store, writing(store):
        app = load_application(store, args.application)
        hold = app.held
        if hold is not None and hold.kind is Kind.BOUNCE:
            raise UsageError(f"application {describe(app)} is held because mail to "
                             f"{hold.recipient} bounced, not for a decision",
                             hint=f"followupd note {app.id} --to NEW-ADDRESS")
        if hold is None and args.verdict in ("interview", "none"):
            raise UsageError(f"application {describe(app)} is not held: nothing to release",
                             hint="`followupd status` lists the questions followupd asks")
        decided, why = apply_verdict(app, args.verdict, now)
        store.save_application(decided, now)
        store.add_event(app.id, now, f"verdict: {args.verdict}", (why,))
        found = [m for m in store.messages(application_id=app.id)
                 if hold is not None and m.facts.message_id == hold.message_id]
    example = {
        "at": now.isoformat(), "application": app.id, "label": args.verdict,
        "message_id": hold.message_id if hold else "", "subject": hold.subject if hold else "",
        "detector": {"looked_like": str(hold.kind), "confidence": hold.confidence} if hold else None,
        "folder": found[0].folder if found else "", "uidvalidity": found[0].uidvalidity if found else 0,
        "uid": found[0].uid if found else 0,
    }
    append_examples(examples_path(cfg.state_path), [example])
    print(f"application {describe(decided)}: {why.detail}")
    return 0
