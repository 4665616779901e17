"""What every chart and page needs: a cursor on the store, the filters the user chose
(validated again, since a request can be crafted), the datasets this viewer may see,
and their labels."""

from dataclasses import dataclass, field
from functools import cached_property

import flask
import pandas as pd
from dash.exceptions import PreventUpdate

from components.url_state import DatasetCoverage, FilterChoices, FilterState, state_from_store
from figures.common import source_line
from queries.boroughs import Borough, borough_reference
from queries.comparison_groups import ComparisonGroup, comparison_groups, group_for, groups_by_slug
from queries.datasets import Dataset, dataset_coverage, default_dataset_id, loaded_datasets
from answers_cache.shared_answers import ANSWERS_EXTENSION, AnswersCache
from queries.periods import Period
from queries.series_sources import series_sources, source_months_label
from queries.store import STORE_EXTENSION, RequestCursor
from security.bad_request import BadRequest
from queries.strands import STRANDS
from signin.session import app_settings, current_viewer
from signin.visibility import Viewer, visible_datasets

MAX_AREA_NAMES_IN_TITLE = 3
STORE_REQUEST = "store_request"      # flask.g's StoreRequest for this request


@dataclass(frozen=True)
class StoreRequest:
    """This request's reading of the store: the store (for its version and the facts it
    remembers) and one cursor, closed when the request ends (close_store_request)."""

    store: object   # queries.store.ReadOnlyStore
    cursor: object  # a DuckDB cursor on the file the request opened


def store_cursor():
    """This request's cursor: every call in one request reads the same store file."""
    current = flask.g.get(STORE_REQUEST)
    if current is None:
        store = flask.current_app.extensions[STORE_EXTENSION]
        cursor = store.cursor()  # first: it picks the file this request reads
        current = StoreRequest(store, RequestCursor(cursor, remember=store.remember, shared_results=store.results))
        setattr(flask.g, STORE_REQUEST, current)
    return current.cursor


def close_store_request(_error=None) -> None:
    """Flask's teardown for every request: the cursor is closed, whatever happened."""
    current = flask.g.pop(STORE_REQUEST, None)
    if current is not None:
        current.cursor.close()


def _request_store(cursor):
    """The store `cursor` came from when it is this request's (store_cursor), else None."""
    if not flask.has_app_context():
        return None
    current = flask.g.get(STORE_REQUEST)
    return current.store if current is not None and current.cursor is cursor else None


def shared_answer(cursor, name: str, key: dict, compute):
    """`compute()` once for everyone asking the same question of the same store version,
    whichever worker they reach (answers_cache/). Only for answers that are the same for
    every viewer: the key must hold everything the answer depends on (the validated
    filter state names the dataset, which the viewer was already checked to see)."""
    store = _request_store(cursor)
    if store is None:
        return compute()
    answers = flask.current_app.extensions.get(ANSWERS_EXTENSION)
    if not isinstance(answers, AnswersCache):
        return compute()
    return answers.cached(store.version, name, key, compute)


def strand_order(strands) -> list[str]:
    return [key for key in STRANDS if key in set(strands)]


@dataclass(frozen=True)
class _StoreFacts:
    """What every callback needs to know about the store before its own query."""

    coverage: pd.DataFrame   # dataset_coverage(), every dataset with counts
    datasets: pd.DataFrame   # loaded_datasets(), every dataset
    boroughs: pd.DataFrame   # borough_reference(), all 33
    sources: dict            # dataset id -> series_sources(), for datasets drawn from several releases
    groups: pd.DataFrame = None  # comparison_groups(): inner and outer London, then the loaded groups
    met_by_slug: dict = field(default_factory=dict)  # slug -> Borough, the 32 Met boroughs
    group_by_slug: dict = field(default_factory=dict)  # slug -> ComparisonGroup, as `groups`


def _met_by_slug(boroughs: pd.DataFrame) -> dict[str, Borough]:
    return {row.slug: Borough.from_row(row) for _, row in boroughs[boroughs.policed_by_met].iterrows()}


def _read_store_facts(cursor) -> _StoreFacts:
    coverage = dataset_coverage(cursor)
    boroughs = borough_reference(cursor)
    groups = comparison_groups(cursor)
    return _StoreFacts(coverage=coverage, datasets=loaded_datasets(cursor), boroughs=boroughs,
                       sources=_several_sources(cursor, coverage), groups=groups,
                       met_by_slug=_met_by_slug(boroughs), group_by_slug=groups_by_slug(groups))


def _several_sources(cursor, coverage: pd.DataFrame) -> dict:
    """Which months came from which release, for each dataset made of more than one (the
    combined series): every chart's source line names them."""
    found = {}
    for dataset_id in coverage.dataset_id:
        sources = series_sources(cursor, dataset_id=int(dataset_id))
        if len(sources) > 1:
            found[int(dataset_id)] = sources
    return found


def _choices(facts: _StoreFacts, datasets: pd.DataFrame) -> FilterChoices:
    """The filter choices over `datasets` (those the viewer may see)."""
    visible_ids = set(int(value) for value in datasets.dataset_id)
    coverage = facts.coverage[facts.coverage.dataset_id.isin(visible_ids)]
    with_counts = datasets[datasets.dataset_id.isin(coverage.dataset_id)]
    kinds = {int(row.dataset_id): row.kind for row in datasets.itertuples()}
    return FilterChoices(
        coverage={int(row.dataset_id): DatasetCoverage(pd.Timestamp(row.first_month).date(),
                                                       pd.Timestamp(row.last_month).date(),
                                                       strand_order(row.strands), kinds.get(int(row.dataset_id), ""))
                  for row in coverage.itertuples()},
        default_dataset_id=default_dataset_id(with_counts),
        borough_slugs=facts.boroughs[facts.boroughs.policed_by_met].slug.tolist(),
        group_slugs=tuple(facts.groups.slug),
    )


@dataclass(frozen=True)
class ViewerFacts:
    """The store's facts as this viewer may see them."""

    choices: FilterChoices
    datasets: pd.DataFrame      # the datasets the viewer may see
    all_datasets: pd.DataFrame  # every dataset (to say how many are hidden, never what they hold)
    boroughs: pd.DataFrame
    sources: dict = field(default_factory=dict)  # as _StoreFacts.sources, for the datasets the viewer may see
    groups: pd.DataFrame | None = None           # as _StoreFacts.groups
    met_by_slug: dict | None = None              # as _StoreFacts.met_by_slug
    group_by_slug: dict | None = None            # as _StoreFacts.group_by_slug


def viewer_facts(cursor, viewer: Viewer | None = None) -> ViewerFacts:
    """The store's facts, read once per open store when `cursor` came from
    `store_cursor()` in this request (every click would otherwise spend three queries
    on them), then narrowed to the datasets `viewer` (default: this request's) may see.
    Which datasets those are is decided on every request; the filter choices over them
    are remembered per open store and set of datasets. The frames and choices are shared
    by every request on the store: read them, never change them."""
    store = _request_store(cursor)
    facts = store.remember("store facts", lambda: _read_store_facts(cursor)) if store else _read_store_facts(cursor)
    visible = visible_datasets(facts.datasets, viewer or current_viewer(), app_settings())
    visible_ids = tuple(sorted(int(value) for value in visible.dataset_id))
    choices = store.remember(f"choices over datasets {visible_ids}", lambda: _choices(facts, visible)) if store \
        else _choices(facts, visible)
    return ViewerFacts(choices=choices, datasets=visible, all_datasets=facts.datasets, boroughs=facts.boroughs,
                       sources={key: frame for key, frame in facts.sources.items() if key in visible_ids},
                       groups=facts.groups, met_by_slug=facts.met_by_slug, group_by_slug=facts.group_by_slug)


def load_choices(cursor) -> FilterChoices:
    return viewer_facts(cursor).choices


@dataclass(frozen=True)
class PageContext:
    """The validated filters with the dataset and borough facts a page needs."""

    state: FilterState
    dataset: Dataset
    boroughs: pd.DataFrame  # all 33, reference table
    strands: list[str]      # the strands this dataset has figures for, in display order
    # series_sources() when the dataset joins several releases (the combined series), else None
    sources: pd.DataFrame | None = None
    groups: pd.DataFrame | None = None  # comparison_groups()
    met_by_slug: dict | None = None     # slug -> Borough, when the store's facts have it already
    group_by_slug: dict | None = None   # slug -> ComparisonGroup, likewise

    @property
    def is_incident_level(self) -> bool:
        return self.dataset.kind == "incidents"

    @property
    def source(self) -> str:
        line = source_line(self.dataset.source, bool(self.dataset.is_synthetic),
                           f"{pd.Timestamp(self.dataset.last_month):%B %Y}")
        months = self.source_months
        return f"{line} {months}" if months else line

    @property
    def source_months(self) -> str:
        """Which of the period's months came from which release ('' for a single release),
        so a chart, its export and the pack say where each stretch of the line came from."""
        return period_source_months(self.sources, self.state.period)

    @cached_property
    def chosen(self) -> pd.DataFrame:
        """Asked by most charts of a page: filtered once per context."""
        return self.boroughs[self.boroughs.slug.isin(self.state.boroughs)]

    @property
    def chosen_codes(self) -> list[str] | None:
        """GSS codes of the chosen boroughs; None means all of London."""
        return self.chosen.gss_code.tolist() or None

    @property
    def area_label(self) -> str:
        names = self.chosen.name.tolist()
        if not names:
            return "London"
        if len(names) <= MAX_AREA_NAMES_IN_TITLE:
            return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
        return f"{len(names)} boroughs"

    def comparison_group(self, borough: Borough | None = None) -> ComparisonGroup | None:
        """The group chosen in the filter bar or, with none chosen, `borough`'s own inner or
        outer London; None when neither gives one."""
        if self.groups is None:
            return None
        return group_for(self._groups_by_slug, self.state.group,
                         borough.london_group if borough is not None else None)

    def group_codes(self, borough: Borough) -> list[str] | None:
        """The GSS codes of `borough`'s comparison group; None: its inner or outer London."""
        group = self.comparison_group(borough)
        return None if group is None else group.gss_codes

    def group_name(self, borough: Borough) -> str:
        group = self.comparison_group(borough)
        return group.name if group is not None else f"{borough.london_group} London"

    @property
    def strand_label(self) -> str:
        return STRANDS[self.state.strand].label

    @cached_property
    def met_boroughs(self) -> pd.DataFrame:
        return self.boroughs[self.boroughs.policed_by_met]

    def borough(self, slug) -> Borough | None:
        """The Met borough with this slug, or None."""
        if not isinstance(slug, str):
            return None
        return self._met_boroughs_by_slug.get(slug.strip().lower())

    def name_of(self, gss_code: str) -> str:
        return self._names_by_code.get(gss_code, gss_code)

    # Looked up many times per request (each chart checks its borough again): a frame
    # filtered each time cost ~2 ms a lookup, and building the dict ~6 ms a request, so
    # it is built once per open store (_StoreFacts) and only rebuilt for a context
    # made without one.
    @cached_property
    def _met_boroughs_by_slug(self) -> dict[str, Borough]:
        return self.met_by_slug if self.met_by_slug is not None else _met_by_slug(self.boroughs)

    @cached_property
    def _groups_by_slug(self) -> dict[str, ComparisonGroup]:
        return self.group_by_slug if self.group_by_slug is not None else groups_by_slug(self.groups)

    @cached_property
    def _names_by_code(self) -> dict[str, str]:
        return dict(zip(self.boroughs.gss_code, self.boroughs.name))


FILTER_STATE_KEYS = {"dataset_id", "start", "end", "strand", "boroughs", "view", "group"}


def check_profile_slug(slug) -> str | None:
    """The borough a profile's callbacks were sent (its store holds the address's slug):
    text or nothing; BadRequest for anything else. Whether it names a borough is
    PageContext.borough's question."""
    if slug is not None and not isinstance(slug, str):
        raise BadRequest("The borough in this request is not a name.")
    return slug


def check_filter_state_types(filter_state) -> dict:
    """The filter state a client sent, checked for shape and types (values are checked
    by validate_filters). Raises BadRequest for anything the app never sends."""
    if not isinstance(filter_state, dict):
        raise BadRequest("The filters in this request are not a set of named values.")
    unknown = set(filter_state) - FILTER_STATE_KEYS
    if unknown:
        raise BadRequest("The filters in this request have a field the dashboard does not use.")
    dataset_id = filter_state.get("dataset_id")
    if dataset_id is not None and (isinstance(dataset_id, bool) or not isinstance(dataset_id, (int, str))):
        raise BadRequest("The dataset in this request is not a dataset number.")
    for key in ("start", "end", "strand", "view", "group"):
        if filter_state.get(key) is not None and not isinstance(filter_state[key], str):
            raise BadRequest(f"The '{key}' filter in this request is not text.")
    boroughs = filter_state.get("boroughs")
    if boroughs is not None and (not isinstance(boroughs, list) or not all(isinstance(b, str) for b in boroughs)):
        raise BadRequest("The boroughs in this request are not a list of borough names.")
    return filter_state


def page_context(cursor, filter_state: dict | None) -> PageContext:
    """Re-validate the filter state a callback received; wait if there is none yet."""
    if not filter_state:
        raise PreventUpdate
    check_filter_state_types(filter_state)
    facts = viewer_facts(cursor)
    choices = facts.choices
    if choices.default_dataset_id is None:
        raise PreventUpdate
    return context_for_state(facts, state_from_store(filter_state, choices))


def context_for_state(facts: ViewerFacts, state: FilterState) -> PageContext:
    """The page context for a state already validated against `facts.choices`."""
    if state.dataset_id not in facts.choices.coverage:
        raise BadRequest(f"There is no dataset {state.dataset_id} you can see in this store.")
    row = facts.datasets[facts.datasets.dataset_id == state.dataset_id].iloc[0]
    return PageContext(state=state, dataset=Dataset.from_row(row), boroughs=facts.boroughs,
                       strands=facts.choices.coverage[state.dataset_id].strands,
                       sources=facts.sources.get(state.dataset_id), groups=facts.groups,
                       met_by_slug=facts.met_by_slug, group_by_slug=facts.group_by_slug)


def period_source_months(sources: pd.DataFrame | None, period: Period) -> str:
    """source_months_label() for the releases that gave months of `period`, each clipped to
    it; one release is named too, since the dataset's own source names none."""
    if sources is None or sources.empty:
        return ""
    first = pd.to_datetime(sources.first_month).dt.date
    last = pd.to_datetime(sources.last_month).dt.date
    inside = sources[(first <= period.end) & (last >= period.start)].copy()
    if inside.empty:
        return ""
    inside["first_month"] = [max(month, period.start) for month in first[inside.index]]
    inside["last_month"] = [min(month, period.end) for month in last[inside.index]]
    if len(inside) == 1:
        row = inside.iloc[0]
        return (f"{pd.Timestamp(row.first_month):%b %Y} to {pd.Timestamp(row.last_month):%b %Y} "
                f"from {row.source_name}.")
    return source_months_label(inside)
