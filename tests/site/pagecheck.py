"""Open one page of the built site in Chromium and record what it did.

Used by the tests in this folder and by scripts/site_budget.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|svg|webp|avif)$", re.IGNORECASE)


@dataclass
class PageLoad:
    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    resources: dict[str, int] = field(default_factory=dict)  # url -> uncompressed bytes

    @property
    def total_bytes(self) -> int:
        return sum(self.resources.values())


def open_page(context, url: str, *, mode: str = "light", timeout_ms: int = 30_000):
    """Load ``url`` in a new tab with the theme's ``mode``; wait for its fonts and images.

    Returns ``(page, PageLoad)``.
    """
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    log = PageLoad(url)
    page = context.new_page()
    # Set the theme's mode once per tab, as a reader's earlier choice would be;
    # a reload keeps whatever the page itself stored since.
    page.add_init_script(
        "if (!sessionStorage.getItem('site-test-mode')) {"
        f" localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
        " sessionStorage.setItem('site-test-mode', '1'); }"
    )
    page.on(
        "console",
        lambda msg: log.console_errors.append(f"{msg.text} ({msg.location.get('url', '')})")
        if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: log.console_errors.append(f"uncaught: {exc}"))

    def on_request(request):
        scheme = urlsplit(request.url).scheme
        if scheme in ("http", "https", "ws", "wss") and not request.url.startswith(origin + "/"):
            log.foreign_requests.append(request.url)

    def on_response(response):
        if response.status >= 400:
            log.failed_requests.append(f"{response.status} {response.url}")
        elif response.status < 300:
            try:
                log.resources[response.url] = len(response.body())
            except Exception:  # a body the browser already dropped
                log.resources.setdefault(response.url, 0)

    page.on("request", on_request)
    page.on("requestfailed", lambda r: log.failed_requests.append(f"{r.failure} {r.url}"))
    page.on("response", on_response)
    page.goto(url, wait_until="load", timeout=timeout_ms)
    wait_for_math(page, timeout_ms)
    load_images(page, timeout_ms)
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    return page, log


# A phone's screen, in CSS pixels (an iPhone 12 to 15).
PHONE = {"width": 390, "height": 844}


def phone_context(browser, *, mode: str = "light", scale: int = 3):
    """A browser context as a phone: 390 x 844, touch, ``scale`` device pixels
    per CSS pixel (3 as on the phone itself; 1 where only layout is measured)."""
    return browser.new_context(viewport=PHONE, device_scale_factor=scale, is_mobile=True, has_touch=True,
                               color_scheme=mode)


def open_on_a_phone(browser, url: str, mode: str = "light"):
    """``url`` opened in a new phone context (``phone_context``); returns
    ``(context, page, PageLoad)``: close the context when done."""
    context = phone_context(browser, mode=mode)
    try:
        page, log = open_page(context, url, mode=mode)
    except BaseException:
        context.close()
        raise
    return context, page, log


def evaluate_at_phone_width(browser, url: str, script: str):
    """Open ``url`` as a phone shows it (390 px, touch, 1x) and return what ``script`` evaluates to."""
    context = phone_context(browser, scale=1)
    try:
        page, _ = open_page(context, url)
        return page.evaluate(script)
    finally:
        context.close()


def surviving_navigation(page, action, timeout_ms: int = 30_000):
    """``action()``, again after the page has loaded if a redirect navigated under it.

    A page that redirects (``index.html`` to ``intro.html``, also from file://)
    may navigate while a script runs in it; the script's context is then gone.
    """
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(3):
        try:
            return action()
        except PlaywrightError as exc:
            if "Execution context was destroyed" not in str(exc) or attempt == 2:
                raise
            page.wait_for_load_state("load", timeout=timeout_ms)


def wait_for_math(page, timeout_ms: int = 30_000) -> None:
    """Wait until the fonts the page's math uses have loaded.

    The math is typeset when the book is built (``_ext/math_prerender.py``):
    a page has nothing to wait for but its fonts.
    """

    def fonts_loaded():
        if page.locator(".math").count() == 0:
            return
        page.wait_for_function("() => document.fonts.status === 'loaded'", timeout=timeout_ms)

    surviving_navigation(page, fonts_loaded, timeout_ms)


def math_report(page) -> dict:
    """Math elements not typeset, and MathJax errors (TeX errors, undefined macros)."""
    return page.evaluate(
        """() => {
          const els = [...document.querySelectorAll('.math')];
          const untypeset = els.filter(e => !e.querySelector('mjx-container'))
                               .map(e => e.textContent.trim().slice(0, 80));
          const errors = [...document.querySelectorAll('mjx-merror')]
                           .map(e => e.getAttribute('data-mjx-error') || e.textContent);
          const undefinedMacros = [...document.querySelectorAll('mjx-container [style*="color: red"]')]
                           .map(e => e.textContent);
          return {total: els.length, untypeset, errors, undefinedMacros};
        }"""
    )


def load_images(page, timeout_ms: int = 30_000) -> None:
    surviving_navigation(page, lambda: page.evaluate(
        """async () => {
          const imgs = [...document.images];
          imgs.forEach(i => { i.loading = 'eager'; });
          await Promise.all(imgs.map(i => i.complete ? null :
              new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
        }"""
    ), timeout_ms)


def image_report(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.images].map(i => ({
            src: i.getAttribute('src'),
            alt: i.getAttribute('alt'),
            loaded: i.complete && i.naturalWidth > 0,
            content: !!i.closest('article'),
            background: getComputedStyle(i).backgroundColor,
        }))"""
    )


def alt_problem(image: dict) -> str | None:
    """Why an image's alt text is not real alt text (None if it is)."""
    alt = image["alt"]
    if alt is None:
        return "no alt attribute"
    text = alt.strip()
    if not text:
        return "empty alt text"
    src_name = (image["src"] or "").rsplit("/", 1)[-1]
    if IMAGE_FILE.search(text) or text == src_name or text == src_name.rsplit(".", 1)[0]:
        return f"alt text is a file name: {alt!r}"
    if " " not in text and re.search(r"[_/\\]", text):
        return f"alt text looks like a path or identifier: {alt!r}"
    if image["content"] and len(text.split()) < 4:
        return f"alt text of a figure is too short to describe it: {alt!r}"
    return None


def run_axe(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async (tags) => {
          const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
          return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary.split('\\n').slice(1, 2).join('').trim()),
            count: v.nodes.length,
          }));
        }""",
        AXE_TAGS,
    )
