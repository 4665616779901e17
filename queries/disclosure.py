"""Disclosure control for small areas: a count below a threshold is shown as "fewer than
N", never as its number, in charts, hover text, tables and CSV files.

A handful of offences in a few streets can point to the people involved; the threshold
is the partnership's to set (HATE_CRIME_DISCLOSURE_THRESHOLD), 5 unless they say otherwise,
the usual minimum in police and ONS small-area releases.
"""

import os

import pandas as pd

DISCLOSURE_THRESHOLD_VARIABLE = "HATE_CRIME_DISCLOSURE_THRESHOLD"
DEFAULT_DISCLOSURE_THRESHOLD = 5


class SettingError(ValueError):
    """A setting with a value that cannot be used: a sentence saying what to write."""


def disclosure_threshold(environ=None) -> int:
    """The threshold from the environment, else the default; read on every call, so a
    change takes effect on restart and no module keeps it."""
    text = (os.environ if environ is None else environ).get(DISCLOSURE_THRESHOLD_VARIABLE, "").strip()
    if not text:
        return DEFAULT_DISCLOSURE_THRESHOLD
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise SettingError(f"{DISCLOSURE_THRESHOLD_VARIABLE} must be a whole number of 1 or more "
                           f"(it is {text!r}); leave it unset for {DEFAULT_DISCLOSURE_THRESHOLD}.")
    return value


def fewer_than(threshold: int) -> str:
    return f"fewer than {threshold}"


def suppress_small_counts(frame: pd.DataFrame, *, threshold: int, column: str = "offences") -> pd.DataFrame:
    """A copy in which `column` is missing wherever it was below `threshold`, with
    `<column>_shown`: the number as text, or "fewer than N". `suppressed` says which rows.
    The numbers below the threshold are gone from the copy, not just hidden."""
    out = frame.copy()
    counts = out[column].fillna(0).astype("int64")
    suppressed = counts < threshold
    out["suppressed"] = suppressed.to_numpy()
    out[column] = counts.astype("Int64").mask(suppressed)
    out[f"{column}_shown"] = [fewer_than(threshold) if hidden else f"{n:,}" for n, hidden in zip(counts, suppressed)]
    return out
