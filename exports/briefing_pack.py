"""The briefing pack: what a partnership meeting needs about one borough (or London),
for the period chosen in the filters, as a PDF to circulate and a ZIP of the parts.

    pack = build_briefing_pack(cursor, pack_context(cursor, state), "camden")
    images = render_pack_images(pack)          # chart PNG/SVG, or the reason there are none
    pdf = pack_pdf(pack, images)               # exports/pack_documents.py
    archive = pack_zip(pack, images, pdf)

Every chart comes from its one definition in charts/registry.py, the same the pages
and the chart exports use, and is drawn and tabled from its answer; nothing here writes
SQL. The PDF always has one page per entry of PDF_PAGES, with or without
chart images: without them, each chart page holds the chart's numbers and says why. The
incident-data page holds two charts for an incident extract, and for published counts the
sentence saying why they cannot be shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import pandas as pd

from charts.context import PageContext, context_for_state, viewer_facts
from charts.pack_only import pack_strands, rolling_comparison
from charts.registry import PACK_INNER_OUTER, PACK_OFFENCE_TYPES, PACK_ROLLING_BARS, chart_answer
from components import ids
from components.positive_outcomes import missing_strands_sentence, outcomes_table, with_outcome_figures
from signin.visibility import Viewer
from components.url_state import FilterState
from components.verdicts import change_words, verdict_words
from exports.chart_files import export_context
from exports.figure_for_export import PNG_SCALE, ExportContext, export_size, figure_for_export
from exports.filenames import LONDON, export_filename  # LONDON: the area of the London pack
from exports.rendering import ImageRequest, RenderingUnavailable, render_images
from figures.answer import ChartAnswer
from queries.borough_summary import borough_period_summary, borough_strand_rates
from queries.connect_break import comparison_caveat
from queries.events import events_between
from queries.expected_counts import exceptional_months, has_expected_counts, months_judged, rolling_changes
from queries.periods import Period, rolling_12_months
from queries.positive_outcomes import (NO_OUTCOMES_SENTENCE, POSITIVE_OUTCOME_CAVEAT, has_positive_outcomes,
                                       positive_outcomes_by_strand)
from queries.strand_summary import area_strand_rates, strand_period_comparison
from queries.strands import STRANDS
from stands_out.change_test import SIGNIFICANT_FALL, SIGNIFICANT_RISE, add_change_verdicts
from stands_out.expected_range import MIN_YEARS_OF_HISTORY
from stands_out.sentences import exceptional_month_sentence


PDF_PAGES = ("Title", "Headline figures", "Map", "Trend with events", "Against London", "What stands out",
             "What the incident data shows", "Caveats and sources")
# The incident-data page's charts (incident datasets only): keys in BriefingPack.charts.
INCIDENT_CHART_KEYS = ("combinations", "offence_types")
HIGHEST_RATES_LISTED = 3  # London pack: the boroughs with the highest rates, named in the headlines
# What stands out, on one page: the most exceptional months as sentences and the changes
# beyond chance with the smallest p-values; the ZIP's CSV files hold them all.
STANDS_OUT_SENTENCES = 10
STANDS_OUT_CHANGES = 14


@dataclass(frozen=True)
class PackChart:
    name: str          # in the file name: "borough-map"
    heading: str       # the PDF page's heading
    answer: ChartAnswer  # as the dashboard draws it (charts/registry.chart_answer)
    note: str = ""     # one sentence under the chart in the PDF


@dataclass(frozen=True)
class PackTable:
    name: str
    heading: str
    frame: pd.DataFrame  # column names carry their units
    note: str = ""       # a caveat shown under the table and carried in its CSV as a "Note" column


@dataclass(frozen=True)
class Headline:
    measure: str
    figure: str
    compared_with: str


@dataclass(frozen=True)
class PackStandsOut:
    """The pack's "What stands out" page: months of its period above their expected range
    (sentences), and the changes over the rolling 12 months beyond chance (a table)."""

    where: str                   # "Camden", "London or any of its 32 boroughs"
    months_heading: str
    sentences: list[str]         # at most STANDS_OUT_SENTENCES, most exceptional first
    more_sentences: int          # how many more the CSV holds
    months_above: PackTable      # every one, for the ZIP
    changes_heading: str
    changes: PackTable | None    # the changes beyond chance; None when there is nothing to test
    changes_note: str            # the tally of verdicts, or why nothing could be tested


@dataclass
class BriefingPack:
    context: PageContext
    area: str                 # LONDON or a borough slug
    area_name: str            # "London", "Camden"
    generated_on: dt.date
    headlines: list[Headline]
    rolling: PackTable        # rolling 12 months against the 12 before, by strand
    charts: dict[str, PackChart]  # keys: rolling, map, trend, comparison, and INCIDENT_CHART_KEYS
    tables: list[PackTable] = field(default_factory=list)  # further tables, CSV in the ZIP
    events: pd.DataFrame | None = None
    stands_out: PackStandsOut | None = None

    @property
    def state(self) -> FilterState:
        return self.context.state

    @property
    def period(self) -> Period:
        return self.context.state.period

    @property
    def title(self) -> str:
        return f"Hate crime briefing pack: {self.area_name}"

    @property
    def is_synthetic(self) -> bool:
        return bool(self.context.dataset.is_synthetic)

    @property
    def data_date(self) -> str:
        return f"{pd.Timestamp(self.context.dataset.last_month):%B %Y}"

    def filename(self, name: str, extension: str) -> str:
        return export_filename(area=self.area, strand=self.state.strand, period=self.period, name=name,
                               extension=extension)

    def export_context(self) -> ExportContext:
        return export_context(self.context, "all of London" if self.area == LONDON else self.area_name,
                              today=self.generated_on)


@dataclass
class PackImages:
    """Each chart's PNG and SVG, or the sentence saying why there are none."""

    png: dict[str, bytes] = field(default_factory=dict)
    svg: dict[str, bytes] = field(default_factory=dict)
    problem: str | None = None


def pack_context(cursor, state: FilterState, viewer: Viewer | None = None) -> PageContext:
    """The page context for a state validated against what `viewer` (default: this
    request's) may see."""
    return context_for_state(viewer_facts(cursor, viewer), state)


def build_briefing_pack(cursor, context: PageContext, area: str, *, today: dt.date | None = None) -> BriefingPack:
    """Everything the pack shows, from the store, for `area` (LONDON or a Met borough's slug)."""
    today = today or dt.date.today()
    if area == LONDON:
        return _london_pack(cursor, context, today)
    borough = context.borough(area)
    if borough is None:
        raise ValueError(f"there is no London borough with Met data called {area!r}")
    return _borough_pack(cursor, context, borough, today)


# ---- content -------------------------------------------------------------------------

def _change(change_pct, verdict: str | None = None) -> str:
    """"+25.0% (● within normal variation)": the change, and its verdict when judged."""
    change = change_words(change_pct)
    return f"{change} ({verdict_words(verdict)})" if verdict else change


def _rolling(cursor, context: PageContext, borough):
    code = [borough.gss_code] if borough is not None else None
    rolling, comparison = rolling_comparison(cursor, context, code)
    comparison = add_change_verdicts(comparison, months=rolling.months)
    table = PackTable("rolling-12-months-by-strand",
                      f"Rolling 12 months to {rolling.end:%b %Y} against the 12 months before, by strand",
                      rolling_table(comparison, rolling), comparison_caveat(rolling, rolling.previous()) or "")
    options = {"borough": borough.slug} if borough is not None else {}
    chart = PackChart("strand-bars-rolling-12-months", table.heading,
                      chart_answer(cursor, context, PACK_ROLLING_BARS, options))
    return rolling, comparison, table, chart


def rolling_table(comparison: pd.DataFrame, rolling: Period) -> pd.DataFrame:
    """strand_period_comparison over the rolling 12 months, with units in the column names."""
    return pd.DataFrame({
        "Strand": [STRANDS[key].label for key in comparison.strand],
        f"Rolling 12 months, {rolling.label} (offences)": comparison.offences.astype("Int64"),
        f"Previous 12 months, {rolling.previous().label} (offences)": comparison.previous_offences.astype("Int64"),
        "Change (%)": comparison.change_pct.astype("Float64"),
        **({"Verdict": comparison.verdict.map(verdict_words)} if "verdict" in comparison else {}),
    })


def _period_headline(cursor, context, gss_codes, label) -> Headline:
    period = context.state.period
    row = add_change_verdicts(strand_period_comparison(
        cursor, dataset_id=context.state.dataset_id, current=period, previous=period.previous(),
        strands=[context.state.strand], gss_codes=gss_codes), months=period.months).iloc[0]
    return Headline(f"{label}: {period.label}", f"{int(row.offences):,} offences",
                    f"{int(row.previous_offences):,} in the previous {period.months} months "
                    f"({period.previous().label}): {_change(row.change_pct, row.verdict)}"
                    + _caveat(period, period.previous()))


def _rolling_headline(comparison, rolling, label) -> Headline:
    row = comparison.set_index("strand").iloc[0]
    return Headline(f"{label}: rolling 12 months to {rolling.end:%b %Y}", f"{int(row.offences):,} offences",
                    f"{int(row.previous_offences):,} in the 12 months before: "
                    f"{_change(row.change_pct, getattr(row, 'verdict', None))}"
                    + _caveat(rolling, rolling.previous()))


def _caveat(current: Period, previous: Period) -> str:
    """'. ' and the CONNECT sentence when the comparison crosses March 2024, else ''."""
    caveat = comparison_caveat(current, previous)
    return f". {caveat}" if caveat else ""


OUTCOMES_LAG_SENTENCE = "Outcomes can come months after the offence, so recent months look low."


def _outcomes(cursor, context: PageContext, strands: list[str], borough) -> tuple[Headline, list[PackTable]]:
    """The positive outcome rate of the pack's strand as a headline, and the table of every
    strand's; or the sentence saying the dataset has none."""
    state, period = context.state, context.state.period
    measure = f"Positive outcome rate, {STRANDS[strands[0]].label}: {period.label}"
    if not has_positive_outcomes(cursor, dataset_id=state.dataset_id):
        return Headline(measure, "not available", NO_OUTCOMES_SENTENCE), []
    query = dict(dataset_id=state.dataset_id, period=period, strands=strands)
    area = positive_outcomes_by_strand(cursor, gss_codes=[borough.gss_code] if borough is not None else None, **query)
    london = positive_outcomes_by_strand(cursor, **query) if borough is not None else None
    row = area.iloc[0]
    if row.months_with_outcomes == 0:
        headline = Headline(measure, "not available",
                            f"No outcome figures are published for {STRANDS[row.strand].label}.")
    else:
        london_part = ""
        if london is not None and pd.notna(london.positive_outcome_rate_pct.iloc[0]):
            london_part = f"; London {london.positive_outcome_rate_pct.iloc[0]:.1f}%"
        rate = "n/a" if pd.isna(row.positive_outcome_rate_pct) else f"{row.positive_outcome_rate_pct:.1f}%"
        headline = Headline(measure, rate, f"{int(row.positive_outcomes):,} positive outcomes on "
                                           f"{int(row.offences):,} offences{london_part}. {OUTCOMES_LAG_SENTENCE}")
    if with_outcome_figures(area).empty:
        return headline, []
    where = borough["name"] if borough is not None else "London"
    missing = missing_strands_sentence(area)
    return headline, [PackTable("positive-outcomes-by-strand", f"Positive outcomes by strand, {where}, {period.label}",
                                outcomes_table(area, london), POSITIVE_OUTCOME_CAVEAT + (f" {missing}" if missing else ""))]


def _events(cursor, period: Period) -> pd.DataFrame:
    return events_between(cursor, start=period.start, end=period.end_exclusive)


def _events_note(events: pd.DataFrame) -> str:
    if events.empty:
        return "No event from the dashboard's list of events falls in this period."
    return "Dotted red lines mark the events listed below, on the date each began."


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Date": [f"{pd.Timestamp(row.start_date):%d %b %Y}" + (
            f" to {pd.Timestamp(row.end_date):%d %b %Y}" if pd.notna(row.end_date) else "")
            for row in events.itertuples()],
        "Event": list(events.label),
    })


def pack_stands_out(cursor, context: PageContext, borough) -> PackStandsOut:
    """What stands out in the pack's area (the borough; for London, London and its 32
    boroughs, as the page shows them) over the pack's period: every strand, as the
    /stands-out page shows when it opens on "every month of the period"."""
    state, period = context.state, context.state.period
    areas = [borough.gss_code] if borough is not None else None
    where = borough["name"] if borough is not None else "London or any of its 32 boroughs"
    months_heading = f"Months above their expected range, {period.label}"
    rolling = rolling_12_months(state.end)
    changes_heading = (f"Changes beyond chance: rolling 12 months to {rolling.end:%b %Y} against the "
                       f"12 months before")
    if not has_expected_counts(cursor, dataset_id=state.dataset_id):
        nothing = PackTable("months-above-expected-range", months_heading, pd.DataFrame({"Month above range": []}))
        return PackStandsOut(where, months_heading, ["Expected ranges have not been worked out for this dataset: "
                                                     "it was loaded before the dashboard kept them."], 0, nothing,
                             changes_heading, None, "Load the dataset again to judge its changes.")
    flagged = exceptional_months(cursor, dataset_id=state.dataset_id, period=period, areas=areas)
    sentences = [exceptional_month_sentence(row) for row in flagged.head(STANDS_OUT_SENTENCES).itertuples()]
    if flagged.empty:
        judged = months_judged(cursor, dataset_id=state.dataset_id, period=period) > 0
        sentences = [f"Nothing stands out: no strand in {where} was above its expected range in {period.label}."
                     if judged else f"No month in {period.label} can be judged yet: each needs "
                     f"{MIN_YEARS_OF_HISTORY} earlier years of data."]
    months_above = PackTable("months-above-expected-range", months_heading, pd.DataFrame({
        "Area": flagged.area_name, "Strand": [STRANDS[key].label for key in flagged.strand],
        "Month": [f"{pd.Timestamp(month):%b %Y}" for month in flagged.month],
        "Offences (count)": flagged.offences.astype("Int64"),
        "Expected (offences)": flagged.expected.astype(float).round(1),
        "Upper bound (offences)": flagged.upper_bound.astype("Int64"),
        "Sentence": [exceptional_month_sentence(row) for row in flagged.itertuples()],
    }))
    changes, note = _changes_beyond_chance(cursor, context, rolling, areas, changes_heading)
    return PackStandsOut(where, months_heading, sentences, max(len(flagged) - STANDS_OUT_SENTENCES, 0),
                         months_above, changes_heading, changes, note)


def _changes_beyond_chance(cursor, context: PageContext, rolling: Period, areas, heading):
    first_month = pd.Timestamp(context.dataset.first_month).date()
    if rolling.previous().start < first_month:
        return None, (f"The rolling 12 months to {rolling.end:%B %Y} cannot be set against the 12 before: "
                      f"the dataset starts in {first_month:%B %Y}.")
    judged = add_change_verdicts(rolling_changes(cursor, dataset_id=context.state.dataset_id, end=rolling.end,
                                                 areas=areas), months=rolling.months)
    significant = judged[judged.verdict.isin([SIGNIFICANT_RISE, SIGNIFICANT_FALL])].sort_values(
        ["p_value", "area_name", "strand"], kind="stable")
    rises = int((judged.verdict == SIGNIFICANT_RISE).sum())
    falls = int((judged.verdict == SIGNIFICANT_FALL).sum())
    note = (f"Of {len(judged)} combinations of area and strand with offences, {rises} had a significant rise and "
            f"{falls} a significant fall; the rest were within normal variation or had too few offences.")
    if significant.empty:
        note = f"No change over the rolling 12 months is beyond chance. {note}"
    frame = pd.DataFrame({
        "Area": significant.area_name, "Strand": [STRANDS[key].label for key in significant.strand],
        f"Rolling 12 months, {rolling.label} (offences)": significant.offences.astype("Int64"),
        f"Previous 12 months, {rolling.previous().label} (offences)": significant.previous_offences.astype("Int64"),
        "Change (%)": significant.change_pct.astype("Float64"),
        "Verdict": significant.verdict.map(verdict_words),
        "p-value": [f"{value:.2g}" for value in significant.p_value],
    })
    return PackTable("changes-beyond-chance", heading, frame), note


def _map_chart(cursor, context: PageContext, borough) -> PackChart:
    """The overview's map by rate, with the pack's borough chosen (outlined) if it has one."""
    state = context.state
    if borough is not None:
        chosen = FilterState(state.dataset_id, state.start, state.end, state.strand, (borough.slug,))
        context = replace(context, state=chosen)
    answer = chart_answer(cursor, context, ids.OVERVIEW_MAP, {"metric": "rate"})
    outlined = f" {borough['name']} is outlined in black." if borough is not None else ""
    return PackChart("borough-map", f"Rate per 1,000 residents by borough, {state.period.label}", answer,
                     "Darker boroughs have higher rates. The City of London, grey, has its own police "
                     f"force and no Met data.{outlined}")


def _incident_charts(cursor, context: PageContext, borough) -> dict[str, PackChart]:
    """Compound discrimination and offence types for the pack's area, from the same chart
    definitions as the profile (a borough) and Trends (London); none for published counts,
    whose page says why instead (exports/pack_documents.py)."""
    if not context.is_incident_level:
        return {}
    where = f"{borough['name'] if borough is not None else 'London'}, {context.state.period.label}"
    if borough is not None:
        options = {"borough": borough.slug}
        combinations = chart_answer(cursor, context, ids.PROFILE_COMBINATIONS, options)
        offence_types = chart_answer(cursor, context, ids.PROFILE_OFFENCE_TYPES, options)
    else:
        combinations = chart_answer(cursor, context, ids.TRENDS_COMBINATIONS)
        offence_types = chart_answer(cursor, context, PACK_OFFENCE_TYPES)
    return {
        "combinations": PackChart("strand-combinations", f"Offences aimed at more than one identity: {where}",
                                  combinations, "Each offence is counted once, in the bar of its exact "
                                                "combination of strands; antisemitic and islamophobic count as faith."),
        "offence_types": PackChart("offence-types", f"Offence types within each strand: {where}", offence_types,
                                   "Each strand's bars are shares of that strand's offences. Strands overlap, "
                                   "so the bars are never added up across strands."),
    }


def _borough_pack(cursor, context: PageContext, borough, today) -> BriefingPack:
    state, period = context.state, context.state.period
    code, name = borough.gss_code, borough["name"]
    group_name = f"{borough.london_group} London"
    headline, core = pack_strands(context)
    label = STRANDS[headline].label
    where_when = f"{name}, {period.label}"

    rolling, comparison, rolling_tab, rolling_chart = _rolling(cursor, context, borough)
    strands = [headline] + [key for key in core if key != headline]
    ranks = borough_strand_rates(cursor, dataset_id=state.dataset_id, period=period, strands=strands)
    rates = area_strand_rates(cursor, dataset_id=state.dataset_id, period=period, strands=strands, gss_code=code)
    by_area = rates[rates.strand == headline].set_index("area").rate_per_1000
    rank = ranks[(ranks.gss_code == code) & (ranks.strand == headline)].iloc[0]
    headlines = [
        _rolling_headline(comparison, rolling, label),
        _period_headline(cursor, context, [code], label),
        Headline(f"Rate per 1,000 residents: {period.label}", f"{by_area['borough']:.2f}",
                 f"London {by_area['london']:.2f}; {group_name} {by_area['group']:.2f}"),
        Headline(f"Rank by rate among the 32 boroughs: {period.label}", f"{int(rank.rank_by_rate)} of 32",
                 "1 is the highest rate"),
    ]
    outcome_headline, outcome_tables = _outcomes(cursor, context, strands, borough)
    headlines.append(outcome_headline)

    events = _events(cursor, period)
    trend = chart_answer(cursor, context, ids.PROFILE_TREND, {"borough": borough.slug})
    against = chart_answer(cursor, context, ids.PROFILE_AGAINST_LONDON, {"borough": borough.slug})

    rank_rows = ranks[ranks.gss_code == code].set_index("strand").loc[strands].reset_index()
    london_rates = rates[rates.area == "london"].set_index("strand").rate_per_1000
    group_rates = rates[rates.area == "group"].set_index("strand").rate_per_1000
    rank_frame = pd.DataFrame({
        "Strand": [STRANDS[key].label for key in rank_rows.strand],
        "Offences (count)": rank_rows.offences.astype("Int64"),
        f"{name} rate per 1,000 residents": rank_rows.rate_per_1000.round(2),
        f"{group_name} rate per 1,000 residents": [round(float(group_rates[key]), 2) for key in rank_rows.strand],
        "London rate per 1,000 residents": [round(float(london_rates[key]), 2) for key in rank_rows.strand],
        "Rank by rate among 32 boroughs (1 = highest)": rank_rows.rank_by_rate.astype("Int64"),
    })
    return BriefingPack(
        context=context, area=borough.slug, area_name=name, generated_on=today, headlines=headlines,
        rolling=rolling_tab, events=events,
        charts={
            "rolling": rolling_chart,
            "map": _map_chart(cursor, context, borough),
            "trend": PackChart("monthly-trend", f"Monthly trend, with events: {where_when}", trend,
                               _events_note(events)),
            "comparison": PackChart("against-london", f"{name} against London and {group_name}, {period.label}",
                                    against, f"Rates per 1,000 residents (ONS mid-2021 population). "
                                             f"{group_name} is the {borough.london_group.lower()} London "
                                             "boroughs together."),
            **_incident_charts(cursor, context, borough),
        },
        tables=[PackTable("strand-ranks", f"Rank among the 32 boroughs by rate, {period.label}", rank_frame),
                *outcome_tables],
        stands_out=pack_stands_out(cursor, context, borough),
    )


def _london_pack(cursor, context: PageContext, today) -> BriefingPack:
    state, period = context.state, context.state.period
    headline, core = pack_strands(context)
    label = STRANDS[headline].label
    where_when = f"London, {period.label}"
    rolling, comparison, rolling_tab, rolling_chart = _rolling(cursor, context, None)

    summary = add_change_verdicts(
        borough_period_summary(cursor, dataset_id=state.dataset_id, period=period, strand=headline),
        months=period.months)
    london_rate = 1000 * summary.offences.sum() / summary.population_mid2021.sum()
    groups = summary.groupby("london_group")[["offences", "population_mid2021"]].sum()
    group_rates = (1000 * groups.offences / groups.population_mid2021).round(2)
    highest = summary.sort_values(["rank_by_rate", "name"]).head(HIGHEST_RATES_LISTED)
    headlines = [
        _rolling_headline(comparison, rolling, label),
        _period_headline(cursor, context, None, label),
        Headline(f"Rate per 1,000 residents: {period.label}", f"{london_rate:.2f}",
                 "; ".join(f"{group} London {rate:.2f}" for group, rate in group_rates.items())),
        Headline(f"Highest rates per 1,000 residents: {period.label}",
                 f"{highest.iloc[0]['name']} {highest.iloc[0].rate_per_1000:.2f}",
                 "then " + ", ".join(f"{row.name} {row.rate_per_1000:.2f}" for row in highest.iloc[1:].itertuples())),
    ]
    outcome_headline, outcome_tables = _outcomes(cursor, context, [headline] + [key for key in core if key != headline],
                                                 None)
    headlines.append(outcome_headline)

    events = _events(cursor, period)
    trend = chart_answer(cursor, context, ids.OVERVIEW_TREND)
    comparison_chart = PackChart("inner-outer-london", f"Inner and outer London against London, {period.label}",
                                 chart_answer(cursor, context, PACK_INNER_OUTER),
                                 "Rates per 1,000 residents (ONS mid-2021 population).")

    borough_frame = pd.DataFrame({
        "Borough": summary.name, "GSS code": summary.gss_code, "Inner/outer London": summary.london_group,
        f"Offences, {period.label} (count)": summary.offences.astype("Int64"),
        f"Offences, {period.previous().label} (count)": summary.previous_offences.astype("Int64"),
        "Change (%)": summary.change_pct.astype("Float64"),
        "Verdict": summary.verdict.map(verdict_words),
        "Rate per 1,000 residents": summary.rate_per_1000,
        "Rank by rate (1 = highest)": summary.rank_by_rate.astype("Int64"),
    })
    return BriefingPack(
        context=context, area=LONDON, area_name="London", generated_on=today, headlines=headlines,
        rolling=rolling_tab, events=events,
        charts={
            "rolling": rolling_chart,
            "map": _map_chart(cursor, context, None),
            "trend": PackChart("monthly-trend", f"Monthly trend by strand, with events: {where_when}", trend,
                               _events_note(events)),
            "comparison": comparison_chart,
            **_incident_charts(cursor, context, None),
        },
        tables=[PackTable("boroughs", f"The 32 boroughs, {STRANDS[headline].label}, {period.label}",
                          borough_frame, comparison_caveat(period, period.previous()) or ""),
                *outcome_tables],
        stands_out=pack_stands_out(cursor, context, None),
    )


# ---- images ---------------------------------------------------------------------------

def export_figures(pack: BriefingPack) -> dict[str, dict]:
    """Each chart decorated to stand on its own (filters line, fixed size)."""
    context = pack.export_context()
    return {key: figure_for_export(chart.answer, context) for key, chart in pack.charts.items()}


def render_pack_images(pack: BriefingPack, *, with_svg: bool = True) -> PackImages:
    """PNG (at 2x) of every chart, and SVG unless `with_svg` is False (the PDF alone needs
    none: half the drawing time), drawn by one Chromium; if that cannot be done, no
    images and the reason."""
    figures = export_figures(pack)
    formats = ("png", "svg") if with_svg else ("png",)
    requests = []
    for figure in figures.values():
        width, height = export_size(figure)
        requests += [ImageRequest(figure, file_format, width, height, PNG_SCALE if file_format == "png" else 1)
                     for file_format in formats]
    try:
        rendered = iter(render_images(requests))
    except RenderingUnavailable as problem:
        return PackImages(problem=str(problem))
    images = PackImages()
    for key in figures:
        for file_format in formats:
            getattr(images, file_format)[key] = next(rendered)
    return images


def chart_tables(pack: BriefingPack) -> dict[str, pd.DataFrame]:
    """The numbers each chart draws: its answer's table."""
    return {key: chart.answer.table for key, chart in pack.charts.items()}

