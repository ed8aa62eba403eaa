"""Reading a "write it yourself" solution out of a chapter notebook, to test it against infolib."""

from __future__ import annotations

import ast

import numpy as np

from chapter_text import load


def function(chapter: str, name: str):
    """The function ``name`` defined in the one code cell of ``chapter`` that defines it.

    Only the cell's imports and the ``def`` itself are run (with ``np`` in scope), not the rest of the cell.
    """
    found = []
    for cell in load(chapter)["cells"]:
        if cell["cell_type"] != "code" or f"def {name}(" not in "".join(cell["source"]):
            continue
        tree = ast.parse("".join(cell["source"]))
        defs = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == name]
        imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
        found += [(imports, node) for node in defs]
    assert len(found) == 1, f"{chapter} defines {name} {len(found)} times"
    imports, node = found[0]
    namespace = {"np": np}
    exec(compile(ast.Module(body=[*imports, node], type_ignores=[]), f"<{chapter}:{name}>", "exec"), namespace)
    return namespace[name]
