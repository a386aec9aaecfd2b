"""The judge of a body prefix, pure: does the start of a personal mail talk about a job?

Header triage (``followupd.mail.triage``) lets a mail from a new person, addressed to the user
alone, with a neutral subject ("Hello", "Quick question") through as a *peek*: the sync fetches the
first ``PEEK_BYTES`` of its body (``BODY.PEEK[TEXT]<0.N>``, read-only) and asks ``judge_prefix``.
A signal sends the message to the full reader; none records it UNRELATED, as triage would have.

The prefix is undecoded and cut anywhere: the header block says whether it is a multipart (and its
boundary); the first text part is taken (text/plain before text/html, nested multiparts followed,
attachments skipped), its quoted-printable or base64 decoded as far as it goes, HTML turned into
text, quoted lines (``>``) and quote attributions ("... wrote:") dropped. A signal is triage's
``job_word``, a word of the job-context or interview families (``classify.phrases_human``), a day
with a time of day ("Thursday at 2pm", "Donnerstag um 14 Uhr", "jeudi à 14h", "el jueves a las
14:00") or an availability question ("are you free", "hätten Sie Zeit", "êtes-vous disponible",
"¿tienes tiempo"), en/de/fr/es. Broad on purpose: only peeked mail is judged, and a false signal
costs one full read, the path every message took before triage.
"""

from __future__ import annotations

import binascii
import email.parser
import email.policy
import re
from dataclasses import dataclass
from email.message import Message

from followupd.core.model import Reason
from followupd.mail.classify.phrases_human import INTERVIEW_RES, JOB_CONTEXT_RE
from followupd.mail.htmltext import html_to_text
from followupd.mail.triage import job_word

PEEK_BYTES = 4096
_HEADERS = email.parser.BytesHeaderParser(policy=email.policy.compat32)
_BLANK_RE = re.compile(rb"\r?\n\r?\n")
_TIME = (
    r"(?:\b\d{1,2}(?::\d\d| ?h\d\d)\b|\b\d{1,2} ?(?:am|pm|a\.m\.|p\.m\.|uhr|h)(?!\w)|"
    r"\ba las \d{1,2}\b)"
)
_DAY = (
    r"(?:\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\btomorrow|\b(?:montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag|morgen)|\b(?:lundi|mardi|mercredi|jeudi|vendredi|"
    r"samedi|dimanche|demain)|\b(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    r"mañana))"
)
# A day and a time of day in one sentence: "Thursday at 2pm", "jeudi à 14h", "14:00 el jueves".
_SCHEDULE_RE = re.compile(rf"{_DAY}[^.?!\n]{{0,40}}{_TIME}|{_TIME}[^.?!\n]{{0,40}}{_DAY}", re.I)
# "On Mon, 2 Mar 2026 at 8:14, Jane wrote:": the attribution line of a quote.
_ATTRIBUTION_RE = re.compile(r"(wrote|schrieb|a écrit|escribió)\s*:\s*$", re.I)
_AVAILABLE_RE = re.compile(
    r"\b(?:are|would) you (?:be )?(?:free|available)|\bdo you have (?:time|a few minutes)|"
    r"\bwould [^.?\n]{1,40} work for you|\b(?:hätten|haben) sie [^.?\n]{0,30}zeit|"
    r"\bhast du [^.?\n]{0,30}zeit|\b(?:êtes|seriez)-vous disponible|\bes-tu disponible|"
    r"\b(?:tienes|tiene|tendrías|tendría) tiempo|\b(?:estás|está|estarías) disponible|"
    r"\bgoogle meet\b|\bzoom\b|\bmicrosoft teams\b|\bwebex\b",
    re.I,
)


@dataclass(frozen=True)
class PeekVerdict:
    signal: str  # what was found ("" for nothing)
    reason: Reason
    text: str  # the decoded text that was judged


def judge_prefix(header: bytes, prefix: bytes, *, limit: int = PEEK_BYTES) -> PeekVerdict:
    """Judge the first bytes of a message's body (``prefix``) under its header block."""
    try:
        text = _text(_HEADERS.parsebytes(header), prefix, 0)
    except Exception:  # noqa: BLE001 - a garbled prefix is no signal; the headers were judged
        text = ""
    text = "\n".join(
        line
        for line in text.splitlines()
        if not line.lstrip().startswith(">") and not _ATTRIBUTION_RE.search(line)
    )
    signal, rule = _signal(text)
    if signal:
        return PeekVerdict(signal, Reason(rule, signal[:80]), text)
    return PeekVerdict("", Reason("peek", f"no job signal in the first {limit} bytes"), text)


def _signal(text: str) -> tuple[str, str]:
    for pattern in INTERVIEW_RES:
        found = pattern.search(text)
        if found:
            return found.group(0), "peek_interview"
    word = job_word(text)
    if word:
        return word, "peek_words"
    for pattern, rule in (
        (JOB_CONTEXT_RE, "peek_words"),
        (_AVAILABLE_RE, "peek_availability"),
        (_SCHEDULE_RE, "peek_schedule"),
    ):
        found = pattern.search(text)
        if found:
            return found.group(0), rule
    return "", ""


def _text(head: Message, body: bytes, depth: int) -> str:
    """The text of the first text part of ``body`` (a part's content, cut anywhere)."""
    ctype = head.get_content_type()
    if ctype.startswith("multipart/"):
        boundary = head.get_boundary()
        return _first_part(boundary.encode("ascii", "replace"), body, depth) if boundary else ""
    if ctype not in ("text/plain", "text/html") or _is_attachment(head):
        return ""
    decoded = _decode(body, str(head.get("Content-Transfer-Encoding", "")).strip().lower())
    charset = head.get_content_charset() or "utf-8"
    try:
        text = decoded.decode(charset, "replace")
    except LookupError:
        text = decoded.decode("utf-8", "replace")
    return html_to_text(text) if ctype == "text/html" else text


def _first_part(boundary: bytes, body: bytes, depth: int) -> str:
    if depth > 4:
        return ""
    delimiter = re.compile(rb"(?:^|\r?\n)--" + re.escape(boundary) + rb"(?:--)?[ \t]*(?:\r?\n|$)")
    html = ""
    for part in delimiter.split(body)[1:]:  # the first piece is the preamble
        blank = _BLANK_RE.search(part)
        if blank is None:  # cut inside the part's header block
            break
        head = _HEADERS.parsebytes(part[: blank.end()])
        content = part[blank.end() :]
        ctype = head.get_content_type() if head.keys() else "text/plain"
        if ctype.startswith("multipart/"):
            text = _text(head, content, depth + 1)
        elif ctype == "text/html" and not _is_attachment(head):
            html = html or _text(head, content, depth)
            continue
        else:
            text = _text(head, content, depth)
        if text.strip():
            return text
    return html


def _is_attachment(head: Message) -> bool:
    return str(head.get("Content-Disposition", "")).strip().lower().startswith("attachment")


def _decode(data: bytes, encoding: str) -> bytes:
    if encoding == "quoted-printable":
        return binascii.a2b_qp(data)
    if encoding == "base64":
        compact = re.sub(rb"[^A-Za-z0-9+/=]", b"", data)
        compact = compact[: len(compact) - len(compact) % 4]
        try:
            return binascii.a2b_base64(compact)
        except binascii.Error:
            return b""
    return data
