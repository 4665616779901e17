"""The groups a borough is compared with: inner and outer London (ONS), and the groups a
partnership loaded (loaders/comparison_groups.py). A group's rate is its offences over its
residents, one strand at a time: never an average of its boroughs' rates."""

from dataclasses import dataclass

import pandas as pd

from queries.store import fetch_df, table_exists

BUILT_IN_GROUPS = ("inner", "outer")  # from boroughs.london_group (ONS)


@dataclass(frozen=True)
class ComparisonGroup:
    slug: str
    name: str             # "Inner London", or the name a partnership gave it
    gss_codes: list[str]  # its Met boroughs


def comparison_groups(cursor) -> pd.DataFrame:
    """slug, name, gss_codes (Met boroughs only, sorted): inner and outer London first, then
    the loaded groups by name. A store built before groups existed has only the first two."""
    built_in = fetch_df(cursor, """
        SELECT lower(london_group) AS slug, london_group || ' London' AS name,
               list(gss_code ORDER BY gss_code) AS gss_codes
        FROM boroughs WHERE policed_by_met GROUP BY london_group ORDER BY london_group
    """)
    if not table_exists(cursor, "comparison_groups"):
        return built_in
    loaded = fetch_df(cursor, """
        SELECT g.slug, min(g.name) AS name, list(g.gss_code ORDER BY g.gss_code) AS gss_codes
        FROM comparison_groups g JOIN boroughs b USING (gss_code)
        WHERE b.policed_by_met GROUP BY g.slug ORDER BY name
    """)
    return pd.concat([built_in, loaded], ignore_index=True)


def groups_by_slug(groups: pd.DataFrame) -> dict[str, ComparisonGroup]:
    """slug -> ComparisonGroup for comparison_groups()'s rows, in their order: looked up
    several times per request, where filtering the frame cost ~1.5 ms a lookup."""
    return {str(row.slug): ComparisonGroup(str(row.slug), str(row.name), list(row.gss_codes))
            for row in groups.itertuples()}


def group_for(groups: dict[str, ComparisonGroup], slug: str | None,
              borough_group: str | None) -> ComparisonGroup | None:
    """The chosen group; with none chosen, the borough's own inner or outer London
    (`borough_group` 'Inner'/'Outer'), or None when there is no borough either."""
    if not slug and borough_group:
        slug = borough_group.lower()
    return groups.get(slug) if slug else None
