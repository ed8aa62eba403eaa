"""Searching for one of the course's main terms lists first the chapter that teaches it.

Sphinx alone ranks the glossary's entry above every chapter ("mutual
information") and chapters that only use a word alike ("KL": chapter 10
before chapter 5). ``_ext/search_scorer.js`` puts first the chapter that the
glossary names for the term, then the term's glossary entry (its definition
in a few lines), and the other reference pages after the chapters. A hyphen
reads as a space ("cross entropy" finds cross-entropy's chapter first).
Each query is typed into the built search page, as a reader would, and the
results are checked; the table of terms and chapters comes from the
glossary when the book is built (``_ext/search_ranking.py``), checked here too.
"""

from __future__ import annotations

import sys
from urllib.parse import quote

import pytest

from conftest import ROOT
from pagecheck import open_page

sys.path.insert(0, str(ROOT / "_ext"))
import search_ranking  # noqa: E402

# Each query and the chapter that defines the term (its {prf:definition}).
TAUGHT = {
    "entropy": "chapters/03_entropy",
    "cross-entropy": "chapters/04_cross_entropy",
    "cross entropy": "chapters/04_cross_entropy",
    "KL divergence": "chapters/05_kl_divergence",
    "KL": "chapters/05_kl_divergence",
    "Kullback-Leibler divergence": "chapters/05_kl_divergence",
    "mutual information": "chapters/06_mutual_information",
    "channel capacity": "chapters/07_noisy_channels",
    "differential entropy": "chapters/08_continuous",
    "perplexity": "chapters/09_machine_learning",
    "ELBO": "chapters/10_variational_contrastive",
    "InfoNCE": "chapters/10_variational_contrastive",
}

_RESULTS = "() => [...document.querySelectorAll('#search-results ul.search > li > a')].map((a) => a.getAttribute('href'))"


def _search(context, base_url, query):
    """The result links of the search page for ``query``, once every result is listed, and the page's log."""
    page, log = open_page(context, f"{base_url}/search.html?q={quote(query)}")
    page.wait_for_function("() => /found/.test(document.querySelector('#search-results p.search-summary')?.textContent"
                           " || '')", timeout=30_000)
    hrefs = page.evaluate(_RESULTS)
    page.close()
    return hrefs, log


@pytest.mark.parametrize("query", list(TAUGHT))
def test_search_lists_the_chapter_that_teaches_the_term_first(base_url, context, site, query):
    hrefs, log = _search(context, base_url, query)
    assert hrefs, f"no results for {query!r}"
    assert hrefs[0].split("#")[0].removesuffix(".html") == TAUGHT[query], (query, hrefs[:5])
    assert not log.console_errors, log.console_errors


@pytest.mark.parametrize("query", ["KL divergence", "entropy"])
def test_result_snippets_quote_the_article_not_the_pages_buttons_or_contents(base_url, context, site, query):
    page, log = open_page(context, f"{base_url}/search.html?q={quote(query)}")
    page.wait_for_function("() => /found/.test(document.querySelector('#search-results p.search-summary')?.textContent"
                           " || '')", timeout=30_000)
    page.wait_for_function("() => document.querySelectorAll('#search-results ul.search > li > p.context').length >= 3",
                           timeout=30_000)
    snippets = page.evaluate("() => [...document.querySelectorAll('#search-results ul.search > li > p.context')]"
                             ".map((p) => p.textContent)")
    page.close()
    chrome = ["not built yet", "Print this page", "Launch interactive content", "Contents", "Previous", "Next"]
    leaks = [(s[:80], c) for s in snippets for c in chrome if c in s]
    assert not leaks, f"snippets quote the page's header or sidebar: {leaks}"
    assert not log.console_errors, log.console_errors


# Queries spelled as a glossary term: Sphinx finds the term's entry (glossary.html#term-...).
GLOSSARY_SPELLED = [q for q in TAUGHT if q not in ("KL", "cross entropy")]


@pytest.mark.parametrize("query", GLOSSARY_SPELLED)
def test_the_terms_glossary_entry_comes_right_after_the_chapter_that_teaches_it(base_url, context, site, query):
    hrefs, _ = _search(context, base_url, query)
    pages = [h.split("#")[0].removesuffix(".html") for h in hrefs]
    after = next(i for i, doc in enumerate(pages) if doc != TAUGHT[query])
    entry = hrefs[after]
    assert entry.startswith("glossary.html#term-"), (query, hrefs[: after + 3])
    assert search_ranking.search_key(entry.removeprefix("glossary.html#term-")) == search_ranking.search_key(query)


def test_a_hyphen_or_an_apostrophe_reads_as_a_space_and_case_does_not_matter():
    key = search_ranking.search_key
    assert key("Cross-Entropy") == key("cross  entropy") == "cross entropy"
    assert key("Kullback-Leibler divergence") == "kullback leibler divergence"
    assert key("Pinsker's inequality") == key("Pinsker-s-inequality") == "pinsker s inequality"
    table = search_ranking.taught_in((ROOT / "glossary.md").read_text(encoding="utf-8"))
    assert table["cross entropy"] == ["chapters/04_cross_entropy"]
    # an entry that links the defining section names its chapter after it
    entry = "```{glossary}\nperplexity\n  Hard to predict.\n  See {ref}`ch9-sec-bpc` in {doc}`chapters/09_machine_learning`.\n```\n"
    assert search_ranking.taught_in(entry) == {"perplexity": ["chapters/09_machine_learning"]}
    assert all(term == key(term) for term in table), [t for t in table if t != key(t)]


def test_the_glossary_names_the_chapter_of_each_main_term():
    table = search_ranking.taught_in((ROOT / "glossary.md").read_text(encoding="utf-8"))
    for query, doc in TAUGHT.items():
        if query != "KL":
            key = search_ranking.search_key(query)
            assert table[key] == [doc], (query, table.get(key))


def test_the_scorer_has_its_tables_filled_in_once():
    js = search_ranking.scorer_js((ROOT / "glossary.md").read_text(encoding="utf-8"))
    assert '"mutual information": ["chapters/06_mutual_information"]' in js
    assert '"glossary"' in js and "/* TAUGHT_IN */" not in js
