"""The systemd units in systemd/ are valid and tightly sandboxed.

`systemd-analyze verify` insists that ExecStart's program exists; the unit's %h/.local/bin/followupd
does not on a test machine, so each unit is verified as a copy whose ExecStart program is
rewritten to /bin/true (everything else byte-identical). Verification runs in system mode: --user
needs a running user manager ($XDG_RUNTIME_DIR), which CI containers lack; the keys used are the
same in both. The security score is read from `systemd-analyze security --offline=true`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

UNITS = Path(__file__).parent.parent / "systemd"
ANALYZE = shutil.which("systemd-analyze")
MAX_EXPOSURE = 2.0

pytestmark = pytest.mark.skipif(ANALYZE is None, reason="systemd-analyze is not installed")

# (file in systemd/, unit name to analyze: a template needs an instance)
CASES = [("followupd.service", "followupd.service"), ("followupd@.service", "followupd@work.service")]


def verifiable_copy(name: str, tmp_path: Path) -> Path:
    text = (UNITS / name).read_text()
    rewritten, count = re.subn(r"(?m)^ExecStart=%h/\.local/bin/followupd\b", "ExecStart=/bin/true", text)
    assert count == 1, "ExecStart should run %h/.local/bin/followupd"
    (tmp_path / name).write_text(rewritten)
    return tmp_path


@pytest.mark.parametrize(("name", "unit"), CASES)
def test_unit_verifies_cleanly(name: str, unit: str, tmp_path: Path) -> None:
    directory = verifiable_copy(name, tmp_path)
    result = subprocess.run([ANALYZE, "verify", str(directory / unit)],
                            capture_output=True, text=True, check=False)
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, output
    assert "followupd" not in output, output  # no warnings about our unit


@pytest.mark.parametrize(("name", "unit"), CASES)
def test_unit_security_exposure_is_low(name: str, unit: str, tmp_path: Path) -> None:
    directory = verifiable_copy(name, tmp_path)
    result = subprocess.run([ANALYZE, "security", "--offline=true", str(directory / unit)],
                            capture_output=True, text=True, check=False)
    match = re.search(r"Overall exposure level for \S+: (\d+(?:\.\d+)?)", result.stdout)
    assert match, result.stdout + result.stderr
    score = float(match.group(1))
    print(f"\n{unit}: exposure {score}")
    assert score <= MAX_EXPOSURE


@pytest.mark.parametrize("name", ["followupd.service", "followupd@.service"])
def test_unit_has_the_daemon_contract(name: str) -> None:
    text = (UNITS / name).read_text()
    for line in ("Type=notify", "NotifyAccess=main", "ExecReload=/bin/kill -HUP $MAINPID",
                 "Restart=on-failure", "WatchdogSec=", "LoadCredential=imap-password:",
                 "StateDirectory=followupd", "UMask=0077", "ProtectSystem=strict",
                 "ProtectHome=read-only", "CapabilityBoundingSet=\n",
                 "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX"):
        assert line in text, line
