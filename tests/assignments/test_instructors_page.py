"""The instructors' page describes what each assignment asks, in the course's notation.

Its table has one row per assignment. The rows of assignments 6 to 8 name the questions on
chapters 6 to 8's theorems (Fano's inequality, a Hamming code, the Gaussian channel and
water-filling), and the binary entropy is written $H_{\\mathrm{b}}$, as everywhere in the
course: a lowercase h is a differential entropy.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "instructors.md").read_text(encoding="utf-8")


def _row(stem: str) -> str:
    rows = [line for line in PAGE.splitlines() if line.startswith(f"| `{stem}` |")]
    assert len(rows) == 1, f"instructors.md has {len(rows)} rows for {stem}"
    return rows[0]


def _questions(stem: str) -> list[str]:
    """The names of the functions a master's solutions define."""
    nb = json.loads((ROOT / "assignments" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    return re.findall(r"^def (\w+)\(", "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"
                                                  and "# BEGIN SOLUTION" in "".join(c["source"])), re.M)


def test_binary_entropy_is_written_h_b_not_a_lowercase_h():
    assert not re.search(r"(?<![\\\w{])h\((p|f|q|x)\)", PAGE), "a lowercase h is a differential entropy"
    assert "the capacity $1 - H_{\\mathrm{b}}(f)$ of the binary symmetric channel" in _row("hw07_noisy_channels")


@pytest.mark.parametrize(
    ("stem", "functions", "described"),
    [
        ("hw06_mutual_information", {"fano_bound", "map_error"},
         ["the Fano bound on the error of any guess, by bisection", "the error of the best (MAP) guess"]),
        ("hw07_noisy_channels", {"hamming_encode", "hamming_decode", "block_error_rate"},
         ["a Hamming(7,4) encoder and syndrome decoder", "simulated against the exact $1 - (1 - f)^7 - 7f(1 - f)^6$"]),
        ("hw08_continuous", {"gaussian_capacity", "my_water_filling"},
         ["the capacity $\\frac12 \\log_2(1 + P/N)$ of the Gaussian channel",
          "water-filling over parallel Gaussian channels, by bisection on the water level"]),
    ],
)
def test_rows_of_assignments_6_to_8_describe_their_questions_on_the_new_material(stem, functions, described):
    assert functions <= set(_questions(stem)), f"{stem} asks for {sorted(functions)}"
    row = _row(stem)
    for words in described:
        assert words in row, f"the row of {stem} does not say: {words}"
