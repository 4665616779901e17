"""Which words of an answer name a rate per 1,000 residents, for the tests that check each
carries its unit: a table column, an axis or colour bar title, a hover label."""

import json
import re

from queries.rates import RATE_UNIT

# A positive outcome rate is a percentage of offences, and a rank only orders rates.
NOT_A_RESIDENT_RATE = re.compile(r"outcome rate|^rank|\(%\)|false-alarm", re.IGNORECASE)


def rate_columns(columns) -> list[str]:
    return [column for column in columns
            if re.search(r"\brate\b|per 1,000", column, re.IGNORECASE) and not NOT_A_RESIDENT_RATE.search(column)]


def rate_words_without_unit(figure: dict) -> list[str]:
    """The figure's axis, colour bar and hover words that speak of a rate per 1,000 without
    saying per year."""
    found = []
    for trace in figure["data"]:
        texts = [trace.get("hovertemplate"), ((trace.get("colorbar") or {}).get("title") or {}).get("text"),
                 *(trace.get("text") if isinstance(trace.get("text"), list) else [trace.get("text")])]
        found += [text for text in texts if isinstance(text, str)]
    for key, axis in figure["layout"].items():
        if key.startswith(("xaxis", "yaxis")):
            found.append(json.dumps((axis.get("title") or {}).get("text")))
    return [text for text in found if "per 1,000" in text and text.count("per 1,000") != text.count(RATE_UNIT)]
