"""Names of the headers followupd writes into its drafts, in one place.

The token header identifies our drafts (reconcile, Sent matching, ``understand`` classifying our
own drafts as ``Kind.OUR_DRAFT``); the stage header says which stage a draft is. Header names are
case-insensitive (RFC 5322 section 1.2.2); these are the spellings we write.
"""

from __future__ import annotations

import re

TOKEN_HEADER = "X-Followupd-Token"  # noqa: S105 - a header name, not a secret
STAGE_HEADER = "X-Followupd-Stage"

# The notes draft's subject marker, "[followupd <application>/<round>]": how the notes are found
# again when a client drops our headers or the user sends the draft to themselves.
NOTES_MARK_RE = re.compile(r"\[followupd (\d{1,9})/(\d{1,6})\]")

TOKEN_RE = re.compile(rb"(?im)^" + re.escape(TOKEN_HEADER.encode()) + rb":[ \t]*([A-Za-z0-9_.-]+)")


def header_block(raw: bytes) -> bytes:
    return raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]


def token_of(raw: bytes) -> str:
    head = header_block(raw)
    match = TOKEN_RE.search(head)
    return match.group(1).decode("ascii") if match else ""
