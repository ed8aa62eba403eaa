"""The course's figure style: colour-blind-safe, legible in light and dark pages.

Needs matplotlib: ``pip install -e ".[plot]"`` in the repository.
"""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

__all__ = ["PALETTE", "crisp_png", "use_course_style"]

#: Okabe & Ito's palette, distinguishable with every common colour-vision deficiency.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}


def use_course_style() -> None:
    """Set matplotlib defaults for the course's figures.

    Figures get an opaque white background (so they stay legible on the dark
    theme), the Okabe-Ito colour cycle, lines 2 points wide, and readable font
    sizes. In Jupyter, figures are shown as PNGs with twice the pixels of
    their size on the page (see :func:`crisp_png`), so they stay sharp on
    high-density screens. Call once at the top of a notebook.
    """
    _use_crisp_png()
    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(
                color=[PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "black")]
            ),
            "figure.facecolor": "white",
            "axes.facecolor": "white",
            "savefig.facecolor": "white",
            "figure.figsize": (6.4, 4.0),
            "figure.dpi": 100,
            "lines.linewidth": 2,
            "lines.markersize": 7,
            "font.size": 12,
            "axes.labelsize": 12,
            "axes.titlesize": 12,
            "legend.fontsize": 11,
            "legend.frameon": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "svg.hashsalt": "infolib",
        }
    )


def crisp_png(fig) -> tuple[str, dict[str, int]] | None:
    """A figure as a PNG with twice its pixels, and the width to show it at.

    Returns the base64 PNG at twice ``figure.dpi`` (cropped to the figure's
    contents, as Jupyter's inline backend does) and the metadata
    ``{"width": w}``, half its pixel width: Jupyter and the website show it
    at the size a 1x PNG would have, with two pixels per CSS pixel, so lines
    and text stay sharp on high-density (phone, laptop) screens. The height
    is left out of the metadata, so a narrow screen scales the figure down
    without distorting it. None for an empty figure.
    """
    from IPython.core.pylabtools import retina_figure

    out = retina_figure(fig, base64=True, bbox_inches="tight")
    if out is None:
        return None
    data, size = out
    return data, {"width": size["width"]}


def _use_crisp_png() -> None:
    """In IPython, show figures with :func:`crisp_png` (elsewhere, do nothing)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    # The inline backend sets its own formatters when it loads, which
    # matplotlib defers to the first figure: load it now, so ours come after.
    plt.close(plt.figure())

    shell.display_formatter.formatters["image/png"].for_type(Figure, crisp_png)
