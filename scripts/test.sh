#!/usr/bin/env bash
# Set up and run the whole test suite (what CI runs): lint, types, then pytest against a real
# Dovecot and aiosmtpd started by the fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
lint=(followupd tests scripts)
[ -d bench ] && lint+=(bench)   # benchmarks live in bench/ once there are any
.venv/bin/ruff check "${lint[@]}"
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
