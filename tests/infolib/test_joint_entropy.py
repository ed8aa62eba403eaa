"""joint_entropy and conditional_entropy: references, the chain rule, and N-d joints."""

from __future__ import annotations

import math

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import infolib as il
from reference import conditional_entropy_nats, joint_entropy_nats, rel_err

PROPERTY = settings(max_examples=80, deadline=None)

_weights = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-300, max_value=1e-250),
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=1.0, max_value=1e3),
)


@st.composite
def joints(draw, max_side=6):
    shape = (draw(st.integers(1, max_side)), draw(st.integers(1, max_side)))
    w = draw(hnp.arrays(np.float64, shape, elements=_weights))
    assume(w.sum() > 0)
    return w / w.sum()


@pytest.mark.parametrize("seed", range(10))
def test_joint_entropy_matches_a_50_digit_reference(seed):
    p = np.random.default_rng(seed).dirichlet(np.ones(24)).reshape(2, 3, 4)
    assert rel_err(il.joint_entropy(p, base="nats"), joint_entropy_nats(p)) <= 1e-14


@pytest.mark.parametrize("given_axis", [0, 1])
@pytest.mark.parametrize("seed", range(10))
def test_conditional_entropy_matches_a_50_digit_reference(seed, given_axis):
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(20)).reshape(4, 5)
    p[rng.random((4, 5)) < 0.2] = 0.0
    p /= p.sum()
    ref = conditional_entropy_nats(p, given_axis)
    assert rel_err(il.conditional_entropy(p, given=given_axis, base="nats"), ref) <= 1e-13


def test_the_two_dice_first_die_and_sum():
    # X uniform on 1..6 and S = X + second die: H(S | X) = log2 6 exactly.
    joint = np.zeros((6, 11))
    for x in range(6):
        joint[x, x : x + 6] = 1 / 36
    assert il.conditional_entropy(joint, given=0) == pytest.approx(math.log2(6), rel=1e-15)
    assert il.joint_entropy(joint) == pytest.approx(2 * math.log2(6), rel=1e-15)


@PROPERTY
@given(joints())
def test_chain_rule_joint_is_marginal_plus_conditional(p):
    h_xy = il.joint_entropy(p)
    assert h_xy == pytest.approx(il.entropy(p.sum(axis=1)) + il.conditional_entropy(p, given=0), abs=1e-12)
    assert h_xy == pytest.approx(il.entropy(p.sum(axis=0)) + il.conditional_entropy(p, given=1), abs=1e-12)


@PROPERTY
@given(joints())
def test_conditioning_reduces_entropy_on_average(p):
    assert il.conditional_entropy(p, given=0) <= il.entropy(p.sum(axis=0)) + 1e-12
    assert il.conditional_entropy(p, given=0) >= 0.0


@PROPERTY
@given(joints())
def test_joint_entropy_is_at_most_the_sum_and_at_least_the_max_of_the_marginals(p):
    hx, hy = il.entropy(p.sum(axis=1)), il.entropy(p.sum(axis=0))
    h = il.joint_entropy(p)
    assert max(hx, hy) - 1e-12 <= h <= hx + hy + 1e-12


def test_joint_entropy_of_a_mapping_is_that_of_its_table():
    table = {(x, y, z): 1 / 8 for x in (0, 1) for y in (0, 1) for z in (0, 1)}
    assert il.joint_entropy(table) == 3.0
    assert il.joint_entropy(il.Distribution(table)) == 3.0


def test_conditional_entropy_given_several_axes_of_an_n_d_joint():
    rng = np.random.default_rng(3)
    p = rng.dirichlet(np.ones(24)).reshape(2, 3, 4)
    # H(Z | X, Y) = H(X, Y, Z) - H(X, Y)
    expected = il.joint_entropy(p) - il.joint_entropy(p.sum(axis=2))
    assert il.conditional_entropy(p, given=(0, 1)) == pytest.approx(expected, rel=1e-13)
    assert il.conditional_entropy(p, given=(1, 0)) == il.conditional_entropy(p, given=(0, 1))
    assert il.conditional_entropy(p, given=-1) == pytest.approx(
        il.joint_entropy(p) - il.entropy(p.sum(axis=(0, 1))), rel=1e-13
    )


def test_joint_and_conditional_entropy_of_counts_with_normalize():
    counts = np.array([[4, 0], [2, 2]])
    assert il.joint_entropy(counts, normalize=True) == 1.5
    assert il.conditional_entropy(counts, normalize=True) == 0.5


def test_mapping_with_values_that_cannot_be_sorted_keeps_their_first_appearance():
    table, labels = il.joint_table({("b", 1): 0.5, (2, "x"): 0.5})
    assert labels == (("b", 2), (1, "x"))
    assert table.tolist() == [[0.5, 0.0], [0.0, 0.5]]
    assert il.joint_entropy({("b", 1): 0.5, (2, "x"): 0.5}) == 1.0


def test_huge_weights_whose_sum_overflows_are_normalized():
    assert il.joint_entropy([[1e308, 1e308], [1e308, 1e308]], normalize=True) == 2.0
