"""The gift library: the file checked with every problem at once, the best-fitting gift chosen
for an application, never one a person already had, and `followupd gift add|list|remove`."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_factories import JANE, make_app, make_draft

from followupd.cli import main
from followupd.core.model import DraftStatus
from followupd.engine.giftlib import Gift, best_gift, read_library
from followupd.engine.gifts import gift_for

OUTBOX = Gift("the outbox-pattern article", ("event sourcing", "kafka"))
DBT = Gift("my dbt testing checklist", ("dbt", "data quality"))
ACME = Gift("the Acme meetup recording", ("platform",), companies=("Acme",))
LIBRARY = (OUTBOX, DBT, ACME)


def test_every_problem_of_the_file_is_reported_at_once() -> None:
    gifts, problems = read_library({"gift": [
        {"text": "fine", "topics": ["x"]},
        {"topics": ["y"]},
        {"text": "no topics"},
        {"text": "bad topics", "topics": "kafka", "colour": "red"},
        {"text": "fine", "topics": ["z"]},
    ], "gifts": []})
    joined = "\n".join(problems)
    assert "unknown key 'gifts'" in joined
    assert "gift 2: text is required" in joined
    assert "gift 3: give topics" in joined
    assert "gift 4: topics must be a list of strings" in joined
    assert "gift 4: unknown key 'colour'" in joined
    assert "the same text twice" in joined
    assert len(problems) == 6
    assert gifts[0] == Gift("fine", ("x",))


def test_the_best_match_wins_and_a_used_or_foreign_gift_never_comes() -> None:
    about = ["their move to event sourcing", "Data Engineer"]
    assert best_gift(LIBRARY, about, "Acme", frozenset()) == OUTBOX
    assert best_gift(LIBRARY, about, "Acme", frozenset({OUTBOX.text})) is None  # nothing else fits
    assert best_gift(LIBRARY, ["platform team"], "Globex", frozenset()) is None  # Acme only
    assert best_gift(LIBRARY, ["platform team"], "acme", frozenset()) == ACME
    assert best_gift(LIBRARY, ["we use dbt and Kafka"], "X", frozenset()) in (OUTBOX, DBT)


def test_a_draft_takes_the_applications_own_gift_first_then_the_library() -> None:
    own = make_app(gifts=("my own tip",), topics=("event sourcing",))
    assert gift_for(own, "thank_you_1", LIBRARY) == "my own tip"
    had_own = make_app(gifts=("my own tip",), topics=("event sourcing",), drafts=(
        make_draft("thank_you_1", DraftStatus.SENT, "2026-03-03 17:00", recipient=JANE.email,
                   gift="my own tip"),))
    assert gift_for(had_own, "follow_up_1", LIBRARY) == OUTBOX.text
    had_both = make_app(topics=("event sourcing",), drafts=(
        make_draft("follow_up_1", DraftStatus.SENT, "2026-03-20 10:00", recipient=JANE.email,
                   gift=OUTBOX.text),))
    assert gift_for(had_both, "follow_up_2", LIBRARY) == ""  # the placeholder asks you
    assert gift_for(make_app(position="Analytics Engineer"), "thank_you_1", LIBRARY,
                    about=("Re: your dbt project",)) == DBT.text


@pytest.fixture
def config(tmp_path: Path) -> Path:
    secret = tmp_path / "pw"
    secret.write_text("x\n")
    secret.chmod(0o600)
    path = tmp_path / "config.toml"
    path.write_text(f'[imap]\nhost = "127.0.0.1"\nusername = "a"\ntls = "none"\n'
                    f'password_file = "{secret}"\n[identity]\nname = "A"\nemail = "a@example.org"\n'
                    f'[state]\npath = "{tmp_path / "state.db"}"\n')
    return path


def test_gift_add_list_remove_keep_the_library_file(config: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(config), "gift", "add", "the outbox-pattern article",
                 "--topic", "event sourcing", "--topic", "kafka"]) == 0
    assert main(["--config", str(config), "gift", "add", "a meetup talk", "--topic", "platform",
                 "--company", "Acme"]) == 0
    library = config.parent / "gifts.toml"
    assert "event sourcing" in library.read_text()
    capsys.readouterr()
    assert main(["--config", str(config), "gift", "list"]) == 0
    listed = capsys.readouterr().out
    assert "1  the outbox-pattern article" in listed
    assert "only Acme" in listed
    assert "to nobody yet" in listed
    assert main(["--config", str(config), "gift", "remove", "1"]) == 0
    assert "outbox" not in library.read_text()
    assert main(["--config", str(config), "gift", "remove", "5"]) == 64
    assert main(["--config", str(config), "gift", "add", "no topics"]) == 64


def test_a_broken_library_names_every_problem_and_exits_78(config: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    (config.parent / "gifts.toml").write_text('[[gift]]\ntopics = ["x"]\n[[gift]]\ntext = "y"\n')
    assert main(["--config", str(config), "gift", "list"]) == 78
    err = capsys.readouterr().err
    assert "gift 1: text is required" in err
    assert "gift 2: give topics" in err
