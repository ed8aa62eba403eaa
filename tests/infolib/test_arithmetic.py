"""The arithmetic coder: round trips, code length against -log2 P, clear errors."""

from __future__ import annotations

import math
import re

import hypothesis.extra.numpy as hnp
import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import infolib as il
from infolib import arithmetic as ac

PROPERTY = settings(max_examples=60, deadline=None)


@st.composite
def tables(draw, max_size=20):
    """A probability vector, some entries possibly 0 and some near the coder's resolution 2**-62."""
    n = draw(st.integers(1, max_size))
    w = draw(hnp.arrays(np.float64, n, elements=st.floats(0.0, 1.0)))
    tiny = draw(hnp.arrays(np.bool_, n))
    w = np.where(tiny, w * 2.0**-63, w)  # weights that fall below one frequency unit
    assume(w.sum() > 0 and np.count_nonzero(w) >= 1)
    return w / w.sum()


def _ideal_bits(message, tables_at) -> mpmath.mpf:
    """-log2 P(message) at 50 digits, with P the product of the model's probabilities."""
    with mpmath.workdps(50):
        return -mpmath.fsum(mpmath.log(mpmath.mpf(float(tables_at(i)[s])), 2) for i, s in enumerate(message))


@PROPERTY
@given(tables(), st.data())
def test_round_trip_with_a_fixed_table(p, data):
    support = np.flatnonzero(p > 0).tolist()
    message = data.draw(st.lists(st.sampled_from(support), max_size=200))
    coded = il.encode(message, p)
    assert il.decode(coded, p, len(message)) == message


@PROPERTY
@given(st.integers(2, 12), st.integers(0, 2**32 - 1), st.integers(0, 400))
def test_round_trip_with_a_model_that_changes_every_symbol(size, seed, n):
    rng = np.random.default_rng(seed)
    tables_at = rng.dirichlet(np.full(size, 0.3), size=max(n, 1))
    message = [int(rng.choice(size, p=tables_at[i])) for i in range(n)]

    def model(history):
        return tables_at[len(history)]

    coded = il.encode(message, model)
    assert il.decode(coded, model, n) == message


@PROPERTY
@given(tables(), st.data())
def test_coded_length_is_within_two_bits_plus_the_documented_overheads(p, data):
    support = np.flatnonzero(p > 0).tolist()
    message = data.draw(st.lists(st.sampled_from(support), max_size=300))
    coded = il.encode(message, p)
    ideal = _ideal_bits(message, lambda i: p)
    overhead = len(message) * (ac.quantisation_bound(len(support)) + ac.ROUNDING_BITS)
    # the frequency floor of 1 can only make a symbol cheaper than -log2 p, never dearer
    # than the bound; the stream is padded to whole bytes
    assert 8 * len(coded) <= 8 * math.ceil((float(ideal) + overhead + 2) / 8)
    assert 8 * len(coded) <= 8 * math.ceil(ac.code_length_bound(message, p) / 8)


def test_quantised_probabilities_keep_every_nonzero_symbol_and_the_documented_floor():
    rng = np.random.default_rng(3)
    for _ in range(200):
        size = int(rng.integers(1, 300))
        p = rng.dirichlet(np.full(size, 0.1))
        p[rng.random(size) < 0.2] = 0.0
        if p.sum() == 0:
            p[0] = 1.0
        p /= p.sum()
        f = il.quantise(p)
        v = np.count_nonzero(p)
        assert f.sum() == ac.TOTAL
        assert np.array_equal(f > 0, p > 0)
        q = f / ac.TOTAL
        assert np.all(q[p > 0] >= p[p > 0] * (1 - v / ac.TOTAL) * (1 - 1e-12))


def test_a_probability_below_the_resolution_is_coded_and_costs_the_floor():
    p = np.array([1e-25, 1 - 1e-25])
    message = [1] * 50 + [0] + [1] * 50
    coded = il.encode(message, p)
    assert il.decode(coded, p, len(message)) == message
    # the rare symbol costs 62 bits (a frequency of 1 in 2**62), not -log2(1e-25) = 83.0
    assert 8 * len(coded) <= math.ceil((62 + 101 * ac.ROUNDING_BITS + 2 + 1e-6) / 8) * 8
    # just above the resolution the symbol costs its -log2 p
    p = np.array([2.0**-60, 1 - 2.0**-60])
    coded = il.encode(message, p)
    assert il.decode(coded, p, len(message)) == message
    assert 8 * len(coded) >= 60


def test_long_message_from_a_skewed_source_is_within_two_bits():
    rng = np.random.default_rng(7)
    p = np.array([0.97, 0.02, 0.007, 0.003])
    message = rng.choice(4, size=100_000, p=p).tolist()
    coded = il.encode(message, p)
    assert il.decode(coded, p, len(message)) == message
    ideal = float(_ideal_bits(message, lambda i: p))
    bound = ideal + len(message) * (ac.quantisation_bound(4) + ac.ROUNDING_BITS) + 2
    assert 8 * len(coded) <= 8 * math.ceil(bound / 8)
    assert 8 * len(coded) >= ideal - 8  # and it is not shorter than information allows


def test_integer_frequencies_are_coded_exactly():
    counts = np.array([3, 1, 0, 4])
    message = [0, 3, 3, 1, 0, 3, 0, 3]
    coded = il.encode(message, counts)
    assert il.decode(coded, counts, len(message)) == message
    ideal = -sum(math.log2(counts[s] / counts.sum()) for s in message)
    assert 8 * len(coded) <= 8 * math.ceil((ideal + len(message) * ac.ROUNDING_BITS + 2) / 8)


def test_char_ngram_model_drives_the_coder_and_matches_its_own_information():
    text = il.load_text("pride_and_prejudice_vol1")
    train, heldout = text[:60_000], text[60_000:63_000]
    alphabet = "".join(sorted(set(text)))
    model = il.CharNGramModel.fit(train, 3, alpha=3.0, alphabet=alphabet)
    coded = il.encode_text(heldout, model)
    assert il.decode_text(coded, model, len(heldout)) == heldout
    ideal = model.information(heldout).sum()
    bound = ideal + len(heldout) * (ac.quantisation_bound(len(alphabet)) + ac.ROUNDING_BITS) + 2
    assert 8 * len(coded) <= 8 * math.ceil(bound / 8)
    assert 8 * len(coded) >= ideal - 1e-6 * len(heldout) - 8


def test_symbol_of_probability_zero_is_named_with_its_position():
    with pytest.raises(ValueError, match=r"symbols\[2\] = 1 has probability zero"):
        il.encode([0, 2, 1], [0.5, 0.0, 0.5])
    with pytest.raises(ValueError, match=r"symbols\[1\] = 5 is outside the table"):
        il.encode([0, 5], [0.5, 0.5])


@pytest.mark.parametrize(
    "table, message",
    [
        ([0.5, -0.1, 0.6], r"model contains the negative value -0.1 at index 1"),
        ([0.5, float("nan"), 0.5], r"model contains nan at index 1"),
        ([0.0, 0.0], r"model is all zero"),
        ([0.5, 0.4], r"sums to 0.9"),
        ([[0.5, 0.5]], r"1-d array"),
    ],
)
def test_bad_tables_are_rejected_naming_the_argument(table, message):
    with pytest.raises(il.DistributionError, match=message):
        il.encode([0], table)


def test_bad_table_from_a_model_names_the_step():
    def model(history):
        return [0.5, 0.5] if len(history) < 3 else [float("nan"), 1.0]

    with pytest.raises(il.DistributionError, match=r"the model's table after 3 symbols contains nan at index 0"):
        il.encode([0, 1, 0, 1], model)


def test_truncated_or_extended_stream_is_detected():
    rng = np.random.default_rng(5)
    p = [0.6, 0.3, 0.1]
    message = rng.choice(3, size=500, p=p).tolist()
    coded = il.encode(message, p)
    with pytest.raises(il.CorruptStreamError, match="truncated"):
        il.decode(coded[:-3], p, len(message))
    with pytest.raises(il.CorruptStreamError, match="longer than the message"):
        il.decode(coded + b"\x00", p, len(message))


def test_nonzero_padding_is_detected():
    p = [0.5, 0.5]
    coded = il.encode([0, 1, 1], p)  # 3 + 2 bits: three padding bits in one byte
    assert len(coded) == 1
    with pytest.raises(il.CorruptStreamError, match="padding bits"):
        il.decode(bytes([coded[0] | 1]), p, 3)


def test_decode_rejects_bad_arguments():
    with pytest.raises(TypeError, match="data must be bytes"):
        il.decode("abc", [0.5, 0.5], 1)
    with pytest.raises(ValueError, match="length must be an integer >= 0; got -1"):
        il.decode(b"", [0.5, 0.5], -1)


def test_text_with_a_character_outside_the_alphabet_is_named():
    model = il.CharNGramModel.fit("abab", order=1)
    with pytest.raises(ValueError, match=r"character 'c' at index 2"):
        il.encode_text("abcab", model)


@PROPERTY
@given(tables(), st.data())
def test_code_bits_are_the_bytes_before_padding_and_within_two_bits(p, data):
    support = np.flatnonzero(p > 0).tolist()
    message = data.draw(st.lists(st.sampled_from(support), max_size=100))
    bits = il.encode_bits(message, p)
    coded = il.encode(message, p)
    assert len(coded) == math.ceil(len(bits) / 8)
    assert bits.ljust(8 * len(coded), "0") == "".join(f"{b:08b}" for b in coded)
    assert len(bits) <= ac.code_length_bound(message, p) + 1e-9


def test_large_integer_counts_are_quantised_in_proportion():
    counts = np.array([3 * 2**61, 2**61], dtype=np.uint64)  # a total of 2**63, above TOTAL
    f = il.quantise(counts)
    assert f.sum() == ac.TOTAL and f[0] == pytest.approx(3 * f[1], rel=1e-12)
    message = [0, 1, 0, 0]
    assert il.decode(il.encode(message, counts), counts, 4) == message


def test_bad_frequency_tables_are_named():
    with pytest.raises(il.DistributionError, match="has total 0"):
        il.encode([0], il.FrequencyTable([0, 0]))


def test_messages_that_are_not_integers_are_rejected():
    with pytest.raises(TypeError, match="symbols must be a sequence of integers"):
        il.encode(["a"], [0.5, 0.5])
    with pytest.raises(ValueError, match=r"symbols\[1\] = 1 has probability zero"):
        ac.code_length_bound([0, 1], [1.0, 0.0])
    with pytest.raises(TypeError, match="text must be a str; got bytes"):
        il.encode_text(b"ab", il.CharNGramModel.fit("ab", 1))
