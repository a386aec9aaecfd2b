"""Scoring a detector against labelled mail, pure: (true kind, verdict) pairs in, a report out.

Used by ``followupd eval`` and by ``bench/detect/train.py`` for cross-validation. A message the
detector holds (``Verdict.unsure``) counts as *not* detected in the strict recall, and is shown
apart: the user is asked about it, which is safe but not free.

Recall is also given per language of the message (``Case.language``, ``mail.language``'s code,
"" when it could not tell) for the human kinds, so that "recall 0.78" can be read as "0.86 on
English, German, French and Spanish mail and 0.2 on the languages followupd has no words for".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from followupd.core.model import Kind
from followupd.mail.classify.verdict import Verdict

DECISION_VALUES = frozenset((Kind.OFFER.value, Kind.REJECTION.value))
# The kinds a person writes: the ones whose recall depends on the language they wrote in.
HUMAN_VALUES = (Kind.INTERVIEW.value, Kind.OFFER.value, Kind.REJECTION.value,
                Kind.RESCHEDULE.value, Kind.INTERVIEW_CANCELLED.value, Kind.ON_HOLD.value,
                Kind.REPLY.value)
# followupd acts on automated and unrelated mail alike (it neither starts nor changes an
# application), so the two are scored as one group.
GROUPS = {Kind.AUTOMATED.value: "not_job", Kind.UNRELATED.value: "not_job"}


def group(kind: str) -> str:
    return GROUPS.get(kind, kind)


@dataclass(frozen=True)
class Case:
    name: str
    truth: str
    verdict: Verdict
    language: str = ""  # of the message (mail.language), "" unknown


@dataclass(frozen=True)
class KindScore:
    kind: str
    support: int
    predicted: int
    correct: int
    held: int  # true decisions the detector held and asked about instead of deciding

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Report:
    kinds: tuple[KindScore, ...]
    confusion: dict[str, dict[str, int]]
    misses: tuple[Case, ...]
    false_decisions: tuple[Case, ...]  # a decision taken on mail that is not one
    held: tuple[Case, ...] = field(default=())
    total: int = 0
    # language -> human kind -> (support, correct); only languages and kinds that occur
    by_language: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "kinds": {s.kind: {"support": s.support, "predicted": s.predicted,
                               "precision": round(s.precision, 4), "recall": round(s.recall, 4),
                               "f1": round(s.f1, 4), "held": s.held} for s in self.kinds},
            "confusion": self.confusion,
            "by_language": {lang: {kind: {"support": n, "correct": ok,
                                          "recall": round(ok / n, 4)}
                                   for kind, (n, ok) in kinds.items()}
                            for lang, kinds in self.by_language.items()},
            "false_decisions": [_case_json(c) for c in self.false_decisions],
            "held": [_case_json(c) for c in self.held],
            "misses": [_case_json(c) for c in self.misses],
        }


def _case_json(case: Case) -> dict[str, Any]:
    return {"name": case.name, "truth": case.truth, "kind": case.verdict.kind.value,
            "confidence": round(case.verdict.confidence, 4),
            "unsure": case.verdict.unsure.value if case.verdict.unsure else None,
            "reasons": [f"{r.rule}: {r.detail}" for r in case.verdict.reasons[:4]]}


def score(cases: Iterable[Case], labels: Sequence[str] = ()) -> Report:
    cases = list(cases)
    truth = [group(c.truth) for c in cases]
    said = [group(c.verdict.kind.value) for c in cases]
    support = Counter(truth)
    predicted = Counter(said)
    correct = Counter(t for t, p in zip(truth, said, strict=True) if t == p)
    held = Counter(group(c.truth) for c in cases if c.verdict.unsure is not None
                   and c.verdict.unsure.value == c.truth)
    names = sorted({group(x) for x in labels} | set(support) | set(predicted))
    confusion = {t: dict.fromkeys(names, 0) for t in names}
    for t, p in zip(truth, said, strict=True):
        confusion[t][p] += 1
    kinds = tuple(KindScore(n, support[n], predicted[n], correct[n], held[n]) for n in names)
    misses = tuple(c for c in cases if group(c.truth) != group(c.verdict.kind.value))
    false_decisions = tuple(c for c in misses if c.verdict.kind.value in DECISION_VALUES
                            and c.truth not in DECISION_VALUES)
    return Report(kinds, confusion, misses, false_decisions,
                  tuple(c for c in cases if c.verdict.unsure is not None), len(cases),
                  _by_language(cases))


def _by_language(cases: list[Case]) -> dict[str, dict[str, tuple[int, int]]]:
    support: Counter[tuple[str, str]] = Counter()
    correct: Counter[tuple[str, str]] = Counter()
    for c in cases:
        if c.truth in HUMAN_VALUES:
            support[c.language, c.truth] += 1
            correct[c.language, c.truth] += group(c.verdict.kind.value) == c.truth
    languages = sorted({lang for lang, _ in support}, key=lambda x: (x == "", x))
    return {lang: {kind: (support[lang, kind], correct[lang, kind]) for kind in HUMAN_VALUES
                   if support[lang, kind]} for lang in languages}


def _language_lines(report: Report) -> list[str]:
    kinds = [k for k in HUMAN_VALUES if any(k in row for row in report.by_language.values())]
    if not kinds:
        return []
    lines = ["", "recall by language of the message (correct / n; ?: not told)",
             f"{'':<9} " + " ".join(f"{k[:12]:>12}" for k in kinds)]
    for lang, row in report.by_language.items():
        cells = [f"{row[k][1]}/{row[k][0]} {row[k][1] / row[k][0]:.2f}" if k in row else "-"
                 for k in kinds]
        lines.append(f"{lang or '?':<9} " + " ".join(f"{c:>12}" for c in cells))
    return lines


def format_report(report: Report, *, misses: int = 40) -> str:
    lines = [f"{'kind':<20} {'n':>5} {'pred':>5} {'prec':>6} {'recall':>6} {'f1':>6} {'held':>5}"]
    for s in report.kinds:
        lines.append(f"{s.kind:<20} {s.support:>5} {s.predicted:>5} {s.precision:>6.3f} "
                     f"{s.recall:>6.3f} {s.f1:>6.3f} {s.held:>5}")
    names = list(report.confusion)
    short = [n[:6] for n in names]
    lines += ["", "confusion (rows: truth, columns: verdict)",
              f"{'':<20} " + " ".join(f"{s:>6}" for s in short)]
    for t in names:
        lines.append(f"{t:<20} " + " ".join(f"{report.confusion[t][p]:>6}" for p in names))
    lines += _language_lines(report)
    lines += ["", f"false decisions on non-decision mail: {len(report.false_decisions)}",
              f"held and asked: {len(report.held)}"]
    if report.misses:
        lines += ["", f"misses ({len(report.misses)}, first {misses}):"]
        for c in report.misses[:misses]:
            why = "; ".join(f"{r.rule}: {r.detail}" for r in c.verdict.reasons[:2])
            lines.append(f"  {c.name}: {c.truth} -> {c.verdict.kind.value} "
                         f"({c.verdict.confidence:.2f}) {why}"[:220])
    return "\n".join(lines)
