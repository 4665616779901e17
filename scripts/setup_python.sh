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

has_library() {
    # Not `grep -q`: under pipefail its early exit fails the pipe.
    PATH="$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null | grep -F "$1" >/dev/null
}

has_font() {
    command -v fc-list >/dev/null && fc-list "$1" 2>/dev/null | grep . >/dev/null
}

ensure_pdf_libraries() {
    # The briefing pack's tagged PDF is laid out by WeasyPrint (exports/pack_documents.py),
    # which loads Pango and HarfBuzz from the system and embeds Liberation Sans (Helvetica's
    # metrics) and DejaVu Sans (the verdict markers, any other character Liberation lacks).
    local missing=() pair
    for pair in libpango-1.0.so.0=libpango-1.0-0 libpangoft2-1.0.so.0=libpangoft2-1.0-0 \
        libharfbuzz-subset.so.0=libharfbuzz-subset0 libfontconfig.so.1=libfontconfig1; do
        has_library "${pair%%=*}" || missing+=("${pair##*=}")
    done
    command -v fc-list >/dev/null || missing+=(fontconfig)
    has_font "Liberation Sans" || missing+=(fonts-liberation)
    has_font "DejaVu Sans" || missing+=(fonts-dejavu-core)
    if [ "${#missing[@]}" -eq 0 ]; then
        return 0
    fi
    if ! apt_install --no-install-recommends "${missing[@]}"; then
        echo "error: the briefing pack's PDF needs Debian's ${missing[*]}, and they could not be installed." >&2
        echo "       Install them (apt-get install ${missing[*]}) and run this script again." >&2
        exit 1
    fi
}

ensure_poppler() {
    # pdfinfo reads the pack back in tests/test_briefing_pack_tagged.py (it skips without it).
    command -v pdfinfo >/dev/null || apt_install --no-install-recommends poppler-utils ||
        echo "warning: poppler-utils could not be installed; the pdfinfo check will be skipped." >&2
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
