"""Grading in the bubblewrap sandbox: hostile submissions get a reason and change nothing.

One ``grade.py`` run (sandbox on, the default) grades hw03 submissions that each try
one thing a sandbox must stop: read another student's submission, the masters, or
the instructor's ``~/.ssh`` (a fake home made here), open a network connection,
write outside their own folder, fork without end, allocate 20 GB, and hang in a
cell that ignores interrupts. Next to them: a correct submission, graded normally,
and one that raises midway (a module missing from the grading environment, a
NumPy shape mismatch) whose other questions are still graded and whose feedback
says what went wrong in which cell.

A canary file outside the sandbox must still be there unchanged after the run,
and nothing the run started may outlive it.
"""

from __future__ import annotations

import csv
import json
import os
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
import fixtures  # noqa: E402
import process_tree  # noqa: E402
import sandbox  # noqa: E402

try:
    sandbox.check()
except sandbox.SandboxUnavailable as exc:
    if os.environ.get("CI"):
        raise RuntimeError(f"the grading sandbox must work under CI: {exc}") from None
    pytest.skip(f"no grading sandbox here: {exc}", allow_module_level=True)

#: Seconds a submission may run (the hang that ignores interrupts is killed after
#: this); an honest one takes 4 s, 20 s or more on a loaded machine.
TIMEOUT = 60
pytestmark = [pytest.mark.requires_otter, pytest.mark.time_limit(900)]


def _hostile(canary: Path, other: Path, secret: Path) -> dict[str, str]:
    """File name -> the cell it adds after q1's answer."""
    master = ASSIGNMENTS / f"{bad_submissions.STEM}.ipynb"
    return {
        "reads_other_student.ipynb": f"open({str(other)!r}).read()",
        "reads_master.ipynb": f"open({str(master)!r}).read()",
        "reads_ssh_key.ipynb": f"open({str(secret)!r}).read()",
        "opens_socket.ipynb": "import socket\nsocket.create_connection(('1.1.1.1', 80), timeout=5)",
        "writes_outside.ipynb": f"open({str(canary)!r}, 'w').write('overwritten')",
        "fork_bomb.ipynb": (
            "import os, time\n"
            "while True:\n"
            "    if os.fork() == 0:\n"
            "        time.sleep(600)\n"
            "        os._exit(0)"
        ),
        "allocates_20gb.ipynb": "big = bytearray(20 * 1024**3)",
        "hangs_ignoring_interrupts.ipynb": (
            "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    time.sleep(1)"
        ),
    }


@pytest.fixture(scope="module")
def run(grading_build, tmp_path_factory):
    base = tmp_path_factory.mktemp("sandbox")
    folder = base / "submissions"
    scratch = base / "fixtures"
    built = grading_build
    stem = bad_submissions.STEM
    written = {p.stem: p for p in fixtures.write_fixtures(
        built / stem / "student" / f"{stem}.ipynb", built / stem / "autograder" / f"{stem}.ipynb", scratch, stem)}
    correct = json.loads(written["correct"].read_text(encoding="utf-8"))
    home = base / "instructor home"
    secret = home / ".ssh" / "id_ed25519"
    secret.parent.mkdir(parents=True)
    secret.write_text("PRIVATE KEY\n", encoding="utf-8")
    canary = base / "canary.txt"
    canary.write_text("untouched\n", encoding="utf-8")
    folder.mkdir()
    other = folder / "correct.ipynb"
    bad_submissions._write(other, correct)
    for name, cell in _hostile(canary, other, secret).items():
        bad_submissions._write(folder / name, bad_submissions._with_cell_after(correct, "q1", cell))
    # Raises midway: a module the grading environment lacks, then a shape mismatch;
    # q2 and q3's answers are correct.
    midway = bad_submissions._with_cell_after(correct, "q1", "import seaborn as sns")
    midway = bad_submissions._with_cell_after(midway, "q2", "np.ones(3) + np.ones(4)")
    bad_submissions._write(folder / "raises_midway.ipynb", midway)
    out = base / "graded"
    mark = process_tree.new_mark()
    env = dict(os.environ, HOME=str(home), **{mark: "1"})
    start = time.monotonic()
    proc = subprocess.run(
        [PY, str(ASSIGNMENTS / "grade.py"), stem, str(folder), "--build", str(built), "--out", str(out),
         "--jobs", "2", "--timeout", str(TIMEOUT), "--no-progress"],
        capture_output=True, text=True, timeout=800, env=env, stdin=subprocess.DEVNULL,
    )
    seconds = time.monotonic() - start
    leftovers = process_tree.marked_pids(mark)
    process_tree.kill_marked(mark)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with (out / "scores.csv").open(encoding="utf-8", newline="") as f:
        rows = {r["submission"]: r for r in csv.DictReader(f)}
    return {"rows": rows, "out": out, "canary": canary, "secret": secret, "proc": proc,
            "leftovers": leftovers, "seconds": seconds}


def _feedback(run, name: str) -> str:
    return (run["out"] / "feedback" / f"{name}.txt").read_text(encoding="utf-8")


def _full(row) -> bool:
    return float(row["total"]) == float(row["possible"]) > 0


def test_the_correct_submission_is_graded_normally_next_to_the_hostile_ones(run):
    row = run["rows"]["correct.ipynb"]
    assert row["status"] == "graded" and _full(row), row


@pytest.mark.parametrize(("name", "raised"), [
    ("reads_other_student.ipynb", "FileNotFoundError"),
    ("reads_master.ipynb", "FileNotFoundError"),
    ("reads_ssh_key.ipynb", "FileNotFoundError"),
    ("opens_socket.ipynb", "OSError"),
    ("writes_outside.ipynb", "FileNotFoundError"),
    ("allocates_20gb.ipynb", "MemoryError"),
])
def test_what_the_sandbox_forbids_raises_in_that_cell_and_the_rest_is_graded(run, name, raised):
    row = run["rows"][name]
    assert row["status"] == "graded", row
    assert f"cell 4: {raised}" in row["cells"], row["cells"]
    assert _full(row), "the answers are correct: the failed cell costs nothing"


def test_nothing_outside_the_sandbox_is_read_or_written(run):
    assert run["canary"].read_text(encoding="utf-8") == "untouched\n"
    for name in ("reads_other_student.ipynb", "reads_master.ipynb", "reads_ssh_key.ipynb"):
        assert "PRIVATE KEY" not in _feedback(run, name)
        assert "No such file or directory" in _feedback(run, name)


def test_no_network_is_explained(run):
    assert "Network is unreachable" in _feedback(run, "opens_socket.ipynb")


def test_a_fork_bomb_stops_at_the_process_limit(run):
    row = run["rows"]["fork_bomb.ipynb"]
    assert row["status"] == "graded" and "cell 4: BlockingIOError" in row["cells"], row
    assert "more processes or threads than grading allows" in _feedback(run, "fork_bomb.ipynb")
    assert _full(row)


def test_20_gb_is_refused_and_explained(run):
    assert "more memory than grading allows" in _feedback(run, "allocates_20gb.ipynb")


def test_a_hang_that_ignores_interrupts_is_stopped_and_the_rest_graded(run):
    """Killed at the time limit, then graded again with its cell stopped at its start."""
    row = run["rows"]["hangs_ignoring_interrupts.ipynb"]
    assert row["status"] == "graded" and row["error"] == "" and _full(row), row
    assert row["cells"] == "cell 4: time limit"
    text = _feedback(run, "hangs_ignoring_interrupts.ipynb")
    assert "code cell 4 (`import signal, time`) ran past its time limit and was stopped" in text
    cached = json.loads((run["out"] / "results" / "hangs_ignoring_interrupts.ipynb.json").read_text())
    assert cached["hit_time_limit"] and cached["settings"]["timeout"] == TIMEOUT


def test_a_notebook_that_raises_midway_keeps_the_questions_that_ran(run):
    row = run["rows"]["raises_midway.ipynb"]
    assert row["status"] == "graded" and _full(row), row
    assert row["cells"] == "cell 4: ModuleNotFoundError; cell 7: ValueError"
    text = _feedback(run, "raises_midway.ipynb")
    assert "code cell 4 (`import seaborn as sns`) raised ModuleNotFoundError" in text
    assert "the module seaborn is not installed where notebooks are graded" in text
    assert "code cell 7 (`np.ones(3) + np.ones(4)`) raised ValueError" in text
    assert "a NumPy shape mismatch" in text


def test_no_process_outlives_the_run(run):
    assert run["leftovers"] == set()


def test_two_grading_runs_never_share_a_sandbox_user(monkeypatch):
    monkeypatch.setattr(sandbox, "as_root", lambda: True)
    users = set()
    for pid in (1, 2, 4_194_304, sandbox.RUNS - 1):
        monkeypatch.setattr(sandbox.os, "getpid", lambda pid=pid: pid)
        users |= {sandbox.uid(slot) for slot in (0, 1, sandbox.SLOTS_PER_RUN - 1)}
    assert len(users) == 12, "every run and slot has its own user"
    assert min(users) >= sandbox.UID_BASE and max(users) < 2**32 - 1
    with pytest.raises(ValueError, match="slot"):
        sandbox.uid(sandbox.SLOTS_PER_RUN)
