"""Modified cross-entropy losses of practice: class weights, ignored targets, focal loss."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .classification import _check_labels, _logits, log_softmax
from .units import Base, log_of_base
from .validation import DistributionError

__all__ = ["weighted_cross_entropy_loss", "focal_loss"]


def _logit_matrix(logits: ArrayLike) -> np.ndarray:
    z = _logits(logits)
    if z.ndim != 2:
        raise DistributionError(f"logits must have shape (n_samples, n_classes); got {z.shape}")
    if z.shape[0] == 0:
        raise DistributionError("logits must have at least one sample (row); got shape (0, ...)")
    return z


def weighted_cross_entropy_loss(
    logits: ArrayLike,
    labels: ArrayLike,
    *,
    class_weight: ArrayLike | None = None,
    ignore_index: int | None = None,
    base: Base = "nats",
) -> float:
    r"""Cross-entropy loss with class weights and ignored targets, averaged as PyTorch does.

    Parameters
    ----------
    logits : array_like, shape (n_samples, n_classes)
        Scores for each class.
    labels : array_like of int, shape (n_samples,)
        The true class of each sample, in ``range(n_classes)``, or
        ``ignore_index`` for a sample that does not count (padding).
    class_weight : array_like, shape (n_classes,), optional
        A nonnegative weight per class (PyTorch's ``weight=``); all 1 if left out.
    ignore_index : int, optional
        A label value whose samples are left out of the sum and of the divisor.
    base : float or str, default "nats"
        Logarithm base or unit name.

    Returns
    -------
    float
        :math:`\sum_i w_{y_i} \ell_i / \sum_i w_{y_i}`, over the samples not
        ignored, with :math:`\ell_i = -\log_b \mathrm{softmax}(z_i)_{y_i}`.

    Raises
    ------
    DistributionError
        If shapes disagree, a logit is not finite, or a label is neither a class
        index nor ``ignore_index``.
    ValueError
        If a class weight is negative or not finite, or the counted samples'
        weights sum to 0.

    Notes
    -----
    This is the ``reduction='mean'`` of ``torch.nn.CrossEntropyLoss`` and
    ``NLLLoss`` with class-index targets: a weighted mean, divided by the summed
    weights of the counted targets, not by :math:`n` :cite:p:`pytorch2024losses`.
    With no weights and nothing ignored it is :func:`cross_entropy_loss`.

    Examples
    --------
    >>> z = [[0.0, 0.0], [0.0, 0.0], [5.0, -5.0]]
    >>> round(weighted_cross_entropy_loss(z, [0, 1, -100], ignore_index=-100), 4)
    0.6931
    >>> round(weighted_cross_entropy_loss(z, [0, 1, 0], class_weight=[0.0, 1.0]), 4)
    0.6931
    """
    scale = log_of_base(base)
    z = _logit_matrix(logits)
    n, k = z.shape
    y = np.asarray(labels)
    counted = y != ignore_index if ignore_index is not None else np.ones(y.shape, dtype=bool)
    _check_labels(np.where(counted, y, 0), n, k)  # ignored samples stand in as class 0
    if class_weight is None:
        w = np.ones(k)
    else:
        w = np.asarray(class_weight, dtype=np.float64)
        if w.shape != (k,):
            raise ValueError(f"class_weight must have shape ({k},), one weight per class; got {w.shape}")
        if not (np.isfinite(w).all() and (w >= 0).all()):
            i = int(np.flatnonzero(~(np.isfinite(w) & (w >= 0)))[0])
            raise ValueError(f"class_weight must be finite and nonnegative; got {float(w[i])!r} at index {i}")
    rows = np.flatnonzero(counted)
    weights = w[y[rows]]
    total = weights.sum()
    if not total > 0:
        raise ValueError("the counted samples' class weights sum to 0: the weighted mean is undefined")
    losses = -log_softmax(z[rows], axis=1)[np.arange(rows.size), y[rows]]
    return float(weights @ losses / total) / scale + 0.0


def focal_loss(logits: ArrayLike, labels: ArrayLike, *, gamma: float = 2.0, base: Base = "nats") -> float:
    r"""Mean focal loss of a classifier: the cross-entropy with easy examples turned down.

    Parameters
    ----------
    logits : array_like, shape (n_samples, n_classes)
        Scores for each class.
    labels : array_like of int, shape (n_samples,)
        The true class of each sample, in ``range(n_classes)``.
    gamma : float, default 2.0
        The focusing parameter, :math:`\gamma \ge 0`; 0 gives the cross-entropy.
    base : float or str, default "nats"
        Logarithm base or unit name.

    Returns
    -------
    float
        :math:`-\frac1n \sum_i (1 - q_{i y_i})^\gamma \log_b q_{i y_i}` with
        :math:`q_i = \mathrm{softmax}(z_i)`.

    Raises
    ------
    DistributionError
        If shapes disagree, a logit is not finite, or a label is not a class index.
    ValueError
        If ``gamma`` is negative or not finite.

    Notes
    -----
    Lin et al. [Lin2017]_ multiply each example's cross-entropy by
    :math:`(1 - q_y)^\gamma`, so that examples already classified with
    confidence contribute little and the rare, hard ones dominate the
    gradient. Unlike the cross-entropy, it is not minimised in expectation
    by the true distribution: for :math:`\gamma > 0` its minimiser is pulled
    towards the uniform distribution.

    References
    ----------
    .. [Lin2017] T.-Y. Lin, P. Goyal, R. Girshick, K. He and P. Dollár, "Focal
       loss for dense object detection", ICCV (2017).

    Examples
    --------
    >>> round(focal_loss([[0.0, 0.0]], [0], gamma=0.0), 4)
    0.6931
    >>> round(focal_loss([[0.0, 0.0]], [0], gamma=2.0), 4)
    0.1733
    """
    if not (np.isfinite(gamma) and gamma >= 0):
        raise ValueError(f"gamma must be finite and nonnegative; got {gamma!r}")
    scale = log_of_base(base)
    z = _logit_matrix(logits)
    y = _check_labels(labels, z.shape[0], z.shape[1])
    log_q = log_softmax(z, axis=1)[np.arange(z.shape[0]), y]
    # 1 - q_y = -expm1(log q_y), accurate when q_y is close to 1
    weight = (-np.expm1(log_q)) ** gamma
    return float(-(weight * log_q).mean()) / scale + 0.0
