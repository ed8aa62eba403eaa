"""Channels and their capacity: closed forms, brute-force maxima, invariances, bounds and bad input."""

from __future__ import annotations

import math
import re

import mpmath
import numpy as np
import pytest
import scipy.optimize
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

import infolib as il

TOL = 1e-9


def _h2_mp(p: float) -> float:
    """Binary entropy in bits at 50 digits."""
    with mpmath.workdps(50):
        x = mpmath.mpf(p)
        if x in (0, 1):
            return 0.0
        return float(-(x * mpmath.log(x, 2) + (1 - x) * mpmath.log(1 - x, 2)))


def _random_channel(rng: np.random.Generator, n_in: int, n_out: int, alpha: float = 1.0) -> np.ndarray:
    return rng.dirichlet(np.full(n_out, alpha), size=n_in)


def _mutual_information_scipy(px: np.ndarray, w: np.ndarray) -> np.ndarray:
    """I(X; Y) = H(Y) - H(Y | X) in bits, by scipy, for a batch of input distributions (rows of px)."""
    q = px @ w
    h_rows = scipy.stats.entropy(w, base=2, axis=1)
    return scipy.stats.entropy(q, base=2, axis=1) - px @ h_rows


# --- closed forms -----------------------------------------------------------------


@pytest.mark.parametrize("p", [0.0, 1e-6, 0.01, 0.1, 0.25, 0.4, 0.5, 0.6, 0.9, 0.999, 1.0])
def test_bsc_capacity_is_one_minus_binary_entropy(p):
    res = il.channel_capacity(il.binary_symmetric_channel(p))
    assert abs(res.capacity - (1 - _h2_mp(p))) <= TOL
    np.testing.assert_allclose(res.input_distribution, [0.5, 0.5], atol=1e-12)


@pytest.mark.parametrize("e", [0.0, 0.01, 0.2, 0.5, 0.75, 0.99, 1.0])
def test_bec_capacity_is_one_minus_erasure_probability(e):
    res = il.channel_capacity(il.binary_erasure_channel(e))
    assert abs(res.capacity - (1 - e)) <= TOL


@pytest.mark.parametrize("p", [0.0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
def test_z_channel_capacity_matches_closed_form(p):
    # C = log2(1 + (1 - p) p^(p / (1 - p))), MacKay (2003), exercise 9.15 / Tallini et al. (2002)
    with mpmath.workdps(50):
        x = mpmath.mpf(p)
        power = mpmath.mpf(1) if x == 0 else x ** (x / (1 - x))
        exact = float(mpmath.log(1 + (1 - x) * power, 2))
        # the optimal P(X = 1) = 1 / ((1 - p)(1 + 2^{h(p) / (1 - p)}))
        h = 0 if x == 0 else -(x * mpmath.log(x, 2) + (1 - x) * mpmath.log(1 - x, 2))
        p1 = float(1 / ((1 - x) * (1 + mpmath.power(2, h / (1 - x)))))
    res = il.channel_capacity(il.z_channel(p))
    assert abs(res.capacity - exact) <= TOL
    assert abs(res.input_distribution[1] - p1) <= 1e-6


def test_z_channel_that_always_fails_carries_nothing():
    res = il.channel_capacity(il.z_channel(1.0))
    assert res.capacity == 0.0


@pytest.mark.parametrize("n", [2, 3, 4, 5, 8, 13, 26, 27, 100])
def test_noisy_typewriter_capacity_is_log_of_half_the_keys(n):
    res = il.channel_capacity(il.noisy_typewriter(n))
    assert abs(res.capacity - math.log2(n / 2)) <= TOL


def test_identity_channel_carries_log_n_and_useless_channel_nothing():
    assert abs(il.channel_capacity(np.eye(7)).capacity - math.log2(7)) <= TOL
    rows = np.tile([0.2, 0.3, 0.5], (4, 1))
    res = il.channel_capacity(rows)
    assert res.capacity == 0.0 and res.iterations == 0


@pytest.mark.parametrize("base,factor", [(2, 1.0), ("nats", math.log(2)), (10, math.log10(2))])
def test_capacity_in_other_units_is_rescaled(base, factor):
    w = il.z_channel(0.3)
    bits = il.channel_capacity(w).capacity
    assert math.isclose(il.channel_capacity(w, base=base).capacity, bits * factor, rel_tol=1e-12)


# --- capacity is the maximum of I over input distributions ---------------------------


@pytest.mark.parametrize("seed", range(12))
def test_capacity_of_two_input_channel_is_max_of_mutual_information_over_a_grid(seed):
    rng = np.random.default_rng(seed)
    w = _random_channel(rng, 2, int(rng.integers(2, 6)), alpha=float(rng.choice([0.3, 1.0, 3.0])))
    a = np.linspace(0, 1, 200_001)
    grid = _mutual_information_scipy(np.column_stack([1 - a, a]), w)
    # refine the best grid point with a bounded scalar optimiser
    k = int(grid.argmax())
    lo, hi = a[max(k - 1, 0)], a[min(k + 1, a.size - 1)]
    opt = scipy.optimize.minimize_scalar(
        lambda t: -_mutual_information_scipy(np.array([[1 - t, t]]), w)[0],
        bounds=(lo, hi), method="bounded", options={"xatol": 1e-12},
    )
    best = max(grid.max(), -opt.fun)
    res = il.channel_capacity(w)
    assert best <= res.capacity + 1e-12  # nothing beats the capacity
    assert res.capacity - best <= 1e-9  # and the maximum reaches it
    assert abs(res.input_distribution[1] - opt.x) <= 1e-4


@given(seed=st.integers(0, 2**32 - 1), n_in=st.integers(1, 12), n_out=st.integers(1, 12))
@settings(max_examples=60, deadline=None)
def test_random_input_distributions_never_beat_the_capacity(seed, n_in, n_out):
    rng = np.random.default_rng(seed)
    w = _random_channel(rng, n_in, n_out)
    res = il.channel_capacity(w)
    px = rng.dirichlet(np.ones(n_in), size=200)
    assert (_mutual_information_scipy(px, w) <= res.capacity + 1e-12).all()
    # the returned input distribution reaches the capacity
    assert abs(_mutual_information_scipy(res.input_distribution[None, :], w)[0] - res.capacity) <= 1e-12


# --- invariances and bounds ---------------------------------------------------------


@given(seed=st.integers(0, 2**32 - 1), n_in=st.integers(1, 10), n_out=st.integers(1, 10))
@settings(max_examples=60, deadline=None)
def test_capacity_lies_between_zero_and_log_of_the_smaller_alphabet(seed, n_in, n_out):
    w = _random_channel(np.random.default_rng(seed), n_in, n_out)
    for base, log in [(2, math.log2), ("nats", math.log)]:
        c = il.channel_capacity(w, base=base).capacity
        assert 0.0 <= c <= log(min(n_in, n_out)) + 1e-12


@given(seed=st.integers(0, 2**32 - 1), n_in=st.integers(1, 9), n_out=st.integers(1, 9))
@settings(max_examples=60, deadline=None)
def test_capacity_does_not_depend_on_the_order_of_inputs_or_outputs(seed, n_in, n_out):
    rng = np.random.default_rng(seed)
    w = _random_channel(rng, n_in, n_out)
    rows, cols = rng.permutation(n_in), rng.permutation(n_out)
    base = il.channel_capacity(w)
    by_rows = il.channel_capacity(w[rows])
    by_cols = il.channel_capacity(w[:, cols])
    assert abs(by_rows.capacity - base.capacity) <= 1e-12
    assert abs(by_cols.capacity - base.capacity) <= 1e-12
    # the optimal output distribution is unique: it moves with the columns
    np.testing.assert_allclose(by_cols.output_distribution, base.output_distribution[cols], atol=1e-6)
    np.testing.assert_allclose(by_rows.output_distribution, base.output_distribution, atol=1e-6)


@given(seed=st.integers(0, 2**32 - 1), n_in=st.integers(1, 8), n_out=st.integers(2, 8))
@settings(max_examples=40, deadline=None)
def test_repeating_an_input_does_not_change_the_capacity(seed, n_in, n_out):
    rng = np.random.default_rng(seed)
    w = _random_channel(rng, n_in, n_out)
    repeated = np.vstack([w, w[rng.integers(0, n_in, size=3)]])
    assert abs(il.channel_capacity(repeated).capacity - il.channel_capacity(w).capacity) <= 1e-12


def test_bounds_close_in_on_the_capacity_from_both_sides():
    res = il.channel_capacity(_random_channel(np.random.default_rng(3), 30, 20))
    lower, upper = res.lower_bounds, res.upper_bounds
    assert lower.size == upper.size == res.iterations + 1
    assert (np.diff(lower) >= -1e-15).all()  # the mutual information never decreases
    assert (lower <= upper + 1e-15).all()
    assert res.capacity == lower[-1] and res.upper_bound == upper[-1]
    assert 0 <= res.gap <= 1e-12
    assert il.channel_capacity(il.z_channel(0.3), tol=np.float32(1e-6)).gap <= 1e-6
    np.testing.assert_allclose(res.input_distribution.sum(), 1.0, rtol=0, atol=1e-12)
    assert (res.input_distribution >= 0).all()


def test_large_random_channels_converge_to_the_default_tolerance():
    rng = np.random.default_rng(0)
    for alpha in (0.01, 0.1, 1.0):
        res = il.channel_capacity(_random_channel(rng, 200, 200, alpha))
        assert res.gap <= 1e-12 and res.iterations < 10_000


def test_zero_entries_and_unused_outputs_give_no_warning():
    # pytest turns numpy warnings into errors (filterwarnings = error)
    # an erasure channel with an output (column 2) that never happens
    w = np.insert(il.binary_erasure_channel(0.25), 2, 0.0, axis=1)
    res = il.channel_capacity(w)
    assert abs(res.capacity - 0.75) <= 1e-9
    assert res.output_distribution[2] == 0.0
    padded = np.zeros((3, 4))
    padded[[0, 1, 2], [0, 1, 3]] = 1.0
    assert abs(il.channel_capacity(padded).capacity - math.log2(3)) <= 1e-9


def test_capacity_matches_mutual_information_of_its_input():
    w = il.z_channel(0.4)
    res = il.channel_capacity(w)
    assert abs(il.channel_mutual_information(res.input_distribution, w) - res.capacity) <= 1e-12
    assert il.channel_mutual_information([1.0, 0.0], w) == 0.0


def test_result_is_frozen():
    res = il.channel_capacity(il.binary_symmetric_channel(0.2))
    with pytest.raises(AttributeError):
        res.capacity = 1.0


# --- non-convergence -----------------------------------------------------------------


def test_too_few_iterations_raise_convergence_error_with_the_bounds_reached():
    with pytest.raises(il.ConvergenceError, match=r"did not converge in max_iter=2 updates") as info:
        il.channel_capacity(il.z_channel(0.5), max_iter=2)
    partial = info.value.result
    assert partial.iterations == 2
    assert partial.capacity <= math.log2(1.25) <= partial.upper_bound
    assert str(partial.capacity)[:8] in str(info.value)


def test_convergence_error_is_a_runtime_error():
    assert issubclass(il.ConvergenceError, RuntimeError)


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "channel,pattern",
    [
        ([0.5, 0.5], r"2-D matrix .* 1 dimension\(s\) and shape \(2,\)"),
        (np.ones((2, 2, 2)) / 2, r"2-D matrix .* 3 dimension\(s\)"),
        (np.zeros((0, 3)), r"channel is empty \(shape \(0, 3\)\)"),
        ([[0.5, 0.5], [1.2, -0.2]], re.escape("channel has a negative probability -0.2 at index (1, 1)")),
        ([[0.5, 0.5], [math.nan, 1.0]], re.escape("channel contains NaN at index (1, 0)")),
        ([[0.5, 0.5], [math.inf, 0.0]], re.escape("channel contains an infinite value inf at index (1, 0)")),
        ([[0.5, 0.5], [0.5, 0.4], [0.2, 0.7]], r"channel row 1 sums to 0\.9, not 1 .*2 of 3 rows are off"),
        ([["a", "b"], ["c", "d"]], "must contain numbers, not text"),
        ([[0.5, 0.5], [1.0]], "rows of different lengths"),
    ],
)
def test_invalid_channel_is_refused_with_what_and_where(channel, pattern):
    with pytest.raises(il.DistributionError, match=pattern):
        il.channel_capacity(channel)


@pytest.mark.parametrize("kw,pattern", [
    ({"tol": 0}, "tol must be a number > 0; got 0"),
    ({"tol": -1e-3}, "tol must be a number > 0"),
    ({"tol": math.nan}, "tol must be a number > 0"),
    ({"max_iter": -1}, "max_iter must be a whole number >= 0; got -1"),
    ({"max_iter": 2.5}, "max_iter must be a whole number"),
    ({"max_iter": True}, "max_iter must be a whole number"),
    ({"base": 1}, "base must be"),
])
def test_invalid_options_are_refused(kw, pattern):
    """tol and max_iter are checked before any work is done."""
    with pytest.raises(ValueError, match=pattern):
        il.channel_capacity(il.binary_symmetric_channel(0.1), **kw)


@pytest.mark.parametrize("make", [il.binary_symmetric_channel, il.binary_erasure_channel, il.z_channel])
@pytest.mark.parametrize("bad", [-0.1, 1.5, math.nan])
def test_channel_constructors_refuse_a_non_probability(make, bad):
    with pytest.raises(il.DistributionError):
        make(bad)


@pytest.mark.parametrize("make", [il.binary_symmetric_channel, il.binary_erasure_channel, il.z_channel])
def test_channel_constructors_refuse_an_array(make):
    with pytest.raises(il.DistributionError, match="single probability"):
        make([0.1, 0.2])


@pytest.mark.parametrize("n", [1, 0, 2.0, True, "26"])
def test_noisy_typewriter_needs_two_or_more_keys(n):
    with pytest.raises(ValueError, match="n must be a whole number of keys >= 2"):
        il.noisy_typewriter(n)


def test_input_distribution_must_match_the_rows():
    with pytest.raises(il.DistributionError, match=r"one probability per channel row \(2\); got shape \(3,\)"):
        il.output_distribution([0.2, 0.3, 0.5], il.binary_symmetric_channel(0.1))
    with pytest.raises(il.DistributionError, match="sums to"):
        il.channel_mutual_information([0.2, 0.3], il.binary_symmetric_channel(0.1))


# --- the standard channels, simulation, the Gaussian channel ---------------------------


def test_standard_channels_are_row_stochastic():
    for w in [il.binary_symmetric_channel(0.3), il.binary_erasure_channel(0.3), il.z_channel(0.3),
              il.noisy_typewriter(26)]:
        assert (w >= 0).all()
        np.testing.assert_array_equal(w.sum(axis=1), 1.0)


def test_output_distribution_is_input_times_channel():
    w = il.binary_erasure_channel(0.2)
    np.testing.assert_allclose(il.output_distribution([0.3, 0.7], w), [0.24, 0.56, 0.2], atol=1e-15)


def test_transmit_draws_outputs_with_the_channel_probabilities():
    w = np.array([[0.7, 0.2, 0.1], [0.0, 0.5, 0.5]])
    n = 200_000
    x = np.repeat([0, 1], n)
    y = il.transmit(w, x, rng=np.random.default_rng(5))
    assert y.shape == x.shape and y.dtype.kind == "i"
    for row in (0, 1):
        counts = np.bincount(y[x == row], minlength=3)
        expected = w[row] * n
        # every count within 5 standard deviations of its expectation; zeros stay zero
        sd = np.sqrt(n * w[row] * (1 - w[row]))
        assert (np.abs(counts - expected) <= 5 * sd).all()


def test_transmit_is_reproducible_with_a_seed_and_keeps_the_shape():
    w = il.binary_symmetric_channel(0.3)
    x = np.zeros((4, 5), dtype=int)
    np.testing.assert_array_equal(il.transmit(w, x, rng=7), il.transmit(w, x, rng=7))
    assert il.transmit(w, x, rng=7).shape == (4, 5)


class _LargestUniforms:
    """Stands in for a generator whose every draw is the largest double below 1."""

    def random(self, shape):
        return np.full(shape, np.nextafter(1.0, 0.0))


def test_transmit_never_draws_an_output_of_probability_zero_when_a_row_sums_just_below_one(
    monkeypatch,
):
    # Rows are accepted when they sum to 1 within 1e-9; the missing mass must not go to a
    # trailing output that has probability 0 (here the third output of the first row).
    w = np.array([[0.5, 0.5 - 5e-10, 0.0], [0.0, 0.0, 1.0]])
    monkeypatch.setattr(np.random, "default_rng", lambda rng=None: _LargestUniforms())
    y = il.transmit(w, [0, 0, 1], rng=0)
    np.testing.assert_array_equal(y, [1, 1, 2])


def test_transmit_refuses_inputs_that_are_not_rows():
    w = il.binary_symmetric_channel(0.3)
    with pytest.raises(ValueError, match="row indices 0 to 1 of the channel; got 2"):
        il.transmit(w, [0, 1, 2], rng=0)
    with pytest.raises(ValueError, match="whole numbers"):
        il.transmit(w, [0.5], rng=0)


def test_gaussian_channel_capacity_is_half_log_of_one_plus_snr():
    snr = np.array([0.0, 1e-12, 0.5, 1.0, 3.0, 15.0, 1e6])
    with mpmath.workdps(50):
        exact = [float(mpmath.log(1 + mpmath.mpf(float(s)), 2) / 2) for s in snr]
    np.testing.assert_allclose(il.gaussian_channel_capacity(snr), exact, rtol=1e-15, atol=0)
    assert il.gaussian_channel_capacity(3.0) == 1.0
    assert math.isclose(il.gaussian_channel_capacity(1.0, base="nats"), math.log(2) / 2, rel_tol=1e-15)


@pytest.mark.parametrize("bad", [-1.0, math.nan, [1.0, -2.0]])
def test_gaussian_channel_capacity_refuses_negative_snr(bad):
    with pytest.raises(ValueError, match="snr must be >= 0"):
        il.gaussian_channel_capacity(bad)
