"""`followupd classify`: one line per file, JSON with the extracted fields."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followupd.cli import main

CORPUS = Path(__file__).parent / "corpus"


def test_classify_prints_file_kind_confidence_and_top_reason(
        capsys: pytest.CaptureFixture[str]) -> None:
    path = CORPUS / "rejection/greenhouse_other_candidates.eml"
    assert main(["classify", str(path)]) == 0
    out = capsys.readouterr().out.strip().split("\t")
    assert out[0] == str(path)
    assert out[1] == "rejection"
    assert 0.0 < float(out[2]) <= 1.0
    assert out[3].startswith("model: rejection")


def test_classify_json_has_fields(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    body_only = tmp_path / "body.txt"
    body_only.write_text("We would like to invite you to an interview for the role.\n")
    cal = CORPUS / "interview/google_calendar_invite.eml"
    assert main(["classify", "--json", str(cal), str(body_only)]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["kind"] == "interview"
    assert first["interview_start"] == "2025-03-04T14:00:00+01:00"
    assert first["company"] == "Acme"
    assert isinstance(first["reasons"], list)
    assert 0.0 < first["confidence"] <= 1.0
    assert first["unsure"] is None
    for key in ("position", "interviewer", "recruiter", "interview_end", "answer_by",
                "return_date", "bounce_recipient"):
        assert key in first
    assert second["kind"] == "interview"
    assert second["subject"] == ""


def test_unreadable_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "/nonexistent/x.eml"]) == 64
    assert "cannot read" in capsys.readouterr().err
