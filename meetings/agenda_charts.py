"""The charts of the agenda's files: for each series with a signal new since the meeting
or still open, its trend against the expected range, with the months a meeting reviewed
starred, as What stands out draws it (the registry's definition, charts/stands_out.py)
and framed for export as the briefing pack's charts are (exports/figure_for_export.py).

The signals' months are read from their ids, so a signal of an earlier month that is
still open is drawn as well as this month's. One chart per series (area and strand),
ending on its latest signal's month, at most MAX_AGENDA_CHARTS of them: the files say
how many more there are, and the page lists every signal."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from charts.registry import chart_answer, chart_definition
from charts.stands_out import trend_period
from components import ids
from exports.chart_files import export_context
from exports.figure_for_export import ExportContext
from figures.answer import ChartAnswer
from meetings.agenda import Agenda
from queries.aggregates import LONDON_AREA
from reviews.access import ReviewAccess
from reviews.on_charts import reviewed_months, with_review_markers
from signals.identity import LONDON, Signal, parse_signal_id, store_area
from signals.words import signal_title

# A meeting discusses a handful of series; eight charts keep the files a few pages long
# and their drawing within a few seconds. The page lists every signal.
MAX_AGENDA_CHARTS = 8
# What stands out's first small trend: the one definition that draws a series with its
# expected range (every id of ids.STANDS_OUT_ITEM_CHARTS shares it).
AGENDA_CHART_ID = ids.STANDS_OUT_ITEM_CHARTS[0]


@dataclass(frozen=True)
class AgendaChart:
    key: str               # "E09000007/race": the series, unique in the agenda
    heading: str           # the series' latest signal in words
    answer: ChartAnswer    # the trend, with the reviewed months starred for this viewer
    export: ExportContext  # what the exported image says about its data


@dataclass(frozen=True)
class AgendaCharts:
    charts: list[AgendaChart]
    left_out: int          # further series with a new or open signal, not drawn

    @property
    def left_out_sentence(self) -> str:
        if not self.left_out:
            return ""
        return (f"{self.left_out} more series with a new or open signal {'are' if self.left_out > 1 else 'is'} "
                f"not drawn here: the first {MAX_AGENDA_CHARTS} are. The Since the last meeting page lists every "
                "signal.")


def _series(agenda: Agenda, context) -> list[Signal]:
    """The latest signal of each series in New and Open, in the order the agenda lists
    them, leaving out any the dataset cannot draw (a strand it lacks, a month it no
    longer holds, an area that is neither London nor a Met borough: a review's signal id
    is only checked for its form)."""
    first = pd.Timestamp(context.dataset.first_month).date()
    last = pd.Timestamp(context.dataset.last_month).date()
    areas = {LONDON, *context.met_boroughs.gss_code}
    latest: dict[tuple[str, str], Signal] = {}
    for signal_id in [*agenda.new.signal_id, *agenda.open.signal_id]:
        signal = parse_signal_id(signal_id)
        if signal.area not in areas or signal.strand not in context.strands or signal.month is None \
                or not first <= signal.month <= last:
            continue
        key = (signal.area, signal.strand)
        if key not in latest or signal.month > latest[key].month:
            latest[key] = signal
    return list(latest.values())


def agenda_charts(cursor, context, access: ReviewAccess, agenda: Agenda) -> AgendaCharts:
    series = _series(agenda, context)
    definition = chart_definition(AGENDA_CHART_ID)
    names = dict(zip(context.boroughs.gss_code, context.boroughs.name))
    slugs = dict(zip(context.boroughs.gss_code, context.boroughs.slug))
    charts = []
    for signal in series[:MAX_AGENDA_CHARTS]:
        options = definition.check_options({"area": LONDON_AREA if signal.area == LONDON else slugs[signal.area],
                                            "strand": signal.strand, "month": f"{signal.month:%Y-%m}"}, context)
        answer = chart_answer(cursor, context, AGENDA_CHART_ID, options)
        if answer.message is None:
            # Starred after the shared answer is drawn, for this viewer only (reviews/on_charts.py).
            answer = replace(answer, figure=with_review_markers(answer.figure, reviewed_months(
                access, cursor, context.dataset, area=store_area(signal.area), strand=signal.strand,
                period=trend_period(context, options))))
        area_label = "all of London" if signal.area == LONDON else names[signal.area]
        charts.append(AgendaChart(f"{signal.area}/{signal.strand}", signal_title(signal, names), answer,
                                  export_context(definition.export_view(context, options), area_label)))
    return AgendaCharts(charts, max(len(series) - MAX_AGENDA_CHARTS, 0))
