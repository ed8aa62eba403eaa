"""Fixture submissions for each assignment, and the scores they must get.

A fixture is the student notebook with some answer cells filled in:

- ``correct``: every answer is the master's solution: full marks;
- ``blank``: the student notebook as handed out: 0 on every question;
- one fixture per typical mistake, whose answers are the solutions except for the
  mistaken ones written out below.

The expected scores follow from the design of each mistake and the points of the
tests it must fail (each test's points are set in its configuration in the master);
the comment above each mistake says which tests it fails and why. They are not read
from a grading run. The fixtures named after a shortcut (``uses_*``, ``imports_*``,
``cross_entropy_with_itself``, ``entropy_plus_kl``, ``cross_entropy_minus_entropy``)
hand the work to ``infolib`` or ``scipy``: they must get 0 on that question.

A fixture may also name the integrity flags it must raise (``flags``: their kinds,
exactly, as ``integrity.py`` reports them); the fixtures that hard-code what the
public tests check (``hard_codes_*``) must be flagged ``hard-coded``.

``write_fixtures(student_nb, autograder_nb, out_dir, stem)`` writes them as notebooks.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

_SURPRISAL_NATURAL = '''def surprisal(p, base=2):
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore"):
        out = -np.log(p) + 0.0
    return float(out) if out.ndim == 0 else out'''

_CMI = '''def my_conditional_mi(pxyz, base=2):
    p = np.asarray(pxyz, dtype=float)
    if p.ndim != 3:
        raise ValueError(f"pxyz must be 3-D, got shape {p.shape}")
    total = 0.0
    for z in range(p.shape[2]):
        pz = float(p[:, :, z].sum())
        if pz > 0:
            total += pz * my_mutual_information(p[:, :, z] / pz, base=base)
    return max(total, 0.0) + 0.0'''
_XOR = '''pxyz = np.zeros((2, 2, 2))
for x in (0, 1):
    for y in (0, 1):
        pxyz[x, y, x ^ y] = 0.25'''
#: A function that returns the public examples' values (hw06): the uniform table's,
#: else the other example's, after checking the input's shape.
_HARD_CODED = '''def {name}(pxy, base=2):
    p = np.asarray(pxy, dtype=float)
    if p.ndim != 2:
        raise ValueError(f"pxy must be a 2-D table, got shape {{p.shape}}")
    if np.allclose(p, 0.25):
        return {uniform}
    return {other}'''

#: hw06 q5: the Fano bound by bisection, with its input checks (``{left}``: the left side at ``mid``).
_FANO = '''def fano_bound(h_x_given_y, size):
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 2:
        raise ValueError(f"size must be a whole number >= 2, got {{size!r}}")
    h = float(h_x_given_y)
    if not 0.0 <= h <= math.log2(size) + 1e-12:
        raise ValueError(f"h_x_given_y must be in [0, log2(size)], got {{h!r}}")
    lo, hi = 0.0, 1.0 - 1.0 / size
    if h == 0.0:
        return 0.0
    if h >= math.log2(size):
        return hi
    while hi - lo > 1e-13:
        mid = 0.5 * (lo + hi)
        if {left} < h:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)'''
_MAP_ERROR = '''def map_error(pxy):
    p = np.asarray(pxy, dtype=float)
    if p.ndim != 2:
        raise ValueError(f"pxy must be a 2-D table, got shape {p.shape}")
    return max(1.0 - float(p.max(axis=0).sum()), 0.0)'''

#: hw07 q5: Hamming(7,4) with the chapter's parity bits, with the input checks; block errors simulated.
_HAMMING_ENCODE = '''def hamming_encode(messages):
    m = np.asarray(messages)
    if m.ndim != 2 or m.shape[1] != 4 or not np.isin(m, (0, 1)).all():
        raise ValueError(f"messages must be rows of 4 bits (0 or 1), got shape {m.shape}")
    m = m.astype(int)
    return np.column_stack([m, (m[:, 1] + m[:, 2] + m[:, 3]) % 2, (m[:, 0] + m[:, 2] + m[:, 3]) % 2,
                            (m[:, 0] + m[:, 1] + m[:, 3]) % 2])'''
_HAMMING_DECODE = '''def hamming_decode(received):
    y = np.asarray(received)
    if y.ndim != 2 or y.shape[1] != 7 or not np.isin(y, (0, 1)).all():
        raise ValueError(f"received must be rows of 7 bits (0 or 1), got shape {y.shape}")
    y = y.astype(int)
    h = np.array([[0, 1, 1, 1, 1, 0, 0], [1, 0, 1, 1, 0, 1, 0], [1, 1, 0, 1, 0, 0, 1]])
    s = (y @ h.T) % 2
    flip = (s[:, :, None] == h[None, :, :]).all(axis=1) & s.any(axis=1)[:, None]
    return (y ^ flip)[:, :4]'''
_BLOCK_ERROR = '''def block_error_rate(f, n_blocks, rng):
    f = float(f)
    if not 0.0 <= f <= 1.0:
        raise ValueError(f"f must be in [0, 1], got {f!r}")
    messages = rng.integers(0, 2, size=(n_blocks, 4))
    received = hamming_encode(messages) ^ (rng.random((n_blocks, 7)) < f)
    return float((hamming_decode(received) != messages).any(axis=1).mean())'''

#: hw08 q4: the Gaussian channel's capacity, and water-filling by bisection on the level.
_GAUSSIAN_CAPACITY = '''def gaussian_capacity(power, noise):
    power, noise = float(power), float(noise)
    if not (math.isfinite(power) and power >= 0):
        raise ValueError(f"power must be a finite number >= 0, got {power!r}")
    if not (math.isfinite(noise) and noise > 0):
        raise ValueError(f"noise must be a finite variance > 0, got {noise!r}")
    return 0.5 * math.log1p(power / noise) / math.log(2)'''
_WATER_FILLING = '''def my_water_filling(noise, power):
    n = np.asarray(noise, dtype=float)
    if n.ndim != 1 or n.size == 0 or not np.all(np.isfinite(n) & (n > 0)):
        raise ValueError(f"noise must be a non-empty 1-D array of variances > 0, got {noise!r}")
    power = float(power)
    if not (math.isfinite(power) and power >= 0):
        raise ValueError(f"power must be a finite number >= 0, got {power!r}")
    lo, hi = float(n.min()), float(n.min()) + power
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if np.maximum(mid - n, 0.0).sum() < power:
            lo = mid
        else:
            hi = mid
    allocation = np.maximum(0.5 * (lo + hi) - n, 0.0)
    return allocation, float(sum(gaussian_capacity(p, nj) for p, nj in zip(allocation, n)))'''

MISTAKES: dict[str, dict[str, dict]] = {
    "hw01_information": {
        # Natural log, base ignored. q1: fails the bits test (1 point) and the units
        # test (base 10, 1 point), passes the edge/shape test (0, inf and order do not
        # depend on the unit): 1 of 3. q2 is graded with a reference surprisal, so the
        # mistake costs nothing there: 2 of 2.
        "natural_log": {
            "answers": {"q1": _SURPRISAL_NATURAL},
            "expected": {"q1": 1, "q2": 2},
        },
        # Multiplies the probabilities first: exact for two events (the public test,
        # 0.5), but 0.5**2000 underflows to 0 and gives inf: q2 loses the hidden test
        # (1.5): 0.5 of 2.
        "product_underflow": {
            "answers": {
                "q2": '''def joint_surprisal(probs, base=2):
    return surprisal(float(np.prod(probs)), base=base)'''
            },
            "expected": {"q1": 3, "q2": 0.5},
        },
        # math.log works for scalars only and raises at p = 0: q1 fails the
        # edge/shape test only (2 of 3); its q2 sums scalar surprisals: 2 of 2.
        "scalar_only": {
            "answers": {
                "q1": '''def surprisal(p, base=2):
    return -math.log(p, base)''',
                "q2": '''def joint_surprisal(probs, base=2):
    return float(sum(surprisal(p, base=base) for p in probs))''',
            },
            "expected": {"q1": 2, "q2": 2},
        },
        # Shortcut: delegates to il.information. Every test of q1 finds infolib in
        # the function: 0 of 3.
        "uses_information": {
            "answers": {
                "q1": '''def surprisal(p, base=2):
    return il.information(p, base=base)'''
            },
            "expected": {"q1": 0, "q2": 2},
        },
    },
    "hw02_dice": {
        # Natural log, base ignored (faces off the die handled). q1 fails the bits
        # test and the 1-bit checks of the set test, passes the units/impossible test
        # (nats, inf): 1 of 3. q2 fails the bits test, passes the impossible/nats
        # test: 1 of 2.
        "natural_log": {
            "answers": {
                "q1": '''def die_event_information(event, sides=6, base=2):
    faces = set(event) & set(range(1, sides + 1))
    p = len(faces) / sides
    with np.errstate(divide="ignore"):
        return float(-np.log(p)) + 0.0''',
                "q2": '''def sum_information(total, base=2):
    hits = sum(1 for a in range(1, 7) for b in range(1, 7) if a + b == total)
    with np.errstate(divide="ignore"):
        return float(-np.log(hits / 36)) + 0.0''',
            },
            "expected": {"q1": 1, "q2": 1},
        },
        # Counts listed faces on the die, not distinct faces: q1 fails the set test
        # only: 2 of 3.
        "counts_duplicates": {
            "answers": {
                "q1": '''def die_event_information(event, sides=6, base=2):
    p = len([f for f in event if 1 <= f <= sides]) / sides
    with np.errstate(divide="ignore"):
        return float(-np.log(p) / np.log(base)) + 0.0'''
            },
            "expected": {"q1": 2, "q2": 2},
        },
        # Counts a face that is not on the die: {7} gets log2(6) bits instead of inf
        # and {6, 7, 0} is taken for three faces. q1 fails the units/impossible test
        # only: 2 of 3.
        "counts_faces_off_the_die": {
            "answers": {
                "q1": '''def die_event_information(event, sides=6, base=2):
    p = len(set(event)) / sides
    with np.errstate(divide="ignore"):
        return float(-np.log(p) / np.log(base)) + 0.0'''
            },
            "expected": {"q1": 2, "q2": 2},
        },
        # Shortcut: delegates to il.Distribution, which the question forbids: every
        # test of q1 finds infolib in the function: 0 of 3.
        "uses_distribution": {
            "answers": {
                "q1": '''def die_event_information(event, sides=6, base=2):
    die = il.Distribution.uniform(range(1, sides + 1))
    return die.information(set(event) & set(range(1, sides + 1)), base=base)'''
            },
            "expected": {"q1": 0, "q2": 2},
        },
    },
    "hw03_entropy": {
        # Natural log, base ignored: the bits test (1), the zeros test (1 bit
        # expected, 1), the units test (base 10, 0.5) and the input test (1.75 bits
        # expected, and no check that p is 1-D, 0.5) fail: q1 0 of 3.
        "natural_log": {
            "answers": {
                "q1": '''def my_entropy(p, base=2):
    p = np.asarray(p, dtype=float)
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz))) + 0.0'''
            },
            "expected": {"q1": 0, "q2": 4, "q3": 2},
        },
        # No 0 log 0 handling: 0 * log 0 = nan; and no check that p is 1-D, so a
        # 2-D array is summed as a whole instead of raising ValueError. q1 fails the
        # zeros test (1) and the input test (0.5): 1.5 of 3.
        "no_zero_handling": {
            "answers": {
                "q1": '''def my_entropy(p, base=2):
    p = np.asarray(p, dtype=float)
    return float(-np.sum(p * np.log(p)) / np.log(base))'''
            },
            "expected": {"q1": 1.5, "q2": 4, "q3": 2},
        },
        # The solution without its shape check: right for every 1-D list or array,
        # but a 2-D array is flattened into one entropy and a single number gives
        # -p log p, where the question asks for a ValueError. q1 fails the input
        # test (0.5) only: 2.5 of 3.
        "no_shape_check": {
            "answers": {
                "q1": '''def my_entropy(p, base=2):
    p = np.asarray(p, dtype=float)
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)) / np.log(base)) + 0.0'''
            },
            "expected": {"q1": 2.5, "q2": 4, "q3": 2},
        },
        # Shortcut: H(p) = H(p, p) with il.cross_entropy: every test of q1 finds
        # infolib in the function: 0 of 3.
        "cross_entropy_with_itself": {
            "answers": {
                "q1": '''def my_entropy(p, base=2):
    return il.cross_entropy(p, p, base=base)'''
            },
            "expected": {"q1": 0, "q2": 4, "q3": 2},
        },
        # Shortcut: imports il.entropy under its own name (no "il." in the answer):
        # the tests resolve the name to infolib's function: q1 0 of 3.
        "imports_entropy": {
            "answers": {
                "q1": '''from infolib import entropy

def my_entropy(p, base=2):
    return float(entropy(p, base=base))'''
            },
            "expected": {"q1": 0, "q2": 4, "q3": 2},
        },
        # Shannon code lengths ceil(-log2 p) instead of Huffman's: right for the
        # dyadic example (1), not optimal for [0.6, 0.4] (2), 0 bits for a certain
        # outcome and an error for p = 0 (1): q2 1 of 4.
        "shannon_lengths": {
            "answers": {
                "q2": '''import heapq

def huffman_lengths(probs):
    return [int(np.ceil(-np.log2(p))) for p in probs]'''
            },
            "expected": {"q1": 3, "q2": 1, "q3": 2},
        },
        # Shortcut: delegates to il.HuffmanCode, which the question forbids: every
        # test of q2 finds infolib in the function: 0 of 4.
        "uses_huffmancode": {
            "answers": {
                "q2": '''import heapq

def huffman_lengths(probs):
    code = il.HuffmanCode.from_distribution(dict(enumerate(probs)))
    lengths = code.lengths()
    return [lengths.get(i, 0) for i in range(len(probs))]'''
            },
            "expected": {"q1": 3, "q2": 0, "q3": 2},
        },
        # Reads the bound as H <= L <= H + 1: right on the dyadic public example
        # (0.5), wrong for lengths [2, 2] on a fair coin (L = H + 1): 0.5 of 2.
        "bound_inclusive": {
            "answers": {
                "q3": '''def coding_bounds(probs, lengths):
    p = np.asarray(probs, dtype=float)
    H = float(il.entropy(p))
    L = float(np.dot(p, lengths))
    return H, L, bool(H <= L <= H + 1)'''
            },
            "expected": {"q1": 3, "q2": 4, "q3": 0.5},
        },
        # Guesses that the bound always holds (within is always True): right for
        # optimal lengths, wrong for the lengths that break it: 0.5 of 2.
        "bound_always_true": {
            "answers": {
                "q3": '''def coding_bounds(probs, lengths):
    p = np.asarray(probs, dtype=float)
    H = float(il.entropy(p))
    L = float(np.dot(p, lengths))
    return H, L, True'''
            },
            "expected": {"q1": 3, "q2": 4, "q3": 0.5},
        },
    },
    "hw04_cross_entropy": {
        # No mask for p = 0: 0 * log 0 = nan where p = q = 0. No length check
        # either: a q of length 1 is stretched to p's length and a number comes out.
        # q1 fails the zeros test (1) and the input test (0.5): 1.5 of 3.
        "no_zero_handling": {
            "answers": {
                "q1": '''def my_cross_entropy(p, q, base=2):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return float(-np.sum(p * np.log(q)) / np.log(base))'''
            },
            "expected": {"q1": 1.5, "q2": 4},
        },
        # Pairs outcomes with zip: right values, zeros and units for inputs of the
        # same length, but zip stops at the shorter input, so p of length 3 and q of
        # length 2 give a number (1 bit) instead of a ValueError. q1 fails the input
        # test (0.5) only: 2.5 of 3.
        "zip_truncates": {
            "answers": {
                "q1": '''def my_cross_entropy(p, q, base=2):
    total = 0.0
    for pi, qi in zip(p, q):
        if pi > 0:
            if qi == 0:
                return float("inf")
            total -= pi * math.log(qi, base)
    return float(total) + 0.0'''
            },
            "expected": {"q1": 2.5, "q2": 4},
        },
        # Shortcut: H(p, q) = H(p) + D(p || q) with il.entropy and il.kl_divergence:
        # every test of q1 finds infolib in the function: 0 of 3.
        "entropy_plus_kl": {
            "answers": {
                "q1": '''def my_cross_entropy(p, q, base=2):
    return float(il.entropy(p, base=base) + il.kl_divergence(p, q, base=base))'''
            },
            "expected": {"q1": 0, "q2": 4},
        },
        # Softmax without subtracting the maximum: exp(1000) overflows to inf and
        # the loss is nan. q2 fails the large-logits test (1.5) only: 2.5 of 4.
        "naive_softmax": {
            "answers": {
                "q2": '''def loss_and_gradient(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels)
    n = z.shape[0]
    probs = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    loss = float(-np.log(probs[np.arange(n), y]).mean())
    grad = probs.copy()
    grad[np.arange(n), y] -= 1.0
    return loss, grad / n'''
            },
            "expected": {"q1": 3, "q2": 2.5},
        },
        # Subtracts the batch's maximum instead of each row's: right for moderate
        # logits and for rows that share the maximum, but the row [0, 1] next to a
        # row [1000, 0] underflows (its loss term is infinite). q2 fails the
        # large-logits test (1.5) only: 2.5 of 4.
        "global_maximum": {
            "answers": {
                "q2": '''def loss_and_gradient(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels)
    n = z.shape[0]
    shifted = z - z.max()
    with np.errstate(divide="ignore", invalid="ignore"):
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = float(-log_probs[np.arange(n), y].mean())
    grad = np.exp(log_probs)
    grad[np.arange(n), y] -= 1.0
    return loss, grad / n'''
            },
            "expected": {"q1": 3, "q2": 2.5},
        },
        # Sums over the batch instead of averaging: wrong for n > 1 (the public test,
        # the reference test and the rows-on-different-scales case of the
        # large-logits test): q2 0 of 4.
        "sum_not_mean": {
            "answers": {
                "q2": '''def loss_and_gradient(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels)
    n = z.shape[0]
    shifted = z - z.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = float(-log_probs[np.arange(n), y].sum())
    grad = np.exp(log_probs)
    grad[np.arange(n), y] -= 1.0
    return loss, grad'''
            },
            "expected": {"q1": 3, "q2": 0},
        },
        # Subtracts the maximum but takes the log of the softmax: no overflow, but a
        # true class of probability exp(-1000) underflows to 0 and its loss is inf.
        # Passes the public and the reference test (moderate logits), fails the
        # large-logits test (1.5): 2.5 of 4.
        "log_of_softmax": {
            "answers": {
                "q2": '''def loss_and_gradient(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels)
    n = z.shape[0]
    e = np.exp(z - z.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    loss = float(-np.log(probs[np.arange(n), y]).mean())
    grad = probs.copy()
    grad[np.arange(n), y] -= 1.0
    return loss, grad / n'''
            },
            "expected": {"q1": 3, "q2": 2.5},
        },
        # Shortcut: il.log_softmax for the loss and il.cross_entropy_loss_gradient
        # for the gradient: every test of q2 finds infolib in the function: 0 of 4.
        "uses_log_softmax": {
            "answers": {
                "q2": '''def loss_and_gradient(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels)
    loss = float(-il.log_softmax(z, axis=1)[np.arange(len(y)), y].mean())
    return loss, il.cross_entropy_loss_gradient(z, y)'''
            },
            "expected": {"q1": 3, "q2": 0},
        },
        # Shortcut: scipy's logsumexp, imported inside the function: q2 0 of 4.
        "uses_scipy_logsumexp": {
            "answers": {
                "q2": '''def loss_and_gradient(logits, labels):
    from scipy.special import logsumexp
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels)
    n = z.shape[0]
    log_probs = z - logsumexp(z, axis=1, keepdims=True)
    grad = np.exp(log_probs)
    grad[np.arange(n), y] -= 1.0
    return float(-log_probs[np.arange(n), y].mean()), grad / n'''
            },
            "expected": {"q1": 3, "q2": 0},
        },
    },
    "hw05_kl_divergence": {
        # No support handling: p = 0 gives 0 * log 0 = nan. No length check either:
        # a q of length 1 is broadcast to p's length and a number comes out. q1
        # fails the support test (1) and the input test (0.5): 1.5 of 3. q3 uses
        # il.kl_divergence, so it does not depend on my_kl: 2 of 2.
        "no_support_check": {
            "answers": {
                "q1": '''def my_kl(p, q, base=2):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return float(np.sum(p * np.log(p / q)) / np.log(base))'''
            },
            "expected": {"q1": 1.5, "q2": 2, "q3": 2},
        },
        # Computes D(q || p): only D(p || p) = 0 comes out right, and inputs of
        # different lengths raise IndexError (a boolean mask of one length indexing
        # the other), not ValueError, so q1 is 0 of 3; q2 and q3 are untouched.
        "swapped_arguments": {
            "answers": {
                "q1": '''def my_kl(p, q, base=2):
    p, q = np.asarray(q, dtype=float), np.asarray(p, dtype=float)
    live = p > 0
    if np.any(q[live] == 0):
        return float("inf")
    return float(np.sum(p[live] * np.log(p[live] / q[live])) / np.log(base)) + 0.0'''
            },
            "expected": {"q1": 0, "q2": 2, "q3": 2},
        },
        # Masks p = 0 with np.where and trusts NumPy for the rest: right values,
        # support and units, but a q of length 1 is broadcast to p's length and a
        # number comes out instead of a ValueError. q1 fails the input test (0.5)
        # only: 2.5 of 3.
        "broadcasts_lengths": {
            "answers": {
                "q1": '''def my_kl(p, q, base=2):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(p / q), 0.0)
    return float(np.sum(terms) / np.log(base)) + 0.0'''
            },
            "expected": {"q1": 2.5, "q2": 2, "q3": 2},
        },
        # Shortcut: D(p || q) = H(p, q) - H(p) with il.cross_entropy and il.entropy:
        # every test of q1 finds infolib in the function: 0 of 3.
        "cross_entropy_minus_entropy": {
            "answers": {
                "q1": '''def my_kl(p, q, base=2):
    return float(il.cross_entropy(p, q, base=base) - il.entropy(p, base=base))'''
            },
            "expected": {"q1": 0, "q2": 2, "q3": 2},
        },
        # Asks that q be positive everywhere, ignoring where p = 0, and does not
        # compare lengths: right on both public examples (0.5), wrong whenever q = 0
        # only where p = 0 too (11 of the 50 random pairs of the hidden test have a
        # finite divergence and a zero in q; 1), and no ValueError for inputs of
        # different lengths (0.5): q2 0.5 of 2.
        "all_q_positive": {
            "answers": {
                "q2": '''def support_ok(p, q):
    return bool(np.all(np.asarray(q, dtype=float) > 0))'''
            },
            "expected": {"q1": 3, "q2": 0.5, "q3": 2},
        },
        # Right support test without the length check: inputs of different lengths
        # raise IndexError (a boolean mask of one length indexing the other), not
        # ValueError. q2 fails the length test (0.5) only: 1.5 of 2.
        "support_no_length_check": {
            "answers": {
                "q2": '''def support_ok(p, q):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return bool(np.all(q[p > 0] > 0))'''
            },
            "expected": {"q1": 3, "q2": 1.5, "q3": 2},
        },
        # Guesses: finite_one right, the divergences not computed. The format test
        # passes but is worth 0 points; the values test fails: q3 0 of 2.
        "guesses_direction": {
            "answers": {
                "q3": '''p = [0.5, 0.5, 0.0]
q = [0.25, 0.25, 0.5]
kl_pq = 0.0
kl_qp = 0.0
finite_one = "pq"'''
            },
            "expected": {"q1": 3, "q2": 2, "q3": 0},
        },
    },
    "hw06_mutual_information": {
        # 0 log 0 not handled: an entry of 0 gives 0 * log 0 = nan; and no check that
        # pxy is 2-D, so a 1-D distribution gives a number. q1 passes the public test
        # (no zeros) and the units test, fails the zeros test (1) and the input test
        # (0.5): 1.5 of 3.
        "no_zero_handling": {
            "answers": {
                "q1": '''def my_joint_entropy(pxy, base=2):
    p = np.asarray(pxy, dtype=float)
    return float(-np.sum(p * np.log(p)) / np.log(base))'''
            },
            "expected": {"q1": 1.5, "q2": 3, "q3": 3, "q4": 2, "q5": 3},
        },
        # The solution without its shape check: right for every 2-D table, but a 1-D
        # distribution, a number and a 3-D array are all summed into one entropy where
        # the question asks for a ValueError. q1 fails the input test (0.5) only: 2.5
        # of 3.
        "no_shape_check": {
            "answers": {
                "q1": '''def my_joint_entropy(pxy, base=2):
    p = np.asarray(pxy, dtype=float)
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)) / np.log(base)) + 0.0'''
            },
            "expected": {"q1": 2.5, "q2": 3, "q3": 3, "q4": 2, "q5": 3},
        },
        # Shortcut: the entropy of the flattened table with il.entropy: every test of
        # q1 finds infolib in the function: 0 of 3.
        "uses_entropy_of_flattened_table": {
            "answers": {
                "q1": '''def my_joint_entropy(pxy, base=2):
    return float(il.entropy(np.ravel(pxy), base=base))'''
            },
            "expected": {"q1": 0, "q2": 3, "q3": 3, "q4": 2, "q5": 3},
        },
        # Shortcut: scipy.stats.entropy imported under its own name at the top of the
        # cell (no "scipy." in the function): the tests resolve the name to scipy's
        # function: q1 0 of 3.
        "imports_scipy_entropy": {
            "answers": {
                "q1": '''from scipy.stats import entropy

def my_joint_entropy(pxy, base=2):
    return float(entropy(np.ravel(pxy), base=base))'''
            },
            "expected": {"q1": 0, "q2": 3, "q3": 3, "q4": 2, "q5": 3},
        },
        # Shortcut: hands in infolib's own function under the answer's name. q1's tests
        # say so: 0 of 3. q2's answer, the student's own code, calls it and is not
        # charged for it, as with the other q1 shortcuts: 3 of 3.
        "is_infolibs_function": {
            "answers": {"q1": "my_joint_entropy = il.joint_entropy"},
            "expected": {"q1": 0, "q2": 3, "q3": 3, "q4": 2, "q5": 3},
        },
        # Conditions on the columns: computes H(X | Y) = H(X, Y) - H(Y). Equal to
        # H(Y | X) only on the symmetric table of the units test (0.5); wrong on the
        # second public example (1), the random tables of the reference test (1) and
        # the tables with impossible rows (0.5): q2 0.5 of 3.
        "conditions_on_columns": {
            "answers": {
                "q2": '''def my_conditional_entropy(pxy, base=2):
    p = np.asarray(pxy, dtype=float)
    if p.ndim != 2:
        raise ValueError(f"pxy must be 2-D, got shape {p.shape}")
    py = p.sum(axis=0)
    h_y = -np.sum(py[py > 0] * np.log(py[py > 0])) / np.log(base)
    return max(my_joint_entropy(p, base=base) - float(h_y), 0.0)'''
            },
            "expected": {"q1": 3, "q2": 0.5, "q3": 3, "q4": 2, "q5": 3},
        },
        # Averages the entropies of the rows p(y | x) = p(x, y) / p(x), dividing
        # before it looks at p(x): a row of zeros raises ZeroDivisionError. q2 fails
        # the impossible-rows test (0.5) only: 2.5 of 3.
        "divides_by_impossible_rows": {
            "answers": {
                "q2": '''def my_conditional_entropy(pxy, base=2):
    rows = np.asarray(pxy, dtype=float)
    if rows.ndim != 2:
        raise ValueError(f"pxy must be 2-D, got shape {rows.shape}")
    total = 0.0
    for row in rows.tolist():
        px = sum(row)
        cond = [v / px for v in row]
        total -= sum(v * math.log(c, base) for v, c in zip(row, cond) if v > 0)
    return total'''
            },
            "expected": {"q1": 3, "q2": 2.5, "q3": 3, "q4": 2, "q5": 3},
        },
        # Shortcut: the chain rule with il.joint_entropy and il.entropy: every test of
        # q2 finds infolib in the function: 0 of 3.
        "uses_joint_entropy_minus_entropy": {
            "answers": {
                "q2": '''def my_conditional_entropy(pxy, base=2):
    p = np.asarray(pxy, dtype=float)
    return float(il.joint_entropy(p, base=base) - il.entropy(p.sum(axis=1), base=base))'''
            },
            "expected": {"q1": 3, "q2": 0, "q3": 3, "q4": 2, "q5": 3},
        },
        # No mask for p(x, y) = 0: 0 * log 0 = nan. The tables of the public, the
        # reference and the units tests have no zeros (1 + 1 + 0.5); the table of a
        # deterministic Y = f(X) has (0.5): q3 2.5 of 3. Its q4 values are nan (the
        # slices of XOR have zeros), but q4's tests call my_conditional_mi with a
        # reference my_mutual_information and check that the values are what the
        # student's own functions give, so the mistake is not charged again: q4 2 of 2.
        "mi_no_zero_handling": {
            "answers": {
                "q3": '''def my_mutual_information(pxy, base=2):
    p = np.asarray(pxy, dtype=float)
    if p.ndim != 2:
        raise ValueError(f"pxy must be 2-D, got shape {p.shape}")
    product = np.outer(p.sum(axis=1), p.sum(axis=0))
    return max(float(np.sum(p * np.log(p / product)) / np.log(base)), 0.0)'''
            },
            "expected": {"q1": 3, "q2": 3, "q3": 2.5, "q4": 2, "q5": 3},
        },
        # Swaps the marginals (p(y) along the rows): right for the square symmetric
        # tables of the public test and the units test (1 + 0.5); a non-square table
        # raises IndexError, and the reference and product tables include some: q3
        # 1.5 of 3.
        "swapped_marginals": {
            "answers": {
                "q3": '''def my_mutual_information(pxy, base=2):
    p = np.asarray(pxy, dtype=float)
    if p.ndim != 2:
        raise ValueError(f"pxy must be 2-D, got shape {p.shape}")
    product = np.outer(p.sum(axis=0), p.sum(axis=1))
    nz = p > 0
    return max(float(np.sum(p[nz] * np.log(p[nz] / product[nz])) / np.log(base)), 0.0)'''
            },
            "expected": {"q1": 3, "q2": 3, "q3": 1.5, "q4": 2, "q5": 3},
        },
        # Shortcut: the divergence of the joint from the product of its marginals with
        # il.kl_divergence: every test of q3 finds infolib in the function: 0 of 3.
        "uses_kl_divergence": {
            "answers": {
                "q3": '''def my_mutual_information(pxy, base=2):
    p = np.asarray(pxy, dtype=float)
    product = np.outer(p.sum(axis=1), p.sum(axis=0))
    return float(il.kl_divergence(p.ravel(), product.ravel(), base=base))'''
            },
            "expected": {"q1": 3, "q2": 3, "q3": 0, "q4": 2, "q5": 3},
        },
        # Reads the information diagram as areas, none negative: conditioning on Z
        # cannot add information, so I(X; Y | Z) = 0 and the centre is 0, typed in.
        # Its function and its table are right (public 0.5, reference 0.5, table
        # 0.5); the values test fails (0.5): q4 1.5 of 2.
        "diagram_areas_never_negative": {
            "answers": {
                "q4": _CMI + "\n\n\n" + _XOR + """
i_xy = 0.0
i_xy_given_z = 0.0
co_info = 0.0"""
            },
            "expected": {"q1": 3, "q2": 3, "q3": 3, "q4": 1.5, "q5": 3},
        },
        # Natural logarithm, base ignored, with the shape check. q1 fails the bits
        # test (1), the zeros test (its first case is 1 bit, 1) and the units test
        # (base 10, 0.5); the input test checks types, list against array and shapes,
        # not the value, and passes (0.5): 0.5 of 3, not 0 for the wrong reason.
        "natural_log": {
            "answers": {
                "q1": '''def my_joint_entropy(pxy, base=2):
    p = np.asarray(pxy, dtype=float)
    if p.ndim != 2:
        raise ValueError(f"pxy must be 2-D, got shape {p.shape}")
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz))) + 0.0'''
            },
            "expected": {"q1": 0.5, "q2": 3, "q3": 3, "q4": 2, "q5": 3},
        },
        # The solution with a docstring and a comment that name infolib.joint_entropy
        # and scipy.stats.entropy: text, not code, so nothing is delegated: 3 of 3.
        "docstring_mentions_infolib": {
            "answers": {
                "q1": '''def my_joint_entropy(pxy, base=2):
    """H(X, Y) of a 2-D table: what infolib.joint_entropy computes, written out."""
    # Checked against infolib.joint_entropy and scipy.stats.entropy in another cell.
    p = np.asarray(pxy, dtype=float)
    if p.ndim != 2:
        raise ValueError(f"pxy must be 2-D, got shape {p.shape}")
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)) / np.log(base)) + 0.0'''
            },
            "expected": {"q1": 3, "q2": 3, "q3": 3, "q4": 2, "q5": 3},
        },
        # No mask for p(x, y) = 0, and the clamp written max(0, value): Python's max
        # turns a nan second argument into 0. The tables without zeros pass (public 1,
        # reference 1, units 0.5); the deterministic table and the noisy copy padded
        # with impossible values give nan, clamped to 0, which the zeros test rejects
        # (0.5): q3 2.5 of 3. Its I(X; Y | Z) of XOR comes out 0 (the slices have
        # zeros), but q4 is graded with a reference my_mutual_information: q4 2 of 2.
        "mi_clamps_nan_to_zero": {
            "answers": {
                "q3": '''def my_mutual_information(pxy, base=2):
    p = np.asarray(pxy, dtype=float)
    if p.ndim != 2:
        raise ValueError(f"pxy must be 2-D, got shape {p.shape}")
    product = np.outer(p.sum(axis=1), p.sum(axis=0))
    with np.errstate(divide="ignore", invalid="ignore"):
        mi = float(np.sum(p * np.log(p / product)) / np.log(base))
    return max(0.0, mi)'''
            },
            "expected": {"q1": 3, "q2": 3, "q3": 2.5, "q4": 2, "q5": 3},
        },
        # The plain mean of I(X; Y | Z = z) over the values of z, not weighted by
        # p(z): right when the slices share one value (the public test, 0.5) or p(z)
        # is uniform (XOR: table and values, 1); wrong for the random tables of the
        # reference test (0.5): q4 1.5 of 2.
        "cmi_unweighted": {
            "answers": {
                "q4": _CMI.replace("total += pz * my_mutual_information", "total += my_mutual_information").replace(
                    "return max(total, 0.0) + 0.0", "return max(total / p.shape[2], 0.0) + 0.0")
                + "\n\n\n" + _XOR + """
i_xy = my_mutual_information(pxyz.sum(axis=2))
i_xy_given_z = my_conditional_mi(pxyz)
co_info = i_xy - i_xy_given_z"""
            },
            "expected": {"q1": 3, "q2": 3, "q3": 3, "q4": 1.5, "q5": 3},
        },
        # Shortcut: il.conditional_mutual_information in the function and
        # il.mutual_information for I(X; Y). The tests of the function (0.5 + 0.5) and
        # the values test (0.5) find infolib in it; the table is right (0.5): q4 0.5 of 2.
        "cmi_uses_infolib": {
            "answers": {
                "q4": '''def my_conditional_mi(pxyz, base=2):
    return float(il.conditional_mutual_information(pxyz, given=2, base=base))


''' + _XOR + """
i_xy = float(il.mutual_information(pxyz.sum(axis=2)))
i_xy_given_z = my_conditional_mi(pxyz)
co_info = i_xy - i_xy_given_z"""
            },
            "expected": {"q1": 3, "q2": 3, "q3": 3, "q4": 0.5, "q5": 3},
        },
        # Fano's left side in nats, H(X | Y) in bits: the bisection finds where
        # H_b(P_e) + P_e ln(|X| - 1) reaches a number of bits. Right where the answer is an
        # end of the interval (H(X | Y) = 0 or log2 |X|), wrong in between: the public Fano
        # test (0.5), the equality test (0.5) and the root test (0.5) fail; the input test and
        # the MAP error's tests pass (0.5 + 0.5 + 0.5): q5 1.5 of 3.
        "fano_natural_log": {
            "answers": {
                "q5": _FANO.format(left="-sum(q * math.log(q) for q in (mid, 1.0 - mid) if q > 0) + mid * math.log(size - 1)")
                + "\n\n\n" + _MAP_ERROR
            },
            "expected": {"q1": 3, "q2": 3, "q3": 3, "q4": 2, "q5": 1.5},
        },
        # Reads the bound off a table of 200,001 points, as the chapter's figure does, with
        # np.interp: accurate to about 1e-11 where the left side curves gently, but for a
        # small H(X | Y) the bound lies between the first two points of the table and is off by
        # more than 1e-9. The root test (0.5) fails, nothing else: q5 2.5 of 3.
        "fano_table_like_the_chapter": {
            "answers": {
                "q5": '''def fano_bound(h_x_given_y, size):
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 2:
        raise ValueError(f"size must be a whole number >= 2, got {size!r}")
    h = float(h_x_given_y)
    if not 0.0 <= h <= math.log2(size) + 1e-12:
        raise ValueError(f"h_x_given_y must be in [0, log2(size)], got {h!r}")
    grid = np.linspace(0, 1 - 1 / size, 200_001)
    with np.errstate(divide="ignore", invalid="ignore"):
        h_b = np.nan_to_num(-grid * np.log2(grid)) + np.nan_to_num(-(1 - grid) * np.log2(1 - grid))
    return float(np.interp(h, h_b + grid * math.log2(size - 1), grid))


''' + _MAP_ERROR
            },
            "expected": {"q1": 3, "q2": 3, "q3": 3, "q4": 2, "q5": 2.5},
        },
        # Guesses Y from X: the largest entry of each row, not of each column. Right for the
        # symmetric table of the public test's first example, wrong for its second (0.5) and for
        # the tables of the brute-force test (0.5): q5 2 of 3.
        "map_guesses_y_from_x": {
            "answers": {
                "q5": _FANO.format(left="-sum(q * math.log2(q) for q in (mid, 1.0 - mid) if q > 0) + mid * math.log2(size - 1)")
                + "\n\n\n" + _MAP_ERROR.replace("p.max(axis=0)", "p.max(axis=1)")
            },
            "expected": {"q1": 3, "q2": 3, "q3": 3, "q4": 2, "q5": 2},
        },
        # Bisects at the upper end too, where the left side is flat: within about 1e-8 of
        # 1 - 1/|X| it rounds to log2 |X| and the bisection stops short, by about 4e-9 for
        # |X| = 2. Only H(X | Y) = log2 |X| exactly is affected: the public Fano test (log2 6,
        # 0.5) and the equality test (the binary case at 1 bit, 0.5) fail: q5 2 of 3.
        "fano_bisects_the_flat_end": {
            "answers": {
                "q5": _FANO.format(left="-sum(q * math.log2(q) for q in (mid, 1.0 - mid) if q > 0) + mid * math.log2(size - 1)").replace(
                    "    if h >= math.log2(size):\n        return hi\n", "")
                + "\n\n\n" + _MAP_ERROR
            },
            "expected": {"q1": 3, "q2": 3, "q3": 3, "q4": 2, "q5": 2},
        },
        # Shortcut: the binary entropy with il.binary_entropy. The four tests that call
        # fano_bound find infolib in it (0.5 + 0.5 + 0.5 + 0.5, the input test included);
        # the MAP error's public and brute-force tests pass: q5 1 of 3.
        "fano_uses_binary_entropy": {
            "answers": {
                "q5": _FANO.format(left="il.binary_entropy(mid) + mid * math.log2(size - 1)") + "\n\n\n" + _MAP_ERROR
            },
            "expected": {"q1": 3, "q2": 3, "q3": 3, "q4": 2, "q5": 1},
        },
        # Hard-codes what the public tests check: each function checks its input's
        # shape, then returns the public examples' values (the uniform table's or
        # the other example's) whatever the table; the XOR table is written out, as
        # asked; fano_bound checks its input and answers the ends of its interval, as
        # asked, and 0.3 (the public example) in between; map_error returns the public
        # examples' values. Every public test passes (1 + 1 + 1 + 0.5 + 0.5 + 0.5); no
        # hidden test uses a public test's input, so the only hidden tests passed are
        # the XOR table's (0.5) and q5's input test (0.5), which checks errors and the
        # ends of the interval, not values in between: 5.5 of 14, and the functions are
        # flagged ``hard-coded``.
        "hard_codes_public_values": {
            "answers": {
                "q1": _HARD_CODED.format(name="my_joint_entropy", uniform="2.0", other="1.75"),
                "q2": _HARD_CODED.format(name="my_conditional_entropy", uniform="1.0", other="0.9056390622295665"),
                "q3": _HARD_CODED.format(name="my_mutual_information", uniform="0.0", other="0.2780719051126377"),
                "q4": """def my_conditional_mi(pxyz, base=2):
    p = np.asarray(pxyz, dtype=float)
    if p.ndim != 3:
        raise ValueError(f"pxyz must be a 3-D table, got shape {p.shape}")
    if np.isclose(p[:, :, 0].sum(), 0.3):
        return 0.2780719051126377
    return 0.0


""" + _XOR + """
i_xy = my_mutual_information(pxyz.sum(axis=2))
i_xy_given_z = my_conditional_mi(pxyz)
co_info = i_xy - i_xy_given_z""",
                "q5": """def fano_bound(h_x_given_y, size):
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 2:
        raise ValueError(f"size must be a whole number >= 2, got {size!r}")
    h = float(h_x_given_y)
    if not 0.0 <= h <= math.log2(size) + 1e-12:
        raise ValueError(f"h_x_given_y must be in [0, log2(size)], got {h!r}")
    if h == 0.0:
        return 0.0
    if h >= math.log2(size):
        return 1.0 - 1.0 / size
    return 0.3


def map_error(pxy):
    p = np.asarray(pxy, dtype=float)
    if p.ndim != 2:
        raise ValueError(f"pxy must be a 2-D table, got shape {p.shape}")
    if p.shape == (2, 2):
        return 0.2
    return 0.1""",
            },
            "expected": {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 1.5},
            "flags": {"hard-coded"},
        },
    },
    "hw07_noisy_channels": {
        # Multiplies the matrix by the input (channel @ px), as for a column-stochastic
        # matrix: right for the symmetric channel of the public test (0.5), an error
        # for the non-square channels of the other tests: q1 0.5 of 2.
        "transposed_channel": {
            "answers": {
                "q1": '''def my_output_distribution(px, channel):
    return np.asarray(channel, dtype=float) @ np.asarray(px, dtype=float)'''
            },
            "expected": {"q1": 0.5, "q2": 3, "q3": 2, "q4": 3, "q5": 3},
        },
        # Weights the rows by broadcasting with no shape checks: right values, but a
        # px of length 1 is stretched over every row and a 1-D channel gives a
        # number where the question asks for a ValueError. q1 fails the input test
        # (0.5) only: 1.5 of 2.
        "broadcasts_px": {
            "answers": {
                "q1": '''def my_output_distribution(px, channel):
    p = np.asarray(px, dtype=float)
    w = np.asarray(channel, dtype=float)
    return (p[:, None] * w).sum(axis=0)'''
            },
            "expected": {"q1": 1.5, "q2": 3, "q3": 2, "q4": 3, "q5": 3},
        },
        # Shortcut: il.output_distribution: every test of q1 finds infolib in the
        # function: 0 of 2.
        "uses_output_distribution": {
            "answers": {
                "q1": '''def my_output_distribution(px, channel):
    return il.output_distribution(px, channel)'''
            },
            "expected": {"q1": 0, "q2": 3, "q3": 2, "q4": 3, "q5": 3},
        },
        # No mask for P(y | x) = 0: 0 * log 0 = nan. Fails the public test (the
        # noiseless channel has zeros, 1) and the zeros test (0.5); the random
        # channels of the reference test and the units test have none: q2 1.5 of 3.
        "mi_no_zero_handling": {
            "answers": {
                "q2": '''def my_channel_mi(px, channel, base=2):
    p = np.asarray(px, dtype=float)
    w = np.asarray(channel, dtype=float)
    q = p @ w
    return float(np.sum(p[:, None] * w * np.log(w / q)) / np.log(base))'''
            },
            "expected": {"q1": 2, "q2": 1.5, "q3": 2, "q4": 3, "q5": 3},
        },
        # H(Y) minus the plain mean of the rows' entropies instead of their mean
        # weighted by p(x): right for a uniform input (the public test, 1), wrong for
        # the non-uniform inputs of the reference test (1), the Z channel case of the
        # zeros test (0.5) and the units test (0.5): q2 1 of 3.
        "unweighted_rows": {
            "answers": {
                "q2": '''def my_channel_mi(px, channel, base=2):
    p = np.asarray(px, dtype=float)
    w = np.asarray(channel, dtype=float)
    if w.ndim != 2 or p.shape != (w.shape[0],):
        raise ValueError(f"px of shape {p.shape} does not fit a channel of shape {w.shape}")
    def h(v):
        v = v[v > 0]
        return -np.sum(v * np.log(v))
    q = p @ w
    return float((h(q) - np.mean([h(row) for row in w])) / np.log(base))'''
            },
            "expected": {"q1": 2, "q2": 1, "q3": 2, "q4": 3, "q5": 3},
        },
        # Shortcut: il.mutual_information of the joint p(x) P(y | x): every test of q2
        # finds infolib in the function: 0 of 3.
        "uses_mutual_information_of_joint": {
            "answers": {
                "q2": '''def my_channel_mi(px, channel, base=2):
    joint = np.asarray(px, dtype=float)[:, None] * np.asarray(channel, dtype=float)
    return float(il.mutual_information(joint, base=base))'''
            },
            "expected": {"q1": 2, "q2": 0, "q3": 2, "q4": 3, "q5": 3},
        },
        # Natural logarithm in the binary entropy: 1 - H_b(p) in nats is not 0 at
        # p = 1/2, so the public (0.5) and reference (1) tests fail; the input check
        # is there (0.5): q3 0.5 of 2.
        "bsc_natural_log": {
            "answers": {
                "q3": '''def bsc_capacity(p):
    p = float(p)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be in [0, 1], got {p}")
    return 1.0 + sum(x * math.log(x) for x in (p, 1.0 - p) if x > 0)'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 0.5, "q4": 3, "q5": 3},
        },
        # Takes a channel that flips more than half the bits for useless (capacity
        # 0): right up to p = 1/2 (the public test, 0.5) and the input check (0.5),
        # wrong for 0.6, 0.75, 0.95 and 1 in the reference test (1): q3 1 of 2.
        "flips_above_half_useless": {
            "answers": {
                "q3": '''def bsc_capacity(p):
    p = float(p)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be in [0, 1], got {p}")
    if p > 0.5:
        return 0.0
    return 1.0 + sum(x * math.log2(x) for x in (p, 1.0 - p) if x > 0)'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 1, "q4": 3, "q5": 3},
        },
        # Shortcut: 1 - il.binary_entropy(p): every test of q3 finds infolib in the
        # function: 0 of 2.
        "uses_binary_entropy": {
            "answers": {
                "q3": '''def bsc_capacity(p):
    return float(1.0 - il.binary_entropy(p))'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 0, "q4": 3, "q5": 3},
        },
        # No mask for P(y | x) = 0: the divergences D_x are nan for channels with
        # zeros. Right for the binary symmetric channel of the public test (1); the
        # Z, erasure and typewriter channels of the reference test (1.5) and the
        # channel of the input test (0.5) have zeros: q4 1 of 3.
        "ba_no_zero_handling": {
            "answers": {
                "q4": '''def blahut_arimoto(channel, tol=1e-9, max_iter=10_000):
    w = np.asarray(channel, dtype=float)
    if w.ndim != 2 or np.any(w < 0) or np.any(np.abs(w.sum(axis=1) - 1.0) > 1e-9):
        raise ValueError("channel must be a 2-D row-stochastic matrix")
    p = np.full(w.shape[0], 1.0 / w.shape[0])
    for _ in range(max_iter):
        d = np.sum(w * np.log(w / (p @ w)), axis=1)
        lower, upper = float(p @ d), float(d.max())
        if upper - lower <= tol * math.log(2):
            break
        p = p * np.exp(d - upper)
        p = p / p.sum()
    return lower / math.log(2), p'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 1, "q5": 3},
        },
        # A fixed 5 updates and no stopping rule: exact when the uniform start is
        # optimal (the symmetric channel of the public test, 1), short of the
        # capacity by more than 1e-6 for the Z channel of the reference test (1.5)
        # and for the channel with a useless input of the input test (0.5): q4 1 of 3.
        "ba_fixed_iterations": {
            "answers": {
                "q4": '''def blahut_arimoto(channel, tol=1e-9, max_iter=10_000):
    w = np.asarray(channel, dtype=float)
    if w.ndim != 2 or np.any(w < 0) or np.any(np.abs(w.sum(axis=1) - 1.0) > 1e-9):
        raise ValueError("channel must be a 2-D row-stochastic matrix")
    p = np.full(w.shape[0], 1.0 / w.shape[0])
    live = w > 0
    for _ in range(5):
        ratio = np.where(live, w, 1.0) / np.where(live, p @ w, 1.0)
        d = np.sum(w * np.log(ratio), axis=1)
        p = p * np.exp(d)
        p = p / p.sum()
    ratio = np.where(live, w, 1.0) / np.where(live, p @ w, 1.0)
    return float(p @ np.sum(w * np.log(ratio), axis=1)) / math.log(2), p'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 1, "q5": 3},
        },
        # The algorithm without the checks on the channel: right capacities, but a
        # row summing to 1.1, a 1-D array and a negative entry do not raise
        # ValueError. q4 fails the input test (0.5) only: 2.5 of 3.
        "ba_no_channel_check": {
            "answers": {
                "q4": '''def blahut_arimoto(channel, tol=1e-9, max_iter=10_000):
    w = np.atleast_2d(np.asarray(channel, dtype=float))
    p = np.full(w.shape[0], 1.0 / w.shape[0])
    live = w > 0
    for _ in range(max_iter):
        ratio = np.where(live, w, 1.0) / np.where(live, p @ w, 1.0)
        d = np.sum(w * np.log(ratio), axis=1)
        lower, upper = float(p @ d), float(d.max())
        if upper - lower <= tol * math.log(2):
            break
        p = p * np.exp(d - upper)
        p = p / p.sum()
    return max(lower, 0.0) / math.log(2), p'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 2.5, "q5": 3},
        },
        # Mixes units: the divergences in nats (as the update e^D needs them), the
        # stopping rule converted to nats, and the capacity returned in nats where the
        # question asks for bits throughout: the public (1), reference (1.5) and input
        # (the 1-bit channel, 0.5) tests fail: q4 0 of 3.
        "ba_capacity_in_nats": {
            "answers": {
                "q4": '''def blahut_arimoto(channel, tol=1e-9, max_iter=10_000):
    w = np.asarray(channel, dtype=float)
    if w.ndim != 2 or np.any(w < 0) or np.any(np.abs(w.sum(axis=1) - 1.0) > 1e-9):
        raise ValueError("channel must be a 2-D row-stochastic matrix")
    p = np.full(w.shape[0], 1.0 / w.shape[0])
    live = w > 0
    for _ in range(max_iter):
        ratio = np.where(live, w, 1.0) / np.where(live, p @ w, 1.0)
        d = np.sum(w * np.log(ratio), axis=1)
        lower, upper = float(p @ d), float(d.max())
        if upper - lower <= tol * math.log(2):
            break
        p = p * np.exp(d - upper)
        p = p / p.sum()
    return max(lower, 0.0), p'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 0, "q5": 3},
        },
        # MacKay's Hamming(7,4) (t5 = t1 + t2 + t3, t6 = t2 + t3 + t4, t7 = t1 + t3 + t4), with
        # its own parity-check matrix: a code as good as the chapter's, but not the one asked.
        # The public examples (0.5), the encoder's test (0.5) and the decoder's test (0.5) fail;
        # the simulation (public, with these functions, and hidden, with the chapter's) and
        # the input test pass: q5 1.5 of 3.
        "hamming_mackays_parity_bits": {
            "answers": {
                "q5": _HAMMING_ENCODE.replace("(m[:, 1] + m[:, 2] + m[:, 3]) % 2, (m[:, 0] + m[:, 2] + m[:, 3]) % 2",
                                              "(m[:, 0] + m[:, 1] + m[:, 2]) % 2, (m[:, 1] + m[:, 2] + m[:, 3]) % 2").replace(
                    "(m[:, 0] + m[:, 1] + m[:, 3]) % 2", "(m[:, 0] + m[:, 2] + m[:, 3]) % 2")
                + "\n\n\n" + _HAMMING_DECODE.replace(
                    "[[0, 1, 1, 1, 1, 0, 0], [1, 0, 1, 1, 0, 1, 0], [1, 1, 0, 1, 0, 0, 1]]",
                    "[[1, 1, 1, 0, 1, 0, 0], [0, 1, 1, 1, 0, 1, 0], [1, 0, 1, 1, 0, 0, 1]]")
                + "\n\n\n" + _BLOCK_ERROR
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 3, "q5": 1.5},
        },
        # Reads the syndrome as a binary number s and flips bit s - 1, as for a parity-check
        # matrix whose columns are 1 to 7 in order; the chapter's is not, so a single flip is
        # never corrected and the block error at f = 0.1 is about 0.5. The public examples
        # (0.5), the public simulation (with this decoder, 0.5) and the decoder's test (0.5)
        # fail; the encoder, the hidden simulation (reference decoder) and the inputs pass: q5
        # 1.5 of 3.
        "hamming_syndrome_as_index": {
            "answers": {
                "q5": _HAMMING_ENCODE + "\n\n\n" + _HAMMING_DECODE.replace(
                    "flip = (s[:, :, None] == h[None, :, :]).all(axis=1) & s.any(axis=1)[:, None]",
                    "flip = (s @ np.array([4, 2, 1]) - 1)[:, None] == np.arange(7)")
                + "\n\n\n" + _BLOCK_ERROR
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 3, "q5": 1.5},
        },
        # The fraction of wrong message bits, not of wrong blocks: right at f = 0 and f = 1
        # (every bit of every message wrong), about 0.07 instead of 0.15 at f = 0.1. The public
        # simulation test (0.5) and the hidden one (0.5) fail: q5 2 of 3.
        "bit_error_for_block_error": {
            "answers": {
                "q5": _HAMMING_ENCODE + "\n\n\n" + _HAMMING_DECODE + "\n\n\n" + _BLOCK_ERROR.replace(
                    "(hamming_decode(received) != messages).any(axis=1).mean()", "(hamming_decode(received) != messages).mean()")
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 3, "q5": 2},
        },
        # Counts the blocks with two or more flips instead of decoding them: the right
        # distribution, but the code is never used. The public simulation test passes; the
        # hidden one, which checks that the blocks go through hamming_decode, fails (0.5): q5
        # 2.5 of 3.
        "counts_flips_without_decoding": {
            "answers": {
                "q5": _HAMMING_ENCODE + "\n\n\n" + _HAMMING_DECODE + '''


def block_error_rate(f, n_blocks, rng):
    f = float(f)
    if not 0.0 <= f <= 1.0:
        raise ValueError(f"f must be in [0, 1], got {f!r}")
    flips = (rng.random((n_blocks, 7)) < f).sum(axis=1)
    return float((flips >= 2).mean())'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 3, "q5": 2.5},
        },
        # Shortcut: il.HammingCode inside the encoder and the decoder. Every test that runs
        # them finds infolib: the public examples, the public simulation (which calls them),
        # the encoder's, the decoder's and the input tests (0.5 each); the hidden simulation,
        # run with reference functions, passes: q5 0.5 of 3.
        "uses_hamming_code": {
            "answers": {
                "q5": '''def hamming_encode(messages):
    return il.HammingCode().encode(messages)


def hamming_decode(received):
    return il.HammingCode().decode(received)


''' + _BLOCK_ERROR
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 3, "q5": 0.5},
        },
        # Shortcut: il.channel_capacity: every test of q4 finds infolib in the
        # function: 0 of 3.
        "uses_channel_capacity": {
            "answers": {
                "q4": '''def blahut_arimoto(channel, tol=1e-9, max_iter=10_000):
    result = il.channel_capacity(channel)
    return float(result.capacity), result.input_distribution'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 0, "q5": 3},
        },
    },
    "hw08_continuous": {
        # Takes sigma for the variance: h = log(2 pi e sigma) / 2. Right at sigma = 1
        # (the public test, 0.5) and the input test passes (0.5); the
        # standard-deviation test (0.5) and the units test (sigma = 2.5, 0.5) fail:
        # q1 1 of 2.
        "variance_for_sd": {
            "answers": {
                "q1": '''def my_normal_entropy(sigma, base=2):
    sigma = float(sigma)
    if not (math.isfinite(sigma) and sigma > 0):
        raise ValueError(f"sigma must be a finite standard deviation > 0, got {sigma!r}")
    return 0.5 * math.log(2 * math.pi * math.e * sigma) / math.log(base)'''
            },
            "expected": {"q1": 1, "q2": 3, "q3": 2, "q4": 3},
        },
        # Natural log, base ignored: the bits tests (public 0.5, standard deviation
        # 0.5) and the hartleys half of the units test (0.5) fail; the input test
        # passes: q1 0.5 of 2.
        "natural_log": {
            "answers": {
                "q1": '''def my_normal_entropy(sigma, base=2):
    sigma = float(sigma)
    if not (math.isfinite(sigma) and sigma > 0):
        raise ValueError(f"sigma must be a finite standard deviation > 0, got {sigma!r}")
    return 0.5 * math.log(2 * math.pi * math.e * sigma**2)'''
            },
            "expected": {"q1": 0.5, "q2": 3, "q3": 2, "q4": 3},
        },
        # Shortcut: il.normal_entropy: every test of q1 finds infolib in the
        # function: 0 of 2.
        "uses_normal_entropy": {
            "answers": {
                "q1": '''def my_normal_entropy(sigma, base=2):
    return float(il.normal_entropy(sigma, base=base))'''
            },
            "expected": {"q1": 0, "q2": 3, "q3": 2, "q4": 3},
        },
        # Shortcut: scipy's norm(...).entropy(), imported inside the function: q1 0
        # of 2.
        "uses_scipy_norm": {
            "answers": {
                "q1": '''def my_normal_entropy(sigma, base=2):
    from scipy.stats import norm
    return float(norm(scale=sigma).entropy()) / math.log(base)'''
            },
            "expected": {"q1": 0, "q2": 3, "q3": 2, "q4": 3},
        },
        # Computes D(q || p): D(p || p) = 0 is right but the public test's
        # D(N(0, 1) || N(1, 2^2)) is not (0.5), nor the reference (1) and units (0.5)
        # tests. Near equality the two directions agree to about 1e-7 relative, below
        # the test's 1e-6 (0.5 passes), and the input test passes (0.5): q2 1 of 3.
        "swapped_arguments": {
            "answers": {
                "q2": '''def my_normal_kl(mu_p, sigma_p, mu_q, sigma_q, base=2):
    mu_p, sigma_p, mu_q, sigma_q = (float(v) for v in (mu_q, sigma_q, mu_p, sigma_p))
    for name, s in (("sigma_p", sigma_p), ("sigma_q", sigma_q)):
        if not (math.isfinite(s) and s > 0):
            raise ValueError(f"{name} must be a finite standard deviation > 0, got {s!r}")
    t = (sigma_p - sigma_q) * (sigma_p + sigma_q) / sigma_q**2
    nats = 0.5 * (t - math.log1p(t)) + (mu_p - mu_q) ** 2 / (2 * sigma_q**2)
    return nats / math.log(base)'''
            },
            "expected": {"q1": 2, "q2": 1, "q3": 2, "q4": 3},
        },
        # The closed form computed as written: right to rounding everywhere except
        # near equality, where log(sigma_q / sigma_p) and sigma_p^2 / (2 sigma_q^2) -
        # 1/2 cancel to a divergence of about 1e-14 with an error of about 1e-16. q2
        # fails the nearly-equal test (0.5) only: 2.5 of 3.
        "textbook_formula": {
            "answers": {
                "q2": '''def my_normal_kl(mu_p, sigma_p, mu_q, sigma_q, base=2):
    mu_p, sigma_p, mu_q, sigma_q = (float(v) for v in (mu_p, sigma_p, mu_q, sigma_q))
    for name, s in (("sigma_p", sigma_p), ("sigma_q", sigma_q)):
        if not (math.isfinite(s) and s > 0):
            raise ValueError(f"{name} must be a finite standard deviation > 0, got {s!r}")
    nats = math.log(sigma_q / sigma_p) + (sigma_p**2 + (mu_p - mu_q) ** 2) / (2 * sigma_q**2) - 0.5
    return nats / math.log(base)'''
            },
            "expected": {"q1": 2, "q2": 2.5, "q3": 2, "q4": 3},
        },
        # Shortcut: il.normal_kl_divergence: every test of q2 finds infolib in the
        # function: 0 of 3.
        "uses_normal_kl_divergence": {
            "answers": {
                "q2": '''def my_normal_kl(mu_p, sigma_p, mu_q, sigma_q, base=2):
    return float(il.normal_kl_divergence(mu_p, sigma_p, mu_q, sigma_q, base=base))'''
            },
            "expected": {"q1": 2, "q2": 0, "q3": 2, "q4": 3},
        },
        # Shortcut: il.mvn_kl_divergence imported under another name (no "il." in
        # the answer): the tests resolve the name to infolib's function: q2 0 of 3.
        "imports_mvn_kl_divergence": {
            "answers": {
                "q2": '''from infolib import mvn_kl_divergence as gaussian_kl

def my_normal_kl(mu_p, sigma_p, mu_q, sigma_q, base=2):
    return float(gaussian_kl([mu_p], [[sigma_p**2]], [mu_q], [[sigma_q**2]], base=base))'''
            },
            "expected": {"q1": 2, "q2": 0, "q3": 2, "q4": 3},
        },
        # Takes sigma for the variance: ln(sigma) where the formula has ln(sigma^2),
        # sigma where it has sigma^2. Right for sigma = 1 only: the public (0.5) and
        # reference (1) tests fail, the input test passes (0.5): q3 0.5 of 2.
        "vae_variance_for_sd": {
            "answers": {
                "q3": '''def vae_kl(mu, sigma):
    mu = np.asarray(mu, dtype=float)
    sigma = np.asarray(sigma, dtype=float)
    if mu.ndim != 1 or mu.shape != sigma.shape:
        raise ValueError(f"mu and sigma must be 1-D of the same length, got shapes {mu.shape} and {sigma.shape}")
    if not np.all(np.isfinite(sigma) & (sigma > 0)):
        raise ValueError(f"sigma must hold finite standard deviations > 0, got {sigma}")
    return float(0.5 * np.sum(sigma + mu**2 - 1 - np.log(sigma)))'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 0.5, "q4": 3},
        },
        # Averages over the dimensions instead of summing: right in one dimension
        # only, so the public test (two dimensions, 0.5) and the reference test (1)
        # fail, the input test passes (0.5): q3 0.5 of 2.
        "mean_over_dimensions": {
            "answers": {
                "q3": '''def vae_kl(mu, sigma):
    mu = np.asarray(mu, dtype=float)
    sigma = np.asarray(sigma, dtype=float)
    if mu.ndim != 1 or mu.shape != sigma.shape:
        raise ValueError(f"mu and sigma must be 1-D of the same length, got shapes {mu.shape} and {sigma.shape}")
    if not np.all(np.isfinite(sigma) & (sigma > 0)):
        raise ValueError(f"sigma must hold finite standard deviations > 0, got {sigma}")
    return float(0.5 * np.mean(sigma**2 + mu**2 - 1 - 2 * np.log(sigma)))'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 0.5, "q4": 3},
        },
        # Right formula, no input checks: a sigma of length 1 is broadcast to mu's
        # length and a sigma of 0 or -1 gives inf or nan instead of a ValueError.
        # q3 fails the input test (0.5) only: 1.5 of 2.
        "vae_no_input_checks": {
            "answers": {
                "q3": '''def vae_kl(mu, sigma):
    mu = np.asarray(mu, dtype=float)
    sigma = np.asarray(sigma, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(0.5 * np.sum(sigma**2 + mu**2 - 1 - 2 * np.log(sigma)))'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 1.5, "q4": 3},
        },
        # Shortcut: il.mvn_kl_divergence against N(0, I): every test of q3 finds
        # infolib in the function: 0 of 2.
        "uses_mvn_kl_divergence": {
            "answers": {
                "q3": '''def vae_kl(mu, sigma):
    mu = np.asarray(mu, dtype=float)
    sigma = np.asarray(sigma, dtype=float)
    dim = mu.shape[0]
    return float(il.mvn_kl_divergence(mu, np.diag(sigma**2), np.zeros(dim), np.eye(dim), base="nats"))'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 0, "q4": 3},
        },
        # Shortcut: a sum of il.normal_kl_divergence, one per dimension: q3 0 of 2.
        "uses_normal_kl_per_dimension": {
            "answers": {
                "q3": '''def vae_kl(mu, sigma):
    return float(sum(il.normal_kl_divergence(m, s, 0.0, 1.0, base="nats") for m, s in zip(mu, sigma)))'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 0, "q4": 3},
        },
        # log2(1 + P/N) as written: right to rounding for the SNRs of the public test and of
        # the water-filling tests, but for P/N = 1e-12 the 1 swallows most digits of P/N
        # (relative error about 1e-4). The hidden capacity test (0.5) fails: q4 2.5 of 3.
        "capacity_without_log1p": {
            "answers": {
                "q4": _GAUSSIAN_CAPACITY.replace("0.5 * math.log1p(power / noise) / math.log(2)", "0.5 * math.log2(1 + power / noise)")
                + "\n\n\n" + _WATER_FILLING
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 2.5},
        },
        # The capacity in nats. The capacity tests (public 0.5, hidden 0.5) fail, and so does
        # the public water-filling test, which adds up these capacities (0.5); the hidden
        # water-filling tests use a reference capacity and pass: q4 1.5 of 3.
        "capacity_in_nats": {
            "answers": {
                "q4": _GAUSSIAN_CAPACITY.replace("0.5 * math.log1p(power / noise) / math.log(2)", "0.5 * math.log1p(power / noise)")
                + "\n\n\n" + _WATER_FILLING
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 1.5},
        },
        # Shares the power equally instead of filling to a level: right for equal noises (the
        # public test's first example, the four equal channels), wrong for 1, 2, 4 (public,
        # 0.5), for the reference test (0.5) and for the level test (0.5); the input test
        # passes: q4 1.5 of 3.
        "equal_power_split": {
            "answers": {
                "q4": _GAUSSIAN_CAPACITY + '''


def my_water_filling(noise, power):
    n = np.asarray(noise, dtype=float)
    if n.ndim != 1 or n.size == 0 or not np.all(np.isfinite(n) & (n > 0)):
        raise ValueError(f"noise must be a non-empty 1-D array of variances > 0, got {noise!r}")
    power = float(power)
    if not (math.isfinite(power) and power >= 0):
        raise ValueError(f"power must be a finite number >= 0, got {power!r}")
    allocation = np.full(n.size, power / n.size)
    return allocation, float(sum(gaussian_capacity(p, nj) for p, nj in zip(allocation, n)))'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 1.5},
        },
        # Sorts the noise variances and returns the powers in that order, not in the order
        # of noise: right for the sorted noises of the public test, wrong for the unsorted
        # ones of the reference test (0.5) and the level test (0.5): q4 2 of 3.
        "powers_in_sorted_order": {
            "answers": {
                "q4": _GAUSSIAN_CAPACITY + "\n\n\n" + _WATER_FILLING.replace(
                    "n = np.asarray(noise, dtype=float)", "n = np.sort(np.asarray(noise, dtype=float))").replace(
                    "if n.ndim != 1 or", "if np.ndim(noise) != 1 or")
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 2},
        },
        # Shortcut: il.water_filling for the powers. Every water-filling test finds infolib in
        # the function (0.5 each, four tests); the capacity tests pass: q4 1 of 3.
        "uses_water_filling": {
            "answers": {
                "q4": _GAUSSIAN_CAPACITY + '''


def my_water_filling(noise, power):
    allocation = il.water_filling(noise, power).allocation
    return allocation, float(sum(gaussian_capacity(p, nj) for p, nj in zip(allocation, noise)))'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 1},
        },
        # Shortcut: il.gaussian_channel_capacity for (a). Its tests find infolib (public 0.5,
        # hidden 0.5), and so does the public water-filling test, whose function calls it
        # (0.5); the hidden water-filling tests run with a reference capacity: q4 1.5 of 3.
        "uses_gaussian_channel_capacity": {
            "answers": {
                "q4": '''def gaussian_capacity(power, noise):
    return float(il.gaussian_channel_capacity(power / noise))


''' + _WATER_FILLING
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 1.5},
        },
    },
    "hw09_machine_learning": {
        # Forms sigma(z) first and takes its logarithm: right to rounding for
        # |z| <= 6 (the public test 0.5, the reference test 0.25) and the input test
        # passes (0.25); at z = -800 math.exp(800) overflows, at z = 800 it takes
        # log(0), and at z = 40 the loss e^-40 rounds to 0: the large-logit test, which
        # carries the weight of the question (1), fails. q1 1 of 2.
        "naive_sigmoid": {
            "answers": {
                "q1": '''def bce_from_logit(z, y):
    z, y = float(z), float(y)
    if not math.isfinite(z):
        raise ValueError(f"z must be a finite logit, got {z!r}")
    if not 0.0 <= y <= 1.0:
        raise ValueError(f"y must be a target probability in [0, 1], got {y!r}")
    s = 1 / (1 + math.exp(-z))
    return -y * math.log(s) - (1 - y) * math.log(1 - s)'''
            },
            "expected": {"q1": 1, "q2": 3, "q3": 2},
        },
        # Stable, but in bits (log base 2) where the loss is in nats: the public,
        # reference and large-logit tests fail; the input test passes: q1 0.25 of 2.
        "bce_in_bits": {
            "answers": {
                "q1": '''def bce_from_logit(z, y):
    z, y = float(z), float(y)
    if not math.isfinite(z):
        raise ValueError(f"z must be a finite logit, got {z!r}")
    if not 0.0 <= y <= 1.0:
        raise ValueError(f"y must be a target probability in [0, 1], got {y!r}")
    return (max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z)))) / math.log(2)'''
            },
            "expected": {"q1": 0.25, "q2": 3, "q3": 2},
        },
        # Shortcut: il.binary_cross_entropy_loss: every test of q1 finds infolib in
        # the function: 0 of 2.
        "uses_binary_cross_entropy_loss": {
            "answers": {
                "q1": '''def bce_from_logit(z, y):
    return float(il.binary_cross_entropy_loss([z], [y]))'''
            },
            "expected": {"q1": 0, "q2": 3, "q3": 2},
        },
        # Shortcut: scikit-learn's log_loss, imported inside the function: q1 0 of 2.
        "uses_sklearn_log_loss": {
            "answers": {
                "q1": '''def bce_from_logit(z, y):
    from sklearn.metrics import log_loss
    p = 1 / (1 + math.exp(-z))
    return float(log_loss([1, 0], [p, p], sample_weight=[y, 1 - y]))'''
            },
            "expected": {"q1": 0, "q2": 3, "q3": 2},
        },
        # Shortcut: scipy's log_expit (a stable log sigmoid), imported inside the
        # function: q1 0 of 2.
        "uses_scipy_log_expit": {
            "answers": {
                "q1": '''def bce_from_logit(z, y):
    from scipy.special import log_expit
    return float(-y * log_expit(z) - (1 - y) * log_expit(-z))'''
            },
            "expected": {"q1": 0, "q2": 3, "q3": 2},
        },
        # Perplexity as the product of the probabilities to the power -1/n: right
        # while the product does not underflow (the public, uniform-model and
        # character-model tests, texts of at most 200 characters, 2) and the input
        # test passes (0.5); on a million characters the product is 0 and the
        # perplexity inf: q2 fails the long-text test (0.5) only: 2.5 of 3.
        "product_of_probabilities": {
            "answers": {
                "q2": '''def bpc_and_perplexity(probs):
    p = np.asarray(probs, dtype=float)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"probs must be a non-empty 1-D sequence, got shape {p.shape}")
    if not np.all((p > 0) & (p <= 1)):
        raise ValueError("every probability must be in (0, 1]")
    with np.errstate(divide="ignore", over="ignore"):
        perplexity = float(np.prod(p) ** (-1 / p.size))
    return float(np.log2(perplexity)), perplexity'''
            },
            "expected": {"q1": 2, "q2": 2.5, "q3": 2},
        },
        # Natural logarithm: the mean loss in nats reported as bits per character
        # (its perplexity e^nats is right): every value test fails, the input test
        # passes: q2 0.5 of 3.
        "bpc_in_nats": {
            "answers": {
                "q2": '''def bpc_and_perplexity(probs):
    p = np.asarray(probs, dtype=float)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"probs must be a non-empty 1-D sequence, got shape {p.shape}")
    if not np.all((p > 0) & (p <= 1)):
        raise ValueError("every probability must be in (0, 1]")
    nats = float(-np.mean(np.log(p)))
    return nats, math.exp(nats)'''
            },
            "expected": {"q1": 2, "q2": 0.5, "q3": 2},
        },
        # Sums the information over the text instead of averaging it: right for a
        # text of one character only, so every value test fails (the uniform-model
        # test has longer texts too); the input test passes: q2 0.5 of 3.
        "sum_not_mean": {
            "answers": {
                "q2": '''def bpc_and_perplexity(probs):
    p = np.asarray(probs, dtype=float)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"probs must be a non-empty 1-D sequence, got shape {p.shape}")
    if not np.all((p > 0) & (p <= 1)):
        raise ValueError("every probability must be in (0, 1]")
    bits = float(-np.sum(np.log2(p)))
    with np.errstate(over="ignore"):
        return bits, float(np.float64(2.0) ** bits)'''
            },
            "expected": {"q1": 2, "q2": 0.5, "q3": 2},
        },
        # Returns the public example's numbers whatever the text, after checking the
        # input: the public test (0.5) and the input test (0.5) pass; the long-text
        # test follows a pattern of its own and fails with the uniform-model and
        # character-model tests: q2 1 of 3.
        "hard_codes_public_example": {
            "answers": {
                "q2": '''def bpc_and_perplexity(probs):
    p = np.asarray(probs, dtype=float)
    if p.ndim != 1 or p.size == 0 or not np.all((p > 0) & (p <= 1)):
        raise ValueError(f"probs must be a non-empty 1-D sequence of numbers in (0, 1], got {probs!r}")
    return 2.25, 2.0**2.25'''
            },
            "expected": {"q1": 2, "q2": 1, "q3": 2},
            "flags": {"hard-coded"},
        },
        # Accepts only what an earlier version of the prompt named, a list or a NumPy
        # array, and raises for a tuple, which the prompt accepts: the input test
        # fails (0.5): q2 2.5 of 3.
        "rejects_tuples": {
            "answers": {
                "q2": '''def bpc_and_perplexity(probs):
    if not isinstance(probs, (list, np.ndarray)):
        raise ValueError(f"probs must be a list or a NumPy array, got {type(probs).__name__}")
    p = np.asarray(probs, dtype=float)
    if p.ndim != 1 or p.size == 0 or not np.all((p > 0) & (p <= 1)):
        raise ValueError(f"probs must be a non-empty 1-D sequence of numbers in (0, 1], got {probs!r}")
    bpc = float(-np.mean(np.log2(p)))
    return bpc, float(2.0**bpc)'''
            },
            "expected": {"q1": 2, "q2": 2.5, "q3": 2},
        },
        # Shortcut: il.information (the surprisal in bits) averaged: every test of
        # q2 finds infolib in the function: 0 of 3.
        "uses_information": {
            "answers": {
                "q2": '''def bpc_and_perplexity(probs):
    bpc = float(np.mean(il.information(np.asarray(probs, dtype=float))))
    return bpc, 2.0**bpc'''
            },
            "expected": {"q1": 2, "q2": 0, "q3": 2},
        },
        # Bins closed on the left (floor(confidence * M)): the same bins for every
        # confidence not on an edge (the public and reference tests, 1) and the input
        # test passes (0.5); confidences 0.5 and 0.75 go into the bin above: q3
        # fails the bin-edge test (0.5) only: 1.5 of 2.
        "bins_closed_on_the_left": {
            "answers": {
                "q3": '''def my_ece(probabilities, labels, n_bins=10):
    q = np.asarray(probabilities, dtype=float)
    y = np.asarray(labels)
    if q.ndim != 2 or y.ndim != 1 or q.shape[0] != y.shape[0]:
        raise ValueError(f"need one row of probabilities per label, got shapes {q.shape} and {y.shape}")
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}")
    confidence = q.max(axis=1)
    correct = (q.argmax(axis=1) == y).astype(float)
    which = np.minimum(np.floor(confidence * n_bins).astype(int), n_bins - 1)
    gap = np.abs(np.bincount(which, weights=correct, minlength=n_bins) - np.bincount(which, weights=confidence, minlength=n_bins))
    return float(gap.sum() / len(y))'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 1.5},
        },
        # The plain mean of the gaps over the non-empty bins, not weighted by their
        # counts: the public, reference and bin-edge tests fail, the input test
        # passes: q3 0.5 of 2.
        "bins_not_weighted": {
            "answers": {
                "q3": '''def my_ece(probabilities, labels, n_bins=10):
    q = np.asarray(probabilities, dtype=float)
    y = np.asarray(labels)
    if q.ndim != 2 or y.ndim != 1 or q.shape[0] != y.shape[0]:
        raise ValueError(f"need one row of probabilities per label, got shapes {q.shape} and {y.shape}")
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}")
    confidence = q.max(axis=1)
    correct = (q.argmax(axis=1) == y).astype(float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, n_bins - 1)
    gaps = [abs(correct[which == m].mean() - confidence[which == m].mean()) for m in range(n_bins) if np.any(which == m)]
    return float(np.mean(gaps))'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 0.5},
        },
        # Shortcut: il.expected_calibration_error: every test of q3 finds infolib in
        # the function: 0 of 2.
        "uses_expected_calibration_error": {
            "answers": {
                "q3": '''def my_ece(probabilities, labels, n_bins=10):
    return float(il.expected_calibration_error(probabilities, labels, n_bins=n_bins))'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 0},
        },
        # Shortcut: il.reliability_bins, imported under another name, with the sum
        # written out: the tests resolve the name to infolib's function: q3 0 of 2.
        "imports_reliability_bins": {
            "answers": {
                "q3": '''from infolib import reliability_bins as bins_of

def my_ece(probabilities, labels, n_bins=10):
    b = bins_of(probabilities, labels, n_bins=n_bins)
    full = b.counts > 0
    return float(np.sum(b.counts[full] * np.abs(b.accuracy[full] - b.confidence[full])) / b.counts.sum())'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 0},
        },
    },
    "hw10_variational_contrastive": {
        # Exponentiates the scaled scores without subtracting each row's largest: right
        # while e^(f / tau) stays finite (the public and reference tests, 1) and the
        # input test passes (0.25); scores of +-1000 at tau = 0.01 overflow to inf or
        # underflow to 0: the large-score test (0.75) fails. q1 1.25 of 2.
        "naive_exp": {
            "answers": {
                "q1": '''def my_infonce(scores, temperature=1.0):
    s = np.asarray(scores, dtype=float)
    if s.ndim != 2 or s.shape[0] != s.shape[1] or s.shape[0] < 2:
        raise ValueError(f"scores must be a square N x N matrix with N >= 2, got shape {s.shape}")
    if not np.isfinite(s).all():
        raise ValueError("every score must be a finite number")
    tau = float(temperature)
    if not (math.isfinite(tau) and tau > 0):
        raise ValueError(f"temperature must be a finite number > 0, got {temperature!r}")
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        e = np.exp(s / tau)
        loss = float(np.mean(-np.log(np.diag(e) / e.sum(axis=1))))
    return loss, math.log(len(s)) - loss'''
            },
            "expected": {"q1": 1.25, "q2": 3, "q3": 2, "q4": 2},
        },
        # The softmax over each column (the candidates x_i of y_j) instead of each row:
        # the public examples are symmetric matrices and pass (0.5), the input test
        # passes (0.25); the reference and large-score tests use matrices that are not
        # symmetric and fail. q1 0.75 of 2.
        "softmax_over_columns": {
            "answers": {
                "q1": '''def my_infonce(scores, temperature=1.0):
    s = np.asarray(scores, dtype=float)
    if s.ndim != 2 or s.shape[0] != s.shape[1] or s.shape[0] < 2:
        raise ValueError(f"scores must be a square N x N matrix with N >= 2, got shape {s.shape}")
    if not np.isfinite(s).all():
        raise ValueError("every score must be a finite number")
    tau = float(temperature)
    if not (math.isfinite(tau) and tau > 0):
        raise ValueError(f"temperature must be a finite number > 0, got {temperature!r}")
    logits = s / tau
    top = logits.max(axis=0, keepdims=True)
    log_norm = top[0] + np.log(np.exp(logits - top).sum(axis=0))
    loss = float(np.mean(log_norm - np.diag(logits)))
    return loss, math.log(len(s)) - loss'''
            },
            "expected": {"q1": 0.75, "q2": 3, "q3": 2, "q4": 2},
        },
        # Sums the rows' losses instead of averaging them: N times too large, so every
        # value test fails; the input test passes: q1 0.25 of 2.
        "sum_not_mean": {
            "answers": {
                "q1": '''def my_infonce(scores, temperature=1.0):
    s = np.asarray(scores, dtype=float)
    if s.ndim != 2 or s.shape[0] != s.shape[1] or s.shape[0] < 2:
        raise ValueError(f"scores must be a square N x N matrix with N >= 2, got shape {s.shape}")
    if not np.isfinite(s).all():
        raise ValueError("every score must be a finite number")
    tau = float(temperature)
    if not (math.isfinite(tau) and tau > 0):
        raise ValueError(f"temperature must be a finite number > 0, got {temperature!r}")
    logits = s / tau
    top = logits.max(axis=1, keepdims=True)
    loss = float(np.sum(top[:, 0] + np.log(np.exp(logits - top).sum(axis=1)) - np.diag(logits)))
    return loss, math.log(len(s)) - loss'''
            },
            "expected": {"q1": 0.25, "q2": 3, "q3": 2, "q4": 2},
        },
        # Shortcut: il.infonce_loss and il.infonce_bound: every test of q1 finds infolib
        # in the function: 0 of 2.
        "uses_infonce_loss": {
            "answers": {
                "q1": '''def my_infonce(scores, temperature=1.0):
    return il.infonce_loss(scores, temperature=temperature), il.infonce_bound(scores, temperature=temperature)'''
            },
            "expected": {"q1": 0, "q2": 3, "q3": 2, "q4": 2},
        },
        # Shortcut: scipy's logsumexp, imported inside the function: q1 0 of 2.
        "uses_scipy_logsumexp": {
            "answers": {
                "q1": '''def my_infonce(scores, temperature=1.0):
    from scipy.special import logsumexp
    logits = np.asarray(scores, dtype=float) / temperature
    loss = float(np.mean(logsumexp(logits, axis=1) - np.diag(logits)))
    return loss, math.log(len(logits)) - loss'''
            },
            "expected": {"q1": 0, "q2": 3, "q3": 2, "q4": 2},
        },
        # The divergence the wrong way round, D(prior || q): 0 when q is the prior (the
        # public test's second case) but not at the posterior, so the public test fails,
        # and so do the reference and log-evidence tests; the input test passes: q2
        # 0.5 of 3.
        "kl_reversed": {
            "answers": {
                "q2": '''def my_elbo_estimate(m, s, eps, x=23.0, prior_mu=20.0, prior_sd=2.0, noise_sd=1.0):
    m, s, x, prior_mu, prior_sd, noise_sd = (float(v) for v in (m, s, x, prior_mu, prior_sd, noise_sd))
    if not all(math.isfinite(v) for v in (m, x, prior_mu)):
        raise ValueError("m, x and prior_mu must be finite numbers")
    if not all(math.isfinite(v) and v > 0 for v in (s, prior_sd, noise_sd)):
        raise ValueError("s, prior_sd and noise_sd must be finite standard deviations > 0")
    e = np.asarray(eps, dtype=float)
    if e.ndim != 1 or e.size == 0 or not np.isfinite(e).all():
        raise ValueError(f"eps must be a non-empty 1-D sequence of finite draws, got shape {e.shape}")
    z = m + s * e
    log_lik = -0.5 * math.log(2 * math.pi * noise_sd**2) - (x - z) ** 2 / (2 * noise_sd**2)
    kl = math.log(s / prior_sd) + (prior_sd**2 + (prior_mu - m) ** 2) / (2 * s**2) - 0.5
    return float(np.mean(log_lik)) - kl'''
            },
            "expected": {"q1": 2, "q2": 0.5, "q3": 2, "q4": 2},
        },
        # Draws z = m + s^2 eps, taking s for a variance in the reparameterisation (the
        # divergence is right): every value test fails, the input test passes: q2 0.5 of 3.
        "variance_for_sd": {
            "answers": {
                "q2": '''def my_elbo_estimate(m, s, eps, x=23.0, prior_mu=20.0, prior_sd=2.0, noise_sd=1.0):
    m, s, x, prior_mu, prior_sd, noise_sd = (float(v) for v in (m, s, x, prior_mu, prior_sd, noise_sd))
    if not all(math.isfinite(v) for v in (m, x, prior_mu)):
        raise ValueError("m, x and prior_mu must be finite numbers")
    if not all(math.isfinite(v) and v > 0 for v in (s, prior_sd, noise_sd)):
        raise ValueError("s, prior_sd and noise_sd must be finite standard deviations > 0")
    e = np.asarray(eps, dtype=float)
    if e.ndim != 1 or e.size == 0 or not np.isfinite(e).all():
        raise ValueError(f"eps must be a non-empty 1-D sequence of finite draws, got shape {e.shape}")
    z = m + s**2 * e
    log_lik = -0.5 * math.log(2 * math.pi * noise_sd**2) - (x - z) ** 2 / (2 * noise_sd**2)
    kl = math.log(prior_sd / s) + (s**2 + (m - prior_mu) ** 2) / (2 * prior_sd**2) - 0.5
    return float(np.mean(log_lik)) - kl'''
            },
            "expected": {"q1": 2, "q2": 0.5, "q3": 2, "q4": 2},
        },
        # Estimates the divergence by Monte Carlo too, averaging ln q(z_k) - ln p(z_k)
        # over the draws: another unbiased estimator, but not the one asked for. With the
        # draws -1 and 1 it is exact (ln q - ln p is quadratic in z), so the public and
        # log-evidence tests pass (1.5) and the input test passes (0.5); on other draws
        # it differs from the specified estimate: the reference test (1) fails. q2 2 of 3.
        "monte_carlo_kl": {
            "answers": {
                "q2": '''def my_elbo_estimate(m, s, eps, x=23.0, prior_mu=20.0, prior_sd=2.0, noise_sd=1.0):
    m, s, x, prior_mu, prior_sd, noise_sd = (float(v) for v in (m, s, x, prior_mu, prior_sd, noise_sd))
    if not all(math.isfinite(v) for v in (m, x, prior_mu)):
        raise ValueError("m, x and prior_mu must be finite numbers")
    if not all(math.isfinite(v) and v > 0 for v in (s, prior_sd, noise_sd)):
        raise ValueError("s, prior_sd and noise_sd must be finite standard deviations > 0")
    e = np.asarray(eps, dtype=float)
    if e.ndim != 1 or e.size == 0 or not np.isfinite(e).all():
        raise ValueError(f"eps must be a non-empty 1-D sequence of finite draws, got shape {e.shape}")

    def log_normal(v, mean, sd):
        return -0.5 * np.log(2 * np.pi * sd**2) - (v - mean) ** 2 / (2 * sd**2)

    z = m + s * e
    return float(np.mean(log_normal(x, z, noise_sd) + log_normal(z, prior_mu, prior_sd) - log_normal(z, m, s)))'''
            },
            "expected": {"q1": 2, "q2": 2, "q3": 2, "q4": 2},
        },
        # Shortcut: il.normal_kl_divergence for the divergence: every test of q2 finds
        # infolib in the function: 0 of 3.
        "uses_normal_kl_divergence": {
            "answers": {
                "q2": '''def my_elbo_estimate(m, s, eps, x=23.0, prior_mu=20.0, prior_sd=2.0, noise_sd=1.0):
    z = m + s * np.asarray(eps, dtype=float)
    log_lik = -0.5 * np.log(2 * np.pi * noise_sd**2) - (x - z) ** 2 / (2 * noise_sd**2)
    return float(np.mean(log_lik)) - il.normal_kl_divergence(m, s, prior_mu, prior_sd, base="nats")'''
            },
            "expected": {"q1": 2, "q2": 0, "q3": 2, "q4": 2},
        },
        # Shortcut: scipy.stats.norm.logpdf for the likelihood, imported under another
        # name: the tests resolve the name to scipy's object: q2 0 of 3.
        "imports_scipy_norm": {
            "answers": {
                "q2": '''from scipy.stats import norm as gaussian

def my_elbo_estimate(m, s, eps, x=23.0, prior_mu=20.0, prior_sd=2.0, noise_sd=1.0):
    z = m + s * np.asarray(eps, dtype=float)
    kl = math.log(prior_sd / s) + (s**2 + (m - prior_mu) ** 2) / (2 * prior_sd**2) - 0.5
    return float(np.mean(gaussian.logpdf(x, z, noise_sd))) - kl'''
            },
            "expected": {"q1": 2, "q2": 0, "q3": 2, "q4": 2},
        },
        # The gradient of the loss -ELBO, the sign flipped: (0, 0) at the posterior
        # passes, (3, -2) at the prior does not, so the public test fails, and so does the
        # finite-difference test; the input test passes: q3 0.5 of 2.
        "gradient_of_the_loss": {
            "answers": {
                "q3": '''def my_elbo_gradient(m, s, eps, x=23.0, prior_mu=20.0, prior_sd=2.0, noise_sd=1.0):
    m, s, x, prior_mu, prior_sd, noise_sd = (float(v) for v in (m, s, x, prior_mu, prior_sd, noise_sd))
    if not all(math.isfinite(v) for v in (m, x, prior_mu)):
        raise ValueError("m, x and prior_mu must be finite numbers")
    if not all(math.isfinite(v) and v > 0 for v in (s, prior_sd, noise_sd)):
        raise ValueError("s, prior_sd and noise_sd must be finite standard deviations > 0")
    e = np.asarray(eps, dtype=float)
    if e.ndim != 1 or e.size == 0 or not np.isfinite(e).all():
        raise ValueError(f"eps must be a non-empty 1-D sequence of finite draws, got shape {e.shape}")
    g_z = (x - (m + s * e)) / noise_sd**2
    return (-float(np.mean(g_z)) + (m - prior_mu) / prior_sd**2,
            -float(np.mean(g_z * e)) + s / prior_sd**2 - 1 / s)'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 0.5, "q4": 2},
        },
        # The derivative with respect to the variance s^2 (the ELBO's d/ds divided by
        # 2s): (0, 0) at the posterior passes, -1/2 for -2 at the prior does not: the
        # public and finite-difference tests fail, the input test passes: q3 0.5 of 2.
        "gradient_wrt_variance": {
            "answers": {
                "q3": '''def my_elbo_gradient(m, s, eps, x=23.0, prior_mu=20.0, prior_sd=2.0, noise_sd=1.0):
    m, s, x, prior_mu, prior_sd, noise_sd = (float(v) for v in (m, s, x, prior_mu, prior_sd, noise_sd))
    if not all(math.isfinite(v) for v in (m, x, prior_mu)):
        raise ValueError("m, x and prior_mu must be finite numbers")
    if not all(math.isfinite(v) and v > 0 for v in (s, prior_sd, noise_sd)):
        raise ValueError("s, prior_sd and noise_sd must be finite standard deviations > 0")
    e = np.asarray(eps, dtype=float)
    if e.ndim != 1 or e.size == 0 or not np.isfinite(e).all():
        raise ValueError(f"eps must be a non-empty 1-D sequence of finite draws, got shape {e.shape}")
    g_z = (x - (m + s * e)) / noise_sd**2
    d_var = (float(np.mean(g_z * e)) * s - s**2 / prior_sd**2 + 1) / (2 * s**2)
    return float(np.mean(g_z)) - (m - prior_mu) / prior_sd**2, d_var'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 0.5, "q4": 2},
        },
        # Returns the public examples' gradients, after checking the input: the public
        # test (0.5) and the input test (0.5) pass, the finite-difference test fails:
        # q3 1 of 2, flagged hard-coded.
        "hard_codes_public_gradient": {
            "answers": {
                "q3": '''def my_elbo_gradient(m, s, eps, x=23.0, prior_mu=20.0, prior_sd=2.0, noise_sd=1.0):
    m, s, x, prior_mu, prior_sd, noise_sd = (float(v) for v in (m, s, x, prior_mu, prior_sd, noise_sd))
    if not all(math.isfinite(v) for v in (m, x, prior_mu)):
        raise ValueError("m, x and prior_mu must be finite numbers")
    if not all(math.isfinite(v) and v > 0 for v in (s, prior_sd, noise_sd)):
        raise ValueError("s, prior_sd and noise_sd must be finite standard deviations > 0")
    e = np.asarray(eps, dtype=float)
    if e.ndim != 1 or e.size == 0 or not np.isfinite(e).all():
        raise ValueError(f"eps must be a non-empty 1-D sequence of finite draws, got shape {e.shape}")
    if m == prior_mu:
        return 3.0, -2.0
    return 0.0, 0.0'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 1, "q4": 2},
            "flags": {"hard-coded"},
        },
        # Shortcut: a central difference of il.elbo_estimate, a different estimator:
        # every test of q3 finds infolib in the function: 0 of 2.
        "uses_elbo_estimate": {
            "answers": {
                "q3": '''def my_elbo_gradient(m, s, eps, x=23.0, prior_mu=20.0, prior_sd=2.0, noise_sd=1.0):
    e = np.asarray(eps, dtype=float)[:, None]

    def log_joint(z):
        return (-0.5 * np.log(2 * np.pi * prior_sd**2) - (z[:, 0] - prior_mu) ** 2 / (2 * prior_sd**2)
                - 0.5 * np.log(2 * np.pi * noise_sd**2) - (x - z[:, 0]) ** 2 / (2 * noise_sd**2))

    def elbo(m_, s_):
        return il.elbo_estimate(log_joint, [m_], [s_], e).value

    h = 1e-6
    return (elbo(m + h, s) - elbo(m - h, s)) / (2 * h), (elbo(m, s + h) - elbo(m, s - h)) / (2 * h)'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 0, "q4": 2},
        },
        # The variances of the coordinates (the diagonal of the covariance matrix), sorted,
        # instead of the variances along the principal axes: right when the covariance
        # is diagonal (the public and collapse tests, 1) and the input test passes
        # (0.25); the principal-axes test (0.75) fails. q4 1.25 of 2.
        "coordinate_variances": {
            "answers": {
                "q4": '''def optimal_kl_per_latent(x, k, beta=1.0, noise_var=0.25):
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[0] < 2 or not np.isfinite(x).all():
        raise ValueError(f"x must be an n x D array of finite numbers with n >= 2, got shape {x.shape}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= x.shape[1]:
        raise ValueError(f"k must be an integer from 1 to D = {x.shape[1]}, got {k!r}")
    if not (beta > 0 and noise_var > 0 and math.isfinite(beta) and math.isfinite(noise_var)):
        raise ValueError("beta and noise_var must be finite numbers > 0")
    lam = np.sort(x.var(axis=0))[::-1][:k]
    return 0.5 * np.log(np.maximum(lam / (beta * noise_var), 1.0))'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 1.25},
        },
        # No collapse: 1/2 ln(lambda_j / (beta noise_var)) for every coordinate, negative
        # (or -inf) below the threshold: the public, principal-axes and collapse tests
        # fail, the input test passes: q4 0.25 of 2.
        "no_collapse": {
            "answers": {
                "q4": '''def optimal_kl_per_latent(x, k, beta=1.0, noise_var=0.25):
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[0] < 2 or not np.isfinite(x).all():
        raise ValueError(f"x must be an n x D array of finite numbers with n >= 2, got shape {x.shape}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= x.shape[1]:
        raise ValueError(f"k must be an integer from 1 to D = {x.shape[1]}, got {k!r}")
    if not (beta > 0 and noise_var > 0 and math.isfinite(beta) and math.isfinite(noise_var)):
        raise ValueError("beta and noise_var must be finite numbers > 0")
    lam = np.linalg.eigvalsh(np.cov(x.T, bias=True).reshape(x.shape[1], x.shape[1]))[::-1][:k]
    with np.errstate(divide="ignore", invalid="ignore"):
        return 0.5 * np.log(lam / (beta * noise_var))'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 0.25},
        },
        # Shortcut: il.vae_kl_divergence of the optimal encoder, coordinate by
        # coordinate: every test of q4 finds infolib in the function: 0 of 2.
        "uses_vae_kl_divergence": {
            "answers": {
                "q4": '''def optimal_kl_per_latent(x, k, beta=1.0, noise_var=0.25):
    x = np.asarray(x, dtype=float)
    lam = np.linalg.eigvalsh(np.cov(x.T, bias=True).reshape(x.shape[1], x.shape[1]))[::-1][:k]
    v = beta * noise_var
    u = np.maximum(lam, v)
    return np.array([il.vae_kl_divergence([math.sqrt(lj) * math.sqrt(uj - v) / uj], [math.log(v / uj)])
                     for lj, uj in zip(lam, u)])'''
            },
            "expected": {"q1": 2, "q2": 3, "q3": 2, "q4": 0},
        },
    },
}


def _source(cell: dict) -> str:
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def answer_cells(nb: dict) -> dict[str, int]:
    """Question name -> index of its answer cell: the code cell just before ``grader.check``."""
    found = {}
    for i, cell in enumerate(nb["cells"]):
        text = _source(cell).strip()
        if cell["cell_type"] == "code" and text.startswith('grader.check("'):
            name = text.split('"')[1]
            j = i - 1
            while nb["cells"][j]["cell_type"] != "code":
                j -= 1
            found[name] = j
    return found


def points(nb: dict) -> dict[str, float]:
    """Question name -> points, read from the otter test metadata of a notebook."""
    out = {}
    for name, test in nb["metadata"]["otter"]["tests"].items():
        line = next(l for l in test.splitlines() if l.startswith("points = "))
        out[name] = float(line.split("=", 1)[1])
    return out


def expected_flags(stem: str) -> dict[str, set[str]]:
    """Fixture name -> the kinds of integrity flag it must raise, for the fixtures that name them."""
    return {name: set(spec["flags"]) for name, spec in MISTAKES[stem].items() if "flags" in spec}


def expected_scores(stem: str, full_marks: dict[str, float]) -> dict[str, dict[str, float]]:
    """Fixture name -> question -> expected score (correct and blank included).

    ``full_marks`` is question -> points, as :func:`points` reads it.
    """
    return {
        **{"correct": dict(full_marks), "blank": {q: 0 for q in full_marks}},
        **{name: spec["expected"] for name, spec in MISTAKES[stem].items()},
    }


def write_fixtures(student_nb: Path, autograder_nb: Path, out_dir: Path, stem: str) -> list[Path]:
    """Write ``<out_dir>/<fixture>.ipynb`` for every fixture of assignment ``stem``."""
    student = json.loads(Path(student_nb).read_text(encoding="utf-8"))
    solved = json.loads(Path(autograder_nb).read_text(encoding="utf-8"))
    cells_s, cells_a = answer_cells(student), answer_cells(solved)
    if set(cells_s) != set(cells_a):
        raise ValueError(f"student and autograder notebooks of {stem} ask different questions")
    solutions = {q: _source(solved["cells"][i]) for q, i in cells_a.items()}
    out_dir.mkdir(parents=True, exist_ok=True)
    fixtures = {"correct": solutions, "blank": {}}
    for name, spec in MISTAKES[stem].items():
        unknown = set(spec["answers"]) - set(cells_s)
        if unknown:
            raise ValueError(f"{stem}/{name} answers unknown questions {sorted(unknown)}")
        fixtures[name] = {**solutions, **spec["answers"]}
    written = []
    for name, answers in fixtures.items():
        nb = copy.deepcopy(student)
        for q, code in answers.items():
            nb["cells"][cells_s[q]]["source"] = code
        path = out_dir / f"{name}.ipynb"
        path.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written
