"""The rest of `python -m loaders`: help, loading from a URL, list, remove, events."""

import hashlib
import http.server
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path
from urllib.parse import quote

import duckdb
import pytest

from loaders.__main__ import build_parser, main
from tests.load_fixtures import monthly, run_cli, store_state, write_incidents, write_wide

PROJECT = Path(__file__).resolve().parents[1]
SUBCOMMANDS = ["load-mps-wide", "load-mps-long", "load-incidents", "load-boundaries", "list", "remove", "build-demo",
               "add-event", "list-events", "remove-event", "load-partner-reports", "list-partner-reports",
               "remove-partner-reports", "load-comparison-groups", "add-user", "remove-user", "set-password",
               "set-role", "list-users", "digest", "feed-link", "revoke-feed-links"]


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: python -m loaders {command}")


def test_the_parser_offers_exactly_the_documented_subcommands():
    commands = next(action for action in build_parser()._actions if action.dest == "command")
    assert sorted(commands.choices) == sorted(SUBCOMMANDS)


def test_the_command_line_runs_as_a_module_and_errors_are_sentences_not_tracebacks(tmp_path):
    result = subprocess.run([sys.executable, "-m", "loaders", "--store", str(tmp_path / "s.duckdb"),
                             "load-mps-wide", str(tmp_path / "missing.csv")],
                            cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "missing.csv: there is no such file." in result.stderr
    assert "Traceback" not in result.stderr


class _Server:
    """Files in a folder over HTTP on 127.0.0.1; `cut_short` files promise more bytes than they send."""

    def __init__(self, folder: Path):
        cut_short = set()

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self):
                name = self.path.lstrip("/")
                if name in cut_short:
                    body = (folder / name).read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body) * 2))
                    self.end_headers()
                    self.wfile.write(body)
                    self.close_connection = True
                    return
                super().do_GET()

            def log_message(self, *args):
                pass

        self.cut_short = cut_short
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(folder)))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{quote(name)}"


@pytest.fixture
def web(tmp_path):
    folder = tmp_path / "served"
    folder.mkdir()
    server = _Server(folder)
    server.thread.start()
    yield server, folder
    server.httpd.shutdown()
    server.httpd.server_close()


def test_a_file_loads_from_a_url_with_its_checksum_recorded(web, tmp_path, capsys):
    server, folder = web
    path = write_wide(folder / "MPS borough file.csv")
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-wide", server.url("MPS borough file.csv")) == 0
    assert monthly(store, dataset_name="MPS published hate crime (MPS borough file.csv)")[
        ("2021-01", "E09000007", "race_religion")] == 40
    con = duckdb.connect(str(store), read_only=True)
    checksum, notes = con.execute("SELECT checksum_sha256, notes FROM datasets").fetchone()
    con.close()
    assert checksum == hashlib.sha256(path.read_bytes()).hexdigest()
    assert f"Loaded from {server.url('MPS borough file.csv')}." in notes


def test_a_missing_url_and_a_download_cut_short_are_refused(web, tmp_path, capsys):
    server, folder = web
    write_wide(folder / "wide.csv")
    server.cut_short.add("wide.csv")
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-wide", server.url("nothing.csv")) == 2
    assert "nothing.csv: the server answered 404 File not found" in capsys.readouterr().err
    assert run_cli(store, "load-mps-wide", server.url("wide.csv")) == 2
    size = (folder / "wide.csv").stat().st_size
    assert f"wide.csv: the download stopped after {size:,} of {2 * size:,} bytes: the file is cut short." \
        in capsys.readouterr().err
    assert store_state(store) is None


def test_list_shows_each_dataset_with_its_rows_and_checksum(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    path = write_wide(tmp_path / "wide.csv")
    run_cli(store, "load-mps-wide", str(path))
    capsys.readouterr()
    assert run_cli(store, "list") == 0
    printed = capsys.readouterr().out
    assert ("- MPS published hate crime (wide.csv)\n"
            "    published; Jan 2021 to Mar 2021; rows read 10, loaded 4, left out 6") in printed
    assert f"SHA-256 {hashlib.sha256(path.read_bytes()).hexdigest()}" in printed
    assert "\n    Left out: 2 rows for Aviation Security(SO18)" in printed


def test_remove_deletes_the_dataset_and_everything_loaded_for_it(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv")), "--name", "Published")
    run_cli(store, "load-incidents", str(write_incidents(tmp_path / "extract.csv")), "--name", "Extract")
    with_extract = store_state(store)
    assert run_cli(store, "remove", "Extract") == 0
    state = store_state(store)
    assert [row[1] for row in state["datasets"]] == ["Published"]
    assert state["incidents"] == [] and state["daily_counts"] == []
    assert state["published_counts"] == with_extract["published_counts"]
    assert len(state["monthly_counts"]) == 12


def test_removing_a_dataset_that_is_not_there_suggests_names_and_changes_nothing(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv")), "--name", "MPS published 2021")
    before = store_state(store)
    capsys.readouterr()
    assert run_cli(store, "remove", "MPS publish 2021") == 2
    assert "There is no dataset called 'MPS publish 2021'" in capsys.readouterr().out
    assert store_state(store) == before


def test_a_local_event_is_added_listed_and_removed(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv")))
    assert run_cli(store, "add-event", "2024-05-04", "Vigil outside the town hall", "--strands",
                   "religion,islamophobic") == 0
    con = duckdb.connect(str(store), read_only=True)
    event_id, start, label, strands, added_by = con.execute(
        "SELECT event_id, start_date::VARCHAR, label, strands, added_by FROM events WHERE added_by = 'user'").fetchone()
    reference_id = con.execute("SELECT min(event_id) FROM events WHERE added_by = 'reference'").fetchone()[0]
    con.close()
    assert (start, label, strands) == ("2024-05-04", "Vigil outside the town hall", ["religion", "islamophobic"])
    assert run_cli(store, "list-events") == 0
    assert "2024-05-04                Vigil outside the town hall  [religion, islamophobic]  (added locally)" \
        in capsys.readouterr().out
    assert run_cli(store, "remove-event", str(reference_id)) == 2
    assert "only events added locally can be removed" in capsys.readouterr().out
    assert run_cli(store, "remove-event", str(event_id)) == 0
    assert all(row[-1] == "reference" for row in store_state(store)["events"])


def test_an_event_with_an_unknown_strand_or_backwards_dates_is_refused(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv")))
    before = store_state(store)
    assert run_cli(store, "add-event", "2024-05-04", "Match", "--strands", "football") == 2
    assert "Not strands: football." in capsys.readouterr().out
    assert run_cli(store, "add-event", "2024-05-04", "Match", "--end-date", "2024-05-01") == 2
    assert "The end date 2024-05-01 is before the start date 2024-05-04" in capsys.readouterr().out
    assert store_state(store) == before


def test_loads_report_progress_on_standard_error(tmp_path, monkeypatch, capsys):
    import loaders.read_text

    monkeypatch.setattr(loaders.read_text, "PROGRESS_EVERY_ROWS", 2)
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(write_incidents(tmp_path / "extract.csv"))) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "Reading extract.csv ...", "  read 2 rows", "  read 4 rows", "Checked 4 rows.",
        "Writing 4 offences and their monthly and daily aggregates..."]
    assert captured.out.startswith("Loaded 'Incident extract (extract.csv)' (incident-level offences)")
