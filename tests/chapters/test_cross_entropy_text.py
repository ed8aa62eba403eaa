"""Chapter 4 (cross-entropy): the claims its text makes are true, and fixed slips stay fixed.

Each test recomputes from the chapter's own definitions, or reads the chapter's stored outputs
(which nbval keeps equal to a fresh run), and fails if a sentence and the numbers disagree.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import infolib as il
from chapter_text import figure, stdout

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
    proof = after[after.index("```{prf:") :]
    assert proof.startswith("```{prf:proof}")
    proof = proof[: proof.index("```", 5)]
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


@pytest.mark.parametrize("marker", ["h_pq2 = il.cross_entropy(coast2, desert2)", "p_ex, q_ex = [1/2, 1/4, 1/8, 1/8]"])
def test_printed_labels_are_aligned(notebook, marker):
    lines = [ln for ln in stdout(notebook, marker).splitlines() if " = " in ln]
    assert len(lines) >= 4 and len({ln.rindex(" = ") for ln in lines}) == 1


def test_held_out_loss_is_said_to_estimate_the_expected_conditional_cross_entropy(prose):
    assert "expected conditional cross-entropy" in prose
    assert "\\mathbb{E}_{x}\\bigl[H_{\\mathrm{ce}}\\bigl(p(\\cdot \\mid x), q(\\cdot \\mid x)\\bigr)\\bigr]" in prose


def test_label_smoothing_exercise_points_to_chapter_9(notebook):
    text = _markdown(notebook)
    exercise = text[text.index(":label: ch4-ex-smoothing") :]
    exercise = exercise[: exercise.index("```")]
    assert "{doc}`09_machine_learning`" in exercise
