"""A character language model as a compressor: throughput and sizes against xz, bz2 and zlib.

Run with ``make bench`` (or ``python benchmarks/bench_language_coding.py``).
The held-out part of the course's Austen text (from "Chapter 20") is coded
with infolib's arithmetic coder driven by two models:

* static: an order-k ``CharNGramModel`` trained on the text before it, against
  xz (lzma) given that training text first (a raw LZMA2 stream primed with it:
  the stdlib has no preset-dictionary argument, so the size counted is what the
  held-out text adds);
* adaptive: an ``AdaptiveCharModel`` (PPMC, over the 256 byte values) that
  starts empty and learns while it codes, against xz, bz2 and zlib started
  cold on the same text (xz as a raw LZMA2 stream, bz2 and zlib in their own
  formats, headers included).

The script checks each round trip, then prints every size, the encode and
decode throughput in characters per second, and each figure as a ratio against
its budget, with PASS or MISS:

* size: the coder's guarantee, -log2 P plus the documented quantisation and
  rounding overheads plus 2 bits, in whole bytes;
* against the compressors: the adaptive model beats each cold compressor and
  the static model beats xz given the training text (ratio below 1);
* throughput: 5,000 characters a second each way, in CPU time (the wall time is
  printed too; on a busy shared machine it is longer), so that the chapter codes
  its 10,000 held-out characters in about 2 seconds each way.

It always exits 0: it reports, it does not gate.
"""

from __future__ import annotations

import argparse
import bz2
import lzma
import math
import statistics
import time
import zlib

import infolib as il
from infolib import arithmetic as ac

#: Characters a second that encode and decode must reach.
THROUGHPUT_BUDGET = 5_000

RESULTS: list[bool] = []


def report(name: str, measured: float, budget: float, fmt: str, higher_is_better: bool = False) -> None:
    """Print a measurement as a ratio against its budget, with PASS or MISS."""
    ok = measured >= budget if higher_is_better else measured <= budget
    RESULTS.append(ok)
    sign = ">=" if higher_is_better else "<="
    print(f"  {'PASS' if ok else 'MISS'}  {name}: {format(measured, fmt)} = {measured / budget:.3f} x budget "
          f"(budget {sign} {format(budget, fmt)})")


def _lzma_raw(data: bytes, dictionary: bytes | None = None) -> int:
    filters = [{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}]
    if dictionary is not None:
        filters[0]["dict_size"] = 1 << 26
        # prime the coder with the dictionary and count only what the held-out text adds
        both = lzma.compress(dictionary + data, format=lzma.FORMAT_RAW, filters=filters)
        alone = lzma.compress(dictionary, format=lzma.FORMAT_RAW, filters=filters)
        return len(both) - len(alone)
    return len(lzma.compress(data, format=lzma.FORMAT_RAW, filters=filters))


def _rates(f, n: int, repeats: int) -> tuple[float, float]:
    """Characters a second over the median of ``repeats`` calls of f: by CPU time, and by wall time.

    The coder is single-threaded Python, so its CPU time is its own work; the wall time
    also counts the waits of a busy shared machine.
    """
    cpu, wall = [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        f()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - t0)
    return n / statistics.median(cpu), n / statistics.median(wall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=20_000, help="held-out characters to code")
    parser.add_argument("--static-order", type=int, default=5)
    parser.add_argument("--adaptive-order", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of encode and decode (median)")
    args = parser.parse_args()
    text = il.load_text("pride_and_prejudice_vol1")
    split = text.index("Chapter 20\n")
    train, heldout = text[:split], text[split:][: args.chars]
    alphabet = "".join(sorted(set(text)))
    n = len(heldout)
    raw = heldout.encode("ascii")
    cold = {
        "xz (raw LZMA2)": _lzma_raw(raw),
        "bz2": len(bz2.compress(raw, 9)),
        "zlib": len(zlib.compress(raw, 9)),
    }
    xz_warm = _lzma_raw(raw, train.encode("ascii"))
    print(f"{n:,} held-out characters of Austen")
    for name, size in cold.items():
        print(f"  {name + ' cold':28s} {size:8,d} bytes  {8 * size / n:.3f} bits/char")
    print(f"  {'xz given the training text':28s} {xz_warm:8,d} bytes  {8 * xz_warm / n:.3f} bits/char")
    models = {
        "static": (
            f"order-{args.static_order} CharNGramModel trained on the training text",
            il.CharNGramModel.fit(train, args.static_order, alpha=3.0, alphabet=alphabet),
        ),
        "adaptive": (
            f"order-{args.adaptive_order} AdaptiveCharModel (PPMC, 256 byte values), learning while it codes",
            il.AdaptiveCharModel(args.adaptive_order),
        ),
    }
    for key, (name, model) in models.items():
        coded = il.encode_text(heldout, model)
        assert il.decode_text(coded, model, n) == heldout, "round trip failed"
        encode_rate, encode_wall = _rates(lambda: il.encode_text(heldout, model), n, args.repeats)
        decode_rate, decode_wall = _rates(lambda: il.decode_text(coded, model, n), n, args.repeats)
        ideal = model.information(heldout).sum()
        size_budget = math.ceil(
            (ideal + n * (ac.quantisation_bound(len(model.alphabet)) + ac.ROUNDING_BITS) + 2) / 8
        )
        print(f"\n{name}")
        print(f"  ideal -log2 P / 8            {ideal / 8:10,.1f} bytes  {ideal / n:.3f} bits/char")
        print(f"  arithmetic coder             {len(coded):8,d} bytes  {8 * len(coded) / n:.3f} bits/char; "
              "round trip byte-identical")
        report("coded size in bytes, against the coder's guarantee", len(coded), size_budget, ",d")
        print(f"  wall-clock throughput        {encode_wall:10,.0f} chars/s encode, {decode_wall:,.0f} decode")
        report("encode throughput, chars/s of CPU time", encode_rate, THROUGHPUT_BUDGET, ",.0f", higher_is_better=True)
        report("decode throughput, chars/s of CPU time", decode_rate, THROUGHPUT_BUDGET, ",.0f", higher_is_better=True)
        if key == "static":
            report("size / xz given the training text", len(coded) / xz_warm, 1.0, ".3f")
        else:
            for other, size in cold.items():
                report(f"size / {other} cold", len(coded) / size, 1.0, ".3f")
    missed = RESULTS.count(False)
    print(f"\n== summary: {len(RESULTS) - missed} of {len(RESULTS)} budgets met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
