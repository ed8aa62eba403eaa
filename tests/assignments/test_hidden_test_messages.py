"""What a master's tests check and say, run in this process on answers written out here.

Each test runs one test cell of a master (as otter runs it: in the namespace of
the student's cells) on a typical answer, without building or grading: what it
passes, what it fails and what its message tells the student.
"""

from __future__ import annotations

import json
import math
import re
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "assignments"))
import fixtures  # noqa: E402


def _test_cell(stem: str, name: str) -> str:
    """The code of the test function ``name`` of a master, with the call after it."""
    nb = json.loads((ROOT / "assignments" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "code" and re.search(rf"^def {name}\(", text, re.MULTILINE):
            return text.split('""" # END TEST CONFIG', 1)[1]
    raise LookupError(f"{stem} has no test {name}")


def _run(stem: str, name: str, answers: str) -> str | None:
    """Run ``answers`` (the student's cells) then the test ``name``; its failure message, or None."""
    import infolib as il

    ns = {"np": np, "il": il, "math": math, "__name__": "__main__"}
    with warnings.catch_warnings():  # a student's kernel shows NumPy's warnings, it does not raise them
        warnings.simplefilter("ignore")
        exec(answers, ns)  # noqa: S102 - the answers written out in this file and in fixtures.py
        try:
            exec(_test_cell(stem, name), ns)  # noqa: S102 - the master's own test
        except AssertionError as exc:
            return str(exc)
    return None


MI = fixtures.MISTAKES["hw06_mutual_information"]
RIGHT_MI = '''def my_mutual_information(pxy, base=2):
    p = np.asarray(pxy, dtype=float)
    product = np.outer(p.sum(axis=1), p.sum(axis=0))
    nz = p > 0
    return max(float(np.sum(p[nz] * np.log(p[nz] / product[nz])) / np.log(base)), 0.0)'''
XOR_VALUES = fixtures._CMI + "\n\n\n" + fixtures._XOR + """
i_xy = my_mutual_information(pxyz.sum(axis=2))
i_xy_given_z = my_conditional_mi(pxyz)
co_info = i_xy - i_xy_given_z"""


@pytest.mark.parametrize("mistake", ["mi_no_zero_handling", "mi_clamps_nan_to_zero"])
def test_hw06_q4_values_do_not_charge_a_q3_mistake_again(mistake):
    # The q3 answer gives nan (or 0) for the XOR slices, which have zeros; q4's
    # function and its values are right given that q3 answer.
    assert _run("hw06_mutual_information", "test_xor_values", MI[mistake]["answers"]["q3"] + "\n\n" + XOR_VALUES) is None


def test_hw06_q4_values_pass_a_right_answer_and_fail_values_typed_in():
    assert _run("hw06_mutual_information", "test_xor_values", RIGHT_MI + "\n\n" + XOR_VALUES) is None
    typed = MI["diagram_areas_never_negative"]["answers"]["q4"]
    message = _run("hw06_mutual_information", "test_xor_values", RIGHT_MI + "\n\n" + typed)
    assert message is not None and message.startswith("i_xy_given_z is my_conditional_mi(pxyz)")
    wrong_sign = XOR_VALUES.replace("co_info = i_xy - i_xy_given_z", "co_info = i_xy_given_z - i_xy")
    assert _run("hw06_mutual_information", "test_xor_values", RIGHT_MI + "\n\n" + wrong_sign).startswith(
        "co_info is i_xy - i_xy_given_z")


def test_hw06_q4_values_fail_a_conditional_mi_that_ignores_p_of_z():
    # Not weighted by p(z) and not divided by the number of values: the XOR triple's 2 bits, not 1.
    unweighted = XOR_VALUES.replace("total += pz * my_mutual_information", "total += my_mutual_information")
    message = _run("hw06_mutual_information", "test_xor_values", RIGHT_MI + "\n\n" + unweighted)
    assert message is not None and message.startswith("I(X; Y | Z) of the XOR triple, from your my_conditional_mi")


BPC = '''def bpc_and_perplexity(probs):
    p = np.asarray(probs, dtype=float)
    bpc = float({bits})
    return bpc, {perplexity}'''


def test_hw09_q2_an_overflow_from_a_sum_is_not_called_a_product():
    summed = BPC.format(bits="-np.sum(np.log2(p))", perplexity="2 ** bpc")
    message = _run("hw09_machine_learning", "test_bpc_and_perplexity_of_a_long_text", summed)
    assert message.startswith("a text of a million characters: OverflowError")
    assert "2**x" in message and "a sum, say, where a mean was asked" in message
    assert "multiply" not in message


def test_hw09_q2_a_product_of_the_probabilities_is_called_one():
    product = BPC.format(bits="-np.log2(np.prod(p)) / len(p)", perplexity="1 / float(np.prod(p)) ** (1 / len(p))")
    message = _run("hw09_machine_learning", "test_bpc_and_perplexity_of_a_long_text", product)
    assert message.startswith("a text of a million characters: ZeroDivisionError")
    assert "instead of multiplying the probabilities" in message


FANO = fixtures.MISTAKES["hw06_mutual_information"]


def test_hw06_q5_a_bound_read_off_the_chapters_table_is_told_where_it_is_off():
    table = FANO["fano_table_like_the_chapter"]["answers"]["q5"]
    message = _run("hw06_mutual_information", "test_fano_bound_is_the_root_to_1e_9", table)
    assert message is not None and message.startswith("size 6, H(X | Y) = 1e-06 bits: got ")
    assert "not within 1e-9 of the P_e where H_b(P_e) + P_e log2(size - 1) reaches H(X | Y)" in message
    # the same table is accurate enough where the bound is reached at a moderate P_e
    assert _run("hw06_mutual_information", "test_fano_bound_is_reached_where_errors_spread_evenly", table) is None


def test_hw06_q5_bisection_at_the_flat_end_fails_only_there():
    flat = FANO["fano_bisects_the_flat_end"]["answers"]["q5"]
    message = _run("hw06_mutual_information", "test_fano_bound_examples", flat)
    assert message is not None and message.startswith("H(X | Y) = log2 6 bits")
    assert _run("hw06_mutual_information", "test_fano_bound_is_the_root_to_1e_9", flat) is None


def test_hw07_q5_a_simulation_that_counts_flips_is_told_to_decode():
    counting = fixtures.MISTAKES["hw07_noisy_channels"]["counts_flips_without_decoding"]["answers"]["q5"]
    message = _run("hw07_noisy_channels", "test_block_error_rate_matches_the_exact_formula", counting)
    assert message == ("f = 0.05: each of the 40000 blocks goes through hamming_decode once "
                       "(the code decodes them; counting flips does not)")


def test_hw08_q4_the_log1p_hint_comes_only_for_a_tiny_snr():
    hw08 = fixtures.MISTAKES["hw08_continuous"]
    without = _run("hw08_continuous", "test_gaussian_capacity_matches_reference", hw08["capacity_without_log1p"]["answers"]["q4"])
    assert without is not None and without.startswith("power 1e-12, noise 1.0: got ")
    assert without.endswith("(for a tiny P/N, 1 + P/N loses most digits of P/N: use math.log1p)")
    nats = _run("hw08_continuous", "test_gaussian_capacity_matches_reference", hw08["capacity_in_nats"]["answers"]["q4"])
    assert nats is not None and nats.startswith("power 1.0, noise 1.0: got ") and "log1p" not in nats
