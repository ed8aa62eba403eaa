"""Chapter 2 (the fair-dice example): new work on two dice instead of chapter 1 again, and corrected slips."""

from __future__ import annotations

import math
import re
import warnings
from fractions import Fraction
from itertools import product

import numpy as np
import pytest

import infolib as il
from chapter_text import block, load, prose, stdout
from solutions import function

CHAPTER = "02_fair_dice.ipynb"  # read by the notebook and prose fixtures (conftest.py)

PAIRS = [(x, x + y) for x, y in product(range(1, 7), repeat=2)]  # (first die, sum), each 1/36


def _p(event) -> Fraction:
    return Fraction(sum(1 for pair in PAIRS if event(pair)), 36)


def _table(notebook, marker):
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "code" and marker in "".join(c["source"]))
    return "".join("".join(o.get("data", {}).get("text/plain", "")) for o in cell["outputs"])


def test_chapter_1_is_not_repeated(notebook, prose):
    code_out = "".join("".join(o.get("text", "")) for c in notebook["cells"] if c["cell_type"] == "code" for o in c["outputs"])
    assert "I({(6, 6)})" not in code_out and "2 I({6})" not in code_out
    assert "{prf:theorem} Information adds exactly for independent events" not in prose
    assert "Two sixes carry twice the information of one six" not in prose


@pytest.mark.parametrize(
    "row, event_e, event_f",
    [
        ("X = 6  S = 12", lambda o: o[0] == 6, lambda o: o[1] == 12),
        ("X = 1  S = 7", lambda o: o[0] == 1, lambda o: o[1] == 7),
        ("X = 2  S >= 8", lambda o: o[0] == 2, lambda o: o[1] >= 8),
        ("X = 1  S = 12", lambda o: o[0] == 1, lambda o: o[1] == 12),
    ],
)
def test_joint_conditional_and_pointwise_information_table_matches_exact_fractions(notebook, row, event_e, event_f):
    table = _table(notebook, "def event_row(")
    line = next(ln for ln in table.splitlines() if ln.startswith(row))
    cells = line[len(row) :].split()
    p_e, p_f, p_both = _p(event_e), _p(event_f), _p(lambda o: event_e(o) and event_f(o))
    assert cells[:3] == [str(p_e), str(p_f), str(p_both)]
    i_f = -math.log2(p_f)
    i_f_given_e = math.inf if p_both == 0 else -math.log2(p_both / p_e)
    i_both = math.inf if p_both == 0 else -math.log2(p_both)
    pmi = -math.inf if p_both == 0 else math.log2(p_both / (p_e * p_f))
    for printed, value in zip(cells[3:], [i_f, i_f_given_e, i_both, pmi]):
        assert printed == ("inf" if value == math.inf else "-inf" if value == -math.inf else f"{value:.3f}")


def test_text_names_the_sign_of_each_pointwise_mutual_information(prose):
    # positive, zero, negative and minus infinity, each as the table computes
    assert _p(lambda o: o == (6, 12)) / (_p(lambda o: o[0] == 6) * _p(lambda o: o[1] == 12)) > 1
    assert "The pointwise mutual information is positive, $\\log_2 6$" in prose
    assert "pointwise mutual information is 0" in prose
    assert "and the pointwise mutual information is negative" in prose
    assert "the conditional information is infinite, and $\\operatorname{pmi} = -\\infty$" in prose


def test_chain_rule_and_pmi_are_defined_and_proved(prose):
    assert "```{prf:theorem} Chain rule for information :label: ch2-thm-chain" in prose
    assert "```{prf:definition} Pointwise mutual information of events :label: ch2-def-pmi" in prose


def test_monte_carlo_material_is_optional(notebook):
    text = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    assert "## Estimating information from rolls (optional)" in text
    start = text.index("## Estimating information from rolls (optional)")
    # the root-mean-square error and the delta method appear only inside the optional section
    assert text.find("root-mean-square") > start and text.find("delta method") > start
    assert text.index("## Two dice: joint and conditional information") < start


def test_log_axis_of_the_convergence_figure_has_several_labelled_ticks(notebook):
    # slip 8: the right panel's logarithmic axis had a single labelled tick
    cell = next(c for c in notebook["cells"] if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "ch2-fig-convergence")
    code = "".join(cell["source"])
    ticks = re.search(r"ax_err\.set_yticks\(\[([^\]]*)\]", code).group(1)
    values = [float(v) for v in ticks.split(",")]
    assert len(values) >= 3
    # every labelled tick lies inside the range of the plotted errors (predicted, from N = 100 to 10,000)
    lo = math.sqrt((1 - 1 / 2) / (10_000 / 2)) / math.log(2)
    hi = math.sqrt((1 - 1 / 6) / (100 / 6)) / math.log(2)
    assert all(lo * 0.8 <= v <= hi * 1.2 for v in values)


def test_proof_exercises_have_complete_folded_solutions(prose):
    for label in ["ch2-ex-pmi-bound", "ch2-ex-pmi-complement"]:
        assert f"```{{exercise}} :label: {label}" in prose
        assert f"```{{solution}} {label} :class: dropdown" in prose


def test_write_it_yourself_pmi_table_matches_infolib_on_random_tables_with_zeros():
    pmi_table = function(CHAPTER, "pmi_table")
    rng = np.random.default_rng(36)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(200):
            shape = tuple(int(k) for k in rng.integers(1, 6, size=2))
            joint = rng.dirichlet(np.full(shape[0] * shape[1], 0.5)).reshape(shape)
            joint[rng.random(shape) < 0.3] = 0.0
            if joint.sum() == 0:
                joint[0, 0] = 1.0
            joint /= joint.sum()
            mine, lib = pmi_table(joint), il.pointwise_mutual_information(joint)
            assert np.array_equal(np.isneginf(mine), np.isneginf(lib))
            np.testing.assert_allclose(mine[np.isfinite(lib)], lib[np.isfinite(lib)], rtol=0, atol=1e-12)
    for bad in ([0.5, 0.5], [[0.5, 0.6]], [[-0.5, 1.5]]):
        with pytest.raises(ValueError):
            pmi_table(bad)


def test_chapter_6_can_build_on_the_pmi_of_events():
    six = load("06_mutual_information.ipynb")
    text = " ".join("".join(c["source"]) for c in six["cells"] if c["cell_type"] == "markdown")
    assert "02_fair_dice" in text


def test_pmi_complement_solution_is_self_contained():
    # the average is proved non-negative with ln t <= t - 1, not with chapter 3's Gibbs or chapter 5's divergence
    text = prose(load(CHAPTER))
    solution = block(text, "{solution} ch2-ex-pmi-complement", ":label: ch2-ex-write-pmi")
    assert "\\ln t \\le t - 1" in solution
    assert "ch3-thm-gibbs" not in solution


def test_chain_rule_exercise_replaces_the_unit_exercise_and_adds_up():
    import math
    notebook = load(CHAPTER)
    text = prose(notebook)
    assert "ch2-ex-base" not in text and "lecture notes" not in text
    out = stdout(notebook, "p_EFG = two_dice.prob(")
    values = {k.strip(): float(v) for k, v in re.findall(r"^\s*([^=\n]+?) = ([\d.]+) bits", out, re.M)}
    # I(E) = log2 6, I(F | E) = 1 bit, I(G | E and F) = log2(3/2); E and F and G = {(6, 4), (6, 6)}
    assert values["I(E)"] == pytest.approx(math.log2(6), abs=1e-4)
    assert values["I(F | E)"] == pytest.approx(1.0, abs=1e-4)
    assert values["I(G | E and F)"] == pytest.approx(math.log2(1.5), abs=1e-4)
    assert values["sum"] == pytest.approx(math.log2(18), abs=1e-4)
    assert values["I(E and F and G)"] == pytest.approx(math.log2(18), abs=1e-4)
    assert "P = 1/18" in out


def test_this_chapters_die_is_not_called_the_loaded_die_of_chapter_3():
    # chapter 3's "loaded die" is (0.1 x 5, 0.5); this chapter's die has its own name
    text = prose(load(CHAPTER))
    assert "the loaded die" not in text.lower() and "a loaded die**" not in text
    assert "the **top-heavy die**" in text


def test_the_top_heavy_die_is_called_top_heavy_in_the_code(notebook):
    # chapter 3's variable `loaded` is its own loaded die; this chapter's die is `top_heavy`
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert re.search(r"\bloaded\b", code) is None
    assert "top_heavy = il.Distribution({1: 0.05, 2: 0.10, 3: 0.15, 4: 0.20, 5: 0.20, 6: 0.30})" in code
    names = [c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name", "") for c in notebook["cells"]]
    assert "ch2-fig-top-heavy" in names and "ch2-fig-loaded" not in names


def test_excluding_events_give_pmi_minus_infinity_in_words():
    assert "and so is the negative pointwise mutual information" not in prose(load(CHAPTER))


def test_joint_information_does_not_require_a_positive_conditioning_event():
    text = prose(load(CHAPTER))
    definition = block(text, ":label: ch2-def-conditional-information", ":label: ch2-thm-chain")
    assert definition.index("$P(E) > 0$") > definition.index("**joint information**")
    assert "events with $P(E) > 0$. The **joint" not in definition


def test_rms_error_prediction_is_stated_given_a_positive_frequency():
    text = prose(load(CHAPTER))
    assert "the RMS error is infinite" in text
    assert "*given* $\\hat p > 0$" in text
    out = stdout(load(CHAPTER), "gap_C = (rms_C - pred_C) / se_C")
    assert "runs with a zero count of C or B: 0;" in out
    p_zero = float(re.search(r"P\(no 6 in 100 rolls\) = ([\d.e+-]+)", out).group(1))
    assert p_zero == pytest.approx((5 / 6) ** 100, rel=0.05)


def _markdown_text(notebook) -> str:
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")


def test_opening_points_back_to_chapter_one_instead_of_repeating_it(notebook):
    text = _markdown_text(notebook)
    opening = text[text.index("## Three messages about one roll") :][:400]
    assert "{doc}`01_information_content`" in opening
    assert "A friend rolls a fair die where you cannot see it" not in text


def test_union_exercise_no_longer_asks_for_the_formula_the_chapter_derived(notebook):
    text = _markdown_text(notebook)
    exercise = block(text, ":label: ch2-ex-union")
    assert "\\log_2 n - \\log_2 |A|" not in exercise
    assert "\\log_2 (p_{\\max} / p_{\\min})" in exercise


def test_equal_size_events_on_a_loaded_die_differ_by_at_most_log_pmax_over_pmin_attained_by_single_faces():
    from itertools import combinations

    rng = np.random.default_rng(2)
    for _ in range(40):
        p = rng.dirichlet(np.ones(6))
        bound = math.log2(p.max() / p.min())
        for k in range(1, 6):
            info = [-math.log2(sum(p[list(a)])) for a in combinations(range(6), k)]
            assert max(info) - min(info) <= bound + 1e-12
            if k == 1:
                assert max(info) - min(info) == pytest.approx(bound, abs=1e-12)
