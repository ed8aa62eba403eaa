"""reliability_bins and expected_calibration_error against a plain-Python
implementation of Guo et al.'s definition, on calibrated and miscalibrated
synthetic classifiers, and their errors; brier_score against scikit-learn and
its expected value under the true distribution."""

from __future__ import annotations

import math

import numpy as np
import pytest

import infolib as il


def reference_ece(q, y, n_bins):
    """ECE by the definition, one prediction at a time."""
    bins = [[] for _ in range(n_bins)]
    for row, label in zip(q.tolist(), y.tolist()):
        conf = max(row)
        m = next(m for m in range(n_bins) if conf <= (m + 1) / n_bins)
        bins[m].append((conf, row.index(conf) == label))
    total = 0.0
    for b in bins:
        if b:
            acc = sum(ok for _, ok in b) / len(b)
            conf = sum(c for c, _ in b) / len(b)
            total += len(b) / len(y) * abs(acc - conf)
    return total


def random_predictions(n, k, rng, temperature=1.0):
    return il.softmax(rng.normal(scale=2.0, size=(n, k)) / temperature)


def calibrated_labels(q, rng):
    """Draw each label from the predicted distribution: a calibrated model by construction."""
    u = rng.random((q.shape[0], 1))
    return np.minimum((q.cumsum(axis=1) < u).sum(axis=1), q.shape[1] - 1)


@pytest.mark.parametrize("n_bins", [1, 5, 10, 15])
def test_ece_matches_reference_definition(n_bins):
    rng = np.random.default_rng(0)
    q = random_predictions(500, 4, rng)
    y = rng.integers(0, 4, size=500)
    assert math.isclose(il.expected_calibration_error(q, y, n_bins=n_bins), reference_ece(q, y, n_bins),
                        rel_tol=1e-12)


def test_ece_of_a_calibrated_model_goes_to_zero():
    rng = np.random.default_rng(1)
    eces = []
    for n in [1_000, 10_000, 100_000]:
        q = random_predictions(n, 3, rng)
        eces.append(il.expected_calibration_error(q, calibrated_labels(q, rng)))
    assert eces[-1] < 0.01
    assert eces[0] > eces[-1]


def test_overconfident_model_has_large_ece_and_bins_show_it():
    rng = np.random.default_rng(2)
    q_true = random_predictions(50_000, 3, rng)
    y = calibrated_labels(q_true, rng)
    sharp = il.softmax(np.log(q_true) * 3.0)   # same ranking, overconfident
    assert il.expected_calibration_error(sharp, y) > 0.1
    bins = il.reliability_bins(sharp, y)
    full = bins.counts > 0
    assert np.all(bins.accuracy[full][-3:] < bins.confidence[full][-3:])


def test_confident_and_always_wrong_has_ece_equal_to_confidence():
    q = np.array([[0.9, 0.1]] * 10)
    assert math.isclose(il.expected_calibration_error(q, np.ones(10, dtype=int)), 0.9, rel_tol=1e-14)
    assert il.expected_calibration_error(np.array([[1.0, 0.0]] * 4), np.zeros(4, dtype=int)) == 0.0


def test_bins_partition_the_predictions_with_right_closed_edges():
    q = np.array([[0.3, 0.3, 0.4], [0.5, 0.5, 0.0], [0.7, 0.2, 0.1], [1.0, 0.0, 0.0]])
    bins = il.reliability_bins(q, [2, 0, 1, 0], n_bins=10)
    np.testing.assert_allclose(bins.edges, np.linspace(0, 1, 11))
    # 0.4 -> (0.3, 0.4], 0.5 -> (0.4, 0.5], 0.7 -> (0.6, 0.7], 1.0 -> (0.9, 1.0]
    assert bins.counts.tolist() == [0, 0, 0, 1, 1, 0, 1, 0, 0, 1]
    assert bins.counts.sum() == 4
    assert np.isnan(bins.accuracy[0]) and np.isnan(bins.confidence[0])
    np.testing.assert_allclose(bins.confidence[[3, 4, 6, 9]], [0.4, 0.5, 0.7, 1.0])
    np.testing.assert_allclose(bins.accuracy[[3, 4, 6, 9]], [1.0, 1.0, 0.0, 1.0])


@pytest.mark.parametrize(
    ("q", "y", "kwargs", "error", "match"),
    [
        ([0.5, 0.5], [0], {}, il.DistributionError, r"shape \(n_samples, n_classes\)"),
        (np.zeros((0, 2)), [], {}, il.DistributionError, "at least one sample"),
        ([[0.5, 0.6]], [0], {}, il.DistributionError, "sums to 1.1"),
        ([[0.5, float("nan")]], [0], {}, il.DistributionError, "NaN"),
        ([[0.5, 0.5]], [2], {}, il.DistributionError, r"range\(2\)"),
        ([[0.5, 0.5]], [0, 1], {}, il.DistributionError, r"labels must have shape \(1,\)"),
        ([[0.5, 0.5]], [0], {"n_bins": 0}, ValueError, "n_bins must be a positive integer; got 0"),
        ([[0.5, 0.5]], [0], {"n_bins": 2.5}, ValueError, "n_bins must be a positive integer"),
    ],
)
def test_bad_input_is_rejected(q, y, kwargs, error, match):
    with pytest.raises(error, match=match):
        il.expected_calibration_error(q, y, **kwargs)
    with pytest.raises(error, match=match):
        il.reliability_bins(q, y, **kwargs)


def test_brier_score_is_twice_sklearns_binary_score_and_proper():
    from sklearn.metrics import brier_score_loss

    rng = np.random.default_rng(5)
    q1 = rng.random(40)
    y = rng.integers(0, 2, size=40)
    q = np.column_stack([1 - q1, q1])
    assert il.brier_score(q, y) == pytest.approx(2 * brier_score_loss(y, q1), rel=1e-13)
    # expected score under labels drawn from p: ||q - p||^2 + 1 - ||p||^2, least at q = p
    p = np.array([0.6, 0.3, 0.1])
    for q_row in (p, np.array([0.5, 0.4, 0.1]), np.array([1.0, 0.0, 0.0])):
        expected = sum(p[k] * il.brier_score(q_row[None, :], [k]) for k in range(3))
        assert expected == pytest.approx(((q_row - p) ** 2).sum() + 1 - (p**2).sum(), rel=1e-13)
        assert expected >= 1 - (p**2).sum() - 1e-15


def test_brier_score_rejects_arrays_of_the_wrong_shape():
    with pytest.raises(il.DistributionError, match=r"probabilities must have shape \(n_samples, n_classes\); got \(2,\)"):
        il.brier_score([0.5, 0.5], [0])
    with pytest.raises(il.DistributionError, match="at least one sample"):
        il.brier_score(np.zeros((0, 2)), np.zeros(0, dtype=int))
