"""What stands out says what chance alone gives beside every count of flags, and shows
p-values as a meeting reads them ("< 0.001"), on the page and in the pack, while the CSV
keeps the raw number: on the demo store and on the Met's real file (skipped if absent)."""

import datetime as dt
import io
import re
import zipfile

import duckdb
import pandas as pd
import pytest
from pypdf import PdfReader

from charts import table_registry
from charts.context import context_for_state, viewer_facts
from components import ids
from components.url_state import FilterState, state_from_store
from exports import pack_documents
from exports.briefing_pack import PackImages, build_briefing_pack, pack_context
from exports.pack_slides import pack_pptx
from exports.pack_words import format_cell
from queries.store import STORE_EXTENSION, ReadOnlyStore
from tests.dash_requests import call_callback, component_text, output_of, table_download, table_records

DEMO_YEAR = {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []}
REAL_2017 = {"dataset_id": 1, "start": "2017-01", "end": "2017-12", "strand": "race_religion", "boroughs": []}


@pytest.fixture
def serve(app, monkeypatch):
    """The app's test client reading the store at a path."""
    def serving(path):
        monkeypatch.setitem(app.server.extensions, STORE_EXTENSION, ReadOnlyStore(path))
        return app.server.test_client()
    return serving


def _stands_out(client, filters, when="period", every_strand=True) -> dict:
    status, body = call_callback(client, ids.STANDS_OUT_SUMMARY, {
        f"{ids.FILTER_STATE}.data": filters, f"{ids.STANDS_OUT_WHEN}.value": when,
        f"{ids.STANDS_OUT_STRANDS}.value": every_strand})
    assert status == 200, body
    return body


def _judged(path, filters) -> int:
    """Series-months with an expected range in the filters' months, counted here from the
    stored verdicts, not through the page's query."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT count(*) FROM expected_counts WHERE dataset_id = ? AND expected IS NOT NULL "
                           "AND month BETWEEN ? AND ?", [filters["dataset_id"], filters["start"] + "-01",
                                                         filters["end"] + "-01"]).fetchone()[0]


def _says_what_chance_gives(client, path, filters):
    body = _stands_out(client, filters)
    summary = output_of(body, ids.STANDS_OUT_SUMMARY, "children")
    judged = _judged(path, filters)
    count, chance = (component_text(part) for part in summary["props"]["children"])
    assert count.split(" ")[1] == "combinations" and int(count.split(" ")[0]) > 0
    assert chance == (f"At this method's 1-in-100 false-alarm rate, about {round(judged / 100):,} of the {judged:,} "
                      "combinations judged would be above their range by chance alone, so look at how far above "
                      "each is and whether it repeats.")
    changes = component_text(output_of(body, ids.STANDS_OUT_CHANGES, "children")[0])
    tally = re.search(r"(\d+) had a significant rise and (\d+) a significant fall; (\d+) w", changes)
    compared = sum(int(count) for count in tally.groups())  # too few to compare get no verdict
    assert (f"At the test's 1-in-100 significance level, about {round(compared / 100):,} of the {compared:,} "
            "compared would be called significant by chance alone") in changes
    return judged


def test_stands_out_says_how_many_would_be_above_by_chance_alone_on_the_demo_store(serve, demo_store_path):
    judged = _says_what_chance_gives(serve(demo_store_path), demo_store_path, DEMO_YEAR)
    assert judged > 1000  # London and 32 boroughs, every strand, 12 months


def test_stands_out_says_how_many_would_be_above_by_chance_alone_on_the_real_file(serve, real_mps_store_path):
    _says_what_chance_gives(serve(real_mps_store_path), real_mps_store_path, REAL_2017)


def _p_values_show_as_read(client, path, filters):
    body = _stands_out(client, filters)
    changes = output_of(body, ids.STANDS_OUT_CHANGES, "children")
    shown = [row["p-value"] for row in table_records(changes)]
    raw = pd.read_csv(io.StringIO(table_download(client, changes, filters)["csv"]))["p-value"]
    assert raw.dtype == float  # the CSV keeps the number, for report writers to compute with
    expected = ["< 0.001" if p < 0.001 else f"{p:#.3g}" for p in raw.head(len(shown))]
    assert shown == expected and "< 0.001" in shown and all("e-" not in text for text in shown)
    # The pack's table renders its cells from the same answer and its formats.
    cursor = duckdb.connect(str(path), read_only=True).cursor()
    facts = viewer_facts(cursor)
    context = context_for_state(facts, state_from_store(filters, facts.choices))
    table = table_registry.table_answer(cursor, context, ids.STANDS_OUT_CHANGES_TABLE, {"every_strand": True})
    in_pack = [format_cell(value, "p-value", table.formats)  # the pack's own cell renderer (PDF and slides)
               for value in table.frame["p-value"].astype(object).head(len(shown))]
    assert in_pack == shown
    return shown


def test_p_values_below_a_thousandth_show_as_less_than_0_001_on_the_demo_store(serve, demo_store_path):
    shown = _p_values_show_as_read(serve(demo_store_path), demo_store_path, DEMO_YEAR)
    assert any(text != "< 0.001" for text in shown)  # and the rest to 3 significant figures


def test_p_values_below_a_thousandth_show_as_less_than_0_001_on_the_real_file(serve, real_mps_store_path):
    _p_values_show_as_read(serve(real_mps_store_path), real_mps_store_path, REAL_2017)


def test_the_packs_what_stands_out_says_how_many_chance_alone_would_put_above_their_range(demo_store_path):
    con = duckdb.connect(str(demo_store_path), read_only=True)
    cursor = con.cursor()
    try:
        state = FilterState(1, dt.date(2025, 1, 1), dt.date(2025, 12, 1), "all", ())
        pack = build_briefing_pack(cursor, pack_context(cursor, state), "london")
        judged = cursor.execute("SELECT count(*) FROM expected_counts WHERE dataset_id = 1 AND expected IS NOT NULL "
                                "AND month BETWEEN DATE '2025-01-01' AND DATE '2025-12-01'").fetchone()[0]
    finally:
        con.close()
    assert pack.stands_out.sentences and judged > 0
    expected = f"about {round(judged / 100):,} of the {judged:,} combinations judged would be above their range by " \
               "chance alone"
    assert expected in pack.stands_out.by_chance
    pdf = pack_documents.pack_pdf(pack, PackImages(problem="not drawn in this test"))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert expected in text
    assert expected.encode() in zip_text(pack_pptx(pack, PackImages(problem="not drawn in this test")))


def zip_text(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist() if name.startswith("ppt/slides/"))
