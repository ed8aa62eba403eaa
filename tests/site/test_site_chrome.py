"""What every page shows around the chapter: footer, help links, setup cell, header.

Built by _ext/site_chrome.py and the theme options in _config.yml.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import SITE, chapter_pages, site_pages
from pagecheck import open_page, phone_context

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib
import yaml

ROOT = Path(__file__).resolve().parents[2]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPO_URL = CONFIG["repository"]["url"].rstrip("/")
BRANCH = CONFIG["repository"]["branch"]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
PAGES = site_pages() or ["(no built site)"]


def _footer(rel: str) -> str:
    text = (SITE / rel).read_text(encoding="utf-8")
    match = re.search(r'<footer class="bd-footer-content">(.*?)</footer>', text, flags=re.S)
    assert match, f"{rel}: no page footer"
    return match.group(1)


def _links(fragment: str) -> dict[str, str]:
    """Link text -> href (unescaped)."""
    return {
        " ".join(re.sub(r"<[^>]+>", "", text).split()): html.unescape(href)
        for href, text in re.findall(r'<a [^>]*?href="([^"]+)"[^>]*>(.*?)</a>', fragment, flags=re.S)
    }


@pytest.mark.parametrize("rel", PAGES)
def test_footer_names_the_licences_and_the_course_version(rel, site):
    footer = _footer(rel)
    links = _links(footer)
    assert links.get("MIT") == f"{REPO_URL}/blob/{BRANCH}/LICENSE", links
    assert links.get("CC BY 4.0") == f"{REPO_URL}/blob/{BRANCH}/LICENSE-TEXT", links
    text = " ".join(re.sub(r"<[^>]+>", " ", footer).split())
    assert f"Course version {VERSION}." in text, text
    assert "Code: MIT ; text and figures: CC BY 4.0" in text, text


@pytest.mark.parametrize("rel", PAGES)
def test_every_page_links_to_asking_a_question_and_reporting_a_mistake_on_it(rel, site):
    links = _links(_footer(rel))
    for text, prefix in (("Ask a question", "Question on /"), ("Report a mistake on this page", "Mistake on /")):
        url = urlparse(links.get(text, ""))
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{REPO_URL}/issues/new", (rel, text, links)
        assert parse_qs(url.query)["title"] == [prefix + rel], (rel, text)
    # Both open GitHub's new-issue form, which asks a reader to sign in: the footer says so.
    help_line = re.search(r'<p class="course-footer-help">(.*?)</p>', _footer(rel), flags=re.S)
    assert help_line and "need a GitHub account" in " ".join(re.sub(r"<[^>]+>", " ", help_line.group(1)).split()), rel


@pytest.mark.parametrize("rel", chapter_pages() or ["(no chapter pages)"])
def test_repository_menu_reports_a_mistake_on_this_page(rel, site):
    links = _links((SITE / rel).read_text(encoding="utf-8"))
    url = urlparse(links.get("Report a mistake on this page", ""))
    assert url.path.endswith("/issues/new") and parse_qs(url.query)["title"] == [f"Mistake on /{rel}"]
    assert "Open issue" not in links


@pytest.mark.parametrize("rel", chapter_pages() or ["(no chapter pages)"])
def test_setup_cell_is_folded_to_one_line_and_is_the_first_code(rel, site):
    text = (SITE / rel).read_text(encoding="utf-8")
    first_cell = re.search(r'<div class="cell (?:[^"]*)"', text)
    assert first_cell and "tag_setup" in first_cell.group(0), f"{rel}: the first code cell is not the setup cell"
    cell = text[first_cell.start():]
    details = re.match(r'<div class="cell [^"]*"[^>]*>\s*<details class="[^"]*\bhide above-input">\s*<summary>\s*'
                       r'<span class="collapsed admonition-title">([^<]*)</span>', cell)
    assert details, f"{rel}: the setup cell's code is not folded"
    assert details.group(1) == "Setup: installs the course library where it is missing"


def test_folded_setup_cell_shows_one_line_and_opens(base_url, context, site):
    rel = chapter_pages()[0]
    page, log = open_page(context, f"{base_url}/{rel}")
    cell = page.locator(".cell.tag_setup").first
    summary = cell.locator("summary")
    assert summary.inner_text().strip() == "Setup: installs the course library where it is missing"
    code = cell.locator(".cell_input")
    assert not code.is_visible()
    height = cell.evaluate("e => e.getBoundingClientRect().height")
    assert height < 60, f"the folded setup cell is {height}px tall"
    summary.click()
    code.wait_for(state="visible", timeout=5_000)
    assert "find_spec" in code.inner_text()
    assert not log.console_errors, log.console_errors


@pytest.mark.parametrize("width", [1366, 390], ids=["desktop", "phone"])
def test_header_keeps_the_readers_buttons_in_one_row(base_url, browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme="light")
    try:
        page, _ = open_page(context, f"{base_url}/{chapter_pages()[0]}")
        header = page.locator(".article-header-buttons")
        assert header.locator(".btn-fullscreen-button, [onclick*='toggleFullScreen']").count() == 0
        labels = header.evaluate(
            "h => [...h.querySelectorAll('button, a')].filter(e => e.offsetParent)"
            ".filter(e => !e.closest('.dropdown-menu'))"
            ".map(e => e.getAttribute('aria-label') || e.title || e.textContent.trim())"
        )
        joined = " | ".join(labels).lower()
        # At desktop width the search box heads the sidebar (test_features.py); on a phone
        # the header keeps only what a reader uses there (test_a_phones_header_...).
        wanted_buttons = ("download", "launch") + (("source",) if width > 575 else ()) + ("color mode",) + (
            ("search",) if width < 992 else ())
        for wanted in wanted_buttons:
            assert wanted in joined, f"no {wanted!r} button in the header at {width}px: {labels}"
        tops = header.evaluate(
            "h => [...h.children].filter(e => e.offsetParent).map(e => Math.round(e.getBoundingClientRect().top))"
        )
        assert max(tops) - min(tops) <= 4, f"header buttons wrap at {width}px: {tops}"
        right = page.evaluate("Math.max(...[...document.querySelectorAll('.bd-header-article *')]"
                              ".filter(e => e.offsetParent).map(e => e.getBoundingClientRect().right))")
        assert right <= width, f"the header runs off the screen at {width}px ({right}px)"
    finally:
        context.close()


_HEADER_BUTTONS = ("() => [...document.querySelectorAll('.bd-header-article button, .bd-header-article a')]"
                   ".filter((e) => e.getClientRects().length && !e.closest('.dropdown-menu'))")


def _accessible_names(page) -> list[str | None]:
    """The accessible name of each button of the article header on screen, as Chromium computes it (None: no name)."""
    snapshot = page.locator(".bd-header-article").aria_snapshot()
    return [(m.group(1) if m.group(1) is not None else None)
            for m in re.finditer(r'^\s*- button(?: "((?:[^"\\]|\\.)*)")?', snapshot, flags=re.M)]


@pytest.mark.parametrize("width", [1366, 390], ids=["desktop", "phone"])
def test_every_header_button_has_an_accessible_name(browser, base_url, site, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme="light")
    try:
        page, _ = open_page(context, f"{base_url}/{chapter_pages()[0]}")
        names = _accessible_names(page)
        assert len(names) == page.evaluate(_HEADER_BUTTONS + ".length"), names
        assert names and all(names), f"a header button without an accessible name at {width}px: {names}"
    finally:
        context.close()


@pytest.mark.parametrize("menu", ["launch-buttons", "source-buttons", "download-buttons"])
def test_a_header_menu_button_shows_its_name_in_a_tooltip_on_hover_and_focus(base_url, context, site, menu):
    page, log = open_page(context, f"{base_url}/{chapter_pages()[0]}")
    button = page.locator(f".article-header-buttons .dropdown-{menu} > button.dropdown-toggle")
    name = button.get_attribute("aria-label")
    assert name, f"the {menu} menu's button has no aria-label"
    shown = ("() => [...document.querySelectorAll('.tooltip.show')].filter((t) => t.getClientRects().length)"
             ".map((t) => t.textContent.trim())")
    button.hover()
    page.wait_for_timeout(900)  # past the theme's tooltip delay (500 ms)
    assert page.evaluate(shown) == [name], f"hovering the {menu} button shows {page.evaluate(shown)}, not {name!r}"
    button.click()  # the menu opens: the tooltip steps aside
    page.wait_for_timeout(900)
    assert page.evaluate(shown) == [], f"the tooltip stays over the open {menu} menu"
    page.keyboard.press("Escape")
    page.mouse.move(0, 600)
    page.evaluate("document.activeElement?.blur()")
    page.wait_for_timeout(400)
    button.focus()
    page.wait_for_timeout(900)
    assert page.evaluate(shown) == [name], f"focusing the {menu} button shows {page.evaluate(shown)}, not {name!r}"
    assert not log.console_errors, log.console_errors


def test_a_phones_header_shows_only_the_buttons_a_reader_uses_there(browser, base_url, site):
    """Navigation, launching (Colab opens on a phone), downloading, dark mode, search and
    the page's contents; not the repository menu."""
    context = phone_context(browser)
    try:
        page, _ = open_page(context, f"{base_url}/{chapter_pages()[0]}")
        names = _accessible_names(page)
        assert sorted(names) == sorted(["Toggle primary sidebar", "Launch interactive content", "Download this page",
                                        "Color mode", "Search", "Toggle secondary sidebar"]), (
            f"{len(names)} buttons in a phone's header: {names}")
    finally:
        context.close()


@pytest.mark.parametrize("menu", ["launch", "download"])
def test_on_a_phone_the_launch_and_download_menus_open_on_screen(browser, base_url, site, menu):
    """The landing page sends a phone reader to the launch button for Colab and the
    download menu for the notebook and the book: both open, whole, on a 390 px screen."""
    context = phone_context(browser)
    try:
        page, log = open_page(context, f"{base_url}/{chapter_pages()[0]}")
        page.locator(f".article-header-buttons .dropdown-{menu}-buttons > button").tap()
        items = page.locator(f".article-header-buttons .dropdown-{menu}-buttons .dropdown-menu")
        items.wait_for(state="visible")
        box = items.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1, f"the {menu} menu at {box} leaves the screen"
        names = items.evaluate("m => [...m.querySelectorAll('a, button')].map(a => a.textContent.trim())")
        wanted = {"launch": ["Colab", "Binder"], "download": [".ipynb", "Whole book"]}[menu]
        for name in wanted:
            assert any(n.startswith(name) for n in names), f"no {name!r} in the {menu} menu: {names}"
        assert not log.console_errors, log.console_errors
    finally:
        context.close()


# The file:// route: `make book` prints the path of _build/html/index.html.

def _math_heaviest_chapter() -> str:
    """The chapter whose formulas use the most MathJax fonts."""
    def fonts(rel: str) -> int:
        match = re.search(r'data-fonts="([^"]+)"', (SITE / rel).read_text(encoding="utf-8"))
        return len(match.group(1).split()) if match else 0
    return max(chapter_pages(), key=fonts)


def _loaded_math_fonts(page) -> set[str]:
    return set(page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded' && f.family.startsWith('MJX')).map(f => f.family)"
    ))


def test_the_site_opened_as_a_file_logs_no_console_errors(context, site):
    page, log = open_page(context, (SITE / "index.html").as_uri())
    page.wait_for_url(re.compile(r"/intro\.html$"), timeout=10_000)
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.fonts.status === 'loaded'", timeout=30_000)
    rel = _math_heaviest_chapter()
    chapter, chapter_log = open_page(context, (SITE / rel).as_uri())
    errors = log.console_errors + chapter_log.console_errors
    failed = log.failed_requests + chapter_log.failed_requests
    assert not errors, f"over file:// ({rel}):\n" + "\n".join(errors)
    assert not failed, failed
    assert {"MJXZERO", "MJXTEX"} <= _loaded_math_fonts(chapter), "the math fonts did not load over file://"



def test_search_from_a_file_lists_results_without_console_errors(context, site):
    page, log = open_page(context, (SITE / "search.html").as_uri() + "?q=mutual+information")
    page.wait_for_selector("ul.search li a", timeout=30_000)
    page.wait_for_timeout(1_000)  # a passage fetch would fail within this
    assert page.locator("ul.search li a").count() > 3
    assert not log.console_errors, "search over file://:\n" + "\n".join(log.console_errors[:5])

def test_over_http_the_math_fonts_load_as_files_not_embedded(base_url, context, site):
    rel = _math_heaviest_chapter()
    page, log = open_page(context, f"{base_url}/{rel}")
    assert {"MJXZERO", "MJXTEX"} <= _loaded_math_fonts(page)
    assert not [u for u in log.resources if "mathjax-fonts-data.css" in u], "the embedded fonts loaded over http"
    assert any(u.endswith("/MathJax_Main-Regular.woff") for u in log.resources)
    assert not log.console_errors, log.console_errors


# The helpers behind the footer and the help links, without a built site.

def _site_chrome():
    pytest.importorskip("sphinx", reason="the book extra: pip install -e '.[book]'")
    sys.path.insert(0, str(ROOT / "_ext"))
    import site_chrome
    return site_chrome


def test_course_version_is_read_from_pyproject(tmp_path):
    site_chrome = _site_chrome()
    assert site_chrome.course_version(ROOT) == VERSION
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    from sphinx.errors import ExtensionError
    with pytest.raises(ExtensionError, match=r"no \[project\] version in .*pyproject\.toml"):
        site_chrome.course_version(tmp_path)


def test_a_fork_gets_help_and_licence_links_to_its_own_repository():
    site_chrome = _site_chrome()
    fork = "https://github.com/someone/information-theory-basics"
    links = site_chrome.help_links(fork + "/", "chapters/03_entropy.html")
    for key, title in (("question", "Question on /chapters/03_entropy.html"),
                       ("mistake", "Mistake on /chapters/03_entropy.html")):
        url = urlparse(links[key])
        assert f"{url.scheme}://{url.netloc}{url.path}" == fork + "/issues/new"
        assert parse_qs(url.query)["title"] == [title]
    licences = site_chrome.licence_links(fork, "term-2026")
    assert licences["code"] == ("MIT", fork + "/blob/term-2026/LICENSE")
    assert licences["text"] == ("CC BY 4.0", fork + "/blob/term-2026/LICENSE-TEXT")


def test_a_tap_on_a_header_button_leaves_no_tooltip_on_a_phone(base_url, browser, site):
    context = phone_context(browser)
    try:
        page, _ = open_page(context, f"{base_url}/{chapter_pages()[0]}")
        buttons = page.locator(".article-header-buttons [data-bs-toggle='tooltip'], "
                               ".article-header-buttons [title]").filter(visible=True)
        assert buttons.count() > 0, "no header button with a tooltip: the check checks nothing"
        for i in range(buttons.count()):
            button = buttons.nth(i)
            button.tap()
            page.wait_for_timeout(900)  # past the theme's tooltip delay
            shown = page.evaluate(
                "[...document.querySelectorAll('.tooltip')].filter(t => t.getClientRects().length"
                " && getComputedStyle(t).visibility !== 'hidden' && getComputedStyle(t).opacity !== '0')"
                ".map(t => t.textContent.trim())"
            )
            assert not shown, f"a tap on header button {i} left a tooltip on screen: {shown}"
            page.keyboard.press("Escape")  # closes a menu the tap opened
            page.evaluate("document.activeElement?.blur()")
    finally:
        context.close()


# Where the back-to-top button is, after a reader scrolls down and back up a
# little (the theme shows it then): its box, and what text of the column it
# covers (paragraphs, list items, code, formulas, figures, tables, headings).
_BACK_TO_TOP = """() => {
  const b = document.querySelector('#pst-back-to-top');
  if (!b || !b.getClientRects().length) return {shown: false, covers: []};
  const r = b.getBoundingClientRect();
  const text = document.querySelectorAll('article.bd-article :is(p, li, pre, mjx-container, figure, table, h1, h2, h3, h4, dt, dd)');
  const covers = [...text].filter((el) => [...el.getClientRects()].some((t) =>
      t.width > 0 && t.right > r.left && t.left < r.right && t.bottom > r.top && t.top < r.bottom))
    .map((el) => el.tagName + ' ' + (el.textContent || '').trim().slice(0, 40));
  const column = document.querySelector('article.bd-article').getBoundingClientRect();
  return {shown: true, box: [r.left, r.top, r.right, r.bottom].map(Math.round),
          overColumn: r.right > column.left && r.left < column.right, covers};
}"""


def _scrolled_back_up(page):
    page.evaluate("window.scrollTo(0, 6000)")
    page.wait_for_timeout(300)
    page.evaluate("window.scrollTo(0, 5000)")  # the theme shows it when a reader scrolls up
    page.wait_for_timeout(500)
    return page.evaluate(_BACK_TO_TOP)


def test_back_to_top_button_covers_no_text_on_a_phone(base_url, browser, site):
    context = phone_context(browser)
    try:
        page, _ = open_page(context, f"{base_url}/chapters/03_entropy.html")
        found = _scrolled_back_up(page)
        assert not (found["shown"] and found["overColumn"]), f"the back-to-top button lies over the text column at {found['box']}"
    finally:
        context.close()


# Widths where the theme shows the button (the book theme hides it from
# 1200 px: 1366 checks that it stays out of the way if it comes back).
@pytest.mark.parametrize("size, shown", [((1024, 768), True), ((770, 900), True), ((1199, 900), True),
                                         ((768, 1024), None), ((700, 900), None), ((1366, 900), None)],
                         ids=lambda v: "x".join(map(str, v)) if isinstance(v, tuple) else None)
def test_back_to_top_button_covers_no_text_on_a_tablet_or_a_computer(base_url, browser, site, size, shown):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, color_scheme="light")
    try:
        page, _ = open_page(context, f"{base_url}/chapters/03_entropy.html")
        found = _scrolled_back_up(page)
    finally:
        context.close()
    if shown:
        assert found["shown"], f"at {size} the back-to-top button is gone"
        box = found["box"]
        assert box[2] - box[0] >= 24 and box[3] - box[1] >= 24, f"the button is under 24 px (WCAG 2.2): {box}"
    assert not found["covers"], f"at {size} the back-to-top button at {found.get('box')} covers {found['covers'][:3]}"


def test_on_a_phone_choosing_an_entry_of_the_page_contents_closes_the_drawer_and_shows_it(browser, base_url, site):
    """The page's contents ("On this page") open as a drawer over the text on a
    phone; a tap on an entry closes it and the page shows that section."""
    context = phone_context(browser)
    try:
        page, _ = open_page(context, f"{base_url}/chapters/09_machine_learning.html")
        page.locator("button.secondary-toggle").first.tap()
        dialog = page.locator("dialog#pst-secondary-sidebar-modal")
        page.wait_for_function("() => document.querySelector('dialog#pst-secondary-sidebar-modal').open")
        entries = dialog.locator("a[href^='#']")
        assert entries.count() > 3, "the drawer lists no sections"
        entry = entries.nth(entries.count() - 2)
        target = entry.get_attribute("href")[1:]
        entry.tap()
        page.wait_for_timeout(600)
        state = page.evaluate("""(id) => {
          const el = document.getElementById(id), r = el.getBoundingClientRect();
          return {open: document.querySelector('dialog#pst-secondary-sidebar-modal').open,
                  top: r.top, bottom: r.bottom, height: innerHeight, hash: location.hash};
        }""", target)
    finally:
        context.close()
    assert not state["open"], "the contents drawer stays open over the page after choosing an entry"
    assert state["hash"] == f"#{target}", state
    assert 0 <= state["top"] < state["height"], f"the section chosen is not in view: {state}"
