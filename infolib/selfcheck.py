r"""Self-check questions: two to four per chapter, answered on the page without a kernel.

Each chapter's questions are defined here, once. A numeric question's answer
is computed with infolib when the website is built (so it is the value the
chapter's code gives), and the page accepts any answer within its tolerance,
written as a number (0.25, 1.5e-3), a fraction (3/4) or an expression with
+ - * / ^, brackets, pi, e, sqrt, exp, ln, log2, log10 and log (``log2(3)``,
``log(13)/log(2)``), optionally followed by the question's unit (``3.70 bits``;
on a question without a unit whose answer is a fraction in [0, 1], a
percentage: ``5%`` is 0.05; elsewhere the page says the answer is a plain number).
``selfcheck.js`` reads it with a small parser of that grammar, never ``eval``.
``log`` without a base is read only where its base cancels (``log(13)/log(2)``):
anywhere else its base would be a guess, and the page asks for log2, ln or log10.
What the parser cannot read gets a message that says what (an unknown name, an
unclosed bracket, a unit that is not the question's, no finite value).
A multiple-choice question says, for every choice, why it is right or wrong.
A numeric question lists the typical mistakes a student makes on it (a natural
logarithm where bits are asked, a forgotten minus sign, the arguments of a
divergence swapped), each a ``Mistake``: the wrong value, computed with infolib
from the question's data as the answer is, and a hint that names the mistake
without giving the answer away. An answer within the tolerance of a mistake's
value gets "Not quite." and that hint; any other wrong number gets "Not quite."
alone. No number is within the tolerance of two of them, or of one and the
answer, so the hint shown is never ambiguous; the build stops if one is.
Mathematics in the texts is TeX between ``$`` signs (``$H_{\mathrm{b}}(0.11)$``):
the website typesets it when the book is built, as it does the chapters' formulas,
so feedback shows formulas, not their TeX. Each typeset formula costs its page
about a kilobyte, so where Unicode writes a formula plainly (``σ²``,
``log₂ σ``, ``1 − α``) the texts of the heaviest pages (chapters 7 and 8) use it.

On the website a small Sphinx extension (``_ext/selfcheck.py``) puts each
chapter's questions in a section "Check your understanding" before its
"Exercises", and loads ``selfcheck.js`` and ``selfcheck.css`` (no
dependencies) on those pages only. The questions are plain HTML forms: a
labelled text box or a group of radio buttons, a "Check" button, and a
feedback line that screen readers announce (``aria-live="polite"``). The
explanations of the choices and the hints of the mistakes wait in hidden
elements, formulas typeset; the script copies the one that fits into the
feedback line.

Examples
--------
>>> from infolib import selfcheck
>>> q = selfcheck.QUESTIONS["chapters/03_entropy"][0]
>>> round(q.answer(), 2)
1.75
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from .channels import binary_erasure_channel, binary_symmetric_channel, channel_capacity
from .classification import binary_cross_entropy_loss, cross_entropy_loss
from .continuous import normal_entropy, uniform_entropy
from .joint import conditional_entropy, joint_entropy, mutual_information
from .measures import binary_entropy, cross_entropy, entropy, information, kl_divergence
from .variational import vae_kl_divergence

__all__ = ["Choice", "Mistake", "MultipleChoice", "Numeric", "QUESTIONS", "SECTION_TITLE", "chapter_html", "question_id", "rich_html",
           "runtime_files", "shown_order", "tex_span", "text"]

#: The title of the section the website adds to each chapter.
SECTION_TITLE = "Check your understanding"


#: A text, or a function that writes it with values computed by infolib.
Text = str | Callable[[], str]


def text(value: Text) -> str:
    """The text itself, or what its function writes."""
    return value() if callable(value) else value


def _finite(compute: Callable[[], float], what: str) -> float:
    value = float(compute())
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number; got {value!r}")
    return value


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer to a numeric question, and a hint for a reader who gives it.

    ``compute`` computes the wrong value with infolib from the question's data,
    the way the mistake does (``lambda: entropy(p, base="nats")`` where bits
    are asked); ``hint`` names the mistake without giving the answer away.
    """

    compute: Callable[[], float]
    hint: Text

    def value(self) -> float:
        return _finite(self.compute, f"the value of the mistake {text(self.hint)!r}")


@dataclass(frozen=True)
class Numeric:
    """A question whose answer is a number, computed by ``compute`` with infolib.

    ``tolerance`` is absolute; ``unit`` names the answer's unit in the input's
    label ("bits"); ``percent`` whether the answer may be typed as a
    percentage (by default: without a unit, and only for an answer in [0, 1];
    see :meth:`accepts_percent`); ``explanation`` is shown with the answer. ``mistakes``
    (one or more) are the typical wrong answers, each shown its hint. Texts
    that quote a value are functions that compute it
    (``lambda: f"... {entropy(p):.2f}"``), so no number is typed by hand.

    Raises
    ------
    ValueError
        If the question has no mistakes or a mistake has no hint; and, from
        :meth:`mistake_values`, if a number is within the tolerance of two of
        the answer and the mistakes' values.
    """

    prompt: Text
    compute: Callable[[], float]
    tolerance: float
    unit: str
    explanation: Text
    mistakes: Sequence[Mistake]
    percent: bool | None = None

    def __post_init__(self) -> None:
        if self.percent and self.unit:
            raise ValueError(f"{text(self.prompt)!r}: an answer in {self.unit} cannot be given as a percentage")
        if not self.mistakes:
            raise ValueError(f"{text(self.prompt)!r} needs at least one typical mistake, with its hint")
        if any(not text(m.hint).strip() for m in self.mistakes):
            raise ValueError(f"{text(self.prompt)!r}: every mistake needs its hint")

    def answer(self) -> float:
        return _finite(self.compute, f"the answer to {text(self.prompt)!r}")

    def accepts_percent(self) -> bool:
        """Whether the page reads ``5%`` as 0.05 for this question.

        ``percent`` decides where it is given; by default a percentage is read
        only on a question without a unit whose answer lies in [0, 1] (a
        probability, a fraction). Elsewhere "475.7%" for a perplexity of 4.757
        would be read as 4.757 and marked right, so the page says the answer is
        a plain number, not a percentage.
        """
        if self.percent is not None:
            return self.percent
        return not self.unit and 0 <= self.answer() <= 1

    def mistake_values(self) -> list[float]:
        """The mistakes' values, in order, each more than twice the tolerance from the answer and the others.

        So no number is within the tolerance of two of them: a reader's answer
        is right, or shows one hint, or neither.
        """
        values = [self.answer()]
        for m in self.mistakes:
            v = m.value()
            near = [u for u in values if abs(v - u) <= 2 * self.tolerance]
            if near:
                what = "the answer" if near[0] == values[0] else "another mistake"
                raise ValueError(f"{text(self.prompt)!r}: the mistake {text(m.hint)!r} gives {v!r}, within twice the "
                                 f"tolerance {self.tolerance!r} of {what} ({near[0]!r}); a reader's number could match "
                                 "both")
            values.append(v)
        return values[1:]

    def decimals(self) -> int:
        """Decimals to show the answer with: enough for the tolerance."""
        return max(0, -math.floor(math.log10(self.tolerance)))


@dataclass(frozen=True)
class Choice:
    """One choice of a multiple-choice question, and why it is right or wrong."""

    text: Text
    why: Text
    correct: bool = False


@dataclass(frozen=True)
class MultipleChoice:
    """A question with one correct choice among several."""

    prompt: Text
    choices: Sequence[Choice] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        right = [c for c in self.choices if c.correct]
        if len(self.choices) < 3 or len(right) != 1:
            raise ValueError(f"{self.prompt!r} needs 3 or more choices, exactly one correct; "
                             f"got {len(self.choices)} with {len(right)} correct")
        if any(not text(c.why).strip() for c in self.choices):
            raise ValueError(f"{self.prompt!r}: every choice needs its explanation")


Question = Numeric | MultipleChoice

# ----------------------------------------------------------------------------- the questions

# Hints for an answer in the wrong unit, shared by the questions.
_NATS_NOT_BITS = "That number comes from natural logarithms, in nats. The question asks for bits: logarithms to base 2."
_TEN_NOT_BITS = "That number comes from logarithms to base 10. The question asks for bits: logarithms to base 2."
_BITS_NOT_NATS = "That number comes from logarithms to base 2, in bits. The question asks for nats: natural logarithms."
_TEN_NOT_NATS = "That number comes from logarithms to base 10. The question asks for nats: natural logarithms."

QUESTIONS: dict[str, list[Question]] = {
    "chapters/01_information_content": [
        Numeric(
            "A card is drawn from a shuffled 52-card deck. You are told it is a heart (probability 1/4), "
            "and then that it is the queen of hearts. How many bits does the second message add?",
            lambda: information(1 / 52) - information(1 / 4),
            0.01,
            "bits",
            r"Suit and rank are independent, so the information adds: $I(\text{queen of hearts}) = "
            r"I(\text{heart}) + I(\text{queen})$, and the second message adds $I(\text{queen}) = \log_2 13$ bits.",
            (
                Mistake(lambda: information(1 / 52),
                        r"That is all the information of “the queen of hearts”, $-\log_2 (1/52)$, but you already "
                        "knew the suit. How much does the second message add to the first?"),
                Mistake(lambda: information(1 / 52, base="nats") - information(1 / 4, base="nats"), _NATS_NOT_BITS),
                Mistake(lambda: information(1 / 52, base=10) - information(1 / 4, base=10), _TEN_NOT_BITS),
            ),
        ),
        Numeric(
            "An event carries 3 nats of information. What is its probability?",
            lambda: math.exp(-3.0),
            0.001,
            "",
            r"$I(x) = -\ln p(x) = 3$ nats, so $p(x) = e^{-3}$. In bits the same event carries $3 / \ln 2$ bits.",
            (
                Mistake(lambda: 2.0 ** -3.0,
                        "That reads 3 nats as 3 bits. Nats measure information with the natural logarithm, not "
                        "log\u2082."),
                Mistake(lambda: 1 / math.exp(-3.0),
                        r"A probability is at most 1. Information is minus the logarithm of the probability, "
                        r"$I(x) = -\ln p(x)$: check the sign."),
                Mistake(lambda: 10.0 ** -3.0,
                        "That undoes a logarithm to base 10. Nats measure information with the natural logarithm."),
            ),
        ),
        MultipleChoice(
            "Why is the information of an event a logarithm of its probability?",
            (
                Choice("So that the information of independent events adds up.",
                       r"Right: $p(a \text{ and } b) = p(a)\,p(b)$ for independent events, and only a logarithm "
                       "turns the product into a sum.", correct=True),
                Choice("So that information always lies between 0 and 1.",
                       lambda: r"No: $-\log_2 p$ grows without bound as $p$ falls towards 0; an event of probability "
                               f"1/1024 carries {information(1 / 1024):g} bits."),
                Choice("So that rare events carry less information than common ones.",
                       r"No, the opposite: $-\log p$ decreases in $p$, so the rarer the event, the more it tells."),
                Choice("So that a certain event carries 1 bit.",
                       r"No: an event of probability 1 carries $-\log 1 = 0$ bits; it tells nothing new."),
            ),
        ),
    ],
    "chapters/02_fair_dice": [
        Numeric(
            "A fair die is rolled. How many bits does the message \"the roll is 5 or 6\" carry?",
            lambda: information(2 / 6),
            0.01,
            "bits",
            "The message leaves 2 of the 6 equally likely outcomes, so its probability is 1/3 and its "
            r"information $\log_2 3$ bits.",
            (
                Mistake(lambda: information(1 / 6),
                        "That is the information of a single face, of probability 1/6. The message leaves two "
                        "faces: what is its probability?"),
                Mistake(lambda: information(2 / 6, base="nats"), _NATS_NOT_BITS),
                Mistake(lambda: -information(2 / 6),
                        r"Information is never negative: it is minus the logarithm of a probability, $-\log_2 p$."),
            ),
        ),
        Numeric(
            "On one roll of a fair die you learn both \"the roll is even\" (1 bit) and \"the roll is at most 3\" "
            "(1 bit). How many bits do the two messages carry together?",
            lambda: information(1 / 6),
            0.01,
            "bits",
            r"Together they leave only the roll 2, of probability 1/6: $\log_2 6$ bits, not $1 + 1 = 2$. The two "
            r"events are not independent ($P(\text{even and at most } 3) = 1/6$, not 1/4), so their information "
            "does not add.",
            (
                Mistake(lambda: information(3 / 6) + information(3 / 6),
                        "Adding the two messages' bits assumes they are independent. Are they? Compare "
                        "P(even and at most 3) with P(even) \u00b7 P(at most 3)."),
                Mistake(lambda: information(1 / 6, base="nats"), _NATS_NOT_BITS),
                Mistake(lambda: information(1 / 6, base=10), _TEN_NOT_BITS),
            ),
        ),
        MultipleChoice(
            "A die is loaded so that 6 comes up half the time and 1 to 5 share the rest equally. Which message "
            "carries the most information?",
            (
                Choice("\"The roll is 1\"", lambda: "Right: it has probability 1/10, the smallest of the four, so "
                       rf"$-\log_2 (1/10)$ = {information(0.1):.2f} bits is the largest.", correct=True),
                Choice("\"The roll is 6\"", lambda: "No: 6 is the likeliest roll (probability 1/2), so it carries "
                       f"the least: {information(0.5):g} bit."),
                Choice("\"The roll is odd\"", lambda: "No: odd rolls (1, 3, 5) have probability 3/10: "
                       f"{information(0.3):.2f} bits, less than a single face of probability 1/10."),
                Choice(r"All single faces carry $\log_2 6$ bits, as on a fair die",
                       "No: that holds only when the faces are equally likely. On a loaded die an event's "
                       "information depends on its probability, not on how many outcomes it holds."),
            ),
        ),
    ],
    "chapters/03_entropy": [
        Numeric(
            "A source sends A, B, C, D with probabilities 1/2, 1/4, 1/8, 1/8. What is its entropy?",
            lambda: entropy([1 / 2, 1 / 4, 1 / 8, 1 / 8]),
            0.01,
            "bits",
            "H = ½ · 1 + ¼ · 2 + 2 · ⅛ · 3 bits, the average information; "
            "the code 0, 10, 110, 111 reaches it.",
            (
                Mistake(lambda: float(np.mean(information([1 / 2, 1 / 4, 1 / 8, 1 / 8]))),
                        "That averages the four letters' information with equal weights. Entropy weights each "
                        "letter's information by its probability."),
                Mistake(lambda: entropy([1 / 4] * 4),
                        "That is the entropy of four equally likely letters, the most four letters can have. "
                        "These are not equally likely."),
                Mistake(lambda: entropy([1 / 2, 1 / 4, 1 / 8, 1 / 8], base="nats"), _NATS_NOT_BITS),
            ),
        ),
        Numeric(
            r"A coin lands heads with probability 0.11. What is its binary entropy $H_{\mathrm{b}}(0.11)$?",
            lambda: binary_entropy(0.11),
            0.01,
            "bits",
            r"$H_{\mathrm{b}}(0.11)$ = −0.11 log₂ 0.11 − 0.89 log₂ 0.89, about half a bit: a strongly biased "
            r"coin still carries half the entropy of a fair one, since $H_{\mathrm{b}}$ is steep near 0.",
            (
                Mistake(lambda: information(0.11),
                        "That is the information of heads alone. Entropy averages the information of heads and "
                        "of tails, each weighted by its probability."),
                Mistake(lambda: binary_entropy(0.11, base="nats"), _NATS_NOT_BITS),
                Mistake(lambda: binary_entropy(0.11, base=10), _TEN_NOT_BITS),
            ),
        ),
        MultipleChoice(
            "A distribution over 8 outcomes has entropy exactly 3 bits. What follows?",
            (
                Choice("It is the uniform distribution.",
                       "Right: H is at most log₂ 8 = 3 bits, with equality only when every outcome has "
                       "probability 1/8.", correct=True),
                Choice("At least one outcome has probability 0.",
                       lambda: "No: an outcome of probability 0 leaves at most 7 in play, so H would be at most "
                               f"log₂ 7 = {entropy([1 / 7] * 7):.2f} bits."),
                Choice("A code can compress its outcomes to fewer than 3 bits each on average.",
                       "No: entropy is the limit of lossless compression; no code averages less than "
                       "H = 3 bits."),
                Choice("It could be any distribution over 8 outcomes.",
                       "No: 3 bits is the largest entropy over 8 outcomes, and only one distribution reaches it."),
            ),
        ),
    ],
    "chapters/04_cross_entropy": [
        Numeric(
            "It rains on half the days, but the weather station's code was built for rain on 1 day in 4. "
            r"What is the cross-entropy $H_{\mathrm{ce}}(p, q)$, the average length per day of the ideal code "
            "for $q$?",
            lambda: cross_entropy([0.5, 0.5], [0.25, 0.75]),
            0.01,
            "bits",
            lambda: r"$H_{\mathrm{ce}}(p, q) = \frac12 \log_2 4 + \frac12 \log_2 \frac43$ = "
                    f"{cross_entropy([0.5, 0.5], [0.25, 0.75]):.2f} bits: "
                    f"{kl_divergence([0.5, 0.5], [0.25, 0.75]):.2f} bits more than the entropy $H(p)$ = "
                    f"{entropy([0.5, 0.5]):g} bit of a code built for the true $p$.",
            (
                Mistake(lambda: cross_entropy([0.25, 0.75], [0.5, 0.5]),
                        "That is what a code built for the true weather costs, or the cross-entropy with its "
                        "arguments swapped. Here the days come from $p$ and the code is built for $q$."),
                Mistake(lambda: kl_divergence([0.5, 0.5], [0.25, 0.75]),
                        r"That is only the extra cost of the wrong code, $D(p \,\|\, q)$. The question asks for "
                        "the whole average length."),
                Mistake(lambda: cross_entropy([0.5, 0.5], [0.25, 0.75], base="nats"), _NATS_NOT_BITS),
            ),
        ),
        Numeric(
            "A classifier gives the true class of an example probability 0.2. What is its cross-entropy loss "
            "on that example, in nats?",
            lambda: cross_entropy_loss([[math.log(0.2), math.log(0.8)]], [0]),
            0.01,
            "nats",
            r"With a one-hot target the loss is $-\ln q(\text{true class}) = -\ln 0.2$, whatever the other "
            "classes get.",
            (
                Mistake(lambda: cross_entropy_loss([[math.log(0.2), math.log(0.8)]], [1]),
                        "That uses the probability of the other class. The loss counts only the probability the "
                        "classifier gives the true class."),
                Mistake(lambda: cross_entropy_loss([[math.log(0.2), math.log(0.8)]], [0], base=2), _BITS_NOT_NATS),
                Mistake(lambda: -cross_entropy_loss([[math.log(0.2), math.log(0.8)]], [0]),
                        "A loss is never negative: it is minus the logarithm of a probability."),
            ),
        ),
        MultipleChoice(
            "With one-hot labels, the cross-entropy loss of a classifier on one example depends on...",
            (
                Choice("only the probability it gives the true class.",
                       r"Right: $H_{\mathrm{ce}}(\text{target}, q) = -\sum_k \text{target}(k) \log q(k)$, and a "
                       "one-hot target is 0 except at the true class.", correct=True),
                Choice("the probabilities of all classes, each equally.",
                       "No: the other classes' terms are multiplied by a target of 0; they matter only through "
                       "the probability left for the true class."),
                Choice("only whether its most probable class is the true one.",
                       lambda: "No: a right but unsure prediction (0.4 for the true class) still costs "
                               f"{information(0.4, base='nats'):.2f} nats; the loss measures confidence, not just "
                               "correctness."),
                Choice("the entropy of its prediction.",
                       "No: two predictions with the same entropy can give the true class different "
                       "probabilities, and so different losses."),
            ),
        ),
    ],
    "chapters/05_kl_divergence": [
        Numeric(
            "It rains on half the days; the code was built for rain on 1 day in 4. How many extra bits per day "
            r"does the wrong code cost, $D(p \,\|\, q)$?",
            lambda: kl_divergence([0.5, 0.5], [0.25, 0.75]),
            0.005,
            "bits",
            lambda: r"$D(p \,\|\, q) = H_{\mathrm{ce}}(p, q) - H(p)$ = "
                    f"{cross_entropy([0.5, 0.5], [0.25, 0.75]):.2f} - {entropy([0.5, 0.5]):g} bits: the part of "
                    "the cross-entropy that a better model could save.",
            (
                Mistake(lambda: kl_divergence([0.25, 0.75], [0.5, 0.5]),
                        "That is D(q \u2016 p), the arguments swapped. The extra cost is averaged over the weather "
                        "that really comes, p."),
                Mistake(lambda: cross_entropy([0.5, 0.5], [0.25, 0.75]),
                        "That is the whole average length of the wrong code, the cross-entropy. The extra cost is "
                        "what it spends beyond the code built for the true p."),
                Mistake(lambda: kl_divergence([0.5, 0.5], [0.25, 0.75], base="nats"), _NATS_NOT_BITS),
            ),
        ),
        MultipleChoice(
            r"Outcome $x$ has $p(x) = 0.1$ but $q(x) = 0$. What is $D(p \,\|\, q)$?",
            (
                Choice("Infinite.",
                       r"Right: the term $p(x) \log (p(x) / q(x))$ is infinite: a code built for $q$ has no "
                       "codeword for $x$, which $p$ still produces.", correct=True),
                Choice("Finite, because the other outcomes make up for it.",
                       r"No: every term of $D(p \,\|\, q)$ is taken where $p > 0$, and one infinite term makes "
                       "the sum infinite."),
                Choice("0.1 times the divergence of the other outcomes.",
                       "No: there is no such rule; the term for $x$ alone is already infinite."),
                Choice(r"Infinite, and so is $D(q \,\|\, p)$.",
                       r"No: $D(q \,\|\, p)$ averages over $q$, which gives $x$ no weight; it can be finite. The two "
                       "directions differ."),
            ),
        ),
        MultipleChoice(
            "You fit one Gaussian $q$ to a two-peaked $p$ by minimising the forward divergence "
            r"$D(p \,\|\, q)$. What does the fit look like?",
            (
                Choice("Wide, covering both peaks.",
                       "Right: the forward divergence averages over $p$ and is huge wherever $p$ has mass and $q$ "
                       "has almost none, so $q$ spreads to cover all of $p$ (mass-covering).", correct=True),
                Choice("Narrow, on the taller peak.",
                       r"No: that is the reverse fit, $D(q \,\|\, p)$, which averages over $q$ and ignores what "
                       "$q$ leaves out (mode-seeking)."),
                Choice("Exactly $p$.",
                       r"No: a single Gaussian cannot have two peaks; $D(p \,\|\, q) > 0$ for every Gaussian $q$."),
            ),
        ),
    ],
    "chapters/06_mutual_information": [
        Numeric(
            "X and Y are binary with P(X = Y) = 0.8, each pair (0, 0) and (1, 1) of probability 0.4, each "
            "of (0, 1) and (1, 0) of probability 0.1. What is I(X; Y)?",
            lambda: mutual_information([[0.4, 0.1], [0.1, 0.4]]),
            0.01,
            "bits",
            r"H(X) = H(Y) = 1 bit and H(X, Y) = 1 + $H_{\mathrm{b}}(0.2)$, so "
            r"I(X; Y) = H(X) + H(Y) − H(X, Y) = 1 − $H_{\mathrm{b}}(0.2)$.",
            (
                Mistake(lambda: conditional_entropy([[0.4, 0.1], [0.1, 0.4]], given=1),
                        "That is H(X \u2223 Y), what is still unknown about X after seeing Y. Mutual information is "
                        "what seeing Y removes from H(X)."),
                Mistake(lambda: joint_entropy([[0.4, 0.1], [0.1, 0.4]]),
                        "That is H(X, Y), the uncertainty of the pair. Mutual information is what X and Y share."),
                Mistake(lambda: mutual_information([[0.4, 0.1], [0.1, 0.4]], base="nats"), _NATS_NOT_BITS),
            ),
        ),
        MultipleChoice(
            "X and Y are independent. Which is true?",
            (
                Choice("I(X; Y) = 0 and H(X, Y) = H(X) + H(Y).",
                       "Right: independence means p(x, y) = p(x) p(y), so the joint entropy adds and nothing "
                       "is shared.", correct=True),
                Choice("H(Y ∣ X) = 0.",
                       "No: that says Y is a function of X. Independent Y keeps all its uncertainty: "
                       "H(Y ∣ X) = H(Y)."),
                Choice("I(X; Y) = H(X).",
                       "No: that holds when Y determines X; independent variables share nothing."),
                Choice("I(X; Y) can be negative.",
                       "No: I(X; Y) = D(p(x, y) ‖ p(x) p(y)) is never negative, and is 0 exactly for "
                       "independent variables."),
            ),
        ),
        MultipleChoice(
            "Can seeing one particular value y make you less sure about X than before, "
            "H(X ∣ Y = y) > H(X)?",
            (
                Choice("Yes, for some y; but on average over y it cannot: H(X ∣ Y) ≤ H(X).",
                       "Right: a surprising observation can spread your beliefs out; conditioning reduces "
                       "entropy only on average.", correct=True),
                Choice("No, never: conditioning reduces entropy.",
                       "No: that holds for H(X ∣ Y), the average over y, not for each value y."),
                Choice("Yes, and then H(X ∣ Y) > H(X) as well.",
                       "No: the average H(X ∣ Y) = H(X) − I(X; Y) is never above H(X)."),
            ),
        ),
    ],
    "chapters/07_noisy_channels": [
        Numeric(
            "What is the capacity of a binary symmetric channel with crossover probability f = 0.1?",
            lambda: channel_capacity(binary_symmetric_channel(0.1)).capacity,
            0.01,
            "bits per use",
            r"$C = 1 - H_{\mathrm{b}}(0.1)$, reached by a uniform input.",
            (
                Mistake(lambda: binary_entropy(0.1),
                        "That is the entropy of the noise, what the flips cost. Capacity is what is left of the "
                        "bit each use carries."),
                Mistake(lambda: channel_capacity(binary_erasure_channel(0.1)).capacity,
                        "That would be right if the flipped bits were marked, as erasures are. The receiver "
                        "cannot tell which bits flipped."),
                Mistake(lambda: channel_capacity(binary_symmetric_channel(0.1), base="nats").capacity, _NATS_NOT_BITS),
            ),
        ),
        Numeric(
            "What is the capacity of a binary erasure channel that erases a quarter of the bits "
            "(\u03b1 = 0.25)?",
            lambda: channel_capacity(binary_erasure_channel(0.25)).capacity,
            0.01,
            "bits per use",
            "C = 1 \u2212 \u03b1: the receiver knows which bits were erased, and the others arrive intact.",
            (
                Mistake(lambda: channel_capacity(binary_symmetric_channel(0.25)).capacity,
                        "That treats each erasure as a flip. An erased bit arrives marked, so the receiver knows "
                        "which bits to trust."),
                Mistake(lambda: 0.25,
                        "That is the fraction of bits erased. Capacity counts what gets through."),
                Mistake(lambda: channel_capacity(binary_erasure_channel(0.25), base="nats").capacity,
                        _NATS_NOT_BITS),
            ),
        ),
        MultipleChoice(
            "On a binary symmetric channel with f = 0.1, what does the channel coding theorem promise?",
            (
                Choice(lambda: f"Codes of any rate below C = {1 - binary_entropy(0.1):.2f} bits per use whose "
                               "error probability falls towards 0 as their blocks grow.",
                       "Right: below capacity the error can be made as small as you like at a fixed rate.",
                       correct=True),
                Choice("Repetition codes reach any error probability at a rate near C.",
                       "No: repeating n times drives the error down but the rate 1/n down too, towards 0."),
                Choice("Sending the bits uncoded already reaches capacity.",
                       "No: uncoded bits have rate 1 but error 0.1; the rate of a reliable code is at most C."),
                Choice("Error-free codes above capacity, if the blocks are long enough.",
                       "No: above capacity the error probability stays bounded away from 0 (the converse)."),
            ),
        ),
    ],
    "chapters/08_continuous": [
        Numeric(
            "What is the differential entropy of the uniform density on [0, 1/2]?",
            lambda: uniform_entropy(0.5),
            0.01,
            "bits",
            "h = log\u2082(1/2) = \u22121 bit. Differential entropy can be negative: it is not a number of "
            "questions, and it changes with the scale of x.",
            (
                Mistake(lambda: -uniform_entropy(0.5),
                        "Check the sign. Unlike entropy, differential entropy can be negative: a density narrower "
                        "than 1 has h < 0."),
                Mistake(lambda: uniform_entropy(0.5, base="nats"), _NATS_NOT_BITS),
                Mistake(lambda: uniform_entropy(0.5, base=10), _TEN_NOT_BITS),
            ),
        ),
        Numeric(
            "What is the differential entropy of a normal density with standard deviation 2?",
            lambda: normal_entropy(2.0),
            0.01,
            "bits",
            lambda: "h = \u00bd log\u2082(2\u03c0e\u03c3\u00b2) = log\u2082 \u03c3 + "
                    f"{normal_entropy(1.0):.2f} bits: doubling \u03c3 adds exactly 1 bit.",
            (
                Mistake(lambda: normal_entropy(math.sqrt(2.0)),
                        "That puts \u03c3 = 2 where the formula has the variance \u03c3\u00b2."),
                Mistake(lambda: 2 * normal_entropy(2.0),
                        "That is twice the entropy: the formula has a factor \u00bd in front of the logarithm."),
                Mistake(lambda: normal_entropy(2.0, base="nats"), _NATS_NOT_BITS),
            ),
        ),
        MultipleChoice(
            "Among all densities on the real line with variance \u03c3\u00b2, which has the largest differential "
            "entropy?",
            (
                Choice("The normal density.",
                       "Right: h is at most \u00bd log(2\u03c0e\u03c3\u00b2), with equality only for the normal.",
                       correct=True),
                Choice("The uniform density of that variance.",
                       lambda: "No: a uniform of variance \u03c3\u00b2 has width \u221a12 \u03c3 and "
                               "h = log\u2082(\u221a12 \u03c3), "
                               f"{normal_entropy(1.0) - uniform_entropy(math.sqrt(12)):.2f} bits less than the "
                               "normal's."),
                Choice("None: differential entropy has no maximum at a fixed variance.",
                       "No: the variance bounds it; only without a constraint can h grow without bound."),
            ),
        ),
    ],
    "chapters/09_machine_learning": [
        Numeric(
            "A character model gives the four characters of a test text probabilities 1/2, 1/4, 1/8 and 1/8. "
            "What is its perplexity on that text?",
            lambda: 2.0 ** (sum(information([1 / 2, 1 / 4, 1 / 8, 1 / 8])) / 4),
            0.01,
            "",
            lambda: r"The mean information is $(1 + 2 + 3 + 3) / 4$ = "
                    f"{sum(information([1 / 2, 1 / 4, 1 / 8, 1 / 8])) / 4:g} bits per character, and the "
                    "perplexity 2 to that power: the model is as unsure as a uniform choice among that many "
                    "characters.",
            (
                Mistake(lambda: float(np.mean(information([1 / 2, 1 / 4, 1 / 8, 1 / 8]))),
                        "That is the mean information per character, in bits. Perplexity turns it into a number "
                        "of equally likely characters."),
                Mistake(lambda: 2.0 ** float(np.sum(information([1 / 2, 1 / 4, 1 / 8, 1 / 8]))),
                        "That uses the information of the whole text. Perplexity is per character: average over "
                        "the characters first."),
                Mistake(lambda: math.exp(float(np.mean(information([1 / 2, 1 / 4, 1 / 8, 1 / 8])))),
                        r"That raises $e$ to a mean measured in bits. Raise the base the information was measured "
                        "in."),
            ),
        ),
        Numeric(
            "A binary classifier outputs the logit $z = 2$ for an example whose label is 1. What is its binary "
            "cross-entropy loss, in nats?",
            lambda: binary_cross_entropy_loss([2.0], [1]),
            0.01,
            "nats",
            r"The loss is $-\ln \sigma(2) = \ln(1 + e^{-2})$, with $\sigma$ the sigmoid, computed from the logit "
            "without forming the probability.",
            (
                Mistake(lambda: binary_cross_entropy_loss([2.0], [0]),
                        r"That is the loss for the label 0. $\sigma(z)$ is the probability of the label 1, and "
                        "this example's label is 1."),
                Mistake(lambda: binary_cross_entropy_loss([2.0], [1], base=2), _BITS_NOT_NATS),
                Mistake(lambda: -binary_cross_entropy_loss([2.0], [1]),
                        "A loss is never negative: it is minus the logarithm of a probability."),
            ),
        ),
        MultipleChoice(
            "With label smoothing, a classifier becomes ever more confident in the true class. What does its loss do?",
            (
                Choice("It falls, then rises: it is lowest when the prediction equals the smoothed target.",
                       r"Right: the loss is $H_{\mathrm{ce}}(\text{target}, q) = H(\text{target}) + "
                       r"D(\text{target} \,\|\, q)$, smallest at $q = \text{target}$; beyond that, the classes the "
                       r"target still gives $\varepsilon / K$ are starved.", correct=True),
                Choice("It keeps falling towards 0.",
                       "No: that happens without smoothing, where the target is one-hot and "
                       r"$q(\text{true}) \to 1$ drives the loss to 0."),
                Choice("It falls towards the entropy of the prediction.",
                       r"No: the floor is the entropy of the target, $H(\text{target})$, not of the prediction."),
            ),
        ),
    ],
    "chapters/10_variational_contrastive": [
        Numeric(
            "A VAE's encoder maps a data point to the one-dimensional code q(z ∣ x) = N(1, 1), and the prior is "
            "N(0, 1). What is the KL term of its loss, in nats?",
            lambda: vae_kl_divergence([1.0], [0.0]),
            0.01,
            "nats",
            "The closed form ½ (σ² + μ² − 1 − ln σ²) with μ = 1 and σ = 1: only the shifted "
            "mean costs, μ²/2 nats.",
            (
                Mistake(lambda: 2 * vae_kl_divergence([1.0], [0.0]),
                        "That is twice the KL term: the closed form has a factor \u00bd in front."),
                Mistake(lambda: vae_kl_divergence([0.0], [0.0]),
                        "That leaves out the mean. A code centred away from the prior's mean costs, even with "
                        "the prior's variance."),
                Mistake(lambda: vae_kl_divergence([1.0], [0.0], base=2), _BITS_NOT_NATS),
            ),
        ),
        Numeric(
            "A contrastive encoder is trained on batches of N = 256 pairs with the InfoNCE loss. What is the "
            "largest mutual information, in nats, that the estimate ln N \u2212 L can ever show?",
            lambda: math.log(256),
            0.01,
            "nats",
            "The loss is a cross-entropy, never below 0, so ln N \u2212 L is at most ln 256, reached only by a critic "
            "that always picks the partner with certainty.",
            (
                Mistake(lambda: 256.0,
                        "That is the number of pairs in a batch, not an amount of information. How large can "
                        "ln N \u2212 L get, if the loss L is never below 0?"),
                Mistake(lambda: math.log2(256), _BITS_NOT_NATS),
                Mistake(lambda: math.log10(256), _TEN_NOT_NATS),
            ),
        ),
        MultipleChoice(
            "A beta-VAE is trained with a large beta, and one latent coordinate ends with a KL term of 0 for "
            "every data point. What does that mean?",
            (
                Choice("The coordinate has collapsed: q(zⱼ ∣ x) is the prior for every x, and the decoder ignores it.",
                       "Right: a KL term of 0 means the code says nothing about x, which is the optimum once "
                       "beta times the decoder's variance exceeds the data's variance along that direction.",
                       correct=True),
                Choice("The encoder has found the exact posterior, so there is nothing left to pay.",
                       "No: the KL term of the loss is the divergence from the prior, not from the posterior; "
                       "it is 0 only when the code carries no information."),
                Choice("Training diverged and the gradient of that coordinate is broken.",
                       "No: posterior collapse is a stable optimum of the beta-weighted objective, reached by "
                       "correct gradients, as the linear VAE of the chapter shows."),
            ),
        ),
    ],
}


# ----------------------------------------------------------------------------- HTML

_FORMULA = re.compile(r"\$([^$]+)\$")

#: Writes one inline formula (its TeX) as HTML.
Math = Callable[[str], str]


def tex_span(tex: str) -> str:
    r"""An inline formula as MathJax's page script reads it: ``\( ... \)`` in a span.

    The default of :func:`chapter_html`; the website typesets the formulas
    when the book is built instead (``_ext/selfcheck.py``).
    """
    return f'<span class="math notranslate nohighlight">\\({html.escape(tex)}\\)</span>'


def rich_html(value: Text, math: Math = tex_span) -> str:
    """A text as HTML: escaped, with each formula between ``$`` signs written by ``math``.

    Raises
    ------
    ValueError
        If the text has an odd number of ``$`` signs (a formula without its end).
    """
    s = text(value)
    if s.count("$") % 2:
        raise ValueError(f"a formula in {s!r} has no closing $ (found {s.count('$')} $ signs)")
    parts = _FORMULA.split(s)  # text, formula, text, ...
    return "".join(math(part) if i % 2 else html.escape(part) for i, part in enumerate(parts))


def _numeric_html(q: Numeric, qid: str, number: int, math: Math) -> str:
    answer = q.answer()
    shown = f"{answer:.{q.decimals()}f}"
    unit = f" ({html.escape(q.unit)})" if q.unit else ""
    unit_attribute = f' data-unit="{html.escape(q.unit)}"' if q.unit else ""
    percent = q.accepts_percent()
    if percent:
        unit_attribute += " data-pct"
    accepted = f", with or without {q.unit}" if q.unit else ", with or without a percent sign" if percent else ""
    # The hint of each mistake, its value in an attribute: the script copies the one
    # within the tolerance of the reader's answer into the feedback line.
    hints = "".join(f'<p data-mistake="{v!r}">{rich_html(m.hint, math)}</p>\n'
                    for m, v in zip(q.mistakes, q.mistake_values()))
    return (
        f'<form class="itsc" data-kind="numeric" data-answer="{answer!r}" data-tol="{q.tolerance!r}"{unit_attribute} '
        f'aria-labelledby="{qid}-q" novalidate>\n'
        f'<p class="itsc-q" id="{qid}-q"><span class="itsc-n">Question {number}.</span> {rich_html(q.prompt, math)}</p>\n'
        f'<label for="{qid}-a">Your answer to question {number}{unit}, to within {q.tolerance:g}: '
        f'a number, a fraction such as 3/4, or an expression such as log2(3)'
        f'{html.escape(accepted)}</label>\n'
        # a text keyboard on phones: a decimal pad has no "/" or letters
        f'<input type="text" id="{qid}-a" autocomplete="off" spellcheck="false" '
        f'aria-describedby="{qid}-q {qid}-f">\n'
        '<button type="submit">Check</button>\n'
        f'<p class="itsc-feedback" id="{qid}-f" aria-live="polite"></p>\n'
        f'<div class="itsc-hints" hidden>\n{hints}</div>\n'
        f"<details><summary>Show the answer</summary><p>{shown}{html.escape(' ' + q.unit if q.unit else '')}. "
        f"{rich_html(q.explanation, math)}</p></details>\n"
        "</form>\n"
    )


def shown_order(q: MultipleChoice, qid: str) -> list[int]:
    """The order the choices are shown in: shuffled by a hash of the question's id.

    The questions are written with the right choice first; shown in that order, a
    reader would learn the pattern instead of the answers. The hash makes the order
    the same on every build.
    """
    def key(i: int) -> str:
        return hashlib.sha256(f"{qid}:{text(q.choices[i].text)}".encode()).hexdigest()

    return sorted(range(len(q.choices)), key=key)


def _choice_html(q: MultipleChoice, qid: str, number: int, math: Math) -> str:
    order = shown_order(q, qid)
    items = "".join(
        f'<label><input type="radio" name="{qid}" value="{i}"'
        + (" data-correct" if q.choices[i].correct else "")
        # the text in one span: the label lays out as a row (radio button, text), and a formula
        # left as a flex item of its own would be cut off instead of wrapping with the text
        + f"> <span>{rich_html(q.choices[i].text, math)}</span></label>\n"
        for i in order
    )
    # Why each choice is right or wrong, in the order shown: the script copies one into the
    # feedback line; hidden until then (and printed, by the book's PDF, after the choices).
    whys = "".join(f'<p data-why="{i}">{rich_html(q.choices[i].why, math)}</p>\n' for i in order)
    return (
        f'<form class="itsc" data-kind="choice" novalidate>\n'
        f'<fieldset aria-describedby="{qid}-f"><legend class="itsc-q"><span class="itsc-n">Question {number}.</span> '
        f"{rich_html(q.prompt, math)}</legend>\n{items}</fieldset>\n"
        '<button type="submit">Check</button>\n'
        f'<p class="itsc-feedback" id="{qid}-f" aria-live="polite"></p>\n'
        f'<div class="itsc-why" hidden>\n{whys}</div>\n'
        "</form>\n"
    )


def question_id(docname: str, number: int) -> str:
    """The element id of a chapter's question ``number``: ``sc-`` and the chapter's number."""
    return f"sc-{docname.rsplit('/', 1)[-1].split('_', 1)[0]}-{number}"


def chapter_html(docname: str, math: Math = tex_span) -> str:
    """The HTML of a chapter's questions (empty if it has none).

    ``docname`` is the chapter's path without its suffix,
    ``"chapters/03_entropy"``. Element ids start with ``sc-`` and the
    chapter's number, so they are unique on the page. ``math`` writes each
    inline formula of the texts (written between ``$`` signs, in TeX) as
    HTML; the default, ``tex_span``, leaves it to MathJax in the page.
    """
    questions = QUESTIONS.get(docname, [])
    parts = []
    for i, q in enumerate(questions, start=1):
        qid = question_id(docname, i)
        parts.append(_numeric_html(q, qid, i, math) if isinstance(q, Numeric) else _choice_html(q, qid, i, math))
    return "".join(parts)


@lru_cache(maxsize=None)
def runtime_files() -> dict[str, str]:
    """The questions' script and style sheet: ``{"selfcheck.js": ..., "selfcheck.css": ...}``.

    Both are served without their comments, indentation and blank lines
    (neither holds a string or regular expression with ``/*`` or a line break).
    """
    here = resources.files(__package__)
    files = {}
    for name in ("selfcheck.js", "selfcheck.css"):
        source = re.sub(r"/\*.*?\*/", "", (here / name).read_text(encoding="utf-8"), flags=re.S)
        files[name] = "\n".join(line.strip() for line in source.splitlines() if line.strip()) + "\n"
    return files
