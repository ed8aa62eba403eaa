"""scripts/shared_pytest.py: processes that share a folder's test files run each exactly once."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "shared_pytest.py"
_spec = importlib.util.spec_from_file_location("shared_pytest", SCRIPT)
shared = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shared)

PYTEST_ARGS = ["-q", "-p", "no:cacheprovider", "-o", "addopts="]


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "suite"
    folder.mkdir()
    for name, body in files.items():
        (folder / name).write_text(body)
    return folder


def _run(folder: Path, queue: Path, *extra: str, timeout: float = 60) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(SCRIPT), str(folder), "--queue", str(queue), *extra, "--", *PYTEST_ARGS],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def test_two_processes_run_every_file_exactly_once(tmp_path):
    log = tmp_path / "log"
    log.mkdir()
    body = (
        "import os, pathlib, time\n"
        "def test_record():\n"
        "    time.sleep(0.3)\n"
        f"    pathlib.Path({str(log)!r}, pathlib.Path(__file__).name + '.' + str(os.getpid())).touch()\n"
    )
    names = [f"test_{i}.py" for i in range(4)]
    folder = _folder(tmp_path, {name: body for name in names})
    queue = tmp_path / "queue"
    procs = [_run(folder, queue) for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    ran = sorted(f.name.rsplit(".", 1)[0] for f in log.iterdir())
    assert ran == sorted(names), ran  # each once: no file twice, none left out
    assert sorted(d.name for d in queue.iterdir()) == sorted(names)


def test_a_failing_file_fails_the_process_that_ran_it_and_the_others_still_run(tmp_path):
    folder = _folder(tmp_path, {
        "test_bad.py": "def test_bad():\n    assert 1 == 2\n",
        "test_good.py": "def test_good():\n    pass\n",
    })
    proc = _run(folder, tmp_path / "queue")
    out = proc.communicate(timeout=120)[0]
    assert proc.returncode == 1, out
    assert "FAILED (exit 1)  test_bad.py" in out and "ok" in out and "test_good.py" in out, out


@pytest.mark.parametrize("quiet", [[], ["-q"], ["-q", "-q"]], ids=["default", "-q", "-qq"])
def test_tests_are_counted_per_file_however_quiet_pytest_is(tmp_path, quiet):
    folder = _folder(tmp_path, {
        "test_three.py": "import pytest\n@pytest.mark.parametrize('i', range(3))\ndef test_x(i):\n    pass\n",
        "test_one.py": "def test_y():\n    pass\n",
    })
    counts = shared.count_tests(folder, ["-p", "no:cacheprovider", "-o", "addopts=", *quiet])
    assert counts == {"test_three.py": 3, "test_one.py": 1}


def test_files_with_more_tests_are_taken_first():
    files = [Path("test_a.py"), Path("test_b.py"), Path("test_c.py")]
    assert [f.name for f in shared.order(files, {"test_b.py": 9, "test_c.py": 2})] == ["test_b.py", "test_c.py", "test_a.py"]


def test_a_file_that_overruns_is_killed_with_its_children(tmp_path):
    pid_file = tmp_path / "child.pid"
    folder = _folder(tmp_path, {
        "test_hang.py": (
            "import subprocess, sys, time, pathlib\n"
            "def test_hang():\n"
            "    child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
            f"    pathlib.Path({str(pid_file)!r}).write_text(str(child.pid))\n"
            "    time.sleep(600)\n"
        ),
    })
    start = time.monotonic()
    proc = _run(folder, tmp_path / "queue", "--timeout", "5")
    out = proc.communicate(timeout=120)[0]
    assert proc.returncode == 1, out
    assert time.monotonic() - start < 60
    assert "killed with its children" in out, out
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        # A killed child not yet reaped by init is a zombie: gone for our purpose.
        stat = Path(f"/proc/{child}/stat")
        if stat.exists() and stat.read_text().split(") ")[-1].startswith("Z"):
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"the test's child process {child} outlived the time limit")


@pytest.mark.parametrize("args, message", [
    (["missing-folder", "--queue", "q"], "is not a folder"),
    (["tests", "--queue", "q", "--timeout", "0"], "--timeout: must be a positive number of seconds, not 0"),
])
def test_bad_arguments_say_what_is_wrong(tmp_path, args, message):
    proc = subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT if args[0] == "tests" else tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert message in proc.stderr, proc.stderr
