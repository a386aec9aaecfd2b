"""The labelled corpus: tests/corpus/<kind>/*.eml, the directory name is the label.

Prints a per-kind precision/recall table (pytest -s) and puts it in every assertion message.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from followupd.core.model import Kind
from followupd.mail import understand

CORPUS = Path(__file__).parent / "corpus"
MACHINE = (Kind.BOUNCE, Kind.AUTO_REPLY, Kind.AUTOMATED)
HUMAN_MEANINGFUL = (Kind.REPLY, Kind.OFFER, Kind.REJECTION, Kind.INTERVIEW)


def _results() -> list[tuple[str, Kind, Kind]]:
    out = []
    for path in sorted(CORPUS.glob("*/*.eml")):
        facts = understand(path.read_bytes())
        out.append((str(path.relative_to(CORPUS)), Kind(path.parent.name), facts.kind))
    return out


@pytest.fixture(scope="module")
def results() -> list[tuple[str, Kind, Kind]]:
    return _results()


def _table(results: list[tuple[str, Kind, Kind]]) -> tuple[str, dict[Kind, tuple[float, float]]]:
    labelled = Counter(expected for _, expected, _ in results)
    predicted = Counter(got for _, _, got in results)
    correct = Counter(expected for _, expected, got in results if expected == got)
    scores: dict[Kind, tuple[float, float]] = {}
    lines = [f"{'kind':<22}{'n':>5}{'precision':>11}{'recall':>9}"]
    for kind in sorted(set(labelled) | set(predicted), key=str):
        precision = correct[kind] / predicted[kind] if predicted[kind] else 1.0
        recall = correct[kind] / labelled[kind] if labelled[kind] else 1.0
        scores[kind] = (precision, recall)
        lines.append(f"{kind!s:<22}{labelled[kind]:>5}{precision:>11.3f}{recall:>9.3f}")
    wrong = [f"  {name}: {got}" for name, expected, got in results if expected != got]
    lines.append(f"total {len(results)}, misclassified {len(wrong)}")
    lines.extend(wrong)
    return "\n".join(lines), scores


def test_corpus_is_large_enough(results: list[tuple[str, Kind, Kind]]) -> None:
    assert len(results) >= 150
    assert {expected for _, expected, _ in results} >= {
        Kind.INTERVIEW, Kind.INTERVIEW_CANCELLED, Kind.OFFER, Kind.REJECTION, Kind.REPLY,
        Kind.AUTO_REPLY, Kind.BOUNCE, Kind.AUTOMATED, Kind.UNRELATED}


def test_corpus_precision_and_recall(results: list[tuple[str, Kind, Kind]]) -> None:
    table, scores = _table(results)
    print("\n" + table)
    assert scores[Kind.REJECTION][1] >= 0.95, table
    assert scores[Kind.INTERVIEW][1] >= 0.95, table
    assert scores[Kind.OFFER][0] >= 0.98, table
    assert scores[Kind.REJECTION][0] >= 0.98, table


def test_machine_mail_never_becomes_a_human_kind(results: list[tuple[str, Kind, Kind]]) -> None:
    table, _ = _table(results)
    leaked = [(name, got) for name, expected, got in results
              if expected in MACHINE and got in HUMAN_MEANINGFUL]
    assert not leaked, f"{leaked}\n{table}"
