"""Inline formulas on a phone (390 px wide): each fits its text column, unclipped.

An inline formula (an ``mjx-container`` without ``display``) is typeset as
one unbreakable box: the browser cannot wrap it, so a formula wider than the
column runs past the column's edge (the page scrolls sideways, or the theme's
box clips it). Every content page is opened at 390 x 844 and, for each
visible inline formula, three things are measured:

- its box against the content box of the block it sits in (the nearest
  paragraph, list item, table cell, caption or other block): it must not
  stick out on either side;
- its box against every ancestor that clips (``overflow`` not ``visible``)
  up to the article: none may cut it off;
- its own box, if it clips or scrolls: its content must not be wider than it.

A formula that fails is named by its page and its TeX, with how far it
sticks out. The page holds no TeX (its formulas are typeset when the book is
built); the build records each page's formulas in the order it wrote them
(``math_prerender.json`` beside the doctrees), and the article's formulas are
the first of them, so the n-th formula of the article is the n-th on record
(checked against whether each is display math). There is no list of
exceptions: a formula too long for a phone is written as display math, or
split into shorter inline formulas.
"""

from __future__ import annotations

import json

import pytest

from conftest import SITE, site_pages
from pagecheck import evaluate_at_phone_width


_MEASURE = """
() => {
  const article = document.querySelector('article.bd-article') || document.body;
  const seen = (el) => el.getClientRects().length > 0 && el.getBoundingClientRect().width > 0;
  const isBlock = (el) => {
    const d = getComputedStyle(el).display;
    return !d.startsWith('inline') && d !== 'contents';
  };
  const contentBox = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return {left: r.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft),
            right: r.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight)};
  };
  const round = (x) => Math.round(x * 10) / 10;
  const all = [...article.querySelectorAll('mjx-container')];
  const out = {displays: all.map((m) => m.getAttribute('display') === 'true'), bad: []};
  all.forEach((math, index) => {
    if (math.getAttribute('display') === 'true' || !seen(math)) return;
    const r = math.getBoundingClientRect();
    const problems = [];
    let block = math.parentElement;
    while (block && block !== article && !isBlock(block)) block = block.parentElement;
    if (block) {
      const c = contentBox(block);
      const over = Math.max(r.right - c.right, c.left - r.left);
      if (over > 1) problems.push(`sticks out of its ${block.tagName.toLowerCase()} by ${round(over)} px`);
    }
    for (let a = math.parentElement; a && a !== article.parentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflow === 'visible') continue;
      const b = a.getBoundingClientRect();
      const cut = Math.max(r.right - b.right, b.left - r.left);
      if (cut > 1) {
        problems.push(`clipped by ${a.tagName.toLowerCase()}${a.className ? '.' + String(a.className).split(' ')[0] : ''} `
                      + `(overflow ${s.overflowX}) by ${round(cut)} px`);
        break;
      }
    }
    const own = getComputedStyle(math);
    if ((own.overflowX !== 'visible' || own.overflow !== 'visible') && math.scrollWidth > math.clientWidth + 1)
      problems.push(`its content is ${math.scrollWidth - math.clientWidth} px wider than its own box`);
    const mml = math.querySelector('mjx-assistive-mml');
    if (problems.length) out.bad.push({index, text: (mml ? mml.textContent : math.textContent).trim(), width: round(r.width), problems});
  });
  return out;
}
"""


def recorded_formulas(rel: str) -> list[tuple[str, bool]]:
    """The page's formulas as the build wrote them: (TeX, is display math), in order."""
    record = SITE.parent / ".doctrees" / "math_prerender.json"
    try:
        pages = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [(tex, bool(display)) for tex, display in pages.get(rel.removesuffix(".html"), [])]


def overflowing_inline_math(browser, base_url: str, rel: str) -> list[dict]:
    """The inline formulas of one page that do not fit their column at 390 px, with their TeX."""
    measured = evaluate_at_phone_width(browser, f"{base_url}/{rel}", _MEASURE)
    record = recorded_formulas(rel)
    matches = [d for _, d in record[:len(measured["displays"])]] == measured["displays"]
    for bad in measured["bad"]:
        bad["tex"] = record[bad["index"]][0] if matches else f"(TeX not on record; reads as: {bad['text']})"
    return measured["bad"]


@pytest.mark.parametrize("rel", site_pages(), ids=lambda r: r.removesuffix(".html"))
def test_at_phone_width_every_inline_formula_fits_its_column(browser, base_url, rel):
    bad = overflowing_inline_math(browser, base_url, rel)
    print(f"\n390 px {rel}: {len(bad)} inline formulas do not fit")
    assert not bad, f"{rel} at 390 px: inline formulas wider than their column (write them as display math " \
                    "or split them):\n" + "\n".join(
                        f"  ${b['tex']}$ ({b['width']} px wide): {'; '.join(b['problems'])}" for b in bad)
