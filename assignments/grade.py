"""Grade a folder of submissions for one assignment, without Docker.

Every submission (a notebook ``*.ipynb`` or the zip that otter's export cell writes)
found in the folder, in any of the layouts that ``submissions.py`` reads (flat, one
folder per student as Moodle gives them, Canvas file names), is graded with
otter-grader against the assignment's autograder zip, each in a process of its own
(``grade_worker.py``) with a time limit. A submission that overruns is killed with
everything it started, its kernel included (``process_tree.py``); one that cannot be
graded (not a notebook, another assignment, a kernel that died) gets 0 points and
the reason in the ``error`` column. One submission never stops the run.

Results are cached in ``<out>/results/`` and keyed by content: a submission is graded
again when its bytes or the autograder zip's bytes change (SHA-256), whatever the
files' modification times; ``--force`` grades everything again.

Writes into the output folder (default ``<submissions>/graded``):

- ``scores.csv``: one row per submission: the student (name and id as the LMS gives
  them), the file, the score of each question, the total, the points possible, the
  error that stopped grading, and integrity flags (``integrity.py``), which inform
  and do not change the score;
- ``gradebook.csv``: one row per student, for a gradebook import;
- ``feedback/<file>.txt``: what each student can be given: scores and the messages
  of the failed tests;
- ``scores.png``: the distribution of the scores of each question;
- ``logs/<file>.log``: the grading process's output, for a submission that failed.

WARNING: this runs the students' code on this machine, with your permissions and no
sandbox. Grade untrusted submissions with ``otter grade`` (Docker) instead.

Usage::

    python assignments/grade.py hw03_entropy path/to/submissions [--out DIR] [--jobs N]
        [--timeout SECONDS] [--force]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import integrity  # noqa: E402
import process_tree  # noqa: E402
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


def grade_one(sub: Submission, ag_zip: Path, assignment: str, handout: dict | None,
              out: Path, timeout: float, solution: dict | None = None) -> dict:
    """Grade one submission in a process of its own; return its result (never raises NotGradable)."""
    result = {
        "student": sub.student,
        "student_id": sub.student_id,
        "submission": sub.relative,
        "layout": sub.layout,
        "late": sub.late,
        "scores": {},
        "possible": {},
        "feedback": {},
        "error": None,
        "flags": [],
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
    work = Path(tempfile.mkdtemp(prefix="grade-"))
    try:
        result_json = work / "result.json"
        env = dict(os.environ, TMPDIR=str(work), MPLBACKEND="Agg", PYTHONUNBUFFERED="1")
        outcome = process_tree.run(
            [sys.executable, str(WORKER), str(sub.path.resolve()), str(ag_zip), str(result_json)],
            timeout=timeout, cwd=work, env=env, stdout_path=log,
        )
        if outcome.timed_out:
            result["error"] = (
                f"timed out after {timeout:g} s (an endless loop or a very slow cell?); "
                "the grading process and its kernel were killed"
            )
        elif result_json.exists():
            graded = json.loads(result_json.read_text(encoding="utf-8"))
            for key in ("scores", "possible", "feedback", "error"):
                result[key] = graded[key]
            if graded.get("traceback"):
                with log.open("a", encoding="utf-8") as f:
                    f.write("\n" + graded["traceback"])
        else:
            code = outcome.returncode
            how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
            tail = _tail(log)
            result["error"] = f"the grading process ended without a result ({how})" + (
                f": {tail}" if tail else ""
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if tampering and not result["error"]:
        # otter runs the tests inside the student's kernel: a notebook that drives or
        # patches the grader can make every test pass, so its scores cannot be trusted.
        result["scores"] = {q: 0.0 for q in result["scores"]}
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


def cached_result(out: Path, sub: Submission, sub_hash: str, ag_hash: str) -> dict | None:
    """The cached result of ``sub`` if it was graded from the same bytes with the same autograder."""
    path = _cache_path(out, sub)
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if cached.get("submission_sha256") == sub_hash and cached.get("autograder_sha256") == ag_hash:
        return cached
    return None


def grade_folder(assignment: str, ag_zip: Path, folder: Path, out: Path, *, jobs: int,
                 timeout: float = DEFAULT_TIMEOUT, force: bool = False,
                 handout: dict | None = None, solution: dict | None = None,
                 progress: bool = True) -> list[dict]:
    """Grade every submission under ``folder`` that is new or changed; return all results."""
    from tqdm import tqdm

    subs = found_submissions.find(folder, exclude=out)
    if not subs:
        raise SystemExit(f"no submissions (*.ipynb or *.zip) in {str(folder)!r}")
    (out / "results").mkdir(parents=True, exist_ok=True)
    ag_hash = found_submissions.sha256(ag_zip)
    results: dict[str, dict] = {}
    todo = []
    for sub in subs:
        sub_hash = found_submissions.sha256(sub.path)
        cached = None if force else cached_result(out, sub, sub_hash, ag_hash)
        if cached is not None:
            results[sub.relative] = cached
        else:
            todo.append((sub, sub_hash))
    if results:
        print(f"{len(results)} of {len(subs)} submissions already graded; grading {len(todo)} "
              "(a file is graded again when its content or the autograder zip changes)")
    if todo:
        pool = ThreadPoolExecutor(max_workers=max(1, min(jobs, len(todo))))
        futures = {}
        try:
            futures = {
                pool.submit(grade_one, sub, ag_zip, assignment, handout, out, timeout, solution): (sub, h)
                for sub, h in todo
            }
            bar = tqdm(as_completed(futures), total=len(todo), unit="submission", disable=not progress)
            for future in bar:
                sub, sub_hash = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # a bug here must not lose the other submissions
                    result = {"student": sub.student, "student_id": sub.student_id,
                              "submission": sub.relative, "layout": sub.layout, "late": sub.late,
                              "scores": {}, "possible": {}, "feedback": {}, "flags": [],
                              "error": f"grading failed: {type(exc).__name__}: {exc}"}
                result["submission_sha256"] = sub_hash
                result["autograder_sha256"] = ag_hash
                _cache_path(out, sub).write_text(json.dumps(result, indent=1), encoding="utf-8")
                results[sub.relative] = result
        except BaseException:
            for future in futures:
                future.cancel()
            process_tree.kill_all_live()
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    return [results[s.relative] for s in subs]


def question_points(results: list[dict], handout: dict | None) -> dict[str, float]:
    """Question -> points possible, from graded results, else from the handout."""
    points = _possible_from_handout(handout)
    for r in results:
        for q, p in r["possible"].items():
            points[q] = max(points.get(q, 0.0), p)
    return dict(sorted(points.items()))


def write_csv(results: list[dict], points: dict[str, float], path: Path) -> None:
    """Write ``scores.csv``: one row per submission (errors score 0 on every question)."""
    questions = list(points)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student", "student_id", "submission", *questions, "total", "possible",
                    "error", "flags"])
        for r in results:
            row = [0.0 if r["error"] else r["scores"].get(q, 0.0) for q in questions]
            w.writerow([r["student"], r["student_id"], r["submission"], *row, sum(row),
                        sum(points.values()), r["error"] or "", "; ".join(r["flags"])])


def _total(r: dict) -> float:
    return 0.0 if r["error"] else sum(r["scores"].values())


def write_gradebook(results: list[dict], points: dict[str, float], path: Path) -> None:
    """Write ``gradebook.csv``: one row per student, the best of their files.

    ``identifier`` is what a gradebook matches on: Moodle's ``Participant <id>`` for
    Moodle folders, the Canvas user id for Canvas names, the name otherwise.
    """
    best: dict[tuple[str, str], dict] = {}
    count: dict[tuple[str, str], int] = {}
    for r in results:
        key = (r["student"], r["student_id"])
        count[key] = count.get(key, 0) + 1
        if key not in best or _total(r) > _total(best[key]):
            best[key] = r
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["identifier", "student", "student_id", "grade", "possible", "submission",
                    "files", "error"])
        for (student, sid), r in sorted(best.items()):
            if r["layout"] == "moodle":
                ident = f"Participant {sid}"
            else:
                ident = sid or student
            w.writerow([ident, student, sid, _total(r), sum(points.values()), r["submission"],
                        count[(student, sid)], r["error"] or ""])


def feedback_text(r: dict, assignment: str, points: dict[str, float]) -> str:
    """What a student is told: their score per question and what each failed test says."""
    lines = [f"{assignment}: feedback on {r['submission']}", ""]
    if r["error"]:
        lines += [
            "This submission could not be graded, so it scores 0:",
            f"  {r['error']}",
            "",
            "Run the whole notebook top to bottom (Kernel > Restart & Run All), check that",
            "every grader.check cell passes, then export and submit it again.",
        ]
        return "\n".join(lines) + "\n"
    total = sum(r["scores"].values())
    lines.append(f"Score: {total:g} of {sum(points.values()):g} points")
    for q, possible in points.items():
        lines += ["", f"{q}: {r['scores'].get(q, 0.0):g} of {possible:g} points"]
        for note in r["feedback"].get(q, []):
            first, *rest = note.splitlines()
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
        description="Grade a folder of submissions with otter-grader, without Docker (unsandboxed)."
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
    parser.add_argument("--force", action="store_true", help="grade every submission again, cached or not")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    args = parser.parse_args(argv)
    # Stopped from outside (Ctrl-C, a CI job's kill): the graders run in sessions of
    # their own, out of reach of a signal to our group, so stop them ourselves.
    signal.signal(signal.SIGTERM, _interrupt)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _interrupt)
    if args.timeout <= 0:
        parser.error(f"--timeout must be positive, got {args.timeout:g}")

    ag_zip = args.build / args.assignment / f"{args.assignment}-autograder.zip"
    if not ag_zip.exists():
        raise SystemExit(f"no autograder zip at {ag_zip}; run 'make assignments' first")
    if not args.submissions.is_dir():
        raise SystemExit(f"submissions folder {str(args.submissions)!r} does not exist or is not a folder")
    handout_path = args.build / args.assignment / "student" / f"{args.assignment}.ipynb"
    handout = json.loads(handout_path.read_text(encoding="utf-8")) if handout_path.exists() else None
    # otter's copy of the master with its solutions: what a question's solution uses is not flagged.
    solution_path = args.build / args.assignment / "autograder" / f"{args.assignment}.ipynb"
    solution = json.loads(solution_path.read_text(encoding="utf-8")) if solution_path.exists() else None
    out = args.out or args.submissions / "graded"
    out.mkdir(parents=True, exist_ok=True)
    try:
        results = grade_folder(args.assignment, ag_zip.resolve(), args.submissions, out,
                               jobs=args.jobs, timeout=args.timeout, force=args.force,
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
    errors = [r for r in results if r["error"]]
    flagged = [r for r in results if r["flags"]]
    graded = len(results) - len(errors)
    print(f"{graded} graded, {len(errors)} with errors, {len(flagged)} flagged: see {out / 'scores.csv'}")
    for r in errors:
        print(f"  error   {r['submission']}: {r['error']}")
    print(f"feedback for students in {out / 'feedback'}; gradebook import file {out / 'gradebook.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
