"""Entropy estimators (Miller-Madow closed form, plug-in bias), units, tables."""

from __future__ import annotations

import math

import numpy as np
import pytest

import infolib as il

# --- estimators ---------------------------------------------------------------


@pytest.mark.parametrize("counts", [[5, 5], [3, 1], [10, 0, 3, 7], [1], [0, 4, 0], [1000, 1, 1]])
def test_plugin_entropy_is_entropy_of_relative_frequencies(counts):
    c = np.array(counts, dtype=float)
    f = c[c > 0] / c.sum()
    expected = -math.fsum(f * np.log(f))
    assert il.plugin_entropy(counts, base="nats") == pytest.approx(expected, rel=1e-14, abs=1e-300)


@pytest.mark.parametrize("counts", [[5, 5], [3, 1], [10, 0, 3, 7], [1], [0, 4, 0], [1000, 1, 1]])
@pytest.mark.parametrize("base", ["nats", "bits", 10])
def test_miller_madow_adds_observed_outcomes_minus_one_over_2n_nats(counts, base):
    c = np.array(counts, dtype=float)
    m_hat = np.count_nonzero(c)
    f = c[c > 0] / c.sum()
    closed_form_nats = -math.fsum(f * np.log(f)) + (m_hat - 1) / (2 * c.sum())
    expected = closed_form_nats / il.log_of_base(base)
    assert il.miller_madow_entropy(counts, base=base) == pytest.approx(expected, rel=1e-14, abs=1e-300)


def test_estimators_accept_mappings_of_counts():
    assert il.plugin_entropy({"a": 3, "b": 1}) == il.plugin_entropy([3, 1])
    assert il.miller_madow_entropy({"a": 3, "b": 1}) == il.miller_madow_entropy([3, 1])


def test_plugin_entropy_is_biased_low_and_miller_madow_removes_most_of_the_bias():
    rng = np.random.default_rng(2024)
    p = np.array([0.4, 0.3, 0.1, 0.1, 0.05, 0.05])
    truth = il.entropy(p, base="nats")
    n, trials = 30, 4000
    counts = rng.multinomial(n, p, size=trials)
    plugin = np.array([il.plugin_entropy(c, base="nats") for c in counts])
    mm = np.array([il.miller_madow_entropy(c, base="nats") for c in counts])
    se = plugin.std() / math.sqrt(trials)
    bias_plugin = plugin.mean() - truth
    bias_mm = mm.mean() - truth
    assert bias_plugin < -5 * se  # negative on average, far beyond sampling noise
    # first-order theory: about -(m - 1)/(2N) nats
    assert bias_plugin == pytest.approx(-(p.size - 1) / (2 * n), rel=0.3)
    assert abs(bias_mm) < abs(bias_plugin) / 3


@pytest.mark.parametrize("counts,message", [
    ([2, -1], "non-negative whole numbers; got -1.0 at index 1"),
    ([2, 1.5], "non-negative whole numbers; got 1.5 at index 1"),
    ([2, math.nan], "non-negative whole numbers; got nan at index 1"),
    ([2, math.inf], "non-negative whole numbers; got inf at index 1"),
    ([0, 0], "counts are all zero"),
    ([], "non-empty 1-D array"),
    ([[1, 2]], "non-empty 1-D array; got shape"),
])
def test_estimators_refuse_bad_counts(counts, message):
    for f in (il.plugin_entropy, il.miller_madow_entropy):
        with pytest.raises(il.DistributionError, match=message.replace("(", r"\(").replace(")", r"\)")):
            f(counts)


# --- units ------------------------------------------------------------------------


def test_convert_between_units_matches_closed_forms():
    assert il.convert(1, "bits", "nats") == pytest.approx(math.log(2), rel=1e-15)
    assert il.convert(1, "nats", "bits") == pytest.approx(1 / math.log(2), rel=1e-15)
    assert il.convert(1, "hartleys", "bits") == pytest.approx(math.log2(10), rel=1e-15)
    assert il.convert(1, "bits", "hartleys") == pytest.approx(math.log10(2), rel=1e-15)
    assert il.convert(3.0, 8, 2) == pytest.approx(9.0, rel=1e-15)  # one octal digit is 3 bits
    assert il.convert(2.5, "bits", 2) == 2.5
    assert il.convert(1, "hartleys", 10) == 1.0


def test_convert_keeps_arrays_and_returns_floats_for_scalars():
    out = il.convert([1.0, 2.0], "bits", "nats")
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [math.log(2), 2 * math.log(2)], rtol=1e-15)
    assert type(il.convert(np.float64(1.0), "nats", "nats")) is float


def test_unit_names_and_aliases_stand_for_their_bases():
    assert il.UNIT_NAMES == {"bits": 2.0, "shannons": 2.0, "nats": math.e,
                             "hartleys": 10.0, "bans": 10.0, "dits": 10.0}
    for name, base in il.UNIT_NAMES.items():
        assert il.log_of_base(name) == math.log(base)
    assert il.log_of_base(math.e) == 1.0
    assert il.log_of_base(np.float64(4.0)) == pytest.approx(2 * math.log(2), rel=1e-15)
    assert il.log_of_base(0.5) == -math.log(2)


def test_measure_in_a_converted_unit_equals_measure_in_that_unit():
    p = [0.2, 0.3, 0.5]
    assert il.convert(il.entropy(p), "bits", "hartleys") == pytest.approx(il.entropy(p, base="hartleys"), rel=1e-15)


# --- tables -------------------------------------------------------------------------


def test_table_renders_aligned_text_with_numeric_columns_right_aligned():
    table = il.Table(["event", "p", "count"], [["heads", 0.5, 12], ["a rare one", 1 / 3, 1234]], digits=3)
    assert repr(table) == (
        "event           p  count\n"
        "----------  -----  -----\n"
        "heads       0.500     12\n"
        "a rare one  0.333  1,234"
    )


def test_table_renders_markdown_with_alignment_row():
    table = il.Table(["outcome", "bits"], [["six", 2.584962500721156], ["impossible", math.inf]])
    assert table._repr_markdown_() == (
        "| outcome | bits |\n"
        "| :--- | ---: |\n"
        "| six | 2.5850 |\n"
        "| impossible | inf |"
    )


def test_table_shows_special_values_and_booleans_as_text():
    table = il.Table(["x", "flag"], [[-math.inf, True], [math.nan, False]], digits=2)
    text = repr(table)
    assert "-inf" in text and "nan" in text and "True" in text and "False" in text
    assert "| :--- |" in table._repr_markdown_().splitlines()[1] or ":---" in table._repr_markdown_()


def test_table_refuses_rows_of_the_wrong_length():
    with pytest.raises(ValueError, match="row 1 has 1 cells; the table has 2 columns"):
        il.Table(["a", "b"], [[1, 2], [3]])


def test_table_with_no_rows_still_renders_its_headers():
    table = il.Table(["a", "b"], [])
    assert repr(table).splitlines()[0].split() == ["a", "b"]
    assert table._repr_markdown_().splitlines()[0] == "| a | b |"


def test_table_shows_other_objects_with_str():
    assert "(1, 2)" in repr(il.Table(["pair"], [[(1, 2)]]))
