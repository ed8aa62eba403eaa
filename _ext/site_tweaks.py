"""Make the Jupyter Book 1 website light, self-contained and error-free.

What the default sphinx-book-theme site does, and what this extension does
about it (after the build, on the written pages and static files; pages are
read with lxml's HTML parser and style sheets with tinycss2):

* The theme loads ``fontawesome.js`` (1.5 MB) on every page to draw a dozen
  icons. The icons the pages use are written as CSS masks (their SVG paths,
  taken from that same file) into ``_static/icons.css``; the script tag goes,
  and so does the file. The theme's CSS also draws a few icons with the
  Font Awesome web fonts (156 kB for one): those are cut to the glyphs it
  uses, and embedded in ``icons.css`` (a few kB), so that they load from a
  page opened as a file too.
* sphinx-thebe's configuration script is added twice, so every page logs
  "Identifier 'THEBE_JS_URL' has already been declared". The course has no
  live-code button, so the thebe scripts are dropped; any other script added
  twice is added once.
* The theme's style sheets are cut down to the rules whose classes occur in
  the built pages or in the scripts the site ships (a quarter of the bytes).
* Figures are served as lossless WebP (about half the bytes of the PNG),
  with their width and height, so nothing shifts while they load.
* Markup that axe-core or the Nu validator reject is fixed (the functions
  listed in ``PAGE_FIXES``), and each page gets a ``<meta name="description">``
  from its first paragraph.
* On a phone, wide tables show row by row and long lines of code wrap under
  their indentation; lines never break inside a name or a number, between a
  string's last word and its closing quote, or between an inline formula and
  the punctuation after it (the phone functions of ``PAGE_FIXES``, each with
  its own comment).
* Explorables (``infolib.explorables``) carry their script and style sheet
  inline, so that a notebook output works on its own in Jupyter. On the
  website those inline copies go, and a page with explorables loads
  ``_static/explorables-<kinds>.js`` (deferred; only the drawings its
  explorables need) and ``explorables.css`` once; other pages load neither.

Each change to a page is one function over the parsed page that returns how
many elements it changed. What it looks for is the theme's markup, so when
a new theme version stops writing it the build stops with
``ThemeMarkupChanged``, naming the function, what it missed and the theme
versions (``tests/site/test_site_tweaks.py`` pins each function).

Math is not handled here: ``math_prerender.py`` typesets it while the book
is built, so no page loads MathJax or asks another host for anything.
``tests/site`` checks all of this in a browser.
"""

from __future__ import annotations

import base64
import html
import importlib.util
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
import tinycss2
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)


def theme_versions() -> str:
    """The installed theme versions, for error messages."""
    import pydata_sphinx_theme
    import sphinx_book_theme

    return (
        f"sphinx-book-theme {sphinx_book_theme.__version__}, "
        f"pydata-sphinx-theme {pydata_sphinx_theme.__version__}"
    )


class ThemeMarkupChanged(ExtensionError):
    """What a transformation expects is not in the theme's output."""

    def __init__(self, transform: str, missing: str, where: str = "") -> None:
        place = f" in {where}" if where else ""
        super().__init__(
            f"site_tweaks.{transform}: found no {missing}{place} ({theme_versions()}). "
            "The theme's output changed: update _ext/site_tweaks.py and "
            "tests/site/test_site_tweaks.py for this theme version."
        )
        self.transform = transform


# ---------------------------------------------------------------------------
# Font Awesome: the icons the pages use, as CSS masks
# ---------------------------------------------------------------------------

# The class names that select the three free Font Awesome packs.
_CLASS_PACK = {
    "fa-brands": "fab",
    "fab": "fab",
    "fa-regular": "far",
    "far": "far",
    "fa-solid": "fas",
    "fas": "fas",
    "fa": "fas",
}
# fontawesome.js is minified JavaScript (no HTML or CSS parser applies): its
# icon packs are read with these two patterns, and fontawesome_icons() fails
# loudly when they find nothing.
_ICON_ENTRY = re.compile(
    r'(?:"([^"]+)"|([A-Za-z0-9_$-]+)):\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]*","(M[^"]*)"\]'
)
_PACK_END = re.compile(r'd\("(fab|far|fas)",p\)')
_THEBE_BODY = "THEBE_JS_URL"
# Size and layout modifiers, not icons.
_FA_MODIFIER = re.compile(r"fa-(xs|sm|lg|xl|2xs|2xl|\d+x|fw|spin|pulse|border|inverse|pull-\w+|rotate-\d+|flip-\w+|stack(-\dx)?)$")


def fontawesome_icons(js: str) -> dict[str, dict[str, tuple[int, int, str]]]:
    """Parse the icon packs of the theme's fontawesome.js.

    Returns ``{prefix: {name: (width, height, svg_path)}}`` for the prefixes
    ``fab``, ``far`` and ``fas``, aliases included.
    """
    packs: dict[str, dict[str, tuple[int, int, str]]] = {}
    start = 0
    for end in _PACK_END.finditer(js):
        prefix = end.group(1)
        chunk = js[start : end.start()]
        begin = chunk.rfind("var p={")
        icons: dict[str, tuple[int, int, str]] = {}
        for m in _ICON_ENTRY.finditer(chunk, begin if begin >= 0 else 0):
            name = m.group(1) or m.group(2)
            entry = (int(m.group(3)), int(m.group(4)), m.group(6))
            icons[name] = entry
            for alias in re.findall(r'"([^"]+)"', m.group(5)):
                icons.setdefault(alias, entry)
        packs.setdefault(prefix, {}).update(icons)
        start = end.end()
    if not packs.get("fas"):
        raise ThemeMarkupChanged("fontawesome_icons", "solid icon pack", "_static/scripts/fontawesome.js")
    return packs


def _classes(el) -> list[str]:
    return (el.get("class") or "").split()


def icons_used(doc) -> set[tuple[str, str]]:
    """The (prefix, icon name) pairs that the class attributes of a page ask for."""
    used = set()
    for el in doc.iter():
        tokens = _classes(el) if isinstance(el.tag, str) else []
        icon_names = [
            t[3:] for t in tokens
            if t.startswith("fa-") and t not in _CLASS_PACK and not _FA_MODIFIER.match(t)
        ]
        prefixes = [_CLASS_PACK[t] for t in tokens if t in _CLASS_PACK]
        if not prefixes or not icon_names:
            continue
        for name in icon_names:
            used.add((prefixes[0], name))
    return used


def icon_css(used: set[tuple[str, str]], packs: dict) -> tuple[str, list[str]]:
    """CSS that draws each used icon as a mask filled with the text colour."""
    rules = [
        "/* Font Awesome Free icons used by this site (CC BY 4.0, https://fontawesome.com/license/free),",
        "   drawn as CSS masks so that fontawesome.js (1.5 MB) need not load. */",
        ".fa-solid,.fa-regular,.fa-brands,.fas,.far,.fab{display:inline-block;width:1.25em;height:1em;"
        "vertical-align:-0.125em;background-color:currentColor;"
        "-webkit-mask:var(--fa-icon) center/contain no-repeat;mask:var(--fa-icon) center/contain no-repeat;"
        "font-style:normal}",
        ".fa-solid::before,.fa-regular::before,.fa-brands::before,.fas::before,.far::before,.fab::before{content:none}",
    ]
    missing = []
    for prefix, name in sorted(used):
        icon = packs.get(prefix, {}).get(name) or packs.get("fas", {}).get(name)
        if icon is None:
            missing.append(f"{prefix} fa-{name}")
            continue
        width, height, path = icon
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
        url = "url(\"data:image/svg+xml," + svg.replace("#", "%23").replace('"', "'") + "\")"
        pack_classes = [c for c, p in _CLASS_PACK.items() if p == prefix and c != "fa"]
        selector = ",".join(f".{c}.fa-{name}" for c in pack_classes)
        rules.append(f"{selector}{{--fa-icon:{url}}}")
    return "\n".join(rules) + "\n", missing


# ---------------------------------------------------------------------------
# Style sheets (tinycss2)
# ---------------------------------------------------------------------------

def _rules(css: str | list) -> list:
    """The top-level rules of a style sheet (or of an at-rule's block)."""
    if isinstance(css, str):
        return tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=True)
    return tinycss2.parse_rule_list(css, skip_comments=False, skip_whitespace=True)


def _selectors(prelude: list) -> list[list]:
    """A selector list's selectors (its top-level commas split it; those
    inside ``:is(...)`` are inside a function token and do not)."""
    parts: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        elif token.type != "comment":
            parts[-1].append(token)
    return parts


def required_names(selector: list) -> set[str]:
    """The classes and ids that must all be present for a selector to match.

    Only top-level tokens count: attribute selectors (``[...]``) and
    functional pseudo-classes (``:not(.x)`` matches when ``.x`` is absent)
    are blocks of their own, and are left out.
    """
    names = set()
    for before, token in zip([None, *selector], selector):
        if token.type == "hash" and token.is_identifier:
            names.add(token.value)
        elif token.type == "ident" and before is not None and before.type == "literal" and before.value == ".":
            names.add(token.value)
    return names


_GROUPING_RULES = {"media", "supports", "layer", "container"}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _serialize(tokens: list) -> str:
    """CSS text of the tokens, non-ASCII characters written as CSS escapes
    (tinycss2 decodes ``"\\f00c"`` to the character; the file stays ASCII)."""
    return _NON_ASCII.sub(lambda m: "\\%x " % ord(m.group()), tinycss2.serialize(tokens))


def purge_css(css: str | list, known: set[str], drop_icon_fonts: bool = True) -> str:
    """Keep the rules whose selectors could match: every class and id they
    name occurs in a page's markup or in a script the site ships."""
    out = []
    for rule in _rules(css):
        if rule.type == "comment":
            if rule.value.startswith("!"):  # licence notices stay
                out.append(f"/*{rule.value}*/")
        elif rule.type == "at-rule":
            keyword = rule.lower_at_keyword
            if rule.content is None:
                out.append(_serialize([rule]))
            elif keyword in _GROUPING_RULES:
                inner = purge_css(rule.content, known, drop_icon_fonts)
                if inner:
                    out.append(f"@{rule.at_keyword}{_serialize(rule.prelude).rstrip()}{{{inner}}}")
            elif drop_icon_fonts and keyword == "font-face" and "vendor/fontawesome" in tinycss2.serialize(rule.content):
                continue  # icons.css declares cut-down icon fonts instead
            else:
                out.append(_serialize([rule]))
        elif rule.type == "qualified-rule":
            kept = [
                _serialize(sel).strip() for sel in _selectors(rule.prelude)
                if required_names(sel) <= known
            ]
            if kept:
                out.append(",".join(kept) + "{" + _serialize(rule.content) + "}")
        elif rule.type == "error":
            raise ValueError(f"purge_css: the style sheet does not parse: {rule.message}")
    return "".join(out)


def private_use_glyphs(css: str | list) -> set[int]:
    """Private-use characters (icon-font glyphs) that the style sheet's
    declarations use, outside the ``.fa-<icon>`` rules (icons.css draws those)."""
    used: set[int] = set()
    for rule in _rules(css):
        if rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in _GROUPING_RULES:
            used |= private_use_glyphs(rule.content)
        elif rule.type == "qualified-rule" and "fa-" not in tinycss2.serialize(rule.prelude):
            for decl in tinycss2.parse_blocks_contents(rule.content):
                if decl.type != "declaration":
                    continue
                for token in decl.value:
                    if token.type == "string":
                        used |= {ord(c) for c in token.value if 0xE000 <= ord(c) <= 0xF8FF}
    return used


_FONTS = {  # file stem in the theme -> (CSS family, weight)
    "fa-solid-900": ("Font Awesome 6 Free", 900),
    "fa-regular-400": ("Font Awesome 6 Free", 400),
    "fa-brands-400": ("Font Awesome 6 Brands", 400),
}


def _subset_icon_fonts(static: Path, webfonts: Path) -> str | None:
    """Cut the theme's icon fonts down to the glyphs its style sheets use.

    The theme's CSS draws a few icons (admonition titles, breadcrumbs,
    external links) with the Font Awesome web fonts (156 kB for the solid
    one). The glyphs those style sheets name (private-use characters) are
    kept in small WOFF fonts, embedded as ``data:`` URLs in ``@font-face``
    rules that come after the theme's and replace them (a page opened as a
    file may load no font file: browsers treat that as a cross-origin load).
    """
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:  # fonttools comes with matplotlib; without it, keep the theme's fonts
        return None

    used: set[int] = set()
    for css_file in static.rglob("*.css"):
        used |= private_use_glyphs(css_file.read_text(encoding="utf-8", errors="replace"))
    rules = []
    for stem, (family, weight) in _FONTS.items():
        ttf = next(webfonts.rglob(stem + ".ttf"), None)
        if ttf is None:
            continue
        font = TTFont(ttf, recalcTimestamp=False)  # the same bytes on every build
        cmap = font.getBestCmap()
        codepoints = sorted(used & set(cmap))
        if not codepoints:
            continue
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = []
        options.name_IDs = []
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        font.flavor = "woff"
        import io

        buffer = io.BytesIO()
        font.save(buffer)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        rules.append(
            f'@font-face{{font-family:"{family}";font-style:normal;font-weight:{weight};'
            f'font-display:block;src:url(data:font/woff;base64,{data}) format("woff")}}'
        )
    return "\n".join(rules) + "\n"


# Style sheets cut down to the rules this site can use (see purge_css).
_PURGED_CSS = (
    "styles/pydata-sphinx-theme.css",
    "styles/sphinx-book-theme.css",
    "sphinx-design.min.css",
    "mystnb.*.css",
    "basic.css",
    "proof.css",
    "pygments.css",
)


# ---------------------------------------------------------------------------
# Pages (lxml): one function per change, returning how many elements it changed
# ---------------------------------------------------------------------------

def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def drop_fontawesome_script(doc) -> int:
    """The ``<script>`` that loads fontawesome.js goes (icons.css draws the icons)."""
    found = doc.xpath("//script[contains(@src, '_static/scripts/fontawesome.js')]")
    for el in found:
        el.drop_tree()
    return len(found)


def drop_empty_print_title(doc) -> int:
    """The theme's print header has an empty ``<h1>`` on pages with no title."""
    found = [h for h in doc.iter("h1") if not h.attrib and len(h) == 0 and not (h.text or "").strip()]
    for el in found:
        el.drop_tree()
    return len(found)


def drop_biblioentry_roles(doc) -> int:
    """docutils marks citations ``role="doc-biblioentry"`` (deprecated in ARIA
    1.3, and not allowed on a ``div``) inside ``role="list"``: both go."""
    found = doc.xpath("//*[@role='doc-biblioentry']")
    for el in found:
        del el.attrib["role"]
    for el in doc.xpath(f"//div[@role='list' and {_has_class('citation-list')}]"):
        del el.attrib["role"]
    return len(found)


def unlabel_search_buttons(doc) -> int:
    """The theme's search buttons are named "Search" but show "Search Ctrl+K":
    without the ``aria-label`` their name is the text they show."""
    found = doc.xpath(f"//button[{_has_class('search-button-field')} and @aria-label]")
    for el in found:
        del el.attrib["aria-label"]
    return len(found)


def label_sidebar_title(doc) -> int:
    """The sidebar's site title is outside any landmark: its section becomes
    a navigation landmark."""
    found = doc.xpath(
        f"//div[{_has_class('sidebar-primary-items__start')} and {_has_class('sidebar-primary__section')}]"
    )
    for el in found:
        el.set("role", "navigation")
        el.set("aria-label", "Course")
    return len(found)


def unlabel_folded_cells(doc) -> int:
    """myst-nb names the summary of a folded cell "Toggle hidden content", but
    it shows what it folds ("Show code cell source"): the name goes, the text stays."""
    found = doc.xpath("//summary[@aria-label='Toggle hidden content']")
    for el in found:
        del el.attrib["aria-label"]
    return len(found)


def summary_paragraphs_to_spans(doc) -> int:
    """myst-nb puts ``<p>`` in the ``<summary>`` of a folded cell, where HTML
    allows no ``<p>``: it becomes a ``<span>`` (custom.css keeps its look)."""
    found = doc.xpath(
        f"//summary/p[{_has_class('admonition-title')} and ({_has_class('collapsed')} or {_has_class('expanded')})]"
    )
    for el in found:
        el.tag = "span"
    return len(found)


_PROOF_LABEL = "Proof. "


def fold_proofs(doc) -> int:
    """Each proof is folded under its "Proof." label (a closed ``<details>``):
    the statement it proves stays in view and a reader opens the proof with one
    click or key. A closed proof's typeset math is neither styled nor laid out
    while the page loads: about a fifth of chapter 8's elements, which is most
    of what the browser does before a reader can scroll (Lighthouse's total
    blocking time). The PDF opens every proof (scripts/book_pdf.py), and a link
    to an element inside a proof opens it (tests/site/test_proofs.py)."""
    # sphinx-proof's statements are "proof theorem admonition" and the like; a
    # proof is "proof admonition" alone.
    found = [
        div for div in doc.xpath(f"//div[{_has_class('proof')} and {_has_class('admonition')}]")
        if set(_classes(div)) == {"proof", "admonition"}
    ]
    for div in found:
        first = div[0] if len(div) else None
        if first is None or first.tag != "p" or not (first.text or "").startswith(_PROOF_LABEL):
            raise ThemeMarkupChanged("fold_proofs", f"<p>{_PROOF_LABEL}... opening a proof", "a page")
        first.text = first.text[len(_PROOF_LABEL):]
        details = lxml.html.Element("details", dict(div.attrib))
        summary = lxml.html.Element("summary")
        summary.text = _PROOF_LABEL.strip()
        summary.tail = "\n"
        # "Proof of Theorem 8.3" when the statement it proves comes just before it,
        # so that a screen reader's list of controls tells the proofs apart.
        statement = div.getprevious()
        number = statement.xpath(
            f"./p[{_has_class('admonition-title')}]/span[{_has_class('caption-number')}]"
        ) if statement is not None and "proof" in _classes(statement) else []
        if number:
            summary.set("aria-label", f"Proof of {' '.join(number[0].text_content().split())}")
        details.append(summary)
        for child in list(div):
            details.append(child)
        details.tail = div.tail
        div.getparent().replace(div, details)
    return len(found)


def unlink_solution_titles(doc) -> int:
    """A folded solution's title, "Solution to Exercise 3.2", links to its
    exercise, which is on the same page just above it: on a phone most of the
    title is that link, so a tap jumped to the exercise instead of opening the
    solution. The words stay, without the link; the whole title opens it."""
    found = doc.xpath(
        f"//div[{_has_class('solution')} and {_has_class('dropdown')}]"
        f"/p[{_has_class('admonition-title')}]/a[starts-with(@href, '#')]"
    )
    for a in found:
        span = lxml.html.Element("span")
        span.text, span.tail = a.text, a.tail
        for child in list(a):
            span.append(child)
        a.getparent().replace(a, span)
    return len(found)


# Pygments wraps every name, punctuation mark and run of spaces of a code block
# in a span of its own (classes n, p and w), and the course's colour themes
# give those the code block's own text colour. Unwrapped, they look the same
# (custom.css has the block's text take that colour) at a third of the spans:
# about 5,700 elements and 130 kB fewer on chapter 9.
_PLAIN_TOKENS = ("n", "p", "w")


def unwrap_plain_code_tokens(doc) -> int:
    """Code blocks keep only the token spans that are coloured differently from their text."""
    found = doc.xpath(
        "//div[@class='highlight']/pre//span[" + " or ".join(f"@class='{c}'" for c in _PLAIN_TOKENS) + "]"
    )
    for span in found:
        span.drop_tag()
    return len(found)


# Phones: a table wider than the column at 390 px is shown row by row
# (custom.css), each cell labelled with its column's name. A column is as wide
# as its widest word or number at the tables' 12 px, estimated from the
# advance widths of DejaVu Sans (a wide sans-serif; a phone's is narrower):
# narrow letters and punctuation 0.35em, m and w 0.95em, capitals 0.72em,
# digits 0.64em, the rest 0.6em; a header's bold 10% wider. Each column adds
# 0.6rem of padding and 2 px of spacing; the column of text is 358 px wide.
PHONE_COLUMN_PX = 340
_TABLE_FONT_PX = 12
_CELL_PAD_PX = 11.6
_BOLD = 1.1
_NARROW = set("iljtfr.,:;'|!()[] -")


def _token_px(token: str) -> float:
    em = sum(
        0.35 if c in _NARROW else 0.95 if c in "mwMW" else 0.72 if c.isupper()
        else 0.64 if c.isdigit() else 0.6
        for c in token
    )
    return em * _TABLE_FONT_PX


def _widest_token_px(cell) -> float:
    px = max((_token_px(t) for t in cell.text_content().split()), default=0.0)
    return px * _BOLD if cell.tag == "th" else px


def stack_wide_tables(doc) -> int:
    """A table too wide for a phone's column gets class ``stack-on-phone`` and
    each body cell a ``data-label``: its column's header."""
    count = 0
    for table in doc.xpath("//article//table[thead/tr/th and tbody/tr]"):
        heads = table.xpath("thead/tr")
        rows = table.xpath("tbody/tr")
        if len(heads) != 1 or table.xpath(".//*[@colspan or @rowspan]"):
            continue
        labels = [" ".join(th.text_content().split()) for th in heads[0]]
        if any(len(row) != len(labels) for row in rows):
            continue
        widths = [max(_widest_token_px(row[i]) for row in [heads[0], *rows]) for i in range(len(labels))]
        if sum(w + _CELL_PAD_PX for w in widths) <= PHONE_COLUMN_PX:
            continue
        table.set("class", " ".join([*_classes(table), "stack-on-phone"]))
        for row in rows:
            for label, cell in zip(labels, row):
                cell.set("data-label", label)
        count += 1
    return count


_HYPHENATED = re.compile(r"\S*-\S*")


def keep_table_words_whole(doc) -> int:
    """In table cells, each word or number with a hyphen or a minus sign
    (``Miller-Madow``, ``1.28e-02``, ``->``) goes in a ``<span class="nobr">``:
    a browser may break a line after a hyphen, never inside that span."""
    count = 0
    for cell in doc.xpath("//article//table//*[self::td or self::th]"):
        for node in [cell, *cell.iterdescendants()]:
            if node.xpath("ancestor-or-self::*[local-name()='mjx-container' or @class='nobr']"):
                continue
            count += _wrap_hyphenated(node, node, 0, "text")
            if node is not cell:
                parent = node.getparent()
                count += _wrap_hyphenated(node, parent, parent.index(node) + 1, "tail")
    return count


def _wrap_hyphenated(node, parent, index: int, attr: str) -> int:
    """Each hyphenated word of ``node.text`` or ``node.tail`` in a span, inserted into ``parent`` at ``index``."""
    text = getattr(node, attr)
    if not text or "-" not in text:
        return 0
    words = _HYPHENATED.findall(text)
    pieces = _HYPHENATED.split(text)
    setattr(node, attr, pieces[0])
    for offset, (word, after) in enumerate(zip(words, pieces[1:])):
        span = lxml.html.Element("span", {"class": "nobr"})
        span.text = word
        span.tail = after
        parent.insert(index + offset, span)
    return len(words)


_CODE_BREAK = re.compile(r"(?<=[.(/_])(?=[^\W_])")


def break_table_code_between_names(doc) -> int:
    """Code in a table cell (``keras.losses.SparseCategoricalCrossentropy()(y_true,``,
    ``Lovelace_12345_assignsubmission_file_/hw03_entropy.ipynb``) may wrap after
    a dot, an opening parenthesis, a slash or an underscore, never inside a run
    of letters or digits: a ``<wbr>`` marks each such place."""
    return _insert_wbr(doc, "//article//table//code//span[@class='pre'][not(*)]", _CODE_BREAK)


# Phones: code outside tables (the lines of a code block that wraps, and code
# in the text) wraps at its spaces and after a dot before a name, an opening
# bracket, a comma or an equals sign (``il.entropy(|p,|base=|2)``); never
# inside a name or a number (custom.css gives it no other place to break).
_NAME_BREAK = re.compile(r"(?<=\.)(?=[^\W\d])|(?<=[(\[{,=])(?=[^\s)\]},=])")
_BROKEN_CODE = (
    "//pre/span[@class='cl']"
    " | //article//code[" + _has_class("literal") + "][not(ancestor::table)]"
)


def _text_slots(el):
    """``(element, "text" | "tail")`` for each run of text under ``el``, in reading order."""
    yield el, "text"
    for child in el:
        yield from _text_slots(child)
        yield child, "tail"


def _kept_whole(el, attr: str, root) -> bool:
    """Whether the run of text ``(el, attr)`` is inside a ``<span class="nobr">`` under ``root``."""
    owner = el if attr == "text" else el.getparent()
    while owner is not None and owner is not root:
        if {"nobr", "keep"} & set(_classes(owner)):
            return True
        owner = owner.getparent()
    return False


def _insert_wbr(doc, xpath: str, places: re.Pattern) -> int:
    """Put a ``<wbr>`` at each place ``places`` matches (an empty match) in the
    whole text of each element ``xpath`` selects, across its highlighting
    spans, except inside a ``<span class="nobr">``; return how many elements
    got one."""
    count = 0
    for root in doc.xpath(xpath):
        slots = list(_text_slots(root))
        texts = [getattr(el, attr) or "" for el, attr in slots]
        offsets = [m.start() for m in places.finditer("".join(texts))]
        if not offsets:
            continue
        start = 0
        for (el, attr), text in zip(slots, texts):
            cuts = [o - start for o in offsets if start < o <= start + len(text)]
            start += len(text)
            if not cuts or _kept_whole(el, attr, root):
                continue
            parent, index = (el, 0) if attr == "text" else (el.getparent(), el.getparent().index(el) + 1)
            pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
            setattr(el, attr, pieces[0])
            for offset, piece in enumerate(pieces[1:]):
                wbr = lxml.html.Element("wbr")
                wbr.tail = piece or None
                parent.insert(index + offset, wbr)
        count += 1
    return count


def break_code_between_names(doc) -> int:
    """Code a phone wraps may wrap at a ``<wbr>`` after ``.`` (before a name),
    ``(``, ``[``, ``{``, ``,`` or ``=``; the places are found in the line's whole
    text, across its highlighting spans."""
    return _insert_wbr(doc, _BROKEN_CODE, _NAME_BREAK)


# Phones: long lines of code wrap (custom.css) with a hanging indent under
# the line's own indentation. In a block with a line longer than a phone's
# column, each line becomes a <span class="cl">, its indentation in --i.
# So do the printed outputs of a cell tagged ``wrap-output`` (sentences and
# key-value lines, which a reader loses nothing by reading wrapped; a printed
# table keeps its columns and scrolls).
PHONE_CODE_CHARS = 40
WRAP_OUTPUT_TAG = "wrap-output"
# A deeper indentation (arguments aligned under an opening parenthesis) is
# shown this deep on a phone; the spaces are all still there to copy.
PHONE_CODE_MAX_INDENT = 16
_WRAPPED_CODE = (
    "//div[" + _has_class("cell_input") + "]//div[@class='highlight']/pre"
    " | //div[" + " or ".join(_has_class(f"highlight-{lang}") for lang in ("python", "bash", "default", "ipython3"))
    + "]/div[@class='highlight']/pre"
    " | //div[" + _has_class(f"tag_{WRAP_OUTPUT_TAG}") + "]//div[" + _has_class("cell_output")
    + "]//div[@class='highlight']/pre"
)


def _split_indent(parts: list, indent: int) -> list:
    """The line's runs without its first ``indent`` characters (all spaces)."""
    rest = []
    for el, part in parts:
        cut = min(indent, len(part))
        indent -= cut
        if part[cut:]:
            rest.append((el, part[cut:]))
    return rest


def hang_code_lines(doc) -> int:
    """Each line of a code block with long lines in its own span, carrying its indentation."""
    count = 0
    for pre in dict.fromkeys(doc.xpath(_WRAPPED_CODE)):
        text = pre.text_content()
        if max(map(len, text.split("\n"))) <= PHONE_CODE_CHARS:
            continue
        runs = [(None, pre.text or "")]
        for child in pre:
            if child.tag != "span" or len(child):
                break
            runs += [(child, child.text or ""), (None, child.tail or "")]
        else:
            lines = [[]]
            for el, chunk in runs:
                for i, part in enumerate(chunk.split("\n")):
                    if i:
                        lines[-1].append((None, "\n"))
                        lines.append([])
                    if part:
                        lines[-1].append((el, part))
            if lines and not lines[-1]:
                lines.pop()
            for child in list(pre):
                pre.remove(child)
            pre.text = None
            for parts in lines:
                line = lxml.html.Element("span", {"class": "cl"})
                source = "".join(part for _, part in parts)
                indent = len(source) - len(source.lstrip(" "))
                last = None
                if indent and source.strip():
                    shown = min(indent, PHONE_CODE_MAX_INDENT)
                    line.set("style", f"--i:{shown}" + (f";--n:{indent}" if indent > shown else ""))
                    parts = _split_indent(parts, indent)
                    last = lxml.html.Element("span", {"class": "ind"})
                    last.text = " " * indent
                    line.append(last)
                for el, part in parts:
                    if el is None:
                        if last is None:
                            line.text = (line.text or "") + part
                        else:
                            last.tail = (last.tail or "") + part
                    else:
                        last = lxml.html.Element("span", dict(el.attrib))
                        last.text = part
                        line.append(last)
                pre.append(line)
                keep_code_units_whole(line)
            count += 1
    return count


# Phones: what a reader takes in at a glance stays on one row of a wrapped
# line of code: a short sum of numbers (``1 / 52``, ``2 ** 10``; a browser
# would wrap before its operator, leaving ``1`` at a row's end and ``/ 52`` on
# the next) and an f-string's replacement field (``{p:.3f}``, from Pygments'
# ``si`` brace to its partner) that fits a continuation row. A trailing
# comment (``x = 1  # the first``) gets the class ``tc``: custom.css lays it
# out as one inline block, so it moves to the next row whole or wraps with
# each of its rows starting at its ``#`` (an indented row of a comment read
# as code). The characters a continuation row holds at 390 px: 44 in a
# column of 322 px at 12 px DejaVu Sans Mono (7.2 px a character), less the
# hanging indent (custom.css: the line's indentation and 4).
PHONE_ROW_CHARS = 44
_SHORT_SUM = re.compile(
    r"(?<![\w.])\d[\d_]*(?:\.\d+)?[ ]?(?:\*\*|//|[-+*/%])[ ]?\d[\d_]*(?:\.\d+)?(?![\w.(\[])"
)


def _line_items(line) -> list:
    """The line's children and runs of text, in order: ``str`` or an element."""
    items = [line.text] if line.text else []
    for child in line:
        items.append(child)
        if child.tail:
            items.append(child.tail)
            child.tail = None
    return items


def _split_item(item, at: int) -> tuple:
    """A run of text or a token span cut in two at ``at`` characters."""
    if isinstance(item, str):
        return item[:at], item[at:]
    first, second = lxml.html.Element(item.tag, dict(item.attrib)), lxml.html.Element(item.tag, dict(item.attrib))
    first.text, second.text = item.text[:at], item.text[at:]
    return first, second


def _wrap_ranges(line, ranges: list[tuple[int, int, str]]) -> int:
    """Put each ``(start, end, class)`` range of the text of ``line`` (a
    ``span.cl``, whose children are token spans) in a span of that class;
    ranges that overlap an earlier one, or cut a span with children, are left."""
    items = _line_items(line)
    length = lambda item: len(item) if isinstance(item, str) else len(item.text_content())  # noqa: E731
    done, taken = 0, []
    for a, b, cls in sorted(ranges):
        if taken and a < taken[-1][1]:
            continue
        # Cut the items at a and at b, so the range is whole items.
        ok = True
        for cut in (a, b):
            pos = 0
            for k, item in enumerate(items):
                n = length(item)
                if pos < cut < pos + n:
                    if not isinstance(item, str) and len(item):
                        ok = False
                        break
                    items[k:k + 1] = _split_item(item, cut - pos)
                    break
                pos += n
            if not ok:
                break
        if ok:
            taken.append((a, b, cls))
    # Rebuild the line, grouping each range's items in its span.
    for child in list(line):
        line.remove(child)
    line.text = None

    def put(parent, item):
        if isinstance(item, str):
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + item
            else:
                parent.text = (parent.text or "") + item
        else:
            parent.append(item)

    pos = 0
    group, group_end = None, 0
    for item in items:
        n = length(item)
        if group is not None and pos >= group_end:
            group = None
        if group is None:
            for a, b, cls in taken:
                if a == pos and n and b > pos:
                    group, group_end = lxml.html.Element("span", {"class": cls}), b
                    line.append(group)
                    done += 1
                    break
        put(group if group is not None else line, item)
        pos += n
    return done


# The last row of a wrapped line holds at least this many characters.
PHONE_LAST_PIECE_CHARS = 8


def _last_piece(text: str, ranges: list[tuple[int, int, str]], room: int) -> tuple[int, int, str] | None:
    """The end of a line of code kept whole so that its last row is not a
    scrap: its last ``PHONE_LAST_PIECE_CHARS`` characters (the browser then
    wraps at the place before them), widened over any range it cuts; None
    for a line with a comment or one that fits a row, or when the piece
    would be the whole line or wider than ``room``."""
    end = len(text.rstrip())
    first = len(text) - len(text.lstrip())
    if "#" in text or end - first + min(first, PHONE_CODE_MAX_INDENT) <= PHONE_ROW_CHARS:
        return None
    start = end - PHONE_LAST_PIECE_CHARS
    while start > first and (text[start - 1].isalnum() or text[start - 1] in "_."):
        start -= 1  # not inside a name or a number: a browser may wrap where a kept span starts
    for a, b, _ in sorted(ranges, reverse=True):
        if a < start < b:
            start = a
    if start <= first or end - start > room:
        return None
    return start, end, "keep"


def keep_code_units_whole(line) -> int:
    """In a line of code a phone wraps (a ``span.cl`` of ``hang_code_lines``),
    a short sum of numbers, an f-string field that fits a continuation row and
    the line's last characters go in a ``<span class="keep">`` (kept on one
    row, as ``nobr``); a trailing
    comment gets the class ``tc``. Returns how many it marked."""
    slots = list(_text_slots(line))
    texts = [getattr(el, attr) or "" for el, attr in slots]
    text = "".join(texts)
    owners = []
    for (el, attr), piece in zip(slots, texts):
        owners += [_classes(el if attr == "text" else el.getparent())] * len(piece)
    indent = len(text) - len(text.lstrip(" "))
    room = PHONE_ROW_CHARS - min(indent, PHONE_CODE_MAX_INDENT) - 4
    # Sums outside comments; in a comment (one span, kept one) a sum is kept whole inside it.
    sums = [(m.start(), m.end()) for m in _SHORT_SUM.finditer(text)]
    ranges = [(a, b, "keep") for a, b in sums if "c1" not in owners[a]]
    in_comments = [(a, b) for a, b in sums if "c1" in owners[a] and "c1" in owners[b - 1]]
    depth, start = 0, 0
    for i, c in enumerate(text):
        if "si" not in owners[i]:
            continue
        if c == "{":
            start = i if depth == 0 else start
            depth += 1
        elif c == "}" and depth:
            depth -= 1
            # A field that ends its string keeps the closing quote and the
            # brackets after it (a browser may wrap where a kept span ends).
            end = i + 1
            if end < len(text) and text[end] in "'\"" and "si" not in owners[end]:
                end += 1
                while end < len(text) and text[end] in ")]},:;":
                    end += 1
            if depth == 0 and end - start <= room:
                ranges.append((start, end, "keep"))
    tail = _last_piece(text, ranges, room)
    if tail is not None:
        ranges = [r for r in ranges if not (tail[0] <= r[0] and r[1] <= tail[1])] + [tail]
    count = _wrap_ranges(line, ranges) if ranges else 0
    count += _keep_whole(line, in_comments) if in_comments else 0
    for comment in line.xpath("span[@class='c1']"):
        before = (line.text or "") + "".join(e.text_content() + (e.tail or "") for e in comment.itersiblings(preceding=True))
        if before.strip():
            comment.set("class", "c1 tc")
            count += 1
    return count


def _wraps_on_a_phone(pre) -> bool:
    """A code block with a line longer than a phone shows (``hang_code_lines`` wraps its lines)."""
    return max(map(len, pre.text_content().split("\n"))) > PHONE_CODE_CHARS


def _keep_whole(root, ranges: list[tuple[int, int]]) -> int:
    """Put each ``(start, end)`` range of the whole text of ``root`` (each inside
    one run of text) in a ``<span class="nobr">``; a span whose whole text
    is the range gets the class instead. Returns how many ranges it kept."""
    count = 0
    start = 0
    for el, attr in list(_text_slots(root)):
        text = getattr(el, attr) or ""
        inside = sorted((a - start, b - start) for a, b in ranges if start <= a and b <= start + len(text))
        start += len(text)
        if not inside:
            continue
        if attr == "text" and el.tag == "span" and len(el) == 0 and inside == [(0, len(text))]:
            el.set("class", " ".join([*_classes(el), "nobr"]))
            count += 1
            continue
        parent, index = (el, 0) if attr == "text" else (el.getparent(), el.getparent().index(el) + 1)
        setattr(el, attr, text[: inside[0][0]] or None)
        for offset, (a, b) in enumerate(inside):
            span = lxml.html.Element("span", {"class": "nobr"})
            span.text = text[a:b]
            after = inside[offset + 1][0] if offset + 1 < len(inside) else len(text)
            span.tail = text[b:after] or None
            parent.insert(index + offset, span)
            count += 1
    return count


# Phones: a browser may break a line after a hyphen that follows a letter, so
# wrapped code showed ``1e-`` at a line's end and ``9`` on the next. A number
# with a negative exponent (``1e-9``, ``2.5e-03``; in code, in a string in
# code, or in printed output that wraps) is kept whole: the only other places
# a number could break are ones no browser breaks at (``-0.5``, ``1e+10``).
_EXPONENT_NUMBER = re.compile(r"(?<![\w.])\d[\d_]*(?:\.[\d_]*)?[eE]-\d[\d_]*j?(?![\w.])")


def keep_code_numbers_whole(doc) -> int:
    """In code a phone wraps, each number with a negative exponent goes in a
    ``<span class="nobr">`` (Pygments' own number span gets the class)."""
    count = 0
    roots = [pre for pre in dict.fromkeys(doc.xpath(_WRAPPED_CODE)) if _wraps_on_a_phone(pre)]
    roots += doc.xpath("//article//code[" + _has_class("literal") + "][not(ancestor::table)]")
    for root in roots:
        ranges = []
        start = 0
        for el, attr in _text_slots(root):
            text = getattr(el, attr) or ""
            ranges += [(start + m.start(), start + m.end()) for m in _EXPONENT_NUMBER.finditer(text)]
            start += len(text)
        count += _keep_whole(root, ranges)
    return count


# Phones: a string that ends in a space, or in a character code may wrap after
# (``"p = "``, ``", "``, ``"x="``), could leave its closing quote alone at the
# start of the next line (``")``). The string's last word, its trailing spaces
# and its closing quote stay together in a ``<span class="nobr">``. A string's
# quotes are found by scanning the block's text (escapes, triple quotes and
# comments understood); a closing quote counts only inside one of Pygments'
# string spans, so printed output and comments are left alone.
_STRING_CLASSES = {"s", "s1", "s2", "sb", "sh", "sx", "dl"}
_BREAK_BEFORE_QUOTE = set(" \t-([{,=/")


def _closing_quotes(text: str) -> list[tuple[int, int]]:
    """``(opening, closing)`` offsets of the string literals in Python-like
    code; the closing offset is that of the closing quote's last character."""
    found = []
    i, delim, opened = 0, "", 0
    while i < len(text):
        c = text[i]
        if delim:
            if c == "\\":
                i += 2
                continue
            if c == "\n" and len(delim) == 1:  # an unclosed string ends with its line
                delim = ""
            elif text.startswith(delim, i):
                found.append((opened, i + len(delim) - 1))
                i += len(delim)
                delim = ""
                continue
        elif c in "'\"":
            delim = c * 3 if text.startswith(c * 3, i) else c
            opened = i
            i += len(delim)
            continue
        elif c == "#":  # a comment, to the end of its line
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        i += 1
    return found


def keep_closing_quotes_with_their_words(doc) -> int:
    """In code a phone wraps, a string whose closing quote comes after a
    place to wrap keeps its last word, trailing spaces and closing quote in a
    ``<span class="nobr">``."""
    count = 0
    for pre in dict.fromkeys(doc.xpath(_WRAPPED_CODE)):
        if not _wraps_on_a_phone(pre):
            continue
        slots = list(_text_slots(pre))
        texts = [getattr(el, attr) or "" for el, attr in slots]
        text = "".join(texts)
        owner_classes = []  # the classes of the element each character's run of text is in
        for (el, attr), piece in zip(slots, texts):
            owner = el if attr == "text" else el.getparent()
            owner_classes += [set(_classes(owner))] * len(piece)
        slot_start = []
        start = 0
        for piece in texts:
            slot_start += [start] * len(piece)
            start += len(piece)
        ranges = []
        for opened, closing in _closing_quotes(text):
            first_quote = closing
            while first_quote > opened and text[first_quote - 1] == text[closing]:
                first_quote -= 1  # a triple quote's first character
            if first_quote <= opened + 1 or text[first_quote - 1] not in _BREAK_BEFORE_QUOTE:
                continue
            if not owner_classes[closing] & _STRING_CLASSES:
                continue
            word = first_quote
            while word > opened + 1 and text[word - 1] in " \t":
                word -= 1
            while word > opened + 1 and text[word - 1] not in " \t":
                word -= 1
            word = max(word, slot_start[closing])
            if slot_start[first_quote] == slot_start[closing] and word < first_quote:
                ranges.append((word, closing + 1))
        count += _keep_whole(pre, ranges)
    return count


# Phones: a browser may break a line between an inline formula and the full
# stop, comma, semicolon, colon, question mark or closing bracket after it (a
# formula is one box, and a line may break after a box), so a line could start
# with "." or ",". That punctuation goes inside the formula's
# ``<span class="math">``, which the theme lays out as one box
# (``display: inline-flex``): it stays on the formula's line, and no element
# is added. A formula that with its punctuation is wider than the column
# shows the punctuation under it rather than cut off (custom.css wraps the
# box's contents); tests/site/test_phone_line_starts.py checks both.
_AFTER_FORMULA = re.compile(r"[.,;:!?)\]\u2019\u201d]+")


def keep_punctuation_with_formulas(doc) -> int:
    """The punctuation right after an inline formula moves into the formula's
    ``<span class="math">``, at its end."""
    count = 0
    for span in doc.xpath(f"//article//span[{_has_class('math')}]"):
        m = _AFTER_FORMULA.match(span.tail or "")
        if not m:
            continue
        span.tail = span.tail[m.end():] or None
        if len(span):
            span[-1].tail = (span[-1].tail or "") + m.group()
        else:
            span.text = (span.text or "") + m.group()
        count += 1
    return count


# The general index: Sphinx sets a glossary term's entry in bold (a "main"
# entry) and labels each of the library's entries "(in module infolib)",
# "(infolib.HuffmanCode property)"; a term gets a label too, and the page says
# what the two kinds are.
GLOSSARY_LABEL = "(glossary term)"
INDEX_LEGEND = (
    "Entries labelled {label} are the course's concepts, defined on the {glossary} page; "
    "the others, labelled with their module or class (\u201cin module infolib\u201d), "
    "are the course library's functions and classes, documented in the {api}."
)


def label_index_entries(doc) -> int:
    """Each glossary term in the general index gets the label ``(glossary term)``,
    inside its link as autodoc's labels are, and a library entry with no label
    its module; a sentence under the title says what the labels mean."""
    table = f"//table[{_has_class('indextable')}]"
    links = doc.xpath(f"{table}//li/a[starts-with(@href, 'glossary.html#term-')]")
    if not links:
        return 0
    # Sphinx gives an exception's entry no label ("DistributionError"): it
    # gets its module, as a function's entry has.
    bare = [(a, "(in module {})".format(a.get("href").split("#", 1)[1].rsplit(".", 1)[0]))
            for a in doc.xpath(f"{table}//li/a[starts-with(@href, 'api.html#')]")
            if "." in a.get("href").split("#", 1)[1] and not a.text_content().rstrip().endswith(")")]
    for a, text in [(a, GLOSSARY_LABEL) for a in links] + bare:
        label = lxml.html.Element("span", {"class": "index-kind"})
        label.text = text
        if len(a):
            a[-1].tail = (a[-1].tail or "") + " "
        else:
            a.text = (a.text or "") + " "
        a.append(label)
    title = doc.xpath(f"//article//h1[following::table[{_has_class('indextable')}]]")
    if title:
        legend = lxml.html.Element("p", {"class": "index-legend"})
        before, after = INDEX_LEGEND.split("{label}")
        legend.text = before
        label = lxml.html.Element("span", {"class": "index-kind"})
        legend.append(label)
        label.text = GLOSSARY_LABEL
        glossary_before, rest = after.split("{glossary}")
        label.tail = glossary_before
        link = lxml.html.Element("a", {"href": "glossary.html"})
        legend.append(link)
        link.text = "Glossary"
        api_before, api_after = rest.split("{api}")
        link.tail = api_before
        api = lxml.html.Element("a", {"href": "api.html"})
        legend.append(api)
        api.text = "infolib reference"
        api.tail = api_after
        title[0].addnext(legend)
    return len(links)


def lazy_launch_logos(doc) -> int:
    """The launch menu's logos load when a reader opens the menu."""
    found = doc.xpath("//img[contains(@src, '_static/images/logo_') and substring(@alt, string-length(@alt) - 3) = 'logo']")
    for el in found:
        el.set("loading", "lazy")
    return len(found)


_SHARED_IDS = {"proof", "proof-content", "exercise-content", "solution-content"}


def drop_shared_ids(doc) -> int:
    """sphinx-proof and sphinx-exercise give every box of a kind the same id
    (the Nu validator's "Duplicate ID"): it goes (custom.css styles by class)."""
    found = [el for el in doc.xpath("//*[@id]") if el.get("id") in _SHARED_IDS]
    for el in found:
        del el.attrib["id"]
    return len(found)


def dedupe_ids(doc) -> int:
    """Any other id that occurs twice is kept only on its first element."""
    seen: set[str] = set()
    dropped = 0
    for el in doc.xpath("//*[@id]"):
        if el.get("id") in seen:
            del el.attrib["id"]
            dropped += 1
        seen.add(el.get("id"))
    return dropped


_SEARCH_SCRIPTS = ("_static/searchtools.js", "_static/language_data.js", "searchindex.js")


def drop_search_scripts(doc) -> int:
    """Only the search page needs Sphinx's search scripts and index."""
    found = [el for el in doc.iter("script") if any(s in (el.get("src") or "") for s in _SEARCH_SCRIPTS)]
    for el in found:
        el.drop_tree()
    return len(found)


def drop_unused_tabs_script(doc) -> int:
    """Only a page with sphinx-design tabs needs their script."""
    if doc.xpath("//*[contains(@class, 'sd-tab')]"):
        return 0
    found = doc.xpath("//script[contains(@src, '_static/design-tabs.js')]")
    for el in found:
        el.drop_tree()
    return len(found)


# The theme's first script (in the head) sets the colour theme from what a
# reader chose before, or "auto" on a first visit; its deferred script then
# resolves "auto" to light or dark, which restyles and lays out the whole page
# a second time in one task after the first paint (265 ms of style and layout
# on chapter 8, in Chromium). The head resolves it, as the deferred script
# does, before the body is styled: one style pass, and no light flash for a
# reader whose system is in dark mode.
_THEME_IN_HEAD = 'document.documentElement.dataset.theme = localStorage.getItem("theme") || "auto";'
_THEME_RESOLVED_IN_HEAD = (
    'document.documentElement.dataset.theme = localStorage.getItem("theme") || '
    '(matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");'
)


def resolve_theme_in_head(doc) -> int:
    """The head's script sets ``data-theme`` to light or dark, never "auto"."""
    found = [el for el in doc.xpath("//head/script[not(@src)]") if _THEME_IN_HEAD in (el.text or "")]
    for el in found:
        el.text = el.text.replace(_THEME_IN_HEAD, _THEME_RESOLVED_IN_HEAD)
    return len(found)


def serve_webp_figures(doc, webp: set[str], sizes: dict[str, tuple[int, int]]) -> int:
    """A figure's ``<img>`` points at its WebP copy, with its width and height
    (so the browser keeps the figure's space before it loads: no layout shift)."""
    changed = 0
    for img in doc.xpath("//img[contains(@src, '_images/')]"):
        src = img.get("src")
        head, _, name = src.rpartition("/")
        stem, dot, ext = name.rpartition(".")
        if not dot or ext != "png" or not head.endswith("_images"):
            continue
        if stem in webp:
            img.set("src", f"{head}/{stem}.webp")
        if stem in sizes and "width" not in img.attrib:
            img.set("width", str(sizes[stem][0]))
            img.set("height", str(sizes[stem][1]))
        changed += 1
    return changed


# The changes made to every page, in order. A change marked "every page"
# must find what it looks for on each page; the others somewhere on the site.
PAGE_FIXES: list[tuple[Callable[..., int], str, bool]] = [
    (drop_fontawesome_script, "<script src=.../fontawesome.js>", True),
    (drop_empty_print_title, "empty <h1> of a page with no title", False),
    (drop_biblioentry_roles, 'element with role="doc-biblioentry"', False),
    (unlabel_search_buttons, "<button class=search-button-field aria-label=...>", True),
    (label_sidebar_title, "<div class='sidebar-primary-items__start sidebar-primary__section'>", True),
    (unlabel_folded_cells, '<summary aria-label="Toggle hidden content">', False),
    (summary_paragraphs_to_spans, "<summary><p class='collapsed admonition-title'>", False),
    (lazy_launch_logos, "<img alt='... logo' src=.../_static/images/logo_...>", False),
    (drop_shared_ids, "element with id proof, proof-content, exercise-content or solution-content", False),
    (fold_proofs, "<div class='proof admonition'><p>Proof. ...", False),
    (unwrap_plain_code_tokens, "<div class='highlight'><pre><span class='n'>", False),
    (hang_code_lines, "<div class='cell_input'><div class='highlight'><pre> with a long line", False),
    (keep_code_numbers_whole, "<pre> with a long line or <code class='literal'> with 1e-9", False),
    (keep_closing_quotes_with_their_words, "<pre> with a long line and a string ending in \"= \"", False),
    (keep_punctuation_with_formulas, "<span class='math'> followed by a full stop or a comma", False),
    (stack_wide_tables, "<table><thead><tr><th> wider than a phone", False),
    (keep_table_words_whole, "<td> with a hyphenated word or a negative number", False),
    (break_table_code_between_names, "<td><code><span class='pre'>a.b", False),
    (break_code_between_names, "<span class='cl'> or <code class='literal'> with a.b or f(x", False),
    (label_index_entries, "<table class='indextable'> with <a href='glossary.html#term-...'>", False),
    (unlink_solution_titles, "<div class='solution dropdown'><p class='admonition-title'>Solution to<a href='#...'>", False),
    (drop_unused_tabs_script, "<script src=.../_static/design-tabs.js>", False),
    (resolve_theme_in_head, f"<head><script>{_THEME_IN_HEAD}", True),
]
# Changes that may find nothing anywhere and still be right.
_OPTIONAL = {dedupe_ids.__name__}


def fix_page(doc, name: str, tally: Counter) -> None:
    """Apply ``PAGE_FIXES`` (and, except on the search page, drop the search
    scripts) to one parsed page; count what each changed."""
    for fix, missing, every_page in PAGE_FIXES:
        count = fix(doc)
        if every_page and not count:
            raise ThemeMarkupChanged(fix.__name__, missing, name)
        tally[fix.__name__] += count
    tally[dedupe_ids.__name__] += dedupe_ids(doc)
    if name != "search.html":
        count = drop_search_scripts(doc)
        if not count:
            raise ThemeMarkupChanged("drop_search_scripts", "<script src=.../searchindex.js>", name)
        tally[drop_search_scripts.__name__] += count


def check_tally(tally: Counter) -> None:
    """Fail when a change found nothing to change anywhere on the site."""
    for fix, missing, _ in PAGE_FIXES:
        if fix.__name__ not in _OPTIONAL and not tally[fix.__name__]:
            raise ThemeMarkupChanged(fix.__name__, missing, "any page")


def class_and_id_names(doc) -> set[str]:
    """Every class and id on the page (the names its style rules may select)."""
    names = set()
    for el in doc.xpath("//*[@class or @id]"):
        names.update(_classes(el))
        if el.get("id"):
            names.add(el.get("id"))
    return names


def is_theme_page(doc) -> bool:
    """A page laid out by the theme (not a redirect)."""
    return bool(doc.xpath(f"//main[{_has_class('bd-main')}]"))


def parse_page(text: str):
    return lxml.html.document_fromstring(text)


def serialize_page(doc) -> str:
    """The page as HTML. libxml2 writes attribute names in lower case (an
    inline ``<svg viewBox>`` becomes ``viewbox``); a browser's HTML parser
    restores SVG's camel case, so the page's DOM is the same."""
    # libxml2 does not know <wbr> is void and closes it; HTML allows no </wbr>.
    html_text = lxml.html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>")
    return html_text.replace("<wbr></wbr>", "<wbr>") + "\n"


# ---------------------------------------------------------------------------
# The theme's script: scrollable blocks checked one task at a time
# ---------------------------------------------------------------------------

# On load, pydata-sphinx-theme makes each code block, cell output and table
# that overflows its box keyboard-focusable (tabIndex 0), reading every one's
# scroll size in one task, which on a long chapter forces style and layout of
# the whole page inside that one task. The same check, one element per task,
# lets the browser respond in between; every element is still checked right
# after load, and again on resize and DOM changes. Display formulas are checked too:
# one wider than a phone's column scrolls in its own box (custom.css).
_SCROLLABLE_CHECK = (
    '".pst-scrollable-table-container"].join(", "))'
    ".forEach(e=>{e.tabIndex=e.scrollWidth>e.clientWidth||e.scrollHeight>e.clientHeight?0:-1})"
)
_SCROLLABLE_CHECK_SPLIT = (
    '".pst-scrollable-table-container","mjx-container[display]"].join(", "))'
    ".forEach(e=>setTimeout(()=>{e.tabIndex=e.scrollWidth>e.clientWidth||e.scrollHeight>e.clientHeight?0:-1}))"
)


def _patch_script(js: str, old: str, new: str, change: str, what: str, script: str) -> str:
    """``js`` with its one occurrence of ``old`` replaced by ``new``; a script
    without exactly one stops the build (ThemeMarkupChanged, naming ``change``)."""
    if js.count(old) != 1:
        raise ThemeMarkupChanged(change, what, script)
    return js.replace(old, new)


def split_scrollable_check(js: str) -> str:
    """The theme's script with its scrollable-block check split into one task per element."""
    return _patch_script(js, _SCROLLABLE_CHECK, _SCROLLABLE_CHECK_SPLIT,
                         "split_scrollable_check", "scrollable-block check", "pydata-sphinx-theme.js")


# sphinx-togglebutton finds the button from what was clicked inside a folded
# admonition's title; anything else there (a link, the text of a link, a
# formula) leaves its ``button`` unset and throws "button is not defined", so
# a tap on the words of the title opens nothing. The button is found from the
# title instead; a click outside any title is left alone.
_TOGGLE_NOT_FOUND = "console.log(`[togglebutton]: Couldn't find button for ${click.target}`);"
_TOGGLE_FROM_TITLE = (
    'button = click.target.closest(".admonition-title")?.querySelector(".toggle-button");'
    " if (!button) return;"
)


def toggle_from_anywhere_in_title(js: str) -> str:
    """togglebutton.js with its click handler finding the button from any element of the title."""
    return _patch_script(js, _TOGGLE_NOT_FOUND, _TOGGLE_FROM_TITLE, "toggle_from_anywhere_in_title",
                         "the click handler's missing-button branch", "togglebutton.js")


# Sphinx's search shows each result with a passage of its page, which it
# fetches; a page opened as a file (the path `make book` prints) may not fetch
# files, so every result logged "Failed to fetch". From a file the results
# are listed without their passages (the titles and links still work).
_SUMMARY_FETCH = "else if (showSearchSummary)\n    fetch(requestUrl)"
_SUMMARY_FETCH_NOT_FROM_FILE = 'else if (showSearchSummary && location.protocol !== "file:")\n    fetch(requestUrl)'


def no_search_passages_from_file(js: str) -> str:
    """searchtools.js without the passage fetches when the site is opened as a file."""
    return _patch_script(js, _SUMMARY_FETCH, _SUMMARY_FETCH_NOT_FROM_FILE, "no_search_passages_from_file",
                         "the search-summary fetch", "searchtools.js")


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------

def _image_sizes(outdir: Path) -> dict[str, tuple[int, int]]:
    """Pixel size of each figure in _images, by file stem."""
    try:
        from PIL import Image
    except ImportError:
        return {}
    sizes = {}
    for path in (outdir / "_images").glob("*.png"):
        with Image.open(path) as im:
            sizes[path.stem] = im.size
    return sizes


def _webp_images(outdir: Path) -> set[str]:
    """Lossless WebP copies of the PNG figures, where they are smaller.

    Matplotlib's PNGs shrink by about half as lossless WebP (the same pixels);
    every browser the course supports shows WebP. Returns the stems that have
    a WebP copy. The PNGs stay for anyone who links to them.
    """
    try:
        from PIL import Image, features
    except ImportError:
        return set()
    if not features.check("webp"):
        return set()
    stems = set()
    for png in sorted((outdir / "_images").glob("*.png")):
        webp = png.with_suffix(".webp")
        if not webp.exists() or webp.stat().st_mtime < png.stat().st_mtime:
            with Image.open(png) as im:
                im.save(webp, "WEBP", lossless=True, method=4, quality=100)
        if webp.stat().st_size < png.stat().st_size:
            stems.add(png.stem)
        else:
            webp.unlink()
    return stems


# ---------------------------------------------------------------------------
# Sphinx events
# ---------------------------------------------------------------------------

def _page_description(doctree: nodes.document | None, fallback: str) -> str:
    """The first paragraph of the page, cut to about 155 characters."""
    if doctree is not None:
        for para in doctree.findall(nodes.paragraph):
            if not isinstance(para.parent, nodes.section):
                continue
            text = " ".join(para.astext().split())
            if len(text) >= 40:
                if len(text) > 155:
                    text = text[:152].rsplit(" ", 1)[0] + " ..."
                return text
    return fallback


def _on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # Drop thebe (no live-code button on this site) and scripts added twice.
    launch = app.config.html_theme_options.get("launch_buttons", {}) or {}
    keep_thebe = bool(launch.get("thebe"))
    seen = set()
    scripts = []
    for js in context.get("script_files", []):
        filename = getattr(js, "filename", str(js)) or ""
        body = getattr(js, "attributes", {}).get("body", "")
        if not keep_thebe and ("sphinx-thebe" in filename or _THEBE_BODY in body):
            continue
        key = (filename, body)
        if key in seen:
            continue
        seen.add(key)
        scripts.append(js)
    context["script_files"] = scripts
    if not keep_thebe:
        context["css_files"] = [
            css for css in context.get("css_files", [])
            if "sphinx-thebe" not in (getattr(css, "filename", str(css)) or "")
        ]

    _add_launch_help(context)

    fallback = app.config.site_description or app.config.project
    description = _page_description(doctree, fallback)
    context["metatags"] = context.get("metatags", "") + (
        f'\n<meta name="description" content="{html.escape(description, quote=True)}" />'
    )


def _add_launch_help(context: dict[str, Any]) -> None:
    """End the launch menu with "Which to choose?", a link to the routes on the landing page.

    sphinx-book-theme puts its launch links in a header-button group labelled
    ``launch-buttons``; tests/site/test_run_anywhere.py pins that the entry shows.
    """
    for group in context.get("header_buttons", []):
        if group.get("label") == "launch-buttons":
            group["buttons"].append(
                {
                    "type": "link",
                    "text": "Which to choose?",
                    "tooltip": "Colab, Binder, a JupyterHub or your own machine: what each needs",
                    "url": context["pathto"]("intro") + "#run-the-chapters",
                    "label": "launch-help",
                }
            )


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    webp = _webp_images(outdir)
    sizes = _image_sizes(outdir)
    can_subset = importlib.util.find_spec("fontTools") is not None
    fa_js = outdir / "_static" / "scripts" / "fontawesome.js"
    theme_js = outdir / "_static" / "scripts" / "pydata-sphinx-theme.js"
    if not theme_js.exists():
        raise ThemeMarkupChanged("_on_build_finished", "pydata-sphinx-theme.js", "_static/scripts")
    theme_js.write_text(split_scrollable_check(theme_js.read_text(encoding="utf-8")), encoding="utf-8")
    toggle_js = outdir / "_static" / "togglebutton.js"
    if not toggle_js.exists():
        raise ThemeMarkupChanged("_on_build_finished", "togglebutton.js", "_static")
    toggle_js.write_text(toggle_from_anywhere_in_title(toggle_js.read_text(encoding="utf-8")), encoding="utf-8")
    search_js = outdir / "_static" / "searchtools.js"
    if not search_js.exists():
        raise ThemeMarkupChanged("_on_build_finished", "searchtools.js", "_static")
    search_js.write_text(no_search_passages_from_file(search_js.read_text(encoding="utf-8")), encoding="utf-8")
    if not fa_js.exists():
        raise ThemeMarkupChanged("_on_build_finished", "fontawesome.js", "_static/scripts")
    used: set[tuple[str, str]] = set()
    known: set[str] = set()
    tally: Counter = Counter()
    for page in sorted(outdir.rglob("*.html")):
        if page.relative_to(outdir).parts[0] in ("_static", "_sources", "_images"):
            continue
        doc = parse_page(page.read_text(encoding="utf-8"))
        if not is_theme_page(doc):  # index.html: a redirect to the first page
            continue
        used |= icons_used(doc)
        fix_page(doc, page.relative_to(outdir).as_posix(), tally)
        serve_webp_figures(doc, webp, sizes)
        known |= class_and_id_names(doc)
        page.write_text(serialize_page(doc), encoding="utf-8")
    check_tally(tally)
    for js in (outdir / "_static").rglob("*.js"):
        if js.name != "fontawesome.js":
            known |= set(re.findall(r"[\w-]+", js.read_text(encoding="utf-8", errors="replace")))
    for pattern in _PURGED_CSS:
        for css_file in (outdir / "_static").glob(pattern):
            text = css_file.read_text(encoding="utf-8")
            css_file.write_text(purge_css(text, known, can_subset), encoding="utf-8")
    packs = fontawesome_icons(fa_js.read_text(encoding="utf-8"))
    css, missing = icon_css(used, packs)
    if missing:
        raise ThemeMarkupChanged("icon_css", "icon " + ", ".join(missing), "fontawesome.js")
    for path in [fa_js, fa_js.with_suffix(".js.map")]:
        path.unlink(missing_ok=True)
    webfonts = outdir / "_static" / "vendor" / "fontawesome"
    fonts_css = _subset_icon_fonts(outdir / "_static", webfonts) if webfonts.is_dir() else None
    if fonts_css is not None:
        css += fonts_css
        for f in sorted(webfonts.rglob("*"), reverse=True):
            f.unlink() if f.is_file() else f.rmdir()
        webfonts.rmdir()
    (outdir / "_static" / "icons.css").write_text(css, encoding="utf-8")


def _explorables_on_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Drop the explorables' inline runtime; load the script for the kinds on
    the page (``_static/explorables-<kinds>.js``) and the style sheet once."""
    body = context.get("body")
    if not body or "itbx" not in body:
        return
    from infolib.explorables import runtime_files, strip_runtime

    body, kinds = strip_runtime(body)
    if not kinds:
        return
    context["body"] = body
    name = "explorables-" + "-".join(kinds) + ".js"
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    files = runtime_files(kinds)
    (static / name).write_text(files["explorables.js"], encoding="utf-8")
    (static / "explorables.css").write_text(files["explorables.css"], encoding="utf-8")
    app.add_js_file(name, loading_method="defer")
    app.add_css_file("explorables.css")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("site_description", "", "html")
    app.add_css_file("icons.css")
    app.connect("html-page-context", _explorables_on_page, priority=500)
    app.connect("html-page-context", _on_page_context, priority=900)
    app.connect("build-finished", _on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
