"""`followupd show ID [--json]`: one application and its timeline, read from the state only."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from followupd.adapters.store.sqlite import Store
from followupd.cli.cmd_status import next_text, status_row
from followupd.cli.common import add_now_option, load_config, now_of
from followupd.cli.select import ID_HELP, load_application, local_iso, local_text, open_state
from followupd.core.model import Application
from followupd.engine.contact import message_time
from followupd.engine.language import draft_language, why_language


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "show",
        help="one application's timeline: messages, drafts, state changes and why",
        description="Show one application: who, what was noted, the interviews, and the timeline "
        "in time order: each message (its kind and the reasons it was read so), each draft of "
        "ours (stage and status) and each event (a state change and why). Reads the state only.",
    )
    parser.add_argument("application", metavar="ID", help=ID_HELP)
    parser.add_argument("--json", action="store_true",
                        help='a JSON object {"application": {...}, "timeline": [...]}')
    add_now_option(parser)
    parser.set_defaults(func=run)


def timeline(store: Store, app: Application, tz: str) -> list[dict[str, Any]]:
    """Every message, draft and event of ``app`` as dicts with ``at`` and ``type``, oldest first."""
    items: list[tuple[dt.datetime, int, dict[str, Any]]] = []
    for m in store.messages(application_id=app.id):
        f = m.facts
        at = message_time(f, m.seen_at)
        items.append((at, 0, {
            "type": "message", "at": local_iso(at, tz), "folder": m.folder, "kind": str(f.kind),
            "subject": f.subject, "from": str(f.sender), "message_id": f.message_id,
            "reasons": [str(r) for r in f.reasons],
        }))
    for d in app.drafts:
        items.append((d.created_at, 1, {
            "type": "draft", "at": local_iso(d.created_at, tz), "stage": d.stage,
            "status": str(d.status), "status_at": local_iso(d.status_at, tz), "to": d.recipient,
            "message_id": d.message_id, "in_reply_to": d.in_reply_to, "gift": d.gift or None,
        }))
    for e in store.events(app.id):
        items.append((e.at, 2, {
            "type": "event", "at": local_iso(e.at, tz), "what": e.what,
            "reasons": [str(r) for r in e.reasons],
        }))
    items.sort(key=lambda item: (item[0], item[1]))
    return [entry for _at, _order, entry in items]


def details(app: Application, tz: str) -> dict[str, Any]:
    return {
        "interviewer": str(app.interviewer) if app.interviewer else None,
        "recruiter": str(app.recruiter) if app.recruiter else None,
        "send_to": str(app.send_to) if app.send_to else None,
        "bounced": list(app.dead_addresses),
        "topics": list(app.topics),
        "gifts": list(app.gifts),
        "interviews": [
            {"start": local_iso(i.start, tz), "end": local_iso(i.end, tz),
             "location": i.location, "cancelled": i.cancelled}
            for i in app.interviews
        ],
        "paused_until": local_iso(app.paused_until, tz),
        "postponed_until": local_iso(app.postponed_until, tz),
    }


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    now = now_of(args, cfg.policy.timezone)
    tz = cfg.policy.timezone
    with open_state(cfg) as store:
        app = load_application(store, args.application)
        entries = timeline(store, app, tz)
        row = status_row(app, now, cfg.policy, store.messages(application_id=app.id))
    ident = cfg.identity
    language = draft_language(app, ident.language, ident.reply_in_employer_language)
    if args.json:
        print(json.dumps({"application": {**row, **details(app, tz), "language": language},
                          "timeline": entries},
                         ensure_ascii=False, indent=2))
        return 0
    info = details(app, tz)
    print(f"application {app.id}: {app.company or '?'} – {app.position or '?'}")
    print(f"  state        {app.state}" + (f" ({app.decision})" if app.decision else ""))
    when = local_text(dt.datetime.fromisoformat(row["next_action_at"]), tz) \
        if row["next_action_at"] else ""
    print(f"  next         {next_text(row)} {when}".rstrip())
    if row["question"]:
        print(f"  question     {row['question']}")
    for key in ("interviewer", "recruiter"):
        print(f"  {key:<12} {info[key] or '-'}")
    print(f"  language     {why_language(app, ident.language, ident.reply_in_employer_language)}")
    if app.send_to:
        print(f"  drafts to    {app.send_to} (your choice: followupd note {app.id} --to ...)")
    if app.dead_addresses:
        print(f"  bounced      {', '.join(app.dead_addresses)} (no draft goes there again)")
    for iv in app.interviews:
        flag = " (cancelled)" if iv.cancelled else ""
        print(f"  interview    {local_text(iv.start, tz)}–{local_text(iv.end, tz, '%H:%M')}{flag}")
    hint = f"- (record them: followupd note {app.id} --topic ...)"
    print(f"  topics       {'; '.join(app.topics) or hint}")
    print(f"  gifts        {'; '.join(app.gifts) or '-'}")
    print(f"timeline ({tz}):")
    for e in entries:
        at = local_text(dt.datetime.fromisoformat(e["at"]), tz)
        if e["type"] == "message":
            print(f"  {at}  message  {e['kind']:<12} {e['subject'][:60]!r} from {e['from']}")
            detail = e["reasons"]
        elif e["type"] == "draft":
            gift = f"; gift: {e['gift']}" if e["gift"] else ""
            print(f"  {at}  draft    {e['stage']:<12} {e['status']} (to {e['to']}{gift})")
            detail = []
        else:
            print(f"  {at}  event    {e['what']}")
            detail = e["reasons"]
        for reason in detail[:4]:
            print(f"{'':24}because {reason}")
    return 0
