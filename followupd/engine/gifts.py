"""Which gift a draft brings, so that no gift ever reaches the same person twice. Pure.

Gifts (``followupd note ID --gift``) are taken in order: the thank-you of round R would bring gift
R, follow-up N gift N+1, so each draft brings news. A gift already in a draft to this person (sent,
or still in Drafts) is never chosen for them again: then the next unused one is taken, and none
when all are used. A draft withdrawn by us or dismissed by the user gave nothing. Each draft
records the gift it carried and its recipient (``DraftRecord.gift``, ``.recipient``): that record
is what the next choice reads. When the application's own gifts are used up (or there are none),
the gift library (``engine.giftlib``, ``followupd gift``) offers its best match, under the same
rule.
"""

from __future__ import annotations

from collections.abc import Sequence

from followupd.core.model import Application, DraftStatus
from followupd.engine.draftmsg import choose_recipient
from followupd.engine.giftlib import Gift, best_gift
from followupd.engine.stages import THANK_YOU, parse_stage

_NOT_GIVEN = (DraftStatus.DISMISSED, DraftStatus.WITHDRAWN)


def given_to(app: Application, email: str) -> frozenset[str]:
    """The gifts already in a draft of ours to ``email`` (sent, or still waiting in Drafts)."""
    who = email.strip().lower()
    return frozenset(
        d.gift for d in app.drafts if d.gift and d.recipient == who and d.status not in _NOT_GIVEN
    )


def gift_for(app: Application, stage: str, library: Sequence[Gift] = (),
             about: Sequence[str] = ()) -> str:
    """The gift the draft of ``stage`` brings ("" when there is none left for its recipient):
    the application's own gifts first (``followupd note --gift``), else the best-fitting one
    of the gift ``library`` for what is known of it (its topics and position, and ``about``:
    e.g. the subjects of the employer's mails)."""
    kind, number = parse_stage(stage)
    if not kind:
        return ""
    to = choose_recipient(app)
    used = given_to(app, to.email) if to is not None else frozenset()
    if app.gifts:
        preferred = number - 1 if kind == THANK_YOU else number
        # The stage's own gift first, then the later ones, then earlier ones never given to them.
        order = [*range(preferred, len(app.gifts)), *range(min(preferred, len(app.gifts)))]
        own = next((app.gifts[i] for i in order if app.gifts[i] not in used), "")
        if own:
            return own
    known = (*app.topics, app.position, *about)
    found = best_gift(library, known, app.company, used)
    return found.text if found is not None else ""
