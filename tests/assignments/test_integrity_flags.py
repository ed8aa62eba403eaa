"""Integrity flags: what each kind catches in a student's cells, and what it leaves alone.

Flags come from the syntax tree of the cells a student wrote or changed; cells
taken unchanged from the handout are not examined (they import infolib and otter).
"""

from __future__ import annotations

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
