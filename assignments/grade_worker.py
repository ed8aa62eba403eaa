"""Grade one submission with otter-grader; write the result as JSON. Run by ``grade.py``.

``grade.py`` runs this script once per submission, in a process of its own with a
time limit, and kills it with everything it started (the kernel included) when it
overruns (see ``process_tree.py``). This script never decides a score by itself:
the score is otter's (``otter.api.grade_submission``, the autograder zip's tests).

Otter normally starts a TCP log server in a thread and makes the student's kernel
send it log records. That server's handler loops forever when the kernel closes
its connection in the middle of a record (``recv`` returns ``b''``, and the loop
that waits for the rest of the record never ends), which can keep a grading
process alive after every result was written. Nothing here needs those logs, so
:func:`disable_log_server` removes both ends before grading: no server is started,
and the kernel is not told to connect to one.

Grading goes on past a cell that raises (otter's default) and past a cell that
runs too long: each cell has a time limit (``GRADING_CELL_TIMEOUT`` seconds, and
never past ``GRADING_DEADLINE``, a time by which the tests must start), after
which the kernel is interrupted and the next cell runs. So the questions whose
code ran are graded; the feedback names the cells that raised or were stopped
(``explain.py`` says what their exceptions mean).

Two marks in the working folder tell ``grade.py`` how far grading came: the
kernel writes ``GRADING_STARTED_MARKER`` in otter's first cell, before any of the
student's code (a failure without it is the grading machinery's, not the
student's), and this script writes the cell about to run to
``GRADING_PROGRESS_FILE`` (what was running when the whole run was stopped).
``GRADING_LIMITS`` (``as=bytes,nproc=n,cpu=s,fsize=bytes``) sets resource limits
on this process, which the kernel inherits, before otter is imported; before that,
``GRADING_UID`` (a sandbox started by root) makes it an unprivileged user.

Usage::

    python assignments/grade_worker.py SUBMISSION AUTOGRADER_ZIP RESULT_JSON
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path

#: The line of otter's grading-notebook prologue that connects the kernel to the log server.
SEND_LOGS_LINE = 'logging.send_logs("{logging_server_host}", {logging_server_port})\n'


#: Appended to otter's prologue. IPython's ``exit()`` and ``quit()`` stop the kernel's
#: event loop 0.1 s later, so the next cells may or may not run first: the same
#: notebook would be graded one time and die the next. Here they raise SystemExit
#: instead, as ``sys.exit()`` does, which IPython reports as the cell's error while
#: the kernel lives on: the cell stops there, and grading goes on with the next
#: cell, as after any exception. (Doubled braces: the prologue is a format string.)
EXIT_GUARD = """
def _grading_exit(*args, **kwargs):
    raise SystemExit(*args[:1])
try:
    get_ipython().user_ns["exit"] = get_ipython().user_ns["quit"] = _grading_exit
except NameError:
    pass
del _grading_exit
"""

#: Also appended to the prologue: the mark that the kernel started and that the
#: student's code is about to run.
STARTED_GUARD = """
import os as _grading_os
if _grading_os.environ.get("GRADING_STARTED_MARKER"):
    with open(_grading_os.environ["GRADING_STARTED_MARKER"], "w") as _f:
        _f.write("started")
del _grading_os
"""

#: Run before otter is first imported, in this process and in the kernel (prepended to
#: otter's prologue): ``otter.export`` stands for itself until one of its exports is
#: asked for. Importing otter imports its notebook exporters (nbconvert's HTML and PDF
#: machinery, about a second and a half of CPU, twice per submission), which grading
#: never uses: otter only binds ``export_notebook`` from that module, and the stand-in's
#: ``export_notebook`` imports the real module and calls it. (No braces: the prologue
#: is a format string.)
LAZY_EXPORT = """
def _grading_lazy_export():
    import sys, types
    if "otter" in sys.modules or "otter.export" in sys.modules:
        return
    stand_in = types.ModuleType("otter.export")

    def export_notebook(*args, **kwargs):
        import importlib
        if sys.modules.get("otter.export") is stand_in:
            del sys.modules["otter.export"]
        return importlib.import_module("otter.export").export_notebook(*args, **kwargs)

    stand_in.export_notebook = export_notebook
    sys.modules["otter.export"] = stand_in
_grading_lazy_export()
del _grading_lazy_export
"""


#: Seconds kept after the cell time limits for otter's checks to run.
CHECKS_RESERVE = 0.2


def disable_log_server() -> None:
    """Make otter grade without its log server (see the module docstring).

    Raises
    ------
    RuntimeError
        If otter's code no longer looks as expected (a new otter version): then the
        patch would silently do nothing, so grading stops and says why.
    """
    exec(LAZY_EXPORT, {})
    import otter.execute
    import otter.execute.preprocessor as pre

    if SEND_LOGS_LINE not in pre.INIT_CELL_SOURCE or not hasattr(otter.execute, "start_server"):
        raise RuntimeError(
            "otter's grading prologue changed (otter.execute.preprocessor.INIT_CELL_SOURCE "
            "or otter.execute.start_server); update grade_worker.disable_log_server"
        )
    pre.INIT_CELL_SOURCE = (LAZY_EXPORT + pre.INIT_CELL_SOURCE.replace(SEND_LOGS_LINE, "")
                            + EXIT_GUARD + STARTED_GUARD)

    def no_server():
        return ("127.0.0.1", 0), lambda: None

    otter.execute.start_server = no_server


def limit_cells(cell_timeout: float | None, deadline: float | None, progress: str | None) -> None:
    """Give every cell otter runs a time limit, after which the kernel is interrupted.

    otter builds the execution's configuration itself (``otter.execute.Config``);
    this adds nbclient's ``timeout_func`` (the limit of a cell: ``cell_timeout``,
    and never past ``deadline``, a ``time.time()``) and ``interrupt_on_timeout``
    (a cell past its limit gets a KeyboardInterrupt and the next cell runs), and
    writes each cell's source to ``progress`` before it runs.

    Raises
    ------
    RuntimeError
        If otter no longer builds its configuration that way (a new otter version).
    """
    import time

    import otter.execute
    from traitlets.config import Config

    if getattr(otter.execute, "Config", None) is not Config:
        raise RuntimeError("otter.execute no longer uses traitlets' Config; update grade_worker.limit_cells")

    def cell_limit(cell) -> int | None:
        if progress:
            try:
                Path(progress).write_text(cell.get("source", ""), encoding="utf-8")
            except OSError:
                pass
        limits = [cell_timeout] if cell_timeout else []
        if deadline:
            limits.append(deadline - time.time())
        return max(1, int(min(limits))) if limits else None

    def config() -> Config:
        c = Config()
        c.ExecutePreprocessor.timeout_func = cell_limit
        c.ExecutePreprocessor.interrupt_on_timeout = True
        return c

    otter.execute.Config = config


def become(uid: str | None) -> None:
    """Change to user ``uid`` for good (a sandbox started by root, see ``sandbox.py``)."""
    if not uid:
        return
    n = int(uid)
    os.setgroups([])
    os.setgid(n)
    os.setuid(n)
    if os.getuid() != n or os.geteuid() != n:
        raise RuntimeError(f"could not change to user {n}")


def apply_limits(spec: str | None) -> None:
    """Set the resource limits of ``spec`` (``as=bytes,nproc=n,cpu=s,fsize=bytes``) on this process.

    Soft and hard limits alike, so that the student's code cannot raise them again.
    """
    if not spec:
        return
    import resource

    names = {"as": resource.RLIMIT_AS, "nproc": resource.RLIMIT_NPROC,
             "cpu": resource.RLIMIT_CPU, "fsize": resource.RLIMIT_FSIZE}
    for item in spec.split(","):
        key, _, value = item.partition("=")
        if key not in names:
            raise ValueError(f"GRADING_LIMITS: unknown limit {key!r} in {spec!r} (known: {', '.join(names)})")
        n = int(value)
        resource.setrlimit(names[key], (n, n))


def problems(executed: dict | None, submitted: dict | None) -> list[dict]:
    """The student's cells that raised or were stopped, in the order they ran.

    Each is ``{"cell": n, "first_line": ..., "ename": ..., "evalue": ...}``, where
    ``n`` counts the code cells of the submitted notebook from 1 (otter's own cells
    are matched away by their source).
    """
    if not executed:
        return []
    own = [c.get("source", "") for c in (submitted or {}).get("cells", []) if c.get("cell_type") == "code"]
    own = ["".join(s) if isinstance(s, list) else s for s in own]
    found, start = [], 0
    for cell in executed.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        number = None
        # The same source first; else a cell otter added lines to. (otter's own first
        # cell holds code of its own that may contain a short cell's text.)
        for same in (lambda k: own[k].strip() == source.strip(), lambda k: own[k].strip() in source):
            k = next((k for k in range(start, len(own)) if own[k].strip() and same(k)), None)
            if k is not None and "init_grading_mode(" not in source:
                number, start = k + 1, k + 1
                break
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and number is not None:
                first = next((line for line in own[number - 1].splitlines() if line.strip()), "")
                found.append({"cell": number, "first_line": first.strip()[:80], "source": own[number - 1],
                              "ename": out.get("ename", ""), "evalue": str(out.get("evalue", ""))[:300]})
    return found


def _read_submitted(submission: str) -> dict | None:
    import zipfile

    try:
        if submission.lower().endswith(".zip"):
            with zipfile.ZipFile(submission) as zf:
                name = next(n for n in zf.namelist() if n.endswith(".ipynb") and not n.startswith("__MACOSX/"))
                return json.loads(zf.read(name).decode("utf-8"))
        return json.loads(Path(submission).read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - the cells are then not numbered
        return None


def _last_line(message: str | None) -> str:
    lines = [line for line in (message or "").strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def feedback(results) -> dict[str, list[str]]:
    """Question -> what each failed test case says, for the student.

    A public test's message is given in full (students had it already); a hidden
    test's only by its last line (the assertion's message), so that the feedback
    does not print the hidden test's code.
    """
    out = {}
    for name, test_file in sorted(results.results.items()):
        notes = []
        for tcr in test_file.test_case_results:
            if tcr.passed:
                continue
            case = tcr.test_case
            if case.hidden:
                text = f"a hidden test failed: {_last_line(tcr.message) or 'no message'}"
            else:
                text = f"a public test failed:\n{(tcr.message or '').strip()}"
            if case.failure_message:
                text += f"\n{case.failure_message}"
            notes.append(text)
        if notes:
            out[name] = notes
    return out


def _reason(exc: BaseException) -> str:
    """A readable reason for an exception that stopped grading."""
    name = type(exc).__name__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if name == "DeadKernelError":
        return "the kernel died while running the notebook (os._exit(), a crash or no memory left)"
    if name == "OtterRuntimeError" and "Received submission for assignment" in text:
        return f"wrong assignment: {text}"
    if name == "CellTimeoutError":
        return "a cell ran past its time limit"
    return f"grading failed: {name}: {text}" if text else f"grading failed: {name}"


def grade(submission: str, ag_zip: str) -> dict:
    """Grade ``submission``; return scores, points possible, feedback and error."""
    import warnings

    disable_log_server()
    cell_timeout = float(os.environ.get("GRADING_CELL_TIMEOUT") or 0) or None
    deadline = float(os.environ.get("GRADING_DEADLINE") or 0) or None
    limit_cells(cell_timeout, deadline, os.environ.get("GRADING_PROGRESS_FILE"))
    from otter.api import grade_submission

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results = grade_submission(submission, ag_zip, quiet=True)
    except BaseException as exc:  # noqa: BLE001 - every failure becomes a reason
        if isinstance(exc, KeyboardInterrupt):
            raise
        return {"scores": {}, "possible": {}, "feedback": {}, "error": _reason(exc),
                "traceback": traceback.format_exc()}
    error = results.catastrophic_error
    executed = getattr(results, "notebook", None)
    return {
        "scores": {n: float(r.score) for n, r in sorted(results.results.items())},
        "possible": {n: float(r.possible) for n, r in sorted(results.results.items())},
        "feedback": feedback(results),
        "problems": problems(executed, _read_submitted(submission)),
        "error": None if error is None else f"the notebook's results could not be read: {error!r}",
        "traceback": "",
    }


def cpu_seconds() -> float | None:
    """CPU seconds used by this process and the processes it waited for (the kernel, shut down by nbclient)."""
    try:
        import resource
    except ImportError:  # not POSIX
        return None
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str]) -> int:
    submission, ag_zip, result_path = argv
    become(os.environ.get("GRADING_UID"))
    apply_limits(os.environ.get("GRADING_LIMITS"))
    result = grade(submission, ag_zip)
    result["cpu_seconds"] = cpu_seconds()
    tmp = Path(result_path + ".tmp")
    tmp.write_text(json.dumps(result, indent=1), encoding="utf-8")
    os.replace(tmp, result_path)
    # Leave at once: a thread otter or the student's code left behind must not keep
    # this process alive (grade.py would kill it at the time limit anyway).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
