"""The detector behind the Classifier seam: protocol facts stay rules, confidence tiers never
let an unsure decision through, context is a prior, the shipped weights load and explain."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from mailgen import reply_from

from followupd.adapters.detector import load_classifier, read_model
from followupd.cli import main
from followupd.core.errors import ModelError
from followupd.core.model import Kind
from followupd.mail import understand
from followupd.mail.classify.evaluate import Case, format_report, score
from followupd.mail.classify.families import family_hits
from followupd.mail.classify.features import FEATURE_VERSION, features
from followupd.mail.classify.linear import LinearModel
from followupd.mail.classify.scored import ScoredClassifier
from followupd.mail.classify.verdict import ThreadContext, Verdict
from followupd.mail.parse import parse

CORPUS = Path(__file__).parent / "corpus"
THREAD = ThreadContext(in_thread=True)
CORRESPONDENT = ThreadContext(known_correspondent=True)


def mail(body: str, subject: str = "Re: Interview invitation: Senior Backend Engineer at Acme",
         extra: str = "") -> bytes:
    return reply_from(body, subject=subject, date="Thu, 05 Mar 2026 10:00:00 +0100",
                      message_id="<r1@acme.example>", extra=extra)


def toy(weights: dict[str, tuple[float, float, float]], *, temperature: float = 1.0) -> LinearModel:
    """A hand-made model over three kinds, to pin the tiers without the trained weights."""
    return LinearModel(labels=("reply", "rejection", "unrelated"), bias=(0.0, 0.0, 0.0),
                       weights=weights, temperature=temperature, feature_version=FEATURE_VERSION)


# -- tiers, with a hand-made model ----------------------------------------------------------

def test_a_confident_decision_is_taken() -> None:
    detector = ScoredClassifier(toy({"f:rejection": (0.0, 30.0, 0.0)}), decide_at=0.8)
    verdict = detector.classify(parse(mail("Unfortunately we went with another candidate.")))
    assert verdict.kind is Kind.REJECTION
    assert verdict.confidence >= 0.8
    assert verdict.unsure is None


def test_an_unsure_decision_is_held_as_its_safe_reading() -> None:
    detector = ScoredClassifier(toy({"f:rejection": (0.0, 3.0, 0.0)}), decide_at=0.95, ask_at=0.3)
    verdict = detector.classify(parse(mail("Unfortunately we went with another candidate.")))
    assert verdict.kind is Kind.REPLY
    assert verdict.unsure is Kind.REJECTION
    assert 0.3 <= verdict.unsure_confidence < 0.95
    assert any(r.rule == "unsure_decision" for r in verdict.reasons)


def test_on_hold_phrases_never_let_a_rejection_be_final() -> None:
    detector = ScoredClassifier(toy({"f:rejection": (0.0, 30.0, 0.0)}), decide_at=0.8)
    verdict = detector.classify(parse(mail(
        "Unfortunately the role has been put on hold; we will not be moving forward for now.")))
    assert verdict.kind is not Kind.REJECTION
    assert verdict.unsure is Kind.REJECTION
    assert any(r.rule == "guard" for r in verdict.reasons)


@pytest.mark.parametrize("body", [
    "Sorry for our delayed answer. Unfortunately we went with another candidate.",
    "Aufgrund der hohen Anzahl an Bewerbungen hat sich unsere Rückmeldung leider verzögert. "
    "Leider haben wir uns für eine andere Kandidatin entschieden.",
])
def test_an_apology_for_a_delayed_answer_does_not_hold_a_rejection(body: str) -> None:
    detector = ScoredClassifier(toy({"f:rejection": (0.0, 30.0, 0.0)}), decide_at=0.8)
    verdict = detector.classify(parse(mail(body)))
    assert verdict.kind is Kind.REJECTION
    assert "delay" in family_hits(body.casefold())  # still evidence for the model


def test_shop_phrases_never_let_an_offer_be_final() -> None:
    model = LinearModel(labels=("offer", "unrelated"), bias=(0.0, 0.0),
                        weights={"f:offer": (30.0, 0.0)}, feature_version=FEATURE_VERSION)
    verdict = ScoredClassifier(model, decide_at=0.8).classify(parse(mail(
        "We are happy to offer you a formal offer: 20% off, use the coupon at checkout.",
        subject="An offer for you")))
    assert verdict.kind is Kind.UNRELATED
    assert verdict.unsure is Kind.OFFER


@pytest.mark.parametrize("body", [
    "Congratulations, you have been selected! A representative will contact you to continue "
    "the selection process.",
    "¡Felicidades, has sido seleccionado! La empresa te contactará para continuar con el proceso.",
    "Félicitations ! Nous allons poursuivre le processus avec vous la semaine prochaine.",
])
def test_an_offer_while_the_process_goes_on_is_never_final(body: str) -> None:
    model = LinearModel(labels=("offer", "reply"), bias=(0.0, 0.0),
                        weights={"w:selected": (30.0, 0.0), "w:seleccionado": (30.0, 0.0),
                                 "w:félicitations": (30.0, 0.0)},
                        feature_version=FEATURE_VERSION)
    verdict = ScoredClassifier(model, decide_at=0.8).classify(parse(mail(body)))
    assert verdict.kind is Kind.REPLY
    assert verdict.unsure is Kind.OFFER
    assert any(r.rule == "guard" and "process continues" in r.detail for r in verdict.reasons)


@pytest.mark.parametrize("text", [
    "You can apply for this oferta laboral until Friday.", "Découvrez notre offre d'emploi.",
])
def test_a_job_ad_in_spanish_or_french_is_no_offer_evidence(text: str) -> None:
    assert "offer" not in family_hits(text.casefold())


def test_a_tracked_thread_makes_the_employer_kinds_likelier() -> None:
    detector = ScoredClassifier(toy({"w:thanks": (0.5, 0.0, 0.5)}))
    parsed = parse(mail("Thanks."))
    alone = detector.probabilities(parsed)
    in_thread = detector.probabilities(parsed, THREAD)
    assert in_thread[Kind.REPLY] > alone[Kind.REPLY]
    assert in_thread[Kind.UNRELATED] < alone[Kind.UNRELATED]


# -- protocol facts stay rules ---------------------------------------------------------------

def test_an_rfc3834_auto_reply_is_an_auto_reply_whatever_its_words() -> None:
    raw = mail("Unfortunately I am out of the office. We decided to move forward with others.",
               subject="Out of office", extra="Auto-Submitted: auto-replied\n")
    facts = understand(raw, classifier=load_classifier(), context=THREAD)
    assert facts.kind is Kind.AUTO_REPLY
    assert facts.confidence == 1.0


def test_a_delivery_report_is_a_bounce_with_certainty() -> None:
    facts = understand(next((CORPUS / "bounce").glob("*.eml")).read_bytes(),
                       classifier=load_classifier())
    assert facts.kind is Kind.BOUNCE
    assert facts.confidence == 1.0


# -- the shipped detector on the hard cases -------------------------------------------

NOT_DECISIONS = [
    "Unfortunately we will not be able to proceed with tomorrow's interview as planned, our "
    "hiring manager is ill. I will send you a new time early next week.",
    "The role has been put on hold for now due to budget planning. We will reach out once we "
    "know more.",
    "Thanks for your note! We are still meeting candidates and expect to get back to you next "
    "week.",
    # a newsletter's and a colleague's words that a rejection also uses
    "Big news: we're taking our app in a different direction this spring, with a better match "
    "between your playlists and your mood. Read more on our blog.",
    "After our call I think the vendor is not the right match for us; let's pursue other "
    "options. Can we sync Friday?",
]


@pytest.mark.parametrize("body", NOT_DECISIONS)
def test_the_shipped_detector_takes_no_final_decision_on_these(body: str) -> None:
    for context in (ThreadContext(), THREAD, CORRESPONDENT):
        facts = understand(mail(body), classifier=load_classifier(), context=context)
        assert not facts.kind.is_decision, facts.reasons


def test_a_shop_offer_is_never_an_offer() -> None:
    raw = (b"From: Shoes <news@shoes.example>\r\nTo: alice@example.org\r\nSubject: Exclusive\r\n"
           b"Message-ID: <s@shoes.example>\r\nList-Unsubscribe: <mailto:u@shoes.example>\r\n\r\n"
           b"Dear customer, we are happy to offer you 20% off all shoes. Shop now!\r\n")
    facts = understand(raw, classifier=load_classifier())
    assert facts.kind is not Kind.OFFER


def test_a_plain_rejection_in_the_thread_is_a_rejection_with_its_reasons() -> None:
    facts = understand(mail("Thank you for your time. Unfortunately we have decided to move "
                            "forward with other candidates whose experience matches the role."),
                       classifier=load_classifier(), context=THREAD)
    assert facts.kind is Kind.REJECTION
    assert facts.reasons[0].rule == "model"
    assert "rejection" in facts.reasons[0].detail


@pytest.mark.parametrize("body", [
    "Thank you for taking the time to interview with us. The team was impressed, but we have "
    "decided to pursue candidates whose experience more closely aligns with the role.",
    "Thanks again for your interest. At this time we have chosen to move ahead with another "
    "applicant.",
    "Your application for the role of Data Analyst has been reviewed. Regrettably, we are "
    "unable to take it further.",
])
def test_the_shipped_detector_decides_a_rejection_put_in_other_words(body: str) -> None:
    raw = (b"From: Northwind Careers <no-reply@greenhouse.io>\r\nTo: sam@example.org\r\n"
           b"Subject: Your application to Northwind\r\nMessage-ID: <x@greenhouse.io>\r\n\r\n"
           + body.encode() + b"\r\n")
    facts = understand(raw, classifier=load_classifier())
    assert facts.kind is Kind.REJECTION, facts.reasons


# -- weights ----------------------------------------------------------------------------------

def test_the_shipped_weights_match_the_features_and_carry_thresholds() -> None:
    model = read_model()
    assert model.feature_version == FEATURE_VERSION
    assert {"offer", "rejection", "interview", "reply"} <= set(model.labels)
    assert 0.5 <= model.thresholds["decide_at"] <= 0.99
    assert model.thresholds["ask_at"] < model.thresholds["decide_at"]


def test_weights_for_other_features_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.json.gz"
    path.write_bytes(gzip.compress(json.dumps({
        "feature_version": FEATURE_VERSION + 1, "labels": ["a"], "bias": [0.0],
        "weights": {}}).encode()))
    with pytest.raises(ModelError, match="trained on features"):
        read_model(path)


def test_malformed_weights_are_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "w.json.gz"
    path.write_bytes(b"not gzip")
    with pytest.raises(ModelError, match="cannot read the detector weights"):
        read_model(path)


def test_features_are_normalised_per_block() -> None:
    feats = features(parse(mail("Unfortunately we went with another candidate. " * 20)))
    words = [v for k, v in feats.items() if k.startswith("w:")]
    assert abs(sum(v * v for v in words) - 1.0) < 1e-9
    assert feats["f:rejection"] > 0


# -- evaluation -------------------------------------------------------------------------------

def test_the_report_counts_false_decisions_and_held_ones() -> None:
    cases = [
        Case("a", "reply", Verdict(Kind.REJECTION, 0.9, ())),
        Case("b", "rejection", Verdict(Kind.REPLY, 0.5, (), unsure=Kind.REJECTION)),
        Case("c", "rejection", Verdict(Kind.REJECTION, 0.99, ())),
        Case("d", "automated", Verdict(Kind.UNRELATED, 0.7, ())),
    ]
    report = score(cases)
    by_kind = {k.kind: k for k in report.kinds}
    assert [c.name for c in report.false_decisions] == ["a"]
    assert by_kind["rejection"].recall == 0.5
    assert by_kind["rejection"].held == 1
    assert by_kind["not_job"].recall == 1.0  # automated and unrelated are one group


def test_recall_is_broken_down_by_the_language_of_the_human_kinds() -> None:
    cases = [
        Case("en1", "rejection", Verdict(Kind.REJECTION, 0.9, ()), "en"),
        Case("en2", "rejection", Verdict(Kind.UNRELATED, 0.6, ()), "en"),
        Case("de1", "rejection", Verdict(Kind.REJECTION, 0.9, ()), "de"),
        Case("de2", "offer", Verdict(Kind.OFFER, 0.9, ()), "de"),
        Case("xx", "interview", Verdict(Kind.AUTOMATED, 0.5, ()), ""),
        Case("bn", "bounce", Verdict(Kind.BOUNCE, 0.9, ()), "en"),  # not a human kind
    ]
    report = score(cases)
    assert report.by_language == {"de": {"offer": (1, 1), "rejection": (1, 1)},
                                  "en": {"rejection": (2, 1)}, "": {"interview": (1, 0)}}
    assert list(report.by_language) == ["de", "en", ""]  # the unknown language last
    assert report.as_json()["by_language"]["en"]["rejection"]["recall"] == 0.5
    table = format_report(report)
    assert "recall by language" in table
    assert "1/2 0.50" in table
    assert "0/1 0.00" in table


def test_eval_reads_label_folders_and_prints_the_table(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for label in ("rejection", "bounce"):
        (tmp_path / label).mkdir()
        for src in sorted((CORPUS / label).glob("*.eml"))[:2]:
            (tmp_path / label / src.name).write_bytes(src.read_bytes())
    assert main(["eval", str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["total"] == 4
    assert set(report["kinds"]) >= {"rejection", "bounce"}
    assert report["cost_ms"]["median"] > 0
    assert report["by_language"]["en"]["rejection"]["support"] == 2  # the corpus is in English


def test_eval_refuses_folders_that_are_not_kinds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "spam").mkdir()
    assert main(["eval", str(tmp_path)]) == 64
    assert "not kinds" in capsys.readouterr().err


# -- phrase families: how each kind is said, per language (our own sentences) ----------------

PHRASINGS = [
    ("rejection", "after much thought we chose another candidate for the analyst role."),
    ("rejection", "we won't be taking your application further, and we wish you well."),
    ("rejection", "wir bedauern, ihnen keine positive nachricht geben zu können."),
    ("rejection", "wir haben uns für andere bewerber entschieden und wünschen ihnen alles gute."),
    ("rejection", "we have made the difficult decision to decline your application."),
    ("rejection", "trotz ihrer qualifikation gab es eine person, die noch besser passte."),
    ("rejection", "nous regrettons de vous dire que votre dossier n'a pas été retenu."),
    ("rejection", "nous avons choisi d'autres candidats pour ce poste."),
    ("rejection", "lamentamos decirte que en esta ocasión no continuarás en el proceso."),
    ("rejection", "tu candidatura ha sido rechazada para esta vacante."),
    ("rejection", "we have decided to pursue candidates whose experience more closely aligns."),
    ("rejection", "we've decided to go in a different direction for this role."),
    ("rejection", "i'm sorry to say that you have not been successful on this occasion."),
    ("rejection", "at this time we have chosen to move ahead with another applicant."),
    ("rejection", "regrettably, we are unable to take it further."),
    ("rejection", "we have identified candidates who better match our current requirements."),
    ("rejection", "we will not be able to invite you to the next stage of the process."),
    ("rejection", "the role you applied for is no longer open, as the requisition was closed."),
    ("rejection", "you're not the right match for this particular role."),
    ("rejection", "wir haben uns für eine kandidatin entschieden, deren profil besser passt."),
    ("rejection", "wir haben uns entschieden, den prozess mit dir nicht fortzusetzen."),
    ("rejection", "nous avons décidé de poursuivre avec un profil plus proche de nos besoins."),
    ("rejection", "hemos decidido seguir con perfiles que se ajustan mejor al puesto."),
    ("rejection", "lamentamos comunicarte que no has superado esta fase del proceso."),
    ("offer", "nos gustaría ofrecerte el puesto de analista de datos."),
    ("offer", "we would like to offer you the role, with a start date in april."),
    ("offer", "wir freuen uns, ihnen ein angebot für die position zu machen."),
    ("offer", "nous sommes ravis de vous annoncer que votre candidature a été acceptée."),
    ("offer", "nos alegra decirte que has sido seleccionado para el puesto."),
    ("interview", "could we set up a video call on tuesday? here is my calendly link."),
    ("interview", "i'd love to set up an intro call this week. what times work for you?"),
    ("interview", "wir möchten sie gerne zu einem vorstellungsgespräch einladen."),
    ("interview", "nous souhaitons vous inviter à un entretien la semaine prochaine."),
    ("interview", "te invitamos a una entrevista el jueves a las 10."),
    ("reschedule", "can we move the interview? i would suggest a new date next week."),
    ("reschedule", "wir müssen das gespräch leider verschieben."),
    ("reschedule", "nous devons reporter l'entretien à une nouvelle date."),
    ("reschedule", "necesitamos reprogramar la entrevista para otro horario."),
]


@pytest.mark.parametrize(("family", "text"), PHRASINGS)
def test_each_kind_has_its_phrase_family_in_every_language(family: str, text: str) -> None:
    assert family in family_hits(text)


@pytest.mark.parametrize("text", [
    "we regret that you have not been selected for an interview.",
    "leider wurden sie nicht ausgewählt.",
    "votre candidature n'a pas été sélectionnée.",
    "lamentablemente no has sido seleccionado para el puesto.",
])
def test_a_negated_positive_phrase_is_negation_not_an_offer(text: str) -> None:
    hits = family_hits(text)
    assert "negated" in hits
    assert "offer" not in hits
    assert "offer_made" not in hits


@pytest.mark.parametrize("text", [
    "big news: we're taking our app in a different direction, with a better match for your mood.",
    "after our call i think the vendor is not the right match for us; let's pursue other options.",
    "sorry, the apartment has been rented to another applicant. good luck with your search!",
    "your support request has been closed; reply to reopen it.",
    "wir haben entschieden, den newsletter in dieser form nicht fortzusetzen.",
])
def test_a_newsletters_or_a_landlords_words_are_no_rejection_phrases(text: str) -> None:
    assert "rejection" not in family_hits(text)


@pytest.mark.parametrize("text", [
    "i'd like you to join the workshop on thursday as a speaker.",
    "wir freuen uns, ihnen unseren neuen tarif anbieten zu dürfen. den vertrag schicken wir ihnen.",
    "¡enhorabuena! has ganado un cupón de 10 € para tu próxima compra.",
])
def test_an_invitation_to_join_something_else_is_no_offer_phrase(text: str) -> None:
    assert "offer" not in family_hits(text)


def test_a_plain_positive_phrase_is_not_negated() -> None:
    hits = family_hits("good news: you have been selected for the position.")
    assert "offer" in hits
    assert "negated" not in hits


def test_a_rejection_about_another_matter_is_never_final() -> None:
    body = "We regret to inform you that your payment request has been rejected. Please resubmit."
    detector = ScoredClassifier(toy({"f:rejection": (0.0, 30.0, 0.0)}), decide_at=0.8)
    verdict = detector.classify(parse(mail(body, subject="Payment")))
    assert verdict.kind is not Kind.REJECTION
    assert verdict.unsure is Kind.REJECTION


@pytest.mark.parametrize(("subject", "body"), [
    ("Your proposal: The future of data", "Unfortunately we cannot accept your "
     "proposal. There were too many great proposals; we hope to see you as an attendee."),
    ("PERMANENT/FULL TIME JOB | Security Analyst", "I found your profile to be an excellent match. "
     "Please accept my apologies if this role is not a fit for your profile."),
])
def test_a_declined_talk_or_a_recruiters_cold_mail_is_never_a_final_rejection(subject: str,
                                                                             body: str) -> None:
    detector = ScoredClassifier(toy({"f:rejection": (0.0, 30.0, 0.0)}), decide_at=0.8)
    verdict = detector.classify(parse(mail(body, subject=subject)))
    assert verdict.kind is not Kind.REJECTION
    assert verdict.unsure is Kind.REJECTION
    assert any(r.rule == "guard" for r in verdict.reasons)


def offer_toy() -> LinearModel:
    return LinearModel(labels=("reply", "offer", "unrelated"), bias=(0.0, 0.0, 0.0),
                       weights={"f:offer": (0.0, 30.0, 0.0), "f:offer_made": (0.0, 30.0, 0.0)},
                       temperature=1.0, feature_version=FEATURE_VERSION)


@pytest.mark.parametrize(("subject", "body"), [
    ("Offer Revoked", "We regret to inform you that the offer letter for the position of Data "
     "Analyst, which was previously extended to you, has been revoked. The offer has been "
     "withdrawn."),
    ("Einladung zur zweiten Phase", "Wir freuen uns, Ihnen mitteilen zu können, dass Sie für die "
     "zweite Phase ausgewählt wurden. Sie haben die Zusage für die nächste Runde."),
    ("Next steps", "Congratulations! You have been selected for an interview. Welcome to the next "
     "round; the job offer will follow the interviews."),
    ("Your declined offer", "We are emailing to confirm you have declined your job offer letter."),
    ("Job offer accepted by applicant", "Dear HR team, the applicant Jane Roe has accepted the "
     "job offer for the position of Data Analyst. You may now proceed with onboarding."),
    ("Job offer approval required", "Dear management, a job offer proposal for the position of "
     "Data Analyst requires your approval."),
    ("Resultado de tu prueba", "¡Felicitaciones! Has superado el examen del proceso de selección "
     "para el puesto. Nos gustaría invitarte a una entrevista el lunes a las 10:00."),
])
def test_an_offer_taken_back_a_next_round_or_the_employers_side_is_never_a_final_offer(
        subject: str, body: str) -> None:
    detector = ScoredClassifier(offer_toy(), decide_at=0.8)
    verdict = detector.classify(parse(mail(body, subject=subject)))
    assert verdict.kind is not Kind.OFFER
    assert verdict.unsure is Kind.OFFER
    assert any(r.rule == "guard" for r in verdict.reasons)


@pytest.mark.parametrize(("subject", "body"), [
    ("Funding decision", "We regret to inform you that your application for funding has not "
     "been successful. We have let your research organisation know."),
    ("Votre demande d'absence a été refusée", "La demande d'absence que vous avez soumise pour "
     "votre poste a été refusée."),
    ("Nueva vacante", "Hemos detectado una nueva vacante para tu perfil: te recomendamos "
     "postularte pronto. ¡Te deseamos mucho éxito en tu búsqueda laboral!"),
])
def test_a_grant_a_leave_request_or_a_job_alert_is_never_a_final_rejection(subject: str,
                                                                           body: str) -> None:
    detector = ScoredClassifier(toy({"f:rejection": (0.0, 30.0, 0.0)}), decide_at=0.8)
    verdict = detector.classify(parse(mail(body, subject=subject)), THREAD)
    assert verdict.kind is not Kind.REJECTION
    assert verdict.unsure is Kind.REJECTION
    assert any(r.rule == "guard" for r in verdict.reasons)


def test_an_organisations_programme_application_turned_down_is_never_a_final_rejection() -> None:
    body = ("Unfortunately, we were unable to accept your organization's application at this time. "
            "We would encourage you to reapply.")
    detector = ScoredClassifier(toy({"f:rejection": (0.0, 30.0, 0.0)}), decide_at=0.8)
    verdict = detector.classify(parse(mail(body, subject="Organization application")))
    assert verdict.kind is not Kind.REJECTION
    assert verdict.unsure is Kind.REJECTION


BARE_REGRETS_ELSEWHERE = [
    ("Registration not confirmed", "Unfortunately the details you gave us are incorrect. Please "
     "check them and register again."),
    ("Ihre Anmeldung", "Leider konnten wir Ihre Anmeldung zum Kurs nicht bestätigen."),
    ("Inscription non validée", "Malheureusement les informations que vous avez fournies sont "
     "erronées. Merci de les vérifier."),
    ("Su inscripción", "Lamentablemente no podremos confirmar su inscripción al curso."),
]


@pytest.mark.parametrize(("subject", "body"), BARE_REGRETS_ELSEWHERE)
@pytest.mark.parametrize("context", [None, THREAD], ids=["stranger", "in a thread"])
def test_bare_regrets_with_no_word_of_a_job_are_never_a_final_rejection(
        subject: str, body: str, context: ThreadContext | None) -> None:
    detector = ScoredClassifier(toy({"f:rejection": (0.0, 30.0, 0.0)}), decide_at=0.8)
    parsed = parse(mail(body, subject=subject))
    verdict = detector.classify(parsed, context) if context else detector.classify(parsed)
    assert verdict.kind is not Kind.REJECTION
    assert verdict.unsure is Kind.REJECTION
    assert any(r.rule == "guard" and "no word of a job application" in r.detail
               for r in verdict.reasons)


@pytest.mark.parametrize(("subject", "body"), [
    ("Ihre Bewerbung", "Leider können wir Ihnen keine positive Nachricht geben."),
    ("Update", "Unfortunately we went with someone else."),
])
def test_a_job_word_or_a_specific_phrase_lets_a_rejection_be_final(subject: str,
                                                                   body: str) -> None:
    detector = ScoredClassifier(toy({"f:rejection": (0.0, 30.0, 0.0)}), decide_at=0.8)
    verdict = detector.classify(parse(mail(body, subject=subject)))
    assert verdict.kind is Kind.REJECTION


def test_a_reply_subjects_phrases_are_history_not_the_messages_own() -> None:
    reply = features(parse(mail("Thanks, see you then.")))
    first = features(parse(mail("Thanks, see you then.", subject="Interview invitation")))
    assert "rsf:interview" in reply
    assert "sf:interview" not in reply
    assert "sf:interview" in first
    assert "rsf:interview" not in first


def test_the_shipped_detector_reads_an_employers_progress_update_in_the_thread_as_a_reply() -> None:
    raw = mail("Hi Alice,\n\nthanks for checking in. We are still talking to a few candidates "
               "and I will come back to you soon.\n\nBest,\nJane")
    facts = understand(raw, classifier=load_classifier(), context=THREAD)
    assert facts.kind is Kind.REPLY, facts.reasons


def test_each_decision_can_have_its_own_threshold() -> None:
    model = toy({"f:rejection": (0.0, 3.0, 0.0)})
    strict = LinearModel(labels=model.labels, bias=model.bias, weights=model.weights,
                         temperature=1.0, feature_version=FEATURE_VERSION,
                         thresholds={"decide_at": 0.5, "decide_at_rejection": 0.99})
    body = "Unfortunately we went with another candidate."
    assert ScoredClassifier(strict).classify(parse(mail(body))).kind is not Kind.REJECTION
    loose = LinearModel(labels=model.labels, bias=model.bias, weights=model.weights,
                        temperature=1.0, feature_version=FEATURE_VERSION,
                        thresholds={"decide_at": 0.99, "decide_at_rejection": 0.5})
    assert ScoredClassifier(loose).classify(parse(mail(body))).kind is Kind.REJECTION


OWN_HARD_NEGATIVES = [
    ("Your appointment", "Your dental check-up is confirmed for Monday at 9:00. Reply to cancel."),
    ("Congratulations!", "Congratulations, you are now a premium member. Your plan renews monthly."),
    ("Farewell", "Today is my last day at the company. I wish you all the best in your future "
                 "endeavours and thank you for everything."),
    ("Ihre Bestellung", "Leider ist Ihre Bestellung nicht mehr verfügbar. Wir erstatten den Betrag."),
    ("Votre commande", "Malheureusement votre commande a été annulée. Vous serez remboursé."),
    ("Tu pedido", "Lamentablemente tu pedido ha sido rechazado por el banco. Puedes corregir el pago."),
]


@pytest.mark.parametrize(("subject", "body"), OWN_HARD_NEGATIVES)
def test_the_shipped_detector_decides_nothing_on_everyday_mail(subject: str, body: str) -> None:
    raw = (f"From: Someone <info@shop.example>\r\nTo: alice@example.org\r\nSubject: {subject}\r\n"
           f"Message-ID: <n@shop.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           f"{body}\r\n").encode()
    facts = understand(raw, classifier=load_classifier())
    assert not facts.kind.is_decision, facts.reasons


def test_in_a_tracked_thread_a_decision_needs_the_in_context_threshold() -> None:
    # The thread prior lifts a short employer follow-up as much as a rejection: in context the
    # decision has its own, higher threshold ("decide_at_rejection_thread").
    model = toy({"f:rejection": (0.0, 3.0, 0.0)})
    tuned = LinearModel(labels=model.labels, bias=model.bias, weights=model.weights,
                        temperature=1.0, feature_version=FEATURE_VERSION,
                        thresholds={"decide_at": 0.5, "decide_at_rejection": 0.5,
                                    "decide_at_rejection_thread": 0.99})
    detector = ScoredClassifier(tuned)
    body = "Unfortunately we went with another candidate."
    assert detector.classify(parse(mail(body))).kind is Kind.REJECTION
    in_thread = detector.classify(parse(mail(body)), THREAD)
    assert in_thread.kind is not Kind.REJECTION
    assert in_thread.unsure is Kind.REJECTION
