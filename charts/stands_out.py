"""What stands out, as charts: the small trend of one area's strand against its expected
range (the /stands-out page's list, with PNG/SVG/CSV like every chart), and the expected
band other monthly single-series trends draw under their line (the profile's trend, the
Trends chart when it draws one line), so page, export and pack show the same band."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from charts.context import PageContext
from security.bad_request import BadRequest
from charts.options import check_mapping
from components.url_state import parse_month
from figures.answer import ChartAnswer, message_answer
from figures.expected_band import expected_band_figure
from queries.aggregates import LONDON_AREA
from queries.expected_counts import expected_band, has_expected_counts
from queries.periods import Period, add_months
from stands_out.sentences import offence_noun

TREND_MONTHS = 25  # two years and the month: the same month a year and two years earlier
BAND_SUBTITLE = ("Shaded: the expected range. Triangles: months above it.",)


def monthly_band(cursor, context: PageContext, *, area: str, strand: str, period: Period) -> pd.DataFrame | None:
    """The stored expected range of one monthly series (`area`: a GSS code or 'london')
    over `period`, or None when no month of it could be judged (too little history, or
    a store from before expected ranges were kept): then the chart is drawn as before."""
    if not has_expected_counts(cursor, dataset_id=context.state.dataset_id):
        return None
    band = expected_band(cursor, dataset_id=context.state.dataset_id, area=area, strand=strand, period=period)
    return band if band.expected.notna().any() else None


def band_options(raw, context: PageContext) -> dict:
    """{"area": "london" or a Met borough's slug, "strand": one the dataset has,
    "month": "YYYY-MM" within the dataset}: the month the trend ends on."""
    raw = check_mapping(raw, {"area", "strand", "month"})
    area, strand, month = raw.get("area"), raw.get("strand"), raw.get("month")
    if not isinstance(area, str):
        raise BadRequest("Say which area this chart is for: 'london' or a borough.")
    if area.strip().lower() == LONDON_AREA:
        area = LONDON_AREA
    else:
        borough = context.borough(area)
        if borough is None:
            raise BadRequest(f"There is no London borough with Met data called '{area[:40]}'.")
        area = borough.slug
    if not isinstance(strand, str) or strand not in context.strands:
        raise BadRequest("Say which strand this chart is for: one this dataset has figures for.")
    first = pd.Timestamp(context.dataset.first_month).date()
    last = pd.Timestamp(context.dataset.last_month).date()
    ends = parse_month(month)
    if ends is None or not first <= ends <= last:
        raise BadRequest(f"'month' must be a month from {first:%Y-%m} to {last:%Y-%m}, written YYYY-MM.")
    return {"area": area, "strand": strand, "month": f"{ends:%Y-%m}"}


def trend_period(context: PageContext, options: dict) -> Period:
    """The two years to the chart's month, or from the dataset's first month if later."""
    ends = parse_month(options["month"])
    first = pd.Timestamp(context.dataset.first_month).date()
    return Period(max(first, add_months(ends, -(TREND_MONTHS - 1))), ends)


def export_view(context: PageContext, options: dict) -> PageContext:
    """What the chart shows, as filters, so its files are named and labelled by its own
    area, strand and period, not by the page's."""
    period = trend_period(context, options)
    boroughs = () if options["area"] == LONDON_AREA else (options["area"],)
    state = replace(context.state, start=period.start, end=period.end, strand=options["strand"], boroughs=boroughs)
    return replace(context, state=state)


def filters_read(context: PageContext) -> dict:
    """stands_out_trend reads only the dataset of the page's filters (its own options
    choose the area, strand and months), for the shared answers' key."""
    return {"dataset_id": context.state.dataset_id}


def stands_out_trend(cursor, context: PageContext, options: dict) -> ChartAnswer:
    """The two years to `month` of one area's strand, against its expected range."""
    period = trend_period(context, options)
    code, name = _area(context, options["area"])
    title = f"{offence_noun(options['strand'])}, {name}, {period.label}"
    band = monthly_band(cursor, context, area=code, strand=options["strand"], period=period)
    if band is None:
        return message_answer(f"No expected range has been worked out for {name} in {period.label}.", title=title,
                              source=context.source)
    # The source names the releases of the chart's own months, not of the page's period.
    source = export_view(context, options).source
    return expected_band_figure(band, title=title, subtitle=BAND_SUBTITLE + no_trend_notes(band), source=source,
                                height=340)


def no_trend_notes(band: pd.DataFrame) -> tuple[str, ...]:
    """"No trend fitted for Jul 2013: the model with a trend did not converge.", for the
    months whose expected count is flat only because the trend could not be fitted."""
    has_reason = band.no_trend_reason.notna()
    if not has_reason.any():  # the usual case: an empty groupby still cost 1.5 ms a trend
        return ()
    noted = band[has_reason]
    return tuple(f"No trend fitted for {', '.join(f'{pd.Timestamp(m):%b %Y}' for m in months.month)}: {reason}."
                 for reason, months in noted.groupby("no_trend_reason", sort=False))


def _area(context: PageContext, area: str) -> tuple[str, str]:
    """(area code in expected_counts, name) for a checked "area" option."""
    if area == LONDON_AREA:
        return LONDON_AREA, "London"
    borough = context.borough(area)
    return borough.gss_code, borough.name


def month_option(month) -> str:
    """A stored month (date or Timestamp) as the "month" option."""
    return f"{pd.Timestamp(month):%Y-%m}"
