"""Distribution over tuples as a joint: marginals, conditionals and its table."""

from __future__ import annotations

import math

import numpy as np
import pytest

import infolib as il


@pytest.fixture
def dice():
    """The first die X and the sum S of two fair dice."""
    die = il.Distribution.uniform(range(1, 7))
    return die.product(die).map(lambda o: (o[0], o[0] + o[1]))


def test_marginal_of_the_sum_is_the_triangle(dice):
    s = dice.marginal(1)
    assert s.outcomes == tuple(range(2, 13))
    for k in range(2, 13):
        assert s[k] == pytest.approx((6 - abs(k - 7)) / 36, rel=1e-15)


def test_marginal_of_several_components_keeps_their_order(dice):
    swapped = dice.marginal(1, 0)
    assert swapped[(7, 3)] == pytest.approx(1 / 36, rel=1e-15)
    assert dice.marginal(0, 1) == dice


def test_marginal_of_the_first_die_is_uniform(dice):
    assert dice.marginal(0).probs == pytest.approx(np.full(6, 1 / 6), rel=1e-15)


def test_condition_renormalises_over_the_event(dice):
    given_7 = dice.condition(lambda o: o[1] == 7).marginal(0)
    assert given_7.probs == pytest.approx(np.full(6, 1 / 6), rel=1e-15)
    given_12 = dice.condition(lambda o: o[1] == 12)
    assert dict(given_12) == {(6, 12): 1.0}
    assert given_12.entropy() == 0.0


def test_a_single_observation_can_increase_entropy():
    # Y is almost surely 0, but X = 1 makes it a fair coin.
    joint = il.Distribution({(0, 0): 0.9, (1, 0): 0.05, (1, 1): 0.05})
    h_y = joint.marginal(1).entropy()
    h_y_given_1 = joint.condition(lambda o: o[0] == 1).marginal(1).entropy()
    assert h_y_given_1 == 1.0 > h_y
    table, _ = joint.joint_table()
    assert il.conditional_entropy(table) < h_y


def test_joint_table_agrees_with_the_mapping(dice):
    table, (xs, ss) = dice.joint_table()
    assert xs == tuple(range(1, 7)) and ss == tuple(range(2, 13))
    assert table.shape == (6, 11)
    assert table[2, 5] == pytest.approx(1 / 36, rel=1e-15)  # X = 3, S = 7
    assert table[0, 10] == 0.0  # X = 1, S = 12 is impossible
    assert il.mutual_information(table) == il.mutual_information(dice)
    assert il.mutual_information(dice) == pytest.approx(il.entropy(dice.marginal(1).probs) - math.log2(6), rel=1e-13)


def test_marginal_and_condition_errors_say_what_is_wrong():
    coin = il.Distribution.uniform(["H", "T"])
    with pytest.raises(il.DistributionError, match="marginal needs tuple outcomes .*got the outcome 'H'"):
        coin.marginal(0)
    pair = coin.product(coin)
    with pytest.raises(il.DistributionError, match=r"component 2 is not a position in the outcome \('H', 'H'\) \(length 2\)"):
        pair.marginal(2)
    with pytest.raises(ValueError, match="at least one component"):
        pair.marginal()
    skewed = il.Distribution({("H", "H"): 1.0, ("T", "T"): 0.0})
    with pytest.raises(il.DistributionError, match="has probability 0, so there is nothing to condition on"):
        skewed.condition(("T", "T"))
    with pytest.raises(il.DistributionError, match="must map tuples"):
        coin.joint_table()
