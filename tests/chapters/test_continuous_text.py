"""Chapter 8 (continuous distributions): its text, captions and alt texts are true.

Each test recomputes, from a closed form, from scipy or from the chapter's own construction,
the numbers a sentence, a caption or an alt text of the chapter states, and fails if the
sentence and the data disagree. A few passages that were wrong or incomplete must not return.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
import scipy.stats
from scipy import integrate, optimize, special

import infolib as il
from chapter_text import block as _block, figure as _figure, flat as _flat, load as _load, prose as _prose, stdout as _stdout

CHAPTER = "08_continuous.ipynb"  # read by the notebook and prose fixtures (conftest.py)


@pytest.fixture(scope="module")
def code(notebook) -> str:
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")


def _alt(notebook, name: str) -> str:
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("mystnb", {})
        if meta.get("figure", {}).get("name") == name:
            return _flat(meta["image"]["alt"])
    raise AssertionError(f"no figure named {name}")


def _binned_normal(mu, sigma, delta, lo, hi):
    k = np.arange(math.floor(lo / delta), math.ceil(hi / delta) + 1)
    return np.diff(special.ndtr((k * delta - mu) / sigma))


# --- passages that were wrong or incomplete ---------------------------------------------


@pytest.mark.parametrize(
    "gone",
    [
        # the error of one Monte Carlo run does not shrink by sqrt(10) (0.080 -> -0.067)
        "ten times more samples make the error about",
        "The actual errors scatter around the standard errors.",
        # the Laplace and the log-normal densities of the chapter do not have such tails
        "Every density in this chapter has Gaussian or bounded tails.",
    ],
)
def test_wrong_sentences_do_not_return(prose, gone):
    assert _flat(gone) not in prose



def test_opening_says_how_much_of_the_gaussian_coding_theorem_is_proved(prose):
    assert "of the Gaussian channel, proved, with its coding theorem" not in prose
    assert "the converse as an exercise" not in prose
    assert _flat(
        "of the Gaussian channel, proved; its coding theorem, stated with a sketch of achievability "
        "and a proof of the converse;"
    ) in prose


def test_gaussian_converse_is_stated_for_long_enough_codes_with_at_least_2_nR_codewords(prose):
    assert "For $R > C$ this stays above 0 however long the code." not in prose
    assert "For $R > C$ it is at least $(1 - C/R)/2$ once $n \\ge 2/(R - C)$." in prose
    assert "Take a code with $M = 2^{nR}$" not in prose
    assert "Take a code with $M \\ge 2^{nR}$" in prose
    # the proof divides by nR
    assert _flat("Every code of length $n$ with at least $2^{nR}$ codewords, $R > 0$, that satisfy the power constraint") in prose
    snr = 3.0
    capacity = 0.5 * math.log2(1 + snr)
    for rate in np.linspace(capacity + 0.01, 3.0, 30):
        n0 = math.ceil(2 / (rate - capacity))
        assert 1 - capacity / rate - 1 / (n0 * rate) >= (1 - capacity / rate) / 2 - 1e-12


def _converse_proof(prose):
    marker = "```{prf:proof} *Converse.*"
    return prose.index(marker), _block(prose, marker)


def test_gaussian_converse_is_proved_in_the_text_before_the_shannon_limit_uses_it(prose):
    start, proof = _converse_proof(prose)
    assert prose.index(":label: ch8-thm-gaussian-coding") < start < prose.index("**Shannon limit**")
    assert "ch8-ex-gaussian-converse" not in prose  # no longer left as an exercise
    assert _flat(
        "applied to that partition, bounds each divergence below by the divergence of the distributions "
        "of $\\hat U$, and averaging gives $I(U; \\hat U) \\le I(U; Y^n)$. And $I(U; Y^n) = I(X^n; Y^n)$"
    ) in proof
    assert "and the data processing inequality the second by $I(X; Y)$" not in proof
    # subadditivity of h is a theorem of the chapter, proved before both uses
    assert _flat(
        "$h(Y^n) \\le \\sum_i h(Y_i)$ ({prf:ref}`ch8-thm-chain-rule-h`, whose entropies are finite by "
        "{prf:ref}`ch8-lem-finite-h`, so it applies). Subtract:"
    ) in proof
    assert "by Jensen's inequality the average over $i$ is at most" in proof
    assert "P_e\\, nR + nC$; divide by $nR$" in proof
    # the Shannon limit rests on this converse
    assert _flat(
        "By the converse of {prf:ref}`ch8-thm-gaussian-coding`, codes of rate $R$ whose error probabilities tend to 0 "
        "as $n$ grows need $R \\le C = \\frac12 \\log_2(1 + P/(N_0 W))$"
    ) in prose
    wf = prose[prose.index(":label: ch8-thm-water-filling") :]
    assert _flat(
        "Step 2 of the proof of the converse of {prf:ref}`ch8-thm-gaussian-coding`, which holds for unequal noise "
        "variances ({prf:ref}`ch8-lem-finite-h`)"
    ) in wf


def test_rates_per_use_and_per_second_have_different_letters(prose):
    # R is a rate in bits per use (notation page); bits per second are 2WR
    assert "Sending $R$ bits per second" not in prose and "$\\eta = R/W$" not in prose
    assert "sends $2WR$ bits per second with power $P$, spending the energy $E_b = P/(2WR)$" in prose
    assert "$\\eta = 2R$" in prose and "$P/(N_0 W) = \\eta E_b/N_0$" in prose
    for rate, w, p, n0 in [(0.3, 3000.0, 1.0, 1e-4), (2.0, 1e6, 2.0, 1e-7)]:
        eta, eb = 2 * rate, p / (2 * w * rate)
        assert p / (n0 * w) == pytest.approx(eta * eb / n0, rel=1e-12)
        # R <= C per use  <=>  eta <= log2(1 + eta Eb/N0)
        assert (rate <= 0.5 * math.log2(1 + p / (n0 * w))) == (eta <= math.log2(1 + eta * eb / n0))


def test_polish_cites_merging_spells_data_processing_and_names_covariances_once(prose):
    # the data-processing inequality for densities is said once, after the quantisation theorem
    assert _flat(
        "Reporting only which set $X$ falls in never increases the divergence: this is {prf:ref}`ch5-thm-merging` "
        "(merging outcomes never increases the divergence) for densities, a data-processing inequality"
    ) in prose
    # cited twice: for densities after the quantisation theorem, and for the nested grids of the KL figure
    assert prose.count("{prf:ref}`ch5-thm-merging`") == 2
    assert "merging outcomes into bins can only make two distributions" not in prose
    assert "$D(p_g \\,\\|\\, q_g) \\le D(p \\,\\|\\, q)$" in _prose(_load("05_kl_divergence.ipynb"))
    assert "data processing inequality" not in prose
    assert "\\det K" not in prose and "\\mathcal{N}(\\mu, K)" not in prose
    assert "\\mathcal{N}(\\mu, \\Sigma)" in prose and "\\Sigma_g^{-1}" in prose


def test_the_chapter_writes_the_divergence_as_the_course_does(prose):
    # notation.md: D(p || q), read "the divergence of p from q"
    assert "D_{\\mathrm{KL}}" not in prose


def _oscillation_of_quadratic(c2, c1, lo, hi):
    # sup - inf of c2 x^2 + c1 x over each interval [lo, hi]
    def q(x):
        return c2 * x * x + c1 * x

    vals = [q(lo), q(hi)]
    if c2 != 0:
        v = -c1 / (2 * c2)
        inside = (lo < v) & (v < hi)
        vals.append(np.where(inside, q(v), q(lo)))
    vals = np.array(vals)
    return vals.max(axis=0) - vals.min(axis=0)


def test_quantisation_theorem_bounds_hold_for_two_gaussians_and_the_thermometer(prose):
    assert _flat(
        "the gap $D(f \\,\\|\\, g) - D(f_\\Delta \\,\\|\\, g_\\Delta)$ lies between 0 and $\\mathbb{E}_f[\\omega_\\Delta(X)]$"
    ) in prose
    assert _flat(
        "the gap $H(X_\\Delta) + \\ln \\Delta^k - h(X)$ lies between 0 and $\\mathbb{E}_f[\\omega_\\Delta(X)]$"
    ) in prose
    assert _flat(
        "the gap $I(X; Y) - I(X_\\Delta; Y_\\Delta)$ lies between 0 and $\\mathbb{E}_f[\\omega_\\Delta(X, Y)]$"
    ) in prose
    f, g = scipy.stats.norm(0, 1), scipy.stats.norm(1, 1.5)
    # ln f - ln g = c2 x^2 + c1 x + const
    c2, c1 = -0.5 + 1 / (2 * 1.5**2), -1 / 1.5**2
    exact = il.normal_kl_divergence(0, 1, 1, 1.5, base="nats")
    for delta in (2.0, 0.5, 0.125, 1 / 32):
        edges = delta * np.arange(math.floor(-14 / delta), math.ceil(14 / delta) + 1)
        p, q = np.diff(f.cdf(edges)), np.diff(g.cdf(edges))
        gap = exact - il.kl_divergence(p, q, base="nats")
        omega = _oscillation_of_quadratic(c2, c1, edges[:-1], edges[1:])
        bound = (p * omega).sum()
        assert -1e-12 <= gap <= bound
        # the linear-growth bound of the text: |d/dx ln(f/g)| <= c_0 + c_1|x| with c_0 = |c1|, c_1 = 2|c2|
        x = np.maximum(np.abs(edges[:-1]), np.abs(edges[1:]))
        assert (omega <= delta * (abs(c1) + 2 * abs(c2) * x) + 1e-12).all()
    # part 2 for the thermometer: H(X_delta) + ln(delta) - h lies in [0, E omega] (nats)
    h = scipy.stats.norm(20, 0.5).entropy()
    for delta in (1.0, 0.25, 1 / 16):
        p = _binned_normal(20.0, 0.5, delta, 14.0, 26.0)
        edges = delta * np.arange(math.floor(14.0 / delta), math.ceil(26.0 / delta) + 1)
        gap = il.entropy(p[p > 0], base="nats") + math.log(delta) - h
        omega = _oscillation_of_quadratic(-0.5 / 0.25, 20 / 0.25, edges[:-1], edges[1:])
        assert -1e-9 <= gap <= (p * omega).sum() + 1e-9


def test_mixture_log_density_slope_is_a_weighted_average_of_its_components(prose):
    assert _flat(
        "the derivative of $\\ln$ of the mixture is a weighted average of its components' "
        "$-(x - \\mu_j)/\\sigma_j^2$, so it grows linearly too"
    ) in prose
    x = np.linspace(-8, 8, 6001)
    comps = [(0.6, -2.0, 0.6), (0.4, 2.0, 0.6)]
    dens = [w * scipy.stats.norm(m, s).pdf(x) for w, m, s in comps]
    slope = sum(d * (-(x - m) / s**2) for d, (w, m, s) in zip(dens, comps)) / sum(dens)
    numeric = np.gradient(np.log(sum(dens)), x)
    assert np.allclose(slope[1:-1], numeric[1:-1], atol=1e-2 * (1 + np.abs(x[1:-1])))
    assert (np.abs(slope) <= np.max([np.abs(x - m) / s**2 for _, m, s in comps], axis=0) + 1e-12).all()


def test_figure_axes_name_what_they_plot(code):
    # figure 1 shows the unitless uniform density next to the thermometer
    assert "bin width Δ (°C" not in code
    assert 'ax.set_xlabel("bin width Δ, in the units of X (finer to the right)")' in code
    assert "log-probability" not in code


def test_quantisation_theorem_is_stated_once_with_its_condition(prose):
    # no conditions added after the statement; no Riemann sums over the whole line
    for gone in ["Riemann", "Two conditions hide in that sketch", "That is an argument, not a proof",
                 "as the argument below suggests"]:
        assert gone not in prose
    assert prose.count(":label: ch8-thm-quantisation") == 1
    assert _flat(
        "So each discrete quantity tends to its continuous version (for part 2, $H(X_\\Delta) + \\ln \\Delta^k$ tends "
        "to $h(X)$) along any sequence of "
        "widths $\\Delta \\to 0$ on which $\\mathbb{E}_f[\\omega_\\Delta] \\to 0$."
    ) in _block(prose, ":label: ch8-thm-quantisation")
    assert _flat(
        "Every density this chapter quantises meets the condition, the uniform one along the widths $\\Delta = 2^{-m}$, "
        "$m \\ge 1$."
    ) in prose


def test_multivariate_proof_says_where_k_comes_from(prose):
    assert "\\operatorname{tr}(\\Sigma_f^{-1}\\Sigma_f) = k" in prose


# --- numbers typed in the text ------------------------------------------------------------


def test_thermometer_numbers_in_text(prose):
    h = il.normal_entropy(0.5)
    assert "about $1.047$ bits" in prose and round(h, 3) == 1.047
    assert "\\log_2 10 \\approx 3.32" in prose and round(math.log2(10), 2) == 3.32
    assert "1/\\sqrt{2\\pi e} \\approx 0.242" in prose
    assert round(1 / math.sqrt(2 * math.pi * math.e), 3) == 0.242
    assert il.normal_entropy(1 / math.sqrt(2 * math.pi * math.e)) == pytest.approx(0, abs=1e-15)


def test_exercise_numbers_in_text(prose):
    assert "\\log_2 1000 \\approx 9.97" in prose and round(math.log2(1000), 2) == 9.97
    assert "\\approx 0.318$ nats" in prose
    assert "\\approx 0.807$ nats" in prose
    # the closed forms of the solution, against infolib
    assert math.log(2) + 1 / 8 - 1 / 2 == pytest.approx(il.normal_kl_divergence(0, 1, 0, 2, base="nats"))
    assert -math.log(2) + 2 - 1 / 2 == pytest.approx(il.normal_kl_divergence(0, 2, 0, 1, base="nats"))
    assert round(il.normal_kl_divergence(0, 1, 0, 2, base="nats"), 3) == 0.318
    assert round(il.normal_kl_divergence(0, 2, 0, 1, base="nats"), 3) == 0.807


# --- closed forms in the text, against infolib and scipy --------------------------------


def test_laplace_entropy_closed_form_of_the_maxent_table():
    b = 1 / math.sqrt(2)
    assert scipy.stats.laplace(scale=b).var() == pytest.approx(1.0)
    assert math.log(2 * math.e * b) == pytest.approx(scipy.stats.laplace(scale=b).entropy())


def test_multivariate_formula_of_the_text_against_infolib():
    rng = np.random.default_rng(8)
    for k in (1, 2, 4):
        a, b = rng.normal(size=(k, k)), rng.normal(size=(k, k))
        cov_p, cov_q = a @ a.T + k * np.eye(k), b @ b.T + k * np.eye(k)
        mp, mq = rng.normal(size=k), rng.normal(size=k)
        d = mq - mp
        text = 0.5 * (np.trace(np.linalg.solve(cov_q, cov_p)) + d @ np.linalg.solve(cov_q, d) - k
                      + math.log(np.linalg.det(cov_q) / np.linalg.det(cov_p)))
        assert il.mvn_kl_divergence(mp, cov_p, mq, cov_q, base="nats") == pytest.approx(text, rel=1e-10)


# --- alt texts, recomputed from the same data -------------------------------------------


def test_quantisation_figure_alt_text(notebook):
    alt = _alt(notebook, "ch8-fig-quantisation")
    assert "halves from 8 on the left to 1/4096 on the right" in alt
    deltas = 2.0 ** -np.arange(-3, 13)
    assert (deltas.max(), deltas.min()) == (8.0, 1 / 4096)
    h = il.normal_entropy(0.5)
    line = h - np.log2(deltas)
    assert "from about -2 up to 13 bits" in alt
    assert round(line[0]) == -2 and round(line[-1]) == 13
    assert "two bits lower" in alt and round(h - (-1)) == 2
    H = np.array([il.entropy(_binned_normal(20.0, 0.5, d, 14.0, 26.0)) for d in deltas])
    assert (H >= 0).all() and (H >= line - 1e-9).all()  # above the line and never below 0
    assert (np.abs(H - line)[deltas <= 0.25] < 0.02).all()  # on it below about 1/4
    assert (H - line)[deltas == 1.0][0] > 0.2  # visibly above it for coarse bins
    uniform = []
    for d in deltas:
        edges = np.arange(0.0, 0.5 + d, d)
        uniform.append(il.entropy(np.diff(np.minimum(edges, 0.5)) / 0.5))
    uniform = np.array(uniform)
    assert "sit at 0 for bins of width 1/2 or more" in alt
    assert (uniform[deltas >= 0.5] == 0).all()
    assert np.allclose(uniform[deltas <= 0.5], -1 - np.log2(deltas[deltas <= 0.5]))


def test_kl_quantisation_figure_alt_text(notebook):
    alt = _alt(notebook, "ch8-fig-kl-quantisation")
    deltas = 2.0 ** -np.arange(-2, 11)
    assert "halves from 4 on the left to 1/1024 on the right" in alt
    assert (deltas.max(), deltas.min()) == (4.0, 1 / 1024)
    normals = np.array([il.kl_divergence(_binned_normal(0, 1, d, -14, 14), _binned_normal(1, 1.5, d, -14, 14))
                        for d in deltas])
    mix_mean, mix_sd = -0.4, math.sqrt(0.36 + 0.6 * 4 + 0.4 * 4 - 0.16)

    def binned_mixture(d):
        return 0.6 * _binned_normal(-2, 0.6, d, -14, 14) + 0.4 * _binned_normal(2, 0.6, d, -14, 14)

    mixture = np.array([il.kl_divergence(binned_mixture(d), _binned_normal(mix_mean, mix_sd, d, -14, 14))
                        for d in deltas])

    def mixture_pdf(x):
        return 0.6 * scipy.stats.norm(-2, 0.6).pdf(x) + 0.4 * scipy.stats.norm(2, 0.6).pdf(x)

    exact_mixture = integrate.quad(
        lambda x: mixture_pdf(x) * math.log2(mixture_pdf(x) / scipy.stats.norm(mix_mean, mix_sd).pdf(x)),
        -14, 14, points=[-2, 2])[0]
    exact_normals = il.normal_kl_divergence(0, 1, 1, 1.5)
    assert "about 0.23 bits at width 4" in alt and round(normals[0], 2) == 0.23
    assert "closed-form value 0.505 bits" in alt and round(exact_normals, 3) == 0.505
    assert "from about 0.08 bits" in alt and round(mixture[0], 2) == 0.08
    assert "about 0.80 bits" in alt and round(exact_mixture, 2) == 0.80
    assert "by a width of about 1/8" in alt
    at_eighth = deltas == 0.125
    assert exact_normals - normals[at_eighth][0] < 0.001
    assert exact_mixture - mixture[at_eighth][0] < 0.005
    # "No point lies above its line", and the caption's "from below": nested bins
    assert (normals <= exact_normals + 1e-12).all() and (mixture <= exact_mixture + 1e-9).all()
    assert (np.diff(normals) >= 0).all() and (np.diff(mixture) >= 0).all()


# --- the Monte Carlo exercise: the sentence about its table -------------------------------


def test_monte_carlo_exercise_errors_within_two_standard_errors(notebook, prose):
    assert "each is within two standard errors of zero" in prose
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"
             and "for n in [100, 1_000, 10_000, 100_000]" in "".join(c["source"])]
    assert len(cells) == 1
    table = "".join("".join(o["data"]["text/plain"]) for o in cells[0]["outputs"] if "data" in o)
    rows = re.findall(r"^\s*([\d,]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+([\d.]+)\s*$", table, re.M)
    assert len(rows) == 4
    for _, _, err, se in rows:
        assert abs(float(err)) <= 2 * float(se)


# --- the Gaussian channel table: what the sentence after it says ---------------------------


def _mutual_information_bits(output_pdf, lim: float) -> float:
    """I(X; Y) = h(Y) - h(Z) for unit noise, h(Y) by scipy quadrature of the output density."""

    def integrand(y):
        f = output_pdf(y)
        return -f * math.log2(f) if f > 0 else 0.0

    return integrate.quad(integrand, -lim, lim, limit=400)[0] - 0.5 * math.log2(2 * math.pi * math.e)


@pytest.mark.parametrize("snr", [1.0, 10.0])
def test_only_the_gaussian_input_reaches_the_capacity(prose, snr):
    assert "only the Gaussian one reaches the capacity" in _flat(prose)
    a, b = math.sqrt(3 * snr), math.sqrt(snr)
    uniform = _mutual_information_bits(
        lambda y: (scipy.stats.norm.cdf(y + a) - scipy.stats.norm.cdf(y - a)) / (2 * a), a + 12)
    binary = _mutual_information_bits(
        lambda y: 0.5 * scipy.stats.norm.pdf(y - b) + 0.5 * scipy.stats.norm.pdf(y + b), a + 12)
    capacity = il.gaussian_channel_capacity(snr)
    assert capacity == pytest.approx(0.5 * math.log2(1 + snr))
    assert binary < uniform < capacity
    assert binary <= 1.0  # "can never carry more than 1 bit per use"


# --- joint and conditional differential entropy and mutual information --------------------


def test_joint_conditional_entropy_and_mutual_information_are_defined_before_they_are_used(notebook):
    markdown = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    defined = markdown.index(":label: ch8-def-joint-conditional")
    mi_defined = markdown.index(":label: ch8-def-continuous-mi")
    for used in ("h(Y \\mid X)", "h(X \\mid Y)", "h(X, Y)"):
        assert markdown.index(used) > defined, used
    assert markdown.index("I(X; Y) = h(Y)") > mi_defined
    # the capacity proof uses h(Y | X) and I(X; Y) after both definitions
    assert markdown.index("## The Gaussian channel") > markdown.index(":label: ch8-thm-mi-entropies")


def _sensors():
    sigma_x, sigma_z = 0.5, 0.25
    cov = np.array([[sigma_x**2, sigma_x**2], [sigma_x**2, sigma_x**2 + sigma_z**2]])
    return sigma_x, sigma_z, cov


def test_sensor_pair_entropies_printed_match_scipy(notebook):
    out = _stdout(notebook, "cov_sensors = ")
    sigma_x, sigma_z, cov = _sensors()
    rho = cov[0, 1] / math.sqrt(cov[0, 0] * cov[1, 1])
    assert float(re.search(r"rho = ([\d.]+)", out).group(1)) == pytest.approx(rho, abs=5e-5)
    first = re.search(r"h\(X\) = (-?[\d.]+), h\(Y\) = (-?[\d.]+), h\(X, Y\) = (-?[\d.]+) bits", out)
    h = dict(zip(["h(X)", "h(Y)", "h(X, Y)"], first.groups()))
    ln2 = math.log(2)
    assert float(h["h(X)"]) == pytest.approx(scipy.stats.norm(scale=sigma_x).entropy() / ln2, abs=5e-5)
    assert float(h["h(Y)"]) == pytest.approx(scipy.stats.norm(scale=math.sqrt(cov[1, 1])).entropy() / ln2, abs=5e-5)
    assert float(h["h(X, Y)"]) == pytest.approx(scipy.stats.multivariate_normal(cov=cov).entropy() / ln2, abs=5e-5)
    conditional, noise = re.search(r"h\(Y \| X\) = h\(X, Y\) - h\(X\) = (-?[\d.]+) bits; h\(Z\) = (-?[\d.]+)", out).groups()
    assert conditional == noise
    assert float(noise) == pytest.approx(scipy.stats.norm(scale=sigma_z).entropy() / ln2, abs=5e-5)
    values = re.findall(r"= ([\d.]+) bits\n", out)[-2:]
    assert values[0] == values[1]
    assert float(values[0]) == pytest.approx(-0.5 * math.log2(1 - rho**2), abs=5e-5)


def _quantised_mi_rows(notebook):
    out = "".join("".join(o["data"]["text/plain"]) for c in notebook["cells"] if c["cell_type"] == "code"
                  and "binned_sensors(d)" in "".join(c["source"]) for o in c["outputs"] if "data" in o)
    return re.findall(r"^\s*([\d.]+|limit)\s+([\d.]+)\s+([\d.]+)\s*$", out, re.M)


def test_quantised_mutual_information_rises_to_the_closed_form_without_overshooting(notebook, prose, code):
    rows = _quantised_mi_rows(notebook)
    assert [r[0] for r in rows[:3]] == ["2", "1", "0.5"] and rows[-1][0] == "limit"
    sigma_x, sigma_z, cov = _sensors()
    exact = 0.5 * math.log2(1 + sigma_x**2 / sigma_z**2)  # -1/2 log2(1 - rho^2), rho^2 = 4/5
    assert float(rows[-1][1]) == pytest.approx(exact, abs=5e-5)
    mi = [float(r[1]) for r in rows[:-1]]
    assert mi == sorted(mi) and max(mi) <= exact + 5e-5
    assert exact - mi[-1] < 1e-3
    joint = [float(r[2]) for r in rows[:-1]]
    h_xy = scipy.stats.multivariate_normal(cov=cov).entropy() / math.log(2)
    assert float(rows[-1][2]) == pytest.approx(h_xy, abs=5e-5)
    assert abs(joint[-1] - h_xy) < 1e-3
    # the text: the limit is 1/2 log2(1 + Var X / N), the variance in place of the power
    assert _flat(
        "the limit is $\\frac12 \\log_2(1 + \\operatorname{Var} X / N)$. Subtracting 20, the mean of $X$, from $X$ "
        "and from $Y$ changes no mutual information, and $Y - 20 = (X - 20) + Z$, so this is the capacity formula of "
        "{prf:ref}`ch7-thm-gaussian` (proved later in this chapter, {prf:ref}`ch8-thm-gaussian-capacity`) with "
        "$\\operatorname{Var} X$ in place of the power; the input $X - 20$ would reach capacity at power $0.25$."
    ) in prose
    assert "The mean of $X$ carries no information" not in prose and "(proved in that section," not in prose
    # the mean that is subtracted is the chapter's mu_t, and sigma_X, sigma_Z are defined where the sensors appear
    assert "mu_t, sigma_t = 20.0, 0.5" in code and "sigma_z = 0.25 " in code
    assert _flat(
        "$Z \\sim \\mathcal{N}(0, 0.25^2)$; write $\\sigma_X = 0.5$ and $\\sigma_Z = 0.25$ for the standard "
        "deviations of $X$ and $Z$."
    ) in prose
    assert prose.index("write $\\sigma_X = 0.5$") < prose.index("\\rho = \\sigma_X/\\sqrt{\\sigma_X^2 + \\sigma_Z^2}")
    # the forward reference points at the proof that comes later in the chapter, in the section cited
    here = prose.index("(proved later in this chapter, {prf:ref}`ch8-thm-gaussian-capacity`)")
    section = prose.index("(ch8-gaussian-channel)= ## The Gaussian channel")
    theorem = prose.index(":label: ch8-thm-gaussian-capacity")
    assert here < section < theorem and not re.search(r"(?<!#)## ", prose[section + 30 : theorem])
    assert "\\mathrm{SNR} = 4" not in prose
    assert float(rows[-1][1]) == pytest.approx(il.gaussian_channel_capacity(sigma_x**2 / sigma_z**2), abs=5e-5)
    # with the power E[X^2] of the raw reading the formula would give about 6.3 bits, not the limit
    raw_power = 20.0**2 + sigma_x**2
    assert il.gaussian_channel_capacity(raw_power / sigma_z**2) > 6 > float(rows[-1][1])


def test_quantised_mutual_information_table_against_independent_bins(notebook):
    # the row for delta = 1/2 recomputed with scipy's bivariate normal CDF on the same square bins
    printed = dict((r[0], float(r[1])) for r in _quantised_mi_rows(notebook))["0.5"]
    sigma_x, sigma_z, cov = _sensors()
    dist = scipy.stats.multivariate_normal(mean=[20.0, 20.0], cov=cov)
    delta = 0.5
    edges = delta * np.arange(math.floor(14 / delta), math.ceil(26 / delta) + 1)
    gx, gy = np.meshgrid(edges, edges, indexing="ij")
    cdf = dist.cdf(np.stack([gx, gy], axis=-1))
    pxy = np.clip(np.diff(np.diff(cdf, axis=0), axis=1), 0, None)
    table = il.mutual_information(pxy / pxy.sum())
    assert table == pytest.approx(printed, abs=2e-4)


# --- the proof exercises and the "write it yourself" exercise ----------------------------


def test_proof_exercises_have_folded_solutions(notebook):
    markdown = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    assert "```{solution} ch8-ex-maxent-bounded\n:class: dropdown" in markdown
    assert "```{solution-start} ch8-ex-maxent-mean\n:class: dropdown" in markdown
    assert "```{solution-start} ch8-ex-write-mvn-entropy\n:class: dropdown" in markdown
    assert "```{solution-start} ch8-ex-write-water-filling\n:class: dropdown" in markdown


def test_half_line_maximum_entropy_table_against_scipy(notebook, prose):
    out = "".join("".join(o["data"]["text/plain"]) for c in notebook["cells"] if c["cell_type"] == "code"
                  and "def halfnormal_pdf" in "".join(c["source"]) for o in c["outputs"] if "data" in o)
    rows = {name.strip(): (float(m), float(h), float(b)) for name, m, h, b in
            re.findall(r"^(\w[\w ,\-\[\]0-9]*?)\s{2,}([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$", out, re.M)}
    ln2 = math.log(2)
    references = {
        "exponential, mean 1": scipy.stats.expon(),
        "half-normal, mean 1": scipy.stats.halfnorm(scale=math.sqrt(math.pi / 2)),
        "uniform on [0, 2]": scipy.stats.uniform(0, 2),
    }
    assert set(rows) == set(references)
    for name, dist in references.items():
        mean, h, bound = rows[name]
        assert mean == pytest.approx(dist.mean(), abs=5e-5)
        assert h == pytest.approx(dist.entropy() / ln2, abs=5e-5)
        assert bound == pytest.approx(math.log2(math.e * dist.mean()), abs=5e-5)
    assert rows["exponential, mean 1"][1] == rows["exponential, mean 1"][2]
    assert rows["half-normal, mean 1"][1] < rows["half-normal, mean 1"][2]
    assert rows["uniform on [0, 2]"][1] < rows["uniform on [0, 2]"][2]
    assert "$\\log_2 e \\approx 1.44$ bits" in prose and round(math.log2(math.e), 2) == 1.44
    # "E|V| = sigma sqrt(2/pi)", so sigma = sqrt(pi/2) gives mean 1
    assert scipy.stats.halfnorm(scale=math.sqrt(math.pi / 2)).mean() == pytest.approx(1.0)


def test_write_it_yourself_mvn_entropy_matches_infolib():
    from solutions import function

    mvn_entropy_bits = function(CHAPTER, "mvn_entropy_bits")
    rng = np.random.default_rng(88)
    for n in (1, 2, 3, 5, 8):
        a = rng.normal(size=(n, n))
        cov = a @ a.T + 0.5 * np.eye(n)
        assert mvn_entropy_bits(cov) == pytest.approx(il.mvn_entropy(cov), rel=1e-12, abs=1e-12)
    # the solution's point: slogdet where det underflows (0.01^200 = 1e-400)
    assert np.linalg.det(0.01 * np.eye(200)) == 0.0
    assert mvn_entropy_bits(0.01 * np.eye(200)) == pytest.approx(il.mvn_entropy(0.01 * np.eye(200)), rel=1e-13)
    with pytest.raises(ValueError, match="positive definite"):
        mvn_entropy_bits([[1.0, 2.0], [2.0, 1.0]])


def test_the_chapter_does_not_promise_mvn_kl_accuracy_however_close(prose, notebook):
    # for nearly equal full covariances the relative error grows as the divergence shrinks
    assert "so no digits are lost when $p$ and $q$ are close" not in prose
    assert "the function's documentation states the guarantee" in prose


# --- the ELBO and the VAE live in chapter 10 ------------------------------------------------


def test_the_elbo_half_has_moved_out_and_a_pointer_remains(notebook, prose):
    raw = "\n".join("".join(c["source"]) for c in notebook["cells"])
    assert "".join(notebook["cells"][0]["source"]).startswith("# Continuous distributions\n")
    for label in ("ch8-thm-elbo", "ch8-fig-elbo", "ch8-ex-vae"):
        assert label not in raw, label
    assert "## The evidence lower bound" not in raw
    assert "def elbo(" not in raw and "kl_paper" not in raw
    assert "The ELBO and variational autoencoders, which rest on the KL divergence between densities, are in {doc}`10_variational_contrastive`." in prose


# --- library internals are folded away --------------------------------------------------------


def test_library_internals_are_folded_out_of_the_main_line(notebook, code):
    # the only factorisation in the code is the positive-definiteness check of a folded solution
    main_line = "\n".join("".join(c["source"]) for c in notebook["cells"]
                          if c["cell_type"] == "code" and "def mvn_entropy_bits" not in "".join(c["source"]))
    assert "cholesky" not in main_line.lower()
    assert "ch8-ex-cancellation" not in "\n".join("".join(c["source"]) for c in notebook["cells"])
    for cell in notebook["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and "never forms $\\Sigma_g^{-1}$" in text:
            assert text.startswith("```{admonition} Under the hood: computing the divergence without losing digits\n:class: note dropdown\n")
            break
    else:
        raise AssertionError("the note on how infolib computes the Gaussian divergences is missing")


# --- the volume (AEP) reading of h ------------------------------------------------------------


def test_gaussian_typical_set_is_the_shell_the_text_describes():
    # -1/n log2 f(x) within eps of h  <=>  |x - mu|^2 / (n sigma^2) in [1 - 2 eps ln 2, 1 + 2 eps ln 2]
    rng = np.random.default_rng(3)
    mu, sigma, eps, n = 20.0, 0.5, 0.1, 50
    h = scipy.stats.norm(mu, sigma).entropy() / math.log(2)
    x = mu + sigma * rng.normal(size=(20_000, n)) * rng.uniform(0.7, 1.3, size=(20_000, 1))
    typical = np.abs(-scipy.stats.norm(mu, sigma).logpdf(x).sum(axis=1) / (n * math.log(2)) - h) <= eps
    r2 = ((x - mu) ** 2).sum(axis=1) / (n * sigma**2)
    shell = (r2 >= 1 - 2 * eps * math.log(2)) & (r2 <= 1 + 2 * eps * math.log(2))
    assert typical.any() and not typical.all()
    assert (typical == shell).all()


def _typical_set_rows(notebook):
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code" and "ln_vol = " in "".join(c["source"])]
    assert len(cells) == 1
    table = "".join("".join(o["data"]["text/plain"]) for o in cells[0]["outputs"] if "data" in o)
    return [(int(n.replace(",", "")), float(s), float(p), float(v)) for n, s, p, v in
            re.findall(r"^\s*([\d,]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$", table, re.M)]


def test_typical_set_table_against_mpmath(notebook, prose):
    import mpmath

    rows = _typical_set_rows(notebook)
    assert [r[0] for r in rows] == [10, 100, 1000, 5000]
    sigma, eps = 0.5, 0.1
    h = 0.5 * math.log2(2 * math.pi * math.e * sigma**2)
    with mpmath.workdps(40):
        ln2 = mpmath.log(2)
        lo, hi = 1 - 2 * eps * ln2, 1 + 2 * eps * ln2
        for n, sampled, exact, log_vol in rows:
            # P(chi^2_n in [n lo, n hi]) by the regularised incomplete gamma function
            p = mpmath.gammainc(mpmath.mpf(n) / 2, n * lo / 2, n * hi / 2, regularized=True)
            assert exact == pytest.approx(float(p), abs=5e-5)
            # the sampled share is within 4 binomial standard errors of the exact probability
            assert abs(sampled - float(p)) <= 4 * math.sqrt(float(p * (1 - p)) / 1000) + 1e-3
            # volume of the shell between the balls of radii sigma sqrt(n lo) and sigma sqrt(n hi)
            ball = mpmath.pi ** (mpmath.mpf(n) / 2) / mpmath.gamma(mpmath.mpf(n) / 2 + 1)
            vol = ball * (sigma * mpmath.sqrt(n)) ** n * (hi ** (mpmath.mpf(n) / 2) - lo ** (mpmath.mpf(n) / 2))
            assert log_vol == pytest.approx(float(mpmath.log(vol, 2) / n), abs=5e-5)
            assert log_vol <= h + eps  # part 2 of the theorem, for every n
            if n >= 100:
                assert h - eps <= log_vol  # "settles between h - eps and h + eps"
    assert "Nearly every sequence of 1,000 readings is typical" in prose
    assert dict((r[0], r[2]) for r in rows)[1000] >= 0.99
    # "h + 1/2 log2(1 + 2 eps ln 2) ~ h + 0.094", the limit the last row approaches
    top = 0.5 * math.log2(1 + 2 * eps * math.log(2))
    assert "\\frac12 \\log_2(1 + 2\\varepsilon\\ln 2) \\approx h + 0.094" in prose and round(top, 3) == 0.094
    assert 0 < h + top - rows[-1][3] < 0.005 and rows[-1][3] > rows[-2][3]


def test_uniform_typical_set_is_the_whole_cube(prose):
    # every point of [0, 1/2]^n has density 2^n: -1/n log2 f = -1 = h, so all of the cube is typical
    assert "every point\nof $[0, \\frac12]^n$ is typical, the volume is exactly $2^{-n}$".replace("\n", " ") in prose
    assert il.uniform_entropy(0.5) == -1.0


# --- the Gaussian channel ---------------------------------------------------------------------


def test_gaussian_channel_theorems_are_stated_and_cited(prose):
    assert "{cite:t}`cover2006elements` (Theorem 9.1.1)" in prose
    assert "{cite:t}`cover2006elements` (Section 9.3)" in prose
    assert "least $1 - \\frac{C}{R} - \\frac{1}{nR}$" in prose
    for n_, p_, big_n in [(1, 1.0, 1.0), (100, 10.0, 2.0)]:
        # the sphere-packing count: (2 pi e (P + N))^(n/2) / (2 pi e N)^(n/2) = 2^(n C)
        ratio = n_ / 2 * (math.log2(2 * math.pi * math.e * (p_ + big_n)) - math.log2(2 * math.pi * math.e * big_n))
        assert ratio == pytest.approx(n_ * il.gaussian_channel_capacity(p_ / big_n), rel=1e-12)


def test_band_limited_capacity_is_2w_uses_of_the_gaussian_channel(prose):
    assert "W \\log_2\\Big(1 + \\frac{P}{N_0 W}\\Big) \\text{ bits per second}" in prose
    for w, p, n0 in [(3000.0, 1.0, 1e-4), (1e6, 2.0, 1e-7)]:
        per_sample = il.gaussian_channel_capacity((p / (2 * w)) / (n0 / 2))
        assert 2 * w * per_sample == pytest.approx(w * math.log2(1 + p / (n0 * w)), rel=1e-12)


def _min_ebn0_db_mpmath(eta):
    import mpmath

    with mpmath.workdps(40):
        eta = mpmath.mpf(eta)
        return float(10 * mpmath.log10((2**eta - 1) / eta))


def test_shannon_limit_printed_and_in_the_text(notebook, prose):
    import mpmath

    out = _stdout(notebook, "shannon_limit_db = ")
    with mpmath.workdps(40):
        limit_db = float(10 * mpmath.log10(mpmath.log(2)))
    assert round(limit_db, 2) == -1.59
    assert f"ln 2 = {math.log(2):.4f} = -1.59 dB" in out
    assert "the Shannon limit of $-1.59$ dB" in prose and "$E_b/N_0 \\ge \\ln 2$, or $-1.59$ dB" not in prose
    # the bound (2^eta - 1)/eta exceeds ln 2 at every eta > 0: the limit is strict, and reached only as eta -> 0
    opening = prose[: prose.index("**Prerequisites:**")]
    assert _flat("reliable codes need $E_b/N_0 > \\ln 2$, or $-1.59$ dB, a limit approached only as the spectral "
                 "efficiency tends to 0") in _flat(opening)
    assert all((2.0**eta - 1) / eta > math.log(2) for eta in (1e-6, 0.01, 1.0, 8.0))
    rows = re.findall(r"η = +([\d.]+): Eb/N0 >= +(-?[\d.]+) dB", out)
    assert [float(e) for e, _ in rows] == [0.01, 1.0, 2.0, 8.0]
    for eta, db in rows:
        assert float(db) == pytest.approx(_min_ebn0_db_mpmath(float(eta)), abs=0.005)
    # "0 dB at 1 bit per second per hertz", rising, each further bit costing more, towards 10 log10 2
    assert "The curve is $0$ dB at 1 bit per second per hertz" in prose
    steps = [_min_ebn0_db_mpmath(e + 1) - _min_ebn0_db_mpmath(e) for e in (1, 2, 4, 8, 16, 64)]
    assert all(0 < a < b < 10 * math.log10(2) for a, b in zip(steps, steps[1:]))
    assert 10 * math.log10(2) - steps[-1] < 0.1
    assert "approaching 3 dB" in prose and round(10 * math.log10(2)) == 3


def test_shannon_limit_figure_alt_text(notebook):
    alt = _alt(notebook, "ch8-fig-shannon-limit")
    assert "logarithmic axis from 0.01 to 10" in alt
    assert "about -1.58 dB at 0.01" in alt and round(_min_ebn0_db_mpmath(0.01), 2) == -1.58
    assert "0 dB at 1" in alt and abs(_min_ebn0_db_mpmath(1.0)) < 1e-12
    assert "about 20 dB at 10" in alt and round(_min_ebn0_db_mpmath(10.0)) == 20
    assert "dashed vermillion line at -1.59 dB" in alt
    # "lies just below the left end of the curve"
    assert 0 < _min_ebn0_db_mpmath(0.01) - 10 * math.log10(math.log(2)) < 0.05


def _water_filling_by_hand(noise, power):
    # the level from the KKT conditions, one candidate set of filled channels at a time
    noise = sorted(noise)
    for m in range(len(noise), 0, -1):
        level = (power + sum(noise[:m])) / m
        if level > noise[m - 1]:
            return level


def test_water_filling_printed_values_against_the_kkt_solution(notebook, prose):
    import mpmath

    out = _stdout(notebook, "wf = il.water_filling(noise_j, power_total)")
    noise, power = [0.5, 1.0, 2.0, 4.0, 6.0], 4.0
    level = _water_filling_by_hand(noise, power)
    alloc = [max(level - n, 0.0) for n in noise]
    assert float(re.search(r"water level: ([\d.]+)", out).group(1)) == pytest.approx(level, abs=0.005)
    printed = [float(v) for v in re.search(r"powers: +\[([^\]]*)\]", out).group(1).split()]
    assert printed == pytest.approx(alloc, abs=5e-4)
    with mpmath.workdps(30):
        cap = sum(mpmath.log(1 + mpmath.mpf(p) / n, 2) / 2 for p, n in zip(alloc, noise))
        equal = sum(mpmath.log(1 + mpmath.mpf(power) / len(noise) / n, 2) / 2 for n in noise)
    assert float(re.search(r"capacity: +([\d.]+)", out).group(1)) == pytest.approx(float(cap), abs=5e-5)
    assert float(re.search(r"equal split: +([\d.]+)", out).group(1)) == pytest.approx(float(equal), abs=5e-5)
    assert cap > equal
    assert "the two noisiest get none" in prose and alloc[-2:] == [0.0, 0.0] and all(a > 0 for a in alloc[:3])


def test_water_filling_high_power_shares_become_nearly_equal(prose):
    # "At high total power every channel is filled and the shares become nearly equal"
    assert "At high\ntotal power every channel is filled and the shares become nearly equal".replace("\n", " ") in prose
    wf = il.water_filling([0.5, 1.0, 2.0, 4.0, 6.0], 1000.0)
    assert (wf.allocation > 0).all() and wf.allocation.max() / wf.allocation.min() < 1.03


def test_write_it_yourself_water_filling_matches_infolib():
    from solutions import function

    water_fill = function(CHAPTER, "water_fill")
    rng = np.random.default_rng(95)
    for _ in range(200):
        k = int(rng.integers(1, 12))
        noise, power = rng.exponential(1.0, k), float(rng.exponential(3.0))
        mine = water_fill(noise, power)
        assert mine == pytest.approx(il.water_filling(noise, power).allocation, abs=1e-12 * max(power, 1.0))
        assert mine.sum() == pytest.approx(power, rel=1e-12)
    noise = [0.5, 1.0, 2.0, 4.0, 6.0]
    assert water_fill(noise, 4.0) == pytest.approx([max(_water_filling_by_hand(noise, 4.0) - n, 0) for n in noise])


def test_textbook_gaussian_kl_loses_every_digit_below_about_1e_8(prose):
    # the folded note: terms of size eps and 1/2 add up to eps^2, and rounding errors of about
    # 1e-16 swamp it once eps is below about 1e-8; infolib keeps the digits
    import mpmath

    assert "swamp the result once $r$ is below about $10^{-8}$" in prose

    def textbook(s_p, s_q):
        return math.log(s_q / s_p) + s_p**2 / (2 * s_q**2) - 0.5

    for eps, lost in [(1e-4, False), (1e-9, True), (1e-10, True)]:
        s_p, s_q = 1.3, 1.3 * (1 + eps)
        with mpmath.workdps(50):
            a, b = mpmath.mpf(s_p), mpmath.mpf(s_q)
            exact = float(mpmath.log(b / a) + a * a / (2 * b * b) - mpmath.mpf(1) / 2)
        error = abs(textbook(s_p, s_q) - exact) / exact
        assert (error > 0.5) == lost, eps
        assert il.normal_kl_divergence(0, s_p, 0, s_q, base="nats") == pytest.approx(exact, rel=1e-12)


def test_infinite_bandwidth_capacity_of_the_text(prose):
    assert "as $W \\to \\infty$ the capacity rises only to $P/(N_0 \\ln 2)$ bits per second" in prose
    p_over_n0 = 1e4
    caps = [w * math.log2(1 + p_over_n0 / w) for w in (1e2, 1e4, 1e6, 1e9)]
    assert caps == sorted(caps) and all(c < p_over_n0 / math.log(2) for c in caps)
    assert caps[-1] == pytest.approx(p_over_n0 / math.log(2), rel=1e-5)


# --- the chain rule for h, a discrete input, citations, symbols -------------------------------


def test_chain_rule_and_subadditivity_of_h_are_proved_before_the_converse_uses_them(notebook, prose):
    text = _flat(
        "```{prf:theorem} Chain rule and subadditivity of differential entropy :label: ch8-thm-chain-rule-h"
    )
    assert text in prose
    assert prose.index(text) < _converse_proof(prose)[0] < prose.index(":label: ch8-thm-water-filling")
    assert _flat("and $h(X_i)$ and $h(X^i)$ are finite for every $i$, where $X^i$ lists the first $i$ variables, "
                 "then $h(X^n) = \\sum_i h(X_i \\mid X^{i-1})$") in prose
    # the product of conditional densities needs the definition with a vector in place of X
    assert _flat("ones ({prf:ref}`ch8-def-joint-conditional` with $X$ the vector $X^{i-1}$)") in prose
    assert "the differential entropies below are finite" not in _flat(prose)
    assert _flat("and $h(X^n)$ is at most the sum of the $h(X_i)$, with equality exactly when the variables are independent") in prose
    assert _flat("conditioning reduces differential entropy") in prose
    assert _flat("while $h(Y^n) \\le \\sum_i h(Y_i)$ ({prf:ref}`ch8-thm-chain-rule-h`, whose entropies are finite by "
                 "{prf:ref}`ch8-lem-finite-h`") in prose
    # water-filling cites that step of the converse instead of repeating it
    assert _flat("Step 2 of the proof of the converse of {prf:ref}`ch8-thm-gaussian-coding`") in prose


def test_chain_rule_and_subadditivity_hold_for_random_gaussian_vectors():
    # h(X^n) = sum_i h(X_i | X^{i-1}) with Gaussian conditional variances from the Cholesky factor,
    # and h(X^n) <= sum_i h(X_i) (Hadamard's inequality), equal for a diagonal covariance
    rng = np.random.default_rng(8)
    for n in (2, 3, 5):
        a = rng.normal(size=(n, n))
        cov = a @ a.T + 0.1 * np.eye(n)
        conditional_variances = np.diag(np.linalg.cholesky(cov)) ** 2
        chain = sum(il.normal_entropy(math.sqrt(v)) for v in conditional_variances)
        assert il.mvn_entropy(cov) == pytest.approx(chain, rel=1e-12)
        assert il.mvn_entropy(cov) < sum(il.normal_entropy(math.sqrt(v)) for v in np.diag(cov))
        diagonal = np.diag(np.diag(cov))
        assert il.mvn_entropy(diagonal) == pytest.approx(
            sum(il.normal_entropy(math.sqrt(v)) for v in np.diag(cov)), rel=1e-12
        )


def test_mutual_information_of_a_discrete_input_is_defined_and_is_h_y_minus_h_z(prose):
    assert _flat(
        "value $x$, then $I(X; Y) = \\sum_x p(x)\\, D\\big(f(\\cdot \\mid x) \\,\\|\\, f_Y\\big)$"
    ) in _block(prose, ":label: ch8-def-mi-discrete-input")
    assert "so for it define" not in prose
    assert _flat(
        "the average over $u$ of $D\\big(f(\\cdot \\mid u) \\,\\|\\, f_{Y^n}\\big)$ ({prf:ref}`ch8-def-mi-discrete-input`),"
    ) in _converse_proof(prose)[1]
    assert "(When the input is discrete, as for" not in prose
    # the binary input +-sqrt(P) with noise N: the definition's average of divergences equals h(Y) - h(Z)
    power, noise = 1.0, 0.5
    s = math.sqrt(noise)
    f_y = lambda y: 0.5 * (scipy.stats.norm.pdf(y, -1, s) + scipy.stats.norm.pdf(y, 1, s))  # noqa: E731
    lo, hi = -1 - 12 * s, 1 + 12 * s
    divergence = integrate.quad(
        lambda y: scipy.stats.norm.pdf(y, 1, s) * math.log2(scipy.stats.norm.pdf(y, 1, s) / f_y(y)), lo, hi, limit=200
    )[0]  # the same for x = -1 by symmetry
    h_y = integrate.quad(lambda y: -f_y(y) * math.log2(f_y(y)), lo, hi, limit=200)[0]
    assert divergence == pytest.approx(h_y - il.normal_entropy(s), abs=1e-9)
    assert 0 < divergence < min(1.0, il.gaussian_channel_capacity(power / noise))


def test_water_filling_is_proved_by_concavity_not_by_quoting_kkt(prose):
    proof = _block(prose[prose.index(":label: ch8-thm-water-filling") :], "```{prf:proof}")
    assert "necessary and sufficient" not in proof
    assert "Each $C_j$ is concave, so it lies below its tangent at $P_j^*$" in proof
    assert "$C_j'(0) \\le \\frac{1}{2\\nu}$ and $P_j - P_j^* \\ge 0$" in proof
    bib = (Path(__file__).resolve().parents[2] / "references.bib").read_text(encoding="utf-8")
    assert "@book{boyd2004convex," in bib
    # the argument's inequality, checked on random channels and random feasible allocations
    rng = np.random.default_rng(40)
    for _ in range(200):
        k = int(rng.integers(1, 8))
        noise, power = rng.exponential(1.0, k) + 0.01, float(rng.exponential(3.0))
        wf = il.water_filling(noise, power)
        star, level = wf.allocation, wf.level

        def total(alloc):
            return float(np.sum(0.5 * np.log1p(alloc / noise)))

        slopes = 1 / (2 * (star + noise))
        assert (slopes[star > 0] == pytest.approx(1 / (2 * level), rel=1e-9))
        assert (1 / (2 * noise[star == 0]) <= 1 / (2 * level) + 1e-12).all()
        other = rng.dirichlet(np.ones(k)) * power * rng.uniform(0.5, 1.0)
        tangent = total(star) + float(np.sum(np.minimum(slopes, 1 / (2 * level)) * (other - star)))
        assert total(other) <= tangent + 1e-12 and tangent <= total(star) + 1e-12


def test_limits_of_quantisations_are_proved_not_only_shown(notebook, prose):
    opening = _flat("".join(notebook["cells"][0]["source"]))
    summary = prose[prose.index("## Summary") :]
    assert "shown numerically" not in prose
    assert _flat(
        "are the limits of their discrete versions (proved, with a bound on the gap, for densities whose log-ratio "
        "varies little, on average, over small bins)"
    ) in opening
    # the theorem gives the limits only when E_f[omega] -> 0, as it does for the chapter's densities
    assert _flat(
        "versions on finer and finer quantisations, from below (for the smooth densities of this chapter, "
        "{prf:ref}`ch8-thm-quantisation`; for the mutual information in general, see {cite:t}`cover2006elements`, "
        "Section 8.5)"
    ) in summary
    # that section gives the supremum over partitions for the mutual information, not for the divergence
    assert "in general see {cite:t}`cover2006elements`, Section 8.5" not in prose


def test_symbols_of_the_chapter_keep_one_meaning_each(notebook, prose):
    assert "\\delta" not in prose  # total variation only, on the notation page
    note = next("".join(c["source"]) for c in notebook["cells"] if "Under the hood: computing the divergence" in "".join(c["source"]))
    assert "\\varepsilon" not in note and "$\\sigma_g = \\sigma_f(1 + r)$" in note
    assert _flat("with independent $\\mathcal{N}(0, P')$ entries, for a power $P' < P$ at which $R < \\frac12 \\log_2(1 + P'/N)$") in prose
    page = (Path(__file__).resolve().parents[2] / "notation.md").read_text(encoding="utf-8")
    assert "| $N$, $P$ | noise variance of a Gaussian channel" in page


def test_kl_invariance_asks_for_a_derivative_that_never_vanishes(prose):
    # on open sets, so that Y = e^X (onto (0, inf)) and the cube on R minus 0 are covered
    assert "smooth and invertible, with a Jacobian" not in _flat(prose)
    assert _flat(
        "Let $\\psi$ be smooth and one-to-one from an open set $\\mathcal{O} \\subseteq \\mathbb{R}^k$, outside which $f$ "
        "and $g$ vanish almost everywhere, onto an open set $\\mathcal{O}'$, with a Jacobian determinant $J_\\psi = \\det(\\partial \\psi_i / \\partial x_j)$ "
        "that is nowhere 0 on $\\mathcal{O}$ "
        "(for $k = 1$: $\\psi' \\ne 0$)"
    ) in prose
    assert _flat("after the map $Y = e^X$ from $\\mathcal{O} = \\mathbb{R}$ onto $\\mathcal{O}' = (0, \\infty)$") in prose
    assert "a differentiable, strictly monotone map" not in prose
    # the proof carries |J_psi|, as the pairs of the mutual information need
    assert "$dy = |J_\\psi(x)|\\,dx$" in prose and "|\\psi'(x)|" not in prose


def test_gaussian_capacity_is_proved_here_and_previewed_in_chapter_7(prose):
    assert ":label: ch8-thm-gaussian-capacity" in prose
    chapter7 = _prose(_load("07_noisy_channels.ipynb"))
    assert "```{prf:theorem} Capacity of the Gaussian channel :label: ch7-thm-gaussian" in chapter7
    assert "This is a preview of {prf:ref}`ch8-thm-gaussian-capacity`, where it is proved." in chapter7


# --- exact statements, hypotheses and notation ------------------------------------------------


def test_gaussian_kl_and_gibbs_for_densities_are_proved_before_their_first_use(notebook):
    # every cell after the opening, code and text, in reading order
    text = "\n".join("".join(c["source"]) for c in notebook["cells"][1:])
    proved_at = text.index(":label: ch8-thm-gaussian-kl")
    proof_end = text.index("```", text.index("```{prf:proof}", proved_at) + 5)
    for use in ("normal_kl_divergence(", "mvn_kl_divergence(", "{prf:ref}`ch8-thm-gaussian-kl`"):
        assert text.index(use) > proof_end, use
    assert "proved below" not in text
    gibbs = text.index(":label: ch8-thm-gibbs-densities")
    for use in (":label: ch8-thm-maxent", ":label: ch8-thm-quantisation", "Gibbs' inequality for\ndensities applies"):
        assert text.index(use) > gibbs, use
    assert text.index(":label: ch8-def-kl-densities") < gibbs


def test_coding_sketch_calls_its_typicality_tolerance_gamma_as_chapter_7_does(prose):
    sketch = _block(prose, ":label: ch8-thm-gaussian-coding", "Does the input have to be Gaussian?")
    assert _flat(
        "decode by joint typicality, with densities in place of probabilities and a tolerance $\\gamma$, "
        "as in {doc}`07_noisy_channels` ($\\varepsilon$ is the error probability here)."
    ) in sketch
    assert "Let $\\gamma > 0$ (called $\\varepsilon$ in {prf:ref}`ch3-thm-aep`" in _prose(_load("07_noisy_channels.ipynb"))


def test_aep_for_densities_states_the_finite_variance_chebyshev_needs(prose):
    theorem = prose[prose.index(":label: ch8-thm-aep-volume") :]
    assert _flat(
        "independent draws from a density $f$ whose negative log-density $-\\log_2 f(X_i)$ has a finite "
        "mean, $h$, and a finite variance"
    ) in theorem
    assert "proved with Chebyshev's inequality as in {prf:ref}`ch3-thm-aep`" in theorem
    assert "from a density $f$ with finite differential entropy" not in prose
    # the Gaussian's negative log-density has variance (log2 e)^2 / 2 (a chi-squared with 1 degree)
    rng = np.random.default_rng(5)
    x = rng.normal(20, 0.5, 400_000)
    info = -scipy.stats.norm(20, 0.5).logpdf(x) / math.log(2)
    assert info.var() == pytest.approx(math.log2(math.e) ** 2 / 2, rel=0.01)


def test_exercises_are_referred_to_with_ref_as_in_the_other_chapters(prose):
    assert not re.search(r"\{numref\}`ch8-ex-", prose)
    for label in ["ch8-ex-write-water-filling"]:
        assert f"{{ref}}`{label}`" in prose and f":label: {label}" in prose



def test_linear_change_of_variables_is_proved_for_vectors(prose):
    assert "h(AX + b) = h(X) + \\log |\\det A|$" in prose
    assert "$y = Ax + b$, $dy = |\\det A|\\,dx$" in prose
    assert "{cite:p}`cover2006elements`.\n\n## From discrete" not in prose
    rng = np.random.default_rng(12)
    for k in (1, 2, 4):
        a, m = rng.normal(size=(k, k)), rng.normal(size=(k, k))
        cov = m @ m.T + np.eye(k)
        assert il.mvn_entropy(a @ cov @ a.T) == pytest.approx(
            il.mvn_entropy(cov) + math.log2(abs(np.linalg.det(a))), rel=1e-10, abs=1e-10)



# --- a lecturer's reading of the chapter: justified steps, exercises for the second half, wording ---


def test_converse_justifies_data_processing_for_a_continuous_output_by_the_partition_bound(prose):
    assert "using the chains $U \\to Y \\to \\hat U$" not in prose
    assert _flat("The first line of the proof never uses that the bins are cubes: for any partition of") in prose
    assert _flat("the decoding regions $\\{y : \\hat U = j\\}$ partition $\\mathbb{R}^n$") in prose
    assert "$I(U; \\hat U) \\le I(U; Y^n)$" in prose and "And $I(U; Y^n) = I(X^n; Y^n)$" in prose
    # the partition bound, on a partition that is not a grid: two codewords +-1 over a Gaussian
    # channel with noise variance 1, decoded by thresholds at -0.3 and 0.8 into three regions
    f = [scipy.stats.norm(-1, 1), scipy.stats.norm(1, 1)]
    f_y = lambda y: 0.5 * (f[0].pdf(y) + f[1].pdf(y))
    i_uy = sum(0.5 * integrate.quad(lambda y: fu.pdf(y) * math.log2(fu.pdf(y) / f_y(y)), -30, 30)[0]
               for fu in f)
    edges = [-np.inf, -0.3, 0.8, np.inf]
    p = np.array([np.diff(fu.cdf(edges)) for fu in f]) / 2  # P(U = u, U_hat = j)
    i_uuhat = il.mutual_information(p)
    assert 0 < i_uuhat < i_uy < 1


def test_capacity_theorem_says_which_inputs_it_ranges_over(prose):
    assert _flat("the maximum over the inputs $X$ that are discrete ({prf:ref}`ch8-def-mi-discrete-input`) or have a density is") in prose


def test_achievability_sketch_discards_the_codewords_that_break_the_power_constraint(prose):
    assert _flat(
        "draw $2\\lceil 2^{nR} \\rceil$ codewords at random with independent $\\mathcal{N}(0, P')$ entries"
    ) in prose
    assert _flat(
        "Discarding the worse half of the codewords, as chapter 7 does, leaves $\\lceil 2^{nR} \\rceil$ of them: "
        "if the random code's average error probability is below $\\varepsilon/2$, so is that of some code, fewer "
        "than half of its codewords have an error probability of $\\varepsilon$ or more, and each codeword in the "
        "better half has an error probability below $\\varepsilon < 1$ (proving the theorem for $\\varepsilon < 1$ "
        "proves it for every $\\varepsilon$). So discarding also removes every codeword that breaks the constraint"
    ) in prose
    assert "run the construction with" not in prose and "less than 1 for $\\varepsilon < \\frac12$" not in prose
    assert "draw the $2^{nR}$ codewords" not in prose
    # Markov: if the average error is below eps/2 with eps < 1, fewer than half the codewords have error
    # eps or more, the better half each have error below eps, and no codeword whose error counts as 1 survives
    rng = np.random.default_rng(7)
    for _ in range(200):
        errors = rng.uniform(0, 0.02, 64)
        errors[rng.choice(64, rng.integers(0, 6), replace=False)] = 1.0  # broken constraint
        eps = 2 * errors.mean() * 1.001
        if eps >= 1:
            continue
        assert np.count_nonzero(errors >= eps) < 32
        kept = np.sort(errors)[:32]
        assert kept.max() < eps < 1 and not np.any(kept == 1.0)


def test_gibbs_for_densities_cites_the_proof_that_uses_ln_t_le_t_minus_1():
    chapter8 = _prose(_load(CHAPTER))
    proof = _block(chapter8, ":label: ch8-thm-gibbs-densities", "For Gaussians the integral")
    assert "ch3-thm-gibbs" not in proof
    assert _flat("As chapter 5's second proof of Gibbs' inequality ({doc}`05_kl_divergence`), with $\\ln t \\le t - 1$") in proof
    chapter5 = _prose(_load("05_kl_divergence.ipynb"))
    assert _flat("Otherwise apply $\\ln t \\le t - 1$ with $t = q(x)/p(x)$ to every term") in chapter5
    t = np.geomspace(1e-6, 1e6, 10_001)
    assert np.all(np.log(t) <= t - 1)


def test_the_quantisation_condition_is_claimed_only_for_the_densities_quantised(prose):
    assert "Every density of this chapter meets the condition." not in prose
    # the log-normal pair of the invariance check fails it: ln(f_Y/g_Y) -> -inf as y -> 0+
    def log_ratio(y):
        x = math.log(y)
        return (scipy.stats.norm.logpdf(x, 1, 1) - scipy.stats.norm.logpdf(x, 2, 1.5))
    values = [log_ratio(y) for y in (1e-5, 1e-20, 1e-80, 1e-300)]
    assert values == sorted(values, reverse=True) and values[-1] < -1e5
    # chapter 5 compared density values on a grid: this quantisation approximates it
    assert "sound way to compare densities" not in prose
    assert _flat("chapter 5's grid of $x$ values approximates this quantisation") in prose


def test_kl_invariance_holds_for_the_cube_though_the_proof_needs_a_nonzero_derivative(prose):
    assert "is left out" not in prose
    # not every invertible map: Y must still have a density (a map onto a Cantor-like set has none)
    assert "unchanged by every invertible map" not in prose
    assert _flat(
        "The condition $J_\\psi \\ne 0$ may fail at points that $\\mathcal{O}$ leaves out. For the cube "
        "$x^3$, whose derivative is 0 at 0, the theorem applies with $\\mathcal{O} = \\mathcal{O}' = \\mathbb{R} \\setminus \\{0\\}$"
    ) in prose
    # the theorem's hypothesis that the remark relaxes
    assert _flat("nowhere 0 on $\\mathcal{O}$ (for $k = 1$: $\\psi' \\ne 0$)") in prose
    # D(p || q) for Y = X^3, p = N(1, 1), q = N(2, 1.5^2), by quadrature in y, against the closed form
    def density(y, mu, sigma):
        x = np.cbrt(y)
        return scipy.stats.norm.pdf(x, mu, sigma) / (3 * x * x)
    def integrand(y):
        fp, fq = density(y, 1, 1), density(y, 2, 1.5)
        return fp * math.log2(fp / fq) if fp > 0 else 0.0
    d_cube = sum(integrate.quad(integrand, a, b, limit=400)[0] for a, b in [(-400, 0), (0, 1), (1, 2000)])
    assert d_cube == pytest.approx(il.normal_kl_divergence(1, 1, 2, 1.5), abs=1e-6)


def test_differential_entropy_is_said_to_depend_on_units_not_to_lose_its_meaning(prose):
    assert _flat("while differential entropy does not.") not in prose
    # said where the divergence is shown invariant and in the summary, not once more on its own
    assert "This is why the KL divergence keeps its meaning for continuous data" not in prose
    assert _flat(
        "Unlike $h$, the KL divergence does not care about units, or about any smooth one-to-one change of variables "
        "whose Jacobian determinant is not 0 (made precise below)."
    ) in prose
    # a smooth increasing map whose derivative is 0 on an interval is not covered
    assert "any smooth reparametrisation" not in prose
    assert "that is nowhere 0 on $\\mathcal{O}$" in _flat(_block(prose, ":label: ch8-thm-kl-invariance"))
    assert _flat("$h(aX + b) = h(X) + \\log|a|$ for $a \\ne 0$, so it depends on the units.") in prose
    # and the scaling law it rests on
    assert il.normal_entropy(1.8 * 0.5) - il.normal_entropy(0.5) == pytest.approx(math.log2(1.8))


def test_quantisation_caption_is_exact_only_for_the_uniform(notebook):
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("mystnb", {})
        if meta.get("figure", {}).get("name") == "ch8-fig-quantisation":
            assert "is then close to (for the uniform, equal to) $h(X) - \\log_2 \\Delta$" in meta["figure"]["caption"]
            assert "lie close to the blue line" in _alt(notebook, "ch8-fig-quantisation")
    # the thermometer's H(X_delta) stays above h - log2 delta (part 2): close, not equal
    h = il.normal_entropy(0.5)
    for delta in (0.25, 0.125):
        gap = il.entropy(_binned_normal(20, 0.5, delta, 14, 26)) - (h - math.log2(delta))
        assert 0 < gap < 0.02


def test_under_the_hood_quotes_the_documented_guarantee_for_diagonal_covariances(prose):
    assert "keeps every digit" not in prose
    assert _flat(
        "For two diagonal covariances the library's form loses no digits to cancellation: its documentation "
        "guarantees a relative error below $10^{-12}$, however close they are."
    ) in prose
    # the number quoted is the one the docstring states
    doc = " ".join(il.mvn_kl_divergence.__doc__.split())
    assert "Diagonal covariances keep a relative error below :math:`10^{-12}` however close they are." in doc
    # and it holds: nearly equal diagonal covariances against 50-digit mpmath (nats)
    import mpmath

    var_p = np.array([1.0, 0.25, 4.0])
    mean = np.zeros(3)
    for r in (1e-3, 1e-6, 1e-9, 1e-12):
        var_q = var_p * (1 + r)
        with mpmath.workdps(50):  # of the variances as stored: 1/2 sum(u - 1 - ln u), u = var_p / var_q
            u = [mpmath.mpf(p) / mpmath.mpf(q) for p, q in zip(var_p, var_q)]
            exact = float(sum(x - 1 - mpmath.log(x) for x in u) / 2)
        got = il.mvn_kl_divergence(mean, np.diag(var_p), mean, np.diag(var_q), base="nats")
        assert exact > 0 and abs(got - exact) <= 1e-12 * exact


def test_each_letter_keeps_one_role_in_the_chapter(prose):
    assert "\\phi" not in prose  # the map of the invariance theorem is psi; varphi is the Gaussian density
    assert "\\mu_k" not in prose and "\\sigma_k" not in prose  # k is the dimension; a component is j
    assert "(2\\pi e)^n" not in prose and "(2\\pi e)^k \\det \\Sigma" in prose
    assert "g_j" not in prose  # g is a density; the capacity of channel j is C_j
    page = (Path(__file__).resolve().parents[2] / "notation.md").read_text(encoding="utf-8")
    assert "$\\eta = R/W$" not in page and "| $E_b/N_0$, $\\eta = 2R$ |" in page
    assert "Write\n$\\eta = 2R$ for the **spectral efficiency**" in prose or _flat("Write $\\eta = 2R$ for the **spectral efficiency**") in prose
    # 2W uses per second at R bits per use, over W hertz
    for w, r in [(3000.0, 1.5), (1e6, 0.25)]:
        assert (2 * w * r) / w == pytest.approx(2 * r)


def test_product_rule_for_densities_is_the_same_proof_as_the_finite_exercise(prose):
    assert _flat("(the same one-line proof as {ref}`ch5-ex-product`, for densities)") in prose
    assert _flat("({ref}`ch5-ex-product`, for densities)") not in prose


def test_write_it_yourself_mvn_entropy_rejects_a_positive_determinant_that_is_not_positive_definite(code):
    from solutions import function

    mvn_entropy_bits = function(CHAPTER, "mvn_entropy_bits")
    not_pd = np.diag([-1.0, -2.0])
    assert np.linalg.det(not_pd) > 0 and np.linalg.slogdet(not_pd)[0] == 1
    with pytest.raises(ValueError, match="cov must be positive definite"):
        mvn_entropy_bits(not_pd)
    assert "sign <= 0" not in code and "np.linalg.cholesky(cov)" in code


def test_second_half_exercises_telephone_line_and_wideband_limit(notebook, prose):
    markdown = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    assert "```{solution-start} ch8-ex-telephone\n:class: dropdown" in markdown
    assert "```{solution} ch8-ex-wideband\n:class: dropdown" in markdown
    # the telephone line: W = 3 kHz at 30 dB, and the least Eb/N0 at eta = 4
    capacity = 3000 * math.log2(1 + 10 ** 3)
    ebn0 = (2**4 - 1) / 4
    out = _stdout(notebook, "bandwidth_hz, snr_db = 3000.0, 30.0")
    assert f"capacity: {capacity:,.0f} bits per second, {capacity / 3000:.2f} bits per second per hertz" in out
    assert f"Eb/N0 >= {ebn0:g}, or {10 * math.log10(ebn0):.2f} dB" in out
    assert "$3000 \\log_2 1001 \\approx 29{,}900$ bits" in prose and round(capacity, -2) == 29_900
    assert "about $10$ bits per second per hertz" in prose and round(capacity / 3000) == 10
    assert "\\ge (2^4 - 1)/4 = 3.75$" in prose and "\\approx 5.74$ dB" in prose
    assert round(10 * math.log10(3.75), 2) == 5.74
    # the wideband limit: ln(1 + s)/s falls in s, stays below 1, tends to 1; ln 2 at s = 1
    s = np.geomspace(1e-8, 1e4, 2001)
    ratio = np.log1p(s) / s
    assert np.all(np.diff(ratio) < 0) and np.all(ratio < 1) and ratio[0] == pytest.approx(1, abs=1e-7)
    assert "$\\ln 2 \\approx 0.69$" in prose and "69%" in prose and round(math.log(2), 2) == 0.69


# --- definitions and remarks made explicit ---------------------------------------------------


def test_conditional_entropy_is_defined_for_a_discrete_x_and_the_mutual_information_splits_with_it(prose):
    assert _flat(
        "When $X$ is discrete, with probabilities $p(x)$, and $Y$ has a density $f(\\,\\cdot \\mid x)$ given "
        "each value $x$, the average is a sum: $h(Y \\mid X) = \\sum_x p(x)\\, h(Y \\mid X = x)$."
    ) in _block(prose, ":label: ch8-def-joint-conditional")
    assert _flat(
        "gives, whenever $h(Y)$ and $h(Y \\mid X)$ are finite, the same difference of entropies, "
        "$I(X; Y) = h(Y) - h(Y \\mid X)$, with "
        "$h(Y \\mid X) = \\sum_x p(x)\\, h(Y \\mid X = x)$ ({prf:ref}`ch8-def-joint-conditional`)"
    ) in prose
    _, proof = _converse_proof(prose)
    assert "$h(Y^n \\mid X^n) = \\sum_i h(Z_i) = \\sum_i h(Y_i \\mid X_i)$" in proof
    # the split, for a discrete X whose conditional densities differ in spread as well as in place
    p, means, sds = [0.2, 0.5, 0.3], [-1.5, 0.0, 2.0], [0.4, 1.0, 0.7]
    f_y = lambda y: sum(w * scipy.stats.norm.pdf(y, m, s) for w, m, s in zip(p, means, sds))  # noqa: E731
    lo, hi = -12.0, 12.0
    divergences = sum(
        w * integrate.quad(lambda y: scipy.stats.norm.pdf(y, m, s) * math.log2(scipy.stats.norm.pdf(y, m, s) / f_y(y)),
                           lo, hi, points=means, limit=400)[0]
        for w, m, s in zip(p, means, sds)
    )
    h_y = integrate.quad(lambda y: -f_y(y) * math.log2(f_y(y)), lo, hi, points=means, limit=400)[0]
    h_y_given_x = sum(w * il.normal_entropy(s) for w, s in zip(p, sds))
    assert divergences == pytest.approx(h_y - h_y_given_x, abs=1e-8)


def test_mutual_information_is_zero_exactly_for_independence(prose):
    assert _flat(
        "So it is never negative (Gibbs' inequality, {prf:ref}`ch8-thm-gibbs-densities`), with equality if "
        "and only if $f = f_X f_Y$ (almost everywhere), that is, when $X$ and $Y$ are independent."
    ) in prose
    # the equality case it rests on
    assert "with equality if and only if $f = g$ (almost everywhere)" in _block(prose, ":label: ch8-thm-gibbs-densities")
    # for a Gaussian pair, f = f_X f_Y exactly when rho = 0
    assert il.bivariate_normal_mutual_information(0.0) == 0.0
    assert all(il.bivariate_normal_mutual_information(r) > 0 for r in (-0.9, -1e-3, 1e-3, 0.5))


def test_the_bits_of_a_quantisation_are_m_not_the_block_length(prose):
    assert "$n$-bit quantisation" not in prose
    assert _flat("So for a quantisation to $m$ binary places ($\\Delta = 2^{-m}$) of a density with finite $h(X)$ and "
                 "$\\mathbb{E}_f[\\omega_\\Delta] \\to 0$ along these widths ({prf:ref}`ch8-thm-quantisation`), "
                 "$H(X_\\Delta) \\approx h(X) + m$ bits") in prose
    assert "-bit quantisation" not in prose
    h = il.normal_entropy(0.5)
    for m in (4, 8):
        delta = 2.0**-m
        assert il.entropy(_binned_normal(20.0, 0.5, delta, 14.0, 26.0)) == pytest.approx(h + m, abs=1e-3)


def test_gradient_bound_constants_are_not_the_scale_or_laplace_letters(prose):
    assert "a + b\\|x\\|" not in prose
    assert _flat(
        "gradient of length at most $a_0 + a_1\\|x\\|$, it varies over a bin, of diameter $\\sqrt k\\,\\Delta$, "
        "by at most $\\sqrt k\\,\\Delta\\,(a_0 + a_1\\|x\\| + a_1\\sqrt k\\,\\Delta)$"
    ) in prose
    # |grad| <= c_0 + c_1 ||z|| on the bin, and ||z|| <= ||x|| + diameter, for every x of the bin
    rng = np.random.default_rng(6)
    c0, c1 = 0.7, 1.3
    for k in (1, 2, 3):
        for _ in range(200):
            delta = float(rng.uniform(0.01, 1.0))
            corner = delta * np.floor(rng.normal(0, 3, k) / delta)
            x, z = corner + delta * rng.random(k), corner + delta * rng.random(k)
            assert np.linalg.norm(x - z) <= math.sqrt(k) * delta + 1e-12
            assert c0 + c1 * np.linalg.norm(z) <= c0 + c1 * np.linalg.norm(x) + c1 * math.sqrt(k) * delta + 1e-12


def test_laplace_entropy_is_derived_in_one_line(prose):
    assert _flat(
        "(its $h$ is $\\log(2e\\beta)$, since $-\\log f(x) = \\log(2\\beta) + \\frac{|x|}{\\beta} \\log e$ and "
        "$\\mathbb{E}|X| = \\beta$)"
    ) in prose
    # b is the shift of h(aX + b); the Laplace scale is beta
    assert "\\frac{1}{2b}" not in prose and "2eb" not in prose
    for b in (1 / math.sqrt(2), 0.3, 4.0):
        laplace = scipy.stats.laplace(scale=b)
        assert laplace.expect(abs) == pytest.approx(b, rel=1e-9)
        x = np.linspace(-5, 5, 11)
        assert -np.log2(laplace.pdf(x)) == pytest.approx(np.log2(2 * b) + np.abs(x) / b * math.log2(math.e))
        assert math.log2(2 * b) + math.log2(math.e) == pytest.approx(laplace.entropy() / math.log(2))
        assert math.log2(2 * math.e * b) == pytest.approx(laplace.entropy() / math.log(2))


@pytest.mark.parametrize("snr", [1.0, 10.0])
def test_binary_input_stays_below_one_bit_for_the_reason_given(prose, snr):
    assert _flat(
        "The binary input can never carry more than 1 bit per use, however strong the signal: by Bayes' rule "
        "$f(y \\mid x)/f_Y(y) = p(x \\mid y)/p(x)$, so the average of divergences that defines $I(X; Y)$ is "
        "$H(X) - \\int f_Y(y)\\, H(X \\mid Y = y)\\, dy \\le H(X) = 1$ bit"
    ) in prose
    b = math.sqrt(snr)
    f_y = lambda y: 0.5 * scipy.stats.norm.pdf(y - b) + 0.5 * scipy.stats.norm.pdf(y + b)  # noqa: E731

    def equivocation(y):
        post = 0.5 * scipy.stats.norm.pdf(y - b) / f_y(y)
        return f_y(y) * il.entropy([post, 1 - post])

    lim = b + 12
    by_bayes = 1.0 - integrate.quad(equivocation, -lim, lim, limit=400)[0]
    by_entropies = _mutual_information_bits(f_y, lim)
    assert by_bayes == pytest.approx(by_entropies, abs=1e-8)
    assert 0 < by_bayes < 1


def test_water_filling_powers_have_one_name_and_capacity_is_the_largest_mutual_information(prose):
    theorem = _block(prose, ":label: ch8-thm-water-filling")
    definition = _block(prose, ":label: ch8-def-parallel-capacity")
    assert "The $L$ parallel Gaussian channels of {prf:ref}`ch8-def-parallel-capacity` have capacity" in theorem
    assert (
        "power $P > 0$ is the largest $I(X; Y)$ over inputs $X = (X_1, \\dots, X_L)$ with $\\sum_j \\mathbb{E}[X_j^2] \\le P$, "
        "as in {cite:t}`cover2006elements` (Section 9.4)." in definition
    )
    assert "Capacity here means" not in prose
    assert "\\frac{P_j^*}{N_j}" in theorem and "the **water-filling powers** $P_j^* = \\max(\\nu - N_j, 0)$" in theorem
    assert "$\\sum_j P_j^* = P$" in theorem and "$X_j \\sim \\mathcal{N}(0, P_j^*)$" in theorem
    assert "P_j = \\max" not in prose and "\\frac{P_j}{N_j}" not in theorem
    assert "returns the powers $P_j^* = \\max(\\nu - N_j, 0)$ of {prf:ref}`ch8-thm-water-filling`" in prose
    assert _flat("This chapter states no coding theorem for parallel channels") in prose
    # the theorem's value is the largest sum over allocations meeting the budget
    rng = np.random.default_rng(11)
    noise, power = np.array([0.5, 1.0, 2.0, 4.0, 6.0]), 4.0
    wf = il.water_filling(noise, power)
    star = np.maximum(wf.level - noise, 0)
    assert star.sum() == pytest.approx(power) and wf.allocation == pytest.approx(star)
    assert wf.capacity == pytest.approx(float(np.sum(0.5 * np.log2(1 + star / noise))))
    for _ in range(500):
        other = rng.dirichlet(np.ones(noise.size)) * power * rng.uniform(0, 1)
        assert np.sum(0.5 * np.log2(1 + other / noise)) <= wf.capacity + 1e-12


def test_water_filling_intuition_speaks_of_slopes_in_nats(prose):
    assert "spending a little power on a quiet channel buys more than on a noisy one" not in prose
    assert _flat(
        "Power buys most on the quietest channel at first, where the slope $C_j'(0) = \\frac{1}{2N_j}$ of the "
        "proof is the largest; at the optimum every channel in use returns the same $\\frac{1}{2\\nu}$ nats per "
        "unit of power, and a dry channel would return at most that."
    ) in prose
    # C_j is in nats in the proof
    assert "C_j(P_j) = \\frac12 \\ln(1 + P_j/N_j)" in prose
    noise = np.array([0.5, 1.0, 2.0, 4.0, 6.0])
    wf = il.water_filling(noise, 4.0)
    star, level = wf.allocation, wf.level
    eps = 1e-6
    slope = (0.5 * np.log1p((star + eps) / noise) - 0.5 * np.log1p(star / noise)) / eps  # nats per unit
    assert slope[star > 0] == pytest.approx(np.full((star > 0).sum(), 1 / (2 * level)), rel=1e-5)
    assert (slope[star == 0] <= 1 / (2 * level)).all()
    first = 1 / (2 * noise)
    assert first.argmax() == noise.argmin()


def test_write_it_yourself_mvn_entropy_names_the_dimension_k_and_rejects_a_non_symmetric_cov(prose):
    from solutions import function

    assert "overflows or underflows for large $k$" in prose and "underflows for large $n$" not in prose
    assert _flat(
        "So the function first checks that `cov` is symmetric, since `np.linalg.cholesky` reads only the lower "
        "triangle and never looks at the upper one"
    ) in prose
    mvn_entropy_bits = function(CHAPTER, "mvn_entropy_bits")
    skew = np.array([[1.0, 0.9], [-0.9, 1.0]])
    # numpy alone would take it for the symmetric matrix of its lower triangle
    lower = np.tril(skew) + np.tril(skew, -1).T
    assert np.allclose(np.linalg.cholesky(skew), np.linalg.cholesky(lower))
    with pytest.raises(ValueError, match="cov must be a symmetric square matrix"):
        mvn_entropy_bits(skew)
    with pytest.raises(ValueError, match="cov must be a symmetric square matrix"):
        mvn_entropy_bits(np.ones((2, 3)))
    assert mvn_entropy_bits(np.eye(2)) == pytest.approx(il.mvn_entropy(np.eye(2)), rel=1e-12)


# --- exact statements, hypotheses and notation ------------------------------------------------


@pytest.mark.parametrize(
    "gone",
    [
        # the Fahrenheit cell two cells later gives the same temperature 1.895 bits
        "is a property of the temperature alone",
        # Delta 4 -> 2 adds 0.001 bits, 2 -> 1 adds 0.27
        "grows by one bit each time the bins are halved",
        "the distribution of the bin probabilities under the density $f$",
        "Equality needs $g/f = 1$ wherever $f > 0$",
        # the volume itself does not settle; log2 of it, over n, does
        "the volume of the typical set, per coordinate, settles",
    ],
)
def test_corrected_sentences_do_not_return(notebook, prose, gone):
    captions = " ".join(_flat(_figure(notebook, name)[0]) for name in ["ch8-fig-quantisation"])
    assert _flat(gone) not in prose and _flat(gone) not in captions


def test_the_thermometers_offset_belongs_to_its_distribution_in_celsius(notebook, prose):
    assert _flat(
        "what remains, about $1.047$ bits, is a property of the temperature's distribution, measured in "
        "$^\\circ\\mathrm{C}$, not of the display."
    ) in prose
    out = _stdout(notebook, "h_fahrenheit = ")
    celsius = float(re.search(r"h in Celsius:\s+([\d.]+) bits", out).group(1))
    fahrenheit = float(re.search(r"h in Fahrenheit:\s+([\d.]+) bits", out).group(1))
    assert f"{celsius:.3f}" == "1.047" and abs(fahrenheit - celsius) > 0.8  # the units matter


def _table(notebook, marker: str) -> str:
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code" and marker in "".join(c["source"])]
    assert len(cells) == 1, marker
    return "".join("".join(o["data"]["text/plain"]) for o in cells[0]["outputs"] if "data" in o)


def test_quantisation_figure_names_each_offset_line_by_its_distribution(notebook):
    # the figure alone shows H(X_delta) against h - log2 delta; no table repeats the thermometer's rows
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code" and "H_uniform.append(" in "".join(c["source"])]
    assert len(cells) == 1
    source = "".join(cells[0]["source"])
    assert 'label=r"thermometer: $h - \\log_2 \\Delta$"' in source
    assert 'label=r"uniform on $[0, 1/2]$: $h - \\log_2 \\Delta$"' in source
    assert cells[0]["metadata"]["mystnb"]["figure"]["name"] == "ch8-fig-quantisation"
    assert not [o for o in cells[0]["outputs"] if "text/plain" in o.get("data", {}) and "image/png" not in o["data"]]
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert "H, thermometer" not in code


def test_quantisation_caption_says_one_bit_per_halving_only_for_fine_bins(notebook):
    caption, alt = _figure(notebook, "ch8-fig-quantisation")
    assert "grows by about one bit per halving once the bins are fine" in _flat(caption)
    # the lines h - log2 delta rise by exactly one bit per halving, as the alt text says
    assert "Two straight lines rise by one bit per halving" in _flat(alt)
    entropies = [il.entropy(_binned_normal(20, 0.5, d, 14, 26)) for d in (4.0, 2.0, 1.0, 2.0**-6, 2.0**-7)]
    steps = np.diff(entropies)
    assert steps[0] < 0.01 and 0.2 < steps[1] < 0.35  # coarse bins: far from one bit
    assert steps[-1] == pytest.approx(1.0, abs=1e-3)  # fine bins: one bit


def test_the_data_processing_step_of_the_kl_figure_refers_back_instead_of_repeating(prose):
    assert _flat(
        "never fall when $\\Delta$ halves: every grid contains 0, so each bin of width $\\Delta$ is the union "
        "of two bins of width $\\Delta/2$, and {prf:ref}`ch5-thm-merging` applies."
    ) in prose
    assert "rise with every halving" not in prose and "the data-processing remark after that" not in prose
    assert "by the data-processing inequality above" not in prose
    # the remark itself says in words what the proof's display already shows
    assert _flat(
        "the same decomposition, whose second sum is never negative, gives "
        "$D(f \\,\\|\\, g) \\ge \\sum_i p_i \\ln \\frac{p_i}{q_i}$. Reporting only which set"
    ) in prose
    assert prose.count("data-processing") == 1


def test_gibbs_equality_case_is_almost_everywhere_and_uses_that_g_integrates_to_one(prose):
    assert _flat(
        "almost everywhere on $\\{f > 0\\}$; then $\\int_{f > 0} g = 1$ forces $f = g$ almost everywhere."
    ) in prose


def test_quantised_distribution_is_the_distribution_of_the_bin(prose):
    assert _flat("and $f_\\Delta$ is the distribution of $X_\\Delta$: the bin probabilities under $f$.") in prose


def test_typical_set_reading_is_log_volume_over_n(notebook, prose):
    assert _flat(
        "and $\\log_2$ of the volume of the typical set, divided by $n$, settles between $h - \\varepsilon$ and "
        "$h + \\varepsilon$ for large $n$"
    ) in prose
    last = float(_table(notebook, "lo_r2, hi_r2 = ").strip().splitlines()[-1].split()[-1])
    h = il.normal_entropy(0.5)
    assert h - 0.1 <= last <= h + 0.1


def test_capacity_proof_says_why_h_of_y_is_finite_for_a_discrete_input(prose):
    proof = _block(prose, ":label: ch8-thm-gaussian-capacity", "The channel coding theorem of")
    # the reason (the lemma) comes before the split that needs it
    assert "So $h(Y)$ is finite" not in prose
    assert _flat(
        "By {prf:ref}`ch8-lem-finite-h` with $n = 1$, $h(Y)$ is finite, also for a discrete $X$, so "
        "$I(X; Y) = h(Y) - h(Z)$."
    ) in proof
    lemma_proof = _flat(_block(prose, ":label: ch8-lem-finite-h", "```{prf:theorem} Capacity of the Gaussian channel"))
    assert _flat(
        "Their density is an average of the density of their noises shifted by the values of their inputs (a weighted "
        "sum for a discrete input), so it is at most that density's peak"
    ) in lemma_proof
    # the binary input's output density never exceeds the noise density's peak
    y = np.linspace(-10, 10, 20001)
    f_y = 0.5 * scipy.stats.norm.pdf(y, -1, 1) + 0.5 * scipy.stats.norm.pdf(y, 1, 1)
    assert f_y.max() <= 1 / math.sqrt(2 * math.pi)


def test_mixture_gap_is_chapter_5s_forward_fit(notebook, prose):
    assert _flat(
        "It is also the divergence of {doc}`05_kl_divergence`'s forward fit: the Gaussian $g$ that minimises "
        "$D(f \\,\\|\\, g)$ for the mixture $f$ has the mean and the variance of $f$ "
        "({prf:ref}`ch8-thm-moment-matching`), here "
        "$-0.40$ and $2.05^2$, so the best forward fit misses the mixture by exactly the mixture's entropy gap, "
        "$0.803$ bits."
    ) in prose
    moments = _stdout(notebook, "mix_mean = ")
    mean, sd = map(float, re.search(r"mean (-?[\d.]+), standard deviation ([\d.]+)", moments).groups())
    assert (f"{mean:.2f}", f"{sd:.2f}") == ("-0.40", "2.05")
    gap = float(re.search(r"h\(matching Gaussian\) - h\(mixture\):\s+([\d.]+) bits", _stdout(notebook, "gap = ")).group(1))
    assert f"{gap:.3f}" == "0.803"
    # chapter 5's forward fit, on its own grid, states the same moments and divergence
    ch5 = _prose(_load("05_kl_divergence.ipynb"))
    assert ":label: ch5-thm-moment-matching" in ch5


def test_quantisation_gap_exercise_closed_form_and_its_limit(notebook, prose):
    assert ":label: ch8-ex-quantisation-gap" in prose
    assert _flat("G(\\Delta) &= \\ln \\frac{\\Delta}{1 - e^{-\\Delta}} \\\\ &\\quad + \\frac{\\Delta}{e^\\Delta - 1} - 1 .") in prose
    assert "$G(\\Delta) = \\frac{\\Delta^2}{24} + O(\\Delta^3)$" in prose

    def closed(d):
        return math.log(d / -math.expm1(-d)) + d / math.expm1(d) - 1

    for d in (1.0, 0.3, 0.05):
        # independent reference: bins of the exponential from scipy's cdf, entropy with scipy
        edges = np.arange(0, 80 + d, d)
        p = np.diff(scipy.stats.expon.cdf(edges))
        gap = scipy.stats.entropy(p) + math.log(d) - 1
        assert gap == pytest.approx(closed(d), abs=1e-9)
        assert 0 <= gap <= d
    assert closed(1e-3) / (1e-6 / 24) == pytest.approx(1, abs=1e-3)
    solution = [c for c in notebook["cells"] if "def exponential_gap(" in "".join(c["source"])]
    assert len(solution) == 1


# --- exact statements, hypotheses and notation ------------------------------------------------


def test_moment_matching_is_proved_for_densities_and_gives_the_vector_maximum_entropy(prose):
    theorem = _block(prose, ":label: ch8-thm-moment-matching")
    assert _flat(
        "For every Gaussian density $g$ on $\\mathbb{R}^k$, $D(f \\,\\|\\, g) = D(f \\,\\|\\, \\varphi) + "
        "D(\\varphi \\,\\|\\, g)$: of all Gaussians, $\\varphi$ alone has the least divergence from $f$."
    ) in theorem
    assert _flat(
        "Chapter 5 proved the one-dimensional analogue for a distribution $p$ on a finite set of numbers: among the "
        "$q_\\theta(x) \\propto e^{\\theta_1 x + \\theta_2 x^2}$ on that set (discretised Gaussians when $\\theta_2 < 0$), "
        "$\\theta$ minimises $D(p \\,\\|\\, q_\\theta)$ if and only if $q_\\theta$ has the mean and the variance of $p$ "
        "({prf:ref}`ch5-thm-moment-matching`)."
    ) in prose
    # the vector maximum is stated after the theorem that computes it, not before
    remark = prose.index(":label: ch8-thm-maxent-vector")
    assert remark > prose.index(":label: ch8-thm-mvn-entropy")
    assert prose.index(":label: ch8-thm-moment-matching") < prose.index("{prf:ref}`ch8-thm-moment-matching`")
    # the identity for the chapter's mixture f against Gaussians g, by quadrature (nats)
    mix = lambda x: 0.6 * scipy.stats.norm.pdf(x, -2, 0.6) + 0.4 * scipy.stats.norm.pdf(x, 2, 0.6)  # noqa: E731
    mean = integrate.quad(lambda x: x * mix(x), -15, 15, limit=200)[0]
    sd = math.sqrt(integrate.quad(lambda x: (x - mean) ** 2 * mix(x), -15, 15, limit=200)[0])

    def d_mix(mu, sigma):
        return integrate.quad(lambda x: mix(x) * math.log(mix(x) / scipy.stats.norm.pdf(x, mu, sigma)), -15, 15,
                              limit=200)[0]

    best = d_mix(mean, sd)
    for mu, sigma in [(0.0, 1.0), (-0.4, 2.5), (1.0, 2.05), (mean, 1.5)]:
        gap = il.normal_kl_divergence(mean, sd, mu, sigma, base=math.e)
        assert d_mix(mu, sigma) == pytest.approx(best + gap, abs=1e-8) and gap > 0
    # and the vector form: a non-Gaussian vector (independent uniform and Laplace coordinates, mixed by A)
    a = np.array([[1.0, 0.5], [0.2, 2.0]])
    cov = a @ np.diag([1.0, 1.0]) @ a.T
    h = (scipy.stats.uniform(scale=math.sqrt(12)).entropy() + scipy.stats.laplace(scale=1 / math.sqrt(2)).entropy()
         + math.log(abs(np.linalg.det(a))))
    assert h < scipy.stats.multivariate_normal(cov=cov).entropy()


def test_densities_are_f_and_g_and_each_subscript_keeps_one_meaning(notebook, prose):
    for gone in ["D(p \\,\\|\\, q)", "\\mu_p", "\\sigma_q", "\\Sigma_q", "\\frac{p(x)}{q(x)}", "\\frac{p(X)}{q(X)}",
                 "$p = \\mathcal", "X \\sim p", "f_i", "g_i"]:
        assert gone not in prose, gone
    assert "D(f \\,\\|\\, g) = \\frac12 \\Big[ &\\operatorname{tr}(\\Sigma_g^{-1}\\Sigma_f) - k" in prose
    assert "$f^{(i)} = f/p_i$ and $g^{(i)} = g/q_i$ the densities restricted to it" in _flat(prose)
    out = _stdout(notebook, "h_m, h_mm = ")
    assert "h(f): " in out and "D(f || g): " in out


# --- exact statements, hypotheses and notation ------------------------------------------------


def test_water_filling_drops_the_channels_that_get_no_power(prose):
    theorem = _flat(_block(prose, ":label: ch8-thm-water-filling"))
    assert "channels with $P_j^* = 0$ carry the constant 0 and can be dropped, which leaves $I$ unchanged." in theorem


def test_the_input_table_not_the_proof_shows_that_only_the_gaussian_reaches_capacity(prose):
    assert "only the Gaussian one reaches the capacity, as the table shows." in _flat(prose)
    assert "as the proof says" not in prose


def test_moment_matching_needs_a_finite_entropy(prose):
    theorem = _flat(_block(prose, ":label: ch8-thm-moment-matching"))
    assert "Let $f$ be a density on $\\mathbb{R}^k$ with $h(f)$ finite, a mean and a positive definite" in theorem


def test_converse_checks_the_chain_rule_hypotheses_for_every_prefix_of_the_output(prose):
    _, proof = _converse_proof(prose)
    assert _flat(
        "({prf:ref}`ch8-thm-chain-rule-h`, whose entropies are finite by {prf:ref}`ch8-lem-finite-h`, so it applies)"
    ) in _flat(proof)
    # the lemma covers every prefix of the output, its upper bound by the vector maximum entropy
    lemma = _flat(_block(prose, ":label: ch8-lem-finite-h"))
    assert "Then $h(Y_i)$ and $h(Y_1, \\dots, Y_i)$ are finite for every $i$." in lemma


def test_each_form_of_the_mutual_information_names_the_entropies_it_needs(prose):
    theorem = _flat(_block(prose, ":label: ch8-thm-mi-entropies"))
    assert theorem.count("are finite, then") == 3
    assert "If $h(Y)$ and $h(Y \\mid X)$ are finite, then $I(X; Y) = h(Y) - h(Y \\mid X)$;" in theorem
    assert "if $h(X)$ and $h(X \\mid Y)$ are finite, then $I(X; Y) = h(X) - h(X \\mid Y)$;" in theorem
    assert "I(X; Y) &= h(Y) - h(Y \\mid X)" not in prose  # no one hypothesis for all three forms


def test_printed_labels_call_the_densities_f_and_g_and_the_laplace_scale_beta(notebook, code):
    out = "\n".join(
        "".join(o.get("data", {}).get("text/plain", "")) for c in notebook["cells"] if c["cell_type"] == "code"
        for o in c.get("outputs", []))
    for gone in ["p vs q", "D(p || q)", "h(p)", "b = 1/√2"]:
        assert gone not in out and gone not in code, gone
    assert "f vs g" in out and "D(f || g) (bits)" in out and "h(f) (bits)" in out
    assert "Laplace, β = 1/√2" in out and "# p = " not in code


def test_the_typical_count_of_chapter_3_is_an_upper_bound(prose):
    assert _flat("there are at most about $2^{nH}$ typical sequences ({prf:ref}`ch3-thm-aep`)") in _flat(prose)
    assert "are at most $2^{n(H + \\varepsilon)}$ typical sequences" in _flat(_prose(_load("03_entropy.ipynb")))
    assert "information content $-\\log_2 f" not in prose  # notation.md: information content is -log p


def test_the_bin_index_is_not_the_dimension_k(notebook, prose):
    exercise = _flat(prose[prose.index(":label: ch8-ex-quantisation-gap") :])
    assert "on the bins $[i\\Delta, (i+1)\\Delta)$, $i = 0, 1, \\dots$." in exercise
    assert "Bin $i$ has probability $p_i = e^{-i\\Delta}(1 - e^{-\\Delta})$" in exercise
    assert "k\\Delta" not in prose and "p_k" not in prose
    for marker in ("def binned_normal(", "def exponential_gap("):
        cell = [c for c in notebook["cells"] if marker in "".join(c["source"])]
        assert len(cell) == 1 and "k = np.arange" not in "".join(cell[0]["source"]), marker


def test_the_number_of_parallel_channels_is_not_the_dimension_k(prose):
    definition = _flat(_block(prose, ":label: ch8-def-parallel-capacity"))
    assert "The **capacity** of $L$ parallel Gaussian channels with noise variances $N_1, \\dots, N_L$" in definition
    assert "inputs $X = (X_1, \\dots, X_L)$" in definition
    assert "C = \\sum_{j=1}^L \\tfrac12" in _block(prose, ":label: ch8-thm-water-filling")
    assert "$k$ parallel" not in prose and "\\sum_{j=1}^k" not in prose


def test_water_filling_proof_says_why_its_chain_rule_applies(prose):
    proof = prose[prose.index(":label: ch8-thm-water-filling"):]
    # the step it cites applies the chain rule, whose entropies the lemma makes finite for unequal noise variances
    assert _flat(
        "Step 2 of the proof of the converse of {prf:ref}`ch8-thm-gaussian-coding`, which holds for unequal noise "
        "variances ({prf:ref}`ch8-lem-finite-h`) and, with the integral form of $h(Y \\mid X)$, for an input with a "
        "density, gives $I(X; Y) \\le \\sum_j I(X_j; Y_j)$"
    ) in proof[:3000]
    _, converse = _converse_proof(prose)
    assert _flat(
        "$h(Y^n) \\le \\sum_i h(Y_i)$ ({prf:ref}`ch8-thm-chain-rule-h`, whose entropies are finite by "
        "{prf:ref}`ch8-lem-finite-h`, so it applies). Subtract: $I(X^n; Y^n) \\le \\sum_i I(X_i; Y_i)$."
    ) in _flat(converse)


# --- exact statements, hypotheses and notation ------------------------------------------------


def test_the_gaussian_converse_cites_fano(prose):
    assert _flat("Fano's inequality ({prf:ref}`ch6-thm-fano`) bounds the first term by $1 + P_e \\log_2 M$.") in _flat(prose)


def test_the_vector_maximum_entropy_is_a_theorem_proved_by_gibbs(prose):
    theorem = _flat(_block(prose, ":label: ch8-thm-maxent-vector"))
    assert ("For any density $f$ on $\\mathbb{R}^k$ with covariance matrix $\\Sigma$ (positive definite), "
            "$h(f) \\le \\tfrac12 \\log\\big((2\\pi e)^k \\det \\Sigma\\big)$, with equality if and only if $f$ is "
            "Gaussian.") in theorem
    proof = _flat(prose[prose.index(":label: ch8-thm-maxent-vector"):])[:1500]
    assert "$h(f) = -\\infty$ there is nothing to prove" in proof
    assert "The proof of {prf:ref}`ch8-thm-maxent`, in $k$ dimensions and in nats." in proof
    assert "so $-\\int f \\ln \\varphi = -\\int \\varphi \\ln \\varphi$, which is $h(\\varphi)$, the value of {prf:ref}`ch8-thm-mvn-entropy`" in proof
    assert _flat(
        "So $0 \\le D(f \\,\\|\\, \\varphi) = h(\\varphi) - h(f)$ ({prf:ref}`ch8-thm-gibbs-densities`), with equality "
        "if and only if $f = \\varphi$; as $\\int f \\ln \\varphi$ is finite, this also rules out $h(f) = +\\infty$."
    ) in proof
    # cited where the upper bound on a vector's entropy is used (the one lemma both proofs cite),
    # and the old one-line remark is gone
    assert prose.count("{prf:ref}`ch8-thm-maxent-vector`") == 1
    lemma = prose.index(":label: ch8-lem-finite-h")
    lemma_proof = prose[lemma : prose.index("```", prose.index("```{prf:proof}", lemma) + 5)]
    assert "{prf:ref}`ch8-thm-maxent-vector` bounds their $h$ above" in lemma_proof
    assert "this one. A pair" not in _flat(prose)
    # equality: the Gaussian with the covariance of a non-Gaussian vector has more entropy (independent
    # uniform and Laplace coordinates of variance 1, mixed by A; entropies in nats)
    a = np.array([[1.0, 0.5], [0.2, 2.0]])
    h = (scipy.stats.uniform(scale=math.sqrt(12)).entropy() + scipy.stats.laplace(scale=1 / math.sqrt(2)).entropy()
         + math.log(abs(np.linalg.det(a))))
    assert h < 0.5 * math.log((2 * math.pi * math.e) ** 2 * np.linalg.det(a @ a.T))


def test_open_sets_probabilities_and_constants_keep_their_own_letters(prose):
    assert "U = V" not in prose and "open set $U" not in prose and "onto $V" not in prose
    assert "c_0" not in prose and "c_1" not in prose
    assert "{cite:p}`cover2006elements`. For the cube" not in _flat(prose)
    assert "Only this proof needs" not in prose
    # part 3 of the volume theorem: the probability is Pr(T_n), not the tolerance epsilon in bits
    theorem = _flat(_block(prose, ":label: ch8-thm-aep-volume"))
    assert "(1 - \\varepsilon)" not in theorem
    assert ("$\\mathrm{Vol}(T_n) \\ge \\Pr\\big((X_1, \\dots, X_n) \\in T_n\\big)\\, 2^{n(h - \\varepsilon)}$ "
            "for every $n$") in theorem
    proof = _flat(prose[prose.index(":label: ch8-thm-aep-volume"):])
    assert "$2^{-n(h - \\varepsilon)} \\mathrm{Vol}(T_n) \\ge \\Pr(T_n)$ (part 3)" in proof


def test_the_shannon_limit_itself_is_out_of_reach(prose):
    assert _flat(
        "So no code, at any bandwidth, communicates reliably with $E_b/N_0$ at or below $\\ln 2$, the "
        "**Shannon limit**; the limit is approached only as $\\eta \\to 0$."
    ) in _flat(prose)
    assert "$E_b/N_0 < \\ln 2$" not in prose
    # (2^eta - 1)/eta exceeds ln 2 for every eta > 0 and tends to it as eta -> 0
    eta = np.array([1e-6, 1e-3, 0.1, 1.0, 4.0])
    bound = np.expm1(eta * math.log(2)) / eta
    assert np.all(bound > math.log(2)) and bound[0] == pytest.approx(math.log(2), rel=1e-6)


def test_notation_page_lists_the_quantised_variable_its_oscillation_and_the_typical_set():
    page = (Path(__file__).resolve().parents[2] / "notation.md").read_text(encoding="utf-8")
    for row in ("| $X_\\Delta$ | the quantised variable", "| $\\omega_\\Delta(x)$ | how much $\\ln(f/g)$, or $\\ln f$, varies",
                "| $T_n$ | the typical set"):
        line = next(ln for ln in page.splitlines() if ln.startswith(row))
        assert line.endswith("| {doc}`chapters/08_continuous` |"), row


# --- exact statements, hypotheses and notation ------------------------------------------------


def test_omega_is_infinite_on_a_bin_that_f_fills_only_in_part(prose):
    theorem = _flat(_block(prose, ":label: ch8-thm-quantisation"))
    assert _flat(
        "On a bin where $f$ vanishes on one part of $\\{g > 0\\}$ and not on another, both of positive volume, that "
        "greatest number is $-\\infty$ and $\\omega_\\Delta = \\infty$. In nats:"
    ) in theorem
    # the example is discussed after the theorem, not inside its statement
    assert "uniform density" not in theorem and "2^{-m}" not in theorem
    assert _flat("For the uniform density on $[0, \\frac12]$ and a width for which $\\frac{1}{2\\Delta}$ is a whole number, "
                 "as for $\\Delta = 2^{-m} \\le \\frac12$, $\\ln f$ is constant") in prose
    after = prose[prose.index(":label: ch8-thm-quantisation") :]
    assert _flat(
        "$H(X_\\Delta) + \\log\\Delta = h(X)$ exactly. At every other width, among them every $\\Delta > \\frac12$, the "
        "bin with $\\frac12$ strictly inside it has positive probability and $\\omega_\\Delta = \\infty$, so there "
        "$H(X_\\Delta) + \\log\\Delta \\ge h(X)$ is all the theorem gives."
    ) in _flat(after)
    # for Delta > 1/2, 1/(2 Delta) lies strictly between 0 and 1, so it is never a whole number
    for delta in 2.0 ** -np.arange(-3, 0):
        assert 0 < 1 / (2 * delta) < 1
    # the figure's widths 2^3 ... 2^-12: exact (gap 0) for Delta <= 1/2, and a gap of 1 + log2 Delta bits
    # when the one bin [0, Delta) holds [0, 1/2] and the empty (1/2, Delta) (bins from scipy's cdf)
    for delta in 2.0 ** -np.arange(-3, 13):
        edges = np.arange(0, 0.5 + 2 * delta, delta)
        p = np.diff(scipy.stats.uniform(0, 0.5).cdf(edges))
        gap = scipy.stats.entropy(p[p > 0], base=2) + math.log2(delta) - (-1)
        if delta <= 0.5:
            assert gap == pytest.approx(0, abs=1e-9)
        else:
            assert gap == pytest.approx(1 + math.log2(delta), abs=1e-12) and gap >= 1


def test_the_noise_vector_and_its_shell_volume_have_the_chapters_vector_notation(prose):
    sketch = _flat(_block(prose, "Why $\\frac12 \\log_2(1 + P/N)$?", "*Converse.* Take a code"))
    assert _flat(
        "arrives as $x + Z^n$, and the noise vector $Z^n = (Z_1, \\dots, Z_n)$ is, with probability close to 1, in "
        "its typical shell, of radius about $\\sqrt{nN}$ and volume about $2^{n h(Z_1)}$."
    ) in sketch
    assert "$x + Z$," not in sketch and "2^{n h(Z)}" not in prose
    assert "If a vector $X^n$ of $n$ random variables" in prose  # the chapter's notation for a vector
    # log2 of the volume of the ball of radius sqrt(nN), over n, tends to h(Z_1) = 1/2 log2(2 pi e N)
    for noise in (0.5, 2.0):
        n = 200_000
        log2_ball = (0.5 * n * math.log(math.pi * n * noise) - special.gammaln(n / 2 + 1)) / math.log(2)
        assert log2_ball / n == pytest.approx(0.5 * math.log2(2 * math.pi * math.e * noise), abs=1e-4)


def test_the_achievability_sketch_meets_the_theorems_epsilon(prose):
    theorem = _flat(_block(prose, ":label: ch8-thm-gaussian-coding"))
    assert "whose probability of decoding a message wrongly is below $\\varepsilon$ for every message" in theorem
    assert _flat(
        "if the random code's average error probability is below $\\varepsilon/2$, so is that of some code"
    ) in prose
    assert _flat("each codeword in the better half has an error probability below $\\varepsilon < 1$") in prose


def test_the_invariance_remark_claims_no_unproved_general_theorem(prose):
    assert "one-to-one map for which" not in prose
    assert "is needed only by this proof" not in prose
    remark = _flat(prose[prose.index("The condition $J_\\psi \\ne 0$") :])[:400]
    assert "changes no integral." in remark


def test_the_scalar_maximum_entropy_proof_covers_minus_infinity(prose):
    start = prose.index(":label: ch8-thm-maxent ")
    proof = prose[prose.index("```{prf:proof}", start) : prose.index(":label: ch8-thm-moment-matching")]
    assert _flat("Work in nats. If $h(f) = -\\infty$ there is nothing to prove. Since") in _flat(proof)
    assert proof.index("nothing to prove") < proof.index("D(f \\,\\|\\, \\varphi) = -h(f)")


def test_the_typical_volume_falls_below_h_minus_epsilon_only_by_the_factor_p_an(notebook, prose):
    assert _flat(
        "settles between $h - \\varepsilon$ and $h + \\varepsilon$ for large $n$, as the theorem says; for small "
        "$n$ the lower bound carries the factor $\\Pr(T_n)$."
    ) in prose
    rows = _typical_set_rows(notebook)
    h, eps = il.normal_entropy(0.5), 0.1
    small = [r for r in rows if r[3] < h - eps]
    # only the shortest length falls below h - eps, and part 3 of the theorem still holds for it
    assert [r[0] for r in small] == [10] == [rows[0][0]]
    for n, _, exact, log_vol in rows:
        assert h - eps + math.log2(exact) / n - 5e-4 <= log_vol <= h + eps
        if n >= 100:
            assert h - eps <= log_vol


def test_one_lemma_says_why_output_entropies_are_finite_and_all_three_proofs_cite_it(prose):
    lemma = prose.index(":label: ch8-lem-finite-h")
    assert "```{prf:lemma} Outputs of Gaussian channels have finite entropies :label: ch8-lem-finite-h" in prose
    # stated once, before the capacity theorem, whose proof cites it instead of deriving the bounds again
    theorem = prose.index(":label: ch8-thm-gaussian-capacity")
    assert lemma < theorem < prose.index("*Converse.* Take a code")
    after = prose[lemma:]
    assert after[after.index("```{prf:") :].startswith("```{prf:proof}")
    assert prose.count("{prf:ref}`ch8-lem-finite-h`") == 3
    capacity_proof = _block(prose, ":label: ch8-thm-gaussian-capacity", "The channel coding theorem of")
    assert "{prf:ref}`ch8-lem-finite-h`" in capacity_proof
    assert "h(Y) \\ge \\frac12 \\log(2\\pi N)" not in prose
    assert "The two bounds on $h(Y)$ in this proof hold for several outputs at once." not in prose
    _, converse = _converse_proof(prose)
    assert "{prf:ref}`ch8-lem-finite-h`" in converse
    water = prose[prose.index(":label: ch8-thm-water-filling") :]
    assert "{prf:ref}`ch8-lem-finite-h`" in water[:3000]
    assert "hold in the same way for each" not in prose and "two bounds of the capacity proof" not in prose
    # the two bounds for two outputs of a discrete input (four codewords) through noises 0.5 and 2, in nats:
    # 1/2 ln((2 pi)^2 N1 N2) <= h(Y1, Y2) <= 1/2 ln((2 pi e)^2 det Sigma), h by a grid sum
    words = np.array([[1.0, -2.0], [-1.0, 0.5], [0.3, 2.0], [2.0, 1.0]])
    noise = np.array([0.5, 2.0])
    grid = np.linspace(-14, 14, 1401)
    y1, y2 = np.meshgrid(grid, grid, indexing="ij")
    density = sum(scipy.stats.norm.pdf(y1, w[0], math.sqrt(noise[0])) * scipy.stats.norm.pdf(y2, w[1], math.sqrt(noise[1]))
                  for w in words) / len(words)
    cell = (grid[1] - grid[0]) ** 2
    assert density.sum() * cell == pytest.approx(1, abs=1e-6)
    h = -np.sum(density * np.log(np.where(density > 0, density, 1))) * cell
    sigma = np.cov(words.T, bias=True) + np.diag(noise)
    assert 0.5 * math.log((2 * math.pi) ** 2 * noise.prod()) < h < 0.5 * math.log((2 * math.pi * math.e) ** 2 * np.linalg.det(sigma))


def test_the_shannon_limit_figure_is_cited_where_the_curve_is_introduced(prose):
    cite = prose.index("{numref}`ch8-fig-shannon-limit` draws the bound as a curve against $\\eta$.")
    assert prose.index("**Shannon limit**") < cite < prose.index("The curve is $0$ dB")


def test_the_vector_maximum_entropy_is_labelled_as_the_theorem_it_is():
    root = Path(__file__).resolve().parents[2]
    files = [*root.glob("chapters/*.ipynb"), *root.glob("*.md"), *root.glob("tests/**/*.py")]
    assert ":label: ch8-thm-maxent-vector" in (root / "chapters" / CHAPTER).read_text(encoding="utf-8")
    old = "ch8-" + "cor-maxent-vector"
    assert not [f.name for f in files if old in f.read_text(encoding="utf-8")]


def test_the_mutual_information_of_a_correlated_pair_is_claimed_only_for_a_jointly_gaussian_pair(prose):
    # -1/2 log(1 - rho^2) is the Gaussian value; a non-Gaussian pair with the same rho has more information
    assert _flat(
        "A jointly Gaussian pair $(X, Y)$, any such pair and not only the two sensors, with standard deviations $s_1$, "
        "$s_2$ and correlation coefficient $\\rho$, $|\\rho| < 1$, has $\\det \\Sigma = s_1^2 s_2^2 (1 - \\rho^2)$, so by "
        "{prf:ref}`ch8-thm-mvn-entropy` and {prf:ref}`ch8-thm-mi-entropies`"
    ) in prose
    assert "A pair $(X, Y)$ with standard deviations" not in prose


def test_the_gaussian_typical_shell_is_called_thin_only_for_a_small_tolerance(prose):
    assert "thin spherical shell" not in prose
    assert _flat("the typical set is a spherical shell, thin for small $\\varepsilon$, of radius about") in prose
    assert "for a Gaussian it is a spherical shell, thin when the tolerance is small." in prose
    # the shell's radii are sigma sqrt(n (1 -+ 2 eps ln 2)): for eps = 0.1 bits they differ by about 14 %,
    # whatever n, and the relative width shrinks in proportion to eps
    for eps in (0.1, 0.01):
        inner, outer = (math.sqrt(1 + s * 2 * eps * math.log(2)) for s in (-1, 1))
        width = (outer - inner) / ((outer + inner) / 2)
        assert width == pytest.approx(2 * eps * math.log(2), rel=0.05)
    assert 0.13 < (math.sqrt(1 + 0.2 * math.log(2)) - math.sqrt(1 - 0.2 * math.log(2))) < 0.15


def test_the_chapter_speaks_of_no_we(prose):
    assert "divergence is computed by quadrature." in prose
    assert not re.search(r"\b[Ww]e\b", prose)


def test_the_uniform_density_of_the_bounded_support_exercise_is_not_called_u(notebook):
    # u is the message index of the coding theorem; the uniform density compared with f is g
    solution = next("".join(c["source"]) for c in notebook["cells"] if "```{solution} ch8-ex-maxent-bounded" in "".join(c["source"]))
    solution = _flat(_block(solution, "```{solution} ch8-ex-maxent-bounded"))
    assert "Let $g(x) = \\frac{1}{b - a}$ on $[a, b]$." in solution
    assert "0 \\le D(f \\,\\|\\, g) = -h(f) - \\int_a^b f \\log g = \\log(b - a) - h(f)" in solution
    assert "with equality if and only if $f = g$ (almost everywhere). Here $-\\int f \\log g$" in solution
    assert not re.search(r"\bu\b", solution)
    # the bound: D(f || uniform) = log(b - a) - h(f) >= 0, for a Beta(2, 3) density rescaled to [a, b] (nats)
    a, b = -1.0, 3.0
    f = scipy.stats.beta(2, 3, loc=a, scale=b - a)
    kl, _ = integrate.quad(lambda x: f.pdf(x) * math.log(f.pdf(x) * (b - a)) if f.pdf(x) > 0 else 0.0, a, b)
    assert kl == pytest.approx(math.log(b - a) - f.entropy(), abs=1e-9) and kl > 0


# --- hypotheses, symbols and sources said exactly ----------------------------------------------


def _thermometer_rows(notebook):
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code" and "binned_normal(mu_t, sigma_t, delta)" in "".join(c["source"])]
    assert len(cells) == 1
    table = "".join("".join(o["data"]["text/plain"]) for o in cells[0]["outputs"] if "data" in o)
    return [(float(d), float(h), float(g)) for d, h, g in
            re.findall(r"^\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$", table, re.M)]


def test_only_digits_finer_than_the_spread_add_log2_10_bits(notebook, prose):
    assert "Each extra decimal digit on the display adds about" not in prose
    assert _flat(
        "Once the display step is finer than the spread of $X$, each extra decimal digit adds about "
        "$\\log_2 10 \\approx 3.32$ bits; the first, from $1$ to $0.1\\,^\\circ\\mathrm{C}$, adds less, as the table's "
        "first two rows show, because a step of $1\\,^\\circ\\mathrm{C}$ is coarser than that spread."
    ) in prose
    rows = _thermometer_rows(notebook)
    assert [d for d, _, _ in rows] == [1.0, 0.1, 0.01, 0.001]
    # the printed entropies against bins from scipy's normal cdf and scipy's entropy
    for delta, printed, _ in rows:
        p = _binned_normal(20.0, 0.5, delta, 14.0, 26.0)
        assert printed == pytest.approx(scipy.stats.entropy(p, base=2), abs=6e-5)
    steps = [b[1] - a[1] for a, b in zip(rows, rows[1:])]
    # the first digit (step 1 > sigma = 0.5) adds clearly less than log2 10; the later ones about log2 10
    assert steps[0] < math.log2(10) - 0.1
    assert all(abs(s - math.log2(10)) < 0.005 for s in steps[1:])


def test_the_jacobian_determinant_is_not_written_with_the_divergence_letter(prose):
    theorem = _block(prose, ":label: ch8-thm-kl-invariance")
    assert "D(f_Y \\,\\|\\, g_Y) = D(f \\,\\|\\, g)" in theorem
    assert "D\\psi" not in prose
    assert "J_\\psi = \\det(\\partial \\psi_i / \\partial x_j)" in theorem


def test_probabilities_of_events_are_written_pr_where_p_is_the_power_limit(prose):
    # from the Gaussian channel on P is the power limit, so no P(...) means a probability in this chapter
    assert re.findall(r"(?<![\w\\])P(?:\\big)?\(", prose) == []
    theorem = _flat(_block(prose, ":label: ch8-thm-aep-volume"))
    assert "$\\Pr\\big((X_1, \\dots, X_n) \\in T_n\\big) \\to 1$ as $n \\to \\infty$" in theorem
    assert "the probability $\\Pr(X_\\Delta = i) \\Pr(Y_\\Delta = j)$" in prose
    page = (Path(__file__).resolve().parents[2] / "notation.md").read_text(encoding="utf-8")
    assert "{doc}`chapters/08_continuous`, where $P$ is a power limit, write $\\Pr(A)$" in page


def test_chapter_5s_moment_matching_is_called_the_one_dimensional_grid_analogue(prose):
    assert "Chapter 5 proved this for distributions on a finite set" not in prose
    # what chapter 5's theorem is about: a finite set of numbers, its discretised Gaussians q_theta, the minimiser
    ch5 = _flat(_block(_prose(_load("05_kl_divergence.ipynb")), ":label: ch5-thm-moment-matching"))
    assert "For a distribution $p$ on a finite set of numbers $x$, $D(p \\,\\|\\, q_\\theta)$" in ch5
    assert "$\\theta$ minimises it if and only if $q_\\theta$ has the mean and the variance of $p$" in ch5
    assert "\\varphi" not in ch5


def test_mutual_information_splits_into_entropies_only_when_they_are_finite(prose):
    assert _flat(
        "Splitting the logarithm as in the proof of {prf:ref}`ch8-thm-mi-entropies` gives, whenever $h(Y)$ and "
        "$h(Y \\mid X)$ are finite, the same difference of entropies, $I(X; Y) = h(Y) - h(Y \\mid X)$"
    ) in prose


def test_gaussian_noise_confuses_distant_codewords_with_small_not_zero_probability(prose):
    assert "noise of any fixed size would not confuse them" not in prose
    assert _flat(
        "the sender could place the codewords as far apart as it liked, and make the probability that noise of a "
        "fixed variance confuses them as small as it liked."
    ) in prose
    # two codewords at distance 2d on a line, unit noise, nearest decoding: error Q(d), positive and vanishing
    errors = [scipy.stats.norm.sf(d) for d in (1.0, 5.0, 10.0, 20.0)]
    assert all(e > 0 for e in errors) and errors == sorted(errors, reverse=True) and errors[-1] < 1e-80


def test_uniform_input_falls_short_by_half_log2_pi_e_over_6_at_high_snr(prose):
    assert _flat(
        "As the SNR grows, its shortfall tends to $\\frac12 \\log_2 \\frac{\\pi e}{6}$ bits: a strong signal makes "
        "$h(Y)$ close to $h(X)$, and a uniform $X$ has that much less entropy than a Gaussian of the same power."
    ) in prose
    limit = 0.5 * math.log2(math.pi * math.e / 6)
    # the entropy of a uniform density of power P against the Gaussian of power P (scipy, bits)
    power = 7.0
    uniform_h = scipy.stats.uniform(-math.sqrt(3 * power), 2 * math.sqrt(3 * power)).entropy() / math.log(2)
    assert il.normal_entropy(math.sqrt(power)) - uniform_h == pytest.approx(limit, abs=1e-12)

    def shortfall(snr):
        a = math.sqrt(3 * snr)

        def integrand(y):
            f = (scipy.stats.norm.cdf(y + a) - scipy.stats.norm.cdf(y - a)) / (2 * a)
            return -f * math.log2(f) if f > 0 else 0.0

        h_y = integrate.quad(integrand, -a - 12, a + 12, limit=400, points=[-a, a])[0]
        return 0.5 * math.log2(1 + snr) - (h_y - 0.5 * math.log2(2 * math.pi * math.e))

    gaps = [shortfall(snr) for snr in (1.0, 10.0, 100.0, 1e3, 1e4, 1e5)]
    assert gaps == sorted(gaps) and gaps[0] > 0
    assert gaps[-1] == pytest.approx(limit, abs=0.005)


def test_band_limited_capacity_is_defined_as_a_supremum_of_rates(prose):
    theorem = _flat(_block(prose, ":label: ch8-thm-bandlimited"))
    assert ("has capacity (the supremum of the rates, in bits per second, at which the probability of decoding "
            "wrongly can be made as small as one likes)") in theorem


def test_the_book_is_cited_for_long_codes_not_for_what_is_used_today(prose):
    assert "used today" not in prose and "work within a fraction of a decibel of the curve" not in prose
    assert _flat(
        "Turbo and low-density parity-check codes, which mobile phones and deep-space links use, come close to it: "
        "with very long blocks, within a fraction of a decibel {cite:p}`mackay2003information`; with the shorter "
        "blocks of practical systems, further away, since the curve is the limit of ever longer codes."
    ) in prose


def test_the_water_level_is_unique_because_the_power_is_positive(prose):
    definition = _flat(_block(prose, ":label: ch8-def-parallel-capacity"))
    assert "noise variances $N_1, \\dots, N_L$ and total power $P > 0$ is the largest" in definition
    # with P = 0 every level up to the quietest noise gives total power 0: no unique level
    noise = np.array([0.5, 1.0, 2.0])
    for level in (0.0, 0.25, 0.5):
        assert np.maximum(level - noise, 0).sum() == 0


def test_bounded_support_exercise_names_chapter_3s_bound_without_the_block_length_n(prose):
    assert "$H(X) \\le \\log n$" not in prose
    assert _flat(
        "The discrete counterpart is {prf:ref}`ch3-thm-bounds`: the entropy of a variable with finitely many values "
        "is at most the logarithm of their number, with equality for the uniform distribution."
    ) in prose
    ch3 = _prose(_load("03_entropy.ipynb"))
    assert ":label: ch3-thm-bounds" in ch3 and "$H(X) = \\log n$ if and only if $X$ is uniform" in ch3


@pytest.mark.parametrize(
    "gone",
    [
        # the entropy gap is D(f || phi): the proof says it, so the remark after it is one clause
        "also says how far each density falls short",
        # the vector maximum-entropy theorem follows at once and says it
        "the Gaussian has the most entropy.",
        # the line before the lemma says that its bounds extend those of the capacity proof
        "For $k = 1$ these are the two bounds of",
    ],
)
def test_statements_are_not_repeated_next_to_each_other(prose, gone):
    assert _flat(gone) not in prose


# --- terms, hypotheses, seeds and sources said exactly -----------------------------------------


def test_almost_everywhere_is_defined_before_its_first_use_and_in_the_glossary(prose):
    definition = prose.index("A statement holds **almost everywhere** if the points where it fails form a set of zero length")
    assert definition < prose.index(":label: ch8-thm-gibbs-densities")
    assert prose.lower().index("almost everywhere") == definition + len("A statement holds **")  # its first use
    assert _flat(
        "(of zero volume in $\\mathbb{R}^k$), such as finitely many points. Changing a density on such a set changes no "
        "integral, so two densities that are equal almost everywhere give every event the same probability."
    ) in prose
    glossary = (Path(__file__).resolve().parents[2] / "glossary.md").read_text(encoding="utf-8")
    entry = glossary[glossary.index("\nalmost everywhere\n") :].split("\n\n")[0]
    assert "Everywhere except on a set of zero length" in entry and "in {doc}`chapters/08_continuous`." in entry
    # a density changed at finitely many points has the same integrals: N(0, 1) with f(0) set to 5
    f = scipy.stats.norm.pdf
    assert integrate.quad(lambda x: 5.0 if x == 0.0 else f(x), -1, 2, points=[0.0])[0] == pytest.approx(
        scipy.stats.norm.cdf(2) - scipy.stats.norm.cdf(-1), abs=1e-12)


def test_the_invariance_theorem_says_its_open_set_holds_all_of_f_and_g(prose):
    assert "carrying all of" not in prose
    theorem = _flat(_block(prose, ":label: ch8-thm-kl-invariance"))
    assert "an open set $\\mathcal{O} \\subseteq \\mathbb{R}^k$, outside which $f$ and $g$ vanish almost everywhere," in theorem
    # "almost everywhere" is what lets the cube leave out 0, where the Gaussians do not vanish
    assert scipy.stats.norm.pdf(0.0) > 0
    assert _flat("and leaving out the one point 0, which has probability 0, changes no integral.") in prose


def test_parallel_capacity_names_the_inputs_of_the_single_channel_theorem(prose):
    definition = _flat(_block(prose, ":label: ch8-def-parallel-capacity"))
    assert _flat(
        "The inputs are, as in {prf:ref}`ch8-thm-gaussian-capacity`, those that are discrete or have a density, once "
        "the coordinates that are constantly 0 are dropped: the output of a dropped coordinate is its noise alone, "
        "independent of everything else, and $I(X; Y)$ is that of the remaining inputs and outputs."
    ) in definition
    theorem = _flat(_block(prose, ":label: ch8-thm-gaussian-capacity"))
    assert "the maximum over the inputs $X$ that are discrete ({prf:ref}`ch8-def-mi-discrete-input`) or have a density" in theorem
    # the clause is needed: for the chapter's five channels the optimum leaves two channels at the constant 0,
    # so the optimal input vector has neither a density on R^5 nor finitely many values
    allocation = il.water_filling(np.array([0.5, 1.0, 2.0, 4.0, 6.0]), 4.0).allocation
    assert (allocation == 0).sum() == 2 and (allocation > 0).sum() == 3


def test_the_quantised_entropy_is_about_not_exactly_h_minus_log_delta(prose):
    assert "the number of typical sequences of the quantised $X_\\Delta$, whose entropy is $h - \\log_2 \\Delta$." not in _flat(prose)
    assert _flat(
        "a typical set of volume about $2^{nh}$ holds about $2^{n(h - \\log_2 \\Delta)}$ cubes of side $\\Delta$, and the "
        "quantised $X_\\Delta$, whose entropy is about $h - \\log_2 \\Delta$, has about as many typical sequences."
    ) in prose
    # for the thermometer the two differ (part 2 of the quantisation theorem): bins from scipy's cdf
    h = scipy.stats.norm(20, 0.5).entropy() / math.log(2)
    for delta in (0.5, 0.25):
        p = _binned_normal(20.0, 0.5, delta, 14.0, 26.0)
        assert scipy.stats.entropy(p, base=2) - (h - math.log2(delta)) > 1e-4


def test_the_mixture_remark_does_not_repeat_the_entropy_gap_said_with_the_table(notebook, prose):
    assert "For the mixture, the gap $h(\\varphi) - h(f) = D(f \\,\\|\\, \\varphi)$" not in prose
    assert _flat(
        "In the table, the mixture falls furthest short of the Gaussian, because its two peaks leave a valley of almost "
        "no probability."
    ) in prose
    assert prose.count("the mixture's shortfall from the Gaussian's entropy is its KL divergence from that Gaussian") == 1
    rows = dict((name.strip(), float(h)) for name, h in
                re.findall(r"^(\S.*?)\s{2,}(-?[\d.]+)\s*$", _table(notebook, "def mixture_pdf(x):"), re.M))
    assert len(rows) == 4
    gaussian, mixture = rows["Gaussian N(0, 1)"], rows["chapter 5's two peaks, rescaled"]
    assert mixture == min(rows.values()) and gaussian == max(rows.values())


def test_the_monte_carlo_exercise_says_how_its_samples_are_drawn(notebook, prose):
    assert "(seed 0)" not in prose
    assert _flat(
        "samples (one generator, `numpy.random.default_rng(0)`, drawing the four samples in turn with its "
        "`multivariate_normal` method)"
    ) in prose
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"
             and "for n in [100, 1_000, 10_000, 100_000]" in "".join(c["source"])]
    assert len(cells) == 1
    source = "".join(cells[0]["source"])
    # one generator, seeded once before the loop, draws each sample in turn, smallest n first
    assert source.count("default_rng(") == 1
    assert source.index("rng = np.random.default_rng(0)") < source.index("for n in [100, 1_000, 10_000, 100_000]")
    assert source.index("for n in") < source.index("xs = rng.multivariate_normal(mean_p, cov_p, size=n)")


def test_typical_sets_and_parallel_channels_do_not_reuse_the_letters_of_a_matrix_and_a_jacobian(prose):
    # A is an invertible matrix (scaling theorem), J_psi a Jacobian determinant
    assert "\\det A" in _block(prose, ":label: ch8-thm-scaling") and "J_\\psi" in prose
    assert "A_n" not in prose and "T_n" in _block(prose, ":label: ch8-thm-aep-volume")
    assert not re.search(r"\$J\$|_J\b|\^J\b|X_J\b", prose)
    assert not re.search(r"(?<![\w\\])T(?![\w_])", prose)  # no other T in the chapter


def test_the_bins_cover_all_but_a_negligible_probability(prose):
    assert "far beyond where any probability is left" not in prose
    assert "far beyond where any appreciable probability is left." in prose
    # 12 standard deviations on each side leave about 4e-33 outside: not nothing, but far below a rounding error
    outside = 2 * special.ndtr(-12.0)
    assert 0 < outside < 1e-30


def test_the_uniform_density_meets_the_quantisation_condition_only_at_widths_that_divide_a_half(prose):
    assert "Every density this chapter quantises meets the condition. If" not in prose
    assert _flat(
        "the uniform one along the widths $\\Delta = 2^{-m}$, $m \\ge 1$."
    ) in prose
    assert "it is quantised with" not in prose  # the figure quantises it at widths 8 to 1 as well
    assert _flat(
        "and a width for which $\\frac{1}{2\\Delta}$ is a whole number, as for $\\Delta = 2^{-m} \\le \\frac12$, $\\ln f$ "
        "is constant on every bin of positive probability, so $H(X_\\Delta) + \\log\\Delta = h(X)$ exactly. At every other "
        "width, among them every $\\Delta > \\frac12$, the bin with $\\frac12$ strictly inside it has positive probability "
        "and $\\omega_\\Delta = \\infty$"
    ) in prose
    assert "such widths come as close to 0 as one likes" not in prose
    # the theorem's convention: omega is infinite on a bin where f vanishes on part of {g > 0}
    assert "On a bin where $f$ vanishes on one part of $\\{g > 0\\}$ and not on another, both of positive volume" in _flat(
        _block(prose, ":label: ch8-thm-quantisation"))
    # uniform on [0, 1/2] (density 2), bins [k delta, (k + 1) delta): the histogram g is positive on the whole bin
    # holding 1/2, f is 0 on its part beyond 1/2, and X falls in it with probability 2 (1/2 - k delta) > 0
    for m in (1, 5, 50, 500):
        delta = 1 / (2 * m + 1)  # 1/(2 delta) = m + 1/2
        k = math.floor(0.5 / delta)
        assert k * delta < 0.5 < (k + 1) * delta
        assert 2 * (0.5 - k * delta) > 0 and (k + 1) * delta - 0.5 > 0
    # at the widths 2^-m <= 1/2 every bin X can fall in lies inside [0, 1/2]: ln f is constant on it, and
    # H(X_delta) + log2 delta = h = -1 bit exactly
    for m in range(1, 12):
        delta = 2.0**-m
        assert (0.5 / delta).is_integer()
        p = np.full(2 ** (m - 1), 2 * delta)
        assert scipy.stats.entropy(p, base=2) + math.log2(delta) == pytest.approx(-1.0, abs=1e-12)


def test_the_quantisation_theorem_says_what_converges_in_part_2(prose):
    theorem = _flat(_block(prose, ":label: ch8-thm-quantisation"))
    # part 2's gap, in nats, is H(X_delta) + ln delta^k - h(X): that sum, not H(X_delta), tends to h(X)
    assert "the gap $H(X_\\Delta) + \\ln \\Delta^k - h(X)$ lies between 0 and" in theorem
    assert "(for part 2, $H(X_\\Delta) + \\ln \\Delta^k$ tends to $h(X)$)" in theorem
    # for the thermometer, H(X_delta) grows without bound while H(X_delta) + ln delta tends to h (nats)
    h = scipy.stats.norm(20, 0.5).entropy()
    sums = []
    for delta in (2.0**-4, 2.0**-8, 2.0**-12):
        entropy = scipy.stats.entropy(_binned_normal(20.0, 0.5, delta, 14.0, 26.0))
        sums.append(entropy + math.log(delta))
        assert entropy > h + 2
    gaps = np.array(sums) - h
    assert np.all(gaps >= -1e-9) and np.all(np.diff(gaps) < 0) and gaps[-1] < 1e-6


def test_the_table_shows_negativity_and_the_next_cell_unit_dependence(notebook, prose):
    assert "The other rows show two things that never happen with discrete entropy." not in prose
    assert "The other rows, and the next cell, show two things that never happen with discrete entropy." in prose
    rows = re.findall(r"^(\S.*?)\s{2,}(-?[\d.]+)\s+(-?[\d.]+)\s*$", _table(notebook, "def h_by_quadrature("), re.M)
    assert [name for name, h, _ in rows if float(h) < 0] == ["uniform on [0, 1/2]", "N(0, 0.1²)"]
    printed = _stdout(notebook, "h_fahrenheit = il.normal_entropy(1.8 * sigma_t)")
    difference = float(re.search(r"difference:\s+(-?[\d.]+) bits", printed).group(1))
    assert difference == pytest.approx(math.log2(1.8), abs=5e-5)


def test_the_one_dimensional_scaling_law_names_a_nonzero_factor(prose):
    theorem = _flat(_block(prose, ":label: ch8-thm-scaling"))
    assert "for $k = 1$ and $a \\ne 0$," in theorem
    assert "$h(aX + b) = h(X) + \\log|a|$ for $a \\ne 0$" in prose
    # a = 0 makes aX + b a constant, which has no density; a negative a stretches the density by |a|
    assert il.normal_entropy(abs(-2.5) * 0.5) - il.normal_entropy(0.5) == pytest.approx(math.log2(2.5))


def test_the_merging_theorem_is_cited_by_its_title(prose):
    assert "data-processing inequality of {prf:ref}`ch5-thm-merging`" not in prose
    assert "{prf:ref}`ch5-thm-merging` (merging outcomes never increases the divergence)" in prose
    ch5 = _prose(_load("05_kl_divergence.ipynb"))
    assert "```{prf:theorem} Merging outcomes never increases the divergence :label: ch5-thm-merging" in ch5


def test_chapter_5s_moment_matching_ranges_over_every_theta_not_only_gaussians(prose):
    assert "among the discretised Gaussians $q_\\theta$ on that grid" not in prose
    ch5 = _flat(_block(_prose(_load("05_kl_divergence.ipynb")), "On the grid, a discretised Gaussian is", "```{prf:proof}"))
    assert "$q_\\theta(x) = e^{\\theta_1 x + \\theta_2 x^2} / Z(\\theta)$" in ch5
    assert "$\\theta$ minimises it if and only if $q_\\theta$ has the mean and the variance of $p$" in ch5
    # a p on {-2, ..., 2} more spread than the uniform one: its moment-matching q_theta has theta_2 > 0, so it
    # is no discretised Gaussian, yet it is the minimiser over all theta (the gradient of the convex D vanishes)
    x = np.arange(-2.0, 3.0)
    p = np.array([0.4, 0.05, 0.1, 0.05, 0.4])

    def q(theta2):
        w = np.exp(theta2 * x**2)
        return w / w.sum()

    theta2 = optimize.brentq(lambda t: q(t) @ x**2 - p @ x**2, -5.0, 5.0)
    assert theta2 > 0 and q(theta2) @ x == pytest.approx(p @ x, abs=1e-12)
    def divergence(t1, t2):
        w = np.exp(t1 * x + t2 * x**2)
        return scipy.stats.entropy(p, w / w.sum())

    best = divergence(0.0, theta2)
    for t1, t2 in [(0.0, theta2 - 0.01), (0.0, -0.5), (0.1, theta2), (-0.2, 0.0)]:
        assert divergence(t1, t2) > best


def test_the_maximum_entropy_density_has_an_affine_not_linear_logarithm(prose):
    assert "whose logarithm is a linear function of the constrained quantity" not in prose
    assert "whose logarithm is an affine function (a constant plus a multiple) of the constrained quantity" in prose
    # ln g(x) = -ln mu - x / mu: a nonzero constant term unless mu = 1
    mu = 2.0
    g = scipy.stats.expon(scale=mu)
    assert g.logpdf(0.0) == pytest.approx(-math.log(mu)) and g.logpdf(0.0) != 0
    assert g.logpdf(3.0) - g.logpdf(1.0) == pytest.approx(-2.0 / mu)


def test_the_two_variable_chain_rule_names_its_finite_entropies(prose):
    assert "$h(X, Y) = h(X) + h(Y \\mid X)$, as in the discrete case. " not in prose
    assert _flat(
        "averaging gives the chain rule $h(X, Y) = h(X) + h(Y \\mid X)$, as in the discrete case, when $h(X)$ and "
        "$h(Y \\mid X)$ are finite."
    ) in prose


def test_the_gaussian_typical_set_is_a_shell_only_for_a_small_tolerance(notebook, prose):
    assert _flat(
        "for $\\varepsilon < 1/(2\\ln 2)$ the typical set is a spherical shell, thin for small $\\varepsilon$, of radius "
        "about $\\sigma\\sqrt n$ around $(\\mu, \\dots, \\mu)$, and for larger $\\varepsilon$ a ball."
    ) in prose
    assert "$\\pi^{n/2} r^n / \\Gamma(\\frac n2 + 1)$, where $\\Gamma$ is the gamma function." in prose
    # the inner radius sigma sqrt(n (1 - 2 eps ln 2)) exists exactly when eps < 1/(2 ln 2); the table's eps is below
    for eps, shell in [(0.1, True), (0.7, True), (0.73, False), (1.0, False)]:
        assert (1 - 2 * eps * math.log(2) > 0) == shell
    source = next("".join(c["source"]) for c in notebook["cells"] if "lo_r2, hi_r2 =" in "".join(c["source"]))
    eps = float(re.search(r"^eps = ([\d.]+)$", source, re.M).group(1))
    assert eps < 1 / (2 * math.log(2))
    # the ball's volume with the gamma function: a disc and a ball in R^3
    for n, volume in [(2, math.pi), (3, 4 * math.pi / 3)]:
        assert math.pi ** (n / 2) / special.gamma(n / 2 + 1) == pytest.approx(volume, rel=1e-14)


def test_water_filling_cites_the_converse_step_instead_of_repeating_it(prose):
    proof = _flat(_block(prose, ":label: ch8-thm-water-filling", "These are the Karush-Kuhn-Tucker"))
    assert "The noises are independent, so $h(Y \\mid X) = \\sum_j h(Z_j)$" not in proof
    assert "Step 2 of the proof of the converse of {prf:ref}`ch8-thm-gaussian-coding`" in proof
    # that step is the second of the converse's numbered steps, and the lemma it relies on allows unequal variances
    _, converse = _converse_proof(prose)
    step2 = converse[converse.index(" 2. ") : converse.index(" 3. ")]
    assert step2.startswith(" 2. Given $X^n$, the outputs are $X_i + Z_i$ with independent $Z_i$")
    assert "{prf:ref}`ch8-thm-chain-rule-h`" in step2 and "$I(X^n; Y^n) \\le \\sum_i I(X_i; Y_i)$" in step2
    lemma = _flat(_block(prose, ":label: ch8-lem-finite-h"))
    assert "$Z_i \\sim \\mathcal{N}(0, N_i)$ with $N_i > 0$" in lemma


def test_the_notation_page_makes_n0_over_2_the_noise_spectral_density(prose):
    page = (Path(__file__).resolve().parents[2] / "notation.md").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith("| $W$, $N_0$ |"))
    assert "and its noise power spectral density" not in row
    assert "twice its noise power spectral density: the noise has power spectral density $N_0/2$ watts per hertz" in row
    assert "white Gaussian noise of power spectral density $N_0/2$ watts per hertz" in prose


# --- what each bound gives, and one letter for each function ------------------------------------


def test_part_2s_lower_bound_holds_at_every_width_even_where_omega_is_infinite(prose):
    assert "the theorem bounds nothing there" not in prose
    theorem = _flat(_block(prose, ":label: ch8-thm-quantisation"))
    assert _flat(
        "The lower bound of part 2, $H(X_\\Delta) + \\ln \\Delta^k \\ge h(X)$, holds for every width, also where "
        "$\\mathbb{E}_f[\\omega_\\Delta]$ is infinite and the upper bound says nothing."
    ) in theorem
    proof = _flat(_block(prose[prose.index(":label: ch8-thm-quantisation") :], "```{prf:proof}"))
    # a display formula: inline, it was 435 px wide on a 390 px phone
    assert _flat(
        "$$ \\begin{aligned} D(f \\,\\|\\, g) &= -h(X) - \\sum_i p_i \\ln(p_i/\\Delta^k) \\\\ "
        "&= H(X_\\Delta) + \\ln \\Delta^k - h(X). \\end{aligned} $$ The first "
        "sum of the decomposition is 0, so the gap of part 2 is the second sum, which is never negative, for every width."
    ) in proof
    # the figure's text relies on that lower bound at the widths where omega is infinite
    assert "The points lie on or above their lines, as the lower bound of part 2 says." in prose
    # uniform on [0, 1/2] (h = -1 bit) at widths with a bin holding 1/2 strictly inside (omega infinite there):
    # the gap H(X_delta) + log2 delta - h is the average over the bins of D(f^(i) || g^(i)), where f^(i) is uniform
    # on the bin's overlap with [0, 1/2], of length L_i, and g^(i) uniform on the bin: D = log2(delta / L_i) >= 0
    for delta in (8.0, 1.0, 0.7, 1 / 3, 0.3, 0.15):
        left = delta * np.arange(0, math.ceil(0.5 / delta))
        overlap = np.minimum(left + delta, 0.5) - left
        assert overlap[-1] < delta  # the last bin is only partly covered: omega is infinite there
        p = np.diff(scipy.stats.uniform(0, 0.5).cdf(np.append(left, left[-1] + delta)))
        gap = scipy.stats.entropy(p, base=2) + math.log2(delta) - (-1)
        assert gap == pytest.approx(float(np.sum(p * np.log2(delta / overlap))), abs=1e-12) and gap > 0


def test_a_discrete_input_has_no_joint_density_and_gets_its_own_definition(prose):
    section = _flat(_block(prose, "(ch8-gaussian-channel)=", ":label: ch8-lem-finite-h"))
    assert "The output is continuous, so" not in section
    assert "{prf:ref}`ch8-thm-mi-entropies` it is $h(Y) - h(Y \\mid X)$" not in section
    assert _flat(
        "When the input has a density, so does the pair $(X, Y)$, and the mutual information is that of "
        "{prf:ref}`ch8-def-continuous-mi`. A discrete input, such as the binary input below, has no density, so "
        "$(X, Y)$ has no joint density; for it: ```{prf:definition} Mutual information of a discrete input and a "
        "continuous output"
    ) in section
    assert section.count("$I(X; Y) = h(Y) - h(Y \\mid X)$") == 1  # stated once, for both kinds of input
    # the definition that needs a joint density
    assert "For $(X, Y)$ with joint density $f$ and marginal densities" in _block(prose, ":label: ch8-def-continuous-mi")
    # an input with a density, uniform on [-1, 1], and N(0, 1/4) noise: f_X(x) f_Z(y - x) is a joint density
    noise = scipy.stats.norm(0, 0.5)
    total = integrate.dblquad(lambda y, x: 0.5 * noise.pdf(y - x), -1, 1, -6, 6)[0]
    assert total == pytest.approx(1, abs=1e-8)


def test_the_typical_sets_side_is_2_to_the_h_only_to_within_a_factor_for_large_n(notebook, prose):
    assert "So $2^{h}$ is the side of a cube with the volume of the typical set, per coordinate" not in prose
    assert _flat(
        "So $\\mathrm{Vol}(T_n)^{1/n}$, the side of a cube with the volume of the typical set, lies between "
        "$\\Pr(T_n)^{1/n}\\, 2^{h - \\varepsilon}$ and $2^{h + \\varepsilon}$, and $\\Pr(T_n)^{1/n} \\to 1$: per "
        "coordinate and for large $n$, $2^{h}$ is, to within a factor of about $2^{\\pm\\varepsilon}$, the effective "
        "length over which $X$ is spread."
    ) in prose
    rows = _typical_set_rows(notebook)
    h, eps = 0.5 * math.log2(2 * math.pi * math.e * 0.5**2), 0.1
    for n, _, exact, log_vol in rows:
        assert math.log2(exact) / n + h - eps <= log_vol <= h + eps  # parts 2 and 3, to the power 1/n
    # at n = 10 the side is below 2^(h - eps): the factor Pr(T_n)^(1/n) is needed, and "for large n"
    assert rows[0][0] == 10 and rows[0][3] < h - eps
    # at the largest n it is within 2^eps of 2^h, but not equal to it: "about", not "is"
    assert 0.05 < rows[-1][3] - h <= eps
    assert [exact ** (1 / n) for n, _, exact, _ in rows] == sorted(exact ** (1 / n) for n, _, exact, _ in rows)


def test_the_shannon_limit_needs_codes_whose_error_tends_to_0_as_n_grows(prose):
    assert "a code whose error probability tends to 0" not in _flat(prose)
    assert "codes of rate $R$ whose error probabilities tend to 0 as $n$ grows need $R \\le C" in prose
    # the converse's bound 1 - C/R - 1/(nR): for one length it can be below 0 at a rate above C, so one code
    # says nothing; as n grows it tends to 1 - C/R > 0, so error probabilities tending to 0 force R <= C
    capacity, rate = 1.0, 1.01
    assert 1 - capacity / rate - 1 / (10 * rate) < 0
    assert 1 - capacity / rate - 1 / (10**6 * rate) > 0


def test_the_scaling_theorem_assumes_the_differential_entropy_exists(prose):
    theorem = _flat(_block(prose, ":label: ch8-thm-scaling"))
    assert "Let $X$ be a random vector in $\\mathbb{R}^k$ with a density whose differential entropy exists," in theorem
    # "exists" is the definition's word for the integral
    assert "whenever the integral exists" in _block(prose, ":label: ch8-def-differential-entropy")


def test_achievability_is_sketched_with_its_reason_and_its_full_proof_cited(prose):
    assert "(Theorem 9.1.1) along the lines of chapter 7" not in prose
    assert _flat(
        "Achievability is not proved in full here, because its proof follows chapter 7's random-coding argument; the "
        "sketch after the theorem shows what changes (densities in place of probabilities, and a power constraint to "
        "keep), and {cite:t}`cover2006elements` (Theorem 9.1.1) give the full proof. The converse is proved in full, "
        "after the sketch."
    ) in prose
    # the sketch comes after the theorem and names both changes
    after = prose[prose.index(":label: ch8-thm-gaussian-coding") :]
    sketch = _flat(_block(after, "Why $\\frac12 \\log_2(1 + P/N)$?", "```{prf:proof}"))
    assert _flat(
        "The proof of achievability makes this precise as chapter 7 did ({ref}`ch7-achievability`, optional in "
        "chapter 7; read it first if you skipped it):"
    ) in sketch
    assert "with densities in place of probabilities" in sketch
    assert "count a codeword that breaks the power constraint as an error" in sketch
    ch7 = _prose(_load("07_noisy_channels.ipynb"))
    assert "(ch7-achievability)= ## Why rates below capacity work: random codes (optional)" in ch7
    assert "**Random coding.**" in ch7


def test_c_of_w_and_the_capacity_of_channel_j_have_different_letters(prose):
    assert "c_j" not in prose
    assert _flat(
        "bounds each term by $C_j(P_j) = \\frac12 \\ln(1 + P_j/N_j)$, the capacity of channel $j$ with power limit "
        "$P_j$, in nats,"
    ) in prose
    # a lower-case c as a function is the wideband exercise's c(W), and only there
    start = prose.index(":label: ch8-ex-wideband")
    end = prose.index("{solution-end}", start)
    for match in re.finditer(r"(?<![A-Za-z\\])c(_[a-z]|\()", prose):
        assert start < match.start() < end, prose[match.start() - 60 : match.end() + 60]
    # C_j(P_j) is channel j's capacity at power P_j (in nats), and the water-filling powers' sum of them is C
    noise = np.array([0.5, 1.0, 2.0, 4.0, 6.0])
    wf = il.water_filling(noise, 4.0)
    c_j = 0.5 * np.log1p(wf.allocation / noise)
    assert np.allclose(c_j, il.gaussian_channel_capacity(wf.allocation / noise, base="nats"), rtol=1e-12, atol=0)
    assert c_j.sum() / math.log(2) == pytest.approx(wf.capacity, rel=1e-12)


def test_omega_is_an_essential_supremum_minus_an_essential_infimum(prose):
    theorem = _flat(_block(prose, ":label: ch8-thm-quantisation"))
    assert "(its supremum minus its infimum there" not in prose
    assert _flat(
        "its essential supremum minus its essential infimum on the part of the bin where $g > 0$, that is, the least "
        "number above which $\\ln(f/g)$ lies there only on a set of zero volume, minus the greatest below which it "
        "lies there only on such a set, so that changing $f$ or $g$ on a set of zero volume changes nothing."
    ) in theorem
    proof = _flat(_block(prose[prose.index(":label: ch8-thm-quantisation") :], "```{prf:proof}"))
    assert "so its logarithm is at least the essential infimum of $\\ln \\frac fg$ there" in proof
    assert "is, almost everywhere where $f > 0$ in the bin, at most the bin's $\\omega_\\Delta$" in proof
    # zero volume and "almost everywhere" are defined before the theorem
    assert prose.index("A statement holds **almost everywhere**") < prose.index(":label: ch8-thm-quantisation")
    page = (Path(__file__).resolve().parents[2] / "notation.md").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith("| $\\omega_\\Delta(x)$ |"))
    assert "its essential supremum minus its essential infimum there" in row and "its supremum minus" not in row


# --- exact statements, hypotheses and notation ------------------------------------------------


def test_the_quantisation_theorem_asks_g_positive_only_almost_everywhere_on_f_positive(prose, code):
    theorem = _flat(_block(prose, ":label: ch8-thm-quantisation"))
    assert "with $g > 0$ almost everywhere on $\\{f > 0\\}$, and let" in theorem
    assert "$g > 0$ wherever $f > 0$, and let" not in prose
    # the proof reduces to g > 0 wherever f > 0, the hypothesis of Gibbs' inequality for densities, which it uses
    proof = _flat(_block(prose[prose.index(":label: ch8-thm-quantisation") :], "```{prf:proof}"))
    assert proof.startswith("```{prf:proof} " + _flat(
        "Setting $f$ to 0 on the set of zero volume where $f > 0 = g$ changes no integral and no $\\omega_\\Delta$, so "
        "let $g > 0$ wherever $f > 0$."
    ))
    assert "For densities $f$ and $g$ with $g > 0$ almost everywhere on $\\{f > 0\\}$" in _block(
        prose, ":label: ch8-thm-gibbs-densities")
    # part 2's histogram g vanishes on a bin of probability 0, where f > 0 only on a set of zero volume:
    # uniform on [0, 1/2] with Delta = 1/4 and the closed bin edge 1/2, f(1/2) = 2 but g(1/2) = 0
    delta = 0.25
    p = np.diff(scipy.stats.uniform(0, 0.5).cdf(delta * np.arange(0, 4)))
    assert p[2] == 0 and scipy.stats.uniform(0, 0.5).pdf(0.5) > 0


def test_the_kl_figure_grids_nest_so_the_merging_theorem_applies(code):
    # the quantised divergences use bins [i delta, (i + 1) delta) with delta = 2^-m: each coarse edge is a fine edge
    assert "kl_deltas = 2.0 ** -np.arange(-2, 11)" in code and "i * delta - mu" in code
    kl_deltas = 2.0 ** -np.arange(-2, 11)
    for coarse, fine in zip(kl_deltas, kl_deltas[1:]):
        assert coarse == 2 * fine
    kl = [il.kl_divergence(_binned_normal(0, 1, d, -14, 14), _binned_normal(1, 1.5, d, -14, 14)) for d in kl_deltas]
    assert np.all(np.diff(kl) >= -1e-12)


def test_the_telephone_exercise_asks_for_a_bound_not_a_least_value(prose):
    exercise = _flat(_block(prose, ":label: ch8-ex-telephone"))
    assert "what is the least $E_b/N_0$" not in prose
    assert "what is the bound, in dB, below which $E_b/N_0$ cannot go if it is to work reliably?" in exercise
    assert "At $\\eta = 4$, reliable operation needs $E_b/N_0 \\ge (2^4 - 1)/4 = 3.75$" in prose


# --- exact statements, hypotheses and notation ------------------------------------------------


def test_the_quantised_entropy_is_claimed_only_for_densities_that_meet_the_theorems_condition(prose):
    # a density with finite h can have H(X_Delta) infinite at every width; the approximation needs the hypothesis
    assert "of a density, $H(X_\\Delta) \\approx h(X) + m$" not in prose
    assert "a continuous variable has $H(X_\\Delta) \\approx" not in prose
    assert "$H(X_\\Delta) \\approx h(X) - \\log \\Delta$, and" not in prose
    assert _flat("$H(X_\\Delta) \\approx h(X) - \\log \\Delta$ when $h(X)$ is finite and $\\log f$ varies little, on "
                 "average, over each bin") in prose
    summary = prose[prose.index("## Summary") :]
    assert _flat("a variable whose density has finite $h(X)$ and $\\mathbb{E}_f[\\omega_\\Delta] \\to 0$ "
                 "({prf:ref}`ch8-thm-quantisation`) has "
                 "$H(X_\\Delta) \\approx h(X) - \\log\\Delta$ for small $\\Delta$") in summary


def test_the_coarse_widths_of_the_uniform_are_discussed_once_and_the_limit_clause_is_not_doubled(prose):
    assert "there part 2 gives only its lower bound" not in prose
    assert "not a whole number" not in prose
    assert prose.count("is all the theorem gives") == 1
    assert "whenever $\\mathbb{E}_f[\\omega_\\Delta] \\to 0$ as $\\Delta \\to 0$" not in prose


def test_the_general_gaussian_pair_does_not_reuse_the_sensors_sigma_x(prose):
    assert "$\\sigma_X$, $\\sigma_Y$ and correlation" not in prose
    assert "\\sigma_X^2 \\sigma_Y^2" not in prose
    # det of [[s1^2, rho s1 s2], [rho s1 s2, s2^2]] is s1^2 s2^2 (1 - rho^2)
    for s1, s2, rho in ((0.5, 0.56, 0.9), (2.0, 3.0, -0.3)):
        cov = np.array([[s1**2, rho * s1 * s2], [rho * s1 * s2, s2**2]])
        assert np.linalg.det(cov) == pytest.approx(s1**2 * s2**2 * (1 - rho**2))


def test_the_third_form_shows_that_the_conditional_entropy_is_finite_before_using_it(prose):
    proof = _flat(_block(prose, ":label: ch8-thm-mi-entropies", "```{prf:theorem}"))
    assert "and the chain rule the third" not in proof
    assert _flat("For the third, $-\\log f(y \\mid x) = -\\log f(x, y) + \\log f_X(x)$, whose two terms have the finite "
                 "averages $h(X, Y)$ and $-h(X)$, so $h(Y \\mid X) = h(X, Y) - h(X)$ is finite, and the first form gives the "
                 "third.") in proof


def test_the_converse_says_its_codeword_and_output_are_vectors(prose):
    proof = _flat(_block(prose, "*Converse.* Take a code"))
    assert "its codeword $X^n = x(U) = (X_1, \\dots, X_n)$, the output $Y^n = (Y_1, \\dots, Y_n)$ and" in proof
    # the vectors keep their superscript throughout, as in chapter 7's weak converse; X and Y alone are scalars
    for scalar in ("$I(X; Y)", "I(U; Y)", "f_Y\\big)", "Given $X$,", "$h(Y \\mid X)", "$h(Y) \\le", "discrete $X$ "):
        assert scalar not in proof, scalar
    for vector in ("$I(U; Y^n) = I(X^n; Y^n)$", "$nR \\le 1 + P_e\\, nR + I(X^n; Y^n)$", "$h(Y^n) \\le \\sum_i h(Y_i)$"):
        assert vector in proof, vector


# --- what a table column and the summary's identity say --------------------------------------


def test_gibbs_for_densities_asks_g_positive_only_almost_everywhere_where_f_is(prose):
    # the mutual information's proof applies it with g = f_X f_Y, positive only almost everywhere on {f > 0}
    theorem = _flat(_block(prose, ":label: ch8-thm-gibbs-densities"))
    assert "with $g > 0$ almost everywhere on $\\{f > 0\\}$" in theorem
    assert "with $g > 0$ wherever $f > 0$, $D(f" not in prose
    assert prose.index("**almost everywhere**") < prose.index(":label: ch8-thm-gibbs-densities")


def test_typical_set_table_is_described_by_its_column_not_as_a_volume(notebook, prose):
    assert "and its volume per coordinate." not in prose
    assert "the exact probability of the typical set, and $\\log_2$ of its volume divided by $n$." in _flat(prose)
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "code" and "log2(volume) / n" in "".join(c["source"]))
    assert "ln_vol / (n * math.log(2))" in "".join(cell["source"])


def test_summary_gives_the_entropy_form_of_mutual_information_with_its_hypothesis(prose):
    summary = _flat(prose[prose.index("## Summary") :])
    assert "$I(X; Y) = D(f \\,\\|\\, f_X f_Y)$, which is $h(Y) - h(Y \\mid X)$ when both entropies are finite." in summary
    assert "$I(X; Y) = D(f \\,\\|\\, f_X f_Y) = h(Y) - h(Y \\mid X)$" not in prose


# --- caveats said once, hypotheses kept, proofs that say why, notation -----------------------


def test_the_chapter_densities_caveat_is_said_once_and_the_others_cite_the_theorem(prose):
    assert prose.count("Every density this chapter quantises meets the condition") == 1
    assert "as every density this chapter quantises has" not in prose
    assert "as this chapter's do along the widths" not in prose
    # the hypothesis stays where the approximation is claimed
    assert _flat("a density with finite $h(X)$ and $\\mathbb{E}_f[\\omega_\\Delta] \\to 0$ along these widths "
                 "({prf:ref}`ch8-thm-quantisation`)") in _flat(prose)


def test_the_maximum_entropy_proofs_rule_out_an_infinite_entropy_above(prose):
    proof = _flat(_block(prose, ":label: ch8-thm-maxent ", ":label: ch8-thm-moment-matching"))
    assert ("Since $\\int f \\ln \\varphi$ is finite, $D(f \\,\\|\\, \\varphi) \\ge 0$ also rules out "
            "$h(f) = +\\infty$.") in proof
    vector = _flat(prose[prose.index(":label: ch8-thm-maxent-vector"):])[:1500]
    assert "as $\\int f \\ln \\varphi$ is finite, this also rules out $h(f) = +\\infty$." in vector


def test_the_prerequisites_name_the_linear_algebra_the_chapter_uses(prose):
    opening = _flat(_block(prose, "**Prerequisites:**", "**Time:**"))
    assert "determinants, traces and positive definite matrices" in opening
    for used in ("\\det \\Sigma", "\\operatorname{tr}", "positive definite"):
        assert used in prose, used


def test_the_water_filling_exercise_says_it_needs_the_optional_section(prose):
    exercise = _flat(_block(prose, ":label: ch8-ex-write-water-filling"))
    assert "This exercise needs the {ref}`optional section on water-filling <ch8-sec-water-filling>`." in exercise
    assert "(ch8-sec-water-filling)= ### Parallel Gaussian channels: water-filling (optional)" in _flat(prose)


def test_the_wideband_solution_does_not_reuse_s_for_the_snr(prose):
    solution = _block(prose, "```{solution} ch8-ex-wideband")
    assert "Write $u = \\frac{P}{N_0 W}$" in solution
    assert "$s = \\frac{P}{N_0 W}$" not in solution and "s_1" not in solution
    # s_1, s_2 are the standard deviations of the jointly Gaussian pair
    assert "$s_1$, $s_2$ and correlation coefficient $\\rho$" in _flat(prose)
