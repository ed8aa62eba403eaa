"""What an exception raised by a student's cell means, in plain words, for the feedback.

``grade_worker.py`` records every cell of the submission that raised while it was
graded (its number, first line, exception name and message); :func:`describe`
turns each into a sentence a student can act on: a NumPy shape mismatch is called
one, a module missing from the grading environment is named as such, and an
error that follows from an earlier one (a NameError after a cell that raised, a
``'NoneType' object is not callable`` after an import that failed) points back to it.
"""

from __future__ import annotations

import functools
import importlib.util
import re

#: The libraries a course notebook may use besides Python's standard library; the
#: feedback names those installed where notebooks are graded (the kernel runs with
#: the interpreter that grades, ``sys.executable``, so what this process can import is
#: what a notebook can import).
COURSE_MODULES = ("numpy", "scipy", "pandas", "matplotlib", "infolib")


@functools.cache
def grading_modules(find_spec=importlib.util.find_spec) -> str:
    """The course's libraries importable where notebooks are graded, as the feedback names them.

    >>> grading_modules().endswith("and Python's standard library")
    True
    """
    present = [m for m in COURSE_MODULES if find_spec(m) is not None]
    return f"{', '.join(present)} and Python's standard library" if present else "Python's standard library"

_SHAPES = re.compile(
    r"could not be broadcast|shapes? .* not aligned|mismatch in its core dimension|"
    r"cannot reshape array|size-\d+ is different from|must have (?:the )?same (?:shape|length)|"
    r"all the input array dimensions|dimension mismatch|inhomogeneous shape",
    re.IGNORECASE,
)


#: Exceptions raised while a cell is parsed: none of the cell runs.
_SYNTAX = ("SyntaxError", "IndentationError", "TabError")

#: ``expected ':' (2575731219.py, line 3)``: the message, the temporary file IPython
#: compiled the cell from, and the line in the cell.
_SYNTAX_VALUE = re.compile(r"^(?P<msg>.*?) \((?:[^()]*\.py|<[^<>]*>), line (?P<line>\d+)\)$")

#: otter shows an exception's message without its quotes: ``NoneType' object is not
#: callable`` for ``'NoneType' object is not callable``, ``has no attribute '__globals__``.
_UNQUOTED = [
    (re.compile(r"(?<!['\w])(\w+)' object (?=is not|has no|cannot)"), r"'\1' object "),
    (re.compile(r"has no attribute '(\w+)(?!['\w])"), r"has no attribute '\1'"),
    (re.compile(r"(?<![\w'])name (\w+)' is not defined"), r"name '\1' is not defined"),
]


def restore_quotes(text: str) -> str:
    """``text`` with the quotes otter strips from exception messages put back where recognisable.

    >>> restore_quotes("TypeError: NoneType' object is not callable")
    "TypeError: 'NoneType' object is not callable"
    >>> restore_quotes("AttributeError: NoneType' object has no attribute '__globals__")
    "AttributeError: 'NoneType' object has no attribute '__globals__'"
    """
    for pattern, repl in _UNQUOTED:
        text = pattern.sub(repl, text)
    return text


def syntax_error(evalue: str) -> tuple[str, int | None]:
    """The message and the line (in the cell) of a ``SyntaxError``'s value, without the temporary file.

    >>> syntax_error("expected ':' (2575731219.py, line 3)")
    ("expected ':'", 3)
    """
    m = _SYNTAX_VALUE.match(evalue.strip())
    return (m.group("msg"), int(m.group("line"))) if m else (evalue, None)


def _module(evalue: str) -> str:
    m = re.search(r"No module named '([^']+)'", evalue)
    return m.group(1).split(".")[0] if m else "a module"


def explain(ename: str, evalue: str, earlier: list[dict] = ()) -> str:
    """A sentence on what ``ename: evalue`` means; ``earlier``: the problems of earlier cells.

    Examples
    --------
    >>> explain("ModuleNotFoundError", "No module named 'seaborn'")[:60]
    'the module seaborn is not installed where notebooks are grad'
    >>> explain("ZeroDivisionError", "division by zero")[:36]
    'a division by zero: a denominator (a'
    """
    earlier_import = next((p for p in earlier if p["ename"] in ("ModuleNotFoundError", "ImportError")), None)
    earlier_any = earlier[-1] if earlier else None
    if ename == "KeyboardInterrupt":
        return "an endless loop, or a computation far slower than needed"
    if ename == "KernelDied":
        return ("the cell ended the Python process that runs the notebook (os._exit(), a crash, or more "
                "memory than grading allows), so grading stopped it at its start and went on with the "
                "next cell. Remove what ends the process: a notebook is run from top to bottom")
    if ename == "SystemExit":
        return ("the cell called exit(), quit() or sys.exit() (or raised SystemExit), which in Jupyter "
                "ends the kernel; here the cell stopped at that call and grading went on with the next "
                "cell. Remove the call: a notebook is run from top to bottom")
    if ename in _SYNTAX:
        return ("Python could not read the cell, so none of it ran and nothing it defines exists; "
                "the line number counts the cell's lines from 1")
    if ename == "ModuleNotFoundError":
        mod = _module(evalue)
        return (f"the module {mod} is not installed where notebooks are graded ({grading_modules()}); "
                f"remove the import and do the work with what the handout imports")
    if ename == "ImportError":
        return ("an import failed: the name does not exist in that module, or the module is not "
                f"available where notebooks are graded ({grading_modules()})")
    if ename == "NameError":
        m = re.search(r"name '([^']+)' is not defined", evalue)
        name = m.group(1) if m else "a name"
        why = (f"; cell {earlier_any['cell']} raised earlier, so what it defines may be missing"
               if earlier_any else "")
        return (f"{name} is used before it is defined: the cell that defines it did not run or raised, "
                f"it is defined further down, or it is misspelt{why}. Run the notebook from the top "
                "(Kernel > Restart & Run All) to see it")
    if ename == "TypeError" and "'NoneType' object is not callable" in evalue:
        after = (f"; cell {earlier_import['cell']}'s import failed, which may have left a name set to None"
                 if earlier_import else "")
        return ("a name holds None where a function was expected: a function without a return whose "
                f"result is called, or a variable that overwrote a function{after}")
    if ename == "TypeError" and "NoneType" in evalue:
        return ("a value is None where a number or an array was expected: most often a function that "
                "forgot to return its result")
    if ename == "ValueError" and _SHAPES.search(evalue):
        return ("a NumPy shape mismatch: two arrays whose shapes do not fit together were combined "
                "(elementwise arithmetic needs equal or broadcastable shapes, a matrix product needs "
                "the inner sizes to agree); print the .shape of each operand")
    if ename == "OverflowError":
        return ("a result too large for a float (math.exp of a large argument, for instance); "
                "rewrite the formula so that no exponential gets a large positive argument")
    if ename == "ValueError" and "math domain error" in evalue:
        return ("math.log or math.sqrt was given a number outside its domain: the logarithm of 0 "
                "or of a negative number, often a probability that rounded to 0 or 1")
    if ename == "ZeroDivisionError":
        return ("a division by zero: a denominator (a probability, a count, a length) was 0; "
                "handle the zero case the question describes")
    if ename.endswith("MemoryError") or "Unable to allocate" in evalue:
        return "the cell asked for more memory than grading allows; work with smaller arrays"
    if ename == "BlockingIOError" or "Resource temporarily unavailable" in evalue:
        return "the cell started more processes or threads than grading allows"
    if ename in ("PermissionError", "OSError") and ("Read-only file system" in evalue or "Permission denied" in evalue):
        return ("the cell wrote or read outside its own folder, which grading does not allow: "
                "a notebook may only use files next to it")
    if ename == "FileNotFoundError":
        return ("a file the cell opens is not there when grading: a path on your own computer, "
                "or a file that was not submitted")
    if ename in ("ConnectionError", "URLError", "gaierror", "OSError") and (
            "network" in evalue.lower() or "resolution" in evalue.lower() or "Name or service" in evalue):
        return "the cell used the network, which is not available while grading"
    if ename == "RecursionError":
        return "a function calls itself without end (a recursion with no base case, or a wrong one)"
    if ename == "IndexError":
        return "an index past the end of a list or array (or an array with fewer dimensions than used)"
    if ename == "KeyError":
        return "a dictionary lookup of a key that is not in it"
    if ename == "AttributeError" and "NoneType" in evalue:
        return "a value is None where an object was expected: most often a function that forgot to return"
    if ename == "AssertionError":
        return "an assert in the cell failed"
    return f"{ename}: {evalue}" if evalue else ename


#: The exception a failed test's note ends with, when a test raised inside the student's code.
_RAISED = re.compile(r"(?:^|: )(?P<ename>[A-Za-z_][\w.]*(?:Error|Exception|Warning)): (?P<evalue>.+)$")


def explain_failed_test(note: str) -> str:
    """A failed test's ``note``, with what its exception means when a test raised one.

    The test called the student's function, which raised (a NumPy shape mismatch, an
    index past the end...): its message is NumPy's or Python's, so the note gets a
    line in plain words. A failed assertion, or an exception with no explanation
    beyond its own message, leaves the note as it is.

    >>> explain_failed_test("a hidden test failed: ValueError: operands could not be broadcast together "
    ...                     "with shapes (2,) (3,)").splitlines()[1][:40]
    'what this means: a NumPy shape mismatch:'
    >>> explain_failed_test("a hidden test failed: AssertionError: got 0.5")
    'a hidden test failed: AssertionError: got 0.5'
    """
    last = note.strip().splitlines()[-1].strip() if note.strip() else ""
    m = _RAISED.search(last)
    if m is None or m["ename"] == "AssertionError":
        return note
    ename = m["ename"].rsplit(".", 1)[-1]
    meaning = explain(ename, m["evalue"])
    if meaning in (ename, f"{ename}: {m['evalue']}"):
        return note
    return f"{note}\nwhat this means: {meaning}"


def describe(problems: list[dict], later_name_errors: bool = False) -> list[str]:
    """One line per problem: the cell (number and first line), what was raised, what it means.

    ``later_name_errors``: a question's test failed with a ``NameError``; a cell stopped
    at its time limit is then said to have left its names undefined for the cells
    after it (so is it when a later cell raised one).
    """
    lines = []
    for k, p in enumerate(problems):
        ename, evalue = p["ename"], p.get("evalue", "")
        cell = f"code cell {p['cell']} (`{p['first_line']}`)"
        if ename == "KeyboardInterrupt":
            line = f"{cell} ran past its time limit and was stopped: {explain(ename, evalue)}"
            if later_name_errors or any(q["ename"] == "NameError" for q in problems[k + 1:]):
                line += "; the cells after it ran without what it should have defined"
        elif ename in ("SystemExit", "KernelDied"):
            line = f"{cell} stopped: {explain(ename, evalue)}"
        elif ename in _SYNTAX:
            msg, at = syntax_error(evalue)
            where = f" at line {at} of the cell" if at else ""
            line = f"{cell} does not parse ({ename}{where}: {msg}): {explain(ename, evalue)}"
        else:
            raised = restore_quotes(f"{ename}: {evalue}" if evalue else ename)
            meaning = explain(ename, evalue, problems[:k])
            line = f"{cell} raised {raised}" + ("" if meaning == f"{ename}: {evalue}" or meaning == ename
                                                else f": {meaning}")
        lines.append(line)
    return lines


#: A failed test's note when the function the question tests is None or missing:
#: its cell raised before defining it.
_UNDEFINED = re.compile(r"NoneType'? object is not callable|NoneType'? object has no attribute|"
                        r"name '?\w+'? is not defined")


def own_cell_raised(notes: list[str], problems: list[dict]) -> tuple[list[str], dict | None]:
    """A question's notes, those of a function its own cell did not define replaced by one line.

    A cell that raised (or does not parse) before its ``def`` leaves the function the
    question tests undefined (otter then passes ``None``): every test fails on
    ``None``, and showing the test's internals (``__globals__``) would not help. The
    cell is the one among ``problems`` that defines (``defines``) a function named in
    the notes. Returns the notes and the cell found (``None`` when there is none).
    """
    hit = [n for n in notes if _UNDEFINED.search(restore_quotes(n))]
    if not hit:
        return notes, None
    text = "\n".join(notes)
    cell = next((p for p in problems if any(re.search(rf"\b{re.escape(f)}\b", text) for f in p.get("defines", ()))), None)
    if cell is None:
        return notes, None
    name = next(f for f in cell.get("defines", ()) if re.search(rf"\b{re.escape(f)}\b", text))
    what = {"KeyboardInterrupt": "was stopped at its time limit",
            "KernelDied": "killed the kernel and was stopped"}.get(cell["ename"], f"raised {cell['ename']}")
    line = (f"this question's cell {what} (cell {cell['cell']}: `{cell['first_line']}`), "
            f"so its function {name} was not defined; {len(hit)} test(s) failed for that reason alone")
    return [line] + [n for n in notes if n not in hit], cell
