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
from charts.headlines import borough_headlines, london_headlines
from charts.pack_only import rolling_comparison
from charts.registry import PACK_INNER_OUTER, PACK_OFFENCE_TYPES, PACK_ROLLING_BARS, chart_answer
from charts.table_registry import table_answer
from components import ids
from components.url_state import FilterState
from components.verdicts import ALL_VERDICTS, change_words, verdict_words
from exports.chart_files import export_context
from exports.figure_for_export import PNG_SCALE, ExportContext, export_size, figure_for_export
from exports.filenames import LONDON, export_filename  # LONDON: the area of the London pack
from exports.rendering import ImageRequest, RenderingUnavailable, render_images
from figures.answer import ChartAnswer, Headline, TableAnswer
from queries.connect_break import comparison_caveat
from queries.events import events_between
from queries.expected_counts import exceptional_months, has_expected_counts, months_judged
from queries.periods import Period, rolling_12_months
from queries.strands import STRANDS
from signin.visibility import Viewer
from stands_out.change_test import add_change_verdicts
from stands_out.expected_range import MIN_YEARS_OF_HISTORY
from stands_out.sentences import exceptional_month_sentence


PDF_PAGES = ("Title", "Headline figures", "Map", "Trend with events", "Against London", "What stands out",
             "What the incident data shows", "Caveats and sources")
# The incident-data page's charts (incident datasets only): keys in BriefingPack.charts.
INCIDENT_CHART_KEYS = ("combinations", "offence_types")
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


# The pack's tables are the dashboard's (charts/table_registry.py) where the dashboard
# has them, and tables of the same shape where only the pack does.
PackTable = TableAnswer


@dataclass(frozen=True)
class PackHeadline:
    """A row of the headline page: a charts.headlines Headline, in words."""

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
    headlines: list[PackHeadline]
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


def pack_headline(headline: Headline) -> PackHeadline:
    """A headline as the pack words it: the figure with its unit, the change with its
    verdict, and the CONNECT caveat when the comparison crosses March 2024."""
    compared = headline.compared_with
    if headline.is_change:
        compared = f"{compared}: {_change(headline.change_pct, headline.verdict)}"
    if headline.caveat:
        compared = f"{compared}. {headline.caveat}"
    return PackHeadline(headline.measure, f"{headline.figure} {headline.unit}".strip(), compared)


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
    return table, chart


def rolling_table(comparison: pd.DataFrame, rolling: Period) -> pd.DataFrame:
    """strand_period_comparison over the rolling 12 months, with units in the column names."""
    return pd.DataFrame({
        "Strand": [STRANDS[key].label for key in comparison.strand],
        f"Rolling 12 months, {rolling.label} (offences)": comparison.offences.astype("Int64"),
        f"Previous 12 months, {rolling.previous().label} (offences)": comparison.previous_offences.astype("Int64"),
        "Change (%)": comparison.change_pct.astype("Float64"),
        **({"Verdict": comparison.verdict.map(verdict_words)} if "verdict" in comparison else {}),
    })


def _outcome_tables(cursor, context: PageContext, borough) -> list[TableAnswer]:
    """The positive outcomes table the profile shows (London's, for the London pack)."""
    table = table_answer(cursor, context, ids.PROFILE_OUTCOMES_TABLE,
                         {"borough": borough.slug} if borough is not None else {})
    return [] if table.message is not None else [table]


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
    where = borough.name if borough is not None else "London or any of its 32 boroughs"
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
    changes, note = _changes_beyond_chance(cursor, context, borough)
    return PackStandsOut(where, months_heading, sentences, max(len(flagged) - STANDS_OUT_SENTENCES, 0),
                         months_above, changes_heading, changes, note)


def _changes_beyond_chance(cursor, context: PageContext, borough) -> tuple[TableAnswer | None, str]:
    """What Stands out's table of changes beyond chance, for the borough or for London and
    its 32 boroughs; None and the sentence saying why when there is none."""
    if borough is not None:
        context = replace(context, state=replace(context.state, boroughs=(borough.slug,)))
    table = table_answer(cursor, context, ids.STANDS_OUT_CHANGES_TABLE, {"every_strand": True})
    if table.message is not None:
        return None, " ".join(part for part in (table.message, table.summary) if part)
    return table, table.summary


def _map_chart(cursor, context: PageContext, borough) -> PackChart:
    """The overview's map by rate, with the pack's borough chosen (outlined) if it has one."""
    state = context.state
    if borough is not None:
        chosen = FilterState(state.dataset_id, state.start, state.end, state.strand, (borough.slug,))
        context = replace(context, state=chosen)
    answer = chart_answer(cursor, context, ids.OVERVIEW_MAP, {"metric": "rate"})
    outlined = f" {borough.name} is outlined in black." if borough is not None else ""
    return PackChart("borough-map", f"Rate per 1,000 residents by borough, {state.period.label}", answer,
                     "Darker boroughs have higher rates. The City of London, grey, has its own police "
                     f"force and no Met data.{outlined}")


def _incident_charts(cursor, context: PageContext, borough) -> dict[str, PackChart]:
    """Compound discrimination and offence types for the pack's area, from the same chart
    definitions as the profile (a borough) and Trends (London); none for published counts,
    whose page says why instead (exports/pack_documents.py)."""
    if not context.is_incident_level:
        return {}
    where = f"{borough.name if borough is not None else 'London'}, {context.state.period.label}"
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
    period = context.state.period
    name, group_name = borough.name, f"{borough.london_group} London"
    where_when = f"{name}, {period.label}"
    options = {"borough": borough.slug}
    rolling_tab, rolling_chart = _rolling(cursor, context, borough)
    events = _events(cursor, period)
    return BriefingPack(
        context=context, area=borough.slug, area_name=name, generated_on=today,
        headlines=[pack_headline(item) for item in borough_headlines(cursor, context, borough.slug)],
        rolling=rolling_tab, events=events,
        charts={
            "rolling": rolling_chart,
            "map": _map_chart(cursor, context, borough),
            "trend": PackChart("monthly-trend", f"Monthly trend, with events: {where_when}",
                               chart_answer(cursor, context, ids.PROFILE_TREND, options), _events_note(events)),
            "comparison": PackChart("against-london", f"{name} against London and {group_name}, {period.label}",
                                    chart_answer(cursor, context, ids.PROFILE_AGAINST_LONDON, options),
                                    f"Rates per 1,000 residents (ONS mid-2021 population). "
                                    f"{group_name} is the {borough.london_group.lower()} London boroughs together."),
            **_incident_charts(cursor, context, borough),
        },
        tables=[table_answer(cursor, context, ids.PROFILE_RANKS_TABLE, options),
                *_outcome_tables(cursor, context, borough)],
        stands_out=pack_stands_out(cursor, context, borough),
    )


def _london_pack(cursor, context: PageContext, today) -> BriefingPack:
    period = context.state.period
    rolling_tab, rolling_chart = _rolling(cursor, context, None)
    events = _events(cursor, period)
    return BriefingPack(
        context=context, area=LONDON, area_name="London", generated_on=today,
        headlines=[pack_headline(item) for item in london_headlines(cursor, context)],
        rolling=rolling_tab, events=events,
        charts={
            "rolling": rolling_chart,
            "map": _map_chart(cursor, context, None),
            "trend": PackChart("monthly-trend", f"Monthly trend by strand, with events: London, {period.label}",
                               chart_answer(cursor, context, ids.OVERVIEW_TREND), _events_note(events)),
            "comparison": PackChart("inner-outer-london", f"Inner and outer London against London, {period.label}",
                                    chart_answer(cursor, context, PACK_INNER_OUTER),
                                    "Rates per 1,000 residents (ONS mid-2021 population)."),
            **_incident_charts(cursor, context, None),
        },
        tables=[table_answer(cursor, context, ids.COMPARE_DATATABLE, {"verdict": ALL_VERDICTS}),
                *_outcome_tables(cursor, context, None)],
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

