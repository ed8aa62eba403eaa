"""What an exception raised by a student's cell means, in plain words, for the feedback.

``grade_worker.py`` records every cell of the submission that raised while it was
graded (its number, first line, exception name and message); :func:`describe`
turns each into a sentence a student can act on: a NumPy shape mismatch is called
one, a module missing from the grading environment is named as such, and an
error that follows from an earlier one (a NameError after a cell that raised, a
``'NoneType' object is not callable`` after an import that failed) points back to it.
"""

from __future__ import annotations

import re

#: What grading runs with; a module outside it cannot be imported while grading.
GRADING_MODULES = "numpy, scipy, matplotlib, infolib and Python's standard library"

_SHAPES = re.compile(
    r"could not be broadcast|shapes? .* not aligned|mismatch in its core dimension|"
    r"cannot reshape array|size-\d+ is different from|must have (?:the )?same (?:shape|length)|"
    r"all the input array dimensions|dimension mismatch|inhomogeneous shape",
    re.IGNORECASE,
)


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
        return ("this cell ran past its time limit (an endless loop, or a computation far slower than "
                "needed) and was stopped; the cells after it ran without what it should have defined")
    if ename == "ModuleNotFoundError":
        mod = _module(evalue)
        return (f"the module {mod} is not installed where notebooks are graded ({GRADING_MODULES}); "
                f"remove the import and do the work with what the handout imports")
    if ename == "ImportError":
        return ("an import failed: the name does not exist in that module, or the module is not "
                f"available where notebooks are graded ({GRADING_MODULES})")
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


def describe(problems: list[dict]) -> list[str]:
    """One line per problem: the cell (number and first line), what was raised, what it means."""
    lines = []
    for k, p in enumerate(problems):
        raised = f"{p['ename']}: {p['evalue']}" if p.get("evalue") else p["ename"]
        head = (f"code cell {p['cell']} (`{p['first_line']}`) ran past its time limit and was stopped"
                if p["ename"] == "KeyboardInterrupt" else f"code cell {p['cell']} (`{p['first_line']}`) raised {raised}")
        lines.append(f"{head}: {explain(p['ename'], p.get('evalue', ''), problems[:k])}")
    return lines
