"""Submissions that must not stop or fool the grading run, laid out as LMSs give them.

``write_bad_submissions(built, folder)`` writes, for ``hw03_entropy``, a folder of
submissions as a teaching assistant meets them, and returns what grading each one
must give: its student, its error (a phrase the reason must contain, or none) and
its integrity flags (the kinds ``integrity.py`` reports). Scores are not designed
here (``fixtures.py`` designs those); a submission that cannot be graded must get 0.

The folder mixes the layouts that ``submissions.py`` reads: flat files, a Moodle
folder per student (with spaces in its name), Canvas file names (one of them late),
and an exported zip.
"""

from __future__ import annotations

import copy
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import fixtures

STEM = "hw03_entropy"
OTHER_STEM = "hw01_information"

#: Patches otter's test runner from inside the notebook so that every test passes.
PATCH_GRADER = '''import otter.test_files.exception_test as et
_run = et.ExceptionTestFile.run
def _always_pass(self, env):
    _run(self, env)
    self.test_case_results = [type(r)(r.test_case, "ok", True) for r in self.test_case_results]
et.ExceptionTestFile.run = _always_pass'''

#: Copies the hidden tests, which sit next to the notebook while it is graded.
COPY_TESTS = '''import shutil, tempfile
from pathlib import Path
if Path("tests").is_dir():
    shutil.copytree("tests", Path(tempfile.gettempdir()) / "copied_tests", dirs_exist_ok=True)'''

USES_INFOLIB = '''def my_entropy(p, base=2):
    return il.entropy(p, base=base)'''

ENDLESS_LOOP = '''def my_entropy(p, base=2):
    return 0.0

while True:
    pass'''

#: An endless loop that swallows the interrupt of the cell's time limit (a bare
#: ``except`` inside the loop, and ``except BaseException: pass`` around it).
SWALLOWS_INTERRUPT = '''import time

try:
    while True:
        try:
            time.sleep(0.2)
        except:
            pass
except BaseException:
    pass'''


@dataclass
class Expected:
    """What grading a bad submission must give."""

    student: str
    student_id: str = ""
    error: str | None = None  # a phrase of the reason, or None: graded to the end
    flags: set[str] = field(default_factory=set)  # the flag kinds, exactly
    full_marks: bool = False  # every question at full marks


def _code_cell(source: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}


def _with_cell_after(nb: dict, question: str, source: str) -> dict:
    """A copy of ``nb`` with a new code cell after the answer cell of ``question``."""
    nb = copy.deepcopy(nb)
    i = fixtures.answer_cells(nb)[question]
    nb["cells"].insert(i + 1, _code_cell(source))
    return nb


def _with_answer(nb: dict, question: str, source: str) -> dict:
    nb = copy.deepcopy(nb)
    nb["cells"][fixtures.answer_cells(nb)[question]]["source"] = source
    return nb


def _write(path: Path, nb: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")


def write_bad_submissions(built: Path, folder: Path) -> dict[str, Expected]:
    """Write the submissions under ``folder``; return relative path -> what grading must give."""
    student_nb = built / STEM / "student" / f"{STEM}.ipynb"
    autograder_nb = built / STEM / "autograder" / f"{STEM}.ipynb"
    scratch = folder.parent / f".{folder.name}-fixtures"
    written = {p.stem: p for p in fixtures.write_fixtures(student_nb, autograder_nb, scratch, STEM)}
    correct = json.loads(written["correct"].read_text(encoding="utf-8"))
    blank = json.loads(written["blank"].read_text(encoding="utf-8"))
    other = json.loads((built / OTHER_STEM / "student" / f"{OTHER_STEM}.ipynb").read_text(encoding="utf-8"))
    expected: dict[str, Expected] = {}

    def add(relative: str, nb: dict | None, exp: Expected) -> None:
        if nb is not None:
            _write(folder / relative, nb)
        expected[relative] = exp

    add("correct.ipynb", correct, Expected("correct", full_marks=True))
    text = json.dumps(correct, indent=1)
    (folder / "truncated.ipynb").write_text(text[: len(text) // 2], encoding="utf-8")
    add("truncated.ipynb", None, Expected("truncated", error="not a notebook"))
    (folder / "not_a_zip.zip").write_bytes(b"this is not a zip file\n")
    add("not_a_zip.zip", None, Expected("not_a_zip", error="not a zip"))
    add("other_assignment.ipynb", other,
        Expected("other_assignment", error=f"wrong assignment: this is a notebook of {OTHER_STEM}"))
    # exit(), sys.exit() and SystemExit stop their cell like an exception: the rest is graded.
    add("calls_exit.ipynb", _with_cell_after(correct, "q1", "exit()"),
        Expected("calls_exit", flags={"exit"}, full_marks=True))
    add("calls_sys_exit.ipynb", _with_cell_after(correct, "q2", "import sys\nsys.exit('done')"),
        Expected("calls_sys_exit", flags={"exit"}, full_marks=True))
    add("raises_system_exit.ipynb", _with_cell_after(correct, "q1", "raise SystemExit"),
        Expected("raises_system_exit", full_marks=True))
    # Stopped at the cell time limit although it swallows the interrupt; the rest is graded.
    add("swallows_interrupt.ipynb", _with_cell_after(correct, "q1", SWALLOWS_INTERRUPT),
        Expected("swallows_interrupt", full_marks=True))
    # Two cells that start alike, a quick one (cell 4) and then one that swallows the
    # interrupt (cell 5): the one stopped is the one that swallowed it.
    alike = _with_cell_after(correct, "q1", "import time\nstarted = time.time()")
    add("swallows_interrupt_after_same_first_line.ipynb", _with_cell_after(alike, "q1", SWALLOWS_INTERRUPT),
        Expected("swallows_interrupt_after_same_first_line", full_marks=True))
    # os._exit() kills the kernel: its cell is stopped in a new run, and the rest is graded.
    add("os_exit.ipynb", _with_cell_after(correct, "q1", "import os\nos._exit(0)"),
        Expected("os_exit", flags={"exit", "files-os"}, full_marks=True))
    # Interrupted at the cell time limit; the questions after it are graded.
    add("endless_loop.ipynb", _with_answer(correct, "q1", ENDLESS_LOOP), Expected("endless_loop"))
    add("patches_grader.ipynb", _with_cell_after(blank, "q1", PATCH_GRADER),
        Expected("patches_grader", error="scores withheld", flags={"otter", "patching"}))
    add("calls_infolib.ipynb", _with_answer(correct, "q1", USES_INFOLIB),
        Expected("calls_infolib", flags={"infolib"}))
    add("copies_tests.ipynb", _with_cell_after(correct, "q2", COPY_TESTS),
        Expected("copies_tests", flags={"files-os"}, full_marks=True))
    add("Ada Lovelace_12345_assignsubmission_file_/hw03_entropy.ipynb", correct,
        Expected("Ada Lovelace", "12345", full_marks=True))
    add("turingalan_late_23456_78901_hw03_entropy.ipynb", correct,
        Expected("turingalan", "23456", full_marks=True))
    add("hopperg_34567_89012_hw03_entropy.ipynb", blank, Expected("hopperg", "34567"))
    zipped = folder / "grace_hopper.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr(f"{STEM}.ipynb", json.dumps(correct, indent=1))
    add("grace_hopper.zip", None, Expected("grace_hopper", full_marks=True))
    return expected
