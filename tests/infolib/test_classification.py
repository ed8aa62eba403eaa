"""softmax, log_softmax and cross_entropy_loss against scipy, at large logits, and
their gradient (softmax - onehot)/n by central finite differences."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special

import infolib as il


@pytest.fixture
def logits():
    return np.random.default_rng(0).normal(scale=3.0, size=(6, 4))


def test_softmax_and_log_softmax_match_scipy(logits):
    np.testing.assert_allclose(il.softmax(logits), scipy.special.softmax(logits, axis=-1), rtol=1e-14)
    np.testing.assert_allclose(il.log_softmax(logits), scipy.special.log_softmax(logits, axis=-1),
                               rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(il.softmax(logits, axis=0), scipy.special.softmax(logits, axis=0), rtol=1e-14)


def test_log_softmax_is_z_minus_logsumexp(logits):
    expected = logits - scipy.special.logsumexp(logits, axis=1, keepdims=True)
    np.testing.assert_allclose(il.log_softmax(logits), expected, rtol=1e-14, atol=1e-14)


def test_softmax_rows_are_distributions(logits):
    s = il.softmax(logits)
    assert np.all(s > 0)
    np.testing.assert_allclose(s.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(il.entropy(s), scipy.stats.entropy(s, axis=1, base=2), rtol=1e-13)


@pytest.mark.parametrize("big", [1e3, 1e5, 1e300])
def test_softmax_is_stable_at_large_logits(big):
    z = np.array([[big, big, 0.0], [-big, 0.0, 0.0]])
    s = il.softmax(z)
    assert np.all(np.isfinite(s))
    np.testing.assert_allclose(s, [[0.5, 0.5, 0.0], [0.0, 0.5, 0.5]], atol=1e-300)
    ls = il.log_softmax(z)
    assert ls[0, 0] == pytest.approx(-math.log(2), rel=1e-15)
    assert ls[0, 2] == pytest.approx(-big - math.log(2), rel=1e-15)


def test_softmax_of_logits_spanning_the_whole_float_range_has_no_warning():
    assert il.softmax([1e308, -1e308]).tolist() == [1.0, 0.0]
    assert il.log_softmax([1e308, -1e308])[1] == -math.inf
    assert il.cross_entropy_loss([[1e308, -1e308]], [1]) == math.inf


def test_softmax_is_shift_invariant(logits):
    np.testing.assert_allclose(il.softmax(logits + 1234.5), il.softmax(logits), rtol=1e-12)


def test_cross_entropy_loss_is_mean_negative_log_likelihood_by_scipy(logits):
    labels = np.array([0, 1, 2, 3, 0, 1])
    lse = scipy.special.logsumexp(logits, axis=1)
    expected = np.mean(lse - logits[np.arange(6), labels])
    assert il.cross_entropy_loss(logits, labels) == pytest.approx(expected, rel=1e-14)
    assert il.cross_entropy_loss(logits, labels, base="bits") == pytest.approx(expected / math.log(2), rel=1e-14)


def test_cross_entropy_loss_equals_cross_entropy_of_one_hot_and_softmax(logits):
    labels = np.array([3, 2, 1, 0, 3, 2])
    one_hot = np.eye(4)[labels]
    per_row = il.cross_entropy(one_hot, il.softmax(logits), base="nats")
    assert il.cross_entropy_loss(logits, labels) == pytest.approx(per_row.mean(), rel=1e-13)


def test_cross_entropy_loss_of_a_confident_right_answer_is_positive_zero():
    loss = il.cross_entropy_loss([[1000.0, 0.0]], [0])
    assert loss == 0.0 and math.copysign(1.0, loss) == 1.0
    assert il.cross_entropy_loss([[1000.0, 0.0]], [1]) == pytest.approx(1000.0, rel=1e-15)


def test_gradient_of_cross_entropy_loss_is_softmax_minus_onehot_over_n(logits):
    labels = np.array([0, 3, 1, 1, 2, 0])
    n = logits.shape[0]
    analytic = (il.softmax(logits) - np.eye(4)[labels]) / n
    h = 1e-6
    numeric = np.empty_like(logits)
    for idx in np.ndindex(*logits.shape):
        up, down = logits.copy(), logits.copy()
        up[idx] += h
        down[idx] -= h
        numeric[idx] = (il.cross_entropy_loss(up, labels) - il.cross_entropy_loss(down, labels)) / (2 * h)
    np.testing.assert_allclose(numeric, analytic, atol=1e-9)


@pytest.mark.parametrize("z", [5.0, [], np.zeros((2, 0))])
def test_logits_without_classes_are_refused(z):
    with pytest.raises(il.DistributionError, match="at least one class"):
        il.softmax(z)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_logits_are_refused_with_their_index(bad):
    with pytest.raises(il.DistributionError, match=r"logits must be finite; got .* at index \(1,\)"):
        il.softmax([0.0, bad])


@pytest.mark.parametrize("labels,message", [
    ([0, 1, 2], r"labels must have shape \(2,\)"),
    ([0, 2], r"labels must be integers in range\(2\)"),
    ([-1, 0], r"labels must be integers in range\(2\)"),
    ([0.0, 1.0], r"labels must be integers in range\(2\)"),
])
def test_cross_entropy_loss_refuses_bad_labels(labels, message):
    with pytest.raises(il.DistributionError, match=message):
        il.cross_entropy_loss([[0.0, 1.0], [1.0, 0.0]], labels)


def test_cross_entropy_loss_needs_a_matrix_of_logits():
    with pytest.raises(il.DistributionError, match="n_samples, n_classes"):
        il.cross_entropy_loss([0.0, 1.0], [0])


def test_cross_entropy_loss_matches_scikit_learn_log_loss(logits):
    from sklearn.metrics import log_loss

    labels = np.array([0, 1, 2, 3, 1, 2])
    probs = il.softmax(logits)
    assert math.isclose(il.cross_entropy_loss(logits, labels), log_loss(labels, probs), rel_tol=1e-12)
    assert math.isclose(il.cross_entropy_loss(logits, labels) * len(labels),
                        log_loss(labels, probs, normalize=False), rel_tol=1e-12)
