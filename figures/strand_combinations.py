"""Compound discrimination charts: an UpSet-style chart of strand combinations, the share
of each strand's offences that carry another strand, and the monthly trend of
multi-strand offences.

An UpSet chart, not a Venn diagram: one bar per exact combination, with a dot matrix
under it showing which strands the combination has. Each offence is in one bar only,
so the bars add up to the distinct offences shown.
"""

import pandas as pd

from figures.answer import ChartAnswer, ChartText, Frame, text_lines, message_answer
from figures.common import STRAND_COLOURS, plain_dates, plain_values, strand_name
from figures.connect_break import mark_connect_break
from figures.tables import series_table
from queries.strand_combinations import COMBINATION_STRANDS

# Bars beyond this many crowd a half-width chart; the rest are summed in the subtitle.
MAX_COMBINATIONS_SHOWN = 12
MEMBER_DOT = "#1a1a1a"
ABSENT_DOT = "#d9d9d9"
BAR_COLOUR = "#332288"
LABEL_ROOM = 1.45  # x axis reach as a multiple of the longest overlap bar
DOT_ROWS_SHARE = 0.38  # of the plot height: five readable strand rows under the bars
COMBINATION_AXIS = "Combination of strands (dots: the strands it has)"


def combination_upset(combinations: pd.DataFrame, *, area_name: str, period_label: str, source: str,
                      multi_strand_only: bool = True, height: int = 520) -> ChartAnswer:
    """`combinations`: strand_combinations(). With `multi_strand_only`, only combinations
    of two or more strands get bars; the subtitle still gives the share of all offences."""
    title = f"Offences aimed at more than one identity, {area_name}, {period_label}"
    total = int(combinations.offences.sum()) if not combinations.empty else 0
    multi = combinations[combinations.strand_count >= 2] if not combinations.empty else combinations
    multi_total = int(multi.offences.sum()) if not multi.empty else 0
    shown = multi if multi_strand_only else combinations
    if total == 0:
        return message_answer(f"No offences recorded in {area_name} in this period.", title=title, source=source)
    if shown.empty:
        return message_answer(f"None of the {total:,} offences in {area_name} in this period carried "
                              "two or more strands.", title=title, source=source)
    rest = shown.iloc[MAX_COMBINATIONS_SHOWN:]
    shown = shown.iloc[:MAX_COMBINATIONS_SHOWN]
    labels = shown.label.tolist()
    counts = plain_values(shown.offences)

    # One x axis for bars and dots, two y axes: the bars above, the strand rows of the dot
    # matrix below (which repeats which strands each bar has, already in the bar's label).
    data = [{"type": "bar", "x": labels, "y": counts, "name": "Offences", "marker": {"color": BAR_COLOUR},
             "texttemplate": "%{y:,}", "textposition": "outside", "cliponaxis": False,
             "hovertemplate": "%{x}<br>%{y:,} offences with exactly these strands<extra></extra>",
             "showlegend": False}]
    strand_keys = list(COMBINATION_STRANDS)
    strand_names = [strand_name(key) for key in strand_keys]
    for key, name in zip(strand_keys, strand_names):
        member = shown[key].astype(bool).tolist()
        data.append({"type": "scatter", "x": labels, "y": [name] * len(labels), "mode": "markers",
                     "showlegend": False, "hoverinfo": "skip",
                     "marker": {"size": 13, "color": [MEMBER_DOT if m else ABSENT_DOT for m in member]},
                     "name": f"{name} in the combination", "yaxis": "y2"})
    for label, (_, row) in zip(labels, shown.iterrows()):
        members = [name for key, name in zip(strand_keys, strand_names) if row[key]]
        if len(members) > 1:  # the line joining a combination's strands, as UpSet draws it
            data.append({"type": "scatter", "x": [label] * len(members), "y": members, "mode": "lines",
                         "showlegend": False, "hoverinfo": "skip", "line": {"color": MEMBER_DOT, "width": 3},
                         "name": "joins", "yaxis": "y2"})

    share = f"{multi_total:,} of {total:,} offences ({100.0 * multi_total / total:.1f}%) carried two or more strands."
    # Two lines: at half width (the profile, Trends) one line runs past the chart's edge.
    subtitle = [share, "Each offence is counted once, in the bar of its exact combination."]
    if len(rest):
        subtitle.append(f"{len(rest)} rarer combinations ({int(rest.offences.sum()):,} offences) are not drawn.")
    layout = {
        "xaxis": {"anchor": "y2", "showticklabels": False, "title": {"text": COMBINATION_AXIS}},
        "yaxis": {"domain": [DOT_ROWS_SHARE + 0.04, 1], "title": {"text": "Offences (count)"}, "rangemode": "tozero"},
        "yaxis2": {"domain": [0, DOT_ROWS_SHARE], "anchor": "x", "categoryorder": "array",
                   "categoryarray": list(reversed(strand_names)), "showgrid": False, "automargin": True}}
    table = series_table(COMBINATION_AXIS, [("Offences: Offences (count)", labels, counts)])
    return ChartAnswer(ChartText(title, subtitle=text_lines(subtitle), source=source), table=table,
                       figure={"data": data, "layout": layout}, frame=Frame(height=height))


def strand_overlap_bars(shares: pd.DataFrame, *, area_name: str, period_label: str, source: str,
                        height: int = 420) -> ChartAnswer:
    """`shares`: strand_overlap_shares(). One horizontal bar per strand: the % of its
    offences that also carried another strand."""
    title = f"Share of each strand's offences that also carried another strand, {area_name}, {period_label}"
    drawn = shares[shares.offences > 0]
    if drawn.empty:
        return message_answer(f"No offences recorded in {area_name} in this period.", title=title, source=source)
    names = [strand_name(key) for key in drawn.strand]
    pcts = plain_values(drawn.with_another_strand_pct)
    data = [{"type": "bar", "x": pcts, "y": names, "orientation": "h", "name": "Also carried another strand",
             "marker": {"color": [STRAND_COLOURS[key] for key in drawn.strand]},
             "text": [f"{pct:.0f}% ({m:,} of {n:,})" for pct, m, n in
                      zip(drawn.with_another_strand_pct, drawn.with_another_strand, drawn.offences)],
             "textposition": "outside", "cliponaxis": False,
             "hovertemplate": "%{y}: %{x:.1f}% of its offences also carried another strand<extra></extra>"}]
    layout = {"yaxis": {"autorange": "reversed", "title": {"text": "Strand"}, "rangemode": "tozero"},
              # Room beyond the longest bar for its label ("18% (165 of 921)").
              "xaxis": {"range": [0, max(float(drawn.with_another_strand_pct.max()), 1.0) * LABEL_ROOM],
                        "title": {"text": "% of the strand's offences"}}}
    table = series_table("Strand", [
        ("Also carried another strand: % of the strand's offences", names, pcts),
        ("Also carried another strand: offences (count)", names, plain_values(drawn.with_another_strand)),
        ("All the strand's offences (count)", names, plain_values(drawn.offences))])
    return ChartAnswer(
        ChartText(title, subtitle=("Antisemitic and islamophobic count as faith: for them, another",
                                   "strand means race, sexual orientation, transgender identity or disability."),
                  source=source),
        table=table, figure={"data": data, "layout": layout}, frame=Frame(height=height))


def multi_strand_trend_figure(trend: pd.DataFrame, *, area_name: str, period_label: str, source: str,
                              height: int = 420) -> ChartAnswer:
    """`trend`: multi_strand_trend(). Offences carrying two or more strands, per month."""
    title = f"Offences with two or more strands, monthly, {area_name}, {period_label}"
    if trend.empty or int(trend.offences.sum()) == 0:
        return message_answer(f"No offences recorded in {area_name} in this period.", title=title, source=source)
    shares = ["no offences" if pd.isna(p) else f"{p:.1f}% of the month's offences" for p in trend.multi_strand_pct]
    x, y = plain_dates(trend.month), plain_values(trend.multi_strand_offences)
    data = [{"type": "scatter", "x": x, "y": y, "mode": "lines+markers", "name": "Two or more strands",
             "line": {"color": BAR_COLOUR, "width": 2.2}, "customdata": shares,
             "hovertemplate": "%{x|%b %Y}: %{y:,} offences (%{customdata})<extra></extra>"}]
    layout = {"xaxis": {"title": {"text": "Month"}},
              "yaxis": {"title": {"text": "Offences per month"}, "rangemode": "tozero"}}
    mark_connect_break(layout, trend.month)  # every time axis across March 2024 marks the new system
    table = series_table("Month", [("Two or more strands: Offences per month", x, y)])
    return ChartAnswer(ChartText(title, subtitle=("Each offence counted once, however many strands it carried.",),
                                 source=source),
                       table=table, figure={"data": data, "layout": layout}, frame=Frame(height=height))
