"""/export/agenda.pdf and .pptx (the agenda for a meeting's date, dataset and boroughs)
and /export/meeting-record.csv (what changed and who changed it between two times).
Signed out: 403. Every parameter is checked: a crafted one gets 400 and a sentence."""

from __future__ import annotations

import datetime as dt
import logging
import re

import flask

from charts.context import store_cursor
from components.url_state import parse_query_string, validate_filters
from exports.briefing_pack import pack_context
from charts.context import load_choices
from meetings.address import parse_since
from meetings.agenda import meeting_agenda, meeting_record
from exports.export_slots import ExportsBusy, at_low_priority, export_slots
from meetings.agenda_charts import agenda_charts
from meetings.agenda_files import agenda_pdf, agenda_pptx, render_agenda_images
from reviews.access import review_access
from security.bad_request import BadRequest
from signin.audit import record
from signin.client_address import client_address
from signin.session import app_settings

log = logging.getLogger(__name__)

AGENDA_PATH = "/export/agenda.{extension}"
RECORD_PATH = "/export/meeting-record.csv"
AGENDA_TYPES = {"pdf": "application/pdf",
                "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
AGENDA_PARAMETERS = ("dataset", "borough", "since")
MAX_QUERY_CHARACTERS = 2000
TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")


def register(server: flask.Flask) -> None:
    for extension in AGENDA_TYPES:
        server.add_url_rule(AGENDA_PATH.format(extension=extension), endpoint=f"agenda_{extension}",
                            view_func=_agenda_view(extension), methods=["GET"])
    server.add_url_rule(RECORD_PATH, endpoint="meeting_record", view_func=_record_view, methods=["GET"])


def _sentence(text: str, status: int) -> flask.Response:
    return flask.Response(text + "\n", status=status, mimetype="text/plain")


def _query() -> dict:
    query = flask.request.query_string.decode("utf-8", errors="replace")
    if len(query) > MAX_QUERY_CHARACTERS:
        raise BadRequest("That address is too long to be an agenda's.")
    return parse_query_string(query)


def _agenda_view(extension: str):
    def view():
        access = review_access()
        if not access.may_read:
            return _sentence("The agenda holds what meetings decided: sign in to download it.", 403)
        try:
            raw = _query()
            unknown = sorted(set(raw) - set(AGENDA_PARAMETERS))
            if unknown:
                raise BadRequest(f"An agenda's address takes {', '.join(AGENDA_PARAMETERS)}; "
                                 f"'{unknown[0][:40]}' is not one of them.")
            since = parse_since(raw.get("since"))
            cursor = store_cursor()
            parsed = validate_filters({"dataset": raw.get("dataset"), "borough": raw.get("borough")},
                                      load_choices(cursor))
            if parsed.problems:
                raise BadRequest("The agenda was not made: " + " ".join(parsed.problems))
            context = pack_context(cursor, parsed.state)
        except BadRequest as problem:
            return _sentence(str(problem), 400)
        agenda = meeting_agenda(cursor, context, access, since)
        filename = f"agenda-since-{since.isoformat()}.{extension}"
        record(app_settings().audit_log_path, "export", user=access.username, remote=client_address(),
               file=filename, dataset_id=int(context.state.dataset_id), dataset=context.dataset.name)
        try:
            # Its charts start a Chromium, as the briefing pack's do: one of the machine's export slots.
            with export_slots().slot():
                body, images = at_low_priority(lambda: _agenda_file(cursor, context, access, agenda, extension))
        except ExportsBusy as busy:
            response = _sentence(str(busy), 503)
            response.headers["Retry-After"] = str(busy.retry_after)
            return response
        if images.problem:
            log.warning("Agenda %s made without chart images: %s", filename, images.problem)
        response = flask.Response(body, mimetype=AGENDA_TYPES[extension])
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.headers["Cache-Control"] = "no-store"
        if images.problem:
            response.headers["X-Chart-Images"] = "missing"
        return response

    return view


def _agenda_file(cursor, context, access, agenda, extension: str):
    """(the file's bytes, the chart images it holds)."""
    charts = agenda_charts(cursor, context, access, agenda)
    images = render_agenda_images(charts)
    body = agenda_pdf(agenda, charts, images) if extension == "pdf" else agenda_pptx(agenda, charts, images)
    return body, images


def _record_view():
    access = review_access()
    if not access.may_read:
        return _sentence("The meeting's record is shown only to people who have signed in.", 403)
    try:
        raw = _query()
        if set(raw) - {"start", "end"}:
            raise BadRequest("A meeting's record takes start and end, written YYYY-MM-DDTHH:MM (UTC).")
        start, end = (_time(raw.get(key), key) for key in ("start", "end"))
        if end < start:
            raise BadRequest("The record's end is before its start.")
    except BadRequest as problem:
        return _sentence(str(problem), 400)
    frame = meeting_record(access, start, end)
    response = flask.Response(frame.to_csv(index=False), mimetype="text/csv")
    response.headers["Content-Disposition"] = \
        f'attachment; filename="meeting-record-{start:%Y-%m-%dT%H%M}-to-{end:%Y-%m-%dT%H%M}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _time(raw, key: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(raw) if isinstance(raw, str) and TIME.match(raw) else None
    except ValueError:
        when = None
    if when is None:
        raise BadRequest(f"The record's {key} is a time written YYYY-MM-DDTHH:MM (UTC).")
    return when.replace(tzinfo=dt.timezone.utc)
