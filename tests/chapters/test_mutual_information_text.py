"""Chapter 6 (mutual information): the claims its text, captions and alt texts make are true.

Each test recomputes, from the chapter's own seeds or from a closed form, the numbers a
sentence of the chapter states, and fails if the sentence and the data disagree. A few
sentences that were wrong, ambiguous or too general must not return.
"""

from __future__ import annotations

import math
import re
from itertools import product

import numpy as np
import pytest

import infolib as il
from chapter_text import flat as _flat, figure as _figure

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
        tests[name] = (observed, null, (1 + np.sum(null >= observed)) / 2_001)
    return {"sizes": sizes, "means": np.array(means), "formula": 25 / (2 * sizes * math.log(2)), "tests": tests}


# --- sentences that were wrong, ambiguous or too general ------------------------------


@pytest.mark.parametrize(
    "gone",
    [
        # attributed the co-information's sign to McGill; most authors write his
        # interaction information with the opposite sign
        "which {cite:t}`mcgill1954multivariate` introduced as the interaction information (some authors use the opposite sign)",
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
    ],
)
def test_corrected_sentence_does_not_return(prose, gone):
    assert _flat(gone) not in prose


def test_data_processing_proof_derives_conditional_independence(prose):
    assert "p(x, z \\mid y) = p(x \\mid y)\\, p(z \\mid y)" in prose


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
    assert (int(np.count_nonzero(p_xs)), p_xs.size) == (36, 66)
    assert "36 of the 66 cells" in prose


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
    assert "exceeds by 10 to 25 percent up to 100 pairs" in alt
    ratio = means[sizes <= 100] / formula[sizes <= 100]
    assert np.all((ratio > 1.10) & (ratio < 1.25)), ratio
    for name in ("independent", "linked"):
        observed, null, p_value = samples_figure["tests"][name]
        assert f"at {observed:.3f} bits for the {name} sample, p = {p_value:.3f}" in alt
        assert np.mean((null >= 0.04) & (null <= 0.16)) > 0.95  # "mostly between 0.04 and 0.16 bits"
    heights, edges = np.histogram(samples_figure["tests"]["independent"][1], bins=np.linspace(0, 0.3, 46))
    peak = edges[np.argmax(heights)] + (edges[1] - edges[0]) / 2
    assert abs(peak - 0.09) < 0.01  # "a peak near 0.09"


def test_hundred_pairs_estimate_exceeds_a_quarter_of_the_true_information(samples_figure, first_and_sum):
    p_xs, _ = first_and_sum.joint_table()
    at_100 = samples_figure["means"][list(samples_figure["sizes"]).index(100)]
    assert round(at_100, 1) == 0.2
    assert at_100 > il.mutual_information(p_xs) / 4


def test_bias_exercise_first_order_formula_falls_short_for_many_cells():
    rng = np.random.default_rng(7)
    n, repeats = 200, 300
    shortfall = {}
    for k in [2, 4, 8, 16]:
        mean = np.mean([_plug_in(rng.integers(0, k, n), rng.integers(0, k, n), k, k) for _ in range(repeats)])
        shortfall[k] = mean - (k - 1) ** 2 / (2 * n * math.log(2))
    assert shortfall[16] > shortfall[8] > 0.01


def test_noisy_report_is_processed_from_the_noiseless_one(first_and_sum, prose):
    p_xs, (_, s_values) = first_and_sum.joint_table()
    high = np.array([s >= 7 for s in s_values])
    p_x_high = np.stack([p_xs[:, ~high].sum(axis=1), p_xs[:, high].sum(axis=1)], axis=1)
    p_r_given_high = np.array([[0.9, 0.1], [0.1, 0.9]])  # rows: low, high; columns: report low, high
    p_x_high_r = p_x_high[:, :, None] * p_r_given_high[None, :, :]
    assert il.conditional_mutual_information(p_x_high_r, given=1) == pytest.approx(0.0, abs=1e-12)
    i_r = il.mutual_information(p_x_high_r.sum(axis=1))
    assert i_r < il.mutual_information(p_x_high) < il.mutual_information(p_xs)
    assert "$X \\to g(S) \\to R$ is a Markov chain too" in prose


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
