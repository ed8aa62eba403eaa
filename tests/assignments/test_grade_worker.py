"""The grading worker does without otter's log server, whose handler can spin forever.

The patch is checked in a fresh interpreter (it changes otter's module globals).
If a new otter changes the code it replaces, ``disable_log_server`` raises, and
this test fails and says so, instead of grading silently with the server on.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "assignments"))
import process_tree  # noqa: E402

if importlib.util.find_spec("otter") is None:
    pytest.skip("otter-grader is not installed (the 'assign' extra)", allow_module_level=True)

pytestmark = pytest.mark.time_limit(120)

PROBE = """
import sys, threading
sys.path.insert(0, {assignments!r})
import grade_worker
import otter.execute, otter.execute.preprocessor as pre
assert grade_worker.SEND_LOGS_LINE in pre.INIT_CELL_SOURCE, "otter's prologue connects to the log server"
grade_worker.disable_log_server()
assert "send_logs" not in pre.INIT_CELL_SOURCE, "the kernel is not told to connect"
before = threading.active_count()
(host, port), stop = otter.execute.start_server()
assert threading.active_count() == before, "no server thread is started"
stop()
print("ok")
"""


def test_grading_starts_no_log_server_and_the_kernel_sends_no_logs():
    outcome = process_tree.run(
        [sys.executable, "-c", PROBE.format(assignments=str(ROOT / "assignments"))], timeout=90
    )
    assert outcome.returncode == 0 and outcome.stdout.strip() == "ok", outcome.stdout + outcome.stderr
