"""Reading a chapter notebook for the text checks: its prose, figures and printed output."""

from __future__ import annotations

import json
from pathlib import Path

CHAPTERS = Path(__file__).resolve().parents[2] / "chapters"


def load(name: str) -> dict:
    """The notebook ``chapters/<name>``."""
    return json.loads((CHAPTERS / name).read_text(encoding="utf-8"))


def flat(text: str) -> str:
    """``text`` with every run of white space made one space."""
    return " ".join(text.split())


def prose(notebook: dict) -> str:
    """All markdown of a chapter, flattened."""
    return flat(" ".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"))


def block(text: str, marker: str, end: str = "```") -> str:
    """``text`` from the first ``marker`` up to the next ``end`` after it, by default a ````` fence.

    ``end`` is searched for after the whole marker, so a marker that opens a directive
    (``"```{prf:proof}"``) yields that directive's body, as does one inside it
    (``":label: ch6-thm-fano"``); another ``end`` gives a passage, e.g. a section up to
    the next heading. ``end`` itself is left out. A missing marker, or a missing end after
    it, raises an AssertionError that names what is missing.
    """
    start = text.find(marker)
    if start < 0:
        raise AssertionError(f"{marker!r} is not in the text")
    stop = text.find(end, start + len(marker))
    if stop < 0:
        raise AssertionError(f"no {end!r} after {marker!r}")
    return text[start:stop]


def figure(notebook: dict, name: str) -> tuple[str, str]:
    """(caption, alt text) of the figure labelled ``name``."""
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("mystnb", {})
        if meta.get("figure", {}).get("name") == name:
            return meta["figure"]["caption"], meta["image"]["alt"]
    raise AssertionError(f"no figure named {name}")


def stdout(notebook: dict, marker: str) -> str:
    """The printed output of the one code cell whose source contains ``marker``."""
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code" and marker in "".join(c["source"])]
    assert len(cells) == 1, marker
    return "".join("".join(o.get("text", "")) for o in cells[0]["outputs"])
