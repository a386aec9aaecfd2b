from __future__ import annotations

import email
from email import policy as email_policy
from email.message import EmailMessage

import pytest
from engine_factories import JANE, ME, berlin, make_app

from followupd.core.draft_headers import TOKEN_HEADER
from followupd.core.model import Address, Kind, ThreadRef
from followupd.engine.draftmsg import build_draft, choose_recipient, reply_subject
from followupd.engine.render import RenderedDraft
from followupd.mail import understand

NOW = berlin("2026-03-03 17:00")
BODY = RenderedDraft("Thank you – Data Engineer", "Hi Jane,\n\nthank you. Grüße\n")
EXPECTED_HEADERS = {
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "References",
    TOKEN_HEADER,
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
}


def parse(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=email_policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def build(app_kw: dict[str, object] | None = None, to: Address = JANE) -> EmailMessage:
    raw = build_draft(
        make_app(**(app_kw or {})),
        BODY,
        sender=ME,
        to=to,
        token="tok-123",
        now=NOW,
        message_id="<draft-1@followupd.example>",
    )
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")
    return parse(raw)


def test_draft_is_a_threaded_plain_text_reply() -> None:
    msg = build()
    assert set(msg.keys()) == EXPECTED_HEADERS
    assert msg["Subject"] == "Re: Interview"
    assert msg["In-Reply-To"] == "<inv-1@acme.example>"
    assert msg["References"] == "<inv-1@acme.example>"
    assert msg["X-Followupd-Token"] == "tok-123"
    assert msg["To"] == "Jane Doe <jane.doe@acme.example>"
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    assert msg.get_content().replace("\r\n", "\n") == BODY.body


def test_our_own_draft_is_recognised_by_the_shared_token_header() -> None:
    raw = build().as_bytes()
    facts = understand(raw)
    assert (facts.kind, facts.followupd_token) == (Kind.OUR_DRAFT, "tok-123")


def test_existing_reply_prefixes_are_not_doubled() -> None:
    for subject in ("Re: Interview", "RE: Re: Interview", "AW: Interview", "Re[2]: Interview"):
        assert reply_subject(subject) == "Re: Interview"


def test_no_fake_re_without_a_thread() -> None:
    msg = build({"thread": None})
    assert msg["Subject"] == "Thank you – Data Engineer"
    assert "In-Reply-To" not in msg
    assert "References" not in msg


def test_references_chain_ends_with_the_parent() -> None:
    thread = ThreadRef("<c@x.example>", ("<a@x.example>", "<b@x.example>"), "Re: Next steps")
    msg = build({"thread": thread})
    assert msg["References"] == "<a@x.example> <b@x.example> <c@x.example>"
    assert msg["Subject"] == "Re: Next steps"


@pytest.mark.parametrize("evil", ["\r\nBcc: victim@evil.example", "\nX-Evil: 1", "\x00\rX-Evil: 1"])
def test_control_characters_from_mail_cannot_inject_headers(evil: str) -> None:
    thread = ThreadRef("<c@x.example>" + evil, ("<a@x.example>" + evil,), "Interview" + evil)
    to = Address("Jane" + evil, "jane.doe@acme.example")
    msg = build({"thread": thread, "company": evil}, to=to)
    assert set(msg.keys()) <= EXPECTED_HEADERS
    assert "Bcc" not in msg
    assert "X-Evil" not in msg
    for name in ("To", "Subject"):
        assert "\n" not in str(msg[name])
        assert "\r" not in str(msg[name])


def test_invalid_recipient_address_is_refused() -> None:
    with pytest.raises(ValueError, match="address"):
        build(to=Address("Jane", "jane@acme.example\r\nBcc: x@evil.example"))


@pytest.mark.parametrize(
    "address",
    [
        "noreply@acme.example",
        "no-reply@acme.example",
        "donotreply@acme.example",
        "do-not-reply@acme.example",
        "notifications@acme.example",
        "acme@greenhouse.io",
        "jobs@hire.lever.co",
        "acme@myworkday.com",
        "acme@ashbyhq.com",
        "acme@smartrecruiters.com",
        "acme@talent.icims.com",
        "mailer-daemon@mx.example",
        "postmaster@acme.example",
        "bounces+x1@acme.example",
        "careers-noreply@acme.example",
        "acme@ashby.io",
        "acme@workable.com",
        "acme@teamtailor.com",
        "acme@smartrecruitersmail.com",
        "recruiting@linkedin.com",
    ],
)
def test_automated_addresses_are_never_recipients(address: str) -> None:
    app = make_app(interviewer=Address("Careers", address), recruiter=None)
    assert choose_recipient(app) is None


def test_scheduler_address_is_never_chosen_as_recipient() -> None:
    calendly = Address("Jane Doe", "notifications@calendly.com")
    goodtime = Address("Acme Scheduling", "acme-scheduling@goodtime.io")
    assert choose_recipient(make_app(interviewer=calendly, recruiter=goodtime)) is None
    rita = Address("Rita Recruiter", "rita@acme.example")
    assert choose_recipient(make_app(interviewer=goodtime, recruiter=rita)) == rita


@pytest.mark.parametrize("address", ["jane.doe@acme.example", "no.one@acme.example",
                                     "jane@no-reply-corp.example"])
def test_people_at_company_domains_are_recipients(address: str) -> None:
    person = Address("Jane Doe", address)
    assert choose_recipient(make_app(interviewer=person)) == person


def test_interviewer_first_then_recruiter() -> None:
    recruiter = Address("Rita Recruiter", "rita@acme.example")
    assert choose_recipient(make_app(recruiter=recruiter)) == JANE
    ats = Address("Acme", "no-reply@acme.example")
    assert choose_recipient(make_app(interviewer=ats, recruiter=recruiter)) == recruiter


@pytest.mark.parametrize("threaded", [True, False])
def test_the_prepared_subject_is_the_subject_header_of_the_draft(threaded: bool) -> None:
    from followupd.engine.compose import compose

    app = make_app() if threaded else make_app(thread=None)
    prepared = compose(app, "thank_you_1", BODY, sender=ME, token="tok-1", now=NOW,
                       folder="Drafts")
    assert prepared is not None
    assert prepared.subject == parse(prepared.raw)["Subject"]
    assert prepared.subject == ("Re: Interview" if threaded else "Thank you – Data Engineer")


def test_no_draft_goes_to_an_address_that_bounced() -> None:
    recruiter = Address("Ron", "ron@acme.example")
    app = make_app(recruiter=recruiter, dead_addresses=(JANE.email,))
    assert choose_recipient(app) == recruiter
    assert choose_recipient(make_app(dead_addresses=(JANE.email,))) is None


def test_the_users_new_address_replaces_the_recipient_and_releases_a_bounce_hold() -> None:
    import datetime as dt

    from followupd.core.model import Hold
    from followupd.engine.holds import new_recipient

    hold = Hold("<dsn@mx>", Kind.BOUNCE, 1.0, NOW, recipient=JANE.email, status="5.1.1")
    app = make_app(dead_addresses=(JANE.email,), held=hold)
    new = Address("Jane Doe", "jane@acme-corp.example")
    after, why = new_recipient(app, new)
    assert (after.held, after.send_to, choose_recipient(after)) == (None, new, new)
    assert "released" in why.detail
    unsure = Hold("<m@x>", Kind.REJECTION, 0.6, NOW - dt.timedelta(days=1))
    kept, _ = new_recipient(make_app(held=unsure), new)
    assert kept.held == unsure  # a decision question is not answered by a new address
    dead_again = make_app(send_to=new, dead_addresses=(new.email,))
    assert choose_recipient(dead_again) == JANE  # the chosen address bounced too: fall back
