"""Estimating entropy from counts of observed outcomes."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from .measures import entropy
from .units import Base, log_of_base
from .validation import DistributionError, as_float_array

__all__ = ["plugin_entropy", "miller_madow_entropy"]


def _counts(counts: ArrayLike | Mapping) -> np.ndarray:
    arr = as_float_array(counts, "counts")
    if arr.ndim != 1 or arr.size == 0:
        raise DistributionError(f"counts must be a non-empty 1-D array; got shape {arr.shape}")
    bad = np.flatnonzero(~np.isfinite(arr) | (arr < 0) | (arr != np.round(arr)))
    if bad.size:
        raise DistributionError(
            f"counts must be non-negative whole numbers; got {float(arr[bad[0]])!r} at index {int(bad[0])}"
        )
    if arr.sum() == 0:
        raise DistributionError("counts are all zero: there is no sample to estimate from")
    return arr


def plugin_entropy(counts: ArrayLike | Mapping, *, base: Base = 2) -> float:
    r"""Plug-in (maximum-likelihood) entropy estimate from outcome counts.

    Parameters
    ----------
    counts : array_like or Mapping
        How often each outcome was observed (non-negative whole numbers).
    base : float or str, default 2
        Logarithm base or unit name.

    Returns
    -------
    float
        :math:`\hat H = -\sum_x \hat p(x) \log_b \hat p(x)` with
        :math:`\hat p(x) = n_x / N`.

    Raises
    ------
    DistributionError
        If a count is negative, fractional or not finite, or all are zero.

    Notes
    -----
    The estimate is biased low: :math:`\mathbb{E}[\hat H] \le H` by Jensen's
    inequality, and for :math:`m` outcomes of positive probability the bias is
    about :math:`-(m - 1)/(2N)` nats :cite:p:`paninski2003estimation`.

    Examples
    --------
    >>> plugin_entropy([5, 5])
    1.0
    >>> plugin_entropy({"a": 3, "b": 1}) == plugin_entropy([3, 1])
    True
    """
    return entropy(_counts(counts), base=base, normalize=True)


def miller_madow_entropy(counts: ArrayLike | Mapping, *, base: Base = 2) -> float:
    r"""Miller-Madow bias-corrected entropy estimate from outcome counts.

    Parameters
    ----------
    counts : array_like or Mapping
        How often each outcome was observed (non-negative whole numbers).
    base : float or str, default 2
        Logarithm base or unit name.

    Returns
    -------
    float
        :math:`\hat H_{\mathrm{MM}} = \hat H + (\hat m - 1)/(2N)` nats, where
        :math:`\hat m` is the number of outcomes observed at least once and
        :math:`N` the number of samples; converted to ``base``.

    Raises
    ------
    DistributionError
        As for :func:`plugin_entropy`.

    Notes
    -----
    The correction removes the first-order term of the plug-in estimator's
    bias :cite:p:`miller1955note`.

    Examples
    --------
    >>> round(miller_madow_entropy([5, 5], base="nats"), 4)
    0.7431
    """
    arr = _counts(counts)
    n_seen = np.count_nonzero(arr)
    correction_nats = (n_seen - 1) / (2.0 * arr.sum())
    return float(plugin_entropy(arr, base=base) + correction_nats / log_of_base(base))
