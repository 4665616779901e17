"""Sign-in for incident data: a signed-out viewer sees no incident-level dataset anywhere
(filters, callbacks, exports, the pack, About); a signed-in one does; accounts, slowed
retries, the proxy header and the audit log."""

import json
import re
import sqlite3
from io import StringIO

import pytest

from components import ids
from loaders.__main__ import main as loaders_main
from queries.store import STORE_EXTENSION, ReadOnlyStore, open_for_writing
from settings import ConfigurationError, Settings
from signin import accounts
from signin.session import SETTINGS_EXTENSION
from tests.dash_requests import call_callback, output_of
from tests.store_fixtures import known_incidents, write_incident_dataset

PASSWORD = "a long enough password"
FILTERS_2025 = {"start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []}
REAL = "Partnership extract (not public)"
DEMO = "Synthetic demo"  # "synthetic" in its name: the dataset menu adds no second label


@pytest.fixture(scope="module")
def two_dataset_store(tmp_path_factory):
    """A synthetic demo (open to all) and a real incident extract (signed-in users only)."""
    path = tmp_path_factory.mktemp("signin") / "store.duckdb"
    con = open_for_writing(path)
    demo_id = write_incident_dataset(con, known_incidents(), name=DEMO, is_synthetic=True)
    real_id = write_incident_dataset(con, known_incidents(), name=REAL, is_synthetic=False)
    con.close()
    return path, demo_id, real_id


@pytest.fixture
def signin_app(app, two_dataset_store, tmp_path, monkeypatch):
    path, _demo_id, _real_id = two_dataset_store
    settings = Settings(sign_in="accounts", secret_key="s" * 32, accounts_path=tmp_path / "accounts.sqlite",
                        audit_log_path=tmp_path / "audit.log")
    accounts.add_user(settings.accounts_path, "analyst", PASSWORD)
    monkeypatch.setitem(app.server.extensions, STORE_EXTENSION, ReadOnlyStore(path))
    monkeypatch.setitem(app.server.extensions, SETTINGS_EXTENSION, settings)
    monkeypatch.setitem(app.server.config, "SECRET_KEY", settings.secret_key)
    yield app, settings
    app.server.extensions[STORE_EXTENSION].close()


def sign_in(client, username="analyst", password=PASSWORD, next_path="/compare"):
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    return client.post("/sign-in", data={"form_token": token, "username": username, "password": password,
                                         "next": next_path})


def dataset_options(client) -> list[str]:
    status, body = call_callback(client, ids.FILTER_STATE, {"url.search": ""}, changed=["url.search"])
    assert status == 200
    return [option["label"] for option in output_of(body, ids.DATASET, "options")]


def test_a_signed_out_viewer_is_never_offered_the_incident_extract(signin_app):
    app, _settings = signin_app
    client = app.server.test_client()
    assert dataset_options(client) == [DEMO]
    _status, body = call_callback(client, ids.FILTER_STATE, {"url.search": ""}, changed=["url.search"])
    assert "1 incident-level dataset is not shown" in json.dumps(output_of(body, ids.DATA_NOTICE, "children"))


def test_a_signed_out_request_for_the_extract_gets_the_demo_instead(signin_app, two_dataset_store):
    app, _settings = signin_app
    client = app.server.test_client()
    _path, demo_id, real_id = two_dataset_store
    status, body = call_callback(client, ids.OVERVIEW_MAP, {
        f"{ids.FILTER_STATE}.data": {**FILTERS_2025, "dataset_id": real_id}, f"{ids.OVERVIEW_MAP_METRIC}.value": "count"})
    assert status == 200
    figure = json.dumps(output_of(body, ids.OVERVIEW_MAP, "figure"))
    assert "Synthetic demo data" in figure and "Test fixture" not in figure


def test_a_signed_out_pack_or_about_page_holds_nothing_of_the_extract(signin_app, two_dataset_store):
    app, settings = signin_app
    client = app.server.test_client()
    _path, _demo_id, real_id = two_dataset_store
    response = client.get(f"/export/briefing-pack.pdf?dataset={real_id}&from=2025-01&to=2025-12&strand=all&area=camden")
    assert response.status_code == 400 and f"There is no dataset '{real_id}'" in response.get_data(as_text=True)
    status, body = call_callback(client, ids.ABOUT_DATASETS, {f"{ids.FILTER_STATE}.data": None})
    assert status == 200 and REAL not in json.dumps(body) and DEMO in json.dumps(body)


def test_a_signed_in_viewer_sees_the_extract_and_their_exports_are_audited(signin_app, two_dataset_store):
    app, settings = signin_app
    client = app.server.test_client()
    response = sign_in(client)
    assert response.status_code == 303 and response.headers["Location"] == "/compare"
    assert REAL in dataset_options(client)
    _path, _demo_id, real_id = two_dataset_store
    status, body = call_callback(client, ids.OVERVIEW_MAP, {
        f"{ids.FILTER_STATE}.data": {**FILTERS_2025, "dataset_id": real_id}, f"{ids.OVERVIEW_MAP_METRIC}.value": "count"})
    assert "Source: Test fixture" in json.dumps(output_of(body, ids.OVERVIEW_MAP, "figure"))
    response = client.get(f"/export/briefing-pack.zip?dataset={real_id}&from=2025-01&to=2025-12&strand=all"
                          "&area=camden", environ_overrides={"REMOTE_ADDR": "10.1.2.3"})
    assert response.status_code == 200
    log = [json.loads(line) for line in settings.audit_log_path.read_text().splitlines()]
    assert [entry["event"] for entry in log] == ["signed in", "export"]
    assert log[1]["user"] == "analyst" and log[1]["dataset"] == REAL and log[1]["file"].endswith(".zip")


def test_signing_out_hides_the_extract_again(signin_app):
    app, settings = signin_app
    client = app.server.test_client()
    sign_in(client)
    page = client.get("/sign-out").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    assert client.post("/sign-out", data={"form_token": token}).status_code == 303
    assert REAL not in dataset_options(client)


def test_a_removed_account_loses_access_at_its_next_request(signin_app):
    app, settings = signin_app
    client = app.server.test_client()
    sign_in(client)
    accounts.remove_user(settings.accounts_path, "analyst")
    assert REAL not in dataset_options(client)


def test_a_wrong_password_gets_401_and_a_sentence_and_is_audited(signin_app):
    app, settings = signin_app
    response = sign_in(app.server.test_client(), password="not the password")
    assert response.status_code == 401
    assert "do not match an account" in response.get_data(as_text=True)
    assert json.loads(settings.audit_log_path.read_text().splitlines()[-1])["event"] == "sign-in failed"


def test_a_sign_in_without_the_form_token_is_refused(signin_app):
    app, _settings = signin_app
    response = app.server.test_client().post("/sign-in", data={"username": "analyst", "password": PASSWORD})
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)


@pytest.mark.parametrize("next_path", ["https://evil.example/", "//evil.example/x", "/\\evil", "javascript:x"])
def test_after_sign_in_the_browser_is_never_sent_to_another_site(signin_app, next_path):
    app, _settings = signin_app
    response = sign_in(app.server.test_client(), next_path=next_path)
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_repeated_failures_make_the_next_attempt_wait_longer_each_time(tmp_path):
    path = tmp_path / "accounts.sqlite"
    accounts.add_user(path, "analyst", PASSWORD)
    now = 1_000_000.0
    for attempt in range(accounts.FREE_ATTEMPTS):
        assert accounts.verify(path, "analyst", "wrong", now=now + attempt) is False
    with pytest.raises(accounts.TooManyAttempts) as first:
        accounts.verify(path, "analyst", PASSWORD, now=now + accounts.FREE_ATTEMPTS)
    assert first.value.wait_seconds == accounts.FIRST_WAIT_SECONDS - 1
    assert accounts.verify(path, "analyst", "wrong", now=now + 10) is False
    with pytest.raises(accounts.TooManyAttempts) as second:
        accounts.verify(path, "analyst", PASSWORD, now=now + 11)
    assert second.value.wait_seconds == 2 * accounts.FIRST_WAIT_SECONDS - 1
    assert accounts.verify(path, "analyst", PASSWORD, now=now + 10 + 2 * accounts.FIRST_WAIT_SECONDS) is True


def test_passwords_are_stored_only_as_scrypt_hashes(tmp_path):
    path = tmp_path / "accounts.sqlite"
    accounts.add_user(path, "analyst", PASSWORD)
    row = sqlite3.connect(path).execute("SELECT password_hash FROM accounts").fetchone()[0]
    assert row.startswith("scrypt:") and PASSWORD not in row


def test_sign_in_on_without_a_secret_refuses_to_start():
    with pytest.raises(ConfigurationError, match="DASHBOARD_SECRET_KEY is not set"):
        Settings.from_environment({"DASHBOARD_SIGN_IN": "accounts"})
    with pytest.raises(ConfigurationError, match="DASHBOARD_TRUSTED_USER_HEADER"):
        Settings.from_environment({"DASHBOARD_SIGN_IN": "proxy"})


def test_the_proxy_header_is_trusted_only_when_sign_in_is_proxy(app, two_dataset_store, monkeypatch):
    path, _demo_id, _real_id = two_dataset_store
    monkeypatch.setitem(app.server.extensions, STORE_EXTENSION, ReadOnlyStore(path))
    client = app.server.test_client()
    monkeypatch.setitem(app.server.extensions, SETTINGS_EXTENSION, Settings())
    client.environ_base["HTTP_X_REMOTE_USER"] = "analyst"
    assert REAL not in dataset_options(client)
    monkeypatch.setitem(app.server.extensions, SETTINGS_EXTENSION,
                        Settings(sign_in="proxy", trusted_user_header="X-Remote-User"))
    assert REAL in dataset_options(client)
    del client.environ_base["HTTP_X_REMOTE_USER"]
    assert REAL not in dataset_options(client)
    app.server.extensions[STORE_EXTENSION].close()


def test_the_account_commands_add_list_and_remove(tmp_path, capsys, monkeypatch):
    accounts_file = str(tmp_path / "a.sqlite")
    monkeypatch.setattr("sys.stdin", StringIO(PASSWORD + "\n"))
    assert loaders_main(["add-user", "analyst", "--accounts", accounts_file, "--password-stdin"]) == 0
    assert loaders_main(["list-users", "--accounts", accounts_file]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "analyst"
    monkeypatch.setattr("sys.stdin", StringIO("short\n"))
    assert loaders_main(["set-password", "analyst", "--accounts", accounts_file, "--password-stdin"]) == 2
    assert "at least 12 characters" in capsys.readouterr().err
    assert loaders_main(["remove-user", "analyst", "--accounts", accounts_file]) == 0
    assert accounts.list_users(tmp_path / "a.sqlite") == []

