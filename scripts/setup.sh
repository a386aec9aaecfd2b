#!/usr/bin/env bash
# Set up everything followupd's demo and tests need on a fresh Debian/Ubuntu machine:
# Dovecot (for the throwaway test server), neomutt (real-client check), a venv with followupd[test].
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || need_apt+=(dovecot-imapd)
command -v neomutt >/dev/null 2>&1 || need_apt+=(neomutt)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} (apt-get)" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  # The package may start a system Dovecot on 143/993; ours run on free ports, so that is harmless.
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e '.[test]'
