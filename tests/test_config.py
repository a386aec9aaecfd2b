"""Config: parsed once into typed objects; every problem reported at once with its TOML path."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from followupd.config import loader as config
from followupd.config.spec import SPEC, reference_markdown
from followupd.config.starter import starter_config
from followupd.core.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]

ISSUE_EXAMPLE = """
[imap]
host = "127.0.0.1"
port = 14143
tls = "none"            # "implicit" (default, port 993) | "starttls" | "none" (loopback only)
username = "alice"
password_command = ["cat", "/run/secret"]   # or password_file = "...", or a systemd credential
[identity]
name = "Alice Example"
email = "alice@example.org"
[schedule]
timezone = "Europe/Berlin"
[state]
path = "/var/tmp/followupd/state.db"   # default: $STATE_DIRECTORY or $XDG_STATE_HOME/followupd/
"""


def test_the_documented_minimal_config_parses_into_typed_objects() -> None:
    cfg = config.parse(ISSUE_EXAMPLE)
    assert cfg.imap.port == 14143
    assert cfg.imap.tls == "none"
    assert cfg.imap.secret.command == ("cat", "/run/secret")
    assert cfg.identity.email == "alice@example.org"
    assert cfg.policy.timezone == "Europe/Berlin"
    assert cfg.policy.cadence == (10, 14, 21)
    assert cfg.policy.window_start == dt.time(9, 0)
    assert cfg.state_path == Path("/var/tmp/followupd/state.db")


def test_every_problem_is_reported_at_once_with_its_path() -> None:
    text = ISSUE_EXAMPLE.replace('port = 14143', 'port = "x"').replace(
        'timezone = "Europe/Berlin"', 'timezone = "Mars/Olympus"\ncolour = "blue"'
    ) + '\n[smtpp]\nhost = "x"\n'
    with pytest.raises(ConfigError) as info:
        config.parse(text)
    problems = info.value.problems
    assert any(p.startswith("imap.port:") for p in problems)
    assert any(p.startswith("schedule.timezone:") and "IANA" in p for p in problems)
    assert any(p.startswith("schedule.colour: unknown key") for p in problems)
    assert any(p.startswith("[smtpp]: unknown section") for p in problems)
    assert len(problems) == 4


def test_a_toml_syntax_error_names_line_and_column() -> None:
    with pytest.raises(ConfigError) as info:
        config.parse('[imap]\nhost = "unterminated\n')
    assert re.search(r"line 2, column \d+", str(info.value))


def test_missing_required_keys_are_named() -> None:
    with pytest.raises(ConfigError) as info:
        config.parse("[imap]\n")
    text = str(info.value)
    for key in ("imap.host", "imap.username", "identity.name", "identity.email"):
        assert key in text


def test_plaintext_is_refused_off_loopback() -> None:
    with pytest.raises(ConfigError, match=r'imap.tls: "none" sends your password'):
        config.parse(ISSUE_EXAMPLE.replace('host = "127.0.0.1"', 'host = "203.0.113.5"'))


def test_loopback_names_are_allowed_plaintext() -> None:
    assert config.parse(ISSUE_EXAMPLE.replace("127.0.0.1", "localhost")).imap.host == "localhost"
    assert config.is_loopback("::1")
    assert config.is_loopback("127.8.9.10")
    assert not config.is_loopback("192.0.2.1")


def test_plaintext_to_a_host_name_is_refused_without_asking_dns() -> None:
    # A name could resolve to loopback now and elsewhere at connect time.
    assert not config.is_loopback("mail.localhost.example")
    with pytest.raises(ConfigError, match="only allowed to a loopback host"):
        config.parse(ISSUE_EXAMPLE.replace('host = "127.0.0.1"', 'host = "imap.example.org"'))


@pytest.mark.parametrize("address", ["jörg@example.de", "a,b@example.org", "alice@localhost"])
def test_an_address_a_draft_cannot_carry_is_refused(address: str) -> None:
    with pytest.raises(ConfigError, match=r"identity\.email"):
        config.parse(ISSUE_EXAMPLE.replace("alice@example.org", address))


@pytest.mark.parametrize("address", ["not-an-address", "jörg@example.de", ""])
def test_a_bad_identity_email_is_one_problem_with_one_message(address: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config.parse(ISSUE_EXAMPLE.replace('"alice@example.org"', f'"{address}"'))
    about_email = [p for p in caught.value.problems if "identity.email" in p]
    assert len(about_email) == 1, caught.value.problems
    assert "required" not in about_email[0]  # the key is there; its value is what is wrong
    assert len(caught.value.problems) == 1, caught.value.problems


def test_two_password_sources_are_an_error() -> None:
    text = ISSUE_EXAMPLE.replace("password_command", 'password_file = "/x"\npassword_command')
    with pytest.raises(ConfigError, match="both password_command and password_file"):
        config.parse(text)


def test_implicit_tls_and_port_993_are_the_default() -> None:
    text = ISSUE_EXAMPLE.replace('port = 14143\n', "").replace('tls = "none"', "")
    cfg = config.parse(text)
    assert (cfg.imap.tls, cfg.imap.port) == ("implicit", 993)


def test_cadence_must_widen() -> None:
    text = ISSUE_EXAMPLE.replace(
        'timezone = "Europe/Berlin"', 'timezone = "Europe/Berlin"\ncadence_business_days = [14, 10]'
    )
    with pytest.raises(ConfigError, match="cadence must widen"):
        config.parse(text)


def test_state_path_defaults_to_systemd_state_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATE_DIRECTORY", "/var/lib/followupd")
    cfg = config.parse(ISSUE_EXAMPLE.replace('path = "/var/tmp/followupd/state.db"', ""))
    assert cfg.state_path == Path("/var/lib/followupd/state.db")


def test_config_path_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUPD_CONFIG", "/etc/x.toml")
    assert config.default_config_path() == Path("/etc/x.toml")
    monkeypatch.delenv("FOLLOWUPD_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", "/home/a/.cfg")
    assert config.default_config_path() == Path("/home/a/.cfg/followupd/config.toml")


def _example_keys(text: str) -> set[str]:
    keys, section = set(), ""
    for line in text.splitlines():
        if m := re.match(r"^\[(\w+)\]$", line):
            section = m.group(1)
        elif m := re.match(r"^#? ?(\w+) = ", line):
            keys.add(f"{section}.{m.group(1)}")
    return keys


def test_config_example_is_the_generated_starter_and_documents_every_key() -> None:
    example = (ROOT / "config.example.toml").read_text()
    assert example == starter_config(), "regenerate: python -c 'from followupd.config.starter import ...'"
    assert _example_keys(example) == {o.path for o in SPEC}


def test_every_commented_key_in_the_example_is_accepted_when_uncommented() -> None:
    example = (ROOT / "config.example.toml").read_text()
    lines = example.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^# \w+ = ", line):
            if line.startswith(("# password_file", "# oauth2_token_command")):
                continue  # need a companion change (one source at a time / auth = xoauth2)
            trial = [*lines[:i], line[2:], *lines[i + 1 :]]
            text = "\n".join(trial)
            if line.startswith("# host") and "[smtp]" in "\n".join(lines[:i]):
                continue
            config.parse(text)


def test_docs_configuration_reference_is_current() -> None:
    assert (ROOT / "docs" / "configuration.md").read_text() == reference_markdown()


def test_the_starter_config_shows_each_optional_keys_real_default() -> None:
    from followupd.config.spec import SPEC
    from followupd.config.starter import _toml_value, starter_config

    text = starter_config()
    for option in SPEC:
        if option.required or option.default in (None, "", (), []):
            continue
        assert f"# {option.key} = {_toml_value(option.default)}\n" in text, option.path
    assert '# timezone = "UTC"\n#   example: timezone = "Europe/Berlin"' in text
