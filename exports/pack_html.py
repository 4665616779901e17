"""The briefing pack's PDF as semantic HTML, for WeasyPrint to lay out and tag
(exports/pack_documents.py): one <section> per entry of PDF_PAGES, headings <h1>/<h2>
in reading order, paragraphs, lists, tables with header cells (<th scope="col">), and
each chart as an <img> whose alt text is the chart's finding and what it shows. The
tags of the PDF (its structure tree) come from these elements, so a screen reader
reads the pack as it reads a web page.

Every word comes from the pack (exports/briefing_pack.py) and the words it shares with
the slides (exports/pack_words.py); every string is escaped, since a dataset's or a
borough's name is data. Images are data: URIs of the chart PNGs; nothing else is loaded.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import replace
from html import escape

import pandas as pd

from components.notices import BEYOND_POLICE_INTRO, CAVEATS, OVERLAP_WARNING
from exports.briefing_pack import (INCIDENT_CHART_KEYS, LONDON, PDF_PAGES, STANDS_OUT_CHANGES, BriefingPack,
                                   PackImages, PackTable, events_table)
from exports.pack_words import chart_alt_text, format_cell, headline_table, pack_sources, title_lines
from figures.common import SYNTHETIC_LABEL
from queries.incident_detail import views_need_incident_data_sentence
from stands_out.change_test import CHANGE_TEST_SENTENCE
from stands_out.expected_range import METHOD_SENTENCE

LANGUAGE = "en-GB"
AUTHOR = "London hate crime borough dashboard"
# A4 less the page margins (1.8 cm each side): the width a chart takes.
CONTENT_WIDTH_CM = 21.0 - 2 * 1.8
BODY_POINTS = 10.5          # the body text; every other size is a multiple of it (em), so a
CM_PER_EM = BODY_POINTS / 72 * 2.54  # section shrunk to fit its page shrinks whole, images too
CHART_HEIGHT_CM = 15.0
HEADLINE_CHART_HEIGHT_CM = 9.5
INCIDENT_CHART_HEIGHT_CM = 10.5  # two charts share the page
INCIDENT_CHART_VIEWS = ("combinations", "offence_types")  # what the page's two charts need

# Helvetica's metrics (the pack's font before it was tagged) in Liberation Sans, embedded
# as PDF/UA asks; DejaVu Sans draws any character it lacks.
FONT_STACK = '"Liberation Sans", Helvetica, Arial, "DejaVu Sans", sans-serif'


def _em(points: float, of: float = BODY_POINTS) -> str:
    """`points` at full size, in em of a `of`-point font: it shrinks with its section."""
    return f"{points / of:.4f}em"


TABLE_POINTS = 9
CELL_PADDING = f"{_em(2, TABLE_POINTS)} {_em(6, TABLE_POINTS)}"


STYLESHEET = f"""
@page {{
  size: A4;
  margin: 1.8cm 1.8cm 2.2cm 1.8cm;
  @bottom-left {{ font: 8pt {FONT_STACK}; color: #444; vertical-align: top; padding-top: 0.5cm; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font: 8pt {FONT_STACK}; color: #444;
                  vertical-align: top; padding-top: 0.5cm; }}
}}
html {{ font-family: {FONT_STACK}; color: #000; }}
body {{ margin: 0; }}
section {{ break-before: page; font-size: {BODY_POINTS}pt; line-height: 1.333; }}
section:first-of-type {{ break-before: auto; }}
h1, h2, p, ol, table, figure {{ margin: 0; }}
h1 {{ font-size: {_em(17)}; line-height: 1.235; margin-bottom: {_em(6)}; }}
h2 {{ font-size: {_em(12.5)}; line-height: 1.28; margin-top: {_em(10)}; margin-bottom: {_em(4)}; }}
p {{ margin-bottom: {_em(3)}; }}
.kicker {{ font-size: {_em(13)}; color: #444; margin-top: 2cm; margin-bottom: {_em(2)}; }}
h1.title {{ font-size: {_em(30)}; line-height: 1.2; margin-bottom: {_em(10)}; }}
.big {{ font-size: {_em(14)}; line-height: 1.357; }}
.small {{ font-size: {_em(8.5)}; line-height: 1.294; color: #333; }}
.gap {{ margin-top: {_em(11)}; }}
.box {{ background: #fff3cd; border: 0.8pt solid #9e9e9e; padding: {_em(6)} {_em(8)}; width: 15cm;
        margin: {_em(14)} 0 {_em(11)} 0; }}
.box p {{ margin: 0; }}
ol {{ list-style: none; padding: 0; }}
ol.numbered li {{ padding-left: 1.4em; text-indent: -1.4em; }}
ol li {{ margin-bottom: {_em(3)}; }}
figure {{ margin: {_em(8)} 0 {_em(4)} 0; }}
img {{ display: block; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin: {_em(2)} 0 {_em(4)} 0;
         font-size: {_em(TABLE_POINTS)}; line-height: 1.222; }}
th {{ background: #f0f0f0; font-weight: bold; text-align: left; vertical-align: top;
      border-bottom: 0.8pt solid #9e9e9e; padding: {CELL_PADDING}; }}
td {{ vertical-align: top; border-bottom: 0.3pt solid #9e9e9e; padding: {CELL_PADDING}; }}
thead {{ display: table-header-group; }}
"""


def css_string(text: str) -> str:
    """`text` as a CSS string literal: every character outside a plain set as a hex
    escape, so no quote, backslash or "</style>" in data can end it."""
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.:;()'-")
    return '"' + "".join(char if char in safe else f"\\{ord(char):x} " for char in str(text)) + '"'


def footer_left(pack: BriefingPack) -> str:
    text = f"{pack.title}, {pack.period.label}."
    return f"{text} {SYNTHETIC_LABEL}." if pack.is_synthetic else text


def pack_html(pack: BriefingPack, images: PackImages, tables: dict[str, pd.DataFrame],
              scales: list[float] | None = None, *, created: dt.datetime | None = None) -> str:
    """The pack's HTML: one <section> per page of PDF_PAGES, each at its font scale
    (1: as designed; less to fit its page)."""
    sections = pack_sections(pack, images, tables)
    scales = scales or [1.0] * len(sections)
    created = created or dt.datetime.now(dt.timezone.utc)
    body = "\n".join(
        f'<section id="page-{number}" style="font-size: {BODY_POINTS * scale:.3f}pt">\n{content}\n</section>'
        for number, (content, scale) in enumerate(zip(sections, scales), start=1))
    title = f"{pack.title}, {pack.period.label}"
    return f"""<!DOCTYPE html>
<html lang="{LANGUAGE}">
<head>
<meta charset="utf-8">
<title>{escape(title)}</title>
<meta name="author" content="{escape(AUTHOR)}">
<meta name="description" content="{escape(pack.context.source)}">
<meta name="generator" content="{escape(AUTHOR)}">
<meta name="dcterms.created" content="{created.isoformat(timespec='seconds')}">
<style>
{STYLESHEET}
@page {{ @bottom-left {{ content: {css_string(footer_left(pack))}; }} }}
</style>
</head>
<body>
{body}
</body>
</html>"""


def pack_sections(pack: BriefingPack, images: PackImages, tables: dict[str, pd.DataFrame]) -> list[str]:
    """Each page's HTML, in the order of PDF_PAGES."""
    sections = [
        _title_page(pack, images),
        _headline_page(pack, images, tables),
        _chart_page(pack, images, tables, "map"),
        _chart_page(pack, images, tables, "trend") + _events_list(pack),
        _chart_page(pack, images, tables, "comparison") + "".join(
            _table_section(table) for table in pack.tables if pack.area != LONDON),
        _stands_out_page(pack),
        _incident_page(pack, images, tables),
        _partners_page(pack, images, tables),
        _caveats_page(pack),
    ]
    assert len(sections) == len(PDF_PAGES)
    return sections


# ---- pieces ---------------------------------------------------------------------------

def _p(text: str, css_class: str = "") -> str:
    return f'<p class="{css_class}">{escape(str(text))}</p>' if css_class else f"<p>{escape(str(text))}</p>"


def _h1(text: str, css_class: str = "") -> str:
    return f'<h1 class="{css_class}">{escape(text)}</h1>' if css_class else f"<h1>{escape(text)}</h1>"


def _h2(text: str) -> str:
    return f"<h2>{escape(text)}</h2>"


def _titled(title: str, text: str) -> str:
    """"<b>Title.</b> text" as a paragraph."""
    return f"<p><b>{escape(title)}.</b> {escape(text)}</p>"


def _box(title: str, text: str) -> str:
    return f'<div class="box"><p><b>{escape(title)}</b> {escape(text)}</p></div>'


def _page_names(pack: BriefingPack) -> list[str]:
    names = list(PDF_PAGES)
    names[4] = "Against London and its group" if pack.area != LONDON else "Inner and outer London"
    return names


def _title_page(pack: BriefingPack, images: PackImages) -> str:
    period, strand, *about = title_lines(pack)
    parts = [_p("Hate crime briefing pack", "kicker"), _h1(pack.area_name, "title"), _p(period, "big"), _p(strand),
             '<div class="gap"></div>' if about else "", *[_p(line) for line in about]]
    if pack.is_synthetic:
        parts.append(_box(f"{SYNTHETIC_LABEL}.", "This pack was made from generated data to show what the "
                                                  "dashboard can do. Do not quote these figures."))
    if images.problem:
        parts.append(_box("Charts are not drawn in this pack.",
                          f"{images.problem} Each chart page gives the chart's numbers instead."))
    parts.append(_h2("Contents"))
    parts.append('<ol class="contents">' + "".join(
        f"<li>{escape(f'Page {number}. {name}')}</li>"
        for number, name in enumerate(_page_names(pack), start=1) if number > 1) + "</ol>")
    parts.append(f'<p class="small gap">{escape(OVERLAP_WARNING)}</p>')
    return "\n".join(parts)


def _headline_page(pack: BriefingPack, images: PackImages, tables) -> str:
    headline = headline_table(pack)
    return "\n".join([
        _h1(f"Headline figures: {pack.area_name}"),
        _p(f"{pack.context.strand_label}. Period {pack.period.label}; rolling 12 months to "
           f"{pack.state.end:%b %Y}.", "small"),
        frame_table(headline.frame, [0.38, 0.2, 0.42]),
        _table_section(pack.rolling, _shares(pack.rolling.frame, first=0.30)),
        _p(CHANGE_TEST_SENTENCE, "small"),
        _chart(pack, images, tables, "rolling", HEADLINE_CHART_HEIGHT_CM),
    ])


def _chart_page(pack: BriefingPack, images: PackImages, tables, key: str) -> str:
    chart = pack.charts[key]
    return "\n".join([_h1(chart.heading), _chart(pack, images, tables, key, CHART_HEIGHT_CM),
                      _p(chart.note, "small") if chart.note else ""])


def _chart(pack: BriefingPack, images: PackImages, tables, key: str, max_height_cm: float) -> str:
    """The chart's image with its alternative text, or, without images, its numbers."""
    if key not in images.png:
        return (_p(f"Chart not drawn ({images.problem or 'no image'}). The numbers it shows:", "small")
                + frame_table(tables[key]))
    return figure_html(images.png[key], chart_alt_text(pack.charts[key].answer, pack.charts[key].heading),
                       max_height_cm)


def figure_html(png: bytes, alt: str, max_height_cm: float) -> str:
    """A chart's PNG as a <figure> (a Figure in the tagged PDF) with its alternative
    text, the page's width unless that would make it taller than `max_height_cm`."""
    from PIL import Image as PillowImage

    with PillowImage.open(io.BytesIO(png)) as picture:
        pixels_wide, pixels_high = picture.size
    width = CONTENT_WIDTH_CM
    height = width * pixels_high / pixels_wide
    if height > max_height_cm:
        width, height = width * max_height_cm / height, max_height_cm
    source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return (f'<figure><img src="{source}" alt="{escape(alt)}" '
            f'style="width: {width / CM_PER_EM:.3f}em; height: {height / CM_PER_EM:.3f}em"></figure>')


def _incident_page(pack: BriefingPack, images: PackImages, tables) -> str:
    """Compound discrimination and offence types (incident extracts), or why published
    counts cannot show them."""
    parts = [_h1(f"What the incident data shows: {pack.area_name}")]
    keys = [key for key in INCIDENT_CHART_KEYS if key in pack.charts]
    if not keys:
        return "\n".join(parts + [_p(views_need_incident_data_sentence(list(INCIDENT_CHART_VIEWS)))])
    for key in keys:
        chart = pack.charts[key]
        parts += [_h2(chart.heading), _chart(pack, images, tables, key, INCIDENT_CHART_HEIGHT_CM),
                  _p(chart.note, "small")]
    return "\n".join(parts)


PARTNER_PANELS_ON_PAGE = 2     # the ZIP has every panel's PNG, SVG and CSV
PARTNER_PANEL_HEIGHT_CM = 6.5
PARTNER_TABLE_ROWS = 10        # the latest periods; the ZIP's CSV lists them all
PARTNER_TABLE_SHARES = [0.13, 0.12, 0.11, 0.14, 0.14, 0.14, 0.11, 0.11]


def _partners_page(pack: BriefingPack, images: PackImages, tables) -> str:
    """Partners' own figures beside the police's, never added to them (issue 20)."""
    partners = pack.partners
    parts = [_h1(f"Beyond police data: {pack.area_name}"), _p(BEYOND_POLICE_INTRO, "small")]
    hidden = ([_p(f"{partners.hidden} restricted partner file(s) are shown only to signed-in users.", "small")]
              if partners is not None and partners.hidden else [])
    if partners is None or not partners.loaded:
        return "\n".join(parts + [_p("No partner reports loaded.")] + hidden)
    for key in partners.chart_keys[:PARTNER_PANELS_ON_PAGE]:
        parts += [_h2(partners.badges[key]), _chart(pack, images, tables, key, PARTNER_PANEL_HEIGHT_CM)]
    more = partners.chart_keys[PARTNER_PANELS_ON_PAGE:]
    if more:
        parts.append(_p("Also in the ZIP (a chart each, with its numbers): "
                        + "; ".join(pack.charts[key].answer.text.title for key in more) + ".", "small"))
    parts += [_p(sentence, "small") for sentence in [
        *partners.quiet, *(["Not covered (not zero): " + " ".join(partners.not_covered)] if partners.not_covered else [])]]
    table = partners.table
    if table.message is not None:
        return "\n".join(parts + [_p(table.message)] + hidden)
    shares = PARTNER_TABLE_SHARES if len(table.frame.columns) == len(PARTNER_TABLE_SHARES) else None
    parts.append(_table_section(replace(table, frame=table.frame.head(PARTNER_TABLE_ROWS)), shares))
    if len(table.frame) > PARTNER_TABLE_ROWS:
        parts.append(_p(f"The latest {PARTNER_TABLE_ROWS} of {len(table.frame)} rows; the ZIP's '{table.name}' "
                        "CSV lists them all.", "small"))
    return "\n".join(parts + hidden)


def _events_list(pack: BriefingPack) -> str:
    if pack.events is None or pack.events.empty:
        return ""  # the chart's note says so
    return "\n" + _h2("Events marked on the trend") + frame_table(events_table(pack.events), [0.3, 0.7])


def _shares(frame: pd.DataFrame, *, first: float) -> list[float]:
    """Column widths: `first` for the first column, the rest shared evenly."""
    rest = max(len(frame.columns) - 1, 1)
    return [first] + [(1 - first) / rest] * rest


def _stands_out_page(pack: BriefingPack) -> str:
    stands_out = pack.stands_out
    if stands_out is None:
        return _h1("What stands out") + _p("Not worked out for this pack.")
    parts = [_h1(f"What stands out: {pack.area_name}"), _p(f"Every strand, {stands_out.where}.", "small"),
             _h2(stands_out.months_heading)]
    if len(stands_out.sentences) > 1:
        # The numbers are part of each item's text (not list markers, which a PDF draws
        # apart from the text), so text copied or read from the page keeps them in place.
        parts.append('<ol class="numbered">' + "".join(f"<li>{escape(f'{number}. {sentence}')}</li>"
                                                      for number, sentence in enumerate(stands_out.sentences, 1))
                     + "</ol>")
    else:
        parts += [_p(sentence) for sentence in stands_out.sentences]
    if stands_out.more_sentences:
        parts.append(_p(f"And {stands_out.more_sentences} more, less far above their range: the ZIP's "
                        f"'{stands_out.months_above.name}' CSV lists them all.", "small"))
    if stands_out.by_chance:
        parts.append(_p(stands_out.by_chance))
    parts += [_p(METHOD_SENTENCE, "small"), _h2(stands_out.changes_heading), _p(stands_out.changes_note)]
    if stands_out.changes is not None and not stands_out.changes.frame.empty:
        frame = stands_out.changes.frame
        shown = frame.head(STANDS_OUT_CHANGES)
        parts.append(frame_table(shown, [0.15, 0.19, 0.13, 0.13, 0.09, 0.19, 0.12], stands_out.changes.formats))
        if len(frame) > len(shown):
            parts.append(_p(f"And {len(frame) - len(shown)} more: the ZIP's '{stands_out.changes.name}' CSV "
                            "lists them all.", "small"))
    parts.append(_p(CHANGE_TEST_SENTENCE, "small"))
    return "\n".join(parts)


def _table_section(table: PackTable, shares=None) -> str:
    return "\n".join([_h2(table.heading), frame_table(table.frame, shares, table.formats),
                      _p(table.note, "small") if table.note else ""])


def _caveats_page(pack: BriefingPack) -> str:
    return "\n".join([_h1("Read before drawing conclusions"), _p(OVERLAP_WARNING),
                      *[_titled(title, text) for title, text in CAVEATS],
                      '<div class="gap"></div>', _h1("Sources"),
                      *[_titled(what, text) for what, text in pack_sources(pack)]])


def frame_table(frame: pd.DataFrame, shares=None, formats: dict | None = None) -> str:
    """A table with a header row of column headings (<th scope="col">) and one row per
    record, each cell in the table answer's own format."""
    shares = shares or [1 / max(len(frame.columns), 1)] * len(frame.columns)
    columns = "".join(f'<col style="width: {share * 100:.2f}%">' for share in shares)
    head = "".join(f'<th scope="col">{escape(str(column))}</th>' for column in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(format_cell(value, column, formats or {}))}</td>"
                         for value, column in zip(record, frame.columns)) + "</tr>"
        for record in frame.astype(object).itertuples(index=False))
    return f"<table><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
