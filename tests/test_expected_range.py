"""Expected ranges (Farrington with Noufaily's improvements): checked against statsmodels,
and on generated series with known answers."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from stands_out import expected_range as er
from stands_out.quasi_poisson import fit_quasi_poisson

STRAND_MEANS = np.array([40, 10, 4, 5, 8, 1.5, 2.0])  # race .. disability, a month in an average borough
BOROUGHS, YEARS = 32, 8


def _statsmodels_fit(design, y, weights=None):
    # use_t: p-values from t on the residual degrees of freedom, as R's summary.glm.
    return sm.GLM(y, design, family=sm.families.Poisson(), var_weights=weights).fit(scale="X2", use_t=True)


def _baseline(y_history, month_index):
    years = min(er.MAX_YEARS_BACK, (month_index - er.WINDOW_HALF_WIDTH) // 12)
    offsets = er.baseline_offsets(years)
    return offsets, y_history[month_index - offsets]


def _statsmodels_reweighted_fit(y_history, month_index, *, with_trend):
    offsets, y = _baseline(y_history, month_index)
    design = er.baseline_design(offsets, with_trend=with_trend)
    first = _statsmodels_fit(design, y)
    hat = first.get_influence().hat_matrix_diag
    residuals = first.resid_anscombe_unscaled / np.sqrt(max(first.scale, 1) * (1 - hat))
    weights = np.where(residuals > er.REWEIGHT_THRESHOLD, residuals ** -2.0, 1.0)
    weights *= len(y) / weights.sum()
    return _statsmodels_fit(design, y, weights)


def _statsmodels_farrington(y_history, month_index):
    """The same method, one series at a time, with statsmodels doing every fit."""
    _, y = _baseline(y_history, month_index)
    candidates = {with_trend: _statsmodels_reweighted_fit(y_history, month_index, with_trend=with_trend)
                  for with_trend in (True, False)}
    trend = candidates[True]
    keep = trend.pvalues[1] < er.TREND_SIGNIFICANCE and np.exp(trend.params[0]) <= y.max()
    chosen = candidates[keep]
    expected, dispersion = np.exp(chosen.params[0]), max(chosen.scale, 1.0)
    if dispersion > 1:
        size = expected / (dispersion - 1)
        distribution = stats.nbinom(size, size / (size + expected))
    else:
        distribution = stats.poisson(expected)
    return expected, distribution.ppf(er.FALSE_ALARM_RATE), distribution.ppf(1 - er.FALSE_ALARM_RATE), keep


def _stable_series(seed):
    rng = np.random.default_rng(seed)
    factor = rng.uniform(0.5, 2.0, size=BOROUGHS)
    means = (factor[:, None] * STRAND_MEANS[None, :]).reshape(-1, 1)
    return rng, means, rng.poisson(means, size=(BOROUGHS * len(STRAND_MEANS), 12 * YEARS)).astype(float)


def test_batched_quasi_poisson_fit_matches_statsmodels_glm():
    rng = np.random.default_rng(3)
    offsets = er.baseline_offsets(5)
    design = er.baseline_design(offsets, with_trend=True)
    counts = rng.poisson(rng.uniform(0.5, 60, size=(6, 1)) * np.exp(0.1 * design[:, 1]), size=(6, len(offsets)))
    weights = rng.uniform(0.2, 1.5, size=counts.shape)
    batch = fit_quasi_poisson(design, counts.astype(float), weights)
    for series in range(6):
        reference = _statsmodels_fit(design, counts[series], weights[series])
        np.testing.assert_allclose(batch.params[series], reference.params, rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(batch.dispersion[series], reference.scale, rtol=1e-6)
        np.testing.assert_allclose(batch.fitted[series], reference.fittedvalues, rtol=1e-6)
    unweighted = fit_quasi_poisson(design, counts.astype(float))
    np.testing.assert_allclose(unweighted.hat[0], _statsmodels_fit(design, counts[0]).get_influence().hat_matrix_diag,
                               rtol=1e-6)


def test_expected_range_matches_the_method_fitted_one_series_at_a_time_with_statsmodels():
    rng = np.random.default_rng(5)
    months = np.arange(96)
    trend = np.exp(0.012 * months)[None, :]
    history = rng.poisson(np.array([[3.0], [12.0], [45.0], [9.0]]) * trend).astype(float)
    history[2, [50, 62, 74]] *= 3  # past outbreaks for the reweighting to find
    result = er.expected_range_matrix(history)
    trend_kept = []
    for series in range(4):
        for month_index in (40, 70, 95):
            expected, lower, upper, keep = _statsmodels_farrington(history[series], month_index)
            assert result["expected"][series, month_index] == pytest.approx(expected, rel=1e-6)
            assert (result["lower_bound"][series, month_index], result["upper_bound"][series, month_index]) == (lower, upper)
            trend_kept.append(keep)
    assert any(trend_kept) and not all(trend_kept)


def test_the_trend_test_uses_t_on_the_residual_degrees_of_freedom_not_a_normal_reference():
    # Seeded so that the trend's z (1.99, on 31 - 11 = 20 residual degrees of freedom)
    # lies between the normal's 1.96 and t's 2.09: significant by one, not by the other.
    history = np.random.default_rng(25).poisson(20 * np.exp(0.004 * np.arange(60))).astype(float)[None, :]
    month_index = 40
    reference = _statsmodels_reweighted_fit(history[0], month_index, with_trend=True)
    z = reference.params[1] / reference.bse[1]
    assert reference.df_resid == 20
    assert 2 * stats.norm.sf(abs(z)) < er.TREND_SIGNIFICANCE < reference.pvalues[1]
    offsets, y = _baseline(history[0], month_index)
    assert np.exp(reference.params[0]) <= y.max()  # so only the test decides
    ours = er._reweighted_fit(er.baseline_design(offsets, with_trend=True), y[None, :])
    np.testing.assert_allclose(er.trend_p_values(ours), [reference.pvalues[1]], rtol=1e-6)
    judged = er.judge_month(history, month_index)
    assert not judged["with_trend"][0]
    assert judged["expected"][0] == pytest.approx(_statsmodels_farrington(history[0], month_index)[0], rel=1e-6)


def _near_empty_series():
    """Three single offences in three years, then nothing: a trend model chases the
    zeros towards minus infinity (Ealing's transgender offences before November 2013
    on the real file)."""
    history = np.zeros((1, 48))
    history[0, [6, 9, 13]] = 1
    return history


def test_a_trend_model_that_does_not_converge_falls_back_to_no_trend_and_says_so():
    history, month_index = _near_empty_series(), 43
    offsets, y = _baseline(history[0], month_index)
    design = er.baseline_design(offsets, with_trend=True)
    assert not fit_quasi_poisson(design, y[None, :]).converged[0]
    # statsmodels, fitting it alone, does not converge either.
    assert not sm.GLM(y, design, family=sm.families.Poisson()).fit(scale="X2").converged
    judged = er.judge_month(history, month_index)
    assert not judged["with_trend"][0] and judged["trend_not_converged"][0]
    flat = fit_quasi_poisson(er.baseline_design(offsets, with_trend=False), y[None, :])
    assert judged["expected"][0] == pytest.approx(np.exp(flat.params[0, 0]))
    counts = pd.DataFrame({"area": "london", "strand": "transgender",
                           "month": pd.date_range("2016-01-01", periods=48, freq="MS").date,
                           "offences": history[0].astype(int)})
    row = er.expected_ranges(counts).iloc[month_index]
    assert row.no_trend_reason == er.TREND_NOT_CONVERGED == "the model with a trend did not converge"
    assert not row.with_trend
    assert "none where the model with a trend does not converge" in er.METHOD_SENTENCE


def test_a_fit_that_settles_says_it_converged():
    rng = np.random.default_rng(4)
    offsets = er.baseline_offsets(5)
    fit = fit_quasi_poisson(er.baseline_design(offsets, with_trend=True), rng.poisson(12, (3, len(offsets))))
    assert fit.converged.all() and fit.residual_df == len(offsets) - 11


def test_the_method_is_named_for_farrington_with_noufailys_improvements_and_farringtons_trend_rule():
    assert er.METHOD_NAME.startswith("Farrington method (Farrington et al. 1996")
    assert "Noufaily et al. 2013" in er.METHOD_NAME
    assert "Farrington's 1996 rule" in er.METHOD_SENTENCE and "t-test" in er.METHOD_SENTENCE


def test_months_with_fewer_than_three_earlier_years_get_no_verdict_and_say_why():
    counts = pd.DataFrame({"area": "london", "strand": "race",
                           "month": pd.date_range("2016-01-01", "2020-12-01", freq="MS").date, "offences": 10})
    result = er.expected_ranges(counts)
    first_judged = result[result.expected.notna()].month.min()
    assert first_judged == dt.date(2019, 2, 1)  # needs January 2016 for the window around Feb 2016
    unjudged = result[result.month < first_judged]
    assert len(unjudged) == 37
    assert set(unjudged.no_verdict_reason) == {"fewer than 3 earlier years of data"}
    assert not unjudged.is_above.any()


def test_months_missing_from_the_counts_are_zero_offences():
    counts = pd.DataFrame({"area": ["london", "london"], "strand": ["race", "race"],
                           "month": [dt.date(2020, 1, 1), dt.date(2020, 4, 1)], "offences": [7, 2]})
    result = er.expected_ranges(counts)
    assert result.month.tolist() == [dt.date(2020, m, 1) for m in (1, 2, 3, 4)]
    assert result.offences.tolist() == [7, 0, 0, 2]


def test_a_past_outbreak_does_not_inflate_next_years_expected_count():
    rng = np.random.default_rng(8)
    history = rng.poisson(20, size=(1, 96)).astype(float)
    history[0, 78] = 140  # a June outbreak; the next June is month 90
    expected = er.expected_range_matrix(history)["expected"][0, 90]
    unweighted = fit_quasi_poisson(er.baseline_design(er.baseline_offsets(5), with_trend=False),
                                   history[:, 90 - er.baseline_offsets(5)])
    assert np.exp(unweighted.params[0, 0]) > 27  # unweighted, the outbreak alone lifts it by a third
    assert 17 < expected < 23


@pytest.fixture(scope="module")
def stable():
    rng, means, history = _stable_series(20170603)
    return rng, means, history, er.expected_range_matrix(history)


def test_stable_poisson_series_are_flagged_near_the_stated_false_alarm_rate(stable):
    _, _, _, result = stable
    judged = ~np.isnan(result["expected"])
    assert judged.sum() == BOROUGHS * 7 * (12 * YEARS - 37)
    share = result["is_above"][judged].mean()
    # 13,216 judged months: the nominal 1% would give 132; discreteness of small counts
    # and the minimum of 5 offences keep it a little under. Measured: 0.94%.
    assert 0.006 < share <= er.FALSE_ALARM_RATE


def test_spikes_of_three_times_the_expected_count_are_flagged_nine_times_in_ten_from_2_5_a_month(stable):
    rng, means, history, _ = stable
    spiked = history.copy()
    spikes = []
    for series in range(history.shape[0]):
        for month_index in rng.choice(np.arange(37, history.shape[1]), size=3, replace=False):
            spiked[series, month_index] = np.round(3 * means[series, 0])
            spikes.append((series, month_index, means[series, 0]))
    flagged = er.expected_range_matrix(spiked)["is_above"]
    hits = np.array([flagged[series, month] for series, month, _ in spikes])
    mean = np.array([m for _, _, m in spikes])
    # Measured on these 672 spikes: 92.2% from 2.5 a month, 98.9% from 5, all from 10;
    # 86% at 2-2.5, 3.7% below 2 (see the next test for why), 72.8% over every level.
    assert hits[mean >= 2.5].mean() >= 0.9
    assert hits[mean >= 5].mean() >= 0.95
    assert hits[mean >= 10].all()
    assert hits[mean < 2].mean() < 0.1


@pytest.mark.parametrize("expected", [0.5, 1.0, 1.5, 2.0])
def test_below_two_a_month_chance_alone_triples_the_expected_count_too_often_for_any_test_to_flag_it(expected):
    # Even knowing the expected count exactly, three times it (rounded) is reached by
    # chance in more than 1% of months, or is below the 5 offences a flag needs: a test
    # with a 1% false alarm rate cannot flag it. The page says so (METHOD_SENTENCE).
    tripled = round(3 * expected)
    assert stats.poisson.sf(tripled - 1, expected) > er.FALSE_ALARM_RATE or tripled < er.MIN_OFFENCES_TO_FLAG
    assert "can triple without standing out" in er.METHOD_SENTENCE
