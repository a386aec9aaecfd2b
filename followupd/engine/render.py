"""Render a draft from a Jinja2 template in a sandbox. Values from mail are data, never code.

Template file format (``<name>.j2``, UTF-8)::

    Subject: <subject line, may use variables>
    <blank line>
    <body, plain text>

The first line must start with ``Subject:``. The subject is used only when the draft starts a new
conversation; a reply takes "Re: <thread subject>" (see draftmsg).

``render_text`` is pure: it renders from a mapping of template sources (file name -> text).
``followupd.adapters.templates.load_templates`` builds that mapping from disk (the user's templates
directory over the package defaults in ``followupd/templates/<language>/``, see there);
``followupd.adapters.templates.render`` is the adapter-level convenience that does both.

Variables (all always defined; StrictUndefined makes a typo an error, not an empty string):
  application_id, stage, round, followup_number (0 for thank-you stages),
  interviewer (full name, "" if unknown), interviewer_first, company, position,
  interview_date (e.g. "Tuesday, 3 March" / "Dienstag, 3. März", in the user's zone and the
  draft's language; "" if none), language (the draft's: "en", "de", "fr", "es"),
  topics (list of str), gifts (list of str), gift (the one for this stage, "" if none),
  user_name, signature, placeholder_topic, placeholder_gift (ready-made marked lines).
Anything that reads ``[[FOLLOWUPD: ...]]`` is a placeholder the user must replace before sending.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from followupd.core.errors import TemplateError
from followupd.core.model import Application
from followupd.engine.giftlib import Gift
from followupd.engine.gifts import gift_for
from followupd.engine.language import DEFAULT_LANGUAGE, interview_day, placeholders
from followupd.engine.stages import FOLLOW_UP, THANK_YOU, parse_stage

PLACEHOLDER_MARK = "[[FOLLOWUPD:"
SUFFIX = ".j2"
_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")


def is_template_name(name: str) -> bool:
    """``thank_you`` is a template name; ``../x``, ``Thank-You`` and ``thank_you.j2`` are not."""
    return _NAME.fullmatch(name) is not None


@dataclass(frozen=True)
class RenderedDraft:
    subject: str
    body: str

    @property
    def has_placeholders(self) -> bool:
        return PLACEHOLDER_MARK in self.subject or PLACEHOLDER_MARK in self.body


@dataclass(frozen=True)
class DraftContext:
    application_id: int
    stage: str
    round: int
    followup_number: int
    interviewer: str
    interviewer_first: str
    company: str
    position: str
    interview_date: str
    topics: tuple[str, ...]
    gifts: tuple[str, ...]
    gift: str
    user_name: str
    signature: str
    placeholder_topic: str
    placeholder_gift: str
    language: str = DEFAULT_LANGUAGE


def context_for(
    app: Application, stage: str, identity_name: str, signature: str, tz: str,
    language: str = DEFAULT_LANGUAGE, library: Sequence[Gift] = (), about: Sequence[str] = (),
) -> DraftContext:
    """Everything a template may use for ``stage`` of ``app``, formatted for the user's zone and
    the draft's ``language`` (``engine.language.draft_language``)."""
    kind, number = parse_stage(stage)
    if not kind:
        raise ValueError(f"unknown stage {stage!r}")
    person = app.interviewer or app.recruiter
    name = person.name.strip() if person is not None else ""
    active = [i for i in app.interviews if not i.cancelled]
    # The interview this stage refers to: that round for a thank-you, the latest for a follow-up.
    iv = None
    if active:
        iv = active[min(number, len(active)) - 1] if kind == THANK_YOU else active[-1]
    date = interview_day(iv.start, tz, language) if iv is not None else ""
    gift = gift_for(app, stage, library, about)  # never one this person already had
    placeholder_topic, placeholder_gift = placeholders(language, name.split()[0] if name else "",
                                                       app.id)
    return DraftContext(
        application_id=app.id,
        stage=stage,
        round=number if kind == THANK_YOU else len(active),
        followup_number=number if kind == FOLLOW_UP else 0,
        interviewer=name,
        interviewer_first=name.split()[0] if name else "",
        company=app.company,
        position=app.position,
        interview_date=date,
        topics=app.topics,
        gifts=app.gifts,
        gift=gift,
        user_name=identity_name,
        signature=signature,
        placeholder_topic=placeholder_topic,
        placeholder_gift=placeholder_gift,
        language=language,
    )


@functools.lru_cache(maxsize=16)
def _environment(sources: tuple[tuple[str, str], ...]) -> ImmutableSandboxedEnvironment:
    """One sandbox per set of template sources; compiled templates are reused across drafts."""
    return ImmutableSandboxedEnvironment(
        loader=jinja2.DictLoader(dict(sources)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain-text mail
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_text(template: str, ctx: DraftContext, sources: Mapping[str, str]) -> RenderedDraft:
    """Render ``<template>.j2`` from ``sources`` (file name -> template text) with ``ctx``.

    Pure: no file is read. Every failure is an ``errors.TemplateError``.
    """
    if not is_template_name(template):
        raise TemplateError(f"invalid template name {template!r}")
    try:
        env = _environment(tuple(sorted(sources.items())))
        text = env.get_template(f"{template}{SUFFIX}").render(asdict(ctx))
    except jinja2.TemplateNotFound as exc:
        known = ", ".join(sorted(sources)) or "none"
        raise TemplateError(
            f"template {exc.name!r} not found", hint=f"known templates: {known}"
        ) from exc
    except jinja2.TemplateError as exc:  # syntax, undefined variable, sandbox SecurityError
        raise TemplateError(
            f"template {template!r} failed: {exc}", hint="check the template file"
        ) from exc
    return _split(template, text)


def _split(template: str, text: str) -> RenderedDraft:
    head, sep, rest = text.lstrip("\n").partition("\n")
    if not head.startswith("Subject:"):
        raise TemplateError(
            f"template {template!r} must start with a 'Subject:' line",
            hint="first line 'Subject: ...', a blank line, then the body",
        )
    subject = " ".join(head[len("Subject:") :].split())
    body_lines = [line.rstrip() for line in rest.strip("\n").splitlines()]
    collapsed: list[str] = []
    for line in body_lines:  # at most one blank line in a row (conditional blocks leave gaps)
        if line or (collapsed and collapsed[-1]):
            collapsed.append(line)
    body = "\n".join(collapsed).strip("\n") + "\n"
    return RenderedDraft(subject=subject, body=body if sep else "\n")

