"""Header triage: which messages need the full reader. Literal header blocks, plus the corpus guard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from followupd.core.model import Application, AppState, Kind, Reason
from followupd.mail import understand
from followupd.mail.parse import read_envelope
from followupd.mail.triage import TriageContext, context_for, header_facts, job_word, triage

CORPUS = Path(__file__).parent / "corpus"
# Found cold: an interview (or its cancellation) may start an application nobody tracks yet.
COLD = ("interview", "interview_cancelled")
# Matter only for a tracked application, so the context knows the sender.
WARM = ("offer", "rejection", "reply", "auto_reply", "bounce")
EMPTY = TriageContext()


def _head(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


NEWSLETTER = _head("From: Garden Weekly <news@lists.example.com>", "To: alice@example.org",
                   "Subject: Ten tomatoes for a small balcony", "Message-ID: <n1@lists.example.com>",
                   "List-Id: <garden.lists.example.com>", "Date: Mon, 2 Mar 2026 10:00:00 +0100")


def _corpus(kinds: tuple[str, ...]) -> list[Path]:
    return sorted(p for kind in kinds for p in (CORPUS / kind).glob("*.eml"))


@pytest.mark.parametrize("path", _corpus(COLD), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_corpus_interview_is_a_candidate_with_an_empty_context(path: Path) -> None:
    decision = triage(read_envelope(path.read_bytes()), EMPTY)
    assert decision.candidate, decision.reasons


@pytest.mark.parametrize("path", _corpus(WARM), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_corpus_decision_reply_or_bounce_is_a_candidate_from_a_known_sender(
        path: Path) -> None:
    env = read_envelope(path.read_bytes())
    decision = triage(env, TriageContext(addresses=frozenset({env.sender.email})))
    assert decision.candidate, decision.reasons


def test_report_what_triage_lets_through_of_automated_and_unrelated_mail() -> None:
    paths = _corpus(("automated", "unrelated"))
    through = [p for p in paths if triage(read_envelope(p.read_bytes()), EMPTY).candidate]
    print(f"\ntriage: {len(through)} of {len(paths)} automated/unrelated corpus messages are "
          "candidates (empty context)")
    assert len(through) < len(paths)  # the newsletters and personal mail of the corpus do pass


def test_a_newsletter_is_not_a_candidate() -> None:
    decision = triage(read_envelope(NEWSLETTER), EMPTY)
    assert not decision.candidate
    assert decision.reasons == (Reason("triage", "no job signal in the headers"),)


def test_a_bland_reply_in_a_known_thread_is_a_candidate() -> None:
    raw = _head("From: Jane <jane@gmail.com>", "Subject: Re: Thanks", "In-Reply-To: <d1@x.example>")
    decision = triage(read_envelope(raw), TriageContext(message_ids=frozenset({"<d1@x.example>"})))
    assert decision.candidate
    assert decision.reasons[0].rule == "triage_thread"


def test_a_bland_subject_from_a_tracked_company_domain_is_a_candidate() -> None:
    raw = _head("From: Someone Else <hr@acme.example>", "Subject: Update")
    assert not triage(read_envelope(raw), EMPTY).candidate
    assert triage(read_envelope(raw), TriageContext(domains=frozenset({"acme.example"}))).candidate


def test_reply_to_address_of_a_known_correspondent_is_enough() -> None:
    raw = _head("From: Acme via Tool <bot@tool.example>", "Reply-To: jane@acme.example",
                "Subject: Update")
    ctx = TriageContext(addresses=frozenset({"jane@acme.example"}))
    assert triage(read_envelope(raw), ctx).reasons[0].rule == "triage_correspondent"


def test_ats_sender_is_a_candidate_whatever_its_subject() -> None:
    raw = _head("From: Acme <no-reply@us.greenhouse-mail.io>", "Subject: Update")
    assert triage(read_envelope(raw), EMPTY).reasons[0].rule == "triage_ats"


def test_mailer_daemon_and_dsn_reports_are_candidates() -> None:
    daemon = _head("From: MAILER-DAEMON@mx.example.org", "Subject: Warning")
    report = _head("From: mx@example.org", "Subject: Notice",
                   "Content-Type: multipart/report; report-type=delivery-status; boundary=x")
    assert triage(read_envelope(daemon), EMPTY).reasons[0].rule == "triage_bounce"
    assert triage(read_envelope(report), EMPTY).reasons[0].rule == "triage_bounce"


def test_calendar_mail_is_a_candidate() -> None:
    ics = _head("From: bob@example.org", "Subject: Sync", "Content-Type: text/calendar")
    event = _head("From: bob@example.org", "Subject: Sync @ Tue Mar 4, 2025 2pm - 3pm",
                  "Content-Type: multipart/alternative; boundary=x")
    assert triage(read_envelope(ics), EMPTY).reasons[0].rule == "triage_calendar"
    assert triage(read_envelope(event), EMPTY).reasons[0].rule == "triage_calendar"


def test_own_mail_and_our_drafts_keep_the_full_reader() -> None:
    own = _head("From: Alice <Alice@Example.org>", "Subject: note to self")
    draft = _head("From: x@example.org", "Subject: hi", "X-Followupd-Token: abc")
    ctx = TriageContext(own_addresses=frozenset({"alice@example.org"}))
    assert triage(read_envelope(own), ctx).reasons[0].rule == "triage_own"
    assert triage(read_envelope(draft), EMPTY).reasons[0].rule == "triage_own"


@pytest.mark.parametrize("text", [
    "Einladung zum Vorstellungsgespräch", "Ihre Bewerbung", "Absage", "Entretien - Python",
    "Entrevista para el puesto", "Colloquio per la posizione", "Uitnodiging sollicitatiegesprek",
    "Inbjudan till intervju", "Nova vaga", "Next steps", "Quick chat?", "Second round",
    "Your availability", "Talent Acquisition", "Out of office", "Abwesenheitsnotiz",
    "Su solicitud de empleo: Data Analyst", "You have been shortlisted",
])
def test_job_words_in_several_languages_are_found(text: str) -> None:
    assert job_word(text)


@pytest.mark.parametrize("text", ["Ten tomatoes for a small balcony", "Your invoice", "Photos",
                                  "weekly team report", "Postcard from Lisbon"])
def test_everyday_subjects_have_no_job_word(text: str) -> None:
    assert job_word(text) == ""


def test_header_facts_normalise_like_the_full_reader() -> None:
    raw = _head("From: =?utf-8?q?J=C3=BCrgen?= <JM@Example.DE>", "To: alice@example.org",
                "Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=", "Message-ID: abc@x",
                "In-Reply-To: <p1@x> (comment)", "References: <r1@x>\r\n <p1@x>",
                "Date: Mon, 2 Mar 2026 10:00:00 +0100")
    facts = header_facts(read_envelope(raw))
    full = understand(raw)
    assert facts.kind is Kind.UNRELATED
    assert facts.reasons == (Reason("triage", "no job signal in the headers"),)
    assert (facts.message_id, facts.subject, facts.sender, facts.date, facts.to,
            facts.in_reply_to, facts.references) == (
        full.message_id, full.subject, full.sender, full.date, full.to, full.in_reply_to,
        full.references)
    assert facts.message_id == "<abc@x>"
    assert facts.date == dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_context_is_built_from_tracked_applications() -> None:
    app = Application(id=1, company="Acme, Inc.", position="Engineer", state=AppState.WAITING,
                      created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), domains=("acme.example",),
                      addresses=("Jane@Acme.example",), message_ids=("<m1@acme.example>",),
                      subject_key="senior engineer")
    ctx = context_for([app], own_addresses=("Alice@Example.org",))
    assert ctx.message_ids == {"<m1@acme.example>"}
    assert ctx.addresses == {"jane@acme.example"}
    assert ctx.domains == {"acme.example"}
    assert ctx.own_addresses == {"alice@example.org"}
    by_name = _head("From: ACME Team <talent@other.example>", "Subject: hello")
    assert triage(read_envelope(by_name), ctx).reasons[0].rule == "triage_company_name"
    by_subject = _head("From: x@other.example", "Subject: Re: Senior Engineer")
    assert triage(read_envelope(by_subject), ctx).reasons[0].rule == "triage_subject"


WORK = TriageContext(own_addresses=frozenset({"alice@example-corp.com"}))


def _colleague(subject: str, *extra: str, sender: str = "Mei Chen <mei@example-corp.com>") -> bytes:
    return _head(f"From: {sender}", "To: alice@example-corp.com", f"Subject: {subject}",
                 "Message-ID: <c1@example-corp.com>", "Date: Mon, 2 Mar 2026 10:00:00 +0100", *extra)


def test_a_colleagues_mail_is_recorded_from_its_headers_whatever_its_words() -> None:
    for subject in ("Meeting about the roadmap", "Invitation: Q3 planning @ Tue 2pm",
                    "Interview with a candidate for the hiring plan"):
        decision = triage(read_envelope(_colleague(subject)), WORK)
        assert not decision.candidate, subject
        assert not decision.peek
        assert decision.reasons[0].rule == "triage_colleague"


def test_a_colleagues_mail_in_a_tracked_thread_or_a_bounce_from_your_own_server_is_read() -> None:
    in_thread = _colleague("Re: Interview", "In-Reply-To: <inv-1@acme.example>")
    ctx = TriageContext(message_ids=frozenset({"<inv-1@acme.example>"}),
                        own_addresses=WORK.own_addresses)
    assert triage(read_envelope(in_thread), ctx).candidate
    bounce = _colleague("Undelivered Mail Returned to Sender",
                        sender="Mail Delivery System <mailer-daemon@example-corp.com>")
    assert triage(read_envelope(bounce), WORK).candidate


def test_with_a_freemail_identity_nobody_is_a_colleague() -> None:
    ctx = TriageContext(own_addresses=frozenset({"alice@gmail.com"}))
    assert triage(read_envelope(_colleague("Meeting about the roadmap")), ctx).candidate
