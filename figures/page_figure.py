"""A chart answer drawn on the page: its words framed around its figure (title, subtitle
and small print above, the source line under it) with margins that leave room for them.

The projector view (the address's view=present) is a parameter here, not a rewrite of
another output: it is the meeting deck's slide, one chart to a screen at full width, with
every text at least PROJECTOR_MIN_FONT pixels so the back of the room can read ticks, bar
labels and the source line; its height is left to the screen (assets/dashboard.css gives
the slide the window's height), so title and source are always inside it. Exports frame
the same answer their own way (exports/figure_for_export.py).
"""

from __future__ import annotations

import math
import textwrap

from figures.answer import ChartAnswer
from figures.common import FONT_FAMILY, copied, lean_template

TITLE_WRAP_CHARACTERS = 52  # fits a 5/12-width chart at 1366 px; longer titles wrap
FULL_WIDTH_TITLE_WRAP = 100
SUBTITLE_WRAP_RATIO = 1.3   # characters of 13 px subtitle per character of 17 px bold title
SOURCE_WRAP_CHARACTERS = 85  # the source line at 11 px stays inside a 5/12-width chart
SOURCE_LINE_PIXELS = 20  # one more line of the 11 px source line, with room for tick labels that wrap
MESSAGE_WRAP_CHARACTERS = 72  # a sentence in place of a chart stays inside a half-width chart
BASE_FONT_SIZE = 14
SUBTITLE_FONT_SIZE = 13
NOTE_FONT_SIZE = 12
SOURCE_FONT_SIZE = 11
LEGEND_FONT_SIZE = 13
MESSAGE_FONT_SIZE = 16
TITLE_LINE_PIXELS = 22
SUBTITLE_LINE_PIXELS = 18
LEGEND_ROW_PIXELS = 20
# Widths for estimating the legend's rows: Plotly measures text only once drawn.
TITLE_CHARACTER_PIXELS = 10    # a bold 17 px title's average character: a title's wrap width in px
LEGEND_CHARACTER_PIXELS = 6.5  # a 13 px legend's
LEGEND_SYMBOL_PIXELS = 40      # its symbol and the gap to the next item
SOURCE_NAME = "source"    # the source line's annotation name
MESSAGE_NAME = "message"  # the sentence drawn instead of a chart

# Plotly places a title's first baseline, not the top of its letters, at the padding: a
# larger title needs more, or its tops are cut (the projector view lost its first line).
TITLE_PAD = 14
PROJECTOR_SCALE = 1.75         # 14 px ticks become 24 px
PROJECTOR_MIN_FONT = 24        # no text on a slide smaller: bar labels, notes, the source line
# A slide is the window's width: about 62 characters of its 30 px bold title fit a 1280 px
# projector, the smallest in common use.
PROJECTOR_TITLE_WRAP = 62


def page_figure(answer: ChartAnswer, *, projector: bool = False) -> dict:
    """The figure dcc.Graph draws: a fresh dict on every call."""
    if not projector:
        return framed_figure(answer, title_wrap=title_wrap(answer), on_screen=True)
    return for_projector(framed_figure(answer, title_wrap=PROJECTOR_TITLE_WRAP, on_screen=True,
                                       scale=PROJECTOR_SCALE))


def title_wrap(answer: ChartAnswer) -> int:
    return FULL_WIDTH_TITLE_WRAP if answer.frame.full_width else TITLE_WRAP_CHARACTERS


def title_pad(scale: float) -> int:
    return round(TITLE_PAD * scale * scale)


def wrap_lines(lines, width: int) -> list[str]:
    return [wrapped for line in lines for wrapped in (textwrap.wrap(line, width) or [""])]


def title_markup(title_lines: list[str], subtitle_lines: list[str], note_lines: list[str],
                 *, scale: float = 1.0) -> str:
    """Plotly's title text, made from plain lines (escaped: the words are never markup)."""
    text = f"<b>{'<br>'.join(map(escape, title_lines))}</b>"
    small = [escape(line) for line in subtitle_lines] + [
        f"<span style='font-size:{scaled_size(NOTE_FONT_SIZE, scale)}px'>{escape(line)}</span>" for line in note_lines]
    if small:
        text += f"<br><span style='font-size:{scaled_size(SUBTITLE_FONT_SIZE, scale)}px'>{'<br>'.join(small)}</span>"
    return text


def scaled_size(size: float, scale: float) -> int:
    """A font size on the page (scale 1) or on a slide, where nothing is under PROJECTOR_MIN_FONT."""
    return round(size) if scale == 1 else max(PROJECTOR_MIN_FONT, round(size * scale))


def escape(text: str) -> str:
    """Plain words in Plotly's markup, which reads tags and entities."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text_lines(answer: ChartAnswer, *, title_wrap: int, on_screen: bool) -> tuple[list, list, list]:
    text = answer.text
    return (textwrap.wrap(text.title, title_wrap),
            wrap_lines(text.subtitle_lines(on_screen=on_screen), int(title_wrap * SUBTITLE_WRAP_RATIO)),
            # Notes wrap as the subtitle does: a licence line must not run off the chart.
            wrap_lines(list(text.notes), int(title_wrap * SUBTITLE_WRAP_RATIO)))


def _top_margin(answer: ChartAnswer, title_lines: int, small_lines: int, legend_rows: int = 1) -> int:
    if answer.frame.map_top is not None:
        # Each further subtitle line pushes the map down, not over it.
        return answer.frame.map_top + SUBTITLE_LINE_PIXELS * max(0, small_lines - 1)
    return 100 + TITLE_LINE_PIXELS * (title_lines - 1) + SUBTITLE_LINE_PIXELS * max(0, small_lines - 1) + \
        (20 if small_lines else 0) + LEGEND_ROW_PIXELS * max(0, legend_rows - 1)


def grown_height(answer: ChartAnswer, top: int, height: int | None = None) -> int:
    """The figure's height (`height`, or its frame's) grown by what its title, subtitle and
    legend take above one line each, so the plot keeps its height however long the words."""
    base = _top_margin(answer, 1, 1, 1)
    return (height or answer.frame.height) + max(0, top - base)


def legend_rows(answer: ChartAnswer, *, title_wrap: int) -> int:
    """How many rows the legend above the plot takes at this width: Plotly wraps a
    horizontal legend upwards, over the subtitle's last line, unless the margin has room."""
    layout = answer.figure.get("layout", {})
    legend = layout.get("legend", {})
    if layout.get("showlegend") is False or legend.get("orientation") == "v" or legend.get("y", 1) < 0:
        return 1
    names = [str(trace.get("name", "")) for trace in answer.figure.get("data", [])
             if trace.get("showlegend", True) is not False and trace.get("name")]
    width = title_wrap * TITLE_CHARACTER_PIXELS
    items = [LEGEND_SYMBOL_PIXELS + len(name) * LEGEND_CHARACTER_PIXELS for name in names]
    if sum(items) <= width:
        return 1
    # A legend that wraps is laid out in columns as wide as its widest item.
    per_row = max(1, int(width // max(items)))
    return math.ceil(len(items) / per_row)


def framed_figure(answer: ChartAnswer, *, title_wrap: int, on_screen: bool, scale: float = 1.0) -> dict:
    """The answer's figure with its words and margins, as the page shows it (the export
    starts from this with `on_screen` False and its own width; a slide with `scale`)."""
    if answer.message is not None:
        return _message_figure(answer)
    text, frame = answer.text, answer.frame
    title, subtitle, notes = _text_lines(answer, title_wrap=title_wrap, on_screen=on_screen)
    # A slide is the window's width, so its larger source line wraps at about the same count.
    source_lines = textwrap.wrap(text.source, SOURCE_WRAP_CHARACTERS if scale == 1 else PROJECTOR_TITLE_WRAP * 2)
    # Lines of the source past those the bottom margin holds: a map's source sits 40 px under
    # it, with room for two; any other chart's sits 78 px under, under the axis title, with
    # room for one (a wrapped "Data to May 2021." was clipped at the foot).
    is_map = frame.map_top is not None
    extra_source_lines = max(0, len(source_lines) - (2 if is_map else 1))
    line_scale = 1 if scale == 1 else PROJECTOR_MIN_FONT / SOURCE_FONT_SIZE
    margin = {"l": frame.sides[0], "r": frame.sides[1],
              "t": round(_top_margin(answer, len(title), len(subtitle) + len(notes),
                                     legend_rows(answer, title_wrap=title_wrap)) * scale),
              "b": round(((70 if is_map else 100) * scale) + SOURCE_LINE_PIXELS * line_scale * extra_source_lines)}
    source_shift = round((-40 if is_map else -78) * scale)
    drawn = copied(answer.figure.get("layout", {}))
    layout = {
        **drawn,
        # Anchored to the top of the image with padding, so tall letters are never clipped.
        "title": {"text": title_markup(title, subtitle, notes, scale=scale), "x": 0.01, "xanchor": "left",
                  "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": title_pad(scale)}},
        "font": {"family": FONT_FAMILY, "size": BASE_FONT_SIZE, "color": "#1a1a1a"},
        "template": lean_template(),
        "height": grown_height(answer, round(margin["t"] / scale)),
        "margin": {**margin, "t": margin["t"] + title_pad(scale) - TITLE_PAD},
        # Above the plot, under the title: below it, legends collide with tick labels.
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "font": {"size": LEGEND_FONT_SIZE},
                   **drawn.get("legend", {})},
        "annotations": list(drawn.get("annotations", [])) + [
            {"text": "<br>".join(map(escape, source_lines)), "showarrow": False, "xref": "paper", "yref": "paper",
             "x": 0, "y": 0, "yshift": source_shift, "xanchor": "left", "yanchor": "top",
             "font": {"size": SOURCE_FONT_SIZE, "color": "#444"}, "name": SOURCE_NAME}],
    }
    return {"data": copied(answer.figure.get("data", [])), "layout": layout}


def _message_figure(answer: ChartAnswer) -> dict:
    title = answer.text.title
    lines = textwrap.wrap(answer.message, MESSAGE_WRAP_CHARACTERS) or [""]
    return {"data": [], "layout": {
        "template": lean_template(), "height": answer.frame.height,
        "title": {"text": f"<b>{escape(title)}</b>" if title else "", "x": 0.01},
        "font": {"family": FONT_FAMILY, "size": BASE_FONT_SIZE},
        "xaxis": {"visible": False}, "yaxis": {"visible": False},
        "annotations": [{"text": "<br>".join(map(escape, lines)), "showarrow": False, "xref": "paper",
                         "yref": "paper", "x": 0.5, "y": 0.5, "font": {"size": MESSAGE_FONT_SIZE, "color": "#333"},
                         "name": MESSAGE_NAME}],
    }}


def for_projector(figure: dict) -> dict:
    """`figure` (a fresh framed figure, changed in place; its margins and its title's inline
    sizes were set by framed_figure's `scale`) as a slide: every font scaled up and at least
    PROJECTOR_MIN_FONT, and no height, so Plotly fills the slide's box (its CSS height)."""
    layout = figure.setdefault("layout", {})
    _scale_fonts(layout)
    _scale_fonts(figure.get("data", []))
    layout.pop("height", None)
    layout["autosize"] = True
    return figure


def _scale_fonts(node) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("font", "tickfont", "textfont", "insidetextfont", "outsidetextfont") and isinstance(value, dict):
                value["size"] = scaled_size(value.get("size") or BASE_FONT_SIZE, PROJECTOR_SCALE)
            else:
                _scale_fonts(value)
    elif isinstance(node, list):
        for item in node:
            _scale_fonts(item)
