"""`followupd preview ID [--now T]`: the next draft, rendered exactly as it would be appended."""

from __future__ import annotations

import argparse
import email
import email.policy
from email.message import EmailMessage
from typing import Any

from followupd.adapters.giftfile import load_gifts
from followupd.app.drafting import prepare_draft
from followupd.cli.common import add_now_option, load_config, now_of
from followupd.cli.select import ID_HELP, describe, load_application, local_text, open_state
from followupd.core.actions import QueueDraft
from followupd.core.errors import UsageError
from followupd.core.model import AppState, DraftStatus
from followupd.engine.draftmsg import choose_recipient
from followupd.engine.lifecycle import resumed
from followupd.engine.plan import next_action
from followupd.engine.render import PLACEHOLDER_MARK
from followupd.engine.stages import is_stage, template_for


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "preview",
        help="show the next draft exactly as it would be put into Drafts",
        description="Render the next draft of an application (thank-you or follow-up) with your "
        "templates, topics and gifts, and print it as it would be appended: headers (From, To, "
        "Subject, In-Reply-To, References...) and the body. Nothing is written; no server is "
        "contacted. The Message-ID and token are made fresh each time. When that stage's "
        "draft is already in Drafts, prints what was appended.",
    )
    parser.add_argument("application", metavar="ID", help=ID_HELP)
    add_now_option(parser)
    parser.set_defaults(func=run)


def as_text(raw: bytes) -> str:
    """Headers decoded (RFC 2047) one per line, a blank line, then the body as text."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    if not isinstance(msg, EmailMessage):  # policy.default always gives one
        raise TypeError("expected an EmailMessage")
    lines = [f"{name}: {value}" for name, value in msg.items()]
    part = msg.get_body(("plain",)) or msg
    body = part.get_content() if isinstance(part, EmailMessage) else ""
    return "\n".join(lines) + "\n\n" + str(body)


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    now = now_of(args, cfg.policy.timezone)
    tz = cfg.policy.timezone
    with open_state(cfg) as store:
        app = load_application(store, args.application)
        planned = app
        note = ""
        if app.state is AppState.PAUSED:
            planned = resumed(app)
            note = ("paused: this draft is made only after it resumes"
                    + (f" ({local_text(app.paused_until, tz)})" if app.paused_until else
                       f" (`followupd resume {app.id}`)"))
        stage, due = next_action(planned, now, cfg.policy)
        if not is_stage(stage):
            why = f"application {describe(app)} is {app.state}"
            if app.decision:
                why += f" ({app.decision})"
            print(f"nothing to preview: {why}; no further draft is planned")
            return 0
        open_draft = next((d for d in app.drafts if d.stage == stage and d.status.is_open), None)
        if open_draft is not None:
            raw, _hash = store.draft_payload(open_draft.id)
            edited = " (you have edited it since; this is what followupd appended)" \
                if open_draft.status is DraftStatus.EDITED else ""
            print(f"# {stage} is already in Drafts since "
                  f"{local_text(open_draft.created_at, tz)}{edited}\n")
            print(as_text(raw), end="")
            return 0
        if choose_recipient(planned) is None:
            raise UsageError(
                f"application {describe(app)} has no human address to write to",
                hint=f"Name one: followupd note {app.id} --to ADDRESS",
            )
        when = max(now, due) if due is not None else now
        action = QueueDraft(app.id, stage, template_for(stage), when)
        prepared = prepare_draft(action, store, cfg.identity, cfg.policy, cfg.templates_dir,
                                 cfg.imap.drafts or "Drafts", when, load_gifts(cfg.gift_library))
    if prepared is None:  # the application exists and has a recipient (checked above)
        raise RuntimeError(f"no draft could be prepared for application {app.id}")
    print(f"# {stage} for application {describe(app)}, due {local_text(due, tz)} ({tz})")
    if note:
        print(f"# {note}")
    if prepared.has_placeholders:
        print(f"# contains {PLACEHOLDER_MARK} ...]] placeholders: fill them in, or record topics "
              f"and gifts with `followupd note {app.id}`")
    print()
    print(as_text(prepared.raw), end="")
    return 0
