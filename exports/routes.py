"""The briefing pack's addresses:

    /export/briefing-pack.pdf?dataset=1&from=2025-01&to=2025-12&strand=all&area=camden
    /export/briefing-pack.zip?...&area=london
    /export/briefing-pack.pptx?...            (the same pack as PowerPoint slides)

The query is validated like the address bar (components/url_state.validate_filters),
but strictly: a request the app did not make gets 400 and a sentence, never a guess
and never a trace. Each request is built in its own server thread (the server is
threaded), so a pack being built does not hold up anybody else's page.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import flask

from charts.context import load_choices, store_cursor
from components.url_state import parse_query_string, validate_filters
from exports.briefing_pack import LONDON, build_briefing_pack, pack_context, render_pack_images
from exports.export_slots import ExportsBusy, at_low_priority, export_slots
from exports.pack_documents import pack_pdf, pack_zip
from exports.pack_slides import pack_pptx
from queries.store import StoreError
from security.bad_request import BadRequest
from signin.audit import record_export

log = logging.getLogger(__name__)

PACK_PATH = "/export/briefing-pack.{extension}"
PACK_TYPES = {"pdf": "application/pdf", "zip": "application/zip",
              "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
PACK_PARAMETERS = ("dataset", "from", "to", "strand", "area")
MAX_QUERY_CHARACTERS = 300  # the longest real pack query is under 100 characters


def register(server: flask.Flask) -> None:
    """Add the pack routes to the app's Flask server (called by app.create_app)."""
    for extension in PACK_TYPES:
        server.add_url_rule(PACK_PATH.format(extension=extension), endpoint=f"briefing_pack_{extension}",
                            view_func=_pack_view(extension), methods=["GET"])


def pack_href(extension: str, query: dict) -> str:
    """The address of a pack; `query` holds PACK_PARAMETERS."""
    return PACK_PATH.format(extension=extension) + "?" + urlencode(
        {key: query[key] for key in PACK_PARAMETERS if query.get(key) not in (None, "")})


def pack_request(cursor, raw: dict):
    """(validated filter state, area) from a pack query, or BadRequest."""
    unknown = sorted(set(raw) - set(PACK_PARAMETERS))
    if unknown:
        raise BadRequest(f"A briefing pack address takes {', '.join(PACK_PARAMETERS)}; "
                             f"'{unknown[0][:40]}' is not one of them.")
    choices = load_choices(cursor)
    if choices.default_dataset_id is None:
        raise BadRequest("The store holds no data yet, so there is no briefing pack to make.")
    area = str(raw.get("area") or "").strip().lower()
    if not area:
        raise BadRequest("Say which area the pack is for: area=london, or a borough such as area=camden.")
    if area != LONDON and area not in choices.borough_slugs:
        raise BadRequest(f"There is no London borough with Met data called '{area[:40]}'. "
                             "Use area=london or a borough such as area=camden.")
    parsed = validate_filters({key: raw.get(key) for key in ("dataset", "from", "to", "strand")}, choices)
    if parsed.problems:
        raise BadRequest("The briefing pack was not made: " + " ".join(parsed.problems))
    return parsed.state, area


def _pack_view(extension: str):
    def view():
        query = flask.request.query_string.decode("utf-8", errors="replace")
        if len(query) > MAX_QUERY_CHARACTERS:
            return _sentence("That address is too long to be a briefing pack request.", 400)
        try:
            cursor = store_cursor()
            state, area = pack_request(cursor, parse_query_string(query))
        except BadRequest as problem:
            return _sentence(str(problem), 400)
        except StoreError as problem:
            return _sentence(str(problem), 503)
        try:
            with export_slots().slot():
                return at_low_priority(lambda: _pack_response(cursor, state, area, extension))
        except ExportsBusy as busy:
            response = _sentence(str(busy), 503)
            response.headers["Retry-After"] = str(busy.retry_after)
            return response

    return view


def _pack_response(cursor, state, area: str, extension: str) -> flask.Response:
    context = pack_context(cursor, state)
    pack = build_briefing_pack(cursor, context, area)
    record_export(pack.filename("briefing-pack", extension), context)
    images = render_pack_images(pack, with_svg=extension == "zip")  # the PDF and the slides need PNGs only
    if images.problem:
        log.warning("Briefing pack %s made without chart images: %s", pack.filename("briefing-pack", extension),
                    images.problem)
    if extension == "pptx":
        body = pack_pptx(pack, images)
    else:
        body = pack_pdf(pack, images)
        if extension == "zip":
            body = pack_zip(pack, images, body)
    response = flask.Response(body, mimetype=PACK_TYPES[extension])
    response.headers["Content-Disposition"] = \
        f'attachment; filename="{pack.filename("briefing-pack", extension)}"'
    response.headers["Cache-Control"] = "no-store"
    if images.problem:
        response.headers["X-Chart-Images"] = "missing"
    return response


def _sentence(text: str, status: int) -> flask.Response:
    return flask.Response(text + "\n", status=status, mimetype="text/plain")
