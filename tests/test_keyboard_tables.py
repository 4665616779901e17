"""The keyboard tables (components/tables.py): sorted by their heading buttons, numbers
formatted, missing numbers said, links real, CSV named. No browser: the builder and
the sort callback are called directly."""

import json
import urllib.parse

import pandas as pd
import plotly
import pytest
from dash import html
from dash.exceptions import PreventUpdate

from components.tables import Column, data_table, next_sort, resorted, table_rows
from tests.dash_requests import csv_link_of, table_spec

COLUMNS = [Column("name", "Borough", link_key="href"), Column("offences", "Offences (count)", ","),
           Column("change_pct", "Change (%)", "+.1f")]
FRAME = pd.DataFrame({"name": ["Camden", "barnet", "Hackney"], "offences": [1200, 30, 4],
                      "change_pct": [5.0, None, -12.5], "href": ["/borough/camden", "/borough/barnet", "/borough/hackney"],
                      "slug": ["camden", "barnet", "hackney"]})


def build(**options):
    """The table as the browser receives it (JSON), as a callback would send it."""
    table = data_table("t", FRAME, COLUMNS, caption="Boroughs", csv_filename="boroughs.csv", **options)
    return json.loads(json.dumps(table, cls=plotly.utils.PlotlyJSONEncoder))


def cells(rows: list[html.Tr], column: str) -> list[str]:
    found = []
    for row in rows:
        cell = next(c for c in row.children if getattr(c, "data-column") == column)
        found.append(cell.children.children if column == "name" else cell.children)
    return found


def test_a_table_opens_in_its_sort_order_with_formatted_numbers_and_missing_numbers_said():
    spec = table_spec(build(sort_by="offences", ascending=False))
    rows = table_rows(spec)
    assert cells(rows, "name") == ["Camden", "barnet", "Hackney"]
    assert cells(rows, "offences") == ["1,200", "30", "4"]
    assert cells(rows, "change_pct") == ["+5.0", "n/a", "-12.5"]


def test_clicking_a_heading_sorts_ascending_then_descending_with_missing_values_last():
    assert next_sort(None, "offences") == {"column": "offences", "direction": "ascending"}
    assert next_sort({"column": "offences", "direction": "ascending"}, "offences")["direction"] == "descending"
    spec = {**table_spec(build()), "sort": {"column": "change_pct", "direction": "descending"}}
    assert cells(table_rows(spec), "name") == ["Camden", "Hackney", "barnet"]
    spec["sort"]["direction"] = "ascending"
    assert cells(table_rows(spec), "name") == ["Hackney", "Camden", "barnet"]


def test_text_sorts_without_regard_to_case():
    spec = {**table_spec(build()), "sort": {"column": "name", "direction": "ascending"}}
    assert cells(table_rows(spec), "name") == ["barnet", "Camden", "Hackney"]


def test_a_heading_click_re_sorts_the_rows_and_moves_aria_sort_to_that_heading():
    spec = table_spec(build(sort_by="offences"))
    rows, new_spec, directions, labels = resorted(spec, "name")
    assert cells(rows, "name") == ["barnet", "Camden", "Hackney"]
    assert new_spec["sort"] == {"column": "name", "direction": "ascending"}
    assert directions == ["ascending", "none", "none"]
    assert labels[0][0] == "Borough" and labels[0][1].children == " ▲"
    _rows, _spec, directions, _labels = resorted(new_spec, "name")
    assert directions == ["descending", "none", "none"]


def test_a_click_on_a_column_the_table_does_not_have_changes_nothing():
    with pytest.raises(PreventUpdate):
        resorted(table_spec(build()), "population")


def test_rows_of_chosen_boroughs_are_emphasised_and_links_go_to_profiles():
    spec = table_spec(build(row_key="slug", highlighted=["hackney"]))
    rows = table_rows(spec)
    assert [row.className for row in rows] == [None, None, "table-warning fw-bold"]
    assert rows[0].children[0].children.href == "/borough/camden"


def test_the_csv_download_is_named_and_holds_raw_numbers_under_the_headings():
    link = csv_link_of(build(sort_by="offences", ascending=False))
    assert link["download"] == "boroughs.csv"
    assert link["aria-label"] == "Download data (CSV): Boroughs"
    text = urllib.parse.unquote(link["href"].split(",", 1)[1])
    assert text.splitlines()[:2] == ["Borough,Offences (count),Change (%)", "Camden,1200,5.0"]
