"""The delegation guard every master's tests carry (``_own``): what it tells a student.

A student who hands in infolib's own function under the answer's name
(``my_joint_entropy = il.joint_entropy``) must be told exactly that, not shown
a list of infolib's private helpers; a function the student wrote that calls
infolib is still named with what it uses; a function written out passes.
"""

from __future__ import annotations

import ast
import json
import textwrap
from pathlib import Path

import numpy as np
import pytest

import infolib as il

ASSIGNMENTS = Path(__file__).resolve().parents[2] / "assignments"
MASTERS = sorted(ASSIGNMENTS.glob("hw*.ipynb"))


def _guards(master: Path) -> list[str]:
    """The source of every ``_own`` function in the master's test cells."""
    out = []
    for cell in json.loads(master.read_text(encoding="utf-8"))["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] != "code" or "def _own(" not in text:
            continue
        body = text.split('""" # END TEST CONFIG', 1)[-1]
        for node in ast.walk(ast.parse(body)):
            if isinstance(node, ast.FunctionDef) and node.name == "_own":
                out.append(textwrap.dedent(ast.get_source_segment(body, node)))
    return out


def _guard(master: Path):
    namespace: dict = {}
    exec(compile(_guards(master)[0], f"{master.name}:_own", "exec"), namespace)
    return namespace["_own"]


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_every_test_of_a_master_carries_the_same_guard(master):
    guards = _guards(master)
    assert guards and len(set(guards)) == 1, f"{master.name}: {len(set(guards))} different guards"


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_infolibs_own_function_handed_in_is_named_as_such(master):
    with pytest.raises(AssertionError) as caught:
        _guard(master)(il.joint_entropy)
    message = str(caught.value)
    assert message.startswith("this answer is infolib.joint.joint_entropy itself, not a function written in the notebook")
    assert "_log_positive" not in message and "_joint" not in message


def test_a_function_that_calls_infolib_is_named_with_what_it_uses():
    def my_joint_entropy(pxy, base=2):
        return il.entropy(np.ravel(pxy), base=base)

    with pytest.raises(AssertionError, match=r"my_joint_entropy must be implemented without infolib or scipy; it uses \['infolib'\]"):
        _guard(ASSIGNMENTS / "hw06_mutual_information.ipynb")(my_joint_entropy)


def test_a_function_written_out_passes_the_guard():
    def my_joint_entropy(pxy, base=2):
        p = np.asarray(pxy, dtype=float).ravel()
        p = p[p > 0]
        return float(-(p * np.log(p)).sum() / np.log(base))

    with _guard(ASSIGNMENTS / "hw06_mutual_information.ipynb")(my_joint_entropy):
        assert my_joint_entropy([[0.5, 0.25], [0.125, 0.125]]) == pytest.approx(1.75)
