"""KL divergence when q is so small that p/q overflows (subnormal probabilities)."""

import warnings

import mpmath as mp
import numpy as np
import pytest

import infolib as il

mp.mp.dps = 50


def _kl_bits_mpmath(p, q):
    """D(p || q) in bits at 50 digits, from the definition (terms with p = 0 drop out)."""
    total = mp.mpf(0)
    for pi, qi in zip(p, q):
        if pi > 0:
            total += mp.mpf(pi) * mp.log(mp.mpf(pi) / mp.mpf(qi))
    return float(total / mp.log(2))


@pytest.mark.parametrize(
    "p, q",
    [
        ([0.5, 0.5], [1 - 1e-320, 1e-320]),
        ([0.0, 1.0], [1 - 1e-320, 1e-320]),
        ([0.25, 0.25, 0.5], [1 - 2e-310, 1e-310, 1e-310]),
        ([0.5, 0.5, 0.0], [1 - 5e-324, 5e-324, 0.0]),
    ],
)
def test_kl_is_finite_and_exact_when_p_over_q_overflows(p, q):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = il.kl_divergence(p, q)
    assert value == pytest.approx(_kl_bits_mpmath(p, q), rel=1e-13)


def test_kl_with_tiny_q_in_a_batch_matches_row_by_row_references():
    p = np.array([[0.5, 0.5], [0.5, 0.5], [0.9, 0.1]])
    q = np.array([[1 - 1e-320, 1e-320], [0.5, 0.5], [0.5, 0.5]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = il.kl_divergence(p, q)
    expected = [_kl_bits_mpmath(pi, qi) for pi, qi in zip(p.tolist(), q.tolist())]
    np.testing.assert_allclose(values, expected, rtol=1e-13, atol=0)


def test_kl_is_still_infinite_when_q_misses_support_next_to_a_tiny_q():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert il.kl_divergence([0.5, 0.25, 0.25], [1 - 1e-320, 1e-320, 0.0]) == np.inf
