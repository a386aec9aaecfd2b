"""Does a header block look like one person writing to the user? Pure; triage's peek rule.

Personal here means: a person's address (not no-reply/notifications, not an ATS, job board or
bounce sender), not from the user's own company domain (a colleague); no mailing-list headers
(RFC 2369 ``List-*``, RFC 2919 ``List-Id``), no ``Precedence: bulk/junk/list``, no RFC 3834
``Auto-Submitted`` or autoreply header, no marketing/bulk-sender headers (``Feedback-ID``,
campaign ids, a bulk mailer in ``X-Mailer``), not a report; and addressed to the user (one of
``own_addresses`` in To or Cc) with at most ``MAX_RECIPIENTS`` addresses in To and Cc together.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from followupd.mail.classify import phrases_auto as pa
from followupd.mail.domains import FREEMAIL_DOMAINS, domain_in, is_bounce_sender, is_machine_address
from followupd.mail.keys import is_company_domain
from followupd.mail.parse import Envelope

MAX_RECIPIENTS = 3
_LIST_HEADERS = ("list-id", "list-unsubscribe", "list-post", "list-help", "list-owner")
# Headers that bulk senders and their services set and people's mail clients do not.
_BULK_HEADERS = (
    "feedback-id",
    "x-feedback-id",
    "x-campaign",
    "x-campaign-id",
    "x-campaignid",
    "x-mailchimp-campaign",
    "x-mc-user",
    "x-sg-eid",
    "x-sfmc-stack",
    "x-marketo-id",
    "x-hubspot-mail-id",
    "x-csa-complaints",
    "x-mailjet-campaign",
    "x-sib-id",
    "x-klaviyo",
    "x-newsletter",
    "x-mailgun-tag",
    "x-ses-outgoing",
    "x-report-abuse",
    "x-abuse-reports-to",
    "x-mandrill-user",
    "x-pm-message-id",
    "x-pmta-jobid",
)
_BULK_MAILER_RE = re.compile(
    r"mailchimp|sendinblue|brevo|mailjet|klaviyo|substack|hubspot|"
    r"constant ?contact|campaign ?monitor|mailerlite|sendgrid|salesforce|"
    r"marketo|newsletter|phplist|mautic|acymailing|cleverreach|rapidmail",
    re.I,
)


def own_organisation(own_addresses: Collection[str]) -> frozenset[str]:
    """The company domains of the user's own addresses (never freemail): mail from there is a
    colleague's, never a prospective employer's."""
    return frozenset(d for d in (a.rpartition("@")[2].lower() for a in own_addresses)
                     if d and is_company_domain(d))


def from_own_organisation(email: str, own_addresses: Collection[str]) -> bool:
    """Whether ``email`` is at (a subdomain of) the user's own company domain."""
    domains = own_organisation(own_addresses)
    return bool(domains) and domain_in(email.rpartition("@")[2].lower(), domains)


def looks_personal(env: Envelope, own_addresses: Collection[str]) -> bool:
    """One person writing to the user (see the module's rules); False when the user's own
    addresses are unknown."""
    sender = env.sender.email.lower()
    if not own_addresses or not sender or sender in own_addresses:
        return False
    if is_machine_address(sender) or is_bounce_sender(sender):
        return False
    if from_own_organisation(sender, own_addresses):
        return False  # a colleague
    recipients = [a.email.lower() for a in (*env.to, *env.cc) if a.email]
    if len(recipients) > MAX_RECIPIENTS or not any(r in own_addresses for r in recipients):
        return False
    return not _automated(env)


def _automated(env: Envelope) -> bool:
    heads = env.raw_headers
    if any(name in heads for name in _LIST_HEADERS + _BULK_HEADERS + pa.AUTOREPLY_HEADERS):
        return True
    if any(name.startswith(("x-mailchimp", "x-mc-", "x-campaign", "x-sfmc")) for name in heads):
        return True
    precedence = env.raw_header("precedence").strip().lower()
    auto = env.raw_header("auto-submitted").strip().lower()
    mailer = f"{env.raw_header('x-mailer')} {env.raw_header('user-agent')}"
    return (
        precedence in ("bulk", "junk", "list", "auto_reply")
        or auto not in ("", "no")
        or bool(_BULK_MAILER_RE.search(mailer))
        or env.content_type in ("multipart/report", "message/delivery-status")
    )


def sender_key(env: Envelope) -> str:
    """Who a message is from, for counting a sender's messages: the company domain, or the
    address on freemail (where the domain says nothing)."""
    email = env.sender.email.lower()
    domain = email.rpartition("@")[2]
    return email if domain_in(domain, FREEMAIL_DOMAINS) or not domain else domain
