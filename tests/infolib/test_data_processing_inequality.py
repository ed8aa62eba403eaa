"""Information inequalities of three variables: data processing, conditional MI, co-information."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infolib as il

PROPERTY = settings(max_examples=60, deadline=None)


def _markov_chain(seed: int, nx: int, ny: int, nz: int) -> np.ndarray:
    """p(x, y, z) = p(x) p(y | x) p(z | y) with random Dirichlet factors."""
    rng = np.random.default_rng(seed)
    px = rng.dirichlet(np.ones(nx))
    py_x = rng.dirichlet(np.full(ny, 0.5), size=nx)
    pz_y = rng.dirichlet(np.full(nz, 0.5), size=ny)
    return px[:, None, None] * py_x[:, :, None] * pz_y[None, :, :]


@PROPERTY
@given(st.integers(0, 2**32 - 1), st.integers(2, 5), st.integers(2, 5), st.integers(2, 5))
def test_processing_cannot_increase_information_on_random_markov_chains(seed, nx, ny, nz):
    p = _markov_chain(seed, nx, ny, nz)
    i_xy = il.mutual_information(p.sum(axis=2))
    i_xz = il.mutual_information(p.sum(axis=1))
    assert i_xz <= i_xy * (1 + 1e-12) + 1e-15


@PROPERTY
@given(st.integers(0, 2**32 - 1), st.integers(2, 5), st.integers(2, 5), st.integers(2, 5))
def test_in_a_markov_chain_x_and_z_are_independent_given_y(seed, nx, ny, nz):
    p = _markov_chain(seed, nx, ny, nz)
    assert il.conditional_mutual_information(p, given=1) <= 1e-14


@PROPERTY
@given(st.integers(0, 2**32 - 1))
def test_chain_rule_for_mutual_information(seed):
    p = np.random.default_rng(seed).dirichlet(np.ones(27)).reshape(3, 3, 3)
    # I(X; Y, Z) = I(X; Z) + I(X; Y | Z)
    i_x_yz = il.mutual_information(p.reshape(3, 9))
    assert i_x_yz == pytest.approx(
        il.mutual_information(p.sum(axis=1)) + il.conditional_mutual_information(p, given=2), abs=1e-13
    )


@PROPERTY
@given(st.integers(0, 2**32 - 1))
def test_co_information_is_symmetric_in_the_three_variables(seed):
    p = np.random.default_rng(seed).dirichlet(np.ones(24)).reshape(2, 3, 4)
    value = il.co_information(p)
    for axes in [(1, 0, 2), (2, 1, 0), (0, 2, 1), (1, 2, 0)]:
        assert il.co_information(np.transpose(p, axes)) == pytest.approx(value, abs=1e-13)


def test_xor_co_information_is_minus_one_bit():
    xor = {(x, y, x ^ y): 0.25 for x in (0, 1) for y in (0, 1)}
    table, _ = il.joint_table(xor)
    assert il.mutual_information(table.sum(axis=2)) == 0.0
    assert il.conditional_mutual_information(xor) == pytest.approx(1.0, rel=1e-15)
    assert il.co_information(xor) == pytest.approx(-1.0, rel=1e-15)


def test_common_cause_has_positive_co_information():
    # X = Y = Z, a fair bit copied three times: everything is shared.
    p = np.zeros((2, 2, 2))
    p[0, 0, 0] = p[1, 1, 1] = 0.5
    assert il.co_information(p) == pytest.approx(1.0, rel=1e-15)


def test_conditional_mutual_information_given_any_axis():
    p = np.random.default_rng(7).dirichlet(np.ones(24)).reshape(2, 3, 4)
    # I(X; Z | Y) with Y on axis 1 = H(X | Y) - H(X | Y, Z)
    expected = (il.joint_entropy(p.sum(axis=2)) - il.entropy(p.sum(axis=(0, 2)))) - (
        il.joint_entropy(p) - il.joint_entropy(p.sum(axis=0))
    )
    assert il.conditional_mutual_information(p, given=1) == pytest.approx(expected, abs=1e-13)
