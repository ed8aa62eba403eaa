"""The build's checks that a handout gives no answer away (assignments/build.py).

Public tests travel inside the student notebook: they may compare with stored numbers
and check properties, never carry reference code (a helper of the hidden tests, or what
a solution computes). Hidden tests' messages reach students as feedback: they say what
was checked and what the answer gave, and quote the expected value only inside an
``[expected ...]`` note, which the build removes unless asked to keep it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "assignments"))
import build  # noqa: E402


def _master(tmp_path: Path, solution: str, hidden: str) -> Path:
    cells = [
        {"cell_type": "raw", "metadata": {}, "source": "# BEGIN SOLUTION"},
        {"cell_type": "code", "metadata": {}, "source": solution},
        {"cell_type": "raw", "metadata": {}, "source": "# END SOLUTION"},
        {"cell_type": "code", "metadata": {}, "source":
            '""" # BEGIN TEST CONFIG\nhidden: true\npoints: 1\n""" # END TEST CONFIG\n' + hidden},
    ]
    path = tmp_path / "hw99_x.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


SOLUTION = '''def my_output_distribution(px, channel):
    # BEGIN SOLUTION
    p = np.asarray(px, dtype=float)
    w = np.asarray(channel, dtype=float)
    return p @ w
    # END SOLUTION
'''
HIDDEN = '''def test_reference(my_channel_mi):
    def _output_distribution(px, channel):
        return np.asarray(px, dtype=float) @ np.asarray(channel, dtype=float)
    assert my_channel_mi([1.0], [[1.0]]) == 0.0
'''


@pytest.mark.parametrize(
    ("public", "leak"),
    [
        ("def test_a(my_channel_mi):\n    q = np.asarray([0.5, 0.5]) @ np.asarray([[1, 0], [0, 1]])\n    x = px @ channel\n",
         "computes px @ channel, as the solution computes p @ w"),
        ("def test_a(my_channel_mi):\n    def _output_distribution(px, channel):\n        return px\n",
         "defines _output_distribution, a hidden test's reference"),
        ("def test_a(my_channel_mi):\n    refs = {'my_output_distribution': _output_distribution}\n",
         "uses _output_distribution, a hidden test's reference"),
        ("def test_a(my_channel_mi):\n    def my_output_distribution(px, channel):\n        return px\n",
         "defines my_output_distribution, an answer"),
    ],
)
def test_reference_code_in_a_public_test_is_found(tmp_path, public, leak):
    found = build.reference_code_in_public_tests(_master(tmp_path, SOLUTION, HIDDEN), {"q2": public})
    assert any(leak in f for f in found), found


def test_stored_values_and_properties_in_a_public_test_are_not_reference_code(tmp_path):
    public = '''def test_a(my_channel_mi, my_output_distribution):
    stored = {((0.5, 0.5), ((1.0, 0.0), (0.0, 1.0))): [0.5, 0.5]}
    def _stored_output_distribution(px, channel):
        return np.array(stored[(tuple(px), tuple(map(tuple, channel)))])
    got = my_output_distribution([0.5, 0.5], [[1.0, 0.0], [0.0, 1.0]])
    assert np.allclose(got, [0.5, 0.5]) and math.isclose(sum(got), 1.0)
    closed_form = 1 + 0.1 * math.log2(0.1) + 0.9 * math.log2(0.9)
    two_pi_e = 2 * math.pi * math.e
'''
    assert build.reference_code_in_public_tests(_master(tmp_path, SOLUTION, HIDDEN), {"q2": public}) == []


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ('f"I(X; Y | Z) = {want:g} bit"', "shows the expected want"),
        ('f"expected {want:.6f} bits, got {got!r}"', "shows the expected want"),
        ('"given Z, X determines Y: I(X; Y | Z) = 1 bit"', "states the expected [1.0]"),
    ],
)
def test_a_hidden_message_that_states_the_expected_value_is_found(message, shown):
    code = f'''def test_xor(my_cmi):
    want = 1.0
    got = my_cmi([[0.5, 0.0], [0.0, 0.5]])
    assert math.isclose(got, want), {message}
    assert math.isclose(got, 1.0), {message}
'''
    assert any(shown in f for f in build.expected_values_in_hidden_messages(code))


def test_a_hidden_message_may_describe_the_case_and_quote_the_answer():
    code = '''def test_reference(my_mi):
    for t, e in zip(tables, expected):
        got = my_mi(t)
        assert math.isclose(got, e), f"I(X; Y) of a {t.shape} table: got {got!r} [expected {e:.6f} bits]"
    for size in (2, 27):
        bpc = my_mi([1 / size] * 4)
        assert math.isclose(bpc, math.log2(size)), f"uniform over {size} characters: got {bpc!r}"
    many = my_mi([0.5] * 2000)
    assert math.isclose(many, 2000.0), "2000 fair coins: the surprisals add up"
'''
    assert build.expected_values_in_hidden_messages(build.strip_expected_notes(code)) == []
    assert build.expected_values_in_hidden_messages(code), "the note itself quotes the value"


def test_every_master_passes_the_checks_as_built_by_default():
    for master in build.masters():
        nb = json.loads(master.read_text(encoding="utf-8"))
        public = {f"test {i}": code for i, (hidden, code) in enumerate(build._test_cells(nb)) if not hidden}
        assert public, master.name
        assert build.reference_code_in_public_tests(master, public) == [], master.name
        assert build.hidden_message_leaks(master) == [], master.name
