"""Fixtures for the browser checks of the built website.

The site in ``_build/html`` (or ``$SITE_DIR``) is served on 127.0.0.1 and
opened in the Chromium of Debian's ``chromium`` package, driven by
Playwright. Where a tool is missing the tests skip and say how to install
it; with ``SITE_CHECKS_REQUIRED=1`` (set by ``.ci/run``) they fail instead.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SITE = Path(os.environ.get("SITE_DIR", ROOT / "_build" / "html")).resolve()
SCREENSHOTS = Path(os.environ.get("SITE_SCREENSHOTS", HERE / "screenshots")).resolve()
NODE_MODULES = HERE / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("SITE_CHECKS_REQUIRED", "") not in ("", "0")

# Flags for a headless Chromium on a machine with no network: without the
# background-networking ones it tries to reach Google's hosts at start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

NPM_HINT = "cd tests/site && npm ci   (installs axe-core, vnu-jar and lighthouse)"
HINTS = {
    "site": "build it first: make book",
    "playwright": "pip install -e '.[site]'   (or: make site-check)",
    "chromium": "sudo apt-get install chromium   (Debian's package; Playwright's own browser download does not work here)",
    "axe": NPM_HINT,
    "vnu": NPM_HINT + "; the validator also needs Java (sudo apt-get install default-jre-headless)",
}

# Pages that are machinery rather than content: the index and the search
# page are checked in the browser but not as reading pages.
NOT_CONTENT = {"genindex.html", "search.html", "py-modindex.html"}


def missing(what: str, detail: str = "") -> None:
    """Skip (or, in CI, fail) because a tool or the built site is missing."""
    message = f"{detail or what} is missing: {HINTS[what]}"
    if REQUIRED:
        pytest.fail(message + "  [SITE_CHECKS_REQUIRED is set]", pytrace=False)
    pytest.skip(message)


def site_pages(content_only: bool = True) -> list[str]:
    """Paths (relative to the site root) of the site's HTML pages."""
    if not (SITE / "index.html").exists():
        return []
    pages = []
    for path in sorted(SITE.rglob("*.html")):
        rel = path.relative_to(SITE).as_posix()
        if rel.startswith(("_static/", "_sources/", "_images/", "mathjax/")):
            continue
        if content_only and rel in NOT_CONTENT:
            continue
        if rel == "index.html":  # a redirect to the first page
            continue
        pages.append(rel)
    return pages


def chapter_pages() -> list[str]:
    return [p for p in site_pages() if p.startswith("chapters/")]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest's output readable
        pass


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").exists():
        missing("site", f"the built website ({SITE})")
    return SITE


@pytest.fixture(scope="session")
def base_url(site: Path):
    """The built site served on 127.0.0.1, on a free port."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright", "the Python package playwright")
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        missing("chromium", f"Chromium ({CHROMIUM})")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        missing("axe", "axe-core")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture()
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    yield ctx
    ctx.close()
