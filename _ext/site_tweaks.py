"""Make the Jupyter Book 1 website light, self-contained and error-free.

What the default sphinx-book-theme site does, and what this extension does
about it (after the build, on the written pages and static files):

* The theme loads ``fontawesome.js`` (1.5 MB) on every page to draw a dozen
  icons. The icons the pages use are written as CSS masks (their SVG paths,
  taken from that same file) into ``_static/icons.css``; the script tag goes,
  and so does the file. The theme's CSS also draws a few icons with the
  Font Awesome web fonts (156 kB for one): those are cut to the glyphs it
  uses.
* sphinx-thebe's configuration script is added twice, so every page logs
  "Identifier 'THEBE_JS_URL' has already been declared". The course has no
  live-code button, so the thebe scripts are dropped; any other script added
  twice is added once.
* The theme's style sheets are cut down to the rules whose classes occur in
  the built pages or in the scripts the site ships (a quarter of the bytes).
* Figures are served as lossless WebP (about half the bytes of the PNG),
  with their width and height, so nothing shifts while they load.
* Markup that axe-core or the Nu validator reject is fixed (see
  ``_fix_markup``), and each page gets a ``<meta name="description">`` from
  its first paragraph.
* Explorables (``infolib.explorables``) carry their script and style sheet
  inline, so that a notebook output works on its own in Jupyter. On the
  website those inline copies go, and a page with explorables loads
  ``_static/explorables-<kinds>.js`` (deferred; only the drawings its
  explorables need) and ``explorables.css`` once; other pages load neither.

Math is not handled here: ``math_prerender.py`` typesets it while the book
is built, so no page loads MathJax or asks another host for anything.
``tests/site`` checks all of this in a browser.
"""

from __future__ import annotations

import html
import importlib.util
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

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
_ICON_ENTRY = re.compile(
    r'(?:"([^"]+)"|([A-Za-z0-9_$-]+)):\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]*","(M[^"]*)"\]'
)
_PACK_END = re.compile(r'd\("(fab|far|fas)",p\)')
_FA_SCRIPT = re.compile(r'\s*<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*></script>')
_CLASS_ATTR = re.compile(r'class="([^"]*)"')
_THEBE_BODY = "THEBE_JS_URL"
# Size and layout modifiers, not icons.
_FA_MODIFIER = re.compile(r"fa-(xs|sm|lg|xl|2xs|2xl|\d+x|fw|spin|pulse|border|inverse|pull-\w+|rotate-\d+|flip-\w+|stack(-\dx)?)$")


def _fontawesome_icons(js: str) -> dict[str, dict[str, tuple[int, int, str]]]:
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
    return packs


def _icons_used(html_text: str) -> set[tuple[str, str]]:
    """The (prefix, icon name) pairs that the class attributes of a page ask for."""
    used = set()
    for classes in _CLASS_ATTR.findall(html_text):
        tokens = classes.split()
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


def _icon_css(used: set[tuple[str, str]], packs: dict) -> tuple[str, list[str]]:
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
    kept in small WOFF files in ``_static/fonts``; ``@font-face`` rules that
    come after the theme's replace its own.
    """
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:  # fonttools comes with matplotlib; without it, keep the theme's fonts
        return None

    used = set()
    for css_file in static.rglob("*.css"):
        text = css_file.read_text(encoding="utf-8", errors="replace")
        for prelude, body in _split_css(text):
            if body is None or "fa-" in prelude:  # the .fa-<icon> rules: icons.css draws those
                continue
            chars = {ord(c) for c in body if 0xE000 <= ord(c) <= 0xF8FF}
            chars |= {int(h, 16) for h in re.findall(r"\\(f[0-9a-f]{3})\b", body)}
            used |= chars
    out_dir = static / "fonts"
    out_dir.mkdir(exist_ok=True)
    rules = []
    for stem, (family, weight) in _FONTS.items():
        ttf = next(webfonts.rglob(stem + ".ttf"), None)
        if ttf is None:
            continue
        font = TTFont(ttf)
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
        font.save(out_dir / f"{stem}.woff")
        rules.append(
            f'@font-face{{font-family:"{family}";font-style:normal;font-weight:{weight};'
            f'font-display:block;src:url(fonts/{stem}.woff) format("woff")}}'
        )
    return "\n".join(rules) + "\n"


# Style sheets cut down to the rules this site can use (see _purge_css).
_PURGED_CSS = (
    "styles/pydata-sphinx-theme.css",
    "styles/sphinx-book-theme.css",
    "sphinx-design.min.css",
    "mystnb.*.css",
    "basic.css",
    "proof.css",
    "pygments.css",
)
_CSS_TOKEN = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")


def _split_css(text: str) -> list[tuple[str, str | None]]:
    """Split CSS into top-level (prelude, body) pairs; body None for ``@import;``-style."""
    items, i, n = [], 0, len(text)
    while i < n:
        j = i
        while j < n and text[j] not in "{;":
            if text.startswith("/*", j):
                j = text.find("*/", j) + 2 if text.find("*/", j) >= 0 else n
                continue
            if text[j] in "\"'":
                quote, j = text[j], j + 1
                while j < n and text[j] != quote:
                    j += 2 if text[j] == "\\" else 1
            j += 1
        if j >= n:
            break
        prelude = text[i:j]
        for comment in re.findall(r"/\*.*?\*/", prelude, flags=re.S):
            items.append((comment, ""))  # kept apart, so it never hides a selector
        prelude = re.sub(r"/\*.*?\*/", "", prelude, flags=re.S).strip()
        if text[j] == ";":
            items.append((prelude, None))
            i = j + 1
            continue
        depth, k = 1, j + 1
        while k < n and depth:
            c = text[k]
            if c in "\"'":
                quote, k = c, k + 1
                while k < n and text[k] != quote:
                    k += 2 if text[k] == "\\" else 1
            elif c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            k += 1
        items.append((prelude, text[j + 1 : k - 1]))
        i = k
    return items


def _split_selectors(prelude: str) -> list[str]:
    """Split a selector list on its top-level commas (not those inside :is(...))."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(prelude):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return parts


_FUNCTIONAL_PSEUDO = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any)\(")


def _required_part(selector: str) -> str:
    """The part of a selector whose classes must all be present for it to match:
    attribute values and functional pseudo-classes (``:not(.x)`` matches when
    ``.x`` is absent) are left out."""
    selector = re.sub(r"\[[^\]]*\]", "", selector)
    out, i = [], 0
    for m in _FUNCTIONAL_PSEUDO.finditer(selector):
        if m.start() < i:
            continue
        out.append(selector[i : m.start()])
        depth, j = 1, m.end()
        while j < len(selector) and depth:
            depth += {"(": 1, ")": -1}.get(selector[j], 0)
            j += 1
        i = j
    out.append(selector[i:])
    return "".join(out)


def _purge_css(text: str, known: set[str], drop_icon_fonts: bool = True) -> str:
    """Keep the rules whose selectors could match: every class and id they
    name occurs in a page's markup or in a script the site ships."""
    out = []
    for prelude, body in _split_css(text):
        if prelude.startswith("/*"):
            if prelude.startswith("/*!"):  # licence notices stay
                out.append(prelude)
        elif body is None:
            out.append(prelude + ";")
        elif prelude.startswith(("@media", "@supports", "@layer", "@container")):
            inner = _purge_css(body, known, drop_icon_fonts)
            if inner:
                out.append(prelude + "{" + inner + "}")
        elif drop_icon_fonts and prelude.startswith("@font-face") and "vendor/fontawesome" in body:
            continue  # icons.css declares cut-down icon fonts instead
        elif prelude.startswith("@"):
            out.append(prelude + "{" + body + "}")
        else:
            selectors = [
                sel for sel in _split_selectors(prelude)
                if all(tok in known for tok in _CSS_TOKEN.findall(_required_part(sel)))
            ]
            if selectors:
                out.append(",".join(selectors) + "{" + body + "}")
    return "".join(out)


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


_SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)[^"]*"></script>'
)


_DESIGN_TABS = re.compile(r'\s*<script [^>]*src="[^"]*_static/design-tabs\.js[^"]*"></script>')


# sphinx-proof and sphinx-exercise give every box of a kind the same id.
_SHARED_IDS = re.compile(r'\s+id="(?:proof|proof-content|exercise-content|solution-content)"')
# myst-nb puts <p> in the <summary> of a folded cell, where HTML allows no <p>.
_SUMMARY_P = re.compile(r'<p (class="(?:collapsed|expanded) admonition-title")>(.*?)</p>(?=\s*(?:<p class="(?:collapsed|expanded)|</summary>))')
_ID_ATTR = re.compile(r'\s+id="([^"]+)"')


def _dedupe_ids(text: str) -> str:
    """Drop the id of every element after the first that carries it."""
    seen: set[str] = set()

    def keep_first(m: re.Match) -> str:
        if m.group(1) in seen:
            return ""
        seen.add(m.group(1))
        return m.group(0)

    return _ID_ATTR.sub(keep_first, text)


def _fix_markup(text: str, name: str) -> str:
    """Markup fixes for the axe-core and Nu HTML checks, and lighter pages.

    * docutils marks citations ``role="doc-biblioentry"`` (deprecated in
      ARIA 1.3, and not allowed on a ``div``) inside ``role="list"``: both go.
    * The theme's search buttons are named "Search" but show "Search Ctrl+K";
      without the ``aria-label`` their name is the text they show.
    * The sidebar's site title is outside any landmark: its section becomes
      a navigation landmark.
    * sphinx-proof and sphinx-exercise repeat the ids ``proof``,
      ``proof-content``, ``exercise-content`` and ``solution-content`` (the
      Nu validator's "Duplicate ID"): they go (custom.css styles proofs by
      class), and any other repeated id is kept only on its first element.
    * myst-nb puts ``<p>`` inside ``<summary>`` (not allowed): it becomes a
      ``<span>`` (custom.css keeps its look).
    * myst-nb names the summary of a folded cell "Toggle hidden content",
      but it shows "Show code cell source": the name goes, the text stays.
    * The launch menu's logos load when the menu is opened (lazy).
    * Only the search page needs Sphinx's search scripts and index, and only
      a page with sphinx-design tabs needs their script.
    """
    text = re.sub(r"<h1>\s*</h1>", "", text)  # the print header of pages with no title
    text = text.replace(' role="doc-biblioentry"', "")
    text = text.replace('<div role="list" class="citation-list">', '<div class="citation-list">')
    text = re.sub(
        r'(<button class="[^"]*search-button-field[^"]*"[^>]*?) aria-label="[^"]*"', r"\1", text
    )
    text = text.replace(
        '<div class="sidebar-primary-items__start sidebar-primary__section">',
        '<div class="sidebar-primary-items__start sidebar-primary__section" role="navigation" aria-label="Course">',
    )
    text = text.replace('<summary aria-label="Toggle hidden content">', "<summary>")
    # The launch menu's logos show only when a reader opens the menu.
    text = re.sub(r'<img (alt="[^"]*logo" src="[^"]*_static/images/logo_)', r'<img loading="lazy" \1', text)
    text = _SUMMARY_P.sub(r"<span \1>\2</span>", text)
    text = _SHARED_IDS.sub("", text)
    text = _dedupe_ids(text)
    if name != "search.html":
        text = _SEARCH_SCRIPTS.sub("", text)
    if "sd-tab" not in text:
        text = _DESIGN_TABS.sub("", text)
    return text


_IMG_PNG = re.compile(r'(<img [^>]*?src="(?:[^"]*/)?_images/([^"/]+))\.png"')


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


def _sized_image(m: re.Match, webp: set[str], sizes: dict[str, tuple[int, int]]) -> str:
    """An _images <img> pointing at the WebP copy, with its width and height
    (so the browser keeps the figure's space before it loads: no layout shift)."""
    tag_start, stem = m.group(1), m.group(2)
    out = tag_start + (".webp" if stem in webp else ".png") + '"'
    if stem in sizes and " width=" not in tag_start:
        out = out.replace("<img ", '<img width="%d" height="%d" ' % sizes[stem], 1)
    return out


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


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    webp = _webp_images(outdir)
    sizes = _image_sizes(outdir)
    can_subset = importlib.util.find_spec("fontTools") is not None
    fa_js = outdir / "_static" / "scripts" / "fontawesome.js"
    pages = sorted(outdir.rglob("*.html"))
    used: set[tuple[str, str]] = set()
    known: set[str] = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        used |= _icons_used(text)
        new = _fix_markup(_FA_SCRIPT.sub("", text), page.name)
        new = _IMG_PNG.sub(lambda m: _sized_image(m, webp, sizes), new)
        known |= set(re.findall(r"[\w-]+", " ".join(_CLASS_ATTR.findall(new))))
        known |= set(re.findall(r'\bid="([^"]+)"', new))
        if new != text:
            page.write_text(new, encoding="utf-8")
    for js in (outdir / "_static").rglob("*.js"):
        if js.name != "fontawesome.js":
            known |= set(re.findall(r"[\w-]+", js.read_text(encoding="utf-8", errors="replace")))
    for pattern in _PURGED_CSS:
        for css_file in (outdir / "_static").glob(pattern):
            text = css_file.read_text(encoding="utf-8")
            css_file.write_text(_purge_css(text, known, can_subset), encoding="utf-8")
    if fa_js.exists():
        packs = _fontawesome_icons(fa_js.read_text(encoding="utf-8"))
        css, missing = _icon_css(used, packs)
        for item in missing:
            logger.warning(f"[site_tweaks] icon not found in fontawesome.js: {item}")
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
