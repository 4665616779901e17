"""Driving the dashboard like a user, and reading what the page shows.

Charts are read from the page itself: dcc.Graph's inner `.js-plotly-plot` div holds
the figure Plotly drew (`.data`, `.layout`). Numbers may arrive as typed arrays
(Plotly's base64 encoding), so they are turned into plain lists before leaving the page.

Waits are for a condition (a value on the page), never for a fixed time: `wait_for`
reads again every POLL_MS until the condition holds or the time is up, and then says
what it last saw.
"""

import math
import re
import time
from urllib.parse import parse_qs, urlsplit

from figures.expected_band import ABOVE_NAME, BAND_NAME

POLL_MS = 100
WAIT_S = 20  # a filter change runs a few small queries; 2-core CI runners can be slow

READ_FIGURE_JS = """(graphId) => {
  const host = document.getElementById(graphId);
  const plot = host && host.querySelector('.js-plotly-plot');
  if (!plot || !plot.data || !plot.layout) return null;
  const plain = (value) => {
    if (value === undefined || value === null) return null;
    if (ArrayBuffer.isView(value)) return Array.from(value);
    if (value._inputArray !== undefined) return plain(value._inputArray);  // decoded {dtype, bdata}
    if (Array.isArray(value)) return value.map(plain);
    return value;
  };
  const title = plot.layout.title;
  return {
    title: (title && (title.text !== undefined ? title.text : title)) || '',
    annotations: (plot.layout.annotations || []).map(a => ({name: a.name || '', text: a.text || ''})),
    traces: plot.data.map(trace => ({
      type: trace.type || 'scatter', name: trace.name || '', orientation: trace.orientation || 'v',
      x: plain(trace.x), y: plain(trace.y), z: plain(trace.z), locations: plain(trace.locations),
    })),
  };
}"""

# Cells are in the headings' order; each heading's id names its column (components/tables.py).
READ_TABLE_JS = """(tableId) => {
  const table = document.getElementById(tableId);
  if (!table) return null;
  const keys = [...table.querySelectorAll('thead th')].map(th => JSON.parse(th.id).column);
  return [...table.querySelectorAll('tbody tr')].map(row => Object.fromEntries(
    [...row.children].map((cell, index) => [keys[index], cell.innerText.trim()])));
}"""

GRAPH_IDS_JS = "() => [...document.querySelectorAll('.dash-graph')].map(graph => graph.id).filter(Boolean)"

# A point inside the borough's shape on the map, in page coordinates: sampled over the
# shape's bounding box and tested with isPointInFill, since a centroid can fall outside.
POINT_IN_BOROUGH_JS = """([graphId, gssCode]) => {
  const shape = [...document.querySelectorAll('#' + graphId + ' .choroplethlocation')]
      .find(path => path.__data__ && path.__data__.loc === gssCode);
  if (!shape) return null;
  const box = shape.getBBox(), matrix = shape.getScreenCTM();
  const point = shape.ownerSVGElement.createSVGPoint();
  for (let i = 0; i < 400; i++) {
    point.x = box.x + box.width * (i === 0 ? 0.5 : (i * 0.618034) % 1);
    point.y = box.y + box.height * (i === 0 ? 0.5 : (i * 0.381966) % 1);
    if (shape.isPointInFill(point)) {
      const onScreen = point.matrixTransform(matrix);
      return {x: onScreen.x, y: onScreen.y};
    }
  }
  return null;
}"""


def read_figure(page, graph_id: str) -> dict | None:
    """The figure as drawn; trace names and category labels as a reader sees them
    (a label wrapped with <br> reads the same as one on a single line)."""
    figure = page.evaluate(READ_FIGURE_JS, graph_id)
    for trace in (figure or {}).get("traces", []):
        trace["name"] = plain_text(trace["name"])
        if trace["x"] and all(isinstance(value, str) for value in trace["x"]) and trace["type"] != "scatter":
            trace["x"] = [plain_text(value) for value in trace["x"]]
    return figure


def read_table(page, table_id: str) -> list[dict] | None:
    return page.evaluate(READ_TABLE_JS, table_id)


def graph_ids_on_page(page) -> list[str]:
    return page.evaluate(GRAPH_IDS_JS)


def wait_for(read, check, *, what: str, page, timeout_s: float = WAIT_S):
    """Read with `read()` until `check(value)` is true; fail saying what was last seen."""
    deadline = time.monotonic() + timeout_s
    value = None
    while True:
        value = read()
        if value is not None and check(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Waited {timeout_s:.0f} s for {what}; the page last showed:\n{_brief(value)}")
        page.wait_for_timeout(POLL_MS)


def wait_for_figure(page, graph_id: str, check, *, what: str) -> dict:
    return wait_for(lambda: read_figure(page, graph_id), check, what=f"{graph_id} to show {what}", page=page)


def wait_for_table(page, table_id: str, check, *, what: str) -> list[dict]:
    return wait_for(lambda: read_table(page, table_id), check, what=f"{table_id} to show {what}", page=page)


def _brief(value) -> str:
    text = repr(value)
    return text if len(text) < 3000 else text[:3000] + "..."


# --- what a figure holds -----------------------------------------------------------

def plain_text(markup: str) -> str:
    """Plotly text as a reader sees it: line breaks as spaces, no markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", markup or "").split())


def title_text(figure: dict) -> str:
    return plain_text(figure["title"])


def numbers(values) -> list[float]:
    """The numbers among `values` (category labels, such as an UpSet chart's strand rows, are not)."""
    return [float(v) for v in (values or []) if isinstance(v, (int, float)) and not isinstance(v, bool)
            and not (isinstance(v, float) and math.isnan(v))]


def draws_data(figure: dict) -> bool:
    """At least one trace with a positive number in it, and no 'nothing to show' message."""
    if not figure or any(a["name"] == "message" for a in figure["annotations"]):
        return False
    return any(any(v > 0 for v in numbers(_values(trace))) for trace in figure["traces"])


def _values(trace: dict) -> list:
    """The values a trace draws: a map's z, a horizontal bar's x, otherwise y."""
    if trace["type"] == "choropleth":
        return trace["z"]
    return trace["x"] if trace.get("orientation") == "h" else trace["y"]


def trace_named(figure: dict, name: str) -> dict | None:
    return next((trace for trace in figure["traces"] if trace["name"] == name), None)


def trace_y(figure: dict, name: str) -> list | None:
    trace = trace_named(figure, name)
    return None if trace is None else trace["y"]


# The expected range a single monthly line is drawn with (figures/expected_band.py): not
# series of offences, so left out of a trend's lines.
BAND_TRACES = {"Upper bound", BAND_NAME, "Expected", ABOVE_NAME}


def lines(figure: dict) -> dict[str, list]:
    """Scatter traces by name: the lines of a trend chart (not its expected band)."""
    return {trace["name"]: trace["y"] for trace in figure["traces"]
            if trace["type"] == "scatter" and trace["name"] not in BAND_TRACES}


def map_values(figure: dict, trace_index: int = 0) -> dict[str, float | None]:
    trace = figure["traces"][trace_index]
    return dict(zip(trace["locations"], trace["z"]))


def same_numbers(shown, expected, tolerance: float = 1e-9) -> bool:
    if shown is None or len(shown) != len(expected):
        return False
    for a, b in zip(shown, expected):
        a_missing = a is None or (isinstance(a, float) and math.isnan(a))
        b_missing = b is None or (isinstance(b, float) and math.isnan(b))
        if a_missing or b_missing:
            if a_missing != b_missing:
                return False
        elif abs(float(a) - float(b)) > tolerance:
            return False
    return True


def data_of(figure: dict) -> list[tuple]:
    """What a figure draws, comparable between two pages: names and values of every trace."""
    return [(t["type"], t["name"], t["x"], t["y"], t["z"], t["locations"]) for t in figure["traces"]]


# --- the filter bar ------------------------------------------------------------------

def open_dropdown(page, dropdown_id: str):
    page.locator(f"#{dropdown_id}").click()
    menu = page.locator(".dash-dropdown-content[data-state=open]")
    menu.wait_for()
    return menu


def choose(page, dropdown_id: str, value: str, *, search: str | None = None) -> None:
    """Pick `value` in a dcc.Dropdown as a user does: open it, type to search (long lists
    only render the options in view), click the option. Multi-select menus stay open
    after a pick, so the menu is closed with Escape."""
    menu = open_dropdown(page, dropdown_id)
    if search is not None:
        menu.locator("input.dash-dropdown-search").fill(search)
    # The option's own class: assets/accessible_dropdowns.js takes Dash's role="option" off.
    menu.locator(f".dash-dropdown-option:has(input[value='{value}'])").click()
    if page.locator(".dash-dropdown-content[data-state=open]").count():
        page.keyboard.press("Escape")
    page.locator(".dash-dropdown-content[data-state=open]").wait_for(state="detached")


def choose_month(page, dropdown_id: str, month: str) -> None:
    """`month` like '2024-06': searched for by its label ('Jun 2024')."""
    year, number = month.split("-")
    label = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][int(number) - 1]
    choose(page, dropdown_id, month, search=f"{label} {year}")


def dropdown_text(page, dropdown_id: str) -> str:
    """What the closed dropdown shows as its value."""
    return page.locator(f"#{dropdown_id}-value").inner_text().strip()


def query_of(page) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}


def wait_for_query(page, **expected) -> None:
    wait_for(lambda: query_of(page), lambda query: all(query.get(k) == v for k, v in expected.items()),
             what=f"the address to hold {expected} (address: {page.url})", page=page)


def wait_until_settled(page) -> None:
    """The filter bar has its values from the store and no callback is in flight."""
    page.wait_for_function("""() => {
        const strand = document.getElementById('filter-strand-value');
        return strand && strand.innerText.trim() !== ''
            && !document.querySelector('._dash-loading-callback');
    }""")
