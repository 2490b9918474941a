"""Checker entries for notebooks 04–06: the N-layer loops, decoding, softmax and its gradient.

As in ``exercises_01_03``, each classic mistake is the buggy code a student
writes; a hint is given only when the student's code behaves exactly like it.
"""

from __future__ import annotations

import numpy as np

from .activations import derivative, sigmoid
from .checks import Case, Exercise, Mistake, register
from .forward import with_bias
from .losses import decode, softmax, softmax_cross_entropy_gradient
from .network import backpropagate, feed_forward

ARCHITECTURES = [(5, [3, 4, 2]), (1, [2, 3, 3, 1]), (4, [4, 2, 5, 3, 2]), (3, [2, 1])]  # (N, num_nodes)
ACTIVATIONS = [("tanh", np.tanh), ("sigmoid", sigmoid)]


def _networks():
    """(label, name, f, x, Ws) for every architecture and activation; [2, 1] has no hidden layer."""
    rng = np.random.default_rng(2025)
    for (n, sizes), (name, f) in ((a, act) for act in ACTIVATIONS for a in ARCHITECTURES):
        x = rng.normal(size=(n, sizes[0]))
        Ws = [rng.normal(size=(a + 1, b)) for a, b in zip(sizes[:-1], sizes[1:])]
        yield f"N={n}, num_nodes={sizes}, {name}", name, f, x, Ws


def _forward_cases():
    return [Case(label, (x, Ws, f), activation=name) for label, name, f, x, Ws in _networks()]


def _backward_cases():
    rng = np.random.default_rng(7)
    cases = []
    for label, name, f, x, Ws in _networks():
        _, z_raws = feed_forward(x, Ws, f)
        cases.append(Case(label, (rng.normal(size=z_raws[-1].shape), z_raws, Ws, f), activation=name))
    return cases


# -- the N-layer loops, as students get them wrong ----------------------------------

def _forward_loop(x, Ws, f, *, bias=with_bias, feed_raw=False, activate_last=True, keep_input=True, layers=None):
    zs, z_raws = [x], [x]
    for l, W in enumerate(Ws[:layers], start=1):
        z_raw = bias(zs[-1]) @ W
        z = f(z_raw) if (activate_last or l < len(Ws)) else z_raw
        z_raws.append(z_raw)
        zs.append(z_raw if feed_raw else z)
    return (zs, z_raws) if keep_input else (zs[1:], z_raws[1:])


def _forward_feeding_raw(x, Ws, f=np.tanh):
    zs, z_raws = [x], [x]
    for W in Ws:
        z_raws.append(with_bias(z_raws[-1]) @ W)  # the typo: z_raws, not zs
        zs.append(f(z_raws[-1]))
    return zs, z_raws


def _ones_last(x):
    return np.hstack([x, np.ones((len(x), 1))])


def _backward_loop(delta_L, z_raws, Ws, f, *, rows=slice(1, None), shift=0, prime=True, reverse=True):
    sigma_prime = derivative(f) if prime else np.ones_like
    deltas = [delta_L]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.append((deltas[-1] @ Ws[l][rows].T) * sigma_prime(z_raws[l + shift]))
    return deltas[::-1] if reverse else deltas


FEEDS_RAW = "the next layer gets z_raw: feed the activations zs[l] = σ(z_raws[l]) forward, not the raw values."

FORWARD_MISTAKES = [
    Mistake("zs and z_raws must both start with the input x (index 0), so that index l is layer l "
            "in every list: L weight matrices give L+1 entries.",
            lambda x, Ws, f=np.tanh: _forward_loop(x, Ws, f, keep_input=False)),
    Mistake("the loop stops one layer early (an off-by-one): run it over every weight matrix, "
            "`for W in Ws:`, not Ws[:-1].",
            lambda x, Ws, f=np.tanh: _forward_loop(x, Ws, f, layers=-1)),
    Mistake(FEEDS_RAW, lambda x, Ws, f=np.tanh: _forward_loop(x, Ws, f, feed_raw=True)),
    Mistake(FEEDS_RAW, _forward_feeding_raw),
    Mistake("the last layer is not activated: the output is σ(z_raw_L) like every other layer.",
            lambda x, Ws, f=np.tanh: _forward_loop(x, Ws, f, activate_last=False)),
    Mistake("the bias column is at the wrong end: with_bias puts the ones first, so row 0 of each W is the bias.",
            lambda x, Ws, f=np.tanh: _forward_loop(x, Ws, f, bias=_ones_last)),
    Mistake("an activation is hard-coded: right for tanh, wrong for sigmoid. Use `activation_function`.",
            lambda x, Ws, f=np.tanh: feed_forward(x, Ws, np.tanh)),
]

BACKWARD_MISTAKES = [
    Mistake("the deltas are not reversed: the loop collects δ_L, δ_{L−1}, …, δ_1, but deltas[l−1] must be "
            "layer l's, so return them in forward order (deltas[::-1], or insert at the front).",
            lambda d, z_raws, Ws, f=np.tanh: _backward_loop(d, z_raws, Ws, f, reverse=False)),
    Mistake("rows dropped at the wrong end: the bias is row 0, so send deltas back through W[1:], not W[:-1].",
            lambda d, z_raws, Ws, f=np.tanh: _backward_loop(d, z_raws, Ws, f, rows=slice(None, -1))),
    Mistake("σ' is taken at the wrong layer (an off-by-one): δ_l = (δ_{l+1} · W_{l+1}[1:]ᵀ) ∘ σ'(z_raws[l]), "
            "the raw values of layer l itself.",
            lambda d, z_raws, Ws, f=np.tanh: _backward_loop(d, z_raws, Ws, f, shift=1)),
    Mistake("the derivative factor is missing: multiply by σ'(z_raws[l]) after sending the delta back.",
            lambda d, z_raws, Ws, f=np.tanh: _backward_loop(d, z_raws, Ws, f, prime=False)),
    Mistake("an activation is hard-coded: right for tanh, wrong for sigmoid. Use derivative(activation_function).",
            lambda d, z_raws, Ws, f=np.tanh: backpropagate(d, z_raws, Ws, np.tanh)),
]

register(Exercise(
    "feed_forward", feed_forward, _forward_cases(),
    outputs=("zs", "z_raws"), shapes=("N×n_l", "N×n_l"), mistakes=FORWARD_MISTAKES, sequences=True,
    shape_hint=("W_l is (n_{l−1}+1)×n_l: it multiplies with_bias(zs[l−1]), N×(n_{l−1}+1). A shape error "
                "usually means the bias column is missing or the wrong W is used for a layer."),
    output_hints={"zs": "zs = [x, σ(z_raw_1), …, σ(z_raw_L)]: L+1 entries, the input first.",
                  "z_raws": "z_raws = [x, [1, x]·W_1, …, [1, zs[L−1]]·W_L]: L+1 entries, the input first."}))

register(Exercise(
    "backpropagate", backpropagate, _backward_cases(),
    outputs=("deltas",), shapes=("N×n_l",), mistakes=BACKWARD_MISTAKES, sequences=True,
    shape_hint=("Sending δ_{l+1} (N×n_{l+1}) back needs W_{l+1} without its bias row: W_{l+1}[1:] is "
                "n_l×n_{l+1}, so δ_{l+1} · W_{l+1}[1:]ᵀ is N×n_l. All of W gives one column too many; "
                "Ws[l−1] instead of Ws[l] is the wrong layer's matrix (Ws is 0-based)."),
    output_hints={"deltas": "deltas = [δ_1, …, δ_L]: one per weight matrix, the last one delta_L itself."}))


# -- notebook 05: decoding ----------------------------------------------------------------

def _decode_cases():
    rng = np.random.default_rng(5)
    classes = [np.arange(10), np.array(["cat", "dog", "emu"]), np.array([3, 1, 4, 1.5])]
    cases = []
    for n, k in [(6, 10), (1, 3), (5, 4)]:
        labels = next(c for c in classes if len(c) == k)
        shown = ", ".join(map(str, labels[:4])) + (", …" if k > 4 else "")
        cases.append(Case(f"N={n}, K={k}, classes [{shown}]", (rng.uniform(-1, 1, size=(n, k)), labels)))
    return cases


DECODE_MISTAKES = [
    Mistake("argmax runs down the wrong axis: each row is one example, so take axis=1 (one label per row).",
            lambda outputs, classes: np.asarray(classes)[np.argmax(outputs, axis=0)]),
    Mistake("you return column indices, not labels: look the index up in `classes` (classes[index]).",
            lambda outputs, classes: np.argmax(outputs, axis=1)),
    Mistake("argmin picks the least likely class: the prediction is the largest output.",
            lambda outputs, classes: np.asarray(classes)[np.argmin(outputs, axis=1)]),
]

register(Exercise("decode", decode, _decode_cases(), outputs=("labels",), shapes=("N",),
                  mistakes=DECODE_MISTAKES,
                  shape_hint="argmax without axis= flattens the whole array: use axis=1, one label per row.",
                  output_hints={"labels": "labels = classes[argmax(outputs, axis=1)]."}))


# -- notebook 06: softmax and its cross-entropy gradient -------------------------------------

def _score_cases():
    rng = np.random.default_rng(6)
    shapes = [(5, 10), (1, 3), (4, 2)]
    cases = [Case(f"N={n}, K={k}", (rng.normal(0, 3, size=(n, k)),)) for n, k in shapes]
    return cases + [Case("N=3, K=4, scores up to ±1000", (rng.choice([-1000.0, 0.0, 1000.0], size=(3, 4)),))]


def _naive_softmax(scores):
    e = np.exp(scores)
    return e / e.sum(axis=1, keepdims=True)


def _softmax_global_max(scores):
    e = np.exp(scores - scores.max())
    return e / e.sum(axis=1, keepdims=True)


def _softmax_wrong_axis(scores):
    e = np.exp(scores - scores.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


SOFTMAX_MISTAKES = [
    Mistake("the row maximum is not subtracted: e^1000 overflows to inf and inf/inf is NaN. Softmax is "
            "unchanged by a shift, so compute np.exp(scores - scores.max(axis=1, keepdims=True)).",
            _naive_softmax),
    Mistake("the sum runs down the wrong axis: each row is one example, so normalise with "
            "sum(axis=1, keepdims=True) (and take the max along axis=1).", _softmax_wrong_axis),
    Mistake("subtract each row's own maximum (scores.max(axis=1, keepdims=True)), not the global np.max(scores): "
            "a row far below the global maximum underflows to 0/0 = NaN.", _softmax_global_max),
]

register(Exercise("softmax", softmax, _score_cases(), outputs=("p",), shapes=("N×K",), mistakes=SOFTMAX_MISTAKES,
                  shape_hint=("Normalise with e.sum(axis=1, keepdims=True) (or [:, None]) so the N row sums "
                              "broadcast over the N×K array."),
                  output_hints={"p": "p = e^(s − max) / Σ e^(s − max), row by row; each row sums to 1."}))


def _gradient_cases():
    rng = np.random.default_rng(8)
    return [Case(f"{case.label}, integer labels", (s, rng.integers(0, s.shape[1], len(s))))
            for case in _score_cases() for s in case.args]


GRADIENT_MISTAKES = [
    Mistake("the 1/N is missing: the loss is the mean over the N examples, so the gradient is (p − t) / N.",
            lambda s, labels: softmax_cross_entropy_gradient(s, labels) * len(s)),
    Mistake("the labels are integer class indices, not one-hot rows: p − labels broadcasts a column of "
            "indices. Build the one-hot targets t first: t[np.arange(N), labels] = 1 (or nblib.one_hot).",
            lambda s, labels: (softmax(s) - np.asarray(labels)[:, None]) / len(s)),
    Mistake("the sign is flipped: ∂E/∂s = (p − t) / N, probability minus target.",
            lambda s, labels: -softmax_cross_entropy_gradient(s, labels)),
    Mistake("the softmax is not stable: with scores of ±1000 it gives NaN. Subtract the row maximum first.",
            lambda s, labels: (_naive_softmax(s) - np.eye(s.shape[1])[labels]) / len(s)),
    Mistake("t[:, labels] = 1 sets whole columns: every row gets a 1 in the column of every label of the batch. "
            "Set one entry per row, t[np.arange(N), labels] = 1 (or t = np.eye(K)[labels]).",
            lambda s, labels: (softmax(s) - _one_hot_columns(s, labels)) / len(s)),
    Mistake("the one-hot targets are shifted by one column (labels − 1 or labels + 1): class c is column c, "
            "counted from 0, so t[np.arange(N), labels] = 1.",
            lambda s, labels: (softmax(s) - np.roll(np.eye(s.shape[1])[labels], -1, axis=1)) / len(s)),
]


def _one_hot_columns(s, labels):
    t = np.zeros_like(s)
    t[:, labels] = 1
    return t

def _probabilities_and_targets(scores, labels):
    """What the diagnosis may relate a wrong gradient to: p = softmax(scores) and the one-hot targets."""
    return {"p": softmax(scores), "one_hot(labels)": np.eye(scores.shape[1])[labels]}


register(Exercise("softmax_cross_entropy_gradient", softmax_cross_entropy_gradient, _gradient_cases(),
                  outputs=("gradient",), shapes=("N×K",), mistakes=GRADIENT_MISTAKES,
                  derived=_probabilities_and_targets,
                  output_hints={"gradient": "gradient = (softmax(scores) − one_hot(labels)) / N."}))


# -- new in this round: the mini-batch loop and momentum (05), the penalty gradient (06) ------------
# (a section of its own, appended: the catalogues above are edited elsewhere)

from .network import NeuralNetwork, momentum_update, penalty_gradient, train_minibatches  # noqa: E402


def _loop_cases():
    """Networks small enough to be quick; N not a multiple of B (the last batch is smaller), ≥ 2 epochs."""
    cases = []
    for seed, (n, sizes, batch_size, epochs) in enumerate([(10, [3, 4, 2], 4, 3), (9, [2, 3, 1], 1, 2),
                                                           (7, [4, 2, 3], 7, 2), (13, [2, 5, 4, 1], 5, 3)]):
        rng = np.random.default_rng(100 + seed)
        X, T = rng.normal(size=(n, sizes[0])), np.tanh(rng.normal(size=(n, sizes[-1])))
        network = NeuralNetwork(sizes, np.tanh, eta=0.3, rng=seed)
        cases.append(Case(f"N={n}, batch_size={batch_size}, epochs={epochs}, num_nodes={sizes}",
                          (network, X, T, epochs, batch_size, np.random.default_rng(seed))))
    return cases


def _loop(network, X, T, epochs, batch_size, rng, *, shuffle="every epoch", last=True, targets_too=True,
          per_epoch=False, separate=False):
    order = rng.permutation(len(X)) if shuffle == "once" else np.arange(len(X))
    t_order = order
    stop = len(X) if last else len(X) - batch_size + 1
    losses = []
    for _ in range(epochs):
        if shuffle == "every epoch":
            order = rng.permutation(len(X))
            t_order = rng.permutation(len(X)) if separate else order
        epoch = []
        for start in range(0, stop, batch_size):
            if shuffle == "every batch":
                order = rng.permutation(len(X))
            rows = order[start:start + batch_size]
            t_rows = (t_order if separate else order)[start:start + batch_size] if targets_too else \
                np.arange(start, min(start + batch_size, len(X)))
            epoch.append(network.update_weights(T[t_rows], X[rows]))
        losses += [float(np.mean(epoch))] if per_epoch else epoch
    return losses


LOOP_MISTAKES = [
    Mistake("the rows are shuffled once, before the first epoch, and then every epoch repeats the same batches: "
            "draw order = rng.permutation(N) inside the epoch loop.",
            lambda *args: _loop(*args, shuffle="once")),
    Mistake("the rows are never shuffled: every epoch takes the batches in file order. Index the rows through "
            "order = rng.permutation(N), drawn anew every epoch.",
            lambda *args: _loop(*args, shuffle="never")),
    Mistake("a new permutation for every batch: then some rows appear twice in an epoch and others not at all. "
            "Draw one order per epoch and cut it into consecutive batches.",
            lambda *args: _loop(*args, shuffle="every batch")),
    Mistake("the last, smaller batch is dropped: range(0, N, batch_size) already gives it; the epoch must "
            "visit all N rows, also when N is not a multiple of batch_size.",
            lambda *args: _loop(*args, last=False)),
    Mistake("the inputs are shuffled but the targets are not: take the same rows of both, X[rows] and T[rows], "
            "or every input is trained towards another example's target.",
            lambda *args: _loop(*args, targets_too=False)),
    Mistake("X and T are shuffled with two different permutations, so the pairs are broken: every input is "
            "trained towards another example's target. Draw one order per epoch and index both with it.",
            lambda *args: _loop(*args, separate=True)),
    Mistake("one loss per epoch: return the loss of every update (the value update_weights returns), "
            "so that the curve shows the noise of the batches.",
            lambda *args: _loop(*args, per_epoch=True)),
]

register(Exercise(
    "train_minibatches", train_minibatches, _loop_cases(), outputs=("losses",), shapes=("updates",),
    mistakes=LOOP_MISTAKES,
    shape_hint=("An epoch has ceil(N / batch_size) updates: range(0, N, batch_size) gives the start of each "
                "batch, the last one possibly smaller."),
    output_hints={"losses": "the losses depend on the order of the batches: draw order = rng.permutation(N) "
                            "once per epoch (no other draws from rng), then rows = order[start:start + batch_size]."}))


def _momentum_cases():
    rng = np.random.default_rng(9)
    cases = []
    for shape, eta, mu in [((3, 2), 0.1, 0.9), ((1, 1), 0.5, 0.5), ((5, 4), 0.05, 0.99), ((2, 3), 0.2, 0.0)]:
        W, v, g = (rng.normal(size=shape) for _ in range(3))
        cases.append(Case(f"W {shape[0]}×{shape[1]}, eta={eta}, momentum={mu}", (W, v, g, eta, mu)))
    return cases


MOMENTUM_MISTAKES = [
    Mistake("the gradient is added: v ← μ v − η ∇ goes *down*hill, so subtract η ∇.",
            lambda W, v, g, eta, mu: (W + (mu * v + eta * g), mu * v + eta * g)),
    Mistake("W moves with the old velocity: compute the new v first, then W ← W + v_new.",
            lambda W, v, g, eta, mu: (W + v, mu * v - eta * g)),
    Mistake("the velocity is not decayed: v ← μ v − η ∇, with the factor μ on the old velocity.",
            lambda W, v, g, eta, mu: (W + (v - eta * g), v - eta * g)),
    Mistake("the old velocity is dropped: that is plain gradient descent. Keep μ v in the new velocity.",
            lambda W, v, g, eta, mu: (W - eta * g, -eta * g)),
    Mistake("W ← W − v: v already points downhill (it holds −η ∇), so add it, W ← W + v.",
            lambda W, v, g, eta, mu: (W - (mu * v - eta * g), mu * v - eta * g)),
    Mistake("μ multiplies the gradient too: v ← μ (v − η ∇); only the old velocity is decayed.",
            lambda W, v, g, eta, mu: (W + mu * (v - eta * g), mu * (v - eta * g))),
    Mistake("that is the moving-average form of momentum (v ← μ v + (1 − μ) ∇, W ← W − η v), which other "
            "courses use: this course's heavy ball is v ← μ v − η ∇, W ← W + v (no 1 − μ; η inside v).",
            lambda W, v, g, eta, mu: (W - eta * (mu * v + (1 - mu) * g), mu * v + (1 - mu) * g)),
]

register(Exercise(
    "momentum_update", momentum_update, _momentum_cases(), outputs=("W", "v"), shapes=("shape of W", "shape of W"),
    mistakes=MOMENTUM_MISTAKES, shape_hint="W, v and the gradient all have the same shape: no transposes here.",
    output_hints={"W": "W_new = W + v_new.", "v": "v_new = momentum · v − eta · gradient."}))


def _penalty_cases():
    rng = np.random.default_rng(10)
    cases = [Case(f"W {a}×{b}, l2={l2}, l1={l1}", (rng.normal(size=(a, b)), l2, l1))
             for (a, b), l2, l1 in [((4, 3), 0.1, 0.01), ((2, 1), 0.0, 0.5), ((5, 4), 0.3, 0.0), ((3, 2), 0.2, 0.05)]]
    W = rng.normal(size=(4, 3))
    W[2, 1] = W[3, 0] = 0.0  # weights at exactly 0 (L1 drives weights there): sign(0) = 0, not NaN
    return [*cases, Case("W 4×3 with two weights exactly 0, l2=0.1, l1=0.02", (W, 0.1, 0.02))]


def _with_row_0(rows):
    return np.vstack([np.zeros((1, rows.shape[1])), rows])


PENALTY_MISTAKES = [
    Mistake("the bias row is penalised too: row 0 holds the biases, which only shift a threshold; its penalty "
            "gradient is 0. Compute the terms for W[1:] only.",
            lambda W, l2, l1: l2 * W + l1 * np.sign(W)),
    Mistake("the bias row is missing from the result: return an array of W's shape, with zeros in row 0, so "
            "it can be added to the data gradient.",
            lambda W, l2, l1: l2 * W[1:] + l1 * np.sign(W[1:])),
    Mistake("the last row is left out instead of the first: the bias is row 0, so the penalty acts on W[1:].",
            lambda W, l2, l1: np.vstack([l2 * W[:-1] + l1 * np.sign(W[:-1]), np.zeros((1, W.shape[1]))])),
    Mistake("the L2 term is twice too big: the ½ in λ₂/2 ‖W‖² cancels the 2 of the derivative, so it is λ₂ W.",
            lambda W, l2, l1: _with_row_0(2 * l2 * W[1:] + l1 * np.sign(W[1:]))),
    Mistake("the derivative of |w| is sign(w), not |w|: the L1 pull has the same size λ₁ for every weight and "
            "points towards 0.",
            lambda W, l2, l1: _with_row_0(l2 * W[1:] + l1 * np.abs(W[1:]))),
    Mistake("the L1 term is λ₁ w, not λ₁ sign(w): that is a second L2 term. The derivative of |w| is sign(w).",
            lambda W, l2, l1: _with_row_0(l2 * W[1:] + l1 * W[1:])),
    Mistake("λ₂ and λ₁ are swapped: l2 multiplies W[1:] (from λ₂/2 ‖W‖²), l1 multiplies sign(W[1:]).",
            lambda W, l2, l1: _with_row_0(l1 * W[1:] + l2 * np.sign(W[1:]))),
]

register(Exercise(
    "penalty_gradient", penalty_gradient, _penalty_cases(), outputs=("gradient",), shapes=("shape of W",),
    mistakes=PENALTY_MISTAKES,
    shape_hint="The result has W's shape, (n+1)×m: zeros in row 0 (the bias row), the penalty terms in rows 1:.",
    output_hints={"gradient": "gradient[0] = 0 and gradient[1:] = l2 · W[1:] + l1 · sign(W[1:])."}))
