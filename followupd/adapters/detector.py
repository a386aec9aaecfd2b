"""Loads the detector once: the shipped weights (package data) into the ``ScoredClassifier``
that the daemon, ``once``, ``classify``, ``track`` and ``eval`` all use."""

from __future__ import annotations

import functools
import gzip
import json
from importlib import resources
from pathlib import Path

from followupd.core.errors import ModelError
from followupd.mail.classify.features import FEATURE_VERSION
from followupd.mail.classify.linear import LinearModel
from followupd.mail.classify.scored import ScoredClassifier

WEIGHTS = "weights.json.gz"


def read_model(path: Path | None = None) -> LinearModel:
    """The linear model from ``path``, or the one shipped in the package."""
    try:
        if path is None:
            blob = resources.files("followupd.mail.classify").joinpath(WEIGHTS).read_bytes()
        else:
            blob = path.read_bytes()
        data = json.loads(gzip.decompress(blob))
    except (OSError, ValueError, EOFError) as exc:
        raise ModelError(f"cannot read the detector weights: {exc}",
                         hint="reinstall followupd (the weights ship in the package)") from exc
    return LinearModel.from_json(data, feature_version=FEATURE_VERSION)


@functools.cache
def load_classifier() -> ScoredClassifier:
    return ScoredClassifier(read_model())
