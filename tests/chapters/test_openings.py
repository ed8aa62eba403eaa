"""Every chapter opens the same way: title, what you will learn, prerequisites, time; no boxes on the sources."""

from __future__ import annotations

import re

import pytest

from chapter_text import CHAPTERS, load

NAMES = sorted(p.stem for p in CHAPTERS.glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("name", NAMES)
def test_opening_follows_the_course_layout(name):
    cells = load(f"{name}.ipynb")["cells"]
    opening = "".join(cells[0]["source"])
    assert opening.startswith("# ")
    parts = [opening.index(marker) for marker in ["**What you will learn**", "**Prerequisites:**", "**Time:**"]]
    assert parts == sorted(parts)
    before = opening[opening.index("\n") : parts[0]].strip()
    assert len(re.findall(r"[.?!](\s|$)", before)) <= 2, "at most two sentences before what you will learn"
    bullets = re.findall(r"^- ", opening[parts[0] : parts[1]], re.M)
    assert 3 <= len(bullets) <= 5
    assert re.search(r"\*\*Time:\*\* about \d+ minutes of reading", opening)
    assert "## What you will learn" not in opening
    # the setup cell stays the first code cell
    first_code = next(c for c in cells if c["cell_type"] == "code")
    assert "setup" in first_code.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("name", NAMES)
def test_no_note_on_the_sources_box_and_one_link_at_most(name):
    text = "\n".join("".join(c["source"]) for c in load(f"{name}.ipynb")["cells"] if c["cell_type"] == "markdown")
    assert not re.search(r"\{admonition\}[^\n]*notes? on the sources", text, re.I)
    assert len(re.findall(r"\{doc\}`\.\./sources`|\{ref\}`sources-[a-z-]+`", text)) <= 1
