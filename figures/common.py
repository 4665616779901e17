"""What every chart shares: a title that says what, where and when, a source line,
the synthetic-data label, and a plain message in place of an empty axis."""

import textwrap

import plotly.graph_objects as go

from figures.series_styles import STRAND_STYLES
from queries.strands import STRANDS

SYNTHETIC_LABEL = "Synthetic demo data, not real figures"
FONT_FAMILY = "Arial, Helvetica, sans-serif"  # present on Windows, Mac and Debian; no web font fetched

# Colours, dashes and markers of strands and boroughs: figures/series_styles.py.
STRAND_COLOURS = {key: style.colour for key, style in STRAND_STYLES.items()}
TITLE_WRAP_CHARACTERS = 52  # fits a 5/12-width chart at 1366 px; longer titles wrap
FULL_WIDTH_TITLE_WRAP = 100
SUBTITLE_WRAP_RATIO = 1.3   # characters of 13 px subtitle per character of 17 px bold title
SOURCE_WRAP_CHARACTERS = 85  # the source line at 11 px stays inside a 5/12-width chart
SOURCE_LINE_PIXELS = 20  # one more line of the 11 px source line, with room for tick labels that wrap

# The few settings of plotly_white the charts use: the full named template is sent with
# every figure and validated on every build, which the benchmark showed costs time.
LEAN_TEMPLATE = go.layout.Template(layout={
    "paper_bgcolor": "white", "plot_bgcolor": "white", "hovermode": "closest",
    "xaxis": {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "zerolinecolor": "#EBF0F8", "ticks": "",
              "automargin": True},
    "yaxis": {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "zerolinecolor": "#EBF0F8", "ticks": "",
              "automargin": True},
    "geo": {"bgcolor": "white"},
})


def source_line(source: str, is_synthetic: bool, data_date: str | None = None) -> str:
    parts = [SYNTHETIC_LABEL if is_synthetic else f"Source: {source}"]
    if data_date:
        parts.append(f"Data to {data_date}")
    return ". ".join(parts) + "."


def finish_figure(figure: go.Figure, *, title: str, subtitle: str | None, source: str,
                  x_title: str | None = None, y_title: str | None = None,
                  height: int = 420, title_wrap: int = TITLE_WRAP_CHARACTERS) -> go.Figure:
    """Title, axis labels, a source line inside the image and a consistent look."""
    # Titles wrap rather than run off a half-width chart; the whole title stays in an export.
    wrapped = "<br>".join(textwrap.wrap(title, title_wrap))
    # The subtitle (13 px against the title's 17) wraps too, a little wider: each of its
    # lines, except those holding markup of their own.
    if subtitle:
        width = int(title_wrap * SUBTITLE_WRAP_RATIO)
        subtitle = "<br>".join("<br>".join(textwrap.wrap(line, width)) if "<" not in line and line else line
                               for line in subtitle.split("<br>"))
    title_text = f"<b>{wrapped}</b>" + (f"<br><span style='font-size:13px'>{subtitle}</span>" if subtitle else "")
    top_margin = 100 + 22 * wrapped.count("<br>") + 18 * (subtitle or "").count("<br>") + (20 if subtitle else 0)
    source_lines = textwrap.wrap(source, SOURCE_WRAP_CHARACTERS)
    # A source naming several releases runs to more lines: the margin grows so none is cut off.
    bottom_margin = 100 + SOURCE_LINE_PIXELS * max(0, len(source_lines) - 2)
    layout = figure.layout.to_plotly_json()
    layout.update(
        # Anchored to the top of the image with padding, so tall letters are never clipped.
        title={"text": title_text, "x": 0.01, "xanchor": "left", "yref": "container", "y": 1,
               "yanchor": "top", "pad": {"t": 14}},
        font={"family": FONT_FAMILY, "size": 14, "color": "#1a1a1a"},
        template=LEAN_TEMPLATE,
        height=height,
        margin={"l": 70, "r": 20, "t": top_margin, "b": bottom_margin},
        # Above the plot, under the title: below it, legends collide with tick labels.
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "font": {"size": 13}},
        meta={"source": source},
        annotations=list(layout.get("annotations", [])) + [
            {"text": "<br>".join(source_lines), "showarrow": False, "xref": "paper", "yref": "paper",
             "x": 0, "y": 0, "yshift": -78, "xanchor": "left", "yanchor": "top",
             "font": {"size": 11, "color": "#444"}, "name": "source"}
        ],
    )
    if x_title is not None:
        _set_axes(layout, "xaxis", title={"text": x_title})
    if y_title is not None:
        _set_axes(layout, "yaxis", title={"text": y_title}, rangemode="tozero")
    # Everything above is a fixed, known-good shape: set in one piece without Plotly's
    # per-property validation, which cost ~15 ms per chart through update_layout (the
    # largest part of answering a click). The traces were validated when they were added.
    figure.layout = go.Layout(layout, _validate=False)
    return figure


def _set_axes(layout: dict, prefix: str, **settings) -> None:
    """As update_xaxes/update_yaxes: every axis of that kind, or the first if none is set yet."""
    names = [name for name in layout if name == prefix or (name.startswith(prefix) and name[len(prefix):].isdigit())]
    for name in names or [prefix]:
        layout[name] = {**layout.get(name, {}), **settings}


def message_figure(message: str, *, title: str = "", height: int = 300) -> go.Figure:
    """A chart-sized plain sentence, for filters that leave nothing to draw."""
    figure = go.Figure()
    figure.update_layout(
        template=LEAN_TEMPLATE, height=height,
        title={"text": f"<b>{title}</b>" if title else "", "x": 0.01},
        font={"family": FONT_FAMILY, "size": 14},
        xaxis={"visible": False}, yaxis={"visible": False},
        annotations=[{"text": message, "showarrow": False, "xref": "paper", "yref": "paper",
                      "x": 0.5, "y": 0.5, "font": {"size": 16, "color": "#333"}, "name": "message"}],
    )
    return figure


def strand_name(key: str) -> str:
    return STRANDS[key].short_label


def strand_tick_label(key: str) -> str:
    """Two short lines, so bar labels stay horizontal and readable on a projector."""
    return STRANDS[key].short_label.replace(" ", "<br>", 1)
