"""Synthetic partner reports for the demo store, written in the partner reports format and
read through the same loader as a partner's file (loaders/partner_reports.py), so the
"Beyond police data" section shows on a fresh clone.

The figures are NOT real and the organisations are made up: each source's name says
"Synthetic", and the store marks the file as synthetic. They have the shapes partners
publish: a community monitor counting antisemitic incidents by half-year for London and
five boroughs and by month for the UK, including police reports; an anti-Muslim
reporting service by year, online and offline, followed by a new organisation's quarterly
series (a series break); an LGBT+ helpline's contacts by quarter; and one borough's
council incident log by quarter, crime and non-crime incidents together.
"""

import csv
import datetime as dt
import hashlib
import io

import numpy as np

from loaders.read_text import SourceFile
from loaders.partner_reports import COLUMNS

PARTNER_FILE_NAME = "Synthetic partner reports"
FIRST_YEAR = 2016
# The monitor's boroughs: those with the largest Jewish communities (a partner covers
# some boroughs, not all; the rest are shown as not covered).
MONITOR_BOROUGHS = {"Barnet": 0.32, "Hackney": 0.14, "Haringey": 0.08, "Camden": 0.07, "Westminster": 0.022}
NEW_MONITOR_START = dt.date(2025, 10, 1)  # the new organisation's series starts here
OLD_SERVICE_LAST_YEAR = 2024
PARTNER_STREAM = 20  # the partner figures' own random stream, apart from the incidents'
SYNTHETIC_NOTE = "Synthetic: not real figures, made to show the dashboard. "


def _month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _periods(months: int, *, first: dt.date, last_month: dt.date):
    """Whole periods of `months` months from `first`, ending on or before `last_month`."""
    start = first
    while True:
        index = start.year * 12 + start.month - 1 + months - 1
        end = _month_end(dt.date(index // 12, index % 12 + 1, 1))
        if end > _month_end(last_month):
            return
        yield start, end
        index += 1
        start = dt.date(index // 12, index % 12 + 1, 1)


def _level(start: dt.date, per_year: float, months: int, growth: float = 0.04) -> float:
    return per_year * months / 12 * (1 + growth) ** (start.year - FIRST_YEAR + start.month / 12)


def partner_rows(end_month: dt.date, seed: int) -> list[list[str]]:
    rng = np.random.default_rng([seed, PARTNER_STREAM])
    published = dt.date(end_month.year, end_month.month, 1).isoformat()
    rows = []

    def add(source, series, measure, start, end, area, strand, count, *, category="", setting="unknown",
            includes="unknown", note="", url=""):
        rows.append([source, series, measure, start.isoformat(), end.isoformat(), area, strand, category, setting,
                     "" if count is None else str(count), includes, SYNTHETIC_NOTE + note, url, published])

    monitor = ("Synthetic Jewish community monitor", "Antisemitic incidents (monitor's definition)",
               "incidents_verified")
    note = ("Exchanges anonymised records with the police and removes duplicates, so its counts include many "
            "police reports. Covers the UK, Greater London and five boroughs; other boroughs are not covered. "
            "Borough counts under 10 are suppressed.")
    url = "https://example.org/synthetic-monitor/definitions"
    for start, end in _periods(6, first=dt.date(FIRST_YEAR, 1, 1), last_month=end_month):
        # A spike in the half-year after October 2023, as partners reported.
        spike = 2.4 if start == dt.date(2023, 7, 1) else 1.6 if start == dt.date(2024, 1, 1) else 1.0
        london = int(rng.poisson(_level(start, 900, 6) * spike))
        add(*monitor, start, end, "London", "antisemitic", london, includes="yes", note=note, url=url)
        for borough, share in MONITOR_BOROUGHS.items():
            count = int(rng.binomial(london, share))
            # The monitor suppresses counts under 10 for a borough.
            add(*monitor, start, end, borough, "antisemitic", count if count >= 10 else None, includes="yes",
                note=note, url=url)
    for start, end in _periods(1, first=dt.date(FIRST_YEAR, 1, 1), last_month=end_month):
        spike = 3.0 if start in (dt.date(2023, 10, 1), dt.date(2023, 11, 1)) else 1.0
        add(*monitor, start, end, "UK", "antisemitic", int(rng.poisson(_level(start, 1800, 1) * spike)),
            includes="yes", note=note, url=url)

    service = ("Synthetic anti-Muslim reporting service", "Anti-Muslim reports 2016-2024", "reports_received")
    service_note = "Has data-sharing agreements with some police forces. London only."
    for start, end in _periods(12, first=dt.date(FIRST_YEAR, 1, 1), last_month=min(
            end_month, dt.date(OLD_SERVICE_LAST_YEAR, 12, 1))):
        for setting, per_year in (("online", 260), ("offline", 180)):
            add(*service, start, end, "London", "anti-Muslim", int(rng.poisson(_level(start, per_year, 12))),
                setting=setting, includes="partly", note=service_note,
                url="https://example.org/synthetic-service/method")
    new_monitor = ("Synthetic anti-Muslim monitor (new organisation)", "Anti-Muslim reports from October 2025",
                   "reports_received")
    for start, end in _periods(3, first=NEW_MONITOR_START, last_month=end_month):
        add(*new_monitor, start, end, "London", "islamophobic", int(rng.poisson(_level(start, 520, 3))),
            includes="unknown", note="A new series, not a continuation of the earlier service's. London only.",
            url="https://example.org/synthetic-new-monitor/method")

    helpline = ("Synthetic LGBT+ helpline", "Helpline contacts about hate", "helpline_contacts")
    for start, end in _periods(3, first=dt.date(2018, 1, 1), last_month=end_month):
        add(*helpline, start, end, "London", "LGBT+", int(rng.poisson(_level(start, 640, 3))), includes="no",
            note="Contacts, not incidents: one person may call several times. London only.")

    council = ("Synthetic council hate incident log (Camden)", "Hate incidents reported to the council",
               "reports_received")
    for start, end in _periods(3, first=dt.date(2019, 4, 1), last_month=end_month):
        for strand, per_year in (("race", 120), ("religion", 30), ("LGBT+", 36), ("disability", 14)):
            add(*council, start, end, "Camden", strand, int(rng.poisson(_level(start, per_year, 3))),
                category="Crime and non-crime incidents", includes="partly",
                note="Camden only: includes non-crime incidents and reports also made to the police.")
    return rows


def synthetic_partner_file(end_month: dt.date, seed: int) -> SourceFile:
    """The synthetic partner reports as a CSV file in the partner reports format."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(partner_rows(end_month, seed))
    data = buffer.getvalue().encode("utf-8")
    return SourceFile("loaders/synthetic_partners.py", "synthetic partner reports", data,
                      hashlib.sha256(data).hexdigest())
