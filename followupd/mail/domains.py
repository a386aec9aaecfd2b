"""Domains that say nothing about the employer: applicant-tracking systems, schedulers, freemail.

Mail from these is associated by company name, not by domain (see followupd.associate).
"""

from __future__ import annotations

# Applicant-tracking systems and interview schedulers (their sending domains, as seen in the wild).
ATS_DOMAINS = frozenset((
    "greenhouse.io", "greenhouse-mail.io", "lever.co", "hire.lever.co", "myworkday.com",
    "myworkdayjobs.com", "workday.com", "ashbyhq.com", "ashby.io", "smartrecruiters.com",
    "smartrecruitersmail.com", "icims.com", "talent.icims.com", "taleo.net", "successfactors.com",
    "successfactors.eu", "jobvite.com", "workable.com", "workablemail.com", "recruitee.com",
    "bamboohr.com", "personio.de", "personio.com", "teamtailor.com", "teamtailor-mail.com",
    "breezy.hr", "jazzhr.com", "applytojob.com", "pinpointhq.com", "comeet.co", "rippling.com",
    "goodtime.io", "calendly.com", "modernloop.io", "gem.com", "paradox.ai", "hirevue.com",
    "codility.com", "hackerrank.com", "coderpad.io", "karat.io", "softgarden.io", "join.com",
    "dvinci.de", "oraclecloud.com", "avature.net", "eightfold.ai", "phenompeople.com",
))
FREEMAIL_DOMAINS = frozenset((
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "yahoo.de", "yahoo.fr", "icloud.com", "me.com", "mac.com", "aol.com", "gmx.de",
    "gmx.net", "gmx.com", "web.de", "t-online.de", "posteo.de", "mailbox.org", "proton.me",
    "protonmail.com", "fastmail.com", "orange.fr", "free.fr", "laposte.net", "libero.it",
    "yandex.com", "mail.com", "zoho.com", "hey.com", "tutanota.com",
))


def domain_in(address_or_domain: str, domains: frozenset[str]) -> bool:
    """True when the domain (or a parent domain) is listed: us.greenhouse-mail.io matches."""
    domain = address_or_domain.rpartition("@")[2].lower().strip(".")
    while domain:
        if domain in domains:
            return True
        _, _, domain = domain.partition(".")
    return False
