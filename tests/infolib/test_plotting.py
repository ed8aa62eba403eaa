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
    EDGE_PAD_INCHES,
    PANEL_WIDTH,
    PHONE_EDGE_PX,
    PHONE_TEXT_PX,
    crisp_png,
    legend_crossings,
    smallest_text_pt,
    stacked_panels,
    text_crossings,
    title_clashes,
    TITLE_GAP_POINTS,
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
        fig.savefig(one_x, format="png", bbox_inches="tight", pad_inches=EDGE_PAD_INCHES)
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


# ---- margins and legends ----------------------------------------------------------------


def _ink_margin_px(png: bytes) -> int:
    """The fewest pixels between anything drawn (not white) and the image's edge."""
    import numpy as np

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    ink = np.abs(pixels - 255).max(axis=2) > 40
    rows, cols = np.nonzero(ink)
    height, width = ink.shape
    return int(min(cols.min(), width - 1 - cols.max(), rows.min(), height - 1 - rows.max()))


def test_crisp_png_leaves_a_margin_that_keeps_text_off_a_phones_edge():
    use_course_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 8])
    ax.set_xlim(0, 1.02)  # the last tick label, "1.0", is the figure's rightmost text
    ax.set_xlabel("probability p")
    ax.set_ylabel("information (bits)")
    try:
        data, meta = crisp_png(fig)
        default = io.BytesIO()
        fig.savefig(default, format="png", dpi=2 * fig.dpi, bbox_inches="tight")
    finally:
        plt.close(fig)
    margin = _ink_margin_px(base64.b64decode(data))  # pixels of the 2x image
    assert margin >= 2 * EDGE_PAD_INCHES * 100 - 2
    # shown across a 390 px phone, as the site shows a one-panel figure
    assert margin / 2 * 390 / meta["width"] >= PHONE_EDGE_PX
    # matplotlib's own margin, 0.1 inches, left text within 7 px of a phone's edge
    assert _ink_margin_px(default.getvalue()) / 2 * 390 / (meta["width"] - 2 * (EDGE_PAD_INCHES - 0.1) * 100) < PHONE_EDGE_PX


def test_a_line_through_the_legend_is_found_and_one_clear_of_it_is_not():
    use_course_style()
    fig, ax = plt.subplots()
    try:
        ax.plot([0, 1], [0, 1], label="rising")
        ax.axhline(0.9, ls="--", label="near the top")
        ax.set_ylim(0, 1)
        ax.legend(loc="upper left")
        assert legend_crossings(fig) == ["near the top"]
        ax.legend(loc="center")
        assert legend_crossings(fig) == ["rising"]
        ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5))  # beside the axes
        assert legend_crossings(fig) == []
    finally:
        plt.close(fig)


def test_markers_in_the_legend_count_and_unlabelled_lines_are_named_by_position():
    use_course_style()
    fig, ax = plt.subplots()
    try:
        ax.plot([0.1, 0.9], [0.9, 0.1], "o", label="two points")
        ax.plot([0.5, 0.5], [0, 1], color="k")  # no label
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.legend(handles=ax.get_lines()[:1], loc="upper left")
        assert legend_crossings(fig) == ["two points"]
        ax.legend(handles=ax.get_lines()[:1], loc="upper center")
        assert legend_crossings(fig) == ["line 1 of axes 0"]
    finally:
        plt.close(fig)


def test_a_legend_under_the_axes_is_clear_of_lines_clipped_to_them():
    use_course_style()
    fig, ax = plt.subplots(figsize=(PANEL_WIDTH, 4.6), layout="constrained")
    try:
        ax.plot([0, 1], [-5, 5], label="steep")  # runs far below the axes, where it is not drawn
        ax.set_ylim(0, 1)
        fig.legend(loc="outside lower center")
        assert legend_crossings(fig) == []
        _, meta = crisp_png(fig)
        assert meta["legend_crossings"] == []
    finally:
        plt.close(fig)


def test_crisp_png_records_legend_crossings_only_for_a_figure_with_a_legend():
    use_course_style()
    fig, ax = plt.subplots()
    try:
        ax.plot([0, 1], [0, 1])
        assert "legend_crossings" not in crisp_png(fig)[1]
        ax.axhline(0.9, label="near the top")
        ax.set_ylim(0, 1)
        ax.legend(loc="upper left")
        assert crisp_png(fig)[1]["legend_crossings"] == ["near the top"]
    finally:
        plt.close(fig)


def test_a_framed_legend_counts_its_whole_frame_a_frameless_one_its_entries():
    use_course_style()
    fig, ax = plt.subplots()
    try:
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.plot([0.5], [0.5], "o", label="a point")
        legend = ax.legend(loc="center", frameon=True, borderpad=3)
        fig.draw_without_rendering()
        frame = legend.get_window_extent(fig.canvas.get_renderer())
        # a horizontal line through the frame's padding, above the entry
        y = ax.transData.inverted().transform((0, frame.y1 - 5))[1]
        ax.axhline(y, label="through the padding")
        ax.legend(loc="center", frameon=True, borderpad=3)
        assert "through the padding" in legend_crossings(fig)
        ax.legend(loc="center", frameon=False, borderpad=3)
        assert "through the padding" not in legend_crossings(fig)
    finally:
        plt.close(fig)


def test_a_label_crossed_by_a_line_or_wider_than_its_bar_is_found_and_a_clear_one_is_not():
    use_course_style()
    fig, ax = plt.subplots(figsize=(5.4, 3))
    try:
        ax.barh(0, 0.1, left=0.9, height=0.4)                      # patch 0: a narrow bar
        ax.barh(1, 0.5, left=0.0, height=0.4)                      # patch 1: a wide bar
        ax.plot([0, 1], [1.6, 1.6], color="k", lw=0.8)             # line 0, across the top
        ax.set_xlim(0, 1)
        ax.set_ylim(-0.5, 2)
        ax.text(0.95, 0, "a long name", ha="center", va="center")   # spills over the narrow bar
        ax.text(0.25, 1, "fits", ha="center", va="center")          # inside the wide bar
        ax.text(0.5, 1.6, "0.585", ha="center", va="center")        # on the line
        ax.text(0.8, 1.3, "clear", ha="center", va="center")        # in the open
        assert text_crossings(fig) == ["'a long name' crossed by patch 0 of axes 0",
                                       "'0.585' crossed by line 0 of axes 0"]
    finally:
        plt.close(fig)


def test_a_label_touching_a_box_edge_counts_as_crossing_it():
    use_course_style()
    fig, ax = plt.subplots()
    try:
        ax.barh(0, 0.5, height=0.4)
        ax.set_xlim(0, 1)
        ax.set_ylim(-1, 1)
        fig.draw_without_rendering()
        label = ax.text(0.5, 0, "x", ha="left", va="center")  # starts exactly on the bar's right edge
        assert text_crossings(fig) == ["'x' crossed by patch 0 of axes 0"]
        label.set_x(0.55)
        assert text_crossings(fig) == []
    finally:
        plt.close(fig)


def test_crisp_png_records_text_crossings_only_for_figures_with_labels():
    use_course_style()
    fig, ax = plt.subplots()
    try:
        ax.plot([0, 1], [0, 1])
        assert "text_crossings" not in crisp_png(fig)[1]
        ax.text(0.5, 0.5, "on it", ha="center", va="center")
        assert crisp_png(fig)[1]["text_crossings"] == ["'on it' crossed by line 0 of axes 0"]
    finally:
        plt.close(fig)


def _titled_panels(fig, axes):
    for ax in axes:
        ax.plot([1, 10], [1, 10])
        ax.set_title(r"$f(p) = -\log_2 p$")
        ax.set_xlabel(r"$f(p) + f(q)$ (log scale)")
        ax.set_ylabel(r"$f(pq)$")


def test_stacked_panels_keep_each_axis_label_clear_of_the_next_panels_title():
    use_course_style()
    for n, height in [(2, 2.8), (3, 2.4), (3, 2.5)]:
        fig, axes = stacked_panels(n, panel_height=height)
        try:
            _titled_panels(fig, axes)
            assert title_clashes(fig) == [], (n, height)
        finally:
            plt.close(fig)


def test_panels_at_matplotlibs_default_spacing_put_the_label_against_the_next_title():
    # the check is not vacuous: matplotlib's constrained layout leaves 6 to 8 points
    use_course_style()
    fig, axes = plt.subplots(3, 1, figsize=(PANEL_WIDTH, 3 * 2.4), layout="constrained")
    try:
        _titled_panels(fig, axes)
        clashes = title_clashes(fig)
        assert "'$f(p) = -\\log_2 p$' (axes 1) touches the x label '$f(p) + f(q)$ (log scale)' of axes 0" in clashes
        assert title_clashes(fig, gap_points=TITLE_GAP_POINTS / 4) == []
    finally:
        plt.close(fig)


def test_crisp_png_records_title_clashes_only_for_figures_of_titled_panels():
    use_course_style()
    fig, axes = stacked_panels(2)
    try:
        assert "title_clashes" not in crisp_png(fig)[1]
        _titled_panels(fig, axes)
        assert crisp_png(fig)[1]["title_clashes"] == []
    finally:
        plt.close(fig)
