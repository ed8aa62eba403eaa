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
