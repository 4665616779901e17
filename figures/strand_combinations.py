"""Compound discrimination charts: an UpSet-style chart of strand combinations, the share
of each strand's offences that carry another strand, and the monthly trend of
multi-strand offences.

An UpSet chart, not a Venn diagram: one bar per exact combination, with a dot matrix
under it showing which strands the combination has. Each offence is in one bar only,
so the bars add up to the distinct offences shown.
"""

import pandas as pd
import plotly.graph_objects as go

from figures.common import STRAND_COLOURS, finish_figure, message_figure, strand_name
from figures.connect_break import mark_connect_break
from queries.strand_combinations import COMBINATION_STRANDS

# Bars beyond this many crowd a half-width chart; the rest are summed in the subtitle.
MAX_COMBINATIONS_SHOWN = 12
MEMBER_DOT = "#1a1a1a"
ABSENT_DOT = "#d9d9d9"
BAR_COLOUR = "#332288"
LABEL_ROOM = 1.45  # x axis reach as a multiple of the longest overlap bar
DOT_ROWS_SHARE = 0.38  # of the plot height: five readable strand rows under the bars
# The matrix traces repeat which strands each bar has (already in the bar's label), so
# figures/figure_data.py leaves them out of the CSV like other on-chart decorations.
MATRIX_META = {"export": "labels"}


def combination_upset(combinations: pd.DataFrame, *, area_name: str, period_label: str, source: str,
                      multi_strand_only: bool = True, height: int = 520) -> go.Figure:
    """`combinations`: strand_combinations(). With `multi_strand_only`, only combinations
    of two or more strands get bars; the subtitle still gives the share of all offences."""
    title = f"Offences aimed at more than one identity, {area_name}, {period_label}"
    total = int(combinations.offences.sum()) if not combinations.empty else 0
    multi = combinations[combinations.strand_count >= 2] if not combinations.empty else combinations
    multi_total = int(multi.offences.sum()) if not multi.empty else 0
    shown = multi if multi_strand_only else combinations
    if total == 0:
        return message_figure(f"No offences recorded in {area_name} in this period.", title=title)
    if shown.empty:
        return message_figure(f"None of the {total:,} offences in {area_name} in this period carried "
                              "two or more strands.", title=title)
    rest = shown.iloc[MAX_COMBINATIONS_SHOWN:]
    shown = shown.iloc[:MAX_COMBINATIONS_SHOWN]
    labels = shown.label.tolist()

    # One x axis for bars and dots (so the CSV's first column is named by it), two y axes:
    # the bars above, the strand rows of the dot matrix below.
    figure = go.Figure()
    figure.add_trace(go.Bar(
        x=labels, y=shown.offences, name="Offences", marker={"color": BAR_COLOUR},
        texttemplate="%{y:,}", textposition="outside", cliponaxis=False,
        hovertemplate="%{x}<br>%{y:,} offences with exactly these strands<extra></extra>",
        showlegend=False))
    strand_keys = list(COMBINATION_STRANDS)
    strand_names = [strand_name(key) for key in strand_keys]
    for key, name in zip(strand_keys, strand_names):
        member = shown[key].astype(bool).tolist()
        figure.add_trace(go.Scatter(
            x=labels, y=[name] * len(labels), mode="markers", showlegend=False, hoverinfo="skip",
            marker={"size": 13, "color": [MEMBER_DOT if m else ABSENT_DOT for m in member]},
            meta=MATRIX_META, name=f"{name} in the combination", yaxis="y2"))
    for label, (_, row) in zip(labels, shown.iterrows()):
        members = [name for key, name in zip(strand_keys, strand_names) if row[key]]
        if len(members) > 1:  # the line joining a combination's strands, as UpSet draws it
            figure.add_trace(go.Scatter(
                x=[label] * len(members), y=members, mode="lines", showlegend=False, hoverinfo="skip",
                line={"color": MEMBER_DOT, "width": 3}, meta=MATRIX_META, name="joins", yaxis="y2"))

    share = f"{multi_total:,} of {total:,} offences ({100.0 * multi_total / total:.1f}%) carried two or more strands."
    # Two lines: at half width (the profile, Trends) one line runs past the chart's edge.
    subtitle = share + "<br>Each offence is counted once, in the bar of its exact combination."
    if len(rest):
        subtitle += f"<br>{len(rest)} rarer combinations ({int(rest.offences.sum()):,} offences) are not drawn."
    finish_figure(figure, title=title, subtitle=subtitle, source=source, height=height)
    figure.update_layout(
        xaxis={"anchor": "y2", "showticklabels": False,
               "title": {"text": "Combination of strands (dots: the strands it has)"}},
        yaxis={"domain": [DOT_ROWS_SHARE + 0.04, 1], "title": {"text": "Offences (count)"}, "rangemode": "tozero"},
        yaxis2={"domain": [0, DOT_ROWS_SHARE], "anchor": "x", "categoryorder": "array",
                "categoryarray": list(reversed(strand_names)), "showgrid": False, "automargin": True})
    return figure


def strand_overlap_bars(shares: pd.DataFrame, *, area_name: str, period_label: str, source: str,
                        height: int = 420) -> go.Figure:
    """`shares`: strand_overlap_shares(). One horizontal bar per strand: the % of its
    offences that also carried another strand."""
    title = f"Share of each strand's offences that also carried another strand, {area_name}, {period_label}"
    drawn = shares[shares.offences > 0]
    if drawn.empty:
        return message_figure(f"No offences recorded in {area_name} in this period.", title=title)
    names = [strand_name(key) for key in drawn.strand]
    figure = go.Figure(go.Bar(
        x=drawn.with_another_strand_pct, y=names, orientation="h", name="Also carried another strand",
        marker={"color": [STRAND_COLOURS[key] for key in drawn.strand]},
        text=[f"{pct:.0f}% ({m:,} of {n:,})" for pct, m, n in
              zip(drawn.with_another_strand_pct, drawn.with_another_strand, drawn.offences)],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.1f}% of its offences also carried another strand<extra></extra>"))
    figure.update_yaxes(autorange="reversed")
    # Room beyond the longest bar for its label ("18% (165 of 921)").
    figure.update_xaxes(range=[0, max(float(drawn.with_another_strand_pct.max()), 1.0) * LABEL_ROOM])
    return finish_figure(
        figure, title=title, source=source, height=height,
        subtitle="Antisemitic and islamophobic count as faith: for them, another<br>strand means race, "
                 "sexual orientation, transgender identity or disability.",
        x_title="% of the strand's offences", y_title="Strand")


def multi_strand_trend_figure(trend: pd.DataFrame, *, area_name: str, period_label: str, source: str,
                              height: int = 420) -> go.Figure:
    """`trend`: multi_strand_trend(). Offences carrying two or more strands, per month."""
    title = f"Offences with two or more strands, monthly, {area_name}, {period_label}"
    if trend.empty or int(trend.offences.sum()) == 0:
        return message_figure(f"No offences recorded in {area_name} in this period.", title=title)
    shares = ["no offences" if pd.isna(p) else f"{p:.1f}% of the month's offences" for p in trend.multi_strand_pct]
    figure = go.Figure(go.Scatter(
        x=trend.month, y=trend.multi_strand_offences, mode="lines+markers", name="Two or more strands",
        line={"color": BAR_COLOUR, "width": 2.2}, customdata=shares,
        hovertemplate="%{x|%b %Y}: %{y:,} offences (%{customdata})<extra></extra>"))
    mark_connect_break(figure, trend.month)  # every time axis across March 2024 marks the new system
    return finish_figure(figure, title=title, source=source, height=height,
                         subtitle="Each offence counted once, however many strands it carried.",
                         x_title="Month", y_title="Offences per month")
