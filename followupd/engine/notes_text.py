"""The words of the notes draft (engine/notes.py) in en, de, fr and es, as a job seeker writing
to themselves would put them (polite forms where the text addresses the user: Sie, vous, usted).

The field names are the ones ``engine.notes.parse_notes`` reads back in every language
(``topic``/``thema``/``sujet``/``tema``, ``gift``/``geschenk``/``cadeau``/``regalo``); our prose and
``#`` lines are left out when the notes are read, whatever the language of the draft.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NotesText:
    subject: str  # "{what} {marker}" follow
    intro: str  # the first words of the first line
    with_who: str  # "{}": the interviewer
    about: str  # "{}": company – position
    on_day: str  # "{}": the interview's weekday and date (engine.language.interview_day)
    application: str  # "{}": the application's number, when company and position are unknown
    prose: tuple[str, ...]
    comments: tuple[str, ...]
    fields: tuple[str, ...]  # the empty lines to fill in


TEXTS: dict[str, NotesText] = {
    "en": NotesText(
        subject="Interview notes:",
        intro="Your interview",
        with_who=" with {}",
        about=" for {}",
        on_day=", {}",
        application="application {}",
        prose=(
            "Write it down while it is fresh: which topics they cared about most, names, tools or",
            "projects that came up, what you promised to send, and what could help them (an article,",
            "a contact, a tip). followupd puts your notes into the thank-you and the follow-ups.",
        ),
        comments=(
            "# Lines starting with # are ignored. One note per line:",
            "#   topic: something they cared about (the thank-you mentions it)",
            "#   gift: a link, a contact or a tip for them (offered in a draft)",
            "#   any other line counts as a topic.",
            "# Then save this draft, or send it to yourself. followupd reads it and removes it.",
        ),
        fields=("topic: ", "topic: ", "gift: "),
    ),
    "de": NotesText(
        subject="Gesprächsnotizen:",
        intro="Ihr Vorstellungsgespräch",
        with_who=" mit {}",
        about=": {}",
        on_day=", am {}",
        application="Bewerbung {}",
        prose=(
            "Notieren Sie es, solange es frisch ist: welche Themen Ihrem Gegenüber besonders wichtig",
            "waren, Namen, Werkzeuge oder Projekte, die zur Sprache kamen, was Sie zugesagt haben, und",
            "was weiterhelfen könnte (ein Artikel, ein Kontakt, ein Tipp). followupd übernimmt Ihre",
            "Notizen in das Dankschreiben und die Nachfassmails.",
        ),
        comments=(
            "# Zeilen, die mit # beginnen, werden ignoriert. Eine Notiz pro Zeile:",
            "#   thema: etwas, das Ihrem Gegenüber wichtig war (das Dankschreiben greift es auf)",
            "#   geschenk: ein Link, ein Kontakt oder ein Tipp für Ihr Gegenüber (in einer Mail angeboten)",
            "#   jede andere Zeile zählt als Thema.",
            "# Speichern Sie danach diesen Entwurf oder senden Sie ihn an sich selbst. followupd liest",
            "# ihn und entfernt ihn.",
        ),
        fields=("thema: ", "thema: ", "geschenk: "),
    ),
    "fr": NotesText(
        subject="Notes d'entretien :",
        intro="Votre entretien",
        with_who=" avec {}",
        about=" : {}",
        on_day=", le {}",
        application="candidature {}",
        prose=(
            "Notez-le tant que c'est frais : les sujets qui comptaient le plus pour votre interlocuteur,",
            "les noms, outils ou projets évoqués, ce que vous avez promis d'envoyer, et ce qui pourrait",
            "l'aider (un article, un contact, une astuce). followupd reprend vos notes dans le mail de",
            "remerciement et dans les relances.",
        ),
        comments=(
            "# Les lignes commençant par # sont ignorées. Une note par ligne :",
            "#   sujet : un point qui comptait pour votre interlocuteur (le remerciement le mentionne)",
            "#   cadeau : un lien, un contact ou une astuce pour lui (proposé dans un mail)",
            "#   toute autre ligne compte comme un sujet.",
            "# Enregistrez ensuite ce brouillon, ou envoyez-le-vous. followupd le lit puis le supprime.",
        ),
        fields=("sujet : ", "sujet : ", "cadeau : "),
    ),
    "es": NotesText(
        subject="Notas de la entrevista:",
        intro="Su entrevista",
        with_who=" con {}",
        about=": {}",
        on_day=", el {}",
        application="candidatura {}",
        prose=(
            "Anótelo mientras lo tiene fresco: los temas que más le importaban a su interlocutor,",
            "nombres, herramientas o proyectos que salieron, lo que prometió enviar y lo que podría",
            "serle útil (un artículo, un contacto, un consejo). followupd incluye sus notas en el",
            "agradecimiento y en los seguimientos.",
        ),
        comments=(
            "# Las líneas que empiezan por # se ignoran. Una nota por línea:",
            "#   tema: algo que le importaba a su interlocutor (el agradecimiento lo menciona)",
            "#   regalo: un enlace, un contacto o un consejo para esa persona (se ofrece en un correo)",
            "#   cualquier otra línea cuenta como tema.",
            "# Después guarde este borrador o envíeselo a usted mismo. followupd lo lee y lo elimina.",
        ),
        fields=("tema: ", "tema: ", "regalo: "),
    ),
}

# The beginnings of our own lines in any language (the first words: a client may re-wrap the
# rest), never taken for the user's notes.
OUR_PROSE: tuple[str, ...] = tuple(
    dict.fromkeys(p[:24] for t in TEXTS.values() for p in (t.intro, t.subject, *t.prose))
)
