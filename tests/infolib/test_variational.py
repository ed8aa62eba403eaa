"""The VAE's KL term, the reparameterised ELBO estimate and the InfoNCE loss and bound.

Values against 50-digit mpmath references and closed forms, the identities that tie
them to the rest of infolib, finite differences of the reparameterised estimate, and
bad input.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import scipy.special
import scipy.stats

import infolib as il
from infolib import DistributionError


# --- vae_kl_divergence -------------------------------------------------------------------


def _vae_kl_mpmath(mu, log_var) -> float:
    with mpmath.workdps(50):
        total = mpmath.mpf(0)
        for m, lv in zip(mu, log_var):
            m, lv = mpmath.mpf(float(m)), mpmath.mpf(float(lv))
            total += (mpmath.exp(lv) + m * m - 1 - lv) / 2
        return float(total)


def test_vae_kl_matches_the_closed_form_at_50_digits():
    rng = np.random.default_rng(1)
    mu = rng.normal(0, 2, size=(20, 6))
    log_var = rng.normal(0, 2, size=(20, 6))
    got = il.vae_kl_divergence(mu, log_var)
    ref = [_vae_kl_mpmath(m, lv) for m, lv in zip(mu, log_var)]
    assert got.shape == (20,)
    np.testing.assert_allclose(got, ref, rtol=1e-13)


def test_vae_kl_keeps_its_digits_when_sigma_is_nearly_one():
    # sigma^2 - 1 - ln sigma^2 cancels as written when log_var is tiny: ~ log_var^2 / 2
    for lv in (1e-6, -3e-9, 2e-12):
        got = il.vae_kl_divergence([0.0], [lv])
        assert got == pytest.approx(_vae_kl_mpmath([0.0], [lv]), rel=1e-12)
        naive = 0.5 * (math.exp(lv) - 1 - lv)
        assert abs(naive - got) > 1e-5 * got  # the formula as written loses them


def test_vae_kl_is_the_multivariate_normal_divergence_from_the_standard_normal():
    rng = np.random.default_rng(2)
    mu, log_var = rng.normal(size=4), rng.normal(size=4)
    mvn = il.mvn_kl_divergence(mu, np.diag(np.exp(log_var)), np.zeros(4), np.eye(4), base="nats")
    assert il.vae_kl_divergence(mu, log_var) == pytest.approx(mvn, rel=1e-12)


def test_vae_kl_is_zero_only_at_the_prior_and_converts_units():
    assert il.vae_kl_divergence([0.0, 0.0, 0.0], [0.0, 0.0, 0.0]) == 0.0
    assert il.vae_kl_divergence([1e-3], [0.0]) > 0
    nats = il.vae_kl_divergence([1.0, -0.5], [0.3, -2.0])
    assert il.vae_kl_divergence([1.0, -0.5], [0.3, -2.0], base=2) == pytest.approx(nats / math.log(2), rel=1e-15)


def test_vae_kl_broadcasts_a_shared_log_variance():
    mu = np.arange(6.0).reshape(3, 2)
    got = il.vae_kl_divergence(mu, [0.5, -0.5])
    ref = [_vae_kl_mpmath(m, [0.5, -0.5]) for m in mu]
    np.testing.assert_allclose(got, ref, rtol=1e-13)


@pytest.mark.parametrize(
    ("mu", "log_var", "match"),
    [
        ([0.0, np.nan], [0.0, 0.0], "mu contains NaN at index 1"),
        ([0.0], [np.inf], "log_var contains an infinite value inf"),
        ([0.0, 0.0], [0.0, 0.0, 0.0], r"mu and log_var cannot be broadcast together; got shapes \(2,\), \(3,\)"),
        (0.0, 0.0, "must have a last axis of latent coordinates"),
        ([0.0], [2000.0], "log_var gives a standard deviation .* got log_var = 2000.0"),
    ],
)
def test_vae_kl_names_bad_input(mu, log_var, match):
    with pytest.raises(DistributionError, match=match):
        il.vae_kl_divergence(mu, log_var)


# --- elbo_estimate -------------------------------------------------------------------------


def _conjugate():
    """z ~ N(20, 2^2), x | z ~ N(z, 1), x = 23: posterior and evidence in closed form."""
    prior = scipy.stats.norm(20, 2)

    def log_joint(z):
        z = z[:, 0]
        return prior.logpdf(z) + scipy.stats.norm(z, 1).logpdf(23.0)

    post_var = 1 / (1 / 4 + 1)
    post_mu = post_var * (20 / 4 + 23)
    log_evidence = scipy.stats.norm(20, math.sqrt(5)).logpdf(23.0)
    return log_joint, post_mu, math.sqrt(post_var), log_evidence


def test_elbo_estimate_is_log_evidence_minus_the_divergence_from_the_posterior():
    log_joint, post_mu, post_sd, log_evidence = _conjugate()
    eps = np.random.default_rng(3).normal(size=(200_000, 1))
    for m, s in [(21.0, 1.5), (22.4, 0.5), (19.0, 2.5)]:
        est = il.elbo_estimate(log_joint, [m], [s], eps)
        exact = log_evidence - il.normal_kl_divergence(m, s, post_mu, post_sd, base="nats")
        assert abs(est.value - exact) < 4 * est.standard_error
        assert 0 < est.standard_error < 0.05


def test_elbo_estimate_is_exact_with_zero_variance_at_the_posterior():
    # with q the posterior, ln p(x, z) - ln q(z) = ln p(x) for every z
    log_joint, post_mu, post_sd, log_evidence = _conjugate()
    eps = np.random.default_rng(4).normal(size=(50, 1))
    log_q = scipy.stats.norm(post_mu, post_sd).logpdf(post_mu + post_sd * eps[:, 0])
    terms = log_joint(post_mu + post_sd * eps) - log_q
    np.testing.assert_allclose(terms, log_evidence, rtol=1e-12)
    est = il.elbo_estimate(log_joint, [post_mu], [post_sd], eps)
    assert est.value == pytest.approx(log_evidence, abs=5 * est.standard_error + 1e-12)


def test_elbo_estimate_gradient_matches_a_finite_difference():
    # the reparameterised estimate is a smooth function of (mu, sigma) for fixed draws;
    # its derivative in mu is the mean of d ln p / dz, which for the conjugate model is
    # (20 - z) / 4 + (23 - z)
    log_joint, *_ = _conjugate()
    eps = np.random.default_rng(5).normal(size=(1000, 1))
    m, s, h = 21.0, 1.5, 1e-5
    up = il.elbo_estimate(log_joint, [m + h], [s], eps).value
    down = il.elbo_estimate(log_joint, [m - h], [s], eps).value
    z = m + s * eps[:, 0]
    analytic = ((20 - z) / 4 + (23 - z)).mean()
    assert (up - down) / (2 * h) == pytest.approx(analytic, rel=1e-7)
    # in sigma: mean of (d ln p / dz) eps, plus d h(q) / d sigma = 1 / sigma
    up = il.elbo_estimate(log_joint, [m], [s + h], eps).value
    down = il.elbo_estimate(log_joint, [m], [s - h], eps).value
    analytic = (((20 - z) / 4 + (23 - z)) * eps[:, 0]).mean() + 1 / s
    assert (up - down) / (2 * h) == pytest.approx(analytic, rel=1e-6)


def test_elbo_estimate_adds_the_exact_gaussian_entropy():
    # a constant log joint: the estimate is that constant plus h(q), with no sampling error
    eps = np.random.default_rng(6).normal(size=(10, 3))
    sigma = np.array([0.5, 1.0, 2.0])
    est = il.elbo_estimate(lambda z: np.full(len(z), -1.0), np.zeros(3), sigma, eps)
    h = sum(scipy.stats.norm(0, s).entropy() for s in sigma)
    assert est.value == pytest.approx(-1.0 + h, rel=1e-14)
    assert est.standard_error == 0.0
    bits = il.elbo_estimate(lambda z: np.full(len(z), -1.0), np.zeros(3), sigma, eps, base=2)
    assert bits.value == pytest.approx(est.value / math.log(2), rel=1e-14)
    # a one-dimensional q takes its draws as a plain vector
    flat = il.elbo_estimate(lambda z: -0.5 * z[:, 0] ** 2, [0.3], [0.7], eps[:, 0])
    assert flat == il.elbo_estimate(lambda z: -0.5 * z[:, 0] ** 2, [0.3], [0.7], eps[:, :1])


@pytest.mark.parametrize(
    ("mu", "sigma", "eps", "log_joint", "match"),
    [
        ([0.0], [0.0], np.zeros((4, 1)), None, r"sigma must be > 0; got 0.0"),
        ([0.0, 1.0], [1.0], np.zeros((4, 2)), None, "mu and sigma must be vectors of the same length"),
        ([0.0, 1.0], [1.0, 1.0], np.zeros((4, 3)), None, r"eps must have shape \(S, 2\)"),
        ([0.0], [1.0], np.zeros((1, 1)), None, "at least 2 draws"),
        ([0.0], [1.0], np.zeros((4, 1)), lambda z: np.zeros(3), r"one value per draw, shape \(4,\); got shape \(3,\)"),
        ([0.0], [1.0], np.zeros((4, 1)), lambda z: np.array([0.0, -np.inf, 0.0, 0.0]), "returned -inf for draw 1"),
    ],
)
def test_elbo_estimate_names_bad_input(mu, sigma, eps, log_joint, match):
    log_joint = log_joint or (lambda z: -0.5 * (z**2).sum(axis=1))
    with pytest.raises(DistributionError, match=match):
        il.elbo_estimate(log_joint, mu, sigma, eps)


# --- infonce_loss and infonce_bound ------------------------------------------------------------


def _infonce_mpmath(scores, temperature=1.0) -> float:
    with mpmath.workdps(50):
        n = len(scores)
        total = mpmath.mpf(0)
        for i in range(n):
            row = [mpmath.mpf(float(v)) / mpmath.mpf(temperature) for v in scores[i]]
            total += mpmath.log(mpmath.fsum(mpmath.exp(v) for v in row)) - row[i]
        return float(total / n)


def test_infonce_loss_matches_mpmath_for_several_temperatures():
    rng = np.random.default_rng(7)
    scores = rng.normal(0, 3, size=(12, 12))
    for t in (0.05, 0.5, 1.0, 7.0):
        assert il.infonce_loss(scores, temperature=t) == pytest.approx(_infonce_mpmath(scores, t), rel=1e-13)


def test_infonce_loss_is_the_cross_entropy_of_each_row_with_its_diagonal_label():
    rng = np.random.default_rng(8)
    scores = rng.normal(size=(9, 9))
    ce = il.cross_entropy_loss(scores, np.arange(9))
    assert il.infonce_loss(scores) == pytest.approx(ce, rel=1e-14)
    # and scipy's logsumexp, row by row
    ref = (scipy.special.logsumexp(scores, axis=1) - np.diag(scores)).mean()
    assert il.infonce_loss(scores) == pytest.approx(ref, rel=1e-14)


def test_infonce_loss_does_not_overflow_for_large_scores_or_small_temperatures():
    scores = np.array([[800.0, 799.0], [0.0, 1.0]])
    got = il.infonce_loss(scores, temperature=0.01)
    assert math.isfinite(got)
    assert got == pytest.approx(_infonce_mpmath(scores, 0.01), rel=1e-12)


def test_infonce_critic_shifts_by_a_function_of_x_change_nothing():
    rng = np.random.default_rng(9)
    scores = rng.normal(size=(6, 6))
    shifted = scores + rng.normal(size=(6, 1)) * 100
    assert il.infonce_loss(shifted) == pytest.approx(il.infonce_loss(scores), rel=1e-12)


def test_infonce_bound_is_log_n_minus_the_loss_and_never_exceeds_log_n():
    rng = np.random.default_rng(10)
    for n in (2, 5, 64):
        scores = rng.normal(0, 5, size=(n, n))
        bound = il.infonce_bound(scores)
        assert bound == pytest.approx(math.log(n) - il.infonce_loss(scores), abs=1e-12)
        assert bound <= math.log(n)
        assert il.infonce_bound(scores, base=2) == pytest.approx(bound / math.log(2), rel=1e-12)
    assert il.infonce_bound(np.zeros((16, 16)), base=2) == pytest.approx(0.0, abs=1e-14)


def test_infonce_bound_with_the_optimal_critic_stays_below_the_gaussian_mutual_information():
    # correlated Gaussians, critic log p(y|x)/p(y): the mean over batches is below
    # I = -1/2 ln(1 - rho^2) and below ln N (Poole et al. 2019)
    rng = np.random.default_rng(11)
    n = 64
    for rho in (0.5, 0.9, 0.999):
        c = 1 - rho**2
        values = []
        for _ in range(200):
            x = rng.normal(size=n)
            y = rho * x + math.sqrt(c) * rng.normal(size=n)
            scores = -0.5 * math.log(c) - (y[None, :] - rho * x[:, None]) ** 2 / (2 * c) + y[None, :] ** 2 / 2
            values.append(il.infonce_bound(scores))
        mean, se = np.mean(values), np.std(values) / math.sqrt(len(values))
        mi = il.bivariate_normal_mutual_information(rho, base="nats")
        assert mean <= min(mi, math.log(n)) + 3 * se
    # at rho = 0.5, I = 0.144 nats is far below ln 64: the bound is nearly tight
    assert il.bivariate_normal_mutual_information(0.5, base="nats") < 0.15


@pytest.mark.parametrize(
    ("scores", "temperature", "match"),
    [
        (np.zeros((3, 4)), 1.0, r"square N x N matrix .* got shape \(3, 4\)"),
        (np.zeros((1, 1)), 1.0, r"got shape \(1, 1\)"),
        (np.zeros(4), 1.0, r"got shape \(4,\)"),
        (np.array([[0.0, np.nan], [0.0, 0.0]]), 1.0, r"scores contains NaN at index \(0, 1\)"),
        (np.zeros((2, 2)), 0.0, "temperature must be > 0; got 0.0"),
        (np.zeros((2, 2)), [1.0, 2.0], "temperature must be a single number"),
    ],
)
def test_infonce_names_bad_input(scores, temperature, match):
    with pytest.raises(DistributionError, match=match):
        il.infonce_loss(scores, temperature=temperature)
    with pytest.raises(DistributionError, match=match):
        il.infonce_bound(scores, temperature=temperature)
