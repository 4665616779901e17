"""Chart images drawn on the server: Kaleido driving the system's Chromium, offline.

Nothing is fetched from another host. Kaleido's page loads plotly.js from the plotly
package (not cdn.plot.ly), MathJax is switched off (it would come from a CDN, and no
chart uses LaTeX), the geo map's base topojson comes from the app's own
assets/topojson, and Chromium is pointed at a proxy that does not exist, so anything
missed here fails instead of reaching the internet.

Every call starts its own Chromium and closes it: nothing is shared between
requests or threads, so one user's export never waits on another's browser.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import choreographer.channels.pipe  # first, so its loggers are logistro's (with choreographer's extra levels)
import plotly

log = logging.getLogger(__name__)

# Kaleido and its browser driver log every tab and temporary folder at INFO, and
# Chromium's own stderr at DEBUG: a server's log wants only their warnings.
CHATTY_LOGGERS = ("kaleido", "choreographer", "browser_proc")
for _name in CHATTY_LOGGERS:
    logging.getLogger(_name).setLevel(logging.WARNING)
# Now and then Chromium splits a DevTools message on the pipe; choreographer logs the
# fragment at ERROR with a traceback, ignores it, and the image is still made. A real
# render failure raises from the render call instead, and the user is told.
logging.getLogger(choreographer.channels.pipe.__name__).setLevel(logging.CRITICAL)

# choreographer (Kaleido's browser driver) documents BROWSER_PATH as its override;
# the dashboard honours the same variable before looking in the usual places.
BROWSER_PATH_VARIABLE = "BROWSER_PATH"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")

PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
TOPOJSON_DIR = Path(__file__).resolve().parent.parent / "assets" / "topojson"
# Port 9 (discard) on the loopback: nothing listens, so a stray http(s) request from
# the rendering page fails at once rather than leaving the machine.
NO_NETWORK_PROXY = "http://127.0.0.1:9"

# Each render starts a headless Chromium (about 150 MB); more at once would starve a
# small server. Further exports wait their turn, up to the timeout below.
RENDERS_AT_ONCE = 2
WAIT_FOR_SLOT_SECONDS = 120
RENDER_TIMEOUT_SECONDS = 60  # one image; a London map takes about a second

IMAGE_FORMATS = ("png", "svg")

INSTALL_HINT = ("Install Chromium on the server (Debian: apt-get install chromium) or set "
                f"{BROWSER_PATH_VARIABLE} to a Chrome or Chromium executable; see docs/EXPORTS.md.")


class RenderingUnavailable(Exception):
    """Chart images cannot be drawn here: the message is a sentence for the user."""


@dataclass(frozen=True)
class ImageRequest:
    figure: dict        # plotly figure as a JSON-ready dict
    format: str         # "png" or "svg"
    width: int          # layout pixels
    height: int         # layout pixels
    scale: float = 1.0  # PNG pixels per layout pixel


def find_chromium() -> Path | None:
    """The browser Kaleido will drive: BROWSER_PATH if set, else Debian's chromium, else PATH."""
    configured = os.environ.get(BROWSER_PATH_VARIABLE)
    if configured:
        path = Path(configured)
        return path if path.is_file() and os.access(path, os.X_OK) else None
    if DEBIAN_CHROMIUM.is_file() and os.access(DEBIAN_CHROMIUM, os.X_OK):
        return DEBIAN_CHROMIUM
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def rendering_problem() -> str | None:
    """Why chart images cannot be drawn on this server, or None if they can."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return "Chart images cannot be drawn: the kaleido package is not installed (pip install -r requirements.txt)."
    configured = os.environ.get(BROWSER_PATH_VARIABLE)
    if find_chromium() is None:
        where = f"at {BROWSER_PATH_VARIABLE}={configured}" if configured else "on this server"
        return f"Chart images cannot be drawn: no Chromium was found {where}. {INSTALL_HINT}"
    return None


def _page_generator():
    """The page Kaleido draws in: plotly.js from the plotly package, no MathJax."""
    from kaleido import PageGenerator

    return PageGenerator(plotly=str(PLOTLY_JS), mathjax=False)


def rendering_page() -> str:
    """The HTML of that page, for checking that it loads nothing from another host."""
    return _page_generator().generate_index()


# A limit per server process on Chromiums running at once (not user state).
_slots = threading.BoundedSemaphore(RENDERS_AT_ONCE)


def render_images(requests: list[ImageRequest]) -> list[bytes]:
    """PNG or SVG bytes for each request, in order, from one Chromium.

    Raises RenderingUnavailable with a sentence when there is no browser, the server is
    too busy, or Chromium fails."""
    problem = rendering_problem()
    if problem:
        raise RenderingUnavailable(problem)
    if not requests:
        return []
    for request in requests:
        if request.format not in IMAGE_FORMATS:
            raise ValueError(f"unsupported image format {request.format!r}")
    if not _slots.acquire(timeout=WAIT_FOR_SLOT_SECONDS):
        raise RenderingUnavailable("The server is busy drawing other charts; try again in a minute.")
    try:
        return _run_in_own_event_loop(_render_all(requests, find_chromium()))
    except RenderingUnavailable:
        raise
    except Exception as error:  # Chromium crashed, timed out or refused the figure
        log.exception("Rendering %d chart image(s) failed", len(requests))
        raise RenderingUnavailable(
            "The chart images could not be drawn on the server (the browser that draws them failed). "
            "The data (CSV) downloads still work.") from error
    finally:
        _slots.release()


async def _render_all(requests: list[ImageRequest], chromium: Path) -> list[bytes]:
    from kaleido import Kaleido

    page = _page_generator()
    topojson = TOPOJSON_DIR.as_uri() + "/"
    results = []
    # One tab: opening a tab costs more (about 2 s) than drawing an image (under 1 s).
    async with Kaleido(n=1, timeout=RENDER_TIMEOUT_SECONDS, page_generator=page, path=str(chromium),
                       proxy_server=NO_NETWORK_PROXY) as browser:
        for request in requests:
            results.append(await browser.calc_fig(
                request.figure, topojson=topojson,
                opts={"format": request.format, "width": request.width, "height": request.height,
                      "scale": request.scale}))
    return results


def _run_in_own_event_loop(coroutine):
    """Run `coroutine` to completion on a fresh event loop in a thread of its own, so a
    caller that already has a loop running (a test, a notebook) is not disturbed."""
    outcome = {}

    def run():
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # handed back to the caller below
            outcome["error"] = error

    thread = threading.Thread(target=run, name="chart-render", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
