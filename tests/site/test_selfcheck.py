"""Self-check questions on the built pages: answered by keyboard, with the
feedback announced, its formulas typeset (never TeX), and no accessibility
violations (axe)."""

from __future__ import annotations

import re

import pytest

from conftest import SITE, chapter_pages
from pagecheck import open_page, run_axe

sc = pytest.importorskip("infolib.selfcheck")

CHAPTER = "chapters/07_noisy_channels"


FORMULA = re.compile(r"\$[^$]+\$")
MARK = "\u2022"  # stands for one formula when texts are compared

# The text of an element with each typeset formula (a MathJax container) replaced by MARK.
_TEXT_WITH_MARKS = """
(el) => { const c = el.cloneNode(true);
  c.querySelectorAll('mjx-container').forEach((m) => m.replaceWith('\u2022'));
  return c.textContent.replace(/\\s+/g, ' ').trim(); }
"""


def marked(value) -> str:
    """A question's text as the page shows it, each formula replaced by MARK."""
    return " ".join(FORMULA.sub(MARK, sc.text(value)).split())


def shown(locator) -> str:
    return locator.evaluate(_TEXT_WITH_MARKS)


def _page(context, base_url):
    rel = CHAPTER + ".html"
    if not (SITE / rel).exists():
        pytest.fail(f"{rel} is not in the built site")
    page, log = open_page(context, f"{base_url}/{rel}")
    return page, log


def test_every_chapter_page_shows_its_questions_before_the_exercises(site):
    for rel in chapter_pages():
        text = (SITE / rel).read_text(encoding="utf-8")
        doc = rel.removesuffix(".html")
        want = len(sc.QUESTIONS.get(doc, []))
        assert text.count('<form class="itsc"') == want, rel
        if want:
            assert text.index('id="check-your-understanding"') < text.index('id="exercises"'), rel
            assert text.count("_static/selfcheck.js") == 1, rel


def test_numeric_question_answered_by_keyboard(base_url, context, site):
    page, log = _page(context, base_url)
    q = sc.QUESTIONS[CHAPTER][0]
    form = page.locator('form.itsc[data-kind="numeric"]').first
    box, feedback = form.locator("input[type=text]"), form.locator(".itsc-feedback")
    assert feedback.get_attribute("aria-live") == "polite"
    label = form.locator("label").inner_text()
    assert page.get_by_label(label).count() == 1, "the text box has no accessible name"
    box.scroll_into_view_if_needed()
    box.focus()
    page.keyboard.type("abc")
    page.keyboard.press("Enter")
    assert feedback.inner_text().startswith("Cannot read \u201cabc\u201d."), feedback.inner_text()
    assert box.get_attribute("aria-invalid") == "true"
    page.keyboard.press("Control+A")
    page.keyboard.type(f"{q.answer() + 3 * q.tolerance:.3f}")
    page.keyboard.press("Enter")
    assert feedback.inner_text().startswith("Not quite.")
    page.keyboard.press("Control+A")
    page.keyboard.type(f"{q.answer():.{q.decimals()}f}")
    page.keyboard.press("Tab")  # onto the Check button
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "no focus ring"
    page.keyboard.press("Enter")
    assert feedback.inner_text().startswith("Correct:"), feedback.inner_text()
    assert marked(q.explanation) in shown(feedback)
    assert box.get_attribute("aria-invalid") == "false"
    assert not log.console_errors, log.console_errors


def test_multiple_choice_answered_by_keyboard_explains_the_choice(base_url, context, site):
    page, log = _page(context, base_url)
    number, q = next((n, q) for n, q in enumerate(sc.QUESTIONS[CHAPTER], start=1) if isinstance(q, sc.MultipleChoice))
    # positions on the page (the choices are shown shuffled), and the choices there
    order = sc.shown_order(q, sc.question_id(CHAPTER, number))
    right = next(k for k, i in enumerate(order) if q.choices[i].correct)
    wrong = next(k for k, i in enumerate(order) if not q.choices[i].correct)
    form = page.locator('form.itsc[data-kind="choice"]').first
    feedback = form.locator(".itsc-feedback")
    # the group is named by its legend (the accessible name spells the formulas out its own way: match up to the first)
    legend = f"Question {number}. " + marked(q.prompt).split(MARK)[0].strip()
    assert page.get_by_role("group", name=re.compile("^" + re.escape(legend))).count() == 1
    radios = form.locator("input[type=radio]")
    radios.first.scroll_into_view_if_needed()
    radios.first.focus()
    page.keyboard.press("Space")
    for _ in range(wrong):
        page.keyboard.press("ArrowDown")
    assert radios.nth(wrong).is_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert shown(feedback) == "Not quite. " + marked(q.choices[order[wrong]].why)
    page.keyboard.press("Shift+Tab")  # back into the group, on the checked choice
    for _ in range(abs(right - wrong)):
        page.keyboard.press("ArrowDown" if right > wrong else "ArrowUp")
    assert radios.nth(right).is_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert shown(feedback) == "Correct. " + marked(q.choices[order[right]].why)
    assert not log.console_errors, log.console_errors


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_page_with_questions_has_no_axe_violations_after_answering(mode, base_url, context, axe_source, site):
    page, log = open_page(context, f"{base_url}/{CHAPTER}.html", mode=mode)
    for form in page.locator("form.itsc").all():
        form.locator("button").click()  # every feedback line shown, empty answers included
    violations = run_axe(page, axe_source)
    assert not violations, violations
    assert not log.console_errors, log.console_errors


def test_pages_without_questions_do_not_load_the_script(base_url, context, site):
    page, _ = open_page(context, f"{base_url}/intro.html")
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    styles = page.eval_on_selector_all("link[rel=stylesheet]", "els => els.map(e => e.getAttribute('href'))")
    assert not any("selfcheck" in s for s in scripts + styles)


# TeX left as text: a dollar sign, a backslash command, or a sub- or superscript in braces.
RAW_TEX = re.compile(r"\$|\\[A-Za-z]+|[_^]\{")


def test_no_feedback_shows_raw_tex_after_answering(base_url, context, site):
    """Every answer to every question on every chapter page: the feedback's formulas are typeset."""
    checked = 0
    for rel in chapter_pages():
        doc = rel.removesuffix(".html")
        questions = sc.QUESTIONS.get(doc, [])
        if not questions:
            continue
        page, log = open_page(context, f"{base_url}/{rel}")
        forms = page.locator("form.itsc")
        assert forms.count() == len(questions), rel
        for number, (q, form) in enumerate(zip(questions, forms.all()), start=1):
            feedback = form.locator(".itsc-feedback")
            if isinstance(q, sc.Numeric):
                attempts = [(f"{q.answer():.{q.decimals()}f}", q.explanation), (f"{q.answer() + 5 * q.tolerance}", None)]
                attempts += [(f"{m.value():.{q.decimals()}f}", m.hint) for m in q.mistakes]
            else:
                order = sc.shown_order(q, sc.question_id(doc, number))
                attempts = [(k, q.choices[i].why) for k, i in enumerate(order)]
            for answer, why in attempts:
                if isinstance(answer, str):
                    form.locator("input[type=text]").fill(answer)
                else:
                    form.locator("input[type=radio]").nth(answer).check()
                form.locator("button").click()
                text = shown(feedback)
                assert not RAW_TEX.search(text), f"{rel} question {number}: raw TeX in the feedback: {text!r}"
                if why is not None:
                    assert text.endswith(marked(why)), (rel, number, text)
                    formulas = len(FORMULA.findall(sc.text(why)))
                    assert feedback.locator("mjx-container").count() == formulas, (rel, number, text)
                    assert feedback.locator("mjx-container mjx-math").count() == formulas, "formulas not typeset"
                checked += 1
            assert not RAW_TEX.search(shown(form)), f"{rel} question {number}: raw TeX in the question"
        assert not log.console_errors, log.console_errors
        page.close()
    assert checked >= 90


def test_a_typical_mistake_shows_its_hint_and_the_answer_then_is_right(base_url, context, site):
    """Every numeric question on every chapter page, by keyboard: the value of its first typical
    mistake (as shown to its decimals) gets "Not quite." and that mistake's hint in the announced
    feedback line; the answer then gets the right feedback."""
    checked = 0
    for rel in chapter_pages():
        doc = rel.removesuffix(".html")
        questions = sc.QUESTIONS.get(doc, [])
        if not questions:
            continue
        page, log = open_page(context, f"{base_url}/{rel}")
        forms = page.locator("form.itsc")
        assert forms.count() == len(questions), rel
        for number, (q, form) in enumerate(zip(questions, forms.all()), start=1):
            if not isinstance(q, sc.Numeric):
                continue
            box, feedback = form.locator("input[type=text]"), form.locator(".itsc-feedback")
            assert feedback.get_attribute("aria-live") == "polite"
            mistake = q.mistakes[0]
            box.scroll_into_view_if_needed()
            box.focus()
            page.keyboard.type(f"{mistake.value():.{q.decimals()}f}")
            page.keyboard.press("Enter")
            assert shown(feedback) == "Not quite. " + marked(mistake.hint), (rel, number, shown(feedback))
            assert "itsc-wrong" in feedback.get_attribute("class").split()
            assert box.get_attribute("aria-invalid") == "true"
            assert page.evaluate("document.activeElement.id") == box.get_attribute("id"), "focus stays in the box"
            page.keyboard.press("Control+A")
            page.keyboard.type(f"{q.answer():.{q.decimals()}f}")
            page.keyboard.press("Enter")
            text = shown(feedback)
            assert text.startswith("Correct:") and marked(q.explanation) in text, (rel, number, text)
            assert marked(mistake.hint) not in text, "the hint is replaced, not kept"
            assert box.get_attribute("aria-invalid") == "false"
            checked += 1
        assert not log.console_errors, log.console_errors
        page.close()
    assert checked == sum(isinstance(q, sc.Numeric) for qs in sc.QUESTIONS.values() for q in qs)
