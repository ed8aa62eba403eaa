"""explorables.js computes what infolib computes.

The script's computations (the same code the browser runs) are evaluated in
Node.js for a few hundred random settings of every explorable, and each
displayed value is compared with the value infolib gives for that setting.
The browser tests in tests/site check the same on the built pages, through
the sliders.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import numpy as np
import pytest

from infolib import explorables as ex

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed (sudo apt-get install nodejs)")

DRIVER = """
const fs = require("fs");
global.window = {};
global.document = {readyState: "complete", currentScript: null, querySelectorAll: () => []};
(0, eval)(fs.readFileSync(process.argv[1], "utf8"));
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
const out = cases.map(c => { const r = window.itbx.kinds[c.kind](c.config, c.values); return r ? r.out : null; });
process.stdout.write(JSON.stringify(out));
"""


def _random_cases(rng: np.random.Generator, n: int) -> list[ex.Explorable]:
    x = np.linspace(-8, 8, 481)
    mixture = [(0.6, -2.0, 0.6), (0.4, 2.0, 0.6)]

    def grid(low, high, step):
        return float(np.round(low + step * rng.integers(0, round((high - low) / step) + 1), 2))

    cases = []
    for _ in range(n):
        k = int(rng.integers(2, 7))
        weights = rng.integers(0, 8, size=k)
        weights[rng.integers(k)] += 1  # never all 0
        cases += [
            ex.surprisal(grid(0.01, 1, 0.01)),
            ex.die_information(np.minimum(weights, 10)),
            ex.entropy_coding(weights),
            ex.cross_entropy_coins(grid(0.01, 0.99, 0.01), grid(0.01, 0.99, 0.01), base=["bits", "nats"][int(rng.integers(2))]),
            ex.softmax_loss([grid(-5, 5, 0.1) for _ in range(k)], label=int(rng.integers(k)),
                            temperature=grid(0.1, 5, 0.1), smoothing=[None, grid(0, 0.5, 0.01)][int(rng.integers(2))]),
            ex.gaussian_fit(x, mixture, forward=(-0.4, 2.05), reverse=(-2.0, 0.6),
                            mu=grid(-3, 3, 0.05), sigma=grid(0.3, 3.5, 0.05)),
            ex.mutual_information_2x2(rng.integers(0, 8, size=(2, 2)) + np.eye(2, dtype=int)),
            ex.binary_symmetric_channel(grid(0, 0.5, 0.01), grid(0, 1, 0.01)),
            ex.gaussian_kl(grid(-3, 3, 0.1), grid(0.3, 3, 0.1), grid(-3, 3, 0.1), grid(0.3, 3, 0.1)),
            ex.vae_collapse(grid(0.5, 10, 0.1), grid(0.1, 30, 0.1), grid(0.1, 2, 0.05)),
        ]
    return cases


def _run_script(cases: list[ex.Explorable], tmp_path) -> list[dict]:
    script = tmp_path / "explorables.js"
    script.write_text(ex.runtime_files()["explorables.js"], encoding="utf-8")
    payload = [{"kind": e.kind, "config": e.config, "values": {c.name: c.value for c in e.controls}} for e in cases]
    result = subprocess.run([NODE, "-e", DRIVER, str(script)], input=json.dumps(payload),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _agrees(shown: str, value, key: str) -> bool:
    if isinstance(value, str):
        if key == "info":  # per-face information, 2 decimals
            pairs = list(zip(shown.split(", "), value.split(", ")))
            return len(pairs) == len(value.split(", ")) and all(
                a == b if "\u221e" in (a, b) else abs(float(a) - float(b)) <= 0.005 + 1e-9 for a, b in pairs
            )
        return shown == value
    if value == float("inf"):
        return shown == "\u221e"
    return abs(float(shown) - value) <= 0.0005 + 1e-9


def test_script_shows_infolibs_values_for_random_settings_of_every_explorable(tmp_path):
    cases = _random_cases(np.random.default_rng(14), 40)
    outs = _run_script(cases, tmp_path)
    bad = []
    for e, out in zip(cases, outs):
        assert out is not None, e.kind
        for key, value in e.values.items():
            if key in out and not _agrees(out[key], value, key):
                bad.append(f"{e.kind} {({c.name: c.value for c in e.controls})}: {key} shows {out[key]}, infolib {value!r}")
        shown_keys = {k for _, k in e.readout if k}
        assert shown_keys <= set(out), f"{e.kind}: the script does not compute {shown_keys - set(out)}"
    assert not bad, "\n".join(bad[:20])


def test_script_huffman_lengths_break_ties_as_infolib_does(tmp_path):
    """Equal weights make ties at every merge; the lengths must still match."""
    cases = [ex.entropy_coding(w) for w in ([1, 1, 1, 1, 1], [2, 2, 1, 1, 1, 1], [3, 3, 3, 1, 1, 1, 0, 2], [1, 1, 2, 4, 8, 8])]
    outs = _run_script(cases, tmp_path)
    assert [o["lengths"] for o in outs] == [e.values["lengths"] for e in cases]


def test_script_shows_infinity_where_q_misses_the_target(tmp_path):
    x = np.linspace(-20, 20, 801)  # wide enough that q underflows to 0 where p does not
    narrow = ex.gaussian_fit(x, [(0.6, -2.0, 0.6), (0.4, 2.0, 0.6)], forward=(-0.4, 2.05), reverse=(-2.0, 0.6), mu=3.0, sigma=0.3)
    assert narrow.values["F"] == float("inf")
    (out,) = _run_script([narrow], tmp_path)
    assert out["F"] == "\u221e"
    assert abs(float(out["R"]) - narrow.values["R"]) <= 0.0005 + 1e-9


DRAW = """
const fs = require("fs");
global.window = {};
global.document = {readyState: "complete", currentScript: null, querySelectorAll: () => []};
(0, eval)(fs.readFileSync(process.argv[1], "utf8"));
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
const out = cases.map(c => { const svg = {innerHTML: ""}; window.itbx.kinds[c.kind](c.config, c.values).draw(svg); return svg.innerHTML; });
process.stdout.write(JSON.stringify(out));
"""


def _draw(cases: list[ex.Explorable], tmp_path) -> list[str]:
    script = tmp_path / "explorables.js"
    script.write_text(ex.runtime_files()["explorables.js"], encoding="utf-8")
    payload = [{"kind": e.kind, "config": e.config, "values": {c.name: c.value for c in e.controls}} for e in cases]
    result = subprocess.run([NODE, "-e", DRAW, str(script)], input=json.dumps(payload),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _ticks_y(svg: str, label: str) -> float:
    m = re.search(r'<text x="[\d.]+" y="([\d.]+)" text-anchor="end">' + re.escape(label) + "</text>", svg)
    assert m, f"no y tick labelled {label}"
    return float(m.group(1)) - 4  # the labels sit 4 px below their tick


def test_smoothed_target_is_drawn_at_its_probabilities_and_the_true_class_is_labelled(tmp_path):
    eps, k = 0.2, 3
    plain, smooth = _draw([ex.softmax_loss([3.0, 0.5, -1.0], label=1),
                           ex.softmax_loss([3.0, 0.5, -1.0], label=1, smoothing=eps)], tmp_path)
    for svg in (plain, smooth):
        assert re.findall(r">([^<>]*\(true\))</text>", svg) == ["1 (true)"]
    assert "itbx-target" not in plain
    y0, y1 = _ticks_y(smooth, "0.0"), _ticks_y(smooth, "1.0")
    targets = [float(y) for y in re.findall(r'<line x1="[\d.]+" y1="([\d.]+)" x2="[\d.]+" y2="[\d.]+" class="itbx-target"/>', smooth)]
    want = [eps / k, 1 - eps + eps / k, eps / k]
    assert [(y0 - y) / (y0 - y1) for y in targets[:k]] == pytest.approx(want, abs=0.01)
    assert "smoothed target" in smooth


def test_mutual_information_bars_for_h_x_and_h_y_have_the_same_height(tmp_path):
    (svg,) = _draw([ex.mutual_information_2x2([[4, 1], [2, 3]])], tmp_path)
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)" fill="(?!none)', svg)]
    assert len(heights) == 5 and len(set(heights)) == 1, heights  # H(X|Y), I, H(Y|X); H(X); H(Y)


def test_y_axis_title_leaves_room_for_the_widest_tick_label(tmp_path):
    """The rotated title's centre line is 13 px from the edge; a tick label of n
    characters (12 px digits are at most 7 px wide) must end at least 7 px right of it."""
    x = np.linspace(-8, 8, 481)
    cases = [ex.gaussian_fit(x, [(0.6, -2.0, 0.6), (0.4, 2.0, 0.6)], forward=(-0.4, 2.05), reverse=(-2.0, 0.6)),
             ex.gaussian_kl(), ex.surprisal(), ex.binary_symmetric_channel()]
    for e, svg in zip(cases, _draw(cases, tmp_path)):
        labels = re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="end">([^<]+)</text>', svg)
        assert labels, e.kind
        left = min(float(xx) - 7 * len(t) for xx, t in labels)
        assert left >= 13 + 8, f"{e.kind}: a y tick label starts at x = {left}, on the axis title"
