"""``make grade`` on a folder of bad submissions: every one gets its row, reason and flags.

The submissions (``assignments/bad_submissions.py``) are a truncated notebook, a
file that is not a zip, a notebook of another assignment, ``exit()``,
``os._exit(0)``, an endless loop, a submission that patches otter's test runner,
one that calls infolib, one that copies the hidden tests, and correct and blank
submissions in a Moodle folder, under Canvas names and in an exported zip, all in
a folder whose name has a space. They are graded in one ``make grade`` run (the
command the instructors' page gives), with a short time limit per submission; the
run must finish within a bound, leave no process behind, and grading the folder
again must only regrade what changed, by content.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENTS = ROOT / "assignments"
PY = sys.executable

sys.path.insert(0, str(ASSIGNMENTS))
import bad_submissions  # noqa: E402
import process_tree  # noqa: E402

#: Seconds a submission may run; the endless loop is killed after this. An honest
#: submission takes about 4 s, but on a loaded machine (load 19 on 2 cores) one took
#: more than 20 s: the limit leaves room for that, not for an endless loop.
SUBMISSION_TIMEOUT = 60
#: Seconds the whole run may take (14 submissions on 2 cores take 1 to 2 minutes).
RUN_BOUND = 600

pytestmark = [pytest.mark.requires_otter, pytest.mark.time_limit(900)]


def make_grade(submissions: Path, out: Path, built: Path, *, force: bool = False,
               env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``make grade`` as the instructors' page says, with this interpreter; bounded."""
    if shutil.which("make") is None:
        pytest.fail("make is needed to run 'make grade'")
    args = [
        "make", "-s", "-C", str(ROOT),
        "-o", ".venv/.installed-assign",  # this interpreter has the 'assign' extra already
        "grade", f"PY={PY}", f"HW={bad_submissions.STEM}", f"SUBMISSIONS={submissions}",
        f"ASSIGN_BUILD={built}", f"OUT={out}", f"TIMEOUT={SUBMISSION_TIMEOUT}", "JOBS=2",
    ] + (["FORCE=1"] if force else [])
    start = time.monotonic()
    # Plain subprocess.run, not process_tree.run: whether grade.py itself leaves no
    # process behind is tested below; on timeout the conftest kills everything.
    proc = subprocess.run(args, capture_output=True, text=True, timeout=RUN_BOUND,
                          env=env, stdin=subprocess.DEVNULL)
    proc.seconds = time.monotonic() - start
    assert proc.returncode == 0, f"make grade failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def read_scores(out: Path) -> dict[str, dict]:
    with (out / "scores.csv").open(encoding="utf-8", newline="") as f:
        return {row["submission"]: row for row in csv.DictReader(f)}


def flag_kinds(row: dict) -> set[str]:
    return {item.split(":", 1)[0].strip() for item in row["flags"].split(";") if item.strip()}


@pytest.fixture(scope="module")
def built(grading_build) -> Path:
    """hw03 (graded here) and hw01 (the other assignment), built (conftest.py)."""
    return grading_build


@pytest.fixture(scope="module")
def run(built, tmp_path_factory):
    """One ``make grade`` run over every bad submission: (expected, scores, output folder, run)."""
    base = tmp_path_factory.mktemp("grading")
    submissions = base / "LMS download (hw03)"
    expected = bad_submissions.write_bad_submissions(built, submissions)
    out = base / "graded scores"
    mark = process_tree.new_mark()
    proc = make_grade(submissions, out, built, env=dict(os.environ, **{mark: "1"}))
    leftovers = process_tree.marked_pids(mark)
    process_tree.kill_marked(mark)
    return {"expected": expected, "scores": read_scores(out), "out": out, "proc": proc,
            "submissions": submissions, "leftovers": leftovers}


def test_every_submission_has_a_row_with_its_student(run):
    scores, expected = run["scores"], run["expected"]
    assert set(scores) == set(expected)
    for name, exp in expected.items():
        assert (scores[name]["student"], scores[name]["student_id"]) == (exp.student, exp.student_id), name


def test_a_submission_that_cannot_be_graded_scores_zero_with_its_reason(run):
    for name, exp in run["expected"].items():
        row = run["scores"][name]
        if exp.error is None:
            assert row["error"] == "", f"{name} was graded to the end"
        else:
            assert exp.error in row["error"], f"{name}: {row['error']!r}"
            assert float(row["total"]) == 0.0
            assert all(float(row[q]) == 0.0 for q in row if q.startswith("q"))


def test_correct_work_in_every_layout_gets_full_marks(run):
    for name, exp in run["expected"].items():
        row = run["scores"][name]
        if exp.full_marks:
            assert float(row["total"]) == float(row["possible"]) > 0, name


def test_integrity_flags_are_as_designed(run):
    for name, exp in run["expected"].items():
        assert flag_kinds(run["scores"][name]) == exp.flags, f"{name}: {run['scores'][name]['flags']}"


def test_the_endless_loop_is_stopped_at_the_cell_limit_and_the_rest_is_graded(run):
    row = run["scores"]["endless_loop.ipynb"]
    assert row["status"] == "graded" and row["error"] == ""
    assert "cell 3: time limit" in row["cells"], "the looping answer cell is named"
    assert float(row["q1"]) == 0.0, "the question whose answer never finished"
    correct = run["scores"]["correct.ipynb"]
    assert float(row["q2"]) == float(correct["q2"]) > 0 and float(row["q3"]) == float(correct["q3"]) > 0
    feedback = (run["out"] / "feedback" / "endless_loop.ipynb.txt").read_text(encoding="utf-8")
    assert "code cell 3 (`def my_entropy(p, base=2):`) ran past its time limit" in feedback
    assert run["proc"].seconds < RUN_BOUND


def test_no_process_of_the_run_outlives_it(run):
    assert run["leftovers"] == set(), "grade.py left processes (kernels?) running"


def test_the_run_ends_with_a_summary(run):
    n = len(run["expected"])
    errors = sum(e.error is not None for e in run["expected"].values())
    assert f"{n - errors} graded, {errors} with errors" in run["proc"].stdout
    assert "see" in run["proc"].stdout and "scores.csv" in run["proc"].stdout


def test_every_student_gets_a_feedback_file(run):
    feedback = run["out"] / "feedback"
    texts = {p.name: p.read_text(encoding="utf-8") for p in feedback.glob("*.txt")}
    assert len(texts) == len(run["expected"])
    blank = texts["hopperg_34567_89012_hw03_entropy.ipynb.txt"]
    possible = float(run["scores"]["hopperg_34567_89012_hw03_entropy.ipynb"]["possible"])
    assert f"Score: 0 of {possible:g} points" in blank and "a public test failed" in blank
    truncated = texts["truncated.ipynb.txt"]
    assert "could not be graded" in truncated and "not a notebook" in truncated
    hidden_code = "def test_"  # a hidden test's code never reaches a student
    assert all(hidden_code not in t for t in texts.values())


def test_gradebook_has_one_row_per_student_with_the_lms_identifier(run):
    with (run["out"] / "gradebook.csv").open(encoding="utf-8", newline="") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    assert len(rows) == len(run["expected"])
    assert rows["Ada Lovelace"]["identifier"] == "Participant 12345"
    assert rows["turingalan"]["identifier"] == "23456"
    assert float(rows["Ada Lovelace"]["grade"]) == float(rows["Ada Lovelace"]["possible"])


def test_a_resubmission_with_an_older_mtime_is_regraded_and_nothing_else(run, built):
    """Runs last: it changes the folder. A blank submission is replaced by correct work
    whose file carries an old modification time (as ``cp -p`` or ``unzip`` leave it)."""
    submissions, out = run["submissions"], run["out"]
    resubmitted = submissions / "hopperg_34567_89012_hw03_entropy.ipynb"
    shutil.copy(submissions / "correct.ipynb", resubmitted)
    os.utime(resubmitted, (946684800, 946684800))  # 2000-01-01, older than every result
    proc = make_grade(submissions, out, built)
    n = len(run["expected"])
    assert f"{n - 1} of {n} submissions already graded" in proc.stdout
    row = read_scores(out)["hopperg_34567_89012_hw03_entropy.ipynb"]
    assert float(row["total"]) == float(row["possible"])
    again = make_grade(submissions, out, built)
    assert f"{n} of {n} submissions already graded" in again.stdout


@pytest.fixture(scope="module")
def small_folder(built, tmp_path_factory) -> Path:
    """A correct submission and one whose kernel dies (graded again with that cell stopped),
    in a Moodle folder and a flat file."""
    folder = tmp_path_factory.mktemp("again") / "three runs"
    expected = bad_submissions.write_bad_submissions(built, folder)
    keep = {"os_exit.ipynb", "Ada Lovelace_12345_assignsubmission_file_/hw03_entropy.ipynb"}
    for name in expected:
        if name not in keep:
            (folder / name).unlink()
    return folder


def test_grading_the_same_folder_three_times_never_hangs(built, small_folder, tmp_path):
    results = []
    for i in range(3):
        mark = process_tree.new_mark()
        proc = make_grade(small_folder, tmp_path / "out", built, force=True,
                          env=dict(os.environ, **{mark: "1"}))
        assert process_tree.marked_pids(mark) == set(), f"run {i + 1} left processes behind"
        assert "2 graded, 0 with errors" in proc.stdout
        results.append({k: (v["total"], v["error"]) for k, v in read_scores(tmp_path / "out").items()})
    assert results[0] == results[1] == results[2]


@pytest.mark.parametrize(("name", "cell", "said"), [
    ("calls_exit.ipynb", 4, "code cell 4 (`exit()`) stopped: the cell called exit(), quit() or sys.exit()"),
    ("calls_sys_exit.ipynb", 6, "code cell 6 (`import sys`) stopped: the cell called exit(), quit() or sys.exit()"),
    ("raises_system_exit.ipynb", 4, "code cell 4 (`raise SystemExit`) stopped: the cell called exit()"),
])
def test_exit_stops_its_cell_only_and_every_question_is_graded(run, name, cell, said):
    row = run["scores"][name]
    assert row["status"] == "graded" and row["error"] == "", row
    assert row["cells"] == f"cell {cell}: SystemExit"
    text = (run["out"] / "feedback" / f"{Path(name).stem}.ipynb.txt").read_text(encoding="utf-8")
    assert said in text and "grading went on with the next cell" in text


def test_a_loop_that_swallows_the_interrupt_is_stopped_and_the_rest_graded(run):
    row = run["scores"]["swallows_interrupt.ipynb"]
    assert row["status"] == "graded" and row["error"] == "", row
    assert row["cells"] == "cell 4: time limit"
    text = (run["out"] / "feedback" / "swallows_interrupt.ipynb.txt").read_text(encoding="utf-8")
    assert "code cell 4 (`import time`) ran past its time limit and was stopped" in text


def test_the_cell_stopped_is_the_one_that_swallowed_the_interrupt_not_one_that_starts_alike(run):
    row = run["scores"]["swallows_interrupt_after_same_first_line.ipynb"]
    assert row["status"] == "graded" and row["error"] == "", row
    assert row["cells"] == "cell 5: time limit", "cell 4 starts with the same line and ran quickly"
    text = (run["out"] / "feedback" / "swallows_interrupt_after_same_first_line.ipynb.txt").read_text(
        encoding="utf-8")
    assert "code cell 5 (`import time`) ran past its time limit and was stopped" in text


def test_a_cell_that_kills_its_kernel_is_stopped_and_the_rest_graded(run):
    row = run["scores"]["os_exit.ipynb"]
    assert row["status"] == "graded" and row["error"] == "", row
    assert row["cells"] == "cell 4: kernel died"
    assert float(row["total"]) == float(row["possible"]) > 0, "the questions around the cell keep their points"
    text = (run["out"] / "feedback" / "os_exit.ipynb.txt").read_text(encoding="utf-8")
    assert "code cell 4 (`import os`) stopped: the cell ended the Python process that runs the notebook" in text
