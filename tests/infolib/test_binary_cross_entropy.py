"""sigmoid and binary_cross_entropy_loss against scipy, scikit-learn and mpmath,
their agreement with the two-class cross-entropy, stability at large logits,
and their errors."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import scipy.special
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import log_loss

import infolib as il


@pytest.fixture
def batch():
    rng = np.random.default_rng(0)
    z = rng.normal(scale=4.0, size=200)
    y = (rng.random(200) < scipy.special.expit(z)).astype(float)
    return z, y


def test_sigmoid_matches_scipy_expit():
    z = np.linspace(-50, 50, 1001)
    np.testing.assert_allclose(il.sigmoid(z), scipy.special.expit(z), rtol=1e-15)


@given(z=st.floats(-745, 745))
def test_sigmoid_matches_mpmath(z):
    with mpmath.workdps(50):
        want = float(1 / (1 + mpmath.exp(-mpmath.mpf(z))))
    assert il.sigmoid(z)[0] == pytest.approx(want, rel=4e-16, abs=1e-320)


def test_sigmoid_is_two_class_softmax():
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(il.sigmoid(z), il.softmax(np.column_stack([np.zeros_like(z), z]))[:, 1], rtol=1e-14)


def test_bce_matches_scikit_learn_log_loss(batch):
    z, y = batch
    p = scipy.special.expit(z)
    assert math.isclose(il.binary_cross_entropy_loss(z, y), log_loss(y, p), rel_tol=1e-12)
    assert math.isclose(il.binary_cross_entropy_loss(z, y) * len(y), log_loss(y, p, normalize=False), rel_tol=1e-12)


def test_bce_is_the_mean_two_class_cross_entropy_with_soft_targets():
    rng = np.random.default_rng(1)
    z = rng.normal(scale=3.0, size=50)
    t = rng.random(50)
    p = il.sigmoid(z)
    two_class = il.cross_entropy(np.column_stack([t, 1 - t]), np.column_stack([p, 1 - p]), base="nats")
    assert math.isclose(il.binary_cross_entropy_loss(z, t), two_class.mean(), rel_tol=1e-12)
    assert math.isclose(il.binary_cross_entropy_loss(z, t, base="bits"), two_class.mean() / math.log(2), rel_tol=1e-12)


@given(z=st.floats(-700, 700), y=st.sampled_from([0.0, 0.25, 1.0]))
def test_bce_matches_mpmath_for_every_finite_logit(z, y):
    with mpmath.workdps(50):
        mz, my = mpmath.mpf(z), mpmath.mpf(y)
        # -log sigma(z) = log(1 + e^-z) and -log(1 - sigma(z)) = log(1 + e^z)
        want = my * mpmath.log1p(mpmath.exp(-mz)) + (1 - my) * mpmath.log1p(mpmath.exp(mz))
    got = il.binary_cross_entropy_loss([z], [y])
    assert got == pytest.approx(float(want), rel=1e-12, abs=1e-300)


def test_bce_stays_finite_where_sigmoid_rounds_to_zero():
    # sigmoid(-800) underflows to 0 and sigmoid(40) rounds to 1, but the losses are 800 and 40 nats
    assert il.binary_cross_entropy_loss([-800.0], [1.0]) == 800.0
    assert il.binary_cross_entropy_loss([40.0], [0.0]) == pytest.approx(40.0, rel=1e-15)


def test_bce_gradient_is_sigmoid_minus_target_over_n(batch):
    z, y = batch
    h = 1e-6
    i = 7
    e = np.zeros_like(z)
    e[i] = h
    numeric = (il.binary_cross_entropy_loss(z + e, y) - il.binary_cross_entropy_loss(z - e, y)) / (2 * h)
    assert numeric == pytest.approx((il.sigmoid(z)[i] - y[i]) / len(z), rel=1e-6)


def test_bce_accepts_any_shape():
    z = np.zeros((3, 4))
    assert math.isclose(il.binary_cross_entropy_loss(z, np.ones((3, 4))), math.log(2))


@pytest.mark.parametrize(
    ("z", "y", "error", "match"),
    [
        ([0.0, 1.0], [1.0], il.DistributionError, "same shape"),
        ([], [], il.DistributionError, "at least one element"),
        ([float("inf")], [1.0], il.DistributionError, "logits must be finite"),
        ([0.0], [1.5], il.DistributionError, "greater than 1"),
        ([0.0], [-0.1], il.DistributionError, "negative"),
    ],
)
def test_bce_rejects_bad_input(z, y, error, match):
    with pytest.raises(error, match=match):
        il.binary_cross_entropy_loss(z, y)


def test_sigmoid_rejects_non_finite_logits():
    with pytest.raises(il.DistributionError, match="finite"):
        il.sigmoid([0.0, float("nan")])
