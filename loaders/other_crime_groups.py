"""The crime groups the Met publishes beside hate crime, which are not hate crime: one
list for both of its files, so each loader can say why it left them out.

The older borough file files domestic abuse under `Hate` and the rest under `Special`;
the current release has them as offence groups and subgroups of their own. A name that
is in neither this list nor the mapping is not known to be anything: the current-release
loader lists it and asks whether it is hate crime.
"""

from loaders.long_mapping import category_key

DOMESTIC_ABUSE = ("Domestic Abuse", "Domestic Abuse VWI", "Domestic Abuse Homicide")
# The older file's `Special` categories, as its rows name them.
SPECIAL_CATEGORIES = ("Knife Crime", "Knife Crime With Injury", "Knife Crime with Injury Pers Robb", "Gun Crime",
                      "Gun Crime Lethal Barrelled Discharged", "Gun Crime Personal Robbery", "Homicide",
                      "Dog Attack", "Artifice Burglary", "Robbery Mobile Phone", "Theft Person Mobile Phone",
                      "TNO State Based", "TNO Victim Based")


_DOMESTIC_ABUSE_KEYS = {category_key(name) for name in DOMESTIC_ABUSE}
_KNOWN_KEYS = _DOMESTIC_ABUSE_KEYS | {category_key(name) for name in SPECIAL_CATEGORIES}


def is_domestic_abuse(name: str) -> bool:
    return category_key(name) in _DOMESTIC_ABUSE_KEYS


def is_other_crime_group(*names: str) -> bool:
    """Whether any of `names` (an offence group, a subgroup) is a known group that is
    not hate crime: 'Knife Crime / Knife Crime With Injury' is, 'Hate Crime / Misogyny' is not."""
    return any(category_key(name) in _KNOWN_KEYS for name in names)
