"""Softmax outputs and the cross-entropy loss of a classifier."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .units import Base, log_of_base
from .validation import DistributionError, check_probabilities

__all__ = [
    "softmax",
    "log_softmax",
    "cross_entropy_loss",
    "cross_entropy_loss_gradient",
    "one_hot",
    "sigmoid",
    "binary_cross_entropy_loss",
]


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
    with np.errstate(over="ignore"):  # z_k - max z below -1.8e308 is -inf: e^(-inf) = 0
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
    z, y = _logits_and_labels(logits, labels)
    logp = log_softmax(z, axis=1)
    return float(-logp[np.arange(z.shape[0]), y].mean()) / scale + 0.0  # never -0.0


def _check_labels(labels: ArrayLike, n_samples: int | None, n_classes: int) -> np.ndarray:
    """Validate class labels: integers in range(n_classes), one per sample."""
    y = np.asarray(labels)
    if y.ndim != 1 or (n_samples is not None and y.shape != (n_samples,)):
        want = f"({n_samples},), one per row of logits" if n_samples is not None else "(n_samples,)"
        raise DistributionError(f"labels must have shape {want}; got {y.shape}")
    if y.dtype.kind not in "iu" or (y.size and (y.min() < 0 or y.max() >= n_classes)):
        raise DistributionError(
            f"labels must be integers in range({n_classes}); got {y.ravel()[:5].tolist()!r}"
        )
    return y


def _logits_and_labels(logits: ArrayLike, labels: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Validate a (n_samples, n_classes) logit matrix and its labels."""
    z = _logits(logits)
    if z.ndim != 2:
        raise DistributionError(f"logits must have shape (n_samples, n_classes); got {z.shape}")
    if z.shape[0] == 0:
        raise DistributionError("logits must have at least one sample (row); got shape (0, ...)")
    return z, _check_labels(labels, z.shape[0], z.shape[1])


def one_hot(labels: ArrayLike, n_classes: int) -> np.ndarray:
    r"""Encode class labels as one-hot rows: the target distributions of a classifier.

    Parameters
    ----------
    labels : array_like of int, shape (n_samples,)
        Class indices, each in ``range(n_classes)``.
    n_classes : int
        Number of classes (columns), at least 1.

    Returns
    -------
    numpy.ndarray, shape (n_samples, n_classes)
        Row :math:`i` is the distribution that puts probability 1 on class
        :math:`y_i` and 0 elsewhere.

    Raises
    ------
    DistributionError
        If a label is not an integer in ``range(n_classes)`` or ``labels`` is not 1-D.
    ValueError
        If ``n_classes`` is not a positive integer.

    Notes
    -----
    .. math:: \text{one-hot}(y)_k = [k = y]

    With these rows as :math:`p`, the cross-entropy
    :math:`H(\text{one-hot}(y), q) = -\log q_y` is the negative log-likelihood.

    Examples
    --------
    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) or n_classes < 1:
        raise ValueError(f"n_classes must be a positive integer; got {n_classes!r}")
    y = _check_labels(labels, None, int(n_classes))
    out = np.zeros((y.size, int(n_classes)))
    out[np.arange(y.size), y] = 1.0
    return out


def cross_entropy_loss_gradient(
    logits: ArrayLike, labels: ArrayLike, *, base: Base = "nats"
) -> np.ndarray:
    r"""Gradient of :func:`cross_entropy_loss` with respect to the logits.

    Parameters
    ----------
    logits : array_like, shape (n_samples, n_classes)
        Scores for each class.
    labels : array_like of int, shape (n_samples,)
        The true class of each sample, in ``range(n_classes)``.
    base : float or str, default "nats"
        Logarithm base or unit name of the loss being differentiated.

    Returns
    -------
    numpy.ndarray, shape (n_samples, n_classes)
        :math:`\partial L / \partial z_{ik}`: predicted minus true probability,
        divided by the number of samples (and by :math:`\ln b` for base :math:`b`).

    Raises
    ------
    DistributionError
        If shapes disagree, a logit is not finite, or a label is not a class index.

    Notes
    -----
    For :math:`L = -\frac1n \sum_i \ln \mathrm{softmax}(z_i)_{y_i}`,

    .. math:: \frac{\partial L}{\partial z_{ik}}
              = \frac{1}{n}\bigl(\mathrm{softmax}(z_i)_k - [k = y_i]\bigr),

    because :math:`-\ln \mathrm{softmax}(z)_y = -z_y + \ln \sum_j e^{z_j}`.
    Each row sums to 0.

    Examples
    --------
    >>> cross_entropy_loss_gradient([[0.0, 0.0]], [1])
    array([[ 0.5, -0.5]])
    >>> cross_entropy_loss_gradient([[0.0, 0.0], [0.0, 0.0]], [0, 0])
    array([[-0.25,  0.25],
           [-0.25,  0.25]])
    """
    scale = log_of_base(base)
    z, y = _logits_and_labels(logits, labels)
    grad = softmax(z, axis=1)
    grad[np.arange(z.shape[0]), y] -= 1.0
    grad /= z.shape[0] * scale
    return grad


def sigmoid(z: ArrayLike) -> np.ndarray:
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`, without overflow.

    Parameters
    ----------
    z : array_like
        Logits (log-odds), finite; applied elementwise.

    Returns
    -------
    numpy.ndarray
        Probabilities in [0, 1]: :math:`\sigma(z)` is the probability of the
        positive class, :math:`\mathrm{softmax}((0, z))_2`.

    Raises
    ------
    DistributionError
        If a logit is NaN or infinite, or ``z`` is empty.

    Notes
    -----
    Computed from :math:`e^{-|z|}`, which cannot overflow: as
    :math:`1 / (1 + e^{-z})` for :math:`z \ge 0` and as :math:`e^{z} / (1 + e^{z})`
    for :math:`z < 0`, so that the tiny probabilities of very negative :math:`z`
    keep their relative accuracy.

    Examples
    --------
    >>> sigmoid([0.0, 800.0, -800.0])
    array([0.5, 1. , 0. ])
    >>> float(sigmoid(-40.0)[0])
    4.248354255291589e-18
    """
    arr = _logits(np.atleast_1d(z))
    e = np.exp(-np.abs(arr))
    return np.where(arr >= 0, 1.0, e) / (1.0 + e)


def binary_cross_entropy_loss(
    logits: ArrayLike, targets: ArrayLike, *, pos_weight: float = 1.0, base: Base = "nats"
) -> float:
    r"""Mean binary cross-entropy of a sigmoid output against targets, from the logits.

    Parameters
    ----------
    logits : array_like
        One logit per prediction; :math:`\sigma(z)` is the predicted probability
        of the positive class.
    targets : array_like, same shape as ``logits``
        Target probability of the positive class for each prediction: 0 or 1
        for hard labels, anything in [0, 1] for soft ones.
    pos_weight : float, default 1.0
        Weight :math:`w > 0` of the positive term, as PyTorch's
        ``BCEWithLogitsLoss(pos_weight=...)``: each term becomes
        :math:`-w y \log \sigma(z) - (1 - y) \log(1 - \sigma(z))`.
    base : float or str, default "nats"
        Logarithm base or unit name (machine learning uses nats).

    Returns
    -------
    float
        :math:`\frac1n \sum_i H\bigl((y_i, 1 - y_i), (\sigma(z_i), 1 - \sigma(z_i))\bigr)`,
        the average over all elements (with ``pos_weight`` :math:`w \ne 1`, the
        weighted terms' average).

    Raises
    ------
    DistributionError
        If the shapes differ, there is no element, a logit is not finite, or a
        target is outside [0, 1].
    ValueError
        If ``pos_weight`` is not a finite positive number.

    Notes
    -----
    Since :math:`-\log \sigma(z) = \log(1 + e^{-z})` and
    :math:`-\log(1 - \sigma(z)) = z + \log(1 + e^{-z})`, each term is

    .. math:: -y \log \sigma(z) - (1 - y) \log(1 - \sigma(z))
              = \max(z, 0) - z y + \log\bigl(1 + e^{-|z|}\bigr),

    which is finite and accurate for every finite :math:`z`; forming
    :math:`\sigma(z)` first and taking its logarithm is not: once
    :math:`\sigma(z)` rounds to 0 or 1 it gives :math:`\infty`, or NaN where a
    zero target weight meets the infinite logarithm (:math:`0 \cdot \infty`). Its gradient with
    respect to :math:`z_i` is :math:`(\sigma(z_i) - y_i)/n` in nats.
    With ``pos_weight`` :math:`w` the term is
    :math:`(1 - y) z + (w y + 1 - y) \log(1 + e^{-z})`, with
    :math:`\log(1 + e^{-z}) = \max(-z, 0) + \log(1 + e^{-|z|})`; for a
    positive-class probability :math:`p` its expected value is least at
    :math:`\sigma(z) = w p / (w p + 1 - p)`, the true odds multiplied by :math:`w`.

    Examples
    --------
    >>> round(binary_cross_entropy_loss([0.0], [1.0]), 4)
    0.6931
    >>> binary_cross_entropy_loss([0.0], [1.0], base="bits")
    1.0
    >>> binary_cross_entropy_loss([-800.0], [1.0])
    800.0
    >>> binary_cross_entropy_loss([-800.0], [1.0], pos_weight=3.0)
    2400.0
    """
    if isinstance(pos_weight, (bool, np.bool_)) or not (np.isfinite(pos_weight) and pos_weight > 0):
        raise ValueError(f"pos_weight must be a finite positive number; got {pos_weight!r}")
    scale = log_of_base(base)
    z = np.asarray(logits, dtype=np.float64) if not isinstance(logits, np.ndarray) else logits
    y = check_probabilities(targets, "targets")
    if np.shape(z) != y.shape:
        raise DistributionError(f"logits and targets must have the same shape; got {np.shape(z)} and {y.shape}")
    if y.size == 0:
        raise DistributionError("logits must have at least one element; got an empty array")
    z = _logits(np.reshape(z, (-1, 1)))[:, 0]
    y = y.ravel()
    if pos_weight == 1.0:
        terms = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
    else:
        softplus_minus_z = np.maximum(-z, 0.0) + np.log1p(np.exp(-np.abs(z)))
        terms = (1.0 - y) * z + (pos_weight * y + 1.0 - y) * softplus_minus_z
    return float(terms.mean()) / scale + 0.0
