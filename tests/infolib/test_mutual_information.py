"""mutual_information: accurate, never negative, symmetric, and equal to its other forms."""

from __future__ import annotations

import math
import warnings

import hypothesis.extra.numpy as hnp
import mpmath as mp
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import infolib as il

from reference import mutual_information_nats, rel_err

PROPERTY = settings(max_examples=80, deadline=None)

_weights = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-300, max_value=1e-250),
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=1.0, max_value=1e3),
)


@st.composite
def joints(draw, max_side=6):
    m = draw(st.integers(1, max_side))
    n = draw(st.integers(1, max_side))
    w = draw(hnp.arrays(np.float64, (m, n), elements=_weights))
    assume(w.sum() > 0)
    return w / w.sum()


def _random_joint(rng, m, n, zeros=0.0):
    w = rng.dirichlet(np.ones(m * n)).reshape(m, n)
    if zeros:
        w[rng.random((m, n)) < zeros] = 0.0
        assert w.sum() > 0
        w /= w.sum()
    return w


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("shape", [(2, 2), (3, 5), (6, 4), (10, 10)])
def test_mi_matches_a_50_digit_reference_on_general_joints(seed, shape):
    rng = np.random.default_rng(seed)
    p = _random_joint(rng, *shape, zeros=0.2 if seed % 2 else 0.0)
    ref = mutual_information_nats(p)
    assert rel_err(il.mutual_information(p, base="nats"), ref) <= 1e-13


@pytest.mark.parametrize("eps", [1e-2, 1e-4, 1e-6, 1e-8])
@pytest.mark.parametrize("seed", range(5))
def test_mi_is_accurate_for_nearly_independent_joints(seed, eps):
    # A product of marginals, perturbed by eps: I is about eps**2, far below
    # the rounding error of H(X) + H(Y) - H(X, Y).
    rng = np.random.default_rng(seed)
    px, py = rng.dirichlet(np.ones(8)), rng.dirichlet(np.ones(7))
    p = np.outer(px, py) * (1 + eps * rng.standard_normal((8, 7)))
    p /= p.sum()
    ref = mutual_information_nats(p)
    value = il.mutual_information(p, base="nats")
    # the float64 joint fixes its marginals only to ~1e-16 relative, so the
    # achievable relative accuracy is about 1e-16 / eps
    assert rel_err(value, ref) <= max(1e-13, 1e-14 / eps)
    naive = il.entropy(p.sum(1), base="nats") + il.entropy(p.sum(0), base="nats") - il.joint_entropy(p, base="nats")
    if eps <= 1e-8:  # the textbook formula has lost every digit here
        assert rel_err(naive, ref) > 0.1


def test_mi_of_an_exact_product_is_zero_not_a_rounding_residue():
    p = np.outer([0.5, 0.25, 0.25], [0.125, 0.375, 0.5])
    assert il.mutual_information(p) == 0.0


@PROPERTY
@given(joints())
def test_mi_is_never_negative(p):
    assert il.mutual_information(p) >= 0.0


@PROPERTY
@given(joints())
def test_mi_is_exactly_symmetric_under_transposition(p):
    assert il.mutual_information(p) == il.mutual_information(p.T)
    assert il.mutual_information(p) == il.mutual_information(np.ascontiguousarray(p.T))


@PROPERTY
@given(joints(), st.integers(0, 2**32 - 1))
def test_mi_does_not_depend_on_the_order_of_rows_or_columns(p, seed):
    rng = np.random.default_rng(seed)
    shuffled = p[rng.permutation(p.shape[0])][:, rng.permutation(p.shape[1])]
    assert il.mutual_information(shuffled) == pytest.approx(il.mutual_information(p), rel=1e-12, abs=1e-300)


@PROPERTY
@given(st.integers(2, 6), st.integers(2, 6), st.integers(0, 2**32 - 1))
def test_mi_is_zero_for_product_joints(m, n, seed):
    rng = np.random.default_rng(seed)
    px, py = rng.dirichlet(np.ones(m)), rng.dirichlet(np.ones(n))
    assert il.mutual_information(np.outer(px, py)) <= 1e-15


@PROPERTY
@given(joints())
def test_mi_is_at_most_the_smaller_marginal_entropy(p):
    hx, hy = il.entropy(p.sum(axis=1)), il.entropy(p.sum(axis=0))
    assert il.mutual_information(p) <= min(hx, hy) * (1 + 1e-12) + 1e-15


@PROPERTY
@given(joints())
def test_mi_equals_entropy_minus_conditional_entropy(p):
    mi = il.mutual_information(p)
    hx = il.entropy(p.sum(axis=1))
    hy = il.entropy(p.sum(axis=0))
    assert mi == pytest.approx(hx - il.conditional_entropy(p, given=1), abs=1e-12)
    assert mi == pytest.approx(hy - il.conditional_entropy(p, given=0), abs=1e-12)


@PROPERTY
@given(joints())
def test_mi_is_the_kl_divergence_from_the_product_of_marginals(p):
    q = np.outer(p.sum(axis=1), p.sum(axis=0))
    assume((q[p > 0] > 0).all())  # the product of two tiny marginals may underflow to 0
    kl = il.kl_divergence(p.ravel(), q.ravel() / q.sum())
    assert il.mutual_information(p) == pytest.approx(kl, rel=1e-9, abs=1e-12)


@PROPERTY
@given(joints())
def test_mi_is_the_average_pointwise_mutual_information(p):
    pmi = il.pointwise_mutual_information(p)
    positive = p > 0
    assert il.mutual_information(p) == pytest.approx(float(np.sum(p[positive] * pmi[positive])), abs=1e-12)


def test_mi_of_a_copy_is_the_entropy():
    p = np.diag([0.5, 0.25, 0.125, 0.125])
    assert il.mutual_information(p) == pytest.approx(1.75, rel=1e-15)


def test_mi_accepts_a_mapping_and_a_distribution_over_pairs():
    table = {("a", "x"): 0.4, ("a", "y"): 0.1, ("b", "x"): 0.1, ("b", "y"): 0.4}
    expected = il.mutual_information([[0.4, 0.1], [0.1, 0.4]])
    assert il.mutual_information(table) == expected
    assert il.mutual_information(il.Distribution(table)) == expected


def test_mi_of_counts_with_normalize_is_the_plug_in_estimate():
    counts = np.array([[12, 3], [5, 30]])
    assert il.mutual_information(counts, normalize=True) == pytest.approx(
        mutual_information_nats(counts / counts.sum()) / math.log(2), rel=1e-13
    )


@pytest.mark.parametrize("base, factor", [(2, 1 / math.log(2)), ("nats", 1.0), (10, 1 / math.log(10))])
def test_mi_unit_is_the_base(base, factor):
    p = [[0.3, 0.1], [0.2, 0.4]]
    assert il.mutual_information(p, base=base) == pytest.approx(mutual_information_nats(p) * factor, rel=1e-14)


def test_pointwise_mi_is_minus_infinity_where_the_pair_never_occurs():
    pmi = il.pointwise_mutual_information([[0.5, 0.0], [0.25, 0.25]])
    assert pmi[0, 1] == -math.inf
    assert pmi[1, 1] == pytest.approx(1.0, rel=1e-15)


@pytest.mark.parametrize("tiny", [1e-160, 1e-200, 1e-300])
def test_mi_keeps_a_cell_whose_product_of_marginals_underflows(tiny):
    # p(x) p(y) = tiny**2 underflows to 0 while p(x, y) = tiny > 0: the cell's term,
    # p ln(p / (p(x) p(y))), is most of the answer and must not be dropped
    joint = [[1.0, 0.0], [0.0, tiny]]
    mp.mp.dps = 60
    p = [[mp.mpf(v) for v in row] for row in joint]
    total = sum(sum(row) for row in p)
    px = [sum(row) / total for row in p]
    py = [sum(p[i][j] for i in range(2)) / total for j in range(2)]
    reference = sum(p[i][j] / total * mp.log(p[i][j] / total / (px[i] * py[j]), 2)
                    for i in range(2) for j in range(2) if p[i][j] > 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = il.mutual_information(joint)
    # the float total 1 + tiny == 1.0 limits the relative accuracy to about 1 / ln(1 / tiny)
    assert value == pytest.approx(float(reference), rel=1e-2)
