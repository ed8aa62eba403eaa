"""Each change _ext/site_tweaks.py makes, against the theme's own output.

A small book (a notebook with a folded cell, a proof, an exercise and its
solution, a citation, a bibliography) is built with the installed
sphinx-book-theme and the course's extensions, but without site_tweaks: the
raw pages and style sheets the theme writes. Each change must find in them
what it looks for; when a theme version stops writing it, the test fails
and names the theme versions.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections import Counter
from pathlib import Path

import lxml.html
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "_ext"))

sphinx_book_theme = pytest.importorskip("sphinx_book_theme", reason="the book extra: pip install -e '.[book]'")
site_tweaks = pytest.importorskip("site_tweaks", reason="the book extra: pip install -e '.[book]'")

from site_tweaks import (  # noqa: E402
    PAGE_FIXES,
    ThemeMarkupChanged,
    check_tally,
    class_and_id_names,
    drop_search_scripts,
    fix_page,
    fontawesome_icons,
    icons_used,
    is_theme_page,
    parse_page,
    private_use_glyphs,
    purge_css,
    serialize_page,
    fold_proofs,
    unwrap_plain_code_tokens,
    hang_code_lines,
    keep_table_words_whole,
    break_table_code_between_names,
    break_code_between_names,
    keep_code_numbers_whole,
    keep_closing_quotes_with_their_words,
    keep_code_units_whole,
    keep_punctuation_with_formulas,
    label_index_entries,
    stack_wide_tables,
    no_search_passages_from_file,
    toggle_from_anywhere_in_title,
    unlink_solution_titles,
    resolve_theme_in_head,
    serve_webp_figures,
    split_scrollable_check,
    theme_versions,
)

CONF = """
extensions = ["myst_nb", "sphinx_design", "sphinx_proof", "sphinx_exercise", "sphinx_togglebutton",
              "sphinxcontrib.bibtex"]
project = "Raw theme output"
html_theme = "sphinx_book_theme"
html_theme_options = {
    "repository_url": "https://github.com/example/book",
    "use_repository_button": True,
    "use_issues_button": True,
    "launch_buttons": {"binderhub_url": "https://mybinder.org",
                       "colab_url": "https://colab.research.google.com"},
}
html_context = {"default_mode": "auto"}
bibtex_bibfiles = ["refs.bib"]
nb_execution_mode = "off"
myst_enable_extensions = ["colon_fence", "dollarmath"]
"""

INDEX = """# A small book

```{toctree}
chapter
bibliography
glossary
```
"""

GLOSSARY = """# Glossary

```{glossary}
entropy
  The average information content of a random variable.
```
"""

BIB = """@book{cover2006,
  author = {Cover, Thomas M. and Thomas, Joy A.},
  title = {Elements of Information Theory},
  publisher = {Wiley},
  year = {2006},
}
"""

BIBLIOGRAPHY = """# Bibliography

```{bibliography}
```
"""

CHAPTER_MARKDOWN = """# A chapter

Entropy, as in {cite}`cover2006`, is `il.entropy(p, base=2)`.

```{prf:theorem} Gibbs
:label: gibbs

$D(p \\| q) \\ge 0$.
```

```{prf:proof}
By the log-sum inequality, $\\sum_x p(x) \\log \\frac{p(x)}{q(x)} \\ge 0$.
```

| source | plug-in estimate | Miller-Madow estimate | Shannon length | Huffman length | standard error |
|---|---|---|---|---|---|
| fair coin | 1.0000 | 1.0000 | 1.0000 | 1.0000 | 0.0000 |
| `il.entropy(coin)` | 1.0000 | 1.0000 | 1.0000 | 1.0000 | 0.0000 |

| unit | entropy |
|---|---|
| bits | 2.1610 |

```{exercise}
:label: ex-one

Compute $H(X)$.
```

```{solution} ex-one
:class: dropdown

One bit.
```
"""


LONG_CODE = """def average_code_length(lengths, probabilities):
    return sum(length * p for length, p in zip(lengths, probabilities, strict=True))

print(average_code_length([1, 2], [0.5, 0.5]))"""

# A block with a long line, numbers with a negative exponent (in code and in
# a string) and strings that end in "=" and in a space.
NUMBERS_AND_STRINGS = """tolerance = 1e-9
print("I(p = 1e-9) =", round(-math.log2(1e-9), 2), "bits, ", tolerance)"""


def _notebook() -> dict:
    return {
        "cells": [
            {"cell_type": "markdown", "id": "text", "metadata": {}, "source": CHAPTER_MARKDOWN},
            {
                "cell_type": "code", "execution_count": 1, "id": "setup",
                "metadata": {"tags": ["hide-input"]}, "outputs": [], "source": "import math",
            },
            {
                "cell_type": "code", "execution_count": 2, "id": "long-line", "metadata": {}, "outputs": [],
                "source": LONG_CODE,
            },
            {
                "cell_type": "code", "execution_count": 3, "id": "numbers-and-strings", "metadata": {},
                "outputs": [], "source": NUMBERS_AND_STRINGS,
            },
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4, "nbformat_minor": 5,
    }


@pytest.fixture(scope="module")
def raw_site(tmp_path_factory) -> Path:
    """The small book built with the theme and without site_tweaks."""
    from sphinx.application import Sphinx

    src = tmp_path_factory.mktemp("raw-book")
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text(INDEX, encoding="utf-8")
    (src / "bibliography.md").write_text(BIBLIOGRAPHY, encoding="utf-8")
    (src / "glossary.md").write_text(GLOSSARY, encoding="utf-8")
    (src / "refs.bib").write_text(BIB, encoding="utf-8")
    (src / "chapter.ipynb").write_text(json.dumps(_notebook()), encoding="utf-8")
    out = src / "_build" / "html"
    app = Sphinx(str(src), str(src), str(out), str(src / "_build" / ".doctrees"), "html",
                 status=io.StringIO(), warning=io.StringIO(), freshenv=True)
    app.build()
    assert (out / "chapter.html").exists(), app._warning.getvalue()
    return out


@pytest.fixture(scope="module")
def raw_pages(raw_site) -> dict[str, str]:
    return {
        p.relative_to(raw_site).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(raw_site.glob("*.html"))
    }


def _missing(what: str) -> str:
    return f"{what} is not in the theme's output ({theme_versions()})"


@pytest.mark.parametrize("fix, expects, every_page", PAGE_FIXES, ids=[f.__name__ for f, _, _ in PAGE_FIXES])
def test_each_page_change_finds_what_it_changes_in_the_theme_output(raw_pages, fix, expects, every_page):
    counts = {name: fix(parse_page(text)) for name, text in raw_pages.items()}
    assert sum(counts.values()) > 0, _missing(f"{fix.__name__}'s {expects}")
    if every_page:
        assert all(counts.values()), _missing(f"{fix.__name__}'s {expects} on every page: {counts}")


def test_search_scripts_are_on_every_page_that_does_not_need_them(raw_pages):
    for name, text in raw_pages.items():
        if name != "search.html":
            assert drop_search_scripts(parse_page(text)) > 0, _missing(f"Sphinx's search scripts on {name}")


def test_fixed_pages_keep_their_text_and_lose_what_the_checks_reject(raw_pages):
    tally: Counter = Counter()
    for name, text in raw_pages.items():
        doc = parse_page(text)
        before = " ".join(doc.body.text_content().split())
        fix_page(doc, name, tally)
        out = serialize_page(doc)
        after = parse_page(out)
        # The one text a change adds: the index's labels and the sentence on them.
        for added in after.xpath("//p[@class='index-legend'] | //span[@class='index-kind']"):
            added.drop_tree()
        assert " ".join(after.body.text_content().split()) == before, name
        assert out.startswith("<!DOCTYPE html>")
        assert "fontawesome.js" not in out
        assert 'role="doc-biblioentry"' not in out
        assert 'aria-label="Toggle hidden content"' not in out
        assert "<summary><p" not in out.replace("\n", "")
        assert 'localStorage.getItem("theme") || "auto"' not in out
        for shared in ("proof-content", "exercise-content", "solution-content"):
            assert f'id="{shared}"' not in out
        if name != "search.html":
            assert "searchindex.js" not in out
    check_tally(tally)  # raises if a change found nothing anywhere


def test_a_proof_is_folded_under_its_label_and_keeps_its_content(raw_pages):
    doc = parse_page(raw_pages["chapter.html"])
    before = " ".join(doc.text_content().split())
    assert fold_proofs(doc) == 1
    (proof,) = doc.xpath("//details[contains(@class, 'proof')]")
    assert "admonition" in proof.get("class").split() and proof.get("open") is None
    assert proof[0].tag == "summary" and proof[0].text == "Proof."
    assert proof[0].get("aria-label") == "Proof of Theorem 1"
    assert proof[1].tag == "p" and proof[1].text.startswith("By the log-sum inequality")
    assert " ".join(doc.text_content().split()) == before
    assert not [d for d in doc.xpath("//div") if (d.get("class") or "").split() == ["proof", "admonition"]]



def test_the_head_resolves_the_theme_and_a_changed_head_stops_the_build(raw_pages):
    doc = parse_page(raw_pages["chapter.html"])
    assert resolve_theme_in_head(doc) == 1
    (script,) = [s for s in doc.xpath("//head/script") if "dataset.theme" in (s.text or "")]
    assert 'matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"' in script.text
    assert resolve_theme_in_head(doc) == 0  # done once
    changed = raw_pages["chapter.html"].replace('localStorage.getItem("theme") || "auto"', 'localStorage.theme')
    with pytest.raises(ThemeMarkupChanged, match="resolve_theme_in_head"):
        fix_page(parse_page(changed), "chapter.html", Counter())

def test_a_proof_without_its_label_stops_the_build():
    doc = parse_page("<html><body><div class='proof admonition'><p>No label here.</p></div></body></html>")
    with pytest.raises(ThemeMarkupChanged, match="fold_proofs"):
        fold_proofs(doc)


def test_a_change_that_finds_nothing_names_the_theme_versions():
    page = parse_page("<html><head></head><body><main class='bd-main'><p>No theme here.</p></main></body></html>")
    with pytest.raises(ThemeMarkupChanged) as err:
        fix_page(page, "chapter.html", Counter())
    message = str(err.value)
    assert "drop_fontawesome_script" in message and "chapter.html" in message
    assert f"sphinx-book-theme {sphinx_book_theme.__version__}" in message
    import pydata_sphinx_theme
    assert f"pydata-sphinx-theme {pydata_sphinx_theme.__version__}" in message
    with pytest.raises(ThemeMarkupChanged, match="summary_paragraphs_to_spans"):
        check_tally(Counter({f.__name__: 1 for f, _, _ in PAGE_FIXES if f.__name__ != "summary_paragraphs_to_spans"}))


def test_redirect_page_is_left_alone():
    assert not is_theme_page(parse_page('<html><head><meta http-equiv="Refresh" content="0; url=intro.html" /></head></html>'))


def test_figures_point_at_their_webp_copy_with_their_size():
    doc = parse_page('<html><body><main class="bd-main"><img alt="a figure of entropy" src="../_images/abc.png"/>'
                     '<img alt="other" src="../_static/images/logo_binder.svg"/></main></body></html>')
    assert serve_webp_figures(doc, {"abc"}, {"abc": (563, 400)}) == 1
    img = doc.xpath("//img")[0]
    assert (img.get("src"), img.get("width"), img.get("height")) == ("../_images/abc.webp", "563", "400")


def test_icons_the_pages_use_are_in_the_theme_fontawesome(raw_site, raw_pages):
    js = raw_site / "_static" / "scripts" / "fontawesome.js"
    assert js.exists(), _missing("_static/scripts/fontawesome.js")
    packs = fontawesome_icons(js.read_text(encoding="utf-8"))
    used = set().union(*(icons_used(parse_page(t)) for t in raw_pages.values()))
    assert used, _missing("Font Awesome classes on the pages")
    not_found = [(p, n) for p, n in used if n not in packs.get(p, {}) and n not in packs["fas"]]
    assert not not_found, _missing(f"icons {not_found} in fontawesome.js")


def test_the_theme_checks_its_scrollable_blocks_one_task_at_a_time(raw_site):
    js_file = raw_site / "_static" / "scripts" / "pydata-sphinx-theme.js"
    assert js_file.exists(), _missing("_static/scripts/pydata-sphinx-theme.js")
    js = js_file.read_text(encoding="utf-8")
    split = split_scrollable_check(js)
    assert split != js and "setTimeout(()=>{e.tabIndex=" in split
    assert '"mjx-container[display]"].join(' in split
    assert len(split) - len(js) == len("setTimeout(()=>)") + len(',"mjx-container[display]"')
    with pytest.raises(ThemeMarkupChanged, match="scrollable-block check"):
        split_scrollable_check(split)


def test_a_click_anywhere_in_a_folded_title_finds_its_button(raw_site):
    js_file = raw_site / "_static" / "togglebutton.js"
    assert js_file.exists(), _missing("_static/togglebutton.js")
    js = js_file.read_text(encoding="utf-8")
    fixed = toggle_from_anywhere_in_title(js)
    assert "Couldn't find button" not in fixed
    assert 'click.target.closest(".admonition-title")?.querySelector(".toggle-button")' in fixed
    with pytest.raises(ThemeMarkupChanged, match="toggle_from_anywhere_in_title"):
        toggle_from_anywhere_in_title(fixed)


def test_a_solution_title_keeps_its_words_without_the_link_to_its_exercise(raw_pages):
    doc = parse_page(raw_pages["chapter.html"])
    (title,) = doc.xpath("//div[contains(@class, 'solution')]/p[contains(@class, 'admonition-title')]")
    words = " ".join(title.text_content().split())
    assert title.xpath("./a[starts-with(@href, '#')]"), _missing("the link in a solution's title")
    assert unlink_solution_titles(doc) == 1
    assert not title.xpath(".//a") and " ".join(title.text_content().split()) == words


def test_search_fetches_no_passages_from_a_file(raw_site):
    js_file = raw_site / "_static" / "searchtools.js"
    assert js_file.exists(), _missing("_static/searchtools.js")
    js = js_file.read_text(encoding="utf-8")
    fixed = no_search_passages_from_file(js)
    assert 'showSearchSummary && location.protocol !== "file:"' in fixed
    with pytest.raises(ThemeMarkupChanged, match="no_search_passages_from_file"):
        no_search_passages_from_file(fixed)


def test_code_keeps_its_text_and_only_the_coloured_token_spans(raw_pages):
    doc = parse_page(raw_pages["chapter.html"])
    blocks = doc.xpath("//div[@class='highlight']/pre")
    assert blocks, _missing("a highlighted code block")
    texts = [b.text_content() for b in blocks]
    coloured = len(doc.xpath("//div[@class='highlight']/pre//span[not(@class='n' or @class='p' or @class='w')]"))
    assert unwrap_plain_code_tokens(doc) > 0, _missing("Pygments' n, p or w spans")
    assert [b.text_content() for b in blocks] == texts
    assert not doc.xpath("//div[@class='highlight']/pre//span[@class='n' or @class='p' or @class='w']")
    assert len(doc.xpath("//div[@class='highlight']/pre//span")) == coloured


def test_style_sheets_keep_the_rules_the_pages_use_and_drop_the_others(raw_site, raw_pages):
    css_file = raw_site / "_static" / "styles" / "pydata-sphinx-theme.css"
    assert css_file.exists(), _missing("_static/styles/pydata-sphinx-theme.css")
    css = css_file.read_text(encoding="utf-8")
    known = set().union(*(class_and_id_names(parse_page(t)) for t in raw_pages.values()))
    purged = purge_css(css, known)
    assert 0 < len(purged) < len(css) / 2, (len(purged), len(css))
    assert ".bd-sidebar-primary" in purged, _missing("a rule for .bd-sidebar-primary")
    assert ".bd-search" in css and "navbar-icon-links" in css
    assert purged.isascii()
    assert "@media" in purged  # rules inside @media are purged, not dropped whole
    assert private_use_glyphs(css), _missing("icon-font glyphs in the theme's style sheet")


def test_purge_reads_selectors_not_text():
    css = (
        "/*! licence */ /* plain */"
        ".a .b, .c:not(.absent){color:red}"
        ".absent, #here [data-x='.absent']{color:blue}"
        "@media (min-width: 10px){.a{margin:0}.absent{margin:1px}}"
        '.a:before{content:"\\f00c"}'
    )
    out = purge_css(css, {"a", "b", "c", "here"})
    assert out.startswith("/*! licence */") and "plain" not in out
    assert ".a .b,.c:not(.absent){color:red}" in out
    assert '#here [data-x=".absent"]{color:blue}' in out and ".absent," not in out
    assert "@media (min-width: 10px){.a{margin:0}}" in out
    assert '\\f00c ' in out
    assert private_use_glyphs(css) == {0xF00C}


def test_a_table_too_wide_for_a_phone_is_stacked_with_its_column_names(raw_pages):
    doc = parse_page(raw_pages["chapter.html"])
    tables = doc.xpath("//article//table")
    assert len(tables) == 2, _missing("the chapter's two Markdown tables")
    before = [t.text_content() for t in tables]
    assert stack_wide_tables(doc) == 1
    wide, narrow = tables
    assert "stack-on-phone" in wide.get("class").split()
    assert "stack-on-phone" not in (narrow.get("class") or "").split()
    assert not narrow.xpath(".//*[@data-label]")
    cells = wide.xpath("tbody/tr[1]/td")
    assert [c.get("data-label") for c in cells] == [
        "source", "plug-in estimate", "Miller-Madow estimate", "Shannon length", "Huffman length", "standard error",
    ]
    assert [t.text_content() for t in tables] == before


def test_each_line_of_code_with_a_long_line_carries_its_indentation(raw_pages):
    doc = parse_page(raw_pages["chapter.html"])
    blocks = [p for p in doc.xpath("//div[contains(@class, 'cell_input')]//pre") if "average_code_length" in p.text_content()]
    assert len(blocks) == 1, _missing("the code cell with a long line")
    (pre,) = blocks
    unwrap_plain_code_tokens(doc)  # as on the site: the change before this one
    text = pre.text_content()
    def colours(root):  # each highlighted character with its class (a token span may be cut in two)
        return [(s.get("class"), c) for s in root.iter("span") if s.get("class") not in ("cl", "ind", "keep")
                for c in (s.text or "")]

    coloured = colours(pre)
    assert hang_code_lines(doc) == 2  # this block and the one with numbers and strings
    lines = pre.xpath("span[@class='cl']")
    source_lines = text.removesuffix("\n").split("\n")
    assert len(pre) == len(lines) == len(source_lines) and not pre.text
    assert pre.text_content() == text
    assert [line.text_content().removesuffix("\n") for line in lines] == source_lines
    assert [line.get("style") for line in lines] == [None, "--i:4", None, None]
    assert [line[0].text if len(line) and line[0].get("class") == "ind" else None for line in lines] == [
        None, "    ", None, None]
    assert colours(pre) == coloured
    assert hang_code_lines(parse_page(raw_pages["bibliography.html"])) == 0


def test_a_deep_indentation_is_capped_on_a_phone_and_kept_in_the_text():
    code = "def f(x):\n" + " " * 30 + "return some_function_with_a_long_name(x, another_argument=1, third=2)\n"
    doc = parse_page(f"<html><body><div class='cell_input'><div class='highlight'><pre>{code}</pre></div></div></body></html>")
    assert hang_code_lines(doc) == 1
    first, second = doc.xpath("//span[@class='cl']")
    assert second.get("style") == "--i:16;--n:30" and second[0].text == " " * 30
    assert doc.xpath("//pre")[0].text_content() == code


def test_hyphenated_words_and_negative_numbers_in_a_table_stay_whole():
    doc = parse_page(
        "<html><body><article><table><tbody><tr><th>Miller-Madow bias</th>"
        "<td>-0.77 and <b>1.28e-02</b> then 0 -&gt; 1</td><td>plain</td></tr></tbody></table>"
        "<p>top-heavy outside a table</p></article></body></html>"
    )
    before = doc.text_content()
    assert keep_table_words_whole(doc) == 4
    assert doc.text_content() == before
    assert [s.text for s in doc.xpath("//span[@class='nobr']")] == ["Miller-Madow", "-0.77", "1.28e-02", "->"]
    assert not doc.xpath("//p/span")
    assert keep_table_words_whole(doc) == 0


def test_code_in_a_table_may_wrap_after_a_dot_not_inside_a_name():
    doc = parse_page(
        "<html><body><article><table><tbody><tr><td><code class='literal'>"
        "<span class='pre'>keras.losses.CategoricalCrossentropy()(y_true,</span> <span class='pre'>y_pred)</span>"
        "</code></td></tr></tbody></table><p><code><span class='pre'>a.b</span></code></p></article></body></html>"
    )
    before = doc.text_content()
    assert break_table_code_between_names(doc) == 2
    assert doc.text_content() == before
    span, second = doc.xpath("//td//span[wbr]")
    assert [second.text, *(w.tail for w in second)] == ["y_", "pred)"]
    assert [span.text, *(w.tail for w in span)] == ["keras.", "losses.", "CategoricalCrossentropy()(", "y_", "true,"]
    assert not doc.xpath("//p//wbr")
    out = serialize_page(doc)
    assert "<wbr>" in out and "</wbr>" not in out


def test_glossary_terms_in_the_index_are_labelled_as_the_librarys_entries_are():
    doc = parse_page(
        "<html><body><article><h1>Index</h1><table class='indextable'><tr><td><ul>"
        "<li><a href='api.html#infolib.entropy'>entropy() (in module infolib)</a></li>"
        "<li><a href='glossary.html#term-entropy'><strong>entropy</strong></a></li>"
        "<li><a href='api.html#infolib.DistributionError'>DistributionError</a></li>"
        "</ul></td></tr></table></article></body></html>"
    )
    assert label_index_entries(doc) == 1
    term, function = doc.xpath("//table//a[starts-with(@href, 'glossary')]")[0], doc.xpath("//table//a[starts-with(@href, 'api')]")[0]
    assert term.text_content() == "entropy (glossary term)"
    assert function.text_content() == "entropy() (in module infolib)"
    error = doc.xpath("//table//a[@href='api.html#infolib.DistributionError']")[0]
    assert error.text_content() == "DistributionError (in module infolib)"
    legend = doc.xpath("//h1/following-sibling::p[@class='index-legend']")
    assert legend and "(glossary term)" in legend[0].text_content()
    assert [a.get("href") for a in legend[0].xpath(".//a")] == ["glossary.html", "api.html"]
    assert label_index_entries(parse_page("<html><body><p>no index</p></body></html>")) == 0


def test_code_outside_tables_may_wrap_after_a_dot_a_bracket_a_comma_or_an_equals_sign():
    code = ('x = il.HuffmanCode.from_distribution(block_probs, base=2)[0]  # 1.5 == x\n'
            '    y = f(a,b)\n')
    doc = parse_page(
        "<html><body><article><div class='cell_input'><div class='highlight'><pre>"
        + code.replace("il.", "il<span class='o'>.</span>").replace("base=", "base<span class='o'>=</span>")
        + "</pre></div></div>"
        "<p>Call <code class='literal notranslate'><span class='pre'>il.entropy(p,base=2)</span></code>.</p>"
        "<table><tbody><tr><td><code class='literal'><span class='pre'>a.b</span></code></td></tr></tbody></table>"
        "</article></body></html>"
    )
    before = doc.text_content()
    hang_code_lines(doc)
    assert break_code_between_names(doc) == 3  # two lines of the block and the code in the text
    assert doc.text_content() == before

    def pieces(el):  # the text between the <wbr>s
        out, cur = [], []
        for node in el.iter():
            if node.tag == "wbr":
                out.append("".join(cur))
                cur = []
            elif node is el or node.getparent().tag != "wbr" or True:
                pass
        text = serialize_page(el) if False else None
        return text

    first, second = doc.xpath("//span[@class='cl']")

    def flat(el) -> str:  # the element's text, a | at each <wbr>
        html = lxml.html.tostring(el, encoding="unicode", method="html", with_tail=False)
        return re.sub(r"<[^>]*>", "", html.replace("<wbr>", "|"))

    assert flat(first) == "x = il.|HuffmanCode.|from_distribution(|block_probs, base=|2)[|0]  # 1.5 == x\n"
    assert flat(second) == "    y = f(|a,|b)\n"
    (text_code,) = doc.xpath("//p/code")
    assert flat(text_code) == "il.|entropy(|p,|base=|2)"
    assert not doc.xpath("//table//wbr")


def _numbers_and_strings_block(doc):
    blocks = [p for p in doc.xpath("//div[contains(@class, 'cell_input')]//pre") if "tolerance" in p.text_content()]
    assert len(blocks) == 1, _missing("the code cell with numbers and strings")
    return blocks[0]


def test_numbers_with_a_negative_exponent_in_code_a_phone_wraps_stay_whole(raw_pages):
    doc = parse_page(raw_pages["chapter.html"])
    pre = _numbers_and_strings_block(doc)
    unwrap_plain_code_tokens(doc)  # as on the site: the changes before this one
    hang_code_lines(doc)
    before = doc.text_content()
    assert keep_code_numbers_whole(doc) == 3
    assert doc.text_content() == before
    # Pygments' number spans get the class; the number inside the string gets a span.
    assert [(s.get("class"), s.text) for s in pre.xpath(".//span[contains(@class, 'nobr')]")] == [
        ("mf nobr", "1e-9"), ("nobr", "1e-9"), ("mf nobr", "1e-9")]
    # Printed output that wraps and code in the text too; a block no phone wraps, and
    # numbers that no browser breaks inside (-0.5, 1e+10, 2.5e-03x is not a number), are left alone.
    doc = parse_page(
        "<html><body><article>"
        "<div class='tag_wrap-output'><div class='cell_output'><div class='highlight'><pre>"
        "the estimate is within 2.5e-03 of the exact value, -0.5 and 1e+10 and 2.5e-03x\n</pre></div></div></div>"
        "<div class='cell_input'><div class='highlight'><pre>x = 1e-9\n</pre></div></div>"
        "<p>Use <code class='literal'><span class='pre'>tol=1e-12</span></code>.</p></article></body></html>"
    )
    assert keep_code_numbers_whole(doc) == 2
    assert [s.text for s in doc.xpath("//span[@class='nobr']")] == ["2.5e-03", "1e-12"]
    assert keep_code_numbers_whole(parse_page(raw_pages["bibliography.html"])) == 0


def test_a_strings_closing_quote_stays_with_its_last_word_in_code_a_phone_wraps(raw_pages):
    doc = parse_page(raw_pages["chapter.html"])
    pre = _numbers_and_strings_block(doc)
    unwrap_plain_code_tokens(doc)
    hang_code_lines(doc)
    keep_code_numbers_whole(doc)
    before = doc.text_content()
    assert keep_closing_quotes_with_their_words(doc) == 2
    assert doc.text_content() == before
    kept = pre.xpath(".//span[@class='nobr']")
    assert [s.text for s in kept] == ["1e-9", '="', 'bits, "']
    assert all("s2" in s.getparent().get("class") for s in kept)
    # No place to wrap inside them: break_code_between_names puts no <wbr> there.
    break_code_between_names(doc)
    assert pre.xpath(".//wbr") and not pre.xpath(".//span[@class='nobr']//wbr")
    assert doc.text_content() == before
    # A string whose closing quote follows a letter needs nothing; a comment is not code.
    doc = parse_page(
        "<html><body><article><div class='cell_input'><div class='highlight'><pre>"
        "<span class='nb'>print</span>(<span class='s2'>\"a sentence long enough to wrap on a phone\"</span>)"
        "  <span class='c1'># it's a comment, \"quoted \"</span>\n</pre></div></div></article></body></html>"
    )
    assert keep_closing_quotes_with_their_words(doc) == 0


def test_short_sums_f_string_fields_and_a_lines_end_stay_whole_and_trailing_comments_are_marked():
    code = ('print(f"I(die shows 6) = {il.information(p_six, base=unit):.4f} {unit}")\n'
            'probs = np.array([1, 5 / 6, 1 / 2, 1 / 6, 1 / 52, 1 / 10, 1 / 100])\n'
            'x = il.information(p_six, base=unit) + il.entropy(p, base=unit)  # 1/2 ln(f) for both\n')
    markup = (code.replace("{", "<span class='si'>{</span>").replace("}", "<span class='si'>}</span>")
              .replace("# 1/2 ln(f) for both", "<span class='c1'># 1/2 ln(f) for both</span>"))
    doc = parse_page("<html><body><article><div class='cell_input'><div class='highlight'><pre>"
                     + markup + "</pre></div></div></article></body></html>")
    before = doc.text_content()
    # hang_code_lines calls keep_code_units_whole on each line it makes.
    assert hang_code_lines(doc) == 1
    assert doc.text_content() == before
    first, second, third = doc.xpath("//span[@class='cl']")
    kept = lambda line: [s.text_content() for s in line.xpath(".//span[@class='keep' or @class='nobr']")]  # noqa: E731
    # Both fields; the last field and the closing ")" make the line's last 8 characters.
    assert kept(first) == ["{il.information(p_six, base=unit):.4f}", '{unit}")']
    # A field that ends its string keeps its closing quote, also where the line's end is not kept.
    doc2 = parse_page("<html><body><article><div class='cell_input'><div class='highlight'><pre>"
                      "print(f\"a label long enough, and its value {w.sum()<span class='si'>}</span>\")  "
                      "<span class='c1'># a comment</span>\n</pre></div></div></article></body></html>"
                      .replace("{w", "<span class='si'>{</span>w"))
    hang_code_lines(doc2)
    assert kept(doc2.xpath("//span[@class='cl']")[0]) == ['{w.sum()}")']
    # Each sum of two numbers; the last one with the closing brackets after it.
    assert kept(second) == ["5 / 6", "1 / 2", "1 / 6", "1 / 52", "1 / 10", "1 / 100])"]
    # The comment is marked, and not cut by the sum inside it.
    (comment,) = third.xpath(".//span[contains(@class, 'c1')]")
    assert comment.text_content() == "# 1/2 ln(f) for both" and kept(comment) == ["1/2"]
    assert third.xpath(".//span[@class='c1 tc']")
    # A line that fits a phone's row keeps its end free; a whole-line comment is not marked.
    doc = parse_page("<html><body><article><div class='cell_input'><div class='highlight'><pre>"
                     "    <span class='c1'># a comment on its own line, long enough to wrap on a phone</span>\n"
                     "y = 1\n</pre></div></div></article></body></html>")
    hang_code_lines(doc)
    assert not doc.xpath("//span[contains(@class, 'tc')] | //span[@class='keep']")


def test_the_punctuation_after_an_inline_formula_is_kept_in_its_box(raw_pages):
    doc = parse_page(raw_pages["chapter.html"])
    before = doc.text_content()
    assert keep_punctuation_with_formulas(doc) >= 1
    assert doc.text_content() == before
    (gibbs,) = [s for s in doc.xpath("//span[contains(@class, 'math')]") if s.text_content().startswith(r"\(D(p")]
    assert gibbs.text_content().endswith(".") and not (gibbs.tail or "").startswith(".")
    doc = parse_page(
        "<html><body><article><p>so <span class='math notranslate nohighlight'><mjx-container>x</mjx-container>"
        "</span>, then (<span class='math'><mjx-container>y</mjx-container></span>). A <span class='math'>"
        "<mjx-container>z</mjx-container></span> here, and <span class='math'><mjx-container>w</mjx-container>"
        "</span>-th.</p></article></body></html>"
    )
    assert keep_punctuation_with_formulas(doc) == 2
    x, y, z, w = doc.xpath("//span[contains(@class, 'math')]")
    assert [x[-1].tail, y[-1].tail, z[-1].tail, w[-1].tail] == [",", ").", None, None]
    assert [x.tail, y.tail, z.tail, w.tail] == [" then (", " A ", " here, and ", "-th."]


def test_the_cut_icon_fonts_are_the_same_bytes_on_every_build(tmp_path):
    """The icon fonts keep the theme's timestamps: two builds a second apart
    embed the same fonts (a changed byte would change icons.css for nothing)."""
    pytest.importorskip("fontTools", reason="fontTools comes with the book extra (matplotlib)")
    import time

    import pydata_sphinx_theme

    webfonts = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "vendor" / "fontawesome"
    if not webfonts.is_dir():
        pytest.skip(f"pydata-sphinx-theme keeps no Font Awesome fonts in {webfonts}")
    (tmp_path / "theme.css").write_text('.admonition-title:after{content:"\\f05a"}', encoding="utf-8")
    first = site_tweaks._subset_icon_fonts(tmp_path, webfonts)
    time.sleep(1.1)  # a font's timestamps count seconds
    assert first and "base64," in first
    assert site_tweaks._subset_icon_fonts(tmp_path, webfonts) == first
