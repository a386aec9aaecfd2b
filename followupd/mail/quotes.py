"""Strip quoted history from a reply, so the words we quoted never count as the sender's.

quotequail finds the attribution line ("On ... wrote:") and quoted blocks in many clients'
formats; we add the markers it misses: Outlook's header block ("From: ... Sent: ..."), the
"-----Original Message-----" separator, and attribution lines in the languages we classify.
Forwarded messages are *not* stripped: a forwarded invitation is the content.
"""

from __future__ import annotations

import logging
import re

import quotequail

from followupd.mail.folded import Folded

log = logging.getLogger(__name__)

# quotequail costs ~1 s per 100k characters of hostile lines ("From: a" x 10,000), so it reads only
# the head of the text; where a quote starts later, our own cuts below find it.
_QUOTEQUAIL_MAX_CHARS = 30_000
# quotequail.quote (0.5.x) splits only where a line (or two joined lines) matches one of its reply
# or forward patterns, or after its 1000-line limit. Every pattern contains one of these words
# (or the 32 underscores of Outlook's separator, or a yyyy/m/d date), within one line: when none
# occurs and the text is shorter than the limit, quotequail returns the text whole, so it is not
# run: most mail. (On the bench's 3 KB plain messages quotequail took 3.6 ms of ~10 ms.)
_QUOTEQUAIL_HINTS = (
    "wrote", "schrieb", "écrit", "escribió", "написал", "skrev", "escreveu", "schreef",
    "geschreven", "forwarded", "weitergeleitet", "réexpédié", "reenviado", "oorgestuurd",
    "vidarebefordrat", "riginal", "ursprüngliche", "oorspronkelijk", "transféré", "origineel",
    "пересылаемое", "_" * 32)
_QUOTEQUAIL_DATE_RE = re.compile(r"\d{4}/\d{1,2}/\d{1,2}")
_QUOTEQUAIL_LINE_LIMIT = 1000  # quotequail.quote's default ``limit``

# Markers that start quoted history. Sources: Outlook/Exchange, Gmail, Apple Mail, Thunderbird,
# and their localized attribution lines (de, fr, es, it, nl, sv, pt). A Folded marker whose
# words are absent is not searched for (``Folded.needles``; a search costs ~0.1 ms on 28 KB).
_CUT_RES: tuple[Folded, ...] = (
    Folded(r"^-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|"
           r"mensaje original|messaggio originale|oorspronkelijk bericht|"
           r"ursprungligt meddelande|mensagem original)\s*-{2,}", re.M),
    Folded(r"^_{10,}\s*\n\s*(from|von|de|da|van|från):", re.M),
    Folded(r"^\*?(from|von|de|da|van|från)\s?:\*?\s.*\n\*?(sent|gesendet|envoyé|enviado|"
           r"inviato|verzonden|skickat|date|datum)\s?:", re.M),
    Folded(r"^(on|am|le|el|il|op|den|em)\b[^\n]{0,200}\n?[^\n]{0,200}"
           r"(wrote|schrieb|a écrit|escribió|ha scritto|schreef|skrev|escreveu)\s*:\s*$", re.M),
)
# The line a client puts above a forwarded message: not words of the one who forwards.
_FORWARD_LINE_RE = re.compile(
    r"^[\s-]*(?:begin )?(?:forwarded message|weitergeleitete nachricht|message transféré|"
    r"mensaje reenviado|mensagem encaminhada|doorgestuurd bericht|messaggio inoltrato)"
    r"[\s:-]*$", re.I | re.M)
# The forwarded message's own header lines ("From: ...", "Sent: ...", "Betreff: ..."): its
# Date is when it was sent, never an interview time.
_FORWARDED_FIELD_RE = re.compile(
    r"^\*?(?:from|von|de|da|van|från|sent|gesendet|envoyé|enviado|inviato|verzonden|skickat|"
    r"date|datum|fecha|data|to|an|à|a|para|aan|cc|bcc|reply-to|subject|betreff|objet|asunto|"
    r"oggetto|onderwerp|ämne)\*?\s?:", re.I)
_GT_BLOCK_RE = re.compile(r"^(\s*>.*\n?){2,}", re.M)  # a block of two or more '>' lines


def quotequail_may_split(text: str) -> bool:
    """False when quotequail.quote certainly returns ``text`` as one new part (see above)."""
    if text.count("\n") >= _QUOTEQUAIL_LINE_LIMIT - 1:
        return True
    folded = text.lower()  # substring tests: a regex alternation costs ~1 ms per 3 KB here
    return any(hint in folded for hint in _QUOTEQUAIL_HINTS) or (
        "/" in text and bool(_QUOTEQUAIL_DATE_RE.search(text)))


def strip_quotes(text: str, *, forwarded: bool = False) -> str:
    """The new text of a message: everything before the first sign of quoted history.
    ``forwarded`` (a "Fwd:" subject): when nothing precedes the forwarded message's header
    block, that message is the content ("FW: Senior Developer Position" with Outlook's
    "From: ... Sent: ..." first), not history."""
    new = text
    head_text = text[:_QUOTEQUAIL_MAX_CHARS]
    try:
        parts = quotequail.quote(head_text) if quotequail_may_split(head_text) else []
        if any(not is_new for is_new, _chunk in parts):
            head = []
            for is_new, chunk in parts:
                if not is_new:
                    break
                head.append(chunk)
            new = "".join(head)
    except Exception:  # noqa: BLE001 - a third-party heuristic must not stop the pipeline
        log.debug("quotequail failed; using our own markers only")
    cut = len(new)
    markers: tuple[Folded | re.Pattern[str], ...] = (*_CUT_RES, _GT_BLOCK_RE) if ">" in new \
        else _CUT_RES
    for pattern in markers:
        found = pattern.search(new, 0, cut)
        if found:
            cut = min(cut, found.start())
    own = new[:cut].strip()
    if forwarded and not _FORWARD_LINE_RE.sub("", own).strip():
        return _forwarded_body(text)
    return own


def _forwarded_body(text: str) -> str:
    """A forwarded message without the client's separator line and its header block."""
    lines = text.strip().split("\n")
    at = 0
    while at < len(lines) and (not lines[at].strip() or _FORWARD_LINE_RE.fullmatch(lines[at])):
        at += 1
    while at < len(lines) and _FORWARDED_FIELD_RE.match(lines[at].strip()):
        at += 1
    return "\n".join(lines[at:]).strip()
