"""The exercises added to notebooks 02–03 by issue 8: ``numerical_gradient`` and ``weight_gradient``.

As in test_checks.py, every "student" function is written out here independently of
the mistake catalogue in ``nblib.exercises_01_03``, so these tests can fail.
Also: ``solves`` with a custom step, and ``plot_decision_boundary(own_scale=True)``.
"""

from __future__ import annotations

import numpy as np
import pytest
from check_helpers import assert_hint_names, assert_passes, hint_of

import nblib
from nblib import check
from nblib.exercises_01_03 import NetworkLoss
from nblib.update import initialize_weights, solves, weight_gradient

# -- numerical_gradient: correct solutions, written several ways ---------------------

def central_loops(f, param, h=1e-5):
    grad = np.zeros_like(param)
    for i in range(param.shape[0]):
        for j in range(param.shape[1]):
            old = param[i, j]
            param[i, j] = old + h
            up = f()
            param[i, j] = old - h
            down = f()
            param[i, j] = old
            grad[i, j] = (up - down) / (2 * h)
    return grad


def central_nditer(f, param, h=1e-5):
    grad = np.zeros(param.shape)
    it = np.nditer(param, flags=["multi_index"], op_flags=[["readwrite"]])
    while not it.finished:
        ix = it.multi_index
        old = float(param[ix])
        param[ix] = old + h
        up = f()
        param[ix] = old - h
        down = f()
        param[ix] = old
        grad[ix] = (up - down) / (2 * h)
        it.iternext()
    return grad


@pytest.mark.parametrize("student", [central_loops, central_nditer, nblib.numerical_gradient])
def test_correct_numerical_gradients_pass(student):
    assert_passes("numerical_gradient", student)


def test_numerical_gradient_matches_backprop_and_restores_the_weights():
    x, t = nblib.load_xor()
    Wh, Wo = initialize_weights(2, 3, 1, rng=1)
    loss = NetworkLoss(x, t, Wh, Wo)
    before = Wh.copy()
    numeric = nblib.numerical_gradient(loss, Wh)
    z, y, z_raw, y_raw = nblib.activations_for(x, Wh, Wo)
    dh, _ = nblib.deltas_for(t, z, y, z_raw, y_raw, Wh, Wo)
    assert nblib.relative_error(weight_gradient(dh, x), numeric) < 1e-7
    assert np.array_equal(Wh, before)


# -- numerical_gradient: the classic mistakes, each named ----------------------------

def forward_difference(f, param, h=1e-5):
    grad = np.zeros_like(param)
    base = f()
    for ix in np.ndindex(param.shape):
        param[ix] += h
        grad[ix] = (f() - base) / h
        param[ix] -= h
    return grad


def divided_by_h(f, param, h=1e-5):
    return central_loops(f, param, h) * 2


def back_to_w_only(f, param, h=1e-5):
    grad = np.zeros_like(param)
    for ix in np.ndindex(param.shape):
        param[ix] += h
        up = f()
        param[ix] -= h
        down = f()
        grad[ix] = (up - down) / (2 * h)
    return grad


def restores_through_a_view(f, param, h=1e-5):
    grad = np.zeros_like(param)
    for i in range(param.shape[0]):
        saved = param[i]                      # a view: changes with param
        for j in range(param.shape[1]):
            param[i, j] += h
            up = f()
            param[i, j] -= 2 * h
            down = f()
            param[i] = saved                  # restores nothing
            grad[i, j] = (up - down) / (2 * h)
    return grad


def nudges_a_flat_copy(f, param, h=1e-5):
    flat = param.flatten()
    grad = np.zeros(flat.shape)
    for k in range(flat.size):
        flat[k] += h
        up = f()
        flat[k] -= 2 * h
        down = f()
        flat[k] += h
        grad[k] = (up - down) / (2 * h)
    return grad.reshape(param.shape)


def nudges_rows(f, param, h=1e-5):
    grad = np.zeros_like(param)
    for i, row in enumerate(param):
        row += h
        up = f()
        row -= 2 * h
        down = f()
        row += h
        grad[i, :] = (up - down) / (2 * h)
    return grad


def flattened(f, param, h=1e-5):
    return central_loops(f, param, h).reshape(-1)


def fixed_step(f, param, h=1e-5):
    return central_loops(f, param)


@pytest.mark.parametrize("student, words", [
    (forward_difference, ["forward difference", "2h"]),
    (divided_by_h, ["divide by 2h"]),
    (back_to_w_only, ["−= 2h"]),
    (restores_through_a_view, ["not restored", "view"]),
    (nudges_a_flat_copy, ["copy", "in place"]),
    (nudges_rows, ["whole row", "np.ndindex"]),
    (flattened, ["flattened", "param's shape"]),
    (fixed_step, ["h is ignored"]),
], ids=lambda v: getattr(v, "__name__", ""))
def test_numerical_gradient_mistakes_are_named(student, words):
    assert_hint_names("numerical_gradient", student, words)


def test_numerical_gradient_that_raises_is_reported_not_raised():
    def broken(f, param, h=1e-5):
        return f(param)                       # f takes no arguments
    assert "TypeError" in hint_of("numerical_gradient", broken)


# -- weight_gradient --------------------------------------------------------------------

def gradient_by_rows(delta, inputs):
    n = inputs.shape[0]
    bias_row = delta.sum(axis=0, keepdims=True) / n
    return np.concatenate([bias_row, inputs.T.dot(delta) / n])


def gradient_by_loops(delta, inputs):
    n, i_count = inputs.shape
    grad = np.zeros((i_count + 1, delta.shape[1]))
    for n_ in range(n):
        grad += np.outer(np.r_[1.0, inputs[n_]], delta[n_])
    return grad / n


@pytest.mark.parametrize("student", [gradient_by_rows, gradient_by_loops, weight_gradient])
def test_correct_weight_gradients_pass(student):
    assert_passes("weight_gradient", student)


def test_weight_gradient_is_what_gradient_descent_subtracts():
    rng = np.random.default_rng(7)
    x, z = rng.normal(size=(5, 3)), rng.normal(size=(5, 4))
    dh, do = rng.normal(size=(5, 4)), rng.normal(size=(5, 2))
    Wh, Wo = rng.normal(size=(4, 4)), rng.normal(size=(5, 2))
    new_Wh, new_Wo = nblib.gradient_descent(do, dh, x, z, Wh, Wo, eta=0.3)
    assert np.allclose(new_Wh, Wh - 0.3 * weight_gradient(dh, x))
    assert np.allclose(new_Wo, Wo - 0.3 * weight_gradient(do, z))
    assert np.allclose(weight_gradient(dh, x)[0], dh.mean(axis=0))


def no_bias_row(delta, inputs):
    return inputs.T @ delta / len(inputs)


def ones_appended(delta, inputs):
    return np.c_[inputs, np.ones(len(inputs))].T @ delta / len(inputs)


def summed(delta, inputs):
    return np.c_[np.ones(len(inputs)), inputs].T @ delta


def bias_row_summed(delta, inputs):
    return np.r_[delta.sum(axis=0, keepdims=True), inputs.T @ delta / len(inputs)]


def bias_row_zero(delta, inputs):
    return np.r_[np.zeros((1, delta.shape[1])), inputs.T @ delta / len(inputs)]


def bias_row_wrong_axis(delta, inputs):
    return np.r_[[delta.mean(axis=1)], inputs.T @ delta / len(inputs)]


def divided_by_columns(delta, inputs):
    return np.c_[np.ones(len(inputs)), inputs].T @ delta / inputs.shape[1]


def transposed(delta, inputs):
    return delta.T @ np.c_[np.ones(len(inputs)), inputs] / len(inputs)


def negated(delta, inputs):
    return -gradient_by_rows(delta, inputs)


@pytest.mark.parametrize("student, words", [
    (no_bias_row, ["bias row is missing"]),
    (ones_appended, ["wrong end", "row 0"]),
    (summed, ["1/N is missing"]),
    (bias_row_summed, ["column sum", "not divided by N"]),
    (bias_row_zero, ["left at 0"]),
    (bias_row_wrong_axis, ["wrong axis", "axis 0"]),
    (divided_by_columns, ["number of columns"]),
    (transposed, ["transposed"]),
    (negated, ["sign is flipped"]),
], ids=lambda v: getattr(v, "__name__", ""))
def test_weight_gradient_mistakes_are_named(student, words):
    assert_hint_names("weight_gradient", student, words)


def test_weight_gradient_student_code_is_given_copies():
    def in_place(delta, inputs):
        inputs -= inputs                      # vandalises its argument, then answers with zeros
        return np.zeros((inputs.shape[1] + 1, delta.shape[1]))
    hint = hint_of("weight_gradient", in_place)
    assert "all zeros" in hint and "changes its argument inputs in place" in hint, hint
    assert check("weight_gradient", weight_gradient).passed  # the vandalised array was a copy


# -- solves with a custom step; plot_decision_boundary(own_scale=True) ------------------

def frozen_bias_step(do, dh, x, z, Wh, Wo, eta=0.1):
    new_Wh, new_Wo = nblib.gradient_descent(do, dh, x, z, Wh, Wo, eta)
    new_Wh[0], new_Wo[0] = Wh[0], Wo[0]
    return new_Wh, new_Wo


def test_solves_uses_the_given_step():
    x, t = nblib.load_xor()
    Wh, Wo = initialize_weights(2, 2, 1, rng=0)
    assert solves(x, t, Wh, Wo) is not None
    # frozen random biases: all four right, but the error stays far above the tolerance
    assert solves(x, t, Wh, Wo, descend=frozen_bias_step) is None
    assert solves(x, t, Wh, Wo, descend=frozen_bias_step, tolerance=np.inf) is not None
    # zero biases, frozen: the network is odd, f(−x) = −f(x), so XOR is impossible
    Wh[0], Wo[0] = 0.0, 0.0
    assert solves(x, t, Wh, Wo, updates=4000, descend=frozen_bias_step, tolerance=np.inf) is None


def test_own_scale_colours_span_a_tiny_output_range_and_add_a_colour_bar():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x, t = nblib.load_xor()
    ax = nblib.plot_decision_boundary(lambda p: -0.0048 - 1e-4 * p[:, :1] ** 2, x, t, own_scale=True)
    filled = ax.collections[0]
    low, high = filled.get_clim()
    assert -0.0051 < low < high < -0.0047  # the output spans −0.00503 … −0.0048
    assert len(ax.figure.axes) == 2           # the plot and its colour bar
    plt.close(ax.figure)
    ax = nblib.plot_decision_boundary(lambda p: -0.0048 + 0 * p[:, :1], x, t)
    assert ax.collections[0].get_clim() == (-1.0, 1.0) and len(ax.figure.axes) == 1
    plt.close(ax.figure)
