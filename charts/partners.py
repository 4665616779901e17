"""Beyond police data (issue 20): each partner source in its own small panel, and the
"police and partners, same period" table. Partner counts are shown beside the police
figures and never added to, stacked on or subtracted from them: a panel draws one
source's counts and nothing of the police's; the table keeps police offences and each
partner's counts in columns of their own and has no total.

A panel's options name the source and the area ({"source": ..., "area": "london" or a
borough's slug}). Restricted partner files are seen only by signed-in viewers, so the
options also carry the viewer's audience, always set here from the request, never taken
from the client: the shared answers' key then never serves one audience's panel to the other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from charts.context import PageContext
from charts.options import check_mapping
from figures.answer import ChartAnswer, TableAnswer, message_answer, message_table
from figures.common import source_line
from figures.partner_panel import partner_panel_figure
from queries.aggregates import LONDON_AREA
from queries.partner_reports import (MEASURES, OVERLAP_WORDS, PERIOD_NAMES, hidden_partner_files,
                                     partner_areas, partner_reports_for_area, partner_reports_loaded, period_words,
                                     strand_label)
from queries.periods import Period
from queries.strands import STRANDS
from queries.time_series import monthly_offences
from figures.p_values import SMALLEST_P_SHOWN, p_value_text
from security.bad_request import BadRequest
from stands_out.change_test import (CHANGE_TEST_LEVEL, SIGNIFICANT_FALL, SIGNIFICANT_RISE, TOO_FEW_TO_COMPARE,
                                    change_verdict)
from signin.session import current_viewer

NOT_POLICE = "not police-recorded crime; not added to it"
LONGEST_SOURCE_NAME = 200
NO_PARTNER_REPORTS = ("No partner reports loaded. Partners' own figures (a community monitor's incidents, a "
                      "helpline's contacts, a council's incident log) load with `python -m loaders "
                      "load-partner-reports`: see docs/LOADING.md.")
DIRECTION_CAVEAT = ("Direction matters more than level: partners count other things than police-recorded crime "
                    "(reports, verified incidents, contacts), some of their reports are also in the police "
                    "figures, and many are never reported to the police. Compare whether both rise or fall, "
                    "never the numbers, and never add them.")
ADJECTIVES = {"all": "Hate", "race": "Racist", "religion": "Religious hate", "antisemitic": "Antisemitic",
              "islamophobic": "Anti-Muslim", "sexual_orientation": "Homophobic", "transgender": "Transphobic",
              "disability": "Disability hate", "lgbt": "Anti-LGBT+", "race_religion": "Racist and religious",
              "other": "Hate", "multiple": "Hate"}
WHAT_IS_COUNTED = {"reports_received": "incidents reported to", "incidents_verified": "incidents verified by",
                   "cases_opened": "cases opened by", "helpline_contacts": "helpline contacts to",
                   "referrals": "referrals to"}


@dataclass(frozen=True)
class Area:
    option: str     # "london" or a borough's slug
    code: str       # the partner tables' area_code: "london" or a GSS code
    name: str


def area_for(borough) -> Area:
    """The area of a borough (queries.boroughs.Borough), or London for None."""
    return Area(LONDON_AREA, LONDON_AREA, "London") if borough is None else \
        Area(borough.slug, borough.gss_code, borough.name)


def audience() -> str:
    return "signed-in" if current_viewer().signed_in else "public"


def _area(raw_area, context: PageContext) -> Area:
    if raw_area is None or (isinstance(raw_area, str) and raw_area.strip().lower() == LONDON_AREA):
        return Area(LONDON_AREA, LONDON_AREA, "London")
    borough = context.borough(raw_area)
    if borough is None:
        raise BadRequest("Say which area this is for: 'london' or a London borough with Met data.")
    return Area(borough.slug, borough.gss_code, borough.name)


def area_of(options: dict, context: PageContext) -> Area:
    return _area(options["area"], context)


def panel_options(raw, context: PageContext) -> dict:
    """{"source": a partner's name (None: the first the area has), "area": "london" or a slug}."""
    raw = check_mapping(raw, {"source", "area", "audience"})
    source = raw.get("source")
    if source is not None and (not isinstance(source, str) or not source.strip()
                               or len(source) > LONGEST_SOURCE_NAME):
        raise BadRequest("Say which partner this panel is for, by its name.")
    return {"source": source, "area": _area(raw.get("area"), context).option, "audience": audience()}


def area_options(raw, context: PageContext) -> dict:
    """{"area": "london" or a borough's slug}, for the same-period table."""
    raw = check_mapping(raw, {"area", "audience"})
    return {"area": _area(raw.get("area"), context).option, "audience": audience()}


def _shown_days(period: Period) -> tuple[dt.date, dt.date]:
    return period.start, period.end_exclusive


def sources_covering(cursor, *, area: Area, signed_in: bool) -> tuple[list[str], dict[str, list[str]]]:
    """(the sources with figures for the area, in name order; every other source -> the
    areas it does report for), so a source that does not cover the area is said to be
    'not covered', never drawn as zero."""
    areas = partner_areas(cursor, signed_in=signed_in)
    covering = sorted(set(areas[areas.area_code == area.code].source))
    elsewhere = {source: sorted(set(group.area_name)) for source, group in areas.groupby("source")
                 if source not in covering}
    return covering, elsewhere


def panel_title(source: str, rows: pd.DataFrame, area_name: str) -> str:
    strands = rows.strand.unique().tolist()
    adjective = ADJECTIVES[strands[0]] if len(strands) == 1 else "Hate"
    measures = rows.measure.unique().tolist()
    counted = WHAT_IS_COUNTED[measures[0]] if len(measures) == 1 else "figures published by"
    return f"{adjective} {counted} {source}, {area_name}: {NOT_POLICE}"


BADGE_WORDS = {"yes": "Overlaps police figures: includes police reports",
               "partly": "Partly overlaps police figures: some police reports included",
               "no": "No police reports included",
               "unknown": "Overlap with police figures not known"}


def overlap_badge(values) -> str:
    """The panel's badge: how far its counts overlap the police's, from includes_police_reports."""
    distinct = [value for value in ("yes", "partly", "no", "unknown") if value in set(values)]
    return BADGE_WORDS[distinct[0]] if len(distinct) == 1 else "Overlap with police figures varies by period"


def overlap_sentence(values) -> str:
    """The overlap badge's words, from the rows' includes_police_reports."""
    distinct = [value for value in ("yes", "partly", "no", "unknown") if value in set(values)]
    if len(distinct) == 1:
        return OVERLAP_WORDS[distinct[0]] + "."
    return "Includes police reports: " + "; ".join(f"{value} for some rows" for value in distinct) + "."


def _periods_named(months) -> str:
    names = [PERIOD_NAMES.get(int(m), f"{int(m)} months") for m in sorted(set(months))]
    return "by " + " and ".join(names)


MIN_MONTHS_FOR_A_VERDICT = 24  # two years under one definition: one series, one method
CHANCE_WORDS = {TOO_FEW_TO_COMPARE: "too few to compare"}
TRACE_KEY = ["series", "measure", "strand", "category", "setting"]


def short_strand_label(key: str) -> str:
    return STRANDS[key].short_label if key in STRANDS else strand_label(key)


def chance_sentences(every: pd.DataFrame) -> list[str]:
    """For each series of the panel with at least two years of periods under one definition,
    its latest count against the same period a year earlier, judged as the police changes
    are (stands_out/change_test.py), all in one sentence; for a shorter series, a sentence
    saying there is no verdict and why."""
    verdicts, too_short = [], []
    several = len(every.groupby(TRACE_KEY)) > 1
    for _, group in every.sort_values("period_start").groupby(TRACE_KEY, sort=False):
        first, last = pd.Timestamp(group.period_start.min()), pd.Timestamp(group.period_end.max())
        span = (last.year - first.year) * 12 + last.month - first.month + 1
        counted = group[group["count"].notna()]
        if counted.empty:
            continue
        if span < MIN_MONTHS_FOR_A_VERDICT:
            too_short.append(group.series.iloc[0])
            continue
        latest = counted.iloc[-1]
        year_before = pd.Timestamp(latest.period_start) - pd.DateOffset(months=12)
        earlier = counted[(pd.to_datetime(counted.period_start) == year_before) & (counted.months == latest.months)]
        if earlier.empty:
            continue
        before = earlier.iloc[0]
        verdict, p_value = change_verdict(int(latest["count"]), int(before["count"]), months=int(latest.months))
        which = f"{short_strand_label(latest.strand)}{', ' + latest.setting if latest.setting != 'unknown' else ''} " \
            if several else ""
        p_words = "" if p_value is None else \
            f", p {p_value_text(p_value) if p_value < SMALLEST_P_SHOWN else '= ' + p_value_text(p_value)}"
        words = period_words(pd.Timestamp(latest.period_start).date(), pd.Timestamp(latest.period_end).date())
        verdicts.append((words, verdict, f"{which}{int(latest['count']):,} against {int(before['count']):,}: "
                                         f"{CHANCE_WORDS.get(verdict, verdict)}{p_words}"))
    sentences = []
    if verdicts:
        latest_words = sorted({words for words, _, _ in verdicts})
        # With several lines, only the changes beyond chance are spelt out: the rest in a count.
        shown = [text for _, verdict, text in verdicts if not several or verdict in (SIGNIFICANT_RISE, SIGNIFICANT_FALL)]
        rest = len(verdicts) - len(shown)
        if rest and shown:
            shown.append(f"the other {rest} {'is' if rest == 1 else 'are'} within normal variation")
        elif rest:
            shown.append(f"none of the {rest} changes is beyond chance")
        sentences.append(f"{' and '.join(latest_words)} against a year earlier: " + "; ".join(shown)
                         + f" (score test for two Poisson counts at the {CHANGE_TEST_LEVEL:.0%} level, within one "
                           "series: a prompt to look, not proof).")
    if too_short:
        sentences.append("No verdict on chance for " + "; ".join(sorted(set(too_short)))
                         + ": less than two years under one definition.")
    return sentences


def partner_panel(cursor, context: PageContext, options: dict) -> ChartAnswer:
    signed_in = options["audience"] == "signed-in"
    area = area_of(options, context)
    period = context.state.period
    if not partner_reports_loaded(cursor, signed_in=signed_in):
        return message_answer(NO_PARTNER_REPORTS, title="Beyond police data", source=context.source)
    covering, elsewhere = sources_covering(cursor, area=area, signed_in=signed_in)
    source = options["source"] or (covering[0] if covering else None)
    if source is None or source not in covering:
        where = f" (it reports for {', '.join(elsewhere[source])})" if source in elsewhere else ""
        return message_answer(f"{source or 'No partner'} does not report for {area.name}: not covered{where}. "
                              "Not covered is not zero.", title=f"{source or 'Partners'}, {area.name}: not covered",
                              source=context.source)
    every = partner_reports_for_area(cursor, area_code=area.code, signed_in=signed_in)
    every = every[every.source == source]
    last_day = period.end_exclusive - dt.timedelta(days=1)
    rows = every[(pd.to_datetime(every.period_end).dt.date >= period.start)
                 & (pd.to_datetime(every.period_start).dt.date <= last_day)]
    is_synthetic = bool(every.is_synthetic.any())
    published = pd.to_datetime(every.published).max()
    source_text = source_line(f"{source}, published {published:%d %B %Y}", is_synthetic)
    if rows.empty:
        first, last = pd.Timestamp(every.period_start.min()), pd.Timestamp(every.period_end.max())
        return message_answer(f"{source} published no figures for {area.name} in {period.label}; its figures for "
                              f"{area.name} run from {first:%B %Y} to {last:%B %Y}.",
                              title=panel_title(source, every, area.name), source=source_text)
    notes = [note for note in sorted(set(rows.coverage_note)) if note][:3] + chance_sentences(
        every[pd.to_datetime(every.period_start).dt.date <= last_day])
    if rows["count"].isna().any():
        notes.append("Grey bands: periods the partner suppressed (too few to publish safely), not zero.")
    subtitle = (f"{overlap_sentence(rows.includes_police_reports)} Shown beside the police figures, never added to "
                "them.",
                f"{area.name}, {_periods_named(rows.months)}, {period.label}: each line spans the months its count "
                "covers.")
    return partner_panel_figure(rows, shown=_shown_days(period), title=panel_title(source, rows, area.name),
                                subtitle=subtitle, notes=tuple(notes), source=source_text)


POLICE_COLUMN = "Police-recorded offences (count)"
PARTNER_COLUMN = "Partner's figure, as published (count)"


def same_period_table(cursor, context: PageContext, options: dict) -> TableAnswer:
    """Police offences by strand beside each partner's counts for the same periods and area:
    separate columns, no total. A partner period the police dataset does not cover in full,
    or a strand the police do not record, has no police figure."""
    signed_in = options["audience"] == "signed-in"
    area = area_of(options, context)
    heading = f"Police and partners, same period: {area.name}, {context.state.period.label}"
    name = "police-and-partners-same-period"
    if not partner_reports_loaded(cursor, signed_in=signed_in):
        return message_table(name, heading, NO_PARTNER_REPORTS)
    period = context.state.period
    rows = partner_reports_for_area(cursor, area_code=area.code, signed_in=signed_in, start=period.start,
                                    end=period.end_exclusive - dt.timedelta(days=1))
    if rows.empty:
        return message_table(name, heading, f"No partner reports for {area.name} in {period.label}.")
    # Latest first: a meeting asks about now; the CSV has every row.
    rows = rows.sort_values(["period_start", "source", "series"], ascending=[False, True, True],
                            kind="stable").reset_index(drop=True)
    first_month = pd.Timestamp(context.dataset.first_month).date()
    last_month = pd.Timestamp(context.dataset.last_month).date()
    police = []
    for row in rows.itertuples():
        start, end = pd.Timestamp(row.period_start).date(), pd.Timestamp(row.period_end).date().replace(day=1)
        if row.strand not in context.strands or start < first_month or end > last_month:
            police.append(pd.NA)
            continue
        series = monthly_offences(cursor, dataset_id=context.state.dataset_id, period=Period(start, end),
                                  strands=[row.strand], gss_codes=None if area.code == LONDON_AREA else [area.code])
        police.append(int(series.offences.sum()))
    frame = pd.DataFrame({
        "Period": [period_words(pd.Timestamp(s).date(), pd.Timestamp(e).date())
                   for s, e in zip(rows.period_start, rows.period_end)],
        "Strand": [strand_label(strand) for strand in rows.strand],
        POLICE_COLUMN: pd.array(police, dtype="Int64"),
        "Partner": rows.source.tolist(),
        "Partner's series": rows.series.tolist(),
        "What the partner counted": [MEASURES[m] + (f" ({c})" if c else "") + ("" if s == "unknown" else f", {s}")
                                     for m, c, s in zip(rows.measure, rows.category, rows.setting)],
        PARTNER_COLUMN: pd.array(rows["count"].tolist(), dtype="Int64"),
        "Includes police reports": rows.includes_police_reports.tolist(),
    })
    synthetic = " Synthetic demo data, not real figures." if rows.is_synthetic.any() or \
        context.dataset.is_synthetic else ""
    hidden = hidden_partner_files(cursor, signed_in=signed_in)
    return TableAnswer(
        name, heading, frame,
        note=(DIRECTION_CAVEAT + " An empty police cell: the police do not record that strand, or the dataset "
              "does not cover the whole period. An empty partner cell: suppressed by the partner, not zero."
              + (f" {hidden} restricted partner file(s) are shown only to signed-in users." if hidden else "")
              + synthetic),
        summary=f"{len(frame):,} partner figures for {area.name} with the police offences for the same months, "
                "side by side; never added together.",
        area=area.option, period=period, strand="all",
        formats={POLICE_COLUMN: ",", PARTNER_COLUMN: ","})


def section_facts(cursor, area: Area) -> dict:
    """What the section says around its panels: the sources drawn, those that do not cover
    the area and how many restricted files this viewer cannot see."""
    signed_in = current_viewer().signed_in
    if not partner_reports_loaded(cursor, signed_in=signed_in):
        return {"loaded": False, "covering": [], "elsewhere": {},
                "hidden": hidden_partner_files(cursor, signed_in=signed_in)}
    covering, elsewhere = sources_covering(cursor, area=area, signed_in=signed_in)
    return {"loaded": True, "covering": covering, "elsewhere": elsewhere,
            "hidden": hidden_partner_files(cursor, signed_in=signed_in)}

