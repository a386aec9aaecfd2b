"""Phrase families for human (and ATS-decision) mail: interviews, cancellations, offers, rejections.

Read against the quote-stripped text only. English families are broad; the other languages
carry the common formulas of recruiters' templates (de, fr, es, it, nl, sv, pt).
"""

from __future__ import annotations

import re

_F = re.I | re.S

_MEETING = (r"(interview|call|chat|conversation|meeting|screen(ing)?|conversation|session|"
            r"onsite|on-site|video call|phone call|zoom|teams call|round)")

INTERVIEW_RES = (
    re.compile(r"\binvit\w* (you )?(to|for) (an? |the |your |our |a quick |a short )?"
               r"([\w-]+ ){0,3}" + _MEETING, _F),
    re.compile(r"\b(schedule|book|set up|arrange|organi[sz]e|line up)\b (an? |the |your |our )?"
               r"([\w-]+ ){0,3}" + _MEETING, _F),
    re.compile(r"\b(your|the|our) ([\w-]+ ){0,3}(interview|call|chat|meeting|screen)\b[^.\n]{0,60}"
               r"\b(is|has been|was|are) (now )?(scheduled|confirmed|booked|set|moved|rescheduled|"
               r"planned|updated)", _F),
    re.compile(r"\b(confirm(ing|ation of|ed)?|reschedul\w*|move|moved|postpone\w*) (for )?"
               r"(your|the|our|this) ([\w-]+ ){0,3}(interview|call|chat|meeting|screen)", _F),
    re.compile(r"\b(interview|call|chat|meeting|screen) (confirmation|invitation|scheduled|"
               r"confirmed|rescheduled|request)", _F),
    re.compile(r"\b(like|love|want|happy|glad|pleased|excited) to (invite you|meet you|"
               r"speak with you|talk with you|chat with you|"
               r"have a ([\w-]+ )?(call|chat|conversation))", _F),
    re.compile(r"\b(pick|select|choose|find|propose|suggest|send (me|us)) (a |some |your )?"
               r"(time|slot|date|times|slots|availability)\b[^\n]{0,80}"
               r"\b(interview|call|chat|meet|speak|talk)", _F),
    re.compile(r"\b(interview|call|chat|meeting|screen)\b[^.\n]{0,40}\b(with|at) [^.\n]{1,60}"
               r"\b(on|at) (mon|tue|wed|thu|fri|sat|sun|\d{1,2}[./:]|jan|feb|mar|apr|may|jun|jul|"
               r"aug|sep|oct|nov|dec)", _F),
    re.compile(r"\bnext (step|round|stage)s?\b[^.\n]{0,80}\b(interview|call|chat|conversation|"
               r"meet|speak)", _F),
    re.compile(r"\bmove (you )?forward to (the )?(next|an?|final)? ?([\w-]+ )?"
               r"(interview|round|stage)", _F),
    # de, fr, es, it, nl, sv, pt
    re.compile(r"(einladung|einladen|laden sie|laden dich)\b[^.\n]{0,80}(vorstellungsgespräch|"
               r"gespräch|interview|kennenlernen)|(vorstellungsgespräch|gespräch|interview)\b"
               r"[^.\n]{0,40}\bein(zu)?laden|vorstellungsgespräch\b[^.\n]{0,60}"
               r"(bestätig|verschieb|vereinbar|termin)", _F),
    re.compile(r"(inviter|convier|convocation)\b[^.\n]{0,60}(entretien|échange)|entretien\b"
               r"[^.\n]{0,40}(confirmé|prévu|planifié|reporté)", _F),
    re.compile(r"(invitar\w*|convoca\w*)\b[^.\n]{0,60}(entrevista|reunión)|entrevista\b[^.\n]{0,40}"
               r"(confirmada|programada|agendada|reprogramada)", _F),
    re.compile(r"(invitar\w*|invit\w*)\b[^.\n]{0,60}(colloquio)|colloquio\b[^.\n]{0,40}"
               r"(confermato|fissato|programmato)", _F),
    re.compile(r"(uitnodig\w*)\b[^.\n]{0,60}(sollicitatiegesprek|gesprek|kennismaking)", _F),
    re.compile(r"(bjuda in|inbjudan)\b[^.\n]{0,60}(intervju|samtal)", _F),
)
INTERVIEW_SUBJECT_RE = re.compile(
    r"^(invitation|updated invitation|invitation mise à jour|einladung|aktualisierte einladung|"
    r"accepted|new event|rescheduled|confirmed)\s*:|\binterview (invitation|confirmation|"
    r"request|scheduled|rescheduled)|\b(confirmed|scheduled|rescheduled)\b.{0,40}\binterview",
    re.I)

CANCEL_RES = (
    re.compile(r"\b(cancel\w*|call off)\b ([\w'’-]+ ){0,3}(interview|call|chat|meeting|screen)",
               _F),
    re.compile(r"\b(interview|call|chat|meeting|screen|event)\b[^.\n]{0,100}\b(has been|was|is) "
               r"(cancel+ed|called off)", _F),
    re.compile(r"(absagen|abgesagt|annuliert|entretien annulé|annul\w+ (l'|votre |notre )entretien|"
               r"entrevista cancelada|cancelar la entrevista|colloquio annullato|"
               r"gesprek (gaat niet door|geannuleerd)|intervjun är inställd)", _F),
)
CANCEL_SUBJECT_RE = re.compile(r"^(canceled|cancelled|abgesagt|annulé|cancelado|annullato|"
                               r"geannuleerd|inställt)( event| invitation)?\s*:", re.I)
RESCHEDULE_RE = re.compile(r"reschedul|new time|another time|move (it|the interview)|"
                           r"verschieb|reporter|reprogramar|spostare|verzetten|flytta", re.I)

OFFER_RES = (
    re.compile(r"\b(pleased|happy|delighted|excited|thrilled|glad|want|going) to (formally )?"
               r"(offer you|extend (you )?(an|the|this|a formal|a verbal|our) offer|"
               r"make you an offer|let you know (that )?we('d| would) like to offer)", _F),
    re.compile(r"\b(we('d| would)|i('d| would)) (like|love) to (formally )?(offer you|"
               r"extend (you )?an offer|make you an offer)", _F),
    re.compile(r"\b(offer of employment|employment offer|(your|the) (formal |written )?offer "
               r"(letter|package|details)|(attached|enclosed) (is |please find )?(your|the) offer|"
               r"we are offering you|offer you the (position|role|job))", _F),
    re.compile(r"(freuen (wir )?uns,? (ihnen|dir) (ein |das |unser )?(angebot|vertragsangebot)|"
               r"(ihnen|dir) (die stelle|die position) anbieten|arbeitsvertrag (anbei|im anhang))|"
               r"(proposition d'embauche|vous proposer le poste|offre d'emploi officielle)|"
               r"(ofrecerte el puesto|oferta de empleo formal|oferta laboral)|"
               r"(offrirti la posizione|proposta di assunzione)|(aanbod voor de functie|"
               r"je de functie aan te bieden)|(erbjuda dig tjänsten|anställningserbjudande)|"
               r"(oferecer a vaga|proposta de emprego)", _F),
)
REJECTION_RES = (
    re.compile(r"\b(decided|chosen|chose|elected|opted) (not to|to not) (move|proceed|progress|"
               r"pursue|continue|take|advance|go) ", _F),
    re.compile(r"\b(move|moving|proceed|proceeding|go|going|continue|continuing|progress|"
               r"progressing|advance|advancing) (forward )?with (an?other|other|different|"
               r"a different|a small number of|one of the other|the other|some other)[\w ,-]{0,40}"
               r"(candidate|applicant|profile|individual|person)", _F),
    re.compile(r"\b(decided|chosen|chose|elected|opted) to (pursue|go with|proceed with|move "
               r"forward with|continue with|focus on|hire|offer the (role|position) to) "
               r"(an?other|other|different|a different|candidates|applicants|someone|a candidate|"
               r"an applicant)", _F),
    re.compile(r"\b(position|role|vacancy|job|opening|requisition)\b[^.\n]{0,40}\b(has|have) "
               r"(now |already |since )?been (filled|closed|cancel+ed|put on hold)", _F),
    re.compile(r"\b(we('ve| have)|has) (now |already )?(filled|closed) (the|this|that) "
               r"(position|role|vacancy|opening)", _F),
    re.compile(r"\b(were|was|have not been|has not been|haven't been|hasn't been|not been) "
               r"(not )?(selected|shortlisted|successful)\b", _F),
    re.compile(r"\b(not|unable to) (be )?(moving|taking|progressing) (you|your (application|"
               r"candidacy)) (forward|further)", _F),
    re.compile(r"\bno longer (under consideration|being considered|considering your|in the "
               r"running|moving forward)", _F),
    re.compile(r"\b(unfortunately|regret(tably)?|sadly)\b[^.]{0,120}\b(not (be )?(able to )?"
               r"(offer|move|proceed|progress|extend)|won't be (moving|proceeding|progressing|"
               r"offering)|will not be (moving|proceeding|progressing|offering)|unsuccessful|"
               r"not (been )?successful|not the right fit|another direction)", _F),
    re.compile(r"\b(regret|sorry) to (inform|tell|let you know|advise|say)\b[^.]{0,80}"
               r"\b(not|unsuccessful|other candidate|filled|closed)", _F),
    re.compile(r"\byour application (was|has been|is) (unsuccessful|declined|rejected|"
               r"not successful)", _F),
    re.compile(r"\b(offered|given) the (position|role|job) to (an?other|a different|someone)", _F),
    re.compile(r"\b(go|went|going) (in )?a different direction", _F),
    # de, fr, es, it, nl, sv, pt
    re.compile(r"(leider|bedauerlicherweise)\b[^.]{0,160}(nicht (weiter )?berücksichtigen|"
               r"für (eine?n? )?ander(e|en) (kandidat|bewerber)|\babsage\b|nicht in die engere|"
               r"nicht weiter verfolgen|bereits besetzt)|(stelle|position) (ist|wurde) "
               r"(bereits |inzwischen )?(besetzt|vergeben)", _F),
    re.compile(r"(avons le regret|ne pas donner suite|pas (pu )?donner une suite favorable|"
               r"pas été retenue?|retenu un autre candidat|poste a (déjà )?été pourvu)", _F),
    re.compile(r"(lamentamos (informar|comunicar)|no (has|ha) sido seleccionad|"
               r"otro candidato|el puesto (ya )?ha sido cubierto|no continuar con tu candidatura)",
               _F),
    re.compile(r"(siamo spiacenti|non (sei stato|è stata) selezionat|altro candidato|"
               r"posizione è stata (già )?coperta)", _F),
    re.compile(r"(helaas)\b[^.]{0,120}(niet (verder|door)|andere kandida|afgewezen)|"
               r"functie is (al )?vervuld", _F),
    re.compile(r"(tyvärr)\b[^.]{0,120}(inte (gå vidare|valt)|annan kandidat)|tjänsten är tillsatt",
               _F),
    re.compile(r"(infelizmente)\b[^.]{0,120}(não (foi|fomos|vamos)|outro candidato)|"
               r"vaga (já )?foi preenchida", _F),
)

# Words that make a human message about a job search rather than about life in general.
JOB_CONTEXT_RE = re.compile(
    r"\b(application|applied|apply|candidate|candidacy|position|role|vacancy|opening|interview\w*|"
    r"recruit\w*|hiring|hire|resume|résumé|cv|job|offer|salary|compensation|onboarding|"
    r"talent acquisition|team lead|engineer|manager|portfolio|reference check|references|"
    r"phone screen|screening|hiring manager|onsite|take-home|"
    r"bewerbung|stelle|vorstellungsgespräch|candidature|poste|entretien|candidatura|puesto|"
    r"entrevista|colloquio|intervju|rekrytering|sollicitatie|vacature|ansökan|tjänst|vaga)\b", re.I)
