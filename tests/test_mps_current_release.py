"""The Met's current release (M1045_MonthlyCrimeDashboard_OtherCrimeData, CSV and XLSX):
every subgroup mapped, one series with the older borough file, revisions, positive
outcomes, and the CONNECT break. Every figure below is counted by hand from the rows here."""

import csv
import datetime as dt

import duckdb
import pandas as pd
import pytest

from figures.trend import trend_figure
from tests.drawn_numbers import drawn
from loaders.outcome_types import positive_outcome_keys
from queries.connect_break import (CONNECT_BREAK_LABEL, STRADDLES_SENTENCE, comparison_caveat, spans_connect_break,
                                   straddles_connect_break)
from queries.borough_summary import borough_period_summary
from queries.datasets import dataset_strands, default_dataset_id, loaded_datasets
from queries.periods import Period
from queries.positive_outcomes import borough_positive_outcomes, positive_outcomes_by_strand
from queries.revisions import largest_revisions, release_revisions
from queries.series_sources import series_sources, source_months_label, strands_in_part_of_series
from queries.strand_availability import LGBT_FROM_PUBLISHED, why_strand_unavailable
from queries.strand_summary import strand_period_comparison
from queries.time_series import monthly_offences
from loaders.other_crime_groups import is_other_crime_group
from tests.load_fixtures import (INCIDENT_HEADER, INCIDENT_ROWS, REAL_CURRENT_RELEASE_FILE, REAL_MPS_FILE, current_row,
                                 monthly, run_cli, write_current_xlsx, write_incidents, write_long, write_wide)

CAMDEN, HACKNEY = "E09000007", "E09000012"
FEB, MAR, APR = "01.02.24", "01.03.24", "01.04.24"
SUBGROUPS = ["Hate Crime", "Racist Crime", "Racist and Religious Crime", "Faith Crime", "Antisemitic",
             "Islamophobic Crime", "Homophobic Crime", "Transphobic Crime", "Disability Crime"]
STRAND_OF = dict(zip(SUBGROUPS, ["all", "race", "race_religion", "religion", "antisemitic", "islamophobic",
                                 "sexual_orientation", "transgender", "disability"]))
# Offences per subgroup, in SUBGROUPS order.
OFFENCES = {
    (FEB, "Camden", CAMDEN): [20, 12, 15, 4, 2, 1, 3, 1, 1],
    (MAR, "Camden", CAMDEN): [30, 18, 22, 5, 3, 2, 4, 2, 2],
    (FEB, "Hackney", HACKNEY): [10, 6, 8, 3, 2, 1, 1, 0, 1],
    (MAR, "Hackney", HACKNEY): [16, 9, 12, 4, 3, 1, 2, 1, 1],
}
# Positive outcomes published for the distinct total and race.
OUTCOMES = {(FEB, CAMDEN): (4, 3), (MAR, CAMDEN): (6, 4), (FEB, HACKNEY): (1, 1), (MAR, HACKNEY): (2, 1)}

NOT_BOROUGHS = [
    current_row(MAR, "Camden Town SNT", "", "Hate Crime", "Offences", 7, area_type="SNT"),
    current_row(MAR, "Aviation Security (SO18)", "", "Hate Crime", "Offences", 5),
    current_row(MAR, "Unknown", "", "Hate Crime", "Offences", 2),
    current_row(MAR, "Non Met Police Force", "", "Hate Crime", "Offences", 1),
    current_row(FEB, "Other / NK", "", "Racist Crime", "Offences", 1),
    current_row(FEB, "N/K (Legacy Only)", "", "Hate Crime", "Offences", 1),
    current_row(MAR, "Camden", CAMDEN, "Violence with Injury", "Offences", 40, group="Violence Against the Person"),
]


def release_rows(offences=OFFENCES, *, refresh="05.02.25", names=SUBGROUPS, outcome_measure="Positive Outcomes"):
    rows = []
    for (month, borough, code), counts in offences.items():
        rows += [current_row(month, borough, code, name, "Offences", count, refresh=refresh)
                 for name, count in zip(names, counts)]
        if (month, code) in OUTCOMES:
            total, race = OUTCOMES[(month, code)]
            rows += [current_row(month, borough, code, names[0], outcome_measure, total, refresh=refresh),
                     current_row(month, borough, code, names[1], outcome_measure, race, refresh=refresh)]
    return rows


EXPECTED = {(f"2024-0{2 if month == FEB else 3}", code, STRAND_OF[name]): count
            for (month, _, code), counts in OFFENCES.items() for name, count in zip(SUBGROUPS, counts)}
CURRENT = "MPS crime dashboard hate crime (current.csv)"


def load(store, path, *extra):
    assert run_cli(store, "load-mps-long", str(path), *extra) == 0


def dataset_id(store, name):
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute("SELECT dataset_id FROM datasets WHERE name = ?", [name]).fetchall()[0][0]
    finally:
        con.close()


@pytest.fixture
def current_store(tmp_path):
    store = tmp_path / "store.duckdb"
    load(store, write_long(tmp_path / "current.csv", release_rows() + NOT_BOROUGHS))
    return store


def read(store):
    con = duckdb.connect(str(store), read_only=True)
    return con, con.cursor()


def test_every_current_hate_crime_subgroup_loads_into_its_strand(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    load(store, write_long(tmp_path / "current.csv", release_rows() + NOT_BOROUGHS))
    assert monthly(store, dataset_name=CURRENT) == EXPECTED
    printed = capsys.readouterr().out
    assert "Hate Crime / Hate Crime -> all" in printed and "Hate Crime / Racist Crime -> race" in printed
    assert ("1 row in categories the mapping does not cover: 'Violence Against the Person / Violence with "
            "Injury' (1 row, 40 offences)") in printed


OTHER_GROUPS = [
    current_row(MAR, "Camden", CAMDEN, "Knife Crime With Injury", "Offences", 12, group="Knife Crime"),
    current_row(MAR, "Camden", CAMDEN, "Gun Crime", "Offences", 3, group="Gun Crime"),
    current_row(MAR, "Hackney", HACKNEY, "Domestic Abuse", "Offences", 90, group="Domestic Abuse"),
    current_row(MAR, "Hackney", HACKNEY, "Misogyny Hate Crime", "Offences", 4),
]


def test_other_crime_groups_are_left_out_as_not_hate_crime_and_only_unknown_ones_ask_for_a_mapping_line(
        tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    load(store, write_long(tmp_path / "current.csv", release_rows() + OTHER_GROUPS))
    assert monthly(store, dataset_name=CURRENT) == EXPECTED
    printed = capsys.readouterr().out
    assert ("Left out: 3 rows of the Met's other crime groups ('Domestic Abuse / Domestic Abuse' (1 row), "
            "'Gun Crime / Gun Crime' (1 row), 'Knife Crime / Knife Crime With Injury' (1 row)), which are not "
            "hate crime.") in printed
    assert ("Left out: 1 row in categories the mapping does not cover: 'Hate Crime / Misogyny Hate Crime' "
            "(1 row, 4 offences). If any of these is hate crime, add a line") in printed


def test_a_line_of_the_users_mapping_still_decides_for_a_group_the_loader_knows(tmp_path, capsys):
    mapping = tmp_path / "mine.csv"
    mapping.write_text("offence_group,offence_subgroup,strand\nHate Crime,Misogyny Hate Crime,\n")
    store = tmp_path / "store.duckdb"
    load(store, write_long(tmp_path / "current.csv", release_rows() + OTHER_GROUPS), "--mapping", str(mapping))
    printed = capsys.readouterr().out
    assert "1 row in categories the mapping marks as not hate crime: 'Hate Crime / Misogyny Hate Crime'" in printed
    assert "the mapping does not cover" not in printed


def test_the_other_crime_groups_are_the_older_files_special_and_domestic_abuse_names_and_no_hate_crime():
    # One list for both loaders (loaders/other_crime_groups.py).
    assert all(is_other_crime_group(name) for name in ("Knife Crime", "knife crime with injury", "Gun Crime",
                                                        "Homicide", "Domestic Abuse VWI", "TNO Victim Based"))
    assert not any(is_other_crime_group(name) for name in ("Hate Crime", "Misogyny Hate Crime", "Racist Crime"))


def test_the_real_current_release_lists_its_other_crime_groups_as_not_hate_crime(tmp_path, capsys):
    if not REAL_CURRENT_RELEASE_FILE.exists():
        pytest.skip(f"the Met's current release is not at {REAL_CURRENT_RELEASE_FILE} (../shared/data/mps from "
                    "the project root)")
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-long", str(REAL_CURRENT_RELEASE_FILE)) == 0
    printed = capsys.readouterr().out
    unknown = next((line for line in printed.splitlines() if "the mapping does not cover" in line), "")
    assert not any(group in unknown for group in ("Knife Crime", "Gun Crime", "Domestic Abuse"))
    assert "of the Met's other crime groups (" in printed and "which are not hate crime." in printed


def test_snt_rows_are_not_counted_again_and_non_borough_areas_are_reported(current_store, capsys):
    con, cursor = read(current_store)
    summary = strand_period_comparison(cursor, dataset_id=dataset_id(current_store, CURRENT),
                                       current=Period(dt.date(2024, 3, 1), dt.date(2024, 3, 1)),
                                       previous=Period(dt.date(2024, 2, 1), dt.date(2024, 2, 1)), strands=["all"])
    con.close()
    assert summary.offences.tolist() == [46] and summary.previous_offences.tolist() == [30]
    notes = pd.Series(loaded_datasets(duckdb.connect(str(current_store), read_only=True)).notes).iloc[0]
    assert ("Left out: 4 rows for areas that are not boroughs ('N/K (Legacy Only)' (1 row), 'Non Met Police "
            "Force' (1 row), 'Other / NK' (1 row), 'Unknown' (1 row)): offences the Met could not place in a "
            "borough or recorded for another force, kept out of borough views and London totals. Offences left "
            "out by category: Hate Crime 4; Racist Crime 1 (categories overlap, so these are not added "
            "together).") in notes
    assert "Left out: 1 row for Aviation Security(SO18)" in notes and "Hate Crime 5" in notes
    assert "Left out: 1 row for areas other than boroughs (Area Type 'SNT' (1 row))" in notes


def test_xlsx_release_loads_the_same_figures_as_its_csv(tmp_path):
    store = tmp_path / "store.duckdb"
    load(store, write_current_xlsx(tmp_path / "current.xlsx", release_rows() + NOT_BOROUGHS))
    assert monthly(store, dataset_name="MPS crime dashboard hate crime (current.xlsx)") == EXPECTED
    con = duckdb.connect(str(store), read_only=True)
    outcomes = con.execute("SELECT sum(positive_outcomes) FROM monthly_outcomes WHERE strand = 'all'").fetchall()
    refresh = con.execute("SELECT refresh_date FROM published_releases").fetchall()
    con.close()
    assert outcomes == [(13,)] and refresh == [(dt.date(2025, 2, 5),)]


def test_xlsx_problems_name_the_worksheet_row(tmp_path, capsys):
    rows = [current_row(FEB, "Camden", CAMDEN, "Hate Crime", "Offences", 3),
            current_row(FEB, "Hackney", HACKNEY, "Hate Crime", "Offences", 0)]
    path = write_current_xlsx(tmp_path / "bad.xlsx", rows)
    import openpyxl
    workbook = openpyxl.load_workbook(path)
    workbook.active["K4"] = -2  # the second data row: title on row 1, header on row 2
    workbook.save(path)
    assert run_cli(tmp_path / "store.duckdb", "load-mps-long", str(path)) == 2
    assert ("bad.xlsx (sheet 'OtherCrimeData'), row 4, column 'Count': a count cannot be negative. (value: '-2')"
            in capsys.readouterr().err)
    assert not (tmp_path / "store.duckdb").exists()


def test_older_subgroup_names_and_spellings_load_into_the_same_strands(tmp_path):
    older = ["HATE CRIME", "racist crime", "Racist & Religious Crime", "Faith  Crime", "Anti-Semitic",
             "Islamophobic Crime", "Homophobic Crime", "Transgender Crime", "Disability Crime"]
    store = tmp_path / "store.duckdb"
    load(store, write_long(tmp_path / "current.csv", release_rows(names=older, outcome_measure="Outcomes")))
    assert monthly(store, dataset_name=CURRENT) == EXPECTED
    con, cursor = read(store)
    outcomes = positive_outcomes_by_strand(cursor, dataset_id=1, period=Period(dt.date(2024, 2, 1),
                                                                              dt.date(2024, 3, 1)), strands=["all"])
    con.close()
    assert outcomes.positive_outcomes.tolist() == [13]


def test_published_total_and_race_reach_the_pages_queries(current_store):
    con, cursor = read(current_store)
    current, previous = Period(dt.date(2024, 3, 1), dt.date(2024, 3, 1)), Period(dt.date(2024, 2, 1),
                                                                                 dt.date(2024, 2, 1))
    ident = dataset_id(current_store, CURRENT)
    summary = strand_period_comparison(cursor, dataset_id=ident, current=current, previous=previous,
                                       strands=["all", "race", "race_religion", "sexual_orientation", "transgender"])
    boroughs = borough_period_summary(cursor, dataset_id=ident, period=current, strand="all").set_index("name")
    series = monthly_offences(cursor, dataset_id=ident, period=Period(dt.date(2024, 2, 1), dt.date(2024, 3, 1)),
                              strands=["all", "race"])
    strands = dataset_strands(cursor, dataset_id=ident)
    con.close()
    assert summary.offences.tolist() == [46, 27, 34, 6, 3]
    assert summary.previous_offences.tolist() == [30, 18, 23, 4, 1]
    assert summary.change_pct.tolist() == [53.3, 50.0, 47.8, 50.0, 200.0]
    assert boroughs.loc["Camden", ["offences", "previous_offences", "change_pct"]].tolist() == [30, 20, 50.0]
    assert boroughs.loc["Sutton", "offences"] == 0 and len(boroughs) == 32
    assert series.offences.tolist() == [30, 46, 18, 27]
    assert sorted(strands) == sorted(STRAND_OF.values())


def test_lgbt_view_is_unavailable_for_published_data_and_says_why(current_store):
    con, cursor = read(current_store)
    strands = dataset_strands(cursor, dataset_id=dataset_id(current_store, CURRENT))
    con.close()
    assert "lgbt" not in strands
    assert why_strand_unavailable("lgbt", kind="published", strands=strands) == LGBT_FROM_PUBLISHED
    assert why_strand_unavailable("all", kind="published", strands=strands) is None


def test_positive_outcome_rate_is_outcomes_over_offences_in_the_same_period(current_store):
    con, cursor = read(current_store)
    ident = dataset_id(current_store, CURRENT)
    period = Period(dt.date(2024, 2, 1), dt.date(2024, 3, 1))
    london = positive_outcomes_by_strand(cursor, dataset_id=ident, period=period, strands=["all", "race", "religion"])
    camden = positive_outcomes_by_strand(cursor, dataset_id=ident, period=period, strands=["all"], gss_codes=[CAMDEN])
    boroughs = borough_positive_outcomes(cursor, dataset_id=ident, period=period, strand="all").set_index("name")
    con.close()
    assert london.offences.tolist() == [76, 45, 0]
    assert london.positive_outcomes.tolist() == [13, 9, 0]
    assert london.positive_outcome_rate_pct.tolist()[:2] == [17.1, 20.0]
    assert pd.isna(london.positive_outcome_rate_pct.iloc[2])  # no outcomes published for faith: no rate, not 0
    assert london.months_with_outcomes.tolist() == [2, 2, 0]
    assert camden[["offences", "positive_outcomes", "positive_outcome_rate_pct"]].values.tolist() == [[50, 10, 20.0]]
    assert boroughs.loc["Hackney", ["offences", "positive_outcomes", "positive_outcome_rate_pct"]].tolist() == [
        26, 3, 11.5]
    assert pd.isna(boroughs.loc["Sutton", "positive_outcome_rate_pct"])


def test_incident_outcomes_count_the_reference_files_positive_types(tmp_path):
    outcomes = {"A1": "Community Resolution", "A2": "Charged", "A3": "NFA - evidential difficulties",
                "A4": "Outcome 8"}
    rows = [row[:-1] + [outcomes[row[0]]] for row in INCIDENT_ROWS]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(write_incidents(tmp_path / "extract.csv", rows))) == 0
    con, cursor = read(store)
    result = positive_outcomes_by_strand(cursor, dataset_id=1, period=Period(dt.date(2024, 6, 1), dt.date(2024, 7, 1)),
                                         strands=["all", "race", "lgbt", "disability"])
    con.close()
    assert result.offences.tolist() == [4, 2, 1, 1]
    assert result.positive_outcomes.tolist() == [3, 2, 0, 1]
    assert result.positive_outcome_rate_pct.tolist() == [75.0, 100.0, 0.0, 100.0]


def test_which_outcomes_are_positive_is_the_users_to_change(tmp_path):
    mine = tmp_path / "outcome_types.csv"
    mine.write_text("outcome_type,name,positive,also_written\n1,Charge/summons,yes,Charged\n"
                    "8,Community resolution,no,\n")
    keys = positive_outcome_keys(mine)
    assert "charged" in keys and "outcome1" in keys and "communityresolution" not in keys
    shipped = positive_outcome_keys()
    assert {"communityresolution", "charged", "pnd", "outcome8"} <= set(shipped)
    assert "offenderhasdied" not in shipped and "5" not in shipped


def test_wide_history_and_current_release_join_into_one_series(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv"))) == 0
    load(store, write_long(tmp_path / "current.csv", release_rows()))
    printed = capsys.readouterr().out
    assert "Rebuilt 'MPS published hate crime, releases combined'" in printed
    con, cursor = read(store)
    datasets = loaded_datasets(cursor)
    combined = int(datasets[datasets.name == "MPS published hate crime, releases combined"].dataset_id.iloc[0])
    assert default_dataset_id(datasets) == combined
    sources = series_sources(cursor, dataset_id=combined)
    series = monthly_offences(cursor, dataset_id=combined, period=Period(dt.date(2021, 1, 1), dt.date(2024, 3, 1)),
                              strands=["race_religion", "all"]).set_index(["strand", "month"]).offences
    partial = strands_in_part_of_series(cursor, dataset_id=combined)
    rate = positive_outcomes_by_strand(cursor, dataset_id=combined, period=Period(dt.date(2021, 1, 1),
                                                                                 dt.date(2024, 3, 1)), strands=["all"])
    con.close()
    assert source_months_label(sources) == ("Jan 2021 to Mar 2021 from MPS published hate crime (wide.csv); "
                                            "Feb 2024 to Mar 2024 from " + CURRENT + ".")
    assert series[("race_religion", pd.Timestamp("2021-01-01"))] == 70
    assert series[("race_religion", pd.Timestamp("2024-03-01"))] == 34
    assert pd.isna(series[("race_religion", pd.Timestamp("2022-06-01"))])  # no release covers it: empty, not 0
    assert pd.isna(series[("all", pd.Timestamp("2021-01-01"))])
    assert series[("all", pd.Timestamp("2024-02-01"))] == 30
    assert sorted(partial.strand) == sorted(["all", "race", "religion", "antisemitic", "sexual_orientation",
                                             "transgender", "disability"])
    assert rate[["offences", "positive_outcomes", "months_with_outcomes"]].values.tolist() == [[76, 13, 2]]
    assert "figures before and after March 2024 are not directly comparable" in datasets[
        datasets.dataset_id == combined].notes.iloc[0]


REVISED = {key: list(counts) for key, counts in OFFENCES.items() if key[0] == MAR}
REVISED[(MAR, "Camden", CAMDEN)][0] = 33   # distinct total revised up
REVISED[(MAR, "Hackney", HACKNEY)][1] = 7  # race revised down
REVISED[(APR, "Camden", CAMDEN)] = [25, 15, 19, 4, 2, 2, 3, 1, 1]


def test_a_newer_release_revises_the_months_it_shares_and_says_which_changed(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    load(store, write_long(tmp_path / "a.csv", release_rows(refresh="05.04.24")))
    load(store, write_long(tmp_path / "b.csv", release_rows(REVISED, refresh="05.05.24")))
    printed = capsys.readouterr().out
    assert "  Revisions: 2 of the 18 published figures (borough, month and category) this release shares with " \
           "'MPS crime dashboard hate crime (a.csv) (loaded " in printed
    assert ("  Largest revisions: Camden, March 2024, Hate Crime / Hate Crime: 30 -> 33; "
            "Hackney, March 2024, Hate Crime / Racist Crime: 9 -> 7.") in printed
    con, cursor = read(store)
    b = dataset_id(store, "MPS crime dashboard hate crime (b.csv)")
    summary = release_revisions(cursor)
    largest = largest_revisions(cursor, dataset_id=b)
    combined = int(loaded_datasets(cursor).dataset_id.iloc[0])
    london = monthly_offences(cursor, dataset_id=combined, period=Period(dt.date(2024, 2, 1), dt.date(2024, 4, 1)),
                              strands=["all"]).offences.tolist()
    con.close()
    assert summary[["dataset_id", "figures_compared", "figures_changed"]].values.tolist() == [[b, 18, 2]]
    assert largest[["borough", "category", "previous_offences", "offences", "change"]].values.tolist() == [
        ["Camden", "Hate Crime / Hate Crime", 30, 33, 3], ["Hackney", "Hate Crime / Racist Crime", 9, 7, -2]]
    assert london == [30, 49, 25]


def test_a_release_replacing_its_predecessor_of_the_same_name_still_reports_revisions(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    load(store, write_long(tmp_path / "old" / "M1045.csv", release_rows(refresh="05.04.24")))
    load(store, write_long(tmp_path / "new" / "M1045.csv", release_rows(REVISED, refresh="05.05.24")))
    printed = capsys.readouterr().out
    assert "Replaces the dataset 'MPS crime dashboard hate crime (M1045.csv)' loaded earlier." in printed
    assert "  Revisions: 2 of the 18 published figures" in printed


def test_an_older_release_loaded_later_does_not_overwrite_newer_figures(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    load(store, write_long(tmp_path / "b.csv", release_rows(REVISED, refresh="05.05.24")))
    load(store, write_long(tmp_path / "a.csv", release_rows(refresh="05.04.24")))
    assert "Revisions:" not in capsys.readouterr().out
    con, cursor = read(store)
    combined = int(loaded_datasets(cursor).dataset_id.iloc[0])
    london = monthly_offences(cursor, dataset_id=combined, period=Period(dt.date(2024, 2, 1), dt.date(2024, 4, 1)),
                              strands=["all"]).offences.tolist()
    con.close()
    assert london == [30, 49, 25]


def test_removing_a_release_rebuilds_the_series_without_it(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    load(store, write_long(tmp_path / "a.csv", release_rows(refresh="05.04.24")))
    load(store, write_long(tmp_path / "b.csv", release_rows(REVISED, refresh="05.05.24")))
    assert run_cli(store, "remove", "MPS crime dashboard hate crime (b.csv)") == 0
    con, cursor = read(store)
    names = loaded_datasets(cursor).name.tolist()
    con.close()
    assert names == ["MPS crime dashboard hate crime (a.csv)"]  # one release left: nothing to combine


def test_connect_break_spans_and_straddles():
    jan_to_jun = Period(dt.date(2024, 1, 1), dt.date(2024, 6, 1))
    assert spans_connect_break(jan_to_jun)
    assert not spans_connect_break(Period(dt.date(2024, 3, 1), dt.date(2024, 6, 1)))
    assert not spans_connect_break(Period(dt.date(2023, 3, 1), dt.date(2024, 2, 1)))
    after, before = Period(dt.date(2024, 3, 1), dt.date(2025, 2, 1)), Period(dt.date(2023, 3, 1), dt.date(2024, 2, 1))
    assert straddles_connect_break(after, before) and comparison_caveat(after, before) == STRADDLES_SENTENCE
    assert not straddles_connect_break(Period(dt.date(2025, 3, 1), dt.date(2026, 2, 1)), after)
    assert comparison_caveat(Period(dt.date(2025, 3, 1), dt.date(2026, 2, 1)), after) is None


def test_trend_across_march_2024_marks_the_connect_break_and_one_after_it_does_not():
    def figure(start):
        months = pd.date_range(start, periods=4, freq="MS")
        series = pd.DataFrame({"month": months, "strand": "race", "area": "london", "offences": [5, 6, 7, 8]})
        return drawn(trend_figure(series, time_column="month", title="t", subtitle=("s",), source="Source: x"))

    across = figure("2024-01-01")
    assert [shape.name for shape in across.layout.shapes] == ["connect_break"]
    assert [a.text for a in across.layout.annotations if a.name == "connect_break"] == [CONNECT_BREAK_LABEL]
    assert pd.Timestamp(across.layout.shapes[0].x0) == pd.Timestamp("2024-02-28")
    assert not figure("2024-03-01").layout.shapes


def test_real_wide_file_and_a_current_release_load_into_one_series(tmp_path):
    if not REAL_MPS_FILE.exists():
        pytest.skip(f"the real MPS borough file is not at {REAL_MPS_FILE} (../shared/data/mps from the project root)")
    with open(REAL_MPS_FILE, newline="", encoding="utf-8-sig") as f:
        may_2021 = sum(int(row["202105"]) for row in csv.DictReader(f)
                       if row["MajorText"] == "Hate" and row["MinorText"] == "Racist and Religious Hate Crime"
                       and not row["Borough"].startswith("Aviation"))
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-wide", str(REAL_MPS_FILE)) == 0
    load(store, write_long(tmp_path / "current.csv", release_rows()))
    con, cursor = read(store)
    combined = int(loaded_datasets(cursor).dataset_id.iloc[0])
    series = monthly_offences(cursor, dataset_id=combined, period=Period(dt.date(2021, 5, 1), dt.date(2024, 3, 1)),
                              strands=["race_religion"]).set_index("month").offences
    label = source_months_label(series_sources(cursor, dataset_id=combined))
    con.close()
    assert series[pd.Timestamp("2021-05-01")] == may_2021
    assert series[pd.Timestamp("2024-03-01")] == 34
    assert label == ("Apr 2010 to May 2021 from MPS published hate crime (Monthly Crime Other Crime Borough Level "
                     "Off Type.csv); Feb 2024 to Mar 2024 from " + CURRENT + ".")
