"""The briefing pack's two documents: an A4 PDF of one page per section of PDF_PAGES and
a ZIP of its parts (the PDF, each chart as PNG and SVG, each chart's and table's numbers
as CSV).

The PDF is tagged (PDF/UA-1): exports/pack_html.py writes the pack as semantic HTML and
WeasyPrint lays it out and builds its structure tree from the elements: headings H1 and
H2 in reading order, paragraphs, lists, tables of TR/TH/TD, each chart a Figure with its
alternative text, the language (en-GB) and the title, shown as the window's title; the
footers are artifacts (exports/pdf_artifacts.py, pikepdf), page furniture a screen reader
skips.

Every page of the PDF is one section, shrunk to fit if it must, so the page count is
always len(PDF_PAGES) and a reader can refer to "page 3, the map".
"""

from __future__ import annotations

import io
import logging
import math
import zipfile

import pandas as pd

from components.notices import CAVEATS, OVERLAP_WARNING
from exports.briefing_pack import PDF_PAGES, BriefingPack, PackImages, PackTable, chart_tables, events_table
from exports.pack_html import pack_html
from exports.pack_words import headline_table  # noqa: F401  (the slides and tests import it from here)
from exports.pdf_artifacts import mark_untagged_content_as_artifacts
from figures.tables import table_csv
from figures.common import SYNTHETIC_LABEL
from geodata import BOUNDARY_ATTRIBUTION
from queries.schema import POPULATION_SOURCE

# WeasyPrint logs each step of every layout at INFO: a server's log wants only its warnings
# (a missing alt text, an unreadable image).
for _name in ("weasyprint", "weasyprint.progress"):
    logging.getLogger(_name).setLevel(logging.WARNING)

PDF_VARIANT = "pdf/ua-1"
# A section too long for its page is drawn again smaller (its text and images alike),
# by SHRINK_STEP when it ran onto a second page, faster when it ran onto more, until it
# fits; the last try is kept whatever it gives.
SHRINK_STEP = 0.88
FIT_TRIES = 10


def pack_pdf(pack: BriefingPack, images: PackImages) -> bytes:
    """The PDF for the meeting: the pages in PDF_PAGES, one section each, tagged."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    tables = chart_tables(pack)
    # Only the data: URIs of the pack's own images are read; nothing is fetched.
    fetcher = URLFetcher(allowed_protocols={"data"})
    cache: dict = {}  # decoded images, shared by the tries
    scales = [1.0] * len(PDF_PAGES)
    for _ in range(FIT_TRIES):
        document = HTML(string=pack_html(pack, images, tables, scales), url_fetcher=fetcher).render(
            pdf_variant=PDF_VARIANT, cache=cache)
        too_long = sections_too_long(document, len(PDF_PAGES))
        if not too_long:
            break
        for index, pages in too_long.items():
            scales[index] *= SHRINK_STEP / math.sqrt(pages - 1)
    # The footers (margin boxes) become artifacts: page furniture a screen reader skips.
    return mark_untagged_content_as_artifacts(document.write_pdf(pdf_variant=PDF_VARIANT, cache=cache))


def sections_too_long(document, sections: int) -> dict[int, int]:
    """Section index -> pages it takes, for the sections (<section id="page-N">) that run
    onto a second page: each starts a page, so section N fits when section N+1 starts on
    the next page."""
    starts = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("page-"):
                starts.setdefault(int(anchor.removeprefix("page-")) - 1, number)
    ends = [starts.get(index + 1, len(document.pages)) for index in range(sections)]
    spans = {index: ends[index] - starts.get(index, index) for index in range(sections)}
    return {index: pages for index, pages in spans.items() if pages > 1}


def pack_zip(pack: BriefingPack, images: PackImages, pdf: bytes) -> bytes:
    """The PDF, every chart as PNG and SVG, the numbers of every chart and table as CSV,
    and a README saying what each file is."""
    buffer = io.BytesIO()
    files = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        def add(path, content, what):
            archive.writestr(path, content)
            files.append((path, what))

        add(pack.filename("briefing-pack", "pdf"), pdf, "the briefing pack")
        for key, chart in pack.charts.items():
            if key in images.png:
                add(f"charts/{pack.filename(chart.name, 'png')}", images.png[key], f"chart: {chart.heading} (PNG, 2x)")
            if key in images.svg:
                add(f"charts/{pack.filename(chart.name, 'svg')}", images.svg[key], f"chart: {chart.heading} (SVG)")
        for key, frame in chart_tables(pack).items():
            chart = pack.charts[key]
            add(f"data/{pack.filename(chart.name, 'csv')}", table_csv(frame), f"numbers drawn in: {chart.heading}")
        stands_out = [] if pack.stands_out is None else [
            pack.stands_out.months_above, *([pack.stands_out.changes] if pack.stands_out.changes else [])]
        partners = [pack.partners.table] if pack.partners is not None and pack.partners.table.message is None else []
        for table in [headline_table(pack), pack.rolling, *pack.tables, *stands_out, *partners] + (
                [PackTable("events", "Events marked on the trend", events_table(pack.events))]
                if pack.events is not None and not pack.events.empty else []):
            add(f"data/{pack.filename(table.name, 'csv')}", table_csv(_with_note(table), table.formats), f"table: {table.heading}")
        archive.writestr("README.txt", _readme(pack, images, files))
    return buffer.getvalue()


def _with_note(table: PackTable) -> pd.DataFrame:
    """The table's CSV frame: its note, if any, in a last column, so it travels with the numbers."""
    return table.csv_frame()


def _readme(pack: BriefingPack, images: PackImages, files) -> str:
    lines = [
        f"{pack.title}, {pack.period.label}",
        "",
        f"Strand: {pack.context.strand_label}",
        f"Dataset: {pack.context.dataset.name}, data to {pack.data_date}",
        pack.context.source,
        f"Generated on {pack.generated_on:%d %B %Y} by the London hate crime borough dashboard.",
        "",
    ]
    if pack.is_synthetic:
        lines += [f"{SYNTHETIC_LABEL}: do not quote these figures.", ""]
    if images.problem:
        lines += [f"No chart images in this pack: {images.problem}", ""]
    lines += ["Files:"] + [f"  {path}: {what}" for path, what in files] + [
        "",
        "CSV files hold exactly the numbers drawn or tabled, one column per series, with units in the column",
        "names. " + OVERLAP_WARNING,
        "",
        "Read before drawing conclusions:",
    ] + [f"  {title}. {text}" for title, text in CAVEATS] + [
        "",
        f"Population: {POPULATION_SOURCE}.",
        f"Borough boundaries: ONS / London Datastore. {BOUNDARY_ATTRIBUTION}",
    ]
    return "\n".join(lines) + "\n"
