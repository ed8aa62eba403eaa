"""Print the whole book to one PDF: every page of the table of contents, in order.

The website built by ``make book`` (``_build/html``) is served on 127.0.0.1
and each page is printed by Debian's Chromium through Playwright, with a
print style sheet: the site's navigation, header and footer hidden, the
exercises' solutions and the notes unfolded, every section laid out (the
site lays out far sections lazily), code wrapped instead of cut off, and each
explorable replaced by its table of starting values (the ``text/markdown``
output stored in the chapter's notebook, computed by infolib). Each page
starts on a new sheet; the PDF's outline lists the pages. Links to other
pages of the site become plain text (they would lead to the local server).

Usage: python scripts/book_pdf.py [--site _build/html] [--out FILE]
Default output: _build/html/information-theory-basics.pdf, where the Start
here page links to it. ``make pdf`` runs it after ``make book``.
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

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PDF_NAME = "information-theory-basics.pdf"
PAGE_TIMEOUT_MS = 120_000

PRINT_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
html { font-size: 10.5pt !important; }
.bd-header, .bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer,
.bd-footer-article, .bd-footer-content, .prev-next-area, .header-article-items, .skip-link,
#pst-back-to-top, .headerlink, .toggle-button, button.toggle-button, .copybtn, .search-button,
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
"""

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
    writer = PdfWriter()
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
                start = len(writer.pages)
                writer.append(PdfReader(io.BytesIO(pdf)), import_outline=False)
                writer.add_outline_item(title=title.strip().rstrip("#").strip(), page_number=start)
                print(f"{doc}: {len(writer.pages) - start} pages")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    writer.add_metadata({"/Title": "Information Theory Basics", "/Author": "The Information Theory Basics course team",
                         "/Subject": "Text and figures CC BY 4.0, code MIT"})
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as f:
        writer.write(f)
    print(f"wrote {out} ({len(writer.pages)} pages, {out.stat().st_size / 1e6:.1f} MB)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    build(args.site, args.out or args.site / PDF_NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
