"""The agenda as PDF and PowerPoint, rendered from the same Agenda the page shows and the
charts of its signals (meetings/agenda_charts.py), with the briefing pack's own table,
figure and slide machinery (exports/pack_html.py, exports/slides.py) and its renderer
(exports/briefing_pack.render_figures), so both files look like the pack a meeting
already knows."""

from __future__ import annotations

import io
from html import escape

import pandas as pd
from pptx import Presentation
from pptx.util import Inches

from exports.briefing_pack import PackImages, render_figures
from exports.figure_for_export import figure_for_export
from exports.pack_documents import PDF_VARIANT
from exports.pack_html import AUTHOR, LANGUAGE, STYLESHEET, css_string, figure_html, frame_table
from exports.pack_words import chart_alt_text
from exports.pdf_artifacts import mark_untagged_content_as_artifacts
from exports.slides import (MARGIN, TITLE_HEIGHT, WIDE, add_chart_picture, add_table, chart_room, source_line,
                            text_box, titled_slide)
from figures.common import SYNTHETIC_LABEL
from meetings.agenda import Agenda
from meetings.agenda_charts import AgendaCharts

SECTIONS = (("New since the meeting", "new"), ("Open, oldest first", "open"), ("Closed since the meeting", "closed"))
CHARTS_HEADING = "The signals' series against their expected range"
CHART_HEIGHT_CM = 10.5  # two charts to a page
# A chart's heading stays with its chart, and a chart is never split across pages.
AGENDA_STYLE = "h2 { break-after: avoid; } figure { break-inside: avoid; }"


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["signal_id"]).astype(object).where(frame.drop(columns=["signal_id"]).notna(), "")


SIGNAL_SHARE = 0.4  # the signal in words is the longest cell: two lines, not five
# A signal's row takes two lines on a slide: eight rows and the header fit above the source line.
ROWS_ON_A_SLIDE = 8


def _shares(frame: pd.DataFrame) -> list[float]:
    others = len(frame.columns) - 2  # less the signal and its id
    return [SIGNAL_SHARE] + [(1 - SIGNAL_SHARE) / others] * others


def render_agenda_images(charts: AgendaCharts) -> PackImages:
    """Each drawn chart's PNG, by its key, as the pack's are drawn; or why there are none."""
    return render_figures({chart.key: figure_for_export(chart.answer, chart.export) for chart in charts.charts
                           if chart.answer.message is None}, with_svg=False)


def _not_drawn(images: PackImages) -> str:
    return f"Chart not drawn ({images.problem or 'no image'}). The numbers it shows:"


def _charts_html(charts: AgendaCharts, images: PackImages) -> str:
    parts = [f"<h1>{escape(CHARTS_HEADING)}</h1>"]
    if charts.left_out_sentence:
        parts.append(f'<p class="small">{escape(charts.left_out_sentence)}</p>')
    for chart in charts.charts:
        parts.append(f"<h2>{escape(chart.heading)}</h2>")
        if chart.answer.message is not None:
            parts.append(f"<p>{escape(chart.answer.message)}</p>")
        elif chart.key in images.png:
            parts.append(figure_html(images.png[chart.key], chart_alt_text(chart.answer, chart.heading),
                                     CHART_HEIGHT_CM))
        else:
            parts.append(f'<p class="small">{escape(_not_drawn(images))}</p>' + frame_table(chart.answer.table))
    return "".join(parts)


def agenda_pdf(agenda: Agenda, charts: AgendaCharts, images: PackImages) -> bytes:
    """The agenda as a tagged PDF (PDF/UA-1), laid out as the pack's is: headings, the
    tables as tables, each chart a Figure with its alternative text, the footer (with the
    synthetic label, when the data is generated) an artifact on every page."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    parts = [f'<p class="kicker">Agenda</p>', f"<h1>{escape(agenda.title)}</h1>"]
    if agenda.synthetic:
        parts.append(f'<p class="big">{escape(SYNTHETIC_LABEL)}</p>')
    parts.append(f"<p>{escape(agenda.reviewed_sentence)}</p>")
    for heading, name in SECTIONS:
        frame = getattr(agenda, name)
        parts.append(f"<h2>{escape(heading)} ({len(frame)})</h2>")
        parts.append(frame_table(_shown(frame), _shares(frame)) if not frame.empty else "<p>None.</p>")
    parts.append(f'<p class="small gap">{escape(agenda.source)}</p>')
    sections = [f"<section>{''.join(parts)}</section>"]
    if charts.charts:
        sections.append(f"<section>{_charts_html(charts, images)}</section>")
    footer = agenda.title + (f". {SYNTHETIC_LABEL}." if agenda.synthetic else ".")
    document = f"""<!DOCTYPE html>
<html lang="{LANGUAGE}">
<head><meta charset="utf-8"><title>{escape(agenda.title)}</title>
<meta name="author" content="{escape(AUTHOR)}">
<style>
{STYLESHEET}
{AGENDA_STYLE}
@page {{ @bottom-left {{ content: {css_string(footer)}; }} }}
</style></head>
<body>{"".join(sections)}</body>
</html>"""
    # Only the data: URIs of the agenda's own chart images are read; nothing is fetched.
    pdf = HTML(string=document, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf(pdf_variant=PDF_VARIANT)
    return mark_untagged_content_as_artifacts(pdf)


def agenda_pptx(agenda: Agenda, charts: AgendaCharts, images: PackImages) -> bytes:
    """The agenda as slides: what it covers, its tables, then one slide per chart titled
    by its signal, each slide with its source line (and the synthetic label)."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE
    body_width = deck.slide_width - 2 * MARGIN
    first = titled_slide(deck, agenda.title)
    lines = [agenda.reviewed_sentence] + ([SYNTHETIC_LABEL] if agenda.synthetic else []) + \
        ([charts.left_out_sentence] if charts.left_out_sentence else [])
    text_box(first, MARGIN, TITLE_HEIGHT + Inches(0.4), body_width, Inches(3), lines, size=18)
    source_line(deck, first, agenda.source, synthetic=agenda.synthetic)
    for heading, name in SECTIONS:
        frame = getattr(agenda, name)
        for start in range(0, max(len(frame), 1), ROWS_ON_A_SLIDE):
            slide = titled_slide(deck, f"{heading} ({len(frame)})")
            source_line(deck, slide, agenda.source, synthetic=agenda.synthetic)
            if frame.empty:
                text_box(slide, MARGIN, TITLE_HEIGHT + Inches(0.4), body_width, Inches(1), ["None."], size=18)
                continue
            part = _shown(frame.iloc[start:start + ROWS_ON_A_SLIDE])
            top, width, height = chart_room(deck)
            add_table(slide, part, {}, MARGIN, top, width, height, shares=_shares(frame))
    for chart in charts.charts:
        _chart_slide(deck, agenda, chart, images)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _chart_slide(deck, agenda: Agenda, chart, images: PackImages) -> None:
    slide = titled_slide(deck, chart.heading)
    top, width, height = chart_room(deck)
    if chart.answer.message is not None:
        text_box(slide, MARGIN, top, width, Inches(1), [chart.answer.message], size=18)
    elif chart.key in images.png:
        add_chart_picture(deck, slide, images.png[chart.key], chart_alt_text(chart.answer, chart.heading))
    else:
        text_box(slide, MARGIN, top, width, Inches(0.5), [_not_drawn(images)], size=12)
        add_table(slide, chart.answer.table, {}, MARGIN, top + Inches(0.6), width, height - Inches(0.6))
    source_line(deck, slide, chart.answer.text.source or agenda.source, synthetic=agenda.synthetic)
    slide.notes_slide.notes_text_frame.text = "\n".join(filter(None, [
        chart.answer.text.title, *chart.answer.text.subtitle]))
