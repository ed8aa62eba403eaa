"""The whole book as a PDF (``make pdf``): complete, with its fonts embedded and no missing glyph.

Reads ``_build/html/information-theory-basics.pdf``. Each page of the table of
contents is an entry of the PDF's outline; a chapter's page count must lie in a
range derived from its words (at most 400 and at least 100 words a printed
page: the measured chapters have 180 to 245, between code, figures and
formulas), and every chapter's title must be in the text. Every sheet carries
its number at the foot; the book opens with a title page and then a table of
contents that gives the number each page of the book starts on; and the self-check questions are
printed with their choices and answers (each explanation's words, its
formulas typeset).
"""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest

from conftest import REQUIRED, ROOT, SITE

sys.path.insert(0, str(ROOT / "scripts"))
import book_pdf  # noqa: E402
import reading_time  # noqa: E402

PDF = SITE / book_pdf.PDF_NAME
WORDS_PER_PAGE = (100, 400)  # (fewest, most) words on a printed page


@pytest.fixture(scope="module")
def reader():
    if not PDF.exists():
        message = f"the book's PDF ({PDF}) is missing: make pdf"
        if REQUIRED:
            pytest.fail(message + "  [SITE_CHECKS_REQUIRED is set]", pytrace=False)
        pytest.skip(message)
    from pypdf import PdfReader

    return PdfReader(str(PDF))


@pytest.fixture(scope="module")
def page_texts(reader) -> list[str]:
    """Each sheet's text, extracted once for the module (pypdf takes about a
    tenth of a second a sheet)."""
    return [page.extract_text() or "" for page in reader.pages]


@pytest.fixture(scope="module")
def text(page_texts) -> str:
    return "\n".join(page_texts)


def _normal(s: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", s).split())


def _starts(reader) -> dict[str, int]:
    """Outline title -> first page index, for every page of the book."""
    return {item.title: reader.get_destination_page_number(item) for item in reader.outline}


def test_the_outline_lists_every_page_of_the_book_in_order(reader):
    starts = [n for title, n in _starts(reader).items() if title != book_pdf.CONTENTS_TITLE]
    assert len(starts) == len(book_pdf.toc_pages())
    assert starts == sorted(starts) and starts[0] > _starts(reader)[book_pdf.CONTENTS_TITLE]


def test_the_book_opens_with_its_title_page_and_then_its_contents(reader):
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    title_page = _normal(reader.pages[0].extract_text() or "")
    for part in (config["title"], config["author"], config["html"]["baseurl"], "CC BY 4.0", "MIT"):
        assert _normal(part) in title_page, f"the title page lacks {part!r}: {title_page!r}"
    assert len(title_page.split()) < 40, f"the first sheet is more than a title page: {title_page!r}"
    assert _starts(reader)[book_pdf.CONTENTS_TITLE] == 1, "the contents do not follow the title page"
    assert _normal(reader.pages[1].extract_text() or "").startswith(book_pdf.CONTENTS_TITLE)


def test_every_sheet_carries_its_number_at_the_foot(page_texts):
    texts = page_texts
    unnumbered = [i + 1 for i, text in enumerate(texts) if not re.search(rf"(?<![\d.,]){i + 1}\s*$", text.strip())]
    assert not unnumbered, f"{len(unnumbered)} of {len(texts)} sheets do not end with their number: {unnumbered[:10]}"


def test_the_contents_give_the_page_each_part_of_the_book_starts_on(reader, page_texts):
    starts = _starts(reader)
    assert book_pdf.CONTENTS_TITLE in starts, "the outline has no entry for the contents"
    first = starts[book_pdf.CONTENTS_TITLE]
    assert first == min(starts.values()), "the contents come before every page of the book"
    later = sorted(n for n in starts.values() if n > first)
    contents = _normal(" ".join(page_texts[first:later[0]]))
    assert contents.startswith(book_pdf.CONTENTS_TITLE)
    for title, n in starts.items():
        if title == book_pdf.CONTENTS_TITLE:
            continue
        # the title (its words, as the PDF's text has them), then its first sheet's number
        words = r"\s*".join(re.escape(w) for w in _normal(title).split())
        assert re.search(words + rf"\s*\.*\s*{n + 1}(?!\d)", contents), f"{title!r} on page {n + 1} is not in the contents"


def test_self_checks_are_printed_with_their_choices_and_answers(text):
    from infolib import selfcheck as sc

    flat = _normal(text).replace(" ", "")
    formula = re.compile(r"\$[^$]+\$")

    def words(value) -> list[str]:
        """The runs of words between a text's formulas, without spaces (the PDF's text spaces words its own way)."""
        return [_normal(part).replace(" ", "") for part in formula.split(sc.text(value)) if len(part.strip()) > 3]

    for chapter, questions in sc.QUESTIONS.items():
        for q in questions:
            for part in words(q.prompt):
                assert part in flat, (chapter, part)
            if isinstance(q, sc.Numeric):
                shown = f"{q.answer():.{q.decimals()}f}"
                assert f"Answer:{shown}" in flat, (chapter, shown)
                explained = [q.explanation]
            else:
                explained = [c.why for c in q.choices]
                for c in q.choices:
                    for part in words(c.text):
                        assert part in flat, (chapter, part)
            for why in explained:
                for part in words(why):
                    assert part in flat, (chapter, part)
    assert flat.count("Answers(a)") == sum(isinstance(q, sc.MultipleChoice) for qs in sc.QUESTIONS.values() for q in qs)


def test_each_chapter_has_as_many_pages_as_its_words_need(reader):
    starts = sorted(_starts(reader).items(), key=lambda kv: kv[1])
    ends = {title: (starts[i + 1][1] if i + 1 < len(starts) else len(reader.pages)) for i, (title, _) in enumerate(starts)}
    pages = dict(starts)
    fewest, most = WORDS_PER_PAGE
    for notebook in reading_time.chapters():
        title, core, optional = reading_time.word_counts(notebook)
        match = [t for t in pages if _normal(t).endswith(_normal(title))]
        assert len(match) == 1, f"{title!r} is not (once) in the PDF's outline: {list(pages)}"
        n = ends[match[0]] - pages[match[0]]
        words = core + optional
        assert words / most <= n <= words / fewest + 2, f"{title}: {n} pages for {words} words"


def test_every_font_is_embedded(reader):
    missing, seen = [], set()

    def descriptor(font):
        if font.get("/Subtype") == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        d = font.get("/FontDescriptor")
        return d.get_object() if d is not None else None

    def walk(resources):
        if resources is None:
            return
        resources = resources.get_object()
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            if id(font) in seen:
                continue
            seen.add(id(font))
            if font.get("/Subtype") == "/Type3":  # glyphs drawn by the PDF's own procedures
                continue
            d = descriptor(font)
            if d is None or not any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
        for ref in (resources.get("/XObject") or {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    assert seen, "no fonts found"
    assert not missing, f"fonts not embedded: {sorted(set(missing))}"


def test_no_glyph_is_missing_and_every_chapter_title_is_there(text):
    assert "\ufffd" not in text, "a character could not be mapped (U+FFFD in the text)"
    assert ".notdef" not in text
    flat = _normal(text)
    for notebook in reading_time.chapters():
        title = reading_time.word_counts(notebook)[0]
        assert _normal(title) in flat, f"chapter title {title!r} is not in the PDF's text"


def test_solutions_are_printed_and_explorables_are_tables(text):
    flat = _normal(text)
    assert len(re.findall(r"Solution to Exercise \d+\.\d+", flat)) >= 40
    assert "the website's version has sliders" in flat


def test_every_folded_proof_is_printed(text):
    """The website folds proofs (closed <details>); the PDF opens them: the words that open
    each proof's first paragraph, up to its first formula, are in the PDF's text."""
    import lxml.html

    pdf = _normal(text)
    openings = []
    for page in sorted((SITE / "chapters").glob("*.html")):
        doc = lxml.html.parse(str(page)).getroot()
        for proof in doc.xpath("//details[contains(concat(' ', @class, ' '), ' proof ')]"):
            first = proof.xpath("./p")
            words = _normal(first[0].text or "").split() if first else []
            if len(words) >= 4:
                openings.append((page.name, " ".join(words[:4])))
    assert len(openings) >= 10, openings
    missing = [o for o in openings if o[1] not in pdf]
    assert not missing, f"{len(missing)} of {len(openings)} proofs are not in the PDF: {missing[:5]}"
