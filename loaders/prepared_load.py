"""A file that has been read and checked, ready to be written in one transaction.

Parsers return a `PreparedLoad`; nothing in it has touched the store yet. It carries
what the `datasets` table records about the load (source, checksum, rows read, loaded
and left out, and why) and the rows to write.
"""

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

KINDS = ("published", "incidents")


@dataclass(frozen=True)
class LeftOut:
    rows: int
    reason: str  # a sentence saying what was left out and why


@dataclass
class PreparedLoad:
    kind: str
    default_name: str
    source: str            # the attribution charts show as "Source: ..."
    location: str          # the path or URL read
    licence: str | None
    checksum_sha256: str
    rows_read: int
    rows_loaded: int
    rows: pd.DataFrame     # published counts, or incidents
    left_out: list[LeftOut] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # encoding, months covered, ...
    category_strands: dict[str, str] | None = None    # published: category -> strand key
    # Published releases of the Met join one series across releases (loaders/combined_series.py):
    # the format read ("wide" or "long") and the file's refresh date, when it gives one.
    release_format: str | None = None
    refresh_date: dt.date | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown dataset kind {self.kind!r}")

    @property
    def rows_left_out(self) -> int:
        return sum(item.rows for item in self.left_out)

    def notes(self) -> str:
        """What the datasets table keeps about the load, for the About page and `list`."""
        lines = [f"Loaded from {self.location}.", *self.details]
        lines += [f"Left out: {item.reason}" for item in self.left_out if item.rows]
        return "\n".join(lines)

    def summary_lines(self) -> list[str]:
        lines = [f"  Source: {self.location}",
                 f"  SHA-256: {self.checksum_sha256}",
                 *[f"  {detail}" for detail in self.details],
                 f"  Rows read: {self.rows_read:,}; loaded: {self.rows_loaded:,}; "
                 f"left out: {self.rows_left_out:,}"]
        lines += [f"  Left out: {item.reason}" for item in self.left_out if item.rows]
        return lines


def count_of(n: int, noun: str) -> str:
    """'1 row', '2 rows', '1,234 offences'."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"
