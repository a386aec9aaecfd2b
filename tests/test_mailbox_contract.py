"""One contract for the Mailbox port (followupd.ports.Mailbox), run against the in-memory fake and a
real Dovecot, as vdirsyncer runs its storage tests against memory, filesystem and servers.

Each test pins one behaviour the app layer relies on. ``MailboxContract`` holds the tests; the two
classes below it only say how to get a fresh mailbox (``world``): a new fake, or a fresh Dovecot
user per test. A ``World`` is the mailbox under test plus what another mail client (the user, a
sender) does to the same account meanwhile.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import Account
from fakes.memory_mailbox import MemoryMailbox
from fakes.worlds import DovecotWorld, MemoryWorld, World

from followupd.core.draft_headers import TOKEN_HEADER
from followupd.core.errors import CommandRefused
from followupd.core.mailbox_types import Removal, content_hash
from followupd.ports import Mailbox

_serial = itertools.count(1)


def mail(subject: str = "Hello", *, token: str = "", body: str = "Some text.\n", lf: bool = False) -> bytes:
    n = next(_serial)
    head = ["From: Jane <jane@acme.example>", "To: me@example.org", f"Subject: {subject}",
            f"Message-ID: <m{n}@acme.example>", "Date: Tue, 03 Mar 2026 10:00:00 +0100"]
    if token:
        head.append(f"{TOKEN_HEADER}: {token}")
    text = "\n".join(head) + "\n\n" + body
    return text.encode() if lf else text.replace("\n", "\r\n").encode()


def unrecent(flags: tuple[bytes, ...]) -> tuple[bytes, ...]:
    return tuple(sorted(f for f in flags if f != b"\\Recent"))


class MailboxContract:
    @pytest.fixture
    def world(self) -> World:
        """A fresh, empty mailbox (INBOX, Drafts, Sent) and its user side: one per backend."""
        raise NotImplementedError

    @pytest.fixture
    def mb(self, world: World) -> Mailbox:
        return world.mailbox

    def test_folders_are_found_by_special_use(self, mb: Mailbox) -> None:
        folders = mb.discover_folders()
        assert (folders.inbox, folders.sent, folders.drafts) == ("INBOX", "Sent", "Drafts")
        assert folders.how["drafts"] == "SPECIAL-USE \\Drafts"
        assert folders.how["sent"] == "SPECIAL-USE \\Sent"

    def test_list_folders_names_every_folder_and_the_hierarchy_delimiter(self, mb: Mailbox) -> None:
        listing = mb.list_folders()
        assert {"INBOX", "Sent", "Drafts"} <= set(listing.names)
        assert listing.delimiter == "/"  # Dovecot as the tests configure it; Gmail's too

    def test_create_folder_creates_a_missing_folder_once_and_it_can_be_examined(
            self, mb: Mailbox) -> None:
        assert mb.create_folder("followupd") is True
        assert mb.create_folder("followupd/Track") is True
        assert mb.create_folder("followupd/Track") is False  # exists: nothing done
        assert {"followupd", "followupd/Track"} <= set(mb.list_folders().names)
        assert mb.examine("followupd/Track").exists == 0

    def test_append_returns_strictly_increasing_uids_with_the_draft_flag(self, world: World,
                                                                         mb: Mailbox) -> None:
        answers = [mb.append_draft("Drafts", mail(f"d{i}")) for i in range(3)]
        uids = [uid for uid in answers if uid is not None]  # APPENDUID (UIDPLUS) every time
        assert len(uids) == 3
        assert uids == sorted(set(uids))
        assert world.flags("Drafts") == dict.fromkeys(uids, (b"\\Draft",))

    def test_examine_reports_uidvalidity_uidnext_and_count(self, world: World, mb: Mailbox) -> None:
        first = world.deliver(mail())
        second = world.deliver(mail())
        status = mb.examine("INBOX")
        assert (status.name, status.exists, status.uidnext) == ("INBOX", 2, second + 1)
        assert status.uidvalidity > 0
        assert first < second
        assert mb.examine("Sent").uidvalidity != status.uidvalidity  # its own per folder

    def test_uids_are_per_folder_and_never_reused(self, world: World, mb: Mailbox) -> None:
        inbox = world.deliver(mail())
        assert world.deliver(mail(), "Sent") == inbox  # each folder counts on its own
        last = world.deliver(mail())
        world.user_delete("INBOX", last)
        assert world.deliver(mail()) > last

    def test_a_missing_folder_is_refused(self, mb: Mailbox) -> None:
        with pytest.raises(CommandRefused):
            mb.examine("No such folder")
        with pytest.raises(CommandRefused):
            mb.append_draft("No such folder", mail())

    def test_uids_above_never_returns_the_highest_uid_for_n_star(self, world: World, mb: Mailbox) -> None:
        uids = [world.deliver(mail()) for _ in range(3)]
        mb.examine("INBOX")
        assert mb.uids_above(0) == uids
        assert mb.uids_above(uids[0]) == uids[1:]
        # RFC 3501 6.4.8: "UID n:*" with n above the highest UID still matches the highest one.
        assert mb.uids_above(uids[-1]) == []
        assert mb.uids_above(uids[-1] + 10) == []

    def test_headers_come_with_size_flags_and_the_empty_line(self, world: World, mb: Mailbox) -> None:
        raw = mail("With flags")
        uid = world.deliver(raw, flags=(b"\\Seen", b"\\Flagged"))
        mb.examine("INBOX")
        (head,) = mb.fetch_headers([uid, uid + 5])  # a UID that does not exist is left out
        assert (head.uid, head.size) == (uid, len(raw))
        assert unrecent(head.flags) == (b"\\Flagged", b"\\Seen")
        assert head.header.endswith(b"\r\n\r\n")
        assert b"Subject: With flags" in head.header
        assert b"Some text" not in head.header

    def test_bare_lf_is_stored_and_served_as_crlf(self, world: World, mb: Mailbox) -> None:
        uid = world.deliver(mail("Unix", lf=True))
        mb.examine("INBOX")
        ((got, raw),) = mb.fetch_full([uid])
        assert got == uid
        assert b"\r\nSubject: Unix\r\n" in raw
        assert b"\n" not in raw.replace(b"\r\n", b"")
        assert next(iter(mb.fetch_headers([uid]))).size == len(raw)

    def test_fetch_start_caps_each_message_at_the_limit(self, world: World, mb: Mailbox) -> None:
        big = world.deliver(mail(body="x" * 5000 + "\n"))
        small = world.deliver(mail(body="short\n"))
        mb.examine("INBOX")
        parts = dict(mb.fetch_start([big, small], 1000))
        assert len(parts[big]) == 1000
        assert parts[big].startswith(b"From: Jane")
        ((_, whole),) = mb.fetch_full([small])
        assert parts[small] == whole  # shorter than the limit: all of it

    def test_fetch_text_start_is_the_body_without_its_header_capped_at_the_limit(
            self, world: World, mb: Mailbox) -> None:
        long = world.deliver(mail(body="y" * 5000 + "\n"))
        short = world.deliver(mail(body="short\n"))
        mb.examine("INBOX")
        parts = dict(mb.fetch_text_start([long, short, short + 7], 1000))
        assert set(parts) == {long, short}  # a UID that does not exist is left out
        assert parts[long] == b"y" * 1000
        assert parts[short] == b"short\r\n"  # shorter than the limit: all of it, CRLF as stored

    def test_fetch_text_start_of_a_multipart_begins_at_its_preamble_and_keeps_encodings(
            self, world: World, mb: Mailbox) -> None:
        body = ("This is a multi-part message in MIME format.\n--b1\n"
                "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
                "Caf=C3=A9 at 2pm=3F\n--b1\nContent-Type: text/html; charset=utf-8\n"
                "Content-Transfer-Encoding: base64\n\nPHA+SGk8L3A+\n--b1--\n")
        raw = mail(body=body).replace(
            b"Date:", b'Content-Type: multipart/alternative; boundary="b1"\r\nDate:')
        uid = world.deliver(raw)
        mb.examine("INBOX")
        ((got, text),) = mb.fetch_text_start([uid], 4096)
        assert got == uid
        assert text == body.replace("\n", "\r\n").encode()  # undecoded, as the server stores it
        ((_, cut),) = mb.fetch_text_start([uid], 60)
        assert cut == text[:60]

    def test_reading_never_changes_a_flag(self, world: World, mb: Mailbox) -> None:
        unseen = world.deliver(mail())
        seen = world.deliver(mail(), flags=(b"\\Seen",))
        own = mb.append_draft("Drafts", mail(token="tok1"))
        before = {f: world.flags(f) for f in ("INBOX", "Drafts")}
        mb.examine("INBOX")
        list(mb.fetch_headers([unseen, seen]))
        list(mb.fetch_full([unseen, seen]))
        list(mb.fetch_start([unseen], 10))
        list(mb.fetch_text_start([unseen, seen], 10))
        mb.tokens("Drafts")
        mb.own_drafts("Drafts")
        assert own is not None
        assert mb.content_hash_of("Drafts", own)
        assert {f: world.flags(f) for f in ("INBOX", "Drafts")} == before
        assert before["INBOX"][unseen] == ()

    def test_anything_above_only_answers_for_the_folder_left_open(self, world: World,
                                                                  mb: Mailbox) -> None:
        uid = world.deliver(mail())
        status = mb.examine("INBOX")
        assert mb.anything_above("INBOX", status.uidvalidity, uid) is False
        assert mb.anything_above("INBOX", status.uidvalidity, uid - 1) is True
        assert mb.anything_above("INBOX", status.uidvalidity + 1, uid) is None  # renumbered
        assert mb.anything_above("Sent", status.uidvalidity, 0) is None  # not the open folder
        mb.examine("Sent")
        assert mb.anything_above("INBOX", status.uidvalidity, uid) is None

    def test_anything_above_sees_mail_delivered_meanwhile(self, world: World, mb: Mailbox) -> None:
        uid = world.deliver(mail())
        status = mb.examine("INBOX")
        world.deliver(mail())  # by another client, while the folder is open here
        assert mb.anything_above("INBOX", status.uidvalidity, uid) is True
        assert mb.uids_above(uid) == [uid + 1]

    def test_tokens_are_found_by_our_header_only(self, world: World, mb: Mailbox) -> None:
        a = mb.append_draft("Drafts", mail(token="tok-a"))
        world.deliver(mail("The user's own draft"), "Drafts", (b"\\Draft",))
        b = mb.append_draft("Drafts", mail(token="tok-b"))
        b2 = world.deliver(mail(token="tok-b"), "Drafts")  # a copy of ours, say by the client
        assert mb.tokens("Drafts") == {a: "tok-a", b: "tok-b", b2: "tok-b"}
        assert mb.find_token("Drafts", "tok-b") == [b, b2]
        assert mb.find_token("Drafts", "tok-none") == []

    def test_own_drafts_carry_the_content_hash_of_the_stored_bytes(self, world: World, mb: Mailbox) -> None:
        raw = mail("Thanks", token="tok-own", lf=True)
        uid = mb.append_draft("Drafts", raw)
        world.deliver(mail("not ours"), "Drafts")
        (own,) = mb.own_drafts("Drafts")
        assert (own.uid, own.token) == (uid, "tok-own")
        mb.examine("Drafts")
        ((_, stored),) = mb.fetch_full([own.uid])
        assert own.content_hash == content_hash(stored) == content_hash(raw)  # line endings do not count
        assert b"Subject: Thanks" in own.header
        assert b"\r\n\r\n" not in own.header

    def test_content_hash_of_is_of_the_stored_message_and_empty_when_gone(
        self, world: World, mb: Mailbox,
    ) -> None:
        raw = mail(token="tok-d")
        uid = mb.append_draft("Drafts", raw)
        assert uid is not None
        assert mb.content_hash_of("Drafts", uid) == content_hash(raw)
        world.user_delete("Drafts", uid)
        assert mb.content_hash_of("Drafts", uid) == ""

    def test_delete_own_draft_removes_only_that_uid(self, world: World, mb: Mailbox) -> None:
        raw = mail(token="tok-x")
        uid = mb.append_draft("Drafts", raw)
        twin = mb.append_draft("Drafts", raw)  # same token, same bytes, another UID
        other = world.deliver(mail(), "Drafts", (b"\\Draft",))
        inbox = world.deliver(mail())
        assert uid is not None
        assert mb.delete_own_draft("Drafts", uid, "tok-x", content_hash(raw)) is Removal.REMOVED
        assert sorted(world.flags("Drafts")) == [twin, other]
        assert list(world.flags("INBOX")) == [inbox]

    def test_delete_own_draft_keeps_an_edited_draft(self, world: World, mb: Mailbox) -> None:
        raw = mail(token="tok-e")
        uid = mb.append_draft("Drafts", raw)
        assert uid is not None
        edited = world.user_edit("Drafts", uid, raw.replace(b"Some text.", b"My own words."))
        assert mb.delete_own_draft("Drafts", edited, "tok-e", content_hash(raw)) is Removal.CHANGED
        assert list(world.flags("Drafts")) == [edited]

    def test_delete_own_draft_of_a_missing_or_foreign_message_is_gone(self, world: World,
                                                                      mb: Mailbox) -> None:
        raw = mail(token="tok-g")
        uid = mb.append_draft("Drafts", raw)
        foreign = world.deliver(mail("The user's"), "Drafts", (b"\\Draft",))
        assert uid is not None
        world.user_delete("Drafts", uid)
        assert mb.delete_own_draft("Drafts", uid, "tok-g", content_hash(raw)) is Removal.GONE
        assert mb.delete_own_draft("Drafts", foreign, "tok-g", content_hash(raw)) is Removal.GONE
        assert list(world.flags("Drafts")) == [foreign]

    def test_after_removing_a_draft_drafts_is_open_read_only_again(self, mb: Mailbox) -> None:
        raw = mail(token="tok-r")
        uid = mb.append_draft("Drafts", raw)
        assert uid is not None
        mb.delete_own_draft("Drafts", uid, "tok-r", content_hash(raw))
        status = mb.examine("Drafts")
        mb.examine("INBOX")
        mb.delete_own_draft("Drafts", uid, "tok-r", content_hash(raw))  # gone, but Drafts was opened
        assert mb.anything_above("Drafts", status.uidvalidity, 0) is False

    def test_a_recreated_folder_has_a_new_uidvalidity_and_new_uids(self, world: World,
                                                                  mb: Mailbox) -> None:
        uids = [mb.append_draft("Drafts", mail(token=f"tok-{i}")) for i in range(3)]
        assert uids[0] is not None
        world.user_delete("Drafts", uids[0])
        before = mb.examine("Drafts")
        mb.examine("INBOX")
        world.recreate("Drafts")
        after = mb.examine("Drafts")
        assert after.uidvalidity != before.uidvalidity
        assert mb.uids_above(0) == [1, 2]
        assert sorted(mb.tokens("Drafts").values()) == ["tok-1", "tok-2"]

    def test_capabilities_name_uidplus_and_idle(self, mb: Mailbox) -> None:
        assert {"UIDPLUS", "IDLE", "SPECIAL-USE"} <= mb.capabilities()
        assert mb.has_idle()
        mb.noop()
        mb.logout()


class TestMemoryMailbox(MailboxContract):
    @pytest.fixture
    def world(self) -> World:
        return MemoryWorld()


class TestDovecotMailbox(MailboxContract):
    @pytest.fixture
    def world(self, account: Account, make_config: Any) -> Iterator[World]:
        world = DovecotWorld(account, make_config(account))
        yield world
        world.mailbox.logout()


# -- what only the fake can show (Dovecot here always has UIDPLUS and IDLE) -------------------


def test_without_uidplus_a_draft_is_never_removed() -> None:
    fake = MemoryMailbox(capabilities=frozenset({"IMAP4REV1"}))
    raw = mail(token="tok-u")
    uid = fake.append_draft("Drafts", raw)
    assert uid is not None
    assert fake.delete_own_draft("Drafts", uid, "tok-u", content_hash(raw)) is Removal.UNSUPPORTED
    assert list(fake.flags("Drafts")) == [uid]
    assert not fake.has_idle()


def test_the_fake_implements_the_port() -> None:
    mailbox: Mailbox = MemoryMailbox()  # mypy checks this line when tests are type-checked
    assert isinstance(mailbox, MemoryMailbox)
