"""Borough names as sources write them, matched to GSS codes once, at load time.

Sources spell boroughs differently ("Hammersmith & Fulham", "Kingston-upon-Thames",
"Richmond", "City of Westminster"); matching ignores case, spacing and punctuation,
knows the variants in DOMAIN.md, and accepts GSS codes. A name that matches nothing is
an error the user sees, with the closest names suggested.
"""

import csv
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from queries.schema import BOROUGHS_CSV

CITY_OF_LONDON = "E09000001"

# Variants that normalising case and punctuation does not reach (DOMAIN.md, "Places").
NAME_VARIANTS = {
    "richmond": "Richmond upon Thames",
    "city of westminster": "Westminster",
}

# Rows in MPS files that are not a borough: airport policing at Heathrow and London City.
AVIATION_SECURITY_PREFIX = "aviation security"

# Areas the Met's monthly crime dashboard data lists beside the boroughs that are not
# boroughs (normalised): offences it could not place, or recorded for another force.
NOT_BOROUGH_AREAS = {"unknown", "other nk", "n k legacy only", "nk legacy only", "non met police force",
                     "not known", "n k", "nk"}

# What a totals row puts where a borough belongs.
TOTAL_WORDS = {"total", "totals", "grand total", "sum", "all", "all boroughs", "london", "london total",
               "met", "mps", "met police", "metropolitan police", "metropolitan police service"}

# Every totals label starts with one of these once normalised; a cheap test first keeps
# millions of incident ids from each going through `normalise`.
TOTAL_STARTS = tuple(sorted({word.split()[0] for word in TOTAL_WORDS}))
GSS_CODE = re.compile(r"^[EWSN]\d{8}$", re.IGNORECASE)
SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.6  # difflib ratio below which a name is not worth suggesting


@lru_cache(maxsize=10_000)
def normalise(name: str) -> str:
    """'Hammersmith & Fulham' and 'hammersmith and  fulham' -> 'hammersmith and fulham'."""
    text = name.casefold().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def is_totals_label(value: str) -> bool:
    rough = value.strip().casefold()
    if not rough.startswith(TOTAL_STARTS) and "total" not in rough:
        return False
    text = normalise(value)
    return text in TOTAL_WORDS or text.startswith("total ") or text.endswith(" total")


def is_aviation_security(value: str) -> bool:
    return normalise(value).startswith(AVIATION_SECURITY_PREFIX)


def is_not_a_borough_area(value: str) -> bool:
    """'Unknown', 'Other / NK', 'N/K (Legacy Only)', 'Non Met Police Force': not a place."""
    return normalise(value) in NOT_BOROUGH_AREAS


@dataclass(frozen=True)
class Borough:
    gss_code: str
    name: str
    policed_by_met: bool


class BoroughMatcher:
    """Names and GSS codes of the 33 London local authorities, from the reference table."""

    def __init__(self, boroughs: list[Borough]):
        self.by_code = {b.gss_code.upper(): b for b in boroughs}
        self.by_name = {normalise(b.name): b for b in boroughs}
        by_display = {b.name: b for b in boroughs}
        for variant, name in NAME_VARIANTS.items():
            self.by_name[normalise(variant)] = by_display[name]
        self._cache: dict[str, Borough | None] = {}

    @classmethod
    def from_reference(cls) -> "BoroughMatcher":
        # The same CSV fills the store's `boroughs` table, so codes agree with it; reading
        # it here lets a file be checked before the store is opened at all.
        with open(BOROUGHS_CSV, newline="", encoding="utf-8") as f:
            return cls([Borough(r["gss_code"], r["name"], r["policed_by_met"] == "true")
                        for r in csv.DictReader(f)])

    def match(self, value: str) -> Borough | None:
        """The borough a name or GSS code means, or None."""
        if value not in self._cache:
            text = value.strip()
            if GSS_CODE.match(text):
                self._cache[value] = self.by_code.get(text.upper())
            else:
                self._cache[value] = self.by_name.get(normalise(text))
        return self._cache[value]

    def closest_names(self, value: str) -> list[str]:
        """Up to three borough names close to an unmatched one, best first."""
        candidates = {key: borough.name for key, borough in self.by_name.items()}
        close = difflib.get_close_matches(normalise(value), list(candidates), n=SUGGESTIONS * 2,
                                          cutoff=SUGGESTION_CUTOFF)
        names = []
        for key in close:
            if candidates[key] not in names:
                names.append(candidates[key])
        return names[:SUGGESTIONS]

    def unknown_message(self, value: str) -> str:
        if GSS_CODE.match(value.strip()):
            return "this GSS code is not a London borough (E09000001 to E09000033)."
        names = self.closest_names(value)
        if names:
            return "this matches no London borough. Closest: " + ", ".join(names) + "."
        return "this matches no London borough, and no borough name is close to it."
