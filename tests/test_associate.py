"""Association of a message to an application: thread, address, domain, company, subject.

Applications are built the way production builds them — ``track.new_application`` and
``track.apply_message`` from MessageFacts — so every rule tested here can fire for real.
"""

from __future__ import annotations

import datetime as dt

from followupd.core.model import Address, Application, Kind, MessageFacts
from followupd.engine.associate import associate, should_start_application
from followupd.engine.track import apply_message, new_application
from followupd.mail.keys import is_company_domain, subject_key

T0 = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)
ME = Address("Sam", "sam@example.org")


def _facts(sender: str, **kw: object) -> MessageFacts:
    defaults: dict[str, object] = {"message_id": "<m@x>", "subject": "", "kind": Kind.REPLY,
                                   "date": T0}
    defaults.update(kw)
    return MessageFacts(sender=Address("", sender), **defaults)  # type: ignore[arg-type]


def _invitation(app_id: int, sender: str, msg_id: str, subject: str, company: str,
                **kw: object) -> Application:
    facts = _facts(sender, kind=Kind.INTERVIEW, message_id=msg_id, subject=subject,
                   company=company, to=(ME,), **kw)
    return new_application(facts, app_id, NOW)


ACME = _invitation(1, "lena@acme.example", "<a1@acme.example>", "Technical Interview", "Acme GmbH")
GLOBEX = _invitation(2, "hr@globex.example", "<g1@globex.example>", "Your application",
                     "Globex")
APPS = (ACME, GLOBEX)


def test_tracking_records_what_association_matches() -> None:
    assert ACME.message_ids == ("<a1@acme.example>",)
    assert ACME.addresses == ("lena@acme.example",)
    assert ACME.domains == ("acme.example",)
    assert ACME.subject_key == "technical interview"


def test_in_reply_to_wins_over_every_other_rule() -> None:
    facts = _facts("lena@acme.example", in_reply_to="<g1@globex.example>")
    result = associate(facts, APPS)
    assert result.application_id == 2
    assert result.reasons[0].rule == "thread"


def test_known_address_associates() -> None:
    assert associate(_facts("lena@acme.example"), APPS).application_id == 1


def test_company_domain_associates_a_new_colleague() -> None:
    result = associate(_facts("priya@acme.example"), APPS)
    assert (result.application_id, result.reasons[0].rule) == (1, "company_domain")


def test_second_person_at_the_company_with_a_fresh_subject_joins_the_application() -> None:
    app = _invitation(7, "jane@acme.example", "<inv@acme.example>", "Interview invitation", "")
    later = _facts("bob@acme.example", message_id="<new@acme.example>",
                   subject="Quick question about your notice period")
    result = associate(later, (app, GLOBEX))
    assert (result.application_id, result.reasons[0].rule) == (7, "company_domain")


def test_recipients_of_your_own_mail_teach_the_company_domain() -> None:
    app = _invitation(3, "no-reply@us.greenhouse-mail.io", "<ats@greenhouse-mail.io>",
                      "Interview: Backend Engineer", "Initech")
    assert app.domains == ()  # an ATS domain says nothing about the employer
    sent = MessageFacts(message_id="<you@example.org>", subject="Re: Interview", sender=ME,
                        kind=Kind.OUTBOUND, date=T0 + dt.timedelta(days=1),
                        to=(Address("Lena", "lena@initech.example"),), cc=(ME,))
    app, _ = apply_message(app, sent, NOW)
    assert app.domains == ("initech.example",)  # not example.org, the user's own domain
    result = associate(_facts("peter@initech.example", subject="Next steps"), (app, GLOBEX))
    assert (result.application_id, result.reasons[0].rule) == (3, "company_domain")


def test_inbound_recipients_and_machine_domains_are_never_company_domains() -> None:
    app = _invitation(4, "talent@acme.example", "<i4@acme.example>", "Interview", "Acme",
                      cc=(Address("", "friend@othercorp.example"),))
    assert app.domains == ("acme.example",)
    for sender in ("someone@gmail.com", "jobs-noreply@linkedin.com", "x@calendly.com",
                   "acme@myworkday.com"):
        reply = _facts(sender, message_id=f"<{sender}>", kind=Kind.REPLY)
        app, _ = apply_message(app, reply, NOW)
    assert app.domains == ("acme.example",)
    assert not any(is_company_domain(d) for d in ("gmail.com", "linkedin.com", "goodtime.io"))


def test_ats_noreply_joins_by_company_name_not_domain() -> None:
    facts = _facts("no-reply@us.greenhouse-mail.io", company="ACME")
    result = associate(facts, APPS)
    assert (result.application_id, result.reasons[0].rule) == (1, "company_name")


def test_freemail_domain_never_associates_by_domain() -> None:
    tiny = _invitation(3, "founder@gmail.com", "<t@mail.gmail.com>", "Chat?", "Tiny")
    assert tiny.domains == ()
    assert associate(_facts("someone@gmail.com"), (tiny,)).application_id is None


def test_normalized_subject_is_the_last_resort() -> None:
    facts = _facts("x@elsewhere.example", subject="AW: RE: Fwd: Technical  Interview")
    result = associate(facts, APPS)
    assert (result.application_id, result.reasons[0].rule) == (1, "subject")


def test_subject_key_is_taken_from_the_first_thread_subject_only() -> None:
    later = _facts("lena@acme.example", message_id="<a2@acme.example>",
                   subject="Re: Something else entirely", date=T0 + dt.timedelta(days=2))
    app, _ = apply_message(ACME, later, NOW)
    assert app.subject_key == "technical interview"


def test_subject_key_strips_localized_prefixes_and_list_tags() -> None:
    assert subject_key("SV: Antw: [jobs] RE: Interview Invitation") == "interview invitation"
    assert subject_key("Re[2]: Offer") == "offer"


def test_no_match_gives_none_with_a_reason() -> None:
    result = associate(_facts("nobody@nowhere.example"), APPS)
    assert result.application_id is None
    assert result.reasons[0].rule == "no_match"


def test_interviews_start_applications_decisions_do_not() -> None:
    assert should_start_application(_facts("a@b.example", kind=Kind.INTERVIEW))
    assert not should_start_application(_facts("a@b.example", kind=Kind.REJECTION))
    assert not should_start_application(_facts("a@b.example", kind=Kind.REPLY))


def _bounce(**kw: object) -> MessageFacts:
    return _facts("mailer-daemon@mx.example.org", kind=Kind.BOUNCE, message_id="<dsn@mx>",
                  subject="Undelivered Mail Returned to Sender", company="Mail Delivery System",
                  bounce_permanent=True, **kw)


def _with_draft(app: Application, **kw: object) -> Application:
    from dataclasses import replace

    from followupd.core.model import DraftRecord, DraftStatus

    fields: dict[str, object] = {"id": 9, "application_id": app.id, "stage": "thank_you_1",
                                 "token": "tok9", "message_id": "<followupd.tok9@example.org>",
                                 "status": DraftStatus.SENT, "created_at": T0,
                                 "recipient": "lena@acme.example"}
    fields.update(kw)
    return replace(app, drafts=(DraftRecord(**fields),))  # type: ignore[arg-type]


def test_a_bounce_goes_to_the_application_whose_draft_it_returns_by_token() -> None:
    apps = (_with_draft(ACME), GLOBEX)
    found = associate(_bounce(bounce_token="tok9", bounce_recipient="nobody@else.example"), apps)
    assert (found.application_id, found.reasons[0].rule) == (1, "bounce_token")


def test_a_bounce_goes_to_the_application_whose_mail_it_returns_by_message_id() -> None:
    found = associate(_bounce(bounce_message_id="<g1@globex.example>"), APPS)
    assert (found.application_id, found.reasons[0].rule) == (2, "bounce_thread")


def test_a_bounce_without_returned_headers_goes_by_its_failed_recipient() -> None:
    found = associate(_bounce(bounce_recipient="hr@globex.example"), APPS)
    assert (found.application_id, found.reasons[0].rule) == (2, "bounce_recipient")


def test_a_bounce_is_never_joined_by_the_mail_systems_name_domain_or_subject() -> None:
    mta = _invitation(3, "jobs@mx.example.org", "<m1@mx.example.org>",
                      "Undelivered Mail Returned to Sender", "Mail Delivery System")
    found = associate(_bounce(bounce_recipient="bob@elsewhere.example"), (*APPS, mta))
    assert found.application_id is None
