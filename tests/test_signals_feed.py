"""The Atom feed of new signals: a link made for one user, for chosen boroughs and
strands, signed with the app's secret, that stops working when changed, when its user's
links are revoked (every earlier one) or when its account is removed."""

import xml.etree.ElementTree as ElementTree
from urllib.parse import parse_qs, urlsplit

import pytest
from itsdangerous import URLSafeSerializer

from loaders.__main__ import main as loaders_main
from queries.store import STORE_EXTENSION, ReadOnlyStore
from reviews import database
from reviews.database import reviews_path
from settings import Settings
from signin import accounts
from signin.session import SETTINGS_EXTENSION

ATOM = "{http://www.w3.org/2005/Atom}"
SECRET = "f" * 32


@pytest.fixture
def feed_app(app, demo_store_path, tmp_path, monkeypatch):
    """The demo store: its last 12 months hold signals of several strands. The command
    line signs links with the dashboard's key, from its environment."""
    monkeypatch.setitem(app.server.extensions, STORE_EXTENSION, ReadOnlyStore(demo_store_path))
    monkeypatch.setenv("DASHBOARD_SECRET_KEY", SECRET)
    settings = Settings(sign_in="accounts", secret_key=SECRET, accounts_path=tmp_path / "accounts.sqlite",
                        audit_log_path=tmp_path / "audit.log")
    accounts.add_user(settings.accounts_path, "officer", "a long enough password")
    monkeypatch.setitem(app.server.extensions, SETTINGS_EXTENSION, settings)
    return app, settings


def link_for(settings, capsys, *options) -> str:
    capsys.readouterr()
    assert loaders_main(["feed-link", "officer", "--accounts", str(settings.accounts_path), *options]) == 0
    return capsys.readouterr().out.strip()


def test_a_feed_link_lists_new_signals_for_its_strands_until_it_is_revoked(feed_app, capsys):
    app, settings = feed_app
    client = app.server.test_client()
    every = ElementTree.fromstring(client.get(link_for(settings, capsys)).data)
    race_only_link = link_for(settings, capsys, "--strand", "race")
    race = ElementTree.fromstring(client.get(race_only_link).data)
    every_ids = [entry.find(f"{ATOM}id").text for entry in every.iter(f"{ATOM}entry")]
    race_ids = [entry.find(f"{ATOM}id").text for entry in race.iter(f"{ATOM}entry")]
    assert race_ids and set(race_ids) < set(every_ids)
    assert all("/race/" in signal for signal in race_ids)
    capsys.readouterr()
    assert loaders_main(["revoke-feed-links", "officer", "--accounts", str(settings.accounts_path)]) == 0
    assert "Revoked 2 feed link(s) of 'officer'." in capsys.readouterr().out
    assert client.get(race_only_link).status_code == 403
    # A link made after the revocation opens; every one made before stays shut.
    assert client.get(link_for(settings, capsys)).status_code == 200
    assert client.get(race_only_link).status_code == 403


def token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


def test_a_changed_link_or_one_signed_with_another_key_is_refused(feed_app, capsys):
    app, settings = feed_app
    client = app.server.test_client()
    token = token_of(link_for(settings, capsys, "--borough", "camden"))
    payload = URLSafeSerializer(SECRET, salt="signals-feed").loads(token)
    assert payload == {"user": "officer", "boroughs": ["camden"], "strands": [], "generation": 0}
    body, signature = token.rsplit(".", 1)
    forged_body = URLSafeSerializer(SECRET, salt="signals-feed").dumps({**payload, "boroughs": []}).rsplit(".", 1)[0]
    other_key = URLSafeSerializer("another key, not the app's", salt="signals-feed").dumps(payload)
    refused = client.get(f"/feeds/signals.atom?token={forged_body}.{signature}")
    assert refused.status_code == 403 and "not valid" in refused.get_data(as_text=True)
    assert client.get(f"/feeds/signals.atom?token={other_key}").status_code == 403
    assert client.get(f"/feeds/signals.atom?token={body}.{signature[:-2]}xx").status_code == 403
    assert client.get("/feeds/signals.atom?token=" + "x" * 3000).status_code == 403
    assert client.get(f"/feeds/signals.atom?token={token}").status_code == 200


def test_without_the_dashboards_key_no_link_is_made(feed_app, capsys, monkeypatch):
    _app, settings = feed_app
    monkeypatch.delenv("DASHBOARD_SECRET_KEY")
    capsys.readouterr()
    assert loaders_main(["feed-link", "officer", "--accounts", str(settings.accounts_path)]) == 2
    assert "DASHBOARD_SECRET_KEY" in capsys.readouterr().err


def test_a_guessed_or_removed_accounts_link_opens_nothing(feed_app, capsys):
    app, settings = feed_app
    client = app.server.test_client()
    link = link_for(settings, capsys)
    assert client.get("/feeds/signals.atom?token=" + "x" * 43).status_code == 403
    assert client.get("/feeds/signals.atom").status_code == 403
    accounts.remove_user(settings.accounts_path, "officer")
    assert client.get(link).status_code == 403
    assert loaders_main(["feed-link", "nobody", "--accounts", str(settings.accounts_path)]) == 2


def test_the_feed_is_not_empty_on_the_known_store(feed_app, capsys):
    app, settings = feed_app
    feed = ElementTree.fromstring(app.server.test_client().get(link_for(settings, capsys)).data)
    assert [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]


def test_reading_the_feed_writes_nothing_to_the_reviews_file(feed_app, capsys):
    app, settings = feed_app
    link = link_for(settings, capsys)
    reviews = reviews_path(settings.accounts_path)
    before = reviews.read_bytes()
    assert app.server.test_client().get(link).status_code == 200
    assert reviews.read_bytes() == before and not database.known_signals(reviews)
