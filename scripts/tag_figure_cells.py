"""Hide, on the website, the code of cells that only draw a figure.

On a phone most code blocks are wider than the screen and scroll sideways; a
cell whose only output is a figure (a captioned myst-nb figure: the cell's
``mystnb.figure`` metadata) tells the reader what it shows in its caption, so
the website shows the figure and not the plotting code. Such cells get the
``remove-input`` tag (the notebook, on Colab or in Jupyter, still shows the
code). Cells that print or return anything besides the figure keep their input.

The script is idempotent: a tagged cell is left alone, and only tags change
(no outputs, no execution).

Usage::

    python scripts/tag_figure_cells.py [notebooks...]   # tag (default: every chapter)
    python scripts/tag_figure_cells.py --check          # exit 1 if a figure-only cell is untagged

``make notebooks`` runs it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
TAG = "remove-input"
IMAGE_TYPES = ("image/png", "image/svg+xml", "image/jpeg", "image/webp")


def is_figure_only(cell: dict) -> bool:
    """A code cell with figure metadata whose every output is an image."""
    if cell.get("cell_type") != "code" or "figure" not in cell.get("metadata", {}).get("mystnb", {}):
        return False
    outputs = cell.get("outputs", [])
    return bool(outputs) and all(
        out.get("output_type") in ("display_data", "execute_result")
        and any(kind in out.get("data", {}) for kind in IMAGE_TYPES)
        for out in outputs
    )


def untagged(nb: dict) -> list[int]:
    """Indices of figure-only cells without the tag."""
    return [
        i for i, cell in enumerate(nb["cells"])
        if is_figure_only(cell) and TAG not in cell["metadata"].get("tags", [])
    ]


def write(path: Path) -> int:
    """Tag the figure-only cells of one notebook; the number of cells newly tagged."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    missing = untagged(nb)
    for i in missing:
        nb["cells"][i]["metadata"].setdefault("tags", []).append(TAG)
    if missing:
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(missing)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help=f"exit 1 if a figure-only cell lacks the {TAG} tag")
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks (default: every chapter)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(CHAPTERS.glob("*.ipynb"))
    if args.check:
        stale = {p.name: len(untagged(json.loads(p.read_text(encoding="utf-8")))) for p in paths}
        stale = {name: n for name, n in stale.items() if n}
        if stale:
            print(f"figure-only cells without {TAG}:", stale, "- run: python scripts/tag_figure_cells.py")
            return 1
        print(f"every figure-only cell is tagged {TAG} in {len(paths)} notebooks")
        return 0
    for path in paths:
        n = write(path)
        if n:
            print(f"tagged {n} figure-only cell(s) {TAG} in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
