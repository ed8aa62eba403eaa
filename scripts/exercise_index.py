"""The index of exercises on the Start here page, generated from the chapters.

Every ``{exercise}`` directive of chapters/*.ipynb is listed under its
chapter, linked by its label (``{numref}``), with its title: the directive's
argument when it has one, otherwise the first sentence of its text (cut at
about 20 words, never inside a formula).

Usage: python scripts/exercise_index.py           print the index
       python scripts/exercise_index.py --write   put it into start_here.md
tests/test_start_here.py checks that start_here.md holds the current index.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "start_here.md"
START, END = "<!-- exercise-index: start -->", "<!-- exercise-index: end -->"
MAX_WORDS = 20
_DIRECTIVE = re.compile(r"^(`{3,}|:{3,})\{exercise\}[ \t]*([^\n]*)\n(.*?)^\1[ \t]*$", re.M | re.S)


def exercises(notebook: Path) -> list[tuple[str, str]]:
    """(label, title) of every exercise of one chapter, in order."""
    found = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for match in _DIRECTIVE.finditer("".join(cell["source"])):
            argument, body = match.group(2).strip(), match.group(3)
            options = dict(re.findall(r"^:(\w+):[ \t]*(.*)$", body, re.M))
            label = options.get("label", "").strip()
            if not label:
                raise SystemExit(f"{notebook.name}: an exercise has no :label:, so the index cannot link to it")
            text = " ".join(line.strip() for line in body.splitlines() if line.strip() and not line.startswith(":"))
            found.append((label, argument or first_sentence(text)))
    return found


def _outside_math(text: str) -> list[bool]:
    """For every character of ``text``: True if it is outside $...$ and `...`."""
    flags, in_math, in_code = [], False, False
    for char in text:
        if char == "`" and not in_math:
            in_code = not in_code
        elif char == "$" and not in_code:
            in_math = not in_math
        flags.append(not (in_math or in_code))
    return flags


def first_sentence(text: str) -> str:
    text = re.sub(r"^(\d+[.)]|\([a-z]\))\s+", "", text)  # a list's first marker: "1. ", "(a) "
    outside = _outside_math(text)
    for match in re.finditer(r"[.?!](\s|$)", text):
        if outside[match.start()]:
            text = text[: match.start() + 1]
            break
    spaces = [i for i, char in enumerate(text) if char == " " and outside[i]]
    if len(spaces) >= MAX_WORDS:
        return text[: spaces[MAX_WORDS - 1]].rstrip(",;:") + " ..."
    return text


def index() -> str:
    lines = []
    for notebook in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")):
        items = exercises(notebook)
        if not items:
            continue
        lines += ["", f"{{doc}}`chapters/{notebook.stem}`", ""]
        lines += [f"- {{numref}}`{label}`: {title}" for label, title in items]
    return "\n".join(lines[1:])


def block() -> str:
    return f"{START}\n{index()}\n{END}"


def main(argv: list[str]) -> int:
    if "--write" in argv:
        text = PAGE.read_text(encoding="utf-8")
        if START not in text or END not in text:
            raise SystemExit(f"{PAGE.name} lacks the markers {START} ... {END}: put them where the index goes")
        start, end = text.index(START), text.index(END) + len(END)
        PAGE.write_text(text[:start] + block() + text[end:], encoding="utf-8")
    print(index())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
