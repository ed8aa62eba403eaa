"""Variational and contrastive objectives: the VAE's KL term, a reparameterised ELBO, InfoNCE.

The three quantities that chapter 10 builds on, each validated once at the
boundary (:mod:`infolib.validation`) and computed in nats, then divided by
``ln(base)``, as everywhere in infolib. Machine learning reports these in nats,
so ``base="nats"`` is the default here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .classification import log_softmax
from .continuous import normal_kl_divergence
from .units import Base, log_of_base
from .validation import DistributionError, check_positive, check_real

__all__ = ["ElboEstimate", "elbo_estimate", "infonce_bound", "infonce_loss", "vae_kl_divergence"]

# ln(2 pi e) / 2: the differential entropy of N(0, 1) in nats.
_HALF_LN_2PI_E = 0.5 * math.log(2 * math.pi * math.e)


def _broadcast(names: tuple[str, ...], *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        shapes = ", ".join(str(a.shape) for a in arrays)
        raise DistributionError(
            f"{' and '.join(names)} cannot be broadcast together; got shapes {shapes}"
        ) from None
    return tuple(np.broadcast_to(a, shape) for a in arrays)


def vae_kl_divergence(mu: ArrayLike, log_var: ArrayLike, *, base: Base = "nats"):
    r"""The KL term of a Gaussian VAE: the divergence of the encoder's :math:`q(z \mid x)` from :math:`\mathcal{N}(0, I)`.

    Parameters
    ----------
    mu : array_like
        Means of the encoder's :math:`q(z \mid x)`, one row of :math:`k` latent
        coordinates per data point: shape ``(..., k)``.
    log_var : array_like
        :math:`\ln \sigma^2` of each coordinate, shape ``(..., k)``, as encoders output it;
        broadcast against ``mu``. Must be finite.
    base : float or str, default "nats"
        Logarithm base or unit name (machine learning uses nats).

    Returns
    -------
    float or numpy.ndarray
        :math:`D\big(\mathcal{N}(\mu, \operatorname{diag}\sigma^2) \,\|\, \mathcal{N}(0, I)\big) \ge 0`
        summed over the last axis: one value per data point (a float for a
        single code).

    Raises
    ------
    DistributionError
        If an entry is NaN or infinite, the two cannot be broadcast together,
        or they have no latent axis (a scalar).

    Notes
    -----
    The closed form [Kingma2014vae]_, Appendix B:

    .. math::
        D = \frac12 \sum_{j=1}^{k} \big(\sigma_j^2 + \mu_j^2 - 1 - \ln \sigma_j^2\big) \text{ nats}.

    Each term is computed as :func:`normal_kl_divergence` computes the
    divergence of :math:`\mathcal{N}(\mu_j, \sigma_j^2)` from
    :math:`\mathcal{N}(0, 1)`, so :math:`\sigma_j^2 - 1 - \ln\sigma_j^2` keeps its
    relative accuracy when :math:`\sigma_j` is close to 1, where the formula
    as written cancels.

    References
    ----------
    .. [Kingma2014vae] D. P. Kingma and M. Welling, "Auto-encoding variational
       Bayes", ICLR (2014).

    Examples
    --------
    >>> vae_kl_divergence([0.0, 0.0], [0.0, 0.0])
    0.0
    >>> round(vae_kl_divergence([1.0, 0.0], [0.0, 0.0]), 12)
    0.5
    >>> vae_kl_divergence([[0.0], [2.0]], [[0.0], [0.0]])
    array([0., 2.])
    """
    scale = log_of_base(base)
    m = check_real(mu, "mu")
    lv = check_real(log_var, "log_var")
    m, lv = _broadcast(("mu", "log_var"), m, lv)
    if m.ndim == 0:
        raise DistributionError(
            "mu and log_var must have a last axis of latent coordinates; got single numbers "
            "(pass [mu] and [log_var] for a one-dimensional code)"
        )
    with np.errstate(over="ignore"):
        sigma = np.exp(0.5 * lv)
    if not (np.isfinite(sigma).all() and sigma.min(initial=1.0) > 0):
        flat = lv.ravel()
        i = int(np.flatnonzero(~(np.isfinite(sigma.ravel()) & (sigma.ravel() > 0)))[0])
        raise DistributionError(
            f"log_var gives a standard deviation exp(log_var / 2) that is not a positive finite "
            f"number; got log_var = {float(flat[i])!r} at flat index {i}"
        )
    value = normal_kl_divergence(m, sigma, 0.0, 1.0, base="nats")
    value = np.sum(value, axis=-1)
    if scale != 1.0:
        value = value / scale
    return float(value) if np.ndim(value) == 0 else value


class ElboEstimate(NamedTuple):
    """A Monte Carlo estimate of the ELBO and its standard error (same unit)."""

    value: float
    standard_error: float


def elbo_estimate(
    log_joint: Callable[[np.ndarray], ArrayLike],
    mu: ArrayLike,
    sigma: ArrayLike,
    eps: ArrayLike,
    *,
    base: Base = "nats",
) -> ElboEstimate:
    r"""Reparameterised Monte Carlo estimate of the ELBO for a diagonal Gaussian :math:`q`.

    Parameters
    ----------
    log_joint : callable
        :math:`z \mapsto \ln p(x, z)` at the observed :math:`x`, in nats. It is
        called once with an array of shape ``(S, k)`` and must return ``S``
        finite values.
    mu, sigma : array_like
        Mean and standard deviations (not variances) of
        :math:`q = \mathcal{N}(\mu, \operatorname{diag}\sigma^2)`, vectors of
        length :math:`k`; ``sigma`` > 0.
    eps : array_like
        Standard normal draws, shape ``(S, k)`` (or ``(S,)`` when :math:`k = 1`),
        :math:`S \ge 2`: the samples are
        :math:`z_s = \mu + \sigma \odot \varepsilon_s`, so that the estimate is a
        smooth function of ``mu`` and ``sigma`` (the reparameterisation trick).
    base : float or str, default "nats"
        Logarithm base or unit name.

    Returns
    -------
    ElboEstimate
        ``value``: :math:`\frac1S \sum_s \ln p(x, z_s) + h(q)`; ``standard_error``:
        the standard deviation of the :math:`\ln p(x, z_s)` over :math:`\sqrt S`.

    Raises
    ------
    DistributionError
        If ``mu`` or ``eps`` is not finite, ``sigma`` is not > 0, the shapes do
        not match, there are fewer than 2 draws, or ``log_joint`` returns the
        wrong number of values or a value that is not finite.

    Notes
    -----
    :math:`\mathrm{ELBO}(q) = \mathbb{E}_q[\ln p(x, z) - \ln q(z)]`, that is
    :math:`\mathbb{E}_q[\ln p(x, z)] + h(q)`, and the entropy of the diagonal
    Gaussian, :math:`h(q) = \sum_j \big(\tfrac12 \ln(2\pi e) + \ln\sigma_j\big)`,
    is exact, so only the first term is estimated [Kingma2014elbo]_.

    References
    ----------
    .. [Kingma2014elbo] D. P. Kingma and M. Welling, "Auto-encoding variational
       Bayes", ICLR (2014).

    Examples
    --------
    The joint :math:`\ln p(x, z) = \ln \mathcal{N}(z; 0, 1)` (an evidence of 1):
    with :math:`q` the standard normal the ELBO is exactly :math:`\ln 1 = 0`.

    >>> eps = np.random.default_rng(0).normal(size=(1000, 1))
    >>> log_joint = lambda z: -0.5 * (z**2).sum(axis=1) - 0.5 * np.log(2 * np.pi)
    >>> est = elbo_estimate(log_joint, [0.0], [1.0], eps)
    >>> abs(est.value) < 3 * est.standard_error
    True
    """
    scale = log_of_base(base)
    m = np.atleast_1d(check_real(mu, "mu"))
    s = np.atleast_1d(check_positive(sigma, "sigma"))
    e = check_real(eps, "eps")
    if m.ndim != 1 or m.shape != s.shape:
        raise DistributionError(
            f"mu and sigma must be vectors of the same length k; got shapes {m.shape} and {s.shape}"
        )
    k = m.size
    if e.ndim == 1 and k == 1:
        e = e[:, None]
    if e.ndim != 2 or e.shape[1] != k:
        raise DistributionError(f"eps must have shape (S, {k}) for a {k}-dimensional q; got shape {e.shape}")
    if e.shape[0] < 2:
        raise DistributionError(f"eps must hold at least 2 draws to give a standard error; got {e.shape[0]}")
    z = m + s * e
    values = np.asarray(log_joint(z), dtype=float)
    if values.shape != (e.shape[0],):
        raise DistributionError(
            f"log_joint must return one value per draw, shape ({e.shape[0]},); got shape {values.shape}"
        )
    if not np.isfinite(values).all():
        i = int(np.flatnonzero(~np.isfinite(values))[0])
        raise DistributionError(
            f"log_joint returned {float(values[i])!r} for draw {i}; the ELBO needs ln p(x, z) finite "
            "wherever q puts mass"
        )
    entropy = k * _HALF_LN_2PI_E + float(np.log(s).sum())
    value = float(values.mean()) + entropy
    se = float(values.std(ddof=1) / math.sqrt(values.size))
    return ElboEstimate(value / scale, se / scale)


def _check_scores(scores: ArrayLike, temperature: float) -> tuple[np.ndarray, float]:
    s = check_real(scores, "scores")
    if s.ndim != 2 or s.shape[0] != s.shape[1] or s.shape[0] < 2:
        raise DistributionError(
            "scores must be a square N x N matrix (N >= 2) of critic values f(x_i, y_j), "
            f"the positive pairs on the diagonal; got shape {s.shape}"
        )
    t = check_positive(temperature, "temperature")
    if t.ndim != 0:
        raise DistributionError(f"temperature must be a single number; got shape {t.shape}")
    return s, float(t)


def infonce_loss(scores: ArrayLike, *, temperature: float = 1.0, base: Base = "nats") -> float:
    r"""The InfoNCE loss: cross-entropy of picking each row's positive among its N candidates.

    Parameters
    ----------
    scores : array_like
        An :math:`N \times N` matrix of critic values :math:`f(x_i, y_j)` for a batch of :math:`N \ge 2` pairs
        :math:`(x_i, y_i)` drawn from the joint distribution; the positive pair of
        row :math:`i` is on the diagonal, the other :math:`N - 1` entries of the row
        are negatives.
    temperature : float, default 1.0
        :math:`\tau > 0`; the scores are divided by it before the softmax.
    base : float or str, default "nats"
        Logarithm base or unit name.

    Returns
    -------
    float
        :math:`L = -\frac1N \sum_{i=1}^N \ln \frac{e^{f(x_i, y_i)/\tau}}{\sum_{j=1}^N e^{f(x_i, y_j)/\tau}}`,
        between 0 and :math:`\infty`; :math:`\ln N` for a critic that scores every
        candidate alike.

    Raises
    ------
    DistributionError
        If ``scores`` is not a finite square matrix with at least 2 rows, or
        ``temperature`` is not a single positive finite number.

    Notes
    -----
    This is the mean softmax cross-entropy of a classifier whose logits are row
    :math:`i` and whose label is :math:`i` [Oord2018]_; the softmax is taken in
    the log domain (:func:`log_softmax`), so large scores or a small
    temperature do not overflow. :math:`\ln N - L` is a lower bound on
    :math:`I(X; Y)` (:func:`infonce_bound`).

    References
    ----------
    .. [Oord2018] A. van den Oord, Y. Li and O. Vinyals, "Representation
       learning with contrastive predictive coding", arXiv:1807.03748 (2018).

    Examples
    --------
    >>> round(infonce_loss(np.zeros((4, 4))), 12) == round(math.log(4), 12)
    True
    >>> infonce_loss([[10.0, 0.0], [0.0, 10.0]], temperature=0.1) < 1e-40
    True
    """
    s, t = _check_scores(scores, temperature)
    log_p = log_softmax(s / t, axis=1)
    value = -float(np.trace(log_p)) / s.shape[0]
    return value / log_of_base(base)


def infonce_bound(scores: ArrayLike, *, temperature: float = 1.0, base: Base = "nats") -> float:
    r"""The InfoNCE estimate :math:`\ln N - L` of a lower bound on :math:`I(X; Y)`.

    Parameters
    ----------
    scores : array_like
        An :math:`N \times N` matrix of critic values :math:`f(x_i, y_j)`, positives on the diagonal, as in
        :func:`infonce_loss`.
    temperature : float, default 1.0
        :math:`\tau > 0`; the critic is :math:`f / \tau`.
    base : float or str, default "nats"
        Logarithm base or unit name.

    Returns
    -------
    float
        :math:`\ln N - L`, at most :math:`\ln N` whatever the critic. Its
        expectation over batches is at most :math:`I(X; Y)` for every critic
        [Oord2018b]_ [Poole2019]_; one batch's value is a random estimate of it.

    Raises
    ------
    DistributionError
        As :func:`infonce_loss`.

    References
    ----------
    .. [Oord2018b] A. van den Oord, Y. Li and O. Vinyals, "Representation
       learning with contrastive predictive coding", arXiv:1807.03748 (2018).
    .. [Poole2019] B. Poole, S. Ozair, A. van den Oord, A. Alemi and G. Tucker,
       "On variational bounds of mutual information", ICML (2019).

    Examples
    --------
    A critic that cannot tell pairs apart gives 0; a perfect one gives ln N.

    >>> round(infonce_bound(np.ones((8, 8))), 12)
    0.0
    >>> round(infonce_bound(1e3 * np.eye(8), base=2), 12)
    3.0
    """
    s, t = _check_scores(scores, temperature)
    log_p = log_softmax(s / t, axis=1)
    n = s.shape[0]
    value = math.log(n) + float(np.trace(log_p)) / n
    return value / log_of_base(base)
