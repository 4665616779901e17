"""What stands out, "After an event": an event's date (typed, picked, or set from a
recorded event) in, the daily counts of the first 7 and 28 days from it and of the same
days of earlier years, then a sentence and a keyboard table of verdicts per area and
strand. Incident-level datasets only: published data have no days."""

import datetime as dt
import re
from dataclasses import dataclass

import dash_bootstrap_components as dbc
import pandas as pd
from dash import MATCH, Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from charts.context import page_context, store_cursor
from security.bad_request import BadRequest
from charts.options import every_strand_switch
from components import ids
from components.tables import Column, csv_formats, data_table, table_csv_frame
from components.url_state import profile_href
from exports.filenames import area_slug, export_filename
from figures.tables import table_csv
from queries.aggregates import LONDON_AREA
from queries.connect_break import CONNECT_LIVE_DATE
from queries.days_after_event import daily_span, offences_on_days_after
from queries.events import events_between
from queries.periods import Period
from queries.strands import STRANDS
from signin.audit import record_export
from stands_out.days_after_event import (DAYS_AFTER_EVENT, DAYS_IN_A_YEAR_OF_WEEKS, MAX_YEARS_BACK,
                                         days_after_event_by_series)

# Dates a client may send at all: anything outside is not a date this dashboard asks
# about (the store holds no data from before 1990); a date inside but outside the
# dataset's days gets a sentence, not an error.
EARLIEST_DATE = dt.date(1990, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
# "2017-06-03", or as the date picker may send a date with a time part at midnight.
_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}(T00:00(:00)?)?")
SHORT_WINDOW, LONG_WINDOW = DAYS_AFTER_EVENT

# Rows drawn in the table: 10 strands x 2 stretches of days for 6 areas. More (every borough
# and strand is 640 rows, over a megabyte to send) and only the rows above range are drawn.
MAX_ROWS_SHOWN = 120
ABOVE, WITHIN, NO_VERDICT = "above the expected range", "within the expected range", "no verdict"
# A shape beside the words, so the verdict never rests on colour alone (as components/verdicts.py).
MARKERS = {ABOVE: "▲", WITHIN: "●", NO_VERDICT: "–"}
PUBLISHED_SENTENCE = (
    "The days after an event need incident-level data: published figures are monthly totals, so they "
    "cannot say what happened in the first 7 or 28 days from a date. Choose an incident-level dataset "
    "(sign in to see one) to use this section.")
NO_DAYS_SENTENCE = "This dataset has no daily counts, so the days after an event cannot be set against earlier years."


def parse_event_date(raw) -> dt.date | None:
    """A date as the recorded events' list sends it, YYYY-MM-DD (None when there is none
    yet); BadRequest, with a sentence, for anything else."""
    if raw is None:
        return None
    if not isinstance(raw, str) or not _DATE_PATTERN.fullmatch(raw):
        raise BadRequest("The event's date must be a date written as YYYY-MM-DD, such as 2017-06-03.")
    try:
        date = dt.date.fromisoformat(raw[:10])
    except ValueError:
        raise BadRequest(f"{raw[:10]} is not a date in the calendar.") from None
    if not EARLIEST_DATE <= date <= LATEST_DATE:
        raise BadRequest(f"The event's date must be between {EARLIEST_DATE:%-d %b %Y} and "
                              f"{LATEST_DATE:%-d %b %Y}.")
    return date


# What a person may type: the ISO form, or the day first as in Britain.
_UK_DATE_PATTERN = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def typed_event_date(raw) -> tuple[dt.date | None, str | None]:
    """(date, None) for a date typed in the box, (None, None) for an empty box, and
    (None, a sentence saying what to type) for text that is not a date: anything a
    person can type gets a sentence, not an error. Only a value that is not text at all
    (which the box never sends) is a bad request."""
    if raw is None:
        return None, None
    if not isinstance(raw, str):
        raise BadRequest("The event's date must be text, such as 2017-06-03.")
    text = raw.strip()
    if not text:
        return None, None
    shown = text if len(text) <= 20 else text[:20] + "..."
    uk = _UK_DATE_PATTERN.fullmatch(text)
    if not uk and not _DATE_PATTERN.fullmatch(text):
        return None, f"'{shown}' is not a date this section can use. Type it as YYYY-MM-DD or DD/MM/YYYY, such as " \
                     "2017-06-03 or 03/06/2017."
    try:
        return parse_event_date(f"{uk[3]}-{int(uk[2]):02d}-{int(uk[1]):02d}" if uk else text), None
    except BadRequest as problem:
        return None, f"'{shown}' is not a date this section can use. {problem}"


def recorded_events(cursor, span: tuple[dt.date, dt.date]) -> pd.DataFrame:
    """Events (reference and local) whose first day falls inside the data's days."""
    first_day, last_day = span
    events = events_between(cursor, start=first_day, end=last_day)
    events["start_date"] = pd.to_datetime(events.start_date).dt.date
    return events[(events.start_date >= first_day) & (events.start_date <= last_day)]


def event_options(events: pd.DataFrame) -> list[dict]:
    """One option per date, newest first, each labelled with every event on that date."""
    labels: dict[dt.date, list[str]] = {}
    for row in events.itertuples():
        labels.setdefault(row.start_date, []).append(row.label)
    return [{"label": f"{day:%-d %b %Y}: {'; '.join(names)}", "value": day.isoformat()}
            for day, names in sorted(labels.items(), reverse=True)]


def default_event_date(events: pd.DataFrame, span: tuple[dt.date, dt.date]) -> dt.date:
    """The latest recorded event with its first week inside the data, else 28 days before
    the data's last day (so the first 28 days are all there)."""
    first_day, last_day = span
    covered = events[events.start_date + dt.timedelta(days=SHORT_WINDOW - 1) <= last_day]
    if not covered.empty:
        return max(covered.start_date)
    return max(first_day, last_day - dt.timedelta(days=LONG_WINDOW - 1))


@callback(
    Output(ids.EVENT_AFTER_DATE, "value"),
    Output(ids.EVENT_AFTER_CHOICE, "value"),
    Output(ids.EVENT_AFTER_CHOICE, "options"),
    Output(ids.EVENT_AFTER_CONTROLS, "hidden"),
    Output(ids.EVENT_AFTER_NOTE, "children"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.EVENT_AFTER_CHOICE, "value"),
    Input(ids.EVENT_AFTER_DATE, "value"),
)
def event_controls(filter_state, choice, date):
    """The date and the recorded events for the dataset in view. Choosing an event sets
    the date; a date typed selects the event on that date, if any; a new dataset keeps
    the date if its data cover it, else starts from the default."""
    chosen_event = parse_event_date(choice)
    chosen_date, _problem = typed_event_date(date)  # the table says what is wrong with it
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    if not context.is_incident_level:
        return None, None, [], True, html.P(PUBLISHED_SENTENCE)
    span = daily_span(cursor, dataset_id=context.state.dataset_id)
    if span is None:
        return None, None, [], True, html.P(NO_DAYS_SENTENCE)
    events = recorded_events(cursor, span)
    options = event_options(events)
    event_dates = {option["value"] for option in options}
    note = html.P(f"The data cover {span[0]:%-d %b %Y} to {span[1]:%-d %b %Y}.", className="small text-muted")
    if ctx.triggered_id == ids.EVENT_AFTER_CHOICE:
        date_out = chosen_event.isoformat() if chosen_event else no_update
        return date_out, no_update, options, False, note
    if ctx.triggered_id == ids.EVENT_AFTER_DATE:
        if chosen_date is None:
            return no_update, None, options, False, note
        value = chosen_date.isoformat()
        return no_update, value if value in event_dates else None, options, False, note
    keep = chosen_date is not None and span[0] <= chosen_date <= span[1]
    start = chosen_date if keep else default_event_date(events, span)
    return (no_update if keep else start.isoformat(), start.isoformat() if start.isoformat() in event_dates else None,
            options, False, note)


# One row per area, strand and stretch of days (long rather than wide: eight columns fit a
# laptop screen and scroll sideways on a phone; eleven did not fit either).
TABLE_COLUMNS = [
    Column("area_name", "Area", link_key="href"),
    Column("strand_label", "Strand"),
    Column("days_label", "Days from the event", sort_key="days"),
    Column("offences", "Offences (count)", ","),
    Column("expected", "Expected (offences)", ",.1f"),
    Column("range_text", "Expected range (offences)", sort_key="upper_bound"),
    Column("verdict_text", "Verdict", sort_key="verdict_order"),
    Column("earlier_years", "Earlier years (count)", ","),
]


@callback(
    Output(ids.EVENT_AFTER_RESULT, "children"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.EVENT_AFTER_DATE, "value"),
    Input(ids.STANDS_OUT_STRANDS, "value"),
)
def days_after_event_table(filter_state, date, every_strand):
    event_date, problem = typed_event_date(date)
    every_strand = every_strand_switch(every_strand)
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    if not context.is_incident_level:
        return None  # the note says why (event_controls)
    if problem:
        return html.P(problem, className="fw-semibold", role="alert")
    if event_date is None:
        raise PreventUpdate  # the date arrives from event_controls
    span = daily_span(cursor, dataset_id=context.state.dataset_id)
    if span is None:
        return None
    first_day, last_day = span
    if not first_day <= event_date <= last_day:
        return html.P(f"The data do not cover {event_date:%-d %b %Y}: they run from {first_day:%-d %b %Y} to "
                      f"{last_day:%-d %b %Y}. Choose a date inside them.", className="fw-semibold")
    days = days_after(cursor, context, event_date, every_strand, span)
    label = _event_label(cursor, event_date, span)
    parts = [html.P(summary_sentence(days.rows, event_date, label), className="fw-semibold")]
    if not days.rows.empty:
        if days.caveat:
            parts.append(html.P(days.caveat, className="small"))
        if len(days.shown) < len(days.rows):
            parts.append(html.P(f"Only the rows above their expected range are listed ({len(days.shown)} of "
                                f"{len(days.rows)}): choose fewer boroughs, or turn off 'Every strand', to see the "
                                "rest.", className="small"))
        caption = (f"Offences in the {SHORT_WINDOW} and {LONG_WINDOW} days from {event_date:%-d %b %Y} against "
                   "the same days of earlier years")
        parts.append(data_table(ids.EVENT_AFTER_TABLE, days.shown, TABLE_COLUMNS, caption=caption,
                                csv_filename=days.filename, csv_note=days.caveat, csv_control=_csv_button(caption)))
    return parts


@dataclass(frozen=True)
class DaysAfter:
    rows: pd.DataFrame      # event_rows: every area, strand and stretch of days
    shown: pd.DataFrame     # the rows the table lists (and its CSV holds)
    caveat: str | None      # the CONNECT sentence, when the days straddle it
    filename: str


def days_after(cursor, context, event_date: dt.date, every_strand: bool, span) -> DaysAfter:
    """The days after `event_date` against the same days of earlier years, for the page's
    table and for its CSV when asked for, from the same numbers."""
    first_day, last_day = span
    state = context.state
    strands = context.strands if every_strand else [state.strand]
    daily = offences_on_days_after(
        cursor, dataset_id=state.dataset_id, event_date=event_date, days=LONG_WINDOW, years_back=MAX_YEARS_BACK,
        shift_days=DAYS_IN_A_YEAR_OF_WEEKS, strands=strands, gss_codes=context.chosen_codes,
        first_day=first_day, last_day=last_day)
    rows = event_rows(days_after_event_by_series(daily, event_date=event_date), context, strands)
    caveat = _connect_caveat(event_date, rows) if not rows.empty else None
    # Every borough and strand is 640 rows (over a megabyte): keep those above their
    # range, which matter, and say how to see the rest.
    shown = rows[rows.verdict_order == 0].head(MAX_ROWS_SHOWN) if len(rows) > MAX_ROWS_SHOWN else rows
    period = Period(event_date.replace(day=1), (event_date + dt.timedelta(days=LONG_WINDOW - 1)).replace(day=1))
    filename = export_filename(area=area_slug(state.boroughs), strand="all" if every_strand else state.strand,
                               period=period, name=f"days-after-{event_date.isoformat()}", extension="csv")
    return DaysAfter(rows, shown, caveat, filename)


def _csv_button(caption: str) -> html.Span:
    """Asks the server for the CSV (download_days_after): as a data: address in the page,
    a long table's CSV was a fifth of What stands out's answer on every filter change."""
    return html.Span([
        html.Button("Download data (CSV)", id={"type": ids.EVENT_AFTER_CSV, "table": ids.EVENT_AFTER_TABLE},
                    n_clicks=0, type="button",
                    className="btn btn-link btn-sm small p-0 ms-2",
                    # The visible words start the accessible name (WCAG 2.5.3); the rest says which table.
                    **{"aria-label": f"Download data (CSV): {caption}"}),
        dcc.Download(id={"type": ids.EVENT_AFTER_DOWNLOAD, "table": ids.EVENT_AFTER_TABLE}),
        html.Span(id={"type": ids.EVENT_AFTER_CSV_MESSAGE, "table": ids.EVENT_AFTER_TABLE},
                  className="small text-danger ms-1", role="alert"),
    ])


# Pattern ids: the button is drawn with the table, so it is in no page's layout until then.
@callback(
    Output({"type": ids.EVENT_AFTER_DOWNLOAD, "table": MATCH}, "data"),
    Output({"type": ids.EVENT_AFTER_CSV_MESSAGE, "table": MATCH}, "children"),
    Input({"type": ids.EVENT_AFTER_CSV, "table": MATCH}, "n_clicks"),
    State(ids.FILTER_STATE, "data"),
    State(ids.EVENT_AFTER_DATE, "value"),
    State(ids.STANDS_OUT_STRANDS, "value"),
    prevent_initial_call=True,
)
def download_days_after(clicks, filter_state, date, every_strand):
    """The table's CSV, made from the filters, date and strands it was drawn from."""
    if not isinstance(clicks, int) or isinstance(clicks, bool) or clicks <= 0:
        raise PreventUpdate
    event_date, problem = typed_event_date(date)
    every_strand = every_strand_switch(every_strand)
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    span = daily_span(cursor, dataset_id=context.state.dataset_id) if context.is_incident_level else None
    if problem or event_date is None or span is None or not span[0] <= event_date <= span[1]:
        return no_update, problem or "Choose a date the data cover to download its table."
    days = days_after(cursor, context, event_date, every_strand, span)
    if days.rows.empty:
        return no_update, "This table has no rows to download."
    record_export(days.filename, context)
    csv = table_csv(table_csv_frame(days.shown, TABLE_COLUMNS, csv_note=days.caveat), csv_formats(TABLE_COLUMNS))
    return dcc.send_string(csv, days.filename, type="text/csv"), None


def _verdict_of(reason: str | None, is_above) -> tuple[str, int]:
    """The words with their marker, and the order to sort by (above first)."""
    if reason is not None:
        return f"{MARKERS[NO_VERDICT]} {NO_VERDICT}: {reason}", 2
    if is_above:
        return f"{MARKERS[ABOVE]} {ABOVE}", 0
    return f"{MARKERS[WITHIN]} {WITHIN}", 1


def event_rows(results: pd.DataFrame, context, strands: list[str]) -> pd.DataFrame:
    """One row per area, strand and stretch of days (days_after_event_by_series), sorted:
    above the expected range first, then within it, then those with no verdict; within
    each, the first 7 days before the first 28, strands in their usual order, London
    before boroughs."""
    if results.empty:
        return results
    frame = results.copy()
    # Column lists rather than itertuples: a table of every borough and strand is 640 rows.
    reasons = frame.no_verdict_reason.tolist()
    judged = [not (isinstance(reason, str) and bool(reason)) for reason in reasons]
    verdicts = [_verdict_of(None if ok else reason, is_above)
                for reason, is_above, ok in zip(reasons, frame.is_above.tolist(), judged)]
    frame["verdict_text"] = [words for words, _ in verdicts]
    frame["verdict_order"] = [order for _, order in verdicts]
    frame["judged"] = judged
    frame["range_text"] = [f"{int(lower):,} to {int(upper):,}" if ok else None
                           for lower, upper, ok in zip(frame.lower_bound.tolist(), frame.upper_bound.tolist(), judged)]
    # The dates each stretch ends on are in the summary sentence; the cell stays narrow.
    frame["days_label"] = [f"First {days} days" for days in frame.days]
    frame["area_name"] = ["London" if area == LONDON_AREA else context.name_of(area) for area in frame.area]
    frame["strand_label"] = [STRANDS[key].short_label for key in frame.strand]
    slugs = dict(zip(context.boroughs.gss_code, context.boroughs.slug))
    london_href = "/" + context.state.to_query()
    frame["href"] = [london_href if area == LONDON_AREA else profile_href(context.state, slugs[area])
                     for area in frame.area]
    frame["offences"] = frame.offences.astype("Int64")
    frame["expected"] = frame.expected.round(1)
    frame["strand_position"] = frame.strand.map({key: position for position, key in enumerate(strands)})
    frame["is_london"] = frame.area == LONDON_AREA
    return frame.sort_values(["verdict_order", "days", "strand_position", "is_london", "area_name"],
                             ascending=[True, True, True, False, True], ignore_index=True)


def summary_sentence(rows: pd.DataFrame, event_date: dt.date, label: str | None) -> str:
    """"From 3 Jun 2017 (London Bridge attack): 2 of 16 strand and area combinations
    were above their expected range in the first 7 days (to 9 Jun 2017); 1 of 16 in the
    first 28 days (to 30 Jun 2017)." `rows`: event_rows()."""
    opening = f"From {event_date:%-d %b %Y}" + (f" ({label})" if label else "")
    if rows.empty:
        return f"{opening}: no offences could be counted."
    total = rows[["area", "strand"]].drop_duplicates().shape[0]
    parts = []
    for window in DAYS_AFTER_EVENT:
        days = f"the first {window} days (to {event_date + dt.timedelta(days=window - 1):%-d %b %Y})"
        these = rows[rows.days == window]
        judged, above = int(these.judged.sum()), int(these.is_above.sum())
        if judged == 0:
            parts.append(f"{days} cannot be judged yet: {these.no_verdict_reason.iloc[0]}")
            continue
        unjudged = f" ({total - judged} could not be judged)" if judged < total else ""
        if not parts or not parts[-1][0].isdigit():
            noun = "combination" if total == 1 else "combinations"
            verb = "was" if above == 1 or total == 1 else "were"
            parts.append(f"{above} of {total} strand and area {noun} {verb} above "
                         f"{'its' if total == 1 else 'their'} expected range in {days}{unjudged}")
        else:
            parts.append(f"{above} of {total} in {days}{unjudged}")
    return f"{opening}: " + "; ".join(parts) + "."


def _event_label(cursor, event_date: dt.date, span) -> str | None:
    events = recorded_events(cursor, span)
    names = events[events.start_date == event_date].label.tolist()
    return "; ".join(names) or None


def _connect_caveat(event_date: dt.date, rows: pd.DataFrame) -> str | None:
    """The Met's move to CONNECT: days after it set against days before it are not
    directly comparable."""
    years = int(rows.earlier_years.max())
    earliest = event_date - dt.timedelta(days=DAYS_IN_A_YEAR_OF_WEEKS * years)
    if years and earliest < CONNECT_LIVE_DATE <= event_date + dt.timedelta(days=LONG_WINDOW - 1):
        return ("These days and the earlier years compared fall on both sides of the Met's move to CONNECT "
                "on 28 February 2024, so the figures are not directly comparable.")
    return None
