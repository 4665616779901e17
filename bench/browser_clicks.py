"""Headless Chromium, clicked as a user clicks: a filter change on the overview and on a
borough profile, and a borough clicked on the overview's map, each timed from the click
to every graph of the page drawn again with the answer to it.

How "drawn" is read (Dash 4.4.1, plotly.js 4), from their sources rather than guessed:
- dcc.Graph adds the class `dash-graph--pending` to its plot before it hands a new
  figure to `Plotly.react` and takes it off once the promise `Plotly.react` returns has
  resolved, which is after plotly.js drew it and emitted `plotly_afterplot`. A plot
  without that class whose `data` is no longer the array it held before the click has
  drawn a new figure.
- Dash's renderer shows `<div class="_dash-loading-callback">` (its `Loading`
  component, a child of `#react-entry-point`) while any callback is requested, waiting or
  running, and takes it away when none is.
So the page is drawn again when no callback is pending and every graph the page displays
(the page's own charts, which must be there, and any other shown: the incident section,
the partner panels) holds a figure it did not hold before the click and is not pending.

The clock starts at the click's `pointerup` (`event.timeStamp`) and stops at the last
of these events before that moment: a plot losing `dash-graph--pending`, or the loading
div leaving the page, both stamped by a MutationObserver as they happen; both clocks are
`performance.now()` of the page, so polling latency is not counted. Each run also checks
that the drawn page shows the change (a chart title naming the new strand or period, or
the clicked borough's profile), and that the address holds the choice clicked: a page
that settles with the filter bar back at the old choice is counted as "change lost", not
as drawn. Each run opens its page in a new tab of one browser context (scripts cached).
"""

import os

from bench.browser_timing import OVERVIEW_GRAPHS
from bench.callback_replay import PERIOD_LENGTHS_MONTHS, Replay
from bench.dash_client import DashClient
from bench.stats import median
from components import ids
from tests.browser.dashboard_page import (POINT_IN_BOROUGH_JS, choose, choose_month, dropdown_text, plain_text,
                                          query_of)

PROFILE_MAIN_CHARTS = [ids.PROFILE_TREND, ids.PROFILE_AGAINST_LONDON, ids.PROFILE_RATE_TREND, ids.PROFILE_STRANDS]
FIRST_PROFILE = "camden"
CLICK_TIMEOUT_MS = 30_000  # a run still not drawn by then is reported as timed out
SETTLE_TIMEOUT_MS = 60_000  # the page as loaded, before the click
TITLE_CHARS = 160  # of a title kept as evidence in the results

# A plot's title text as drawn (Plotly takes a string or {text}).
TITLE_OF_JS = """const titleOf = (plot) => {
  const title = plot && plot.layout && plot.layout.title;
  return (title && (title.text !== undefined ? title.text : title)) || '';
};"""

# Before a click: what each graph holds now (and its title, returned), a pointerup
# listener, and the observer that stamps each plot finishing a draw and the loading div
# leaving.
ARM_JS = """() => {
  """ + TITLE_OF_JS + """
  if (window.__bench && window.__bench.observer) window.__bench.observer.disconnect();
  const bench = window.__bench = {inputAt: null, lastDrawnAt: null, before: {}};
  const titles = {};
  document.querySelectorAll('.dash-graph').forEach((graph) => {
    const plot = graph.querySelector('.js-plotly-plot');
    bench.before[graph.id] = plot ? plot.data : undefined;
    titles[graph.id] = titleOf(plot);
  });
  if (!window.__benchPointer) {
    window.__benchPointer = true;
    window.addEventListener('pointerup', (event) => { if (window.__bench) window.__bench.inputAt = event.timeStamp; }, true);
  }
  bench.observer = new MutationObserver((records) => {
    const now = performance.now();
    for (const record of records) {
      const target = record.target;
      const drawn = record.type === 'attributes' && target.classList && target.classList.contains('js-plotly-plot')
        && (record.oldValue || '').includes('dash-graph--pending') && !target.classList.contains('dash-graph--pending');
      const settled = record.type === 'childList' && [...record.removedNodes].some(
        (node) => node.classList && node.classList.contains('_dash-loading-callback'));
      if (drawn || settled) bench.lastDrawnAt = now;
    }
  });
  bench.observer.observe(document.body, {subtree: true, attributes: true, attributeFilter: ['class'], attributeOldValue: true});
  const root = document.getElementById('react-entry-point');
  if (root) bench.observer.observe(root, {childList: true});
  return titles;
}"""

# Polled every frame: false until the page is drawn again, then what was drawn and when.
# `arg.fresh`: every graph must hold a figure it did not hold when armed (false: only
# drawn, for the page as loaded before the click).
DRAWN_AGAIN_JS = """(arg) => {
  """ + TITLE_OF_JS + """
  const bench = window.__bench;
  if (arg.fresh && (!bench || bench.inputAt === null)) return false;
  if (arg.path && location.pathname !== arg.path) return false;
  if (document.querySelector('._dash-loading-callback')) return false;
  const graphs = [...document.querySelectorAll('.dash-graph')].filter((graph) => graph.id && graph.getClientRects().length);
  if (!arg.required.every((id) => graphs.some((graph) => graph.id === id))) return false;
  const titles = {};
  for (const graph of graphs) {
    const plot = graph.querySelector('.js-plotly-plot');
    if (!plot || !plot._fullLayout || plot.classList.contains('dash-graph--pending')) return false;
    const holds = (Array.isArray(plot.data) && plot.data.length) || ((plot.layout.annotations || []).length);
    if (!holds || (arg.fresh && plot.data === bench.before[graph.id])) return false;
    titles[graph.id] = titleOf(plot);
  }
  const now = performance.now();
  return {seenAt: now, drawnAt: bench && bench.lastDrawnAt !== null ? bench.lastDrawnAt : now,
          inputAt: bench ? bench.inputAt : null, titles: titles,
          heading: (document.getElementById(arg.heading) || {}).innerText || ''};
}"""


def _wait_drawn(page, required: list[str], *, fresh: bool, path: str | None = None, heading: str = "",
                timeout_ms: int = CLICK_TIMEOUT_MS) -> dict:
    drawn = page.wait_for_function(DRAWN_AGAIN_JS, arg={"required": required, "fresh": fresh, "path": path,
                                                         "heading": heading},
                                   polling="raf", timeout=timeout_ms).json_value()
    drawn["titles"] = _plain(drawn["titles"])
    return drawn


def _plain(titles: dict) -> dict:
    return {graph: plain_text(text) for graph, text in titles.items()}


def _open(page, url: str, required: list[str]) -> dict:
    page.goto(url, wait_until="commit")
    return _wait_drawn(page, required, fresh=False, timeout_ms=SETTLE_TIMEOUT_MS)


def _timed(page, act, required: list[str], **wait) -> dict:
    """Arm, do `act()` (the click), wait for the page drawn again. A run that is not drawn
    within CLICK_TIMEOUT_MS, or fails, is kept as such."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    before = _plain(page.evaluate(ARM_JS))
    try:
        act()
        drawn = _wait_drawn(page, required, fresh=True, **wait)
    except PlaywrightTimeout as error:
        return {"timed_out": True, "error": str(error).splitlines()[0]}
    except Exception as error:  # the page or a control not as expected: reported, never dropped
        return {"failed": True, "error": f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"}
    return {"drawn_ms": drawn["drawnAt"] - drawn["inputAt"], "seen_ms": drawn["seenAt"] - drawn["inputAt"],
            "graphs": sorted(drawn["titles"]), "titles": drawn["titles"], "titles_before": before,
            **({"heading": drawn["heading"]} if wait.get("heading") else {})}


class Choices:
    """Seeded choices of what to click, from the filter bar's own options (as the
    callback replay reads them) and the start of each run's view."""

    def __init__(self, base_url: str, seed: int):
        client = DashClient(base_url)
        try:
            self.replay = Replay(client, seed)
        finally:
            client.close()
        self.rng = self.replay.rng
        self.months, self.strands, self.slugs = self.replay.months, self.replay.strands, self.replay.slugs
        self.borough_codes = self.replay.borough_codes

    def view(self) -> dict:
        """A starting view: a period of a usual length (as the replay varies it) and a strand."""
        start, end = self.replay.random_period()
        return {"from": start, "to": end, "strand": self.rng.choice(self.strands)}

    def change(self, view: dict) -> tuple[str, str]:
        """One control changed, as a user changes one: the strand, or the period's start
        (a period of another usual length ending where the view's does)."""
        end = self.months.index(view["to"])
        starts = sorted({self.months[max(0, end - length + 1)] for length in PERIOD_LENGTHS_MONTHS} - {view["from"]})
        if self.rng.random() < 0.5 or not starts:
            return "strand", self.rng.choice([s for s in self.strands if s != view["strand"]])
        return "from", self.rng.choice(starts)


def _query(view: dict) -> str:
    return f"?from={view['from']}&to={view['to']}&strand={view['strand']}"


def _choice_label(page, control: str) -> str:
    """The choice as chart titles name it: the strand's label as the filter bar shows it
    ('Race'; 'All hate crime' for every strand), or the period ('Jan 2025 to Dec 2025')."""
    if control == "strand":
        return dropdown_text(page, ids.STRAND).split(" (")[0]
    start, end = dropdown_text(page, ids.PERIOD_START), dropdown_text(page, ids.PERIOD_END)
    return start if start == end else f"{start} to {end}"


def _change_shown(run: dict, old: str, new: str) -> dict | None:
    """The first chart title that names the new choice where before the click it did not,
    or named the old one ('Mar 2018 to Aug 2018' becoming 'Aug 2018'), with its title before
    and after; None if no title shows the change."""
    for graph, title in run["titles"].items():
        before = run["titles_before"].get(graph, "")
        was, now, old_, new_ = before.lower(), title.lower(), old.lower(), new.lower()
        if new_ in now and (new_ not in was or (old_ in was and old_ not in now)):
            return {"named": new, "graph": graph, "before": before[:TITLE_CHARS], "after": title[:TITLE_CHARS]}
    return None


def _in_a_new_tab(context, run_once):
    """Each run in a tab of its own (the context's cache kept): a run then never follows
    another's history, which the app's address handling reads."""
    page = context.new_page()
    try:
        return run_once(page)
    finally:
        page.close()


def filter_changes(context, base_url: str, choices: Choices, *, runs: int, profile: bool) -> list[dict]:
    """`runs` filter changes, each on a freshly opened page: the overview, or a profile
    (Camden first, then seeded boroughs)."""
    results = []
    for run_index in range(runs):
        view = choices.view()
        slug = None
        if profile:
            slug = FIRST_PROFILE if run_index == 0 else choices.rng.choice(choices.slugs)
        path = f"/borough/{slug}" if profile else "/"
        control, value = choices.change(view)
        run = {"page": path, "view": view, "change": {control: value}}
        results.append(_in_a_new_tab(context, lambda page: _filter_change(
            page, base_url + path + _query(view), run, control, value,
            PROFILE_MAIN_CHARTS if profile else OVERVIEW_GRAPHS)))
    return results


def _filter_change(page, url: str, run: dict, control: str, value: str, required: list[str]) -> dict:
    try:
        _open(page, url, required)
    except Exception as error:
        return {**run, "failed": True, "error": f"the page did not draw before the click: {error}"}
    if control == "strand":
        act = lambda: choose(page, ids.STRAND, value)
    else:
        act = lambda: choose_month(page, ids.PERIOD_START, value)
    old = _choice_label(page, control)
    run.update(_timed(page, act, required))
    if "drawn_ms" in run:
        run["filter_bar"] = {"before": old, "after": _choice_label(page, control)}
        run["address"] = query_of(page)
        run["change_shown"] = _change_shown(run, old, run["filter_bar"]["after"])
        if run["address"].get(control) != value:
            # Drawn, but not the choice clicked: the filter bar went back. Not a drawn change.
            run["change_lost"] = True
            run["settled_ms"] = run.pop("drawn_ms")
    return run


def map_clicks(context, base_url: str, choices: Choices, *, runs: int) -> list[dict]:
    """`runs` clicks on a seeded borough of the overview's map, each timed to its profile drawn."""
    results = []
    for _ in range(runs):
        view = choices.view()
        slug = choices.rng.choice(choices.slugs)
        run = {"page": "/", "view": view, "borough": slug}
        results.append(_in_a_new_tab(context, lambda page: _map_click(
            page, base_url + "/" + _query(view), run, slug, choices.borough_codes[slug])))
    return results


def _map_click(page, url: str, run: dict, slug: str, gss_code: str) -> dict:
    try:
        _open(page, url, OVERVIEW_GRAPHS)
        page.locator(f"#{ids.OVERVIEW_MAP}").scroll_into_view_if_needed()
        point = page.evaluate(POINT_IN_BOROUGH_JS, [ids.OVERVIEW_MAP, gss_code])
        if not point:
            raise RuntimeError(f"no point inside {slug}'s shape on the map")
        page.mouse.move(point["x"], point["y"])
    except Exception as error:
        return {**run, "failed": True, "error": f"the map was not ready to click: {error}"}
    run.update(_timed(page, lambda: page.mouse.click(point["x"], point["y"]), PROFILE_MAIN_CHARTS,
                      path=f"/borough/{slug}", heading=ids.PROFILE_HEADING))
    if "drawn_ms" in run:
        # The profile's heading names the borough and so does its trend's title.
        name, trend = run["heading"].removesuffix(": borough profile"), run["titles"].get(ids.PROFILE_TREND, "")
        run["change_shown"] = ({"named": name, "graph": ids.PROFILE_TREND, "heading": run["heading"],
                                "after": trend[:TITLE_CHARS]}
                               if run["heading"].endswith(": borough profile") and name in trend else None)
    # A map left while its shapes are still drawn throws in plotly.js: let the profile finish.
    page.wait_for_load_state("networkidle")
    return run


def summarise_runs(runs: list[dict]) -> dict:
    """Median and max of the runs drawn, and how many were not (timed out, failed, or
    drawn with the filter bar gone back to the old choice): those stay in the counts and
    in `samples`."""
    drawn = [run["drawn_ms"] for run in runs if "drawn_ms" in run]
    return {"runs": len(runs), "drawn": len(drawn),
            "timed_out": sum(1 for run in runs if run.get("timed_out")),
            "failed": sum(1 for run in runs if run.get("failed")),
            "change_lost": sum(1 for run in runs if run.get("change_lost")),
            "change_shown": sum(1 for run in runs if run.get("change_shown")),
            "drawn_ms": {"median": median(drawn), "max": max(drawn) if drawn else None},
            "graphs": max((len(run["graphs"]) for run in runs if "graphs" in run), default=0),
            "timeout_ms": CLICK_TIMEOUT_MS,
            "samples": [{key: value for key, value in run.items() if key not in ("titles", "titles_before")}
                        for run in runs]}


def measure_clicks(browser, base_url: str, *, runs: int, seed: int, viewport: dict) -> dict:
    """The three clicked interactions, `runs` of each, in one browser context (a user
    with the app open before: scripts cached after the first page)."""
    choices = Choices(base_url, seed)
    context = browser.new_context(viewport=viewport)
    try:
        measured = {}
        for name, measure in (("overview_filter_change", lambda: filter_changes(context, base_url, choices, runs=runs,
                                                                                 profile=False)),
                              ("profile_filter_change", lambda: filter_changes(context, base_url, choices, runs=runs,
                                                                                profile=True)),
                              ("map_click_to_profile", lambda: map_clicks(context, base_url, choices, runs=runs))):
            load = os.getloadavg()[0]
            measured[name] = {**summarise_runs(measure()), "load_1min_at_start": load}
        return measured
    finally:
        context.close()
