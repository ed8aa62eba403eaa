"""Calibration of a classifier: reliability-diagram bins and expected calibration error."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .classification import _check_labels
from .validation import DistributionError, check_distribution

__all__ = ["ReliabilityBins", "reliability_bins", "expected_calibration_error", "brier_score"]


class ReliabilityBins(NamedTuple):
    """The bins of a reliability diagram (see :func:`reliability_bins`)."""

    #: Bin edges, ``n_bins + 1`` numbers from 0 to 1.
    edges: np.ndarray
    #: Number of predictions whose confidence falls in each bin.
    counts: np.ndarray
    #: Mean confidence in each bin (NaN for an empty bin).
    confidence: np.ndarray
    #: Fraction of correct predictions in each bin (NaN for an empty bin).
    accuracy: np.ndarray


def _check_n_bins(n_bins: object) -> int:
    if isinstance(n_bins, (bool, np.bool_)) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer; got {n_bins!r}")
    return int(n_bins)


def reliability_bins(probabilities: ArrayLike, labels: ArrayLike, *, n_bins: int = 10) -> ReliabilityBins:
    r"""Group a classifier's predictions by confidence, for a reliability diagram.

    Parameters
    ----------
    probabilities : array_like, shape (n_samples, n_classes)
        Predicted distribution over the classes for each sample; rows sum to 1.
    labels : array_like of int, shape (n_samples,)
        The true class of each sample, in ``range(n_classes)``.
    n_bins : int, default 10
        Number of equal-width confidence bins on [0, 1].

    Returns
    -------
    ReliabilityBins
        Named tuple ``(edges, counts, confidence, accuracy)``: per bin, the
        number of predictions, their mean confidence and the fraction that
        were right. Empty bins have count 0 and NaN confidence and accuracy.

    Raises
    ------
    DistributionError
        If ``probabilities`` is not a 2-D array of distributions (rows), or a
        label is not a class index, or there is no sample.
    ValueError
        If ``n_bins`` is not a positive integer.

    Notes
    -----
    A prediction's **confidence** is its largest probability
    :math:`\hat p_i = \max_k q_{ik}` and its predicted class is the
    :math:`\arg\max`. Bin :math:`m` holds the predictions with
    :math:`\frac{m-1}{M} < \hat p_i \le \frac{m}{M}`
    :cite:p:`guo2017calibration`. A calibrated classifier has accuracy equal to
    confidence in every bin: among predictions made with confidence 0.8, 80%
    are right.

    Examples
    --------
    >>> q = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]]
    >>> bins = reliability_bins(q, [0, 1, 1, 0], n_bins=5)
    >>> bins.counts
    array([0, 0, 1, 2, 1])
    >>> bins.accuracy
    array([nan, nan, 1. , 0.5, 1. ])
    """
    n_bins = _check_n_bins(n_bins)
    q = np.asarray(probabilities) if not isinstance(probabilities, np.ndarray) else probabilities
    if np.ndim(q) != 2:
        raise DistributionError(
            f"probabilities must have shape (n_samples, n_classes); got {np.shape(q)}"
        )
    if np.shape(q)[0] == 0:
        raise DistributionError("probabilities must have at least one sample (row); got shape (0, ...)")
    q, _ = check_distribution(q, "probabilities", axis=1)
    y = _check_labels(labels, q.shape[0], q.shape[1])
    confidence = q.max(axis=1)
    correct = (q.argmax(axis=1) == y).astype(np.float64)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    # bin m holds edges[m] < confidence <= edges[m + 1]
    which = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, n_bins - 1)
    counts = np.bincount(which, minlength=n_bins)
    sums_conf = np.bincount(which, weights=confidence, minlength=n_bins)
    sums_correct = np.bincount(which, weights=correct, minlength=n_bins)
    nan = np.full(n_bins, np.nan)
    mean_conf = np.divide(sums_conf, counts, out=nan.copy(), where=counts > 0)
    accuracy = np.divide(sums_correct, counts, out=nan.copy(), where=counts > 0)
    return ReliabilityBins(edges, counts, mean_conf, accuracy)


def expected_calibration_error(probabilities: ArrayLike, labels: ArrayLike, *, n_bins: int = 10) -> float:
    r"""Expected calibration error (ECE) of a classifier's predicted probabilities.

    Parameters
    ----------
    probabilities : array_like, shape (n_samples, n_classes)
        Predicted distribution over the classes for each sample; rows sum to 1.
    labels : array_like of int, shape (n_samples,)
        The true class of each sample, in ``range(n_classes)``.
    n_bins : int, default 10
        Number of equal-width confidence bins on [0, 1].

    Returns
    -------
    float
        The average gap between accuracy and confidence over the bins of
        :func:`reliability_bins`, weighted by how many predictions each holds;
        between 0 and 1.

    Raises
    ------
    DistributionError
        As :func:`reliability_bins`.
    ValueError
        If ``n_bins`` is not a positive integer.

    Notes
    -----
    With :math:`n` predictions and :math:`B_m` those in bin :math:`m`,

    .. math:: \mathrm{ECE} = \sum_{m=1}^{M} \frac{|B_m|}{n}
              \bigl|\mathrm{acc}(B_m) - \mathrm{conf}(B_m)\bigr|

    [Guo2017]_. It is 0 for a calibrated classifier up to
    sampling noise (of order :math:`\sqrt{M/n}`), and it depends on the number
    of bins: report :math:`M` with it.

    References
    ----------
    .. [Guo2017] C. Guo, G. Pleiss, Y. Sun and K. Q. Weinberger, "On calibration
       of modern neural networks", ICML (2017).

    Examples
    --------
    >>> q = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]]
    >>> round(expected_calibration_error(q, [0, 1, 1, 0], n_bins=5), 4)
    0.25
    """
    bins = reliability_bins(probabilities, labels, n_bins=n_bins)
    full = bins.counts > 0
    gaps = np.abs(bins.accuracy[full] - bins.confidence[full])
    return float(gaps @ bins.counts[full] / bins.counts.sum())


def brier_score(probabilities: ArrayLike, labels: ArrayLike) -> float:
    r"""Brier score of a classifier: the mean squared distance of its predictions from the labels.

    Parameters
    ----------
    probabilities : array_like, shape (n_samples, n_classes)
        Predicted distribution over the classes for each sample; rows sum to 1.
    labels : array_like of int, shape (n_samples,)
        The true class of each sample, in ``range(n_classes)``.

    Returns
    -------
    float
        :math:`\frac1n \sum_i \sum_k (q_{ik} - \mathbb{1}[y_i = k])^2`, between
        0 (certain and right) and 2 (certain and wrong).

    Raises
    ------
    DistributionError
        As :func:`reliability_bins`.

    Notes
    -----
    Like the log-loss it is a **proper scoring rule**: if the labels are
    drawn from :math:`p`, the expected score of a prediction :math:`q` is
    :math:`\lVert q - p \rVert^2 + 1 - \lVert p \rVert^2`, least at
    :math:`q = p` [Brier1950]_. This is Brier's original multi-class form;
    for two classes it is twice ``sklearn.metrics.brier_score_loss`` of the
    positive class's probability.

    References
    ----------
    .. [Brier1950] G. W. Brier, "Verification of forecasts expressed in terms
       of probability", Monthly Weather Review 78 (1950).

    Examples
    --------
    >>> brier_score([[1.0, 0.0], [0.5, 0.5]], [0, 1])
    0.25
    """
    q = np.asarray(probabilities) if not isinstance(probabilities, np.ndarray) else probabilities
    if np.ndim(q) != 2:
        raise DistributionError(
            f"probabilities must have shape (n_samples, n_classes); got {np.shape(q)}"
        )
    if np.shape(q)[0] == 0:
        raise DistributionError("probabilities must have at least one sample (row); got shape (0, ...)")
    q, _ = check_distribution(q, "probabilities", axis=1)
    y = _check_labels(labels, q.shape[0], q.shape[1])
    residual = q.copy()
    residual[np.arange(q.shape[0]), y] -= 1.0
    return float((residual**2).sum(axis=1).mean()) + 0.0
