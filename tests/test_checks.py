"""Tests for the exercise checker (``nblib.check``, ``nblib.checked``, ``nblib.show_reference``),
one table per exercise of notebooks 01–06.

Every "student" function below is written out here in plain NumPy, the way students
write them, independently of the mistake catalogues in ``nblib.exercises_*``: a test
that reused a catalogue could not fail. Each exercise's table holds

- RIGHT: correct variants that must pass (loops, einsum, manual concatenation,
  log-sum-exp, float32, list comprehensions, ...);
- WRONG: realistic wrong answers, each with the words its hint must contain;
- MUTATES: right values, but an argument changed in place.

``python tests/test_checks.py`` prints, per exercise, the fraction of WRONG that gets a
hint naming the mistake (not the generic "X is wrong ... differs by up to ...") and
lists the ones that still get a generic hint.

Conventions of the course: with_bias(a) = [1, a] (ones column first), weights carry the
bias in row 0; do = (y − t)·σ'(y_raw); dh = (do·Wo[1:]ᵀ)·σ'(z_raw); W ← W − η/N · [1, a]ᵀ·δ;
zs = [x, z_1, …], z_raws = [x, z_raw_1, …]; δ_l = (δ_{l+1}·W_{l+1}[1:]ᵀ)·σ'(z_raw_l);
decode = classes[argmax(outputs, axis=1)]; softmax row by row; ∂E/∂s = (p − one_hot) / N.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import numbers
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np
import pytest
from check_helpers import assert_hint_names, assert_passes, hint_of

import nblib
from nblib import check, checked, show_reference, with_bias
from nblib.checks import EXERCISES, RESULTS, StandIn, as_outputs, parameter_names, results, same_outputs

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


# -- small tools a student writes ---------------------------------------------------------

def ones_first(a):
    return np.hstack([np.ones((len(a), 1)), a])


def ones_last(a):
    return np.hstack([a, np.ones((len(a), 1))])


def central_difference(f, h=1e-5):
    return lambda v: (f(v + h) - f(v - h)) / (2 * h)


def stable_softmax(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def one_hot_rows(labels, k):
    return np.eye(k)[labels]


@dataclass
class Table:
    right: list
    wrong: list            # (function, words its hint must contain)
    mutates: tuple         # (function, argument name the hint must name)
    notebook: str


TABLES: dict[str, Table] = {}


# == 01: activations_for =====================================================================

def forward(x, Wh, Wo, activation_function=np.tanh):
    z_raw = ones_first(x) @ Wh
    z = activation_function(z_raw)
    y_raw = ones_first(z) @ Wo
    return z, activation_function(y_raw), z_raw, y_raw


def forward_np_dot_c_(x, Wh, Wo, activation_function=np.tanh):
    z_raw = np.dot(np.c_[np.ones(len(x)), x], Wh)
    z = activation_function(z_raw)
    y_raw = np.dot(np.c_[np.ones(len(z)), z], Wo)
    return z, activation_function(y_raw), z_raw, y_raw


def forward_einsum_bias_row_added(x, Wh, Wo, activation_function=np.tanh):
    z_raw = np.einsum("ni,ij->nj", x, Wh[1:]) + Wh[0]
    z = activation_function(z_raw)
    y_raw = np.einsum("nj,jk->nk", z, Wo[1:]) + Wo[0]
    return z, activation_function(y_raw), z_raw, y_raw


def forward_concatenate(x, Wh, Wo, activation_function=np.tanh):
    z_raw = np.concatenate([np.ones((x.shape[0], 1)), x], axis=1) @ Wh
    z = activation_function(z_raw)
    y_raw = np.concatenate([np.ones((z.shape[0], 1)), z], axis=1) @ Wo
    return [z, activation_function(y_raw), z_raw, y_raw]


def forward_loop_over_examples(x, Wh, Wo, activation_function=np.tanh):
    rows = [forward(x[n:n + 1], Wh, Wo, activation_function) for n in range(len(x))]
    return tuple(np.vstack([r[i] for r in rows]) for i in range(4))


def forward_float32(x, Wh, Wo, activation_function=np.tanh):
    x, Wh, Wo = (a.astype(np.float32) for a in (x, Wh, Wo))
    return forward(x, Wh, Wo, activation_function)


def forward_that_prints(x, Wh, Wo, activation_function=np.tanh):
    print("x has shape", x.shape, "and Wh has shape", Wh.shape)
    return forward(x, Wh, Wo, activation_function)


def forward_bias_forgotten(x, Wh, Wo, activation_function=np.tanh):
    z_raw = x @ Wh
    z = activation_function(z_raw)
    y_raw = z @ Wo
    return z, activation_function(y_raw), z_raw, y_raw


def forward_bias_last(x, Wh, Wo, activation_function=np.tanh):
    z_raw = ones_last(x) @ Wh
    z = activation_function(z_raw)
    y_raw = ones_last(z) @ Wo
    return z, activation_function(y_raw), z_raw, y_raw


def forward_bias_row_not_added(x, Wh, Wo, activation_function=np.tanh):
    z_raw = x @ Wh[1:]
    z = activation_function(z_raw)
    y_raw = z @ Wo[1:] + Wo[0]
    return z, activation_function(y_raw), z_raw, y_raw


def forward_tanh_hard_coded(x, Wh, Wo, activation_function=np.tanh):
    z_raw = ones_first(x) @ Wh
    z = np.tanh(z_raw)
    y_raw = ones_first(z) @ Wo
    return z, np.tanh(y_raw), z_raw, y_raw


def forward_tanh_hard_coded_in_hidden_layer(x, Wh, Wo, activation_function=np.tanh):
    z_raw = ones_first(x) @ Wh
    z = np.tanh(z_raw)
    y_raw = ones_first(z) @ Wo
    return z, activation_function(y_raw), z_raw, y_raw


def forward_output_activation_missing(x, Wh, Wo, activation_function=np.tanh):
    z_raw = ones_first(x) @ Wh
    z = activation_function(z_raw)
    y_raw = ones_first(z) @ Wo
    return z, y_raw, z_raw, y_raw


def forward_output_activated_twice(x, Wh, Wo, activation_function=np.tanh):
    z, y, z_raw, y_raw = forward(x, Wh, Wo, activation_function)
    return z, activation_function(y), z_raw, y_raw


def forward_returns_z_raw_as_z(x, Wh, Wo, activation_function=np.tanh):
    z, y, z_raw, y_raw = forward(x, Wh, Wo, activation_function)
    return z_raw, y, z_raw, y_raw


def forward_raw_into_output_layer(x, Wh, Wo, activation_function=np.tanh):
    z_raw = ones_first(x) @ Wh
    y_raw = ones_first(z_raw) @ Wo
    return activation_function(z_raw), activation_function(y_raw), z_raw, y_raw


def forward_wrong_order(x, Wh, Wo, activation_function=np.tanh):
    z, y, z_raw, y_raw = forward(x, Wh, Wo, activation_function)
    return z_raw, y_raw, z, y


def forward_activation_in_place(x, Wh, Wo, activation_function=np.tanh):
    z_raw = ones_first(x) @ Wh
    z = activation_function(z_raw)
    y_raw = ones_first(z) @ Wo
    y_raw[:] = activation_function(y_raw)  # "saves memory": y_raw now holds y
    return z, y_raw, z_raw, y_raw


def forward_clobbering_x(x, Wh, Wo, activation_function=np.tanh):
    m = x.mean(axis=0)
    x -= m  # "centre the inputs" in place: the caller's x changes
    return forward(x + m, Wh, Wo, activation_function)


def forward_centring_a_copy(x, Wh, Wo, activation_function=np.tanh):
    m = x.mean(axis=0)
    x = x - m
    return forward(x + m, Wh, Wo, activation_function)


TABLES["activations_for"] = Table(
    right=[forward, forward_np_dot_c_, forward_einsum_bias_row_added, forward_concatenate,
           forward_loop_over_examples, forward_float32, forward_that_prints, forward_centring_a_copy],
    wrong=[
        (forward_bias_forgotten, ["ValueError", "with_bias", "3 columns", "4 rows"]),
        (forward_bias_last, ["wrong end", "first"]),
        (forward_bias_row_not_added, ["bias row Wh[0] is not added"]),
        (forward_tanh_hard_coded, ["hard-coded"]),
        (forward_tanh_hard_coded_in_hidden_layer, ["z is wrong", "hard-coded"]),
        (forward_output_activation_missing, ["output activation", "missing"]),
        (forward_output_activated_twice, ["applied twice", "y"]),
        (forward_returns_z_raw_as_z, ["activation is not applied", "z holds z_raw"]),
        (forward_raw_into_output_layer, ["gets z_raw"]),
        (forward_wrong_order, ["wrong order", "(z_raw, y_raw, z, y)"]),
        (forward_activation_in_place, ["y_raw holds the activation", "in place"]),
    ],
    mutates=(forward_clobbering_x, "x"),
    notebook="01_forward_pass.ipynb")


# == 02: deltas_for =============================================================================

def deltas(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    do = (y - t) * f_prime(y_raw)
    dh = (do @ Wo[1:].T) * f_prime(z_raw)
    return dh, do


def numerical_deltas(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = central_difference(activation_function, 1e-4)
    do = (y - t) * f_prime(y_raw)
    return (do @ Wo[1:].T) * f_prime(z_raw), do


def deltas_dropping_bias_column_afterwards(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    do = (y - t) * f_prime(y_raw)
    return (do @ Wo.T)[:, 1:] * f_prime(z_raw), do


def deltas_einsum(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    do = np.multiply(y - t, f_prime(y_raw))
    return np.einsum("nk,jk->nj", do, Wo[1:]) * f_prime(z_raw), do


def deltas_loop_over_hidden_units(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    do = (y - t) * f_prime(y_raw)
    dh = np.zeros_like(z_raw)
    for j in range(z_raw.shape[1]):
        dh[:, j] = (do @ Wo[j + 1]) * f_prime(z_raw[:, j])
    return [dh, do]


def deltas_float32(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    args = (a.astype(np.float32) for a in (t, z, y, z_raw, y_raw, Wh, Wo))
    return deltas(*args, activation_function)


def deltas_tanh_special_case(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    if activation_function is np.tanh:  # 1 − y² is tanh's derivative, right for tanh
        do = (y - t) * (1 - y**2)
        return (do @ Wo[1:].T) * (1 - z**2), do
    return deltas(t, z, y, z_raw, y_raw, Wh, Wo, activation_function)


def deltas_prime_at_activation(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = central_difference(activation_function)
    do = (y - t) * f_prime(y)
    return (do @ Wo[1:].T) * f_prime(z), do


def deltas_sign_flipped(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = central_difference(activation_function)
    do = (t - y) * f_prime(y_raw)
    return (do @ Wo[1:].T) * f_prime(z_raw), do


def deltas_output_prime_missing(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    do = y - t
    return (do @ Wo[1:].T) * central_difference(activation_function)(z_raw), do


def deltas_hidden_prime_missing(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    do = (y - t) * central_difference(activation_function)(y_raw)
    return do @ Wo[1:].T, do


def deltas_bias_row_kept(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = central_difference(activation_function)
    do = (y - t) * f_prime(y_raw)
    return (do @ Wo.T) * f_prime(z_raw), do


def deltas_rows_dropped_at_wrong_end(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = central_difference(activation_function)
    do = (y - t) * f_prime(y_raw)
    return (do @ Wo[:-1].T) * f_prime(z_raw), do


def deltas_tanh_prime_hard_coded(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    do = (y - t) * (1 - np.tanh(y_raw) ** 2)
    return (do @ Wo[1:].T) * (1 - np.tanh(z_raw) ** 2), do


def deltas_tanh_prime_from_outputs(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    do = (y - t) * (1 - y**2)  # right for tanh only
    return (do @ Wo[1:].T) * (1 - z**2), do


def deltas_wrong_order(*args):
    dh, do = deltas(*args)
    return do, dh


def deltas_transpose_forgotten(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    do = (y - t) * f_prime(y_raw)
    return (do @ Wo[1:]) * f_prime(z_raw), do


def deltas_factor_two(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    do = 2 * (y - t) * f_prime(y_raw)  # d/dy (y − t)², without the ½
    return (do @ Wo[1:].T) * f_prime(z_raw), do


def deltas_averaged(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    do = (y - t) * f_prime(y_raw) / len(t)  # the 1/N belongs to the update, not here
    return (do @ Wo[1:].T) * f_prime(z_raw), do


def deltas_subtracting_in_place(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    y -= t  # y now holds y − t: the caller's y changes
    f_prime = nblib.derivative(activation_function)
    do = y * f_prime(y_raw)
    return (do @ Wo[1:].T) * f_prime(z_raw), do


TABLES["deltas_for"] = Table(
    right=[deltas, numerical_deltas, deltas_dropping_bias_column_afterwards, deltas_einsum,
           deltas_loop_over_hidden_units, deltas_float32, deltas_tanh_special_case],
    wrong=[
        (deltas_prime_at_activation, ["raw value"]),
        (deltas_sign_flipped, ["sign", "y − t"]),
        (deltas_output_prime_missing, ["output derivative factor"]),
        (deltas_hidden_prime_missing, ["hidden derivative factor"]),
        (deltas_bias_row_kept, ["ValueError", "one column apart", "W[1:]"]),
        (deltas_rows_dropped_at_wrong_end, ["wrong end", "Wo[1:]"]),
        (deltas_tanh_prime_hard_coded, ["hard-coded"]),
        (deltas_tanh_prime_from_outputs, ["is wrong", "hard-coded"]),
        (deltas_wrong_order, ["wrong order", "(do, dh)"]),
        (deltas_transpose_forgotten, ["ValueError", "transposed (.T)"]),
        (deltas_factor_two, ["twice the right value"]),
        (deltas_averaged, ["N times too small"]),
    ],
    mutates=(deltas_subtracting_in_place, "y"),
    notebook="02_backward_pass.ipynb")


# == 03: gradient_descent ===========================================================================

def step(do, dh, x, z, Wh, Wo, eta=0.1):
    n = len(x)
    return Wh - eta / n * ones_first(x).T @ dh, Wo - eta / n * ones_first(z).T @ do


def step_np_dot(do, dh, x, z, Wh, Wo, eta=0.1):
    n = x.shape[0]
    return [Wh - eta * np.dot(ones_first(x).T, dh) / n, Wo - eta * np.dot(ones_first(z).T, do) / n]


def step_bias_row_separately(do, dh, x, z, Wh, Wo, eta=0.1):
    Wh_new, Wo_new = Wh.copy(), Wo.copy()
    Wh_new[0] -= eta * dh.mean(axis=0)
    Wh_new[1:] -= eta * x.T @ dh / len(x)
    Wo_new[0] -= eta * do.mean(axis=0)
    Wo_new[1:] -= eta * z.T @ do / len(x)
    return Wh_new, Wo_new


def step_einsum(do, dh, x, z, Wh, Wo, eta=0.1):
    gh = np.einsum("ni,nj->ij", ones_first(x), dh) / len(x)
    go = np.einsum("nj,nk->jk", ones_first(z), do) / len(x)
    return Wh - eta * gh, Wo - eta * go


def step_loop_over_examples(do, dh, x, z, Wh, Wo, eta=0.1):
    gh, go = np.zeros_like(Wh), np.zeros_like(Wo)
    for n in range(len(x)):
        gh += np.outer(np.r_[1.0, x[n]], dh[n])
        go += np.outer(np.r_[1.0, z[n]], do[n])
    return Wh - eta * gh / len(x), Wo - eta * go / len(x)


def step_float32(do, dh, x, z, Wh, Wo, eta=0.1):
    args = (a.astype(np.float32) for a in (do, dh, x, z, Wh, Wo))
    return step(*args, np.float32(eta))


def step_sign_flipped(do, dh, x, z, Wh, Wo, eta=0.1):
    n = len(x)
    return Wh + eta / n * ones_first(x).T @ dh, Wo + eta / n * ones_first(z).T @ do


def step_without_1_over_n(do, dh, x, z, Wh, Wo, eta=0.1):
    return Wh - eta * ones_first(x).T @ dh, Wo - eta * ones_first(z).T @ do


def step_ignoring_eta(do, dh, x, z, Wh, Wo, eta=0.1):
    n = len(x)
    return Wh - ones_first(x).T @ dh / n, Wo - ones_first(z).T @ do / n


def step_eta_hard_coded(do, dh, x, z, Wh, Wo, eta=0.1):
    n = len(x)
    return Wh - 0.1 / n * ones_first(x).T @ dh, Wo - 0.1 / n * ones_first(z).T @ do


def step_bias_last(do, dh, x, z, Wh, Wo, eta=0.1):
    n = len(x)
    return Wh - eta / n * ones_last(x).T @ dh, Wo - eta / n * ones_last(z).T @ do


def step_bias_row_not_updated(do, dh, x, z, Wh, Wo, eta=0.1):
    Wh, Wo = Wh.copy(), Wo.copy()
    Wh[1:] = Wh[1:] - eta / len(x) * x.T @ dh
    Wo[1:] = Wo[1:] - eta / len(x) * z.T @ do
    return Wh, Wo


def step_bias_forgotten(do, dh, x, z, Wh, Wo, eta=0.1):
    n = len(x)
    return Wh - eta / n * x.T @ dh, Wo - eta / n * z.T @ do


def step_wrong_order(*args):
    Wh, Wo = step(*args)
    return Wo, Wh


def step_eta_twice(do, dh, x, z, Wh, Wo, eta=0.1):
    n = len(x)
    gh, go = eta * ones_first(x).T @ dh / n, eta * ones_first(z).T @ do / n
    return Wh - eta * gh, Wo - eta * go


def step_divided_by_n_twice(do, dh, x, z, Wh, Wo, eta=0.1):
    n = len(x)
    gh, go = ones_first(x).T @ dh / n, ones_first(z).T @ do / n
    return Wh - eta / n * gh, Wo - eta / n * go


def step_gradient_transposed(do, dh, x, z, Wh, Wo, eta=0.1):
    n = len(x)
    return Wh - eta / n * (dh.T @ ones_first(x)), Wo - eta / n * (do.T @ ones_first(z))


def step_in_place(do, dh, x, z, Wh, Wo, eta=0.1):
    Wh -= eta / len(x) * ones_first(x).T @ dh
    Wo -= eta / len(x) * ones_first(z).T @ do
    return Wh, Wo


TABLES["gradient_descent"] = Table(
    right=[step, step_np_dot, step_bias_row_separately, step_einsum, step_loop_over_examples, step_float32],
    wrong=[
        (step_sign_flipped, ["sign", "subtracts"]),
        (step_without_1_over_n, ["1/N"]),
        (step_ignoring_eta, ["learning rate", "ignored"]),
        (step_eta_hard_coded, ["learning rate", "hard-coded"]),
        (step_bias_last, ["wrong end"]),
        (step_bias_row_not_updated, ["bias row", "never updated"]),
        (step_bias_forgotten, ["ValueError", "one row apart", "with_bias"]),
        (step_wrong_order, ["wrong order", "(Wo, Wh)"]),
        (step_eta_twice, ["learning rate is applied twice"]),
        (step_divided_by_n_twice, ["N times too small"]),
        (step_gradient_transposed, ["ValueError", "transposed"]),
    ],
    mutates=(step_in_place, "Wh"),
    notebook="03_weight_update_xor.ipynb")


# == 04: feed_forward ==================================================================================

def feed(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raw = ones_first(zs[-1]) @ W
        z_raws.append(z_raw)
        zs.append(activation_function(z_raw))
    return zs, z_raws


def feed_with_indices(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for l in range(1, len(Ws) + 1):
        z_raws.append(np.c_[np.ones(len(x)), zs[l - 1]].dot(Ws[l - 1]))
        zs.append(activation_function(z_raws[l]))
    return zs, z_raws


def feed_einsum_bias_row_added(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raws.append(np.einsum("ni,ij->nj", zs[-1], W[1:]) + W[0])
        zs.append(activation_function(z_raws[-1]))
    return zs, z_raws


def feed_list_comprehension_of_tuples(x, Ws, activation_function=np.tanh):
    zs, z_raws = feed(x, Ws, activation_function)
    return [tuple(a for a in zs), tuple(a for a in z_raws)]


def feed_float32(x, Ws, activation_function=np.tanh):
    return feed(x.astype(np.float32), [W.astype(np.float32) for W in Ws], activation_function)


def feed_that_prints(x, Ws, activation_function=np.tanh):
    print("layer sizes:", [W.shape for W in Ws])
    return feed(x, Ws, activation_function)


def feed_without_the_input(x, Ws, activation_function=np.tanh):
    zs, z_raws, a = [], [], x
    for W in Ws:
        z_raw = ones_first(a) @ W
        a = activation_function(z_raw)
        z_raws.append(z_raw)
        zs.append(a)
    return zs, z_raws


def feed_stopping_one_layer_early(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for l in range(1, len(Ws)):
        z_raws.append(ones_first(zs[l - 1]) @ Ws[l - 1])
        zs.append(activation_function(z_raws[l]))
    return zs, z_raws


def feed_storing_z_raw_as_activation(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raw = ones_first(zs[-1]) @ W
        z_raws.append(z_raw)
        zs.append(z_raw)
    return zs, z_raws


def feed_z_raw_forward(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raws.append(ones_first(z_raws[-1]) @ W)
        zs.append(activation_function(z_raws[-1]))
    return zs, z_raws


def feed_last_layer_linear(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws[:-1]:
        z_raws.append(ones_first(zs[-1]) @ W)
        zs.append(activation_function(z_raws[-1]))
    y = ones_first(zs[-1]) @ Ws[-1]
    return zs + [y], z_raws + [y]


def feed_bias_last(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raws.append(ones_last(zs[-1]) @ W)
        zs.append(activation_function(z_raws[-1]))
    return zs, z_raws


def feed_tanh_hard_coded(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raws.append(ones_first(zs[-1]) @ W)
        zs.append(np.tanh(z_raws[-1]))
    return zs, z_raws


def feed_bias_forgotten(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raws.append(zs[-1] @ W)
        zs.append(activation_function(z_raws[-1]))
    return zs, z_raws


def feed_swapped(x, Ws, activation_function=np.tanh):
    zs, z_raws = feed(x, Ws, activation_function)
    return z_raws, zs


def feed_zs_without_the_input(x, Ws, activation_function=np.tanh):
    zs, z_raws = feed(x, Ws, activation_function)
    return zs[1:], z_raws


def feed_activated_twice(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raws.append(ones_first(zs[-1]) @ W)
        zs.append(activation_function(activation_function(z_raws[-1])))
    return zs, z_raws


def feed_activation_in_place(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raw = ones_first(zs[-1]) @ W
        z_raws.append(z_raw)
        z_raw[:] = activation_function(z_raw)  # "no copy needed": but z_raws[-1] is this array
        zs.append(z_raw)
    return zs, z_raws


def feed_popping_the_weights(x, Ws, activation_function=np.tanh):
    zs, z_raws = [x], [x]
    while Ws:
        W = Ws.pop(0)  # empties the caller's list
        z_raws.append(ones_first(zs[-1]) @ W)
        zs.append(activation_function(z_raws[-1]))
    return zs, z_raws


def feed_one_list_for_both(x, Ws, activation_function=np.tanh):
    zs = z_raws = [x]  # one list with two names
    for W in Ws:
        z_raws.append(with_bias(zs[-1]) @ W)
        zs.append(activation_function(z_raws[-1]))
    return zs, z_raws


TABLES["feed_forward"] = Table(
    right=[feed, feed_with_indices, feed_einsum_bias_row_added, feed_list_comprehension_of_tuples, feed_float32,
           feed_that_prints],
    wrong=[
        (feed_without_the_input, ["start with the input x"]),
        (feed_stopping_one_layer_early, ["one layer early"]),
        (feed_storing_z_raw_as_activation, ["gets z_raw"]),
        (feed_z_raw_forward, ["the next layer gets z_raw"]),
        (feed_last_layer_linear, ["last layer is not activated"]),
        (feed_bias_last, ["wrong end", "row 0"]),
        (feed_tanh_hard_coded, ["hard-coded", "activation_function"]),
        (feed_bias_forgotten, ["ValueError", "with_bias"]),
        (feed_swapped, ["wrong order", "(zs, z_raws)"]),
        (feed_zs_without_the_input, ["zs is missing its first entry, the input x"]),
        (feed_activated_twice, ["applied twice"]),
        (feed_activation_in_place, ["holds the activation", "in place"]),
        (feed_one_list_for_both, ["zs and z_raws are one and the same object", "Create zs and z_raws separately"]),
    ],
    mutates=(feed_popping_the_weights, "Ws"),
    notebook="04_neural_network_class.ipynb")


# == 04: backpropagate ======================================================================================

def back(delta_L, z_raws, Ws, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ Ws[l][1:].T) * f_prime(z_raws[l]))
    return deltas


def back_zip_reversed(delta_L, z_raws, Ws, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    delta, deltas = delta_L, [delta_L]
    for W_next, z_raw in zip(reversed(Ws[1:]), reversed(z_raws[1:-1])):
        delta = (delta @ W_next[1:].T) * f_prime(z_raw)
        deltas.append(delta)
    return list(reversed(deltas))


def back_filling_a_list(delta_L, z_raws, Ws, activation_function=np.tanh):
    L = len(Ws)
    deltas = [None] * L
    deltas[L - 1] = delta_L
    for l in range(L - 1, 0, -1):
        deltas[l - 1] = (deltas[l] @ Ws[l][1:].T) * nblib.derivative(activation_function)(z_raws[l])
    return deltas


def back_einsum_dropping_bias_afterwards(delta_L, z_raws, Ws, activation_function=np.tanh):
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        full = np.einsum("nk,jk->nj", deltas[0], Ws[l])
        deltas = [full[:, 1:] * nblib.derivative(activation_function)(z_raws[l])] + deltas
    return tuple(deltas)


def back_float32(delta_L, z_raws, Ws, activation_function=np.tanh):
    return back(delta_L.astype(np.float32), [a.astype(np.float32) for a in z_raws],
                [W.astype(np.float32) for W in Ws], activation_function)


def back_not_reversed(delta_L, z_raws, Ws, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.append((deltas[-1] @ Ws[l][1:].T) * f_prime(z_raws[l]))
    return deltas


def back_rows_dropped_at_wrong_end(delta_L, z_raws, Ws, activation_function=np.tanh):
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ Ws[l][:-1].T) * nblib.derivative(activation_function)(z_raws[l]))
    return deltas


def back_prime_at_the_next_layer(delta_L, z_raws, Ws, activation_function=np.tanh):
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ Ws[l][1:].T) * nblib.derivative(activation_function)(z_raws[l + 1]))
    return deltas


def back_prime_missing(delta_L, z_raws, Ws, activation_function=np.tanh):
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, deltas[0] @ Ws[l][1:].T)
    return deltas


def back_tanh_hard_coded(delta_L, z_raws, Ws, activation_function=np.tanh):
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ Ws[l][1:].T) * (1 - np.tanh(z_raws[l]) ** 2))
    return deltas


def back_bias_row_kept(delta_L, z_raws, Ws, activation_function=np.tanh):
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ Ws[l].T) * nblib.derivative(activation_function)(z_raws[l]))
    return deltas


def back_matrix_index_off_by_one(delta_L, z_raws, Ws, activation_function=np.tanh):
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ Ws[l - 1][1:].T) * nblib.derivative(activation_function)(z_raws[l]))
    return deltas


def back_without_delta_L(delta_L, z_raws, Ws, activation_function=np.tanh):
    deltas, delta = [], delta_L
    for l in range(len(Ws) - 1, 0, -1):
        delta = (delta @ Ws[l][1:].T) * nblib.derivative(activation_function)(z_raws[l])
        deltas.insert(0, delta)
    return deltas


def back_one_layer_too_many(delta_L, z_raws, Ws, activation_function=np.tanh):
    deltas = [delta_L]
    for l in range(len(Ws) - 1, -1, -1):
        deltas.insert(0, (deltas[0] @ Ws[l][1:].T) * nblib.derivative(activation_function)(z_raws[l]))
    return deltas


def back_output_delta_times_prime(delta_L, z_raws, Ws, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    deltas = [delta_L * f_prime(z_raws[-1])]  # delta_L already holds σ'(z_raw_L)
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ Ws[l][1:].T) * f_prime(z_raws[l]))
    return deltas


def back_reversing_the_callers_lists(delta_L, z_raws, Ws, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    Ws.reverse()
    z_raws.reverse()
    deltas = [delta_L]
    for W_next, z_raw in zip(Ws[:-1], z_raws[1:-1]):
        deltas.insert(0, (deltas[0] @ W_next[1:].T) * f_prime(z_raw))
    return deltas


TABLES["backpropagate"] = Table(
    right=[back, back_zip_reversed, back_filling_a_list, back_einsum_dropping_bias_afterwards, back_float32],
    wrong=[
        (back_not_reversed, ["not reversed", "deltas[::-1]"]),
        (back_rows_dropped_at_wrong_end, ["wrong end", "W[1:]"]),
        (back_prime_at_the_next_layer, ["wrong layer", "z_raws[l]"]),
        (back_prime_missing, ["derivative factor is missing"]),
        (back_tanh_hard_coded, ["hard-coded", "derivative(activation_function)"]),
        (back_bias_row_kept, ["ValueError", "one column apart", "W[1:]"]),
        (back_matrix_index_off_by_one, ["ValueError", "another layer's matrix"]),
        (back_without_delta_L, ["deltas is missing its last entry, delta_L itself"]),
        (back_one_layer_too_many, ["one entry too many at the front"]),
        (back_output_delta_times_prime, ["extra factor σ'(z_raws["]),
    ],
    mutates=(back_reversing_the_callers_lists, "z_raws"),
    notebook="04_neural_network_class.ipynb")


# == 05: decode ================================================================================================

def decode(outputs, classes):
    return classes[np.argmax(outputs, axis=1)]


def decode_take(outputs, classes):
    return np.take(classes, outputs.argmax(axis=1))


def decode_list_comprehension(outputs, classes):
    return [classes[np.argmax(row)] for row in outputs]


def decode_loop(outputs, classes):
    labels = []
    for n in range(outputs.shape[0]):
        labels.append(classes[list(outputs[n]).index(max(outputs[n]))])
    return np.array(labels)


def decode_argsort(outputs, classes):
    return np.asarray(classes)[np.argsort(outputs, axis=1)[:, -1]]


def decode_float32(outputs, classes):
    return classes[np.argmax(outputs.astype(np.float32), axis=1)]


def decode_down_the_columns(outputs, classes):
    return classes[np.argmax(outputs, axis=0)]


def decode_list_comprehension_down_the_columns(outputs, classes):
    return [classes[np.argmax(column)] for column in outputs.T]


def decode_returning_indices(outputs, classes):
    return np.argmax(outputs, axis=1)


def decode_with_argmin(outputs, classes):
    return classes[np.argmin(outputs, axis=1)]


def decode_argsort_first(outputs, classes):
    return classes[np.argsort(outputs, axis=1)[:, 0]]


def decode_keeping_a_column(outputs, classes):
    return np.asarray(classes)[np.argmax(outputs, axis=1, keepdims=True)]  # N×1, not (N,)


def decode_without_axis(outputs, classes):
    return classes[np.argmax(outputs)]


def decode_returning_max_values(outputs, classes):
    return np.max(outputs, axis=1)


def decode_returning_max_values_in_a_loop(outputs, classes):
    return np.array([max(row) for row in outputs])


def decode_index_lists(outputs, classes):
    return [list(row).index(max(row)) for row in outputs]


def decode_normalising_in_place(outputs, classes):
    outputs /= np.abs(outputs).sum(axis=1, keepdims=True)  # "probabilities first"
    return classes[np.argmax(outputs, axis=1)]


TABLES["decode"] = Table(
    right=[decode, decode_take, decode_list_comprehension, decode_loop, decode_argsort, decode_float32],
    wrong=[
        (decode_down_the_columns, ["wrong axis", "axis=1"]),
        (decode_list_comprehension_down_the_columns, ["wrong axis", "axis=1"]),
        (decode_returning_indices, ["indices, not labels", "classes[index]"]),
        (decode_with_argmin, ["argmin", "largest output"]),
        (decode_argsort_first, ["argmin"]),
        (decode_without_axis, ["one value instead of one per example", "axis=1"]),
        (decode_returning_max_values, ["largest outputs themselves"]),
        (decode_returning_max_values_in_a_loop, ["largest outputs themselves"]),
        (decode_index_lists, ["indices, not labels"]),
        (decode_keeping_a_column, ["extra axis of length 1", "keepdims=True"]),
    ],
    mutates=(decode_normalising_in_place, "outputs"),
    notebook="05_handwritten_digits.ipynb")


# == 06: softmax ==================================================================================================

def softmax(scores):
    return stable_softmax(scores)


def softmax_none_indexing(scores):
    e = np.exp(scores - scores.max(axis=1)[:, None])
    return e / e.sum(axis=1)[:, None]


def softmax_log_sum_exp(scores):
    m = np.max(scores, axis=1, keepdims=True)
    return np.exp(scores - m - np.log(np.sum(np.exp(scores - m), axis=1, keepdims=True)))


def softmax_row_loop(scores):
    rows = []
    for s in scores:
        e = np.exp(s - max(s))
        rows.append(e / sum(e))
    return np.array(rows)


def softmax_float32(scores):
    s = scores.astype(np.float32)
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_einsum(scores):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return np.einsum("nk,n->nk", e, 1 / e.sum(axis=1))


def softmax_without_the_max(scores):
    e = np.exp(scores)
    return e / np.sum(e, axis=1, keepdims=True)


def softmax_down_the_columns(scores):
    e = np.exp(scores - np.max(scores, axis=0))
    return e / np.sum(e, axis=0)


def softmax_global_max(scores):
    e = np.exp(scores - np.max(scores))
    return e / e.sum(axis=1, keepdims=True)


def softmax_without_keepdims(scores):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1)


def softmax_columns_shifted_by_row_max(scores):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def softmax_grand_total(scores):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum()


def softmax_log_probabilities(scores):
    shifted = scores - scores.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def softmax_unnormalised(scores):
    return np.exp(scores - scores.max(axis=1, keepdims=True))


def softmax_transposed(scores):
    e = np.exp(scores.T - scores.T.max(axis=0))
    return e / e.sum(axis=0)


def softmax_shifting_in_place(scores):
    scores -= scores.max(axis=1, keepdims=True)
    e = np.exp(scores)
    return e / e.sum(axis=1, keepdims=True)


TABLES["softmax"] = Table(
    right=[softmax, softmax_none_indexing, softmax_log_sum_exp, softmax_row_loop, softmax_float32, softmax_einsum],
    wrong=[
        (softmax_without_the_max, ["maximum is not subtracted", "NaN"]),
        (softmax_down_the_columns, ["wrong axis", "axis=1"]),
        (softmax_global_max, ["each row's own maximum", "0/0"]),
        (softmax_without_keepdims, ["ValueError", "keepdims=True"]),
        (softmax_columns_shifted_by_row_max, ["down the columns (axis=0)"]),
        (softmax_grand_total, ["grand total"]),
        (softmax_log_probabilities, ["log-probabilities"]),
        (softmax_unnormalised, ["not normalised"]),
        (softmax_transposed, ["transposed"]),
    ],
    mutates=(softmax_shifting_in_place, "scores"),
    notebook="06_mnist.ipynb")


# == 06: softmax_cross_entropy_gradient ===========================================================================

def gradient(scores, labels):
    n, k = scores.shape
    t = np.zeros((n, k))
    t[np.arange(n), labels] = 1
    return (softmax(scores) - t) / n


def gradient_eye(scores, labels):
    return (softmax(scores) - np.eye(scores.shape[1])[labels]) / len(scores)


def gradient_loop(scores, labels):
    g = softmax(scores)
    for n, k in enumerate(labels):
        g[n, k] -= 1
    return g / len(labels)


def gradient_nblib_one_hot(scores, labels):
    return (nblib.softmax(scores) - nblib.one_hot(labels, scores.shape[1])) / scores.shape[0]


def gradient_log_sum_exp(scores, labels):
    m = scores.max(axis=1, keepdims=True)
    log_p = scores - m - np.log(np.exp(scores - m).sum(axis=1, keepdims=True))
    return (np.exp(log_p) - one_hot_rows(labels, scores.shape[1])) / len(scores)


def gradient_float32(scores, labels):
    return gradient(scores.astype(np.float32), labels).astype(np.float32)


def gradient_without_1_over_n(scores, labels):
    return softmax(scores) - np.eye(scores.shape[1])[labels]


def gradient_index_labels(scores, labels):
    return (softmax(scores) - labels[:, None]) / len(scores)


def gradient_index_labels_reshaped(scores, labels):
    return (softmax(scores) - labels.reshape(-1, 1)) / scores.shape[0]


def gradient_sign_flipped(scores, labels):
    return (np.eye(scores.shape[1])[labels] - softmax(scores)) / len(scores)


def gradient_unstable_softmax(scores, labels):
    e = np.exp(scores)
    return (e / e.sum(axis=1, keepdims=True) - np.eye(scores.shape[1])[labels]) / len(scores)


def gradient_summed_over_the_batch(scores, labels):
    return gradient(scores, labels).sum(axis=0)


def gradient_divided_by_k(scores, labels):
    return (softmax(scores) - np.eye(scores.shape[1])[labels]) / scores.shape[1]


def gradient_targets_not_subtracted(scores, labels):
    return softmax(scores) / len(scores)


def gradient_times_p_one_minus_p(scores, labels):
    p = softmax(scores)
    return (p - np.eye(scores.shape[1])[labels]) * p * (1 - p) / len(scores)


def gradient_mean_over_everything(scores, labels):
    return (softmax(scores) - np.eye(scores.shape[1])[labels]) / scores.size


def gradient_subtracting_in_place(scores, labels):
    scores -= scores.max(axis=1, keepdims=True)
    p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    return (p - np.eye(scores.shape[1])[labels]) / len(scores)


def gradient_one_hot_in_whole_columns(scores, labels):
    t = np.zeros_like(scores)
    t[:, labels] = 1
    p = np.exp(scores - scores.max(axis=1, keepdims=True))
    return (p / p.sum(axis=1, keepdims=True) - t) / len(scores)


def gradient_one_hot_shifted(scores, labels):
    t = np.zeros_like(scores)
    t[np.arange(len(scores)), labels - 1] = 1
    p = np.exp(scores - scores.max(axis=1, keepdims=True))
    return (p / p.sum(axis=1, keepdims=True) - t) / len(scores)


TABLES["softmax_cross_entropy_gradient"] = Table(
    right=[gradient, gradient_eye, gradient_loop, gradient_nblib_one_hot, gradient_log_sum_exp, gradient_float32],
    wrong=[
        (gradient_one_hot_in_whole_columns, ["t[:, labels] = 1 sets whole columns"]),
        (gradient_one_hot_shifted, ["shifted by one column"]),
        (gradient_without_1_over_n, ["1/N is missing"]),
        (gradient_index_labels, ["not one-hot", "one_hot"]),
        (gradient_index_labels_reshaped, ["not one-hot"]),
        (gradient_sign_flipped, ["sign is flipped", "p − t"]),
        (gradient_unstable_softmax, ["not stable", "row maximum"]),
        (gradient_summed_over_the_batch, ["reduced over the examples"]),
        (gradient_divided_by_k, ["divided by K", "instead of by N"]),
        (gradient_targets_not_subtracted, ["equals p / N"]),
        (gradient_times_p_one_minus_p, ["extra factor p(1 − p)"]),
        (gradient_mean_over_everything, ["changes from case to case"]),
    ],
    mutates=(gradient_subtracting_in_place, "scores"),
    notebook="06_mnist.ipynb")


NAMES = tuple(TABLES)
CORRECT = {name: table.right[0] for name, table in TABLES.items()}


def rows(attribute):
    return [pytest.param(name, *(item if isinstance(item, tuple) else (item,)),
                         id=f"{name}-{(item[0] if isinstance(item, tuple) else item).__name__}")
            for name, table in TABLES.items() for item in getattr(table, attribute)]


def test_every_exercise_of_notebooks_01_to_06_has_a_table():
    assert set(NAMES) <= set(EXERCISES)
    for name, table in TABLES.items():
        assert len(table.wrong) >= 8 and len(table.right) >= 5, name


# -- right answers pass; wrong ones are named ------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_the_reference_passes_its_own_check(name):
    result = check(name, getattr(nblib, name))
    assert result.passed and bool(result) and result.hint == ""
    assert result.cases == len(EXERCISES[name].cases)


@pytest.mark.parametrize(("name", "func"), rows("right"))
def test_correct_variants_pass(name, func, capsys):
    assert_passes(name, func)
    assert capsys.readouterr().out == ""  # a print in the student's function stays inside the checker


@pytest.mark.parametrize(("name", "func", "words"), rows("wrong"))
def test_wrong_answers_fail_with_a_hint_naming_them(name, func, words):
    assert_hint_names(name, func, words)


def coverage():
    """Per exercise: (named, total, [wrong answers that still get a generic hint])."""
    table = {}
    for name, t in TABLES.items():
        generic = [func.__name__ for func, _ in t.wrong if check(name, func).kind in ("generic", "error", "")]
        table[name] = (len(t.wrong) - len(generic), len(t.wrong), generic)
    return table


def test_at_least_90_percent_of_each_wrong_answer_table_gets_a_named_hint():
    for name, (named, total, generic) in coverage().items():
        assert named / total >= 0.9, f"{name}: {named}/{total} named; generic: {generic}"


@pytest.mark.parametrize("name", NAMES)
def test_different_mistakes_get_different_hints(name):
    hints = [hint_of(name, func) for func, _ in TABLES[name].wrong]
    assert len(set(hints)) >= len(hints) // 2 + 1


def test_a_missing_1_over_n_is_not_mistaken_for_an_ignored_learning_rate():
    assert "1/N" not in hint_of("gradient_descent", step_ignoring_eta)
    assert "learning rate" not in hint_of("gradient_descent", step_without_1_over_n)


# -- shape errors are explained from the actual shapes ------------------------------------------------------

@pytest.mark.parametrize(("name", "func", "words", "not_words"), [
    ("activations_for", forward_bias_forgotten, ["In `z_raw = x @ Wh`", "x is 5×3", "Wh is 4×4", "with_bias"],
     ["transposed"]),
    ("deltas_for", deltas_bias_row_kept, ["5×4", "5×5", "W[1:]"], ["with_bias(...)"]),
    ("backpropagate", back_matrix_index_off_by_one, ["another layer's matrix"], ["with_bias"]),
    ("softmax", softmax_without_keepdims, ["5×10", "keepdims=True"], ["bias"]),
    ("gradient_descent", step_bias_forgotten, ["4×4", "3×4", "one row apart"], ["transposed"]),
])
def test_shape_errors_name_only_consistent_mistakes(name, func, words, not_words):
    hint = hint_of(name, func)
    assert "test case 1 of" in hint
    for word in words:
        assert word in hint, f"{word!r} not in hint: {hint}"
    for word in not_words:
        assert word not in hint, f"{word!r} in hint: {hint}"


# -- in-place changes of the arguments ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_changing_an_argument_in_place_fails_and_names_it(name):
    func, argument = TABLES[name].mutates
    result = check(name, func)
    assert not result.passed and result.kind == "mutation", result.hint
    assert re.search(rf"\b{re.escape(argument)}\b", result.hint), result.hint
    assert "copy" in result.hint or "reversed(" in result.hint or "[1:]" in result.hint
    assert check(name, getattr(nblib, name)).passed, "the cases were corrupted"


@pytest.mark.parametrize(("name", "func", "words"), [
    ("feed_forward", feed_popping_the_weights, ["length of the list Ws", "pop"]),
    ("backpropagate", back_reversing_the_callers_lists, ["reorders the list z_raws", "reversed(z_raws)"]),
    ("gradient_descent", step_in_place, ["argument Wh in place", "Wh = Wh - m"]),
    ("deltas_for", deltas_subtracting_in_place, ["argument y in place", "y = y.copy()"]),
])
def test_the_mutation_hint_says_how_to_avoid_it(name, func, words):
    hint = hint_of(name, func)
    for word in words:
        assert word in hint, f"{word!r} not in hint: {hint}"


def back_right_but_clobbering_a_matrix(delta_L, z_raws, Ws, activation_function=np.tanh):
    deltas = back(delta_L, z_raws, Ws, activation_function)
    Ws[0][:] = np.nan
    return deltas


def deltas_sign_flipped_in_place(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    t -= y  # t now holds t − y: the sign is flipped, and t is changed
    f_prime = nblib.derivative(activation_function)
    do = t * f_prime(y_raw)
    return (do @ Wo[1:].T) * f_prime(z_raw), do


def test_an_entry_of_a_list_changed_in_place_is_named():
    hint = hint_of("backpropagate", back_right_but_clobbering_a_matrix)
    assert "Ws[0] in place" in hint


def test_a_wrong_answer_that_also_changes_an_argument_gets_both_hints():
    hint = hint_of("deltas_for", deltas_sign_flipped_in_place)
    assert "sign" in hint and "Also, your function changes its argument t in place" in hint


# -- the notebook flow: re-running the check cell never turns a wrong answer into ✅ --------------------------

def notebook_cells(name):
    nb = nbformat.read(NOTEBOOKS / TABLES[name].notebook, as_version=4)
    exercise = next(c.source for c in nb.cells if "exercise" in c.metadata.get("tags", [])
                    and f"def {name}(" in c.source)
    check_cell = next(c.source for c in nb.cells if c.cell_type == "code" and f'checked("{name}"' in c.source)
    return exercise, check_cell


def run_cell(source, namespace):
    """The cell's printed text, its wrapped lines joined."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<cell>", "exec"), namespace)  # noqa: S102  (the notebook's own cells)
    return " ".join(out.getvalue().split())


@pytest.mark.parametrize("name", NAMES)
def test_the_notebook_flow_keeps_a_wrong_answer_wrong(name):
    exercise, check_cell = notebook_cells(name)
    ns = {"__name__": "__main__"}
    run_cell("import numpy as np\nimport nblib\nfrom nblib import checked, show_reference, with_bias", ns)
    run_cell(exercise, ns)  # the stub
    assert "not implemented" in run_cell(check_cell, ns)
    assert "not re-run the exercise cell" in run_cell(check_cell, ns)
    wrong, words = TABLES[name].wrong[0]
    ns[name] = wrong  # the student edits the exercise cell and runs it
    first = run_cell(check_cell, ns)
    assert first.startswith(f"❌ not yet — {name}") and "not re-run" not in first, first
    assert isinstance(ns[name], StandIn) and ns[name].student is wrong
    for _ in range(2):  # the check cell run again, and again, without running the exercise cell
        again = run_cell(check_cell, ns)
        assert again.startswith(f"❌ not yet — {name}") and "✅" not in again, again
        assert "you have not re-run the exercise cell since the last check" in again
        assert results()[name].passed is False and RESULTS[name].hint.replace(" ", "")
    right = TABLES[name].right[1]
    ns[name] = right
    assert run_cell(check_cell, ns).startswith(f"✅ correct — {name}")
    assert ns[name] is right and results()[name].passed
    assert run_cell(check_cell, ns).startswith("✅ correct")


@pytest.mark.parametrize("name", NAMES)
def test_the_stand_in_computes_the_reference(name):
    ex = EXERCISES[name]
    stand_in = checked(name, TABLES[name].wrong[0][0])
    for case in ex.cases:
        assert same_outputs(as_outputs(stand_in(*case.args), ex), as_outputs(ex.reference(*case.args), ex))
    assert stand_in.__name__ == name and "0x" not in repr(stand_in)


def test_check_of_a_stand_in_rechecks_the_students_function():
    stand_in = checked("deltas_for", deltas_sign_flipped)
    result = check("deltas_for", stand_in)
    assert not result.passed and "sign" in result.hint
    assert check("deltas_for", checked("deltas_for", stand_in)).passed is False


# -- student code that crashes or returns nonsense ------------------------------------------------------------------

def stub(*args, **kwargs):
    raise NotImplementedError


def divides_by_zero(*args, **kwargs):
    return 1 / 0


def too_few_parameters():  # called with the exercise's arguments: TypeError
    return 0


def exits(*args):
    raise SystemExit(1)


def forgets_to_return(name):
    def computes_but_does_not_return(*args):
        CORRECT[name](*args)
    return computes_but_does_not_return


@pytest.mark.parametrize("name", NAMES)
def test_a_stub_is_not_implemented(name):
    assert hint_of(name, stub).startswith("not implemented")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("func", "exception"), [(divides_by_zero, "ZeroDivisionError"),
                                                 (too_few_parameters, "TypeError"), (exits, "SystemExit")])
def test_exceptions_are_caught_and_named(name, func, exception):
    hint = hint_of(name, func)
    assert exception in hint and "Traceback" not in hint
    assert f"test case 1 of {len(EXERCISES[name].cases)}" in hint


@pytest.mark.parametrize("name", NAMES)
def test_returning_none_asks_for_a_return(name):
    hint = hint_of(name, forgets_to_return(name))
    assert "None" in hint and "return" in hint


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("not_a_function", [3, None, [np.zeros((2, 2))]], ids=["int", "None", "result"])
def test_a_non_callable_is_refused(name, not_a_function):
    result = check(name, not_a_function)
    assert not result.passed and "expected a function" in result.hint and "without ()" in result.hint


def test_an_unknown_exercise_lists_the_known_ones():
    result = check("activation_for", forward)
    assert not result.passed and "'activation_for'" in result.hint
    assert all(name in result.hint for name in NAMES)


def nan_outputs(*args):
    return tuple(np.full_like(v, np.nan) for v in forward(*args))


def forward_returning_complex_arrays(*args):
    z, y, z_raw, y_raw = forward(*args)
    return z + 1j, y, z_raw, y_raw


def forward_returning_none_for_the_raw_values(*args):
    z, y, _, _ = forward(*args)
    return z, y, None, None


def feed_with_a_none_layer(*args):
    zs, z_raws = feed(*args)
    zs[-1] = None
    return zs, z_raws


@pytest.mark.parametrize(("name", "func", "words"), [
    ("activations_for", nan_outputs, ["NaN"]),
    ("activations_for", forward_returning_complex_arrays, ["z is not an array of real numbers"]),
    ("activations_for", forward_returning_none_for_the_raw_values, ["z_raw is None"]),
    ("activations_for", lambda *args: forward(*args)[0], ["expected 4 arrays"]),
    ("feed_forward", feed_with_a_none_layer, ["zs[2] is None"]),
    ("feed_forward", lambda *args: feed(*args)[0], ["expected 2 arrays (zs, z_raws)", "a list of 3 items"]),
    ("feed_forward", lambda *args: tuple(np.hstack(a) for a in feed(*args)), ["zs must be a list"]),
    ("backpropagate", lambda *args: back(*args)[0], ["deltas must be a list with one array per layer"]),
], ids=["nan", "complex", "none-item", "one-array", "none-layer", "zs-only", "hstack", "array-not-list"])
def test_the_wrong_kind_of_thing_is_named(name, func, words):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing escapes the checker
        hint = hint_of(name, func)
    for word in words:
        assert word in hint, f"{word!r} not in hint: {hint}"


@pytest.mark.parametrize(("name", "func"), [("softmax", softmax_without_the_max),
                                            ("softmax", softmax_global_max),
                                            ("softmax_cross_entropy_gradient", gradient_unstable_softmax)])
def test_the_checker_emits_no_warnings(name, func):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not check(name, func).passed


# -- the verdict: words as well as emoji, plain text, wrapped at word boundaries -------------------------------

@pytest.mark.parametrize(("name", "func"), [(n, t.wrong[0][0]) for n, t in TABLES.items()]
                         + [("deltas_for", deltas_bias_row_kept), ("activations_for", forward_bias_forgotten)])
def test_a_verdict_is_plain_wrapped_text(name, func):
    text = str(check(name, func))
    assert text.startswith(f"❌ not yet — {name}: ")
    lines = text.splitlines()
    assert all(len(line) <= 88 for line in lines if " " in line.strip()), text
    assert "**" not in text and not re.search(r"0x[0-9a-fA-F]{4,}", text)
    words = set(check(name, func).hint.split())
    assert set(" ".join(lines).split()) >= words - {""}  # no word was cut in two
    assert repr(check(name, func)) == text


@pytest.mark.parametrize("name", NAMES)
def test_checked_returns_the_students_function_when_correct(name, capsys):
    assert checked(name, CORRECT[name]) is CORRECT[name]
    out = capsys.readouterr().out
    assert out.startswith(f"✅ correct — {name}") and "reference" not in out


def test_checked_falls_back_to_the_reference_and_says_so(capsys):
    stand_in = checked("gradient_descent", stub)
    assert isinstance(stand_in, StandIn) and stand_in.reference is nblib.gradient_descent
    out = capsys.readouterr().out
    assert out.startswith("❌ not yet — gradient_descent") and "uses nblib's reference gradient_descent" in out
    assert isinstance(checked("deltas_for", 3), StandIn)


@pytest.mark.parametrize(("name", "snippet"), [
    ("deltas_for", "Wo[1:]"), ("feed_forward", "def feed_forward"), ("backpropagate", "W_next[1:]"),
    ("decode", "np.argmax(outputs, axis=1)"), ("softmax", "scores.max(axis=1, keepdims=True)"),
    ("softmax_cross_entropy_gradient", "/ len(scores)"),
])
def test_show_reference_prints_the_source(name, snippet, capsys):
    show_reference(name)
    assert snippet in capsys.readouterr().out


def test_show_reference_of_an_unknown_exercise(capsys):
    show_reference("nope")
    out = capsys.readouterr().out
    assert "no exercise called 'nope'" in out and "deltas_for" in out


if __name__ == "__main__":  # python tests/test_checks.py: the named-hint table for the report
    print(f"{'exercise':34} named   generic hints")
    for name, (named, total, generic) in coverage().items():
        print(f"{name:34} {named:2}/{total:<2} {100 * named / total:4.0f}%  {', '.join(generic) or '—'}")


def test_every_numeric_hyperparameter_takes_two_values_across_the_cases():
    """A hard-coded learning rate (or step, or rate) passes every case that happens to use that value."""
    for name, ex in EXERCISES.items():
        values: dict[str, set] = {}
        for case in ex.cases:
            try:  # the defaults count too: a case that leaves h out tests h's default
                bound = inspect.signature(ex.reference).bind(*case.args, **case.kwargs)
                bound.apply_defaults()
                given = bound.arguments.items()
            except (TypeError, ValueError):
                given = [*zip(parameter_names(ex), case.args), *case.kwargs.items()]
            for parameter, value in given:
                if isinstance(value, numbers.Real) and not isinstance(value, bool) and not isinstance(value, int):
                    values.setdefault(parameter, set()).add(float(value))
        single = {p: v for p, v in values.items() if len(v) < 2}
        assert not single, f"{name}: every case passes the same {single}"


def test_an_index_meant_for_the_columns_used_on_the_rows_is_named():
    def one_hot_by_rows(scores, labels):
        t = np.zeros_like(scores)
        t[labels] = 1  # labels index the rows: IndexError once a label passes N
        return (np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True) - t) / len(scores)
    hint = check("softmax_cross_entropy_gradient", one_hot_by_rows).hint
    assert "IndexError" in hint and "Rows and columns are swapped" in hint and "np.eye(K)[labels]" in hint


def test_labels_from_sorted_classes_or_from_the_largest_magnitude_are_named():
    assert "sorted" in check("decode", lambda o, c: np.unique(c)[np.argmax(o, axis=1)]).hint
    hint = check("decode", lambda o, c: np.asarray(c)[np.argmax(np.abs(o), axis=1)]).hint
    assert "largest in magnitude" in hint, hint


def test_an_argument_used_in_another_ones_place_is_named():
    def deltas_with_wh(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
        do = (y - t) * (1 - np.tanh(y_raw) ** 2)
        return (do @ Wh[1:].T) * (1 - np.tanh(z_raw) ** 2), do  # Wh where Wo belongs: a shape error
    hint = check("deltas_for", deltas_with_wh).hint
    assert "Your code for dh uses Wh where Wo belongs" in hint, hint
