"""Checks of notebook 07's exercises: softmax_loss_gradient, affine_backward, hidden_backward.

Every "student" function is written out here in plain NumPy, the way a student would write
it, independently of the mistake catalogue in ``nblib.exercises_07``: a test that reused the
catalogue could not fail. Each wrong answer must get a hint containing the listed words.
"""

from __future__ import annotations

import numpy as np
import pytest
from check_helpers import assert_hint_names, assert_passes, assert_stubs_and_crashes_are_reported, hint_of

import nblib
from nblib.checks import EXERCISES

NAMES = ("softmax_loss_gradient", "affine_backward", "hidden_backward")


def probs_of(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# -- softmax_loss_gradient -------------------------------------------------------------------

def softmax_loss(scores, labels):          # the source's lines, with the loss from log-sum-exp
    num_examples = scores.shape[0]
    probs = probs_of(scores)
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = np.sum(-log_probs[range(num_examples), labels]) / num_examples
    dscores = probs
    dscores[range(num_examples), labels] -= 1
    dscores /= num_examples
    return loss, dscores


def softmax_loss_one_hot(scores, labels):  # another right way: one-hot targets, log-softmax
    t = np.eye(scores.shape[1])[labels]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.mean(np.sum(t * log_p, axis=1)), (np.exp(log_p) - t) / len(scores)


def sl_no_mean_in_gradient(scores, labels):
    probs = probs_of(scores)
    n = len(scores)
    loss = -np.log(probs[range(n), labels]).mean()
    probs[range(n), labels] -= 1
    return loss, probs


def sl_summed_loss(scores, labels):
    probs = probs_of(scores)
    n = len(scores)
    loss = -np.log(probs[range(n), labels]).sum()
    probs[range(n), labels] -= 1
    return loss, probs / n


def sl_no_minus_one(scores, labels):
    probs = probs_of(scores)
    return -np.log(probs[range(len(scores)), labels]).mean(), probs / len(scores)


def sl_colon_index(scores, labels):
    probs = probs_of(scores)
    loss = -np.log(probs[range(len(scores)), labels]).mean()
    probs[:, labels] -= 1
    return loss, probs / len(scores)


def sl_log_of_p(scores, labels):  # the source's own loss line: −log p, infinite where p underflows to 0
    n = len(scores)
    probs = probs_of(scores)
    loss = np.sum(-np.log(probs[range(n), labels])) / n
    probs[range(n), labels] -= 1
    return loss, probs / n


def sl_minus_labels(scores, labels):
    probs = probs_of(scores)
    loss = -np.log(probs[range(len(scores)), labels]).mean()
    return loss, (probs - labels.reshape(-1, 1)) / len(scores)


def sl_target_minus_p(scores, labels):
    loss, d = softmax_loss(scores, labels)
    return loss, -d


def sl_naive_exp(scores, labels):
    e = np.exp(scores)
    probs = e / np.sum(e, axis=1, keepdims=True)
    n = len(scores)
    loss = -np.log(probs[range(n), labels]).mean()
    probs[range(n), labels] -= 1
    return loss, probs / n


def sl_positive_log(scores, labels):
    probs = probs_of(scores)
    n = len(scores)
    loss = np.mean(np.log(probs[range(n), labels]))
    probs[range(n), labels] -= 1
    return loss, probs / n


def sl_all_classes(scores, labels):
    probs = probs_of(scores)
    loss = -np.mean(np.log(probs))
    probs[range(len(scores)), labels] -= 1
    return loss, probs / len(scores)


def sl_only_gradient(scores, labels):
    return softmax_loss(scores, labels)[1]


def sl_swapped(scores, labels):
    loss, d = softmax_loss(scores, labels)
    return d, loss


# -- affine_backward ------------------------------------------------------------------------------

def affine(dout, cache):
    x, w, b = cache
    return dout.dot(w.T), x.T.dot(dout), np.sum(dout, axis=0)


def affine_einsum(dout, cache):
    x, w, _ = cache
    return np.einsum("nm,dm->nd", dout, w), np.einsum("nd,nm->dm", x, dout), dout.sum(0)


def ab_dw_transposed(dout, cache):
    x, w, b = cache
    return dout @ w.T, dout.T @ x, dout.sum(axis=0)


def ab_dx_without_transpose(dout, cache):
    x, w, b = cache
    return dout @ w, x.T @ dout, dout.sum(axis=0)


def ab_db_axis_1(dout, cache):
    x, w, b = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=1)


def ab_db_total(dout, cache):
    x, w, b = cache
    return dout @ w.T, x.T @ dout, np.sum(dout)


def ab_db_keepdims(dout, cache):
    x, w, b = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0, keepdims=True)


def ab_db_not_summed(dout, cache):
    x, w, b = cache
    return dout @ w.T, x.T @ dout, dout


def ab_db_mean(dout, cache):
    x, w, b = cache
    return dout @ w.T, x.T @ dout, dout.mean(axis=0)


def ab_dw_over_n(dout, cache):
    x, w, b = cache
    return dout @ w.T, x.T @ dout / x.shape[0], dout.sum(axis=0)


def ab_wrong_order(dout, cache):
    dx, dw, db = affine(dout, cache)
    return dw, db, dx


def ab_forgot_dx(dout, cache):
    return affine(dout, cache)[1:]


# -- hidden_backward ------------------------------------------------------------------------------------

def hidden(dz, z, x, W1, l2, activation="relu"):
    if activation == "relu":
        dz_raw = np.where(z > 0, dz, 0.0)
    else:
        dz_raw = dz * z * (1 - z)
    return x.T.dot(dz_raw) + l2 * W1, np.sum(dz_raw, axis=0)


def hb_sigmoid_of_output(dz, z, x, W1, l2, activation="relu"):   # the source's g_prime(hidden_layer)
    def g_prime(a):
        return (a > 0) * 1.0 if activation == "relu" else nblib.sigmoid(a) * (1 - nblib.sigmoid(a))
    dz_raw = dz * g_prime(z)
    return x.T @ dz_raw + l2 * W1, dz_raw.sum(axis=0)


def hb_no_l2(dz, z, x, W1, l2, activation="relu"):
    dW1, db1 = hidden(dz, z, x, W1, l2, activation)
    return dW1 - l2 * W1, db1


def hb_two_l2(dz, z, x, W1, l2, activation="relu"):
    dW1, db1 = hidden(dz, z, x, W1, l2, activation)
    return dW1 + l2 * W1, db1


def hb_half_l2(dz, z, x, W1, l2, activation="relu"):
    dW1, db1 = hidden(dz, z, x, W1, l2, activation)
    return dW1 - 0.5 * l2 * W1, db1


def hb_no_derivative(dz, z, x, W1, l2, activation="relu"):
    return x.T @ dz + l2 * W1, dz.sum(axis=0)


def hb_relu_geq(dz, z, x, W1, l2, activation="relu"):
    mask = (z >= 0) if activation == "relu" else z * (1 - z)
    dz_raw = dz * mask
    return x.T @ dz_raw + l2 * W1, dz_raw.sum(axis=0)


def hb_tanh_formula(dz, z, x, W1, l2, activation="relu"):
    dz_raw = dz * ((z > 0) if activation == "relu" else 1 - z * z)
    return x.T @ dz_raw + l2 * W1, dz_raw.sum(axis=0)


def hb_relu_only(dz, z, x, W1, l2, activation="relu"):
    dz = dz.copy()
    dz[z <= 0] = 0
    return x.T @ dz + l2 * W1, dz.sum(axis=0)


def hb_db_axis_1(dz, z, x, W1, l2, activation="relu"):
    dW1, _ = hidden(dz, z, x, W1, l2, activation)
    dz_raw = dz * ((z > 0) if activation == "relu" else z * (1 - z))
    return dW1, dz_raw.sum(axis=1)


def hb_dw_over_n(dz, z, x, W1, l2, activation="relu"):
    dz_raw = dz * ((z > 0) if activation == "relu" else z * (1 - z))
    return x.T @ dz_raw / len(x) + l2 * W1, dz_raw.sum(axis=0)


def hb_l2_on_bias_too(dz, z, x, W1, l2, activation="relu"):
    dW1, db1 = hidden(dz, z, x, W1, l2, activation)
    return dW1, db1 + l2


def hb_returns_dz_raw(dz, z, x, W1, l2, activation="relu"):
    return dz * ((z > 0) if activation == "relu" else z * (1 - z))


CORRECT = [("softmax_loss_gradient", softmax_loss), ("softmax_loss_gradient", softmax_loss_one_hot),
           ("affine_backward", affine), ("affine_backward", affine_einsum), ("hidden_backward", hidden)]

WRONG = [
    ("softmax_loss_gradient", sl_log_of_p, ["loss is infinite", "a logarithm of 0", "log-sum-exp"]),
    ("softmax_loss_gradient", sl_no_mean_in_gradient, ["1/N", "(p − t) / N"]),
    ("softmax_loss_gradient", sl_summed_loss, ["summed", "mean"]),
    ("softmax_loss_gradient", sl_no_minus_one, ["−1", "true class"]),
    ("softmax_loss_gradient", sl_colon_index, ["probs[:, labels]", "np.arange(N)"]),
    ("softmax_loss_gradient", sl_minus_labels, ["class indices", "one-hot"]),
    ("softmax_loss_gradient", sl_target_minus_p, ["sign", "probability minus target"]),
    ("softmax_loss_gradient", sl_naive_exp, ["not stable", "maximum"]),
    ("softmax_loss_gradient", sl_positive_log, ["wrong sign", "positive"]),
    ("softmax_loss_gradient", sl_all_classes, ["all K classes", "true class"]),
    ("softmax_loss_gradient", sl_only_gradient, ["expected 2 arrays", "(loss, dscores)"]),
    ("softmax_loss_gradient", sl_swapped, ["wrong order", "return (loss, dscores)"]),
    ("affine_backward", ab_dw_transposed, ["dW is transposed", "x.T @ dout"]),
    ("affine_backward", ab_dx_without_transpose, ["Wᵀ", "dout @ W.T"]),
    ("affine_backward", ab_db_axis_1, ["wrong axis", "axis=0"]),
    ("affine_backward", ab_db_total, ["sums over everything", "(M,)"]),
    ("affine_backward", ab_db_keepdims, ["1×M", "without keepdims"]),
    ("affine_backward", ab_db_not_summed, ["not summed", "dout.sum(axis=0)"]),
    ("affine_backward", ab_db_mean, ["mean, not a sum", "1/N"]),
    ("affine_backward", ab_dw_over_n, ["divided by N a second time"]),
    ("affine_backward", ab_wrong_order, ["wrong order", "(dx, dW, db)"]),
    ("affine_backward", ab_forgot_dx, ["expected 3 arrays"]),
    ("hidden_backward", hb_sigmoid_of_output, ["at the activation", "z(1 − z)"]),
    ("hidden_backward", hb_no_l2, ["L2 term is missing", "l2 * W1"]),
    ("hidden_backward", hb_two_l2, ["2λ", "λ·W1"]),
    ("hidden_backward", hb_half_l2, ["λ/2·W1"]),
    ("hidden_backward", hb_no_derivative, ["derivative factor is missing"]),
    ("hidden_backward", hb_relu_geq, ["z >= 0", "z > 0"]),
    ("hidden_backward", hb_tanh_formula, ["tanh", "z(1 − z)"]),
    ("hidden_backward", hb_relu_only, ["hard-coded", "activation"]),
    ("hidden_backward", hb_db_axis_1, ["wrong axis", "(H,)"]),
    ("hidden_backward", hb_dw_over_n, ["divided by N a second time"]),
    ("hidden_backward", hb_l2_on_bias_too, ["db1 is wrong", "no L2 term on the bias"]),
    ("hidden_backward", hb_returns_dz_raw, ["expected 2 arrays"]),
]


@pytest.mark.parametrize("name", NAMES)
def test_the_reference_passes_and_cases_include_n_1(name):
    assert_passes(name, EXERCISES[name].reference)
    assert any(len(case.args[0]) == 1 for case in EXERCISES[name].cases)


@pytest.mark.parametrize(("name", "func"), CORRECT, ids=lambda v: getattr(v, "__name__", v))
def test_correct_solutions_pass(name, func):
    assert_passes(name, func)


@pytest.mark.parametrize(("name", "func", "words"), WRONG, ids=lambda v: getattr(v, "__name__", str(v)[:20]))
def test_wrong_answers_get_the_hint_naming_their_mistake(name, func, words):
    assert_hint_names(name, func, words)


@pytest.mark.parametrize("name", NAMES)
def test_at_least_eight_wrong_answers_each_with_different_hints(name):
    hints = [hint_of(n, f) for n, f, _ in WRONG if n == name]
    assert len(hints) >= 8 and len(set(hints)) == len(hints)


def test_the_cases_cover_both_activations_l2_and_huge_scores():
    hidden_cases = EXERCISES["hidden_backward"].cases
    assert {c.args[5] for c in hidden_cases} == {"relu", "logistic"}
    assert {c.args[4] > 0 for c in hidden_cases} == {True, False}
    assert any(np.abs(c.args[0]).max() >= 1000 for c in EXERCISES["softmax_loss_gradient"].cases)
    assert any(c.args[1][0].shape[1] == c.args[1][1].shape[1] for c in EXERCISES["affine_backward"].cases)


@pytest.mark.parametrize("name", NAMES)
def test_stubs_and_crashes_are_reported_never_raised(name):
    assert_stubs_and_crashes_are_reported(name)


def test_the_student_gradients_drive_the_training():
    """The loop calls the three functions it is given: a wrong one changes the training."""
    x, labels = nblib.load_spiral(n_per_class=20)
    params = nblib.layers.init_two_layer(2, 10, 3, rng=0)
    right = nblib.layers.two_layer_gradients(params, x, labels, 0.1, "logistic")[1]
    wrong = nblib.layers.two_layer_gradients(params, x, labels, 0.1, "logistic", loss_gradient=sl_no_minus_one,
                                             dense_backward=affine, hidden_backward=hb_no_l2)[1]
    assert not np.allclose(right["W1"], wrong["W1"]) and not np.allclose(right["b2"], wrong["b2"])
