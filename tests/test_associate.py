"""Association of a message to an application: thread, address, domain, company, subject."""

from __future__ import annotations

import datetime as dt

from followupd.associate import associate, should_start_application, subject_key
from followupd.model import Address, Application, AppState, Kind, MessageFacts

T0 = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)


def _app(app_id: int, company: str, **kw: object) -> Application:
    return Application(id=app_id, company=company, position="Engineer", state=AppState.WAITING,
                       created_at=T0, **kw)  # type: ignore[arg-type]


def _facts(sender: str, **kw: object) -> MessageFacts:
    defaults: dict[str, object] = {"message_id": "<m@x>", "subject": "", "kind": Kind.REPLY}
    defaults.update(kw)
    return MessageFacts(sender=Address("", sender), **defaults)  # type: ignore[arg-type]


APPS = (
    _app(1, "Acme GmbH", message_ids=("<a1@acme.example>",), addresses=("lena@acme.example",),
         domains=("acme.example",), subject_key="technical interview"),
    _app(2, "Globex", message_ids=("<g1@globex.example>",), domains=("globex.example",)),
)


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


def test_ats_noreply_joins_by_company_name_not_domain() -> None:
    facts = _facts("no-reply@us.greenhouse-mail.io", company="ACME")
    result = associate(facts, APPS)
    assert (result.application_id, result.reasons[0].rule) == (1, "company_name")


def test_freemail_domain_never_associates_by_domain() -> None:
    apps = (_app(3, "Tiny", domains=("gmail.com",)),)
    assert associate(_facts("someone@gmail.com"), apps).application_id is None


def test_normalized_subject_is_the_last_resort() -> None:
    facts = _facts("x@elsewhere.example", subject="AW: RE: Fwd: Technical  Interview")
    result = associate(facts, APPS)
    assert (result.application_id, result.reasons[0].rule) == (1, "subject")


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
