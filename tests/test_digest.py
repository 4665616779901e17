"""`python -m loaders digest`: the new signals since a date, written as text and HTML,
and sent through an SMTP relay the test starts on this machine (a few lines of SMTP
over a socketserver: the standard library's smtpd is gone from Python 3.12)."""

import socketserver
import threading

import pytest

from loaders.__main__ import main as loaders_main
from reviews import database
from reviews.database import ReviewChange, reviews_path
from signals.identity import ABOVE_RANGE, Signal
from tests.store_fixtures import CAMDEN
from tests.test_reviews_on_pages import _incidents, open_for_writing, write_incident_dataset

CAMDEN_ALL = Signal("synthetic", CAMDEN, "all", "2019-06", ABOVE_RANGE)


class _Relay(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        self.reply("220 test relay")
        while line := self.rfile.readline():
            verb = line.decode().strip().split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 test relay")
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                self.server.envelope.append(line.decode().strip())
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go on")
                body = []
                while (part := self.rfile.readline()) not in (b".\r\n", b""):
                    body.append(part.decode())
                self.server.messages.append("".join(body))
                self.reply("250 kept")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not here")


@pytest.fixture
def relay():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Relay)
    server.messages, server.envelope = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def store(tmp_path):
    con = open_for_writing(tmp_path / "store.duckdb")
    write_incident_dataset(con, _incidents(), name="Rises and falls", is_synthetic=True)
    con.close()
    return tmp_path / "store.duckdb"


def test_the_digest_is_written_as_text_and_html_and_sent_through_the_relay(store, relay, tmp_path, monkeypatch):
    accounts_file = tmp_path / "accounts.sqlite"
    database.record_change(reviews_path(accounts_file), CAMDEN_ALL,
                           ReviewChange("under review", owner="<Camden CSP>"), user="rev")
    monkeypatch.setenv("DASHBOARD_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("DASHBOARD_SMTP_PORT", str(relay.server_address[1]))
    monkeypatch.setenv("DASHBOARD_SMTP_FROM", "dashboard@example.gov.uk")
    assert loaders_main(["digest", "--store", str(store), "--accounts", str(accounts_file), "--since", "2019-01-01",
                         "--borough", "camden", "--out", str(tmp_path / "out"), "--to", "csp@example.gov.uk"]) == 0
    text = (tmp_path / "out" / "digest-since-2019-01-01.txt").read_text()
    page = (tmp_path / "out" / "digest-since-2019-01-01.html").read_text()
    assert text.startswith("Since the meeting of 1 January 2019: Camden\n")
    assert "- Hate crime offences in Camden in June 2019: above its expected range: under review, owner " \
           "<Camden CSP>" in text
    assert "owner &lt;Camden CSP&gt;" in page and "<Camden CSP>" not in page
    assert "Hackney" not in text
    assert [line.upper() for line in relay.envelope[:2]] == ["MAIL FROM:<DASHBOARD@EXAMPLE.GOV.UK>",
                                                             "RCPT TO:<CSP@EXAMPLE.GOV.UK>"]
    [message] = relay.messages
    assert "Subject: Since the meeting of 1 January 2019: Camden" in message
    assert "text/plain" in message and "text/html" in message


def test_without_a_relay_the_digest_is_only_written(store, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DASHBOARD_SMTP_HOST", raising=False)
    assert loaders_main(["digest", "--store", str(store), "--accounts", str(tmp_path / "a.sqlite"),
                         "--since", "2019-01-01", "--out", str(tmp_path), "--to", "csp@example.gov.uk"]) == 0
    assert "Sent" not in capsys.readouterr().out
    assert (tmp_path / "digest-since-2019-01-01.html").exists()


def test_a_bad_date_or_borough_is_a_sentence_and_nothing_is_written(store, tmp_path, capsys):
    assert loaders_main(["digest", "--store", str(store), "--since", "04/11/2026", "--out", str(tmp_path / "o")]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert loaders_main(["digest", "--store", str(store), "--accounts", str(tmp_path / "a.sqlite"),
                         "--since", "2019-01-01", "--borough", "atlantis", "--out", str(tmp_path / "o")]) == 2
    assert "atlantis" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
