"""The filter state (FilterState) and its two codecs:

- the address: `?dataset=1&from=2025-11&to=2026-10&strand=race&borough=camden,hackney&group=inner&view=present`
  (FilterState.to_query; back with parse_query_string and validate_filters);
- the page's store, what every callback receives: `{"dataset_id": 1, "start": "2025-11",
  "end": "2026-10", "strand": "race", "boroughs": ["camden"]}` (FilterState.to_store; back
  with state_from_store, checked against what the store holds, or FilterState.from_store
  where only its shape matters).

Decoding never trusts either: an unknown borough, strand or month becomes a sentence
for the user and the default in its place, never an error page.
"""

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, urlencode

from queries.periods import Period, add_months, rolling_12_months
from queries.strand_availability import NO_FIGURES_SENTENCE, why_strand_unavailable
from queries.strands import STRANDS

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
MAX_BOROUGHS_IN_URL = 32
SLUG_PATTERN = re.compile(r"^[a-z0-9-]{1,40}$")
# Distinct offences where the data has them; published files only have overlapping
# categories, of which "Racist and Religious" is the widest.
DEFAULT_STRAND_PREFERENCE = ("all", "race_religion")
# How the page is laid out, kept in the address so a link opens the projector view.
PROJECTOR_VIEW = "present"  # larger type and fewer controls, for a meeting room
VIEWS = (PROJECTOR_VIEW,)


@dataclass(frozen=True)
class FilterState:
    dataset_id: int
    start: dt.date
    end: dt.date
    strand: str
    boroughs: tuple[str, ...] = ()  # slugs; empty means all of London
    view: str = ""  # "" (standard) or one of VIEWS; not a filter, so no query reads it
    # A comparison group's slug (queries/comparison_groups.py); "" means a borough's own
    # inner or outer London, as before groups could be chosen.
    group: str = ""

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    def to_query(self) -> str:
        query = {"dataset": self.dataset_id, "from": f"{self.start:%Y-%m}", "to": f"{self.end:%Y-%m}",
                 "strand": self.strand}
        if self.boroughs:
            query["borough"] = ",".join(self.boroughs)
        if self.group:
            query["group"] = self.group
        if self.view:
            query["view"] = self.view
        return "?" + urlencode(query, safe=",")

    def to_store(self) -> dict:
        store = {"dataset_id": self.dataset_id, "start": f"{self.start:%Y-%m}", "end": f"{self.end:%Y-%m}",
                 "strand": self.strand, "boroughs": list(self.boroughs)}
        if self.group:
            store["group"] = self.group
        if self.view:
            store["view"] = self.view
        return store

    @classmethod
    def from_store(cls, data: dict) -> "FilterState":
        """The state as to_store wrote it; ValueError for anything else (a crafted request)."""
        if not isinstance(data, dict):
            raise ValueError("the filter state is not a dict")
        dataset_id, start, end = _whole_number(data.get("dataset_id")), parse_month(data.get("start")), \
            parse_month(data.get("end"))
        strand, boroughs = data.get("strand"), data.get("boroughs")
        if dataset_id is None or start is None or end is None or not isinstance(strand, str) \
                or strand not in STRANDS or start > end \
                or not isinstance(boroughs, list) or len(boroughs) > MAX_BOROUGHS_IN_URL \
                or not all(isinstance(slug, str) and SLUG_PATTERN.match(slug) for slug in boroughs):
            raise ValueError("the filter state is not one the dashboard wrote")
        view = data.get("view") if data.get("view") in VIEWS else ""
        group = data.get("group", "")
        if not isinstance(group, str) or (group and not SLUG_PATTERN.match(group)):
            raise ValueError("the filter state is not one the dashboard wrote")
        return cls(dataset_id=dataset_id, start=start, end=end, strand=strand, boroughs=tuple(boroughs), view=view,
                   group=group)


@dataclass(frozen=True)
class DatasetCoverage:
    first_month: dt.date
    last_month: dt.date
    strands: list[str]  # in display order
    kind: str = ""      # "published" or "incidents": says why a strand it lacks cannot be shown


@dataclass(frozen=True)
class FilterChoices:
    """What the loaded data lets a user choose from."""

    coverage: dict[int, DatasetCoverage]
    default_dataset_id: int
    borough_slugs: list[str]
    group_slugs: tuple[str, ...] = ()  # comparison groups the store offers (inner and outer London first)


@dataclass
class ParsedFilters:
    state: FilterState
    problems: list[str] = field(default_factory=list)


def parse_month(text) -> dt.date | None:
    if not isinstance(text, str):
        return None
    match = MONTH_PATTERN.match(text.strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        return None
    return dt.date(year, month, 1)


def default_period(coverage: DatasetCoverage) -> Period:
    latest = rolling_12_months(coverage.last_month)
    return Period(max(latest.start, coverage.first_month), latest.end)


def state_from_store(data: dict, choices: "FilterChoices") -> "FilterState":
    """The store's state checked again against what the store holds now (a callback's
    filters may come from an older page, or from a crafted request)."""
    return validate_filters({"dataset": data.get("dataset_id"), "from": data.get("start"), "to": data.get("end"),
                             "strand": data.get("strand"), "borough": data.get("boroughs") or None,
                             "view": data.get("view"), "group": data.get("group")}, choices).state


def parse_query_string(search: str | None) -> dict:
    """The first value of each parameter, as text."""
    parsed = parse_qs((search or "").lstrip("?"), keep_blank_values=True)
    return {key: values[0] for key, values in parsed.items()}


def validate_filters(raw: dict, choices: FilterChoices) -> ParsedFilters:
    """Turn raw values (from the URL or the controls) into a state the queries can use."""
    problems = []
    dataset_id = choices.default_dataset_id
    if raw.get("dataset") not in (None, ""):
        candidate = _whole_number(raw["dataset"])
        if candidate in choices.coverage:
            dataset_id = candidate
        else:
            problems.append(f"There is no dataset '{shown(raw['dataset'])}' in this store; "
                            "showing the default dataset.")

    coverage = choices.coverage[dataset_id]
    default = default_period(coverage)
    start, end = default.start, default.end
    requested_start, requested_end = raw.get("from"), raw.get("to")
    if requested_start not in (None, "") or requested_end not in (None, ""):
        parsed_start = parse_month(requested_start) if requested_start not in (None, "") else default.start
        parsed_end = parse_month(requested_end) if requested_end not in (None, "") else default.end
        if parsed_start is None or parsed_end is None:
            bad = requested_start if parsed_start is None else requested_end
            problems.append(f"'{shown(bad)}' is not a month like 2024-06; showing the latest 12 months.")
        elif parsed_start > parsed_end:
            problems.append(f"The period starts ({parsed_start:%b %Y}) after it ends ({parsed_end:%b %Y}); "
                            "showing the latest 12 months.")
        elif parsed_end < coverage.first_month or parsed_start > coverage.last_month:
            problems.append(f"This dataset covers {coverage.first_month:%b %Y} to {coverage.last_month:%b %Y}; "
                            f"{parsed_start:%b %Y} to {parsed_end:%b %Y} is outside it, so the latest 12 months are shown.")
        else:
            start, end = max(parsed_start, coverage.first_month), min(parsed_end, coverage.last_month)
            if (start, end) != (parsed_start, parsed_end):
                problems.append(f"This dataset covers {coverage.first_month:%b %Y} to {coverage.last_month:%b %Y}; "
                                f"the period was trimmed to {start:%b %Y} to {end:%b %Y}.")

    strand = next((key for key in DEFAULT_STRAND_PREFERENCE if key in coverage.strands), coverage.strands[0])
    requested_strand = raw.get("strand")
    if requested_strand is not None and not isinstance(requested_strand, str):
        requested_strand = shown(requested_strand)
    if requested_strand not in (None, ""):
        if requested_strand in coverage.strands:
            strand = requested_strand
        elif requested_strand in STRANDS:
            # Published data lacks some views for a reason users should hear (the LGBT+ view
            # would count offences in both categories twice).
            reason = why_strand_unavailable(requested_strand, kind=coverage.kind, strands=coverage.strands)
            problems.append(f"This dataset has no separate figures for {STRANDS[requested_strand].label}; "
                            f"showing {STRANDS[strand].label}."
                            + ("" if reason in (None, NO_FIGURES_SENTENCE) else f" {reason}"))
        else:
            problems.append(f"There is no strand called '{shown(requested_strand)}'; "
                            f"showing {STRANDS[strand].label}.")

    boroughs = []
    requested = raw.get("borough")
    if isinstance(requested, str):
        requested = [part for part in requested.split(",") if part.strip()]
    if not isinstance(requested, (list, tuple)):
        requested = []
    for slug in requested[:MAX_BOROUGHS_IN_URL]:
        slug = shown(slug).strip().lower()
        if slug in choices.borough_slugs:
            if slug not in boroughs:
                boroughs.append(slug)
        else:
            problems.append(f"There is no London borough '{slug}' with Met data; it was left out of the filter.")

    view = ""
    if raw.get("view") not in (None, ""):
        if raw["view"] in VIEWS:
            view = raw["view"]
        else:
            problems.append(f"There is no view called '{str(raw['view'])[:40]}'; showing the standard view.")

    group = ""
    requested_group = raw.get("group")
    if requested_group not in (None, ""):
        slug = shown(requested_group).strip().lower()
        if slug in choices.group_slugs:
            group = slug
        else:
            problems.append(f"There is no comparison group '{slug}'; comparing with the borough's own inner or "
                            "outer London.")

    return ParsedFilters(FilterState(dataset_id, start, end, strand, tuple(boroughs), view, group), problems)


MAX_ECHOED_CHARACTERS = 40  # a value echoed in a sentence is cut short: the URL could hold anything


def shown(value) -> str:
    """A value as the user typed it, safe to echo in a sentence: short, and text that
    can be encoded (a lone surrogate from a crafted request would break the response)."""
    text = value if isinstance(value, str) else repr(value)
    text = text.encode("utf-8", errors="replace").decode("utf-8")
    return text[:MAX_ECHOED_CHARACTERS]


def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 10:
        return int(value.strip())
    return None


def months_covered(coverage: DatasetCoverage) -> list[dt.date]:
    months, month = [], coverage.first_month
    while month <= coverage.last_month:
        months.append(month)
        month = add_months(month, 1)
    return months


def profile_href(state: FilterState, slug: str) -> str:
    """A borough's profile with the current filters, that borough chosen in the filter bar."""
    return f"/borough/{slug}{replace(state, boroughs=(slug,)).to_query()}"
