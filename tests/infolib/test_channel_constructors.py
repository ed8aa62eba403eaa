"""The q-ary symmetric and binary asymmetric channel constructors: their matrices, special cases and capacities."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.optimize

import infolib as il


@pytest.mark.parametrize("q", [2, 3, 4, 10])
@pytest.mark.parametrize("f", [0.0, 0.05, 0.3, 0.75, 1.0])
def test_symmetric_channel_keeps_a_symbol_with_one_minus_f_and_spreads_f_evenly(q, f):
    w = il.symmetric_channel(q, f)
    assert w.shape == (q, q)
    np.testing.assert_allclose(w.sum(axis=1), 1, atol=1e-15)
    np.testing.assert_allclose(np.diag(w), 1 - f)
    off = w[~np.eye(q, dtype=bool)]
    np.testing.assert_allclose(off, f / (q - 1))


@pytest.mark.parametrize("f", [0.0, 0.1, 0.5, 1.0])
def test_two_symbol_symmetric_channel_is_the_binary_symmetric_channel(f):
    np.testing.assert_array_equal(il.symmetric_channel(2, f), il.binary_symmetric_channel(f))


@pytest.mark.parametrize(("q", "f"), [(3, 0.1), (4, 0.3), (5, 0.5), (8, 0.05), (3, 0.9)])
def test_symmetric_channel_capacity_is_log_q_minus_hb_f_minus_f_log_q_minus_1(q, f):
    closed_form = math.log2(q) + f * math.log2(f) + (1 - f) * math.log2(1 - f) - f * math.log2(q - 1)
    res = il.channel_capacity(il.symmetric_channel(q, f))
    assert res.capacity == pytest.approx(closed_form, abs=1e-10)
    np.testing.assert_allclose(res.input_distribution, 1 / q, atol=1e-8)


def test_binary_asymmetric_channel_matrix_and_special_cases():
    np.testing.assert_array_equal(il.binary_asymmetric_channel(0.1, 0.25), [[0.9, 0.1], [0.25, 0.75]])
    np.testing.assert_array_equal(il.binary_asymmetric_channel(0.2, 0.2), il.binary_symmetric_channel(0.2))
    np.testing.assert_array_equal(il.binary_asymmetric_channel(0.0, 0.4), il.z_channel(0.4))


def _mutual_information_bits(a: float, f0: float, f1: float) -> float:
    """I(X; Y) for P(X = 1) = a, written out from H(Y) - H(Y | X)."""

    def hb(t):
        return 0.0 if t in (0.0, 1.0) else -t * math.log2(t) - (1 - t) * math.log2(1 - t)

    return hb((1 - a) * f0 + a * (1 - f1)) - (1 - a) * hb(f0) - a * hb(f1)


@pytest.mark.parametrize(("f0", "f1"), [(0.05, 0.3), (0.2, 0.01), (0.1, 0.6), (0.0, 0.5)])
def test_binary_asymmetric_capacity_is_the_largest_mutual_information_over_the_input(f0, f1):
    best = scipy.optimize.minimize_scalar(
        lambda a: -_mutual_information_bits(a, f0, f1), bounds=(0, 1), method="bounded", options={"xatol": 1e-12}
    )
    res = il.channel_capacity(il.binary_asymmetric_channel(f0, f1))
    assert res.capacity == pytest.approx(-best.fun, abs=1e-9)
    assert res.input_distribution[1] == pytest.approx(best.x, abs=1e-5)


@pytest.mark.parametrize("q", [1, 0, 2.0, True, "3"])
def test_symmetric_channel_needs_a_whole_number_of_at_least_two_symbols(q):
    with pytest.raises(ValueError, match=rf"q must be a whole number of symbols >= 2; got {q!r}"):
        il.symmetric_channel(q, 0.1)


@pytest.mark.parametrize(
    ("call", "name", "value"),
    [
        (lambda: il.symmetric_channel(3, 1.5), "f", "1.5"),
        (lambda: il.symmetric_channel(3, -0.1), "f", "-0.1"),
        (lambda: il.binary_asymmetric_channel(0.1, 2.0), "f1", "2.0"),
        (lambda: il.binary_asymmetric_channel(float("nan"), 0.1), "f0", "NaN"),
    ],
)
def test_bad_probabilities_name_the_argument_and_the_value(call, name, value):
    with pytest.raises(il.DistributionError, match=rf"{name}.*{value}"):
        call()
