"""Is a change between two periods beyond chance? A verdict in words, with a marker shape.

The counts of two periods are compared as two Poisson counts with the score test of
statsmodels (`test_poisson_2indep`, method W2A of Gu et al. 2008), using each period's
length in months as its exposure, so periods of different lengths compare fairly.
"""

import numpy as np
import pandas as pd
from statsmodels.stats.rates import test_poisson_2indep

# 1%, not the textbook 5%: a page shows hundreds of comparisons at once (33 areas x 10
# strands), and offence counts vary more than Poisson counts do, so a 5% test would
# call several changes a week "significant" that are nothing but chance.
CHANGE_TEST_LEVEL = 0.01
CHANGE_TEST_METHOD = "score"

# Below this many offences in the two periods together no test can tell a change from
# chance with any power; saying "too few" is more honest than "within normal variation".
MIN_OFFENCES_TO_COMPARE = 10

SIGNIFICANT_RISE = "significant rise"
SIGNIFICANT_FALL = "significant fall"
WITHIN_NORMAL_VARIATION = "within normal variation"
TOO_FEW_TO_COMPARE = "too few offences to compare"
VERDICTS = (SIGNIFICANT_RISE, SIGNIFICANT_FALL, WITHIN_NORMAL_VARIATION, TOO_FEW_TO_COMPARE)

# A shape beside the words, so the verdict never rests on colour alone: a text glyph
# for tables and cards, and the matching Plotly marker symbol for charts.
VERDICT_MARKERS = {
    SIGNIFICANT_RISE: "▲",
    SIGNIFICANT_FALL: "▼",
    WITHIN_NORMAL_VARIATION: "●",
    TOO_FEW_TO_COMPARE: "–",
}
VERDICT_PLOTLY_SYMBOLS = {
    SIGNIFICANT_RISE: "triangle-up",
    SIGNIFICANT_FALL: "triangle-down",
    WITHIN_NORMAL_VARIATION: "circle-open",
    TOO_FEW_TO_COMPARE: "line-ew",
}

# In words on the pages; the library and function are on About (CHANGE_TEST_LIBRARY).
CHANGE_TEST_NAME = "score test for two Poisson counts"
CHANGE_TEST_LIBRARY = ("statsmodels, statsmodels.stats.rates.test_poisson_2indep (method \"score\", "
                       "comparing the ratio of the two rates, two-sided), each period's months as its exposure")
CHANGE_TEST_SENTENCE = (
    f"A change is called significant when a {CHANGE_TEST_NAME} gives a p-value below "
    f"{CHANGE_TEST_LEVEL:g}: where nothing has changed, about 1 comparison in "
    f"{round(1 / CHANGE_TEST_LEVEL)} would still be called significant by chance. "
    f"With fewer than {MIN_OFFENCES_TO_COMPARE} offences in the two periods together there are "
    "too few offences to compare. Offence counts vary more than the test assumes, so treat a "
    "verdict on large counts as a prompt to look, not as proof.")


def change_p_values(offences, previous_offences, *, months: float = 1.0,
                    previous_months: float | None = None) -> np.ndarray:
    """Two-sided p-values for `offences` (over `months`) against `previous_offences`
    (over `previous_months`, the same length when None). NaN where both counts are 0."""
    current = np.asarray(offences, dtype=float)
    previous = np.asarray(previous_offences, dtype=float)
    exposure = np.broadcast_to(np.asarray(months, dtype=float), current.shape)
    previous_exposure = np.broadcast_to(
        np.asarray(months if previous_months is None else previous_months, dtype=float), current.shape)
    if current.size == 0:
        return np.array([], dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        result = test_poisson_2indep(current, exposure, previous, previous_exposure,
                                     method=CHANGE_TEST_METHOD, compare="ratio", alternative="two-sided")
    return np.atleast_1d(np.asarray(result.pvalue, dtype=float))


def change_verdict(offences: int, previous_offences: int, *, months: float = 1.0,
                   previous_months: float | None = None) -> tuple[str, float | None]:
    """(verdict, p-value) for one comparison; the p-value is None when there are too few."""
    frame = add_change_verdicts(pd.DataFrame({"offences": [offences], "previous_offences": [previous_offences]}),
                                months=months, previous_months=previous_months)
    p_value = frame.p_value.iloc[0]
    return frame.verdict.iloc[0], None if pd.isna(p_value) else float(p_value)


def add_change_verdicts(frame: pd.DataFrame, *, months: float = 1.0,
                        previous_months: float | None = None) -> pd.DataFrame:
    """A copy of `frame` (with `offences` and `previous_offences` columns, as
    strand_period_comparison and borough_period_summary return) with `verdict`, `p_value`
    and `marker` columns added. Rates are compared per month, so the two periods may
    differ in length."""
    result = frame.copy()
    current = result["offences"].to_numpy(dtype=float)
    previous = result["previous_offences"].to_numpy(dtype=float)
    exposure = months
    previous_exposure = months if previous_months is None else previous_months
    p_values = change_p_values(current, previous, months=exposure, previous_months=previous_exposure)
    too_few = current + previous < MIN_OFFENCES_TO_COMPARE
    significant = (p_values < CHANGE_TEST_LEVEL) & ~too_few
    rising = current / exposure > previous / previous_exposure
    verdicts = np.where(too_few, TOO_FEW_TO_COMPARE,
                        np.where(significant, np.where(rising, SIGNIFICANT_RISE, SIGNIFICANT_FALL),
                                 WITHIN_NORMAL_VARIATION))
    result["verdict"] = pd.Series(verdicts, index=result.index, dtype=object)
    result["p_value"] = pd.Series(np.where(too_few, np.nan, p_values), index=result.index)
    result["marker"] = result["verdict"].map(VERDICT_MARKERS)
    return result
