"""Integrity flags: what a submission's own code does that an honest answer does not need.

The code cells a student wrote or changed (every code cell whose source differs from
the notebook handed out) are parsed with :mod:`ast` and searched for:

``syntax``
    a cell that does not parse (the grader cannot tell what it would do);
``infolib``, ``scipy``, ``sklearn``, ``otter``
    imports of these packages and uses of the names they bind (``il.entropy``,
    ``from infolib import entropy``), as well as of ``grader`` beyond
    ``check``/``check_all``/``export``: the assignments ask students to compute
    things themselves, and otter is the grader;
``files-os``
    file and operating-system access: ``open``, and the modules ``os``, ``pathlib``,
    ``shutil``, ``subprocess``, ``tempfile``, ``glob``, ``socket``, ``ctypes``...;
    shell escapes (``!cmd``) and magics (``%cmd``);
``exit``
    ``exit()``, ``quit()``, ``sys.exit()``, ``os._exit()``, ``os.kill``: ending the kernel;
``patching``
    assignments to attributes of otter, of the grader, of ``builtins`` or
    ``sys.modules``, to ``__import__`` or ``__builtins__``, ``setattr``/``delattr``,
    ``unittest.mock`` and monkeypatching;
``dynamic-code``
    ``eval``, ``exec``, ``compile``, ``__import__``, ``importlib``, ``globals()[...]``:
    code that hides what it calls;
``hard-coded``
    a function that returns a number written in the code (``return 1.75``,
    ``return 2.25, 2.0**2.25``) equal to a value a public test checks: the public
    tests travel inside the handout, so such a function answers them without
    computing anything. The values are read from the handout's public tests (the
    numbers they write, and the constant expressions such as
    ``1 + 0.2 * math.log2(0.2)`` they compute); 0 and 1, which an honest answer
    returns for its edge cases, are left out.

Only code counts: a flag comes from an import, a name or an attribute that the code
uses, never from text. A docstring, a comment or a string that mentions
``infolib.joint_entropy`` raises nothing; ``import infolib as np2`` followed by
``np2.joint_entropy`` does, and so does ``__import__("infolib")`` or
``importlib.import_module("infolib")``, whose argument names the module imported.

Flags inform the person grading and do not change a score, except ``otter`` and
``patching``: otter runs the tests inside the student's kernel, where such code can
make every test pass, so ``grade.py`` withholds the scores of those submissions
(0 points, and a reason in the error column) until a person has read them.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass

WATCHED_PACKAGES = {"infolib": "infolib", "scipy": "scipy", "sklearn": "sklearn", "otter": "otter"}
FILE_OS_MODULES = {
    "os", "pathlib", "shutil", "subprocess", "tempfile", "glob", "socket", "ctypes", "io",
    "multiprocessing", "signal", "pty", "fcntl", "mmap", "zipfile", "tarfile", "pickle", "dill",
}
EXIT_CALLS = {"exit", "quit", "sys.exit", "os._exit", "os.kill", "os.killpg", "os.abort"}
PATCH_MODULES = {"builtins", "unittest.mock", "mock", "pytest"}
DYNAMIC_CALLS = {"eval", "exec", "compile", "__import__", "globals", "vars", "getattr"}
GRADER_METHODS_ALLOWED = {"check", "check_all", "export"}
MAGIC_LINE = re.compile(r"^\s*[%!]")
#: Values an honest answer returns as literals for its edge cases: never "hard-coded".
EDGE_VALUES = (0.0, 1.0)
#: Functions of ``math`` a public test may use to write an expected value.
#: Calls with which a test compares a value with the expected one.
CLOSE_CALLS = ("isclose", "allclose", "approx", "assert_allclose", "assert_almost_equal")
_ARITHMETIC = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
               ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a ** b}
_MATH = {"log": math.log, "log2": math.log2, "log10": math.log10, "exp": math.exp, "sqrt": math.sqrt}


@dataclass(frozen=True, order=True)
class Flag:
    """One finding: its kind, what was found, and its cell (code cells counted from 1, as the feedback does)."""

    kind: str
    detail: str
    cell: int

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail} (cell {self.cell})"


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return src if isinstance(src, str) else "".join(src)


def _normalise(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip().splitlines())


def _dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a chain of attributes on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _without_magics(code: str) -> tuple[str, list[str]]:
    """The code with IPython magic and shell lines replaced by ``pass``, and those lines."""
    lines, magics = [], []
    for line in code.splitlines():
        if MAGIC_LINE.match(line):
            magics.append(line.strip())
            indent = line[: len(line) - len(line.lstrip())]
            lines.append(f"{indent}pass")
        else:
            lines.append(line)
    return "\n".join(lines), magics


class _Bindings(ast.NodeVisitor):
    """Names bound to modules (``il`` -> ``infolib``) and to otter objects (``grader``)."""

    def __init__(self) -> None:
        self.modules: dict[str, str] = {}

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.modules[alias.asname] = alias.name
            else:
                root = alias.name.split(".")[0]
                self.modules[root] = root

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module:
            for alias in node.names:
                self.modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def visit_Assign(self, node: ast.Assign) -> None:
        # grader = otter.Notebook(...): the grader is an otter object.
        if isinstance(node.value, ast.Call):
            func = _dotted(node.value.func)
            if func and self.resolve(func).startswith("otter"):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.modules[target.id] = "otter.Notebook()"
        self.generic_visit(node)

    def resolve(self, dotted: str) -> str:
        head, _, rest = dotted.partition(".")
        base = self.modules.get(head)
        if base is None:
            return dotted
        return f"{base}.{rest}" if rest else base


class _Finder(ast.NodeVisitor):
    def __init__(self, bindings: _Bindings, cell: int) -> None:
        self.b = bindings
        self.cell = cell
        self.flags: set[Flag] = set()

    def flag(self, kind: str, detail: str) -> None:
        self.flags.add(Flag(kind, detail, self.cell))

    @staticmethod
    def _package(full: str) -> str | None:
        root = full.split(".")[0]
        return WATCHED_PACKAGES.get(root)

    def _module_use(self, full: str, shown: str) -> None:
        root = full.split(".")[0]
        pkg = self._package(full)
        if pkg:
            if full.startswith("otter.Notebook()."):
                method = full.split(".")[2] if full.count(".") >= 2 else ""
                if method in GRADER_METHODS_ALLOWED:
                    return
            self.flag(pkg, shown)
        if root in FILE_OS_MODULES or full.startswith("sys.modules"):
            self.flag("files-os", shown)
        if root == "importlib":
            self.flag("dynamic-code", shown)
        if any(full == m or full.startswith(m + ".") for m in PATCH_MODULES):
            self.flag("patching", shown)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._module_use(alias.name, f"import {alias.name}")
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        mod = node.module or ""
        for alias in node.names:
            self._module_use(f"{mod}.{alias.name}", f"from {mod} import {alias.name}")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        dotted = _dotted(node)
        if dotted is not None:
            self._module_use(self.b.resolve(dotted), dotted)
            return  # the chain is one use; do not flag its prefixes again
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        full = self.b.resolve(node.id)
        if full != node.id:  # a name bound by an import (or the grader)
            self._module_use(full, node.id)
        if node.id in {"__builtins__", "__import__"}:
            self.flag("patching" if isinstance(node.ctx, ast.Store) else "dynamic-code", node.id)

    def visit_Call(self, node: ast.Call) -> None:
        func = _dotted(node.func)
        if func is not None:
            full = self.b.resolve(func)
            if func in EXIT_CALLS or full in EXIT_CALLS:
                self.flag("exit", f"{func}()")
            if func == "open" or full in {"io.open", "builtins.open"}:
                self.flag("files-os", f"{func}()")
            if func in {"setattr", "delattr"}:
                self.flag("patching", f"{func}()")
            if func in DYNAMIC_CALLS - {"getattr"} or (func == "getattr" and len(node.args) >= 2
                                                        and not isinstance(node.args[1], ast.Constant)):
                self.flag("dynamic-code", f"{func}()")
            # __import__("infolib"), importlib.import_module("infolib.measures"): an import
            # all the same, of the module its first argument names.
            if (func == "__import__" or full == "importlib.import_module") and node.args \
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                self._module_use(node.args[0].value, f"{func}({node.args[0].value!r})")
        self.generic_visit(node)

    def _check_target(self, target: ast.AST) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self._check_target(elt)
            return
        if isinstance(target, ast.Subscript):
            inner = _dotted(target.value)
            if isinstance(target.value, ast.Call) and _dotted(target.value.func) in {"globals", "vars"}:
                self.flag("patching", "globals()[...] =")
            elif inner is not None:
                full = self.b.resolve(inner)
                if full.startswith(("sys.modules", "builtins", "otter")) or inner == "__builtins__":
                    self.flag("patching", f"{inner}[...] =")
            return
        if isinstance(target, ast.Attribute):
            dotted = _dotted(target)
            if dotted is None:
                self.flag("patching", "assignment to an attribute of a computed object")
                return
            full = self.b.resolve(dotted)
            root = full.split(".")[0]
            if root in {"otter", "builtins", "sys", "__builtins__"} or root in WATCHED_PACKAGES:
                self.flag("patching", f"{dotted} =")

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._check_target(target)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._check_target(node.target)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self._check_target(target)
        self.generic_visit(node)


def _constant(node: ast.AST) -> float | None:
    """The value of an expression made of numbers, arithmetic and ``math`` functions, else None."""
    try:
        value = _evaluate(node)
    except (ValueError, ZeroDivisionError, OverflowError, TypeError):
        return None
    return value if isinstance(value, float) and math.isfinite(value) else None


def _evaluate(node: ast.AST):
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _evaluate(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        a, b = _evaluate(node.left), _evaluate(node.right)
        if isinstance(node.op, ast.Pow) and abs(b) > 64:
            raise ValueError("too large a power")
        value = _ARITHMETIC[type(node.op)](a, b)
        if isinstance(value, complex):
            raise ValueError("not a real number")
        return float(value)
    if isinstance(node, ast.Call) and not node.keywords and node.args:
        name = _dotted(node.func) or ""
        fn = _MATH.get(name.removeprefix("math.").removeprefix("np.")) if name.startswith(("math.", "np.")) else None
        if fn is None and name == "float" and len(node.args) == 1:
            fn = float
        if fn is not None:
            return float(fn(*[_evaluate(a) for a in node.args]))
    raise ValueError("not a constant")


def _checked(tree: ast.AST):
    """The expressions a test checks against: the arguments of ``isclose``-like calls and the
    sides of the comparisons in its ``assert`` statements, the values of its dicts (stored results),
    and what it assigns to a single name (``expected = ...``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            for inner in ast.walk(node.test):
                if isinstance(inner, ast.Call) and (_dotted(inner.func) or "").endswith(CLOSE_CALLS):
                    yield from inner.args
                elif isinstance(inner, ast.Compare):
                    yield inner.left
                    yield from inner.comparators
        elif isinstance(node, ast.Dict):
            yield from node.values
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            yield node.value


def public_values(handout: dict | None) -> set[float]:
    """The numbers the handout's public tests check against (see ``hard-coded`` above).

    Examples
    --------
    >>> test = "def t(f):\\n    assert math.isclose(f([0.5, 0.5]), 1.75), 'msg'\\n    assert f(2) == 2**2.25"
    >>> sorted(public_values({"metadata": {"otter": {"tests": {"q1": test}}}}))
    [1.75, 4.756828460010884]
    """
    tests = (((handout or {}).get("metadata") or {}).get("otter") or {}).get("tests") or {}
    found: set[float] = set()
    for code in tests.values():
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        for node in _checked(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, int):
                continue  # a count or a dimension (``p.ndim == 2``), not a computed value
            value = _constant(node)
            if value is not None and not any(math.isclose(value, e, abs_tol=1e-12) for e in EDGE_VALUES):
                found.add(value)
    return found


def _hard_coded(tree: ast.AST, values: set[float], cell: int) -> set[Flag]:
    """``hard-coded`` flags for the functions of ``tree`` that return one of ``values`` as a literal."""
    out = set()
    for func in ast.walk(tree):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        name = getattr(func, "name", "<lambda>")
        returned = [func.body] if isinstance(func, ast.Lambda) else [
            r.value for r in ast.walk(func) if isinstance(r, ast.Return) and r.value is not None]
        while returned:
            value = returned.pop()
            if isinstance(value, (ast.Tuple, ast.List)):
                returned += value.elts
                continue
            if isinstance(value, ast.IfExp):  # a if condition else b
                returned += [value.body, value.orelse]
                continue
            number = _constant(value)
            if number is not None and any(math.isclose(number, v, rel_tol=1e-9) for v in values):
                out.add(Flag("hard-coded", f"{name} returns {ast.unparse(value)}, a public test's expected value",
                             cell))
    return out


def _code_cells(notebook: dict):
    """(number, cell) of each code cell, counted from 1 as the feedback and ``scores.csv`` count them."""
    code = [c for c in notebook.get("cells", []) if c.get("cell_type") == "code"]
    return enumerate(code, start=1)


def questions_of_cells(notebook: dict) -> dict[int, str]:
    """Code cell (counted from 1) -> the question it answers.

    A question's cells are those after the previous ``grader.check(...)`` cell, up to
    and including its own ``grader.check("qN")`` cell.
    """
    out: dict[int, str] = {}
    pending: list[int] = []
    for i, cell in _code_cells(notebook):
        pending.append(i)
        m = re.match(r"""\s*grader\.check\(\s*["']([^"']+)["']\s*\)""", _source(cell))
        if m:
            out.update({j: m.group(1) for j in pending})
            pending = []
    return out


def _raw_flags(notebook: dict, given: set[str], values: set[float] = frozenset()) -> list[Flag]:
    parsed: list[tuple[int, ast.Module, bool]] = []
    found: set[Flag] = set()
    for i, cell in _code_cells(notebook):
        code = _source(cell)
        own = _normalise(code) not in given
        clean, magics = _without_magics(code)
        if own:
            for line in magics:
                found.add(Flag("files-os", f"shell or magic line {line[:40]!r}", i))
        try:
            tree = ast.parse(clean)
        except SyntaxError as exc:
            if own:
                found.add(Flag("syntax", f"does not parse (line {exc.lineno}: {exc.msg})", i))
            continue
        parsed.append((i, tree, own))
    bindings = _Bindings()
    for _, tree, _ in parsed:
        bindings.visit(tree)
    for i, tree, own in parsed:
        if own:
            finder = _Finder(bindings, i)
            finder.visit(tree)
            found |= finder.flags | _hard_coded(tree, values, i)
    return sorted(found, key=lambda f: (f.cell, f.kind, f.detail))


def flags(notebook: dict, handout: dict | None = None, solution: dict | None = None) -> list[Flag]:
    """The integrity flags of the code cells of ``notebook`` not taken unchanged from ``handout``.

    Without a handout every code cell is examined. ``solution``, the notebook with
    the reference solutions (otter's autograder notebook), says what a question
    allows: a use that the reference solution of a question makes itself (say
    ``il.entropy`` where a question asks to compare a code's length with the
    entropy) is not flagged in the cells of that question.

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "code", "source": "import infolib as il\\nil.entropy([1])"}]}
    >>> [str(f) for f in flags(nb)]
    ['infolib: il.entropy (cell 1)', 'infolib: import infolib (cell 1)']
    """
    given = set()
    if handout is not None:
        given = {_normalise(_source(c)) for c in handout.get("cells", []) if c.get("cell_type") == "code"}
    found = _raw_flags(notebook, given, public_values(handout))
    if solution is None:
        return found
    solution_questions = questions_of_cells(solution)
    allowed = {
        (solution_questions.get(f.cell), f.kind, f.detail)
        for f in _raw_flags(solution, given)
        if f.cell in solution_questions
    }
    questions = questions_of_cells(notebook)
    return [f for f in found if (questions.get(f.cell), f.kind, f.detail) not in allowed]


def summary(found: list[Flag]) -> list[str]:
    """The flags grouped by cell and kind, one short string each.

    Examples
    --------
    >>> summary([Flag("files-os", "import shutil", 8), Flag("files-os", "shutil.copytree", 8)])
    ['files-os: import shutil, shutil.copytree (cell 8)']
    """
    groups: dict[tuple[int, str], list[str]] = {}
    for f in sorted(found, key=lambda f: (f.cell, f.kind, f.detail)):
        groups.setdefault((f.cell, f.kind), []).append(f.detail)
    return [f"{kind}: {', '.join(details)} (cell {cell})" for (cell, kind), details in groups.items()]
