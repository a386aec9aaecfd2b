"""Classification: what a parsed message is (bounce, auto-reply, automated, interview, decision...).

``rules`` holds the ordered rule cascade; ``bounce`` reads RFC 3464 delivery reports; the phrase
modules hold the multilingual word lists the rules match.
"""

from __future__ import annotations

from followupd.mail.classify.rules import classify

__all__ = ["classify"]
