#!/usr/bin/env bash
# Set up and run the whole test suite, browser tests included:
#     ./test.sh            (extra arguments go to pytest, e.g. ./test.sh -k overview)
# Installs Debian's chromium and chromium-driver when missing (needs root or sudo).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup_python.sh
ensure_venv requirements-dev.txt
ensure_chromium
exec "$VENV/bin/python" -m pytest "$@"
