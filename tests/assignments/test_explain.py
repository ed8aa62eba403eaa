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
    assert "ran past its time limit" in explain.explain("KeyboardInterrupt", "")


def test_an_unknown_exception_is_shown_as_raised():
    assert explain.explain("LookupError", "no such thing") == "LookupError: no such thing"


def test_describe_names_each_cell_by_number_and_first_line():
    lines = explain.describe([
        _problem(3, "ModuleNotFoundError", "No module named 'seaborn'", "import seaborn as sns"),
        _problem(6, "KeyboardInterrupt", "", "while True:"),
    ])
    assert lines[0].startswith("code cell 3 (`import seaborn as sns`) raised ModuleNotFoundError: No module named")
    assert lines[1].startswith("code cell 6 (`while True:`) ran past its time limit and was stopped")
