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

Usage::

    python assignments/grade_worker.py SUBMISSION AUTOGRADER_ZIP RESULT_JSON
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import traceback
from pathlib import Path

#: The line of otter's grading-notebook prologue that connects the kernel to the log server.
SEND_LOGS_LINE = 'logging.send_logs("{logging_server_host}", {logging_server_port})\n'


#: Appended to otter's prologue. IPython's ``exit()`` and ``quit()`` stop the kernel's
#: event loop 0.1 s later, so the next cells may or may not run first: the same
#: notebook would be graded one time and die the next. Here they end the kernel at
#: once, always, and leave a mark that says why. (Doubled braces: the prologue is a
#: format string.)
EXIT_GUARD = """
def _grading_exit(*args, **kwargs):
    import os
    with open(os.environ["GRADING_EXIT_MARKER"], "w") as f:
        f.write("exit")
    os._exit(3)
try:
    get_ipython().user_ns["exit"] = get_ipython().user_ns["quit"] = _grading_exit
except NameError:
    pass
del _grading_exit
"""
EXIT_MARKER_VARIABLE = "GRADING_EXIT_MARKER"


def disable_log_server() -> None:
    """Make otter grade without its log server (see the module docstring).

    Raises
    ------
    RuntimeError
        If otter's code no longer looks as expected (a new otter version): then the
        patch would silently do nothing, so grading stops and says why.
    """
    import otter.execute
    import otter.execute.preprocessor as pre

    if SEND_LOGS_LINE not in pre.INIT_CELL_SOURCE or not hasattr(otter.execute, "start_server"):
        raise RuntimeError(
            "otter's grading prologue changed (otter.execute.preprocessor.INIT_CELL_SOURCE "
            "or otter.execute.start_server); update grade_worker.disable_log_server"
        )
    pre.INIT_CELL_SOURCE = pre.INIT_CELL_SOURCE.replace(SEND_LOGS_LINE, "") + EXIT_GUARD

    def no_server():
        return ("127.0.0.1", 0), lambda: None

    otter.execute.start_server = no_server


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


def _reason(exc: BaseException, exit_called: bool) -> str:
    """A readable reason for an exception that stopped grading."""
    name = type(exc).__name__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if exit_called:
        return "the kernel died: the notebook called exit() or quit(), which ends the kernel"
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
    from otter.api import grade_submission

    marker = Path(tempfile.mkdtemp(prefix="exit-mark-")) / "exit_called"
    os.environ[EXIT_MARKER_VARIABLE] = str(marker)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results = grade_submission(submission, ag_zip, quiet=True)
    except BaseException as exc:  # noqa: BLE001 - every failure becomes a reason
        if isinstance(exc, KeyboardInterrupt):
            raise
        return {"scores": {}, "possible": {}, "feedback": {}, "error": _reason(exc, marker.exists()),
                "traceback": traceback.format_exc()}
    if marker.exists():  # the kernel ended after the last cell had run
        return {"scores": {}, "possible": {}, "feedback": {}, "error": _reason(None, True),
                "traceback": ""}
    error = results.catastrophic_error
    return {
        "scores": {n: float(r.score) for n, r in sorted(results.results.items())},
        "possible": {n: float(r.possible) for n, r in sorted(results.results.items())},
        "feedback": feedback(results),
        "error": None if error is None else f"the notebook's results could not be read: {error!r}",
        "traceback": "",
    }


def main(argv: list[str]) -> int:
    submission, ag_zip, result_path = argv
    result = grade(submission, ag_zip)
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
