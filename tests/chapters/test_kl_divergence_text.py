"""Chapter 5 (KL divergence): Gibbs is cited from chapter 3, the new theorems hold, Stein's lemma is shown truthfully."""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest
import scipy.stats

import infolib as il
from chapter_text import figure, stdout
from solutions import function

CHAPTER = "05_kl_divergence.ipynb"  # read by the notebook and prose fixtures (conftest.py)


def test_gibbs_is_cited_from_chapter_3_not_stated_again(prose):
    assert "{prf:theorem} Gibbs' inequality" not in prose
    assert prose.count("{prf:ref}`ch3-thm-gibbs`") >= 2


def test_divergence_history_credits_kullback_and_leibler_with_the_symmetric_sum(prose):
    # slip 7: KL's "divergence" was the symmetrised sum, not the one-sided quantity
    assert "which is why it is called a *divergence*" not in prose
    assert "reserved *divergence* for the symmetric sum" in prose
    assert '"mean information for discrimination"' in prose


def test_chapter_does_not_open_on_chapter_4s_example(notebook):
    code = "".join("".join(c["source"]) for c in notebook["cells"][:6] if c["cell_type"] == "code")
    spring = re.search(r"spring = il\.Distribution\(\{(.*?)\}\)", code, re.S).group(1)
    probs = sorted(eval(v) for v in re.findall(r":\s*([\d/]+)", spring))  # noqa: S307 - fractions typed in the chapter
    assert probs != sorted([1 / 2, 1 / 4, 1 / 8, 1 / 8])


def test_mail_example_prints_the_entropy_and_cross_entropy_of_its_distributions(notebook):
    out = stdout(notebook, "lengths_match = all(")
    spring = [1 / 2, 1 / 4, 1 / 8, 1 / 16, 1 / 16]
    winter = [1 / 4, 1 / 8, 1 / 16, 1 / 16, 1 / 2]
    assert f"H(p)              = {il.entropy(spring):.3f} bits" in out
    assert f"H_ce(p, q)         = {il.cross_entropy(spring, winter):.3f} bits" in out
    assert "every length equals -log2 of its probability: True" in out


@pytest.mark.parametrize("label", ["ch5-thm-merging", "ch5-thm-joint-convexity", "ch5-thm-pinsker"])
def test_new_theorems_are_proved(notebook, label):
    text = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    after = text[text.index(f":label: {label}") :]
    assert after[after.index("```{prf:") :].startswith("```{prf:proof}")


def test_joint_convexity_and_merging_hold_on_random_distributions():
    rng = np.random.default_rng(17)
    for _ in range(300):
        p1, p2, q1, q2 = rng.dirichlet(np.full(6, 0.7), size=4)
        lam = rng.uniform()
        left = il.kl_divergence(lam * p1 + (1 - lam) * p2, lam * q1 + (1 - lam) * q2)
        assert left <= lam * il.kl_divergence(p1, q1) + (1 - lam) * il.kl_divergence(p2, q2) + 1e-12
        merge = np.array([0, 0, 1, 1, 2, 2])
        pg, qg = np.bincount(merge, p1), np.bincount(merge, q1)
        assert il.kl_divergence(pg, qg) <= il.kl_divergence(p1, q1) + 1e-12


def test_pinsker_bound_holds_and_the_printed_example_matches():
    rng = np.random.default_rng(5)
    p, q = rng.dirichlet(np.ones(7), size=(2, 2000))
    tv = 0.5 * np.abs(p - q).sum(axis=1)
    assert (il.kl_divergence(p, q, base="nats") >= 2 * tv**2 - 1e-12).all()
    # two outcomes: the bound is tight to second order as q -> p
    a, b = 0.3, 0.3 + 1e-4
    assert il.kl_divergence([a, 1 - a], [b, 1 - b], base="nats") / (2 * (a - b) ** 2) == pytest.approx(
        1 / (4 * a * (1 - a)), rel=1e-3
    )
    # at a = 1/2 the constant 2 is reached: "the two sides agree to second order"
    a, b = 0.5, 0.5 + 1e-4
    assert il.kl_divergence([a, 1 - a], [b, 1 - b], base="nats") / (2 * (a - b) ** 2) == pytest.approx(1, rel=1e-3)


def test_pinsker_output(notebook):
    out = stdout(notebook, "tv = 0.5 * np.abs(fair_coin - coin_09).sum()")
    assert "total variation distance: 0.40" in out
    assert f"D(fair || coin 0.9) = {il.kl_divergence([0.5, 0.5], [0.9, 0.1], base='nats'):.4f} nats >= 2 delta^2 = 0.3200" in out


def _stein_beta(n, p=0.5, q=0.3, alpha=0.05):
    # the best non-randomised test at level alpha decides p when the number of heads reaches t
    t = max(k for k in range(n + 2) if scipy.stats.binom.cdf(k - 1, n, p) <= alpha)
    return scipy.stats.binom.sf(t - 1, n, q)


def test_stein_table_matches_independent_binomial_computation(notebook):
    cell = next(c for c in notebook["cells"] if "def threshold(n):" in "".join(c["source"]))
    out = "".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", "")) for o in cell["outputs"])
    d = il.kl_divergence([0.5, 0.5], [0.3, 0.7])
    assert f"D(p || q) = {d:.4f} bits per toss" in out
    rows = {int(m.group(1).replace(",", "")): m.groups() for m in re.finditer(r"^\s*([\d,]+)\s+([\d.e+-]+)\s+(\S+(?: simulated)?)\s+([\d.e+-]+)\s+([\d.]+)$", out, re.M)}
    assert set(rows) == {50, 100, 150, 200, 500, 1000}
    exponents = []
    for n, (_, exact, simulated, reference, exponent) in rows.items():
        beta = _stein_beta(n)
        assert float(exact) == pytest.approx(beta, rel=6e-3)
        assert float(reference) == pytest.approx(2.0 ** (-n * d), rel=6e-3)
        assert float(exponent) == pytest.approx(-math.log2(beta) / n, abs=1e-4)
        if simulated != "not simulated":
            # a million runs: the simulated frequency lies within 5 standard errors
            assert abs(float(simulated) - beta) <= 5 * math.sqrt(beta * (1 - beta) / 1e6) + 5e-8
        exponents.append((n, float(exponent)))
    values = [e for _, e in sorted(exponents)]
    assert values == sorted(values) and values[-1] < d  # rising towards D from below, as the text says


def test_stein_figure_alt_text_states_what_the_data_show(notebook):
    caption, alt = figure(notebook, "ch5-fig-stein")
    assert "falls exponentially in n" in caption and "D(p || q)" in caption
    assert "about 1e-30 at n = 1000" in alt and f"{_stein_beta(1000):.0e}" == "6e-31"
    assert "to about 1e-38" in alt and f"{2.0 ** (-1000 * il.kl_divergence([0.5, 0.5], [0.3, 0.7])):.0e}" == "1e-38"
    assert "from about 0.02 at n = 10 to about 0.10 at n = 1000" in alt
    assert round(-math.log2(_stein_beta(10)) / 10, 2) == 0.02 and round(-math.log2(_stein_beta(1000)) / 1000, 2) == 0.10
    assert "about 0.126" in alt


def test_proof_exercises_have_complete_folded_solutions(prose):
    for label in ["ch5-ex-chi-square", "ch5-ex-convex-in-q"]:
        assert f"```{{exercise}} :label: {label}" in prose
        assert f"```{{solution}} {label} :class: dropdown" in prose


def test_chi_square_upper_bound_of_the_exercise_holds():
    rng = np.random.default_rng(9)
    p, q = rng.dirichlet(np.ones(5), size=(2, 2000))
    chi2 = ((p - q) ** 2 / q).sum(axis=1)
    d = il.kl_divergence(p, q, base="nats")
    assert (d <= np.log1p(chi2) + 1e-12).all() and (np.log1p(chi2) <= chi2).all()


def test_write_it_yourself_kl_matches_infolib_with_zeros_in_either_argument():
    kl_bits = function(CHAPTER, "kl_bits")
    rng = np.random.default_rng(51)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(300):
            n = int(rng.integers(1, 10))
            p, q = rng.dirichlet(np.full(n, 0.4), size=2)
            p[rng.random(n) < 0.25] = 0.0
            q[rng.random(n) < 0.25] = 0.0
            p = p / p.sum() if p.sum() > 0 else np.eye(n)[0]
            q = q / q.sum() if q.sum() > 0 else np.eye(n)[-1]
            expected = il.kl_divergence(p, q)
            got = kl_bits(p, q)
            assert got == expected if math.isinf(expected) else got == pytest.approx(expected, abs=1e-12)
    for bad in (([0.5, 0.5], [1.0]), ([0.5, 0.6], [0.5, 0.5]), ([[1.0]], [[1.0]])):
        with pytest.raises(ValueError):
            kl_bits(*bad)
