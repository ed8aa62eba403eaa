"""The Start here page links the book's PDF only when the PDF is there.

``make pdf`` prints the built website to ``_build/html/information-theory-basics.pdf``
(``scripts/book_pdf.py``); ``make book`` alone does not, and a link to the
PDF would then lead to a missing file. When the page is written, if the PDF
is not in the output folder, its link becomes the file's name and a note
saying how to build it; ``scripts/book_pdf.py`` puts the link back
(:func:`link_pdf`) once it has written the PDF. The note is hidden in the
printed book.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

PDF_NAME = "information-theory-basics.pdf"
PAGE = "start_here"
LINK = f'<a href="{PDF_NAME}" download>{PDF_NAME}</a>'
MISSING = (f'<span class="book-pdf-missing">{PDF_NAME}</span><span class="book-pdf-note"> '
           "(not built yet: run <code>make pdf</code> and reload this page)</span>")


def unlink_pdf(html: str) -> str:
    """The page with the PDF's link replaced by its name and how to build it."""
    return html.replace(LINK, MISSING)


def link_pdf(html: str) -> str:
    """The page with the PDF's name and note replaced by the link (the inverse of :func:`unlink_pdf`)."""
    return html.replace(MISSING, LINK)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if pagename != PAGE or "body" not in context:
        return
    if LINK not in context["body"]:
        raise ValueError(f"{PAGE}: the link to the PDF ({LINK}) is not on the page")
    if not (Path(app.outdir) / PDF_NAME).is_file():
        context["body"] = unlink_pdf(context["body"])


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _page_context, priority=500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
