"""What stands out, "After an event", on a small store whose answers are known.

Camden: one offence flagged faith + islamophobic every day from 1 June 2013 to 31 July
2017, except the 7 days from the London Bridge attack (Saturday 3 June 2017): 2 a day,
and 3 on its first two days. No other borough has offences. So, for London (which is
Camden here) and each strand the offences carry:

- first 7 days: 16 offences; the same 7 days of the 4 earlier years (52-week shifts back
  to 7 June 2013) held 7 each, so the expected count is 7 with no over-dispersion and
  the range is Poisson's 1st to 99th percentiles of 7, 2 to 14: above the range;
- first 28 days: 16 + 21 = 37 against an expected 28, range 16 to 41: within the range.
"""

import contextlib
import datetime as dt
import json

import flask
import pandas as pd
import pytest
from dash._callback_context import context_value
from dash import no_update
from dash._utils import AttributeDict

from app import STORE_EXTENSION
from callbacks.events_after import (PUBLISHED_SENTENCE, days_after_event_table, download_days_after, event_controls,
                                    parse_event_date, typed_event_date)
from security.bad_request import BadRequest
from components import ids
from queries.days_after_event import daily_span, offences_on_days_after
from queries.store import ReadOnlyStore, open_for_writing
from queries.strands import CORE_STRANDS
from tests.dash_requests import call_callback, component_text
from tests.store_fixtures import CAMDEN, serving_incidents, write_incident_dataset

EVENT = dt.date(2017, 6, 3)
FAITH_STRANDS = ("religion", "islamophobic")


def _per_day(day: dt.date) -> int:
    offset = (day - EVENT).days
    if 0 <= offset < 2:
        return 3
    if 0 <= offset < 7:
        return 2
    return 1


def _incidents() -> pd.DataFrame:
    rows = []
    for day in pd.date_range("2013-06-01", "2017-07-31", freq="D").date:
        for _ in range(_per_day(day)):
            rows.append({"incident_id": f"E{len(rows):06d}", "offence_date": day, "gss_code": CAMDEN,
                         "offence_type": "Public order", **{f"is_{key}": key in FAITH_STRANDS for key in CORE_STRANDS}})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def event_store(tmp_path_factory):
    with serving_incidents(tmp_path_factory.mktemp("events-after") / "event.duckdb", _incidents(), name="After London Bridge") as served:
        yield served


def _state(dataset_id, *, strand="islamophobic", boroughs=()):
    return {"dataset_id": dataset_id, "start": "2017-06", "end": "2017-06", "strand": strand,
            "boroughs": list(boroughs)}


def _table(event_store, date="2017-06-03", *, every_strand=False, **filters):
    server, dataset_id = event_store
    with server.test_request_context():
        return days_after_event_table(_state(dataset_id, **filters), date, every_strand)


def _controls(event_store, choice=None, date=None, *, triggered=None, filter_state=None):
    server, dataset_id = event_store
    triggered_inputs = [{"prop_id": f"{triggered}.value" if triggered == ids.EVENT_AFTER_CHOICE
                         else f"{triggered}.value", "value": None}] if triggered else []
    with server.test_request_context(), _triggered_by(triggered_inputs):
        return event_controls(filter_state or _state(dataset_id), choice, date)


@contextlib.contextmanager
def _triggered_by(triggered_inputs: list):
    """Dash's callback context as a request naming these changed inputs would set it,
    put back afterwards so no other test sees it."""
    token = context_value.set(AttributeDict(triggered_inputs=triggered_inputs))
    try:
        yield
    finally:
        context_value.reset(token)


def _rows(table) -> list[list[str]]:
    """The table's cells as shown, row by row."""
    body = next(part for part in _walk(table) if getattr(part, "id", None) == {"type": ids.TABLE_BODY,
                                                                                "table": ids.EVENT_AFTER_TABLE})
    return [[component_text(cell.children) for cell in row.children] for row in body.children]


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _walk(child)


def test_the_week_after_london_bridge_is_above_its_range_and_the_28_days_within(event_store):
    result = _table(event_store)
    assert component_text(result[0]) == (
        "From 3 Jun 2017 (London Bridge attack): 1 of 1 strand and area combination was above its expected "
        "range in the first 7 days (to 9 Jun 2017); 0 of 1 in the first 28 days (to 30 Jun 2017).")
    assert _rows(result[-1]) == [
        ["London", "Islamophobic", "First 7 days", "16", "7.0", "2 to 14",
         "▲ above the expected range", "4"],
        ["London", "Islamophobic", "First 28 days", "37", "28.0", "16 to 41",
         "● within the expected range", "4"]]


def test_every_strand_gives_rows_for_each_strand_the_dataset_has_with_those_above_first(event_store):
    result = _table(event_store, every_strand=True)
    rows = _rows(result[-1])
    assert [(row[1], row[6]) for row in rows[:4]] == [(strand, "▲ above the expected range") for strand in
                                                      ("All hate crime", "Faith", "Islamophobic", "Race and faith")]
    assert {row[6] for row in rows[4:]} == {"● within the expected range"}
    assert component_text(result[0]) == (
        "From 3 Jun 2017 (London Bridge attack): 4 of 4 strand and area combinations were above their expected "
        "range in the first 7 days (to 9 Jun 2017); 0 of 4 in the first 28 days (to 30 Jun 2017).")


def test_a_borough_without_offences_is_within_its_range_never_above(event_store):
    result = _table(event_store, boroughs=("hackney", "camden"))
    rows = _rows(result[-1])
    assert [(row[0], row[2], row[6]) for row in rows] == [
        ("Camden", "First 7 days", "▲ above the expected range"),
        ("Hackney", "First 7 days", "● within the expected range"),
        ("Camden", "First 28 days", "● within the expected range"),
        ("Hackney", "First 28 days", "● within the expected range")]
    assert rows[1][3:6] == ["0", "0.0", "0 to 0"]
    link = next(part for part in _walk(result[-1]) if part.__class__.__name__ == "Link")
    assert link.href.startswith("/borough/camden?")  # each area opens its profile


def test_days_the_data_do_not_cover_get_a_sentence_not_an_error(event_store):
    late = _table(event_store, "2017-07-20")
    assert component_text(late[0]) == (
        "From 20 Jul 2017: 0 of 1 strand and area combination was above its expected range in the first 7 days "
        "(to 26 Jul 2017); the first 28 days (to 16 Aug 2017) cannot be judged yet: the data do not cover all "
        "28 days from 20 Jul 2017.")
    assert _rows(late[-1])[1][3:7] == ["n/a", "n/a", "", "– no verdict: the data do not cover all 28 days "
                                                         "from 20 Jul 2017"]
    outside = _table(event_store, "2019-01-01")
    assert component_text(outside) == ("The data do not cover 1 Jan 2019: they run from 1 Jun 2013 to 31 Jul 2017. "
                              "Choose a date inside them.")


def test_the_first_year_of_data_says_there_are_too_few_earlier_years(event_store):
    result = _table(event_store, "2014-06-07")
    assert "cannot be judged yet: fewer than 2 earlier years of daily data" in component_text(result[0])


def test_a_published_dataset_gets_one_sentence_and_no_table(tmp_path):
    path = tmp_path / "published.duckdb"
    con = open_for_writing(path)
    con.execute("""INSERT INTO datasets (dataset_id, name, kind, is_synthetic, source, rows_read, rows_loaded,
                   rows_left_out, first_month, last_month)
                   VALUES (1, 'Published', 'published', true, 'Test', 1, 1, 0, '2017-01-01', '2017-12-01')""")
    con.execute("INSERT INTO monthly_counts VALUES (1, '2017-06-01', 'E09000007', 'all', 5)")
    con.close()
    server = flask.Flask(__name__)
    server.extensions[STORE_EXTENSION] = ReadOnlyStore(path)
    try:
        with server.test_request_context(), _triggered_by([]):
            controls = event_controls(_state(1, strand="all"), None, None)
            table = days_after_event_table(_state(1, strand="all"), "2017-06-03", True)
    finally:
        server.extensions[STORE_EXTENSION].close()
    assert controls[3] is True  # the date and events are hidden
    assert component_text(controls[4]) == PUBLISHED_SENTENCE
    assert PUBLISHED_SENTENCE.startswith("The days after an event need incident-level data: published figures "
                                         "are monthly totals")
    assert table is None


def test_the_controls_default_to_the_latest_recorded_event_the_data_cover_and_list_the_events(event_store):
    date, choice, options, hidden, note = _controls(event_store)
    # Finsbury Park (19 Jun 2017) is the latest reference event with its first week inside the data.
    assert (date, choice, hidden) == ("2017-06-19", "2017-06-19", False)
    assert options[:3] == [
        {"label": "19 Jun 2017: Finsbury Park mosque attack", "value": "2017-06-19"},
        {"label": "3 Jun 2017: London Bridge attack", "value": "2017-06-03"},
        {"label": "22 May 2017: Manchester Arena bombing", "value": "2017-05-22"}]
    assert component_text(note) == "The data cover 1 Jun 2013 to 31 Jul 2017."


def test_choosing_an_event_sets_the_date_and_a_typed_date_selects_its_event(event_store):
    date, choice, *_ = _controls(event_store, choice="2017-06-03", date="2017-06-19",
                                 triggered=ids.EVENT_AFTER_CHOICE)
    assert date == "2017-06-03"
    date, choice, *_ = _controls(event_store, choice="2017-06-03", date="2017-06-10", triggered=ids.EVENT_AFTER_DATE)
    assert choice is None
    date, choice, *_ = _controls(event_store, choice=None, date="2017-05-22", triggered=ids.EVENT_AFTER_DATE)
    assert choice == "2017-05-22"


@pytest.mark.parametrize("typed", ["3 June 2017", "2017-02-30", "2017-06-03; DROP TABLE incidents", "0001-01-01",
                                   "9999-12-31", "31/02/2017", "x" * 500])
def test_a_typed_date_that_is_not_one_gets_a_sentence_saying_what_to_type(event_store, typed):
    answer = _table(event_store, typed)
    text = component_text(answer)
    assert text.startswith(f"'{typed[:20]}") and " is not a date this section can use. " in text
    assert text.endswith(".") and len(text) < 200
    assert answer.role == "alert"
    date, choice, *_ = _controls(event_store, date=typed, triggered=ids.EVENT_AFTER_DATE)
    assert choice is None  # no event is chosen, and nothing fails


def test_a_date_typed_the_british_way_is_read_day_first(event_store):
    assert typed_event_date("3/6/2017") == (EVENT, None)
    assert typed_event_date(" 2017-06-03 ") == (EVENT, None)
    assert typed_event_date("") == (None, None)
    assert component_text(_table(event_store, "03/06/2017")[0]) == component_text(_table(event_store, "2017-06-03")[0])


@pytest.mark.parametrize("bad", [17, ["2017-06-03"], {"date": "2017-06-03"}, True])
def test_a_date_that_is_not_text_is_a_bad_request_with_a_sentence(event_store, bad):
    with pytest.raises(BadRequest, match=r"\.$"):
        _table(event_store, bad)
    with pytest.raises(BadRequest, match=r"\.$"):
        _controls(event_store, date=bad)


@pytest.mark.parametrize("bad", [17, ["2017-06-03"], {"date": "2017-06-03"}, "3 June 2017", "2017-02-30",
                                 "2017-06-03; DROP TABLE incidents", "0001-01-01", "9999-12-31", "", True])
def test_an_event_the_list_never_offers_is_a_bad_request_with_a_sentence(event_store, bad):
    with pytest.raises(BadRequest, match=r"\.$"):
        _controls(event_store, choice=bad)
    with pytest.raises(BadRequest):
        parse_event_date(bad)


def test_one_query_gives_every_strand_and_area_only_the_days_compared(event_store):
    server, dataset_id = event_store
    cursor = server.extensions[STORE_EXTENSION].cursor()
    span = daily_span(cursor, dataset_id=dataset_id)
    assert span == (dt.date(2013, 6, 1), dt.date(2017, 7, 31))
    daily = offences_on_days_after(cursor, dataset_id=dataset_id, event_date=EVENT, days=7, years_back=5,
                                   shift_days=364, strands=["islamophobic", "race"], gss_codes=None,
                                   first_day=span[0], last_day=span[1])
    # 5 stretches of 7 days inside the data (the sixth, from 8 Jun 2012, is before it) x 2 strands, London only.
    assert len(daily) == 5 * 7 * 2 and set(daily.area) == {"london"}
    assert daily[daily.strand == "race"].offences.sum() == 0
    assert daily[(daily.strand == "islamophobic") & (pd.to_datetime(daily.day).dt.date >= EVENT)].offences.sum() == 16


@pytest.mark.parametrize("bad_date, sentence", [
    ("2025-02-30", "2025-02-30 is not a date in the calendar."),
    ("15-06-2025", "The event's date must be a date written as YYYY-MM-DD, such as 2017-06-03."),
    ("1066-10-14", "The event's date must be between 1 Jan 1990 and 31 Dec 2100."),
])
def test_a_crafted_event_choice_gets_400_and_a_sentence_from_the_served_app(client, bad_date, sentence):
    filters = {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []}
    status, body = call_callback(client, ids.EVENT_AFTER_CHOICE, {
        f"{ids.FILTER_STATE}.data": filters, f"{ids.EVENT_AFTER_CHOICE}.value": bad_date,
        f"{ids.EVENT_AFTER_DATE}.value": None}, changed=[f"{ids.EVENT_AFTER_CHOICE}.value"])
    assert (status, body) == (400, {"error": sentence})


def test_a_typed_date_that_is_not_text_gets_400_and_a_sentence_from_the_served_app(client):
    filters = {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []}
    status, body = call_callback(client, ids.EVENT_AFTER_RESULT, {
        f"{ids.FILTER_STATE}.data": filters, f"{ids.EVENT_AFTER_DATE}.value": 20250615,
        f"{ids.STANDS_OUT_STRANDS}.value": True})
    assert (status, body) == (400, {"error": "The event's date must be text, such as 2017-06-03."})


def test_the_served_app_answers_the_days_after_a_date_in_the_known_store(client):
    """The known store (tests/store_fixtures.py) has offences on five days of 2024-2025 only:
    its days after 15 Jun 2025 cannot be set against two earlier years."""
    filters = {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "race", "boroughs": ["camden"]}
    status, body = call_callback(client, ids.EVENT_AFTER_RESULT, {
        f"{ids.FILTER_STATE}.data": filters, f"{ids.EVENT_AFTER_DATE}.value": "2025-06-15",
        f"{ids.STANDS_OUT_STRANDS}.value": False})
    assert status == 200
    text = json.dumps(body["response"][ids.EVENT_AFTER_RESULT]["children"])
    assert "cannot be judged yet: fewer than 2 earlier years of daily data" in text


def test_a_table_too_long_to_send_keeps_the_rows_above_range_and_says_how_many_more(event_store, monkeypatch):
    monkeypatch.setattr("callbacks.events_after.MAX_ROWS_SHOWN", 2)
    result = _table(event_store, boroughs=("hackney", "camden"))
    assert component_text(result[1]) == ("Only the rows above their expected range are listed (1 of 4): choose fewer "
                                "boroughs, or turn off 'Every strand', to see the rest.")
    assert [row[:3] for row in _rows(result[-1])] == [["Camden", "Islamophobic", "First 7 days"]]


def test_the_tables_csv_is_made_when_asked_from_the_rows_listed_not_carried_in_the_page(event_store):
    server, dataset_id = event_store
    result = _table(event_store)
    assert "data:text/csv" not in json.dumps(result[-1].to_plotly_json(), default=str)
    with server.test_request_context():
        download, message = download_days_after(1, _state(dataset_id), "2017-06-03", False)
    assert message is None
    assert download["filename"].endswith("_days-after-2017-06-03.csv")
    assert download["content"].splitlines() == [
        "Area,Strand,Days from the event,Offences (count),Expected (offences),Expected range (offences),Verdict,"
        "Earlier years (count)",
        "London,Islamophobic,First 7 days,16,7.0,2 to 14,▲ above the expected range,4",
        "London,Islamophobic,First 28 days,37,28.0,16 to 41,● within the expected range,4"]


def test_a_csv_asked_for_a_date_the_data_do_not_cover_gets_a_sentence_not_a_file(event_store):
    server, dataset_id = event_store
    with server.test_request_context():
        download, message = download_days_after(1, _state(dataset_id), "1999-01-01", False)
    assert download is no_update and message == "Choose a date the data cover to download its table."
