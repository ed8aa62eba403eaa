"""Finite probability spaces: outcomes, events and their probabilities."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from itertools import chain, combinations
from typing import Any, Union

import numpy as np

from .measures import entropy as _entropy
from .measures import information as _information
from .units import Base
from .validation import DistributionError, check_distribution

__all__ = ["Distribution", "Event"]

Event = Union[Hashable, Iterable[Hashable], Callable[[Any], bool]]


class Distribution(Mapping):
    r"""A probability distribution over finitely many outcomes.

    A ``Distribution`` is a read-only mapping from outcome to probability, so
    it can be passed anywhere ``infolib`` accepts a mapping (for example to
    :func:`~infolib.entropy` or :func:`~infolib.kl_divergence`).

    Parameters
    ----------
    mapping : Mapping
        Outcome -> probability. Outcomes are hashable atomic labels (a string
        is one outcome, never split into characters). Probabilities must be
        finite, non-negative and sum to 1 within 1e-9.
    normalize : bool, default False
        Rescale weights or counts that do not sum to 1.

    Raises
    ------
    DistributionError
        If the mapping is empty or its values are not a distribution.

    Notes
    -----
    This is the finite probability space :math:`(\Omega, \Sigma, P)` with
    :math:`\Omega` the outcomes, :math:`\Sigma = 2^\Omega` every set of
    outcomes, and :math:`P(A) = \sum_{\omega \in A} P(\{\omega\})`.

    Examples
    --------
    >>> die = Distribution.uniform(range(1, 7))
    >>> die.prob({2, 4, 6})
    0.5
    >>> die.information({2, 4, 6})
    1.0
    >>> die.information(range(1, 7))
    0.0
    >>> coin = Distribution({"heads": 0.5, "tails": 0.5})
    >>> coin.prob("heads")
    0.5
    """

    __slots__ = ("_outcomes", "_probs", "_index")

    def __init__(self, mapping: Mapping[Hashable, float], *, normalize: bool = False):
        if not isinstance(mapping, Mapping):
            raise TypeError(
                f"Distribution takes a mapping from outcome to probability, "
                f"not a {type(mapping).__name__}; use Distribution.from_samples "
                "for a sequence of observations"
            )
        outcomes = tuple(mapping)
        probs, _ = check_distribution(list(mapping.values()), "probabilities", -1, normalize)
        probs = np.array(probs, dtype=np.float64)
        probs.flags.writeable = False
        self._outcomes = outcomes
        self._probs = probs
        self._index = {o: i for i, o in enumerate(outcomes)}

    # -- construction -------------------------------------------------------
    @classmethod
    def uniform(cls, outcomes: Iterable[Hashable]) -> "Distribution":
        """Equal probability for each of the given (distinct) outcomes.

        Examples
        --------
        >>> Distribution.uniform(["H", "T"]).probs
        array([0.5, 0.5])
        """
        if isinstance(outcomes, (str, bytes)):
            raise DistributionError(
                f"outcomes must be a collection of outcomes, not the string {outcomes!r}; "
                f"a string is one outcome (write e.g. {list(outcomes)!r} for its letters)"
            )
        outs = list(outcomes)
        if len(set(outs)) != len(outs):
            dup = next(o for o, c in Counter(outs).items() if c > 1)
            raise DistributionError(f"outcome {dup!r} is listed more than once")
        if not outs:
            raise DistributionError("a distribution needs at least one outcome")
        return cls({o: 1.0 / len(outs) for o in outs})

    @classmethod
    def from_samples(cls, samples: Iterable[Hashable]) -> "Distribution":
        """The empirical distribution: each outcome's relative frequency.

        Outcomes are sorted when they can be, else kept in order of first
        appearance.

        Examples
        --------
        >>> Distribution.from_samples(["a", "b", "a", "a"])
        Distribution({'a': 0.75, 'b': 0.25})
        """
        if isinstance(samples, np.ndarray):
            samples = samples.tolist()
        counts = Counter(samples)
        if not counts:
            raise DistributionError("from_samples needs at least one sample")
        try:
            keys = sorted(counts)
        except TypeError:
            keys = list(counts)
        n = sum(counts.values())
        return cls({k: counts[k] / n for k in keys})

    # -- the mapping --------------------------------------------------------
    @property
    def outcomes(self) -> tuple:
        """The outcomes, in order."""
        return self._outcomes

    @property
    def probs(self) -> np.ndarray:
        """The probabilities of the outcomes, in the same order (read-only)."""
        return self._probs

    def __getitem__(self, outcome: Hashable) -> float:
        try:
            return float(self._probs[self._index[outcome]])
        except (KeyError, TypeError):
            raise KeyError(outcome) from None

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._outcomes)

    def __len__(self) -> int:
        return len(self._outcomes)

    def __repr__(self) -> str:
        items = ", ".join(f"{o!r}: {float(p):.6g}" for o, p in zip(self._outcomes, self._probs))
        return f"Distribution({{{items}}})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Distribution):
            return NotImplemented
        return dict(self.items()) == dict(other.items())

    __hash__ = None  # type: ignore[assignment]

    # -- events -------------------------------------------------------------
    def _indices(self, event: Event) -> np.ndarray:
        if _is_outcome(event, self._index):
            return np.array([self._index[event]])
        if callable(event):
            return np.array(
                [i for i, o in enumerate(self._outcomes) if event(o)], dtype=np.intp
            )
        if isinstance(event, (str, bytes)) or not isinstance(event, Iterable):
            raise DistributionError(f"unknown outcome {event!r}; outcomes are {self._outcomes!r}")
        seen: dict[int, None] = {}
        for o in event:
            try:
                seen[self._index[o]] = None
            except (KeyError, TypeError):
                raise DistributionError(
                    f"unknown outcome {o!r} in event; outcomes are {self._outcomes!r}"
                ) from None
        return np.fromiter(seen, dtype=np.intp, count=len(seen))

    def prob(self, event: Event) -> float:
        """Probability of an event.

        Parameters
        ----------
        event : outcome, collection of outcomes, or predicate
            A single outcome of this distribution; a collection of outcomes
            (duplicates count once); or a function of an outcome that returns
            True for outcomes in the event.

        Returns
        -------
        float
            :math:`P(A)`, summed exactly rounded (``math.fsum``); an event that
            contains every outcome of positive probability has probability
            exactly 1.

        Raises
        ------
        DistributionError
            If the event names an outcome this distribution does not have.

        Examples
        --------
        >>> die = Distribution.uniform(range(1, 7))
        >>> die.prob(lambda k: k % 2 == 1)
        0.5
        >>> die.prob([6, 6])
        0.16666666666666666
        """
        idx = self._indices(event)
        probs = self._probs
        if idx.size and np.count_nonzero(probs) == np.count_nonzero(probs[idx]):
            return 1.0
        return math.fsum(probs[idx])

    def information(self, event: Event, *, base: Base = 2) -> float:
        """Information content :math:`-\\log_b P(A)` of an event (see :meth:`prob`).

        Examples
        --------
        >>> die = Distribution.uniform(range(1, 7))
        >>> round(die.information(6), 3)
        2.585
        """
        return _information(self.prob(event), base=base)

    def events(self) -> Iterator[frozenset]:
        """Every event (subset of the outcomes), by size: the sigma-algebra 2^Omega.

        Examples
        --------
        >>> sum(1 for _ in Distribution.uniform(range(1, 7)).events())
        64
        """
        outs = self._outcomes
        return map(
            frozenset, chain.from_iterable(combinations(outs, k) for k in range(len(outs) + 1))
        )

    # -- measures and operations ---------------------------------------------
    def entropy(self, *, base: Base = 2) -> float:
        """Shannon entropy of the distribution (see :func:`infolib.entropy`).

        Examples
        --------
        >>> Distribution({"H": 0.5, "T": 0.5}).entropy()
        1.0
        """
        return _entropy(self._probs, base=base)

    def product(self, other: "Distribution") -> "Distribution":
        """Joint distribution of two independent variables, over pairs.

        Examples
        --------
        >>> coin = Distribution.uniform(["H", "T"])
        >>> coin.product(coin).prob(("H", "H"))
        0.25
        """
        if not isinstance(other, Distribution):
            raise TypeError(f"product takes a Distribution, not a {type(other).__name__}")
        joint = np.multiply.outer(self._probs, other._probs).ravel()
        pairs = [(a, b) for a in self._outcomes for b in other._outcomes]
        return Distribution(dict(zip(pairs, joint.tolist())))

    def marginal(self, *components: int) -> "Distribution":
        """Distribution of some components of tuple outcomes (a joint's marginal).

        Parameters
        ----------
        *components : int
            Positions in the outcome tuples. One position gives a distribution
            over that component's values; several give one over tuples of them,
            in the order listed.

        Returns
        -------
        Distribution
            The marginal: probabilities of outcomes that agree on the chosen
            components add up (exactly rounded).

        Raises
        ------
        DistributionError
            If an outcome is not a tuple or is too short for a position.
        ValueError
            If no position is given.

        Examples
        --------
        >>> dice = Distribution.uniform(range(1, 7)).product(Distribution.uniform(range(1, 7)))
        >>> joint = dice.map(lambda o: (o[0], o[0] + o[1]))   # first die and the sum
        >>> round(joint.marginal(1)[7], 4)
        0.1667
        >>> joint.marginal(1, 0)[(12, 6)] == 1 / 36
        True
        """
        if not components:
            raise ValueError("marginal needs at least one component position, e.g. marginal(0)")
        for o in self._outcomes:
            if not isinstance(o, tuple):
                raise DistributionError(
                    f"marginal needs tuple outcomes (a joint distribution); got the outcome {o!r}"
                )
            for c in components:
                if isinstance(c, bool) or not isinstance(c, int) or not -len(o) <= c < len(o):
                    raise DistributionError(
                        f"component {c!r} is not a position in the outcome {o!r} (length {len(o)})"
                    )
        if len(components) == 1:
            (c,) = components
            return self.map(lambda o: o[c])
        return self.map(lambda o: tuple(o[c] for c in components))

    def condition(self, event: Event) -> "Distribution":
        r"""The conditional distribution given an event: P(outcome | A).

        Parameters
        ----------
        event : outcome, collection of outcomes, or predicate
            As in :meth:`prob`; it must have positive probability.

        Returns
        -------
        Distribution
            Over the outcomes in the event, each with probability
            :math:`P(\{\omega\}) / P(A)`.

        Raises
        ------
        DistributionError
            If the event names an unknown outcome or has probability 0.

        Examples
        --------
        >>> dice = Distribution.uniform(range(1, 7)).product(Distribution.uniform(range(1, 7)))
        >>> joint = dice.map(lambda o: (o[0], o[0] + o[1]))
        >>> given_sum_3 = joint.condition(lambda o: o[1] == 3).marginal(0)
        >>> given_sum_3
        Distribution({1: 0.5, 2: 0.5})
        >>> round(given_sum_3.entropy(), 3)
        1.0
        """
        idx = np.sort(self._indices(event))
        total = self.prob(event)
        if total == 0:
            what = "the event" if callable(event) else f"the event {event!r}"
            raise DistributionError(f"{what} has probability 0, so there is nothing to condition on")
        probs = self._probs[idx] / total
        return Distribution(
            {self._outcomes[i]: float(v) for i, v in zip(idx.tolist(), probs.tolist())},
            normalize=True,
        )

    def joint_table(self) -> tuple[np.ndarray, tuple[tuple, ...]]:
        """The joint as an N-d array, one axis per component of the tuple outcomes.

        Returns
        -------
        tuple
            ``(table, labels)``: ``table[i, j, ...]`` is the probability of
            the outcome whose components are ``labels[0][i], labels[1][j], ...``
            (0 for combinations that are not outcomes), and ``labels[k]`` lists
            the values of component ``k``, sorted when they can be.

        Raises
        ------
        DistributionError
            If the outcomes are not tuples of one length.

        Examples
        --------
        >>> coin = Distribution.uniform(["H", "T"])
        >>> table, labels = coin.product(coin).joint_table()
        >>> table
        array([[0.25, 0.25],
               [0.25, 0.25]])
        >>> labels
        (('H', 'T'), ('H', 'T'))
        """
        from .joint import joint_table

        return joint_table(self, "the distribution")

    def map(self, function: Callable[[Any], Hashable]) -> "Distribution":
        """Distribution of ``function(X)``: probabilities of outcomes with equal images add.

        Examples
        --------
        >>> die = Distribution.uniform(range(1, 7))
        >>> die.map(lambda k: k % 2 == 0)
        Distribution({False: 0.5, True: 0.5})
        """
        groups: dict[Hashable, list[float]] = {}
        for o, p in zip(self._outcomes, self._probs.tolist()):
            groups.setdefault(function(o), []).append(p)
        return Distribution({k: math.fsum(v) for k, v in groups.items()})

    def sample(self, n: int, *, rng: np.random.Generator) -> np.ndarray:
        """Draw ``n`` outcomes in independent draws.

        Parameters
        ----------
        n : int
            Number of draws.
        rng : numpy.random.Generator
            Source of randomness, e.g. ``np.random.default_rng(0)``; required,
            so that results are reproducible.

        Returns
        -------
        numpy.ndarray
            The outcomes drawn (an object array when outcomes are tuples).

        Examples
        --------
        >>> die = Distribution.uniform(range(1, 7))
        >>> die.sample(5, rng=np.random.default_rng(0)).tolist()
        [4, 2, 1, 1, 5]
        """
        if not isinstance(rng, np.random.Generator):
            raise TypeError("rng must be a numpy.random.Generator, e.g. np.random.default_rng(0)")
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
            raise ValueError(f"n must be a non-negative integer; got {n!r}")
        idx = rng.choice(len(self._outcomes), size=int(n), p=self._probs)
        return _outcome_array(self._outcomes)[idx]


def _is_outcome(event: Any, index: dict) -> bool:
    try:
        return event in index
    except TypeError:  # unhashable: a list or set of outcomes
        return False


def _outcome_array(outcomes: tuple) -> np.ndarray:
    if all(isinstance(o, (int, float, str, np.generic)) and not isinstance(o, bool) for o in outcomes):
        return np.asarray(outcomes)
    arr = np.empty(len(outcomes), dtype=object)
    for i, o in enumerate(outcomes):
        arr[i] = o
    return arr
