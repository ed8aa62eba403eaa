"""Build every graded assignment with ``otter assign``.

For each master notebook ``assignments/hwNN_*.ipynb`` this writes, under the build
folder (default ``assignments/_build``)::

    <stem>/student/<stem>.ipynb        the notebook to hand out (public tests inside)
    <stem>/autograder/...              otter's autograder notebook and zip
    <stem>/<stem>-autograder.zip       the same zip under a fixed name, for grade.py

``otter assign`` grades each master's solutions against all of its tests and stops
with an error if they do not score full marks; this script then fails too. It also
scans every file handed out to students for solution code and hidden tests.

Usage::

    python assignments/build.py [--out assignments/_build] [hw03_entropy ...]
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
OTTER = Path(sys.executable).with_name("otter")


def masters(names: list[str] | None = None) -> list[Path]:
    """The master notebooks, in order; ``names`` (stems, or paths to masters) selects some."""
    found = sorted(HERE.glob("hw[0-9][0-9]_*.ipynb"))
    if names and all(n.endswith(".ipynb") for n in names):
        paths = [Path(n).resolve() for n in names]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise SystemExit(f"no master notebook at {missing}")
        return paths
    if names:
        unknown = set(names) - {p.stem for p in found}
        if unknown:
            raise SystemExit(
                f"unknown assignment(s) {sorted(unknown)}; available: {[p.stem for p in found]}"
            )
        found = [p for p in found if p.stem in names]
    return found


def _source(cell: dict) -> str:
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def secrets(master: Path) -> dict[str, list[str]]:
    """Lines of a master that must never reach students.

    ``solution``: each non-trivial line inside ``# BEGIN SOLUTION`` / ``# END SOLUTION``
    and each line marked ``# SOLUTION``; ``hidden``: the name and each non-trivial line
    of every hidden test that no public test of the master also holds.
    """
    nb = json.loads(master.read_text(encoding="utf-8"))
    solution: list[str] = []
    hidden: list[str] = []
    public: set[str] = set()
    in_solution_block = False
    for cell in nb["cells"]:
        text = _source(cell)
        if cell["cell_type"] == "raw":
            first = text.strip().splitlines()[0] if text.strip() else ""
            if first == "# BEGIN SOLUTION":
                in_solution_block = True
            elif first == "# END SOLUTION":
                in_solution_block = False
            continue
        if cell["cell_type"] != "code":
            continue
        if in_solution_block:
            inside = False
            for line in text.splitlines():
                stripped = line.strip()
                if stripped == "# BEGIN SOLUTION":
                    inside = True
                elif stripped == "# END SOLUTION":
                    inside = False
                elif stripped.endswith("# SOLUTION"):
                    solution.append(stripped[: -len("# SOLUTION")].strip())
                elif inside and len(stripped) > 12:
                    solution.append(stripped)
        if '""" # END TEST CONFIG' in text:
            body = text.split('""" # END TEST CONFIG', 1)[1]
            func = next(n for n in ast.parse(body).body if isinstance(n, ast.FunctionDef))
            lines = [line.strip() for line in ast.get_source_segment(body, func).splitlines()[1:]]
            if re.search(r"^hidden:\s*true\s*$", text, flags=re.MULTILINE):
                hidden.append(f"def {func.name}(")
                hidden += [s for s in lines if len(s) > 25 and not s.startswith(("import ", "from "))]
            else:
                public.update(lines)
    # Code that public tests share with hidden ones (the delegation guard) is public.
    return {"solution": solution, "hidden": [line for line in hidden if line not in public]}


def _json_unescape(line: str) -> str:
    """How a line of code appears inside a notebook's JSON (quotes and backslashes escaped)."""
    return json.dumps(line)[1:-1]


def scan_handout(student_dir: Path, master: Path) -> list[str]:
    """Every leak of solution code or hidden tests into the files in ``student_dir``."""
    found = secrets(master)
    leaks = []
    files = [p for p in student_dir.rglob("*") if p.is_file()]
    if not files:
        return [f"{student_dir} holds no files"]
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        if "BEGIN SOLUTION" in text or "hidden=True" in text:
            leaks.append(f"{path.name}: contains a solution marker or a hidden test case")
        for kind, lines in found.items():
            for line in lines:
                if line in text or _json_unescape(line) in text:
                    leaks.append(f"{path.name}: {kind} line {line!r}")
    return leaks


def build_one(master: Path, out: Path) -> Path:
    """Run otter assign on one master; return the autograder zip (fixed name)."""
    dest = out / master.stem
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    proc = subprocess.run(
        [str(OTTER), "assign", str(master), str(dest)],
        cwd=master.parent,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"otter assign failed on {master.name} (exit {proc.returncode}); "
            f"are the solutions passing their own tests?\n{proc.stdout}\n{proc.stderr}"
        )
    zips = sorted((dest / "autograder").glob("*-autograder_*.zip"))
    if len(zips) != 1:
        raise RuntimeError(f"expected one autograder zip in {dest / 'autograder'}, found {zips}")
    ag_zip = dest / f"{master.stem}-autograder.zip"
    shutil.copy2(zips[0], ag_zip)
    leaks = scan_handout(dest / "student", master)
    if leaks:
        raise RuntimeError(f"the student version of {master.name} leaks:\n  " + "\n  ".join(leaks))
    return ag_zip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="assignment stems or master paths (default: all)")
    parser.add_argument("--out", type=Path, default=HERE / "_build", help="build folder")
    parser.add_argument("--jobs", type=int, default=2, help="masters built at the same time")
    args = parser.parse_args(argv)
    todo = masters(args.names)
    args.out.mkdir(parents=True, exist_ok=True)
    failed = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {m: pool.submit(build_one, m, args.out.resolve()) for m in todo}
        for master, future in futures.items():
            try:
                ag_zip = future.result()
            except RuntimeError as exc:
                failed.append(master.name)
                print(f"FAILED {master.name}: {exc}", file=sys.stderr)
            else:
                student = ag_zip.parent / "student"
                print(f"built {master.stem}: hand out {student}, grade with {ag_zip}")
    if failed:
        print(f"{len(failed)} of {len(todo)} assignments failed: {failed}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
