"""Modified cross-entropies: class weights, ignored targets, focal loss, pos_weight.

References are independent of the code under test: mpmath at 50 digits, scikit-learn's
weighted log-loss, and the closed forms of the expected losses' minimisers.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import scipy.optimize
from sklearn.metrics import log_loss

import infolib as il

mpmath.mp.dps = 50


def _mp_log_softmax(row, k):
    return mpmath.mpf(row[k]) - mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(v)) for v in row))


def test_weighted_cross_entropy_divides_by_the_counted_targets_weights():
    z = [[2.0, 0.5, -1.0], [0.2, 1.5, 0.3], [-0.5, 0.0, 2.5], [1.0, 1.2, 0.8], [3.0, -2.0, 0.0]]
    labels = [0, 1, 2, 1, -100]
    w = [1.0, 2.0, 0.5]
    num = mpmath.fsum(-w[y] * _mp_log_softmax(row, y) for row, y in zip(z, labels) if y != -100)
    den = mpmath.fsum(w[y] for y in labels if y != -100)
    got = il.weighted_cross_entropy_loss(z, labels, class_weight=w, ignore_index=-100)
    assert got == pytest.approx(float(num / den), rel=1e-13)


def test_weighted_cross_entropy_is_sklearns_log_loss_with_sample_weights():
    rng = np.random.default_rng(3)
    z = rng.normal(size=(50, 4))
    y = rng.integers(0, 4, size=50)
    w = np.array([0.5, 1.0, 3.0, 2.0])
    ref = log_loss(y, il.softmax(z), sample_weight=w[y], labels=range(4))
    assert il.weighted_cross_entropy_loss(z, y, class_weight=w) == pytest.approx(ref, rel=1e-12)


def test_weighted_cross_entropy_without_weights_is_the_plain_loss_on_the_counted_rows():
    rng = np.random.default_rng(4)
    z = rng.normal(size=(20, 3))
    y = rng.integers(0, 3, size=20)
    y_pad = y.copy()
    y_pad[::3] = -1
    keep = y_pad != -1
    assert il.weighted_cross_entropy_loss(z, y) == pytest.approx(il.cross_entropy_loss(z, y), rel=1e-14)
    assert il.weighted_cross_entropy_loss(z, y_pad, ignore_index=-1, base=2) == pytest.approx(
        il.cross_entropy_loss(z[keep], y[keep], base=2), rel=1e-14
    )


def test_weighted_cross_entropy_rejects_bad_weights_and_labels():
    z = [[0.0, 1.0], [1.0, 0.0]]
    with pytest.raises(ValueError, match="class_weight must be finite and nonnegative; got -1.0 at index 1"):
        il.weighted_cross_entropy_loss(z, [0, 1], class_weight=[1.0, -1.0])
    with pytest.raises(ValueError, match=r"class_weight must have shape \(2,\)"):
        il.weighted_cross_entropy_loss(z, [0, 1], class_weight=[1.0])
    with pytest.raises(ValueError, match="sum to 0"):
        il.weighted_cross_entropy_loss(z, [0, -100], class_weight=[0.0, 1.0], ignore_index=-100)
    with pytest.raises(il.DistributionError, match="labels must be integers"):
        il.weighted_cross_entropy_loss(z, [0, -100])  # -100 is a label unless ignored


def test_focal_loss_matches_mpmath_and_is_cross_entropy_at_gamma_0():
    z = [[4.0, -1.0, 0.5], [0.0, 0.3, -0.2], [-30.0, 30.0, 0.0]]
    y = [0, 2, 0]
    for gamma in (0.5, 2.0, 5.0):
        terms = []
        for row, k in zip(z, y):
            log_q = _mp_log_softmax(row, k)
            terms.append(-(1 - mpmath.exp(log_q)) ** gamma * log_q)
        assert il.focal_loss(z, y, gamma=gamma) == pytest.approx(float(mpmath.fsum(terms) / 3), rel=1e-13)
    assert il.focal_loss(z, y, gamma=0.0) == pytest.approx(il.cross_entropy_loss(z, y), rel=1e-14)
    with pytest.raises(ValueError, match="gamma must be finite and nonnegative; got -1.0"):
        il.focal_loss(z, y, gamma=-1.0)


def test_focal_loss_minimiser_is_pulled_towards_one_half():
    # expected binary focal loss at true probability p, minimised over the prediction q
    gamma = 2.0
    for p in (0.6, 0.8, 0.95):
        def expected(t, p=p):
            z = np.array([[t, 0.0], [t, 0.0]])
            return p * il.focal_loss(z[:1], [0], gamma=gamma) + (1 - p) * il.focal_loss(z[1:], [1], gamma=gamma)
        t = scipy.optimize.minimize_scalar(expected, bounds=(-20, 20), method="bounded", options={"xatol": 1e-10}).x
        q = float(il.sigmoid(t)[0])
        assert 0.5 < q < p


def test_pos_weight_matches_mpmath_and_its_minimiser_multiplies_the_odds():
    z = np.array([-800.0, -3.0, 0.0, 2.5, 40.0])
    y = np.array([1.0, 0.0, 1.0, 0.3, 0.0])
    w = 4.0
    terms = []
    for zi, yi in zip(z, y):
        zi, yi = mpmath.mpf(zi), mpmath.mpf(yi)
        sig = 1 / (1 + mpmath.exp(-zi))
        terms.append(-(w * yi * mpmath.log(sig) + (1 - yi) * mpmath.log(1 - sig)))
    got = il.binary_cross_entropy_loss(z, y, pos_weight=w)
    assert got == pytest.approx(float(mpmath.fsum(terms) / 5), rel=1e-13)
    assert il.binary_cross_entropy_loss(z, y, pos_weight=1.0) == il.binary_cross_entropy_loss(z, y)
    p = 0.1
    t = scipy.optimize.minimize_scalar(
        lambda t: il.binary_cross_entropy_loss([t], [p], pos_weight=w), bounds=(-20, 20), method="bounded",
        options={"xatol": 1e-10},
    ).x
    assert float(il.sigmoid(t)[0]) == pytest.approx(w * p / (w * p + 1 - p), abs=1e-6)
    with pytest.raises(ValueError, match="pos_weight must be a finite positive number; got 0.0"):
        il.binary_cross_entropy_loss(z, y, pos_weight=0.0)


def test_losses_reject_logits_of_the_wrong_shape():
    for loss in (il.weighted_cross_entropy_loss, il.focal_loss):
        with pytest.raises(il.DistributionError, match=r"logits must have shape \(n_samples, n_classes\); got \(3,\)"):
            loss([0.0, 1.0, 2.0], [0, 1, 0])
        with pytest.raises(il.DistributionError, match="at least one sample"):
            loss(np.zeros((0, 3)), np.zeros(0, dtype=int))
