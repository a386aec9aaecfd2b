"""Stage names: ``thank_you_<round>`` and ``follow_up_<n>``, parsed in one place.

The planner names stages, the store keeps them on draft records, render picks the template
variables from them.
"""

from __future__ import annotations

import re

_STAGE = re.compile(r"(thank_you|follow_up)_(\d{1,6})")


def parse_stage(stage: str) -> tuple[str, int]:
    """``"follow_up_2"`` -> ``("follow_up", 2)``; a name that is no stage -> ``("", 0)``."""
    m = _STAGE.fullmatch(stage)
    return (m.group(1), int(m.group(2))) if m else ("", 0)
