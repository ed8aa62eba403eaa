"""The general index (genindex.html) reads on a phone.

At 390 px Sphinx's index was a column of 12 px links (the phone size of tables)
with no room between them, and the underline ran over the underscores of names
such as ``binary_entropy``. ``_static/custom.css`` sets the entries in the
text's size, one per line with room for a finger between them, and moves the
underline below the underscores.

Sphinx labels the library's entries with their module or class ("(in module
infolib)"); ``_ext/site_tweaks.py`` labels each glossary term "(glossary
term)" (Sphinx only sets it in bold) and says under the title what the two
kinds are.
"""

from __future__ import annotations

import re

from pagecheck import open_page

PHONE = {"width": 390, "height": 844}

_ENTRIES = """() => [...document.querySelectorAll('table.indextable a')].map((a) => {
  const style = getComputedStyle(a);
  const box = a.getBoundingClientRect();
  return {text: a.textContent.trim(), size: parseFloat(style.fontSize),
          offset: parseFloat(style.textUnderlineOffset) || 0, top: box.top, bottom: box.bottom};
})"""


def test_index_entries_on_a_phone_are_text_sized_spaced_and_underlined_below_underscores(browser, base_url, site):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, color_scheme="light")
    try:
        page, log = open_page(context, f"{base_url}/genindex.html")
        entries = page.evaluate(_ENTRIES)
        assert len(entries) > 100, f"only {len(entries)} index entries: the check checks nothing"
        small = [e["text"] for e in entries if e["size"] < 15]
        assert not small, f"{len(small)} of {len(entries)} index entries set below 15 px: {small[:5]}"
        close = [(a["text"], b["text"], round(b["top"] - a["bottom"], 1))
                 for a, b in zip(entries, entries[1:]) if 0 <= b["top"] - a["bottom"] < 6]
        assert not close, f"{len(close)} index entries less than 6 px below the one before: {close[:5]}"
        names = [e for e in entries if "_" in e["text"]]
        assert names, "no entry with an underscore"
        low = [e["text"] for e in names if e["offset"] < 0.2 * e["size"]]
        assert not low, f"the underline crosses the underscores of {len(low)} entries: {low[:5]}"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the index is {width} px wide on a {PHONE['width']} px screen"
        assert not log.console_errors, log.console_errors
    finally:
        context.close()


_KINDS = """() => {
  const entries = [...document.querySelectorAll('table.indextable li > a')].map((a) => ({
    text: a.textContent.replace(/\\s+/g, ' ').trim(), href: a.getAttribute('href')}));
  const legend = document.querySelector('article h1 ~ p.index-legend');
  return {entries, legend: legend && legend.textContent.replace(/\\s+/g, ' ').trim(),
          legendLinks: legend ? [...legend.querySelectorAll('a')].map((a) => a.getAttribute('href')) : []};
}"""


def test_index_tells_glossary_terms_from_the_librarys_entries(browser, base_url, site):
    """Every entry says what it is: a glossary term ends "(glossary term)", a
    library entry keeps autodoc's "(in module infolib)" or "(infolib.X
    method)" (an exception, which Sphinx leaves bare, gets its module); a sentence under the title says so and links both pages."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, color_scheme="light")
    try:
        page, _ = open_page(context, f"{base_url}/genindex.html")
        found = page.evaluate(_KINDS)
    finally:
        context.close()
    terms = [e for e in found["entries"] if e["href"].startswith("glossary.html#term-")]
    library = [e for e in found["entries"] if e["href"].startswith("api.html#")]
    assert len(terms) > 30 and len(library) > 100, "too few entries: the check checks nothing"
    assert len(terms) + len(library) == len(found["entries"]), [
        e for e in found["entries"] if e not in terms and e not in library][:5]
    unlabelled = [e["text"] for e in terms if not e["text"].endswith(" (glossary term)")]
    assert not unlabelled, f"glossary terms without their label: {unlabelled[:5]}"
    mislabelled = [e["text"] for e in library
                   if "(glossary term)" in e["text"] or not re.search(r"\([^()]*\binfolib\b[^()]*\)$", e["text"])]
    assert not mislabelled, f"library entries without their module or class: {mislabelled[:5]}"
    assert found["legend"] and "(glossary term)" in found["legend"] and "in module infolib" in found["legend"]
    assert found["legendLinks"] == ["glossary.html", "api.html"]
