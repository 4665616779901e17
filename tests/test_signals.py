"""Signals keep their identity and their reviews across a reload of the same data, a new
release that revises the month, and a dataset removed and loaded again.

Camden: 10 islamophobic (and faith) offences every month of 2016-2019, except June 2019:
40, above its expected 10 (upper bound 18, Poisson's 99th percentile: the history is
constant). A revision to 45 still stands out; one to 12 does not.
"""

import datetime as dt

import pandas as pd
import pytest

from loaders.dataset_records import remove_dataset_rows
from queries.datasets import Dataset, loaded_datasets
from queries.periods import Period
from queries.store import open_for_writing
from queries.strands import CORE_STRANDS
from reviews import database
from reviews.database import ReviewChange
from security.bad_request import BadRequest
from signals.found import current_figures, first_shown, no_longer_sentence, sync_signals
from signals.identity import ABOVE_RANGE, Signal, parse_signal_id
from tests.store_fixtures import CAMDEN, write_incident_dataset

SPIKE_MONTH = dt.date(2019, 6, 1)
JUNE_2019 = Period(SPIKE_MONTH, SPIKE_MONTH)
CAMDEN_JUNE = Signal("incidents", CAMDEN, "islamophobic", "2019-06", ABOVE_RANGE)


def incidents(spike: int) -> pd.DataFrame:
    rows = []
    for month in pd.date_range("2016-01-01", "2019-12-01", freq="MS"):
        for _ in range(spike if month.date() == SPIKE_MONTH else 10):
            rows.append({"incident_id": f"S{len(rows):05d}", "offence_date": (month + pd.Timedelta(days=14)).date(),
                         "gss_code": CAMDEN, "offence_type": "Public order",
                         **{f"is_{key}": key in ("religion", "islamophobic") for key in CORE_STRANDS}})
    return pd.DataFrame(rows)


class Store:
    """A store on disk whose one real extract can be loaded, replaced and removed."""

    def __init__(self, path):
        self.path = path

    def load(self, spike: int, name: str = "Partnership extract") -> Dataset:
        con = open_for_writing(self.path)
        try:
            remove_dataset_rows(con, name)  # a new release replaces the one before
            write_incident_dataset(con, incidents(spike), name=name, is_synthetic=False)
        finally:
            con.close()
        return self.dataset(name)

    def remove(self, name: str = "Partnership extract") -> None:
        con = open_for_writing(self.path)
        try:
            assert remove_dataset_rows(con, name)
        finally:
            con.close()

    def dataset(self, name: str) -> Dataset:
        con = open_for_writing(self.path)
        try:
            rows = loaded_datasets(con)
            return Dataset.from_row(rows[rows.name == name].iloc[0])
        finally:
            con.close()

    def sync(self, dataset: Dataset, reviews_file):
        con = open_for_writing(self.path)
        try:
            return sync_signals(con, dataset, reviews_file, period=JUNE_2019)
        finally:
            con.close()

    def figure(self, dataset: Dataset, signal: Signal):
        con = open_for_writing(self.path)
        try:
            return current_figures(con, dataset, [signal])[signal.signal_id]
        finally:
            con.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return Store(tmp_path_factory.mktemp("signals") / "store.duckdb")


@pytest.fixture
def reviews_file(tmp_path):
    return tmp_path / "reviews.sqlite"


def explain(reviews_file, note="Vigil after the attack"):
    database.record_change(reviews_file, CAMDEN_JUNE, ReviewChange("explained", "known event", "Camden police",
                                                                   dt.date(2019, 8, 1), note), user="reviewer")


def test_the_spike_month_is_one_signal_named_by_area_strand_month_and_method(store, reviews_file):
    flagged = store.sync(store.load(40), reviews_file)
    camden = flagged[(flagged.area == CAMDEN) & (flagged.strand == "islamophobic")]
    assert camden.signal_id.tolist() == [f"incidents/{CAMDEN}/islamophobic/2019-06/{ABOVE_RANGE}"]
    assert parse_signal_id(camden.signal_id.iloc[0]) == CAMDEN_JUNE
    # London as a whole is a signal of its own, named London, not the store's 'london'.
    assert f"incidents/London/islamophobic/2019-06/{ABOVE_RANGE}" in flagged.signal_id.tolist()


def test_a_reload_of_the_same_data_keeps_the_signal_its_review_and_adds_no_figure(store, reviews_file):
    first = store.load(40)
    store.sync(first, reviews_file)
    explain(reviews_file)
    again = store.load(40)
    assert again.dataset_id != first.dataset_id
    flagged = store.sync(again, reviews_file)
    assert CAMDEN_JUNE.signal_id in flagged.signal_id.tolist()
    assert database.latest_reviews(reviews_file)[CAMDEN_JUNE.signal_id]["explanation"] == "known event"
    assert [figure["offences"] for figure in database.figures(reviews_file, CAMDEN_JUNE.signal_id)] == [40]


def test_a_revised_month_keeps_its_review_and_its_figures_history(store, reviews_file):
    store.sync(store.load(40), reviews_file)
    explain(reviews_file)
    store.sync(store.load(45), reviews_file)
    assert [figure["offences"] for figure in database.figures(reviews_file, CAMDEN_JUNE.signal_id)] == [40, 45]
    assert database.latest_reviews(reviews_file)[CAMDEN_JUNE.signal_id]["status"] == "explained"


def test_a_revision_that_no_longer_stands_out_keeps_the_history_and_says_so(store, reviews_file):
    store.sync(store.load(40), reviews_file)
    explain(reviews_file)
    revised = store.load(12)
    flagged = store.sync(revised, reviews_file)
    assert CAMDEN_JUNE.signal_id not in flagged.signal_id.tolist()
    kept = database.figures(reviews_file, CAMDEN_JUNE.signal_id)
    assert [(figure["offences"], figure["stands_out"]) for figure in kept] == [(40, 1), (12, 0)]
    assert database.latest_reviews(reviews_file)[CAMDEN_JUNE.signal_id]["note"] == "Vigil after the attack"
    assert no_longer_sentence(store.figure(revised, CAMDEN_JUNE)) == (
        "The current figures no longer put it above its range: 12 (upper bound 18).")


def test_a_dataset_removed_and_loaded_again_is_the_same_signal(store, reviews_file):
    first = store.load(40)
    store.sync(first, reviews_file)
    explain(reviews_file)
    first_seen = database.known_signals(reviews_file)
    store.remove()
    again = store.load(40)
    flagged = store.sync(again, reviews_file)
    assert CAMDEN_JUNE.signal_id in flagged.signal_id.tolist()
    assert database.latest_reviews(reviews_file)[CAMDEN_JUNE.signal_id]["owner"] == "Camden police"
    # First seen when it was first loaded, not when it came back.
    assert {row["signal_id"]: row["first_seen_at"] for row in database.known_signals(reviews_file)} == \
        {row["signal_id"]: row["first_seen_at"] for row in first_seen}


def test_a_synthetic_dataset_never_shares_a_signal_with_real_figures(store, reviews_file):
    store.sync(store.load(40), reviews_file)
    explain(reviews_file)
    synthetic = store.dataset("Partnership extract")
    synthetic = Dataset(**{**synthetic.__dict__, "is_synthetic": True})
    assert store.figure(store.dataset("Partnership extract"), CAMDEN_JUNE).stands_out
    assert current_figures(None, synthetic, [CAMDEN_JUNE]) == {}


@pytest.mark.parametrize("crafted", [
    "", "x" * 200, "incidents/E09000007/islamophobic/2019-06", "secret/E09000007/race/2019-06/" + ABOVE_RANGE,
    "incidents/Camden/race/2019-06/" + ABOVE_RANGE, "incidents/E09000007/Race!/2019-06/" + ABOVE_RANGE,
    "incidents/E09000007/race/2019-13/" + ABOVE_RANGE, "incidents/E09000007/race/2019-06/guess",
    "incidents/E09000007/race/2019-06-31/days-after-event", None, 42, ["a"]])
def test_a_crafted_signal_id_is_refused_with_a_sentence(crafted):
    with pytest.raises(BadRequest) as refused:
        parse_signal_id(crafted)
    assert str(refused.value).endswith(".")


def test_a_signal_not_yet_noted_is_first_seen_when_the_earliest_dataset_showing_it_was_loaded(tmp_path):
    """Two extracts both put Camden's June 2019 above its range: read from the later, the
    signal was first seen when the earlier was loaded; a month neither flags, at the
    later's own load. Nothing is written to any reviews file."""
    store = Store(tmp_path / "store.duckdb")
    earlier = store.load(40, name="Extract of January")
    later = store.load(40, name="Extract of March")
    con = open_for_writing(store.path)
    try:
        con.execute("UPDATE datasets SET loaded_at = TIMESTAMP '2026-01-10 08:00:00' WHERE name = $name",
                    {"name": earlier.name})
        con.execute("UPDATE datasets SET loaded_at = TIMESTAMP '2026-03-10 08:00:00' WHERE name = $name",
                    {"name": later.name})
    finally:
        con.close()
    later = store.dataset("Extract of March")
    quiet = Signal("incidents", CAMDEN, "islamophobic", "2019-05", ABOVE_RANGE)
    con = open_for_writing(store.path)
    try:
        shown = first_shown(con, later, [CAMDEN_JUNE, quiet])
    finally:
        con.close()
    assert shown == {CAMDEN_JUNE.signal_id: "2026-01-10T08:00:00+00:00", quiet.signal_id: "2026-03-10T08:00:00+00:00"}
    assert not list(tmp_path.glob("*.sqlite"))
