"""The laws of the measures, checked by hypothesis on many generated inputs."""

from __future__ import annotations

import math

import hypothesis.extra.numpy as hnp
import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import infolib as il

PROPERTY = settings(max_examples=80, deadline=None)

_weights = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-300, max_value=1e-250),
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=1.0, max_value=1e3),
)


def _normalised(w: np.ndarray) -> np.ndarray:
    assume(w.sum() > 0)
    return w / w.sum()


@st.composite
def distributions(draw, n=None, max_size=12):
    n = draw(st.integers(1, max_size)) if n is None else n
    return _normalised(draw(hnp.arrays(np.float64, n, elements=_weights)))


@st.composite
def pairs(draw, max_size=12):
    n = draw(st.integers(1, max_size))
    return draw(distributions(n=n)), draw(distributions(n=n))


@st.composite
def triples(draw, max_size=8):
    n = draw(st.integers(1, max_size))
    return draw(distributions(n=n)), draw(distributions(n=n)), draw(distributions(n=n))


@st.composite
def batches(draw):
    rows, n = draw(st.integers(1, 5)), draw(st.integers(1, 8))
    p = np.stack([draw(distributions(n=n)) for _ in range(rows)])
    q = np.stack([draw(distributions(n=n)) for _ in range(rows)])
    return p, q


def _exact_sum_difference(p, q) -> float:
    """sum(p) - sum(q), correctly rounded."""
    return math.fsum(list(p) + [-v for v in q])


@PROPERTY
@given(distributions(max_size=30))
def test_entropy_is_between_zero_and_log_n(p):
    h = il.entropy(p)
    assert 0.0 <= h <= math.log2(p.size) * (1 + 1e-13) + 1e-15


@PROPERTY
@given(pairs())
def test_kl_is_at_least_the_gibbs_bound_sum_p_minus_sum_q(pq):
    # Gibbs' inequality for measures: sum p ln(p/q) >= sum p - sum q (both sums ~1,
    # not exactly equal after rounding), with equality iff p = q.
    p, q = pq
    kl = il.kl_divergence(p, q, base="nats")
    assert kl >= _exact_sum_difference(p, q) - 1e-15
    assert il.kl_divergence(p, p) == 0.0


@st.composite
def dyadic_distributions(draw, n, bits=20):
    """Multiples of 2**-bits that sum to exactly 1 (cut points of [0, 2**bits])."""
    cuts = sorted(draw(st.lists(st.integers(0, 2**bits), min_size=n - 1, max_size=n - 1)))
    return np.diff([0, *cuts, 2**bits]) / 2.0**bits


@st.composite
def dyadic_pairs(draw):
    n = draw(st.integers(1, 12))
    return draw(dyadic_distributions(n)), draw(dyadic_distributions(n))


@PROPERTY
@given(dyadic_pairs())
def test_kl_is_zero_exactly_when_p_equals_q_for_exactly_normalised_inputs(pq):
    p, q = pq
    assert p.sum() == 1.0 and q.sum() == 1.0
    kl = il.kl_divergence(p, q)
    if np.array_equal(p, q):
        assert kl == 0.0
    else:
        assert kl > 0.0


@PROPERTY
@given(pairs())
def test_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    h_pq = il.cross_entropy(p, q)
    total = il.entropy(p) + il.kl_divergence(p, q)
    if math.isinf(total):
        assert h_pq == math.inf
    else:
        assert math.isclose(h_pq, total, rel_tol=1e-12, abs_tol=1e-12)


@PROPERTY
@given(pairs(), st.randoms(use_true_random=False))
def test_measures_are_invariant_under_permutation_of_outcomes(pq, rnd):
    p, q = pq
    perm = list(range(p.size))
    rnd.shuffle(perm)
    for f, args, args_perm in [
        (il.entropy, (p,), (p[perm],)),
        (il.cross_entropy, (p, q), (p[perm], q[perm])),
        (il.kl_divergence, (p, q), (p[perm], q[perm])),
        (il.jensen_shannon_divergence, (p, q), (p[perm], q[perm])),
    ]:
        a, b = f(*args), f(*args_perm)
        assert a == b or math.isclose(a, b, rel_tol=1e-13, abs_tol=1e-15), f.__name__


@PROPERTY
@given(pairs())
def test_measures_never_return_nan_on_valid_input(pq):
    p, q = pq
    values = [il.entropy(p), il.cross_entropy(p, q), il.kl_divergence(p, q),
              il.jensen_shannon_divergence(p, q), *il.information(p), *il.binary_entropy(p)]
    assert not any(math.isnan(v) for v in values)


@PROPERTY
@given(pairs())
def test_jensen_shannon_is_symmetric_and_between_zero_and_one_bit(pq):
    p, q = pq
    js = il.jensen_shannon_divergence(p, q)
    assert js == il.jensen_shannon_divergence(q, p)
    assert 0.0 <= js <= 1.0 + 1e-12
    assert il.jensen_shannon_divergence(p, p) == 0.0


@PROPERTY
@given(triples())
def test_square_root_of_jensen_shannon_satisfies_the_triangle_inequality(pqr):
    p, q, r = pqr
    d = lambda a, b: math.sqrt(il.jensen_shannon_divergence(a, b))  # noqa: E731
    assert d(p, r) <= d(p, q) + d(q, r) + 1e-8


@PROPERTY
@given(batches())
def test_batch_results_equal_row_by_row_results_along_either_axis(pq):
    p, q = pq
    for f, args in [(il.entropy, (p,)), (il.cross_entropy, (p, q)),
                    (il.kl_divergence, (p, q)), (il.jensen_shannon_divergence, (p, q))]:
        rows = np.array([f(*(a[i] for a in args)) for i in range(p.shape[0])])
        np.testing.assert_allclose(f(*args), rows, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(f(*(a.T for a in args), axis=0), rows, rtol=1e-13, atol=1e-15)
        batch3 = f(*(np.stack([a, a]) for a in args))
        assert batch3.shape == (2, p.shape[0])


@PROPERTY
@given(pairs(), st.randoms(use_true_random=False))
def test_mappings_aligned_by_outcome_equal_the_array_results(pq, rnd):
    p, q = pq
    names = [f"outcome {i}" for i in range(p.size)]
    p_map = dict(zip(names, p.tolist()))
    q_items = list(zip(names, q.tolist()))
    rnd.shuffle(q_items)  # q lists the same outcomes in another order
    q_map = dict(q_items)
    assert il.entropy(p_map) == il.entropy(p)
    assert il.cross_entropy(p_map, q_map) == il.cross_entropy(p, q)
    assert il.kl_divergence(p_map, q_map) == il.kl_divergence(p, q)
    assert il.jensen_shannon_divergence(p_map, q_map) == il.jensen_shannon_divergence(p, q)


def test_mapping_outcome_missing_from_the_other_mapping_has_probability_zero():
    p = {"a": 0.5, "b": 0.5}
    q = {"b": 0.5, "c": 0.5}
    assert il.kl_divergence(p, q) == math.inf
    assert il.cross_entropy(q, {"a": 0.25, "b": 0.25, "c": 0.5}) == il.cross_entropy([0.0, 0.5, 0.5], [0.25, 0.25, 0.5])
    assert il.jensen_shannon_divergence(p, q) == il.jensen_shannon_divergence([0.5, 0.5, 0.0], [0.0, 0.5, 0.5])


@PROPERTY
@given(hnp.arrays(np.int64, st.integers(1, 15), elements=st.integers(0, 10**6)))
def test_normalize_on_counts_equals_dividing_by_the_sum_and_leaves_counts_untouched(counts):
    assume(counts.sum() > 0)
    before = counts.copy()
    as_float = counts.astype(np.float64)
    before_float = as_float.copy()
    assert il.entropy(counts, normalize=True) == il.entropy(counts / counts.sum())
    assert il.entropy(as_float, normalize=True) == il.entropy(as_float / as_float.sum())
    q = np.ones(counts.size)
    assert il.kl_divergence(as_float, q, normalize=True) == il.kl_divergence(
        as_float / as_float.sum(), q / q.sum())
    np.testing.assert_array_equal(counts, before)
    np.testing.assert_array_equal(as_float, before_float)


@PROPERTY
@given(pairs())
def test_valid_input_gives_bit_identical_results_with_and_without_normalize(pq):
    p, q = pq
    for f, args in [(il.entropy, (p,)), (il.cross_entropy, (p, q)), (il.kl_divergence, (p, q))]:
        a = f(*args, normalize=False)
        b = f(*args, normalize=True)
        assert a == b or (math.isnan(a) and math.isnan(b))


def test_normalize_on_a_batch_rescales_only_the_slices_that_need_it():
    w = np.array([[0.25, 0.75], [1.0, 3.0]])
    before = w.copy()
    np.testing.assert_array_equal(il.entropy(w, normalize=True), [il.entropy([0.25, 0.75])] * 2)
    np.testing.assert_array_equal(w, before)


@PROPERTY
@given(distributions(max_size=30))
def test_information_is_non_negative_and_its_expectation_is_the_entropy(p):
    info = il.information(p)
    assert np.all(info >= 0)
    support = p > 0
    assert math.isclose(float(np.dot(p[support], info[support])), il.entropy(p), rel_tol=1e-12, abs_tol=1e-15)


@PROPERTY
@given(st.floats(0.0, 1.0))
def test_binary_entropy_is_symmetric_about_one_half_and_at_most_one_bit(p):
    h = il.binary_entropy(p)
    assert 0.0 <= h <= 1.0
    if 1.0 - (1.0 - p) == p:  # 1 - p is exact, so these describe the same coin
        assert math.isclose(h, il.binary_entropy(1.0 - p), rel_tol=1e-15)
        assert math.isclose(h, il.entropy([p, 1.0 - p]), rel_tol=1e-13, abs_tol=1e-300)
