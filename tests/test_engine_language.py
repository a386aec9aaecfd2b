"""Drafts in the user's language: built-in en/de/fr/es templates, dates per locale (Babel), the
language chosen by identity.language or the employer's mail, user templates per language."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from engine_factories import interview, make_app
from mailgen import german_invitation, reply_from

from followupd.adapters.templates import load_templates, render
from followupd.config import loader as config
from followupd.core.errors import ConfigError, TemplateError
from followupd.core.model import DRAFT_LANGUAGES, Application, Kind
from followupd.engine.language import draft_language, interview_day, why_language
from followupd.engine.render import RenderedDraft, context_for
from followupd.engine.track import apply_message, new_application
from followupd.mail import understand
from followupd.mail.language import detect_language

TEMPLATES = Path(__file__).resolve().parents[1] / "followupd" / "templates"
FRIDAY = interview("2026-03-20 14:00", "2026-03-20 15:00")
FRIDAY_LATER = interview("2026-03-27 14:00", "2026-03-27 15:00")
STAGES = (
    ("thank_you_1", "thank_you"),
    ("thank_you_2", "thank_you_second"),
    ("follow_up_1", "follow_up"),
    ("follow_up_2", "follow_up"),
    ("follow_up_3", "follow_up"),
)
NOW = dt.datetime(2026, 3, 20, 18, 0, tzinfo=dt.UTC)


def draft(
    app: Application, stage: str, template: str, language: str, templates_dir: Path | None = None
) -> RenderedDraft:
    ctx = context_for(app, stage, "Max Muster", "", "Europe/Berlin", language)
    return render(template, ctx, templates_dir)


def noted_app(**kw: object) -> Application:
    return make_app(
        interviews=(FRIDAY, FRIDAY_LATER),
        topics=("stream processing", "dbt"),
        gifts=(
            "https://example.org/a",
            "https://example.org/b",
            "https://example.org/c",
            "https://example.org/d",
        ),
        **kw,
    )


# -- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Friday, 20 March"),
        ("de", "Freitag, 20. März"),
        ("fr", "vendredi 20 mars"),
        ("es", "viernes, 20 de marzo"),
    ],
)
def test_interview_days_are_written_in_the_drafts_language(language: str, expected: str) -> None:
    assert interview_day(FRIDAY.start, "Europe/Berlin", language) == expected
    body = draft(make_app(interviews=(FRIDAY,)), "thank_you_1", "thank_you", language).body
    assert expected in body


def test_the_day_is_the_users_day_not_utcs() -> None:
    late = dt.datetime(2026, 3, 20, 23, 30, tzinfo=dt.UTC)  # Saturday 00:30 in Berlin
    assert interview_day(late, "Europe/Berlin", "de") == "Samstag, 21. März"


# -- the built-in templates ---------------------------------------------------------------------


def test_every_language_has_every_template_of_english() -> None:
    english = sorted(p.name for p in (TEMPLATES / "en").glob("*.j2"))
    assert english == ["follow_up.j2", "thank_you.j2", "thank_you_second.j2"]
    for language in DRAFT_LANGUAGES:
        assert sorted(p.name for p in (TEMPLATES / language).glob("*.j2")) == english, language


# What each language's drafts must carry: the thank-you subject, the thanks for the topic, the
# second-interview wish, the follow-up's question about the timeline, the polite address.
ADVICE = {
    "de": (
        "Vielen Dank für das Gespräch – Data Engineer bei Acme",
        "Hallo Jane Doe,",
        "unser Austausch über stream processing und dbt",
        "zweiten Runde",
        "wann Sie mit einer Entscheidung",
        "Viele Grüße",
    ),
    "fr": (
        "Merci pour notre entretien – Data Engineer chez Acme",
        "Bonjour Jane,",
        "notre échange sur stream processing",
        "second entretien",
        "quand vous pensez prendre une décision",
        "Bien cordialement,",
    ),
    "es": (
        "Gracias por la entrevista – Data Engineer en Acme",
        "Hola, Jane:",
        "nuestra conversación sobre stream processing",
        "segunda entrevista",
        "cuándo prevén tomar una decisión",
        "Un cordial saludo,",
    ),
}
# Familiar forms a job seeker does not use with a recruiter they have met once or twice.
FAMILIAR = {
    "de": r"\b(du|dich|dir|dein\w*|euch)\b",
    "fr": r"\b(tu|toi|ton|ta|tes)\b",
    "es": r"\b(tú|tu|te|ti|contigo|vosotros)\b",
}
POLITE = {"de": r"\b(Sie|Ihnen|Ihr\w*)\b", "fr": r"\b(vous|votre|vos)\b", "es": r"\b(usted|su|le)\b"}


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_each_language_carries_the_advice_in_the_polite_form(language: str) -> None:
    app = noted_app()
    drafts = {stage: draft(app, stage, template, language) for stage, template in STAGES}
    subject, greeting, topics, second, timeline, closing = ADVICE[language]
    thanks = drafts["thank_you_1"]
    assert thanks.subject == subject
    assert thanks.body.startswith(greeting + "\n")
    assert topics in thanks.body
    assert second in thanks.body
    assert "https://example.org/a" in thanks.body  # the gift
    assert timeline in drafts["follow_up_1"].body
    assert len({d.body for d in drafts.values()}) == len(STAGES)  # no two read alike
    for stage, d in drafts.items():
        assert not d.has_placeholders, stage
        assert d.body.rstrip().endswith(closing + "\nMax Muster"), stage
        assert re.search(POLITE[language], d.body), stage
        assert not re.search(FAMILIAR[language], d.body), (stage, re.findall(FAMILIAR[language], d.body))


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_without_notes_the_placeholders_speak_the_drafts_language(language: str) -> None:
    app = make_app(id=4, interviews=(FRIDAY,), interviewer=None, position="")
    body = draft(app, "thank_you_1", "thank_you", language).body
    assert body.count("[[FOLLOWUPD:") == 4  # name, position, topic, gift
    assert "'followupd note 4 --topic ...'" in body
    assert "'followupd note 4 --gift ...'" in body
    assert "add one thing" not in body
    assert "the name of" not in body


def test_subjects_of_follow_ups_are_localized_and_replies_keep_re() -> None:
    app = noted_app()
    assert draft(app, "follow_up_1", "follow_up", "de").subject.startswith("Nachfrage")
    assert draft(app, "follow_up_2", "follow_up", "fr").subject.startswith("Point sur")
    assert draft(app, "follow_up_1", "follow_up", "es").subject.startswith("Seguimiento")


# -- which language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("employer", "configured", "follow", "expected"),
    [
        ("de", "en", True, "de"),  # a German recruiter gets German
        ("de", "en", False, "en"),  # unless the user always wants their own language
        ("", "fr", True, "fr"),  # nothing detected: the configured one
        ("it", "es", True, "es"),  # a language without templates: the configured one
        ("en", "de", True, "en"),  # a German user answering an English recruiter
    ],
)
def test_the_draft_language_follows_the_employer_when_allowed(
    employer: str, configured: str, follow: bool, expected: str
) -> None:
    app = make_app(language=employer)
    assert draft_language(app, configured, follow) == expected
    assert why_language(app, configured, follow).startswith(expected)


GERMAN = (
    "Hallo Herr Muster,\n\nvielen Dank für Ihre Bewerbung. Wir möchten Sie gerne zu einem "
    "Gespräch einladen.\n"
)
FRENCH = "Bonjour Max,\n\nmerci pour votre candidature. Nous aimerions vous inviter à un entretien.\n"
SPANISH = "Hola, Max:\n\ngracias por su candidatura. Nos gustaría invitarle a una entrevista.\n"
ENGLISH = "Hi Max,\n\nthank you for your application. We would like to invite you to an interview.\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GERMAN, "de"),
        (FRENCH, "fr"),
        (SPANISH, "es"),
        (ENGLISH, "en"),
        ("Grazie per la sua candidatura, siamo lieti di invitarla a un colloquio con il team.", "it"),
        ("Thanks!", ""),  # too short to say
        (ENGLISH + GERMAN, ""),  # half and half: not sure
    ],
)
def test_the_language_of_a_message_is_read_from_its_common_words(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_a_german_invitation_starts_a_german_application_and_an_english_reply_switches_it() -> None:
    facts = understand(
        german_invitation(), own_addresses=frozenset({"alice@example.org"}), default_tz="Europe/Berlin"
    )
    assert facts.language == "de"
    app = new_application(facts, 1, NOW)
    assert app.language == "de"
    reply = understand(
        reply_from(
            "Hi Alice, thank you, we will get back to you with the next "
            "steps by the end of the week. Best regards, Katrin",
            date="Tue, 24 Mar 2026 10:00:00 +0100",
            message_id="<r@x>",
            in_reply_to="<einladung-4@nordlicht.example>",
            sender="Katrin Weber <katrin.weber@nordlicht.example>",
        ),
        own_addresses=frozenset({"alice@example.org"}),
    )
    assert reply.language == "en"
    app, _ = apply_message(app, replace(reply, kind=Kind.REPLY), NOW)
    assert app.language == "en"


def test_the_users_own_mail_and_auto_replies_do_not_set_the_employers_language() -> None:
    app = make_app(language="de")
    for kind in (Kind.OUTBOUND, Kind.AUTO_REPLY):
        facts = understand(
            reply_from(ENGLISH * 2, date="Tue, 24 Mar 2026 10:00:00 +0100", message_id=f"<{kind}@x>")
        )
        app, _ = apply_message(app, replace(facts, kind=kind), NOW)
        assert app.language == "de", kind


# -- the user's templates per language -----------------------------------------------------------


def test_a_users_template_in_a_language_folder_is_used_for_that_language_only(tmp_path: Path) -> None:
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "thank_you.j2").write_text("Subject: Danke!\n\nDanke, {{ interviewer }}.\n")
    app = make_app(interviews=(FRIDAY,))
    assert draft(app, "thank_you_1", "thank_you", "de", tmp_path).body == "Danke, Jane Doe.\n"
    assert draft(app, "thank_you_1", "thank_you", "en", tmp_path).subject.startswith("Thank you")
    assert "Nachfrage" in load_templates(tmp_path, "de")["follow_up.j2"]  # others stay built-in


def test_a_language_folder_wins_over_a_users_template_for_every_language(tmp_path: Path) -> None:
    (tmp_path / "thank_you.j2").write_text("Subject: Mine\n\nmine\n")
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "thank_you.j2").write_text("Subject: À moi\n\nà moi\n")
    app = make_app(interviews=(FRIDAY,))
    assert draft(app, "thank_you_1", "thank_you", "es", tmp_path).body == "mine\n"
    assert draft(app, "thank_you_1", "thank_you", "en", tmp_path).body == "mine\n"
    assert draft(app, "thank_you_1", "thank_you", "fr", tmp_path).body == "à moi\n"


def test_a_users_template_per_language_is_still_sandboxed(tmp_path: Path) -> None:
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "thank_you.j2").write_text("Subject: x\n\n{{ ''.__class__.__mro__ }}\n")
    with pytest.raises(TemplateError):
        draft(make_app(interviews=(FRIDAY,)), "thank_you_1", "thank_you", "de", tmp_path)


# -- config --------------------------------------------------------------------------------------

CONFIG = """
[imap]
host = "127.0.0.1"
tls = "none"
username = "alice"
password_file = "/run/secret"
[identity]
name = "Alice Example"
email = "alice@example.org"
"""


def test_the_language_defaults_to_english_and_following_the_employer() -> None:
    identity = config.parse(CONFIG).identity
    assert (identity.language, identity.reply_in_employer_language) == ("en", True)


def test_a_language_with_a_region_means_the_language() -> None:
    cfg = config.parse(CONFIG + 'language = "de-AT"\nreply_in_employer_language = false\n')
    assert (cfg.identity.language, cfg.identity.reply_in_employer_language) == ("de", False)


def test_an_unknown_language_names_the_key_the_problem_and_the_fix() -> None:
    with pytest.raises(ConfigError) as err:
        config.parse(CONFIG + 'language = "it"\n')
    (problem,) = err.value.problems
    assert problem.startswith("identity.language: 'it' is not a language followupd has draft templates for")
    assert 'use one of "en", "de", "fr", "es"' in problem
