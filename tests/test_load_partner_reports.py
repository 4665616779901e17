"""Loading partner and third-party reports: every column checked, problems named by file,
line, column and value, the store unchanged by a bad file, a file loaded again replacing
its rows, and a series whose periods overlap refused."""

import duckdb
import pytest

from loaders.partner_reports import prepare_partner_reports
from loaders.partner_strands import load_strand_mapping
from loaders.problems import LoadRefused
from loaders.read_text import fetch
from tests.load_fixtures import run_cli, store_state
from tests.partner_fixtures import CST, GOOD_ROWS, HEADER, row, write_partner_csv, write_partner_xlsx


def reports(store, sql="SELECT source, series, measure, strftime(period_start, '%Y-%m-%d'), months, area_type, "
                       "area_code, strand, category, setting, count FROM partner_reports ORDER BY ALL"):
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def refused(path, **options) -> list[str]:
    with pytest.raises(LoadRefused) as caught:
        prepare_partner_reports(fetch(str(path)), **options)
    return [problem.describe() for problem in caught.value.problems]


def test_every_period_length_and_area_kind_loads_as_written(tmp_path):
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-partner-reports", str(write_partner_csv(tmp_path / "partners.csv"))) == 0
    rows = reports(store)
    assert len(rows) == len(GOOD_ROWS)
    months = {(source, area, start): length for source, _, _, start, length, _, area, *_ in rows}
    assert months[("CST", "uk", "2024-02-01")] == 1
    assert months[("Camden Council", "E09000007", "2024-04-01")] == 3
    assert months[("CST", "london", "2023-07-01")] == 6
    assert months[("Tell MAMA", "london", "2022-01-01")] == 12
    assert {row[5] for row in rows} == {"uk", "london", "borough"}


def test_names_codes_and_spellings_of_areas_and_strands_are_matched(tmp_path):
    store = tmp_path / "store.duckdb"
    run_cli(store, "load-partner-reports", str(write_partner_csv(tmp_path / "partners.csv")))
    rows = reports(store, "SELECT area_code, area_name, strand, strand_written FROM partner_reports")
    assert ("E09000003", "Barnet", "antisemitic", "antisemitic") in rows  # written as its GSS code
    assert ("london", "London", "antisemitic", "antisemitic") in rows     # written 'Greater London'
    assert ("london", "London", "islamophobic", "anti-Muslim") in rows
    assert ("E09000007", "Camden", "lgbt", "LGBT+") in rows                # written 'camden'


def test_a_suppressed_count_is_kept_as_missing_never_zero(tmp_path):
    store = tmp_path / "store.duckdb"
    run_cli(store, "load-partner-reports", str(write_partner_csv(tmp_path / "partners.csv")))
    rows = reports(store, "SELECT strftime(period_start, '%Y-%m'), count FROM partner_reports "
                          "WHERE area_code = 'E09000003' ORDER BY 1")
    assert rows == [("2023-01", 40), ("2023-07", None)]


def test_a_series_break_keeps_two_series_and_police_overlap_is_kept_per_row(tmp_path):
    store = tmp_path / "store.duckdb"
    run_cli(store, "load-partner-reports", str(write_partner_csv(tmp_path / "partners.csv")))
    rows = reports(store, "SELECT DISTINCT source, series, includes_police_reports FROM partner_reports ORDER BY ALL")
    assert rows == [("British Muslim Trust", "Anti-Muslim monitor", "unknown"),
                    ("CST", "Antisemitic incidents (CST method)", "yes"),
                    ("Camden Council", "Hate incident log", "partly"),
                    ("Tell MAMA", "Anti-Muslim reports 2019-2024", "partly")]


def test_a_workbook_loads_the_same_rows_as_its_csv(tmp_path):
    from_csv, from_xlsx = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    assert run_cli(from_csv, "load-partner-reports", str(write_partner_csv(tmp_path / "p.csv"))) == 0
    assert run_cli(from_xlsx, "load-partner-reports", str(write_partner_xlsx(tmp_path / "p.xlsx"))) == 0
    assert reports(from_csv) == reports(from_xlsx)


def test_loading_the_same_file_again_replaces_its_rows(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    path = write_partner_csv(tmp_path / "partners.csv")
    run_cli(store, "load-partner-reports", str(path))
    changed = [list(values) for values in GOOD_ROWS]
    changed[0][9] = "151"
    write_partner_csv(path, changed[:5])
    assert run_cli(store, "load-partner-reports", str(path)) == 0
    assert "Replaces the partner reports 'partners.csv'" in capsys.readouterr().out
    rows = reports(store)
    assert len(rows) == 5
    assert ("CST", "uk", "2024-01-01", 151) in [(r[0], r[6], r[3], r[10]) for r in rows]
    assert reports(store, "SELECT count(*) FROM partner_files") == [(1,)]


def test_a_series_another_file_holds_for_the_same_periods_is_refused_and_the_store_unchanged(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    run_cli(store, "load-partner-reports", str(write_partner_csv(tmp_path / "first.csv")))
    before = store_state(store)
    again = write_partner_csv(tmp_path / "second.csv", [row(*CST, "2024-01-01", "2024-03-31", "UK", "antisemitic",
                                                             "480")])
    assert run_cli(store, "load-partner-reports", str(again)) == 2
    message = capsys.readouterr().err
    assert "second.csv, line 2, column 'period_start'" in message
    assert "from the file 'first.csv' loaded earlier" in message
    assert store_state(store) == before


def test_a_series_whose_periods_overlap_within_itself_is_refused(tmp_path):
    path = write_partner_csv(tmp_path / "p.csv", [
        row(*CST, "2023-01-01", "2023-06-30", "London", "antisemitic", "300"),
        row(*CST, "2023-06-01", "2023-06-30", "London", "antisemitic", "50"),
        # Another area, another setting: not the same counts, so no overlap.
        row(*CST, "2023-06-01", "2023-06-30", "UK", "antisemitic", "90"),
        row(*CST, "2023-06-01", "2023-06-30", "London", "antisemitic", "20", setting="online"),
    ])
    problems = refused(path)
    assert len(problems) == 1
    assert problems[0].startswith("p.csv, line 3, column 'period_start': in the series "
                                  "'Antisemitic incidents (CST method)' of CST")
    assert "overlaps Jan to Jun 2023 (half-year) on line 2" in problems[0]


BAD_CELLS = [
    # (column, bad value, words the problem says)
    ("source", "", "the source is empty"),
    ("series", "", "the series is empty"),
    ("measure", "crimes", "not police-recorded crimes"),
    ("measure", "reports", "not a measure"),
    ("period_start", "01/01/2024", "not an ISO date"),
    ("period_start", "2024-01-15", "starts on the first day of a month"),
    ("period_end", "2024-01-30", "ends on the last day of a month"),
    ("period_end", "", "the date is empty"),
    ("area", "Camdn", "Closest: Camden"),
    ("area", "Narnia", "matches no London borough"),
    ("area", "E09000099", "not a London borough"),
    ("strand", "astrology", "not in the partner strand mapping"),
    ("strand", "", "the strand is empty"),
    ("setting", "in person", "the setting must be one of online, offline, unknown"),
    ("count", "-3", "cannot be negative"),
    ("count", "<5", "leave it blank where the partner suppressed it"),
    ("count", "12.5", "not a whole number"),
    ("includes_police_reports", "maybe", "include reports the police also hold"),
    ("definition_url", "cst.org.uk", "must start with http"),
    ("published", "last June", "not an ISO date"),
    ("coverage_note", "x" * 501, "the most a cell may hold is 500"),
]


@pytest.mark.parametrize("column, value, words", BAD_CELLS, ids=[f"{c}={v[:12]!r}" for c, v, _ in BAD_CELLS])
def test_every_bad_cell_is_named_by_file_line_column_and_value(tmp_path, column, value, words):
    values = row(*CST, "2024-01-01", "2024-01-31", "UK", "antisemitic", "150")
    values[HEADER.index(column)] = value
    good = row(*CST, "2024-02-01", "2024-02-29", "UK", "antisemitic", "160")
    problems = refused(write_partner_csv(tmp_path / "bad.csv", [good, values]))
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"bad.csv, line 3, column '{column}': ")
    assert words in problems[0]
    if value:
        assert repr(value[:57] + "..." if len(value) > 60 else value) in problems[0]


def test_a_period_that_ends_before_it_starts_is_refused(tmp_path):
    path = write_partner_csv(tmp_path / "p.csv", [row(*CST, "2024-06-01", "2024-01-31", "UK", "antisemitic", "1")])
    assert refused(path) == ["p.csv, line 2, column 'period_end': the period ends before it starts (2024-06-01). "
                             "(value: '2024-01-31')"]


def test_a_missing_column_is_named_with_the_one_that_looks_renamed(tmp_path):
    header = [("count_" if name == "count" else name) for name in HEADER]
    problems = refused(write_partner_csv(tmp_path / "p.csv", GOOD_ROWS[:1], header=header))
    assert problems == ["p.csv, line 1, column 'count': the column 'count' is missing. Is 'count_' it, renamed? "
                        "Rename it back to 'count'."]


def test_the_optional_columns_may_be_left_out(tmp_path):
    header = [name for name in HEADER if name not in ("category", "coverage_note", "definition_url")]
    values = [value for name, value in zip(HEADER, GOOD_ROWS[0]) if name in header]
    prepared = prepare_partner_reports(fetch(str(write_partner_csv(tmp_path / "p.csv", [values], header=header))))
    assert prepared.rows.iloc[0][["category", "coverage_note", "definition_url"]].tolist() == ["", "", ""]


def test_a_bad_file_leaves_the_store_as_it_was_and_says_so(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    run_cli(store, "load-partner-reports", str(write_partner_csv(tmp_path / "good.csv")))
    before = store_state(store)
    bad = [list(values) for values in GOOD_ROWS]
    bad[3][9] = "lots"
    assert run_cli(store, "load-partner-reports", str(write_partner_csv(tmp_path / "good.csv", bad))) == 2
    err = capsys.readouterr().err
    assert "good.csv, line 5, column 'count'" in err and "(value: 'lots')" in err
    assert "Nothing was changed in the store." in err
    assert store_state(store) == before


def test_the_strand_mapping_is_editable_with_a_file_of_ones_own(tmp_path):
    path = write_partner_csv(tmp_path / "p.csv", [row(*CST, "2024-01-01", "2024-01-31", "UK", "Jew-hatred", "150")])
    assert "not in the partner strand mapping" in refused(path)[0]
    (tmp_path / "words.csv").write_text("written,strand\n# CST's word\nJew-hatred,antisemitic\n", encoding="utf-8")
    prepared = prepare_partner_reports(fetch(str(path)), strands=load_strand_mapping(tmp_path / "words.csv"))
    assert prepared.rows.strand.tolist() == ["antisemitic"]


def test_a_strand_mapping_to_something_that_is_not_a_strand_is_refused(tmp_path):
    (tmp_path / "words.csv").write_text("written,strand\nJew-hatred,jewish\n", encoding="utf-8")
    with pytest.raises(LoadRefused) as caught:
        load_strand_mapping(tmp_path / "words.csv")
    assert caught.value.problems[0].describe().startswith("words.csv, line 2, column 'strand': not a strand.")


def test_restricted_files_are_marked_and_listed(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-partner-reports", str(write_partner_csv(tmp_path / "p.csv")), "--restricted",
                   "--licence", "Shared under the partnership's data sharing agreement") == 0
    assert reports(store, "SELECT is_restricted, licence FROM partner_files") == [
        (True, "Shared under the partnership's data sharing agreement")]
    capsys.readouterr()
    assert run_cli(store, "list-partner-reports") == 0
    listed = capsys.readouterr().out
    assert "- p.csv (restricted: signed-in users only)" in listed
    assert "CST: Antisemitic incidents (CST method)" in listed


def test_removing_a_partner_file_removes_its_rows_only(tmp_path):
    store = tmp_path / "store.duckdb"
    run_cli(store, "load-partner-reports", str(write_partner_csv(tmp_path / "a.csv", GOOD_ROWS[:3])))
    run_cli(store, "load-partner-reports", str(write_partner_csv(tmp_path / "b.csv", GOOD_ROWS[7:])))
    assert run_cli(store, "remove-partner-reports", "a.csv") == 0
    assert {r[0] for r in reports(store)} == {"Tell MAMA", "British Muslim Trust", "Camden Council"}
    assert run_cli(store, "remove-partner-reports", "a.csv") == 2


def test_a_store_built_before_partner_reports_answers_with_none(tmp_path):
    from queries.partner_reports import partner_reports_for_area, partner_reports_loaded, partner_sources

    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    con.execute("CREATE TABLE store_info (schema_version INTEGER)")
    assert not partner_reports_loaded(con, signed_in=True)
    assert partner_sources(con, signed_in=True).empty
    assert partner_reports_for_area(con, area_code="london", signed_in=True).empty
    con.close()
