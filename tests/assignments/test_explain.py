"""What the feedback says about an exception raised in a student's cell."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "assignments"))
import explain  # noqa: E402


def _problem(cell, ename, evalue, first="x = 1"):
    return {"cell": cell, "first_line": first, "ename": ename, "evalue": evalue}


def _numpy_message(code: str) -> tuple[str, str]:
    """The exception NumPy raises for ``code`` (so the messages tested are NumPy's own)."""
    import numpy as np

    try:
        exec(code, {"np": np})
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__, str(exc)
    raise AssertionError(f"{code} raised nothing")


def test_numpy_shape_mismatches_are_called_one():
    for code in ("np.ones(3) + np.ones(4)", "np.ones((2, 3)) @ np.ones((2, 3))",
                 "np.ones(6).reshape(4, 2)", "np.dot(np.ones((2, 3)), np.ones((2, 3)))"):
        ename, evalue = _numpy_message(code)
        assert explain.explain(ename, evalue).startswith("a NumPy shape mismatch"), (code, evalue)


def test_a_module_missing_from_the_grading_environment_is_named():
    text = explain.explain("ModuleNotFoundError", "No module named 'seaborn.objects'")
    assert "the module seaborn is not installed where notebooks are graded" in text


def test_none_not_callable_after_a_failed_import_points_back_to_it():
    earlier = [_problem(2, "ModuleNotFoundError", "No module named 'seaborn'")]
    text = explain.explain("TypeError", "'NoneType' object is not callable", earlier)
    assert "cell 2's import failed" in text
    assert "cell 2" not in explain.explain("TypeError", "'NoneType' object is not callable")


def test_a_name_error_after_a_cell_that_raised_points_back_to_it():
    earlier = [_problem(5, "ZeroDivisionError", "division by zero")]
    text = explain.explain("NameError", "name 'H' is not defined", earlier)
    assert text.startswith("H is used before it is defined") and "cell 5 raised earlier" in text


def test_division_by_zero_and_timeouts_in_plain_words():
    assert explain.explain("ZeroDivisionError", "division by zero").startswith("a division by zero")
    assert explain.explain("KeyboardInterrupt", "").startswith("an endless loop")


def test_an_unknown_exception_is_shown_as_raised():
    assert explain.explain("LookupError", "no such thing") == "LookupError: no such thing"


def test_describe_names_each_cell_by_number_and_first_line():
    lines = explain.describe([
        _problem(3, "ModuleNotFoundError", "No module named 'seaborn'", "import seaborn as sns"),
        _problem(6, "KeyboardInterrupt", "", "while True:"),
    ])
    assert lines[0].startswith("code cell 3 (`import seaborn as sns`) raised ModuleNotFoundError: No module named")
    assert lines[1].startswith("code cell 6 (`while True:`) ran past its time limit and was stopped")


def test_the_modules_named_as_installed_are_the_ones_grading_can_import():
    import importlib.util

    named = explain.grading_modules()
    for mod in explain.COURSE_MODULES:
        assert (mod in named) == (importlib.util.find_spec(mod) is not None), (mod, named)
    text = explain.explain("ModuleNotFoundError", "No module named 'seaborn'")
    assert f"({named})" in text


def test_a_library_missing_from_the_grading_environment_is_not_named_as_installed():
    def find_spec(name):
        return None if name in ("scipy", "pandas") else object()

    named = explain.grading_modules.__wrapped__(find_spec)
    assert named == "numpy, matplotlib, infolib and Python's standard library"
    assert explain.grading_modules.__wrapped__(lambda name: None) == "Python's standard library"


def test_in_an_environment_installed_from_the_assign_lock_scipy_is_not_named_as_installed():
    # `make grade` may run where only locks/assign.txt (the assign extra) is installed:
    # there, scipy is not importable, and the feedback must not say it is.
    pinned = {line.split("==")[0].strip().lower() for line in (ROOT / "locks" / "assign.txt").read_text().splitlines()
              if "==" in line and not line.startswith("#")}
    named = explain.grading_modules.__wrapped__(lambda m: object() if m in pinned or m == "infolib" else None)
    assert "scipy" not in pinned and "scipy" not in named
    assert named.startswith("numpy, ") and "infolib" in named


def test_a_syntax_error_is_told_once_with_the_line_in_the_cell_not_the_temporary_file():
    [line] = explain.describe([_problem(3, "SyntaxError", "expected ':' (2575731219.py, line 3)",
                                        "def my_joint_entropy(pxy, base=2):")])
    assert line.startswith("code cell 3 (`def my_joint_entropy(pxy, base=2):`) does not parse "
                           "(SyntaxError at line 3 of the cell: expected ':')")
    assert ".py" not in line and line.count("expected ':'") == 1


def test_a_time_limit_is_told_once_and_blames_later_cells_only_after_a_name_error():
    stopped = _problem(5, "KeyboardInterrupt", "", "def my_conditional_entropy(pxy, base=2):")
    [alone] = explain.describe([stopped])
    assert alone.count("time limit") == 1 and "cells after it" not in alone
    [told] = explain.describe([stopped], later_name_errors=True)
    assert told.endswith("; the cells after it ran without what it should have defined")
    first, _ = explain.describe([stopped, _problem(7, "NameError", "name 'h' is not defined")])
    assert "the cells after it ran without what it should have defined" in first


def test_an_exception_explanation_is_not_repeated_when_nothing_more_is_known():
    [line] = explain.describe([_problem(4, "LookupError", "no such thing")])
    assert line == "code cell 4 (`x = 1`) raised LookupError: no such thing"


def test_the_quotes_otter_strips_from_messages_are_restored():
    assert (explain.restore_quotes("a hidden test failed: TypeError: NoneType' object is not callable")
            == "a hidden test failed: TypeError: 'NoneType' object is not callable")
    assert (explain.restore_quotes("AttributeError: NoneType' object has no attribute '__globals__")
            == "AttributeError: 'NoneType' object has no attribute '__globals__'")
    whole = "TypeError: 'NoneType' object is not callable; AttributeError: 'x' object has no attribute 'y'"
    assert explain.restore_quotes(whole) == whole


def test_a_question_whose_own_cell_raised_is_told_so_instead_of_the_test_internals():
    problems = [{**_problem(5, "NameError", "name 'table_from_lecture' is not defined",
                            "h_check = my_joint_entropy(table_from_lecture)"), "defines": ["my_conditional_entropy"]}]
    notes = ["a public test failed:\n❌ Test case failed\n    fallback = {'yours': my_conditional_entropy.__globals__.get('x')}\n"
             "AttributeError: NoneType' object has no attribute '__globals__",
             "a hidden test failed: AttributeError: NoneType' object has no attribute '__globals__",
             "a hidden test failed: AssertionError: H(Y | X) in nats"]
    told, cell = explain.own_cell_raised(notes, problems)
    assert cell is problems[0]
    assert told[0] == ("this question's cell raised NameError (cell 5: `h_check = my_joint_entropy(table_from_lecture)`), "
                       "so its function my_conditional_entropy was not defined; 2 test(s) failed for that reason alone")
    assert told[1:] == notes[2:] and not any("__globals__" in t for t in told)
    # a function another cell defines is not blamed on this one
    assert explain.own_cell_raised(notes, [{**problems[0], "defines": ["my_entropy"]}]) == (notes, None)


def test_a_hidden_test_that_raised_in_the_answer_gets_the_exception_in_plain_words():
    ename, evalue = _numpy_message("np.ones((2, 2)) @ np.ones(3)")
    note = explain.explain_failed_test(f"a hidden test failed: {ename}: {evalue}")
    first, meaning = note.splitlines()
    assert first == f"a hidden test failed: {ename}: {evalue}", "NumPy's own message is kept"
    assert meaning.startswith("what this means: a NumPy shape mismatch")


def test_overflow_and_math_domain_errors_are_explained():
    import math

    for call in (lambda: math.exp(800), lambda: math.log(0.0)):
        try:
            call()
        except (OverflowError, ValueError) as exc:
            note = explain.explain_failed_test(f"a hidden test failed: {type(exc).__name__}: {exc}")
        assert "\nwhat this means: " in note, note


def test_a_failed_assertion_or_an_unexplained_exception_is_left_as_it_is():
    for note in ("a hidden test failed: AssertionError: got 0.5 for a fair coin",
                 "a hidden test failed: no message",
                 "a hidden test failed: CustomError: something"):
        assert explain.explain_failed_test(note) == note
