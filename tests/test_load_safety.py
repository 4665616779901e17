"""A load either happens completely or not at all: bad files are refused with every
problem listed, and a failure, Ctrl-C or a killed process leaves the store as it was."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import loaders.store_writes
from tests.load_fixtures import (INCIDENT_ROWS, WIDE_HEADER, WIDE_ROWS, csv_text, long_row, monthly, run_cli,
                                 store_state, write_incidents, write_long, write_wide)
from tests.store_fixtures import build_known_store

PROJECT = Path(__file__).resolve().parents[1]
CAMDEN = "E09000007"
SUBPROCESS_TIMEOUT_SECONDS = 60


@pytest.fixture
def filled_store(tmp_path):
    """A store holding the known incidents and a published dataset called 'Existing'."""
    store = tmp_path / "store.duckdb"
    build_known_store(store)
    assert run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "existing.csv")), "--name", "Existing") == 0
    return store


def _wide_bytes(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return ["load-mps-wide", str(path)]


WIDE_TEXT = csv_text(WIDE_HEADER, WIDE_ROWS)
BAD_INPUTS = {
    "empty file": (lambda tmp: _wide_bytes(tmp, "empty.csv", b""), "empty.csv: the file is empty."),
    "header only": (lambda tmp: _wide_bytes(tmp, "header.csv", b"Borough,MajorText,MinorText,202101\r\n"),
                    "header.csv: the file has a header but no data rows."),
    # Cut in the middle of Hackney's first count, "30", as an interrupted download leaves it.
    "file cut short": (lambda tmp: _wide_bytes(tmp, "cut.csv", WIDE_TEXT[:WIDE_TEXT.index("Hackney,Hate,Racist") + 46]
                                               .encode()),
                       "cut.csv, line 6: the file ends part way through this line (4 of 6 values): "
                       "it looks cut short"),
    "cut inside quotes": (lambda tmp: _wide_bytes(tmp, "quote.csv", (WIDE_TEXT + '"Camden,Hate').encode()),
                          "quote.csv, line 12: the text cannot be read as CSV here: the file ends inside a "
                          "quoted value"),
    "wrong delimiter": (lambda tmp: _wide_bytes(tmp, "semi.csv", WIDE_TEXT.replace(",", ";").encode()),
                        "semi.csv, line 1: the columns are separated by semicolons, not commas."),
    "totals row at the bottom": (
        lambda tmp: _wide_bytes(tmp, "totals.csv", (WIDE_TEXT + "Total,Hate,Islamophobic,4,6,8\r\n").encode()),
        "totals.csv, line 12, column 'Borough': this looks like a totals row."),
    "negative count": (
        lambda tmp: _wide_bytes(tmp, "negative.csv", WIDE_TEXT.replace("Islamophobic,3,", "Islamophobic,-3,").encode()),
        "negative.csv, line 3, column '202101': a count cannot be negative. (value: '-3')"),
    "non-numeric count": (
        lambda tmp: _wide_bytes(tmp, "text.csv", WIDE_TEXT.replace("Islamophobic,3,", "Islamophobic,three,").encode()),
        "text.csv, line 3, column '202101': the count is not a whole number. (value: 'three')"),
    "unknown borough": (
        lambda tmp: _wide_bytes(tmp, "borough.csv", WIDE_TEXT.replace("Hackney", "Hackny").encode()),
        "borough.csv, line 6, column 'Borough': this matches no London borough. Closest: Hackney."),
    "month that is not a month": (
        lambda tmp: ["load-mps-long", str(write_long(tmp / "month.csv", [
            long_row("01.13.21", "Camden", CAMDEN, "Islamophobic", "Offences", 2)]))],
        "month.csv, line 2, column 'Month_Year': this is not a month"),
    "missing column": (
        lambda tmp: _wide_bytes(tmp, "columns.csv", WIDE_TEXT.replace("MinorText", "Category").encode()),
        "columns.csv, line 1, column 'MinorText': the column 'MinorText' is missing."),
    "duplicate incident ids": (
        lambda tmp: ["load-incidents", str(write_incidents(tmp / "ids.csv", INCIDENT_ROWS + [INCIDENT_ROWS[0]]))],
        "ids.csv, line 6, column 'incident_id': this incident id is already used on line 2"),
    "an Excel workbook": (lambda tmp: _wide_bytes(tmp, "book.xlsx", b"PK\x03\x04" + b"\x00" * 40),
                          "book.xlsx: this is an Excel workbook"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_refused_with_its_message_and_the_store_is_unchanged(case, filled_store, tmp_path, capsys):
    make_arguments, message = BAD_INPUTS[case]
    before = store_state(filled_store)
    assert run_cli(filled_store, *make_arguments(tmp_path)) == 2
    error = capsys.readouterr().err
    assert message in error
    assert "Nothing was changed in the store." in error
    assert store_state(filled_store) == before


def test_first_twenty_problems_are_shown_and_the_rest_counted(tmp_path, capsys):
    rows = [[borough, "Hate", "Islamophobic", "-1", "-1", "-1"]
            for borough in ["Camden", "Hackney", "Barnet", "Brent", "Bexley", "Ealing", "Enfield", "Harrow", "Sutton"]]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv", rows))) == 2
    error = capsys.readouterr().err
    assert "27 problems found" in error
    assert error.count("\n  - wide.csv") == 20
    assert "  ... and 7 more." in error


def test_excel_byte_order_mark_is_read_not_rejected(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + WIDE_TEXT.encode("utf-8"))
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-wide", str(path)) == 0
    assert monthly(store, dataset_name="MPS published hate crime (bom.csv)")[("2021-03", CAMDEN, "race_religion")] == 42


def test_windows_1252_text_is_read_correctly(tmp_path):
    rows = [list(row) for row in INCIDENT_ROWS]
    rows[0][3] = "Criminal damage – £500 or less"
    rows[1][12] = "Community resolution — apology’s accepted"
    path = write_incidents(tmp_path / "cp1252.csv", rows, encoding="cp1252")
    assert b"\x96 \xa3500" in path.read_bytes()  # the en dash and pound sign as Windows-1252 bytes
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(path)) == 0
    con = duckdb.connect(str(store), read_only=True)
    texts = con.execute("SELECT offence_type, outcome FROM incidents WHERE incident_id IN ('A1', 'A2') "
                        "ORDER BY incident_id").fetchall()
    notes = con.execute("SELECT notes FROM datasets").fetchone()[0]
    con.close()
    assert texts == [("Criminal damage – £500 or less", None),
                     ("Violence against the person", "Community resolution — apology’s accepted")]
    assert "Read as Windows-1252." in notes


def test_a_failure_part_way_through_writing_leaves_the_store_unchanged(filled_store, tmp_path, monkeypatch, capsys):
    def fail(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(loaders.store_writes, "rebuild_published_aggregates", fail)
    before = store_state(filled_store)
    assert run_cli(filled_store, "load-mps-wide", str(write_wide(tmp_path / "other.csv", WIDE_ROWS[:2])),
                   "--name", "Existing") == 1
    error = capsys.readouterr().err
    assert "The command failed unexpectedly (RuntimeError: disk on fire). Nothing was changed" in error
    assert store_state(filled_store) == before


def test_ctrl_c_part_way_through_writing_leaves_the_store_unchanged(filled_store, tmp_path, monkeypatch, capsys):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(loaders.store_writes, "rebuild_incident_aggregates", interrupt)
    before = store_state(filled_store)
    assert run_cli(filled_store, "load-incidents", str(write_incidents(tmp_path / "extract.csv"))) == 130
    assert "Interrupted. Nothing was changed in the store." in capsys.readouterr().err
    assert store_state(filled_store) == before


# Runs the real command line in a child process that stops, inside the load's
# transaction, after every row and aggregate is written, and reports how many rows it
# wrote; the test then kills it with SIGKILL, which no code can catch or clean up after.
KILLABLE_LOAD = """
import sys, time
import loaders.store_writes as store_writes
real = store_writes.rebuild_{kind}_aggregates
def write_then_wait(con, dataset_id, *args):
    real(con, dataset_id, *args)
    written = con.execute("SELECT count(*) FROM monthly_counts WHERE dataset_id = ?", [dataset_id]).fetchone()[0]
    print("MID-LOAD", written, flush=True)
    time.sleep(600)
store_writes.rebuild_{kind}_aggregates = write_then_wait
from loaders.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def _kill_mid_load(store: Path, kind: str, *arguments: str) -> int:
    """Start a load, SIGKILL it mid-transaction; return the rows it had written uncommitted."""
    child = subprocess.Popen([sys.executable, "-c", KILLABLE_LOAD.format(kind=kind), "--store", str(store),
                              *arguments], cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONPATH": str(PROJECT)})
    try:
        line = child.stdout.readline()
        assert line.startswith("MID-LOAD"), f"the load did not reach its transaction: {line!r} {child.stderr.read()}"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=SUBPROCESS_TIMEOUT_SECONDS) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()
    return int(line.split()[1])


def test_a_load_killed_with_sigkill_mid_transaction_leaves_the_store_unchanged(filled_store, tmp_path):
    before = store_state(filled_store)
    replacement = write_wide(tmp_path / "replacement.csv", [["Barnet", "Hate", "Faith Hate Crime", "7", "8", "9"]])
    written = _kill_mid_load(filled_store, "published", "load-mps-wide", str(replacement), "--name", "Existing")
    assert written == 3  # Barnet's three months were in the store's transaction when it was killed
    assert store_state(filled_store) == before
    assert monthly(filled_store, dataset_name="Existing")[("2021-01", CAMDEN, "race_religion")] == 40
    # The store still takes loads after the kill.
    assert run_cli(filled_store, "load-mps-wide", str(replacement), "--name", "Existing") == 0
    assert monthly(filled_store, dataset_name="Existing") == {
        ("2021-01", "E09000003", "religion"): 7, ("2021-02", "E09000003", "religion"): 8,
        ("2021-03", "E09000003", "religion"): 9}


def test_a_first_load_killed_with_sigkill_leaves_no_store(tmp_path):
    store = tmp_path / "new.duckdb"
    written = _kill_mid_load(store, "incident", "load-incidents", str(write_incidents(tmp_path / "extract.csv")))
    assert written == 11
    assert store_state(store) is None
    assert run_cli(store, "load-incidents", str(tmp_path / "extract.csv")) == 0
    assert len(monthly(store, dataset_name="Incident extract (extract.csv)")) == 11


HOLD_STORE_OPEN = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("OPEN", con.execute("SELECT count(*) FROM datasets").fetchone()[0], flush=True)
sys.stdin.readline()
print("STILL", con.execute("SELECT count(*) FROM datasets").fetchone()[0], flush=True)
"""


def test_a_load_while_the_dashboard_has_the_store_open_swaps_in_a_new_file(filled_store, tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_STORE_OPEN, str(filled_store)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().split() == ["OPEN", "2"]
        code = run_cli(filled_store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv")), "--name", "New")
        holder.stdin.write("\n")
        holder.stdin.flush()
        still = holder.stdout.readline().split()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
        holder.stdin.close()
    assert code == 0
    assert still == ["STILL", "2"]  # the reader finished on the file it had open
    # The path now names the new file: 'New' replaced 'Existing', loaded from the same file.
    assert [row[1] for row in store_state(filled_store)["datasets"]] == ["Known incidents", "New"]
    assert not (tmp_path / "store.duckdb.loading").exists()


HOLD_LOAD_LOCK = """
import sys
from pathlib import Path
from loaders.store_writes import one_load_at_a_time
with one_load_at_a_time(Path(sys.argv[1])):
    print("LOADING", flush=True)
    sys.stdin.readline()
"""


def test_a_second_load_while_one_is_running_is_refused_and_changes_nothing(filled_store, tmp_path, capsys):
    before = store_state(filled_store)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOAD_LOCK, str(filled_store)], cwd=PROJECT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(PROJECT)})
    try:
        assert holder.stdout.readline().strip() == "LOADING"
        code = run_cli(filled_store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv")))
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
        holder.stdin.close()
    assert code == 3
    error = capsys.readouterr().err
    assert f"Another load into {filled_store} is running (process {holder.pid})" in error
    assert store_state(filled_store) == before
