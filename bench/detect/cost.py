"""Per-message cost of reading mail with the detector vs the old rule cascade (a report).

    python bench/detect/cost.py DIR [DIR...]     # folders of .eml files (any depth)

Times ``understand`` (parse + classify + extract) for every file, three rounds, and prints the
median and p95 in ms for each classifier. Each message is read by both in turn (rules, then the
detector), on CPU time of this thread: the VM is shared, and timed one after the other the two
swung by a quarter against each other. Run on this machine; not a timed test.
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
    classifiers = (("rules (before)", RuleClassifier()), ("detector (now)", load_classifier()))
    costs: dict[str, list[float]] = {name: [] for name, _ in classifiers}
    for raw in raws[:20]:  # warm up
        for _, classifier in classifiers:
            understand(raw, classifier=classifier)
    for _ in range(3):
        for raw in raws:
            for name, classifier in classifiers:
                start = time.thread_time()
                understand(raw, classifier=classifier)
                costs[name].append((time.thread_time() - start) * 1000)
    for name, taken in costs.items():
        taken.sort()
        print(f"{name:<16} n={len(raws)} median {statistics.median(taken):.2f} ms  "
              f"p95 {taken[int(0.95 * len(taken))]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
