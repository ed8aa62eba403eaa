"""Character n-gram language models: cross-entropy in bits per character, perplexity."""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from .units import Base, log_of_base

__all__ = ["CharNGramModel"]

_INT64_LIMIT = 2**63 - 1


def _check_text(text: object, name: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str; got {type(text).__name__}")
    if not text:
        raise ValueError(f"{name} is empty: it needs at least one character")
    return text


def _check_alpha(alpha: object) -> float:
    if isinstance(alpha, (bool, np.bool_)) or not isinstance(alpha, Real):
        raise ValueError(f"alpha must be a finite number > 0; got {alpha!r}")
    a = float(alpha)
    if not math.isfinite(a) or a <= 0:
        raise ValueError(f"alpha must be a finite number > 0; got {alpha!r}")
    return a


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


class CharNGramModel:
    r"""A character n-gram language model with hierarchical (interpolated) smoothing.

    The model predicts each character of a text from the ``order`` characters
    before it. Build one with :meth:`fit`; then score a text with
    :meth:`cross_entropy` (bits per character by default) or :meth:`perplexity`,
    read off next-character distributions with :meth:`probabilities`, or
    generate text with :meth:`sample`.

    Parameters
    ----------
    order : int
        Number of preceding characters the model conditions on (0 for
        character frequencies alone).
    alpha : float
        Smoothing strength, > 0: how many pseudo-observations the lower-order
        distribution is worth in every context.
    alphabet : str
        The characters the model knows, each once, in order.
    counts : list of tuple
        Per order :math:`k`, the sorted codes and counts of the (context,
        character) pairs and of the contexts seen in training. Built by
        :meth:`fit`; not meant to be assembled by hand.

    Notes
    -----
    With alphabet :math:`\mathcal A` of size :math:`V`, training counts
    :math:`N(\cdot)` and :math:`h'` the context :math:`h` without its oldest
    character, the probabilities are defined order by order [MacKay1995]_:

    .. math::

        P_0(c) = \frac{N(c) + \alpha / V}{N + \alpha}, \qquad
        P_k(c \mid h) = \frac{N(h c) + \alpha\, P_{k-1}(c \mid h')}{N(h) + \alpha}.

    Each is a distribution over :math:`\mathcal A` (by induction on :math:`k`),
    every probability is positive, and a context never seen in training
    (:math:`N(h) = 0`) falls back on the shorter one. The first characters of a
    text, which have fewer than ``order`` predecessors, are predicted from the
    context they have.

    The cross-entropy of a text :math:`x_1 \dots x_n` is
    :math:`-\frac1n \sum_i \log_b P(x_i \mid x_{i-k} \dots x_{i-1})` and its
    perplexity is :math:`b` to that power, whatever the base :math:`b`.

    References
    ----------
    .. [MacKay1995] D. J. C. MacKay and L. C. B. Peto, "A hierarchical Dirichlet
       language model", Natural Language Engineering 1 (1995).

    Examples
    --------
    >>> model = CharNGramModel.fit("abababab", order=1, alpha=0.1)
    >>> model.alphabet
    'ab'
    >>> model.probabilities("a").round(3)
    array([0.012, 0.988])
    >>> round(model.cross_entropy("abab"), 3)
    0.265
    >>> round(model.perplexity("abab"), 3)
    1.201
    """

    def __init__(self, order: int, alpha: float, alphabet: str, counts: list) -> None:
        self.order = order
        self.alpha = _check_alpha(alpha)
        self.alphabet = alphabet
        self._counts = counts
        self._index = np.full(max(map(ord, alphabet)) + 1, -1, dtype=np.int64)
        self._index[_code_points(alphabet)] = np.arange(len(alphabet))

    @classmethod
    def fit(
        cls, text: str, order: int, *, alpha: float = 1.0, alphabet: str | None = None
    ) -> CharNGramModel:
        r"""Count the n-grams of ``text`` and return the fitted model.

        Parameters
        ----------
        text : str
            Training text, at least one character.
        order : int
            Context length :math:`k \ge 0`.
        alpha : float, default 1.0
            Smoothing strength, a finite number > 0 (choose it on held-out text).
        alphabet : str, optional
            The characters the model can predict, without repeats. By default
            the distinct characters of ``text``. Pass a larger alphabet when the
            texts you will score may contain characters that ``text`` lacks.

        Returns
        -------
        CharNGramModel

        Raises
        ------
        TypeError
            If ``text`` or ``alphabet`` is not a str.
        ValueError
            If ``text`` is empty, ``order`` is not an integer >= 0, ``alpha`` is not
            finite and > 0, ``alphabet`` repeats a character or misses one of
            ``text``, or the n-gram codes would overflow 64-bit integers
            (``len(alphabet) ** (order + 1)`` must stay below :math:`2^{63}`).

        Examples
        --------
        >>> CharNGramModel.fit("hello", order=2).alphabet
        'ehlo'
        """
        _check_text(text, "text")
        if isinstance(order, (bool, np.bool_)) or not isinstance(order, (int, np.integer)) or order < 0:
            raise ValueError(f"order must be an integer >= 0; got {order!r}")
        order = int(order)
        alpha = _check_alpha(alpha)
        if alphabet is None:
            alphabet = "".join(sorted(set(text)))
        else:
            _check_text(alphabet, "alphabet")
            if len(set(alphabet)) != len(alphabet):
                seen: set[str] = set()
                dup = next(c for c in alphabet if c in seen or seen.add(c))  # type: ignore[func-returns-value]
                raise ValueError(f"alphabet must list each character once; {dup!r} is repeated")
        size = len(alphabet)
        if size ** (order + 1) > _INT64_LIMIT:
            raise ValueError(
                f"order {order} is too high for an alphabet of {size} characters: "
                f"{size}**{order + 1} n-gram codes do not fit in 64-bit integers"
            )
        model = cls(order, alpha, alphabet, [])
        x = model._encode(text, "text")
        ctx = np.zeros(x.size, dtype=np.int64)
        for k in range(order + 1):
            if 0 < k < x.size:  # ctx[i] now encodes x[i-k .. i-1], oldest character first
                ctx[k:] += x[: x.size - k] * size ** (k - 1)
            valid = ctx[k:]
            pairs = valid * size + x[k:]
            model._counts.append(
                (np.unique(pairs, return_counts=True), np.unique(valid, return_counts=True))
            )
        return model

    def with_alpha(self, alpha: float) -> CharNGramModel:
        """The same counts with another smoothing strength (no recounting).

        Parameters
        ----------
        alpha : float
            New smoothing strength, a finite number > 0.

        Returns
        -------
        CharNGramModel

        Examples
        --------
        >>> model = CharNGramModel.fit("abab", order=1)
        >>> model.with_alpha(0.5).alpha
        0.5
        """
        return type(self)(self.order, alpha, self.alphabet, self._counts)

    def _encode(self, text: str, name: str) -> np.ndarray:
        """Characters of ``text`` as alphabet indices (int64); unknown ones raise."""
        cp = _code_points(text)
        known = cp < self._index.size
        idx = np.full(cp.size, -1, dtype=np.int64)
        idx[known] = self._index[cp[known]]
        if (idx < 0).any():
            i = int(np.flatnonzero(idx < 0)[0])
            raise ValueError(
                f"{name} has the character {text[i]!r} at index {i}, "
                f"which is not in the model's alphabet {self.alphabet!r}"
            )
        return idx

    @staticmethod
    def _lookup(keys: np.ndarray, table: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        codes, counts = table
        if codes.size == 0:
            return np.zeros(keys.shape)
        # binary search of the distinct keys in sorted order: far fewer cache misses
        distinct, where = np.unique(keys, return_inverse=True)
        i = np.minimum(np.searchsorted(codes, distinct), codes.size - 1)
        found = np.where(codes[i] == distinct, counts[i], 0).astype(np.float64)
        return found[where.reshape(keys.shape)]

    def _probability(self, contexts: list[np.ndarray], targets: np.ndarray, depth: np.ndarray) -> np.ndarray:
        """P(target | context) for many positions at once.

        ``contexts[k]`` holds each position's order-k context code and ``depth``
        the longest order each position may use.
        """
        size, alpha = len(self.alphabet), self.alpha
        (pair0, total0) = self._counts[0]
        n = float(total0[1].sum())
        p = (self._lookup(targets, pair0) + alpha / size) / (n + alpha)
        for k in range(1, self.order + 1):
            pairs, ctx_counts = self._counts[k]
            n_ctx = self._lookup(contexts[k], ctx_counts)
            n_pair = self._lookup(contexts[k] * size + targets, pairs)
            p = np.where(depth >= k, (n_pair + alpha * p) / (n_ctx + alpha), p)
        return p

    def _context_codes(self, x: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
        """Order-k context code of every position of ``x`` (0 where too short)."""
        size = len(self.alphabet)
        codes = [np.zeros(x.size, dtype=np.int64)]
        for k in range(1, self.order + 1):
            c = codes[-1].copy()
            c[k:] += x[: max(x.size - k, 0)] * size ** (k - 1)
            codes.append(c)
        return codes, np.minimum(np.arange(x.size), self.order)

    def probabilities(self, context: str = "") -> np.ndarray:
        """Distribution of the next character after ``context``, over ``alphabet``.

        Parameters
        ----------
        context : str, default ""
            Preceding text; only its last ``order`` characters matter.

        Returns
        -------
        numpy.ndarray, shape (len(alphabet),)
            Positive probabilities summing to 1, in the order of ``alphabet``.

        Raises
        ------
        TypeError
            If ``context`` is not a str.
        ValueError
            If ``context`` has a character outside the alphabet.

        Examples
        --------
        >>> model = CharNGramModel.fit("aab", order=0, alpha=1.0)
        >>> model.probabilities()
        array([0.625, 0.375])
        """
        if not isinstance(context, str):
            raise TypeError(f"context must be a str; got {type(context).__name__}")
        size, alpha = len(self.alphabet), self.alpha
        tail = context[-self.order:] if self.order else ""
        x = self._encode(tail, "context").tolist() if tail else []
        # the same arithmetic as _probability, for one context and every character:
        # the counts of context h are the codes h * size + c, a contiguous range
        (pair0, total0) = self._counts[0]
        n = float(total0[1].sum())
        p = (self._row(0, pair0) + alpha / size) / (n + alpha)
        code = 0
        for k in range(1, len(tail) + 1):
            code += x[-k] * size ** (k - 1)  # the newest character has weight 1
            pairs, ctx_counts = self._counts[k]
            codes, counts = ctx_counts
            i = int(np.searchsorted(codes, code))
            n_ctx = float(counts[i]) if i < codes.size and codes[i] == code else 0.0
            p = (self._row(code, pairs) + alpha * p) / (n_ctx + alpha)
        return p

    def _row(self, code: int, table: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """Counts of every character after the context of ``code`` (float64, one per character)."""
        size = len(self.alphabet)
        codes, counts = table
        first = code * size
        lo, hi = np.searchsorted(codes, [first, first + size])
        row = np.zeros(size)
        row[codes[lo:hi] - first] = counts[lo:hi]
        return row

    def information(self, text: str, *, base: Base = 2) -> np.ndarray:
        """Information content of each character of ``text`` given the ones before it.

        Parameters
        ----------
        text : str
            Text to score, at least one character, all in the alphabet.
        base : float or str, default 2
            Logarithm base or unit name.

        Returns
        -------
        numpy.ndarray, shape (len(text),)
            :math:`-\\log_b P(x_i \\mid \\text{context})` for each character.

        Raises
        ------
        TypeError
            If ``text`` is not a str.
        ValueError
            If ``text`` is empty or has a character outside the alphabet, or
            ``base`` is not a valid base.

        Examples
        --------
        >>> model = CharNGramModel.fit("aab", order=0, alpha=1.0)
        >>> model.information("ab", base="bits").round(4)
        array([0.6781, 1.415 ])
        """
        scale = log_of_base(base)
        x = self._encode(_check_text(text, "text"), "text")
        codes, depth = self._context_codes(x)
        return -np.log(self._probability(codes, x, depth)) / scale

    def cross_entropy(self, text: str, *, base: Base = 2) -> float:
        """Average information per character of ``text``: bits per character by default.

        Parameters
        ----------
        text : str
            Text to score (held-out text measures how well the model predicts).
        base : float or str, default 2
            Logarithm base or unit name.

        Returns
        -------
        float
            :math:`-\\frac1n \\sum_i \\log_b P(x_i \\mid \\text{context})`.

        Raises
        ------
        TypeError
            If ``text`` is not a str.
        ValueError
            As :meth:`information`.

        Examples
        --------
        >>> model = CharNGramModel.fit("aab", order=0, alpha=1.0)
        >>> round(model.cross_entropy("ab"), 4)
        1.0466
        """
        return float(self.information(text, base=base).mean())

    def perplexity(self, text: str) -> float:
        """Perplexity of the model on ``text``: 2 to the bits per character.

        Parameters
        ----------
        text : str
            Text to score.

        Returns
        -------
        float
            :math:`2^{H}` for the cross-entropy :math:`H` in bits per character
            (equally :math:`e^{H}` for :math:`H` in nats): the size of a uniform
            alphabet that would be as hard to predict.

        Raises
        ------
        TypeError
            If ``text`` is not a str.
        ValueError
            As :meth:`information`.

        Examples
        --------
        >>> model = CharNGramModel.fit("ab", order=0, alpha=1.0)
        >>> model.perplexity("abba")
        2.0
        """
        return float(np.exp(self.cross_entropy(text, base="nats")))

    def sample(self, length: int, *, rng: np.random.Generator, prompt: str = "") -> str:
        """Generate ``length`` characters, one at a time, from the model.

        Parameters
        ----------
        length : int
            Number of characters to generate, >= 0.
        rng : numpy.random.Generator
            Source of randomness (e.g. ``numpy.random.default_rng(seed)``).
        prompt : str, default ""
            Text to continue; it is not part of the result.

        Returns
        -------
        str

        Raises
        ------
        TypeError
            If ``rng`` is not a numpy Generator or ``prompt`` is not a str.
        ValueError
            If ``length`` is negative or ``prompt`` has a character outside the alphabet.

        Examples
        --------
        >>> model = CharNGramModel.fit("abababab", order=1, alpha=1e-6)
        >>> model.sample(6, rng=np.random.default_rng(0), prompt="a")
        'bababa'
        """
        if isinstance(length, (bool, np.bool_)) or not isinstance(length, (int, np.integer)) or length < 0:
            raise ValueError(f"length must be an integer >= 0; got {length!r}")
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator; got {type(rng).__name__}")
        text = prompt
        self.probabilities(text)  # validates the prompt
        out = []
        for _ in range(int(length)):
            c = self.alphabet[rng.choice(len(self.alphabet), p=self.probabilities(text))]
            out.append(c)
            text = (text + c)[-self.order:] if self.order else ""
        return "".join(out)

    def __repr__(self) -> str:
        return f"CharNGramModel(order={self.order}, alpha={self.alpha!r}, alphabet size {len(self.alphabet)})"
