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

log = logging.getLogger(__name__)

# quotequail costs ~1 s per 100k characters of hostile lines ("From: a" x 10,000), so it reads only
# the head of the text; where a quote starts later, our own cuts below find it.
_QUOTEQUAIL_MAX_CHARS = 30_000

# Markers that start quoted history. Sources: Outlook/Exchange, Gmail, Apple Mail, Thunderbird,
# and their localized attribution lines (de, fr, es, it, nl, sv, pt).
_CUT_RES = (
    re.compile(r"^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|"
               r"Mensaje original|Messaggio originale|Oorspronkelijk bericht|"
               r"Ursprungligt meddelande|Mensagem original)\s*-{2,}", re.I | re.M),
    re.compile(r"^_{10,}\s*\n\s*(From|Von|De|Da|Van|Från):", re.I | re.M),
    re.compile(r"^\*?(From|Von|De|Da|Van|Från)\s?:\*?\s.*\n\*?(Sent|Gesendet|Envoyé|Enviado|"
               r"Inviato|Verzonden|Skickat|Date|Datum)\s?:", re.I | re.M),
    re.compile(r"^(On|Am|Le|El|Il|Op|Den|Em)\b[^\n]{0,200}\n?[^\n]{0,200}"
               r"(wrote|schrieb|a écrit|escribió|ha scritto|schreef|skrev|escreveu)\s*:\s*$",
               re.I | re.M),
    re.compile(r"^(\s*>.*\n?){2,}", re.M),  # a block of two or more '>' lines
)


def strip_quotes(text: str) -> str:
    """The new text of a message: everything before the first sign of quoted history."""
    new = text
    try:
        parts = quotequail.quote(text[:_QUOTEQUAIL_MAX_CHARS])
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
    for pattern in _CUT_RES:
        found = pattern.search(new, 0, cut)
        if found:
            cut = min(cut, found.start())
    return new[:cut].strip()
