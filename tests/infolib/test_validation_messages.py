"""Error messages name the offending value as a plain number, and its index only for arrays."""

import math
import re

import pytest

import infolib as il


@pytest.mark.parametrize(
    "value, expected",
    [
        (1.5, "p has a probability greater than 1, 1.5"),
        (-0.25, "p has a negative probability -0.25; every probability must be >= 0"),
        (float("nan"), "p contains NaN"),
    ],
)
def test_scalar_probability_error_names_value_without_index(value, expected):
    with pytest.raises(il.DistributionError) as info:
        il.information(value)
    message = str(info.value)
    assert message.startswith(expected)
    assert "index" not in message
    assert "np.float64" not in message


def test_array_probability_error_names_value_and_index():
    with pytest.raises(il.DistributionError, match=re.escape("greater than 1, 2.0 at index 1")):
        il.information([0.5, 2.0, 0.1])


def test_matrix_probability_error_names_index_as_tuple():
    with pytest.raises(il.DistributionError, match=re.escape("negative probability -1.0 at index (1, 0)")):
        il.information([[0.5, 0.5], [-1.0, 0.2]])


def test_infinite_probability_error_is_plain_number():
    with pytest.raises(il.DistributionError, match=re.escape(f"infinite value {math.inf} at index 0")):
        il.information([math.inf])
