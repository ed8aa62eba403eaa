"""Chapter 5 (KL divergence): Gibbs is cited from chapter 3, the new theorems hold, Stein's lemma is shown truthfully."""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest
import scipy.stats

import infolib as il
from pathlib import Path

from chapter_text import CHAPTERS, block, figure, flat, load, stdout
from chapter_text import prose as chapter_prose
from solutions import function

CHAPTER = "05_kl_divergence.ipynb"  # read by the notebook and prose fixtures (conftest.py)


def test_gibbs_is_cited_from_chapter_3_not_stated_again(prose):
    assert "{prf:theorem} Gibbs' inequality" not in prose
    assert prose.count("{prf:ref}`ch3-thm-gibbs`") >= 2


def test_cross_entropy_bound_is_cited_from_chapter_4_not_stated_again(prose):
    # "A wrong model never helps" duplicated ch4-thm-bound
    assert "{prf:ref}`ch4-thm-bound`" in prose
    assert "ch5-thm-gibbs" not in prose and "{prf:theorem} A wrong model never helps" not in prose
    root = Path(__file__).resolve().parents[2]
    for path in [*root.glob("chapters/*.ipynb"), *root.glob("*.md")]:
        assert "ch5-thm-gibbs" not in path.read_text(encoding="utf-8"), path.name


def test_one_proof_of_gibbs_from_ln_t_le_t_minus_1_across_chapters_4_and_5(prose):
    ch4 = chapter_prose(load("04_cross_entropy.ipynb"))
    assert prose.count("with $t = q(x)/p(x)$") == 1 and "t = q(x)/p(x)" not in ch4


def test_second_proof_of_gibbs_names_chapter_2s_exercise_with_the_same_argument(prose):
    # chapter 2's exercise proves the two-outcome case with ln t <= t - 1 and says it is Gibbs' inequality
    ch2 = chapter_prose(load("02_fair_dice.ipynb"))
    assert ":label: ch2-ex-pmi-complement" in ch2 and "Gibbs" in ch2[ch2.index(":label: ch2-ex-pmi-complement"):]
    assert "Here is a second proof, the argument of {ref}`ch2-ex-pmi-complement` (chapter 2) for two outcomes" in flat(prose)


def test_exercises_are_referred_to_with_ref_as_sphinx_exercise_numbers_them():
    # {numref} is for figures here; an exercise is referred to with {ref}, as in every chapter
    exercise_labels = set()
    texts = []
    for path in sorted(CHAPTERS.glob("[0-9][0-9]_*.ipynb")):
        text = chapter_prose(load(path.name))
        exercise_labels |= set(re.findall(r"```\{exercise\}[^`]*?:label: ([\w-]+)", text))
        texts.append(text)
    assert "ch2-ex-pmi-complement" in exercise_labels
    numbered = {label for text in texts for label in re.findall(r"\{numref\}`(?:[^`<]*<)?([\w-]+)>?`", text)}
    assert not numbered & exercise_labels, sorted(numbered & exercise_labels)


def test_divergence_is_written_d_of_p_from_q(notebook, prose):
    # the notation page: D(p || q), not a mix of D_KL and D
    assert "D_{\\mathrm{KL}}" not in prose and "D_KL" not in prose
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("mystnb", {})
        assert "D_KL" not in str(meta) and "mathrm{KL}" not in str(meta)


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
    # four decimals: the exact values are 1.875, 2.5625 and 0.6875 bits
    assert f"H(p)               = {il.entropy(spring):.4f} bits" in out
    assert f"H_ce(p, q)         = {il.cross_entropy(spring, winter):.4f} bits" in out
    assert "H_ce(p, q) - H(p)  = 0.6875 bits" in out and "spring mail, winter code: 2.5625 bits" in out
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
    assert "falls exponentially in n" in caption and r"$D(p \,\|\, q)$" in caption
    assert "about 1e-30 at n = 1000" in alt and f"{_stein_beta(1000):.0e}" == "6e-31"
    assert "to about 1e-38" in alt and f"{2.0 ** (-1000 * il.kl_divergence([0.5, 0.5], [0.3, 0.7])):.0e}" == "1e-38"
    assert "from about 0.02 at n = 10 to about 0.10 at n = 1000" in alt
    assert round(-math.log2(_stein_beta(10)) / 10, 2) == 0.02 and round(-math.log2(_stein_beta(1000)) / 1000, 2) == 0.10
    assert "about 0.126" in alt


def test_proof_exercises_have_complete_folded_solutions(prose):
    for label in ["ch5-ex-chi-square", "ch5-ex-convex-in-q", "ch5-ex-neyman-pearson"]:
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


def test_stein_lemma_is_proved_with_achievability_and_converse(notebook):
    text = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    after = text[text.index(":label: ch5-thm-stein") :]
    proof = after[after.index("```{prf:") :]
    assert proof.startswith("```{prf:proof}")
    proof = proof[: proof.index("\n```\n", 5)]
    # the converse's chain is split over lines (aligned) to fit a phone: compare it without that layout
    proof = flat(re.sub(r"\\begin\{aligned\}|\\end\{aligned\}|&|\\\\", " ", proof))
    for part in ("*Achievability.*", "*Converse.*", "Chebyshev", "{prf:ref}`ch3-thm-aep`", "2^{-n(D - \\eta)}",
                 "\\beta_n = Q(B) \\ge Q(B \\cap T_n) \\ge 2^{-n(D + \\eta)}\\, P(B \\cap T_n) "
                 "\\ge 2^{-n(D + \\eta)} \\bigl(1 - \\varepsilon - o(1)\\bigr)"):
        assert part in proof, part


def test_neyman_pearson_region_beats_every_region_with_no_larger_alpha():
    # the exercise's claim, by brute force over every region of a five-point set
    rng = np.random.default_rng(12)
    for _ in range(50):
        P, Q = rng.dirichlet(np.ones(5), size=2)
        tau = rng.uniform(0.3, 3)
        A = P >= tau * Q
        alpha, beta = P[~A].sum(), Q[A].sum()
        for bits in range(32):
            B = np.array([(bits >> i) & 1 for i in range(5)], dtype=bool)
            if P[~B].sum() <= alpha + 1e-12:
                assert Q[B].sum() >= beta - 1e-12


def test_stein_figure_is_labelled_as_the_likelihood_ratio_test_an_upper_bound(notebook, prose):
    code = "".join(next(c for c in notebook["cells"] if "top.semilogy(n_exact, beta_exact" in "".join(c["source"]))["source"])
    assert 'label="likelihood-ratio test, exact"' in code and "best test" not in code
    caption, alt = figure(notebook, "ch5-fig-stein")
    assert "likelihood-ratio test" in caption and "likelihood-ratio test" in alt and "best test" not in caption + alt
    assert "its $\\beta_n$ is an upper bound on the best $\\beta_n^*$" in prose
    # the discrete test's actual alpha at n = 10 is far below 0.05
    t = max(k for k in range(12) if scipy.stats.binom.cdf(k - 1, 10, 0.5) <= 0.05)
    alpha10 = scipy.stats.binom.cdf(t - 1, 10, 0.5)
    assert alpha10 < 0.02
    assert f"alpha_n at n = 10: {alpha10:.4f}" in stdout(notebook, "def threshold(n):")


def test_total_variation_is_reached_at_the_event_p_ge_q(prose):
    assert "so the maximum over events is reached at $A$" in prose
    rng = np.random.default_rng(4)
    for _ in range(100):
        p, q = rng.dirichlet(np.ones(6), size=2)
        best = max(abs(sum(p[i] - q[i] for i in range(6) if (bits >> i) & 1)) for bits in range(64))
        assert best == pytest.approx(0.5 * np.abs(p - q).sum()) == pytest.approx((p - q)[p >= q].sum())


def test_joint_convexity_states_the_zero_times_infinity_convention(prose):
    assert "the convention $0 \\cdot \\infty = 0$" in prose


def test_convexity_remark_says_gaussians_are_not_a_convex_set(prose):
    assert "no spurious local minima: every local minimum is a global one" in prose
    assert "A mixture of two Gaussians is not a Gaussian" in prose
    assert "second, worse local minimum" not in prose and "other, worse local minima" in prose
    assert "show by an example" not in prose


def test_reverse_kl_local_minima_match_an_independent_grid_search(notebook):
    out = stdout(notebook, "is_local_min = np.all(")
    printed = [tuple(map(float, m)) for m in re.findall(r"mu = ([-\d.]+), sigma = ([\d.]+), D\(q \|\| p\) = ([\d.]+)", out)]
    x = np.linspace(-8, 8, 481)

    def normal(mu, sigma):
        w = np.exp(-0.5 * ((x - mu) / sigma) ** 2)
        return w / w.sum()

    target = 0.6 * normal(-2.0, 0.6) + 0.4 * normal(2.0, 0.6)
    mus = np.round(np.arange(-3.0, 3.0 + 1e-9, 0.05), 2)
    sigmas = np.round(np.arange(0.3, 3.5 + 1e-9, 0.05), 2)
    rev = np.array([[il.kl_divergence(normal(m, s), target) for s in sigmas] for m in mus])
    found = []
    for i in range(len(mus)):
        for j in range(len(sigmas)):
            around = [rev[a, b] for a in range(i - 1, i + 2) for b in range(j - 1, j + 2)
                      if (a, b) != (i, j) and 0 <= a < len(mus) and 0 <= b < len(sigmas)]
            if all(rev[i, j] < v for v in around):
                found.append((mus[i], sigmas[j], rev[i, j]))
    found.sort(key=lambda f: f[2])
    assert len(found) >= 3 and len(printed) == len(found)
    for (mu, sigma, d), (mu2, sigma2, d2) in zip(printed, found):
        assert (mu, sigma) == (mu2, sigma2) and d == pytest.approx(d2, abs=6e-4)
    # the global minimum on the heavier peak, one on the lighter peak, one broad Gaussian over both
    assert found[0][:2] == (-2.0, 0.6) and any(f[0] == 2.0 for f in found[1:]) and any(f[1] > 1.5 for f in found[1:])


def test_mail_table_shows_one_sixteenth_exactly(notebook):
    cell = next(c for c in notebook["cells"] if "spring_code = il.HuffmanCode" in "".join(c["source"]))
    table = "".join(cell["outputs"][0]["data"]["text/plain"])
    assert "0.0625" in table and "0.062 " not in table


def test_opening_is_a_brief_recap_of_chapter_4(notebook, prose):
    cells = notebook["cells"]
    end = next(i for i, c in enumerate(cells) if "## The definition" in "".join(c["source"]))
    assert sum(c["cell_type"] == "code" for c in cells[3:end]) <= 2
    assert "{doc}`04_cross_entropy` showed that coding data from $p$" in prose


def _markdown_cell(notebook, start: str) -> str:
    cells = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]
    found = [c for c in cells if c.startswith(start) or f"\n{start}" in c]
    assert len(found) == 1, start
    return found[0]


def test_delta_is_only_the_total_variation_distance(notebook):
    # the ratio deviation is r, Stein's slack is eta; delta(p, q) stays for total variation
    triangle = _markdown_cell(notebook, "### It breaks the triangle inequality")
    assert "\\delta" not in triangle and "$r = (p - q)/q$" in triangle
    stein = _markdown_cell(notebook, "```{prf:theorem} Stein's lemma")
    proof = stein[stein.index("```{prf:proof}"):]
    assert "\\delta" not in proof and "\\eta > 0$ is arbitrary" in proof
    # the expansion the text uses: p ln(p/q) = q[(1 + r) ln(1 + r) - r] + (p - q), bracket r^2/2 + O(r^3)
    p, q = 0.31, 0.3
    r = (p - q) / q
    assert p * math.log(p / q) == pytest.approx(q * ((1 + r) * math.log1p(r) - r) + (p - q))
    assert ((1 + r) * math.log1p(r) - r) / (r * r / 2) == pytest.approx(1, abs=r)


def test_notation_lists_total_variation_and_the_two_errors_of_a_test():
    notation = (Path(__file__).resolve().parents[2] / "notation.md").read_text(encoding="utf-8")
    assert "| $\\delta(p, q) = " in notation
    assert "| $\\alpha_n$, $\\beta_n$ |" in notation and "type I" in notation and "type II" in notation


def test_glossary_writes_the_divergence_as_notation_md_does():
    glossary = (Path(__file__).resolve().parents[2] / "glossary.md").read_text(encoding="utf-8")
    assert "D_{\\mathrm{KL}}" not in glossary and "D_KL" not in glossary
    assert "$D(p \\,\\|\\, m)$ and $D(q \\,\\|\\, m)$" in glossary


def test_random_models_are_a_check_of_the_likelihood_theorem_not_its_proof(prose):
    assert "To see that no other model does better" not in prose
    assert "As a check of the theorem, none of 100,000 random models does better." in prose


def test_convexity_in_the_first_argument_uses_fresh_letters(prose):
    solution = block(prose, "{solution} ch5-ex-convex-in-q")
    assert "D(\\lambda r_1 + (1 - \\lambda) r_2 \\,\\|\\, p) \\le \\lambda D(r_1 \\,\\|\\, p)" in solution
    assert "q_1 = q_2 = q" not in solution
    rng = np.random.default_rng(5)
    for _ in range(200):
        r1, r2, p = rng.dirichlet(np.ones(4), size=3)
        lam = rng.uniform()
        assert il.kl_divergence(lam * r1 + (1 - lam) * r2, p) <= (
            lam * il.kl_divergence(r1, p) + (1 - lam) * il.kl_divergence(r2, p) + 1e-12)


def test_pinsker_proof_covers_a_coin_equal_to_a_certain_one(prose):
    assert "if $b = a \\in \\{0, 1\\}$ both sides are 0" in prose
    for a in (0.0, 1.0):
        coin = [a, 1 - a]
        assert il.kl_divergence(coin, coin, base="nats") == 0.0
        assert 0.5 * np.abs(np.subtract(coin, coin)).sum() == 0.0


def test_stein_is_stated_for_every_epsilon_below_1_which_the_proof_covers(prose):
    statement = block(prose, ":label: ch5-thm-stein")
    start = prose.index(":label: ch5-thm-stein")
    assert "Fix $0 < \\varepsilon < 1$" in statement
    assert "Cover and Thomas state the lemma for $\\varepsilon < \\frac12$" in prose
    # the converse needs 1 - epsilon > 0, and nothing in the proof needs more
    proof = prose[prose.index("```{prf:proof}", start): prose.index("(Theorem 11.8.3", start)]
    assert "1 - \\varepsilon - o(1)" in proof and "\\frac12" not in proof


def test_stein_proof_defines_the_probabilities_of_sets_of_sequences_it_uses(notebook):
    proof = _markdown_cell(notebook, "```{prf:theorem} Stein's lemma")
    proof = flat(proof[proof.index("```{prf:proof}") :])
    definition = (
        r"for a set $B$ of sequences $P(B) = \sum_{x^n \in B} p(x^n)$ and $Q(B) = \sum_{x^n \in B} q(x^n)$"
    )
    assert definition in proof and "product distributions $p^n$ and $q^n$" in proof
    # the definition comes before the first use of P(.) or Q(.)
    assert proof.index(definition) < min(proof.index("$P(\\{x^n"), proof.index("Q(B) &\\ge"))


def test_forward_kl_moment_matching_is_proved_where_it_is_claimed(notebook, prose):
    assert "as {cite:t}`bishop2006pattern` shows in Section 10.7" not in prose
    text = _markdown_cell(notebook, ":label: ch5-thm-moment-matching")
    after = text[text.index(":label: ch5-thm-moment-matching") :]
    assert after[after.index("```{prf:") :].startswith("```{prf:proof}")
    assert "positive semidefinite" in after and r"\mathbb{E}_{q_\theta}[T_i] - \mathbb{E}_p[T_i] = 0" in after


def test_forward_kl_over_the_grid_family_is_least_where_the_moments_match():
    # the theorem's claim, checked independently: Newton's method on the moment equations, then D is
    # no smaller at any nearby theta
    x = np.linspace(-8, 8, 481)
    rng = np.random.default_rng(17)
    for _ in range(5):
        centres = rng.uniform(-3, 3, 2)
        p = 0.5 * np.exp(-0.5 * ((x - centres[0]) / 0.7) ** 2) + 0.5 * np.exp(-0.5 * ((x - centres[1]) / 1.1) ** 2)
        p /= p.sum()
        T = np.stack([x, x**2])
        target = T @ p
        mu, var = target[0], target[1] - target[0] ** 2
        theta = np.array([mu / var, -0.5 / var])  # the continuous Gaussian's parameters, a close start
        for _ in range(50):
            w = np.exp(theta @ T - (theta @ T).max())
            q = w / w.sum()
            mean = T @ q
            cov = (T * q) @ T.T - np.outer(mean, mean)
            theta = theta - np.linalg.solve(cov, mean - target)
        w = np.exp(theta @ T - (theta @ T).max())
        q = w / w.sum()
        assert T @ q == pytest.approx(target, rel=1e-9)
        best = il.kl_divergence(p, q)
        for step in rng.normal(scale=1e-3, size=(20, 2)):
            w = np.exp((theta + step) @ T - ((theta + step) @ T).max())
            assert il.kl_divergence(p, w / w.sum()) >= best - 1e-12


def test_the_divergence_is_defined_once_in_chapter_3_and_recalled_here(prose):
    ch3 = chapter_prose(load("03_entropy.ipynb"))
    ch4 = chapter_prose(load("04_cross_entropy.ipynb"))
    # the formal definition sits with Gibbs' inequality, which uses it; this chapter recalls it in one sentence
    assert ch3.count("```{prf:definition} Kullback-Leibler divergence :label: ch3-def-divergence") == 1
    assert "**Kullback-Leibler divergence**" in ch3
    for text in (prose, ch4):
        assert "{prf:definition} Kullback-Leibler divergence" not in text
        assert "**Kullback-Leibler divergence**" not in text
    assert ("gives the Kullback-Leibler divergence of {prf:ref}`ch3-def-divergence`, "
            "$D(p \\,\\|\\, q) = \\sum_x p(x) \\log \\frac{p(x)}{q(x)}$") in prose
    # no chapter, glossary or reference page points to the old label
    root = Path(__file__).resolve().parents[2]
    pages = [*root.glob("chapters/*.ipynb"), *(root / name for name in ("glossary.md", "notation.md", "sources.md"))]
    assert [p.name for p in pages if "ch5-def-kl" in p.read_text(encoding="utf-8")] == []
    # chapter 4 names the identity H_ce = H + D; it does not write out D again
    assert r"D(p \,\|\, q) = \sum" not in ch4
    statement = block(ch4, ":label: ch4-thm-decomposition", "```{prf:proof}")
    assert r"H_{\mathrm{ce}}(p, q) = H(p) + D(p \,\|\, q), $$ where both sides are finite or both are $+\infty$." in statement


def test_the_infinite_divergence_is_explained_once_and_referred_back_to(notebook, prose):
    # in full in its own section; chapter 4's decomposition and this chapter's recap of it do not repeat it
    assert "(ch5-infinite)= ### When the divergence is infinite" in prose
    assert "like the code of {ref}`ch4-ex-support`" in prose
    # the decomposition is chapter 4's: one sentence here cites it, with no section restating it
    assert "## Cross-entropy is entropy plus divergence" not in prose
    assert prose.count("{prf:ref}`ch4-thm-decomposition`") == 2  # the Gibbs section and maximum likelihood
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert "H(fair) + D(fair || five-sided)" not in code
    ch4 = chapter_prose(load("04_cross_entropy.ipynb"))
    assert "where both sides are $+\\infty$ if $q(x) = 0 < p(x)$" not in ch4


def test_gibbs_is_recalled_once_before_its_second_proof(prose):
    start = prose.index("## Gibbs' inequality: a wrong model never helps")
    recall = prose[start : prose.index("Here is a second proof", start)]
    assert "worth a second proof" not in prose
    assert recall.count("ch3-thm-gibbs") == 1 and recall.count("ch4-thm-decomposition") == 1
    assert recall.count("ch4-thm-bound") == 1
    assert "D(p \\,\\|\\, q) \\ge 0" not in recall and "H_{\\mathrm{ce}}(p, q) \\ge H(p)" not in recall


def test_the_fit_with_worse_local_minima_is_named_the_reverse_kl_one(prose):
    assert "the Gaussian fits of the variational-inference section below do have worse local minima" not in prose
    assert "the reverse-KL Gaussian fit of the variational-inference section below does have worse local minima" in prose


def test_summary_points_to_the_sources_page_without_naming_unknown_documents(prose):
    assert "source documents" not in prose
    summary = prose[prose.index("## Summary") :]
    assert "Where popular sources differ from this chapter about the divergence, see {doc}`../sources`." in summary
    assert prose.count("{doc}`../sources`") == 1
