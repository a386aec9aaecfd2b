"""Read the TOML config once into frozen, typed objects; report every problem at once.

Only this module reads TOML. Validation is table-driven (config_spec.SPEC); cross-key rules
(one credential source, plaintext only to loopback) are checked afterwards, still collecting.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from followupd.config.spec import BY_PATH, COMBINED, CONFIG, SECTIONS, SPEC
from followupd.config.values import Invalid
from followupd.core.errors import ConfigError
from followupd.core.model import Policy


@dataclass(frozen=True)
class Secret:
    """Where a password comes from. Exactly one of the fields is set."""

    command: tuple[str, ...] = ()
    file: str = ""
    credential: str = ""


@dataclass(frozen=True)
class ImapConfig:
    host: str
    port: int
    tls: str
    ca_file: str
    username: str
    auth: str
    secret: Secret
    oauth2_token_command: tuple[str, ...]
    timeout: float
    inbox: str
    sent: str
    drafts: str
    max_body_bytes: int
    corrections_folder: str = "followupd"


@dataclass(frozen=True)
class Identity:
    name: str
    email: str
    aliases: tuple[str, ...]
    signature: str
    language: str = "en"  # DRAFT_LANGUAGES; see engine/language.py
    reply_in_employer_language: bool = True

    @property
    def addresses(self) -> frozenset[str]:
        return frozenset((self.email, *self.aliases))


@dataclass(frozen=True)
class DaemonConfig:
    idle_refresh_minutes: int
    sent_sync_minutes: int
    plan_interval_seconds: int
    poll_interval_seconds: int
    reconnect_max_seconds: int


@dataclass(frozen=True)
class SmtpConfig:
    enabled: bool
    host: str
    port: int
    tls: str
    username: str
    secret: Secret | None  # None: reuse the IMAP secret
    to: str
    min_interval_minutes: int


@dataclass(frozen=True)
class Config:
    source: Path
    imap: ImapConfig
    identity: Identity
    policy: Policy
    templates_dir: Path | None
    state_path: Path
    daemon: DaemonConfig
    smtp: SmtpConfig
    log_level: str
    track_history_days: int = 30
    backfill: bool = True  # sync.backfill: read older mail after the first sync
    gifts_path: Path | None = None  # None: gifts.toml beside the config file

    @property
    def gift_library(self) -> Path:
        return self.gifts_path or self.source.parent / "gifts.toml"


def default_config_path() -> Path:
    env = os.environ.get("FOLLOWUPD_CONFIG")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "followupd" / "config.toml"


def default_state_path() -> Path:
    if os.environ.get("STATE_DIRECTORY"):  # systemd StateDirectory=
        return Path(os.environ["STATE_DIRECTORY"].split(":")[0]) / "state.db"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "followupd" / "state.db"


def is_loopback(host: str) -> bool:
    """Literal loopback addresses and "localhost" only: no DNS lookup, which could answer
    differently when the connection is made and send a password in clear off the machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def load(path: Path | None = None) -> Config:
    path = path or default_config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"no config file at {path}",
            hint="Create one with `followupd init` (or pass --config PATH).",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    return parse(text, source=path)


def parse(text: str, *, source: Path = Path("<config>")) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The message already carries "(at line L, column C)".
        raise ConfigError(
            f"{source} is not valid TOML: {exc}",
            hint="Check quotes around strings and the [section] headers near that line.",
        ) from None
    problems: list[str] = []
    values = _validate(data, problems)
    config = _build(values, source, problems)
    if problems or config is None:
        raise ConfigError(
            f"{source} has {len(problems)} problem{'s' * (len(problems) != 1)}:",
            problems=tuple(problems),
            hint="See config.example.toml or docs/configuration.md for every key.",
        )
    return config


def _validate(data: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    given: set[str] = set()  # keys in the file, valid or not: a bad value is one problem, not two
    for section, table in data.items():
        if section not in SECTIONS:
            problems.append(f"[{section}]: unknown section; known sections: {', '.join(SECTIONS)}")
            continue
        if not isinstance(table, dict):
            problems.append(f"{section}: expected a [{section}] table")
            continue
        for key, raw in table.items():
            option = BY_PATH.get(f"{section}.{key}")
            if option is None:
                known = ", ".join(o.key for o in SPEC if o.section == section)
                problems.append(f"{section}.{key}: unknown key; keys in [{section}]: {known}")
                continue
            given.add(option.path)
            try:
                values[option.path] = option.convert(raw)
            except Invalid as exc:
                problems.append(f"{option.path}: {exc}")
    for option in SPEC:
        if option.path not in values:
            if option.required and option.section != "smtp" and option.path not in given:
                problems.append(f"{option.path}: required; add `{option.key} = ...` under [{option.section}]")
            values.setdefault(option.path, option.default)
    return values


def _secret(v: dict[str, Any], section: str, problems: list[str], *, optional: bool) -> Secret | None:
    command, file = v[f"{section}.password_command"], v[f"{section}.password_file"]
    if command and file:
        problems.append(
            f"{section}: both password_command and password_file are set; keep one of them"
        )
    if command:
        return Secret(command=command)
    if file:
        return Secret(file=str(Path(file).expanduser()))
    if optional:
        return None
    return Secret(credential=v[f"{section}.password_credential"])


def _tls_rule(v: dict[str, Any], section: str, problems: list[str]) -> None:
    host = v[f"{section}.host"]
    if v[f"{section}.tls"] == "none" and host and not is_loopback(host):
        problems.append(
            f'{section}.tls: "none" sends your password in clear text; it is only allowed to a '
            f'loopback host, and {host!r} is not one. Use "implicit" or "starttls"'
        )


def _build(v: dict[str, Any], source: Path, problems: list[str]) -> Config | None:
    _tls_rule(v, "imap", problems)
    if v["imap.auth"] == "xoauth2" and not v["imap.oauth2_token_command"]:
        problems.append('imap.oauth2_token_command: required when auth = "xoauth2"')
    imap_secret = _secret(v, "imap", problems, optional=False)
    if v["schedule.send_window_start"] >= v["schedule.send_window_end"]:
        problems.append("schedule.send_window_end: must be later than send_window_start")
    if v["schedule.holiday_subdivision"] and not v["schedule.holiday_country"]:
        problems.append("schedule.holiday_subdivision: set schedule.holiday_country as well")
    if v["smtp.enabled"]:
        if not v["smtp.host"]:
            problems.append("smtp.host: required when smtp.enabled = true")
        _tls_rule(v, "smtp", problems)
    smtp_secret = _secret(v, "smtp", problems, optional=True)
    if problems or imap_secret is None:  # a missing IMAP secret source is one of the problems
        return None
    parts = _parts(v)
    imap, smtp = parts["imap"], parts["smtp"]
    return Config(
        source=source,
        imap=ImapConfig(**{**imap, "port": imap["port"] or _IMAP_PORTS.get(imap["tls"], 143),
                           "secret": imap_secret}),
        identity=Identity(**parts["identity"]),
        policy=Policy(**parts["schedule"]),
        daemon=DaemonConfig(**parts["daemon"]),
        smtp=SmtpConfig(**{**smtp, "port": smtp["port"] or _SMTP_PORTS.get(smtp["tls"], 25),
                           "secret": smtp_secret, "to": smtp["to"] or v["identity.email"] or ""}),
        **{**parts[CONFIG], "state_path": parts[CONFIG]["state_path"] or default_state_path()},
    )


_IMAP_PORTS = {"implicit": 993}
_SMTP_PORTS = {"implicit": 465, "starttls": 587}


def _parts(v: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each built object's fields, from the spec rows: {"imap": {"host": ...}, ...}."""
    parts: dict[str, dict[str, Any]] = {}
    for option in SPEC:
        into, field = option.target
        if field != COMBINED:
            parts.setdefault(into, {})[field] = option.value_of(v[option.path])
    return parts
