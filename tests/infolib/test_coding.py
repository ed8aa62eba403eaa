"""HuffmanCode: prefix property, round trips, H <= L < H + 1, optimality."""

from __future__ import annotations

import itertools
import math

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import infolib as il
from infolib import HuffmanCode

PROPERTY = settings(max_examples=60, deadline=None)


def _is_prefix_free(words) -> bool:
    return not any(a != b and b.startswith(a) for a, b in itertools.permutations(words, 2))


@st.composite
def distributions(draw, max_size=12):
    n = draw(st.integers(2, max_size))
    w = draw(hnp.arrays(np.float64, n, elements=st.floats(0.0, 1.0)))
    assume(np.count_nonzero(w) >= 1)
    p = w / w.sum()
    return {f"s{i}": float(v) for i, v in enumerate(p)}


@PROPERTY
@given(distributions())
def test_huffman_average_length_is_between_entropy_and_entropy_plus_one(dist):
    code = HuffmanCode.from_distribution(dist)
    h = il.entropy(dist)
    length = code.average_length
    if sum(1 for v in dist.values() if v > 0) > 1:
        assert h - 1e-12 <= length
        # L < H + 1, with L - 1 formed without rounding it to 0 when H is tiny
        lengths = code.lengths()
        excess = math.fsum([dist[o] * n for o, n in lengths.items()] + [-1.0])
        assert excess < h
    else:
        assert length == 1.0  # a single possible outcome still needs one bit per symbol
    assert _is_prefix_free(code.codebook.values())
    # Kraft's equality holds for a full binary tree
    assert math.fsum(2.0 ** -n for n in code.lengths().values()) <= 1.0


@PROPERTY
@given(distributions(), st.data())
def test_decode_inverts_encode(dist, data):
    code = HuffmanCode.from_distribution(dist)
    symbols = list(code.codebook)
    message = data.draw(st.lists(st.sampled_from(symbols), max_size=40))
    bits = code.encode(message)
    assert set(bits) <= {"0", "1"}
    assert code.decode(bits) == message


def _optimal_length_by_brute_force(probs, max_len):
    """Smallest expected length over all prefix codes (Kraft: sum 2^-l <= 1)."""
    best = math.inf
    for lengths in itertools.product(range(1, max_len + 1), repeat=len(probs)):
        if sum(2.0 ** -l for l in lengths) <= 1.0:
            best = min(best, math.fsum(p * l for p, l in zip(probs, lengths)))
    return best


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 20), min_size=2, max_size=5))
def test_huffman_is_optimal_among_all_prefix_codes_on_small_alphabets(weights):
    probs = [w / sum(weights) for w in weights]
    code = HuffmanCode.from_distribution(dict(enumerate(probs)))
    best = _optimal_length_by_brute_force(probs, max_len=len(probs) - 1)
    assert code.average_length == pytest.approx(best, rel=1e-12)


def test_dyadic_distribution_gets_lengths_equal_to_information():
    dist = {"a": 0.5, "b": 0.25, "c": 0.125, "d": 0.125}
    code = HuffmanCode.from_distribution(dist)
    assert code.lengths() == {"a": 1, "b": 2, "c": 3, "d": 3}
    assert code.average_length == il.entropy(dist) == 1.75
    assert code.codebook == {"a": "0", "b": "10", "c": "110", "d": "111"}


def test_single_outcome_gets_a_one_bit_codeword():
    code = HuffmanCode.from_distribution({"only": 1.0})
    assert code.codebook == {"only": "0"}
    assert code.encode(["only"] * 3) == "000"
    assert code.decode("000") == ["only"] * 3
    assert code.average_length == 1.0


def test_zero_probability_outcome_gets_no_codeword_and_encoding_it_raises():
    code = HuffmanCode.from_distribution({"a": 0.5, "never": 0.0, "b": 0.5})
    assert "never" not in code.codebook
    with pytest.raises(il.DistributionError, match="symbol 'never' has no codeword"):
        code.encode(["a", "never"])
    with pytest.raises(il.DistributionError, match="symbol 'z' has no codeword"):
        code.encode(["z"])
    assert code.average_length == 1.0


def test_expected_length_under_another_distribution():
    code = HuffmanCode.from_distribution({"a": 0.5, "b": 0.25, "c": 0.25})
    assert code.expected_length({"a": 0.0, "b": 0.5, "c": 0.5}) == 2.0
    assert code.expected_length({"a": 0.5, "z": 0.5}) == math.inf
    with pytest.raises(il.DistributionError, match="sums to"):
        code.expected_length({"a": 0.5})


def test_encode_accepts_numpy_arrays_of_symbols():
    code = HuffmanCode.from_distribution({1: 0.5, 2: 0.5})
    assert code.encode(np.array([1, 2, 2])) == code.encode([1, 2, 2])


def test_hand_written_codebooks_are_checked():
    code = HuffmanCode({"x": "0", "y": "10"})
    assert code.decode("100") == ["y", "x"]
    with pytest.raises(ValueError, match="not built from a distribution"):
        code.average_length
    with pytest.raises(ValueError, match="not a prefix code: '1' is a prefix of '10'"):
        HuffmanCode({"x": "1", "y": "10"})
    with pytest.raises(ValueError, match="non-empty string of 0s and 1s"):
        HuffmanCode({"x": "", "y": "1"})
    with pytest.raises(ValueError, match="non-empty string of 0s and 1s"):
        HuffmanCode({"x": "02"})
    with pytest.raises(ValueError, match="at least one codeword"):
        HuffmanCode({})
    assert repr(code) == "HuffmanCode({'x': '0', 'y': '10'})"


def test_decode_refuses_bad_bits_and_incomplete_codewords():
    code = HuffmanCode({"x": "0", "y": "10"})
    with pytest.raises(ValueError, match="string of 0s and 1s"):
        code.decode("01a")
    with pytest.raises(ValueError, match="incomplete codeword '1'"):
        code.decode("01")
    sparse = HuffmanCode({"x": "00", "y": "01"})  # '1...' is no codeword's start
    with pytest.raises(ValueError, match="incomplete codeword"):
        sparse.decode("0011")


def test_from_distribution_refuses_non_mappings_and_invalid_probabilities():
    with pytest.raises(TypeError, match="mapping"):
        HuffmanCode.from_distribution([0.5, 0.5])
    with pytest.raises(il.DistributionError, match="sums to"):
        HuffmanCode.from_distribution({"a": 0.5, "b": 0.6})
