"""The Start here page links the book's PDF only when there is one, and otherwise says how to build it.

``make book`` alone builds no PDF (``make pdf`` prints it), so a link to it
would lead to a 404. ``_ext/book_pdf_link.py`` writes the link only when the
PDF is in the output folder, and otherwise the file's name with a note that
``make pdf`` builds it; ``scripts/book_pdf.py`` puts the link in once it has
written the PDF. Checked on the built site as it is (with or without the PDF)
and on the two transformations themselves.
"""

from __future__ import annotations

import sys
import urllib.request

from conftest import ROOT, SITE
from pagecheck import open_page

sys.path.insert(0, str(ROOT / "_ext"))
import book_pdf_link  # noqa: E402

PDF = SITE / book_pdf_link.PDF_NAME


def test_the_start_page_links_the_pdf_only_when_it_was_built(base_url, context, site):
    page, log = open_page(context, f"{base_url}/start_here.html")
    links = page.locator(f'a[href$="{book_pdf_link.PDF_NAME}"]')
    section = page.locator("section#the-whole-book-as-a-pdf").inner_text()
    if PDF.is_file():
        assert links.count() == 1, "the PDF is built but the page does not link it"
        with urllib.request.urlopen(links.first.evaluate("a => a.href"), timeout=30) as response:
            assert response.status == 200 and response.read(5) == b"%PDF-"
        assert "not built yet" not in section
    else:
        assert links.count() == 0, "the page links a PDF that was not built (a 404)"
        assert "not built yet: run make pdf" in section, section
    assert not log.failed_requests and not log.console_errors, (log.failed_requests, log.console_errors)


def test_book_pdf_puts_back_exactly_the_link_the_build_took_out():
    body = f'<p>{book_pdf_link.LINK}: every chapter ...</p>'
    without = book_pdf_link.unlink_pdf(body)
    assert book_pdf_link.PDF_NAME in without and "href" not in without and "make pdf" in without
    assert book_pdf_link.link_pdf(without) == body
    assert book_pdf_link.link_pdf(body) == body, "linking twice changes nothing"


def test_the_printed_book_hides_the_note():
    sys.path.insert(0, str(ROOT / "scripts"))
    import book_pdf

    assert ".book-pdf-note" in book_pdf.PRINT_CSS
    assert book_pdf.PDF_NAME == book_pdf_link.PDF_NAME
