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
too, and reports otter's own summary or error. It also checks that the handout gives no
answer away: no file handed out to students holds solution code or hidden tests, no
public test holds reference code (:func:`reference_code_in_public_tests`), and no hidden
test's message states the value it expects (:func:`expected_values_in_hidden_messages`):
the ``[expected ...]`` notes of those messages are removed unless ``--show-expected``.

Usage::

    python assignments/build.py [--out assignments/_build] [--show-expected] [hw03_entropy ...]
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
    # This notebook's own file, whatever it is called now ("Copy of {stem}.ipynb",
    # "{stem} (1).ipynb"): the one Jupyter or VS Code names, else "{stem}.ipynb", else the
    # newest notebook in this folder that holds this assignment's tests.
    import glob, json, os
    _candidates = [globals().get("__session__"), globals().get("__vsc_ipynb_file__"), "{stem}.ipynb"]
    _here = [c for c in _candidates if isinstance(c, str) and c.endswith(".ipynb") and os.path.isfile(c)]
    if not _here:
        for _path in sorted(glob.glob("*.ipynb"), key=os.path.getmtime, reverse=True):
            try:
                with open(_path, encoding="utf-8") as _f:
                    _meta = json.load(_f).get("metadata", {{}}).get("otter", {{}})
            except (OSError, ValueError):
                continue
            if _meta.get("assignment_name") == "{stem}" and _meta.get("tests"):
                _here.append(_path)
                break
    grader = otter.Notebook(_here[0] if _here else None, tests_dir=None)'''


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


#: The delegation guard every test carries: shared by public and hidden tests, not an answer.
GUARD = "_own"
#: Wrappers that only convert an input; a computation is what they wrap.
_CONVERSIONS = {"np.asarray", "np.array", "float", "np.float64", "list", "tuple"}
#: Names of modules: an expression of their constants alone (``2 * math.pi * math.e``) computes no answer.
_MODULES = {"math", "np", "numpy"}
#: A hidden test's message may quote its expected value only inside ``[expected ...]``,
#: which the build removes unless the instructor asks for it (``--show-expected``).
EXPECTED_NOTE = re.compile(r" ?\[expected [^\[\]\n]*\]")


def _test_functions(code: str) -> list[ast.FunctionDef]:
    """The top-level test functions of a test cell or of an otter test file."""
    tree = ast.parse(code)
    return [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]


def _test_cells(nb: dict) -> list[tuple[bool, str]]:
    """(hidden, code) of every test cell of a master."""
    out = []
    for cell in nb["cells"]:
        text = _source(cell)
        if cell["cell_type"] == "code" and '""" # END TEST CONFIG' in text:
            hidden = re.search(r"^hidden:\s*true\s*$", text, flags=re.MULTILINE) is not None
            out.append((hidden, text.split('""" # END TEST CONFIG', 1)[1]))
    return out


def _solution_code(nb: dict) -> list[str]:
    """The code of every solution cell of a master (the cells between BEGIN/END SOLUTION)."""
    out, inside = [], False
    for cell in nb["cells"]:
        text = _source(cell)
        if cell["cell_type"] == "raw":
            first = text.strip().splitlines()[0] if text.strip() else ""
            inside = {"# BEGIN SOLUTION": True, "# END SOLUTION": False}.get(first, inside)
        elif cell["cell_type"] == "code" and inside:
            out.append(text)
    return out


def _shape(node: ast.AST) -> str:
    """An expression with its variable names blanked and input conversions unwrapped."""

    class Blank(ast.NodeTransformer):
        def visit_Call(self, call):
            func = ast.unparse(call.func)
            if func in _CONVERSIONS and call.args:
                return self.visit(call.args[0])
            return self.generic_visit(call)

        def visit_Name(self, name):
            return ast.Name(id="_", ctx=ast.Load())

    return ast.dump(Blank().visit(ast.parse(ast.unparse(node), mode="eval").body))


def _computations(code: str) -> dict[str, str]:
    """The computations of a piece of code: shape -> the expression as written.

    A computation is an arithmetic operation between two values that are not both
    constants (``px @ channel``, ``nz * np.log(nz)``), not a conversion or a literal.
    """
    out = {}
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.BinOp) and not (
            isinstance(node.left, ast.Constant) or isinstance(node.right, ast.Constant)
            or set(_targets(node)) <= _MODULES
        ):
            out.setdefault(_shape(node), ast.unparse(node))
    return out


def _defined_functions(code: str) -> set[str]:
    return {n.name for n in ast.walk(ast.parse(code)) if isinstance(n, ast.FunctionDef)}


def reference_code_in_public_tests(master: Path, public_tests: dict[str, str]) -> list[str]:
    """Reference code in the public tests handed out (``public_tests``: name -> otter test file).

    A public test checks values against stored numbers and properties. It must not
    define a function of the solution or a helper of the hidden tests (the reference
    ``_joint_entropy`` a hidden test uses in place of an earlier answer), nor call
    such a helper, nor compute what a solution computes (``px @ channel``, whatever
    its variables are called).
    """
    nb = json.loads(master.read_text(encoding="utf-8"))
    solution = "\n".join(_solution_code(nb))
    answers = _defined_functions(solution)
    helpers = set()
    for hidden, code in _test_cells(nb):
        if hidden:
            for func in _test_functions(code):
                helpers |= {n.name for n in ast.walk(func) if isinstance(n, ast.FunctionDef)
                            and n is not func and n.name != GUARD}
    solution_computations = _computations(solution)
    found = []
    for name, text in public_tests.items():
        for func in _test_functions(text):
            own = {n for n in ast.walk(func) if isinstance(n, ast.FunctionDef) and n.name == GUARD}
            guard_nodes = {id(x) for g in own for x in ast.walk(g)}
            body = [n for n in ast.walk(func) if id(n) not in guard_nodes]
            for node in body:
                if isinstance(node, ast.FunctionDef) and node is not func:
                    if node.name in answers:
                        found.append(f"{name}: {func.name} defines {node.name}, an answer")
                    if node.name in helpers:
                        found.append(f"{name}: {func.name} defines {node.name}, a hidden test's reference")
                elif isinstance(node, ast.Name) and node.id in helpers:
                    found.append(f"{name}: {func.name} uses {node.id}, a hidden test's reference")
                elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult | ast.Mult | ast.Div | ast.Sub | ast.Add):
                    shape = _shape(node)
                    if shape in solution_computations and not (
                        isinstance(node.left, ast.Constant) or isinstance(node.right, ast.Constant)
                        or set(_targets(node)) <= _MODULES
                    ):
                        found.append(f"{name}: {func.name} computes {ast.unparse(node)}, as the solution "
                                     f"computes {solution_computations[shape]}")
    return sorted(set(found))


def _targets(node: ast.AST) -> list[str]:
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]


def _answer_names(func: ast.FunctionDef) -> set[str]:
    """Names in a test whose values come from the student's answer (its parameters).

    A name is assigned from the answer when the expression it is assigned from refers
    to the answer; ``for a, b in zip(xs, ys)`` pairs each target with its sequence.
    """
    tainted = {a.arg for a in func.args.args}

    def refers(expr: ast.AST) -> bool:
        return any(isinstance(n, ast.Name) and n.id in tainted for n in ast.walk(expr))

    def assign(target: ast.AST, value: ast.AST) -> bool:
        if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, ast.Call) \
                and ast.unparse(value.func) in {"zip", "enumerate"}:
            sources = ([None] if ast.unparse(value.func) == "enumerate" else []) + list(value.args)
            changed = False
            for t, v in zip(target.elts, sources):
                changed |= v is not None and assign(t, v)
            return changed
        if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)):
            return any([assign(t, v) for t, v in zip(target.elts, value.elts)])
        if refers(value):
            new = set(_targets(target)) - tainted
            tainted.update(new)
            return bool(new)
        return False

    changed = True
    while changed:
        changed = False
        for node in ast.walk(func):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    changed |= assign(target, node.value)
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and node.value is not None:
                changed |= assign(node.target, node.value)
            elif isinstance(node, (ast.For, ast.comprehension)):
                changed |= assign(node.target, node.iter)
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                changed |= assign(node.optional_vars, node.context_expr)
    return tainted


def _compared(test: ast.AST) -> list[ast.AST]:
    """The operands an assertion compares: the arguments of ``isclose``/``allclose`` and of comparisons."""
    out = []
    for node in ast.walk(test):
        if isinstance(node, ast.Call) and ast.unparse(node.func).split(".")[-1] in {"isclose", "allclose", "array_equal"}:
            out += node.args[:2]
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            # Structure (a shape, a length, a type) is the specification, not an answer.
            if any(isinstance(o, ast.Attribute) and o.attr == "shape" or
                   isinstance(o, ast.Call) and ast.unparse(o.func) in {"len", "type", "np.shape"} for o in operands):
                continue
            out += operands
    return out


def _numbers(text: str) -> set[float]:
    return {float(m) for m in re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e-?\d+)?", text)}


def expected_values_in_hidden_messages(code: str) -> list[str]:
    """Messages of a hidden test that state the value the test expects.

    A message may say what was checked and what the answer gave (``got {got!r}``), not
    the expected value: neither a formatted name or expression on the expected side of
    the comparison (``expected {e:.6f}``) nor the number it compares with (``= 1 bit``).
    """
    found = []
    for func in _test_functions(code):
        answer = _answer_names(func)
        params = {a.arg for a in func.args.args}
        # What a test passes to the answer is the case it describes, not its expected value.
        inputs = {n for call in ast.walk(func) if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                  and call.func.id in params for arg in [*call.args, *(k.value for k in call.keywords)]
                  for n in _targets(arg)}
        given = {float(n.value) for call in ast.walk(func) if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                 and call.func.id in params for n in ast.walk(call) if isinstance(n, ast.Constant)
                 and isinstance(n.value, (int, float)) and not isinstance(n.value, bool)}
        for node in ast.walk(func):
            if not isinstance(node, ast.Assert) or node.msg is None:
                continue
            expected = [o for o in _compared(node.test)
                        if not any(isinstance(n, ast.Name) and n.id in answer for n in ast.walk(o))]
            constants = {float(o.value) for o in expected if isinstance(o, ast.Constant)
                         and isinstance(o.value, (int, float)) and not isinstance(o.value, bool)}
            constants |= {-float(o.operand.value) for o in expected if isinstance(o, ast.UnaryOp)
                          and isinstance(o.op, ast.USub) and isinstance(o.operand, ast.Constant)}
            dumps = {ast.dump(o) for o in expected if not isinstance(o, (ast.Constant, ast.Name))}
            names = {n for o in expected if not isinstance(o, ast.Constant) for n in _targets(o)}
            literal = "".join(v.value for v in ast.walk(node.msg) if isinstance(v, ast.Constant) and isinstance(v.value, str))
            shown = [v.value for v in ast.walk(node.msg) if isinstance(v, ast.FormattedValue)]
            where = f"{func.name}: {ast.unparse(node.msg)[:120]}"
            stated = (constants & _numbers(literal)) - given
            if stated:
                found.append(f"{where} states the expected {sorted(stated)}")
            for value in shown:
                refs = set(_targets(value))
                if ast.dump(value) in dumps or (refs and refs <= names and not refs & (answer | inputs)):
                    found.append(f"{where} shows the expected {ast.unparse(value)}")
    return found


def strip_expected_notes(code: str) -> str:
    """A test's code with the ``[expected ...]`` notes of its messages removed."""
    return EXPECTED_NOTE.sub("", code)


def hidden_message_leaks(master: Path) -> list[str]:
    """The hidden tests of a master whose messages, as built, state their expected values."""
    nb = json.loads(master.read_text(encoding="utf-8"))
    return [leak for hidden, code in _test_cells(nb) if hidden
            for leak in expected_values_in_hidden_messages(strip_expected_notes(code))]


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


def build_one(master: Path, out: Path, wheel: Path, show_expected: bool = False) -> Path:
    """Run otter assign on one master; return the autograder zip (fixed name).

    The hidden tests' ``[expected ...]`` notes are removed first unless ``show_expected``.
    """
    dest = out / master.stem
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        built_master = Path(tmp) / master.name
        nb = json.loads(master.read_text(encoding="utf-8"))
        if not show_expected:
            for cell in nb["cells"]:
                if cell["cell_type"] == "code" and re.search(r"^hidden:\s*true\s*$", _source(cell), flags=re.MULTILINE):
                    cell["source"] = strip_expected_notes(_source(cell))
        built_master.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")
        proc = subprocess.run(
            [str(OTTER), "assign", str(built_master), str(dest)],
            cwd=tmp,
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
        student_nb = dest / "student" / f"{master.stem}.ipynb"
        install_setup_cell(student_nb, master.stem)
        leaks = scan_handout(dest / "student", built_master)
        public = json.loads(student_nb.read_text(encoding="utf-8"))["metadata"]["otter"]["tests"]
        leaks += reference_code_in_public_tests(built_master, public)
        if not show_expected:
            leaks += [f"hidden test {leak}" for leak in hidden_message_leaks(built_master)]
    if leaks:
        raise BuildError(f"the student version of {master.name} gives answers away:\n  " + "\n  ".join(leaks))
    return ag_zip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="assignment stems or master paths (default: all)")
    parser.add_argument("--out", type=Path, default=HERE / "_build", help="build folder")
    parser.add_argument("--jobs", type=int, default=2, help="masters built at the same time")
    parser.add_argument("--show-expected", action="store_true",
                        help="keep the expected values ([expected ...] notes) in the hidden tests' messages, "
                             "so that the feedback on a failed hidden test quotes them")
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
        futures = {m: pool.submit(build_one, m, args.out.resolve(), wheel, args.show_expected) for m in todo}
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
