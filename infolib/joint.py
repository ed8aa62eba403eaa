"""Several variables at once: joint and conditional entropy, mutual information, and the
measures of many variables (conditional mutual information given several, total correlation,
dual total correlation, co-information).

A joint distribution is an N-d array whose entry ``p[i, j, ...]`` is the
probability that the first variable takes its ``i``-th value, the second its
``j``-th, and so on, or a mapping ``{(x, y, ...): p}`` (for instance a
:class:`~infolib.Distribution` over tuples). Every function validates the joint
once (:func:`infolib.validation.check_joint`), computes in nats and divides by
``ln(base)`` at the end. Functions of several variables name them by axis:
``x=``, ``y=`` and ``given=`` each take an axis or a tuple of axes, and a tuple
of axes is one variable (the tuple of their values).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Union

import numpy as np
from numpy.typing import ArrayLike

from .measures import _KL_DIRECT_OK, _kl_excess_terms, _log_positive
from .units import Base, log_of_base
from .validation import DistributionError, check_joint

__all__ = [
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "conditional_mutual_information",
    "co_information",
    "total_correlation",
    "dual_total_correlation",
    "pointwise_mutual_information",
    "joint_table",
]

JointLike = Union[ArrayLike, Mapping[Any, float]]


def _labels(values: Sequence[Hashable]) -> tuple:
    """Distinct values, sorted when they can be, else in order of first appearance."""
    distinct = list(dict.fromkeys(values))
    try:
        return tuple(sorted(distinct))
    except TypeError:
        return tuple(distinct)


def joint_table(pxy: Mapping[Any, float], name: str = "pxy") -> tuple[np.ndarray, tuple[tuple, ...]]:
    """Turn a mapping ``{(x, y, ...): p}`` into an N-d array and the values along each axis.

    Parameters
    ----------
    pxy : Mapping
        Keys are tuples of the same length N (one value per variable); values
        are probabilities. A missing combination has probability 0.
    name : str, default "pxy"
        The argument's name, for error messages.

    Returns
    -------
    tuple
        ``(table, labels)``: ``table`` is the N-d array of the values as given
        (not validated as a distribution), and ``labels[k]`` lists the values
        of variable ``k`` in the order of axis ``k`` (sorted when they can be,
        else in order of first appearance).

    Raises
    ------
    DistributionError
        If the mapping is empty or a key is not a tuple of the same length as
        the others.

    Examples
    --------
    >>> table, labels = joint_table({("a", 0): 0.5, ("b", 1): 0.25, ("b", 0): 0.25})
    >>> table
    array([[0.5 , 0.  ],
           [0.25, 0.25]])
    >>> labels
    (('a', 'b'), (0, 1))
    """
    keys = list(pxy)
    if not keys:
        raise DistributionError(f"{name} is empty: a joint needs at least one outcome")
    first = keys[0]
    if not isinstance(first, tuple) or not first:
        raise DistributionError(
            f"{name} must map tuples (x, y, ...) to probabilities; got the key {first!r}"
        )
    n = len(first)
    for k in keys:
        if not isinstance(k, tuple) or len(k) != n:
            raise DistributionError(
                f"every key of {name} must be a tuple of {n} values like {first!r}; got the key {k!r}"
            )
    labels = tuple(_labels([k[a] for k in keys]) for a in range(n))
    index = [{v: i for i, v in enumerate(axis)} for axis in labels]
    table = np.zeros(tuple(len(axis) for axis in labels))
    where = tuple(np.array([index[a][k[a]] for k in keys], dtype=np.intp) for a in range(n))
    values = np.array(list(pxy.values()), dtype=object)
    try:
        table[where] = values.astype(np.float64)
    except (TypeError, ValueError):
        bad = next(k for k, v in pxy.items() if not isinstance(v, (int, float, np.number)))
        raise DistributionError(
            f"{name} must map to numbers; got {pxy[bad]!r} for the key {bad!r}"
        ) from None
    return table, labels


def _joint(pxy: JointLike, name: str, ndim: int | None, normalize: bool) -> np.ndarray:
    """Validated float64 joint array from an array or a mapping."""
    if isinstance(pxy, Mapping):
        pxy, _ = joint_table(pxy, name)
    return check_joint(pxy, name, ndim=ndim, normalize=normalize)


def _result(value: float, scale: float) -> float:
    value = float(value)
    return value / scale if scale != 1.0 else value


def joint_entropy(pxy: JointLike, *, base: Base = 2, normalize: bool = False) -> float:
    r"""Joint entropy :math:`H(X, Y, \ldots)` of a joint distribution.

    Parameters
    ----------
    pxy : array_like or Mapping
        The joint probabilities: an N-d array (one axis per variable, all
        axes together are the distribution) or a mapping ``{(x, y, ...): p}``.
    base : float or str, default 2
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).
    normalize : bool, default False
        Treat the entries as counts or weights and divide them by their total.

    Returns
    -------
    float
        :math:`H(X, Y, \ldots) \ge 0`.

    Raises
    ------
    DistributionError
        If an entry is negative, NaN or infinite, or the entries do not sum
        to 1 (and ``normalize`` is False); the message gives the index.

    Notes
    -----
    .. math:: H(X, Y) = -\sum_{x, y} p(x, y) \log_b p(x, y)

    It is the entropy of the pair seen as one variable, so it is at most
    :math:`H(X) + H(Y)`, with equality if and only if :math:`X` and :math:`Y`
    are independent :cite:p:`cover2006elements`.

    Examples
    --------
    >>> joint_entropy([[0.25, 0.25], [0.25, 0.25]])
    2.0
    >>> joint_entropy({("rain", "umbrella"): 0.5, ("sun", "none"): 0.5})
    1.0
    >>> joint_entropy([[3, 1], [0, 0]], normalize=True) == joint_entropy([0.75, 0.25, 0, 0])
    True
    """
    scale = log_of_base(base)
    p = _joint(pxy, "pxy", None, normalize).ravel()
    logs = _log_positive(p)
    logs *= p
    return _result(0.0 - logs.sum(), scale)


Axes = Union[int, Sequence[int]]


def _axes(value: Axes, name: str, ndim: int) -> tuple[int, ...]:
    """The axis or axes ``value`` of an ``ndim``-D joint, as non-negative ints, each once."""
    items: Any = (value,) if isinstance(value, (int, np.integer)) else value
    try:
        items = tuple(items)
    except TypeError:
        items = None
    if items is None or any(
        isinstance(a, bool) or not isinstance(a, (int, np.integer)) or not -ndim <= a < ndim
        for a in items
    ):
        raise ValueError(
            f"{name} must be an axis (or axes) of the {ndim}-D joint, between {-ndim} and {ndim - 1}; got {value!r}"
        )
    axes = tuple(int(a) % ndim for a in items)
    if len(set(axes)) != len(axes):
        raise ValueError(f"{name} lists an axis twice: {value!r}")
    return axes


def _given_axes(given: Axes, ndim: int) -> tuple[int, ...]:
    axes = _axes(given, "given", ndim)
    if len(axes) == ndim:
        raise ValueError(f"given={given!r} names every axis: nothing is left to have an entropy")
    return axes


def _several(pxy: JointLike, name: str, normalize: bool) -> np.ndarray:
    """Validated joint with an axis per variable, at least two of them."""
    p = _joint(pxy, name, None, normalize)
    if p.ndim < 2:
        raise DistributionError(
            f"{name} must have an axis per variable (at least 2); got shape {p.shape}"
        )
    return p


def conditional_entropy(
    pxy: JointLike, *, given: Axes = 0, base: Base = 2, normalize: bool = False
) -> float:
    r"""Conditional entropy of the other variables given the variable(s) on axis ``given``.

    Parameters
    ----------
    pxy : array_like or Mapping
        The joint probabilities: a 2-D array with :math:`X` along axis 0 and
        :math:`Y` along axis 1 (or an N-d array, one axis per variable), or a
        mapping ``{(x, y): p}``.
    given : int or tuple of int, default 0
        The axis (or axes) of the conditioning variable(s). For a 2-D joint,
        ``given=0`` gives :math:`H(Y \mid X)` and ``given=1`` gives
        :math:`H(X \mid Y)`.
    base : float or str, default 2
        Logarithm base or unit name.
    normalize : bool, default False
        Treat the entries as counts or weights and divide them by their total.

    Returns
    -------
    float
        :math:`H(Y \mid X) \ge 0`.

    Raises
    ------
    DistributionError
        If ``pxy`` is not a joint distribution.
    ValueError
        If ``given`` is not an axis of ``pxy``, repeats one, or names them all.

    Notes
    -----
    .. math:: H(Y \mid X) = \sum_x p(x)\, H(Y \mid X = x)
              = \sum_{x, y} p(x, y) \log_b \frac{p(x)}{p(x, y)}

    Every term is :math:`\ge 0` (because :math:`p(x, y) \le p(x)`), so the sum
    is computed as it stands rather than as the difference
    :math:`H(X, Y) - H(X)` of two larger numbers. The chain rule
    :math:`H(X, Y) = H(X) + H(Y \mid X)` holds up to rounding
    :cite:p:`cover2006elements`.

    Examples
    --------
    >>> conditional_entropy([[0.5, 0.0], [0.25, 0.25]])   # H(Y | X)
    0.5
    >>> round(conditional_entropy([[0.5, 0.0], [0.25, 0.25]], given=1), 4)   # H(X | Y)
    0.6887
    """
    scale = log_of_base(base)
    p = _several(pxy, "pxy", normalize)
    g = _given_axes(given, p.ndim)
    other = tuple(a for a in range(p.ndim) if a not in g)
    pg = p.sum(axis=other, keepdims=True)
    positive = p > 0
    pg = np.broadcast_to(pg, p.shape)
    with np.errstate(over="ignore"):
        ratio = np.divide(pg, p, out=np.ones_like(p), where=positive)
    huge = np.isinf(ratio)
    np.log(ratio, out=ratio)
    if huge.any():  # p(x, y) so small next to p(x) that the ratio overflows
        ratio[huge] = np.log(pg[huge]) - np.log(p[huge])
    ratio *= p
    return _result(ratio.sum() / p.sum(), scale)


def _canonical(p: np.ndarray) -> np.ndarray:
    """``p`` or its transpose, chosen the same way for both, as a C-contiguous array.

    Mutual information is symmetric; computing it on the same array for
    ``p`` and ``p.T`` makes the result symmetric to the last bit. The wider
    orientation is taken (more columns than rows); for a square ``p``, the one
    whose first entry (in row-major order) that differs from its mirror image
    is the smaller of the two.
    """
    m, n = p.shape
    if m != n:
        return np.ascontiguousarray(p if m < n else p.T)
    for i in range(n):  # row i against column i, right of the diagonal: usually row 0 decides
        row, col = p[i, i + 1 :], p[i + 1 :, i]
        differ = np.flatnonzero(row != col)
        if differ.size:
            k = differ[0]
            return np.ascontiguousarray(p if row[k] < col[k] else p.T)
    return np.ascontiguousarray(p)  # symmetric: p and p.T are the same array


def _mi_nats(p: np.ndarray) -> float:
    """I(X; Y) in nats of a validated 2-D joint: KL(p || px py), summed as q f(d) >= 0."""
    p = _canonical(p)
    px = p.sum(axis=1)
    py = p.sum(axis=0)
    total = float(px.sum())
    zero = p == 0
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        # p / (px py / total) as p(y | x) / p(y): px py itself may underflow
        ratio = np.divide(p, px[:, None])
        ratio /= py
    if total != 1.0:
        ratio *= total
    if zero.any():
        ratio[zero] = 1.0
    with np.errstate(over="ignore"):
        np.log(ratio, out=ratio)
    ratio *= p
    direct = float(ratio.sum())
    if _KL_DIRECT_OK <= direct < np.inf:  # no cancellation to fear: as accurate as the terms
        return direct / total
    # The careful sum. sum(p - q) is exactly 0 for exact marginals, so only the
    # terms q f(d) >= 0 remain. Where p > 0 the true q = px py / total is
    # positive too; where it underflows to 0, the term p ln(p/q) - p + q is
    # taken from the logarithms of p, px and py (q itself is below 1e-308).
    q = np.multiply.outer(px, py)
    if total != 1.0:
        q /= total
    terms = _kl_excess_terms(p, q, p - q)
    under = (q == 0) & ~zero
    if under.any():
        rows, cols = np.nonzero(under)
        pu = p[under]
        terms[under] = pu * (np.log(pu) - np.log(px[rows]) - np.log(py[cols]) + np.log(total)) - pu
    return float(terms.sum()) / total


def mutual_information(pxy: JointLike, *, base: Base = 2, normalize: bool = False) -> float:
    r"""Mutual information :math:`I(X; Y)` of a joint distribution of two variables.

    Parameters
    ----------
    pxy : array_like or Mapping
        The joint probabilities: a 2-D array with :math:`X` along axis 0 and
        :math:`Y` along axis 1, or a mapping ``{(x, y): p}``.
    base : float or str, default 2
        Logarithm base or unit name.
    normalize : bool, default False
        Treat the entries as counts (a contingency table) and divide them by
        their total: this gives the plug-in estimate from counts.

    Returns
    -------
    float
        :math:`I(X; Y) \ge 0`; exactly the same value for ``pxy`` and its
        transpose.

    Raises
    ------
    DistributionError
        If ``pxy`` is not a 2-D joint distribution (a negative, NaN or
        infinite entry, with its index, or a sum that is not 1).

    Notes
    -----
    .. math:: I(X; Y) = \sum_{x, y} p(x, y) \log_b \frac{p(x, y)}{p(x)\,p(y)}
              = D_{\mathrm{KL}}\big(p_{XY} \,\|\, p_X \otimes p_Y\big)
              = H(X) - H(X \mid Y).

    It is computed as the divergence of the joint from the product of its
    marginals; when that is below 0.05 nats, with the terms :math:`q\,[(1+d)\ln(1+d) - d] \ge 0`,
    :math:`q = p(x)p(y)`, :math:`d = p(x,y)/q - 1`, as in
    :func:`~infolib.kl_divergence`: the result is never negative and stays
    accurate for nearly independent variables, where
    :math:`H(X) + H(Y) - H(X, Y)` would lose every digit to cancellation
    :cite:p:`cover2006elements`. A joint whose entries sum to :math:`1 \pm
    10^{-9}` is treated as that sum times a distribution, i.e. its mutual
    information is that of the exactly normalised joint.

    Examples
    --------
    >>> mutual_information([[0.5, 0.0], [0.0, 0.5]])
    1.0
    >>> mutual_information([[0.25, 0.25], [0.25, 0.25]])
    0.0
    >>> round(mutual_information({("rain", "wet"): 0.3, ("rain", "dry"): 0.1,
    ...                           ("sun", "wet"): 0.1, ("sun", "dry"): 0.5}), 4)
    0.2564
    >>> mutual_information([[10, 0], [0, 30]], normalize=True) == mutual_information([[0.25, 0], [0, 0.75]])
    True
    """
    scale = log_of_base(base)
    p = _joint(pxy, "pxy", 2, normalize)
    return _result(_mi_nats(p), scale)


def pointwise_mutual_information(
    pxy: JointLike, *, base: Base = 2, normalize: bool = False
) -> np.ndarray:
    r"""Pointwise mutual information of every pair: a table with the shape of the joint.

    Parameters
    ----------
    pxy : array_like or Mapping
        A 2-D joint with :math:`X` along axis 0 (or a mapping ``{(x, y): p}``,
        laid out as :func:`joint_table` does).
    base, normalize
        As in :func:`mutual_information`.

    Returns
    -------
    numpy.ndarray
        :math:`\operatorname{pmi}(x; y)`; ``-inf`` where :math:`p(x, y) = 0`.

    Raises
    ------
    DistributionError
        If ``pxy`` is not a 2-D joint distribution.

    Notes
    -----
    .. math:: \operatorname{pmi}(x; y) = \log_b \frac{p(x, y)}{p(x)\,p(y)}
              = \log_b \frac{p(y \mid x)}{p(y)}

    It is positive where seeing :math:`x` makes :math:`y` more likely, negative
    where it makes it less likely; its average under the joint is
    :math:`I(X; Y)`.

    Examples
    --------
    >>> pointwise_mutual_information([[0.5, 0.0], [0.25, 0.25]]).round(3)
    array([[ 0.415,   -inf],
           [-0.585,  1.   ]])
    """
    scale = log_of_base(base)
    p = _joint(pxy, "pxy", 2, normalize)
    px, py = p.sum(axis=1), p.sum(axis=0)
    positive = p > 0
    conditional = np.divide(p, px[:, None], out=np.ones_like(p), where=positive)  # p(y | x)
    with np.errstate(divide="ignore"):  # a column of zeros has p(y) = 0 and no pairs
        out = np.log(conditional) - np.log(py / p.sum())
    out[~positive] = -np.inf
    return out / scale if scale != 1.0 else out


def _cmi_axes(
    ndim: int, x: Axes | None, y: Axes | None, given: Axes | None
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """The axes of X, Y and the conditioning variables, checked and with the defaults filled in."""
    if (x is None) != (y is None):
        raise ValueError(f"x and y go together: give both or neither; got x={x!r} and y={y!r}")
    g = None if given is None else _axes(given, "given", ndim)
    if x is None:
        if g is None:
            g = tuple(range(2, ndim))
        rest = tuple(a for a in range(ndim) if a not in g)
        if len(rest) != 2:
            raise ValueError(
                f"given={given!r} leaves {len(rest)} of the {ndim} axes, not 2: "
                "name the axes of X and Y with x= and y="
            )
        return rest[:1], rest[1:], g
    named = {"x": (x, _axes(x, "x", ndim)), "y": (y, _axes(y, "y", ndim))}
    for name, (value, axes) in named.items():
        if not axes:
            raise ValueError(f"{name} must name at least one axis; got {value!r}")
    if g is not None:
        named["given"] = (given, g)
    names = list(named)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            shared = sorted(set(named[first][1]) & set(named[second][1]))
            if shared:
                raise ValueError(
                    f"{first}={named[first][0]!r} and {second}={named[second][0]!r} both name "
                    f"axis {shared[0]}: X, Y and the variables given must not share a variable"
                )
    xa, ya = named["x"][1], named["y"][1]
    if g is None:
        g = tuple(a for a in range(ndim) if a not in xa + ya)
    return xa, ya, g


def _grouped(p: np.ndarray, groups: Sequence[tuple[int, ...]]) -> np.ndarray:
    """The marginal of ``p`` over the axes in ``groups``, with each group merged into one axis."""
    used = tuple(a for group in groups for a in group)
    unused = tuple(a for a in range(p.ndim) if a not in used)
    out = np.transpose(p, used + unused)
    if unused:
        out = out.sum(axis=tuple(range(len(used), p.ndim)))
    return out.reshape(tuple(math.prod(p.shape[a] for a in group) for group in groups))


def _cmi_nats(p: np.ndarray, xa: tuple, ya: tuple, ga: tuple) -> float:
    """I(X; Y | Z) in nats of a validated joint, X, Y, Z given by their axes."""
    if not ga:
        return _mi_nats(_grouped(p, (xa, ya)))
    p = _grouped(p, (xa, ya, ga))
    pxz = p.sum(axis=1, keepdims=True)
    pyz = p.sum(axis=0, keepdims=True)
    pz = pyz.sum(axis=1, keepdims=True)
    # q = p(x, z) p(y | z) = p(x, z) p(y, z) / p(z), without the product p(x, z) p(y, z) underflowing
    q = np.divide(pyz, pz, out=np.zeros_like(pyz), where=pz > 0)
    q = pxz * q
    terms = _kl_excess_terms(p, q, p - q)
    return float(terms.sum()) / float(p.sum())


def conditional_mutual_information(
    pxyz: JointLike,
    *,
    x: Axes | None = None,
    y: Axes | None = None,
    given: Axes | None = None,
    base: Base = 2,
    normalize: bool = False,
) -> float:
    r"""Conditional mutual information :math:`I(X; Y \mid Z)`, each of X, Y, Z one variable or several.

    Parameters
    ----------
    pxyz : array_like or Mapping
        The joint probabilities: an N-d array with one axis per variable
        (N at least 2), or a mapping ``{(x, y, z, ...): p}``.
    x, y : int or tuple of int, optional
        The axis (or axes) of :math:`X` and of :math:`Y`; a tuple makes
        several variables one, e.g. ``y=(1, 2)`` for :math:`Y = (Y_1, Y_2)`.
        Give both or neither. Left out, they are the two axes not in
        ``given``, in order: ``conditional_mutual_information(p, given=0)``
        of a 3-D joint is :math:`I(X_1; X_2 \mid X_0)`.
    given : int or tuple of int, optional
        The axis (or axes) of the conditioning variables :math:`Z`; ``()``
        conditions on nothing, which gives :math:`I(X; Y)`. Left out, it is
        every axis not in ``x`` or ``y``; with ``x`` and ``y`` left out too,
        every axis from 2 on, so a 3-D joint gives :math:`I(X; Y \mid Z)` with
        :math:`X, Y, Z` along axes 0, 1, 2. Axes named by none of ``x``,
        ``y`` and ``given`` are summed out.
    base, normalize
        As in :func:`mutual_information`.

    Returns
    -------
    float
        :math:`I(X; Y \mid Z) \ge 0`.

    Raises
    ------
    DistributionError
        If ``pxyz`` is not a joint distribution with at least two axes.
    ValueError
        If ``x``, ``y`` or ``given`` is not an axis (or tuple of axes) of
        ``pxyz`` or repeats one; if ``x`` or ``y`` is empty, or only one of
        them is given; if two of them share an axis; or if, with ``x`` and
        ``y`` left out, ``given`` does not leave exactly two axes.

    Notes
    -----
    .. math:: I(X; Y \mid Z) = \sum_z p(z)\, I(X; Y \mid Z = z)
              = \sum_{x, y, z} p(x, y, z)
                \log_b \frac{p(z)\, p(x, y, z)}{p(x, z)\, p(y, z)},

    the divergence of the joint from :math:`p(x, z)\,p(y \mid z)`, computed
    with non-negative terms as in :func:`mutual_information` (and by it when
    nothing is given). Each of :math:`x, y, z` may be a tuple of values: the
    formula is the same for groups of variables, and the chain rule
    :math:`I(X; Y_1, \ldots, Y_n) = \sum_i I(X; Y_i \mid Y_1, \ldots, Y_{i-1})`
    holds term by term :cite:p:`cover2006elements`.

    Examples
    --------
    >>> xor = {(x, y, x ^ y): 0.25 for x in (0, 1) for y in (0, 1)}
    >>> conditional_mutual_information(xor)    # X and Y are independent, but not given Z
    1.0
    >>> conditional_mutual_information(xor, x=0, y=1, given=())    # I(X; Y)
    0.0
    >>> conditional_mutual_information(xor, x=0, y=(1, 2), given=())    # I(X; Y, Z)
    1.0
    """
    scale = log_of_base(base)
    p = _several(pxyz, "pxyz", normalize)
    xa, ya, ga = _cmi_axes(p.ndim, x, y, given)
    return _result(_cmi_nats(p, xa, ya, ga), scale)


def total_correlation(p: JointLike, *, base: Base = 2, normalize: bool = False) -> float:
    r"""Total correlation of :math:`n \ge 2` variables: the sum of their entropies minus their joint entropy.

    Parameters
    ----------
    p : array_like or Mapping
        The joint probabilities: an N-d array with one axis per variable
        (N at least 2), or a mapping ``{(x1, x2, ...): p}``.
    base, normalize
        As in :func:`mutual_information`.

    Returns
    -------
    float
        :math:`\mathrm{TC}(X_1, \ldots, X_n) \ge 0`, 0 if and only if the variables are
        independent.

    Raises
    ------
    DistributionError
        If ``p`` is not a joint distribution with at least two axes.

    Notes
    -----
    .. math::

        \mathrm{TC}(X_1, \ldots, X_n) &= \sum_{i=1}^n H(X_i) - H(X_1, \ldots, X_n) \\
        &= D\big(p \,\big\|\, p_{X_1} \otimes \cdots \otimes p_{X_n}\big) \\
        &= \sum_{i=2}^n I(X_1, \ldots, X_{i-1}; X_i),

    Watanabe's total correlation :cite:p:`watanabe1960information`, also
    called multi-information: the redundancy of coding each variable on its
    own rather than all of them together. For two variables it is
    :math:`I(X_1; X_2)`. It is computed as the last sum, each term as in
    :func:`mutual_information`, so it stays accurate and non-negative for
    nearly independent variables, where the first difference would lose its
    digits to cancellation.

    Examples
    --------
    >>> copies = {(b, b, b): 0.5 for b in (0, 1)}          # one fair bit, three times
    >>> total_correlation(copies)
    2.0
    >>> xor = {(x, y, x ^ y): 0.25 for x in (0, 1) for y in (0, 1)}
    >>> total_correlation(xor)
    1.0
    """
    scale = log_of_base(base)
    joint = _several(p, "p", normalize)
    value = 0.0
    for _ in range(joint.ndim - 1):  # I(X_1..X_{i-1}; X_i) for i = n, n - 1, ..., 2
        value += _mi_nats(joint.reshape(-1, joint.shape[-1]))
        joint = joint.sum(axis=-1)
    return _result(value, scale)


def dual_total_correlation(p: JointLike, *, base: Base = 2, normalize: bool = False) -> float:
    r"""Dual total correlation (Han's binding information) of :math:`n \ge 2` variables.

    Parameters
    ----------
    p : array_like or Mapping
        The joint probabilities: an N-d array with one axis per variable
        (N at least 2), or a mapping ``{(x1, x2, ...): p}``.
    base, normalize
        As in :func:`mutual_information`.

    Returns
    -------
    float
        :math:`\mathrm{DTC}(X_1, \ldots, X_n)`, between 0 and :math:`H(X_1, \ldots, X_n)`.

    Raises
    ------
    DistributionError
        If ``p`` is not a joint distribution with at least two axes.

    Notes
    -----
    .. math::

        \mathrm{DTC}(X_1, \ldots, X_n) &= H(X_1, \ldots, X_n) - \sum_{i=1}^n H(X_i \mid X_{\setminus i}) \\
        &= \sum_{i=1}^{n-1} I(X_i; X_{i+1}, \ldots, X_n \mid X_1, \ldots, X_{i-1}),

    where :math:`X_{\setminus i}` is every variable but :math:`X_i`: the part
    of the joint entropy that is shared by at least two variables, as
    opposed to the part that only one of them holds
    :cite:p:`han1978nonnegative`. For two variables it is :math:`I(X_1; X_2)`,
    like the total correlation, and for any number
    :math:`\mathrm{TC} + \mathrm{DTC} = \sum_i I(X_i; X_{\setminus i})`. It is computed as the
    last sum (the chain rule for entropy, term by term), each term as in
    :func:`conditional_mutual_information`.

    Examples
    --------
    >>> copies = {(b, b, b): 0.5 for b in (0, 1)}          # one fair bit, three times
    >>> dual_total_correlation(copies)
    1.0
    >>> xor = {(x, y, x ^ y): 0.25 for x in (0, 1) for y in (0, 1)}
    >>> dual_total_correlation(xor)                        # all of H(X, Y, Z) = 2 bits
    2.0
    """
    scale = log_of_base(base)
    joint = _several(p, "p", normalize)
    n = joint.ndim
    value = sum(
        _cmi_nats(joint, (i,), tuple(range(i + 1, n)), tuple(range(i))) for i in range(n - 1)
    )
    return _result(value, scale)


def co_information(pxyz: JointLike, *, base: Base = 2, normalize: bool = False) -> float:
    r"""Co-information :math:`I(X_1; \ldots; X_n)` of :math:`n \ge 2` variables: the centre of the information diagram.

    Parameters
    ----------
    pxyz : array_like or Mapping
        The joint probabilities: an N-d array with one axis per variable
        (N at least 2; for three, :math:`X, Y, Z` along axes 0, 1, 2), or a
        mapping ``{(x, y, z, ...): p}``.
    base, normalize
        As in :func:`mutual_information`.

    Returns
    -------
    float
        :math:`I(X_1; \ldots; X_n)`, which, unlike the other areas of the
        diagram, can be negative from three variables on.

    Raises
    ------
    DistributionError
        If ``pxyz`` is not a joint distribution with at least two axes.

    Notes
    -----
    The alternating sum over the non-empty sets :math:`S` of variables,

    .. math:: I(X_1; \ldots; X_n) = -\sum_{S \ne \emptyset} (-1)^{|S|}\, H(X_S)
              = I(X_1; \ldots; X_{n-1}) - I(X_1; \ldots; X_{n-1} \mid X_n),

    symmetric in the variables :cite:p:`bell2003coinformation`. For two
    variables it is :math:`I(X; Y)`; for three,
    :math:`I(X; Y; Z) = I(X; Y) - I(X; Y \mid Z)`, positive when :math:`Z`
    explains part of what :math:`X` and :math:`Y` share, and negative when
    knowing :math:`Z` makes :math:`X` and :math:`Y` dependent, as for
    :math:`Z = X \oplus Y` :cite:p:`mackay2003information`.

    **Sign convention.** This is the co-information, the sign of the
    information diagram. The interaction information, introduced by
    :cite:t:`mcgill1954multivariate` for three variables and written by many
    authors and libraries as
    :math:`-\sum_{S \ne \emptyset} (-1)^{n - |S|}\, H(X_S)`, is
    :math:`(-1)^n` times it: the same for two variables, the opposite sign
    for three (:math:`I(X; Y \mid Z) - I(X; Y)`, +1 bit for the exclusive or).

    It is computed from the recursion, unrolled into the
    :math:`2^{n-2}` conditional mutual informations
    :math:`\sum_{T} (-1)^{|T|}\, I(X_1; X_2 \mid X_T)` over the sets
    :math:`T` of the variables 3 to :math:`n`, each as in
    :func:`conditional_mutual_information`.

    Examples
    --------
    >>> xor = {(x, y, x ^ y): 0.25 for x in (0, 1) for y in (0, 1)}
    >>> co_information(xor)
    -1.0
    >>> copies = {(b, b, b, b): 0.5 for b in (0, 1)}       # one fair bit, four times
    >>> co_information(copies)
    1.0
    """
    scale = log_of_base(base)
    p = _several(pxyz, "pxyz", normalize)
    rest = range(2, p.ndim)
    value = 0.0
    for k in range(p.ndim - 1):
        for given in itertools.combinations(rest, k):
            term = _cmi_nats(p, (0,), (1,), given)
            value += -term if k % 2 else term
    return _result(value, scale)
