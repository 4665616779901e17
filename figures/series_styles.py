"""How each line is told apart without colour: one dash pattern and one marker per
strand and per borough, used by every builder, so a strand or a borough looks the same
on every page, in every export and in greyscale print (WCAG 1.4.1, use of colour).

Colours are Okabe-Ito (distinguishable with colour-blindness); dashes and markers are
what still separates the lines on a greyscale printout or projector.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    dash: str     # a plotly dash name, or a dash list in px ("8px,3px,2px,3px")
    marker: str   # a plotly marker symbol

    def line(self, width: float) -> dict:
        return {"color": self.colour, "dash": self.dash, "width": width}

    def markers(self, size: int = 7) -> dict:
        # Open symbols on a white fill keep overlapping points readable.
        return {"symbol": self.marker, "color": self.colour, "size": size, "line": {"color": self.colour, "width": 1.5}}


# Every strand differs from every other in dash AND marker: any two can share a chart.
STRAND_STYLES = {
    "all": SeriesStyle("#000000", "solid", "circle"),
    "race": SeriesStyle("#0072B2", "dash", "square"),
    "religion": SeriesStyle("#009E73", "dot", "diamond"),
    "antisemitic": SeriesStyle("#56B4E9", "dashdot", "triangle-up"),
    "islamophobic": SeriesStyle("#E69F00", "longdash", "triangle-down"),
    "sexual_orientation": SeriesStyle("#CC79A7", "longdashdot", "cross"),
    "transgender": SeriesStyle("#D55E00", "2px,6px", "x"),
    "disability": SeriesStyle("#7F6000", "12px,4px,2px,4px,2px,4px", "star"),
    "lgbt": SeriesStyle("#882255", "16px,6px", "pentagon"),
    "race_religion": SeriesStyle("#332288", "4px,2px,4px,8px", "hexagon"),
}

# Boroughs drawn together get these in the order they are drawn; past eight the colours
# repeat but the marker moves on, so no two of up to 32 boroughs share all three.
AREA_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#7F6000", "#000000"]
AREA_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "2px,6px", "12px,4px,2px,4px"]
AREA_MARKERS = ["circle", "square", "diamond", "triangle-up", "triangle-down", "cross", "x", "star",
                "pentagon", "hexagon", "hourglass", "bowtie"]
# Markers on every point of a long daily series would be a smear: at most this many per line.
MAX_MARKERS_PER_LINE = 40


def strand_style(strand: str) -> SeriesStyle:
    return STRAND_STYLES[strand]


def area_style(index: int) -> SeriesStyle:
    """The style of the index-th borough drawn on a chart."""
    return SeriesStyle(AREA_COLOURS[index % len(AREA_COLOURS)], AREA_DASHES[index % len(AREA_DASHES)],
                       AREA_MARKERS[(index + index // len(AREA_COLOURS)) % len(AREA_MARKERS)])


def line_style(strand: str, area_index: int, *, area_count: int, strand_count: int) -> SeriesStyle:
    """One area: lines differ by strand. Several areas with one strand (the Trends page's
    borough view): by the area's colour, dash and marker. Several of both: the area's
    colour with the strand's dash and marker."""
    if area_count <= 1:
        return strand_style(strand)
    if strand_count <= 1:
        return area_style(area_index)
    return SeriesStyle(area_style(area_index).colour, strand_style(strand).dash, strand_style(strand).marker)
