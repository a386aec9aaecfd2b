"""`followupd stop ID [--reason TEXT]`: end an application; our untouched drafts are withdrawn."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from followupd.cli.common import add_now_option, load_config, now_of
from followupd.cli.select import ID_HELP, describe, load_application, open_state, writing
from followupd.core.model import AppState, Reason
from followupd.engine.draftmsg import clean_text


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "stop",
        help="stop following up on an application",
        description="Stop an application for good (you withdrew, took another offer, heard by "
        "phone...). No more drafts; at the next pass followupd removes its own drafts for it "
        "that you have not touched, and keeps any you edited. `followupd resume` undoes it. "
        "Works while `followupd run` is active.",
    )
    parser.add_argument("application", metavar="ID", help=ID_HELP)
    parser.add_argument("--reason", metavar="TEXT", default="",
                        help="why, for the timeline (`followupd show`)")
    add_now_option(parser, "record it as of this moment")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    now = now_of(args, cfg.policy.timezone)
    reason = clean_text(args.reason, 300)
    with open_state(cfg) as store, writing(store):
        app = load_application(store, args.application)
        old = app.state
        if old is not AppState.STOPPED:
            app = replace(app, state=AppState.STOPPED, paused_until=None,
                          resume_state=old if old.is_live else app.resume_state)
            store.save_application(app, now)
            store.add_event(app.id, now, f"{old} -> stopped by you",
                            (Reason("stop", reason or "followupd stop"),))
    print(f"stopped application {describe(app)}" + (f": {reason}" if reason else ""))
    return 0
