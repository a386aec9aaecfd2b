"""Personal mail with a neutral subject: triage's "peek" outcome, and the judge of a body prefix
(``BODY.PEEK[TEXT]<0.N>``). Literal header blocks and bodies."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from followupd.core.model import Reason
from followupd.mail.parse import read_envelope
from followupd.mail.peek import PEEK_BYTES, judge_prefix
from followupd.mail.triage import FAMILIAR_AFTER, TriageContext, sender_key, triage

ME = TriageContext(own_addresses=frozenset({"alice@example.org"}))
CORPUS = Path(__file__).parent / "corpus"


def _head(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _personal(
    *extra: str,
    sender: str = "Dana Miller <dana.miller@brightwave.example>",
    to: str = "Alice Example <alice@example.org>",
    subject: str = "Quick question",
) -> bytes:
    return _head(
        f"From: {sender}", f"To: {to}", f"Subject: {subject}", "Message-ID: <d1@brightwave.example>", *extra
    )


# -- triage: which mail is peeked --------------------------------------------------------------


@pytest.mark.parametrize(
    "subject", ["Quick question", "Hello", "Hi Alice", "Re: Hello", "Kurze Frage", "Bonjour"]
)
def test_a_new_persons_neutral_mail_to_the_user_is_peeked(subject: str) -> None:
    decision = triage(read_envelope(_personal(subject=subject)), ME)
    assert (decision.candidate, decision.peek) == (False, True)
    assert decision.reasons[0].rule == "triage_peek"


def test_a_job_word_in_the_subject_is_still_a_candidate_not_a_peek() -> None:
    decision = triage(read_envelope(_personal(subject="Senior Engineer role")), ME)
    assert (decision.candidate, decision.peek) == (True, False)


@pytest.mark.parametrize(
    "extra",
    [
        ("List-Id: <team.lists.example>",),
        ("List-Unsubscribe: <mailto:u@brightwave.example>",),
        ("Precedence: bulk",),
        ("Precedence: junk",),
        ("Auto-Submitted: auto-generated",),
        ("X-Autoreply: yes",),
        ("Feedback-ID: 123:campaign:esp",),
        ("X-Mailchimp-Campaign: 42",),
        ("X-Campaign-Id: spring",),
        ("X-Mailer: Sendinblue",),
    ],
    ids=lambda e: e[0].split(":")[0],
)
def test_list_bulk_auto_and_marketing_mail_is_not_peeked(extra: tuple[str, ...]) -> None:
    decision = triage(read_envelope(_personal(*extra)), ME)
    assert not decision.peek
    assert decision.reasons == (Reason("triage", "no job signal in the headers"),)


@pytest.mark.parametrize(
    "sender",
    [
        "Brightwave <no-reply@brightwave.example>",
        "notifications@brightwave.example",
        "Brightwave News <newsletter@brightwave.example>",
        "alerts@brightwave.example",
        "Jobs <jobs-noreply@linkedin.com>",
        "Bob <bob@example.org>",  # the user's own company domain
    ],
    ids=str,
)
def test_machine_senders_and_colleagues_are_not_peeked(sender: str) -> None:
    ctx = TriageContext(own_addresses=frozenset({"alice@example.org"}))
    assert not triage(read_envelope(_personal(sender=sender)), ctx).peek


def test_a_colleague_is_peeked_only_when_the_user_is_on_freemail_not_a_company_domain() -> None:
    on_freemail = TriageContext(own_addresses=frozenset({"alice@gmail.com"}))
    raw = _personal(sender="Bob <bob@gmail.com>", to="alice@gmail.com")
    assert triage(read_envelope(raw), on_freemail).peek  # freemail is nobody's company


@pytest.mark.parametrize(
    "to",
    [
        "team@example.org",  # not to the user: an alias, a list, Bcc
        "alice@example.org, bob@x.example, carol@x.example, dave@x.example",  # a group mail
        "undisclosed-recipients:;",
    ],
    ids=str,
)
def test_mail_not_addressed_to_the_user_one_to_one_is_not_peeked(to: str) -> None:
    assert not triage(read_envelope(_personal(to=to)), ME).peek


def test_a_small_cc_is_fine_but_a_big_one_is_not() -> None:
    assert triage(read_envelope(_personal("Cc: Sam <sam@brightwave.example>")), ME).peek
    many = "Cc: " + ", ".join(f"p{i}@brightwave.example" for i in range(3))
    assert not triage(read_envelope(_personal(many)), ME).peek


def test_nothing_is_peeked_when_the_users_address_is_unknown() -> None:
    assert not triage(read_envelope(_personal()), TriageContext()).peek


def test_an_established_correspondent_is_no_longer_peeked() -> None:
    env = read_envelope(_personal())
    assert triage(env, ME, earlier_from_sender=FAMILIAR_AFTER - 1).peek
    decision = triage(env, ME, earlier_from_sender=FAMILIAR_AFTER)
    assert not decision.peek
    assert decision.reasons == (Reason("triage", "no job signal in the headers"),)


def test_a_company_sender_is_known_by_domain_and_a_freemail_one_by_address() -> None:
    assert sender_key(read_envelope(_personal())) == "brightwave.example"
    gmail = read_envelope(_personal(sender="Dana <Dana.M@Gmail.com>"))
    assert sender_key(gmail) == "dana.m@gmail.com"


def test_report_how_much_of_the_corpus_non_job_mail_would_be_peeked() -> None:
    paths = sorted(p for kind in ("automated", "unrelated") for p in (CORPUS / kind).glob("*.eml"))
    envs = [read_envelope(p.read_bytes()) for p in paths]
    ctx = TriageContext(own_addresses=frozenset(a.email for e in envs for a in e.to[:1]))
    peeked = [p.name for p, e in zip(paths, envs, strict=True) if triage(e, ctx).peek]
    print(f"\npeek: {len(peeked)} of {len(paths)} automated/unrelated corpus messages")
    automated = [n for n in peeked if n in {p.name for p in (CORPUS / "automated").glob("*.eml")}]
    assert len(automated) <= len(list((CORPUS / "automated").glob("*.eml"))) // 10


# -- the judge of a body prefix -----------------------------------------------------------------

RECRUITER = (
    "Hi Alice,\r\n\r\nare you free Thursday at 2pm for 45 minutes over Google Meet to "
    "talk about the Senior Engineer role?\r\n\r\nBest,\r\nDana\r\n"
)
FRIEND = "Hi Alice,\r\n\r\nthe photos from Lisbon are up, have a look when you have a minute.\r\n"
PLAIN = _head("Content-Type: text/plain; charset=utf-8")


def test_a_plain_prefix_with_a_job_word_signals() -> None:
    verdict = judge_prefix(PLAIN, RECRUITER.encode())
    assert verdict.signal
    assert verdict.reason.rule.startswith("peek_")


def test_a_friends_prefix_has_no_signal_and_says_so() -> None:
    verdict = judge_prefix(PLAIN, FRIEND.encode(), limit=2048)
    assert verdict.signal == ""
    assert verdict.reason == Reason("peek", "no job signal in the first 2048 bytes")


@pytest.mark.parametrize(
    "text",
    [
        "Hallo Alice, hätten Sie am Donnerstag um 14 Uhr Zeit für ein kurzes Telefonat?",
        "Bonjour Alice, seriez-vous disponible jeudi à 14h pour un échange sur le poste ?",
        "Hola Alice, ¿tienes tiempo el jueves a las 14:00 para hablar del puesto?",
        "Hi Alice, would Tuesday 10:30 work for a first conversation with our CTO?",
    ],
    ids=["de", "fr", "es", "en-time"],
)
def test_scheduling_in_four_languages_signals(text: str) -> None:
    assert judge_prefix(PLAIN, text.encode()).signal


@pytest.mark.parametrize(
    "text",
    [
        "On Mon, 2 Mar 2026 at 8:14, Lea Park <lea@icloud.com> wrote:\r\n> great pics",
        "Your train leaves Hamburg Hbf at 07:04 from platform 5.",
        "> are you free Thursday at 2pm to talk about the role?",  # the user's own quoted words
    ],
    ids=["attribution", "time-alone", "quoted"],
)
def test_a_time_alone_or_quoted_text_is_no_signal(text: str) -> None:
    assert judge_prefix(PLAIN, text.encode()).signal == ""


def test_a_multipart_prefix_is_judged_by_its_first_text_part_quoted_printable() -> None:
    head = _head('Content-Type: multipart/alternative; boundary="b1"')
    body = (
        "This is a multi-part message in MIME format.\r\n--b1\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable"
        "\r\n\r\nare you free Thurs=\r\nday at 2pm for the Senior Engineer r=C3=B4le=3F\r\n--b1\r\n"
        "Content-Type: text/html\r\n\r\n<p>x</p>\r\n--b1--\r\n"
    )
    verdict = judge_prefix(head, body.encode())
    assert verdict.signal
    assert "Thursday" in verdict.text


def test_a_nested_multipart_with_a_base64_html_part_cut_in_the_middle_is_decoded() -> None:
    html = (
        "<html><head><style>p {color: red}</style></head><body><p>Hi Alice,</p><p>are you "
        "free on <b>Thursday</b> for a call about the role?</p>" + "<p>filler</p>" * 300
    )
    encoded = base64.encodebytes(html.encode()).decode().replace("\n", "\r\n")
    head = _head('Content-Type: multipart/mixed; boundary="outer"')
    body = (
        '--outer\r\nContent-Type: multipart/alternative; boundary="inner"\r\n\r\n--inner\r\n'
        "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + encoded
    )
    prefix = body.encode()[:PEEK_BYTES]  # cut mid-part, mid-line
    verdict = judge_prefix(head, prefix)
    assert "are you free on Thursday" in verdict.text
    assert "color" not in verdict.text
    assert verdict.signal


def test_a_single_part_base64_body_is_decoded() -> None:
    head = _head("Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64")
    assert judge_prefix(head, base64.encodebytes(RECRUITER.encode())[:61]).text.startswith("Hi Alice")


def test_an_html_only_body_cut_inside_a_tag_is_turned_into_text() -> None:
    head = _head("Content-Type: text/html; charset=utf-8")
    body = b'<html><body><div>Hi Alice, are you free on Thursday at 2pm?</div><div class="sig'
    verdict = judge_prefix(head, body)
    assert "are you free on Thursday at 2pm" in verdict.text
    assert verdict.signal


def test_an_attachment_only_prefix_has_no_text_and_no_signal() -> None:
    head = _head('Content-Type: multipart/mixed; boundary="m"')
    body = (
        b'--m\r\nContent-Type: application/pdf; name="interview.pdf"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--m--\r\n"
    )
    verdict = judge_prefix(head, body)
    assert (verdict.text, verdict.signal) == ("", "")


def test_an_empty_or_garbled_prefix_never_raises() -> None:
    for head, body in (
        (PLAIN, b""),
        (_head("Content-Type: multipart/mixed"), b"\xff\xfe--x"),
        (_head("Content-Transfer-Encoding: base64"), b"!!!="),
        (_head("Content-Transfer-Encoding: quoted-printable"), b"=E"),
    ):
        assert judge_prefix(head, body).signal == ""
