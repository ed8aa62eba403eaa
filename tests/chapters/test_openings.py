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


def _opening_sentences(name: str) -> str:
    opening = "".join(load(f"{name}.ipynb")["cells"][0]["source"])
    return opening[opening.index("\n") : opening.index("**What you will learn**")].strip()


@pytest.mark.parametrize("name", ["01_information_content", "09_machine_learning"])
def test_chapter_says_what_it_is_about_before_what_you_will_learn(name):
    assert re.search(r"[.?!]$", _opening_sentences(name)), "one or two sentences on what the chapter is about"


def _defined_later(name: str) -> set[str]:
    """The terms a chapter defines (in bold) after its opening, lowercased; not formatting or run-in headings."""
    cells = load(f"{name}.ipynb")["cells"]
    body = " ".join("".join(c["source"]) for c in cells[1:] if c["cell_type"] == "markdown")
    terms = {t.strip().lower() for t in re.findall(r"\*\*([^*\n$`{}]{2,40})\*\*", body)}
    return {t for t in terms if not t.endswith((".", ":"))}


def _glossary_chapter() -> dict[str, int]:
    """Each glossary term's chapter number (from its 'See {doc}`chapters/NN_...`' line)."""
    text = (CHAPTERS.parent / "glossary.md").read_text(encoding="utf-8")
    out = {}
    for term, body in re.findall(r"^(\S[^\n]*)\n((?:  [^\n]*\n?)+)", text, re.M):
        found = re.search(r"chapters/(\d\d)_", body)
        if found:
            out[term.strip().lower()] = int(found.group(1))
    return out


@pytest.mark.parametrize("name", ["01_information_content", "09_machine_learning"])
def test_opening_uses_no_term_the_chapter_defines_only_later(name):
    """A newcomer reads the opening first: it may use a term an earlier chapter defined, not one this chapter does."""
    number = int(name[:2])
    earlier = {t for t, n in _glossary_chapter().items() if n < number}
    opening = _opening_sentences(name).lower()
    used = {t for t in _defined_later(name) - earlier if re.search(r"\b" + re.escape(t), opening)}
    assert not used, f"{name}'s opening uses {sorted(used)} before the chapter defines them"
