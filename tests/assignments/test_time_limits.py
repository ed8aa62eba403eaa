"""The time limit of the assignment tests (conftest.py) fails a stuck test and kills its kernels.

A test that starts a "kernel" (a process in a session of its own, as jupyter_client
starts kernels) and then blocks forever is run by a nested pytest with the
conftest's hooks loaded: it must fail with TimeLimitExceeded within seconds, and
its kernel must be dead when the next test of the same run starts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "assignments"))
import process_tree  # noqa: E402

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX"),
    pytest.mark.time_limit(240),
]

STUCK_TEST = '''
import subprocess, sys, time
import pytest

@pytest.mark.time_limit(5)
def test_stuck(tmp_path):
    kernel = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"],
                              start_new_session=True)
    open({pid_file!r}, "w").write(str(kernel.pid))
    time.sleep(3600)


def test_then_its_kernel_is_dead():
    pid = int(open({pid_file!r}).read())
    for _ in range(100):
        try:
            with open(f"/proc/{{pid}}/stat") as f:
                if f.read().split(") ")[1][0] == "Z":
                    return
        except FileNotFoundError:
            return
        time.sleep(0.05)
    raise AssertionError(f"the kernel {{pid}} of the stuck test outlived it")
'''


def test_a_stuck_test_fails_at_its_limit_and_its_kernel_is_killed(tmp_path):
    pid_file = tmp_path / "kernel.pid"
    (tmp_path / "test_stuck.py").write_text(STUCK_TEST.format(pid_file=str(pid_file)), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]))
    outcome = process_tree.run(
        [sys.executable, "-m", "pytest", "-p", "conftest", "-o", "addopts=", "-p", "no:cacheprovider",
         "-q", "-s", str(tmp_path / "test_stuck.py"), "--rootdir", str(tmp_path)],
        timeout=150, cwd=tmp_path, env=env,
    )
    report = outcome.stdout + outcome.stderr
    assert not outcome.timed_out, f"the nested test run hung:\n{report}"
    assert "1 failed, 1 passed" in report, report
    # the nested run ended well inside its 150 s bound (not after the hour-long sleep), and
    # by the 5 s limit: how long the run took beyond that depends on the machine's load
    assert "TimeLimitExceeded" in report and "time limit of 5 s" in report
