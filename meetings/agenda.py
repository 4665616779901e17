"""Since the last meeting, as one plain answer the page and the agenda's files render
from: the signals first seen since the meeting's date, those still open by age and
owner, those closed since with their explanation, and how many were reviewed within
REVIEWED_WITHIN_DAYS of being first seen.

Signals here are the months above their expected range in the dataset's last
WINDOW_MONTHS months (a meeting's horizon, signals/found.py), for the boroughs chosen in
the filters (none: London and all 32), with any earlier signal of theirs a meeting has
reviewed. Each is first seen when the reviews file noted it (at a review's save), else
when the data first showed it; making the agenda writes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from queries.boroughs import borough_reference
from reviews import database
from reviews.on_charts import status_words
from reviews.statuses import CLOSED, NEW, OPEN_STATUSES
from signals.found import current_figures, flagged_signals, no_longer_sentence, signal_window
from signals.found import first_seen as signals_first_seen
from signals.identity import basis_of, parse_signal_id, store_area
from signals.words import signal_title

REVIEWED_WITHIN_DAYS = 7  # ECDC's and UKHSA's habit: a signal is looked at within the week


@dataclass(frozen=True)
class Agenda:
    title: str
    since: dt.date
    area_label: str
    source: str
    synthetic: bool
    new: pd.DataFrame      # Signal, First seen, Offences, Status, Owner (+ signal_id)
    open: pd.DataFrame     # Signal, Age (days), Status, Owner, Review date (+ signal_id)
    closed: pd.DataFrame   # Signal, Closed on, Explanation, Note (+ signal_id)
    reviewed_in_time: int
    first_seen_since: int

    @property
    def reviewed_sentence(self) -> str:
        if self.first_seen_since == 0:
            return f"No signal was first seen since {self.since:%-d %B %Y}."
        share = self.reviewed_in_time / self.first_seen_since
        return (f"{self.reviewed_in_time} of the {self.first_seen_since} signals first seen since "
                f"{self.since:%-d %B %Y} ({share:.0%}) were reviewed within {REVIEWED_WITHIN_DAYS} days.")


def _day(text: str | None) -> dt.date | None:
    return None if not text else dt.datetime.fromisoformat(text).date()


def meeting_agenda(cursor, context, access, since: dt.date, *, today: dt.date | None = None) -> Agenda:
    today = today or dt.date.today()
    dataset = context.dataset
    # Read only: looking at the agenda (the page, its files, the feed, the digest) writes
    # nothing; a signal is first seen when the data first showed it (signals/found.py).
    flagged = flagged_signals(cursor, dataset, period=signal_window(dataset))
    areas = context.chosen_codes
    in_scope = flagged if areas is None else flagged[flagged.area.isin(areas)]
    offences = dict(zip(in_scope.signal_id, in_scope.offences))
    reviews = database.latest_reviews(access.reviews_file)
    basis = basis_of(dataset)
    signals = {signal_id: parse_signal_id(signal_id) for signal_id in offences}
    for signal_id in reviews:
        signal = parse_signal_id(signal_id)
        if signal.basis == basis and (areas is None or store_area(signal.area) in areas) and signal.month:
            signals.setdefault(signal_id, signal)
    figures = current_figures(cursor, dataset, [signal for signal_id, signal in signals.items()
                                                if signal_id not in offences])
    first_seen = signals_first_seen(cursor, dataset, access.reviews_file, list(signals.values()))
    boroughs = borough_reference(cursor)
    names = dict(zip(boroughs.gss_code, boroughs["name"]))
    new_rows, open_rows, closed_rows = [], [], []
    reviewed_in_time = 0
    for signal_id, signal in sorted(signals.items(), key=lambda item: item[1]):
        review = reviews.get(signal_id)
        seen = _day(first_seen[signal_id])
        words = signal_title(signal, names)
        revised = no_longer_sentence(figures.get(signal_id))
        if revised:
            words = f"{words}. {revised}"
        status = review["status"] if review else NEW
        count = offences.get(signal_id, getattr(figures.get(signal_id), "offences", None))
        if seen >= since:
            new_rows.append({"Signal": words, "First seen": seen, "Offences": count, "Status": status_words(review),
                             "Owner": (review or {}).get("owner") or "", "signal_id": signal_id})
            first_review = _day((review or {}).get("first_reviewed_at"))
            reviewed_in_time += first_review is not None and (first_review - seen).days <= REVIEWED_WITHIN_DAYS
        if status in OPEN_STATUSES:
            open_rows.append({"Signal": words, "Age (days)": (today - seen).days, "Status": status_words(review),
                              "Owner": (review or {}).get("owner") or "not yet given",
                              "Review date": (review or {}).get("review_date") or "", "signal_id": signal_id})
        elif status == CLOSED and _day(review["changed_at"]) >= since:
            closed_rows.append({"Signal": words, "Closed on": _day(review["changed_at"]),
                                "Explanation": review.get("explanation") or "", "Note": review.get("note") or "",
                                "signal_id": signal_id})
    open_frame = pd.DataFrame(open_rows, columns=["Signal", "Age (days)", "Status", "Owner", "Review date",
                                                  "signal_id"])
    open_frame = open_frame.sort_values(["Age (days)", "Owner"], ascending=[False, True], kind="stable")
    return Agenda(
        title=f"Since the meeting of {since:%-d %B %Y}: {context.area_label}",
        since=since, area_label=context.area_label, source=context.source, synthetic=bool(dataset.is_synthetic),
        new=pd.DataFrame(new_rows, columns=["Signal", "First seen", "Offences", "Status", "Owner", "signal_id"]),
        open=open_frame.reset_index(drop=True),
        closed=pd.DataFrame(closed_rows, columns=["Signal", "Closed on", "Explanation", "Note", "signal_id"]),
        reviewed_in_time=int(reviewed_in_time), first_seen_since=len(new_rows))


def meeting_record(access, start: dt.datetime, end: dt.datetime) -> pd.DataFrame:
    """What changed and who changed it between two times: the meeting's record."""
    rows = database.changes_between(access.reviews_file, database.now_text(start), database.now_text(end))
    frame = pd.DataFrame(rows, columns=["changed_at", "changed_by", "signal_id", "status", "explanation", "owner",
                                        "review_date", "note"])
    return frame.rename(columns={"changed_at": "When (UTC)", "changed_by": "Who", "signal_id": "Signal",
                                 "status": "Status", "explanation": "Explanation", "owner": "Owner",
                                 "review_date": "Review date", "note": "Note"})
