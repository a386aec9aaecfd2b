"""Labelled examples for retraining the detector: `followupd decide` and the correction folders
append one JSON object per line to ``verdicts.jsonl`` beside the state file (mode 0600: they
name your correspondents). ``bench/detect/`` reads them back."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

VERDICTS_FILE = "verdicts.jsonl"


def examples_path(state_path: Path) -> Path:
    return state_path.parent / VERDICTS_FILE


def append_examples(path: Path, examples: Iterable[Mapping[str, Any]]) -> int:
    """Append ``examples`` to ``path``; how many were written."""
    lines = [json.dumps(dict(example), ensure_ascii=False) + "\n" for example in examples]
    if not lines:
        return 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        out.writelines(lines)
    return len(lines)
