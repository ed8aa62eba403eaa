"""Chapter 3 (entropy): the foundations are proved before they are used, and corrected slips stay corrected."""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest

import infolib as il
from chapter_text import block, flat, load, prose, stdout
from solutions import function

CHAPTER = "03_entropy.ipynb"  # read by the notebook and prose fixtures (conftest.py)


def _markdown(notebook) -> str:
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")


def test_jensen_log_sum_and_gibbs_are_proved_in_order_before_the_source_coding_theorem(notebook):
    text = _markdown(notebook)
    order = [
        ":label: ch3-thm-jensen",  # before the proof of the bounds on entropy, which uses it
        ":label: ch3-thm-log-sum",
        ":label: ch3-thm-gibbs",
        ":label: ch3-thm-source-coding",
    ]
    positions = [text.index(label) for label in order]
    assert positions == sorted(positions)
    # each of the new theorems is followed by its proof, before any other directive of sphinx-proof
    for label in ["ch3-thm-jensen", "ch3-thm-log-sum", "ch3-thm-gibbs", "ch3-thm-concave", "ch3-thm-grouping", "ch3-thm-function"]:
        after = text[text.index(f":label: {label}") :]
        assert after[after.index("```{prf:") :].startswith("```{prf:proof}"), label
    # the source coding bound cites Gibbs' inequality of this chapter, not chapter 5's
    coding = block(text, ":label: ch3-thm-source-coding", ":label: ch3-thm-huffman")
    assert "{prf:ref}`ch3-thm-gibbs`" in coding and "ch5-thm-gibbs" not in coding


def test_properties_of_entropy_are_stated_as_proved(prose):
    assert "H\\big(g(X)\\big) \\le H(X)" in prose and "one-to-one on the support" in prose
    assert "H(p_\\lambda) \\ge \\lambda H(p) + (1 - \\lambda) H(q), \\quad p_\\lambda = \\lambda p + (1 - \\lambda) q" in prose


def test_grouping_rule_as_stated_holds_for_random_distributions():
    # H(p) = H(P_1, ..., P_k) + sum_j P_j H(p | A_j), for random p and random groups
    rng = np.random.default_rng(3)
    for _ in range(200):
        n = int(rng.integers(2, 9))
        p = rng.dirichlet(np.full(n, 0.5))
        groups = rng.integers(0, 3, size=n)
        total = 0.0
        sizes = []
        for g in np.unique(groups):
            mass = p[groups == g].sum()
            sizes.append(mass)
            total += mass * il.entropy(p[groups == g] / mass)
        assert il.entropy(p) == pytest.approx(il.entropy(np.array(sizes)) + total, abs=1e-12)


def test_miller_madow_correction_is_stated_in_nats_and_converted_for_bits(prose):
    # slip 3: (m - 1)/(2N) is in nats and must not be added to an estimate in bits
    assert "\\hat H + \\frac{\\hat m - 1}{2N} \\ \\text{nats}" not in prose
    assert "the correction is $\\frac{\\hat m - 1}{2N \\ln 2}$ bits" in prose
    counts = [3, 0, 2, 1, 4, 0]
    n_seen, n = 4, sum(counts)
    assert il.miller_madow_entropy(counts) == pytest.approx(il.plugin_entropy(counts) + (n_seen - 1) / (2 * n * math.log(2)))


def test_typical_sequence_probability_is_stated_within_a_factor_two_to_the_n_epsilon(prose):
    # slip 6: "close to 2^(-nH)" only within a factor 2^(+-n eps)
    assert "each typical sequence has probability close to $2^{-nH}$." not in prose
    assert "each typical sequence has probability within a factor $2^{\\pm n \\varepsilon}$ of $2^{-nH}$" in prose
    assert "has probability within a factor $2^{\\pm n \\varepsilon}$ of $2^{-nH}$, for any fixed" in prose


def test_estimators_and_the_long_text_are_optional(prose):
    assert "## Entropy from samples (optional)" in prose
    assert "### Compressing a real text (optional)" in prose
    # the opening no longer promises the optional material as a main-line outcome
    assert "Miller-Madow correction removes most of that bias" not in prose


def test_no_cell_checks_that_the_two_forms_of_the_definition_agree(notebook):
    # the expectation form and the sum form are one sum written twice: no cell re-checks it
    code = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert "expectation = float(np.dot(d.probs, il.information(d.probs)))" not in code


def test_proof_exercises_have_complete_folded_solutions(prose):
    for label in ["ch3-ex-gibbs-bound", "ch3-ex-mixture"]:
        assert f"```{{exercise}} :label: {label}" in prose
        assert f"```{{solution}} {label} :class: dropdown" in prose


def test_mixture_bound_of_the_exercise_holds_and_is_tight_for_disjoint_supports():
    rng = np.random.default_rng(8)
    for _ in range(200):
        p, q = rng.dirichlet(np.ones(5), size=2)
        lam = rng.uniform()
        mix = lam * p + (1 - lam) * q
        upper = lam * il.entropy(p) + (1 - lam) * il.entropy(q) + il.binary_entropy(lam)
        assert lam * il.entropy(p) + (1 - lam) * il.entropy(q) - 1e-12 <= il.entropy(mix) <= upper + 1e-12
    p, q, lam = np.array([0.3, 0.7, 0, 0]), np.array([0, 0, 0.5, 0.5]), 0.25
    assert il.entropy(lam * p + (1 - lam) * q) == pytest.approx(
        lam * il.entropy(p) + (1 - lam) * il.entropy(q) + il.binary_entropy(lam), abs=1e-12
    )


def test_write_it_yourself_entropy_matches_infolib_on_random_inputs_with_zeros():
    entropy_bits = function(CHAPTER, "entropy_bits")
    rng = np.random.default_rng(2024)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no NumPy warning may escape the reader's function
        for _ in range(300):
            n = int(rng.integers(1, 12))
            p = rng.dirichlet(np.full(n, 0.3))
            p[rng.random(n) < 0.3] = 0.0
            if p.sum() == 0:
                p[0] = 1.0
            p = p / p.sum()
            assert entropy_bits(p) == pytest.approx(il.entropy(p), abs=1e-12)
        assert entropy_bits([1.0, 0.0]) == 0.0
    for bad in ([0.5, 0.6], [-0.1, 1.1], [[0.5, 0.5]], [], [np.nan, 1.0]):
        with pytest.raises(ValueError):
            entropy_bits(bad)


def test_write_it_yourself_output_agrees_with_infolib(notebook):
    out = stdout(notebook, "def entropy_bits(")
    mine, lib = re.findall(r"entropy_bits: ([\d.]+) bits\nil.entropy: +([\d.]+) bits", out)[0]
    assert mine == lib == f"{il.entropy([0.5, 0.25, 0.25, 0.0]):.6f}"
    assert "ValueError: p must sum to 1" in out


def test_opening_names_prerequisites_and_time(prose):
    assert "**Prerequisites:** {doc}`01_information_content`" in prose
    assert re.search(r"\*\*Time:\*\* about \d+ minutes of reading", prose)
    assert flat("Notes on the sources") not in prose


def test_bounds_proof_is_headed_as_the_proof_of_the_bounds_not_a_second_proof_of_jensen():
    text = prose(load(CHAPTER))
    jensen_end = text.index(":label: ch3-thm-jensen")
    heading = text.index("**Proof of {prf:ref}`ch3-thm-bounds`**", jensen_end)
    assert text.index("*Lower bound.* Each term $-p \\log p$") > heading


def test_plugin_bias_proof_applies_scalar_jensen_to_each_coordinate():
    text = prose(load(CHAPTER))
    proof = block(text, ":label: ch3-thm-plugin-bias", "A more careful expansion")
    assert "Jensen's inequality for the concave $H$" not in proof
    assert "\\mathbb{E}[\\varphi(\\hat p(x))] \\le \\varphi(p(x))" in proof
    assert "Summing over $x$" in proof


def test_log_sum_proof_does_not_use_b_for_both_the_sum_and_the_base():
    text = prose(load(CHAPTER))
    proof = block(text, ":label: ch3-thm-log-sum", ":label: ch3-thm-gibbs")
    assert "\\ln b" not in proof and "\\frac{1}{t \\ln 2}" in proof


def test_bounds_figure_is_described_as_bars():
    assert "the clouds fill the band" not in prose(load(CHAPTER))


def test_mcmillan_is_in_an_optional_section_and_the_aep_stays_for_chapter_5():
    text = "\n".join("".join(c["source"]) for c in load(CHAPTER)["cells"] if c["cell_type"] == "markdown")
    theorem = text.index(":label: ch3-thm-mcmillan")
    section = text.rindex("\n## ", 0, theorem), text.rindex("\n### ", 0, theorem)
    assert text[max(section):].split("\n")[1].endswith("(optional)")
    aep = text.index(":label: ch3-thm-aep")
    assert not text[text.rindex("\n### ", 0, aep):].split("\n")[1].endswith("(optional)")


def test_kraft_construction_exercise_builds_a_prefix_code_for_lengths_1_2_3_3():
    notebook = load(CHAPTER)
    out = stdout(notebook, "def kraft_code(")
    assert "codewords: ['0', '10', '110', '111']" in out
    assert "Kraft sum: 1.0" in out and "prefix-free: True" in out


def test_information_content_as_a_random_variable_is_on_the_notation_page():
    from pathlib import Path
    notation = (Path(__file__).resolve().parents[2] / "notation.md").read_text(encoding="utf-8")
    assert "| $I(X)$ |" in notation
    text = prose(load(CHAPTER))
    assert "itself a random variable, whose mean is the entropy" in text
    assert "the mutual information $I(X; Y)$ of later chapters has two" in text


def test_write_it_yourself_error_prints_a_plain_number():
    assert "np.float64" not in stdout(load(CHAPTER), "def entropy_bits(")


def test_figure_legends_typeset_binary_entropy():
    sources = "".join("".join(c["source"]) for c in load(CHAPTER)["cells"] if c["cell_type"] == "code")
    assert 'label="H_b(p)"' not in sources and "H_b(0.1)\")" not in sources
    assert "$H_{\\mathrm{b}}(p)$" in sources


def test_this_chapters_loaded_die_is_told_apart_from_chapter_2s():
    assert "It is not the top-heavy die of {doc}`02_fair_dice`" in prose(load(CHAPTER))


def test_source_coding_theorem_is_proved_from_shannon_lengths_before_the_optional_results_it_cites(notebook):
    text = _markdown(notebook)
    theorem = block(text, ":label: ch3-thm-source-coding", "Two results of the optional sections")
    # the theorem and its proof use neither Huffman's optimality nor McMillan's theorem, both proved later
    assert "ch3-thm-huffman" not in theorem and "ch3-thm-mcmillan" not in theorem
    assert "\\ell(x) = \\lceil -\\log_2 p(x) \\rceil" in theorem and "H(X) \\le L^* < H(X) + 1" in theorem
    # where they are cited, the text says they are proved in the optional sections
    after = text[text.index("Two results of the optional sections") :]
    assert "({prf:ref}`ch3-thm-huffman`, proved in the optional section {ref}`ch3-huffman-optimal`)" in after
    assert "({prf:ref}`ch3-thm-mcmillan`, proved in the optional section {ref}`ch3-mcmillan`)" in after
    assert text.index(":label: ch3-thm-source-coding") < text.index(":label: ch3-thm-mcmillan")


def test_shannon_code_lengths_satisfy_kraft_and_come_within_one_bit_of_the_entropy():
    rng = np.random.default_rng(13)
    for _ in range(300):
        p = rng.dirichlet(np.full(int(rng.integers(2, 12)), 0.3))
        p = p[p > 1e-12] / p[p > 1e-12].sum()
        if len(p) < 2:
            continue
        lengths = np.ceil(-np.log2(p))
        assert lengths.min() >= 1 and np.sum(2.0 ** -lengths) <= 1 + 1e-12
        h = il.entropy(p)
        assert h - 1e-12 <= float(p @ lengths) < h + 1
        # the Huffman code is no longer, and no prefix code is shorter than the entropy
        huffman = il.HuffmanCode.from_distribution(il.Distribution(dict(enumerate(p))))
        assert h - 1e-9 <= huffman.average_length <= float(p @ lengths) + 1e-9


def test_additivity_of_entropy_is_a_lemma_proved_before_block_coding_uses_it(notebook):
    text = _markdown(notebook)
    lemma = text.index(":label: ch3-lem-additive")
    after = text[lemma:]
    assert after[after.index("```{prf:") :].startswith("```{prf:proof}")
    assert lemma < text.index("Group $k$ tosses into one symbol") < text.index(":label: ch3-ex-product")
    # the exercise is no longer the lemma itself
    assert "k\\,H(X)" in block(text, ":label: ch3-ex-product")


def test_entropies_of_independent_variables_add_for_random_distributions():
    rng = np.random.default_rng(7)
    for _ in range(50):
        p = il.Distribution(dict(enumerate(rng.dirichlet(np.ones(int(rng.integers(2, 6)))))))
        q = il.Distribution(dict(enumerate(rng.dirichlet(np.ones(int(rng.integers(2, 6)))))))
        assert p.product(q).entropy() == pytest.approx(p.entropy() + q.entropy(), abs=1e-12)


def test_grouping_is_not_said_to_single_out_entropy_on_its_own(prose):
    assert "Grouping alone does not." in prose
    assert "together with continuity in the probabilities and growth with $n$ for uniform distributions" in prose


def test_concavity_of_minus_t_log_t_is_argued_on_the_open_interval_then_by_continuity(notebook):
    text = _markdown(notebook)
    assert "and so is $t \\mapsto -t \\log t$ on $[0, 1]$." not in text
    assert "and so is $t \\mapsto -t \\log t$ on $(0, 1]$" in text


def test_mixture_and_mcmillan_kraft_sum_do_not_reuse_m_and_s(notebook):
    text = _markdown(notebook)
    assert "Let $m = \\lambda p" not in text and "p_\\lambda = \\lambda p + (1 - \\lambda) q" in text
    mcmillan = block(text, ":label: ch3-thm-mcmillan", "(ch3-huffman-optimal)=")
    assert "Let $K = \\sum_x 2^{-\\ell(x)}$" in mcmillan and "$S" not in mcmillan
    # n changes from the number of values to the length of a sequence, and the text says so
    assert "From here on $n$ is the length of a sequence" in text


def test_alice_table_writes_every_total_in_whole_bits_with_thousands_separators(notebook):
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "code" and "total bits" in "".join(c["source"]))
    shown = "".join("".join(o.get("data", {}).get("text/plain", "")) for o in cell["outputs"])
    totals = [line.split()[-1] for line in shown.splitlines()[2:]]
    assert len(totals) == 3 and all(re.fullmatch(r"\d{1,3}(,\d{3})*", t) for t in totals), totals
    # the entropy total is below the Huffman total, which is below ASCII's
    values = [int(t.replace(",", "")) for t in totals]
    assert values[2] <= values[1] < values[0]


def test_links_inside_a_sentence_read_as_chapter_numbers_not_titles():
    # a bare {doc} link renders as the page's title: "the divergence of Kullback-Leibler divergence"
    text = "\n".join("".join(c["source"]) for c in load("03_entropy.ipynb")["cells"] if c["cell_type"] == "markdown")
    assert "the divergence of {doc}`05_kl_divergence`" not in text
    assert "the divergence of {doc}`chapter 5 <05_kl_divergence>`" in text


def _main_line(notebook) -> str:
    """Chapter 3's markdown without its optional sections (a heading ending "(optional)" up to the next heading)."""
    kept, skipping, level = [], False, 0
    for line in _markdown(notebook).splitlines():
        heading = re.match(r"(#+) ", line)
        if heading and (not skipping or len(heading.group(1)) <= level):
            skipping, level = line.rstrip().endswith("(optional)"), len(heading.group(1))
        if not skipping:
            kept.append(line)
    return flat("\n".join(kept))


def test_main_line_coding_bounds_are_proved_for_the_shannon_code_and_cite_huffmans_optimality(notebook):
    main = _main_line(notebook)
    assert "### Why Huffman's code is optimal" not in main and "## Exercises" in main and "## Summary" in main
    # every sentence of the main line that gives the Huffman code the bound H <= L < H + 1 (or H + 1/k) cites the
    # optional proof of its optimality
    for sentence in re.split(r"(?<=[.;])\s", main):
        if re.search(r"Huffman('s)? code\b", sentence) and re.search(r"H\(X\) \+ 1|H \+ 1|kH \+ 1|within one bit|same band|never longer", sentence):
            assert "ch3-thm-huffman" in sentence or "(optional proof)" in sentence, sentence
    # the table checks the proved bounds on the Shannon code, and Huffman's code against it
    table = "".join(
        "".join(o.get("data", {}).get("text/plain", "")) for c in notebook["cells"] if "def shannon_length(" in "".join(c["source"]) for o in c["outputs"]
    )
    assert "Shannon L_S  Huffman L_H  H <= L_S < H + 1  H <= L_H <= L_S" in table
    rows = [line.split() for line in table.splitlines()[2:]]
    assert len(rows) == 6 and all(r[-2:] == ["True", "True"] for r in rows)
    for r in rows:  # the printed values meet the bounds they are checked against
        h, l_s, l_h = (float(v) for v in r[-5:-2])
        assert h <= l_h <= l_s < h + 1
    # the block bound is the source coding theorem applied to the Shannon code for the blocks
    assert "so by {prf:ref}`ch3-thm-source-coding` the Shannon code for the blocks has $k H \\le L_k < kH + 1$" in main
    assert "the theorem with Huffman's code gives" not in main
    # the dyadic exercise's code is the Shannon code; McMillan's theorem is cited as optional
    dyadic = block(main, "```{solution} ch3-ex-dyadic", "```{exercise}")
    assert "it is the Shannon code" in dyadic and "the Huffman code for the letter bag is one" not in dyadic
    assert "({prf:ref}`ch3-thm-mcmillan`, proved in the optional section {ref}`ch3-mcmillan`)" in dyadic
    summary = main[main.index("## Summary") :]
    assert "give a prefix code with $H \\le L < H + 1$, and the Huffman code, the best prefix code (optional proof), is never longer" in summary


def test_strict_concavity_at_zero_is_proved_directly_not_as_a_limit_of_strict_inequalities(prose):
    # a limit of strict inequalities is only a non-strict one: the chord with an end at 0 is computed
    assert "a limit of chords inside" not in prose
    concave = (r"\varphi\big((1 - \lambda) b\big) = (1 - \lambda)\, \varphi(b) - (1 - \lambda)\, b \log (1 - \lambda)"
               r" > (1 - \lambda)\, \varphi(b) = \lambda \varphi(0) + (1 - \lambda)\, \varphi(b)")
    convex = (r"\varphi\big((1 - \lambda) b\big) = (1 - \lambda)\, \varphi(b) + (1 - \lambda)\, b \log (1 - \lambda)"
              r" < (1 - \lambda)\, \varphi(b) = \lambda \varphi(0) + (1 - \lambda)\, \varphi(b)")
    # the formulas may be split over lines (aligned) to fit a phone: compare them without that layout
    unaligned = flat(re.sub(r"\\begin\{aligned\}|\\end\{aligned\}|&|\\\\", " ", prose))
    assert concave in unaligned and convex in unaligned
    assert unaligned.index(convex) > unaligned.index(":label: ch3-thm-log-sum") > unaligned.index(concave)
    # the identities as written, for -t log t and t log t, with the strict inequality they give
    rng = np.random.default_rng(5)
    for b, lam in rng.uniform(1e-6, 1, size=(500, 2)):
        neg = lambda t: -t * math.log(t)  # noqa: E731
        assert neg((1 - lam) * b) == pytest.approx((1 - lam) * neg(b) - (1 - lam) * b * math.log(1 - lam), abs=1e-15)
        assert neg((1 - lam) * b) > (1 - lam) * neg(b)
        assert -neg((1 - lam) * b) < -(1 - lam) * neg(b)


def test_prerequisites_name_only_what_the_chapter_uses(prose):
    # chapter 2's die is named once, to say this chapter's loaded die is another one: nothing to read first
    prerequisites = block(prose, "**Prerequisites:**", "**Time:**")
    assert "{doc}`01_information_content`" in prerequisites
    assert "02_fair_dice" not in prerequisites and "top-heavy" not in prerequisites


def test_each_property_of_entropy_is_credited_to_what_proves_it(prose):
    assert "Jensen's inequality also shows how entropy behaves under mixing, grouping and functions" not in prose
    assert "three properties of entropy that follow" not in prose
    assert ("Concavity under mixing comes from the strict concavity of $-t \\log t$ proved above; the grouping rule "
            "is algebra; and $H(g(X)) \\le H(X)$ follows from grouping and $H \\ge 0$.") in prose


def test_the_pair_entropy_is_defined_before_the_lemma_that_adds_it(prose):
    definition = prose.index("write $H(X, Y)$ for the entropy of the pair $(X, Y)$")
    assert definition < prose.index(":label: ch3-lem-additive")
    assert prose.index("H(X, Y)") == definition + len("write $")  # no earlier use


def test_the_divergence_is_defined_here_before_gibbs_inequality_uses_it(notebook, prose):
    text = _markdown(notebook)
    assert text.count("```{prf:definition} Kullback-Leibler divergence\n:label: ch3-def-divergence") == 1
    assert text.index(":label: ch3-def-divergence") < text.index(":label: ch3-thm-gibbs")
    assert "**Kullback-Leibler divergence**" in prose and "ch5-def-kl" not in prose
    # both conventions for zero probabilities are part of the definition
    definition = block(prose, ":label: ch3-def-divergence", ":label: ch3-thm-gibbs")
    assert "$0 \\log \\frac{0}{q} = 0$" in definition and "$D(p \\,\\|\\, q) = +\\infty$" in definition


def test_huffman_optimality_says_ties_allow_the_least_likely_value_the_longest_codeword(prose):
    proof = block(prose, ":label: ch3-thm-huffman", "Now induct on $m$")
    assert "such ties allow choosing the numbering so that $\\ell_m = \\ell_{\\max}$" in proof
    assert proof.index("$\\ell_m = \\ell_{\\max}$") < proof.index("the longest codeword $c_m$ has a sibling")


def _typical_table(notebook) -> dict[int, list[float]]:
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "code" and "eps, n_sequences = 0.1, 1_000" in "".join(c["source"]))
    table = "".join(next(o["data"]["text/markdown"] for o in cell["outputs"] if "text/markdown" in o.get("data", {})))
    rows = [line.strip("|").split("|") for line in table.splitlines()[2:]]
    return {int(r[0].replace(",", "")): [float(x) for x in r[1:]] for r in rows}


def test_typical_count_falls_below_two_to_the_n_h_minus_epsilon_only_at_n_10(notebook, prose):
    h = -(0.9 * math.log2(0.9) + 0.1 * math.log2(0.1))
    below = [n for n, (_, _, bits) in _typical_table(notebook).items() if bits < h - 0.1]
    assert below == [10]
    assert "(For $n = 10$ the count is even below $2^{n(H - \\varepsilon)}$" in prose


def test_sampled_typical_fraction_at_n_1000_is_explained_as_sampling_noise(notebook, prose):
    sampled, exact, _ = _typical_table(notebook)[1000]
    outside = round((1 - sampled) * 1000)
    # the exact probability of an atypical sequence, from the binomial distribution of the tails count
    h, n = -(0.9 * math.log2(0.9) + 0.1 * math.log2(0.1)), 1000
    typical = [k for k in range(n + 1) if abs((k * -math.log2(0.1) + (n - k) * -math.log2(0.9)) / n - h) <= 0.1]
    expected_outside = 1000 * (1 - sum(math.comb(n, k) * 0.1**k * 0.9 ** (n - k) for k in typical))
    assert round(exact, 3) == round(1 - expected_outside / 1000, 3)
    assert outside == 5 and round(expected_outside) == 1
    assert "at $n = 1000$, 5 of the 1,000 sampled sequences fell outside the typical set, where the exact probability expects about one" in flat(prose)


def test_huffman_optimality_proof_handles_ties_with_the_sibling(prose):
    # step (b) used to claim that l_{m-1} "lies between" l_j and l_m, which (a) gives only for unequal probabilities
    assert "$\\ell_{m-1}$ lies between" not in flat(prose)
    assert "since $p_j \\ge p_{m-1}$ (also when the two are equal)" in flat(prose)


def _bounds_figure(notebook):
    """Figure 3.2 (ch3-fig-bounds) drawn again from the notebook's code: its imports, its data cell and its own cell."""
    import contextlib
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    figure = next("".join(c["source"]) for c in notebook["cells"]
                  if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "ch3-fig-bounds")
    imports = next(s for s in code if s.startswith("import numpy"))
    data = next(s for s in code if "samples, lowest = {}, {}" in s)
    namespace: dict = {}
    plt.close("all")
    with contextlib.redirect_stdout(io.StringIO()):
        for source in (imports, data, figure.replace("plt.show()", "")):
            exec(compile(source, "<ch3-fig-bounds>", "exec"), namespace)
    fig = plt.gcf()
    fig.canvas.draw()
    return fig


def test_bounds_figure_legend_covers_none_of_the_data(notebook):
    fig = _bounds_figure(notebook)
    try:
        (ax,) = fig.axes
        legend = ax.get_legend().get_window_extent()
        points = []
        for line in ax.lines:  # the bound log2 n: its dots and the segments between them, finely sampled
            xy = line.get_xydata()
            for (x0, y0), (x1, y1) in zip(xy, xy[1:]):
                points += [(x0 + t * (x1 - x0), y0 + t * (y1 - y0)) for t in np.linspace(0, 1, 50)]
        for collection in ax.collections:  # the range bars
            for segment in collection.get_segments():
                (x0, y0), (x1, y1) = segment
                points += [(x0, y0 + t * (y1 - y0)) for t in np.linspace(0, 1, 50)]
        assert points
        shown = ax.transData.transform(points)
        covered = [(round(float(x), 2), round(float(y), 2)) for (x, y), s in zip(points, shown) if legend.contains(*s)]
        assert not covered, f"the legend of Figure 3.2 covers data at {covered[:5]}"
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)
