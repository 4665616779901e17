"""What a chart definition answers with: its words, the table of numbers it draws and
its figure as a plain dict. Every output (the page, the projector, PNG/SVG, CSV, "Show
as table", the briefing pack) renders from this answer; none reads another's output.

    answer = ChartAnswer(ChartText("Westminster had the highest rate: ...", source=...),
                         table=frame, figure={"data": [...], "layout": {"xaxis": ...}})

The figure holds what is drawn (traces, axes, shapes, event labels, hovers) and nothing
about how it is framed: no title markup, margins, fonts or source line. Those come from
the renderers (figures/page_figure.py, exports/figure_for_export.py), from the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

NO_NUMBERS = "This chart draws no numbers."


@dataclass(frozen=True)
class ChartText:
    """The chart's words, as plain text: nothing here is markup."""

    title: str                           # the finding ("Camden recorded the most offences: 695")
    subtitle: tuple[str, ...] = ()       # what the chart is, one entry per line (renderers wrap long ones)
    notes: tuple[str, ...] = ()          # caveats in small print under the subtitle
    screen_hint: str = ""                # only on screen ("Click a borough to open its profile.")
    source: str = ""                     # the source line, or the synthetic label

    def subtitle_lines(self, *, on_screen: bool) -> list[str]:
        """The subtitle's lines, with the screen hint closing the first one on screen."""
        lines = list(self.subtitle)
        if on_screen and self.screen_hint:
            lines = [f"{lines[0]} {self.screen_hint}" if lines else self.screen_hint, *lines[1:]]
        return lines

    def heading_subtitle(self, *, on_screen: bool = True) -> str:
        """Subtitle, hint and notes as one run of words (a heading, a table caption)."""
        return " ".join(" ".join([*self.subtitle_lines(on_screen=on_screen), *self.notes]).split())


@dataclass(frozen=True)
class Frame:
    """How much room the chart takes, for the renderers' margins."""

    height: int = 420
    full_width: bool = False       # titles wrap at the page's full width
    sides: tuple[int, int] = (70, 20)
    # A map: the plot reaches closer to the title and the source line (top_base px above
    # the plot for a one-line title and subtitle, the source 40 px under the legend).
    map_top: int | None = None


@dataclass(frozen=True)
class ChartAnswer:
    text: ChartText
    table: pd.DataFrame            # exactly the numbers drawn; units in the column names
    figure: dict                   # {"data": [...], "layout": {...}}: plain JSON types
    frame: Frame = field(default_factory=Frame)
    message: str | None = None     # set when there is nothing to draw: the sentence shown instead
    table_note: str | None = None  # a sentence under "Show as table" about rows it does not list
    # For "Show as table" on the page: rows it lists when not every row (a map's small
    # cells); None: the whole table. The CSV always has the whole table.
    listed: pd.DataFrame | None = None
    # The disclosure threshold a map of small areas was drawn under (None: none applies).
    disclosure_threshold: int | None = None

    @property
    def is_map(self) -> bool:
        return any(trace.get("type") == "choropleth" for trace in self.figure.get("data", []))


def text_lines(lines) -> tuple[str, ...]:
    """Lines of text as a tuple: none, one sentence, or several."""
    if not lines:
        return ()
    return (lines,) if isinstance(lines, str) else tuple(lines)


def message_answer(message: str, *, title: str = "", height: int = 300, source: str = "") -> ChartAnswer:
    """A chart-sized plain sentence, for filters that leave nothing to draw."""
    return ChartAnswer(ChartText(title, source=source), table=pd.DataFrame({"Message": [message]}),
                       figure={"data": [], "layout": {}}, frame=Frame(height=height), message=message)
