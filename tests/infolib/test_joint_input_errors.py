"""Bad joints are refused by every joint measure with a message naming the problem, index and value."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import infolib as il

JOINT_2D = [
    pytest.param(il.mutual_information, id="mutual_information"),
    pytest.param(il.conditional_entropy, id="conditional_entropy"),
    pytest.param(il.joint_entropy, id="joint_entropy"),
    pytest.param(il.pointwise_mutual_information, id="pointwise_mutual_information"),
]


@pytest.mark.parametrize("f", JOINT_2D)
def test_negative_entry_is_named_with_its_index_and_value(f):
    with pytest.raises(il.DistributionError, match=re.escape("pxy has a negative probability -0.25 at index (1, 0)")):
        f([[0.5, 0.25], [-0.25, 0.5]])


@pytest.mark.parametrize("f", JOINT_2D)
def test_nan_entry_is_named_with_its_index(f):
    with pytest.raises(il.DistributionError, match=re.escape("pxy contains NaN at index (0, 1)")):
        f([[0.5, math.nan], [0.25, 0.25]])


@pytest.mark.parametrize("f", JOINT_2D)
def test_infinite_entry_is_named_with_its_index(f):
    with pytest.raises(il.DistributionError, match=re.escape("pxy contains an infinite value inf at index (1, 1)")):
        f([[0.5, 0.0], [0.25, math.inf]])


@pytest.mark.parametrize("f", JOINT_2D)
def test_joint_that_does_not_sum_to_one_is_refused_and_normalize_is_suggested(f):
    with pytest.raises(il.DistributionError, match=r"pxy sums to 1\.5 over all its entries, not 1.*normalize=True"):
        f([[0.5, 0.5], [0.25, 0.25]])


@pytest.mark.parametrize("f", JOINT_2D)
def test_counts_that_sum_to_zero_cannot_be_normalized(f):
    with pytest.raises(il.DistributionError, match="pxy sums to 0, so it cannot be normalized"):
        f([[0, 0], [0, 0]], normalize=True)


@pytest.mark.parametrize("f", [il.mutual_information, il.pointwise_mutual_information])
@pytest.mark.parametrize("shape", [(4,), (2, 2, 2)])
def test_mutual_information_needs_a_2d_joint(f, shape):
    with pytest.raises(il.DistributionError, match=re.escape(f"pxy must be a 2-D array (X along axis 0, Y along axis 1); got {len(shape)}-D shape {shape}")):
        f(np.full(shape, 1 / np.prod(shape)))


@pytest.mark.parametrize(
    "f, name",
    [
        (il.conditional_mutual_information, "pxyz"),
        (il.co_information, "pxyz"),
        (il.total_correlation, "p"),
        (il.dual_total_correlation, "p"),
    ],
)
def test_measures_of_several_variables_need_at_least_two_axes(f, name):
    with pytest.raises(il.DistributionError, match=re.escape(f"{name} must have an axis per variable (at least 2); got shape (2,)")):
        f([0.5, 0.5])


@pytest.mark.parametrize(
    "f, name",
    [
        (il.conditional_mutual_information, "pxyz"),
        (il.co_information, "pxyz"),
        (il.total_correlation, "p"),
        (il.dual_total_correlation, "p"),
    ],
)
def test_measures_of_several_variables_name_a_bad_entry_by_its_index(f, name):
    p = np.full((2, 2, 2), 0.125)
    p[1, 0, 1] = -0.125
    with pytest.raises(il.DistributionError, match=re.escape(f"{name} has a negative probability -0.125 at index (1, 0, 1)")):
        f(p)


@pytest.mark.parametrize(
    "axes, message",
    [
        ({"given": 4}, "given must be an axis (or axes) of the 4-D joint, between -4 and 3; got 4"),
        ({"x": 0, "y": (1, -5), "given": 2}, "y must be an axis (or axes) of the 4-D joint, between -4 and 3; got (1, -5)"),
        ({"x": 1.0, "y": 0}, "x must be an axis (or axes) of the 4-D joint, between -4 and 3; got 1.0"),
        ({"x": True, "y": 0}, "x must be an axis (or axes) of the 4-D joint, between -4 and 3; got True"),
        ({"x": "0", "y": 1}, "x must be an axis (or axes) of the 4-D joint, between -4 and 3; got '0'"),
        ({"x": (0, 0), "y": 1}, "x lists an axis twice: (0, 0)"),
        ({"x": 0, "y": 1, "given": (2, -2)}, "given lists an axis twice: (2, -2)"),
        ({"x": 0, "y": (1, 0)}, "x=0 and y=(1, 0) both name axis 0: X, Y and the variables given must not share a variable"),
        ({"x": 0, "y": 1, "given": (3, 0)}, "x=0 and given=(3, 0) both name axis 0"),
        ({"x": 0, "y": (1, -1), "given": 3}, "y=(1, -1) and given=3 both name axis 3"),
        ({"x": (), "y": 1}, "x must name at least one axis; got ()"),
        ({"x": 0, "y": []}, "y must name at least one axis; got []"),
        ({"x": 0}, "x and y go together: give both or neither; got x=0 and y=None"),
        ({"y": 2, "given": 0}, "x and y go together: give both or neither; got x=None and y=2"),
        ({"given": 3}, "given=3 leaves 3 of the 4 axes, not 2: name the axes of X and Y with x= and y="),
        ({"given": (0, 1, 2)}, "given=(0, 1, 2) leaves 1 of the 4 axes, not 2"),
    ],
)
def test_conditional_mutual_information_names_a_bad_axis_argument_and_its_value(axes, message):
    p = np.full((2, 3, 2, 2), 1 / 24)
    with pytest.raises(ValueError, match=re.escape(message)):
        il.conditional_mutual_information(p, **axes)


def test_empty_and_scalar_joints_are_refused():
    with pytest.raises(il.DistributionError, match=r"pxy is empty \(shape \(0, 2\)\)"):
        il.mutual_information(np.zeros((0, 2)))
    with pytest.raises(il.DistributionError, match="not the single number 1.0"):
        il.joint_entropy(1.0)


def test_conditional_entropy_needs_two_axes():
    with pytest.raises(il.DistributionError, match=r"at least 2\); got shape \(2,\)"):
        il.conditional_entropy([0.5, 0.5])


@pytest.mark.parametrize(
    "given, message",
    [
        (2, "given must be an axis (or axes) of the 2-D joint, between -2 and 1; got 2"),
        (True, "given must be an axis"),
        ((0, 0), "given lists an axis twice: (0, 0)"),
        ((0, 1), "given=(0, 1) names every axis"),
    ],
)
def test_conditional_entropy_rejects_a_bad_given(given, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        il.conditional_entropy([[0.5, 0.0], [0.25, 0.25]], given=given)


@pytest.mark.parametrize(
    "mapping, message",
    [
        ({}, "pxy is empty"),
        ({"a": 1.0}, "pxy must map tuples (x, y, ...) to probabilities; got the key 'a'"),
        ({(0, 0): 0.5, (1,): 0.5}, "every key of pxy must be a tuple of 2 values like (0, 0); got the key (1,)"),
        ({(0, 0): 0.5, (1, 1): "half"}, "pxy must map to numbers; got 'half' for the key (1, 1)"),
        ({(0, 0): 0.5, (1, 1): -0.5}, "pxy has a negative probability -0.5 at index (1, 1)"),
    ],
)
def test_mapping_joints_are_checked_key_by_key(mapping, message):
    with pytest.raises(il.DistributionError, match=re.escape(message)):
        il.mutual_information(mapping)


def test_text_entries_are_refused():
    with pytest.raises(il.DistributionError, match="pxy must contain numbers, not text"):
        il.joint_entropy([["0.5", "0.5"]])
