"""Classification rules, pinned with literal messages."""

from __future__ import annotations

from followupd.core.model import Kind
from followupd.mail import understand

ME = b"To: Sam Rivera <sam@example.org>\r\n"


def _msg(headers: str, body: str) -> bytes:
    return headers.encode() + ME + b"\r\n" + body.encode()


def test_quoted_decision_words_do_not_make_a_decision() -> None:
    raw = _msg(
        "From: Lena <lena@acme.example>\r\nSubject: Re: Follow-up\r\nIn-Reply-To: <s1@x>\r\n",
        "Hi Sam, no news yet - the team is still interviewing.\n\n"
        "On Mon, 3 Mar 2025 at 09:00, Sam <sam@example.org> wrote:\n"
        "> I understand if you have decided to move forward with other candidates.\n"
        "> Unfortunately we will let you know our decision...\n")
    facts = understand(raw)
    assert facts.kind is Kind.REPLY


def test_outlook_quoted_header_block_is_history() -> None:
    raw = _msg(
        "From: Sofia <sofia@fabrikam.example>\r\nSubject: RE: Interview feedback\r\n",
        "I'll share the panel's feedback about the interview on Monday.\n\n"
        "From: Sam Rivera <sam@example.org>\nSent: Friday, March 7, 2025 16:20\n"
        "Subject: Interview feedback\n\nWe regret to inform you that you were not selected.\n")
    assert understand(raw).kind is Kind.REPLY


def test_reply_subject_is_history_not_an_invitation() -> None:
    raw = _msg("From: Anna <anna@norrsken.example>\r\nSubject: Re: Interview invitation\r\n",
               "Thanks, see you then!")
    assert understand(raw).kind is Kind.REPLY


def test_ats_rejection_from_noreply_with_auto_generated_is_a_rejection() -> None:
    raw = _msg(
        "From: Acme Recruiting <no-reply@us.greenhouse-mail.io>\r\nSubject: Your application\r\n"
        "Auto-Submitted: auto-generated\r\n",
        "Thank you for applying. After careful consideration we have decided to move forward "
        "with other candidates.")
    facts = understand(raw)
    assert facts.kind is Kind.REJECTION
    assert facts.company == "Acme"
    assert any(r.rule == "outranks_automated" for r in facts.reasons)


def test_ats_interview_invitation_from_noreply_is_an_interview() -> None:
    raw = _msg("From: Initech <no-reply@ashbyhq.com>\r\nSubject: Next steps\r\n"
               "Auto-Submitted: auto-generated\r\n",
               "We would like to invite you to a 60 minute system design interview.")
    assert understand(raw).kind is Kind.INTERVIEW


def test_application_acknowledgement_is_automated() -> None:
    raw = _msg("From: Northwind <no-reply@hire.lever.co>\r\nSubject: Thanks for applying\r\n",
               "Your application has been received and our team will review it.")
    assert understand(raw).kind is Kind.AUTOMATED


def test_rfc3834_auto_replied_is_an_auto_reply_even_with_decision_words() -> None:
    raw = _msg("From: Kim <kim@hooli.example>\r\nSubject: Checking in\r\n"
               "Auto-Submitted: auto-replied\r\n",
               "I am away. Unfortunately we have decided not to move forward with anything "
               "until I'm back.")
    assert understand(raw).kind is Kind.AUTO_REPLY


def test_x_auto_response_suppress_alone_is_not_automated() -> None:
    raw = _msg("From: Daniel <daniel@contoso.example>\r\nSubject: Salary\r\n"
               "X-Auto-Response-Suppress: All\r\n",
               "Could you share your salary expectations for the role?")
    assert understand(raw).kind is Kind.REPLY


def test_job_alert_mentioning_interviews_and_offers_stays_automated() -> None:
    raw = _msg("From: LinkedIn <jobalerts-noreply@linkedin.com>\r\nSubject: 12 new jobs for you\r\n"
               "List-Unsubscribe: <https://linkedin.com/u>\r\n",
               "We'd like to invite you to an interview! Pleased to offer you these roles.")
    assert understand(raw).kind is Kind.AUTOMATED


def test_german_out_of_office_subject_gives_auto_reply_and_return_date() -> None:
    raw = _msg("From: Katrin <k@hansetech.example>\r\nSubject: Abwesenheitsnotiz: Bewerbung\r\n"
               "Date: Mon, 03 Mar 2025 08:00:00 +0100\r\n",
               "Ich bin bis 14.03.2025 nicht im Büro. Ab dem 17.03.2025 bin ich wieder da.")
    facts = understand(raw)
    assert facts.kind is Kind.AUTO_REPLY
    assert str(facts.return_date) == "2025-03-17"


def test_dsn_gives_bounce_with_failed_recipient_and_permanence() -> None:
    raw = (b"From: MAILER-DAEMON@mx.example (Mail Delivery System)\r\n"
           b"Subject: Undelivered Mail Returned to Sender\r\n"
           b"Content-Type: multipart/report; report-type=delivery-status; boundary=R\r\n\r\n"
           b"--R\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--R\r\n"
           b"Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
           b"Final-Recipient: rfc822; lena@acme.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"
           b"\r\n--R--\r\n")
    facts = understand(raw)
    assert facts.kind is Kind.BOUNCE
    assert facts.bounce_recipient == "lena@acme.example"
    assert facts.bounce_permanent


def test_non_rfc_bounce_with_retry_is_soft() -> None:
    raw = _msg("From: Mail Delivery System <Mailer-Daemon@mx1.example>\r\n"
               "Subject: Warning: message delayed 24 hours\r\n",
               "The address to which the message has not yet been delivered is:\n\n"
               "  talent@slow.example\n    451 4.7.1 Greylisted, please try again later\n"
               "Delivery attempts will continue for some time.")
    facts = understand(raw)
    assert facts.kind is Kind.BOUNCE
    assert facts.bounce_recipient == "talent@slow.example"
    assert not facts.bounce_permanent


def test_position_filled_is_a_rejection() -> None:
    raw = _msg("From: Jade <jade@brightpath.example>\r\nSubject: Update\r\n",
               "Thanks for your patience. The role has now been filled.")
    assert understand(raw).kind is Kind.REJECTION


def test_negated_offer_is_not_an_offer() -> None:
    raw = _msg("From: Kim <kim@hooli.example>\r\nSubject: Update\r\n",
               "We are not able to offer you the position at this time.")
    assert understand(raw).kind is not Kind.OFFER


def test_offer_is_recognised() -> None:
    raw = _msg("From: Lena <lena@acme.example>\r\nSubject: Good news\r\n",
               "We're delighted to offer you the position of Senior Backend Engineer.")
    assert understand(raw).kind is Kind.OFFER


def test_text_cancellation_without_new_time_is_interview_cancelled() -> None:
    raw = _msg("From: Jade <jade@brightpath.example>\r\nSubject: Wednesday\r\n",
               "I'm afraid we need to cancel Wednesday's interview with Alex.")
    assert understand(raw).kind is Kind.INTERVIEW_CANCELLED


def test_mail_without_job_context_is_unrelated() -> None:
    raw = _msg("From: Nora <nora@posteo.de>\r\nSubject: Dinner?\r\n",
               "Pasta night at ours on Saturday. Unfortunately no dessert this time.")
    assert understand(raw).kind is Kind.UNRELATED


def test_own_address_is_outbound_and_keeps_threading() -> None:
    raw = (b"From: Sam <SAM@example.org>\r\nTo: lena@acme.example\r\nSubject: Re: x\r\n"
           b"In-Reply-To: <l1@acme.example>\r\n\r\nWe regret to inform you - just kidding.\r\n")
    facts = understand(raw, own_addresses=frozenset({"sam@example.org"}))
    assert facts.kind is Kind.OUTBOUND
    assert facts.in_reply_to == "<l1@acme.example>"


def test_token_header_marks_our_draft() -> None:
    raw = (b"From: sam@example.org\r\nX-Followupd-Token: tok-123\r\nSubject: Thanks\r\n\r\nhi\r\n")
    facts = understand(raw, own_addresses=frozenset({"sam@example.org"}))
    assert facts.kind is Kind.OUR_DRAFT
    assert facts.followupd_token == "tok-123"


def test_unparsable_input_gives_unclassified_with_parse_error() -> None:
    levels = 3000
    body = b"Content-Type: text/plain\r\n\r\nx\r\n"
    for i in range(levels):
        body = (b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (i, i) + body
                + b"\r\n--b%d--\r\n" % i)
    facts = understand(b"From: a@b.example\r\n" + body)
    assert facts.kind is Kind.UNCLASSIFIED
    assert facts.reasons[0].rule == "parse_error"
    assert facts.message_id.endswith("@followupd.invalid>")


def test_a_decision_phrase_broken_across_lines_is_still_read() -> None:
    raw = (b"From: Jane Roe <jane.roe@acme.example>\r\nTo: alice@example.org\r\n"
           b"Subject: Your application\r\nDate: Wed, 04 Mar 2026 09:00:00 +0100\r\n"
           b"Message-ID: <wrapped@acme.example>\r\n\r\nHi Alice,\r\n\r\nthank you for your time. "
           b"After careful consideration we have decided to move\r\nforward with other candidates "
           b"for this role.\r\n\r\nBest,\r\nJane\r\n")
    assert understand(raw).kind is Kind.REJECTION
