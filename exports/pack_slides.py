"""The briefing pack as a PowerPoint file (python-pptx), for report writers who build
their slides from it: a title slide, the headline figures, one slide per chart (the
finding as the title, the image with its alternative text, the source line, and the
chart's numbers in the speaker notes), What stands out, and the caveats and sources.

Tables are PowerPoint tables, so their numbers can be edited and restyled; long ones
show their first rows and say the ZIP's CSV has them all.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
from pptx import Presentation
from pptx.util import Inches, Pt

from components.notices import CAVEATS, OVERLAP_WARNING
from exports.briefing_pack import STANDS_OUT_CHANGES, BriefingPack, PackImages, PackTable, chart_tables
from exports.pack_html import PARTNER_TABLE_ROWS
from exports.pack_words import chart_alt_text, headline_table, pack_sources, title_lines
from exports.slides import (MARGIN, TABLE_ROWS_ON_A_SLIDE, TITLE_HEIGHT, TITLE_LAYOUT, WARNING, WIDE, add_chart_picture,
                            add_table, chart_room, source_line, text_box, titled_slide)
from figures.common import SYNTHETIC_LABEL
from figures.tables import shown_values
from stands_out.change_test import CHANGE_TEST_SENTENCE
from stands_out.expected_range import METHOD_SENTENCE


def pack_pptx(pack: BriefingPack, images: PackImages) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE
    _title_slide(deck, pack, images)
    _table_slide(deck, f"Headline figures: {pack.area_name}", headline_table(pack), pack,
                 notes=f"{pack.context.strand_label}. Period {pack.period.label}.")
    _table_slide(deck, pack.rolling.heading, pack.rolling, pack, notes=CHANGE_TEST_SENTENCE)
    tables = chart_tables(pack)
    for key, chart in pack.charts.items():
        _chart_slide(deck, pack, images, key, tables[key])
    if pack.stands_out is not None:
        _stands_out_slides(deck, pack)
    if pack.partners is not None and pack.partners.table.message is None:
        table = pack.partners.table
        _table_slide(deck, table.heading, replace(table, frame=table.frame.head(PARTNER_TABLE_ROWS)), pack,
                     notes=table.note)
    _caveats_slide(deck, pack)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _source_line(deck, slide, pack: BriefingPack, source: str) -> None:
    source_line(deck, slide, source, synthetic=pack.is_synthetic)


def _title_slide(deck, pack: BriefingPack, images: PackImages) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    slide.shapes.title.text = f"Hate crime briefing pack: {pack.area_name}"
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, Inches(0.8), deck.slide_width - 2 * MARGIN, Inches(1.6)
    subtitle = slide.placeholders[1]
    # Placed, not left to the template: the warnings below must never sit on these lines.
    subtitle.left, subtitle.top = MARGIN, Inches(2.6)
    subtitle.width, subtitle.height = deck.slide_width - 2 * MARGIN, Inches(2.6)
    subtitle.text_frame.text = title_lines(pack)[0]
    for line in title_lines(pack)[1:]:
        subtitle.text_frame.add_paragraph().text = line
    for paragraph in subtitle.text_frame.paragraphs:
        paragraph.font.size = Pt(14)
    warnings = ([f"{SYNTHETIC_LABEL}. This pack was made from generated data to show what the dashboard can "
                 "do. Do not quote these figures."] if pack.is_synthetic else [])
    if images.problem:
        warnings.append(f"Charts are not drawn in this pack. {images.problem} Each chart slide gives the chart's "
                        "numbers instead.")
    text_box(slide, MARGIN, Inches(5.4), deck.slide_width - 2 * MARGIN, Inches(1.8),
             warnings + [OVERLAP_WARNING], size=12, color=WARNING)


def _table_slide(deck, title: str, table: PackTable, pack: BriefingPack, notes: str = "") -> None:
    slide = titled_slide(deck, title)
    top, width, height = chart_room(deck)
    add_table(slide, table.frame, table.formats, MARGIN, top, width, height)
    more = len(table.frame) - TABLE_ROWS_ON_A_SLIDE
    extra = [f"And {more} more rows: the ZIP's '{table.name}' CSV has them all."] if more > 0 else []
    _source_line(deck, slide, pack, " ".join([table.note or "", *extra]).strip() or pack.context.source)
    slide.notes_slide.notes_text_frame.text = "\n".join(filter(None, [notes, table.note or ""]))


def _chart_slide(deck, pack: BriefingPack, images: PackImages, key: str, numbers: pd.DataFrame) -> None:
    chart = pack.charts[key]
    text = chart.answer.text
    slide = titled_slide(deck, text.title or chart.heading)
    if key in images.png:
        add_chart_picture(deck, slide, images.png[key], chart_alt_text(chart.answer, chart.heading))
    else:
        top, room_wide, room_high = chart_room(deck)
        text_box(slide, MARGIN, top, room_wide, Inches(0.5),
                 [f"Chart not drawn ({images.problem or 'no image'}). The numbers it shows:"], size=12)
        add_table(slide, numbers, {}, MARGIN, top + Inches(0.6), room_wide, room_high - Inches(0.6))
    _source_line(deck, slide, pack, text.source or pack.context.source)
    slide.notes_slide.notes_text_frame.text = "\n".join(filter(None, [
        chart.heading, *text.subtitle, chart.note, "The numbers drawn:", _as_text(numbers)]))


def _as_text(frame: pd.DataFrame) -> str:
    """The table as tab-separated lines, each number at the precision the page shows it:
    it pastes into Excel or Word as a table."""
    return shown_values(frame).to_csv(sep="\t", index=False).strip()


def _stands_out_slides(deck, pack: BriefingPack) -> None:
    stands_out = pack.stands_out
    slide = titled_slide(deck, f"What stands out: {pack.area_name}. {stands_out.months_heading}")
    lines = [f"{number}. {sentence}" for number, sentence in enumerate(stands_out.sentences, start=1)]
    if stands_out.more_sentences:
        lines.append(f"And {stands_out.more_sentences} more, less far above their range: the ZIP's "
                     f"'{stands_out.months_above.name}' CSV lists them all.")
    if stands_out.by_chance:
        lines.append(stands_out.by_chance)
    frame = text_box(slide, MARGIN, MARGIN + TITLE_HEIGHT, deck.slide_width - 2 * MARGIN, Inches(5), lines,
                     size=14)
    method = frame.add_paragraph()
    method.text = METHOD_SENTENCE
    method.font.size = Pt(11)
    method.space_before = Pt(12)
    _source_line(deck, slide, pack, pack.context.source)
    if stands_out.changes is not None and not stands_out.changes.frame.empty:
        changes = replace(stands_out.changes, heading=stands_out.changes_heading,
                          frame=stands_out.changes.frame.head(STANDS_OUT_CHANGES), note=stands_out.changes_note)
        _table_slide(deck, stands_out.changes_heading, changes, pack, notes=CHANGE_TEST_SENTENCE)


def _caveats_slide(deck, pack: BriefingPack) -> None:
    slide = titled_slide(deck, "Read before drawing conclusions")
    lines = [OVERLAP_WARNING] + [f"{title}. {text}" for title, text in CAVEATS] + \
        ["Sources:"] + [f"{what}. {text}" for what, text in pack_sources(pack)]
    text_box(slide, MARGIN, MARGIN + TITLE_HEIGHT, deck.slide_width - 2 * MARGIN,
             deck.slide_height - MARGIN - TITLE_HEIGHT - Inches(0.3), lines, size=11)
