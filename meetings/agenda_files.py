"""The agenda as PDF and PowerPoint, rendered from the same Agenda the page shows, with
the briefing pack's own table and slide machinery (exports/pack_documents.py and
exports/pack_slides.py), so both files look like the pack a meeting already knows."""

from __future__ import annotations

import io

import pandas as pd
from pptx import Presentation
from pptx.util import Inches
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Spacer

from exports.pack_documents import PAGE_MARGIN, _frame_table, _p
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
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN,
                                 topMargin=PAGE_MARGIN, bottomMargin=PAGE_MARGIN, title=agenda.title,
                                 author="London hate crime dashboard", lang="en-GB")
    width = A4[0] - 2 * PAGE_MARGIN - 12
    story = [_p("Agenda", "kicker"), _p(agenda.title, "h1")]
    if agenda.synthetic:
        story.append(_p(SYNTHETIC_LABEL, "big"))
    story += [_p(agenda.reviewed_sentence, "body"), Spacer(1, 6)]
    for heading, name in SECTIONS:
        frame = getattr(agenda, name)
        story.append(_p(f"{heading} ({len(frame)})", "h2"))
        story.append(_frame_table(_shown(frame), width, _shares(frame)) if not frame.empty else _p("None.", "body"))
    story += [Spacer(1, 8), _p(agenda.source, "small")]
    document.build(story)
    return buffer.getvalue()


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
