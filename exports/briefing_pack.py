"""The briefing pack: what a partnership meeting needs about one borough (or London),
for the period chosen in the filters, as a PDF to circulate and a ZIP of the parts.

    pack = build_briefing_pack(cursor, pack_context(cursor, state), "camden")
    images = render_pack_images(pack)          # chart PNG/SVG, or the reason there are none
    pdf = pack_pdf(pack, images)               # exports/pack_documents.py
    archive = pack_zip(pack, images, pdf)

Figures come from the dashboard's own queries and figure builders; nothing here
writes SQL. The PDF always has the same six pages (see PDF_PAGES), with or without
chart images: without them, each chart page holds the chart's numbers and says why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from components.url_state import FilterState
from exports.chart_files import export_context
from exports.figure_data import figure_table
from exports.figure_for_export import PNG_SCALE, ExportContext, export_size, figure_for_export
from exports.filenames import LONDON, export_filename  # LONDON: the area of the London pack
from exports.rendering import ImageRequest, RenderingUnavailable, render_images
from figures.borough_map import borough_choropleth
from figures.borough_profile import borough_against_london, borough_monthly_trend
from figures.strand_bars import area_rate_bars, strand_comparison_bars
from figures.trend import trend_figure
from geodata import load_borough_boundaries
from queries.borough_summary import borough_period_summary, borough_strand_rates
from queries.boroughs import CITY_OF_LONDON, borough_reference
from queries.datasets import loaded_datasets
from queries.events import events_between
from queries.periods import ROLLING_MONTHS, Period, add_months, rolling_12_months
from queries.strand_summary import area_strand_rates, strand_period_comparison
from queries.strands import CORE_STRANDS, STRANDS
from queries.time_series import monthly_offences

if TYPE_CHECKING:
    from callbacks.shared import PageContext


PDF_PAGES = ("Title", "Headline figures", "Map", "Trend with events", "Against London", "Caveats and sources")
HIGHEST_RATES_LISTED = 3  # London pack: the boroughs with the highest rates, named in the headlines


@dataclass(frozen=True)
class PackChart:
    name: str          # in the file name: "borough-map"
    heading: str       # the PDF page's heading
    figure: go.Figure  # as the dashboard draws it
    note: str = ""     # one sentence under the chart in the PDF


@dataclass(frozen=True)
class PackTable:
    name: str
    heading: str
    frame: pd.DataFrame  # column names carry their units


@dataclass(frozen=True)
class Headline:
    measure: str
    figure: str
    compared_with: str


@dataclass
class BriefingPack:
    context: PageContext
    area: str                 # LONDON or a borough slug
    area_name: str            # "London", "Camden"
    generated_on: dt.date
    headlines: list[Headline]
    rolling: PackTable        # rolling 12 months against the 12 before, by strand
    charts: dict[str, PackChart]  # keys: rolling, map, trend, comparison
    tables: list[PackTable] = field(default_factory=list)  # further tables, CSV in the ZIP
    events: pd.DataFrame | None = None

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


def pack_context(cursor, state: FilterState) -> PageContext:
    """The page context for a validated filter state (as callbacks.shared builds it)."""
    # Imported here: importing callbacks.shared loads every callback module, including
    # callbacks/exports.py, which imports this module.
    from callbacks.shared import PageContext, load_choices

    choices = load_choices(cursor)
    datasets = loaded_datasets(cursor).set_index("dataset_id", drop=False)
    return PageContext(state=state, dataset=datasets.loc[state.dataset_id], boroughs=borough_reference(cursor),
                       strands=choices.coverage[state.dataset_id].strands)


def build_briefing_pack(cursor, context: PageContext, area: str, *, today: dt.date | None = None) -> BriefingPack:
    """Everything the pack shows, from the store, for `area` (LONDON or a Met borough's slug)."""
    today = today or dt.date.today()
    if area == LONDON:
        return _london_pack(cursor, context, today)
    boroughs = context.boroughs[(context.boroughs.slug == area) & context.boroughs.policed_by_met]
    if boroughs.empty:
        raise ValueError(f"there is no London borough with Met data called {area!r}")
    return _borough_pack(cursor, context, boroughs.iloc[0], today)


# ---- content -------------------------------------------------------------------------

def _strands(context: PageContext) -> tuple[str, list[str]]:
    """The headline strand (the filter's) and the monitored strands this dataset has."""
    core = [key for key in CORE_STRANDS if key in context.strands] or context.strands
    return context.state.strand, core


def _change(change_pct) -> str:
    return "no earlier figure" if pd.isna(change_pct) else f"{change_pct:+.1f}%"


def _rolling(cursor, context: PageContext, gss_codes: list[str] | None, where: str):
    headline, core = _strands(context)
    rolling = rolling_12_months(context.state.end)
    strands = [headline] + [key for key in core if key != headline]
    comparison = strand_period_comparison(
        cursor, dataset_id=context.state.dataset_id, current=rolling, previous=rolling.previous(),
        strands=strands, gss_codes=gss_codes)
    table = PackTable("rolling-12-months-by-strand",
                      f"Rolling 12 months to {rolling.end:%b %Y} against the 12 months before, by strand",
                      rolling_table(comparison, rolling))
    chart = PackChart(
        "strand-bars-rolling-12-months", table.heading,
        strand_comparison_bars(
            comparison[comparison.strand.isin(core)],
            title=f"Hate crime offences by strand, {where}, rolling 12 months to {rolling.end:%b %Y}",
            subtitle=f"Compared with the 12 months before ({rolling.previous().label})",
            source=context.source, current_label=rolling.label, previous_label=rolling.previous().label))
    return rolling, comparison, table, chart


def rolling_table(comparison: pd.DataFrame, rolling: Period) -> pd.DataFrame:
    """strand_period_comparison over the rolling 12 months, with units in the column names."""
    return pd.DataFrame({
        "Strand": [STRANDS[key].label for key in comparison.strand],
        f"Rolling 12 months, {rolling.label} (offences)": comparison.offences.astype("Int64"),
        f"Previous 12 months, {rolling.previous().label} (offences)": comparison.previous_offences.astype("Int64"),
        "Change (%)": comparison.change_pct.astype("Float64"),
    })


def _period_headline(cursor, context, gss_codes, label) -> Headline:
    period = context.state.period
    row = strand_period_comparison(
        cursor, dataset_id=context.state.dataset_id, current=period, previous=period.previous(),
        strands=[context.state.strand], gss_codes=gss_codes).iloc[0]
    return Headline(f"{label}: {period.label}", f"{int(row.offences):,} offences",
                    f"{int(row.previous_offences):,} in the previous {period.months} months "
                    f"({period.previous().label}): {_change(row.change_pct)}")


def _rolling_headline(comparison, rolling, label) -> Headline:
    row = comparison.set_index("strand").iloc[0]
    return Headline(f"{label}: rolling 12 months to {rolling.end:%b %Y}", f"{int(row.offences):,} offences",
                    f"{int(row.previous_offences):,} in the 12 months before: {_change(row.change_pct)}")


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


def _map_chart(cursor, context: PageContext, highlighted: list[str] | None, where_note: str) -> PackChart:
    state, period = context.state, context.state.period
    summary = borough_period_summary(cursor, dataset_id=state.dataset_id, period=period, strand=state.strand)
    no_data = context.boroughs[context.boroughs.gss_code == CITY_OF_LONDON][["gss_code", "name"]]
    figure = borough_choropleth(
        summary, load_borough_boundaries(), metric="rate",
        title=f"{STRANDS[state.strand].short_label}: rate per 1,000 residents, by borough",
        subtitle=f"London, {period.label}.{where_note}", source=context.source, no_data=no_data,
        highlighted_codes=highlighted)
    return PackChart("borough-map", f"Rate per 1,000 residents by borough, {period.label}", figure,
                     "Darker boroughs have higher rates. The City of London, grey, has its own police "
                     "force and no Met data.")


def _borough_pack(cursor, context: PageContext, borough, today) -> BriefingPack:
    state, period = context.state, context.state.period
    code, name = borough.gss_code, borough["name"]
    group_name = f"{borough.london_group} London"
    headline, core = _strands(context)
    label = STRANDS[headline].label
    where_when = f"{name}, {period.label}"

    rolling, comparison, rolling_tab, rolling_chart = _rolling(cursor, context, [code], name)
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

    history = Period(add_months(period.start, -(ROLLING_MONTHS - 1)), period.end)
    series = monthly_offences(cursor, dataset_id=state.dataset_id, period=history, strands=[headline],
                              gss_codes=[code])
    events = _events(cursor, period)
    trend = borough_monthly_trend(series, strand_label=label, borough_name=name, period=period,
                                  source=context.source, events=events)
    against = borough_against_london(rates, borough_name=name, london_group=borough.london_group, period=period,
                                     source=context.source)

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
            "map": _map_chart(cursor, context, [code], f" {name} outlined in black."),
            "trend": PackChart("monthly-trend", f"Monthly trend, with events: {where_when}", trend,
                               _events_note(events)),
            "comparison": PackChart("against-london", f"{name} against London and {group_name}, {period.label}",
                                    against, f"Rates per 1,000 residents (ONS mid-2021 population). "
                                             f"{group_name} is the {borough.london_group.lower()} London "
                                             "boroughs together."),
        },
        tables=[PackTable("strand-ranks", f"Rank among the 32 boroughs by rate, {period.label}", rank_frame)],
    )


def _london_pack(cursor, context: PageContext, today) -> BriefingPack:
    state, period = context.state, context.state.period
    headline, core = _strands(context)
    label = STRANDS[headline].label
    where_when = f"London, {period.label}"
    rolling, comparison, rolling_tab, rolling_chart = _rolling(cursor, context, None, "London")

    summary = borough_period_summary(cursor, dataset_id=state.dataset_id, period=period, strand=headline)
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

    trend_strands = [headline] if headline != "all" else [headline] + [key for key in core if key != headline]
    series = monthly_offences(cursor, dataset_id=state.dataset_id, period=period, strands=trend_strands)
    events = _events(cursor, period)
    trend = trend_figure(
        series, time_column="month", title=f"Monthly hate crime offences by strand, {where_when}",
        subtitle="Each line counts offences with that flag; lines overlap and are not stacked. "
                 "Dotted red lines mark events.",
        source=context.source, events=events)
    comparison_chart = _inner_outer_chart(cursor, context, [headline] + [k for k in core if k != headline])

    borough_frame = pd.DataFrame({
        "Borough": summary.name, "GSS code": summary.gss_code, "Inner/outer London": summary.london_group,
        f"Offences, {period.label} (count)": summary.offences.astype("Int64"),
        f"Offences, {period.previous().label} (count)": summary.previous_offences.astype("Int64"),
        "Change (%)": summary.change_pct.astype("Float64"),
        "Rate per 1,000 residents": summary.rate_per_1000,
        "Rank by rate (1 = highest)": summary.rank_by_rate.astype("Int64"),
    })
    return BriefingPack(
        context=context, area=LONDON, area_name="London", generated_on=today, headlines=headlines,
        rolling=rolling_tab, events=events,
        charts={
            "rolling": rolling_chart,
            "map": _map_chart(cursor, context, None, ""),
            "trend": PackChart("monthly-trend", f"Monthly trend by strand, with events: {where_when}", trend,
                               _events_note(events)),
            "comparison": comparison_chart,
        },
        tables=[PackTable("boroughs", f"The 32 boroughs, {STRANDS[headline].label}, {period.label}",
                          borough_frame)],
    )


def _inner_outer_chart(cursor, context: PageContext, strands: list[str]) -> PackChart:
    """London's counterpart of "a borough against London and its group": inner and outer
    London against London, from the same query the borough profile uses."""
    state, period = context.state, context.state.period
    met = context.boroughs[context.boroughs.policed_by_met]
    inner_code = met[met.london_group == "Inner"].gss_code.iloc[0]
    outer_code = met[met.london_group == "Outer"].gss_code.iloc[0]
    inner = area_strand_rates(cursor, dataset_id=state.dataset_id, period=period, strands=strands, gss_code=inner_code)
    outer = area_strand_rates(cursor, dataset_id=state.dataset_id, period=period, strands=strands, gss_code=outer_code)
    rates = pd.concat([
        inner[inner.area == "group"].assign(area="borough"),
        outer[outer.area == "group"],
        inner[inner.area == "london"],
    ])
    rates["order"] = rates.strand.map({key: index for index, key in enumerate(strands)})
    rates = rates.sort_values(["order"], kind="stable").drop(columns="order")
    figure = area_rate_bars(
        rates, area_names={"borough": "Inner London", "group": "Outer London", "london": "London"},
        title=f"Rate per 1,000 residents: inner and outer London, {period.label}",
        subtitle="Inner and outer London as the ONS groups boroughs; London is the 32 Met boroughs",
        source=context.source)
    return PackChart("inner-outer-london", f"Inner and outer London against London, {period.label}", figure,
                     "Rates per 1,000 residents (ONS mid-2021 population).")


# ---- images ---------------------------------------------------------------------------

def export_figures(pack: BriefingPack) -> dict[str, dict]:
    """Each chart decorated to stand on its own (filters line, fixed size)."""
    context = pack.export_context()
    return {key: figure_for_export(chart.figure, context) for key, chart in pack.charts.items()}


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
    names = dict(zip(pack.context.boroughs.gss_code, pack.context.boroughs.name))
    return {key: figure_table(chart.figure, location_names=names) for key, chart in pack.charts.items()}

