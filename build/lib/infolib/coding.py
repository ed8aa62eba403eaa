"""Prefix codes: Huffman's optimal code for a known distribution."""

from __future__ import annotations

import heapq
import math
from collections.abc import Hashable, Iterable, Mapping
from itertools import count

import numpy as np

from .validation import DistributionError, check_distribution

__all__ = ["HuffmanCode"]


class HuffmanCode:
    r"""A binary Huffman code: the optimal prefix code for a distribution.

    Build one with :meth:`from_distribution`; then :meth:`encode` and
    :meth:`decode` messages, and compare :attr:`average_length` with the
    entropy of the distribution.

    Parameters
    ----------
    codebook : Mapping
        Outcome -> codeword (a string of ``"0"`` and ``"1"``). The codewords
        must form a prefix code (none is the start of another).

    Raises
    ------
    ValueError
        If a codeword is empty, uses characters other than 0 and 1, or is a
        prefix of another codeword.

    Notes
    -----
    For a source with entropy :math:`H` bits, the expected length :math:`L`
    of a Huffman code satisfies :math:`H \le L < H + 1`
    :cite:p:`cover2006elements`. Outcomes of probability 0 get no codeword.

    Examples
    --------
    >>> code = HuffmanCode.from_distribution({"a": 0.5, "b": 0.25, "c": 0.25})
    >>> code.codebook
    {'a': '0', 'b': '10', 'c': '11'}
    >>> code.encode(["a", "c", "b"])
    '01110'
    >>> code.decode("01110")
    ['a', 'c', 'b']
    >>> code.average_length
    1.5
    """

    def __init__(self, codebook: Mapping[Hashable, str], _probs: Mapping | None = None):
        book = dict(codebook)
        if not book:
            raise ValueError("a code needs at least one codeword")
        for outcome, word in book.items():
            if not word or set(word) - {"0", "1"}:
                raise ValueError(f"codeword {word!r} for {outcome!r} must be a non-empty string of 0s and 1s")
        words = sorted(book.values())
        for a, b in zip(words, words[1:]):
            if b.startswith(a):
                raise ValueError(f"not a prefix code: {a!r} is a prefix of {b!r}")
        self._book = book
        self._probs = dict(_probs) if _probs is not None else None
        self._decoder = {w: o for o, w in book.items()}

    @classmethod
    def from_distribution(cls, distribution: Mapping[Hashable, float]) -> "HuffmanCode":
        """Build the Huffman code for a distribution (a mapping outcome -> probability).

        Ties are broken by order of the outcomes, so the code is reproducible.
        A distribution with a single outcome gets the one-bit codeword ``"0"``.

        Raises
        ------
        DistributionError
            If the probabilities are not a valid distribution.
        """
        if not isinstance(distribution, Mapping):
            raise TypeError("from_distribution takes a mapping from outcome to probability")
        outcomes = list(distribution)
        probs, _ = check_distribution(list(distribution.values()), "distribution")
        live = [(float(p), o) for o, p in zip(outcomes, probs) if p > 0]
        if len(live) == 1:
            return cls({live[0][1]: "0"}, dict(zip(outcomes, probs.tolist())))
        tick = count()
        heap = [(p, next(tick), [o]) for p, o in live]
        heapq.heapify(heap)
        words: dict[Hashable, str] = {o: "" for _, o in live}
        while len(heap) > 1:
            p0, _, group0 = heapq.heappop(heap)
            p1, _, group1 = heapq.heappop(heap)
            for o in group0:
                words[o] = "0" + words[o]
            for o in group1:
                words[o] = "1" + words[o]
            heapq.heappush(heap, (p0 + p1, next(tick), group0 + group1))
        return cls({o: words[o] for o in outcomes if o in words}, dict(zip(outcomes, probs.tolist())))

    @property
    def codebook(self) -> dict:
        """Outcome -> codeword."""
        return dict(self._book)

    def lengths(self) -> dict:
        """Outcome -> codeword length in bits."""
        return {o: len(w) for o, w in self._book.items()}

    def expected_length(self, distribution: Mapping[Hashable, float]) -> float:
        """Average codeword length, in bits per symbol, for symbols drawn from ``distribution``.

        Returns ``inf`` if an outcome of positive probability has no codeword.

        Raises
        ------
        DistributionError
            If ``distribution`` is not valid.
        """
        outcomes = list(distribution)
        probs, _ = check_distribution(list(distribution.values()), "distribution")
        total = []
        for o, p in zip(outcomes, probs.tolist()):
            if p == 0:
                continue
            if o not in self._book:
                return math.inf
            total.append(p * len(self._book[o]))
        return math.fsum(total)

    @property
    def average_length(self) -> float:
        """Expected codeword length under the distribution the code was built for."""
        if self._probs is None:
            raise ValueError("this code was not built from a distribution; use expected_length(p)")
        return self.expected_length(self._probs)

    def encode(self, message: Iterable[Hashable]) -> str:
        """Concatenate the codewords of the symbols in ``message``.

        Raises
        ------
        DistributionError
            If a symbol has no codeword (it is not an outcome, or had probability 0).
        """
        if isinstance(message, np.ndarray):
            message = message.tolist()
        book = self._book
        try:
            return "".join([book[s] for s in message])
        except KeyError as exc:
            raise DistributionError(f"symbol {exc.args[0]!r} has no codeword in this code") from None

    def decode(self, bits: str) -> list:
        """Split a string of bits into codewords and return the symbols.

        Raises
        ------
        ValueError
            If ``bits`` contains characters other than 0 and 1 or ends inside a codeword.
        """
        if set(bits) - {"0", "1"}:
            raise ValueError("bits must be a string of 0s and 1s")
        out, start, decoder = [], 0, self._decoder
        longest = max(len(w) for w in decoder)
        for end in range(1, len(bits) + 1):
            word = bits[start:end]
            if word in decoder:
                out.append(decoder[word])
                start = end
            elif end - start >= longest:
                break
        if start != len(bits):
            raise ValueError(f"bits end with an incomplete codeword {bits[start:]!r}")
        return out

    def __repr__(self) -> str:
        return f"HuffmanCode({self._book!r})"
