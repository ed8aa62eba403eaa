"""Failures of the grading machinery are retried, then reported as such: never a student's 0.

A kernel that does not start is simulated with a Jupyter kernel spec named
``python3`` (otter's kernel) on ``JUPYTER_PATH`` whose command exits at once for
the first attempts (it reads ``GRADING_ATTEMPT``, which grade.py sets for each
attempt) and then starts the real kernel. A kernel that never starts leaves the
submission not graded: its own status, no score (not 0) in the CSV and the
gradebook, not cached, a message and exit code 3; once the kernel starts again, the
same command grades it. A kernel that fails once is retried and the submission graded.

The cache's rules are checked on records directly: a result that hit a time limit
is graded again when the limit is raised, and only then.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENTS = ROOT / "assignments"
PY = sys.executable

sys.path.insert(0, str(ASSIGNMENTS))
import bad_submissions  # noqa: E402
import fixtures  # noqa: E402
import grade  # noqa: E402
import sandbox  # noqa: E402
from submissions import Submission  # noqa: E402

pytestmark = [pytest.mark.requires_otter, pytest.mark.time_limit(600)]

#: The kernel's command: exit at once while the attempt is at most FAILS, else start ipykernel.
KERNEL = (
    "import os, sys\n"
    "if int(os.environ.get('GRADING_ATTEMPT', '1')) <= {fails}:\n"
    "    sys.exit('this kernel fails to start (attempt %s)' % os.environ.get('GRADING_ATTEMPT'))\n"
    "from ipykernel import kernelapp\n"
    "kernelapp.launch_new_instance()\n"
)


def _kernels(folder: Path, fails: int) -> Path:
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [PY, "-c", KERNEL.format(fails=fails), "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python",
    }), encoding="utf-8")
    return folder


def _grade(built: Path, folder: Path, out: Path, jupyter_path: Path | None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if jupyter_path is not None:
        env["JUPYTER_PATH"] = str(jupyter_path)
    args = [PY, str(ASSIGNMENTS / "grade.py"), bad_submissions.STEM, str(folder), "--build", str(built),
            "--out", str(out), "--jobs", "1", "--timeout", "120", "--retries", "1", "--retry-pause", "0.5",
            "--no-progress"]
    try:
        sandbox.check()
    except sandbox.SandboxUnavailable:
        args.append("--no-sandbox")
    return subprocess.run(args, capture_output=True, text=True, timeout=500, env=env, stdin=subprocess.DEVNULL)


def _rows(out: Path, name: str) -> dict[str, dict]:
    with (out / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def folder(grading_build, tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("failures")
    stem = bad_submissions.STEM
    written = {p.stem: p for p in fixtures.write_fixtures(
        grading_build / stem / "student" / f"{stem}.ipynb",
        grading_build / stem / "autograder" / f"{stem}.ipynb", base / "fixtures", stem)}
    subs = base / "submissions"
    subs.mkdir()
    (subs / "张伟.ipynb").write_bytes(written["correct"].read_bytes())
    return subs


def test_a_kernel_that_never_starts_is_not_a_zero_and_a_later_run_grades_it(grading_build, folder, tmp_path):
    out = tmp_path / "graded"
    broken = _grade(grading_build, folder, out, _kernels(tmp_path / "never", fails=99))
    assert broken.returncode == 3, broken.stdout + broken.stderr
    assert "1 NOT GRADED because grading itself failed before the notebook ran" in broken.stderr
    assert "0 graded, 0 with errors" in broken.stdout
    [row] = _rows(out, "scores.csv")
    assert row["status"] == "grading infrastructure error"
    assert row["total"] == "" and row["q1"] == "", "no score, not 0"
    assert "failed before the notebook ran, 2 times" in row["error"]
    assert "this kernel fails to start" in (out / "logs" / "张伟.ipynb.log").read_text(encoding="utf-8")
    [book] = _rows(out, "gradebook.csv")
    assert book["grade"] == "" and book["status"] == "grading infrastructure error"
    assert "not a 0" in (out / "feedback" / "张伟.ipynb.txt").read_text(encoding="utf-8")
    assert not (out / "results" / "张伟.ipynb.json").exists(), "not cached"

    fixed = _grade(grading_build, folder, out, _kernels(tmp_path / "once", fails=1))
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "already graded" not in fixed.stdout
    [row] = _rows(out, "scores.csv")
    assert row["status"] == "graded" and float(row["total"]) == float(row["possible"]) > 0
    cached = json.loads((out / "results" / "张伟.ipynb.json").read_text(encoding="utf-8"))
    assert cached["attempts"] == 2, "the first attempt's kernel failed; the retry graded it"


def _record(out: Path, sub: Submission, **fields) -> None:
    (out / "results").mkdir(parents=True, exist_ok=True)
    record = {"submission_sha256": "s", "autograder_sha256": "a", "status": "graded", "error": None,
              "settings": grade.Settings(timeout=60).cache_terms(), **fields}
    (out / "results" / f"{sub.key}.json").write_text(json.dumps(record), encoding="utf-8")


@pytest.mark.parametrize(("hit", "timeout", "regraded"), [
    (True, 60, False),  # the same limit: the cached result holds
    (True, 30, False),  # a shorter limit: it would time out again
    (True, 90, True),  # a longer limit: it may finish now
    (False, 90, False),  # it did not hit the limit: a longer one changes nothing
])
def test_a_result_that_hit_a_time_limit_is_regraded_when_the_limit_is_raised(tmp_path, hit, timeout, regraded):
    sub = Submission(tmp_path / "a.ipynb", "a.ipynb", "a", "", "flat")
    _record(tmp_path, sub, hit_time_limit=hit)
    cached = grade.cached_result(tmp_path, sub, "s", "a", grade.Settings(timeout=timeout))
    assert (cached is None) == regraded


def test_a_raised_cell_limit_regrades_a_result_stopped_at_a_cell(tmp_path):
    sub = Submission(tmp_path / "a.ipynb", "a.ipynb", "a", "", "flat")
    _record(tmp_path, sub, hit_time_limit=True)
    assert grade.cached_result(tmp_path, sub, "s", "a", grade.Settings(timeout=60, cell_timeout=45)) is None
    assert grade.cached_result(tmp_path, sub, "s", "a", grade.Settings(timeout=60, cell_timeout=30)) is not None


def test_a_result_cached_by_a_grader_that_did_not_record_its_version_is_regraded(tmp_path):
    # Such a result comes from older grading code (without the fixes since), whatever it says.
    sub = Submission(tmp_path / "a.ipynb", "a.ipynb", "a", "", "flat")
    (tmp_path / "results").mkdir()
    path = tmp_path / "results" / f"{sub.key}.json"
    for record in ({"error": "timed out after 60 s (an endless loop?)"}, {"error": None},
                   {"error": None, "status": "graded", "settings": {"timeout": 60, "sandbox": True}}):
        path.write_text(json.dumps({"submission_sha256": "s", "autograder_sha256": "a", **record}),
                        encoding="utf-8")
        assert grade.cached_result(tmp_path, sub, "s", "a", grade.Settings(timeout=60)) is None, record


def test_a_result_of_the_other_sandbox_mode_is_regraded(tmp_path):
    sub = Submission(tmp_path / "a.ipynb", "a.ipynb", "a", "", "flat")
    _record(tmp_path, sub)
    assert grade.cached_result(tmp_path, sub, "s", "a", grade.Settings(timeout=60, sandbox=False)) is None
    assert grade.cached_result(tmp_path, sub, "s", "a", grade.Settings(timeout=60)) is not None


def test_a_result_graded_by_other_grading_code_is_regraded(tmp_path, monkeypatch):
    sub = Submission(tmp_path / "a.ipynb", "a.ipynb", "a", "", "flat")
    _record(tmp_path, sub)
    assert grade.cached_result(tmp_path, sub, "s", "a", grade.Settings(timeout=60)) is not None
    monkeypatch.setattr(grade, "grader_version", lambda: "an updated grader")
    assert grade.cached_result(tmp_path, sub, "s", "a", grade.Settings(timeout=60)) is None


def test_the_grader_version_changes_with_the_code_that_grades(tmp_path, monkeypatch):
    for name in grade.GRADER_FILES:
        (tmp_path / name).write_bytes((grade.HERE / name).read_bytes())
    monkeypatch.setattr(grade, "HERE", tmp_path)
    before = grade.grader_version()
    assert before == grade.grader_version(), "the same code, the same version"
    with (tmp_path / "grade_worker.py").open("a", encoding="utf-8") as f:
        f.write("\n# a fix\n")
    assert grade.grader_version() != before
