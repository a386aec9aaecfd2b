"""Stage names are parsed in one place for the planner and the renderer."""

from __future__ import annotations

import pytest
from engine_factories import berlin, make_app

from followupd.core.model import Application, AppState, DraftRecord, DraftStatus
from followupd.engine.plan import stage_of
from followupd.engine.render import context_for
from followupd.engine.stages import parse_stage


@pytest.mark.parametrize(
    ("stage", "parts"),
    [
        ("thank_you_1", ("thank_you", 1)),
        ("thank_you_12", ("thank_you", 12)),
        ("follow_up_3", ("follow_up", 3)),
        ("follow_up_x", ("", 0)),
        ("ghosted", ("", 0)),
        ("thank_you_1\n", ("", 0)),
    ],
)
def test_stage_names_parse_to_kind_and_number(stage: str, parts: tuple[str, int]) -> None:
    assert parse_stage(stage) == parts


def test_planner_and_renderer_agree_on_a_stage() -> None:
    app: Application = make_app(state=AppState.WAITING)
    draft = DraftRecord(1, 1, "follow_up_2", "tok", "<d@x>", DraftStatus.SENT, berlin("2026-03-04 10:00"))
    assert stage_of(draft) == ("follow_up", 2)
    assert context_for(app, "follow_up_2", "Max", "", "Europe/Berlin").followup_number == 2


def test_renderer_refuses_an_unknown_stage() -> None:
    with pytest.raises(ValueError, match="unknown stage"):
        context_for(make_app(), "follow_up", "Max", "", "Europe/Berlin")
