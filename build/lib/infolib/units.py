"""Units of information: the base of the logarithm.

A measure computed with ``log`` in base ``b`` is the measure in nats divided by
``ln b``. This module turns every accepted way of naming a base into that divisor,
in one place, so every function in :mod:`infolib` accepts the same units.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Union

import numpy as np

__all__ = ["Base", "UNIT_NAMES", "log_of_base", "convert"]

Base = Union[float, int, str]

#: Names accepted for ``base``, and the base each stands for.
UNIT_NAMES: dict[str, float] = {
    "bits": 2.0,
    "shannons": 2.0,
    "nats": math.e,
    "hartleys": 10.0,
    "bans": 10.0,
    "dits": 10.0,
}

_LN = {name: math.log(b) for name, b in UNIT_NAMES.items()}
_LN.update({2: math.log(2.0), 10: math.log(10.0), math.e: 1.0})

_ACCEPTED = (
    "a finite number > 0 other than 1 (e.g. 2, math.e, 10) or one of the names "
    + ", ".join(repr(n) for n in UNIT_NAMES)
)


def log_of_base(base: Base) -> float:
    """Return ``ln(base)``: the number a measure in nats is divided by.

    Parameters
    ----------
    base : float or str
        A finite number greater than 0 other than 1, or a unit name:
        ``"bits"`` (base 2, alias ``"shannons"``), ``"nats"`` (base e) or
        ``"hartleys"`` (base 10, aliases ``"bans"`` and ``"dits"``).

    Returns
    -------
    float
        The natural logarithm of the base.

    Raises
    ------
    ValueError
        If ``base`` is none of the above; the message lists what is accepted.

    Examples
    --------
    >>> log_of_base("nats")
    1.0
    >>> log_of_base(2) == log_of_base("bits")
    True
    """
    try:
        return _LN[base]
    except (KeyError, TypeError):
        pass
    if isinstance(base, str):
        raise ValueError(f"unknown unit {base!r}; base must be {_ACCEPTED}")
    if isinstance(base, (bool, np.bool_)) or not isinstance(base, Real):
        raise ValueError(f"base must be {_ACCEPTED}; got {base!r}")
    b = float(base)
    if not math.isfinite(b) or b <= 0 or b == 1:
        raise ValueError(f"base must be {_ACCEPTED}; got {base!r}")
    return math.log(b)


def convert(value, from_base: Base, to_base: Base):
    """Convert an amount of information from one unit to another.

    Parameters
    ----------
    value : float or array_like
        Amount of information measured with logarithms in ``from_base``.
    from_base, to_base : float or str
        Units, as accepted by :func:`log_of_base`.

    Returns
    -------
    float or numpy.ndarray
        ``value * ln(from_base) / ln(to_base)``.

    Notes
    -----
    :math:`\\log_b x = \\ln x / \\ln b`, so one bit is :math:`\\ln 2 \\approx 0.693`
    nats and :math:`\\log_{10} 2 \\approx 0.301` hartleys.

    Examples
    --------
    >>> round(convert(1, "bits", "nats"), 6)
    0.693147
    >>> convert(1, "hartleys", 10)
    1.0
    """
    factor = log_of_base(from_base) / log_of_base(to_base)
    if np.ndim(value) == 0:
        return float(value) * factor
    return np.asarray(value, dtype=np.float64) * factor
