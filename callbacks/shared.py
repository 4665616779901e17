"""What every page's callbacks need: a cursor on the store, the filters the user chose
(validated again, since a request can be crafted), and the dataset's labels."""

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

    return flask.current_app.extensions[STORE_EXTENSION].cursor()


def strand_order(strands) -> list[str]:
    return [key for key in STRANDS if key in set(strands)]


def load_choices(cursor) -> FilterChoices:
    coverage = dataset_coverage(cursor)
    datasets = loaded_datasets(cursor)
    datasets = datasets[datasets.dataset_id.isin(coverage.dataset_id)]
    boroughs = borough_reference(cursor)
    return FilterChoices(
        coverage={int(row.dataset_id): DatasetCoverage(pd.Timestamp(row.first_month).date(),
                                                       pd.Timestamp(row.last_month).date(),
                                                       strand_order(row.strands))
                  for row in coverage.itertuples()},
        default_dataset_id=default_dataset_id(datasets),
        borough_slugs=boroughs[boroughs.policed_by_met].slug.tolist(),
    )


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
    choices = load_choices(cursor)
    if choices.default_dataset_id is None:
        raise PreventUpdate
    raw = {"dataset": filter_state.get("dataset_id"), "from": filter_state.get("start"),
           "to": filter_state.get("end"), "strand": filter_state.get("strand"),
           "borough": filter_state.get("boroughs") if isinstance(filter_state.get("boroughs"), list) else None}
    state = validate_filters(raw, choices).state
    datasets = loaded_datasets(cursor).set_index("dataset_id", drop=False)
    return PageContext(state=state, dataset=datasets.loc[state.dataset_id], boroughs=borough_reference(cursor),
                       strands=choices.coverage[state.dataset_id].strands)
