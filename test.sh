#!/usr/bin/env bash
# Set up and run the whole test suite, browser tests included:
#     ./test.sh            (extra arguments go to pytest, e.g. ./test.sh -k overview)
#     ./test.sh --quick    the development run: no browser tests, no benchmark smoke run
#                          (nor the screenshots, which are browser tests); CI runs the whole suite
# Installs Debian's redis-server, chromium and chromium-driver when missing (needs root or sudo), and
# axe-core from npm into tests/browser/node_modules for the accessibility tests.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup_python.sh
ensure_venv requirements-dev.txt
ensure_pdf_libraries
ensure_poppler
ensure_redis
# The Redis tests fail, rather than skip, when redis-server is missing from this run.
export DASHBOARD_TEST_REQUIRE_REDIS=1
if [ "${1:-}" = "--quick" ]; then
    shift
    exec "$VENV/bin/python" -m pytest -m "not browser and not slow" "$@"
fi
ensure_chromium
ensure_axe
exec "$VENV/bin/python" -m pytest "$@"
