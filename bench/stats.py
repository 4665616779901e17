"""Summaries of timing samples."""

import numpy as np


def summary(samples) -> dict:
    """p50, p95 (linear interpolation, numpy's default) and max of `samples`, with the count.
    Missing samples (None) are left out."""
    values = np.asarray([value for value in samples if value is not None], dtype=float)
    if values.size == 0:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    return {"n": int(values.size), "p50": float(np.percentile(values, 50)),
            "p95": float(np.percentile(values, 95)), "max": float(values.max())}


def median(samples) -> float | None:
    values = list(samples)
    return float(np.median(values)) if values else None
