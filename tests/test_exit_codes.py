"""The exit codes the README documents are the ones followupd uses, and a bug exits 70."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from followupd import cli
from followupd.cli import cmd_classify
from followupd.core import errors

README = Path(__file__).parent.parent / "README.md"


def _documented() -> set[int]:
    table = README.read_text(encoding="utf-8").split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    return {int(code) for code in re.findall(r"^\| (\d+) \|", table, re.M)}


def test_every_error_class_exit_code_is_documented() -> None:
    codes = {cls.exit_code for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.FollowupdError)}
    assert codes <= _documented(), codes - _documented()


def test_a_bug_exits_70_as_documented(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    def broken(args: argparse.Namespace) -> int:
        raise ValueError("a bug")

    monkeypatch.setattr(cmd_classify, "run", broken)
    eml = tmp_path / "m.eml"
    eml.write_bytes(b"Subject: x\r\n\r\nhi\r\n")
    assert cli.main(["classify", str(eml)]) == 70
    assert 70 in _documented()
    assert "unexpected error" in capsys.readouterr().err
