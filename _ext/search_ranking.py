"""The website's search lists first the chapter that teaches the term searched for.

Sphinx ranks a glossary entry (an index entry) above every chapter, and ranks
chapters that only use a word alike. ``_ext/search_scorer.js`` is the site's
``html_search_scorer``; this extension fills in its two tables when the book
is built: each glossary term (``glossary.md``) and the chapter its entry names
("See {doc}`chapters/...`"), and the reference pages that come after the
chapters. The scorer, with the tables, is written to the doctree folder and
Sphinx inlines it into the search page's ``language_data.js``.

Terms are compared by their words (:func:`search_key`): lowercase, with a
hyphen, an apostrophe or any other character that is not a letter or a digit
read as a space, as Sphinx splits a query into words; so "cross entropy"
finds the entry "cross-entropy". The scorer reads the query, and the glossary
entry's anchor (``term-Pinsker-s-inequality``), the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

HERE = Path(__file__).resolve().parent
SCORER = HERE / "search_scorer.js"
GLOSSARY = "glossary.md"
# Pages that list or explain terms rather than teach them.
REFERENCE = ["glossary", "genindex", "py-modindex", "api", "notation", "bibliography", "sources"]


def search_key(text: str) -> str:
    """A term's words, lowercase, one space apart: "Cross-Entropy" -> "cross entropy".

    ``_ext/search_scorer.js`` (``Scorer.key``) reads queries the same way.
    """
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def taught_in(glossary: str) -> dict[str, list[str]]:
    """Each glossary term (its :func:`search_key`) and the chapters its entry says to see."""
    block = glossary[glossary.index("```{glossary}") : ]
    block = block[block.index("\n") + 1 : block.index("\n```")]
    out: dict[str, list[str]] = {}
    for entry in re.split(r"\n\s*\n", block):
        lines = entry.strip("\n").split("\n")
        terms = [search_key(line) for line in lines if line and not line.startswith(" ")]
        body = " ".join(line for line in lines if line.startswith(" "))
        # "See {doc}`chapters/...`", or "See {ref}`section` in {doc}`chapters/...`"
        docs = re.findall(r"[Ss]ee (?:\{ref\}`[^`]+` in )?\{doc\}`(chapters/[^`]+)`", body)
        for term in terms:
            if docs:
                out[term] = docs
    return out


def scorer_js(glossary: str) -> str:
    """The scorer with its tables filled in."""
    js = SCORER.read_text(encoding="utf-8")
    for marker, value in (("/* TAUGHT_IN */ {}", taught_in(glossary)), ("/* REFERENCE */ []", REFERENCE)):
        if js.count(marker) != 1:
            raise ValueError(f"{SCORER.name}: the marker {marker!r} must appear exactly once")
        js = js.replace(marker, json.dumps(value, sort_keys=True))
    return js


def _config_inited(app: Sphinx, config: Config) -> None:
    out = Path(app.doctreedir) / "search_scorer.js"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(scorer_js((Path(app.confdir) / GLOSSARY).read_text(encoding="utf-8")), encoding="utf-8")
    config.html_search_scorer = str(out)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _config_inited)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
