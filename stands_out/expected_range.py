"""The expected range of every month of a series, from that series' own history.

The Farrington method (Farrington et al. 1996) with the improvements of Noufaily et al.
(2013) to its baseline, reweighting and bounds, but Farrington's own rule for the trend
(Noufaily et al. advise always keeping it: `pThresholdTrend = 1`); as in the R package
`surveillance` (farringtonFlexible), adapted from weeks to months:

- baseline: every month of up to 5 earlier years, except the 6 months just before the
  month judged (so a rise that is building up does not hide itself);
- a quasi-Poisson regression on the baseline: a seasonal factor with 10 levels (the
  same month of the year and the months either side of it as one level, each other
  month of the year a level of its own) and a linear trend, kept only when it is
  significant at 5% (t on the residual degrees of freedom, as R's summary.glm for a
  quasi-Poisson fit) and does not predict more than the baseline's highest month. A
  model with a trend that does not converge is dropped for the flat one, as
  surveillance does, and `no_trend_reason` says so;
- earlier exceptional months kept from inflating the baseline: months whose Anscombe
  residual is above 2.58 are down-weighted (weight proportional to residual^-2) and the
  model is fitted again;
- the expected count is the model's prediction for the month; the bounds are the 1st
  and 99th percentiles of a negative binomial with that mean and the fitted
  dispersion (Poisson when there is no over-dispersion). A month is above its expected
  range when its count is above the upper bound and at least 5.
"""

from dataclasses import replace

import numpy as np
import pandas as pd
from scipy import stats
from threadpoolctl import threadpool_limits

from stands_out.quasi_poisson import fit_quasi_poisson

# One-sided false alarm rate: in a series with nothing unusual going on, at most about 1
# month in 100 is above its upper bound by chance (fewer on small counts, which are
# discrete). 1% rather than 5% because a page looks at ~330 series at once.
FALSE_ALARM_RATE = 0.01
MAX_YEARS_BACK = 5            # Farrington's and Noufaily's b
MIN_YEARS_OF_HISTORY = 3      # Farrington fits a trend only with at least 3 years
WINDOW_HALF_WIDTH = 1         # months either side of the same month in earlier years (w)
SEASONAL_LEVELS = 10          # Noufaily's recommended number of seasonal periods
EXCLUDED_RECENT_MONTHS = 6    # Noufaily leave out the 26 weeks before the week judged
REWEIGHT_THRESHOLD = 2.58     # Anscombe residual above which a month is down-weighted (Noufaily)
TREND_SIGNIFICANCE = 0.05     # Farrington's 1996 test for keeping the trend (Noufaily: 1, always)
# Farrington's rule against alarms on a handful of cases: counts this small are noise
# in a borough, however far they sit from an expected value below one.
MIN_OFFENCES_TO_FLAG = 5

METHOD_NAME = "Farrington method (Farrington et al. 1996, with the improvements of Noufaily et al. 2013)"
METHOD_SENTENCE = (
    f"Expected ranges come from the {METHOD_NAME}, the method of public-health surveillance: "
    f"a quasi-Poisson regression on the same time of year in up to {MAX_YEARS_BACK} earlier years, "
    f"with a trend where the data warrant one (kept when a t-test finds it significant at "
    f"{TREND_SIGNIFICANCE:.0%} and it predicts no more than the highest earlier month, Farrington's 1996 rule; "
    "none where the model with a trend does not converge), and earlier exceptional months down-weighted so they "
    "do not inflate what is expected. A month is above its expected range when its count is above "
    f"the upper bound (the {100 * (1 - FALSE_ALARM_RATE):g}th percentile) and at least "
    f"{MIN_OFFENCES_TO_FLAG}: where nothing unusual is going on, about 1 month in "
    f"{round(1 / FALSE_ALARM_RATE)} per series is flagged by chance. A month needs "
    f"{MIN_YEARS_OF_HISTORY} earlier years of data to be judged. A series that expects 2 offences a month "
    "or fewer can triple without standing out: chance alone gives counts that high too often to flag them.")

METHOD_LIBRARY = ("the quasi-Poisson regression of statsmodels' GLM (iteratively reweighted least squares, "
                  "Pearson dispersion), fitted for every series at once and checked against statsmodels in the "
                  "tests; the trend's t-test and the bounds from SciPy (scipy.stats.t, scipy.stats.poisson, "
                  "scipy.stats.nbinom); its results agree with the R package surveillance (farringtonFlexible)")

BLAS_THREADS = 1

NOT_ENOUGH_HISTORY = f"fewer than {MIN_YEARS_OF_HISTORY} earlier years of data"
TREND_NOT_CONVERGED = "the model with a trend did not converge"

RESULT_COLUMNS = ["month", "offences", "expected", "lower_bound", "upper_bound", "exceedance",
                  "is_above", "dispersion", "with_trend", "years_of_history", "no_verdict_reason",
                  "no_trend_reason"]


def seasonal_level(months_before: np.ndarray) -> np.ndarray:
    """The seasonal level (0 = the same time of year) of a month `months_before` the one
    judged: the 3-month window is level 0, each other month of the year a level of its own."""
    offset = np.mod(months_before, 12)
    in_window = (offset <= WINDOW_HALF_WIDTH) | (offset >= 12 - WINDOW_HALF_WIDTH)
    other_levels = offset - WINDOW_HALF_WIDTH  # 1 .. 12 - 2w - 1
    return np.where(in_window, 0, other_levels)


def baseline_design(months_before: np.ndarray, *, with_trend: bool) -> np.ndarray:
    """Intercept, trend (in years, 0 at the month judged) and seasonal dummies, one row
    per baseline month; level 0, the same time of year, is the reference."""
    levels = seasonal_level(months_before)
    columns = [np.ones(len(months_before))]
    if with_trend:
        columns.append(-months_before / 12)
    columns += [(levels == level).astype(float) for level in range(1, SEASONAL_LEVELS)]
    return np.column_stack(columns)


def baseline_offsets(years: int) -> np.ndarray:
    """How many months before the month judged each baseline month is."""
    return np.arange(12 * years + WINDOW_HALF_WIDTH, EXCLUDED_RECENT_MONTHS, -1)


def anscombe_residuals(counts, fitted, dispersion, hat):
    """Poisson Anscombe residuals, scaled by dispersion and leverage (as `surveillance`)."""
    raw = 1.5 * (np.cbrt(counts) ** 2 - np.cbrt(fitted) ** 2) / fitted ** (1 / 6)
    return raw / np.sqrt(dispersion[:, None] * np.clip(1 - hat, 1e-12, None))


def _reweighted_fit(design, counts):
    """Fit, down-weight months with large Anscombe residuals, fit again. `converged` is
    for both fits: surveillance checks the first, and the second is the one used."""
    first = fit_quasi_poisson(design, counts)
    residuals = anscombe_residuals(counts, first.fitted, np.maximum(first.dispersion, 1), first.hat)
    with np.errstate(divide="ignore"):
        weights = np.where(residuals > REWEIGHT_THRESHOLD, residuals ** -2.0, 1.0)
    weights *= counts.shape[1] / weights.sum(axis=1, keepdims=True)
    second = fit_quasi_poisson(design, counts, weights)
    return replace(second, converged=first.converged & second.converged)


def trend_p_values(fit) -> np.ndarray:
    """Two-sided p-value of the trend coefficient (column 1) of every series: t on the
    residual degrees of freedom, as R's summary.glm gives for a quasi-Poisson fit (the
    dispersion is estimated) and surveillance reads. A normal reference keeps too many
    trends: a baseline has only 20 to 44 residual degrees of freedom."""
    trend_se = np.sqrt(fit.dispersion * fit.covariance_unscaled[:, 1, 1])
    return 2 * stats.t.sf(np.abs(fit.params[:, 1]) / trend_se, df=fit.residual_df)


def _bounds(expected, dispersion):
    """The FALSE_ALARM_RATE and 1 - FALSE_ALARM_RATE quantiles: negative binomial with
    variance dispersion x mean (scipy's n = mean / (dispersion - 1)), Poisson at 1."""
    over = dispersion > 1
    safe_excess = np.where(over, dispersion - 1, 1.0)
    size = np.where(expected > 0, expected / safe_excess, 1.0)  # an expected 0 is answered below
    probability = size / (size + expected)
    poisson = stats.poisson(expected)
    negative_binomial = stats.nbinom(size, np.where(over, probability, 0.5))
    lower = np.where(over, negative_binomial.ppf(FALSE_ALARM_RATE), poisson.ppf(FALSE_ALARM_RATE))
    upper = np.where(over, negative_binomial.ppf(1 - FALSE_ALARM_RATE), poisson.ppf(1 - FALSE_ALARM_RATE))
    zero = expected <= 0
    return np.where(zero, 0.0, lower), np.where(zero, 0.0, upper)


def judge_month(history: np.ndarray, month_index: int) -> dict[str, np.ndarray] | None:
    """Expected count, bounds, dispersion and trend choice for month `month_index` of
    every series (rows of `history`, series x months). None when there is too little history."""
    years = min(MAX_YEARS_BACK, (month_index - WINDOW_HALF_WIDTH) // 12)
    if years < MIN_YEARS_OF_HISTORY:
        return None
    offsets = baseline_offsets(years)
    counts = history[:, month_index - offsets]
    series = counts.shape[0]
    expected = np.zeros(series)
    dispersion = np.ones(series)
    with_trend = np.zeros(series, dtype=bool)
    trend_not_converged = np.zeros(series, dtype=bool)
    fitted = counts.sum(axis=1) > 0  # a baseline of zeros expects zero; there is nothing to fit
    if fitted.any():
        y = counts[fitted]
        trend_design = baseline_design(offsets, with_trend=True)
        flat_design = baseline_design(offsets, with_trend=False)
        trend_fit = _reweighted_fit(trend_design, y)
        flat_fit = _reweighted_fit(flat_design, y)
        trend_prediction = np.exp(trend_fit.params[:, 0])
        # A trend fit that did not converge (a near-empty series whose trend runs off
        # towards zero) is not tested at all: its coefficient and p-value mean nothing.
        keep_trend = (trend_fit.converged & (trend_p_values(trend_fit) < TREND_SIGNIFICANCE)
                      & (trend_prediction <= y.max(axis=1)))
        expected[fitted] = np.where(keep_trend, trend_prediction, np.exp(flat_fit.params[:, 0]))
        dispersion[fitted] = np.maximum(1.0, np.where(keep_trend, trend_fit.dispersion, flat_fit.dispersion))
        with_trend[fitted] = keep_trend
        trend_not_converged[fitted] = ~trend_fit.converged
    lower, upper = _bounds(expected, dispersion)
    return {"expected": expected, "lower_bound": lower, "upper_bound": upper, "dispersion": dispersion,
            "with_trend": with_trend, "trend_not_converged": trend_not_converged,
            "years_of_history": np.full(series, years)}


def expected_range_matrix(history: np.ndarray) -> dict[str, np.ndarray]:
    """Every month of every series (rows of `history`, consecutive months in columns):
    arrays of the same shape, NaN where a month has too little history."""
    shape = history.shape
    result = {name: np.full(shape, np.nan) for name in ("expected", "lower_bound", "upper_bound", "dispersion")}
    result["with_trend"] = np.zeros(shape, dtype=bool)
    result["trend_not_converged"] = np.zeros(shape, dtype=bool)
    result["years_of_history"] = np.zeros(shape, dtype=int)
    # The matrices are small (hundreds of series x ~60 months): BLAS threads spend more
    # handing work over than they save, and measured four times slower on this shared
    # 2-core machine.
    with threadpool_limits(limits=BLAS_THREADS, user_api="blas"):
        for month_index in range(shape[1]):
            judged = judge_month(history, month_index)
            if judged is None:
                continue
            for name, values in judged.items():
                result[name][:, month_index] = values
    offences = history.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        # surveillance's score: 0 at the expected count, 1 at the upper bound.
        span = result["upper_bound"] - result["expected"]
        result["exceedance"] = np.where(span > 0, (offences - result["expected"]) / span,
                                        np.where(offences > result["upper_bound"], np.inf, 0.0))
    result["exceedance"][np.isnan(result["expected"])] = np.nan
    result["is_above"] = (offences > result["upper_bound"]) & (offences >= MIN_OFFENCES_TO_FLAG)
    return result


def expected_ranges(counts: pd.DataFrame, *, keys: tuple[str, ...] = ("area", "strand")) -> pd.DataFrame:
    """One row per series (`keys`) and month from the first month in `counts` to the
    last, months without a row counted as zero: `keys` + RESULT_COLUMNS."""
    columns = list(keys) + RESULT_COLUMNS
    if counts.empty:
        return pd.DataFrame(columns=columns)
    months = pd.to_datetime(counts["month"])
    all_months = pd.date_range(months.min(), months.max(), freq="MS")
    wide = (counts.assign(month=months)
            .pivot_table(index=list(keys), columns="month", values="offences", aggfunc="sum", fill_value=0)
            .reindex(columns=all_months, fill_value=0))
    history = wide.to_numpy(dtype=float)
    result = expected_range_matrix(history)
    frame = pd.DataFrame({
        **{key: np.repeat(wide.index.get_level_values(key).to_numpy(), len(all_months)) for key in keys},
        "month": np.tile(all_months.date, len(wide)),
        "offences": history.astype(int).ravel(),
        **{name: result[name].ravel() for name in ("expected", "lower_bound", "upper_bound", "exceedance",
                                                    "is_above", "dispersion", "with_trend", "years_of_history")},
    })
    judged = frame.expected.notna()
    frame["is_above"] = frame.is_above & judged
    frame["no_verdict_reason"] = np.where(judged, None, NOT_ENOUGH_HISTORY)
    frame["no_trend_reason"] = np.where(result["trend_not_converged"].ravel(), TREND_NOT_CONVERGED, None)
    return frame[columns]
