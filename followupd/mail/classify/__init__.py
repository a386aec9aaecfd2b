"""Classification: what a parsed message is, behind one seam (``verdict.Classifier``).

``scored`` is the detector followupd uses: protocol facts as rules (``bounce``, ``rules``:
RFC 3464, RFC 3834, list headers), then a calibrated linear model (``linear``) over
``features`` (words, word pairs, character n-grams, structure, ``families`` of phrases), with
confidence tiers. ``rules`` also keeps the hand-written cascade (``RuleClassifier``).
``evaluate`` scores a detector against labelled mail.
"""

from __future__ import annotations

from followupd.mail.classify.rules import classify

__all__ = ["classify"]
