# Sourced by run.sh and test.sh: a virtual environment with pinned packages, and a
# Chromium for the browser tests. Fails loudly with what to do when it cannot.
VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "error: '$*' needs root; run it as root or install sudo." >&2; return 1; fi
}

apt_install() {
    echo "Installing Debian packages: $*"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_venv() {
    local requirements="$1" stamp
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "error: Python 3.11 or newer is needed as '$PYTHON' (set PYTHON=...)." >&2
        exit 1
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
            rm -rf "$VENV"
            apt_install python3-venv
            "$PYTHON" -m venv "$VENV"
        fi
    fi
    stamp="$VENV/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)-$(basename "$requirements")"
    if [ ! -f "$stamp" ]; then
        echo "Installing Python packages from $requirements..."
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        "$VENV/bin/python" -m pip install --quiet -r "$requirements"
        touch "$stamp"
    fi
}

ensure_chromium() {
    if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
        return 0
    fi
    if ! apt_install chromium chromium-driver; then
        echo "error: the browser tests need Debian's chromium and chromium-driver, and they could not be installed." >&2
        echo "       Install them (apt-get install chromium chromium-driver) and run ./test.sh again." >&2
        exit 1
    fi
}

ensure_redis() {
    # The answers cache's Redis option is tested against a real server the tests start.
    if command -v redis-server >/dev/null; then
        return 0
    fi
    if ! apt_install redis-server; then
        echo "error: the answers cache tests need Debian's redis-server, and it could not be installed." >&2
        echo "       Install it (apt-get install redis-server) and run ./test.sh again." >&2
        exit 1
    fi
}

AXE_DIR="tests/browser"
AXE_VERSION="$(sed -n 's/.*"axe-core": "\([0-9.]*\)".*/\1/p' "$AXE_DIR/package.json")"

ensure_axe() {
    # axe-core (npm, pinned in tests/browser/package.json) checks every page for WCAG 2.2 AA.
    if [ -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ] &&
        grep -q "\"version\": \"$AXE_VERSION\"" "$AXE_DIR/node_modules/axe-core/package.json"; then
        return 0
    fi
    if ! command -v npm >/dev/null; then
        apt_install npm || true
    fi
    if ! command -v npm >/dev/null || ! (cd "$AXE_DIR" && npm ci --no-audit --no-fund --loglevel=error); then
        echo "error: the accessibility tests need axe-core $AXE_VERSION from npm, and it could not be installed." >&2
        echo "       Install npm (apt-get install npm) and run ./test.sh again, or run 'npm ci' in $AXE_DIR." >&2
        exit 1
    fi
}
