"""No chapter figure draws a line through a text label, or a label wider than its box.

When a chapter runs, ``infolib.plotting.crisp_png`` records in the output of
each figure with text labels in its axes (``ax.text``) the labels that a line
or a box's edge runs through (``text_crossings``, measured by
``infolib.plotting.text_crossings`` on the drawn figure); a figure is scaled
as a whole, so a label clear in the image is clear on every screen.
"""

from __future__ import annotations

import pytest

from chapter_text import CHAPTERS
from test_figure_legends import figures

NAMES = sorted(p.name for p in CHAPTERS.glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("name", NAMES)
def test_no_line_or_box_edge_runs_through_a_figures_text_label(name):
    crossed = {label: meta["text_crossings"] for label, meta in figures(name) if meta.get("text_crossings")}
    assert not crossed, f"{name}: labels crossed by a line or spilling over their box: {crossed}"


def test_the_arithmetic_coding_figure_is_checked_and_clear():
    # chapter 4's figure labels every piece, interval end and row: the check is not vacuous there
    meta = dict(figures("04_cross_entropy.ipynb"))["ch4-fig-arithmetic"]
    assert meta.get("text_crossings") == [], meta


@pytest.mark.parametrize("name", NAMES)
def test_no_panels_axis_label_touches_another_panels_title(name):
    clashes = {label: meta["title_clashes"] for label, meta in figures(name) if meta.get("title_clashes")}
    assert not clashes, f"{name}: a panel's text within TITLE_GAP_POINTS of another panel's title: {clashes}"


def test_the_stacked_figures_with_titles_are_checked():
    # chapter 1's candidates and chapter 9's reliability diagrams title each panel: the check sees them
    for name, figure in [("01_information_content.ipynb", "ch1-fig-candidates"),
                         ("09_machine_learning.ipynb", "ch9-fig-reliability")]:
        meta = dict(figures(name)).get(figure)
        assert meta is not None and meta.get("title_clashes") == [], (name, figure, meta)
