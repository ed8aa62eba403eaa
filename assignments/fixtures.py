"""Fixture submissions for each assignment, and the scores they must get.

A fixture is the student notebook with some answer cells filled in:

- ``correct``: every answer is the master's solution: full marks;
- ``blank``: the student notebook as handed out: 0 on every question;
- one fixture per typical mistake, whose answers are the solutions except for the
  mistaken ones written out below.

The expected scores follow from the design of each mistake and the points of the
tests it must fail (each test is worth 1 point); the comment above each mistake says
which tests it fails and why. They are not read from a grading run.

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

MISTAKES: dict[str, dict[str, dict]] = {
    "hw01_information": {
        # Natural log, base ignored. q1: fails the bits test and the units test
        # (base 10), passes the edge/shape test (0, inf and order do not depend on
        # the unit): 1 of 3. q2 uses that surprisal: both tests expect bits: 0 of 2.
        "natural_log": {
            "answers": {"q1": _SURPRISAL_NATURAL},
            "expected": {"q1": 1, "q2": 0},
        },
        # Multiplies the probabilities first: exact for two events, but 0.5**2000
        # underflows to 0 and gives inf. q2 loses the hidden test: 1 of 2.
        "product_underflow": {
            "answers": {
                "q2": '''def joint_surprisal(probs, base=2):
    return surprisal(float(np.prod(probs)), base=base)'''
            },
            "expected": {"q1": 3, "q2": 1},
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
    },
    "hw02_dice": {
        # Natural log, base ignored. q1 fails the bits test and the 1-bit checks of
        # the set test, passes the nats/impossible test: 1 of 3. q2 fails the bits
        # test, passes the impossible/nats test: 1 of 2.
        "natural_log": {
            "answers": {
                "q1": '''def die_event_information(event, sides=6, base=2):
    faces = set(event)
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
        # Counts listed faces, not distinct faces (and cannot take a generator):
        # q1 fails the set test only: 2 of 3.
        "counts_duplicates": {
            "answers": {
                "q1": '''def die_event_information(event, sides=6, base=2):
    p = len(list(event)) / sides
    with np.errstate(divide="ignore"):
        return float(-np.log(p) / np.log(base)) + 0.0'''
            },
            "expected": {"q1": 2, "q2": 2},
        },
        # Delegates to il.Distribution, which the question forbids: right values, but
        # the set test blocks il.Distribution while it calls the answer, so it fails;
        # the bits and the units/impossible tests pass: q1 2 of 3.
        "uses_distribution": {
            "answers": {
                "q1": '''def die_event_information(event, sides=6, base=2):
    die = il.Distribution.uniform(range(1, sides + 1))
    return die.information(set(event), base=base)'''
            },
            "expected": {"q1": 2, "q2": 2},
        },
    },
    "hw03_entropy": {
        # Natural log, base ignored: the bits test, the zeros test (1 bit expected)
        # and the units test (base 10) fail, and so does the input test (1.75 bits
        # expected, and no check that p is 1-D): q1 0 of 4; q2 is untouched: 3 of 3.
        "natural_log": {
            "answers": {
                "q1": '''def my_entropy(p, base=2):
    p = np.asarray(p, dtype=float)
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz))) + 0.0'''
            },
            "expected": {"q1": 0, "q2": 3},
        },
        # No 0 log 0 handling: 0 * log 0 = nan; and no check that p is 1-D, so a
        # 2-D array is summed as a whole instead of raising ValueError. q1 fails the
        # zeros test and the input test: 2 of 4.
        "no_zero_handling": {
            "answers": {
                "q1": '''def my_entropy(p, base=2):
    p = np.asarray(p, dtype=float)
    return float(-np.sum(p * np.log(p)) / np.log(base))'''
            },
            "expected": {"q1": 2, "q2": 3},
        },
        # The solution without its shape check: right for every 1-D list or array,
        # but a 2-D array (a batch of distributions) is flattened into one entropy
        # and a single number gives -p log p, where the question asks for a
        # ValueError. q1 fails the input test only: 3 of 4.
        "no_shape_check": {
            "answers": {
                "q1": '''def my_entropy(p, base=2):
    p = np.asarray(p, dtype=float)
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)) / np.log(base)) + 0.0'''
            },
            "expected": {"q1": 3, "q2": 3},
        },
        # Shannon code lengths ceil(-log2 p) instead of Huffman's: right for the
        # dyadic example, not optimal for [0.6, 0.4], 0 bits for a certain outcome
        # and an error for p = 0: q2 1 of 3.
        "shannon_lengths": {
            "answers": {
                "q2": '''import heapq

def huffman_lengths(probs):
    return [int(np.ceil(-np.log2(p))) for p in probs]'''
            },
            "expected": {"q1": 4, "q2": 1},
        },
        # Delegates to il.HuffmanCode, which the question forbids: right lengths, but
        # the optimality test blocks il.HuffmanCode while it calls the answer, so it
        # fails; the public and the edge-case tests pass: q2 2 of 3.
        "uses_huffmancode": {
            "answers": {
                "q2": '''import heapq

def huffman_lengths(probs):
    code = il.HuffmanCode.from_distribution(dict(enumerate(probs)))
    lengths = code.lengths()
    return [lengths.get(i, 0) for i in range(len(probs))]'''
            },
            "expected": {"q1": 4, "q2": 2},
        },
    },
    "hw04_cross_entropy": {
        # No mask for p = 0: 0 * log 0 = nan where p = q = 0. No length check
        # either: p of length 3 and q of length 2 cannot broadcast (NumPy raises
        # ValueError), but a q of length 1 is stretched to p's length and a number
        # comes out. q1 fails the zeros test and the input test: 2 of 4.
        "no_zero_handling": {
            "answers": {
                "q1": '''def my_cross_entropy(p, q, base=2):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return float(-np.sum(p * np.log(q)) / np.log(base))'''
            },
            "expected": {"q1": 2, "q2": 3},
        },
        # Pairs outcomes with zip: right values, zeros and units for inputs of the
        # same length, but zip stops at the shorter input, so p of length 3 and q of
        # length 2 give a number (1 bit) instead of a ValueError. q1 fails the input
        # test only: 3 of 4.
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
            "expected": {"q1": 3, "q2": 3},
        },
        # Softmax without subtracting the maximum: exp(1000) overflows to inf and
        # the loss is nan. q2 fails the large-logits test only: 2 of 3.
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
            "expected": {"q1": 4, "q2": 2},
        },
        # Sums over the batch instead of averaging: wrong for n > 1 (the public and
        # the reference test), right in the large-logits test, whose wrong-label
        # case has n = 1 and whose right-label case has loss 0: q2 1 of 3.
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
            "expected": {"q1": 4, "q2": 1},
        },
        # Subtracts the maximum but takes the log of the softmax: no overflow, but a
        # true class of probability exp(-1000) underflows to 0 and its loss is inf.
        # Passes the public and the reference test (moderate logits) and the
        # confident-and-right case, fails the confident-and-wrong case: q2 2 of 3.
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
            "expected": {"q1": 4, "q2": 2},
        },
    },
    "hw05_kl_divergence": {
        # No support handling: p = 0 gives 0 * log 0 = nan. No length check either:
        # a q of length 1 is broadcast to p's length and a number comes out. q1
        # fails the support test and the input test (2 of 4); q3's kl_pq is then
        # nan: the format test passes, the values test fails (1 of 2); q2 is
        # untouched (2 of 2).
        "no_support_check": {
            "answers": {
                "q1": '''def my_kl(p, q, base=2):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return float(np.sum(p * np.log(p / q)) / np.log(base))'''
            },
            "expected": {"q1": 2, "q2": 2, "q3": 1},
        },
        # Computes D(q || p): only D(p || p) = 0 comes out right, and inputs of
        # different lengths raise IndexError (a boolean mask of one length indexing
        # the other), not ValueError, so q1 is 0 of 4; q3 gets kl_pq = inf and
        # answers "qp": format right, values wrong (1 of 2).
        "swapped_arguments": {
            "answers": {
                "q1": '''def my_kl(p, q, base=2):
    p, q = np.asarray(q, dtype=float), np.asarray(p, dtype=float)
    live = p > 0
    if np.any(q[live] == 0):
        return float("inf")
    return float(np.sum(p[live] * np.log(p[live] / q[live])) / np.log(base)) + 0.0''',
                "q3": '''p = [0.5, 0.5, 0.0]
q = [0.25, 0.25, 0.5]
kl_pq = my_kl(p, q)
kl_qp = my_kl(q, p)
finite_one = "qp"''',
            },
            "expected": {"q1": 0, "q2": 2, "q3": 1},
        },
        # Asks that q be positive everywhere, ignoring where p = 0: right on both
        # public examples, wrong whenever q = 0 only where p = 0 too (11 of the 50
        # random pairs of the hidden test have a finite divergence and a zero in q):
        # q2 1 of 2.
        "all_q_positive": {
            "answers": {
                "q2": '''def support_ok(p, q):
    return bool(np.all(np.asarray(q, dtype=float) > 0))'''
            },
            "expected": {"q1": 4, "q2": 1, "q3": 2},
        },
        # Masks p = 0 with np.where and trusts NumPy for the rest: right values,
        # support and units, and q3 is right too, but a q of length 1 is broadcast
        # to p's length and a number comes out instead of a ValueError (p of length
        # 3 and q of length 2 cannot broadcast: that case raises ValueError). q1
        # fails the input test only: 3 of 4.
        "broadcasts_lengths": {
            "answers": {
                "q1": '''def my_kl(p, q, base=2):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(p / q), 0.0)
    return float(np.sum(terms) / np.log(base)) + 0.0'''
            },
            "expected": {"q1": 3, "q2": 2, "q3": 2},
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
