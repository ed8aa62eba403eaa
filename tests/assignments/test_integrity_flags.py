"""Integrity flags: what each kind catches in a student's cells, and what it leaves alone.

Flags come from the syntax tree of the cells a student wrote or changed; cells
taken unchanged from the handout are not examined (they import infolib and otter).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "assignments"))
import integrity  # noqa: E402

HANDOUT_CELLS = [
    'import otter\ngrader = otter.Notebook("hw03_entropy.ipynb", tests_dir=None)',
    "import math\n\nimport numpy as np\nimport infolib as il",
    'grader.check("q1")',
    "grader.export(pdf=False)",
]


def _nb(*cells: str) -> dict:
    return {"cells": [{"cell_type": "code", "source": c} for c in cells]}


HANDOUT = _nb(*HANDOUT_CELLS)


def kinds(answer: str) -> set[str]:
    """Flag kinds of a notebook made of the handout's cells plus one answer cell."""
    nb = _nb(*HANDOUT_CELLS[:2], answer, *HANDOUT_CELLS[2:])
    return {f.kind for f in integrity.flags(nb, HANDOUT)}


def test_an_honest_answer_and_the_handout_cells_raise_no_flag():
    answer = (
        "def my_entropy(p, base=2):\n"
        "    p = np.asarray(p, dtype=float)\n"
        "    if p.ndim != 1:\n"
        "        raise ValueError('p must be 1-D')\n"
        "    nz = p[p > 0]\n"
        "    return float(-np.sum(nz * np.log(nz)) / math.log(base)) + 0.0\n"
    )
    assert kinds(answer) == set()
    assert kinds('grader.check("q1")\ngrader.check_all()') == set()


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("def my_entropy(p, base=2):\n    return il.entropy(p, base=base)", "infolib"),
        ("from infolib import entropy\ndef my_entropy(p, base=2):\n    return entropy(p, base=base)", "infolib"),
        ("from infolib.measures import entropy as h", "infolib"),
        ("import scipy.stats\nh = scipy.stats.entropy([0.5, 0.5], base=2)", "scipy"),
        ("from scipy.stats import entropy", "scipy"),
        ("from sklearn.metrics import log_loss\nloss = log_loss([1], [[0.2, 0.8]], labels=[0, 1])", "sklearn"),
        ("x = grader.tests_dir", "otter"),
        ("import otter.test_files", "otter"),
        ("data = open('tests/q1.py').read()", "files-os"),
        ("import shutil, tempfile\nshutil.copytree('tests', tempfile.mkdtemp() + '/t')", "files-os"),
        ("from pathlib import Path\nPath('tests').iterdir()", "files-os"),
        ("import subprocess\nsubprocess.run(['ls'])", "files-os"),
        ("!ls tests", "files-os"),
        ("exit()", "exit"),
        ("quit()", "exit"),
        ("import sys\nsys.exit(0)", "exit"),
        ("import os\nos._exit(0)", "exit"),
        ("grader.check = lambda *a, **k: None", "patching"),
        ("import otter.test_files.abstract_test as at\nat.TestFile.passed_all = True", "patching"),
        ("import builtins\nbuiltins.len = lambda x: 3", "patching"),
        ("__builtins__.print = None", "patching"),
        ("__import__ = None", "patching"),
        ("setattr(grader, 'check', None)", "patching"),
        ("from unittest import mock\nmock.patch('otter.Notebook.check')", "patching"),
        ("import sys\nsys.modules['infolib'] = None", "patching"),
        ("globals()['my_entropy'] = None", "patching"),
        ("exec('print(1)')", "dynamic-code"),
        ("m = __import__('infolib')", "dynamic-code"),
        ("import importlib\nimportlib.import_module('infolib')", "dynamic-code"),
        ("def my_entropy(p:\n    return 0", "syntax"),
    ],
)
def test_each_kind_of_flag_is_raised(answer, kind):
    assert kind in kinds(answer)


def test_a_changed_handout_cell_is_examined():
    nb = _nb(HANDOUT_CELLS[0], HANDOUT_CELLS[1] + "\nfrom infolib import entropy", *HANDOUT_CELLS[2:])
    found = integrity.flags(nb, HANDOUT)
    assert [(f.kind, f.detail, f.cell) for f in found if f.detail.startswith("from")] == [
        ("infolib", "from infolib import entropy", 2)
    ]


def test_names_bound_in_handout_cells_are_resolved_in_answer_cells():
    # `il` is imported by the handout, `grader` created there: uses in an answer are caught.
    assert integrity.summary(integrity.flags(_nb(*HANDOUT_CELLS, "il.entropy([1.0])"), HANDOUT)) == [
        "infolib: il.entropy (cell 5)"
    ]


def test_without_a_handout_every_cell_is_examined():
    assert {f.kind for f in integrity.flags(_nb(*HANDOUT_CELLS))} == {"otter", "infolib"}


def test_a_magic_line_does_not_hide_the_rest_of_the_cell():
    assert kinds("%time x = 1\nimport os\nos._exit(0)") == {"files-os", "exit"}


def test_what_a_questions_reference_solution_uses_is_allowed_in_that_question_only():
    # q2's reference solution compares with il.entropy; q1 must be computed by hand.
    handout = _nb(*HANDOUT_CELLS[:2], "def my_entropy(p, base=2):\n    ...", 'grader.check("q1")',
                  "H = ...", 'grader.check("q2")')
    solution = _nb(*HANDOUT_CELLS[:2], "def my_entropy(p, base=2):\n    return 1.0", 'grader.check("q1")',
                   "H = il.entropy([0.5, 0.5])", 'grader.check("q2")')
    assert integrity.questions_of_cells(solution) == {1: "q1", 2: "q1", 3: "q1", 4: "q1", 5: "q2", 6: "q2"}
    honest = _nb(*HANDOUT_CELLS[:2], "def my_entropy(p, base=2):\n    return 1.0", 'grader.check("q1")',
                 "H = il.entropy([0.25, 0.75])", 'grader.check("q2")')
    assert integrity.flags(honest, handout, solution) == []
    delegating = _nb(*HANDOUT_CELLS[:2], "def my_entropy(p, base=2):\n    return il.entropy(p)",
                     'grader.check("q1")', "H = il.entropy([0.25, 0.75])", 'grader.check("q2")')
    assert integrity.summary(integrity.flags(delegating, handout, solution)) == ["infolib: il.entropy (cell 3)"]


MENTIONS = (
    'def my_joint_entropy(pxy, base=2):\n'
    '    """H(X, Y) in bits, as infolib.joint_entropy computes it (without calling it)."""\n'
    '    # infolib.joint_entropy(pxy) would do this; scipy.stats.entropy too.\n'
    '    note = "checked against il.joint_entropy and import infolib in another cell"\n'
    '    p = np.asarray(pxy, dtype=float)\n'
    '    nz = p[p > 0]\n'
    '    return float(-np.sum(nz * np.log(nz)) / np.log(base)) + 0.0\n'
)


def test_text_that_mentions_a_package_raises_no_flag():
    """Docstrings, comments and strings are text, not code: they never raise a flag."""
    assert kinds(MENTIONS) == set()
    assert kinds('"""import infolib; infolib.entropy"""\nx = "from scipy.stats import entropy"  # exec(open(f))') == set()


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        ("import infolib as np2\ndef f(p):\n    return np2.joint_entropy(p)", "infolib: np2.joint_entropy"),
        ("import infolib.measures as m\nh = m.joint_entropy([[1.0]])", "infolib: m.joint_entropy"),
        ("from infolib import joint_entropy as my_helper\nh = my_helper([[1.0]])", "infolib: my_helper"),
        ("il2 = __import__('infolib')", "infolib: __import__('infolib')"),
        ("import importlib\nm = importlib.import_module('infolib.measures')",
         "infolib: importlib.import_module('infolib.measures')"),
        ("from importlib import import_module as load\nm = load('scipy.stats')", "scipy: load('scipy.stats')"),
    ],
)
def test_imports_calls_and_attributes_are_flagged_whatever_their_names(answer, flagged):
    nb = _nb(*HANDOUT_CELLS[:2], answer, *HANDOUT_CELLS[2:])
    assert flagged + " (cell 3)" in [str(f) for f in integrity.flags(nb, HANDOUT)]


def test_a_docstring_that_mentions_infolib_keeps_a_correct_answer_unflagged_next_to_its_reference():
    """The mention sits next to real code: the flags of the answer are those of the code only."""
    answer = MENTIONS + "\nimport infolib as lib\nlib.entropy([0.5, 0.5])"
    assert {str(f) for f in integrity.flags(_nb(*HANDOUT_CELLS[:2], answer, *HANDOUT_CELLS[2:]), HANDOUT)} == {
        "infolib: import infolib (cell 3)", "infolib: lib.entropy (cell 3)"}


def test_flags_count_code_cells_as_the_feedback_and_the_cells_column_do():
    # Markdown cells are not counted: cell 3 is the third code cell, whatever text sits between.
    md = {"cell_type": "markdown", "source": "Some text"}
    nb = {"cells": [md, *_nb(*HANDOUT_CELLS[:2])["cells"], md, md,
                    {"cell_type": "code", "source": "il.entropy([1.0])"}, *_nb(*HANDOUT_CELLS[2:])["cells"]]}
    assert integrity.summary(integrity.flags(nb, HANDOUT)) == ["infolib: il.entropy (cell 3)"]
    assert integrity.questions_of_cells(nb) == {1: "q1", 2: "q1", 3: "q1", 4: "q1"}


#: A handout whose public test checks 1.75 bits (and a list of probabilities as input).
PUBLIC_TEST = (
    "def test_q1(my_entropy):\n"
    "    import math\n"
    "    assert math.isclose(my_entropy([0.5, 0.25, 0.125, 0.125]), 1.75), 'the dyadic example'\n"
    "    assert my_entropy([1.0]) == 0.0\n"
    "    assert math.isclose(my_entropy([0.5, 0.5], base=math.e), math.log(2))\n"
)
HANDOUT_WITH_TESTS = {**HANDOUT, "metadata": {"otter": {"tests": {"q1": PUBLIC_TEST}}}}


def hard_coded(answer: str) -> list[str]:
    nb = _nb(*HANDOUT_CELLS[:2], answer, *HANDOUT_CELLS[2:])
    return [f.detail for f in integrity.flags(nb, HANDOUT_WITH_TESTS) if f.kind == "hard-coded"]


def test_the_values_public_tests_check_are_read_from_the_handout():
    assert sorted(integrity.public_values(HANDOUT_WITH_TESTS)) == pytest.approx([math.log(2), 1.75])


@pytest.mark.parametrize(
    "answer",
    [
        "def my_entropy(p, base=2):\n    return 1.75",
        "def my_entropy(p, base=2):\n    if len(p) == 2:\n        return 0.5\n    return 7 / 4",
        "def my_entropy(p, base=2):\n    return math.log(2) if base != 2 else 1.75",
        "my_entropy = lambda p, base=2: 1.75",
        "def my_entropy(p, base=2):\n    return 1.75, 2.0 ** 1.75",
    ],
)
def test_a_function_returning_a_public_tests_expected_value_is_flagged_hard_coded(answer):
    assert hard_coded(answer), answer


@pytest.mark.parametrize(
    "answer",
    [
        # computes: the same value comes out, but no literal is returned
        "def my_entropy(p, base=2):\n    p = np.asarray(p, dtype=float)\n    nz = p[p > 0]\n"
        "    return float(-np.sum(nz * np.log(nz)) / math.log(base)) + 0.0",
        # 0 and 1 are edge cases an honest answer returns as literals
        "def my_entropy(p, base=2):\n    if len(p) == 1:\n        return 0.0\n    return 1.0",
        # a value no public test checks, and an input of the public test
        "def f():\n    return 0.125",
        # the expected value in text, or assigned rather than returned
        "def my_entropy(p, base=2):\n    '''1.75 bits for the dyadic example'''\n    x = 1.75\n    return x * 0.0",
    ],
)
def test_an_answer_that_computes_is_not_flagged_hard_coded(answer):
    assert hard_coded(answer) == []
