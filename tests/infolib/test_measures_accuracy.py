"""Values of the measures against independent references: mpmath at 50 digits,
closed forms and scipy. Accuracy target: 1e-13 relative on general inputs."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.spatial
import scipy.special
import scipy.stats

import infolib as il
from reference import (
    binary_entropy_nats,
    cross_entropy_nats,
    entropy_nats,
    js_nats,
    kl_nats,
    kl_nats_normalized,
    rel_err,
)

RTOL = 1e-13
LN2 = math.log(2.0)


def _general_inputs():
    """Distributions of many shapes: flat, peaked, sparse-ish, nearly one-hot."""
    rng = np.random.default_rng(20240601)
    cases = []
    for n in (2, 3, 10, 257, 2000):
        for alpha in (0.05, 1.0, 30.0):
            cases.append(rng.dirichlet(np.full(n, alpha)))
    for eps in (1e-6, 1e-10, 1e-15, 1e-300):
        for n in (2, 5, 100):
            p = np.full(n, eps)
            p[0] = 1.0 - eps * (n - 1)
            cases.append(p)
    cases.append(np.array([1.0 - 2**-52, 2**-53, 2**-53]))
    return cases


GENERAL = _general_inputs()
IDS = [f"n{p.size}-min{p.min():.0e}" for p in GENERAL]


def _pairs():
    rng = np.random.default_rng(7)
    out = []
    for p in GENERAL:
        out.append((p, rng.dirichlet(np.ones(p.size))))  # unrelated q
        q = p * np.exp(0.3 * rng.standard_normal(p.size))  # q near p, nearly one-hot when p is
        out.append((p, q / q.sum()))
    return out


PAIRS = _pairs()
PAIR_IDS = [f"pair{i}-n{p.size}" for i, (p, _) in enumerate(PAIRS)]


@pytest.mark.parametrize("p", GENERAL, ids=IDS)
def test_entropy_matches_mpmath_to_1e13(p):
    assert rel_err(il.entropy(p, base="nats"), entropy_nats(p)) <= RTOL


@pytest.mark.parametrize("p,q", PAIRS, ids=PAIR_IDS)
def test_cross_entropy_matches_mpmath_to_1e13(p, q):
    assert rel_err(il.cross_entropy(p, q, base="nats"), cross_entropy_nats(p, q)) <= RTOL


@pytest.mark.parametrize("p,q", PAIRS, ids=PAIR_IDS)
def test_kl_matches_mpmath_to_1e13(p, q):
    assert rel_err(il.kl_divergence(p, q, base="nats"), kl_nats(p, q)) <= RTOL


@pytest.mark.parametrize("p,q", PAIRS, ids=PAIR_IDS)
def test_jensen_shannon_matches_mpmath_to_1e13(p, q):
    assert rel_err(il.jensen_shannon_divergence(p, q, base="nats"), js_nats(p, q)) <= RTOL


@pytest.mark.parametrize(
    "p",
    [0.5, 0.11, 0.3, 1e-3, 1e-9, 1e-17, 1e-300, 1 - 1e-3, 1 - 1e-9, 1 - 2**-52, 1 - 2**-53, 2.5e-308,
     0.5 - 2**-54, 0.5 + 2**-53],
)
def test_binary_entropy_matches_mpmath_near_0_half_and_1(p):
    assert rel_err(il.binary_entropy(p, base="nats"), binary_entropy_nats(p)) <= RTOL


def test_binary_entropy_is_one_bit_at_half_and_zero_at_the_ends():
    assert il.binary_entropy(0.5) == 1.0
    assert il.binary_entropy(0.0) == 0.0
    assert il.binary_entropy(1.0) == 0.0
    np.testing.assert_array_equal(il.binary_entropy([0.0, 0.5, 1.0]), [0.0, 1.0, 0.0])


@pytest.mark.parametrize("p", [1.0, 0.5, 0.25, 1 / 3, 1e-5, 1e-300, 5e-324])
def test_information_matches_mpmath_to_1e13(p):
    import mpmath

    with mpmath.workdps(50):
        ref = float(-mpmath.log(mpmath.mpf(p)) / mpmath.log(2))
    value = il.information(p)
    assert type(value) is float
    assert rel_err(value, ref) <= RTOL


def test_information_of_certain_event_is_positive_zero_and_of_impossible_event_inf():
    value = il.information(1.0)
    assert value == 0.0 and math.copysign(1.0, value) == 1.0
    arr = il.information(np.array([1.0, 0.0]))
    assert math.copysign(1.0, arr[0]) == 1.0 and arr[1] == math.inf


def test_information_of_powers_of_two_is_the_exponent_in_bits():
    np.testing.assert_allclose(il.information([2.0**-k for k in range(1075)]), np.arange(1075.0), rtol=4e-16)


def test_information_keeps_the_shape_of_its_input():
    assert il.information(np.full((2, 3), 0.5)).shape == (2, 3)


# --- closed forms --------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 6, 7, 1000])
def test_entropy_of_uniform_distribution_is_log_n(n):
    assert rel_err(il.entropy(np.full(n, 1.0 / n), base="nats"), math.log(n)) <= RTOL or n == 1
    assert il.entropy(np.full(1, 1.0)) == 0.0


def test_fair_coin_has_one_bit_and_fair_die_log2_6_bits():
    assert il.entropy([0.5, 0.5]) == 1.0
    assert rel_err(il.entropy([1 / 6] * 6), math.log2(6)) <= RTOL


def test_one_hot_distribution_has_zero_entropy():
    assert il.entropy([0.0, 1.0, 0.0]) == 0.0


def test_entropy_in_each_unit_is_nats_divided_by_log_of_base():
    p = np.array([0.1, 0.2, 0.7])
    nats = entropy_nats(p)
    for base, ln_b in [(2, LN2), ("bits", LN2), ("shannons", LN2), (10, math.log(10)),
                       ("hartleys", math.log(10)), ("bans", math.log(10)), ("dits", math.log(10)),
                       (math.e, 1.0), ("nats", 1.0), (3, math.log(3)), (0.5, math.log(0.5))]:
        assert rel_err(il.entropy(p, base=base), nats / ln_b) <= RTOL


def test_kl_of_two_coins_matches_closed_form():
    a, b = 0.3, 0.8
    ref = a * math.log(a / b) + (1 - a) * math.log((1 - a) / (1 - b))
    assert rel_err(il.kl_divergence([a, 1 - a], [b, 1 - b], base="nats"), ref) <= RTOL


def test_jensen_shannon_of_disjoint_supports_is_exactly_one_bit():
    assert il.jensen_shannon_divergence([1.0, 0.0], [0.0, 1.0]) == 1.0
    assert il.jensen_shannon_divergence([0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]) == pytest.approx(1.0, rel=1e-15)


# --- scipy as a second reference --------------------------------------------------


@pytest.mark.parametrize("p,q", PAIRS[:20], ids=PAIR_IDS[:20])
def test_entropy_and_kl_agree_with_scipy_on_general_inputs(p, q):
    assert il.entropy(p, base="nats") == pytest.approx(scipy.stats.entropy(p), rel=1e-12)
    assert il.kl_divergence(p, q, base=2) == pytest.approx(scipy.stats.entropy(p, q, base=2), rel=1e-10)
    js = scipy.spatial.distance.jensenshannon(p, q, base=2) ** 2
    assert il.jensen_shannon_divergence(p, q) == pytest.approx(js, rel=1e-9, abs=1e-15)


def test_batch_entropy_agrees_with_scipy_along_each_axis():
    rng = np.random.default_rng(3)
    p = rng.dirichlet(np.ones(5), size=(4, 3))
    np.testing.assert_allclose(il.entropy(p, base="nats"), scipy.stats.entropy(p, axis=-1), rtol=1e-13)
    pt = np.moveaxis(p, -1, 0)
    np.testing.assert_allclose(il.entropy(pt, axis=0, base="nats"), scipy.stats.entropy(pt, axis=0), rtol=1e-13)


# --- KL when q is very close to p -----------------------------------------------------


def _near_pair(n: int, rel: float, seed: int):
    """q = p (1 + rel * noise), renormalised, as floats."""
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(n))
    q = p * (1.0 + rel * rng.standard_normal(n))
    return p, q / q.sum()


@pytest.mark.parametrize("n", [2, 10, 1000])
@pytest.mark.parametrize("seed", range(4))
def test_kl_stays_accurate_to_1e8_when_q_differs_from_p_by_1e8(n, seed):
    p, q = _near_pair(n, 1e-8, seed)
    assert rel_err(il.kl_divergence(p, q, base="nats"), kl_nats(p, q)) <= 1e-8


@pytest.mark.parametrize("rel", [1e-4, 1e-6, 1e-10, 1e-12])
def test_kl_stays_accurate_for_q_ever_closer_to_p(rel):
    p, q = _near_pair(500, rel, 11)
    assert rel_err(il.kl_divergence(p, q, base="nats"), kl_nats(p, q)) <= 1e-8


def test_kl_close_pairs_in_a_batch_are_as_accurate_as_single_ones():
    pairs = [_near_pair(50, 1e-8, s) for s in range(6)]
    p = np.stack([a for a, _ in pairs])
    q = np.stack([b for _, b in pairs])
    values = il.kl_divergence(p, q, base="nats")
    for v, (a, b) in zip(values, pairs):
        assert rel_err(float(v), kl_nats(a, b)) <= 1e-8


def test_textbook_kl_and_scipy_lose_the_digits_that_infolib_keeps():
    """Why infolib has its own KL algorithm (a documented comparison).

    With q = p (1 + 1e-8 noise), renormalised, the divergence is ~1e-16, far
    below the rounding error of each term p log(p/q) (~1e-17 each): the
    textbook float64 sum loses most digits. scipy.stats.entropy(p, q) first
    divides p and q by their sums; that rounding moves every entry by an ulp,
    which changes a divergence of this size completely, so its result is off
    by more than 100% from the divergence of the normalised inputs.
    """
    infolib_err, textbook_err, scipy_err = [], [], []
    for seed in range(8):
        p, q = _near_pair(10, 1e-8, seed)
        ref = kl_nats(p, q)
        infolib_err.append(rel_err(il.kl_divergence(p, q, base="nats"), ref))
        textbook_err.append(rel_err(float(np.sum(p * np.log(p / q))), ref))
        scipy_err.append(rel_err(float(scipy.stats.entropy(p, q)), kl_nats_normalized(p, q)))
    assert max(infolib_err) <= 1e-13
    assert min(textbook_err) > 1e-4  # at most 4 correct digits, often none
    assert np.median(scipy_err) > 1.0  # off by more than 100%


# --- the blocked fast path of entropy ---------------------------------------------------


def test_blocked_entropy_of_large_array_matches_fsum_reference():
    rng = np.random.default_rng(5)
    p = rng.dirichlet(np.ones(3 * 2**17 + 123))
    assert p.size >= 2**17
    ref = -math.fsum((p * np.log(p)).tolist())  # each term rounded once, then summed exactly
    assert rel_err(il.entropy(p, base="nats"), ref) <= 1e-13


def test_blocked_entropy_equals_the_general_path_on_the_same_numbers():
    rng = np.random.default_rng(6)
    p = rng.dirichlet(np.ones(2**18))
    fast = il.entropy(p)
    rows = il.entropy(np.stack([p, p]))  # 2-D input never takes the fast path
    assert rel_err(fast, float(rows[0])) <= 1e-13
    assert rel_err(fast, il.entropy(p.tolist())) <= 1e-13


def test_blocked_entropy_falls_back_for_zeros_and_unnormalised_weights():
    p = np.full(2**17, 2.0**-16)
    p[::2] = 0.0
    assert il.entropy(p) == pytest.approx(16.0, rel=1e-13)
    w = np.ones(2**17)
    assert il.entropy(w, normalize=True) == pytest.approx(17.0, rel=1e-13)
    with pytest.raises(il.DistributionError, match="sums to"):
        il.entropy(w)
    w[7] = np.nan
    with pytest.raises(il.DistributionError, match="NaN at index 7"):
        il.entropy(w)


def test_blocked_entropy_respects_base_and_axis():
    p = np.full(2**17, 2.0**-17)
    assert il.entropy(p) == pytest.approx(17.0, rel=1e-13)
    assert il.entropy(p, base="nats", axis=0) == pytest.approx(17 * LN2, rel=1e-13)
    with pytest.raises(ValueError, match="axis 1 is out of bounds"):
        il.entropy(p, axis=1)


def test_entropy_of_scipy_special_entr_sum_matches():
    p = np.random.default_rng(9).dirichlet(np.ones(64))
    assert il.entropy(p, base="nats") == pytest.approx(float(scipy.special.entr(p).sum()), rel=1e-13)


# --- the blocked fast path of kl_divergence (1-D float64 arrays) ----------------------


def test_blocked_kl_of_large_arrays_matches_fsum_reference_and_the_general_path():
    rng = np.random.default_rng(8)
    n = 2 * 2**17 + 77
    p, q = rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n))
    fast = il.kl_divergence(p, q, base="nats")
    ref = math.fsum((p * np.log(p / q)).tolist())
    assert rel_err(fast, ref) <= 1e-13
    rows = il.kl_divergence(np.stack([p, p]), np.stack([q, q]), base="nats")  # 2-D: general path
    assert rel_err(fast, float(rows[1])) <= 1e-13


def test_blocked_kl_falls_back_for_zeros_close_pairs_and_unnormalised_weights():
    rng = np.random.default_rng(10)
    p = rng.dirichlet(np.ones(2**17 + 5))
    q = p.copy()
    assert il.kl_divergence(p, q) == 0.0  # too small for the direct sum: careful path
    q = rng.dirichlet(np.ones(p.size))
    q0 = q.copy()
    q0[3] = 0.0
    q0 /= q0.sum()
    assert il.kl_divergence(p, q0) == math.inf
    assert il.kl_divergence(p * 3, q * 5, normalize=True) == pytest.approx(il.kl_divergence(p, q), rel=1e-12)
    with pytest.raises(il.DistributionError, match="q sums to"):
        il.kl_divergence(p, q * 2)
    bad = q.copy()
    bad[2**17 + 1] = np.nan
    with pytest.raises(il.DistributionError, match=f"q contains NaN at index {2**17 + 1}"):
        il.kl_divergence(p, bad)
    with pytest.raises(ValueError, match="axis 1 is out of bounds"):
        il.kl_divergence(p, q, axis=1)


def test_jensen_shannon_of_counts_with_normalize_matches_scipy_and_mpmath():
    # scipy's jensenshannon divides each argument by its sum and returns the square root
    rng = np.random.default_rng(31)
    for _ in range(50):
        n = int(rng.integers(2, 9))
        counts_p, counts_q = rng.integers(0, 20, n), rng.integers(0, 20, n)
        counts_p[0] += 1
        counts_q[-1] += 1
        js = il.jensen_shannon_divergence(counts_p, counts_q, base="nats", normalize=True)
        assert math.sqrt(js) == pytest.approx(scipy.spatial.distance.jensenshannon(counts_p, counts_q), rel=1e-12)
        assert rel_err(js, js_nats(counts_p / counts_p.sum(), counts_q / counts_q.sum())) <= RTOL
