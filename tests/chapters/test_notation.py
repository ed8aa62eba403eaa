"""The course's notation (notation.md) holds in every chapter, the glossary and infolib's docstrings.

Each test looks for one clash the notation page rules out: a cross-entropy that reads as a
joint entropy, a binary entropy that reads as a differential entropy, independence of
outcomes, and, in the chapters on channels, a crossover probability, an erasure
probability, an input distribution or a constant written with another quantity's symbol.
The chapters' markdown and the string literals of their code (legends, table headers,
printed labels) are read; code itself is not (a variable ``p`` is not notation).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from chapter_text import CHAPTERS, load

ROOT = CHAPTERS.parent
INFOLIB = ROOT / "infolib"

CHAPTER_NAMES = sorted(p.stem for p in CHAPTERS.glob("[0-9][0-9]_*.ipynb"))
CHECKED = CHAPTER_NAMES
CHANNEL_CHAPTERS = [n for n in CHECKED if n[:2] in {"06", "07", "08"}]
# Lowercase h is differential entropy: in chapters 8 and 10, and in infolib's continuous
# and variational modules, h(f), h(p) and h(q) of a density are the notation, not a binary entropy.
DIFFERENTIAL = {"08_continuous", "10_variational_contrastive", "continuous.py", "variational.py"}


def _string_literals(code: str) -> list[str]:
    """The string literals of a code cell (magics and shell lines are left out)."""
    lines = [ln for ln in code.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    out = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            if tok.type == tokenize.STRING:
                out.append(tok.string)
    except (tokenize.TokenError, SyntaxError):  # pragma: no cover - every chapter's code parses
        raise AssertionError(f"cannot tokenize a code cell:\n{code}")
    return out


def chapter_text(name: str) -> str:
    """A chapter's markdown, the string literals of its code and its figures' captions and alt texts."""
    pieces = []
    for cell in load(f"{name}.ipynb")["cells"]:
        source = "".join(cell["source"])
        pieces += [source] if cell["cell_type"] == "markdown" else _string_literals(source)
        mystnb = cell.get("metadata", {}).get("mystnb", {})
        pieces += [mystnb.get("figure", {}).get("caption", ""), mystnb.get("image", {}).get("alt", "")]
    return "\n".join(pieces)


def docstrings() -> dict[str, str]:
    """Every docstring of infolib, by module file name."""
    found = {}
    for path in sorted(INFOLIB.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = [tree] + [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
        found[path.name] = "\n".join(d for n in nodes if (d := ast.get_docstring(n)))
    return found


TEXTS = {name: chapter_text(name) for name in CHECKED}
TEXTS["glossary.md"] = (ROOT / "glossary.md").read_text(encoding="utf-8")
TEXTS.update(docstrings())
# the explorables' visible strings: table rows, SVG labels and aria-labels
TEXTS["explorables.py strings"] = "\n".join(_string_literals((INFOLIB / "explorables.py").read_text(encoding="utf-8")))
TEXTS["explorables.js"] = "\n".join(
    re.findall(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`[^`]*`', (INFOLIB / "explorables.js").read_text(encoding="utf-8"))
)

# H(p, q), H(q,p), H(\hat p, q), H(p_1, q) ...: H applied to two lowercase (distribution)
# arguments. Joint entropies have random variables, H(X, Y), and the cross-entropy is
# written H_ce(p, q), which this pattern does not match.
_LOWER_ARG = r"(?:\\hat\s*\{?[a-z]\}?|[a-z])(?:_\{?[\w\\]+\}?)?"
CROSS_ENTROPY_AS_JOINT = re.compile(rf"(?<![\w\\])H\(\s*{_LOWER_ARG}\s*,\s*{_LOWER_ARG}\s*\)")
# h(p), h(f), h(0.1), h(1 - p), h\big(a(1 - p)\big): lowercase h applied to a probability
# (a lowercase letter standing alone, a number or a product), not to a random variable h(X).
LOWERCASE_H = re.compile(
    r"(?<![\w\\.])h(?:\\[bB]igl?)?\(\s*(?:[a-z]\s*(?=[),(+-])|\d|\\(?:epsilon|alpha|theta|delta)\b)"
)
INDEPENDENT_OUTCOMES = re.compile(r"independent\s+outcomes", re.IGNORECASE)

CHANNEL_CLASHES = {
    "a crossover (flip) probability written p": re.compile(
        r"(?:crossover|flip|flipping)\s+probabilit(?:y|ies)\s+\$p|(?:flipped|flips\s+each\s+bit)\s+with\s+probability\s+\$p\$"
        r"|symmetric,?\s+p\s*=|symmetric\s+channel\s+with\s+p\s*=|Z\s+channel,?\s+(?:with\s+)?p\s*=|\bp\s+or\s+e\b"
    ),
    "an erasure probability written e": re.compile(
        r"erasure\s+probability\s+\$e\$|\$C\s*=\s*1\s*-\s*e\$|erasure,?\s+e\s*=|erasure\s+channel\s+with\s+e\s*="
        r"|(?:lost|erased)\s+with\s+probability\s+\$e\$"
    ),
    "an input distribution written p under the max": re.compile(r"\\max_\{?p\}?\s*I\(X;"),
    "a constant called C": re.compile(r"constant\s+\$C\$|\$C\s*=\s*p\(x\)"),
}


def _hits(pattern: re.Pattern, text: str) -> list[str]:
    return [text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ") for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_cross_entropy_is_never_written_like_a_joint_entropy(name):
    assert _hits(CROSS_ENTROPY_AS_JOINT, TEXTS[name]) == [], "write the cross-entropy H_ce(p, q) (notation.md)"


@pytest.mark.parametrize("name", sorted(n for n in TEXTS if n not in DIFFERENTIAL))
def test_lowercase_h_is_kept_for_differential_entropy(name):
    assert _hits(LOWERCASE_H, TEXTS[name]) == [], "write the binary entropy H_b(p); h is differential entropy (notation.md)"


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_independence_is_said_of_events_not_outcomes(name):
    assert _hits(INDEPENDENT_OUTCOMES, TEXTS[name]) == []


@pytest.mark.parametrize("clash", sorted(CHANNEL_CLASHES))
@pytest.mark.parametrize("name", CHANNEL_CHAPTERS + ["glossary.md"])
def test_channel_symbols_are_not_shared(name, clash):
    assert _hits(CHANNEL_CLASHES[clash], TEXTS[name]) == [], clash


def test_every_clash_pattern_catches_what_it_is_for():
    # the patterns themselves: each finds the clash it names, and spares the notation
    assert CROSS_ENTROPY_AS_JOINT.search("so $H(p, q) \\ge H(p)$") and CROSS_ENTROPY_AS_JOINT.search("H(q,p)")
    assert CROSS_ENTROPY_AS_JOINT.search(r"H(\hat p, q)")
    assert not CROSS_ENTROPY_AS_JOINT.search(r"$H_{\mathrm{ce}}(p, q)$ and $H(X, Y)$ and $H(p)$")
    assert LOWERCASE_H.search("$1 - h(f)$") and LOWERCASE_H.search(r"h\big(a(1 - p)\big)")
    assert LOWERCASE_H.search("h(0.1)") and LOWERCASE_H.search("$h(1 - p)$")
    assert not LOWERCASE_H.search(r"$H_{\mathrm{b}}(f)$, np.exp(x), width(3), \sinh(x), $h(X)$, $h(aX)$")
    assert INDEPENDENT_OUTCOMES.search("two Independent\noutcomes")
    clashes = CHANNEL_CLASHES
    assert clashes["a crossover (flip) probability written p"].search("with crossover probability $p$")
    assert not clashes["a crossover (flip) probability written p"].search("with crossover probability $f$")
    assert clashes["an erasure probability written e"].search("erasure probability $e$ has capacity $C = 1 - e$")
    assert not clashes["an erasure probability written e"].search(r"capacity $C = 1 - \alpha$ and $e^{D_x}$")
    assert clashes["an erasure probability written e"].search("The binary erasure channel with e = 0.25 is highest")
    assert clashes["a crossover (flip) probability written p"].search("The binary symmetric channel with p = 0.1 peaks")
    assert clashes["a crossover (flip) probability written p"].search("The Z channel with p = 0.5 is lopsided")
    assert clashes["an input distribution written p under the max"].search(r"C = \max_{p} I(X; Y)")
    assert not clashes["an input distribution written p under the max"].search(r"C = \max_{p_X} I(X; Y)")


def test_notation_page_is_in_the_reference_part():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    reference = toc[toc.index("caption: Reference") :]
    assert "file: notation" in reference
    page = (ROOT / "notation.md").read_text(encoding="utf-8")
    for symbol in [r"H_{\mathrm{ce}}(p, q)", r"H_{\mathrm{b}}(p)", r"\operatorname{pmi}(x; y)", r"$\alpha$", r"$p_X$"]:
        assert symbol in page


def test_notation_page_defines_the_list_notation_for_the_entropy_of_given_probabilities():
    # chapter 3's grouping rule writes H(P_1, ..., P_k) for the entropy of a list of probabilities
    page = (ROOT / "notation.md").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith(r"| $H(P_1, \dots, P_k)$ |"))
    assert "probabilities are listed" in row and "chapters/03_entropy" in row
    assert r"H(P_1, \dots, P_k)" in TEXTS["03_entropy"]
    # the list notation with two lowercase arguments would read as a cross-entropy; the page's example does not
    assert not CROSS_ENTROPY_AS_JOINT.search(row)


def test_joint_entropy_is_introduced_where_chapter_3_first_uses_it():
    # chapter 3's lemma on independent variables uses H(X, Y); the page names that chapter, which defines it
    page = (ROOT / "notation.md").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith(r"| $H(X, Y)$ |"))
    assert "chapters/03_entropy" in row and "the entropy of the pair" in row
    chapter = TEXTS["03_entropy"]
    definition = chapter.index(r"write $H(X, Y)$ for the entropy of")
    assert definition < chapter.index(r"H(X, Y) = H(X) + H(Y)")
    assert chapter.index("H(X, Y)") == definition + len("write $")


def test_glossary_states_what_entropy_and_cross_entropy_bound():
    glossary = TEXTS["glossary.md"]
    # slip 2: the one-to-one code A -> 0, B -> 1, C -> 00, D -> 01 averages 1.25 < 1.75 bits
    assert "every uniquely decodable code" in " ".join(glossary.split())
    # slip 1: the cross-entropy is the cost of the ideal lengths -log q(x), not of every code for q
    entry = glossary[glossary.index("\ncross-entropy\n") :]
    entry = " ".join(entry[: entry.index("\n\n")].split())
    assert "with the ideal code lengths $-\\log q(x)$ of $q$" in entry
    assert "can lie above or below it" in entry


def test_explorable_strings_are_read_by_the_notation_checks():
    # chapter 4's coin explorable labels its bar, table row and aria-label with H_ce(p, q)
    assert "H_ce(p, q)" in TEXTS["explorables.py strings"] and "H_ce(p, q)" in TEXTS["explorables.js"]
    assert CROSS_ENTROPY_AS_JOINT.search('ax.set_title("H(p, q)")')
