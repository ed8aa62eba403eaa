"""Reading time and prerequisites of each chapter, for the Start here page and the chapters.

Counts the words of every markdown and code cell of chapters/*.ipynb, at a
slow 120 words a minute (the chapters are dense with formulas and code), and
rounds up to the next 5 minutes. Sections whose heading ends in "(optional)"
are counted apart, up to the next heading of the same or a higher level, and
so are folded blocks whose title ends in "(optional)" (an admonition or a
dropdown fenced with backticks or colons), up to their closing fence, and
code cells whose source is folded (tags hide-input, hide-cell).
Cells a reader does not read (the setup cell, hidden or removed cells) are
not counted, nor are the chapter's own **Time:** line, its map of sittings
(below) and the labels of its sections (lines such as ``(ch9-sec-losses)=``).

A long chapter may open with a map of sittings: parts a reader can take
separately, between the lines ``<!-- sittings: start -->`` and
``<!-- sittings: end -->`` of its opening cell, one table row a sitting,
``| N. {ref}`Name <label>` | time | notes |``. A sitting starts at the line
``(label)=`` before its first section and runs to the next sitting's label
(the last one to the end of the chapter); `--write` sets each row's time
cell from the sitting's words, counted and rounded as the chapter's are
("20 min", "25 min (+15 min optional)").

Usage: python scripts/reading_time.py           print the tables
       python scripts/reading_time.py --write   put them (and the chapters' prerequisites)
                                                into start_here.md, and each chapter's
                                                time into its **Time:** line
`--write` rewrites the line ``**Time:** about N minutes of reading (M more for
optional sections); running the code and doing the K exercises takes as long
again or longer.`` (``for the optional section`` when there is one; K counts
the chapter's ``{exercise}`` directives as scripts/exercise_index.py finds
them) in the chapter's opening markdown cell, or inserts it
after the **Prerequisites:** line (else after the "What you will learn" list).
start_here.md's reading-time table has a column with the same counts.
It changes only that line: no cell is re-executed.

Each chapter's **Prerequisites:** paragraph, in its opening markdown cell, is
the one place its prerequisites are written; `--write` copies it into
start_here.md's table "What each chapter assumes", its {doc} links made
relative to the book's root.
tests/test_reader_pages.py checks that start_here.md holds the current tables
and every chapter its current **Time:** line.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from exercise_index import exercises  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WORDS_PER_MINUTE = 120
START, END = "<!-- reading-time: start -->", "<!-- reading-time: end -->"
PATHS_START, PATHS_END = "<!-- reading-paths: start -->", "<!-- reading-paths: end -->"
PREREQ_START, PREREQ_END = "<!-- prerequisites: start -->", "<!-- prerequisites: end -->"
PAGES = ("start_here.md",)
# The two paths through the course on the Start here page: chapter numbers.
PATHS = {
    "Information-theory core": (1, 2, 3, 4, 5, 6, 7),
    "Machine-learning path": (1, 3, 4, 5, 8, 9, 10),
}
# "all ten chapters" in the total row of the reading-time table
_NUMBER_WORDS = {8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}
_TIME = re.compile(r"^\*\*Time:\*\*.*$", re.M)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_OPTIONAL_BLOCK = re.compile(r"^\s*(`{3,}|:{3,})\{(?:admonition|dropdown)\}.*\(optional\)\s*$")
_NOT_READ = {"setup", "remove-cell", "remove-input"}
# Code cells folded on the page (its source behind a "Show code" button): read only by those
# who open them, like an optional section.
_FOLDED_CODE = {"hide-input", "hide-cell"}
_PREREQ = "**Prerequisites:**"
SITTINGS_START, SITTINGS_END = "<!-- sittings: start -->", "<!-- sittings: end -->"
# A MyST target line, "(label)=": a section's label, not read.
_TARGET = re.compile(r"^\((?P<label>[^()\s]+)\)=\s*$")
# A row of a chapter's map of sittings: "| 1. {ref}`Name <label>` | 20 min | notes |".
_SITTING_ROW = re.compile(r"^(?P<head>\|[^|]*\{ref\}`[^`<]*<(?P<label>[^<>`]+)>`[^|]*\|)(?P<time>[^|]*)(?P<rest>\|.*)$")
# A {doc} link in a chapter, `{doc}`03_entropy`` or `{doc}`entropy <03_entropy>``: its target.
_DOC = re.compile(r"\{doc\}`(?P<text>[^`<]*?<)?(?P<target>[^`<>]+)(?P<close>>?)`")
# TeX that only lays a formula out (environments, line breaks, alignment marks,
# display delimiters): not read, so splitting a formula over lines for a phone
# does not lengthen the chapter's reading time.
_LAYOUT = re.compile(r"\\(begin|end)\{[a-z]+\*?\}|\\\\|&|\$\$")


def words_in(line: str) -> int:
    """Words in one line of a chapter, TeX layout left out."""
    return len(_LAYOUT.sub(" ", line).split())


def word_counts(notebook: Path) -> tuple[str, int, int]:
    """Title, words in the core sections and words in the optional sections."""
    return _counts(notebook)[:3]


def optional_parts(notebook: Path) -> int:
    """How many optional parts the chapter has: sections, folded blocks and folded code cells."""
    return _counts(notebook)[3]


def _counts(notebook: Path) -> tuple[str, int, int, int]:
    title, core, optional, parts = "", 0, 0, 0
    for line in _lines(notebook):
        title = title or line.title
        parts += line.new_part
        if line.optional:
            optional += line.words
        else:
            core += line.words
    return title, core, optional, parts


class _Line:
    """One line of a chapter as the counts see it."""

    __slots__ = ("words", "optional", "new_part", "title", "label")

    def __init__(self, words: int, optional: bool, new_part: bool = False, title: str = "", label: str = ""):
        self.words, self.optional, self.new_part, self.title, self.label = words, optional, new_part, title, label


def _lines(notebook: Path):
    """Every line of the chapter's read cells, in order, with its words and whether it is optional.

    A folded code cell comes as one line (all its words, optional, a new part); a
    label line ``(label)=`` as a line of no words carrying its label.
    """
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    optional_level, optional_fence, in_map = None, None, False
    for cell in cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if _NOT_READ & tags:
            continue
        if cell["cell_type"] == "code" and _FOLDED_CODE & tags:
            words = sum(words_in(line) for line in "".join(cell["source"]).splitlines())
            yield _Line(words, True, new_part=True)
            continue
        for line in "".join(cell["source"]).splitlines():
            if cell["cell_type"] == "markdown":
                if _TIME.match(line):
                    continue
                if line.strip() == SITTINGS_START:
                    in_map = True
                if in_map:
                    in_map = line.strip() != SITTINGS_END
                    continue
                target = _TARGET.match(line)
                if target:
                    yield _Line(0, False, label=target.group("label"))
                    continue
                if optional_fence is not None:
                    if line.strip() == optional_fence:
                        optional_fence = None
                    yield _Line(words_in(line), True)
                    continue
                block = _OPTIONAL_BLOCK.match(line)
                if block:
                    optional_fence = block.group(1)
                    yield _Line(words_in(line), True, new_part=True)
                    continue
            heading = _HEADING.match(line) if cell["cell_type"] == "markdown" else None
            new_part, title = False, ""
            if heading:
                level = len(heading.group(1))
                title = heading.group(2).strip()
                if optional_level is not None and level <= optional_level:
                    optional_level = None
                if optional_level is None and heading.group(2).rstrip().endswith("(optional)"):
                    optional_level = level
                    new_part = True
            yield _Line(words_in(line), optional_level is not None, new_part=new_part, title=title)


def section_words(notebook: Path, labels: list[str]) -> list[tuple[int, int, int]]:
    """(core words, optional words, optional parts) of each part of the chapter that starts at one of ``labels``.

    A part runs from the line ``(label)=`` to the next of the labels' lines (the
    last to the end of the chapter); the labels must be in the chapter, in the
    chapter's order. Words before the first label are in no part.
    """
    counts = {label: [0, 0, 0] for label in labels}
    seen: list[str] = []
    for line in _lines(notebook):
        if line.label in counts:
            if line.label in seen:
                raise SystemExit(f"{notebook.name}: the label {line.label} is defined twice")
            seen.append(line.label)
        if seen:
            counts[seen[-1]][line.optional] += line.words
            counts[seen[-1]][2] += line.new_part
    if seen != list(labels):
        missing = [label for label in labels if label not in seen]
        problem = f"has no line ({missing[0]})=" if missing else f"has them in the order {seen}"
        raise SystemExit(f"{notebook.name}: a map of sittings names the labels {list(labels)}, but the chapter {problem}")
    return [tuple(counts[label]) for label in labels]


def sitting_time(core: int, optional: int) -> str:
    """A sitting's time cell from its words: its minutes, and its optional parts' minutes if any."""
    text = f"{minutes(core)} min"
    return f"{text} (+{minutes(optional)} min optional)" if optional else text


def _map_lines(source: str, name: str) -> tuple[list[str], int, int]:
    lines = source.split("\n")
    marks = [k for k, l in enumerate(lines) if l.strip() in (SITTINGS_START, SITTINGS_END)]
    if len(marks) != 2 or lines[marks[0]].strip() != SITTINGS_START:
        raise SystemExit(f"{name}: a map of sittings needs one {SITTINGS_START} line and one {SITTINGS_END} line after it")
    return lines, marks[0], marks[1]


def sitting_labels(notebook: Path) -> list[str]:
    """The labels the chapter's map of sittings links, in order; [] for a chapter without a map."""
    source = "".join(opening_cell(json.loads(notebook.read_text(encoding="utf-8")))["source"])
    if SITTINGS_START not in source:
        return []
    lines, start, end = _map_lines(source, notebook.name)
    return [m.group("label") for l in lines[start + 1 : end] if (m := _SITTING_ROW.match(l))]


def with_sitting_times(source: str, notebook: Path) -> str:
    """The opening cell's text with every row of its map of sittings given the sitting's current time."""
    if SITTINGS_START not in source:
        return source
    lines, start, end = _map_lines(source, notebook.name)
    rows = [(k, m) for k in range(start + 1, end) if (m := _SITTING_ROW.match(lines[k]))]
    if not rows:
        raise SystemExit(f"{notebook.name}: its map of sittings has no row like | 1. {{ref}}`Name <label>` | time | notes |")
    words = section_words(notebook, [m.group("label") for _, m in rows])
    for (k, m), (core, optional, _) in zip(rows, words):
        lines[k] = f"{m.group('head')} {sitting_time(core, optional)} {m.group('rest')}"
    return "\n".join(lines)


def minutes(words: int) -> int:
    return 5 * math.ceil(words / WORDS_PER_MINUTE / 5) if words else 0


def chapters() -> list[Path]:
    return sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))


def times() -> list[tuple[str, str, int, int]]:
    """(notebook stem, title, core minutes, optional minutes) of every chapter, in order."""
    rows = []
    for notebook in chapters():
        title, core, optional = word_counts(notebook)
        rows.append((notebook.stem, title, minutes(core), minutes(optional)))
    return rows


def exercise_count(notebook: Path) -> int:
    """How many ``{exercise}`` directives the chapter has."""
    return len(exercises(notebook))


def hours(total: int) -> str:
    h, m = divmod(total, 60)
    return f"{h} h {m:02d} min" if h else f"{m} min"


def table() -> str:
    rows = ["| chapter | reading time | optional sections | exercises |", "| --- | --- | --- | --- |"]
    core_total = optional_total = exercise_total = 0
    chapter_times = times()
    for number, ((stem, title, core, optional), notebook) in enumerate(zip(chapter_times, chapters()), start=1):
        extra = f"{optional} min more" if optional else "none"
        count = exercise_count(notebook)
        rows.append(f"| {number}. {{doc}}`{title} <chapters/{stem}>` | {core} min | {extra} | {count} |")
        core_total += core
        optional_total += optional
        exercise_total += count
    count = _NUMBER_WORDS.get(len(chapter_times), str(len(chapter_times)))
    rows.append(f"| **all {count} chapters** | **{hours(core_total)}** | {hours(optional_total)} more | {exercise_total} |")
    return "\n".join(rows)


def paths_table() -> str:
    rows = ["| path | chapters | reading time |", "| --- | --- | --- |"]
    minutes_of = {number: core for number, (_, _, core, _) in enumerate(times(), start=1)}
    for name, numbers in PATHS.items():
        listed = ", ".join(str(n) for n in numbers)
        rows.append(f"| {name} | {listed} | {hours(sum(minutes_of[n] for n in numbers))} |")
    return "\n".join(rows)


def prerequisites(notebook: Path) -> str:
    """The text of the chapter's **Prerequisites:** paragraph (after the label), on one line."""
    source = "".join(opening_cell(json.loads(notebook.read_text(encoding="utf-8")))["source"])
    lines = source.split("\n")
    where = next((k for k, l in enumerate(lines) if l.startswith(_PREREQ)), None)
    if where is None:
        raise SystemExit(f"{notebook.name}: its opening cell has no line starting with {_PREREQ}")
    end = where + 1
    while end < len(lines) and lines[end].strip():
        end += 1
    text = " ".join(l.strip() for l in lines[where:end])[len(_PREREQ):].strip()
    if not text:
        raise SystemExit(f"{notebook.name}: its {_PREREQ} line is empty")
    return text


def from_root(text: str, folder: str = "chapters") -> str:
    """A chapter's text with its {doc} links to sibling pages made relative to the book's root."""
    def fix(m: re.Match) -> str:
        target = m.group("target")
        if "/" not in target:
            target = f"{folder}/{target}"
        return "{doc}`" + (m.group("text") or "") + target + m.group("close") + "`"

    return _DOC.sub(fix, text)


def prerequisites_table() -> str:
    rows = ["| chapter | what it assumes |", "| --- | --- |"]
    for number, notebook in enumerate(chapters(), start=1):
        # In a table cell "|" ends the cell unless escaped; "\\|" keeps LaTeX's \|.
        cell = from_root(prerequisites(notebook)).replace("|", "\\|")
        rows.append(f"| {number}. {{doc}}`chapters/{notebook.stem}` | {cell} |")
    return "\n".join(rows)


def prerequisites_block() -> str:
    return f"{PREREQ_START}\n{prerequisites_table()}\n{PREREQ_END}"


def block() -> str:
    return f"{START}\n{table()}\n{END}"


def paths_block() -> str:
    return f"{PATHS_START}\n{paths_table()}\n{PATHS_END}"


def time_line(core: int, optional: int, parts: int, exercises: int | None = None) -> str:
    """The **Time:** line; `parts` is how many optional parts the `optional` minutes are for.

    With ``exercises`` (the chapter's count) it adds what the reading time
    leaves out: running the code and doing the exercises.
    """
    line = f"**Time:** about {core} minutes of reading"
    if optional:
        line += (" ({} more for the optional section)" if parts == 1 else " ({} more for optional sections)").format(optional)
    if exercises is None:
        return line
    work = {0: "running the code", 1: "running the code and doing the exercise"}.get(
        exercises, f"running the code and doing the {exercises} exercises")
    return f"{line}; {work} takes as long again or longer."


def chapter_time_line(notebook: Path) -> str:
    """The chapter's current **Time:** line, from its words and its exercises."""
    _, core, optional = word_counts(notebook)
    return time_line(minutes(core), minutes(optional), optional_parts(notebook), exercise_count(notebook))


def _replace(text: str, start: str, end: str, new: str, name: str = "start_here.md") -> str:
    if start not in text or end not in text:
        raise SystemExit(f"{name} lacks the markers {start} ... {end}: put them where the table goes")
    i, j = text.index(start), text.index(end) + len(end)
    return text[:i] + new + text[j:]


def _after_list(lines: list[str], k: int) -> int:
    """Index just past the list that follows line k (its items and their continuation lines)."""
    i, seen_item = k + 1, False
    while i < len(lines):
        line = lines[i]
        if re.match(r"\s*([-*+]|\d+[.)])\s", line):
            seen_item = True
        elif line.strip() == "":
            if seen_item and not (i + 1 < len(lines) and re.match(r"\s*([-*+]|\d+[.)])\s|\s{2,}\S", lines[i + 1])):
                return i
        elif not (seen_item and line.startswith((" ", "\t"))):
            if seen_item:
                return i
        i += 1
    return i


def with_time_line(source: str, line: str) -> str:
    """The opening cell's text with its **Time:** line set to ``line``."""
    if _TIME.search(source):
        return _TIME.sub(line, source, count=1)
    lines = source.split("\n")
    where = next((k for k, l in enumerate(lines) if l.startswith("**Prerequisites:**")), None)
    if where is not None:
        end = where + 1
        while end < len(lines) and lines[end].strip():
            end += 1
    else:
        learn = next((k for k, l in enumerate(lines) if re.match(r"(\*\*|#+\s*)What you will learn", l)), None)
        if learn is None:
            raise SystemExit("the opening cell has no **Prerequisites:** line and no 'What you will learn' list")
        end = _after_list(lines, learn)
    return "\n".join(lines[:end] + ["", line] + ([""] if end < len(lines) and lines[end].strip() else []) + lines[end:])


def opening_cell(nb: dict) -> dict:
    return next(c for c in nb["cells"] if c["cell_type"] == "markdown")


def chapter_is_current(notebook: Path) -> bool:
    source = "".join(opening_cell(json.loads(notebook.read_text(encoding="utf-8")))["source"])
    found = _TIME.search(source)
    return bool(found) and found.group(0) == chapter_time_line(notebook)


def map_is_current(notebook: Path) -> bool:
    """Whether the chapter's map of sittings (if it has one) gives each sitting its current time."""
    source = "".join(opening_cell(json.loads(notebook.read_text(encoding="utf-8")))["source"])
    return with_sitting_times(source, notebook) == source


def write_chapter(notebook: Path) -> bool:
    """Set the chapter's **Time:** line and its sittings' times; True if the file changed."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cell = opening_cell(nb)
    source = "".join(cell["source"])
    new = with_sitting_times(with_time_line(source, chapter_time_line(notebook)), notebook)
    if new == source:
        return False
    cell["source"] = new.splitlines(keepends=True)
    notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return True


def main(argv: list[str]) -> int:
    if "--write" in argv:
        for name in PAGES:
            page = ROOT / name
            text = page.read_text(encoding="utf-8")
            text = _replace(text, START, END, block(), name)
            text = _replace(text, PATHS_START, PATHS_END, paths_block(), name)
            text = _replace(text, PREREQ_START, PREREQ_END, prerequisites_block(), name)
            page.write_text(text, encoding="utf-8")
        for notebook in chapters():
            if write_chapter(notebook):
                print(f"wrote the **Time:** line (and any map of sittings) of {notebook.relative_to(ROOT)}")
    print(table())
    print()
    print(paths_table())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
