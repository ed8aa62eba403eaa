"""Where wrapped code breaks on a phone (390 px wide): no short last piece,
no short sum of numbers or f-string field cut in two, trailing comments read
as comments.

Every chapter is opened at 390 x 844 and each line of a code cell that wraps
(``pre > span.cl``, site_tweaks.hang_code_lines) is read from the browser's
layout, as in test_phone_line_starts.py (a Range over each character gives its
box; a line wraps where a character sits lower than the one before it):

- *short pieces*: a wrapped line's last row holds fewer than
  ``SHORT`` characters (``100)}")`` alone under a long line) although the
  rows above it had room to give it more (a row whose text is itself at
  least ``SHORT`` characters from the break);
- *split sums*: a short binary expression of numbers (``1 / 52``,
  ``2 ** 10``) cut at its operator (site_tweaks.keep_short_code_units_whole);
- *split fields*: an f-string replacement field (``{p:.3f}``) cut, unless
  the field (with the closing quote and brackets right after it, which stay
  with it) is wider than the room its row has;
- *comments*: a trailing comment (``x = 1  # the first``) that wraps
  starts its rows at its ``#``, in the comment's colour (an inline block,
  custom.css), so its second row cannot be read as code.

Each page's counts are printed (run with ``-s`` to see them). The budget
below holds what no build-time rule fixes; lower a number when a page gets
better, never raise one to make a page pass.
"""

from __future__ import annotations

import pytest

from conftest import chapter_pages
from pagecheck import evaluate_at_phone_width

SHORT = 8

# Short last pieces that remain: each is an f-string field kept whole
# followed by a unit and the closing quote (``{il.entropy(p):.4f} bits")``),
# the two together wider than a row. Measured on the chapters before these
# rules (text-wrap: pretty, site_tweaks.keep_code_units_whole): 226 short last
# pieces, 9 sums split, 206 fields split, 56 trailing comments that wrapped
# under the code; after: 17, 0, 0, 0.
SHORT_PIECE_BUDGET: dict[str, int] = {
    "chapters/01_information_content.html": 2,
    "chapters/03_entropy.html": 1,
    "chapters/04_cross_entropy.html": 5,
    "chapters/06_mutual_information.html": 2,
    "chapters/07_noisy_channels.html": 1,
    "chapters/09_machine_learning.html": 4,
    "chapters/10_variational_contrastive.html": 2,
}

_MEASURE = r"""
(short) => {
  const article = document.querySelector('article.bd-article') || document.body;
  const out = {lines: 0, wrapped: 0, short: [], sums: [], sumsSeen: 0, fields: [], fieldsSeen: 0,
               comments: 0, commentsBad: []};
  const SUM = /(?<![\p{L}\p{N}_.])\d[\d_]*(?:\.\d+)?\s*(?:\*\*|\/\/|[-+*\/%])\s*\d[\d_]*(?:\.\d+)?(?![\p{L}\p{N}_.(])/gu;
  const range = document.createRange();
  const box = (node, offset) => {
    range.setStart(node, offset);
    range.setEnd(node, offset + 1);
    return [...range.getClientRects()].find((r) => r.width > 0) || null;
  };
  for (const line of article.querySelectorAll('div.cell_input pre > span.cl')) {
    if (!line.getClientRects().length) continue;
    out.lines += 1;
    const nodes = [], owners = [];
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    let text = '';
    const rects = [];
    for (const n of nodes) {
      for (let o = 0; o < n.data.length; o++) {
        rects.push(/\s/.test(n.data[o]) ? null : box(n, o));
        owners.push(n.parentElement);
      }
      text += n.data;
    }
    // Rows: [first, last] character offsets (non-space) of each row.
    const rows = [];
    let last = -1;
    for (let i = 0; i < text.length; i++) {
      if (!rects[i]) continue;
      if (last < 0 || Math.round(rects[i].top) > Math.round(rects[last].top)) rows.push([i, i]);
      else rows[rows.length - 1][1] = i;
      last = i;
    }
    const pre = line.closest('pre'), st = getComputedStyle(pre);
    const right = pre.getBoundingClientRect().right - parseFloat(st.paddingRight) - parseFloat(st.borderRightWidth);
    const context = (i) => JSON.stringify(text.slice(Math.max(0, i - 30), i).trimStart() + '⏎' + text.slice(i, i + 12));
    // Trailing comments: each starts its rows at its '#'.
    for (const c of line.querySelectorAll('span.c1')) {
      const before = text.slice(0, text.indexOf(c.textContent)).trim();
      if (!before) continue;
      const rows2 = new Map();
      const w2 = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
      for (let n = w2.nextNode(); n; n = w2.nextNode()) for (let o = 0; o < n.data.length; o++) {
        const b = /\s/.test(n.data[o]) ? null : box(n, o);
        if (b) { const t = Math.round(b.top); rows2.set(t, Math.min(rows2.get(t) ?? Infinity, b.left)); }
      }
      const lefts = [...rows2.values()];
      if (lefts.length < 2) continue;
      out.comments += 1;
      if (lefts.some((l) => Math.abs(l - lefts[0]) > 1)) out.commentsBad.push(c.textContent.slice(0, 40));
    }
    if (rows.length < 2) continue;
    out.wrapped += 1;
    // The last row is short although the row above could have given it more.
    const [a, b] = rows[rows.length - 1];
    const lastText = text.slice(a, b + 1);
    const inComment = owners[a] && owners[a].closest('span.c1');
    if (lastText.length < short && !inComment) {
      const [pa, pb] = rows[rows.length - 2];
      if (pb + 1 - pa >= 2 * short) out.short.push(context(a));
    }
    const wraps = rows.slice(1).map(([i]) => i);
    for (const m of text.matchAll(SUM)) {
      out.sumsSeen += 1;
      const s = m.index, e = m.index + m[0].length;
      for (const i of wraps) if (s < i && i < e) out.sums.push(m[0] + ' in ' + context(i));
    }
    // f-string fields: from a '{' to its '}' in Pygments' interpolation spans (class si).
    for (let s = 0; s < text.length; s++) {
      if (text[s] !== '{' || !owners[s] || !owners[s].classList.contains('si')) continue;
      let depth = 0, e = s;
      for (; e < text.length; e++) {
        if (owners[e] && owners[e].classList.contains('si')) {
          if (text[e] === '{') depth += 1;
          else if (text[e].endsWith('}') || text[e] === '}') { depth -= 1; if (!depth) break; }
        }
      }
      out.fieldsSeen += 1;
      // A field that ends its string goes with its closing quote and the brackets after it.
      let f = e;
      if (/["']/.test(text[f + 1] || '') && !(owners[f + 1] && owners[f + 1].classList.contains('si'))) {
        f += 1;
        while (/[)\]},:;]/.test(text[f + 1] || '')) f += 1;
      }
      let width = 0;
      for (let k = s; k <= f; k++) width += rects[k] ? rects[k].width : (rects[s] ? rects[s].width : 0);
      for (const i of wraps) {
        if (!(s < i && i <= e)) continue;
        const room = right - rects[wraps[0]].left;
        if (width <= room + 0.5) out.fields.push(text.slice(s, e + 1) + ' in ' + context(i));
      }
      s = e;
    }
  }
  return out;
}
"""


def code_breaks(browser, base_url: str, rel: str) -> dict:
    return evaluate_at_phone_width(browser, f"{base_url}/{rel}", f"() => ({_MEASURE})({SHORT})")


@pytest.mark.parametrize("rel", chapter_pages() or ["(no built site)"], ids=lambda r: r.removesuffix(".html"))
def test_at_phone_width_wrapped_code_breaks_at_readable_places(browser, base_url, site, rel):
    found = code_breaks(browser, base_url, rel)
    print(f"\n390 px {rel}: {found['wrapped']} of {found['lines']} code lines wrap; "
          f"short last pieces {len(found['short'])}, sums of numbers split {len(found['sums'])} "
          f"of {found['sumsSeen']}, f-string fields split {len(found['fields'])} of {found['fieldsSeen']}, "
          f"wrapped trailing comments {found['comments']} (not starting each row at '#': {len(found['commentsBad'])})")
    for key in ("short", "sums", "fields", "commentsBad"):
        for item in found[key]:
            print(f"  {key}: {item}")
    assert found["wrapped"] > 0, f"{rel}: no line of code wraps at 390 px: the check checks nothing"
    allowed = SHORT_PIECE_BUDGET.get(rel, 0)
    assert len(found["short"]) <= allowed, (
        f"{rel} at 390 px: wrapped lines ending in a piece under {SHORT} characters (budget {allowed}): {found['short'][:8]}")
    assert not found["sums"], f"{rel} at 390 px: short sums of numbers split at their operator: {found['sums'][:8]}"
    assert not found["fields"], f"{rel} at 390 px: f-string fields split across rows: {found['fields'][:8]}"
    assert not found["commentsBad"], f"{rel} at 390 px: wrapped trailing comments not read as comments: {found['commentsBad'][:8]}"


def test_the_short_piece_budget_names_only_chapters_that_exist():
    assert set(SHORT_PIECE_BUDGET) <= set(chapter_pages()), set(SHORT_PIECE_BUDGET) - set(chapter_pages())
