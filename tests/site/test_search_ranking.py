"""Searching for one of the course's main terms lists first the chapter that teaches it.

Sphinx alone ranks the glossary's entry above every chapter ("mutual
information") and chapters that only use a word alike ("KL": chapter 10
before chapter 5). ``_ext/search_scorer.js`` puts first the chapter that the
glossary names for the term, and the reference pages after the chapters.
Each query is typed into the built search page, as a reader would, and the
first result is checked; the table of terms and chapters comes from the
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


@pytest.mark.parametrize("query", list(TAUGHT))
def test_search_lists_the_chapter_that_teaches_the_term_first(base_url, context, site, query):
    page, log = open_page(context, f"{base_url}/search.html?q={quote(query)}")
    page.wait_for_function("() => document.querySelectorAll('#search-results ul.search > li').length > 0"
                           " && !document.querySelector('#search-progress')?.textContent.includes('Preparing')",
                           timeout=30_000)
    hrefs = page.evaluate(_RESULTS)
    assert hrefs, f"no results for {query!r}"
    assert hrefs[0].split("#")[0].removesuffix(".html") == TAUGHT[query], (query, hrefs[:5])
    assert not log.console_errors, log.console_errors


def test_the_glossary_names_the_chapter_of_each_main_term():
    table = search_ranking.taught_in((ROOT / "glossary.md").read_text(encoding="utf-8"))
    for query, doc in TAUGHT.items():
        if query != "KL":
            assert table[query.lower()] == [doc], (query, table.get(query.lower()))


def test_the_scorer_has_its_tables_filled_in_once():
    js = search_ranking.scorer_js((ROOT / "glossary.md").read_text(encoding="utf-8"))
    assert '"mutual information": ["chapters/06_mutual_information"]' in js
    assert '"glossary"' in js and "/* TAUGHT_IN */" not in js
