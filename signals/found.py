"""The signals the figures in view show, and the current figure of signals seen before.

Months above their expected range are signals here (stands_out/expected_range.py finds
them; queries/expected_counts.py keeps them); the identity (signals/identity.py) is what
ties a month's review to the same month in the next release.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from queries.expected_counts import exceptional_months, series_months
from queries.periods import Period
from reviews import database
from signals.identity import ABOVE_RANGE, Signal, above_range_signal, basis_of, store_area


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


def sync_signals(cursor, dataset, reviews_file, *, period: Period) -> pd.DataFrame:
    """Note the signals `period` shows, and the figure of every signal of this basis seen
    before (so one a release revised below its range is kept, and says so), in the
    reviews file. First seen: when the dataset was loaded, so the date does not depend on
    when someone first looked. Returns flagged_signals for `period`."""
    flagged = flagged_signals(cursor, dataset, period=period)
    seen_at = database.now_text(pd.Timestamp(dataset.loaded_at).tz_localize("UTC").to_pydatetime()) \
        if getattr(dataset, "loaded_at", None) is not None else database.now_text()
    noted = {row.signal_id: (row.signal, int(row.offences), float(row.upper_bound), True)
             for row in flagged.itertuples()}
    basis = basis_of(dataset)
    earlier = [Signal(row["basis"], row["area"], row["strand"], row["period"], row["method"])
               for row in database.known_signals(reviews_file) if row["basis"] == basis
               and row["signal_id"] not in noted]
    for signal_id, figure in current_figures(cursor, dataset, earlier).items():
        signal = next(signal for signal in earlier if signal.signal_id == signal_id)
        noted[signal_id] = (signal, figure.offences, figure.upper_bound, figure.stands_out)
    database.note_signals(reviews_file, list(noted.values()), dataset=str(dataset.name), seen_at=seen_at)
    return flagged


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
