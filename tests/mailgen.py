"""Small builders for test messages (literal RFC 5322 bytes)."""

from __future__ import annotations

import email.utils
import os
import time
from pathlib import Path


def message(n: int, *, subject: str = "", sender: str = "someone@example.com",
            to: str = "alice@example.org", body: str = "Hello.\n", extra: str = "") -> bytes:
    date = email.utils.format_datetime(email.utils.localtime())
    text = (
        f"From: Sender {n} <{sender}>\r\nTo: {to}\r\nSubject: {subject or f'Message {n}'}\r\n"
        f"Date: {date}\r\nMessage-ID: <msg{n}.{os.getpid()}@example.com>\r\n{extra}"
        f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}"
    )
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode()


def fill_maildir(maildir: Path, count: int, uid: int, gid: int, start: int = 0) -> None:
    """Write ``count`` messages straight into a Maildir (much faster than APPEND)."""
    cur = maildir / "cur"
    stamp = int(time.time())
    for i in range(start, start + count):
        data = message(i)
        (cur / f"{stamp}.M{i}P{os.getpid()}.test,S={len(data)}:2,S").write_bytes(data)
    for path in cur.iterdir():
        os.chown(path, uid, gid)
