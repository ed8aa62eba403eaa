"""Grade a folder of submissions for one assignment, without Docker.

Every submission (a notebook ``*.ipynb`` or the zip that otter's export cell writes)
found in the folder, in any of the layouts that ``submissions.py`` reads (flat, one
folder per student as Moodle gives them, Canvas file names), is graded with
otter-grader against the assignment's autograder zip, each in a process of its own
(``grade_worker.py``) with a time limit, inside a bubblewrap sandbox on Linux
(``sandbox.py``: no network, no view of other files, resource limits). A submission
that overruns is killed with everything it started, its kernel included
(``process_tree.py``). One submission never stops the run.

A cell that raises or runs past its own limit (half the submission's, by default)
does not stop grading: the next cells run, and the questions whose code ran are
graded; the feedback names the cell and says what went wrong (``explain.py``).
Each result has a status:

- ``graded``;
- ``error``: the submission cannot be graded (not a notebook, another assignment)
  or stopped grading (its kernel died, it ran past the time limit): 0 points, the
  reason in the ``error`` column;
- ``grading infrastructure error``: grading failed before any of the student's
  code ran (a kernel that did not start, otter's setup, the machine out of memory or
  processes), the same way ``--retries`` more times after a pause: no score (empty
  cells, not 0), not cached, and the run ends with exit code 3; run it again.

Results are cached in ``<out>/results/`` and keyed by content: a submission is graded
again when its bytes or the autograder zip's bytes change (SHA-256), whatever the
files' modification times, when it hit a time limit that is now longer, or when
the sandbox was on and is now off (or the reverse); ``--force`` grades everything again.

Writes into the output folder (default ``<submissions>/graded``):

- ``scores.csv``: one row per submission: the student (name and id as the LMS gives
  them), the file, the status, the score of each question, the total, the points
  possible, the error that stopped grading, the cells that raised or were stopped,
  and integrity flags (``integrity.py``), which inform and do not change the score;
- ``gradebook.csv``: one row per student, for a gradebook import;
- ``feedback/<name>.txt``: what each student can be given: scores, the messages of
  the failed tests and what went wrong in which cell;
- ``scores.png``: the distribution of the scores of each question;
- ``logs/<name>.log``: the grading process's output, for a submission that failed.

``<name>`` is the submission's path made a file name (``submissions.output_name``):
distinct for every submission, with its letters in any script kept.

Without the sandbox (``--no-sandbox``) the students' code runs on this machine with
your permissions.

Usage::

    python assignments/grade.py hw03_entropy path/to/submissions [--out DIR] [--jobs N]
        [--timeout SECONDS] [--cell-timeout SECONDS] [--force] [--no-sandbox]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import os
import queue
import re
import shutil
import signal
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import explain  # noqa: E402
import integrity  # noqa: E402
import process_tree  # noqa: E402
import sandbox  # noqa: E402
from sandbox import Limits  # noqa: E402
import submissions as found_submissions  # noqa: E402
from submissions import Submission  # noqa: E402

WORKER = HERE / "grade_worker.py"
DEFAULT_TIMEOUT = 300.0


class NotGradable(Exception):
    """A submission that cannot be graded; the message is the reason shown in the CSV."""


def read_notebook(path: Path) -> dict:
    """The notebook of a submission (a notebook file, or the one notebook inside a zip).

    Raises
    ------
    NotGradable
        With a readable reason: not a zip, no or several notebooks in the zip, not
        JSON (a truncated file), JSON that is not a notebook.
    """
    if path.suffix.lower() == ".zip":
        if not zipfile.is_zipfile(path):
            raise NotGradable("not a zip file (damaged or truncated?)")
        try:
            with zipfile.ZipFile(path) as zf:
                names = [
                    n for n in zf.namelist()
                    if n.endswith(".ipynb") and not n.startswith("__MACOSX/")
                    and ".ipynb_checkpoints/" not in n
                ]
                if len(names) != 1:
                    what = "no notebook" if not names else f"{len(names)} notebooks ({', '.join(names)})"
                    raise NotGradable(f"the zip holds {what}; it must hold exactly one")
                data = zf.read(names[0])
        except zipfile.BadZipFile as exc:
            raise NotGradable(f"not a readable zip file: {exc}") from None
    else:
        data = path.read_bytes()
    if not data.strip():
        raise NotGradable("not a notebook: the file is empty (nothing was saved in it); "
                          "save the notebook in Jupyter, then submit it again")
    try:
        nb = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise NotGradable("not a notebook: the file is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise NotGradable(
            f"not a notebook: the JSON is broken at line {exc.lineno}, column {exc.colno} "
            f"({exc.msg}); the file may be truncated"
        ) from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise NotGradable("not a notebook: the JSON has no list of cells")
    return nb


def check_assignment(nb: dict, assignment: str) -> None:
    """Raise :class:`NotGradable` unless the notebook says it belongs to ``assignment``.

    otter's autograder refuses such a notebook too; this says why in plain words.
    """
    meta = nb.get("metadata")
    otter_meta = meta.get("otter") if isinstance(meta, dict) else None
    name = otter_meta.get("assignment_name") if isinstance(otter_meta, dict) else None
    if name is None:
        raise NotGradable(
            f"wrong assignment: the notebook names no assignment in its metadata, so it was "
            f"not made from the handed-out {assignment} notebook"
        )
    if name != assignment:
        raise NotGradable(f"wrong assignment: this is a notebook of {name}, not of {assignment}")


def _possible_from_handout(handout: dict | None) -> dict[str, float]:
    """Question -> points, from the otter test metadata of the handed-out notebook."""
    out = {}
    tests = ((handout or {}).get("metadata") or {}).get("otter", {}).get("tests", {})
    for name, test in tests.items():
        for line in test.splitlines():
            if line.startswith("points = "):
                try:
                    out[name] = float(line.split("=", 1)[1])
                except ValueError:
                    pass
    return out


def _tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(line.strip() for line in text[-lines:] if line.strip())


@dataclass(frozen=True)
class Settings:
    """How submissions are graded: time limits, sandbox, resource limits, retries."""

    timeout: float = DEFAULT_TIMEOUT  # seconds per submission, then it is killed
    cell_timeout: float | None = None  # seconds per cell, then it is interrupted (None: timeout / 2)
    sandbox: bool = True  # run each submission inside bubblewrap (sandbox.py)
    limits: Limits = Limits()
    retries: int = 2  # attempts after the first when the grading machinery fails
    retry_pause: float = 10.0  # seconds before the first retry (doubled for each next one)

    @property
    def cell_limit(self) -> float:
        return self.cell_timeout if self.cell_timeout else self.timeout / 2

    def cache_terms(self) -> dict:
        """What a cached result depends on besides the bytes graded."""
        return {"timeout": self.timeout, "cell_timeout": self.cell_limit, "sandbox": self.sandbox,
                "memory_mb": self.limits.memory_mb, "processes": self.limits.processes,
                "grader": grader_version()}


#: The files whose code decides a submission's result (feedback is written afresh on every run).
GRADER_FILES = ("grade.py", "grade_worker.py", "sandbox.py", "process_tree.py", "integrity.py")


def grader_version() -> str:
    """A hash of the grading code (:data:`GRADER_FILES`): a result graded by other code is graded again."""
    import hashlib

    h = hashlib.sha256()
    for name in GRADER_FILES:
        h.update(name.encode() + b"\0" + (HERE / name).read_bytes() + b"\0")
    return h.hexdigest()[:16]


#: Statuses of a result: graded (maybe with problems in cells); not gradable or
#: stopped by the student's code (0 points, with the reason); or not graded because
#: the grading machinery failed before any of the student's code ran.
GRADED, STUDENT_ERROR, INFRASTRUCTURE_ERROR = "graded", "error", "grading infrastructure error"


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _progress_source(path: Path) -> str:
    """The source of the cell that was running, from the worker's progress file."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def _first_line(source: str) -> str:
    return next((line.strip() for line in source.splitlines() if line.strip()), "")[:80]


def code_cell_number(nb: dict, first_line: str, source: str | None = None,
                     skip: "set[int] | dict[int, str]" = frozenset()) -> int | None:
    r"""The number (code cells counted from 1) of the code cell of ``nb`` whose first line is ``first_line``.

    Cells often share a first line (``import time``, a comment): among those, the one
    whose whole ``source`` is the one given, and one not in ``skip`` (cells already
    stopped), are preferred.

    >>> nb = {"cells": [{"cell_type": "code", "source": "import time\nx = 1"},
    ...                 {"cell_type": "code", "source": "import time\nwhile True: pass"}]}
    >>> code_cell_number(nb, "import time"), code_cell_number(nb, "import time", "import time\nwhile True: pass")
    (1, 2)
    """
    found = []
    n = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        n += 1
        text = _source(cell)
        if first_line and _first_line(text) == first_line:
            found.append((n, text))
    if source is not None and source.strip():
        same = [(k, text) for k, text in found if text.strip() == source.strip()]
        found = same or found
    fresh = [(k, text) for k, text in found if k not in skip]
    found = fresh or found
    return found[0][0] if found else None


def number_running_cell(error: str, nb: dict, source: str | None = None) -> str:
    """``error`` with the cell it names by its first line (``the cell that starts `...```) also numbered.

    ``source``: the whole source of the cell that was running, which tells apart cells
    with the same first line.

    >>> nb = {"cells": [{"cell_type": "markdown", "source": "# q1"}, {"cell_type": "code", "source": "x = 1"},
    ...                 {"cell_type": "code", "source": "exit()"}]}
    >>> number_running_cell("the kernel died (it was running the cell that starts `exit()`)", nb)
    'the kernel died (it was running code cell 2, which starts `exit()`)'
    """
    m = re.search(r"the cell that starts `([^`]*)`", error)
    n = code_cell_number(nb, m.group(1), source) if m else None
    return error if n is None else error.replace(m.group(0), f"code cell {n}, which starts `{m.group(1)}`")


#: Cells stopped in one submission, at most (each costs a new run): cells that ignored
#: their interrupt, and cells that killed the kernel.
MAX_STOPPED_CELLS = 3
#: Why a cell was stopped: it ignored the interrupt at its time limit, or its kernel died in it.
IGNORED_INTERRUPT, KILLED_KERNEL = "ignored the interrupt", "killed the kernel"
#: What a stopped cell runs instead, when graded again, for each reason.
STOPPED_CELL = {
    IGNORED_INTERRUPT: ('raise KeyboardInterrupt("this cell ignored the interrupt at its time limit (it '
                        'catches KeyboardInterrupt or BaseException), so grading stopped it at its start")'),
    KILLED_KERNEL: ('raise RuntimeError("the kernel died while this cell ran (os._exit(), a crash or no '
                    'memory left), so grading stopped it at its start")'),
}
#: The problem a stopped cell is reported as (its ``ename`` and ``evalue``), for each reason.
STOPPED_PROBLEM = {
    IGNORED_INTERRUPT: ("KeyboardInterrupt", "the cell caught the interrupt at its time limit and was stopped"),
    KILLED_KERNEL: ("KernelDied", "the kernel died while the cell ran, and the cell was stopped"),
}


def _cell_to_stop(fields: dict, nb: dict, stopped: "dict[int, str]") -> tuple[int, str] | None:
    """The code cell (counted from 1) that stopped a submission after it had started, and why.

    A cell that ignored the interrupt of its time limit ran until the whole submission
    was killed; a cell that killed its kernel (``os._exit()``, a crash) ended the run.
    Either way the questions of the other cells are graded in a new run, with that
    cell stopped at its start.
    """
    error = fields.get("error") or ""
    m = re.search(r"the cell that starts `([^`]*)`", error)
    if m is None:
        return None
    if fields.get("hit_time_limit") and error.startswith("timed out after"):
        why = IGNORED_INTERRUPT
    elif error.startswith("the kernel died while running the notebook"):
        why = KILLED_KERNEL
    else:
        return None
    cell = code_cell_number(nb, m.group(1), fields.get("running_source"), skip=stopped)
    return None if cell is None else (cell, why)


def _with_cells_stopped(nb: dict, cells: dict[int, str], folder: Path, sub: Submission) -> Path:
    """A copy of ``nb`` whose code cells ``cells`` (counted from 1, with why) raise at once, written into ``folder``."""
    import copy

    changed = copy.deepcopy(nb)
    code = [c for c in changed["cells"] if c.get("cell_type") == "code"]
    for n, why in cells.items():
        code[n - 1]["source"] = STOPPED_CELL[why]
    path = folder / f"{Path(sub.path.name).stem}.ipynb"
    path.write_text(json.dumps(changed), encoding="utf-8")
    return path


def _problems_with_stopped(problems: list[dict], nb: dict, cells: dict[int, str]) -> list[dict]:
    """``problems`` with the stopped cells named by their own first line and source, and why they stopped."""
    code = [c for c in nb["cells"] if c.get("cell_type") == "code"]
    out = []
    for p in problems:
        if p.get("cell") in cells:
            source = _source(code[p["cell"] - 1])
            first = next((line.strip() for line in source.splitlines() if line.strip()), "")
            ename, evalue = STOPPED_PROBLEM[cells[p["cell"]]]
            p = {**p, "ename": ename, "first_line": first[:80], "source": source, "evalue": evalue}
        out.append(p)
    return out


def _attempt(sub: Submission, ag_zip: Path, log: Path, settings: Settings, attempt: int,
             slot: int) -> tuple[dict, bool]:
    """Run the grading process once; return its fields and whether the machinery failed.

    The machinery failed (and another attempt may succeed) when grading stopped
    before the kernel ran the first line of the notebook: a kernel that did not
    start, otter's setup, a sandbox that did not start, the machine out of processes
    or memory. Once the student's code has run, a failure is the submission's.
    ``slot`` numbers the submissions graded at the same time (the sandbox's user).
    """
    fields: dict = {"scores": {}, "possible": {}, "feedback": {}, "problems": [], "error": None,
                    "hit_time_limit": False, "cpu_seconds": None, "running_source": None}
    work = Path(tempfile.mkdtemp(prefix="grade-"))
    try:
        # Everything the grading process reads is copied into its working folder: in
        # the sandbox that folder is all it sees of this machine's files.
        (work / "submission").mkdir()
        submission = work / "submission" / sub.path.name
        shutil.copyfile(sub.path, submission)
        shutil.copyfile(ag_zip, work / "autograder.zip")
        shutil.copyfile(WORKER, work / "grade_worker.py")
        for d in ("home", "tmp", "runtime"):
            (work / d).mkdir()
        result_json = work / "result.json"
        started, progress = work / "started", work / "progress"
        # The working folder as the grading process sees it.
        inside = sandbox.WORK if settings.sandbox else work
        grading = {
            "GRADING_STARTED_MARKER": str(inside / "started"),
            "GRADING_PROGRESS_FILE": str(inside / "progress"),
            "GRADING_CELL_TIMEOUT": f"{settings.cell_limit:g}",
            # The cells must stop in time for the tests to run before the process is killed.
            "GRADING_DEADLINE": f"{time.time() + (1 - CHECKS_SHARE) * settings.timeout:.3f}",
            "GRADING_ATTEMPT": str(attempt),
            "MPLBACKEND": "Agg", "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1",
            # One thread each: submissions are graded in parallel already.
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        }
        limits = settings.limits
        if limits.cpu_seconds is None:  # CPU seconds of a process: at most its wall time
            limits = dataclasses.replace(limits, cpu_seconds=int(settings.timeout) + 1)
        args = [sys.executable, str(inside / "grade_worker.py"),
                str(inside / "submission" / sub.path.name), str(inside / "autograder.zip"),
                str(inside / "result.json")]
        if settings.sandbox:
            env = {k: v for k, v in os.environ.items()
                   if k.startswith(process_tree.MARK_PREFIX) or k in PASSED_TO_SANDBOX}
            owner = sandbox.uid(slot)
            env.update(grading, HOME=str(inside / "home"), TMPDIR="/tmp", LANG="C.UTF-8",
                       JUPYTER_RUNTIME_DIR=str(inside / "runtime"), MPLCONFIGDIR=str(inside / "home"),
                       PATH=os.environ.get("PATH", "/usr/bin:/bin"), GRADING_LIMITS=limits.to_env(),
                       GRADING_UID="" if owner is None else str(owner))
            kernels = [Path(p) for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
            sandbox.hand_over(work, owner)
            args = sandbox.command(args, work, extra_ro=[p for p in kernels if p.exists()])
        else:
            # Without the sandbox, the process count limit would count every process
            # of this user on the machine: it is left out.
            env = dict(os.environ, **grading, TMPDIR=str(work / "tmp"),
                       GRADING_LIMITS=dataclasses.replace(limits, processes=None).to_env())
        outcome = process_tree.run(args, timeout=settings.timeout, cwd=work, env=env, stdout_path=log)
        if settings.sandbox:  # the next submission in this slot starts with none of these processes
            sandbox.wait_gone(sandbox.uid(slot))
        ran = started.exists()
        if outcome.timed_out:
            if not ran:
                fields["error"] = (f"the kernel did not start within {settings.timeout:g} s "
                                   "(the machine is overloaded?)")
                return fields, True
            fields["running_source"] = _progress_source(progress)
            cell = _first_line(fields["running_source"])
            fields["hit_time_limit"] = True
            fields["error"] = (
                f"timed out after {settings.timeout:g} s (an endless loop or a very slow cell?"
                + (f" It was running the cell that starts `{cell}`" if cell else "")
                + "); the grading process and its kernel were killed"
            )
            return fields, False
        if result_json.exists():
            graded = json.loads(result_json.read_text(encoding="utf-8"))
            for key in ("scores", "possible", "feedback", "error", "problems", "cpu_seconds"):
                fields[key] = graded.get(key, fields[key])
            fields["hit_time_limit"] = any(p["ename"] == "KeyboardInterrupt" for p in fields["problems"])
            if graded.get("traceback"):
                with log.open("a", encoding="utf-8") as f:
                    f.write("\n" + graded["traceback"])
            if fields["error"] and "kernel died" in fields["error"] and ran:
                fields["running_source"] = _progress_source(progress)
                cell = _first_line(fields["running_source"])
                if cell:
                    fields["error"] += f" (it was running the cell that starts `{cell}`)"
            student = fields["error"] is None or ran or fields["error"].startswith("wrong assignment")
            return fields, not student
        code = outcome.returncode
        how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
        tail = _tail(log)
        fields["error"] = f"the grading process ended without a result ({how})" + (f": {tail}" if tail else "")
        return fields, not ran
    finally:
        shutil.rmtree(work, ignore_errors=True)


#: Numbers of the submissions being graded at the same time (their sandboxes' users);
#: filled by grade_folder, one per job.
_SLOTS: "queue.Queue[int]" = queue.Queue()
for _n in range(os.cpu_count() or 1):
    _SLOTS.put(_n)


def _set_slots(n: int) -> None:
    while not _SLOTS.empty():
        _SLOTS.get_nowait()
    for k in range(n):
        _SLOTS.put(k)


#: Environment variables a sandbox keeps (besides the ones grading sets).
PASSED_TO_SANDBOX = {"JUPYTER_PATH", "LC_ALL", "TZ"}
#: Share of a submission's time limit kept for otter's tests after the cells' limits.
CHECKS_SHARE = 0.2


def grade_one(sub: Submission, ag_zip: Path, assignment: str, handout: dict | None,
              out: Path, settings: Settings, solution: dict | None = None) -> dict:
    """Grade one submission in a process of its own; return its result (never raises NotGradable).

    A failure of the grading machinery (see :func:`_attempt`) is tried again,
    ``settings.retries`` times, after a pause; if it persists the result's status
    is :data:`INFRASTRUCTURE_ERROR`, which is neither cached nor scored.
    """
    result = {
        "student": sub.student,
        "student_id": sub.student_id,
        "submission": sub.relative,
        "layout": sub.layout,
        "late": sub.late,
        "status": STUDENT_ERROR,
        "scores": {},
        "possible": {},
        "feedback": {},
        "problems": [],
        "error": None,
        "flags": [],
        "attempts": 0,
    }
    try:
        nb = read_notebook(sub.path)
        check_assignment(nb, assignment)
        found = integrity.flags(nb, handout, solution)
        result["flags"] = integrity.summary(found)
        tampering = sorted({f.kind for f in found} & WITHHELD_FLAGS)
    except NotGradable as exc:
        result["error"] = str(exc)
        return result
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{sub.key}.log"
    stopped: dict[int, str] = {}  # code cells stopped at their start in the next run, and why
    with tempfile.TemporaryDirectory(prefix="stopped-cells-") as scratch:
        graded_sub = sub
        while True:
            failures = []
            for attempt in range(1, settings.retries + 2):
                result["attempts"] += 1
                slot = _SLOTS.get()
                try:
                    fields, machinery = _attempt(graded_sub, ag_zip, log, settings, attempt, slot)
                finally:
                    _SLOTS.put(slot)
                result.update(fields)
                if not machinery:
                    break
                failures.append(fields["error"])
                if attempt <= settings.retries:
                    time.sleep(settings.retry_pause * 2 ** (attempt - 1))
            else:
                result["status"] = INFRASTRUCTURE_ERROR
                result["error"] = (
                    f"not graded: grading failed before the notebook ran, {len(failures)} times "
                    f"({failures[-1]}); this is not the student's doing. Run the same command again"
                )
                return result
            # A cell that catches the interrupt of its time limit (a bare except in a
            # loop) ran until the whole submission was killed; a cell that killed its
            # kernel (os._exit(), a crash) ended the run. Grade again with that cell
            # stopped at its start, as if interrupted there, so that the questions
            # whose code runs are graded (each run with the full time limit).
            found = _cell_to_stop(fields, nb, stopped)
            if found is None or found[0] in stopped or len(stopped) >= MAX_STOPPED_CELLS:
                break
            stopped[found[0]] = found[1]
            graded_sub = dataclasses.replace(sub, path=_with_cells_stopped(nb, stopped, Path(scratch), sub))
    if stopped:
        result["problems"] = _problems_with_stopped(result["problems"], nb, stopped)
    result["status"] = STUDENT_ERROR if result["error"] else GRADED
    if result["error"]:
        result["error"] = number_running_cell(result["error"], nb, result.get("running_source"))
    # A cell as handed out (the setup cell, a grader.check cell) that raised while
    # grading did so because of the grading environment or of an earlier cell: the
    # student did not write it, and otter's own checks run after every cell anyway.
    given = {_source(c).strip() for c in (handout or {}).get("cells", []) if c.get("cell_type") == "code"}
    # What a problem cell defines names the question it leaves without its function.
    result["problems"] = [
        {**{k: v for k, v in p.items() if k != "source"},
         "defines": re.findall(r"^def\s+(\w+)\s*\(", p.get("source", ""), re.MULTILINE)}
        for p in result["problems"]
        if p.get("ename") in ("KeyboardInterrupt", "KernelDied") or p.get("source", "").strip() not in given
    ]
    if tampering and not result["error"]:
        # otter runs the tests inside the student's kernel: a notebook that drives or
        # patches the grader can make every test pass, so its scores cannot be trusted.
        result["scores"] = {q: 0.0 for q in result["scores"]}
        result["status"] = STUDENT_ERROR
        result["error"] = (
            f"scores withheld: the notebook drives or patches the grader ({', '.join(tampering)} "
            "flags); read it, then grade it by hand"
        )
    if not result["error"]:
        log.unlink(missing_ok=True)
    return result


#: Flag kinds whose submissions get no score: code that drives or patches otter, the
#: grader object or builtins can make otter report any test as passed.
WITHHELD_FLAGS = {"otter", "patching"}


def _cache_path(out: Path, sub: Submission) -> Path:
    return out / "results" / f"{sub.key}.json"


def cached_result(out: Path, sub: Submission, sub_hash: str, ag_hash: str,
                  settings: Settings | None = None) -> dict | None:
    """The cached result of ``sub`` if it still holds for the same bytes, autograder and settings.

    A result that hit a time limit (the submission's or a cell's) holds only while
    the limits are not raised; one graded with the sandbox on (or off) holds only
    while it is on (off); one graded by other grading code (``grader_version``)
    does not hold.
    """
    settings = settings or Settings()
    path = _cache_path(out, sub)
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if cached.get("submission_sha256") != sub_hash or cached.get("autograder_sha256") != ag_hash:
        return None
    if cached.get("status") == INFRASTRUCTURE_ERROR:
        return None
    then = cached.get("settings") or {}
    now = settings.cache_terms()
    if then.get("sandbox", True) != now["sandbox"]:
        return None
    if then.get("grader") != now["grader"]:  # graded by other (older) grading code
        return None
    hit = cached.get("hit_time_limit", "timed out after" in (cached.get("error") or ""))
    if hit and (now["timeout"] > then.get("timeout", 0) or now["cell_timeout"] > then.get("cell_timeout", 0)):
        return None
    return cached


def grade_folder(assignment: str, ag_zip: Path, folder: Path, out: Path, *, jobs: int,
                 timeout: float = DEFAULT_TIMEOUT, force: bool = False,
                 handout: dict | None = None, solution: dict | None = None,
                 progress: bool = True, settings: Settings | None = None) -> list[dict]:
    """Grade every submission under ``folder`` that is new or changed; return all results.

    ``settings`` (default: ``Settings(timeout=timeout)``) says how. A result is
    cached unless the grading machinery failed (status :data:`INFRASTRUCTURE_ERROR`).
    """
    from tqdm import tqdm

    settings = settings or Settings(timeout=timeout)
    subs = found_submissions.find(folder, exclude=out)
    if not subs:
        raise SystemExit(f"no submissions (*.ipynb or *.zip) in {str(folder)!r}")
    (out / "results").mkdir(parents=True, exist_ok=True)
    ag_hash = found_submissions.sha256(ag_zip)
    results: dict[str, dict] = {}
    todo = []
    for sub in subs:
        sub_hash = found_submissions.sha256(sub.path)
        cached = None if force else cached_result(out, sub, sub_hash, ag_hash, settings)
        if cached is not None:
            results[sub.relative] = cached
        else:
            todo.append((sub, sub_hash))
    if results:
        print(f"{len(results)} of {len(subs)} submissions already graded; grading {len(todo)} "
              "(a file is graded again when its content or the autograder zip changes, or when "
              "it hit a time limit that is now longer)")
    if todo:
        workers = max(1, min(jobs, len(todo)))
        _set_slots(workers)
        pool = ThreadPoolExecutor(max_workers=workers)
        futures = {}
        try:
            futures = {
                pool.submit(grade_one, sub, ag_zip, assignment, handout, out, settings, solution): (sub, h)
                for sub, h in todo
            }
            bar = tqdm(as_completed(futures), total=len(todo), unit="submission", disable=not progress,
                       bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed} elapsed, "
                                  "about {remaining} left, {rate_inv_fmt}]")
            for future in bar:
                sub, sub_hash = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # a bug here must not lose the other submissions
                    result = {"student": sub.student, "student_id": sub.student_id,
                              "submission": sub.relative, "layout": sub.layout, "late": sub.late,
                              "status": INFRASTRUCTURE_ERROR, "scores": {}, "possible": {},
                              "feedback": {}, "problems": [], "flags": [],
                              "error": f"not graded: grading failed: {type(exc).__name__}: {exc}"}
                result["submission_sha256"] = sub_hash
                result["autograder_sha256"] = ag_hash
                result["settings"] = settings.cache_terms()
                cache = _cache_path(out, sub)
                if result.get("status") == INFRASTRUCTURE_ERROR:
                    cache.unlink(missing_ok=True)
                else:
                    cache.write_text(json.dumps(result, indent=1), encoding="utf-8")
                results[sub.relative] = result
        except BaseException:
            for future in futures:
                future.cancel()
            process_tree.kill_all_live()
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    return [results[s.relative] for s in subs]


def status(r: dict) -> str:
    """A result's status (results cached before statuses existed: from their error)."""
    return r.get("status") or (STUDENT_ERROR if r["error"] else GRADED)


def question_points(results: list[dict], handout: dict | None) -> dict[str, float]:
    """Question -> points possible, from graded results, else from the handout."""
    points = _possible_from_handout(handout)
    for r in results:
        for q, p in r["possible"].items():
            points[q] = max(points.get(q, 0.0), p)
    return dict(sorted(points.items()))


def _cells(r: dict) -> str:
    """The cells that raised or were stopped, briefly (for the instructor's CSV)."""
    return "; ".join(
        f"cell {p['cell']}: " + {"KeyboardInterrupt": "time limit", "KernelDied": "kernel died"}.get(p["ename"], p["ename"])
        for p in r.get("problems") or []
    )


def write_csv(results: list[dict], points: dict[str, float], path: Path) -> None:
    """Write ``scores.csv``: one row per submission.

    A student's error scores 0 on every question; a grading infrastructure error has
    no scores at all (empty cells), so that it cannot pass for a 0.
    """
    questions = list(points)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student", "student_id", "submission", "status", *questions, "total", "possible",
                    "error", "cells", "flags"])
        for r in results:
            if status(r) == INFRASTRUCTURE_ERROR:
                row, total = [""] * len(questions), ""
            else:
                row = [0.0 if r["error"] else r["scores"].get(q, 0.0) for q in questions]
                total = sum(row)
            w.writerow([r["student"], r["student_id"], r["submission"], status(r), *row, total,
                        sum(points.values()), r["error"] or "", _cells(r), "; ".join(r["flags"])])


def _total(r: dict) -> float | None:
    if status(r) == INFRASTRUCTURE_ERROR:
        return None
    return 0.0 if r["error"] else sum(r["scores"].values())


def write_gradebook(results: list[dict], points: dict[str, float], path: Path) -> None:
    """Write ``gradebook.csv``: one row per student, the best of their files.

    ``identifier`` is what a gradebook matches on: Moodle's ``Participant <id>`` for
    Moodle folders, the Canvas user id for Canvas names, the name otherwise. A
    student none of whose files could be graded (grading infrastructure errors) has
    an empty grade and the status saying so: a gradebook import leaves it unset.
    """
    best: dict[tuple[str, str], dict] = {}
    count: dict[tuple[str, str], int] = {}
    rank = lambda r: -1.0 if _total(r) is None else _total(r)  # noqa: E731
    for r in results:
        key = (r["student"], r["student_id"])
        count[key] = count.get(key, 0) + 1
        if key not in best or rank(r) > rank(best[key]):
            best[key] = r
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["identifier", "student", "student_id", "grade", "possible", "status", "submission",
                    "files", "error"])
        for (student, sid), r in sorted(best.items()):
            if r["layout"] == "moodle":
                ident = f"Participant {sid}"
            else:
                ident = sid or student
            grade = _total(r)
            w.writerow([ident, student, sid, "" if grade is None else grade, sum(points.values()),
                        status(r), r["submission"], count[(student, sid)], r["error"] or ""])


def _what_to_do(error: str, assignment: str) -> list[str]:
    """What a student whose submission could not be graded should do, for that error."""
    wrong = re.match(r"wrong assignment: this is a notebook of (\S+), not of", error)
    if wrong:
        return [f"You submitted your notebook of {wrong.group(1)}; this assignment is {assignment}.",
                f"Submit your {assignment} notebook (made from the {assignment} handout) instead."]
    if error.startswith("wrong assignment: the notebook names no assignment"):
        return [f"This assignment is {assignment}, and the file was not made from its handout:",
                f"put your answers in the {assignment} notebook handed out and submit that."]
    if error.startswith("the kernel died: the notebook called exit()"):
        m = re.search(r"code cell (\d+)", error)
        where = f"at code cell {m.group(1)}" if m else "in one of its cells"
        return [f"Your notebook stopped its own kernel {where} (exit(), quit() or sys.exit()",
                "end the kernel there), so none of the tests could run. Remove that call, run the",
                "whole notebook top to bottom (Kernel > Restart & Run All) and submit it again."]
    return ["Run the whole notebook top to bottom (Kernel > Restart & Run All), check that",
            "every grader.check cell passes, then export and submit it again."]


def feedback_text(r: dict, assignment: str, points: dict[str, float]) -> str:
    """What a student is told: their score per question, what each failed test says, and
    what went wrong in which cell, in plain words."""
    lines = [f"{assignment}: feedback on {r['submission']}", ""]
    if status(r) == INFRASTRUCTURE_ERROR:
        lines += [
            "This submission has not been graded yet: grading failed on the grading machine",
            "before your notebook ran. This is not a problem with your work, and it is not a 0;",
            "it will be graded again.",
        ]
        return "\n".join(lines) + "\n"
    if r["error"]:
        lines += ["This submission could not be graded, so it scores 0:", f"  {r['error']}", ""]
        lines += _what_to_do(r["error"], assignment)
        return "\n".join(lines) + "\n"
    total = sum(r["scores"].values())
    lines.append(f"Score: {total:g} of {sum(points.values()):g} points")
    problems = r.get("problems") or []
    name_errors = any("NameError" in note for notes in r["feedback"].values() for note in notes)
    described = explain.describe(problems, later_name_errors=name_errors)
    if described:
        lines += ["", "While your notebook ran (the questions whose code ran were graded):"]
        lines += [f"  - {line}" for line in described]
    for q, possible in points.items():
        lines += ["", f"{q}: {r['scores'].get(q, 0.0):g} of {possible:g} points"]
        notes, _ = explain.own_cell_raised([explain.restore_quotes(n) for n in r["feedback"].get(q, [])], problems)
        for note in notes:
            first, *rest = explain.explain_failed_test(note).splitlines()
            lines.append(f"  - {first}")
            lines += [f"      {line}" for line in rest]
    return "\n".join(lines) + "\n"


def write_feedback(results: list[dict], assignment: str, points: dict[str, float], folder: Path) -> None:
    """Write ``<folder>/<file>.txt`` for every submission."""
    folder.mkdir(parents=True, exist_ok=True)
    for r in results:
        key = Submission(Path(r["submission"]), r["submission"], "", "", "").key
        (folder / f"{key}.txt").write_text(feedback_text(r, assignment, points), encoding="utf-8")


def plot_distribution(results: list[dict], points: dict[str, float], path: Path, title: str) -> None:
    """Save a figure: for each question, the share of submissions at each score."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = [r for r in results if status(r) != INFRASTRUCTURE_ERROR]  # not scored
    if not results or not points:
        return
    questions = list(points)
    # Okabe-Ito, safe for colour-blind readers.
    colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
    fig, axes = plt.subplots(1, len(questions), figsize=(3 * len(questions), 3.2), sharey=True, squeeze=False)
    n = len(results)
    score = lambda r, q: 0.0 if r["error"] else r["scores"].get(q, 0.0)  # noqa: E731
    for k, (ax, q) in enumerate(zip(axes[0], questions)):
        possible = points[q]
        # Every whole point from 0 to full marks gets a bar (an empty one if no one
        # scored it), so that the bars are evenly spaced and a missing score shows.
        whole = {float(v) for v in range(int(possible) + 1)}
        levels = sorted({score(r, q) for r in results} | whole | {possible})
        shares = [sum(score(r, q) == v for r in results) / n for v in levels]
        ax.bar([f"{v:g}" for v in levels], shares, color=colours[k % len(colours)])
        ax.set_xlabel(f"{q} score (points, of {possible:g})")
        ax.set_ylim(0, 1)
    axes[0][0].set_ylabel("share of submissions")
    fig.suptitle(f"{title}: {n} submissions", fontsize=10)
    fig.patch.set_facecolor("white")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"stopped by signal {signum}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Grade a folder of submissions with otter-grader, without Docker "
                    "(each in a bubblewrap sandbox on Linux)."
    )
    parser.add_argument("assignment", help="assignment name, e.g. hw03_entropy")
    parser.add_argument("submissions", type=Path,
                        help="folder of submissions: *.ipynb and/or exported *.zip, flat, "
                             "one folder per student (Moodle) or Canvas file names")
    parser.add_argument("--build", type=Path, default=HERE / "_build", help="folder written by build.py")
    parser.add_argument("--out", type=Path, help="output folder (default: <submissions>/graded)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="submissions graded at once")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds a submission may take before it is killed (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--cell-timeout", type=float,
                        help="seconds a cell may run before it is interrupted and the next cell runs "
                             "(default: half of --timeout)")
    parser.add_argument("--force", action="store_true", help="grade every submission again, cached or not")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="run the students' code without the bubblewrap sandbox, with your permissions")
    parser.add_argument("--memory-mb", type=int, default=sandbox.Limits.memory_mb,
                        help="address space of each grading process, MB (default %(default)s)")
    parser.add_argument("--max-processes", type=int, default=sandbox.Limits.processes,
                        help="processes and threads of a sandbox (default %(default)s)")
    parser.add_argument("--retries", type=int, default=Settings.retries,
                        help="attempts after the first when grading fails before the notebook ran "
                             "(default %(default)s)")
    parser.add_argument("--retry-pause", type=float, default=Settings.retry_pause,
                        help="seconds before the first retry, doubled for each next one (default %(default)s)")
    args = parser.parse_args(argv)
    # Stopped from outside (Ctrl-C, a CI job's kill): the graders run in sessions of
    # their own, out of reach of a signal to our group, so stop them ourselves.
    signal.signal(signal.SIGTERM, _interrupt)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _interrupt)
    for name in ("timeout", "cell_timeout", "memory_mb", "max_processes"):
        value = getattr(args, name)
        if value is not None and value <= 0:
            parser.error(f"--{name.replace('_', '-')} must be positive, got {value:g}")
    if args.retries < 0 or args.retry_pause < 0:
        parser.error(f"--retries and --retry-pause must not be negative, got {args.retries}, {args.retry_pause:g}")

    ag_zip = args.build / args.assignment / f"{args.assignment}-autograder.zip"
    if not ag_zip.exists():
        raise SystemExit(f"no autograder zip at {ag_zip}; run 'make assignments' first")
    if not args.submissions.is_dir():
        raise SystemExit(f"submissions folder {str(args.submissions)!r} does not exist or is not a folder")
    if not args.no_sandbox:
        try:
            sandbox.check()
        except sandbox.SandboxUnavailable as exc:
            raise SystemExit(f"cannot grade in a sandbox: {exc}") from None
    else:
        print("WARNING: grading without a sandbox: the students' code runs with your permissions "
              "and can read, change or delete your files", file=sys.stderr)
    settings = Settings(
        timeout=args.timeout, cell_timeout=args.cell_timeout, sandbox=not args.no_sandbox,
        limits=sandbox.Limits(memory_mb=args.memory_mb, processes=args.max_processes),
        retries=args.retries, retry_pause=args.retry_pause,
    )
    handout_path = args.build / args.assignment / "student" / f"{args.assignment}.ipynb"
    handout = json.loads(handout_path.read_text(encoding="utf-8")) if handout_path.exists() else None
    # otter's copy of the master with its solutions: what a question's solution uses is not flagged.
    solution_path = args.build / args.assignment / "autograder" / f"{args.assignment}.ipynb"
    solution = json.loads(solution_path.read_text(encoding="utf-8")) if solution_path.exists() else None
    out = args.out or args.submissions / "graded"
    out.mkdir(parents=True, exist_ok=True)
    try:
        results = grade_folder(args.assignment, ag_zip.resolve(), args.submissions, out,
                               jobs=args.jobs, force=args.force, settings=settings,
                               handout=handout, solution=solution, progress=not args.no_progress)
    except KeyboardInterrupt as exc:
        print(f"\ngrading stopped ({exc or 'interrupted'}); every grader and kernel was killed. "
              f"Results so far are kept in {out / 'results'}: run the same command to go on.",
              file=sys.stderr)
        return 130
    points = question_points(results, handout)
    write_csv(results, points, out / "scores.csv")
    write_gradebook(results, points, out / "gradebook.csv")
    write_feedback(results, args.assignment, points, out / "feedback")
    plot_distribution(results, points, out / "scores.png", args.assignment)
    failed = [r for r in results if status(r) == INFRASTRUCTURE_ERROR]
    errors = [r for r in results if status(r) == STUDENT_ERROR]
    flagged = [r for r in results if r["flags"]]
    graded = len(results) - len(errors) - len(failed)
    print(f"{graded} graded, {len(errors)} with errors, {len(flagged)} flagged: see {out / 'scores.csv'}")
    for r in errors:
        print(f"  error   {r['submission']}: {r['error']}")
    print(f"feedback for students in {out / 'feedback'}; gradebook import file {out / 'gradebook.csv'}")
    if failed:
        print(f"{len(failed)} NOT GRADED because grading itself failed before the notebook ran "
              "(not scored, not cached; run the same command again to grade them):", file=sys.stderr)
        for r in failed:
            print(f"  not graded   {r['submission']}: {r['error']}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
