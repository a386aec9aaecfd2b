#!/usr/bin/env bash
# The demo: set up (Dovecot, neomutt, .venv) and run followupd against a throwaway local Dovecot
# with a simulated clock. Removes everything it created when done.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python scripts/demo.py "$@"
