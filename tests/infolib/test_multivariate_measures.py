"""Measures of many variables: conditional mutual information given several, total correlation,
dual total correlation and co-information, against 50-digit brute-force sums and their identities."""

from __future__ import annotations

import itertools
import math

import hypothesis.extra.numpy as hnp
import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import infolib as il

from reference import rel_err

PROPERTY = settings(max_examples=60, deadline=None)
DIGITS = 50

# ---------------------------------------------------------------------------
# References: explicit loops over every outcome, in mpmath at 50 digits, on the
# exactly normalised joint. They use the definitions, not infolib's formulas.


def _mp_joint(p) -> dict:
    """{index tuple: probability} of p / sum(p), formed exactly from the float64 entries."""
    arr = np.asarray(p, dtype=np.float64)
    values = {idx: mpmath.mpf(float(v)) for idx, v in np.ndenumerate(arr)}
    total = mpmath.fsum(values.values())
    return {idx: v / total for idx, v in values.items()}


def _marginal(joint: dict, axes) -> dict:
    out: dict = {}
    for idx, v in joint.items():
        key = tuple(idx[a] for a in axes)
        out[key] = out.get(key, mpmath.mpf(0)) + v
    return out


def _entropy(dist: dict):
    return -mpmath.fsum(v * mpmath.log(v) for v in dist.values() if v > 0)


def cmi_reference_nats(p, x, y, z) -> float:
    """sum p(x, y, z) ln(p(z) p(x, y, z) / (p(x, z) p(y, z))) over the groups of axes x, y, z."""
    with mpmath.workdps(DIGITS):
        joint = _mp_joint(p)
        pxyz = _marginal(joint, x + y + z)
        pxz, pyz, pz = _marginal(joint, x + z), _marginal(joint, y + z), _marginal(joint, z)
        nx, ny = len(x), len(y)
        total = mpmath.fsum(
            v * mpmath.log(v * pz[k[nx + ny :]] / (pxz[k[:nx] + k[nx + ny :]] * pyz[k[nx:]]))
            for k, v in pxyz.items()
            if v > 0
        )
        return float(total)


def total_correlation_reference_nats(p) -> float:
    """sum p(x1, ..., xn) ln(p(x1, ..., xn) / (p(x1) ... p(xn)))."""
    with mpmath.workdps(DIGITS):
        joint = _mp_joint(p)
        n = np.ndim(p)
        singles = [_marginal(joint, (a,)) for a in range(n)]
        return float(
            mpmath.fsum(
                v * mpmath.log(v / mpmath.fprod(singles[a][(k[a],)] for a in range(n)))
                for k, v in joint.items()
                if v > 0
            )
        )


def dual_total_correlation_reference_nats(p) -> float:
    """H(X1..Xn) - sum_i H(Xi | the others), each H(Xi | others) = H(all) - H(others)."""
    with mpmath.workdps(DIGITS):
        joint = _mp_joint(p)
        n = np.ndim(p)
        h_all = _entropy(joint)
        others = [_entropy(_marginal(joint, tuple(b for b in range(n) if b != a))) for a in range(n)]
        return float(h_all - mpmath.fsum(h_all - h for h in others))


def co_information_reference_nats(p) -> float:
    """-sum over the non-empty sets S of axes of (-1)^|S| H(X_S)."""
    with mpmath.workdps(DIGITS):
        joint = _mp_joint(p)
        n = np.ndim(p)
        return float(
            -mpmath.fsum(
                (-1) ** k * _entropy(_marginal(joint, s))
                for k in range(1, n + 1)
                for s in itertools.combinations(range(n), k)
            )
        )


# ---------------------------------------------------------------------------
# Joints


def _random_joint(seed: int, shape, zeros: float = 0.0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    w = rng.dirichlet(np.full(math.prod(shape), 0.7)).reshape(shape)
    if zeros:
        w[rng.random(shape) < zeros] = 0.0
        assert w.sum() > 0
        w /= w.sum()
    return w


def _copies(n: int) -> np.ndarray:
    """n copies of one fair bit: p(0, ..., 0) = p(1, ..., 1) = 1/2."""
    p = np.zeros((2,) * n)
    p[(0,) * n] = p[(1,) * n] = 0.5
    return p


def _parity(n: int) -> np.ndarray:
    """n - 1 independent fair bits and their exclusive or."""
    p = np.zeros((2,) * n)
    for bits in itertools.product((0, 1), repeat=n - 1):
        p[bits + (sum(bits) % 2,)] = 2.0 ** -(n - 1)
    return p


_weights = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-300, max_value=1e-250),
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=1.0, max_value=1e3),
)


@st.composite
def joints(draw, min_axes=2, max_axes=4):
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=min_axes, max_size=max_axes)))
    w = draw(hnp.arrays(np.float64, shape, elements=_weights))
    assume(w.sum() > 0)
    return w / w.sum()


# ---------------------------------------------------------------------------
# Conditional mutual information given several variables

CMI_CASES = [
    # shape, x, y, given
    ((2, 3, 4), (0,), (1,), (2,)),
    ((2, 3, 4), (2,), (0,), (1,)),
    ((2, 3, 2, 2), (0,), (1,), (2, 3)),
    ((2, 3, 2, 2), (0,), (1, 2), (3,)),
    ((2, 3, 2, 2), (3, 1), (0,), ()),
    ((2, 3, 2, 2), (1,), (3,), (0,)),  # axis 2 summed out
    ((3, 2, 2, 2, 2), (0, 1), (4,), (2, 3)),
]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape, x, y, z", CMI_CASES)
def test_conditional_mutual_information_matches_a_50_digit_brute_force_sum(seed, shape, x, y, z):
    p = _random_joint(seed, shape, zeros=0.25 if seed % 2 else 0.0)
    value = il.conditional_mutual_information(p, x=x, y=y, given=z, base="nats")
    assert value == pytest.approx(cmi_reference_nats(p, x, y, z), rel=1e-13, abs=1e-16)


@pytest.mark.parametrize("given_axis", [0, 1, 2, -1])
def test_three_variable_call_takes_the_other_two_axes_as_x_and_y_in_order(given_axis):
    p = _random_joint(3, (2, 3, 4))
    x, y = (a for a in range(3) if a != given_axis % 3)
    value = il.conditional_mutual_information(p, given=given_axis)
    assert value == il.conditional_mutual_information(p, x=x, y=y, given=given_axis)
    assert value == pytest.approx(cmi_reference_nats(p, (x,), (y,), (given_axis % 3,)) / math.log(2), rel=1e-12)


def test_default_conditions_a_3d_joint_on_its_last_axis_and_the_others_on_the_rest():
    p3, p4 = _random_joint(4, (2, 3, 2)), _random_joint(5, (2, 2, 3, 2))
    assert il.conditional_mutual_information(p3) == il.conditional_mutual_information(p3, given=2)
    assert il.conditional_mutual_information(p4) == il.conditional_mutual_information(p4, given=(2, 3))
    assert il.conditional_mutual_information(p4, x=3, y=1) == il.conditional_mutual_information(
        p4, x=3, y=1, given=(0, 2)
    )


def test_given_nothing_it_is_the_mutual_information():
    p = _random_joint(6, (3, 2, 4))
    assert il.conditional_mutual_information(p.sum(axis=2)) == il.mutual_information(p.sum(axis=2))
    assert il.conditional_mutual_information(p, x=0, y=2, given=()) == il.mutual_information(p.sum(axis=1))
    assert il.conditional_mutual_information(p, x=1, y=(0, 2), given=()) == il.mutual_information(
        np.moveaxis(p, 1, 0).reshape(2, 12)
    )


@PROPERTY
@given(st.integers(0, 2**32 - 1), st.lists(st.integers(2, 3), min_size=2, max_size=4))
def test_chain_rule_for_mutual_information_with_n_variables(seed, sides):
    # I(X; Y1, ..., Yn) = sum_i I(X; Yi | Y1, ..., Yi-1), X on axis 0
    p = _random_joint(seed, (3, *sides), zeros=0.2)
    n = len(sides)
    whole = il.conditional_mutual_information(p, x=0, y=tuple(range(1, n + 1)), given=())
    terms = [il.conditional_mutual_information(p, x=0, y=i, given=tuple(range(1, i))) for i in range(1, n + 1)]
    assert whole == pytest.approx(math.fsum(terms), rel=1e-12, abs=1e-15)


@PROPERTY
@given(joints(min_axes=3), st.data())
def test_conditional_mutual_information_is_never_negative(p, data):
    axes = data.draw(st.permutations(range(p.ndim)))
    cut = data.draw(st.integers(2, p.ndim))
    x, y, z = axes[:1], axes[1:2], tuple(axes[2:cut])
    assert il.conditional_mutual_information(p, x=x, y=y, given=z) >= 0.0


@PROPERTY
@given(joints(min_axes=3))
def test_conditional_mutual_information_is_symmetric_in_x_and_y(p):
    forward = il.conditional_mutual_information(p, x=0, y=(1,), given=tuple(range(2, p.ndim)))
    backward = il.conditional_mutual_information(p, x=1, y=(0,), given=tuple(range(2, p.ndim)))
    assert forward == pytest.approx(backward, rel=1e-12, abs=1e-15)


@PROPERTY
@given(st.integers(0, 2**32 - 1))
def test_x_and_y_are_independent_given_a_group_that_screens_them_off(seed):
    # p(x, y, z1, z2) = p(z1, z2) p(x | z1, z2) p(y | z1, z2)
    rng = np.random.default_rng(seed)
    pz = rng.dirichlet(np.ones(6)).reshape(2, 3)
    px_z = rng.dirichlet(np.full(3, 0.5), size=(2, 3))
    py_z = rng.dirichlet(np.full(4, 0.5), size=(2, 3))
    p = np.einsum("ab,abx,aby->xaby", pz, px_z, py_z)
    assert il.conditional_mutual_information(p, x=0, y=3, given=(1, 2)) <= 1e-15
    assert il.conditional_mutual_information(p, x=0, y=3, given=(1, 2), base="nats") >= 0.0


@pytest.mark.parametrize("eps", [1e-3, 1e-5, 1e-7])
@pytest.mark.parametrize("seed", range(3))
def test_conditional_mutual_information_is_accurate_near_conditional_independence(seed, eps):
    # A conditionally independent joint, perturbed by eps: I(X; Y | Z) is about eps**2,
    # far below the rounding error of H(X, Z) + H(Y, Z) - H(X, Y, Z) - H(Z).
    rng = np.random.default_rng(seed)
    pz = rng.dirichlet(np.ones(4))
    px_z, py_z = rng.dirichlet(np.ones(3), size=4), rng.dirichlet(np.ones(5), size=4)
    p = np.einsum("z,zx,zy->xyz", pz, px_z, py_z) * (1 + eps * rng.uniform(-1, 1, (3, 5, 4)))
    p /= p.sum()
    reference = cmi_reference_nats(p, (0,), (1,), (2,))
    assert rel_err(il.conditional_mutual_information(p, base="nats"), reference) <= 1e-14 / eps


# ---------------------------------------------------------------------------
# Total correlation and dual total correlation


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", [(2, 3), (3, 2, 4), (2, 3, 2, 2), (2, 2, 2, 2, 3)])
def test_total_correlation_matches_a_50_digit_brute_force_sum(seed, shape):
    p = _random_joint(seed, shape, zeros=0.25 if seed % 2 else 0.0)
    assert il.total_correlation(p, base="nats") == pytest.approx(
        total_correlation_reference_nats(p), rel=1e-13, abs=1e-16
    )


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", [(2, 3), (3, 2, 4), (2, 3, 2, 2), (2, 2, 2, 2, 3)])
def test_dual_total_correlation_matches_a_50_digit_brute_force_sum(seed, shape):
    p = _random_joint(seed, shape, zeros=0.25 if seed % 2 else 0.0)
    assert il.dual_total_correlation(p, base="nats") == pytest.approx(
        dual_total_correlation_reference_nats(p), rel=1e-13, abs=1e-16
    )


@pytest.mark.parametrize("eps", [1e-3, 1e-5, 1e-7])
@pytest.mark.parametrize("seed", range(3))
def test_total_correlations_are_accurate_for_nearly_independent_variables(seed, eps):
    rng = np.random.default_rng(seed)
    marginals = [rng.dirichlet(np.ones(k)) for k in (3, 2, 4, 2)]
    p = np.einsum("a,b,c,d->abcd", *marginals) * (1 + eps * rng.uniform(-1, 1, (3, 2, 4, 2)))
    p /= p.sum()
    assert rel_err(il.total_correlation(p, base="nats"), total_correlation_reference_nats(p)) <= 1e-14 / eps
    assert rel_err(il.dual_total_correlation(p, base="nats"), dual_total_correlation_reference_nats(p)) <= 1e-14 / eps


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6])
def test_n_copies_of_a_fair_bit_have_total_correlation_n_minus_1_and_everything_else_1_bit(n):
    p = _copies(n)
    assert il.total_correlation(p) == pytest.approx(n - 1, rel=1e-15)
    assert il.dual_total_correlation(p) == pytest.approx(1.0, rel=1e-15)
    assert il.co_information(p) == pytest.approx(1.0, rel=1e-15)


def test_xor_of_two_fair_bits():
    xor = {(x, y, x ^ y): 0.25 for x in (0, 1) for y in (0, 1)}
    assert il.co_information(xor) == -1.0
    assert il.total_correlation(xor) == 1.0
    assert il.dual_total_correlation(xor) == 2.0  # all of H(X, Y, Z): no variable holds a bit of its own


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6])
def test_parity_of_n_bits_has_co_information_minus_one_to_the_n(n):
    # Every n - 1 of the bits are independent and fair; together they fix the last one.
    # The co-information is (-1)^n bits, so the interaction information, (-1)^n times it, is +1.
    p = _parity(n)
    assert il.co_information(p) == pytest.approx((-1) ** n, rel=1e-15)
    assert il.total_correlation(p) == pytest.approx(1.0, rel=1e-15)
    assert il.dual_total_correlation(p) == pytest.approx(n - 1, rel=1e-15)


@pytest.mark.parametrize("shape", [(2, 3), (3, 2, 4), (2, 3, 2, 2)])
def test_independent_variables_share_nothing(shape):
    rng = np.random.default_rng(sum(shape))
    p = np.ones(())
    for k in shape:
        p = np.multiply.outer(p, rng.dirichlet(np.ones(k)))
    z = tuple(range(2, len(shape)))
    assert il.total_correlation(p) <= 1e-15
    assert il.dual_total_correlation(p) <= 1e-15
    assert abs(il.co_information(p)) <= 1e-15
    assert il.conditional_mutual_information(p, x=0, y=1, given=z) <= 1e-15


@PROPERTY
@given(joints())
def test_total_correlations_lie_within_their_bounds(p):
    # 0 <= TC <= sum H(Xi) - max H(Xi) and 0 <= DTC <= H(X1, ..., Xn)
    singles = [il.entropy(p.sum(axis=tuple(b for b in range(p.ndim) if b != a))) for a in range(p.ndim)]
    tc, dual = il.total_correlation(p), il.dual_total_correlation(p)
    assert 0.0 <= tc <= (sum(singles) - max(singles)) * (1 + 1e-12) + 1e-12
    assert 0.0 <= dual <= il.joint_entropy(p) * (1 + 1e-12) + 1e-12


@PROPERTY
@given(joints())
def test_total_correlation_plus_dual_is_the_sum_of_each_variables_information_about_the_rest(p):
    # TC + DTC = sum_i I(Xi; X without Xi)
    n = p.ndim
    rest = [tuple(b for b in range(n) if b != a) for a in range(n)]
    share = math.fsum(il.conditional_mutual_information(p, x=a, y=rest[a], given=()) for a in range(n))
    assert il.total_correlation(p) + il.dual_total_correlation(p) == pytest.approx(share, rel=1e-11, abs=1e-13)


@PROPERTY
@given(joints(), st.data())
def test_measures_of_many_variables_do_not_depend_on_their_order(p, data):
    order = data.draw(st.permutations(range(p.ndim)))
    q = np.transpose(p, order)
    assert il.total_correlation(q) == pytest.approx(il.total_correlation(p), rel=1e-11, abs=1e-13)
    assert il.dual_total_correlation(q) == pytest.approx(il.dual_total_correlation(p), rel=1e-11, abs=1e-13)
    assert il.co_information(q) == pytest.approx(il.co_information(p), rel=1e-11, abs=1e-13)


@PROPERTY
@given(st.integers(0, 2**32 - 1), st.integers(2, 4))
def test_total_correlation_is_the_sum_of_what_each_variable_shares_with_the_earlier_ones(seed, n):
    # TC = sum_i [H(Xi) - H(Xi | X1..Xi-1)] = sum_{i >= 2} I(X1..Xi-1; Xi), summed here from the front
    p = _random_joint(seed, (2, 3, 2, 3)[:n], zeros=0.2)
    prefix = [p.sum(axis=tuple(range(i + 1, n))) if i + 1 < n else p for i in range(n)]
    terms = [il.conditional_mutual_information(prefix[i], x=tuple(range(i)), y=i, given=()) for i in range(1, n)]
    assert il.total_correlation(p) == pytest.approx(math.fsum(terms), rel=1e-12, abs=1e-15)


# ---------------------------------------------------------------------------
# Co-information


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", [(2, 3), (3, 2, 4), (2, 3, 2, 2), (2, 2, 2, 2, 3)])
def test_co_information_matches_the_50_digit_inclusion_exclusion_sum(seed, shape):
    p = _random_joint(seed, shape, zeros=0.25 if seed % 2 else 0.0)
    assert il.co_information(p, base="nats") == pytest.approx(co_information_reference_nats(p), rel=1e-12, abs=1e-14)


@PROPERTY
@given(st.integers(0, 2**32 - 1))
def test_co_information_of_three_is_mutual_information_minus_conditional_mutual_information(seed):
    p = _random_joint(seed, (2, 3, 4), zeros=0.2)
    expected = il.mutual_information(p.sum(axis=2)) - il.conditional_mutual_information(p, x=0, y=1, given=2)
    assert il.co_information(p) == pytest.approx(expected, abs=1e-14)


@PROPERTY
@given(st.integers(0, 2**32 - 1), st.integers(3, 5))
def test_co_information_drops_by_its_average_given_the_last_variable(seed, n):
    # I(X1; ...; Xn) = I(X1; ...; Xn-1) - sum_z p(z) I(X1; ...; Xn-1 | Xn = z)
    p = _random_joint(seed, (2, 3, 2, 2, 2)[:n], zeros=0.2)
    last = p.reshape(-1, p.shape[-1]).sum(axis=0)
    given_last = math.fsum(
        pz * il.co_information(p[..., z] / pz) for z, pz in enumerate(last) if pz > 0
    )
    expected = il.co_information(p.sum(axis=-1)) - given_last
    assert il.co_information(p) == pytest.approx(expected, abs=1e-13)


def test_co_information_of_two_variables_is_their_mutual_information():
    p = _random_joint(8, (4, 3))
    assert il.co_information(p) == il.mutual_information(p)


# ---------------------------------------------------------------------------
# Inputs: mappings, counts and units


def test_measures_of_many_variables_accept_a_mapping_of_tuples():
    four = {(a, b, c, a ^ b ^ c): 1 / 8 for a in (0, 1) for b in (0, 1) for c in (0, 1)}
    table, _ = il.joint_table(four)
    for f in (il.total_correlation, il.dual_total_correlation, il.co_information, il.conditional_mutual_information):
        assert f(four) == f(table)
    assert il.co_information(four) == pytest.approx(1.0, rel=1e-15)


@pytest.mark.parametrize(
    "f",
    [il.total_correlation, il.dual_total_correlation, il.co_information, il.conditional_mutual_information],
)
def test_counts_with_normalize_are_the_plug_in_estimate_in_any_unit(f):
    counts = np.random.default_rng(9).integers(0, 20, (2, 3, 2)).astype(float)
    p = counts / counts.sum()
    assert f(counts, normalize=True) == pytest.approx(f(p), rel=1e-14, abs=1e-15)
    assert f(p, base="nats") == pytest.approx(f(p) * math.log(2), rel=1e-14, abs=1e-15)
    assert f(p, base=10) == pytest.approx(f(p) * math.log10(2), rel=1e-14, abs=1e-15)
