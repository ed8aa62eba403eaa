"""Throughput of ``make grade``: a generated class of submissions, graded as a TA would.

Writes ``--n`` submissions of hw03 (default 200): the fixtures of ``fixtures.py``
(correct, blank and one typical mistake per question) in turn, each under a
student's name (Latin, accented and Chinese names, some in Moodle folders) and
with a note of its own so that no two files are the same, and about 2% runaways
(an answer that loops without end, stopped at the cell limit, and one that also
ignores interrupts, killed at the submission's limit). Then grades them all with
``assignments/grade.py`` (sandboxed, as ``make grade`` does; ``--no-sandbox``
without) and prints the wall time, the time per submission, the CPU time of
each grading process and its kernel, the statuses, and the wall time a class of 200 would
take at that rate, against the budget below. It reports, it does not gate
(exit code 0 unless grading itself failed).

Run with ``python benchmarks/bench_grading.py [--n 40] [--timeout 30] [--jobs 2]``
(it builds hw03 into a temporary folder unless given ``--build``). On a machine
shared with other work the numbers say what this machine did at that moment:
the load average is printed with them.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = ROOT / "assignments"
sys.path.insert(0, str(ASSIGNMENTS))

import bad_submissions  # noqa: E402
import fixtures  # noqa: E402

STEM = bad_submissions.STEM
#: Budget: a class of 200 graded within this many minutes on 2 cores.
BUDGET_MINUTES_FOR_200 = 30.0
#: Share of runaways among the generated submissions.
RUNAWAY_SHARE = 0.02

NAMES = ["Ada Lovelace", "José García", "Jose Garcia", "张伟", "李娜", "Zoë Müller", "Ngozi Okafor",
         "Søren Kierkegaard", "Aiyana Redcloud", "Đặng Thu Thảo", "Olusegun Adeyemi", "Maëlle Dubois"]

IGNORES_INTERRUPTS = '''def my_entropy(p, base=2):
    return 0.0

import signal
signal.signal(signal.SIGINT, signal.SIG_IGN)
while True:
    pass'''


def generate(built: Path, folder: Path, n: int) -> Counter:
    """Write ``n`` submissions into ``folder``; return how many of each kind."""
    student_nb = built / STEM / "student" / f"{STEM}.ipynb"
    autograder_nb = built / STEM / "autograder" / f"{STEM}.ipynb"
    written = fixtures.write_fixtures(student_nb, autograder_nb, folder.parent / f".{folder.name}-fixtures", STEM)
    kinds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in written}
    correct = kinds["correct"]
    runaways = max(1, round(RUNAWAY_SHARE * n))
    plan = ["runaway-interruptible" if k % 2 == 0 else "runaway-ignores-interrupts" for k in range(runaways)]
    order = sorted(kinds)
    plan += [order[k % len(order)] for k in range(n - runaways)]
    counts = Counter()
    for k, kind in enumerate(plan):
        if kind == "runaway-interruptible":
            nb = bad_submissions._with_answer(correct, "q1", bad_submissions.ENDLESS_LOOP)
        elif kind == "runaway-ignores-interrupts":
            nb = bad_submissions._with_answer(correct, "q1", IGNORES_INTERRUPTS)
        else:
            nb = kinds[kind]
        nb = bad_submissions._with_cell_after(nb, "q1", f"# submission {k}: my notes")
        name = f"{NAMES[k % len(NAMES)]} {k:03d}"
        if k % 3 == 0:  # a Moodle folder
            path = folder / f"{name}_{10000 + k}_assignsubmission_file_" / f"{STEM}.ipynb"
        else:
            path = folder / f"{name}.ipynb"
        bad_submissions._write(path, nb)
        counts[kind] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="submissions to generate and grade (default 200)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per submission (default 30)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="submissions graded at once")
    parser.add_argument("--build", type=Path, help="a folder written by build.py that holds hw03 (default: build it)")
    parser.add_argument("--no-sandbox", action="store_true", help="grade without bubblewrap")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error(f"--n must be at least 1, got {args.n}")

    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        tmp = Path(tmp)
        built = args.build
        if built is None:
            built = tmp / "build"
            print(f"building {STEM} ...", flush=True)
            subprocess.run([sys.executable, str(ASSIGNMENTS / "build.py"), STEM, "--out", str(built)],
                           check=True, capture_output=True, timeout=900)
        folder = tmp / "class"
        counts = generate(built, folder, args.n)
        print(f"{args.n} submissions: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        cmd = [sys.executable, str(ASSIGNMENTS / "grade.py"), STEM, str(folder), "--build", str(built),
               "--out", str(tmp / "graded"), "--jobs", str(args.jobs), "--timeout", f"{args.timeout:g}",
               "--no-progress"] + (["--no-sandbox"] if args.no_sandbox else [])
        start = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True,
                              timeout=args.n * args.timeout + 600)
        wall = time.monotonic() - start
        if proc.returncode not in (0, 3):
            print(proc.stdout, proc.stderr, file=sys.stderr)
            return proc.returncode
        with (tmp / "graded" / "scores.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        statuses = Counter(r["status"] for r in rows)
        # CPU seconds of each grading process and its kernel, as the worker measured them
        # (a submission killed at its time limit reports none).
        cpus = [json.loads(p.read_text(encoding="utf-8")).get("cpu_seconds")
                for p in (tmp / "graded" / "results").glob("*.json")]
        cpus = [c for c in cpus if c is not None]
        stopped = sum("time limit" in r["cells"] for r in rows)
        per = wall / args.n
        for_200 = per * 200 / 60
        print(f"graded {len(rows)} with {args.jobs} jobs, timeout {args.timeout:g} s, "
              f"sandbox {'off' if args.no_sandbox else 'on'}, load average {load:.1f} on {os.cpu_count()} cores")
        print(f"  statuses: " + ", ".join(f"{v} {k}" for k, v in sorted(statuses.items()))
              + f"; {stopped} stopped at a cell's time limit")
        print(f"  wall time {wall:.0f} s: {per:.1f} s per submission")
        if cpus:
            print(f"  CPU time of a grading process and its kernel: median {statistics.median(cpus):.1f} s, "
                  f"mean {statistics.mean(cpus):.1f} s, max {max(cpus):.1f} s ({len(cpus)} submissions)")
        print(f"  a class of 200 at this rate: {for_200:.0f} min "
              f"(budget {BUDGET_MINUTES_FOR_200:g} min: ratio {for_200 / BUDGET_MINUTES_FOR_200:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
