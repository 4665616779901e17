"""A reviewed month carries its status and note where a meeting looks, for signed-in
viewers only: What stands out's list and changes table, and the borough's trend.

The store: tests/test_verdicts_and_bands_on_pages.py's, where Camden's June 2019 (40
offences against a steady 10) is above its expected range and Hackney's race offences
rose significantly (180 in 2019 against 60 in 2018)."""

import datetime as dt
import io
import json

import flask
import pandas as pd
import plotly.graph_objects as go
import pytest

from callbacks.borough_profile import update_borough_profile
from callbacks.stands_out import update_stands_out
from components import ids
from figures.trend import REVIEW_TRACE_NAME
from queries.store import STORE_EXTENSION, ReadOnlyStore, open_for_writing
from reviews import database
from reviews.database import ReviewChange, reviews_path
from settings import Settings
from signin import accounts
from signin.session import SETTINGS_EXTENSION
from signin.visibility import Viewer
from signals.identity import ABOVE_RANGE, ROLLING_CHANGE, Signal
from tests.dash_requests import component_text, table_download_payload
from tests.drawn_numbers import decode_values
from tests.store_fixtures import CAMDEN, HACKNEY, write_incident_dataset
from tests.test_reviews import review_app, signed_in  # noqa: F401  (review_app is a fixture)
from tests.test_verdicts_and_bands_on_pages import YEAR_2019, _incidents

CAMDEN_JUNE = Signal("synthetic", CAMDEN, "all", "2019-06", ABOVE_RANGE)
HACKNEY_RISE = Signal("synthetic", HACKNEY, "race", "2019-01..2019-12", ROLLING_CHANGE)
NOTE = "<b>Vigil</b> after the attack"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reviews-on-pages")
    con = open_for_writing(folder / "store.duckdb")
    assert write_incident_dataset(con, _incidents(), name="Rises and falls", is_synthetic=True) == 1
    con.close()
    settings = Settings(sign_in="accounts", secret_key="k" * 32, accounts_path=folder / "accounts.sqlite")
    accounts.add_user(settings.accounts_path, "rev", "a long enough password", accounts.REVIEWER)
    reviews = reviews_path(settings.accounts_path)
    database.record_change(reviews, CAMDEN_JUNE, ReviewChange("explained", "known event", "Camden police",
                                                              dt.date(2019, 8, 1), NOTE), user="rev")
    database.record_change(reviews, HACKNEY_RISE, ReviewChange("monitoring", owner="Hackney CSP"), user="rev")
    app = flask.Flask(__name__)
    app.extensions[STORE_EXTENSION] = ReadOnlyStore(folder / "store.duckdb")
    app.extensions[SETTINGS_EXTENSION] = settings
    yield app
    app.extensions[STORE_EXTENSION].close()


def as_viewer(server, username):
    context = server.test_request_context()
    context.push()
    flask.g.viewer = Viewer(username)
    return context


@pytest.fixture(params=["rev", None], ids=["signed-in", "signed-out"])
def viewer(request, server):
    context = as_viewer(server, request.param)
    yield request.param
    context.pop()


def test_what_stands_out_lists_the_review_beside_the_reviewed_month(viewer):
    _summary, items, _changes = update_stands_out(dict(YEAR_2019, start="2019-06", end="2019-06"), "period", False)
    words = " ".join(component_text(items).split())
    if viewer:
        assert ("Review: Explained (known event); owner Camden police; review by 2019-08-01. "
                f"{NOTE} Review this signal") in words
    else:
        assert "Review" not in words and "Vigil" not in words


def test_the_small_trend_of_a_reviewed_month_stars_it_with_its_status(viewer):
    _summary, items, _changes = update_stands_out(dict(YEAR_2019, start="2019-06", end="2019-06"), "period", False)
    graph = items.children[0].children[0].children[-1]
    figures = [child.figure for child in _graphs(graph)]
    starred = [trace for figure in figures for trace in go.Figure(figure).data if trace.name == REVIEW_TRACE_NAME]
    if viewer:
        assert len(starred) == 1 and decode_values(starred[0].y) == [40]
        assert starred[0].text == ("explained (known event)",)
        assert "&lt;b&gt;Vigil&lt;/b&gt;" in starred[0].hovertext[0]
    else:
        assert starred == []


def test_the_borough_trend_stars_the_reviewed_month_for_signed_in_viewers_only(viewer):
    figure = go.Figure(update_borough_profile(YEAR_2019, "camden")[3])
    starred = [trace for trace in figure.data if trace.name == REVIEW_TRACE_NAME]
    if viewer:
        assert [dt.date.fromisoformat(str(x)[:10]) for x in starred[0].x] == [dt.date(2019, 6, 1)]
        assert decode_values(starred[0].y) == [40]
        assert starred[0].hovertext[0].startswith("Jun 2019: Explained (known event); owner Camden police")
    else:
        assert starred == []


def test_the_changes_table_has_a_review_status_column_when_signed_in(viewer):
    _summary, _items, changes = update_stands_out(YEAR_2019, "last-month", True)
    table = changes[1]
    text = component_text(table)
    if viewer:
        assert "Review status" in text and "monitoring" in text and "not reviewed" in text
    else:
        assert "Review status" not in text


def _graphs(component):
    found = []
    if component.__class__.__name__ == "Graph":
        return [component]
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            found += _graphs(child)
    return found


CHANGES_OPTIONS = {"every_strand": True}


def changes_csv(client) -> pd.DataFrame:
    payload = table_download_payload(ids.STANDS_OUT_CHANGES_TABLE, CHANGES_OPTIONS, YEAR_2019)
    response = client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)
    sent = response.get_json()["response"][json.dumps({"table": ids.STANDS_OUT_CHANGES_TABLE,
                                                       "type": "table-download"}, separators=(",", ":"))]["data"]
    return pd.read_csv(io.StringIO(sent["content"]))


def test_the_changes_csv_carries_the_review_status_exactly_when_the_page_shows_it(review_app, server, monkeypatch):
    """Signed in, the CSV has the page's Review status column, each row's own; signed out,
    neither the page nor the CSV has it."""
    app, settings = review_app
    monkeypatch.setitem(app.server.extensions, STORE_EXTENSION, server.extensions[STORE_EXTENSION])
    database.record_change(reviews_path(settings.accounts_path), HACKNEY_RISE,
                           ReviewChange("monitoring", owner="Hackney CSP"), user="rev")
    signed_out = changes_csv(app.server.test_client())
    assert "Review status" not in signed_out.columns
    signed_in_csv = changes_csv(signed_in(app, "rev"))
    assert list(signed_in_csv.columns[:len(signed_out.columns)]) == list(signed_out.columns)
    assert len(signed_in_csv) == len(signed_out) > 1
    statuses = dict(zip(zip(signed_in_csv.Area, signed_in_csv.Strand), signed_in_csv["Review status"]))
    assert statuses.pop(("Hackney", "Race")) == "monitoring"
    assert set(statuses.values()) == {"not reviewed"}
