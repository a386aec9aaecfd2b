"""The spec table builds the config: every row lands in exactly one field of a config object."""

from __future__ import annotations

import dataclasses

from followupd.config.loader import Config, DaemonConfig, Identity, ImapConfig, SmtpConfig
from followupd.config.spec import COMBINED, CONFIG, SPEC
from followupd.core.model import Policy

TARGETS = {"imap": ImapConfig, "identity": Identity, "schedule": Policy, "daemon": DaemonConfig,
           "smtp": SmtpConfig, CONFIG: Config}


def test_every_spec_row_names_a_field_of_a_config_object() -> None:
    seen: set[tuple[str, str]] = set()
    for option in SPEC:
        into, field = option.target
        if field == COMBINED:
            continue
        assert field in {f.name for f in dataclasses.fields(TARGETS[into])}, option.path
        assert (into, field) not in seen, option.path
        seen.add((into, field))
