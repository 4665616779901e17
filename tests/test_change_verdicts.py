"""The verdict on a change between two periods follows the library's p-values."""

import numpy as np
import pandas as pd
from statsmodels.stats import rates

from stands_out.change_test import (CHANGE_TEST_LEVEL, MIN_OFFENCES_TO_COMPARE, SIGNIFICANT_FALL,
                                    SIGNIFICANT_RISE, TOO_FEW_TO_COMPARE, VERDICT_MARKERS,
                                    WITHIN_NORMAL_VARIATION, add_change_verdicts, change_verdict)


def test_camden_transgender_rise_of_64_percent_is_within_normal_variation():
    # The example: 23 offences against 14 is +64.3%, and chance alone does that.
    verdict, p_value = change_verdict(23, 14)
    assert verdict == WITHIN_NORMAL_VARIATION
    assert round(p_value, 4) == 0.139


def test_a_rise_from_900_to_1050_is_significant_and_a_fall_from_1050_to_900_too():
    assert change_verdict(1050, 900)[0] == SIGNIFICANT_RISE
    assert change_verdict(900, 1050)[0] == SIGNIFICANT_FALL


def test_fewer_than_the_stated_minimum_is_too_few_to_compare():
    verdict, p_value = change_verdict(MIN_OFFENCES_TO_COMPARE - 1, 0)
    assert (verdict, p_value) == (TOO_FEW_TO_COMPARE, None)
    assert change_verdict(MIN_OFFENCES_TO_COMPARE, 0)[0] == SIGNIFICANT_RISE


def test_periods_of_different_lengths_are_compared_per_month():
    # 60 offences in 6 months is the same monthly rate as 120 in 12: no change.
    assert change_verdict(60, 120, months=6, previous_months=12) == change_verdict(60, 60, months=6)
    assert change_verdict(60, 120, months=6, previous_months=12)[0] == WITHIN_NORMAL_VARIATION


def test_verdicts_match_the_library_p_values_at_the_chosen_level():
    rng = np.random.default_rng(11)
    previous = rng.integers(0, 400, size=2000)
    current = rng.poisson(previous * rng.choice([0.7, 1.0, 1.3], size=previous.size))
    frame = add_change_verdicts(pd.DataFrame({"offences": current, "previous_offences": previous}))
    with np.errstate(invalid="ignore", divide="ignore"):  # 0 against 0 has no p-value
        expected_p = rates.test_poisson_2indep(current.astype(float), 1.0, previous.astype(float), 1.0,
                                               method="score").pvalue
    enough = current + previous >= MIN_OFFENCES_TO_COMPARE
    np.testing.assert_allclose(frame.p_value[enough], expected_p[enough], rtol=1e-12)
    expected = np.where(~enough, TOO_FEW_TO_COMPARE,
                        np.where(expected_p >= CHANGE_TEST_LEVEL, WITHIN_NORMAL_VARIATION,
                                 np.where(current > previous, SIGNIFICANT_RISE, SIGNIFICANT_FALL)))
    assert (frame.verdict.to_numpy() == expected).all()
    assert set(frame.verdict) == {SIGNIFICANT_RISE, SIGNIFICANT_FALL, WITHIN_NORMAL_VARIATION, TOO_FEW_TO_COMPARE}


def test_every_verdict_has_a_marker_shape_beside_its_words():
    frame = add_change_verdicts(pd.DataFrame({"offences": [1050, 900, 23, 2], "previous_offences": [900, 1050, 14, 1]}))
    assert frame.marker.tolist() == ["▲", "▼", "●", "–"]
    assert len(set(VERDICT_MARKERS.values())) == len(VERDICT_MARKERS)


def test_verdict_columns_keep_the_rows_and_columns_they_were_given():
    frame = pd.DataFrame({"strand": ["race", "islamophobic"], "offences": [935, 23],
                          "previous_offences": [938, 14], "change_pct": [-0.3, 64.3]}, index=[5, 9])
    result = add_change_verdicts(frame)
    assert result.index.tolist() == [5, 9]
    assert result.columns.tolist() == ["strand", "offences", "previous_offences", "change_pct",
                                       "verdict", "p_value", "marker"]
    assert result.verdict.tolist() == [WITHIN_NORMAL_VARIATION, WITHIN_NORMAL_VARIATION]
    assert "verdict" not in frame.columns
