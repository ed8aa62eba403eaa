/* The course's search ranking (Sphinx's html_search_scorer; the build puts the
 * glossary's terms in TAUGHT_IN, see _ext/search_ranking.py).
 *
 * Sphinx scores a result by where the query matched: an index entry (up to 100),
 * a title (up to 15), a word in a page (5). The glossary's index entries therefore
 * outrank the chapter that teaches a term, and chapters that merely use a word tie.
 * Two rules on top of Sphinx's scores:
 *  - the chapter the glossary names for a term ("See chapter ...") comes first
 *    when the query is that term, or, if no term is exactly the query, a term
 *    that has every word of the query ("KL" -> "KL divergence");
 *  - the reference pages (glossary, index, API, notation, bibliography, notes
 *    on the sources) come after the chapters.
 */
var Scorer = {
  score: (result) => {
    const [docname, , , , score] = result;
    if (Scorer.reference.includes(docname)) return score - Scorer.referencePenalty;
    if (Scorer.taughtIn(Scorer.query()).includes(docname)) return score + Scorer.teachingBonus;
    return score;
  },
  query: () =>
    (new URLSearchParams(window.location.search).get("q") || "").toLowerCase().split(/\s+/).filter(Boolean).join(" "),
  taughtIn: (query) => {
    if (!query) return [];
    if (Scorer.TAUGHT_IN[query]) return Scorer.TAUGHT_IN[query];
    const words = query.split(" ");
    const docs = new Set();
    for (const [term, where] of Object.entries(Scorer.TAUGHT_IN)) {
      const termWords = term.split(" ");
      if (words.every((w) => termWords.includes(w))) where.forEach((d) => docs.add(d));
    }
    return [...docs];
  },
  TAUGHT_IN: /* TAUGHT_IN */ {},
  reference: /* REFERENCE */ [],
  teachingBonus: 1000,
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
