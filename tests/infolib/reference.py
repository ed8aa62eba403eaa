"""Independent reference values: the measures evaluated in mpmath at 50 digits.

Every float64 input is converted exactly (``mpmath.mpf(float)`` is exact), so a
reference is the true value of the measure for the very numbers infolib was
given, correct to far more digits than a float64 holds.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np

DIGITS = 50


def _mp(values) -> list:
    return [mpmath.mpf(float(v)) for v in np.asarray(values, dtype=np.float64).ravel()]


def _plogq(a, b):
    """a * ln(a / b) with 0 ln(0 / b) = 0 and a ln(a / 0) = inf for a > 0."""
    if a == 0:
        return mpmath.mpf(0)
    if b == 0:
        return mpmath.inf
    return a * mpmath.log(a / b)


def entropy_nats(p) -> float:
    """-sum p ln p."""
    with mpmath.workdps(DIGITS):
        return float(-mpmath.fsum(a * mpmath.log(a) for a in _mp(p) if a > 0))


def cross_entropy_nats(p, q) -> float:
    """-sum p ln q."""
    with mpmath.workdps(DIGITS):
        terms = []
        for a, b in zip(_mp(p), _mp(q)):
            if a == 0:
                continue
            if b == 0:
                return math.inf
            terms.append(-a * mpmath.log(b))
        return float(mpmath.fsum(terms))


def kl_nats(p, q) -> float:
    """sum p ln(p / q), the exact value for the given (possibly unnormalised) arrays."""
    with mpmath.workdps(DIGITS):
        return float(mpmath.fsum(_plogq(a, b) for a, b in zip(_mp(p), _mp(q))))


def js_nats(p, q) -> float:
    """KL(p || m) / 2 + KL(q || m) / 2 with m = (p + q) / 2, m formed exactly."""
    with mpmath.workdps(DIGITS):
        x, y = _mp(p), _mp(q)
        m = [(a + b) / 2 for a, b in zip(x, y)]
        return float(
            mpmath.fsum(_plogq(a, c) for a, c in zip(x, m)) / 2
            + mpmath.fsum(_plogq(b, c) for b, c in zip(y, m)) / 2
        )


def binary_entropy_nats(p: float) -> float:
    """-p ln p - (1 - p) ln(1 - p), with 1 - p formed exactly."""
    with mpmath.workdps(DIGITS):
        a = mpmath.mpf(float(p))
        b = 1 - a  # rounded when a < 1e-50, but then it only multiplies log1p(-a) ~ -a
        return float(-(a * mpmath.log(a) if a else 0) - (b * mpmath.log1p(-a) if b else 0))


def rel_err(value: float, reference: float) -> float:
    """|value - reference| / |reference|; 0 when both are exactly equal."""
    if value == reference:
        return 0.0
    return abs(value - reference) / abs(reference)


def kl_nats_normalized(p, q) -> float:
    """KL between p / sum(p) and q / sum(q), both normalised exactly (what scipy targets)."""
    with mpmath.workdps(DIGITS):
        x, y = _mp(p), _mp(q)
        sx, sy = mpmath.fsum(x), mpmath.fsum(y)
        return float(mpmath.fsum(_plogq(a / sx, b / sy) for a, b in zip(x, y)))


def _table(pxy) -> tuple[list, tuple]:
    arr = np.asarray(pxy, dtype=np.float64)
    return _mp(arr), arr.shape


def mutual_information_nats(pxy) -> float:
    """sum p ln(p / (px py)) of the exactly normalised 2-D joint, marginals summed exactly."""
    with mpmath.workdps(DIGITS):
        flat, (m, n) = _table(pxy)
        total = mpmath.fsum(flat)
        p = [[flat[i * n + j] / total for j in range(n)] for i in range(m)]
        px = [mpmath.fsum(row) for row in p]
        py = [mpmath.fsum(p[i][j] for i in range(m)) for j in range(n)]
        return float(
            mpmath.fsum(_plogq(p[i][j], px[i] * py[j]) for i in range(m) for j in range(n))
        )


def joint_entropy_nats(pxy) -> float:
    """-sum p ln p over every entry of the joint, as given."""
    return entropy_nats(np.asarray(pxy, dtype=np.float64).ravel())


def conditional_entropy_nats(pxy, given: int) -> float:
    """sum p ln(p_given / p) of the exactly normalised 2-D joint: H(Y|X) for given=0."""
    with mpmath.workdps(DIGITS):
        flat, (m, n) = _table(pxy)
        total = mpmath.fsum(flat)
        p = [[flat[i * n + j] / total for j in range(n)] for i in range(m)]
        if given == 1:
            p = [list(col) for col in zip(*p)]
        pg = [mpmath.fsum(row) for row in p]
        return float(
            mpmath.fsum(_plogq(a, pg[i]) for i, row in enumerate(p) for a in row) * -1
        )


# Continuous distributions: closed forms evaluated at 50 digits on the exact float64 inputs.


def normal_entropy_nats(sigma: float) -> float:
    """ln(2 pi e sigma^2) / 2."""
    with mpmath.workdps(DIGITS):
        s = mpmath.mpf(float(sigma))
        return float(mpmath.log(2 * mpmath.pi * mpmath.e * s * s) / 2)


def normal_kl_nats(mu_p: float, sigma_p: float, mu_q: float, sigma_q: float) -> float:
    """ln(sigma_q / sigma_p) + (sigma_p^2 + (mu_p - mu_q)^2) / (2 sigma_q^2) - 1/2."""
    with mpmath.workdps(DIGITS):
        a, s, b, t = (mpmath.mpf(float(v)) for v in (mu_p, sigma_p, mu_q, sigma_q))
        return float(mpmath.log(t / s) + (s * s + (a - b) ** 2) / (2 * t * t) - mpmath.mpf(1) / 2)


def mvn_kl_nats(mean_p, cov_p, mean_q, cov_q) -> float:
    """(tr(Sq^-1 Sp) + (mq - mp)' Sq^-1 (mq - mp) - k + ln det Sq - ln det Sp) / 2."""
    with mpmath.workdps(DIGITS):
        mp_ = mpmath.matrix(_mp(mean_p))
        mq = mpmath.matrix(_mp(mean_q))
        k = len(mp_)
        sp = mpmath.matrix([_mp(row) for row in np.asarray(cov_p, dtype=np.float64)])
        sq = mpmath.matrix([_mp(row) for row in np.asarray(cov_q, dtype=np.float64)])
        sq_inv = mpmath.inverse(sq)
        trace = mpmath.fsum((sq_inv * sp)[i, i] for i in range(k))
        diff = mq - mp_
        quad = (diff.T * sq_inv * diff)[0, 0]
        log_det_ratio = mpmath.log(mpmath.det(sq)) - mpmath.log(mpmath.det(sp))
        return float((trace + quad - k + log_det_ratio) / 2)
