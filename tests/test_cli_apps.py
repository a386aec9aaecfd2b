"""status, show, preview and note against a real Dovecot (the state is built by `once`)."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Account
from mailgen import invitation, reply_from

from followupd.cli import main
from followupd.cli.cmd_status import KEYS

BEFORE = "2026-03-02T10:00+01:00"  # the day before the interview (Tue 3 Mar, 14:00-15:00 Berlin)
EVENING = "2026-03-03T17:30+01:00"


class Cli:
    def __init__(self, config: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.config, self.capsys = config, capsys

    def __call__(self, *argv: str, code: int = 0) -> str:
        self.capsys.readouterr()
        assert main(["--config", str(self.config), *argv]) == code
        captured = self.capsys.readouterr()
        return captured.out if code == 0 else captured.err

    def json(self, *argv: str) -> Any:
        return json.loads(self(*argv, "--json"))


@pytest.fixture
def cli(account: Account, make_config: Any, capsys: pytest.CaptureFixture[str]) -> Cli:
    account.deliver(invitation())
    run = Cli(make_config(account), capsys)
    run("once", "--now", BEFORE)
    return run


def test_status_json_is_one_object_per_application_with_the_documented_keys(cli: Cli) -> None:
    rows = cli.json("status", "--now", BEFORE)
    assert len(rows) == 1
    row = rows[0]
    assert tuple(row) == KEYS
    assert row["company"] == "Acme"
    assert row["position"] == "Senior Backend Engineer"
    assert row["state"] == "scheduled"
    assert row["decision"] is None
    assert row["next_action"] == "thank_you_1"
    # Interview ends 15:00 Berlin, thank-you two hours later; shown in the user's zone.
    assert row["next_action_at"] == "2026-03-03T17:00+01:00"
    assert row["last_outbound_at"] is None
    assert row["followups_sent"] == 0


def test_status_table_names_the_next_step_in_local_time(cli: Cli) -> None:
    out = cli("status", "--now", BEFORE)
    assert "Acme" in out
    assert "thank-you 1" in out
    assert "Tue 2026-03-03 17:00" in out
    assert "(times in Europe/Berlin)" in out


def test_status_counts_a_decision_and_says_what_it_was(cli: Cli, account: Account) -> None:
    account.deliver(reply_from("Unfortunately we have decided to move forward with other "
                               "candidates.", date="Wed, 04 Mar 2026 09:00:00 +0100",
                               message_id="<no-1@acme.example>"))
    cli("once", "--now", "2026-03-04T09:30+01:00")
    row = cli.json("status", "--now", "2026-03-04T09:30+01:00")[0]
    assert (row["state"], row["decision"], row["next_action"]) == ("decided", "rejection", "none")
    assert row["last_inbound_at"] == "2026-03-04T09:00+01:00"


def test_show_json_has_messages_drafts_and_events_in_time_order(cli: Cli) -> None:
    cli("once", "--now", EVENING)
    shown = cli.json("show", "1", "--now", EVENING)
    assert set(KEYS) <= set(shown["application"])
    assert shown["application"]["interviews"][0]["start"] == "2026-03-03T14:00+01:00"
    timeline = shown["timeline"]
    types = [e["type"] for e in timeline]
    assert {"message", "draft", "event"} <= set(types)
    assert [e["at"] for e in timeline] == sorted(e["at"] for e in timeline)
    message = next(e for e in timeline if e["type"] == "message")
    assert message["kind"] == "interview"
    assert message["reasons"]
    draft = next(e for e in timeline if e["type"] == "draft")
    assert (draft["stage"], draft["status"]) == ("thank_you_1", "appended")
    assert any("tracking started" in e["what"] for e in timeline if e["type"] == "event")


def test_show_text_explains_each_step(cli: Cli) -> None:
    out = cli("show", "acme", "--now", BEFORE)
    assert out.startswith("application 1: Acme – Senior Backend Engineer")
    assert "message  interview" in out
    assert "because" in out


def _parse(preview: str) -> email.message.EmailMessage:
    text = preview.split("\n\n", 1)[1]  # after the "# ..." lines and the blank line
    msg = email.message_from_string(text, policy=email.policy.default)
    assert isinstance(msg, email.message.EmailMessage)
    return msg


def test_preview_renders_the_threaded_draft_without_writing_anything(cli: Cli) -> None:
    out = cli("preview", "1", "--now", BEFORE)
    assert out.startswith("# thank_you_1 for application 1 (Acme – Senior Backend Engineer)")
    msg = _parse(out)
    assert msg["From"] == "Alice Example <alice@example.org>"
    assert msg["To"] == "Jane Roe <jane.roe@acme.example>"
    assert msg["Subject"] == "Re: Interview invitation: Senior Backend Engineer at Acme"
    assert msg["In-Reply-To"] == "<invite-1@acme.example>"
    assert "[[FOLLOWUPD:" in out
    shown = cli.json("show", "1", "--now", BEFORE)
    assert shown["application"]["next_action"] == "thank_you_1"
    assert not [e for e in shown["timeline"] if e["type"] == "draft"]


def test_note_changes_the_next_preview(cli: Cli) -> None:
    before = cli("preview", "acme", "--now", BEFORE)
    assert "our conversation about" not in before
    cli("note", "acme", "--topic", "the event-sourcing migration",
        "--gift", "https://example.org/outbox-pattern")
    after = cli("preview", "acme", "--now", BEFORE)
    assert "our conversation about the event-sourcing migration" in after
    assert "https://example.org/outbox-pattern" in after
    assert "add a gift" not in after  # the gift placeholder is gone
    cli("note", "acme", "--clear")
    assert "event-sourcing" not in cli("preview", "acme", "--now", BEFORE)


def test_note_interviewer_readdresses_the_draft(cli: Cli) -> None:
    cli("note", "1", "--interviewer", "Sam Lee", "--interviewer-email", "Sam.Lee@acme.example")
    msg = _parse(cli("preview", "1", "--now", BEFORE))
    assert msg["To"] == "Sam Lee <sam.lee@acme.example>"
    assert "Hi Sam," in msg.get_content()


def test_note_refuses_an_unusable_address(cli: Cli) -> None:
    err = cli("note", "1", "--interviewer-email", "x@y.example\nBcc: all@corp", code=64)
    assert "not a plain e-mail address" in err


def test_preview_of_a_stage_already_in_drafts_shows_what_was_appended(cli: Cli) -> None:
    cli("once", "--now", EVENING)
    out = cli("preview", "1", "--now", EVENING)
    assert out.startswith("# thank_you_1 is already in Drafts since Tue 2026-03-03 17:30")
    assert "X-Followupd-Token:" in out


def test_commands_name_the_missing_state_instead_of_creating_it(
    account: Account, make_config: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    config = make_config(account)
    assert main(["--config", str(config), "status"]) == 64
    assert "no state yet" in capsys.readouterr().err
    assert not (config.parent / "state" / "state.db").exists()


def test_a_dry_run_on_a_fresh_install_leaves_the_file_system_as_it_was(
        account: Account, make_config: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from followupd.config.loader import load

    account.deliver(invitation())
    config = make_config(account)
    state_dir = load(config).state_path.parent
    before = sorted(p.name for p in state_dir.iterdir()) if state_dir.exists() else None
    out = Cli(config, capsys)("once", "--dry-run", "--now", EVENING)
    assert "would: queue thank_you_1 draft" in out
    after = sorted(p.name for p in state_dir.iterdir()) if state_dir.exists() else None
    assert after == before
    assert account.folder_uids("Drafts") == []
