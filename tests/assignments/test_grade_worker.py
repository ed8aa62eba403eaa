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


CELL_LIMITS = """
import sys, time
sys.path.insert(0, {assignments!r})
import grade_worker
import otter.execute
grade_worker.limit_cells(30, time.time() + 10, {progress!r})
c = otter.execute.Config()
assert c.ExecutePreprocessor.interrupt_on_timeout is True, "a cell past its limit is interrupted"
limit = c.ExecutePreprocessor.timeout_func({{"source": "while True:\\n    pass"}})
assert 8 <= limit <= 10, ("the deadline is nearer than the cell limit", limit)
print("ok")
"""


def test_every_cell_gets_a_limit_that_ends_before_the_deadline_and_is_recorded(tmp_path):
    progress = tmp_path / "progress"
    outcome = process_tree.run(
        [sys.executable, "-c", CELL_LIMITS.format(assignments=str(ROOT / "assignments"), progress=str(progress))],
        timeout=90,
    )
    assert outcome.returncode == 0 and outcome.stdout.strip() == "ok", outcome.stdout + outcome.stderr
    assert progress.read_text(encoding="utf-8") == "while True:\n    pass", "the running cell is recorded"


LIMITS = """
import os, resource, sys
sys.path.insert(0, {assignments!r})
import grade_worker
if os.geteuid() == 0:  # as in a sandbox started by root: an unprivileged user first
    grade_worker.become("2000000000")
grade_worker.apply_limits("as=2147483648,fsize=1048576")
assert resource.getrlimit(resource.RLIMIT_AS) == (2147483648, 2147483648)
try:
    bytearray(3 * 1024**3)
except MemoryError:
    pass
else:
    raise AssertionError("3 GB allocated under a 2 GB limit")
try:
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
except (ValueError, OSError):
    print("ok")
"""


def test_resource_limits_hold_and_cannot_be_raised_again():
    outcome = process_tree.run([sys.executable, "-c", LIMITS.format(assignments=str(ROOT / "assignments"))],
                               timeout=90)
    assert outcome.returncode == 0 and outcome.stdout.strip() == "ok", outcome.stdout + outcome.stderr


LAZY_EXPORT = """
import sys
sys.path.insert(0, {assignments!r})
import grade_worker
exec(grade_worker.LAZY_EXPORT, {{}})
from otter import Notebook
import otter.api
assert "otter.export.exporters" not in sys.modules and "mistune" not in sys.modules, "no exporter is imported"
stand_in = sys.modules["otter.export"]
assert otter.api.export_notebook is stand_in.export_notebook
try:
    otter.api.export_notebook("no-such-notebook.ipynb")
except Exception:
    pass
real = sys.modules["otter.export"]
assert real is not stand_in and real.__file__.endswith("__init__.py"), "exporting imports the real module"
print("ok")
"""


def test_otters_exporters_are_imported_only_when_a_notebook_is_exported():
    outcome = process_tree.run([sys.executable, "-c", LAZY_EXPORT.format(assignments=str(ROOT / "assignments"))],
                               timeout=90)
    assert outcome.returncode == 0 and outcome.stdout.strip() == "ok", outcome.stdout + outcome.stderr
