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
CHANGE_HEADLINES = ("rolling", "period")


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


@dataclass(frozen=True)
class TableAnswer:
    """What a table definition answers with (charts/table_registry.py): the page's table,
    its CSV download and the briefing pack's table all render from it.

    `frame` holds the table as shown and as its CSV: one column per heading, the heading
    naming its unit ("Offences (count)"), raw values (formatting is the renderer's).
    `extra`, indexed like `frame`, holds what only the page uses: addresses, sort orders
    of columns whose text sorts wrongly ("Apr 2025"), the key of highlighted rows."""

    name: str                    # in file names: "ranks-by-rate"
    heading: str                 # the caption: what the table is, plain text
    frame: pd.DataFrame
    note: str = ""               # a caveat under the table, carried in the CSV as a "Note" column
    summary: str = ""            # a sentence above the table about all it was drawn from (a tally)
    area: str = "london"         # for the CSV's file name: "london", a borough's slug, "camden-hackney"
    period: object = None        # for the CSV's file name: the queries.periods.Period the rows cover
    strand: str = ""             # for the CSV's file name when not the filters' strand ("all": every strand)
    formats: dict = field(default_factory=dict)    # heading -> format spec on the page (",", ".2f")
    links: dict = field(default_factory=dict)      # heading -> `extra` column holding each cell's address
    sort_keys: dict = field(default_factory=dict)  # heading -> `extra` column to sort by
    extra: pd.DataFrame | None = None
    message: str | None = None   # set when there is no table: the sentence shown instead

    def csv_frame(self) -> pd.DataFrame:
        """The CSV's rows: the table, and the note in a last column when there is one."""
        return self.frame.assign(Note=self.note) if self.note and not self.frame.empty else self.frame


def message_table(name: str, heading: str, message: str) -> TableAnswer:
    """No table, and the sentence saying why."""
    return TableAnswer(name, heading, pd.DataFrame(), message=message)


@dataclass(frozen=True)
class Headline:
    """One headline figure (charts/headlines.py): a card on the page, a row of the pack's
    headline table. Plain text; the renderers add the change's marker and verdict."""

    key: str                     # which headline: "rolling", "period", "rate", "rank", "outcomes"
    measure: str                 # "Race: rolling 12 months to Dec 2025"
    figure: str                  # "1,234", "2.31", "12 of 32", "not available"
    unit: str = ""               # after the figure in the pack: "offences"
    compared_with: str = ""      # "1,100 in the 12 months before", "London 2.10; Inner London 2.50"
    change_pct: float | None = None
    verdict: str | None = None   # stands_out.change_test's verdict on the change, when judged
    caveat: str = ""             # the CONNECT sentence when the comparison crosses March 2024

    @property
    def is_change(self) -> bool:
        """A count set against an earlier one (its change is judged), not a rate or a rank."""
        return self.key in CHANGE_HEADLINES
