"""The table of a chart answer: the numbers it draws, one row per x value (a month, a
strand, a borough) and one column per series, named "<series>: <unit>" so the unit
travels with the number ("Race: Offences per month"). Builders make it from the same
columns they draw; nothing is read back out of a figure."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from figures.p_values import P_VALUE_FORMAT


def series_table(x_column: str, series: list[tuple[str, list, list]], *, rows=None) -> pd.DataFrame:
    """`series`: (column name, x values, values) per series drawn. Rows follow the x values
    in the order first drawn; a series without a value at some x leaves it blank. `rows`
    (a test of an x value): only those rows; each column keeps the type all its values
    give it, shown or not."""
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
    xs = list(positions) if rows is None else [x for x in positions if rows(x)]
    frame = pd.DataFrame({x_column: xs, **{name: _column(xs, values) for name, values in columns.items()}},
                         columns=[x_column, *columns])
    return frame


def _column(xs: list, values: dict):
    """One series' values in row order; whole numbers stay counts ("3", not "3.0") even
    beside missing values."""
    listed = [values.get(x) for x in xs]
    present = [value for value in values.values() if value is not None]
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


# How many decimals the page shows a column's numbers to, from the unit its name carries
# (every answer's table names its unit: figures/answer.py): rates per 1,000 residents to
# 2 places, percentages to 1, counts whole (averages and expected counts of offences to 1).
# p-values keep every digit (figures/p_values.py: the page shows "< 0.001", the CSV the
# number). First match wins; a table answer's own formats come before any of these.
RAW_UNITS = ("p-value", "p value")
UNIT_DECIMALS = (("per 1,000", 2), ("%", 1), ("percent", 1), ("outcome rate", 1), ("share", 1))
COUNT_UNITS = ("count", "offences", "population", "rank", "number", "months")
COUNT_FRACTION_DECIMALS = 1  # "Expected: Offences per month" 104.4, a 12-month rolling average
_SPEC_DECIMALS = re.compile(r"\.(\d+)[feg]?$")  # not "%": that spec shows the number times 100


def shown_decimals(column: str, values, formats: dict | None = None) -> int | None:
    """The decimals the page shows `column` to (None: every digit, as for p-values).

    `formats`: a table answer's heading -> format spec (",", ".2f", "+.1f", "p"); other
    columns go by the unit in their name. A column with no unit the rules know keeps its
    digits (tests/test_csv_precision.py checks that every registry column has one)."""
    spec = (formats or {}).get(column)
    if spec == P_VALUE_FORMAT:
        return None
    if spec:
        found = _SPEC_DECIMALS.search(spec)
        if found:
            return int(found.group(1))
        if spec.rstrip("d") in ("", ","):
            return 0
    name = str(column).lower()
    if any(unit in name for unit in RAW_UNITS):
        return None
    for unit, decimals in UNIT_DECIMALS:
        if unit in name:
            return decimals
    if any(unit in name for unit in COUNT_UNITS):
        numbers = [value for value in values if _is_number(value)]
        return 0 if all(float(value).is_integer() for value in numbers) else COUNT_FRACTION_DECIMALS
    return None


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_)) and \
        not pd.isna(value)


def shown_values(frame: pd.DataFrame, formats: dict | None = None) -> pd.DataFrame:
    """`frame` with each numeric column's numbers as text at the precision the page shows
    them ("6.54", not 6.544987879652075; "12", not 12.0). Text cells stay as they are,
    missing values stay missing."""
    shown = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if not any(_is_number(value) for value in values):
            continue
        decimals = shown_decimals(column, values, formats)
        if decimals is None:
            continue
        shown[column] = pd.array([_fixed(value, decimals) if _is_number(value) else
                                  (None if value is None or (not isinstance(value, str) and pd.isna(value)) else value)
                                  for value in values], dtype=object)
    return shown


def _fixed(value, decimals: int) -> str:
    """"6.54"; a value that rounds to nothing is "0.0", never "-0.0"."""
    text = f"{float(value):.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def table_csv(frame: pd.DataFrame, formats: dict | None = None) -> str:
    """CSV text: a header row of column names, then the rows, each number at the
    precision the page shows it (shown_values; a table answer passes its formats); no
    index. Every CSV the dashboard writes from an answer's table is written here."""
    return shown_values(frame, formats).to_csv(index=False, lineterminator="\n")
