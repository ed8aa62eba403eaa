"""Information content, entropy, cross-entropy and divergences.

Each public function validates its input once (:mod:`infolib.validation`),
computes in nats on clean float64 arrays, and divides by ``ln(base)`` at the end.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from .units import Base, log_of_base
from .validation import (
    SUM_TOLERANCE,
    ProbabilityLike,
    check_distribution,
    check_pair,
    check_probabilities,
)

__all__ = [
    "information",
    "entropy",
    "cross_entropy",
    "kl_divergence",
    "binary_entropy",
    "jensen_shannon_divergence",
]

# Large 1-D inputs are processed in blocks that stay in the CPU cache.
_BLOCK = 1 << 17
# Above this KL (nats) the direct sum  sum p*log(p/q)  is accurate to ~1e-14.
_KL_DIRECT_OK = 0.05
# |d| = |p - q| / q below which  (1+d)log(1+d) - d  is summed as a series.
_SERIES_LIMIT = 0.1
# f(d) = (1+d)log(1+d) - d = sum_{k>=2} (-1)^k d^k / (k(k-1)); coefficients of d^(k-2).
_SERIES = np.array([(-1) ** k / (k * (k - 1)) for k in range(2, 21)])
# g(d) = f(d) + f(-d) = sum_{k even >= 2} 2 d^k / (k(k-1)); coefficients of (d^2)^(j-1), k = 2j.
_EVEN_SERIES = np.array([2.0 / (k * (k - 1)) for k in range(2, 23, 2)])


def _result(value, scale: float):
    """Divide a value in nats by ln(base); plain float for a single value."""
    if np.ndim(value) == 0:
        return float(value) / scale if scale != 1.0 else float(value)
    return value / scale if scale != 1.0 else value


def _log_positive(x: np.ndarray) -> np.ndarray:
    """ln x where x > 0 and 0 where x == 0 (so that 0 log 0 = 0), no warnings."""
    out = np.zeros_like(x)
    np.log(x, out=out, where=x > 0)
    return out


def _dot(x: np.ndarray, y: np.ndarray, axis: int):
    """sum(x * y) along ``axis``; may overwrite ``y``.

    A product and numpy's pairwise sum rather than ``np.dot``: BLAS would
    start its thread pool for large vectors, which is slow and erratic on a
    machine whose cores are busy.
    """
    y *= x
    return y.sum(axis=axis)


def information(p: ArrayLike, *, base: Base = 2):
    r"""Information content (surprisal) of events with probability ``p``.

    Parameters
    ----------
    p : float or array_like
        Probabilities, each in [0, 1]. Applied elementwise.
    base : float or str, default 2
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).

    Returns
    -------
    float or numpy.ndarray
        :math:`-\log_b p`, with the shape of ``p``. ``p = 0`` gives ``inf``;
        ``p = 1`` gives exactly 0.

    Raises
    ------
    DistributionError
        If an entry is NaN, negative or greater than 1.
    ValueError
        If ``base`` is not a valid base.

    Notes
    -----
    .. math:: I(x) = -\log_b p(x)

    Rare events carry much information, certain events none, and the
    information of independent events adds because :math:`\log` turns the
    product :math:`p(x)p(y)` into a sum.

    Examples
    --------
    >>> information(0.5)
    1.0
    >>> information([1, 1/2, 1/4, 0])
    array([ 0.,  1.,  2., inf])
    >>> round(information(1/6, base="nats"), 4)
    1.7918
    """
    scale = log_of_base(base)
    x = check_probabilities(p, "p")
    with np.errstate(divide="ignore"):
        out = np.log(x)
    out = np.negative(out, out=out) if out.ndim else -out
    out = out + 0.0  # turn -0.0 (from p = 1) into 0.0
    return _result(out, scale)


def _entropy_nats_blocked(x: np.ndarray) -> float | None:
    """sum x ln x for a large 1-D array, validating each block while it is cached.

    Returns None unless every entry is positive and finite and the sum is
    within tolerance of 1; the caller then takes the general path, which
    reports the problem or handles zeros.
    """
    buf = np.empty(_BLOCK)
    total = 0.0
    acc = 0.0
    with np.errstate(all="ignore"):
        for start in range(0, x.size, _BLOCK):
            block = x[start : start + _BLOCK]
            if not block.min() > 0:
                return None
            total += float(block.sum())
            terms = np.log(block, out=buf[: block.size])
            terms *= block
            acc += float(terms.sum())
    if not (abs(total - 1.0) <= SUM_TOLERANCE and math.isfinite(acc)):
        return None
    return acc


def entropy(p: ProbabilityLike, *, base: Base = 2, axis: int = -1, normalize: bool = False):
    r"""Shannon entropy of a discrete distribution.

    Parameters
    ----------
    p : array_like or Mapping
        Probabilities of the outcomes, or a mapping from outcome to probability.
        An N-d array holds a batch of distributions along ``axis``.
    base : float or str, default 2
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).
    axis : int, default -1
        The axis along which an N-d ``p`` is a distribution.
    normalize : bool, default False
        Rescale counts or weights that do not sum to 1. A distribution that
        already sums to 1 (within 1e-9) is used as it is.

    Returns
    -------
    float or numpy.ndarray
        :math:`H(p)`; one value per distribution for N-d input.

    Raises
    ------
    DistributionError
        If ``p`` is empty, contains NaN, infinite or negative entries, or does
        not sum to 1 (and ``normalize`` is False).

    Notes
    -----
    .. math:: H(p) = \mathbb{E}_p[I(X)] = -\sum_x p(x) \log_b p(x),

    with :math:`0 \log 0 = 0` [Shannon1948]_. It satisfies :math:`0 \le H(p) \le \log_b n`
    for :math:`n` outcomes.

    References
    ----------
    .. [Shannon1948] C. E. Shannon, "A Mathematical Theory of Communication",
       Bell System Technical Journal 27 (1948).

    Examples
    --------
    >>> entropy([0.5, 0.5])
    1.0
    >>> round(entropy([1/6] * 6), 6)
    2.584963
    >>> entropy([1, 0, 0])
    0.0
    >>> entropy([[0.5, 0.5], [1.0, 0.0]])
    array([1., 0.])
    >>> entropy([3, 1], normalize=True) == entropy([0.75, 0.25])
    True
    """
    scale = log_of_base(base)
    if (
        type(p) is np.ndarray
        and p.ndim == 1
        and axis in (0, -1)
        and p.size >= _BLOCK
        and p.dtype == np.float64
    ):
        s = _entropy_nats_blocked(p)
        if s is not None:
            return _result(0.0 - s, scale)
    x, has_zero = check_distribution(p, "p", axis, normalize)
    logs = _log_positive(x) if has_zero else np.log(x)
    return _result(0.0 - _dot(x, logs, axis), scale)


def cross_entropy(
    p: ProbabilityLike,
    q: ProbabilityLike,
    *,
    base: Base = 2,
    axis: int = -1,
    normalize: bool = False,
):
    r"""Cross-entropy :math:`H_{\mathrm{ce}}(p, q)` of ``q`` relative to ``p``.

    Parameters
    ----------
    p, q : array_like or Mapping
        Distributions of the same shape (two mappings are aligned by outcome;
        a missing outcome has probability 0). ``p`` is the true distribution,
        ``q`` the model or code used for it.
    base, axis, normalize
        As in :func:`entropy`.

    Returns
    -------
    float or numpy.ndarray
        :math:`H_{\mathrm{ce}}(p, q)`; ``inf`` where ``q(x) = 0`` for an ``x`` with ``p(x) > 0``.

    Raises
    ------
    DistributionError
        If either input is invalid or their shapes differ.

    Notes
    -----
    .. math:: H_{\mathrm{ce}}(p, q) = \mathbb{E}_p[-\log_b q(X)] = -\sum_x p(x) \log_b q(x)
              = H(p) + D_{\mathrm{KL}}(p \,\|\, q)

    It is the average code length, per symbol, of data from :math:`p`
    encoded with the ideal code lengths :math:`-\log_b q(x)` of :math:`q`
    (a real code for :math:`q`, with whole-digit lengths, can cost more or less).

    Examples
    --------
    >>> cross_entropy([0.5, 0.5], [0.5, 0.5])
    1.0
    >>> cross_entropy([0.5, 0.5], [0.25, 0.75]) > 1.0
    True
    >>> cross_entropy([1, 0], [0, 1])
    inf
    """
    scale = log_of_base(base)
    x, y, _, y_zero = check_pair(p, q, axis, normalize)
    logs = _log_positive(y) if y_zero else np.log(y)
    h = 0.0 - _dot(x, logs, axis)
    if y_zero:
        h = _infinite_where_q_misses(h, x, y, axis)
    return _result(h, scale)


def _infinite_where_q_misses(value, x: np.ndarray, y: np.ndarray, axis: int):
    """Set ``value`` to inf for every distribution where q = 0 < p somewhere."""
    miss = ((y == 0) & (x > 0)).any(axis=axis)
    if np.ndim(value) == 0:
        return math.inf if miss else value
    value = np.asarray(value, dtype=np.float64)
    value[miss] = np.inf
    return value


def _kl_nats(x: np.ndarray, y: np.ndarray, any_zero: bool, axis: int):
    """D(x || y) in nats on validated arrays."""
    if not any_zero:
        with np.errstate(over="ignore"):
            ratio = np.divide(x, y)
            np.log(ratio, out=ratio)
        direct = _dot(x, ratio, axis)
        if np.all((direct >= _KL_DIRECT_OK) & (direct < np.inf)):
            return direct
    return _kl_nats_careful(x, y, axis)


def _kl_nats_careful(x: np.ndarray, y: np.ndarray, axis: int):
    """D(x || y) as sum q f(d) + sum (p - q), accurate however close q is to p.

    With d = (p - q)/q, each term p log(p/q) equals q f(d) + (p - q) where
    f(d) = (1+d) log(1+d) - d >= 0. The differences p - q are exact when q is
    near p, and f is summed as a series for small |d|, so no digit is lost to
    cancellation between terms of opposite sign.
    """
    diff = x - y
    terms = _kl_excess_terms(x, y, diff)
    value = terms.sum(axis=axis) + diff.sum(axis=axis)
    return _infinite_where_q_misses(value, x, y, axis)


def _kl_excess_terms(x: np.ndarray, y: np.ndarray, diff: np.ndarray) -> np.ndarray:
    """The non-negative terms q f(d) = p ln(p/q) - (p - q), elementwise.

    ``diff`` is ``x - y``. Terms where q = 0 are 0 (the caller decides whether
    p > 0 there makes the divergence infinite).
    """
    positive_q = y > 0
    with np.errstate(over="ignore"):
        d = np.divide(diff, y, out=np.zeros_like(x), where=positive_q)
    f = np.empty_like(x)
    near = np.abs(d) <= _SERIES_LIMIT
    dn = d[near]
    f[near] = dn * dn * np.polynomial.polynomial.polyval(dn, _SERIES)
    far = ~near
    df = d[far]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ff = (1.0 + df) * np.log1p(df) - df
    ff[df == -1.0] = 1.0  # p = 0 < q: the term q f(-1) = q cancels against p - q = -q
    f[far] = ff
    terms = y * f
    huge = ~np.isfinite(f)
    if huge.any():  # p/q or f(d) overflows: the term q f(d) from the logs of p and q
        xh, yh = x[huge], y[huge]
        terms[huge] = xh * (np.log(xh) - np.log(yh)) - (xh - yh)
    terms[~positive_q] = 0.0
    return terms


def kl_divergence(
    p: ProbabilityLike,
    q: ProbabilityLike,
    *,
    base: Base = 2,
    axis: int = -1,
    normalize: bool = False,
):
    r"""Kullback-Leibler divergence :math:`D_{\mathrm{KL}}(p \,\|\, q)`.

    Parameters
    ----------
    p, q : array_like or Mapping
        Distributions of the same shape (two mappings are aligned by outcome;
        a missing outcome has probability 0).
    base, axis, normalize
        As in :func:`entropy`.

    Returns
    -------
    float or numpy.ndarray
        The divergence; ``inf`` where ``q(x) = 0`` for an ``x`` with
        ``p(x) > 0``. Outcomes with ``p(x) = 0`` contribute nothing. It is the
        value of the sum for the numbers given (a valid input is never
        renormalised), so it is >= 0 up to the difference of the sums of
        ``p`` and ``q``: for inputs that differ only by rounding it may be
        below 0 by at most ``|sum(p) - sum(q)|``, a few times 1e-17.

    Raises
    ------
    DistributionError
        If either input is invalid or their shapes differ.

    Notes
    -----
    .. math:: D_{\mathrm{KL}}(p \,\|\, q) = \sum_x p(x) \log_b \frac{p(x)}{q(x)}
              = H_{\mathrm{ce}}(p, q) - H(p) \ge 0,

    with equality if and only if :math:`p = q` (Gibbs' inequality). It is not
    symmetric in :math:`p` and :math:`q`.

    When ``q`` is close to ``p`` the textbook sum cancels catastrophically;
    this function then sums the non-negative terms
    :math:`q\,[(1+d)\ln(1+d) - d]` with :math:`d = (p-q)/q`, and stays accurate
    to about 1e-15 relative even when ``q`` differs from ``p`` by 1e-8.

    Examples
    --------
    >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> round(kl_divergence([0.5, 0.5], [0.9, 0.1]), 4)
    0.737
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf
    >>> kl_divergence([1.0, 0.0], [0.5, 0.5])
    1.0
    """
    scale = log_of_base(base)
    if (
        type(p) is np.ndarray
        and type(q) is np.ndarray
        and p.ndim == 1
        and p.shape == q.shape
        and axis in (0, -1)
        and p.dtype == np.float64
        and q.dtype == np.float64
    ):
        direct = _kl_nats_blocked(p, q)
        if direct is not None:
            return _result(direct, scale)
    x, y, x_zero, y_zero = check_pair(p, q, axis, normalize)
    return _result(_kl_nats(x, y, x_zero or y_zero, axis), scale)


def _kl_nats_blocked(x: np.ndarray, y: np.ndarray) -> float | None:
    """sum x ln(x/y) for 1-D arrays, validating each block while it is cached.

    Returns None unless every entry of both is positive and finite, both sums
    are within tolerance of 1, and the result is large enough for the direct
    sum to be accurate (see ``_KL_DIRECT_OK``); the caller then takes the
    general path, which reports the problem or sums carefully.
    """
    buf = np.empty(min(x.size, _BLOCK))
    total_x = total_y = acc = 0.0
    with np.errstate(all="ignore"):
        for start in range(0, x.size, _BLOCK):
            xb = x[start : start + _BLOCK]
            yb = y[start : start + _BLOCK]
            if not (xb.min() > 0 and yb.min() > 0):
                return None
            total_x += float(xb.sum())
            total_y += float(yb.sum())
            terms = np.divide(xb, yb, out=buf[: xb.size])
            np.log(terms, out=terms)
            terms *= xb
            acc += float(terms.sum())
    if not (
        abs(total_x - 1.0) <= SUM_TOLERANCE
        and abs(total_y - 1.0) <= SUM_TOLERANCE
        and _KL_DIRECT_OK <= acc < math.inf
    ):
        return None
    return acc


def binary_entropy(p: ArrayLike, *, base: Base = 2):
    r"""Entropy of a coin that lands heads with probability ``p``.

    Parameters
    ----------
    p : float or array_like
        Probabilities in [0, 1], applied elementwise.
    base : float or str, default 2
        Logarithm base or unit name.

    Returns
    -------
    float or numpy.ndarray
        :math:`H_{\mathrm{b}}(p)`, with the shape of ``p``.

    Raises
    ------
    DistributionError
        If an entry is NaN or outside [0, 1].

    Notes
    -----
    .. math:: H_{\mathrm{b}}(p) = -p \log_b p - (1-p) \log_b (1-p)

    It is symmetric about 1/2, where it peaks at 1 bit. It is computed from
    :math:`a = \min(p, 1-p)` with :math:`\log(1-a)` as ``log1p(-a)``, so that
    it is accurate for :math:`p` near 0 and near 1.

    Examples
    --------
    >>> binary_entropy(0.5)
    1.0
    >>> binary_entropy([0, 1])
    array([0., 0.])
    >>> round(binary_entropy(0.11), 4)
    0.4999
    """
    scale = log_of_base(base)
    x = check_probabilities(p, "p")
    a = np.minimum(x, 1.0 - x)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -(a * np.log(a)) - (1.0 - a) * np.log1p(-a)
    h = np.where(a == 0, 0.0, h)
    return _result(h, scale)


def jensen_shannon_divergence(
    p: ProbabilityLike,
    q: ProbabilityLike,
    *,
    base: Base = 2,
    axis: int = -1,
    normalize: bool = False,
):
    r"""Jensen-Shannon divergence: a symmetric, bounded relative of KL.

    Parameters
    ----------
    p, q : array_like or Mapping
        Distributions of the same shape (mappings are aligned by outcome).
    base, axis, normalize
        As in :func:`entropy`: with ``normalize=True`` counts or weights are
        divided by their sum, each of ``p`` and ``q`` separately.

    Returns
    -------
    float or numpy.ndarray
        :math:`\mathrm{JS}(p, q)`, between 0 and :math:`\log_b 2` (1 bit).

    Raises
    ------
    DistributionError
        If either input is invalid or their shapes differ, or if either does
        not sum to 1 (and ``normalize`` is False).

    Notes
    -----
    .. math:: \mathrm{JS}(p, q) = \tfrac12 D_{\mathrm{KL}}(p \,\|\, m)
              + \tfrac12 D_{\mathrm{KL}}(q \,\|\, m), \qquad m = \tfrac12 (p + q).

    It is finite even where the supports differ, and its square root is a
    metric on distributions [Endres2003]_.

    References
    ----------
    .. [Endres2003] D. M. Endres and J. E. Schindelin, "A new metric for probability
       distributions", IEEE Trans. Inf. Theory 49 (2003).

    Examples
    --------
    >>> jensen_shannon_divergence([1, 0], [0, 1])
    1.0
    >>> jensen_shannon_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> jensen_shannon_divergence([3, 1], [1, 3], normalize=True) == jensen_shannon_divergence(
    ...     [0.75, 0.25], [0.25, 0.75])
    True
    """
    scale = log_of_base(base)
    x, y, _, _ = check_pair(p, q, axis, normalize)
    return _result(_js_nats(x, y, axis), scale)


def _js_nats(x: np.ndarray, y: np.ndarray, axis: int):
    """JS(x, y) in nats as (1/4) sum (x + y) g(d), d = (x - y)/(x + y).

    With m = (x + y)/2, the terms m f(d) + m f(-d) of the two divergences
    combine into m g(d) with g(d) = (1+d) ln(1+d) + (1-d) ln(1-d) >= 0, and
    the terms (x - m) + (y - m) cancel exactly. So m is never rounded or
    underflows, every term is non-negative, and the result is symmetric.
    """
    s = x + y
    d = np.divide(x - y, s, out=np.zeros_like(s), where=s > 0)
    g = np.empty_like(d)
    near = np.abs(d) <= _SERIES_LIMIT
    dn = d[near]
    dn2 = dn * dn
    g[near] = dn2 * np.polynomial.polynomial.polyval(dn2, _EVEN_SERIES)
    far = ~near
    df = d[far]
    with np.errstate(divide="ignore", invalid="ignore"):
        gf = (1.0 + df) * np.log1p(df) + (1.0 - df) * np.log1p(-df)
    gf[np.abs(df) == 1.0] = 2.0 * math.log(2.0)  # one of x, y is 0: 0 ln 0 = 0
    g[far] = gf
    return 0.25 * _dot(s, g, axis)
