"""Reviews of signals: roles decide who changes them, every change is a new row with who
and when, the form's fields are checked, text stays text, and a process killed mid-save
leaves the reviews file as it was."""

import datetime as dt
import json
import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from loaders.__main__ import main as loaders_main
from reviews import database
from reviews.database import ReviewChange, reviews_path
from reviews.routes import review_href
from reviews.statuses import ALLOWED_STEPS, STATUSES, NotAllowedStep, check_step
from settings import Settings
from signin import accounts
from signin.session import SETTINGS_EXTENSION
from signals.identity import ABOVE_RANGE, Signal
from tests.store_fixtures import CAMDEN

PASSWORD = "a long enough password"
CAMDEN_JULY = Signal("synthetic", CAMDEN, "race", "2024-07", ABOVE_RANGE)
PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture
def review_app(app, tmp_path, monkeypatch):
    settings = Settings(sign_in="accounts", secret_key="r" * 32, accounts_path=tmp_path / "accounts.sqlite",
                        audit_log_path=tmp_path / "audit.log")
    accounts.add_user(settings.accounts_path, "rev", PASSWORD, accounts.REVIEWER)
    accounts.add_user(settings.accounts_path, "look", PASSWORD)
    monkeypatch.setitem(app.server.extensions, SETTINGS_EXTENSION, settings)
    monkeypatch.setitem(app.server.config, "SECRET_KEY", settings.secret_key)
    return app, settings


def signed_in(app, username):
    client = app.server.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    assert client.post("/sign-in", data={"form_token": token, "username": username, "password": PASSWORD,
                                         "next": "/"}).status_code == 303
    return client


def token_of(client) -> str:
    """The session's form token (the sign-out form shows it to a viewer too: a viewer's
    page has no review form, and the refusal must not rest on a missing token)."""
    page = client.get("/sign-out").get_data(as_text=True)
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def post(client, token, **fields):
    data = {"form_token": token, "signal": CAMDEN_JULY.signal_id, "status": "explained",
            "explanation": "known event", "owner": "Camden police", "review_date": "2024-09-01",
            "note": "Vigil after the attack", **fields}
    return client.post("/signals/review", data={key: value for key, value in data.items() if value is not None})


def saved(settings):
    return database.history(reviews_path(settings.accounts_path), CAMDEN_JULY.signal_id)


def test_every_status_moves_only_along_its_allowed_steps():
    for current in STATUSES:
        for wanted in STATUSES:
            if wanted in ALLOWED_STEPS[current]:
                check_step(current, wanted)
            else:
                with pytest.raises(NotAllowedStep):
                    check_step(current, wanted)
    with pytest.raises(NotAllowedStep, match="not to new"):
        check_step("under review", "new")
    with pytest.raises(NotAllowedStep):
        check_step("closed", "explained")  # a closed signal only reopens


def test_a_step_not_allowed_is_refused_and_nothing_is_saved(tmp_path):
    path = tmp_path / "reviews.sqlite"
    database.record_change(path, CAMDEN_JULY, ReviewChange("closed", "not confirmed"), user="rev")
    with pytest.raises(NotAllowedStep):
        database.record_change(path, CAMDEN_JULY, ReviewChange("monitoring"), user="rev")
    with pytest.raises(NotAllowedStep, match="Say what explains"):
        database.record_change(path, Signal("synthetic", CAMDEN, "race", "2024-08", ABOVE_RANGE),
                               ReviewChange("explained"), user="rev")
    assert [row["status"] for row in database.history(path, CAMDEN_JULY.signal_id)] == ["closed"]


def test_a_reviewers_change_is_a_new_row_with_who_and_when_and_is_audited(review_app):
    app, settings = review_app
    client = signed_in(app, "rev")
    assert post(client, token_of(client)).status_code == 303
    assert post(client, token_of(client), status="monitoring", explanation="", note="Watch August").status_code == 303
    rows = saved(settings)
    assert [(row["status"], row["explanation"], row["changed_by"]) for row in rows] == [
        ("explained", "known event", "rev"), ("monitoring", None, "rev")]
    assert all(dt.datetime.fromisoformat(row["changed_at"]).tzinfo for row in rows)
    audited = [json.loads(line) for line in settings.audit_log_path.read_text().splitlines()]
    assert [entry["status"] for entry in audited if entry["event"] == "review changed"] == ["explained", "monitoring"]
    assert {entry["signal"] for entry in audited if entry["event"] == "review changed"} == {CAMDEN_JULY.signal_id}


def test_the_history_cannot_be_edited_or_deleted_even_by_hand(review_app):
    app, settings = review_app
    client = signed_in(app, "rev")
    post(client, token_of(client))
    with closing(sqlite3.connect(reviews_path(settings.accounts_path))) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="never edited"):
            connection.execute("UPDATE reviews SET note = 'rewritten'")
        with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
            connection.execute("DELETE FROM reviews")
    assert saved(settings)[0]["note"] == "Vigil after the attack"


def test_a_viewer_can_read_a_review_but_a_change_gets_403_and_changes_nothing(review_app):
    app, settings = review_app
    reviewer = signed_in(app, "rev")
    post(reviewer, token_of(reviewer))
    viewer = signed_in(app, "look")
    page = viewer.get(review_href(CAMDEN_JULY.signal_id))
    assert page.status_code == 200 and "Vigil after the attack" in page.get_data(as_text=True)
    assert "<form" not in page.get_data(as_text=True)
    refused = post(viewer, token_of(viewer), status="closed", explanation="not confirmed")
    assert refused.status_code == 403
    assert "can read reviews but not change them" in refused.get_data(as_text=True)
    assert [row["status"] for row in saved(settings)] == ["explained"]


def test_signed_out_nobody_sees_a_review_and_a_change_gets_403(review_app):
    app, settings = review_app
    reviewer = signed_in(app, "rev")
    post(reviewer, token_of(reviewer))
    stranger = app.server.test_client()
    page = stranger.get(review_href(CAMDEN_JULY.signal_id))
    assert page.status_code == 403 and "Vigil" not in page.get_data(as_text=True)
    assert post(stranger, "guessed", status="closed", explanation="not confirmed").status_code == 403
    assert [row["status"] for row in saved(settings)] == ["explained"]


def test_a_change_without_the_forms_token_is_refused(review_app):
    app, settings = review_app
    client = signed_in(app, "rev")
    assert post(client, "not the token").status_code == 400
    assert saved(settings) == []


@pytest.mark.parametrize("fields, sentence", [
    ({"status": "resolved"}, "A review's status is one of"),
    ({"explanation": "aliens"}, "An explanation is one of"),
    ({"owner": "x" * 81}, "An owner is a name of at most 80"),
    ({"owner": "line\none"}, "on one line"),
    ({"review_date": "01/09/2024"}, "A review date is a day written YYYY-MM-DD"),
    ({"review_date": "2024-02-30"}, "A review date is a day"),
    ({"note": "n" * 2001}, "A note is plain text of at most 2000"),
    ({"note": "bell\x07"}, "A note is plain text"),
    ({"signal": "incidents/Camden/race/2024-07/" + ABOVE_RANGE}, "area is London or a borough's GSS code"),
    ({"extra": "1"}, "a field it does not have"),
    ({"status": "explained", "explanation": ""}, "Say what explains"),
])
def test_a_crafted_field_gets_400_with_a_sentence_and_nothing_is_saved(review_app, fields, sentence):
    app, settings = review_app
    client = signed_in(app, "rev")
    answer = post(client, token_of(client), **fields)
    assert answer.status_code == 400
    assert sentence in answer.get_data(as_text=True).replace("&#39;", "'")
    assert saved(settings) == []


def test_crafted_review_text_is_stored_and_shown_as_text_never_markup(review_app):
    app, settings = review_app
    client = signed_in(app, "rev")
    crafted = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert post(client, token_of(client), note=crafted, owner="<b>Team</b>").status_code == 303
    assert saved(settings)[0]["note"] == crafted
    page = client.get(review_href(CAMDEN_JULY.signal_id)).get_data(as_text=True)
    assert crafted not in page and "<b>Team</b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page and "&lt;b&gt;Team&lt;/b&gt;" in page


def test_the_reviews_file_is_private_and_beside_the_accounts(review_app):
    app, settings = review_app
    client = signed_in(app, "rev")
    post(client, token_of(client))
    path = reviews_path(settings.accounts_path)
    assert path.parent == settings.accounts_path.parent
    assert path.stat().st_mode & 0o777 == 0o600


KILLED_MID_SAVE = """
import os, signal, sqlite3, sys
sys.path.insert(0, {project!r})
from reviews import database
connection = database._connect({path!r})
connection.execute("BEGIN IMMEDIATE")
for number in range(50):
    connection.execute("INSERT INTO reviews (signal_id, status, changed_by, changed_at) VALUES (?, 'closed', 'x', 'y')",
                       ({signal!r},))
connection.execute("SELECT 1").fetchall()
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_process_killed_mid_save_leaves_the_reviews_file_consistent(tmp_path):
    path = tmp_path / "reviews.sqlite"
    database.record_change(path, CAMDEN_JULY, ReviewChange("under review", owner="Camden"), user="rev")
    script = KILLED_MID_SAVE.format(project=str(PROJECT), path=str(path), signal=CAMDEN_JULY.signal_id)
    killed = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, timeout=60)
    assert killed.returncode == -9
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert [row["status"] for row in database.history(path, CAMDEN_JULY.signal_id)] == ["under review"]
    # And the next save goes through: the killed process left no lock behind.
    database.record_change(path, CAMDEN_JULY, ReviewChange("explained", "recording change"), user="rev")
    assert [row["status"] for row in database.history(path, CAMDEN_JULY.signal_id)] == ["under review", "explained"]


def test_an_accounts_file_from_before_roles_loads_and_its_accounts_are_viewers(tmp_path):
    path = tmp_path / "accounts.sqlite"
    with closing(sqlite3.connect(path)) as old, old:
        old.executescript("""CREATE TABLE accounts (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL,
                             created_at REAL NOT NULL, password_changed_at REAL NOT NULL, session_key TEXT);""")
        old.execute("INSERT INTO accounts VALUES ('analyst', ?, 0, 0, 'k')", (generate_password_hash(PASSWORD),))
    assert accounts.role_of(path, "analyst") == accounts.VIEWER  # read before anything wrote the column
    assert accounts.verify(path, "analyst", PASSWORD, client="10.0.0.7")
    assert accounts.list_roles(path) == [("analyst", "viewer")]


def test_the_user_commands_set_and_list_roles(tmp_path, capsys, monkeypatch):
    from io import StringIO

    accounts_file = str(tmp_path / "a.sqlite")
    monkeypatch.setattr("sys.stdin", StringIO(PASSWORD + "\n"))
    assert loaders_main(["add-user", "chair", "--role", "administrator", "--accounts", accounts_file,
                         "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", StringIO(PASSWORD + "\n"))
    assert loaders_main(["add-user", "officer", "--accounts", accounts_file, "--password-stdin"]) == 0
    assert loaders_main(["set-role", "officer", "reviewer", "--accounts", accounts_file]) == 0
    capsys.readouterr()
    assert loaders_main(["list-users", "--accounts", accounts_file]) == 0
    assert capsys.readouterr().out.splitlines() == ["chair\tadministrator", "officer\treviewer"]
    assert loaders_main(["set-role", "nobody", "reviewer", "--accounts", accounts_file]) == 2
    with pytest.raises(SystemExit):
        loaders_main(["set-role", "officer", "owner", "--accounts", accounts_file])
