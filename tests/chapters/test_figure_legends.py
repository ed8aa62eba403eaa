"""No chapter figure's legend sits on its data: no plotted line passes through a legend.

When a chapter runs, ``infolib.plotting.crisp_png`` records in each figure's
output the lines that pass through one of its legends (``legend_crossings``,
measured by ``infolib.plotting.legend_crossings`` on the drawn figure); a
figure is scaled as a whole on the page, so a legend clear of the lines in
the image is clear at every screen width. Every figure of every chapter is
drawn by that helper (its output records ``smallest_text_px``), and none may
record a crossing.
"""

from __future__ import annotations

import pytest

from chapter_text import CHAPTERS, load

NAMES = sorted(p.name for p in CHAPTERS.glob("[0-9][0-9]_*.ipynb"))


def figures(name: str) -> list[tuple[str, dict]]:
    """(figure name, PNG metadata) of every figure output of the chapter."""
    out = []
    for cell in load(name)["cells"]:
        label = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name", "")
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                out.append((label, output.get("metadata", {}).get("image/png", {})))
    return out


@pytest.mark.parametrize("name", NAMES)
def test_no_line_passes_through_a_figures_legend(name):
    shown = figures(name)
    unrecorded = [label for label, meta in shown if "smallest_text_px" not in meta]
    assert not unrecorded, f"{name}: figures not drawn by infolib.plotting.crisp_png: re-execute the chapter {unrecorded}"
    crossed = {label: meta["legend_crossings"] for label, meta in shown if meta.get("legend_crossings")}
    assert not crossed, f"{name}: lines through a legend (move the legend off the data): {crossed}"


def test_the_chapters_draw_legends_that_the_check_sees():
    # the check is not vacuous: chapters 1 and 9 draw figures with legends, recorded as clear
    for name, figure in [("01_information_content.ipynb", "ch1-fig-surprisal"), ("09_machine_learning.ipynb", "ch9-fig-bpc")]:
        meta = dict(figures(name))[figure]
        assert meta.get("legend_crossings") == [], (name, figure, meta)
