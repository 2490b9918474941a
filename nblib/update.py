"""The weight update and the training loop of a two-layer network (notebook 03).

Gradient descent on the batch-averaged squared error, for a batch of N examples:

    Wh ← Wh − η/N · [1, x]ᵀ · dh      (I+1)×N · N×J = (I+1)×J
    Wo ← Wo − η/N · [1, z]ᵀ · do      (J+1)×N · N×K = (J+1)×K

Online learning is the case N = 1, one example at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from .activations import Activation, unchecked
from .backward import _deltas_for, deltas_for
from .forward import _activations_for, _with_bias, activations_for, with_bias
from .randomness import as_generator
from .validation import (
    as_count,
    as_function,
    as_learning_rate,
    as_matrix,
    as_number,
    as_targets,
    check_weights,
    entry_point,
    same_shape,
)


def gradient_descent(do: np.ndarray, dh: np.ndarray, x: np.ndarray, z: np.ndarray,
                     Wh: np.ndarray, Wo: np.ndarray, eta: float = 0.1
                     ) -> tuple[np.ndarray, np.ndarray]:
    """One gradient step; returns the new ``(Wh, Wo)`` (the inputs are not modified).

    do N×K, dh N×J, x N×I, z N×J, Wh (I+1)×J, Wo (J+1)×K. As a building block it
    takes any finite eta (notebook 03 passes −eta to show what a flipped sign does).
    """
    n = len(x)
    Wh = Wh - eta / n * (with_bias(x).T @ dh)
    Wo = Wo - eta / n * (with_bias(z).T @ do)
    return Wh, Wo


def weight_gradient(delta: np.ndarray, inputs: np.ndarray) -> np.ndarray:
    """∂E/∂W of one layer for the batch-mean error E = (1/N) Σ_n E_n, bias row 0 included.

    delta N×J: the deltas of the layer's units; inputs N×I: what the layer receives
    (x for W_h, z for W_o). Returns (I+1)×J, the shape of W. Row i ≥ 1 is
    (1/N) Σ_n inputs[n, i-1] · delta[n]; row 0 is the bias, whose input is always 1,
    so it is the mean of delta over the examples (the column sum divided by N).
    """
    return with_bias(inputs).T @ delta / len(inputs)


def _check_descent(do, dh, x, z, Wh, Wo, eta=0.1):
    x = as_matrix("x", x, dims="N×I")
    z = as_matrix("z", z, rows=len(x), dims="N×J", why="one row per example, the hidden activations")
    dh = same_shape("dh", dh, z, "z")
    Wh = as_matrix("Wh", Wh, rows=x.shape[1] + 1, cols=z.shape[1], dims="(I+1)×J",
                   why=f"bias row 0 plus one row per input; x has I={x.shape[1]} columns, z J={z.shape[1]}")
    Wo = as_matrix("Wo", Wo, rows=z.shape[1] + 1, dims="(J+1)×K",
                   why=f"bias row 0 plus one row per hidden unit; z has J={z.shape[1]} columns")
    do = as_matrix("do", do, rows=len(x), cols=Wo.shape[1], why="one row per example, one column per output")
    return do, dh, x, z, Wh, Wo, as_number("eta", eta)


# The public function checks its arguments once; the training loops call the unchecked core.
gradient_descent, _gradient_descent = entry_point(gradient_descent, _check_descent, with_bias=_with_bias)


def _functions(forward: Callable, backward: Callable, descend: Callable) -> tuple[Callable, ...]:
    """The three step functions, checked; nblib's own run unchecked when all three are nblib's.

    A student's function may return anything, so with one of theirs in the loop
    every nblib function keeps checking what it is given.
    """
    for name, f in (("forward", forward), ("backward", backward), ("descend", descend)):
        as_function(name, f)
    if (forward, backward, descend) == (activations_for, deltas_for, gradient_descent):
        return _activations_for, _deltas_for, _gradient_descent
    return forward, backward, descend


def update_weights(t: np.ndarray, x: np.ndarray, Wh: np.ndarray, Wo: np.ndarray,
                   activation_function: Activation = np.tanh, eta: float = 0.1, *,
                   forward: Callable = activations_for, backward: Callable = deltas_for,
                   descend: Callable = gradient_descent) -> tuple[np.ndarray, np.ndarray]:
    """Forward pass, deltas, gradient step on the batch (x N×I, t N×K); returns (Wh, Wo).

    forward, backward, descend: the three exercise functions, so a notebook can
    train with the student's own activations_for, deltas_for and gradient_descent.
    A target vector of N values is read as N×1 when the network has K = 1 output.
    """
    x, Wh, Wo = check_weights(x, Wh, Wo)
    t = as_targets("t", t, len(x), Wo.shape[1], convert=True)
    as_function("activation_function", activation_function)
    steps = _functions(forward, backward, descend)
    if steps[0] is _activations_for:
        activation_function = unchecked(activation_function)
    return _update_weights(t, x, Wh, Wo, activation_function, as_number("eta", eta), *steps)


def _update_weights(t, x, Wh, Wo, activation_function, eta, forward, backward, descend):
    z, y, z_raw, y_raw = forward(x, Wh, Wo, activation_function)
    dh, do = backward(t, z, y, z_raw, y_raw, Wh, Wo, activation_function)
    return descend(do, dh, x, z, Wh, Wo, eta)


def initialize_weights(I: int, J: int, K: int, rng: np.random.Generator | int | None = None
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Random (Wh (I+1)×J, Wo (J+1)×K), uniform in ±1/√(fan-in), biases included.

    Small random weights break the symmetry between hidden units (equal weights
    would get equal deltas forever) while keeping tanh away from saturation.
    """
    I, J, K = (as_count(name, n, low=None) for name, n in (("I", I), ("J", J), ("K", K)))
    if min(I, J, K) < 1:
        raise ValueError(f"layer sizes must be at least 1; got I={I}, J={J}, K={K}")
    rng = as_generator(rng)
    Wh = rng.uniform(-1, 1, size=(I + 1, J)) / np.sqrt(I)
    Wo = rng.uniform(-1, 1, size=(J + 1, K)) / np.sqrt(J)
    return Wh, Wo


def errors_for(t: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Returns ``(mse, mbe)`` for targets t and outputs y, both N×K.

    mse: mean squared error over all N·K outputs.
    mbe: mean binary error, the fraction of outputs on the wrong side of the
    decision threshold: 0 for ±1 targets, 0.5 for 0/1 targets.
    """
    y = as_matrix("y", y, why="one row per example, the network's outputs")
    return _errors_for(as_targets("t", t, len(y), y.shape[1], convert=False, why="one row per example, "
                                  "the shape of y"), y)


def _errors_for(t: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    threshold = 0.5 if t.min() >= 0 else 0.0
    mse = float(np.mean((y - t) ** 2))
    mbe = float(np.mean((y > threshold) != (t > threshold)))
    return mse, mbe


@dataclass(frozen=True)
class TrainingStep:
    """What ``train`` yields after every update: the state a widget draws."""

    epoch: int        # 1-based epoch this update belongs to
    step: int         # 1-based count of updates so far
    Wh: np.ndarray
    Wo: np.ndarray
    mse: float        # over the whole training set, after the update
    mbe: float


def train(x: np.ndarray, t: np.ndarray, Wh: np.ndarray, Wo: np.ndarray, epochs: int = 1000,
          eta: float | Callable[[], float] = 0.1, activation_function: Activation = np.tanh, online: bool = True,
          rng: np.random.Generator | int | None = None, **functions: Callable) -> Iterator[TrainingStep]:
    """Train by gradient descent, yielding a ``TrainingStep`` after every update.

    online=True: one update per example (N per epoch), in order, or shuffled
    each epoch when ``rng`` is given. online=False: one batch update per epoch.
    Being a generator lets a widget take one step per click; ``eta`` (> 0) may be a
    function of no arguments, read before every update, so a slider can change
    the learning rate in the middle of a run. ``functions``: forward=, backward=,
    descend= as for ``update_weights``. The data is checked once, here, at the call.
    """
    x, Wh, Wo = check_weights(x, Wh, Wo)
    t = as_targets("t", t, len(x), Wo.shape[1], convert=True)
    unknown = sorted(set(functions) - {"forward", "backward", "descend"})
    if unknown:
        raise TypeError(f"train got unexpected keyword arguments {unknown}: expected forward=, backward=, descend=")
    steps = _functions(functions.get("forward", activations_for), functions.get("backward", deltas_for),
                       functions.get("descend", gradient_descent))
    rate = None if callable(eta) else as_learning_rate("eta", eta)
    learning_rate = eta if callable(eta) else (lambda: rate)
    shuffle = as_generator(rng) if rng is not None else None
    activation_function = as_function("activation_function", activation_function)
    if steps[0] is _activations_for:
        activation_function = unchecked(activation_function)
    return _train(x, t, Wh, Wo, as_count("epochs", epochs), learning_rate, activation_function, bool(online),
                  shuffle, steps)


def _train(x, t, Wh, Wo, epochs, learning_rate, activation_function, online, shuffle, steps):
    """``train``'s loop on checked data: no argument is checked again inside it."""
    forward = steps[0]
    errors = _errors_for if forward is _activations_for else errors_for  # a student's y gets checked
    step = 0
    for epoch in range(1, epochs + 1):
        order = np.arange(len(x)) if shuffle is None else shuffle.permutation(len(x))
        batches = order.reshape(-1, 1) if online else [order]  # online: one row at a time
        for rows in batches:
            Wh, Wo = _update_weights(t[rows], x[rows], Wh, Wo, activation_function, learning_rate(), *steps)
            step += 1
            y = forward(x, Wh, Wo, activation_function)[1]
            yield TrainingStep(epoch, step, Wh, Wo, *errors(t, y))


def solves(x: np.ndarray, t: np.ndarray, Wh: np.ndarray, Wo: np.ndarray, updates: int = 1000,
           eta: float = 0.1, activation_function: Activation = np.tanh, tolerance: float = 0.05,
           **functions: Callable) -> int | None:
    """Online training from (Wh, Wo), examples in a fixed order; the number of updates until
    every output is on the right side of the threshold and the mse is below ``tolerance``, or
    None if it never is within ``updates`` (stuck, e.g. in a local minimum). Tested once per
    epoch, the natural unit. ``tolerance=np.inf``: only the signs count. ``functions``: forward=,
    backward=, descend= as for ``update_weights`` (e.g. a step that freezes row 0)."""
    updates = as_count("updates", updates)
    tolerance = as_number("tolerance", tolerance, low=0.0, low_open=True, infinite=True)
    n = len(as_matrix("x", x, dims="N×I"))
    for state in train(x, t, Wh, Wo, -(-updates // n), eta, activation_function, **functions):
        if state.step > updates:
            break
        if state.step % n == 0 and state.mbe == 0 and state.mse < tolerance:
            return state.step
    return None


def success_rates(x: np.ndarray, t: np.ndarray, hidden_sizes: list[int], seeds: range,
                  updates: int = 1000, eta: float = 0.1) -> dict[int, float]:
    """For each hidden-layer size J, the fraction of seeds whose network ``solves`` (x, t)."""
    x = as_matrix("x", x, dims="N×I")
    t = as_targets("t", t, len(x), None, convert=True)
    rates = {}
    for J in hidden_sizes:
        solved = [solves(x, t, *initialize_weights(x.shape[1], J, t.shape[1], rng=seed), updates, eta)
                  for seed in seeds]
        rates[J] = float(np.mean([s is not None for s in solved]))
    return rates
