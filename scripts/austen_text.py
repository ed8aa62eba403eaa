"""Extract Volume I of Pride and Prejudice from the janeaustenr R package.

The course's character language models (chapter 9) train on
``infolib/data/pride_and_prejudice_vol1.txt``, which ``infolib.load_text``
reads. This script rebuilds that file from Debian's ``r-cran-janeaustenr``
package (version 1.0.0-1), which carries Project Gutenberg eBook #1342 with the
Project Gutenberg header and licence already removed. Only the standard library is needed, not R::

    apt-get download r-cran-janeaustenr
    dpkg-deb -x r-cran-janeaustenr_1.0.0-1_all.deb pkg
    python scripts/austen_text.py pkg/usr/lib/R/site-library/janeaustenr/data/Rdata.rdb

R's lazy-load database ``Rdata.rdb`` is a sequence of records, each a 4-byte
big-endian length followed by a zlib stream holding one object in R's XDR
serialization; each novel is a character vector of lines. The script keeps
chapters 1-23 (Volume I) and joins the lines of each paragraph with single
spaces, so that the file has one paragraph per line.
"""

from __future__ import annotations

import argparse
import re
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "infolib" / "data" / "pride_and_prejudice_vol1.txt"
STRSXP, NILVALUE = 16, 254


def records(blob: bytes):
    """Yield the decompressed serialized objects of a lazy-load database."""
    pos = 0
    while pos < len(blob):
        size = struct.unpack(">I", blob[pos:pos + 4])[0]
        d = zlib.decompressobj()
        raw = d.decompress(blob[pos + 4:])
        if len(raw) != size:
            raise ValueError(f"record at byte {pos}: expected {size} bytes, got {len(raw)}")
        pos = len(blob) - len(d.unused_data)
        yield raw


def character_vector(raw: bytes) -> list[str]:
    """Decode an XDR-serialized R character vector (NA elements become '')."""
    if raw[:2] != b"X\n":
        raise ValueError("not an XDR serialization")
    i = 2
    version = struct.unpack(">i", raw[i:i + 4])[0]
    i += 12
    if version == 3:
        i += 4 + struct.unpack(">i", raw[i:i + 4])[0]  # native encoding name
    flags, n = struct.unpack(">ii", raw[i:i + 8])
    if flags & 0xFF != STRSXP:
        raise ValueError(f"expected a character vector, got SEXP type {flags & 0xFF}")
    i += 8
    out = []
    for _ in range(n):
        _, length = struct.unpack(">ii", raw[i:i + 8])
        i += 8
        if length == -1:
            out.append("")
        else:
            out.append(raw[i:i + length].decode("utf-8"))
            i += length
    return out


def paragraphs(lines: list[str]) -> str:
    """Join the lines of each paragraph with spaces; one paragraph per line."""
    paras, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return "\n".join(paras) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rdb", type=Path, help="path to janeaustenr's data/Rdata.rdb")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    novels = [character_vector(r) for r in records(args.rdb.read_bytes())]
    (pride,) = [v for v in novels if v and v[0] == "PRIDE AND PREJUDICE"]
    end = pride.index("Chapter 24")
    if not re.fullmatch(r"Chapter 1", pride[6]):
        raise ValueError("unexpected start of Pride and Prejudice")
    args.out.write_text(paragraphs(pride[:end]), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
