"""Chapter 9's table of loss conventions, checked against Keras 3 and JAX/optax themselves.

Each Keras and optax row of the table in chapters/09_machine_learning.ipynb says which
argument is the data, whether the model is passed as logits, probabilities or
log-probabilities, and what the default reduction returns. Every test here calls the real
library on a small batch and compares with infolib's reference values (the cross-entropy
and the divergence of the data from the model, in nats), so that a row which misreads the
library fails. Keras runs on its JAX backend, chosen here before Keras is imported, in
float64.

Keras, JAX and optax are not in the `test` extra: in the plain test environment these tests
are skipped, and `make test-conventions` runs them in an environment of their own (the
`conventions` extra, locks/conventions.txt). PyTorch is installed nowhere; the chapter
checks its rows against PyTorch's documented formulas instead.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from pathlib import Path

import numpy as np
import pytest

import infolib as il

if any(importlib.util.find_spec(name) is None for name in ("jax", "optax", "keras")):
    pytest.skip(
        "Keras 3 and JAX/optax are not installed in this environment; `make test-conventions` "
        "installs them in their own and runs these tests",
        allow_module_level=True,
    )
# Keras reads its backend, and JAX its precision, when first imported.
os.environ["KERAS_BACKEND"] = "jax"
os.environ["JAX_ENABLE_X64"] = "1"
import keras  # noqa: E402
import optax  # noqa: E402

CHAPTER = Path(__file__).resolve().parents[2] / "chapters" / "09_machine_learning.ipynb"

# The chapter's batch (the section "One batch, five ways to score it") and its soft targets.
LOGITS = np.array([[2.0, 0.5, -1.0], [0.2, 1.5, 0.3], [-0.5, 0.0, 2.5], [1.0, 1.2, 0.8]])
LABELS = np.array([0, 1, 2, 1])
SOFT = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.3, 0.5, 0.2]])
PROBS = il.softmax(LOGITS)
LOG_PROBS = il.log_softmax(LOGITS)
ONE_HOT = il.one_hot(LABELS, 3)
# Binary logits from the chapter's table of the naive route, with the targets beside them.
Z = np.array([-800.0, -40.0, -3.0, 0.0, 0.5, 3.0, 40.0, 800.0])
Y = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0])
EPSILON = 1e-7  # keras.config.epsilon(), the clip Keras applies to probabilities


@pytest.fixture(scope="module", autouse=True)
def float64():
    assert keras.backend.backend() == "jax", keras.backend.backend()
    assert keras.config.epsilon() == EPSILON
    previous = keras.config.floatx()
    keras.config.set_floatx("float64")
    yield
    keras.config.set_floatx(previous)


def value(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


def cross_entropies(p, q) -> np.ndarray:
    """Per-example H_ce(p, q) in nats: infolib's reference."""
    return il.cross_entropy(p, q, base="nats")


def divergences(p, q) -> np.ndarray:
    """Per-example D(p || q) in nats: infolib's reference."""
    return il.kl_divergence(p, q, base="nats")


def binary_losses(z, y) -> np.ndarray:
    """Per-element binary cross-entropy from the logit, in nats: infolib's reference."""
    return np.array([il.binary_cross_entropy_loss([zi], [yi]) for zi, yi in zip(z, y)])


# --- Keras 3 ---------------------------------------------------------------------------


def test_keras_categorical_crossentropy_takes_the_data_first_and_probabilities_by_default():
    loss = keras.losses.CategoricalCrossentropy()
    assert loss.from_logits is False
    for targets in (ONE_HOT, SOFT):
        assert value(loss(targets, PROBS)) == pytest.approx(cross_entropies(targets, PROBS).mean(), rel=1e-12)
    # The other order scores the data under the model's probabilities: another number.
    assert value(loss(PROBS, SOFT)) == pytest.approx(cross_entropies(PROBS, SOFT).mean(), rel=1e-12)
    assert value(loss(PROBS, SOFT)) != pytest.approx(value(loss(SOFT, PROBS)), rel=1e-3)


def test_keras_categorical_crossentropy_from_logits_is_the_softmax_cross_entropy():
    loss = keras.losses.CategoricalCrossentropy(from_logits=True)
    assert value(loss(ONE_HOT, LOGITS)) == pytest.approx(il.cross_entropy_loss(LOGITS, LABELS), rel=1e-12)
    assert value(loss(SOFT, LOGITS)) == pytest.approx(cross_entropies(SOFT, PROBS).mean(), rel=1e-12)


def test_keras_given_logits_without_from_logits_rescales_and_clips_them_and_raises_nothing():
    # What the chapter shows: y_pred divided by its row sum, clipped to [eps, 1 - eps], then
    # -sum p ln q. On these logits it is far from the cross-entropy and nothing warns.
    got = value(keras.losses.CategoricalCrossentropy()(ONE_HOT, LOGITS))
    rescaled = np.clip(LOGITS / LOGITS.sum(axis=1, keepdims=True), EPSILON, 1 - EPSILON)
    expected = -(ONE_HOT * np.log(rescaled)).sum(axis=1).mean()
    assert got == pytest.approx(expected, rel=1e-12)
    assert abs(got - il.cross_entropy_loss(LOGITS, LABELS)) > 0.1


def test_keras_sparse_categorical_crossentropy_takes_class_indices_first():
    assert value(keras.losses.SparseCategoricalCrossentropy()(LABELS, PROBS)) == pytest.approx(
        il.cross_entropy_loss(LOGITS, LABELS), rel=1e-12
    )
    assert value(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(LABELS, LOGITS)) == pytest.approx(
        il.cross_entropy_loss(LOGITS, LABELS), rel=1e-12
    )


def test_keras_binary_crossentropy_from_logits_is_exact_and_from_probabilities_is_capped():
    exact = binary_losses(Z, Y)
    from_logits = keras.losses.BinaryCrossentropy(from_logits=True, reduction=None)
    # One value per example: the mean over the last axis, which holds one prediction here.
    # That mean is keras.ops.mean, which computes in float32 even for float64 input
    # (keras/src/backend/jax/numpy.py), hence float32's relative precision.
    assert value(from_logits(Y[:, None], Z[:, None])) == pytest.approx(exact, rel=1e-7, abs=1e-300)
    default = keras.losses.BinaryCrossentropy(reduction=None)
    assert default.from_logits is False
    capped = value(default(Y[:, None], il.sigmoid(Z)[:, None]))
    # Probabilities are clipped to [eps, 1 - eps]: no inf, but no loss above -ln(eps) either.
    assert capped.max() == pytest.approx(-np.log(EPSILON), rel=1e-7)
    assert exact.max() == pytest.approx(800.0)
    moderate = np.abs(Z) <= 3
    assert capped[moderate] == pytest.approx(exact[moderate], rel=1e-6)


def test_keras_kl_divergence_takes_the_data_first_as_probabilities():
    loss = keras.losses.KLDivergence()
    assert value(loss(SOFT, PROBS)) == pytest.approx(divergences(SOFT, PROBS).mean(), rel=1e-12)
    # Swapped, it is the divergence of the model from the data, D(q || p).
    assert value(loss(PROBS, SOFT)) == pytest.approx(divergences(PROBS, SOFT).mean(), rel=1e-12)
    assert value(loss(PROBS, SOFT)) != pytest.approx(value(loss(SOFT, PROBS)), rel=1e-3)


def test_keras_kl_divergence_clips_the_models_probabilities_at_epsilon():
    data = np.array([[0.5, 0.5, 0.0]])
    model = np.array([[1.0 - 1e-12, 1e-12, 0.0]])
    got = value(keras.losses.KLDivergence()(data, model))
    exact = divergences(data, model)[0]
    assert exact == pytest.approx(0.5 * np.log(0.5 / (1 - 1e-12)) + 0.5 * np.log(0.5 / 1e-12))
    assert got == pytest.approx(0.5 * np.log(0.5 / (1 - 1e-12)) + 0.5 * np.log(0.5 / EPSILON), rel=1e-9)
    assert got < exact - 5


@pytest.mark.parametrize(
    "make",
    [keras.losses.CategoricalCrossentropy, keras.losses.KLDivergence],
    ids=["CategoricalCrossentropy", "KLDivergence"],
)
def test_keras_reductions_none_sum_and_the_default_sum_over_batch_size(make):
    per_example = (cross_entropies if make is keras.losses.CategoricalCrossentropy else divergences)(SOFT, PROBS)
    assert make().reduction == "sum_over_batch_size"
    assert value(make(reduction=None)(SOFT, PROBS)) == pytest.approx(per_example, rel=1e-12)
    assert value(make(reduction="sum")(SOFT, PROBS)) == pytest.approx(per_example.sum(), rel=1e-12)
    assert value(make()(SOFT, PROBS)) == pytest.approx(per_example.sum() / len(SOFT), rel=1e-12)


def test_keras_default_reduction_divides_weighted_losses_by_the_batch_size_not_the_weights():
    weights = np.array([1.0, 0.0, 0.0, 3.0])
    per_example = cross_entropies(SOFT, PROBS)
    loss = keras.losses.CategoricalCrossentropy()
    got = value(loss(SOFT, PROBS, sample_weight=weights))
    assert got == pytest.approx((weights * per_example).sum() / len(SOFT), rel=1e-12)
    by_weights = keras.losses.CategoricalCrossentropy(reduction="mean_with_sample_weight")
    assert value(by_weights(SOFT, PROBS, sample_weight=weights)) == pytest.approx(
        (weights * per_example).sum() / weights.sum(), rel=1e-12
    )


# --- JAX / optax -----------------------------------------------------------------------


def test_optax_softmax_cross_entropy_takes_logits_first_and_returns_one_loss_per_example():
    got = value(optax.softmax_cross_entropy(LOGITS, SOFT))
    assert got.shape == (len(SOFT),)
    assert got == pytest.approx(cross_entropies(SOFT, PROBS), rel=1e-12)
    assert got.mean() == pytest.approx(value(keras.losses.CategoricalCrossentropy(from_logits=True)(SOFT, LOGITS)))


def test_optax_integer_labels_variant_takes_class_indices_second():
    got = value(optax.softmax_cross_entropy_with_integer_labels(LOGITS, LABELS))
    assert got.shape == (len(LABELS),)
    assert got == pytest.approx(cross_entropies(ONE_HOT, PROBS), rel=1e-12)
    assert got.mean() == pytest.approx(il.cross_entropy_loss(LOGITS, LABELS), rel=1e-12)


def test_optax_sigmoid_binary_cross_entropy_is_elementwise_and_exact_from_the_logit():
    got = value(optax.sigmoid_binary_cross_entropy(Z, Y))
    assert got.shape == Z.shape
    assert got == pytest.approx(binary_losses(Z, Y), rel=1e-12, abs=1e-300)


def test_optax_kl_divergence_takes_the_models_log_probabilities_first_like_torch():
    got = value(optax.kl_divergence(LOG_PROBS, SOFT))
    assert got.shape == (len(SOFT),)
    assert got == pytest.approx(divergences(SOFT, PROBS), rel=1e-12)
    # Given (data, model) in Keras's order, it computes something else entirely.
    assert value(optax.kl_divergence(np.log(SOFT), PROBS)) == pytest.approx(divergences(PROBS, SOFT), rel=1e-12)


def test_optax_where_zeroes_the_padding_but_leaves_the_masked_mean_to_the_caller():
    # The chapter's padded batch: a fifth row of padding, its label any valid class.
    logits = np.vstack([LOGITS, [[3.0, -2.0, 0.0]]])
    labels = np.append(LABELS, 0)
    mask = np.array([1.0, 1.0, 1.0, 1.0, 0.0])
    per_token = value(optax.softmax_cross_entropy_with_integer_labels(logits, labels, where=mask > 0))
    assert per_token.shape == (5,) and per_token[4] == 0.0
    assert per_token[:4] == pytest.approx(cross_entropies(ONE_HOT, PROBS), rel=1e-12)
    assert (per_token * mask).sum() / mask.sum() == pytest.approx(il.cross_entropy_loss(LOGITS, LABELS), rel=1e-12)
    assert per_token.mean() == pytest.approx(0.8 * il.cross_entropy_loss(LOGITS, LABELS), rel=1e-12)


# --- label smoothing and focal loss ------------------------------------------------------


def test_label_smoothing_spreads_eps_over_all_classes_including_the_true_one():
    eps, k = 0.1, 3
    smoothed = (1 - eps) * ONE_HOT + eps / k
    assert smoothed[0] == pytest.approx([1 - eps + eps / k, eps / k, eps / k])
    assert value(optax.smooth_labels(ONE_HOT, eps)) == pytest.approx(smoothed, rel=1e-12)
    keras_value = value(keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=eps)(ONE_HOT, LOGITS))
    assert keras_value == pytest.approx(cross_entropies(smoothed, PROBS).mean(), rel=1e-12)


def test_keras_binary_label_smoothing_squeezes_targets_towards_one_half():
    eps = 0.1
    z, y = Z[2:6], Y[2:6]  # moderate logits, targets 1, 0, 1, 0
    got = value(keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=eps)(y, z))
    # to float32 rounding: this path of Keras does not keep the float64 of the inputs
    assert got == pytest.approx(binary_losses(z, y * (1 - eps) + eps / 2).mean(), rel=1e-6)
    assert abs(got - binary_losses(z, (1 - eps) * y + eps / 3).mean()) > 1e-3  # not eps / K with K = 3


def test_keras_sparse_categorical_crossentropy_has_no_label_smoothing():
    with pytest.raises(TypeError):
        keras.losses.SparseCategoricalCrossentropy(label_smoothing=0.1)


def test_focal_losses_are_unbalanced_by_default_and_alpha_balanced_on_request():
    z, y, gamma, alpha = Z[2:6], Y[2:6], 2.0, 0.25
    p_t = np.where(y == 1, il.sigmoid(z), 1 - il.sigmoid(z))
    unbalanced = -((1 - p_t) ** gamma) * np.log(p_t)
    balanced = np.where(y == 1, alpha, 1 - alpha) * unbalanced
    assert value(optax.sigmoid_focal_loss(z, y, gamma=gamma)) == pytest.approx(unbalanced, rel=1e-9)
    assert value(optax.sigmoid_focal_loss(z, y, alpha=alpha, gamma=gamma)) == pytest.approx(balanced, rel=1e-9)
    keras_default = keras.losses.BinaryFocalCrossentropy(from_logits=True, gamma=gamma)
    keras_balanced = keras.losses.BinaryFocalCrossentropy(from_logits=True, gamma=gamma, apply_class_balancing=True)
    assert value(keras_default(y, z)) == pytest.approx(unbalanced.mean(), rel=1e-6)
    assert value(keras_balanced(y, z)) == pytest.approx(balanced.mean(), rel=1e-6)
    # infolib's focal_loss is the unbalanced form (the positive class's logit in column 0).
    two_class = np.column_stack([z, np.zeros_like(z)])
    assert il.focal_loss(two_class, (1 - y).astype(int), gamma=gamma) == pytest.approx(unbalanced.mean(), rel=1e-12)


# --- the translation from PyTorch to Keras and optax ------------------------------------


def torch_kl_div_loss(input, target, reduction="mean"):
    """torch.nn.KLDivLoss (log_target=False) as documented: target * (log target - input)."""
    pointwise = np.where(target > 0, target * np.log(np.where(target > 0, target, 1.0)), 0.0) - target * input
    return {"mean": pointwise.mean(), "batchmean": pointwise.sum() / input.shape[0], "sum": pointwise.sum()}[reduction]


def test_torch_kldivloss_batchmean_translates_to_keras_kldivergence_with_arguments_swapped():
    torch_value = torch_kl_div_loss(LOG_PROBS, SOFT, "batchmean")
    keras_value = value(keras.losses.KLDivergence()(SOFT, np.exp(LOG_PROBS)))
    optax_value = value(optax.kl_divergence(LOG_PROBS, SOFT)).mean()
    assert torch_value == pytest.approx(divergences(SOFT, PROBS).mean(), rel=1e-12)
    assert keras_value == pytest.approx(torch_value, rel=1e-12)
    assert optax_value == pytest.approx(torch_value, rel=1e-12)
    # torch's default 'mean' also divides by the number of classes; Keras's default does not.
    assert torch_kl_div_loss(LOG_PROBS, SOFT) == pytest.approx(keras_value / SOFT.shape[1], rel=1e-12)


# --- the chapter's table says what these tests found --------------------------------------

# For each Keras or optax row of the chapter's table: the start of its "data" and
# "model, given as" columns and its reduction, as the tests above establish them.
ROWS = {
    "keras.losses.CategoricalCrossentropy()(y_true, y_pred)": ("first", "second, probabilities", "sum_over_batch_size"),
    "keras.losses.SparseCategoricalCrossentropy()(y_true, y_pred)": ("first", "second, probabilities", "sum_over_batch_size"),
    "keras.losses.BinaryCrossentropy()(y_true, y_pred)": ("first", "second, probabilities", "sum_over_batch_size"),
    "keras.losses.KLDivergence()(y_true, y_pred)": ("first", "second, probabilities", "sum_over_batch_size"),
    "optax.softmax_cross_entropy(logits, labels)": ("second", "first, logits", "none"),
    "optax.softmax_cross_entropy_with_integer_labels(logits, labels)": ("second", "first, logits", "none"),
    "optax.sigmoid_binary_cross_entropy(logits, labels)": ("second", "first, logits", "none"),
    "optax.kl_divergence(log_predictions, targets)": ("second", "first, log-probabilities", "none"),
}


def table_rows() -> dict[str, list[str]]:
    """Call -> [data, model given as, unit, reduction], joined from the chapter's two tables of
    conventions (data and model form in the first, unit and reduction in the second)."""
    notebook = json.loads(CHAPTER.read_text(encoding="utf-8"))
    rows: dict[str, list[str]] = {}
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).splitlines():
            match = re.match(r"^\|\s*`((?:keras|optax)\.[^`]*)`(?: \{cite:p\}`[^`]*`)?\s*\|(.*)\|\s*$", line)
            if match:
                rows.setdefault(match.group(1), []).extend(column.strip() for column in match.group(2).split("|"))
    return rows


def test_every_keras_and_optax_row_of_the_chapters_table_is_checked_here():
    assert set(table_rows()) == set(ROWS)


@pytest.mark.parametrize("call", sorted(ROWS))
def test_the_chapters_row_states_what_the_library_does(call):
    data, model, reduction = ROWS[call]
    columns = table_rows()[call]
    assert columns[0].startswith(data), (call, columns)
    assert columns[1].startswith(model), (call, columns)
    assert columns[2] == "nats", (call, columns)
    assert reduction in columns[3], (call, columns)
