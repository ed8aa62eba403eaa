"""Every page of the built site, opened in Chromium in light and dark mode."""

from __future__ import annotations

import pytest

from conftest import site_pages
from pagecheck import alt_problem, image_report, math_report, open_page, run_axe

PAGES = site_pages(content_only=False) or ["(no built site)"]


def _problems(page, log, axe_source: str, mode: str) -> list[str]:
    problems = []
    problems += [f"console error: {e}" for e in log.console_errors]
    problems += [f"failed request: {r}" for r in log.failed_requests]
    problems += [f"request to another host: {r}" for r in log.foreign_requests]

    math = math_report(page)
    problems += [f"math not typeset: {m}" for m in math["untypeset"]]
    problems += [f"MathJax error: {m}" for m in math["errors"]]
    problems += [f"undefined TeX macro: {m}" for m in math["undefinedMacros"]]

    for image in image_report(page):
        if not image["loaded"]:
            problems.append(f"image did not load: {image['src']}")
        why = alt_problem(image)
        if why:
            problems.append(f"image {image['src']}: {why}")
        if mode == "dark" and image["content"] and image["background"] != "rgb(255, 255, 255)":
            problems.append(f"figure {image['src']} has no white background in dark mode")

    for v in run_axe(page, axe_source):
        problems.append(f"axe {v['id']} ({v['impact']}, {v['count']} nodes): {v['help']}")
        problems += [f"    {n}" for n in v["nodes"]]
    return problems


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_page_is_clean(path, mode, base_url, context, axe_source, screenshots):
    """Math typeset, images loaded with real alt text, no console errors,
    no failed or off-site requests, no axe violations. A page with a problem
    is saved as a full-page screenshot (a chapter's takes seconds to encode,
    so a clean page is not)."""
    page, log = open_page(context, f"{base_url}/{path}", mode=mode)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    problems = _problems(page, log, axe_source, mode)
    if problems:
        shot = screenshots / f"{path.replace('/', '__').removesuffix('.html')}--{mode}.png"
        page.screenshot(path=str(shot), full_page=True)
        pytest.fail(f"{path} ({mode} mode; screenshot {shot}):\n" + "\n".join(problems), pytrace=False)
