"""one_hot and the gradient of the cross-entropy loss, against independent references."""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import log_softmax as scipy_log_softmax
from scipy.special import softmax as scipy_softmax

import infolib as il


def _mp_loss(z, y):
    """Mean -ln softmax(z_i)_{y_i}, computed in mpmath from the definition."""
    total = mpmath.mpf(0)
    for row, label in zip(z, y):
        log_norm = mpmath.log(mpmath.fsum(mpmath.exp(v) for v in row))
        total += log_norm - row[label]
    return total / len(z)


def _mp_central_difference_gradient(z, y, h=mpmath.mpf("1e-20")):
    """Central finite differences of the loss at 50 significant digits."""
    with mpmath.workdps(50):
        zm = [[mpmath.mpf(float(v)) for v in row] for row in z]
        grad = np.empty(np.shape(z))
        for i in range(len(zm)):
            for k in range(len(zm[0])):
                up = [r[:] for r in zm]
                down = [r[:] for r in zm]
                up[i][k] += h
                down[i][k] -= h
                grad[i, k] = float((_mp_loss(up, y) - _mp_loss(down, y)) / (2 * h))
    return grad


def test_gradient_matches_high_precision_finite_differences():
    rng = np.random.default_rng(7)
    z = rng.normal(scale=3.0, size=(4, 3))
    y = np.array([0, 2, 1, 2])
    reference = _mp_central_difference_gradient(z, y)
    np.testing.assert_allclose(il.cross_entropy_loss_gradient(z, y), reference, rtol=1e-12, atol=1e-15)


def test_gradient_matches_float_finite_differences_of_cross_entropy_loss():
    rng = np.random.default_rng(3)
    z = rng.normal(size=(5, 4))
    y = rng.integers(0, 4, size=5)
    h = 1e-5
    numeric = np.empty_like(z)
    for idx in np.ndindex(z.shape):
        e = np.zeros_like(z)
        e[idx] = h
        numeric[idx] = (il.cross_entropy_loss(z + e, y) - il.cross_entropy_loss(z - e, y)) / (2 * h)
    np.testing.assert_allclose(il.cross_entropy_loss_gradient(z, y), numeric, atol=1e-9)


def test_gradient_is_predicted_minus_true_over_n_by_scipy():
    rng = np.random.default_rng(11)
    z = rng.normal(size=(6, 5))
    y = rng.integers(0, 5, size=6)
    expected = (scipy_softmax(z, axis=1) - np.eye(5)[y]) / 6
    np.testing.assert_allclose(il.cross_entropy_loss_gradient(z, y), expected, rtol=1e-13, atol=1e-16)


def test_gradient_in_bits_is_gradient_in_nats_divided_by_ln2():
    z = np.array([[0.3, -1.2, 2.0], [1.0, 1.0, 1.0]])
    y = np.array([2, 0])
    nats = il.cross_entropy_loss_gradient(z, y)
    np.testing.assert_allclose(il.cross_entropy_loss_gradient(z, y, base="bits"), nats / math.log(2), rtol=1e-15)


def test_gradient_stays_finite_for_huge_logits():
    z = np.array([[1000.0, -1000.0, 0.0]])
    grad = il.cross_entropy_loss_gradient(z, [1])
    np.testing.assert_allclose(grad, [[1.0, -1.0, 0.0]], atol=1e-300)


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 5)),
           elements=st.floats(-50, 50, allow_nan=False)),
    st.data(),
)
def test_gradient_rows_sum_to_zero_and_loss_matches_scipy(z, data):
    n, k = z.shape
    y = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    grad = il.cross_entropy_loss_gradient(z, y)
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-15)
    expected_loss = -scipy_log_softmax(z, axis=1)[np.arange(n), y].mean()
    assert il.cross_entropy_loss(z, y) == pytest.approx(expected_loss, rel=1e-12, abs=1e-14)


def test_one_hot_rows_are_identity_rows():
    labels = np.array([3, 0, 1, 3])
    np.testing.assert_array_equal(il.one_hot(labels, 4), np.eye(4)[labels])


def test_one_hot_rows_make_cross_entropy_the_negative_log_likelihood():
    z = np.array([[0.5, -0.5, 2.0], [0.0, 1.0, 0.0]])
    y = np.array([0, 1])
    q = il.softmax(z)
    per_row = il.cross_entropy(il.one_hot(y, 3), q, base="nats")
    np.testing.assert_allclose(per_row, -np.log(q[np.arange(2), y]), rtol=1e-14)
    assert per_row.mean() == pytest.approx(il.cross_entropy_loss(z, y), rel=1e-14)


@pytest.mark.parametrize(
    ("labels", "n_classes", "message"),
    [
        ([0, 3], 3, r"labels must be integers in range\(3\)"),
        ([0, -1], 3, r"labels must be integers in range\(3\)"),
        ([0.0, 1.0], 3, r"labels must be integers"),
        ([[0, 1]], 3, r"labels must have shape \(n_samples,\)"),
    ],
)
def test_one_hot_rejects_bad_labels(labels, n_classes, message):
    with pytest.raises(il.DistributionError, match=message):
        il.one_hot(labels, n_classes)


@pytest.mark.parametrize("n_classes", [0, -2, 2.0, True])
def test_one_hot_rejects_bad_number_of_classes(n_classes):
    with pytest.raises(ValueError, match="n_classes must be a positive integer"):
        il.one_hot([0], n_classes)


def test_gradient_rejects_mismatched_labels():
    with pytest.raises(il.DistributionError, match=r"labels must have shape \(2,\)"):
        il.cross_entropy_loss_gradient([[0.0, 1.0], [1.0, 0.0]], [0, 1, 1])
    with pytest.raises(il.DistributionError, match=r"range\(2\)"):
        il.cross_entropy_loss_gradient([[0.0, 1.0]], [2])
    with pytest.raises(il.DistributionError, match="logits must be finite"):
        il.cross_entropy_loss_gradient([[0.0, np.nan]], [0])


def test_loss_rejects_empty_batch_instead_of_returning_nan():
    with pytest.raises(il.DistributionError, match="at least one sample"):
        il.cross_entropy_loss(np.zeros((0, 3)), np.zeros(0, dtype=int))
