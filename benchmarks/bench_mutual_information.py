"""Speed and accuracy of infolib.mutual_information against scikit-learn.

Run with ``make bench`` (or ``python benchmarks/bench_mutual_information.py``).
Both contenders get the same dense joint table: infolib as probabilities and
as counts (``normalize=True``), scikit-learn's ``mutual_info_score`` as counts
(``contingency=``). The script prints the median time of each, the ratio
against its target, and the relative error of each against a 50-digit mpmath
reference on a smaller table. It always exits 0: it reports, it does not gate.
"""

from __future__ import annotations

import argparse
import os
import platform

import numpy as np
import sklearn
from sklearn.metrics import mutual_info_score

import infolib as il
from bench_measures import RESULTS, _cpu, _fmt_time, median_times, report


def speed(n: int, repeats: int) -> None:
    rng = np.random.default_rng(0)
    counts = rng.integers(0, 100, size=(n, n))
    p = counts / counts.sum()
    print(f"\n== dense {n} x {n} joint (median of {repeats} runs, validation included)")
    t = median_times(
        {
            "il.mutual_information(p)": lambda: il.mutual_information(p, base="nats"),
            "il.mutual_information(counts, normalize=True)": lambda: il.mutual_information(
                counts, base="nats", normalize=True
            ),
            "sklearn mutual_info_score(contingency=counts)": lambda: mutual_info_score(
                None, None, contingency=counts
            ),
        },
        repeats,
    )
    for name, sec in t.items():
        print(f"    {name:48s} {_fmt_time(sec)}")
    sk = t["sklearn mutual_info_score(contingency=counts)"]
    r = sk / t["il.mutual_information(p)"]
    report("MI: scikit-learn time / infolib time (probabilities)", f"{r:.2f}x", ">= 3x", r >= 3)
    r = sk / t["il.mutual_information(counts, normalize=True)"]
    report("MI: scikit-learn time / infolib time (counts)", f"{r:.2f}x", ">= 3x", r >= 3)
    a = il.mutual_information(p, base="nats")
    b = float(mutual_info_score(None, None, contingency=counts))
    print(f"    both give {a:.12f} nats (difference {abs(a - b):.1e})")


def accuracy(seeds: int) -> None:
    """Nearly independent count tables, where H(X) + H(Y) - H(X, Y) cancels."""
    import mpmath

    print(f"\n== accuracy: 8 x 7 count tables, about 1e9 p(x) p(y) (1 + 1e-5 noise), {seeds} seeds")
    print("   reference: mpmath at 50 digits on the exactly normalised counts (worst relative error)")
    worst = {"infolib (normalize=True)": 0.0, "H(X) + H(Y) - H(X, Y)": 0.0, "scikit-learn mutual_info_score": 0.0}
    with mpmath.workdps(50):
        for seed in range(seeds):
            rng = np.random.default_rng(seed)
            px, py = rng.dirichlet(np.ones(8)), rng.dirichlet(np.ones(7))
            counts = np.round(1e9 * np.outer(px, py) * (1 + 1e-5 * rng.standard_normal((8, 7)))).astype(np.int64)
            x = [[mpmath.mpf(int(v)) for v in row] for row in counts.tolist()]
            total = mpmath.fsum(v for row in x for v in row)
            x = [[v / total for v in row] for row in x]
            mx = [mpmath.fsum(row) for row in x]
            my = [mpmath.fsum(col) for col in zip(*x)]
            exact = float(mpmath.fsum(
                v * mpmath.log(v / (mx[i] * my[j])) for i, row in enumerate(x) for j, v in enumerate(row) if v > 0
            ))
            p = counts / counts.sum()
            naive = (il.entropy(p.sum(1), base="nats") + il.entropy(p.sum(0), base="nats")
                     - il.joint_entropy(p, base="nats"))
            values = {
                "infolib (normalize=True)": il.mutual_information(counts, base="nats", normalize=True),
                "H(X) + H(Y) - H(X, Y)": naive,
                "scikit-learn mutual_info_score": float(mutual_info_score(None, None, contingency=counts)),
            }
            for k, v in values.items():
                worst[k] = max(worst[k], abs(v - exact) / abs(exact))
    for name, err in worst.items():
        print(f"    {name:36s} relative error {err:9.2e}")
    err = worst["infolib (normalize=True)"]
    report("MI accuracy, nearly independent: infolib relative error", f"{err:.1e}", "<= 1e-8", err <= 1e-8)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="side of the dense joint (default 2000)")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per contender (default 7)")
    args = parser.parse_args()
    print("mutual information benchmark")
    print(f"  machine: {_cpu()}, {os.cpu_count()} logical cores, {platform.system()} {platform.machine()}")
    print(f"  python {platform.python_version()}, numpy {np.__version__}, scikit-learn {sklearn.__version__}, "
          f"infolib {il.__version__}")
    speed(args.n, args.repeats)
    accuracy(5)
    missed = [r for r in RESULTS if not r[3]]
    print(f"\n== summary: {len(RESULTS) - len(missed)} of {len(RESULTS)} targets met"
          + (f"; missed: {', '.join(r[0] for r in missed)}" if missed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
