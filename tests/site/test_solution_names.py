"""Every folded solution's button is named after its exercise, and no two on a page share a name.

sphinx-togglebutton names every button it adds "Toggle hidden content";
``_ext/solution_names.py`` renames each after its admonition's title
("Solution to Exercise 3.2"; a folded note, after the note's title). The
names are the ones Chromium computes for the accessibility tree (found by
role and name), on every chapter, and each button still opens its own
admonition.
"""

from __future__ import annotations

import re

import pytest

from conftest import chapter_pages
from pagecheck import open_page

_BUTTONS = """
() => [...document.querySelectorAll('.admonition.dropdown > .admonition-title')].map((title) => ({
  solution: title.parentElement.classList.contains('solution'),
  title: title.textContent.replace(/\\s+/g, ' ').trim(),
  hasButton: !!title.querySelector('button.toggle-button'),
}))
"""


@pytest.mark.parametrize("rel", chapter_pages(), ids=lambda r: r.removesuffix(".html"))
def test_each_solution_button_names_its_exercise(base_url, context, rel):
    page, log = open_page(context, f"{base_url}/{rel}")
    solutions = page.evaluate(_BUTTONS)
    if not solutions:
        pytest.skip(f"{rel} has no folded admonitions")
    titles = [s["title"] for s in solutions]
    assert all(s["hasButton"] for s in solutions), "a folded admonition has no button"
    assert any(s["solution"] for s in solutions), f"{rel} has no folded solution"
    assert all(re.fullmatch(r"Solution to Exercise \d+\.\d+", s["title"]) for s in solutions if s["solution"]), titles
    assert len(set(titles)) == len(titles), f"two folded admonitions on {rel} share a title: {titles}"
    assert page.get_by_role("button", name="Toggle hidden content", exact=True).count() == 0
    for title in titles:
        button = page.get_by_role("button", name=title, exact=True)
        assert button.count() == 1, f"{rel}: {button.count()} buttons named {title!r}"
    # The first named button still unfolds its own solution.
    first = page.get_by_role("button", name=titles[0], exact=True)
    first.scroll_into_view_if_needed()
    assert first.get_attribute("aria-expanded") == "false"
    first.click()
    assert first.get_attribute("aria-expanded") == "true"
    assert not log.console_errors, log.console_errors
