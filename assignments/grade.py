"""Grade a folder of submissions for one assignment, without Docker.

Each submission (a notebook ``*.ipynb`` or the zip that otter's export cell writes)
is graded with otter-grader's Python API (``otter.api.grade_submission``) against the
assignment's autograder zip, in parallel across cores, with a progress bar. Each
result is cached in ``<out>/results/<submission>.json``; a submission whose cached
result is newer than both the submission and the autograder zip is not graded again.

Writes ``<out>/scores.csv`` (one row per submission: the score of each question, the
total and the points possible) and ``<out>/scores.png`` (the distribution of the
scores of each question).

WARNING: this runs the students' code on this machine, with your permissions and no
sandbox. Grade untrusted submissions with ``otter grade`` (Docker) instead.

Usage::

    python assignments/grade.py hw03_entropy path/to/submissions [--out DIR] [--jobs N]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _grade_one(submission: str, ag_zip: str) -> dict:
    """Grade one submission in this (worker) process; return its scores."""
    import warnings

    from otter.api import grade_submission

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = grade_submission(submission, ag_zip, quiet=True)
    scores = {name: float(r.score) for name, r in sorted(results.results.items())}
    possible = {name: float(r.possible) for name, r in sorted(results.results.items())}
    error = results.catastrophic_error
    return {
        "submission": Path(submission).name,
        "scores": scores,
        "possible": possible,
        "error": None if error is None else repr(error),
    }


def submissions_in(folder: Path) -> list[Path]:
    """The notebooks and zips directly inside ``folder``, sorted by name."""
    found = sorted(p for p in folder.iterdir() if p.suffix in (".ipynb", ".zip") and p.is_file())
    stems = [p.stem for p in found]
    clash = {s for s in stems if stems.count(s) > 1}
    if clash:
        raise SystemExit(f"two submissions share a name (notebook and zip?): {sorted(clash)}")
    return found


def _cache_path(out: Path, submission: Path) -> Path:
    return out / "results" / f"{submission.stem}.json"


def is_graded(out: Path, submission: Path, ag_zip: Path) -> bool:
    """Whether a cached result exists that is newer than the submission and the zip."""
    cached = _cache_path(out, submission)
    return cached.exists() and cached.stat().st_mtime >= max(
        submission.stat().st_mtime, ag_zip.stat().st_mtime
    )


def grade_folder(ag_zip: Path, folder: Path, out: Path, jobs: int, progress: bool = True) -> list[dict]:
    """Grade every submission in ``folder`` not graded yet; return all results."""
    from tqdm import tqdm

    subs = submissions_in(folder)
    if not subs:
        raise SystemExit(f"no submissions (*.ipynb or *.zip) in {folder}")
    (out / "results").mkdir(parents=True, exist_ok=True)
    todo = [s for s in subs if not is_graded(out, s, ag_zip)]
    skipped = len(subs) - len(todo)
    if skipped:
        print(f"{skipped} of {len(subs)} submissions already graded; grading {len(todo)}")
    if todo:
        with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(todo)))) as pool:
            futures = {pool.submit(_grade_one, str(s), str(ag_zip)): s for s in todo}
            bar = tqdm(as_completed(futures), total=len(todo), unit="submission", disable=not progress)
            for future in bar:
                sub = futures[future]
                result = future.result()
                _cache_path(out, sub).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return [json.loads(_cache_path(out, s).read_text(encoding="utf-8")) for s in subs]


def write_csv(results: list[dict], path: Path) -> list[str]:
    """Write one row per submission; return the question names (the CSV's score columns)."""
    questions = sorted({q for r in results for q in r["possible"]})
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["submission", *questions, "total", "possible", "error"])
        for r in results:
            row = [r["scores"].get(q, 0.0) for q in questions]
            w.writerow([r["submission"], *row, sum(row), sum(r["possible"].values()), r["error"] or ""])
    return questions


def plot_distribution(results: list[dict], questions: list[str], path: Path, title: str) -> None:
    """Save a figure: for each question, the share of submissions at each score."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # Okabe-Ito, safe for colour-blind readers.
    colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
    fig, axes = plt.subplots(1, len(questions), figsize=(3 * len(questions), 3.2), sharey=True, squeeze=False)
    n = len(results)
    for k, (ax, q) in enumerate(zip(axes[0], questions)):
        possible = max(r["possible"].get(q, 0.0) for r in results)
        # Every whole point from 0 to full marks gets a bar (an empty one if no one
        # scored it), so that the bars are evenly spaced and a missing score shows.
        whole = {float(v) for v in range(int(possible) + 1)}
        levels = sorted({r["scores"].get(q, 0.0) for r in results} | whole | {possible})
        shares = [sum(r["scores"].get(q, 0.0) == v for r in results) / n for v in levels]
        ax.bar([f"{v:g}" for v in levels], shares, color=colours[k % len(colours)])
        ax.set_xlabel(f"{q} score (points, of {possible:g})")
        ax.set_ylim(0, 1)
    axes[0][0].set_ylabel("share of submissions")
    fig.suptitle(f"{title}: {n} submissions", fontsize=10)
    fig.patch.set_facecolor("white")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Grade a folder of submissions with otter-grader, without Docker (unsandboxed)."
    )
    parser.add_argument("assignment", help="assignment name, e.g. hw03_entropy")
    parser.add_argument("submissions", type=Path, help="folder of *.ipynb and/or exported *.zip")
    parser.add_argument("--build", type=Path, default=HERE / "_build", help="folder written by build.py")
    parser.add_argument("--out", type=Path, help="output folder (default: <submissions>/graded)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel graders")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    args = parser.parse_args(argv)

    ag_zip = args.build / args.assignment / f"{args.assignment}-autograder.zip"
    if not ag_zip.exists():
        raise SystemExit(f"no autograder zip at {ag_zip}; run 'make assignments' first")
    if not args.submissions.is_dir():
        raise SystemExit(f"submissions folder {args.submissions} does not exist")
    out = args.out or args.submissions / "graded"
    results = grade_folder(ag_zip.resolve(), args.submissions, out, args.jobs, not args.no_progress)
    questions = write_csv(results, out / "scores.csv")
    plot_distribution(results, questions, out / "scores.png", args.assignment)
    failed = [r["submission"] for r in results if r["error"]]
    print(f"graded {len(results)} submissions: {out / 'scores.csv'}, {out / 'scores.png'}")
    if failed:
        print(f"{len(failed)} submissions could not be run to the end: {failed}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
