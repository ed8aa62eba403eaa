"""Self-check questions on the chapter pages (``infolib.selfcheck``).

Each chapter with questions gets a section "Check your understanding" just
before its "Exercises" section (or at the end of the page if it has none),
holding the questions as HTML forms whose answers, and the values of their
typical mistakes, infolib computed while the book was built. Pages with questions load ``_static/selfcheck.js``
(deferred) and ``_static/selfcheck.css``; other pages load neither. No
notebook holds the questions: they live in ``infolib/selfcheck.py``.

The formulas in the questions' texts (TeX between ``$`` signs) become math
nodes among the forms' HTML, so the site's math renderer typesets them with
the page's other formulas (and a TeX error is a build error); the feedback
the script shows (a choice's explanation, a mistake's hint, the answer's
explanation) is copied from them, formulas and all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

EXERCISES = "Exercises"
MARK = 'class="itsc"'
_FORMULA = "\x00"  # brackets a formula's number in the markup, until it becomes a math node


def question_nodes(docname: str) -> list[nodes.Node]:
    """A chapter's questions as raw HTML nodes with a math node for each formula."""
    from infolib import selfcheck

    formulas: list[str] = []

    def formula(tex: str) -> str:
        formulas.append(tex)
        return f"{_FORMULA}{len(formulas) - 1}{_FORMULA}"

    markup = selfcheck.chapter_html(docname, math=formula)
    out: list[nodes.Node] = []
    for i, piece in enumerate(markup.split(_FORMULA)):
        if i % 2:
            tex = formulas[int(piece)]
            out.append(nodes.math(tex, tex))
        elif piece:
            out.append(nodes.raw("", piece, format="html"))
    return out


def _insert_questions(app: Sphinx, doctree: nodes.document) -> None:
    if app.builder.format != "html":
        return
    from infolib import selfcheck

    questions = question_nodes(app.env.docname)
    if not questions:
        return
    section = nodes.section(ids=["check-your-understanding"], names=["check your understanding"])
    section += nodes.title(text=selfcheck.SECTION_TITLE)
    section += nodes.paragraph(
        text="Answer on the page; nothing is sent anywhere. A number is right within the tolerance its box states, "
        "and a number that a typical mistake gives gets a hint; each choice says why it is right or wrong."
    )
    section += nodes.container("", *questions, classes=["itsc-questions"])
    exercises = [
        s for s in doctree.findall(nodes.section)
        if s.next_node(nodes.title) is not None and s.next_node(nodes.title).astext().strip() == EXERCISES
    ]
    if exercises:
        target = exercises[0]
        target.parent.insert(target.parent.index(target), section)
    else:
        top = doctree.next_node(nodes.section) or doctree
        top += section
    doctree.note_implicit_target(section, section)


def _load_runtime(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if MARK not in (context.get("body") or ""):
        return
    from infolib import selfcheck

    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name, text in selfcheck.runtime_files().items():
        (static / name).write_text(text, encoding="utf-8")
    app.add_js_file("selfcheck.js", loading_method="defer")
    app.add_css_file("selfcheck.css")


def setup(app: Sphinx) -> dict[str, Any]:
    # Before the environment's collectors (priority 500), so the section is in the page's contents.
    app.connect("doctree-read", _insert_questions, priority=400)
    app.connect("html-page-context", _load_runtime, priority=500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
