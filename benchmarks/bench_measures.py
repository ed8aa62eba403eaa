"""Speed and accuracy of infolib's measures against scipy and numpy.

Run with ``make bench`` (or ``python benchmarks/bench_measures.py``). Every
contender runs on the same arrays in the same process, in turn, several times;
the script prints the median time of each, the ratio, the target next to it,
and PASS or MISS. It always exits 0: it reports, it does not gate.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np
import scipy
import scipy.stats

import infolib as il


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def median_times(contenders: dict[str, Callable[[], object]], repeats: int, number: int = 1) -> dict[str, float]:
    """Median seconds per call of each contender, measured in round-robin order.

    Taking turns means a burst of load from other processes on a shared
    machine hits every contender alike instead of one of them.
    """
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for f in contenders.values():  # warm-up: imports, caches, page faults
        f()
    for _ in range(repeats):
        for name, f in contenders.items():
            t0 = time.perf_counter()
            for _ in range(number):
                f()
            samples[name].append((time.perf_counter() - t0) / number)
    return {name: statistics.median(v) for name, v in samples.items()}


def _fmt_time(seconds: float) -> str:
    if seconds >= 1e-3:
        return f"{seconds * 1e3:8.2f} ms"
    return f"{seconds * 1e6:8.2f} us"


RESULTS: list[tuple[str, str, str, bool]] = []


def report(name: str, measured: str, target: str, ok: bool) -> None:
    RESULTS.append((name, measured, target, ok))
    print(f"  {'PASS' if ok else 'MISS'}  {name}: {measured}   (target: {target})")


def speed(n_large: int, n_small: int, repeats: int) -> None:
    rng = np.random.default_rng(0)
    p = rng.random(n_large)
    p /= p.sum()
    q = rng.random(n_large)
    q /= q.sum()
    out = np.empty_like(p)

    print(f"\n== n = {n_large:,} (median of {repeats} runs, validation included)")
    t = median_times(
        {
            "il.entropy(p)": lambda: il.entropy(p),
            "scipy.stats.entropy(p)": lambda: scipy.stats.entropy(p),
            "np.log(p)": lambda: np.log(p),
            "np.log(p, out=buffer)": lambda: np.log(p, out=out),
            "il.kl_divergence(p, q)": lambda: il.kl_divergence(p, q),
            "scipy.stats.entropy(p, q)": lambda: scipy.stats.entropy(p, q),
        },
        repeats,
    )
    for name, sec in t.items():
        print(f"    {name:28s} {_fmt_time(sec)}")
    r = t["scipy.stats.entropy(p)"] / t["il.entropy(p)"]
    report("entropy: scipy time / infolib time", f"{r:.2f}x", ">= 3x", r >= 3)
    r = t["scipy.stats.entropy(p, q)"] / t["il.kl_divergence(p, q)"]
    report("KL: scipy time / infolib time", f"{r:.2f}x", ">= 4x", r >= 4)
    # the stricter of the two: a log pass that does not even allocate its output
    r = t["il.entropy(p)"] / min(t["np.log(p)"], t["np.log(p, out=buffer)"])
    report("entropy: infolib time / one np.log pass", f"{r:.2f}x", "<= 2.5x", r <= 2.5)

    small = p[:n_small] / p[:n_small].sum()
    small_q = q[:n_small] / q[:n_small].sum()
    number = 2000
    print(f"\n== n = {n_small:,} (median of {repeats} runs of {number} calls)")
    t = median_times(
        {
            "il.entropy(p)": lambda: il.entropy(small),
            "scipy.stats.entropy(p)": lambda: scipy.stats.entropy(small),
            "il.kl_divergence(p, q)": lambda: il.kl_divergence(small, small_q),
            "scipy.stats.entropy(p, q)": lambda: scipy.stats.entropy(small, small_q),
        },
        repeats,
        number,
    )
    for name, sec in t.items():
        print(f"    {name:28s} {_fmt_time(sec)}")
    us = t["il.entropy(p)"] * 1e6
    report(f"entropy at n = {n_small}: time per call", f"{us:.1f} us", "< 20 us", us < 20)
    us = t["il.kl_divergence(p, q)"] * 1e6
    report(f"KL at n = {n_small}: time per call", f"{us:.1f} us", "< 20 us", us < 20)


def accuracy(n: int, seeds: int) -> None:
    """Relative error of KL at q = p (1 + 1e-8 noise), renormalised, against mpmath."""
    import mpmath

    print(f"\n== accuracy: KL(p || q) with q = p (1 + 1e-8 noise), renormalised, n = {n}, {seeds} seeds")
    print("   reference: mpmath at 50 digits on the same float64 numbers (worst case over seeds)")
    worst = {"infolib": 0.0, "textbook sum p*log(p/q)": 0.0, "scipy.stats.entropy(p, q)": 0.0}
    with mpmath.workdps(50):
        for seed in range(seeds):
            rng = np.random.default_rng(seed)
            p = rng.dirichlet(np.ones(n))
            q = p * (1 + 1e-8 * rng.standard_normal(n))
            q /= q.sum()
            x = [mpmath.mpf(v) for v in p.tolist()]
            y = [mpmath.mpf(v) for v in q.tolist()]
            exact = float(mpmath.fsum(a * mpmath.log(a / b) for a, b in zip(x, y)))
            # scipy divides p and q by their sums first: its target is the KL of those
            sx, sy = mpmath.fsum(x), mpmath.fsum(y)
            exact_normalised = float(mpmath.fsum((a / sx) * mpmath.log((a / sx) / (b / sy)) for a, b in zip(x, y)))
            errors = {
                "infolib": abs(il.kl_divergence(p, q, base="nats") - exact) / abs(exact),
                "textbook sum p*log(p/q)": abs(float(np.sum(p * np.log(p / q))) - exact) / abs(exact),
                "scipy.stats.entropy(p, q)": abs(float(scipy.stats.entropy(p, q)) - exact_normalised)
                / abs(exact_normalised),
            }
            for k, v in errors.items():
                worst[k] = max(worst[k], v)
    for name, err in worst.items():
        print(f"    {name:28s} relative error {err:9.2e}")
    report("KL accuracy at q = p(1 + 1e-8): infolib relative error", f"{worst['infolib']:.1e}", "<= 1e-8",
           worst["infolib"] <= 1e-8)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10**7, help="size of the large arrays (default 10**7)")
    parser.add_argument("--repeats", type=int, default=9, help="timed runs per contender (default 9)")
    args = parser.parse_args()

    print("infolib benchmark")
    print(f"  machine: {_cpu()}, {os.cpu_count()} logical cores, {platform.system()} {platform.machine()}")
    print(f"  python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
          f"infolib {il.__version__}")
    speed(args.n, 1000, args.repeats)
    accuracy(1000, 5)

    missed = [r for r in RESULTS if not r[3]]
    print(f"\n== summary: {len(RESULTS) - len(missed)} of {len(RESULTS)} targets met"
          + (f"; missed: {', '.join(r[0] for r in missed)}" if missed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
