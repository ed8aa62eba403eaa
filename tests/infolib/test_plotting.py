"""infolib.plotting: figures shown sharp on high-density screens."""

from __future__ import annotations

import base64
import io

import pytest

mpl = pytest.importorskip("matplotlib")
pytest.importorskip("IPython")
Image = pytest.importorskip("PIL.Image")

import matplotlib.pyplot as plt  # noqa: E402

from infolib.plotting import crisp_png, use_course_style  # noqa: E402


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
    assert meta == {"width": crisp.size[0] // 2}, "only the width: a narrow screen keeps the aspect ratio"


def test_crisp_png_is_the_same_bytes_on_every_call():
    fig = _figure()
    try:
        assert crisp_png(fig)[0] == crisp_png(fig)[0]
    finally:
        plt.close(fig)

