"""Every kind of bad input is refused with a message that says what is wrong."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import infolib as il

PAIR_FUNCTIONS = [il.cross_entropy, il.kl_divergence, il.jensen_shannon_divergence]


def _entropy_p(p, **kw):
    return il.entropy(p, **kw)


def _kl_p(p, **kw):
    return il.kl_divergence(p, [1 / len(p)] * len(p) if np.ndim(p) == 1 else np.full(np.shape(p), 0.5), **kw)


def _kl_q(q, **kw):
    return il.kl_divergence([1 / len(q)] * len(q) if np.ndim(q) == 1 else np.full(np.shape(q), 0.5), q, **kw)


DISTRIBUTION_TAKERS = [
    pytest.param(_entropy_p, "p", id="entropy"),
    pytest.param(_kl_p, "p", id="kl-p"),
    pytest.param(_kl_q, "q", id="kl-q"),
]


@pytest.mark.parametrize("call,name", DISTRIBUTION_TAKERS)
def test_negative_probability_is_named_with_its_index_and_value(call, name):
    with pytest.raises(il.DistributionError) as info:
        call([0.5, 0.75, -0.25])
    msg = str(info.value)
    assert msg.startswith(f"{name} has a negative probability")
    assert "-0.25" in msg and "index 2" in msg


def test_negative_entry_in_a_batch_is_named_with_its_2d_index():
    with pytest.raises(il.DistributionError, match=re.escape("-0.5 at index (1, 0)")):
        il.entropy([[0.5, 0.5], [-0.5, 1.5]])


def test_negative_weight_with_normalize_is_called_a_weight():
    with pytest.raises(il.DistributionError, match="negative weight -1.0 at index 1"):
        il.entropy([3, -1, 2], normalize=True)


@pytest.mark.parametrize("call,name", DISTRIBUTION_TAKERS)
def test_nan_is_refused_with_its_index(call, name):
    with pytest.raises(il.DistributionError, match=f"^{name} contains NaN at index 1"):
        call([0.5, math.nan, 0.5])


@pytest.mark.parametrize("bad", [math.inf, -math.inf])
def test_infinite_probability_is_refused_with_its_index(bad):
    with pytest.raises(il.DistributionError, match=r"infinite value -?inf at index 0|negative probability -inf"):
        il.entropy([bad, 0.5])
    with pytest.raises(il.DistributionError, match="inf"):
        il.entropy([bad, 0.5], normalize=True)


def test_sum_not_one_reports_the_actual_sum_and_suggests_normalize():
    with pytest.raises(il.DistributionError) as info:
        il.entropy([0.5, 0.6])
    msg = str(info.value)
    assert "sums to 1.1" in msg and "normalize=True" in msg


def test_batch_sum_not_one_reports_the_slice_and_the_sum():
    with pytest.raises(il.DistributionError) as info:
        il.kl_divergence([[0.5, 0.5], [3.0, 1.0]], [[0.5, 0.5], [0.5, 0.5]])
    msg = str(info.value)
    assert "sums to 4.0" in msg and "(1,)" in msg and "normalize=True" in msg


def test_sum_within_tolerance_is_accepted_and_just_outside_is_refused():
    assert il.entropy([0.5, 0.5 + 5e-10]) == pytest.approx(1.0, abs=1e-8)
    with pytest.raises(il.DistributionError, match="sums to"):
        il.entropy([0.5, 0.5 + 5e-9])


def test_weights_that_sum_to_zero_cannot_be_normalized():
    with pytest.raises(il.DistributionError, match="sums to 0"):
        il.entropy([0.0, 0.0], normalize=True)
    with pytest.raises(il.DistributionError, match=re.escape("sums to 0 along axis -1 at (1,)")):
        il.entropy([[1.0, 1.0], [0.0, 0.0]], normalize=True)


@pytest.mark.parametrize("empty", [[], np.zeros(0), np.zeros((2, 0)), {}])
def test_empty_input_is_refused(empty):
    with pytest.raises(il.DistributionError, match="empty"):
        il.entropy(empty)


@pytest.mark.parametrize("f", [il.entropy, lambda p: il.kl_divergence(p, p)])
def test_scalar_where_a_vector_is_needed_is_refused(f):
    with pytest.raises(il.DistributionError, match="vector of probabilities, not the single number 0.5"):
        f(0.5)


@pytest.mark.parametrize("f", PAIR_FUNCTIONS)
def test_mismatched_shapes_of_p_and_q_are_refused(f):
    with pytest.raises(il.DistributionError, match=re.escape("same shape; got (2,) and (3,)")):
        f([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(il.DistributionError, match="not broadcast"):
        f([[0.5, 0.5]] * 2, [0.5, 0.5])


@pytest.mark.parametrize("f", PAIR_FUNCTIONS)
def test_one_mapping_and_one_array_are_refused(f):
    with pytest.raises(il.DistributionError, match="both be mappings .* or both be arrays; got a dict and a list"):
        f({"a": 0.5, "b": 0.5}, [0.5, 0.5])
    with pytest.raises(il.DistributionError, match="got a ndarray and a dict"):
        f(np.array([0.5, 0.5]), {"a": 0.5, "b": 0.5})


@pytest.mark.parametrize("base", ["bit", "Bits", "nat", "", "log2"])
def test_unknown_unit_name_lists_the_accepted_names(base):
    with pytest.raises(ValueError) as info:
        il.entropy([0.5, 0.5], base=base)
    msg = str(info.value)
    assert f"unknown unit {base!r}" in msg
    for name in il.UNIT_NAMES:
        assert repr(name) in msg


@pytest.mark.parametrize("base", [1, 1.0, 0, -2, math.inf, math.nan, True, None, [2], 2j])
def test_invalid_numeric_base_is_refused_with_what_is_accepted(base):
    for f in (lambda: il.entropy([0.5, 0.5], base=base), lambda: il.information(0.5, base=base),
              lambda: il.convert(1.0, base, "bits"), lambda: il.log_of_base(base)):
        with pytest.raises(ValueError, match="finite number > 0 other than 1.*'bits'.*'hartleys'"):
            f()


@pytest.mark.parametrize("p,fragment", [
    (1.5, "greater than 1, 1.5"),
    (-0.1, "negative probability -0.1"),
    (math.nan, "NaN"),
    ([0.5, 2.0], "greater than 1, 2.0 at index 1"),
    ([0.5, math.inf], "infinite value inf at index 1"),
])
@pytest.mark.parametrize("f", [il.information, il.binary_entropy])
def test_information_and_binary_entropy_refuse_non_probabilities(f, p, fragment):
    with pytest.raises(il.DistributionError, match=re.escape(fragment)):
        f(p)


@pytest.mark.parametrize("bad", [["a", "b"], ["0.5", "0.5"], [None, 1.0], [object(), 1.0], [[0.5], [0.5, 0.0]]])
def test_non_numeric_input_is_refused(bad):
    with pytest.raises(il.DistributionError, match="must contain numbers|NaN|rectangular array of numbers"):
        il.entropy(bad)


def test_text_is_not_a_probability_even_when_it_looks_like_a_number():
    with pytest.raises(il.DistributionError, match="not text"):
        il.information("0.5")
    with pytest.raises(il.DistributionError, match="not text"):
        il.entropy({"heads": "0.5", "tails": "0.5"})


@pytest.mark.parametrize("f", [il.entropy, il.information, lambda p: il.kl_divergence(p, p)])
def test_complex_input_is_refused(f):
    with pytest.raises(il.DistributionError, match="real numbers; got complex"):
        f(np.array([0.5 + 0j, 0.5]))


@pytest.mark.parametrize("axis", [1, -2, 5])
def test_axis_out_of_bounds_is_refused(axis):
    with pytest.raises(ValueError, match=f"axis {axis} is out of bounds for p with 1 dimension"):
        il.entropy([0.5, 0.5], axis=axis)
    with pytest.raises(ValueError, match="out of bounds"):
        il.kl_divergence([0.5, 0.5], [0.5, 0.5], axis=axis)


def test_large_1d_array_with_bad_axis_is_refused_too():
    with pytest.raises(ValueError, match="axis 1 is out of bounds"):
        il.entropy(np.full(2**17, 2.0**-17), axis=1)


def test_distribution_error_is_a_value_error():
    assert issubclass(il.DistributionError, ValueError)


@pytest.mark.parametrize("f", PAIR_FUNCTIONS, ids=lambda f: f.__name__)
def test_advice_to_pass_normalize_works_for_every_pair_function(f):
    counts_p, counts_q = [3, 1, 0], [1, 1, 2]
    with pytest.raises(il.DistributionError, match="normalize=True") as info:
        f(counts_p, counts_q)
    assert "p sums to 4" in str(info.value)
    following_the_advice = f(counts_p, counts_q, normalize=True)
    assert following_the_advice == f([0.75, 0.25, 0.0], [0.25, 0.25, 0.5])
