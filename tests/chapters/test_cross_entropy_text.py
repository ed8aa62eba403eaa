"""Chapter 4 (cross-entropy): the claims its text makes are true, and fixed slips stay fixed.

Each test recomputes from the chapter's own definitions, or reads the chapter's stored outputs
(which nbval keeps equal to a fresh run), and fails if a sentence and the numbers disagree.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import infolib as il
from chapter_text import stdout

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
    assert f"Huffman code for q, on p = {huffman:.4f} bits" in out
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


def test_chapter_has_two_proof_exercises_with_solutions(notebook):
    text = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    for label in ("ch4-ex-gibbs", "ch4-ex-kraft", "ch4-ex-interval"):
        assert f":label: {label}" in text and f"```{{solution-start}} {label}" in text
