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
from meetings.address import parse_since
from reviews import database
from reviews.database import ReviewChange, reviews_path
from security.bad_request import BadRequest
from settings import Settings
from signin import accounts
from signin.session import SETTINGS_EXTENSION
from signin.visibility import Viewer
from signals.identity import ABOVE_RANGE, Signal
from tests.dash_requests import component_text
from tests.store_fixtures import CAMDEN
from tests.test_reviews import signed_in
from queries.store import STORE_EXTENSION, ReadOnlyStore

FILTERS = {"dataset_id": 1, "start": "2019-01", "end": "2019-12", "strand": "all", "boroughs": ["camden"]}
CAMDEN_ISLAMOPHOBIC = Signal("synthetic", CAMDEN, "islamophobic", "2019-06", ABOVE_RANGE)
CAMDEN_ALL = Signal("synthetic", CAMDEN, "all", "2019-06", ABOVE_RANGE)


@pytest.fixture
def server(tmp_path):
    from tests.test_reviews_on_pages import _incidents, open_for_writing, write_incident_dataset

    con = open_for_writing(tmp_path / "store.duckdb")
    write_incident_dataset(con, _incidents(), name="Rises and falls", is_synthetic=True)
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


def test_signed_out_the_page_shows_no_signal_and_no_review(server):
    text = page_text(server, None)
    assert "shown only to people who have signed in" in text and "Camden" not in text


def test_new_open_and_closed_signals_and_the_share_reviewed_within_7_days(server):
    app, settings = server
    page_text(server, "rev")  # the signals are noted as first seen when the dataset was loaded
    reviews = reviews_path(settings.accounts_path)
    first_seen = {row["signal_id"]: row["first_seen_at"] for row in database.known_signals(reviews)}
    assert CAMDEN_ALL.signal_id in first_seen and CAMDEN_ISLAMOPHOBIC.signal_id in first_seen
    database.record_change(reviews, CAMDEN_ISLAMOPHOBIC, ReviewChange("closed", "known event", note="Vigil"),
                           user="rev")
    database.record_change(reviews, CAMDEN_ALL, ReviewChange("under review", owner="Camden CSP"), user="rev",
                           at="2100-01-01T00:00:00+00:00")  # long after first seen: not within 7 days
    text = page_text(server, "rev")
    new_count = len(first_seen) - sum(not signal_id.startswith("synthetic/E09000007/") for signal_id in first_seen)
    assert f"1 of the {new_count} signals first seen since 1 January 2019" in text
    assert "Closed since the meeting (1) Signal Closed on Explanation Note Islamophobic offences in Camden in June " \
           "2019: above its expected range" in text
    assert "known event Vigil" in text
    assert "Camden CSP" in text and "London" not in text.split("Open, oldest first")[1].split("Closed")[0]


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
