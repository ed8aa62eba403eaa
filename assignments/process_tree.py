"""Run a command with a time limit, and kill it with every process it started.

Killing a process is not enough to stop what it started: a Jupyter kernel is
launched in a session of its own (``jupyter_client`` passes
``start_new_session=True``), so it survives a kill of its parent's process group,
and a process whose parent died is adopted by init and no longer looks like a
descendant. So each command run here is marked: it starts in a new session
(``os.killpg`` reaches its group), and its environment carries a variable named
for this run alone, which every process it starts inherits (kernels included).
To kill the tree, this module kills the group, every descendant still attached,
every group a descendant leads, and every process of this user whose environment
carries the mark.

Used by ``grade.py`` (one process per submission) and by the tests that run
kernels (``tests/assignments/conftest.py``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

MARK_PREFIX = "PROCESS_TREE_MARK_"

_live: dict[int, tuple[subprocess.Popen, str]] = {}
_live_lock = threading.Lock()


@dataclass
class Outcome:
    """How a command ended: its exit code (negative: killed by that signal), output, timeout."""

    returncode: int
    stdout: str
    stderr: str
    timed_out: bool
    seconds: float


def new_mark() -> str:
    """A fresh environment variable name that marks one process tree."""
    return f"{MARK_PREFIX}{uuid.uuid4().hex}"


def marked_pids(mark: str) -> set[int]:
    """Processes of this user whose environment holds ``mark`` (Linux ``/proc``; psutil elsewhere)."""
    found: set[int] = set()
    me = os.getpid()
    key = mark.encode() + b"="
    proc = Path("/proc")
    if proc.is_dir():
        for entry in proc.iterdir():
            if not entry.name.isdigit() or int(entry.name) == me:
                continue
            try:
                env = (entry / "environ").read_bytes()
            except OSError:  # gone, or another user's process
                continue
            if env.startswith(key) or b"\0" + key in env:
                found.add(int(entry.name))
        return found
    try:
        import psutil
    except ImportError:  # pragma: no cover - neither /proc nor psutil
        return found
    for p in psutil.process_iter():
        try:
            if p.pid != me and mark in p.environ():
                found.add(p.pid)
        except (psutil.Error, OSError):
            continue
    return found


def _descendants(pid: int) -> set[int]:
    try:
        import psutil

        return {c.pid for c in psutil.Process(pid).children(recursive=True)}
    except Exception:  # psutil missing, or the process is gone
        return set()


def kill_tree(pid: int, mark: str | None = None, *, alive: bool = True) -> None:
    """Kill process ``pid``, its group, its descendants and their groups, and every marked process.

    ``alive=False`` says that ``pid`` has ended and been reaped: its number may
    belong to another process by now, so only its group (Linux does not reuse a
    number while a group of that number exists) and the marked processes are killed.
    """
    pids = {pid} | _descendants(pid) if alive else set()
    if mark:
        pids |= marked_pids(mark)
    groups = {pid}
    for p in pids:
        try:
            groups.add(os.getpgid(p))
        except OSError:
            pass
    groups.discard(os.getpgid(0))  # never our own group
    for g in groups:
        try:
            os.killpg(g, signal.SIGKILL)
        except OSError:
            pass
    for p in pids:
        try:
            os.kill(p, signal.SIGKILL)
        except OSError:
            pass


def kill_marked(mark: str) -> set[int]:
    """Kill every process carrying ``mark`` and every group one of them leads; return their ids."""
    pids = marked_pids(mark)
    for p in pids:
        for kill, target in ((os.killpg, p), (os.kill, p)):
            try:
                kill(target, signal.SIGKILL)
            except OSError:
                pass
    return pids


def kill_all_live() -> None:
    """Kill every tree started by :func:`run` that has not ended yet (any thread)."""
    with _live_lock:
        live = list(_live.values())
    for proc, mark in live:
        kill_tree(proc.pid, mark, alive=proc.poll() is None)


def run(
    args: list[str],
    *,
    timeout: float | None,
    cwd: str | os.PathLike | None = None,
    env: dict[str, str] | None = None,
    stdout_path: Path | None = None,
    popen: dict | None = None,
) -> Outcome:
    """Run ``args`` in a new session, marked; kill its whole tree when it ends or overruns.

    The tree is killed in every case, so nothing it started outlives it: on timeout,
    on an exception in the caller (KeyboardInterrupt, a test's time limit), and after
    a normal exit (a kernel left behind by a worker that finished).
    Output goes to ``stdout_path`` (stdout and stderr together) when it is given,
    else it is captured and returned. ``popen``: more ``subprocess.Popen`` arguments
    (``user``, ``group``: the sandbox drops root).
    """
    mark = new_mark()
    env = dict(os.environ if env is None else env)
    env[mark] = "1"
    start = time.monotonic()
    # Files, not pipes: a process left behind holding a pipe open would make
    # reading it wait until that process ends.
    if stdout_path is not None:
        out_file, err_file = open(stdout_path, "w+b"), None
    else:
        out_file, err_file = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    try:
        proc = subprocess.Popen(
            args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, start_new_session=True,
            stdout=out_file, stderr=err_file if err_file is not None else subprocess.STDOUT,
            **(popen or {}),
        )
        with _live_lock:
            _live[proc.pid] = (proc, mark)
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            kill_tree(proc.pid, mark, alive=proc.poll() is None)
            proc.wait()
            with _live_lock:
                _live.pop(proc.pid, None)
        out = _read(out_file) if stdout_path is None else ""
        err = _read(err_file) if err_file is not None else ""
    finally:
        out_file.close()
        if err_file is not None:
            err_file.close()
    return Outcome(proc.returncode, out, err, timed_out, time.monotonic() - start)


def _read(f) -> str:
    f.seek(0)
    return f.read().decode("utf-8", errors="replace")
