"""What the briefing pack says the same way in each of its documents (the PDF, the
PowerPoint): the title lines, the sources, the headline table, a chart's alternative
text, and how a table's cell reads."""

from __future__ import annotations

import pandas as pd

from exports.briefing_pack import BriefingPack, PackTable
from figures.answer import ChartAnswer
from figures.p_values import formatted
from figures.tables import shown_decimals
from geodata import BOUNDARY_ATTRIBUTION
from queries.schema import POPULATION_SOURCE


def title_lines(pack: BriefingPack) -> list[str]:
    """Under the pack's title: period, strand, dataset and when it was made."""
    dataset = pack.context.dataset
    kind = "incident-level extract" if dataset.kind == "incidents" else "published monthly counts"
    return [f"{pack.period.label} ({pack.period.months} months)", f"Strand: {pack.context.strand_label}",
            f"Dataset: {dataset.label} ({kind}), data to {pack.data_date}.", pack.context.source,
            f"Generated on {pack.generated_on:%d %B %Y} by the London hate crime borough dashboard."]


def pack_sources(pack: BriefingPack) -> list[tuple[str, str]]:
    """(what, where it comes from) for every source the pack draws on."""
    dataset = pack.context.dataset
    loaded = f"{pd.Timestamp(dataset.loaded_at):%d %B %Y}" if pd.notna(dataset.loaded_at) else "date not recorded"
    licence = dataset.licence if isinstance(dataset.licence, str) and dataset.licence else "not recorded"
    return [
        ("Hate crime figures", f"{pack.context.source} Dataset '{dataset.label}' ({dataset.name}): {dataset.source}. "
                               f"Licence: {licence}. Loaded {loaded}."),
        ("Population for rates", f"{POPULATION_SOURCE}."),
        ("Borough boundaries", f"ONS / London Datastore (London_Borough_Excluding_MHW). {BOUNDARY_ATTRIBUTION}"),
        ("Events", "The dashboard's reference list of events (dates are facts) and any local events added by "
                   "users."),
    ]


def headline_table(pack: BriefingPack) -> PackTable:
    return PackTable("headline-figures", "Headline figures", pd.DataFrame(
        [{"Measure": item.measure, "Figure": item.figure, "Compared with": item.compared_with}
         for item in pack.headlines]))


def chart_alt_text(answer: ChartAnswer, heading: str = "") -> str:
    """A chart image's alternative text: its finding (the title), then what it shows
    (the subtitle), in the answer's own words; `heading` if the answer has none."""
    title = answer.text.title.strip()
    if title and title[-1] not in ".!?":
        title += "."
    return " ".join(" ".join([title, *answer.text.subtitle_lines(on_screen=False)]).split()) or heading


def format_cell(value, column: str, formats: dict) -> str:
    """A table answer's own format for its column (figures.answer.TableAnswer.formats,
    p-values included: figures/p_values.py), else a change with its sign and other
    numbers at the precision the page shows their unit (figures.tables.shown_decimals;
    2 places for a unit it does not know)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if column in formats and not isinstance(value, str):
        return formatted(value, formats[column])
    if isinstance(value, float):
        if "change" in column.lower():
            return f"{value:+.1f}"
        decimals = shown_decimals(column, [value])  # as the page shows the column's unit
        return f"{value:,.{2 if decimals is None else decimals}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
