"""Which boroughs there are: the reference table, keyed by GSS code."""

from dataclasses import dataclass

import pandas as pd

from queries.store import fetch_df

CITY_OF_LONDON = "E09000001"


@dataclass(frozen=True)
class Borough:
    """One London local authority, as borough_reference() lists it."""

    gss_code: str
    name: str
    slug: str
    london_group: str          # "Inner" or "Outer"
    policed_by_met: bool       # False for the City of London, which has its own force
    population_mid2021: int

    @classmethod
    def from_row(cls, row) -> "Borough":
        return cls(str(row.gss_code), str(row["name"]), str(row.slug), str(row.london_group),
                   bool(row.policed_by_met), int(row.population_mid2021))


def borough_reference(cursor) -> pd.DataFrame:
    """All 33 London local authorities with slug, group, Met policing and population."""
    return fetch_df(cursor, """
        SELECT gss_code, name, slug, london_group, policed_by_met, population_mid2021
        FROM boroughs ORDER BY name
    """)


def met_boroughs(cursor) -> pd.DataFrame:
    """The 32 boroughs the Metropolitan Police covers (the City of London has its own force)."""
    frame = borough_reference(cursor)
    return frame[frame.policed_by_met].reset_index(drop=True)
