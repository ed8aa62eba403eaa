"""Every chapter page offers the routes to run it, and shows the cell that makes them work."""

from __future__ import annotations

import html
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
import yaml

from conftest import SITE, chapter_pages
from pagecheck import open_page

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import setup_cells  # noqa: E402

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPO_URL = CONFIG["repository"]["url"].rstrip("/")
BRANCH = CONFIG["repository"]["branch"]
ORG_REPO = urlparse(REPO_URL).path.strip("/")
HUB_URL = (CONFIG.get("launch_buttons") or {}).get("jupyterhub_url") or ""


class _Page(HTMLParser):
    """The links of a page and the text of its first code cell."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.ids: set[str] = set()
        self.first_code = ""
        self._link: str | None = None
        self._text: list[str] = []
        self._depth = 0  # nesting inside the first div.cell_input
        self._done = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self._link, self._text = attrs["href"], []
        if tag == "div":
            if self._depth:
                self._depth += 1
            elif not self._done and "cell_input" in (attrs.get("class") or "").split():
                self._depth = 1

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.links.append((self._link, "".join(self._text).strip()))
            self._link = None
        if tag == "div" and self._depth:
            self._depth -= 1
            self._done = self._depth == 0

    def handle_data(self, data):
        if self._link is not None:
            self._text.append(data)
        if self._depth:
            self.first_code += data


def parse(rel: str) -> _Page:
    page = _Page()
    page.feed((SITE / rel).read_text(encoding="utf-8"))
    return page


@pytest.mark.parametrize("rel", chapter_pages())
def test_launch_links_open_this_chapter_on_the_configured_repository_and_branch(rel, site):
    notebook = rel.removesuffix(".html") + ".ipynb"
    hrefs = [html.unescape(h) for h, _ in parse(rel).links]
    binder = [h for h in hrefs if h.startswith("https://mybinder.org/")]
    colab = [h for h in hrefs if h.startswith("https://colab.research.google.com/")]
    hub = [h for h in hrefs if "/hub/user-redirect/git-pull" in h]
    assert binder and colab, f"{rel}: launch links missing"
    assert urlparse(binder[0]).path == f"/v2/gh/{ORG_REPO}/{BRANCH}"
    assert parse_qs(urlparse(binder[0]).query)["urlpath"][0].endswith(notebook)
    assert urlparse(colab[0]).path == f"/github/{ORG_REPO}/blob/{BRANCH}/{notebook}"
    if not HUB_URL:
        assert not hub, f"{rel}: a JupyterHub launch link, but no hub is configured: {hub[:1]}"
        return
    assert hub and hub[0].startswith(HUB_URL.rstrip("/") + "/hub/"), f"{rel}: no launch link to {HUB_URL}"
    query = parse_qs(urlparse(hub[0]).query)
    assert query["repo"] == [REPO_URL] and query["branch"] == [BRANCH]
    assert unquote(query["urlpath"][0]).endswith(notebook)


def test_no_placeholder_hub_is_configured():
    assert "example.org" not in HUB_URL, f"launch_buttons.jupyterhub_url is a placeholder: {HUB_URL}"


@pytest.mark.parametrize("rel", chapter_pages())
def test_launch_menu_says_which_route_to_take(rel, site):
    page = parse(rel)
    help_links = [h for h, text in page.links if text == "Which to choose?"]
    assert help_links, f"{rel}: the launch menu has no 'Which to choose?' entry"
    target, _, anchor = help_links[0].partition("#")
    assert Path(target).name == "intro.html" and anchor == "run-the-chapters"
    assert "run-the-chapters" in parse("intro.html").ids, "the landing page lost its routes section"


@pytest.mark.parametrize("rel", chapter_pages())
def test_setup_cell_is_the_first_code_on_the_page(rel, site):
    code = parse(rel).first_code
    assert 'importlib.util.find_spec("infolib")' in code, f"{rel}: first code cell is not the setup cell"
    assert setup_cells.install_url() in code


def test_launch_help_opens_the_routes_on_the_landing_page(base_url, context, site):
    rel = chapter_pages()[0]
    page, log = open_page(context, f"{base_url}/{rel}")
    page.locator("button[aria-label='Launch interactive content']").first.click()
    link = page.get_by_role("link", name="Which to choose?").first
    link.wait_for(state="visible", timeout=5_000)
    with context.expect_page(timeout=10_000) as opened:  # the theme opens launch links in a new tab
        link.click()
    routes = opened.value
    routes.wait_for_load_state()
    assert routes.url.endswith("/intro.html#run-the-chapters"), routes.url
    assert routes.locator("#run-the-chapters").count() == 1
    assert not log.console_errors, log.console_errors
