"""Water-filling over parallel Gaussian channels: the KKT conditions, a closed form, brute force, bad input."""

from __future__ import annotations

import math

import hypothesis.extra.numpy as hnp
import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infolib as il

PROPERTY = settings(max_examples=100, deadline=None)

_noises = hnp.arrays(np.float64, st.integers(1, 12), elements=st.floats(min_value=1e-3, max_value=1e3))
_powers = st.floats(min_value=0.0, max_value=1e4)


def _capacity_bits_mpmath(noise, allocation) -> float:
    with mpmath.workdps(40):
        return float(mpmath.fsum(mpmath.log(1 + mpmath.mpf(p) / mpmath.mpf(n), 2) / 2
                                 for n, p in zip(noise, allocation)))


@PROPERTY
@given(_noises, _powers)
def test_allocation_satisfies_the_kkt_conditions(noise, power):
    wf = il.water_filling(noise, power)
    alloc, level = wf.allocation, wf.level
    assert alloc.shape == noise.shape and (alloc >= 0).all()
    assert alloc.sum() == pytest.approx(power, rel=1e-12, abs=1e-12)
    scale = max(level, noise.max())
    on = alloc > 0
    # channels that get power are filled to the level; the others lie at or above it
    assert np.allclose(alloc[on] + noise[on], level, rtol=1e-12, atol=1e-12 * scale)
    assert (noise[~on] >= level - 1e-12 * scale).all()
    # the capacity is what the allocation achieves
    assert wf.capacity == pytest.approx(_capacity_bits_mpmath(noise, alloc), rel=1e-12, abs=1e-15)


@PROPERTY
@given(_noises, _powers, st.randoms(use_true_random=False))
def test_water_filling_does_not_depend_on_the_order_of_the_channels(noise, power, rnd):
    perm = list(range(noise.size))
    rnd.shuffle(perm)
    a, b = il.water_filling(noise, power), il.water_filling(noise[perm], power)
    assert np.allclose(a.allocation[perm], b.allocation, rtol=1e-12, atol=1e-12 * max(power, 1.0))
    assert a.capacity == pytest.approx(b.capacity, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("n1, n2, power", [(1.0, 3.0, 1.0), (1.0, 3.0, 2.0), (1.0, 3.0, 5.0), (0.5, 0.7, 10.0)])
def test_two_channels_against_the_closed_form(n1, n2, power):
    # P <= N2 - N1: all the power to the quieter channel; otherwise both filled to (P + N1 + N2) / 2
    wf = il.water_filling([n1, n2], power)
    if power <= n2 - n1:
        expected, level = [power, 0.0], n1 + power
    else:
        level = (power + n1 + n2) / 2
        expected = [level - n1, level - n2]
    assert wf.allocation == pytest.approx(expected, rel=1e-14, abs=1e-15)
    assert wf.level == pytest.approx(level, rel=1e-14)
    with mpmath.workdps(40):
        ref = sum(mpmath.log(1 + mpmath.mpf(p) / n, 2) / 2 for p, n in zip(expected, (n1, n2)))
    assert wf.capacity == pytest.approx(float(ref), rel=1e-14)


def test_no_allocation_on_a_fine_grid_beats_water_filling():
    noise = np.array([0.5, 1.5, 2.5])
    for power in (0.5, 1.5, 4.0):
        wf = il.water_filling(noise, power)
        steps = 300
        i, j = np.meshgrid(np.arange(steps + 1), np.arange(steps + 1), indexing="ij")
        keep = i + j <= steps
        alloc = np.stack([i[keep], j[keep], steps - i[keep] - j[keep]], axis=1) * power / steps
        grid = 0.5 * np.log2(1 + alloc / noise).sum(axis=1)
        assert grid.max() <= wf.capacity + 1e-12
        assert grid.max() >= wf.capacity - 1e-4  # the grid comes close to the optimum


def test_equal_noise_shares_the_power_equally_and_units_convert():
    wf = il.water_filling([2.0, 2.0, 2.0, 2.0], 8.0)
    assert wf.allocation.tolist() == [2.0, 2.0, 2.0, 2.0] and wf.level == 4.0
    assert wf.capacity == pytest.approx(4 * 0.5 * math.log2(2.0), rel=1e-15)
    nats = il.water_filling([2.0, 2.0, 2.0, 2.0], 8.0, base="nats").capacity
    assert nats == pytest.approx(wf.capacity * math.log(2), rel=1e-15)


def test_one_channel_is_the_gaussian_channel():
    for noise, power in [(1.0, 3.0), (0.25, 10.0)]:
        wf = il.water_filling([noise], power)
        assert wf.allocation.tolist() == [power]
        assert wf.capacity == pytest.approx(il.gaussian_channel_capacity(power / noise), rel=1e-15)


def test_zero_power_gives_zero_capacity():
    wf = il.water_filling([3.0, 1.0], 0.0)
    assert wf.allocation.tolist() == [0.0, 0.0] and wf.capacity == 0.0 and wf.level == 1.0


@pytest.mark.parametrize(
    "noise, power, error, message",
    [
        ([], 1.0, il.DistributionError, r"noise must be a non-empty 1-D array .* shape \(0,\)"),
        ([[1.0, 2.0]], 1.0, il.DistributionError, r"noise must be a non-empty 1-D array .* shape \(1, 2\)"),
        ([1.0, 0.0], 1.0, il.DistributionError, r"noise must be > 0; got 0.0 at index 1"),
        ([1.0, -2.0], 1.0, il.DistributionError, r"noise must be > 0; got -2.0 at index 1"),
        ([1.0, float("nan")], 1.0, il.DistributionError, r"noise contains NaN at index 1"),
        ([1.0, 2.0], -1.0, ValueError, r"power must be finite and >= 0; got -1.0"),
        ([1.0, 2.0], float("inf"), ValueError, r"power must be finite and >= 0; got inf"),
        ([1.0, 2.0], [1.0, 2.0], ValueError, r"power must be a single number \(the total power\); got \[1.0, 2.0\]"),
        ([1.0, 2.0], "3", ValueError, r"power must be a single number"),
        ([1.0, 2.0], True, ValueError, r"power must be a single number"),
        ([1.0, 2.0], None, ValueError, r"power must be a single number \(the total power\); got None"),
    ],
)
def test_bad_input_is_named(noise, power, error, message):
    with pytest.raises(error, match=message):
        il.water_filling(noise, power)


@pytest.mark.parametrize("k", [2, 3, 10, 12])
@pytest.mark.parametrize("noise", [1e-3, 455.1768003796, 1e3])
def test_no_power_fills_no_channel_even_among_equal_noises(k, noise):
    # (k N + 0) / k can round above N; no channel may then get a sliver of power
    wf = il.water_filling(np.full(k, noise), 0.0)
    assert (wf.allocation == 0).all() and wf.capacity == 0 and wf.level == noise


@pytest.mark.parametrize("power", [1e-12, 1e-3, 0.7])
def test_a_small_power_keeps_its_digits_beside_loud_noise(power):
    # equal noises share P as P / k exactly; unequal ones match 40-digit arithmetic
    wf = il.water_filling(np.full(10, 455.1768003796), power)
    assert (wf.allocation == power / 10).all()
    noise = np.array([455.1768003796, 455.1768003796 + 1e-4, 455.1768003796 + 3e-4, 600.0])
    with mpmath.workdps(40):
        n = [mpmath.mpf(float(x)) for x in noise]
        for m in range(len(n), 0, -1):  # the m quietest channels are filled when the level clears the m-th
            level = (mpmath.mpf(power) + mpmath.fsum(n[:m])) / m
            if level > n[m - 1]:
                break
        exact = [float(max(level - x, 0)) for x in n]
    got = il.water_filling(noise, power).allocation
    for g, e in zip(got, exact):
        assert g == pytest.approx(e, rel=1e-12, abs=1e-300)
