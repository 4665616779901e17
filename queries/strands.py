"""The allow-list of strands: the only place a strand key becomes a column name.

Strands overlap: one offence can carry several flags, so strand counts are never
added together. "all" is a count of distinct offences, derived from incidents.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Strand:
    """`label` in menus, headings and tables; `short_label` where room is short (cards,
    bars). They differ only where the full label explains (the umbrellas, the faith
    sub-strands): one strand is never called two different things ("Faith / religion")."""
    key: str
    label: str
    short_label: str
    incident_column: str | None  # flag column in `incidents`, None for derived umbrellas
    description: str


ALL = "all"

STRANDS: dict[str, Strand] = {
    s.key: s
    for s in [
        Strand("all", "All hate crime (distinct offences)", "All hate crime", None,
               "Every offence with at least one hate flag, counted once however many flags it carries."),
        Strand("race", "Race", "Race", "is_race",
               "Hostility based on race, colour, nationality or ethnic or national origin."),
        Strand("religion", "Faith", "Faith", "is_religion",
               "Hostility based on religion or belief; includes the antisemitic and islamophobic sub-strands and other faiths."),
        Strand("antisemitic", "Antisemitic (faith)", "Antisemitic", "is_antisemitic",
               "Sub-strand of faith: hostility towards Jewish people."),
        Strand("islamophobic", "Islamophobic (faith)", "Islamophobic", "is_islamophobic",
               "Sub-strand of faith: hostility towards Muslims."),
        Strand("sexual_orientation", "Sexual orientation", "Sexual orientation", "is_sexual_orientation",
               "Hostility based on sexual orientation (published by the Met as homophobic hate crime)."),
        Strand("transgender", "Transgender identity", "Transgender identity", "is_transgender",
               "Hostility based on transgender identity."),
        Strand("disability", "Disability", "Disability", "is_disability",
               "Hostility based on disability; the most under-reported strand."),
        Strand("lgbt", "LGBT+ (sexual orientation or transgender)", "LGBT+", None,
               "Offences flagged for sexual orientation or transgender identity, each counted once."),
        Strand("race_religion", "Race and faith (racist and religious)", "Race and faith", None,
               "Offences flagged for race or faith, each counted once (the Met's 'Racist and Religious' umbrella)."),
    ]
}

# The strands drawn side by side in breakdowns: the monitored strands, not the umbrellas.
CORE_STRANDS = ["race", "religion", "antisemitic", "islamophobic",
                "sexual_orientation", "transgender", "disability"]

INCIDENT_FLAG_COLUMNS = {key: STRANDS[key].incident_column for key in CORE_STRANDS}

# How each aggregate strand is counted from incident flags (SQL boolean expressions
# over fixed column names only).
INCIDENT_STRAND_EXPRESSIONS = {
    "all": "TRUE",
    **{key: column for key, column in INCIDENT_FLAG_COLUMNS.items()},
    "lgbt": "is_sexual_orientation OR is_transgender",
    "race_religion": "is_race OR is_religion",
}

# The strands whose combinations are counted, and how each is read from the flags
# (fixed SQL over fixed column names). Faith includes its sub-strands, in case an
# extract sets a sub-strand without the faith umbrella.
COMBINATION_STRANDS = {
    "race": "is_race",
    "religion": "(is_religion OR is_antisemitic OR is_islamophobic)",
    "sexual_orientation": "is_sexual_orientation",
    "transgender": "is_transgender",
    "disability": "is_disability",
}
# Which combination strand each monitored strand belongs to.
COMBINATION_STRAND_OF = {"race": "race", "religion": "religion", "antisemitic": "religion",
                         "islamophobic": "religion", "sexual_orientation": "sexual_orientation",
                         "transgender": "transgender", "disability": "disability"}
COMBINATION_SEPARATOR = "+"


def strand_label(key: str) -> str:
    return STRANDS[key].label
