"""The language of a draft, and what changes with it: dates and the placeholder lines. Pure.

A draft is written in ``identity.language``, unless ``identity.reply_in_employer_language`` is on
and the employer's mail was in another language followupd has templates for
(``Application.language``, detected by ``mail.language``): then in that one. Everything in the
draft follows that language, including the ``[[FOLLOWUPD: ...]]`` lines the user replaces.

Dates are formatted with Babel (CLDR month and weekday names) in the user's time zone, one
pattern per language so the wording is pinned: "Tuesday, 3 March", "Dienstag, 3. März",
"mardi 3 mars", "martes, 3 de marzo". (Babel reads its bundled CLDR data once, on first use, as
zoneinfo reads tzdata; nothing here depends on the machine's locale settings.)
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_date

from followupd.core.model import DRAFT_LANGUAGES, Application

DEFAULT_LANGUAGE = "en"
DATE_PATTERNS: dict[str, str] = {
    "en": "EEEE, d MMMM",
    "de": "EEEE, d. MMMM",
    "fr": "EEEE d MMMM",
    "es": "EEEE, d 'de' MMMM",
}


def draft_language(app: Application, configured: str, follow_employer: bool = True) -> str:
    """The language ``app``'s next draft is written in (see the module doc)."""
    if follow_employer and app.language in DRAFT_LANGUAGES:
        return app.language
    return configured if configured in DRAFT_LANGUAGES else DEFAULT_LANGUAGE


def why_language(app: Application, configured: str, follow_employer: bool = True) -> str:
    """In words, for ``show``: "de (the employer writes in de)" or "en (identity.language)"."""
    lang = draft_language(app, configured, follow_employer)
    if follow_employer and app.language == lang:
        return f"{lang} (the employer writes in {lang})"
    return f"{lang} (identity.language)"


def interview_day(moment: dt.datetime, tz: str, language: str = DEFAULT_LANGUAGE) -> str:
    """``moment`` as a weekday and date in ``tz``, worded in ``language``."""
    local = moment.astimezone(ZoneInfo(tz))
    lang = language if language in DATE_PATTERNS else DEFAULT_LANGUAGE
    return format_date(local.date(), DATE_PATTERNS[lang], locale=lang)


# (who when the person is unknown, the topic line, the gift line); {who}, {note} filled in.
_PLACEHOLDERS: dict[str, tuple[str, str, str]] = {
    "en": (
        "them",
        "[[FOLLOWUPD: add one thing you discussed with {who} — topics are recorded with "
        "{note} --topic ...']]",
        "[[FOLLOWUPD: add a gift for {who} — an article, link, contact or tip about "
        "something they cared about; record it with {note} --gift ...' or delete this line]]",
    ),
    "de": (
        "Ihrem Gegenüber",
        "[[FOLLOWUPD: ein Thema aus dem Gespräch mit {who} ergänzen — Themen speichern Sie mit "
        "{note} --topic ...']]",
        "[[FOLLOWUPD: etwas ergänzen, das {who} weiterhilft — einen Artikel, Link, Kontakt oder "
        "Tipp zu einem Thema aus dem Gespräch; speichern mit {note} --gift ...' oder diese "
        "Zeile löschen]]",
    ),
    "fr": (
        "votre interlocuteur",
        "[[FOLLOWUPD: ajoutez un sujet abordé avec {who} — les sujets s'enregistrent avec "
        "{note} --topic ...']]",
        "[[FOLLOWUPD: ajoutez une attention pour {who} — un article, un lien, un contact ou une "
        "astuce sur un sujet qui lui tenait à cœur ; enregistrez-la avec {note} --gift ...' ou "
        "supprimez cette ligne]]",
    ),
    "es": (
        "su interlocutor",
        "[[FOLLOWUPD: añada un tema que trató con {who} — los temas se guardan con {note} --topic ...']]",
        "[[FOLLOWUPD: añada un detalle para {who} — un artículo, enlace, contacto o consejo "
        "sobre algo que le interesaba; guárdelo con {note} --gift ...' o borre esta línea]]",
    ),
}


def placeholders(language: str, first_name: str, app_id: int) -> tuple[str, str]:
    """The marked topic and gift lines for a draft in ``language`` to ``first_name``."""
    unknown, topic, gift = _PLACEHOLDERS.get(language, _PLACEHOLDERS[DEFAULT_LANGUAGE])
    fill = {"who": first_name or unknown, "note": f"'followupd note {app_id}"}
    return topic.format(**fill), gift.format(**fill)
