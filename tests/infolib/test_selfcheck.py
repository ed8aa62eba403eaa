"""infolib.selfcheck: every chapter has two to four questions, their answers
are the values independent references give, and the forms are accessible."""

from __future__ import annotations

import dataclasses

import json
import math
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import mpmath
import pytest

from infolib import selfcheck as sc

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted(p.with_suffix("").relative_to(ROOT).as_posix() for p in (ROOT / "chapters").glob("*.ipynb"))

mpmath.mp.dps = 40
log2 = lambda x: mpmath.log(x, 2)  # noqa: E731

# Independent references (mpmath at 40 digits, closed forms), one per numeric question, in order.
REFERENCES = {
    "chapters/01_information_content": [log2(13), mpmath.exp(-3)],
    "chapters/02_fair_dice": [log2(3), log2(6)],
    "chapters/03_entropy": [mpmath.mpf(7) / 4, -(mpmath.mpf("0.11") * log2(mpmath.mpf("0.11")) + mpmath.mpf("0.89") * log2(mpmath.mpf("0.89")))],
    "chapters/04_cross_entropy": [(log2(4) + log2(mpmath.mpf(4) / 3)) / 2, -mpmath.log(mpmath.mpf("0.2"))],
    "chapters/05_kl_divergence": [(log2(2) + log2(mpmath.mpf(2) / 3)) / 2],
    "chapters/06_mutual_information": [
        1 + mpmath.mpf("0.2") * log2(mpmath.mpf("0.2")) + mpmath.mpf("0.8") * log2(mpmath.mpf("0.8"))],
    "chapters/07_noisy_channels": [
        1 + mpmath.mpf("0.1") * log2(mpmath.mpf("0.1")) + mpmath.mpf("0.9") * log2(mpmath.mpf("0.9")), mpmath.mpf("0.75")],
    "chapters/08_continuous": [mpmath.mpf(-1), log2(2 * mpmath.pi * mpmath.e * 4) / 2],
    "chapters/09_machine_learning": [mpmath.power(2, mpmath.mpf(9) / 4), mpmath.log(1 + mpmath.exp(-2))],
    "chapters/10_variational_contrastive": [mpmath.mpf(1) / 2, mpmath.log(256)],
}


mpf = mpmath.mpf
LN2 = mpmath.log(2)


def _kl(p, q):
    return sum(mpf(a) * log2(mpf(a) / mpf(b)) for a, b in zip(p, q))


def _h(p):
    return -sum(mpf(a) * log2(mpf(a)) for a in p)


# The typical mistakes' values, recomputed the way each mistake goes (mpmath at 40 digits),
# one list per numeric question, in order; an answer in the other unit is the reference times
# or over ln 2, in base 10 times log10(2).
_ANSWER = {chapter: [float(r) for r in refs] for chapter, refs in REFERENCES.items()}
MISTAKE_REFERENCES = {
    "chapters/01_information_content": [
        [log2(52), log2(13) * LN2, log2(13) * mpmath.log10(2)],  # the whole message; nats; base 10
        [mpf(2) ** -3, mpmath.exp(3), mpf(10) ** -3]],  # 3 nats read as bits; the sign dropped; base 10
    "chapters/02_fair_dice": [
        [log2(6), log2(3) * LN2, -log2(3)],  # one face; nats; no minus sign
        [mpf(2), log2(6) * LN2, mpmath.log10(6)]],  # 1 + 1 bits; nats; base 10
    "chapters/03_entropy": [
        [mpf(1 + 2 + 3 + 3) / 4, log2(4), mpf(7) / 4 * LN2],  # unweighted mean; uniform; nats
        [-log2(mpf("0.11")), REFERENCES["chapters/03_entropy"][1] * LN2,
         REFERENCES["chapters/03_entropy"][1] * mpmath.log10(2)]],  # heads alone; nats; base 10
    "chapters/04_cross_entropy": [
        [mpf(1), _kl([0.5, 0.5], [0.25, 0.75]), (log2(4) + log2(mpf(4) / 3)) / 2 * LN2],  # swapped; KL only; nats
        [-mpmath.log(mpf("0.8")), -log2(mpf("0.2")), mpmath.log(mpf("0.2"))]],  # other class; bits; no minus
    "chapters/05_kl_divergence": [
        [_kl([0.25, 0.75], [0.5, 0.5]), (log2(4) + log2(mpf(4) / 3)) / 2,
         _kl([0.5, 0.5], [0.25, 0.75]) * LN2]],  # swapped; the cross-entropy; nats
    "chapters/06_mutual_information": [
        [_h([0.8, 0.2]), 1 + _h([0.8, 0.2]), (1 - _h([0.8, 0.2])) * LN2]],  # H(X | Y); H(X, Y); nats
    "chapters/07_noisy_channels": [
        [_h([0.1, 0.9]), mpf("0.9"), (1 - _h([0.1, 0.9])) * LN2],  # H_b(f); an erasure channel; nats
        [1 - _h([0.25, 0.75]), mpf("0.25"), mpf("0.75") * LN2]],  # a symmetric channel; alpha; nats
    "chapters/08_continuous": [
        [mpf(1), -LN2, -mpmath.log10(2)],  # the sign; nats; base 10
        [log2(2 * mpmath.pi * mpmath.e * 2) / 2, log2(2 * mpmath.pi * mpmath.e * 4),
         mpmath.log(2 * mpmath.pi * mpmath.e * 4) / 2]],  # sigma for sigma^2; no 1/2; nats
    "chapters/09_machine_learning": [
        [mpf(9) / 4, mpf(2) ** 9, mpmath.exp(mpf(9) / 4)],  # no exponential; the whole text; e for 2
        [mpmath.log(1 + mpmath.exp(2)), mpmath.log(1 + mpmath.exp(-2)) / LN2,
         -mpmath.log(1 + mpmath.exp(-2))]],  # the label 0; bits; no minus
    "chapters/10_variational_contrastive": [
        [mpf(1), mpf(0), mpf(1) / 2 / LN2],  # no 1/2; no mean; bits
        [mpf(256), log2(256), mpmath.log10(256)]],  # N itself; bits; base 10
}


def _numeric():
    for chapter, questions in sc.QUESTIONS.items():
        for q in questions:
            if isinstance(q, sc.Numeric):
                yield chapter, q


def test_every_chapter_has_two_to_four_questions_with_at_least_one_of_each_kind():
    assert sorted(sc.QUESTIONS) == CHAPTERS
    for chapter, questions in sc.QUESTIONS.items():
        assert 2 <= len(questions) <= 4, chapter
        kinds = {type(q) for q in questions}
        assert kinds == {sc.Numeric, sc.MultipleChoice}, chapter


@pytest.mark.parametrize("chapter", sorted(REFERENCES))
def test_numeric_answers_equal_independent_references(chapter):
    numeric = [q for q in sc.QUESTIONS[chapter] if isinstance(q, sc.Numeric)]
    assert len(numeric) == len(REFERENCES[chapter])
    for q, ref in zip(numeric, REFERENCES[chapter]):
        assert q.answer() == pytest.approx(float(ref), rel=1e-12, abs=1e-15), sc.text(q.prompt)


def test_every_numeric_question_has_typical_mistakes_each_with_a_hint():
    for chapter, q in _numeric():
        assert len(q.mistakes) >= 1, (chapter, sc.text(q.prompt))
        for m in q.mistakes:
            assert len(sc.text(m.hint).split()) >= 8, (chapter, sc.text(m.hint))


@pytest.mark.parametrize("chapter", sorted(MISTAKE_REFERENCES))
def test_mistake_values_equal_independent_references(chapter):
    numeric = [q for q in sc.QUESTIONS[chapter] if isinstance(q, sc.Numeric)]
    assert len(numeric) == len(MISTAKE_REFERENCES[chapter])
    for q, refs in zip(numeric, MISTAKE_REFERENCES[chapter]):
        got = [m.value() for m in q.mistakes]
        assert got == pytest.approx([float(r) for r in refs], rel=1e-12, abs=1e-15), sc.text(q.prompt)
        assert q.mistake_values() == got


def test_no_number_is_within_the_tolerance_of_two_of_the_answer_and_its_mistakes():
    """So a hint can always be shown (no mistake inside the answer's tolerance) and is never ambiguous."""
    for chapter, q in _numeric():
        values = [q.answer()] + [m.value() for m in q.mistakes]
        for i, a in enumerate(values):
            for b in values[i + 1:]:
                assert abs(a - b) > 2 * q.tolerance, (chapter, sc.text(q.prompt), a, b)


def test_a_hint_does_not_give_the_answer_away():
    for chapter, q in _numeric():
        shown = f"{q.answer():.{q.decimals()}f}"
        for m in q.mistakes:
            assert shown not in sc.text(m.hint), (chapter, shown, sc.text(m.hint))


def test_a_hint_about_the_unit_names_the_questions_unit():
    for chapter, q in _numeric():
        for m in q.mistakes:
            asked = re.search(r"The question asks for (bits|nats)", sc.text(m.hint))
            if asked:
                assert q.unit.split()[0] == asked.group(1), (chapter, q.unit, sc.text(m.hint))


def _question(mistakes):
    return sc.Numeric("What is ln 2?", lambda: math.log(2), 0.01, "", "It is ln 2.", mistakes)


def test_a_numeric_question_needs_a_mistake_with_a_hint():
    with pytest.raises(ValueError, match="needs at least one typical mistake"):
        _question(())
    with pytest.raises(ValueError, match="every mistake needs its hint"):
        _question((sc.Mistake(lambda: 1.0, " "),))


def test_a_mistake_a_reader_could_not_tell_from_the_answer_or_another_is_an_error():
    near_answer = _question((sc.Mistake(lambda: math.log(2) + 0.015, "That is a little more than the answer."),))
    with pytest.raises(ValueError, match=r"within twice the tolerance 0.01 of the answer \(0.693"):
        near_answer.mistake_values()
    near_other = _question((sc.Mistake(lambda: 1.0, "That is log2(2)."), sc.Mistake(lambda: 1.01, "Also one.")))
    with pytest.raises(ValueError, match=r"'Also one.' gives 1.01, within twice the tolerance 0.01 of another mistake"):
        near_other.mistake_values()
    with pytest.raises(ValueError, match="the value of the mistake 'inf' must be a finite number; got inf"):
        _question((sc.Mistake(lambda: math.inf, "inf"),)).mistake_values()


def test_tolerance_is_finer_than_the_answers_and_the_shown_decimals_resolve_it():
    for questions in sc.QUESTIONS.values():
        for q in questions:
            if isinstance(q, sc.Numeric):
                assert 0 < q.tolerance < max(abs(q.answer()), 1) / 10, sc.text(q.prompt)
                assert 10.0 ** -q.decimals() <= q.tolerance


def test_every_multiple_choice_has_one_right_choice_and_explains_every_choice():
    for questions in sc.QUESTIONS.values():
        for q in questions:
            if isinstance(q, sc.MultipleChoice):
                assert sum(c.correct for c in q.choices) == 1
                for c in q.choices:
                    why = sc.text(c.why)
                    assert why.startswith("Right" if c.correct else "No"), why
                    assert len(why.split()) >= 8, why


def test_a_multiple_choice_question_needs_exactly_one_right_choice():
    with pytest.raises(ValueError, match="exactly one correct; got 3 with 0 correct"):
        sc.MultipleChoice("?", (sc.Choice("a", "no"), sc.Choice("b", "no"), sc.Choice("c", "no")))


def test_numbers_quoted_in_the_texts_are_computed():
    """Texts that quote a value get it from infolib: spot-check two against closed forms."""
    ch2 = sc.QUESTIONS["chapters/02_fair_dice"][2]
    assert f"{math.log2(10):.2f} bits" in sc.text(ch2.choices[0].why)
    ch8 = sc.QUESTIONS["chapters/08_continuous"][2]
    assert f"{0.5 * math.log2(2 * math.pi * math.e / 12):.2f} bits less" in sc.text(ch8.choices[1].why)


def _all_texts():
    for chapter, questions in sc.QUESTIONS.items():
        for q in questions:
            yield chapter, q.prompt
            if isinstance(q, sc.Numeric):
                yield chapter, q.explanation
                for m in q.mistakes:
                    yield chapter, m.hint
            else:
                for c in q.choices:
                    yield chapter, c.text
                    yield chapter, c.why


# What mathematics written as plain text looks like: TeX outside a formula, or ASCII stand-ins
# for what a formula or Unicode (log\u2082, \u03c3, \u2264, \u2016) writes properly.
_PLAIN_MATH = re.compile(r"[_^\\|{}]|\blog2\b|\bsigma\b|\balpha\b|\beps\b|\bpi\b|<=|>=|->|!=")


def test_texts_write_their_mathematics_as_formulas_or_in_unicode():
    for chapter, value in _all_texts():
        s = sc.text(value)
        assert s.count("$") % 2 == 0, (chapter, s)
        outside = re.sub(r"\$[^$]+\$", " ", s)
        assert not _PLAIN_MATH.search(outside), (chapter, _PLAIN_MATH.search(outside).group(0), s)


# A difference of two symbols written in Unicode outside a formula: "ln N \u2212 L".
_UNICODE_MINUS = re.compile(r"(?<=\w) \u2212 (?=\w)")
_ASCII_MINUS = re.compile(r"(?<=[A-Za-z]) - (?=[A-Za-z])")


def test_a_question_writes_a_difference_of_symbols_with_one_minus_sign():
    """Where a question's texts write a difference in Unicode (ln N \u2212 L),
    none of them writes it with a hyphen (ln N - L)."""
    checked = 0
    for chapter, questions in sc.QUESTIONS.items():
        for q in questions:
            texts = [q.prompt, *((q.explanation, *(m.hint for m in q.mistakes)) if isinstance(q, sc.Numeric)
                                 else (t for c in q.choices for t in (c.text, c.why)))]
            outside = [re.sub(r"\$[^$]+\$", " ", sc.text(t)) for t in texts]
            if any(_UNICODE_MINUS.search(t) for t in outside):
                hyphens = [t for t in outside if _ASCII_MINUS.search(t)]
                assert not hyphens, (chapter, hyphens)
                checked += 1
    assert checked, "no question writes a difference in Unicode: the check checks nothing"


def test_formulas_are_handed_to_the_math_writer_and_the_rest_is_escaped():
    seen = []

    def math(tex):
        seen.append(tex)
        return "<m/>"

    assert sc.rich_html("a < b, $x^2 < y$ and $D(p \\,\\|\\, q)$", math) == "a &lt; b, <m/> and <m/>"
    assert seen == ["x^2 < y", "D(p \\,\\|\\, q)"]
    assert sc.rich_html("$H$", sc.tex_span) == '<span class="math notranslate nohighlight">\\(H\\)</span>'


def test_a_formula_without_its_closing_dollar_is_an_error():
    with pytest.raises(ValueError, match=r"a formula in 'costs \$5' has no closing \$ \(found 1 \$ signs\)"):
        sc.rich_html("costs $5")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_formula_of_a_chapter_reaches_the_math_writer(chapter):
    seen = []
    sc.chapter_html(chapter, math=lambda tex: seen.append(tex) or "")
    want = [f for ch, value in _all_texts() if ch == chapter for f in re.findall(r"\$([^$]+)\$", sc.text(value))]
    assert sorted(seen) == sorted(want)


def test_each_choice_explains_itself_in_a_hidden_element_the_script_copies():
    chapter = "chapters/05_kl_divergence"
    markup = sc.chapter_html(chapter)
    number, q = next((n, q) for n, q in enumerate(sc.QUESTIONS[chapter], start=1) if isinstance(q, sc.MultipleChoice))
    order = sc.shown_order(q, sc.question_id(chapter, number))
    form = markup.split("<form")[number]
    whys = re.search(r'<div class="itsc-why" hidden>\n(.*?)</div>', form, re.S).group(1)
    assert re.findall(r'<p data-why="(\d+)">', whys) == [str(i) for i in order]
    assert re.findall(r'<input type="radio" name="[^"]+" value="(\d+)"', form) == [str(i) for i in order]
    assert "data-why=" not in form.split('<div class="itsc-why"')[0], "no explanation in an attribute"


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.elements, self.ids, self.label_for = [], [], [], [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs, [t for t, _ in self.stack]))
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and "for" in attrs:
            self.label_for.add(attrs["for"])
        if tag != "input":
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_forms_are_well_formed_labelled_and_announce_feedback(chapter):
    markup = sc.chapter_html(chapter)
    tree = _Forms()
    tree.feed(markup)
    tree.close()
    assert not tree.errors and not tree.stack, tree.errors
    assert len(tree.ids) == len(set(tree.ids))
    forms = [a for t, a, _ in tree.elements if t == "form"]
    assert len(forms) == len(sc.QUESTIONS[chapter])
    for tag, attrs, parents in tree.elements:
        if tag == "input" and attrs["type"] == "text":
            assert attrs["id"] in tree.label_for, "a text box without a label"
        if tag == "input" and attrs["type"] == "radio":
            assert "label" in parents and "fieldset" in parents
    live = [a for t, a, _ in tree.elements if a.get("aria-live")]
    assert [a["aria-live"] for a in live] == ["polite"] * len(forms)
    assert markup.count("<legend") == sum(isinstance(q, sc.MultipleChoice) for q in sc.QUESTIONS[chapter])


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_numeric_form_holds_each_mistakes_value_and_hint_hidden_for_the_script(chapter):
    markup = sc.chapter_html(chapter, math=lambda tex: f"<m>{tex}</m>")
    forms = markup.split("<form")[1:]
    for q, form in zip(sc.QUESTIONS[chapter], forms):
        if not isinstance(q, sc.Numeric):
            assert "data-mistake" not in form
            continue
        hints = re.search(r'<div class="itsc-hints" hidden>\n(.*?)</div>', form, re.S).group(1)
        found = re.findall(r'<p data-mistake="([^"]+)">(.*?)</p>', hints)
        assert [float(v) for v, _ in found] == [m.value() for m in q.mistakes]
        assert [h for _, h in found] == [sc.rich_html(m.hint, lambda tex: f"<m>{tex}</m>") for m in q.mistakes]


def test_numeric_form_carries_infolibs_answer_and_tolerance():
    q = sc.QUESTIONS["chapters/07_noisy_channels"][0]
    markup = sc.chapter_html("chapters/07_noisy_channels")
    m = re.search(r'data-answer="([^"]+)" data-tol="([^"]+)"', markup)
    assert float(m.group(1)) == q.answer() and float(m.group(2)) == q.tolerance


def test_chapters_without_questions_get_no_markup():
    assert sc.chapter_html("intro") == ""


def test_runtime_is_small_and_has_no_dependencies():
    files = sc.runtime_files()
    assert sum(len(t.encode()) for t in files.values()) < 5_000
    assert "import" not in files["selfcheck.js"] and "require(" not in files["selfcheck.js"]


def test_the_right_choice_is_not_always_in_the_same_place():
    positions = []
    for chapter, questions in sc.QUESTIONS.items():
        for i, q in enumerate(questions, start=1):
            if isinstance(q, sc.MultipleChoice):
                qid = sc.question_id(chapter, i)
                order = sc.shown_order(q, qid)
                assert sorted(order) == list(range(len(q.choices))), "every choice is shown once"
                assert order == sc.shown_order(q, qid), "the same order on every build"
                positions.append(next(k for k, j in enumerate(order) if q.choices[j].correct))
    assert len(positions) >= 9
    assert len(set(positions)) >= 2, f"the right choice is always shown at {positions[0]}"
    assert positions.count(0) <= len(positions) * 2 // 3, positions


# ---- what the page's script accepts as a numeric answer (selfcheck.js as served, run in Node) ----

_READ_IN_NODE = (
    "global.module = {exports: null};"
    "require('vm').runInThisContext(require('fs').readFileSync(process.argv[1], 'utf8'));"
    "const read = global.module.exports;"
    "console.log(JSON.stringify(JSON.parse(process.argv[2]).map(([t, unit, pct]) => read(t, unit, pct))));"
)


def _read_with_units(answers: list[tuple]) -> list[dict]:
    """What the served selfcheck.js makes of each (typed text, question's unit[, whether it takes a percentage]):
    {"v": value} or {"msg": why not}."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (the book's math prerendering needs it too)")
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "selfcheck.js"
        script.write_text(sc.runtime_files()["selfcheck.js"], encoding="utf-8")
        done = subprocess.run([node, "-e", _READ_IN_NODE, str(script), json.dumps(answers)],
                              capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def _read_by_the_page(texts: list[str], unit: str = "", percent: bool = True) -> list[float | None]:
    """What selfcheck.js reads each text as, on a question in ``unit`` (taking percentages if ``percent``),
    or None where it reads no number."""
    return [r.get("v") for r in _read_with_units([(t, unit, percent) for t in texts])]


def _h_b(f):
    f = mpmath.mpf(f)
    return -f * mpmath.log(f, 2) - (1 - f) * mpmath.log(1 - f, 2)


ACCEPTED = {
    "0.25": 0.25, " 0,25 ": 0.25, ".5": 0.5, "-1.5": -1.5, "\u22120.5": -0.5, "1.5e-3": 1.5e-3, "2E3": 2000.0,
    "3/4": 0.75, "-3/4": -0.75, "1/3": mpmath.mpf(1) / 3, "(1 + 2) / (3 - 1)": 1.5, "3 \u00d7 4": 12.0,
    "log2(3)": mpmath.log(3, 2), "LOG2(3)": mpmath.log(3, 2), "ln(2)": mpmath.log(2), "log10(1000)": 3.0,
    "exp(-3)": mpmath.exp(-3), "e^-3": mpmath.exp(-3), "sqrt(2)/2": mpmath.sqrt(2) / 2, "pi/4": mpmath.pi / 4,
    "2^-1": 0.5, "2**3": 8.0, "-2^2": -4.0, "2^3^2": 512.0, "2^(9/4)": mpmath.power(2, mpmath.mpf(9) / 4),
    "1 - (0.1*log2(1/0.1) + 0.9*log2(1/0.9))": 1 - _h_b("0.1"),
    # log without a base, where the base cancels; a percentage, on a question that takes one
    "log(13)/log(2)": mpmath.log(13, 2), "1 - log(3)/log(4)": 1 - mpmath.log(3, 4), "5%": 0.05, "12.5 %": 0.125,
}
REJECTED = [
    "", "abc", "alert(1)", "constructor", "__proto__", "toString", "valueOf(1)", "this", "window.name",
    "1/0", "0/0", "1e400", "sqrt(-1)", "log(3)", "log2 3", "2 3", "(1", "1)", "3/", "0x10", "1" + "+1" * 60,
    "3 bits", "2 nats", "%",
]


def test_the_page_reads_numbers_fractions_and_expressions_to_their_values():
    read = _read_by_the_page(list(ACCEPTED))
    for (typed, want), got in zip(ACCEPTED.items(), read):
        assert got is not None and math.isclose(got, float(want), rel_tol=1e-12), (typed, got, float(want))


def test_the_page_reads_no_number_from_code_names_or_malformed_input():
    read = _read_by_the_page(REJECTED)
    assert dict(zip(REJECTED, read)) == dict.fromkeys(REJECTED), "these must read as no number"


def test_the_page_reads_the_questions_unit_after_an_answer():
    answers = [("3.70 bits", "bits"), ("3.70 bit", "bits"), ("log(13)/log(2) bits", "bits"), ("0.5 nats", "nats"),
               ("ln(2) nats", "nats"), ("0.53 bits", "bits per use"), ("0.53 bits per use", "bits per use")]
    want = [3.7, 3.7, mpmath.log(13, 2), 0.5, mpmath.log(2), 0.53, 0.53]
    for (typed, unit), got, value in zip(answers, _read_with_units(answers), want):
        assert "v" in got and math.isclose(got["v"], float(value), rel_tol=1e-12), (typed, unit, got)


def test_the_page_says_why_it_cannot_read_an_answer():
    said = dict(zip(
        ["3.7 nats", "5%", "2 bits", "log(3)", "alert(1)", "(1", "1/0", "2 3"],
        (r["msg"] for r in _read_with_units([("3.7 nats", "bits"), ("5%", "bits"), ("2 bits", ""), ("log(3)", "bits"),
                                            ("alert(1)", ""), ("(1", ""), ("1/0", ""), ("2 3", "")]))))
    assert said["3.7 nats"] == "The answer is in bits, not in nats."
    assert said["5%"] == "The answer is in bits, not a percentage."
    assert said["2 bits"] == "The answer is a plain number, not in bits."
    assert _read_with_units([("475.7%", "")]) == [{"msg": "The answer is a plain number, not a percentage."}]
    assert said["log(3)"].startswith("Which logarithm?") and "log2" in said["log(3)"]
    assert said["alert(1)"].startswith("Cannot read \u201calert\u201d.") and "sqrt" in said["alert(1)"]
    assert said["(1"] == "A bracket is not closed."
    assert said["1/0"].startswith("No finite value")
    assert said["2 3"].startswith("Cannot read \u201c3\u201d.")


@pytest.mark.parametrize("name", ["selfcheck.js", "selfcheck.css"])
def test_served_runtime_is_the_source_without_comments_or_indentation(name):
    served = sc.runtime_files()[name]
    source = (ROOT / "infolib" / name).read_text(encoding="utf-8")
    assert "/*" not in served and "\n " not in served
    assert re.sub(r"\s+", "", served) == re.sub(r"\s+", "", re.sub(r"/\*.*?\*/", "", source, flags=re.S))


def test_numeric_box_says_what_it_accepts_and_asks_for_a_text_keyboard():
    markup = sc.chapter_html("chapters/07_noisy_channels")
    assert "a fraction such as 3/4, or an expression such as log2(3), with or without bits per use" in markup
    assert 'data-unit="bits per use"' in markup
    assert "with or without a percent sign" in sc.chapter_html("chapters/01_information_content")
    assert "percent" not in markup
    assert 'inputmode="decimal"' not in markup
    assert not re.search(r"\beval\s*\(|\bFunction\s*\(|setTimeout", sc.runtime_files()["selfcheck.js"])


def test_a_percentage_is_read_only_where_the_answer_is_a_fraction_or_the_question_says_so():
    probability = sc.QUESTIONS["chapters/01_information_content"][1]  # the probability of an event, e^-3
    perplexity = sc.QUESTIONS["chapters/09_machine_learning"][0]     # a perplexity, about 4.76
    assert not probability.unit and 0 <= probability.answer() <= 1 and probability.accepts_percent()
    assert not perplexity.unit and perplexity.answer() > 1 and not perplexity.accepts_percent()
    # on the page: "475.7%" is not read as 4.757 on the perplexity question, "5%" is 0.05 on the probability one
    chapter_1, chapter_9 = sc.chapter_html("chapters/01_information_content"), sc.chapter_html("chapters/09_machine_learning")
    assert chapter_1.count("data-pct") == 1 and "data-pct" not in chapter_9
    assert "percent" not in chapter_9
    said = _read_with_units([("475.7%", "", False), ("5%", "", True), ("475.7", "", False)])
    assert said == [{"msg": "The answer is a plain number, not a percentage."}, {"v": 0.05}, {"v": 475.7}]
    # the question can say otherwise, but not for an answer with a unit
    flagged = dataclasses.replace(perplexity, percent=True)
    assert flagged.accepts_percent()
    with pytest.raises(ValueError, match="cannot be given as a percentage"):
        dataclasses.replace(sc.QUESTIONS["chapters/07_noisy_channels"][0], percent=True)
