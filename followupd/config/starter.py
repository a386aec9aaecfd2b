"""The commented starter config written by ``followupd init`` (and kept as config.example.toml).

Generated from config_spec.SPEC so it can never miss a key; values are written with tomli-w so
quoting and escaping are always valid TOML.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import tomli_w

from followupd.config.spec import SECTIONS, SPEC, Option

HEADER = """\
# followupd configuration.
#
# followupd watches your mailbox and puts follow-up drafts into your Drafts folder.
# It never sends anything. Lines starting with '#' show optional keys with their defaults
# (and an example where one helps); remove the '#' to change one.
# `followupd check` validates this file and logs in.
# Reference: docs/configuration.md
"""

SECTION_NOTES = {
    "imap": "Your mail account. The password comes from password_command, password_file, or a\n"
    "systemd credential (LoadCredential=imap-password:...), in that order.",
    "identity": "Who the drafts are from, and the language they are written in.",
    "schedule": "When drafts appear. Business days skip weekends and the holidays of holiday_country.",
    "templates": "Your own draft templates (Jinja2, sandboxed): <directory>/thank_you.j2 for every\n"
    "language, <directory>/de/thank_you.j2 for German drafts only (see README, Templates).",
    "state": "Where followupd keeps what it knows (SQLite).",
    "sync": "How a large mailbox is read the first time.",
    "daemon": "`followupd run`: how often it looks.",
    "smtp": "Optional digest mail to yourself. Off by default.",
    "logging": "",
}


def _toml_value(value: Any) -> str:
    if isinstance(value, dt.time):
        value = f"{value:%H:%M}"
    if isinstance(value, tuple | list):  # one line, not tomli-w's one element per line
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    line = tomli_w.dumps({"k": value})
    return line.partition("=")[2].strip()


def _lines(option: Option, overrides: dict[str, Any]) -> list[str]:
    out = [f"# {line}" for line in textwrap.wrap(option.description, 96)]
    if option.path in overrides:
        out.append(f"{option.key} = {_toml_value(overrides[option.path])}")
    elif option.required:
        out.append(f"{option.key} = {_toml_value(option.example)}")
    else:
        default = option.default
        example = None if option.example in (None, "") else option.example
        unset = default is None or default in ("", (), [])
        if unset and example is not None:  # no default value: show the example, say so
            out.append(f"# {option.key} = {_toml_value(example)}  # example; unset by default")
        else:
            out.append(f"# {option.key} = {_toml_value('' if default is None else default)}")
            if example is not None and _toml_value(example) != _toml_value(default):
                out.append(f"#   example: {option.key} = {_toml_value(example)}")
    return out


def starter_config(overrides: dict[str, Any] | None = None) -> str:
    """The full commented config; ``overrides`` ("section.key" -> value) are written uncommented."""
    overrides = overrides or {}
    parts = [HEADER]
    for section in SECTIONS:
        note = SECTION_NOTES.get(section, "")
        block = [f"[{section}]"] if not note else [*(f"# {n}" for n in note.splitlines()), f"[{section}]"]
        for option in (o for o in SPEC if o.section == section):
            block += _lines(option, overrides)
            block.append("")
        parts.append("\n".join(block))
    return "\n".join(parts).rstrip() + "\n"
