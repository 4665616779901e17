"""Headless Chromium on the overview: from navigation to every chart drawn, and what
the page weighs on the wire; then the clicked interactions (bench/browser_clicks.py).

"Drawn" means every graph of the overview is a Plotly plot holding data, with at least
one trace drawn in its SVG; the time is `performance.now()` at that moment, which counts
from the start of navigation. Weight is what Chromium received (body and headers,
compressed if the server compressed), from the DevTools protocol's Network events. A
fresh browser context per run means a cold cache; each run then reloads once with the
cache warm.
"""

import gzip
import os
import tempfile

from bench.server import Server
from bench.stats import median
from components import ids

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OVERVIEW_GRAPHS = [ids.OVERVIEW_MAP, ids.OVERVIEW_STRANDS, ids.OVERVIEW_TREND]
DRAWN_TIMEOUT_MS = 60_000
VIEWPORT = {"width": 1366, "height": 900}

# Returns performance.now() once every graph is drawn, else false (polled every frame).
ALL_DRAWN_JS = """
(graphIds) => {
  const drawn = graphIds.every((id) => {
    const outer = document.getElementById(id);
    const plot = outer && (outer.classList.contains('js-plotly-plot') ? outer : outer.querySelector('.js-plotly-plot'));
    return plot && Array.isArray(plot.data) && plot.data.length > 0 && plot._fullLayout &&
      plot.querySelector('.main-svg g.trace, .main-svg path.choroplethlocation') !== null;
  });
  return drawn ? performance.now() : false;
}
"""


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM)


def _kind(resource_type: str, url: str) -> str:
    if "_dash-update-component" in url:
        return "callbacks"
    if url.split("?")[0].rstrip("/").endswith(("_dash-layout", "_dash-dependencies")):
        return "layout + dependencies"
    return {"Document": "document", "Script": "scripts", "Stylesheet": "stylesheets"}.get(resource_type, "other")


def _load_once(page, cdp, url: str, reload: bool = False) -> dict:
    requests = {}

    def on_response(event):
        response = event["response"]
        requests[event["requestId"]] = {
            "url": response["url"], "kind": _kind(event.get("type", ""), response["url"]),
            "encoding": {k.lower(): v for k, v in response.get("headers", {}).items()}.get("content-encoding"),
            "status": response.get("status"), "from_cache": response.get("fromDiskCache", False)}

    def on_finished(event):
        if event["requestId"] in requests:
            requests[event["requestId"]]["transferred"] = event["encodedDataLength"]

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    responses = []

    def on_page_response(response):
        responses.append(response)

    page.on("response", on_page_response)
    if reload:
        page.reload(wait_until="commit")
    else:
        page.goto(url, wait_until="commit")
    drawn_ms = page.wait_for_function(ALL_DRAWN_JS, arg=OVERVIEW_GRAPHS, polling="raf",
                                      timeout=DRAWN_TIMEOUT_MS).json_value()
    page.wait_for_load_state("networkidle")
    navigation = page.evaluate("() => { const n = performance.getEntriesByType('navigation')[0];"
                               " return {dom_content_loaded_ms: n.domContentLoadedEventEnd, load_ms: n.loadEventEnd}; }")
    page.remove_listener("response", on_page_response)
    cdp.remove_listener("Network.responseReceived", on_response)
    cdp.remove_listener("Network.loadingFinished", on_finished)

    body_bytes, gzip_bytes = 0, 0
    for response in responses:
        try:
            body = response.body()
        except Exception:  # a redirect or a body the browser did not keep
            continue
        body_bytes += len(body)
        gzip_bytes += len(gzip.compress(body, 6)) if body else 0

    by_kind = {}
    for entry in requests.values():
        kind = by_kind.setdefault(entry["kind"], {"requests": 0, "transferred": 0})
        kind["requests"] += 1
        kind["transferred"] += entry.get("transferred", 0)
    return {"drawn_ms": drawn_ms, **navigation, "requests": len(requests),
            "transferred_bytes": sum(e.get("transferred", 0) for e in requests.values()),
            "compressed_responses": sum(1 for e in requests.values() if e["encoding"]),
            "body_bytes": body_bytes, "gzip_bytes_if_compressed": gzip_bytes, "by_kind": by_kind}


def measure_in_browser(store, *, runs: int, seed: int) -> dict:
    """The overview loaded `runs` times (cold, then warm), then the clicked interactions of
    bench/browser_clicks.py, `runs` of each, against one `python app.py` whose answers
    cache starts empty in a temporary directory (no run inherits an earlier run's answers)."""
    from playwright.sync_api import sync_playwright

    from bench.browser_clicks import measure_clicks

    cold, warm = [], []
    with tempfile.TemporaryDirectory(prefix="bench-answers-") as cache_dir, \
            Server(store, timed=False, extra_env={"ANSWERS_CACHE_DIR": cache_dir}) as server, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport=VIEWPORT)
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cold.append(_load_once(page, cdp, server.base_url + "/"))
                warm.append(_load_once(page, cdp, server.base_url + "/", reload=True))
                context.close()
            clicks = measure_clicks(browser, server.base_url, runs=runs, seed=seed, viewport=VIEWPORT)
        finally:
            browser.close()
        server_memory = server.memory()
    first = cold[0]
    return {
        "runs": runs,
        "cold_drawn_ms": {"median": median(r["drawn_ms"] for r in cold), "max": max(r["drawn_ms"] for r in cold)},
        "warm_drawn_ms": {"median": median(r["drawn_ms"] for r in warm), "max": max(r["drawn_ms"] for r in warm)},
        "dom_content_loaded_ms": median(r["dom_content_loaded_ms"] for r in cold),
        "cold_page": {key: first[key] for key in ("requests", "transferred_bytes", "compressed_responses",
                                                  "body_bytes", "gzip_bytes_if_compressed", "by_kind")},
        "warm_transferred_bytes": median(r["transferred_bytes"] for r in warm),
        **clicks,
        "server_peak_rss_mb": server_memory.get("VmHWM"),
    }
