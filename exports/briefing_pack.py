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
from typing import Callable

import pandas as pd

from charts.context import PageContext, context_for_state, viewer_facts
from charts.headlines import borough_headlines, london_headlines
from charts.pack_only import rolling_comparison
from charts.partners import area_for, overlap_badge, section_facts
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
from stands_out.sentences import above_by_chance_sentence, exceptional_month_sentence
from queries.rates import RATE_LABEL, RATE_UNIT


PDF_PAGES = ("Title", "Headline figures", "Map", "Trend with events", "Against London", "What stands out",
             "What the incident data shows", "Beyond police data", "Caveats and sources")
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
    by_chance: str = ""          # beside months above range: how many chance alone would put there


@dataclass(frozen=True)
class PackPartners:
    """The pack's "Beyond police data" page: each partner source's panel (keys in
    BriefingPack.charts, drawn from the dashboard's definition), the sources that do not
    cover the area, and the police and partners same-period table."""

    chart_keys: list[str]
    badges: dict[str, str]       # chart key -> the overlap badge's words
    not_covered: list[str]       # "X: reports for London only."
    quiet: list[str]             # sources covering the area with no figures in the period, in a sentence each
    table: TableAnswer
    hidden: int                  # restricted partner files this viewer may not see
    loaded: bool


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
    partners: PackPartners | None = None

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
        return _pack(cursor, context, None, today)
    borough = context.borough(area)
    if borough is None:
        raise ValueError(f"there is no London borough with Met data called {area!r}")
    return _pack(cursor, context, borough, today)


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


def _rolling_heading(context: PageContext) -> str:
    rolling = rolling_12_months(context.state.end)
    return f"Rolling 12 months to {rolling.end:%b %Y} against the 12 months before, by strand"


def _rolling(cursor, context: PageContext, borough) -> PackTable:
    code = [borough.gss_code] if borough is not None else None
    rolling, comparison = rolling_comparison(cursor, context, code)
    comparison = add_change_verdicts(comparison, months=rolling.months)
    return PackTable("rolling-12-months-by-strand", _rolling_heading(context), rolling_table(comparison, rolling),
                     comparison_caveat(rolling, rolling.previous()) or "")


def rolling_table(comparison: pd.DataFrame, rolling: Period) -> pd.DataFrame:
    """strand_period_comparison over the rolling 12 months, with units in the column names."""
    return pd.DataFrame({
        "Strand": [STRANDS[key].label for key in comparison.strand],
        f"Rolling 12 months, {rolling.label} (offences)": comparison.offences.astype("Int64"),
        f"Previous 12 months, {rolling.previous().label} (offences)": comparison.previous_offences.astype("Int64"),
        "Change (%)": comparison.change_pct.astype("Float64"),
        **({"Verdict": comparison.verdict.map(verdict_words)} if "verdict" in comparison else {}),
    })


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
    by_chance = "" if flagged.empty else above_by_chance_sentence(
        judged=months_judged(cursor, dataset_id=state.dataset_id, period=period, areas=areas))
    return PackStandsOut(where, months_heading, sentences, max(len(flagged) - STANDS_OUT_SENTENCES, 0),
                         months_above, changes_heading, changes, note, by_chance)


def _changes_beyond_chance(cursor, context: PageContext, borough) -> tuple[TableAnswer | None, str]:
    """What Stands out's table of changes beyond chance, for the borough or for London and
    its 32 boroughs; None and the sentence saying why when there is none."""
    if borough is not None:
        context = replace(context, state=replace(context.state, boroughs=(borough.slug,)))
    table = table_answer(cursor, context, ids.STANDS_OUT_CHANGES_TABLE, {"every_strand": True})
    if table.message is not None:
        return None, " ".join(part for part in (table.message, table.summary) if part)
    return table, table.summary


# ---- layout ---------------------------------------------------------------------------
# What each pack holds, as the dashboard's own definitions (charts/registry.py,
# charts/table_registry.py, charts/headlines.py) and the words around them. The PDF's
# pages (exports/pack_documents.py) place them.

@dataclass(frozen=True)
class PackArea:
    """What the pack's words are written from: its context, borough (None: London) and
    the events in its period."""

    context: PageContext
    borough: object  # queries.boroughs.Borough, or None for London
    events: pd.DataFrame

    @property
    def name(self) -> str:
        return self.borough.name if self.borough is not None else "London"

    @property
    def period(self) -> Period:
        return self.context.state.period

    @property
    def group(self) -> str:
        return self.context.group_name(self.borough)

    @property
    def options(self) -> dict:
        return {"borough": self.borough.slug} if self.borough is not None else {}


def _no_options(_area: PackArea) -> dict:
    return {}


def _borough_options(area: PackArea) -> dict:
    return area.options


@dataclass(frozen=True)
class PackChartEntry:
    key: str                                   # in BriefingPack.charts
    name: str                                  # in the file names
    chart_id: str                              # the registry chart
    heading: Callable[[PackArea], str]
    note: Callable[[PackArea], str]
    options: Callable[[PackArea], dict] = _no_options
    incident_only: bool = False                # published counts cannot give it: the page says why
    # The map: the pack's borough chosen in the filters, so the map outlines it.
    choose_borough: bool = False


MAP_NOTE = "Darker boroughs have higher rates. The City of London, grey, has its own police force and no Met data."
COMBINATIONS_NOTE = ("Each offence is counted once, in the bar of its exact combination of strands; antisemitic and "
                     "islamophobic count as faith.")
OFFENCE_TYPES_NOTE = ("Each strand's bars are shares of that strand's offences. Strands overlap, so the bars are "
                      "never added up across strands.")
RATES_NOTE = (f"Rates are offences {RATE_UNIT} (ONS mid-2021 population), over the months of data in "
              "the period, so periods of any length compare.")


def _map_note(area: PackArea) -> str:
    return MAP_NOTE + (f" {area.name} is outlined in black." if area.borough is not None else "")


def _shared_entries(trend_id: str, trend_heading: str, comparison: PackChartEntry, combinations_id: str,
                    offence_types_id: str, options) -> tuple[PackChartEntry, ...]:
    return (
        PackChartEntry("rolling", "strand-bars-rolling-12-months", PACK_ROLLING_BARS,
                       lambda area: _rolling_heading(area.context), lambda area: "", options),
        PackChartEntry("map", "borough-map", ids.OVERVIEW_MAP,
                       lambda area: f"{RATE_LABEL} by borough, {area.period.label}", _map_note,
                       lambda area: {"metric": "rate"}, choose_borough=True),
        PackChartEntry("trend", "monthly-trend", trend_id,
                       lambda area: f"{trend_heading}, with events: {area.name}, {area.period.label}",
                       lambda area: _events_note(area.events), options),
        comparison,
        PackChartEntry("combinations", "strand-combinations", combinations_id,
                       lambda area: f"Offences aimed at more than one identity: {area.name}, {area.period.label}",
                       lambda area: COMBINATIONS_NOTE, options, incident_only=True),
        PackChartEntry("offence_types", "offence-types", offence_types_id,
                       lambda area: f"Offence types within each strand: {area.name}, {area.period.label}",
                       lambda area: OFFENCE_TYPES_NOTE, options, incident_only=True),
    )


BOROUGH_PACK_CHARTS = _shared_entries(
    ids.PROFILE_TREND, "Monthly trend",
    PackChartEntry("comparison", "against-london", ids.PROFILE_AGAINST_LONDON,
                   lambda area: f"{area.name} against London and {area.group}, {area.period.label}",
                   lambda area: f"{RATES_NOTE} {area.group}: its boroughs' offences over their residents.",
                   _borough_options),
    ids.PROFILE_COMBINATIONS, ids.PROFILE_OFFENCE_TYPES, _borough_options)
LONDON_PACK_CHARTS = _shared_entries(
    ids.OVERVIEW_TREND, "Monthly trend by strand",
    PackChartEntry("comparison", "inner-outer-london", PACK_INNER_OUTER,
                   lambda area: f"Inner and outer London against London, {area.period.label}",
                   lambda area: RATES_NOTE),
    ids.TRENDS_COMBINATIONS, PACK_OFFENCE_TYPES, _no_options)
# (registry table, its options): the profile's tables for a borough, Compare's for London.
BOROUGH_PACK_TABLES = ((ids.PROFILE_RANKS_TABLE, _borough_options), (ids.PROFILE_OUTCOMES_TABLE, _borough_options))
LONDON_PACK_TABLES = ((ids.COMPARE_DATATABLE, lambda area: {"verdict": ALL_VERDICTS}),
                      (ids.PROFILE_OUTCOMES_TABLE, _no_options))


def _pack_chart(cursor, area: PackArea, entry: PackChartEntry) -> PackChart:
    context = area.context
    if entry.choose_borough and area.borough is not None:
        context = replace(context, state=replace(context.state, boroughs=(area.borough.slug,)))
    return PackChart(entry.name, entry.heading(area), chart_answer(cursor, context, entry.chart_id, entry.options(area)),
                     entry.note(area))


def pack_partners(cursor, context: PageContext, borough) -> tuple[PackPartners, dict[str, PackChart]]:
    """The partner panels of the pack's area, as the page draws them, and the page's words."""
    area = area_for(borough)
    facts = section_facts(cursor, area)
    charts, badges, quiet = {}, {}, []
    for index, (chart_id, source) in enumerate(zip(ids.PARTNER_PANEL_CHARTS, facts["covering"]), start=1):
        answer = chart_answer(cursor, context, chart_id, {"source": source, "area": area.option})
        if answer.message is not None:
            quiet.append(answer.message)
            continue
        key = f"partner-{index}"
        badges[key] = overlap_badge(answer.table["Includes police reports"])
        charts[key] = PackChart(f"partner-reports-{source}"[:60], f"Beyond police data: {source}", answer, badges[key])
    table = table_answer(cursor, context, ids.PARTNERS_TABLE, {"area": area.option})
    not_covered = [f"{source}: reports for {', '.join(places)} only." for source, places in facts["elsewhere"].items()]
    return PackPartners(list(charts), badges, not_covered, quiet, table, facts["hidden"], facts["loaded"]), charts


def _pack(cursor, context: PageContext, borough, today) -> BriefingPack:
    area = PackArea(context, borough, _events(cursor, context.state.period))
    partners, partner_charts = pack_partners(cursor, context, borough)
    charts = BOROUGH_PACK_CHARTS if borough is not None else LONDON_PACK_CHARTS
    tables = [table_answer(cursor, context, table_id, options(area))
              for table_id, options in (BOROUGH_PACK_TABLES if borough is not None else LONDON_PACK_TABLES)]
    headlines = borough_headlines(cursor, context, borough.slug) if borough is not None \
        else london_headlines(cursor, context)
    return BriefingPack(
        context=context, area=borough.slug if borough is not None else LONDON, area_name=area.name,
        generated_on=today, headlines=[pack_headline(item) for item in headlines],
        rolling=_rolling(cursor, context, borough), events=area.events,
        charts={**{entry.key: _pack_chart(cursor, area, entry) for entry in charts
                   if context.is_incident_level or not entry.incident_only}, **partner_charts},
        # A table with nothing to show (no outcome figures) is left out; its headline says why.
        tables=[table for table in tables if table.message is None],
        stands_out=pack_stands_out(cursor, context, borough),
        partners=partners,
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
    return render_figures(export_figures(pack), with_svg=with_svg)


def render_figures(figures: dict[str, dict], *, with_svg: bool = True) -> PackImages:
    """PNG (at 2x), and SVG unless `with_svg` is False, of each figure framed for export
    (exports/figure_for_export.py), by key, drawn by one Chromium; if that cannot be
    done, no images and the reason. The pack's and the agenda's charts are drawn here."""
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

