"""Differential entropy and KL divergence of uniform and normal distributions.

Values against 50-digit mpmath references (tests/infolib/reference.py), the
closed-form identities between them, hypothesis property tests, and bad input.
"""

from __future__ import annotations

import math
import re

import hypothesis.extra.numpy as hnp
import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infolib as il

from reference import mvn_kl_nats, normal_entropy_nats, normal_kl_nats, rel_err

PROPERTY = settings(max_examples=80, deadline=None)

# 0 or at least 1e-100 in size, so that the squares in the divergences do not underflow
_means = st.floats(min_value=-1e3, max_value=1e3).filter(lambda x: x == 0 or abs(x) >= 1e-100)
_sigmas = st.floats(min_value=1e-3, max_value=1e3)
# standard deviations n/64 whose squares, the variances, are exact in float64
_exact_sigmas = st.integers(1, 100_000).map(lambda n: n / 64)


def _log_uniform(rng, lo, hi, size):
    return np.exp(rng.uniform(math.log(lo), math.log(hi), size))


def _spd(rng, k, condition=10.0):
    """A random symmetric positive definite k x k matrix with the given condition number."""
    q, _ = np.linalg.qr(rng.normal(size=(k, k)))
    eig = np.exp(rng.uniform(0, math.log(condition), k)) * rng.uniform(0.5, 2.0)
    m = (q * eig) @ q.T
    return (m + m.T) / 2


# --- differential entropy against mpmath -------------------------------------------------


def test_normal_entropy_matches_mpmath_over_300_orders_of_magnitude():
    rng = np.random.default_rng(1)
    sigma = _log_uniform(rng, 1e-300, 1e300, 2000)
    values = il.normal_entropy(sigma, base="nats")
    worst = max(rel_err(v, normal_entropy_nats(s)) for v, s in zip(values, sigma))
    assert worst <= 1e-13


def test_normal_entropy_keeps_relative_accuracy_where_it_crosses_zero():
    zero = 1 / math.sqrt(2 * math.pi * math.e)
    sigma = zero * (1 + np.concatenate([np.linspace(-0.4, 0.4, 401), [1e-12, -1e-15, 3e-16]]))
    values = il.normal_entropy(sigma, base="nats")
    worst = max(rel_err(v, normal_entropy_nats(s)) for v, s in zip(values, sigma))
    assert worst <= 1e-13


def test_normal_entropy_in_bits_is_nats_over_ln2():
    sigma = np.array([0.01, 0.3, 1.0, 17.0])
    bits = il.normal_entropy(sigma)
    expected = [normal_entropy_nats(s) / math.log(2) for s in sigma]
    np.testing.assert_allclose(bits, expected, rtol=1e-13, atol=0)


def test_normal_entropy_of_a_single_sigma_is_a_float():
    assert type(il.normal_entropy(2.0)) is float


def test_uniform_entropy_is_log_of_width():
    width = np.array([1e-5, 0.5, 1.0, 2.0, 8.0, 1e200])
    np.testing.assert_allclose(il.uniform_entropy(width), np.log2(width), rtol=1e-15, atol=1e-300)
    assert il.uniform_entropy(1.0) == 0.0
    assert il.uniform_entropy(0.25) == -2.0


# --- KL divergence of normals against mpmath ---------------------------------------------


def test_normal_kl_matches_mpmath_on_general_inputs():
    rng = np.random.default_rng(2)
    n = 3000
    mu_p, mu_q = rng.normal(0, 10, n), rng.normal(0, 10, n)
    sigma_p, sigma_q = _log_uniform(rng, 1e-6, 1e6, n), _log_uniform(rng, 1e-6, 1e6, n)
    values = il.normal_kl_divergence(mu_p, sigma_p, mu_q, sigma_q, base="nats")
    refs = [normal_kl_nats(*args) for args in zip(mu_p, sigma_p, mu_q, sigma_q)]
    worst = max(rel_err(v, r) for v, r in zip(values, refs))
    assert worst <= 1e-13


@pytest.mark.parametrize("eps", [1e-9, -1e-9, 1e-12, 1e-6, 3e-2, -0.09, 0.11])
def test_normal_kl_stays_accurate_when_the_normals_are_nearly_equal(eps):
    rng = np.random.default_rng(3)
    sigma_p = _log_uniform(rng, 1e-3, 1e3, 200)
    sigma_q = sigma_p * (1 + eps)
    mu = rng.normal(0, 1, 200)
    values = il.normal_kl_divergence(mu, sigma_p, mu, sigma_q, base="nats")
    worst = max(
        rel_err(v, normal_kl_nats(m, a, m, b)) for v, m, a, b in zip(values, mu, sigma_p, sigma_q)
    )
    assert worst <= 1e-13


def test_normal_kl_is_accurate_for_nearly_equal_means_and_sigmas():
    mu_q = 1.0 + 1e-9
    value = il.normal_kl_divergence(1.0, 2.0, mu_q, 2.0 * (1 + 1e-9), base="nats")
    assert rel_err(value, normal_kl_nats(1.0, 2.0, mu_q, 2.0 * (1 + 1e-9))) <= 1e-13


def test_textbook_normal_kl_loses_every_digit_where_infolib_does_not():
    sigma_p, sigma_q = 1.3, 1.3 * (1 + 1e-9)
    textbook = math.log(sigma_q / sigma_p) + sigma_p**2 / (2 * sigma_q**2) - 0.5
    ref = normal_kl_nats(0.0, sigma_p, 0.0, sigma_q)
    assert rel_err(textbook, ref) > 1e-3
    assert rel_err(il.normal_kl_divergence(0, sigma_p, 0, sigma_q, base="nats"), ref) <= 1e-13


def test_normal_kl_with_extreme_ratios_is_finite_and_accurate():
    cases = [
        (0.0, 1e-200, 0.0, 1e200),
        (5.0, 1e150, -5.0, 1e-5),
        (1e300, 1e200, -1e300, 1e200),
        (1.5e308, 1e200, -1.5e308, 1e200),  # mu_p - mu_q overflows, the divergence does not
    ]
    for args in cases:
        value = il.normal_kl_divergence(*args, base="nats")
        assert rel_err(value, normal_kl_nats(*args)) <= 1e-13


def test_normal_kl_overflows_to_inf_only_when_the_true_value_does():
    assert il.normal_kl_divergence(0.0, 1e200, 0.0, 1e-200) == math.inf


# --- multivariate normal against mpmath --------------------------------------------------


@pytest.mark.parametrize("k", [1, 2, 3, 5, 8])
def test_mvn_kl_matches_mpmath_on_well_conditioned_inputs(k):
    rng = np.random.default_rng(10 + k)
    for _ in range(15):
        mean_p, mean_q = rng.normal(0, 2, k), rng.normal(0, 2, k)
        cov_p, cov_q = _spd(rng, k), _spd(rng, k)
        value = il.mvn_kl_divergence(mean_p, cov_p, mean_q, cov_q, base="nats")
        assert rel_err(value, mvn_kl_nats(mean_p, cov_p, mean_q, cov_q)) <= 1e-12


def test_mvn_kl_of_nearly_equal_diagonal_normals_stays_accurate():
    sigma = np.array([0.5, 1.0, 2.0])
    mean = np.array([0.1, -0.2, 0.3])
    cov_p, cov_q = np.diag(sigma**2), np.diag((sigma * (1 + 1e-9)) ** 2)
    value = il.mvn_kl_divergence(mean, cov_p, mean, cov_q, base="nats")
    assert rel_err(value, mvn_kl_nats(mean, cov_p, mean, cov_q)) <= 1e-12


# --- identities ---------------------------------------------------------------------------


@PROPERTY
@given(sigma=_sigmas, a=st.floats(min_value=1e-3, max_value=1e3) | st.floats(-1e3, -1e-3))
def test_scaling_adds_log_abs_a_to_the_entropy(sigma, a):
    # h(aX) = h(X) + log|a|: aX is normal with standard deviation |a| sigma, uniform width |a| w
    assert il.normal_entropy(abs(a) * sigma) == pytest.approx(
        il.normal_entropy(sigma) + math.log2(abs(a)), abs=1e-12
    )
    assert il.uniform_entropy(abs(a) * sigma) == pytest.approx(
        il.uniform_entropy(sigma) + math.log2(abs(a)), abs=1e-12
    )


@PROPERTY
@given(mu_p=_means, sigma_p=_sigmas, mu_q=_means, sigma_q=_sigmas)
def test_normal_kl_is_non_negative(mu_p, sigma_p, mu_q, sigma_q):
    assert il.normal_kl_divergence(mu_p, sigma_p, mu_q, sigma_q) >= 0


@PROPERTY
@given(mu=_means, sigma=_sigmas)
def test_normal_kl_of_a_normal_with_itself_is_exactly_zero(mu, sigma):
    assert il.normal_kl_divergence(mu, sigma, mu, sigma) == 0.0


@PROPERTY
@given(mu_p=_means, sigma_p=_sigmas, mu_q=_means, sigma_q=_sigmas)
def test_normal_kl_is_positive_when_the_normals_differ(mu_p, sigma_p, mu_q, sigma_q):
    value = il.normal_kl_divergence(mu_p, sigma_p, mu_q, sigma_q)
    assert (value > 0) == ((mu_p, sigma_p) != (mu_q, sigma_q))


_eighths = st.integers(-8000, 8000).map(lambda n: n / 8)


@PROPERTY
@given(
    mu_p=_eighths,
    sigma_p=_sigmas,
    mu_q=_eighths,
    sigma_q=_sigmas,
    shift=st.integers(-1000, 1000),
    j=st.integers(-10, 10),
)
def test_normal_kl_is_invariant_under_an_affine_change_of_variables(
    mu_p, sigma_p, mu_q, sigma_q, shift, j
):
    # y = a x + shift maps N(mu, s^2) to N(a mu + shift, (a s)^2); the divergence is unchanged.
    # a is a power of 2 and the means are multiples of 1/8, so the new parameters are exact.
    a = 2.0**j
    before = il.normal_kl_divergence(mu_p, sigma_p, mu_q, sigma_q)
    after = il.normal_kl_divergence(a * mu_p + shift, a * sigma_p, a * mu_q + shift, a * sigma_q)
    assert after == pytest.approx(before, rel=1e-14, abs=1e-300)


@PROPERTY
@given(mu_p=_means, sigma_p=_exact_sigmas, mu_q=_means, sigma_q=_exact_sigmas)
def test_univariate_normal_kl_equals_the_one_dimensional_mvn_kl(mu_p, sigma_p, mu_q, sigma_q):
    uni = il.normal_kl_divergence(mu_p, sigma_p, mu_q, sigma_q)
    multi = il.mvn_kl_divergence([mu_p], [[sigma_p**2]], [mu_q], [[sigma_q**2]])
    assert multi == pytest.approx(uni, rel=1e-13, abs=1e-300)


@PROPERTY
@given(
    data=st.data(),
    k=st.integers(1, 6),
)
def test_mvn_kl_of_diagonal_covariances_is_the_sum_of_univariate_kls(data, k):
    vec = lambda elements: data.draw(hnp.arrays(np.float64, k, elements=elements))  # noqa: E731
    mu_p, mu_q, s_p, s_q = vec(_means), vec(_means), vec(_exact_sigmas), vec(_exact_sigmas)
    multi = il.mvn_kl_divergence(mu_p, np.diag(s_p**2), mu_q, np.diag(s_q**2))
    total = il.normal_kl_divergence(mu_p, s_p, mu_q, s_q).sum()
    assert multi == pytest.approx(total, rel=1e-12, abs=1e-300)


def test_mvn_kl_is_non_negative_and_zero_only_for_equal_normals():
    rng = np.random.default_rng(7)
    for _ in range(50):
        mean, cov = rng.normal(size=3), _spd(rng, 3, condition=100.0)
        assert il.mvn_kl_divergence(mean, cov, mean, cov) == 0.0
        other = _spd(rng, 3, condition=100.0)
        assert il.mvn_kl_divergence(mean, cov, mean, other) > 0
        assert il.mvn_kl_divergence(mean, cov, mean + 1e-3, cov) > 0


def test_normal_kl_broadcasts_its_four_arguments():
    values = il.normal_kl_divergence(np.zeros((3, 1)), 1.0, np.arange(4.0), [[1.0], [2.0], [3.0]])
    assert values.shape == (3, 4)
    expected = [[normal_kl_nats(0.0, 1.0, m, s) / math.log(2) for m in range(4)] for s in (1, 2, 3)]
    np.testing.assert_allclose(values, expected, rtol=1e-13, atol=1e-300)


def test_units_of_the_continuous_measures_agree():
    assert il.normal_kl_divergence(1, 2, 0, 3, base="nats") == pytest.approx(
        il.normal_kl_divergence(1, 2, 0, 3) * math.log(2), rel=1e-15
    )
    assert il.normal_entropy(3.0, base=10) == pytest.approx(
        il.normal_entropy(3.0, base="nats") / math.log(10), rel=1e-15
    )


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
def test_normal_entropy_refuses_a_sigma_that_is_not_finite_and_positive(bad):
    with pytest.raises(il.DistributionError, match=r"^sigma "):
        il.normal_entropy(bad)


def test_negative_sigma_is_named_with_its_index_and_value():
    message = "sigma_q must be > 0; got -2.0 at index 1"
    with pytest.raises(il.DistributionError, match=re.escape(message)):
        il.normal_kl_divergence(0.0, 1.0, 0.0, [1.0, -2.0])


def test_infinite_mean_is_refused_by_name():
    message = "mu_p contains an infinite value inf"
    with pytest.raises(il.DistributionError, match=re.escape(message)):
        il.normal_kl_divergence(math.inf, 1.0, 0.0, 1.0)


def test_nan_width_is_refused_by_name():
    with pytest.raises(il.DistributionError, match="width contains NaN"):
        il.uniform_entropy([1.0, math.nan])


def test_arguments_that_do_not_broadcast_are_refused_with_their_shapes():
    with pytest.raises(il.DistributionError, match=re.escape("(2,), (), (3,) and ()")):
        il.normal_kl_divergence([0.0, 1.0], 1.0, [0.0, 1.0, 2.0], 1.0)


def test_asymmetric_covariance_is_refused_with_both_entries():
    message = "cov_q is not symmetric: entry (0, 1) is 0.5 but entry (1, 0) is 0.4"
    with pytest.raises(il.DistributionError, match=re.escape(message)):
        il.mvn_kl_divergence([0, 0], np.eye(2), [0, 0], [[1, 0.5], [0.4, 1]])


def test_covariance_that_is_not_positive_definite_is_refused_with_its_smallest_eigenvalue():
    message = "cov_p is not positive definite: its smallest eigenvalue is -1"
    with pytest.raises(il.DistributionError, match=re.escape(message)):
        il.mvn_kl_divergence([0, 0], [[1, 2], [2, 1]], [0, 0], np.eye(2))
    with pytest.raises(il.DistributionError, match="cov_p is not positive definite"):
        il.mvn_kl_divergence([0, 0], [[1, 1], [1, 1]], [0, 0], np.eye(2))


@pytest.mark.parametrize(
    "args, message",
    [
        (([0, 0], np.eye(2), [0, 0, 0], np.eye(3)), "same dimension k"),
        (([0, 0], np.eye(3), [0, 0], np.eye(2)), "same dimension k"),
        (([[0, 0]], np.eye(2), [0, 0], np.eye(2)), "mean_p must be a vector"),
        (
            ([0, 0], np.ones((2, 3)), [0, 0], np.eye(2)),
            re.escape("cov_p must be a square matrix with at least one row; got shape (2, 3)"),
        ),
        (([0, 0], np.eye(2), [0, math.nan], np.eye(2)), "mean_q contains NaN at index 1"),
        (
            ([0, 0], [[1, 0], [0, math.inf]], [0, 0], np.eye(2)),
            re.escape("cov_p contains an infinite value inf at index (1, 1)"),
        ),
    ],
)
def test_mvn_shapes_and_entries_are_checked(args, message):
    with pytest.raises(il.DistributionError, match=message):
        il.mvn_kl_divergence(*args)


def test_bad_base_is_refused_by_the_continuous_measures():
    with pytest.raises(ValueError, match="base must be"):
        il.normal_entropy(1.0, base=1)
    with pytest.raises(ValueError, match="unknown unit"):
        il.normal_kl_divergence(0, 1, 0, 1, base="bytes")


def test_factorisation_reports_a_matrix_that_is_not_positive_definite_by_its_pivot():
    # the public functions check with Cholesky first; the LDL^T step guards itself as well
    from infolib.continuous import _ldl

    message = "cov_q is not positive definite: pivot 1"
    with pytest.raises(il.DistributionError, match=re.escape(message)):
        _ldl(np.array([[1.0, 2.0], [2.0, 1.0]]), "cov_q")


# --- the stated accuracy of mvn_kl_divergence, and the new closed forms --------------------


@pytest.mark.parametrize("eps", [1e-3, 1e-5, 1e-7, 1e-9, 1e-10])
@pytest.mark.parametrize("condition", [10.0, 1e3])
def test_mvn_kl_of_nearly_equal_full_covariances_keeps_the_documented_accuracy(eps, condition):
    # the docstring: relative error below 2 kappa u / sqrt(D), D in nats, u = 2^-53
    u = 2.0**-53
    rng = np.random.default_rng(int(1e3 * condition) + int(-math.log10(eps)))
    for k in (2, 3, 5):
        for _ in range(8):
            cov_p = _spd(rng, k, condition)
            e = rng.normal(size=(k, k))
            cov_q = cov_p + eps * np.abs(cov_p).max() * (e + e.T) / 2
            mean = rng.normal(size=k)
            ref = mvn_kl_nats(mean, cov_p, mean, cov_q)
            kappa = max(np.linalg.cond(cov_p), np.linalg.cond(cov_q))
            value = il.mvn_kl_divergence(mean, cov_p, mean, cov_q, base="nats")
            assert rel_err(value, ref) <= 2 * kappa * u / math.sqrt(ref)


def test_mvn_kl_docstring_states_its_actual_guarantee():
    doc = " ".join(il.mvn_kl_divergence.__doc__.split())
    # "however close" is promised for diagonal covariances only (pinned by the test above)
    assert doc.count("however close") == 1
    assert "Diagonal covariances keep a relative error below :math:`10^{-12}` however close they are" in doc
    assert "is a relative error below :math:`2 \\kappa u / \\sqrt{D}`" in doc


def _mvn_entropy_nats(cov) -> float:
    with mpmath.workdps(50):
        m = mpmath.matrix([[mpmath.mpf(float(v)) for v in row] for row in np.asarray(cov, dtype=float)])
        n = m.rows
        return float((n * mpmath.log(2 * mpmath.pi * mpmath.e) + mpmath.log(mpmath.det(m))) / 2)


def _mvn_mi_nats(cov, n_x) -> float:
    with mpmath.workdps(50):
        a = np.asarray(cov, dtype=float)
        det = lambda b: mpmath.det(mpmath.matrix([[mpmath.mpf(float(v)) for v in row] for row in b]))  # noqa: E731
        return float(mpmath.log(det(a[:n_x, :n_x]) * det(a[n_x:, n_x:]) / det(a)) / 2)


@pytest.mark.parametrize("n", [1, 2, 3, 6, 10])
def test_mvn_entropy_matches_mpmath(n):
    rng = np.random.default_rng(40 + n)
    for _ in range(10):
        cov = _spd(rng, n, condition=1e4) * math.exp(rng.uniform(-20, 20))
        value = il.mvn_entropy(cov, base="nats")
        ref = _mvn_entropy_nats(cov)
        assert abs(value - ref) <= 1e-13 * max(1.0, abs(ref))


def test_mvn_entropy_of_a_diagonal_covariance_is_the_sum_of_univariate_entropies():
    sd = np.array([1e-3, 0.5, 2.0, 1e4])
    assert il.mvn_entropy(np.diag(sd**2)) == pytest.approx(il.normal_entropy(sd).sum(), rel=1e-14)


def test_mvn_entropy_does_not_overflow_where_the_determinant_would():
    cov = 1e40 * np.eye(20)  # det = 1e800 overflows a float
    assert il.mvn_entropy(cov, base="nats") == pytest.approx(_mvn_entropy_nats(cov), rel=1e-14)


@PROPERTY
@given(n=st.integers(1, 5), seed=st.integers(0, 2**32 - 1))
def test_mvn_entropy_under_a_linear_map_adds_log_abs_det(n, seed):
    # h(AX) = h(X) + log |det A|, with cov(AX) = A K A^T
    rng = np.random.default_rng(seed)
    cov = _spd(rng, n)
    a = rng.normal(size=(n, n)) + 3 * np.eye(n)
    moved = a @ cov @ a.T
    moved = (moved + moved.T) / 2
    _, logdet = np.linalg.slogdet(a)
    assert il.mvn_entropy(moved, base="nats") == pytest.approx(il.mvn_entropy(cov, base="nats") + logdet, abs=1e-10)


def test_bivariate_normal_mutual_information_matches_mpmath_near_0_and_near_1():
    rho = np.concatenate([
        [0.0, 1e-150, -1e-100, 1e-8, 0.3, -0.5, 0.5000001, 0.9, -0.999],
        1 - np.logspace(-1, -16, 40), -(1 - np.logspace(-2, -15, 20)), np.logspace(-12, -1, 30),
    ])
    values = il.bivariate_normal_mutual_information(rho, base="nats")
    for v, r in zip(values, rho):
        with mpmath.workdps(60):
            x = mpmath.mpf(float(r))
            ref = float(-mpmath.log1p(-x * x) / 2)
        assert rel_err(v, ref) <= 4e-16 or (ref == 0 and v == 0)


def test_bivariate_normal_mutual_information_is_the_entropy_identity():
    # I = h(X) + h(Y) - h(X, Y) for unit variances
    for rho in (-0.95, -0.2, 0.4, 0.8):
        cov = [[1.0, rho], [rho, 1.0]]
        identity = 2 * il.normal_entropy(1.0) - il.mvn_entropy(cov)
        assert il.bivariate_normal_mutual_information(rho) == pytest.approx(identity, rel=1e-13)
        assert il.mvn_mutual_information(cov, 1) == pytest.approx(identity, rel=1e-13)


@pytest.mark.parametrize("n, n_x", [(2, 1), (3, 1), (4, 2), (6, 2), (6, 5)])
def test_mvn_mutual_information_matches_mpmath(n, n_x):
    rng = np.random.default_rng(100 + 10 * n + n_x)
    for _ in range(10):
        cov = _spd(rng, n, condition=100.0)
        value = il.mvn_mutual_information(cov, n_x, base="nats")
        ref = _mvn_mi_nats(cov, n_x)
        # the docstring: absolute error about 1e-16 (n - n_x) times the condition number
        assert abs(value - ref) <= 1e-16 * (n - n_x) * np.linalg.cond(cov) * 10
        assert value >= 0


def test_mvn_mutual_information_is_zero_for_independent_blocks():
    cov = np.zeros((4, 4))
    cov[:2, :2] = [[2.0, 0.3], [0.3, 1.0]]
    cov[2:, 2:] = [[1.0, -0.4], [-0.4, 3.0]]
    assert il.mvn_mutual_information(cov, 2) == 0.0


@pytest.mark.parametrize("bad", [1.0, -1.0, 1.5, math.nan, math.inf])
def test_bivariate_normal_mutual_information_refuses_rho_outside_the_open_interval(bad):
    if math.isnan(bad):
        message = "rho contains NaN"
    elif math.isinf(bad):
        message = "rho contains an infinite value"
    else:
        message = f"rho must satisfy -1 < rho < 1 (at |rho| = 1 the mutual information is infinite); got {bad!r}"
    with pytest.raises(il.DistributionError, match=re.escape(message)):
        il.bivariate_normal_mutual_information(bad)


def test_bad_rho_is_named_with_its_index():
    with pytest.raises(il.DistributionError, match=re.escape("got -1.0 at index 2")):
        il.bivariate_normal_mutual_information([0.1, 0.2, -1.0])


@pytest.mark.parametrize(
    "cov, message",
    [
        ([[1.0, 0.5], [0.4, 1.0]], "cov is not symmetric: entry (0, 1) is 0.5 but entry (1, 0) is 0.4"),
        ([[1.0, 2.0], [2.0, 1.0]], "cov is not positive definite: its smallest eigenvalue is -1"),
        ([[1.0, 0.0, 0.0]], "cov must be a square matrix with at least one row; got shape (1, 3)"),
    ],
)
def test_bad_covariance_is_refused_by_the_normal_entropy_and_mutual_information(cov, message):
    with pytest.raises(il.DistributionError, match=re.escape(message)):
        il.mvn_entropy(cov)
    with pytest.raises(il.DistributionError, match=re.escape(message)):
        il.mvn_mutual_information(cov, 1)


@pytest.mark.parametrize("n_x", [0, 2, 1.0, True])
def test_mvn_mutual_information_refuses_a_split_outside_the_vector(n_x):
    message = f"n_x must be an integer with 1 <= n_x < 2 (the dimension of cov); got {n_x!r}"
    with pytest.raises(il.DistributionError, match=re.escape(message)):
        il.mvn_mutual_information(np.eye(2), n_x)
