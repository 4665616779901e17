"""The store's tables. Loaders write them; the web app only reads.

`monthly_counts`, `monthly_outcomes` and `daily_counts` are aggregates kept up to date
at load time, so a click in the dashboard runs a small aggregate over thousands of rows,
never a scan of millions of incidents.

The Met's published releases (`published_releases`) also join one combined series, a
dataset of its own whose `series_sources` say which release each strand and month came
from; `revisions` and `release_revisions` keep what a newer release changed.

`expected_counts` is computed with the monthly aggregates: every month's expected range
for each borough, London and strand (stands_out/expected_range.py), so "what stands
out" is a lookup, not a regression per click.
"""

import csv
from pathlib import Path

import duckdb

from queries.offence_profiles import backfill_offence_profiles

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
BOROUGHS_CSV = REFERENCE_DIR / "london_boroughs.csv"
EVENTS_CSV = REFERENCE_DIR / "events.csv"
POPULATION_SOURCE = ("Office for National Statistics, mid-2021 population estimates, "
                     "licensed under the Open Government Licence v3.0")

SCHEMA_VERSION = 1

DDL = """
CREATE TABLE IF NOT EXISTS store_info (
    schema_version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS boroughs (
    gss_code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL UNIQUE,
    slug VARCHAR NOT NULL UNIQUE,
    london_group VARCHAR NOT NULL CHECK (london_group IN ('Inner', 'Outer')),
    policed_by_met BOOLEAN NOT NULL,
    population_mid2021 INTEGER NOT NULL,
    population_source VARCHAR NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS dataset_ids START 1;
CREATE TABLE IF NOT EXISTS datasets (
    dataset_id INTEGER PRIMARY KEY DEFAULT nextval('dataset_ids'),
    name VARCHAR NOT NULL UNIQUE,
    kind VARCHAR NOT NULL CHECK (kind IN ('incidents', 'published')),
    is_synthetic BOOLEAN NOT NULL,
    source VARCHAR NOT NULL,
    licence VARCHAR,
    checksum_sha256 VARCHAR,
    loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    rows_read BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_left_out BIGINT NOT NULL,
    first_month DATE,
    last_month DATE,
    notes VARCHAR
);
CREATE TABLE IF NOT EXISTS incidents (
    dataset_id INTEGER NOT NULL,
    incident_id VARCHAR NOT NULL,
    offence_date DATE NOT NULL,
    gss_code VARCHAR NOT NULL,
    offence_type VARCHAR NOT NULL,
    is_race BOOLEAN NOT NULL,
    is_religion BOOLEAN NOT NULL,
    is_antisemitic BOOLEAN NOT NULL,
    is_islamophobic BOOLEAN NOT NULL,
    is_sexual_orientation BOOLEAN NOT NULL,
    is_transgender BOOLEAN NOT NULL,
    is_disability BOOLEAN NOT NULL,
    ward_code VARCHAR,
    outcome VARCHAR,
    easting DOUBLE,
    northing DOUBLE,
    hex_cell VARCHAR
);
CREATE TABLE IF NOT EXISTS published_counts (
    dataset_id INTEGER NOT NULL,
    month DATE NOT NULL,
    gss_code VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    measure VARCHAR NOT NULL DEFAULT 'Offences',
    count INTEGER NOT NULL CHECK (count >= 0)
);
CREATE SEQUENCE IF NOT EXISTS event_ids START 1;
CREATE TABLE IF NOT EXISTS events (
    event_id INTEGER PRIMARY KEY DEFAULT nextval('event_ids'),
    start_date DATE NOT NULL,
    end_date DATE,
    label VARCHAR NOT NULL,
    strands VARCHAR[],
    added_by VARCHAR NOT NULL DEFAULT 'reference'
);
CREATE TABLE IF NOT EXISTS monthly_counts (
    dataset_id INTEGER NOT NULL,
    month DATE NOT NULL,
    gss_code VARCHAR NOT NULL,
    strand VARCHAR NOT NULL,
    offences INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, strand, gss_code, month)
);
CREATE TABLE IF NOT EXISTS monthly_outcomes (
    dataset_id INTEGER NOT NULL,
    month DATE NOT NULL,
    gss_code VARCHAR NOT NULL,
    strand VARCHAR NOT NULL,
    positive_outcomes INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, strand, gss_code, month)
);
CREATE TABLE IF NOT EXISTS published_categories (
    dataset_id INTEGER NOT NULL,
    category VARCHAR NOT NULL,
    strand VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS published_releases (
    dataset_id INTEGER PRIMARY KEY,
    release_format VARCHAR NOT NULL CHECK (release_format IN ('wide', 'long')),
    refresh_date DATE
);
CREATE TABLE IF NOT EXISTS series_sources (
    dataset_id INTEGER NOT NULL,
    strand VARCHAR NOT NULL,
    month DATE NOT NULL,
    source_dataset_id INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, strand, month)
);
CREATE TABLE IF NOT EXISTS release_revisions (
    dataset_id INTEGER PRIMARY KEY,
    compared_with VARCHAR NOT NULL,
    figures_compared INTEGER NOT NULL,
    figures_changed INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS revisions (
    dataset_id INTEGER NOT NULL,
    month DATE NOT NULL,
    gss_code VARCHAR NOT NULL,
    strand VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    previous_offences INTEGER NOT NULL,
    offences INTEGER NOT NULL,
    previous_dataset VARCHAR NOT NULL
);
-- area: a borough's GSS code, or 'london' for the 32 Met boroughs together. Every month
-- from the dataset's first to its last, zeros included; expected and bounds are NULL
-- where the month has too little history, and no_verdict_reason says why;
-- no_trend_reason says why a month's model has no trend when the test never ran.
CREATE TABLE IF NOT EXISTS expected_counts (
    dataset_id INTEGER NOT NULL,
    month DATE NOT NULL,
    area VARCHAR NOT NULL,
    strand VARCHAR NOT NULL,
    offences INTEGER NOT NULL,
    expected DOUBLE,
    lower_bound INTEGER,
    upper_bound INTEGER,
    exceedance DOUBLE,
    is_above BOOLEAN NOT NULL,
    dispersion DOUBLE,
    with_trend BOOLEAN,
    years_of_history INTEGER,
    no_verdict_reason VARCHAR,
    no_trend_reason VARCHAR,
    PRIMARY KEY (dataset_id, strand, area, month)
);
CREATE TABLE IF NOT EXISTS daily_counts (
    dataset_id INTEGER NOT NULL,
    day DATE NOT NULL,
    gss_code VARCHAR NOT NULL,
    strand VARCHAR NOT NULL,
    offences INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS monthly_offence_profiles (
    dataset_id INTEGER NOT NULL,
    month DATE NOT NULL,
    gss_code VARCHAR NOT NULL,
    is_race BOOLEAN NOT NULL,
    is_religion BOOLEAN NOT NULL,
    is_antisemitic BOOLEAN NOT NULL,
    is_islamophobic BOOLEAN NOT NULL,
    is_sexual_orientation BOOLEAN NOT NULL,
    is_transgender BOOLEAN NOT NULL,
    is_disability BOOLEAN NOT NULL,
    offence_type VARCHAR NOT NULL,
    outcome VARCHAR,
    offences INTEGER NOT NULL
);
-- Partner and third-party reports (loaders/partner_reports.py): what partners count, never
-- police-recorded crime, so in tables of their own that no police query reads. A file's
-- rows are replaced whole when it is loaded again. count is NULL where the partner
-- suppressed it. area_code: a borough's GSS code, 'london', 'uk' or a region's name.
CREATE SEQUENCE IF NOT EXISTS partner_file_ids START 1;
CREATE TABLE IF NOT EXISTS partner_files (
    file_id INTEGER PRIMARY KEY DEFAULT nextval('partner_file_ids'),
    name VARCHAR NOT NULL UNIQUE,
    location VARCHAR NOT NULL,
    checksum_sha256 VARCHAR,
    licence VARCHAR NOT NULL,
    is_synthetic BOOLEAN NOT NULL,
    is_restricted BOOLEAN NOT NULL,
    rows_read BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    notes VARCHAR
);
CREATE TABLE IF NOT EXISTS partner_reports (
    file_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    series VARCHAR NOT NULL,
    measure VARCHAR NOT NULL CHECK (measure IN ('reports_received', 'incidents_verified', 'cases_opened',
                                                'helpline_contacts', 'referrals')),
    period_start DATE NOT NULL,
    period_end DATE NOT NULL CHECK (period_end >= period_start),
    months INTEGER NOT NULL CHECK (months >= 1),
    area_type VARCHAR NOT NULL CHECK (area_type IN ('borough', 'london', 'region', 'uk')),
    area_code VARCHAR NOT NULL,
    area_name VARCHAR NOT NULL,
    strand VARCHAR NOT NULL,
    strand_written VARCHAR NOT NULL,
    category VARCHAR NOT NULL DEFAULT '',
    setting VARCHAR NOT NULL CHECK (setting IN ('online', 'offline', 'unknown')),
    count INTEGER CHECK (count >= 0),
    includes_police_reports VARCHAR NOT NULL CHECK (includes_police_reports IN ('yes', 'no', 'partly', 'unknown')),
    coverage_note VARCHAR NOT NULL DEFAULT '',
    definition_url VARCHAR NOT NULL DEFAULT '',
    published DATE NOT NULL
);
-- Groups a partnership compares its borough with (loaders/comparison_groups.py), beside
-- inner and outer London, which come from boroughs.london_group.
CREATE TABLE IF NOT EXISTS comparison_groups (
    slug VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    gss_code VARCHAR NOT NULL,
    PRIMARY KEY (slug, gss_code)
);
CREATE TABLE IF NOT EXISTS boundary_sets (
    name VARCHAR PRIMARY KEY,
    code_column VARCHAR NOT NULL,
    name_column VARCHAR,
    source VARCHAR NOT NULL,
    source_crs VARCHAR NOT NULL,
    checksum_sha256 VARCHAR NOT NULL,
    features INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS boundary_features (
    set_name VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR,
    gss_code VARCHAR NOT NULL,
    geometry_geojson VARCHAR NOT NULL,
    PRIMARY KEY (set_name, code)
);
"""

# Columns added after stores were first built: a store made by an older version gets
# them the next time a loader opens it for writing (the app itself only reads).
ADDED_COLUMNS = """
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS easting DOUBLE;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS northing DOUBLE;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS hex_cell VARCHAR;
ALTER TABLE expected_counts ADD COLUMN IF NOT EXISTS no_trend_reason VARCHAR;
"""


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table and fill the reference tables, if they are not there yet."""
    con.execute(DDL)
    con.execute(ADDED_COLUMNS)
    if con.execute("SELECT count(*) FROM store_info").fetchone()[0] == 0:
        con.execute("INSERT INTO store_info VALUES (?)", [SCHEMA_VERSION])
    if con.execute("SELECT count(*) FROM boroughs").fetchone()[0] == 0:
        _insert_boroughs(con)
    if con.execute("SELECT count(*) FROM events").fetchone()[0] == 0:
        _insert_reference_events(con)
    if not con.execute("SELECT count(*) FROM comparison_groups").fetchone()[0]:
        # Imported here: the groups' reader checks codes against this module's boroughs file.
        from loaders.comparison_groups import read_comparison_groups, replace_comparison_groups

        replace_comparison_groups(con, read_comparison_groups())
    backfill_offence_profiles(con)


def _insert_boroughs(con):
    with open(BOROUGHS_CSV, newline="", encoding="utf-8") as f:
        rows = [
            (r["gss_code"], r["name"], r["slug"], r["london_group"],
             r["policed_by_met"] == "true", int(r["population_mid2021"]), POPULATION_SOURCE)
            for r in csv.DictReader(f)
        ]
    con.executemany("INSERT INTO boroughs VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def _insert_reference_events(con):
    with open(EVENTS_CSV, newline="", encoding="utf-8") as f:
        rows = [
            (r["start_date"], r["end_date"] or None, r["label"],
             r["strands"].split(";") if r["strands"] else None)
            for r in csv.DictReader(f)
        ]
    con.executemany(
        "INSERT INTO events (start_date, end_date, label, strands) VALUES (?, ?, ?, ?)", rows)
