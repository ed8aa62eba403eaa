/* The course's search ranking (Sphinx's html_search_scorer; the build puts the
 * glossary's terms in TAUGHT_IN, see _ext/search_ranking.py).
 *
 * Sphinx scores a result by where the query matched: an index entry (up to 100),
 * a title (up to 15), a word in a page (5). The glossary's index entries therefore
 * outrank the chapter that teaches a term, and chapters that merely use a word tie.
 * Three rules on top of Sphinx's scores:
 *  - the chapter the glossary names for a term ("See chapter ...") comes first
 *    when the query is that term, or, if no term is exactly the query, a term
 *    that has every word of the query ("KL" -> "KL divergence");
 *  - that term's glossary entry (its definition in a few lines) comes next;
 *  - the other reference pages (glossary, index, API, notation, bibliography,
 *    notes on the sources) come after the chapters.
 * Queries and terms are compared by their words, lowercase: a hyphen or any
 * other character that is not a letter or a digit reads as a space, so
 * "cross entropy" is the term "cross-entropy" (search_ranking.search_key
 * writes the terms' keys the same way).
 */
var Scorer = {
  score: (result) => {
    const [docname, , anchor, , score] = result;
    const terms = Scorer.terms(Scorer.query());
    if (docname === "glossary" && anchor.startsWith("#term-")
        && terms.includes(Scorer.key(decodeURIComponent(anchor.slice("#term-".length))))) {
      return score + Scorer.entryBonus;
    }
    if (Scorer.reference.includes(docname)) return score - Scorer.referencePenalty;
    if (terms.some((term) => Scorer.TAUGHT_IN[term].includes(docname))) return score + Scorer.teachingBonus;
    return score;
  },
  key: (text) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(" "),
  query: () => Scorer.key(new URLSearchParams(window.location.search).get("q") || ""),
  // The glossary terms the query names: the term it is, else every term that has all its words.
  terms: (query) => {
    if (!query) return [];
    if (Scorer.TAUGHT_IN[query]) return [query];
    const words = query.split(" ");
    return Object.keys(Scorer.TAUGHT_IN).filter((term) => words.every((w) => term.split(" ").includes(w)));
  },
  TAUGHT_IN: /* TAUGHT_IN */ {},
  reference: /* REFERENCE */ [],
  // Sphinx's scores stay below 200 (an index entry at most 100), so the three
  // groups never mix: teaching chapter, then its glossary entry, then the rest.
  teachingBonus: 1000,
  entryBonus: 500,
  referencePenalty: 1000,

  // Sphinx's own weights (sphinx/themes/basic/static/searchtools.js), unchanged.
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};

// A result's snippet is taken from the page's article: Sphinx reads the text of
// [role="main"], which in this theme also holds the header's buttons ("Print
// this page", "not built yet"), the page's contents and the previous/next links.
(() => {
  if (typeof Search === "undefined" || !Search.htmlToText) return;
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    const main = doc.querySelector('[role="main"]');
    const article = doc.querySelector("article.bd-article");
    if (main && article && main !== article) main.replaceChildren(article);
    return htmlToText(doc.documentElement.outerHTML, anchor);
  };
})();
