"""Chapter 7 (noisy channels): the claims its text, captions and alt texts make are true.

Each test recomputes, from the chapter's own seeds or from a closed form, the numbers a
sentence of the chapter states, and fails if the sentence and the data disagree. A few
sentences that were wrong or unproved must not return.
"""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction
from itertools import product
from pathlib import Path

import numpy as np
import pytest
import scipy.optimize
import scipy.stats

import infolib as il
from chapter_text import block as _block, flat as _flat, figure as _figure, load as _load, prose as _prose, stdout as _stdout
from solutions import function

CHAPTER = "07_noisy_channels.ipynb"  # read by the notebook and prose fixtures (conftest.py)


def _table(notebook: dict, marker: str) -> str:
    """The table (plain-text form) shown by the one code cell whose source contains ``marker``."""
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code" and marker in "".join(c["source"])]
    assert len(cells) == 1, marker
    return "".join("".join(o.get("data", {}).get("text/plain", "")) for o in cells[0]["outputs"])


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
        # the erasure channel is not symmetric in Cover & Thomas's sense
        "For the two symmetric channels the peak can be found by hand",
        # the converse and achievability are both proved in the chapter now
        "The proof is beyond this course",
        # the 1 - C/R bound was quoted without proof
        "$1 - C/R$ {cite:p}`cover2006elements`.",
        # expurgation loses a bit: the code had rate R - 1/n, below the 2^{nR} codewords promised
        "leaves a code at rate $R - 1/n$",
        # "white" says nothing of a discrete-time channel, and capacity was not yet defined for it
        "The additive white Gaussian noise channel",
        # the rate-distortion limit drives a number and a curve but is not proved in the course
        "are achievable, and no higher ones {cite:p}`mackay2003information` (Chapter 10)",
        # function notation for a channel the chapter writes as a matrix W_xy
        "$W_1(y_1 \\mid x_1)",
        # a decoder that gives up has no value in the message set, which Fano's inequality needs
        "and otherwise gives up.",
        # the strong converse was quoted in passing, not as a quoted result
        "It is a weak bound; the **strong converse** says",
        # the bit-error limit is proved (its converse) and quoted (its achievability) separately now
        "This result is quoted here, not proved in the course",
        # k counts message bits; the binomial sum counts flips with j
        "$\\sum_{k > n/2} \\binom{n}{k}",
        # m was a second name for the message U; n is the block length
        "a message $m$ (a row of four bits)",
        "channels with $n$ inputs and $n$ outputs",
        # part (a) of the symmetric exercise repeated the proof of the theorem
        "Prove {prf:ref}`ch7-thm-symmetric` again",
        # at R = 2C the bound is 1/2 - 1/(nR), below one half for every n
        "loses at least half of the messages for long blocks",
        # the classical update can leave the lower bound where it is; and the quotation is given once, earlier
        "the classical update is guaranteed to raise it",
        "(Blahut and Arimoto's result, quoted), and infolib",
        # the table has three condition columns, not two properties
        "The table tests both properties on six channels",
        # the achievability argument is complete, given the AEP of chapter 3
        "This is a sketch; the full proof is in",
        "sketch the proof of achievability",
        "joint typicality sketch a proof of the first part",
        # no section of the sources page discusses misstatements about communication
        "Common misstatements about communication",
        # the product channel's matrices named like rows of W
        "$W_1$ and $W_2$ are used side by side",
        "$(W_1)_{x_1 y_1} (W_2)_{x_2 y_2}$",
        # the derivative argument is given once, in the section on the conditions for capacity
        "in short: at a capacity-achieving input $p_X$, if some input had $D_x(q) > C$",
        # the symmetric-channel theorem's proof uses H(Y) <= log|Y|, not the conditions for capacity
        "For some channels the conditions can be checked by hand",
        # "conditions" there read as the conditions for capacity; the table tests symmetry properties
        "The table tests the three conditions on six channels",
        # theorems are cited by label, not by chapter
        "as {doc}`06_mutual_information` proves",
        "Fano's inequality, proved in {doc}`06_mutual_information`",
        # the strong converse is about codes of a fixed rate as n grows
        "above capacity the error probability of every code tends to 1",
        # the symbols of the source must also be identically distributed to have one entropy H
        "a source of independent symbols with entropy $H$",
        # the erasure channel is weakly symmetric at alpha = 1/3, where the theorem does apply
        "$1 - \\alpha$, where {prf:ref}`ch7-thm-symmetric` does not apply",
        # a comparison of the classical run to 1e-9 bits with infolib's run to 1e-12 bits
        "the classical iteration needs over twenty times as many updates",
        # a length-100 rate-1/2 code on the probe's line loses many blocks: only long blocks are reliable
        "say 50 message bits per 100 channel uses, can arrive essentially error-free",
        # a bold "Proof of" lead-in followed by a proof box showed "Proof" twice
        "**Proof of {prf:ref}`ch7-thm-kkt`.**",
        "**Proof of {prf:ref}`ch7-thm-bit-error`**",
        # C names only the capacity; the number in the conditions is c until shown equal to C
        "The number $C$ is then the capacity.",
        "number $C$ and every input $x$",
        # f names only the BSC and Z flip probabilities
        "changes a symbol with probability $f = 0.3$",
        # a vague reason where the chapter's table gives the factors
        "gains less and less as it nears the answer",
        # an exercise cited where theorems of chapter 6 give the step
        "never lowers a conditional entropy ({ref}`ch6-ex-subadditivity`)",
        # false above f = 0.773: at alpha = f = 0.9 the symmetric channel carries more
        "The erasure channel is easier than the symmetric one at the same noise level",
        # true only of the repetition code of length 3, and the section before runs lengths 1 to 13
        "Repetition protects each bit on its own, and pays two extra channel uses",
        # the text numbers the bits t_1, ..., t_7; "bit 2" is the code's count from 0
        "the codeword of 1011 with bit 2 flipped",
        # r is the number of parity bits of a Hamming code
        "If all rows are equal to one distribution $r$",
        # H is an entropy of something, not a bare number
        "with entropy $H$ bits per symbol",
        "if $H < C$, and cannot if $H > C$",
    ],
)
def test_corrected_sentence_does_not_return(prose, gone):
    assert _flat(gone) not in prose


def test_converse_uses_the_reversed_markov_chain_for_data_processing(prose):
    assert _flat(
        "applied to $U \\to Y^n \\to \\hat U$ and to the reversed chain $Y^n \\to X^n \\to U$, bounds the second"
    ) in prose
    # U -> X^n -> Y^n gives I(U; Y^n) <= I(U; X^n), not the bound by I(X^n; Y^n) the proof uses
    assert _flat("and to $U \\to X^n \\to Y^n$, bounds the second") not in prose


def test_converse_cites_the_chain_rule_for_subadditivity_of_the_outputs(prose):
    assert "(subadditivity, {ref}`ch6-ex-subadditivity`)" not in prose
    assert _flat(
        "(with $Y^{i-1} = (Y_1, \\dots, Y_{i-1})$ and $Y^0$ empty, by {prf:ref}`ch6-thm-chain-rules-n`, "
        "$H(Y^n) = \\sum_i H(Y_i \\mid Y^{i-1}) \\le \\sum_i H(Y_i)$, "
        "since conditioning reduces entropy, {prf:ref}`ch6-thm-nonnegative`)"
    ) in prose
    # Y^{i-1} is defined where it is first used, as chapter 6 and the notation page define X^{i-1}
    assert prose.index("$Y^{i-1} = (Y_1, \\dots, Y_{i-1})$") < prose.index("H(Y_i \\mid Y^{i-1})")
    chapter6 = _prose(_load("06_mutual_information.ipynb"))
    assert ":label: ch6-thm-chain-rules-n" in chapter6 and ":label: ch6-thm-nonnegative" in chapter6
    assert "$H(Y \\mid X) \\le H(Y)$: **conditioning reduces entropy on average**" in chapter6


def test_coding_theorem_converse_claims_only_what_the_weak_converse_proves(prose):
    assert "of any length $n$, has an average probability" not in prose
    theorem = _section(prose, ":label: ch7-thm-coding", "```")
    assert _flat(
        "every block code with at least $2^{nR}$ codewords and length $n \\ge 2/(R - C)$, used without feedback, "
        "has an average probability of decoding wrongly (over equally likely messages) of at least $(1 - C/R)/2$. "
        "For long blocks it is at least about $1 - C/R$."
    ) in theorem
    # the statement does not derive itself from a theorem stated only in the next section
    assert "ch7-thm-weak-converse" not in theorem and "since" not in theorem
    # the derivation follows the proof of the weak converse, and names what it proves
    after = _section(prose, ":label: ch7-thm-weak-converse", "As $n$ grows the bound")
    derivation = _flat(
        "For $R > C$ and $n \\ge 2/(R - C)$, $1/(nR) \\le (R - C)/(2R)$, so the bound is at least "
        "$1 - C/R - (R - C)/(2R) = (1 - C/R)/2$: this is the converse of {prf:ref}`ch7-thm-coding`."
    )
    assert derivation in after
    assert after.index("```{prf:proof}") < after.index(derivation)
    for capacity in [0.1, 0.531, 0.9]:
        for rate in np.linspace(capacity + 0.01, 2.0, 40):
            def bound(n):
                return 1 - capacity / rate - 1 / (n * rate)
            n0 = math.ceil(2 / (rate - capacity))
            c, r = Fraction(capacity).limit_denominator(10**6), Fraction(rate).limit_denominator(10**6)
            assert 1 - c / r - (r - c) / (2 * r) == (1 - c / r) / 2
            delta = (1 - capacity / rate) / 2
            assert all(bound(n) >= delta - 1e-12 for n in range(n0, n0 + 50))
            short = math.floor(1 / (rate - capacity) - 1e-9)
            if short >= 1:
                assert bound(short) < 0  # the bound says nothing for short codes


def test_polish_of_the_capacity_conditions_and_the_summary(prose):
    assert "cannot get stuck below the capacity" not in prose
    assert "such as Blahut-Arimoto, cannot be trapped at a lower peak." in prose
    assert "D_{\\mathrm{KL}}" not in prose
    assert "one peak (possibly a flat top)" in prose
    assert "codes and joint typicality prove the first part;" in prose


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
    assert _flat("at $\\alpha = f = 0.1$ the erasure channel carries $0.9$ bits per use, the binary symmetric channel only "
                 "$0.53$") in prose
    assert round(bsc, 2) == 0.53
    assert il.channel_capacity(il.binary_erasure_channel(0.1)).capacity == pytest.approx(0.9, abs=1e-12)
    assert "$C \\approx 0.531$" in prose and round(bsc, 3) == 0.531
    # only rates below C can be made reliable: "about 53 bits per 100 uses" overstated it (0.53 < C by a hair)
    assert "about 53 message bits per 100 channel uses" not in prose
    assert _flat("any rate below 0.531, say rate $1/2$, can be made as reliable as wanted with long enough blocks "
                 "(rate $1/2$ is so close to $C$ that the blocks must be long)") in prose
    assert 0.50 < bsc and round(bsc, 3) == 0.531


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
    assert f"over the {res.iterations} updates of infolib's accelerated iteration." in alt
    assert "starts at about 0.95 bits" in alt and round(lower[0], 2) == 0.95
    assert "capacity of about 1.04 bits" in alt and round(res.capacity, 2) == 1.04
    # "meets it within about 10 updates": drawn, the blue line touches the dashed line by then
    # (test_blahut_arimoto_alt_text_says_when_the_drawn_lower_bound_meets_the_capacity measures it)
    assert "meets it within about 10 updates" in alt and "within about 20 updates" not in alt
    assert "upper bound (vermillion) starts at about 1.26 bits" in alt and round(upper[0], 2) == 1.26
    assert "falls from about 0.3 bits" in alt and round(gap[0], 1) == 0.3
    # "to between 1e-4 and 1e-3 bits, zigzagging, and then drops in the last update"
    assert 1e-4 < gap[-2] < 1e-3 and (np.diff(gap[-8:-1]) > 0).any()
    assert "to below 1e-15 bits, below the dashed tolerance line at 1e-12 bits" in alt
    assert "about 1e-16" not in alt
    assert gap[-1] <= 1e-12 and max(gap[-1], 1e-16) < 1e-15
    # the text: the lower bound never falls (it looks flat near the end); the upper bound may rise for a while
    assert "The lower bound never falls here:" in prose and "The lower bound rises at every update" not in prose
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
    assert "they start at error 0.1 at rate 1" in alt and errors[1] == pytest.approx(0.1)
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


# --- the conditions for capacity and symmetric channels ----------------------------------


def test_conditions_for_capacity_hold_at_the_returned_input_of_every_channel_of_the_chapter(notebook, prose):
    rng = np.random.default_rng(11)
    random_channel = rng.dirichlet(np.full(8, 0.5), size=10)
    assert "Every input in use has divergence $C$ to within the rounding of floating-point numbers" in prose
    printed = _table(notebook, '"random, 10 inputs and 8 outputs": random_channel')
    for name, w in {**CHANNELS, "random, 10 inputs and 8 outputs": random_channel}.items():
        res = il.channel_capacity(w)
        d = il.kl_divergence(w, np.broadcast_to(res.output_distribution, w.shape))
        used = res.input_distribution > 0
        assert np.abs(d[used] - res.capacity).max() < 1e-14
        assert (d[~used] < res.capacity).all()
        assert name in printed and f"{res.capacity:.4f}" in printed
    assert "(all used)" in printed


def test_a_channel_whose_used_inputs_share_one_divergence_is_at_capacity():
    # the "if" half of the theorem, checked independently: the Z channel at its closed-form best input
    f = 0.3
    a = 1 / ((1 - f) + f ** (-f / (1 - f)))
    w = il.z_channel(f)
    q = np.array([1 - a, a]) @ w
    d = il.kl_divergence(w, np.broadcast_to(q, w.shape))
    assert d[0] == pytest.approx(d[1], abs=1e-12)
    assert d[0] == pytest.approx(math.log2(1 + (1 - f) * f ** (f / (1 - f))), abs=1e-12)


@pytest.mark.parametrize("alpha", [0.1, 0.25, 0.5, 0.9])
def test_erasure_channel_is_not_symmetric_and_its_capacity_is_not_log_y_minus_h_row(alpha, prose):
    w = il.binary_erasure_channel(alpha)
    columns = np.sort(w, axis=0)
    assert not np.allclose(columns, columns[:, :1])  # columns are not permutations of each other
    assert not np.allclose(w.sum(axis=0), w.sum(axis=0)[0])  # not even weakly symmetric (alpha != 1/3)
    assert il.channel_capacity(w).capacity != pytest.approx(math.log2(3) - il.entropy(w[0]), abs=1e-6)
    assert "The binary erasure channel is **not** symmetric in this sense" in prose
    assert "unless $\\alpha = 1/3$, so for $\\alpha \\ne 1/3$ it is not even weakly symmetric" in prose
    # the column sums in the order of infolib's outputs 0, 1, "?"
    assert "column sums $1 - \\alpha, 1 - \\alpha, 2\\alpha$ differ" in prose
    np.testing.assert_allclose(w.sum(axis=0), [1 - alpha, 1 - alpha, 2 * alpha])
    # at alpha = 1/3 the column sums are equal: the text's exception is real
    third = il.binary_erasure_channel(1 / 3)
    np.testing.assert_allclose(third.sum(axis=0), 2 / 3)


def test_symmetric_channel_capacity_is_log_outputs_minus_row_entropy(notebook):
    printed = _table(notebook, '"three symbols, symmetric"')
    cases = {
        "three symbols, symmetric": np.array([[0.7, 0.2, 0.1], [0.1, 0.7, 0.2], [0.2, 0.1, 0.7]]),
        "four symbols, f = 0.3": np.full((4, 4), 0.1) + 0.6 * np.eye(4),
        "weakly symmetric": np.array([[1 / 3, 1 / 6, 1 / 2], [1 / 3, 1 / 2, 1 / 6]]),
    }
    for name, w in cases.items():
        formula = math.log2(w.shape[1]) + sum(p * math.log2(p) for p in w[0])
        assert il.channel_capacity(w).capacity == pytest.approx(formula, abs=1e-10)
        line = next(row for row in printed.splitlines() if row.startswith(name))
        assert line.split()[-2] == line.split()[-1] == f"{formula:.4f}"
    # the q-ary closed form log2 q - H_b(f) - f log2(q - 1) for the four-symbol channel
    assert math.log2(4) - il.binary_entropy(0.3) - 0.3 * math.log2(3) == pytest.approx(
        math.log2(4) + 0.7 * math.log2(0.7) + 3 * 0.1 * math.log2(0.1), abs=1e-12
    )
    erasure = next(row for row in printed.splitlines() if row.startswith("binary erasure"))
    assert erasure.split()[-4:-2] == ["False", "False"] and erasure.split()[-1] == "0.7500"


# --- Hamming(7,4): syndromes, simulation, figure ch7-fig-hamming, decoding as inference ---


def test_hamming_parity_equations_in_the_text_match_the_code(prose, notebook):
    for equation in ["t_5 &= t_2 + t_3 + t_4", "t_6 &= t_1 + t_3 + t_4", "t_7 &= t_1 + t_2 + t_4"]:
        assert equation in prose
    words = il.HammingCode().codewords()
    t = words.T
    np.testing.assert_array_equal(t[4], (t[1] + t[2] + t[3]) % 2)
    np.testing.assert_array_equal(t[5], (t[0] + t[2] + t[3]) % 2)
    np.testing.assert_array_equal(t[6], (t[0] + t[1] + t[3]) % 2)
    printed = _stdout(notebook, "smallest distance:")
    assert "pairs of codewords: 120" in printed and "smallest distance:  3" in printed
    table = _table(notebook, "as_text = ")
    for w in words:
        word = "".join(map(str, w))
        assert re.search(rf"{word[:4]}\s+{word}", table)  # each codeword beside its message
    assert "single flips corrected: 112 of 112" in _stdout(notebook, "single_flips =")


def _hamming_simulation():
    """Replays the chapter's Hamming simulation (seed 47): (n, k, bit error, block error) per code."""
    rng = np.random.default_rng(47)
    flip = il.binary_symmetric_channel(0.1)
    out = []
    for r in [2, 3, 4, 5]:
        code = il.HammingCode(r)
        messages = rng.integers(0, 2, size=(40_000, code.k))
        wrong = code.decode(il.transmit(flip, code.encode(messages), rng=rng)) != messages
        out.append((code.n, code.k, wrong.mean(), wrong.any(axis=1).mean()))
    return out


def test_hamming_simulation_agrees_with_the_block_error_formula_and_the_text(notebook, prose):
    f = 0.1
    printed = _table(notebook, "hamming_rows, hamming_points = [], []")
    results = _hamming_simulation()
    for n, k, bit, block in results:
        exact = 1 - scipy.stats.binom.cdf(1, n, f)  # two or more flips
        assert block == pytest.approx(exact, abs=4 * math.sqrt(exact * (1 - exact) / 40_000))
        assert f"Hamming({n}, {k})" in printed and f"{bit:.4f}" in printed and f"{block:.4f}" in printed
    (_, _, rep_bit, _), (_, _, h7_bit, _), (_, _, h15_bit, _), (_, _, h31_bit, _) = results
    assert "leaves about 7 message bits in 100 wrong, fewer than the 10 of sending" in prose
    assert round(100 * h7_bit) == 7 and h7_bit < f
    assert "Hamming(15,11) and Hamming(31,26) leave more message bits wrong than sending them uncoded" in prose
    assert h15_bit > f and h31_bit > f
    # "a repetition code gets below that only at rate 1/3 or less"
    assert _majority_error(1, f) > h7_bit > _majority_error(3, f)
    _, alt = _figure(notebook, "ch7-fig-hamming")
    assert "about 0.03, 0.07, 0.10 and 0.12" in alt
    assert [f"{b:.2f}" for *_, b, _ in results] == ["0.03", "0.07", "0.10", "0.12"]
    assert "about 0.03, 0.15, 0.45 and 0.83" in alt
    assert [f"{b:.2f}" for *_, b in results] == ["0.03", "0.15", "0.45", "0.83"]


def test_bit_error_limit_curve_runs_from_capacity_to_rate_one_at_error_f(notebook):
    f = 0.1
    c = 1 - il.binary_entropy(f)
    _, alt = _figure(notebook, "ch7-fig-hamming")
    assert "rises from the capacity 0.531 (a dashed vertical line) at error 1e-7 to rate 1 at error 0.1" in alt
    assert c / (1 - il.binary_entropy(1e-7)) == pytest.approx(c, abs=1e-5)
    assert c / (1 - il.binary_entropy(f)) == pytest.approx(1)
    # the printed bit error that the limit allows at rate 4/7, by bisection on H_b
    lo, hi = 1e-9, f
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if c / (1 - il.binary_entropy(mid)) < 4 / 7 else (lo, mid)
    printed = _table(notebook, "limit_at_hamming")
    assert re.search(rf"bit-error limit\s+{lo:.4f}", printed)


def test_posterior_of_the_received_word_and_map_equals_syndrome_decoding(notebook, prose):
    f = 0.1
    code = il.HammingCode()
    words = code.codewords()
    y = code.encode([1, 0, 1, 1])
    y[2] ^= 1
    d = (words != y).sum(axis=1)
    like = f**d * (1 - f) ** (7 - d)
    post = like / like.sum()
    assert "most of its weight on the codeword at distance 1, the one sent" in prose
    assert post[d == 1].sum() > 0.5 and (d == 1).sum() == 1
    assert "most of the rest on the three codewords at distance 2" in prose
    assert (d == 2).sum() == 3 and post[d == 2].sum() > post[d >= 3].sum()
    # the MAP codeword is the syndrome decoder's for every received word (brute force, independent of the chapter)
    every = np.array([[int(b) for b in f"{i:07b}"] for i in range(128)])
    dist = (every[:, None, :] != words).sum(axis=2)
    np.testing.assert_array_equal(words[dist.argmin(axis=1)], code.correct(every))
    assert (np.sort(dist, axis=1)[:, 0] < np.sort(dist, axis=1)[:, 1]).all()  # unique nearest
    printed = _table(notebook, "map_words = ")
    assert re.search(r"words where the two agree\s+128 of 128", printed)
    assert re.search(r"MAP codeword for y\s+1011010", printed) and re.search(r"syndrome decoding of y\s+1011010", printed)


# --- the converse and random codes: figure ch7-fig-random-codes --------------------------


def test_weak_converse_is_stated_and_proved_with_chapter_six_fano(prose):
    assert "P_e^{(n)} \\ge 1 - \\frac{C}{R} - \\frac{1}{nR}" in prose
    assert ":label: ch7-thm-weak-converse" in prose
    assert "The converse rests on Fano's inequality ({prf:ref}`ch6-thm-fano`)." in prose
    assert "needs one tool" not in prose
    assert "H(U \\mid \\hat U) &\\le H_{\\mathrm{b}}(P_e) + P_e \\log_2 (|\\mathcal{U}| - 1) \\\\ &\\le 1 + P_e \\log_2 |\\mathcal{U}|" in prose
    # the message is U: W is the channel matrix throughout the chapter
    assert "Let $U$ be the message" in prose
    assert "P_e^{(n)} &\\ge 1 - \\frac{nC + 1}{\\log_2 M} \\ge 1 - \\frac{nC + 1}{nR}" in prose
    # the coding theorem's converse is derived from the proved bound, after its proof, instead of quoted
    assert _flat("so the bound is at least $1 - C/R - (R - C)/(2R) = (1 - C/R)/2$: this is the converse of "
                 "{prf:ref}`ch7-thm-coding`.") in prose
    assert prose.index("P_e^{(n)} &\\ge 1 - \\frac{nC + 1}{\\log_2 M}") < prose.index("this is the converse of")


def test_fano_bound_in_the_text_holds_for_every_error_probability():
    # H_b(P) + P log2(M - 1) <= 1 + P log2 M for every P in [0, 1] and M >= 2
    for m in [2, 3, 16, 1024]:
        p = np.linspace(0, 1, 1001)
        left = il.binary_entropy(p) + p * math.log2(m - 1)
        assert (left <= 1 + p * math.log2(m) + 1e-12).all()


def _random_codes():
    """Replays the chapter's random-code simulation (seed 48)."""
    flip = il.binary_symmetric_channel(0.1)
    rng = np.random.default_rng(48)

    def block_error(n, rate):
        wrong = 0
        for _ in range(10):
            book = rng.integers(0, 2, size=(2 ** round(n * rate), n))
            sent = rng.integers(0, len(book), size=400)
            received = il.transmit(flip, book[sent], rng=rng)
            dist = (received[:, None, :] != book[None, :, :]).sum(axis=2)  # integer distances
            wrong += int((dist.argmin(axis=1) != sent).sum())
        return wrong / 4000

    below = {n: block_error(n, 0.25) for n in range(8, 49, 8)}
    above = {n: block_error(n, 0.75) for n in range(4, 17, 4)}
    return below, above


def test_random_codes_below_capacity_improve_and_above_capacity_respect_the_converse(notebook, prose):
    c = 1 - il.binary_entropy(0.1)
    below, above = _random_codes()
    assert 0.25 < c < 0.75
    assert (np.diff(list(below.values())) < 0).all()  # falls at every step
    assert (np.diff(list(above.values())) > 0).all()  # rises at every step
    for n, e in above.items():
        assert e >= 1 - c / 0.75 - 1 / (n * 0.75)
    printed = _table(notebook, "def random_code_block_error")
    for errors in (below, above):
        for e in errors.values():
            assert f"{e:.4f}" in printed
    assert "from about 1 block\nin 10 at $n = 8$ to about 1 in 200 at $n = 48$".replace("\n", " ") in prose
    assert round(below[8], 1) == 0.1 and round(1 / below[48], -2) == 200
    for n, e in above.items():  # the table's converse column, where the bound is positive
        bound = 1 - c / 0.75 - 1 / (n * 0.75)
        assert (f"{bound:.4f}" if bound > 0 else "(below 0)") in printed
    # two codes, n = 48 at R = 1/4 and n = 16 at R = 3/4, have the most codewords: "the largest have"
    assert "the longest has 4,096 codewords" not in prose
    assert "the largest have 4,096 codewords" in prose
    rows = [line.split() for line in printed.splitlines() if re.match(r"\s*0\.\d+\s+\d", line)]
    sizes = {(float(r[0]), int(r[1])): int(r[2].replace(",", "")) for r in rows}
    assert len(sizes) == 10 and max(sizes.values()) == 4096
    assert sorted(k for k, m in sizes.items() if m == 4096) == [(0.25, 48), (0.75, 16)]
    assert all(m == 2 ** round(n * rate) for (rate, n), m in sizes.items())


def test_joint_typicality_bound_holds_exactly_for_a_small_example():
    # part 2 of the joint typicality theorem, by enumeration: BSC(0.1), uniform input, n = 12, eps = 0.2
    f, n, eps = 0.1, 12, 0.2
    hxy = 1 + il.binary_entropy(f)
    # with a uniform input and output every sequence is typical for X and Y; the pair is jointly
    # typical when its number k of disagreements gives -1/n log2 p(x, y) within eps of H(X, Y)
    k = np.arange(n + 1)
    minus_log = n + (-k * math.log2(f) - (n - k) * math.log2(1 - f))
    typical_k = k[np.abs(minus_log / n - hxy) <= eps]
    # for independent uniform sequences the number of disagreements is Binomial(n, 1/2)
    prob_independent = scipy.stats.binom.pmf(typical_k, n, 0.5).sum()
    i_xy = 1 - il.binary_entropy(f)
    assert prob_independent <= 2 ** (-n * (i_xy - 3 * eps))


# --- exercises ---------------------------------------------------------------------------


def test_proof_exercises_have_complete_folded_solutions(prose):
    assert "```{exercise} :label: ch7-ex-product" in prose
    assert "```{solution-start} ch7-ex-product :class: dropdown" in prose
    assert "```{exercise} :label: ch7-ex-symmetric" in prose
    assert "```{solution} ch7-ex-symmetric :class: dropdown" in prose
    assert "```{exercise} :label: ch7-ex-write-hamming" in prose


def test_product_channel_capacity_is_the_sum(notebook):
    for w1, w2 in [
        (il.binary_symmetric_channel(0.1), il.binary_erasure_channel(0.25)),
        (il.z_channel(0.5), il.binary_symmetric_channel(0.2)),
    ]:
        c = il.channel_capacity(np.kron(w1, w2)).capacity
        assert c == pytest.approx(il.channel_capacity(w1).capacity + il.channel_capacity(w2).capacity, abs=1e-10)
    assert re.search(r"best input on 00, 01, 10, 11\s+0.2500 0.2500 0.2500 0.2500", _table(notebook, "np.kron(w1, w2)"))


@pytest.mark.parametrize("f", [0.05, 0.3, 0.5, 0.9])
def test_z_channel_uniform_input_fails_the_conditions_with_the_stated_difference(f):
    w = il.z_channel(f)
    q = np.array([0.5, 0.5]) @ w
    d = il.kl_divergence(w, np.broadcast_to(q, w.shape), base="nats")
    assert d[0] - d[1] == pytest.approx(-f * math.log(f) - (1 - f) * math.log(1 + f), abs=1e-12)
    assert d[0] - d[1] > 0


def test_written_hamming_decoder_agrees_with_infolib_on_every_word():
    hamming_decode = function(CHAPTER, "hamming_decode")
    code = il.HammingCode()
    every = np.array([[int(b) for b in f"{i:07b}"] for i in range(128)])
    np.testing.assert_array_equal(hamming_decode(every), code.decode(every))
    rng = np.random.default_rng(0)
    batch = rng.integers(0, 2, size=(1000, 7))
    np.testing.assert_array_equal(hamming_decode(batch), code.decode(batch))


def test_explorable_text_names_the_flip_probability_as_its_slider_does(notebook):
    cells = [c for c in notebook["cells"] if c.get("metadata", {}).get("explorable") == "ch7-bsc"]
    text = _flat("".join(next(c for c in cells if c["cell_type"] == "markdown")["source"]))
    widget = "".join(next(c for c in cells if c["cell_type"] == "code")["outputs"][0]["data"]["text/html"])
    labels = re.findall(r"<label>([^<]+)", widget)
    assert "crossover probability f" in labels
    assert "Move the crossover probability $f$" in text


# --- symbols, the achievability sketch, the Hamming labelling ---------------------------------


def _section(prose: str, start: str, end: str) -> str:
    i = prose.index(_flat(start)) + len(_flat(start))
    return prose[i : prose.index(_flat(end), i)]


def test_typicality_tolerance_is_gamma_and_epsilon_only_the_target_error(prose):
    sketch = _section(prose, "(ch7-achievability)=", "The next cell tries random codes at short lengths")
    assert "\\varepsilon" not in sketch.replace(
        _flat("called $\\varepsilon$ in {prf:ref}`ch3-thm-aep`; here that letter is the error probability"), ""
    )
    assert "Let $\\gamma > 0$" in sketch and "$\\gamma < (C - R')/3$" in sketch
    theorem = _section(prose, ":label: ch7-thm-coding", "{cite:t}`shannon1948mathematical` gave the first argument.")
    assert "every $\\varepsilon > 0$" in theorem and "\\gamma" not in theorem


def test_chapter_uses_delta_for_nothing_but_the_notation_pages_total_variation(prose):
    assert "\\delta" not in prose


@pytest.mark.parametrize("rate, higher", [("1/5", "1/4"), ("1/2", "531/1000"), ("1/100", "11/1000")])
def test_expurgated_random_code_keeps_at_least_2_nR_codewords(prose, rate, higher):
    rate, higher = Fraction(rate), Fraction(higher)  # exact: n >= 1/(R' - R) is an integer bound here
    assert _flat(
        "the rate $R < C$ of the theorem, a rate $R'$ with $R < R' < C$, and a tolerance "
        "$\\gamma < (C - R')/3$. Draw a **random code**: $\\lceil 2^{nR'} \\rceil$ codewords"
    ) in prose
    assert _flat("the kept ones, at least $2^{nR' - 1} \\ge 2^{nR}$ of them once $n \\ge 1/(R' - R)$") in prose
    n0 = math.ceil(1 / (higher - rate))
    for n in range(n0, n0 + 100):
        assert n * higher - 1 >= n * rate  # half of 2^{nR'} codewords is at least 2^{nR}
    if n0 > 1:
        assert (n0 - 1) * higher - 1 < (n0 - 1) * rate  # and the length condition is needed


def test_gaussian_capacity_in_chapter_7_is_a_preview_under_the_power_constraint(prose):
    # the first sentence after the theorem says where it is proved, with a link (a role inside a theorem's
    # title unregisters its label); the title does not say it a second time
    assert "```{prf:theorem} Capacity of the Gaussian channel :label: ch7-thm-gaussian" in prose
    assert "(proved in Chapter 8)" not in prose
    assert _flat("This is a preview of {prf:ref}`ch8-thm-gaussian-capacity`, where it is proved.") in prose
    chapter8 = _prose(_load("08_continuous.ipynb"))
    theorem = _section(chapter8, ":label: ch8-thm-gaussian-capacity", "```")
    # the theorem the title links to is the capacity formula with the Gaussian input, as chapter 7 states it
    assert "= \\tfrac12 \\log\\Big(1 + \\frac PN\\Big)" in theorem
    assert "reached by the Gaussian input $X \\sim \\mathcal{N}(0, P)$" in theorem
    # what capacity means here is said inside the theorem, before it is used, with chapter 8's inputs
    statement = _section(prose, ":label: ch7-thm-gaussian", "```")
    assert statement.strip().startswith(_flat(
        " Here capacity means the largest $I(X; Y)$ over the inputs $X$ that meet the power constraint "
        "$\\mathbb{E}[X^2] \\le P$ and are discrete or have a density; their mutual information with the "
        "continuous output $Y$ is defined in {doc}`08_continuous`."
    ))
    assert "$\\mathrm{SNR} = P/N$ has capacity" in statement
    assert _flat("the maximum over the inputs $X$ that are discrete ({prf:ref}`ch8-def-mi-discrete-input`) or have "
                 "a density is") in theorem
    assert "here it means the largest" not in prose
    assert _flat("where it is proved. The capacity of {prf:ref}`ch7-def-capacity` was defined for finite alphabets") in prose
    assert " white " not in prose


def test_mackays_parity_equations_are_ours_with_the_message_bits_reordered(prose):
    # a note about a source: on the sources page, not in the chapter
    assert "numbers the message bits differently" not in prose
    assert "his first, second, third" not in prose
    sources = _flat((Path(__file__).resolve().parents[2] / "sources.md").read_text(encoding="utf-8"))
    assert _flat(
        "{cite:t}`mackay2003information` (Chapter 1) numbers the message bits of Hamming(7,4) differently from "
        "{doc}`chapters/07_noisy_channels`: his first, second, third and fourth message bits are the chapter's "
        "second, third, fourth and first. His three parity equations are the chapter's with the bits renamed, "
        "and his 16 codewords are the chapter's with their first four bits reordered."
    ) in sources
    assert prose.count("{doc}`../sources`") == 1 and "numbers the bits of Hamming(7,4)" in prose
    # MacKay (2003), Chapter 1: t5 = s1 + s2 + s3, t6 = s2 + s3 + s4, t7 = s1 + s3 + s4
    code = il.HammingCode()
    mackay, ours = set(), set()
    for s in product((0, 1), repeat=4):
        s1, s2, s3, s4 = s
        parity = ((s1 + s2 + s3) % 2, (s2 + s3 + s4) % 2, (s1 + s3 + s4) % 2)
        word = code.encode([s4, s1, s2, s3])
        assert tuple(int(b) for b in word[4:]) == parity  # "the parity bits of ours for s4 s1 s2 s3"
        mackay.add(s + parity)
        ours.add(tuple(int(b) for b in word[[1, 2, 3, 0, 4, 5, 6]]))
    assert mackay == ours  # "the 16 codewords are the same up to that reordering"


def test_rate_distortion_limit_is_said_to_be_quoted_with_its_section(prose):
    assert _flat(
        "```{note} Quoted, not proved here: every rate below the bit-error limit is achievable, with bit error "
        "as close to $p_b$ as wanted"
    ) in prose
    assert _flat("code of rate below $C$. {cite:t}`mackay2003information` (Section 10.4) proves it. ```") in prose


@pytest.mark.parametrize("marker, column", [("symbols = np.array", "sent"), ("largest I = ", None)])
def test_printed_channel_names_line_up_in_one_column(notebook, marker, column):
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "code" and marker in "".join(c["source"]))
    assert ":27s" not in "".join(cell["source"])
    lines = _stdout(notebook, marker).splitlines()
    names = ([column] if column else []) + list(CHANNELS)
    assert len(lines) == len(names)
    width = max(map(len, CHANNELS))
    for line, name in zip(lines, names):
        assert line.startswith(name) and line[len(name) : width + 1].strip() == "" and line[width + 1] != " "


def test_product_channel_is_written_with_matrix_subscripts(prose):
    exercise = _section(prose, ":label: ch7-ex-product", ":label: ch7-ex-symmetric")
    # the two channels carry a superscript, so that W_1 cannot be read as row 1 of W
    assert _flat(
        "Two discrete memoryless channels, with matrices $W_{xy}^{(1)}$ and $W_{xy}^{(2)}$ and capacities "
        "$C_1$ and $C_2$, are used side by side"
    ) in exercise
    assert "$W_{x_1 y_1}^{(1)} W_{x_2 y_2}^{(2)}$" in exercise
    assert "H(W_{x_1 \\cdot}^{(1)}) + H(W_{x_2 \\cdot}^{(2)})" in exercise
    assert not re.search(r"W_[12]\b|\(W_[12]\)", prose)
    assert "W_1(" not in prose and "W_2(" not in prose
    # X and Y name the pairs before the identity uses them
    assert _flat("and so is $I = H(X) + H(Y) - H(X, Y)$ for $X = (X_1, X_2)$ and $Y = (Y_1, Y_2)$:") in exercise
    # the identity it relies on: entropies of independent pairs add, so I of the pair is the sum
    w1, w2 = il.binary_symmetric_channel(0.1), il.binary_erasure_channel(0.25)
    p1, p2 = np.array([0.3, 0.7]), np.array([0.6, 0.4])
    joint = np.einsum("a,ab,c,cd->acbd", p1, w1, p2, w2).reshape(4, 6)   # rows (x1, x2), columns (y1, y2)
    np.testing.assert_allclose(il.mutual_information(joint),
                               il.channel_mutual_information(p1, w1) + il.channel_mutual_information(p2, w2),
                               atol=1e-12)


def test_turbo_and_ldpc_codes_within_a_fraction_of_a_decibel_are_mentioned_once(prose):
    both = prose + " " + _prose(_load("08_continuous.ipynb"))
    assert both.count("fraction of a decibel") == 1
    assert both.lower().count("turbo") == 1
    assert "fraction of a decibel" not in prose  # the one mention is chapter 8's, beside the Shannon limit


def test_only_if_half_and_achievability_proof_are_marked_optional(notebook, prose):
    assert "## Why rates below capacity work: random codes (optional)" in prose
    assert _flat("````{admonition} Proof of the *only if* half (optional) :class: dropdown") in prose
    proof = _section(prose, "```{prf:proof} *If.*", "```")
    assert "Only if" not in proof
    opening = "".join(notebook["cells"][0]["source"])
    assert re.search(r"\*\*Time:\*\* about \d+ minutes of reading \(\d+ more for optional sections\)", opening)


# --- exact statements, hypotheses and notation ------------------------------------------------


def test_erasure_channel_at_one_third_is_weakly_symmetric_and_the_formula_gives_its_capacity(notebook, prose):
    w = il.binary_erasure_channel(1 / 3)
    np.testing.assert_allclose(w.sum(axis=0), 2 / 3)  # equal column sums
    formula = math.log2(3) - il.entropy([2 / 3, 0, 1 / 3])
    assert formula == pytest.approx(2 / 3, abs=1e-12) == pytest.approx(il.channel_capacity(w).capacity, abs=1e-9)
    assert _flat(
        "(at $\\alpha = 1/3$ it is weakly symmetric, and the formula gives "
        "$\\log_2 3 - H(\\frac23, 0, \\frac13) = \\frac23 = 1 - \\alpha$)"
    ) in prose
    properties = ["rows permuted", "columns permuted", "equal column sums"]
    assert _flat("The table tests the three symmetry properties (" + ", ".join(properties) + ") on six channels")\
        in prose
    table = _table(notebook, '"three symbols, symmetric"').splitlines()
    assert all(c in table[0] for c in properties)
    rows = [row for row in table[2:] if row.strip()]
    assert len(rows) == 6 and all(set(row.split()[-5:-2]) <= {"True", "False"} for row in rows)
    line = next(row for row in _table(notebook, '"three symbols, symmetric"').splitlines()
                if row.startswith("binary erasure, alpha = 1/3"))
    assert line.split()[-5:] == ["True", "False", "True", f"{formula:.4f}", f"{formula:.4f}"]


def test_typewriter_capacity_is_derived_from_the_symmetric_channel_theorem(notebook, prose):
    w = il.noisy_typewriter(26)
    assert np.allclose(np.sort(w, axis=1), np.sort(w[0])) and np.allclose(np.sort(w, axis=0), np.sort(w[:, :1], axis=0))
    value = math.log2(26) - il.entropy([0.5, 0.5])
    assert value == pytest.approx(math.log2(13), abs=1e-12)
    assert _flat(
        "The capacity is $\\log_2 13$ bits per letter, as {prf:ref}`ch7-thm-symmetric` proves in one line: "
        "every row and every column of the matrix holds two entries $\\frac12$ and 24 zeros, so the channel "
        "is symmetric and $C = \\log_2 26 - H(\\frac12, \\frac12) = \\log_2 13$."
    ) in prose
    assert f"log2(26) - H(1/2, 1/2) = {value:.6f}" in _stdout(notebook, "typewriter = il.noisy_typewriter(26)")


def test_hamming_figure_marks_the_rate_distortion_limit_as_quoted(notebook):
    caption, alt = _figure(notebook, "ch7-fig-hamming")
    assert ("(no code passes the bit-error limit, as proved above; "
            "that codes come close to it is quoted from MacKay).") in caption
    assert "ahead of its proof" not in caption
    assert "the bit-error limit (that codes reach it is quoted, not proved here)" in alt


def test_derivative_of_the_information_is_given_once_in_the_section_on_the_conditions(prose):
    before, after = prose[: prose.index("(ch7-kkt)=")], prose[prose.index("(ch7-kkt)=") :]
    # before the section: a forward reference, no derivative argument
    assert _flat("The conditions for capacity say why. They are the Kuhn-Tucker conditions of the maximisation "
                 "{cite:p}`cover2006elements`, proved in {ref}`ch7-kkt` below.") in before
    assert "rate of change" not in before and "moving a little probability" not in before
    assert "An average equals the maximum only if" not in before
    # the argument itself, once, in the optional proof
    assert "Proof of the *only if* half (optional)" in after
    assert after.count("\\frac{dI_\\lambda}{d\\lambda}") == 1 and "So the derivative is $D_{x'}(q^*) - C$." in after


def test_hamming_exercise_counts_words_with_n_words_since_n_is_the_noise_variance(prose):
    exercise = _block(prose, ":label: ch7-ex-write-hamming")
    assert "(shape `(n_words, 7)`)" in exercise and "(N, 7)" not in prose


def test_concavity_is_credited_with_no_false_peaks_not_with_a_single_peak(prose):
    # a concave curve may have a flat top (the noisy typewriter's): no false peak, not one point
    assert "single highest point" not in prose
    assert "flat top" in prose
    assert "as the theory promises" not in prose
    # the drawn curves have no false peak and one highest point for one reason, given where they are
    # drawn: strict concavity from the equality case of chapter 3's theorem (the section on concavity
    # is not cited for it as well)
    assert "Each of these curves has one highest point, and none has" not in prose
    assert "false peak ({ref}`ch7-kkt` shows why)" not in prose
    assert _flat(
        "None of these curves has a lower, false peak, and each has one highest "
        "point, because $I(X; Y) = H(Y) - H(Y \\mid X)$ is strictly concave along each curve:"
    ) in prose
    assert _flat("(the two rows of each channel differ), so $H(Y)$ is strictly concave by the equality case of "
                 "{prf:ref}`ch3-thm-concave`.") in prose
    # the drawn curves: strictly concave (negative second differences), each with one highest point
    t = np.linspace(0, 1, 201)
    for w in CHANNELS.values():
        assert not np.allclose(w[0], w[1])
        curve = np.array([il.channel_mutual_information([1 - s, s], w) for s in t])
        assert (np.diff(curve, 2) < 0).all()
        assert (curve == curve.max()).sum() == 1


# --- the erasure proof, MAP from chapter 6, figure limits, plain numpy ------------------------


def test_erasure_proof_says_why_the_erasure_tells_nothing_about_the_input(notebook, prose):
    proof = _block(prose, "*Erasure channel.*")
    assert "$\\Pr(? \\mid x) = \\alpha$ for both values of $x$, so the event $Y = {?}$ is independent of $X$" in proof
    assert "$p(x \\mid {?}) = p(x)\\, \\alpha / \\alpha = p(x)$" in proof
    assert "whatever the input distribution $p_X$" in proof
    # the step, on random inputs: the posterior after "?" is the prior, and H(X | Y) = alpha H(X)
    rng = np.random.default_rng(7)
    for alpha in [0.1, 0.25, 0.6]:
        w = il.binary_erasure_channel(alpha)
        erasure = int(np.argmax(np.isclose(w[0], alpha) & np.isclose(w[1], alpha)))
        for _ in range(5):
            p_x = rng.dirichlet([1, 1])
            joint = p_x[:, None] * w
            np.testing.assert_allclose(joint[:, erasure] / joint[:, erasure].sum(), p_x, atol=1e-12)
            assert il.conditional_entropy(joint, given=1) == pytest.approx(alpha * il.entropy(p_x), abs=1e-12)


def test_map_decoding_refers_back_to_the_map_guess_of_chapter_6(prose):
    inference = _block(prose, "### Decoding as inference", "{prf:theorem} Syndrome decoding is MAP decoding")
    assert "the {ref}`maximum a posteriori (MAP) guess <ch6-map-guess>` of chapter 6, with the 16 codewords" in inference
    assert "**maximum a posteriori**" not in prose
    chapter6 = _prose(_load("06_mutual_information.ipynb"))
    assert "(ch6-map-guess)= ### Fano's inequality: how well can you guess?" in chapter6


def test_hamming_figure_limits_hold_every_plotted_error(notebook):
    cell = next(c for c in notebook["cells"] if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name")
                == "ch7-fig-hamming")
    source = "".join(cell["source"])
    bottom = float(re.search(r"^bottom = ([0-9.e-]+)", source, re.M).group(1))
    top = float(re.search(r"ax\.set_ylim\(bottom, ([0-9.]+)\)", source).group(1))
    assert "n_rep = np.arange(1, 26, 2)" in source
    errors = [_majority_error(n, 0.1) for n in range(1, 26, 2)]                  # repetition codes
    errors += [1 - scipy.stats.binom.cdf(1, 2**r - 1, 0.1) for r in (2, 3, 4, 5)]  # Hamming block errors
    assert bottom < min(errors) and max(errors) < 1 < top
    _, alt = _figure(notebook, "ch7-fig-hamming")
    assert "on a logarithmic axis from 1e-7 to 1.5" in alt and bottom == 1e-7 and top == 1.5
    assert "down to about 1.6e-7 at rate 1/25" in alt and f"{_majority_error(25, 0.1):.1e}" == "1.6e-07"


def test_explorable_names_its_sliders_as_the_text_does(notebook):
    cells = [_flat("".join(c["source"])) for c in notebook["cells"]
             if c["cell_type"] == "markdown" and "explorable" in c["metadata"].get("tags", [])]
    assert len(cells) == 1
    widget = "".join(next(c for c in notebook["cells"] if c["cell_type"] == "code"
                          and "binary_symmetric_channel(flip=" in "".join(c["source"]))["outputs"][0]["data"]["text/html"])
    # the widget's plain-text label writes P(X = 1); the chapter's mathematics writes Pr (P is the power limit)
    assert re.findall(r"<label>([^<]+)", widget) == ["crossover probability f", "input probability P(X = 1)"]
    assert "and the input probability $\\Pr(X = 1)$" in cells[0] and 'max="0.50"' in widget and "from 0 to 0.5" in cells[0]


def test_written_blahut_arimoto_uses_plain_numpy_and_matches_infolib():
    classic_blahut_arimoto = function(CHAPTER, "classic_blahut_arimoto")
    cell = next("".join(c["source"]) for c in _load(CHAPTER)["cells"]
                if c["cell_type"] == "code" and "def classic_blahut_arimoto(" in "".join(c["source"]))
    written = cell[: cell.index("lower, upper, updates = ")]
    assert "il." not in written
    rng = np.random.default_rng(11)
    channels = [rng.dirichlet(np.full(8, 0.5), size=10), il.binary_symmetric_channel(0.1),
                il.binary_erasure_channel(0.25), il.z_channel(0.3)]   # the last three have zero entries
    for w in channels:
        with np.errstate(all="raise"):
            lower, upper, _ = classic_blahut_arimoto(w, 1e-9)
        c = il.channel_capacity(w).capacity
        assert lower - 1e-12 <= c <= upper + 1e-12 and upper - lower <= 1e-9


def test_assignment_7_names_the_hamming_shapes_as_its_solution_does_without_n():
    # N is the noise variance in chapters 7 and 8; assignment 7 counts rows as chapter 7's exercise does
    master = Path(__file__).resolve().parents[2] / "assignments" / "hw07_noisy_channels.ipynb"
    cells = json.loads(master.read_text(encoding="utf-8"))["cells"]
    text = _flat(" ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown"))
    code = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "(N, " not in text and "(N, " not in code
    for shape in ["(n_messages, 4)", "(n_messages, 7)", "(n_words, 7)", "(n_words, 4)"]:
        assert f"`{shape}`" in text
    assert "shape (n_messages, 4); got shape" in code and "shape (n_words, 7); got shape" in code


# --- Fano's range, the bit-error limit, names, quoted results ---------------------------------


def test_converse_applies_fano_to_a_guess_in_the_message_set(prose):
    converse = _section(prose, "(ch7-converse)=", "(ch7-bit-error)=")
    assert "and $\\hat U$ is any guess of it with values in $\\mathcal{U}$, wrong" in converse
    assert _flat(
        "and $\\hat U$ the decoder's guess, one of the $M$ messages, computed from $Y^n$ (a decoder allowed to "
        "give up is first made to output a fixed message instead: its error can only fall, so the bound covers it too)"
    ) in converse
    sketch = _section(prose, "(ch7-achievability)=", "The next cell tries random codes at short lengths")
    assert _flat(
        "otherwise returns the first message (the bound below counts this fallback as an error, an over-count "
        "when the first message was sent)."
    ) in sketch
    assert "counted below as an error" not in sketch
    assert "give up" not in sketch and "gives up" not in sketch


def test_bit_error_limit_is_stated_and_its_proof_justifies_every_step(prose):
    section = _section(prose, "(ch7-bit-error)=", "(ch7-achievability)=")
    # stated in its own section, just before its proof, not ahead of it with the Hamming codes
    assert ":label: ch7-thm-bit-error" in section
    assert "stated with the Hamming codes" not in prose
    statement = _section(prose, "How good could a code be?", "The proof is the argument of the converse")
    assert ":label: ch7-thm-bit-error" in statement
    assert _section(prose, "(ch7-bit-error)=", "How good could a code be?").strip() == _flat(
        "### Bit errors: the limit for codes that may err")
    assert "$p_b = \\frac1k \\sum_i \\Pr(\\hat U_i \\ne U_i) < \\frac12$. Then $R \\le C / (1 - H_{\\mathrm{b}}(p_b))$." in statement
    for reason in ["{prf:ref}`ch7-thm-weak-converse` shows $I(U; \\hat U) \\le I(X^n; Y^n) \\le nC$",
                   "{prf:ref}`ch6-thm-chain-rules-n`",
                   _flat("with $A = \\hat U_i$ and $B$ the other conditions, $H(U_i \\mid A) - H(U_i \\mid A, B) = "
                         "I(U_i; B \\mid A) \\ge 0$ ({prf:ref}`ch6-thm-conditional-mi-entropies`, "
                         "{prf:ref}`ch6-thm-chain-rule-mi`)"),
                   "Fano's inequality ({prf:ref}`ch6-thm-fano`) for the guess $\\hat U_i$ of the bit $U_i$",
                   "{prf:ref}`ch3-thm-jensen`), $\\frac1k \\sum_i H_{\\mathrm{b}}(p_i) \\le H_{\\mathrm{b}}(p_b)$",
                   "{prf:ref}`ch3-thm-concave` applied to two-valued distributions",
                   "because dropping conditions never lowers a conditional entropy"]:
        assert reason in section
    # the Hamming section ends at the simulated errors: the limit appears only once it is proved
    hamming = _section(prose, "## A real code: Hamming(7,4)", "### Decoding as inference")
    assert "bit-error limit" not in hamming and "ch7-thm-bit-error" not in hamming
    assert "ch7-fig-hamming" not in hamming and "How good could a code be?" not in hamming
    after = _section(prose, "The proof is the argument of the converse", "(ch7-achievability)=")
    assert after.index("```{prf:proof}") < after.index("every rate below the bit-error limit is achievable")
    # the note says that codes come as close to the limit as wanted; the text after it does not repeat it
    assert "Codes come as close to the limit as wanted" not in prose and "(the note above)" not in prose
    # the chapters the proof cites state what it uses
    chapter6 = _prose(_load("06_mutual_information.ipynb"))
    assert _flat(":label: ch6-thm-conditional-mi-entropies For discrete random variables $X$, $Y$ and $Z$, "
                 "$$ I(X; Y \\mid Z) = H(X \\mid Z) - H(X \\mid Y, Z). $$") in chapter6
    assert _flat(":label: ch6-thm-chain-rule-mi") in chapter6
    assert _flat("and $I(X; Y \\mid Z) \\ge 0$, with equality if and only if $X$ and $Y$ are independent given $Z$") in chapter6
    chapter3 = _prose(_load("03_entropy.ipynb"))
    assert ":label: ch3-thm-jensen" in chapter3 and ":label: ch3-thm-concave" in chapter3


def test_every_step_of_the_bit_error_proof_holds_exactly_for_hamming_7_4():
    # exact enumeration: 16 equally likely messages, 128 received words of BSC(0.1), syndrome decoding
    f, code = 0.1, il.HammingCode()
    messages = np.array(list(product((0, 1), repeat=4)))
    received = np.array(list(product((0, 1), repeat=7)))
    decoded = code.decode(received)
    dist = (code.encode(messages)[:, None, :] != received[None, :, :]).sum(axis=2)
    p_y_given_u = f**dist * (1 - f) ** (7 - dist)                       # (16, 128)
    index = decoded @ (1 << np.arange(3, -1, -1))                        # decoded message as a number
    joint = np.zeros((16, 16))
    for j in range(16):
        joint[:, j] = p_y_given_u[:, index == j].sum(axis=1) / 16
    wrong_bit = (messages[:, None, :] != messages[None, :, :])          # (sent, decoded, bit)
    p_i = (joint[:, :, None] * wrong_bit).sum(axis=(0, 1))
    p_b = p_i.mean()
    info = il.mutual_information(joint)
    capacity = 1 - il.binary_entropy(f)
    k, n = 4, 7
    assert info <= n * capacity
    assert k <= info + il.binary_entropy(p_i).sum() + 1e-12               # H(U | U-hat) <= sum of Fano terms
    assert il.binary_entropy(p_i).sum() <= k * il.binary_entropy(p_b) + 1e-12  # Jensen
    assert k / n <= capacity / (1 - il.binary_entropy(p_b))


def test_every_code_of_the_chapter_respects_the_bit_error_limit():
    capacity = 1 - il.binary_entropy(0.1)
    for n in range(1, 62, 2):
        p_b = _majority_error(n, 0.1)
        assert 1 / n <= capacity / (1 - il.binary_entropy(p_b))
    for n, k, bit, _ in _hamming_simulation():
        assert k / n <= capacity / (1 - il.binary_entropy(bit))


def test_shannon_limit_is_left_to_chapter_8_s_gaussian_channel(notebook, prose):
    text = json.dumps(notebook["cells"])
    assert "Shannon limit" not in text and "shannon limit" not in text.lower()
    assert "bit-error limit" in prose
    chapter8 = _prose(_load("08_continuous.ipynb"))
    assert "Shannon limit" in chapter8 and "-1.59" in chapter8


def test_symmetric_is_the_stronger_condition_as_the_text_says(prose):
    assert "A weakly symmetric channel (in particular a symmetric one)" in prose
    assert "weaker" not in prose and "stronger" not in prose
    # columns that are permutations of each other have equal sums: symmetric implies weakly symmetric
    rng = np.random.default_rng(3)
    for size in [2, 3, 5]:
        row = rng.dirichlet(np.ones(size))
        w = np.array([np.roll(row, s) for s in range(size)])             # circulant: symmetric
        assert np.allclose(np.sort(w, axis=0), np.sort(w[:, :1], axis=0))
        assert np.allclose(w.sum(axis=0), w.sum(axis=0)[0])
    # and not conversely: the chapter's weakly symmetric example is not symmetric
    weak = np.array([[1 / 3, 1 / 6, 1 / 2], [1 / 3, 1 / 2, 1 / 6]])
    assert np.allclose(weak.sum(axis=0), weak.sum(axis=0)[0])
    assert not np.allclose(np.sort(weak, axis=0), np.sort(weak[:, :1], axis=0))


def test_quoted_results_are_marked_as_quoted_with_a_reference(prose):
    assert _flat(
        "```{note} Quoted, not proved here: the **strong converse** says that for every sequence of codes of a "
        "fixed rate $R > C$, the error probability tends to 1 as $n \\to \\infty$ {cite:p}`cover2006elements`. ```"
    ) in prose
    assert _flat(
        "both bounds converge to $C$ (quoted, not proved here: {cite:t}`blahut1972computation`, "
        "{cite:t}`arimoto1972algorithm`)"
    ) in prose


def test_one_letter_one_meaning_for_the_counts_and_the_message(prose):
    # the repetition error is named as a binomial tail, with no summation index to clash with k or j
    assert "the exact probability that more than $n/2$ of the $n$ copies are flipped, a tail of the binomial" in prose
    assert "a message $u$ (a row of four bits) becomes the codeword $t = u\\mathbf{G}$" in prose
    exercise = _section(prose, ":label: ch7-ex-bound", "```{exercise}")
    assert not re.search(r"\$n\$|log_2 n\b", exercise)


def test_channel_matrix_always_carries_its_subscripts(prose):
    # the notation page: W alone is chapter 8's bandwidth; the channel matrix is W_{xy} (W_1, W_2 name two channels)
    assert not re.search(r"W(?![_a-zA-Z])", prose)
    assert "p_X W" not in prose and "p'W" not in prose
    notation = (Path(__file__).resolve().parents[2] / "notation.md").read_text(encoding="utf-8")
    assert "the channel matrix $W_{xy}$ always carries its subscripts" in notation


# --- f = 0, names a reader sees, the conditions' proof, quoted theorems -----------------------


def test_map_theorem_excludes_f_zero_where_a_non_codeword_has_no_posterior(prose):
    theorem = _section(prose, ":label: ch7-thm-map", "```")
    assert "On a binary symmetric channel with $0 < f < 1/2$ and equally likely messages" in theorem
    assert "and $0 < f / (1 - f) < 1$, so the posterior" in prose
    assert not re.search(r"(?<!0 < )\$?f < 1/2\$", prose.replace("$0 < f < 1/2$", ""))
    code, words = il.HammingCode(), il.HammingCode().codewords()
    every_word = np.array(list(product((0, 1), repeat=7)))
    d = (every_word[:, None, :] != words[None, :, :]).sum(axis=2)           # (128, 16)
    is_codeword = (d == 0).any(axis=1)
    # at f = 0 a word that is not a codeword has likelihood 0 under every codeword: no posterior at all
    assert (0.0 ** d * 1.0 ** (7 - d))[~is_codeword].sum() == 0 and (~is_codeword).sum() == 112
    for f in [1e-6, 0.1, 0.3, 0.499]:
        likelihood = f**d * (1 - f) ** (7 - d)
        best = likelihood.max(axis=1, keepdims=True)
        assert ((likelihood == best).sum(axis=1) == 1).all()                # the MAP codeword is unique
        assert (words[likelihood.argmax(axis=1)] == code.correct(every_word)).all()


def _visible_code_cells(notebook):
    return ["".join(c["source"]) for c in notebook["cells"]
            if c["cell_type"] == "code" and "remove-input" not in c["metadata"].get("tags", [])
            and "setup" not in c["metadata"].get("tags", [])]


def test_every_name_a_visible_cell_uses_is_defined_in_a_visible_cell(notebook):
    import ast
    import builtins

    defined = set(dir(builtins))
    for source in _visible_code_cells(notebook):
        tree = ast.parse(source)
        here = set(defined)
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                here.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                here.add(node.name)
            elif isinstance(node, ast.arg):
                here.add(node.arg)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                here.update((a.asname or a.name).split(".")[0] for a in node.names)
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        assert used <= here, f"{sorted(used - here)} used before a visible cell defines it: {source[:60]!r}"
        defined = here
    first = next(s for s in _visible_code_cells(notebook)
                 if any(isinstance(n, ast.Name) and n.id == "capacity" for n in ast.walk(ast.parse(s))))
    assert re.search(r"^capacity = il\.channel_capacity\(flip\)\.capacity", first, re.M)


def test_unused_inputs_are_explained_by_the_conditions_for_capacity(prose, random_channel_result):
    assert "The bounds of {prf:ref}`ch7-thm-ba-bounds` say why." not in prose
    before = prose[: prose.index("(ch7-kkt)=")]
    assert _flat(
        "The best input distribution does not use every input. The conditions for capacity say why. They are "
        "the Kuhn-Tucker conditions of the maximisation {cite:p}`cover2006elements`, proved in {ref}`ch7-kkt` "
        "below. ```{prf:theorem} Conditions for capacity :label: ch7-thm-kkt"
    ) in before
    assert "So at a capacity-achieving input, an input with $D_x(q^*) < C$ gets probability 0" in before
    # the sentence uses the only-if half, proved later: it says where
    assert "the converse half" not in prose
    assert _flat("gets probability 0 (this follows from the *only if* half of the theorem; {ref}`ch7-kkt` "
                 "proves both halves):") in before
    section = _section(prose, "(ch7-kkt)=", "The conditions say what Blahut-Arimoto converges to")
    assert "```{prf:proof} *If.*" in section and "Proof of the *only if* half (optional)" in section
    assert "$D_x(q) < C$" not in prose  # the theorem's q*, not the q of the bounds
    # the conditions, as the sentence states them, at the random channel's best input
    w, res = random_channel_result
    d = il.kl_divergence(w, np.broadcast_to(res.output_distribution, w.shape))
    assert (res.input_distribution[d < res.capacity - 1e-9] == 0).all()


def _information_nats(p, w):
    q = p @ w
    terms = np.where(p[:, None] * w > 0, p[:, None] * w * np.log(np.where(w > 0, w, 1) / np.where(q > 0, q, 1)), 0.0)
    return terms.sum()


def test_only_if_proof_sums_over_used_outputs_and_rules_out_infinite_divergence_first(prose):
    proof = _section(prose, "````{admonition} Proof of the *only if* half (optional)", "````")
    assert "Let $S$ be the set of outputs $y$ with $q^*(y) > 0$." in proof
    assert "(If $W_{x'y} > 0$ for an output with $q^*(y) = 0$" not in proof
    # the outputs outside S are dealt with before the derivative, whose sums run over S only
    assert proof.index("First, $x'$ reaches only outputs in $S$.") < proof.index("\\frac{dI_\\lambda}{d\\lambda}")
    assert "\\sum_{y \\in S} \\frac{\\sum_x p^*(x) W_{xy}}{q^*(y)}" in proof
    assert "$m = \\sum_{y \\notin S} W_{x'y} > 0$" in proof
    assert "= m \\lambda \\ln \\frac{1}{\\lambda} + O(\\lambda)$" in proof
    # the derivative is D_x'(q*) - C at the capacity-achieving input, for channels with zero entries and
    # unused inputs (central differences on the right of 0, in nats)
    rng = np.random.default_rng(11)
    channels = [rng.dirichlet(np.full(8, 0.5), size=10), il.z_channel(0.5), il.binary_erasure_channel(0.25),
                np.array([[1.0, 0, 0], [0, 1.0, 0], [0.5, 0.5, 0]])]    # the last input is unused, D < C
    for w in channels:
        res = il.channel_capacity(w)
        p, c = res.input_distribution, res.capacity * math.log(2)
        q = p @ w
        assert abs(_information_nats(p, w) - c) < 1e-9
        d = np.array([sum(wy * math.log(wy / qy) for wy, qy in zip(row, q) if wy > 0) for row in w])
        for x in range(w.shape[0]):
            e = np.eye(w.shape[0])[x]
            lam = 1e-5
            slope = (_information_nats((1 - 2 * lam) * p + 2 * lam * e, w) - _information_nats((1 - lam) * p + lam * e, w)) / lam
            # I(2 lam) - I(lam) over lam is the derivative up to O(lam)
            assert slope == pytest.approx(d[x] - c, abs=1e-3)
    # an input that reaches an output of probability 0 gains information at a rate that grows like ln(1/lambda)
    w, p = np.eye(3), np.array([0.5, 0.5, 0.0])
    rates = [(_information_nats((1 - lam) * p + lam * np.eye(3)[2], w) - _information_nats(p, w)) / lam
             for lam in [1e-2, 1e-4, 1e-6]]
    assert rates[0] < rates[1] < rates[2]
    assert all(r - math.log(1 / lam) == pytest.approx(rates[0] - math.log(100), abs=0.05)
               for r, lam in zip(rates, [1e-2, 1e-4, 1e-6]))


def test_random_code_has_a_whole_number_of_codewords_and_the_same_failure_events_for_every_message(prose):
    sketch = _section(prose, "(ch7-achievability)=", "The next cell tries random codes at short lengths")
    assert "$\\lceil 2^{nR'} \\rceil$ codewords" in sketch
    assert "it is the same for every message" not in sketch
    assert _flat(
        "these events have the same probability for every message, because every codeword is drawn in the "
        "same way. So suppose the first message was sent;"
    ) in sketch
    # the fallback is explained once, where the decoder is defined, not again in a second parenthesis
    assert sketch.count("fallback") == 1
    assert "the fallback to the first message is right when the first was sent" not in sketch
    assert "$\\lceil 2^{nR'} \\rceil - 1 < 2^{nR'}$ others" in sketch
    for n, rate in [(7, 0.3), (10, 0.45), (25, 0.52)]:
        m = math.ceil(2 ** (n * rate))
        assert m - 1 < 2 ** (n * rate) <= m and math.ceil(m / 2) >= 2 ** (n * rate - 1)


def test_capacity_bound_is_proved_where_it_is_first_stated_and_not_again_in_an_exercise(prose):
    # the bound is used (log2 8 = 3 for the random channel) long before the exercises: its two-line proof
    # stands where it is stated, and the exercise asks only for what that proof does not give
    first = prose.index("\\le \\log \\min(|\\mathcal{X}|, |\\mathcal{Y}|)")
    assert prose[first:].startswith(_flat(
        "\\le \\log \\min(|\\mathcal{X}|, |\\mathcal{Y}|)$, because for every input distribution "
        "$I(X; Y) = H(X) - H(X \\mid Y) \\le H(X) \\le \\log |\\mathcal{X}|$ and "
        "$I(X; Y) = H(Y) - H(Y \\mid X) \\le H(Y) \\le \\log |\\mathcal{Y}|$"))
    exercise = _section(prose, ":label: ch7-ex-bound", ":label: ch7-ex-z-channel")
    assert "Prove the bound" not in exercise and "H(X \\mid Y) \\le H(X)" not in exercise
    assert "Prove that a channel whose rows are all equal has $C = 0$." in exercise


def _bit_error_limit_at(rate, capacity, f):
    """The smallest bit error a code of this rate can have on BSC(f): 0 below capacity."""
    import scipy.optimize

    if rate <= capacity:
        return 0.0
    return scipy.optimize.brentq(lambda p: capacity / (1 - il.binary_entropy(p)) - rate, 1e-15, f)


def test_hamming_figure_shades_bit_errors_and_the_codes_that_beat_uncoded_stay_far_from_its_edge(notebook):
    caption, alt = _figure(notebook, "ch7-fig-hamming")
    assert "all these codes stay far from the bit-error limit" not in caption
    assert "The shading marks the bit-error rates some code can reach" in caption
    assert "the codes that beat uncoded transmission stay far from the edge of the shading." in caption
    assert "shaded: the bit-error rates some code can reach" in alt and "shaded as achievable" not in alt
    assert "the codes whose bit error is below 0.1 lie far from the bit-error limit" in alt
    source = next("".join(c["source"]) for c in notebook["cells"]
                  if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "ch7-fig-hamming")
    assert 'label="bit errors some code can reach"' in source and "achievable by some code" not in source
    # far: each code that beats f = 0.1 has a bit error at least five times what the limit allows at its rate,
    # and the limit reaches its bit error only at a rate at least 1.4 times its own
    f = 0.1
    capacity = 1 - il.binary_entropy(f)
    codes = [(1 / n, _majority_error(n, f)) for n in range(3, 26, 2)]
    codes += [(k / n, bit) for n, k, bit, _ in _hamming_simulation() if bit < f]
    assert len(codes) >= 13
    for rate, bit in codes:
        assert _bit_error_limit_at(rate, capacity, f) <= bit / 5
        assert capacity / (1 - il.binary_entropy(bit)) >= 1.4 * rate
    # and the two that do not beat it (Hamming(15,11) and Hamming(31,26)) are the ones the caption leaves out
    assert [n for n, k, bit, _ in _hamming_simulation() if bit >= f] == [15, 31]


def test_what_you_will_learn_allows_more_than_one_best_input(notebook, prose):
    opening = _flat("".join(notebook["cells"][0]["source"]))
    assert "the conditions that characterise the best inputs" in opening
    assert "single out the best input" not in prose
    assert "the best input distribution need not be unique" in prose


def test_cascade_exercise_names_the_relayed_output_y_prime_not_z_nor_v(prose):
    exercise = _section(prose, ":label: ch7-ex-cascade", ":label: ch7-ex-bound")
    assert "$X \\to Y \\to Y'$ is a Markov chain" in exercise and "$I(X; Y') \\le I(X; Y)$" in exercise
    assert "the output of the first channel $Y$ and that of the second $Y'$." in exercise
    # the product needs Y' to depend on X only through Y, said where the product is used
    assert _flat("is the product of their matrices, since the second channel sees only $Y$: "
                 "$\\Pr(Y' = y' \\mid X = x) = \\sum_y W_{xy} W_{yy'}$.") in exercise
    assert not re.search(r"\bZ\b|z \\mid", exercise)
    # V is the source of the separation theorem, so the relayed output is not V; Y' means nothing else
    assert not re.search(r"(?<![\\\w{])V(?![\w}])", exercise)
    outside = prose.replace(exercise, "")
    assert "Y'" not in outside
    # the identity: the cascade's matrix is the product, a binary symmetric channel with 2f(1 - f)
    w = il.binary_symmetric_channel(0.1)
    cascade = np.array([[sum(w[x, y] * w[y, v] for y in range(2)) for v in range(2)] for x in range(2)])
    np.testing.assert_allclose(cascade, il.binary_symmetric_channel(2 * 0.1 * 0.9), atol=1e-15)


def test_feedback_and_source_channel_separation_are_quoted_from_cover_and_thomas(prose):
    assert _flat(
        "```{note} Quoted, not proved here: **feedback** does not raise the capacity of a discrete memoryless "
        "channel: a sender who sees every output before choosing the next input still cannot send reliably at "
        "any rate above $C$ ({cite:t}`cover2006elements`, Section 7.12). ```"
    ) in prose
    assert _flat(
        "```{note} Quoted, not proved here: the **source-channel separation theorem** says that a source of "
        "independent, identically distributed symbols $V_1, V_2, \\dots$, each distributed as $V$, with entropy $H(V)$ bits "
        "per symbol, one symbol per channel use, can be sent with an error probability as small as wanted if $H(V) < C$, "
        "and cannot if $H(V) > C$"
    ) in prose
    assert "({cite:t}`cover2006elements`, Section 7.13, which proves it" in prose
    bib = (Path(__file__).resolve().parents[2] / "references.bib").read_text(encoding="utf-8")
    assert re.search(r"@book\{cover2006elements,", bib, re.I)


# --- the fourth reading: what the accelerated run hides, bounds at twice the capacity, references ---


def _classical_update(p, w):
    """One update p(x) <- p(x) e^{D_x} / sum_x' p(x') e^{D_x'}, with the D_x in nats, and I(X; Y) in nats."""
    q = p @ w
    d = (w * np.log(np.where(w > 0, w, 1) / np.where(w > 0, q, 1))).sum(axis=1)
    return p * np.exp(d) / (p @ np.exp(d)), float(p @ d)


def test_unused_input_shrinks_by_about_e_to_the_d_minus_c_at_each_classical_update(notebook, prose,
                                                                                   random_channel_result):
    w, res = random_channel_result
    c = res.capacity * math.log(2)
    d = il.kl_divergence(w, np.broadcast_to(res.output_distribution, w.shape), base="nats")
    unused = np.flatnonzero(res.input_distribution == 0)
    # from just beside the best input, one update multiplies each unused probability by e^{D_x - C}
    p = 0.999_999 * res.input_distribution + 1e-7
    p_next, _ = _classical_update(p, w)
    np.testing.assert_allclose(p_next[unused] / p[unused], np.exp(d[unused] - c), rtol=1e-5)
    assert _flat(
        "each update multiplies the probability of an unused input by about $e^{D_x - C}$. When $D_x$ is only "
        "slightly below $C$, that factor is only slightly below 1: it takes about $1/(C - D_x)$ updates to shrink "
        "the probability by a factor of $e$."
    ) in prose
    # the table prints these numbers for the four unused inputs
    table = _table(notebook, "p_next = p_near * np.exp(d_near)").splitlines()
    rows = [row.split() for row in table[2:] if row.strip()]
    assert [int(r[0]) for r in rows] == unused.tolist()
    for r, x in zip(rows, unused):
        assert r[1:] == [f"{d[x] - c:.4f}", f"{math.exp(d[x] - c):.4f}", f"{p_next[x] / p[x]:.4f}",
                         f"{1 / (c - d[x]):.0f}"]
    # "the two nearly used inputs lose a factor of e only once in a hundred updates or so"
    slow = sorted(1 / (c - d[unused]))[-2:]
    assert "only once in a hundred updates or so" in prose and all(50 < s < 200 for s in slow)
    # "the classical iteration needs thousands of updates on this channel"
    *_, updates = function(CHAPTER, "classic_blahut_arimoto")(w, 1e-9)
    assert "the classical iteration needs thousands of updates on this channel" in prose and updates >= 2000


def test_blahut_arimoto_figure_says_it_draws_the_accelerated_run(notebook, random_channel_result):
    w, res = random_channel_result
    caption, alt = _figure(notebook, "ch7-fig-ba")
    assert _flat(
        "The run drawn is infolib's accelerated iteration, described in the text, not the classical one, which "
        "is much slower on this channel."
    ) in caption
    # how many updates the classical one needs is ch7-ex-classic-ba's question, answered in its solution
    assert "thirty" not in caption and "times as many" not in caption
    assert "over the 113 updates of infolib's accelerated iteration. Top:" in alt and res.iterations == 113
    # the first update is the classical one; the second is already longer
    p = np.full(10, 0.1)
    lower = []
    for _ in range(3):
        p, i = _classical_update(p, w)
        lower.append(i / math.log(2))
    lower = lower[1:]                      # I after one and after two classical updates
    assert res.lower_bounds[1] == pytest.approx(lower[0], abs=1e-12)
    assert res.lower_bounds[2] > lower[1] + 1e-6
    # much slower: over thirty times as many updates, to infolib's tolerance of 1e-12 bits, as the exercise's
    # solution prints
    assert res.gap <= 1e-12
    *_, updates = function(CHAPTER, "classic_blahut_arimoto")(w, 1e-12)
    assert updates > 30 * res.iterations
    printed = _stdout(notebook, "def classic_blahut_arimoto(")
    assert (f"to infolib's tolerance, 1e-12 bits: classical {updates} updates, infolib {res.iterations}, "
            f"{updates / res.iterations:.0f} times as many") in printed


def test_blahut_arimoto_monotonicity_is_quoted_once_and_stated_as_never_lowering(prose):
    assert prose.count("quoted, not proved here: {cite:t}`blahut1972computation`") == 1
    assert _flat(
        "the classical update never lowers it, and infolib takes a longer step, or a Newton step, only when "
        "that step does not lower it either;"
    ) in prose
    assert "takes a longer step only when" not in prose
    assert "Each update never decreases $I(X; Y)$" in prose
    # the quoted result, on the chapter's random channel and on random starts
    rng = np.random.default_rng(11)
    w = rng.dirichlet(np.full(8, 0.5), size=10)
    for p in [np.full(10, 0.1), *rng.dirichlet(np.ones(10), size=5)]:
        information = []
        for _ in range(300):
            p, i = _classical_update(p, w)
            information.append(i)
        assert (np.diff(information) >= -1e-14).all()


def test_converse_at_twice_the_capacity_stays_below_one_half_and_approaches_it(prose):
    assert _flat(
        "At twice the capacity, $R = 2C$, it is $\\frac12 - \\frac{1}{nR}$: below one half for every $n$, but as "
        "close to it as wanted for long blocks. Whatever the code, sending at twice the capacity loses nearly half "
        "of the messages, or more, once the blocks are long."
    ) in prose
    capacity = 1 - il.binary_entropy(0.1)
    rate = 2 * capacity
    bound = [1 - capacity / rate - 1 / (n * rate) for n in range(1, 10_001)]
    assert all(b < 0.5 for b in bound) and bound[-1] > 0.5 - 1e-3
    assert all(b == pytest.approx(0.5 - 1 / (n * rate), abs=1e-15) for n, b in enumerate(bound, start=1))


def test_achievability_is_called_a_proof_given_the_aep_of_chapter_3(prose):
    argument = _section(prose, "(ch7-achievability)=", "The next cell tries random codes at short lengths")
    assert _flat(
        "With the AEP of {doc}`03_entropy`, this is a complete proof; {cite:t}`cover2006elements` (Section 7.7) "
        "gives it in more detail."
    ) in argument
    assert "sketch" not in argument
    assert _flat("prove the converse with Fano's inequality and, in an optional section, achievability") in prose
    # chapter 3 proves the AEP, both halves the argument uses
    chapter3 = _prose(_load("03_entropy.ipynb"))
    aep = chapter3[chapter3.index(":label: ch3-thm-aep") :]
    assert _block(aep, "```{prf:proof}")  # the proof is there, and closed
    assert "there are at most $2^{n(H + \\varepsilon)}$ typical sequences" in aep


def test_random_code_decoder_cites_the_optimality_of_the_map_guess(prose):
    assert _flat(
        "(ties go to the first), and no decoder errs less often than the MAP guess "
        "({ref}`chapter 6 <ch6-map-guess>`); so this decoder errs no more often than the typicality decoder"
    ) in prose
    chapter6 = _prose(_load("06_mutual_information.ipynb"))
    section = chapter6[chapter6.index("(ch6-map-guess)=") :]
    assert "No rule $g$ that sees only the sum is right more often." in section[:1500]


def test_sources_notes_the_chapter_names_are_sections_of_the_sources_page(prose):
    sources = (Path(__file__).resolve().parents[2] / "sources.md").read_text(encoding="utf-8")
    assert _flat(
        "The page {doc}`../sources` has two notes on this chapter: where the course's two source texts stop short of "
        "channels, and how this chapter numbers the bits of Hamming(7,4) compared with "
        "{cite:t}`mackay2003information`."
    ) in prose
    assert "The course began from two short texts" in sources
    where = sources[sources.index("### Where the sources stop") :]
    assert "Neither source mentions channels." in where[:300]
    assert "{doc}`chapters/07_noisy_channels`" in where[: where.index("\n## ")]
    assert "### How Hamming(7,4) numbers its message bits" in sources
    assert "misstatement" not in sources.lower()


# --- shading, decoding, forward references, repetition ----------------------------------------


def _hamming_figure_source(notebook: dict) -> str:
    return next("".join(c["source"]) for c in notebook["cells"]
                if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "ch7-fig-hamming")


def test_hamming_figure_shades_no_bit_error_above_one_half_and_no_rate_above_one(notebook):
    # inverting the decoder's output turns p_b into 1 - p_b, so errors near 1 are no easier than near 0,
    # and the bit-error limit is proved only for p_b < 1/2: the shading claims errors up to 1/2 only
    source = _hamming_figure_source(notebook)
    fills = re.findall(r"ax\.fill_between\(\[0, ([0-9.]+)\], p_flip, ([0-9.]+)", source)
    assert fills and all(float(x) <= 1 and float(top) <= 0.5 for x, top in fills)
    assert "fill_between([0, 1.02]" not in source and ", p_flip, 1," not in source
    # the other shaded region lies left of the limit curve, at errors up to the uncoded f = 0.1
    assert "ax.fill_betweenx(p_b_plot, 0, rate_limit_plot" in source
    assert "p_b_plot = np.logspace(math.log10(bottom), math.log10(p_flip), 400)" in source
    caption, alt = _figure(notebook, "ch7-fig-hamming")
    assert "every error above the uncoded 0.1" not in caption and "every error from 0.1 to 1" not in alt
    assert "and every error between the uncoded 0.1 and ½" in caption
    assert "and every error between 0.1 and ½ at rates up to 1, is shaded" in alt
    # at rate 1, a code with bit error p has one with 1 - p: the reachable errors are symmetric about 1/2
    f = 0.1
    assert 1 - f > 0.5 and il.binary_entropy(1 - f) == pytest.approx(il.binary_entropy(f))


def test_hamming_figure_draws_repetition_codes_as_markers_and_labels_clear_of_the_squares(notebook):
    source = _hamming_figure_source(notebook)
    line = re.search(r"ax\.semilogy\(1 / n_rep, rep_error, ([^,]+),", source).group(1)
    assert line == '"o"'  # markers only: no segment across rates where no repetition code exists
    assert '(15, 11): ("block", (-7, 0), "right", "center")' in source  # left of its square, away from (31,26)
    _, alt = _figure(notebook, "ch7-fig-hamming")
    assert "The repetition codes (blue dots, not joined" in alt


def test_repetition_figure_legend_lies_below_the_axes_clear_of_the_capacity_line(notebook):
    source = next("".join(c["source"]) for c in notebook["cells"]
                  if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "ch7-fig-repetition")
    anchor = re.search(r'ax\.legend\(loc="upper center", bbox_to_anchor=\(0\.5, (-[0-9.]+)\)', source)
    assert anchor and float(anchor.group(1)) < 0  # outside the axes, where the dashed line does not run
    assert 'loc="lower right"' not in source


def test_hamming_decodes_wrongly_exactly_when_two_or_more_bits_flip(prose):
    assert _flat(
        "so the decoder changes at most one bit and always ends at syndrome 0. The error pattern left after "
        "decoding is the channel's pattern with at most one bit changed: if two or more bits flipped, that pattern "
        "still has weight at least 1, so the decoded word differs from the codeword sent."
    ) in prose
    assert _flat(
        "The corrected word has syndrome 0, so it is a codeword ($\\mathbf{H}$ has rank $r$, since its columns "
        "include the $r$ patterns with a single 1, the columns of the $r \\times r$ identity, so exactly "
        "$2^{n - r}$ words, $2^{7 - 3} = 16$ for Hamming(7,4), have syndrome 0: the codewords). "
        "`il.HammingCode(r)` puts those $r$ columns last, so that they form the $r \\times r$ identity, and its "
        "$\\mathbf{G}$ starts with the $(n - r) \\times (n - r)$ identity, so every codeword starts with its "
        "message, and the first $n - r$ bits of the decoded word are a different message."
    ) in prose
    # every codeword and every error pattern of weight 2 to 7: the decoder never returns the codeword sent
    code = il.HammingCode()
    np.testing.assert_array_equal(code.parity_check[:, 4:], np.eye(3, dtype=int))  # last three columns: I_3
    words = code.codewords()
    np.testing.assert_array_equal(words[:, :4], np.array(list(product([0, 1], repeat=4))))  # message bits first
    every = np.array(list(product([0, 1], repeat=7)))
    zero = every[((every @ code.parity_check.T) % 2 == 0).all(axis=1)]
    assert {tuple(w) for w in zero} == {tuple(w) for w in words}  # the 16 words of syndrome 0 are the codewords
    patterns = np.array([v for v in product([0, 1], repeat=7) if sum(v) >= 2])
    for t in words:
        corrected = code.correct(t ^ patterns)
        assert not (corrected == t).all(axis=1).any()
        assert ((corrected ^ t ^ patterns).sum(axis=1) <= 1).all()  # at most one bit changed
        assert ((corrected @ code.parity_check.T) % 2 == 0).all()   # syndrome 0: a codeword
        assert (code.decode(t ^ patterns) != t[:4]).any(axis=1).all()  # a different message


def test_memoryless_is_defined_apart_from_feedback_and_the_converse_uses_both(prose):
    definition = _section(prose, ":label: ch7-def-channel", "Three channels with two inputs")
    assert "$\\Pr(y_i \\mid x_1, \\dots, x_i, y_1, \\dots, y_{i-1}) = \\Pr(y_i \\mid x_i)$" in definition
    assert _flat("Used **without feedback**, when the inputs do not depend on earlier outputs, the outputs for "
                 "inputs $x_1, \\dots, x_n$ then have probability $\\prod_{i=1}^n \\Pr(y_i \\mid x_i)$.") in definition
    converse = _section(prose, ":label: ch7-thm-weak-converse", "As $n$ grows the bound")
    assert "used without feedback" in converse
    assert _flat("Without feedback, given the inputs the outputs are independent and $Y_i$ depends on $X_i$ alone "
                 "({prf:ref}`ch7-def-channel`)") in converse


def test_expurgation_keeps_the_decoder_and_says_why_at_most_half_the_messages_err_twice_the_average(prose):
    sketch = _section(prose, "(ch7-achievability)=", "The next cell tries random codes at short lengths")
    assert "keep the decoder unchanged" in sketch
    assert "a received word decoded to a discarded message counts as an error" in sketch
    # Markov's inequality is stated nowhere in the course: the one-line argument stands in its place
    assert "Markov's inequality" not in prose
    assert _flat(
        "At most half of the messages can have error above twice the average (if more than half did, their "
        "errors alone would add up to more than the total of all the errors), so"
    ) in sketch
    # Markov: for errors e_m >= 0 with mean a, fewer than half exceed 2a
    rng = np.random.default_rng(0)
    for _ in range(100):
        e = rng.exponential(size=64) ** 3
        assert (e > 2 * e.mean()).sum() <= len(e) / 2


def test_results_are_stated_where_first_used_and_proved_later_in_their_section(notebook, prose):
    for label, section in [("ch7-thm-kkt", "(ch7-kkt)=")]:
        start = prose.index(section)
        # the statement comes first, once, before the section that proves it, and says where the proof is
        assert prose.count(f":label: {label}") == 1
        assert prose.index(label) == prose.index(f":label: {label}") + len(":label: ")
        assert prose.index(f":label: {label}") < start
        assert f"proved in {{ref}}`{section[1:-2]}`" in prose[:prose.index(f":label: {label}")]
        # a plain sentence naming the theorem leads into its proof box (the box itself says "Proof")
        lead = f"Here is why {{prf:ref}}`{label}` holds"
        assert lead in prose[start:]
        assert start < prose.index(lead) < prose.index("```{prf:proof}", start + 1)
        assert "```" not in prose[prose.index(lead) : prose.index("```{prf:proof}", start + 1)]
    assert "proved after the coding theorem" not in prose
    assert "proved in {ref}`ch7-kkt` below) say why" not in prose
    # the bit-error limit is stated in its own section, once, right before its proof
    start = prose.index("(ch7-bit-error)=")
    assert prose.count(":label: ch7-thm-bit-error") == 1
    stated = prose.index(":label: ch7-thm-bit-error")
    lead = "The proof is the argument of the converse, applied to each message bit."
    assert start < stated < prose.index(lead) < prose.index("```{prf:proof}", stated)
    assert "```" not in prose[prose.index(lead) : prose.index("```{prf:proof}", stated)]
    # the code that first computes or draws the bit-error limit comes after its statement and its proof
    cells = ["".join(c["source"]) for c in notebook["cells"]]
    stated = next(i for i, c in enumerate(cells) if ":label: ch7-thm-bit-error" in c)
    used = next(i for i, c in enumerate(cells) if "capacity / (1 - il.binary_entropy(" in c)
    assert stated < used
    assert "Then $R \\le C / (1 - H_{\\mathrm{b}}(p_b))$." in cells[stated]
    label_at = cells[stated].index(":label: ch7-thm-bit-error")
    assert "```{prf:proof}" in cells[stated][label_at:]  # its proof follows in the same cell, before the code
    unused = next(i for i, c in enumerate(cells) if "D_x(q^*) < C$ gets probability 0" in c)
    assert cells[unused].index(":label: ch7-thm-kkt") < cells[unused].index("D_x(q^*) < C$ gets probability 0")


def test_conditions_for_capacity_and_the_erasure_channel_at_one_third_are_stated_once(prose):
    # the conditions are stated in the theorem; elsewhere the chapter refers to it (the summary keeps one line)
    assert prose.count("every input in use has divergence $D_x(q) = C$") == 0
    assert "which is why an unused input's divergence is at most the capacity" not in prose
    assert prose.count("and every other input at most $C$") == 1
    assert prose.count("D_x(q^*) &\\le c") == 1
    # alpha != 1/3: argued once in the body, named once in the summary, not restated in the exercise
    assert prose.count("it is not even weakly symmetric") == 1
    exercise = _section(prose, ":label: ch7-ex-symmetric", ":label: ch7-ex-write-hamming")
    # the exercise names the exception and refers to the body's argument for it
    assert _flat("achieves the erasure channel's capacity $1 - \\alpha$, a case {prf:ref}`ch7-thm-symmetric` "
                 "does not cover when $\\alpha \\ne 1/3$.") in exercise
    assert exercise.count("1/3") == 1 and "weakly symmetric" not in exercise
    assert "the erasure channel is not symmetric, nor weakly symmetric unless $\\alpha = 1/3$." in prose


def test_summary_follows_the_order_of_the_chapter(prose):
    summary = prose[prose.index("## Summary"):]
    assert summary.index("{prf:ref}`ch7-thm-kkt`") < summary.index("The noisy typewriter carries")
    assert prose.index("(ch7-kkt)=") < prose.index("## The noisy typewriter")


def test_repetition_figure_draws_the_exact_errors_as_markers_only(notebook):
    source = next("".join(c["source"]) for c in notebook["cells"]
                  if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "ch7-fig-repetition")
    fmt = re.search(r"ax\.semilogy\(1 / n_fine, exact_fine, ([^,]+),", source).group(1)
    assert fmt == '"."'  # no segment from rate 1/3 to rate 1, where no repetition code exists
    _, alt = _figure(notebook, "ch7-fig-repetition")
    assert "small dots, not joined, since no repetition code lies between their rates" in alt


# --- exact statements and where results are cited ---------------------------------------------


def test_symmetric_channel_capacity_is_introduced_by_the_bound_its_proof_uses(prose):
    assert "For some channels the capacity follows in one line from $H(Y) \\le \\log_2 |\\mathcal{Y}|$." in prose
    proof = _section(prose, ":label: ch7-thm-symmetric", "The binary symmetric channel is symmetric")
    assert "\\le \\log_2 |\\mathcal{Y}| - H(\\rho)$ ({prf:ref}`ch3-thm-bounds`)" in proof
    assert "ch7-thm-kkt" not in proof


def test_chapter_6_results_are_cited_by_their_theorem_labels(prose):
    chapter6 = _prose(_load("06_mutual_information.ipynb"))
    for label in ["ch6-thm-concavity", "ch6-thm-fano"]:
        assert f":label: {label}" in chapter6
    assert "is a **concave** function of $p_X$ ({prf:ref}`ch6-thm-concavity`)." in prose
    assert "1. For a fixed channel $p(y \\mid x)$, $I(X; Y)$ is a concave function of the input distribution" \
        in chapter6
    assert prose.count("{prf:ref}`ch6-thm-fano`") == 2
    assert "{doc}`06_mutual_information` proves" not in prose and "proved in {doc}`06_mutual_information`" not in prose


def test_divergence_sums_state_their_convention_for_unused_inputs(prose):
    bounds = _section(prose, ":label: ch7-thm-ba-bounds", "```{prf:proof}")
    assert _flat(
        "For $p(x) > 0$, $D_x(q)$ is finite, since $q(y) \\ge p(x) W_{xy}$; an unused input may have "
        "$D_x(q) = \\infty$, and its term $p(x) D_x(q)$ then counts as 0 (the convention $0 \\cdot \\infty = 0$)."
    ) in bounds
    # the proof of the upper bound handles an infinite maximum before splitting the logarithm
    proof = _section(prose, ":label: ch7-thm-ba-bounds", "The bounds suggest the algorithm.")
    assert _flat("If $\\max_x D_x(q) = \\infty$ there is nothing to prove on the right; otherwise take any "
                 "input distribution $p'$") in proof
    assert proof.index("nothing to prove") < proof.index("Splitting the logarithm")
    conditions = _section(prose, ":label: ch7-thm-kkt", "```")
    assert _flat("(An unused input may have $D_x(q^*) = \\infty$, if it reaches an output that $q^*$ gives "
                 "probability 0; the conditions then fail.)") in conditions
    # an unused input that reaches an output of probability 0: its divergence is infinite, the bounds still hold
    w = np.array([[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]])
    p = np.array([0.5, 0.5, 0.0])
    q = p @ w
    with np.errstate(divide="ignore"):
        d = np.array([sum(wy * math.log2(wy / qy) for wy, qy in zip(row, q) if wy > 0) for row in w])
    assert np.isinf(d[2]) and np.isfinite(d[:2]).all()
    lower = float(np.sum(p[:2] * d[:2]))       # the term of the unused input counts as 0
    assert lower == pytest.approx(1) and lower <= il.channel_capacity(w).capacity + 1e-12 <= d.max()


def test_accelerated_iteration_is_described_once_and_referred_to_elsewhere(notebook, prose):
    full = _flat(
        "To go faster it lengthens the step ($e^{\\mu D_x}$ with $\\mu > 1$, the accelerated update of "
        "{cite:t}`matz2004information`) while that keeps increasing "
        "$I(X; Y)$, and once the bounds are close it finishes with Newton's method on the inputs in use;"
    )
    assert prose.count(full) == 1
    caption, alt = _figure(notebook, "ch7-fig-ba")
    for text in (caption, alt):
        assert "Newton" not in text and "longer step" not in text
    assert "lengthens its steps" not in prose
    assert "That is why `il.channel_capacity` uses the faster iteration of {numref}`ch7-fig-ba`." in prose
    # the figure's own text still names Newton's method where the gap collapses
    assert "collapses in the last update, when Newton's method finishes the job." in prose


def test_hamming_rank_is_stated_once_and_the_map_proof_refers_to_it(prose):
    assert prose.count("has rank $r$") == 1
    assert "exactly $2^{n - r}$ words, $2^{7 - 3} = 16$ for Hamming(7,4), have syndrome 0: the codewords" in prose
    proof = prose[prose.index("Syndrome decoding returns it:"):]
    assert proof.startswith(_flat(
        "Syndrome decoding returns it: if $s = 0$, $y$ is itself a codeword (the words with syndrome 0 are the "
        "16 codewords, as shown above);"
    ))
    assert prose.index("has rank $r$") < prose.index("Syndrome decoding returns it:")


def test_one_name_for_each_quantity_in_the_bounds_proof_and_the_z_channel_solution(prose):
    # I' is the derivative of the Z channel's I(a); the bounds proof names the information of p' I_{p'}
    assert prose.count("I'") == 1 and "the condition $I'(a) = 0$" in prose
    assert _flat("where $I_{p'}(X; Y)$ is the mutual information for the input $p'$.") in prose
    assert "whose $I_{p'}(X; Y)$ is $C$" in prose
    # u is the dummy variable of H_b'; the exponent is v
    solution = _block(prose, "With $H_{\\mathrm{b}}'(u) = \\log_2 \\frac{1 - u}{u}$", "```{solution-end}")
    assert "e^u" not in solution and "$u >" not in solution
    assert _flat("write $f^{-f/(1 - f)} = e^\\xi$ with $\\xi = \\frac{f \\ln(1/f)}{1 - f}$. Since $\\ln(1/f) > 1 - f$, "
                 "$\\xi > f$, and $e^\\xi \\ge 1 + \\xi > 1 + f$;") in solution
    # v is the error pattern of syndrome decoding and nothing else
    assert "e^v" not in prose and "$v >" not in prose and "$v = " not in prose
    assert "If $y = t + v$ for a codeword $t$ and an error pattern $v$" in prose
    # the step of the solution, for several f: xi > f and e^xi > 1 + f, so the denominator exceeds 2
    for f in [0.01, 0.1, 0.5, 0.9, 0.99]:
        v = f * math.log(1 / f) / (1 - f)
        assert f ** (-f / (1 - f)) == pytest.approx(math.exp(v))
        assert v > f and math.exp(v) > 1 + f and (1 - f) + math.exp(v) > 2


def test_closed_form_agreement_follows_its_table_before_the_explorable(notebook):
    cells = notebook["cells"]
    table = next(i for i, c in enumerate(cells) if c["cell_type"] == "code" and '"C erasure"' in "".join(c["source"]))
    after = _flat("".join(cells[table + 1]["source"]))
    assert cells[table + 1]["cell_type"] == "markdown"
    assert after.startswith("The numerical capacities agree with the closed forms to every printed digit.")
    assert "explorable" in cells[table + 2]["metadata"].get("tags", [])
    assert sum("to every printed digit" in "".join(c["source"]) for c in cells) == 1
    # every printed digit (six decimals) of the table agrees, and the symmetric capacity at f = 0.5 is 0
    printed = _table(notebook, '"C erasure"')
    rows = [line.split() for line in printed.splitlines() if re.match(r"\s*[0-9.]+\s+[0-9.]", line)]
    assert len(rows) == 5
    for row in rows:
        assert row[1] == row[2] and row[3] == row[4]
    assert float(rows[-1][0]) == 0.5 and float(rows[-1][1]) == 0


def test_concavity_is_not_said_to_rise_and_fall_on_every_line(prose):
    # a concave function on a line may be monotone, highest at an end point
    assert "rises to its highest value and falls again" not in prose
    assert _flat(
        "a concave function has no local maximum other than its global ones, so no lower peaks; the inputs "
        "where it is highest form a convex set"
    ) in prose


def test_capacity_conditions_name_their_number_c_and_cited_results_carry_their_labels(notebook, prose):
    # the conditions hold for some number c, which is then shown to be the capacity C, in both halves
    theorem = _section(prose, ":label: ch7-thm-kkt", "```")
    assert _flat("for some number $c$ and every input $x$, $$ \\begin{aligned} D_x(q^*) &= c && \\text{if } p^*(x) > 0, "
                 "\\\\ D_x(q^*) &\\le c && \\text{if } p^*(x) = 0 . \\end{aligned} $$ Then $c = C$, the capacity.") in theorem
    if_half = _section(prose, "Here is why {prf:ref}`ch7-thm-kkt` holds.", "The *only if* half, that every input")
    assert _flat("is $\\sum_x p^*(x) D_x(q^*) = c$, an average of values that all equal $c$, and the upper bound is "
                 "$\\max_x D_x(q^*) = c$. The capacity lies between them, so $C = c$") in if_half
    only_if = _section(prose, "````{admonition} Proof of the *only if* half (optional)", "````")
    assert "$c" not in only_if.replace("$c = C$", "")
    assert only_if.rstrip().endswith("the conditions hold with $c = C$.")
    # Gibbs' inequality is cited by its label, which chapter 3 defines
    assert "By Gibbs' inequality ({prf:ref}`ch3-thm-gibbs`) the divergence is $\\ge 0$" in prose
    assert ":label: ch3-thm-gibbs" in _prose(_load("03_entropy.ipynb"))
    # the maximum exists because the simplex is compact, not merely closed
    assert _flat("is a continuous function of $p_X$ on the simplex of input distributions, which is closed and "
                 "bounded (compact).") in prose
    assert "closed simplex" not in prose


def test_symmetric_channel_prose_keeps_f_for_binary_flips_and_the_erasure_channel_in_one_paragraph(notebook):
    cells = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]
    # the erasure channel's failure of both symmetry properties is one paragraph
    erasure = next(c for c in cells if "The binary erasure channel is **not** symmetric in this sense" in c)
    paragraph = next(p for p in erasure.split("\n\n") if "is **not** symmetric in this sense" in p)
    assert "Its rows are permutations of each other, but its column sums" in paragraph
    assert "({prf:ref}`ch7-thm-bsc-bec`)." in paragraph
    # the four-symbol channel's change probability is not called f (f is the BSC and Z flip probability)
    four = next(c for c in cells if "il.symmetric_channel(4, 0.3)" in c)
    assert _flat("the symmetric channel with four symbols that changes a symbol with total probability 0.3, into "
                 "each of the other three equally often (`il.symmetric_channel(4, 0.3)`)") in _flat(four)
    assert "$f = 0.3$" not in four
    w = il.symmetric_channel(4, 0.3)
    np.testing.assert_allclose(1 - np.diag(w), 0.3)
    np.testing.assert_allclose(w[~np.eye(4, dtype=bool)], 0.1)


def test_bit_error_limit_at_p_b_equal_f_is_one_only_for_the_probes_line(prose):
    assert _flat("$C$; for the probe's line, whose $C$ is $1 - H_{\\mathrm{b}}(f)$, at $p_b = f$ it is 1, "
                 "sending uncoded.") in prose
    f = 0.1
    c = il.channel_capacity(il.binary_symmetric_channel(f)).capacity
    assert c == pytest.approx(1 - il.binary_entropy(f), abs=1e-9)
    assert c / (1 - il.binary_entropy(f)) == pytest.approx(1, abs=1e-9)


def test_classical_iteration_solution_points_to_the_factors_in_the_table_of_unused_inputs(notebook, prose,
                                                                                        random_channel_result):
    solution = _section(prose, "```{solution-start} ch7-ex-classic-ba", "```{solution-end}")
    sentence = _flat("for the reason the table of unused inputs after {prf:ref}`ch7-thm-kkt` showed: inputs 7 and 8 "
                     "are almost worth using.")
    assert sentence in solution
    # the table's factors are not repeated in the solution: it refers to the table
    assert "0.9936" not in solution and "0.9879" not in solution
    # the input indices are those the table printed (their factors of one update are the nearest to 1),
    # and the table follows the theorem
    table = _table(notebook, "p_next = p_near * np.exp(d_near)").splitlines()
    rows = {int(r.split()[0]): r.split() for r in table[2:] if r.strip()}
    assert sorted(sorted(rows, key=lambda x: -float(rows[x][3]))[:2]) == [7, 8]
    w, res = random_channel_result
    d = il.kl_divergence(w, np.broadcast_to(res.output_distribution, w.shape), base="nats")
    unused = np.flatnonzero(res.input_distribution == 0)
    nearest = sorted(unused, key=lambda x: res.capacity * math.log(2) - d[x])[:2]
    assert sorted(int(x) for x in nearest) == [7, 8]
    cells = ["".join(c["source"]) for c in notebook["cells"]]
    stated = next(i for i, c in enumerate(cells) if ":label: ch7-thm-kkt" in c)
    shown = next(i for i, c in enumerate(cells) if "p_next = p_near * np.exp(d_near)" in c)
    assert stated < shown


def test_the_bit_error_limit_is_used_only_after_its_proof(notebook, prose):
    # the cell that prints the limit at rate 4/7 and the figure follow the proof, and the text says what they do
    cells = ["".join(c["source"]) for c in notebook["cells"]]
    used = next(i for i, c in enumerate(cells) if "limit_at_hamming = " in c)
    before = _flat(cells[used - 1])
    assert _flat("The next cell solves $C / (1 - H_{\\mathrm{b}}(p_b)) = 4/7$, the rate of Hamming(7,4), above $C$, "
                 "for the bit error below which no code of that rate can go, and {numref}`ch7-fig-hamming` draws the "
                 "whole limit with the repetition and Hamming codes.") in before
    assert "ahead of its proof" not in prose
    # the limit is a bound that codes are only quoted to approach, not the bit error of some code
    assert "smallest bit error any code" not in prose
    proof = next(i for i, c in enumerate(cells) if "(ch7-bit-error)=" in c)
    assert "```{prf:proof}" in cells[proof] and proof == used - 1
    figure = next(i for i, c in enumerate(notebook["cells"])
                  if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "ch7-fig-hamming")
    assert proof < used < figure
    # the Hamming simulation the figure draws runs before it
    simulated = next(i for i, c in enumerate(cells) if "hamming_points.append(" in c or "hamming_points = " in c)
    assert simulated < used
    # 4/7 is above the probe's line's capacity, and the printed limit is the p_b where the limit equals 4/7
    f = 0.1
    c = il.channel_capacity(il.binary_symmetric_channel(f)).capacity
    assert 4 / 7 > c
    p_b = scipy.optimize.brentq(lambda p: c / (1 - il.binary_entropy(p)) - 4 / 7, 1e-9, f)
    table = _table(notebook, "limit_at_hamming = ")
    assert f"bit-error limit  {p_b:.4f}" in table


# --- hypotheses stated where the claims are made ----------------------------------------------


def test_blahut_arimoto_is_claimed_for_discrete_memoryless_channels_only(notebook, prose):
    # the chapter also has the Gaussian channel, which the algorithm as given does not handle
    assert "finds the capacity of any channel" not in prose
    opening = _flat("".join(notebook["cells"][0]["source"]))
    summary = prose[prose.index("## Summary"):]
    for text in (opening, summary):
        assert "{term}`Blahut-Arimoto algorithm` finds the capacity of any discrete memoryless channel, with" in text
    glossary = _flat((Path(__file__).resolve().parents[2] / "glossary.md").read_text(encoding="utf-8"))
    assert "An iteration that computes the capacity of any discrete memoryless channel" in glossary


def test_reliable_use_of_every_channel_needs_positive_capacity(prose):
    assert "is how every channel can be used" not in prose
    assert _flat("is how every channel of positive capacity can be used: choose inputs whose possible outputs "
                 "hardly overlap.") in prose
    # a channel with equal rows has capacity 0: no choice of inputs gets anything through
    assert il.channel_capacity(np.array([[0.3, 0.7], [0.3, 0.7]])).capacity == pytest.approx(0, abs=1e-12)


def test_bit_error_limit_lead_in_states_the_theorems_hypothesis(prose):
    lead = _section(prose, "How good could a code be?", "```{prf:theorem} Bit-error limit")
    assert _flat("If a fraction $p_b$ of the decoded bits may be wrong ($p_b < \\tfrac12$), no code has a rate "
                 "above the **bit-error limit** $C / (1 - H_{\\mathrm{b}}(p_b))$:") in lead
    # at p_b = 1/2 the denominator is 0, and above it the limit would fall again
    assert 1 - il.binary_entropy(0.5) == pytest.approx(0, abs=1e-15)


def test_bit_error_proof_names_its_conditions_apart_from_the_generator_matrix_and_codeword(prose):
    proof = _section(prose, "The proof is the argument of the converse", "```{note}")
    assert "$G = \\hat U_i$" not in proof and "$T$ the other conditions" not in proof
    assert not re.search(r"(?<![\\\w{])[GT](?![\w}])", proof)
    # A and B are named nowhere else in the chapter's mathematics
    outside = prose.replace(proof, "")
    maths = " ".join(a or b for a, b in re.findall(r"\$\$(.+?)\$\$|\$([^$]+)\$", outside))
    assert not re.search(r"(?<![\\\w{])[AB](?![\w}])", maths)


# --- a second lecturer's read: hypotheses of comparisons, bit numbering, symbols ---------------


def test_erasure_beats_the_symmetric_channel_only_up_to_one_half(prose):
    assert _flat("For every noise level $0 < \\alpha = f \\le \\tfrac12$ the erasure channel carries more than the "
                 "binary symmetric one, since $H_{\\mathrm{b}}(f) \\ge 2f > f$ there") in prose
    assert _flat("Above one half the order can reverse: at $\\alpha = 1$ the erasure channel carries nothing, and "
                 "{ref}`ch7-ex-quick` asks what the binary symmetric channel carries at $f = 1$.") in prose
    # the answer to that exercise is left to its folded solution, not given in the text before it
    body = prose[: prose.index("## Exercises")]
    assert "flips with $1 - f$" not in body and "it carries 1 bit" not in body
    assert "flip every output back" not in body
    assert ":label: ch7-ex-quick" in prose
    # H_b lies above its chord 2f on (0, 1/2], so 1 - alpha > 1 - H_b(f) there
    f = np.linspace(1e-6, 0.5, 2001)
    assert np.all(il.binary_entropy(f) >= 2 * f - 1e-12)
    bec = [il.channel_capacity(il.binary_erasure_channel(a)).capacity for a in (0.05, 0.25, 0.5)]
    bsc = [il.channel_capacity(il.binary_symmetric_channel(a)).capacity for a in (0.05, 0.25, 0.5)]
    assert all(e > b for e, b in zip(bec, bsc))
    # the order reverses at high noise, and the symmetric channel is as good at f as at 1 - f
    assert il.channel_capacity(il.binary_symmetric_channel(0.9)).capacity > il.channel_capacity(
        il.binary_erasure_channel(0.9)).capacity
    assert il.channel_capacity(il.binary_symmetric_channel(0.9)).capacity == pytest.approx(
        il.channel_capacity(il.binary_symmetric_channel(0.1)).capacity, abs=1e-9)
    assert 1 - il.binary_entropy(1.0) == pytest.approx(1, abs=1e-15)


def test_repetition_cost_is_said_of_the_length_three_code(prose):
    assert _flat("The repetition code of length 3 protects each bit on its own, and pays two extra channel uses "
                 "for every message bit.") in prose


def test_flipped_bit_is_numbered_from_one_in_the_text_and_the_code_count_is_explained(notebook, prose):
    out = _stdout(notebook, "y[2] ^= 1")
    assert "= column 2 of H: 110" in out
    hamming = il.HammingCode()
    # column 2 counting from 0 is the third column of H, the syndrome of a flip of t_3
    assert "".join(map(str, hamming.parity_check[:, 2])) == "110"
    t = hamming.encode([1, 0, 1, 1])
    y = t.copy()
    y[2] ^= 1
    assert "".join(map(str, hamming.syndrome(y))) == "110"
    assert _flat("The bit flipped above is $t_3$, the third: Python counts from 0, so the code calls it bit 2, and "
                 "its syndrome, the third column of $\\mathbf{H}$, is printed as column 2.") in prose
    assert "the codeword of 1011 with its third bit, $t_3$, flipped." in prose


def test_equal_rows_exercise_calls_the_row_rho_as_the_symmetric_theorem_does(prose):
    solution = _section(prose, "```{solution} ch7-ex-bound", "```{exercise}")
    assert "If all rows are equal to one distribution $\\rho$, then $q = \\sum_x p(x)\\, \\rho = \\rho$" in solution
    assert not re.search(r"(?<![\\\w{])r(?![\w}])", re.sub(r"`[^`]*`", "", solution).replace("{prf:ref}", ""))
    theorem = _section(prose, ":label: ch7-thm-symmetric", "```{prf:proof}")
    assert "distribution $\\rho$" in theorem


def test_separation_note_names_the_source_and_its_entropy(prose):
    note = _section(prose, "the **source-channel separation theorem** says", "```")
    assert "$H(V) < C$" in note and "$H(V) > C$" in note and "in place of $H(V)$)" in note
    assert not re.search(r"\$H\s*[<>]", note) and "$H$" not in note
    # V means the source and nothing else in the chapter
    outside = prose.replace(note, "")
    assert not re.search(r"(?<![\\\w{])V(?![\w}])", outside)


def test_z_channel_formula_states_its_convention_at_f_zero(prose):
    assert _flat("$C = \\log_2\\!\\big(1 + (1 - f)\\, f^{f/(1 - f)}\\big)$ bits (with $0^0 = 1$ at $f = 0$)") in prose
    # with 0^0 = 1 the formula gives the noiseless channel's one bit at f = 0
    formula = math.log2(1 + (1 - 0.0) * 0.0 ** (0.0 / (1 - 0.0)))
    assert formula == 1.0
    assert il.channel_capacity(il.z_channel(0.0)).capacity == pytest.approx(formula, abs=1e-9)


def test_probabilities_are_pr_where_p_is_the_power_limit(prose):
    # P is the Gaussian channel's power limit, so no P(...) of an event or outcome is left in the text
    assert not re.search(r"(?<![\\A-Za-z_])P\(", prose)
    assert "$\\mathbb{E}[X^2] \\le P$" in prose
    assert "$P_e = \\Pr(\\hat U \\ne U)$" in prose and "$W_{xy} = \\Pr(y \\mid x)$" in prose
    notation = _flat((Path(__file__).resolve().parents[2] / "notation.md").read_text(encoding="utf-8"))
    assert _flat("{doc}`chapters/07_noisy_channels` and {doc}`chapters/08_continuous`, where $P$ is a power limit, "
                 "write $\\Pr(A)$") in notation


# --- a third lecturer's read: hypotheses in the summary, section structure -----------------


def test_summary_states_when_syndrome_decoding_is_map_decoding(prose):
    summary = _section(prose, "## Summary", "The {term}`channel coding theorem` says")
    assert _flat(
        "by syndrome decoding, which, on a binary symmetric channel with $0 < f < 1/2$ and equally likely "
        "messages, is also the MAP decoder ({prf:ref}`ch7-thm-map`)."
    ) in summary
    assert "which is also the MAP decoder" not in prose
    # the same hypotheses as the theorem it refers to
    theorem = _section(prose, ":label: ch7-thm-map", "```")
    assert "On a binary symmetric channel with $0 < f < 1/2$ and equally likely messages" in theorem


def test_symmetric_channels_are_a_section_of_their_own_proved_without_the_conditions(prose):
    # the symmetric channels' capacity uses neither concavity nor the conditions for capacity, so it is not
    # a subsection of the section on them
    assert "### Symmetric channels" not in prose and prose.count("## Symmetric channels") == 1
    kkt = prose.index("## One peak, and the conditions for capacity")
    section = _section(prose, "## Symmetric channels", "## The noisy typewriter")
    assert kkt < prose.index("## Symmetric channels")
    proof = _section(section, ":label: ch7-thm-symmetric", "The binary symmetric channel is symmetric")
    assert "ch7-thm-kkt" not in proof and "concav" not in proof


# --- steps said once and in full: the converse, the bit-error proof, the permutation channels ---


def test_kkt_section_credits_concavity_with_no_false_peaks_and_the_conditions_with_equal_divergences(prose):
    section = _section(prose, "## One peak, and the conditions for capacity", "Here is why")
    assert "Both facts come from the shape of $I(X; Y)$" not in prose
    assert "Why did each curve of {numref}`ch7-fig-mi-input` have no false peak" not in prose
    assert section.strip().startswith(_flat(
        "Concavity rules out false peaks for every channel, not only for the three curves of "
        "{numref}`ch7-fig-mi-input`. That every input in use of the random channel had the same divergence is "
        "a further fact, the conditions for capacity, which hold at every highest point."))
    # the heading names both things the section does: one peak (concavity) and the conditions (proved)
    assert "Why each curve has one peak" not in prose and "another fact:" not in prose
    # the strict concavity of the three curves is shown once, where the figure is discussed
    assert "were strictly concave" not in section
    assert _flat("because $I(X; Y) = H(Y) - H(Y \\mid X)$ is strictly concave along each curve") in prose
    # the figure draws three channels' curves
    assert _flat("{numref}`ch7-fig-mi-input` shows $I(X; Y)$ for the three") in prose
    # the equal divergences are the only-if half, proved from the maximum without concavity
    proof = _section(prose, "````{admonition} Proof of the *only if* half (optional)", "````")
    assert "concav" not in proof and "which cannot happen at a maximum" in proof


def test_classical_iteration_solution_quotes_the_ratio_it_prints(notebook, prose, random_channel_result):
    solution = _section(prose, "```{solution-start} ch7-ex-classic-ba", "```{solution-end}")
    w, res = random_channel_result
    *_, updates = function(CHAPTER, "classic_blahut_arimoto")(w, 1e-12)
    ratio = f"{updates / res.iterations:.0f}"
    assert _flat(
        f"To reach infolib's tolerance the classical update needs {ratio} times as many updates (infolib's count, "
        "`res.iterations`, leaves out the longer steps it tried and rejected and its Newton steps, so the saving "
        "in work is somewhat smaller),"
    ) in solution
    assert "times as many steps" not in solution
    assert f"infolib {res.iterations}, {ratio} times as many" in _stdout(notebook, "def classic_blahut_arimoto(")
    assert solution.count("almost worth using") == 1 and "many more steps: near the answer" not in solution


def test_bit_error_proof_says_the_bound_on_the_information_does_not_need_a_uniform_message(prose):
    proof = _section(prose, "The proof is the argument of the converse, applied to each message bit.", "```{note}")
    assert "for any message $U$" not in prose
    assert _flat("shows $I(U; \\hat U) \\le I(X^n; Y^n) \\le nC$; that step uses only the Markov chain "
                 "$U \\to X^n \\to Y^n \\to \\hat U$ and the channel, not that the message is uniform.") in proof
    # the converse's proof has that step, and it is where uniformity enters no inequality
    converse = _section(prose, "```{prf:proof} Let $U$ be the message", "```")
    assert "$I(U; \\hat U) \\le I(U; Y^n) \\le I(X^n; Y^n) \\le nC$" in converse
    assert converse.index("uniform on $M$ values") < converse.index("$\\log_2 M = H(U)")


def test_converse_derives_the_conditional_entropy_of_the_outputs_from_independence(prose):
    converse = _section(prose, "```{prf:proof} Let $U$ be the message", "```")
    assert _flat(
        "so $H(Y^n \\mid X^n = x^n) = \\sum_i H(Y_i \\mid X_i = x_i)$ for every $x^n$ (entropies of independent "
        "variables add, {prf:ref}`ch3-lem-additive` applied $n - 1$ times), and averaging over $X^n$ gives "
        "$H(Y^n \\mid X^n) = \\sum_i H(Y_i \\mid X_i)$."
    ) in converse
    # the lemma cited is chapter 3's, and says what the step uses
    chapter3 = _prose(_load("03_entropy.ipynb"))
    lemma = _section(chapter3, ":label: ch3-lem-additive", "```")
    assert "If $X$ and $Y$ are independent" in lemma and "$H(X, Y) = H(X) + H(Y)$" in lemma
    # on a small channel: H(Y^n | X^n) = sum_i H(Y_i | X_i) for a correlated input pair
    w = il.z_channel(0.3)
    px = np.array([[0.5, 0.1], [0.15, 0.25]])               # p(x1, x2), not independent
    joint = np.einsum("ab,ac,bd->abcd", px, w, w)          # p(x1, x2, y1, y2)
    h_given = il.entropy(joint.ravel()) - il.entropy(px.ravel())
    per_use = sum(il.entropy((m[:, None] * w).ravel()) - il.entropy(m) for m in (px.sum(1), px.sum(0)))
    assert h_given == pytest.approx(per_use, abs=1e-12)


def test_permutation_channel_solution_counts_disjoint_subsets_of_the_outputs(prose):
    solution = _section(prose, "```{solution} ch7-ex-bound", "```")
    assert "as many disjoint non-empty subsets as there are outputs are single outputs" not in prose
    assert _flat("and $|\\mathcal{X}| = |\\mathcal{Y}|$ disjoint non-empty subsets of the $|\\mathcal{Y}|$ outputs must "
                 "each be a single output, all different:") in solution
    # the exercise is about channels with as many outputs as inputs
    exercise = _section(prose, ":label: ch7-ex-bound", "```")
    assert "Which channels with as many outputs as inputs reach the bound" in exercise


def test_separation_note_uses_no_term_the_course_leaves_undefined(prose):
    note = _section(prose, "the **source-channel separation theorem** says", "```")
    assert "stationary" not in note and "AEP" not in note and "AEP, with its entropy rate" not in prose
    assert _flat("({cite:t}`cover2006elements`, Section 7.13, which proves it for more general sources, with the "
                 "entropy rate, the source's entropy per symbol in the long run, in place of $H(V)$).") in note


def _blahut_arimoto_figure(notebook):
    """Figure ch7-fig-ba drawn again from the notebook's code: its imports, the random channel and its own cell."""
    import contextlib
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    figure = next("".join(c["source"]) for c in notebook["cells"]
                  if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "ch7-fig-ba")
    imports = next(s for s in code if s.startswith("import math"))
    channel = next(s for s in code if "random_channel = rng.dirichlet" in s)
    namespace: dict = {}
    plt.close("all")
    with contextlib.redirect_stdout(io.StringIO()):
        for source in (imports, channel, figure.replace("plt.show()", "")):
            exec(compile(source, "<ch7-fig-ba>", "exec"), namespace)
    fig = plt.gcf()
    fig.canvas.draw()
    return fig


def test_blahut_arimoto_alt_text_says_when_the_drawn_lower_bound_meets_the_capacity(notebook):
    _, alt = _figure(notebook, "ch7-fig-ba")
    fig = _blahut_arimoto_figure(notebook)
    try:
        top = fig.axes[0]
        (lower,) = [line for line in top.lines if line.get_label() == "lower bound I(X; Y)"]
        (capacity,) = [line for line in top.lines if line.get_linestyle() == "--"]
        steps, bound = lower.get_xydata().T
        level = capacity.get_ydata()[0]
        # distance on the page, in points, from the centre of the blue line to the dashed line
        to_points = 72 / fig.dpi
        shown = top.transData.transform(np.column_stack([steps, bound]))[:, 1]
        line = top.transData.transform([[0, level]])[0, 1]
        apart = np.abs(line - shown) * to_points
        # the blue line touches the dashed line once they are closer than half its width, and stays there
        touching = apart <= lower.get_linewidth() / 2
        first = int(np.flatnonzero(touching)[0])
        assert touching[first:].all()
        assert 5 < first < 15, first
        assert "meets it within about 10 updates" in alt
        # early on the gap shows: for the first five updates the lines are more than a line's width apart
        assert (apart[:5] > lower.get_linewidth()).all()
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)


# --- each argument for every code it is applied to; one name for each thing -------------------


def test_exact_block_error_of_every_hamming_code_is_argued_for_every_r(notebook, prose):
    family = _section(prose, "Hamming(7,4) is one of a family", "The next cell sends 40,000 blocks")
    # the family is introduced first, then the argument is given once, for every r, and specialised to n = 7
    assert family.index(_flat("so a block has $n = 2^r - 1$ bits")) < family.index("Two flips in one block defeat the decoder")
    assert _flat(
        "The syndrome of any received word is 0 or one of the columns, so the decoder changes at most one bit and "
        "always ends at syndrome 0."
    ) in family
    assert _flat(
        "On the probe's line a block of $n$ bits is therefore decoded wrongly exactly when two or more of its bits "
        "flip, which has probability $1 - (1 - f)^n - nf(1 - f)^{n - 1}$; for Hamming(7,4), "
        "$1 - (1 - f)^7 - 7f(1 - f)^6$."
    ) in family
    assert "The argument above holds for every" not in prose and "has rank 3" not in prose
    assert prose.count("Two flips in one block defeat the decoder") == 1
    rows = _table(notebook, "exact_block = 1 - (1 - p_flip) ** code.n").splitlines()[2:]
    assert [row.split()[0] for row in rows] == ["Hamming(3,", "Hamming(7,", "Hamming(15,", "Hamming(31,"]
    for r, row in zip((2, 3, 4, 5), rows):
        code = il.HammingCode(r)
        h = code.parity_check
        columns = h.T @ (2 ** np.arange(r - 1, -1, -1))
        # every non-zero pattern of r bits is a column, the last r columns are the identity,
        # and each codeword starts with its message
        assert sorted(columns) == list(range(1, 2**r))
        assert (h[:, -r:] == np.eye(r, dtype=int)).all()
        assert (code.generator[:, : code.k] == np.eye(code.k, dtype=int)).all()
        # the code is linear and the decoder depends on the syndrome only, so the message decoded from
        # codeword + e is wrong exactly when the all-zero codeword + e decodes to a non-zero message
        if r <= 4:
            errors = np.array(list(product([0, 1], repeat=code.n)))
            wrong = code.decode(errors).any(axis=1)
            assert (wrong == (errors.sum(axis=1) >= 2)).all()
            rng = np.random.default_rng(r)
            messages = rng.integers(0, 2, size=(errors.shape[0], code.k))
            decoded = code.decode((code.encode(messages) + errors) % 2)
            assert ((decoded != messages).any(axis=1) == wrong).all()
        exact = 1 - scipy.stats.binom.cdf(1, code.n, 0.1)
        assert exact == pytest.approx(1 - 0.9**code.n - code.n * 0.1 * 0.9 ** (code.n - 1), abs=1e-12)
        assert row.split()[-1] == f"{exact:.4f}"


def test_random_coding_rate_lies_between_the_theorems_rate_and_the_capacity(prose):
    assert "a slightly higher rate $R' < C$" not in prose
    argument = _section(prose, "**Random coding.**", "The next cell tries random codes at short lengths")
    # R' < C for the tolerance, R' > R for the kept codewords: both are used
    assert "a rate $R'$ with $R < R' < C$" in argument
    assert "$\\gamma < (C - R')/3$" in argument and "once $n \\ge 1/(R' - R)$" in argument


def test_chapter_8_is_named_as_the_gaussian_proof_once_in_the_section(prose):
    section = _section(prose, "## The Gaussian channel", "## Exercises")
    assert "the proof needs entropy for continuous variables" not in section
    assert "picks up" not in section
    assert "This is a preview of {prf:ref}`ch8-thm-gaussian-capacity`, where it is proved." in section
    assert prose.count("This is a preview of {prf:ref}`ch8-thm-gaussian-capacity`") == 1
    # besides that sentence, chapter 8 is named once more, for the definition the theorem uses
    assert section.count("Chapter 8") == 0 and section.count("ch8-") == 1 and section.count("08_continuous") == 1
    assert "continuous output $Y$ is defined in {doc}`08_continuous`" in section


def test_blahut_arimoto_acceleration_is_credited_to_matz_and_duhamel(prose):
    section = _section(prose, "## The Blahut-Arimoto algorithm", "Here it is on a channel with ten inputs")
    assert _flat("($e^{\\mu D_x}$ with $\\mu > 1$, the accelerated update of {cite:t}`matz2004information`)") in section
    bib = (Path(__file__).resolve().parents[2] / "references.bib").read_text(encoding="utf-8")
    entry = re.search(r"@inproceedings\{matz2004information,(.*?)\n\}", bib, re.S).group(1)
    # the reference infolib's docstring gives, and no detail it does not give
    doc = _flat(il.channel_capacity.__doc__)
    assert _flat('G. Matz and P. Duhamel, "Information geometric formulation and interpretation of accelerated '
                 'Blahut-Arimoto-type algorithms", Proc. IEEE Information Theory Workshop (2004).') in doc
    assert "{Matz, G. and Duhamel, P.}" in entry and "{2004}" in entry
    assert "Information Theory Workshop" in entry
    assert "doi" not in entry and "pages" not in entry


def test_infolib_counts_updates_not_the_rejected_longer_steps_nor_its_newton_steps(random_channel_result, monkeypatch):
    import infolib.channels as channels

    w, res = random_channel_result
    counts = {"divergences": 0, "in newton": 0, "newton": 0}
    divergences, newton = channels._row_divergences, channels._newton_polish
    inside = [False]

    def counted_divergences(*args):
        counts["divergences"] += 1
        counts["in newton"] += inside[0]
        return divergences(*args)

    def counted_newton(*args):
        counts["newton"] += 1
        inside[0] = True
        try:
            return newton(*args)
        finally:
            inside[0] = False

    monkeypatch.setattr(channels, "_row_divergences", counted_divergences)
    monkeypatch.setattr(channels, "_newton_polish", counted_newton)
    again = il.channel_capacity(w)
    assert again.iterations == res.iterations
    # outside Newton's method: the start, one per counted update, and one per rejected longer step
    rejected = counts["divergences"] - counts["in newton"] - 1 - again.iterations
    assert rejected > 0 and counts["newton"] > 0
    # so the classical run's updates per evaluation of the divergences are fewer than its 31 per update,
    # but of the same order: "somewhat smaller"
    *_, updates = function(CHAPTER, "classic_blahut_arimoto")(w, 1e-12)
    per_evaluation = (updates + 1) / counts["divergences"]
    assert updates / again.iterations / 2 < per_evaluation < updates / again.iterations


def test_majority_vote_error_is_computed_by_one_helper(notebook):
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert sum("def majority_error(" in s for s in code) == 1
    assert sum("math.comb" in s for s in code) == 1            # only in the helper
    for marker in ("exact.append(majority_error(n, p_flip))", "exact_fine = [majority_error(n, p_flip) for n in n_fine]",
                   "rep_error = [majority_error(n, p_flip) for n in n_rep]"):
        assert sum(marker in s for s in code) == 1, marker
    majority_error = function(CHAPTER, "majority_error")
    majority_error.__globals__["math"] = math
    for n in range(1, 26, 2):
        assert majority_error(n, 0.1) == _majority_error(n, 0.1)
        assert majority_error(n, 0.1) == pytest.approx(scipy.stats.binom.sf(n // 2, n, 0.1), rel=1e-12)


def test_frequency_table_counts_draws_not_a_block_length(notebook):
    source = "".join(next(c["source"] for c in notebook["cells"]
                          if c["cell_type"] == "code" and "largest_deviation, impossible = 0.0, 0" in "".join(c["source"])))
    assert "draws = 100_000" in source and "n = 100_000" not in source
    assert not re.search(r"\bn\b", source)
    printed = _stdout(notebook, "largest_deviation:.4f")
    assert "from 100,000 draws, sqrt(0.5 * 0.5 / draws):" in printed and "from n draws" not in printed


# --- one name for each channel, each symbol and each result ------------------------------------------


def test_binary_symmetric_channel_is_never_called_just_the_symmetric_channel(notebook, prose):
    # "symmetric channel" names the general class of {prf:ref}`ch7-def-symmetric`; before that section
    # every mention of the two-symbol channel says "binary symmetric"
    before = prose[: prose.index("## Symmetric channels")]
    assert not re.search(r"(?<!binary )symmetric channel", before, flags=re.IGNORECASE)
    assert "## Closed forms for the binary symmetric and erasure channels" in prose
    assert "*Binary symmetric channel.* Whatever was sent" in prose
    assert "(the best input of the binary symmetric channel)" in prose
    assert "the best input of the symmetric channel" not in prose
    printed = _table(notebook, '"C binary symmetric"')
    assert printed.splitlines()[0].split("  ")[:2] == ["f or alpha", "C binary symmetric"]
    assert "C symmetric" not in json.dumps(notebook)


def test_bit_error_proof_names_the_bit_errors_p_i_not_the_power_limit_p(prose):
    proof = _section(prose, "The proof is the argument of the converse, applied to each message bit.", "```{note}")
    assert "P_i" not in proof
    assert "$p_i = \\Pr(\\hat U_i \\ne U_i)$" in proof and "H_{\\mathrm{b}}(p_i)" in proof


def test_written_blahut_arimoto_brackets_infolib_as_the_printed_values_show(notebook, prose, random_channel_result):
    assert "Both agree to the printed digits" not in prose
    assert _flat("infolib's value lies between the classical bounds, which are within $10^{-9}$ bits of each "
                 "other.") in prose
    printed = _stdout(notebook, "def classic_blahut_arimoto(")
    lower, upper = map(float, re.search(r"classical: C between ([0-9.]+) and ([0-9.]+)", printed).groups())
    value = float(re.search(r"infolib:   C = ([0-9.]+)", printed).group(1))
    assert lower <= value <= upper and lower < upper
    # and the unrounded values
    w, res = random_channel_result
    lower, upper, _ = function(CHAPTER, "classic_blahut_arimoto")(w, 1e-9)
    assert lower <= res.capacity <= upper and upper - lower <= 1e-9


def test_product_exercise_cites_the_lemma_that_entropies_of_independent_variables_add(prose):
    solution = _section(prose, "*At least $C_1 + C_2$.*", "*At most $C_1 + C_2$.*")
    assert "(entropies of independent variables add, {prf:ref}`ch3-lem-additive`)" in solution
    assert "ch6-thm-chain-rule` with independence" not in prose
    chapter3 = _prose(_load("03_entropy.ipynb"))
    assert _flat("If $X$ and $Y$ are independent, so that $p(x, y) = p(x)\\,p(y)$, then the entropy of the pair "
                 "is $H(X, Y) = H(X) + H(Y)$.") in _section(chapter3, ":label: ch3-lem-additive", "```")


def test_cascade_solution_shows_the_flip_probability_is_the_same_for_both_inputs(notebook, prose):
    solution = _section(prose, "```{solution-start} ch7-ex-cascade", "```{solution-end}")
    assert _flat(
        "Whichever bit is sent, it arrives wrong exactly when one channel flips it and the other does not, which "
        "has probability $f_2 = 2f(1 - f) = 0.18$ for both inputs; so the pair is a binary symmetric channel with "
        "crossover probability $f_2$."
    ) in solution
    f = 0.1
    two = il.binary_symmetric_channel(f) @ il.binary_symmetric_channel(f)
    assert two[0, 1] == pytest.approx(2 * f * (1 - f)) and two[1, 0] == pytest.approx(2 * f * (1 - f))
    assert round(2 * f * (1 - f), 2) == 0.18 and "[[0.82 0.18]\n [0.18 0.82]]" in _stdout(notebook, "two = one @ one")


def test_random_code_simulation_is_introduced_without_a_vague_claim(prose):
    assert "Random codes work at short lengths too" not in prose
    assert _flat("The next cell tries random codes at short lengths: for each block length $n$ it draws ten "
                 "random codes of $2^{nR}$ codewords") in prose


# --- notation and the Hamming family's column order ---------------------------------------


def test_row_notation_is_defined_where_it_first_appears(prose):
    definition = "Here $W_{x\\cdot}$ is row $x$ of the channel matrix, the distribution of the output when $x$ is sent."
    display = "D_x(q) = D(W_{x\\cdot} \\,\\|\\, q) = \\sum_y W_{xy} \\log \\frac{W_{xy}}{q(y)} . $$ "
    # the first W_{x.} is in the display of D_x(q), and the sentence after the display says what it is
    assert prose.count(display + definition) == 1
    assert prose.index("W_{x\\cdot}") == prose.index(display) + len("D_x(q) = D(")
    # the conditions for capacity and the only-if proof use it after that
    assert prose.index(definition) < prose.index("$D_x(q^*) = D(W_{x\\cdot} \\,\\|\\, q^*)$")
    assert prose.index(definition) < prose.index("\\lambda\\, W_{x'\\cdot}$")


def test_hamming_identity_columns_are_last_for_every_r_not_only_r_3(prose):
    assert "since its last $r$ columns are the $r \\times r$ identity" not in prose
    assert "since its columns include the $r$ patterns with a single 1" in prose
    assert "`il.HammingCode(r)` puts those $r$ columns last, so that they form the $r \\times r$ identity" in prose
    for r in range(2, 11):
        code = il.HammingCode(r)
        h, g = code.parity_check, code.generator
        # the last r columns are the identity, so H has rank r over the bits
        assert (h[:, code.k :] == np.eye(r, dtype=int)).all()
        assert (g[:, : code.k] == np.eye(code.k, dtype=int)).all()  # codewords start with their messages
        assert not ((h @ g.T) % 2).any()


def test_gaussian_noise_is_named_as_noise_where_z_is_introduced(prose):
    # Z is also the name of the Z channel earlier in the chapter
    assert "Gaussian random number to each input: $Y = X + Z$ with the noise $Z \\sim \\mathcal{N}(0, N)$" in prose
