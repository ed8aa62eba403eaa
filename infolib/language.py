"""Character n-gram language models: cross-entropy in bits per character, perplexity.

:class:`~infolib.CharNGramModel` is fitted once on a training text; :class:`~infolib.AdaptiveCharModel`
starts empty and learns while it predicts, the model of an adaptive (PPM) compressor.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from .units import Base, log_of_base

__all__ = ["AdaptiveCharModel", "CharNGramModel"]

#: The default alphabet of :class:`~infolib.AdaptiveCharModel`: the 256 characters U+0000 to U+00FF, one per byte value.
BYTE_ALPHABET = "".join(map(chr, range(256)))

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


class AdaptiveCharModel:
    r"""An order-k character model that learns while it predicts: the model of a PPM compressor.

    It starts knowing only its alphabet. Before each character, :meth:`probabilities`
    predicts it from the counts of the text seen so far; after it, :meth:`update`
    counts it in each of its contexts. An encoder and a decoder that call these two
    in the same order make the same predictions, since they see the same characters:
    nothing about the text is sent beforehand. :func:`~infolib.encode_text` and
    :func:`~infolib.decode_text` do exactly that.

    Parameters
    ----------
    order : int
        Longest context, :math:`k \ge 0` characters.
    alphabet : str, optional
        The characters that may occur, each once. By default the 256 characters
        U+0000 to U+00FF (``BYTE_ALPHABET``), one per byte value, so that any
        ASCII or Latin-1 text can be coded with nothing agreed beforehand.
    alpha : float, optional
        By default (None) the escape is PPMC's [Moffat1990]_ with exclusion; a
        number > 0 selects the blended smoothing of :class:`~infolib.CharNGramModel` with
        that :math:`\alpha` instead (see Notes).

    Raises
    ------
    TypeError
        If ``alphabet`` is not a str.
    ValueError
        If ``order`` is not an integer >= 0, ``alphabet`` is empty or repeats a
        character, or ``alpha`` is not a finite number > 0.

    Notes
    -----
    Let :math:`N(hc)` be how often character :math:`c` followed the context
    :math:`h` in the text so far, :math:`N(h) = \sum_c N(hc)`, and :math:`T(h)`
    the number of different characters that followed :math:`h`.

    **PPMC** (the default). Start at the longest context :math:`h` of at most
    :math:`k` characters. A character seen after it is predicted with
    probability :math:`N(hc) / (N(h) + T(h))`; the remaining
    :math:`T(h) / (N(h) + T(h))` is the **escape** probability, passed on to the
    next shorter context, which shares it out the same way among the characters
    not seen in any longer context (**exclusion**: their counts are left out of
    :math:`N` and :math:`T` there). A context never seen, or whose characters are
    all excluded, passes on all of it. After the empty context (order 0) comes
    order :math:`-1`: the uniform distribution over the characters still
    excluded from nothing. If none is left (every character of the alphabet has
    been seen), the escape probability is shared out in proportion to the
    others, so that the probabilities always sum to 1; every character always
    has a positive probability.

    **Blended** (``alpha`` given). :math:`P_{-1}(c) = 1/V` and

    .. math::

        P_j(c \mid h) = \frac{N(hc) + \alpha P_{j-1}(c \mid h')}{N(h) + \alpha}

    for :math:`j = 0 \dots k`, with :math:`h'` the context without its oldest
    character: the formula of :class:`~infolib.CharNGramModel`. A model that has seen a
    text (:meth:`fit`) predicts exactly as ``CharNGramModel.fit`` on that text.

    Either way the characters are counted in every context length up to
    :math:`k`, and the first characters of a text use the shorter contexts they have.

    References
    ----------
    .. [Moffat1990] A. Moffat, "Implementing the PPM data compression scheme",
       IEEE Transactions on Communications 38(11), 1917-1921 (1990).

    Examples
    --------
    >>> m = AdaptiveCharModel(0, alphabet="abc")
    >>> m.probabilities("")  # nothing seen: order -1, uniform
    array([0.33333333, 0.33333333, 0.33333333])
    >>> m.update("", "a"); m.update("", "a")
    >>> m.probabilities("")  # a: 2/(2 + 1); the escape 1/3 shared by b and c
    array([0.66666667, 0.16666667, 0.16666667])
    >>> m.fit("b").probabilities("").round(4)
    array([0.4, 0.2, 0.4])
    """

    def __init__(self, order: int, *, alphabet: str | None = None, alpha: float | None = None) -> None:
        if isinstance(order, (bool, np.bool_)) or not isinstance(order, (int, np.integer)) or order < 0:
            raise ValueError(f"order must be an integer >= 0; got {order!r}")
        if alphabet is None:
            alphabet = BYTE_ALPHABET
        if not isinstance(alphabet, str):
            raise TypeError(f"alphabet must be a str; got {type(alphabet).__name__}")
        if not alphabet:
            raise ValueError("alphabet is empty: it needs at least one character")
        if len(set(alphabet)) != len(alphabet):
            seen: set[str] = set()
            dup = next(c for c in alphabet if c in seen or seen.add(c))  # type: ignore[func-returns-value]
            raise ValueError(f"alphabet must list each character once; {dup!r} is repeated")
        self.order = int(order)
        self.alphabet = alphabet
        self.alpha = None if alpha is None else _check_alpha(alpha)
        self._index = {c: i for i, c in enumerate(alphabet)}
        # per context length j, context -> counts of the next character (one per alphabet entry)
        self._counts: list[dict[str, np.ndarray]] = [{} for _ in range(self.order + 1)]

    def copy(self) -> AdaptiveCharModel:
        """A model with the same counts that learns separately.

        Examples
        --------
        >>> m = AdaptiveCharModel(0, alphabet="abc").fit("ab")
        >>> learner = m.copy().fit("bb")
        >>> m.probabilities(), learner.probabilities()
        (array([0.25, 0.25, 0.5 ]), array([0.16666667, 0.5       , 0.33333333]))
        """
        new = AdaptiveCharModel(self.order, alphabet=self.alphabet, alpha=self.alpha)
        new._counts = [{h: c.copy() for h, c in level.items()} for level in self._counts]
        return new

    def _check_context(self, context: object) -> str:
        if not isinstance(context, str):
            raise TypeError(f"context must be a str; got {type(context).__name__}")
        return context[max(0, len(context) - self.order) :] if self.order else ""

    def probabilities(self, context: str = "") -> np.ndarray:
        """Distribution of the next character after ``context`` under the counts so far.

        Parameters
        ----------
        context : str, default ""
            The text before the character; only its last ``order`` characters matter.

        Returns
        -------
        numpy.ndarray, shape (len(alphabet),)
            Positive probabilities summing to 1, in the order of ``alphabet``.

        Raises
        ------
        TypeError
            If ``context`` is not a str.

        Examples
        --------
        >>> m = AdaptiveCharModel(1, alphabet="abc").fit("aab")
        >>> m.probabilities("a")  # a and b followed "a" once each; c gets the escape 2/4
        array([0.25, 0.25, 0.5 ])
        """
        tail = self._check_context(context)
        size = len(self.alphabet)
        if self.alpha is not None:
            alpha = self.alpha
            p = np.full(size, 1.0 / size)
            for j in range(len(tail) + 1):
                counts = self._counts[j].get(tail[len(tail) - j :])
                if counts is not None:
                    p = (counts + alpha * p) / (counts.sum() + alpha)
            return p
        p = np.zeros(size)
        escape = 1.0
        allowed = np.ones(size, dtype=bool)
        for j in range(len(tail), -1, -1):
            counts = self._counts[j].get(tail[len(tail) - j :])
            if counts is None:
                continue
            seen = counts * allowed
            n = seen.sum()
            if n == 0:
                continue
            distinct = np.count_nonzero(seen)
            p += (escape / (n + distinct)) * seen
            escape *= distinct / (n + distinct)
            allowed &= counts == 0
        left = np.count_nonzero(allowed)
        if left:
            p[allowed] += escape / left
        else:
            p /= p.sum()
        return p

    def update(self, context: str, character: str) -> None:
        """Count ``character`` after ``context``, in every context length up to ``order``.

        Parameters
        ----------
        context : str
            The text before the character; only its last ``order`` characters matter.
        character : str
            One character of the alphabet.

        Raises
        ------
        TypeError
            If ``context`` is not a str.
        ValueError
            If ``character`` is not one character of the alphabet.
        """
        tail = self._check_context(context)
        i = self._index.get(character) if isinstance(character, str) else None
        if i is None:
            raise ValueError(f"character must be one character of the alphabet; got {character!r}")
        for j in range(len(tail) + 1):
            h = tail[len(tail) - j :]
            counts = self._counts[j].get(h)
            if counts is None:
                counts = self._counts[j][h] = np.zeros(len(self.alphabet))
            counts[i] += 1.0

    def _check_text(self, text: object) -> str:
        if not isinstance(text, str):
            raise TypeError(f"text must be a str; got {type(text).__name__}")
        for position, c in enumerate(text):
            if c not in self._index:
                raise ValueError(
                    f"text has the character {c!r} at index {position}, which is not in the model's alphabet"
                )
        return text

    def fit(self, text: str) -> AdaptiveCharModel:
        """Count every character of ``text`` in its contexts, as if it had been coded; returns self.

        Raises
        ------
        TypeError
            If ``text`` is not a str.
        ValueError
            If ``text`` has a character outside the alphabet.
        """
        for position, c in enumerate(self._check_text(text)):
            self.update(text[max(0, position - self.order) : position], c)
        return self

    def information(self, text: str, *, base: Base = 2) -> np.ndarray:
        r"""Information content of each character of ``text`` coded adaptively from the current counts.

        The model is not changed (a copy learns the text). The sum is
        :math:`-\log_2 P(\text{text})`, the size an arithmetic coder driven by the
        model reaches within 2 bits.

        Parameters
        ----------
        text : str
        base : float or str, default 2
            Logarithm base or unit name.

        Returns
        -------
        numpy.ndarray, shape (len(text),)

        Raises
        ------
        TypeError
            If ``text`` is not a str.
        ValueError
            If ``text`` has a character outside the alphabet, or ``base`` is not a valid base.

        Examples
        --------
        >>> AdaptiveCharModel(0, alphabet="ab").information("aa")  # 1/2, then 1/(1 + 1)
        array([1., 1.])
        """
        scale = log_of_base(base)
        m = self.copy()
        out = np.empty(len(self._check_text(text)))
        for position, c in enumerate(text):
            context = text[max(0, position - self.order) : position]
            out[position] = m.probabilities(context)[m._index[c]]
            m.update(context, c)
        return -np.log(out) / scale

    def __repr__(self) -> str:
        escape = "PPMC" if self.alpha is None else f"alpha={self.alpha!r}"
        return f"AdaptiveCharModel(order={self.order}, {escape}, alphabet size {len(self.alphabet)})"
