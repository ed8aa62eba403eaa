"""Reading on a phone (390 px wide): what scrolls sideways, page by page, against a budget.

Every page of the site (the chapters, and the bibliography, index, API and
search pages too) is opened at 390 x 844 and each element a reader reads is
measured: code blocks (``pre``), tables, figures, display math and
explorables. One *scrolls sideways* when its content is wider than its box
(``scrollWidth > clientWidth + 1``; a table or a formula is measured on the
scrolling box the theme wraps it in; a display formula scrolls in its own
``mjx-container``). Prose tables and figures must never
scroll; code blocks and display math may, up to the page's budget below.
The page itself never pans sideways (the document no wider than the screen).
The counts are printed for every page (run with ``-s`` to see them).

The other tests pin what a phone reader meets inside those boxes: table
cells that break no word or number, wrapped code that keeps its indentation
and splits no name, display formulas that fit their definition, theorem or
proof box, and a visible cue on every box that scrolls sideways.
"""

from __future__ import annotations

import json

import pytest

from conftest import site_pages
from pagecheck import evaluate_at_phone_width, open_on_a_phone, run_axe

KINDS = ("pre", "table", "figure", "math", "explorable")
PAGES = site_pages(content_only=False)

# The budget: how many elements of each kind may scroll sideways at 390 px.
# Tables and figures: none, on every page. Code blocks and display math: at
# most these counts (pages not listed: none). Lower a number when a page gets
# better; never raise one to make a page pass.
NEVER = ("table", "figure", "explorable")
# Measured with code cells' lines wrapping under their indentation and display
# math at 88% (_static/custom.css):
# what still scrolls is printed output wider than the screen (tables printed by
# code keep their columns; printed sentences and key-value lines wrap where
# their cell is tagged wrap-output) and the longest display formulas (MathJax 3
# does not break lines).
BUDGET = {
    "api.html": {"pre": 0, "math": 13},
    "chapters/01_information_content.html": {"pre": 0, "math": 0},
    "chapters/02_fair_dice.html": {"pre": 0, "math": 3},
    "chapters/03_entropy.html": {"pre": 0, "math": 0},
    "chapters/04_cross_entropy.html": {"pre": 0, "math": 0},
    "chapters/05_kl_divergence.html": {"pre": 0, "math": 0},
    "chapters/06_mutual_information.html": {"pre": 0, "math": 7},
    "chapters/07_noisy_channels.html": {"pre": 3, "math": 0},
    "chapters/08_continuous.html": {"pre": 0, "math": 1},
    "chapters/09_machine_learning.html": {"pre": 0, "math": 0},
    "chapters/10_variational_contrastive.html": {"pre": 0, "math": 0},
}

# What each kind is, and which box is measured (the theme wraps tables and
# display math in a box that scrolls).
_MEASURE = """
() => {
  const scrolls = (el) => el.scrollWidth > el.clientWidth + 1;
  const box = (el, wrapper) => el.closest(wrapper) || el;
  const seen = (el) => el.offsetParent !== null || el.getClientRects().length > 0;
  const article = document.querySelector('article.bd-article') || document.body;
  const pick = (selector) => [...article.querySelectorAll(selector)].filter(seen);
  const explorables = pick('div.itbx');
  const inExplorable = (el) => explorables.some((x) => x.contains(el));
  const describe = (el) => (el.id ? '#' + el.id : '') + ' ' + (el.textContent || '').trim().slice(0, 60);
  const out = {};
  const add = (kind, elements) => {
    const bad = elements.filter(scrolls);
    out[kind] = {count: elements.length, scrolling: bad.length, examples: bad.slice(0, 3).map(describe)};
  };
  add('pre', pick('pre').filter((el) => !inExplorable(el)));
  add('table', pick('table').filter((el) => !inExplorable(el))
                   .map((el) => box(el, '.pst-scrollable-table-container, .table-wrapper')));
  add('figure', pick('figure'));
  add('math', pick('mjx-container[display="true"]'));
  add('explorable', explorables);
  out.page = {width: document.documentElement.clientWidth, scrollWidth: document.documentElement.scrollWidth};
  return out;
}
"""


def phone_counts(browser, base_url: str, rel: str) -> dict:
    return evaluate_at_phone_width(browser, f"{base_url}/{rel}", _MEASURE)


@pytest.mark.parametrize("rel", PAGES, ids=lambda r: r.removesuffix(".html"))
def test_at_phone_width_only_the_budgeted_elements_scroll_sideways(browser, base_url, rel):
    counts = phone_counts(browser, base_url, rel)
    page = counts["page"]
    assert page["scrollWidth"] <= page["width"], f"{rel} at 390 px: the page pans sideways ({page})"
    print(f"\n390 px {rel}: " + ", ".join(
        f"{kind} {counts[kind]['scrolling']}/{counts[kind]['count']}" for kind in KINDS))
    budget = BUDGET.get(rel, {})
    over = {}
    for kind in KINDS:
        allowed = 0 if kind in NEVER else budget.get(kind, 0)
        if counts[kind]["scrolling"] > allowed:
            over[kind] = (counts[kind]["scrolling"], allowed, counts[kind]["examples"])
    assert not over, f"{rel} at 390 px: scrolling sideways (found, budget, examples): {json.dumps(over, indent=1)}"


def test_the_budget_names_only_pages_that_exist():
    assert set(BUDGET) <= set(PAGES), set(BUDGET) - set(PAGES)


def _phone_page(browser, base_url: str, rel: str, mode: str = "light"):
    ctx, page, _ = open_on_a_phone(browser, f"{base_url}/{rel}", mode)
    return ctx, page


# Every word and number in a table cell lies on one line (a Range over it has
# its boxes at one height), and the cell's text, code too, is at least 12 px.
_BROKEN_TOKENS = """
() => {
  const broken = [], small = [];
  const article = document.querySelector('article.bd-article');
  for (const cell of article.querySelectorAll('table td, table th')) {
    if (!cell.getClientRects().length) continue;
    if (parseFloat(getComputedStyle(cell).fontSize) < 12) small.push(cell.textContent.trim().slice(0, 40));
    for (const code of cell.querySelectorAll('code')) {
      if (parseFloat(getComputedStyle(code).fontSize) < 12) small.push('code ' + code.textContent.trim().slice(0, 35));
    }
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('mjx-container')) continue;
      // In code a run of letters or digits is the unit (a call or a path may
      // wrap after a dot, a parenthesis, a slash or an underscore).
      const tokens = node.parentElement.closest('code') ? /[\\p{L}\\p{N}]+/gu : /\\S+/g;
      for (const m of node.data.matchAll(tokens)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return {broken, small};
}
"""


@pytest.mark.parametrize("rel", [p for p in PAGES if p.startswith("chapters/")] or ["(no built site)"])
def test_at_phone_width_table_cells_break_no_word_or_number(browser, base_url, site, rel):
    ctx, page = _phone_page(browser, base_url, rel)
    try:
        found = page.evaluate(_BROKEN_TOKENS)
    finally:
        ctx.close()
    assert not found["broken"], f"{rel} at 390 px: words or numbers broken inside a table cell: {found['broken'][:10]}"
    assert not found["small"], f"{rel} at 390 px: table text under 12 px: {found['small'][:5]}"


# For each source line of a code cell that wraps: where each continuation
# line starts, and where the line's own first character is.
_CODE_CONTINUATIONS = """
(selector) => {
  const bad = [];
  let wrapped = 0;
  for (const pre of document.querySelectorAll(selector)) {
    if (!pre.getClientRects().length) continue;
    const nodes = [];
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    const text = nodes.map((n) => n.data).join('');
    const at = (offset) => {
      for (const n of nodes) { if (offset <= n.data.length) return [n, offset]; offset -= n.data.length; }
      return [nodes[nodes.length - 1], nodes[nodes.length - 1].data.length];
    };
    let start = 0;
    for (const line of text.split('\\n')) {
      const first = start + line.length - line.trimStart().length;
      const end = start + line.trimEnd().length;
      if (end > first) {
        const range = document.createRange();
        range.setStart(...at(first));
        range.setEnd(...at(end));
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        const byTop = new Map();
        for (const r of rects) {
          const top = Math.round(r.top);
          byTop.set(top, Math.min(byTop.get(top) ?? Infinity, r.left));
        }
        const tops = [...byTop.keys()].sort((a, b) => a - b);
        if (tops.length > 1) {
          wrapped += 1;
          const firstLeft = byTop.get(tops[0]);
          for (const top of tops.slice(1)) {
            if (byTop.get(top) <= firstLeft + 1) { bad.push(line.trim().slice(0, 60)); break; }
          }
        }
      }
      start += line.length + 1;
    }
  }
  return {wrapped, bad};
}
"""


def test_at_phone_width_wrapped_code_keeps_each_lines_indentation(browser, base_url, site):
    """A continuation of a wrapped line of code starts to the right of the
    line's own first character, so Python's structure stays visible."""
    ctx, page = _phone_page(browser, base_url, "chapters/03_entropy.html")
    try:
        found = page.evaluate(_CODE_CONTINUATIONS, "article div.cell_input div.highlight pre")
    finally:
        ctx.close()
    assert found["wrapped"] > 0, "no line of code wraps at 390 px in chapter 3: the check checks nothing"
    assert not found["bad"], f"continuations at or left of their line's start: {found['bad'][:5]}"


_WRAPPED_OUTPUT = "article div.tag_wrap-output div.cell_output pre"


# The chapters with a cell tagged wrap-output, each with a printed line wider
# than a phone's column.
_WRAPPING_PAGES = [f"chapters/{name}.html" for name in (
    "01_information_content", "02_fair_dice", "03_entropy", "04_cross_entropy", "05_kl_divergence",
    "06_mutual_information", "07_noisy_channels", "08_continuous", "09_machine_learning",
    "10_variational_contrastive")]


@pytest.mark.parametrize("rel", _WRAPPING_PAGES)
def test_at_phone_width_printed_sentences_wrap_and_printed_tables_keep_their_columns(browser, base_url, site, rel):
    """The printed output of a cell tagged ``wrap-output`` (sentences,
    key-value lines) fits the column: a long line wraps, continuing right of
    its own start. Every other printed output keeps its lines whole."""
    ctx, page = _phone_page(browser, base_url, rel)
    try:
        found = page.evaluate(_CODE_CONTINUATIONS, _WRAPPED_OUTPUT)
        wide = page.evaluate("""(selector) => {
          const shown = (el) => el.getClientRects().length;
          const wrapping = new Set(document.querySelectorAll(selector));
          const outputs = [...document.querySelectorAll('article div.cell_output pre')].filter(shown);
          return {
            scrolling: outputs.filter((el) => wrapping.has(el) && el.scrollWidth > el.clientWidth + 1)
                              .map((el) => el.textContent.trim().slice(0, 60)),
            kept: outputs.filter((el) => !wrapping.has(el))
                         .map((el) => getComputedStyle(el).whiteSpace).filter((w) => w !== 'pre'),
          };
        }""", _WRAPPED_OUTPUT)
    finally:
        ctx.close()
    assert found["wrapped"] > 0, f"{rel}: no printed line wraps at 390 px: the check checks nothing"
    assert not found["bad"], f"{rel}: continuations at or left of their line's start: {found['bad'][:5]}"
    assert not wide["scrolling"], f"{rel} at 390 px: wrap-output outputs still wider than the column: {wide['scrolling']}"
    assert not wide["kept"], f"{rel}: other printed outputs wrap ({wide['kept'][:3]})"


# Every box that scrolls sideways at 390 px: its background draws the cue
# (gradients), and it takes keyboard focus (axe's scrollable-region-focusable).
_SCROLL_CUES = """
async () => {
  await new Promise((r) => setTimeout(r, 300));
  const article = document.querySelector('article.bd-article');
  const boxes = [...article.querySelectorAll('pre, mjx-container, .pst-scrollable-table-container')]
    .filter((el) => el.getClientRects().length && el.scrollWidth > el.clientWidth + 1
                    && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX));
  const describe = (el) => el.tagName + ' ' + (el.textContent || '').trim().slice(0, 40);
  return {
    count: boxes.length,
    noCue: boxes.filter((el) => (getComputedStyle(el).backgroundImage.match(/gradient/g) || []).length < 4).map(describe),
    notFocusable: boxes.filter((el) => el.tabIndex < 0).map(describe),
  };
}
"""


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("rel", ["chapters/07_noisy_channels.html", "api.html"])
def test_at_phone_width_every_sideways_scrolling_box_shows_a_cue_and_takes_focus(browser, base_url, site, rel, mode):
    ctx, page = _phone_page(browser, base_url, rel, mode)
    try:
        found = page.evaluate(_SCROLL_CUES)
    finally:
        ctx.close()
    assert found["count"] > 0, f"{rel}: nothing scrolls sideways at 390 px: the check checks nothing"
    assert not found["noCue"], f"{rel} ({mode}): boxes that scroll with no cue: {found['noCue'][:5]}"
    assert not found["notFocusable"], f"{rel} ({mode}): scrolling boxes a keyboard cannot reach: {found['notFocusable'][:5]}"


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("rel", ["chapters/03_entropy.html", "api.html"])
def test_at_phone_width_axe_finds_no_violation(browser, base_url, site, axe_source, rel, mode):
    """At 390 px the stacked tables, wrapped code and scrolling boxes pass axe
    (contrast of the column labels, scrollable-region-focusable, ...)."""
    ctx, page = _phone_page(browser, base_url, rel, mode)
    try:
        page.wait_for_timeout(300)  # the theme's scrollable check, one task per element
        violations = run_axe(page, axe_source)
    finally:
        ctx.close()
    assert not violations, f"{rel} ({mode}) at 390 px: " + "; ".join(
        f"{v['id']} ({v['count']}): {v['nodes'][:2]}" for v in violations)


# Display formulas in definitions, theorems and proofs (sphinx-proof's boxes,
# each proof opened): at 390 px each fits its box (no page needs an exception
# now; a page that did would be listed with its count). A formula
# that is long is broken at a relation sign in the chapter's TeX
# (``\begin{aligned}``); the boxes give their text the column's width less
# 0.6rem a side (custom.css). Lower a number when a page gets better.
BOXED_MATH_BUDGET: dict[str, int] = {}

_BOXED_MATH = """
() => {
  const article = document.querySelector('article.bd-article');
  article.querySelectorAll('details.proof').forEach((d) => { d.open = true; });
  const boxes = [...article.querySelectorAll('div.proof, details.proof')];
  const formulas = boxes.flatMap((box) => [...box.querySelectorAll('mjx-container[display="true"]')]
    .filter((m) => m.getClientRects().length && m.closest('div.proof, details.proof') === box)
    .map((m) => [box, m]));
  const wide = formulas.filter(([box, m]) => m.scrollWidth > m.clientWidth + 1
                                            || m.getBoundingClientRect().right > box.getBoundingClientRect().right + 1);
  const label = (box) => (box.querySelector('.caption-number, summary')?.textContent || box.id || '').trim();
  return {count: formulas.length, boxes: boxes.length,
          wide: wide.map(([box, m]) => `${label(box)}: ${m.scrollWidth} px in ${m.clientWidth}`)};
}
"""


@pytest.mark.parametrize("rel", [p for p in PAGES if p.startswith("chapters/")] or ["(no built site)"])
def test_at_phone_width_display_math_in_definitions_theorems_and_proofs_fits_its_box(browser, base_url, site, rel):
    found = evaluate_at_phone_width(browser, f"{base_url}/{rel}", _BOXED_MATH)
    print(f"\n390 px {rel}: {len(found['wide'])} of {found['count']} boxed display formulas wider than their box")
    allowed = BOXED_MATH_BUDGET.get(rel, 0)
    assert len(found["wide"]) <= allowed, (
        f"{rel} at 390 px: display formulas wider than their definition, theorem or proof box "
        f"(budget {allowed}): {found['wide']}")


def test_the_boxed_math_budget_names_only_chapters_that_exist():
    assert set(BOXED_MATH_BUDGET) <= set(PAGES), set(BOXED_MATH_BUDGET) - set(PAGES)


# Each run of letters, digits and underscores (a name or a number) in code,
# in a code cell or in the text, lies on one line: code wraps at its spaces
# and after . ( [ { , = (site_tweaks.break_code_between_names).
_SPLIT_NAMES = """
() => {
  const article = document.querySelector('article.bd-article');
  const found = {wrapped: 0, split: []};
  const check = (root) => {
    const nodes = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    const text = nodes.map((n) => n.data).join('');
    const at = (offset) => {
      for (const n of nodes) { if (offset < n.data.length) return [n, offset]; offset -= n.data.length; }
      return null;
    };
    const lines = new Set([...root.getClientRects()].map((r) => Math.round(r.top)));
    let tops = new Set();
    for (const m of text.matchAll(/[\\p{L}\\p{N}_]+/gu)) {
      const range = document.createRange();
      range.setStart(...at(m.index));
      const [node, offset] = at(m.index + m[0].length - 1);
      range.setEnd(node, offset + 1);
      const rows = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      rows.forEach((t) => tops.add(t));
      if (rows.size > 1) found.split.push(m[0] + ' in ' + JSON.stringify(text.slice(Math.max(0, m.index - 25), m.index + m[0].length + 5)));
    }
    return tops.size;
  };
  for (const code of article.querySelectorAll('p code.literal, li code.literal')) {
    if (code.closest('table') || !code.getClientRects().length) continue;
    if (code.getClientRects().length > 1) found.wrapped += 1;
    check(code);
  }
  for (const line of article.querySelectorAll('div.cell_input pre > span.cl')) {
    if (!line.getClientRects().length) continue;
    if (check(line) > 1) found.wrapped += 1;
  }
  return found;
}
"""


@pytest.mark.parametrize("rel", ["chapters/03_entropy.html", "chapters/09_machine_learning.html"])
def test_at_phone_width_code_wraps_between_names_never_inside_one(browser, base_url, site, rel):
    ctx, page = _phone_page(browser, base_url, rel)
    try:
        found = page.evaluate(_SPLIT_NAMES)
    finally:
        ctx.close()
    assert found["wrapped"] > 0, f"{rel}: no code wraps at 390 px: the check checks nothing"
    assert not found["split"], f"{rel} at 390 px: names split across lines of code: {found['split'][:8]}"
