"""Comparison groups: read from an editable file with every problem named by file, line,
column and value; chosen in the address like every filter; drawn on Trends as a rate of
the group's own offences over its own residents. Expected figures are counted by hand
from tests/store_fixtures.py and the reference file's populations."""

import csv
import datetime as dt

import duckdb
import pytest

from charts.borough_comparison import boroughs_table, group_column
from charts.borough_tables import rank_table
from charts.context import context_for_state, viewer_facts
from charts.trends import trend_options, trends_chart
from components.trends_address import kept_measure, measure_from_query, with_measure
from components.url_state import DatasetCoverage, FilterChoices, FilterState, parse_query_string, validate_filters
from loaders.comparison_groups import read_comparison_groups
from loaders.problems import LoadRefused
from queries.comparison_groups import comparison_groups, group_for, groups_by_slug
from queries.periods import Period
from queries.rates import RATE_AXIS, monthly_rates
from queries.schema import BOROUGHS_CSV
from queries.strands import STRANDS
from tests.load_fixtures import run_cli
from tests.store_fixtures import CAMDEN, HACKNEY, WESTMINSTER, build_known_store

YEAR_2025 = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 1))
HARINGEY, ISLINGTON = "E09000014", "E09000019"


def populations() -> dict[str, int]:
    with open(BOROUGHS_CSV, newline="", encoding="utf-8") as handle:
        return {row["gss_code"]: int(row["population_mid2021"]) for row in csv.DictReader(handle)}


def problems_of(tmp_path, text: str) -> list[str]:
    path = tmp_path / "groups.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadRefused) as refused:
        read_comparison_groups(path)
    return [problem.describe() for problem in refused.value.problems]


def test_the_shipped_file_holds_an_example_group_of_met_boroughs():
    members = read_comparison_groups()
    assert {member.name for member in members} == {"Example group (edit me)"}
    assert {member.gss_code for member in members} == {CAMDEN, HACKNEY, HARINGEY, ISLINGTON}


def test_a_bad_groups_file_names_the_file_line_column_and_value_of_every_problem(tmp_path):
    found = problems_of(tmp_path, "group,gss_code\n"
                                  "North,E09000007\n"
                                  "North,E09000001\n"           # line 3: the City of London
                                  "North,Camden\n"              # line 4: a name, not a code
                                  "North,E09000007\n"           # line 5: twice
                                  "Inner London,E09000012\n"    # line 6: built in
                                  "Alone,E09000033\n")          # line 7: one borough
    assert found == [
        "groups.csv, line 3, column 'gss_code': not one of the 32 boroughs the Met polices (the City of London, "
        "E09000001, has its own force and no Met data). (value: 'E09000001')",
        "groups.csv, line 4, column 'gss_code': not a borough's GSS code (E09 and six digits, like E09000007 for "
        "Camden). (value: 'CAMDEN')",
        "groups.csv, line 5, column 'gss_code': Camden is already in 'North'. (value: 'E09000007')",
        "groups.csv, line 6, column 'group': inner and outer London are always offered; give this group another "
        "name. (value: 'Inner London')",
        "groups.csv, line 2, column 'group': a group needs at least 2 boroughs to compare with. (value: 'North')",
        "groups.csv, line 7, column 'group': a group needs at least 2 boroughs to compare with. (value: 'Alone')",
    ]


def test_a_groups_file_without_its_columns_is_refused(tmp_path):
    assert problems_of(tmp_path, "name,code\nNorth,E09000007\n") == [
        "groups.csv, line 1, column 'group': the column 'group' is missing; the header must be group,gss_code.",
        "groups.csv, line 1, column 'gss_code': the column 'gss_code' is missing; the header must be "
        "group,gss_code."]


def test_loading_a_groups_file_replaces_the_groups_and_a_bad_one_leaves_them(tmp_path):
    store = tmp_path / "store.duckdb"
    build_known_store(store)
    good = tmp_path / "good.csv"
    good.write_text("group,gss_code\nNorth London partners,E09000007\nNorth London partners,E09000012\n",
                    encoding="utf-8")
    assert run_cli(store, "load-comparison-groups", str(good)) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("group,gss_code\nSouth,E09000099\nSouth,E09000028\n", encoding="utf-8")
    assert run_cli(store, "load-comparison-groups", str(bad)) != 0
    con = duckdb.connect(str(store), read_only=True)
    groups = comparison_groups(con.cursor()).set_index("slug")
    con.close()
    assert list(groups.index) == ["inner", "outer", "north-london-partners"]
    assert list(groups.loc["north-london-partners", "gss_codes"]) == [CAMDEN, HACKNEY]
    assert len(groups.loc["inner", "gss_codes"]) == 13 and len(groups.loc["outer", "gss_codes"]) == 19


CHOICES = FilterChoices(coverage={1: DatasetCoverage(dt.date(2016, 1, 1), dt.date(2025, 12, 1), ["all", "race"])},
                        default_dataset_id=1, borough_slugs=["camden", "hackney"],
                        group_slugs=("inner", "outer", "north-london-partners"))


def test_the_comparison_group_survives_the_address_and_a_made_up_one_becomes_a_sentence():
    state = FilterState(1, dt.date(2025, 1, 1), dt.date(2025, 12, 1), "race", ("camden",), group="north-london-partners")
    parsed = validate_filters(parse_query_string(state.to_query()), CHOICES)
    assert parsed.problems == [] and parsed.state == state
    assert FilterState.from_store(state.to_store()) == state
    made_up = validate_filters(parse_query_string("?borough=camden&group=<b>x"), CHOICES)
    assert made_up.state.group == ""
    assert made_up.problems == ["There is no comparison group '<b>x'; comparing with the borough's own inner or "
                                "outer London."]
    with pytest.raises(ValueError):
        FilterState.from_store({**state.to_store(), "group": ["inner"]})


def test_trends_measure_is_read_from_and_written_to_the_address():
    assert measure_from_query({"measure": "rate"}) == ("rate", [])
    assert measure_from_query({"measure": "1e308"})[0] == "count"
    assert with_measure("?strand=race", "rate") == "?strand=race&measure=rate"
    assert with_measure("?strand=race&measure=rate", "count") == "?strand=race"
    assert kept_measure("?measure=rate") == "&measure=rate" and kept_measure("?measure=x") == ""


def test_a_group_rate_is_its_distinct_offences_over_its_residents(known_cursor):
    # Inner London's Met boroughs in 2025: Camden 4 offences in June, Hackney 2 in March
    # (flagged four times across strands: the rate counts 2), Westminster 4 in December.
    groups = comparison_groups(known_cursor).set_index("slug")
    inner = list(groups.loc["inner", "gss_codes"])
    residents = sum(populations()[code] for code in inner)
    rates = monthly_rates(known_cursor, dataset_id=1, period=YEAR_2025, strand="all", gss_codes=inner)
    by_month = dict(zip(rates.month.dt.strftime("%Y-%m"), rates.rate_per_1000_per_year))
    assert by_month["2025-03"] == pytest.approx(1000 * 2 * 12 / residents)
    assert by_month["2025-06"] == pytest.approx(1000 * 4 * 12 / residents)
    assert by_month["2025-12"] == pytest.approx(1000 * 4 * 12 / residents)
    assert by_month["2025-01"] == 0


def rate_lines(known_cursor, state):
    facts = viewer_facts(known_cursor)
    context = context_for_state(facts, state)
    answer = trends_chart(known_cursor, context, trend_options({"measure": "rate"}, context))
    return answer, {trace["name"]: dict(zip(trace["x"], trace["y"])) for trace in answer.figure["data"]}


def test_trends_as_rates_draw_the_borough_london_and_its_group_to_the_last_month(known_cursor):
    state = FilterState(1, YEAR_2025.start, YEAR_2025.end, "all", ("camden",))
    answer, lines = rate_lines(known_cursor, state)
    people = populations()
    inner = [code for code, row in people.items() if code in comparison_groups(known_cursor).set_index("slug")
             .loc["inner", "gss_codes"]]
    london = sum(people.values()) - people["E09000001"]
    assert set(lines) == {"Camden", "London", "Inner London"}
    assert lines["Camden"]["2025-06-01"] == pytest.approx(round(1000 * 4 * 12 / people[CAMDEN], 3))
    assert lines["London"]["2025-12-01"] == pytest.approx(round(1000 * 4 * 12 / london, 3))
    assert lines["Inner London"]["2025-03-01"] == pytest.approx(round(1000 * 2 * 12 / sum(people[c] for c in inner), 3))
    assert answer.figure["layout"]["yaxis"]["title"]["text"] == RATE_AXIS
    assert all(RATE_AXIS in column for column in answer.table.columns[1:])
    # The axis ends half a month after the data's last month, whatever events follow.
    assert answer.figure["layout"]["xaxis"]["range"][1] == "2025-12-16"


def test_trends_draw_the_group_chosen_in_the_filter_bar(known_cursor, tmp_path):
    state = FilterState(1, YEAR_2025.start, YEAR_2025.end, "all", ("westminster",), group="example-group-edit-me")
    _, lines = rate_lines(known_cursor, state)
    assert set(lines) == {"Westminster", "London", "Example group (edit me)"}
    people = populations()
    example = people[CAMDEN] + people[HACKNEY] + people[HARINGEY] + people[ISLINGTON]
    assert lines["Example group (edit me)"]["2025-06-01"] == pytest.approx(round(1000 * 4 * 12 / example, 3))
    assert lines["Westminster"]["2025-12-01"] == pytest.approx(round(1000 * 4 * 12 / people[WESTMINSTER], 3))


def test_the_profile_sets_the_borough_beside_the_chosen_group_not_only_its_inner_or_outer_london(known_cursor):
    # Camden 2025: 4 offences. The example group: Camden 4 + Hackney 2 (Haringey, Islington none).
    facts = viewer_facts(known_cursor)
    state = FilterState(1, YEAR_2025.start, YEAR_2025.end, "all", ("camden",), group="example-group-edit-me")
    context = context_for_state(facts, state)
    people = populations()
    example = people[CAMDEN] + people[HACKNEY] + people[HARINGEY] + people[ISLINGTON]
    table = rank_table(known_cursor, context, {"borough": "camden"}).frame.set_index("Strand")
    column = "Example group (edit me) rate per 1,000 residents per year"
    assert table.loc[STRANDS["all"].label, column] == pytest.approx(round(1000 * 6 / example, 2))


def test_compare_marks_the_groups_members_and_states_the_groups_own_rate(known_cursor):
    facts = viewer_facts(known_cursor)
    state = FilterState(1, YEAR_2025.start, YEAR_2025.end, "all", ("hackney",), group="example-group-edit-me")
    answer = boroughs_table(known_cursor, context_for_state(facts, state), {"verdict": "all"})
    members = answer.frame[answer.frame[group_column("Example group (edit me)")] == "Yes"]
    assert sorted(members["GSS code"]) == sorted([CAMDEN, HACKNEY, HARINGEY, ISLINGTON])
    people = populations()
    example = people[CAMDEN] + people[HACKNEY] + people[HARINGEY] + people[ISLINGTON]
    # Hackney (2 offences) ranks second among them, after Camden (4, similar residents).
    assert (f"Example group (edit me) (4 boroughs): 6 offences, {1000 * 6 / example:.2f} per 1,000 residents "
            "per year. Hackney ranks 2 of 4 by rate among them.") in answer.summary


def test_the_group_a_profile_compares_with_is_the_chosen_one_else_the_boroughs_own(known_cursor):
    groups = groups_by_slug(comparison_groups(known_cursor))
    assert list(groups)[:2] == ["inner", "outer"]
    inner = group_for(groups, None, "Inner")
    assert (inner.slug, inner.name) == ("inner", "Inner London")
    assert CAMDEN in inner.gss_codes and HACKNEY in inner.gss_codes and inner.gss_codes == sorted(inner.gss_codes)
    assert group_for(groups, "outer", "Inner").name == "Outer London"  # the filter bar's choice wins
    assert group_for(groups, None, None) is None and group_for(groups, "no-such-group", "Inner") is None
