"""Discrete memoryless channels: the standard examples, simulation and capacity.

A channel is a matrix ``channel[x, y] = P(y | x)``: one row per input symbol, one
column per output symbol, each row a distribution. :func:`channel_capacity`
computes the largest mutual information the channel can carry, with the
Blahut-Arimoto algorithm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

import numpy as np
from numpy.typing import ArrayLike

from .units import Base, log_of_base
from .validation import (
    SUM_TOLERANCE,
    DistributionError,
    _raise_bad_entry,
    as_float_array,
    check_distribution,
    check_probabilities,
)

__all__ = [
    "CapacityResult",
    "ConvergenceError",
    "binary_asymmetric_channel",
    "binary_erasure_channel",
    "binary_symmetric_channel",
    "channel_capacity",
    "channel_mutual_information",
    "gaussian_channel_capacity",
    "noisy_typewriter",
    "output_distribution",
    "symmetric_channel",
    "transmit",
    "z_channel",
]


class ConvergenceError(RuntimeError):
    """An iterative computation stopped before it reached the requested accuracy.

    Raised by :func:`channel_capacity` when ``max_iter`` updates did not bring
    the gap between its upper and lower bounds on the capacity below ``tol``.
    The message gives the bounds reached; the attribute ``result`` holds the
    :class:`CapacityResult` of the last iterate, whose ``capacity`` is a valid
    lower bound and whose ``upper_bound`` is a valid upper bound.
    """

    def __init__(self, message: str, result: "CapacityResult"):
        super().__init__(message)
        self.result = result


@dataclass(frozen=True)
class CapacityResult:
    """What :func:`channel_capacity` found.

    Attributes
    ----------
    capacity : float
        The mutual information :math:`I(X; Y)` reached by ``input_distribution``:
        a lower bound on the capacity, within ``tol`` of it.
    upper_bound : float
        :math:`\\max_x D(P(\\cdot \\mid x) \\,\\|\\, q)` for the final output
        distribution ``q``: an upper bound on the capacity.
    input_distribution : numpy.ndarray
        A capacity-achieving input distribution (to within ``tol``), one entry per row.
    output_distribution : numpy.ndarray
        The output distribution it induces, one entry per column.
    iterations : int
        The number of updates of the input distribution (0 if the uniform start
        was already within ``tol``).
    lower_bounds, upper_bounds : numpy.ndarray
        The two bounds at the start and after every update
        (``iterations + 1`` values each): they close in on the capacity from
        below and above.
    base : float or str
        The unit of every value above.
    """

    capacity: float
    upper_bound: float
    input_distribution: np.ndarray
    output_distribution: np.ndarray
    iterations: int
    lower_bounds: np.ndarray
    upper_bounds: np.ndarray
    base: Base = 2

    @property
    def gap(self) -> float:
        """``upper_bound - capacity``: how far from the true capacity ``capacity`` can be."""
        return self.upper_bound - self.capacity


def _check_channel(channel: ArrayLike, name: str = "channel") -> np.ndarray:
    """Validate a row-stochastic matrix: 2-D, non-empty, finite, >= 0, rows summing to 1."""
    w = as_float_array(channel, name)
    if w.ndim != 2:
        raise DistributionError(
            f"{name} must be a 2-D matrix with channel[x, y] = P(y | x); "
            f"got an array with {w.ndim} dimension(s) and shape {w.shape}"
        )
    if w.size == 0:
        raise DistributionError(
            f"{name} is empty (shape {w.shape}): a channel needs at least one input and one output"
        )
    if not (w.min() >= 0 and np.isfinite(w.max())):
        _raise_bad_entry(w, name, "probability")
    sums = w.sum(axis=1)
    off = np.flatnonzero(~(np.abs(sums - 1.0) <= SUM_TOLERANCE))
    if off.size:
        x = int(off[0])
        raise DistributionError(
            f"{name} row {x} sums to {float(sums[x])!r}, not 1 (tolerance {SUM_TOLERANCE:g}); "
            f"each row is the distribution P(y | x) of the output for one input "
            f"({off.size} of {w.shape[0]} rows are off)"
        )
    return w


def _check_input(px: ArrayLike, w: np.ndarray) -> np.ndarray:
    p, _ = check_distribution(px, "input_distribution")
    if p.ndim != 1 or p.size != w.shape[0]:
        raise DistributionError(
            f"input_distribution must be a vector with one probability per channel row "
            f"({w.shape[0]}); got shape {p.shape}"
        )
    return p


# The longest step of the accelerated update (1 is the classical Blahut-Arimoto step).
_MAX_STEP = 1024.0


# Try Newton's method on the inputs in use once the bounds are this close (nats), then every
# _POLISH_EVERY updates, with at most _POLISH_STEPS steps; an input counts as in use when its
# divergence is within one of _SUPPORT_SPREADS times the gap of the largest (and, for sets of at
# most _LEAVE_ONE_OUT_MAX inputs, each such set without one of its members).
_POLISH_BELOW = 1e-4
_POLISH_EVERY = 20
_POLISH_STEPS = 12
_SUPPORT_SPREADS = (1.0, 4.0, 16.0, 64.0, 256.0)
_LEAVE_ONE_OUT_MAX = 24


def _candidate_supports(p: np.ndarray, d: np.ndarray, gap: float):
    """Sets of inputs that may be the ones in use at the optimum, most likely first.

    First the inputs whose divergence is within a few multiples of the gap of
    the largest. An input that is almost, but not quite, worth using keeps a
    large probability for many updates and lands in these sets by mistake;
    so for a small set, the set without each one of its members in turn,
    the one with the smallest divergence first.
    """
    seen = []
    for spread in _SUPPORT_SPREADS:
        support = np.flatnonzero((d >= d.max() - spread * gap) & (p > 0))
        if not any(np.array_equal(support, s) for s in seen):
            seen.append(support)
            yield support
    widest = seen[-1]
    if 2 < widest.size <= _LEAVE_ONE_OUT_MAX:
        for drop in widest[np.argsort(d[widest])]:
            yield widest[widest != drop]


def _newton_polish(w: np.ndarray, neg_h: np.ndarray, p: np.ndarray, support: np.ndarray):
    """Solve D_x(q) = C for the inputs x in use, sum p = 1, by Newton's method.

    At the capacity-achieving input every input in use has the same divergence
    D_x = C and every other input a smaller one (the Kuhn-Tucker conditions).
    ``support`` lists the inputs taken as "in use"; an input that Newton's step
    would push below zero is dropped and the solve restarted. Near the answer
    this gets there in a few steps where the multiplicative update crawls.
    Returns the new (p, q, D), or None; the caller checks the bounds.
    """
    ps = p[support] / p[support].sum()
    last = math.inf
    for _ in range(_POLISH_STEPS):
        k = support.size
        ws = w[support]
        q = ps @ ws
        used = q > 0
        dd = _row_divergences(ws, neg_h[support], q)
        c = float(ps @ dd)
        resid = np.append(dd - c, ps.sum() - 1.0)
        size = float(np.abs(resid).max())
        if size <= 1e-15 or (size <= 1e-10 and size > 0.5 * last):
            break  # solved, or stalled at the rounding level
        if size > 2.0 * last:
            return None  # diverging: not the right inputs
        last = size
        # dD_x / dp_j = -sum_y W[x, y] W[j, y] / q[y]
        wq = ws[:, used] / np.sqrt(q[used])
        jac = np.zeros((k + 1, k + 1))
        jac[:k, :k] = -(wq @ wq.T)
        jac[:k, k] = -1.0
        jac[k, :k] = 1.0
        try:
            step = np.linalg.solve(jac, -resid)[:k]
        except np.linalg.LinAlgError:  # repeated rows, or more inputs in use than outputs
            step = np.linalg.lstsq(jac, -resid, rcond=None)[0][:k]
        if not np.isfinite(step).all():
            return None
        new = ps + step
        if (new <= 0).any():  # these inputs are not in use at the optimum
            keep = new > 0
            if not keep.any():
                return None
            support, ps = support[keep], ps[keep] / ps[keep].sum()
            last = math.inf
            continue
        ps = new / new.sum()
    out = np.zeros_like(p)
    out[support] = ps
    q = out @ w
    return out, q, _row_divergences(w, neg_h, q)


def _row_divergences(w: np.ndarray, neg_h: np.ndarray, q: np.ndarray) -> np.ndarray:
    """D(W_x || q) in nats for every row x: sum_y W[x, y] ln W[x, y] - sum_y W[x, y] ln q[y].

    ``neg_h`` holds the first sum. Columns with ``q[y] = 0`` are all zero in the
    rows that matter, so their log is taken as 0 (0 ln 0 = 0).
    """
    logq = np.zeros_like(q)
    np.log(q, out=logq, where=q > 0)
    return neg_h - w @ logq


def _neg_row_entropies(w: np.ndarray) -> np.ndarray:
    """sum_y W[x, y] ln W[x, y] for every row (0 ln 0 = 0), in nats."""
    logw = np.zeros_like(w)
    np.log(w, out=logw, where=w > 0)
    logw *= w
    return logw.sum(axis=1)


def channel_capacity(
    channel: ArrayLike, *, base: Base = 2, tol: float = 1e-12, max_iter: int = 10_000
) -> CapacityResult:
    r"""Capacity of a discrete memoryless channel, by the Blahut-Arimoto algorithm.

    Parameters
    ----------
    channel : array_like
        A 2-D matrix with one row per input and one column per output:
        ``channel[x, y]`` is :math:`P(y \mid x)`, finite and non-negative, and
        each row sums to 1 within 1e-9. Zero entries are allowed.
    base : float or str, default 2
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).
    tol : float, default 1e-12
        Stop when the upper bound minus the lower bound on the capacity is at
        most ``tol`` (in the unit of ``base``).
    max_iter : int, default 10_000
        The largest number of updates of the input distribution.

    Returns
    -------
    CapacityResult
        ``.capacity``, ``.input_distribution``, ``.output_distribution``,
        ``.iterations``, and the bounds after every update,
        ``.lower_bounds`` and ``.upper_bounds``.

    Raises
    ------
    DistributionError
        If ``channel`` is not a 2-D row-stochastic matrix; the message names
        the problem, the row or entry and the value.
    ConvergenceError
        If the bounds are still more than ``tol`` apart after ``max_iter``
        updates. Its ``result`` attribute holds the last iterate.
    ValueError
        If ``base``, ``tol`` or ``max_iter`` is invalid.

    Notes
    -----
    The capacity is :math:`C = \max_{p} I(X; Y)` over input distributions
    :math:`p`. With :math:`q = pW` the output distribution and
    :math:`D_x = D_{\mathrm{KL}}(W_{x\cdot} \,\|\, q)`, every iterate satisfies

    .. math:: \sum_x p(x) D_x \;=\; I(X; Y) \;\le\; C \;\le\; \max_x D_x ,

    and the Blahut-Arimoto update
    :math:`p(x) \leftarrow p(x)\, e^{D_x} / \sum_{x'} p(x')\, e^{D_{x'}}`
    never decreases :math:`I(X; Y)`; both bounds converge to :math:`C`
    [Blahut1972]_ [Arimoto1972]_. The start is the uniform distribution.

    The classical update can need many thousands of steps when some inputs
    are almost, but not quite, worth using. This function takes the longer
    step :math:`p(x) \leftarrow p(x)\, e^{\mu D_x} / \sum_{x'} p(x')\, e^{\mu D_{x'}}`
    [MatzDuhamel2004]_, doubling :math:`\mu` (up to 1024) after every step
    that increases :math:`I(X; Y)` and going back to the classical
    :math:`\mu = 1` as soon as one does not, so that :math:`I(X; Y)` still
    never decreases from one iterate to the next.

    Once the bounds are within :math:`10^{-4}` nats, it tries Newton's method
    on the Kuhn-Tucker conditions (:math:`D_x = C` for every input in use)
    and keeps the result only if its own bounds are within ``tol``. Channels
    with several nearly, but not exactly, identical rows can still need more
    than ``max_iter`` updates; :class:`ConvergenceError` then reports the
    bounds reached.

    References
    ----------
    .. [Blahut1972] R. E. Blahut, "Computation of channel capacity and
       rate-distortion functions", IEEE Trans. Inf. Theory 18(4) (1972).
    .. [Arimoto1972] S. Arimoto, "An algorithm for computing the capacity of
       arbitrary discrete memoryless channels", IEEE Trans. Inf. Theory 18(1) (1972).
    .. [MatzDuhamel2004] G. Matz and P. Duhamel, "Information geometric
       formulation and interpretation of accelerated Blahut-Arimoto-type
       algorithms", Proc. IEEE Information Theory Workshop (2004).

    Examples
    --------
    >>> res = channel_capacity(binary_symmetric_channel(0.1))
    >>> round(res.capacity, 6), res.input_distribution
    (0.531004, array([0.5, 0.5]))
    >>> res = channel_capacity(z_channel(0.5))
    >>> round(res.capacity, 6), res.input_distribution.round(3)
    (0.321928, array([0.6, 0.4]))
    """
    scale = log_of_base(base)
    if isinstance(tol, (bool, np.bool_)) or not (isinstance(tol, Real) and tol > 0):
        raise ValueError(f"tol must be a number > 0; got {tol!r}")
    if isinstance(max_iter, (bool, np.bool_)) or not isinstance(max_iter, (int, np.integer)) or max_iter < 0:
        raise ValueError(f"max_iter must be a whole number >= 0; got {max_iter!r}")
    w = _check_channel(channel)
    tol_nats = float(tol) * scale
    neg_h = _neg_row_entropies(w)
    p = np.full(w.shape[0], 1.0 / w.shape[0])
    q = p @ w
    d = _row_divergences(w, neg_h, q)
    lo, hi = max(float(p @ d), 0.0), float(d.max())  # I >= 0; rounding can give -1e-17
    lower, upper = [lo], [hi]
    step = 1.0
    it = 0
    next_polish = 0
    while hi - lo > tol_nats and it < max_iter:
        while True:
            # p(x) e^{step * D_x}, shifted by max D so that exp cannot overflow
            p_new = p * np.exp(step * (d - hi))
            p_new /= p_new.sum()
            q_new = p_new @ w
            d_new = _row_divergences(w, neg_h, q_new)
            lo_new = max(float(p_new @ d_new), 0.0)
            if step == 1.0 or (lo_new >= lo and not (p_new == 0).any()):
                break
            step = 1.0  # the long step lost ground: take the classical one
        step = min(2.0 * step, _MAX_STEP) if lo_new >= lo else 1.0
        p, q, d, lo, hi = p_new, q_new, d_new, lo_new, float(d_new.max())
        it += 1
        if hi - lo <= _POLISH_BELOW and hi - lo > tol_nats and it >= next_polish:
            next_polish = it + _POLISH_EVERY
            for support in _candidate_supports(p, d, hi - lo):
                polished = _newton_polish(w, neg_h, p, support)
                if polished is None:
                    continue
                p2, q2, d2 = polished
                lo2, hi2 = max(float(p2 @ d2), 0.0), float(d2.max())
                if hi2 - lo2 <= tol_nats and lo2 >= lo:
                    p, q, d, lo, hi = p2, q2, d2, lo2, hi2
                    break
        lower.append(lo)
        upper.append(hi)
    result = CapacityResult(
        capacity=lo / scale,
        upper_bound=hi / scale,
        input_distribution=p,
        output_distribution=q,
        iterations=it,
        lower_bounds=np.array(lower) / scale,
        upper_bounds=np.array(upper) / scale,
        base=base,
    )
    if hi - lo > tol_nats:
        raise ConvergenceError(
            f"channel_capacity did not converge in max_iter={max_iter} updates: the capacity "
            f"lies between {lo / scale!r} and {hi / scale!r} (gap {(hi - lo) / scale:.3g}, "
            f"tol {tol:g}); raise max_iter or tol. The last iterate is in the exception's .result",
            result,
        )
    return result


def output_distribution(input_distribution: ArrayLike, channel: ArrayLike) -> np.ndarray:
    r"""The distribution of the output: :math:`q(y) = \sum_x p(x) P(y \mid x)`.

    Parameters
    ----------
    input_distribution : array_like
        The distribution :math:`p` of the input, one probability per row of ``channel``.
    channel : array_like
        A 2-D matrix with ``channel[x, y]`` equal to :math:`P(y \mid x)`.

    Returns
    -------
    numpy.ndarray
        One probability per column of ``channel``.

    Raises
    ------
    DistributionError
        If either argument is invalid or their sizes do not match.

    Examples
    --------
    >>> output_distribution([0.5, 0.5], binary_erasure_channel(0.2))
    array([0.4, 0.4, 0.2])
    """
    w = _check_channel(channel)
    return _check_input(input_distribution, w) @ w


def channel_mutual_information(input_distribution: ArrayLike, channel: ArrayLike, *, base: Base = 2) -> float:
    r"""Mutual information :math:`I(X; Y)` between the input and output of a channel.

    Parameters
    ----------
    input_distribution : array_like
        The distribution :math:`p` of the input, one probability per row of ``channel``.
    channel : array_like
        A 2-D matrix with ``channel[x, y]`` equal to :math:`P(y \mid x)`.
    base : float or str, default 2
        Logarithm base or unit name.

    Returns
    -------
    float
        :math:`I(X; Y)` of the joint distribution :math:`p(x)\,P(y \mid x)`.

    Raises
    ------
    DistributionError
        If either argument is invalid or their sizes do not match.

    Notes
    -----
    .. math:: I(X; Y) = \sum_{x, y} p(x) P(y \mid x) \log \frac{P(y \mid x)}{q(y)},
              \qquad q(y) = \sum_x p(x) P(y \mid x).

    It is computed by :func:`~infolib.mutual_information` on that joint.

    Examples
    --------
    >>> round(channel_mutual_information([0.5, 0.5], binary_symmetric_channel(0.1)), 6)
    0.531004
    >>> channel_mutual_information([1.0, 0.0], binary_symmetric_channel(0.1))
    0.0
    """
    from . import mutual_information  # the package's, imported when it is needed

    w = _check_channel(channel)
    p = _check_input(input_distribution, w)
    return mutual_information(p[:, None] * w, base=base)


def _check_probability(value: float, name: str) -> float:
    arr = check_probabilities(value, name)
    if arr.ndim != 0:
        raise DistributionError(f"{name} must be a single probability; got an array of shape {arr.shape}")
    return float(arr)


def binary_symmetric_channel(p: float) -> np.ndarray:
    r"""The binary symmetric channel: each bit is flipped with probability ``p``.

    Parameters
    ----------
    p : float
        The crossover (flip) probability, in [0, 1]; :math:`f` in the course's notation.

    Returns
    -------
    numpy.ndarray, shape (2, 2)
        ``[[1 - p, p], [p, 1 - p]]``; rows are the inputs 0 and 1, columns the outputs 0 and 1.

    Raises
    ------
    DistributionError
        If ``p`` is not a probability.

    Notes
    -----
    Its capacity is :math:`1 - H_{\mathrm{b}}(p)` bits, reached by the uniform input,
    where :math:`H_{\mathrm{b}}` is the binary entropy.

    Examples
    --------
    >>> binary_symmetric_channel(0.1)
    array([[0.9, 0.1],
           [0.1, 0.9]])
    """
    p = _check_probability(p, "p")
    return np.array([[1 - p, p], [p, 1 - p]])


def binary_erasure_channel(e: float) -> np.ndarray:
    r"""The binary erasure channel: each bit is lost (erased) with probability ``e``.

    Parameters
    ----------
    e : float
        The erasure probability, in [0, 1]; :math:`\alpha` in the course's notation.

    Returns
    -------
    numpy.ndarray, shape (2, 3)
        Rows are the inputs 0 and 1; columns the outputs 0, 1 and "erased":
        ``[[1 - e, 0, e], [0, 1 - e, e]]``.

    Raises
    ------
    DistributionError
        If ``e`` is not a probability.

    Notes
    -----
    Its capacity is :math:`1 - e` bits, reached by the uniform input.

    Examples
    --------
    >>> binary_erasure_channel(0.25)
    array([[0.75, 0.  , 0.25],
           [0.  , 0.75, 0.25]])
    """
    e = _check_probability(e, "e")
    return np.array([[1 - e, 0.0, e], [0.0, 1 - e, e]])


def z_channel(p: float) -> np.ndarray:
    r"""The Z channel: a 0 always arrives; a 1 turns into a 0 with probability ``p``.

    Parameters
    ----------
    p : float
        The probability that an input 1 is received as 0, in [0, 1].

    Returns
    -------
    numpy.ndarray, shape (2, 2)
        ``[[1, 0], [p, 1 - p]]``.

    Raises
    ------
    DistributionError
        If ``p`` is not a probability.

    Notes
    -----
    For :math:`0 \le p < 1` its capacity is
    :math:`\log_2\!\big(1 + (1 - p)\, p^{p/(1 - p)}\big)` bits.

    Examples
    --------
    >>> z_channel(0.25)
    array([[1.  , 0.  ],
           [0.25, 0.75]])
    """
    p = _check_probability(p, "p")
    return np.array([[1.0, 0.0], [p, 1 - p]])


def noisy_typewriter(n: int = 26) -> np.ndarray:
    r"""The noisy typewriter: each of ``n`` keys prints itself or the next key, with probability 1/2 each.

    Parameters
    ----------
    n : int, default 26
        The number of keys (and of printed symbols), at least 2. The keys are
        on a circle: the last key's neighbour is the first.

    Returns
    -------
    numpy.ndarray, shape (n, n)
        ``channel[x, x] = channel[x, (x + 1) % n] = 1/2``.

    Raises
    ------
    ValueError
        If ``n`` is not a whole number >= 2.

    Notes
    -----
    Every row is a permutation of every other and the uniform input gives a
    uniform output, so the capacity is :math:`\log_2 n - 1 = \log_2 (n/2)` bits
    [CoverThomas2006]_.

    References
    ----------
    .. [CoverThomas2006] T. M. Cover and J. A. Thomas, *Elements of Information
       Theory*, 2nd ed., Wiley (2006), Section 7.1.

    Examples
    --------
    >>> noisy_typewriter(4)
    array([[0.5, 0.5, 0. , 0. ],
           [0. , 0.5, 0.5, 0. ],
           [0. , 0. , 0.5, 0.5],
           [0.5, 0. , 0. , 0.5]])
    """
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be a whole number of keys >= 2; got {n!r}")
    idx = np.arange(n)
    w = np.zeros((n, n))
    w[idx, idx] = 0.5
    w[idx, (idx + 1) % n] = 0.5
    return w


def symmetric_channel(q: int, f: float) -> np.ndarray:
    r"""The q-ary symmetric channel: a symbol arrives intact with probability ``1 - f``, else as one of the other ``q - 1``.

    Parameters
    ----------
    q : int
        The number of symbols (inputs and outputs), at least 2.
    f : float
        The probability that a symbol is changed, in [0, 1]; a changed symbol
        is equally likely to become each of the other ``q - 1``.

    Returns
    -------
    numpy.ndarray, shape (q, q)
        ``1 - f`` on the diagonal and ``f / (q - 1)`` everywhere else.

    Raises
    ------
    ValueError
        If ``q`` is not a whole number >= 2.
    DistributionError
        If ``f`` is not a probability.

    Notes
    -----
    The channel is symmetric in the sense of Cover and Thomas (rows and
    columns are permutations of each other), so its capacity is
    :math:`\log_2 q - H_{\mathrm{b}}(f) - f \log_2 (q - 1)` bits, reached by
    the uniform input. For ``q = 2`` it is the binary symmetric channel.

    Examples
    --------
    >>> symmetric_channel(3, 0.2)
    array([[0.8, 0.1, 0.1],
           [0.1, 0.8, 0.1],
           [0.1, 0.1, 0.8]])
    """
    if isinstance(q, (bool, np.bool_)) or not isinstance(q, (int, np.integer)) or q < 2:
        raise ValueError(f"q must be a whole number of symbols >= 2; got {q!r}")
    f = _check_probability(f, "f")
    w = np.full((q, q), f / (q - 1))
    np.fill_diagonal(w, 1 - f)
    return w


def binary_asymmetric_channel(f0: float, f1: float) -> np.ndarray:
    r"""The binary asymmetric channel: a 0 turns into a 1 with probability ``f0``, a 1 into a 0 with probability ``f1``.

    Parameters
    ----------
    f0 : float
        The probability that an input 0 is received as 1, in [0, 1].
    f1 : float
        The probability that an input 1 is received as 0, in [0, 1].

    Returns
    -------
    numpy.ndarray, shape (2, 2)
        ``[[1 - f0, f0], [f1, 1 - f1]]``.

    Raises
    ------
    DistributionError
        If ``f0`` or ``f1`` is not a probability.

    Notes
    -----
    ``f0 = f1 = f`` gives the binary symmetric channel and ``f0 = 0`` the Z
    channel. Its capacity has no simple closed form; :func:`channel_capacity`
    computes it.

    Examples
    --------
    >>> binary_asymmetric_channel(0.1, 0.25)
    array([[0.9 , 0.1 ],
           [0.25, 0.75]])
    """
    f0 = _check_probability(f0, "f0")
    f1 = _check_probability(f1, "f1")
    return np.array([[1 - f0, f0], [f1, 1 - f1]])


def transmit(channel: ArrayLike, inputs: ArrayLike, *, rng: np.random.Generator | int | None = None) -> np.ndarray:
    r"""Send input symbols through a channel: one random output per input.

    Parameters
    ----------
    channel : array_like
        A 2-D matrix with ``channel[x, y]`` equal to :math:`P(y \mid x)`.
    inputs : array_like of int
        Input symbols, each a row index of ``channel``; any shape.
    rng : numpy.random.Generator or int, optional
        The random generator, or a seed for one.

    Returns
    -------
    numpy.ndarray of int
        The output symbols (column indices), with the shape of ``inputs``.
        Each is drawn from row ``x`` of the channel, independently.

    Raises
    ------
    DistributionError
        If ``channel`` is not a valid channel.
    ValueError
        If an input is not a row index of the channel.

    Examples
    --------
    >>> transmit(binary_symmetric_channel(0.0), [0, 1, 1, 0], rng=1)
    array([0, 1, 1, 0])
    >>> transmit(binary_erasure_channel(1.0), [0, 1], rng=1)
    array([2, 2])
    """
    w = _check_channel(channel)
    x = np.asarray(inputs)
    if x.size and (x.dtype.kind not in "biu"):
        raise ValueError(f"inputs must be whole numbers (row indices of the channel); got dtype {x.dtype}")
    x = x.astype(np.intp)
    if x.size and (x.min() < 0 or x.max() >= w.shape[0]):
        bad = x.ravel()[np.flatnonzero((x.ravel() < 0) | (x.ravel() >= w.shape[0]))[0]]
        raise ValueError(
            f"inputs must be row indices 0 to {w.shape[0] - 1} of the channel; got {int(bad)}"
        )
    gen = np.random.default_rng(rng)
    cdf = np.cumsum(w, axis=1)
    # Rows sum to 1 only within 1e-9. Dividing by the row sum makes the cumulative probability
    # exactly 1 from the last output of positive probability on (x / x == 1 in floating point),
    # and u < 1: no draw falls off the end or lands on a trailing output of probability 0.
    cdf /= cdf[:, -1:]
    u = gen.random(x.shape)
    # the first output whose cumulative probability exceeds u
    return (u[..., None] >= cdf[x]).sum(axis=-1)


def gaussian_channel_capacity(snr: ArrayLike, *, base: Base = 2):
    r"""Capacity of the additive white Gaussian noise channel, per use.

    Parameters
    ----------
    snr : float or array_like
        Signal-to-noise ratio :math:`P / N` (power, not decibels), each >= 0.
    base : float or str, default 2
        Logarithm base or unit name.

    Returns
    -------
    float or numpy.ndarray
        :math:`\tfrac12 \log_b(1 + \mathrm{SNR})`, with the shape of ``snr``.

    Raises
    ------
    ValueError
        If an SNR is negative or NaN.

    Notes
    -----
    For :math:`Y = X + Z` with :math:`Z \sim \mathcal{N}(0, N)` and the power
    constraint :math:`\mathbb{E}[X^2] \le P`, the capacity is
    :math:`C = \tfrac12 \log_2 (1 + P/N)` bits per use, reached by a Gaussian input
    [Shannon1948b]_.

    References
    ----------
    .. [Shannon1948b] C. E. Shannon, "A Mathematical Theory of Communication",
       Bell System Technical Journal 27 (1948).

    Examples
    --------
    >>> gaussian_channel_capacity(3)
    1.0
    >>> gaussian_channel_capacity([0, 1, 15])
    array([0. , 0.5, 2. ])
    """
    scale = log_of_base(base)
    s = np.asarray(snr, dtype=np.float64)
    if not (s.size == 0 or s.min() >= 0):
        flat = s.ravel()
        i = int(np.flatnonzero(~(flat >= 0))[0])
        where = f" at index {i}" if s.ndim else ""
        raise ValueError(f"snr must be >= 0 (a power ratio, not decibels); got {float(flat[i])!r}{where}")
    out = 0.5 * np.log1p(s) / scale
    return float(out) if out.ndim == 0 else out
