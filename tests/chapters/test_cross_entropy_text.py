"""Chapter 4 (cross-entropy): the claims its text makes are true, and fixed slips stay fixed.

Each test recomputes from the chapter's own definitions, or reads the chapter's stored outputs
(which nbval keeps equal to a fresh run), and fails if a sentence and the numbers disagree.
"""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction

import numpy as np
import pytest

import infolib as il
from chapter_text import block, figure, flat, stdout

CHAPTER = "04_cross_entropy.ipynb"  # read by the notebook and prose fixtures (conftest.py)

COAST2 = {"sun": 0.1, "cloud": 0.3, "rain": 0.5, "snow": 0.1}
DESERT2 = {"sun": 0.6, "cloud": 0.25, "rain": 0.1, "snow": 0.05}


def _code_cell(notebook, marker: str) -> str:
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code" and marker in "".join(c["source"])]
    assert len(cells) == 1, marker
    return "".join(cells[0]["source"])


def test_cross_entropy_is_the_cost_of_ideal_lengths_not_of_any_code_for_q(prose, notebook):
    # slip 1: the Huffman code for q costs 2.500 bits on p, less than H_ce(p, q) = 2.767
    huffman = il.HuffmanCode.from_distribution(DESERT2).expected_length(COAST2)
    h_ce = il.cross_entropy(COAST2, DESERT2)
    assert huffman == pytest.approx(2.5) and h_ce == pytest.approx(2.7669, abs=5e-5)
    assert huffman < h_ce
    assert "needed to code data from $p$ with a code designed for $q$" not in prose
    assert "with the ideal code lengths $-\\log_2 q(x)$ of $q$" in prose
    assert "the Huffman code for $q$ costs 2.500 bits per symbol, less than $H_{\\mathrm{ce}}(p, q) = 2.767$" in prose
    out = stdout(notebook, "Huffman code for q, on p")
    assert f"Huffman code for q, on p    = {huffman:.4f} bits" in out
    assert f"H_ce(p, q), ideal lengths   = {h_ce:.4f} bits" in out


def test_cross_entropy_is_written_h_ce_and_the_divergence_d(prose):
    assert re.search(r"H\((p|q|P|\\text\{one-hot\}\(y\)|p_\\varepsilon), ", prose) is None
    assert "D_{\\mathrm{KL}}" not in prose
    assert "H_{\\mathrm{ce}}(p, q)" in prose


def test_opening_follows_the_course_layout(notebook):
    first = "".join(notebook["cells"][0]["source"])
    assert first.startswith("# Cross-entropy\n")
    for part in ("**What you will learn**", "**Prerequisites:** {doc}`03_entropy`", "**Time:** about "):
        assert part in first
    assert "setup" in notebook["cells"][1]["metadata"].get("tags", [])


def test_no_note_on_the_sources_box(prose):
    assert "Note on the sources" not in prose


def test_arithmetic_code_of_the_whole_message_is_within_two_bits(notebook):
    out = stdout(notebook, "days2 = rng.choice")
    lines = re.findall(r"-log2 P\(message\) = ([\d.]+) bits, arithmetic code (\d+) bits .*decoded back: (\w+)", out)
    assert len(lines) == 2
    for ideal, bits, decoded in lines:
        assert 0 <= int(bits) - float(ideal) <= 2
        assert decoded == "True"


def test_worked_example_codeword_lies_in_the_message_interval(notebook):
    out = stdout(notebook, "codeword = shortest_codeword")
    low, high = map(float, re.search(r"interval \[([\d.]+), ([\d.]+)\)", out).groups())
    assert high - low == pytest.approx(0.5 * 0.3 * 0.5 * 0.1)
    word = re.search(r"codeword ([01]+):", out).group(1)
    start = int(word, 2) / 2 ** len(word)
    assert low <= start and start + 2.0 ** -len(word) <= high
    assert len(word) < -np.log2(high - low) + 2
    symbols = [["sun", "cloud", "rain", "snow"].index(x) for x in ["rain", "cloud", "rain", "snow"]]
    assert il.decode(il.encode(symbols, list(COAST2.values())), list(COAST2.values()), 4) == symbols


def test_write_it_yourself_cross_entropy_from_logits_matches_infolib(notebook):
    source = _code_cell(notebook, "def cross_entropy_from_logits(")
    definition = source[: source.index("\nrng = ")]
    assert "il." not in definition and "infolib" not in definition
    namespace = {"np": np}
    exec(definition, namespace)
    mine = namespace["cross_entropy_from_logits"]
    rng = np.random.default_rng(0)
    for scale in (0.1, 3.0, 300.0):
        logits = rng.normal(scale=scale, size=(40, 7))
        labels = rng.integers(0, 7, size=40)
        assert mine(logits, labels) == pytest.approx(il.cross_entropy_loss(logits, labels), rel=1e-12, abs=1e-12)
    assert mine([[0.0, -800.0]], [1]) == pytest.approx(800.0)
    assert mine([[1000.0, 0.0]], [0]) == pytest.approx(0.0, abs=1e-12)


def _markdown(notebook) -> str:
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")


def test_chapter_has_two_proof_exercises_with_solutions(notebook):
    text = _markdown(notebook)
    for label in ("ch4-ex-shannon-code", "ch4-ex-interval"):
        assert f":label: {label}" in text and f"```{{solution-start}} {label}" in text
    # the Kraft exercise repeated chapter 3's source-coding proof; the ln t <= t - 1 proof lives in chapter 5
    assert "ch4-ex-kraft" not in text and "ch4-ex-gibbs" not in text


def test_bound_is_proved_here_from_the_decomposition_and_chapter_3s_gibbs(notebook):
    text = _markdown(notebook)
    after = text[text.index(":label: ch4-thm-bound") :]
    proof = block(after, "```{prf:")
    assert proof.startswith("```{prf:proof}")
    assert "{prf:ref}`ch4-thm-decomposition`" in proof and "{prf:ref}`ch3-thm-gibbs`" in proof
    assert "ch5-thm-gibbs" not in text


def test_shannon_code_costs_between_cross_entropy_and_one_more_bit(notebook, prose):
    assert "{ref}`ch4-ex-shannon-code` proves it" in prose
    out = stdout(notebook, "def shannon_cost(")
    h_ce = il.cross_entropy(COAST2, DESERT2)
    lengths = np.ceil(-np.log2(list(DESERT2.values())))
    cost = float(np.dot(list(COAST2.values()), lengths))
    assert f"H_ce = {h_ce:.4f} <= {cost:.4f} < {h_ce + 1:.4f} bits" in out
    assert "H_ce <= cost < H_ce + 1 for 100%" in out
    # independently: Kraft holds and the bound holds, on random pairs
    rng = np.random.default_rng(1)
    for _ in range(500):
        p, q = rng.dirichlet(np.full(5, 0.5), size=2)
        q = np.maximum(q, 1e-12) / np.maximum(q, 1e-12).sum()
        ell = np.ceil(-np.log2(q))
        assert (2.0**-ell).sum() <= 1 + 1e-12
        assert il.cross_entropy(p, q) - 1e-12 <= p @ ell < il.cross_entropy(p, q) + 1


def test_shannon_code_exercise_states_its_assumptions_and_the_solution_handles_them(notebook):
    text = flat(_markdown(notebook))
    exercise = block(text, ":label: ch4-ex-shannon-code", "```{solution-start} ch4-ex-shannon-code")
    assert "Assume $q$ is not certain ($q(x) < 1$ for every $x$" in exercise
    assert "$q(x) > 0$ wherever $p(x) > 0$." in exercise
    assert "What goes wrong without each assumption?" in exercise
    solution = block(text, "```{solution-start} ch4-ex-shannon-code", "```{solution-end}")
    assert "Since $q(x) < 1$, every length is at least 1." in solution
    assert "by the second assumption, so it has a codeword" in solution
    assert "If $q(x_0) = 1$" in solution and "If $q(x) = 0 < p(x)$ for some $x$, that $x$ has no codeword" in solution


def test_arithmetic_section_codes_the_coast_with_the_coast_as_model(notebook, prose):
    # the section before used q for the desert: here the model is the coast itself
    assert "The model here is the coast itself, $q = p = (0.1, 0.3, 0.5, 0.1)$" in prose
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert "q_vector" not in code and "p=p_coast" in code


def test_arithmetic_decoder_needs_the_length_and_the_rounding_bound_is_quoted_right(notebook, prose):
    assert "the receiver needs the number of symbols $n$" in prose
    assert "so it keeps the promise of at most 2 bits" not in prose
    assert "2 bits plus a negligible amount" in prose
    out = stdout(notebook, "days2 = rng.choice")
    assert f"ROUNDING_BITS = {il.arithmetic.ROUNDING_BITS:.2e} bits per symbol" in out
    assert il.arithmetic.ROUNDING_BITS == pytest.approx(-np.log2(1 - 2.0**-32), rel=1e-6)
    assert out.count("within code_length_bound") == 2 and "): False" not in out


def test_section_with_the_definitions_numbers_is_not_optional(prose):
    assert "2.500 bits per symbol, less than $H_{\\mathrm{ce}}(p, q) = 2.767$" in prose
    assert "### Whole bits and ideal code lengths A Huffman codeword" in prose
    assert "Whole bits and ideal code lengths (optional)" not in prose


def test_regions_figure_alt_text_states_the_computed_meeting_point(notebook):
    cell = next(c for c in notebook["cells"] if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "ch4-fig-regions")
    assert cell["metadata"]["tags"] == ["remove-input"]
    _, alt = figure(notebook, "ch4-fig-regions")
    out = stdout(notebook, "the three boundaries meet at")
    point = re.search(r"meet at (\([-\d.]+, [-\d.]+\))", out).group(1)
    assert f"three straight half-lines that meet at one point, about {point}" in alt
    assert "three straight boundary lines" not in alt


@pytest.mark.parametrize("marker", ["h_pq2 = il.cross_entropy(coast2, desert2)", "p_ex, q_ex = [0.4, 0.3, 0.2, 0.1]"])
def test_printed_labels_are_aligned(notebook, marker):
    lines = [ln for ln in stdout(notebook, marker).splitlines() if " = " in ln]
    assert len(lines) >= 4 and len({ln.rindex(" = ") for ln in lines}) == 1


def test_held_out_loss_is_said_to_estimate_the_expected_conditional_cross_entropy(prose):
    assert "expected conditional cross-entropy" in prose
    assert "\\mathbb{E}_{x}\\bigl[H_{\\mathrm{ce}}\\bigl(p(\\cdot \\mid x), q(\\cdot \\mid x)\\bigr)\\bigr]" in prose


def test_label_smoothing_exercise_points_to_chapter_9(notebook):
    text = _markdown(notebook)
    exercise = block(text, ":label: ch4-ex-smoothing")
    assert "{doc}`09_machine_learning`" in exercise


def test_the_receiver_needs_the_length_because_the_fraction_decodes_to_one_longer_message_of_every_length(prose):
    # the intervals of the longer messages are disjoint: the fraction lies in exactly one of each length
    assert "intervals of all the longer messages" not in prose
    assert "interval of one longer message of every length that begins with this one" in prose
    assert "cannot tell where the message ends" in prose
    q = [Fraction(1, 10), Fraction(3, 10), Fraction(5, 10), Fraction(1, 10)]
    starts = [sum(q[:k], Fraction(0)) for k in range(len(q))]

    def interval(symbols):
        low, width = Fraction(0), Fraction(1)
        for k in symbols:
            low, width = low + width * starts[k], width * q[k]
        return low, low + width

    message = (2, 1, 2, 3)
    low, high = interval(message)
    for point in (low, (low + high) / 2, low + (high - low) * Fraction(9, 10)):
        for extra in range(1, 4):
            inside = [m for m in itertools.product(range(4), repeat=len(message) + extra)
                      if interval(m)[0] <= point < interval(m)[1]]
            assert len(inside) == 1 and inside[0][: len(message)] == message


def test_the_loss_says_its_cross_entropy_is_in_nats_and_the_one_hot_case_names_its_base(notebook, prose):
    definition = block(prose, ":label: ch4-def-loss")
    assert "measured in nats (natural logarithm" in definition
    assert "H_{\\mathrm{ce}}(\\text{one-hot}(y), q) = -\\log_2 q(y) \\quad \\text{bits}" in prose
    assert "= -\\log q(y)" not in prose
    # the identity the definition states: mean of H_ce in nats = mean of -ln softmax at the label
    rng = np.random.default_rng(4)
    z, y = rng.normal(size=(6, 3)), rng.integers(0, 3, size=6)
    soft = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    h_ce_nats = [il.cross_entropy(np.eye(3)[k], s, base="nats") for k, s in zip(y, soft)]
    assert np.mean(h_ce_nats) == pytest.approx(il.cross_entropy_loss(z, y))


def test_no_theorem_of_the_chapter_is_used_before_it_is_stated(notebook):
    cells = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]
    for label in set(re.findall(r"\{prf:theorem\}[^\n]*\n:label: (ch4-thm-[\w-]+)", "\n".join(cells))):
        stated = next(i for i, c in enumerate(cells) if f":label: {label}" in c)
        first_use = next((i for i, c in enumerate(cells) if f"{{prf:ref}}`{label}`" in c), stated)
        assert first_use >= stated, label
    # the floor H(p) for every code is chapter 3's source coding theorem, not the decomposition
    # H_ce - H = D proved later in this chapter; Kraft holds with equality because the tree is full
    ideal = next(c for c in cells if c.startswith("The ideal lengths cost exactly"))
    assert "{prf:ref}`ch3-thm-source-coding`" in ideal
    assert "a Huffman tree is full" in ideal


def test_the_try_it_bars_are_the_same_length_as_each_other(prose):
    assert "always the same length as the bar above" in prose


def test_the_coin_is_a_distribution_not_the_number_p(prose, notebook):
    assert "Let the true coin be $p = (0.3, 0.7)$" in prose
    assert "probability $p = 0.3$" not in prose
    caption, alt = figure(notebook, "ch4-fig-coin")
    assert "p = (0.3, 0.7)" in caption and "p = (0.3, 0.7)" in alt


def test_quick_exercise_is_not_dyadic_and_its_solution_matches_exact_values(notebook, prose):
    start = prose.index(":label: ch4-ex-quick")
    text = prose[start: prose.index("{solution-end}", start)]
    p = [float(x) for x in re.search(r"Let \$p = \(([\d., ]+)\)\$", text).group(1).split(",")]
    assert p == [0.4, 0.3, 0.2, 0.1]
    assert any(abs(np.log2(x) - round(np.log2(x))) > 1e-9 for x in p)  # not answered by the codebook table
    h_p = -sum(x * math.log2(x) for x in p)
    h_qp = math.log2(Fraction(1250, 3)) / 4
    assert Fraction(4, 10) * Fraction(3, 10) * Fraction(2, 10) * Fraction(1, 10) == Fraction(3, 1250)
    assert h_qp == pytest.approx(-sum(math.log2(x) for x in p) / 4)
    for value in (h_qp, h_p, 2 - h_p):
        assert f"= {value:.4f}" in text
    out = stdout(notebook, "p_ex, q_ex = [0.4, 0.3, 0.2, 0.1]")
    assert f"H_ce(q, p) = {h_qp:.4f} bits" in out and f"H(p)       = {h_p:.4f} bits" in out
    assert f"D(p || q)  = {2 - h_p:.4f} bits" in out and "H_ce(p, q) = 2.0000 bits" in out


def test_the_codes_coin_is_q_theta_with_heads_probability_theta(notebook, prose):
    # q is a distribution throughout; the number is theta, as in chapter 5
    assert "Let a code be designed for the coin $q_\\theta = (\\theta, 1 - \\theta)$: heads with probability $\\theta$." in prose
    assert "coin with heads probability $q$" not in prose and "as $q$ varies" not in prose
    assert "$H_{\\mathrm{ce}}(p, q_\\theta)$ as $\\theta$ varies" in prose
    out = stdout(notebook, "thetas = np.linspace(0.01, 0.99, 197)")
    assert "H_ce(p, q_theta) is smallest at theta = 0.30: 0.8813 bits" in out
    caption, alt = figure(notebook, "ch4-fig-coin")
    assert r"$H_{\mathrm{ce}}(p, q_\theta)$" in caption and r"$\theta = 0.3$" in caption
    assert "H_ce(p, q)" not in caption and r"H_{\mathrm{ce}}(p, q)" not in caption
    assert "heads probability q" not in alt and "H_ce(q, p)" not in alt


def test_decomposition_cites_the_divergence_defined_in_chapter_3(prose):
    assert "ch5-def-kl" not in prose
    proof = prose[prose.index(":label: ch4-thm-decomposition") :]
    proof = block(proof, "{prf:proof}", ":label: ch4-thm-bound")
    assert "{prf:ref}`ch3-def-divergence`" in proof
    assert "({prf:ref}`ch3-thm-gibbs`)" in block(prose, ":label: ch4-thm-bound", "no code beats")


def test_summary_bound_on_the_arithmetic_code_names_the_integer_coders_rounding(prose):
    summary = prose[prose.index("## Summary") :]
    assert ("fewer than $-\\log_2 q(x_1 \\dots x_n) + 2$ bits (exact arithmetic; the integer coder adds "
            "$n \\cdot$ `ROUNDING_BITS`, negligible)") in summary
    # the cell the summary matches says the same
    assert "$-\\log_2 q(\\text{message}) + 2 + n \\cdot$ `ROUNDING_BITS` bits" in prose
