"""CharNGramModel: its probabilities against a plain-Python reference of the
hierarchical smoothing formula, the laws they obey (a distribution over the
alphabet in every context, perplexity = 2 ** bits per character), and its errors."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infolib as il

TEXT = "the cat sat on the mat; the hat sat on the cat. "


def reference_probability(text: str, alphabet: str, order: int, alpha: float, context: str, char: str) -> float:
    """P(char | context) from the definition, with dictionaries of counts."""
    n = len(text)
    p = (text.count(char) + alpha / len(alphabet)) / (n + alpha)
    for k in range(1, order + 1):
        if len(context) < k:
            break
        h = context[len(context) - k:]
        pairs = Counter(text[i - k:i + 1] for i in range(k, n))
        contexts = Counter(text[i - k:i] for i in range(k, n))
        p = (pairs[h + char] + alpha * p) / (contexts[h] + alpha)
    return p


@pytest.mark.parametrize("order", [0, 1, 2, 3, 5])
@pytest.mark.parametrize("alpha", [0.01, 1.0, 30.0])
def test_information_matches_reference_formula(order, alpha):
    model = il.CharNGramModel.fit(TEXT, order, alpha=alpha)
    probe = "the sat cat on hat."
    got = model.information(probe, base="nats")
    want = [
        -math.log(reference_probability(TEXT, model.alphabet, order, alpha, probe[max(0, i - order):i], c))
        for i, c in enumerate(probe)
    ]
    np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("order", [0, 1, 2, 4])
def test_probabilities_match_reference_formula(order):
    model = il.CharNGramModel.fit(TEXT, order, alpha=0.5)
    for context in ["", "t", "th", "the", "on th", "mat; "]:
        want = [reference_probability(TEXT, model.alphabet, order, 0.5, context, c) for c in model.alphabet]
        np.testing.assert_allclose(model.probabilities(context), want, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet="abcde ", min_size=1, max_size=60),
    order=st.integers(0, 4),
    alpha=st.floats(1e-3, 1e3),
    context=st.text(alphabet="abcde ", max_size=8),
)
def test_probabilities_are_a_distribution_in_every_context(text, order, alpha, context):
    model = il.CharNGramModel.fit(text, order, alpha=alpha, alphabet="abcde ")
    p = model.probabilities(context)
    assert p.shape == (6,)
    assert np.all(p > 0)
    assert math.isclose(p.sum(), 1.0, rel_tol=1e-12)


def test_every_context_of_order_two_sums_to_one():
    model = il.CharNGramModel.fit(TEXT, 2, alpha=0.2)
    sums = [model.probabilities(a + b).sum() for a in model.alphabet for b in model.alphabet]
    np.testing.assert_allclose(sums, 1.0, rtol=1e-12)


@pytest.mark.parametrize("order", [0, 1, 3])
def test_perplexity_is_two_to_the_bits_per_character(order):
    model = il.CharNGramModel.fit(TEXT, order, alpha=0.3)
    probe = "the mat sat on the hat"
    bits = model.cross_entropy(probe)
    nats = model.cross_entropy(probe, base="nats")
    assert math.isclose(model.perplexity(probe), 2.0**bits, rel_tol=1e-12)
    assert math.isclose(model.perplexity(probe), math.exp(nats), rel_tol=1e-12)
    assert math.isclose(bits, nats / math.log(2), rel_tol=1e-12)


def test_cross_entropy_is_mean_information():
    model = il.CharNGramModel.fit(TEXT, 2, alpha=0.3)
    info = model.information("cat hat", base=2)
    assert info.shape == (7,)
    assert math.isclose(model.cross_entropy("cat hat"), info.mean(), rel_tol=1e-14)


def test_order_zero_with_tiny_alpha_is_the_plugin_entropy_on_its_training_text():
    model = il.CharNGramModel.fit(TEXT, 0, alpha=1e-12)
    counts = list(Counter(TEXT).values())
    assert math.isclose(model.cross_entropy(TEXT), il.plugin_entropy(counts), rel_tol=1e-9)


def test_uniform_prior_gives_uniform_probabilities_as_alpha_grows():
    model = il.CharNGramModel.fit(TEXT, 3, alpha=1e15)
    np.testing.assert_allclose(model.probabilities("the"), 1 / len(model.alphabet), rtol=1e-9)


def test_unseen_context_backs_off_to_the_shorter_one():
    model = il.CharNGramModel.fit(TEXT, 2, alpha=0.7)
    # "zt" never occurs ("z" is not even in the text), so order 2 falls back on order 1 after "t"
    wide = il.CharNGramModel.fit(TEXT, 2, alpha=0.7, alphabet=model.alphabet + "z")
    lower = il.CharNGramModel.fit(TEXT, 1, alpha=0.7, alphabet=model.alphabet + "z")
    np.testing.assert_allclose(wide.probabilities("zt"), lower.probabilities("t"), rtol=1e-14)


def test_characters_missing_from_training_get_positive_probability():
    model = il.CharNGramModel.fit("aaaa", 1, alpha=0.1, alphabet="abc")
    p = model.probabilities("a")
    assert p[1] > 0 and p[2] > 0
    assert math.isclose(p[1], p[2])
    assert math.isfinite(model.cross_entropy("abc"))


def test_with_alpha_equals_refitting():
    a = il.CharNGramModel.fit(TEXT, 3, alpha=1.0).with_alpha(0.05)
    b = il.CharNGramModel.fit(TEXT, 3, alpha=0.05)
    np.testing.assert_array_equal(a.information(TEXT), b.information(TEXT))


def test_more_context_lowers_cross_entropy_on_repetitive_text():
    text = "abcabcabcabcabcabc"
    h = [il.CharNGramModel.fit(text, k, alpha=0.01).cross_entropy(text) for k in range(3)]
    assert h[0] > h[1] > h[2]
    assert h[0] == pytest.approx(math.log2(3), rel=1e-3)


def test_texts_shorter_than_the_order_are_scored():
    model = il.CharNGramModel.fit("ab", 5, alpha=1.0)
    assert model.information("ba").shape == (2,)
    assert math.isclose(model.probabilities("").sum(), 1.0)


def test_sample_is_reproducible_and_uses_the_alphabet():
    model = il.CharNGramModel.fit(TEXT, 3, alpha=0.1)
    a = model.sample(200, rng=np.random.default_rng(1), prompt="the")
    b = model.sample(200, rng=np.random.default_rng(1), prompt="the")
    assert a == b and len(a) == 200 and set(a) <= set(model.alphabet)
    assert model.sample(0, rng=np.random.default_rng(1)) == ""


def test_sample_follows_a_deterministic_text():
    model = il.CharNGramModel.fit("abcabcabcabc", 2, alpha=1e-9)
    assert model.sample(9, rng=np.random.default_rng(0), prompt="ab") == "cabcabcab"


def test_non_ascii_characters_are_supported():
    model = il.CharNGramModel.fit("naïve café, naïve café", 2, alpha=0.1)
    assert "ï" in model.alphabet and "é" in model.alphabet
    assert math.isclose(model.probabilities("ca").sum(), 1.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"text": 42, "order": 1}, TypeError, "text must be a str"),
        ({"text": "", "order": 1}, ValueError, "text is empty"),
        ({"text": "ab", "order": -1}, ValueError, "order must be an integer >= 0; got -1"),
        ({"text": "ab", "order": 1.5}, ValueError, "order must be an integer"),
        ({"text": "ab", "order": True}, ValueError, "order must be an integer"),
        ({"text": "ab", "order": 1, "alpha": 0.0}, ValueError, "alpha must be a finite number > 0; got 0.0"),
        ({"text": "ab", "order": 1, "alpha": float("nan")}, ValueError, "alpha must be"),
        ({"text": "ab", "order": 1, "alpha": float("inf")}, ValueError, "alpha must be"),
        ({"text": "ab", "order": 1, "alpha": "1"}, ValueError, "alpha must be"),
        ({"text": "ab", "order": 1, "alphabet": "aba"}, ValueError, "'a' is repeated"),
        ({"text": "abc", "order": 1, "alphabet": "ab"}, ValueError, r"'c' at index 2"),
        ({"text": "ab", "order": 1, "alphabet": ["a", "b"]}, TypeError, "alphabet must be a str"),
        ({"text": "ab" + "".join(map(chr, range(200, 300))), "order": 9}, ValueError, "too high"),
    ],
)
def test_fit_rejects_bad_input(kwargs, error, match):
    text = kwargs.pop("text")
    order = kwargs.pop("order")
    with pytest.raises(error, match=match):
        il.CharNGramModel.fit(text, order, **kwargs)


def test_scoring_rejects_unknown_characters_and_bad_arguments():
    model = il.CharNGramModel.fit("abab", 1)
    with pytest.raises(ValueError, match=r"text has the character 'z' at index 3"):
        model.cross_entropy("abaz")
    with pytest.raises(ValueError, match="text is empty"):
        model.perplexity("")
    with pytest.raises(TypeError, match="text must be a str"):
        model.information(["a"])
    with pytest.raises(ValueError, match="context has the character 'q'"):
        model.probabilities("q")
    with pytest.raises(TypeError, match="context must be a str"):
        model.probabilities(None)
    with pytest.raises(ValueError, match="unknown unit"):
        model.cross_entropy("ab", base="bytes")
    with pytest.raises(ValueError, match="alpha must be"):
        model.with_alpha(-1)
    with pytest.raises(ValueError, match="length must be an integer >= 0; got -3"):
        model.sample(-3, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        model.sample(3, rng=0)
    with pytest.raises(ValueError, match="context has the character 'x'"):
        model.sample(3, rng=np.random.default_rng(0), prompt="x")


def test_repr_names_order_alpha_and_alphabet_size():
    assert repr(il.CharNGramModel.fit("abc", 2, alpha=0.5)) == "CharNGramModel(order=2, alpha=0.5, alphabet size 3)"
