"""What every page's callbacks need: a cursor on the store, the filters the user chose
(validated again, since a request can be crafted), and the dataset's labels."""

import copy
from dataclasses import dataclass

import flask
import pandas as pd
from dash.exceptions import PreventUpdate

from components.url_state import DatasetCoverage, FilterChoices, FilterState, validate_filters
from figures.common import source_line
from queries.boroughs import borough_reference
from queries.datasets import dataset_coverage, default_dataset_id, loaded_datasets
from queries.strands import STRANDS

MAX_AREA_NAMES_IN_TITLE = 3


def store_cursor():
    from app import STORE_EXTENSION

    store = flask.current_app.extensions[STORE_EXTENSION]
    cursor = store.cursor()
    # Remember which store gave this cursor, so its facts can be read once per store
    # (see _store_facts); flask.g lasts one request.
    flask.g.setdefault("store_cursors", []).append((cursor, store))
    return cursor


def strand_order(strands) -> list[str]:
    return [key for key in STRANDS if key in set(strands)]


@dataclass(frozen=True)
class _StoreFacts:
    """What every callback needs to know about the store before its own query."""

    choices: FilterChoices
    datasets: pd.DataFrame  # loaded_datasets(), every dataset
    boroughs: pd.DataFrame  # borough_reference(), all 33


def _read_store_facts(cursor) -> _StoreFacts:
    coverage = dataset_coverage(cursor)
    datasets = loaded_datasets(cursor)
    boroughs = borough_reference(cursor)
    with_counts = datasets[datasets.dataset_id.isin(coverage.dataset_id)]
    choices = FilterChoices(
        coverage={int(row.dataset_id): DatasetCoverage(pd.Timestamp(row.first_month).date(),
                                                       pd.Timestamp(row.last_month).date(),
                                                       strand_order(row.strands))
                  for row in coverage.itertuples()},
        default_dataset_id=default_dataset_id(with_counts),
        borough_slugs=boroughs[boroughs.policed_by_met].slug.tolist(),
    )
    return _StoreFacts(choices=choices, datasets=datasets, boroughs=boroughs)


def _store_facts(cursor) -> _StoreFacts:
    """The store's facts, read once per open store when `cursor` came from
    `store_cursor()` in this request (every click would otherwise spend three queries
    on them); read afresh for any other cursor. Callers get copies to change freely."""
    store = None
    if flask.has_app_context():
        store = next((owner for handed_out, owner in flask.g.get("store_cursors", []) if handed_out is cursor), None)
    facts = store.remember("store facts", lambda: _read_store_facts(cursor)) if store else _read_store_facts(cursor)
    return _StoreFacts(choices=copy.deepcopy(facts.choices), datasets=facts.datasets.copy(),
                       boroughs=facts.boroughs.copy())


def load_choices(cursor) -> FilterChoices:
    return _store_facts(cursor).choices


@dataclass(frozen=True)
class PageContext:
    """The validated filters with the dataset and borough facts a page needs."""

    state: FilterState
    dataset: pd.Series
    boroughs: pd.DataFrame  # all 33, reference table
    strands: list[str]      # the strands this dataset has figures for, in display order

    @property
    def is_incident_level(self) -> bool:
        return self.dataset.kind == "incidents"

    @property
    def source(self) -> str:
        return source_line(self.dataset.source, bool(self.dataset.is_synthetic),
                           f"{pd.Timestamp(self.dataset.last_month):%B %Y}")

    @property
    def chosen(self) -> pd.DataFrame:
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

    @property
    def strand_label(self) -> str:
        return STRANDS[self.state.strand].label

    def name_of(self, gss_code: str) -> str:
        return self.boroughs.set_index("gss_code").name.get(gss_code, gss_code)


def page_context(cursor, filter_state: dict | None) -> PageContext:
    """Re-validate the filter state a callback received; wait if there is none yet."""
    if not filter_state or not isinstance(filter_state, dict):
        raise PreventUpdate
    facts = _store_facts(cursor)
    choices = facts.choices
    if choices.default_dataset_id is None:
        raise PreventUpdate
    raw = {"dataset": filter_state.get("dataset_id"), "from": filter_state.get("start"),
           "to": filter_state.get("end"), "strand": filter_state.get("strand"),
           "borough": filter_state.get("boroughs") if isinstance(filter_state.get("boroughs"), list) else None,
           "view": filter_state.get("view")}
    state = validate_filters(raw, choices).state
    datasets = facts.datasets.set_index("dataset_id", drop=False)
    return PageContext(state=state, dataset=datasets.loc[state.dataset_id], boroughs=facts.boroughs,
                       strands=choices.coverage[state.dataset_id].strands)
