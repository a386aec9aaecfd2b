"""The README's first command runs scripts/demo.py: it must tell the whole story and exit 0."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.dovecot  # scripts/demo.py starts a throwaway Dovecot in its own process
def test_the_demo_runs_end_to_end_and_shows_each_draft() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "demo.py")],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    assert "nothing due at 2026-03-02T10:00+01:00" in out
    assert "did: queue thank_you_1 draft for application 1" in out
    assert "In-Reply-To: <invite-1@acme.example>" in out
    assert "our conversation about moving the billing service to event sourcing" in out
    assert "did: withdraw draft 2 of application 2" in out  # Globex said no
    assert "nothing due at 2026-03-17T10:00+01:00" in out  # Jane is out of office
    assert "did: queue follow_up_1 draft for application 1" in out
    assert "Event sourcing in production" in out  # the second gift, in the follow-up
    assert re.search(r"\bdecided +rejection\b", out)  # the status table (columns fit the widest)
    # The German recruiter's thread: a German thank-you with the German date, in her thread.
    assert "Subject: Re: Einladung zum Vorstellungsgespräch: Backend-Entwicklerin bei Nordlicht" in out
    assert "| vielen Dank, dass Sie sich am Freitag, 20. März, Zeit für das Gespräch" in out
    assert "language     de (the employer writes in de)" in out
    assert out.rstrip().endswith("nothing was sent by followupd.")
    assert "Traceback" not in result.stderr
