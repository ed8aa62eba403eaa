"""infolib.explorables: the text fallback holds infolib's values, the HTML is
deterministic, well-formed and accessible, and bad arguments are refused."""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser

import mpmath
import numpy as np
import pytest

import infolib as il
from infolib import explorables as ex

VOID = {"input", "br", "img", "meta", "link", "hr", "source", "wbr", "area", "col", "embed", "param", "track"}


def all_examples():
    x = np.linspace(-8, 8, 481)
    return {
        "surprisal": ex.surprisal(0.25),
        "die": ex.die_information(),
        "coding": ex.entropy_coding(),
        "coins": ex.cross_entropy_coins(),
        "softmax": ex.softmax_loss(),
        "smoothing": ex.softmax_loss(smoothing=0.1, temperature=2.0),
        "gaussfit": ex.gaussian_fit(x, [(0.6, -2.0, 0.6), (0.4, 2.0, 0.6)], forward=(-0.4, 2.05), reverse=(-2.0, 0.6)),
        "mi": ex.mutual_information_2x2(),
        "bsc": ex.binary_symmetric_channel(),
        "gausskl": ex.gaussian_kl(),
        "collapse": ex.vae_collapse(),
    }


EXAMPLES = all_examples()


class _Tree(HTMLParser):
    """Checks that every element is closed in order; records what the tests look at."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.elements = [], [], []
        self.in_label = 0
        self.label_text: list[str] = []
        self.inputs: list[tuple[dict, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == "label":
            self.in_label += 1
            self.label_text = []
        if tag == "input":
            self.inputs.append((attrs, "".join(self.label_text).strip() if self.in_label else ""))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "label":
            self.in_label -= 1
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_label:
            self.label_text.append(data)


def _parse(markup: str) -> _Tree:
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    return tree


# ---------------------------------------------------------------- the text fallback

def test_surprisal_fallback_matches_minus_log_p_at_high_precision():
    table = ex.surprisal(0.37).values
    p = mpmath.mpf("0.37")
    mpmath.mp.dps = 50
    assert table["bits"] == pytest.approx(float(-mpmath.log(p, 2)), rel=1e-14)
    assert table["nats"] == pytest.approx(float(-mpmath.log(p)), rel=1e-14)
    assert table["hartleys"] == pytest.approx(float(-mpmath.log10(p)), rel=1e-14)


def test_coding_fallback_is_infolibs_entropy_and_huffman_code():
    e = ex.entropy_coding([5, 3, 0, 1, 1], labels=list("vwxyz"))
    p = np.array([5, 3, 0, 1, 1]) / 10
    code = il.HuffmanCode.from_distribution(dict(zip("vwxyz", p)))
    assert e.values["H"] == il.entropy(p)
    assert e.values["Hmax"] == math.log2(5)
    assert e.values["L"] == code.average_length
    lengths = code.lengths()
    assert e.values["lengths"] == ", ".join(str(lengths[c]) if c in lengths else "\u2013" for c in "vwxyz")
    assert e.values["H"] <= e.values["L"] < e.values["H"] + 1


def test_die_fallback_lists_each_faces_information_and_the_entropy():
    e = ex.die_information([1, 2, 3, 4, 4, 6])
    p = np.array([1, 2, 3, 4, 4, 6]) / 20
    shown = [float(v) for v in e.values["info"].split(", ")]
    assert shown == pytest.approx(il.information(p), abs=0.005)
    assert e.values["avg"] == pytest.approx(il.Distribution(dict(enumerate(p))).entropy(), rel=1e-15)
    assert e.values["avg"] <= e.values["Hmax"]


def test_coins_fallback_obeys_cross_entropy_is_entropy_plus_divergence():
    e = ex.cross_entropy_coins(0.2, 0.7, base="nats")
    v = e.values
    assert v["Hpq"] == pytest.approx(v["Hp"] + v["D"], rel=1e-13)
    assert v["D"] == pytest.approx(0.2 * math.log(0.2 / 0.7) + 0.8 * math.log(0.8 / 0.3), rel=1e-13)
    assert "nats" in repr(e)


def test_softmax_fallback_is_infolibs_softmax_loss_and_entropy():
    z, t = np.array([1.5, -0.5, 0.3, 2.0]), 2.5
    e = ex.softmax_loss(z, label=2, temperature=t)
    pred = np.exp(z / t) / np.exp(z / t).sum()
    assert [e.values[f"p{i}"] for i in range(4)] == pytest.approx(pred, rel=1e-13)
    assert e.values["loss"] == pytest.approx(-math.log(pred[2]), rel=1e-13)
    assert e.values["H"] == pytest.approx(-(pred * np.log(pred)).sum(), rel=1e-13)


def test_label_smoothing_loss_is_cross_entropy_with_the_smoothed_target():
    e = ex.softmax_loss([2.0, 0.0, -1.0], label=1, smoothing=0.2, base="bits")
    pred = il.softmax([2.0, 0.0, -1.0])
    target = np.array([0.2 / 3, 0.8 + 0.2 / 3, 0.2 / 3])
    assert e.values["loss"] == pytest.approx(-(target * np.log2(pred)).sum(), rel=1e-13)


def test_label_smoothing_lowest_loss_is_the_targets_entropy_and_the_loss_adds_the_divergence():
    """H_ce(t, q) = H(t) + D(t || q): the readout's lowest loss is H(t), reached at q = t."""
    e = ex.softmax_loss([3.0, 0.5, -1.0], label=0, smoothing=0.1)
    target = np.array([0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3])
    pred = il.softmax([3.0, 0.5, -1.0])
    assert e.values["Ht"] == pytest.approx(il.entropy(target, base="nats"), rel=1e-14)
    assert e.values["loss"] == pytest.approx(e.values["Ht"] + il.kl_divergence(target, pred, base="nats"), rel=1e-12)
    assert "lowest loss" in repr(e) and "Ht" not in ex.softmax_loss([3.0, 0.5, -1.0]).values


def test_true_class_is_named_in_words_not_only_by_colour():
    e = ex.softmax_loss([3.0, 0.5, -1.0], label=0)
    assert "labelled true" in e.description


def test_mutual_information_table_cells_hold_the_joint_probabilities_in_a_2x2_grid():
    e = ex.mutual_information_2x2([[4, 1], [2, 3]])
    assert [e.values[f"c{i}{j}"] for i in range(2) for j in range(2)] == pytest.approx([0.4, 0.1, 0.2, 0.3], rel=1e-15)
    tree = _parse(e._repr_html_())
    headers = [a.get("scope") for t, a in tree.elements if t == "th"]
    assert headers == ["col", "col", "row", "row"]
    cells = [t for t, a in tree.elements if t == "td"]
    assert len(cells) == 5  # the empty corner and the four cells
    assert "X = 1</th>" in e._repr_html_() and "Y = 1</th>" in e._repr_html_()


def test_huffman_explorable_explains_unequal_lengths_of_equally_likely_outcomes():
    html_text = ex.entropy_coding()._repr_html_()
    assert 'class="itbx-note"' in html_text and "equally likely" in html_text


def test_notation_is_the_courses_crossover_probability_and_subscripted_cross_entropy():
    assert ex.binary_symmetric_channel().controls[0].label == "crossover probability f"
    coins = ex.cross_entropy_coins()._repr_html_()
    assert "H<sub>ce</sub>(p, q)" in coins and "H(p, q)" not in coins
    assert "H<sub>b</sub>(f)" in ex.binary_symmetric_channel()._repr_html_()


def test_gaussian_fit_fallback_is_kl_on_the_grid_both_ways():
    x = np.linspace(-8, 8, 481)

    def normal(mu, s):
        w = np.exp(-0.5 * ((x - mu) / s) ** 2)
        return w / w.sum()

    p = 0.6 * normal(-2, 0.6) + 0.4 * normal(2, 0.6)
    e = ex.gaussian_fit(x, [(0.6, -2.0, 0.6), (0.4, 2.0, 0.6)], target=p,
                        forward=(-0.4, 2.05), reverse=(-2.0, 0.6), mu=1.0, sigma=0.5)
    q = normal(1.0, 0.5)
    assert e.values["F"] == pytest.approx(il.kl_divergence(p, q), rel=1e-12)
    assert e.values["R"] == pytest.approx(il.kl_divergence(q, p), rel=1e-12)
    assert e.values["Ropt"] == pytest.approx(il.kl_divergence(normal(-2.0, 0.6), p), rel=1e-12)


def test_gaussian_fit_refuses_a_target_that_is_not_the_mixture():
    x = np.linspace(-8, 8, 481)
    with pytest.raises(ValueError, match="target is not the mixture"):
        ex.gaussian_fit(x, [(1.0, 0.0, 1.0)], target=np.full(481, 1 / 481), forward=(0, 1), reverse=(0, 1))


def test_mutual_information_is_zero_for_independent_variables_and_h_for_copies():
    assert ex.mutual_information_2x2([[2, 2], [2, 2]]).values["I"] == pytest.approx(0, abs=1e-15)
    assert ex.mutual_information_2x2([[3, 0], [0, 1]]).values["I"] == pytest.approx(il.binary_entropy(0.75), rel=1e-13)
    v = ex.mutual_information_2x2([[4, 1], [2, 3]]).values
    joint = np.array([[4, 1], [2, 3]]) / 10
    cond = -(joint * np.log2(joint / joint.sum(axis=0))).sum()  # H(X | Y)
    assert v["I"] == pytest.approx(v["HX"] - cond, rel=1e-12)


def test_binary_symmetric_channel_capacity_is_one_minus_h_of_the_flip():
    assert ex.binary_symmetric_channel(0.0, 0.5).values["C"] == 1.0
    assert ex.binary_symmetric_channel(0.5, 0.3).values["C"] == pytest.approx(0, abs=1e-15)
    v = ex.binary_symmetric_channel(0.11, 0.5).values
    assert v["I"] == pytest.approx(v["C"], rel=1e-13)  # a uniform input reaches capacity
    assert ex.binary_symmetric_channel(0.11, 0.2).values["I"] < v["C"]


@pytest.mark.parametrize("lam, beta, s2", [(6.4, 1.0, 0.25), (1.2, 3.0, 0.25), (10.0, 0.1, 0.1), (4.0, 5.0, 1.0)])
def test_vae_collapse_is_the_kl_of_the_optimal_encoder_and_zero_past_the_threshold(lam, beta, s2):
    """At the optimum the encoder's variance is beta s2 / lam and its mean's second moment 1 minus that,
    so the average KL to the prior, by infolib.vae_kl_divergence, is -ln(s^2) / 2 (0 once beta s2 >= lam)."""
    v = ex.vae_collapse(variance=lam, beta=beta, noise_var=s2).values
    var_q = min(1.0, beta * s2 / lam)
    mean = math.sqrt(1.0 - var_q)
    assert v["KL"] == pytest.approx(il.vae_kl_divergence([mean], [math.log(var_q)]), abs=1e-12)
    assert v["thr"] == pytest.approx(lam / s2)
    assert v["w"] == pytest.approx(math.sqrt(max(0.0, lam - beta * s2)))
    if beta >= lam / s2:
        assert v["KL"] == 0.0 and v["w"] == 0.0


def test_vae_collapse_refuses_a_value_that_is_not_a_number():
    with pytest.raises(ValueError, match="beta must be a finite number; got nan"):
        ex.vae_collapse(beta=float("nan"))


def test_gaussian_kl_agrees_with_kl_of_densities_on_a_fine_grid():
    e = ex.gaussian_kl(0.5, 0.8, -1.0, 1.7)
    x = np.linspace(-20, 20, 200_001)
    p = np.exp(-0.5 * ((x - 0.5) / 0.8) ** 2)
    q = np.exp(-0.5 * ((x + 1.0) / 1.7) ** 2)
    assert e.values["D"] == pytest.approx(il.kl_divergence(p / p.sum(), q / q.sum()), rel=1e-9)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_text_and_markdown_fallbacks_list_every_setting_and_value(name):
    e = EXAMPLES[name]
    text, md = repr(e), e._repr_markdown_()
    for c in e.controls:
        assert c.label in text and c.label in md
    for _, key in e.rows:
        shown = e.values[key]
        assert (shown if isinstance(shown, str) else f"{shown:.3f}") in text
    assert md.startswith("| quantity | value |")


# ---------------------------------------------------------------- the HTML

@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_html_is_the_same_on_every_call(name):
    assert EXAMPLES[name]._repr_html_() == all_examples()[name]._repr_html_()


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_html_is_well_formed_and_uses_no_ids(name):
    markup = EXAMPLES[name]._repr_html_()
    tree = _parse(markup)
    assert not tree.errors and not tree.stack, (tree.errors, tree.stack)
    assert not [a for _, a in tree.elements if "id" in a], "ids could repeat when a page shows two explorables"
    root = [a for t, a in tree.elements if t == "div" and a.get("class") == "itbx"]
    assert len(root) == 1
    config = json.loads(root[0]["data-config"])
    assert isinstance(config, dict)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_slider_has_a_label_and_the_values_are_announced(name):
    e = EXAMPLES[name]
    tree = _parse(e._repr_html_())
    assert [a["name"] for a, _ in tree.inputs] == [c.name for c in e.controls]
    for attrs, label in tree.inputs:
        assert attrs["type"] == "range"
        assert label, f"slider {attrs['name']} has no visible label"
        assert float(attrs["min"]) <= float(attrs["value"]) <= float(attrs["max"])
    live = [a for t, a in tree.elements if a.get("aria-live")]
    assert [a["aria-live"] for a in live] == ["polite"]
    svgs = [a for t, a in tree.elements if t == "svg"]
    assert svgs[0]["role"] == "img" and len(svgs[0]["aria-label"].split()) >= 4


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_html_shows_the_fallback_values_before_the_script_runs(name):
    e = EXAMPLES[name]
    markup = e._repr_html_()
    for text, key in e.readout:
        if key:
            value = e.values[key]
            shown = value if isinstance(value, str) else f"{value:.3f}"
            assert f'data-out="{key}">{shown}<' in markup


def test_strip_runtime_removes_the_inline_script_and_style_and_counts_explorables():
    page = "<main>" + EXAMPLES["coins"]._repr_html_() + EXAMPLES["surprisal"]._repr_html_() + "</main>"
    stripped, kinds = ex.strip_runtime(page)
    assert kinds == ["coins", "surprisal"]
    assert "<script" not in stripped and "<style" not in stripped
    assert ex.RUNTIME_ATTRIBUTE not in stripped
    assert stripped.count('class="itbx"') == 2


def test_strip_runtime_removes_an_older_runtime_too():
    """A notebook's stored output may carry an earlier version of the script."""
    current = EXAMPLES["coins"]._repr_html_()
    older = current.replace("function fmt(", "function fmt_old(").replace(".itbx{", ".itbx-old{")
    assert older != current
    stripped, kinds = ex.strip_runtime("<main>" + older + "</main>")
    assert kinds == ["coins"] and "<script" not in stripped and "<style" not in stripped
    assert 'data-kind="coins"' in stripped and "</svg>" in stripped


def test_runtime_files_are_small():
    """The whole runtime (script and style sheet) stays under 15 kB."""
    sizes = {name: len(text.encode()) for name, text in ex.runtime_files().items()}
    assert sum(sizes.values()) < 15_000, sizes


def test_a_fragment_carries_only_the_drawing_of_its_own_kind():
    script = ex.runtime_files(["coding"])["explorables.js"]
    assert "K.coding=function" in script and "K.gaussfit" not in script
    assert len(script.encode()) < 8_000
    full = ex.runtime_files()["explorables.js"]
    assert all(f"K.{k}=function" in full for k in {e.kind for e in EXAMPLES.values()})
    with pytest.raises(ValueError, match="unknown kind of explorable: 'pie'"):
        ex.runtime_files(["pie"])


def test_infinite_divergence_is_shown_as_infinity():
    assert ex._fmt(math.inf) == "\u221e"
    assert ex._fmt(-0.0001) == "0.000"


# ---------------------------------------------------------------- bad arguments

@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: ex.surprisal(0), r"probability p must be between 0\.01 and 1; got 0"),
        (lambda: ex.surprisal(1 / 6), r"must lie on the slider's steps"),
        (lambda: ex.surprisal("half"), r"p must be a finite number; got 'half'"),
        (lambda: ex.surprisal(math.nan), r"p must be a finite number; got nan"),
        (lambda: ex.entropy_coding([1]), r"weights must have 2 to 8 entries; got 1"),
        (lambda: ex.entropy_coding([0, 0]), r"weights must not all be 0"),
        (lambda: ex.entropy_coding([1, 2.5]), r"weights\[1\] must be a whole number from 0 to 8; got 2\.5"),
        (lambda: ex.entropy_coding([1, -1]), r"weights\[1\] must be a whole number from 0 to 8; got -1"),
        (lambda: ex.entropy_coding([1, 2], labels=["a", "a"]), r"labels must be 2 different names"),
        (lambda: ex.entropy_coding([1, 2], max_weight=0), r"max_weight must be a whole number >= 1; got 0"),
        (lambda: ex.cross_entropy_coins(0.3, 1.0), r"q\(heads\), what the code is built for must be between 0\.01 and 0\.99; got 1\.0"),
        (lambda: ex.cross_entropy_coins(0.3, 0.6, base="bytes"), r"unknown unit 'bytes'"),
        (lambda: ex.softmax_loss([1.0, 2.0], label=2), r"label must be a class index from 0 to 1; got 2"),
        (lambda: ex.softmax_loss([1.0, 9.0]), r"logit of class 1 must be between -5 and 5; got 9\.0"),
        (lambda: ex.softmax_loss([1.0, 2.0], temperature=0), r"temperature T must be between 0\.1 and 5; got 0\.0"),
        (lambda: ex.softmax_loss([1.0, 2.0], smoothing=0.9), r"label smoothing ε must be between 0 and 0\.5; got 0\.9"),
        (lambda: ex.gaussian_fit([0, 1, 3], [(1, 0, 1)], forward=(0, 1), reverse=(0, 1)), r"x must be evenly spaced"),
        (lambda: ex.gaussian_fit(np.linspace(-1, 1, 5), [(0.5, 0, 1)], forward=(0, 1), reverse=(0, 1)), r"mixture weights must sum to 1; got 0\.5"),
        (lambda: ex.gaussian_fit(np.linspace(-1, 1, 5), [(1, 0, 1)], forward=(0, -1), reverse=(0, 1)), r"forward sigma must be > 0; got -1"),
        (lambda: ex.gaussian_fit(np.linspace(-1, 1, 5), [(1, 0, 1)], forward=3, reverse=(0, 1)), r"forward must be a pair \(mu, sigma\); got 3"),
        (lambda: ex.mutual_information_2x2([1, 2, 3, 4]), r"weights must be a 2 x 2 table; got shape \(4,\)"),
        (lambda: ex.binary_symmetric_channel(0.7), r"crossover probability f must be between 0 and 0\.5; got 0\.7"),
        (lambda: ex.gaussian_kl(sigma_q=0.1), r"standard deviation of g must be between 0\.3 and 3; got 0\.1"),
    ],
)
def test_bad_arguments_raise_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_every_function_in_all_builds_an_explorable_or_is_a_helper():
    builders = [n for n in ex.__all__ if n[0].islower() and n not in ("strip_runtime", "runtime_files")]
    kinds = set(re.findall(r"K\.(\w+)=function", ex.runtime_files()["explorables.js"]))
    made = {e.kind for e in EXAMPLES.values()}
    assert made == kinds, "every drawing in the script is used by a function, and every function has one"
    assert len(builders) == len(kinds)
