"""Print the whole book to one PDF: every page of the table of contents, in order.

The website built by ``make book`` (``_build/html``) is served on 127.0.0.1
and each page is printed by Debian's Chromium through Playwright, with a
print style sheet: the site's navigation, header and footer hidden, the
exercises' solutions and the notes unfolded, every section laid out (the
site lays out far sections lazily), code wrapped instead of cut off, and each
explorable replaced by its table of starting values (the ``text/markdown``
output stored in the chapter's notebook, computed by infolib), and each
self-check question printed as its question, its choices lettered (a), (b), ...
and its answer with the explanation (for a multiple-choice question, why each
choice is right or wrong) instead of form controls. Each page starts on a new
sheet. The book opens with a title page (title, authors, version, website,
licences) and a table of contents with the page each page of the book starts
on, then the landing page and the rest; every sheet carries its number at the foot
(printed by Chromium on a sheet of its own and laid over the book's), and the
PDF's outline lists the pages. Links to other pages of the site become plain
text (they would lead to the local server).

Usage: python scripts/book_pdf.py [--site _build/html] [--out FILE]
Default output: _build/html/information-theory-basics.pdf, which the Start
here page and every page's download menu link, with its size: a site built
without the PDF names the file and says how to build it
(``_ext/book_pdf_link.py``), and this script, once it has written the PDF
there, puts the links in with the size of the file (:func:`link_site`).
``make pdf`` runs it after ``make book``.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import json
import sys
import threading
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "site"))
sys.path.insert(0, str(ROOT / "_ext"))

from book_pdf_link import PDF_NAME, link_site, pdf_size  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
PAGE_TIMEOUT_MS = 120_000

PRINT_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
html { font-size: 10.5pt !important; }
.bd-header, .bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer,
.bd-footer-article, .bd-footer-content, .prev-next-area, .header-article-items, .skip-link,
#pst-back-to-top, .headerlink, .book-pdf-note, .toggle-button, button.toggle-button, .copybtn, .search-button,
.pst-navbar-icon, .sidebar-toggle, .bd-search, footer, .footer-items__start { display: none !important; }
.bd-page-width, .bd-main, .bd-content, .bd-article-container, .bd-article { max-width: none !important;
  width: auto !important; padding: 0 !important; margin: 0 !important; }
.bd-container, .bd-container__inner { display: block !important; max-width: none !important; }
* { content-visibility: visible !important; contain-intrinsic-size: none !important; }
pre, pre code { white-space: pre-wrap !important; overflow-wrap: anywhere; overflow: visible !important; }
figure, img, table, .admonition, .proof, div.cell_output, mjx-container { break-inside: avoid; }
h1, h2, h3 { break-after: avoid; }
a { color: inherit; }
.toggle-hidden, .toggle-details__container { display: block !important; visibility: visible !important;
  height: auto !important; opacity: 1 !important; }
mjx-container[display="true"] { overflow: visible !important; }
table.itbx-print { border-collapse: collapse; margin: 0.5rem 0; }
table.itbx-print td, table.itbx-print th { border: 1px solid #999; padding: 0.15rem 0.5rem; }
table.itbx-print td:last-child { text-align: right; font-variant-numeric: tabular-nums; }
.itsc { break-inside: avoid; }
.itsc button, .itsc input, .itsc > label, .itsc-feedback, .itsc details > summary { display: none !important; }
.itsc fieldset { counter-reset: itsc-choice; }
.itsc fieldset label { display: block !important; margin: 0.15rem 0 0 1rem !important; }
.itsc fieldset label::before { counter-increment: itsc-choice; content: "(" counter(itsc-choice, lower-alpha) ") "; }
.itsc .itsc-why { display: block !important; counter-reset: itsc-why; margin-top: 0.4rem; }
.itsc .itsc-why::before { content: "Answers"; font-weight: 600; }
.itsc .itsc-why p { margin: 0.15rem 0 0 1rem; }
.itsc .itsc-why p::before { counter-increment: itsc-why; content: "(" counter(itsc-why, lower-alpha) ") "; }
.itsc details p::before { content: "Answer: "; font-weight: 600; }
"""

# The table of contents: one line per page of the book, with its first sheet's number.
CONTENTS_TITLE = "Contents"
CONTENTS_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Contents</title><style>
@page {{ size: A4; margin: 16mm 15mm 18mm 15mm; }}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.5; color: #000; }}
h1 {{ font-size: 20pt; font-weight: 600; margin: 0 0 1rem; }}
h2 {{ font-size: 12pt; font-weight: 600; margin: 1rem 0 0.25rem; }}
ol {{ list-style: none; margin: 0; padding: 0; }}
li {{ display: flex; gap: 0.5rem; align-items: baseline; }}
li .title {{ flex: none; max-width: 85%; }}
li .dots {{ flex: 1 1 auto; border-bottom: 1px dotted #777; }}
li .page {{ flex: none; font-variant-numeric: tabular-nums; }}
</style></head><body><h1>{title}</h1>{parts}</body></html>"""

# The title page: the book's title, authors, version, website and licences (one sheet).
TITLE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title><style>
@page {{ size: A4; margin: 16mm 15mm 18mm 15mm; }}
body {{ font-family: "DejaVu Sans", sans-serif; color: #000; margin: 0; }}
h1 {{ font-size: 30pt; font-weight: 600; margin: 70mm 0 0; }}
.by {{ font-size: 13pt; margin: 12mm 0 0; }}
.version {{ font-size: 11pt; margin: 4mm 0 0; }}
.site {{ font-size: 11pt; margin: 60mm 0 0; }}
.licence {{ font-size: 9.5pt; color: #333; margin: 4mm 0 0; }}
</style></head><body><h1>{title}</h1><p class="by">{author}</p><p class="version">Version {version}</p>
<p class="site">{site}</p><p class="licence">Text and figures under CC BY 4.0, code under the MIT licence.</p>
</body></html>"""

# One blank A4 sheet per page of the book, with the page's number at its foot (Chromium's footer).
NUMBERS_HTML = """<!doctype html><html><head><style>@page {{ size: A4; }}
div {{ height: 1px; }} div + div {{ break-before: page; }}</style></head><body>{sheets}</body></html>"""
NUMBER_FOOTER = ('<div style="width: 100%; text-align: center; font-size: 9pt; font-family: \'DejaVu Sans\', sans-serif; '
                 'color: #333;"><span class="pageNumber"></span></div>')
MARGINS = {"top": "16mm", "right": "15mm", "bottom": "18mm", "left": "15mm"}

# Run in the page before printing: unfold, drop links to other pages, and put
# the explorables' tables (arguments: the tables' HTML, in page order) in place.
PREPARE_JS = """
(tables) => {
  document.querySelectorAll('details').forEach((d) => {
    if (!d.classList.contains('hide')) d.open = true;
  });
  document.querySelectorAll('.toggle-hidden').forEach((e) => e.classList.remove('toggle-hidden'));
  document.querySelectorAll('a[href]').forEach((a) => {
    const url = new URL(a.href, location.href);
    const samePage = url.origin === location.origin && url.pathname === location.pathname;
    if (!samePage) a.removeAttribute('href');
  });
  const boxes = [...document.querySelectorAll('div.itbx')];
  if (boxes.length !== tables.length) return `${boxes.length} explorables on the page, ${tables.length} tables`;
  boxes.forEach((box, i) => {
    const title = box.querySelector('.itbx-title');
    const wrap = document.createElement('div');
    wrap.innerHTML = (title ? `<p><em>${title.textContent}</em> (starting values; the website's version has sliders)</p>` : '') + tables[i];
    wrap.querySelector('table')?.classList.add('itbx-print');
    box.replaceWith(wrap);
  });
  return '';
}
"""


def toc_pages(root: Path = ROOT) -> list[str]:
    """The book's documents, in the table of contents' order (without suffix)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return pages


def toc_parts(root: Path = ROOT) -> list[tuple[str, list[str]]]:
    """The table of contents' parts, as (caption, documents); the root page comes first, uncaptioned."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    parts: list[tuple[str, list[str]]] = [("", [toc["root"]])]

    def walk(entries, into):
        for entry in entries or []:
            if "file" in entry:
                into.append(entry["file"])
            walk(entry.get("sections"), into)

    for part in toc.get("parts", []):
        docs: list[str] = []
        walk(part.get("chapters"), docs)
        parts.append((part.get("caption", ""), docs))
    if toc.get("chapters"):
        docs = []
        walk(toc.get("chapters"), docs)
        parts.append(("", docs))
    return parts


def title_html(root: Path = ROOT) -> str:
    """The title page: title and authors from ``_config.yml``, the version from ``pyproject.toml``."""
    import html

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    version = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    return TITLE_HTML.format(title=html.escape(config["title"]), author=html.escape(config["author"]),
                             version=html.escape(version), site=html.escape(config["html"]["baseurl"]))


def contents_html(parts: list[tuple[str, list[tuple[str, int]]]]) -> str:
    """The table of contents' page: for each part, its caption and its pages' (title, number)."""
    import html

    out = []
    for caption, entries in parts:
        if caption:
            out.append(f"<h2>{html.escape(caption)}</h2>")
        out.append("<ol>" + "".join(
            f'<li><span class="title">{html.escape(title)}</span><span class="dots"></span>'
            f'<span class="page">{number}</span></li>' for title, number in entries) + "</ol>")
    return CONTENTS_HTML.format(title=CONTENTS_TITLE, parts="".join(out))


def explorable_tables(doc: str, root: Path = ROOT) -> list[str]:
    """HTML of the starting-value table of each explorable in a chapter notebook, in order."""
    from markdown_it import MarkdownIt

    notebook = root / f"{doc}.ipynb"
    if not notebook.exists():
        return []
    md = MarkdownIt("commonmark").enable("table")
    tables = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            html = "".join(data.get("text/html", []))
            if 'class="itbx"' in html:
                markdown = "".join(data.get("text/markdown", []))
                if not markdown:
                    raise SystemExit(f"{notebook.name}: an explorable output has no text/markdown table")
                tables.append(md.render(markdown))
    return tables


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def build(site: Path, out: Path) -> Path:
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    if not (site / "index.html").exists():
        raise SystemExit(f"no built website in {site}: run `make book` first")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    printed: dict[str, tuple[str, PdfReader]] = {}  # document -> (title, its sheets)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(viewport={"width": 1000, "height": 1400}, color_scheme="light")
            context.add_init_script("localStorage.setItem('mode', 'light'); localStorage.setItem('theme', 'light');")
            for doc in toc_pages():
                page = context.new_page()
                page.set_default_timeout(PAGE_TIMEOUT_MS)
                page.goto(f"{base}/{doc}.html", wait_until="load")
                page.add_style_tag(content=PRINT_CSS)
                problem = page.evaluate(PREPARE_JS, explorable_tables(doc))
                if problem:
                    raise SystemExit(f"{doc}: {problem}")
                page.emulate_media(media="print")
                page.evaluate("document.fonts.ready.then(() => true)")
                title = page.evaluate("(document.querySelector('article h1') || {}).textContent || document.title")
                pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
                page.close()
                printed[doc] = (title.strip().rstrip("#").strip(), PdfReader(io.BytesIO(pdf)))
                print(f"{doc}: {len(printed[doc][1].pages)} pages")
            title_page = _title_page(context)
            contents, starts = _contents(context, printed)
            total = 1 + len(contents.pages) + sum(len(r.pages) for _, r in printed.values())
            numbers = _page_numbers(context, total)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()

    writer = PdfWriter()
    writer.append(title_page, import_outline=False)
    writer.append(contents, import_outline=False)
    writer.add_outline_item(title=CONTENTS_TITLE, page_number=1)
    for doc in toc_pages():
        title, reader = printed[doc]
        assert len(writer.pages) == starts[doc]
        writer.append(reader, import_outline=False)
        writer.add_outline_item(title=title, page_number=starts[doc])
    assert len(writer.pages) == total
    for page, number in zip(writer.pages, numbers.pages):
        page.merge_page(number)
    writer.add_metadata({"/Title": "Information Theory Basics", "/Author": "The Information Theory Basics course team",
                         "/Subject": "Text and figures CC BY 4.0, code MIT"})
    writer.page_mode = "/UseOutlines"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as f:
        writer.write(f)
    print(f"wrote {out} ({total} pages, {len(contents.pages)} of contents, {out.stat().st_size / 1e6:.1f} MB)")
    return out


def _title_page(context):
    """The title page as a one-sheet PDF."""
    from pypdf import PdfReader

    page = context.new_page()
    page.set_content(title_html(), wait_until="load")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    page.close()
    if len(reader.pages) != 1:
        raise SystemExit(f"the title page takes {len(reader.pages)} sheets, not one")
    return reader


def _contents(context, printed):
    """The table of contents as a PDF, and the index of each document's first sheet in the book.

    The contents come after the title page and before the book's pages, so
    their own length moves every number: printed again until the length it
    assumed holds.
    """
    from pypdf import PdfReader

    docs = toc_pages()
    sheets = 1
    for _ in range(5):
        starts, at = {}, 1 + sheets  # the title page, then the contents
        for doc in docs:
            starts[doc] = at
            at += len(printed[doc][1].pages)
        parts = [(caption, [(printed[d][0], starts[d] + 1) for d in members]) for caption, members in toc_parts()]
        page = context.new_page()
        page.set_content(contents_html(parts), wait_until="load")
        reader = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
        page.close()
        if len(reader.pages) == sheets:
            return reader, starts
        sheets = len(reader.pages)
    raise SystemExit("the table of contents does not settle on a number of sheets")


def _page_numbers(context, total: int):
    """``total`` blank A4 sheets, each with its number at the foot, to lay over the book's sheets."""
    from pypdf import PdfReader

    page = context.new_page()
    page.set_content(NUMBERS_HTML.format(sheets="<div></div>" * total), wait_until="load")
    pdf = page.pdf(format="A4", display_header_footer=True, header_template="<span></span>",
                   footer_template=NUMBER_FOOTER, margin=MARGINS)
    page.close()
    reader = PdfReader(io.BytesIO(pdf))
    if len(reader.pages) != total:
        raise SystemExit(f"printed {len(reader.pages)} numbered sheets for {total} pages")
    return reader


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    out = args.out or args.site / PDF_NAME
    build(args.site, out)
    if out.resolve() == (args.site / PDF_NAME).resolve():
        link_site(args.site, pdf_size(out.stat().st_size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
