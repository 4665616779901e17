"""What Stands out's own options in its address: `?...&when=period&every_strand=off`.

They are not filters: nav links (assets/filter_links.js) leave them out, since they
mean nothing on another page, but the filter bar keeps them when it rewrites the
address (callbacks/filters.py), so choosing a strand does not reset them. Read on load
by pages/stands_out.layout, written on change by callbacks/stands_out.py; a value the
page never writes becomes a sentence and the default, as components/url_state does."""

from dataclasses import dataclass
from urllib.parse import urlencode

from components.url_state import parse_query_string, shown
from stands_out.months_looked_at import CHOICES, LAST_MONTH

WHEN_KEY, EVERY_STRAND_KEY = "when", "every_strand"
KEYS = (WHEN_KEY, EVERY_STRAND_KEY)
WHEN_VALUES = tuple(choice["value"] for choice in CHOICES)
SWITCH_VALUES = {"on": True, "off": False}


@dataclass(frozen=True)
class StandsOutOptions:
    when: str = LAST_MONTH
    every_strand: bool = True

    def query(self) -> dict:
        """Only what differs from the defaults: the plain address stays the plain page."""
        query = {}
        if self.when != LAST_MONTH:
            query[WHEN_KEY] = self.when
        if not self.every_strand:
            query[EVERY_STRAND_KEY] = "off"
        return query


def options_from_query(query: dict) -> tuple[StandsOutOptions, list[str]]:
    """The options in a parsed query string (values as text; a repeated key is a list),
    and a sentence for each value the page would not have written."""
    problems = []
    when, every_strand = LAST_MONTH, True
    raw_when, raw_switch = query.get(WHEN_KEY), query.get(EVERY_STRAND_KEY)
    if raw_when not in (None, ""):
        if isinstance(raw_when, str) and raw_when in WHEN_VALUES:
            when = raw_when
        else:
            problems.append(f"There is no choice '{shown(raw_when)}' for the months to look at "
                            f"(it is {' or '.join(WHEN_VALUES)}); showing the last month of the period.")
    if raw_switch not in (None, ""):
        if isinstance(raw_switch, str) and raw_switch in SWITCH_VALUES:
            every_strand = SWITCH_VALUES[raw_switch]
        else:
            problems.append(f"'every_strand' is on or off, not '{shown(raw_switch)}'; showing every strand.")
    return StandsOutOptions(when, every_strand), problems


def kept_options(search: str | None) -> str:
    """The valid options of an address, as a suffix for the filters' query ("&when=period"),
    so the filter bar's rewrite of the address keeps them."""
    options, _ = options_from_query(parse_query_string(search))
    return "&" + urlencode(options.query()) if options.query() else ""


def with_options(search: str | None, options: StandsOutOptions) -> str:
    """`search` with this page's options set to `options` and everything else kept."""
    query = {key: value for key, value in parse_query_string(search).items() if key not in KEYS}
    query.update(options.query())
    return "?" + urlencode(query, safe=",") if query else ""
