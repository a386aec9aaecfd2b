"""The position a message is about, from its subject or its text; "" when unsure. Pure.

A wrong position is worse than none (it is named in every draft), so a candidate counts only when
it looks like a job title: a few words, no dates or ids, and a title word (engineer, developer,
Entwickler..., see ``_TITLE_WORDS``) in it. Where it comes from:

- the subject, without reply/forward prefixes, calendar prefixes ("Invitation:", "Updated
  invitation:", "Einladung:") and a calendar's `` @ <date> (<address>)`` tail, cut at its
  separators (`` - `` `` | `` ``: ``): the one part that is a title once its lead-in ("Interview
  for", "Ihre Bewerbung als", "Votre candidature au poste de") and its company tail (" at Acme",
  " @ Hooli", " bei Acme GmbH", " chez Acme") are taken off. Two different titles: none;
- else the text, only after a clear marker: "for the X position", "Stelle als X", "poste de X".
"""

from __future__ import annotations

import re

from followupd.mail.folded import may_match, needles
from followupd.mail.subjects import strip_prefixes

_MAX_WORDS = 7
_CALENDAR_PREFIX_RE = re.compile(
    r"^(?:(?:updated |new )?invitation(?: with note)?|accepted|declined|tentative(?:ly accepted)?|"
    r"cancell?ed(?: event)?|(?:aktualisierte |neue )?einladung|angenommen|abgelehnt|abgesagt|"
    r"(?:invitation|nouvel événement|invitation mise à jour|accepté|refusé|annulé)|"
    r"(?:invitación(?: actualizada)?|aceptado|rechazado|cancelado))\s*:\s*",
    re.I,
)
_CALENDAR_TAIL_RE = re.compile(r"\s+@\s+.*$")  # " @ Tue 3 Mar 2026 2pm (CET) (me@x)" or " @ Hooli"
_ADDRESS_TAIL_RE = re.compile(r"\s*\([^()\s]+@[^()\s]+\)\s*$")
_SEPARATOR_RE = re.compile(r"\s+[-–—|/]\s+|\s*[|:]\s+|\s*·\s*")
# Tags and ids around a title: (m/w/d), (H/F), (R-12345), (JR123), #123, [REQ-1], - R0123.
_TAG_RE = re.compile(
    r"\s*(?:\((?:[mwfdhxna]\s*/\s*){1,3}[mwfdhxna]\)|\(\s*[a-z]{0,4}[-_ ]?\d{3,}\s*\)|"
    r"\[[^\]]*\d{3,}[^\]]*\]|#\s?\d{3,}|\b(?:req|job|jr|r)[-_ ]?\d{3,}\b)",
    re.I,
)
# Where a lead-in ends ("Interview for", "Ihre Bewerbung als", "au poste de"): the title may
# start after any of these; the articles and position words after it go too.
_MARKER_RE = re.compile(r"\b(?:for|as|of|als|für|zum|zur|pour|para|como|de|du|del|d['’]|per|di|van)\s*", re.I)
_ARTICLES_RE = re.compile(
    r"^(?:(?:the|a|an|our|your|this|die|den|der|das|eine?[nm]?|la|le|el|un|une|position|role|job|"
    r"stelle|poste|puesto|vacante|posición)\s+){0,3}(?:(?:of|as|als|de|del)\s+|d['’]\s*)?",
    re.I,
)
_COMPANY_TAIL_RE = re.compile(
    r"\s+(?:at|@|with|bei|chez|en|in|presso|bij|à)\s+(?:der\s+|la\s+|el\s+)?[A-Z0-9][^\s]*"
    r"(?:\s+[A-Z0-9&][^\s]*){0,4}\s*$"
)
_POSITION_WORD_TAIL_RE = re.compile(
    r"\s+(?:position|role|opening|vacancy|job|opportunity|stelle|position|poste|puesto)$", re.I
)
_BAD_RE = re.compile(r"[@?!<>{}=\[\]]|https?:|www\.|\d{3,}|\d{1,2}[:.]\d\d|\b\d{1,2}\s*(?:am|pm)\b", re.I)
# Words of a subject part that is about the process, not the job.
_GENERIC_RE = re.compile(
    r"\b(?:interview|invitation|invite|next steps?|update|follow[- ]?up|"
    r"availability|schedul\w*|confirm\w*|thank\w*|offer|decision|feedback|status|received|"
    r"bewerbung|einladung|vorstellungsgespräch|gespräch|nächste schritte|rückmeldung|angebot|"
    r"candidature|entretien|convocation|prochaines? étapes?|offre|"
    r"candidatura|entrevista|invitación|próximos pasos|oferta|colloquio|sollicitatie|gesprek)\b",
    re.I,
)
# Words that join a lead-in to a title, never inside one ("of", "de" and "and" can be).
_CONNECTOR_RE = re.compile(
    r"\b(?:for|as|at|to|with|your|our|the|this|als|für|zum|zur|bei|ihre?|pour|chez|au|avec|votre|"
    r"para|como|con|tu|su|or|oder|ou|per|la|il)\b",
    re.I,
)
# Title words: a title has one (substring match, so German compounds count: Softwareentwicklerin).
_TITLE_WORDS = (
    "engineer",
    "developer",
    "programmer",
    "architect",
    "designer",
    "scientist",
    "analyst",
    "manager",
    "consultant",
    "specialist",
    "administrator",
    "director",
    "officer",
    "coordinator",
    "technician",
    "researcher",
    "accountant",
    "recruiter",
    "assistant",
    "associate",
    "executive",
    "advisor",
    "adviser",
    "strategist",
    "owner",
    "writer",
    "editor",
    "tester",
    "devops",
    "sre",
    "entwickler",
    "ingenieur",
    "berater",
    "leiter",
    "referent",
    "sachbearbeiter",
    "werkstudent",
    "praktikant",
    "informatiker",
    "mitarbeiter",
    "fachkraft",
    "kaufm",
    "buchhalter",
    "architekt",
    "développeu",
    "ingénieur",
    "chef de",
    "responsable",
    "chargé",
    "stagiaire",
    "consultante",
    "analyste",
    "technicien",
    "concepteur",
    "desarrollador",
    "ingenier",
    "programador",
    "analista",
    "diseñador",
    "jefe de",
    "técnico",
    "becario",
    "consultor",
)
_TITLE_WORD_RE = re.compile(
    "|".join(re.escape(w) for w in _TITLE_WORDS) + r"|\b(?:lead|head of|intern|vp|cto|cfo|coo)\b", re.I
)
# Each text pattern with its needles (folded.needles: the words any match of it contains): a
# substring test skips a pattern that cannot match; the result is the same.
_TEXT_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"\b(?:for|as|about|on|to) (?:the|our|a|an|your|this) (?P<p>[A-Z][\w/&+.()' -]{2,60}?) "
        r"(?:position|role|opening|vacancy|job)\b"
    ),
    re.compile(
        r"\b(?:position|role) of (?P<p>[A-Z][\w/&+.()' -]{2,60}?)(?:[,.;!\n]| at | with |"
        r" in )"
    ),
    re.compile(
        r"\b(?:application|applying|applied) (?:for|to) (?:the )?(?:position of |role of )?"
        r"(?P<p>[A-Z][\w/&+.' -]{2,60}?)(?=[,.;(\n!]| at | with | position| role| -|$)"
    ),
    re.compile(
        r"\b(?:posizione di|ruolo di|functie van) (?P<p>[^\n,.;()]{3,60}?)(?=[,.;(\n]| presso |"
        r" in | bij | e |$)",
        re.I,
    ),
    re.compile(
        r"^(?:position|role|job title|stelle|poste|puesto)\s*:\s*(?P<p>[^\n]{3,60})$", re.I | re.M
    ),
    # German nouns are capitalised: the title is the run of capitalised words after "Stelle als".
    re.compile(
        r"\b(?:Stelle|Position|Tätigkeit) als (?P<p>[A-ZÄÖÜ][\w/-]*(?: \([mwdfx/]+\))?"
        r"(?: [A-ZÄÖÜ][\w/-]*(?: \([mwdfx/]+\))?){0,4})"
    ),
    re.compile(
        r"\b(?:au |le |du )?poste d[e'’] ?(?P<p>[^\n,.;()]{3,60}?)(?=[,.;(\n]| chez | au sein"
        r" | à | dans | pour | que | qui | et |$)",
        re.I,
    ),
    re.compile(
        r"\b(?:el |al )?puesto de (?P<p>[^\n,.;()]{3,60}?)(?=[,.;(\n]| en | con | para |"
        r" que | dentro | y |$)",
        re.I,
    ),
)
_TEXT_RES = tuple((needles(p.pattern, p.flags), p) for p in _TEXT_PATTERNS)


def looks_like_title(value: str) -> bool:
    """A few words with a title word, and nothing that a title never has (dates, ids, '@')."""
    words = value.split()
    return (
        0 < len(words) <= _MAX_WORDS
        and 2 < len(value) <= 60
        and not _BAD_RE.search(value)
        and bool(_TITLE_WORD_RE.search(value))
        and not _GENERIC_RE.search(value)
        and not _CONNECTOR_RE.search(value)
        and value[0].isupper()
    )


def _clean(value: str) -> str:
    value = _TAG_RE.sub("", value)
    return " ".join(value.split()).strip(" ,;:.-–—|\"'“”„«»")


def _tails(value: str, company: str) -> str:
    """Without " at Acme", ", Acme" (the company known), a trailing "position"."""
    for _ in range(2):  # "... as X at Acme position"
        value = _COMPANY_TAIL_RE.sub("", value)
        value = _POSITION_WORD_TAIL_RE.sub("", value)
        if company and value.casefold().endswith(company.casefold()):
            value = value[: -len(company)].rstrip(" ,-–@")
    return _clean(value)


def _subject_title(part: str, company: str) -> str:
    """The title in one part of a subject, or "": the part itself, else what follows a lead-in."""
    part = _tails(_clean(part), company)
    for start in (0, *(m.end() for m in _MARKER_RE.finditer(part))):
        candidate = _tails(_ARTICLES_RE.sub("", part[start:], count=1), company)
        if looks_like_title(candidate):
            return candidate
    return ""


def from_subject(subject: str, company: str = "") -> str:
    text = strip_prefixes(subject)
    for _ in range(2):
        text = _CALENDAR_PREFIX_RE.sub("", strip_prefixes(text))
    text = _CALENDAR_TAIL_RE.sub("", _ADDRESS_TAIL_RE.sub("", text))
    titles: list[str] = []
    for part in _SEPARATOR_RE.split(text):
        if company and part.strip().casefold() == company.casefold():
            continue
        title = _subject_title(part, company)
        if title and title.casefold() not in {t.casefold() for t in titles}:
            titles.append(title)
    return titles[0] if len(titles) == 1 else ""


def from_text(text: str) -> str:
    lowered = text.lower()
    shifted = len(lowered) != len(text)  # "İ": lower() moves the letters; filter nothing folded
    for words, pattern in _TEXT_RES:
        folds = bool(pattern.flags & re.I)
        if not (folds and shifted) and not may_match(words, lowered if folds else text):
            continue
        for found in pattern.finditer(text):
            value = _clean(found.group("p"))
            if looks_like_title(value):
                return value
    return ""


def position_of(subject: str, text: str, company: str = "") -> str:
    """The position, subject first; "" when neither says it clearly."""
    found = from_subject(subject, company) or from_text(text[:20_000])
    return "" if company and found.casefold() == company.casefold() else found
