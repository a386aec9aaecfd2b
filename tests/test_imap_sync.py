"""Incremental, read-only sync against a real Dovecot."""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import email.utils
import functools
from pathlib import Path

import pytest
from conftest import Account, new_account
from dovecot import make_server, remove_server
from mailgen import fill_maildir, message

from followupd.adapters import credentials
from followupd.adapters.imap.mailbox import ImapMailbox
from followupd.adapters.store.sqlite import open_store
from followupd.app.sync import sync_folder
from followupd.config import loader as config
from followupd.core.errors import AuthenticationError, FolderError
from followupd.core.model import Address, Kind, MessageFacts

NOW = dt.datetime(2026, 3, 3, 10, 0, tzinfo=dt.UTC)


def headers_only(raw: bytes) -> MessageFacts:
    """A stand-in reader: sync is tested independently of classification."""
    msg = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)
    name, addr = email.utils.parseaddr(str(msg.get("From", "")))
    return MessageFacts(str(msg.get("Message-ID", "")).strip(), str(msg.get("Subject", "")),
                        Address(name, addr.lower()), kind=Kind.UNCLASSIFIED)


def connect(cfg_path: Path) -> tuple[config.Config, ImapMailbox]:
    cfg = config.load(cfg_path)
    return cfg, ImapMailbox.connect(cfg.imap, functools.partial(credentials.for_imap, cfg.imap))


def run_sync(cfg: config.Config, mailbox: ImapMailbox, folder: str = "INBOX"):  # type: ignore[no-untyped-def]
    with open_store(cfg.state_path) as store:
        return sync_folder(mailbox, store, folder, understand=headers_only, now=NOW,
                           want_bodies=True, max_body_bytes=cfg.imap.max_body_bytes)


def test_first_sync_records_every_message_and_the_second_fetches_nothing(
    account: Account, make_config
) -> None:
    for i in range(5):
        account.deliver(message(i))
    cfg, mailbox = connect(make_config(account))
    try:
        first = run_sync(cfg, mailbox)
        second = run_sync(cfg, mailbox)
    finally:
        mailbox.logout()
    assert (first.examined, first.recorded, first.bodies) == (5, 5, 5)
    assert (second.examined, second.recorded) == (0, 0)


def test_incremental_sync_reads_only_new_messages(account: Account, make_config) -> None:
    account.deliver(message(1))
    cfg, mailbox = connect(make_config(account))
    try:
        run_sync(cfg, mailbox)
        account.deliver(message(2))
        account.deliver(message(3))
        report = run_sync(cfg, mailbox)
    finally:
        mailbox.logout()
    assert report.examined == 2
    assert report.new_message_ids == [
        message(2).split(b"Message-ID: ")[1].split(b"\r\n")[0].decode(),
        message(3).split(b"Message-ID: ")[1].split(b"\r\n")[0].decode(),
    ]


def test_uidvalidity_change_rescans_without_duplicates(account: Account, make_config) -> None:
    for i in range(3):
        account.deliver(message(i))
    cfg, mailbox = connect(make_config(account))
    try:
        run_sync(cfg, mailbox)
        mailbox.logout()
        account.server.doveadm("mailbox", "update", "-u", account.user, "--uid-validity", "4242", "INBOX")
        account.deliver(message(99))
        cfg, mailbox = connect(make_config(account))
        report = run_sync(cfg, mailbox)
    finally:
        mailbox.logout()
    assert report.rescanned
    assert report.examined == 4
    assert report.recorded == 1  # only the genuinely new one
    with open_store(cfg.state_path) as store:
        assert store.message_count("INBOX") == 4
        cursor = store.cursor("INBOX")
        assert cursor is not None
        assert cursor.uidvalidity == 4242


def test_sync_changes_no_flag_and_no_byte_of_the_users_mail(account: Account, make_config) -> None:
    account.deliver(message(1))
    account.deliver(message(2), flags=(b"\\Seen",))
    account.deliver(message(3), flags=(b"\\Flagged", b"\\Answered"))
    account.deliver(message(4, subject="sent by me"), folder="Sent", flags=(b"\\Seen",))
    before = account.snapshot()
    cfg, mailbox = connect(make_config(account))
    try:
        run_sync(cfg, mailbox)
        run_sync(cfg, mailbox, "Sent")
    finally:
        mailbox.logout()
    assert account.snapshot() == before
    assert before["INBOX"][1][0] == ()  # still unseen


def test_oversized_messages_are_read_only_up_to_the_cap(account: Account, make_config) -> None:
    account.deliver(message(1, body="x" * 50_000 + "\n"))
    account.deliver(message(2))
    cfg, mailbox = connect(make_config(account, imap={"max_body_bytes": 10_000}))
    sizes: list[int] = []

    def measuring(raw: bytes) -> MessageFacts:
        sizes.append(len(raw))
        return headers_only(raw)

    try:
        with open_store(cfg.state_path) as store:
            report = sync_folder(mailbox, store, "INBOX", understand=measuring, now=NOW,
                                 want_bodies=True, max_body_bytes=10_000)
    finally:
        mailbox.logout()
    assert (report.examined, report.bodies) == (2, 2)
    assert sizes[0] == 10_000  # the start of the big one, not its 50 kB
    assert sizes[1] == len(message(2))


def test_folders_are_found_by_special_use(account: Account, make_config) -> None:
    _cfg, mailbox = connect(make_config(account))
    try:
        folders = mailbox.discover_folders()
    finally:
        mailbox.logout()
    assert (folders.inbox, folders.sent, folders.drafts) == ("INBOX", "Sent", "Drafts")
    assert folders.how["drafts"] == "SPECIAL-USE \\Drafts"


@pytest.mark.dovecot  # starts a server of its own, without SPECIAL-USE
def test_folders_are_found_by_usual_names_without_special_use(tmp_path: Path, make_config) -> None:
    server = make_server(special_use=False)
    try:
        server.start()
        account = new_account(server)
        _cfg, mailbox = connect(make_config(account))
        try:
            folders = mailbox.discover_folders()
            assert (folders.sent, folders.drafts) == ("Sent Items", "Draft")
            assert folders.how["drafts"] == "usual name"
        finally:
            mailbox.logout()
        _cfg, mailbox = connect(make_config(account, imap={"drafts": "Entwuerfe"}))
        try:
            assert mailbox.discover_folders().drafts == "Entwuerfe"
        finally:
            mailbox.logout()
    finally:
        remove_server(server)


def test_a_configured_folder_that_does_not_exist_is_named(account: Account, make_config) -> None:
    _cfg, mailbox = connect(make_config(account, imap={"drafts": "Nope"}))
    try:
        with pytest.raises(FolderError, match="'Nope' does not exist"):
            mailbox.discover_folders()
    finally:
        mailbox.logout()


def test_wrong_password_is_an_authentication_error(account: Account, make_config, tmp_path: Path) -> None:
    path = make_config(account)
    (tmp_path / "imap-password").write_text("wrong\n")
    with pytest.raises(AuthenticationError, match="refused the login"):
        connect(path)


@pytest.mark.slow
def test_syncing_10k_messages_twice_fetches_nothing_the_second_time(
    account: Account, make_config
) -> None:
    account.folder_uids("INBOX")  # opening INBOX creates the maildir
    mail = account.server.mail_root / account.user
    stat = mail.stat()
    fill_maildir(mail, 10_000, stat.st_uid, stat.st_gid)
    cfg, mailbox = connect(make_config(account))
    try:
        first = run_sync(cfg, mailbox)
        second = run_sync(cfg, mailbox)
    finally:
        mailbox.logout()
    assert (first.examined, first.recorded) == (10_000, 10_000)
    assert (second.examined, second.recorded) == (0, 0)
    with open_store(cfg.state_path) as store:
        assert store.message_count() == 10_000
