"""Why a strand a page offers cannot be shown for the loaded dataset, in a sentence."""

LGBT_FROM_PUBLISHED = (
    "The LGBT+ view counts each offence flagged for sexual orientation or transgender identity once. "
    "Published figures give homophobic and transphobic offences separately, and one offence can be in both, "
    "so adding them would count some offences twice. It needs an incident extract.")
ALL_FROM_OLDER_PUBLISHED = (
    "All hate crime (distinct offences) counts each offence once however many strands it carries. The Met's "
    "2010-2021 borough file gives only overlapping categories, which cannot be added up; the current releases "
    "give the distinct total ('Hate Crime').")
RACE_FROM_OLDER_PUBLISHED = (
    "Race alone is not in the Met's 2010-2021 borough file, which gives race only inside 'racist and "
    "religious' hate crime; the current releases give it ('Racist Crime').")
NO_FIGURES_SENTENCE = "This dataset has no figures for this strand."


_PUBLISHED_REASONS = {"lgbt": LGBT_FROM_PUBLISHED, "all": ALL_FROM_OLDER_PUBLISHED, "race": RACE_FROM_OLDER_PUBLISHED}


def why_strand_unavailable(strand: str, *, kind: str, strands: list[str]) -> str | None:
    """None when the dataset has the strand; else the sentence a page shows in its place.
    `kind` is the dataset's kind, `strands` the strands it has (queries.datasets.dataset_strands)."""
    if strand in strands:
        return None
    if kind == "published" and strand in _PUBLISHED_REASONS:
        return _PUBLISHED_REASONS[strand]
    return NO_FIGURES_SENTENCE
