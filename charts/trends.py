"""The Trends chart: monthly, weekly or daily series per strand for London, or one line
per chosen borough, with events, rolling averages and a linear or log scale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from charts.context import PageContext
from security.bad_request import BadRequest
from charts.options import check_mapping, choice, flag
from charts.stands_out import monthly_band
from components.trends_address import COUNTS, MEASURES, RATES
from figures.answer import ChartAnswer, message_answer
from figures.trend import RATE_DECIMALS, trend_figure
from queries.aggregates import LONDON_AREA
from queries.events import events_between
from queries.rates import RATE_AXIS, annual_rate_per_1000, monthly_rates
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
OPTION_KEYS = {"granularity", "rolling", "scale", "events", "strands", "measure"}
GROUP_AREA = "group"  # the comparison group's line, beside the boroughs' and London's
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
            "measure": choice(raw, "measure", MEASURES, COUNTS),
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
    if granularity != "month" and options.get("measure") == RATES:
        notes.append("Rates per 1,000 residents per year are drawn month by month; showing monthly.")
        granularity = "month"
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
    rates = options["measure"] == RATES
    measured = "rates per 1,000 residents per year" if rates else "offences"
    title = f"{what}, {GRANULARITY_ADJECTIVES[plan.granularity]} {measured}, {area}, {period.label}"
    if series.empty or int(series.offences.sum()) == 0:
        return message_answer(f"No offences recorded for {area} in {period.label}.", title=title,
                              source=context.source)
    window, label = ROLLING_WINDOWS[plan.granularity].get(options["rolling"], (None, ""))
    events = events_between(cursor, start=plan.start, end=period.end_exclusive) if options["events"] else None
    area_names = dict(zip(context.boroughs.gss_code, context.boroughs.name))
    band, subtitle = None, "Lines overlap and are never stacked."
    if rates:
        series, benchmarks = _as_rates(cursor, context, plan, series)
        area_names.update(benchmarks)
        if benchmarks:
            subtitle += " " + _benchmark_sentence(benchmarks)
    else:
        band = _single_series_band(cursor, context, plan)
        if band is not None:
            subtitle += " Shaded: the expected range; triangles: months above it."
    shown = series.dropna(subset=["offences"])[plan.granularity]
    return trend_figure(
        series, time_column=plan.granularity, title=title, full_width=True, subtitle=(subtitle,),
        source=context.source, events=events, rolling_window=window, rolling_label=label,
        log_scale=options["scale"] == "log", area_names=area_names, expected_band=band,
        rate_unit=RATE_AXIS if rates else None,
        # The axis ends at the data's last point: events after it are not a reason to run on.
        visible=(shown.min(), shown.max()) if not shown.empty else None)


def _as_rates(cursor, context: PageContext, plan: TrendPlan, series):
    """The series as rates per 1,000 residents per year, each month's offences over the
    area's residents; with boroughs chosen, London's line and the comparison group's
    beside them (each its own offences over its own residents). Returns (series, names of
    the benchmark lines by area key)."""
    population = dict(zip(context.boroughs.gss_code, context.boroughs.population_mid2021))
    london = int(context.met_boroughs.population_mid2021.sum())
    residents = series.area.map(lambda area: london if area == LONDON_AREA else population.get(area))
    frame = series.assign(offences=annual_rate_per_1000(series.offences.astype(float), residents, 1)
                          .round(RATE_DECIMALS))
    benchmarks, lines = {}, [frame]
    chosen = [context.borough(slug) for slug in context.state.boroughs]
    group = context.comparison_group(chosen[0] if len(chosen) == 1 else None)
    strand = plan.strands[0]
    query = dict(dataset_id=context.state.dataset_id, period=context.state.period, strand=strand)
    if plan.by_borough:
        benchmarks[LONDON_AREA] = "London"
    if group is not None and (plan.by_borough or context.state.group):
        benchmarks[GROUP_AREA] = group.name
    for area, codes in ((LONDON_AREA, None), (GROUP_AREA, group.gss_codes if group is not None else None)):
        if area in benchmarks:
            rated = monthly_rates(cursor, gss_codes=codes, **query)
            lines.append(pd.DataFrame({"month": rated.month, "strand": strand, "area": area,
                                       "offences": rated.rate_per_1000_per_year.round(RATE_DECIMALS)}))
    return pd.concat(lines, ignore_index=True), benchmarks


def rate_trend_finding(answer: ChartAnswer, borough_name: str, period) -> str | None:
    """'Camden's rate was above London's in 9 of the 12 months' from a rate answer's lines,
    or None when there is no London line to compare with."""
    lines = {trace.get("name"): trace for trace in answer.figure["data"] if trace.get("type") == "scatter"}
    if borough_name not in lines or "London" not in lines:
        return None
    london = dict(zip(lines["London"]["x"], lines["London"]["y"]))
    pairs = [(y, london.get(x)) for x, y in zip(lines[borough_name]["x"], lines[borough_name]["y"])
             if y is not None and london.get(x) is not None]
    if not pairs:
        return None
    above = sum(mine > theirs for mine, theirs in pairs)
    months = f"{len(pairs)} month{'' if len(pairs) == 1 else 's'}"
    if above == len(pairs):
        return f"{borough_name}'s rate was above London's in every month of {period.label}"
    if above == 0:
        return f"{borough_name}'s rate was at or below London's in every month of {period.label}"
    return f"{borough_name}'s rate was above London's in {above} of the {months} of {period.label}"


def _benchmark_sentence(benchmarks: dict) -> str:
    names = list(benchmarks.values())
    if len(names) == 1:
        return f"{names[0]} is drawn as a benchmark: its offences over its residents, never an average of boroughs' rates."
    return (" and ".join(names) + " are drawn as benchmarks: each its offences over its residents, never an average "
            "of boroughs' rates.")


def _single_series_band(cursor, context: PageContext, plan: TrendPlan):
    """The expected band when the chart draws one monthly line (one strand for London, or
    one chosen borough); None otherwise: bands of several lines would hide each other."""
    codes = context.chosen_codes or []
    if plan.granularity != "month" or len(plan.strands) != 1 or len(codes) > 1:
        return None
    area = codes[0] if codes else LONDON_AREA
    return monthly_band(cursor, context, area=area, strand=plan.strands[0], period=context.state.period)
