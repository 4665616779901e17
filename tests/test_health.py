"""/healthz tells a load balancer whether this server can answer from its store, and
names no path or reason a client could read."""

import os
import shutil

from components import ids
from queries.store import STORE_EXTENSION, ReadOnlyStore
from tests.dash_requests import call_callback

FILTERS = {"dataset_id": 1, "start": "2025-01", "end": "2025-06", "strand": "race", "boroughs": []}


def _serving(app, monkeypatch, path, check_interval=0.5):
    """The test app reading `path` (Dash takes its callbacks once per process: one app)."""
    store = ReadOnlyStore(path, check_interval=check_interval)
    monkeypatch.setitem(app.server.extensions, STORE_EXTENSION, store)
    return store


def test_healthz_is_200_when_the_store_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"
    assert "no-store" in response.headers["Cache-Control"]


def test_healthz_is_503_with_no_store_and_says_no_path(app, client, monkeypatch, tmp_path):
    _serving(app, monkeypatch, tmp_path / "private-folder" / "store.duckdb")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "private-folder" not in response.get_data(as_text=True)
    page = client.get("/")
    assert "private-folder" not in page.get_data(as_text=True)


def test_a_garbage_store_swapped_in_keeps_pages_answering_from_the_last_good_file(
        app, client, monkeypatch, known_store_path, tmp_path):
    path = tmp_path / "store.duckdb"
    shutil.copy(known_store_path, path)
    store = _serving(app, monkeypatch, path, check_interval=0.0)
    inputs = {f"{ids.FILTER_STATE}.data": FILTERS, f"{ids.OVERVIEW_MAP_METRIC}.value": "count"}
    assert call_callback(client, ids.OVERVIEW_MAP, inputs)[0] == 200
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(os.urandom(100_000))
    os.replace(garbage, path)
    for metric in ("count", "rate", "change"):
        assert call_callback(client, ids.OVERVIEW_MAP, {**inputs, f"{ids.OVERVIEW_MAP_METRIC}.value": metric})[0] == 200
    health = client.get("/healthz")
    assert health.status_code == 200
    assert "newer file could not be read" in health.get_json()["store"]
    store.close()
