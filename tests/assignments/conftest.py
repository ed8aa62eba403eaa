"""Time limits for the assignment tests: they run kernels, which must never hang CI.

Each phase of a test here (setup, which includes module fixtures, the call, and
teardown) runs with a time limit: ``DEFAULT_TIME_LIMIT`` seconds, or the seconds
of a ``@pytest.mark.time_limit(seconds)`` marker. While a phase runs, the
environment of this process carries a mark of its own (``process_tree.new_mark``),
which every process the phase starts inherits: ``make``, ``grade.py``, its workers,
and the kernels, which jupyter_client starts in sessions of their own and which a
timeout of pytest (or a kill of one process group) would leave running.

When the limit passes, every process carrying the mark, every descendant of this
process and every process tree started through ``process_tree.run`` is killed, and
the phase fails with :class:`TimeLimitExceeded`. After every phase, whatever still
carries the mark is killed, so that no kernel outlives the test that started it.

A module whose tests grade submissions marks them ``@pytest.mark.requires_otter``:
without otter-grader and tqdm (the ``assign`` extra) they are skipped, before any
fixture is set up, and under CI (the environment variable ``CI`` set) they fail.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "assignments"))
import process_tree  # noqa: E402

#: Seconds per phase. Generous: it bounds a hang, it is not a speed target.
DEFAULT_TIME_LIMIT = 2400.0


class TimeLimitExceeded(Exception):
    """A test phase ran past its time limit; what it started was killed."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "time_limit(seconds): time limit of each phase of an assignment test; on expiry, "
        "every process the test started (kernels included) is killed",
    )
    config.addinivalue_line(
        "markers",
        "requires_otter: the test grades submissions: skipped without otter-grader and tqdm "
        "(the 'assign' extra), an error under CI",
    )


def _grading_packages_missing() -> list[str]:
    return [name for name in ("otter", "tqdm") if importlib.util.find_spec(name) is None]


def _require_otter(item) -> None:
    """Skip (fail under CI) a ``requires_otter`` test when the 'assign' extra is missing."""
    if item.get_closest_marker("requires_otter") is None:
        return
    missing = [name for name in ("otter", "tqdm") if importlib.util.find_spec(name) is None]
    if not missing:
        return
    what = f"{' and '.join(missing)} (the 'assign' extra)"
    if os.environ.get("CI"):
        pytest.fail(f"{what} needed for the grading tests under CI: pip install -e '.[assign]'", pytrace=False)
    pytest.skip(f"{what} not installed; grading tests skipped")


def _kill_everything(mark: str) -> None:
    process_tree.kill_all_live()
    process_tree.kill_marked(mark)
    try:
        import psutil

        children = psutil.Process().children(recursive=True)
    except Exception:  # psutil missing: the mark has done the work
        children = []
    own_group = os.getpgid(0)
    for child in children:
        try:
            group = os.getpgid(child.pid)
            if group != own_group:
                os.killpg(group, signal.SIGKILL)
            child.kill()
        except (OSError, psutil.Error):
            pass


def _limited(item, when: str):
    marker = item.get_closest_marker("time_limit")
    seconds = float(marker.args[0]) if marker else DEFAULT_TIME_LIMIT
    if not hasattr(signal, "setitimer"):  # not POSIX: no limit
        return (yield)
    mark = process_tree.new_mark()
    os.environ[mark] = "1"

    def on_alarm(signum, frame):
        _kill_everything(mark)
        raise TimeLimitExceeded(
            f"{item.nodeid} ({when}) ran past its time limit of {seconds:g} s; "
            "every process it started was killed"
        )

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return (yield)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        del os.environ[mark]
        process_tree.kill_marked(mark)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    _require_otter(item)  # before any fixture is set up
    return (yield from _limited(item, "setup"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    return (yield from _limited(item, "call"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    return (yield from _limited(item, "teardown"))


@pytest.fixture(scope="session")
def grading_build(tmp_path_factory) -> Path:
    """hw03 (graded by the grading pipeline's tests) and hw01 (another assignment), built once."""
    import bad_submissions

    out = tmp_path_factory.mktemp("grading-build")
    outcome = process_tree.run(
        [sys.executable, str(ROOT / "assignments" / "build.py"), bad_submissions.STEM,
         bad_submissions.OTHER_STEM, "--out", str(out)],
        timeout=600,
    )
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    return out
