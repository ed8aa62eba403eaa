"""Build every graded assignment with ``otter assign``.

For each master notebook ``assignments/hwNN_*.ipynb`` this writes, under the build
folder (default ``assignments/_build``)::

    <stem>/student/<stem>.ipynb        the notebook to hand out (public tests inside)
    <stem>/autograder/...              otter's autograder notebook and zip
    <stem>/<stem>-autograder.zip       the same zip under a fixed name, for grade.py

The autograder zip carries a wheel of the course library, built from this checkout,
and its ``environment.yml`` installs it next to otter-grader, so that Gradescope and
``otter grade`` (Docker) can import it, with the versions locked in ``locks/assign.txt``
(those that apply to the autograder's Linux and Python). The student notebook's first
cell installs otter-grader and the course library (the release's tag in the repository
of ``_config.yml``, as the chapters' setup cells do) when they are missing, as on Colab, and says so in one line.

Before building, a Jupyter kernel is started once: if it does not start, the build
stops and says why. ``otter assign`` grades each master's solutions against all of its
tests and stops with an error if they do not score full marks; this script then fails
too, and reports otter's own summary or error. It also scans every file handed out to
students for solution code and hidden tests.

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
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OTTER = Path(sys.executable).with_name("otter")
KERNEL = "python3"
#: Where the autograder zip is unpacked on Gradescope and in ``otter grade``'s containers.
AUTOGRADER_SOURCE = "/autograder/source"


class BuildError(RuntimeError):
    """A build step failed; the message says which and why."""


def library() -> dict[str, str]:
    """The course library's distribution name, import name and version, from pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {
        "distribution": project["project"]["name"],
        "module": project["tool"]["setuptools"]["packages"][0],
        "version": project["project"]["version"],
    }


def library_requirement() -> str:
    """The pip requirement of the course library, from the website's ``repository:`` setting.

    The same source as the chapters' setup cells (``scripts/setup_cells.py``): the
    release's tag, on GitHub as its source archive, elsewhere ``git+<url>@<tag>``.
    """
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import setup_cells
    finally:
        sys.path.pop(0)
    return f"{library()['distribution']} @ {setup_cells.install_url(ROOT)}"


def otter_requirement() -> str:
    """The otter-grader requirement of the 'assign' extra (the version students install)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    spec = next(r for r in project["project"]["optional-dependencies"]["assign"] if r.startswith("otter-grader"))
    return re.sub(r"\[[^]]*\]", "", spec)


def check_kernel(timeout: float = 60) -> None:
    """Start and stop the Jupyter kernel otter runs notebooks in; raise BuildError if it fails."""
    code = (
        "from jupyter_client.manager import start_new_kernel\n"
        f"km, kc = start_new_kernel(kernel_name={KERNEL!r}, startup_timeout={timeout})\n"
        "kc.stop_channels(); km.shutdown_kernel(now=True)\n"
    )
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=timeout + 30)
    except subprocess.TimeoutExpired:
        raise BuildError(f"the Jupyter kernel {KERNEL!r} did not start within {timeout:.0f} s") from None
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        hint = ""
        if "NoSuchKernel" in proc.stderr or "No module named" in proc.stderr:
            hint = " Install ipykernel with the 'assign' extra: pip install -e '.[assign]' (or run make assignments)."
        raise BuildError(f"the Jupyter kernel {KERNEL!r} does not start: {last}.{hint}")


def build_wheel(out: Path) -> Path:
    """Build the course library's wheel from this checkout (a copy, so the checkout stays clean)."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, src / name)
        shutil.copytree(ROOT / library()["module"], src / library()["module"],
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
             "-q", "-w", str(out), str(src)],
            capture_output=True, text=True,
        )
    wheels = sorted(out.glob("*.whl"))
    if proc.returncode != 0 or len(wheels) != 1:
        raise BuildError(f"pip wheel could not build the course library:\n{proc.stdout}\n{proc.stderr}")
    return wheels[0]


def locked_pins(python: str) -> list[str]:
    """``name==version`` of ``locks/assign.txt`` for the autograder: Linux, this Python (``3.13``)."""
    from packaging.markers import Marker

    where = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
             "implementation_name": "cpython", "platform_python_implementation": "CPython",
             "python_version": python, "python_full_version": f"{python}.0"}
    pins = []
    for line in (ROOT / "locks" / "assign.txt").read_text(encoding="utf-8").splitlines():
        requirement, _, marker = line.partition(";")
        if requirement.strip() and not line.lstrip().startswith("#"):
            if not marker.strip() or Marker(marker.strip()).evaluate(where):
                pins.append(requirement.strip())
    return pins


def add_wheel_to_autograder(ag_zip: Path, wheel: Path) -> None:
    """Ship ``wheel`` in the autograder zip and install it from its ``environment.yml``,
    with the locked versions of everything else."""
    with zipfile.ZipFile(ag_zip) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    env = yaml.safe_load(members["environment.yml"])
    pip = next(d for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)["pip"]
    python = next(str(d).split("=", 1)[1] for d in env["dependencies"] if str(d).startswith("python="))
    pip.extend(pin for pin in locked_pins(python) if not pin.startswith("otter-grader=="))
    pip.append(f"{AUTOGRADER_SOURCE}/{wheel.name}")
    members["environment.yml"] = yaml.safe_dump(env, sort_keys=False).encode()
    members["requirements.txt"] = "".join(f"{r}\n" for r in pip).encode()
    members[wheel.name] = wheel.read_bytes()
    with zipfile.ZipFile(ag_zip, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def setup_cell(stem: str) -> str:
    """The student notebook's first cell: install what is missing, then start the grader."""
    needed = {"otter": otter_requirement(), library()["module"]: library_requirement()}
    return f'''# Setup: installs otter-grader and the course library if they are missing (on Colab,
# for instance), then starts the grader. The tests are stored in this notebook.
import importlib, importlib.util, subprocess, sys
_needed = {json.dumps(needed)}
_missing = [req for module, req in _needed.items() if importlib.util.find_spec(module) is None]
if _missing:
    print("Installing", " and ".join(r.split(" ")[0].split(">")[0] for r in _missing), "(once; about a minute) ...")
    _pip = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", *_missing],
                          capture_output=True, text=True)
    if _pip.returncode != 0:
        raise RuntimeError("pip could not install " + ", ".join(_missing) + ":\\n" + _pip.stderr[-2000:])
    importlib.invalidate_caches()
import otter
if "google.colab" in str(get_ipython()):
    # On Colab, otter reads tests from files: write the public tests stored in this notebook.
    import os
    from google.colab import _message
    _tests = _message.blocking_request("get_ipynb")["ipynb"]["metadata"]["otter"]["tests"]
    os.makedirs("tests", exist_ok=True)
    for _name, _source in _tests.items():
        with open(os.path.join("tests", _name + ".py"), "w", encoding="utf-8") as _f:
            _f.write(_source)
    grader = otter.Notebook(tests_dir="tests")
else:
    grader = otter.Notebook("{stem}.ipynb", tests_dir=None)'''


def install_setup_cell(student_nb: Path, stem: str) -> None:
    """Replace the student notebook's first code cell (otter's grader) by :func:`setup_cell`."""
    nb = json.loads(student_nb.read_text(encoding="utf-8"))
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    if "otter.Notebook(" not in _source(first):
        raise BuildError(f"{student_nb.name}: the first code cell does not start otter's grader")
    first["source"] = setup_cell(stem).splitlines(keepends=True)
    student_nb.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _otter_failure(master: Path, proc: subprocess.CompletedProcess) -> str:
    """What went wrong in an ``otter assign`` run, in otter's own words."""
    output = f"{proc.stdout}\n{proc.stderr}"
    if "Some autograder tests failed" in output:
        summary = output[output.index("Some autograder tests failed"):].strip()
        return f"the solutions in {master.name} fail their own tests:\n{summary}"
    lines = [l for l in output.strip().splitlines() if l.strip()]
    errors = [l for l in lines if re.match(r"^[A-Za-z_.]*(Error|Exception|Kernel)\w*:", l.strip())]
    cause = errors[-1].strip() if errors else (lines[-1] if lines else "(no output)")
    return f"otter assign failed on {master.name} (exit {proc.returncode}): {cause}\n{output.strip()}"


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


def build_one(master: Path, out: Path, wheel: Path) -> Path:
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
        raise BuildError(_otter_failure(master, proc))
    zips = sorted((dest / "autograder").glob("*-autograder_*.zip"))
    if len(zips) != 1:
        raise BuildError(f"expected one autograder zip in {dest / 'autograder'}, found {zips}")
    add_wheel_to_autograder(zips[0], wheel)
    ag_zip = dest / f"{master.stem}-autograder.zip"
    shutil.copy2(zips[0], ag_zip)
    install_setup_cell(dest / "student" / f"{master.stem}.ipynb", master.stem)
    leaks = scan_handout(dest / "student", master)
    if leaks:
        raise BuildError(f"the student version of {master.name} leaks:\n  " + "\n  ".join(leaks))
    return ag_zip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="assignment stems or master paths (default: all)")
    parser.add_argument("--out", type=Path, default=HERE / "_build", help="build folder")
    parser.add_argument("--jobs", type=int, default=2, help="masters built at the same time")
    args = parser.parse_args(argv)
    todo = masters(args.names)
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        check_kernel()
        wheel = build_wheel(args.out.resolve() / "_wheel")
    except BuildError as exc:
        print(f"FAILED before building: {exc}", file=sys.stderr)
        return 1
    failed = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {m: pool.submit(build_one, m, args.out.resolve(), wheel) for m in todo}
        for master, future in futures.items():
            try:
                ag_zip = future.result()
            except BuildError as exc:
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
