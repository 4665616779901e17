"""What stands out, in sentences a partnership meeting can read aloud."""

import datetime as dt

import pandas as pd

from queries.strands import STRANDS
from stands_out.chance import about_words, expected_by_chance, one_in_words
from stands_out.expected_range import FALSE_ALARM_RATE

SMALL_EXPECTED = 10  # below this an expected count is shown to one decimal place

# The strand as the subject of a sentence: "Islamophobic offences in Tower Hamlets ...".
OFFENCE_NOUNS = {
    "all": "Hate crime offences",
    "race": "Race hate offences",
    "religion": "Faith hate offences",
    "antisemitic": "Antisemitic offences",
    "islamophobic": "Islamophobic offences",
    "sexual_orientation": "Sexual orientation hate offences",
    "transgender": "Transgender hate offences",
    "disability": "Disability hate offences",
    "lgbt": "LGBT+ hate offences",
    "race_religion": "Racist and religious hate offences",
}


def offence_noun(strand: str) -> str:
    return OFFENCE_NOUNS.get(strand) or f"{STRANDS[strand].label} offences"


def exceptional_month_sentence(row) -> str:
    """One row of queries.expected_counts.exceptional_months as a sentence, e.g.
    "Islamophobic offences in Tower Hamlets in June 2017: 41, against an expected 12
    (upper bound 21), the highest for June since records began (April 2010)."""
    month = pd.Timestamp(row.month)
    sentence = (f"{offence_noun(row.strand)} in {row.area_name} in {month:%B %Y}: {int(row.offences):,}, "
                f"against an expected {_expected_words(float(row.expected))} (upper bound {int(row.upper_bound):,})")
    record = _record_words(row, month)
    return sentence + (f", {record}" if record else "") + "."


def _expected_words(expected: float) -> str:
    # "an expected 0" would read as "none expected"; small expectations keep a decimal.
    rounded = round(expected, 1)
    return f"{rounded:.1f}" if rounded < SMALL_EXPECTED else f"{round(expected):,}"


def _record_words(row, month: pd.Timestamp) -> str:
    began = f"{pd.Timestamp(row.records_began):%B %Y}"
    if pd.notna(row.previous_high) and row.offences > row.previous_high:
        return f"the highest of any month since records began ({began})"
    if row.earlier_same_months and pd.notna(row.previous_same_month_high) \
            and row.offences > row.previous_same_month_high:
        return f"the highest for {month:%B} since records began ({began})"
    return ""


def nothing_above_sentence(*, period_label: str, area_label: str, strand: str | None = None) -> str:
    """The plain sentence for a filter that leaves nothing above its expected range."""
    if strand:
        return (f"Nothing stands out: {_mid_sentence(offence_noun(strand))} in {area_label} stayed within "
                f"their expected range in {period_label}.")
    return (f"Nothing stands out: no strand in {area_label} was above its expected range in "
            f"{period_label}.")


def _mid_sentence(noun: str) -> str:
    """"Islamophobic offences" -> "islamophobic offences"; "LGBT+ ..." keeps its capitals."""
    return noun if noun[1:2].isupper() else noun[:1].lower() + noun[1:]


def boroughs_above_sentence(count: int, month: dt.date) -> str:
    """For the overview's link: "3 boroughs above their expected range in June 2017"."""
    if count == 0:
        return f"No borough above its expected range in {month:%B %Y}"
    return f"{count} borough{'s' if count != 1 else ''} above {'their' if count != 1 else 'its'} expected range in {month:%B %Y}"


def above_by_chance_sentence(*, judged: int) -> str:
    """Beside a count of months above their range: how many chance alone would put there,
    of the `judged` series-months looked at (those with an expected range)."""
    chance = about_words(expected_by_chance(judged, FALSE_ALARM_RATE))
    return (f"At this method's {one_in_words(FALSE_ALARM_RATE)} false-alarm rate, {chance} of the {judged:,} "
            "combinations judged would be above their range by chance alone, so look at how far above each is "
            "and whether it repeats.")
