"""Numeric self-check answers typed as fractions, expressions and with their unit, on the built page."""

from __future__ import annotations

import pytest

from conftest import SITE
from pagecheck import open_page

sc = pytest.importorskip("infolib.selfcheck")

CHAPTER = "chapters/07_noisy_channels"
# The chapter's two numeric questions: the BSC's capacity 1 - H_b(0.1), the BEC's 1 - alpha.
RIGHT = {0: ["1 - (0.1*log2(1/0.1) + 0.9*log2(1/0.9))", "1 + 0.1*log2(0.1) + 0.9*log2(0.9)"],
         1: ["3/4", "1 - 1/4", "75e-2"]}
WRONG = {0: ["1/2", "log2(3) - 1"], 1: ["1/4", "3/5"]}
# What the box cannot read, and the start of what it says about it.
UNREADABLE = {"1/0": "No finite value", "alert(1)": "Cannot read \u201calert\u201d.",
              "log(3)": "Which logarithm?", "3 nats": "The answer is in bits per use, not in nats."}
# Chapter 1: the queen of hearts adds log2(13) bits (question 1); an event of 3 nats has probability e^-3,
# 5% to within 0.001 (question 2). As a student would type them.
STUDENT = {0: ["log(13)/log(2)", "3.70 bits", "log2(13) bits", "3,70"], 1: ["5%", "exp(-3)", "0.0498"]}


def test_fractions_and_expressions_are_checked_against_the_answer(base_url, context, site):
    if not (SITE / f"{CHAPTER}.html").exists():
        pytest.fail(f"{CHAPTER}.html is not in the built site")
    page, log = open_page(context, f"{base_url}/{CHAPTER}.html")
    forms = page.locator('form.itsc[data-kind="numeric"]')
    assert forms.count() == 2

    def feedback_for(index: int, typed: str) -> str:
        form = forms.nth(index)
        form.locator("input[type=text]").fill(typed)
        form.locator("button[type=submit]").click()
        return form.locator(".itsc-feedback").inner_text()

    for index, typed_answers in RIGHT.items():
        for typed in typed_answers:
            assert feedback_for(index, typed).startswith("Correct:"), typed
    for index, typed_answers in WRONG.items():
        for typed in typed_answers:
            assert feedback_for(index, typed).startswith("Not quite."), typed
    for typed, said in UNREADABLE.items():
        assert feedback_for(1, typed).startswith(said), typed
    assert page.evaluate("typeof window.alert") == "function" and not log.console_errors, log.console_errors


def test_answers_typed_with_their_unit_or_a_base_free_log_are_checked(base_url, context, site):
    chapter = "chapters/01_information_content"
    if not (SITE / f"{chapter}.html").exists():
        pytest.fail(f"{chapter}.html is not in the built site")
    page, log = open_page(context, f"{base_url}/{chapter}.html")
    forms = page.locator('form.itsc[data-kind="numeric"]')
    assert forms.count() == 2

    def feedback_for(index: int, typed: str) -> str:
        form = forms.nth(index)
        form.locator("input[type=text]").fill(typed)
        form.locator("button[type=submit]").click()
        return form.locator(".itsc-feedback").inner_text()

    for index, typed_answers in STUDENT.items():
        for typed in typed_answers:
            assert feedback_for(index, typed).startswith("Correct:"), typed
    assert feedback_for(0, "3.70 nats") == "The answer is in bits, not in nats."
    assert feedback_for(1, "5 bits") == "The answer is a plain number, not in bits."
    assert feedback_for(0, "log(13)").startswith("Which logarithm?")
    assert not log.console_errors, log.console_errors


def test_a_percentage_is_refused_where_the_answer_is_not_a_fraction(base_url, context, site):
    # chapter 9's perplexity, about 4.76: "475.7%" would read as 4.757, so it is refused with a reason,
    # and the box does not offer a percent sign; chapter 1's probability still takes "5%" (above)
    chapter = "chapters/09_machine_learning"
    if not (SITE / f"{chapter}.html").exists():
        pytest.fail(f"{chapter}.html is not in the built site")
    perplexity = sc.QUESTIONS[chapter][0]
    page, log = open_page(context, f"{base_url}/{chapter}.html")
    form = page.locator('form.itsc[data-kind="numeric"]').first
    assert "percent" not in form.locator("label").inner_text()

    def feedback_for(typed: str) -> str:
        form.locator("input[type=text]").fill(typed)
        form.locator("button[type=submit]").click()
        return form.locator(".itsc-feedback").inner_text()

    assert feedback_for(f"{100 * perplexity.answer():.1f}%") == "The answer is a plain number, not a percentage."
    assert feedback_for(f"{perplexity.answer():.3f}").startswith("Correct:")
    one = open_page(context, f"{base_url}/chapters/01_information_content.html")[0]
    assert "with or without a percent sign" in one.locator('form.itsc[data-kind="numeric"]').nth(1).locator(
        "label").inner_text()
    assert not log.console_errors, log.console_errors
