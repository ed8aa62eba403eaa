"""infolib.plotting: figures shown sharp on high-density screens."""

from __future__ import annotations

import base64
import io

import pytest

mpl = pytest.importorskip("matplotlib")
pytest.importorskip("IPython")
Image = pytest.importorskip("PIL.Image")

import matplotlib.pyplot as plt  # noqa: E402

from infolib.plotting import (  # noqa: E402
    PANEL_WIDTH,
    PHONE_TEXT_PX,
    crisp_png,
    smallest_text_pt,
    stacked_panels,
    use_course_style,
)


def _figure():
    use_course_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [0, 1, 0], label="a line")
    ax.legend()
    return fig


def test_crisp_png_has_twice_the_pixels_and_asks_for_half_the_width():
    fig = _figure()
    try:
        data, meta = crisp_png(fig)
        one_x = io.BytesIO()
        fig.savefig(one_x, format="png", bbox_inches="tight")
    finally:
        plt.close(fig)
    crisp = Image.open(io.BytesIO(base64.b64decode(data)))
    plain = Image.open(io.BytesIO(one_x.getvalue()))
    assert abs(crisp.size[0] - 2 * plain.size[0]) <= 2 and abs(crisp.size[1] - 2 * plain.size[1]) <= 2
    assert meta["width"] == crisp.size[0] // 2
    assert "height" not in meta, "only the width: a narrow screen keeps the aspect ratio"


def test_crisp_png_is_the_same_bytes_on_every_call():
    fig = _figure()
    try:
        assert crisp_png(fig)[0] == crisp_png(fig)[0]
    finally:
        plt.close(fig)



def test_crisp_png_records_the_smallest_text_in_pixels_at_the_figures_width():
    use_course_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="a line")
    ax.legend(fontsize=9)
    ax.set_xlabel("probability p", fontsize=14)
    try:
        _, meta = crisp_png(fig)
    finally:
        plt.close(fig)
    # 9 points at 100 dpi: 9 / 72 inches, 12.5 pixels
    assert fig.dpi == 100
    assert meta["smallest_text_px"] == pytest.approx(12.5)


def test_smallest_text_ignores_hidden_and_empty_texts():
    use_course_style()
    fig, ax = plt.subplots()
    try:
        ax.set_title("")  # an empty title is drawn as nothing
        ax.text(0.5, 0.5, "tiny", fontsize=4, visible=False)
        ax.text(0.2, 0.2, "   ", fontsize=3)
        ax.set_xticks([0, 1], labels=["0", "1"], fontsize=10)
        ax.set_yticks([])
        assert smallest_text_pt(fig) == 10
        ax.annotate("note", (0.5, 0.5), fontsize=7)
        assert smallest_text_pt(fig) == 7
    finally:
        plt.close(fig)


def test_stacked_panels_keep_a_one_panel_figures_width_and_text_size():
    use_course_style()
    fig, axes = stacked_panels(3, panel_height=2.5, sharex=True)
    try:
        assert len(axes) == 3
        assert tuple(fig.get_size_inches()) == pytest.approx((PANEL_WIDTH, 7.5))
        positions = [ax.get_position() for ax in axes]
        assert all(p.width > 0.7 for p in positions), "each panel spans the figure's width"
        assert positions[0].y0 > positions[1].y0 > positions[2].y0, "top to bottom"
        # drawn across a 390 px phone, as a one-panel figure is: the default text is legible
        _, meta = crisp_png(fig)
        assert meta["smallest_text_px"] * 390 / meta["width"] >= PHONE_TEXT_PX
    finally:
        plt.close(fig)


@pytest.mark.parametrize("n", [1, 0, 2.0, True])
def test_stacked_panels_needs_two_or_more_panels(n):
    with pytest.raises(ValueError, match=f"n must be an integer of 2 or more \\(panels\\); got {n!r}"):
        stacked_panels(n)


def test_stacked_panels_needs_positive_sizes():
    with pytest.raises(ValueError, match="panel_height must be a positive number of inches; got -1"):
        stacked_panels(2, panel_height=-1)
