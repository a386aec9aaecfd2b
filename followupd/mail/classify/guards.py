"""Phrase families that keep a decision from being final (``scored._GUARDS``): the same
words as a rejection or an offer, said of something else — a shop's discount, a talk turned
down, the candidate's own withdrawal, a condition, the next round, an offer taken back.

Like every family (``families``) each is also a feature the model weighs; as a guard, a hit
turns a would-be decision into a question for the user.
"""

from __future__ import annotations

import re

GUARD_FAMILIES: dict[str, tuple[str, ...]] = {
    # The offer taken back ("the offer ... has been officially revoked"): a rejection that
    # speaks of the offer all along, so never a final offer.
    "offer_revoked": (
        "offer has been revoked", "offer has been rescinded", "offer has been withdrawn",
        "offer was revoked", "offer was rescinded", "offer was withdrawn", "offer revoked",
        "offer rescinded", "offer withdrawn", "revoke the offer", "rescind the offer",
        "withdraw the offer", "revoke our offer", "rescind our offer", "withdraw our offer",
        "letter revoked", "angebot zurückgezogen", "angebot zurückziehen", "zusage zurückgezogen",
        "zusage zurückziehen", "offre a été retirée", "offre est retirée", "retirer notre offre",
        "retirer l'offre", "offre a été annulée", "oferta ha sido retirada", "oferta ha sido revocada",
        "retirar la oferta", "revocar la oferta", "oferta fue retirada", "oferta fue revocada",
    ),
    # The process goes on ("a representative will contact you to continue the selection
    # process"): whatever the congratulations, not the end of it, so never a final offer.
    "process_continues": (
        "continue the selection process", "continue the recruitment process",
        "continue with the selection process", "continue the hiring process",
        "continue with the hiring process", "continue the interview process",
        "next stage of the selection", "next stage of the recruitment", "next step in the process",
        "next steps in the process", "proceed to the next stage", "move you forward to the next",
        "weiteren auswahlprozess", "weiteren bewerbungsprozess", "weiteren auswahlverfahren",
        "im weiteren verlauf des", "poursuivre le processus", "suite du processus",
        "prochaine étape du processus", "étape suivante du processus", "continuer le processus",
        "continuar con el proceso", "continuar el proceso", "siguiente etapa del proceso",
        "siguiente fase del proceso", "próxima etapa del proceso", "seguir con el proceso",
        "continuar o processo", "próxima etapa do processo",
        # the next round or phase of the selection ("Einladung zur zweiten Phase")
        "next round", "second round", "next phase", "second phase", "zweite phase",
        "zweiten phase", "nächste phase", "nächsten phase", "nächste runde", "nächsten runde",
        "zweite runde", "zweiten runde", "deuxième phase", "phase suivante", "prochaine phase",
        "deuxième tour", "prochain tour", "segunda fase", "siguiente ronda", "segunda ronda",
        "volgende ronde", "tweede ronde", "volgende fase",
        # chosen for the interview, not for the job
        "selected for an interview", "selected for the interview", "selected for interview",
        "shortlisted for an interview", "shortlisted for the interview",
        "für ein vorstellungsgespräch ausgewählt", "sélectionné pour un entretien",
        "seleccionado para una entrevista",
        # invited to the interview that comes next ("has superado el examen… nos gustaría
        # invitarte a una entrevista")
        "invite you to an interview", "invite you for an interview", "invite you to interview",
        "zu einem vorstellungsgespräch einladen", "zum vorstellungsgespräch einladen",
        "vous inviter à un entretien", "vous convier à un entretien", "inviter à un entretien",
        "invitarte a una entrevista", "invitarle a una entrevista", "avanzar en el proceso",
    ),
    "commerce": (
        "% off", "discount", "coupon", "shop now", "free shipping", "on sale", "promo code",
        "promotion", "black friday", "rabatt", "gutschein", "versandkostenfrei", "jetzt kaufen",
        "réduction", "soldes", "code promo", "livraison gratuite", "descuento", "rebajas",
        "envío gratis", "cupón",
        "your purchase", "your order", "subscription", "premium user", "bestellung", "abonnement",
        # a quote for goods or services ("Angebot" is a quote as often as a job offer)
        "quote number", "your quote", "quotation", "angebotsnummer", "bruttobetrag", "nettobetrag",
        "zzgl. mwst", "inkl. mwst", "angebot ansehen", "votre devis", "su presupuesto",
        "tu presupuesto",
        "commande", "suscripción", "pedido",
    ),
    # What a "we regret to inform you ... rejected" is about when it is not an application.
    "other_matter": (
        "your payment", "payment request", "your refund", "your order", "your booking",
        "your reservation", "your flight", "your claim", "your loan", "your account has been",
        "your job posting", "your job ad", "your listing", "your posting", "ihre zahlung",
        "ihre bestellung", "ihr konto wurde", "ihre stellenanzeige", "ihre anzeige",
        "votre paiement", "votre commande", "votre réservation", "votre compte a été",
        "votre annonce", "votre offre d'emploi a", "su pago", "su pedido", "tu pedido",
        "su reserva", "su cuenta ha sido", "tu cuenta ha sido", "su oferta de trabajo",
        "la siguiente oferta", "su publicación", "tu publicación",
        # an employee's own job ending is no answer to an application
        "employment has been terminated", "termination of your employment", "employment is terminated",
        "terminate your employment", "ihre kündigung", "kündigung ihres", "votre licenciement",
        "rupture de votre contrat", "su despido", "tu despido", "terminación de su contrato",
        # a talk or paper proposal turned down by a conference, not an application
        "your proposal", "your talk", "your paper", "call for papers", "call for proposals",
        "as a speaker", "als speaker", "als teilnehmer", "votre proposition de", "tu propuesta",
        "su propuesta", "como ponente",
        # "fix it and send it again": moderation of a document or posting, not a job decision
        "resubmit", "re-submit", "puedes corregir", "puede corregir", "vous pouvez corriger",
        "erneut einreichen", "correct and resend",
        # an organisation's application to a programme, a job post of yours: you are not the
        # candidate there
        "organization application", "organization's application", "organisation application",
        "organisation's application", "mentoring organization", "mentoring organisation",
        "your job post", "your vacancy", "your job listing", "application to organize",
        "application to organise", "ihre organisation", "votre organisation", "su organización",
        # an employee's leave request turned down (a leave planner's "demande d'absence refusée")
        "demande d'absence", "demande de congé", "leave request", "your leave", "time off request",
        "time-off request", "absence request", "urlaubsantrag", "abwesenheitsantrag",
        "beantragte urlaub", "angefragter urlaub", "solicitud de ausencia",
        "solicitud de vacaciones", "solicitud de permiso", "verlofaanvraag",
        # a research grant turned down ("your application for funding has not been successful")
        "application for funding", "funding application", "grant application",
        "funding decision", "your research organisation", "your research organization",
        "förderantrag", "ihr antrag auf förderung", "demande de financement",
        "demande de subvention", "solicitud de financiación", "solicitud de subvención",
    ),
    # The candidate's own step back: the employer answers it, it is not the employer's decision.
    "candidate_declined": (
        "decided to decline our", "decline our offer", "declined our offer", "declining our offer",
        "decided to withdraw", "withdraw your application", "withdrawn your application",
        "you have withdrawn", "your decision to decline", "your decision to withdraw",
        "unser angebot abgelehnt", "unser angebot nicht annehmen", "ihre bewerbung zurückgezogen",
        "ihren rückzug", "décliné notre offre", "décliner notre offre", "votre désistement",
        "retiré votre candidature", "rechazar nuestra oferta", "declinar nuestra oferta",
        "retirado tu candidatura", "retirado su candidatura", "retirar tu candidatura",
        # An ATS confirming the candidate's withdrawal ("Your application has been withdrawn
        # successfully"): the same closing words as a rejection, but the candidate's own step.
        "application has been withdrawn", "application was withdrawn", "application withdrawal",
        "successfully withdrawn", "bewerbung wurde zurückgezogen", "erfolgreich zurückgezogen",
        "candidature a été retirée",
        "candidature a bien été retirée", "candidatura ha sido retirada",
        "solicitud ha sido retirada",
        # the employer confirming the candidate turned the offer down
        "you have declined", "you declined", "declined your offer", "declined your job offer",
        "declined the offer", "declined the job offer", "vous avez décliné", "refusé notre offre",
        "has rechazado la oferta", "ha rechazado la oferta", "rechazaste la oferta",
    ),
    # The employer's side of the process: an ATS telling HR or management that the applicant
    # accepted or declined, or that an offer awaits approval ("Dear HR team, the applicant has
    # accepted the job offer"): the words of an offer, but the reader is not the candidate.
    "employer_side": (
        "dear hr team", "dear hr,", "dear management", "dear hiring manager", "dear hiring team",
        "dear recruitment team", "dear recruiter", "the applicant has", "the candidate has",
        "has accepted the job offer", "has accepted the offer", "has declined the job offer",
        "accepted by applicant", "rejected by applicant", "declined by applicant",
        "accepted by the applicant", "declined by the applicant", "accepted by the candidate",
        "declined by the candidate", "offer proposal", "submitted for approval",
        "requires your approval", "review and approval", "pending your approval",
        "liebes hr-team", "der bewerber hat", "die bewerberin hat", "zur freigabe",
        "le candidat a accepté", "le candidat a refusé", "la candidate a accepté",
        "en attente de validation", "el candidato ha aceptado", "el candidato ha rechazado",
        "la candidata ha aceptado", "pendiente de aprobación",
    ),
    # A job alert recommending new openings ("hemos detectado una nueva vacante… te recomendamos
    # postularte… mucho éxito en tu búsqueda laboral"): a job board's good wishes, not a
    # decision, even without list headers. (Not "job alert" or "similar jobs": an ATS's
    # rejection often invites the candidate to set one up.)
    "job_alert": (
        "nueva vacante", "nuevas vacantes", "vacantes para ti", "te recomendamos postularte",
        "empleos para ti", "ofertas para ti", "jobs for you", "recommended jobs",
        "jobs matching your", "jobs you may be interested in", "new job matches",
        "neue jobs für sie", "stellenangebote für sie", "jobs für sie", "offres pour vous",
        "nouvelles offres d'emploi",
    ),
    # A rejection said only as a condition ("if you have not heard from us within 30 days,
    # consider your application unsuccessful"; "otherwise we cannot continue"): not a decision.
    "conditional": (
        "if you do not hear from us", "if you don't hear from us", "if you have not heard from",
        "if you haven't heard from", "without a reply from us", "without hearing from us",
        "otherwise, unfortunately", "otherwise we will not be able", "otherwise we won't be able",
        "if the results are not", "nichts von uns hören", "nichts von uns gehört",
        "keine rückmeldung von uns", "andernfalls", "im gegenteiligen fall",
        "sans réponse de notre part", "sans nouvelles de notre part", "pas de nouvelles de notre",
        "dans le cas contraire", "en caso contrario", "de lo contrario", "si no recibes respuesta",
        "si no recibe respuesta", "sin respuesta de nuestra parte", "si no tienes noticias",
        "si no tiene noticias",
        # a recruiter's cold mail: "apologies if this role is not a fit for your profile"
        "if this role is not", "if this role isn't", "if this is not a fit", "if this isn't a fit",
        "if this position is not", "if you are not interested", "if you're not interested",
        "if not interested",
    ),
}


# A rejection's bare regrets: what any refusal says, of a driving-exam booking, a payment, a
# conference talk ("Malheureusement les informations que vous avez fournies sont erronées").
# When these are a would-be rejection's only phrases and the mail has no word of a job
# application (``about_a_job``), it is not final without the user, in a tracked thread too.
BARE_REGRETS = frozenset((
    "unfortunately", "regret that", "sorry to inform", "no longer available", "leider",
    "bedauern", "anderweitig", "müssen wir ihnen mitteilen", "müssen wir dir mitteilen",
    "nicht mehr verfügbar", "malheureusement", "regrettons", "nous regrettons", "au regret",
    "pas en mesure de", "ne correspond pas", "lamentablemente", "desafortunadamente",
    "lamentamos", "no podremos", "no cumple", "infelizmente", "helaas",
))

# A word of a job application, its role or its process, in en/de/fr/es (and a few pt/nl): an
# offer or rejection speaks of one. "candidat" alone is not one (an exam's "candidats libres").
_JOB_WORDS = re.compile(
    r"appl(?:y|ied|ying|ication|icant)|candidacy|candidature|candidatura|kandidatur|position"
    r"|\broles?\b|vacanc|opening|\bjobs?\b|interview|recruit|hiring|\bhired?\b|employ|career"
    r"|r[ée]sum[ée]|\bcv\b|internship|\bintern\b|onboard|joining date|date of joining"
    r"|offer letter|salary|bewerb|\bstelle(?:n\w*)?\b|vorstellungsgespräch|auswahlverfahren"
    r"|auswahlprozess|praktikum|arbeitsvertrag|poste\b|entretien|recrutement|emploi|\bstage\b"
    r"|embauche|contrat de travail|puesto|\bcargo\b|empleo|vacante|postul|entrevista"
    r"|proceso de selecci|contrataci|prácticas|\bvaga\b|emprego|sollicit|vacature|functie")


def about_a_job(text: str) -> bool:
    """Whether ``text`` (casefolded) has a word of a job application, its role or process."""
    return _JOB_WORDS.search(text) is not None
