#!/usr/bin/env bash
# Set up (venv, Dovecot) and run the benchmarks: a report on stdout and JSON in bench/results/.
# Never a test. Options pass through, e.g. ./scripts/bench.sh --messages 10000 --idle-seconds 20
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python bench/run.py "$@"
