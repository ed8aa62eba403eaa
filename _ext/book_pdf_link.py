"""Links to the book's PDF: on the Start here page and in every page's download menu, with its size.

``make pdf`` prints the built website to ``_build/html/information-theory-basics.pdf``
(``scripts/book_pdf.py``); ``make book`` alone does not, and a link to the
PDF would then lead to a missing file. Every page is written without the link:
the Start here page names the file and says how to build it, and the menu's
entry says "Whole book (PDF): run make pdf" (short enough for a phone's menu) and leads to that
section of the Start here page. Where the PDF is there, :func:`link_site` then puts the links
in, with the size of the file ("information-theory-basics.pdf (40.3 MB)", "Whole
book (PDF, 40.3 MB)"): at the end of the build when the output folder has the
PDF, and from ``scripts/book_pdf.py`` once it has written it, so a site built
before its PDF ends up as one built after it.

Both links download the file (the ``download`` attribute) rather than open it
in a tab: they sit in the download menu and under "for printing or reading
offline", and a 40 MB PDF in a browser tab is slow to show on a phone and gone
when the tab closes. The theme's own menu entry ".pdf", which prints the
current page, is renamed "Print this page". The note is hidden in the printed
book.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

PDF_NAME = "information-theory-basics.pdf"
PAGE = "start_here"
SECTION = "the-whole-book-as-a-pdf"
LINK = f'<a href="{PDF_NAME}" download>{PDF_NAME}</a>'
MISSING = (f'<span class="book-pdf-missing">{PDF_NAME}</span><span class="book-pdf-note"> '
           "(not built yet: run <code>make pdf</code> in your copy of the repository, after "
           "<code>make book</code>, and reload this page)</span>")

# The download menu (sphinx-book-theme's "download-buttons" group).
MENU_GROUP = "download-buttons"
PRINT_LABEL = "download-pdf-button"  # the theme's window.print() entry
PRINT_TEXT = "Print this page"
PRINT_TOOLTIP = "Print this page, or save it as a PDF, from your browser"
MENU_LABEL = "download-book-pdf-button"
MENU_TOOLTIP = "Download the whole course as one PDF"
MENU_MISSING_TEXT = "Whole book (PDF): run make pdf"
MENU_MISSING_TOOLTIP = "make pdf, run after make book in your copy of the repository, builds it (see Start here)"


def pdf_size(nbytes: int) -> str:
    """A file size for readers, in decimal units: '40.3 MB', '850 kB'."""
    if nbytes < 0:
        raise ValueError(f"nbytes must be a size in bytes (0 or more); got {nbytes!r}")
    if nbytes >= 1_000_000:
        return f"{nbytes / 1_000_000:.1f} MB"
    return f"{max(1, round(nbytes / 1000))} kB"


def linked(size: str) -> str:
    """The Start here page's link to the PDF, with its size."""
    return f'{LINK} <span class="book-pdf-size">({size})</span>'


def menu_text(size: str) -> str:
    return f"Whole book (PDF, {size})"


def unlink_pdf(html: str) -> str:
    """The page with the PDF's link replaced by its name and how to build it."""
    return html.replace(LINK, MISSING)


def link_pdf(html: str, size: str) -> str:
    """The page with the PDF's name and note replaced by the link and its size (the inverse of :func:`unlink_pdf`)."""
    return html.replace(MISSING, linked(size))


def _menu_anchor(href: str, tooltip: str) -> str:
    # As sphinx-book-theme's macro (macros/buttons.html) writes a link entry.
    return (f'<a href="{href}" target="_blank" class="btn btn-sm btn-{MENU_LABEL} dropdown-item" '
            f'title="{tooltip}"')


def _download_anchor(href: str) -> str:
    """The menu entry's link to the PDF: downloads it, as the Start here page's link does."""
    return f'<a href="{href}" download class="btn btn-sm btn-{MENU_LABEL} dropdown-item" title="{MENU_TOOLTIP}"'


def missing_href(page: str) -> str:
    """The menu entry's address on ``page`` (a path such as 'chapters/03_entropy.html') while there is no PDF."""
    start = f"{PAGE}.html"
    rel = "" if page == start else posixpath.relpath(start, posixpath.dirname(page) or ".")
    return f"{rel}#{SECTION}"


def link_menu(html: str, page: str, size: str) -> str:
    """The page (at ``page`` in the site) with its menu entry for a missing PDF turned into the link and size.

    A page without the entry, or already linked, is returned unchanged; an entry
    that is not exactly as the theme wrote it raises ValueError.
    """
    if MENU_MISSING_TEXT not in html:
        return html
    old = _menu_anchor(missing_href(page), MENU_MISSING_TOOLTIP)
    pdf = posixpath.relpath(PDF_NAME, posixpath.dirname(page) or ".")
    for a, b in ((old, _download_anchor(pdf)),
                 (f">{MENU_MISSING_TEXT}<", f">{menu_text(size)}<")):
        if html.count(a) != 1:
            raise ValueError(f"{page}: the download menu's book entry is not as the theme writes it ({a!r})")
        html = html.replace(a, b)
    return html


_START_PAGE_SIZE = re.compile(r'<span class="book-pdf-size">\([^()<]*\)</span>')
_MENU_SIZE = re.compile(r">Whole book \(PDF, [^()<]*\)<")


def resize(html: str, size: str) -> str:
    """The page with every size it gives for the PDF made ``size`` (for a PDF written again after the website)."""
    html = _START_PAGE_SIZE.sub(f'<span class="book-pdf-size">({size})</span>', html)
    return _MENU_SIZE.sub(f">{menu_text(size)}<", html)


def _download_menu(context: dict[str, Any], pagename: str) -> None:
    groups = [g for g in context.get("header_buttons", []) if g.get("label") == MENU_GROUP]
    if not groups:
        return
    buttons = groups[0]["buttons"]
    for button in buttons:
        if button.get("label") == PRINT_LABEL:
            button.update(text=PRINT_TEXT, tooltip=PRINT_TOOLTIP, icon="fas fa-print")
    start = "" if pagename == PAGE else context["pathto"](PAGE)  # pathto gives "#" for the page itself
    buttons.append({"type": "link", "icon": "fas fa-book", "label": MENU_LABEL,
                    "url": f"{start}#{SECTION}", "text": MENU_MISSING_TEXT, "tooltip": MENU_MISSING_TOOLTIP})


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    _download_menu(context, pagename)
    if pagename != PAGE or "body" not in context:
        return
    if LINK not in context["body"]:
        raise ValueError(f"{PAGE}: the link to the PDF ({LINK}) is not on the page")
    context["body"] = unlink_pdf(context["body"])


def link_site(site: Path, size: str) -> None:
    """Every page of a site written without its PDF's links: link the PDF, with its size."""
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("_static/", "_sources/", "_images/")):
            continue
        html = path.read_text(encoding="utf-8")
        new = link_menu(html, rel, size)
        if rel == f"{PAGE}.html":
            new = link_pdf(new, size)
        new = resize(new, size)
        if new != html:
            path.write_text(new, encoding="utf-8")


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    pdf = Path(app.outdir) / PDF_NAME
    if exception is None and app.builder.format == "html" and pdf.is_file():
        link_site(Path(app.outdir), pdf_size(pdf.stat().st_size))


def setup(app: Sphinx) -> dict[str, Any]:
    # After sphinx-book-theme has made its header buttons (priority 501).
    app.connect("html-page-context", _page_context, priority=550)
    # After site_tweaks has rewritten the pages (priority 500).
    app.connect("build-finished", _build_finished, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
