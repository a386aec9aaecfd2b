#!/usr/bin/env python3
"""Rebuild the real-mail development corpus from public repository snapshots.

Reads every ``manifest*.jsonl`` next to this script. Each line names a blob in
a public GitHub repository snapshot (``source``, ``commit``, ``path``) and how
to cut one message out of it (``extract``). The message is written to
``OUT/<label>/<id>.eml`` and its sha256 is compared with the manifest.

Snapshots are bare git directories under ``--mirror`` (default /work/.mirror),
one folder per repository named ``owner+name``. A missing snapshot is reported
with the ``fetch`` it needs; the remaining entries are still processed.

Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import mailbox
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_MIRROR = Path("/work/.mirror")
DEFAULT_OUT = Path("/work/realmail/corpus")
DEFAULT_SENDER = "unknown@example.invalid"
DEFAULT_TO = "candidate@example.invalid"
DEFAULT_DATE = "Mon, 01 Jan 2024 09:00:00 +0000"
LABELS = (
    "interview",
    "interview_cancelled",
    "reschedule",
    "on_hold",
    "offer",
    "rejection",
    "reply",
    "auto_reply",
    "bounce",
    "automated",
    "unrelated",
)


class ExtractError(Exception):
    """An entry could not be turned into a message."""


def _one_line(value: str) -> str:
    """Collapse all whitespace (including newlines) to single spaces."""
    return " ".join(value.split())


def wrap_text(
    subject: str,
    body: str,
    sender: str | None,
    date: str | None,
    ident: str = "unknown",
    html: bool = False,
) -> bytes:
    """Wrap text into a deterministic RFC 5322 message (policy SMTP); ``html`` makes the body a
    text/html part, so a parser strips the markup as it would in received mail."""
    msg = EmailMessage(policy=SMTP)
    from_value = _one_line(sender or "") or DEFAULT_SENDER
    if "@" not in from_value:
        from_value = formataddr((from_value, DEFAULT_SENDER))
    msg["From"] = from_value
    msg["To"] = DEFAULT_TO
    msg["Subject"] = _one_line(subject or "")
    msg["Date"] = _one_line(date or "") or DEFAULT_DATE
    msg["Message-ID"] = f"<{ident}@realmail.invalid>"
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    if html:
        msg.set_content(text, subtype="html", charset="utf-8")
    else:
        msg.set_content(text, charset="utf-8")
    return msg.as_bytes()


# --- rendering templates with plausible values (extract option "render": true) -------------

_PLAUSIBLE = (
    (("first", "prenom", "vorname", "nombre_pila"), "Alex"),
    (("last", "nom", "nachname", "apellido", "surname"), "Martin"),
    (("company", "firma", "organi", "entreprise", "empresa", "tenant", "siae", "employer",
      "unternehmen", "app.name", "brand", "team", "school", "schule"), "Northwind"),
    (("job", "position", "role", "title", "poste", "stelle", "puesto", "vacante", "cargo",
      "vacancy", "offre", "offer", "oferta", "formation", "libelle"), "Data Analyst"),
    (("date", "datum", "fecha", "jour", "day", "tag"), "14 March 2024"),
    (("time", "heure", "uhrzeit", "hora", "zeit"), "10:00"),
    (("link", "url", "href", "lien", "enlace"), "https://careers.example.invalid/a/1"),
    (("email", "mail", "correo", "courriel"), "hr@example.invalid"),
    (("phone", "tel", "telefono"), "+1 555 0100"),
    (("location", "lieu", "ort", "address", "adresse", "direccion", "ubicacion"), "Main Street 5"),
    (("salary", "gehalt", "salaire", "salario"), "55,000"),
    (("candidate", "applicant", "name", "nombre", "user", "student", "bewerber", "anrede",
      "display", "recipient", "empleado", "candidat", "solicitante", "postulante", "talent"),
     "Alex Martin"),
)

_DIRECTIVES = re.compile(
    r"<\?php.*?\?>|\{%.*?%\}|\{\{--.*?--\}\}|<#.*?>|</#.*?>|<!--.*?-->"
    r"|^\s*@(?:if|elseif|else|endif|foreach|endforeach|component|endcomponent|extends|section"
    r"|endsection|php|endphp)\b.*?$",
    re.S | re.M,
)
_PLACEHOLDER = re.compile(
    r"\{\{\s*([^{}]{1,80}?)\s*\}\}|\$\{\s*([^{}]{1,80}?)\s*\}|\{!!\s*([^{}]{1,80}?)\s*!!\}"
    r"|\{([A-Za-z_][\w.]{0,60})\}|\[\**([A-Za-z][\w .'-]{0,40}?)\**\](?!\()|\{\.(\w{1,40})\}"
    r"|(?<![\w:]):([a-z_]{3,30})\b|%\(?(\w*)\)?[sd]"
)


def _plausible(name: str) -> str:
    tokens = re.sub(r"([a-z])([A-Z])", r"\1 \2", name).casefold()
    tokens = [t for t in re.split(r"[^a-z0-9]+", tokens) if t]
    for words, value in _PLAUSIBLE:
        if any(t.startswith(w) for t in tokens for w in words):
            return value
    return "Alex Martin"


def render_template(text: str) -> str:
    """Turn a template into the mail it would send: directives removed, every placeholder
    replaced by a plausible value, string escapes (``\\n``) undone. Deterministic."""
    if text.lstrip().startswith('"'):  # a .po msgstr: join its quoted lines first
        text = re.sub(r'\\n"\s*\n\s*"', "\n", text.strip())
        text = re.sub(r'"\s*\n\s*"', "", text).strip('"')
    text = _DIRECTIVES.sub("", text)
    text = _PLACEHOLDER.sub(lambda m: _plausible(next((g for g in m.groups() if g), "")), text)
    text = text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\t", " ")
    text = text.replace("\\'", "'").replace('\\"', '"').replace("''", "'")
    return re.sub(r"\n{3,}", "\n\n", text)


def looks_html(text: str) -> bool:
    return re.search(r"<(p|div|br|html|table|td|h[1-6]|strong|b|span|body)\b", text, re.I) is not None


def find_git_dir(mirror: Path, source: str) -> Path | None:
    """Locate the bare git directory of ``github:owner/name`` under mirror."""
    name = source.split(":", 1)[-1].strip("/")
    base = mirror / name.replace("/", "+")
    if not base.is_dir():
        return None
    candidates = [base, *sorted(p for p in base.glob("*") if p.is_dir())]
    candidates += sorted(p for p in base.glob("*/*") if p.is_dir())
    for cand in candidates:
        if (cand / "HEAD").is_file() and (cand / "objects").is_dir():
            return cand
    return None


def _git(git_dir: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", *args],
        capture_output=True,
        check=False,
    )


def read_blob(git_dir: Path, commit: str, path: str) -> tuple[bytes, bool]:
    """Return (blob bytes, exact) where exact is False if HEAD was used."""
    res = _git(git_dir, "show", f"{commit}:{path}")
    if res.returncode == 0:
        return res.stdout, True
    res = _git(git_dir, "show", f"HEAD:{path}")
    if res.returncode == 0:
        return res.stdout, False
    raise ExtractError(f"cannot read {path} at {commit} or HEAD")


def _text(blob: bytes) -> str:
    return blob.decode("utf-8", errors="replace")


def _opt(row: dict[str, Any], key: str | None) -> str | None:
    if not key:
        return None
    value = row.get(key)
    if value is None:
        return None
    return str(value)


def extract_mbox(blob: bytes, index: int) -> bytes:
    """Return the index-th message of an mbox blob (mailbox.mbox order)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "blob.mbox")
        with open(path, "wb") as fh:
            fh.write(blob)
        box = mailbox.mbox(path, create=False)
        try:
            keys = list(box.keys())
            if index >= len(keys):
                raise ExtractError(f"mbox has {len(keys)} messages, no {index}")
            return box.get_bytes(keys[index])
        finally:
            box.close()


def extract_csv(blob: bytes, spec: dict[str, Any], ident: str) -> bytes:
    """Wrap data row ``row`` (0-based, after the header) of a CSV blob."""
    csv.field_size_limit(sys.maxsize)
    reader = csv.reader(io.StringIO(_text(blob), newline=""))
    header = next(reader)
    want = int(spec["row"])
    for number, values in enumerate(reader):
        if number == want:
            row = dict(zip(header, values, strict=False))
            return wrap_text(
                _opt(row, spec.get("subject")) or "",
                _opt(row, spec.get("body")) or "",
                _opt(row, spec.get("from")),
                _opt(row, spec.get("date")),
                ident,
            )
    raise ExtractError(f"csv has no data row {want}")


def resolve_pointer(doc: Any, pointer: str) -> Any:
    """Resolve an RFC 6901 JSON pointer."""
    if pointer == "":
        return doc
    if not pointer.startswith("/"):
        raise ExtractError(f"bad JSON pointer {pointer!r}")
    node = doc
    for raw in pointer[1:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(token)]
        elif isinstance(node, dict):
            node = node[token]
        else:
            raise ExtractError(f"pointer {pointer!r} runs past a scalar")
    return node


def _field(obj: dict[str, Any], key: str | None) -> str | None:
    """A key of obj, or a JSON pointer into obj when key starts with '/'."""
    if not key:
        return None
    value = resolve_pointer(obj, key) if key.startswith("/") else obj.get(key)
    if value is None:
        return None
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def extract_json(blob: bytes, spec: dict[str, Any], ident: str) -> bytes:
    """Wrap the object at ``pointer`` of a JSON blob (or of line N of JSONL)."""
    text = _text(blob)
    if "line" in spec:
        lines = text.splitlines()
        doc = json.loads(lines[int(spec["line"])])
    else:
        doc = json.loads(text)
    obj = resolve_pointer(doc, spec.get("pointer", ""))
    if not isinstance(obj, dict):
        raise ExtractError("JSON pointer does not name an object")
    return wrap_text(
        _field(obj, spec.get("subject")) or "",
        _field(obj, spec.get("body")) or "",
        _field(obj, spec.get("from")),
        _field(obj, spec.get("date")),
        ident,
    )


def extract_text(blob: bytes, spec: dict[str, Any], ident: str) -> bytes:
    """Wrap bytes [start, end) of a text blob (``"unquote": true``: without the "> " that
    quotes each line)."""
    start, end = int(spec["start"]), int(spec["end"])
    if not 0 <= start < end <= len(blob):
        raise ExtractError(f"text range {start}:{end} outside blob of {len(blob)}")
    body = blob[start:end].decode("utf-8", errors="replace")
    if spec.get("unquote"):  # a mail a blog post quotes as a Markdown blockquote
        body = re.sub(r"(?m)^> ?", "", body)
    subject = spec.get("subject") or ""
    html = bool(spec.get("html"))
    if spec.get("render"):
        body, subject = render_template(body), render_template(subject)
        html = html or looks_html(body)
    return wrap_text(subject, body, spec.get("from"), spec.get("date"), ident, html=html)


def extract(blob: bytes, entry: dict[str, Any]) -> bytes:
    """Apply an entry's extract spec to its blob."""
    spec = entry["extract"]
    kind = spec["type"]
    ident = entry["id"]
    if kind == "file":
        return blob
    if kind == "mbox":
        return extract_mbox(blob, int(spec["index"]))
    if kind == "csv":
        return extract_csv(blob, spec, ident)
    if kind == "json":
        return extract_json(blob, spec, ident)
    if kind == "text":
        return extract_text(blob, spec, ident)
    raise ExtractError(f"unknown extract type {kind!r}")


def iter_manifest(manifest_dir: Path) -> Iterator[tuple[Path, int, dict[str, Any]]]:
    """Yield (manifest path, line number, entry) for every manifest*.jsonl."""
    for path in sorted(manifest_dir.glob("manifest*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for number, raw in enumerate(fh, 1):
                text = raw.strip()
                if text:
                    yield path, number, json.loads(text)


class BlobCache:
    """Caches blobs so large CSV/JSON files are read from git once."""

    def __init__(self, mirror: Path) -> None:
        self.mirror = mirror
        self.blobs: dict[tuple[str, str, str], tuple[bytes, bool]] = {}
        self.missing: set[str] = set()

    def get(self, entry: dict[str, Any]) -> tuple[bytes, bool] | None:
        source = entry["source"]
        key = (source, entry["commit"], entry["path"])
        if key in self.blobs:
            return self.blobs[key]
        git_dir = find_git_dir(self.mirror, source)
        if git_dir is None:
            if source not in self.missing:
                self.missing.add(source)
                print(f"MISSING snapshot for {source}: run  fetch {source}")
            return None
        self.blobs[key] = read_blob(git_dir, entry["commit"], entry["path"])
        return self.blobs[key]


def build_one(entry: dict[str, Any], cache: BlobCache) -> bytes | None:
    """Return the rebuilt message bytes of one entry, or None if unavailable."""
    got = cache.get(entry)
    if got is None:
        return None
    blob, exact = got
    if not exact:
        print(f"WARNING {entry['id']}: commit {entry['commit']} absent, used HEAD")
    return extract(blob, entry)


def print_table(counts: dict[str, Counter[str]]) -> None:
    """Print label x language counts."""
    langs = sorted({lang for c in counts.values() for lang in c})
    head = f"{'label':<20}" + "".join(f"{lang:>6}" for lang in langs) + f"{'total':>7}"
    print(head)
    print("-" * len(head))
    grand: Counter[str] = Counter()
    for label in sorted(counts, key=lambda x: (LABELS.index(x) if x in LABELS else 99, x)):
        row = counts[label]
        grand.update(row)
        cells = "".join(f"{row.get(lang, 0):>6}" for lang in langs)
        print(f"{label:<20}{cells}{sum(row.values()):>7}")
    print("-" * len(head))
    cells = "".join(f"{grand.get(lang, 0):>6}" for lang in langs)
    print(f"{'total':<20}{cells}{sum(grand.values()):>7}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--manifest-dir", type=Path, default=HERE)
    parser.add_argument(
        "--only-missing", action="store_true", help="only build entries whose .eml does not exist yet"
    )
    parser.add_argument("--check", action="store_true", help="verify sha256 only, write nothing")
    args = parser.parse_args(argv)

    cache = BlobCache(args.mirror)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    seen: set[str] = set()
    written = mismatches = failures = skipped = 0
    for manifest, number, entry in iter_manifest(args.manifest_dir):
        ident, label = entry["id"], entry["label"]
        where = f"{manifest.name}:{number} {ident}"
        if ident in seen:
            print(f"DUPLICATE id {where}")
            failures += 1
            continue
        seen.add(ident)
        if label not in LABELS:
            print(f"UNKNOWN label {label!r} at {where}")
        target = args.out / label / f"{ident}.eml"
        if args.only_missing and target.exists():
            data: bytes | None = target.read_bytes()
        else:
            try:
                data = build_one(entry, cache)
            except (ExtractError, KeyError, ValueError, IndexError) as exc:
                print(f"FAILED {where}: {exc}")
                failures += 1
                continue
        if data is None:
            skipped += 1
            continue
        digest = hashlib.sha256(data).hexdigest()
        if entry.get("sha256") and digest != entry["sha256"]:
            print(f"SHA MISMATCH {where}: got {digest}")
            mismatches += 1
        elif not entry.get("sha256"):
            print(f"NO sha256 in manifest for {where} (got {digest})")
        counts[label][entry.get("lang", "?")] += 1
        if not args.check and not (args.only_missing and target.exists()):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written += 1
    print_table(counts)
    print(
        f"written={written} mismatches={mismatches} failures={failures} skipped(missing snapshot)={skipped}"
    )
    return 1 if mismatches or failures else 0


if __name__ == "__main__":
    sys.exit(main())
