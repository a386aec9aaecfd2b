"""`followupd eval` reads label folders as mail tools export them: .eml, mbox, Maildir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followupd.cli import main
from followupd.cli.eval_input import Skipped, messages_in

CORPUS = Path(__file__).parent / "corpus"


def corpus(label: str, n: int) -> list[bytes]:
    return [p.read_bytes() for p in sorted((CORPUS / label).glob("*.eml"))[:n]]


def mbox_of(messages: list[bytes]) -> bytes:
    return b"".join(b"From someone@example.org Mon Jan  1 00:00:00 2024\n" + m.rstrip(b"\n") + b"\n\n"
                    for m in messages)


def test_an_mbox_file_gives_one_message_per_entry_named_by_its_number(tmp_path: Path) -> None:
    folder = tmp_path / "offer"
    folder.mkdir()
    (folder / "Inbox").write_bytes(mbox_of(corpus("offer", 3)))  # Thunderbird: no suffix
    (folder / "more.mbox").write_bytes(mbox_of(corpus("offer", 1)))
    found = list(messages_in(folder, tmp_path, Skipped()))
    assert [name for name, _ in found] == ["offer/Inbox#1", "offer/Inbox#2", "offer/Inbox#3",
                                           "offer/more.mbox#1"]
    subjects = [raw.split(b"\nSubject: ", 1)[1].split(b"\n", 1)[0] for _, raw in found]
    expected = [m.split(b"\nSubject: ", 1)[1].split(b"\n", 1)[0] for m in corpus("offer", 3)]
    assert subjects[:3] == expected
    assert not found[0][1].startswith(b"From ")  # the mbox separator line is not the message's


def test_maildir_and_header_first_files_are_read_and_everything_else_is_skipped(
        tmp_path: Path) -> None:
    folder = tmp_path / "rejection"
    (folder / "cur").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    raw = corpus("rejection", 1)[0]
    (folder / "cur" / "1700000000.M1P2.host,S=100:2,S").write_bytes(raw)
    (folder / "exported").write_bytes(raw)
    (folder / "pasted.txt").write_bytes(raw)
    (folder / "a.eml").write_bytes(raw)
    (folder / ".hidden" / "b.eml").write_bytes(raw)
    (folder / "Inbox.msf").write_bytes(b"// <!-- <mdb:mork:z v=\"1.4\"/> -->\n")
    (folder / "notes.txt").write_bytes(b"my own notes about these mails\n")
    skipped = Skipped()
    names = [name for name, _ in messages_in(folder, tmp_path, skipped)]
    assert names == ["rejection/a.eml", "rejection/cur/1700000000.M1P2.host,S=100:2,S",
                     "rejection/exported", "rejection/pasted.txt"]
    assert skipped.files == ["rejection/Inbox.msf", "rejection/notes.txt"]


def test_eval_scores_an_mbox_export_and_reports_the_skipped_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "offer").mkdir()
    (tmp_path / "offer" / "Offers.mbox").write_bytes(mbox_of(corpus("offer", 2)))
    (tmp_path / "offer" / "README.md").write_text("what these are\n")
    (tmp_path / ".git").mkdir()  # a hidden first-level folder is no label
    assert main(["eval", str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["total"] == 2
    assert report["skipped_files"] == ["offer/README.md"]
