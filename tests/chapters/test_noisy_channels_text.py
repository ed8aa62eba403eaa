"""Chapter 7 (noisy channels): the claims its text, captions and alt texts make are true.

Each test recomputes, from the chapter's own seeds or from a closed form, the numbers a
sentence of the chapter states, and fails if the sentence and the data disagree. A few
sentences that were wrong or unproved must not return.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import scipy.stats

import infolib as il
from chapter_text import flat as _flat, figure as _figure, stdout as _stdout

CHAPTER = "07_noisy_channels.ipynb"  # read by the notebook and prose fixtures (conftest.py)


def _majority_error(n: int, p: float) -> float:
    return sum(math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n // 2 + 1, n + 1))


CHANNELS = {
    "binary symmetric, f = 0.1": il.binary_symmetric_channel(0.1),
    "binary erasure, alpha = 0.25": il.binary_erasure_channel(0.25),
    "Z channel, f = 0.5": il.z_channel(0.5),
}


# --- sentences that were wrong or unproved ---------------------------------------------


@pytest.mark.parametrize(
    "gone",
    [
        # a number typed by hand instead of computed
        "the standard error of a frequency near $0.5$ is about $0.0016$",
        # an unverified reason for the unused inputs (the reason is D_x < C)
        "too similar to others, or too noisy",
        # the converse without saying which error probability, nor for which codes
        "the probability of error of codes of rate $R$ is bounded away from 0",
        # a claim about every p drawn from three values
        "The best input sends 1s less than half of the time for every $p$, and",
        # false at p = 0, where the best input is uniform
        "less than half of the time, for every $p$;",
        # the typewriter is the exception, not the rule
        "for other channels it needs long blocks",
    ],
)
def test_corrected_sentence_does_not_return(prose, gone):
    assert _flat(gone) not in prose


# --- the frequency table ---------------------------------------------------------------


def _frequency_table_run():
    """Replays the chapter's draws from seed 7 up to the frequency table."""
    rng = np.random.default_rng(7)
    flip = il.binary_symmetric_channel(0.1)
    sent = rng.integers(0, 2, size=24)
    il.transmit(flip, sent, rng=rng)
    message = rng.integers(0, 2, size=32)
    for w in CHANNELS.values():
        il.transmit(w, message, rng=rng)
    n = 100_000
    inputs = np.repeat([0, 1], n)
    largest, impossible = 0.0, 0
    for w in CHANNELS.values():
        out = il.transmit(w, inputs, rng=rng)
        impossible += int((w[inputs, out] == 0).sum())
        for x in (0, 1):
            freq = np.bincount(out[inputs == x], minlength=w.shape[1]) / n
            largest = max(largest, float(np.abs(freq - w[x]).max()))
    return n, largest, impossible


def test_observed_frequencies_are_within_a_few_thousandths_and_zero_transitions_never_happen(notebook, prose):
    n, largest, impossible = _frequency_table_run()
    standard_error = math.sqrt(0.25 / n)
    assert "within a few thousandths of its probability" in prose
    assert largest < 0.005
    assert largest < 2 * standard_error  # "about the size of the standard error"
    assert impossible == 0
    printed = _stdout(notebook, "largest_deviation:.4f")
    assert f"{largest:.4f}" in printed and f"{standard_error:.4f}" in printed
    assert "outputs of probability zero that arrived: 0" in printed


# --- mutual information against the input: figure ch7-fig-mi-input ---------------------


def test_mutual_information_figure_alt_text_matches_the_curves(notebook):
    _, alt = _figure(notebook, "ch7-fig-mi-input")
    a = np.linspace(0, 1, 201)
    curves = {
        name: np.array([il.channel_mutual_information([1 - t, t], w) for t in a]) for name, w in CHANNELS.items()
    }
    bsc, bec, z = curves.values()
    for curve in (bsc, bec, z):
        assert curve[0] == pytest.approx(0, abs=1e-12) and curve[-1] == pytest.approx(0, abs=1e-12)
    # the erasure channel is highest, at every inner point
    assert (bec[1:-1] > np.maximum(bsc, z)[1:-1]).all()
    assert "peaking at 0.75 bits in the middle" in alt
    assert bec.max() == pytest.approx(0.75, abs=1e-12) and a[bec.argmax()] == pytest.approx(0.5)
    assert "peaks at about 0.53 bits, also in the middle" in alt
    assert round(bsc.max(), 2) == 0.53 and a[bsc.argmax()] == pytest.approx(0.5)
    assert "about 0.32 bits when a 1 is sent 40% of the time" in alt
    res = il.channel_capacity(CHANNELS["Z channel, f = 0.5"])
    assert round(res.capacity, 2) == 0.32 and round(res.input_distribution[1], 2) == 0.40
    # "for small probabilities of sending a 1 it lies slightly above the symmetric channel's curve"
    above = a[z > bsc]
    assert above.size and above.min() > 0 and above.max() < 0.1
    assert (z - bsc).max() < 0.02


# --- closed forms ------------------------------------------------------------------------


@pytest.mark.parametrize("p", [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99])
def test_z_channel_capacity_closed_form_and_best_input_below_one_half(p):
    res = il.channel_capacity(il.z_channel(p))
    assert res.capacity == pytest.approx(math.log2(1 + (1 - p) * p ** (p / (1 - p))), abs=1e-10)
    # the chapter's a* = 1 / ((1 - p) + p^(-p/(1-p))), strictly between 0 and 1/2
    a_star = 1 / ((1 - p) + p ** (-p / (1 - p)))
    assert 0 < a_star < 0.5
    assert res.input_distribution[1] == pytest.approx(a_star, abs=1e-6)
    # s = h(p)/(1 - p) and a*(1 - p) = 1 / (1 + 2^s)
    s = il.binary_entropy(p) / (1 - p)
    assert a_star * (1 - p) == pytest.approx(1 / (1 + 2**s), rel=1e-12)


def test_noiseless_z_channel_has_one_bit_with_the_uniform_input(prose):
    assert "less than half of the time for every $0 < f < 1$" in prose
    res = il.channel_capacity(il.z_channel(0.0))
    assert res.capacity == pytest.approx(1, abs=1e-12)
    np.testing.assert_allclose(res.input_distribution, [0.5, 0.5], atol=1e-12)


def test_stated_capacities_of_the_probe_line_and_the_erasure_channel(prose):
    bsc = il.channel_capacity(il.binary_symmetric_channel(0.1)).capacity
    assert "$H(Y \\mid X) = H_{\\mathrm{b}}(0.1) \\approx 0.47$" in prose and round(il.binary_entropy(0.1), 2) == 0.47
    assert "at $\\alpha = f = 0.1$ it carries $0.9$ bits per use, the symmetric channel only $0.53$" in prose
    assert round(bsc, 2) == 0.53
    assert il.channel_capacity(il.binary_erasure_channel(0.1)).capacity == pytest.approx(0.9, abs=1e-12)
    assert "$C \\approx 0.531$" in prose and round(bsc, 3) == 0.531
    assert "about 53 message bits per 100 channel uses" in prose and 0.53 < bsc


def test_cascade_of_two_symmetric_channels_is_symmetric_with_crossover_2p_1_minus_p():
    one = il.binary_symmetric_channel(0.1)
    np.testing.assert_allclose(one @ one, il.binary_symmetric_channel(2 * 0.1 * 0.9), atol=1e-15)
    pair = il.channel_capacity(one @ one).capacity
    assert pair == pytest.approx(1 - il.binary_entropy(0.18), abs=1e-10)
    assert pair < il.channel_capacity(one).capacity


# --- Blahut-Arimoto on the random channel: figure ch7-fig-ba ---------------------------


@pytest.fixture(scope="module")
def random_channel_result():
    rng = np.random.default_rng(11)
    w = rng.dirichlet(np.full(8, 0.5), size=10)
    return w, il.channel_capacity(w)


def test_unused_inputs_have_divergence_below_capacity_and_used_ones_equal_it(random_channel_result, prose):
    w, res = random_channel_result
    d = il.kl_divergence(w, np.broadcast_to(res.output_distribution, w.shape))
    used = res.input_distribution > 0
    np.testing.assert_allclose(d[used], res.capacity, atol=1e-9)
    assert (d[~used] < res.capacity).all()
    assert "the four unused inputs have smaller ones, two of them only slightly smaller" in prose
    assert (~used).sum() == 4
    short = res.capacity - d[~used]
    assert (short < 0.02).sum() == 2 and (short > 0.1).sum() == 2


def test_blahut_arimoto_figure_alt_text_matches_the_bounds(notebook, random_channel_result, prose):
    _, res = random_channel_result
    _, alt = _figure(notebook, "ch7-fig-ba")
    lower, upper = res.lower_bounds, res.upper_bounds
    gap = upper - lower
    assert f"over its {res.iterations} updates" in alt
    assert "starts at about 0.95 bits" in alt and round(lower[0], 2) == 0.95
    assert "capacity of about 1.04 bits" in alt and round(res.capacity, 2) == 1.04
    assert "rises to it within about 20 updates" in alt
    assert 15 <= np.flatnonzero(res.capacity - lower < 1e-3)[0] <= 25
    assert "upper bound (vermillion) starts at about 1.26 bits" in alt and round(upper[0], 2) == 1.26
    assert "falls from about 0.3 bits" in alt and round(gap[0], 1) == 0.3
    # "to between 1e-4 and 1e-3 bits, zigzagging, and then drops in the last update"
    assert 1e-4 < gap[-2] < 1e-3 and (np.diff(gap[-8:-1]) > 0).any()
    assert "to about 1e-16 bits, below the dashed tolerance line at 1e-12 bits" in alt
    assert gap[-1] <= 1e-12 and max(gap[-1], 1e-16) < 1e-15
    # the text: the lower bound rises at every update; the upper bound may rise for a while
    assert "The lower bound rises at every update" in prose
    assert (np.diff(lower) > 0).all()
    assert (np.diff(upper) > 0).any()


# --- the noisy typewriter ----------------------------------------------------------------


def test_typewriter_capacity_is_log2_13_and_more_than_half_the_letters_print_wrong(prose):
    typewriter = il.noisy_typewriter(26)
    assert il.channel_capacity(typewriter).capacity == pytest.approx(math.log2(13), abs=1e-10)
    used = np.arange(0, 26, 2)
    rng = np.random.default_rng(26)
    keys = rng.choice(used, size=40)
    printed = il.transmit(typewriter, keys, rng=rng)
    assert "More than half of the letters come out wrong on paper, and none after decoding" in prose
    assert (printed != keys).sum() > keys.size / 2
    assert ((printed - printed % 2) != keys).sum() == 0


# --- repetition codes: table and figure ch7-fig-repetition -------------------------------


def test_repetition_error_formula_is_the_binomial_tail():
    for n in range(1, 62, 2):
        assert _majority_error(n, 0.1) == pytest.approx(scipy.stats.binom.sf(n // 2, n, 0.1), rel=1e-9)


def test_each_extra_pair_of_copies_divides_the_error_by_roughly_three(prose):
    assert "divides the error by roughly three" in prose
    errors = [_majority_error(n, 0.1) for n in range(1, 14, 2)]
    ratios = np.array(errors[:-1]) / np.array(errors[1:])
    assert ((ratios > 2.5) & (ratios < 3.7)).all()


def test_repetition_figure_alt_text_and_the_one_percent_claim(notebook, prose):
    _, alt = _figure(notebook, "ch7-fig-repetition")
    errors = {n: _majority_error(n, 0.1) for n in range(1, 62, 2)}
    assert "on a logarithmic axis from 1e-16 to 1" in alt
    assert min(errors.values()) > 1e-16
    assert "starts at error 0.1 at rate 1" in alt and errors[1] == pytest.approx(0.1)
    assert "Every repetition code with error below 0.01 has a rate of 0.2 or less" in alt
    assert all(1 / n <= 0.2 for n, e in errors.items() if e < 0.01)
    assert "must drop to a rate of $1/5$ to get the error below 1%" in prose
    assert errors[5] < 0.01 < errors[3]
    assert "the capacity, 0.531 bits per use" in alt
    assert round(il.channel_capacity(il.binary_symmetric_channel(0.1)).capacity, 3) == 0.531


# --- the Gaussian channel: figure ch7-fig-gaussian and the SNR exercise ------------------


def test_gaussian_figure_alt_text_matches_the_curves(notebook):
    _, alt = _figure(notebook, "ch7-fig-gaussian")

    def cap(db):
        return il.gaussian_channel_capacity(10 ** (db / 10))

    assert "near 0 at -10 dB (0.07 bits)" in alt and round(cap(-10), 2) == 0.07
    assert "passes 0.5 bits at 0 dB" in alt and cap(0) == pytest.approx(0.5)
    assert "about 5 bits at 30 dB" in alt and round(cap(30)) == 5
    # the dashed 1/2 log2(SNR) lies below and merges with the curve from about 15 dB on
    db = np.linspace(-10, 30, 401)
    approx = 0.5 * np.log2(10 ** (db / 10))
    assert (approx < il.gaussian_channel_capacity(10 ** (db / 10))).all()
    assert "merges with it from about 15 dB on" in alt
    assert cap(15) - 0.5 * math.log2(10**1.5) < 0.025
    assert "below 0 dB it would be negative" in alt and (approx[db < 0] < 0).all()


def test_gaussian_capacity_small_snr_slope_and_six_decibels_per_bit(prose):
    assert "\\approx \\frac{\\mathrm{SNR}}{2 \\ln 2}" in prose
    snr = 1e-4
    assert il.gaussian_channel_capacity(snr) == pytest.approx(snr / (2 * math.log(2)), rel=1e-3)
    for c, snr in [(1, 3), (2, 15), (4, 255)]:
        assert il.gaussian_channel_capacity(snr) == pytest.approx(c, abs=1e-12)
    big = 1e6
    extra = il.gaussian_channel_capacity(4 * big) - il.gaussian_channel_capacity(big)
    assert extra == pytest.approx(1, abs=1e-5)
    assert round(10 * math.log10(4)) == 6
