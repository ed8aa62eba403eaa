"""A character language model as a compressor: throughput and sizes against xz, bz2 and zlib.

Run with ``make bench`` (or ``python benchmarks/bench_language_coding.py``).
The held-out part of the course's Austen text (from "Chapter 20") is coded
with infolib's arithmetic coder driven by an order-k ``CharNGramModel``
trained on the text before it (static) and by an ``AdaptiveCharModel`` that
learns while it codes. The script checks each round trip, then prints encode
and decode throughput in characters per second, the coded size beside the
model's ideal -log2 P, and the sizes of xz (lzma), bz2 and zlib on the same
text: cold, and for the static model also lzma with the training text as a
preset dictionary (raw LZMA2 stream, so no container header in either). The
size budget is the coder's guarantee (ideal + documented overheads + 2 bits,
in whole bytes). It always exits 0: it reports, it does not gate.
"""

from __future__ import annotations

import argparse
import bz2
import lzma
import math
import time
import zlib

import infolib as il
from infolib import arithmetic as ac


def _lzma_raw(data: bytes, dictionary: bytes | None = None) -> int:
    filters = [{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}]
    if dictionary is not None:
        filters[0]["dict_size"] = 1 << 26
        # the stdlib has no preset-dictionary argument: prime the coder with the
        # dictionary and count only what the held-out text adds
        both = lzma.compress(dictionary + data, format=lzma.FORMAT_RAW, filters=filters)
        alone = lzma.compress(dictionary, format=lzma.FORMAT_RAW, filters=filters)
        return len(both) - len(alone)
    return len(lzma.compress(data, format=lzma.FORMAT_RAW, filters=filters))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=20_000, help="held-out characters to code")
    parser.add_argument("--order", type=int, default=5)
    args = parser.parse_args()
    text = il.load_text("pride_and_prejudice_vol1")
    split = text.index("Chapter 20\n")
    train, heldout = text[:split], text[split:][: args.chars]
    alphabet = "".join(sorted(set(text)))
    n = len(heldout)
    raw = heldout.encode("ascii")
    print(f"{n:,} held-out characters of Austen, order-{args.order} models, alphabet of {len(alphabet)}")
    print(f"  xz (lzma) cold        {_lzma_raw(raw):8d} bytes")
    print(f"  bz2 cold              {len(bz2.compress(raw, 9)):8d} bytes")
    print(f"  zlib cold             {len(zlib.compress(raw, 9)):8d} bytes")
    xz_warm = _lzma_raw(raw, train.encode("ascii"))
    print(f"  xz given the training text {xz_warm:8d} bytes")
    models = {
        "static CharNGramModel (trained on the training text)": il.CharNGramModel.fit(
            train, args.order, alpha=3.0, alphabet=alphabet
        ),
        "adaptive model (learns while it codes)": il.AdaptiveCharModel(alphabet, args.order, alpha=16.0),
    }
    for name, model in models.items():
        t0 = time.perf_counter()
        coded = il.encode_text(heldout, model)
        t1 = time.perf_counter()
        back = il.decode_text(coded, model, n)
        t2 = time.perf_counter()
        assert back == heldout, "round trip failed"
        ideal = model.information(heldout).sum()
        budget = math.ceil((ideal + n * (ac.quantisation_bound(len(alphabet)) + ac.ROUNDING_BITS) + 2) / 8)
        verdict = "PASS" if len(coded) <= budget else "MISS"
        print(f"\n{name}")
        print(f"  ideal -log2 P         {ideal / 8:10.1f} bytes ({ideal / n:.4f} bits/char)")
        print(f"  arithmetic coder      {len(coded):8d} bytes (budget {budget}: {verdict}); round trip byte-identical")
        reference = xz_warm if name.startswith("static") else _lzma_raw(raw)
        label = "xz given the training text" if name.startswith("static") else "xz cold"
        print(f"  size / {label}: {len(coded) / reference:.3f}")
        print(f"  throughput            {n / (t1 - t0):10,.0f} chars/s encode, {n / (t2 - t1):,.0f} chars/s decode")


if __name__ == "__main__":
    main()
