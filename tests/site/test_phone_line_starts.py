"""Where lines break on a phone (390 px wide): never inside a number, before a
closing quote or before the punctuation after a formula.

Every chapter is opened at 390 x 844 and the start of every line is read
from the browser's layout (a Range over each character, or over the first
character after a formula, gives its box; a line starts where a character
sits lower than the one before it):

- in code that wraps (cell inputs and listings, and the printed output of a
  cell tagged ``wrap-output``), no line starts inside a number (``1e-`` at the
  end of one line and ``9`` on the next), unless the number alone is wider
  than what the line has room for;
- nor with the closing quote of a string (``")`` under the string's last
  word): the quote stays with that word (site_tweaks.keep_code_numbers_whole,
  site_tweaks.keep_closing_quotes_with_their_words);
- in the text, the full stop, comma, semicolon, colon or bracket right after
  an inline formula is on the formula's line
  (site_tweaks.keep_punctuation_with_formulas), and the formula with its
  punctuation fits the column and is not cut off (a formula that with its
  punctuation is wider than the column puts the punctuation under it).

Each page's counts are printed (run with ``-s`` to see them).
"""

from __future__ import annotations

import pytest

from conftest import chapter_pages
from pagecheck import evaluate_at_phone_width

_MEASURE = r"""
() => {
  const article = document.querySelector('article.bd-article') || document.body;
  const out = {wrappedBlocks: 0, splitNumbers: [], closingQuotes: [], formulas: 0, punctuation: [], tooWide: [], notFitting: []};
  const NUMBER = /(?<![\p{L}\p{N}_.])[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?(?![\p{L}\p{N}_])/gu;

  // The closing quotes of the string literals in Python-like code (offsets).
  const closingQuotes = (text) => {
    const found = new Set();
    let delim = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (delim) {
        if (c === '\\') { i += 1; continue; }
        if (c === '\n' && delim.length === 1) { delim = ''; continue; }
        if (text.startsWith(delim, i)) {
          for (let k = 0; k < delim.length; k++) found.add(i + k);
          i += delim.length - 1;
          delim = '';
        }
      } else if (c === '"' || c === "'") {
        delim = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
        i += delim.length - 1;
      } else if (c === '#') {
        const end = text.indexOf('\n', i);
        i = end < 0 ? text.length : end - 1;
      }
    }
    return found;
  };

  const range = document.createRange();
  const box = (node, offset) => {
    range.setStart(node, offset);
    range.setEnd(node, offset + 1);
    return [...range.getClientRects()].find((r) => r.width > 0) || null;
  };

  for (const pre of article.querySelectorAll('pre')) {
    if (!pre.getClientRects().length || !getComputedStyle(pre).whiteSpace.startsWith('pre-wrap')) continue;
    const nodes = [];
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    const text = nodes.map((n) => n.data).join('');
    const rects = [];
    for (const n of nodes) for (let o = 0; o < n.data.length; o++) rects.push(/\s/.test(n.data[o]) ? null : box(n, o));
    const style = getComputedStyle(pre);
    const contentRight = pre.getBoundingClientRect().right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
    // Each wrap: the last character before it (j) and the first after it (i), on one line of the source.
    const wraps = [];
    let last = -1;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\n') { last = -1; continue; }
      if (!rects[i]) continue;
      if (last >= 0 && Math.round(rects[i].top) > Math.round(rects[last].top)) wraps.push([last, i]);
      last = i;
    }
    if (!wraps.length) continue;
    out.wrappedBlocks += 1;
    const context = (i) => JSON.stringify(text.slice(Math.max(0, i - 30), i) + '⏎' + text.slice(i, i + 12));
    const numbers = [...text.matchAll(NUMBER)].map((m) => [m.index, m.index + m[0].length]);
    const quotes = closingQuotes(text);
    for (const [j, i] of wraps) {
      for (const [a, b] of numbers) {
        if (!(a <= j && i < b)) continue;
        // A number wider than the room its line has must break somewhere.
        let width = 0;
        for (let k = a; k < b; k++) width += rects[k] ? rects[k].width : 0;
        if (width <= contentRight - rects[i].left + 0.5) out.splitNumbers.push(text.slice(a, b) + ' in ' + context(i));
      }
      if (quotes.has(i)) out.closingQuotes.push(context(i));
    }
  }

  // Punctuation right after an inline formula: on the formula's line, and the two fit the column.
  const isBlock = (el) => { const d = getComputedStyle(el).display; return !d.startsWith('inline') && d !== 'contents'; };
  const texts = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  for (const math of article.querySelectorAll('mjx-container:not([display="true"])')) {
    if (!math.getClientRects().length) continue;
    let inside = math;
    while (inside.lastChild) inside = inside.lastChild;
    texts.currentNode = inside;  // the first text after the formula, in document order
    let n = texts.nextNode();
    while (n && !n.data.length) n = texts.nextNode();
    if (!n || !/^[.,;:!?)\]]/.test(n.data)) continue;
    out.formulas += 1;
    const p = box(n, 0), m = math.getBoundingClientRect();
    const tex = (math.querySelector('mjx-assistive-mml')?.textContent || math.textContent).trim().slice(0, 40);
    let block = math.parentElement;
    while (block && block !== article && !isBlock(block)) block = block.parentElement;
    const s = getComputedStyle(block), r = block.getBoundingClientRect();
    const left = r.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft);
    const right = r.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight);
    if (!p || (p.left < m.right - 1 && p.top > m.top)) {
      // Only a formula that with its punctuation is wider than the column may leave it for the next line.
      if (!p || m.width + p.width <= right - left + 0.5) out.punctuation.push(tex + n.data.slice(0, 3));
      else out.tooWide.push(tex + n.data.slice(0, 3));
    }
    if (!p) continue;
    let cut = false;
    for (let a = n.parentNode; a && a !== article; a = a.parentNode) {
      const st = getComputedStyle(a);
      if (st.overflowX !== 'visible' && p.right > a.getBoundingClientRect().right + 1) { cut = true; break; }
    }
    if (p.right > right + 1 || cut) out.notFitting.push(`${tex}${n.data.slice(0, 3)} (${Math.round(p.right - right)} px past its column${cut ? ', cut off' : ''})`);
  }
  return out;
}
"""


def line_starts(browser, base_url: str, rel: str) -> dict:
    """What the lines of one page start with at 390 px (see ``_MEASURE``)."""
    return evaluate_at_phone_width(browser, f"{base_url}/{rel}", _MEASURE)


@pytest.mark.parametrize("rel", chapter_pages() or ["(no built site)"], ids=lambda r: r.removesuffix(".html"))
def test_at_phone_width_no_line_starts_inside_a_number_at_a_closing_quote_or_at_punctuation_after_a_formula(
        browser, base_url, site, rel):
    found = line_starts(browser, base_url, rel)
    print(f"\n390 px {rel}: {found['wrappedBlocks']} code blocks wrap; lines starting inside a number "
          f"{len(found['splitNumbers'])}, at a closing quote {len(found['closingQuotes'])}; "
          f"punctuation after a formula on a new line {len(found['punctuation'])} of {found['formulas']} "
          f"(and {len(found['tooWide'])} after a formula that with it is wider than the column)")
    assert found["wrappedBlocks"] > 0, f"{rel}: no code wraps at 390 px: the check checks nothing"
    assert found["formulas"] > 0, f"{rel}: no punctuation after an inline formula: the check checks nothing"
    assert not found["splitNumbers"], f"{rel} at 390 px: numbers split across lines of code: {found['splitNumbers'][:8]}"
    assert not found["closingQuotes"], f"{rel} at 390 px: lines of code that start with a closing quote: {found['closingQuotes'][:8]}"
    assert not found["punctuation"], f"{rel} at 390 px: lines that start with the punctuation after a formula: {found['punctuation'][:8]}"
    assert not found["notFitting"], f"{rel} at 390 px: formulas with their punctuation wider than the column: {found['notFitting'][:8]}"
