"""HammingCode: H G^T = 0, distance 3, every single flip corrected, syndrome decoding is nearest-codeword."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import infolib as il
from infolib import HammingCode

SIZES = [2, 3, 4, 5]


@pytest.mark.parametrize("r", SIZES)
def test_length_and_message_bits_are_two_to_the_r_minus_one_and_minus_r(r):
    code = HammingCode(r)
    assert (code.n, code.k, code.r) == (2**r - 1, 2**r - 1 - r, r)
    assert code.parity_check.shape == (r, code.n) and code.generator.shape == (code.k, code.n)
    assert code.rate == pytest.approx(code.k / code.n)


@pytest.mark.parametrize("r", SIZES)
def test_parity_check_times_generator_transposed_is_zero_mod_2(r):
    code = HammingCode(r)
    assert not ((code.parity_check @ code.generator.T) % 2).any()


@pytest.mark.parametrize("r", SIZES)
def test_parity_check_columns_are_every_nonzero_vector_once(r):
    h = HammingCode(r).parity_check
    as_numbers = sorted(int("".join(map(str, col)), 2) for col in h.T)
    assert as_numbers == list(range(1, 2**r))


def test_hamming_7_4_has_16_codewords_at_pairwise_distance_at_least_3():
    words = HammingCode().codewords()
    assert words.shape == (16, 7) and len({tuple(w) for w in words}) == 16
    distances = [int((a != b).sum()) for a, b in itertools.combinations(words, 2)]
    assert min(distances) == 3
    # a linear code's distance distribution is its weight distribution: 1 + 7 z^3 + 7 z^4 + z^7
    weights = np.bincount(words.sum(axis=1), minlength=8)
    np.testing.assert_array_equal(weights, [1, 0, 0, 7, 7, 0, 0, 1])


@pytest.mark.parametrize("r", [3, 4])
def test_minimum_distance_is_three_for_longer_codes(r):
    words = HammingCode(r).codewords()
    weights = words.sum(axis=1)
    assert weights[1:].min() == 3  # linear code: minimum distance = least non-zero weight


@pytest.mark.parametrize("r", SIZES)
def test_codewords_have_zero_syndrome_and_carry_the_message_first(r):
    code = HammingCode(r)
    rng = np.random.default_rng(r)
    messages = rng.integers(0, 2, size=(50, code.k))
    words = code.encode(messages)
    assert not code.syndrome(words).any()
    np.testing.assert_array_equal(words[:, : code.k], messages)
    np.testing.assert_array_equal(code.decode(words), messages)


@pytest.mark.parametrize("r", SIZES)
def test_every_single_bit_error_of_every_codeword_is_corrected(r):
    code = HammingCode(r)
    rng = np.random.default_rng(100 + r)
    messages = np.array(list(itertools.product([0, 1], repeat=code.k))) if code.k <= 11 else rng.integers(0, 2, (64, code.k))
    words = code.encode(messages)
    for j in range(code.n):
        received = words.copy()
        received[:, j] ^= 1
        # the syndrome is column j of H, and the decoder undoes the flip
        np.testing.assert_array_equal(code.syndrome(received), np.broadcast_to(code.parity_check[:, j], (len(words), r)))
        np.testing.assert_array_equal(code.correct(received), words)
        np.testing.assert_array_equal(code.decode(received), messages)


def test_syndrome_decoding_returns_the_nearest_codeword_for_all_128_words():
    code = HammingCode()
    words = code.codewords()
    received = np.array(list(itertools.product([0, 1], repeat=7)))
    distances = (received[:, None, :] != words[None, :, :]).sum(axis=2)
    nearest = words[distances.argmin(axis=1)]
    # perfect code: exactly one codeword within distance 1 of every word
    assert ((distances <= 1).sum(axis=1) == 1).all()
    np.testing.assert_array_equal(code.correct(received), nearest)


def test_two_flips_are_decoded_to_a_wrong_codeword():
    code = HammingCode()
    t = code.encode([1, 0, 1, 1])
    y = t.copy()
    y[[0, 5]] ^= 1
    assert not np.array_equal(code.correct(y), t)
    assert (code.correct(y) != y).sum() == 1  # the decoder moves to a codeword at distance 1


def test_block_error_rate_on_a_symmetric_channel_matches_the_binomial_formula():
    code, f = HammingCode(), 0.1
    rng = np.random.default_rng(5)
    blocks = 200_000
    messages = rng.integers(0, 2, size=(blocks, code.k))
    received = il.transmit(il.binary_symmetric_channel(f), code.encode(messages), rng=rng)
    wrong = (code.decode(received) != messages).any(axis=1).mean()
    exact = 1 - (1 - f) ** 7 - 7 * f * (1 - f) ** 6  # fails exactly when two or more bits flip
    assert wrong == pytest.approx(exact, abs=4 * math.sqrt(exact * (1 - exact) / blocks))


def test_repetition_code_is_the_hamming_code_with_two_parity_bits():
    code = HammingCode(2)
    np.testing.assert_array_equal(code.codewords(), [[0, 0, 0], [1, 1, 1]])
    received = np.array(list(itertools.product([0, 1], repeat=3)))
    np.testing.assert_array_equal(code.decode(received)[:, 0], (received.sum(axis=1) >= 2).astype(int))


def test_boolean_and_float_bits_are_accepted():
    code = HammingCode()
    np.testing.assert_array_equal(code.encode(np.array([True, False, True, True])), code.encode([1, 0, 1, 1]))
    np.testing.assert_array_equal(code.decode([1.0, 0, 1, 1, 0, 1, 0]), [1, 0, 1, 1])


@pytest.mark.parametrize("r", [1, 11, 16, 3.0, True, "3", None])
def test_bad_number_of_parity_bits_names_r_and_the_value(r):
    with pytest.raises(ValueError, match=rf"r \(the number of parity bits\) must be a whole number from 2 to 10; got {r!r}"):
        HammingCode(r)


def test_the_largest_code_allowed_keeps_its_matrices_small():
    code = HammingCode(10)
    assert (code.n, code.k) == (1023, 1013)
    assert code.generator.nbytes + code.parity_check.nbytes < 10_000_000
    np.testing.assert_array_equal((code.parity_check @ code.generator.T) % 2, 0)


@pytest.mark.parametrize(
    ("method", "bits", "message"),
    [
        ("encode", [1, 0, 1], r"message must have 4 bits along its last axis .* got shape \(3,\)"),
        ("encode", 1, r"message must have 4 bits along its last axis .* got shape \(\)"),
        ("encode", [1, 0, 2, 1], r"message must hold only 0s and 1s; entry \(2,\) is 2 \(1 bad entries\)"),
        ("encode", [[0, 0, 0, 0], [0, 0.5, 0, 0]], r"message must hold only 0s and 1s; entry \(1, 1\) is 0.5"),
        ("decode", [0, 0, 0, 0, 0, 0, -1], r"received must hold only 0s and 1s; entry \(6,\) is -1"),
        ("syndrome", [0] * 8, r"received must have 7 bits .* got shape \(8,\)"),
        ("correct", ["0"] * 7, r"received must be an array of 0s and 1s; got dtype <U1"),
        ("decode", [0, 0, 0, 0, 0, 0, float("nan")], r"received must hold only 0s and 1s; entry \(6,\) is nan"),
    ],
)
def test_bad_bits_name_the_argument_the_problem_and_the_value(method, bits, message):
    with pytest.raises(ValueError, match=message):
        getattr(HammingCode(), method)(bits)


def test_listing_codewords_of_a_long_code_is_refused_with_the_count():
    with pytest.raises(ValueError, match=r"Hamming\(31, 26\) has 2\*\*26 codewords, too many to list"):
        HammingCode(5).codewords()


def test_repr_names_the_code():
    assert repr(HammingCode(4)) == "HammingCode(r=4)"
