"""Chapter 9 (machine learning): the claims its text, captions and alt texts make are true.

Each test recomputes, from the chapter's own seeds, from its stored outputs (which nbval
keeps equal to a fresh run) or from a library's documented formula, the numbers a sentence
of the chapter states, and fails if the sentence and the data disagree. A few sentences
that were wrong must not return.
"""

from __future__ import annotations

import bz2
import lzma
import math
import re
import zlib
from pathlib import Path

import numpy as np
import pytest
import scipy.special

import infolib as il
from chapter_text import flat as _flat, figure as _figure

CHAPTER = "09_machine_learning.ipynb"  # read by the notebook and prose fixtures (conftest.py)


def _output(notebook, marker: str) -> str:
    """Everything the one code cell whose source contains ``marker`` printed or displayed."""
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code" and marker in "".join(c["source"])]
    assert len(cells) == 1, marker
    parts = []
    for out in cells[0]["outputs"]:
        parts.append("".join(out.get("text", "")))
        parts.append("".join(out.get("data", {}).get("text/plain", "")))
    return "".join(parts)


def _table_rows(text: str) -> list[list[str]]:
    """The rows of an ``il.Table`` printed as plain text (header and rule skipped)."""
    lines = [line for line in text.splitlines() if line.strip()]
    rule = next(i for i, line in enumerate(lines) if set(line.replace(" ", "")) == {"-"})
    return [line.split() for line in lines[rule + 1:]]


# --- the chapter's own data, rebuilt from its seeds ---------------------------------

K, D = 3, 20


@pytest.fixture(scope="module")
def classifiers():
    """The plain, label-smoothed and temperature-scaled test logits of the chapter."""
    rng = np.random.default_rng(9)
    centres = rng.normal(size=(K, D)) * (np.arange(D) < 4)

    def draw(n):
        y = rng.integers(0, K, size=n)
        return centres[y] + rng.normal(size=(n, D)), y

    X_train, y_train = draw(150)
    X_val, y_val = draw(1000)
    X_test, y_test = draw(5000)

    def train(target_probs):
        W, b = np.zeros((D, K)), np.zeros(K)
        for _ in range(3000):
            G = (il.softmax(X_train @ W + b) - target_probs) / len(X_train)
            W -= 0.5 * X_train.T @ G
            b -= 0.5 * G.sum(axis=0)
        return W, b

    W, b = train(il.one_hot(y_train, K))
    temperatures = np.round(np.arange(0.5, 6.0 + 1e-9, 0.05), 2)
    val_loss = [il.cross_entropy_loss((X_val @ W + b) / T, y_val) for T in temperatures]
    T_best = temperatures[int(np.argmin(val_loss))]
    return {"plain": X_test @ W + b, "scaled": (X_test @ W + b) / T_best}, y_test


# --- loss conventions ----------------------------------------------------------------


def test_soft_target_gradient_is_predicted_minus_target():
    # The chapter trains on soft targets with the gradient (softmax(z) - p) / n and derives it
    # itself; chapter 4's proof covers one-hot targets only, so the text must not say that
    # proof "uses only sum_k p_ik = 1".
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4, 3))
    p = il.softmax(rng.normal(size=(4, 3)))

    def loss(z):
        return float(il.cross_entropy(p, il.softmax(z), base="nats").mean())

    h = 1e-6
    numeric = np.zeros_like(z)
    for index in np.ndindex(z.shape):
        e = np.zeros_like(z)
        e[index] = h
        numeric[index] = (loss(z + e) - loss(z - e)) / (2 * h)
    np.testing.assert_allclose(numeric, (il.softmax(z) - p) / len(z), atol=1e-8)


def test_text_does_not_attribute_the_soft_target_gradient_to_chapter_4s_proof(prose):
    assert "because its proof uses only" not in prose
    assert r"\mathrm{softmax}(z_i)_k - p_{ik}" in prose


def test_kldivloss_default_is_the_batchmean_divided_by_the_number_of_classes(prose):
    # PyTorch's documented pointwise loss target * (log target - input), then .mean()
    rng = np.random.default_rng(1)
    p = il.softmax(rng.normal(size=(5, 4)))
    log_q = il.log_softmax(rng.normal(size=(5, 4)))
    pointwise = scipy.special.xlogy(p, p) - p * log_q
    batch_average = il.kl_divergence(p, np.exp(log_q), base="nats").mean()
    assert pointwise.sum() / 5 == pytest.approx(batch_average)
    assert pointwise.mean() == pytest.approx(batch_average / 4)
    notes = _flat((Path(__file__).resolve().parents[2] / "sources.md").read_text(encoding="utf-8"))
    assert "batch's average divergence divided by the number of classes" in notes


# --- binary cross-entropy ------------------------------------------------------------


def test_naive_bce_sentence_names_exactly_the_inf_and_nan_cases(notebook, prose):
    rows = _table_rows(_output(notebook, "def bce_naive"))
    inf_cases = {(int(r[0]), int(r[1])) for r in rows if r[2] == "inf"}
    nan_cases = {(int(r[0]), int(r[1])) for r in rows if r[2] == "nan"}
    assert inf_cases == {(40, 0), (800, 0), (-800, 1)}
    # true losses where the naive route is inf: |z| nats; where it is nan: 0
    for z, y in inf_cases:
        assert il.binary_cross_entropy_loss([float(z)], [float(y)]) == pytest.approx(abs(z))
    for z, y in nan_cases:
        assert il.binary_cross_entropy_loss([float(z)], [float(y)]) == pytest.approx(0.0, abs=1e-15)
    assert "logits 40 and 800 with target 0, $-800$ with target 1" in prose
    assert "although the true loss there is 0" in prose


# --- language models and compressors -------------------------------------------------


def test_bpc_alt_text_describes_orders_4_to_7_truly(notebook):
    _, alt = _figure(notebook, "ch9-fig-bpc")
    rows = _table_rows(_output(notebook, "held-out perplexity"))
    heldout = {int(r[0]): float(r[3]) for r in rows}
    # order 4 is above 1.9 bits, orders 5 to 7 just under it
    assert heldout[4] > 1.9
    assert all(1.85 < heldout[k] < 1.9 for k in (5, 6, 7))
    assert f"about {heldout[4]:.2f} bits at order 4" in alt
    assert "just under 1.9 bits at orders 5 to 7" in alt
    assert "just under 1.9 bits from order 4" not in alt


def test_zlib_gains_least_from_the_training_text(prose):
    text = il.load_text("pride_and_prejudice_vol1")
    split = text.index("Chapter 20\n")
    train, heldout = text[:split].encode("ascii"), text[split:].encode("ascii")
    compressors = {
        "zlib": lambda b: zlib.compress(b, 9),
        "bz2": lambda b: bz2.compress(b, 9),
        "lzma": lambda b: lzma.compress(b, preset=9 | lzma.PRESET_EXTREME),
    }
    gain = {}
    for name, compress in compressors.items():
        cold = len(compress(heldout))
        warm = len(compress(train + heldout)) - len(compress(train))
        gain[name] = cold - warm
    assert min(gain, key=gain.get) == "zlib"
    # the reason the text gives: DEFLATE's window is 2**15 bytes, the training text is longer,
    # and bz2's 900 kB blocks hold all of it
    assert 2**zlib.MAX_WBITS == 32 * 1024 < len(train) < 900_000
    assert "DEFLATE looks back at most 32 KiB" in prose


# --- calibration ---------------------------------------------------------------------


def test_reliability_alt_text_says_where_the_plain_model_is_below_the_diagonal(notebook, classifiers):
    _, alt = _figure(notebook, "ch9-fig-reliability")
    logits, y_test = classifiers
    bins = il.reliability_bins(il.softmax(logits["plain"]), y_test, n_bins=15)
    full = np.flatnonzero(bins.counts > 0)
    gap = bins.confidence - bins.accuracy
    low, middle, high = full[:2], full[2], full[3:]
    assert (gap[low] < 0).all()  # the two lowest bins are above the diagonal
    assert int(bins.counts[low].sum()) == 24
    assert 0 < gap[middle] < 0.1
    assert bins.edges[high[0]] == pytest.approx(8 / 15)
    assert f"(by {gap[high].min():.2f} to {gap[high].max():.2f})" in alt
    assert "with 24 predictions between them, slightly above it" in alt
    assert "all far below the diagonal" not in alt


def test_reliability_caption_states_the_printed_eces_and_the_gap_of_the_plain_model(notebook, classifiers):
    caption, alt = _figure(notebook, "ch9-fig-reliability")
    logits, y_test = classifiers
    rows = _table_rows(_output(notebook, '"ECE (15 bins)"], rows, digits=3)'))
    plain, smoothed, scaled = (row[-1] for row in rows)  # the table's ECE column, as printed
    assert f"{il.expected_calibration_error(il.softmax(logits['plain']), y_test, n_bins=15):.3f}" == plain
    assert f"{il.expected_calibration_error(il.softmax(logits['scaled']), y_test, n_bins=15):.3f}" == scaled
    assert f"its ECE is {plain};" in caption and f"with ECEs of {smoothed} and {scaled}." in caption
    bins = il.reliability_bins(il.softmax(logits["plain"]), y_test, n_bins=15)
    gap = (bins.confidence - bins.accuracy)[np.flatnonzero(bins.counts > 0)[3:]]
    assert f"below its confidence by {gap.min():.2f} to {gap.max():.2f}" in caption
    assert np.allclose(np.diff(bins.edges), 1 / 15)  # "equal-width"
    assert "15 equal-width confidence bins" in caption and "much closer" not in caption
    assert "in every bin" not in caption


def test_ece_exercise_solution_matches_its_table(notebook, prose):
    rows = _table_rows(_output(notebook, "ECE, calibrated by construction (mean)"))
    table = {int(r[0]): tuple(float(v) for v in r[1:]) for r in rows}
    floor = [table[m][1] for m in sorted(table)]
    scaled5, floor5, sd5 = table[5]
    scaled100, floor100, sd100 = table[100]
    assert scaled5 > 2 * floor5  # "more than twice this floor"
    assert 3.5 < (scaled5 - floor5) / sd5 < 4  # "almost four standard deviations above it"
    assert 1 < (scaled100 - floor100) / sd100 < 1.5  # "little more than one standard deviation"
    assert floor == sorted(floor)  # the floor rises with the number of bins
    assert "ECE is more than twice this floor and almost four standard deviations above it" in prose
    assert "by little more than one standard deviation of the floor" in prose
    assert "as a mean and a standard deviation over 200 draws of the labels" in prose


def test_ece_floor_is_a_mean_and_spread_over_200_draws(notebook, prose, classifiers):
    out = _output(notebook, "floor = np.array(")
    mean, sd = (float(v) for v in re.search(r"200 draws of its labels:\n  mean ([0-9.]+), standard deviation ([0-9.]+)\n", out).groups())
    ece = float(re.search(r"on the real labels: ([0-9.]+)", out).group(1))
    # recomputed here from the chapter's seeds, with its own way of drawing labels
    logits, y_test = classifiers
    q = il.softmax(logits["scaled"])
    rng = np.random.default_rng(11)
    draws = []
    for _ in range(200):
        u = rng.random((len(q), 1))
        labels = np.minimum((q.cumsum(axis=1) < u).sum(axis=1), K - 1)
        draws.append(il.expected_calibration_error(q, labels, n_bins=15))
    assert mean == pytest.approx(np.mean(draws), abs=6e-5)
    assert sd == pytest.approx(np.std(draws, ddof=1), abs=6e-5)
    assert ece == pytest.approx(il.expected_calibration_error(q, y_test, n_bins=15), abs=6e-5)
    assert (ece - mean) / sd > 3
    assert "more than three standard deviations above the floor's mean" in prose
    assert "one draw is one number, so draw 200 times" in prose


def test_label_smoothing_makes_a_calibrated_model_underconfident(notebook, prose):
    rows = _table_rows(_output(notebook, "X_big, y_big = draw(5000, rng)"))
    plain = [float(v) for v in rows[0][-4:]]
    smoothed = [float(v) for v in rows[1][-4:]]
    acc, conf, ece, kl = range(4)
    assert abs(plain[conf] - plain[acc]) < 0.02  # nearly calibrated without help
    assert smoothed[conf] < smoothed[acc] - 0.05  # underconfident
    assert 3.5 < smoothed[ece] / plain[ece] < 4  # "almost fourfold"
    assert smoothed[kl] > 8 * plain[kl] and plain[kl] < 0.01  # "more than eight times", "a few thousandths"
    assert "its ECE grows almost fourfold, and its predictions move more than eight times further" in prose
    assert "{cite:t}`muller2019when`" in prose
    assert "label smoothing does harm" in prose


def test_recalibration_text_matches_scikit_learns_results(notebook, prose):
    out = _output(notebook, "CalibratedClassifierCV(FrozenEstimator(base)")
    zeros = int(re.search(r"isotonic probabilities exactly 0:\n  ([\d,]+) of the", out).group(1).replace(",", ""))
    assert zeros > 0  # "steps give many probabilities the value 0"
    rows = {r[0]: [float(v) for v in r[1:]] for r in _table_rows(out[out.index("calibration"):])}
    loss, brier, acc, ece = range(4)
    for method in ("sigmoid", "isotonic", "temperature"):  # all three cut the log-loss and the Brier score
        assert rows[method][loss] < rows["none"][loss] and rows[method][brier] < rows["none"][brier]
    for column in (loss, brier, ece):  # the temperature does best on all three at the table's clip
        assert min(rows, key=lambda m: rows[m][column]) == "temperature"
    assert rows["temperature"][acc] == rows["none"][acc]
    assert "the one-parameter temperature does best on the Brier score and the ECE" in prose
    assert "{cite:p}`sklearn2025calibration`" in prose


def test_proper_scoring_rules_and_the_improper_nllloss_on_probabilities(notebook, prose):
    out = _output(notebook, "p_true = np.array([0.6, 0.3, 0.1])")
    assert re.search(r"log-loss, -ln q_y +\[0\.6 0\.3 0\.1\]", out)
    assert re.search(r"Brier score +\[0\.6 0\.3 0\.1\]", out)
    assert re.search(r"-q_y +\[1\. 0\. 0\.\]", out)
    # the expected Brier score at q = p is 1 - ||p||^2; at any q it is ||q - p||^2 more
    p = np.array([0.6, 0.3, 0.1])
    expected = sum(p[k] * il.brier_score(p[None, :], [k]) for k in range(3))
    assert expected == pytest.approx(1 - (p**2).sum())
    assert "$(-1, 0)$" in prose
    assert "$[-1, 0)$" not in prose and "$[-1, 0]$" not in prose
    assert "it is smallest at the corner that puts all the mass on the most likely class" in prose


def test_focal_loss_and_pos_weight_move_the_minimiser_as_the_text_says(notebook, prose):
    rows = [[float(v) for v in r] for r in _table_rows(_output(notebook, "w_pos, gamma = 9.0, 2.0"))]
    for p, ce, weighted, closed_form, focal in rows:
        assert ce == pytest.approx(p, abs=1e-4)
        assert weighted == pytest.approx(closed_form, abs=1e-4)
        assert weighted == pytest.approx(9 * p / (9 * p + 1 - p), abs=1e-4)
        assert min(p, 0.5) - 1e-4 <= focal <= max(p, 0.5) + 1e-4  # pulled towards 1/2
    assert [r[2] for r in rows if r[0] == 0.1] == [0.5]
    assert "With $w = 9$ a positive of true probability 0.1 is predicted at 0.5" in prose
    assert "{cite:p}`lin2017focal`" in prose and "{cite:p}`pytorch2024bcewithlogits`" in prose


# --- reductions ----------------------------------------------------------------------


def test_weighted_mean_divides_by_the_counted_targets_weights(notebook, prose):
    out = _output(notebook, "labels_pad = np.append(labels, -100)")
    # PyTorch's documented reduction='mean' with weight= and ignore_index, written out here
    z = np.array([[2.0, 0.5, -1.0], [0.2, 1.5, 0.3], [-0.5, 0.0, 2.5], [1.0, 1.2, 0.8]])
    y = np.array([0, 1, 2, 1])
    w = np.array([1.0, 2.0, 0.5])[y]
    log_q = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    losses = -log_q[np.arange(4), y]
    printed = float(re.search(r"il.weighted_cross_entropy_loss = ([0-9.]+)", out).group(1))
    assert printed == pytest.approx(w @ losses / w.sum(), abs=1e-6)
    assert f"{w @ losses / 5:.6f}" in out and w @ losses / 5 != pytest.approx(printed)
    assert "summed weights of the targets that count" in prose
    assert "{cite:p}`pytorch2024crossentropyloss,pytorch2024nllloss`" in prose


def test_paragraph_average_reports_a_higher_perplexity_than_the_character_average(notebook, prose):
    out = _output(notebook, "per_paragraph = np.array(")
    token, batch = (float(v) for v in re.findall(r"over the \w+: ([0-9.]+) bits/char", out))
    short, long_ = (float(v) for v in re.findall(r"half(?: of the paragraphs)? ([0-9.]+)", out))
    assert batch > token and short > long_
    bpc = float(re.search(r"order \d+: ([0-9.]+) bits/char", _output(notebook, "best_order = int(")).group(1))
    assert token == pytest.approx(bpc, abs=1e-4)  # the character average is the chapter's bits per character
    assert "Short paragraphs cost this model more per character" in prose
    assert "Published perplexities are averages over tokens" in prose


# --- perplexity per character, byte and word ------------------------------------------


@pytest.fixture(scope="module")
def austen_heldout() -> str:
    """The chapter's held-out text, cut again from the shipped novel."""
    text = il.load_text("pride_and_prejudice_vol1")
    return text[text.index("Chapter 20\n"):]


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def _unit_rows(notebook) -> tuple[float, dict[str, tuple[int, float, float]]]:
    """The total code length and, per unit, (count, bits per unit, perplexity) as printed."""
    out = _output(notebook, "total_bits = bits.sum()")
    total = _number(re.search(r"total code length: ([0-9,]+) bits", out).group(1))
    rows = {m[0]: (int(_number(m[1])), float(m[2]), _number(m[3]))
            for m in re.findall(r"^(character|UTF-8 byte|word)\s+([0-9,]+)\s+([0-9.]+)\s+([0-9,.]+)$", out, re.M)}
    return total, rows


def test_perplexities_per_character_byte_and_word_divide_one_code_length(notebook, prose, austen_heldout):
    total, rows = _unit_rows(notebook)
    assert {unit: n for unit, (n, _, _) in rows.items()} == {
        "character": len(austen_heldout),
        "UTF-8 byte": len(austen_heldout.encode("utf-8")),
        "word": len(austen_heldout.split()),
    }
    for n, per_unit, perplexity in rows.values():
        assert per_unit == pytest.approx(total / n, abs=5e-5 + 0.5 / n)  # total printed to the bit
        assert perplexity == pytest.approx(2 ** per_unit, rel=1e-4, abs=0.005)  # printed to 2 decimals
    bpc = float(re.search(r"order \d+: ([0-9.]+) bits/char", _output(notebook, "best_order = int(")).group(1))
    assert rows["character"][1] == pytest.approx(bpc, abs=1e-4)
    # ASCII text: one byte per character, so the two rows agree; a word costs over a thousand-fold perplexity
    assert rows["UTF-8 byte"][1] == rows["character"][1]
    assert rows["word"][2] > 1000 and "perplexity of over a thousand per word" in prose
    assert f"perplexity on the held-out text is {2 ** bpc:.1f}" in prose


def test_typeset_text_has_more_bytes_than_characters_and_so_fewer_bits_per_byte(notebook, prose, austen_heldout):
    out = _output(notebook, "def typeset(")
    table = {m[0]: (_number(m[1]), _number(m[2]))
             for m in re.findall(r"^(characters|UTF-8 bytes|total bits|bits/character|bits/byte)\s+([0-9,.]+)\s+([0-9,.]+)$",
                                 out, re.M)}
    assert len(table) == 5
    chars, nbytes, bits = (table[k] for k in ("characters", "UTF-8 bytes", "total bits"))
    total, _ = _unit_rows(notebook)
    assert chars[0] == nbytes[0] == len(austen_heldout) and bits[0] == total
    # each "--" becomes one dash; every dash, curly quote and apostrophe is 3 bytes in UTF-8
    assert all(len(c.encode("utf-8")) == 3 for c in "\u2014\u201c\u201d\u2019")
    dashes = austen_heldout.count("--")
    marks = austen_heldout.count('"') + austen_heldout.count("'") + dashes
    assert chars[1] == len(austen_heldout) - dashes
    assert nbytes[1] - chars[1] == 2 * marks > 0
    for col in (0, 1):
        assert table["bits/character"][col] == pytest.approx(bits[col] / chars[col], abs=1e-4)
        assert table["bits/byte"][col] == pytest.approx(bits[col] / nbytes[col], abs=1e-4)
    assert table["bits/byte"][0] == table["bits/character"][0]
    assert table["bits/byte"][1] < table["bits/character"][1]
    assert abs(bits[1] - bits[0]) / bits[0] < 0.001  # "hardly moves"
    gap = 1 - table["bits/byte"][1] / table["bits/character"][1]
    assert 0.005 < gap < 0.015 and "In English the gap is about a percent" in prose
    assert "“Engaged to Mr. Collins!" in out and "Charlotte—impossible!”" in out


def test_published_figures_in_the_code_are_the_tables_and_the_ratios_are_the_texts(notebook, prose):
    code = next("".join(c["source"]) for c in notebook["cells"]
                if c["cell_type"] == "code" and "published_bpb = {" in "".join(c["source"]))
    out = _output(notebook, "published_bpb = {")
    table = {"GPT-2 (1.5B)": "| GPT-2 (1.5B), Pile: Gutenberg books | bits per byte |",
             "GPT-3 davinci": "| GPT-3 davinci, Pile: Gutenberg books | bits per byte |"}
    ours = float(re.search(r"Austen: ([0-9.]+) bits/byte", out).group(1))
    total, rows = _unit_rows(notebook)
    assert ours == rows["UTF-8 byte"][1]
    ratios = []
    for name, row in table.items():
        value = float(re.search(re.escape(name) + r'": ([0-9.]+)', code).group(1))
        assert f"{row} {value} |" in prose  # the code uses the table's figure
        printed = re.search(re.escape(name) + r", books: ([0-9.]+)\n  ours is ([0-9.]+) times", out)
        assert float(printed.group(1)) == value
        assert float(printed.group(2)) == pytest.approx(ours / value, abs=0.005)
        ratios.append(float(printed.group(2)))
    assert (f"needs {ratios[0]:.1f} times the bits per byte of GPT-2 and {ratios[1]:.1f} times those of GPT-3"
            in prose)
    more = _number(re.search(r"bytes: ([0-9,]+) times more", out).group(1))
    assert 150_000 < more < 250_000 and "about two hundred thousand times less text than GPT-2" in prose
    best_order = int(re.search(r"order-(\d+) n-gram", out).group(1))
    assert f"predicts from the last {best_order} characters" in prose


def test_bits_per_byte_exercise_solution_is_the_total_code_length_over_the_bytes(notebook, prose):
    out = _output(notebook, "B = 1_000_000")
    B = 1_000_000
    printed = re.findall(r"N = ([0-9,]+), perplexity (\d+): L = ([0-9,]+) bits\n  ([0-9.]+) bits/byte", out)
    assert len(printed) == 2
    per_byte = []
    for n, ppl, total, bpb in printed:
        exact = int(_number(n)) * math.log(int(ppl)) / math.log(2)  # independent of the cell's log2
        assert _number(total) == round(exact)
        assert float(bpb) == pytest.approx(exact / B, abs=5e-5)
        per_byte.append(exact / B)
    # the solution's claims: the token model beats 1.2 bits per character; the second model beats the first
    assert per_byte[0] < 1.2 and per_byte[1] < per_byte[0]
    assert f"$L / B \\approx {per_byte[0]:.3f}$ bits per byte" in prose
    assert f"${per_byte[1]:.3f}$ bits per byte: it is the better of the two" in prose
    assert 8 < 20 / 2 ** 1.2 < 9 and "almost nine times the character model's (2.3)" in prose
    # PP_tok = PP_byte ** (B / N) for both models
    for line in re.findall(r"([0-9.]+) \*\* (\d+) = ([0-9.]+)", out):
        assert float(line[0]) ** int(line[1]) == pytest.approx(float(line[2]), rel=1e-3)


def test_hidden_beta_of_a_vae_is_one_sentence_pointing_to_chapter_10(notebook, prose):
    # Chapter 10 works the reductions of the ELBO out; chapter 9 only points there.
    assert not any("mixed = recon_sum / d + kl" in "".join(c["source"]) for c in notebook["cells"])
    assert "is a hidden $\\beta$ ({ref}`ch10-reconstruction-losses` in {doc}`10_variational_contrastive`)" in prose
    from chapter_text import load

    ch10 = _flat("".join("".join(c["source"]) for c in load("10_variational_contrastive.ipynb")["cells"]))
    assert "(ch10-reconstruction-losses)= ### Where the reconstruction losses come from" in ch10
    assert "Any other combination of reductions rescales $\\beta$." in ch10


def test_each_repeated_point_is_made_in_full_once(notebook, prose):
    # The soft term written with KLDivLoss: once, where distillation checks it against the definition.
    assert prose.count("reduction='batchmean') * T**2`") == 1
    # -q_y in (-1, 0): once, in the exercise that asks for it; the not-proper argument once in full.
    assert prose.count("$(-1, 0)$") == 2  # the exercise's question and its solution
    assert prose.count("is linear in $q$") == 1


def test_distillation_kl_div_batchmean_form_is_the_soft_term(notebook, prose):
    out = _output(notebook, "kl_form = kl_div_loss(")
    batchmean, ce_form, mean = (float(v) for v in re.findall(r"= ([0-9.]+)", out))
    assert batchmean == pytest.approx(ce_form, abs=2e-6)
    assert mean == pytest.approx(batchmean / 5, abs=2e-6)
    assert "`kl_div(log_softmax(s / T), softmax(t / T), reduction='batchmean') * T**2`" in prose


def test_no_claim_that_every_library_loss_is_a_cross_entropy(prose):
    assert "Every library loss is a cross-entropy" not in prose
    assert "negative log-likelihood of a Gaussian with a **fixed** variance" in prose
    assert "The hinge loss" in prose


def test_bceloss_column_is_capped_at_100_nats_not_infinite(notebook, prose):
    rows = _table_rows(_output(notebook, "def bce_naive"))
    for z, y, naive, clamped, true in rows:
        if naive == "inf":  # the log of a probability that rounded to 0, clamped at -100
            assert float(clamped) == 100.0 != float(true)
        elif naive == "nan":  # 0 * log 0: BCELoss gives the true loss, 0
            assert float(clamped) == float(true) == 0.0
        else:
            assert float(clamped) == float(true)
    assert "clamps each logarithm at $-100$ {cite:p}`pytorch2024bceloss`" in prose
    assert "100 nats where the true loss is 40, and 100 where it is 800" in prose


# --- mutual information for feature selection -----------------------------------------


def test_binning_loses_information_for_12_of_13_wine_features(notebook, prose):
    from sklearn.datasets import load_wine
    from sklearn.feature_selection import mutual_info_classif

    wine = load_wine()
    X, y = wine.data, wine.target
    knn = mutual_info_classif(X, y, random_state=0) / np.log(2)
    below = 0
    for j in range(X.shape[1]):
        bins = np.searchsorted(np.quantile(X[:, j], [0.25, 0.5, 0.75]), X[:, j], side="right")
        counts = np.zeros((4, 3))
        np.add.at(counts, (bins, y), 1)
        below += il.mutual_information(counts / len(y)) < knn[j]
    assert below == 12
    assert "below scikit-learn's for 12 of 13 features" in _output(notebook, "sk_bits = mutual_info_classif")
    assert "$I(\\text{bin}(X); Y) \\le I(X; Y)$" in prose
    assert "{cite:p}`sklearn2025mutualinfo`" in prose


def test_redundancy_text_matches_the_conditional_table(notebook, prose):
    out = _output(notebook, "def given(feature, chosen)")
    assert "r = 0.865" in out
    assert "greedy on conditional MI:\n  flavanoids, color_intensity, proline\n" in out
    table = {r[0]: (float(r[1]), float(r[2])) for r in _table_rows(out[out.index("feature"):])}
    for name in ("od280/od315_of_diluted_wines", "total_phenols"):
        assert table[name][1] <= table[name][0] / 6  # "keep a sixth or less"
    keeps = table["color_intensity"][1] / table["color_intensity"][0]
    assert 0.6 < keeps < 0.72  # "keeps two thirds of its own"
    assert max(table, key=lambda f: table[f][1]) == "color_intensity"  # "adds the most"
    assert "the flavanoid content, first in the ranking, and the total phenol content, seventh" in prose.lower()


def test_selection_outside_cross_validation_leaks(notebook, prose):
    out = _output(notebook, "def median_split_mi")
    leaky, honest = (float(v) for v in re.findall(r"^  (?:on all the data|in each fold): +([0-9.]+)", out, re.M))
    assert leaky > honest + 0.15
    assert abs(honest - 0.5) <= 0.05  # "scores what a coin would"
    assert "{cite:p}`sklearn2025pitfalls`" in prose


# --- less filler -----------------------------------------------------------------------


def test_filler_is_folded_as_optional(notebook, prose):
    markdown = [("".join(c["source"])) for c in notebook["cells"] if c["cell_type"] == "markdown"]
    for label in (":label: ch9-thm-kl-div", ":label: ch9-thm-ngram", "shannon1948mathematical"):
        cell = next(m for m in markdown if label in m)
        before = cell[: cell.index(label)]
        opening = before.rindex("{admonition}")
        assert "(optional)\n:class: dropdown" in cell[opening:]
    assert "ch9-ex-kl-div" not in prose


def test_every_cited_key_is_in_the_bibliography(prose):
    bib = (Path(__file__).resolve().parents[2] / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([^,]+),", bib, re.M))
    cited = {k.strip() for group in re.findall(r"\{cite:[pt]\}`([^`]+)`", prose) for k in group.split(",")}
    assert cited <= keys, cited - keys


def test_distillation_text_does_not_claim_the_scaled_gradient_is_constant(notebook, prose):
    out = _output(notebook, "finite_difference_gradient")
    scaled = [float(v) for v in re.findall(r"T\^2 \|gradient\| = ([0-9.]+)", out)]
    limit = float(re.search(r"\|z - v\| / K = ([0-9.]+)", out).group(1))
    assert scaled == sorted(scaled)  # T^2 |gradient| grows towards the limit
    assert scaled[0] < 0.5 * limit  # at T = 1 it is far from it
    assert scaled[-1] == pytest.approx(limit, rel=0.01)
    assert "keeps its size as $T$ changes" not in prose
    assert "tends to a fixed size as $T$ grows" in prose


def test_temperature_proof_does_not_call_softmax_a_scalar_map(prose):
    assert r"increasing map $u \mapsto e^u" not in prose
    assert "has the same denominator for every $k$" in prose


def test_kl_div_proof_covers_every_case_of_the_theorem(prose):
    # scipy.special.kl_div: x log(x/y) - x + y for x, y > 0; y for x = 0; inf for x > 0, y = 0
    assert scipy.special.kl_div(1.0, 0.0) == np.inf
    assert scipy.special.kl_div(0.0, 2.5) == 2.5
    assert "If $p > 0$ and $q = 0$, then $k = \\infty > 0$ by definition." in prose


def test_order_0_model_is_shannons_first_order_approximation(prose):
    # the order-0 model uses the letter frequencies (Shannon's first order), not equal letters
    text = il.load_text("pride_and_prejudice_vol1")
    model = il.CharNGramModel.fit(text, 0)
    probabilities = model.probabilities()
    assert probabilities.max() > 10 * probabilities.min()
    assert 'his "first-order approximation" is our order 0' in prose


def test_sources_note_keeps_the_blog_posts_order(prose):
    # the note lives on sources.md; the blog post asks its question in its opening paragraph,
    # before the base-2 sentence
    notes = _flat((Path(__file__).resolve().parents[2] / "sources.md").read_text(encoding="utf-8"))
    question = notes.index('"why do we use it in our loss functions?"')
    assert question < notes.index('"since this is base of 2, the information will be stored in bits"')
    assert "loss functions?\" after saying of" not in notes
    assert "Note on the sources" not in prose and "A note on the sources" not in prose


# --- a language model that compresses for real ----------------------------------------


def _int(cell: str) -> int:
    return int(cell.replace(",", ""))


def _coded(out: str) -> tuple[float, int]:
    """The ideal size (-log2 P / 8) and the coded size a coding cell printed, in bytes."""
    assert "decoded text identical to the original: True" in out
    ideal, size = re.search(r"-log2 P / 8 = ([\d,.]+) bytes\ncoded file: ([\d,]+) bytes", out).groups()
    return float(ideal.replace(",", "")), _int(size)


@pytest.fixture(scope="module")
def coders(notebook) -> dict[tuple[str, str], tuple[int, float]]:
    """(coder, what the decoder has) -> (bytes, bits/char) from the chapter's table of coders."""
    out = _output(notebook, "coded_adaptive = il.encode_text(piece, adaptive)")
    table = out[out.index("coder "):]
    lines = [line for line in table.splitlines() if line.strip()]
    rows = {}
    for line in lines[2:]:
        coder, has, size, bpc = re.match(r"(.+?)\s{2,}(training text|nothing)\s+([\d,]+)\s+([\d.]+)$", line).groups()
        key = "static" if "n-gram" in coder else "adaptive" if "PPMC" in coder else coder
        rows[key, has] = (_int(size), float(bpc))
    return rows


def test_static_model_file_is_within_a_tenth_of_a_percent_of_its_ideal_size_and_decodes(notebook, prose):
    ideal, size = _coded(_output(notebook, "coded = il.encode_text(piece, best_model)"))
    assert abs(size - ideal) <= 0.001 * ideal + 4
    assert "within a byte or two of the model's ideal size" in prose and abs(size - ideal) <= 2


def test_adaptive_model_file_is_within_a_tenth_of_a_percent_of_its_ideal_size_and_decodes(notebook):
    out = _output(notebook, "coded_adaptive = il.encode_text(piece, adaptive)")
    ideal, size = _coded(out)
    assert abs(size - ideal) <= 0.001 * ideal + 4
    assert re.search(r"order-(\d) PPMC model, learning while it codes\n\(order chosen on validation text\)", out)


def test_table_of_coders_has_every_setting_and_the_compressors_sizes_of_the_piece(coders, prose):
    text = il.load_text("pride_and_prejudice_vol1")
    heldout = text[text.index("Chapter 20\n"):]
    piece = heldout[:10_000].encode("ascii")
    assert "the first 10,000 characters of the held-out text, a quarter of it" in prose
    assert 0.24 < len(piece) / len(heldout) < 0.26
    assert set(coders) == {("static", "training text"), ("adaptive", "nothing")} | {
        (name, has) for name in ("xz", "bz2", "zlib") for has in ("nothing", "training text")
    }
    # the cold compressors' sizes, recomputed with the standard library
    assert coders["xz", "nothing"][0] == len(lzma.compress(piece, preset=9 | lzma.PRESET_EXTREME))
    assert coders["bz2", "nothing"][0] == len(bz2.compress(piece, 9))
    assert coders["zlib", "nothing"][0] == len(zlib.compress(piece, 9))
    for size, bpc in coders.values():
        assert bpc == pytest.approx(8 * size / len(piece), abs=5e-4)


def test_where_the_course_models_beat_xz_and_where_they_do_not(coders, prose):
    static = coders["static", "training text"][0]
    adaptive = coders["adaptive", "nothing"][0]
    # "Given the training text, the static n-gram model beats xz by a wide margin and bz2 by a little"
    assert "the static n-gram model beats xz by a wide margin and bz2 by a little" in prose
    assert static < 0.9 * coders["xz", "training text"][0]
    assert static < coders["bz2", "training text"][0] < 1.05 * static
    # "Cold, the adaptive model beats xz, bz2 and zlib"
    assert "Cold, the adaptive model beats xz, bz2 and zlib" in prose
    assert all(adaptive < coders[name, "nothing"][0] for name in ("xz", "bz2", "zlib"))
    # "The cold adaptive model does not reach xz given the training text"
    assert "The cold adaptive model does not reach xz given the training text" in prose
    assert adaptive > coders["xz", "training text"][0]


def test_a_new_character_costs_about_eight_bits_at_order_minus_one(prose):
    # a fresh model: order -1 alone, uniform over the 256 byte values
    assert il.AdaptiveCharModel(4).information("C")[0] == pytest.approx(8.0, abs=1e-12)
    # after some text, a never-seen character pays the escapes and then log2(256 - characters seen) bits
    model = il.AdaptiveCharModel(2).fit("the cat sat")
    escapes = model.information("at!")[2]  # "!" after "at": escapes from orders 2, 1 and 0
    assert escapes > np.log2(256 - len(set("the cat sat")))
    assert "a new character pays an escape in every context that has occurred before and then about 8 bits" in prose


def test_xz_wins_on_text_that_repeats_itself(notebook, prose):
    out = _output(notebook, "repeated = heldout[:3_000] * 2")
    costs = [int(x.replace(",", "")) for x in re.findall(r"the second copy costs ([\d,]+)", out)]
    model_second, xz_second = costs
    assert xz_second < 0.1 * model_second
    assert "The second copy costs xz almost nothing" in prose
    assert "xz wins on text that does repeat itself" in prose


def test_opening_sentence_names_no_chapter_titles_and_follows_the_layout(notebook, prose):
    first = "".join(notebook["cells"][0]["source"])
    opening = first.split("**What you will learn**")[0]
    assert "{doc}" not in opening
    for part in ("**What you will learn**", "**Prerequisites:** {doc}`04_cross_entropy`", "**Time:** about "):
        assert part in first
    assert "## What you will learn" not in first


def test_cross_entropy_is_written_h_ce_and_the_divergence_d(prose):
    assert re.search(r"H\((p|q|P|p_T|p_\\varepsilon), ", prose) is None
    assert "H\\bigl(" not in prose
    assert "D_{\\mathrm{KL}}" not in prose


# --- the table of conventions across libraries -----------------------------------------

ROOT = Path(__file__).resolve().parents[2]
# The documentation each library's rows cite, by the call's first name.
OWN_DOCUMENTATION = {
    "il": "({doc}`API <../api>`)",
    "sklearn": "{cite:p}`sklearn2026logloss`",
    "scipy": "{cite:p}`scipy2026entropy`",
    "torch": "{cite:p}`pytorch2024losses`",
    "keras": "{cite:p}`keras2026losses`",
    "optax": "{cite:p}`optax2026losses`",
}


def _conventions_table(notebook) -> dict[str, list[str]]:
    """Call -> [data, model given as, unit, reduction, documentation cited after the call], from the two
    tables of loss conventions (data and model form in the first, with the citations; unit and reduction
    in the second)."""
    [cell] = [c for c in notebook["cells"] if "| call | data | model, given as |" in "".join(c["source"])]
    tables: dict[str, dict[str, list[str]]] = {}
    header = None
    for line in "".join(cell["source"]).splitlines():
        if line.startswith("| call |"):
            header = line
            tables[header] = {}
        match = re.match(r"^\|\s*`([a-z]+\.[^`]*)`(?:, `[^`]*`)?\s*(.*?)\s*\|(.*)\|\s*$", line)
        if match:
            tables[header][match.group(1)] = [column.strip() for column in match.group(3).split("|")] + [match.group(2)]
    first = tables["| call | data | model, given as |"]
    second = tables["| call | unit | reduction |"]
    assert set(first) == set(second) and all(columns[-1] == "" for columns in second.values())
    return {call: first[call][:2] + second[call][:2] + first[call][2:] for call in first}


def test_every_row_of_the_conventions_table_cites_its_own_librarys_documentation(notebook):
    rows = _conventions_table(notebook)
    libraries = {call.split(".")[0] for call in rows}
    assert libraries == set(OWN_DOCUMENTATION), libraries
    for call, columns in rows.items():
        assert columns[-1] == OWN_DOCUMENTATION[call.split(".")[0]], (call, columns[-1])
    bibliography = (ROOT / "references.bib").read_text(encoding="utf-8")
    for key in ("sklearn2026logloss", "scipy2026entropy", "pytorch2024losses", "keras2026losses", "optax2026losses"):
        assert f"{{{key}," in bibliography, key
    assert "keras.io/api/losses/probabilistic_losses" in bibliography
    assert "optax.readthedocs.io/en/latest/api/losses" in bibliography


def test_conventions_table_has_the_keras_and_optax_rows_with_their_argument_order(notebook):
    rows = _conventions_table(notebook)
    keras_rows = [call for call in rows if call.startswith("keras.")]
    optax_rows = [call for call in rows if call.startswith("optax.")]
    assert {call.split("(")[0] for call in keras_rows} == {
        "keras.losses.CategoricalCrossentropy", "keras.losses.SparseCategoricalCrossentropy",
        "keras.losses.BinaryCrossentropy", "keras.losses.KLDivergence"}
    assert {call.split("(")[0] for call in optax_rows} == {
        "optax.softmax_cross_entropy", "optax.softmax_cross_entropy_with_integer_labels",
        "optax.sigmoid_binary_cross_entropy", "optax.kl_divergence"}
    for call in keras_rows:  # Keras: loss(y_true, y_pred), the data first, probabilities by default
        assert call.endswith("()(y_true, y_pred)") and rows[call][0].startswith("first"), call
        assert rows[call][1].startswith("second, probabilities") and "'sum_over_batch_size'" in rows[call][3]
    for call in optax_rows:  # optax: the model first, no reduction
        assert rows[call][0].startswith("second") and rows[call][1].startswith("first"), call
        assert rows[call][3].startswith("none: one value per")
    assert rows["optax.kl_divergence(log_predictions, targets)"][1] == "first, log-probabilities"


def test_chapter_says_which_rows_are_checked_against_the_libraries_and_which_against_formulas(prose):
    assert "The PyTorch rows are checked against PyTorch's documented formulas" in prose
    assert "The Keras and optax rows are checked against the libraries themselves" in prose
    assert "`make test-conventions`" in prose
    assert re.search(r"^test-conventions:", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert (ROOT / "tests" / "conventions" / "test_library_conventions.py").is_file()
    assert "from their documentation {cite:p}`pytorch2024losses`" not in prose


def _printed(text: str, label: str) -> float:
    """The first number printed after ``label`` and its '='."""
    return float(re.search(re.escape(label) + r"\s*=\s*(-?[0-9.]+)", text).group(1))


def test_forgotten_from_logits_value_is_kerass_rescaled_and_clipped_logits(notebook, prose):
    # Keras's probability route on logits: divide each row by its sum, clip into [1e-7, 1 - 1e-7].
    logits = np.array([[2.0, 0.5, -1.0], [0.2, 1.5, 0.3], [-0.5, 0.0, 2.5], [1.0, 1.2, 0.8]])
    labels = np.array([0, 1, 2, 1])
    rescaled = np.clip(logits / logits.sum(axis=1, keepdims=True), 1e-7, 1 - 1e-7)
    forgotten = -np.log(rescaled[np.arange(4), labels]).mean()
    text = _output(notebook, "def keras_categorical_crossentropy")
    assert _printed(text, "Keras CCE()(targets, logits)") == pytest.approx(forgotten, abs=5e-7)
    assert _printed(text, "Keras CCE(from_logits=True)(targets, logits)") == pytest.approx(
        il.cross_entropy_loss(logits, labels), abs=5e-7)
    assert abs(forgotten - il.cross_entropy_loss(logits, labels)) > 0.1
    assert "The number that comes out is not the model's loss, and nothing warns." in prose


def test_kl_translation_gives_torchs_batchmean_and_the_default_mean_is_a_third(notebook, prose):
    logits = np.array([[2.0, 0.5, -1.0], [0.2, 1.5, 0.3], [-0.5, 0.0, 2.5], [1.0, 1.2, 0.8]])
    soft = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.3, 0.5, 0.2]])
    q = il.softmax(logits)
    batch_average = il.kl_divergence(soft, q, base="nats").mean()
    # torch's documented pointwise loss target * (log target - input), then 'batchmean' and 'mean'
    pointwise = scipy.special.xlogy(soft, soft) - soft * il.log_softmax(logits)
    text = _output(notebook, "def keras_kl_divergence")
    for label in ("torch KLDivLoss('batchmean')(log_probs, soft)", "Keras KLDivergence()(soft_targets, probs)",
                  "optax kl_divergence(log_probs, soft).mean()"):
        assert _printed(text, label) == pytest.approx(batch_average, abs=5e-7), label
    assert pointwise.sum() / 4 == pytest.approx(batch_average)
    assert _printed(text, "torch KLDivLoss() with its default 'mean'") == pytest.approx(pointwise.mean(), abs=5e-7)
    assert _printed(text, "Keras KLDivergence()(probs, soft_targets)") == pytest.approx(
        il.kl_divergence(q, soft, base="nats").mean(), abs=5e-7)
    assert "`'sum_over_batch_size'` averages the per-example divergences, which is PyTorch's `'batchmean'`" in prose
    assert "keras.losses.KLDivergence()(target_probs, keras.ops.softmax(logits))" in prose


def test_kerass_clipping_caps_the_divergence_and_the_binary_loss(notebook, prose):
    data, model = np.array([0.5, 0.5, 0.0]), np.array([1 - 1e-12, 1e-12, 0.0])
    exact = il.kl_divergence(data, model, base="nats")
    clipped = 0.5 * np.log(0.5 / (1 - 1e-12)) + 0.5 * np.log(0.5 / 1e-7)
    text = _output(notebook, "def keras_kl_divergence")
    assert f"D(data || model) = {exact:.4f} nats" in text
    assert f"clipped at 1e-7: {clipped:.4f}" in text
    assert f"{-np.log(1e-7):.1f}" == "16.1"
    assert r"never exceeds $-\ln 10^{-7} \approx 16.1$ nats" in prose


# --- exercises -------------------------------------------------------------------------


def test_weighted_nll_solution_matches_infolib_on_random_batches():
    from solutions import function

    weighted_nll_numpy = function(CHAPTER, "weighted_nll_numpy")
    rng = np.random.default_rng(7)
    for _ in range(20):
        n, k = rng.integers(2, 30), rng.integers(2, 6)
        z = rng.normal(scale=3.0, size=(n, k))
        y = rng.integers(0, k, size=n)
        y[rng.random(n) < 0.3] = -100
        y[0] = 0  # at least one counted row
        w = rng.uniform(0.1, 3.0, size=k)
        mine = weighted_nll_numpy(il.log_softmax(z), y, w)
        assert mine == pytest.approx(il.weighted_cross_entropy_loss(z, y, class_weight=w, ignore_index=-100), rel=1e-12)
        kept = y != -100
        assert weighted_nll_numpy(il.log_softmax(z), y) == pytest.approx(il.cross_entropy_loss(z[kept], y[kept]), rel=1e-12)


def test_pos_weight_exercise_minimiser_is_one_half_when_w_is_the_class_ratio(notebook, prose):
    out = _output(notebook, "p_rare, w = 0.02, 49.0")
    numeric, closed = (float(v) for v in re.findall(r"= ([0-9.]+);?", out.splitlines()[0]))
    assert numeric == pytest.approx(closed, abs=2e-6) and closed == pytest.approx(0.5)
    shift, log_w = (float(v) for v in re.findall(r"= ([0-9.]+);?", out.splitlines()[1]))
    assert shift == pytest.approx(log_w, abs=1e-5)
    assert "the minimiser is exactly $\\frac12$" in prose


def test_smoothing_cost_points_back_to_distillation_which_comes_before_it(notebook):
    # Distillation is explained before the calibration section; the section after it is class imbalance.
    sources = ["".join(c["source"]) for c in notebook["cells"]]
    target = next(i for i, s in enumerate(sources) if "(ch9-distillation)=\n### Knowledge distillation" in s)
    cost = next(i for i, s in enumerate(sources) if "worse **teachers** for distillation" in s)
    assert target < cost
    assert "{ref}`ch9-distillation` above" in sources[cost] and "(the next section)" not in sources[cost]


# --- library conventions, checked against their documentation ---------------------------------


def _noise_selection_scores(seed: int) -> np.ndarray:
    """The plug-in I(X_j > median; Y) in bits of the chapter's noise data set ``seed``, from counts."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(100, 2000))
    y = rng.integers(0, 2, size=100)
    above = X > np.median(X, axis=0)
    counts = np.stack([np.sum(above & (y[:, None] == 1), axis=0), np.sum(above & (y[:, None] == 0), axis=0),
                       np.sum(~above & (y[:, None] == 1), axis=0), np.sum(~above & (y[:, None] == 0), axis=0)], axis=1)
    joint = counts / 100.0
    px = np.stack([joint[:, 0] + joint[:, 1], joint[:, 2] + joint[:, 3]], axis=1)
    py = np.stack([joint[:, 0] + joint[:, 2], joint[:, 1] + joint[:, 3]], axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(joint > 0, joint * np.log2(joint / (np.repeat(px, 2, axis=1) * np.tile(py, 2))), 0.0)
    return np.round(terms.sum(axis=1), 9), counts


def test_leaky_selection_is_averaged_over_ten_noise_data_sets_with_ties_broken_by_column_order(notebook, prose):
    cell = next("".join(c["source"]) for c in notebook["cells"] if "def median_split_mi" in "".join(c["source"]))
    out = _output(notebook, "def median_split_mi")
    # The ties are real: recomputed from the count tables, many features share the 20th-best score.
    tied = []
    for seed in range(10):
        scores, counts = _noise_selection_scores(seed)
        kth = np.sort(scores)[-20]
        tied.append(int(np.sum(scores == kth)))
        assert len(np.unique(scores)) < 20  # few distinct values
    low, high = (int(v) for v in re.search(r"20th-best score:\n  from (\d+) to (\d+)", out).groups())
    assert (low, high) == (min(tied), max(tied)) and low > 1
    accuracy = r"^  (?:on all the data|in each fold): +([0-9.]+) \(([0-9.]+) to ([0-9.]+)\)"
    (leak, leak_lo, leak_hi), (fair, fair_lo, fair_hi) = (
        tuple(float(v) for v in m) for m in re.findall(accuracy, out, re.M)
    )
    assert leak_lo <= leak <= leak_hi and fair_lo <= fair <= fair_hi
    assert leak_lo > fair_hi  # every leaky estimate beats every honest one
    assert "for seed in range(10)" in cell and "np.round(" in cell
    assert "the ties are broken by column order, and the experiment is repeated on 10 noise data sets" in prose


def test_isotonic_log_loss_is_stated_with_its_clip(notebook, prose):
    from sklearn.metrics import log_loss

    out = _output(notebook, "q_iso = calibrated")
    clipped = dict(re.findall(r"^  at (1e-\d+): ([0-9.]+)$", out[out.index("probabilities clipped\n"):], re.M))
    unclipped = re.search(r"unclipped isotonic\n  probabilities: ([0-9.]+)", out).group(1)
    table = {row[0]: row[1:] for row in _table_rows(out)}
    assert clipped["1e-12"] == table["isotonic"][0]  # the table's clip
    temperature = float(table["temperature"][0])
    assert float(clipped["1e-03"]) - temperature < 0.005 < float(clipped["1e-12"]) - temperature
    assert (f"Isotonic regression's log-loss is {clipped['1e-12']} with the table's clip at $10^{{-12}}$ but "
            f"{clipped['1e-03']} at $10^{{-3}}$, next to temperature's {table['temperature'][0]}") in prose
    assert f"on the unclipped isotonic probabilities it gives {unclipped}" in prose
    # log_loss clips at machine epsilon by itself: a probability 0 costs -ln(eps), not infinity.
    eps = np.finfo(float).eps
    assert log_loss([0, 1], [[0.0, 1.0], [0.5, 0.5]]) == pytest.approx((-np.log(eps) + np.log(2)) / 2)
    assert "does best on all three scores" not in prose


def test_keras_division_by_the_row_sum_flips_signs_when_the_sum_is_negative(notebook, prose):
    row = np.array([-1.0, -2.0, 0.5])
    expected = np.clip(row / row.sum(), 1e-7, 1 - 1e-7)
    assert expected == pytest.approx([0.4, 0.8, 1e-7])
    assert "[-1, -2, 0.5]:\n  0.4, 0.8, 1e-07\n" in _output(notebook, "as_probs = np.clip")
    assert "the logits $[-1, -2, 0.5]$ become $[0.4, 0.8, 10^{-7}]$" in prose
    assert "in a row with a positive sum, a negative logit becomes $10^{-7}$" in prose


def test_float32_sigmoid_reaches_one_at_the_logit_the_text_names(notebook, prose):
    def sigmoid32(z):
        z = np.float32(z)
        return np.float32(1) / (np.float32(1) + np.exp(-z))

    assert sigmoid32(16) < 1 and sigmoid32(17) == 1  # float32's spacing below 1 is 2**-24
    assert "from z = 17 on" in _output(notebook, "z32 = np.arange")
    assert "in float32, PyTorch's default dtype {cite:p}`pytorch2024defaultdtype`, $\\sigma(z)$ rounds to 1 from $z = 17$ on" in prose


def test_mean_reduction_scope_is_class_index_targets(prose):
    assert ("With class-probability targets (soft labels), `CrossEntropyLoss`'s `'mean'` divides by the number of "
            "examples even with `weight=`, and `ignore_index` does not apply {cite:p}`pytorch2024crossentropyloss`") in prose


def test_log_loss_row_names_the_installed_scikit_learn_parameter(prose):
    import inspect

    from sklearn.metrics import log_loss

    second = list(inspect.signature(log_loss).parameters)[1]
    assert second == "y_proba"
    assert (f"| `sklearn.metrics.log_loss(y_true, {second})` {{cite:p}}`sklearn2026logloss` | first | "
            "second, probabilities (`y_pred` before 1.9) |") in prose


def test_what_you_will_learn_names_every_library_the_chapter_covers(notebook):
    opening = _flat("".join(notebook["cells"][0]["source"]))
    assert "shown on the losses of scikit-learn, SciPy, PyTorch, Keras and optax" in opening


LIBRARIES = ("scikit-learn", "sklearn", "SciPy", "PyTorch", "torch", "Keras", "optax", "NumPy", "zlib", "bz2", "lzma")


def test_what_you_will_learn_leads_each_point_with_the_idea_not_a_library(notebook):
    first = "".join(notebook["cells"][0]["source"])
    objectives = first.split("**What you will learn**")[1].split("**Prerequisites:**")[0]
    bullets = [_flat(b) for b in re.split(r"^- ", objectives, flags=re.M)[1:]]
    assert len(bullets) >= 3
    for bullet in bullets:
        lead = " ".join(bullet.split()[:8])
        named = [lib for lib in LIBRARIES if re.search(rf"(?<![\w-]){re.escape(lib)}(?![\w-])", lead)]
        assert not named, f"a learning objective opens with libraries {named}: {bullet[:90]}"


def test_gradient_accumulation_divides_by_all_the_tokens(notebook, prose):
    out = _output(notebook, "micro_batches = [")
    means, per_token, whole = (float(v) for v in re.findall(r": +([0-9.]+) nats", out))
    assert per_token == whole and abs(means - per_token) > 0.1
    assert "divide by the number of tokens counted in the whole batch" in prose
    assert "`logits.transpose(1, 2)`" in prose and "`labels.reshape(-1)`" in prose
    assert "`binary_cross_entropy` and `BCELoss` raise an error" in prose and "{cite:p}`pytorch2024amp`" in prose
    assert "`SparseCategoricalCrossentropy(ignore_class=-1)`" in prose


def test_compression_race_is_optional_and_the_ngram_samples_are_folded(notebook):
    headings = [line for c in notebook["cells"] if c["cell_type"] == "markdown"
                for line in "".join(c["source"]).splitlines() if line.startswith("#")]
    assert "### Against real compressors (optional)" in headings
    assert "### A language model that compresses for real (optional)" in headings
    samples = next(c for c in notebook["cells"] if "model.sample(90" in "".join(c["source"]))
    assert "hide-cell" in samples["metadata"]["tags"]


# --- masks, Brier scales, caps, smoothing and focal loss across libraries --------------


def test_masked_token_mean_is_the_loss_of_the_real_tokens_and_the_plain_mean_understates_it(notebook, prose):
    logits = np.array([[2.0, 0.5, -1.0], [0.2, 1.5, 0.3], [-0.5, 0.0, 2.5], [1.0, 1.2, 0.8], [3.0, -2.0, 0.0]])
    labels = np.array([0, 1, 2, 1, 0])  # the fifth row is padding, its label any valid class
    mask = np.array([1.0, 1.0, 1.0, 1.0, 0.0])
    per_token = -np.log(scipy.special.softmax(logits, axis=1)[np.arange(5), labels])
    masked = (per_token * mask).sum() / mask.sum()
    assert masked == pytest.approx(il.cross_entropy_loss(logits[:4], labels[:4]))
    assert (per_token * mask).mean() == pytest.approx(0.8 * masked)  # the padding's share is missing
    out = _output(notebook, "safe_labels = np.where(counted")
    assert _printed(out, "(per_token * mask).sum() / mask.sum()") == pytest.approx(masked, abs=5e-7)
    assert _printed(out, "(per_token * mask).mean(), padding counted") == pytest.approx(0.8 * masked, abs=5e-7)
    assert "`(per_token * mask).sum() / mask.sum()`, the mean over the real tokens" in prose
    assert "so it under-states the loss by the share of padding" in prose


def test_sklearn_binary_brier_score_is_half_the_two_class_score_and_the_multiclass_one_is_not():
    from sklearn.metrics import brier_score_loss

    rng = np.random.default_rng(3)
    q = rng.random(200)
    y = (rng.random(200) < q).astype(int)
    both = np.column_stack([1 - q, q])
    assert brier_score_loss(y, q) == pytest.approx(np.mean((q - y) ** 2))
    assert brier_score_loss(y, both) == pytest.approx(np.mean((q - y) ** 2))
    assert brier_score_loss(y, q) == pytest.approx(il.brier_score(both, y) / 2)
    q3 = scipy.special.softmax(rng.normal(size=(200, 3)), axis=1)
    y3 = rng.integers(0, 3, size=200)
    assert brier_score_loss(y3, q3) == pytest.approx(il.brier_score(q3, y3))


def test_brier_scales_are_printed_as_the_text_states(notebook, prose):
    out = _output(notebook, "from sklearn.metrics import brier_score_loss")
    binary = _printed(out, "binary, brier_score_loss(y, q_spam)")
    assert _printed(out, "brier_score_loss(y, both columns)") == binary
    assert _printed(out, "mean (q - y)^2") == binary
    assert _printed(out, "il.brier_score(both columns, y)") == pytest.approx(2 * binary, abs=2e-6)
    assert _printed(out, "3 classes, brier_score_loss(y, q)") == _printed(out, "il.brier_score(q, y)")
    assert "That is **half** the Brier score above summed over both classes" in prose
    assert "{cite:p}`sklearn2026brier`" in prose


def test_loss_caps_table_is_in_nats_and_matches_each_clip(notebook, prose):
    rows = _table_rows(_output(notebook, 'il.Table(["loss", "clip", "cap (nats)"]'))
    caps = [float(row[-1]) for row in rows]
    expected = [100.0, -np.log(1e-7), -np.log(np.finfo(np.float64).eps), -np.log(np.finfo(np.float32).eps), np.inf]
    assert caps == pytest.approx([round(v, 1) for v in expected[:4]] + [np.inf])
    assert "is in nats, the unit of every library loss in this chapter" in prose


def test_ngram_models_default_smoothing_is_alpha_one_and_not_add_one():
    import inspect

    assert inspect.signature(il.CharNGramModel.fit).parameters["alpha"].default == 1.0
    text = "abracadabra"
    model = il.CharNGramModel.fit(text, 0, alphabet="abcdr")
    counts = np.array([text.count(c) for c in "abcdr"], dtype=float)
    p0 = np.exp2(-model.information("abcdr"))  # order 0: no context, each character alone
    assert p0 == pytest.approx((counts + 1 / 5) / (len(text) + 1))  # one pseudo-count in all
    assert not np.allclose(p0, (counts + 1) / (len(text) + 5))  # add-one would be this


def test_ngram_default_is_stated_where_the_chapter_first_relies_on_it(notebook, prose):
    first = next(i for i, c in enumerate(notebook["cells"])
                 if c["cell_type"] == "code" and "CharNGramModel.fit(" in "".join(c["source"]))
    before = _flat("".join(notebook["cells"][first - 1]["source"]))
    assert "`alpha=1.0` unless given" in before and "That is not add-one (Laplace) smoothing" in before


def test_mean_against_batchmean_is_explained_once_and_referred_to(prose):
    assert prose.count("divides the sum by the number of *elements*") == 1
    assert prose.count("{ref}`KLDivLoss <ch9-kldivloss>`") >= 2  # the reductions list, the translation
    assert "also divides by the number of classes" not in prose


def test_alpha_balanced_focal_minimisers_match_a_grid_search(notebook, prose):
    out = _output(notebook, "def focal_binary(t, y):")
    printed = {float(p): (float(a), float(b)) for p, a, b in re.findall(r"true p ([0-9.]+): ([0-9.]+), ([0-9.]+)", out)}
    table = {float(r[0]): float(r[-1]) for r in _table_rows(_output(notebook, 'f"focal, gamma {gamma:g}"], rows'))}
    q = np.linspace(1e-4, 1 - 1e-4, 200_001)
    gamma, alpha = 2.0, 0.25
    for p, (unbalanced, balanced) in printed.items():
        assert unbalanced == table[p]
        pos, neg = -((1 - q) ** gamma) * np.log(q), -(q**gamma) * np.log(1 - q)
        assert q[np.argmin(p * pos + (1 - p) * neg)] == pytest.approx(unbalanced, abs=1e-4)
        assert q[np.argmin(alpha * p * pos + (1 - alpha) * (1 - p) * neg)] == pytest.approx(balanced, abs=1e-4)
    assert len(printed) == 4
    assert r"$\mathrm{FL}(p_t) = -\alpha_t (1 - p_t)^\gamma \ln p_t$" in prose
    assert "`il.focal_loss(logits, labels, gamma=2.0)` computes the unbalanced form (it has no $\\alpha$)" in prose


def test_focal_loss_signature_has_no_alpha():
    import inspect

    assert "alpha" not in inspect.signature(il.focal_loss).parameters


def test_label_smoothing_targets_printed_spread_eps_over_every_class(notebook, prose):
    out = _output(notebook, "eps_demo = 0.1")
    eps = 0.1
    assert f"[{1 - eps + eps / 3:.4f} {eps / 3:.4f} {eps / 3:.4f}]" in out
    assert f"[{1 - eps / 2:g} {eps / 2:g}]" in out
    assert "over all $K$ classes **including the true one**" in prose
    assert "`SparseCategoricalCrossentropy` has no `label_smoothing`" in prose


def test_distillation_bug_exercise_factor_and_lambda(notebook, prose):
    rng = np.random.default_rng(5)
    s, t = rng.normal(scale=3.0, size=(2, 3, 5))
    T, lam, C = 4.0, 0.5, 5
    p_T, q_T = il.softmax(t / T), il.softmax(s / T)
    definition = T**2 * il.kl_divergence(p_T, q_T, base="nats").mean()
    pointwise = scipy.special.xlogy(p_T, p_T) - p_T * np.log(q_T)  # KLDivLoss as documented
    script = pointwise.mean()  # its default reduction 'mean', and no T**2
    assert script / definition == pytest.approx(1 / (C * T**2))
    # (1 - l') H + l' S / (C T^2) is a multiple of (1 - l) H + l S exactly when l' = 80/81
    lam_script = 80 / 81
    assert lam_script / (1 - lam_script) / (C * T**2) == pytest.approx(lam / (1 - lam))
    out = _output(notebook, "T_bug, lam = 4.0, 0.5")
    assert _printed(out, "script's soft term") == pytest.approx(script, abs=5e-7)
    assert _printed(out, "definition's") == pytest.approx(definition, abs=5e-7)
    assert f"lambda the script needs: {lam_script:.4f}" in out
    assert r"that is $\lambda' = 80/81 \approx 0.988$ for $\lambda = 0.5$" in prose


def test_the_list_of_reduction_pitfalls_has_as_many_items_as_it_announces(notebook):
    (cell,) = [c for c in notebook["cells"] if c["cell_type"] == "markdown"
               and "more places where training code gets the reduction" in "".join(c["source"])]
    text = "".join(cell["source"])
    words = {"Three": 3, "Four": 4, "Five": 5, "Six": 6, "Seven": 7}
    announced = words[text.split()[0]]
    assert announced == len(re.findall(r"^- \*\*", text, flags=re.M))


def test_the_summary_gives_every_library_its_argument_order(notebook):
    summary = "".join(notebook["cells"][-1]["source"])
    assert "scikit-learn, SciPy and Keras\n  put the data first; PyTorch and optax put the model first" in summary
