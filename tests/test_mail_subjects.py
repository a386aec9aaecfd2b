"""One list of reply/forward prefixes, used by the subject key, the classifier and a draft's Re:."""

from __future__ import annotations

import pytest

from followupd.engine.draftmsg import reply_subject
from followupd.mail.subjects import is_reply_subject, strip_prefixes, strip_reply_prefixes


@pytest.mark.parametrize(("subject", "reply"), [
    ("Re: AW: Interview", True), ("SV:Interview", True), ("Réf : entretien", True),
    ("RE[2]: Interview", True), ("Fwd: Interview", False), ("Interview", False),
])
def test_reply_subjects(subject: str, reply: bool) -> None:
    assert is_reply_subject(subject) is reply


def test_the_key_drops_replies_forwards_and_tags_the_draft_only_replies() -> None:
    assert strip_prefixes("Re: WG: [jobs] Interview") == "Interview"
    assert strip_reply_prefixes("Re: AW: Réf: Fwd: Interview") == "Fwd: Interview"
    assert reply_subject("AW: Re: RES: Interview") == "Re: Interview"
