"""Quasi-Poisson regressions for many series at once, all sharing one design matrix.

At load time the expected range needs one regression per series and month: ~40,000 for
the demo store. statsmodels' GLM takes a few milliseconds per fit, most of it Python
overhead, which would add minutes to every load. The series of one dataset share their
months, so at a given month every series has the same design matrix and only the counts
and weights differ: this module runs statsmodels' own algorithm (iteratively reweighted
least squares for a Poisson log-linear model, Pearson chi-squared dispersion) on all
series together with numpy. tests/test_expected_range.py checks its coefficients,
dispersion and hat values against statsmodels' GLM fit for the same series.
"""

from dataclasses import dataclass

import numpy as np

MAX_ITERATIONS = 100          # statsmodels' GLM.fit default
CONVERGENCE_TOLERANCE = 1e-8  # statsmodels' default: relative change in deviance
# Keeps exp() finite when a seasonal level has only zeros and its coefficient runs off
# to minus infinity (the fitted mean is then e^-30, zero for every purpose here).
LINEAR_PREDICTOR_LIMIT = 30.0
# A whisker on the diagonal so a level with only zeros (weights ~e^-30) leaves the
# weighted cross-product invertible; far below anything that moves a fitted mean.
RIDGE = 1e-10


@dataclass(frozen=True)
class BatchFit:
    params: np.ndarray      # (series, columns)
    fitted: np.ndarray      # (series, rows): fitted means
    dispersion: np.ndarray  # (series,): Pearson chi-squared over residual degrees of freedom
    hat: np.ndarray         # (series, rows): diagonal of the weighted hat matrix
    covariance_unscaled: np.ndarray  # (series, columns, columns): (X'WX)^-1
    # (series,): the deviance settled within MAX_ITERATIONS and no fitted mean is pinned
    # at e^-LINEAR_PREDICTOR_LIMIT. A pinned mean is a coefficient running off to
    # infinity (no finite fit exists: a seasonal level of only zeros, a trend through a
    # near-empty series), which the clip makes look settled; the other coefficients are
    # still usable, that one is not. R's glm reports such fits as not converged or with
    # "fitted rates numerically 0"; surveillance drops the trend when it has not converged.
    converged: np.ndarray
    residual_df: int        # rows - columns, the denominator of the dispersion


def _deviance(y, mu, weights):
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(y / mu), 0.0)
    return 2 * np.sum(weights * (term - (y - mu)), axis=1)


def fit_quasi_poisson(design: np.ndarray, counts: np.ndarray, weights: np.ndarray | None = None) -> BatchFit:
    """Fit log E[counts] = design @ params for every row of `counts` (series x rows),
    with prior weights (statsmodels' `var_weights`, R's `weights`). As statsmodels, the
    first means are halfway between each count and its series' mean."""
    y = np.asarray(counts, dtype=float)
    x = np.asarray(design, dtype=float)
    w = np.ones_like(y) if weights is None else np.asarray(weights, dtype=float)
    rows, columns = x.shape
    mu = (y + y.mean(axis=1, keepdims=True)) / 2
    mu = np.maximum(mu, np.exp(-LINEAR_PREDICTOR_LIMIT))
    eta = np.log(mu)
    deviance = _deviance(y, mu, w)
    ridge = RIDGE * np.eye(columns)
    # Row-wise outer products of the design, so X'WX for every series is one matrix product.
    outer = (x[:, :, None] * x[:, None, :]).reshape(rows, columns * columns)
    params = np.zeros((y.shape[0], columns))
    # Series stop being iterated once converged (as each would alone in statsmodels);
    # a few slow ones, such as a seasonal level of zeros, no longer hold up the rest.
    active = np.arange(y.shape[0])
    converged_series = np.zeros(y.shape[0], dtype=bool)
    for _ in range(MAX_ITERATIONS):
        y_a, w_a, eta_a, mu_a = y[active], w[active], eta[active], mu[active]
        working = eta_a + (y_a - mu_a) / mu_a
        irls_weights = w_a * mu_a
        cross = (irls_weights @ outer).reshape(-1, columns, columns) + ridge
        right = (irls_weights * working) @ x
        params[active] = np.linalg.solve(cross, right[..., None])[..., 0]
        eta[active] = np.clip(params[active] @ x.T, -LINEAR_PREDICTOR_LIMIT, LINEAR_PREDICTOR_LIMIT)
        mu[active] = np.exp(eta[active])
        new_deviance = _deviance(y_a, mu[active], w_a)
        converged = np.abs(new_deviance - deviance[active]) <= CONVERGENCE_TOLERANCE * (np.abs(new_deviance) + 1e-5)
        deviance[active] = new_deviance
        converged_series[active[converged]] = True
        active = active[~converged]
        if active.size == 0:
            break
    pinned = np.any(eta <= -LINEAR_PREDICTOR_LIMIT, axis=1)
    irls_weights = w * mu
    covariance = np.linalg.inv((irls_weights @ outer).reshape(-1, columns, columns) + ridge)
    hat = irls_weights * np.sum(np.matmul(x[None], covariance) * x[None], axis=2)
    residual_df = rows - columns
    dispersion = np.sum(w * (y - mu) ** 2 / mu, axis=1) / residual_df
    return BatchFit(params=params, fitted=mu, dispersion=dispersion, hat=hat, covariance_unscaled=covariance,
                    converged=converged_series & ~pinned, residual_df=residual_df)
