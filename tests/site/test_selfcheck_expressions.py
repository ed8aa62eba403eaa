"""Numeric self-check answers typed as fractions and expressions, on the built page."""

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
UNREADABLE = ["1/0", "alert(1)", "log(3)"]


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
    for typed in UNREADABLE:
        assert feedback_for(1, typed) == "Enter a number, such as 0.25.", typed
    assert page.evaluate("typeof window.alert") == "function" and not log.console_errors, log.console_errors
