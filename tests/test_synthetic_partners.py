"""The demo's synthetic partner reports: in the partner reports format, read by the same
loader, labelled synthetic, and with the shapes the section must handle."""

import datetime as dt

import duckdb

from loaders.demo_store import build_demo_store
from loaders.partner_reports import prepare_partner_reports
from loaders.read_text import fetch
from loaders.synthetic_partners import synthetic_partner_file
from queries.schema import REFERENCE_DIR


def test_the_synthetic_partner_file_passes_the_partner_loader_with_every_period_length():
    prepared = prepare_partner_reports(synthetic_partner_file(dt.date(2026, 6, 1), 1))
    rows = prepared.rows
    assert set(rows.months) == {1, 3, 6, 12}
    assert set(rows.area_type) == {"borough", "london", "uk"}
    assert rows.source.str.startswith("Synthetic").all()
    assert rows.coverage_note.str.startswith("Synthetic: not real figures").all()
    # A series break: the old service stops in 2024 and a new organisation's series starts in October 2025.
    old = rows[rows.series == "Anti-Muslim reports 2016-2024"]
    new = rows[rows.series == "Anti-Muslim reports from October 2025"]
    assert old.period_end.max() == dt.date(2024, 12, 31) and new.period_start.min() == dt.date(2025, 10, 1)
    assert set(rows[rows.source.str.contains("Jewish")].includes_police_reports) == {"yes"}


def test_the_same_seed_makes_the_same_partner_file():
    assert synthetic_partner_file(dt.date(2020, 6, 1), 7).data == synthetic_partner_file(dt.date(2020, 6, 1), 7).data
    assert synthetic_partner_file(dt.date(2020, 6, 1), 7).data != synthetic_partner_file(dt.date(2020, 6, 1), 8).data


def test_the_demo_store_holds_the_partner_reports_marked_synthetic(tmp_path):
    store = tmp_path / "demo.duckdb"
    build_demo_store(store, end_month=dt.date(2017, 12, 1), progress=lambda message: None)
    con = duckdb.connect(str(store), read_only=True)
    try:
        files = con.execute("SELECT name, is_synthetic, is_restricted FROM partner_files").fetchall()
        sources = {row[0] for row in con.execute("SELECT DISTINCT source FROM partner_reports").fetchall()}
    finally:
        con.close()
    assert files == [("Synthetic partner reports", True, False)]
    assert "Synthetic Jewish community monitor" in sources


def test_the_template_a_partner_fills_in_loads_as_it_is():
    prepared = prepare_partner_reports(fetch(str(REFERENCE_DIR / "partner_reports_template.csv")))
    assert len(prepared.rows) == 4
    assert prepared.rows["count"].isna().sum() == 1
