"""The detector explains a message the same way in every run (no dependence on set order)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
SCRIPT = """
import sys
from pathlib import Path
from followupd.adapters.detector import load_classifier
from followupd.mail import understand
classifier = load_classifier()
for path in sys.argv[1:]:
    facts = understand(Path(path).read_bytes(), classifier=classifier)
    print(path, facts.kind, [r.detail for r in facts.reasons])
"""


def _explain(paths: list[str], seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", SCRIPT, *paths], env=env, check=True,
                          capture_output=True, text=True, timeout=120).stdout


def test_reasons_do_not_depend_on_the_hash_seed() -> None:
    paths = [str(p) for p in sorted(CORPUS.rglob("*.eml"))[::4]]
    first = _explain(paths, "1")
    assert first.count("\n") == len(paths)
    assert first == _explain(paths, "2")
