"""Stage names: ``thank_you_<round>``, ``follow_up_<n>`` and ``notes_<round>`` (the notes draft
to the user, engine/notes.py), parsed and named in one place.

The planner names stages, the store keeps them on draft records, render picks the template
variables from them, draftmsg writes them into a header and adopt reads them back from it.
"""

from __future__ import annotations

import re

THANK_YOU = "thank_you"
FOLLOW_UP = "follow_up"
NOTES = "notes"  # the notes draft to the user: no message to the employer
_STAGE = re.compile(r"(thank_you|follow_up|notes)_(\d{1,6})")


def parse_stage(stage: str) -> tuple[str, int]:
    """``"follow_up_2"`` -> ``("follow_up", 2)``; a name that is no stage -> ``("", 0)``."""
    m = _STAGE.fullmatch(stage)
    return (m.group(1), int(m.group(2))) if m else ("", 0)


def is_stage(stage: str) -> bool:
    """``thank_you_<n>``, ``follow_up_<n>`` or ``notes_<n>``: a stage followupd drafts."""
    return bool(_STAGE.fullmatch(stage))


def stage_name(kind: str, number: int) -> str:
    return f"{kind}_{number}"


def is_notes_stage(stage: str) -> bool:
    return parse_stage(stage)[0] == NOTES


def is_follow_up(stage: str) -> bool:
    return parse_stage(stage)[0] == FOLLOW_UP


def template_for(stage: str) -> str:
    """The template a stage is drafted with: ``thank_you`` for round 1, ``thank_you_second``
    for later rounds, ``follow_up`` for every follow-up."""
    kind, number = parse_stage(stage)
    if kind == FOLLOW_UP:
        return "follow_up"
    if kind == THANK_YOU:
        return "thank_you" if number == 1 else "thank_you_second"
    raise ValueError(f"not a stage name: {stage!r}")
