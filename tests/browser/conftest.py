"""The dashboard as people see it: `python app.py` on the demo store, in headless Chromium.

One app server (a subprocess on a free port) and one Chromium serve the whole browser
run. Every page a test opens comes from `open_page`, whose browser context records
every request, console error, page error and failed response. When a test ends, what
its pages did (and what the server logged meanwhile) is checked, so a failure names
the test that caused it; when the run ends, the whole record is checked again and
written to artifacts/browser/.

Nothing is blocked: a request to another host is recorded and fails the run, because
blocking it would hide the very problem a locked-down council network would show.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# Flags that work in containers and CI, and stop Chromium's own background traffic
# (updates, sync, field trials) so every request recorded comes from the page.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
BROWSER_ARTIFACTS = ARTIFACTS / "browser"

LAPTOP = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}
RESERVED_PORT = 8050                 # the default `python app.py` port: a developer's own server may be on it
SERVER_START_TIMEOUT_S = 60          # a cold start imports pandas, plotly and DuckDB
UI_TIMEOUT_MS = 20_000               # one Playwright action or wait; generous for 2-core CI runners
NOT_NETWORK_SCHEMES = {"data", "blob", "about"}  # never leave the machine (chart downloads use them)
SERVER_LOG_ALARMS = ("Traceback", "ERROR", "Exception on ")


@dataclass
class Dashboard:
    url: str
    port: int
    store_path: Path
    log_path: Path
    process: subprocess.Popen
    export_slots: Path  # its DASHBOARD_EXPORT_SLOTS: a test can fill them from outside

    @property
    def origin(self) -> str:
        return f"127.0.0.1:{self.port}"

    def log_size(self) -> int:
        return self.log_path.stat().st_size

    def log_alarms(self, since: int = 0) -> list[str]:
        """Lines the server logged after byte `since` that mean something broke."""
        with self.log_path.open(errors="replace") as log:
            log.seek(since)
            text = log.read()
        return [f"server log: {line.strip()}" for line in text.splitlines()
                if any(alarm in line for alarm in SERVER_LOG_ALARMS)]


@dataclass
class BrowserRecord:
    """What every page did in the run, each event tagged with the test that caused it."""

    origin: str
    current_test: str = "(no test)"
    requests: list[tuple[str, str]] = field(default_factory=list)   # (test, url)
    console: list[tuple[str, str]] = field(default_factory=list)    # (test, "type: text")
    problems: list[tuple[str, str]] = field(default_factory=list)   # (test, sentence)
    # (test, words): a test that provokes an error response on purpose names it here
    expected: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def expect(self, *words: str) -> None:
        """The current test provokes problems holding all of `words` (a 503 it asked for)."""
        self.expected.append((self.current_test, words))

    def watch(self, context) -> None:
        context.on("request", self._on_request)
        context.on("response", self._on_response)
        context.on("requestfailed", self._on_request_failed)
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self._problem(f"page error (uncaught exception): {error.error}"))
        context.on("page", self._on_page)

    def _on_page(self, page) -> None:
        page.on("crash", lambda _page: self._problem(f"the page crashed: {page.url}"))
        page.on("websocket", lambda socket_: self._check_address(socket_.url, "websocket"))
        # A popup's first navigation can start before its page is reported, so its request
        # event may never come; where it lands is still seen here.
        page.on("framenavigated", lambda frame: self._check_address(frame.url, "a page or frame navigated"))

    def _problem(self, sentence: str) -> None:
        if any(test == self.current_test and all(word in sentence for word in words)
               for test, words in self.expected):
            return
        if (self.current_test, sentence) not in self.problems:  # a failed request is seen twice
            self.problems.append((self.current_test, sentence))

    def _check_address(self, url: str, what: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in NOT_NETWORK_SCHEMES:
            return
        if parts.scheme not in ("http", "https", "ws") or parts.netloc != self.origin:
            self._problem(f"{what} to a host other than the app ({self.origin}): {url}")

    def _on_request(self, request) -> None:
        self.requests.append((self.current_test, f"{request.method} {request.url}"))
        self._check_address(request.url, "request")

    def _on_response(self, response) -> None:
        if response.status < 400:
            return
        detail = ""
        if "/_dash-update-component" in response.url:
            try:
                detail = f" (callback output {response.request.post_data_json.get('output')})"
            except Exception:  # the record must never break the test that is being recorded
                detail = ""
        self._problem(f"HTTP {response.status} from {response.request.method} {response.url}{detail}")

    def _on_request_failed(self, request) -> None:
        self._check_address(request.url, "request")
        failure = request.failure or ""
        # A callback still in flight when a test navigates away is aborted: that is not an error.
        if "ERR_ABORTED" not in failure:
            self._problem(f"request failed ({failure}): {request.method} {request.url}")

    def _on_console(self, message) -> None:
        self.console.append((self.current_test, f"{message.type}: {message.text}"))
        if message.type == "error":
            location = message.location or {}
            self._problem(f"console error: {message.text} (at {location.get('url', '?')}:"
                          f"{location.get('lineNumber', '?')})")

    def problems_of(self, test: str) -> list[str]:
        return [sentence for owner, sentence in self.problems if owner == test]

    def requests_of(self, test: str) -> list[str]:
        return [url for owner, url in self.requests if owner == test]

    def write(self, path: Path) -> None:
        lines = [f"Browser record of the run: {len(self.requests)} requests, "
                 f"{len(self.console)} console messages, {len(self.problems)} problems.", "", "Problems:"]
        lines += [f"  [{test}] {sentence}" for test, sentence in self.problems] or ["  none"]
        lines += ["", "Console messages:"]
        lines += [f"  [{test}] {text}" for test, text in self.console] or ["  none"]
        lines += ["", "Requests:"]
        lines += [f"  [{test}] {url}" for test, url in self.requests]
        path.write_text("\n".join(lines) + "\n")


def _free_port() -> int:
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port != RESERVED_PORT:
            return port


def _wait_until_serving(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`python app.py` exited with code {process.returncode} before serving. "
                        f"Its output:\n{log_path.read_text(errors='replace')}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"`python app.py` did not answer {url} within {SERVER_START_TIMEOUT_S} s. "
                f"Its output:\n{log_path.read_text(errors='replace')}", pytrace=False)


@contextmanager
def serving(store_path: Path, folder: Path, **settings: str):
    """`python app.py` on `store_path` with extra settings (environment variables), on a
    free port, for tests that need a dashboard other than the suite's own: its URL."""
    port = _free_port()
    log_path = folder / f"server-{port}.log"
    env = {**os.environ, "HATE_CRIME_STORE": str(store_path), "DASHBOARD_HOST": "127.0.0.1",
           "DASHBOARD_PORT": str(port), "ANSWERS_CACHE_DIR": str(folder / f"answers-{port}"),
           "PYTHONUNBUFFERED": "1", **settings}
    with log_path.open("w") as log:
        process = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_serving(url + "/", process, log_path)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser_artifacts() -> Path:
    BROWSER_ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return BROWSER_ARTIFACTS


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """artifacts/screenshots/, emptied of the last run's pictures so it shows this run only."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS


@pytest.fixture(scope="session")
def dashboard(demo_store_path, browser_artifacts):
    """`python app.py` serving the demo store, as the README starts it, on a free port."""
    port = _free_port()
    log_path = browser_artifacts / "app-server.log"
    export_slots = browser_artifacts / "export-slots"
    env = {**os.environ, "HATE_CRIME_STORE": str(demo_store_path), "DASHBOARD_HOST": "127.0.0.1",
           "DASHBOARD_PORT": str(port), "PYTHONUNBUFFERED": "1", "DASHBOARD_EXPORT_SLOTS": str(export_slots)}
    with log_path.open("w") as log:
        process = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_serving(url + "/", process, log_path)
        yield Dashboard(url=url, port=port, store_path=Path(demo_store_path), log_path=log_path,
                        process=process, export_slots=export_slots)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def demo_cursor(demo_store_path):
    """The same store the app serves, opened read-only, for the numbers the queries give."""
    connection = duckdb.connect(str(demo_store_path), read_only=True)
    yield connection.cursor()
    connection.close()


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Debian's chromium is not installed at {CHROMIUM}, so the browser tests cannot run. "
            "./test.sh installs it (apt-get install chromium chromium-driver, as root or with sudo); "
            "run ./test.sh, or install those two packages yourself. "
            "To run only the other tests: ./test.sh -m 'not browser'.", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def browser_record(dashboard, browser_artifacts):
    """Every request and console message of the run; the run fails if any page reached
    another host, logged a console error, or got an error response from the app."""
    record = BrowserRecord(origin=dashboard.origin)
    yield record
    record.write(browser_artifacts / "browser-record.txt")
    problems = [f"[{test}] {sentence}" for test, sentence in record.problems]
    problems += dashboard.log_alarms()
    if problems:
        pytest.fail("Across the whole browser run, pages reached other hosts, logged errors or got "
                    "error responses (full record in artifacts/browser/):\n  " + "\n  ".join(problems),
                    pytrace=False)


@pytest.fixture
def open_page(chromium, dashboard, browser_record, request):
    """`open_page(path, viewport=...)`: a page in a new, recorded browser context (so two
    calls are two separate browsers as far as the app can tell). When the test ends,
    its pages must not have reached another host, logged a console error or got an
    error response, and the server must not have logged an error."""
    test = request.node.nodeid
    browser_record.current_test = test
    server_log_start = dashboard.log_size()
    contexts = []

    def _open(path: str | None = "/", *, viewport: dict = LAPTOP):
        context = chromium.new_context(viewport=viewport, base_url=dashboard.url, accept_downloads=True)
        context.set_default_timeout(UI_TIMEOUT_MS)
        browser_record.watch(context)
        contexts.append(context)
        page = context.new_page()
        if path is not None:
            page.goto(path)
        return page

    yield _open
    for context in contexts:
        context.close()
    problems = browser_record.problems_of(test) + dashboard.log_alarms(since=server_log_start)
    browser_record.current_test = "(between tests)"
    if problems:
        pytest.fail("While this test ran, pages reached other hosts, logged errors or got error "
                    "responses:\n  " + "\n  ".join(problems), pytrace=False)
