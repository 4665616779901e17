"""Tables that work from the keyboard: plain HTML tables with a sort button in each
column heading, links that are real links, and a named CSV download.

Why not dash_table.DataTable: it swallows Tab, Shift+Tab and Enter (a keyboard trap,
WCAG 2.1.2) and is deprecated in Dash 4. Why not dash-ag-grid: a grid widget brings its
own arrow-key model, ARIA grid roles and about a megabyte of script for tables of at
most 32 rows that nobody edits. A <table> with <th scope> and <button>s is read
correctly by every screen reader, Tab reaches each sort button and link once, and
Enter and Space do what they say without any script of ours.

Sorting happens in the browser (assets/keyboard_tables.js, one clientside MATCH
callback for every table built by `data_table`): the rows it reorders are the ones the
server rendered, each cell carrying its raw value in data-sort unless it sorts by its own
text. The server never re-renders rows a client sent back.
"""

from dataclasses import dataclass

import pandas as pd
from dash import ALL, MATCH, ClientsideFunction, Input, Output, State, clientside_callback, dcc, html

from components import ids
from figures.answer import TableAnswer
from figures.p_values import formatted
from exports.controls import table_csv_link

NOT_AVAILABLE = "n/a"  # a missing number (no earlier figure, so no % change) is said, never shown as 0
# Arrows show the order to sighted users; aria-sort on the heading tells screen readers.
SORT_ARROWS = {"ascending": " ▲", "descending": " ▼", "none": " ↕"}
VERDICT_HEADING = "Verdict"  # its marker and words read as one phrase: kept on one line (dashboard.css)


@dataclass(frozen=True)
class Column:
    key: str                   # the frame's column
    name: str                  # the heading, with its unit ("Offences (count)")
    number_format: str = ""    # a format spec such as "," or ".2f"; empty for text
    link_key: str | None = None  # the frame's column holding this cell's address
    sort_key: str | None = None  # the frame's column to sort by, when the shown text sorts wrongly ("Apr 2025")

    @property
    def is_number(self) -> bool:
        return bool(self.number_format)


def data_table(table_id: str, frame: pd.DataFrame, columns: list[Column], *, caption: str,
               csv_filename: str, sort_by: str | None = None, ascending: bool = True,
               row_key: str | None = None, highlighted: tuple | list = (),
               csv_note: str | None = None, csv_control=None) -> html.Div:
    """A table that no filter-state definition makes (About's, an event's days after),
    with its CSV in the page. `frame` holds one row per table row: the columns' keys (raw
    values, formatted here) and any link addresses. `row_key` names a column whose
    values in `highlighted` mark rows to emphasise. The CSV holds the raw values under the
    headings' names: no markup, no links. `csv_note`, when given, fills a last "Note"
    column of the CSV: a caveat that must travel with the numbers. `csv_control`, when
    given, replaces the CSV in the page: a control that asks the server for it (a long
    table's CSV as a data: address can be most of an answer's bytes)."""
    records = _records(frame, columns, row_key)
    if csv_control is None:
        csv_control = table_csv_link(table_csv_frame(frame, columns, sort_by=sort_by, ascending=ascending,
                                                     csv_note=csv_note),
                                     filename=csv_filename, formats=csv_formats(columns))
        # The visible words start the accessible name (WCAG 2.5.3); the rest says which table.
        setattr(csv_control, "aria-label", f"Download data (CSV): {caption}")
    return _keyboard_table(table_id, records, columns, caption=caption, csv_control=csv_control, sort_by=sort_by,
                           ascending=ascending, row_key=row_key, highlighted=highlighted)


def table_csv_frame(frame: pd.DataFrame, columns: list[Column], *, sort_by: str | None = None,
                    ascending: bool = True, csv_note: str | None = None) -> pd.DataFrame:
    """The CSV of a data_table: its rows in the table's order under the headings' names,
    raw values, and `csv_note` in a last "Note" column when given."""
    csv_frame = frame[[c.key for c in columns]].rename(columns={c.key: c.name for c in columns})
    if sort_by:
        records = _records(frame, columns, None)
        csv_frame = csv_frame.iloc[_order(records, _sort_field([c.__dict__ for c in columns], sort_by), ascending)]
    if csv_note:
        csv_frame = csv_frame.assign(Note=csv_note)
    return csv_frame


def csv_formats(columns: list[Column]) -> dict:
    """Heading -> format spec: the precision the CSV gives each column's numbers."""
    return {c.name: c.number_format for c in columns if c.number_format}


def answer_table(table_id: str, answer: TableAnswer, *, options: dict | None = None, sort_by: str | None = None,
                 ascending: bool = True, row_key: str | None = None, highlighted: tuple | list = (),
                 max_rows: int | None = None, show_note: bool = True) -> html.Div:
    """A registry table (charts/table_registry.py) from its answer: its message when it
    has no rows; else the table, its note, and a "Download data (CSV)" button that asks
    the server for the CSV (callbacks/exports.py), so the page never carries it.
    `max_rows` lists the first rows in the table's order and says the CSV has the rest."""
    if answer.message is not None:
        return html.Div(html.P(answer.message, className="fw-semibold"), className="keyboard-table-box")
    frame = answer.frame
    if answer.extra is not None:
        frame = pd.concat([frame, answer.extra.set_axis(frame.index)], axis=1)
    columns = [Column(name, name, answer.formats.get(name, ""), link_key=answer.links.get(name),
                      sort_key=answer.sort_keys.get(name)) for name in answer.frame.columns]
    records = _records(frame, columns, row_key)
    if sort_by:
        records = [records[i] for i in _order(records, _sort_field([c.__dict__ for c in columns], sort_by),
                                              ascending)]
    total = len(records)
    cut = max_rows is not None and total > max_rows
    records = records[:max_rows] if cut else records
    csv_button = html.Span([
        html.Button("Download data (CSV)", id={"type": ids.TABLE_EXPORT, "table": table_id}, n_clicks=0,
                    type="button", className="btn btn-link btn-sm small p-0 ms-2",
                    # The visible words start the accessible name (WCAG 2.5.3); the rest says which table.
                    **{"aria-label": f"Download data (CSV): {answer.heading}"}),
        dcc.Store(id={"type": ids.TABLE_OPTIONS, "table": table_id}, data=options),
        dcc.Download(id={"type": ids.TABLE_DOWNLOAD, "table": table_id}),
        html.Span(id={"type": ids.TABLE_EXPORT_MESSAGE, "table": table_id}, className="small text-danger ms-1",
                  role="alert"),
    ])
    table = _keyboard_table(table_id, records, columns, caption=answer.heading, csv_control=csv_button,
                            sort_by=sort_by, ascending=ascending, row_key=row_key, highlighted=highlighted)
    notes = []
    if cut:
        notes.append(html.P(f"The first {max_rows:,} of {total:,} rows are listed (sorting orders these); "
                            "“Download data (CSV)” has them all.", className="small text-muted mt-1 mb-0"))
    if answer.note and show_note:
        notes.append(html.P(answer.note, className="small text-muted mt-1 mb-0"))
    return html.Div([table, *notes]) if notes else table


def _records(frame: pd.DataFrame, columns: list[Column], row_key: str | None) -> list[dict]:
    keys = list(dict.fromkeys([c.key for c in columns] + [c.link_key for c in columns if c.link_key]
                              + [c.sort_key for c in columns if c.sort_key] + ([row_key] if row_key else [])))
    # Column by column: astype/where/to_dict took ~10 ms a table, this a tenth of that.
    cells = [[None if missing else value for value, missing in zip(frame[key].tolist(), frame[key].isna().tolist())]
             for key in keys]
    return [dict(zip(keys, row)) for row in zip(*cells)]


def _keyboard_table(table_id: str, records: list[dict], columns: list[Column], *, caption: str, csv_control,
                    sort_by: str | None, ascending: bool, row_key: str | None, highlighted) -> html.Div:
    sort = {"column": sort_by, "direction": "ascending" if ascending else "descending"} if sort_by else None
    spec = {"columns": [c.__dict__ for c in columns], "rows": records, "sort": sort,
            "row_key": row_key, "highlighted": list(highlighted)}
    # What the browser needs to sort: the columns and the current order, not the rows.
    browser_spec = {"columns": [{"key": c.key, "name": c.name} for c in columns], "sort": sort}
    return html.Div([
        dcc.Store(id={"type": ids.TABLE_SPEC, "table": table_id}, data=browser_spec),
        html.Div(csv_control, className="table-csv mb-1"),
        # A region that may scroll sideways on a phone must be reachable by keyboard to scroll.
        html.Div(html.Table([
            html.Caption(caption, className="visually-hidden"),
            html.Thead(html.Tr([_heading(table_id, column, sort) for column in columns])),
            html.Tbody(table_rows(spec), id={"type": ids.TABLE_BODY, "table": table_id}),
        ], id=table_id, className="table table-sm table-hover align-middle mb-0 keyboard-table"),
            className="table-responsive", tabIndex="0", role="region", **{"aria-label": caption}),
    ], className="keyboard-table-box")


def _heading(table_id: str, column: Column, sort: dict | None) -> html.Th:
    direction = _direction_of(column.key, sort)
    return html.Th(
        html.Button([column.name, html.Span(SORT_ARROWS[direction], className="sort-arrow", **{"aria-hidden": "true"})],
                    id={"type": ids.TABLE_SORT, "table": table_id, "column": column.key}, n_clicks=0,
                    type="button", className="sort-button" + (" text-end" if column.is_number else "")),
        id={"type": ids.TABLE_HEADING, "table": table_id, "column": column.key}, scope="col",
        className="text-end" if column.is_number else None, **{"aria-sort": direction})


def _direction_of(key: str, sort: dict | None) -> str:
    return sort["direction"] if sort and sort.get("column") == key else "none"


def _order(records: list[dict], key: str, ascending: bool) -> list[int]:
    """Row positions in sort order; missing values last whichever the direction."""
    present = [i for i, row in enumerate(records) if row.get(key) is not None]
    missing = [i for i, row in enumerate(records) if row.get(key) is None]
    present.sort(key=lambda i: _sort_value(records[i][key]), reverse=not ascending)
    return present + missing


def _sort_field(columns: list[dict], key: str) -> str:
    column = next((c for c in columns if c["key"] == key), {})
    return column.get("sort_key") or key


def _sort_value(value):
    return value.lower() if isinstance(value, str) else value


def _cell_text(value, column: dict) -> str:
    if value is None:
        return NOT_AVAILABLE if column["number_format"] else ""
    if column["number_format"]:
        return formatted(value, column["number_format"])
    return str(value)


def table_rows(spec: dict) -> list[html.Tr]:
    """The body rows of a table spec, in its sort order. The first column heads its row."""
    records, sort = spec["rows"], spec.get("sort")
    order = (_order(records, _sort_field(spec["columns"], sort["column"]), sort["direction"] == "ascending")
             if sort else range(len(records)))
    chosen = set(spec.get("highlighted") or [])
    rows = []
    for position in order:
        record = records[position]
        cells = []
        for index, column in enumerate(spec["columns"]):
            text = _cell_text(record.get(column["key"]), column)
            content = dcc.Link(text, href=record[column["link_key"]]) if column.get("link_key") else text
            cell_type = html.Th if index == 0 else html.Td
            sort_value = _sort_value(record.get(column.get("sort_key") or column["key"]))
            # A property left unset is not sent; set to None it is, in every cell of every row,
            # so a cell carries only what it needs: a long table's answer was mostly repeats.
            props = {}
            classes = " ".join(name for name, wanted in (("text-end", column["number_format"]),
                                                         ("verdict", column["name"] == VERDICT_HEADING)) if wanted)
            if classes:
                props["className"] = classes
            if index == 0:
                props["scope"] = "row"
            if not (isinstance(content, str) and isinstance(sort_value, str) and sort_value == content.lower()):
                props["data-sort"] = sort_value  # the browser sorts a cell without one by its text
            cells.append(cell_type(content, **props))
        is_chosen = bool(spec.get("row_key")) and record.get(spec["row_key"]) in chosen
        rows.append(html.Tr(cells, **({"className": "table-warning fw-bold"} if is_chosen else {})))
    return rows


def next_sort(sort: dict | None, clicked: str) -> dict:
    """A click on the sorted column reverses it; a click on another sorts by it, ascending."""
    if sort and sort.get("column") == clicked:
        flipped = "descending" if sort["direction"] == "ascending" else "ascending"
        return {"column": clicked, "direction": flipped}
    return {"column": clicked, "direction": "ascending"}


clientside_callback(
    ClientsideFunction(namespace="keyboardTables", function_name="sortTable"),
    Output({"type": ids.TABLE_BODY, "table": MATCH}, "children"),
    Output({"type": ids.TABLE_SPEC, "table": MATCH}, "data"),
    Output({"type": ids.TABLE_HEADING, "table": MATCH, "column": ALL}, "aria-sort"),
    Output({"type": ids.TABLE_SORT, "table": MATCH, "column": ALL}, "children"),
    Input({"type": ids.TABLE_SORT, "table": MATCH, "column": ALL}, "n_clicks"),
    State({"type": ids.TABLE_BODY, "table": MATCH}, "children"),
    State({"type": ids.TABLE_SPEC, "table": MATCH}, "data"),
    prevent_initial_call=True,
)
