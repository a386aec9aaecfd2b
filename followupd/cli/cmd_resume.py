"""`followupd resume ID`: end a pause (or undo a stop); the schedule picks up where it was."""

from __future__ import annotations

import argparse
from typing import Any

from followupd.cli.common import add_now_option, load_config, now_of
from followupd.cli.select import ID_HELP, describe, load_application, open_state, writing
from followupd.core.errors import UsageError
from followupd.core.model import AppState, Reason
from followupd.engine.lifecycle import resumed


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "resume",
        help="end a pause (or undo a stop)",
        description="Resume a paused or stopped application. Drafts that were due meanwhile are "
        "made at the next pass (due within the send window); stages already done, dismissed or "
        "withdrawn are never made again. Works while `followupd run` is active.",
    )
    parser.add_argument("application", metavar="ID", help=ID_HELP)
    add_now_option(parser, "record it as of this moment")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    now = now_of(args, cfg.policy.timezone)
    with open_state(cfg) as store, writing(store):
        app = load_application(store, args.application)
        if app.state not in (AppState.PAUSED, AppState.STOPPED):
            raise UsageError(f"application {describe(app)} is {app.state}, not paused or stopped")
        old = app.state
        app = resumed(app)  # the planner derives scheduled/interviewed/waiting next pass
        target = app.state
        store.save_application(app, now)
        store.add_event(app.id, now, f"{old} -> {target}: resumed by you",
                        (Reason("resume", "followupd resume"),))
    print(f"resumed application {describe(app)} ({target})")
    return 0
