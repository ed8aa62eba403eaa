"""The glossary: each entry sends the reader to the section that defines its term.

A link to the top of a chapter leaves the reader to hunt through an hour of
reading for the definition; an entry for a term of chapters 6 to 10 links the
labelled section where the term is defined (bold, or in a definition).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = (ROOT / "glossary.md").read_text(encoding="utf-8")
BODY = GLOSSARY.split("```{glossary}", 1)[1].split("\n```", 1)[0]
ENTRIES = {m.group(1): m.group(2) for m in re.finditer(r"^(\S.*)\n((?:[ \t]+.*\n?)+)", BODY, re.M)}
LATE = {term: entry for term, entry in ENTRIES.items()
        if re.search(r"\{doc\}`chapters/(?:0[6-9]|10)_", entry)}


def _sections(chapter: str) -> dict[str, str]:
    """Each label placed on a heading of the chapter, with the text of its section (to the next heading
    of the same or a higher level)."""
    cells = json.loads(next((ROOT / "chapters").glob(f"{chapter}_*.ipynb")).read_text(encoding="utf-8"))["cells"]
    lines = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown").splitlines()
    sections = {}
    for i, line in enumerate(lines[:-1]):
        label = re.fullmatch(r"\((\S+)\)=", line.strip())
        heading = re.match(r"(#+) ", lines[i + 1])
        if not (label and heading):
            continue
        level = len(heading.group(1))
        end = next((j for j in range(i + 2, len(lines))
                    if (h := re.match(r"(#+) ", lines[j])) and len(h.group(1)) <= level), len(lines))
        sections[label.group(1)] = "\n".join(lines[i + 1:end])
    return sections


def _defines(section: str, term: str) -> bool:
    word = re.escape(term).replace(r"\ ", r"\s+")
    bold = rf"\*\*(?:\{{term\}}`)?[^*]*?\b{word}"
    return bool(re.search(bold, section, re.I) or re.search(rf"\{{prf:definition\}}[^\n]*{word}", section, re.I))


def test_the_glossary_has_entries_for_chapters_6_to_10():
    assert len(LATE) >= 15, sorted(LATE)
    assert "perplexity" in LATE


@pytest.mark.parametrize("term", sorted(LATE))
def test_glossary_entry_links_the_labelled_section_that_defines_its_term(term):
    entry = LATE[term]
    chapter = re.findall(r"\{doc\}`chapters/(\d\d)_", entry)[-1]
    refs = re.findall(r"\{ref\}`(?:[^`<]*<)?([\w-]+)>?`", entry)
    sections = _sections(chapter)
    linked = [label for label in refs if label in sections]
    assert linked, (f"'{term}' links the top of chapter {chapter}; link the section that defines it "
                    f"(labels of chapter {chapter}: {sorted(sections)})")
    assert any(_defines(sections[label], term) for label in linked), (
        f"'{term}': the linked section {linked} does not define it (no bold term or definition)")
