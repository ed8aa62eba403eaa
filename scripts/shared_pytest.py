"""Run a folder's test files from several processes that share them out.

``.ci/run`` keeps the machine's two cores busy with two lanes of work of
unequal length. The website's browser checks (``tests/site``, about 17
minutes on their own) are the last thing either lane does: each lane that
gets there runs this script on the same queue folder, and the two take the
test files one at a time until none is left. Whichever lane is free does the
next file, so the lanes end within about one file of each other without
anyone having to know in advance how long each part takes.

A file is taken by creating ``<queue>/<file name>`` (``os.mkdir`` either
creates it or fails: exactly one process gets each file). Files with more
tests go first (so that the last files to be taken are short ones), and each
runs in its own pytest process with a time limit; a run that overruns is
killed with its children (a browser it started included) and counts as a
failure. Every file this process ran is listed at the end with its time and
result, and the exit status is 1 if any failed.

Usage: python scripts/shared_pytest.py --queue DIR [--timeout S] FOLDER [-- PYTEST_ARGS...]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_TIMEOUT = 20 * 60  # seconds for one file; the longest takes about 4 on a busy machine


def test_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("test_*.py"))


def count_tests(folder: Path, pytest_args: list[str]) -> dict[str, int]:
    """How many tests each file of ``folder`` holds, from one ``--collect-only``."""
    out = subprocess.run(
        [sys.executable, "-m", "pytest", str(folder), "--collect-only", "-q", *pytest_args],
        capture_output=True, text=True, check=False,
    ).stdout
    # One line per test ("path.py::name"), or with -q among pytest_args
    # (-qq in all) one line per file ("path.py: 12").
    counts: dict[str, int] = {}
    for line in out.splitlines():
        per_test = re.match(r"(\S+?\.py)::", line)
        per_file = re.fullmatch(r"(\S+?\.py): (\d+)", line.strip())
        if per_test:
            name = Path(per_test.group(1)).name
            counts[name] = counts.get(name, 0) + 1
        elif per_file:
            counts[Path(per_file.group(1)).name] = int(per_file.group(2))
    return counts


def order(files: list[Path], counts: dict[str, int]) -> list[Path]:
    """Most tests first; ties by name, so that every process takes the same order."""
    return sorted(files, key=lambda f: (-counts.get(f.name, 0), f.name))


def claim(queue: Path, file: Path) -> bool:
    """True for exactly one of the processes that ask for ``file``."""
    try:
        os.mkdir(queue / file.name)
    except FileExistsError:
        return False
    return True


def run_file(file: Path, pytest_args: list[str], timeout: float) -> tuple[int, float]:
    """Run one file's tests in their own process group; (exit status, seconds)."""
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "pytest", str(file), *pytest_args], start_new_session=True)
    try:
        rc = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        print(f"\n{file.name}: still running after {timeout:.0f} s; killed with its children", flush=True)
        rc = -signal.SIGKILL
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    return rc, time.monotonic() - start


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1:]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--queue", type=Path, required=True,
                        help="a folder shared by the processes that share the files (created if missing)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds allowed for one file")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"folder: {str(args.folder)!r} is not a folder")
    if args.timeout <= 0:
        parser.error(f"--timeout: must be a positive number of seconds, not {args.timeout:g}")
    files = test_files(args.folder)
    if not files:
        parser.error(f"folder: {str(args.folder)!r} has no test_*.py files")
    args.queue.mkdir(parents=True, exist_ok=True)

    ran: list[tuple[str, int, float]] = []
    for file in order(files, count_tests(args.folder, extra)):
        if not claim(args.queue, file):
            continue
        print(f"== {file.name}", flush=True)
        rc, took = run_file(file, extra, args.timeout)
        ran.append((file.name, rc, took))

    print(f"\n== files this process ran ({len(ran)} of {len(files)}; the others ran them):")
    for name, rc, took in ran:
        print(f"{int(took) // 60:4d}:{int(took) % 60:02d}  {'ok' if rc == 0 else f'FAILED (exit {rc})':<16} {name}")
    return 1 if any(rc != 0 for _, rc, _ in ran) else 0


if __name__ == "__main__":
    sys.exit(main())
