"""understand() never raises: arbitrary bytes and mutated corpus messages."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followupd.core.model import Kind, MessageFacts
from followupd.mail import understand

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*/*.eml"))
SAMPLES = [p.read_bytes() for p in CORPUS]


def _check(facts: MessageFacts) -> None:
    assert isinstance(facts.kind, Kind)
    assert facts.message_id.startswith("<")
    assert facts.message_id.endswith(">")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    _check(understand(raw))


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(st.sampled_from(SAMPLES)))
    op = draw(st.sampled_from(["flip", "truncate", "duplicate_headers", "splice"]))
    if op == "flip":
        for _ in range(draw(st.integers(1, 20))):
            i = draw(st.integers(0, len(raw) - 1))
            raw[i] = draw(st.integers(0, 255))
    elif op == "truncate":
        raw = raw[: draw(st.integers(0, len(raw)))]
    elif op == "duplicate_headers":
        head, _, body = bytes(raw).partition(b"\n\n")
        raw = bytearray(head + b"\n" + head * draw(st.integers(1, 5)) + b"\n\n" + body)
    else:
        other = draw(st.sampled_from(SAMPLES))
        cut = draw(st.integers(0, len(raw)))
        raw = raw[:cut] + other[draw(st.integers(0, len(other))):]
    return bytes(raw)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_corpus_messages_never_raise(raw: bytes) -> None:
    _check(understand(raw))
