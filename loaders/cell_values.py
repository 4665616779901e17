"""Reading one cell: counts, months, dates and yes/no flags, each with the sentence a
user sees when the cell cannot be read. Each parser returns (value, None) or
(None, message).

Files repeat the same few thousand dates and counts across millions of rows, so the
parsers remember their answers.
"""

import datetime as dt
import re
from functools import lru_cache

WHOLE_NUMBER = re.compile(r"^\d+$")
THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+$")  # "1,234": spreadsheets format counts like this
INTEGRAL_DECIMAL = re.compile(r"^(\d+)\.0+$")   # "12.0": written by tools that made counts floats

TRUE_WORDS = {"1", "true", "t", "y", "yes"}
FALSE_WORDS = {"0", "false", "f", "n", "no"}

MONTH_HEADER = re.compile(r"^(\d{4})(\d{2})$")

# Day-first, as UK sources write dates; ISO first because it is unambiguous.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%y", "%d-%m-%Y")
TIME_SUFFIX = re.compile(r"^(\S+)[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
REMEMBERED_VALUES = 100_000


@lru_cache(maxsize=REMEMBERED_VALUES)
def parse_count(text: str) -> tuple[int | None, str | None]:
    value = text.strip()
    if WHOLE_NUMBER.match(value):
        return int(value), None
    if THOUSANDS.match(value):
        return int(value.replace(",", "")), None
    if match := INTEGRAL_DECIMAL.match(value):
        return int(match.group(1)), None
    if value == "":
        return None, "the count is empty; write 0 where there were no offences."
    if value.startswith("-") and WHOLE_NUMBER.match(value[1:].replace(",", "")):
        return None, "a count cannot be negative."
    return None, "the count is not a whole number."


@lru_cache(maxsize=REMEMBERED_VALUES)
def parse_flag(text: str) -> tuple[bool | None, str | None]:
    value = text.strip().casefold()
    if value in TRUE_WORDS:
        return True, None
    if value in FALSE_WORDS:
        return False, None
    if value == "":
        return None, "the flag is empty; write N (or 0, no, false) where the strand does not apply."
    return None, "a strand flag must be 1/0, true/false, Y/N or yes/no."


@lru_cache(maxsize=REMEMBERED_VALUES)
def parse_month_header(text: str) -> tuple[dt.date | None, str | None]:
    """A wide file's month column, YYYYMM."""
    match = MONTH_HEADER.match(text.strip())
    if match and 1 <= int(match.group(2)) <= 12:
        return dt.date(int(match.group(1)), int(match.group(2)), 1), None
    return None, "this column should be a month written YYYYMM (like 202105), and it is not a month."


@lru_cache(maxsize=REMEMBERED_VALUES)
def parse_date(text: str) -> tuple[dt.date | None, str | None]:
    """A date as sources write it: ISO, or day first (01/06/2021, 01.06.21), with or
    without a time of day."""
    value = text.strip()
    if match := TIME_SUFFIX.match(value):
        value = match.group(1)
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).date(), None
        except ValueError:
            continue
    if value == "":
        return None, "the date is empty."
    return None, "this is not a date (expected e.g. 2021-06-01 or 01/06/2021)."


@lru_cache(maxsize=REMEMBERED_VALUES)
def parse_month(text: str) -> tuple[dt.date | None, str | None]:
    """The first of the month a date falls in; also accepts YYYY-MM and YYYYMM."""
    value = text.strip()
    # Spreadsheets also write months as 'Apr-24' or 'April 2024'.
    for pattern in ("%Y-%m", "%Y%m", "%b-%y", "%b-%Y", "%b %Y", "%B %Y", "%B-%y"):
        try:
            return dt.datetime.strptime(value, pattern).date(), None
        except ValueError:
            continue
    day, message = parse_date(value)
    if day is None:
        return None, ("this is not a month (expected a date like 01.06.21)." if value
                      else "the month is empty.")
    return day.replace(day=1), None
