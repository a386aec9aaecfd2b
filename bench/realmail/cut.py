#!/usr/bin/env python3
"""Turn cut specs into manifest rows (byte ranges + sha256), from fetched snapshots.

A spec file (kept outside the repository: its anchors quote the sources) has one cut a line,
fields separated by `` | ``::

    id | owner/name | path | label | lang | subject | start anchor | end anchor | note

An empty start anchor means the start of the file, an empty end anchor its end; the end anchor
is searched after the start and included. A start anchor ``A >> B`` starts right after the first
``B`` that follows the first ``A`` (to skip a variable name).

Every row gets ``"render": true`` (directives and
placeholders of a template replaced by plausible values, HTML kept as text/html), the blob's
commit at the snapshot's HEAD, and the sha256 of the message ``rebuild.py`` makes from it.

    python3 bench/realmail/cut.py SPECS --licence-file LICENCES > bench/realmail/manifest-x.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rebuild


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("specs", type=Path)
    ap.add_argument("--mirror", type=Path, default=rebuild.DEFAULT_MIRROR)
    ap.add_argument("--licences", type=Path, help="lines 'owner/name licence'")
    args = ap.parse_args(argv)
    licences = {}
    if args.licences and args.licences.exists():
        for line in args.licences.read_text().splitlines():
            if line.strip():
                repo, _, lic = line.partition(" ")
                licences[repo] = lic.strip()
    failed = 0
    for number, raw in enumerate(args.specs.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = [p.strip() for p in raw.split(" | ")]
        parts += [""] * (9 - len(parts))
        ident, repo, path, label, lang, subject, start_a, end_a, note = parts[:9]
        start_a, end_a = start_a.replace("\\n", "\n"), end_a.replace("\\n", "\n")
        git_dir = rebuild.find_git_dir(args.mirror, f"github:{repo}")
        if git_dir is None:
            print(f"{number}: no snapshot of {repo}", file=sys.stderr)
            failed += 1
            continue
        commit = rebuild._git(git_dir, "rev-parse", "HEAD").stdout.decode().strip()
        blob, _ = rebuild.read_blob(git_dir, commit, path)
        start = 0
        if start_a:
            # "A >> B": the cut starts right after B, the first B after the first A.
            first, _, then = start_a.partition(" >> ")
            start = blob.find(first.encode())
            if start >= 0 and then:
                at = blob.find(then.encode(), start)
                start = at + len(then.encode()) if at >= 0 else -1
            if start < 0:
                print(f"{number}: start anchor not found in {repo}:{path}", file=sys.stderr)
                failed += 1
                continue
        end = len(blob)
        if end_a:
            at = blob.find(end_a.encode(), start)
            if at < 0:
                print(f"{number}: end anchor not found in {repo}:{path}", file=sys.stderr)
                failed += 1
                continue
            end = at + len(end_a.encode())
        entry = {"id": ident, "label": label, "lang": lang, "source": f"github:{repo}",
                 "commit": commit, "path": path,
                 "extract": {"type": "text", "start": start, "end": end, "subject": subject,
                             "from": None, "render": True},
                 "licence": licences.get(repo, "unknown"),
                 "note": note or "template rendered with plausible values"}
        data = rebuild.extract(blob, entry)
        entry["sha256"] = hashlib.sha256(data).hexdigest()
        print(json.dumps(entry, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
