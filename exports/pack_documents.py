"""The briefing pack's two documents: an A4 PDF of one page per section of PDF_PAGES
(reportlab) and a ZIP of its parts (the PDF, each chart as PNG and SVG, each chart's and
table's numbers as CSV).

Every page of the PDF is one section, shrunk to fit if it must, so the page count is
always len(PDF_PAGES) and a reader can refer to "page 3, the map".
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (Image, KeepInFrame, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

from components.notices import BEYOND_POLICE_INTRO, CAVEATS, OVERLAP_WARNING
from exports.briefing_pack import (INCIDENT_CHART_KEYS, LONDON, PDF_PAGES, STANDS_OUT_CHANGES, BriefingPack,
                                   PackImages, PackTable,
                                   chart_tables, events_table)
from exports.pack_words import format_cell, pack_sources, title_lines
from figures.tables import table_csv
from figures.common import SYNTHETIC_LABEL
from geodata import BOUNDARY_ATTRIBUTION
from queries.incident_detail import views_need_incident_data_sentence
from queries.schema import POPULATION_SOURCE
from stands_out.change_test import CHANGE_TEST_SENTENCE, VERDICT_MARKERS
from stands_out.expected_range import METHOD_SENTENCE

PAGE_MARGIN = 1.8 * cm
FRAME_PADDING = 6  # points: reportlab's default frame padding, each side
TABLE_FONT_SIZE = 9
LIGHT_GREY = colors.HexColor("#f0f0f0")
RULE_GREY = colors.HexColor("#9e9e9e")
WARNING_BACKGROUND = colors.HexColor("#fff3cd")
# The verdicts' marker shapes are not in Helvetica's character set; ZapfDingbats, one of
# the fonts every PDF reader has, draws them (reportlab maps each character to its glyph:
# a76, a77, a71). The dash of "too few offences to compare" is Helvetica's own en dash.
ZAPF_MARKERS = ("▲", "▼", "●")
assert set(ZAPF_MARKERS) | {"–"} == set(VERDICT_MARKERS.values())

_base = getSampleStyleSheet()
STYLES = {
    "kicker": ParagraphStyle("kicker", parent=_base["Normal"], fontSize=13, leading=16,
                             textColor=colors.HexColor("#444444")),
    "title": ParagraphStyle("title", parent=_base["Title"], fontSize=30, leading=36, alignment=TA_LEFT, spaceAfter=10),
    "h1": ParagraphStyle("h1", parent=_base["Heading1"], fontSize=17, leading=21, spaceAfter=6),
    "h2": ParagraphStyle("h2", parent=_base["Heading2"], fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=4),
    "body": ParagraphStyle("body", parent=_base["BodyText"], fontSize=10.5, leading=14),
    "big": ParagraphStyle("big", parent=_base["BodyText"], fontSize=14, leading=19),
    "small": ParagraphStyle("small", parent=_base["BodyText"], fontSize=8.5, leading=11,
                            textColor=colors.HexColor("#333333")),
    "cell": ParagraphStyle("cell", parent=_base["BodyText"], fontSize=TABLE_FONT_SIZE, leading=TABLE_FONT_SIZE + 2),
    "head": ParagraphStyle("head", parent=_base["BodyText"], fontSize=TABLE_FONT_SIZE, leading=TABLE_FONT_SIZE + 2,
                           fontName="Helvetica-Bold"),
}


def pack_pdf(pack: BriefingPack, images: PackImages) -> bytes:
    """The PDF for the meeting: the pages in PDF_PAGES, one section each."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN, topMargin=PAGE_MARGIN,
        bottomMargin=PAGE_MARGIN + 0.4 * cm, title=f"{pack.title}, {pack.period.label}",
        author="London hate crime borough dashboard", subject=pack.context.source,
        creator="London hate crime borough dashboard")
    width = document.width - 2 * FRAME_PADDING
    height = document.height - 2 * FRAME_PADDING
    tables = chart_tables(pack)
    sections = [
        _title_page(pack, images),
        _headline_page(pack, images, tables, width),
        _chart_page(pack, images, tables, "map", width),
        _chart_page(pack, images, tables, "trend", width) + _events_list(pack, width),
        _chart_page(pack, images, tables, "comparison", width) + [
            flowable for table in pack.tables if pack.area != LONDON for flowable in _table_section(table, width)],
        _stands_out_page(pack, width),
        _incident_page(pack, images, tables, width),
        _partners_page(pack, images, tables, width),
        _caveats_page(pack),
    ]
    assert len(sections) == len(PDF_PAGES)
    story = []
    for index, section in enumerate(sections):
        story.append(KeepInFrame(width, height, section, mode="shrink"))
        if index < len(sections) - 1:
            story.append(PageBreak())

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.HexColor("#444444"))
        left = f"{pack.title}, {pack.period.label}."
        if pack.is_synthetic:
            left += f" {SYNTHETIC_LABEL}."
        canvas.drawString(PAGE_MARGIN, PAGE_MARGIN * 0.6, left)
        canvas.drawRightString(A4[0] - PAGE_MARGIN, PAGE_MARGIN * 0.6, f"Page {doc.page} of {len(PDF_PAGES)}")
        canvas.restoreState()

    document.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


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
            add(f"data/{pack.filename(table.name, 'csv')}", table_csv(_with_note(table)), f"table: {table.heading}")
        archive.writestr("README.txt", _readme(pack, images, files))
    return buffer.getvalue()


def _with_note(table: PackTable) -> pd.DataFrame:
    """The table's CSV frame: its note, if any, in a last column, so it travels with the numbers."""
    return table.csv_frame()


def headline_table(pack: BriefingPack) -> PackTable:
    return PackTable("headline-figures", "Headline figures", pd.DataFrame(
        [{"Measure": item.measure, "Figure": item.figure, "Compared with": item.compared_with}
         for item in pack.headlines]))


# ---- pages ----------------------------------------------------------------------------

def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(str(text)), STYLES[style])


def _boxed(paragraphs, width, background) -> Table:
    box = Table([[paragraphs]], colWidths=[width])
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), background), ("BOX", (0, 0), (-1, -1), 0.8, RULE_GREY),
                             ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                             ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return box


def _title_page(pack: BriefingPack, images: PackImages) -> list:
    period, strand, *about = title_lines(pack)
    flowables = [
        Spacer(1, 2 * cm),
        _p("Hate crime briefing pack", "kicker"),
        _p(pack.area_name, "title"),
        _p(period, "big"),
        _p(strand, "body"),
        Spacer(1, 0.4 * cm),
        *[_p(line, "body") for line in about],
        Spacer(1, 0.5 * cm),
    ]
    if pack.is_synthetic:
        flowables.append(_boxed([Paragraph(f"<b>{SYNTHETIC_LABEL}.</b> This pack was made from generated data "
                                           "to show what the dashboard can do. Do not quote these figures.",
                                           STYLES["body"])], 15 * cm, WARNING_BACKGROUND))
        flowables.append(Spacer(1, 0.4 * cm))
    if images.problem:
        flowables.append(_boxed([Paragraph(f"<b>Charts are not drawn in this pack.</b> {escape(images.problem)} "
                                           "Each chart page gives the chart's numbers instead.", STYLES["body"])],
                                15 * cm, WARNING_BACKGROUND))
        flowables.append(Spacer(1, 0.4 * cm))
    flowables.append(_p("Contents", "h2"))
    flowables += [_p(f"Page {number}. {name}", "body") for number, name in enumerate(_page_names(pack), start=1)][1:]
    flowables += [Spacer(1, 0.5 * cm), _p(OVERLAP_WARNING, "small")]
    return flowables


def _page_names(pack: BriefingPack) -> list[str]:
    names = list(PDF_PAGES)
    names[4] = "Against London and its group" if pack.area != LONDON else "Inner and outer London"
    return names


def _headline_page(pack: BriefingPack, images: PackImages, tables, width) -> list:
    headline = headline_table(pack)
    return ([_p(f"Headline figures: {pack.area_name}", "h1"),
             _p(f"{pack.context.strand_label}. Period {pack.period.label}; rolling 12 months to "
                f"{pack.state.end:%b %Y}.", "small"),
             _frame_table(headline.frame, width, [0.38, 0.2, 0.42])]
            + _table_section(pack.rolling, width, _shares(pack.rolling.frame, first=0.30))
            + [_p(CHANGE_TEST_SENTENCE, "small")]
            + [Spacer(1, 0.3 * cm)] + _chart_flowables(pack, images, tables, "rolling", width, max_height=9.5 * cm))


def _chart_page(pack: BriefingPack, images: PackImages, tables, key: str, width) -> list:
    chart = pack.charts[key]
    return [_p(chart.heading, "h1")] + _chart_flowables(pack, images, tables, key, width) + (
        [Spacer(1, 0.2 * cm), _p(chart.note, "small")] if chart.note else [])


def _chart_flowables(pack, images: PackImages, tables, key: str, width, max_height=15 * cm) -> list:
    if key in images.png:
        from PIL import Image as PillowImage

        with PillowImage.open(io.BytesIO(images.png[key])) as picture:
            pixels_wide, pixels_high = picture.size
        image_width = width
        image_height = width * pixels_high / pixels_wide
        if image_height > max_height:
            image_width, image_height = image_width * max_height / image_height, max_height
        return [Image(io.BytesIO(images.png[key]), width=image_width, height=image_height)]
    return [_p(f"Chart not drawn ({images.problem or 'no image'}). The numbers it shows:", "small"),
            _frame_table(tables[key], width)]


INCIDENT_CHART_HEIGHT = 10.5 * cm  # two charts share the page
INCIDENT_CHART_VIEWS = ("combinations", "offence_types")  # what the page's two charts need (queries/incident_detail.py)


def _incident_page(pack: BriefingPack, images: PackImages, tables, width) -> list:
    """Compound discrimination and offence types (incident extracts), or why published
    counts cannot show them."""
    heading = [_p(f"What the incident data shows: {pack.area_name}", "h1")]
    keys = [key for key in INCIDENT_CHART_KEYS if key in pack.charts]
    if not keys:
        return heading + [_p(views_need_incident_data_sentence(list(INCIDENT_CHART_VIEWS)))]
    flowables = list(heading)
    for key in keys:
        chart = pack.charts[key]
        flowables += [_p(chart.heading, "h2")] + _chart_flowables(
            pack, images, tables, key, width, max_height=INCIDENT_CHART_HEIGHT) + [_p(chart.note, "small")]
    return flowables


PARTNER_PANELS_ON_PAGE = 2     # the ZIP has every panel's PNG, SVG and CSV
PARTNER_PANEL_HEIGHT = 6.5 * cm
PARTNER_TABLE_ROWS = 10


def _partners_page(pack: BriefingPack, images: PackImages, tables, width) -> list:
    """Partners' own figures beside the police's, never added to them (issue 20)."""
    partners = pack.partners
    flowables = [_p(f"Beyond police data: {pack.area_name}", "h1"), _p(BEYOND_POLICE_INTRO, "small")]
    if partners is None or not partners.loaded:
        return flowables + [_p("No partner reports loaded.")] + (
            [_p(f"{partners.hidden} restricted partner file(s) are shown only to signed-in users.", "small")]
            if partners is not None and partners.hidden else [])
    for key in partners.chart_keys[:PARTNER_PANELS_ON_PAGE]:
        flowables += [_p(partners.badges[key], "h2")] + _chart_flowables(
            pack, images, tables, key, width, max_height=PARTNER_PANEL_HEIGHT)
    more = partners.chart_keys[PARTNER_PANELS_ON_PAGE:]
    if more:
        flowables.append(_p("Also in the ZIP (a chart each, with its numbers): "
                            + "; ".join(pack.charts[key].answer.text.title for key in more) + ".", "small"))
    for sentence in [*partners.quiet, *(["Not covered (not zero): " + " ".join(partners.not_covered)]
                                        if partners.not_covered else [])]:
        flowables.append(_p(sentence, "small"))
    table = partners.table
    if table.message is not None:
        return flowables + [_p(table.message)]
    shown = replace(table, frame=table.frame.head(PARTNER_TABLE_ROWS))
    flowables += _table_section(shown, width, [0.13, 0.12, 0.11, 0.14, 0.14, 0.14, 0.11, 0.11])
    if len(table.frame) > PARTNER_TABLE_ROWS:
        flowables.append(_p(f"The latest {PARTNER_TABLE_ROWS} of {len(table.frame)} rows; the ZIP's '{table.name}' "
                            "CSV lists them all.", "small"))
    if partners.hidden:
        flowables.append(_p(f"{partners.hidden} restricted partner file(s) are shown only to signed-in users.", "small"))
    return flowables


def _events_list(pack: BriefingPack, width) -> list:
    if pack.events is None or pack.events.empty:
        return []  # the chart's note says so
    return [_p("Events marked on the trend", "h2"), _frame_table(events_table(pack.events), width, [0.3, 0.7])]


def _shares(frame: pd.DataFrame, *, first: float) -> list[float]:
    """Column widths: `first` for the first column, the rest shared evenly."""
    rest = max(len(frame.columns) - 1, 1)
    return [first] + [(1 - first) / rest] * rest


def _stands_out_page(pack: BriefingPack, width) -> list:
    stands_out = pack.stands_out
    if stands_out is None:
        return [_p("What stands out", "h1"), _p("Not worked out for this pack.")]
    flowables = [_p(f"What stands out: {pack.area_name}", "h1"),
                 _p(f"Every strand, {stands_out.where}.", "small"),
                 _p(stands_out.months_heading, "h2")]
    flowables += [_p(f"{number}. {sentence}") for number, sentence in enumerate(stands_out.sentences, start=1)] \
        if len(stands_out.sentences) > 1 else [_p(sentence) for sentence in stands_out.sentences]
    if stands_out.more_sentences:
        flowables.append(_p(f"And {stands_out.more_sentences} more, less far above their range: the ZIP's "
                            f"'{stands_out.months_above.name}' CSV lists them all.", "small"))
    if stands_out.by_chance:
        flowables.append(_p(stands_out.by_chance))
    flowables += [Spacer(1, 0.15 * cm), _p(METHOD_SENTENCE, "small"), _p(stands_out.changes_heading, "h2"),
                  _p(stands_out.changes_note)]
    if stands_out.changes is not None and not stands_out.changes.frame.empty:
        frame = stands_out.changes.frame
        shown = frame.head(STANDS_OUT_CHANGES)
        flowables.append(_frame_table(shown, width, [0.15, 0.19, 0.13, 0.13, 0.09, 0.19, 0.12],
                                      stands_out.changes.formats))
        if len(frame) > len(shown):
            flowables.append(_p(f"And {len(frame) - len(shown)} more: the ZIP's '{stands_out.changes.name}' CSV "
                                "lists them all.", "small"))
    flowables += [Spacer(1, 0.15 * cm), _p(CHANGE_TEST_SENTENCE, "small")]
    return flowables


def _table_section(table: PackTable, width, shares=None) -> list:
    return [_p(table.heading, "h2"), _frame_table(table.frame, width, shares, table.formats)] + (
        [Spacer(1, 0.1 * cm), _p(table.note, "small")] if table.note else [])


def _caveats_page(pack: BriefingPack) -> list:
    flowables = [_p("Read before drawing conclusions", "h1"), _p(OVERLAP_WARNING)]
    flowables += [Paragraph(f"<b>{escape(title)}.</b> {escape(text)}", STYLES["body"]) for title, text in CAVEATS]
    flowables += [Spacer(1, 0.4 * cm), _p("Sources", "h1")]
    flowables += [Paragraph(f"<b>{escape(what)}.</b> {escape(text)}", STYLES["body"])
                  for what, text in pack_sources(pack)]
    return flowables


def _cell_markup(value, column: str, formats: dict) -> str:
    """A cell as paragraph markup: escaped text, with any verdict marker drawn in
    ZapfDingbats (see ZAPF_MARKERS)."""
    text = escape(format_cell(value, column, formats))
    for marker in ZAPF_MARKERS:
        text = text.replace(marker, f'<font name="ZapfDingbats" size="{TABLE_FONT_SIZE - 2}">{marker}</font>')
    return text


def _frame_table(frame: pd.DataFrame, width, shares=None, formats: dict | None = None) -> Table:
    shares = shares or [1 / max(len(frame.columns), 1)] * len(frame.columns)
    rows = [[Paragraph(escape(str(column)), STYLES["head"]) for column in frame.columns]]
    for record in frame.astype(object).itertuples(index=False):
        rows.append([Paragraph(_cell_markup(value, column, formats or {}), STYLES["cell"])
                     for value, column in zip(record, frame.columns)])
    table = Table(rows, colWidths=[width * share for share in shares], repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT_GREY),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE_GREY),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE_GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _readme(pack: BriefingPack, images: PackImages, files) -> str:
    lines = [
        f"{pack.title}, {pack.period.label}",
        "",
        f"Strand: {pack.context.strand_label}",
        f"Dataset: {pack.context.dataset.label}, data to {pack.data_date}",
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
