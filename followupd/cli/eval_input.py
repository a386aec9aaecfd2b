"""The messages of one label folder of `followupd eval`, as a mail tool exports them.

Read, recursively: ``*.eml`` files (one message each); mbox files (``*.mbox``, or any file that
starts with an mbox ``From `` line, as Thunderbird keeps its folders): one message per entry;
Maildir files (in a ``cur/`` or ``new/`` folder, whatever their name); and files without a suffix
or with ``.txt`` whose first line is a header field. Hidden files and folders are passed over, and every other
file (indexes such as Thunderbird's ``.msf``, notes, spreadsheets) is counted as skipped, never
guessed at. Reading only: nothing is written or moved.
"""

from __future__ import annotations

import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MBOX_FROM = b"From "
_HEADER_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]+:")


@dataclass
class Skipped:
    """Files of a label folder that are not mail (relative names, for the report)."""

    files: list[str] = field(default_factory=list)


def messages_in(folder: Path, root: Path, skipped: Skipped) -> Iterator[tuple[str, bytes]]:
    """(name relative to ``root``, raw message) for each message under ``folder``, in name
    order; an mbox entry is named ``file#N`` (from 1)."""
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        kind = _kind_of(path)
        if kind == "message":
            yield str(rel), path.read_bytes()
        elif kind == "mbox":
            box = mailbox.mbox(path, create=False)
            try:
                for number, key in enumerate(box.keys(), start=1):
                    yield f"{rel}#{number}", box.get_bytes(key)
            finally:
                box.close()
        else:
            skipped.files.append(str(rel))


def _kind_of(path: Path) -> str:
    """``message``, ``mbox`` or ``other``."""
    if path.suffix.lower() == ".eml":
        return "message"
    with path.open("rb") as handle:
        head = handle.readline(1000)
    if path.suffix.lower() == ".mbox" or head.startswith(MBOX_FROM):
        return "mbox"
    if path.parent.name in ("cur", "new") or (path.suffix.lower() in ("", ".txt")
                                              and _HEADER_LINE.match(head)):
        return "message"
    return "other"
