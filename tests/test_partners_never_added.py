"""Partner counts are shown beside police counts and never added to, stacked on or
subtracted from them, on any page, export or pack:
- every police chart, table and pack table answers exactly the same with partner reports
  loaded as without (so no police figure has a partner count in it);
- every number a partner panel draws is one count of the partner's file, for its own
  period, area and series (so none is a sum with anything), and nothing is stacked;
- the same-period table keeps police and partner counts in columns of their own, each
  equal to its own source, and has no column that totals, nets or combines them."""

import datetime as dt
import json
import shutil

import duckdb
import pytest

from charts import partners, registry, table_registry
from charts.context import context_for_state, viewer_facts
from components import ids
from components.url_state import FilterState
from exports.briefing_pack import build_briefing_pack, pack_context
from tests.load_fixtures import run_cli
from tests.partner_fixtures import GOOD_ROWS, write_partner_csv
from tests.test_chart_answers import options_for

STATE = FilterState(1, dt.date(2023, 1, 1), dt.date(2024, 12, 1), "all")
POLICE_CHARTS = [chart_id for chart_id in registry.CHARTS
                 if chart_id not in ids.PARTNER_PANEL_CHARTS and chart_id not in ids.STANDS_OUT_ITEM_CHARTS[1:]]
POLICE_TABLES = [table_id for table_id in table_registry.TABLES if table_id != ids.PARTNERS_TABLE]
MIXING_WORDS = ("total", "sum", "combined", "net", "difference", "plus", "minus", "all sources")


@pytest.fixture(scope="module")
def stores(demo_store_path, tmp_path_factory):
    """(the demo store with its police data and no partner reports, the same with partner reports)."""
    folder = tmp_path_factory.mktemp("never-added")
    without, with_partners = folder / "without.duckdb", folder / "with.duckdb"
    shutil.copyfile(demo_store_path, without)
    con = duckdb.connect(str(without))
    con.execute("DELETE FROM partner_reports")
    con.execute("DELETE FROM partner_files")
    con.close()
    shutil.copyfile(demo_store_path, with_partners)
    assert run_cli(with_partners, "load-partner-reports", str(write_partner_csv(folder / "partners.csv"))) == 0
    return without, with_partners


def reading(path):
    con = duckdb.connect(str(path), read_only=True)
    return con, con.cursor()


def contexts(cursor):
    facts = viewer_facts(cursor)
    return [context_for_state(facts, STATE), context_for_state(facts, FilterState(*list(vars(STATE).values())[:4],
                                                                                 ("camden",)))]


def plain(answer) -> str:
    return json.dumps({"figure": answer.figure, "text": repr(answer.text),
                       "table": answer.table.astype(str).to_dict("list")}, sort_keys=True, default=str)


def test_no_police_chart_or_table_changes_when_partner_reports_are_loaded(stores):
    (con_a, without), (con_b, with_partners) = reading(stores[0]), reading(stores[1])
    try:
        for context_a, context_b in zip(contexts(without), contexts(with_partners)):
            for chart_id in POLICE_CHARTS:
                definition = registry.CHARTS[chart_id]
                for raw in options_for(chart_id, context_a):
                    options = definition.check_options(raw, context_a)
                    assert plain(definition.build(without, context_a, options)) == \
                        plain(definition.build(with_partners, context_b, options)), chart_id
            for table_id in POLICE_TABLES:
                definition = table_registry.TABLES[table_id]
                raw = {"borough": "camden"} if table_id.startswith("profile") else None
                try:
                    options = definition.check_options(raw, context_a)
                except Exception:  # noqa: BLE001 - a table that needs options the test does not know
                    continue
                a, b = definition.build(without, context_a, options), definition.build(with_partners, context_b, options)
                assert a.frame.astype(str).equals(b.frame.astype(str)), table_id
    finally:
        con_a.close()
        con_b.close()


def test_the_packs_police_pages_are_the_same_with_partner_reports_loaded(stores):
    (con_a, without), (con_b, with_partners) = reading(stores[0]), reading(stores[1])
    try:
        a = build_briefing_pack(without, pack_context(without, STATE), "barnet", today=dt.date(2025, 1, 5))
        b = build_briefing_pack(with_partners, pack_context(with_partners, STATE), "barnet", today=dt.date(2025, 1, 5))
        assert a.headlines == b.headlines and a.rolling.frame.equals(b.rolling.frame)
        assert [t.frame.astype(str).to_dict() for t in a.tables] == [t.frame.astype(str).to_dict() for t in b.tables]
        police_keys = [key for key in a.charts]
        assert all(plain(a.charts[key].answer) == plain(b.charts[key].answer) for key in police_keys)
        assert set(b.charts) - set(a.charts) == {key for key in b.charts if key.startswith("partner-")}
    finally:
        con_a.close()
        con_b.close()


def file_counts() -> set:
    """(source, period start, count) of every count in the partner's file."""
    return {(row[0], row[3], int(row[9])) for row in GOOD_ROWS if row[9]}


def test_every_number_a_partner_panel_draws_is_one_count_of_the_partners_file(stores):
    con, cursor = reading(stores[1])
    counts = file_counts()
    try:
        for context in contexts(cursor):
            for area in ("london", "barnet", "camden"):
                for source in ("CST", "Tell MAMA", "British Muslim Trust", "Camden Council"):
                    answer = partners.partner_panel(cursor, context, {"source": source, "area": area,
                                                                      "audience": "public"})
                    layout = answer.figure["layout"]
                    assert layout.get("barmode") not in ("stack", "relative")
                    for trace in answer.figure["data"]:
                        assert "stackgroup" not in trace and trace["type"] == "scatter"
                        for x, y in zip(trace["x"][::3], trace["y"][::3]):
                            assert (source, x, y) in counts, (source, x, y)
    finally:
        con.close()


def test_the_same_period_table_keeps_police_and_partners_apart_and_totals_nothing(stores):
    con, cursor = reading(stores[1])
    try:
        context = contexts(cursor)[0]
        for area in ("london", "barnet", "camden"):
            table = partners.same_period_table(cursor, context, {"area": area, "audience": "public"})
            if table.message is not None:
                continue
            columns = [column.lower() for column in table.frame.columns]
            assert not any(word in column.split() or word in column for column in columns
                           for word in MIXING_WORDS), columns
            police, partner = table.frame[partners.POLICE_COLUMN], table.frame[partners.PARTNER_COLUMN]
            # Each column is its own source's: the partner's count as loaded ...
            stored = {row[0] for row in cursor.execute("SELECT count FROM partner_reports").fetchall()}
            assert set(partner.dropna().astype(int)) <= stored
            # ... and no numeric column is police and partner counts added or netted.
            numeric = table.frame.select_dtypes("number")
            both = police.notna() & partner.notna()
            for name in numeric.columns:
                if name in (partners.POLICE_COLUMN, partners.PARTNER_COLUMN):
                    continue
                column = numeric[name][both]
                assert not (column == (police + partner)[both]).all()
                assert not (column == (police - partner)[both]).all()
            assert list(numeric.columns) == [partners.POLICE_COLUMN, partners.PARTNER_COLUMN]
            assert len(table.frame) == len(table.frame.drop_duplicates())  # one row per partner figure, no total row
            assert not table.frame["Partner"].str.lower().str.contains("total").any()
    finally:
        con.close()
