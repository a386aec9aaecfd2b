"""Addresses and domains that say nothing about the employer, and addresses nobody reads.

Applicant-tracking systems, interview schedulers, job boards and freemail: mail from these is
associated by company name, not by domain (see followupd.engine.associate), and no draft is ever
addressed to them (see followupd.engine.draftmsg). One list, shared by classification,
extraction, association and the choice of a draft's recipient.
"""

from __future__ import annotations

import re

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

# Job boards: alerts and digests from these are automated, whatever words they contain.
JOB_BOARD_DOMAINS = frozenset((
    "linkedin.com", "indeed.com", "indeedemail.com", "stepstone.de", "stepstone.com",
    "glassdoor.com", "monster.com", "monster.de", "xing.com", "ziprecruiter.com", "dice.com",
    "wellfound.com", "angel.co", "totaljobs.com", "reed.co.uk", "welcometothejungle.com",
    "jobs.ch", "karriere.at", "otta.com", "hired.com", "seek.com.au", "naukri.com",
))
# Local parts of the senders of delivery reports: "MAILER-DAEMON@" (RFC 5321 section 4.5.5),
# "postmaster@" (RFC 5321 section 4.5.1) and the spellings other MTAs use.
BOUNCE_LOCAL_PARTS = ("mailer-daemon", "postmaster", "mail-daemon", "maildaemon", "mdaemon")
BOUNCE_LOCAL_RE = re.compile(rf"^(?:{'|'.join(BOUNCE_LOCAL_PARTS)})@", re.I)
# Local parts of machine senders: "no-reply@", "notifications+abc@", "careers-noreply@", the
# bounce senders above, "bounces+@".
_NO_REPLY = r"no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply"
_MACHINE_LOCAL = (_NO_REPLY, r"notifications?", "notify", r"alerts?", "newsletter", "news", "info",
                  "mailer", *BOUNCE_LOCAL_PARTS, r"bounces?", "updates", "digest", r"jobalerts?",
                  r"invitations?", "marketing")
NO_REPLY_RE = re.compile(
    rf"^(?:{'|'.join(_MACHINE_LOCAL)})(?:[-+_.][^@]*)?@|(?:^|[-+_.])(?:{_NO_REPLY})(?:[-+_.][^@]*)?@",
    re.I)


def is_bounce_sender(email: str) -> bool:
    """The address of a mail system's delivery reports (MAILER-DAEMON, postmaster...)."""
    return bool(BOUNCE_LOCAL_RE.match(email))


def domain_in(address_or_domain: str, domains: frozenset[str]) -> bool:
    """True when the domain (or a parent domain) is listed: us.greenhouse-mail.io matches."""
    domain = address_or_domain.rpartition("@")[2].lower().strip(".")
    while domain:
        if domain in domains:
            return True
        _, _, domain = domain.partition(".")
    return False


def is_machine_address(email: str) -> bool:
    """A no-reply local part, or an ATS/scheduler or job-board domain: nobody reads replies."""
    return bool(NO_REPLY_RE.search(email)) or domain_in(email, ATS_DOMAINS) or domain_in(
        email, JOB_BOARD_DOMAINS)
