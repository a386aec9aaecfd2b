"""Bounces against a real Dovecot, the clock passed in with --now: a delivery report reaches the
application whose mail it returns (by our token or that mail's Message-ID in the returned headers,
else by the failed recipient); a permanent failure marks the address dead and holds the
application, and status, show and the digest say what to do (`followupd note ID --to ADDRESS`);
a transient one is only noted. No draft ever goes to a dead address."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import Account
from mailgen import delivery_report, invitation
from test_cli_apps import Cli
from test_followup_e2e import Scenario

from followupd.adapters.smtp import build_digest
from followupd.adapters.store.sqlite import open_store

EVENING = "2026-03-03T17:30+01:00"
BOUNCED = "2026-03-04T09:30+01:00"
FOLLOW_UP_1 = "2026-03-18T10:00+01:00"  # 10 business days after the sent thank-you
JANE = "jane.roe@acme.example"


@pytest.fixture
def sent(account: Account, make_config: Any, capsys: pytest.CaptureFixture[str]) -> tuple[Scenario, Cli]:
    """The thank-you was drafted, and the user sent it (their client dropped our header)."""
    scenario = Scenario(account, make_config(account))
    scenario.deliver(invitation())
    scenario.once(EVENING)
    scenario.send_draft("Tue, 03 Mar 2026 18:00:00 +0100")
    scenario.once("2026-03-03T18:05+01:00")
    return scenario, Cli(scenario.config, capsys)


def _sent_headers(scenario: Scenario, *, token: bool = False) -> str:
    draft = scenario.app().drafts[0]
    extra = f"X-Followupd-Token: {draft.token}\n" if token else ""
    return (
        f"From: Alice Example <alice@example.org>\nTo: Jane Roe <{JANE}>\n"
        f"Subject: Re: Interview invitation: Senior Backend Engineer at Acme\n"
        f"Message-ID: {draft.message_id}\n{extra}"
    )


def _notices(scenario: Scenario) -> list[str]:
    """The lines of the digest mail that would go out now."""
    with open_store(scenario.cfg.state_path, lock=False) as store:
        pending = store.pending_notices()
    digest = build_digest(pending, scenario.cfg.identity, dt.datetime.now(dt.UTC))
    text = " ".join(str(digest.get_content()).split())  # unfolded: lines may wrap
    return [text]


@pytest.mark.parametrize("how", ["message/rfc822", "text/rfc822-headers", "token", "recipient"])
def test_a_permanent_bounce_holds_its_application_and_says_what_to_do(
    sent: tuple[Scenario, Cli], how: str
) -> None:
    scenario, cli = sent
    if how == "recipient":  # no returned headers at all: the failed recipient says which
        report = delivery_report()
    elif how == "token":  # the returned headers carry only our token
        report = delivery_report(
            returned=_sent_headers(scenario, token=True).replace(
                f"Message-ID: {scenario.app().drafts[0].message_id}\n", ""
            )
        )
    else:
        report = delivery_report(returned=_sent_headers(scenario), returned_type=how)
    scenario.deliver(report)
    scenario.once(BOUNCED)
    app = scenario.app()
    assert app.dead_addresses == (JANE,)
    assert app.held is not None
    row = cli.json("status", "--now", BOUNCED)[0]
    assert row["next_action"] == "held"
    assert f"mail to {JANE} bounced (5.1.1" in row["question"]
    assert "followupd note 1 --to NEW-ADDRESS" in row["question"]
    shown = cli("show", "acme", "--now", BOUNCED)
    assert "followupd note 1 --to NEW-ADDRESS" in shown
    assert f"bounced      {JANE}" in shown
    assert any("followupd note 1 --to NEW-ADDRESS" in n and JANE in n for n in _notices(scenario))
    scenario.once(FOLLOW_UP_1)
    assert scenario.drafts() == []  # never to the dead address


def test_a_new_address_releases_the_hold_and_the_next_follow_up_goes_there(
    sent: tuple[Scenario, Cli],
) -> None:
    scenario, cli = sent
    scenario.deliver(delivery_report(returned=_sent_headers(scenario)))
    scenario.once(BOUNCED)
    assert "is held because mail to" in cli("decide", "1", "none", "--now", BOUNCED, code=64)
    out = cli("note", "1", "--to", "Jane.Roe@Acme-Corp.example", "--now", BOUNCED)
    assert "drafts to    jane.roe@acme-corp.example" in out
    row = cli.json("status", "--now", BOUNCED)[0]
    assert row["question"] is None
    assert row["next_action"] == "follow_up_1"
    scenario.once(FOLLOW_UP_1)
    [draft] = scenario.drafts()
    assert draft["To"].addresses[0].addr_spec == "jane.roe@acme-corp.example"
    assert draft["In-Reply-To"] == scenario.app().drafts[0].message_id  # still in the thread


def test_a_transient_failure_is_only_noted(sent: tuple[Scenario, Cli]) -> None:
    scenario, cli = sent
    scenario.deliver(delivery_report(action="delayed", status="4.4.1", returned=_sent_headers(scenario)))
    scenario.once(BOUNCED)
    app = scenario.app()
    assert (app.held, app.dead_addresses) == (None, ())
    assert any("delayed (4.4.1)" in n and JANE in n for n in _notices(scenario))
    assert "delayed" in cli("show", "acme", "--now", BOUNCED)
    scenario.once(FOLLOW_UP_1)
    [draft] = scenario.drafts()
    assert draft["To"].addresses[0].addr_spec == JANE


def test_a_bounce_of_another_mail_is_attached_to_nothing(sent: tuple[Scenario, Cli]) -> None:
    scenario, _cli = sent
    scenario.deliver(
        delivery_report(
            recipient="bob@elsewhere.example",
            returned="From: alice@example.org\nTo: bob@elsewhere.example\nMessage-ID: <x@example.org>\n",
        )
    )
    scenario.once(BOUNCED)
    app = scenario.app()
    assert (app.held, app.dead_addresses) == (None, ())
