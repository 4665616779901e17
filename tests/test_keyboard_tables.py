"""The keyboard tables (components/tables.py): opened in their sort order, numbers
formatted, missing numbers said, each cell carrying the raw value the browser sorts by
(assets/keyboard_tables.js; the browser suite clicks the headings), links real, CSV
named. No browser: the builder is called directly."""

import json
import urllib.parse

import pandas as pd
import plotly

from components.tables import Column, data_table, next_sort
from tests.dash_requests import csv_link_of, table_records, table_spec

COLUMNS = [Column("name", "Borough", link_key="href"), Column("offences", "Offences (count)", ","),
           Column("change_pct", "Change (%)", "+.1f")]
FRAME = pd.DataFrame({"name": ["Camden", "barnet", "Hackney"], "offences": [1200, 30, 4],
                      "change_pct": [5.0, None, -12.5], "href": ["/borough/camden", "/borough/barnet", "/borough/hackney"],
                      "slug": ["camden", "barnet", "hackney"]})


def build(**options):
    """The table as the browser receives it (JSON), as a callback would send it."""
    table = data_table("t", FRAME, COLUMNS, caption="Boroughs", csv_filename="boroughs.csv", **options)
    return json.loads(json.dumps(table, cls=plotly.utils.PlotlyJSONEncoder))


def column(table, key: str) -> list:
    return [row[key] for row in table_records(table)]


def test_a_table_opens_in_its_sort_order_with_formatted_numbers_and_missing_numbers_said():
    table = build(sort_by="offences", ascending=False)
    assert column(table, "name") == ["Camden", "barnet", "Hackney"]
    assert column(table, "offences") == ["1,200", "30", "4"]
    assert column(table, "change_pct") == ["+5.0", "n/a", "-12.5"]


def test_missing_values_sort_last_whichever_the_direction():
    assert column(build(sort_by="change_pct", ascending=False), "name") == ["Camden", "Hackney", "barnet"]
    assert column(build(sort_by="change_pct", ascending=True), "name") == ["Hackney", "Camden", "barnet"]


def test_text_sorts_without_regard_to_case():
    assert column(build(sort_by="name"), "name") == ["barnet", "Camden", "Hackney"]


def test_a_click_on_the_sorted_column_reverses_it_and_another_sorts_ascending():
    assert next_sort(None, "offences") == {"column": "offences", "direction": "ascending"}
    assert next_sort({"column": "offences", "direction": "ascending"}, "offences")["direction"] == "descending"
    assert next_sort({"column": "offences", "direction": "descending"}, "name") == \
        {"column": "name", "direction": "ascending"}


def test_cells_carry_raw_sort_values_and_the_browser_gets_no_rows_back_to_render():
    table = build(sort_by="offences")
    assert column(table, "offences:sort") == [4, 30, 1200]
    assert column(table, "name:sort") == ["hackney", "barnet", "camden"]
    assert column(table, "change_pct:sort") == [-12.5, None, 5.0]
    assert table_spec(table) == {"columns": [{"key": "name", "name": "Borough"},
                                             {"key": "offences", "name": "Offences (count)"},
                                             {"key": "change_pct", "name": "Change (%)"}],
                                 "sort": {"column": "offences", "direction": "ascending"}}


def _cells(table) -> list[dict]:
    body = next(c for c in _walk(table) if isinstance(c["props"].get("id"), dict)
                and c["props"]["id"].get("type") == "table-body")
    return [cell["props"] for row in body["props"]["children"] for cell in row["props"]["children"]]


def _walk(node):
    if isinstance(node, list):
        for child in node:
            yield from _walk(child)
    elif isinstance(node, dict) and "props" in node:
        yield node
        yield from _walk(node["props"].get("children"))


def test_a_cell_carries_only_what_it_needs():
    text_only = [Column("name", "Borough"), Column("offences", "Offences (count)", ",")]
    table = json.loads(json.dumps(data_table("t", FRAME, text_only, caption="Boroughs", csv_filename="b.csv"),
                                  cls=plotly.utils.PlotlyJSONEncoder))
    cells = _cells(table)
    # A text cell sorts by its own words (the browser lower-cases them), so it has no data-sort;
    # "barnet" sorts as written, "Camden" too once lower-cased. Numbers keep theirs.
    assert [cell.get("data-sort", "(its text)") for cell in cells] == [
        "(its text)", 1200, "(its text)", 30, "(its text)", 4]
    assert not any("data-column" in cell for cell in cells)
    assert all(cell.get("className", "absent") for cell in cells)  # never sent as null
    assert [cell.get("className") for cell in cells] == [None, "text-end"] * 3


def test_rows_of_chosen_boroughs_are_emphasised_and_links_go_to_profiles():
    table = build(row_key="slug", highlighted=["hackney"])
    body = next(c for c in _walk(table) if isinstance(c.get("props", {}).get("id"), dict)
                and c["props"]["id"].get("type") == "table-body")
    assert [row["props"].get("className") for row in body["props"]["children"]] == [None, None, "table-warning fw-bold"]
    assert column(table, "name:href")[0] == "/borough/camden"


def test_the_csv_download_is_named_and_holds_raw_numbers_under_the_headings():
    link = csv_link_of(build(sort_by="offences", ascending=False))
    assert link["download"] == "boroughs.csv"
    assert link["aria-label"] == "Download data (CSV): Boroughs"
    text = urllib.parse.unquote(link["href"].split(",", 1)[1])
    assert text.splitlines()[:2] == ["Borough,Offences (count),Change (%)", "Camden,1200,5.0"]


def _walk(component):
    stack = [component]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            yield item
            stack.append(item.get("props", {}).get("children"))
