"""The gift library file (``gifts.toml`` beside the config, or ``gifts.file``): read and checked
with every problem at once, written atomically by `followupd gift add|remove`."""

from __future__ import annotations

import logging
import os
import tempfile
import tomllib
from collections.abc import Sequence
from pathlib import Path

import tomli_w

from followupd.core.errors import ConfigError
from followupd.engine.giftlib import Gift, read_library, to_data

log = logging.getLogger(__name__)


def load_gifts(path: Path) -> tuple[Gift, ...]:
    """The gifts in ``path`` (none when it does not exist); ConfigError listing every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    except OSError as exc:
        raise ConfigError(f"cannot read the gift library {path}: {exc.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"the gift library {path} is not valid TOML: {exc}",
                          hint="See README, 'A gift library', for the format.") from None
    gifts, problems = read_library(data)
    if problems:
        raise ConfigError(f"the gift library {path} has {len(problems)} problem"
                          f"{'s' * (len(problems) != 1)}", problems=tuple(problems),
                          hint="Fix them with an editor or `followupd gift add|remove`.")
    return gifts


def load_gifts_or_none(path: Path) -> tuple[Gift, ...]:
    """For the daemon and `once`: a broken library is logged and the drafts go on without it
    (they then carry the gift placeholder), never a reason to stop."""
    try:
        return load_gifts(path)
    except ConfigError as exc:
        log.error("%s; drafts are made without the gift library", exc)
        return ()


def save_gifts(path: Path, gifts: Sequence[Gift]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gifts-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(b"# followupd's gift library: `followupd gift --help`; README 'A gift library'.\n")
            tomli_w.dump(to_data(gifts), out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
