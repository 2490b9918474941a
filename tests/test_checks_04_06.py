"""Tests for the exercise checks of notebooks 04–06: feed_forward, backpropagate, decode,
softmax and softmax_cross_entropy_gradient.

Every "student" function below is written out here in plain NumPy, the way a student
would write it, independently of the mistake catalogue in ``nblib.exercises_04_06``: a
test that reused the catalogue could not fail.

Conventions of the course: zs and z_raws both start with the input x, z_raws[l] =
[1, zs[l−1]] · Ws[l−1] (ones column first, bias in row 0), zs[l] = f(z_raws[l]);
δ_l = (δ_{l+1} · Ws[l][1:]ᵀ) ∘ f'(z_raws[l]), deltas = [δ_1, …, δ_L];
decode = classes[argmax(outputs, axis=1)]; softmax row by row, row maximum subtracted;
∂E/∂s = (softmax(s) − one_hot(labels)) / N.
"""

from __future__ import annotations

import copy
import warnings

import numpy as np
import pytest

import nblib
from nblib import check, show_reference
from nblib.checks import EXERCISES

NAMES = ("feed_forward", "backpropagate", "decode", "softmax", "softmax_cross_entropy_gradient")
N_CASES = {"feed_forward": 8, "backpropagate": 8, "decode": 3, "softmax": 4, "softmax_cross_entropy_gradient": 4}


# -- small tools a student writes ---------------------------------------------------------

def ones_first(a):
    return np.hstack([np.ones((len(a), 1)), a])


def ones_last(a):
    return np.hstack([a, np.ones((len(a), 1))])


def stable_softmax(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# -- the straightforward correct solutions -------------------------------------------------------

def forward(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raw = ones_first(zs[-1]) @ W
        z_raws.append(z_raw)
        zs.append(activation_function(z_raw))
    return zs, z_raws


def backward(delta_L, z_raws, Ws, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):  # hidden layers L−1, …, 1; Ws[l] is W_{l+1}
        deltas.insert(0, (deltas[0] @ Ws[l][1:].T) * f_prime(z_raws[l]))
    return deltas


def decode(outputs, classes):
    return classes[np.argmax(outputs, axis=1)]


def softmax(scores):
    return stable_softmax(scores)


def gradient(scores, labels):
    n, k = scores.shape
    y = np.zeros((n, k))
    y[np.arange(n), labels] = 1
    return (softmax(scores) - y) / n


CORRECT = {"feed_forward": forward, "backpropagate": backward, "decode": decode, "softmax": softmax,
           "softmax_cross_entropy_gradient": gradient}


# -- other correct solutions ---------------------------------------------------------------

def forward_with_indices(x, Ws, activation_function=np.tanh):
    L = len(Ws)
    zs, z_raws = [x], [x]
    for l in range(1, L + 1):
        z_raws.append(np.c_[np.ones(len(x)), zs[l - 1]].dot(Ws[l - 1]))
        zs.append(activation_function(z_raws[l]))
    return zs, z_raws


def forward_bias_row_added(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raws.append(zs[-1] @ W[1:] + W[0])
        zs.append(activation_function(z_raws[-1]))
    return zs, z_raws


def forward_returning_a_list_of_tuples(x, Ws, activation_function=np.tanh):
    zs, z_raws = forward(x, Ws, activation_function)
    return [tuple(zs), tuple(z_raws)]


def forward_that_prints(x, Ws, activation_function=np.tanh):
    print("layer sizes:", [W.shape for W in Ws])
    return forward(x, Ws, activation_function)


def backward_with_zip_and_reversal(delta_L, z_raws, Ws, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    delta, deltas = delta_L, [delta_L]
    for W_next, z_raw in zip(reversed(Ws[1:]), reversed(z_raws[1:-1])):
        delta = (delta @ W_next[1:].T) * f_prime(z_raw)
        deltas.append(delta)
    return list(reversed(deltas))


def backward_filling_a_list(delta_L, z_raws, Ws, activation_function=np.tanh):
    L = len(Ws)
    deltas = [None] * L
    deltas[L - 1] = delta_L
    for l in range(L - 1, 0, -1):  # deltas[l-1] is δ_l
        deltas[l - 1] = (deltas[l] @ Ws[l][1:].T) * nblib.derivative(activation_function)(z_raws[l])
    return deltas


def backward_dropping_the_bias_column_afterwards(delta_L, z_raws, Ws, activation_function=np.tanh):
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas = [(deltas[0] @ Ws[l].T)[:, 1:] * nblib.derivative(activation_function)(z_raws[l])] + deltas
    return deltas


def backward_returning_a_tuple(*args):
    return tuple(backward(*args))


def backward_tanh_prime_written_out_when_tanh(delta_L, z_raws, Ws, activation_function=np.tanh):
    if activation_function is np.tanh:  # a special case that is still right
        deltas = [delta_L]
        for l in range(len(Ws) - 1, 0, -1):
            deltas.insert(0, (deltas[0] @ Ws[l][1:].T) * (1 - np.tanh(z_raws[l]) ** 2))
        return deltas
    return backward(delta_L, z_raws, Ws, activation_function)


def decode_with_take(outputs, classes):
    return np.take(classes, outputs.argmax(axis=1))


def decode_with_a_list_comprehension(outputs, classes):
    return [classes[np.argmax(row)] for row in outputs]


def decode_with_a_loop(outputs, classes):
    labels = []
    for n in range(outputs.shape[0]):
        labels.append(classes[list(outputs[n]).index(max(outputs[n]))])
    return np.array(labels)


def softmax_with_none_indexing(scores):
    e = np.exp(scores - scores.max(axis=1)[:, None])
    return e / e.sum(axis=1)[:, None]


def softmax_via_log_sum_exp(scores):
    m = np.max(scores, axis=1, keepdims=True)
    return np.exp(scores - m - np.log(np.sum(np.exp(scores - m), axis=1, keepdims=True)))


def softmax_row_by_row(scores):
    rows = []
    for s in scores:
        e = np.exp(s - max(s))
        rows.append(e / sum(e))
    return np.array(rows)


def gradient_with_eye(scores, labels):
    return (softmax(scores) - np.eye(scores.shape[1])[labels]) / len(scores)


def gradient_subtracting_one_in_a_loop(scores, labels):
    g = softmax(scores)
    for n, k in enumerate(labels):
        g[n, k] -= 1
    return g / len(labels)


def gradient_with_nblib_one_hot(scores, labels):
    return (nblib.softmax(scores) - nblib.one_hot(labels, scores.shape[1])) / scores.shape[0]


CORRECT_VARIANTS = [
    pytest.param("feed_forward", forward, id="forward-straightforward"),
    pytest.param("feed_forward", forward_with_indices, id="forward-indices-np.c_-dot"),
    pytest.param("feed_forward", forward_bias_row_added, id="forward-z@W[1:]+W[0]"),
    pytest.param("feed_forward", forward_returning_a_list_of_tuples, id="forward-list-of-tuples"),
    pytest.param("feed_forward", forward_that_prints, id="forward-prints"),
    pytest.param("backpropagate", backward, id="backward-straightforward"),
    pytest.param("backpropagate", backward_with_zip_and_reversal, id="backward-zip-reversed"),
    pytest.param("backpropagate", backward_filling_a_list, id="backward-[None]*L"),
    pytest.param("backpropagate", backward_dropping_the_bias_column_afterwards, id="backward-(d@W.T)[:,1:]"),
    pytest.param("backpropagate", backward_returning_a_tuple, id="backward-tuple"),
    pytest.param("backpropagate", backward_tanh_prime_written_out_when_tanh, id="backward-1-tanh**2-for-tanh"),
    pytest.param("decode", decode, id="decode-straightforward"),
    pytest.param("decode", decode_with_take, id="decode-np.take"),
    pytest.param("decode", decode_with_a_list_comprehension, id="decode-list-comprehension"),
    pytest.param("decode", decode_with_a_loop, id="decode-loop"),
    pytest.param("softmax", softmax, id="softmax-straightforward"),
    pytest.param("softmax", softmax_with_none_indexing, id="softmax-[:,None]"),
    pytest.param("softmax", softmax_via_log_sum_exp, id="softmax-log-sum-exp"),
    pytest.param("softmax", softmax_row_by_row, id="softmax-row-loop"),
    pytest.param("softmax_cross_entropy_gradient", gradient, id="gradient-straightforward"),
    pytest.param("softmax_cross_entropy_gradient", gradient_with_eye, id="gradient-np.eye"),
    pytest.param("softmax_cross_entropy_gradient", gradient_subtracting_one_in_a_loop, id="gradient-loop"),
    pytest.param("softmax_cross_entropy_gradient", gradient_with_nblib_one_hot, id="gradient-nblib.one_hot"),
]


# -- classic mistakes, as students write them --------------------------------------------------

def forward_without_the_input(x, Ws, activation_function=np.tanh):
    zs, z_raws = [], []
    a = x
    for W in Ws:
        z_raw = ones_first(a) @ W
        a = activation_function(z_raw)
        z_raws.append(z_raw)
        zs.append(a)
    return zs, z_raws


def forward_stopping_one_layer_early(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws[:-1]:
        z_raw = ones_first(zs[-1]) @ W
        z_raws.append(z_raw)
        zs.append(activation_function(z_raw))
    return zs, z_raws


def forward_stopping_one_layer_early_with_indices(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for l in range(1, len(Ws)):
        z_raws.append(ones_first(zs[l - 1]) @ Ws[l - 1])
        zs.append(activation_function(z_raws[l]))
    return zs, z_raws


def forward_storing_z_raw_as_activation(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raw = ones_first(zs[-1]) @ W
        z_raws.append(z_raw)
        zs.append(z_raw)  # meant z = activation_function(z_raw): the next layer gets z_raw
    return zs, z_raws


def forward_feeding_z_raw_forward(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raw = ones_first(z_raws[-1]) @ W  # should be zs[-1]
        z_raws.append(z_raw)
        zs.append(activation_function(z_raw))
    return zs, z_raws


def forward_last_layer_not_activated(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws[:-1]:
        z_raws.append(ones_first(zs[-1]) @ W)
        zs.append(activation_function(z_raws[-1]))
    y = ones_first(zs[-1]) @ Ws[-1]  # "the output is linear"
    return zs + [y], z_raws + [y]


def forward_bias_last(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raws.append(ones_last(zs[-1]) @ W)
        zs.append(activation_function(z_raws[-1]))
    return zs, z_raws


def forward_tanh_hard_coded(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raws.append(ones_first(zs[-1]) @ W)
        zs.append(np.tanh(z_raws[-1]))
    return zs, z_raws


def forward_bias_forgotten(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raws.append(zs[-1] @ W)
        zs.append(activation_function(z_raws[-1]))
    return zs, z_raws


def forward_swapped(x, Ws, activation_function=np.tanh):
    zs, z_raws = forward(x, Ws, activation_function)
    return z_raws, zs


def forward_tanh_hard_coded_in_hidden_layers_only(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for l, W in enumerate(Ws, start=1):
        z_raws.append(ones_first(zs[-1]) @ W)
        zs.append(activation_function(z_raws[-1]) if l == len(Ws) else np.tanh(z_raws[-1]))
    return zs, z_raws


def forward_zs_without_the_input(x, Ws, activation_function=np.tanh):
    zs, z_raws = forward(x, Ws, activation_function)
    return zs[1:], z_raws


def backward_not_reversed(delta_L, z_raws, Ws, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.append((deltas[-1] @ Ws[l][1:].T) * f_prime(z_raws[l]))
    return deltas


def backward_rows_dropped_at_wrong_end(delta_L, z_raws, Ws, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ Ws[l][:-1].T) * f_prime(z_raws[l]))
    return deltas


def backward_prime_at_the_next_layer(delta_L, z_raws, Ws, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ Ws[l][1:].T) * f_prime(z_raws[l + 1]))
    return deltas


def backward_prime_missing(delta_L, z_raws, Ws, activation_function=np.tanh):
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, deltas[0] @ Ws[l][1:].T)
    return deltas


def backward_tanh_hard_coded(delta_L, z_raws, Ws, activation_function=np.tanh):
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ Ws[l][1:].T) * (1 - np.tanh(z_raws[l]) ** 2))
    return deltas


def backward_bias_row_kept(delta_L, z_raws, Ws, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ Ws[l].T) * f_prime(z_raws[l]))
    return deltas


def backward_matrix_index_off_by_one(delta_L, z_raws, Ws, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ Ws[l - 1][1:].T) * f_prime(z_raws[l]))  # W_l, not W_{l+1}
    return deltas


def backward_without_delta_L(delta_L, z_raws, Ws, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    deltas, delta = [], delta_L
    for l in range(len(Ws) - 1, 0, -1):
        delta = (delta @ Ws[l][1:].T) * f_prime(z_raws[l])
        deltas.insert(0, delta)
    return deltas


def backward_one_layer_too_many(delta_L, z_raws, Ws, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    deltas = [delta_L]
    for l in range(len(Ws) - 1, -1, -1):  # down to the input layer: a δ_0 nobody needs
        deltas.insert(0, (deltas[0] @ Ws[l][1:].T) * f_prime(z_raws[l]))
    return deltas


def decode_down_the_columns(outputs, classes):
    return classes[np.argmax(outputs, axis=0)]


def decode_returning_indices(outputs, classes):
    return np.argmax(outputs, axis=1)


def decode_with_argmin(outputs, classes):
    return classes[np.argmin(outputs, axis=1)]


def decode_without_axis(outputs, classes):
    return classes[np.argmax(outputs)]


def softmax_without_the_max(scores):
    e = np.exp(scores)
    return e / np.sum(e, axis=1, keepdims=True)


def softmax_down_the_columns(scores):
    e = np.exp(scores - np.max(scores, axis=0))
    return e / np.sum(e, axis=0)


def softmax_with_the_global_max(scores):
    e = np.exp(scores - np.max(scores))
    return e / e.sum(axis=1, keepdims=True)


def softmax_without_keepdims(scores):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1)


def softmax_sum_down_the_columns_without_the_max(scores):
    e = np.exp(scores)
    return e / e.sum(axis=0)


def gradient_without_1_over_n(scores, labels):
    return softmax(scores) - np.eye(scores.shape[1])[labels]


def gradient_with_index_labels(scores, labels):
    return (softmax(scores) - labels[:, None]) / len(scores)


def gradient_with_index_labels_reshaped(scores, labels):
    return (softmax(scores) - labels.reshape(-1, 1)) / scores.shape[0]


def gradient_sign_flipped(scores, labels):
    return (np.eye(scores.shape[1])[labels] - softmax(scores)) / len(scores)


def gradient_with_unstable_softmax(scores, labels):
    e = np.exp(scores)
    p = e / e.sum(axis=1, keepdims=True)
    return (p - np.eye(scores.shape[1])[labels]) / len(scores)


def gradient_summed_over_the_batch(scores, labels):
    return gradient(scores, labels).sum(axis=0)


# (exercise, student function, words the hint must contain)
MISTAKES = [
    pytest.param("feed_forward", forward_without_the_input, ["start with the input x", "L+1"],
                 id="forward-lists-without-x"),
    pytest.param("feed_forward", forward_stopping_one_layer_early, ["one layer early", "Ws[:-1]"],
                 id="forward-Ws[:-1]"),
    pytest.param("feed_forward", forward_storing_z_raw_as_activation, ["gets z_raw", "not the raw values"],
                 id="forward-zs.append(z_raw)"),
    pytest.param("feed_forward", forward_last_layer_not_activated, ["last layer is not activated"],
                 id="forward-last-layer-linear"),
    pytest.param("feed_forward", forward_bias_last, ["wrong end", "ones first", "row 0"], id="forward-bias-last"),
    pytest.param("feed_forward", forward_tanh_hard_coded, ["hard-coded", "activation_function"],
                 id="forward-tanh-hard-coded"),
    pytest.param("feed_forward", forward_bias_forgotten, ["ValueError", "bias column is missing"],
                 id="forward-bias-forgotten"),
    pytest.param("backpropagate", backward_not_reversed, ["not reversed", "deltas[::-1]"],
                 id="backward-not-reversed"),
    pytest.param("backpropagate", backward_rows_dropped_at_wrong_end, ["wrong end", "W[1:]", "not W[:-1]"],
                 id="backward-W[:-1]"),
    pytest.param("backpropagate", backward_prime_at_the_next_layer, ["wrong layer", "z_raws[l]"],
                 id="backward-prime-at-z_raws[l+1]"),
    pytest.param("backpropagate", backward_prime_missing, ["derivative factor is missing"],
                 id="backward-prime-missing"),
    pytest.param("backpropagate", backward_tanh_hard_coded, ["hard-coded", "derivative(activation_function)"],
                 id="backward-tanh-hard-coded"),
    pytest.param("backpropagate", backward_bias_row_kept, ["ValueError", "without its bias row", "[1:]"],
                 id="backward-W-with-bias-row"),
    pytest.param("backpropagate", backward_matrix_index_off_by_one, ["ValueError", "Ws[l−1] instead of Ws[l]"],
                 id="backward-Ws[l-1]"),
    pytest.param("backpropagate", backward_without_delta_L, ["deltas has 1 entr", "expected 2", "delta_L itself"],
                 id="backward-delta_L-forgotten"),
    pytest.param("decode", decode_down_the_columns, ["wrong axis", "axis=1"], id="decode-axis-0"),
    pytest.param("decode", decode_returning_indices, ["indices, not labels", "classes[index]"],
                 id="decode-indices"),
    pytest.param("decode", decode_with_argmin, ["argmin", "largest output"], id="decode-argmin"),
    pytest.param("softmax", softmax_without_the_max, ["maximum is not subtracted", "NaN",
                                                      "scores.max(axis=1, keepdims=True)"],
                 id="softmax-max-not-subtracted"),
    pytest.param("softmax", softmax_down_the_columns, ["wrong axis", "axis=1"], id="softmax-axis-0"),
    pytest.param("softmax_cross_entropy_gradient", gradient_without_1_over_n, ["1/N is missing"],
                 id="gradient-missing-1/N"),
    pytest.param("softmax_cross_entropy_gradient", gradient_with_index_labels, ["not one-hot", "one_hot"],
                 id="gradient-p-labels[:,None]"),
    pytest.param("softmax_cross_entropy_gradient", gradient_sign_flipped, ["sign is flipped", "p − t"],
                 id="gradient-sign-flipped"),
    pytest.param("softmax_cross_entropy_gradient", gradient_with_unstable_softmax, ["not stable", "row maximum"],
                 id="gradient-unstable-softmax"),
]

# Mistakes the catalogue does not hold, or other ways to write one it does; the
# diagnosis must still point at them.
OTHER_MISTAKES = [
    pytest.param("feed_forward", forward_stopping_one_layer_early_with_indices, ["one layer early"],
                 id="forward-range(1,L)"),
    pytest.param("feed_forward", forward_tanh_hard_coded_in_hidden_layers_only,
                 ["zs[1] is wrong", "sigmoid", "hard-coded np.tanh"], id="forward-tanh-in-hidden-layers"),
    pytest.param("feed_forward", forward_zs_without_the_input, ["zs has 2 entries, expected 3", "the input first"],
                 id="forward-zs-without-x"),
    pytest.param("backpropagate", backward_one_layer_too_many, ["deltas has 3 entries, expected 2",
                                                                "one per weight matrix"],
                 id="backward-delta_0"),
    pytest.param("decode", decode_without_axis, ["labels has shape (), expected (6,)"], id="decode-no-axis"),
    pytest.param("softmax", softmax_with_the_global_max, ["each row's own maximum", "global np.max(scores)", "0/0"],
                 id="softmax-global-max"),
    pytest.param("softmax", softmax_without_keepdims, ["ValueError", "broadcast", "(5,10) (5,)"],
                 id="softmax-no-keepdims"),
    pytest.param("softmax", softmax_sum_down_the_columns_without_the_max, ["p is wrong", "each row sums to 1"],
                 id="softmax-axis-0-no-max"),
    pytest.param("softmax_cross_entropy_gradient", gradient_with_index_labels_reshaped, ["not one-hot"],
                 id="gradient-p-labels.reshape"),
    pytest.param("softmax_cross_entropy_gradient", gradient_summed_over_the_batch,
                 ["gradient has shape (10,), expected (5, 10)"], id="gradient-summed-over-batch"),
]


def hint_of(name, func):
    result = check(name, func)
    assert not result.passed, f"{getattr(func, '__name__', func)} should fail {name}"
    assert result.hint
    assert "checker itself failed" not in result.hint, result.hint
    return result.hint


# -- correct solutions pass --------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_the_reference_passes_its_own_check(name):
    result = check(name, getattr(nblib, name))
    assert result.passed and bool(result)
    assert result.hint == ""
    assert result.cases == N_CASES[name] == len(EXERCISES[name].cases)


@pytest.mark.parametrize(("name", "func"), CORRECT_VARIANTS)
def test_correct_solutions_pass(name, func, capsys):
    result = check(name, func)
    assert result.passed, result.hint
    assert result.hint == ""
    assert capsys.readouterr().out == ""  # a print in the student's function stays inside the checker


def test_the_cases_cover_both_activations_several_depths_and_a_single_example():
    for name in ("feed_forward", "backpropagate"):
        cases = EXERCISES[name].cases
        assert {c.activation for c in cases} == {"tanh", "sigmoid"}
        depths = {len(c.args[1 if name == "feed_forward" else 2]) for c in cases}
        assert {1, 2, 3, 4} <= depths  # no hidden layer up to three hidden layers
        assert any(len(c.args[0]) == 1 for c in cases)  # N=1
    assert any(c.args[1].dtype.kind == "U" for c in EXERCISES["decode"].cases)  # string labels
    assert any(np.abs(c.args[0]).max() >= 1000 for c in EXERCISES["softmax"].cases)


# -- classic mistakes are named -------------------------------------------------------------------

@pytest.mark.parametrize(("name", "func", "words"), MISTAKES + OTHER_MISTAKES)
def test_mistakes_fail_with_a_hint_naming_them(name, func, words):
    hint = hint_of(name, func)
    for word in words:
        assert word in hint, f"{word!r} not in hint: {hint}"


@pytest.mark.parametrize("name", NAMES)
def test_different_mistakes_get_different_hints(name):
    funcs = [p.values[1] for p in MISTAKES if p.values[0] == name]
    hints = [hint_of(name, f) for f in funcs]
    assert len(set(hints)) == len(hints) >= 2


def test_the_two_hard_coded_tanh_hints_differ_between_forward_and_backward():
    forward_hint = hint_of("feed_forward", forward_tanh_hard_coded)
    backward_hint = hint_of("backpropagate", backward_tanh_hard_coded)
    assert "derivative(activation_function)" in backward_hint
    assert "derivative" not in forward_hint


def test_a_global_max_softmax_is_right_until_a_row_underflows():
    """Subtracting np.max(scores) is a valid shift for rows near the global max, but a row
    far below it underflows to 0/0: the checker must fail it on the ±1000 case only."""
    assert check("softmax", softmax_with_the_global_max).hint.startswith("subtract each row's own maximum")
    cases = EXERCISES["softmax"].cases
    with np.errstate(all="ignore"):
        results = [softmax_with_the_global_max(c.args[0]) for c in cases]
    assert all(np.allclose(r, nblib.softmax(c.args[0])) for r, c in zip(results[:-1], cases[:-1]))
    assert np.isnan(results[-1]).any()


def test_forward_returning_the_lists_swapped_is_named():
    hint = hint_of("feed_forward", forward_swapped)
    assert "wrong order" in hint and "(zs, z_raws)" in hint


def test_feeding_z_raws_into_the_next_layer_is_named():
    assert "the next layer gets z_raw" in hint_of("feed_forward", forward_feeding_z_raw_forward)


# -- student code that crashes or returns nonsense --------------------------------------------------

def stub(*args, **kwargs):
    raise NotImplementedError


def stub_with_a_message(*args, **kwargs):
    raise NotImplementedError("TODO: write the loop")


def divides_by_zero(*args, **kwargs):
    return 1 / 0


def forgets_to_return(name):
    def computes_but_does_not_return(*args):
        CORRECT[name](*args)
    return computes_but_does_not_return


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("func", [stub, stub_with_a_message])
def test_a_stub_is_not_implemented(name, func):
    assert hint_of(name, func).startswith("not implemented")


@pytest.mark.parametrize("name", NAMES)
def test_exceptions_are_caught_and_named(name):
    hint = hint_of(name, divides_by_zero)
    assert "ZeroDivisionError" in hint and "Traceback" not in hint
    assert f"test case 1 of {N_CASES[name]}" in hint


@pytest.mark.parametrize("name", NAMES)
def test_returning_none_asks_for_a_return(name):
    hint = hint_of(name, forgets_to_return(name))
    assert "None" in hint and "return" in hint


def forward_returning_the_last_layer_only(x, Ws, activation_function=np.tanh):
    zs, z_raws = forward(x, Ws, activation_function)
    return zs[-1], z_raws[-1]


def forward_returning_zs_only(x, Ws, activation_function=np.tanh):
    return forward(x, Ws, activation_function)[0]


def forward_returning_three_things(x, Ws, activation_function=np.tanh):
    zs, z_raws = forward(x, Ws, activation_function)
    return zs, z_raws, Ws


def forward_returning_stacked_arrays(x, Ws, activation_function=np.tanh):
    zs, z_raws = forward(x, Ws, activation_function)
    return np.hstack(zs), np.hstack(z_raws)


def backward_returning_the_first_delta_only(*args):
    return backward(*args)[0]


@pytest.mark.parametrize(("name", "func", "words"), [
    ("feed_forward", forward_returning_the_last_layer_only, ["zs must be a list with one array per layer",
                                                            "NumPy array of shape (5, 2)"]),
    ("feed_forward", forward_returning_stacked_arrays, ["zs must be a list with one array per layer"]),
    ("feed_forward", forward_returning_zs_only, ["expected 2 arrays (zs, z_raws)", "a list of 3 items"]),
    ("feed_forward", forward_returning_three_things, ["expected 2 arrays (zs, z_raws)", "a tuple of 3 items"]),
    ("backpropagate", backward_returning_the_first_delta_only, ["deltas must be a list with one array per layer",
                                                                "NumPy array of shape (5, 4)"]),
], ids=["forward-last-arrays", "forward-hstack", "forward-zs-only", "forward-3-items", "backward-array"])
def test_the_wrong_kind_or_number_of_things_is_named(name, func, words):
    hint = hint_of(name, func)
    for word in words:
        assert word in hint, f"{word!r} not in hint: {hint}"


def forward_with_a_none_layer(x, Ws, activation_function=np.tanh):
    zs, z_raws = forward(x, Ws, activation_function)
    zs[-1] = None  # forgot to store the output
    return zs, z_raws


def backward_with_a_none_delta(delta_L, z_raws, Ws, activation_function=np.tanh):
    deltas = [None] * len(Ws)  # the loop never fills δ_1 when it stops one layer early
    deltas[-1] = delta_L
    for l in range(len(Ws) - 1, 1, -1):
        deltas[l - 1] = (deltas[l] @ Ws[l][1:].T) * nblib.derivative(activation_function)(z_raws[l])
    return deltas


NONE_IN_A_LIST = [
    pytest.param("feed_forward", forward_with_a_none_layer, "zs[2] is None", id="forward"),
    pytest.param("backpropagate", backward_with_a_none_delta, "deltas[0] is None", id="backward"),
]


@pytest.mark.parametrize(("name", "func", "words"), NONE_IN_A_LIST)
def test_a_list_containing_none_fails_without_an_exception(name, func, words):
    hint = hint_of(name, func)
    assert "test case 1 of 8" in hint


@pytest.mark.parametrize(("name", "func", "words"), NONE_IN_A_LIST)
def test_a_none_entry_in_a_list_is_named(name, func, words):
    assert hint_of(name, func).startswith(words)


def test_decoded_string_labels_are_compared_exactly():
    def decode_upper_case(outputs, classes):
        labels = decode(outputs, classes)
        return np.char.upper(labels) if labels.dtype.kind == "U" else labels

    hint = hint_of("decode", decode_upper_case)
    assert "test case 2 of 3" in hint and "classes [cat, dog, emu]" in hint
    assert "1 of 1 entries differ" in hint


@pytest.mark.parametrize("name", NAMES)
def test_a_non_callable_is_refused(name):
    result = check(name, [np.zeros((2, 2))])
    assert not result.passed and "expected a function" in result.hint and "without ()" in result.hint


# -- student code that mutates its inputs ---------------------------------------------------------------

@pytest.fixture
def private_cases(monkeypatch):
    """The exercises' cases replaced by deep copies for this test: a mutation cannot leak."""
    for name in NAMES:
        monkeypatch.setattr(EXERCISES[name], "cases", copy.deepcopy(EXERCISES[name].cases))


def backward_reversing_its_lists_in_place(delta_L, z_raws, Ws, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    Ws.reverse()  # walk from the output back: [W_L, …, W_1]
    z_raws.reverse()  # [z_raw_L, …, z_raw_0]
    deltas = [delta_L]
    for W_next, z_raw in zip(Ws[:-1], z_raws[1:-1]):
        deltas.insert(0, (deltas[0] @ W_next[1:].T) * f_prime(z_raw))
    return deltas


def forward_then_clobbers_a_weight_matrix(x, Ws, activation_function=np.tanh):
    result = forward(x, Ws, activation_function)
    Ws[0][:] = np.nan
    return result


def forward_clobbering_x(x, Ws, activation_function=np.tanh):
    zs, z_raws = forward(x, Ws, activation_function)
    x[:] = 0  # zs[0] is x itself, so zs[0] is now wrong; x is a top-level argument: the checker passed a copy
    return zs, z_raws


def test_mutating_an_array_argument_does_not_affect_later_checks():
    assert check("feed_forward", forward_clobbering_x).passed is False  # zs[0] is no longer x
    assert check("feed_forward", forward).passed


@pytest.mark.parametrize(("name", "func"), [
    ("backpropagate", backward_reversing_its_lists_in_place),
    ("feed_forward", forward_then_clobbers_a_weight_matrix),
], ids=["backward-Ws.reverse()", "forward-Ws[0][:]=nan"])
def test_mutating_a_list_argument_does_not_affect_later_checks(private_cases, name, func):
    assert check(name, func).passed  # right, though it mutates its arguments
    assert check(name, getattr(nblib, name)).passed, "the cases were corrupted"
    assert check(name, CORRECT[name]).passed


# -- no warnings, whatever the student code does ---------------------------------------------------------

@pytest.mark.parametrize(("name", "func", "word"), [
    ("softmax", softmax_without_the_max, "maximum is not subtracted"),
    ("softmax", softmax_with_the_global_max, "NaN"),
    ("softmax_cross_entropy_gradient", gradient_with_unstable_softmax, "not stable"),
])
def test_the_checker_emits_no_warnings(name, func, word):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning escaping the checker would fail the check
        result = check(name, func)
    assert not result.passed and word in result.hint


# -- checked, show_reference ----------------------------------------------------------------------------

# checked() itself is tested in test_checks.py; here only that each new exercise has a reference.


@pytest.mark.parametrize(("name", "snippet"), [
    ("feed_forward", "def feed_forward"),
    ("backpropagate", "W_next[1:]"),
    ("decode", "np.argmax(outputs, axis=1)"),
    ("softmax", "scores.max(axis=1, keepdims=True)"),
    ("softmax_cross_entropy_gradient", "/ len(scores)"),
])
def test_show_reference_prints_the_source(name, snippet, capsys):
    show_reference(name)
    assert snippet in capsys.readouterr().out
