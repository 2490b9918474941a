"""Layers as forward/backward pairs, and the spiral's two classifiers (notebook 07).

The CS231n view of backpropagation: every layer is a pair of functions,

    out, cache = layer_forward(inputs...)        # remembers what its backward needs
    d_inputs...  = layer_backward(dout, cache)   # dout = ∂E/∂out, same shape as out

and a network is their composition: forward through the layers, then backward
through them in reverse order, each backward turning ∂E/∂(its output) into
∂E/∂(its inputs and parameters). This notebook uses the separate-bias notation
S = X·W + b of the source (X N×D, W D×M, b (M,)); the course's bias-row
matrices are W_course = [b; W], (D+1)×M, with [1, X]·[b; W] = X·W + b.

Parameters of the spiral networks are dicts {"W1": D×H, "b1": (H,), "W2": H×K,
"b2": (K,)} (the linear softmax classifier: {"W": D×K, "b": (K,)}); labels are
integer class indices (N,). L2 penalises the weights, never the biases:
E = data loss + λ/2 Σ‖W‖², so ∂/∂W gains + λW.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

import numpy as np

from .activations import relu, sigmoid
from .gradcheck import _bucket, relative_error
from .losses import log_softmax, softmax
from .randomness import as_generator

Params = dict[str, np.ndarray]
HIDDEN = {"relu": relu, "logistic": sigmoid}


# -- the layers -----------------------------------------------------------------------

def affine_forward(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """The dense layer S = X·W + b: x N×D, W D×M, b (M,) → out N×M, cache (x, W, b)."""
    return x @ W + b, (x, W, b)


def affine_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The dense layer's backward: dout = ∂E/∂S (N×M), cache (x, W, b) from affine_forward.

    Returns (dx, dW, db): dx = dS·Wᵀ (N×D), dW = Xᵀ·dS (D×M), db = 1ᵀ·dS, the column sums (M,).
    """
    x, W, b = cache
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout.sum(axis=0)
    return dx, dW, db


def relu_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """max(0, x) elementwise, any shape; the cache is the input x (the raw value)."""
    return relu(x), x


def relu_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """dx = dout ∘ [x > 0], the shape of x: the gradient passes where the unit was on."""
    return dout * (cache > 0)


def logistic_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """σ(x) = 1/(1 + e^−x) elementwise, any shape; the cache is the output a = σ(x)."""
    a = sigmoid(x)
    return a, a


def logistic_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """dx = dout ∘ σ'(x), with σ'(x) = a(1 − a) written in terms of the cached output a."""
    return dout * cache * (1 - cache)


def softmax_cross_entropy_forward(scores: np.ndarray, labels: np.ndarray) -> tuple[float, tuple]:
    """Mean cross-entropy E = −(1/N) Σ_n log p_{n, labels[n]}, p = softmax(scores) (N×K).

    labels (N,) integer class indices. Returns (E, cache (p, labels)).
    """
    n = len(scores)
    loss = -float(np.sum(log_softmax(scores)[np.arange(n), labels])) / n
    return loss, (softmax(scores), labels)


def softmax_cross_entropy_backward(dout: float, cache: tuple) -> np.ndarray:
    """∂E/∂scores = dout · (p − t)/N, N×K (t the one-hot labels); dout = ∂(final)/∂E, 1 for the loss itself."""
    p, labels = cache
    dscores = p.copy()
    dscores[np.arange(len(p)), labels] -= 1
    return dscores * (dout / len(p))


# -- the exercises' reference solutions -----------------------------------------------------

def softmax_loss_gradient(scores: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Softmax cross-entropy of N×K scores against (N,) integer labels, and its gradient.

    Returns (loss, dscores): loss = −(1/N) Σ_n log p_{n, labels[n]} with p = softmax(scores);
    dscores = ∂loss/∂scores = (p − t)/N, N×K, where t is 1 at each row's true class, else 0.
    """
    n = len(scores)
    log_probs = log_softmax(scores)  # s − max − log Σ e^(s − max): finite even where p underflows to 0
    loss = -np.sum(log_probs[np.arange(n), labels]) / n
    dscores = np.exp(log_probs)      # p, a new array
    dscores[np.arange(n), labels] -= 1
    dscores /= n
    return loss, dscores


def hidden_backward(dz: np.ndarray, z: np.ndarray, x: np.ndarray, W1: np.ndarray, l2: float,
                    activation: str = "relu") -> tuple[np.ndarray, np.ndarray]:
    """The hidden layer's backward, z = σ(x·W1 + b1), given its activation z (as the source keeps it).

    dz: ∂E/∂z, N×H; z: N×H activations; x: N×D inputs; W1: D×H; l2: the L2 strength λ;
    activation: "relu" or "logistic". σ' is a function of the raw value, written here in terms
    of z: [z > 0] for ReLU, z(1 − z) for the logistic function.
    Returns (dW1, db1): dW1 = xᵀ·dz_raw + λ·W1 (D×H), db1 = column sums of dz_raw (H,),
    with dz_raw = dz ∘ σ'.
    """
    sigma_prime = (z > 0) if activation == "relu" else z * (1 - z)
    dz_raw = dz * sigma_prime
    return x.T @ dz_raw + l2 * W1, dz_raw.sum(axis=0)


def trapped_hidden_backward(dz: np.ndarray, z: np.ndarray, x: np.ndarray, W1: np.ndarray, l2: float,
                            activation: str = "relu") -> tuple[np.ndarray, np.ndarray]:
    """The source's trap: g_prime(hidden_layer), the derivative *function* applied to the output z.

    Right for ReLU (relu'(relu(a)) = relu'(a)); wrong for the logistic function, where it gives
    σ'(σ(a)) instead of σ'(a). Same signature as ``hidden_backward``.
    """
    if activation == "relu":
        g_prime = (z > 0).astype(z.dtype)            # relu'(z): right, by luck
    else:
        s = sigmoid(z)
        g_prime = s * (1 - s)                        # σ'(z) = σ'(σ(z_raw)): wrong
    dz_raw = dz * g_prime
    return x.T @ dz_raw + l2 * W1, dz_raw.sum(axis=0)


# -- the two classifiers --------------------------------------------------------------------

def init_softmax_classifier(n_in: int, n_classes: int, rng: np.random.Generator | int | None = None) -> Params:
    """W = 0.01·N(0, 1) (D×K), b = 0 (K,), as the source."""
    rng = as_generator(rng)
    return {"W": 0.01 * rng.standard_normal((n_in, n_classes)), "b": np.zeros(n_classes)}


def init_two_layer(n_in: int, n_hidden: int, n_classes: int, rng: np.random.Generator | int | None = None) -> Params:
    """W1 D×H, W2 H×K drawn as 0.01·N(0, 1), biases 0, as the source."""
    rng = as_generator(rng)
    return {"W1": 0.01 * rng.standard_normal((n_in, n_hidden)), "b1": np.zeros(n_hidden),
            "W2": 0.01 * rng.standard_normal((n_hidden, n_classes)), "b2": np.zeros(n_classes)}


def scores_for(params: Params, x: np.ndarray, activation: str = "relu") -> np.ndarray:
    """The class scores, N×K, of either classifier (linear if params has "W", else two-layer)."""
    if "W" in params:
        return x @ params["W"] + params["b"]
    z = HIDDEN[activation](x @ params["W1"] + params["b1"])
    return z @ params["W2"] + params["b2"]


def accuracy(params: Params, x: np.ndarray, labels: np.ndarray, activation: str = "relu") -> float:
    """Fraction of rows whose largest score is at the true label."""
    return float(np.mean(np.argmax(scores_for(params, x, activation), axis=1) == labels))


def l2_penalty(params: Params, l2: float) -> float:
    """λ/2 · Σ‖W‖² over the weight matrices (the names starting with W), never the biases."""
    return 0.5 * l2 * sum(float(np.sum(v * v)) for k, v in params.items() if k.startswith("W"))


def softmax_classifier_gradients(params: Params, x: np.ndarray, labels: np.ndarray, l2: float = 1e-3, *,
                                 loss_gradient: Callable = softmax_loss_gradient,
                                 dense_backward: Callable = affine_backward, **_) -> tuple[float, Params]:
    """Loss (data + L2) and gradients of the linear softmax classifier S = X·W + b."""
    scores, cache = affine_forward(x, params["W"], params["b"])
    data_loss, dscores = loss_gradient(scores, labels)
    _, dW, db = dense_backward(dscores, cache)
    return float(data_loss) + l2_penalty(params, l2), {"W": dW + l2 * params["W"], "b": db}


def two_layer_gradients(params: Params, x: np.ndarray, labels: np.ndarray, l2: float = 1e-3,
                        activation: str = "relu", *, loss_gradient: Callable = softmax_loss_gradient,
                        dense_backward: Callable = affine_backward,
                        hidden_backward: Callable = hidden_backward) -> tuple[float, Params]:
    """The source's hand-written loop: loss (data + L2) and ∂loss/∂(W1, b1, W2, b2).

    Forward: z = σ(x·W1 + b1) (N×H), scores = z·W2 + b2 (N×K). Backward: dscores (N×K) from
    loss_gradient, then (dz, dW2, db2) from dense_backward, then (dW1, db1) from hidden_backward,
    which is given the activation z. The three are the notebook's exercises.
    """
    z = HIDDEN[activation](x @ params["W1"] + params["b1"])
    scores, cache = affine_forward(z, params["W2"], params["b2"])
    data_loss, dscores = loss_gradient(scores, labels)
    dz, dW2, db2 = dense_backward(dscores, cache)
    dW1, db1 = hidden_backward(dz, z, x, params["W1"], l2, activation)
    grads = {"W1": dW1, "b1": db1, "W2": dW2 + l2 * params["W2"], "b2": db2}
    return float(data_loss) + l2_penalty(params, l2), grads


def layered_gradients(params: Params, x: np.ndarray, labels: np.ndarray, l2: float = 1e-3,
                      activation: str = "relu") -> tuple[float, Params]:
    """The same network composed from the layer pairs: affine → σ → affine → softmax-CE, then back."""
    nonlinearity = {"relu": (relu_forward, relu_backward), "logistic": (logistic_forward, logistic_backward)}
    forward, backward = nonlinearity[activation]
    s1, affine1 = affine_forward(x, params["W1"], params["b1"])
    z, hidden = forward(s1)
    scores, affine2 = affine_forward(z, params["W2"], params["b2"])
    loss, output = softmax_cross_entropy_forward(scores, labels)
    dscores = softmax_cross_entropy_backward(1.0, output)   # "p − t" is just this layer's backward
    dz, dW2, db2 = affine_backward(dscores, affine2)
    _, dW1, db1 = affine_backward(backward(dz, hidden), affine1)
    grads = {"W1": dW1 + l2 * params["W1"], "b1": db1, "W2": dW2 + l2 * params["W2"], "b2": db2}
    return loss + l2_penalty(params, l2), grads


def gradient_descent_steps(params: Params, gradients: Callable[[Params], tuple[float, Params]],
                           eta: float = 1.0, iterations: int = 200) -> Iterator[float]:
    """Update params in place, p ← p − η ∂loss/∂p, ``iterations`` times; yields each step's loss (before it).

    gradients(params) → (loss, grads dict with the keys of params).
    """
    for _ in range(iterations):
        loss, grads = gradients(params)
        for name, g in grads.items():
            params[name] -= eta * g
        yield loss


def train(params: Params, gradients: Callable, eta: float = 1.0, iterations: int = 200) -> np.ndarray:
    """Run ``gradient_descent_steps`` to the end; returns the loss curve, (iterations,)."""
    return np.array(list(gradient_descent_steps(params, gradients, eta, iterations)))


# -- reading gradients ---------------------------------------------------------------------

def to_bias_row(W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The course's bias-row matrix [b; W], (D+1)×M, from the separate W (D×M) and b (M,)."""
    return np.vstack([b[None, :], W])


def compare_gradients(mine: Params, reference: Params, floor: float = 1e-7) -> str:
    """One line per parameter: shape, relative error ‖a − b‖/(‖a‖ + ‖b‖) and a verdict, as text.

    Errors below ``floor`` print as "< 1e-7" (round-off differs between machines);
    larger ones with two significant digits.
    """
    lines = [f"{'parameter':<11}{'shape':<9}{'relative error':<16}verdict"]
    for name, g in reference.items():
        error = relative_error(mine[name], g)
        shown = _bucket(error, floor) if error < floor else f"{error:.2g}"
        verdict = "same ✅" if error < floor else "close ⚠️" if error < 1e-3 else "different ❌"
        lines.append(f"{name:<11}{'×'.join(map(str, g.shape)):<9}{shown:<16}{verdict}")
    return "\n".join(lines)


def _probe(forward: Callable, inputs: list, dout: np.ndarray) -> float:
    """Σ out ∘ dout: a scalar whose gradient with respect to each input is what backward returns."""
    return float(np.sum(forward(*inputs)[0] * dout))


def layer_gradient_check_table(rng: np.random.Generator | int | None = None, h: float = 1e-5) -> str:
    """Every layer pair's backward vs central differences, one line per (layer, input), as text.

    Each layer runs on random float64 inputs; its output is dotted with a random dout, so that
    ∂(Σ out ∘ dout)/∂input is exactly what backward(dout, cache) must return.
    """
    from .gradcheck import numerical_gradient

    rng = as_generator(rng)
    x, W, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
    scores, labels = rng.normal(size=(5, 4)), rng.integers(0, 4, 5)
    layers = [("affine", affine_forward, affine_backward, {"x": x, "W": W, "b": b}),
              ("relu", relu_forward, relu_backward, {"x": x + np.sign(x) * 0.01}),  # off the kink
              ("logistic", logistic_forward, logistic_backward, {"x": x}),
              ("softmax-CE", lambda s: softmax_cross_entropy_forward(s, labels), softmax_cross_entropy_backward,
               {"scores": scores})]
    lines = [f"{'layer':<12}{'input':<8}{'shape':<7}{'relative error':<16}verdict"]
    for name, forward, backward, inputs in layers:
        out, cache = forward(*inputs.values())
        dout = rng.normal(size=np.shape(out))
        grads = backward(dout, cache)
        grads = grads if isinstance(grads, tuple) else (grads,)
        for (input_name, a), g in zip(inputs.items(), grads):
            probe = partial(_probe, forward, list(inputs.values()), dout)
            numeric = numerical_gradient(probe, a, h)
            error = relative_error(g, numeric)
            verdict = "exact ✅" if error < 1e-7 else "wrong ❌"
            lines.append(f"{name:<12}{input_name:<8}{'×'.join(map(str, a.shape)):<7}{_bucket(error):<16}{verdict}")
    return "\n".join(lines)
