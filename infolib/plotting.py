"""The course's figure style: colour-blind-safe, legible in light and dark pages.

Needs matplotlib: ``pip install -e ".[plot]"`` in the repository.
"""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

__all__ = [
    "EDGE_PAD_INCHES",
    "PANEL_WIDTH",
    "PALETTE",
    "PHONE_EDGE_PX",
    "PHONE_TEXT_PX",
    "TITLE_GAP_POINTS",
    "crisp_png",
    "legend_crossings",
    "smallest_text_pt",
    "stacked_panels",
    "text_crossings",
    "title_clashes",
    "use_course_style",
]

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


#: The width in inches of a panel of :func:`stacked_panels`: a one-panel course
#: figure (6.4 inches) is about this wide once its margins are cropped, so a
#: stacked panel is shown as wide as one, with text of the same size.
PANEL_WIDTH = 5.4

#: The smallest text a figure may show on a 390-pixel-wide phone, in CSS pixels.
#: A figure's text is shown at (font size in points) * dpi / 72 times the ratio of
#: the figure's width on the page to its width in pixels. On a phone the website
#: draws a figure across the screen's whole width (390 pixels), so a one-panel
#: figure (about 560 pixels wide once cropped) shows the course's 12-point text
#: 11.6 pixels high, one 600 pixels wide 10.8 (an 11-point legend in the column,
#: 342 pixels wide, was 9.3);
#: two panels side by side would be half that.
PHONE_TEXT_PX = 10.5

#: The smallest gap a figure may leave, on a 390-pixel-wide phone, between its
#: text and the edge of its image, in CSS pixels. On a phone the image's edges
#: are the screen's, so a tick label closer than this looks cut off.
PHONE_EDGE_PX = 10

#: The white margin :func:`crisp_png` leaves around a figure's contents, in inches:
#: 17 pixels of the figure at its own width (100 dpi), which a phone showing a
#: one-panel figure (560 to 620 pixels wide) across 390 pixels draws 11 to 12
#: pixels wide (at least :data:`PHONE_EDGE_PX` for figures up to 663 pixels
#: wide). Matplotlib's default, 0.1 inches, left 6 to 7 pixels on a phone.
EDGE_PAD_INCHES = 0.17


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
            "legend.fontsize": 12,
            "legend.frameon": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "svg.hashsalt": "infolib",
        }
    )


def stacked_panels(n: int, *, panel_height: float = 2.8, sharex: bool = False, sharey: bool = False,
                   width: float = PANEL_WIDTH):
    """A figure of ``n`` panels in one column, each as wide as a one-panel figure.

    Panels side by side share the page's width, so on a phone their tick
    labels and legends shrink to half or a third of a one-panel figure's
    (about 5 pixels high for two panels). Stacked, each panel keeps the width
    and the text size of a one-panel figure on every screen. Put each panel's
    message in the caption ("top", "bottom") and let panels that share an
    axis say so (``sharex=True``) rather than repeat its label. The panels
    stand far enough apart that one panel's axis label keeps
    :data:`TITLE_GAP_POINTS` clear of the next panel's title
    (:func:`title_clashes`).

    Parameters
    ----------
    n : int
        The number of panels, 2 or more.
    panel_height : float
        The height of each panel in inches (the figure is ``n * panel_height``
        high).
    sharex, sharey : bool
        Whether the panels share their horizontal (vertical) axis, as in
        ``matplotlib.pyplot.subplots``.
    width : float
        The figure's width in inches; the default, :data:`PANEL_WIDTH`, is as wide
        as a one-panel figure's drawing.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : numpy.ndarray
        The ``n`` axes, top to bottom.

    Raises
    ------
    ValueError
        If ``n`` is not an integer of 2 or more, or a size is not positive.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> fig, (top, bottom) = stacked_panels(2, sharex=True)
    >>> [float(round(x, 1)) for x in fig.get_size_inches()]
    [5.4, 5.6]
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an integer of 2 or more (panels); got {n!r}")
    for name, value in (("panel_height", panel_height), ("width", width)):
        if not value > 0:
            raise ValueError(f"{name} must be a positive number of inches; got {value!r}")
    fig, axes = plt.subplots(n, 1, figsize=(width, n * panel_height), sharex=sharex, sharey=sharey,
                             layout="constrained")
    # 0.1 inches around each panel's decorations (matplotlib's default is 3 points): a panel's
    # axis label then stands 14 to 16 points clear of the next panel's title, more than
    # TITLE_GAP_POINTS, instead of 6 to 8 points, where it read as part of that title
    fig.get_layout_engine().set(h_pad=0.1)
    return fig, axes


def smallest_text_pt(fig) -> float | None:
    """The font size, in points, of the smallest text a figure draws.

    Every visible, non-empty text counts: tick labels, axis labels, titles,
    legends and annotations. None for a figure without text. The figure is
    drawn first (without rendering), so tick labels are in place.
    """
    from matplotlib.text import Text

    fig.draw_without_rendering()
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes) if sizes else None


def legend_crossings(fig) -> list[str]:
    """The lines of a figure that pass through one of its legends.

    A legend drawn over the data hides it, and a line through a legend entry
    reads as that entry's line. For every legend of the figure (an axes'
    legend or the figure's own), this lists each visible line of the figure's
    axes (a ``Line2D``: curves, ``axhline`` and ``axvline``, markers) that
    crosses the box the legend is seen to take (its frame where it has one;
    else the box around its entries, handles and title, as the course's
    frameless legends are drawn) or has a marker in it, by its label (or
    ``"line <i> of axes <j>"`` for an unlabelled one). The legend's own
    handles, the grid and the axes' spines do not count. The figure is drawn
    first (without rendering), so the legend is in place; since a figure is
    scaled as a whole, a legend clear of the lines in the image is clear at
    every width the page shows it.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.axhline(0.95, label="across the top")
    >>> _ = ax.set_ylim(0, 1)
    >>> _ = ax.legend(loc="upper right")
    >>> legend_crossings(fig)
    ['across the top']
    >>> _ = ax.legend(loc="lower right")
    >>> legend_crossings(fig)
    []
    >>> plt.close(fig)
    """
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    legends = [ax.get_legend() for ax in fig.axes] + list(fig.legends)
    boxes = [_legend_box(legend, renderer) for legend in legends if legend is not None and legend.get_visible()]
    crossed: list[str] = []
    for j, ax in enumerate(fig.axes):
        for i, line in enumerate(ax.get_lines()):
            if not line.get_visible() or not _crosses(line, ax, boxes, fig.dpi):
                continue
            label = line.get_label()
            crossed.append(label if label and not label.startswith("_") else f"line {i} of axes {j}")
    return crossed


def text_crossings(fig) -> list[str]:
    """The text labels of a figure's axes that a line or a box's edge runs through.

    A number or a name drawn across a line is hard to read, and a label wider
    than the bar or box it names spills over its edge. For every visible,
    non-empty text placed in an axes (``ax.text``, ``ax.annotate``), this lists
    it when a visible line of that axes (a ``Line2D``, clipped to the axes as
    drawn) or the outline of one of its patches (bars, rectangles, polygons)
    passes through the box the text takes, grown by ``pad_points``: so a label
    inside a bar must fit inside it, and one outside must keep clear of it.
    Each crossing reads ``"'<text>' crossed by <what>"``, with the artist's
    label or ``"line <i>"`` / ``"patch <i>"`` of ``"axes <j>"``. The figure is
    drawn first (without rendering), so the texts have their sizes; a figure is
    scaled as a whole, so a label clear in the image is clear at every width.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> _ = ax.barh(0.1, 0.1, left=0.8, height=0.05)
    >>> _ = ax.text(0.5, 0.5, "on the line", ha="center", va="center")
    >>> _ = ax.text(0.85, 0.1, "too wide for its bar", ha="center", va="center")
    >>> _ = ax.text(0.1, 0.9, "clear", ha="center", va="center")
    >>> text_crossings(fig)
    ["'on the line' crossed by line 0 of axes 0", "'too wide for its bar' crossed by patch 0 of axes 0"]
    >>> plt.close(fig)
    """
    return _text_crossings(fig, pad_points=1.0)


def _text_crossings(fig, pad_points: float) -> list[str]:
    from matplotlib.transforms import Bbox

    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    pad = pad_points * fig.dpi / 72
    no_style = (None, "None", "none", " ", "")
    crossed: list[str] = []
    for j, ax in enumerate(fig.axes):
        texts = [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
        if not texts:
            continue
        obstacles = []
        for i, line in enumerate(ax.get_lines()):
            if line.get_visible() and line.get_linestyle() not in no_style:
                name = line.get_label()
                name = name if name and not name.startswith("_") else f"line {i} of axes {j}"
                obstacles.append((name, line.get_transform().transform_path(line.get_path()), line.get_clip_on()))
        for i, patch in enumerate(ax.patches):
            if patch.get_visible():
                name = patch.get_label()
                name = name if name and not name.startswith("_") else f"patch {i} of axes {j}"
                obstacles.append((name, patch.get_transform().transform_path(patch.get_path()), patch.get_clip_on()))
        for text in texts:
            box = text.get_window_extent(renderer).padded(pad)
            for name, path, clipped in obstacles:
                seen = Bbox.intersection(box, ax.bbox) if clipped else box
                if seen is not None and path.intersects_bbox(seen, filled=False):
                    crossed.append(f"'{text.get_text()}' crossed by {name}")
    return crossed


#: The least space a figure leaves between one panel's text (its axis label,
#: tick labels) and the title of another panel, in points: a line of the
#: course's 12-point text, twice the 6 points between a title and its own axes
#: (matplotlib's ``axes.titlepad``), so each title reads as its own panel's and
#: the label above it as the panel above's. Stacked with matplotlib's default
#: spacing, a label came 6 to 8 points from the next title.
TITLE_GAP_POINTS = 12.0


def title_clashes(fig, gap_points: float = TITLE_GAP_POINTS) -> list[str]:
    """The panels' titles that another panel's text touches or comes within ``gap_points`` of.

    In a figure of several panels, each panel's title must stand clear of the
    axis label and tick labels of the panel above it (or beside it), or the
    label reads as part of the title. For every pair of axes, this lists each
    visible title (``ax.set_title``, any of its three positions) whose box,
    grown by ``gap_points`` points, overlaps the box of an axis label, a tick
    label or the title of another axes, as ``"<title> (axes <j>) touches
    <what> of axes <i>"``. The figure is drawn first (without rendering), so
    every text is in place.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, (top, bottom) = plt.subplots(2, 1, figsize=(4, 3), layout="constrained")
    >>> _ = top.set_xlabel("x")
    >>> _ = bottom.set_title("second")
    >>> fig.get_layout_engine().set(h_pad=0, hspace=0)
    >>> title_clashes(fig)
    ["'second' (axes 1) touches the x label 'x' of axes 0"]
    >>> fig.get_layout_engine().set(h_pad=0.1, hspace=0)
    >>> title_clashes(fig)
    []
    >>> plt.close(fig)
    """
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    pad = gap_points * fig.dpi / 72

    def shown(text) -> bool:
        return text.get_visible() and bool(text.get_text().strip())

    def texts(ax):
        out = [(f"the x label '{ax.xaxis.label.get_text()}'", ax.xaxis.label),
               (f"the y label '{ax.yaxis.label.get_text()}'", ax.yaxis.label)]
        out += [(f"the tick label '{t.get_text()}'", t) for t in ax.get_xticklabels() + ax.get_yticklabels()]
        out += [(f"the title '{t.get_text()}'", t) for t in (ax.title, ax._left_title, ax._right_title)]
        return [(name, t) for name, t in out if shown(t)]

    clashes: list[str] = []
    for j, ax in enumerate(fig.axes):
        for title in (ax.title, ax._left_title, ax._right_title):
            if not shown(title):
                continue
            box = title.get_window_extent(renderer).padded(pad)
            for i, other in enumerate(fig.axes):
                if i == j:
                    continue
                for name, text in texts(other):
                    if box.overlaps(text.get_window_extent(renderer)):
                        clashes.append(f"'{title.get_text()}' (axes {j}) touches {name} of axes {i}")
    return clashes


def _legend_box(legend, renderer):
    """The box a legend is seen to take: its frame if drawn, else the box around its entries and title."""
    from matplotlib.transforms import Bbox

    if legend.get_frame_on() and legend.get_frame().get_visible():
        return legend.get_window_extent(renderer)
    texts = [t for t in [*legend.get_texts(), legend.get_title()] if t.get_visible() and t.get_text().strip()]
    handles = [h for h in legend.legend_handles if h is not None and h.get_visible()]
    return Bbox.union([a.get_window_extent(renderer) for a in [*texts, *handles]])


def _crosses(line, ax, boxes, dpi: float) -> bool:
    """Whether a drawn line or one of its markers lies in one of the boxes (display coordinates)."""
    from matplotlib.transforms import Bbox

    no_style = (None, "None", "none", " ", "")
    path = line.get_transform().transform_path(line.get_path())
    points = line.get_transform().transform(line.get_xydata())
    half_marker = line.get_markersize() * dpi / 72 / 2
    for box in boxes:
        if line.get_clip_on():  # only the part of the line inside the axes is drawn
            box = Bbox.intersection(box, ax.bbox)
            if box is None:
                continue
        if line.get_linestyle() not in no_style and path.intersects_bbox(box, filled=False):
            return True
        if line.get_marker() not in no_style:
            grown = box.padded(half_marker)
            if any(grown.contains(x, y) for x, y in points):
                return True
    return False


def crisp_png(fig) -> tuple[str, dict[str, float]] | None:
    """A figure as a PNG with twice its pixels, the width to show it at, its smallest text and its legends.

    Returns the base64 PNG at twice ``figure.dpi`` (cropped to the figure's
    contents, as Jupyter's inline backend does, with a white margin of
    :data:`EDGE_PAD_INCHES`) and the metadata
    ``{"width": w, "smallest_text_px": t}``: ``w`` is half its pixel width, so
    Jupyter and the website show it at the size a 1x PNG would have, with two
    pixels per CSS pixel, and lines and text stay sharp on high-density
    (phone, laptop) screens. The height is left out, so a narrow screen scales
    the figure down without distorting it. ``t`` is the height of its smallest
    text (:func:`smallest_text_pt`) in pixels of the figure at that width: a
    page that shows the figure ``s`` pixels wide shows that text ``t * s / w``
    pixels high (the website's checks compare it with :data:`PHONE_TEXT_PX`).
    A figure with a legend also gets ``"legend_crossings"``, the lines that
    pass through a legend (:func:`legend_crossings`; the course's checks want
    none). A figure with text labels in its axes (``ax.text``) also gets
    ``"text_crossings"``, the labels a line or a box's edge runs through
    (:func:`text_crossings`; the course's checks want none). None for an empty
    figure. A figure of several panels with titles also gets
    ``"title_clashes"``, the titles another panel's text touches
    (:func:`title_clashes`; the course's checks want none).
    """
    from IPython.core.pylabtools import retina_figure

    out = retina_figure(fig, base64=True, bbox_inches="tight", pad_inches=EDGE_PAD_INCHES)
    if out is None:
        return None
    data, size = out
    meta: dict[str, float | list[str]] = {"width": size["width"]}
    smallest = smallest_text_pt(fig)
    if smallest is not None:
        meta["smallest_text_px"] = round(smallest * fig.dpi / 72, 2)
    if any(ax.get_legend() is not None for ax in fig.axes) or fig.legends:
        meta["legend_crossings"] = legend_crossings(fig)
    if any(ax.texts for ax in fig.axes):
        meta["text_crossings"] = text_crossings(fig)
    if len(fig.axes) > 1 and any(ax.get_title(loc) for ax in fig.axes for loc in ("center", "left", "right")):
        meta["title_clashes"] = title_clashes(fig)
    return data, meta


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
