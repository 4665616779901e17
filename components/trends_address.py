"""Trends' own option in its address: `?...&measure=rate` (counts are the default).

Like What stands out's options (components/stands_out_address.py): not a filter, so nav
links leave it out; the filter bar keeps it when it rewrites the address; read on load by
pages/trends.layout, written on change by callbacks/trends.py; a value the page never
writes becomes a sentence and the default."""

from urllib.parse import urlencode

from components.url_state import parse_query_string, shown

MEASURE_KEY = "measure"
COUNTS, RATES = "count", "rate"
MEASURES = (COUNTS, RATES)


def measure_from_query(query: dict) -> tuple[str, list[str]]:
    raw = query.get(MEASURE_KEY)
    if raw in (None, "", COUNTS):
        return COUNTS, []
    if isinstance(raw, str) and raw in MEASURES:
        return raw, []
    return COUNTS, [f"Trends show counts or rates ({' or '.join(MEASURES)}), not '{shown(raw)}'; showing counts."]


def kept_measure(search: str | None) -> str:
    """'&measure=rate' when the address asks for rates, so the filter bar's rewrite keeps it."""
    measure, _ = measure_from_query(parse_query_string(search))
    return "" if measure == COUNTS else "&" + urlencode({MEASURE_KEY: measure})


def with_measure(search: str | None, measure: str) -> str:
    """`search` with Trends' measure set (counts leave the key out) and everything else kept."""
    query = {key: value for key, value in parse_query_string(search).items() if key != MEASURE_KEY}
    if measure != COUNTS:
        query[MEASURE_KEY] = measure
    return "?" + urlencode(query, safe=",") if query else ""
