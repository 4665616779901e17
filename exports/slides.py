"""What every deck of the dashboard's is made of (python-pptx): a 16:9 slide titled in
its own words, text boxes, PowerPoint tables, a chart's picture with its alternative
text, and the source line along the bottom with the synthetic label when the data is
generated. The briefing pack (exports/pack_slides.py) and the meeting's agenda
(meetings/agenda_files.py) are both built from these, so they look alike."""

from __future__ import annotations

import io

import pandas as pd
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from exports.pack_words import format_cell
from figures.common import SYNTHETIC_LABEL

WIDE = (Inches(13.333), Inches(7.5))  # 16:9, PowerPoint's default
MARGIN = Inches(0.5)
TITLE_HEIGHT = Inches(1.1)
SOURCE_HEIGHT = Inches(0.55)
TITLE_ONLY_LAYOUT = 5  # in python-pptx's default template
TITLE_LAYOUT = 0
TABLE_ROWS_ON_A_SLIDE = 12
WARNING = RGBColor(0x85, 0x64, 0x04)


def titled_slide(deck, title: str):
    """A new slide of the title-only layout, its title placed and wrapped."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = MARGIN, Inches(0.25), deck.slide_width - 2 * MARGIN, TITLE_HEIGHT
    shape.text = title
    for paragraph in shape.text_frame.paragraphs:
        paragraph.font.size = Pt(26)
    shape.text_frame.word_wrap = True
    return slide


def text_box(slide, left, top, width, height, lines: list[str], size: int = 14, color: RGBColor | None = None):
    """A text box of one paragraph per line; returns its text frame."""
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for number, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)
        if color is not None:
            paragraph.font.color.rgb = color
    return frame


def source_line(deck, slide, source: str, *, synthetic: bool) -> None:
    """The source along the slide's foot, and the synthetic label when the data is
    generated (unless the source already says so), so a slide reused alone keeps both."""
    warning = synthetic and SYNTHETIC_LABEL not in source
    lines = [source] + ([f"{SYNTHETIC_LABEL}: do not quote these figures."] if warning else [])
    text_box(slide, MARGIN, deck.slide_height - SOURCE_HEIGHT - Inches(0.1), deck.slide_width - 2 * MARGIN,
             SOURCE_HEIGHT, lines, size=10)


def add_table(slide, frame: pd.DataFrame, formats: dict, left, top, width, height, shares: list[float] | None = None):
    """The frame's first TABLE_ROWS_ON_A_SLIDE rows as a PowerPoint table, each cell in
    the table's own format (exports/pack_words.format_cell), its columns sharing `width`
    as `shares` say (default: evenly); returns the table."""
    shown = frame.head(TABLE_ROWS_ON_A_SLIDE)
    rows, columns = len(shown) + 1, max(len(shown.columns), 1)
    table = slide.shapes.add_table(rows, columns, left, top, width, Emu(min(height, Inches(0.4) * rows))).table
    for column, name in enumerate(shown.columns):
        table.cell(0, column).text = str(name)
    for row, record in enumerate(shown.astype(object).itertuples(index=False), start=1):
        for column, (value, name) in enumerate(zip(record, shown.columns)):
            table.cell(row, column).text = format_cell(value, name, formats)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(12)
    if shares is not None:
        for column, share in zip(table.columns, shares):
            column.width = Emu(int(width * share))
    return table


def chart_room(deck) -> tuple[int, int, int]:
    """(top, width, height) a chart has under the title and above the source line."""
    top = MARGIN + TITLE_HEIGHT
    return top, deck.slide_width - 2 * MARGIN, deck.slide_height - top - SOURCE_HEIGHT - Inches(0.3)


def add_chart_picture(deck, slide, png: bytes, alt: str) -> None:
    """The chart's PNG as large as its room allows, centred, with its alternative text,
    which PowerPoint reads out and keeps when the slide is reused."""
    top, room_wide, room_high = chart_room(deck)
    picture = slide.shapes.add_picture(io.BytesIO(png), MARGIN, top)
    scale = min(room_wide / picture.width, room_high / picture.height)
    picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
    picture.left = int(MARGIN + (room_wide - picture.width) / 2)
    picture._element.nvPicPr.cNvPr.set("descr", alt)
