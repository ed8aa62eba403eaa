"""Softmax outputs and the cross-entropy loss of a classifier."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .units import Base, log_of_base
from .validation import DistributionError

__all__ = ["softmax", "log_softmax", "cross_entropy_loss"]


def _logits(z: ArrayLike) -> np.ndarray:
    arr = np.asarray(z, dtype=np.float64)
    if arr.ndim == 0 or arr.shape[-1] == 0:
        raise DistributionError(f"logits must have at least one class along the last axis; got shape {arr.shape}")
    if not np.isfinite(arr).all():
        i = np.argwhere(~np.isfinite(arr))[0]
        raise DistributionError(f"logits must be finite; got {arr[tuple(i)]!r} at index {tuple(int(k) for k in i)}")
    return arr


def log_softmax(z: ArrayLike, *, axis: int = -1) -> np.ndarray:
    r"""Logarithm of :func:`softmax`, computed without overflow or underflow.

    Notes
    -----
    :math:`\log \mathrm{softmax}(z)_k = z_k - \max z - \log \sum_j e^{z_j - \max z}`.

    Examples
    --------
    >>> log_softmax([1000.0, 1000.0]).round(4)
    array([-0.6931, -0.6931])
    """
    arr = _logits(z)
    shifted = arr - arr.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax(z: ArrayLike, *, axis: int = -1) -> np.ndarray:
    r"""Turn real scores (logits) into a probability distribution.

    Parameters
    ----------
    z : array_like
        Scores; an N-d array holds one score vector per row along ``axis``.
    axis : int, default -1
        The axis of the classes.

    Returns
    -------
    numpy.ndarray
        :math:`\mathrm{softmax}(z)_k = e^{z_k} / \sum_j e^{z_j}`, each slice summing to 1.

    Raises
    ------
    DistributionError
        If a score is NaN or infinite.

    Examples
    --------
    >>> softmax([0.0, 0.0])
    array([0.5, 0.5])
    >>> softmax([[1.0, 2.0], [3.0, 3.0]]).sum(axis=1)
    array([1., 1.])
    """
    return np.exp(log_softmax(z, axis=axis))


def cross_entropy_loss(logits: ArrayLike, labels: ArrayLike, *, base: Base = "nats") -> float:
    r"""Mean cross-entropy loss of a classifier, from its logits and the true labels.

    Parameters
    ----------
    logits : array_like, shape (n_samples, n_classes)
        Scores for each class.
    labels : array_like of int, shape (n_samples,)
        The true class of each sample, in ``range(n_classes)``.
    base : float or str, default "nats"
        Logarithm base or unit name (machine learning uses nats).

    Returns
    -------
    float
        :math:`-\frac1n \sum_i \log_b \mathrm{softmax}(z_i)_{y_i}`: the average
        cross-entropy :math:`H(\text{one-hot}(y_i), \mathrm{softmax}(z_i))`, which is
        the negative log-likelihood of the labels.

    Raises
    ------
    DistributionError
        If shapes disagree, a logit is not finite, or a label is not a class index.

    Notes
    -----
    Its gradient with respect to the logits is
    :math:`(\mathrm{softmax}(z_i) - \text{one-hot}(y_i))/n` (in nats).

    Examples
    --------
    >>> round(cross_entropy_loss([[0.0, 0.0]], [1]), 4)
    0.6931
    >>> cross_entropy_loss([[0.0, 0.0]], [1], base="bits")
    1.0
    """
    scale = log_of_base(base)
    z = _logits(logits)
    y = np.asarray(labels)
    if z.ndim != 2:
        raise DistributionError(f"logits must have shape (n_samples, n_classes); got {z.shape}")
    if y.shape != (z.shape[0],):
        raise DistributionError(
            f"labels must have shape ({z.shape[0]},), one per row of logits; got {y.shape}"
        )
    if y.dtype.kind not in "iu" or (y.size and (y.min() < 0 or y.max() >= z.shape[1])):
        raise DistributionError(
            f"labels must be integers in range({z.shape[1]}); got {y.ravel()[:5].tolist()!r}"
        )
    logp = log_softmax(z, axis=1)
    return float(-logp[np.arange(z.shape[0]), y].mean()) / scale
