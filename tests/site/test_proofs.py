"""Proofs are folded under their "Proof." label and open by mouse, keyboard, link and print.

``site_tweaks.fold_proofs`` turns each sphinx-proof proof into a closed
``<details>``: the statement stays in view, the proof's math is not laid out
until a reader opens it. Checked in Chromium on every chapter with proofs: all
are closed when the page loads and their summaries are named after the
statement they prove; Enter on a focused summary opens its proof, with its
formulas laid out; a link to an element inside a proof (a citation's
back-reference from the bibliography) opens it. That the PDF prints every
proof is checked in test_pdf.py.
"""

from __future__ import annotations

import re

import pytest

from conftest import chapter_pages
from pagecheck import open_page

_PROOFS = """
() => [...document.querySelectorAll('details.proof')].map((d) => ({
  open: d.open,
  name: d.querySelector(':scope > summary').getAttribute('aria-label')
        || d.querySelector(':scope > summary').textContent.trim(),
}))
"""


@pytest.mark.parametrize("rel", chapter_pages(), ids=lambda r: r.removesuffix(".html"))
def test_proofs_are_folded_and_named_after_what_they_prove(base_url, context, rel):
    page, log = open_page(context, f"{base_url}/{rel}")
    proofs = page.evaluate(_PROOFS)
    if not proofs:
        pytest.skip(f"{rel} has no proofs")
    assert not any(p["open"] for p in proofs), "a proof is open when the page loads"
    assert page.locator("div.proof.admonition").evaluate_all(
        "els => els.filter(e => e.className.trim().split(/\\s+/).sort().join(' ') === 'admonition proof').length"
    ) == 0, "a proof is not folded"
    names = [p["name"] for p in proofs]
    assert all(re.fullmatch(r"Proof\.|Proof of [A-Z][a-z]+ \d+\.\d+", n) for n in names), names
    assert sum(n != "Proof." for n in names) >= len(names) / 2, names

    details = page.locator("details.proof >> visible=true").first  # not inside a folded note
    if not details.count():
        pytest.skip(f"every proof on {rel} is inside a folded note")
    details.locator(":scope > summary").focus()
    page.keyboard.press("Enter")
    assert details.evaluate("d => d.open")
    math = details.locator("mjx-container").first
    if math.count():
        box = math.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, "an opened proof's formula has no size"
    assert not log.console_errors, log.console_errors


def test_a_link_into_a_folded_proof_opens_it(base_url, context):
    page, _ = open_page(context, f"{base_url}/chapters/06_mutual_information.html")
    target = page.evaluate(
        "() => { const e = document.querySelector('details.proof [id]'); return e && e.id; }"
    )
    assert target, "chapter 6 has no element with an id inside a proof"
    page.goto(f"{base_url}/chapters/06_mutual_information.html#{target}")
    # the browser opens the proof as it scrolls to the target; wait for that, not for a time
    page.wait_for_function(f"() => document.getElementById('{target}').closest('details').open", timeout=30_000)
