"""The N-layer ``NeuralNetwork`` (notebook 04), the engine of notebooks 05–06.

Layers are numbered 0 (input) to L (output); ``Ws[l-1]`` maps layer l−1 to
layer l and has shape (n_{l-1}+1)×n_l, bias in row 0. For a batch of N rows:

    feed-forward     z_raw_l = [1, z_{l-1}] · W_l,     z_l = σ(z_raw_l),   z_0 = x
    backpropagation  δ_L = ∂E/∂z_raw_L,                 δ_l = (δ_{l+1} · W_{l+1}[1:]ᵀ) ∘ σ'(z_raw_l)
    weight update    W_l ← W_l − η/N · [1, z_{l-1}]ᵀ · δ_l

Inverted dropout (training only): each hidden layer's output is multiplied by a
mask m_l = b_l / p_l, b_l a fresh N×n_l draw of 0/1 with P(1) = p_l (the keep
probability), so z_l = σ(z_raw_l) ∘ m_l has the same expected value as without
dropout and prediction needs no change. Since ∂z_l/∂z_raw_l = m_l ∘ σ'(z_raw_l),
the same mask multiplies the delta: δ_l = (δ_{l+1} · W_{l+1}[1:]ᵀ) ∘ m_l ∘ σ'(z_raw_l).

``zs`` and ``z_raws`` both start with the input x (index 0), so that index l is
layer l in every list and the loops read like the equations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from .activations import Activation, activation_named, derivative, relu, sigmoid, unchecked
from .losses import _binary_cross_entropy, _probabilities, _softmax_cross_entropy, _squared_error, softmax
from .randomness import as_generator
from .update import _errors_for
from .validation import (
    as_count,
    as_float_dtype,
    as_function,
    as_layer_sizes,
    as_matrix,
    as_targets,
    check_hyperparameters,
    check_layers,
    entry_point,
    same_shape,
)


def feed_forward(x: np.ndarray, Ws: Sequence[np.ndarray], activation_function: Activation = np.tanh,
                 output_activation: Activation | None = None,
                 masks: Sequence[np.ndarray | None] | None = None) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The N-layer forward loop: returns ``(zs, z_raws)``, each a list of L+1 arrays.

    x N×n_0; Ws[l-1] (n_{l-1}+1)×n_l. zs[0] = z_raws[0] = x; for l = 1..L,
    z_raws[l] = [1, zs[l-1]] · W_l (N×n_l) and zs[l] = σ(z_raws[l]), with
    output_activation (default: the same σ) on the last layer.
    masks: dropout masks for the hidden layers 1..L−1 (masks[l-1] N×n_l, already
    divided by the keep probability, or None for no dropout there); zs[l] is then σ(z_raws[l]) ∘ masks[l-1].
    """
    zs, z_raws = [x], [x]
    for l, W in enumerate(Ws, start=1):
        # [1, z] · W computed as z · W[1:] + W[0]: the same sum, but without copying
        # z into a new N×(n+1) array on every layer of every step.
        z_raw = zs[-1] @ W[1:]
        z_raw += W[0]
        z_raws.append(z_raw)
        sigma = output_activation if (l == len(Ws) and output_activation) else activation_function
        z = sigma(z_raw)
        if masks is not None and l < len(Ws) and masks[l - 1] is not None:
            z = z * masks[l - 1]  # a new array: σ may return z_raw itself (identity)
        zs.append(z)
    return zs, z_raws


def backpropagate(delta_L: np.ndarray, z_raws: Sequence[np.ndarray], Ws: Sequence[np.ndarray],
                  activation_function: Activation = np.tanh,
                  masks: Sequence[np.ndarray | None] | None = None) -> list[np.ndarray]:
    """The N-layer delta loop: returns [δ_1, ..., δ_L], δ_l N×n_l (index l−1 is layer l).

    delta_L N×n_L is the output delta; z_raws as ``feed_forward`` returns them. Going
    back, δ_l = (δ_{l+1} · W_{l+1}[1:]ᵀ) ∘ σ'(z_raw_l): W[1:] drops the bias row, since
    the bias unit has no incoming weights and so receives no delta. masks: the dropout
    masks the forward pass used; the same mask multiplies δ_l.
    """
    sigma_prime = derivative(activation_function)
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):  # hidden layers L−1, ..., 1
        W_next = Ws[l]  # W_{l+1}: the list is 0-based, the layers 1-based
        delta = deltas[0] @ W_next[1:].T
        if masks is not None and masks[l - 1] is not None:
            delta *= masks[l - 1]
        delta *= sigma_prime(z_raws[l])
        deltas.insert(0, delta)
    return deltas


def _check_forward(x, Ws, activation_function=np.tanh, output_activation=None, masks=None):
    x, Ws = check_layers(x, Ws)
    if output_activation is not None:
        as_function("output_activation", output_activation)
    return x, Ws, as_function("activation_function", activation_function), output_activation, masks


def _check_backward(delta_L, z_raws, Ws, activation_function=np.tanh, masks=None):
    if not isinstance(z_raws, (list, tuple)) or not isinstance(Ws, (list, tuple)) or len(z_raws) != len(Ws) + 1:
        raise TypeError(f"z_raws must be the list of L+1 raw values feed_forward returns (index 0 is x), one more "
                        f"than the L weight matrices in Ws; got {type(z_raws).__name__} and {type(Ws).__name__}")
    x, Ws = check_layers(z_raws[0], Ws, dims="N×n_0")
    z_raws = [x] + [same_shape(f"z_raws[{l}]", z, np.empty((len(x), W.shape[1])), f"N×n_{l} = {len(x)}×{W.shape[1]}")
                    for l, (z, W) in enumerate(zip(z_raws[1:], Ws), start=1)]
    delta_L = as_matrix("delta_L", delta_L, rows=len(x), cols=Ws[-1].shape[1], dims="N×n_L")
    return delta_L, z_raws, Ws, as_function("activation_function", activation_function), masks


# The public functions check their arguments once; NeuralNetwork's updates call the unchecked cores.
feed_forward, _feed_forward = entry_point(feed_forward, _check_forward)
backpropagate, _backpropagate = entry_point(backpropagate, _check_backward)


@dataclass(frozen=True)
class Loss:
    """A loss, the output layer it pairs with, and how the output delta is formed.

    value(y_raw, y, t) → mean loss over the batch. With ``raw_delta`` the output
    delta is y − t (cross-entropy with its matching output); otherwise it is
    (y − t) ∘ σ'(y_raw) (squared error).
    """

    value: Callable[[np.ndarray, np.ndarray, np.ndarray], float]
    output: Activation | None  # None: the hidden activation (or output_activation)
    raw_delta: bool


LOSSES: dict[str, Loss] = {
    "squared_error": Loss(lambda y_raw, y, t: _squared_error(y, t), None, False),
    "binary_cross_entropy": Loss(lambda y_raw, y, t: _binary_cross_entropy(y_raw, t), sigmoid, True),
    "softmax_cross_entropy": Loss(lambda y_raw, y, t: _softmax_cross_entropy(y_raw, t), softmax, True),
}


@dataclass(frozen=True)
class NetworkStep:
    """What ``NeuralNetwork.train`` yields after each update."""

    epoch: int    # 1-based
    step: int     # 1-based count of updates
    loss: float   # on this update's batch, before the update


class NeuralNetwork:
    """A fully connected network of any depth, trained by backpropagation.

    num_nodes: layer sizes [n_0 (inputs), n_1, ..., n_L (outputs)], at least 2.
    activation_function: hidden-layer σ (a function or "tanh"/"sigmoid"/"relu"/"identity").
    loss: "squared_error" (output σ = output_activation or the hidden σ),
    "binary_cross_entropy" (sigmoid output) or "softmax_cross_entropy" (softmax output).
    eta: learning rate; momentum: heavy-ball coefficient (0 = plain gradient descent);
    l1, l2: penalties on the weights, never on the bias row;
    dropout: the probability of dropping a hidden unit's output during training, one rate
    for every hidden layer or one per hidden layer (0 = off; never at prediction);
    dtype: float64 (exact gradient checks) or float32 (speed); rng: Generator or seed,
    first for the initial weights, then for the dropout masks.
    """

    def __init__(self, num_nodes: Sequence[int] = (2, 2, 1),
                 activation_function: Activation | str = np.tanh, eta: float = 0.1, *,
                 loss: str = "squared_error", output_activation: Activation | str | None = None,
                 momentum: float = 0.0, l1: float = 0.0, l2: float = 0.0,
                 dropout: float | Sequence[float] = 0.0,
                 dtype=np.float64, rng: np.random.Generator | int | None = None):
        num_nodes = as_layer_sizes("num_nodes", num_nodes)
        if not isinstance(loss, str) or loss not in LOSSES:
            raise ValueError(f"unknown loss {loss!r}: expected one of {sorted(LOSSES)}")
        self.num_nodes = num_nodes
        self.activation_function = activation_named(activation_function)
        self.loss = loss
        self.output_activation = (LOSSES[loss].output
                                  or activation_named(output_activation or self.activation_function))
        check_hyperparameters(eta=eta, momentum=momentum, l1=l1, l2=l2)
        self.eta, self.momentum, self.l1, self.l2 = eta, momentum, l1, l2
        self.dropout = dropout_rates(dropout, len(num_nodes) - 2)
        self.dtype = as_float_dtype("dtype", dtype)
        self.rng = as_generator(rng)
        self.Ws = initial_weights(num_nodes, self.activation_function, self.rng, self.dtype)
        self.velocities = [np.zeros_like(W) for W in self.Ws]

    # -- feed-forward ------------------------------------------------------
    def activations_for(self, x: np.ndarray, masks: list[np.ndarray | None] | None = None,
                        ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Returns ``(zs, z_raws)``, each L+1 arrays; zs[l], z_raws[l] are N×n_l, index 0 is x.

        masks: dropout masks as ``dropout_masks`` draws them (None: no dropout, as at prediction).
        """
        return _feed_forward(self._inputs(x), self.Ws, unchecked(self.activation_function),
                             unchecked(self.output_activation), masks)

    def dropout_masks(self, n: int) -> list[np.ndarray | None] | None:
        """Fresh inverted-dropout masks for a batch of n rows: one per hidden layer, n×n_l,
        each entry 0 (dropped, probability ``dropout``) or 1/keep; None when dropout is off."""
        if not any(self.dropout):
            return None
        masks = []
        for rate, n_l in zip(self.dropout, self.num_nodes[1:-1]):
            keep = 1.0 - rate
            masks.append(None if rate == 0 else
                         (self.rng.random((n, n_l), dtype=self.dtype) < keep) * self.dtype.type(1 / keep))
        return masks

    def predictions_for(self, x: np.ndarray) -> np.ndarray:
        """The network's output z_L, N×n_L."""
        return self.activations_for(x)[0][-1]

    # -- backpropagation -----------------------------------------------------
    def deltas_for(self, t: np.ndarray, zs: list[np.ndarray], z_raws: list[np.ndarray],
                   masks: list[np.ndarray | None] | None = None) -> list[np.ndarray]:
        """Returns the L deltas [δ_1, ..., δ_L], δ_l N×n_l (index l−1 is layer l).

        masks: the dropout masks the forward pass used (None: no dropout)."""
        y, y_raw = zs[-1], z_raws[-1]
        delta = y - np.asarray(self._targets(t, len(y)), dtype=y.dtype)  # float64 t must not upcast float32
        if not LOSSES[self.loss].raw_delta:
            delta *= derivative(self.output_activation)(y_raw)
        return _backpropagate(delta, z_raws, self.Ws, self.activation_function, masks)

    def gradients_for(self, deltas: list[np.ndarray], zs: list[np.ndarray]) -> list[np.ndarray]:
        """∂E/∂W_l for every layer, batch-averaged, penalties included; shapes of Ws."""
        return self._scaled_gradients(deltas, zs, 1.0)

    def _scaled_gradients(self, deltas: list[np.ndarray], zs: list[np.ndarray], scale: float) -> list[np.ndarray]:
        """scale · ∂E/∂W_l for every layer: scale/N · [1, z_{l-1}]ᵀ · δ_l (+ penalties).

        ``gradient_descent`` passes scale = η, so that η/N multiplies the small
        N×n_l delta once instead of the large (n_{l-1}+1)×n_l gradient twice.
        """
        n = len(zs[0])
        l1, l2 = float(self.l1), float(self.l2)  # Python floats: a NumPy float64 would upcast float32
        nabla_ws = []
        for W, delta, z_prev in zip(self.Ws, deltas, zs[:-1]):
            delta = delta * (scale / n)
            nabla_w = np.empty_like(W)
            # [1, z]ᵀ · δ without building [1, z]: row 0 (the ones column's) is Σ_n δ, the rest zᵀ · δ
            np.sum(delta, axis=0, out=nabla_w[0])
            np.matmul(z_prev.T, delta, out=nabla_w[1:])
            # Penalties on the weights, never on the bias row 0: biases do not make the fit wiggly
            if l2:
                nabla_w[1:] += (scale * l2) * W[1:]
            if l1:
                nabla_w[1:] += (scale * l1) * np.sign(W[1:])
            nabla_ws.append(nabla_w)
        return nabla_ws

    # -- weight update -------------------------------------------------------
    def gradient_descent(self, deltas: list[np.ndarray], zs: list[np.ndarray]) -> None:
        """W_l ← W_l − η ∂E/∂W_l, in place; with momentum μ > 0 the step is the velocity
        v_l ← μ v_l − η ∂E/∂W_l, W_l ← W_l + v_l (heavy ball)."""
        eta, mu = float(self.eta), float(self.momentum)  # Python floats keep float32 float32
        for W, v, eta_nabla_w in zip(self.Ws, self.velocities, self._scaled_gradients(deltas, zs, eta)):
            if mu:
                v *= mu
                v -= eta_nabla_w
            else:
                np.negative(eta_nabla_w, out=v)
            W += v

    def update_weights(self, t: np.ndarray, x: np.ndarray) -> float:
        """One gradient step on the batch (x N×n_0, t N×n_L); returns the batch loss before it.

        With dropout, one fresh mask per hidden layer for this update; the loss is the
        loss of that thinned network.
        """
        x = self._inputs(x)
        return self._update(self._targets(t, len(x)), x)

    def _update(self, t: np.ndarray, x: np.ndarray) -> float:
        """``update_weights`` on checked (t, x): the methods it calls (a subclass's too) trust them."""
        self._trusted = (x, t)
        try:
            masks = self.dropout_masks(len(x))
            # Without dropout, the calls of notebook 04 (a subclass may override them without ``masks``)
            zs, z_raws = self.activations_for(x) if masks is None else self.activations_for(x, masks)
            loss = self._loss(t, zs, z_raws)
            deltas = self.deltas_for(t, zs, z_raws) if masks is None else self.deltas_for(t, zs, z_raws, masks)
            self.gradient_descent(deltas, zs)
        finally:
            self._trusted = ()
        return loss

    def train(self, X: np.ndarray, T: np.ndarray, epochs: int = 1, batch_size: int | None = None,
              rng: np.random.Generator | int | None = None) -> Iterator[NetworkStep]:
        """Yield a ``NetworkStep`` after every update.

        batch_size=None: batch learning, one update per epoch on all of X.
        Otherwise mini-batches of that size, reshuffled every epoch with ``rng``.
        X and T are checked once, here; the updates run unchecked.
        """
        X = self._inputs(X, "X")
        T = self._targets(T, len(X), "T")
        epochs = as_count("epochs", epochs)
        size = len(X) if batch_size is None else as_count("batch_size", batch_size)
        return self._train(X, T, epochs, batch_size, size, as_generator(rng))

    def _train(self, X, T, epochs, batch_size, size, order_rng) -> Iterator[NetworkStep]:
        step = 0
        for epoch in range(1, epochs + 1):
            order = order_rng.permutation(len(X)) if batch_size else np.arange(len(X))
            for start in range(0, len(X), size):
                rows = order[start:start + size]
                step += 1
                yield NetworkStep(epoch, step, self._update_trusted(T[rows], X[rows]))

    def _update_trusted(self, t: np.ndarray, x: np.ndarray) -> float:
        """``update_weights`` (a subclass's override too) on a batch of data checked already."""
        self._trusted = (x, t)
        try:
            return self.update_weights(t, x)
        finally:
            self._trusted = ()

    # -- measuring -----------------------------------------------------------
    def loss_for(self, t: np.ndarray, x: np.ndarray, masks: list[np.ndarray | None] | None = None) -> float:
        """The training objective on (x, t): mean loss plus the L1/L2 penalties (with fixed dropout masks, if given)."""
        x = self._inputs(x)
        t = self._targets(t, len(x))
        self._trusted = (x, t)
        try:
            zs, z_raws = self.activations_for(x) if masks is None else self.activations_for(x, masks)
        finally:
            self._trusted = ()
        return self._loss(t, zs, z_raws)

    def errors_for(self, t: np.ndarray, x: np.ndarray) -> tuple[float, float]:
        """``(mse, mbe)`` of the predictions on x against t, as the two-layer ``errors_for``."""
        x = self._inputs(x)
        return _errors_for(self._targets(t, len(x)), self.predictions_for(x))

    def _loss(self, t, zs, z_raws) -> float:
        loss = LOSSES[self.loss].value(z_raws[-1], zs[-1], t)
        if self.l2:  # skipped when zero: a pass over every weight on every step
            loss += self.l2 / 2 * sum(float(np.sum(W[1:] ** 2)) for W in self.Ws)
        if self.l1:
            loss += self.l1 * sum(float(np.sum(np.abs(W[1:]))) for W in self.Ws)
        return float(loss)

    _trusted: tuple = ()  # the arrays of the update in progress, checked already

    def _inputs(self, x, name: str = "x") -> np.ndarray:
        if any(x is a for a in self._trusted):
            return x
        x = as_matrix(name, x, cols=self.num_nodes[0], dims="N×I",
                      why="one row per example, one column per input node")
        return x.astype(self.dtype, copy=False)

    def _targets(self, t, n: int, name: str = "t") -> np.ndarray:
        if any(t is a for a in self._trusted):
            return t
        t = as_targets(name, t, n, self.num_nodes[-1], convert=True,
                       why="one row per example, one column per output node")
        if LOSSES[self.loss].raw_delta:
            _probabilities(t)
        return t.astype(self.dtype, copy=False)

    def __repr__(self) -> str:
        return (f"NeuralNetwork(num_nodes={self.num_nodes}, "
                f"activation_function={self.activation_function.__name__}, loss={self.loss!r}, eta={self.eta})")


def dropout_rates(dropout: float | Sequence[float], n_hidden: int) -> list[float]:
    """One dropout rate in [0, 1) per hidden layer, from one rate or a list of them, or a clear error."""
    rates = [dropout] * n_hidden if np.ndim(dropout) == 0 else list(dropout)
    if len(rates) != n_hidden or not all(isinstance(r, (int, float, np.floating)) and 0 <= r < 1 for r in rates):
        raise ValueError(f"dropout must be one rate in [0, 1) or one per hidden layer ({n_hidden}); got {dropout!r}")
    return [float(r) for r in rates]


def initial_weights(num_nodes: Sequence[int], activation: Activation, rng: np.random.Generator,
                    dtype) -> list[np.ndarray]:
    """Random (n_{l-1}+1)×n_l matrices; He-normal for ReLU, uniform ±1/√fan-in otherwise.

    ReLU passes only half its inputs on, so it needs twice the variance (He et al.
    2015) to keep the signal from shrinking layer by layer.
    """
    Ws = []
    for n_in, n_out in zip(num_nodes[:-1], num_nodes[1:]):
        if activation is relu:
            W = rng.normal(0, np.sqrt(2 / n_in), size=(n_in + 1, n_out))
            W[0] = 0
        else:
            W = rng.uniform(-1, 1, size=(n_in + 1, n_out)) / np.sqrt(n_in)
        Ws.append(W.astype(dtype))
    return Ws



# -- the training loop and the update rules, written out (the exercises of notebooks 05 and 06) --

def train_minibatches(network: NeuralNetwork, X: np.ndarray, T: np.ndarray, epochs: int, batch_size: int,
                      rng: np.random.Generator) -> list[float]:
    """Mini-batch training; returns the batch losses, one per update (before the update).

    X N×n_0, T N×n_L. Every epoch draws a new order of the rows, rng.permutation(N), and
    cuts it into batches of batch_size rows (the last may be smaller); each batch is one
    network.update_weights(T[rows], X[rows]). ``NeuralNetwork.train`` is the same loop as
    a generator.
    """
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(X))  # a new order every epoch, the same one for X and T
        for start in range(0, len(X), batch_size):
            rows = order[start:start + batch_size]
            losses.append(network.update_weights(T[rows], X[rows]))
    return losses


def momentum_update(W: np.ndarray, v: np.ndarray, gradient: np.ndarray, eta: float,
                    momentum: float) -> tuple[np.ndarray, np.ndarray]:
    """One heavy-ball step: v ← μ v − η ∇, then W ← W + v; returns the new (W, v).

    W, v and gradient have the same shape; v starts at 0. With μ = 0 this is plain
    gradient descent, W ← W − η ∇.
    """
    v = momentum * v - eta * gradient
    return W + v, v


def penalty_gradient(W: np.ndarray, l2: float, l1: float) -> np.ndarray:
    """∂/∂W of λ₂/2 ‖W[1:]‖² + λ₁ Σ|W[1:]|: λ₂ W[1:] + λ₁ sign(W[1:]), and 0 in the bias row.

    W (n+1)×m with the bias in row 0; returns an (n+1)×m array, to be added to the
    data gradient. Biases only shift thresholds, so they are never penalised.
    """
    gradient = np.zeros_like(W)
    gradient[1:] = l2 * W[1:] + l1 * np.sign(W[1:])
    return gradient
