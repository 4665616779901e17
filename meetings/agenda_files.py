"""The agenda as PDF and PowerPoint, rendered from the same Agenda the page shows, with
the briefing pack's own table and slide machinery (exports/pack_documents.py and
exports/pack_slides.py), so both files look like the pack a meeting already knows."""

from __future__ import annotations

import io
from html import escape

import pandas as pd
from pptx import Presentation
from pptx.util import Inches

from exports.pack_documents import PDF_VARIANT
from exports.pack_html import AUTHOR, LANGUAGE, STYLESHEET, css_string, frame_table
from exports.pdf_artifacts import mark_untagged_content_as_artifacts
from exports.pack_slides import MARGIN, TABLE_ROWS_ON_A_SLIDE, TITLE_HEIGHT, WIDE, _add_table, _slide, _text_box
from figures.common import SYNTHETIC_LABEL
from meetings.agenda import Agenda

SECTIONS = (("New since the meeting", "new"), ("Open, oldest first", "open"), ("Closed since the meeting", "closed"))


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["signal_id"]).astype(object).where(frame.drop(columns=["signal_id"]).notna(), "")


SIGNAL_SHARE = 0.4  # the signal in words is the longest cell: two lines, not five


def _shares(frame: pd.DataFrame) -> list[float]:
    others = len(frame.columns) - 2  # less the signal and its id
    return [SIGNAL_SHARE] + [(1 - SIGNAL_SHARE) / others] * others


def agenda_pdf(agenda: Agenda) -> bytes:
    """The agenda as a tagged PDF (PDF/UA-1), laid out as the pack's is: headings, the
    tables as tables, the footer an artifact."""
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
    footer = agenda.title + (f". {SYNTHETIC_LABEL}." if agenda.synthetic else ".")
    document = f"""<!DOCTYPE html>
<html lang="{LANGUAGE}">
<head><meta charset="utf-8"><title>{escape(agenda.title)}</title>
<meta name="author" content="{escape(AUTHOR)}">
<style>
{STYLESHEET}
@page {{ @bottom-left {{ content: {css_string(footer)}; }} }}
</style></head>
<body><section>{"".join(parts)}</section></body>
</html>"""
    # Nothing is fetched: the agenda has no images, and a URL in it would be the client's.
    pdf = HTML(string=document, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf(pdf_variant=PDF_VARIANT)
    return mark_untagged_content_as_artifacts(pdf)


def agenda_pptx(agenda: Agenda) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE
    body_width = deck.slide_width - 2 * MARGIN
    first = _slide(deck, agenda.title)
    lines = [agenda.reviewed_sentence] + ([SYNTHETIC_LABEL] if agenda.synthetic else []) + [agenda.source]
    _text_box(first, MARGIN, TITLE_HEIGHT + Inches(0.4), body_width, Inches(3), lines, size=18)
    for heading, name in SECTIONS:
        frame = getattr(agenda, name)
        for start in range(0, max(len(frame), 1), TABLE_ROWS_ON_A_SLIDE):
            slide = _slide(deck, f"{heading} ({len(frame)})")
            if frame.empty:
                _text_box(slide, MARGIN, TITLE_HEIGHT + Inches(0.4), body_width, Inches(1), ["None."], size=18)
                continue
            part = _shown(frame.iloc[start:start + TABLE_ROWS_ON_A_SLIDE])
            _add_table(slide, part, {}, MARGIN, TITLE_HEIGHT + Inches(0.3), body_width,
                       deck.slide_height - TITLE_HEIGHT - Inches(1))
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
