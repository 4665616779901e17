"""The Trends chart: monthly, weekly or daily series per strand for London, or one line
per chosen borough, with events, rolling averages and a linear or log scale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from charts.context import PageContext
from security.bad_request import BadRequest
from charts.options import check_mapping, choice, flag
from charts.stands_out import monthly_band
from figures.answer import ChartAnswer, message_answer
from figures.trend import trend_figure
from queries.aggregates import LONDON_AREA
from queries.events import events_between
from queries.strands import CORE_STRANDS, STRANDS
from queries.time_series import daily_offences, monthly_offences, weekly_offences

# Points per line are bounded so a click never sends megabytes to the browser.
MAX_DAILY_DAYS = 731
ROLLING_WINDOWS = {  # granularity -> {choice: (points, label)}
    "month": {"short": (3, "3-month average"), "long": (12, "12-month average")},
    "week": {"short": (4, "4-week average"), "long": (13, "13-week average")},
    "day": {"short": (7, "7-day average"), "long": (28, "28-day average")},
}
GRANULARITIES = tuple(ROLLING_WINDOWS)
ROLLING_CHOICES = ("off", "short", "long")
SCALES = ("linear", "log")
OPTION_KEYS = {"granularity", "rolling", "scale", "events", "strands"}
GRANULARITY_ADJECTIVES = {"month": "monthly", "week": "weekly", "day": "daily"}


def default_strands(context: PageContext) -> list[str]:
    """The strands ticked when the page opens: the filter's, or the distinct total and
    the three largest strands."""
    if context.state.strand != "all":
        return [context.state.strand]
    return (["all"] if "all" in context.strands else []) + [k for k in CORE_STRANDS[:3] if k in context.strands]


def trend_options(raw, context: PageContext) -> dict:
    raw = check_mapping(raw, OPTION_KEYS)
    strands = raw.get("strands")
    if strands is None:
        strands = default_strands(context)
    if not isinstance(strands, list) or len(strands) > len(STRANDS) or \
            not all(isinstance(key, str) and key in STRANDS for key in strands):
        raise BadRequest("'strands' must be a list of strand names.")
    return {"granularity": choice(raw, "granularity", GRANULARITIES, "month"),
            "rolling": choice(raw, "rolling", ROLLING_CHOICES, "off"),
            "scale": choice(raw, "scale", SCALES, "linear"),
            "events": flag(raw, "events", True),
            "strands": [key for key in strands if key in context.strands]}


@dataclass(frozen=True)
class TrendPlan:
    """What the chart draws, and the sentences saying where that differs from what was asked."""

    granularity: str
    strands: list[str]
    by_borough: bool
    start: dt.date
    end: dt.date          # last day drawn
    notes: list[str]


def trend_plan(context: PageContext, options: dict) -> TrendPlan:
    state, period = context.state, context.state.period
    notes = []
    granularity = options["granularity"]
    if granularity != "month" and not context.is_incident_level:
        notes.append("This dataset holds published monthly counts, so weekly and daily series cannot be "
                     "shown; showing monthly.")
        granularity = "month"
    by_borough = bool(context.chosen_codes)
    strands = [state.strand] if by_borough else (options["strands"] or [state.strand])
    start, end = period.start, period.end_exclusive - dt.timedelta(days=1)
    if granularity == "day" and (end - start).days + 1 > MAX_DAILY_DAYS:
        start = end - dt.timedelta(days=MAX_DAILY_DAYS - 1)
        notes.append(f"Daily series show at most two years: showing {start:%d %b %Y} to {end:%d %b %Y}. "
                     "Narrow the period or choose weekly to see more.")
    return TrendPlan(granularity, strands, by_borough, start, end, notes)


def trends_chart(cursor, context: PageContext, options: dict) -> ChartAnswer:
    plan = trend_plan(context, options)
    state, period = context.state, context.state.period
    query = dict(dataset_id=state.dataset_id, strands=plan.strands, gss_codes=context.chosen_codes,
                 split_boroughs=plan.by_borough)
    if plan.granularity == "month":
        series = monthly_offences(cursor, period=period, **query)
    elif plan.granularity == "week":
        series = weekly_offences(cursor, start=plan.start, end=plan.end, **query)
    else:
        series = daily_offences(cursor, start=plan.start, end=plan.end, **query)

    area = context.area_label
    what = STRANDS[state.strand].label if plan.by_borough else "Hate crime by strand"
    title = f"{what}, {GRANULARITY_ADJECTIVES[plan.granularity]} offences, {area}, {period.label}"
    if series.empty or int(series.offences.sum()) == 0:
        return message_answer(f"No offences recorded for {area} in {period.label}.", title=title,
                              source=context.source)
    window, label = ROLLING_WINDOWS[plan.granularity].get(options["rolling"], (None, ""))
    events = events_between(cursor, start=plan.start, end=period.end_exclusive) if options["events"] else None
    band = _single_series_band(cursor, context, plan)
    return trend_figure(
        series, time_column=plan.granularity, title=title, full_width=True,
        subtitle=("Lines overlap and are never stacked."
                  + (" Shaded: the expected range; triangles: months above it." if band is not None else ""),),
        source=context.source, events=events, rolling_window=window, rolling_label=label,
        log_scale=options["scale"] == "log", area_names=dict(zip(context.boroughs.gss_code, context.boroughs.name)),
        expected_band=band)


def _single_series_band(cursor, context: PageContext, plan: TrendPlan):
    """The expected band when the chart draws one monthly line (one strand for London, or
    one chosen borough); None otherwise: bands of several lines would hide each other."""
    codes = context.chosen_codes or []
    if plan.granularity != "month" or len(plan.strands) != 1 or len(codes) > 1:
        return None
    area = codes[0] if codes else LONDON_AREA
    return monthly_band(cursor, context, area=area, strand=plan.strands[0], period=context.state.period)
