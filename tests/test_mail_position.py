"""Position extraction on the subject shapes real mail has (ATS notices, calendar titles, replies
and forwards, en/de/fr/es). A wrong position is named in every draft, so when the mail does not
say it clearly the answer is "" (the rows with "" pin exactly that)."""

from __future__ import annotations

import pytest

from followupd.core.model import Kind
from followupd.mail.extract import extract
from followupd.mail.parse import parse
from followupd.mail.position import position_of

# (subject, text, company known, position)
ROWS = [
    # the three from issue 12
    ("Invitation: Interview - Staff Engineer @ Hooli", "", "Hooli", "Staff Engineer"),
    ("Staff Engineer - next step", "", "", "Staff Engineer"),
    (
        "Ihr Vertragsangebot",
        "wir freuen uns, Ihnen die Stelle als Softwareentwicklerin anbieten zu können.",
        "Acme",
        "Softwareentwicklerin",
    ),
    # calendar titles (Google, Outlook), with the date tail and the invitee's address
    (
        "Invitation: Interview - Staff Engineer @ Tue Mar 3, 2026 2pm - 3pm (CET) (max@example.org)",
        "",
        "",
        "Staff Engineer",
    ),
    (
        "Updated invitation: Technical Interview: Data Engineer @ Wed Mar 4, 2026 10am - 11am (CET) "
        "(max@example.org)",
        "",
        "",
        "Data Engineer",
    ),
    ("Accepted: Interview – Senior Product Manager", "", "", "Senior Product Manager"),
    (
        "Canceled event: Interview Staff Engineer @ Thu Mar 5, 2026 3pm (CET) (max@example.org)",
        "",
        "",
        "",
    ),  # no separator between "Interview" and the title: unsure
    (
        "Einladung: Vorstellungsgespräch – Backend-Entwickler (m/w/d) @ Di. 3. März 2026 14:00 - "
        "15:00 (MEZ) (max@example.org)",
        "",
        "",
        "Backend-Entwickler",
    ),
    (
        "Invitación: Entrevista - Ingeniero de Datos @ mar 3 de mar de 2026 14:00 - 15:00 (CET)",
        "",
        "",
        "Ingeniero de Datos",
    ),
    (
        "Invitation: Entretien – Développeur Full Stack @ mar. 3 mars 2026 14:00 - 15:00 (CET)",
        "",
        "",
        "Développeur Full Stack",
    ),
    # Greenhouse
    ("Interview Invitation: Senior Backend Engineer at Acme", "", "Acme", "Senior Backend Engineer"),
    ("Acme - Senior Backend Engineer - Interview Availability", "", "Acme", "Senior Backend Engineer"),
    ("Invitation to interview: Senior Backend Engineer, Acme", "", "Acme", "Senior Backend Engineer"),
    ("Thank you for applying to Acme", "", "Acme", ""),
    ("Your application to Acme", "Thanks for your interest in Acme.", "Acme", ""),
    # Lever
    (
        "Interview confirmation: Site Reliability Engineer at Initech",
        "",
        "Initech",
        "Site Reliability Engineer",
    ),
    ("Thanks for applying to Initech!", "", "Initech", ""),
    ("Initech | Frontend Developer | Next steps", "", "Initech", "Frontend Developer"),
    # Workday
    ("Thank you for applying for Senior Software Engineer (R-12345)", "", "", "Senior Software Engineer"),
    ("Application Received - Software Engineer II (JR104331)", "", "", "Software Engineer II"),
    ("Globex: Job Application Confirmation - Data Analyst - R0123456", "", "Globex", "Data Analyst"),
    # SmartRecruiters, Ashby, Workable, Teamtailor
    ("Your application for Backend Developer at Umbrella", "", "Umbrella", "Backend Developer"),
    ("Interview invitation for Machine Learning Engineer", "", "", "Machine Learning Engineer"),
    ("Next steps for your application - Platform Engineer", "", "", "Platform Engineer"),
    ("We received your application", "Thank you for applying. We will be in touch.", "", ""),
    # Personio and other German ATS
    ("Ihre Bewerbung als Softwareentwickler (m/w/d) bei Acme GmbH", "", "Acme GmbH", "Softwareentwickler"),
    (
        "Einladung zum Vorstellungsgespräch – Werkstudent Data Science (m/w/d)",
        "",
        "",
        "Werkstudent Data Science",
    ),
    (
        "Ihre Bewerbung",
        "vielen Dank für Ihre Bewerbung auf die Stelle als Projektleiter (w/m/d) in unserem Team.",
        "",
        "Projektleiter",
    ),
    (
        "Rückmeldung zu Ihrer Bewerbung",
        "Sehr geehrte Frau Muster, leider müssen wir Ihnen mitteilen, dass wir uns anders entschieden haben.",
        "",
        "",
    ),
    ("AW: Einladung zum Gespräch", "Vielen Dank, der Termin passt.", "", ""),
    # French
    ("Votre candidature au poste de Développeur Backend chez Acme", "", "Acme", "Développeur Backend"),
    ("Convocation à un entretien pour le poste de Data Engineer", "", "", "Data Engineer"),
    (
        "Votre candidature",
        "Nous avons bien reçu votre candidature au poste d'Ingénieur DevOps "
        "et revenons vers vous rapidement.",
        "",
        "Ingénieur DevOps",
    ),
    ("RE: Entretien", "Merci, à mardi.", "", ""),
    # Spanish
    ("Tu candidatura para el puesto de Ingeniero de Datos en Acme", "", "Acme", "Ingeniero de Datos"),
    ("Invitación a entrevista: Desarrollador Backend", "", "", "Desarrollador Backend"),
    (
        "Tu candidatura",
        "Gracias por tu interés en el puesto de Analista de Datos, te escribiremos pronto.",
        "",
        "Analista de Datos",
    ),
    ("RE: Entrevista", "Perfecto, nos vemos el martes.", "", ""),
    # replies and forwards keep the title; the prefix is never part of it
    ("Re: Interview - Staff Engineer", "", "", "Staff Engineer"),
    ("Fwd: Interview Invitation: Senior Backend Engineer at Acme", "", "Acme", "Senior Backend Engineer"),
    (
        "AW: Ihre Bewerbung als Softwareentwickler (m/w/d) bei Acme GmbH",
        "",
        "Acme GmbH",
        "Softwareentwickler",
    ),
    ("Re: Re: Fwd: [Careers] Product Designer - next step", "", "", "Product Designer"),
    # the text, after a clear marker only
    (
        "Interview",
        "We would love to talk to you about the Senior Data Engineer position.",
        "",
        "Senior Data Engineer",
    ),
    ("Quick chat?", "I am hiring for the role of Engineering Manager, Payments.", "", "Engineering Manager"),
    ("Interview next week", "Looking forward to speaking with you on Tuesday.", "", ""),
    # when unsure, nothing
    ("Interview", "", "", ""),
    ("Following up", "", "", ""),
    ("Your interview on Tuesday at 14:00", "", "", ""),
    ("Staff Engineer or Principal Architect - your choice", "", "", ""),
    ("Backend Engineer - Platform Engineer roles", "", "", ""),  # two titles: which one?
    ("Acme", "", "Acme", ""),
    ("Offer", "We are pleased to offer you the position.", "", ""),
]


@pytest.mark.parametrize(("subject", "text", "company", "position"), ROWS, ids=[r[0][:48] for r in ROWS])
def test_position_is_read_from_real_subject_shapes_or_left_empty(
    subject: str, text: str, company: str, position: str
) -> None:
    assert position_of(subject, text, company) == position


def test_the_table_covers_the_shapes_asked_for() -> None:
    assert len(ROWS) >= 40
    assert sum(1 for r in ROWS if not r[3]) >= 10  # enough rows where the answer is "nothing"


def test_extract_takes_the_position_and_never_the_company() -> None:
    raw = (
        b"From: Hooli Recruiting <no-reply@hooli.example>\r\nTo: max@example.org\r\n"
        b"Subject: Invitation: Interview - Staff Engineer @ Hooli\r\n"
        b"Message-ID: <p1@hooli.example>\r\nDate: Mon, 2 Mar 2026 09:00:00 +0100\r\n\r\n"
        b"Please pick a slot.\r\n"
    )
    found = extract(parse(raw), Kind.INTERVIEW)
    assert (found.company, found.position) == ("Hooli", "Staff Engineer")
