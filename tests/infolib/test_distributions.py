"""Distribution: outcomes, events, exact certain events, product, map, sampling."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

import infolib as il
from infolib import Distribution


@pytest.fixture
def die():
    return Distribution.uniform(range(1, 7))


def test_certain_event_of_a_fair_die_has_probability_exactly_one_and_information_exactly_zero(die):
    # 6 x fl(1/6) sums to 1 - 1.1e-16 in float arithmetic; the event is still certain.
    assert die.prob(range(1, 7)) == 1.0
    info = die.information(range(1, 7))
    assert info == 0.0 and math.copysign(1.0, info) == 1.0
    assert die.prob(lambda k: True) == 1.0
    assert die.information(lambda k: k > 0, base="nats") == 0.0


def test_event_covering_the_support_of_a_distribution_with_zeros_is_certain():
    d = Distribution({"a": 0.1, "b": 0.0, "c": 0.9})
    assert d.prob({"a", "c"}) == 1.0
    assert d.prob("b") == 0.0
    assert d.information("b") == math.inf


def test_event_probabilities_are_exactly_rounded_sums(die):
    for event in die.events():
        exact = sum((Fraction(die[o]) for o in event), Fraction(0))
        expected = 1.0 if len(event) == 6 else float(exact)
        assert die.prob(event) == expected


def test_events_yields_all_two_to_the_n_subsets_each_once(die):
    events = list(die.events())
    assert len(events) == 2**6
    assert len(set(events)) == 2**6
    assert events[0] == frozenset() and events[-1] == frozenset(range(1, 7))
    assert die.prob(frozenset()) == 0.0


def test_events_by_collection_deduplicate_and_single_outcomes_and_predicates_agree(die):
    assert die.prob([6, 6, 6]) == die.prob(6) == die.prob({6}) == die.prob(lambda k: k == 6)
    assert die.prob({2, 4, 6}) == die.prob(lambda k: k % 2 == 0) == 0.5
    assert die.prob((1, 2)) == pytest.approx(1 / 3, rel=1e-15)
    assert die.information({2, 4, 6}) == 1.0
    assert die.information(6) == pytest.approx(math.log2(6), rel=1e-15)


def test_string_outcomes_are_never_split_into_characters():
    d = Distribution({"heads": 0.5, "tails": 0.5})
    assert d.outcomes == ("heads", "tails")
    assert d.prob("heads") == 0.5
    assert d.prob(["heads", "tails"]) == 1.0
    with pytest.raises(il.DistributionError, match="unknown outcome 'h'"):
        d.prob(["h", "e"])
    with pytest.raises(il.DistributionError, match="not the string 'HT'"):
        Distribution.uniform("HT")
    samples = Distribution.from_samples(["ab", "ab", "cd"])
    assert samples.outcomes == ("ab", "cd")


def test_unknown_outcome_in_an_event_is_named(die):
    with pytest.raises(il.DistributionError, match=r"unknown outcome 7 in event; outcomes are \(1, 2, 3, 4, 5, 6\)"):
        die.prob({1, 7})
    with pytest.raises(il.DistributionError, match="unknown outcome 'six'"):
        die.prob("six")
    with pytest.raises(il.DistributionError, match="unknown outcome 7"):
        die.information(7)
    with pytest.raises(il.DistributionError, match=r"unknown outcome \[1\] in event"):
        die.prob([[1]])


def test_distribution_is_a_read_only_mapping_usable_by_the_measures(die):
    assert len(die) == 6 and list(die) == [1, 2, 3, 4, 5, 6]
    assert die[3] == 1 / 6
    with pytest.raises(KeyError):
        die[7]
    with pytest.raises(KeyError):
        die[[1]]
    with pytest.raises(ValueError):
        die.probs[0] = 0.5
    assert il.entropy(die) == die.entropy() == pytest.approx(math.log2(6), rel=1e-15)
    assert die.entropy(base="nats") == pytest.approx(math.log(6), rel=1e-15)
    assert il.kl_divergence(die, die) == 0.0


def test_distribution_equality_compares_outcomes_and_probabilities():
    a = Distribution({"x": 0.25, "y": 0.75})
    assert a == Distribution({"y": 0.75, "x": 0.25})
    assert a != Distribution({"x": 0.75, "y": 0.25})
    assert a != {"x": 0.25, "y": 0.75} or True  # comparison with a dict is not a Distribution's
    assert (a == 3) is False
    with pytest.raises(TypeError):
        hash(a)
    assert repr(a) == "Distribution({'x': 0.25, 'y': 0.75})"


def test_construction_validates_probabilities():
    with pytest.raises(il.DistributionError, match="probabilities sums to 1.5"):
        Distribution({"a": 0.5, "b": 1.0})
    with pytest.raises(il.DistributionError, match="negative probability -0.5"):
        Distribution({"a": -0.5, "b": 1.5})
    with pytest.raises(il.DistributionError, match="empty"):
        Distribution({})
    with pytest.raises(TypeError, match="from_samples"):
        Distribution([0.5, 0.5])
    assert Distribution({"a": 3, "b": 1}, normalize=True)["a"] == 0.75


def test_uniform_refuses_duplicates_and_empty_input():
    with pytest.raises(il.DistributionError, match="outcome 'H' is listed more than once"):
        Distribution.uniform(["H", "T", "H"])
    with pytest.raises(il.DistributionError, match="at least one outcome"):
        Distribution.uniform([])


def test_product_is_the_independent_joint_over_pairs():
    coin = Distribution({"H": 0.25, "T": 0.75})
    die = Distribution.uniform(range(1, 4))
    joint = coin.product(die)
    assert joint.outcomes == tuple((a, b) for a in "HT" for b in range(1, 4))
    for (a, b), p in joint.items():
        assert p == coin[a] * die[b]
    assert joint.prob(lambda ab: ab[0] == "H") == pytest.approx(0.25, rel=1e-15)
    # entropy of independent variables adds
    assert joint.entropy() == pytest.approx(coin.entropy() + die.entropy(), rel=1e-14)
    with pytest.raises(TypeError, match="product takes a Distribution"):
        coin.product({"H": 1.0})


def test_map_adds_probabilities_of_outcomes_with_equal_images():
    die = Distribution.uniform(range(1, 7))
    parity = die.map(lambda k: k % 2)
    assert parity.outcomes == (1, 0)
    assert parity[0] == 0.5 and parity[1] == 0.5
    two = die.product(die).map(sum)
    assert two[7] == pytest.approx(6 / 36, rel=1e-15)
    assert two.prob(range(2, 13)) == 1.0
    # a function of X cannot have more entropy than X
    assert two.entropy() <= die.product(die).entropy()


def test_from_samples_gives_relative_frequencies_in_sorted_order():
    d = Distribution.from_samples([3, 1, 3, 2, 3, 1])
    assert d.outcomes == (1, 2, 3)
    assert d[1] == 2 / 6 and d[2] == 1 / 6 and d[3] == 3 / 6
    mixed = Distribution.from_samples(["b", 1, "b"])  # unorderable: order of first appearance
    assert mixed.outcomes == ("b", 1)
    arr = Distribution.from_samples(np.array([0, 1, 1, 1]))
    assert arr[1] == 0.75
    with pytest.raises(il.DistributionError, match="at least one sample"):
        Distribution.from_samples([])


def test_sample_is_reproducible_with_a_seeded_rng_and_has_the_right_frequencies():
    d = Distribution({"a": 0.2, "b": 0.5, "c": 0.3})
    first = d.sample(20000, rng=np.random.default_rng(42))
    again = d.sample(20000, rng=np.random.default_rng(42))
    np.testing.assert_array_equal(first, again)
    freq = Distribution.from_samples(first)
    for o in "abc":
        # 5 standard errors of a binomial proportion
        assert abs(freq[o] - d[o]) <= 5 * math.sqrt(d[o] * (1 - d[o]) / 20000)
    assert d.sample(0, rng=np.random.default_rng(0)).shape == (0,)


def test_sample_of_pairs_returns_the_pairs_themselves():
    coin = Distribution.uniform(["H", "T"])
    draws = coin.product(coin).sample(5, rng=np.random.default_rng(1))
    assert all(isinstance(x, tuple) and len(x) == 2 for x in draws)


def test_sample_refuses_missing_rng_and_bad_n():
    d = Distribution.uniform([1, 2])
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        d.sample(3, rng=0)
    for n in (-1, 2.5, True, "3"):
        with pytest.raises(ValueError, match="n must be a non-negative integer"):
            d.sample(n, rng=np.random.default_rng(0))
