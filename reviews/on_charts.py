"""Reviews where a meeting looks at the figures: a reviewed month on its series' trend
(a star and its status) and in What stands out's list and table (and its CSV).

Added to the figure and table after their shared answer is drawn, for the viewer of this
request only: answers are shared between every user (answers_cache/), and a signed-out
user must never be handed one that carries a review."""

from __future__ import annotations

import copy
import html
from dataclasses import dataclass, replace

import pandas as pd

from figures.trend import review_marker_trace
from queries.periods import Period
from reviews import database
from reviews.access import ReviewAccess, review_access
from signals.found import current_figures
from signals.identity import ABOVE_RANGE, basis_of, parse_signal_id, rolling_change_signal, signal_area
from security.bad_request import BadRequest

NOT_REVIEWED = "not reviewed"
REVIEW_STATUS_COLUMN = "Review status"
MAX_NOTE_IN_HOVER = 200  # a hover box, not the minutes: the review page has the whole note


@dataclass(frozen=True)
class ReviewedMonth:
    month: object
    offences: int
    label: str
    words: str


def status_words(review: dict | None) -> str:
    """"explained (known event)", or "not reviewed"."""
    if review is None:
        return NOT_REVIEWED
    return review["status"] + (f" ({review['explanation']})" if review.get("explanation") else "")


def review_sentence(review: dict) -> str:
    """"Explained (known event); owner Camden police; review by 2024-09-01. Vigil after the attack." """
    parts = [status_words(review).capitalize()]
    if review.get("owner"):
        parts.append(f"owner {review['owner']}")
    if review.get("review_date"):
        parts.append(f"review by {review['review_date']}")
    sentence = "; ".join(parts) + "."
    return f"{sentence} {review['note']}" if review.get("note") else sentence


def reviews_by_signal(access: ReviewAccess, signal_ids) -> dict[str, dict]:
    """The latest review of each signal, for a viewer who may read them; {} otherwise (and
    when the reviews file cannot be read: the figures are still shown)."""
    if not access.may_read:
        return {}
    try:
        return database.latest_reviews(access.reviews_file, signal_ids)
    except database.ReviewsUnavailable:
        return {}


def reviewed_months(access: ReviewAccess, cursor, dataset, *, area: str, strand: str, period: Period
                    ) -> list[ReviewedMonth]:
    """The reviewed months of one series (`area` as the store keeps it) in `period`."""
    if not access.may_read:
        return []
    reviews = reviews_by_signal(access, None)
    basis, wanted = basis_of(dataset), []
    start, end = pd.Timestamp(period.start).date(), pd.Timestamp(period.end).date()
    for signal_id in reviews:
        try:
            signal = parse_signal_id(signal_id)
        except BadRequest:
            continue
        if (signal.basis, signal.area, signal.strand, signal.method) == (basis, signal_area(area), strand,
                                                                        ABOVE_RANGE) \
                and start <= signal.month <= end:
            wanted.append(signal)
    figures = current_figures(cursor, dataset, wanted)
    months = []
    for signal in sorted(wanted):
        figure = figures.get(signal.signal_id)
        if figure is None or figure.offences is None:
            continue
        review = reviews[signal.signal_id]
        note = review_sentence(review)
        note = note if len(note) <= MAX_NOTE_IN_HOVER else note[:MAX_NOTE_IN_HOVER - 1] + "…"
        months.append(ReviewedMonth(signal.month, figure.offences, status_words(review),
                                    f"{pd.Timestamp(signal.month):%b %Y}: {note}"))
    return months


def with_review_markers(figure: dict, months: list[ReviewedMonth]) -> dict:
    """A copy of a drawn figure with the reviewed months starred (unchanged without any)."""
    if not months:
        return figure
    marked = copy.copy(figure)
    marked["data"] = [*figure.get("data", []), review_marker_trace(
        [month.month for month in months], [month.offences for month in months],
        [html.escape(month.label) for month in months], [html.escape(month.words) for month in months])]
    return marked



def with_review_status(table, context):
    """What Stands out's changes table (figures.answer.TableAnswer, one row per area and
    strand of its `extra`) with each row's review status, for a viewer who may read
    reviews (this request's); unchanged otherwise. Added after the shared answer, so no
    other user is sent it; the page's table and its CSV both come from here."""
    access = review_access()
    if not access.may_read:
        return table
    basis, period = basis_of(context.dataset), table.period
    signal_ids = [rolling_change_signal(basis, row.area, row.strand, period.start, period.end).signal_id
                  for row in table.extra.itertuples()]
    reviews = reviews_by_signal(access, signal_ids)
    return replace(table, frame=table.frame.assign(**{
        REVIEW_STATUS_COLUMN: [status_words(reviews.get(signal_id)) for signal_id in signal_ids]}))
