"""The review form's fields, each checked: anything the form does not send is a
BadRequest with a sentence (400), and nothing is saved."""

from __future__ import annotations

import datetime as dt
import re

from reviews.database import ReviewChange
from reviews.statuses import EXPLANATIONS, STATUSES
from security.bad_request import BadRequest

FIELDS = {"form_token", "signal", "status", "explanation", "owner", "review_date", "note"}
MAX_OWNER_CHARACTERS = 80     # a name, a team or a role, not a paragraph
MAX_NOTE_CHARACTERS = 2000    # what a meeting minutes for one item
FIRST_REVIEW_YEAR, LAST_REVIEW_YEAR = 2000, 2100
# Control characters have no place in a name or a minute (newlines and tabs do in a note).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f]")


def review_change(form) -> ReviewChange:
    """`form`: the posted fields (a MultiDict or a dict of strings)."""
    names = set(form.keys())
    if names - FIELDS:
        raise BadRequest("The review form sent a field it does not have; reload the page and try again.")
    values = {}
    for name in FIELDS:
        sent = form.getlist(name) if hasattr(form, "getlist") else [form.get(name)] if name in form else []
        if len(sent) > 1:
            raise BadRequest(f"The review form sent '{name}' more than once.")
        values[name] = sent[0] if sent else ""
        if not isinstance(values[name], str):
            raise BadRequest(f"The review form's '{name}' is not text.")
    status = values["status"]
    if status not in STATUSES:
        raise BadRequest(f"A review's status is one of: {', '.join(STATUSES)}.")
    explanation = values["explanation"] or None
    if explanation is not None and explanation not in EXPLANATIONS:
        raise BadRequest(f"An explanation is one of: {', '.join(EXPLANATIONS)}.")
    owner = values["owner"].strip()
    if len(owner) > MAX_OWNER_CHARACTERS or CONTROL_IN_LINE.search(owner):
        raise BadRequest(f"An owner is a name of at most {MAX_OWNER_CHARACTERS} characters on one line.")
    note = values["note"].replace("\r\n", "\n").strip()
    if len(note) > MAX_NOTE_CHARACTERS or CONTROL.search(note):
        raise BadRequest(f"A note is plain text of at most {MAX_NOTE_CHARACTERS} characters.")
    return ReviewChange(status=status, explanation=explanation, owner=owner or None,
                        review_date=_review_date(values["review_date"].strip()), note=note or None)


def _review_date(text: str) -> dt.date | None:
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        day = None
    if day is None or not FIRST_REVIEW_YEAR <= day.year <= LAST_REVIEW_YEAR:
        raise BadRequest(f"A review date is a day written YYYY-MM-DD, from {FIRST_REVIEW_YEAR} to {LAST_REVIEW_YEAR}.")
    return day
