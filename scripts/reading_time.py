"""Reading time of each chapter, from its word count, for the landing page.

Counts the words of every markdown and code cell of chapters/*.ipynb, at a
slow 120 words a minute (the chapters are dense with formulas and code), and
rounds up to the next 5 minutes. Sections whose heading ends in "(optional)"
are counted apart, up to the next heading of the same or a higher level.
Cells a reader does not read (the setup cell, hidden or removed cells) are
not counted.

Usage: python scripts/reading_time.py           print the table
       python scripts/reading_time.py --write   put it into intro.md
tests/test_chapter_text.py checks that intro.md holds the current table.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS_PER_MINUTE = 120
START, END = "<!-- reading-time: start -->", "<!-- reading-time: end -->"
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_NOT_READ = {"setup", "remove-cell", "remove-input"}


def word_counts(notebook: Path) -> tuple[str, int, int]:
    """Title, words in the core sections and words in the optional sections."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    title, core, optional, optional_level = "", 0, 0, None
    for cell in cells:
        if _NOT_READ & set(cell.get("metadata", {}).get("tags", [])):
            continue
        for line in "".join(cell["source"]).splitlines():
            heading = _HEADING.match(line) if cell["cell_type"] == "markdown" else None
            if heading:
                level = len(heading.group(1))
                title = title or heading.group(2).strip()
                if optional_level is not None and level <= optional_level:
                    optional_level = None
                if optional_level is None and heading.group(2).rstrip().endswith("(optional)"):
                    optional_level = level
            words = len(line.split())
            if optional_level is None:
                core += words
            else:
                optional += words
    return title, core, optional


def minutes(words: int) -> int:
    return 5 * math.ceil(words / WORDS_PER_MINUTE / 5) if words else 0


def table() -> str:
    rows = ["| chapter | reading time | optional sections |", "| --- | --- | --- |"]
    for number, notebook in enumerate(sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")), start=1):
        title, core, optional = word_counts(notebook)
        extra = f"{minutes(optional)} min more" if optional else "none"
        rows.append(f"| {number}. {title} | {minutes(core)} min | {extra} |")
    return "\n".join(rows)


def block() -> str:
    return f"{START}\n{table()}\n{END}"


def main(argv: list[str]) -> int:
    if "--write" in argv:
        intro = ROOT / "intro.md"
        text = intro.read_text(encoding="utf-8")
        start, end = text.index(START), text.index(END) + len(END)
        intro.write_text(text[:start] + block() + text[end:], encoding="utf-8")
    print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
