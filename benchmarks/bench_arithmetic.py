"""Size and speed of infolib's arithmetic coder against -log2 P and against constriction.

Run with ``make bench`` (or ``python benchmarks/bench_arithmetic.py``). On the
same messages and models it prints the ideal size (the sum of -log2 P over the
message, in bytes), the size infolib writes and the size constriction's range
coder writes (Rust, 32-bit words, 24-bit probabilities), and the encode and
decode speeds of both. The size budget is infolib's guarantee: at most
2 bits plus the documented quantisation and rounding overheads above -log2 P,
rounded up to whole bytes. Speed has no budget: infolib's coder is pure
Python and is reported beside the compiled coder for scale. The script
always exits 0: it reports, it does not gate.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections.abc import Callable

import numpy as np

import infolib as il
from infolib import arithmetic as ac

try:
    import constriction
except ImportError:  # pragma: no cover - depends on the environment
    constriction = None


def _median_seconds(f: Callable[[], object], repeats: int) -> float:
    f()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _cases(n: int, rng: np.random.Generator) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """name -> (message, one probability table per symbol)."""
    cases = {}
    p = np.array([0.97, 0.02, 0.007, 0.003])
    cases["skewed, 4 symbols, fixed table"] = (rng.choice(4, size=n, p=p), np.tile(p, (n, 1)))
    p = rng.dirichlet(np.full(64, 0.5))
    cases["64 symbols, fixed table"] = (rng.choice(64, size=n, p=p), np.tile(p, (n, 1)))
    tables = rng.dirichlet(np.full(16, 0.2), size=n)
    message = (tables.cumsum(axis=1) < rng.random((n, 1))).sum(axis=1).clip(max=15)
    cases["16 symbols, a new table each step"] = (message, tables)
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--symbols", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    print(f"arithmetic coding of {args.symbols:,} symbols (median of {args.repeats} runs)")
    if constriction is None:
        print("constriction is not installed (pip install constriction): its columns are left out")
    for name, (message, tables) in _cases(args.symbols, rng).items():
        n = len(message)
        symbols = message.tolist()
        if "fixed" in name:
            model = tables[0]  # one table, quantised once
        else:
            model = lambda history: tables[len(history)]  # noqa: E731
        ideal = -np.log2(tables[np.arange(n), message]).sum()
        support = max(int(np.count_nonzero(t)) for t in tables[:1])
        budget = math.ceil((ideal + n * (ac.quantisation_bound(tables.shape[1]) + ac.ROUNDING_BITS) + 2) / 8)
        coded = il.encode(symbols, model)
        assert il.decode(coded, model, n) == symbols
        t_enc = _median_seconds(lambda: il.encode(symbols, model), args.repeats)
        t_dec = _median_seconds(lambda: il.decode(coded, model, n), args.repeats)
        print(f"\n{name} ({support} symbols in the first table)")
        print(f"  ideal -log2 P          {ideal / 8:12.1f} bytes")
        verdict = "PASS" if len(coded) <= budget else "MISS"
        print(
            f"  infolib                {len(coded):10d}   bytes  ({len(coded) / (ideal / 8):.5f} x ideal; "
            f"budget {budget} bytes: {verdict})"
        )
        print(f"  infolib speed          {n / t_enc:12,.0f} symbols/s encode, {n / t_dec:,.0f} decode")
        if constriction is not None:
            family = constriction.stream.model.Categorical(perfect=False)
            probs = np.ascontiguousarray(tables, dtype=np.float64)
            msg32 = message.astype(np.int32)

            def c_encode():
                enc = constriction.stream.queue.RangeEncoder()
                enc.encode(msg32, family, probs)
                return enc.get_compressed()

            words = c_encode()
            decoded = constriction.stream.queue.RangeDecoder(words).decode(family, probs)
            assert np.array_equal(decoded, msg32)
            tc_enc = _median_seconds(c_encode, args.repeats)
            tc_dec = _median_seconds(
                lambda: constriction.stream.queue.RangeDecoder(words).decode(family, probs), args.repeats
            )
            size = 4 * words.size
            print(f"  constriction           {size:10d}   bytes  ({size / (ideal / 8):.5f} x ideal)")
            print(
                f"  constriction speed     {n / tc_enc:12,.0f} symbols/s encode, {n / tc_dec:,.0f} decode "
                f"(infolib takes {t_enc / tc_enc:,.0f}x and {t_dec / tc_dec:,.0f}x as long)"
            )


if __name__ == "__main__":
    main()
