"""The table of a chart answer: the numbers it draws, one row per x value (a month, a
strand, a borough) and one column per series, named "<series>: <unit>" so the unit
travels with the number ("Race: Offences per month"). Builders make it from the same
columns they draw; nothing is read back out of a figure."""

from __future__ import annotations

import numpy as np
import pandas as pd


def series_table(x_column: str, series: list[tuple[str, list, list]]) -> pd.DataFrame:
    """`series`: (column name, x values, values) per series drawn. Rows follow the x values
    in the order first drawn; a series without a value at some x leaves it blank."""
    # Built column by column (a frame from a list of row dicts costs ~10x more, and this runs
    # on every click).
    positions: dict = {}
    columns: dict[str, dict] = {}
    for name, xs, ys in series:
        column = unique_name(name, list(columns))
        values = columns[column] = {}
        for x, y in zip(xs, ys):
            positions.setdefault(x, len(positions))
            values[x] = y
    xs = list(positions)
    frame = pd.DataFrame({x_column: xs, **{name: _column(xs, values) for name, values in columns.items()}},
                         columns=[x_column, *columns])
    return frame


def _column(xs: list, values: dict):
    """One series' values in row order; whole numbers stay counts ("3", not "3.0") even
    beside missing values."""
    listed = [values.get(x) for x in xs]
    present = [value for value in listed if value is not None]
    if present and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in present):
        return pd.array(listed, dtype="Int64")
    if present and all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in present):
        return [float("nan") if value is None else float(value) for value in listed]
    return listed


def unique_name(column: str, taken: list[str]) -> str:
    candidate, number = column, 2
    while candidate in taken:
        candidate, number = f"{column} ({number})", number + 1
    return candidate


def whole_numbers_as_integers(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts stay counts in the CSV ("3", not "3.0"), even next to missing values."""
    for column in frame.columns:
        values = frame[column].dropna()
        if len(values) and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("Int64")
    return frame


def table_csv(frame: pd.DataFrame) -> str:
    """CSV text: a header row of column names, then the rows; no index."""
    return frame.to_csv(index=False, lineterminator="\n")
