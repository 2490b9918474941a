"""Checker entries for notebook 09, the debugging clinic: one exercise per planted bug.

Each exercise is the fix of a broken function (or class) that the notebook shows
with its symptom. The broken version itself is the first catalogued mistake, so a
student who has not fixed it yet is told which bug is still there; the other
entries are the half-fixes and new bugs students write on the way.
"""

from __future__ import annotations

import copy
import functools
import inspect

import numpy as np

from .activations import derivative, sigmoid
from .checks import RESULTS, Case, CheckResult, Exercise, Mistake, StandIn, checked, fallback_note, register
from .diagnostics import input_gradient
from .forward import activations_for, with_bias
from .losses import softmax
from .network import NeuralNetwork
from .randomness import as_generator


def show_code(obj) -> None:
    """Print the source of a function or class (the broken versions the notebook diagnoses)."""
    print(inspect.getsource(obj))


# -- case 1: σ' applied to an already-activated value ---------------------------------


def sigmoid_deltas(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=sigmoid):
    """(dh, do) of a two-layer *sigmoid* network with squared error; shapes as deltas_for.

    activation_function is ignored (always the sigmoid); it is there so that
    gradient_check_table(..., deltas=sigmoid_deltas) can call this function.
    """
    do = (y - t) * y * (1 - y)                # σ'(y_raw) = σ(y_raw)(1 − σ(y_raw)) = y(1 − y)
    dh = (do @ Wo[1:].T) * z * (1 - z)        # σ'(z_raw) = z(1 − z)
    return dh, do


def sigmoid_prime_of_output(s):
    """σ'(z_raw) written with the sigmoid's *output* s = σ(z_raw): s(1 − s)."""
    return s * (1 - s)


def broken_sigmoid_deltas(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=sigmoid):
    """The posted code: sigmoid applied once more before the derivative."""
    do = (y - t) * sigmoid_prime_of_output(sigmoid(y))
    dh = (do @ Wo[1:].T) * sigmoid_prime_of_output(sigmoid(z))
    return dh, do


def _sigmoid_deltas_with(output_prime, hidden_prime, sign=1.0):
    def deltas(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=sigmoid):
        do = sign * (y - t) * output_prime(y, y_raw)
        return (do @ Wo[1:].T) * hidden_prime(z, z_raw), do
    return deltas


def _twice(s, raw):
    return sigmoid_prime_of_output(sigmoid(s))


def _right(s, raw):
    return s * (1 - s)


def _on_raw(s, raw):
    return raw * (1 - raw)


def _one(s, raw):
    return 1.0


def _tanh_form(s, raw):
    return 1 - s ** 2


def _sigmoid_cases():
    rng = np.random.default_rng(91)
    cases = []
    for n, i, j, k in [(5, 3, 4, 2), (1, 2, 3, 1), (6, 2, 2, 3)]:
        x, t = rng.normal(size=(n, i)), rng.uniform(0, 1, size=(n, k))
        Wh, Wo = rng.normal(size=(i + 1, j)), rng.normal(size=(j + 1, k))
        z, y, z_raw, y_raw = activations_for(x, Wh, Wo, sigmoid)
        cases.append(Case(f"N={n}, I={i}, J={j}, K={k}", (t, z, y, z_raw, y_raw, Wh, Wo)))
    return cases


TWICE = ("σ is applied twice: y and z are already σ(raw), so σ'(raw) = y(1 − y) (and z(1 − z)); "
         "sigmoid_prime_of_output(sigmoid(y)) differentiates at σ(σ(raw)).")
register(Exercise(
    "sigmoid_deltas", sigmoid_deltas, _sigmoid_cases(), outputs=("dh", "do"), shapes=("N×J", "N×K"),
    mistakes=[
        Mistake("this is still the broken version: " + TWICE, broken_sigmoid_deltas),
        Mistake("the output delta is fixed but the hidden one is not: " + TWICE,
                _sigmoid_deltas_with(_right, _twice)),
        Mistake("the hidden delta is fixed but the output one is not: " + TWICE,
                _sigmoid_deltas_with(_twice, _right)),
        Mistake("the output-form s(1 − s) is fed the raw values: y_raw(1 − y_raw) is not σ'(y_raw). Either "
                "s(1 − s) of the activations y, z, or σ(raw)(1 − σ(raw)) of the raw values.",
                _sigmoid_deltas_with(_on_raw, _on_raw)),
        Mistake("σ' is missing at the output: do = (y − t) ∘ y(1 − y).", _sigmoid_deltas_with(_one, _right)),
        Mistake("σ' is missing in the hidden layer: dh = (do · Wo[1:]ᵀ) ∘ z(1 − z).",
                _sigmoid_deltas_with(_right, _one)),
        Mistake("that is tanh's derivative, 1 − s²: the sigmoid's is s(1 − s).",
                _sigmoid_deltas_with(_tanh_form, _tanh_form)),
        Mistake("the sign is flipped: do = (y − t) ∘ σ'(y_raw), output minus target.",
                _sigmoid_deltas_with(_right, _right, sign=-1.0)),
    ],
    shape_hint="Send do back through Wo[1:] (J×K, without the bias row): do · Wo[1:]ᵀ is N×J.",
    output_hints={"do": "do = (y − t) ∘ y(1 − y).", "dh": "dh = (do · Wo[1:]ᵀ) ∘ z(1 − z)."}))


# -- case 2: the batch size -------------------------------------------------------------------

def linear_gradients(x, t, W, b):
    """∂E/∂W, ∂E/∂b of a linear layer y = x·W + b with E = (1/N) Σ_n ½‖y_n − t_n‖².

    x N×I, t N×K, W I×K, b (K,). Returns (dW I×K, db (K,)).
    """
    y = x @ W + b
    dy = (y - t) / len(x)                     # ∂E/∂y, N×K: the mean brings the 1/N
    return x.T @ dy, dy.sum(axis=0)           # db: every example's bias gradient, summed


def broken_linear_gradients(x, t, W, b):
    """The posted code: no 1/N, and db is the N×K error itself."""
    y = x @ W + b
    return x.T @ (y - t), y - t


def _linear(scale_w, scale_b, db):
    def gradients(x, t, W, b):
        e = x @ W + b - t
        return x.T @ e * scale_w(len(x)), db(e) * scale_b(len(x))
    return gradients


def _inv(n):
    return 1 / n


def _unit(n):
    return 1


def _linear_cases():
    rng = np.random.default_rng(92)
    cases = []
    for n, i, k in [(8, 3, 2), (1, 2, 3), (5, 4, 1), (3, 3, 3)]:
        cases.append(Case(f"N={n}, I={i}, K={k}", (rng.normal(size=(n, i)), rng.normal(size=(n, k)),
                                                 rng.normal(size=(i, k)), rng.normal(size=k))))
    return cases


NO_SUM = ("db must have b's shape (K,): every example contributes to the one bias, so sum the N rows, "
          "db = (y − t).sum(axis=0) / N.")
register(Exercise(
    "linear_gradients", linear_gradients, _linear_cases(), outputs=("dW", "db"), shapes=("I×K", "(K,)"),
    mistakes=[
        Mistake("this is still the broken version: the 1/N is missing (E is the mean over the batch) and "
                "db is not summed over the batch. " + NO_SUM, broken_linear_gradients),
        Mistake("the 1/N is missing in both: E is the *mean* over the N examples, so both gradients carry 1/N "
                "(without it the step grows with the batch size).", _linear(_unit, _unit, lambda e: e.sum(0))),
        Mistake("dW lacks the 1/N that db has: E is the mean over the batch, dW = xᵀ(y − t) / N.",
                _linear(_unit, _inv, lambda e: e.sum(0))),
        Mistake("db lacks the 1/N that dW has: db = (y − t).sum(axis=0) / N.",
                _linear(_inv, _unit, lambda e: e.sum(0))),
        Mistake("db is not summed over the batch. " + NO_SUM, _linear(_inv, _inv, lambda e: e)),
        Mistake("db is summed over the wrong axis: axis=0 runs over the examples, axis=1 over the outputs.",
                _linear(_inv, _inv, lambda e: e.sum(1))),
        Mistake("db keeps a batch axis (1×K): sum with axis=0 and without keepdims, so db has b's shape (K,).",
                _linear(_inv, _inv, lambda e: e.sum(0, keepdims=True))),
        Mistake("db is the sum of *all* errors, one number: sum over the examples only, axis=0.",
                _linear(_inv, _inv, lambda e: e.sum())),
        Mistake("the sign is flipped: ∂E/∂y = (y − t)/N, output minus target.",
                lambda x, t, W, b: tuple(-g for g in linear_gradients(x, t, W, b))),
    ],
    shape_hint="dW = xᵀ · (y − t) / N is I×K, the shape of W; db has the shape of b, (K,).",
    output_hints={"dW": "dW = xᵀ · (y − t) / N.", "db": "db = (y − t).sum(axis=0) / N."}))


# -- case 3: the softmax Jacobian ------------------------------------------------------

def softmax_backward(dp, p):
    """∂E/∂s from ∂E/∂p through p = softmax(s), row by row; dp, p N×K → ds N×K.

    The Jacobian ∂p_i/∂s_j = p_i(δ_ij − p_j) mixes every output of a row, so
    ds_j = Σ_i dp_i p_i (δ_ij − p_j) = p_j (dp_j − Σ_i dp_i p_i).
    """
    return p * (dp - np.sum(dp * p, axis=1, keepdims=True))


def broken_softmax_backward(dp, p):
    """The posted code: the derivative of softmax taken element-wise, like a sigmoid's."""
    return dp * p * (1 - p)


def _softmax_cases():
    rng = np.random.default_rng(93)
    cases = []
    for n, k in [(4, 3), (1, 5), (3, 3), (6, 2)]:
        p = softmax(rng.normal(0, 2, size=(n, k)))
        cases.append(Case(f"N={n}, K={k}", (rng.normal(size=(n, k)), p)))
    return cases


register(Exercise(
    "softmax_backward", softmax_backward, _softmax_cases(), outputs=("ds",), shapes=("N×K",),
    mistakes=[
        Mistake("this is still the element-wise version dp ∘ p(1 − p): that is only the diagonal of the "
                "Jacobian. Every p_i depends on every s_j (∂p_i/∂s_j = −p_i p_j off the diagonal): "
                "ds = p ∘ (dp − Σ_i dp_i p_i).", broken_softmax_backward),
        Mistake("dp is not used: p(1 − p) is (the diagonal of) the Jacobian, but the chain rule multiplies it "
                "with the incoming gradient dp: ds = p ∘ (dp − Σ_i dp_i p_i).", lambda dp, p: p * (1 - p)),
        Mistake("the sum runs down the wrong axis: Σ_i dp_i p_i is one number per *row* (example): "
                "np.sum(dp * p, axis=1, keepdims=True).",
                lambda dp, p: p * (dp - np.sum(dp * p, axis=0, keepdims=True))),
        Mistake("the sum over the row is missing keepdims: an (N,) sum broadcasts along the wrong axis. Use "
                "np.sum(dp * p, axis=1, keepdims=True), an N×1 column.",
                lambda dp, p: p * (dp - np.sum(dp * p, axis=1))),
        Mistake("the leading factor p is missing: ds_j = p_j (dp_j − Σ_i dp_i p_i).",
                lambda dp, p: dp - np.sum(dp * p, axis=1, keepdims=True)),
        Mistake("the sign is flipped: ds = p ∘ (dp − Σ_i dp_i p_i).",
                lambda dp, p: -softmax_backward(dp, p)),
        Mistake("that is the shortcut p − t of softmax *with cross-entropy*; here dp is any incoming gradient, "
                "so apply the full Jacobian: ds = p ∘ (dp − Σ_i dp_i p_i).", lambda dp, p: p - dp),
    ],
    shape_hint="Keep the row sums as an N×1 column (keepdims=True) so they broadcast over the K columns.",
    output_hints={"ds": "ds = p ∘ (dp − Σ_i dp_i p_i), the sum per row."}))


# -- case 4: a missing factor of the chain, a sign flipped in one layer ---------------------

def two_layer_gradients(x, t, Wh, Wo, activation_function=np.tanh):
    """(∂E/∂Wh, ∂E/∂Wo) of a two-layer network with E = (1/N) Σ_n ½‖y_n − t_n‖².

    x N×I, t N×K, Wh (I+1)×J, Wo (J+1)×K (bias in row 0). Returns arrays shaped like Wh and Wo.
    """
    sigma_prime = derivative(activation_function)
    z, y, z_raw, y_raw = activations_for(x, Wh, Wo, activation_function)
    do = (y - t) * sigma_prime(y_raw)                 # ∂E_n/∂y · ∂y/∂y_raw: both factors
    dh = (do @ Wo[1:].T) * sigma_prime(z_raw)
    return with_bias(x).T @ dh / len(x), with_bias(z).T @ do / len(x)


def broken_two_layer_gradients(x, t, Wh, Wo, activation_function=np.tanh):
    """The posted code: the cost's derivative left out, and the hidden layer's sign flipped."""
    sigma_prime = derivative(activation_function)
    z, y, z_raw, y_raw = activations_for(x, Wh, Wo, activation_function)
    do = sigma_prime(y_raw)                            # "I missed the derivative from the cost"
    dh = ((t - y) * sigma_prime(y_raw)) @ Wo[1:].T * sigma_prime(z_raw)   # t − y here, y − t elsewhere
    return with_bias(x).T @ dh / len(x), with_bias(z).T @ do / len(x)


def _chain(*, error=lambda y, t: y - t, out_sign=1.0, hid_sign=1.0, out_prime=True, hid_prime=True,
           scale=True, rows=slice(1, None), at_activation=False, hard_tanh=False):
    def gradients(x, t, Wh, Wo, activation_function=np.tanh):
        f = np.tanh if hard_tanh else activation_function
        prime = derivative(f)
        z, y, z_raw, y_raw = activations_for(x, Wh, Wo, f)
        do = error(y, t) * (prime(y if at_activation else y_raw) if out_prime else 1.0)
        dh = (do @ Wo[rows].T) * (prime(z if at_activation else z_raw) if hid_prime else 1.0)
        n = len(x) if scale else 1
        return hid_sign * with_bias(x).T @ dh / n, out_sign * with_bias(z).T @ do / n
    return gradients


def _chain_cases():
    rng = np.random.default_rng(94)
    cases = []
    for (n, i, j, k), (name, f) in [((5, 3, 4, 2), ("tanh", np.tanh)), ((1, 2, 3, 1), ("tanh", np.tanh)),
                                    ((4, 2, 2, 3), ("tanh", np.tanh)), ((6, 3, 2, 2), ("sigmoid", sigmoid))]:
        cases.append(Case(f"N={n}, I={i}, J={j}, K={k}, {name}",
                          (rng.normal(size=(n, i)), rng.uniform(-1, 1, size=(n, k)),
                           rng.normal(size=(i + 1, j)), rng.normal(size=(j + 1, k)), f), activation=name))
    return cases


register(Exercise(
    "two_layer_gradients", two_layer_gradients, _chain_cases(), outputs=("dWh", "dWo"),
    shapes=("(I+1)×J", "(J+1)×K"),
    mistakes=[
        Mistake("this is still the broken version: the output delta lacks the cost's derivative (y − t), and "
                "the hidden layer uses t − y where the output uses y − t. One error term, y − t, for both.",
                broken_two_layer_gradients),
        Mistake("the cost's derivative is missing: ∂E_n/∂y = y − t is the first factor of the chain, "
                "do = (y − t) ∘ σ'(y_raw).", _chain(error=lambda y, t: np.ones_like(y))),
        Mistake("the sign is flipped in the output layer only: both gradients must use y − t (output minus "
                "target); the gradient check shows relative error ≈ 1 for Wo alone.", _chain(out_sign=-1.0)),
        Mistake("the sign is flipped in the hidden layer only: both gradients must use y − t; the gradient "
                "check shows relative error ≈ 1 for Wh alone.", _chain(hid_sign=-1.0)),
        Mistake("the sign is flipped in both layers: ∂E/∂y = y − t, output minus target (t − y is the "
                "direction of the *step*, −∂E/∂W).", _chain(error=lambda y, t: t - y)),
        Mistake("σ'(y_raw) is missing at the output: do = (y − t) ∘ σ'(y_raw).", _chain(out_prime=False)),
        Mistake("σ'(z_raw) is missing in the hidden layer: dh = (do · Wo[1:]ᵀ) ∘ σ'(z_raw).",
                _chain(hid_prime=False)),
        Mistake("the 1/N is missing: E is the mean over the batch, so both gradients are divided by N.",
                _chain(scale=False)),
        Mistake("σ' is taken at the activations instead of the raw values: σ'(y_raw), σ'(z_raw).",
                _chain(at_activation=True)),
        Mistake("rows dropped at the wrong end: the bias is row 0, send do back through Wo[1:], not Wo[:-1].",
                _chain(rows=slice(None, -1))),
        Mistake("tanh is hard-coded: use activation_function and derivative(activation_function).",
                _chain(hard_tanh=True)),
    ],
    shape_hint="do · Wo[1:]ᵀ needs Wo without its bias row (J×K); ∂E/∂Wh = [1, x]ᵀ · dh / N is (I+1)×J.",
    output_hints={"dWo": "dWo = [1, z]ᵀ · do / N with do = (y − t) ∘ σ'(y_raw).",
                  "dWh": "dWh = [1, x]ᵀ · dh / N with dh = (do · Wo[1:]ᵀ) ∘ σ'(z_raw)."}))


# -- case 6: accumulators --------------------------------------------------------------------

def epoch_losses(network, x, t, epochs=3, batch_size=4):
    """Train ``network`` with mini-batches in order (no shuffling); returns the loss of each epoch, (epochs,).

    An epoch's loss is the mean over its N examples of the batch losses that
    network.update_weights(t_b, x_b) returns, each weighted by its batch's size.
    """
    losses = []
    for _ in range(epochs):
        total = 0.0                                   # reset once per epoch, not per batch
        for start in range(0, len(x), batch_size):
            rows = slice(start, start + batch_size)
            total += network.update_weights(t[rows], x[rows]) * len(x[rows])
        losses.append(total / len(x))
    return np.array(losses)


def broken_epoch_losses(network, x, t, epochs=3, batch_size=4):
    """The posted code: the running sum is reset inside the batch loop."""
    losses = []
    for _ in range(epochs):
        for start in range(0, len(x), batch_size):
            total = 0.0
            rows = slice(start, start + batch_size)
            total += network.update_weights(t[rows], x[rows]) * len(x[rows])
        losses.append(total / len(x))
    return np.array(losses)


def _never_reset(network, x, t, epochs=3, batch_size=4):
    losses, total = [], 0.0
    for _ in range(epochs):
        for start in range(0, len(x), batch_size):
            total += network.update_weights(t[start:start + batch_size], x[start:start + batch_size]) * len(
                x[start:start + batch_size])
        losses.append(total / len(x))
    return np.array(losses)


def _batch_means(network, x, t, epochs=3, batch_size=4):
    losses = []
    for _ in range(epochs):
        batch = [network.update_weights(t[s:s + batch_size], x[s:s + batch_size])
                 for s in range(0, len(x), batch_size)]
        losses.append(np.mean(batch))
    return np.array(losses)


def _unnormalised(network, x, t, epochs=3, batch_size=4):
    return epoch_losses(network, x, t, epochs, batch_size) * len(x)


def _every_batch(network, x, t, epochs=3, batch_size=4):
    return np.array([network.update_weights(t[s:s + batch_size], x[s:s + batch_size])
                     for _ in range(epochs) for s in range(0, len(x), batch_size)])


def _after_epoch(network, x, t, epochs=3, batch_size=4):
    losses = []
    for _ in range(epochs):
        for s in range(0, len(x), batch_size):
            network.update_weights(t[s:s + batch_size], x[s:s + batch_size])
        losses.append(network.loss_for(t, x))
    return np.array(losses)


def _over_batch_count(network, x, t, epochs=3, batch_size=4):
    losses = []
    for _ in range(epochs):
        starts = range(0, len(x), batch_size)
        total = sum(network.update_weights(t[s:s + batch_size], x[s:s + batch_size]) * len(x[s:s + batch_size])
                    for s in starts)
        losses.append(total / len(starts))
    return np.array(losses)


def _not_trained(network, x, t, epochs=3, batch_size=4):
    return np.full(epochs, network.loss_for(t, x))


def _epoch_cases():
    rng = np.random.default_rng(96)
    cases = []
    for n, batch, epochs in [(10, 4, 3), (7, 7, 2), (5, 1, 2), (9, 2, 4)]:
        network = NeuralNetwork([2, 3, 1], eta=0.5, rng=int(rng.integers(1000)))
        x, t = rng.uniform(-1, 1, size=(n, 2)), rng.uniform(-1, 1, size=(n, 1))
        cases.append(Case(f"N={n}, batch_size={batch}, epochs={epochs}", (network, x, t, epochs, batch)))
    return cases


register(Exercise(
    "epoch_losses", epoch_losses, _epoch_cases(), outputs=("losses",), shapes=("(epochs,)",),
    mistakes=[
        Mistake("this is still the broken version: the running sum is reset *inside* the batch loop, so each "
                "epoch reports only its last batch. Set total = 0 once per epoch, before the batch loop.",
                broken_epoch_losses),
        Mistake("the running sum is never reset: each epoch carries the previous epochs' losses, so the curve "
                "only grows. Set total = 0 at the start of every epoch.", _never_reset),
        Mistake("the mean of the batch means weights a short last batch like a full one: add loss × batch size "
                "and divide by N.", _batch_means),
        Mistake("the sum is not divided by N: the epoch's loss is the mean over its examples.", _unnormalised),
        Mistake("the weighted sum is divided by the number of batches: after weighting each batch's loss by its "
                "size, divide by N, the number of examples.", _over_batch_count),
        Mistake("one loss per *batch* is appended: append once per epoch, after the batch loop "
                "(the list has `epochs` entries).", _every_batch),
        Mistake("this is the loss *after* the epoch (network.loss_for); the exercise asks for the running mean "
                "of the losses update_weights returns during the epoch.", _after_epoch),
        Mistake("the network is never trained: call network.update_weights(t_b, x_b) for every batch; it "
                "returns the batch's loss before its update.", _not_trained),
    ],
    output_hints={"losses": "losses[e] = Σ_batches update_weights(t_b, x_b) · len(x_b) / N, reset every epoch."}))


# -- case 7: state kept on the class -----------------------------------------------------------

class Network:
    """A fully connected network whose state (learning rate, weights) lives on each instance.

    num_nodes: layer sizes [n_0, …, n_L]; eta: learning rate; rng: Generator or seed.
    self.Ws[l-1] is (n_{l-1}+1)×n_l, uniform in ±1/√n_{l-1}, drawn in layer order.
    """

    def __init__(self, num_nodes, eta=0.1, rng=None):
        rng = as_generator(rng)
        self.eta = eta                                 # on self: `eta = eta` would set a local variable
        self.Ws = [rng.uniform(-1, 1, size=(a + 1, b)) / np.sqrt(a)  # a new list for every instance
                   for a, b in zip(num_nodes[:-1], num_nodes[1:])]

    def step(self, gradients):
        """W_l ← W_l − η ∂E/∂W_l for every layer, in place."""
        for W, gradient in zip(self.Ws, gradients):
            W -= self.eta * gradient


class BrokenNetwork:
    """The posted code: the learning rate and the weight list are class attributes."""

    eta = 0.1
    Ws = []

    def __init__(self, num_nodes, eta=0.1, rng=None):
        rng = as_generator(rng)
        eta = eta  # the bug: a local variable; self.eta stays the class's 0.1
        for a, b in zip(num_nodes[:-1], num_nodes[1:]):
            self.Ws.append(rng.uniform(-1, 1, size=(a + 1, b)) / np.sqrt(a))

    def step(self, gradients):
        for W, gradient in zip(self.Ws, gradients):
            W -= self.eta * gradient


def _class_attribute_eta(broken_list: bool):
    class Half(Network):
        eta = 0.1
        Ws = []

        def __init__(self, num_nodes, eta=0.1, rng=None):
            if broken_list:
                rng = as_generator(rng)
                self.eta = eta
                for a, b in zip(num_nodes[:-1], num_nodes[1:]):
                    self.Ws.append(rng.uniform(-1, 1, size=(a + 1, b)) / np.sqrt(a))
            else:
                Network.__init__(self, num_nodes, 0.1, rng)  # eta = eta: the class's 0.1 stays
    return Half


class _GlobalDraws(Network):
    def __init__(self, num_nodes, eta=0.1, rng=None):
        super().__init__(num_nodes, eta, None)   # ignores rng: seed 0 for every network


def fresh_class(cls):
    """A subclass of cls with its own deep copies of cls's data attributes (lists, arrays, numbers).

    Instances of it share state only with each other, never with cls: a demo or a
    check can run a class with class-level state without changing the class.
    """
    data = {k: copy.deepcopy(v) for k, v in vars(cls).items()
            if not k.startswith("__") and not callable(v) and not isinstance(v, (staticmethod, classmethod, property))}
    return type(cls.__name__, (cls,), data)


def _flat(Ws) -> np.ndarray:
    return np.concatenate([np.ravel(W) for W in Ws]) if len(Ws) else np.zeros(0)


def probe_class(cls):
    """A function the checker can call: builds two networks of ``cls`` and reports their state.

    Returns (eta of each, number of weight matrices of each, the shape of each of the first
    network's matrices, the first network's weights as built, the same after the second was
    built and took one step, the second's weights) — all arrays, each network's weights
    flattened into one vector (so the shapes are reported on their own).
    """
    @functools.wraps(cls, updated=())
    def probe(sizes_a, eta_a, seed_a, sizes_b, eta_b, seed_b):
        fresh = fresh_class(cls)  # every probe starts from the class as written, however often it runs
        a = fresh(sizes_a, eta_a, seed_a)
        a_as_built = _flat(a.Ws)
        b = fresh(sizes_b, eta_b, seed_b)
        b.step([np.ones_like(W) for W in b.Ws])
        shapes = np.array([np.shape(W) for W in a.Ws]) if all(np.ndim(W) == 2 for W in a.Ws) else np.zeros((0, 2))
        return (np.array([a.eta, b.eta]), np.array([len(a.Ws), len(b.Ws)]), shapes, a_as_built, _flat(a.Ws),
                _flat(b.Ws))
    return probe


def class_checked(name, cls):
    """``checked`` for an exercise that is a class: returns the student's class if it passes, else nblib's.

    Re-run safe like ``checked``: given nblib's class back (the check cell run again without
    re-running the class cell), it checks the student's class it stood in for, never the
    reference, so a wrong class never turns into ✅.
    """
    reference = CLASSES[name]
    student = _STOOD_IN_FOR.get(name, cls) if cls is reference else cls
    if isinstance(student, type):
        if not isinstance(checked(name, _probe_of(student)), StandIn):  # prints and records the verdict
            _STOOD_IN_FOR.pop(name, None)
            return student
    else:  # an instance, a function, None: say so instead of a confusing error from inside the probe
        what = (f"an instance of {type(student).__name__}" if hasattr(student, "__dict__") and not callable(student)
                else repr(student))
        result = RESULTS[name] = CheckResult(name, False, f"expected a class, got {what}: pass the class itself "
                                                          f"({name}), not {name}(...) or a function.", kind="usage")
        print(result)
        print(fallback_note(name))
    _STOOD_IN_FOR[name] = student
    return reference


_STOOD_IN_FOR: dict[str, object] = {}  # exercise name -> what the student gave, while nblib's class stands in
_probe_of = functools.lru_cache(maxsize=None)(probe_class)  # one probe per class: "not re-run" is noticed


CLASSES = {"Network": Network}
SHARED = ("every Network shares one list of weights: `Ws = []` in the class body is a class attribute, and "
          "self.Ws.append(...) appends to it. Create the list in __init__: self.Ws = [...].")
register(Exercise(
    "Network", probe_class(Network),
    [Case("Network([2, 3, 1], eta=0.5, rng=1), then Network([3, 2, 2], eta=0.2, rng=2)",
          ([2, 3, 1], 0.5, 1, [3, 2, 2], 0.2, 2)),
     Case("Network([2, 2], eta=0.3, rng=5), then Network([2, 2], eta=0.05, rng=6)", ([2, 2], 0.3, 5, [2, 2], 0.05, 6)),
     Case("Network([3, 2], eta=0.1, rng=None), then Network([2, 3, 2], eta=0.4, rng=7)",  # None: seed 0
          ([3, 2], 0.1, None, [2, 3, 2], 0.4, 7))],
    rebuild=probe_class,
    outputs=("eta", "layers", "the shape of each W of the first network", "Ws of the first network",
             "Ws of the first network after the second's step", "Ws of the second"),
    shapes=("2 numbers", "2 counts", "L×2: (rows, columns) of each W_l", "all weights", "all weights",
            "all weights"),
    mistakes=[
        Mistake("this is still the broken version: " + SHARED + " And `eta = eta` sets a local variable, "
                "not the instance's: write self.eta = eta.", probe_class(BrokenNetwork)),
        Mistake(SHARED, probe_class(_class_attribute_eta(broken_list=True))),
        Mistake("`eta = eta` inside __init__ sets a local variable; self.eta is still the class's 0.1. "
                "Write self.eta = eta.", probe_class(_class_attribute_eta(broken_list=False))),
        Mistake("rng is ignored: draw the weights from as_generator(rng), so two seeds give two networks.",
                probe_class(_GlobalDraws)),
    ],
    output_hints={"eta": "each network keeps the eta it was given: self.eta = eta.",
                  "layers": "each network has one weight matrix per layer, its own list: self.Ws = [...].",
                  "the shape of each W of the first network": "W_l is (n_{l-1}+1)×n_l: one row per input of the "
                                                                "layer plus the bias row 0, one column per unit.",
                  "Ws of the first network": "W_l = rng.uniform(-1, 1, size=(n_{l-1}+1, n_l)) / √n_{l-1}, in "
                                             "layer order, from as_generator(rng).",
                  "Ws of the first network after the second's step": "the first network's weights changed when "
                                                                     "the second one was built or stepped: they "
                                                                     "share arrays.",
                  "Ws of the second": "W_l = rng.uniform(-1, 1, size=(n_{l-1}+1, n_l)) / √n_{l-1}, in layer "
                                      "order, from as_generator(rng)."}))


# -- case 8: initialisation --------------------------------------------------------------------

def init_weights(num_nodes, rng):
    """[W_1, …, W_L] with W_l (n_{l-1}+1)×n_l = rng.uniform(-1, 1, size=…) / √n_{l-1}, drawn in layer order."""
    return [rng.uniform(-1, 1, size=(a + 1, b)) / np.sqrt(a) for a, b in zip(num_nodes[:-1], num_nodes[1:])]


def broken_init_weights(num_nodes, rng):
    """The posted code: every weight 0."""
    return [np.zeros((a + 1, b)) for a, b in zip(num_nodes[:-1], num_nodes[1:])]


def _layers(make):
    return lambda num_nodes, rng: [make(rng, a, b) for a, b in zip(num_nodes[:-1], num_nodes[1:])]


def _zero_bias(rng, a, b):
    W = rng.uniform(-1, 1, size=(a + 1, b)) / np.sqrt(a)
    W[0] = 0
    return W


SYMMETRY = ("identical weights make identical units: every hidden unit computes the same value and gets the same "
            "gradient, so they stay identical for ever. Break the symmetry with random weights: ")
DRAW = "W_l = rng.uniform(-1, 1, size=(n_{l-1}+1, n_l)) / √n_{l-1}."
register(Exercise(
    "init_weights", init_weights,
    [Case(f"num_nodes={sizes}", (sizes, np.random.default_rng(seed)))
     for sizes, seed in [([2, 3, 1], 1), ([4, 5, 3, 2], 2), ([1, 1], 3)]],
    outputs=("Ws",), shapes=("(n_{l-1}+1)×n_l",), sequences=True,
    mistakes=[
        Mistake("this is still the broken version: all weights are 0. " + SYMMETRY + DRAW, broken_init_weights),
        Mistake("all weights have one value. " + SYMMETRY + DRAW, _layers(lambda rng, a, b: np.full((a + 1, b), 0.5))),
        Mistake("all weights are 1. " + SYMMETRY + DRAW, _layers(lambda rng, a, b: np.ones((a + 1, b)))),
        Mistake("the draws are not scaled: divide by √n_{l-1} (the fan-in) so that z_raw stays of order 1.",
                _layers(lambda rng, a, b: rng.uniform(-1, 1, size=(a + 1, b)))),
        Mistake("scaled by the fan-out √n_l; the scale is 1/√n_{l-1}, the number of inputs of each unit.",
                _layers(lambda rng, a, b: rng.uniform(-1, 1, size=(a + 1, b)) / np.sqrt(b))),
        Mistake("scaled by √(n_{l-1}+1): the bias row does not count in the fan-in, divide by √n_{l-1}.",
                _layers(lambda rng, a, b: rng.uniform(-1, 1, size=(a + 1, b)) / np.sqrt(a + 1))),
        Mistake("normal draws: this exercise asks for rng.uniform(-1, 1, …) / √n_{l-1} (both break the symmetry, "
                "but the check needs the same numbers).",
                _layers(lambda rng, a, b: rng.normal(size=(a + 1, b)) / np.sqrt(a))),
        Mistake("zeroing the bias row is fine in general, but this exercise asks for the whole matrix from "
                "rng.uniform(-1, 1, …) / √n_{l-1}.", _layers(_zero_bias)),
    ],
    shape_hint="W_l has a bias row: (n_{l-1}+1)×n_l, e.g. 3×3 for 2 inputs and 3 units.",
    output_hints={"Ws": DRAW + " Use the rng argument, in layer order."}))


# -- case 9: unscaled inputs ---------------------------------------------------------------

def scale_pixels(images):
    """8-bit pixels (any shape, 0..255, integer or float) → float64 in [0, 1]: divide by 255."""
    return np.asarray(images, dtype=np.float64) / 255


def broken_scale_pixels(images):
    """The posted code: the pixels go in raw."""
    return np.asarray(images, dtype=np.float64)


def _pixel_cases():
    rng = np.random.default_rng(99)
    return [Case("3×4 uint8 pixels 0..255", (rng.integers(0, 256, size=(3, 4)).astype(np.uint8),)),
            Case("1×5 uint8 pixels, darkest 200", (np.array([[0, 7, 120, 200, 31]], dtype=np.uint8),)),
            Case("2×2×2 float pixels", (rng.integers(0, 256, size=(2, 2, 2)).astype(np.float64),)),
            Case("2×3 float32 pixels", (rng.integers(0, 256, size=(2, 3)).astype(np.float32),)),
            Case("2×2 float pixels with fractions (resampled images)", (np.array([[0.5, 127.25], [254.75, 3.5]]),)),
            Case("1×4 uint8 pixels of a dark image, 0 and 1 only", (np.array([[0, 1, 0, 1]], dtype=np.uint8),))]


register(Exercise(
    "scale_pixels", scale_pixels, _pixel_cases(), outputs=("x",), shapes=("the shape of images",),
    mistakes=[
        Mistake("this is still the broken version: the pixels are not scaled (0..255). Divide by 255.",
                broken_scale_pixels),
        Mistake("// is integer division: every pixel becomes 0 (or 1 for 255). Use / 255.",
                lambda images: np.asarray(images) // 255),
        Mistake("dividing by this batch's maximum makes the scale depend on the batch (a faint image is "
                "stretched): divide by the fixed 255.", lambda images: images / np.max(images)),
        Mistake("8-bit pixels go up to 255, not 256: divide by 255 so that white is exactly 1.",
                lambda images: np.asarray(images) / 256),
        Mistake("that standardises each batch (mean 0, std 1): this exercise asks for [0, 1], pixels / 255.",
                lambda images: (images - np.mean(images)) / np.std(images)),
        Mistake("that is [−1, 1]: this exercise asks for [0, 1], pixels / 255.",
                lambda images: np.asarray(images) / 127.5 - 1),
        Mistake("the fractions are cut off: an integer type (astype(np.uint8), astype(int)) before dividing turns "
                "127.25 into 127. Convert to float64, np.asarray(images, dtype=np.float64), then divide.",
                lambda images: np.asarray(images).astype(np.int64) / 255),
        Mistake("min-max scaling uses this batch's own darkest and brightest pixel, so the same pixel value maps "
                "to different inputs in different batches: divide by the fixed 255.",
                lambda images: (np.asarray(images, float) - np.min(images)) / (np.max(images) - np.min(images))),
    ],
    output_hints={"x": "x = images / 255, as float64."}, exact_dtype=True))  # the stub promises float64


# -- case 10: optimising the input ------------------------------------------------------------

def maximise_output(network, x, unit=0, eta=0.5, steps=50):
    """Gradient *ascent* on output ``unit`` with respect to the inputs, kept in [0, 1] by projection.

    x N×n_0 in [0, 1], the starting inputs (not changed). Each step: x ← clip(x + η ∂y_unit/∂x, 0, 1),
    with ∂y_unit/∂x = input_gradient(network, x, unit). Returns the final x, N×n_0.
    """
    for _ in range(steps):
        x = np.clip(x + eta * input_gradient(network, x, unit), 0, 1)   # step, then project
    return x


def broken_maximise_output(network, x, unit=0, eta=0.5, steps=50):
    """The posted code: unconstrained ascent, x walks off the valid range."""
    for _ in range(steps):
        x = x + eta * input_gradient(network, x, unit)
    return x


def _clip_at_end(network, x, unit=0, eta=0.5, steps=50):
    return np.clip(broken_maximise_output(network, x, unit, eta, steps), 0, 1)


def _clip_first(network, x, unit=0, eta=0.5, steps=50):
    for _ in range(steps):
        x = np.clip(x, 0, 1)
        x = x + eta * input_gradient(network, x, unit)
    return x


def _descent(network, x, unit=0, eta=0.5, steps=50):
    for _ in range(steps):
        x = np.clip(x - eta * input_gradient(network, x, unit), 0, 1)
    return x


def _symmetric(network, x, unit=0, eta=0.5, steps=50):
    for _ in range(steps):
        x = np.clip(x + eta * input_gradient(network, x, unit), -1, 1)
    return x


def _sign_steps(network, x, unit=0, eta=0.5, steps=50):
    for _ in range(steps):
        x = np.clip(x + eta * np.sign(input_gradient(network, x, unit)), 0, 1)
    return x


def _input_cases():
    """Networks steep enough (weights ×3) that unconstrained ascent leaves [0, 1] and clipping matters."""
    cases = []
    for sizes, seed, unit, eta, steps in [([2, 4, 1], 0, 0, 0.5, 30), ([3, 5, 2], 0, 1, 0.5, 20),
                                          ([2, 3, 3, 2], 5, 0, 0.3, 25), ([2, 6, 1], 1, 0, 0.2, 30)]:
        network = NeuralNetwork(sizes, rng=seed)
        network.Ws = [W * 3 for W in network.Ws]
        x = np.random.default_rng(seed).uniform(0.2, 0.8, size=(3, sizes[0]))
        cases.append(Case(f"num_nodes={sizes}, N=3, unit={unit}, eta={eta}, steps={steps}",
                          (network, x, unit, eta, steps)))
    return cases


register(Exercise(
    "maximise_output", maximise_output, _input_cases(), outputs=("x",), shapes=("N×n_0",),
    mistakes=[
        Mistake("this is still the broken version: nothing keeps x in [0, 1], so it walks off the valid "
                "range. Project after every step: x = np.clip(x + η·gradient, 0, 1).", broken_maximise_output),
        Mistake("clipping once at the end is not projected gradient ascent: the path has already left [0, 1] "
                "and its gradients came from invalid inputs. Clip after *every* step.", _clip_at_end),
        Mistake("the clip comes before the step, so the returned x is outside [0, 1]: step, then clip.",
                _clip_first),
        Mistake("that is gradient *descent*: to maximise the output, step along +∂y/∂x.", _descent),
        Mistake("the valid range is [0, 1] (pixel intensities), not [−1, 1]: np.clip(x, 0, 1).", _symmetric),
        Mistake("sign steps (η·sign(gradient)) are another method; this exercise takes plain steps "
                "x + η·∂y/∂x.", _sign_steps),
    ],
    output_hints={"x": "for each step: x = np.clip(x + eta * input_gradient(network, x, unit), 0, 1)."}))
