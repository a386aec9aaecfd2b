from __future__ import annotations

import datetime as dt
from dataclasses import replace

from engine_factories import BERLIN, JANE, ME, berlin, facts, make_draft

from followupd.core.actions import MarkDraft
from followupd.core.model import Address, DraftRecord, DraftStatus, Kind, MessageEnvelope
from followupd.engine.reconcile import DraftSnapshot, reconcile, resaved

NOW = berlin("2026-03-19 10:00")


def appended(**kw: object) -> DraftRecord:
    fields: dict[str, object] = {
        "in_reply_to": "<r@acme.example>",
        "recipient": "jane.doe@acme.example",
        "id": 5,
    }
    fields.update(kw)
    return make_draft("follow_up_1", DraftStatus.APPENDED, "2026-03-18 09:00", **fields)


def snap(unchanged: bool = True) -> dict[str, DraftSnapshot]:
    return {"tok-follow_up_1": DraftSnapshot("tok-follow_up_1", 41, "h1", unchanged)}


def test_untouched_draft_in_drafts_needs_nothing() -> None:
    assert reconcile([appended()], snap(), [], NOW, BERLIN) == []


def test_changed_draft_is_marked_edited() -> None:
    (mark,) = reconcile([appended()], snap(unchanged=False), [], NOW, BERLIN)
    assert (mark.draft_id, mark.status) == (5, DraftStatus.EDITED)


def test_sent_copy_with_our_message_id_marks_sent_at_its_date() -> None:
    copy = facts(
        Kind.OUTBOUND, "<follow_up_1@followupd.example>", "2026-03-18 11:00", sender=ME, to=(JANE,)
    )
    (mark,) = reconcile([appended()], {}, [copy], NOW, BERLIN)
    assert mark == MarkDraft(1, 5, DraftStatus.SENT, berlin("2026-03-18 11:00"), mark.reasons)


def test_sent_copy_with_our_token_header_marks_sent() -> None:
    copy = facts(
        Kind.OUTBOUND, "<new-id@example.org>", "2026-03-18 11:00", followupd_token="tok-follow_up_1"
    )
    (mark,) = reconcile([appended()], {}, [copy], NOW, BERLIN)
    assert mark.status is DraftStatus.SENT


def test_sent_reply_to_the_same_message_and_recipient_marks_sent() -> None:
    copy = facts(
        Kind.OUTBOUND,
        "<rewritten@example.org>",
        "2026-03-18 11:00",
        sender=ME,
        to=(JANE,),
        in_reply_to="<r@acme.example>",
    )
    (mark,) = reconcile([appended()], {}, [copy], NOW, BERLIN)
    assert mark.status is DraftStatus.SENT


def test_reply_to_someone_else_or_older_than_the_draft_does_not_count() -> None:
    other = facts(
        Kind.OUTBOUND,
        "<a@example.org>",
        "2026-03-18 11:00",
        in_reply_to="<r@acme.example>",
        to=(ME,),
    )
    older = facts(
        Kind.OUTBOUND,
        "<b@example.org>",
        "2026-03-10 11:00",
        in_reply_to="<r@acme.example>",
        to=(JANE,),
    )
    (mark,) = reconcile([appended()], {}, [other, older], NOW, BERLIN)
    assert (mark.status, mark.missing_since) == (DraftStatus.APPENDED, NOW)


def test_missing_draft_is_dismissed_only_after_the_grace_period() -> None:
    (first,) = reconcile([appended()], {}, [], NOW, BERLIN)
    assert (first.status, first.missing_since) == (DraftStatus.APPENDED, NOW)
    noticed = appended(missing_since=NOW)
    assert reconcile([noticed], {}, [], NOW + dt.timedelta(hours=23), BERLIN) == []
    (final,) = reconcile([noticed], {}, [], NOW + dt.timedelta(hours=24), BERLIN)
    assert final.status is DraftStatus.DISMISSED


def test_draft_that_comes_back_clears_missing_since() -> None:
    (mark,) = reconcile([appended(missing_since=NOW)], snap(), [], NOW, BERLIN)
    assert (mark.status, mark.missing_since) == (DraftStatus.APPENDED, None)


def test_dismissed_draft_sent_later_becomes_sent() -> None:
    gone = make_draft("follow_up_1", DraftStatus.DISMISSED, "2026-03-18 09:00")
    copy = facts(Kind.OUTBOUND, "<follow_up_1@followupd.example>", "2026-03-25 11:00")
    (mark,) = reconcile([gone], {}, [copy], berlin("2026-03-25 12:00"), BERLIN)
    assert mark.status is DraftStatus.SENT


def test_one_sent_message_confirms_one_draft() -> None:
    a = appended(id=1, token="t1", message_id="<m1@x>")
    b = appended(id=2, token="t2", message_id="<m2@x>")
    copy = facts(
        Kind.OUTBOUND,
        "<c@example.org>",
        "2026-03-18 11:00",
        in_reply_to="<r@acme.example>",
        to=(JANE,),
    )
    marks = reconcile([a, b], {}, [copy], NOW, BERLIN)
    assert [m.status for m in marks] == [DraftStatus.SENT, DraftStatus.APPENDED]


def test_finished_drafts_are_not_examined() -> None:
    done = [
        make_draft("thank_you_1", status, "2026-03-03 17:00")
        for status in (DraftStatus.SENT, DraftStatus.WITHDRAWN, DraftStatus.INTENDED)
    ]
    assert reconcile(done, {}, [], NOW, BERLIN) == []


def _envelope(msg_id: str, *, in_reply_to: str = "", to: tuple[Address, ...] = (JANE,)
              ) -> MessageEnvelope:
    return MessageEnvelope(message_id=msg_id, subject="Re: Interview", sender=ME, to=to,
                           in_reply_to=in_reply_to)


def test_a_copy_resaved_without_our_header_is_found_by_our_message_id_and_is_edited() -> None:
    found = resaved([appended()], [(77, _envelope("<follow_up_1@followupd.example>"))])
    assert found == {"tok-follow_up_1": DraftSnapshot("tok-follow_up_1", 77, "", False)}
    (mark,) = reconcile([appended()], found, [], NOW, BERLIN)
    assert mark.status is DraftStatus.EDITED


def test_a_resaved_copy_with_a_new_message_id_is_found_by_its_parent_and_recipient() -> None:
    copy = _envelope("<new-by-client@example.org>", in_reply_to="<r@acme.example>")
    assert set(resaved([appended()], [(78, copy)])) == {"tok-follow_up_1"}


def test_a_reply_to_the_same_parent_for_someone_else_is_not_our_draft() -> None:
    other = _envelope("<x@example.org>", in_reply_to="<r@acme.example>",
                      to=(Address("Bob", "bob@acme.example"),))
    assert resaved([appended()], [(79, other)]) == {}


def test_one_message_in_drafts_stands_for_one_draft_and_the_message_id_wins() -> None:
    first = appended()
    second = appended(id=6, token="tok-2", message_id="<second@followupd.example>")
    copies = [(80, _envelope("<x@example.org>", in_reply_to="<r@acme.example>")),
              (81, _envelope("<second@followupd.example>", in_reply_to="<r@acme.example>"))]
    found = resaved([first, second], copies)
    assert {t: s.uid for t, s in found.items()} == {"tok-2": 81, "tok-follow_up_1": 80}


def test_sent_and_dismissed_drafts_are_not_looked_for_in_drafts() -> None:
    done = [replace(appended(), status=DraftStatus.SENT),
            replace(appended(), id=6, token="t6", status=DraftStatus.DISMISSED)]
    assert resaved(done, [(82, _envelope("<follow_up_1@followupd.example>"))]) == {}


def test_a_notes_draft_resaved_without_our_header_is_found_by_its_subject_marker_only() -> None:
    notes = make_draft("notes_2", DraftStatus.APPENDED, "2026-03-18 09:00", recipient="me@example.org")

    def saved(subject: str) -> MessageEnvelope:
        return MessageEnvelope(message_id="<client@example.org>", subject=subject, sender=ME, to=(ME,))

    found = resaved([notes], [(90, saved("Interview notes: Acme [followupd 1/2]"))])
    assert found == {"tok-notes_2": DraftSnapshot("tok-notes_2", 90, "", False)}
    others = [(91, saved("Interview notes: Acme [followupd 1/1]")),  # another round
              (92, saved("Interview notes: Acme [followupd 7/2]")),  # another application
              (93, saved("Interview notes: Acme"))]
    assert resaved([notes], others) == {}
