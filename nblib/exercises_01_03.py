"""Checker entries for notebooks 01–03: activations_for, deltas_for, gradient_descent.

Each classic mistake is written out as the small buggy function a student
would write, so a hint is given only when the student's code behaves exactly
like that mistake on every test case.
"""

from __future__ import annotations

import numpy as np

from .activations import derivative, identity, sigmoid
from .backward import deltas_for
from .checks import Case, Exercise, Mistake, register
from .forward import activations_for, with_bias
from .update import gradient_descent

SHAPES = [(5, 3, 4, 2), (1, 2, 3, 1), (7, 2, 2, 3), (4, 4, 3, 1)]  # (N, I, J, K), N = 1 included
ACTIVATIONS = [("tanh", np.tanh), ("sigmoid", sigmoid)]
ETA = 0.37  # not the default 0.1, so an ignored learning rate shows


def _label(n, i, j, k, name):
    return f"N={n}, I={i}, J={j}, K={k}, {name}"


def _problems():
    """Random forward problems: (label, name, f, x, Wh, Wo, t) for every shape and activation."""
    rng = np.random.default_rng(2024)
    for (n, i, j, k), (name, f) in ((s, a) for a in ACTIVATIONS for s in SHAPES):
        x = rng.normal(size=(n, i))
        Wh, Wo = rng.normal(size=(i + 1, j)), rng.normal(size=(j + 1, k))
        t = rng.uniform(-1 if name == "tanh" else 0, 1, size=(n, k))
        yield _label(n, i, j, k, name), name, f, x, Wh, Wo, t


def _forward_cases():
    return [Case(label, (x, Wh, Wo, f), activation=name) for label, name, f, x, Wh, Wo, t in _problems()]


def _backward_cases():
    cases = []
    for label, name, f, x, Wh, Wo, t in _problems():
        z, y, z_raw, y_raw = activations_for(x, Wh, Wo, f)
        cases.append(Case(label, (t, z, y, z_raw, y_raw, Wh, Wo, f), activation=name))
    return cases


def _update_cases():
    cases = []
    for label, name, f, x, Wh, Wo, t in _problems():
        z, y, z_raw, y_raw = activations_for(x, Wh, Wo, f)
        dh, do = deltas_for(t, z, y, z_raw, y_raw, Wh, Wo, f)
        cases.append(Case(label + f", eta={ETA}", (do, dh, x, z, Wh, Wo, ETA), activation=name))
    return cases


# -- the mistakes, as the buggy code a student writes ----------------------------

def ones_last(x):
    return np.hstack([x, np.ones((len(x), 1))])


def no_bias(x):
    return x


def _forward(x, Wh, Wo, bias, f_hidden, f_output):
    z_raw = bias(x) @ Wh
    z = f_hidden(z_raw)
    y_raw = bias(z) @ Wo
    return z, f_output(y_raw), z_raw, y_raw


def _raw_into_output(x, Wh, Wo, f=np.tanh):
    z_raw = with_bias(x) @ Wh
    y_raw = with_bias(z_raw) @ Wo
    return f(z_raw), f(y_raw), z_raw, y_raw


def _deltas(t, y, z_raw, y_raw, Wo, out_prime, hidden_prime, sign=1.0, rows=slice(1, None)):
    do = sign * (y - t) * out_prime(y_raw)
    return (do @ Wo[rows].T) * hidden_prime(z_raw), do


def _step(do, dh, x, z, Wh, Wo, eta, bias=with_bias, sign=-1.0, n=None):
    n = len(x) if n is None else n
    return Wh + sign * eta / n * (bias(x).T @ dh), Wo + sign * eta / n * (bias(z).T @ do)


def _step_without_bias_row(do, dh, x, z, Wh, Wo, eta=0.1):
    Wh, Wo = Wh.copy(), Wo.copy()
    Wh[1:] -= eta / len(x) * (x.T @ dh)
    Wo[1:] -= eta / len(x) * (z.T @ do)
    return Wh, Wo


BIAS_WRONG_END = ("the bias column is at the wrong end. The convention is ones first: "
                  "with_bias(x) = [1, x], so row 0 of each weight matrix is the bias. "
                  "Use with_bias(...) rather than appending the ones yourself.")
BIAS_FORGOTTEN = ("the bias is forgotten: each layer's input needs the column of ones "
                  "(with_bias) so that row 0 of the weights is added as the bias. "
                  "Compare your z_raw with with_bias(x) @ Wh.")
HARD_CODED_TANH = ("an activation is hard-coded: the result is right for tanh but wrong for "
                   "sigmoid. Use the `activation_function` argument (and "
                   "derivative(activation_function)) instead of np.tanh.")

FORWARD_MISTAKES = [
    Mistake(BIAS_WRONG_END, lambda x, Wh, Wo, f=np.tanh: _forward(x, Wh, Wo, ones_last, f, f)),
    Mistake(BIAS_FORGOTTEN, lambda x, Wh, Wo, f=np.tanh: _forward(x, Wh[1:], Wo[1:], no_bias, f, f)),
    Mistake(HARD_CODED_TANH, lambda x, Wh, Wo, f=np.tanh: activations_for(x, Wh, Wo, np.tanh)),
    Mistake("the output activation is missing: y must be activation_function(y_raw), "
            "not y_raw itself.", lambda x, Wh, Wo, f=np.tanh: _forward(x, Wh, Wo, with_bias, f, identity)),
    Mistake("the output layer gets z_raw: y_raw = with_bias(z) @ Wo must use the hidden activations "
            "z = activation_function(z_raw), not the raw values.", _raw_into_output),
]


def _ones(a):
    return np.ones_like(a)


BACKWARD_MISTAKES = [
    Mistake("the derivative is taken at the activation instead of the raw value: use "
            "σ'(y_raw) and σ'(z_raw), not σ'(y) and σ'(z). derivative(f) expects the value "
            "before the activation.",
            lambda t, z, y, zr, yr, Wh, Wo, f=np.tanh: _deltas(t, y, z, y, Wo, derivative(f), derivative(f))),
    Mistake("the sign is flipped: the output delta is (y − t) ∘ σ'(y_raw), output minus target. "
            "With (t − y) gradient descent would climb the error instead of descending it.",
            lambda t, z, y, zr, yr, Wh, Wo, f=np.tanh: _deltas(t, y, zr, yr, Wo, derivative(f),
                                                                derivative(f), sign=-1.0)),
    Mistake("the output derivative factor is missing: do = (y − t) ∘ σ'(y_raw), not just y − t.",
            lambda t, z, y, zr, yr, Wh, Wo, f=np.tanh: _deltas(t, y, zr, yr, Wo, _ones, derivative(f))),
    Mistake("the hidden derivative factor is missing: dh = (do · Wo[1:]ᵀ) ∘ σ'(z_raw); "
            "multiply by σ' at the hidden raw values.",
            lambda t, z, y, zr, yr, Wh, Wo, f=np.tanh: _deltas(t, y, zr, yr, Wo, derivative(f), _ones)),
    Mistake("rows dropped at the wrong end: the bias is row 0 of Wo, so drop it with Wo[1:], "
            "not Wo[:-1].",
            lambda t, z, y, zr, yr, Wh, Wo, f=np.tanh: _deltas(t, y, zr, yr, Wo, derivative(f),
                                                                derivative(f), rows=slice(None, -1))),
    Mistake(HARD_CODED_TANH,
            lambda t, z, y, zr, yr, Wh, Wo, f=np.tanh: deltas_for(t, z, y, zr, yr, Wh, Wo, np.tanh)),
]

UPDATE_MISTAKES = [
    Mistake("the sign is flipped: gradient descent subtracts, W − η/N · [1, x]ᵀ · δ; adding "
            "climbs the error.", lambda do, dh, x, z, Wh, Wo, eta=0.1: _step(do, dh, x, z, Wh, Wo, eta, sign=1.0)),
    Mistake("the 1/N is missing: the update averages over the batch, W − η/N · [1, x]ᵀ · δ. "
            "Without it the step grows with the batch size (the N=1 case passes, the others do not).",
            lambda do, dh, x, z, Wh, Wo, eta=0.1: _step(do, dh, x, z, Wh, Wo, eta, n=1)),
    Mistake("the learning rate is ignored: multiply the step by the `eta` argument "
            f"(the checker passes eta={ETA}).",
            lambda do, dh, x, z, Wh, Wo, eta=0.1: _step(do, dh, x, z, Wh, Wo, 1.0)),
    Mistake("the learning rate is hard-coded to 0.1: use the `eta` argument "
            f"(the checker passes eta={ETA}).",
            lambda do, dh, x, z, Wh, Wo, eta=0.1: _step(do, dh, x, z, Wh, Wo, 0.1)),
    Mistake(BIAS_WRONG_END,
            lambda do, dh, x, z, Wh, Wo, eta=0.1: _step(do, dh, x, z, Wh, Wo, eta, bias=ones_last)),
    Mistake("the bias row is never updated: the gradient for Wh is [1, x]ᵀ · dh, whose row 0 "
            "(the bias) is the column sum of dh. Use with_bias(x), not x, and update all rows.",
            _step_without_bias_row),
]

register(Exercise(
    "activations_for", activations_for, _forward_cases(),
    outputs=("z", "y", "z_raw", "y_raw"), shapes=("N×J", "N×K", "N×J", "N×K"),
    mistakes=FORWARD_MISTAKES,
    shape_hint=("Wh is (I+1)×J, so it multiplies with_bias(x), N×(I+1): a shape error in the "
                "forward pass usually means the bias column is missing or a matrix is transposed."),
    output_hints={
        "z_raw": "z_raw = with_bias(x) @ Wh, before any activation.",
        "z": "z = activation_function(z_raw), with z_raw = with_bias(x) @ Wh.",
        "y_raw": "y_raw = with_bias(z) @ Wo: feed the hidden activations z, not z_raw.",
        "y": "y = activation_function(y_raw), with y_raw = with_bias(z) @ Wo.",
    }))

register(Exercise(
    "deltas_for", deltas_for, _backward_cases(),
    outputs=("dh", "do"), shapes=("N×J", "N×K"),
    mistakes=BACKWARD_MISTAKES,
    shape_hint=("Sending do (N×K) back needs Wo without its bias row: Wo[1:] is J×K, so "
                "do @ Wo[1:].T is N×J like z_raw. Using all of Wo gives N×(J+1)."),
    output_hints={
        "do": "do = (y − t) * derivative(activation_function)(y_raw).",
        "dh": "dh = (do @ Wo[1:].T) * derivative(activation_function)(z_raw).",
    }))

register(Exercise(
    "gradient_descent", gradient_descent, _update_cases(),
    outputs=("Wh", "Wo"), shapes=("(I+1)×J", "(J+1)×K"),
    mistakes=UPDATE_MISTAKES,
    shape_hint=("The step for Wh must be (I+1)×J like Wh: with_bias(x).T @ dh is (I+1)×N · N×J. "
                "A shape error here is usually x without its bias column, a transpose on the "
                "wrong factor, or do and dh swapped."),
    output_hints={
        "Wh": "Wh − eta / N * with_bias(x).T @ dh, with N = len(x).",
        "Wo": "Wo − eta / N * with_bias(z).T @ do, with N = len(x).",
    }))
