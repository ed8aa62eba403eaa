r"""Arithmetic coding: a message to bytes within 2 bits of its information content.

An arithmetic coder turns a message :math:`x_1 \dots x_n` into a binary number
inside the interval of width :math:`P(x_1 \dots x_n)` that the model's
probabilities carve out of :math:`[0, 1)`, and so codes it in about
:math:`-\log_2 P(x_1 \dots x_n)` bits: the ideal code lengths that no symbol
code reaches. The coder here works in exact integer arithmetic (the coder of
Witten, Neal and Cleary [WNC1987]_), so the decoder retraces the encoder's
steps bit for bit on every machine.

The model is anything that gives, before each symbol, a table over the
alphabet :math:`\{0, 1, \dots, V - 1\}`:

* a fixed table (a probability vector, or integer frequencies) for a memoryless
  source, or
* a callable ``model(history)`` that receives the symbols coded so far (a list
  of ints, which it must not modify or keep) and returns the table for the next
  one. A language model that predicts the next character from the ones before
  it is a callable of this kind. :func:`~infolib.encode_text` and
  :func:`~infolib.decode_text` drive the coder with :class:`~infolib.CharNGramModel`
  or any object with ``alphabet`` and ``probabilities(context)``; for a model
  that learns while it codes (:class:`~infolib.AdaptiveCharModel`, which also
  has ``update(context, character)``) they call ``update`` with each character
  once it is coded, so that the decoder, learning from the characters it
  decodes, makes the same predictions.

Precision
---------
The coder keeps its interval in ``STATE_BITS`` = 96-bit integers (Python's
integers are exact at any size) and codes with integer frequencies summing to at
most ``TOTAL`` = :math:`2^{62}`. A table of probabilities :math:`p` over
:math:`V` symbols is quantised by :func:`~infolib.quantise` to frequencies
:math:`f_i = 1 + \lfloor p_i (T - V') \rfloor` for each of the :math:`V'` symbols
with :math:`p_i > 0` (0 for the others), the few units left over going to the
most probable symbol, so that every nonzero probability keeps a frequency of at
least 1 and :math:`q_i = f_i / T \ge p_i (1 - V'/T)`. Integer frequencies with a
total at most :math:`T` are used as they are.

Why so fine: the floor of one unit lifts every probability below :math:`1/T` to
:math:`1/T`, and then the coder no longer follows the model. Smoothed language
models do give such probabilities: an order-5 character model of Austen gives
13 of 20,000 held-out characters less than :math:`2^{-32}` (one of them
:math:`2^{-51}`), so with the common 32-bit total the file would be 8 bytes
shorter than the model's :math:`-\log_2 P`, and with a 16-bit total 2% shorter.
Below :math:`2^{-62}` the floor still applies, and then the code is *shorter*
than :math:`-\log_2 p` for that symbol.

Two losses add to :math:`-\log_2 P(\text{message})`:

* quantisation: :math:`\log_2 (p_i / q_i) \le -\log_2(1 - V'/T)` bits for each
  symbol coded from a probability table (:math:`8.0 \times 10^{-17}` bits for 256 symbols;
  none for integer frequencies);
* the integer interval: at most ``ROUNDING_BITS`` :math:`= -\log_2(1 - 2^{-32})
  \approx 3.4 \times 10^{-10}` bits per symbol, since the interval always spans
  more than :math:`2^{94}` integers when it is split in :math:`T \le 2^{62}` parts.

With :math:`q` the quantised probabilities, the coded message has at most
:math:`\sum_i -\log_2 q(x_i) + n \cdot` ``ROUNDING_BITS`` :math:`+\, 2` bits,
padded with zeros to whole bytes (:func:`~infolib.arithmetic.code_length_bound`).

References
----------
.. [WNC1987] I. H. Witten, R. M. Neal and J. G. Cleary, "Arithmetic coding for
   data compression", Communications of the ACM 30(6), 520-540 (1987).

Examples
--------
>>> p = [0.5, 0.25, 0.25]
>>> data = encode([0, 1, 0, 2, 0], p)
>>> data.hex(), len(data) * 8  # -log2 P = 7 bits, and at most 2 more to finish
('4c', 8)
>>> decode(data, p, 5)
[0, 1, 0, 2, 0]
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Protocol, Union

import numpy as np
from numpy.typing import ArrayLike

from .validation import DistributionError

__all__ = [
    "CorruptStreamError",
    "ROUNDING_BITS",
    "STATE_BITS",
    "TOTAL",
    "code_length_bound",
    "decode",
    "decode_text",
    "encode",
    "encode_bits",
    "encode_text",
    "quantisation_bound",
    "quantise",
]

#: Bits of the coder's interval registers.
STATE_BITS = 96
#: Bits of the largest frequency total (the table's resolution).
FREQUENCY_BITS = 62
#: Largest total of a frequency table: :math:`2^{62}`.
TOTAL = 1 << FREQUENCY_BITS
#: Most bits per symbol lost to the integer interval: :math:`-\log_2(1 - 2^{62-94})`.
ROUNDING_BITS = -math.log1p(-(2.0 ** (FREQUENCY_BITS - (STATE_BITS - 2)))) / math.log(2)

_TOP = (1 << STATE_BITS) - 1
_HALF = 1 << (STATE_BITS - 1)
_QUARTER = 1 << (STATE_BITS - 2)
_THREE_QUARTERS = 3 * _QUARTER
_SUM_TOLERANCE = 1e-6

Table = Union[ArrayLike, "FrequencyTable"]


class CorruptStreamError(ValueError):
    """The bytes given to :func:`~infolib.decode` are not what :func:`~infolib.encode` wrote for that model and length."""


class ModelProtocol(Protocol):
    """A model that gives the next symbol's table from the symbols before it."""

    def __call__(self, history: Sequence[int]) -> Table:  # pragma: no cover - a protocol
        ...


class FrequencyTable:
    """Integer frequencies (total at most ``TOTAL``) and their cumulative sums.

    Parameters
    ----------
    frequencies : sequence of int
        One non-negative frequency per symbol; the total must be in
        ``1 .. TOTAL``. A symbol of frequency 0 cannot be coded.

    Examples
    --------
    >>> FrequencyTable([1, 0, 3]).cumulative
    [0, 1, 1, 4]
    """

    __slots__ = ("frequencies", "cumulative", "total")

    def __init__(self, frequencies: Sequence[int]) -> None:
        freqs = [int(f) for f in frequencies]
        cum = [0]
        for f in freqs:
            cum.append(cum[-1] + f)
        self.frequencies = freqs
        self.cumulative = cum
        self.total = cum[-1]


def _check_weights(table: object, name: str) -> np.ndarray:
    """``table`` as a 1-d array of finite non-negative numbers with a positive sum."""
    arr = np.asarray(table)
    if arr.dtype.kind not in "biuf" or arr.ndim != 1 or arr.size == 0:
        raise DistributionError(
            f"{name} must be a non-empty 1-d array of numbers; got {np.asarray(table).ravel()[:5].tolist()!r}"
            f" with shape {arr.shape}"
        )
    lo, hi = arr.min(), arr.max()  # two passes for the common case; NaN propagates to both
    if arr.dtype.kind == "f" and not (math.isfinite(lo) and math.isfinite(hi)):
        bad = np.flatnonzero(~np.isfinite(arr))
        raise DistributionError(f"{name} contains {arr[bad[0]].item()!r} at index {int(bad[0])}")
    if lo < 0:
        bad = np.flatnonzero(arr < 0)
        raise DistributionError(f"{name} contains the negative value {arr[bad[0]].item()!r} at index {int(bad[0])}")
    if not hi > 0:
        raise DistributionError(f"{name} is all zero: at least one symbol needs a positive probability")
    return arr


def quantise(probabilities: ArrayLike, *, name: str = "probabilities") -> np.ndarray:
    r"""Integer frequencies summing to ``TOTAL`` for a probability vector.

    Each of the :math:`V'` symbols with :math:`p_i > 0` gets
    :math:`f_i = 1 + \lfloor p_i (T - V') \rfloor \ge 1`; symbols of probability 0
    get 0; the units left over (fewer than :math:`V'`) go to the most probable
    symbol. Hence :math:`f_i / T \ge p_i (1 - V'/T)`.

    Parameters
    ----------
    probabilities : array_like, shape (V,)
        Non-negative finite numbers summing to 1 (within :math:`10^{-6}`).
        Integer arrays are read as frequencies and divided by their sum.
    name : str, default "probabilities"
        Name of the argument in error messages.

    Returns
    -------
    numpy.ndarray of int64, shape (V,)

    Raises
    ------
    DistributionError
        If an entry is negative, NaN or infinite, all are zero, or a float vector
        does not sum to 1.

    Examples
    --------
    >>> quantise([0.5, 0.25, 0.25, 0.0]) / TOTAL
    array([0.5 , 0.25, 0.25, 0.  ])
    >>> quantise([1e-20, 1 - 1e-20])  # below 2**-62, it keeps a frequency of 1
    array([                  1, 4611686018427387903])
    """
    return _quantise(_check_weights(probabilities, name), name)


def _quantise(arr: np.ndarray, name: str) -> np.ndarray:
    """:func:`quantise` of an array that :func:`_check_weights` has accepted."""
    if arr.dtype.kind == "f":
        s = math.fsum(arr.tolist())
        if abs(s - 1.0) > _SUM_TOLERANCE:
            raise DistributionError(f"{name} sums to {s!r}, not 1")
        p = arr / s
    else:
        p = arr.astype(np.float64) / float(arr.sum())
    nonzero = p > 0
    v = int(np.count_nonzero(nonzero))
    f = 1 + np.floor(p * (TOTAL - v)).astype(np.int64)
    if v < p.size:
        f[~nonzero] = 0
    f[int(np.argmax(p))] += TOTAL - int(f.sum())
    return f


def _table(table: object, name: str) -> FrequencyTable:
    """A model's output as a FrequencyTable (quantised if needed)."""
    if isinstance(table, FrequencyTable):
        if not 0 < table.total <= TOTAL:
            raise DistributionError(f"{name} has total {table.total}; it must be in 1..{TOTAL}")
        return table
    arr = _check_weights(table, name)
    if arr.dtype.kind in "biu" and int(arr.sum()) <= TOTAL:
        return FrequencyTable(arr.tolist())
    return _frequency_table(_quantise(arr, name))


def _frequency_table(frequencies: np.ndarray) -> FrequencyTable:
    """The FrequencyTable of int64 frequencies summing to at most TOTAL (< 2**63: no overflow), summed by numpy."""
    cumulative = np.zeros(frequencies.size + 1, dtype=np.int64)
    np.cumsum(frequencies, out=cumulative[1:])
    table = FrequencyTable.__new__(FrequencyTable)
    table.frequencies = frequencies.tolist()
    table.cumulative = cumulative.tolist()
    table.total = table.cumulative[-1]
    return table


def _as_model(model: object) -> Callable[[Sequence[int]], FrequencyTable]:
    """A callable history -> FrequencyTable, whatever ``model`` is."""
    if callable(model):
        return lambda history: _table(model(history), f"the model's table after {len(history)} symbols")
    fixed = _table(model, "model")
    return lambda history: fixed


def _check_symbols(symbols: object) -> list[int]:
    try:
        out = [int(s) for s in symbols]  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise TypeError(f"symbols must be a sequence of integers; got {symbols!r:.60}") from None
    return out


def encode(symbols: Sequence[int], model: ModelProtocol | Table) -> bytes:
    r"""Code a message to bytes with arithmetic coding.

    Parameters
    ----------
    symbols : sequence of int
        The message, each symbol an index ``0 .. V - 1`` of the model's table.
    model : array_like, FrequencyTable or callable
        The same table before every symbol (probabilities summing to 1, or integer
        frequencies), or a callable ``model(history)`` returning the table for the
        next symbol given the list of symbols coded so far.

    Returns
    -------
    bytes
        At most ``ceil((sum_i -log2 q(x_i) + n * ROUNDING_BITS + 2) / 8)`` bytes,
        with :math:`q` the quantised table (:func:`~infolib.arithmetic.code_length_bound`).
        The length of the message is not stored: pass it to :func:`~infolib.decode`.

    Raises
    ------
    ValueError
        If a symbol is outside the table or has probability zero (the message
        names the symbol and its position).
    DistributionError
        If a table has a negative, NaN or infinite entry, is all zero, or a
        probability vector does not sum to 1.

    Examples
    --------
    >>> encode([0, 0, 0, 1], [0.9, 0.1]).hex()
    'a8'
    >>> encode([], [0.9, 0.1]).hex()
    '40'
    """
    return np.packbits(np.array(_code_bits(symbols, model), dtype=np.uint8)).tobytes()


def encode_bits(symbols: Sequence[int], model: ModelProtocol | Table) -> str:
    r"""The bits :func:`~infolib.encode` writes, as a string of 0s and 1s, before padding to bytes.

    At most :math:`\sum_i -\log_2 q(x_i) + n \cdot` ``ROUNDING_BITS`` :math:`+\, 2` of them
    (:func:`~infolib.arithmetic.code_length_bound`).

    Parameters
    ----------
    symbols : sequence of int
    model : array_like, FrequencyTable or callable
        As for :func:`~infolib.encode`.

    Returns
    -------
    str

    Examples
    --------
    >>> encode_bits([0, 1, 0, 2, 0], [0.5, 0.25, 0.25])  # -log2 P = 7 bits
    '01001100'
    """
    return "".join(map(str, _code_bits(symbols, model)))


def _code_bits(symbols: Sequence[int], model: ModelProtocol | Table) -> list[int]:
    """The encoder proper: the code bits of a message, as a list of 0s and 1s."""
    message = _check_symbols(symbols)
    table_of = _as_model(model)
    low, high, pending = 0, _TOP, 0
    bits: list[int] = []
    emit = bits.append
    history: list[int] = []
    for position, s in enumerate(message):
        t = table_of(history)
        if not 0 <= s < len(t.frequencies) or t.frequencies[s] == 0:
            what = "is outside the table" if not 0 <= s < len(t.frequencies) else "has probability zero"
            raise ValueError(
                f"symbols[{position}] = {s} {what} of the model "
                f"({len(t.frequencies)} symbols); it cannot be coded"
            )
        r = high - low + 1
        high = low + (r * t.cumulative[s + 1]) // t.total - 1
        low = low + (r * t.cumulative[s]) // t.total
        while True:
            if high < _HALF:
                emit(0)
                bits.extend([1] * pending)
                pending = 0
            elif low >= _HALF:
                emit(1)
                bits.extend([0] * pending)
                pending = 0
                low -= _HALF
                high -= _HALF
            elif low >= _QUARTER and high < _THREE_QUARTERS:
                pending += 1
                low -= _QUARTER
                high -= _QUARTER
            else:
                break
            low <<= 1
            high = (high << 1) | 1
        history.append(s)
    # two more bits (and the pending ones) pick a point inside the final interval
    pending += 1
    if low < _QUARTER:
        emit(0)
        bits.extend([1] * pending)
    else:
        emit(1)
        bits.extend([0] * pending)
    return bits


def decode(data: bytes, model: ModelProtocol | Table, length: int) -> list[int]:
    """Decode ``length`` symbols from bytes written by :func:`~infolib.encode` with the same model.

    Parameters
    ----------
    data : bytes
        The coded message.
    model : array_like, FrequencyTable or callable
        The model :func:`~infolib.encode` used; a callable receives the symbols decoded
        so far and must return the same tables as when encoding.
    length : int
        Number of symbols to decode (>= 0).

    Returns
    -------
    list of int

    Raises
    ------
    CorruptStreamError
        If ``data`` is shorter or longer than what :func:`~infolib.encode` writes for the
        decoded symbols, or its padding bits are not zero: the stream was
        truncated, extended or corrupted (not every corruption can be detected:
        most byte strings decode to some message).
    TypeError, ValueError
        If ``data`` is not bytes or ``length`` is not an integer >= 0.

    Examples
    --------
    >>> decode(bytes.fromhex("4c"), [0.5, 0.25, 0.25], 5)
    [0, 1, 0, 2, 0]
    >>> decode(b"", [0.5, 0.25, 0.25], 5)
    Traceback (most recent call last):
    ...
    infolib.arithmetic.CorruptStreamError: data is truncated: it has 0 bytes, but the 5 decoded symbols were coded in 1 bytes
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes; got {type(data).__name__}")
    if isinstance(length, (bool, np.bool_)) or not isinstance(length, (int, np.integer)) or length < 0:
        raise ValueError(f"length must be an integer >= 0; got {length!r}")
    table_of = _as_model(model)
    raw = bytes(data)
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8)).tolist()
    nbits = len(bits)
    bits.extend([0] * (STATE_BITS + 2))
    value = 0
    for b in bits[:STATE_BITS]:
        value = (value << 1) | b
    nxt = STATE_BITS
    low, high = 0, _TOP
    shifts = 0
    out: list[int] = []
    for _ in range(int(length)):
        t = table_of(out)
        r = high - low + 1
        target = ((value - low + 1) * t.total - 1) // r
        s = bisect_right(t.cumulative, target) - 1
        high = low + (r * t.cumulative[s + 1]) // t.total - 1
        low = low + (r * t.cumulative[s]) // t.total
        while True:
            if high < _HALF:
                pass
            elif low >= _HALF:
                low -= _HALF
                high -= _HALF
                value -= _HALF
            elif low >= _QUARTER and high < _THREE_QUARTERS:
                low -= _QUARTER
                high -= _QUARTER
                value -= _QUARTER
            else:
                break
            low <<= 1
            high = (high << 1) | 1
            if nxt >= len(bits):
                bits.extend([0] * 64)
            value = (value << 1) | bits[nxt]
            nxt += 1
            shifts += 1
        out.append(s)
    expected = (shifts + 2 + 7) // 8  # encode wrote one bit per shift and 2 to finish
    if len(raw) < expected:
        raise CorruptStreamError(
            f"data is truncated: it has {len(raw)} bytes, but the {length} decoded symbols "
            f"were coded in {expected} bytes"
        )
    if len(raw) > expected:
        raise CorruptStreamError(
            f"data has {len(raw)} bytes, but the {length} decoded symbols were coded in "
            f"{expected} bytes: it is corrupted, or longer than the message"
        )
    if any(bits[shifts + 2 : nbits]):
        raise CorruptStreamError("data is corrupted: its padding bits after the last code bit are not zero")
    return out


def code_length_bound(symbols: Sequence[int], model: ModelProtocol | Table) -> float:
    r"""The most bits :func:`~infolib.encode` can write for a message, before rounding up to bytes.

    :math:`\sum_i -\log_2 q(x_i \mid x_{<i}) + n \cdot` ``ROUNDING_BITS`` :math:`+\, 2`,
    with :math:`q` the tables as the coder uses them (after :func:`~infolib.quantise`).

    Parameters
    ----------
    symbols : sequence of int
    model : array_like, FrequencyTable or callable
        As for :func:`~infolib.encode`.

    Returns
    -------
    float

    Examples
    --------
    >>> round(code_length_bound([0, 1, 0, 2, 0], [0.5, 0.25, 0.25]), 4)
    9.0
    """
    message = _check_symbols(symbols)
    table_of = _as_model(model)
    terms = []
    history: list[int] = []
    for position, s in enumerate(message):
        t = table_of(history)
        if not 0 <= s < len(t.frequencies) or t.frequencies[s] == 0:
            raise ValueError(f"symbols[{position}] = {s} has probability zero under the model")
        terms.append(math.log2(t.total) - math.log2(t.frequencies[s]))
        history.append(s)
    return math.fsum(terms) + len(message) * ROUNDING_BITS + 2


def quantisation_bound(size: int) -> float:
    r"""Most bits per symbol that :func:`~infolib.quantise` adds for a table of ``size`` positive probabilities.

    :math:`-\log_2(1 - V'/T)` with :math:`T =` ``TOTAL``.

    Examples
    --------
    >>> f"{quantisation_bound(256):.2e}"
    '8.01e-17'
    """
    return -math.log1p(-size / TOTAL) / math.log(2)


class _LearningTextModel:
    """An adaptive character model seen by the coder: before each symbol, learn the one before it, then predict."""

    def __init__(self, model: object) -> None:
        self.model = model
        self.alphabet: str = model.alphabet  # type: ignore[attr-defined]
        self.order: int = model.order  # type: ignore[attr-defined]

    def __call__(self, history: Sequence[int]) -> FrequencyTable:
        k, alphabet, n = self.order, self.alphabet, len(history)
        if n:
            context = "".join(alphabet[i] for i in history[max(0, n - 1 - k) : n - 1])
            self.model.update(context, alphabet[history[-1]])  # type: ignore[attr-defined]
        context = "".join(alphabet[i] for i in history[max(0, n - k) :]) if k else ""
        p = self.model.probabilities(context)  # type: ignore[attr-defined]
        return _table(p, f"the model's probabilities after {context!r}")


class _TextModel:
    """A character model seen by the coder: history of indices -> probabilities, cached by context."""

    def __init__(self, model: object) -> None:
        self.model = model
        self.alphabet: str = model.alphabet  # type: ignore[attr-defined]
        self.order: int | None = getattr(model, "order", None)
        self.cache: dict[str, FrequencyTable] = {}

    def __call__(self, history: Sequence[int]) -> FrequencyTable:
        k = self.order
        recent = history[-k:] if k else ([] if k == 0 else history)
        context = "".join(self.alphabet[i] for i in recent)
        table = self.cache.get(context)
        if table is None:
            table = _table(self.model.probabilities(context), f"the model's probabilities after {context!r}")  # type: ignore[attr-defined]
            self.cache[context] = table
        return table


def _coder_model(model: object) -> Callable[[Sequence[int]], FrequencyTable]:
    """What the coder calls before each character: a learning model's copy, or a fixed model's cached tables."""
    if hasattr(model, "update"):
        return _LearningTextModel(model.copy())  # type: ignore[attr-defined]
    return _TextModel(model)


def encode_text(text: str, model: object) -> bytes:
    """Code a text with a character model: :func:`~infolib.encode` with the model's predictions.

    Parameters
    ----------
    text : str
        The text; every character must be in ``model.alphabet``.
    model : CharNGramModel or AdaptiveCharModel
        Anything with ``alphabet`` (a str) and ``probabilities(context)`` (the
        next character's distribution over ``alphabet`` after ``context``), and
        an ``order`` when only the last ``order`` characters matter. A model
        that also has ``update(context, character)`` and ``copy()``, as
        :class:`~infolib.AdaptiveCharModel`, learns while it codes: a copy of it
        predicts each character, then counts it. The one passed in is not changed.

    Returns
    -------
    bytes

    Raises
    ------
    ValueError
        If a character is not in the model's alphabet or has probability zero.

    Examples
    --------
    >>> from infolib import CharNGramModel
    >>> model = CharNGramModel.fit("abracadabra", order=2, alpha=0.5)
    >>> data = encode_text("abracadabra", model)
    >>> len(data), decode_text(data, model, 11)
    (1, 'abracadabra')
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__}")
    index = {c: i for i, c in enumerate(model.alphabet)}  # type: ignore[attr-defined]
    for position, c in enumerate(text):
        if c not in index:
            raise ValueError(
                f"text has the character {c!r} at index {position}, which is not in the model's alphabet"
            )
    symbols = [index[c] for c in text]
    return encode(symbols, _coder_model(model))


def decode_text(data: bytes, model: object, length: int) -> str:
    """Decode ``length`` characters written by :func:`~infolib.encode_text` with the same model.

    Parameters
    ----------
    data : bytes
    model : CharNGramModel or AdaptiveCharModel
        The model given to :func:`~infolib.encode_text` (an adaptive one in the state it
        had then).
    length : int
        Number of characters.

    Returns
    -------
    str

    Raises
    ------
    CorruptStreamError
        As :func:`~infolib.decode`.
    """
    symbols = decode(data, _coder_model(model), length)
    alphabet = model.alphabet  # type: ignore[attr-defined]
    return "".join(alphabet[i] for i in symbols)
