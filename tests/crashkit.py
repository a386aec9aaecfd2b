"""Helpers for the crash-safety and fault tests: run `followupd once` as a real subprocess (so
SIGKILL is a real power cut), build mailboxes with several applications, and check the invariants
that must hold after any crash once a clean run has completed."""

from __future__ import annotations

import email
import email.policy
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from conftest import Account
from mailgen import fill_maildir, invitation

from followupd.adapters.store.sqlite import open_store
from followupd.config.loader import load
from followupd.core.model import DraftStatus

AFTER_INTERVIEW = "2026-03-03T17:30+01:00"
BEFORE_INTERVIEW = "2026-03-02T10:00+01:00"
SOAK = os.environ.get("FOLLOWUPD_SOAK") == "1"


def run_once(config: Path, now: str, *, crash_point: str = "", kill_after: float | None = None,
             timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m followupd once --now NOW`; with ``kill_after`` SIGKILL it after that many
    seconds (if still running). Returns the completed process (returncode -9 when killed)."""
    env = {k: v for k, v in os.environ.items() if k != "FOLLOWUPD_CRASH_POINT"}
    if crash_point:
        env["FOLLOWUPD_CRASH_POINT"] = crash_point
    argv = [sys.executable, "-m", "followupd", "--config", str(config), "once", "--now", now]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if kill_after is not None:
        try:
            proc.wait(kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(argv, proc.returncode, out, err)


def company_invitation(i: int) -> bytes:
    """The Acme invitation, re-branded as company ``i`` (own domain: its own application)."""
    raw = invitation(message_id=f"<invite-{i}@co{i}.example>", uid=f"iv-{i}@co{i}.example")
    return raw.replace(b"acme.example", f"co{i}.example".encode()).replace(
        b"Acme", f"Company{i}".encode())


def fill_inbox(account: Account, count: int) -> None:
    """``count`` plain messages written straight into the user's Maildir."""
    account.folder_uids("INBOX")  # creates the maildir
    mail = account.server.mail_root / account.user
    stat = mail.stat()
    fill_maildir(mail, count, stat.st_uid, stat.st_gid)


def user_mail(account: Account) -> dict[str, dict[int, tuple[tuple[bytes, ...], bytes]]]:
    return {k: v for k, v in account.snapshot().items() if k != "Drafts"}


@dataclass(frozen=True)
class DraftsSeen:
    tokens: list[str]
    stages: list[tuple[str, str]]  # (In-Reply-To, X-Followupd-Stage)


def drafts_on_server(account: Account) -> DraftsSeen:
    tokens, stages = [], []
    for _uid, (_flags, raw) in sorted(account.snapshot().get("Drafts", {}).items()):
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        tokens.append(str(msg.get("X-Followupd-Token", "")))
        stages.append((str(msg.get("In-Reply-To", "")), str(msg.get("X-Followupd-Stage", ""))))
    return DraftsSeen(tokens, stages)


def assert_consistent(account: Account, config: Path, *, expected_drafts: int) -> None:
    """Exactly ``expected_drafts`` drafts, one per (thread, stage); every open record in the
    store is in Drafts under its token and every draft in Drafts has a record."""
    seen = drafts_on_server(account)
    assert len(seen.tokens) == expected_drafts, seen
    assert len(set(seen.stages)) == len(seen.stages), f"two drafts for one stage: {seen.stages}"
    assert len(set(seen.tokens)) == len(seen.tokens)
    with open_store(load(config).state_path, lock=False) as store:
        drafts = store.drafts()
    open_tokens = {d.token for d in drafts if d.status in (DraftStatus.APPENDED, DraftStatus.EDITED)}
    assert not [d for d in drafts if d.status is DraftStatus.INTENDED], "an intent left unfinished"
    assert open_tokens == set(seen.tokens)
    assert len({(d.application_id, d.stage) for d in drafts}) == len(drafts)


def timed(fn: object) -> float:
    start = time.monotonic()
    fn()  # type: ignore[operator]
    return time.monotonic() - start
