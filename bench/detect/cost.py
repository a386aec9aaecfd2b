"""Per-message cost of reading mail with the detector vs the old rule cascade (a report).

    python bench/detect/cost.py DIR [DIR...]     # folders of .eml files (any depth)

Times ``understand`` (parse + classify + extract) for every file, three rounds, and prints the
median and p95 in ms for each classifier. Run on this machine; not a timed test.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from followupd.adapters.detector import load_classifier
from followupd.mail import understand
from followupd.mail.classify.rules import RuleClassifier


def main(argv: list[str]) -> int:
    raws = [p.read_bytes() for d in argv for p in sorted(Path(d).rglob("*.eml"))]
    detector = load_classifier()
    for name, classifier in (("rules (before)", RuleClassifier()), ("detector (now)", detector)):
        costs = []
        for _ in range(3):
            for raw in raws:
                start = time.perf_counter()
                understand(raw, classifier=classifier)
                costs.append((time.perf_counter() - start) * 1000)
        costs.sort()
        print(f"{name:<16} n={len(raws)} median {statistics.median(costs):.2f} ms  "
              f"p95 {costs[int(0.95 * len(costs))]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
