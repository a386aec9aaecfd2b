"""What each "anything new?" command costs Dovecot, small vs big mailbox (issue 13's
nothing-new ratio, taken apart).

    .venv/bin/python bench/imapcost.py [--messages 100000] [--small 1000] [--rounds 200]

One throwaway Dovecot (tests/dovecot.py), two INBOXes filled by ``bench/firstsync.fill``
(the generated work mailbox). Each command is timed on a folder left open read-only (EXAMINE),
as the daemon leaves it between syncs, ``--rounds`` times, big and small in turns so that a busy
moment of this shared machine falls on both alike; the medians and their ratio are reported:

  noop           NOOP
  search         UID SEARCH UID top+1:*
  noop+search    what followupd sends (``mailbox.anything_above``)
  fetch          NOOP, then UID FETCH top+1:* (UID): the other way to ask
  check          CHECK
  status         STATUS INBOX (UIDNEXT) on the open folder
  idle           IDLE, then DONE at once
  examine        EXAMINE INBOX again (what a sync on a closed folder costs)

And one fact the choice rests on: after another connection APPENDs a message, does
UID SEARCH (or UID FETCH) on the open folder see it without a NOOP first? The answer is
printed and stored as ``visible_without_noop``. JSON goes to bench/results/ (not committed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import imapclient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from dovecot import PASSWORD, DovecotServer, make_server, remove_server  # noqa: E402
from firstsync import bare_loop, fill  # noqa: E402

Probe = Callable[[imapclient.IMAPClient, int], object]


def _uid_fetch(client: imapclient.IMAPClient, top: int) -> list[object]:
    """UID FETCH top+1:* (UID), raw: imapclient's ``fetch`` wants the UIDs it asks for."""
    typ, data = client._imap.uid("FETCH", f"{top + 1}:*", "(UID)")
    return [item for item in data if item] if typ == "OK" else []


def _idle(client: imapclient.IMAPClient, top: int) -> object:
    client.idle()
    return client.idle_done()


PROBES: dict[str, Probe] = {
    "noop": lambda c, top: c.noop(),
    "search": lambda c, top: c.search(["UID", f"{top + 1}:*"]),
    "noop+search": lambda c, top: (c.noop(), c.search(["UID", f"{top + 1}:*"])),
    "fetch": lambda c, top: (c.noop(), _uid_fetch(c, top)),
    "check": lambda c, top: c._imap._simple_command("CHECK"),  # imapclient has no check()
    "status": lambda c, top: c.folder_status("INBOX", [b"UIDNEXT"]),
    "idle": _idle,
    "examine": lambda c, top: c.select_folder("INBOX", readonly=True),
}


def open_inbox(server: DovecotServer, user: str) -> tuple[imapclient.IMAPClient, int]:
    client = imapclient.IMAPClient(server.host, port=server.port, ssl=False, timeout=300)
    client.login(user, PASSWORD)
    client.select_folder("INBOX", readonly=True)
    return client, max(client.search(["ALL"]) or [0])


def measure(server: DovecotServer, big: str, small: str, rounds: int) -> dict[str, Any]:
    """Median milliseconds of every probe on both mailboxes, taken in turns."""
    sessions = [open_inbox(server, big), open_inbox(server, small)]
    results: dict[str, Any] = {}
    for name, probe in PROBES.items():
        times: tuple[list[float], list[float]] = ([], [])
        for client, top in sessions:
            probe(client, top)  # warm-up, untimed
        for _ in range(rounds):
            for (client, top), taken in zip(sessions, times, strict=True):
                start = time.perf_counter()
                probe(client, top)
                taken.append((time.perf_counter() - start) * 1000)
        big_ms, small_ms = statistics.median(times[0]), statistics.median(times[1])
        results[name] = {"big_ms": round(big_ms, 3), "small_ms": round(small_ms, 3),
                         "ratio": round(big_ms / small_ms, 2)}
        print(f"{name:12} {small_ms:9.3f} ms {big_ms:9.3f} ms  {big_ms / small_ms:6.2f}x", flush=True)
    for client, _ in sessions:
        client.logout()
    return results


def visible_without_noop(server: DovecotServer, user: str) -> dict[str, bool]:
    """APPEND from a second connection; ask the open folder before and after a NOOP."""
    watcher, top = open_inbox(server, user)
    writer = imapclient.IMAPClient(server.host, port=server.port, ssl=False)
    writer.login(user, PASSWORD)
    writer.append("INBOX", b"From: a@example.org\r\nSubject: new\r\n\r\nnew\r\n")
    writer.logout()
    seen = {"search": bool(watcher.search(["UID", f"{top + 1}:*"])),
            "fetch": any(f"UID {top + 1}".encode() in item  # n:* names the top one too
                          for item in _uid_fetch(watcher, top) if isinstance(item, bytes))}
    watcher.noop()
    seen["search_after_noop"] = bool(watcher.search(["UID", f"{top + 1}:*"]))
    watcher.logout()
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    results: dict[str, Any] = {"started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                               "rounds": args.rounds}
    server = make_server()
    server.start()
    try:
        results["mailbox"] = fill(server, "big", args.messages, seed=1)
        fill(server, "small", args.small, seed=2)
        for user in ("big", "small"):
            bare_loop(server, user)  # builds Dovecot's index: untimed
        print(f"{'command':12} {args.small:>9} msgs {args.messages:>6} msgs  ratio", flush=True)
        results["commands"] = measure(server, "big", "small", args.rounds)
        results["visible_without_noop"] = {user: visible_without_noop(server, user)
                                           for user in ("big", "small")}
        print(f"a message APPENDed by another connection, seen by the open folder: "
              f"{results['visible_without_noop']}")
    finally:
        remove_server(server)
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"imapcost-{results['started'].replace(':', '')}-{args.messages}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
