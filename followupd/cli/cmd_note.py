"""`followupd note ID [--topic T]... [--gift G]... [--interviewer NAME [--interviewer-email A]]
[--to ADDRESS] [--clear]`: what was discussed and what to give, for the thank-you and the
follow-ups; who the drafts go to."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from followupd.cli.common import add_now_option, load_config, now_of
from followupd.cli.select import ID_HELP, describe, load_application, open_state, writing
from followupd.core.errors import UsageError
from followupd.core.model import Address, Application, DraftStatus, Reason
from followupd.engine.draftmsg import choose_recipient, clean_email, clean_text
from followupd.engine.holds import new_recipient


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "note",
        help="record topics you discussed and gifts to bring up",
        description="Right after the interview, record what you talked about (topics) and a "
        "'gift': an article, link, contact or tip tied to something the interviewer cared "
        "about. The drafts name the first topics; gifts are used in order: the first in the "
        "thank-you, the next ones in follow-ups 1, 2, ..., and a gift already given to a person is "
        "never given to them again (a second round's thank-you takes the next unused one). "
        "Without options, prints the notes. "
        "Works while `followupd run` is active; the next draft (see `followupd preview`) uses "
        "the notes.",
    )
    parser.add_argument("application", metavar="ID", help=ID_HELP)
    parser.add_argument("--topic", action="append", default=[], metavar="TEXT",
                        help="something you discussed (repeatable)")
    parser.add_argument("--gift", action="append", default=[], metavar="TEXT",
                        help="an article, link, contact or tip for them (repeatable)")
    parser.add_argument("--interviewer", metavar="NAME",
                        help="who you met, if followupd got it wrong or did not know")
    parser.add_argument("--interviewer-email", metavar="ADDR",
                        help="their address: the drafts are addressed to it")
    parser.add_argument("--to", metavar="ADDRESS",
                        help="send the drafts to this address from now on (e.g. after a bounce: "
                        "it replaces the recipient and releases the bounce hold)")
    parser.add_argument("--clear", action="store_true",
                        help="forget the recorded topics and gifts first")
    add_now_option(parser, "record it as of this moment")
    parser.set_defaults(func=run)


def _clean(values: list[str], what: str) -> tuple[str, ...]:
    out = tuple(clean_text(v, 500) for v in values)
    if any(not v for v in out):
        raise UsageError(f"an empty {what} was given")
    return out


def apply_note(app: Application, args: argparse.Namespace) -> tuple[Application, list[Reason]]:
    topics, gifts = _clean(args.topic, "--topic"), _clean(args.gift, "--gift")
    why: list[Reason] = []
    if args.clear:
        app = replace(app, topics=(), gifts=())
        why.append(Reason("cleared", "topics and gifts"))
    if topics:
        app = replace(app, topics=(*app.topics, *topics))
        why.extend(Reason("topic", t) for t in topics)
    if gifts:
        app = replace(app, gifts=(*app.gifts, *gifts))
        why.extend(Reason("gift", g) for g in gifts)
    if args.interviewer is not None or args.interviewer_email is not None:
        old = app.interviewer or Address("", "")
        name = clean_text(args.interviewer, 200) if args.interviewer is not None else old.name
        addr = old.email
        if args.interviewer_email is not None:
            checked = clean_email(args.interviewer_email)
            if checked is None:
                raise UsageError(f"{args.interviewer_email!r} is not a plain e-mail address")
            addr = checked
        app = replace(app, interviewer=Address(name, addr))
        why.append(Reason("interviewer", str(app.interviewer)))
    if args.to is not None:
        to = clean_email(args.to)
        if to is None:
            raise UsageError(f"{args.to!r} is not a plain e-mail address")
        person = next((p for p in (app.interviewer, app.recruiter) if p and p.email == to), None)
        app, reason = new_recipient(app, Address(person.name if person else "", to))
        why.append(reason)
    return app, why


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    now = now_of(args, cfg.policy.timezone)
    changes = bool(args.topic or args.gift or args.clear or args.interviewer is not None
                   or args.interviewer_email is not None or args.to is not None)
    with open_state(cfg) as store:
        if changes:
            with writing(store):  # read, change and save in one transaction
                app = load_application(store, args.application)
                app, why = apply_note(app, args)
                store.save_application(app, now)
                store.add_event(app.id, now, "note recorded", why)
        else:
            app = load_application(store, args.application)
    print(f"application {describe(app)}")
    print(f"  interviewer  {app.interviewer or '-'}")
    print(f"  drafts to    {choose_recipient(app) or '- (no address to write to)'}")
    if app.dead_addresses:
        print(f"  bounced      {', '.join(app.dead_addresses)}")
    for n, topic in enumerate(app.topics, 1):
        print(f"  topic {n}      {topic}")
    for n, gift in enumerate(app.gifts, 1):
        to = sorted({f"{d.recipient} ({d.stage})" for d in app.drafts if d.gift == gift
                     and d.status not in (DraftStatus.DISMISSED, DraftStatus.WITHDRAWN)})
        use = "for the thank-you" if n == 1 else f"for follow-up {n - 1}"
        print(f"  gift {n}       {gift}   ({'given to ' + ', '.join(to) if to else use})")
    if not app.topics and not app.gifts:
        print("  no topics or gifts yet: the drafts carry a [[FOLLOWUPD: ...]] placeholder")
    return 0
