"""The course's figure style: colour-blind-safe, legible in light and dark pages.

Needs matplotlib: ``pip install -e ".[plot]"`` in the repository.
"""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

__all__ = ["PALETTE", "use_course_style"]

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
    sizes. Call once at the top of a notebook.
    """
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
