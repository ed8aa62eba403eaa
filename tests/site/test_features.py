"""What a student does on the site: open a solution, search, switch to dark
mode, download or launch a chapter, follow a glossary link."""

from __future__ import annotations

import re

import pytest

from conftest import SITE, chapter_pages, site_pages
from pagecheck import open_page, phone_context


def _first_page_with(selector_text: str) -> str:
    for rel in chapter_pages():
        if selector_text in (SITE / rel).read_text(encoding="utf-8"):
            return rel
    pytest.fail(f"no chapter page contains {selector_text!r}")


def test_solution_stays_hidden_until_its_dropdown_is_opened(base_url, context, site):
    rel = _first_page_with('class="solution dropdown')
    page, _ = open_page(context, f"{base_url}/{rel}")
    solution = page.locator(".solution.dropdown").first
    solution.scroll_into_view_if_needed()
    body = solution.locator(":scope > :not(.admonition-title)").first
    assert body.count() == 1
    assert not body.is_visible(), "the solution is visible before its dropdown is opened"
    solution.locator(".admonition-title").first.click()
    body.wait_for(state="visible", timeout=5_000)
    assert body.is_visible()



def test_a_tap_on_the_words_of_a_solution_title_opens_it_on_a_phone(browser, base_url, site):
    """The title's words ("Solution to Exercise 1.1") open the solution: they
    are no link that jumps away, and the toggle script finds its button from
    them without an error."""
    rel = _first_page_with('class="solution dropdown')
    ctx = phone_context(browser)
    try:
        page, log = open_page(ctx, f"{base_url}/{rel}")
        solution = page.locator(".solution.dropdown").first
        solution.scroll_into_view_if_needed()
        body = solution.locator(":scope > :not(.admonition-title)").first
        assert not body.is_visible()
        words = solution.locator(".admonition-title span, .admonition-title a").first
        assert words.evaluate("e => e.tagName") == "SPAN", "the title's words are a link"
        url = page.url
        words.tap()
        body.wait_for(state="visible", timeout=5_000)
        assert page.url == url, f"the tap went to {page.url}"
        assert not log.console_errors, log.console_errors
    finally:
        ctx.close()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_code_text_without_a_token_span_has_the_highlighting_colour(base_url, context, site, mode):
    """Names and punctuation lost their spans on the website: they must still
    be drawn in the colour the highlighting theme gives a code block."""
    page, _ = open_page(context, f"{base_url}/{chapter_pages()[0]}", mode=mode)
    colours = page.evaluate("""() => [...document.querySelectorAll('div.cell_input div.highlight > pre')].map(
        pre => [getComputedStyle(pre).color, getComputedStyle(pre.parentElement).color])""")
    assert colours, "no code cell"
    assert all(a == b for a, b in colours), colours[:3]
    assert page.locator("div.highlight pre span.n, div.highlight pre span.p").count() == 0

def test_search_for_entropy_finds_a_chapter(base_url, context, site):
    page, log = open_page(context, f"{base_url}/search.html?q=entropy")
    page.wait_for_selector("ul.search li a", timeout=20_000)
    hrefs = page.eval_on_selector_all("ul.search li a", "els => els.map(e => e.getAttribute('href'))")
    assert any(h.startswith("chapters/") for h in hrefs), hrefs
    assert not log.console_errors, log.console_errors
    assert not log.failed_requests, log.failed_requests


def test_search_box_submits_to_the_search_page(base_url, context, site):
    page, _ = open_page(context, f"{base_url}/intro.html")
    page.keyboard.press("Control+k")
    box = page.locator("#pst-search-dialog input[name=q]")
    box.wait_for(state="visible", timeout=5_000)
    box.fill("entropy")
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=entropy"))
    page.wait_for_selector("ul.search li a", timeout=20_000)


def test_notes_on_the_sources_live_on_the_sources_page_not_in_the_chapters(base_url, context, site):
    for rel in chapter_pages():
        html = (SITE / rel).read_text(encoding="utf-8")
        titles = re.findall(r'class="admonition-title">([^<]*)<', html)
        assert not [t for t in titles if "on the sources" in t], f"{rel} has a box of notes on the sources"
    page, _ = open_page(context, f"{base_url}/sources.html")
    assert page.locator("blockquote").count() >= 14


# Every element through which a reader can start a search: the theme's search
# fields and buttons, and search forms outside the (closed) search dialog.
_SEARCH_CONTROLS = """() => [...document.querySelectorAll(
    '.search-button-field, .search-button, form.bd-search')]
  .filter(e => !e.closest('#pst-search-dialog'))
  .filter(e => e.offsetParent !== null && e.getClientRects().length > 0)
  .map(e => ({cls: e.className, sidebar: !!e.closest('#pst-primary-sidebar'),
              header: !!e.closest('#pst-header'), article: !!e.closest('.bd-header-article')}))"""


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_one_search_box_where_readers_expect_it(base_url, browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme="light")
    try:
        for rel in ["intro.html", chapter_pages()[0]]:
            page, _ = open_page(context, f"{base_url}/{rel}")
            assert page.locator("#pst-header .search-button-field").count() == 0, (
                f"{rel}: the header bar has its own search box (navbar_persistent in _config.yml)"
            )
            visible = page.evaluate(_SEARCH_CONTROLS)
            assert len(visible) == 1, f"{rel} at {width}px shows {len(visible)} search controls: {visible}"
            if width >= 992:  # the sidebar is open: the search box heads it
                assert visible[0]["sidebar"] and "search-button-field" in visible[0]["cls"], visible
            else:  # the sidebar is folded away: the article header's search button
                assert visible[0]["article"], visible
            page.close()
    finally:
        context.close()


def _luminance(rgb: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_dark_mode_switch_works_and_figures_stay_on_white(base_url, context, site):
    rel = _first_page_with("_images/")
    page, log = open_page(context, f"{base_url}/{rel}", mode="light")
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    switch = page.locator(".theme-switch-button:visible").first
    for _ in range(3):  # the switch cycles auto -> dark -> light (order depends on the system)
        if page.evaluate("document.documentElement.dataset.theme") == "dark":
            break
        switch.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert _luminance(background) < 0.05, f"dark mode background is {background}"
    figure = page.locator("article img").first
    assert figure.evaluate("i => getComputedStyle(i).backgroundColor") == "rgb(255, 255, 255)"
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark", "the choice is not kept"
    assert not log.console_errors, log.console_errors



# Records every value a script gives <html data-theme> while the page loads,
# from before the first script runs (when <html> is not yet parsed: hence the
# whole document is observed).
_THEME_LOG = """
window.__themes = [];
new MutationObserver((records) => {
  for (const r of records) window.__themes.push(r.target.getAttribute("data-theme"));
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-theme"]});
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_first_visit_is_styled_in_the_systems_theme_from_the_start(browser, base_url, site, scheme):
    """On a first visit the head already sets the theme the system asks for:
    the theme's later script finds nothing to change, so the page is not
    restyled after its first paint (nor flashes light in dark mode)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        ctx.add_init_script(_THEME_LOG)
        page = ctx.new_page()
        page.goto(f"{base_url}/{chapter_pages()[0]}", wait_until="load")
        page.wait_for_function("document.documentElement.dataset.mode !== undefined")
        themes = page.evaluate("window.__themes")
        assert themes and set(themes) == {scheme}, f"data-theme took the values {themes} while the page loaded"
    finally:
        ctx.close()

def test_chapters_have_download_and_launch_buttons(base_url, context, site):
    rel = chapter_pages()[0]
    page, _ = open_page(context, f"{base_url}/{rel}")
    hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.href)")
    name = rel.removesuffix(".html") + ".ipynb"
    downloads = [h for h in hrefs if h.endswith(name) and "/_sources/" in h]
    assert downloads, "no .ipynb download link"
    response = page.request.get(downloads[0])
    assert response.ok and '"cells"' in response.text()
    for host in ("mybinder.org", "colab.research.google.com"):  # JupyterHub only when one is configured
        assert any(host in h and name.split("/")[-1] in h for h in hrefs), f"no launch link via {host}"


def test_chapters_are_numbered(site):
    chapters = chapter_pages()
    assert chapters
    for number, rel in enumerate(chapters, start=1):
        html = (SITE / rel).read_text(encoding="utf-8")
        assert f'<span class="section-number">{number}. </span>' in html, rel


def test_chapters_link_to_glossary_terms_that_exist(site):
    glossary = (SITE / "glossary.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="(term-[^"]+)"', glossary))
    assert anchors, "the glossary defines no terms"
    linked = set()
    for rel in chapter_pages():
        linked |= set(re.findall(r'href="\.\./glossary\.html#(term-[^"]+)"', (SITE / rel).read_text(encoding="utf-8")))
    assert linked, "no chapter links to the glossary"
    assert linked <= anchors, f"links to missing glossary terms: {sorted(linked - anchors)}"


def test_bibliography_page_lists_the_cited_works(site):
    html = (SITE / "bibliography.html").read_text(encoding="utf-8")
    entries = re.findall(r'<div class="citation" id="([^"]+)"', html)
    assert entries, "the bibliography page lists no works"
    cited = set()
    for rel in site_pages():
        cited |= set(re.findall(r'href="(?:\.\./)?bibliography\.html#([^"]+)"', (SITE / rel).read_text(encoding="utf-8")))
    assert cited, "no page cites a work"
    assert cited <= set(entries), f"citations with no entry: {sorted(cited - set(entries))}"


def test_chapter_layout_at_desktop_and_phone_width(base_url, context, site):
    """The theme's layout survives the site's cut-down style sheets: at desktop
    width the header buttons sit in one row, the print-only title and contents
    are hidden and the sidebar shows; on a phone the sidebar folds away."""
    rel = chapter_pages()[0]
    page, _ = open_page(context, f"{base_url}/{rel}")
    tops = page.eval_on_selector_all(
        ".article-header-buttons > *", "els => els.filter(e => e.offsetParent).map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(tops) >= 3 and max(tops) - min(tops) <= 4, f"header buttons not in one row: {tops}"
    assert not page.locator("#jb-print-docs-body").is_visible()
    assert page.locator("#pst-primary-sidebar").is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    assert not page.locator("#pst-primary-sidebar").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone ({width}px wide)"


@pytest.mark.parametrize("where", ["page", "dialog"])
def test_search_icon_does_not_cover_the_query_on_a_phone(base_url, browser, site, where):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        if where == "page":
            page, _ = open_page(context, f"{base_url}/search.html?q=entropy")
            form = page.locator("article form.bd-search, .bd-search-container form.bd-search").first
        else:
            page, _ = open_page(context, f"{base_url}/{chapter_pages()[0]}")
            page.keyboard.press("Control+k")
            form = page.locator("#pst-search-dialog form.bd-search")
        form.wait_for(state="visible")
        gap = form.evaluate("""f => {
          const icon = f.querySelector('.fa-magnifying-glass').getBoundingClientRect();
          const input = f.querySelector('input');
          const r = input.getBoundingClientRect();
          return (r.left + parseFloat(getComputedStyle(input).paddingLeft)) - icon.right;
        }""")
        assert gap >= 0, f"the search icon runs {-gap:.1f} px into the query's text ({where})"
    finally:
        context.close()
