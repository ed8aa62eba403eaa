r"""Explorables: figures a reader changes with sliders, in Jupyter and on the website.

Each function returns an :class:`Explorable`. In Jupyter (JupyterLab, Colab,
VS Code) its HTML output has native range inputs, an SVG drawing and a small
script (``explorables.js``, no dependencies) that recomputes the values in the
browser as a slider moves; on the course website the same HTML is shown, and
the site serves the script and its style sheet once per page that needs them.
Its plain-text and Markdown outputs are a table of the values at the starting
setting, computed here with infolib: that is what a reader sees where scripts
do not run, and what the notebook tests compare.

Every slider is labelled, the values it changes are announced to screen
readers (``aria-live="polite"``), and the drawing follows the page's text
colour, so it works in light and dark mode.

Examples
--------
>>> from infolib import explorables
>>> explorables.surprisal(0.25)
quantity               value
---------------------  -----
probability p          0.250
information, bits      2.000
information, nats      1.386
information, hartleys  0.602
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from numbers import Real
from typing import Any

import numpy as np

from .classification import cross_entropy_loss, softmax
from .coding import HuffmanCode
from .measures import binary_entropy, cross_entropy, entropy, information, kl_divergence
from .tables import Table
from .units import Base, convert, log_of_base

__all__ = [
    "Control",
    "Explorable",
    "binary_symmetric_channel",
    "cross_entropy_coins",
    "die_information",
    "entropy_coding",
    "gaussian_fit",
    "gaussian_kl",
    "mutual_information_2x2",
    "softmax_loss",
    "surprisal",
    "strip_runtime",
    "vae_collapse",
    "runtime_files",
]

#: Marks the ``<style>`` and ``<script>`` that carry the runtime inside each
#: explorable's HTML; the website removes them and loads the files once.
RUNTIME_ATTRIBUTE = "data-itbx-runtime"
_DIGITS = 3
_KIND_ATTR = re.compile(r'<div class="itbx" data-kind="(\w+)"')
_DASH = "\u2013"


_KIND_START = re.compile(r"  K\.(\w+) = function")


_JS_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_JS_SPACE = re.compile(r"\s*([=,;:{}()<>?|&!])\s*")


def _squeeze(line: str) -> str:
    """One line of the script without spaces around punctuation or a trailing
    ``// comment``, string literals kept as they are."""
    out, pos = [], 0
    for m in _JS_STRING.finditer(line):
        code = line[pos : m.start()]
        if " //" in code or code.startswith("//"):
            break
        out += [_JS_SPACE.sub(r"\1", code), m.group()]
        pos = m.end()
    code = line[pos:]
    cut = code.find("//")
    if cut >= 0 and (cut == 0 or code[cut - 1] == " "):
        code = code[:cut]
    return "".join(out) + _JS_SPACE.sub(r"\1", code).rstrip()


@lru_cache(maxsize=None)
def _runtime_parts() -> tuple[str, dict[str, str], str]:
    """The script split into its core and one part per kind, and the style sheet.

    A part is the lines from a kind's ``K.<kind> = function`` (and the comment
    line above it) to its closing ``  };``. Indentation, comment lines
    (``/* ... */`` on a line of its own), comments at the end of a line and
    spaces around punctuation outside string literals are dropped; the
    sources have no multi-line strings, and their regular expressions hold
    no spaces.
    """
    here = resources.files(__package__)

    def compact(lines: list[str]) -> str:
        kept = [_squeeze(line.strip()) for line in lines]
        return "\n".join(x for x in kept if x and not (x.startswith("/*") and x.endswith("*/")))

    lines = (here / "explorables.js").read_text(encoding="utf-8").splitlines()
    core: list[str] = []
    kinds: dict[str, str] = {}
    i = 0
    while i < len(lines):
        m = _KIND_START.match(lines[i])
        if m is None:
            core.append(lines[i])
            i += 1
            continue
        end = lines.index("  };", i)
        kinds[m.group(1)] = compact(lines[i : end + 1])
        i = end + 1
    marker = next(j for j, line in enumerate(core) if line.strip() == "function mount(root) {")
    head, tail = compact(core[:marker]), compact(core[marker:])
    css = compact((here / "explorables.css").read_text(encoding="utf-8").splitlines())
    return head + "\n", kinds, tail + "\n" + "\x00" + css


def runtime_files(kinds: Sequence[str] | None = None) -> dict[str, str]:
    """The explorables' script and style sheet: ``{"explorables.js": ..., "explorables.css": ...}``.

    Parameters
    ----------
    kinds : list of str, optional
        Only the drawings these kinds of explorable need (default: all).
    """
    head, parts, rest = _runtime_parts()
    tail, css = rest.split("\x00")
    names = list(parts) if kinds is None else sorted(set(kinds))
    unknown = [k for k in names if k not in parts]
    if unknown:
        raise ValueError(f"unknown kind of explorable: {unknown[0]!r}; known: {', '.join(parts)}")
    script = head + "".join(parts[k] + "\n" for k in names) + tail
    return {
        "explorables.js": "/* infolib explorables.js (MIT) */\n" + script,
        "explorables.css": "/* infolib explorables.css (MIT) */\n" + css + "\n",
    }


def _runtime_html(kind: str) -> tuple[str, str]:
    files = runtime_files([kind])
    style = f"<style {RUNTIME_ATTRIBUTE}>\n{files['explorables.css']}</style>\n"
    script = f"<script {RUNTIME_ATTRIBUTE}>\n{files['explorables.js']}</script>\n"
    return style, script


_RUNTIME_BLOCK = re.compile(
    rf"<style {RUNTIME_ATTRIBUTE}>\n.*?</style>\n|<script {RUNTIME_ATTRIBUTE}>\n.*?</script>\n", re.DOTALL
)


def strip_runtime(page: str) -> tuple[str, list[str]]:
    """Remove the inline runtime from HTML that holds explorables.

    Returns the HTML without the ``<style>``/``<script>`` blocks that
    :class:`Explorable` writes (whichever version of the runtime wrote them:
    a notebook's stored output may predate the current script), and the kinds
    of explorable it holds, sorted (the caller then loads the script for those
    kinds, and the style sheet, once).
    """
    kinds = sorted(set(_KIND_ATTR.findall(page)))
    if kinds:
        page = _RUNTIME_BLOCK.sub("", page)
    return page, kinds


def _fmt(value: float | str, digits: int = _DIGITS) -> str:
    """Format a value as the browser does: 3 decimals, an infinity sign, no minus zero."""
    if isinstance(value, str):
        return value
    v = float(value)
    if math.isinf(v):
        return "\u221e"
    if math.isnan(v):
        return _DASH
    s = f"{v:.{digits}f}"
    return s[1:] if s.startswith("-") and float(s) == 0 else s


@dataclass(frozen=True)
class Control:
    """One slider: its name in the script, its visible label, its range, step and start."""

    name: str
    label: str
    low: float
    high: float
    step: float
    value: float

    def __post_init__(self) -> None:
        for field in ("low", "high", "step", "value"):
            v = getattr(self, field)
            if isinstance(v, bool) or not isinstance(v, Real) or not math.isfinite(v):
                raise ValueError(f"{self.label}: {field} must be a finite number; got {v!r}")
        if not self.low <= self.value <= self.high:
            raise ValueError(
                f"{self.label} must be between {self.low:g} and {self.high:g}; got {float(self.value)!r}"
            )
        if self.step <= 0:
            raise ValueError(f"{self.label}: step must be > 0; got {self.step!r}")
        steps = (self.value - self.low) / self.step
        if abs(steps - round(steps)) > 1e-6:
            raise ValueError(
                f"{self.label} must lie on the slider's steps ({self.low:g}, {self.low + self.step:g}, ...); "
                f"got {float(self.value)!r}"
            )

    def decimals(self) -> int:
        text = repr(float(self.step))
        return 0 if float(self.step).is_integer() else len(text.split(".")[1])

    def html(self) -> str:
        d = self.decimals()

        def num(v: float) -> str:
            return f"{v:.{d}f}"

        return (
            '<div class="itbx-control">'
            f"<label>{html.escape(self.label)}"
            f'<input type="range" name="{self.name}" min="{num(self.low)}" max="{num(self.high)}"'
            f' step="{num(self.step)}" value="{num(self.value)}"></label>'
            f'<span class="itbx-value" data-show="{self.name}" aria-hidden="true">{num(self.value)}</span>'
            "</div>"
        )


class Explorable:
    """A figure the reader changes: sliders, a drawing, and the values they move.

    Built by the functions of this module; shown by Jupyter (``_repr_html_``,
    ``_repr_markdown_``) or printed (a plain table of the starting values).

    Parameters
    ----------
    kind : str
        Which drawing and computation of ``explorables.js`` to use.
    title : str
        What the reader can do, shown above the sliders; names the group.
    description : str
        What the drawing shows (the SVG's accessible name).
    controls : list of infolib.explorables.Control
        The sliders.
    config : dict
        Fixed data for the script (JSON).
    readout : list of tuple
        ``(text before, key)`` pairs for the live line of values; a key of
        ``""`` adds text only.
    values : dict
        The value of each key at the starting setting, computed with infolib.
    rows : list of tuple
        The text fallback's rows: a quantity's name and its key in ``values``
        (controls are listed first).
    note : str, optional
        A sentence under the readout that explains what the drawing may show.
    grid : tuple of str, optional
        ``(row variable, column variable)``: show four controls as the cells
        of a 2 x 2 table (rows and columns labelled with the variables'
        values 0 and 1), each with the live value of ``values["c<i><j>"]``.
    """

    def __init__(
        self,
        kind: str,
        title: str,
        description: str,
        controls: Sequence[Control],
        config: dict[str, Any],
        readout: Sequence[tuple[str, str]],
        values: dict[str, float | str],
        rows: Sequence[tuple[str, str]],
        note: str = "",
        grid: tuple[str, str] | None = None,
    ):
        self.kind = kind
        self.title = title
        self.description = description
        self.controls = list(controls)
        self.config = config
        self.readout = list(readout)
        self.values = dict(values)
        self.rows = list(rows)
        self.note = note
        self.grid = grid
        if grid is not None and len(self.controls) != 4:
            raise ValueError(f"a 2 x 2 grid needs 4 controls; got {len(self.controls)}")

    def table(self) -> Table:
        """The starting setting and the values there, as a table (infolib's ``Table``)."""
        body: list[list[Any]] = [
            [c.label, int(c.value) if c.decimals() == 0 else float(c.value)] for c in self.controls
        ]
        body += [[name, self.values[key]] for name, key in self.rows]
        return Table(["quantity", "value"], body, digits=_DIGITS)

    def __repr__(self) -> str:
        return repr(self.table())

    def _repr_markdown_(self) -> str:
        return self.table()._repr_markdown_()

    def _controls_html(self) -> str:
        if self.grid is None:
            return '<div class="itbx-controls">' + "".join(c.html() for c in self.controls) + "</div>\n"
        row, col = (html.escape(v) for v in self.grid)
        head = f'<tr><td></td><th scope="col">{col} = 0</th><th scope="col">{col} = 1</th></tr>'
        body = ""
        for i in range(2):
            cells = ""
            for j in range(2):
                key = f"c{i}{j}"
                cells += (f"<td>{self.controls[2 * i + j].html()}"
                          f'<span class="itbx-cell">p = <span data-out="{key}">{html.escape(_fmt(self.values[key]))}</span></span></td>')
            body += f'<tr><th scope="row">{row} = {i}</th>{cells}</tr>'
        return f'<table class="itbx-grid">{head}{body}</table>\n'

    def _repr_html_(self) -> str:
        style, script = _runtime_html(self.kind)
        config = html.escape(json.dumps(self.config, sort_keys=True, separators=(",", ":")), quote=True)
        readout = "".join(
            _sub(html.escape(text)) + (f'<span data-out="{key}">{html.escape(_fmt(self.values[key]))}</span>' if key else "")
            for text, key in self.readout
        )
        note = f'<p class="itbx-note">{_sub(html.escape(self.note))}</p>\n' if self.note else ""
        return (
            style
            + f'<div class="itbx" data-kind="{self.kind}" data-config="{config}"'
            f' role="group" aria-label="{html.escape(self.title, quote=True)}">\n'
            f'<p class="itbx-title">{html.escape(self.title)}</p>\n'
            + self._controls_html()
            + f'<svg viewBox="0 0 360 210" role="img" aria-label="{html.escape(self.description, quote=True)}"></svg>\n'
            f'<p class="itbx-readout" aria-live="polite">{readout}</p>\n'
            + note
            + script
            + "</div>\n"
        )


_SUBSCRIPT = re.compile(r"\bH_(ce|b)\b")


def _sub(text: str) -> str:
    """The course's subscripted names in HTML: H_ce -> H<sub>ce</sub>, H_b -> H<sub>b</sub>."""
    return _SUBSCRIPT.sub(r"H<sub>\1</sub>", text)


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (Real, np.floating, np.integer)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    return float(value)


def _ln_base(base: Base) -> float:
    return log_of_base(base)


def _unit_name(base: Base) -> str:
    names = {math.log(2): "bits", 1.0: "nats", math.log(10): "hartleys"}
    ln = log_of_base(base)
    for key, name in names.items():
        if abs(key - ln) < 1e-15:
            return name
    return f"base-{math.exp(ln):g} units"


def _weights(weights: Any, name: str, max_weight: int) -> np.ndarray:
    w = np.asarray(weights, dtype=object).ravel()
    if w.size == 0:
        raise ValueError(f"{name} must not be empty")
    out = np.array([_number(v, f"{name}[{i}]") for i, v in enumerate(w.tolist())])
    bad = np.flatnonzero((out < 0) | (out > max_weight) | (out != np.round(out)))
    if bad.size:
        i = int(bad[0])
        raise ValueError(f"{name}[{i}] must be a whole number from 0 to {max_weight}; got {out[i]:g}")
    if out.sum() == 0:
        raise ValueError(f"{name} must not all be 0")
    return out


# --------------------------------------------------------------------------- chapter 1

def surprisal(p: float = 0.25) -> Explorable:
    r"""The information of an event of probability ``p`` in bits, nats and hartleys.

    The slider moves ``p`` from 0.01 to 1 in steps of 0.01; a point moves on the
    curve :math:`-\log_2 p`.

    Parameters
    ----------
    p : float, default 0.25
        Starting probability, between 0.01 and 1.

    Returns
    -------
    infolib.explorables.Explorable

    Raises
    ------
    ValueError
        If ``p`` is not a number between 0.01 and 1.

    Examples
    --------
    >>> surprisal(0.5).values["bits"]
    1.0
    """
    p = _number(p, "p")
    control = Control("p", "probability p", 0.01, 1.0, 0.01, p)
    values = {unit: information(p, base=unit) for unit in ("bits", "nats", "hartleys")}
    return Explorable(
        "surprisal",
        "Move the probability p and watch its information change",
        "The curve of -log2 p for p from 0 to 1, with a point at the chosen probability.",
        [control],
        {},
        [("I(p) = ", "bits"), (" bits = ", "nats"), (" nats = ", "hartleys"), (" hartleys", "")],
        values,
        [("information, bits", "bits"), ("information, nats", "nats"), ("information, hartleys", "hartleys")],
    )


# --------------------------------------------------------------------------- chapter 2

def die_information(
    weights: Sequence[float] = (1, 2, 3, 4, 4, 6),
    labels: Sequence[str] | None = None,
    *,
    max_weight: int = 10,
) -> Explorable:
    r"""A die the reader loads: the information of each face and their average.

    One slider per face sets its weight (a whole number from 0 to
    ``max_weight``); the probabilities are the weights over their sum. Shown:
    each face's information :math:`-\log_2 p` in bits, their average
    :math:`\sum p\,(-\log_2 p)` (the entropy) and its largest value
    :math:`\log_2 n`, reached by the fair die.

    Parameters
    ----------
    weights : array_like
        Starting weights (default 1, 2, 3, 4, 4, 6), 2 to 8 of them (the default is chapter 2's loaded die).
    labels : list of str, optional
        Face names (default "1", "2", ...).
    max_weight : int, default 10

    Returns
    -------
    infolib.explorables.Explorable

    Raises
    ------
    ValueError
        If there are fewer than 2 or more than 8 weights, a weight is not a whole
        number in range, all are 0, or the labels do not match the weights.

    Examples
    --------
    >>> die_information([1, 1, 1, 1, 1, 1]).values["info"]
    '2.58, 2.58, 2.58, 2.58, 2.58, 2.58'
    """
    w, labels = _weights_and_labels(weights, labels, max_weight, lambda i: str(i + 1))
    p = w / w.sum()
    info = information(p)
    values: dict[str, float | str] = {
        "info": ", ".join(_fmt(v, 2) for v in info),
        "avg": entropy(p),
        "Hmax": math.log2(w.size),
    }
    controls = [Control(f"w{i}", f"weight of face {x}", 0, max_weight, 1, w[i]) for i, x in enumerate(labels)]
    return Explorable(
        "faces",
        "Load the die and watch the information of each face and their average",
        "A bar chart of the information of each face in bits, labelled with its probability, with a dashed line at the average.",
        controls,
        {"labels": labels},
        [("information per face (" + ", ".join(labels) + "): ", "info"), (" bits; average = ", "avg"),
         (" bits, at most log2 n = ", "Hmax"), (" bits", "")],
        values,
        [("information per face (" + ", ".join(labels) + "), bits", "info"), ("average information, bits", "avg"),
         ("maximum log2 n, bits", "Hmax")],
    )


def _weights_and_labels(weights, labels, max_weight, default_label) -> tuple[np.ndarray, list[str]]:
    if isinstance(max_weight, bool) or not isinstance(max_weight, (int, np.integer)) or max_weight < 1:
        raise ValueError(f"max_weight must be a whole number >= 1; got {max_weight!r}")
    w = _weights(weights, "weights", int(max_weight))
    n = w.size
    if not 2 <= n <= 8:
        raise ValueError(f"weights must have 2 to 8 entries; got {n}")
    labels = [default_label(i) for i in range(n)] if labels is None else [str(x) for x in labels]
    if len(labels) != n or len(set(labels)) != n:
        raise ValueError(f"labels must be {n} different names, one per weight; got {labels!r}")
    return w, labels


# --------------------------------------------------------------------------- chapter 3

def entropy_coding(
    weights: Sequence[float] = (4, 2, 1, 1),
    labels: Sequence[str] | None = None,
    *,
    max_weight: int = 8,
) -> Explorable:
    r"""A distribution the reader reshapes, with its entropy and its Huffman code.

    One slider per outcome sets its weight (a whole number from 0 to
    ``max_weight``); the probabilities are the weights divided by their sum.
    Shown: the entropy :math:`H`, its maximum :math:`\log_2 n`, the length of
    each outcome's Huffman codeword (ties broken by order, as
    :meth:`infolib.HuffmanCode.from_distribution` does) and the average length
    :math:`L`, with :math:`H \le L < H + 1`.

    Parameters
    ----------
    weights : array_like
        Starting weights (default 4, 2, 1, 1), 2 to 8 of them, each from 0 to ``max_weight``, not all 0.
    labels : list of str, optional
        Outcome names (default "A", "B", ...).
    max_weight : int, default 8
        The largest weight a slider can set.

    Returns
    -------
    infolib.explorables.Explorable

    Raises
    ------
    ValueError
        If there are fewer than 2 or more than 8 weights, a weight is not a whole
        number in range, all are 0, or the labels do not match the weights.

    Examples
    --------
    >>> e = entropy_coding([4, 2, 1, 1])
    >>> e.values["lengths"], e.values["H"], e.values["L"]
    ('1, 2, 3, 3', 1.75, 1.75)
    """
    w, labels = _weights_and_labels(weights, labels, max_weight, lambda i: chr(ord("A") + i))
    n = w.size
    p = w / w.sum()
    code = HuffmanCode.from_distribution(dict(zip(labels, p.tolist())))
    lengths = code.lengths()
    values: dict[str, float | str] = {
        "H": entropy(p),
        "Hmax": math.log2(n),
        "L": code.average_length,
        "lengths": ", ".join(str(lengths[x]) if x in lengths else _DASH for x in labels),
    }
    controls = [Control(f"w{i}", f"weight of {x}", 0, max_weight, 1, w[i]) for i, x in enumerate(labels)]
    return Explorable(
        "coding",
        "Reshape the distribution and watch its entropy and Huffman code",
        "A bar chart of the probabilities of the outcomes, each bar labelled with its Huffman codeword length.",
        controls,
        {"labels": labels},
        [("H = ", "H"), (" bits, at most log2 n = ", "Hmax"), (" bits; Huffman code lengths (", ""),
         (", ".join(labels) + "): ", "lengths"), ("; average length L = ", "L"), (" bits", "")],
        values,
        [("entropy H, bits", "H"), ("maximum log2 n, bits", "Hmax"),
         ("Huffman code lengths (" + ", ".join(labels) + ")", "lengths"), ("average length L, bits", "L")],
        note="Where probabilities tie, Huffman's merges break the tie by order, so two equally likely outcomes "
             "can get codewords of different lengths (say 2 and 3). Swapping those two codewords gives another "
             "code with the same average length L: both are optimal, and no code does better.",
    )


# --------------------------------------------------------------------------- chapter 4

def cross_entropy_coins(p: float = 0.3, q: float = 0.6, *, base: Base = "bits") -> Explorable:
    r"""Two coins: the data come from ``p``, the code is built for ``q``.

    The sliders set the probability of heads under each. A stacked bar shows
    the cross-entropy :math:`H_{\mathrm{ce}}(p, q) = H(p) + D(p \,\|\, q)`.

    Parameters
    ----------
    p, q : float
        Starting probabilities of heads (default 0.3 and 0.6), from 0.01 to 0.99.
    base : float or str, default "bits"
        Unit of the values shown.

    Returns
    -------
    infolib.explorables.Explorable

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not between 0.01 and 0.99, or ``base`` is not a unit.

    Examples
    --------
    >>> v = cross_entropy_coins(0.5, 0.5).values
    >>> v["Hp"], v["D"], v["Hpq"]
    (1.0, 0.0, 1.0)
    """
    p, q = _number(p, "p"), _number(q, "q")
    controls = [Control("p", "p(heads), where the data come from", 0.01, 0.99, 0.01, p),
                Control("q", "q(heads), what the code is built for", 0.01, 0.99, 0.01, q)]
    pp, qq = [p, 1 - p], [q, 1 - q]
    unit = _unit_name(base)
    values = {"Hp": entropy(pp, base=base), "Hpq": cross_entropy(pp, qq, base=base), "D": kl_divergence(pp, qq, base=base)}
    return Explorable(
        "coins",
        "Move the two coins and watch the cost of the wrong code",
        "Two horizontal bars of equal length: H(p) followed by the extra bits D(p || q), and the cross-entropy H_ce(p, q) alone.",
        controls,
        {"lnb": log_of_base(base), "unit": unit},
        [("H(p) = ", "Hp"), (f" {unit}; D(p || q) = ", "D"), (f" {unit}; H_ce(p, q) = ", "Hpq"), (f" {unit}", "")],
        values,
        [(f"H(p), {unit}", "Hp"), (f"D(p || q), {unit}", "D"), (f"cross-entropy H_ce(p, q), {unit}", "Hpq")],
    )


def softmax_loss(
    logits: Sequence[float] = (2.0, 1.0, -1.0),
    label: int = 0,
    *,
    temperature: float = 1.0,
    smoothing: float | None = None,
    classes: Sequence[str] | None = None,
    base: Base = "nats",
) -> Explorable:
    r"""Logits and a temperature: the softmax, the cross-entropy loss and the prediction's entropy.

    One slider per logit (from -5 to 5), one for the temperature :math:`T`
    (0.1 to 5) and, when ``smoothing`` is given, one for label smoothing
    :math:`\varepsilon` (0 to 0.5). The prediction is
    :math:`\mathrm{softmax}(z / T)`; the target is the one-hot vector of
    ``label`` mixed with the uniform distribution,
    :math:`(1 - \varepsilon)\,\text{one-hot} + \varepsilon / K`, and the loss
    is the cross-entropy :math:`H_{\mathrm{ce}}(\text{target}, \text{prediction})`.
    The true class is marked by colour and by the word "true" under its bar;
    with smoothing, the target is drawn over the bars, and the readout gives
    the lowest loss, the target's entropy, reached when the prediction equals
    the target (a more confident prediction costs more).

    Parameters
    ----------
    logits : array_like
        Starting logits (default 2, 1, -1), 2 to 6 of them, each from -5 to 5.
    label : int, default 0
        The true class.
    temperature : float, default 1.0
        Starting temperature, from 0.1 to 5.
    smoothing : float, optional
        Starting label smoothing, from 0 to 0.5; without it there is no
        smoothing slider.
    classes : list of str, optional
        Class names (default "0", "1", ...).
    base : float or str, default "nats"
        Unit of the loss and the entropy (machine learning uses nats).

    Returns
    -------
    infolib.explorables.Explorable

    Raises
    ------
    ValueError
        If a value is out of its range or ``label`` is not a class index.

    Examples
    --------
    >>> round(softmax_loss([0.0, 0.0], label=1, base="bits").values["loss"], 12)
    1.0
    """
    z = np.array([_number(v, f"logits[{i}]") for i, v in enumerate(np.asarray(logits, dtype=object).ravel().tolist())])
    k = z.size
    if not 2 <= k <= 6:
        raise ValueError(f"logits must have 2 to 6 entries; got {k}")
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)) or not 0 <= label < k:
        raise ValueError(f"label must be a class index from 0 to {k - 1}; got {label!r}")
    classes = [str(i) for i in range(k)] if classes is None else [str(c) for c in classes]
    if len(classes) != k:
        raise ValueError(f"classes must name the {k} classes; got {classes!r}")
    t = _number(temperature, "temperature")
    controls = [Control(f"z{i}", f"logit of class {c}", -5.0, 5.0, 0.1, z[i]) for i, c in enumerate(classes)]
    controls.append(Control("T", "temperature T", 0.1, 5.0, 0.1, t))
    eps = 0.0
    if smoothing is not None:
        eps = _number(smoothing, "smoothing")
        controls.append(Control("eps", "label smoothing ε", 0.0, 0.5, 0.01, eps))
    unit = _unit_name(base)
    pred = softmax(z / t)
    if smoothing is None:
        loss = cross_entropy_loss((z / t)[np.newaxis], [int(label)], base=base)
    else:
        target = (1 - eps) * np.eye(k)[int(label)] + eps / k
        loss = cross_entropy(target, pred, base=base)
    values: dict[str, float | str] = {f"p{i}": float(v) for i, v in enumerate(pred)}
    values.update(loss=loss, H=entropy(pred, base=base))
    readout = [("softmax = (", "")]
    readout += [(", " if i else "", f"p{i}") for i in range(k)]
    readout += [(f"); loss = ", "loss"), (f" {unit}; entropy of the prediction = ", "H"), (f" {unit}", "")]
    rows = [(f"softmax, class {c}", f"p{i}") for i, c in enumerate(classes)]
    rows += [(f"loss, {unit}", "loss"), (f"entropy of the prediction, {unit}", "H")]
    description = ("A bar chart of the predicted probability of each class; the true class's bar is vermillion "
                   "and labelled true.")
    if smoothing is not None:
        values["Ht"] = entropy(target, base=base)
        readout += [("; lowest loss, at prediction = target: H(target) = ", "Ht"), (f" {unit}", "")]
        rows += [(f"lowest loss H(target), {unit}", "Ht")]
        description += " A dashed line across each bar marks the smoothed target."
    return Explorable(
        "softmax",
        "Move the logits and the temperature and watch the prediction and its loss",
        description,
        controls,
        {"classes": classes, "label": int(label), "lnb": log_of_base(base)},
        readout,
        values,
        rows,
    )


# --------------------------------------------------------------------------- chapter 5

def _grid_normal(x: np.ndarray, mu: float, sigma: float) -> np.ndarray:
    w = np.exp(-0.5 * ((x - mu) / sigma) ** 2)
    return w / w.sum()


def _pair(value: Any, name: str) -> tuple[float, float]:
    try:
        mu, sigma = value
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (mu, sigma); got {value!r}") from None
    mu, sigma = _number(mu, f"{name} mu"), _number(sigma, f"{name} sigma")
    if sigma <= 0:
        raise ValueError(f"{name} sigma must be > 0; got {sigma!r}")
    return mu, sigma


def gaussian_fit(
    x: Sequence[float],
    mixture: Sequence[tuple[float, float, float]],
    *,
    forward: tuple[float, float],
    reverse: tuple[float, float],
    target: Sequence[float] | None = None,
    mu: float = 0.0,
    sigma: float = 1.0,
    mus: tuple[float, float, float] = (-3.0, 3.0, 0.05),
    sigmas: tuple[float, float, float] = (0.3, 3.5, 0.05),
    base: Base = "bits",
) -> Explorable:
    r"""Fit one Gaussian to a mixture by hand, with both KL divergences live.

    The target :math:`p` is a mixture of Gaussians, and the candidate :math:`q`
    a Gaussian of mean ``mu`` and standard deviation ``sigma``, each discretised
    on the evenly spaced grid ``x`` into a probability vector (density values
    divided by their sum). Shown: :math:`D(p \,\|\, q)` (forward)
    and :math:`D(q \,\|\, p)` (reverse), with the optima of both,
    found by the caller, drawn for comparison.

    Parameters
    ----------
    x : array_like
        The grid, evenly spaced, increasing, at least 3 points.
    mixture : list of tuple
        The target's components, (weight, mean, standard deviation) each; weights sum to 1.
    forward, reverse : tuple
        ``(mu, sigma)`` of the Gaussians minimising the forward and the reverse divergence.
    target : array_like, optional
        The caller's own discretised target; if given, it must equal the
        mixture discretised on ``x`` (to 1e-12), so both show the same ``p``.
    mu, sigma : float
        Starting mean and standard deviation (default 0 and 1).
    mus, sigmas : tuple
        ``(low, high, step)`` of the two sliders (default -3 to 3 and 0.3 to 3.5, steps of 0.05).
    base : float or str, default "bits"
        Unit of the divergences.

    Returns
    -------
    infolib.explorables.Explorable

    Raises
    ------
    ValueError
        If the grid is not evenly spaced, the mixture is not a distribution, or a
        value is out of range.

    Examples
    --------
    >>> import numpy as np
    >>> e = gaussian_fit(np.linspace(-5, 5, 101), [(1.0, 0.0, 1.0)], forward=(0, 1), reverse=(0, 1))
    >>> e.values["F"], e.values["R"]
    (0.0, 0.0)
    """
    target_given = target
    grid = np.asarray(x, dtype=float)
    if grid.ndim != 1 or grid.size < 3 or not np.all(np.isfinite(grid)):
        raise ValueError(f"x must be a 1-D grid of at least 3 finite numbers; got shape {grid.shape}")
    steps = np.diff(grid)
    if steps.min() <= 0 or not np.allclose(steps, steps[0], rtol=1e-9, atol=0):
        raise ValueError("x must be evenly spaced and increasing")
    parts = []
    for i, comp in enumerate(mixture):
        try:
            weight, m, s = comp
        except (TypeError, ValueError):
            raise ValueError(f"mixture[{i}] must be (weight, mean, standard deviation); got {comp!r}") from None
        weight, m, s = _number(weight, f"mixture[{i}] weight"), _number(m, f"mixture[{i}] mean"), _number(s, f"mixture[{i}] sd")
        if weight < 0 or s <= 0:
            raise ValueError(f"mixture[{i}] needs a weight >= 0 and a standard deviation > 0; got {comp!r}")
        parts.append((weight, m, s))
    if not parts or abs(sum(w for w, _, _ in parts) - 1) > 1e-9:
        raise ValueError(f"the mixture weights must sum to 1; got {sum(w for w, _, _ in parts)!r}")
    fwd, rev = _pair(forward, "forward"), _pair(reverse, "reverse")
    target = sum(w * _grid_normal(grid, m, s) for w, m, s in parts)
    if target_given is not None:
        given = np.asarray(target_given, dtype=float)
        if given.shape != target.shape or not np.allclose(given, target, rtol=0, atol=1e-12):
            raise ValueError("target is not the mixture discretised on x (the grid or the mixture differs)")
    unit = _unit_name(base)
    controls = [Control("mu", "mean μ of q", *map(float, mus), _number(mu, "mu")),
                Control("sigma", "standard deviation σ of q", *map(float, sigmas), _number(sigma, "sigma"))]
    q = _grid_normal(grid, controls[0].value, controls[1].value)
    values: dict[str, float | str] = {
        "F": kl_divergence(target, q, base=base),
        "R": kl_divergence(q, target, base=base),
        "Fopt": kl_divergence(target, _grid_normal(grid, *fwd), base=base),
        "Ropt": kl_divergence(_grid_normal(grid, *rev), target, base=base),
    }
    optima = (f"forward optimum μ = {fwd[0]:.2f}, σ = {fwd[1]:.2f} (D(p || q) = {_fmt(values['Fopt'])} {unit}); "
              f"reverse optimum μ = {rev[0]:.2f}, σ = {rev[1]:.2f} (D(q || p) = {_fmt(values['Ropt'])} {unit})")
    return Explorable(
        "gaussfit",
        "Move the Gaussian q and watch both divergences from the two-peaked target p",
        "The two-peaked target density p, shaded, with the chosen Gaussian q and, dashed, the forward and reverse optima.",
        controls,
        {"grid": [float(grid[0]), float(grid[-1]), int(grid.size)], "mix": [list(c) for c in parts],
         "fwd": list(fwd), "rev": list(rev), "lnb": log_of_base(base)},
        [("forward D(p || q) = ", "F"), (f" {unit}; reverse D(q || p) = ", "R"), (f" {unit}. " + optima, "")],
        values,
        [(f"forward D(p || q), {unit}", "F"), (f"reverse D(q || p), {unit}", "R"),
         (f"forward optimum (μ = {fwd[0]:.2f}, σ = {fwd[1]:.2f}): D(p || q), {unit}", "Fopt"),
         (f"reverse optimum (μ = {rev[0]:.2f}, σ = {rev[1]:.2f}): D(q || p), {unit}", "Ropt")],
    )


# --------------------------------------------------------------------------- later chapters

def mutual_information_2x2(
    weights: Sequence[Sequence[float]] = ((4, 1), (1, 4)), *, max_weight: int = 8, base: Base = "bits"
) -> Explorable:
    r"""Mutual information of two binary variables from a 2 x 2 table of weights.

    A 2 x 2 table of cells, one per pair of values of :math:`X` (rows) and
    :math:`Y` (columns), each with a slider for its weight and its
    probability (the weight over the sum of the weights).
    Shown: :math:`H(X)`, :math:`H(Y)`, :math:`H(X, Y)` and
    :math:`I(X; Y) = H(X) + H(Y) - H(X, Y)`, drawn as a bar split into
    :math:`H(X \mid Y)`, :math:`I(X; Y)` and :math:`H(Y \mid X)`.

    Parameters
    ----------
    weights : array_like
        A 2 x 2 table of starting weights (default 4, 1 over 1, 4), whole numbers from 0 to ``max_weight``, not all 0.
    max_weight : int, default 8
    base : float or str, default "bits"

    Returns
    -------
    infolib.explorables.Explorable

    Raises
    ------
    ValueError
        If the table is not 2 x 2 or a weight is out of range.

    Examples
    --------
    >>> mutual_information_2x2([[1, 0], [0, 1]]).values["I"]
    1.0
    """
    if np.shape(weights) != (2, 2):
        raise ValueError(f"weights must be a 2 x 2 table; got shape {np.shape(weights)}")
    w = _weights(weights, "weights", int(max_weight)).reshape(2, 2)
    joint = w / w.sum()
    unit = _unit_name(base)
    hx, hy, hxy = entropy(joint.sum(axis=1), base=base), entropy(joint.sum(axis=0), base=base), entropy(joint.ravel(), base=base)
    values: dict[str, float | str] = {"HX": hx, "HY": hy, "HXY": hxy, "I": max(0.0, hx + hy - hxy)}
    values.update({f"c{i}{j}": float(joint[i, j]) for i in range(2) for j in range(2)})
    controls = [Control(f"w{i}{j}", f"weight of X = {i}, Y = {j}", 0, max_weight, 1, w[i, j]) for i in range(2) for j in range(2)]
    return Explorable(
        "mi2x2",
        "Reshape the joint distribution of X and Y and watch what one tells about the other",
        "A bar of length H(X, Y) split into H(X | Y), I(X; Y) and H(Y | X), above bars for H(X) and H(Y), "
        "H(Y) starting where I(X; Y) starts.",
        controls,
        {"lnb": log_of_base(base), "unit": unit},
        [("H(X) = ", "HX"), (f" {unit}; H(Y) = ", "HY"), (f" {unit}; H(X, Y) = ", "HXY"), (f" {unit}; I(X; Y) = ", "I"), (f" {unit}", "")],
        values,
        [(f"p(X = {i}, Y = {j})", f"c{i}{j}") for i in range(2) for j in range(2)]
        + [(f"H(X), {unit}", "HX"), (f"H(Y), {unit}", "HY"), (f"H(X, Y), {unit}", "HXY"), (f"I(X; Y), {unit}", "I")],
        grid=("X", "Y"),
    )


def binary_symmetric_channel(flip: float = 0.1, p_one: float = 0.5) -> Explorable:
    r"""A binary symmetric channel: the information per use and the capacity, in bits.

    The channel flips each bit with the crossover probability :math:`f`
    (``flip``); the input is 1 with probability ``p_one``. Shown:
    :math:`I(X; Y) = H_{\mathrm{b}}(P(Y = 1)) - H_{\mathrm{b}}(f)` and the
    capacity :math:`C = 1 - H_{\mathrm{b}}(f)`, with :math:`H_{\mathrm{b}}`
    the binary entropy, and the curve of :math:`I(X; Y)` over all input
    probabilities.

    Parameters
    ----------
    flip : float, default 0.1
        Starting crossover probability f, from 0 to 0.5.
    p_one : float, default 0.5
        Starting input probability of a 1, from 0 to 1.

    Returns
    -------
    infolib.explorables.Explorable

    Raises
    ------
    ValueError
        If a probability is out of its range.

    Examples
    --------
    >>> binary_symmetric_channel(0.0).values["C"]
    1.0
    """
    f, a = _number(flip, "flip"), _number(p_one, "p_one")
    controls = [Control("f", "crossover probability f", 0.0, 0.5, 0.01, f), Control("a", "input probability P(X = 1)", 0.0, 1.0, 0.01, a)]
    out_one = a * (1 - f) + (1 - a) * f
    values = {"I": max(0.0, binary_entropy(out_one) - binary_entropy(f)), "C": 1 - binary_entropy(f)}
    return Explorable(
        "bsc",
        "Move the noise and the input distribution of a binary symmetric channel",
        "The information per channel use against the input probability, with a point at the chosen input and a dashed line at the capacity.",
        controls,
        {},
        [("I(X; Y) = ", "I"), (" bits per use; capacity C = 1 - H_b(f) = ", "C"), (" bits per use", "")],
        values,
        [("I(X; Y), bits per use", "I"), ("capacity C, bits per use", "C")],
    )


def vae_collapse(variance: float = 6.4, beta: float = 1.0, noise_var: float = 0.25) -> Explorable:
    r"""One code coordinate of a linear VAE at its optimum: the nats it carries, and its collapse.

    The data vary with variance :math:`\lambda` (``variance``) along the
    coordinate's direction; the decoder is linear with Gaussian noise of
    variance :math:`\sigma^2` (``noise_var``), the prior is
    :math:`\mathcal{N}(0, 1)` and the KL term is weighted by :math:`\beta`.
    At the optimum of this beta-ELBO (Lucas et al. 2019) the coordinate's KL
    term is :math:`\frac12 \ln \frac{\lambda}{\beta \sigma^2}` nats and
    the decoder's weight on it :math:`\sqrt{\lambda - \beta \sigma^2}`,
    while :math:`\beta \sigma^2 < \lambda`; from :math:`\beta = \lambda /
    \sigma^2` on, both are 0: the coordinate has collapsed onto the prior.

    Parameters
    ----------
    variance : float, default 6.4
        The data's variance :math:`\lambda` along the coordinate, 0.5 to 10.
    beta : float, default 1.0
        The weight of the KL term, 0.1 to 30.
    noise_var : float, default 0.25
        The decoder's noise variance :math:`\sigma^2`, 0.1 to 2.

    Returns
    -------
    infolib.explorables.Explorable

    Raises
    ------
    ValueError
        If a value is not a finite number or is out of its range.

    Examples
    --------
    >>> v = vae_collapse(variance=4.0, beta=1.0, noise_var=1.0).values
    >>> round(v["KL"], 4), v["w"], v["thr"]
    (0.6931, 1.7320508075688772, 4.0)
    >>> vae_collapse(variance=4.0, beta=5.0, noise_var=1.0).values["KL"]
    0.0
    """
    controls = [Control("lam", "data variance \u03bb along the coordinate", 0.5, 10.0, 0.1, _number(variance, "variance")),
                Control("beta", "weight \u03b2 of the KL term", 0.1, 30.0, 0.1, _number(beta, "beta")),
                Control("s2", "decoder noise variance \u03c3\u00b2", 0.1, 2.0, 0.05, _number(noise_var, "noise_var"))]
    lam, b, s2 = (c.value for c in controls)
    return Explorable(
        "collapse",
        "Move the data's variance, the weight of the KL term and the decoder's noise",
        "The KL term of one code coordinate, in nats, against the weight beta: a falling curve that reaches 0 "
        "at the collapse threshold, with a point at the chosen beta.",
        controls,
        {},
        [("KL term = ", "KL"), (" nats; decoder weight w = ", "w"), ("; the coordinate collapses from \u03b2 = \u03bb / \u03c3\u00b2 = ", "thr"), ("", "")],
        {"KL": max(0.0, 0.5 * math.log(lam / (b * s2))), "w": math.sqrt(max(0.0, lam - b * s2)), "thr": lam / s2},
        [("KL term of the coordinate, nats", "KL"), ("decoder weight w", "w"), ("collapse threshold \u03bb / \u03c3\u00b2", "thr")],
        note="Past the threshold the code carries nothing about the data and the decoder ignores it.",
    )


def gaussian_kl(
    mu_p: float = 0.0, sigma_p: float = 1.0, mu_q: float = 1.0, sigma_q: float = 1.5, *, base: Base = "bits"
) -> Explorable:
    r"""KL divergence between two Gaussians, in closed form.

    .. math::

        D_{\mathrm{KL}}(p \,\|\, q) = \ln\frac{\sigma_q}{\sigma_p}
            + \frac{\sigma_p^2 + (\mu_p - \mu_q)^2}{2 \sigma_q^2} - \frac12 \text{ nats}.

    Parameters
    ----------
    mu_p, sigma_p, mu_q, sigma_q : float
        Starting means (-3 to 3) and standard deviations (0.3 to 3).
    base : float or str, default "bits"

    Returns
    -------
    infolib.explorables.Explorable

    Raises
    ------
    ValueError
        If a value is out of its range.

    Examples
    --------
    >>> gaussian_kl(0.0, 1.0, 0.0, 1.0).values["D"]
    0.0
    """
    controls = [Control("m1", "mean of f", -3.0, 3.0, 0.1, _number(mu_p, "mu_p")),
                Control("s1", "standard deviation of f", 0.3, 3.0, 0.1, _number(sigma_p, "sigma_p")),
                Control("m2", "mean of g", -3.0, 3.0, 0.1, _number(mu_q, "mu_q")),
                Control("s2", "standard deviation of g", 0.3, 3.0, 0.1, _number(sigma_q, "sigma_q"))]
    m1, s1, m2, s2 = (c.value for c in controls)
    nats = math.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5
    unit = _unit_name(base)
    return Explorable(
        "gausskl",
        "Move two Gaussians and watch the divergence of f from g",
        "Two bell curves, f solid blue and g dashed vermillion.",
        controls,
        {"lnb": log_of_base(base)},
        [("D(f || g) = ", "D"), (f" {unit}", "")],
        {"D": max(0.0, convert(nats, "nats", base))},
        [(f"D(f || g), {unit}", "D")],
    )
