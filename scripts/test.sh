#!/usr/bin/env bash
# Set up and run the whole test suite (what CI runs): lint, types, the layer contract, then pytest against a real
# Dovecot and aiosmtpd started by the fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/lint-imports --no-cache >/dev/null || .venv/bin/lint-imports --no-cache  # layer contract (pyproject)
exec .venv/bin/python -m pytest "$@"
