"""One series across the Met's published releases.

Every release loaded with `load-mps-wide` or `load-mps-long` is recorded in
`published_releases`. Whenever one is loaded or removed, the combined series is rebuilt:
a published dataset of its own (so every page reads it unchanged) holding, for each
strand and month, the figures of the newest release that gives that strand in that
month. `series_sources` records which release each strand and month came from.

"Newest" is the release whose figures run latest (its last month), then the one the Met
refreshed last (`Refresh Date`), then the one loaded last: a later release revises the
months it shares with an earlier one.

Strands correspond across releases where their categories do: the 2010-2021 wide file's
seven categories have current equivalents; the distinct total ("Hate Crime") and race
alone ("Racist Crime") only exist in current releases, so they start with them.

A load that revises figures an earlier release gave records them in `revisions` (every
borough, month and strand that changed) and `release_revisions` (how many were compared
and changed), for the loader's output and the About page.
"""

from dataclasses import dataclass

import duckdb

from loaders.dataset_records import record_dataset, remove_dataset_rows
from queries.connect_break import CONNECT_BREAK_MONTH, CONNECT_BREAK_SENTENCE
from queries.series_sources import strands_in_part_of_series
from queries.strands import STRANDS

COMBINED_NAME = "MPS published hate crime, releases combined"
COMBINED_SOURCE = "Metropolitan Police Service (London Datastore), published releases combined"
LICENCE = "Open Government Licence v3.0"
MIN_RELEASES = 2  # one release is its own series; a combined copy of it would only add a menu entry
LARGEST_REVISIONS_SHOWN = 5
CURRENT_ONLY_SENTENCE = (" The distinct total (all hate crime) and race alone exist only in the Met's current "
                         "releases; the 2010-2021 borough file gives race only inside 'racist and religious'.")

# For each strand and month, the newest release that has it (see the module docstring).
_CHOSEN_SQL = """
    SELECT c.strand, c.month, arg_max(c.dataset_id, r.recency) AS source_dataset_id
    FROM (SELECT DISTINCT dataset_id, strand, month FROM monthly_counts
          WHERE dataset_id IN (SELECT dataset_id FROM published_releases)) c
    JOIN (SELECT r.dataset_id,
                 row_number() OVER (ORDER BY d.last_month, r.refresh_date NULLS FIRST, d.loaded_at,
                                             r.dataset_id) AS recency
          FROM published_releases r JOIN datasets d USING (dataset_id)) r USING (dataset_id)
    GROUP BY c.strand, c.month
"""

# The figures the series shows, borough by borough, with the release each came from.
_SERIES_SQL = f"""
    SELECT s.strand, s.month, m.gss_code, m.offences, s.source_dataset_id
    FROM ({_CHOSEN_SQL}) s
    JOIN monthly_counts m ON m.dataset_id = s.source_dataset_id AND m.strand = s.strand AND m.month = s.month
"""


@dataclass(frozen=True)
class Revision:
    borough: str
    month: object
    category: str
    previous_offences: int
    offences: int


@dataclass(frozen=True)
class RevisionReport:
    compared_with: str
    figures_compared: int
    figures_changed: int
    largest: list[Revision]

    def lines(self) -> list[str]:
        lines = [f"  Revisions: {self.figures_changed:,} of the {self.figures_compared:,} published figures "
                 f"(borough, month and category) this release shares with {self.compared_with} changed."]
        if self.largest:
            lines.append("  Largest revisions: " + "; ".join(
                f"{r.borough}, {r.month:%B %Y}, {r.category}: {r.previous_offences:,} -> {r.offences:,}"
                for r in self.largest) + ".")
        return lines


def snapshot_published_series(con: duckdb.DuckDBPyConnection) -> None:
    """Keep the figures the series shows now, before a load changes it, to find revisions."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE previous_published_series AS
        SELECT v.*, d.name || ' (loaded ' || strftime(d.loaded_at, '%Y-%m-%d') || ')' AS source_name
        FROM ({_SERIES_SQL}) v JOIN datasets d ON d.dataset_id = v.source_dataset_id
    """)


def record_revisions(con: duckdb.DuckDBPyConnection, dataset_id: int) -> RevisionReport | None:
    """Compare the new release's figures with those the series showed before it, for the
    strands and months it now provides and an earlier release also gave."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE compared_figures AS
        WITH chosen AS ({_CHOSEN_SQL}),
        new_side AS (
            SELECT m.strand, m.month, m.gss_code, m.offences
            FROM monthly_counts m JOIN chosen c
              ON c.source_dataset_id = m.dataset_id AND c.strand = m.strand AND c.month = m.month
            WHERE m.dataset_id = $dataset_id
        ), pairs AS (
            SELECT strand, month, any_value(source_name) AS previous_dataset
            FROM previous_published_series
            WHERE (strand, month) IN (SELECT (strand, month) FROM new_side)
            GROUP BY ALL
        )
        SELECT strand, month, gss_code, coalesce(o.offences, 0) AS previous_offences,
               coalesce(n.offences, 0) AS offences, p.previous_dataset
        FROM (SELECT n.* FROM new_side n JOIN pairs USING (strand, month)) n
        FULL JOIN (SELECT o.* FROM previous_published_series o JOIN pairs USING (strand, month)) o
          USING (strand, month, gss_code)
        JOIN pairs p USING (strand, month)
    """, {"dataset_id": dataset_id})
    compared, changed, compared_with = con.execute("""
        SELECT count(*), count(*) FILTER (WHERE previous_offences <> offences),
               string_agg(DISTINCT '''' || previous_dataset || '''', ' and ' ORDER BY '''' || previous_dataset || '''')
        FROM compared_figures
    """).fetchall()[0]
    if not compared:
        return None
    con.execute("INSERT INTO release_revisions VALUES (?, ?, ?, ?)", [dataset_id, compared_with, compared, changed])
    con.execute("""
        INSERT INTO revisions (dataset_id, month, gss_code, strand, category, previous_offences, offences,
                               previous_dataset)
        SELECT $dataset_id, f.month, f.gss_code, f.strand,
               coalesce((SELECT string_agg(category, ' / ' ORDER BY category) FROM published_categories c
                         WHERE c.dataset_id = $dataset_id AND c.strand = f.strand), f.strand),
               f.previous_offences, f.offences, f.previous_dataset
        FROM compared_figures f WHERE f.previous_offences <> f.offences
    """, {"dataset_id": dataset_id})
    largest = con.execute("""
        SELECT b.name, r.month, r.category, r.previous_offences, r.offences
        FROM revisions r JOIN boroughs b USING (gss_code)
        WHERE r.dataset_id = ?
        ORDER BY abs(r.offences - r.previous_offences) DESC, r.month, b.name, r.category
        LIMIT ?
    """, [dataset_id, LARGEST_REVISIONS_SHOWN]).fetchall()
    con.execute("DROP TABLE compared_figures")
    return RevisionReport(compared_with, compared, changed, [Revision(*row) for row in largest])


def rebuild_combined_series(con: duckdb.DuckDBPyConnection) -> int | None:
    """Replace the combined series from the releases now loaded; its dataset id, or None
    when fewer than two releases are loaded (then there is nothing to combine)."""
    remove_dataset_rows(con, COMBINED_NAME)
    releases = con.execute("SELECT count(*) FROM published_releases").fetchall()[0][0]
    if releases < MIN_RELEASES:
        return None
    dataset_id = record_dataset(con, name=COMBINED_NAME, kind="published", is_synthetic=False,
                                source=COMBINED_SOURCE, licence=LICENCE, checksum_sha256=None,
                                rows_read=0, rows_loaded=0, rows_left_out=0)
    params = {"dataset_id": dataset_id}
    con.execute(f"""
        INSERT INTO series_sources (dataset_id, strand, month, source_dataset_id)
        SELECT $dataset_id, strand, month, source_dataset_id FROM ({_CHOSEN_SQL})
    """, params)
    for table, value in (("monthly_counts", "offences"), ("monthly_outcomes", "positive_outcomes")):
        con.execute(f"""
            INSERT INTO {table} (dataset_id, month, gss_code, strand, {value})
            SELECT s.dataset_id, m.month, m.gss_code, m.strand, m.{value}
            FROM series_sources s JOIN {table} m
              ON m.dataset_id = s.source_dataset_id AND m.strand = s.strand AND m.month = s.month
            WHERE s.dataset_id = $dataset_id
        """, params)
    con.execute("""
        UPDATE datasets SET
            first_month = (SELECT min(month) FROM monthly_counts WHERE dataset_id = $dataset_id),
            last_month = (SELECT max(month) FROM monthly_counts WHERE dataset_id = $dataset_id),
            rows_read = (SELECT count(*) FROM monthly_counts WHERE dataset_id = $dataset_id),
            rows_loaded = (SELECT count(*) FROM monthly_counts WHERE dataset_id = $dataset_id)
        WHERE dataset_id = $dataset_id
    """, params)
    con.execute("UPDATE datasets SET notes = ? WHERE dataset_id = ?",
                ["\n".join(combined_series_notes(con, dataset_id)), dataset_id])
    return dataset_id


def combined_series_notes(con: duckdb.DuckDBPyConnection, dataset_id: int) -> list[str]:
    """What the combined series is made of, in sentences for `list`, About and the loader."""
    runs = con.execute("""
        SELECT d.name, min(s.month), max(s.month)
        FROM series_sources s JOIN datasets d ON d.dataset_id = s.source_dataset_id
        WHERE s.dataset_id = ?
        GROUP BY d.name ORDER BY min(s.month), max(s.month)
    """, [dataset_id]).fetchall()
    notes = ["Combined from the Met's published releases; where releases overlap, the newest gives the "
             "figures. Months by release: "
             + "; ".join(f"{first:%B %Y} to {last:%B %Y} from '{name}'" for name, first, last in runs) + "."]
    partial = [(row.strand, row.first_month, row.last_month)
               for row in strands_in_part_of_series(con, dataset_id=dataset_id).itertuples()]
    partial.sort(key=lambda row: list(STRANDS).index(row[0]) if row[0] in STRANDS else len(STRANDS))
    if partial:
        notes.append("Not in every release, so shown only for part of the series: "
                     + "; ".join(f"{STRANDS[strand].label if strand in STRANDS else strand} "
                                 f"({first:%B %Y} to {last:%B %Y})" for strand, first, last in partial)
                     + "." + (CURRENT_ONLY_SENTENCE if {"all", "race"} & {row[0] for row in partial} else ""))
    first, last = con.execute("SELECT first_month, last_month FROM datasets WHERE dataset_id = ?",
                              [dataset_id]).fetchall()[0]
    if first < CONNECT_BREAK_MONTH <= last:
        notes.append(CONNECT_BREAK_SENTENCE)
    return notes
