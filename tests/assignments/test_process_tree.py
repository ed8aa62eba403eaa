"""process_tree.run: a time limit that kills the command and everything it started.

The grandchild in these tests imitates a Jupyter kernel: it is started in a session
of its own (as jupyter_client starts kernels), so killing the command's process
group does not reach it. It must die anyway.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "assignments"))
import process_tree  # noqa: E402

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX"),
    pytest.mark.time_limit(150),
]

# Starts a "kernel" (sleeps for an hour, in a new session), writes its pid, then
# either loops forever or exits at once, leaving the kernel behind.
PARENT = """
import subprocess, sys, time
kernel = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"],
                          start_new_session=True)
open(sys.argv[1], "w").write(str(kernel.pid))
if sys.argv[2] == "loop":
    while True:
        time.sleep(0.05)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] != "Z"  # a zombie is dead
    except FileNotFoundError:
        return False
    except OSError:
        os.kill(pid, 0)
        return True


def _wait_gone(pid: int, seconds: float = 30.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


def _kernel_pid(path: Path) -> int:
    end = time.monotonic() + 40
    while time.monotonic() < end:
        if path.exists() and path.read_text():
            return int(path.read_text())
        time.sleep(0.05)
    raise AssertionError("the command did not start its kernel")


def test_timeout_kills_the_command_and_a_kernel_in_its_own_session(tmp_path):
    pid_file = tmp_path / "kernel.pid"
    outcome = process_tree.run([sys.executable, "-c", PARENT, str(pid_file), "loop"], timeout=20)
    assert outcome.timed_out
    assert outcome.returncode < 0, "the command was killed"
    assert _wait_gone(_kernel_pid(pid_file)), "the kernel outlived the timeout"


def test_a_kernel_left_behind_by_a_command_that_ended_is_killed(tmp_path):
    pid_file = tmp_path / "kernel.pid"
    outcome = process_tree.run([sys.executable, "-c", PARENT, str(pid_file), "exit"], timeout=30)
    assert not outcome.timed_out and outcome.returncode == 0
    assert _wait_gone(_kernel_pid(pid_file)), "the orphaned kernel is still running"


def test_output_and_exit_code_of_a_command_that_ends_in_time(tmp_path):
    outcome = process_tree.run(
        [sys.executable, "-c", "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"],
        timeout=30,
    )
    assert (outcome.returncode, outcome.stdout.strip(), outcome.stderr.strip()) == (3, "out", "err")
    assert not outcome.timed_out


def test_every_process_started_carries_the_mark_of_its_tree(tmp_path):
    mark = process_tree.new_mark()
    code = f"import os; print(os.environ.get({mark!r}, 'missing'))"
    outcome = process_tree.run([sys.executable, "-c", code], timeout=30, env=dict(os.environ, **{mark: "1"}))
    assert outcome.stdout.strip() == "1", "a mark set by the caller is inherited"
    probe = "import os; print(sorted(k for k in os.environ if k.startswith('PROCESS_TREE_MARK_')))"
    outcome = process_tree.run([sys.executable, "-c", probe], timeout=30)
    assert len(eval(outcome.stdout)) >= 1, "run() adds a mark of its own"
