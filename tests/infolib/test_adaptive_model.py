"""The adaptive (PPM) character model: its predictions against the escape walk counted by hand,
round trips through the arithmetic coder, coded size against -log2 P, clear errors."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infolib as il
from infolib import arithmetic as ac
from infolib.language import BYTE_ALPHABET

PROPERTY = settings(max_examples=40, deadline=None)

# texts over a few characters, one of them outside ASCII; every first occurrence is unseen
texts = st.text(alphabet=st.sampled_from("ab \né"), max_size=150)


def _occurrences(text: str, pattern: str) -> int:
    """Overlapping occurrences of ``pattern`` in ``text``."""
    return sum(text.startswith(pattern, i) for i in range(len(text) - len(pattern) + 1))


def _ppmc_reference(prefix: str, order: int, alphabet: str) -> dict[str, Fraction]:
    """The next character's distribution under PPMC with exclusion, in exact fractions.

    The counts after context h are the overlapping occurrences of h + x in the prefix.
    """
    p, escape, excluded = {}, Fraction(1), set()
    for j in range(min(order, len(prefix)), -1, -1):
        h = prefix[len(prefix) - j :]
        counts = {x: _occurrences(prefix, h + x) for x in alphabet if x not in excluded}
        counts = {x: n for x, n in counts.items() if n}
        if not counts:
            continue
        n, t = sum(counts.values()), len(counts)
        for x, m in counts.items():
            p[x] = escape * Fraction(m, n + t)
        escape *= Fraction(t, n + t)
        excluded |= set(counts)
    left = [x for x in alphabet if x not in excluded]
    if left:  # order -1: the escape shared equally by the characters not seen
        return {**p, **{x: escape / len(left) for x in left}}
    return {x: q / (1 - escape) for x, q in p.items()}  # all seen: shared in proportion


@PROPERTY
@given(st.text(alphabet=st.sampled_from("abc"), max_size=40), st.integers(0, 3), st.sampled_from(["abc", "abcd"]))
def test_ppmc_predictions_are_the_escape_walk_over_the_counts_of_the_text_so_far(text, order, alphabet):
    model = il.AdaptiveCharModel(order, alphabet=alphabet)
    for i, c in enumerate(text):
        reference = _ppmc_reference(text[:i], order, alphabet)
        assert sum(reference.values()) == 1
        np.testing.assert_allclose(
            model.probabilities(text[:i]), [float(reference[x]) for x in alphabet], rtol=1e-13
        )
        model.update(text[:i], c)


def test_a_character_never_seen_gets_the_escape_shared_over_the_characters_left():
    model = il.AdaptiveCharModel(1, alphabet="abcd").fit("aaa")
    # after "a": a twice (the first a has no order-1 context), escape 1/3; order 0: only a, excluded;
    # order -1: b, c, d share 1/3
    np.testing.assert_allclose(model.probabilities("a"), [2 / 3, 1 / 9, 1 / 9, 1 / 9], rtol=1e-15)
    # a fresh model knows only its alphabet: 256 byte values by default
    np.testing.assert_array_equal(il.AdaptiveCharModel(3).probabilities("xyz"), np.full(256, 1 / 256))


def test_probabilities_sum_to_one_when_every_character_has_been_seen():
    model = il.AdaptiveCharModel(2, alphabet="ab").fit("abbab")
    for context in ["", "a", "b", "ab", "ba", "bb", "aa"]:
        p = model.probabilities(context)
        assert math.fsum(p) == pytest.approx(1.0, abs=1e-15) and (p > 0).all()


@PROPERTY
@given(texts, st.integers(0, 4), st.booleans())
def test_round_trip_is_byte_identical_with_unseen_characters(text, order, declared):
    alphabet = "ab \néz" if declared else None  # "z" never occurs; by default all 256 byte values
    model = il.AdaptiveCharModel(order, alphabet=alphabet)
    coded = il.encode_text(text, model)
    assert il.decode_text(coded, model, len(text)) == text
    assert il.decode_text(coded, model, len(text)).encode("utf-8") == text.encode("utf-8")


@PROPERTY
@given(texts.filter(bool), st.integers(0, 4))
def test_coded_size_is_the_sum_of_the_predicted_information_within_two_bits(text, order):
    model = il.AdaptiveCharModel(order)
    # the chain rule: -log2 P(text) is the sum over characters of -log2 P(x_i | x_<i) as predicted
    # before each character is counted
    learner, terms = model.copy(), []
    for i, c in enumerate(text):
        context = text[max(0, i - order) : i]
        terms.append(-math.log2(learner.probabilities(context)[BYTE_ALPHABET.index(c)]))
        learner.update(context, c)
    ideal = model.information(text).sum()
    assert ideal == pytest.approx(math.fsum(terms), rel=1e-12)
    coded = il.encode_text(text, model)
    n = len(text)
    bound = ideal + n * (ac.quantisation_bound(256) + ac.ROUNDING_BITS) + 2
    assert ideal - 1e-6 * n - 8 <= 8 * len(coded) <= 8 * math.ceil(bound / 8)


def test_coded_english_is_within_a_tenth_of_a_percent_of_its_ideal_size():
    text = il.load_text("pride_and_prejudice_vol1")[:3_000]
    model = il.AdaptiveCharModel(4)
    coded = il.encode_text(text, model)
    assert il.decode_text(coded, model, len(text)) == text
    ideal_bytes = model.information(text).sum() / 8
    assert abs(len(coded) - ideal_bytes) <= 0.001 * ideal_bytes + 1
    # the model passed in is not changed by coding
    np.testing.assert_array_equal(model.probabilities("the "), np.full(256, 1 / 256))


def test_a_model_that_has_read_a_text_codes_more_of_it_in_fewer_bytes():
    text = il.load_text("pride_and_prejudice_vol1")
    primed = il.AdaptiveCharModel(3).fit(text[:20_000])
    piece = text[20_000:21_000]
    coded = il.encode_text(piece, primed)
    assert il.decode_text(coded, primed, len(piece)) == piece
    assert len(coded) < 0.8 * len(il.encode_text(piece, il.AdaptiveCharModel(3)))


def test_blended_model_after_fit_predicts_as_char_ngram_model():
    text = il.load_text("pride_and_prejudice_vol1")[:20_000]
    alphabet = "".join(sorted(set(text)))
    for order in (0, 2, 4):
        static = il.CharNGramModel.fit(text, order, alpha=2.0, alphabet=alphabet)
        adaptive = il.AdaptiveCharModel(order, alphabet=alphabet, alpha=2.0).fit(text)
        for context in ["", "e", "th", "the ", "Mr. D"]:
            np.testing.assert_allclose(adaptive.probabilities(context), static.probabilities(context), rtol=1e-12)


def test_blended_model_round_trips():
    text = il.load_text("pride_and_prejudice_vol1")[:2_000]
    model = il.AdaptiveCharModel(3, alpha=4.0)
    coded = il.encode_text(text, model)
    assert il.decode_text(coded, model, len(text)) == text
    assert abs(len(coded) - model.information(text).sum() / 8) <= 1


@pytest.mark.parametrize(
    "args, kwargs, error, message",
    [
        ((-1,), {}, ValueError, "order must be an integer >= 0; got -1"),
        ((1.5,), {}, ValueError, "order must be an integer >= 0; got 1.5"),
        ((True,), {}, ValueError, "order must be an integer >= 0; got True"),
        ((1,), {"alphabet": b"ab"}, TypeError, "alphabet must be a str; got bytes"),
        ((1,), {"alphabet": ""}, ValueError, "alphabet is empty"),
        ((1,), {"alphabet": "aba"}, ValueError, "alphabet must list each character once; 'a' is repeated"),
        ((1,), {"alpha": 0.0}, ValueError, "alpha must be a finite number > 0; got 0.0"),
        ((1,), {"alpha": float("nan")}, ValueError, "alpha must be a finite number > 0; got nan"),
    ],
)
def test_bad_arguments_are_named(args, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        il.AdaptiveCharModel(*args, **kwargs)


def test_text_that_is_not_a_str_is_rejected():
    model = il.AdaptiveCharModel(2)
    for call in (model.fit, model.information, lambda t: il.encode_text(t, model)):
        with pytest.raises(TypeError, match="text must be a str; got bytes"):
            call(b"abc")
    with pytest.raises(TypeError, match="context must be a str; got list"):
        model.probabilities(["a"])


def test_a_character_outside_the_alphabet_is_named_with_its_position():
    model = il.AdaptiveCharModel(1, alphabet="ab")
    with pytest.raises(ValueError, match=r"character 'c' at index 2"):
        model.fit("abc")
    with pytest.raises(ValueError, match=r"character '€' at index 1"):
        il.encode_text("a€", il.AdaptiveCharModel(1))  # beyond the 256 byte values
    with pytest.raises(ValueError, match=r"character must be one character of the alphabet; got 'ab'"):
        model.update("", "ab")
    assert repr(model) == "AdaptiveCharModel(order=1, PPMC, alphabet size 2)"
