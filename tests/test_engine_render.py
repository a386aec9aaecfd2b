from __future__ import annotations

from pathlib import Path

import pytest
from engine_factories import TUESDAY_INTERVIEW, make_app

from followupd.adapters.templates import load_templates, render
from followupd.core.errors import TemplateError
from followupd.core.model import Application
from followupd.engine.render import PLACEHOLDER_MARK, context_for, render_text


def rendered_body(app: Application, stage: str, template: str) -> str:
    return render(template, context_for(app, stage, "Max Muster", "", "Europe/Berlin")).body


def test_thank_you_carries_the_advice() -> None:
    app = make_app(
        interviews=(TUESDAY_INTERVIEW,),
        topics=("stream processing",),
        gifts=("https://example.org/kafka-exactly-once",),
    )
    draft = render("thank_you", context_for(app, "thank_you_1", "Max Muster", "", "Europe/Berlin"))
    assert draft.subject == "Thank you – Data Engineer at Acme"
    body = draft.body
    for phrase in (
        "Hi Jane,",
        "thank you for taking the time",
        "Tuesday, 3 March",
        "Data Engineer position",
        "enjoyed learning more about Acme",
        "stream processing",
        "https://example.org/kafka-exactly-once",
        "still very interested",
        "second interview",
        "flexible over the coming days",
        "provide more information",
        "Max Muster",
    ):
        assert phrase in body
    assert not draft.has_placeholders


def test_missing_topic_and_gift_leave_placeholders_the_user_cannot_miss() -> None:
    app = make_app(id=3, interviews=(TUESDAY_INTERVIEW,))
    draft = render("thank_you", context_for(app, "thank_you_1", "Max", "", "Europe/Berlin"))
    assert draft.has_placeholders
    assert (
        "[[FOLLOWUPD: add one thing you discussed with Jane — topics are recorded with "
        "'followupd note 3 --topic ...']]"
    ) in draft.body
    assert "'followupd note 3 --gift ...'" in draft.body


def test_follow_ups_read_differently_each_time_and_ask_kindly() -> None:
    app = make_app(interviews=(TUESDAY_INTERVIEW,), topics=("dbt",), gifts=("a", "b", "c", "d"))
    bodies = [rendered_body(app, f"follow_up_{n}", "follow_up") for n in (1, 2, 3)]
    assert len(set(bodies)) == 3
    assert "when you expect to decide" in bodies[0]
    assert "timeline" in bodies[1]
    assert "next steps" in bodies[2]
    # Each follow-up brings a new gift: follow-up N uses gift N+1.
    assert [b.count(": " + g) for b, g in zip(bodies, "bcd", strict=True)] == [1, 1, 1]
    assert all(PLACEHOLDER_MARK not in b for b in bodies)


def test_second_round_thank_you_mentions_meeting_again() -> None:
    app = make_app(interviews=(TUESDAY_INTERVIEW,), topics=("dbt",), gifts=("x", "y"))
    assert "meeting with me again" in rendered_body(app, "thank_you_2", "thank_you_second")


def test_signature_replaces_the_default_closing() -> None:
    app = make_app(interviews=(TUESDAY_INTERVIEW,))
    ctx = context_for(
        app, "thank_you_1", "Max", "Cheers,\nMax Muster\n+49 30 1234", "Europe/Berlin"
    )
    body = render("thank_you", ctx).body
    assert body.endswith("Cheers,\nMax Muster\n+49 30 1234\n")
    assert "Best regards" not in body


@pytest.mark.parametrize("hostile", ["{{ 7*7 }}", "{% for x in y %}", "{{ ''.__class__ }}"])
def test_values_from_mail_render_literally(hostile: str) -> None:
    app = make_app(company=hostile, position=hostile, interviews=(TUESDAY_INTERVIEW,))
    draft = render("thank_you", context_for(app, "thank_you_1", "Max", "", "Europe/Berlin"))
    assert hostile in draft.body
    assert "49" not in draft.body


@pytest.mark.parametrize(
    "source",
    [
        "Subject: x\n\n{{ ''.__class__.__mro__ }}",
        "Subject: x\n\n{{ topics.__class__ }}",
        "Subject: x\n\n{{ company.format.__globals__ }}",
        "Subject: x\n\n{% set _ = topics.append(1) %}",
    ],
)
def test_sandbox_escapes_in_user_templates_are_template_errors(tmp_path: Path, source: str) -> None:
    (tmp_path / "thank_you.j2").write_text(source, encoding="utf-8")
    app = make_app(interviews=(TUESDAY_INTERVIEW,))
    with pytest.raises(TemplateError):
        render("thank_you", context_for(app, "thank_you_1", "Max", "", "Europe/Berlin"), tmp_path)


def test_user_template_overrides_the_default(tmp_path: Path) -> None:
    (tmp_path / "follow_up.j2").write_text(
        "Subject: Hallo {{ company }}\n\nHallo {{ interviewer_first }}!\n", encoding="utf-8"
    )
    app = make_app(interviews=(TUESDAY_INTERVIEW,))
    ctx = context_for(app, "follow_up_1", "Max", "", "Europe/Berlin")
    draft = render("follow_up", ctx, tmp_path)
    assert (draft.subject, draft.body) == ("Hallo Acme", "Hallo Jane!\n")
    assert "Dank" not in render("thank_you", ctx, tmp_path).body  # falls back to the default


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Hello {{ company }}\n", "Subject:"),
        ("Subject: x\n\n{{ no_such_variable }}\n", "no_such_variable"),
        ("Subject: x\n\n{% if %}\n", "failed"),
    ],
)
def test_broken_user_templates_are_template_errors(
    tmp_path: Path, source: str, message: str
) -> None:
    (tmp_path / "thank_you.j2").write_text(source, encoding="utf-8")
    app = make_app(interviews=(TUESDAY_INTERVIEW,))
    with pytest.raises(TemplateError, match=message):
        render("thank_you", context_for(app, "thank_you_1", "Max", "", "Europe/Berlin"), tmp_path)


def test_unknown_or_path_like_template_names_are_refused() -> None:
    app = make_app(interviews=(TUESDAY_INTERVIEW,))
    ctx = context_for(app, "thank_you_1", "Max", "", "Europe/Berlin")
    for name in ("nope", "../etc/passwd", "thank_you.j2"):
        with pytest.raises(TemplateError):
            render(name, ctx)


def test_render_text_uses_only_the_sources_it_is_given() -> None:
    ctx = context_for(make_app(interviews=(TUESDAY_INTERVIEW,)), "thank_you_1", "Max", "", "Europe/Berlin")
    sources = {
        "thank_you.j2": "Subject: Thanks, {{ company }}\n\n{% include 'sig.j2' %}\n",
        "sig.j2": "– {{ user_name }}",
    }
    assert render_text("thank_you", ctx, sources) == render_text("thank_you", ctx, dict(sources))
    assert render_text("thank_you", ctx, sources).body == "– Max\n"
    with pytest.raises(TemplateError, match="not found"):
        render_text("follow_up", ctx, sources)  # no fallback to the packaged defaults
    with pytest.raises(TemplateError, match="not found"):
        render_text("thank_you", ctx, {"thank_you.j2": "Subject: x\n\n{% include '../../etc/passwd' %}"})


def test_load_templates_puts_the_user_directory_over_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "follow_up.j2").write_text("Subject: mine\n\nmine\n", encoding="utf-8")
    (tmp_path / "signature.j2").write_text("Max", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a template", encoding="utf-8")
    (tmp_path / "Bad-Name.j2").write_text("ignored", encoding="utf-8")
    sources = load_templates(tmp_path)
    assert sorted(sources) == ["follow_up.j2", "signature.j2", "thank_you.j2", "thank_you_second.j2"]
    assert sources["follow_up.j2"] == "Subject: mine\n\nmine\n"
    assert "Subject:" in load_templates(None)["follow_up.j2"]
    assert load_templates(tmp_path / "missing") == load_templates(None)


def test_unreadable_user_template_is_a_template_error(tmp_path: Path) -> None:
    (tmp_path / "thank_you.j2").write_bytes(b"Subject: \xff\xfe\n")
    with pytest.raises(TemplateError, match="cannot read"):
        load_templates(tmp_path)
