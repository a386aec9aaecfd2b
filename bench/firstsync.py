"""The first sync of a realistic work mailbox, side by side with a bare imapclient header loop.

    .venv/bin/python bench/firstsync.py [--messages 100000] [--small 1000] [--limit-minutes 30]
    PYTHONPATH=/path/to/other/checkout .venv/bin/python bench/firstsync.py ...   # "before"

One run, one throwaway Dovecot (tests/dovecot.py), a mailbox from ``bench/workmail.py`` written
straight into its Maildir (mtime = arrival = internal date). Reports:

  bare       a bare imapclient loop fetching BODY.PEEK[HEADER] RFC822.SIZE FLAGS of every message
             (after one untimed pass that builds Dovecot's index)
  answer     time to first answer: `Runner.once` (first pass: sync INBOX and Sent, plan, drafts)
             in a child process with a fresh state; ratio to the bare loop
  backfill   time until the older mail is read too (``Runner.backfill.run``; absent before it
             existed: then the first pass read everything)
  read       per-message CPU cost of ``understand`` (the detector on) on generated 28 KB
             business messages of the kinds the sync reads in full (no bulk newsletters),
             median / p95
  rss        peak RSS (VmHWM) of that child; bodies fetched, bodies peeked (their first 4 KB
             only, app.peek) and messages examined
  status     `followupd status` on the resulting state (a separate process)
  nothing    a sync with nothing new, small vs big mailbox (medians of 60, taken in turns)

The followupd code measured is whatever ``import followupd`` finds (PYTHONPATH first), so the
same script measures main and a branch. JSON goes to bench/results/ (not committed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import imapclient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from dovecot import PASSWORD, DovecotServer, make_server, remove_server  # noqa: E402
from run import nothing_new_pair, percentile, write_config  # noqa: E402
from workmail import USER, business_message, messages  # noqa: E402

import followupd  # noqa: E402

NOW = dt.datetime(2026, 3, 3, 17, 30, tzinfo=dt.UTC)

# In a child, so its peak RSS is the sync's own. Prints one JSON line per phase.
CHILD = """
import json, re, sys, time, datetime as dt
from pathlib import Path
from followupd.config.loader import load
from followupd.app.runner import Runner
from followupd.adapters.store.sqlite import open_store
cfg = load(Path(sys.argv[1]))
now = dt.datetime.fromisoformat(sys.argv[2])
def rss():
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)) / 1024
t0 = time.perf_counter()
def progress(folder, done, total):
    print(json.dumps({"phase": "progress", "folder": folder, "done": done, "total": total,
                      "seconds": time.perf_counter() - t0}), flush=True)
with open_store(cfg.state_path) as store:
    runner = Runner(cfg, store, progress=progress)
    runner.connect()
    counted = {"examined": 0, "bodies": 0, "peeked": 0}
    sync_inbox = runner.sync_inbox
    def counting(now):
        report = sync_inbox(now)
        counted["examined"] += report.examined
        counted["bodies"] += report.bodies
        counted["peeked"] += getattr(report, "peeked", 0)  # bodies peeked (absent before peeks)
        return report
    runner.sync_inbox = counting
    start = time.perf_counter()
    runner.once(now)
    seconds = time.perf_counter() - start
    apps = store.applications()  # what the first answer found: not fast by finding nothing
    print(json.dumps({"phase": "answer", "seconds": seconds, **counted, "rss_mb": rss(),
                      "applications": len(apps), "drafts": sum(len(a.drafts) for a in apps),
                      "largest_application_messages": max((len(a.message_ids) for a in apps),
                                                          default=0),
                      "by_application": sorted(f"{a.company}: {a.state}, {len(a.message_ids)} "
                                               f"messages, {len(a.drafts)} drafts" for a in apps)}),
          flush=True)
    backfill = getattr(runner, "backfill", None)
    if backfill is not None:
        start = time.perf_counter()
        backfill.run(now)
        print(json.dumps({"phase": "backfill", "seconds": time.perf_counter() - start,
                          "examined": backfill.examined, "bodies": backfill.bodies,
                          "rss_mb": rss()}), flush=True)
    runner.close()
"""


def fill(server: DovecotServer, user: str, count: int, seed: int) -> dict[str, Any]:
    """Write ``count`` generated messages into ``user``'s INBOX Maildir, oldest first."""
    client = imapclient.IMAPClient(server.host, port=server.port, ssl=False)
    client.login(user, PASSWORD)
    client.select_folder("INBOX")  # creates the maildir
    client.logout()
    cur = server.maildir(user) / "cur"
    owner = cur.stat()
    sizes = []
    jobs = 0
    for n, (arrived, raw) in enumerate(messages(count, NOW, seed=seed,
                                               jobs=max(1, min(300, count // 100)))):
        stamp = int(arrived.timestamp())
        path = cur / f"{stamp}.M{n}P{os.getpid()}.bench,S={len(raw)}:2,S"
        path.write_bytes(raw)
        os.chown(path, owner.st_uid, owner.st_gid)
        os.utime(path, (stamp, stamp))
        sizes.append(len(raw))
        jobs += b"@greenhouse.example" in raw or b"talent@" in raw
    return {"messages": count, "median_kb": round(statistics.median(sizes) / 1024, 1),
            "total_mb": round(sum(sizes) / 2**20), "job_mails": jobs}


def bare_loop(server: DovecotServer, user: str) -> float:
    client = imapclient.IMAPClient(server.host, port=server.port, ssl=False, timeout=300)
    client.login(user, PASSWORD)
    start = time.perf_counter()
    client.select_folder("INBOX", readonly=True)
    uids = sorted(client.search(["UID", "1:*"]))
    for i in range(0, len(uids), 500):
        client.fetch(uids[i:i + 500], [b"BODY.PEEK[HEADER]", b"RFC822.SIZE", b"FLAGS"])
    seconds = time.perf_counter() - start
    client.logout()
    return seconds


def bare_nothing_new(server: DovecotServer, user: str, repeat: int = 20) -> float:
    """The server's own share of a nothing-new check: NOOP + UID SEARCH above the highest UID on
    a folder left open read-only, median of ``repeat`` (what followupd sends, bare)."""
    client = imapclient.IMAPClient(server.host, port=server.port, ssl=False)
    client.login(user, PASSWORD)
    client.select_folder("INBOX", readonly=True)
    top = max(client.search(["ALL"]) or [0])
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.noop()
        client.search(["UID", f"{top + 1}:*"])
        times.append(time.perf_counter() - start)
    client.logout()
    return statistics.median(times)


def followupd_pass(config: Path, limit_s: float) -> dict[str, Any]:
    # cwd "/": ``-c`` and ``-m`` put the working directory first on sys.path, and the code
    # measured must be the one PYTHONPATH (or the installed package) names.
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(config), NOW.isoformat()],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd="/")
    try:
        out, err = proc.communicate(timeout=limit_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return {"timed_out_after_s": limit_s, **_phases(out)}
    if proc.returncode:
        raise RuntimeError(err[-3000:])
    return _phases(out)


def _phases(out: str) -> dict[str, Any]:
    """The child's last line of each phase (progress: how far it got)."""
    return {d.pop("phase"): d for d in (json.loads(line) for line in out.splitlines()
                                       if line.startswith("{"))}


def status_seconds(config: Path) -> float:
    """`followupd status` on the state the pass left (a separate process, as a user runs it)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "followupd", "--config", str(config), "status"],
                   capture_output=True, check=True, timeout=600, cwd="/")
    return time.perf_counter() - start


def read_cost(count: int = 300) -> dict[str, float]:
    """``understand`` with the detector on generated 28 KB messages (plain, text+HTML, with an
    attachment): the kinds the sync reads in full."""
    from followupd.adapters.detector import load_classifier  # noqa: PLC0415
    from followupd.mail import understand  # noqa: PLC0415

    rng = random.Random(28)
    shapes = ["plain", "alternative", "attachment"]
    raws = [business_message(rng, n, NOW, 28_000, shape=shapes[n % 3]) for n in range(count)]
    classifier = load_classifier()
    for raw in raws[:10]:
        understand(raw, classifier=classifier, default_tz="Europe/Berlin")
    times = []  # CPU time of this thread: the machine is shared, wall time is noisy
    for raw in raws:
        start = time.thread_time()
        understand(raw, classifier=classifier, default_tz="Europe/Berlin")
        times.append((time.thread_time() - start) * 1000)
    return {"median_ms": round(statistics.median(times), 2), "p95_ms": round(percentile(times, 95), 2),
            "median_kb": round(statistics.median(len(r) for r in raws) / 1024, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--limit-minutes", type=float, default=30,
                        help="stop followupd's pass after this long (reported as timed out)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    results: dict[str, Any] = {"code": str(Path(followupd.__file__).parent.parent),
                               "code_in_child": subprocess.run(
                                   [sys.executable, "-c", "import followupd; print(followupd.__file__)"],
                                   capture_output=True, text=True, check=True, cwd="/").stdout.strip(),
                               "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                               "cpus": os.cpu_count(), "read": read_cost()}
    print(f"read cost: {results['read']}", flush=True)
    server = make_server()
    server.start()
    work = server.root / "bench"
    try:
        start = time.perf_counter()
        results["mailbox"] = fill(server, "big", args.messages, seed=1)
        fill(server, "small", args.small, seed=2)
        results["generate_s"] = round(time.perf_counter() - start, 1)
        print(f"generated: {results['mailbox']} in {results['generate_s']} s", flush=True)
        bare_loop(server, "big")  # builds Dovecot's index: untimed
        bare_loop(server, "small")
        results["bare_s"] = round(bare_loop(server, "big"), 2)
        big = write_config(server, "big", work / "big", email=USER)
        small = write_config(server, "small", work / "small", email=USER)
        results["followupd"] = followupd_pass(big, args.limit_minutes * 60)
        followupd_pass(small, args.limit_minutes * 60)
        if "timed_out_after_s" not in results["followupd"]:
            results["status_s"] = round(status_seconds(big), 2)
            n_big, n_small = nothing_new_pair(big, small)
            results["nothing_new"] = {"small_ms": round(n_small * 1000, 2),
                                      "big_ms": round(n_big * 1000, 2),
                                      "ratio": round(n_big / n_small, 2),
                                      "bare_small_ms": round(bare_nothing_new(server, "small") * 1000, 2),
                                      "bare_big_ms": round(bare_nothing_new(server, "big") * 1000, 2)}
    finally:
        remove_server(server)
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"firstsync-{results['started'].replace(':', '')}-{args.messages}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
