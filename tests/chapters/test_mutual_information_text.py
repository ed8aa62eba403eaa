"""Chapter 6 (mutual information): the claims its text, captions and alt texts make are true.

Each test recomputes, from the chapter's own seeds or from a closed form, the numbers a
sentence of the chapter states, and fails if the sentence and the data disagree. A few
sentences that were wrong, ambiguous or too general must not return.
"""

from __future__ import annotations

import ast
import math
import re
import warnings
import itertools
from itertools import product
from pathlib import Path

import numpy as np
import pytest

import infolib as il
import scipy.optimize
from chapter_text import block as _block, flat as _flat, figure as _figure, load as _load, stdout as _stdout
from solutions import function

CHAPTER = "06_mutual_information.ipynb"  # read by the notebook and prose fixtures (conftest.py)


def _contingency(x: np.ndarray, y: np.ndarray, kx: int, ky: int) -> np.ndarray:
    return np.bincount(x * ky + y, minlength=kx * ky).reshape(kx, ky)


def _plug_in(x, y, kx, ky) -> float:
    return il.mutual_information(_contingency(x, y, kx, ky), normalize=True)


@pytest.fixture(scope="module")
def first_and_sum():
    die = il.Distribution.uniform(range(1, 7))
    return die.product(die).map(lambda d: (d[0], d[0] + d[1]))


@pytest.fixture(scope="module")
def samples_figure() -> dict:
    """The data of figure ch6-fig-samples, drawn as the chapter draws it (seed 2024)."""
    rng = np.random.default_rng(2024)
    for n in [20, 100, 1_000, 10_000]:  # the table of plug-in estimates draws first
        rng.integers(0, 6, n)
        rng.integers(0, 6, n)
    sizes = np.array([25, 50, 100, 200, 500, 1_000, 2_000])
    means = []
    for n in sizes:
        x = rng.integers(0, 6, (400, n))
        y = rng.integers(0, 6, (400, n))
        means.append(np.mean([_plug_in(a, b, 6, 6) for a, b in zip(x, y)]))
    n = 200
    x = rng.integers(0, 6, n)
    y_independent = rng.integers(0, 6, n)
    copies = rng.random(n) < 0.2
    y_linked = np.where(copies, x, rng.integers(0, 6, n))
    tests = {}
    for name, y in [("independent", y_independent), ("linked", y_linked)]:
        observed = _plug_in(x, y, 6, 6)
        null = np.array([_plug_in(x, rng.permutation(y), 6, 6) for _ in range(2_000)])
        tests[name] = (observed, null, (1 + np.sum(null >= observed - 1e-12)) / 2_001)
    return {"sizes": sizes, "means": np.array(means), "formula": 25 / (2 * sizes * math.log(2)), "tests": tests}


# --- sentences that were wrong, ambiguous or too general ------------------------------


@pytest.mark.parametrize(
    "gone",
    [
        # attributed the co-information's sign to McGill; most authors write his
        # interaction information with the opposite sign
        "which {cite:t}`mcgill1954multivariate` introduced as the interaction information (some authors use the opposite sign)",
        # implied that McGill's own sign is the opposite of the co-information's, which no source checked
        "{cite:t}`mcgill1954multivariate` introduced the quantity as the **interaction information**, which many authors",
        "in the opposite sign convention of the interaction information",
        "(In the interaction-information convention the same centre is",
        # contradicted chapter 1 and the lecture notes, where self-information is -log p(x)
        "This is why entropy is sometimes called self-information.",
        # ambiguous: what is averaged in H(Y | X)
        "not the entropy of anything observed",
        # unclear: which die is "not larger" than what
        "it says only that $X$ is not larger",
        # the exercise asked for k = 2, 4, 8 and the solution answered with k = 16
        "for $k = 2, 4, 8$ and $n = 200$ samples",
        # chapter 5 shows that the KL divergence is not a distance
        "2. **Distance from independence.**",
        # Quinlan's objects are Saturday mornings with classes P and N; games are a retelling
        "records 14 days, four features of the weather and whether a game was played",
        # renders as "The KL divergence of Kullback-Leibler divergence"
        "The KL divergence of {doc}`05_kl_divergence`",
        # the bias formula stated for every pair of variables, not only independent ones
        "- The plug-in estimate from samples is biased upwards by about",
        "for $k_X \\times k_Y$ possible pairs, the same first-order correction",
        # read as if the upward bias existed only for large expected counts
        "is biased upwards by about $(k_X - 1)(k_Y - 1)/(2N \\ln 2)$ bits only when",
        # the guess of a worst-case slack is X given the guess and an error, not given the observation
        "given the observation, the true face is confined to the few faces consistent with it",
        # the plain sum is evaluated first; the non-negative terms only below 0.05 nats
        "which evaluates the second form as a sum of non-negative terms",
        # truncation is one of several ways to Quinlan's 0.151
        "becomes 0.151 only when the last digit is dropped",
        # both numbers tell the triples apart (TC 1 against 2)
        "Which of the two numbers tells the two triples apart?",
        # read as every even k
        "for $k = 2, 4, \\ldots, 64$",
        # repeated the proof's sentence word for word
        "Dividing the factorisation by $p(y)$ gave",
        # even spread is one of three conditions for equality in Fano's inequality, not the only one
        "When the mistakes really are spread evenly, the bound is reached",
        "faces: the observations that lead to one guess favour some faces over others",
        # repeated, inside the definition, the sentence before it
        "where $H(X \\mid Y, Z)$ is the conditional entropy of $X$ given the pair $(Y, Z)$.",
        # the term of an impossible pair is 0 log(0 / (p(x) p(y))), not 0 log 0
        "contributes 0 (as $0 \\log 0 = 0$)",
        # the figure went unreferenced
        "No estimator can enter the region below the dashed line. The gap",
        # the bias of the mutual information combines three entropy biases
        "it is the first-order bias of the plug-in entropy estimates",
        # the box began with a pronoun whose antecedent is outside it
        "It also prints gains of 0.246 bits",
        # an implementation detail in the main text; it belongs to the optional note
        "when that gives less than 0.05 nats, again as a sum of non-negative terms (the optional note",
        # Fano's equality conditions restated outside the one statement of them
        "the price of Fano's worst case: the bound assumes that an error is as likely whatever the guess",
        "All three inequalities of the proof are equalities:",
        # a later proof cited the proof of the DPI for the chain rule of mutual information
        "the proof of {prf:ref}`ch6-thm-data-processing` derived the rule",
        # a solution skipped why a function of X has no conditional entropy given X
        "$U$ is a function of $X$, so $H(U \\mid X) = 0$ and",
        # k = 16 has 0.78 samples per cell, not 1
        "As the count per cell falls towards 1",
        # the exercise asked for a numerical inversion "without a computer"
        "compare it with the Fano bound from $H(X \\mid S)$",
        # "third" named no part of the gap: the causes are listed in another order
        "The cell below measures the third part of the gap",
        # 0.689 / 2.585 is 0.267
        "bits about the first die, a quarter of the die's",
        # one sentence carried two results; the remark was longer than the point it makes
        "and that the Miller-Madow correction adds back",
        "So a method that keeps climbing cannot be trapped at a lower peak",
        # the rounding is explained once, in the optional note on ties and rounding
        "the gain of a shuffled day number equals $H(\\text{play})$ only up to rounding, and whether the last bit",
        # the arithmetic behind Quinlan's printed gains belongs to the notes on the sources
        "where the table above has 0.247 and 0.152, from entropies rounded to three decimals",
        # the main-text result comes first; the exercise is its version given a third variable
        "Conditioning never increases entropy on average ({ref}`ch6-ex-subadditivity`)",
        # the capacity is the supremum of the achievable rates, not itself a rate achieved with vanishing error
        "is the highest rate, in bits per use, at which data can be sent",
        # between the regimes where it falls short and where it over-predicts, the formula agrees by accident
        "It holds only when every cell is expected many times",
        "otherwise it fails, in either direction",
        # the cell compares four evaluations with the 40-digit sum, not three
        "The cell measures all three against the defining sum",
        # the six are all of them, not examples
        "for six of them, such as $\\hat X = Y$",
        # the figure shows error probabilities, not a region an estimator enters
        "No estimator can enter the region below the dashed line",
        "His paper prints the gains, not the ratios",
        # g named both the function and its value
        "so $p(b \\mid x, g) = p(b \\mid g)$",
        "since $p(s \\mid x, g)$ is 0 unless $g(s) = g$",
        # a sample whose table of frequencies is the product of its margins has estimate exactly 0
        "Any finite sample has some accidental pattern",
        # a tie comes from a different table with the same value, not from the same table
        "the same table computed in another order can differ in its last bits",
        # in this chapter m is the width of the noise V, not a number of outcomes
        "(chapter 3's number of outcomes $m$)",
        # the equality condition is about the other faces given an error, where each has probability 1/5
        "it leaves each other face probability $f / 5$",
        # for k = 2 and 4 the first-order formula is reliable
        "In neither regime is a simple correction reliable",
        # g is the MAP rule of the text; the exercise's function is phi
        "for any function $g$, $I(X; g(Y)) \\le I(X; Y)$",
        # inline formulas as wide as a phone's column
        "$H(X_1, \\ldots, X_n) = \\sum_i H(X_i \\mid X_1, \\ldots, X_{i-1})$ and",
        # a code that assumes independence with the wrong marginals pays more than I(X; Y)
        "pair paid by a code that treats $X$ and $Y$ as independent",
        # the data-processing inequality allows equality: processing need not lose anything
        "processing loses information about either end of the chain",
        # convexity in the channel is for a fixed input, and the mixture is weighted
        "never carries more than the average of the two",
        # repeated the sentence before it
        "So the capacity has no false peaks",
        # the ties of the day number are stated once, where the solution compares the p-values
        "The solution of {ref}`ch6-ex-write-mi` meets such ties",
        "the day number's p-value would not be 1 without the tolerance",
        # the exercise asks when the bound is reached: the answer is an if and only if
        "The bound is reached when the larger-entropy variable determines the other",
        # the quoted bias holds for values of positive probability
        "For independent variables with $k_X$ and $k_Y$ values, the plug-in estimate",
        # a product p(x) p(y) of tiny marginals underflows to 0 in floating point, and the quotient is infinite
        "so no logarithm of 0 and no division by 0 is ever formed",
        # "the third" read as the third condition listed; the one meant is the second
        "fail for every MAP guess, and the third for most of them",
        # Y is another variable of the same theorem
        "the two-variable chain rule with $X = X^{n-1}$ and $Y = X_n$",
        # p(x | y, z) was used in the definition without being defined
        "the sum running over all pairs in $\\mathcal{X} \\times \\mathcal{Y}$, with $0 \\log 0 = 0$. Exchanging",
        # a shuffle keeps the row totals: only rows of equal total can change places
        "for instance the observed table with its rows in another order",
        # the test compares an estimate with chance; the weak link of the text is detected by no wide margin
        "a {term}`permutation test` tells real dependence from chance",
        # the reason for H(X | X) = 0 was not given
        "Given $X$, there is no uncertainty left about $X$, so $H(X \\mid X) = 0$",
        # m is also the width of the noise V in this chapter; chapter 3 writes the observed count m-hat
        "(the number chapter 3 calls $m$).",
        "The Miller-Madow correction counts $\\hat K$, the values observed",
        # a value expected many times is observed with high probability, not with certainty
        "value is expected many times in the sample, all of them are observed,",
        # the worked example's Y = X + V takes values outside the faces, where X^ = Y is no guess
        "$H(X \\mid \\hat X) = H(X \\mid Y)$, as when $\\hat X = Y$.",
        # the optional box said three times that the guess keeps less than Y does
        "An error is more likely after some guesses than after others, and the guess keeps less than $Y$ does",
        # the box shows that the split depends on the tie-breaking, not that no split exists
        "no tie-independent split",
    ],
)
def test_corrected_sentence_does_not_return(prose, gone):
    assert _flat(gone) not in prose


def test_data_processing_proof_derives_conditional_independence(prose):
    assert "p(x, z \\mid y) = p(x \\mid y)\\, p(z \\mid y)" in prose


def test_data_processing_reverse_direction_is_proved_after_the_theorem(prose):
    proof_end = prose.index("which is $\\ge 0$ by the same theorem: the inequality and its equality case "
                            "{cite:p}`cover2006elements`. ```")
    reverse = prose.index("So $Z \\to Y \\to X$ is a Markov chain too")
    assert proof_end < reverse
    assert "dividing the factorisation by $p(y)$" in prose  # in the proof, and only there
    assert prose.count("Dividing the factorisation by $p(y)$") + prose.count("dividing the factorisation by $p(y)$") == 1
    assert "The conditional independence in the proof is symmetric in $x$ and $z$." in prose
    assert "and the theorem applied to it gives $I(X; Z) \\le I(Y; Z)$" in prose


def test_data_processing_bounds_both_ends_of_random_markov_chains():
    rng = np.random.default_rng(606)
    for _ in range(300):
        p_x = rng.dirichlet(np.ones(3))
        w_yx, w_zy = rng.dirichlet(np.ones(4), size=3), rng.dirichlet(np.ones(5), size=4)
        p = p_x[:, None, None] * w_yx[:, :, None] * w_zy[None, :, :]
        i_xz = il.mutual_information(p.sum(axis=1))
        assert i_xz <= il.mutual_information(p.sum(axis=2)) + 1e-12  # I(X; Z) <= I(X; Y)
        assert i_xz <= il.mutual_information(p.sum(axis=0)) + 1e-12  # I(X; Z) <= I(Y; Z)


def test_conditioning_exercise_does_not_repeat_the_subadditivity_exercise(prose):
    exercise = _block(prose, ":label: ch6-ex-conditioning-sum")
    assert "$H(X \\mid Y, Z) \\le H(X \\mid Z)$" not in exercise
    assert "Prove that conditioning reduces entropy also in the presence of a third variable" not in prose
    assert exercise.count("1. ") == 1 and "3. " not in exercise
    assert exercise.startswith(
        ":label: ch6-ex-conditioning-sum 1. Conditioning never increases entropy on average "
        "({prf:ref}`ch6-thm-nonnegative`; given a third variable, {ref}`ch6-ex-subadditivity`); it can "
        "*increase* what $X$ and $Y$ share."
    )
    # the main-text consequence the exercise cites follows the theorem it names
    theorem = prose.index(":label: ch6-thm-nonnegative")
    consequence = prose.index("**conditioning reduces entropy on average**")
    assert theorem < consequence < prose.index("### One observation can increase uncertainty")
    # and the exercise it cites proves the version given a third variable
    assert "2. Prove that $H(X \\mid Y, Z) \\le H(X \\mid Y)$" in _block(prose, ":label: ch6-ex-subadditivity")
    solution = _block(prose, "```{solution-start} ch6-ex-conditioning-sum", "```{solution-end}")
    assert "$H(X \\mid Z) - H(X \\mid Y, Z) = I(X; Y \\mid Z)" not in solution
    assert "3. " not in solution and "as in part 1, can create it" in solution


def test_fano_equality_holds_for_every_flip_probability_and_map_only_up_to_five_sixths(prose):
    assert _flat(
        "it holds with equality for every $f$ (and for $f \\le 5/6$ the reported face is also the MAP guess)"
    ) in prose
    assert "probability $f / 5$, for $f \\le 5/6$, and the guess" not in prose
    for f in np.linspace(0.0, 1.0, 101):
        w = np.full((6, 6), f / 5) + np.eye(6) * (1 - f - f / 5)
        p_xy = w / 6
        left = il.binary_entropy(f) + f * math.log2(5)
        assert left == pytest.approx(il.conditional_entropy(p_xy, given=1), abs=1e-12)
        assert (np.argmax(w, axis=0) == np.arange(6)).all() == (1 - f >= f / 5)


def test_alt_text_does_not_call_a_fifth_slight(notebook):
    _, alt = _figure(notebook, "ch6-fig-samples")
    assert "exceeds slightly" not in alt


# --- co-information and its sign ------------------------------------------------------


def _xor() -> np.ndarray:
    p = np.zeros((2, 2, 2))
    for x, y in product((0, 1), repeat=2):
        p[x, y, x ^ y] = 0.25
    return p


def test_co_information_of_xor_is_minus_one_and_interaction_information_plus_one(prose):
    p = _xor()
    mi = il.mutual_information(p.sum(axis=2))
    cmi = il.conditional_mutual_information(p, given=2)
    assert (mi, cmi) == (0.0, 1.0)
    assert il.co_information(p) == mi - cmi == -1.0
    assert cmi - mi == 1.0  # the interaction information, in the opposite convention
    assert "$I(X; Y; Z) = I(X; Y) - I(X; Y \\mid Z)$" in prose
    assert "$I(X; Y \\mid Z) - I(X; Y)$" in prose
    assert "$-1$ bit for $Z = X \\oplus Y$" in prose


def test_each_xor_disc_adds_up_to_one_bit():
    p = _xor()
    alone = il.joint_entropy(p) - il.joint_entropy(p.sum(axis=0))  # H(X | Y, Z)
    assert alone == 0.0
    # X's disc: its own part, two pairwise parts of +1 and the centre of -1
    assert alone + 2 * il.conditional_mutual_information(p, given=2) + il.co_information(p) == pytest.approx(1.0)


# --- the dice ------------------------------------------------------------------------


def test_diagram_alt_text_numbers_are_those_of_the_dice(notebook, first_and_sum):
    p_xs, _ = first_and_sum.joint_table()
    _, alt = _figure(notebook, "ch6-fig-diagram")
    values = {
        "H(X) =": il.entropy(p_xs.sum(axis=1)),
        "H(S) =": il.entropy(p_xs.sum(axis=0)),
        "H(X | S)": il.conditional_entropy(p_xs, given=1),
        "I(X; S)": il.mutual_information(p_xs),
        "H(S | X)": il.conditional_entropy(p_xs, given=0),
    }
    for label, value in values.items():
        match = re.search(re.escape(label) + r"\s*(?:reads\s*)?([0-9.]+)", alt)
        assert match, label
        assert match.group(1) == f"{value:.3f}", label


def test_dice_have_no_negative_pointwise_mutual_information(first_and_sum):
    p_xs, _ = first_and_sum.joint_table()
    pmi = il.pointwise_mutual_information(p_xs)
    assert np.all(pmi[p_xs > 0] >= -1e-12)
    assert p_xs.sum(axis=0).max() == pytest.approx(1 / 6)


def test_bias_count_of_positive_cells_for_die_and_sum(prose, first_and_sum):
    p_xs, _ = first_and_sum.joint_table()
    kx, ky = p_xs.shape
    m = int(np.count_nonzero(p_xs))
    assert (m, p_xs.size, kx, ky) == (36, 66, 6, 11)
    assert "$K = 36$ of the 66 cells" in prose


def test_dependent_variables_bias_counts_pairs_in_the_bracket_not_in_the_product(prose, first_and_sum):
    p_xs, _ = first_and_sum.joint_table()
    kx, ky = p_xs.shape
    m = int(np.count_nonzero(p_xs))
    bracket, product_formula = (m - 1) - (kx - 1) - (ky - 1), (kx - 1) * (ky - 1)
    assert (bracket, product_formula) == (20, 50)
    assert _flat(
        "For dependent variables the bracket becomes $(K - 1) - (k_X - 1) - (k_Y - 1)$, with $K$ "
        "the number of pairs of positive probability."
    ) in prose
    assert f"the bias is about ${bracket}/(2N \\ln 2)$ bits, not ${product_formula}/(2N \\ln 2)$" in prose
    # plugging the number of pairs into (k_X - 1)(k_Y - 1) is what the old sentence invited
    assert "For dependent variables $k_X k_Y$ becomes the number of pairs" not in prose


def test_plug_in_bias_is_the_sum_of_three_entropy_biases():
    # [(kx ky - 1) - (kx - 1) - (ky - 1)] = (kx - 1)(ky - 1) for every kx, ky
    for kx, ky in product(range(1, 12), repeat=2):
        assert (kx * ky - 1) - (kx - 1) - (ky - 1) == (kx - 1) * (ky - 1)


def test_functions_of_two_dice_solution_facts():
    pairs = list(product(range(1, 7), repeat=2))
    codes = sorted(x + 6 * y for x, y in pairs)
    assert codes == list(range(7, 43))  # 36 distinct values, 7 to 42
    products = {}
    for x, y in pairs:
        products.setdefault(x * y, set()).add(x)
    assert len(products) == 18
    assert (products[25], products[30]) == ({5}, {5, 6})
    die = il.Distribution.uniform(range(1, 7))
    two = die.product(die)
    mi = {
        name: il.mutual_information(two.map(lambda d, f=f: (d[0], f(*d))))
        for name, f in {
            "sum": lambda a, b: a + b,
            "difference": lambda a, b: a - b,
            "product": lambda a, b: a * b,
            "maximum": max,
        }.items()
    }
    assert mi["sum"] == pytest.approx(mi["difference"], abs=1e-12)
    assert mi["sum"] < mi["maximum"] < mi["product"] < math.log2(6)


def test_parity_exercise_closed_forms():
    die = il.Distribution.uniform(range(1, 7))
    p_xe, _ = die.map(lambda k: (k, k % 2 == 0)).joint_table()
    assert il.mutual_information(p_xe) == pytest.approx(1.0)
    assert il.conditional_entropy(p_xe, given=1) == pytest.approx(math.log2(3))
    p_xx = np.diag(np.full(6, 1 / 6))
    assert il.mutual_information(p_xx) == pytest.approx(math.log2(6))


def test_smoke_alarm_numbers():
    p = np.array([[0.90, 0.0], [0.05, 0.05]])  # rows: quiet, rings; columns: no fire, fire
    h_fire = il.binary_entropy(0.05)
    given_rings = il.entropy(p[1] / p[1].sum())
    assert given_rings == pytest.approx(1.0)
    assert given_rings > 3 * h_fire  # "more than three times the uncertainty before"
    assert il.conditional_entropy(p, given=0) == pytest.approx(0.1)


# --- the sampling figure and its alt text --------------------------------------------


def test_samples_alt_text_is_true_of_the_data(notebook, samples_figure):
    _, alt = _figure(notebook, "ch6-fig-samples")
    means, formula, sizes = samples_figure["means"], samples_figure["formula"], samples_figure["sizes"]
    assert "about 0.8 bits at 25 pairs" in alt and round(means[0], 1) == 0.8
    assert "about 0.009 bits at 2,000 pairs" in alt and round(means[-1], 3) == 0.009
    ratio = means[sizes <= 100] / formula[sizes <= 100]
    low, high = round(100 * (ratio.min() - 1)), round(100 * (ratio.max() - 1))
    assert f"exceeds by {low} to {high} percent up to 100 pairs" in alt
    # the ratios the alt text summarises are printed where a reader sees them, in the table's last column
    table = _table_rows(notebook, '"estimate / formula"')
    printed = [float(row[-1]) for row in table if int(row[0].replace(",", "")) <= 100]
    assert np.allclose(printed, ratio, atol=1e-4)
    assert (round(100 * (min(printed) - 1)), round(100 * (max(printed) - 1))) == (low, high)
    for name in ("independent", "linked"):
        observed, null, p_value = samples_figure["tests"][name]
        assert f"at {observed:.3f} bits for the {name} sample, p = {p_value:.3f}" in alt
        assert np.mean((null >= 0.04) & (null <= 0.16)) > 0.95  # "mostly between 0.04 and 0.16 bits"
    assert "peaks between 0.07 and 0.09" in alt
    for name in ("independent", "linked"):
        heights, edges = np.histogram(samples_figure["tests"][name][1], bins=np.linspace(0, 0.3, 46))
        low_edge = edges[np.argmax(heights)]
        assert 0.07 - 1e-9 <= low_edge and low_edge + (edges[1] - edges[0]) <= 0.09 + 0.0067, (name, low_edge)


def _table_rows(notebook, marker: str) -> list[list[str]]:
    """The body rows of the table that the one code cell containing ``marker`` displays, split on spaces."""
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code" and marker in "".join(c["source"])]
    assert len(cells) == 1, marker
    text = "".join(cells[0]["outputs"][0]["data"]["text/plain"])
    lines = text.splitlines()
    rule = next(i for i, line in enumerate(lines) if set(line) <= {"-", " "} and "-" in line)
    return [line.split() for line in lines[rule + 1 :] if line.strip()]


def test_the_sum_carries_just_over_a_quarter_of_the_first_dies_entropy(notebook, prose, first_and_sum):
    p_xs, _ = first_and_sum.joint_table()
    share = il.mutual_information(p_xs) / il.entropy(p_xs.sum(axis=1))
    assert 0.25 < share < 0.28  # 0.689 / 2.585 = 0.267
    assert _flat(
        "The sum carries about $0.69$ bits about the first die, just over a quarter of the die's $2.585$ bits."
    ) in prose
    assert "| il.mutual_information | 0.689439 |" in "".join(
        "".join(o.get("data", {}).get("text/markdown", "")) for c in notebook["cells"] if c["cell_type"] == "code"
        for o in c.get("outputs", []))
    assert f"{il.mutual_information(p_xs):.6f}" == "0.689439"
    assert f"{il.entropy(p_xs.sum(axis=1)):.3f}" == "2.585"


def test_random_variables_take_finitely_many_values_throughout(prose):
    section = _block(prose, "## Joint entropy", ":label: ch6-def-joint-entropy")
    assert _flat(
        "Throughout this chapter random variables take finitely many values; \"discrete\" in the definitions and "
        "theorems means this."
    ) in section
    # the definitions say "finite sets", the theorems "discrete random variables"
    assert "with values in finite sets $\\mathcal{X}$ and $\\mathcal{Y}$" in prose
    assert "For discrete random variables $X$, $Y$ and $Z$," in prose


def test_hundred_pairs_estimate_exceeds_a_quarter_of_the_true_information(samples_figure, first_and_sum):
    p_xs, _ = first_and_sum.joint_table()
    at_100 = samples_figure["means"][list(samples_figure["sizes"]).index(100)]
    assert round(at_100, 1) == 0.2
    assert at_100 > il.mutual_information(p_xs) / 4


def _bias_exercise_rows() -> dict:
    """k -> (mean plug-in estimate, first-order formula), drawn as the bias exercise draws them (seed 7)."""
    rng = np.random.default_rng(7)
    n, repeats = 200, 300
    rows = {}
    for k in [2, 4, 8, 16, 32, 64]:
        mean = np.mean([_plug_in(rng.integers(0, k, n), rng.integers(0, k, n), k, k) for _ in range(repeats)])
        rows[k] = (mean, (k - 1) ** 2 / (2 * n * math.log(2)))
    return rows


def test_bias_formula_falls_short_near_n_cells_and_over_predicts_far_beyond(prose):
    rows = _bias_exercise_rows()
    shortfall = {k: mean - formula for k, (mean, formula) in rows.items()}
    assert shortfall[16] > shortfall[8] > 0.01  # k^2 approaching n: the formula falls short
    assert shortfall[32] < 0 and shortfall[64] < 0  # k^2 far beyond n: it over-predicts
    assert round(rows[32][1], 2) == 3.47 and round(rows[32][0], 2) == 2.31
    assert round(rows[64][1], 1) == 14.3 > math.log2(64)
    assert all(mean <= min(math.log2(k), math.log2(200)) for k, (mean, _) in rows.items())
    assert "the formula over-predicts instead, and at $k = 64$ it even exceeds $\\log_2 64 = 6$ bits" in prose
    assert "the estimate is at most $\\min(\\log_2 k, \\log_2 N)$" in prose


def test_plug_in_estimate_never_exceeds_log_of_values_or_of_samples():
    rng = np.random.default_rng(70)
    for k, n in [(64, 20), (64, 200), (8, 5), (3, 1000)]:
        for _ in range(50):
            estimate = _plug_in(rng.integers(0, k, n), rng.integers(0, k, n), k, k)
            assert estimate <= min(math.log2(k), math.log2(n)) + 1e-12


def test_bias_formula_is_said_to_hold_only_for_many_samples_per_cell(notebook, prose):
    box = _block(prose, "```{admonition} Quoted result: the first-order bias of the plug-in estimate")
    assert "It can be relied on only when every cell is expected many times, $N p(x)\\, p(y) \\gg 1$ for every pair" \
        in box
    assert "which needs a sample much larger than the number of cells, $N \\gg k_X k_Y$" in box
    summary = prose[prose.index("## Summary") :]
    assert _flat("is biased upwards, by about $(k_X - 1)(k_Y - 1)/(2N \\ln 2)$ bits when every cell is "
                 "expected many times, $N p(x) p(y) \\gg 1$ (which needs $N \\gg k_X k_Y$); "
                 "a {term}`permutation test` checks whether an estimate is larger than chance alone would "
                 "make it") in summary
    # one sentence: the exercise's ceiling on the estimate is not repeated in the summary
    assert "\\log_2 N" not in summary[: summary.index("Mutual information ranks features")]
    # the exercise: close where each of the k^2 equally likely cells is expected 50 and 12.5 times
    rows = _bias_exercise_rows()
    assert 200 / 2**2 == 50 and 200 / 4**2 == 12.5
    for k in (2, 4):
        assert rows[k][0] == pytest.approx(rows[k][1], rel=0.05)
    assert rows[8][0] > 1.05 * rows[8][1]  # an expected count of about 3 per cell is not enough
    assert "(50 and 12.5 per cell) it is close" in prose
    source = next("".join(c["source"]) for c in notebook["cells"]
                  if c["cell_type"] == "code" and "ceiling = min(math.log2(k), math.log2(n))" in "".join(c["source"]))
    assert "rows.append([k, n / k**2," in source and '"expected count per cell N / k^2"' in source
    assert _flat("the first-order formula falls short of the real bias") not in prose


def test_diagram_text_does_not_read_equal_discs_as_areas(notebook, prose):
    caption, alt = _figure(notebook, "ch6-fig-diagram")
    assert "like the areas of two overlapping discs" not in prose
    assert "both discs have the same size although $H(S) > H(X)$" in prose
    assert "two circles of the same size" in alt
    section = _block(prose, "## The information diagram", "## Properties")
    for text in (caption, alt, section):
        assert "area" not in text.lower()


def test_permutation_legend_sits_below_the_panel_clear_of_the_dashed_lines(notebook):
    cells = [c for c in notebook["cells"] if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "ch6-fig-samples"]
    source = "".join(cells[0]["source"])
    legend = re.search(r"bottom\.legend\((.*?)\)\s*#", source, re.S)
    assert legend, "the bottom panel's legend call"
    anchor = re.search(r"bbox_to_anchor=\(([-0-9.]+), ([-0-9.]+)\)", legend.group(1))
    assert anchor and float(anchor.group(2)) < 0  # below the axes, not over the lines
    assert 'loc="upper center"' in legend.group(1)


def test_noisy_report_is_processed_from_the_noiseless_one(first_and_sum, prose):
    p_xs, (_, s_values) = first_and_sum.joint_table()
    high = np.array([s >= 7 for s in s_values])
    p_x_high = np.stack([p_xs[:, ~high].sum(axis=1), p_xs[:, high].sum(axis=1)], axis=1)
    p_r_given_high = np.array([[0.9, 0.1], [0.1, 0.9]])  # rows: low, high; columns: report low, high
    p_x_high_r = p_x_high[:, :, None] * p_r_given_high[None, :, :]
    assert il.conditional_mutual_information(p_x_high_r, given=1) == pytest.approx(0.0, abs=1e-12)
    i_r = il.mutual_information(p_x_high_r.sum(axis=1))
    assert i_r < il.mutual_information(p_x_high) < il.mutual_information(p_xs)
    assert "$X \\to \\varphi(S) \\to B$ is a Markov chain too" in prose


def test_information_gains_of_quinlans_weather_data(notebook):
    # the chapter's table, against Quinlan's closed forms: H(play) minus the
    # weighted entropies of play within each value of the feature
    h = il.binary_entropy
    h_play = h(9 / 14)
    closed = {
        "outlook": h_play - (5 / 14 * h(2 / 5) + 4 / 14 * h(1.0) + 5 / 14 * h(3 / 5)),
        "temperature": h_play - (4 / 14 * h(2 / 4) + 6 / 14 * h(4 / 6) + 4 / 14 * h(3 / 4)),
        "humidity": h_play - (7 / 14 * h(3 / 7) + 7 / 14 * h(6 / 7)),
        "windy": h_play - (8 / 14 * h(6 / 8) + 6 / 14 * h(3 / 6)),
        "day number": h_play,
    }
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code" and "weather = [" in "".join(c["source"])]
    assert len(cells) == 1
    table = next(o["data"]["text/plain"] for o in cells[0]["outputs"] if "data" in o)
    stored = {}
    for line in "".join(table).splitlines()[2:]:
        name, values, gain, p_value = re.match(r"(.+?)\s+(\d+)\s+([0-9.]+)\s+([0-9.]+)$", line.strip()).groups()
        stored[name] = float(gain)
    assert stored == {name: round(value, 3) for name, value in closed.items()}
    weather = {name: value for name, value in closed.items() if name != "day number"}
    assert max(weather, key=weather.get) == "outlook"  # "ID3 splits on it first"


# --- chain rules for n variables, Fano, concavity and convexity -----------------------


def _theorem_and_proof(notebook, label: str) -> str:
    text = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    after = text[text.index(f":label: {label}") :]
    proof = _block(after, "```{prf:")
    assert proof.startswith("```{prf:proof}"), label
    return _flat(proof)


def test_chain_rules_for_n_variables_are_proved_by_induction_and_checked(notebook):
    proof = _theorem_and_proof(notebook, "ch6-thm-chain-rules-n")
    assert "by induction on $n$" in proof and "{prf:ref}`ch6-thm-chain-rule-mi` gives" in proof
    assert "ch6-thm-data-processing" not in proof
    printed = _stdout(notebook, "p_x123 = p4.sum(axis=3)")
    values = [float(v) for v in re.findall(r"= ([0-9.]+) bits", printed)]
    assert len(values) == 4 and values[0] == values[1] and values[2] == values[3]


def test_chain_rules_for_n_variables_hold_on_random_joints():
    # against plain sums of -p log p over the marginals, not infolib's conditional measures
    def h(p):
        p = p[p > 0]
        return float(-(p * np.log2(p)).sum())

    rng = np.random.default_rng(66)
    for _ in range(20):
        p = rng.dirichlet(np.full(2 * 3 * 2 * 3, 0.5)).reshape(2, 3, 2, 3)  # X1, X2, X3, Y
        marg = [p.sum(axis=tuple(range(i, 4))) for i in range(4)]  # X^0 (=1), X^1, X^2, X^3
        terms = [h(marg[i + 1]) - (h(marg[i]) if i else 0.0) for i in range(3)]  # H(X_i | X^{i-1})
        assert sum(terms) == pytest.approx(h(marg[3]), abs=1e-12)
        with_y = [p.sum(axis=tuple(range(i, 3))) for i in range(4)]  # (X^i, Y)
        hy = h(p.sum(axis=(0, 1, 2)))
        info = 0.0
        for i in range(3):  # I(X_i; Y | X^{i-1}) = H(X^i) + H(X^{i-1}, Y) - H(X^{i-1}) - H(X^i, Y)
            h_prev = h(marg[i]) if i else 0.0
            h_prev_y = h(with_y[i]) if i else hy
            info += h(marg[i + 1]) + h_prev_y - h_prev - h(with_y[i + 1])
        assert info == pytest.approx(h(marg[3]) + hy - h(p), abs=1e-12)
        assert info == pytest.approx(il.mutual_information(p.reshape(12, 3)), abs=1e-12)


def _h_bits(p) -> float:
    """-sum p log2 p over every entry: the (joint) entropy, with no infolib."""
    p = np.asarray(p, dtype=float).ravel()
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def _keep(p: np.ndarray, axes) -> np.ndarray:
    """The marginal of the variables on ``axes``."""
    return p.sum(axis=tuple(a for a in range(p.ndim) if a not in axes))


def test_chain_rule_cell_names_the_variables_by_axis_as_the_text_says(prose):
    assert "`x=2, y=3, given=(0, 1)` is $I(X_3; Y \\mid X_1, X_2)$, and the axes it does not name are summed out" in prose
    rng = np.random.default_rng(61)
    p4 = rng.dirichlet(np.ones(2 * 3 * 4 * 3)).reshape(2, 3, 4, 3)  # the cell's joint: X1, X2, X3, Y
    # I(X3; Y | X1, X2) = H(X1, X2, X3) + H(X1, X2, Y) - H(X1, X2) - H(X1, X2, X3, Y)
    expected = _h_bits(_keep(p4, (0, 1, 2))) + _h_bits(_keep(p4, (0, 1, 3))) - _h_bits(_keep(p4, (0, 1))) - _h_bits(p4)
    assert il.conditional_mutual_information(p4, x=2, y=3, given=(0, 1)) == pytest.approx(expected, abs=1e-12)
    # X3 is not named, so it is summed out: I(X2; Y | X1)
    expected = _h_bits(_keep(p4, (0, 1))) + _h_bits(_keep(p4, (0, 3))) - _h_bits(_keep(p4, (0,))) - _h_bits(_keep(p4, (0, 1, 3)))
    assert il.conditional_mutual_information(p4, x=1, y=3, given=0) == pytest.approx(expected, abs=1e-12)


def test_total_correlation_exercise_values_are_the_hand_computed_ones(notebook, prose):
    assert "```{exercise} :label: ch6-ex-total-correlation" in prose
    assert "```{solution-start} ch6-ex-total-correlation :class: dropdown" in prose
    copies = np.zeros((2, 2, 2))
    copies[0, 0, 0] = copies[1, 1, 1] = 0.5
    printed = _stdout(notebook, "three_copies = np.zeros")
    for name, p, tc_text, co_text in [
        ("X, Y, X xor Y", _xor(), "$\\mathrm{TC} = 3 - 2 = 1$ bit", "$I(X; Y; Z) = I(X; Y) - I(X; Y \\mid Z) = 0 - 1 = -1$ bit"),
        ("three copies", copies, "$\\mathrm{TC} = 3 - 1 = 2$ bits", "$I(X; Y; Z) = 1 - 0 = +1$ bit"),
    ]:
        singles = [_h_bits(_keep(p, (a,))) for a in range(3)]
        pairs = [_h_bits(_keep(p, pair)) for pair in [(0, 1), (0, 2), (1, 2)]]
        assert singles == [1.0, 1.0, 1.0]
        tc = sum(singles) - _h_bits(p)
        co = sum(singles) - sum(pairs) + _h_bits(p)  # inclusion-exclusion
        assert f"{name:<14} TC = {tc:.3f} bits, I(X; Y; Z) = {co:+.3f} bits" in printed
        assert tc_text in prose and co_text in prose


def test_total_correlation_is_the_sum_of_what_each_variable_shares_with_the_earlier_ones():
    # part 1 of the exercise, on random joints, from plain sums of -p log p
    rng = np.random.default_rng(67)
    for _ in range(20):
        p = rng.dirichlet(np.full(2 * 3 * 2 * 2, 0.5)).reshape(2, 3, 2, 2)
        tc = sum(_h_bits(_keep(p, (a,))) for a in range(4)) - _h_bits(p)
        shared = [  # I(X^{i-1}; X_i) = H(X^{i-1}) + H(X_i) - H(X^i)
            _h_bits(_keep(p, tuple(range(i)))) + _h_bits(_keep(p, (i,))) - _h_bits(_keep(p, tuple(range(i + 1))))
            for i in range(1, 4)
        ]
        assert min(shared) >= -1e-12
        assert tc == pytest.approx(sum(shared), abs=1e-12)
        assert il.total_correlation(p) == pytest.approx(tc, abs=1e-12)


def test_fano_is_proved_with_the_error_indicator_two_ways(notebook):
    proof = _theorem_and_proof(notebook, "ch6-thm-fano")
    assert "error indicator" in proof and "$H(E, X \\mid \\hat X)$" in proof
    assert "{prf:ref}`ch3-thm-bounds`" in proof and "{prf:ref}`ch6-thm-data-processing`" in proof


def _fano_bound(h: float, size: int) -> float:
    # independent of the chapter's grid: a root of H_b(P) + P log2(size - 1) = h on [0, 1 - 1/size]
    if h <= 0:
        return 0.0
    f = lambda q: il.binary_entropy(q) + q * math.log2(size - 1) - h  # noqa: E731
    return scipy.optimize.brentq(f, 1e-300, 1 - 1 / size, xtol=1e-15)


def test_fano_figure_data_map_error_is_closed_form_and_above_the_bound(notebook):
    die = il.Distribution.uniform(range(1, 7))
    bounds, errors = [], []
    for m in range(1, 19):
        p_xy, _ = die.product(il.Distribution.uniform(range(m))).map(lambda d: (d[0], d[0] + d[1])).joint_table()
        bound = _fano_bound(il.conditional_entropy(p_xy, given=1), 6)
        error = 1 - p_xy.max(axis=0).sum()
        assert error == pytest.approx(5 / 6 - 5 / (6 * m), abs=1e-12)  # m + 5 sums, each right with 1/(6m)
        assert bound <= error + 1e-12
        bounds.append(bound)
        errors.append(error)
    assert np.all(np.diff(bounds) > 0) and np.all(np.diff(errors) > 0)  # "rises"
    printed = "".join(
        o["data"]["text/plain"] if isinstance(o["data"]["text/plain"], str) else "".join(o["data"]["text/plain"])
        for c in notebook["cells"]
        if c["cell_type"] == "code" and "fano_rows = []" in "".join(c["source"])
        for o in c["outputs"]
        if "data" in o
    )
    for m in (2, 6, 18):
        row = re.search(rf"^\s*{m}\s+([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)$", printed, re.M)
        assert row and (float(row.group(2)), float(row.group(3))) == (round(bounds[m - 1], 3), round(errors[m - 1], 3))
    caption, alt = _figure(notebook, "ch6-fig-fano")
    assert f"about {errors[5]:.2f} at m = 6 and {errors[17]:.2f} at m = 18" in alt
    assert f"to about {bounds[5]:.2f} at m = 6 and {bounds[17]:.2f} at m = 18" in alt
    assert "5/6" in caption and "MAP" in caption
    assert "as the noise widens" not in caption
    assert f"both tend to 5/6, the error probability of guessing with no observation at all, as m → ∞ (slowly for the bound: {bounds[17]:.2f} at m = 18)" in caption


def test_fano_example_calls_its_added_noise_v_so_that_n_stays_the_gaussian_noise_power(notebook, prose):
    # N is the noise power of the Gaussian channel in chapter 8 (and a sample size in this
    # chapter); the die's added noise is V, in the text, the code and the figure alike.
    example = _block(prose, "A worked example shows", "### Concavity in the input")
    assert "$Y = X + V$, where $V$ is uniform on $\\{0, 1, \\ldots, m - 1\\}$" in example
    assert "a wider $V$ hides more" in example
    code = "".join(
        "".join(c["source"]) for c in notebook["cells"]
        if c["cell_type"] == "code" and ("fano_rows = []" in "".join(c["source"]) or "fano_array" in "".join(c["source"]))
    )
    assert "il.Distribution.uniform(range(m))" in code and 'set_xlabel("width m of the added noise V (values)")' in code
    caption, alt = _figure(notebook, "ch6-fig-fano")
    assert "guessed from Y = X + V, with V uniform on m values" in caption
    assert alt.startswith("A line chart with the width m of the added noise V, from 1 to 18")
    for text in (example, code, caption, alt):
        assert not re.search(r"\bN\b", text), re.search(r".{0,40}\bN\b.{0,40}", text).group(0)
    assert "noise =" not in code


def test_fano_exercise_rule_is_a_map_guess_and_symmetric_channel_meets_the_bound(notebook):
    for s in range(2, 13):
        possible = {x for x in range(1, 7) if 1 <= s - x <= 6}
        assert min(6, max(1, s - 3)) in possible
    f = 0.3
    p = (np.full((6, 6), f / 5) + np.eye(6) * (1 - f - f / 5)) / 6
    h = il.conditional_entropy(p, given=1)
    assert h == pytest.approx(il.binary_entropy(f) + f * math.log2(5), abs=1e-12)
    assert _fano_bound(h, 6) == pytest.approx(f, abs=1e-9) == pytest.approx(1 - p.max(axis=0).sum(), abs=1e-12)
    printed = _stdout(notebook, "g_error = ")
    assert "P_e of the best guess without S:     0.8333" in printed
    g_error, map_error = re.findall(r"P_e of (?:g\(s\)|the MAP guess)[^:]*:\s+([0-9.]+)", printed)[:2]
    assert g_error == map_error


def test_mutual_information_concavity_and_convexity_are_proved_from_chapters_3_and_5(notebook):
    proof = _theorem_and_proof(notebook, "ch6-thm-concavity")
    assert "{prf:ref}`ch3-thm-concave`" in proof and "{prf:ref}`ch5-thm-joint-convexity`" in proof
    printed = _stdout(notebook, "concavity_gaps, convexity_gaps = [], []")
    gaps = [float(v) for v in re.findall(r"gap in the \w+:\s+(\S+) bits", printed)]
    assert len(gaps) == 2 and min(gaps) >= 0


def test_mutual_information_is_concave_in_the_input_and_convex_in_the_channel():
    def mi(px, w):  # plain sums, channel rows p(y | x)
        joint = px[:, None] * w
        prod = px[:, None] * (px @ w)[None, :]
        nz = joint > 0
        return float((joint[nz] * np.log2(joint[nz] / prod[nz])).sum())

    rng = np.random.default_rng(67)
    for _ in range(500):
        w1, w2 = rng.dirichlet(np.full(3, 0.5), size=(2, 4))
        p1, p2 = rng.dirichlet(np.ones(4), size=2)
        lam = rng.uniform()
        assert mi(lam * p1 + (1 - lam) * p2, w1) >= lam * mi(p1, w1) + (1 - lam) * mi(p2, w1) - 1e-12
        assert mi(p1, lam * w1 + (1 - lam) * w2) <= lam * mi(p1, w1) + (1 - lam) * mi(p1, w2) + 1e-12


def test_new_proof_exercises_have_complete_folded_solutions(prose):
    for label in ["ch6-ex-conditioning-sum", "ch6-ex-fano-estimator", "ch6-ex-write-mi"]:
        assert f"```{{exercise}} :label: {label}" in prose
    for label in ["ch6-ex-conditioning-sum", "ch6-ex-fano-estimator", "ch6-ex-write-mi"]:
        assert f"```{{solution-start}} {label} :class: dropdown" in prose


def test_write_it_yourself_mutual_information_matches_infolib_with_empty_cells():
    mi_bits = function(CHAPTER, "mi_bits")
    rng = np.random.default_rng(606)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no NumPy warning may escape the reader's function
        for _ in range(300):
            kx, ky = (int(k) for k in rng.integers(1, 7, size=2))
            p = rng.dirichlet(np.full(kx * ky, 0.4)).reshape(kx, ky)
            p[rng.random((kx, ky)) < 0.35] = 0.0
            if p.sum() == 0:
                p[0, 0] = 1.0
            p = p / p.sum()
            assert mi_bits(p) == pytest.approx(il.mutual_information(p), abs=1e-12)
        assert mi_bits(np.eye(4) / 4) == pytest.approx(2.0, abs=1e-15)
        assert mi_bits([[1.0]]) == 0.0
    for bad in ([0.5, 0.5], [[0.5, 0.6]], [[-0.1, 1.1]], [[np.nan, 1.0]], [[np.inf, 0.0]], np.zeros((0, 2))):
        with pytest.raises(ValueError):
            mi_bits(bad)


def test_no_cell_checks_infolib_against_itself_on_the_main_line(notebook):
    code = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert "identical floats" not in code


# --- notation, order of the main line and forward references --------------------------


def _chapter_text(notebook) -> str:
    """Markdown, code, captions and alt texts of the chapter, as a reader may see them."""
    pieces = []
    for cell in notebook["cells"]:
        pieces.append("".join(cell["source"]))
        mystnb = cell.get("metadata", {}).get("mystnb", {})
        pieces += [mystnb.get("figure", {}).get("caption", ""), mystnb.get("image", {}).get("alt", "")]
    return "\n".join(pieces)


def test_divergence_is_written_d_as_on_the_notation_page(notebook, prose):
    text = _chapter_text(notebook)
    assert "D_{\\mathrm{KL}}" not in text and "D_KL" not in text
    assert "D\\!\\left(p_{XY} \\,\\|\\, p_X \\otimes p_Y\\right)" in prose  # the definition
    assert "$I(X; Y) = D(p_{XY} \\,\\|\\, p_X \\otimes p_Y)$, which is $\\ge 0$" in prose  # the proof of I >= 0
    summary = prose[prose.index("## Summary") :]
    assert "D(p_{XY} \\,\\|\\, p_X \\otimes p_Y)" in summary


def test_chapter_7_is_referred_to_by_what_it_does_not_by_its_labels(prose):
    assert "{doc}`07_noisy_channels` proves the converse of the channel coding theorem with it" in prose
    assert _flat(
        "however close to the maximum); chapter 7 uses this. The second says"
    ) in prose
    paragraph = _block(prose, "The first part is why the capacity of", "mixtures of random")
    assert paragraph.count("{doc}`07_noisy_channels`") == 1, "one link to chapter 7 in the paragraph"
    assert "uses the inequality for the converse" not in prose
    assert not re.search(r"\{(?:prf:ref|ref|numref)\}`(?:[^`<]*<)?ch7-", prose)


def test_conditional_mutual_information_is_defined_with_its_two_forms_before_it_is_used(notebook, prose):
    label = ":label: ch6-def-conditional-mutual-information"
    assert prose.index(":label: ch6-def-mutual-information") < prose.index(label) < prose.index("**co-information**")
    assert "```{prf:definition} Conditional mutual information" in prose
    definition = _block(prose, label)
    assert "&I(X; Y \\mid Z) \\\\ &\\quad = \\sum_z p(z)\\, I(X; Y \\mid Z = z). \\end{aligned} $$" in definition
    assert "H(X \\mid Z)" not in definition  # the identity is a theorem, proved after the definition
    theorem = ":label: ch6-thm-conditional-mi-entropies"
    assert prose.index(label) < prose.index(theorem) < prose.index("**co-information**")
    assert "I(X; Y \\mid Z) = H(X \\mid Z) - H(X \\mid Y, Z). $$" in prose[prose.index(theorem) :][:300]
    proof = _theorem_and_proof(notebook, "ch6-thm-conditional-mi-entropies")
    assert "H(X \\mid Y, Z) = \\sum_z p(z)\\, H(X \\mid Y, Z = z)" in proof
    # the two forms agree, computed from plain sums on random joints of three variables
    rng = np.random.default_rng(68)
    for _ in range(20):
        p = rng.dirichlet(np.full(24, 0.5)).reshape(2, 3, 4)  # X, Y, Z
        averaged = sum(p[:, :, z].sum() * il.mutual_information(p[:, :, z] / p[:, :, z].sum()) for z in range(4))
        h = lambda q: float(-(q[q > 0] * np.log2(q[q > 0])).sum())  # noqa: E731
        h_x_given_z = h(p.sum(axis=1)) - h(p.sum(axis=(0, 1)))
        h_x_given_yz = h(p) - h(p.sum(axis=0))
        assert averaged == pytest.approx(h_x_given_z - h_x_given_yz, abs=1e-12)


def test_notation_page_and_glossary_hold_the_conditional_measures():
    root = Path(__file__).resolve().parents[2]
    notation = (root / "notation.md").read_text(encoding="utf-8")
    assert "| $I(X; Y \\mid Z)$ | conditional mutual information" in notation
    assert "| $H(X \\mid Y, Z)$ | conditional entropy of $X$ given the pair $(Y, Z)$" in notation
    glossary = (root / "glossary.md").read_text(encoding="utf-8")
    assert "\nconditional mutual information\n  $I(X; Y \\mid Z) = " in glossary
    assert "\ninformation gain\n  " in glossary


def test_information_gain_is_defined_in_bold_where_it_is_used(prose):
    used = prose[prose.index("## Where it is used") :]
    assert "**information gain**" in used[:1000]


def test_safe_two_variable_diagram_points_to_the_proof_of_non_negativity(prose):
    sentence = prose[prose.index("For two variables every region is non-negative") :][:300]
    assert "{prf:ref}`ch6-thm-nonnegative`" in sentence


def test_map_guess_is_proved_optimal_before_the_fano_example_uses_it(prose):
    argument = prose.index("P(\\text{correct}) &= \\sum_s p(s)\\, p(g(s) \\mid s)")
    error = prose.index("$P_e = 1 - \\sum_s \\max_x p(x, s)$, the smallest possible")
    assert argument < error < prose.index(":label: ch6-thm-fano")
    exercise = _block(prose, ":label: ch6-ex-fano-estimator")
    assert "smallest error probability" not in exercise and exercise.count("1. ") == 1


def test_entropy_bounds_exercise_leaves_the_proved_upper_bound_out(prose):
    exercise = _block(prose, ":label: ch6-ex-subadditivity")
    assert "\\le H(X) + H(Y)$, and say when" not in exercise
    assert "Prove that $\\max(H(X), H(Y)) \\le H(X, Y)$" in exercise
    assert "Prove that $H(X \\mid Y, Z) \\le H(X \\mid Y)$" in exercise
    solution = _block(prose, "```{solution-start} ch6-ex-subadditivity", "```{solution-end}")
    assert "$X$ and $Z$ are independent given $Y$" in solution


def test_further_conditioning_never_increases_entropy_equality_exactly_for_markov_chains():
    def h(q):
        q = q[q > 0]
        return float(-(q * np.log2(q)).sum())

    rng = np.random.default_rng(69)
    for _ in range(200):
        p = rng.dirichlet(np.full(18, 0.5)).reshape(3, 2, 3)  # X, Y, Z
        h_x_given_y = h(p.sum(axis=2)) - h(p.sum(axis=(0, 2)))
        h_x_given_yz = h(p) - h(p.sum(axis=0))
        assert h_x_given_yz <= h_x_given_y + 1e-12
        # a Markov chain X -> Y -> Z: p(x, y) p(z | y)
        markov = p.sum(axis=2)[:, :, None] * rng.dirichlet(np.ones(3), size=2)[None, :, :]
        gap = (h(markov.sum(axis=2)) - h(markov.sum(axis=(0, 2)))) - (h(markov) - h(markov.sum(axis=0)))
        assert gap == pytest.approx(0.0, abs=1e-12)


def test_chapter_does_not_lean_on_lecture_notes_and_links_the_sources_once_from_the_summary(prose):
    assert "as in the lecture notes" not in prose
    assert prose.count("{doc}`../sources`") == 1
    assert _flat(
        "The page {doc}`../sources` has two notes on this chapter: how information adds when variables depend on "
        "each other, and where Quinlan's printed gains come from."
    ) in prose[prose.index("## Summary") :]


def test_prerequisites_are_one_short_line_and_the_results_used_are_referred_to_where_used(notebook, prose):
    opening = "".join(notebook["cells"][0]["source"])
    prerequisites = _flat(_block(opening, "**Prerequisites:**", "**Time:**"))
    assert prerequisites == _flat(
        "**Prerequisites:** {doc}`02_fair_dice`, {doc}`03_entropy` (including its optional section on entropy "
        "from samples) and {doc}`05_kl_divergence`; joint and conditional probability tables; Python with NumPy."
    )
    for label in ["ch2-def-pmi", "ch3-thm-gibbs", "ch3-thm-bounds", "ch3-thm-concave", "ch3-thm-grouping",
                  "ch5-thm-joint-convexity"]:
        assert f"{{prf:ref}}`{label}`" in prose, label


def test_sample_size_is_written_n_capital_as_in_chapter_3(notebook, prose):
    section = _block(prose, "## Mutual information from samples", "## Where it is used")
    assert "there are only $N$ observed pairs" in section and "{2 N \\ln 2}" in section
    assert not re.search(r"\$n\b|\(2n\b|2 n \\ln", section)
    assert "the two coincide to first order" in section
    assert "counts $\\hat K$ (chapter 3's $\\hat m$), the values observed, where" in section
    # m is the width of the added noise in the Fano example: m-hat appears once, as chapter 3's letter
    assert prose.count("\\hat m") == 1 and "(chapter 3's $\\hat m$)" in prose
    caption, _ = _figure(notebook, "ch6-fig-samples")
    assert "like 1/N" in caption


# --- permutation tests: ties, p = 1 and the weather data -------------------------------


def _weather_columns(notebook):
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "code" and "weather = [" in "".join(c["source"]))
    rows = ast.literal_eval(re.search(r"weather = (\[.*?\n\])", "".join(cell["source"]), re.S).group(1))
    return rows


def _weather_test_with_mi_bits(notebook) -> dict:
    """The weather test of the solution of ch6-ex-write-mi, shuffle by shuffle, with the notebook's ``mi_bits``.

    Seed 14, features in the table's order, as the solution draws them. For each feature: the observed
    table, its gain, the 2,000 shuffled tables and their gains.
    """
    mi_bits = function(CHAPTER, "mi_bits")
    rows = _weather_columns(notebook)
    columns = {name: [r[i] for r in rows] for i, name in enumerate(["outlook", "temperature", "humidity", "windy"])}
    columns["day number"] = list(range(1, 15))
    play = np.array([r[4] == "yes" for r in rows], dtype=int)
    rng = np.random.default_rng(14)
    replay = {}
    for name, values in columns.items():
        labels = sorted(set(values), key=str)
        x = np.array([labels.index(v) for v in values])
        observed_table = _contingency(x, play, len(labels), 2)
        tables = [_contingency(x, rng.permutation(play), len(labels), 2) for _ in range(2_000)]
        replay[name] = {"table": observed_table, "observed": mi_bits(observed_table / 14),
                        "tables": tables, "null": np.array([mi_bits(t / 14) for t in tables])}
    return replay


def _p_value(feature: dict, tolerance: float) -> float:
    return (1 + np.sum(feature["null"] >= feature["observed"] - tolerance)) / 2_001


def test_permutation_p_values_count_ties_with_a_tolerance(notebook, prose):
    for marker in ["def permutation_test(", "def permutation_test_bits("]:
        cell = next(c for c in notebook["cells"] if c["cell_type"] == "code" and marker in "".join(c["source"]))
        assert "null >= observed - 1e-12" in "".join(cell["source"])
    assert "A shuffle that ties with the observed value reaches it" in prose
    # the day number: every shuffle of a unique identifier has the full gain H(play), up to rounding
    rows = _weather_columns(notebook)
    play = np.array([r[4] == "yes" for r in rows], dtype=int)
    days = np.arange(14)
    rng = np.random.default_rng(5)
    full = _plug_in(days, play, 14, 2)
    shuffled = np.array([_plug_in(days, rng.permutation(play), 14, 2) for _ in range(200)])
    assert np.all(np.abs(shuffled - full) < 1e-12)


def test_temperatures_observed_split_has_the_smallest_gain_of_any_relabelling(notebook, prose):
    rows = _weather_columns(notebook)
    temperature = [r[1] for r in rows]
    play = [r[4] == "yes" for r in rows]
    values = sorted(set(temperature))
    observed = np.array([[sum(p for t, p in zip(temperature, play) if t == v), temperature.count(v)] for v in values])
    h = il.binary_entropy
    gain = lambda plays, sizes: h(9 / 14) - sum(n / 14 * h(k / n) for k, n in zip(plays, sizes))  # noqa: E731
    sizes = observed[:, 1]
    every = [gain(k, sizes) for k in product(*(range(n + 1) for n in sizes)) if sum(k) == 9]
    assert gain(observed[:, 0], sizes) == pytest.approx(min(every), abs=1e-12)
    assert round(min(every), 5) == 0.02922
    printed = _stdout(notebook, "gains = [")
    assert f"observed gain:               {min(every):.5f} bits\n" in printed
    assert f"smallest of any relabelling: {min(every):.5f} bits\n" in printed
    assert "A p-value of 1 means that every shuffle reaches the observed gain" in prose
    assert "smallest gain that any relabelling of the days can have" in prose


def test_write_it_yourself_reruns_the_weather_permutation_test(notebook, prose):
    exercise = _block(prose, ":label: ch6-ex-write-mi")
    assert "re-run the weather permutation test of the text with your function" in exercise
    ours = next(
        o["data"]["text/plain"]
        for c in notebook["cells"]
        if c["cell_type"] == "code" and "permutation_test_bits(x_feature" in "".join(c["source"])
        for o in c["outputs"]
        if "data" in o
    )
    table = next(
        o["data"]["text/plain"]
        for c in notebook["cells"]
        if c["cell_type"] == "code" and "weather = [" in "".join(c["source"])
        for o in c["outputs"]
        if "data" in o
    )
    p_values = lambda text: [line.split()[-1] for line in "".join(text).splitlines()[2:]]  # noqa: E731
    assert p_values(ours) == p_values(table)
    assert p_values(ours)[-1] == "1.000"  # the day number, with the tolerance
    # the replay gives the printed p-values with the tolerance; without it, some shuffles that tie in exact
    # arithmetic fall below the observed gain by rounding, and some p-values change
    replay = _weather_test_with_mi_bits(notebook)
    assert [f"{_p_value(f, 1e-12):.3f}" for f in replay.values()] == p_values(ours)
    assert [f"{_p_value(f, 0.0):.3f}" for f in replay.values()] != p_values(ours)
    for feature in replay.values():  # what the tolerance adds is rounding: a few units in the last place
        rounded = (feature["null"] >= feature["observed"] - 1e-12) & (feature["null"] < feature["observed"])
        assert np.all(feature["observed"] - feature["null"][rounded] <= 4 * np.spacing(feature["observed"]))
    assert _flat(
        "Without the tolerance of $10^{-12}$ bits it would not, for the reason given in the optional note on "
        "{ref}`ties and rounding <ch6-ties-and-rounding>`."
    ) in prose
    # the note the solution points to is the one that explains the tolerance, and the only one
    assert "(ch6-ties-and-rounding)= ```{admonition} Ties and rounding (optional)" in prose
    assert "summed in another order, the two values can differ in their last bits" in _block(
        prose, "```{admonition} Ties and rounding (optional)")
    assert prose.count("$10^{-12}$") == 2


def test_true_information_of_the_linked_example_is_printed(notebook):
    joint = np.array([[(0.2 * (x == y) + 0.8 / 6) / 6 for y in range(6)] for x in range(6)])
    true = il.mutual_information(joint)
    printed = _stdout(notebook, "def permutation_test(")
    assert f"true I(X; Y) of the linked pair: {true:.3f} bits" in printed
    estimate = float(re.search(r"linked\s*: plug-in ([0-9.]+) bits", printed).group(1))
    assert estimate > true


# --- the Fano gap, near independence, McGill's sign, the bridge -------------------------------


def _x_and_map_guess(m: int) -> np.ndarray:
    """Joint table of the first die and the MAP guess of it from Y = X plus noise uniform on m values.

    Built by hand: p(x, y) = 1/(6m) for y = x + v; given y every consistent face is equally
    likely, and the guess takes the smallest of them.
    """
    table = np.zeros((6, 6))
    for x, v in product(range(6), range(m)):
        y = x + v
        guess = max(0, y - (m - 1))  # the smallest face x' with 0 <= y - x' <= m - 1
        table[x, guess] += 1 / (6 * m)
    return table


def _conditional_entropy_of_rows_given_columns(table: np.ndarray) -> float:
    columns = table.sum(axis=0)
    nz = table > 0
    return float(-(table[nz] * np.log2((table / np.where(columns > 0, columns, 1))[nz])).sum())


def test_fano_gap_names_the_guess_keeping_less_than_the_observation_and_measures_it(notebook, prose):
    assert _flat(
        "At $m = 6$ the gap between the two lines has three causes: two of the three "
        "{ref}`conditions for equality <ch6-fano-equality>` fail for every MAP guess, and the remaining one, "
        "that after an error the other faces are equally likely, fails for most of them."
    ) in prose
    assert _flat(
        "The guess maps the 11 observations, whose 11 posteriors all differ, onto at most 6 faces, so it must "
        "merge observations with different posteriors and keeps less information about $X$ than $Y$ does: the "
        "bound computed from $H(X \\mid \\hat X)$ lies above the one drawn from $H(X \\mid Y)$."
    ) in prose
    # merging observations with equal posteriors would lose nothing: here no two are equal
    assert "names one face for each observation" not in prose
    m = 6
    p_xy = np.zeros((6, 6 + m - 1))
    for x, v in product(range(6), range(m)):
        p_xy[x, x + v] = 1 / (6 * m)
    h_y = _conditional_entropy_of_rows_given_columns(p_xy)
    from_y = _fano_bound(h_y, 6)
    map_error = 5 / 6 - 5 / (6 * m)
    assert map_error == pytest.approx(25 / 36)
    # the faces x with 0 <= y - x <= m - 1 are equally likely given y: every choice among them is a MAP guess
    tied = [list(range(max(0, y - (m - 1)), min(5, y) + 1)) for y in range(6 + m - 1)]

    def share(guess) -> float:
        table = np.zeros((6, 6))
        for y, g in enumerate(guess):
            table[:, g] += p_xy[:, y]
        assert 1 - np.trace(table) == pytest.approx(map_error)  # the same error for every MAP guess
        return (_fano_bound(_conditional_entropy_of_rows_given_columns(table), 6) - from_y) / (map_error - from_y)

    smallest, middle = [t[0] for t in tied], [t[len(t) // 2] for t in tied]
    assert _conditional_entropy_of_rows_given_columns(_x_and_map_guess(m)) > h_y  # data processing, strictly
    entropies = set()
    for guess in product(*tied):
        table = np.zeros((6, 6))
        for y, g in enumerate(guess):
            table[:, g] += p_xy[:, y]
        entropies.add(round(_conditional_entropy_of_rows_given_columns(table), 12))
    count = math.prod(len(t) for t in tied)
    low = (_fano_bound(min(entropies), 6) - from_y) / (map_error - from_y)
    high = (_fano_bound(max(entropies), 6) - from_y) / (map_error - from_y)
    assert count == 86_400 and low < 0.2 and high > 0.8  # "very different shares"
    printed = _stdout(notebook, "h_given_guess = ")
    assert f"error of every MAP guess: {map_error:.3f}, Fano bound from H(X | Y): {from_y:.3f}\n" in printed
    assert f"smallest tied face: H(X | guess) = {h_of(smallest, p_xy):.3f} bits, share of the gap {share(smallest):.0%}\n" in printed
    assert f"middle tied face: H(X | guess) = {h_of(middle, p_xy):.3f} bits, share of the gap {share(middle):.0%}\n" in printed
    assert f"all {count:,} MAP guesses: share of the gap from {low:.0%} to {high:.0%}" in printed
    assert share(smallest) != pytest.approx(share(middle), abs=0.05)
    assert "nearly a third" not in prose and "for the MAP guess that takes the smallest" not in prose
    assert _flat(
        "every choice among them is a MAP guess with the same error probability, $25/36$"
    ) in prose
    assert _flat(
        "then for all of them, and finds that the same error probability leaves very different shares of the gap "
        "to the guess. So how the gap splits among the three inequalities of the proof depends on how ties are "
        "broken"
    ) in prose


def h_of(guess, p_xy) -> float:
    """H(X | guess) for a guess given as one face per observation y."""
    table = np.zeros((6, 6))
    for y, g in enumerate(guess):
        table[:, g] += p_xy[:, y]
    return _conditional_entropy_of_rows_given_columns(table)


def test_map_guess_conditional_entropy_does_not_depend_on_which_end_breaks_ties():
    # the smallest and the largest of the most probable faces give the same H(X | guess), by symmetry
    for m in range(2, 19):
        smallest = _x_and_map_guess(m)
        largest = np.zeros((6, 6))
        for x, v in product(range(6), range(m)):
            largest[x, min(5, x + v)] += 1 / (6 * m)
        assert _conditional_entropy_of_rows_given_columns(smallest) == pytest.approx(
            _conditional_entropy_of_rows_given_columns(largest), abs=1e-12
        )


def test_nonnegativity_check_reaches_near_independence_against_40_digit_arithmetic(notebook, prose):
    import mpmath

    assert _flat(
        "Flat Dirichlet draws are rarely close to independence, so the cell below also perturbs 1,000 independent "
        "tables, "
        "each entry by a relative $10^{-6}$ at most"
    ) in prose
    # replay the cell's draws (seed 6) and recompute the nearly independent ones with mpmath
    rng = np.random.default_rng(6)
    flat_joints = rng.dirichlet(np.ones(20), size=10_000).reshape(-1, 4, 5)
    assert min(il.mutual_information(p) for p in flat_joints) > 0.05  # far from independence
    for _ in range(1000):
        rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(5))
    near = [np.outer(rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(5)))
            * (1 + 1e-6 * rng.uniform(-1, 1, size=(4, 5))) for _ in range(1000)]
    near = [p / p.sum() for p in near]
    with mpmath.workdps(40):
        exact = []
        for p in near:
            q = [[mpmath.mpf(float(v)) for v in row] for row in p]
            total = sum(sum(row) for row in q)
            q = [[v / total for v in row] for row in q]
            px, py = [sum(row) for row in q], [sum(col) for col in zip(*q)]
            exact.append(float(sum(v * mpmath.log(v / (px[i] * py[j]))
                                   for i, row in enumerate(q) for j, v in enumerate(row)) / mpmath.log(2)))
    exact = np.array(exact)
    assert exact.min() > 0 and exact.max() < 1e-11  # nearly independent, every one
    mi = np.array([il.mutual_information(p) for p in near])
    assert np.all(np.abs(mi - exact) <= 1e-8 * exact)
    printed = _stdout(notebook, "mutual_information_40_digits")
    assert f"1,000 nearly independent joints\nsmallest I(X; Y): {exact.min():.0e} bits\n" in printed
    assert "relative error, against 40 digits:\n  il.mutual_information below 1e-8: True\n" in printed
    assert "  H(Y) - H(Y | X) above 1% somewhere: True\n" in printed


def test_interaction_information_is_given_no_sign_of_mcgills_own(prose):
    assert _flat(
        "The same quantity goes back to {cite:t}`mcgill1954multivariate` as the **interaction information**, "
        "and the literature writes it with either sign"
    ) in prose
    assert "opposite sign convention of the interaction information" not in prose


def test_channel_bridge_leaves_the_binary_symmetric_channel_to_chapter_7(notebook, prose):
    bridge = _block(prose, "### Towards noisy channels", "## Exercises")
    assert _flat(
        "The mutual information between input and output measures how much of the message survives; "
        "{doc}`07_noisy_channels` computes it for the channel that flips each bit with probability $f$."
    ) in bridge
    assert "H_{\\mathrm{b}}(f)" not in bridge and "half a bit per use" not in bridge
    sources = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert not any("joint = 0.5 * channel" in source for source in sources)


def test_notation_page_names_the_sample_size_and_the_channel_noise_and_power():
    page = (Path(__file__).resolve().parents[2] / "notation.md").read_text(encoding="utf-8")
    rows = [row for row in page.splitlines() if row.startswith("| $N$")]
    assert len(rows) == 2
    sample, channel = rows
    assert "sample size" in sample and "noise variance" in sample
    assert channel.startswith("| $N$, $P$ | noise variance of a Gaussian channel") and "power" in channel
    assert "sample size" in channel


# --- exact statements, hypotheses and notation ------------------------------------------------


def test_quinlans_humidity_gain_needs_truncation_and_outlooks_only_rounding(notebook, prose):
    from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

    # Quinlan's three-decimal entropies, from the counts of his table: play 9 of 14; outlook
    # sunny 2 of 5, overcast 4 of 4, rain 3 of 5; humidity high 3 of 7, normal 6 of 7
    def three(p):
        return Decimal(f"{il.binary_entropy(p):.3f}")

    h_play = three(9 / 14)
    outlook = h_play - (5 * three(2 / 5) + 4 * three(1.0) + 5 * three(3 / 5)) / 14
    humidity = h_play - (7 * three(3 / 7) + 7 * three(6 / 7)) / 14
    assert humidity == Decimal("0.1515")  # exactly halfway
    thousandth = Decimal("0.001")
    sources = _flat((Path(__file__).resolve().parents[2] / "sources.md").read_text(encoding="utf-8"))
    # the rounded entropies the note starts from, and its two weighted sums
    assert [str(three(p)) for p in (9 / 14, 2 / 5, 3 / 5, 3 / 7, 6 / 7)] == ["0.940", "0.971", "0.971", "0.985", "0.592"]
    assert three(1.0) == 0
    assert _flat(
        "0.940 bits for play, and within the values of the feature 0.971, 0 and 0.971 bits (outlook: 5, 4 and 5 "
        "days) or 0.985 and 0.592 bits (humidity: 7 and 7 days)."
    ) in sources
    assert f"$0.940 - \\frac{{10}}{{14}} \\cdot 0.971 = {outlook:.5f}$" in sources
    assert f"$0.940 - \\frac{{7}}{{14}}(0.985 + 0.592) = {humidity.normalize()}$" in sources
    assert outlook.quantize(thousandth, ROUND_HALF_UP) == outlook.quantize(thousandth, ROUND_DOWN)
    assert humidity.quantize(thousandth, ROUND_HALF_UP) != humidity.quantize(thousandth, ROUND_DOWN)
    assert _flat(
        f"bits for outlook, which rounds to {outlook.quantize(thousandth, ROUND_HALF_UP)}, and"
    ) in sources
    assert _flat(
        f"bits for humidity, exactly halfway, which rounds to {humidity.quantize(thousandth, ROUND_HALF_UP)}. "
        f"That becomes {humidity.quantize(thousandth, ROUND_DOWN)} when the last digit is dropped (truncated) instead,"
    ) in sources
    # two more ways to 0.151: the weighted entropy rounded half up first, and binary floating point
    weighted = (7 * three(3 / 7) + 7 * three(6 / 7)) / 14
    assert weighted == Decimal("0.7885")
    assert h_play - weighted.quantize(thousandth, ROUND_HALF_UP) == Decimal("0.151")
    in_floats = float(h_play) - 7 * float(three(3 / 7)) / 14 - 7 * float(three(6 / 7)) / 14
    assert in_floats < 0.1515 and f"{in_floats:.3f}" == "0.151"
    assert _flat(
        f"when the weighted entropy, {weighted} bits, is itself rounded to "
        f"{weighted.quantize(thousandth, ROUND_HALF_UP)} before the subtraction, or when the subtraction is done "
        f"in binary floating point, where $0.940 - 0.4925 - 0.296$ gives {in_floats!r}."
    ) in sources
    assert (0.4925, 0.296) == (7 * 0.985 / 14, 7 * 0.592 / 14)
    assert _flat(
        "{cite:t}`quinlan1986induction` (Section 4) prints information gains of 0.246 bits for outlook and "
        "0.151 bits for humidity"
    ) in sources
    # the exact gains the note quotes are those of the chapter's table
    assert _flat("{doc}`chapters/06_mutual_information` computes 0.247 and 0.152 bits.") in sources
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "code" and "weather = [" in "".join(c["source"]))
    table = "".join(next(o["data"]["text/plain"] for o in cell["outputs"] if "data" in o))
    gains = {line.split()[0]: line.split()[-2] for line in table.splitlines()[2:]}
    assert (gains["outlook"], gains["humidity"]) == ("0.247", "0.152")


def test_fanos_slack_is_an_error_independent_of_the_guess(prose):
    assert "an error is equally likely after every guess" in prose  # the condition, stated once
    assert "the bound assumes that an error is as likely whatever the guess," not in prose
    assert "error is more likely after some guesses than after others" in prose
    assert "after every observation" not in prose


def test_the_friends_report_is_b_not_the_rate_r_of_chapter_7(notebook, prose):
    section = prose[prose.index("### Processing cannot create information") :]
    assert "The report $B$ depends on the dice only through $S$" in section
    assert "So $X \\to S \\to B$ is a Markov chain: given $S$, the report is independent of $X$." in section
    assert not re.search(r"I\([XS]; R\b|\\to R\$|report \$R\$", prose)
    printed = _stdout(notebook, "p_b_given_s = ")
    assert "I(X; B | S) = 0.0000 bits" in printed
    sources = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert "p_xsr" not in sources


NUMBER_CHAPTER_3_CALLS_M = (
    "(the number chapter 3 calls $m$, not the width $m$ of the added noise $V$ in the example of Fano's inequality)"
)


def test_cells_of_positive_probability_are_k_so_that_m_is_only_the_noise_width(prose):
    section = _block(prose, "## Mutual information from samples", "## Where it is used")
    assert "low by about $(K - 1)/(2N)$ nats for $K$ values of positive probability" in section
    assert "$(K - 1) - (k_X - 1) - (k_Y - 1)$, with $K$ the number of pairs of positive probability" in section
    # chapter 3 writes this count m; the section names that letter once, as chapter 3's, tells it from the
    # width m of the noise in the example of Fano's inequality, and uses it for nothing else
    marks_m = NUMBER_CHAPTER_3_CALLS_M
    assert f"for $K$ values of positive probability {marks_m}" in section
    assert "(chapter 3's $m$)" not in section
    assert not re.search(r"\$m\b|\(m - 1\)", section.replace(marks_m, ""))
    # the first die and the sum: 36 pairs of positive probability among 6 x 11 cells
    assert "$K = 36$ of the 66 cells, so the bias is about $20/(2N \\ln 2)$ bits" in section
    assert (36 - 1) - (6 - 1) - (11 - 1) == 20 and (6 - 1) * (11 - 1) == 50
    # the solution about the maximum of two dice names its value u
    assert "when the maximum is $u$ and the second die shows it, the maximum says only that $X \\le u$" in prose
    assert "the maximum is $m$" not in prose


def test_digressions_are_folded_as_optional_and_counted_so(notebook, prose):
    import sys

    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "scripts"))
    import reading_time

    for title in ["Near independence, to 40 digits (optional)", "Ties and rounding (optional)",
                  "Where the gap comes from (optional)"]:
        assert f"```{{admonition}} {title} :class: dropdown" in prose
    for marker in ["def mutual_information_40_digits", "h_given_guess = "]:
        cells = [c for c in notebook["cells"] if c["cell_type"] == "code" and marker in "".join(c["source"])]
        assert len(cells) == 1 and "hide-input" in cells[0]["metadata"].get("tags", [])
    _, core, optional = reading_time.word_counts(root / "chapters" / CHAPTER)
    assert optional > 0 and f"**Time:** about {reading_time.minutes(core)} minutes of reading" in prose


def test_conditioning_can_create_information_about_a_sum_over_the_integers(notebook, prose):
    p = np.zeros((2, 2, 3))
    for x, y in product((0, 1), repeat=2):
        p[x, y, x + y] = 1 / 4
    # closed form: Z = 1 (probability 1/2) leaves one fair bit shared, Z = 0 and Z = 2 leave none
    assert il.conditional_mutual_information(p, given=2) == pytest.approx(0.5, abs=1e-12)
    assert il.mutual_information(p.sum(axis=2)) == pytest.approx(0.0, abs=1e-12)
    exercise = _block(prose, ":label: ch6-ex-conditioning-sum")
    assert "their sum $Z = X + Y$ over the integers (0, 1 or 2)" in exercise
    assert "$I(X; Y \\mid Z) = \\frac12$ bit" in exercise and "\\oplus" not in exercise
    solution = _block(prose, "```{solution-start} ch6-ex-conditioning-sum", "```{solution-end}")
    assert "$I(X; Y \\mid Z) = \\frac14 \\cdot 0 + \\frac12 \\cdot 1 + \\frac14 \\cdot 0 = \\frac12$ bit" in solution
    printed = _stdout(notebook, "p_xyz_sum = ")
    assert printed.splitlines() == [f"I(X; Y)     = {0.0:.3f} bits", f"I(X; Y | Z) = {0.5:.3f} bits"]


def test_the_friends_report_is_b_in_every_formula(prose):
    assert "p(x, s, r)" not in prose and "p(x, s, b)" in prose


# --- ranges of sums, conditioning on an event, the quoted bias --------------------------------


def test_conditional_entropy_given_an_event_is_defined_before_the_conditional_mutual_information(notebook, prose):
    event = prose.index(":label: ch6-def-conditioning-on-an-event")
    average = prose.index(":label: ch6-thm-average-over-z")
    assert event < average < prose.index(":label: ch6-def-conditional-mutual-information")
    assert "**conditional entropy of $X$ given $Y$ and the event $Z = z$**" in prose[event:average]
    assert "H(X \\mid Y, Z) = \\sum_z p(z)\\, H(X \\mid Y, Z = z)" in prose[average:]
    proof = _theorem_and_proof(notebook, "ch6-thm-average-over-z")
    assert "p(z)\\, p(x, y \\mid z) = p(x, y, z)" in proof
    assert "({prf:ref}`ch6-thm-average-over-z`)" in _theorem_and_proof(notebook, "ch6-thm-conditional-mi-entropies")


def test_entropy_given_x_y_and_an_event_z_averages_to_the_entropy_given_the_pair():
    """H(X | Y, Z) = sum_z p(z) H(X | Y, Z = z), each side from plain sums, with empty cells."""
    rng = np.random.default_rng(618)
    for _ in range(20):
        p = rng.dirichlet(np.full(30, 0.4)).reshape(2, 3, 5)  # X, Y, Z
        p[rng.random(p.shape) < 0.2] = 0.0
        p /= p.sum()
        p_yz = p.sum(axis=0)
        given_pair = -sum(p[x, y, z] * math.log2(p[x, y, z] / p_yz[y, z])
                          for x, y, z in product(*map(range, p.shape)) if p[x, y, z] > 0)
        averaged = 0.0
        for z in range(p.shape[2]):
            p_z = p[:, :, z].sum()
            if p_z == 0:
                continue
            q = p[:, :, z] / p_z  # p(x, y | z)
            q_y = q.sum(axis=0)
            averaged += p_z * -sum(q[x, y] * math.log2(q[x, y] / q_y[y])
                                   for x, y in product(*map(range, q.shape)) if q[x, y] > 0)
        assert averaged == pytest.approx(given_pair, abs=1e-12)
        assert il.conditional_entropy(p.reshape(2, 15), given=1) == pytest.approx(given_pair, abs=1e-12)


def test_definitions_state_what_their_sums_run_over(prose):
    joint = prose[prose.index(":label: ch6-def-joint-entropy") :]
    assert "the sum runs over all pairs $(x, y)$ in $\\mathcal{X} \\times \\mathcal{Y}$, with $0 \\log 0 = 0$" in joint[:700]
    conditional = _block(prose, ":label: ch6-def-conditional-entropy")
    assert "the first sum runs over the $x$ in $\\mathcal{X}$ with $p(x) > 0$" in conditional
    assert "the second over all pairs in $\\mathcal{X} \\times \\mathcal{Y}$, with $0 \\log 0 = 0$" in conditional
    information = _block(prose, ":label: ch6-def-mutual-information")
    assert "The sum runs over all pairs in $\\mathcal{X} \\times \\mathcal{Y}$ and a pair with $p(x, y) = 0$ contributes 0" in information


def test_plug_in_bias_formula_is_a_quoted_result_with_its_sources_and_range(prose):
    box = _block(prose, "```{admonition} Quoted result: the first-order bias of the plug-in estimate")
    assert "\\frac{(k_X - 1)(k_Y - 1)}{2 N \\ln 2}" in box
    assert "$N \\gg k_X k_Y$" in box and "({ref}`ch6-ex-bias`)" in box
    assert "quotes without a full proof {cite:p}`miller1955note,panzeri1996analytical`" in prose
    bib = (Path(__file__).resolve().parents[2] / "references.bib").read_text(encoding="utf-8")
    assert "@article{panzeri1996analytical," in bib and "@incollection{miller1955note," in bib


def test_explorable_text_describes_its_sliders_and_their_grid(notebook):
    cells = [_flat("".join(c["source"])) for c in notebook["cells"]
             if c["cell_type"] == "markdown" and "explorable" in c["metadata"].get("tags", [])]
    assert len(cells) == 1
    widget = "".join(next(c for c in notebook["cells"] if c["cell_type"] == "code"
                          and "mutual_information_2x2" in "".join(c["source"]))["outputs"][0]["data"]["text/html"])
    labels = re.findall(r"<label>([^<]+)", widget)
    assert len(labels) == 4 and all(label.startswith("weight of X = ") for label in labels)
    assert 'max="8"' in widget and "from 0 to 8" in cells[0]
    assert "<table" in widget and "four sliders sit in a $2 \\times 2$ table" in cells[0]


def test_the_map_guess_has_a_target_that_chapter_7_refers_to(prose):
    assert "(ch6-map-guess)= ### Fano's inequality: how well can you guess?" in prose
    assert "the **maximum a posteriori (MAP) guess**" in prose


# --- the careful sum, the legend, letters with one meaning ------------------------------------


def test_careful_sum_is_shown_and_its_gain_over_the_plain_sum_measured(notebook, prose):
    assert _flat(
        "the same value is $\\sum p(x)\\, p(y)\\, [(1 + d) \\ln(1 + d) - d] / \\ln 2$: every term is $\\ge 0$"
    ) in prose
    assert _flat(
        "`il.mutual_information` evaluates the divergence and, when that gives less than 0.05 nats, "
        "evaluates it again as this sum of non-negative terms."
    ) in prose
    from infolib.measures import _KL_DIRECT_OK

    assert _KL_DIRECT_OK == 0.05  # the threshold the sentence names is the one the code uses
    # the identity behind it: d averages to 0 under q = p(x) p(y), so the extra -d terms add nothing
    rng = np.random.default_rng(66)
    for _ in range(50):
        p = rng.dirichlet(np.full(12, 0.5)).reshape(3, 4)
        q = np.outer(p.sum(axis=1), p.sum(axis=0))
        d = p / q - 1
        careful = np.sum(q * ((1 + d) * np.log1p(d) - d)) / math.log(2)
        assert careful == pytest.approx(il.mutual_information(p), abs=1e-12)
    printed = _stdout(notebook, "def mutual_information_40_digits")
    plain = re.search(r"  plain sum: largest ([0-9.e+-]+)", printed)
    careful = re.search(r"  sum of non-negative terms: largest ([0-9.e+-]+)", printed)
    assert plain and careful
    assert float(plain.group(1)) > 1e-3 and float(careful.group(1)) < 1e-8


def test_bias_panel_legend_sits_under_the_falling_lines(notebook):
    cells = [c for c in notebook["cells"] if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "ch6-fig-samples"]
    source = "".join(cells[0]["source"])
    assert 'top.legend(loc="lower left")' in source and "top.set_ylim(1e-3, 1.5)" in source
    # the lines stay above 5e-3, a decade clear of the bottom of the axes where the legend sits
    sizes = np.array([25, 50, 100, 200, 500, 1_000, 2_000])
    assert (25 / (2 * sizes * math.log(2))).min() > 5e-3


def test_no_letter_means_two_things(notebook, prose):
    # f is the flip probability, E the error indicator of Fano's proof, B the friend's report
    assert "f(X, Y)" not in prose and "$I(X; \\varphi(X, Y))$" in prose
    assert not re.search(r"I\(X; E\)|\\mid E\)|P\(E \\cap", prose)
    assert "$U$ whether it shows an even number" in prose
    assert "$W$" not in prose  # W is the channel matrix and the bandwidth (notation.md)
    assert not re.search(r"I\(Y; A|\$A = ", prose)
    assert "$q = p(x)" not in prose  # q is the output distribution of the concavity proof


def test_symmetry_is_read_from_the_table_of_readings_not_a_transposed_call(notebook, prose):
    sources = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert not any("p_xs.T" in source for source in sources)
    assert "(the first two rows of the table of readings above)" in prose


def test_concavity_paragraph_says_why_a_local_maximum_is_global_and_claims_no_more_of_chapter_7(prose):
    section = _block(prose, "### Concavity in the input, convexity in the channel", "## Mutual information from samples")
    assert "needs to know how it behaves in each" not in section
    assert _flat("if some input did better, concavity would make every mixture of it with the local maximum better too") in section


# --- a symmetric co-information, Fano's assumptions, the diagram's labels ---------------------


def test_co_information_is_shown_symmetric_by_its_entropy_expansion(prose):
    assert _flat(
        "I(X; Y; Z) &= H(X) + H(Y) + H(Z) \\\\ &\\quad - H(X, Y) - H(X, Z) - H(Y, Z) \\\\ &\\quad + H(X, Y, Z)."
    ) in prose
    # the identities the derivation uses come before it
    derivation = prose.index("the co-information is symmetric in all three")
    assert prose.index("and $I(X; Y) = H(X) + H(Y) - H(X, Y)$.") < derivation
    rng = np.random.default_rng(661)
    h = il.joint_entropy
    for _ in range(100):
        p = rng.dirichlet(np.full(24, 0.5)).reshape(2, 3, 4)
        expansion = (h(p.sum(axis=(1, 2))) + h(p.sum(axis=(0, 2))) + h(p.sum(axis=(0, 1)))
                     - h(p.sum(axis=2)) - h(p.sum(axis=1)) - h(p.sum(axis=0)) + h(p))
        for order in itertools.permutations(range(3)):
            q = np.transpose(p, order)
            direct = il.mutual_information(q.sum(axis=2)) - il.conditional_mutual_information(q, given=2)
            assert direct == pytest.approx(expansion, abs=1e-12)
        assert il.co_information(p) == pytest.approx(expansion, abs=1e-12)


def test_both_forms_used_by_the_properties_are_stated_before_them(prose):
    stated = prose.index(_flat("$I(X; Y) = H(Y) - H(Y \\mid X)$ and $I(X; Y) = H(X) + H(Y) - H(X, Y)$."))
    used = prose.index("Two consequences follow at once from")
    assert stated < used
    assert _flat(
        "$H(Y \\mid X) \\le H(Y)$: **conditioning reduces entropy on average**, with equality if and only "
        "if $X$ and $Y$ are independent;"
    ) in prose
    # equality exactly for independence: positive gap for dependent joints, none for products
    rng = np.random.default_rng(662)
    for _ in range(100):
        p = rng.dirichlet(np.ones(12)).reshape(3, 4)
        assert il.entropy(p.sum(axis=0)) - il.conditional_entropy(p, given=0) > 1e-6
        q = np.outer(rng.dirichlet(np.ones(3)), rng.dirichlet(np.ones(4)))
        assert il.entropy(q.sum(axis=0)) - il.conditional_entropy(q, given=0) == pytest.approx(0, abs=1e-12)


def test_fano_covers_randomised_guesses_and_cites_the_average_over_a_third_variable(prose):
    statement = _block(prose, ":label: ch6-thm-fano", "```{prf:proof}")
    assert "so that $X \\to Y \\to \\hat X$ is a Markov chain" in statement
    assert "randomised guess" in statement
    proof = _block(prose, "Let $E$ be the error indicator")
    assert "values of $E$ ({prf:ref}`ch6-thm-average-over-z`" in proof
    # a randomised guess obeys the bound: X a die seen through Y = X + V, the guess drawn from p(x^ | y)
    rng = np.random.default_rng(663)
    p_xy = np.zeros((6, 8))
    for x in range(6):
        p_xy[x, x : x + 3] = 1 / 18
    for _ in range(50):
        guess = rng.dirichlet(np.ones(6), size=8)  # p(x^ | y)
        p_x_guess = p_xy @ guess
        pe = 1 - np.trace(p_x_guess)
        left = il.binary_entropy(pe) + pe * math.log2(5)
        h_given_guess = il.conditional_entropy(p_x_guess, given=1)
        assert left >= h_given_guess - 1e-12
        assert h_given_guess >= il.conditional_entropy(p_xy, given=1) - 1e-12


def test_fanos_two_slacks_are_about_x_given_the_guess_and_an_error(prose):
    assert _flat(
        "After an error the other faces are unequally likely for most MAP guesses, though not for all"
    ) in prose
    # for every width of the figure with errors, and either way of breaking ties, both slacks are strict
    for m in range(2, 19):
        p = np.zeros((6, 5 + m))
        for x in range(6):
            p[x, x : x + m] = 1 / (6 * m)
        for pick in (0, -1):
            guess = [np.flatnonzero(np.isclose(column, column.max()))[pick] for column in p.T]
            joint = np.zeros((6, 6))  # X along axis 0, the guess along axis 1
            for y, g in enumerate(guess):
                joint[:, g] += p[:, y]
            errors = joint - np.diag(np.diag(joint))
            pe = errors.sum()
            assert il.conditional_entropy(errors / pe, given=1) < math.log2(5) - 0.1
            p_guess = joint.sum(axis=0)
            h_e_given_guess = sum(q * il.binary_entropy(1 - joint[g, g] / q) for g, q in enumerate(p_guess) if q > 0)
            assert h_e_given_guess < il.binary_entropy(pe) - 0.02


def test_pair_labels_of_the_three_disc_diagram_sit_inside_their_lens(notebook):
    code = next("".join(c["source"]) for c in notebook["cells"]
                if c["cell_type"] == "code" and "region_values_xor" in "".join(c["source"]))
    centres = ast.literal_eval(re.search(r"centres = (\{.*?\})\n", code).group(1))
    radius = float(re.search(r"Circle\(\(cx, cy\), ([0-9.]+),", code).group(1))
    factor_x = float(re.search(r"mx = \(centres\[a\]\[0\] \+ centres\[b\]\[0\]\) \* ([0-9.]+)", code).group(1))
    factor_y = float(re.search(r"my = \(centres\[a\]\[1\] \+ centres\[b\]\[1\]\) \* ([0-9.]+)", code).group(1))
    margin = 0.15  # about the height of a label, in data units
    for a, b in [(0, 1), (0, 2), (1, 2)]:
        label = np.array([(centres[a][0] + centres[b][0]) * factor_x, (centres[a][1] + centres[b][1]) * factor_y])
        for disc in range(3):
            distance = np.hypot(*(label - np.array(centres[disc])))
            if disc in (a, b):
                assert distance < radius - margin, (a, b, disc)
            else:
                assert distance > radius + margin, (a, b, disc)


def test_exercises_ask_what_their_solutions_answer(notebook, prose):
    assert "for $k = 2, 4, 8, \\ldots, 64$ and $N = 200$ samples" in prose
    bias_code = next("".join(c["source"]) for c in notebook["cells"]
                     if c["cell_type"] == "code" and "rng = np.random.default_rng(7)" in "".join(c["source"]))
    assert "for k in [2, 4, 8, 16, 32, 64]:" in bias_code
    assert "Which of the two tells the kinds of dependence apart by its sign?" in prose
    assert "which one's sign says how the coins depend on each other?" not in prose
    assert "The total correlation, never negative, says only how far each triple is from independent." in prose
    # the hand value of the MAP error for the dice: each of the 11 sums keeps one pair of probability 1/36
    assert "$P_e = 1 - 11/36 = 25/36$" in prose
    die = il.Distribution.uniform(range(1, 7))
    p_xs, _ = die.product(die).map(lambda d: (d[0], d[0] + d[1])).joint_table()
    assert p_xs.shape[1] == 11 and np.allclose(p_xs.max(axis=0), 1 / 36)
    printed = _stdout(notebook, "by hand, 1 - 11/36")
    assert f"by hand, 1 - 11/36 = 25/36:          {25 / 36:.4f}" in printed
    assert f"P_e of the MAP guess:                {1 - p_xs.max(axis=0).sum():.4f}" in printed


# --- Fano's equality case, the conditional chain rule, the conventions of chapter 3 ----------


def _fano_terms(p_x_guess: np.ndarray) -> tuple[float, float]:
    """(H_b(P_e) + P_e log2(|X| - 1), H(X | guess)) for a joint table of X (axis 0) and the guess."""
    pe = 1 - np.trace(p_x_guess)
    left = il.binary_entropy(pe) + pe * math.log2(p_x_guess.shape[0] - 1)
    return left, _h_bits(p_x_guess) - _h_bits(p_x_guess.sum(axis=0))


def test_fano_equality_needs_all_three_inequalities_of_the_proof_to_be_equalities(prose):
    box = prose[prose.index("```{admonition} Where the gap comes from (optional)") :]
    assert "At $m = 6$ the gap between the two lines has three causes: two of the three" in box[:400]
    assert _flat(
        "Fano's inequality is an equality exactly when all three inequalities of its proof are: an error is "
        "equally likely after every guess, after an error (if $P_e > 0$) the true value is uniform on the other "
        "$|\\mathcal{X}| - 1$ values, and the guess keeps everything $Y$ says about $X$, "
        "$H(X \\mid \\hat X) = H(X \\mid Y)$, as when $Y$ itself takes values in $\\mathcal{X}$ and $\\hat X = Y$ "
        "(the symmetric channel of {ref}`ch6-ex-fano-estimator`)."
    ) in prose
    assert "(ch6-fano-equality)= Fano's inequality is an equality exactly when" in prose
    # stated once: the optional box and the exercise refer to the labelled statement and apply it
    assert prose.count("{ref}`conditions for equality <ch6-fano-equality>`") == 2
    for restated in ("spread evenly over the other five faces", "uniform on the other five",
                     "as likely whatever the guess", "one for each inequality of the proof"):
        assert prose.count(restated) <= 1, restated
    box = _block(prose, "```{admonition} Where the gap comes from (optional)")
    assert "{ref}`conditions for equality <ch6-fano-equality>`" in box
    rng = np.random.default_rng(664)
    for _ in range(20):
        p_guess, pe = rng.dirichlet(np.ones(6)), rng.uniform(0.05, 0.8)
        # an error as likely after every guess, and then uniform on the other five faces
        both = (np.eye(6) * (1 - pe) + (1 - np.eye(6)) * pe / 5) * p_guess  # p(x, guess)
        left, h = _fano_terms(both)
        assert left == pytest.approx(h, abs=1e-12)
        # an error more likely after one guess than after the others: strict
        rates = np.full(6, pe)
        rates[0] = pe / 2
        uneven_rate = (np.eye(6) * (1 - rates) + (1 - np.eye(6)) * rates / 5) * p_guess
        left, h = _fano_terms(uneven_rate)
        assert left > h + 1e-6
        # after an error, some of the other faces more likely than the rest: strict
        spread = (1 - np.eye(6)) * rng.dirichlet(np.ones(6), size=6).T
        spread = spread / spread.sum(axis=0) * pe
        uneven_spread = (np.eye(6) * (1 - pe) + spread) * p_guess
        left, h = _fano_terms(uneven_spread)
        assert left > h + 1e-6
    # the third: a guess that forgets part of Y keeps H(X | guess) above H(X | Y), a copy of Y does not
    for m in (2, 3, 6):
        p_xy = np.zeros((6, 5 + m))
        for x in range(6):
            p_xy[x, x : x + m] = 1 / (6 * m)
        h_given_y = _h_bits(p_xy) - _h_bits(p_xy.sum(axis=0))
        assert _conditional_entropy_of_rows_given_columns(_x_and_map_guess(m)) > h_given_y + 1e-6


def test_fano_estimate_takes_its_values_in_the_alphabet_of_x(prose):
    statement = _block(prose, ":label: ch6-thm-fano")
    assert "let $\\hat X$ be any estimate with values in $\\mathcal{X}$ that depends on $X$ only through $Y$" in statement
    # an estimate outside X, such as always answering "don't know", breaks the log(|X| - 1) form:
    # P_e = 1 and H(X | estimate) = H(X) = log2 6 > log2 5
    assert il.binary_entropy(1.0) + 1.0 * math.log2(5) < math.log2(6)


def test_conditional_chain_rule_is_a_theorem_that_fanos_proof_cites(notebook, prose):
    label = ":label: ch6-thm-chain-rule-given"
    assert prose.index(":label: ch6-thm-average-over-z") < prose.index(label) < prose.index(":label: ch6-thm-fano")
    statement = prose[prose.index(label) :][:300]
    assert "H(X, Y \\mid Z) &= H(X \\mid Z) + H(Y \\mid X, Z) \\\\ &= H(Y \\mid Z) + H(X \\mid Y, Z)." in statement
    proof = _theorem_and_proof(notebook, "ch6-thm-chain-rule-given")
    for cited in ("ch6-thm-chain-rule", "ch6-def-conditional-entropy", "ch6-thm-average-over-z"):
        assert f"{{prf:ref}}`{cited}`" in proof
    fano = _theorem_and_proof(notebook, "ch6-thm-fano")
    assert "by the chain rule given $\\hat X$ ({prf:ref}`ch6-thm-chain-rule-given`), in two orders" in fano
    # both orders, from plain sums of -p log p, on random joints with empty cells
    rng = np.random.default_rng(665)
    for _ in range(20):
        p = rng.dirichlet(np.full(36, 0.4)).reshape(2, 3, 6)  # X, Y, Z
        p[rng.random(p.shape) < 0.2] = 0.0
        p /= p.sum()
        h_xy_given_z = _h_bits(p) - _h_bits(_keep(p, (2,)))
        x_first = (_h_bits(_keep(p, (0, 2))) - _h_bits(_keep(p, (2,)))) + (_h_bits(p) - _h_bits(_keep(p, (0, 2))))
        y_first = (_h_bits(_keep(p, (1, 2))) - _h_bits(_keep(p, (2,)))) + (_h_bits(p) - _h_bits(_keep(p, (1, 2))))
        # the same three terms as averages over z of the entropies given the event Z = z
        averaged = 0.0
        for z in range(6):
            q = p[:, :, z]
            if q.sum() > 0:
                q = q / q.sum()
                q_x = q.sum(axis=1)
                h_y_given_x = -sum(q[x, y] * math.log2(q[x, y] / q_x[x])
                                   for x, y in product(range(2), range(3)) if q[x, y] > 0)
                averaged += p[:, :, z].sum() * (_h_bits(q_x) + h_y_given_x)
        assert x_first == pytest.approx(h_xy_given_z, abs=1e-12)
        assert y_first == pytest.approx(h_xy_given_z, abs=1e-12)
        assert averaged == pytest.approx(h_xy_given_z, abs=1e-12)


def test_entropy_form_of_conditional_mutual_information_is_cited_where_it_is_used(notebook, prose):
    chain = _theorem_and_proof(notebook, "ch6-thm-chain-rule-mi")
    assert "reading the second bracket with {prf:ref}`ch6-thm-conditional-mi-entropies`" in chain
    solution = _block(prose, "```{solution-start} ch6-ex-subadditivity", "```{solution-end}")
    assert "By {prf:ref}`ch6-thm-conditional-mi-entropies`, with the roles of $Y$ and $Z$ exchanged" in solution
    assert "$X$ and $Z$ are independent given $Y$ ({prf:ref}`ch6-thm-chain-rule-mi`)" in solution


def test_mutual_information_of_an_impossible_pair_uses_chapter_3s_zero_convention(prose):
    definition = _block(prose, ":label: ch6-def-mutual-information")
    assert _flat(
        "its term is $0 \\log \\frac{0}{p(x)\\, p(y)}$, which is 0 by the convention of the KL divergence "
        "({prf:ref}`ch3-def-divergence`), $0 \\log \\frac{0}{q} = 0$ for every $q \\ge 0$"
    ) in definition
    from chapter_text import load, prose as chapter_prose

    chapter_3 = chapter_prose(load("03_entropy.ipynb"))
    assert "$0 \\log \\frac{0}{q} = 0$ for every $q \\ge 0$" in _block(chapter_3, ":label: ch3-def-divergence")


def test_fano_figure_is_referred_to(prose):
    assert "No guess of $X$ from $Y$ has an error probability below the dashed line ({numref}`ch6-fig-fano`)." in prose


def test_fano_exercise_asks_to_derive_by_hand_what_the_text_computed(prose):
    exercise = _block(prose, ":label: ch6-ex-fano-estimator")
    assert _flat(
        "derive by hand what the text computed at $m = 6$, where the observation is $S - 1$: every MAP guess "
        "errs with probability $25/36$."
    ) in exercise
    # the text's m = 6 is the sum minus 1: Y = X + V with V uniform on {0, ..., 5}
    die = il.Distribution.uniform(range(1, 7))
    noise = il.Distribution.uniform(range(6))
    p_xy, (_, ys) = die.product(noise).map(lambda d: (d[0], d[0] + d[1])).joint_table()
    p_xs, (_, ss) = die.product(die).map(lambda d: (d[0], d[0] + d[1])).joint_table()
    assert [s - 1 for s in ss] == list(ys) and np.allclose(p_xy, p_xs)
    assert 1 - p_xy.max(axis=0).sum() == pytest.approx(25 / 36, abs=1e-15)


def test_plug_in_bias_combines_three_entropy_biases_named_as_in_chapter_3(prose):
    assert "it combines the first-order biases of the three plug-in entropies ({doc}`03_entropy`)" in prose
    from chapter_text import load, prose as chapter_prose

    chapter_3 = chapter_prose(load("03_entropy.ipynb"))
    assert "the bias is about $-(m - 1)/(2N)$ nats for $m$ outcomes of positive probability" in chapter_3


def test_noisy_report_is_a_markov_chain_through_the_noiseless_one(first_and_sum, prose):
    assert _flat(
        "$p(b \\mid x, s) = p(b \\mid s)$ depends only on $\\varphi(s)$, so with $T = \\varphi(S)$, "
        "$p(b \\mid x, t) = p(b \\mid t)$. Indeed, write $p(b \\mid s) = r(b, \\varphi(s))$; since "
        "$p(s \\mid x, t)$ is 0 unless $\\varphi(s) = t$, $$ \\begin{aligned} "
        "p(b \\mid x, t) &= \\sum_s p(s \\mid x, t)\\, p(b \\mid x, s) \\\\ "
        "&= \\sum_s p(s \\mid x, t)\\, r(b, t) = r(b, t) \\end{aligned} $$ for every $x$ with $p(x, t) > 0$, "
        "and likewise $p(b \\mid t) = r(b, t)$ for every $t$ with $p(t) > 0$. "
        "So $X \\to \\varphi(S) \\to B$ is a Markov chain too."
    ) in prose
    # the exercise's function phi and the text's report: "high" is phi(s) = 1, misreported one time in ten
    p_xs, (_, s_values) = first_and_sum.joint_table()
    g = np.array([s >= 7 for s in s_values], dtype=int)
    p_b_given_s = np.where(g[:, None] == 1, [0.1, 0.9], [0.9, 0.1])
    p_xsb = p_xs[:, :, None] * p_b_given_s[None, :, :]
    p_xgb = np.stack([p_xsb[:, g == value, :].sum(axis=1) for value in (0, 1)], axis=1)  # X, g(S), B
    for value in (0, 1):
        rows = p_xgb[:, value, :][p_xgb[:, value, :].sum(axis=1) > 0]  # the faces x possible with g
        p_b_given_xg = rows / rows.sum(axis=1, keepdims=True)
        assert len(rows) >= 5 and np.allclose(p_b_given_xg, p_b_given_xg[0])  # the same for every x
        # ... and equal to r(b, g) = p(b | s) for any s with g(s) = g, and to p(b | g)
        assert np.allclose(p_b_given_xg[0], p_b_given_s[g == value][0])
        p_gb = p_xgb[:, value, :].sum(axis=0)
        assert np.allclose(p_b_given_xg[0], p_gb / p_gb.sum())
    assert il.conditional_mutual_information(p_xgb, given=1) == pytest.approx(0, abs=1e-12)
    assert il.mutual_information(p_xgb.sum(axis=1)) < il.mutual_information(p_xgb.sum(axis=2))


def test_quinlans_printed_gains_are_a_note_on_the_sources_page_not_a_box_in_the_chapter(notebook, prose):
    assert "Quinlan's printed gains (optional)" not in prose
    assert not any("three_decimals(" in "".join(c["source"]) for c in notebook["cells"])
    assert _flat(
        "the gain ratio {cite:p}`quinlan1986induction`. His paper prints the gains of outlook and humidity as "
        "0.246 and 0.151 bits, a thousandth below the 0.247 and 0.152 computed above; the notes on the sources, "
        "linked from the summary, say why."
    ) in prose
    # the table above the sentence prints the gains the sentence quotes
    table = next("".join(o["data"]["text/markdown"]) for c in notebook["cells"] if c["cell_type"] == "code"
                 for o in c.get("outputs", []) if "information gain (bits)" in "".join(
                     o.get("data", {}).get("text/markdown", "")))
    rows = {cells[0]: cells for cells in ([x.strip() for x in line.strip("|").split("|")]
                                          for line in table.splitlines()[2:])}
    assert (rows["outlook"][2], rows["humidity"][2]) == ("0.247", "0.152")
    # "a thousandth below": the printed 0.246 and 0.151 against the table's three decimals
    assert [round(float(rows[f][2]) - printed, 6) for f, printed in [("outlook", 0.246), ("humidity", 0.151)]] == [
        0.001, 0.001]
    summary = prose[prose.index("## Summary") :]
    assert "where Quinlan's printed gains come from" in summary
    sources = (Path(__file__).resolve().parents[2] / "sources.md").read_text(encoding="utf-8")
    assert "(sources-quinlan-gains)=\n### Quinlan's printed gains\n" in sources


def test_diagram_regions_of_zero_bits_print_0_without_a_sign(notebook):
    code = next("".join(c["source"]) for c in notebook["cells"]
                if c["cell_type"] == "code" and "region_values_xor" in "".join(c["source"]))
    assert "+.0f}\"" not in code.replace('f"{value:+.0f}" if', "")  # every label goes through signed()
    tree = ast.parse(code)
    function_def = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "signed")
    namespace: dict = {}
    exec(compile(ast.Module(body=[function_def], type_ignores=[]), "figure", "exec"), namespace)
    signed = namespace["signed"]
    p = _xor()
    alone = il.joint_entropy(p) - il.joint_entropy(p.sum(axis=0))  # H(X | Y, Z), the part of one disc alone
    assert [signed(v) for v in (alone, -0.0, 1e-15, 1.0, il.co_information(p))] == ["0", "0", "0", "+1", "-1"]
    _, alt = _figure(notebook, "ch6-fig-diagram")
    assert "each part covered by one circle only reads 0," in alt and "+0" not in alt


def test_main_text_leaves_the_accuracy_threshold_to_the_optional_note(prose):
    note = _block(prose, "```{admonition} Near independence, to 40 digits (optional)")
    assert "0.05 nats" in note
    assert prose.count("0.05 nats") == 1
    assert _flat(
        "which evaluates the second form, the divergence (the optional note after "
        "{prf:ref}`ch6-thm-nonnegative` shows how it stays accurate near independence)."
    ) in prose


# --- a lecturer's polish: the Fano exercise, printed sentences, the bias, the figure -----------


def test_fano_exercise_counts_the_three_inequalities_and_gives_the_reason_for_the_symmetry(prose):
    solution = _block(prose, "```{solution-start} ch6-ex-fano-estimator", "```{solution-end}")
    assert "Both inequalities in the proof" not in solution  # the proof has three
    assert _flat(
        "All three {ref}`conditions for equality <ch6-fano-equality>` hold: an error has probability $f$ whatever "
        "the reported face, given the reported face and an error (if $f > 0$) each of the five other faces has "
        "conditional probability $(f / 5) / f = 1/5$, and $\\hat X = Y$."
    ) in solution
    assert "by symmetry" not in solution
    assert "$p(x \\mid y) = p(y \\mid x)$: given $Y = y$, $P(X = y \\mid Y = y) = 1 - f$" in solution
    # the reason: X uniform and Y uniform (every column of the channel sums to 1), so Bayes' rule swaps them
    for f in (0.1, 0.3, 0.9):
        channel = np.full((6, 6), f / 5) + np.eye(6) * (1 - f - f / 5)  # p(y | x)
        assert channel.sum(axis=0) == pytest.approx(np.ones(6))
        joint = channel / 6
        assert joint / joint.sum(axis=0) == pytest.approx(channel)  # p(x | y) = p(y | x)


def test_fano_exercise_states_the_hand_derived_numbers_the_cell_prints(notebook, prose, first_and_sum):
    solution = _block(prose, "```{solution-start} ch6-ex-fano-estimator", "```{solution-end}")
    assert "The cell computes its error probability" not in solution
    assert _flat(
        "$P_e = 1 - 11/36 = 25/36$, about $0.694$. That is above the Fano bound, about $0.399$ from "
        "$H(X \\mid S) \\approx 1.896$ bits, as it must be, and below $5/6$"
    ) in solution
    printed = _stdout(notebook, "blind_error = ")
    p_xs, _ = first_and_sum.joint_table()
    h = il.conditional_entropy(p_xs, given=1)
    assert f"{h:.3f}" == "1.896" and f"{_fano_bound(h, 6):.3f}" == "0.399"
    bound = re.search(r"H\(X \| S\) = ([0-9.]+) bits, Fano bound on P_e: ([0-9.]+)", printed)
    assert abs(float(bound.group(1)) - h) < 5e-5 and abs(float(bound.group(2)) - _fano_bound(h, 6)) < 5e-5
    assert "by hand, 1 - 11/36 = 25/36:          0.6944" in printed and f"{25 / 36:.3f}" == "0.694"
    assert "P_e of the best guess without S:     0.8333" in printed


def test_properties_cell_prints_sentences_not_booleans(notebook):
    printed = _stdout(notebook, "joints = rng.dirichlet(np.ones(20), size=10_000)")
    assert ": True" not in printed and ": False" not in printed
    assert "largest |I - (H(Y) - H(Y | X))| over the 10,000 joints: below 1e-12 bits\n" in printed
    assert "largest I(X; Y) over 1,000 independent pairs: below 1e-15 bits\n" in printed


def test_bias_derivation_splits_its_sentences_and_points_to_chapter_3s_statement(prose):
    section = _block(prose, "Where it comes from:", "The Miller-Madow correction counts")
    assert "({doc}`03_entropy`), which the Miller-Madow correction adds back:" not in section
    assert ("the bias that chapter 3's optional section on entropy from samples quotes after "
            "{prf:ref}`ch3-thm-plugin-bias`") in section
    # two sentences: the size of each entropy's bias, then where it is quoted and corrected
    assert _flat(
        "each plug-in entropy is low by about $(K - 1)/(2N)$ nats for $K$ values of positive probability "
        f"{NUMBER_CHAPTER_3_CALLS_M}. This is the bias that chapter 3's optional section on entropy "
        "from samples quotes after {prf:ref}`ch3-thm-plugin-bias`, and the Miller-Madow correction adds it back."
    ) in section
    from chapter_text import load, prose as chapter_prose

    chapter_3 = chapter_prose(load("03_entropy.ipynb"))
    after = chapter_3[chapter_3.index(":label: ch3-thm-plugin-bias") :]
    proof = after[after.index("```{prf:proof}") :]
    following = proof[proof.index("```", 3) + 3 :]  # the text right after the theorem's proof
    assert following.lstrip().startswith(
        "A more careful expansion {cite:p}`miller1955note` shows that the bias is about $-(m - 1)/(2N)$ nats")


def test_samples_figure_legend_is_no_wider_than_its_panel(notebook):
    cells = [c for c in notebook["cells"] if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "ch6-fig-samples"]
    source = "".join(cells[0]["source"])
    assert "ncol=1" in re.search(r"bottom\.legend\((.*?)\)\s*#", source, re.S).group(1)
    assert "ncol=2" not in source


def test_conditioning_exercise_label_names_the_sum(prose):
    assert "ch6-ex-conditioning-xor" not in prose
    assert "their sum $Z = X + Y$ over the integers" in _block(prose, ":label: ch6-ex-conditioning-sum")


# --- a lecturer's minor fixes: the chain rule for information, definitions, order --------------


def test_chain_rule_for_mutual_information_is_a_theorem_before_the_dpi_that_cites_it(notebook, prose):
    label = ":label: ch6-thm-chain-rule-mi"
    assert prose.index(":label: ch6-thm-nonnegative") < prose.index(label) < prose.index(":label: ch6-thm-data-processing")
    assert "```{prf:theorem} Chain rule for mutual information" in prose
    statement = _block(prose, label)
    assert "I(X; Y, Z) &= I(X; Z) + I(X; Y \\mid Z) \\\\ &= I(X; Y) + I(X; Z \\mid Y)," in statement
    assert _flat(
        "and $I(X; Y \\mid Z) \\ge 0$, with equality if and only if $X$ and $Y$ are independent given $Z$"
    ) in statement
    proof = _theorem_and_proof(notebook, "ch6-thm-chain-rule-mi")
    assert "{prf:ref}`ch6-thm-nonnegative`" in proof and "{prf:ref}`ch6-def-conditional-mutual-information`" in proof
    for cited_in in ("ch6-thm-data-processing", "ch6-thm-chain-rules-n"):
        assert "{prf:ref}`ch6-thm-chain-rule-mi`" in _theorem_and_proof(notebook, cited_in)
    assert "{prf:ref}`ch6-thm-chain-rule-mi`" in _block(prose, "```{solution-start} ch6-ex-subadditivity", "```{solution-end}")
    # the DPI's proof uses the rule; it does not derive it
    assert "Adding and subtracting $H(X \\mid Z)$" not in _theorem_and_proof(notebook, "ch6-thm-data-processing")
    # both forms and the equality case, from plain sums on random joints of three variables
    rng = np.random.default_rng(607)
    for _ in range(50):
        p = rng.dirichlet(np.full(24, 0.5)).reshape(2, 3, 4)  # X, Y, Z
        i_x_yz = _h_bits(_keep(p, (0,))) + _h_bits(_keep(p, (1, 2))) - _h_bits(p)
        i_xz = _h_bits(_keep(p, (0,))) + _h_bits(_keep(p, (2,))) - _h_bits(_keep(p, (0, 2)))
        i_xy = _h_bits(_keep(p, (0,))) + _h_bits(_keep(p, (1,))) - _h_bits(_keep(p, (0, 1)))
        cmi_given_z = _h_bits(_keep(p, (0, 2))) + _h_bits(_keep(p, (1, 2))) - _h_bits(_keep(p, (2,))) - _h_bits(p)
        cmi_given_y = _h_bits(_keep(p, (0, 1))) + _h_bits(_keep(p, (1, 2))) - _h_bits(_keep(p, (1,))) - _h_bits(p)
        assert i_x_yz == pytest.approx(i_xz + cmi_given_z, abs=1e-12) == pytest.approx(i_xy + cmi_given_y, abs=1e-12)
        assert cmi_given_z > 1e-6  # a random joint: X and Y dependent given Z
        # X and Y independent given Z: p(z) p(x | z) p(y | z) has I(X; Y | Z) = 0
        p_z = rng.dirichlet(np.ones(4))
        independent = (rng.dirichlet(np.ones(2), size=4).T[:, None, :] * rng.dirichlet(np.ones(3), size=4).T[None, :, :]
                       * p_z[None, None, :])
        assert il.conditional_mutual_information(independent, given=2) == pytest.approx(0, abs=1e-12)


def test_data_processing_inequality_states_its_equality_case(notebook, prose):
    statement = _block(prose, ":label: ch6-thm-data-processing")
    assert _flat(
        "If $X \\to Y \\to Z$ is a Markov chain, then $I(X; Z) \\le I(X; Y)$, with equality if and only if "
        "$I(X; Y \\mid Z) = 0$."
    ) in statement
    assert "Hence $I(X; Y) - I(X; Z) = I(X; Y \\mid Z)$" in _theorem_and_proof(notebook, "ch6-thm-data-processing")
    rng = np.random.default_rng(608)
    for _ in range(100):
        p = (rng.dirichlet(np.ones(3))[:, None, None] * rng.dirichlet(np.ones(4), size=3)[:, :, None]
             * rng.dirichlet(np.ones(5), size=4)[None, :, :])  # X -> Y -> Z
        gap = il.mutual_information(p.sum(axis=2)) - il.mutual_information(p.sum(axis=1))
        assert gap == pytest.approx(il.conditional_mutual_information(p, given=2), abs=1e-12)
    # equality: Z a one-to-one relabelling of Y keeps everything, and then I(X; Y | Z) = 0
    p_xy = rng.dirichlet(np.ones(12)).reshape(3, 4)
    p = p_xy[:, :, None] * np.eye(4)[None, :, ::-1]
    assert il.conditional_mutual_information(p, given=2) == pytest.approx(0, abs=1e-12)
    assert il.mutual_information(p.sum(axis=1)) == pytest.approx(il.mutual_information(p_xy), abs=1e-12)


def test_conditional_material_comes_after_the_first_mutual_information_and_where_three_variables_need_it(prose):
    first_number = prose.index("The next cell computes all three readings")
    subsection = prose.index("### Conditional mutual information")
    three = prose.index("### Three variables With three variables the picture has seven regions")
    for label in ("ch6-def-conditioning-on-an-event", "ch6-thm-average-over-z",
                  "ch6-def-conditional-mutual-information", "ch6-thm-conditional-mi-entropies"):
        assert first_number < subsection < prose.index(f":label: {label}") < three, label
    assert prose.index("## The information diagram") < subsection


def test_markov_chain_co_information_and_total_correlation_are_definitions(prose):
    for label, title, term in [
        ("ch6-def-markov-chain", "Markov chain", "**Markov chain** $X \\to Y \\to Z$"),
        ("ch6-def-co-information", "Co-information and interaction information", "**co-information**"),
        ("ch6-def-total-correlation", "Total correlation", "**total correlation**"),
    ]:
        assert f"```{{prf:definition}} {title} :label: {label}" in prose, label
        assert term in _block(prose, f":label: {label}"), label
    assert "**interaction information**" in _block(prose, ":label: ch6-def-co-information")
    assert prose.count("**co-information**") == prose.count("**interaction information**") == 1
    assert prose.count("**total correlation**") == prose.count("**Markov chain**") == 1
    # co-information links to its glossary entry, which exists under that name
    assert "the centre is the {term}`co-information`." in prose
    glossary = (Path(__file__).resolve().parents[2] / "glossary.md").read_text(encoding="utf-8")
    assert "\nco-information\n  $I(X; Y; Z) = I(X; Y) - I(X; Y \\mid Z)$" in glossary
    # the definitions come before their first use
    assert prose.index(":label: ch6-def-markov-chain") < prose.index(":label: ch6-thm-data-processing")
    assert prose.index(":label: ch6-def-total-correlation") < prose.index(":label: ch6-ex-total-correlation")
    assert "({prf:ref}`ch6-def-total-correlation`)" in _block(prose, ":label: ch6-ex-total-correlation")
    # two variables: the total correlation is the mutual information
    rng = np.random.default_rng(609)
    p = rng.dirichlet(np.ones(12)).reshape(3, 4)
    assert il.total_correlation(p) == pytest.approx(il.mutual_information(p), abs=1e-12)
    assert "For two variables it is $I(X_1; X_2)$" in prose


def test_explorable_follows_the_discussion_of_the_pointwise_values(notebook):
    cells = notebook["cells"]
    discussion = next(i for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                      and "For the dice no possible pair has negative pointwise" in "".join(c["source"]))
    printout = next(i for i, c in enumerate(cells) if c["cell_type"] == "code"
                    and "(impossible pair)" in "".join(c["source"]))
    explorable = next(i for i, c in enumerate(cells) if "explorable" in c["metadata"].get("tags", []))
    diagram = next(i for i, c in enumerate(cells) if "## The information diagram" in "".join(c["source"]))
    assert printout + 1 == discussion < explorable < diagram


def test_solutions_say_why_a_function_has_no_conditional_entropy(prose):
    for label, sentence in [
        ("ch6-ex-subadditivity", "$H(Y \\mid X) = \\sum_x p(x)\\, H(Y \\mid X = x)$ is 0 if and only if each "
                                 "$p(\\cdot \\mid x)$ with $p(x) > 0$ is a point mass ({prf:ref}`ch3-thm-bounds`)"),
        ("ch6-ex-parity", "so each $p(\\cdot \\mid x)$ is a point mass and "
                          "$H(U \\mid X) = \\sum_x p(x)\\, H(U \\mid X = x) = 0$ ({prf:ref}`ch3-thm-bounds`)"),
        ("ch6-ex-self", "Given $X$, there is no uncertainty left about $X$ (each $p(\\cdot \\mid x)$ is a point "
                        "mass, {prf:ref}`ch3-thm-bounds`), so $H(X \\mid X) = 0$"),
    ]:
        assert _flat(sentence) in _block(prose, f"```{{solution-start}} {label}", "```{solution-end}"), label
    from chapter_text import load, prose as chapter_prose

    chapter_3 = chapter_prose(load("03_entropy.ipynb"))
    assert "$H(X) = 0$ if and only if one value has probability 1" in _block(chapter_3, ":label: ch3-thm-bounds")


def test_fano_exercise_gives_the_bound_the_text_computed(notebook, prose):
    exercise = _block(prose, ":label: ch6-ex-fano-estimator")
    assert "compare it with the Fano bound, 0.399, that the text computed at $m = 6$" in exercise
    row = next(r for r in _table_rows(notebook, "fano_rows = []") if r[0] == "6")
    assert row[2] == "0.399"


def test_write_it_yourself_solution_shows_its_errors(notebook):
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "code" and "def mi_bits(" in "".join(c["source"]))
    assert "except ValueError as error:" in "".join(cell["source"])
    assert all(o["output_type"] == "stream" for o in cell["outputs"])  # no traceback
    printed = _stdout(notebook, "def mi_bits(")
    mi_bits = function(CHAPTER, "mi_bits")
    for bad in ([0.5, 0.5], [[-0.1, 1.1]], [[0.5, 0.6]]):
        with pytest.raises(ValueError) as caught:
            mi_bits(bad)
        assert f"ValueError: {caught.value}\n" in printed
    assert "got shape (2,)" in printed and "negative entry, -0.1" in printed and "sums to 1.1, not 1" in printed


def test_bias_solution_gives_the_counts_per_cell_the_table_prints(notebook, prose):
    assert "As the count per cell falls to about 1 (3.1 and 0.8 per cell for $k = 8$ and 16)" in prose
    rows = {r[0]: float(r[1]) for r in _table_rows(notebook, "ceiling = min(math.log2(k), math.log2(n))")}
    assert (round(rows["8"], 1), round(rows["16"], 1)) == (3.1, 0.8) == (round(200 / 8**2, 1), round(200 / 16**2, 1))


def test_notation_page_has_the_distributions_of_the_mutual_information_and_introduces_them_in_chapter_6(prose):
    page = (Path(__file__).resolve().parents[2] / "notation.md").read_text(encoding="utf-8")
    rows = {row.split(" | ")[0]: row for row in page.splitlines() if row.startswith("| $p_X")}
    assert "chapters/06_mutual_information" in rows["| $p_X$, $p_{XY}$"]
    assert "(p_X \\otimes p_Y)(x, y) = p(x)\\, p(y)" in rows["| $p_X \\otimes p_Y$"]
    channel = rows["| $p_X$"]
    assert channel.index("chapters/06_mutual_information") < channel.index("chapters/07_noisy_channels")
    assert "D\\!\\left(p_{XY} \\,\\|\\, p_X \\otimes p_Y\\right)" in prose  # chapter 6 uses all three


# --- Fano's gap over every MAP guess, the entropy forms as a theorem, wording of chapter 6 ------


def test_fano_gap_conditions_checked_over_every_map_guess_at_m_6(prose):
    box = _block(prose, "```{admonition} Where the gap comes from (optional)")
    assert _flat(
        "fails for most of them. An error is more likely after some guesses than after others. After an error the "
        "other faces are unequally likely for most MAP guesses, though "
        "not for all: for exactly six of them, namely $\\hat X = Y$ for $Y \\le 5$ and $\\hat X = Y - 5$ for $Y \\ge 7$ "
        "(with any face for $Y = 6$), they are uniform."
    ) in box
    assert "favour some of the other faces over the rest" not in prose
    # the cell after the box measures the part of the gap the guess leaves, named by what it is
    assert _flat(
        "The cell below measures the part of the gap due to the guess keeping less than $Y$ does, for two such "
        "choices, then for all of them"
    ) in box
    # faces 1..6 are indices 0..5, Y = X + V with V uniform on {0, ..., m - 1}: y = 1..11 is index y - 1
    m = 6
    p_xy = np.zeros((6, 6 + m - 1))
    for x, v in product(range(6), range(m)):
        p_xy[x, x + v] = 1 / (6 * m)
    h_given_y = _h_bits(p_xy) - _h_bits(p_xy.sum(axis=0))
    tied = [np.flatnonzero(column == column.max()) for column in p_xy.T]  # the MAP faces for each y
    counts = {"guesses": 0, "even error rate": 0, "uniform after an error": 0, "keeps all of Y": 0}
    uniform_guesses = []
    for guess in product(*tied):
        table = p_xy @ np.eye(6)[list(guess)]  # p(x, guess)
        counts["guesses"] += 1
        column = table.sum(axis=0)
        used = column > 0
        errors = column - np.diag(table)
        rates = errors[used] / column[used]
        counts["even error rate"] += bool(np.ptp(rates) < 1e-12)
        off = [np.delete(table[:, g], g) for g in range(6) if errors[g] > 1e-15]
        if all(np.ptp(o) < 1e-15 for o in off):
            counts["uniform after an error"] += 1
            uniform_guesses.append(guess)
        left, h = _fano_terms(table)
        assert left >= h - 1e-12  # Fano holds for each of them
        counts["keeps all of Y"] += bool(h <= h_given_y + 1e-12)
    assert counts == {"guesses": 86_400, "even error rate": 0, "uniform after an error": 6, "keeps all of Y": 0}
    # the six named in the text: guess y for y <= 5, y - 5 for y >= 7, any face for y = 6
    named = {tuple([y - 1 for y in range(1, 6)] + [face] + [y - 6 for y in range(7, 12)]) for face in range(6)}
    assert set(uniform_guesses) == named


def test_entropy_forms_of_mutual_information_are_a_theorem_that_later_proofs_cite(prose):
    statement = _block(prose, ":label: ch6-thm-mi-entropies")
    assert _flat("For discrete random variables $X$ and $Y$, $I(X; Y) = H(X) - H(X \\mid Y)$, "
                 "$I(X; Y) = H(Y) - H(Y \\mid X)$ and $I(X; Y) = H(X) + H(Y) - H(X, Y)$.") in statement
    assert "```{prf:proof} Since $\\frac{p(x, y)}{p(x) p(y)} = \\frac{p(x \\mid y)}{p(x)}$, splitting" in prose
    assert "first reading" not in prose and "Reading 1" not in prose
    for proof_start in ("For each $z$ with $p(z) > 0$, {prf:ref}`ch6-thm-mi-entropies`,",
                        "{prf:ref}`ch6-thm-mi-entropies`, with the pair $(Y, Z)$ as one variable, gives"):
        assert proof_start in prose
    assert prose.index(":label: ch6-thm-mi-entropies") < prose.index("{prf:ref}`ch6-thm-mi-entropies`")
    # the identities themselves, on random joints
    rng = np.random.default_rng(667)
    for _ in range(50):
        p = rng.dirichlet(np.ones(12)).reshape(3, 4)
        hx, hy, hxy = _h_bits(p.sum(axis=1)), _h_bits(p.sum(axis=0)), _h_bits(p)
        mi = il.mutual_information(p)
        assert mi == pytest.approx(hx - (hxy - hy), abs=1e-12)
        assert mi == pytest.approx(hy - (hxy - hx), abs=1e-12)
        assert mi == pytest.approx(hx + hy - hxy, abs=1e-12)


def test_xor_discs_and_zero_pairs_are_worded_exactly(prose):
    # each disc: H(X | Y, Z) = 0, I(X; Y | Z) = 1, I(X; Z | Y) = 1 and the centre -1: 0 + 1 + 1 - 1 = 1
    assert _flat("Each disc still adds up to its entropy of 1 bit, but only because the centre's $-1$ cancels "
                 "one of the two $+1$ regions.") in prose
    assert "two regions of $+1$ and a centre of $-1$ cancel" not in prose
    xor = _xor()
    regions = (il.conditional_entropy(xor, given=(1, 2)), il.conditional_mutual_information(xor, x=0, y=1, given=2),
               il.conditional_mutual_information(xor, x=0, y=2, given=1), il.co_information(xor))
    assert regions == pytest.approx((0, 1, 1, -1), abs=1e-12) and sum(regions) == pytest.approx(1, abs=1e-12)
    information = _block(prose, ":label: ch6-def-mutual-information")
    assert "The pairs with $p(x, y) = 0$ include every pair with $p(x) = 0$ or $p(y) = 0$" in information
    assert "They include" not in information


def test_letters_shared_with_other_chapters_are_explained(prose):
    notation = (Path(__file__).resolve().parents[2] / "notation.md").read_text(encoding="utf-8")
    assert ("| $m$; $K$ | number of values of positive probability of a distribution, in the plug-in bias "
            "$(m - 1)/(2N)$ nats; {doc}`chapters/06_mutual_information` calls it $K$, because there $m$ is the "
            "number of values of the added noise $V$ |") in notation
    assert f"for $K$ values of positive probability {NUMBER_CHAPTER_3_CALLS_M}" in _flat(prose)
    exercise = prose[prose.index("ch6-ex-fano-estimator") :]
    first_f = exercise.index("$1 - f$")
    # f is explained where it first appears, without pointing ahead to a chapter not yet read
    assert _flat("probability $f / 5$ ($f$ is the letter chapter 7 uses for a flip probability)") \
        in _flat(exercise[first_f : first_f + 400])
    statement = _block(prose, ":label: ch6-ex-fano-estimator", "```{solution-start} ch6-ex-fano-estimator")
    assert "{doc}`07_noisy_channels`" not in statement and "generalising the flip probability" not in statement
    # the notation page introduces f with chapter 7, the chapter the exercise names
    assert re.search(r"^\| \$f\$ \| crossover \(flip\) probability .*\| \{doc\}`chapters/07_noisy_channels` \|$",
                     notation, re.M)


# --- split orders, the three-disc regions, citations and pointers -----------------------------


def test_chain_rule_orders_split_the_same_total_not_always_differently(prose):
    assert _flat(
        "The order of the variables is free: each order gives a split of the same total, in general a "
        "different one."
    ) in prose
    assert "every order gives a different split" not in prose
    # independent variables: every order gives the same terms, so "different" cannot be claimed in general
    rng = np.random.default_rng(665)
    marginals = [rng.dirichlet(np.ones(k)) for k in (2, 3, 4)]
    p = np.einsum("i,j,k->ijk", *marginals)
    h = il.joint_entropy
    splits = set()
    for order in itertools.permutations(range(3)):
        q = np.transpose(p, order)
        terms = (h(q.sum(axis=(1, 2))), h(q.sum(axis=2)) - h(q.sum(axis=(1, 2))), h(q) - h(q.sum(axis=2)))
        assert sum(terms) == pytest.approx(h(p), abs=1e-12)
        splits.add(tuple(sorted(round(t, 9) for t in terms)))
    assert len(splits) == 1
    # a dependent triple: two orders give different splits of the same total
    p = rng.dirichlet(np.full(24, 0.5)).reshape(2, 3, 4)
    first = (h(p.sum(axis=(1, 2))), h(p.sum(axis=2)) - h(p.sum(axis=(1, 2))))
    q = np.transpose(p, (2, 1, 0))
    other = (h(q.sum(axis=(1, 2))), h(q.sum(axis=2)) - h(q.sum(axis=(1, 2))))
    assert first[0] != pytest.approx(other[0], abs=1e-6)


def test_three_disc_regions_are_named_and_each_disc_sums_to_its_entropy(notebook, prose):
    assert _flat(
        "In that diagram the region only in $X$ is $H(X \\mid Y, Z)$ (0 bits for the coins), the lens of $X$ "
        "and $Y$ outside $Z$ is $I(X; Y \\mid Z)$ (+1 bit) and the centre is $I(X; Y; Z)$, and likewise for the "
        "other variables, so each disc is the sum $$ \\begin{aligned} H(X) &= H(X \\mid Y, Z) + I(X; Y \\mid Z) "
        "\\\\ &\\quad + I(X; Z \\mid Y) + I(X; Y; Z). \\end{aligned} $$"
    ) in prose
    # the identity is derived, each step from a result stated before it
    reason = _flat(
        "This holds for any three variables: $H(X \\mid Y, Z) + I(X; Y \\mid Z) = H(X \\mid Z)$ by "
        "{prf:ref}`ch6-thm-conditional-mi-entropies`; $I(X; Z \\mid Y) + I(X; Y; Z) = I(X; Z)$ by the symmetry "
        "shown above, which gives $I(X; Y; Z) = I(X; Z) - I(X; Z \\mid Y)$; and "
        "$H(X \\mid Z) + I(X; Z) = H(X)$ by {prf:ref}`ch6-thm-mi-entropies`."
    )
    assert reason in prose
    for earlier in (":label: ch6-thm-conditional-mi-entropies", "the co-information is symmetric in all three",
                    ":label: ch6-thm-mi-entropies"):
        assert prose.index(earlier) < prose.index(reason)
    assert "$$ I(X; Y \\mid Z) = H(X \\mid Z) - H(X \\mid Y, Z). $$" in prose
    h = il.joint_entropy
    rng = np.random.default_rng(668)
    for _ in range(50):
        q = rng.dirichlet(np.full(24, 0.5)).reshape(2, 3, 4)
        h_x, h_xz, h_z = h(q.sum(axis=(1, 2))), h(q.sum(axis=1)), h(q.sum(axis=(0, 1)))
        h_x_given_z = h_xz - h_z
        i_xz = il.mutual_information(q.sum(axis=1))
        i_xz_given_y = il.conditional_mutual_information(q, x=0, y=2, given=1)
        assert il.conditional_entropy(q, given=(1, 2)) + il.conditional_mutual_information(q, x=0, y=1, given=2) \
            == pytest.approx(h_x_given_z, abs=1e-10)
        assert i_xz_given_y + il.co_information(q) == pytest.approx(i_xz, abs=1e-10)
        assert h_x_given_z + i_xz == pytest.approx(h_x, abs=1e-10)
    # the sentence comes where the text first points at the bottom panel
    assert prose.index("negative value ({numref}`ch6-fig-diagram`, bottom). In that diagram") \
        < prose.index("Each disc still adds up to its entropy of 1 bit")
    # the identity, on random three-variable tables and for every variable as X
    rng = np.random.default_rng(666)
    h = il.joint_entropy
    for _ in range(50):
        shape = tuple(rng.integers(2, 5, 3))
        p = rng.dirichlet(np.full(int(np.prod(shape)), 0.5)).reshape(shape)
        for a in range(3):
            b, c = [k for k in range(3) if k != a]
            q = np.moveaxis(p, (a, b, c), (0, 1, 2))
            h_x = h(q.sum(axis=(1, 2)))
            regions = (il.conditional_entropy(q, given=(1, 2)),
                       il.conditional_mutual_information(q, x=0, y=1, given=2),
                       il.conditional_mutual_information(q, x=0, y=2, given=1),
                       il.co_information(q))
            assert sum(regions) == pytest.approx(h_x, abs=1e-10)
            assert regions[0] == pytest.approx(h(q) - h(q.sum(axis=0)), abs=1e-10)
    # the figure draws exactly these regions: H(A | others), I(A; B | C) and the co-information
    source = next("".join(c["source"]) for c in notebook["cells"]
                  if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "ch6-fig-diagram")
    assert "only = {a: h(p) - h(p.sum(axis=a)) for a in range(3)}   # H(A | other two)" in source
    assert "il.conditional_mutual_information(\n            np.moveaxis(p, (a, b, c), (0, 1, 2)), given=2)" in source
    assert "return only, pair, il.co_information(p)" in source
    _, alt = _figure(notebook, "ch6-fig-diagram")
    assert "each part covered by one circle only reads 0, each part shared by exactly two circles reads +1" in alt
    # the coins: 0 bits only in X, +1 bit in each lens
    xor = np.zeros((2, 2, 2))
    for x, y in product(range(2), repeat=2):
        xor[x, y, x ^ y] = 1 / 4
    assert il.conditional_entropy(xor, given=(1, 2)) == pytest.approx(0, abs=1e-12)
    assert il.conditional_mutual_information(xor, x=0, y=1, given=2) == pytest.approx(1, abs=1e-12)


def test_consequences_of_nonnegativity_cite_the_theorem_they_use(prose):
    assert _flat(
        "Two consequences follow at once from $I(X; Y) = H(Y) - H(Y \\mid X)$ and "
        "$I(X; Y) = H(X) + H(Y) - H(X, Y)$ ({prf:ref}`ch6-thm-mi-entropies`):"
    ) in prose
    assert "(reading 1 above)" not in prose
    # both identities are in the theorem cited
    theorem = _block(prose, ":label: ch6-thm-mi-entropies")
    assert "$I(X; Y) = H(Y) - H(Y \\mid X)$" in theorem and "$I(X; Y) = H(X) + H(Y) - H(X, Y)$" in theorem


def test_at_width_six_the_eleven_posteriors_all_differ():
    # Y = X + V with X a fair die and V uniform on {0, ..., m - 1}: at m = 6, 11 observations
    m = 6
    p_xy = np.zeros((6, 6 + m - 1))
    for x, v in product(range(6), range(m)):
        p_xy[x, x + v] = 1 / (6 * m)
    posteriors = {tuple(np.round(p_xy[:, y] / p_xy[:, y].sum(), 12)) for y in range(p_xy.shape[1])}
    assert p_xy.shape[1] == 11 and len(posteriors) == 11
    # so any guess, with at most 6 values, merges two observations with different posteriors
    assert p_xy.shape[1] > 6


def test_samples_caption_matches_the_narrow_detection(notebook, prose):
    caption, _ = _figure(notebook, "ch6-fig-samples")
    assert "the weakly linked sample in the right tail of its own." in caption
    assert "far right tail" not in caption
    assert "a link this weak is detected, but not by a wide margin" in prose


def test_co_information_names_its_source_and_the_bias_names_chapter_3s_optional_section(prose):
    definition = _block(prose, ":label: ch6-def-co-information")
    assert "the name is that of {cite:t}`bell2003coinformation`." in definition
    bib = (Path(__file__).resolve().parents[2] / "references.bib").read_text(encoding="utf-8")
    assert bib.count("{bell2003coinformation,") == 1
    entry = _block(bib, "@inproceedings{bell2003coinformation,", "\n}\n")
    assert "author    = {Bell, Anthony J.}" in entry and "title     = {The Co-Information Lattice}" in entry
    assert "pages     = {921--926}" in entry and "year      = {2003}" in entry and "(ICA 2003)" in entry
    # the derivation under the quoted result says where chapter 3 derives the entropy bias
    assert _flat(
        f"{NUMBER_CHAPTER_3_CALLS_M}. This is the bias that chapter 3's optional section on entropy "
        "from samples quotes after {prf:ref}`ch3-thm-plugin-bias`"
    ) in prose
    chapter3 = (Path(__file__).resolve().parents[2] / "chapters" / "03_entropy.ipynb").read_text(encoding="utf-8")
    assert "## Entropy from samples (optional)" in chapter3
    section = chapter3[chapter3.index("## Entropy from samples (optional)") :]
    assert ":label: ch3-thm-plugin-bias" in section


# --- the capacity preview, the bias formula's range, Fano's corollary and smaller wording -----


def test_capacity_preview_states_the_dividing_line_for_a_memoryless_channel(prose):
    preview = _block(prose, "Shannon's great result, the subject of {doc}`07_noisy_channels`", "## Exercises")
    assert "the **capacity** of the channel, is the dividing line for reliable communication over a memoryless" \
        " channel" in preview
    # memoryless as chapter 7 defines it: each output depends on its own input alone
    assert "one whose every output depends on its own input alone, through the same $p(y \\mid x)$ at each use" \
        in preview
    assert _flat(
        "Every rate below the capacity, in bits per use, can be achieved with an error probability as small as "
        "we like, and no rate above it can {cite:p}`shannon1948mathematical`."
    ) in preview
    assert "highest rate" not in preview
    from chapter_text import load, prose as chapter_prose

    chapter_7 = chapter_prose(load("07_noisy_channels.ipynb"))
    assert "*Memoryless* means that each output depends on its own input alone" in chapter_7
    assert "1. *Achievability.* For every rate $R < C$" in chapter_7 and "2. *Converse.* For every rate $R > C$" \
        in chapter_7


def test_bias_formula_is_said_to_be_far_off_both_ways_on_the_exercise_table(notebook, prose):
    box = _block(prose, "Quoted result: the first-order bias of the plug-in estimate")
    assert _flat(
        "It can be relied on only when every cell is expected many times, $N p(x)\\, p(y) \\gg 1$ for every pair "
        "$(x, y)$, which needs a sample much larger than the number of cells, $N \\gg k_X k_Y$; otherwise it can "
        "be far off, in either direction ({ref}`ch6-ex-bias`)."
    ) in box
    # the exercise's table shows both directions: short at k = 16, over at k = 32
    table = next("".join(o["data"]["text/markdown"]) for c in notebook["cells"] if c["cell_type"] == "code"
                 for o in c.get("outputs", []) if "(k - 1)^2 / (2 N ln 2)" in "".join(
                     o.get("data", {}).get("text/markdown", "")))
    rows = {int(cells[0]): [float(v) for v in cells[1:]]
            for cells in ([x.strip() for x in line.strip("|").split("|")] for line in table.splitlines()[2:])}
    mean, formula = {k: rows[k][1] for k in rows}, {k: rows[k][2] for k in rows}
    assert formula[16] < 0.9 * mean[16] and formula[32] > 1.4 * mean[32]


def test_near_independence_note_counts_the_four_evaluations_its_cell_prints(notebook, prose):
    assert _flat(
        "The cell measures all four, `il.mutual_information`, $H(Y) - H(Y \\mid X)$, the plain sum and the sum "
        "of non-negative terms, against the defining sum computed to 40 digits by Python's `decimal` module."
    ) in prose
    printed = _stdout(notebook, "mutual_information_40_digits(p)")
    compared = printed[printed.index("relative error, against 40 digits:") :].splitlines()[1:]
    assert [line.split(":")[0].strip() for line in compared if line.strip()] == [
        "il.mutual_information below 1e-8", "H(Y) - H(Y | X) above 1% somewhere", "plain sum",
        "sum of non-negative terms"]


def test_convexity_proof_names_its_mutual_informations(prose):
    proof = _block(prose, ":label: ch6-thm-concavity", "The first part is why the capacity")
    assert _flat(
        "$I_\\lambda \\le \\lambda I_1 + (1 - \\lambda) I_2$, where $I_i$ and $I_\\lambda$ are the mutual "
        "informations with the channels $p_i$ and $p_\\lambda$"
    ) in proof


def test_fano_corollary_divides_by_log_of_at_least_two_values(prose):
    theorem = _block(prose, ":label: ch6-thm-fano")
    assert _flat(
        "$P_e \\ge \\dfrac{H(X \\mid Y) - 1}{\\log_2 |\\mathcal{X}|}$ (for $|\\mathcal{X}| \\ge 2$)."
    ) in theorem


def test_notation_page_places_total_correlation_in_the_main_text(prose):
    notation = (Path(__file__).resolve().parents[2] / "notation.md").read_text(encoding="utf-8")
    row = next(line for line in notation.splitlines() if line.startswith("| $\\mathrm{TC}("))
    assert row.endswith("| {doc}`chapters/06_mutual_information` |")
    # the definition is in the text, before the exercises begin
    assert prose.index(":label: ch6-def-total-correlation") < prose.index("## Exercises")


# --- plug-in zeros, ties, events of a third variable, Markov chains, the bias regimes, the summary ---


def test_plug_in_estimate_is_zero_exactly_when_the_table_is_the_product_of_its_margins(prose):
    assert _flat(
        "A finite sample usually has some accidental pattern, and the plug-in estimate, which is never negative, "
        "reads it as dependence: it is 0 only when the table of frequencies is exactly the product of its margins."
    ) in prose
    # one pair, and the 36 pairs of two dice each seen once: tables that are the product of their margins
    assert _plug_in(np.array([3]), np.array([5]), 6, 6) == pytest.approx(0, abs=1e-12)
    faces = np.arange(6)
    assert _plug_in(np.repeat(faces, 6), np.tile(faces, 6), 6, 6) == pytest.approx(0, abs=1e-12)
    # on random samples the estimate is 0 exactly when the counts are the product of the margins over N
    rng = np.random.default_rng(6061)
    zeros = 0
    for n in [2, 3, 4, 100, 1_000]:
        for _ in range(300):
            x, y = rng.integers(0, 3, n), rng.integers(0, 3, n)
            counts = _contingency(x, y, 3, 3)
            product_of_margins = np.allclose(counts * n, np.outer(counts.sum(axis=1), counts.sum(axis=0)))
            estimate = _plug_in(x, y, 3, 3)
            assert (estimate < 1e-12) == product_of_margins and estimate > -1e-12
            zeros += product_of_margins
    assert 0 < zeros < 1_500  # both kinds of sample occur; most small ones are not zero


def test_ties_come_from_different_tables_with_the_same_value(notebook, prose):
    note = prose[prose.index("```{admonition} Ties and rounding (optional)") :]
    note = note[: note.index("```", 3)]
    assert _flat(
        "A shuffle that ties with the observed value reaches it. A shuffle can also give a different table whose "
        "value is mathematically the same, for instance the observed table with two rows of equal total exchanged "
        "(a shuffle keeps every row's total); summed in another order, the two values can differ in their last "
        "bits, so the comparison allows $10^{-12}$ bits of rounding."
    ) in note
    assert note.rstrip().endswith("so the comparison allows $10^{-12}$ bits of rounding.")  # nothing follows
    assert "the same table" not in note and ":label: ch6-ex-write-mi" in prose
    # the day number's ties are stated once, where the solution of ch6-ex-write-mi compares the p-values
    assert "ch6-ex-write-mi" not in note and "day number" not in note
    assert prose.count("Without the tolerance") == 1 and _flat(
        "same shuffles, gives the same p-values. Without the tolerance of $10^{-12}$ bits it would not"
    ) in _block(prose, ":label: ch6-ex-write-mi", "```{solution-end}")
    # the weather test of that solution, shuffle by shuffle (seed 14, features in the table's order)
    replay = _weather_test_with_mi_bits(notebook)
    for feature in replay.values():  # the same table always gives the same bits
        same = np.array([np.array_equal(t, feature["table"]) for t in feature["tables"]])
        assert np.all(feature["null"][same] == feature["observed"])
    # the day number: every shuffle is the observed table with its rows in another order, the same gain in
    # exact arithmetic; a reordered table does not always give the same bits
    days = replay["day number"]
    same = np.array([np.array_equal(t, days["table"]) for t in days["tables"]])
    assert all(sorted(map(tuple, t)) == sorted(map(tuple, days["table"])) for t in days["tables"])
    assert (~same).sum() > 1_900
    assert np.all(np.abs(days["null"] - days["observed"]) < 1e-12) and np.any(days["null"] != days["observed"])
    assert _p_value(days, 1e-12) == 1
    # humidity: two rows of total 7. The shuffles that tie are the observed table and the one with its two rows
    # exchanged; the exchanged one comes out below the observed gain in its last bits, so only the tolerance
    # counts it, and without it the p-value would be lower
    humidity = replay["humidity"]
    assert list(humidity["table"].sum(axis=1)) == [7, 7]
    exchanged = np.array([np.array_equal(t, humidity["table"][::-1]) for t in humidity["tables"]])
    same = np.array([np.array_equal(t, humidity["table"]) for t in humidity["tables"]])
    assert not np.array_equal(humidity["table"], humidity["table"][::-1])
    near = np.abs(humidity["null"] - humidity["observed"]) < 1e-12
    assert np.array_equal(near, same | exchanged) and exchanged.sum() > 100
    assert np.all(humidity["null"][exchanged] < humidity["observed"])
    assert _p_value(humidity, 0.0) < _p_value(humidity, 1e-12)
    # the solution's table prints the p-value of 1 that the tolerance keeps
    printed = "".join(next(o["data"]["text/plain"] for c in notebook["cells"] if c["cell_type"] == "code"
                           and "permutation_test_bits(x_feature" in "".join(c["source"])
                           for o in c["outputs"] if "data" in o))
    assert printed.splitlines()[-1].split()[-1] == "1.000" and "day number" in printed.splitlines()[-1]


def test_bias_derivation_calls_k_the_number_chapter_3_calls_m(prose):
    assert NUMBER_CHAPTER_3_CALLS_M in prose
    # in this chapter m is the width of the noise of the Fano example, and of the exercise built on it
    assert "where $V$ is uniform on $\\{0, 1, \\ldots, m - 1\\}$, independent of $X$" in prose
    assert "derive by hand what the text computed at $m = 6$" in prose


def test_conditioning_on_an_event_lists_every_quantity_the_proofs_take_given_it(notebook, prose):
    definition = prose[prose.index(":label: ch6-def-conditioning-on-an-event") :]
    definition = definition[: definition.index("```")]
    assert _flat(
        "the definitions above give $H(X \\mid Z = z)$, $H(X, Y \\mid Z = z)$, $I(X; Y \\mid Z = z)$ and the "
        "**conditional entropy of $X$ given $Y$ and the event $Z = z$**,"
    ) in definition
    assert "Exchanging $X$ and $Y$ gives $H(Y \\mid Z = z)$ and $H(Y \\mid X, Z = z)$." in definition
    # every quantity given the event Z = z that the chapter writes is named in the definition
    used = set(re.findall(r"[HI]\((?:[^()]|\([^()]*\))*?\\mid [^()]*?Z = z\)", prose))
    assert {"H(X \\mid Z = z)", "H(X, Y \\mid Z = z)", "H(Y \\mid X, Z = z)", "I(X; Y \\mid Z = z)",
            "H(X \\mid Y, Z = z)"} <= used
    assert all(q in definition for q in used), used - {q for q in used if q in definition}
    # the chain rule given the event, which the proof of ch6-thm-chain-rule-given uses for each z
    rng = np.random.default_rng(6062)
    h = il.joint_entropy
    for _ in range(20):
        p = rng.dirichlet(np.full(24, 0.5)).reshape(2, 3, 4)  # X, Y, Z
        for z in range(4):
            q = p[:, :, z] / p[:, :, z].sum()  # p(x, y | z)
            assert h(q) == pytest.approx(h(q.sum(axis=1)) + il.conditional_entropy(q, given=0), abs=1e-10)


def test_subadditivity_solution_shows_that_conditional_independence_is_the_markov_factorisation(prose):
    solution = prose[prose.index("```{solution-start} ch6-ex-subadditivity") :]
    solution = solution[: solution.index("```{solution-end}")]
    assert _flat(
        "$X$ and $Z$ are independent given $Y$ ({prf:ref}`ch6-thm-chain-rule-mi`), that is, when "
        "$X \\to Y \\to Z$ is a Markov chain: multiplying $p(x, z \\mid y) = p(x \\mid y)\\, p(z \\mid y)$ by "
        "$p(y)$ gives $p(x, y, z) = p(x, y)\\, p(z \\mid y) = p(x)\\, p(y \\mid x)\\, p(z \\mid y)$, the "
        "factorisation of {prf:ref}`ch6-def-markov-chain`, and the proof of {prf:ref}`ch6-thm-data-processing` "
        "derives the independence from the factorisation."
    ) in solution
    # the definition is the factorisation, and the proof of the DPI divides it by p(y)
    definition = prose[prose.index(":label: ch6-def-markov-chain") :]
    assert "if $p(x, y, z) = p(x)\\, p(y \\mid x)\\, p(z \\mid y)$" in definition[: definition.index("```")]
    assert "dividing the factorisation by $p(y)$ gives $p(x, z \\mid y) = p(x \\mid y)\\, p(z \\mid y)$" in prose
    rng = np.random.default_rng(6063)
    for _ in range(50):
        # independent given Y: p(y) p(x | y) p(z | y) ...
        p_y = rng.dirichlet(np.ones(3))
        x_given_y, z_given_y = rng.dirichlet(np.ones(2), size=3), rng.dirichlet(np.ones(4), size=3)
        p = np.einsum("y,yx,yz->xyz", p_y, x_given_y, z_given_y)
        # ... is p(x) p(y | x) p(z | y)
        p_x = p.sum(axis=(1, 2))
        y_given_x = p.sum(axis=2) / p_x[:, None]
        assert np.allclose(p, p_x[:, None, None] * y_given_x[:, :, None] * z_given_y[None, :, :], atol=1e-15)
        assert il.conditional_mutual_information(p, x=0, y=2, given=1) == pytest.approx(0, abs=1e-12)
        # a joint that is not independent given Y does not factorise so
        q = rng.dirichlet(np.ones(24)).reshape(2, 3, 4)
        q_x, q_xy, q_yz = q.sum(axis=(1, 2)), q.sum(axis=2), q.sum(axis=0)
        factorised = q_xy[:, :, None] * (q_yz / q_yz.sum(axis=1, keepdims=True))[None, :, :]
        assert il.conditional_mutual_information(q, x=0, y=2, given=1) > 1e-6 and not np.allclose(q, factorised)


def test_fano_exercise_states_that_an_error_leaves_the_other_faces_uniform(prose):
    solution = prose[prose.index("```{solution-start} ch6-ex-fano-estimator") :]
    solution = solution[: solution.index("```{solution-end}")]
    assert _flat(
        "given the reported face and an error (if $f > 0$) each of the five other faces has conditional "
        "probability $(f / 5) / f = 1/5$"
    ) in solution
    # the condition of equality it checks, as the text states it
    assert "after an error (if $P_e > 0$) the true value is uniform on the other $|\\mathcal{X}| - 1$" in prose
    for f in (0.05, 0.3, 5 / 6, 0.9):
        joint = (np.full((6, 6), f / 5) + np.eye(6) * (1 - f - f / 5)) / 6  # p(x, y), y the reported face
        for y in range(6):
            others = np.delete(joint[:, y], y)
            assert others.sum() / joint[:, y].sum() == pytest.approx(f)  # P(error | Y = y)
            assert others / others.sum() == pytest.approx(np.full(5, 1 / 5))  # given Y = y and an error


def test_bias_exercise_says_which_regimes_no_correction_fixes(notebook, prose):
    solution = prose[prose.index("```{solution-start} ch6-ex-bias") :]
    solution = solution[: solution.index("```{solution-end}")]
    assert _flat(
        "In neither of the last two regimes ($k \\ge 8$ here) is a simple correction reliable"
    ) in solution
    assert "for $k = 2$ and $4$ (50 and 12.5 per cell) it is close" in solution
    # the printed table: within 5% of the formula for k = 2 and 4, at least 10% off from k = 8 on
    table = next("".join(o["data"]["text/markdown"]) for c in notebook["cells"] if c["cell_type"] == "code"
                 for o in c.get("outputs", []) if "(k - 1)^2 / (2 N ln 2)" in "".join(
                     o.get("data", {}).get("text/markdown", "")))
    rows = {int(cells[0]): [float(v) for v in cells[1:]]
            for cells in ([x.strip() for x in line.strip("|").split("|")] for line in table.splitlines()[2:])}
    ratio = {k: rows[k][1] / rows[k][2] for k in rows}
    assert all(abs(ratio[k] - 1) < 0.05 for k in (2, 4))
    assert all(abs(ratio[k] - 1) > 0.09 for k in (8, 16, 32, 64))
    assert {k: round(v[1], 4) for k, v in _bias_exercise_rows().items()} == {
        k: round(v[2], 4) for k, v in rows.items()}  # the table is the formula the check recomputes


def test_dpi_exercise_names_its_function_phi_and_leaves_g_to_the_guess(prose):
    exercise = prose[prose.index(":label: ch6-ex-dpi-function") :]
    exercise = exercise[: exercise.index("```{solution-end}")]
    assert not re.search(r"\bg\(|\$g\$", exercise)
    assert _flat(
        "for any function $\\varphi$, $I(X; \\varphi(Y)) \\le I(X; Y)$. Check it for the dice with "
        "$\\varphi(s) = $ \"is $s$ at least 7?\""
    ) in exercise
    assert "So $X \\to Y \\to \\varphi(Y)$ is a Markov chain" in exercise
    # g is the guessing rule of the text, of Fano's inequality and of the Fano exercise
    assert "No rule $g$ that sees only the sum is right more often." in prose
    assert "let $\\hat X = g(Y)$ be any estimate of $X$" in prose
    assert "the rule $g(s) = \\min(6, \\max(1, s - 3))$" in prose


def test_summary_gives_the_chain_rules_for_many_variables_as_display_math(notebook):
    summary = next("".join(c["source"]) for c in notebook["cells"]
                   if c["cell_type"] == "markdown" and "## Summary" in "".join(c["source"]))
    summary = summary[summary.index("## Summary") :]
    assert (
        "- The chain rules extend to many variables:\n\n"
        "  $$\n  H(X_1, \\ldots, X_n) = \\sum_i H(X_i \\mid X_1, \\ldots, X_{i-1})\n  $$\n\n"
        "  and\n\n"
        "  $$\n  I(X_1, \\ldots, X_n; Y) = \\sum_i I(X_i; Y \\mid X_1, \\ldots, X_{i-1}).\n  $$\n"
        "- Fano's inequality"
    ) in summary
    assert "$H(X_1, \\ldots, X_n) = " not in summary and "$I(X_1, \\ldots, X_n; Y) = " not in summary


# --- the code of the divergence reading, the named distributions, the exact conditions ---


def test_divergence_reading_names_the_code_built_for_the_product_of_the_true_marginals(prose):
    assert _flat(
        "2. **Divergence from independence.** The Kullback-Leibler divergence ({doc}`05_kl_divergence`): the "
        "extra bits per pair paid by a code built for $p_X \\otimes p_Y$, the product of the true marginals, "
        "instead of for the joint."
    ) in prose
    # a code built for any other product q_X (x) q_Y pays D(p || q_X (x) q_Y)
    # = I(X; Y) + D(p_X || q_X) + D(p_Y || q_Y), more than I(X; Y) unless q = p
    rng = np.random.default_rng(6064)
    for _ in range(200):
        p = rng.dirichlet(np.ones(12)).reshape(3, 4)
        p_x, p_y = p.sum(axis=1), p.sum(axis=0)
        q_x, q_y = rng.dirichlet(np.ones(3)), rng.dirichlet(np.ones(4))
        extra = il.kl_divergence(p.ravel(), np.outer(q_x, q_y).ravel())
        assert extra == pytest.approx(il.mutual_information(p) + il.kl_divergence(p_x, q_x)
                                      + il.kl_divergence(p_y, q_y), abs=1e-10)
        assert extra > il.mutual_information(p)
        assert il.kl_divergence(p.ravel(), np.outer(p_x, p_y).ravel()) == pytest.approx(
            il.mutual_information(p), abs=1e-12)


def test_mutual_information_definition_names_the_joint_and_its_marginals_after_the_formula(prose):
    definition = _block(prose, ":label: ch6-def-mutual-information")
    formula = definition.index("D\\!\\left(p_{XY} \\,\\|\\, p_X \\otimes p_Y\\right)")
    named = definition.index(
        "$$ where $p_{XY}$ is the joint distribution of $(X, Y)$ and $p_X$, $p_Y$ are its marginals. The sum runs")
    assert formula < named
    # the first sentence after the formula names them; nothing else comes between
    assert definition[formula:named].count("$$") == 0 and "\\end{aligned}" in definition[formula:named]


def test_pointwise_discussion_says_why_chapter_2_has_a_negative_value_and_the_dice_not(prose, first_and_sum):
    assert _flat(
        "(Chapter 2's negative example, $X = 2$ and $S \\ge 8$, pairs a value of $X$ with an event made of "
        "several sums, not with one value of $S$.)"
    ) in prose
    chapter2 = _flat(" ".join("".join(c["source"]) for c in _load("02_fair_dice.ipynb")["cells"]
                              if c["cell_type"] == "markdown"))
    assert "$X = 2$ and $S \\ge 8$: a low first die makes a high sum less likely" in chapter2
    assert "the pointwise mutual information is negative" in chapter2
    p_xs, (faces, sums) = first_and_sum.joint_table()
    assert faces == tuple(range(1, 7)) and sums == tuple(range(2, 13))
    product_of_margins = np.outer(p_xs.sum(axis=1), p_xs.sum(axis=0))
    possible = p_xs > 0
    # every possible pair (x, s) has pmi >= 0 ...
    assert np.all(np.log2(p_xs[possible] / product_of_margins[possible]) >= -1e-12)
    # ... but the event S >= 8, the five sums 8 to 12, has negative pmi with X = 2
    high = np.array(sums) >= 8
    assert high.sum() == 5
    assert math.log2(p_xs[1, high].sum() / (p_xs[1].sum() * p_xs[:, high].sum())) < 0


def test_processing_is_said_not_to_add_information_and_can_keep_all_of_it(prose):
    assert "$I(X; Z) \\le I(Y; Z)$: processing cannot add information about either end of the chain." in prose
    # equality is possible: Z a copy of Y loses nothing about either end
    rng = np.random.default_rng(6065)
    p_x, w = rng.dirichlet(np.ones(3)), rng.dirichlet(np.ones(4), size=3)
    p = p_x[:, None, None] * w[:, :, None] * np.eye(4)[None, :, :]  # X -> Y -> Z = Y
    assert il.mutual_information(p.sum(axis=1)) == pytest.approx(il.mutual_information(p.sum(axis=2)), abs=1e-12)
    assert il.mutual_information(p.sum(axis=0)) == pytest.approx(il.entropy(p.sum(axis=(0, 2))), abs=1e-12)


def test_channel_mixing_sentence_names_the_fixed_input_and_the_weighted_mixture(prose):
    paragraph = _block(prose, "The first part is why the capacity of", "mixtures of random")
    assert _flat(
        "The second says that, for a fixed input distribution, mixing two channels at random, unknown to the "
        "receiver, never carries more than the same mixture of what the two channels carry."
    ) in paragraph
    # with unequal weights the plain average is not the bound: the weighted mixture is
    mi = lambda p_x, w: il.mutual_information(p_x[:, None] * w)  # noqa: E731
    noiseless, useless = np.eye(2), np.full((2, 2), 0.5)
    p_x, lam = np.array([0.5, 0.5]), 0.9
    mixed = mi(p_x, lam * noiseless + (1 - lam) * useless)
    assert mixed <= lam * mi(p_x, noiseless) + (1 - lam) * mi(p_x, useless) + 1e-12
    assert mixed > (mi(p_x, noiseless) + mi(p_x, useless)) / 2


def test_bias_formula_says_why_it_is_quoted_and_where_the_sketch_is(prose):
    reason = _flat(
        "quotes without a full proof {cite:p}`miller1955note,panzeri1996analytical`. A full proof expands each "
        "plug-in entropy to second order about the true distribution and bounds the terms the expansion leaves "
        "out, which is beyond this course; the sketch after the box shows where the formula comes from."
    )
    assert reason in prose
    box = prose.index("```{admonition} Quoted result: the first-order bias of the plug-in estimate")
    assert prose.index(reason) < box < prose.index("Where it comes from: it combines the first-order biases")


def test_subadditivity_solution_says_exactly_when_the_lower_bound_is_reached(prose):
    solution = _block(prose, "```{solution-start} ch6-ex-subadditivity", "```{solution-end}")
    assert _flat(
        "The bound is reached exactly when the variable of larger entropy determines the other. Say "
        "$H(X) \\ge H(Y)$ (otherwise exchange the names; if the two are equal, either choice gives the same "
        "condition). Then the bound is $H(X)$, and $H(X, Y) = H(X)$ exactly when $H(Y \\mid X) = 0$"
    ) in solution
    rng = np.random.default_rng(6066)
    h = il.joint_entropy
    for _ in range(200):
        p_x = rng.dirichlet(np.ones(5))
        f = rng.integers(0, 3, 5)
        determined = np.zeros((5, 3))
        determined[np.arange(5), f] = p_x  # Y = f(X)
        assert h(determined) == pytest.approx(max(il.entropy(p_x), il.entropy(determined.sum(axis=0))), abs=1e-12)
        spread = rng.dirichlet(np.ones(15)).reshape(5, 3)  # neither determines the other
        assert h(spread) > max(il.entropy(spread.sum(axis=1)), il.entropy(spread.sum(axis=0))) + 1e-6
    # equal entropies: Y a function of X with H(Y) = H(X) is a relabelling, so X is a function of Y too
    relabelled = np.diag(p_x)[:, rng.permutation(5)]
    assert il.conditional_entropy(relabelled, given=1) == pytest.approx(0, abs=1e-12)


def test_summary_states_the_bias_for_values_of_positive_probability(prose):
    summary = prose[prose.index("## Summary") :]
    assert "For independent variables with $k_X$ and $k_Y$ values, all of positive probability, the plug-in" in summary
    # a value of probability 0 does not count: X on 3 values, one never seen, behaves as k_X = 2
    rng = np.random.default_rng(6067)
    n, repeats = 2_000, 400
    x = rng.choice(3, size=(repeats, n), p=[0.5, 0.5, 0.0])
    y = rng.integers(0, 6, (repeats, n))
    mean = np.mean([_plug_in(a, b, 3, 6) for a, b in zip(x, y)])
    assert mean == pytest.approx((2 - 1) * 5 / (2 * n * math.log(2)), rel=0.15)
    assert mean < 0.75 * (3 - 1) * 5 / (2 * n * math.log(2))


# --- the underflow of p(x) p(y), the remaining Fano condition, p(x | y, z), letters and wording ---


def _mi_bits_of_the_entries(table) -> float:
    """sum p log2(p / (p(x) p(y))) over the cells of positive probability, from the floats' exact values.

    Summed at 60 digits with mpmath, whose exponents do not underflow; the marginals are the sums of the
    table's own entries, as the chapter's function takes them.
    """
    import mpmath

    with mpmath.workdps(60):
        p = [[mpmath.mpf(float(v)) for v in row] for row in table]
        px = [mpmath.fsum(row) for row in p]
        py = [mpmath.fsum(column) for column in zip(*p)]
        return float(mpmath.fsum(v * mpmath.log(v / (px[i] * py[j]), 2)
                                 for i, row in enumerate(p) for j, v in enumerate(row) if v > 0))


def test_write_it_yourself_mutual_information_is_exact_where_the_product_of_marginals_underflows():
    import mpmath

    mi_bits = function(CHAPTER, "mi_bits")
    # the product of two marginals of 1e-200 is 0 in floating point: p / (p(x) p(y)) would be infinite
    assert 1e-200 * 1e-200 == 0.0
    assert np.sum([[1.0, 0.0], [0.0, 1e-200]]) == 1.0  # the table passes the solution's checks
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no NumPy warning may escape the reader's function
        for tiny in (1e-160, 1e-200, 1e-300):
            # X and Y determine each other: I(X; Y) is the entropy of the diagonal, -tiny log2 tiny here
            with mpmath.workdps(60):
                closed_form = float(-mpmath.mpf(tiny) * mpmath.log(mpmath.mpf(tiny), 2))
            value = mi_bits([[1.0, 0.0], [0.0, tiny]])
            assert math.isfinite(value) and value > 0
            assert value == pytest.approx(closed_form, rel=1e-12)
        for table in ([[1e-200, 1e-200], [1e-200, 1.0]],
                      [[0.5, 0.0, 0.0], [0.0, 0.5, 1e-170], [0.0, 1e-170, 1e-250]]):
            assert mi_bits(table) == pytest.approx(_mi_bits_of_the_entries(table), rel=1e-12)


def test_write_it_yourself_solution_says_why_every_logarithm_is_finite(notebook, prose):
    solution = _block(prose, "```{solution-start} ch6-ex-write-mi", "```{solution-end}")
    assert _flat(
        "over the cells with $p(x, y) > 0$ only: there both marginals are positive too, so every logarithm is "
        "of a positive number. Taking the logarithms of the cell and of each marginal separately also avoids "
        "forming a product $p(x) p(y)$, which could underflow to 0."
    ) in solution
    source = "".join(next(c["source"] for c in notebook["cells"]
                          if c["cell_type"] == "code" and "def mi_bits(" in "".join(c["source"])))
    assert "np.log2(cell) - np.log2(px[rows, 0]) - np.log2(py[0, cols])" in source
    assert "px[rows, 0] * py[0, cols]" not in source


def test_fano_gap_names_the_remaining_condition_as_the_equality_statement_lists_it(prose):
    statement = _block(prose, "(ch6-fano-equality)=", "({ref}`ch6-ex-fano-estimator`)")
    first = statement.index("an error is equally likely after every guess")
    second = statement.index("after an error (if $P_e > 0$) the true value is uniform on the other")
    third = statement.index("the guess keeps everything $Y$ says about $X$")
    assert first < second < third
    box = _block(prose, "```{admonition} Where the gap comes from (optional)")
    # the one that fails for most MAP guesses, not for all, is the second listed: named, not numbered
    assert "and the remaining one, that after an error the other faces are equally likely, fails for most" in box
    assert "the third" not in box


def test_chain_rule_induction_names_no_variable_of_the_theorem(prose):
    theorem = _block(prose, ":label: ch6-thm-chain-rules-n")
    assert "$X_1, \\ldots, X_n$ and $Y$" in theorem  # Y is a variable of the theorem
    proof = _block(prose, "```{prf:proof} Both by induction on $n$.")
    assert "the two-variable chain rule with $X^{n-1}$ as the first variable and $X_n$ as the second gives" in proof
    assert "$Y = X_n$" not in proof and "$X = X^{n-1}$" not in proof


def test_conditioning_on_an_event_defines_the_conditional_given_the_pair(prose):
    definition = _block(prose, ":label: ch6-def-conditioning-on-an-event")
    assert _flat(
        "where $p(x \\mid y, z) = p(x, y, z) / p(y, z)$ for $p(y, z) > 0$, and the sum runs over all pairs in "
        "$\\mathcal{X} \\times \\mathcal{Y}$, with $0 \\log 0 = 0$: a pair with $p(x, y \\mid z) = 0$ contributes "
        "nothing, which covers every $y$ with $p(y, z) = 0$, where $p(x \\mid y, z)$ is not defined."
    ) in definition
    assert definition.index("p(x \\mid y, z) = p(x, y, z) / p(y, z)") < definition.index("Exchanging")
    # with this p(x | y, z), averaging H(X | Y, Z = z) over z gives H(X | Y, Z) = H(X, Y, Z) - H(Y, Z)
    rng = np.random.default_rng(6068)
    for _ in range(50):
        p = rng.dirichlet(np.full(24, 0.5)).reshape(2, 3, 4)  # X, Y, Z
        p[rng.random(p.shape) < 0.3] = 0.0
        p[0, 0, 0] += 1.0 - p.sum()
        p_yz = p.sum(axis=0)
        average = 0.0
        for z in range(4):
            p_z = p[:, :, z].sum()
            if p_z == 0:
                continue
            given_yz = np.divide(p[:, :, z], p_yz[:, z], out=np.zeros((2, 3)), where=p_yz[:, z] > 0)
            cells = p[:, :, z] > 0
            average += p_z * -np.sum(p[:, :, z][cells] / p_z * np.log2(given_yz[cells]))
        assert average == pytest.approx(il.joint_entropy(p) - il.joint_entropy(p_yz), abs=1e-12)


def test_ties_note_exchanges_only_rows_a_shuffle_can_exchange(notebook, prose):
    note = _block(prose, "```{admonition} Ties and rounding (optional)")
    assert "the observed table with two rows of equal total exchanged (a shuffle keeps every row's total)" in note
    # the note comes before the weather data, so it names no feature of it
    assert prose.index("(ch6-ties-and-rounding)=") < prose.index("## Where it is used")
    mi_bits = function(CHAPTER, "mi_bits")
    rows = _weather_columns(notebook)
    columns = {name: [r[i] for r in rows] for i, name in enumerate(["outlook", "temperature", "humidity", "windy"])}
    columns["day number"] = list(range(1, 15))
    play = np.array([r[4] == "yes" for r in rows], dtype=int)
    rng = np.random.default_rng(6069)
    exchangeable = {}
    for name, values in columns.items():
        labels = sorted(set(values), key=str)
        x = np.array([labels.index(v) for v in values])
        observed = _contingency(x, play, len(labels), 2)
        totals = observed.sum(axis=1)
        for _ in range(200):  # a shuffle of the labels keeps every row's total
            assert np.array_equal(_contingency(x, rng.permutation(play), len(labels), 2).sum(axis=1), totals)
        # pairs of rows of equal total and different contents: exchanging them gives another table a
        # shuffle reaches, with the same value
        pairs = [(i, j) for i, j in itertools.combinations(range(len(labels)), 2)
                 if totals[i] == totals[j] and not np.array_equal(observed[i], observed[j])]
        exchangeable[name] = len(pairs)
        for i, j in pairs:
            exchanged = observed.copy()
            exchanged[[i, j]] = exchanged[[j, i]]
            assert mi_bits(exchanged / 14) == pytest.approx(mi_bits(observed / 14), abs=1e-12)
    # the day number's 14 rows each have total 1, so any "yes" day and any "no" day can change places
    assert exchangeable["day number"] == int(play.sum()) * int(14 - play.sum()) > 0
    assert exchangeable["outlook"] > 0 and exchangeable["humidity"] > 0
    assert exchangeable["windy"] == 0  # 8 windless and 6 windy days: no two rows of equal total


def test_k_hat_is_chapter_3s_m_hat_and_m_is_the_width_of_the_noise(prose):
    section = _block(prose, "## Mutual information from samples", "## Where it is used")
    assert "The Miller-Madow correction counts $\\hat K$ (chapter 3's $\\hat m$), the values observed" in section
    from chapter_text import load, prose as chapter_prose

    chapter_3 = chapter_prose(load("03_entropy.ipynb"))
    assert "where $\\hat m$ is the number of distinct values observed" in _block(chapter_3, ":label: ch3-def-estimators")
    # the width m of the Fano example, which the section tells its m from, is named so where it is introduced
    assert "The cell computes, for each width $m$," in prose
    assert "not the width $m$ of the added noise $V$ in the example of Fano's inequality" in section


def test_summary_says_what_a_permutation_test_checks(prose):
    summary = prose[prose.index("## Summary") :]
    assert "a {term}`permutation test` checks whether an estimate is larger than chance alone would make it" \
        in summary
    assert "real dependence" not in summary
    # the text's own example: a weak link is detected, but not by a wide margin
    assert "With 200 rolls, a link this weak is detected, but not by a wide margin." in prose


# --- a certain observation, a guess outside the alphabet, terms of weight 0, co-information's sign ---


def test_every_value_expected_many_times_is_almost_certainly_observed_not_certainly(prose):
    section = _block(prose, "## Mutual information from samples", "## Where it is used")
    assert _flat(
        "when every value is expected many times in the sample, all of them are almost certainly observed, and "
        "the two coincide to first order"
    ) in section
    # six equally likely values, each expected 100/6 times in 100 draws: some value is missed with a
    # probability that is positive, though below the union bound 6 (5/6)^100
    missed = sum((-1) ** (j + 1) * math.comb(6, j) * (1 - j / 6) ** 100 for j in range(1, 7))
    assert 0 < missed <= 6 * (5 / 6) ** 100 < 1e-7


def test_fano_equality_example_guess_takes_values_in_the_alphabet(prose):
    statement = _block(prose, "(ch6-fano-equality)=", "## ")
    assert _flat(
        "as when $Y$ itself takes values in $\\mathcal{X}$ and $\\hat X = Y$ "
        "(the symmetric channel of {ref}`ch6-ex-fano-estimator`)"
    ) in statement
    # the exercise's channel reports a face, and its guess is the reported face
    exercise = _block(prose, ":label: ch6-ex-fano-estimator")
    assert "symmetric channel that reports the true face" in exercise
    assert "the guess is the reported face" in exercise
    # the worked example just before: Y = X + V reaches 1 + m - 1 values above 6 for m > 1, outside the faces
    for m in range(2, 7):
        values = {x + v for x in range(1, 7) for v in range(m)}
        assert values - set(range(1, 7)) == set(range(7, 6 + m))


def test_fano_gap_box_says_once_that_the_guess_keeps_less_and_that_the_split_depends_on_ties(prose):
    box = _block(prose, "```{admonition} Where the gap comes from (optional)")
    assert box.count("for every MAP guess") == 1
    # "the guess keeping less than $Y$ does" names the cell's measure; the reason is given once, as
    # "keeps less information about $X$ than $Y$ does"
    assert box.count("less than $Y$ does") == 1 and box.count("keeps less information about $X$ than $Y$ does") == 1
    assert _flat(
        "So how the gap splits among the three inequalities of the proof depends on how ties are broken: how much "
        "a MAP guess keeps about $X$ depends on which of the tied faces it names, and the error probability does "
        "not see it."
    ) in box


def test_fano_proof_leaves_out_a_term_of_weight_0(prose):
    proof = _block(prose, "Let $E$ be the error indicator")
    assert _flat(
        "values of $E$ ({prf:ref}`ch6-thm-average-over-z`, with $E$ in the place of $Z$; a term of weight 0 is "
        "left out):"
    ) in proof
    # the cited theorem sums over the values of positive probability only
    assert "Here and below, a sum over $z$ runs over the values with $p(z) > 0$." in prose
    # a guess that is always right: P_e = 0, H(X | guess) = 0, and the bound holds with both sides 0
    table = np.diag(np.full(6, 1 / 6))
    left, h = _fano_terms(table)
    assert left == pytest.approx(0, abs=1e-12) and h == pytest.approx(0, abs=1e-12)


def test_markov_chain_definition_names_where_the_conditional_probabilities_are_defined(prose):
    definition = _block(prose, ":label: ch6-def-markov-chain")
    assert _flat(
        "if $p(x, y, z) = p(x)\\, p(y \\mid x)\\, p(z \\mid y)$ for all $x$, $y$ and $z$ with $p(x) > 0$ and "
        "$p(y) > 0$ (other triples have probability 0): $Z$ depends on $X$ only through $Y$."
    ) in definition
    # a chain with a value of X and a value of Y of probability 0: the factors are defined on the other
    # triples, give p there, and the triples left out have probability 0
    rng = np.random.default_rng(6071)
    for _ in range(20):
        p_x = np.append(rng.dirichlet(np.ones(2)), 0.0)
        y_given_x = np.zeros((3, 3))
        y_given_x[:, :2] = rng.dirichlet(np.ones(2), size=3)  # Y = 2 never occurs
        z_given_y = rng.dirichlet(np.ones(4), size=3)
        p = p_x[:, None, None] * y_given_x[:, :, None] * z_given_y[None, :, :]
        marginal_x, marginal_y = p.sum(axis=(1, 2)), p.sum(axis=(0, 2))
        assert marginal_x[2] == 0 and marginal_y[2] == 0
        defined = (marginal_x[:, None, None] > 0) & (marginal_y[None, :, None] > 0) & np.ones((1, 1, 4), bool)
        p_xy = p.sum(axis=2)
        p_y_given_x = p_xy / np.where(marginal_x > 0, marginal_x, 1)[:, None]
        p_z_given_y = p.sum(axis=0) / np.where(marginal_y > 0, marginal_y, 1)[:, None]
        factorised = marginal_x[:, None, None] * p_y_given_x[:, :, None] * p_z_given_y[None, :, :]
        assert np.allclose(factorised[defined], p[defined], atol=1e-15)
        assert np.all(p[~defined] == 0)
        assert il.conditional_mutual_information(p, x=0, y=2, given=1) == pytest.approx(0, abs=1e-12)


def test_glossary_co_information_compares_with_the_mutual_information_of_two_variables():
    glossary = (Path(__file__).resolve().parents[2] / "glossary.md").read_text(encoding="utf-8")
    entry = glossary[glossary.index("\nco-information\n") :].split("\n\n")[0]
    assert _flat("unlike the mutual information of two variables, it can be negative.") in _flat(entry)
    assert "unlike two-variable quantities" not in glossary
    # the entry just before it: the pointwise mutual information of two variables can be negative
    assert "\npointwise mutual information\n" in glossary
    assert il.pointwise_mutual_information(np.array([[0.1, 0.4], [0.4, 0.1]]))[0, 0] < 0


def test_fano_equality_for_a_map_guess_says_why_its_error_is_the_bound(prose):
    assert _flat(
        "The left side is strictly increasing in $P_e$ for $P_e \\le 1 - 1/|\\mathcal{X}|$ (its derivative, "
        "$\\log \\frac{(1 - P_e)(|\\mathcal{X}| - 1)}{P_e}$, is positive for $0 < P_e < 1 - 1/|\\mathcal{X}|$)"
    ) in prose
    assert "grows with $P_e$" not in prose
    assert _flat(
        "A MAP guess that meets all three errs with probability exactly the Fano bound "
        "({ref}`ch6-ex-fano-estimator`): its $P_e$ gives the left side the value $H(X \\mid Y)$, and a MAP guess "
        "is right with probability $\\sum_y \\max_x p(x, y) \\ge \\sum_y p(y) / |\\mathcal{X}| = 1/|\\mathcal{X}|$, "
        "so its $P_e \\le 1 - 1/|\\mathcal{X}|$, where the left side is strictly increasing: no smaller $P_e$ "
        "reaches $H(X \\mid Y)$."
    ) in prose


def test_fano_gap_box_says_at_once_that_it_is_about_m_6(prose):
    assert "The gap between the two lines has three causes" not in prose


def test_plug_in_entropies_are_named_before_they_are_used(prose):
    section = prose[prose.index("## Mutual information from samples") :]
    first = section.index("\\hat H")
    assert section[:first].endswith("Writing $")
    assert _flat(
        "Writing $\\hat H$ for an entropy or conditional entropy computed from the observed frequencies "
        "(chapter 3's plug-in estimate, {prf:ref}`ch3-def-estimators`), the plug-in estimate is "
        "$\\hat H(X) + \\hat H(Y) - \\hat H(X, Y)$"
    ) in section
    assert section.index("$\\hat H(X) - \\hat H(X \\mid Y)") > first


def test_convexity_proof_defines_the_output_distributions_it_mixes(prose):
    proof = _block(prose, ":label: ch6-thm-concavity", "The first part is why the capacity")
    assert _flat(
        "the output distributions $q_i(y) = \\sum_x p_X(x)\\, p_i(y \\mid x)$ and "
        "$q_\\lambda(y) = \\sum_x p_X(x)\\, p_\\lambda(y \\mid x)$ satisfy "
        "$q_\\lambda = \\lambda q_1 + (1 - \\lambda) q_2$"
    ) in proof
    assert "the mixture of the outputs $q_i$" not in proof


def test_non_negativity_theorem_is_not_called_the_information_inequality(prose):
    assert "```{prf:theorem} Non-negativity of mutual information :label: ch6-thm-nonnegative" in prose
    assert "information inequality" not in prose.lower()


def test_capacity_is_said_to_be_the_largest_mutual_information_once_before_its_definition(prose):
    assert "maximises it over $p_X$" not in prose
    before = prose[: prose.index("the **capacity** of the channel")]
    assert before.count("the largest $I(X; Y)$ over input distributions") == 1


def test_co_information_symmetry_sentence_reads_a_different_part_from(prose):
    assert "seems to play a different part from $X$ and $Y$" in prose
    assert "another part than" not in prose


# --- the pair in I(X; Y, Z), and what Fano's bound is about --------------------------------------


def test_mutual_information_with_a_pair_is_defined_apart_from_the_co_information(prose):
    root = Path(__file__).resolve().parents[2]
    chain = _flat(_block(prose, "### The chain rule for mutual information", ":label: ch6-thm-chain-rule-mi"))
    assert _flat(
        "We write $I(X; Y, Z)$ for $I(X; (Y, Z))$, the mutual information of $X$ and the pair $(Y, Z)$ taken as one "
        "variable, and likewise $I(X_1, \\ldots, X_n; Y)$; it is not the co-information $I(X; Y; Z)$ of "
        "{prf:ref}`ch6-def-co-information`."
    ) in chain
    assert prose.index(":label: ch6-def-co-information") < prose.index("We write $I(X; Y, Z)$")
    assert prose.index("We write $I(X; Y, Z)$") < prose.index("I(X; Y, Z) &= I(X; Z) + I(X; Y \\mid Z)")
    page = (root / "notation.md").read_text(encoding="utf-8")
    assert "| $I(X; Y, Z)$ | mutual information of $X$ and the pair $(Y, Z)$ taken as one variable" in page
    assert page.index("| $I(X; Y, Z)$ |") < page.index("| $I(X; Y; Z)$ |")


def test_fano_figure_text_says_the_bound_is_for_guesses_from_y(prose):
    assert "No guess has an error probability below the dashed line" not in prose
    assert "No guess of $X$ from $Y$ has an error probability below the dashed line" in prose


def test_the_explorables_zero_is_tied_to_the_theorem_that_proves_it_and_a_single_sample_is_not_a_prediction(prose):
    assert ("$I(X; Y)$ is 0 exactly when the table is a product of its margins (as {prf:ref}`ch6-thm-nonnegative` "
            "will show)") in prose
    assert prose.index("(as {prf:ref}`ch6-thm-nonnegative` will show)") < prose.index(":label: ch6-thm-nonnegative")
    assert "as the upward bias predicts" not in prose
    assert "as the upward bias leads one to expect." in prose
