"""Checking probabilities at the boundary of the public API.

Every public function validates its input here, once, and computes on the clean
``float64`` arrays this module returns. Errors are :class:`DistributionError`
and name the argument, the problem, and the offending index and value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Hashable, Sequence, Union

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["DistributionError", "SUM_TOLERANCE", "SYMMETRY_TOLERANCE", "ProbabilityLike"]

#: How far from 1 the sum of a valid distribution may be.
SUM_TOLERANCE = 1e-9

ProbabilityLike = Union[ArrayLike, Mapping[Hashable, float]]


class DistributionError(ValueError):
    """A probability, or a probability distribution, is not valid.

    Raised with a message that names the argument, what is wrong with it and
    where: a negative or NaN entry and its index, or a sum that is not 1.
    """


def _where(flat_index: int, shape: tuple[int, ...]) -> str:
    """' at index ...' for an entry of an array; '' for a single number."""
    if not shape:
        return ""
    idx = np.unravel_index(int(flat_index), shape)
    if len(shape) == 1:
        return f" at index {int(idx[0])}"
    return f" at index {tuple(int(i) for i in idx)}"


def as_float_array(p: Any, name: str) -> np.ndarray:
    """Return ``p`` as a float64 array (no copy when it already is one)."""
    if isinstance(p, Mapping):
        p = list(p.values())
    try:
        arr = np.asarray(p)
    except ValueError:  # ragged nested sequences
        raise DistributionError(
            f"{name} must be a vector or a rectangular array of numbers; got rows of different lengths"
        ) from None
    kind = arr.dtype.kind
    if kind == "f" and arr.dtype == np.float64:
        return arr
    if kind in "biuf":
        return arr.astype(np.float64)
    if kind == "c":
        raise DistributionError(f"{name} must contain real numbers; got complex values")
    if kind in "USV" or (
        kind == "O" and any(isinstance(v, (str, bytes)) for v in arr.ravel().tolist())
    ):  # numpy would parse "0.5" as a number; text is not a probability
        raise DistributionError(
            f"{name} must contain numbers, not text; got {arr.ravel()[:5].tolist()!r}"
        )
    try:
        return arr.astype(np.float64)
    except (TypeError, ValueError):
        raise DistributionError(
            f"{name} must contain numbers; got {np.asarray(p).ravel()[:5].tolist()!r}"
        ) from None


def _raise_bad_entry(arr: np.ndarray, name: str, what: str) -> None:
    """Find and report the first NaN, infinite or negative entry of ``arr``."""
    flat = arr.ravel()
    bad = np.flatnonzero(np.isnan(flat))
    if bad.size:
        raise DistributionError(f"{name} contains NaN{_where(bad[0], arr.shape)}")
    bad = np.flatnonzero(np.isinf(flat))
    if bad.size:
        raise DistributionError(
            f"{name} contains an infinite value {float(flat[bad[0]])}{_where(bad[0], arr.shape)}"
        )
    bad = np.flatnonzero(flat < 0)
    if bad.size:
        raise DistributionError(
            f"{name} has a negative {what} {float(flat[bad[0]])!r}{_where(bad[0], arr.shape)}; "
            f"every {what} must be >= 0"
        )


def check_probabilities(p: ArrayLike, name: str = "p") -> np.ndarray:
    """Validate elementwise probabilities: every entry in [0, 1], none NaN."""
    arr = as_float_array(p, name)
    if arr.size == 0:
        return arr
    lo, hi = arr.min(), arr.max()
    if not lo >= 0:
        _raise_bad_entry(arr, name, "probability")
    if not hi <= 1:
        flat = arr.ravel()
        i = int(np.flatnonzero(~(flat <= 1))[0])
        if np.isinf(flat[i]):
            _raise_bad_entry(arr, name, "probability")
        raise DistributionError(
            f"{name} has a probability greater than 1, {float(flat[i])!r}{_where(i, arr.shape)}"
        )
    return arr


def check_distribution(
    p: ProbabilityLike, name: str = "p", axis: int = -1, normalize: bool = False
) -> tuple[np.ndarray, bool]:
    """Validate a distribution (or a batch of them along ``axis``).

    Returns the clean float64 array and whether it contains a zero. With
    ``normalize=True``, slices whose sum is not within :data:`SUM_TOLERANCE`
    of 1 are divided by their sum (in a new array); valid slices are left as
    they are, so a valid input gives the same result either way.
    """
    arr = as_float_array(p, name)
    if arr.ndim == 0:
        raise DistributionError(
            f"{name} must be a vector of probabilities, not the single number {arr.item()!r}"
        )
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(f"axis {axis} is out of bounds for {name} with {arr.ndim} dimension(s)")
    if arr.size == 0:
        raise DistributionError(f"{name} is empty: a distribution needs at least one outcome")
    lo = arr.min()
    if not lo >= 0:
        _raise_bad_entry(arr, name, "probability" if not normalize else "weight")
    with np.errstate(over="ignore"):
        total = arr.sum(axis=axis)
    if arr.ndim == 1:
        t = float(total)
        if t == t and t != np.inf and abs(t - 1.0) <= SUM_TOLERANCE:
            return arr, lo == 0
        if not np.isfinite(t):
            _raise_bad_entry(arr, name, "probability")
            if normalize:  # finite weights whose sum overflows: scale them down first
                arr = arr / arr.max()
                t = float(arr.sum())
        if normalize:
            if t == 0:
                raise DistributionError(f"{name} sums to 0, so it cannot be normalized")
            out = arr / t
            return out, out.min() == 0  # a tiny weight may underflow to 0
        raise DistributionError(
            f"{name} sums to {t!r}, not 1 (tolerance {SUM_TOLERANCE:g}); "
            "pass normalize=True to rescale counts or weights"
        )
    off = ~(np.abs(total - 1.0) <= SUM_TOLERANCE)
    if not off.any():
        return arr, lo == 0
    if not np.isfinite(total).all():
        _raise_bad_entry(arr, name, "probability")
        if normalize:  # finite weights whose sum overflows: scale those slices down first
            big = np.where(np.isfinite(total), 1.0, arr.max(axis=axis))
            arr = arr / np.expand_dims(big, axis)
            total = arr.sum(axis=axis)
    rows = np.argwhere(off)
    first = tuple(int(i) for i in rows[0])
    if normalize:
        if (total[off] == 0).any():
            zero = tuple(int(i) for i in np.argwhere(off & (total == 0))[0])
            raise DistributionError(
                f"{name} sums to 0 along axis {axis} at {zero}, so it cannot be normalized"
            )
        scale = np.where(off, total, 1.0)
        out = arr / np.expand_dims(scale, axis)
        return out, out.min() == 0  # a tiny weight may underflow to 0
    raise DistributionError(
        f"{name} sums to {float(total[first])!r} along axis {axis} at {first} "
        f"({len(rows)} of {off.size} slices are off), not 1 (tolerance {SUM_TOLERANCE:g}); "
        "pass normalize=True to rescale counts or weights"
    )


def check_joint(
    p: ArrayLike, name: str = "pxy", *, ndim: int | None = None, normalize: bool = False
) -> np.ndarray:
    """Validate a joint distribution: an array whose entries, over all axes, sum to 1.

    ``ndim`` requires that many axes. With ``normalize=True`` counts or
    weights are divided by their total (a valid joint is used as it is).
    Errors name the entry by its full index, e.g. ``at index (2, 3)``.
    """
    arr = as_float_array(p, name)
    if ndim is not None and arr.ndim != ndim:
        axes = "X along axis 0, Y along axis 1" if ndim == 2 else "X, Y, Z along axes 0, 1, 2"
        raise DistributionError(
            f"{name} must be a {ndim}-D array ({axes}); got {arr.ndim}-D shape {arr.shape}"
        )
    if arr.ndim == 0:
        raise DistributionError(
            f"{name} must be an array of joint probabilities, not the single number {arr.item()!r}"
        )
    if arr.size == 0:
        raise DistributionError(f"{name} is empty (shape {arr.shape}): a joint needs an outcome")
    if not arr.min() >= 0:
        _raise_bad_entry(arr, name, "probability" if not normalize else "weight")
    with np.errstate(over="ignore"):
        total = float(arr.sum())
    if abs(total - 1.0) <= SUM_TOLERANCE:
        return arr
    if not np.isfinite(total):
        _raise_bad_entry(arr, name, "probability")
        if normalize:  # finite weights whose sum overflows: scale them down first
            arr = arr / arr.max()
            total = float(arr.sum())
    if normalize:
        if total == 0:
            raise DistributionError(f"{name} sums to 0, so it cannot be normalized")
        return arr / total
    raise DistributionError(
        f"{name} sums to {total!r} over all its entries, not 1 (tolerance {SUM_TOLERANCE:g}); "
        "pass normalize=True to rescale counts or weights"
    )


def align(p: ProbabilityLike, q: ProbabilityLike) -> tuple[Any, Any]:
    """Line up two distributions given as mappings over the union of their outcomes.

    A mapping's missing outcome has probability 0. Arrays are returned as they are.
    """
    p_map, q_map = isinstance(p, Mapping), isinstance(q, Mapping)
    if p_map and q_map:
        outcomes: Sequence[Hashable] = list(p) + [k for k in q if k not in p]
        return [p.get(k, 0.0) for k in outcomes], [q.get(k, 0.0) for k in outcomes]
    if p_map or q_map:
        raise DistributionError(
            "p and q must both be mappings (aligned by outcome) or both be arrays; "
            f"got a {type(p).__name__} and a {type(q).__name__}"
        )
    return p, q


def check_pair(
    p: ProbabilityLike, q: ProbabilityLike, axis: int, normalize: bool
) -> tuple[np.ndarray, np.ndarray, bool, bool]:
    """Validate two distributions of the same shape."""
    p, q = align(p, q)
    x = as_float_array(p, "p")
    y = as_float_array(q, "q")
    if x.shape != y.shape:
        raise DistributionError(
            f"p and q must have the same shape; got {x.shape} and {y.shape} "
            "(they are not broadcast)"
        )
    x, x0 = check_distribution(x, "p", axis, normalize)
    y, y0 = check_distribution(y, "q", axis, normalize)
    return x, y, x0, y0


def check_real(x: ArrayLike, name: str) -> np.ndarray:
    """Validate real parameters (e.g. means): every entry finite, none NaN."""
    arr = as_float_array(x, name)
    if arr.size and not np.isfinite(arr).all():
        flat = arr.ravel()
        i = int(np.flatnonzero(~np.isfinite(flat))[0])
        what = "NaN" if np.isnan(flat[i]) else f"an infinite value {float(flat[i])}"
        raise DistributionError(f"{name} contains {what}{_where(i, arr.shape)}; it must be finite")
    return arr


def check_positive(x: ArrayLike, name: str) -> np.ndarray:
    """Validate scale parameters (e.g. standard deviations): every entry finite and > 0."""
    arr = check_real(x, name)
    if arr.size and not arr.min() > 0:
        flat = arr.ravel()
        i = int(np.flatnonzero(~(flat > 0))[0])
        raise DistributionError(
            f"{name} must be > 0; got {float(flat[i])!r}{_where(i, arr.shape)}"
        )
    return arr


#: How far from symmetric, relative to its largest entry, a covariance matrix may be.
SYMMETRY_TOLERANCE = 1e-12


def check_covariance(cov: ArrayLike, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Validate a covariance matrix: square, finite, symmetric and positive definite.

    Returns the symmetrised matrix and its lower Cholesky factor.
    """
    arr = check_real(cov, name)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] == 0:
        raise DistributionError(
            f"{name} must be a square matrix with at least one row; got shape {arr.shape}"
        )
    gap = np.abs(arr - arr.T)
    if not gap.max() <= SYMMETRY_TOLERANCE * np.abs(arr).max():
        i, j = (int(k) for k in np.unravel_index(int(np.argmax(gap)), arr.shape))
        raise DistributionError(
            f"{name} is not symmetric: entry {(i, j)} is {float(arr[i, j])!r} "
            f"but entry {(j, i)} is {float(arr[j, i])!r}"
        )
    sym = (arr + arr.T) / 2
    try:
        chol = np.linalg.cholesky(sym)
    except np.linalg.LinAlgError:
        smallest = float(np.linalg.eigvalsh(sym)[0])
        raise DistributionError(
            f"{name} is not positive definite: its smallest eigenvalue is {smallest:.6g}"
        ) from None
    return sym, chol
