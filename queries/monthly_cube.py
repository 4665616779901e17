"""One dataset's monthly counts (borough x strand x month) held as arrays, for the
questions every click asks of them: a strand's offences in a period, a series month by
month, which months have figures.

The table is small (about 40,000 rows for a dataset, at a million offences or at ten:
its size grows with boroughs, strands and months, never with offences), and DuckDB
spends more time planning each small query over it (3-5 ms) than reading its rows; the
profile alone asked a dozen of them. So it is read once per open store file (a store
fact: the file never changes while open) and summed with numpy. The sums are of
integers, so they are exactly what SQL's sum() gives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from queries.store import fetch_store_fact


@dataclass(frozen=True)
class StrandCounts:
    """One strand's rows: month (datetime64[us] as int64), area (the row's GSS code as its
    place in `codes`, every code of the dataset sorted), offences. Areas are held as
    positions because matching a row's code against a list of strings, row by row, was
    most of the time a profile spent here; matching the 33 codes once and indexing is not."""

    month: np.ndarray
    area: np.ndarray
    offences: np.ndarray
    codes: tuple[str, ...]

    def in_period(self, start, end) -> np.ndarray:
        return (self.month >= _tick(start)) & (self.month <= _tick(end))

    def places(self, gss_codes) -> np.ndarray:
        """For each row, the place of its code in `gss_codes` (-1 where it is not there; the
        last place where a code is listed twice, as a dict of them would have it)."""
        at = {code: n for n, code in enumerate(gss_codes)}
        return np.array([at.get(code, -1) for code in self.codes], dtype="int64")[self.area]

    def sums_by_area(self, start, end, gss_codes: list[str]) -> np.ndarray:
        """Offences in the period for each of `gss_codes`, in that order (0 where none)."""
        rows = self.in_period(start, end)
        where = self.places(gss_codes)[rows]
        keep = where >= 0
        return np.bincount(where[keep], weights=self.offences[rows][keep], minlength=len(gss_codes)).astype("int64")

    def in_areas(self, gss_codes) -> np.ndarray | bool:
        """True for all rows when `gss_codes` is None (London: every borough with counts)."""
        if gss_codes is None:
            return True
        wanted = set(gss_codes)
        return np.array([code in wanted for code in self.codes], dtype=bool)[self.area]


EMPTY = StrandCounts(np.array([], dtype="int64"), np.array([], dtype="int64"), np.array([], dtype="int64"), ())


@dataclass(frozen=True)
class MonthlyCube:
    by_strand: dict  # strand -> StrandCounts

    def strand(self, strand: str) -> StrandCounts:
        return self.by_strand.get(strand, EMPTY)


def _tick(day) -> int:
    """A date as the int64 microseconds its datetime64[us] has: how the arrays hold months."""
    return int(pd.Timestamp(day).to_datetime64().astype("datetime64[us]").view("int64"))


def sql_round(values, digits: int = 1) -> np.ndarray:
    """DuckDB's round() of a DOUBLE: half away from zero (C's round), where numpy's
    round() is half to even; a share of 12.25 is 12.3 either way it is worked out."""
    scale = 10.0 ** digits
    scaled = np.asarray(values, dtype="float64") * scale
    size = np.abs(scaled)
    whole = np.floor(size)
    return np.copysign(whole + ((size - whole) >= 0.5), scaled) / scale


def _read_cube(cursor, dataset_id) -> MonthlyCube:
    # Straight from DuckDB, not fetch_df: the whole table is kept here, not in the
    # request's memo or the shared answers as well.
    rows = cursor.execute("SELECT strand, month, gss_code, offences::BIGINT AS offences FROM monthly_counts "
                          "WHERE dataset_id = $dataset_id ORDER BY strand, gss_code, month",
                          {"dataset_id": dataset_id}).df()
    by_strand = {}
    strands = rows.strand.to_numpy(dtype=object)
    months = rows.month.to_numpy(dtype="datetime64[us]").view("int64")
    codes, areas = np.unique(rows.gss_code.to_numpy(dtype=object), return_inverse=True)
    codes = tuple(str(code) for code in codes)
    offences = rows.offences.to_numpy(dtype="int64")
    if len(rows):
        starts = np.flatnonzero(np.r_[True, strands[1:] != strands[:-1]])
        for first, last in zip(starts, np.r_[starts[1:], len(rows)]):
            by_strand[strands[first]] = StrandCounts(months[first:last], areas[first:last], offences[first:last], codes)
    return MonthlyCube(by_strand)


def monthly_cube(cursor, dataset_id) -> MonthlyCube:
    """The dataset's monthly counts, read once per open store file and shared read-only
    (on a request's cursor; another cursor reads them again)."""
    remember = getattr(cursor, "remember", None)
    if remember is None:
        return _read_cube(cursor, dataset_id)
    return remember(("monthly cube", int(dataset_id)), lambda: _read_cube(cursor, dataset_id))


def borough_facts(cursor) -> pd.DataFrame:
    """Every local authority's code, name, group, policing and residents: a store fact."""
    return fetch_store_fact(cursor, "SELECT gss_code, name, london_group, policed_by_met, population_mid2021 "
                                    "FROM boroughs ORDER BY gss_code")


def dataset_kind(cursor, dataset_id) -> str | None:
    kind = fetch_store_fact(cursor, "SELECT kind FROM datasets WHERE dataset_id = $dataset_id",
                            {"dataset_id": dataset_id}).kind
    return None if kind.empty else str(kind.iloc[0])
