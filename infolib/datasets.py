"""Texts shipped with the course library, for the language-model chapter."""

from __future__ import annotations

from importlib import resources

__all__ = ["TEXTS", "load_text"]

#: Names accepted by :func:`infolib.load_text`, and what each is.
TEXTS: dict[str, str] = {
    "pride_and_prejudice_vol1": (
        "Jane Austen, Pride and Prejudice (1813), Volume I (chapters 1-23): "
        "public domain, from Project Gutenberg eBook #1342; one paragraph per line"
    ),
}


def load_text(name: str = "pride_and_prejudice_vol1") -> str:
    """Return one of the texts shipped with the library.

    Parameters
    ----------
    name : str, default "pride_and_prejudice_vol1"
        A key of :data:`~infolib.datasets.TEXTS`.

    Returns
    -------
    str
        The whole text. ``infolib/data/README.md`` states its source, its
        licence and what was changed.

    Raises
    ------
    ValueError
        If ``name`` is not a key of :data:`~infolib.datasets.TEXTS`; the message lists them.

    Examples
    --------
    >>> text = load_text("pride_and_prejudice_vol1")
    >>> text[:19]
    'PRIDE AND PREJUDICE'
    >>> len(text)
    230416
    """
    if name not in TEXTS:
        raise ValueError(f"unknown text {name!r}; the texts are {', '.join(map(repr, TEXTS))}")
    return (resources.files("infolib") / "data" / f"{name}.txt").read_text(encoding="utf-8")
