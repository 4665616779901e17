"""Aggregates kept up to date at load time.

Every strand is counted from the incident flags in one pass; "all" counts each offence
once, however many flags it carries, so it is a true distinct-offence total.
Published datasets get one strand per published category; "all" only where the publisher
gives a distinct total of its own (the Met's current 'Hate Crime' subgroup).
"""

import duckdb

from queries.offence_profiles import rebuild_offence_profiles
from queries.strands import INCIDENT_STRAND_EXPRESSIONS, STRANDS
from stands_out.expected_range import expected_ranges

LONDON_AREA = "london"  # the 32 Met boroughs together, in expected_counts


def _strand_counts_sql(period_expression: str, period_column: str) -> str:
    # Column names and expressions come from the fixed allow-list, never from input.
    counts = ",\n".join(
        f"count(*) FILTER (WHERE {expression}) AS \"{key}\""
        for key, expression in INCIDENT_STRAND_EXPRESSIONS.items()
    )
    strand_columns = ", ".join(f'"{key}"' for key in INCIDENT_STRAND_EXPRESSIONS)
    return f"""
        WITH wide AS (
            SELECT dataset_id, {period_expression} AS {period_column}, gss_code, {counts}
            FROM incidents
            WHERE dataset_id = $dataset_id
            GROUP BY ALL
        )
        SELECT dataset_id, {period_column}, gss_code, strand, offences::INTEGER AS offences
        FROM (UNPIVOT wide ON {strand_columns} INTO NAME strand VALUE offences)
        WHERE offences > 0
    """


def rebuild_incident_aggregates(con: duckdb.DuckDBPyConnection, dataset_id: int) -> None:
    """Replace the monthly, daily and offence-profile aggregates of one incident-level dataset."""
    params = {"dataset_id": dataset_id}
    con.execute("DELETE FROM monthly_counts WHERE dataset_id = $dataset_id", params)
    con.execute("DELETE FROM daily_counts WHERE dataset_id = $dataset_id", params)
    con.execute(
        "INSERT INTO monthly_counts "
        + _strand_counts_sql("date_trunc('month', offence_date)::DATE", "month"), params)
    con.execute("INSERT INTO daily_counts " + _strand_counts_sql("offence_date", "day"), params)
    rebuild_offence_profiles(con, dataset_id)
    con.execute(
        """
        UPDATE datasets SET
            first_month = (SELECT min(month) FROM monthly_counts WHERE dataset_id = $dataset_id),
            last_month = (SELECT max(month) FROM monthly_counts WHERE dataset_id = $dataset_id)
        WHERE dataset_id = $dataset_id
        """, params)
    rebuild_expected_counts(con, dataset_id)


# The measure published_counts keeps positive outcomes under (loaders read "Outcomes" as it too).
POSITIVE_OUTCOMES = "Positive Outcomes"


def rebuild_incident_outcomes(con: duckdb.DuckDBPyConnection, dataset_id: int,
                              positive_outcomes: list[str]) -> None:
    """Replace the monthly positive outcomes of one incident-level dataset.

    `positive_outcomes` are outcome texts that count as positive, already normalised by
    `outcome_key` (lower case, letters and digits only), which the SQL below mirrors. An
    extract with no outcome text at all gets no rows: its outcomes are unknown, not zero.
    Every strand-borough-month with offences gets a row, zero included, so a month with no
    positive outcome reads as 0.
    """
    params = {"dataset_id": dataset_id, "positive": positive_outcomes}
    con.execute("DELETE FROM monthly_outcomes WHERE dataset_id = $dataset_id", {"dataset_id": dataset_id})
    has_outcomes = con.execute("SELECT count(outcome) > 0 FROM incidents WHERE dataset_id = $dataset_id",
                               {"dataset_id": dataset_id}).fetchall()[0][0]
    if not has_outcomes:
        return
    # Column names and expressions come from the fixed allow-list, never from input.
    counts = ",\n".join(
        f"count(*) FILTER (WHERE ({expression}) AND is_positive) AS \"{key}\""
        for key, expression in INCIDENT_STRAND_EXPRESSIONS.items())
    offences = " OR ".join(f"({expression})" for expression in INCIDENT_STRAND_EXPRESSIONS.values())
    present = ",\n".join(f"count(*) FILTER (WHERE {expression}) AS \"has_{key}\""
                          for key, expression in INCIDENT_STRAND_EXPRESSIONS.items())
    strand_columns = ", ".join(f'"{key}"' for key in INCIDENT_STRAND_EXPRESSIONS)
    has_checks = " OR ".join(
        f"(strand = '{key}' AND \"has_{key}\" > 0)" for key in INCIDENT_STRAND_EXPRESSIONS)
    con.execute(f"""
        INSERT INTO monthly_outcomes (dataset_id, month, gss_code, strand, positive_outcomes)
        WITH flagged AS (
            SELECT *, list_contains($positive, regexp_replace(lower(coalesce(outcome, '')), '[^a-z0-9]', '', 'g'))
                      AS is_positive
            FROM incidents WHERE dataset_id = $dataset_id AND ({offences})
        ), wide AS (
            SELECT dataset_id, date_trunc('month', offence_date)::DATE AS month, gss_code, {counts}, {present}
            FROM flagged GROUP BY ALL
        )
        SELECT dataset_id, month, gss_code, strand, positive_outcomes::INTEGER
        FROM (UNPIVOT wide ON {strand_columns} INTO NAME strand VALUE positive_outcomes)
        WHERE {has_checks}
    """, params)


# The categories of the Met's published borough file, and the strand each one counts.
# Several overlap (faith contains antisemitic and islamophobic; racist and religious
# contains faith), so each stays a strand of its own and nothing is summed into "all".
PUBLISHED_CATEGORY_STRANDS = {
    "Racist and Religious Hate Crime": "race_religion",
    "Faith Hate Crime": "religion",
    "Anti-Semitic": "antisemitic",
    "Islamophobic": "islamophobic",
    "Homophobic Hate Crime": "sexual_orientation",
    "Transgender Hate": "transgender",
    "Disability Hate Crime": "disability",
}

# Adding published categories cannot give a distinct-offence total: one offence in two
# categories is counted in both, and the file does not say which. Only a category the
# publisher counts each offence once in (the Met's current 'Hate Crime' subgroup) gives "all",
# so at most one category may fill it.
DISTINCT_TOTAL = "all"


def rebuild_published_aggregates(con: duckdb.DuckDBPyConnection, dataset_id: int,
                                 category_strands: dict[str, str] | None = None) -> None:
    """Replace the monthly aggregates of one published dataset from its `published_counts`.

    Only the Offences measure is counted. Categories mapped to the same strand are added
    (a renamed category, not an overlapping one). Published data has no days, so the
    dataset has no daily aggregates.
    """
    mapping = PUBLISHED_CATEGORY_STRANDS if category_strands is None else category_strands
    unknown = sorted(set(mapping.values()) - set(STRANDS))
    if unknown:
        raise ValueError(f"not strands published counts can fill: {', '.join(unknown)}")
    totals = sorted(category for category, strand in mapping.items() if strand == DISTINCT_TOTAL)
    if len(totals) > 1:
        raise ValueError("a distinct-offence total ('all') comes from one category, not the sum of "
                         + ", ".join(totals))
    params = {"dataset_id": dataset_id, "categories": list(mapping), "strands": list(mapping.values())}
    con.execute("DELETE FROM monthly_counts WHERE dataset_id = $dataset_id", {"dataset_id": dataset_id})
    con.execute("DELETE FROM daily_counts WHERE dataset_id = $dataset_id", {"dataset_id": dataset_id})
    con.execute(
        """
        INSERT INTO monthly_counts (dataset_id, month, gss_code, strand, offences)
        WITH strand_of AS (
            SELECT unnest($categories) AS category, unnest($strands) AS strand
        )
        SELECT p.dataset_id, p.month, p.gss_code, s.strand, sum(p.count)::INTEGER AS offences
        FROM published_counts p JOIN strand_of s USING (category)
        WHERE p.dataset_id = $dataset_id AND p.measure = 'Offences'
        GROUP BY ALL
        """, params)
    con.execute("DELETE FROM monthly_outcomes WHERE dataset_id = $dataset_id", {"dataset_id": dataset_id})
    con.execute(
        f"""
        INSERT INTO monthly_outcomes (dataset_id, month, gss_code, strand, positive_outcomes)
        WITH strand_of AS (
            SELECT unnest($categories) AS category, unnest($strands) AS strand
        )
        SELECT p.dataset_id, p.month, p.gss_code, s.strand, sum(p.count)::INTEGER
        FROM published_counts p JOIN strand_of s USING (category)
        WHERE p.dataset_id = $dataset_id AND p.measure = '{POSITIVE_OUTCOMES}'
        GROUP BY ALL
        """, params)
    con.execute("DELETE FROM published_categories WHERE dataset_id = $dataset_id", {"dataset_id": dataset_id})
    con.execute(
        """
        INSERT INTO published_categories (dataset_id, category, strand)
        SELECT DISTINCT $dataset_id, category, strand
        FROM (SELECT unnest($categories) AS category, unnest($strands) AS strand)
        WHERE category IN (SELECT category FROM published_counts WHERE dataset_id = $dataset_id)
        """, params)
    con.execute(
        """
        UPDATE datasets SET
            first_month = (SELECT min(month) FROM monthly_counts WHERE dataset_id = $dataset_id),
            last_month = (SELECT max(month) FROM monthly_counts WHERE dataset_id = $dataset_id)
        WHERE dataset_id = $dataset_id
        """, {"dataset_id": dataset_id})
    rebuild_expected_counts(con, dataset_id)


def rebuild_expected_counts(con: duckdb.DuckDBPyConnection, dataset_id: int) -> None:
    """Replace the expected range of every month for each Met borough and London, per
    strand, from the dataset's monthly aggregates (which must be written first)."""
    params = {"dataset_id": dataset_id, "london": LONDON_AREA}
    con.execute("DELETE FROM expected_counts WHERE dataset_id = $dataset_id", {"dataset_id": dataset_id})
    counts = con.execute(
        """
        WITH met AS (
            SELECT m.month, m.gss_code AS area, m.strand, m.offences
            FROM monthly_counts m JOIN boroughs b USING (gss_code)
            WHERE m.dataset_id = $dataset_id AND b.policed_by_met
        )
        SELECT month, area, strand, offences FROM met
        UNION ALL
        SELECT month, $london, strand, sum(offences) FROM met GROUP BY month, strand
        """, params).df()
    ranges = expected_ranges(counts, keys=("area", "strand"))
    if ranges.empty:
        return
    con.register("new_expected_counts", ranges)
    try:
        con.execute(
            """
            INSERT INTO expected_counts (dataset_id, month, area, strand, offences, expected, lower_bound,
                upper_bound, exceedance, is_above, dispersion, with_trend, years_of_history, no_verdict_reason,
                no_trend_reason)
            SELECT $dataset_id, month, area, strand, offences, expected, lower_bound, upper_bound, exceedance,
                   is_above, dispersion, with_trend, years_of_history, no_verdict_reason, no_trend_reason
            FROM new_expected_counts
            """, {"dataset_id": dataset_id})
    finally:
        con.unregister("new_expected_counts")
