"""Chapter 1 (information content): corrected slips stay corrected."""

from __future__ import annotations

import re

from chapter_text import block, figure, load, prose, stdout

CHAPTER = "01_information_content.ipynb"  # read by the notebook and prose fixtures (conftest.py)


def _markdown(notebook) -> str:
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")


def test_definition_does_not_both_require_positive_probability_and_assign_infinity(notebook):
    # slip 4: the convention I = infinity for p = 0 is outside the definition, which needs p > 0
    text = _markdown(notebook)
    definition = re.search(r"```\{prf:definition\} Information content.*?\n```", text, re.S).group(0)
    assert "p(x) > 0" in definition and "\\infty" not in definition
    after = text[text.index(definition) + len(definition) :]
    assert "extends the definition by the convention $I = \\infty$" in after[:600]


def test_additivity_is_stated_for_independent_events_not_outcomes(notebook):
    # slip 5: events are independent, outcomes are not
    text = _markdown(notebook)
    theorem = re.search(r"```\{prf:theorem\} Properties of information content.*?\n```", text, re.S).group(0)
    assert "if $x$ and $y$ are independent" not in theorem
    assert "if $A$ and $B$ are independent events" in theorem
    assert "their outcomes are\n{term}`independent events`" not in text


def test_every_panel_of_the_candidates_figure_labels_its_vertical_axis(notebook):
    # slip 8: panels 2 and 3 had no y label
    cell = next(c for c in notebook["cells"] if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "ch1-fig-candidates")
    code = "".join(cell["source"])
    loop = code[code.index("for ax, (name, f), colour in zip(") : code.index("axes[0].set_xscale")]
    assert 'ax.set_ylabel(r"$f(pq)$")' in loop
    caption, alt = figure(notebook, "ch1-fig-candidates")
    assert "f(pq) on the vertical axis" in alt


def test_proof_exercises_have_complete_folded_solutions(prose):
    for label in ["ch1-ex-questions", "ch1-ex-pairwise", "ch1-ex-independence"]:
        assert f"```{{exercise}} :label: {label}" in prose
        assert f"```{{solution}} {label} :class: dropdown" in prose


def test_pairwise_independent_coins_of_the_exercise_do_not_add():
    outcomes = [(a, b) for a in "HT" for b in "HT"]
    events = {"A": {o for o in outcomes if o[0] == "H"}, "B": {o for o in outcomes if o[1] == "H"}, "C": {o for o in outcomes if o[0] == o[1]}}
    p = {k: len(v) / 4 for k, v in events.items()}
    for x, y in [("A", "B"), ("A", "C"), ("B", "C")]:
        assert len(events[x] & events[y]) / 4 == p[x] * p[y]
    assert len(events["A"] & events["B"] & events["C"]) / 4 == 1 / 4 != p["A"] * p["B"] * p["C"]


def test_no_cell_re_checks_a_property_just_proved(notebook):
    out = "".join("".join(o.get("text", "")) for c in notebook["cells"] if c["cell_type"] == "code" for o in c["outputs"])
    assert "information strictly increases as p decreases" not in out
    assert "exactly the pairs with p + q > 1" not in out
    assert "equal: True" not in out


def test_write_it_yourself_information_table_matches_infolib_on_random_arrays():
    import math
    import warnings

    import numpy as np
    import pytest

    import infolib as il
    from solutions import function

    information_table = function(CHAPTER, "information_table")
    rng = np.random.default_rng(1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(200):
            shape = tuple(int(k) for k in rng.integers(1, 5, size=int(rng.integers(0, 3))))
            p = rng.uniform(size=shape)
            p[rng.uniform(size=shape) < 0.2] = 0.0
            for base, unit in [(2, "bits"), (math.e, "nats"), (10, "hartleys")]:
                mine, lib = information_table(p, base), il.information(p, base=unit)
                np.testing.assert_allclose(mine, lib, rtol=1e-13, atol=0)
                assert np.shape(mine) == np.shape(lib)
    for bad, base in [([1.5], 2), ([-0.1], 2), ([0.5], 1), ([0.5], -2), ([np.nan], 2),
                      ([0.5], "bits"), ([0.5], None), ([0.5], True), ([0.5], np.inf)]:
        with pytest.raises(ValueError):
            information_table(bad, base)


def test_chapter_does_not_cite_lecture_notes_students_never_saw():
    assert "lecture notes" not in prose(load(CHAPTER))


def test_question_game_lower_bound_pads_runs_to_exactly_k_questions():
    # runs of different lengths give up to 2^(k+1) - 1 answer strings, not 2^k
    text = prose(load(CHAPTER))
    solution = block(text, "{solution} ch1-ex-questions", "{exercise} :label: ch1-ex-pairwise")
    assert "pad every run to exactly $k$ questions" in solution
    assert "can produce at most $2^k$ different sequences" not in solution


def test_card_information_is_the_same_for_every_card_and_question_counts_are_computed():
    import math
    notebook = load(CHAPTER)
    out = stdout(notebook, "def question_counts(")
    assert f"I(one card) = {math.log2(52):.2f} bits, for every card: True" in out
    # a complete binary tree with 52 leaves: 2^6 - 52 leaves one level up
    assert "cards found in 5 questions: 12" in out and "cards found in 6 questions: 40" in out
    assert "depending on the card" not in prose(notebook)


def test_next_chapter_is_pointed_to_at_the_end_only():
    notebook = load(CHAPTER)
    cells = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]
    holding = [k for k, s in enumerate(cells) if "{doc}`02_fair_dice`" in s]
    assert holding == [len(cells) - 1]


def test_die_shows_six_in_three_units_is_printed_once():
    notebook = load(CHAPTER)
    outputs = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        for o in cell["outputs"]:
            outputs.append("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", "")))
    assert sum("0.7782" in o or "0.778" in o for o in outputs) == 1


def test_halving_is_not_claimed_optimal_on_the_strength_of_an_optional_proof(notebook):
    # halving's optimality for 52 equally likely cards is proved nowhere in the course; what
    # chapter 3's main line proves is the lower bound log2 52 on the average number of questions
    text = _markdown(notebook)
    assert "fewest questions on average" not in text
    claim = text[text.index("one natural tree") :][:300]
    assert "no question tree can average fewer than $\\log_2 52" in claim


def test_hundred_tosses_sentence_says_never_reach_not_worth_less(notebook):
    text = _markdown(notebook)
    assert "would be worth less than two single tosses added up" not in text
    assert "never reach 1, the value of just two single tosses added up" in text


def test_summary_points_to_sources_page_in_words_for_readers(notebook):
    text = _markdown(notebook)
    assert "source documents say otherwise" not in text
    assert "Common misstatements in popular sources are discussed on {doc}`../sources`" in text


def test_explorable_text_names_only_what_the_page_and_the_notebook_show(notebook):
    # the website and a running notebook show the slider, not the table of starting values under the code
    cells = ["".join(c["source"]) for c in notebook["cells"]
             if c["cell_type"] == "markdown" and "explorable" in c["metadata"].get("tags", [])]
    assert len(cells) == 1
    assert "table under the code" not in cells[0]

