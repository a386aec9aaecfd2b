"""`followupd status [--json] [--now T]`: one row per application, read from the state only."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from followupd.adapters.store.sqlite import StoredMessage
from followupd.cli.common import add_now_option, load_config, now_of
from followupd.cli.select import local_iso, local_text, open_state
from followupd.core.model import Application, Policy
from followupd.engine.contact import followups_sent, last_contacts
from followupd.engine.holds import question
from followupd.engine.plan import next_action

# The JSON keys, in order (documented in the README; tests pin them).
KEYS = ("id", "company", "position", "state", "decision", "next_action", "next_action_at",
        "last_inbound_at", "last_outbound_at", "followups_sent", "question")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "status",
        help="list the applications and what comes next",
        description="One row per application: its state, the decision if any, the next draft "
        "(or other step) and when it is due in your time zone, the last message from them and "
        "from you, and how many follow-ups you sent. Reads the state file only: no server is "
        "contacted, and it works while `followupd run` is active.",
    )
    parser.add_argument("--json", action="store_true",
                        help=f"a JSON list of objects with the keys {', '.join(KEYS)}")
    add_now_option(parser)
    parser.set_defaults(func=run)


def status_row(app: Application, now: dt.datetime, policy: Policy,
               messages: Iterable[StoredMessage] = ()) -> dict[str, Any]:
    stage, due = next_action(app, now, policy)
    tz = policy.timezone
    last_in, last_out = last_contacts(app, ((m.facts, m.seen_at) for m in messages))
    return {
        "id": app.id,
        "company": app.company,
        "position": app.position,
        "state": str(app.state),
        "decision": str(app.decision) if app.decision else None,
        "next_action": stage,
        "next_action_at": local_iso(due, tz),
        "last_inbound_at": local_iso(last_in, tz),
        "last_outbound_at": local_iso(last_out, tz),
        "followups_sent": followups_sent(app),
        "question": question(app.id, app.held) if app.held else None,
    }


def next_text(row: dict[str, Any]) -> str:
    """``follow_up_2`` -> "follow-up 2"; an open draft's stage has no time: it waits for you."""
    stage: str = row["next_action"]
    kind, _, number = stage.rpartition("_")
    if number.isdigit():
        text = f"{kind.replace('_', '-')} {number}"
        return text if row["next_action_at"] else f"{text} in Drafts"
    return {"none": "-", "paused": "paused (until resumed)", "resume": "resume",
            "held": "held: asks you (see below)",
            "ghosted": "give up (ghosted)"}.get(stage, stage)


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    now = now_of(args, cfg.policy.timezone)
    with open_state(cfg) as store:
        apps = store.applications()
        # Each application's own messages (indexed): not every message of a 100k mailbox.
        messages: dict[int, list[StoredMessage]] = {
            app.id: store.messages(application_id=app.id) for app in apps}
    rows = [status_row(app, now, cfg.policy, messages[app.id]) for app in apps]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no applications tracked yet")
        return 0
    tz = cfg.policy.timezone
    table = [("ID", "COMPANY", "POSITION", "STATE", "DECISION", "NEXT", "WHEN", "LAST IN",
              "LAST OUT", "FUP")]
    for app, row in zip(apps, rows, strict=True):
        table.append((
            str(app.id), _cut(app.company or "?", 18), _cut(app.position or "?", 26), row["state"],
            row["decision"] or "-", next_text(row),
            local_text(dt.datetime.fromisoformat(row["next_action_at"]), tz)
            if row["next_action_at"] else "-",
            _day(row["last_inbound_at"]), _day(row["last_outbound_at"]),
            str(row["followups_sent"]),
        ))
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for r in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    print(f"(times in {tz})")
    for row in rows:
        if row["question"]:
            print(f"{row['id']} {row['company'] or '?'}: {row['question']}")
    return 0


def _day(iso: str | None) -> str:
    return iso[:10] if iso else "-"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
