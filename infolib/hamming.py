"""Hamming codes: linear block codes that correct any single flipped bit.

The Hamming code with ``r`` parity bits has length :math:`n = 2^r - 1` and
carries :math:`k = 2^r - 1 - r` message bits per block. Its parity-check matrix
has every non-zero column of ``r`` bits once, so the syndrome of a word with one
flipped bit is the column of that bit, and names it.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["HammingCode"]

# The generator matrix is held whole, k x n 64-bit integers: 8 MB at r = 10 (1,023 bits per
# block, far beyond any use in the course), 34 GB at r = 16.
_MAX_PARITY_BITS = 10
# Listing every codeword is refused beyond 2^16 of them.
_MAX_LISTED_MESSAGE_BITS = 16


class HammingCode:
    r"""The binary Hamming code with ``r`` parity bits: Hamming(:math:`2^r - 1, 2^r - 1 - r`).

    The code is systematic: a codeword is the ``k`` message bits followed by
    ``r`` parity bits. ``HammingCode()`` is Hamming(7, 4); ``HammingCode(2)``
    is the repetition code of length 3.

    Parameters
    ----------
    r : int, default 3
        The number of parity bits, from 2 to 10 (blocks of up to 1,023 bits; the
        generator matrix is held whole).

    Attributes
    ----------
    n, k, r : int
        Block length, message bits per block, parity bits per block.
    rate : float
        :math:`k / n`, message bits per channel use.
    parity_check : numpy.ndarray
        The :math:`r \times n` parity-check matrix :math:`H = [P \mid I_r]`:
        its columns are the :math:`2^r - 1` non-zero vectors of ``r`` bits, the
        ``k`` of weight two or more first (in increasing order read as binary
        numbers, first row most significant), then the identity.
    generator : numpy.ndarray
        The :math:`k \times n` generator matrix :math:`G = [I_k \mid P^\top]`,
        with :math:`H G^\top = 0` (mod 2).

    Raises
    ------
    ValueError
        If ``r`` is not a whole number from 2 to 10.

    Notes
    -----
    A codeword is :math:`t = m G` (mod 2) for a message :math:`m`; the
    **syndrome** of a received word :math:`y` is :math:`s = H y^\top` (mod 2).
    Codewords have syndrome 0. If :math:`y = t + e_j` differs from a codeword
    in bit :math:`j` only, :math:`s` is column :math:`j` of :math:`H`, so the
    decoder flips bit :math:`j`. Every word of :math:`n` bits is within
    distance 1 of exactly one codeword (the code is *perfect*), so this
    syndrome decoder returns the nearest codeword
    :cite:p:`mackay2003information,cover2006elements`.

    Examples
    --------
    >>> code = HammingCode()
    >>> code.n, code.k, code.rate
    (7, 4, 0.5714285714285714)
    >>> t = code.encode([1, 0, 1, 1])
    >>> t
    array([1, 0, 1, 1, 0, 1, 0])
    >>> y = t.copy(); y[2] ^= 1   # flip bit 2
    >>> code.syndrome(y)                  # column 2 of the parity-check matrix
    array([1, 1, 0])
    >>> code.decode(y)
    array([1, 0, 1, 1])
    """

    def __init__(self, r: int = 3):
        if isinstance(r, (bool, np.bool_)) or not isinstance(r, Integral) or not 2 <= r <= _MAX_PARITY_BITS:
            raise ValueError(f"r (the number of parity bits) must be a whole number from 2 to {_MAX_PARITY_BITS}; got {r!r}")
        self.r = int(r)
        self.n = 2**self.r - 1
        self.k = self.n - self.r
        values = np.arange(1, self.n + 1)
        weight_two_or_more = values[(values & (values - 1)) != 0]  # not a power of two
        unit = 2 ** np.arange(self.r - 1, -1, -1)  # the identity's columns, first row first
        columns = np.concatenate([weight_two_or_more, unit])
        shifts = np.arange(self.r - 1, -1, -1)
        h = (columns[None, :] >> shifts[:, None]) & 1
        self.parity_check = h.astype(np.int64)
        p = self.parity_check[:, : self.k]
        self.generator = np.concatenate([np.eye(self.k, dtype=np.int64), p.T], axis=1)
        # the bit to flip for each syndrome read as a binary number (-1: none)
        self._position = np.full(self.n + 1, -1, dtype=np.int64)
        self._position[columns] = np.arange(self.n)
        self._weights = 2**shifts

    @property
    def rate(self) -> float:
        return self.k / self.n

    def __repr__(self) -> str:
        return f"HammingCode(r={self.r})"

    def _bits(self, bits: ArrayLike, name: str, length: int) -> np.ndarray:
        """Validate an array of 0s and 1s whose last axis has ``length`` entries."""
        a = np.asarray(bits)
        if a.dtype.kind == "b":
            a = a.astype(np.int64)
        if a.dtype.kind not in "iuf":
            raise ValueError(f"{name} must be an array of 0s and 1s; got dtype {a.dtype}")
        if a.ndim == 0 or a.shape[-1] != length:
            raise ValueError(
                f"{name} must have {length} bits along its last axis (one block of this "
                f"Hamming({self.n}, {self.k}) code per row); got shape {a.shape}"
            )
        bad = np.flatnonzero((a != 0) & (a != 1))
        if bad.size:
            where = np.unravel_index(int(bad[0]), a.shape)
            raise ValueError(
                f"{name} must hold only 0s and 1s; entry {tuple(int(i) for i in where)} is "
                f"{a[where].item()!r} ({bad.size} bad entries)"
            )
        return a.astype(np.int64)

    def encode(self, message: ArrayLike) -> np.ndarray:
        """Codewords :math:`m G` (mod 2) of messages of ``k`` bits.

        Parameters
        ----------
        message : array_like of int
            Bits (0 or 1), shape ``(..., k)``: one message per row.

        Returns
        -------
        numpy.ndarray of int
            Shape ``(..., n)``: the message bits, then the parity bits.

        Raises
        ------
        ValueError
            If ``message`` is not 0s and 1s or its last axis is not ``k`` long.

        Examples
        --------
        >>> HammingCode().encode([[0, 0, 0, 1], [1, 1, 1, 1]])
        array([[0, 0, 0, 1, 1, 1, 1],
               [1, 1, 1, 1, 1, 1, 1]])
        """
        m = self._bits(message, "message", self.k)
        return (m @ self.generator) % 2

    def syndrome(self, received: ArrayLike) -> np.ndarray:
        """Syndromes :math:`H y^\\top` (mod 2) of received words of ``n`` bits.

        Parameters
        ----------
        received : array_like of int
            Bits (0 or 1), shape ``(..., n)``: one received word per row.

        Returns
        -------
        numpy.ndarray of int
            Shape ``(..., r)``: all zeros exactly for the codewords.

        Raises
        ------
        ValueError
            If ``received`` is not 0s and 1s or its last axis is not ``n`` long.

        Examples
        --------
        >>> code = HammingCode()
        >>> code.syndrome([0, 0, 0, 0, 0, 0, 1])   # the last bit's column of H
        array([0, 0, 1])
        """
        y = self._bits(received, "received", self.n)
        return (y @ self.parity_check.T) % 2

    def correct(self, received: ArrayLike) -> np.ndarray:
        """The nearest codeword to each received word: flip the bit its syndrome names.

        Parameters
        ----------
        received : array_like of int
            Bits (0 or 1), shape ``(..., n)``: one received word per row.

        Returns
        -------
        numpy.ndarray of int
            Shape ``(..., n)``: codewords.

        Raises
        ------
        ValueError
            If ``received`` is not 0s and 1s or its last axis is not ``n`` long.

        Examples
        --------
        >>> HammingCode().correct([1, 1, 0, 0, 0, 0, 0])   # two flips: decoded wrongly
        array([1, 1, 1, 0, 0, 0, 0])
        """
        y = self._bits(received, "received", self.n)
        s = ((y @ self.parity_check.T) % 2) @ self._weights
        position = self._position[s]
        flip = (position[..., None] == np.arange(self.n)).astype(np.int64)
        return y ^ flip

    def decode(self, received: ArrayLike) -> np.ndarray:
        """Syndrome decoding: the message bits of the nearest codeword.

        Parameters
        ----------
        received : array_like of int
            Bits (0 or 1), shape ``(..., n)``: one received word per row.

        Returns
        -------
        numpy.ndarray of int
            Shape ``(..., k)``: the decoded messages. They are right whenever at
            most one bit of the block was flipped.

        Raises
        ------
        ValueError
            If ``received`` is not 0s and 1s or its last axis is not ``n`` long.

        Examples
        --------
        >>> HammingCode().decode([1, 0, 1, 1, 0, 1, 1])   # last bit flipped
        array([1, 0, 1, 1])
        """
        return self.correct(received)[..., : self.k]

    def codewords(self) -> np.ndarray:
        """Every codeword, one per row, in the order of the messages read as binary numbers.

        Returns
        -------
        numpy.ndarray of int
            Shape ``(2**k, n)``.

        Raises
        ------
        ValueError
            If the code has more than 16 message bits (too many codewords to list).

        Examples
        --------
        >>> HammingCode(2).codewords()
        array([[0, 0, 0],
               [1, 1, 1]])
        """
        if self.k > _MAX_LISTED_MESSAGE_BITS:
            raise ValueError(
                f"Hamming({self.n}, {self.k}) has 2**{self.k} codewords, too many to list "
                f"(at most 2**{_MAX_LISTED_MESSAGE_BITS})"
            )
        shifts = np.arange(self.k - 1, -1, -1)
        messages = (np.arange(2**self.k)[:, None] >> shifts) & 1
        return self.encode(messages)
