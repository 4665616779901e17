"""Which outcome texts in an incident extract count as positive outcomes.

The list lives in reference/positive_outcome_types.csv, so a partnership can change it
without touching code. It ships with the Home Office outcome types 1-8 that are a
sanction or resolution marked positive: charge or summons, cautions, offences taken into
consideration, penalty notice, cannabis or khat warning, community resolution. Type 5
(the offender has died) is listed but marked no.
"""

import re

from loaders.read_text import reference_rows
from queries.schema import REFERENCE_DIR

DEFAULT_OUTCOME_TYPES = REFERENCE_DIR / "positive_outcome_types.csv"
COLUMNS = ("outcome_type", "name", "positive", "also_written")
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}
# How one outcome type number is also written in extracts.
NUMBER_FORMS = ("{n}", "outcome {n}", "outcome type {n}", "ot {n}", "ot{n}")


def outcome_key(text: str) -> str:
    """'Charged / summonsed' -> 'chargedsummonsed'. Mirrored in SQL by
    queries/aggregates.rebuild_incident_outcomes: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def positive_outcome_keys(location=DEFAULT_OUTCOME_TYPES) -> list[str]:
    """Every outcome_key that counts as positive; raise LoadRefused naming each bad line."""
    problems, header, rows = reference_rows(location, COLUMNS, "outcome types")
    keys = set()
    for number, record in rows:
        value = dict(zip(header, (cell.strip() for cell in record)))
        positive = value.get("positive", "").casefold()
        if positive not in YES | NO:
            problems.add(number, "positive", value.get("positive"), "write yes or no.")
            continue
        if positive in NO:
            continue
        forms = [value.get("name", "")] + value.get("also_written", "").split(";")
        if value.get("outcome_type"):
            forms += [form.format(n=value["outcome_type"]) for form in NUMBER_FORMS]
        keys.update(outcome_key(form) for form in forms if outcome_key(form))
    problems.raise_if_any()
    return sorted(keys)
