"""Zeros, infinities and extreme magnitudes: right answers and no numpy warnings.

pytest turns every warning into an error (pyproject: filterwarnings = error),
so each test here also pins that no RuntimeWarning reaches the user.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import infolib as il
from reference import cross_entropy_nats, js_nats, kl_nats, rel_err

TINY = 5e-324  # the smallest subnormal float64


def test_kl_is_infinite_when_q_misses_support():
    assert il.kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert il.cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf


def test_kl_ignores_outcomes_that_p_rules_out():
    ref = kl_nats([1.0, 0.0], [0.5, 0.5])
    assert il.kl_divergence([1.0, 0.0], [0.5, 0.5], base="nats") == pytest.approx(ref, rel=1e-15)
    assert il.kl_divergence([0.0, 1.0, 0.0], [0.0, 1.0, 0.0]) == 0.0


def test_batch_kl_is_infinite_only_in_rows_where_q_misses_support():
    p = [[0.5, 0.5], [0.5, 0.5], [1.0, 0.0]]
    q = [[1.0, 0.0], [0.5, 0.5], [0.5, 0.5]]
    kl = il.kl_divergence(p, q)
    assert kl[0] == math.inf and kl[1] == 0.0 and kl[2] == pytest.approx(1.0, rel=1e-15)
    xent = il.cross_entropy(p, q)
    np.testing.assert_array_equal(xent, [math.inf, 1.0, 1.0])
    assert not np.isnan(kl).any() and not np.isnan(xent).any()


def test_zeros_in_both_p_and_q_contribute_nothing():
    p = np.array([0.0, 0.25, 0.0, 0.75])
    q = np.array([0.0, 0.5, 0.0, 0.5])
    assert il.kl_divergence(p, q, base="nats") == pytest.approx(kl_nats(p, q), rel=1e-14)
    assert il.cross_entropy(p, q, base="nats") == pytest.approx(cross_entropy_nats(p, q), rel=1e-14)
    assert il.jensen_shannon_divergence(p, q, base="nats") == pytest.approx(js_nats(p, q), rel=1e-14)
    assert il.entropy(p) == pytest.approx(il.entropy([0.25, 0.75]), rel=1e-15)


@pytest.mark.parametrize("q_small", [TINY, 1e-320, 2.2e-308, 5e-308, 1e-300])
def test_kl_is_finite_and_exact_when_p_over_q_overflows(q_small):
    p = np.array([0.5, 0.5])
    q = np.array([1.0, q_small])
    value = il.kl_divergence(p, q, base="nats")
    assert math.isfinite(value)
    assert rel_err(value, kl_nats(p, q)) <= 1e-13
    assert rel_err(il.cross_entropy(p, q, base="nats"), cross_entropy_nats(p, q)) <= 1e-13


def test_subnormal_probabilities_give_finite_results():
    p = np.array([1.0, TINY, 0.0])
    q = np.array([1.0, 0.0, TINY])
    assert il.entropy(p) >= 0.0
    assert il.kl_divergence(p, q) == math.inf
    assert il.kl_divergence(q, p) == math.inf
    assert 0.0 <= il.jensen_shannon_divergence(p, q) <= 1e-300


def test_jensen_shannon_is_finite_when_the_midpoint_underflows():
    # m = (p + q)/2 rounds to 0 for TINY + 0; JS must stay finite, not inf.
    value = il.jensen_shannon_divergence([1.0, TINY, 0.0], [1.0, 0.0, 0.0])
    assert value == 0.0 or (0.0 < value < 1e-300)
    assert il.jensen_shannon_divergence([TINY, 1.0], [1.0, TINY]) == pytest.approx(1.0, rel=1e-13)


def test_jensen_shannon_near_one_hot_matches_mpmath():
    p = np.array([1 - 1e-6, 1e-6])
    q = np.array([1 - 5e-7, 5e-7])
    assert rel_err(il.jensen_shannon_divergence(p, q, base="nats"), js_nats(p, q)) <= 1e-13


def test_entropy_with_many_zeros_has_no_warning_in_batches():
    p = np.zeros((3, 4))
    p[:, 0] = 1.0
    p[1] = [0.5, 0.5, 0.0, 0.0]
    np.testing.assert_array_equal(il.entropy(p), [0.0, 1.0, 0.0])


def test_information_of_zero_is_inf_without_warning():
    assert il.information(0.0) == math.inf
    assert il.information(TINY) == pytest.approx(1074.0, rel=1e-15)


def test_binary_entropy_at_extremes_has_no_warning():
    h = il.binary_entropy([0.0, TINY, 1e-300, 1 - 2**-53, 1.0])
    assert h[0] == 0.0 and h[-1] == 0.0
    assert np.all(np.isfinite(h)) and np.all(h >= 0)


def test_measures_never_return_nan_on_valid_extreme_inputs():
    cases = [
        ([1.0, 0.0], [0.0, 1.0]),
        ([TINY, 1.0], [1.0, TINY]),
        ([1.0, 0.0, 0.0], [1.0, 0.0, 0.0]),
        ([0.5, 0.5 - 1e-10, 1e-10], [0.5, 0.5 - TINY, TINY]),
    ]
    for p, q in cases:
        for f in (il.kl_divergence, il.cross_entropy, il.jensen_shannon_divergence):
            assert not math.isnan(f(p, q)), (f.__name__, p, q)


def test_normalize_of_huge_weights_does_not_overflow():
    # The sum of the weights overflows float64; normalising must still work.
    assert il.entropy([1e308, 1e308], normalize=True) == pytest.approx(1.0, rel=1e-15)
    np.testing.assert_allclose(il.entropy([[1e308, 1e308], [1.0, 3.0]], normalize=True),
                               [1.0, il.entropy([0.25, 0.75])], rtol=1e-15)


def test_normalize_that_underflows_an_entry_to_zero_has_no_warning():
    # 5e-324 / 3 rounds to 0: the zero must be treated as 0 log 0 = 0.
    assert il.entropy([TINY, 3.0], normalize=True) == 0.0
    assert il.entropy([[TINY, 3.0]], normalize=True)[0] == 0.0


def test_information_of_an_empty_array_is_an_empty_array():
    assert il.information([]).shape == (0,)
