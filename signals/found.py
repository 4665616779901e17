"""The signals the figures in view show, and the current figure of signals seen before.

Months above their expected range are signals here (stands_out/expected_range.py finds
them; queries/expected_counts.py keeps them); the identity (signals/identity.py) is what
ties a month's review to the same month in the next release.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from queries.datasets import Dataset, loaded_datasets
from queries.expected_counts import exceptional_months, first_loaded_above, series_months
from queries.periods import Period, add_months
from reviews import database
from signals.identity import ABOVE_RANGE, Signal, above_range_signal, basis_of, store_area

WINDOW_MONTHS = 12  # a meeting's horizon: the signals of the dataset's last 12 months


@dataclass(frozen=True)
class Figure:
    """A signal's figure in the current data: None where that month is not in it."""
    offences: int | None
    expected: float | None
    upper_bound: float | None
    stands_out: bool


def flagged_signals(cursor, dataset, *, period: Period, areas=None, strands=None) -> pd.DataFrame:
    """exceptional_months with each row's `signal_id` (and its Signal in `signal`)."""
    flagged = exceptional_months(cursor, dataset_id=dataset.dataset_id, period=period, strands=strands, areas=areas)
    basis = basis_of(dataset)
    signals = [above_range_signal(basis, row.area, row.strand, row.month) for row in flagged.itertuples()]
    return flagged.assign(signal=signals, signal_id=[signal.signal_id for signal in signals])


def current_figures(cursor, dataset, signals: list[Signal]) -> dict[str, Figure]:
    """The current figure of each above-range signal of the dataset's basis; signals of
    another basis or method are left out (their figures are not in this dataset)."""
    basis = basis_of(dataset)
    wanted = [signal for signal in signals if signal.basis == basis and signal.method == ABOVE_RANGE]
    if not wanted:
        return {}
    found = series_months(cursor, dataset_id=dataset.dataset_id,
                          areas=sorted({store_area(signal.area) for signal in wanted}),
                          strands=sorted({signal.strand for signal in wanted}),
                          months=sorted({signal.month for signal in wanted}))
    rows = {(row.area, row.strand, pd.Timestamp(row.month).date()): row for row in found.itertuples()}
    figures = {}
    for signal in wanted:
        row = rows.get((store_area(signal.area), signal.strand, signal.month))
        figures[signal.signal_id] = (Figure(None, None, None, False) if row is None else Figure(
            int(row.offences), _number(row.expected), _number(row.upper_bound), bool(row.is_above)))
    return figures


def _utc_text(loaded) -> str:
    """A load time from the store (UTC, without its zone) as the reviews file writes times."""
    stamp = pd.Timestamp(loaded)
    return database.now_text((stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp).to_pydatetime())


def load_time(dataset) -> str:
    """When `dataset` was loaded; now if the store does not say."""
    loaded = getattr(dataset, "loaded_at", None)
    return database.now_text() if loaded is None or pd.isna(loaded) else _utc_text(loaded)


def first_shown(cursor, dataset, signals: list[Signal]) -> dict[str, str]:
    """When the data first showed each signal (UTC, as the reviews file writes times): the
    load time of the earliest dataset of the same basis in the store that puts the month
    above its expected range, else `dataset`'s own. Read from the store alone, so it is
    the same whoever looks first, and looking writes nothing."""
    shown = {signal.signal_id: load_time(dataset) for signal in signals}
    basis = basis_of(dataset)
    above = [signal for signal in signals
             if signal.basis == basis and signal.method == ABOVE_RANGE and signal.month is not None]
    if not above:
        return shown
    synthetic = basis == "synthetic"
    found = first_loaded_above(cursor, kind=None if synthetic else basis, is_synthetic=synthetic,
                               areas=sorted({store_area(signal.area) for signal in above}),
                               strands=sorted({signal.strand for signal in above}),
                               months=sorted({signal.month for signal in above}))
    times = {(row.area, row.strand, pd.Timestamp(row.month).date()): row.first_loaded_at for row in found.itertuples()}
    for signal in above:
        loaded = times.get((store_area(signal.area), signal.strand, signal.month))
        if loaded is not None and not pd.isna(loaded):
            shown[signal.signal_id] = _utc_text(loaded)
    return shown


def first_seen(cursor, dataset, reviews_file, signals: list[Signal]) -> dict[str, str]:
    """Each signal's first sighting: as the reviews file keeps it for a signal noted before
    (it survives reloads and new releases), else when the data first showed it."""
    stored = {row["signal_id"]: row["first_seen_at"] for row in database.known_signals(reviews_file)}
    shown = first_shown(cursor, dataset, [signal for signal in signals if signal.signal_id not in stored])
    return {signal.signal_id: stored.get(signal.signal_id) or shown[signal.signal_id] for signal in signals}


def sync_signals(cursor, dataset, reviews_file, *, period: Period) -> pd.DataFrame:
    """Note the signals `period` shows, and the figure of every signal of this basis seen
    before (so one a release revised below its range is kept, and says so), in the
    reviews file: a write, done only when a review is saved (never when a page is
    looked at). Each is first seen when the data first showed it (first_shown); its
    figure is dated by the dataset's load. Returns flagged_signals for `period`."""
    flagged = flagged_signals(cursor, dataset, period=period)
    noted = {row.signal_id: (row.signal, int(row.offences), float(row.upper_bound), True)
             for row in flagged.itertuples()}
    basis = basis_of(dataset)
    earlier = [Signal(row["basis"], row["area"], row["strand"], row["period"], row["method"])
               for row in database.known_signals(reviews_file) if row["basis"] == basis
               and row["signal_id"] not in noted]
    for signal_id, figure in current_figures(cursor, dataset, earlier).items():
        signal = next(signal for signal in earlier if signal.signal_id == signal_id)
        noted[signal_id] = (signal, figure.offences, figure.upper_bound, figure.stands_out)
    shown = first_shown(cursor, dataset, [found[0] for found in noted.values()])
    database.note_signals(reviews_file, [(*found, shown[signal_id]) for signal_id, found in noted.items()],
                          dataset=str(dataset.name), seen_at=load_time(dataset))
    return flagged


def signal_window(dataset) -> Period:
    """The months whose signals a meeting follows: the dataset's last WINDOW_MONTHS."""
    last = pd.Timestamp(dataset.last_month).date()
    return Period(max(pd.Timestamp(dataset.first_month).date(), add_months(last, -(WINDOW_MONTHS - 1))), last)


def newest_dataset_of(cursor, basis: str):
    """The most recently loaded dataset of `basis` (queries/datasets.Dataset), or None."""
    for _, row in loaded_datasets(cursor).iterrows():
        dataset = Dataset.from_row(row)
        if basis_of(dataset) == basis and pd.notna(dataset.last_month):
            return dataset
    return None


def note_signals_for_review(cursor, reviews_file, signal: Signal) -> str:
    """Before a review of `signal` is saved (the reviews file is written then anyway): note
    what the newest dataset of its basis shows (sync_signals over its signal_window), and
    return the reviewed signal's first sighting, for its row if it is new."""
    dataset = newest_dataset_of(cursor, signal.basis)
    if dataset is None:
        return database.now_text()
    sync_signals(cursor, dataset, reviews_file, period=signal_window(dataset))
    return first_seen(cursor, dataset, reviews_file, [signal])[signal.signal_id]


def no_longer_sentence(figure: Figure | None) -> str | None:
    """"The current figures no longer put it above its range: 17 (upper bound 18).", for a
    signal whose revised figure does not stand out; None while it still does."""
    if figure is None or figure.stands_out:
        return None
    if figure.offences is None:
        return "The current figures no longer hold this month."
    bound = "" if figure.upper_bound is None else f" (upper bound {figure.upper_bound:,.0f})"
    return f"The current figures no longer put it above its range: {figure.offences:,}{bound}."


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
