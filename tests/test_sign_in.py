"""Sign-in for incident data: a signed-out viewer sees no incident-level dataset anywhere
(filters, callbacks, exports, the pack, About); a signed-in one does; accounts, slowed
retries limited per client and name, sessions that end, the proxy header, the audit log
and the files' privacy."""

import errno
import functools
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import closing
from io import StringIO
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from components import ids
from loaders.__main__ import main as loaders_main
from queries.store import STORE_EXTENSION, ReadOnlyStore, open_for_writing
from settings import ConfigurationError, Settings
from signin import accounts, attempts, audit
from signin.session import SETTINGS_EXTENSION
from tests.dash_requests import call_callback, output_of
from tests.store_fixtures import known_incidents, write_incident_dataset

PASSWORD = "a long enough password"
FILTERS_2025 = {"start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []}
REAL = "Partnership extract (not public)"
PROJECT = Path(__file__).resolve().parents[1]
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


def sign_in(client, username="analyst", password=PASSWORD, next_path="/compare", **request):
    """`request`: more for the post, e.g. environ_overrides={"REMOTE_ADDR": ...}."""
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    return client.post("/sign-in", data={"form_token": token, "username": username, "password": password,
                                         "next": next_path}, **request)


def sign_out(client):
    page = client.get("/sign-out").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    return client.post("/sign-out", data={"form_token": token})


def signed_in_as(client) -> str | None:
    """Asked of /sign-out, which reads only the session and the accounts file."""
    page = client.get("/sign-out")
    found = re.search(r"Signed in as ([^<]+)\.", page.get_data(as_text=True))
    return found.group(1) if found else None


def from_address(address: str) -> dict:
    return {"environ_overrides": {"REMOTE_ADDR": address}}


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
    assert sign_out(client).status_code == 303
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

    def verify(password, at):
        return accounts.verify(path, "analyst", password, client="10.0.0.1", now=at)

    for attempt in range(attempts.FREE_ATTEMPTS):
        assert verify("wrong", now + attempt) is None
    with pytest.raises(attempts.TooManyAttempts) as first:
        verify(PASSWORD, now + attempts.FREE_ATTEMPTS)
    assert first.value.wait_seconds == attempts.FIRST_WAIT_SECONDS - 1
    assert verify("wrong", now + 10) is None
    with pytest.raises(attempts.TooManyAttempts) as second:
        verify(PASSWORD, now + 11)
    assert second.value.wait_seconds == 2 * attempts.FIRST_WAIT_SECONDS - 1
    assert verify(PASSWORD, now + 10 + 2 * attempts.FIRST_WAIT_SECONDS) is not None


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
    assert capsys.readouterr().out.splitlines()[-1] == "analyst\tviewer"
    monkeypatch.setattr("sys.stdin", StringIO("short\n"))
    assert loaders_main(["set-password", "analyst", "--accounts", accounts_file, "--password-stdin"]) == 2
    assert "at least 12 characters" in capsys.readouterr().err
    assert loaders_main(["remove-user", "analyst", "--accounts", accounts_file]) == 0
    assert accounts.list_users(tmp_path / "a.sqlite") == []



def copy_of(client, app):
    """Another browser holding the same cookie, as someone who copied it would."""
    other = app.server.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def test_a_cookie_copied_before_sign_out_no_longer_signs_in(signin_app):
    app, _settings = signin_app
    client = app.server.test_client()
    sign_in(client)
    copied = copy_of(client, app)
    assert signed_in_as(copied) == "analyst"
    assert sign_out(client).status_code == 303
    assert signed_in_as(copied) is None and REAL not in dataset_options(copied)


def test_set_password_ends_existing_sessions(signin_app, monkeypatch):
    app, settings = signin_app
    client = app.server.test_client()
    sign_in(client)
    monkeypatch.setattr("sys.stdin", StringIO("another long password\n"))
    assert loaders_main(["set-password", "analyst", "--accounts", str(settings.accounts_path), "--password-stdin"]) == 0
    assert signed_in_as(client) is None and REAL not in dataset_options(client)
    assert sign_in(client, password="another long password").status_code == 303


def test_a_removed_then_re_added_name_starts_signed_out(signin_app):
    app, settings = signin_app
    client = app.server.test_client()
    sign_in(client)
    accounts.remove_user(settings.accounts_path, "analyst")
    accounts.add_user(settings.accounts_path, "analyst", PASSWORD)
    assert signed_in_as(client) is None and REAL not in dataset_options(client)


def test_sessions_expire_after_the_lifetime(signin_app):
    app, settings = signin_app
    client = app.server.test_client()
    sign_in(client)
    lifetime = 12 * 60 * 60  # DASHBOARD_SESSION_HOURS's default
    for age, still_signed_in in [(lifetime - 60, True), (lifetime + 1, False)]:
        with client.session_transaction() as session:
            session["signed_in_at"] = time.time() - age  # as if signed in that long ago
        assert (signed_in_as(client) == "analyst") is still_signed_in
    assert Settings.from_environment({"DASHBOARD_SESSION_HOURS": "2"}).session_hours == 2
    with pytest.raises(ConfigurationError, match="DASHBOARD_SESSION_HOURS"):
        Settings.from_environment({"DASHBOARD_SESSION_HOURS": "a day"})


# nginx appends the address it saw to whatever the client sent.
THROUGH_NGINX = {"environ_overrides": {"REMOTE_ADDR": "127.0.0.1"},
                 "headers": {"X-Forwarded-For": "198.51.100.1, 10.20.30.40"}}
# In a process of its own: create_app reads DASHBOARD_TRUSTED_PROXIES, and Dash allows one
# app per process (tests/conftest.py).
SIGN_IN_THROUGH_NGINX = """
import sys
from pathlib import Path
from answers_cache import AnswersCache, CacheSettings
from app import create_app
from tests.test_sign_in import THROUGH_NGINX, sign_in
app = create_app(sys.argv[1], answers=AnswersCache(CacheSettings(Path("unused"), 0)))
print(sign_in(app.server.test_client(), **THROUGH_NGINX).status_code)
"""


def test_the_audit_log_records_the_client_behind_trusted_proxies(signin_app, two_dataset_store, tmp_path):
    app, settings = signin_app
    sign_in(app.server.test_client(), **THROUGH_NGINX)  # DASHBOARD_TRUSTED_PROXIES=0: the header is not believed
    audit_log = tmp_path / "behind-nginx" / "audit.log"
    done = subprocess.run(
        [sys.executable, "-c", SIGN_IN_THROUGH_NGINX, str(two_dataset_store[0])], cwd=PROJECT, capture_output=True,
        text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(PROJECT), "DASHBOARD_TRUSTED_PROXIES": "1",
                                     "DASHBOARD_SIGN_IN": "accounts", "DASHBOARD_SECRET_KEY": settings.secret_key,
                                     "DASHBOARD_ACCOUNTS": str(settings.accounts_path),
                                     "DASHBOARD_AUDIT_LOG": str(audit_log)})
    assert done.returncode == 0 and done.stdout.split()[-1] == "303", done.stderr[-2000:]
    remote = [json.loads(line)["remote"] for path in (settings.audit_log_path, audit_log)
              for line in path.read_text().splitlines()]
    assert remote == ["127.0.0.1", "10.20.30.40"]


def test_one_client_cannot_lock_out_another_user(signin_app):
    app, _settings = signin_app
    attacker = app.server.test_client()
    statuses = [sign_in(attacker, password="a guess at it", **from_address("10.0.0.66")).status_code
                for _attempt in range(attempts.FREE_ATTEMPTS + 2)]
    assert statuses[-1] == 429
    assert sign_in(app.server.test_client(), **from_address("10.0.0.7")).status_code == 303


def test_many_names_from_one_client_are_slowed(signin_app):
    app, _settings = signin_app
    client = app.server.test_client()
    responses = [sign_in(client, username=f"user{number}", password="password123456", **from_address("10.0.0.66"))
                 for number in range(20)]
    assert [response.status_code for response in responses] == \
        [401] * attempts.CLIENT_FREE_ATTEMPTS + [429] * (20 - attempts.CLIENT_FREE_ATTEMPTS)
    refused = responses[-1]
    assert int(refused.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins from your address. Try again in" in refused.get_data(as_text=True)
    assert sign_in(app.server.test_client(), **from_address("10.0.0.7")).status_code == 303


class FullDisk(sqlite3.Connection):
    """An SQLite connection on a full disk: it reads, and every change is refused as
    SQLite refuses it (SQLITE_FULL)."""

    def execute(self, sql, *parameters):
        if sql.split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, *parameters)


def fill_the_disk(monkeypatch):
    monkeypatch.setattr(sqlite3, "connect", functools.partial(sqlite3.connect, factory=FullDisk))

    def no_space(path, _flags):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(audit, "open_private", no_space, raising=False)


def test_a_full_disk_gives_a_sentence_not_a_500_on_sign_in(signin_app, monkeypatch, caplog):
    app, settings = signin_app
    signed_in = app.server.test_client()
    sign_in(signed_in)
    fill_the_disk(monkeypatch)
    response = sign_in(app.server.test_client())
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and "Sign-in is not available just now" in page
    assert str(settings.accounts_path.parent) not in page
    assert signed_in_as(signed_in) == "analyst"  # reading the accounts needs no space
    assert sign_out(signed_in).status_code == 503  # its other sessions could not be ended: it says so
    messages = [record.getMessage() for record in caplog.records]
    assert any("Could not write the accounts file" in message and "disk is full" in message for message in messages)
    assert any("Could not write the audit log" in message and '"signed out"' in message for message in messages)


def test_accounts_and_audit_files_are_private(tmp_path):
    accounts_path, audit_path = tmp_path / "made" / "accounts.sqlite", tmp_path / "logs" / "audit.log"
    umask = os.umask(0o022)  # a common umask, which would leave files readable by all
    try:
        accounts.add_user(accounts_path, "analyst", PASSWORD)
        audit.record(audit_path, "signed in", user="analyst", remote="10.0.0.7")
    finally:
        os.umask(umask)
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in (accounts_path, audit_path,
                                                                        accounts_path.parent, audit_path.parent)}
    assert modes == {"accounts.sqlite": 0o600, "audit.log": 0o600, "made": 0o700, "logs": 0o700}


def test_an_accounts_file_from_before_session_keys_still_signs_in(tmp_path):
    path = tmp_path / "accounts.sqlite"
    with closing(sqlite3.connect(path)) as old, old:
        old.executescript("""CREATE TABLE accounts (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL,
                             created_at REAL NOT NULL, password_changed_at REAL NOT NULL);
                             CREATE TABLE failed_sign_ins (username TEXT NOT NULL, at REAL NOT NULL);""")
        old.execute("INSERT INTO accounts VALUES ('analyst', ?, 0, 0)", (generate_password_hash(PASSWORD),))
    key = accounts.verify(path, "analyst", PASSWORD, client="10.0.0.7")
    assert key and key == accounts.session_key(path, "analyst")
