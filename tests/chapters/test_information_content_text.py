"""Chapter 1 (information content): corrected slips stay corrected."""

from __future__ import annotations

import re

from chapter_text import figure

CHAPTER = "01_information_content.ipynb"  # read by the notebook and prose fixtures (conftest.py)


def _markdown(notebook) -> str:
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")


def test_definition_does_not_both_require_positive_probability_and_assign_infinity(notebook):
    # slip 4: the convention I = infinity for p = 0 is outside the definition, which needs p > 0
    text = _markdown(notebook)
    definition = re.search(r"```\{prf:definition\} Information content.*?\n```", text, re.S).group(0)
    assert "p(x) > 0" in definition and "\\infty" not in definition
    after = text[text.index(definition) + len(definition) :]
    assert "extends the definition by the convention $I = \\infty$" in after[:600]


def test_additivity_is_stated_for_independent_events_not_outcomes(notebook):
    # slip 5: events are independent, outcomes are not
    text = _markdown(notebook)
    theorem = re.search(r"```\{prf:theorem\} Properties of information content.*?\n```", text, re.S).group(0)
    assert "if $x$ and $y$ are independent" not in theorem
    assert "if $A$ and $B$ are independent events" in theorem
    assert "their outcomes are\n{term}`independent events`" not in text


def test_every_panel_of_the_candidates_figure_labels_its_vertical_axis(notebook):
    # slip 8: panels 2 and 3 had no y label
    cell = next(c for c in notebook["cells"] if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "ch1-fig-candidates")
    code = "".join(cell["source"])
    loop = code[code.index("for ax, (name, f), colour in zip(") : code.index("axes[0].set_xscale")]
    assert 'ax.set_ylabel("f(pq)")' in loop
    caption, alt = figure(notebook, "ch1-fig-candidates")
    assert "f(pq) on the vertical axis" in alt
