"""The meeting's date in the address (`?...&since=2026-11-04`): read by the page on load,
written when it changes, kept when the filter bar rewrites the address; a value the page
never writes becomes a sentence and the default, as components/url_state does."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

from components.url_state import parse_query_string, shown
from security.bad_request import BadRequest

SINCE_KEY = "since"
# A partnership meets monthly or so: the page opens on the four weeks before today.
DEFAULT_WEEKS_SINCE = 4
FIRST_MEETING_YEAR = 2000
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def default_since(today: dt.date | None = None) -> dt.date:
    return (today or dt.date.today()) - dt.timedelta(weeks=DEFAULT_WEEKS_SINCE)


def parse_since(raw, today: dt.date | None = None) -> dt.date:
    """A meeting's date from a request (YYYY-MM-DD, not in the future), or BadRequest."""
    today = today or dt.date.today()
    try:
        day = dt.date.fromisoformat(raw) if isinstance(raw, str) and DATE.match(raw) else None
    except ValueError:
        day = None
    if day is None or not dt.date(FIRST_MEETING_YEAR, 1, 1) <= day <= today:
        raise BadRequest(f"The last meeting's date is a day written YYYY-MM-DD, from {FIRST_MEETING_YEAR} to today.")
    return day


def since_from_query(query: dict, today: dt.date | None = None) -> tuple[dt.date, list[str]]:
    raw = query.get(SINCE_KEY)
    if raw in (None, ""):
        return default_since(today), []
    try:
        return parse_since(raw, today), []
    except BadRequest:
        since = default_since(today)
        return since, [f"'{shown(raw)}' is not a meeting's date (YYYY-MM-DD, not after today); showing the four "
                       f"weeks since {since:%-d %B %Y}."]


def kept_since(search: str | None) -> str:
    """The address's valid meeting date as a suffix for the filters' query ("&since=...")."""
    query = parse_query_string(search)
    if query.get(SINCE_KEY) in (None, ""):
        return ""
    try:
        return "&" + urlencode({SINCE_KEY: parse_since(query.get(SINCE_KEY)).isoformat()})
    except BadRequest:
        return ""


def with_since(search: str | None, since: dt.date) -> str:
    query = {key: value for key, value in parse_query_string(search).items() if key != SINCE_KEY}
    query[SINCE_KEY] = since.isoformat()
    return "?" + urlencode(query, safe=",")
