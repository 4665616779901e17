"""What each `python -m loaders` subcommand does. Each returns an exit code and prints
plain sentences; `loaders/__main__.py` turns errors into messages, never tracebacks."""

import datetime as dt
import difflib
import time
from pathlib import Path

from loaders.combined_series import (COMBINED_NAME, rebuild_combined_series, record_revisions,
                                     snapshot_published_series)
from loaders.boundary_files import write_boundaries
from loaders.dataset_records import remove_dataset_rows
from loaders.prepared_load import PreparedLoad
from loaders.store_writes import connect_for_reading, one_transaction, write_dataset
from queries.strands import STRANDS

OK = 0
BAD_INPUT = 2


def load_prepared(store: Path, prepared: PreparedLoad, *, name: str | None, out=print,
                  progress=lambda message: None) -> int:
    """Write a checked file to the store in one transaction and say what happened."""
    name = name or prepared.default_name
    if name == COMBINED_NAME:
        out(f"'{COMBINED_NAME}' is the name of the series the dashboard builds from the Met's releases; "
            "choose another with --name. Nothing was loaded.")
        return BAD_INPUT
    started = time.perf_counter()
    revisions, combined_notes = None, []
    with one_transaction(store) as con:
        if prepared.release_format:
            snapshot_published_series(con)
        dataset_id, replaced = write_dataset(con, prepared, name=name, progress=progress)
        if prepared.release_format:
            revisions = record_revisions(con, dataset_id)
            combined_notes = _combined_series_lines(con)
    kind = "published monthly counts" if prepared.kind == "published" else "incident-level offences"
    out(f"Loaded '{name}' ({kind}) into {store} in {time.perf_counter() - started:.1f} s.")
    for old in replaced:
        out(f"  Replaces the dataset '{old}' loaded earlier" + (" from the same file." if old != name else "."))
    for line in prepared.summary_lines():
        out(line)
    for line in (revisions.lines() if revisions else []) + combined_notes:
        out(line)
    return OK


def _combined_series_lines(con) -> list[str]:
    """Rebuild the series across the Met's releases; what to tell the user about it."""
    combined_id = rebuild_combined_series(con)
    if combined_id is None:
        return []
    notes = con.execute("SELECT notes FROM datasets WHERE dataset_id = ?", [combined_id]).fetchall()[0][0]
    return [f"  Rebuilt '{COMBINED_NAME}', the one series across the releases loaded:"] + [
        f"    {note}" for note in notes.splitlines()]


def load_boundaries(store: Path, prepared, out=print) -> int:
    """Write a checked boundary file to the store in one transaction."""

    with one_transaction(store) as con:
        replaced = write_boundaries(con, prepared)
    within = prepared.features.gss_code.value_counts()
    out(f"Loaded the boundary set '{prepared.name}' ({len(prepared.features):,} boundaries, codes from "
        f"'{prepared.code_column}', read in {prepared.source_crs}) into {store}."
        + (" It replaces the set of that name loaded earlier." if replaced else ""))
    out(f"  In {len(within)} borough(s); kept as GeoJSON in longitude/latitude (tables boundary_sets, "
        "boundary_features).")
    return OK


def load_partner_reports(store: Path, prepared, out=print) -> int:
    """Write a checked partner file in one transaction (refused whole if a series clashes)."""
    from loaders.partner_writes import write_partner_reports

    with one_transaction(store) as con:
        replaced = write_partner_reports(con, prepared)
    out(f"Loaded the partner reports '{prepared.name}' ({prepared.rows_read:,} rows) into {store}. They are "
        "shown beside the police figures, never added to them.")
    for old in replaced:
        out(f"  Replaces the partner reports '{old}' loaded earlier.")
    for line in prepared.summary_lines():
        out(line)
    return OK


def list_partner_reports(store: Path, out=print) -> int:
    from queries.partner_reports import partner_files

    con = connect_for_reading(store)
    try:
        files = partner_files(con)
        series = {name: con.execute("SELECT DISTINCT source || ': ' || series FROM partner_reports r "
                                    "JOIN partner_files f USING (file_id) WHERE f.name = ? ORDER BY 1",
                                    [name]).fetchall() for name in files.name}
    finally:
        con.close()
    if files.empty:
        out(f"The store {store} holds no partner reports.")
        return OK
    out(f"Partner report files in {store}:")
    for row in files.itertuples():
        labels = [" (synthetic, not real figures)" if row.is_synthetic else "",
                  " (restricted: signed-in users only)" if row.is_restricted else ""]
        out(f"- {row.name}{''.join(labels)}")
        out(f"    {row.rows_loaded:,} rows; loaded {row.loaded_at:%Y-%m-%d %H:%M}; licence: {row.licence}")
        for (text,) in series[row.name]:
            out(f"    {text}")
    return OK


def remove_partner_reports(store: Path, name: str, out=print) -> int:
    from loaders.partner_writes import remove_partner_file

    with one_transaction(store) as con:
        removed = remove_partner_file(con, name)
    if not removed:
        out(f"There are no partner reports called '{name}' in {store}; nothing was removed. "
            "See `python -m loaders list-partner-reports`.")
        return BAD_INPUT
    out(f"Removed the partner reports '{name}' from {store}.")
    return OK


def list_datasets(store: Path, out=print) -> int:
    con = connect_for_reading(store)
    try:
        rows = con.execute("""
            SELECT name, kind, is_synthetic, first_month, last_month, rows_read, rows_loaded, rows_left_out,
                   loaded_at, checksum_sha256, source, notes
            FROM datasets ORDER BY loaded_at, dataset_id
        """).fetchall()
    finally:
        con.close()
    if not rows:
        out(f"The store {store} holds no datasets.")
        return OK
    out(f"Datasets in {store}:")
    for (name, kind, synthetic, first, last, read, loaded, left_out, loaded_at, checksum, source, notes) in rows:
        covers = f"{first:%b %Y} to {last:%b %Y}" if first else "no months"
        label = " (synthetic, not real figures)" if synthetic else ""
        out(f"- {name}{label}")
        out(f"    {kind}; {covers}; rows read {read:,}, loaded {loaded:,}, left out {left_out:,}")
        out(f"    loaded {loaded_at:%Y-%m-%d %H:%M}; source: {source}")
        if checksum:
            out(f"    SHA-256 {checksum}")
        for note in (notes or "").splitlines():
            # The combined series' notes are all about where its months came from.
            if note.startswith("Left out:") or name == COMBINED_NAME:
                out(f"    {note}")
    return OK


def remove_dataset(store: Path, name: str, out=print) -> int:
    with one_transaction(store) as con:
        names = [row[0] for row in con.execute("SELECT name FROM datasets ORDER BY name").fetchall()]
        was_release = con.execute("SELECT count(*) FROM published_releases r JOIN datasets d USING (dataset_id) "
                                  "WHERE d.name = ?", [name]).fetchall()[0][0] > 0
        removed = remove_dataset_rows(con, name)
        combined_notes = _combined_series_lines(con) if was_release else []
    if not removed:
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.4)
        out(f"There is no dataset called '{name}' in {store}; nothing was removed."
            + (" Did you mean: " + "; ".join(f"'{n}'" for n in close) + "?" if close else "")
            + " See `python -m loaders list`.")
        return BAD_INPUT
    out(f"Removed the dataset '{name}' and everything loaded for it from {store}.")
    for line in combined_notes:
        out(line)
    return OK


def add_event(store: Path, *, start: dt.date, label: str, end: dt.date | None, strands: list[str] | None,
              out=print) -> int:
    if end is not None and end < start:
        out(f"The end date {end} is before the start date {start}; nothing was added.")
        return BAD_INPUT
    unknown = [key for key in strands or [] if key not in STRANDS]
    if unknown:
        out(f"Not strands: {', '.join(unknown)}. Use: {', '.join(STRANDS)}. Nothing was added.")
        return BAD_INPUT
    if not label.strip():
        out("The event needs a label; nothing was added.")
        return BAD_INPUT
    with one_transaction(store) as con:
        event_id = con.execute(
            "INSERT INTO events (start_date, end_date, label, strands, added_by) VALUES (?, ?, ?, ?, 'user') "
            "RETURNING event_id", [start, end, label.strip(), strands or None]).fetchone()[0]
    span = f"{start} to {end}" if end else f"{start}"
    out(f"Added event {event_id}: {span}, '{label.strip()}'"
        + (f" (strands: {', '.join(strands)})" if strands else "") + ". Trend charts mark it.")
    return OK


def load_comparison_groups(store: Path, source, out=print) -> int:
    """Check the whole file first (LoadRefused names every problem), then replace the groups."""
    from loaders.comparison_groups import read_comparison_groups, replace_comparison_groups

    members = read_comparison_groups(source)
    with one_transaction(store) as con:
        replace_comparison_groups(con, members)
    names = list(dict.fromkeys(member.name for member in members))
    out(f"Loaded {len(names)} comparison group{'' if len(names) == 1 else 's'} into {store}: "
        + "; ".join(f"{name} ({sum(m.name == name for m in members)} boroughs)" for name in names)
        + ". Choose one under 'Compare with' in the filter bar, beside inner and outer London.")
    return OK


def list_events(store: Path, out=print) -> int:
    con = connect_for_reading(store)
    try:
        rows = con.execute("SELECT event_id, start_date, end_date, label, strands, added_by FROM events "
                           "ORDER BY start_date, event_id").fetchall()
    finally:
        con.close()
    for event_id, start, end, label, strands, added_by in rows:
        span = f"{start} to {end}" if end else f"{start}"
        out(f"{event_id:>4}  {span:<24}  {label}" + (f"  [{', '.join(strands)}]" if strands else "")
            + ("  (added locally)" if added_by != "reference" else ""))
    return OK


def remove_event(store: Path, event_id: int, out=print) -> int:
    with one_transaction(store) as con:
        row = con.execute("SELECT label, added_by FROM events WHERE event_id = ?", [event_id]).fetchone()
        if row is not None and row[1] != "reference":
            con.execute("DELETE FROM events WHERE event_id = ?", [event_id])
    if row is None:
        out(f"There is no event {event_id}; see `python -m loaders list-events`.")
        return BAD_INPUT
    if row[1] == "reference":
        out(f"Event {event_id} ('{row[0]}') is one of the project's reference events; only events added "
            "locally can be removed.")
        return BAD_INPUT
    out(f"Removed event {event_id} ('{row[0]}').")
    return OK
