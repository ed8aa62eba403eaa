"""Formulas in the chapters' markdown reach the page whole.

An inline formula ($...$) that spans lines is cut in two when one of its lines begins
like a list item ("- ", "+ ", "* ", "1. "): Markdown starts a list there and the page
shows raw LaTeX (the proof of the Gaussian KL theorem once rendered that way).
Display math between lines of $$ is safe.
"""

from __future__ import annotations

import re

import pytest

from chapter_text import CHAPTERS, load

CHAPTER_NAMES = sorted(p.name for p in CHAPTERS.glob("[0-9][0-9]_*.ipynb"))


def _lines_that_start_a_list_inside_inline_math(markdown: str) -> list[str]:
    """Lines that begin with "- ", "+ ", "* " or "1. " while an inline $...$ is open."""
    found, in_display, dollars = [], False, 0
    for line in markdown.split("\n"):
        stripped = line.strip()
        if stripped == "$$":
            in_display, dollars = not in_display, 0
            continue
        if in_display:
            continue
        if not stripped:
            dollars = 0
            continue
        if dollars % 2 == 1 and re.match(r"^([-+*]|\d+[.)])\s", stripped):
            found.append(line)
        dollars += len(re.findall(r"(?<!\\)\$", line.replace("$$", "")))
    return found


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_no_formula_is_cut_by_a_line_that_markdown_reads_as_a_list_item(name):
    bad = [
        line
        for cell in load(name)["cells"]
        if cell["cell_type"] == "markdown"
        for line in _lines_that_start_a_list_inside_inline_math("".join(cell["source"]))
    ]
    assert bad == [], f"{name}: a formula is cut by a list item"


def test_the_list_item_check_sees_a_cut_formula():
    assert _lines_that_start_a_list_inside_inline_math("Then $a = b\n- c$ holds.") == ["- c$ holds."]
    assert _lines_that_start_a_list_inside_inline_math("$$\na\n- b\n$$\n- item") == []
