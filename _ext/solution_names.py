"""Give each folded solution's button a name that says whose solution it is.

sphinx-togglebutton adds a button to every folded admonition (a solution, or
a note with the class ``dropdown``) when the page loads, and names every one
of them "Toggle hidden content": a screen reader's list of buttons shows a
column of identical names, and a reader cannot tell which exercise a button
opens. Pages with folded admonitions get a few lines of script, run after
togglebutton's, that name each button after its admonition's title
("Solution to Exercise 3.2", or the note's title); the button's
``aria-expanded`` still says whether it is unfolded. Pages without folded
admonitions load nothing.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

MARK = "dropdown admonition"
# Run on DOMContentLoaded, after togglebutton.js (whose listener was added
# earlier, in the page's head) has put the buttons in the titles.
SCRIPT = (
    'document.addEventListener("DOMContentLoaded",function(){'
    'document.querySelectorAll(".admonition.dropdown>.admonition-title").forEach(function(t){'
    'var b=t.querySelector("button.toggle-button");'
    'if(b)b.setAttribute("aria-label",t.textContent.replace(/\\s+/g," ").trim())})});'
)


def _name_buttons(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if MARK in (context.get("body") or ""):
        app.add_js_file(None, body=SCRIPT)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _name_buttons, priority=500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
