"""Since the last meeting: new, open and closed signals for the boroughs chosen, the
share reviewed within 7 days, the agenda's files and the meeting's record, for signed-in
viewers only (the store of tests/test_verdicts_and_bands_on_pages.py: Camden's June 2019
is above its expected range)."""

import datetime as dt
import io
import json
import re

import flask
import pytest
from pptx import Presentation

from callbacks.since_last_meeting import update_since_last_meeting
from charts.context import page_context, store_cursor
from meetings.agenda import meeting_agenda
from reviews.access import review_access
from meetings.address import parse_since
from reviews import database
from reviews.database import ReviewChange, reviews_path
from security.bad_request import BadRequest
from settings import Settings
from signin import accounts
from signin.session import SETTINGS_EXTENSION
from signin.visibility import Viewer
from signals.found import note_signals_for_review
from signals.identity import ABOVE_RANGE, Signal
from tests.dash_requests import component_text
from tests.store_fixtures import CAMDEN
from tests.test_reviews import signed_in
from queries.store import STORE_EXTENSION, ReadOnlyStore

FILTERS = {"dataset_id": 1, "start": "2019-01", "end": "2019-12", "strand": "all", "boroughs": ["camden"]}
CAMDEN_ISLAMOPHOBIC = Signal("synthetic", CAMDEN, "islamophobic", "2019-06", ABOVE_RANGE)
CAMDEN_ALL = Signal("synthetic", CAMDEN, "all", "2019-06", ABOVE_RANGE)
LOADED = dt.datetime(2026, 1, 15, 9, 30)  # when the store's one dataset was loaded


@pytest.fixture
def server(tmp_path):
    from tests.test_reviews_on_pages import _incidents, open_for_writing, write_incident_dataset

    con = open_for_writing(tmp_path / "store.duckdb")
    write_incident_dataset(con, _incidents(), name="Rises and falls", is_synthetic=True)
    con.execute("UPDATE datasets SET loaded_at = $loaded", {"loaded": LOADED})
    con.close()
    settings = Settings(sign_in="accounts", secret_key="m" * 32, accounts_path=tmp_path / "accounts.sqlite",
                        audit_log_path=tmp_path / "audit.log")
    app = flask.Flask(__name__)
    app.extensions[STORE_EXTENSION] = ReadOnlyStore(tmp_path / "store.duckdb")
    app.extensions[SETTINGS_EXTENSION] = settings
    yield app, settings
    app.extensions[STORE_EXTENSION].close()


def page_text(server, username, since="2019-01-01"):
    app, _settings = server
    with app.test_request_context():
        flask.g.viewer = Viewer(username)
        return " ".join(component_text(update_since_last_meeting(FILTERS, since)).split())


def save_review(server, signal, change, **when):
    """As the review page saves one: the signals the data shows noted first (their first
    sighting is when the data showed them), then the change."""
    app, settings = server
    reviews = reviews_path(settings.accounts_path)
    with app.test_request_context():
        first_seen = note_signals_for_review(store_cursor(), reviews, signal)
    database.record_change(reviews, signal, change, user="rev", first_seen_at=first_seen, **when)


def test_signed_out_the_page_shows_no_signal_and_no_review(server):
    text = page_text(server, None)
    assert "shown only to people who have signed in" in text and "Camden" not in text


def test_new_open_and_closed_signals_and_the_share_reviewed_within_7_days(server):
    save_review(server, CAMDEN_ISLAMOPHOBIC, ReviewChange("closed", "known event", note="Vigil"),
                at="2026-01-19T10:00:00+00:00")  # four days after the load showed it
    save_review(server, CAMDEN_ALL, ReviewChange("under review", owner="Camden CSP"),
                at="2100-01-01T00:00:00+00:00")  # long after first seen: not within 7 days
    text = page_text(server, "rev")
    new_count = int(re.search(r"of the (\d+) signals first seen since 1 January 2019", text).group(1))
    assert new_count > 2  # every signal of 2019, first seen when the dataset was loaded
    assert f"1 of the {new_count} signals first seen since 1 January 2019" in text
    assert "Closed since the meeting (1) Signal Closed on Explanation Note Islamophobic offences in Camden in June " \
           "2019: above its expected range" in text
    assert "known event Vigil" in text
    assert "Camden CSP" in text and "London" not in text.split("Open, oldest first")[1].split("Closed")[0]


def test_a_signal_is_first_seen_when_the_data_showed_it_and_looking_writes_nothing(server):
    """Nothing is new since a meeting held after the dataset was loaded, however late the
    first look; every signal is new since one held before. Looking writes nothing to the
    reviews file; saving a review notes the signals, first seen at the load."""
    app, settings = server
    reviews = reviews_path(settings.accounts_path)
    save_review(server, CAMDEN_ALL, ReviewChange("under review", owner="Camden CSP"))
    noted = database.known_signals(reviews)
    assert len(noted) > 2 and {row["first_seen_at"] for row in noted} == {"2026-01-15T09:30:00+00:00"}
    before = reviews.read_bytes(), noted
    assert "No signal was first seen since 16 January 2026." in page_text(server, "rev", since="2026-01-16")
    assert "signals first seen since 1 January 2019" in page_text(server, "rev")
    with app.test_request_context():
        flask.g.viewer = Viewer("rev")
        context = page_context(store_cursor(), FILTERS)
        agenda = meeting_agenda(store_cursor(), context, review_access(), dt.date(2019, 1, 1))
    assert set(agenda.new["First seen"]) == {LOADED.date()} and len(agenda.new) > 1
    assert (reviews.read_bytes(), database.known_signals(reviews)) == before


def test_a_meetings_date_the_page_never_writes_is_refused():
    for crafted in ("2019-13-01", "01/01/2019", "2999-01-01", "", None, 7, ["2019-01-01"]):
        with pytest.raises(BadRequest, match="YYYY-MM-DD"):
            parse_since(crafted)


def test_the_agenda_files_and_the_record_for_a_signed_in_viewer_only(app, tmp_path, monkeypatch):
    settings = Settings(sign_in="accounts", secret_key="a" * 32, accounts_path=tmp_path / "accounts.sqlite",
                        audit_log_path=tmp_path / "audit.log")
    accounts.add_user(settings.accounts_path, "rev", "a long enough password", accounts.REVIEWER)
    monkeypatch.setitem(app.server.extensions, SETTINGS_EXTENSION, settings)
    monkeypatch.setitem(app.server.config, "SECRET_KEY", settings.secret_key)
    stranger = app.server.test_client()
    assert stranger.get("/export/agenda.pdf?since=2020-01-01").status_code == 403
    assert stranger.get("/export/meeting-record.csv?start=2020-01-01T00:00&end=2030-01-01T00:00").status_code == 403
    client = signed_in(app, "rev")
    pdf = client.get("/export/agenda.pdf?since=2020-01-01")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    pptx = client.get("/export/agenda.pptx?since=2020-01-01")
    titles = [slide.shapes.title.text for slide in Presentation(io.BytesIO(pptx.data)).slides]
    assert titles[0] == "Since the meeting of 1 January 2020: London" and "Open, oldest first" in " ".join(titles)
    assert client.get("/export/agenda.pdf?since=yesterday").status_code == 400
    assert "'x' is not one of them" in client.get("/export/agenda.pdf?since=2020-01-01&x=1").get_data(as_text=True)
    database.record_change(reviews_path(settings.accounts_path), CAMDEN_ALL, ReviewChange("monitoring", owner="<i>A</i>"),
                           user="rev", at="2026-11-04T10:30:00+00:00")
    record = client.get("/export/meeting-record.csv?start=2026-11-04T10:00&end=2026-11-04T12:00").get_data(as_text=True)
    assert record.splitlines()[0] == "When (UTC),Who,Signal,Status,Explanation,Owner,Review date,Note"
    assert re.search(r"2026-11-04T10:30:00\+00:00,rev,synthetic/E09000007/all/2019-06/above-expected-range,"
                     r"monitoring,,<i>A</i>", record)
    assert client.get("/export/meeting-record.csv?start=2026-11-04T12:00&end=2026-11-04T10:00").status_code == 400
    exports = [json.loads(line) for line in settings.audit_log_path.read_text().splitlines()]
    assert [entry["file"] for entry in exports if entry["event"] == "export"] == [
        "agenda-since-2020-01-01.pdf", "agenda-since-2020-01-01.pptx"]
