"""Notes right after the interview, pure: the notes draft, the thank-you's short wait for it, and
reading the notes back.

The advice: write down the topics while they are fresh. When round r of an interview has ended,
followupd puts a notes draft (stage ``notes_<r>``) into Drafts, addressed to the user, with the
questions that make good notes and the format read back (``topic: …``, ``gift: …``, any other
line a topic; lines starting with ``#`` are ignored), in the language of the application's
drafts (the words in ``engine.notes_text``; the field names of every language are read back).
Its subject carries a marker ``[followupd <app>/<round>]`` so that the notes are found again
however the user hands them back: saved as an edited draft (our token header; without it, the
marker or our Message-ID) or sent to themselves (the copy in INBOX, by the marker). The
thank-you waits ``Policy.notes_wait`` for them while the notes draft is open, never past the
evening of the interview day; the read notes join the application's topics and gifts. Notes
drafts are not part of the follow-up schedule: ``plan`` never sees them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from followupd.core.actions import Action, QueueDraft, WithdrawDraft
from followupd.core.draft_headers import NOTES_MARK_RE
from followupd.core.model import (
    Address,
    Application,
    DraftRecord,
    DraftStatus,
    Interview,
    Policy,
    Reason,
)
from followupd.engine.business import at_local, local_date, zone
from followupd.engine.compose import PreparedDraft, draft_message_id
from followupd.engine.draftmsg import build_draft
from followupd.engine.language import DEFAULT_LANGUAGE, interview_day
from followupd.engine.notes_text import OUR_PROSE, TEXTS
from followupd.engine.render import RenderedDraft
from followupd.engine.stages import NOTES, is_notes_stage, stage_name

TEMPLATE = "notes"
EVENING = dt.time(21, 0)  # the latest a thank-you waits for notes, local time
_FIELD = re.compile(r"(topic|thema|sujet|tema|gift|geschenk|cadeau|regalo)\s*:\s*(.*)", re.I)
_GIFT_WORDS = frozenset({"gift", "geschenk", "cadeau", "regalo"})
_MAX_NOTES = 20
_MAX_LEN = 300


def notes_stage(round_number: int) -> str:
    return stage_name(NOTES, round_number)


def is_notes(stage: str) -> bool:
    return is_notes_stage(stage)


def without_notes(app: Application) -> Application:
    """``app`` as the follow-up planner sees it: its notes drafts left out."""
    if not any(is_notes(d.stage) for d in app.drafts):
        return app
    return replace(app, drafts=tuple(d for d in app.drafts if not is_notes(d.stage)))


def marker(app_id: int, round_number: int) -> str:
    return f"[followupd {app_id}/{round_number}]"


def marked(subject: str) -> tuple[int, int] | None:
    """(application id, round) of a subject that carries our notes marker, else None."""
    m = NOTES_MARK_RE.search(subject)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _ended_rounds(app: Application) -> list[tuple[int, Interview]]:
    active = sorted((i for i in app.interviews if not i.cancelled), key=lambda i: i.start)
    return list(enumerate(active, start=1))


def plan_notes(apps: Sequence[Application], now: dt.datetime, policy: Policy) -> list[Action]:
    """The notes drafts due at ``now``: one per ended round of a live application, made the
    moment the interview ends and not for an interview read too late; and the withdrawal of an
    untouched notes draft nobody used once the thank-you no longer waits for it."""
    if not policy.notes_draft:
        return []
    actions: list[Action] = []
    for app in apps:
        mine = {d.stage: d for d in app.drafts if is_notes(d.stage)}
        for number, iv in _ended_rounds(app):
            stage = notes_stage(number)
            draft = mine.get(stage)
            if draft is not None:
                if draft.status in (DraftStatus.INTENDED, DraftStatus.APPENDED) and (
                        not app.state.is_live or now > iv.end + policy.thank_you_max_age):
                    why = Reason("notes_unused", "the notes draft was not filled in")
                    actions.append(WithdrawDraft(app.id, draft.id, (why,)))
                continue
            if (app.state.is_live and app.held is None
                    and iv.end <= now <= iv.end + policy.thank_you_max_age):
                why = Reason("notes", f"interview round {number} ended; notes while fresh")
                actions.append(QueueDraft(app.id, stage, TEMPLATE, iv.end, (why,)))
    return actions


def _latest_wait(iv: Interview, policy: Policy) -> dt.datetime:
    """The latest moment the thank-you of ``iv`` waits for notes: ``notes_wait`` after the end,
    but never past the evening of that day."""
    evening = at_local(local_date(iv.end, policy), EVENING, policy)
    return max(iv.end, min(iv.end + policy.notes_wait, evening))


def thank_you_due(notes: Sequence[DraftRecord], iv: Interview, round_number: int,
                  due: dt.datetime, policy: Policy) -> tuple[dt.datetime, Reason | None]:
    """The thank-you's due time ``due``, later while its round's notes draft (among ``notes``)
    is still open, waiting for the user's notes, up to ``_latest_wait``."""
    stage = notes_stage(round_number)
    draft = next((d for d in notes if d.stage == stage), None)
    if not policy.notes_draft or draft is None or not draft.status.is_open:
        return due, None
    wait = max(due, _latest_wait(iv, policy))
    if wait <= due:
        return due, None
    local = wait.astimezone(zone(policy)).strftime("%H:%M")
    return wait, Reason("waiting_for_notes", f"until {local} or until your notes are read")


def render_notes(app: Application, round_number: int, user_name: str, tz: str,
                 language: str = DEFAULT_LANGUAGE) -> RenderedDraft:
    """The notes draft: to the user, about round ``round_number`` of ``app``, in ``language``
    (``engine.language.draft_language``, as the other drafts; the words in ``engine.notes_text``)."""
    text = TEXTS.get(language) or TEXTS[DEFAULT_LANGUAGE]
    rounds = _ended_rounds(app)
    iv = rounds[round_number - 1][1] if 0 < round_number <= len(rounds) else None
    who = (app.interviewer.name or app.interviewer.email) if app.interviewer else ""
    what = " – ".join(x for x in (app.company, app.position) if x) or text.application.format(app.id)
    day = interview_day(iv.end, tz, language if language in TEXTS else DEFAULT_LANGUAGE) if iv else ""
    subject = f"{text.subject} {what} {marker(app.id, round_number)}"
    intro = "".join((text.intro, text.with_who.format(who) if who else "", text.about.format(what),
                     text.on_day.format(day) if day else "", "."))
    body = "\n".join([
        intro, "", *text.prose, "", *text.comments, "", *text.fields, "",
        f"-- \n{user_name}" if user_name else "",
    ])
    return RenderedDraft(subject=subject, body=body.rstrip() + "\n")


def parse_notes(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(topics, gifts) from the user's notes: ``topic:``/``gift:`` lines (also in de/fr/es), other
    lines as topics; our ``#`` lines, quoted lines, empty fields and the signature left out."""
    topics: list[str] = []
    gifts: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line in ("--", "-- ") or raw.startswith("-- "):
            break  # the signature
        if not line or line.startswith(("#", ">")) or _is_our_prose(line):
            continue
        m = _FIELD.fullmatch(line)
        if m:
            value = m.group(2).strip()
            if value:
                (gifts if m.group(1).lower() in _GIFT_WORDS else topics).append(value[:_MAX_LEN])
            continue
        topics.append(line[:_MAX_LEN])
    return tuple(dict.fromkeys(topics))[:_MAX_NOTES], tuple(dict.fromkeys(gifts))[:_MAX_NOTES]


def _is_our_prose(line: str) -> bool:
    return line.startswith(OUR_PROSE)


def with_notes(app: Application, topics: Iterable[str], gifts: Iterable[str]) -> Application:
    """``app`` with the read notes added after what it had (no duplicates)."""
    return replace(app, topics=tuple(dict.fromkeys((*app.topics, *topics))),
                   gifts=tuple(dict.fromkeys((*app.gifts, *gifts))))


def notes_draft_of(app: Application, round_number: int) -> DraftRecord | None:
    stage = notes_stage(round_number)
    return next((d for d in app.drafts if d.stage == stage), None)


def compose_notes(app: Application, stage: str, *, user: Address, token: str, now: dt.datetime,
                  folder: str, tz: str, language: str = DEFAULT_LANGUAGE) -> PreparedDraft:
    """The notes draft of ``stage`` as bytes and record: from and to the user, a fresh message
    (not a reply in the employer's thread), our token and stage headers as on every draft."""
    number = int(stage.rpartition("_")[2])
    rendered = render_notes(app, number, user.name, tz, language)
    message_id = draft_message_id(token, user.email)
    raw = build_draft(replace(app, thread=None), rendered, sender=user, to=user, token=token,
                      now=now, message_id=message_id, stage=stage)
    draft = DraftRecord(
        id=0, application_id=app.id, stage=stage, token=token, message_id=message_id,
        status=DraftStatus.INTENDED, created_at=now, folder=folder, recipient=user.email,
    )
    return PreparedDraft(draft, raw, rendered.subject, has_placeholders=False)
