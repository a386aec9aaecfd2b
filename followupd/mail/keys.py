"""The keys association matches on, pure: subject key, company key, whether a domain names an
employer. Shared by ``engine.associate`` and the header ``triage``, so both judge alike."""

from __future__ import annotations

import re

from followupd.mail.domains import ATS_DOMAINS, FREEMAIL_DOMAINS, JOB_BOARD_DOMAINS, domain_in
from followupd.mail.subjects import strip_prefixes

_COMPANY_NOISE_RE = re.compile(
    r"\b(inc|llc|ltd|gmbh|ag|sa|sas|bv|ab|plc|corp|corporation|company|co|se|kg|group)\b\.?", re.I)


def subject_key(subject: str) -> str:
    """Subject without reply/forward prefixes and list tags, case- and space-folded."""
    return " ".join(strip_prefixes(subject).casefold().split())


def company_key(name: str) -> str:
    """'Acme, Inc.' and 'ACME' and 'acme gmbh' compare equal."""
    return " ".join(_COMPANY_NOISE_RE.sub(" ", re.sub(r"[^\w ]", " ", name.casefold())).split())


def is_company_domain(domain: str) -> bool:
    """A domain that names an employer: not an ATS/scheduler, job board or freemail provider."""
    return bool(domain) and not any(
        domain_in(domain, shared) for shared in (ATS_DOMAINS, FREEMAIL_DOMAINS, JOB_BOARD_DOMAINS))
