"""Every CSV gives its numbers at the precision the page shows them: rates per 1,000 to
2 decimals, percentages to 1, counts whole (averages and expected counts to 1), never
6.544987879652075. p-values are the documented exception (figures/p_values.py,
docs/EXPORTS.md): the page shows "< 0.001", the CSV keeps the number.

Over every registry chart (its "Download data (CSV)", exports/chart_files.py) and every
registry table (its CSV button, callbacks/exports.py), for an incident extract and the
Met's published counts, London and a borough; and over the briefing pack's ZIP."""

import datetime as dt
import io
import math
import re
import zipfile

import duckdb
import pandas as pd
import pytest

from bench.figure_timing import last_year_state
from charts import registry, table_registry
from charts.context import context_for_state, viewer_facts
from components.url_state import FilterState
from exports import rendering
from exports.briefing_pack import build_briefing_pack, pack_context, render_pack_images
from exports.chart_files import chart_file, export_context
from exports.pack_documents import pack_zip
from figures.p_values import P_VALUE_FORMAT
from figures.tables import shown_decimals, shown_values, table_csv
from tests.test_chart_answers import CHART_IDS
from tests.test_chart_answers import options_for as chart_options
from tests.test_table_answers import options_for as table_options

LONG_DECIMALS = re.compile(r"\d\.\d{3,}")


@pytest.fixture(scope="module", params=["incidents", "published"])
def dataset(request, demo_store_path, small_published_store_path):
    path = demo_store_path if request.param == "incidents" else small_published_store_path
    con = duckdb.connect(str(path), read_only=True)
    cursor = con.cursor()
    yield cursor, viewer_facts(cursor)
    con.close()


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not pd.isna(value)


def check_csv(frame: pd.DataFrame, csv_text: str, formats: dict, where: str) -> None:
    """Each numeric column of `frame` is in the CSV at its shown precision; p-values raw."""
    csv = pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)
    for column in frame.columns:
        raw = frame[column].astype(object).tolist()
        if not any(is_number(value) for value in raw):
            continue
        decimals = shown_decimals(column, raw, formats)
        is_p_value = formats.get(column) == P_VALUE_FORMAT or "p-value" in column
        # Every numeric column names a unit the rules know: none keeps its digits by accident.
        assert decimals is not None or is_p_value, f"{where}: no precision for {column!r}"
        for value, text in zip(raw, csv[column]):
            if not is_number(value):
                continue
            if is_p_value:
                assert math.isclose(float(text), float(value), rel_tol=1e-12), (where, column, text)
                continue
            places = len(text.split(".")[1]) if "." in text else 0
            assert places == decimals, (where, column, value, text)
            assert float(text) == pytest.approx(round(float(value), decimals), abs=10 ** -decimals / 2 + 1e-9), \
                (where, column, value, text)


def test_every_registry_charts_csv_gives_its_numbers_at_the_precision_shown(dataset):
    cursor, facts = dataset
    for boroughs in ((), ("camden",)):
        context = context_for_state(facts, last_year_state(facts, boroughs))
        export = export_context(context, "Camden")
        for chart_id in CHART_IDS:
            for options in chart_options(chart_id, context):
                answer = registry.chart_answer(cursor, context, chart_id, options)
                csv = chart_file(answer, "csv", export=export, filename="chart.csv")["content"]
                check_csv(answer.table, csv, {}, f"{chart_id} {options}")


def test_every_registry_tables_csv_gives_its_numbers_at_the_precision_shown(dataset):
    cursor, facts = dataset
    for boroughs in ((), ("camden",)):
        context = context_for_state(facts, last_year_state(facts, boroughs))
        for table_id, definition in table_registry.TABLES.items():
            for raw in table_options(table_id):
                answer = definition.build(cursor, context, definition.check_options(raw, context))
                if answer.message is not None:
                    continue
                check_csv(answer.frame, table_csv(answer.csv_frame(), answer.formats), answer.formats,
                          f"{table_id} {raw}")


def test_the_issues_rate_is_written_to_2_places_and_a_p_value_whole():
    frame = pd.DataFrame({"Camden: Offences per 1,000 residents": [6.544987879652075, None],
                          "Race: Offences per month": pd.array([12, None], dtype="Int64"),
                          "Change (%)": [12.345, -0.04], "p-value": [9e-23, 0.012345678]})
    csv = table_csv(frame, {"p-value": P_VALUE_FORMAT})
    assert csv.splitlines()[1:] == ["6.54,12,12.3,9e-23", ",,0.0,0.012345678"]
    counts = shown_values(frame)["Race: Offences per month"].tolist()
    assert counts[0] == "12" and pd.isna(counts[1])


def test_the_packs_csv_files_carry_no_long_decimals_but_p_values(known_store_path, monkeypatch):
    monkeypatch.setenv(rendering.BROWSER_PATH_VARIABLE, "/nonexistent/chromium")  # the CSVs need no images
    con = duckdb.connect(str(known_store_path), read_only=True)
    cursor = con.cursor()
    state = FilterState(1, dt.date(2025, 1, 1), dt.date(2025, 12, 1), "all", ())
    pack = build_briefing_pack(cursor, pack_context(cursor, state), "camden", today=dt.date(2026, 1, 5))
    con.close()
    archive = pack_zip(pack, render_pack_images(pack), b"%PDF")
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        csvs = [name for name in opened.namelist() if name.endswith(".csv")]
        assert csvs
        for name in csvs:
            table = pd.read_csv(opened.open(name), dtype=str, keep_default_na=False)
            for column in table.columns:
                if column != "p-value":
                    assert not any(LONG_DECIMALS.fullmatch(value) for value in table[column]), (name, column)
