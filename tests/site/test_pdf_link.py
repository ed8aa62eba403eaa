"""Links to the book's PDF (Start here page, every page's download menu): only to a PDF that is there, with its size.

``make book`` alone builds no PDF (``make pdf`` prints it), so a link to it
would lead to a 404. ``_ext/book_pdf_link.py`` writes the link only when the
PDF is in the output folder, and otherwise the file's name with a note that
``make pdf`` builds it; ``scripts/book_pdf.py`` puts the link in once it has
written the PDF. Every link to the PDF gives its size, read from the file.
The theme's menu entry that prints the current page says so. Checked on the
built site as it is (with or without the PDF), on a site built before its
PDF and linked afterwards (as ``make book`` then ``make pdf`` do), and on the
transformations themselves.
"""

from __future__ import annotations

import posixpath
import sys
import urllib.request

import pytest

from conftest import ROOT, SITE
from pagecheck import open_page

sys.path.insert(0, str(ROOT / "_ext"))
import book_pdf_link  # noqa: E402

PDF = SITE / book_pdf_link.PDF_NAME


def test_the_start_page_links_the_pdf_only_when_it_was_built(base_url, context, site):
    page, log = open_page(context, f"{base_url}/start_here.html")
    links = page.locator(f'section#the-whole-book-as-a-pdf a[href$="{book_pdf_link.PDF_NAME}"]')
    section = page.locator("section#the-whole-book-as-a-pdf").inner_text()
    if PDF.is_file():
        assert links.count() == 1, "the PDF is built but the page does not link it"
        with urllib.request.urlopen(links.first.evaluate("a => a.href"), timeout=30) as response:
            assert response.status == 200 and response.read(5) == b"%PDF-"
        assert "not built yet" not in section
        assert f"{book_pdf_link.PDF_NAME} ({book_pdf_link.pdf_size(PDF.stat().st_size)})" in section, section
    else:
        assert links.count() == 0, "the page links a PDF that was not built (a 404)"
        assert "not built yet: run make pdf" in section, section
    assert not log.failed_requests and not log.console_errors, (log.failed_requests, log.console_errors)


def test_book_pdf_puts_back_exactly_the_link_the_build_took_out():
    body = f'<p>{book_pdf_link.LINK}: every chapter ...</p>'
    without = book_pdf_link.unlink_pdf(body)
    assert book_pdf_link.PDF_NAME in without and "href" not in without and "make pdf" in without
    linked = book_pdf_link.link_pdf(without, "40.3 MB")
    assert linked == body.replace(book_pdf_link.LINK, book_pdf_link.LINK + ' <span class="book-pdf-size">(40.3 MB)</span>')
    assert book_pdf_link.link_pdf(linked, "40.3 MB") == linked, "linking twice changes nothing"


def test_where_the_pdf_is_missing_the_menu_entry_and_start_here_say_how_to_build_it():
    # a reader who opens the menu of a site built by `make book` alone learns the command there
    assert book_pdf_link.MENU_MISSING_TEXT.startswith("Whole book (PDF): run")
    assert "make pdf" in book_pdf_link.MENU_MISSING_TEXT
    assert "make pdf" in book_pdf_link.MENU_MISSING_TOOLTIP and "make book" in book_pdf_link.MENU_MISSING_TOOLTIP
    note = book_pdf_link.unlink_pdf(book_pdf_link.LINK)
    assert "<code>make pdf</code>" in note and "<code>make book</code>" in note, note


def test_the_printed_book_hides_the_note():
    sys.path.insert(0, str(ROOT / "scripts"))
    import book_pdf

    assert ".book-pdf-note" in book_pdf.PRINT_CSS
    assert book_pdf.PDF_NAME == book_pdf_link.PDF_NAME


def test_pdf_size_is_given_in_decimal_megabytes_or_kilobytes():
    assert book_pdf_link.pdf_size(40_312_345) == "40.3 MB"
    assert book_pdf_link.pdf_size(850_400) == "850 kB"
    assert book_pdf_link.pdf_size(1) == "1 kB"
    with pytest.raises(ValueError, match="nbytes must be a size in bytes"):
        book_pdf_link.pdf_size(-1)


def _menu(page):
    page.locator(".dropdown-download-buttons button.dropdown-toggle").first.click()
    return page.locator(".dropdown-download-buttons .dropdown-menu").first


@pytest.mark.parametrize("rel", ["chapters/03_entropy.html", "start_here.html"])
def test_download_menu_prints_this_page_and_offers_the_whole_book_with_its_size(base_url, context, site, rel):
    page, log = open_page(context, f"{base_url}/{rel}")
    menu = _menu(page)
    text = menu.inner_text()
    assert "Print this page" in text and ".pdf" not in text.split(), text
    entry = menu.locator(f"a.btn-{book_pdf_link.MENU_LABEL}")
    assert entry.count() == 1
    href = entry.evaluate("a => a.href")
    if PDF.is_file():
        assert entry.inner_text().strip() == book_pdf_link.menu_text(book_pdf_link.pdf_size(PDF.stat().st_size))
        with urllib.request.urlopen(href, timeout=30) as response:
            assert response.status == 200 and response.read(5) == b"%PDF-"
    else:
        assert entry.inner_text().strip() == book_pdf_link.MENU_MISSING_TEXT
        assert href.endswith(f"/start_here.html#{book_pdf_link.SECTION}"), href
    assert not log.failed_requests and not log.console_errors, (log.failed_requests, log.console_errors)


@pytest.mark.parametrize("rel", ["chapters/03_entropy.html", "start_here.html"])
def test_the_download_menu_and_start_here_both_download_the_pdf(base_url, context, site, rel):
    """Neither opens the PDF in a tab: the reader gets the file, named as the book."""
    if not PDF.is_file():
        pytest.skip(f"the book's PDF ({PDF}) is missing: make pdf")
    page, log = open_page(context, f"{base_url}/{rel}")
    links = [_menu(page).locator(f"a.btn-{book_pdf_link.MENU_LABEL}")]
    if rel == f"{book_pdf_link.PAGE}.html":
        links.append(page.locator(f'section#{book_pdf_link.SECTION} a[href$="{book_pdf_link.PDF_NAME}"]'))
    for link in links:
        if not link.is_visible():
            _menu(page)
        tabs = len(context.pages)
        with page.expect_download(timeout=60_000) as download:
            link.click()
        assert download.value.suggested_filename == book_pdf_link.PDF_NAME
        download.value.cancel()
        assert len(context.pages) == tabs, "the PDF opened in a new tab"
    assert not log.failed_requests and not log.console_errors, (log.failed_requests, log.console_errors)


def test_a_site_built_before_its_pdf_links_it_with_its_size_once_the_pdf_is_written(tmp_path, site):
    """``make book`` then ``make pdf``: book_pdf.link_site turns every missing-PDF entry into the link."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import book_pdf

    pages = ["start_here.html", "chapters/03_entropy.html", "glossary.html"]
    for rel in pages:
        html = (SITE / rel).read_text(encoding="utf-8")
        if PDF.is_file():  # this site was built after its PDF: make it as a site built before one
            size = book_pdf_link.pdf_size(PDF.stat().st_size)
            pdf_href = posixpath.relpath(book_pdf_link.PDF_NAME, posixpath.dirname(rel) or ".")
            html = html.replace(book_pdf_link.linked(size), book_pdf_link.MISSING)
            html = html.replace(book_pdf_link._download_anchor(pdf_href), book_pdf_link._menu_anchor(
                book_pdf_link.missing_href(rel), book_pdf_link.MENU_MISSING_TOOLTIP))
            html = html.replace(f">{book_pdf_link.menu_text(size)}<", f">{book_pdf_link.MENU_MISSING_TEXT}<")
        assert book_pdf_link.MENU_MISSING_TEXT in html, rel
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(html, encoding="utf-8")
    book_pdf.link_site(tmp_path, "12.3 MB")
    for rel in pages:
        html = (tmp_path / rel).read_text(encoding="utf-8")
        assert book_pdf_link.MENU_MISSING_TEXT not in html and "not built yet" not in html, rel
        assert ">Whole book (PDF, 12.3 MB)<" in html, rel
        pdf_href = posixpath.relpath(book_pdf_link.PDF_NAME, posixpath.dirname(rel) or ".")
        assert f'<a href="{pdf_href}" download class="btn btn-sm btn-{book_pdf_link.MENU_LABEL}' in html, rel
    assert book_pdf_link.linked("12.3 MB") in (tmp_path / "start_here.html").read_text(encoding="utf-8")


def test_a_pdf_written_again_after_the_website_gives_its_new_size_everywhere(tmp_path, site):
    """``make pdf`` twice (or after a ``make book`` that found an older PDF): no page keeps the old size."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import book_pdf

    pages = ["start_here.html", "chapters/03_entropy.html"]
    for rel in pages:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text((SITE / rel).read_text(encoding="utf-8"), encoding="utf-8")
    book_pdf.link_site(tmp_path, "39.4 MB")  # the first PDF (or the one the website was built with)
    book_pdf.link_site(tmp_path, "40.5 MB")  # written again
    for rel in pages:
        html = (tmp_path / rel).read_text(encoding="utf-8")
        assert ">Whole book (PDF, 40.5 MB)<" in html and "39.4 MB" not in html, rel
    assert book_pdf_link.linked("40.5 MB") in (tmp_path / "start_here.html").read_text(encoding="utf-8")
