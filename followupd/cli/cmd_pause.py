"""`followupd pause ID [--until DATE]`: no drafts for this application until it resumes."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from followupd.cli.common import add_now_option, load_config, now_of
from followupd.cli.select import (
    ID_HELP,
    describe,
    load_application,
    local_text,
    open_state,
    parse_day_or_instant,
    writing,
)
from followupd.core.errors import UsageError
from followupd.core.model import AppState, Reason


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "pause",
        help="make no drafts for an application until it resumes",
        description="Pause an application: no new drafts are made for it (one already in Drafts "
        "stays; delete it if you like). Mail keeps being read. It resumes by itself at --until, "
        "or with `followupd resume`. Works while `followupd run` is active.",
    )
    parser.add_argument("application", metavar="ID", help=ID_HELP)
    parser.add_argument("--until", metavar="DATE",
                        help="resume by itself then: 2026-04-01 (start of that day, your time "
                        "zone) or an ISO-8601 instant")
    add_now_option(parser, "record it as of this moment")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    now = now_of(args, cfg.policy.timezone)
    tz = cfg.policy.timezone
    until = parse_day_or_instant(args.until, tz) if args.until else None
    with open_state(cfg) as store, writing(store):
        app = load_application(store, args.application)
        if not app.state.is_live and app.state is not AppState.PAUSED:
            raise UsageError(f"application {describe(app)} is {app.state}; there is nothing to pause")
        resume_to = app.resume_state if app.state is AppState.PAUSED else app.state
        app = replace(app, state=AppState.PAUSED, paused_until=until, resume_state=resume_to)
        store.save_application(app, now)
        store.add_event(app.id, now, f"paused by you until {until.isoformat() if until else 'resumed'}",
                        (Reason("pause", "followupd pause"),))
    print(f"paused application {describe(app)}"
          + (f" until {local_text(until, tz)} ({tz})" if until else f"; `followupd resume {app.id}` "
             "to continue"))
    return 0
