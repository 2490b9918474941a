"""Checker entries for notebook 07: the softmax loss and its gradient, the dense layer's backward,
the hidden layer's backward given its activation (with the L2 term).

As in the other exercise modules, each classic mistake is the buggy code a student
writes; its hint is given only when the student's code behaves exactly like it.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from .activations import sigmoid
from .checks import Case, Exercise, Mistake, register
from .layers import affine_backward, hidden_backward, softmax_loss_gradient
from .losses import log_softmax, softmax

# -- softmax_loss_gradient -------------------------------------------------------------------

def _softmax_cases():
    rng = np.random.default_rng(70)
    cases = []
    for n, k in [(5, 3), (1, 3), (4, 2), (6, 5)]:
        scores = rng.normal(0, 2, size=(n, k))
        cases.append(Case(f"N={n}, K={k}", (scores, rng.integers(0, k, n))))
    large = rng.choice([-1000.0, 0.0, 1000.0], size=(4, 3))
    # each example's true class has the row's largest score: e^1000 overflows unless the max is subtracted
    cases.append(Case("N=4, K=3, scores of ±1000", (large, np.argmax(large, axis=1))))
    # ... and here the smallest: p underflows to 0, so −log p must come from log-sum-exp, not from log(0)
    spread = np.array([[1000.0, 0.0, -1000.0], [0.0, -1000.0, 1000.0]])
    cases.append(Case("N=2, K=3, the true class far below the others (p = 0 in float64)",
                      (spread, np.argmin(spread, axis=1))))
    return cases


def _logs(scores, probs, naive):
    """log p: from log-sum-exp, as taught (finite where p underflows to 0), or naively as np.log(p)."""
    return np.log(probs) if naive else log_softmax(scores)


def _loss_and_gradient(scores, labels, *, per_n=True, loss_per_n=True, minus_one=True, sign=1.0, p=None,
                       naive=False):
    n = len(scores)
    probs = softmax(scores) if p is None else p(scores)
    loss = -np.sum(_logs(scores, probs, naive or p is not None)[np.arange(n), labels]) / (n if loss_per_n else 1)
    d = probs.copy()
    if minus_one:
        d[np.arange(n), labels] -= 1
    return loss, sign * d / (n if per_n else 1)


def _minus_one_in_whole_columns(scores, labels, naive=False):
    probs = softmax(scores)
    loss = -np.mean(_logs(scores, probs, naive)[np.arange(len(scores)), labels])
    d = probs.copy()
    d[:, labels] -= 1       # the indexing slip: every row, in each label's column
    return loss, d / len(scores)


def _unstable(scores):
    e = np.exp(scores)
    return e / e.sum(axis=1, keepdims=True)


def _wrong_axis(scores):
    e = np.exp(scores - scores.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _loss_over_all_classes(scores, labels, naive=False):
    _, d = _loss_and_gradient(scores, labels)
    return -np.mean(_logs(scores, softmax(scores), naive)), d


def _minus_labels(s, y, naive=False):
    return _loss_and_gradient(s, y, naive=naive)[0], (softmax(s) - np.asarray(y)[:, None]) / len(s)


def _loss_negated(s, y, naive=False):
    loss, d = _loss_and_gradient(s, y, naive=naive)
    return -loss, d


# (hint, the mistake as code): each is caught whether the loss is taken from log-sum-exp or as −log p
_SOFTMAX_LOSS_SLIPS = [
    ("dscores is missing the 1/N: the loss is the mean over the N examples, so its gradient is "
     "(p − t) / N — divide by N = len(scores) after subtracting the 1.", partial(_loss_and_gradient, per_n=False)),
    ("the loss is summed, not averaged: divide the sum of −log p_{n, y_n} by N (or use np.mean).",
     partial(_loss_and_gradient, loss_per_n=False)),
    ("the −1 at the true class is missing: dscores = (p − t) / N, so subtract 1 from each row's "
     "entry in its true class's column before dividing by N.", partial(_loss_and_gradient, minus_one=False)),
    ("probs[:, labels] -= 1 subtracts 1 in every row, in each label's column: index one entry per row "
     "with probs[np.arange(N), labels] -= 1.", _minus_one_in_whole_columns),
    ("the labels are class indices, not one-hot rows: p − labels[:, None] subtracts the index itself. "
     "Subtract 1 at [np.arange(N), labels] (or build t with nblib.one_hot).", _minus_labels),
    ("the gradient's sign is flipped: ∂loss/∂scores = (p − t) / N, probability minus target.",
     partial(_loss_and_gradient, sign=-1.0)),
    ("the softmax is not stable: e^1000 overflows and gives NaN. Subtract each row's maximum "
     "(scores.max(axis=1, keepdims=True)) before np.exp; softmax does not change.",
     partial(_loss_and_gradient, p=_unstable)),
    ("the softmax is normalised down the wrong axis: each row is one example, so take the max and "
     "the sum along axis=1 with keepdims=True.", partial(_loss_and_gradient, p=_wrong_axis)),
    ("the loss has the wrong sign: it is −(1/N) Σ log p_{n, y_n}, a positive number (log p ≤ 0).", _loss_negated),
    ("the loss averages −log p over all K classes: only the true class's probability counts, "
     "−log probs[np.arange(N), labels].", _loss_over_all_classes),
]
SOFTMAX_LOSS_MISTAKES = [Mistake(hint, partial(slip, naive=naive))
                         for hint, slip in _SOFTMAX_LOSS_SLIPS for naive in (False, True)]

register(Exercise(
    "softmax_loss_gradient", softmax_loss_gradient, _softmax_cases(),
    outputs=("loss", "dscores"), shapes=("a number", "N×K"), mistakes=SOFTMAX_LOSS_MISTAKES,
    shape_hint=("dscores has the shape of scores, N×K: normalise with sum(axis=1, keepdims=True) so the N row "
                "sums broadcast, and index the true classes with [np.arange(N), labels]."),
    output_hints={"loss": "loss = −(1/N) Σ_n log softmax(scores)[n, labels[n]], one number.",
                  "dscores": "dscores = (softmax(scores) − t) / N, t one-hot of labels."}))


# -- affine_backward ----------------------------------------------------------------------------

def _affine_cases():
    rng = np.random.default_rng(71)
    cases = []
    for n, d, m in [(4, 3, 5), (1, 2, 3), (3, 3, 3), (6, 4, 2)]:
        x, W, b = rng.normal(size=(n, d)), rng.normal(size=(d, m)), rng.normal(size=m)
        cases.append(Case(f"N={n}, D={d}, M={m}", (rng.normal(size=(n, m)), (x, W, b))))
    return cases


def _affine(dout, cache, *, dx=None, dW=None, db=None):
    x, W, _ = cache
    return (dout @ W.T if dx is None else dx(dout, x, W), x.T @ dout if dW is None else dW(dout, x, W),
            dout.sum(axis=0) if db is None else db(dout))


AFFINE_MISTAKES = [
    Mistake("dW is transposed: dW must have W's shape D×M, which is Xᵀ·dS = x.T @ dout (D×N times N×M), "
            "not dout.T @ x.", lambda dout, c: _affine(dout, c, dW=lambda dout, x, W: dout.T @ x)),
    Mistake("dx needs Wᵀ: dx = dS·Wᵀ = dout @ W.T (N×M times M×D), the shape of x.",
            lambda dout, c: _affine(dout, c, dx=lambda dout, x, W: dout @ W)),
    Mistake("dx is transposed: it must have x's shape N×D, dout @ W.T, not W @ dout.T.",
            lambda dout, c: _affine(dout, c, dx=lambda dout, x, W: W @ dout.T)),
    Mistake("db sums along the wrong axis: b is added to every row, so its gradient sums over the rows "
            "(the examples): dout.sum(axis=0), shape (M,).",
            lambda dout, c: _affine(dout, c, db=lambda d: d.sum(axis=1))),
    Mistake("db sums over everything: sum over the rows only, dout.sum(axis=0), one entry per output (M,).",
            lambda dout, c: _affine(dout, c, db=lambda d: d.sum())),
    Mistake("db has shape 1×M: give it b's shape (M,), dout.sum(axis=0) without keepdims.",
            lambda dout, c: _affine(dout, c, db=lambda d: d.sum(axis=0, keepdims=True))),
    Mistake("db is not summed: every row of dout is one example's contribution to the same b, so add them "
            "up, dout.sum(axis=0) (M,).", lambda dout, c: _affine(dout, c, db=lambda d: d)),
    Mistake("db is a mean, not a sum: the 1/N is already inside dout (the loss's gradient carries it), "
            "so db = dout.sum(axis=0).", lambda dout, c: _affine(dout, c, db=lambda d: d.mean(axis=0))),
    Mistake("dW is divided by N a second time: dout already carries the 1/N of the mean loss, so "
            "dW = x.T @ dout.", lambda dout, c: _affine(dout, c, dW=lambda dout, x, W: x.T @ dout / len(x))),
]

register(Exercise(
    "affine_backward", affine_backward, _affine_cases(),
    outputs=("dx", "dW", "db"), shapes=("N×D", "D×M", "(M,)"), mistakes=AFFINE_MISTAKES,
    shape_hint=("Match the shapes: dx like x (N×D) = dout (N×M) @ W.T (M×D); dW like W (D×M) = x.T (D×N) @ dout "
                "(N×M); db like b (M,) = dout.sum(axis=0)."),
    output_hints={"dx": "dx = dout @ W.T.", "dW": "dW = x.T @ dout.", "db": "db = dout.sum(axis=0)."}))


# -- hidden_backward ------------------------------------------------------------------------------

def _hidden_cases():
    rng = np.random.default_rng(72)
    cases = []
    for (n, d, h), activation, l2 in [((5, 2, 4), "relu", 0.1), ((5, 2, 4), "logistic", 0.1),
                                      ((1, 3, 2), "logistic", 0.5), ((6, 3, 3), "relu", 0.5),
                                      ((4, 2, 6), "logistic", 0.0)]:
        x, W1, b1 = rng.normal(size=(n, d)), rng.normal(size=(d, h)), rng.normal(size=h)
        raw = x @ W1 + b1
        z = np.maximum(raw, 0) if activation == "relu" else sigmoid(raw)
        dz = rng.normal(size=(n, h))
        cases.append(Case(f"N={n}, D={d}, H={h}, {activation}, l2={l2}", (dz, z, x, W1, l2, activation)))
    return cases


def _hidden(dz, z, x, W1, l2, activation="relu", *, prime=None, l2_factor=1.0, dW=None, db=None):
    if prime is None:
        prime = {"relu": lambda z: z > 0, "logistic": lambda z: z * (1 - z)}[activation]
    dz_raw = dz * prime(z)
    dW1 = x.T @ dz_raw if dW is None else dW(dz_raw, x)
    return dW1 + l2_factor * l2 * W1, dz_raw.sum(axis=0) if db is None else db(dz_raw)


def _at_output(z, activation):
    return (z > 0) if activation == "relu" else sigmoid(z) * (1 - sigmoid(z))


HIDDEN_MISTAKES = [
    Mistake("for the logistic function the derivative is taken at the activation, σ'(z) = σ(z)(1 − σ(z)): "
            "z is already σ(z_raw), so σ'(z_raw) = z(1 − z). (For ReLU the same slip happens to be right.)",
            lambda dz, z, x, W1, l2, a="relu": _hidden(dz, z, x, W1, l2, a, prime=lambda z: _at_output(z, a))),
    Mistake("the L2 term is missing: the penalty λ/2 ‖W1‖² adds λ·W1 to dW1 (l2 * W1).",
            lambda dz, z, x, W1, l2, a="relu": _hidden(dz, z, x, W1, l2, a, l2_factor=0.0)),
    Mistake("the L2 term is 2λ·W1: the penalty is λ/2 ‖W1‖², whose gradient is λ·W1 (the ½ cancels the 2).",
            lambda dz, z, x, W1, l2, a="relu": _hidden(dz, z, x, W1, l2, a, l2_factor=2.0)),
    Mistake("the L2 term is λ/2·W1: the gradient of λ/2 ‖W1‖² is λ·W1 (the 2 of the square cancels the ½).",
            lambda dz, z, x, W1, l2, a="relu": _hidden(dz, z, x, W1, l2, a, l2_factor=0.5)),
    Mistake("the derivative factor is missing: multiply dz by σ' (elementwise) before the dense layer's "
            "backward: dz_raw = dz * σ'.",
            lambda dz, z, x, W1, l2, a="relu": _hidden(dz, z, x, W1, l2, a, prime=np.ones_like)),
    Mistake("ReLU's mask is z >= 0, which is always true (ReLU outputs are never negative): the units that "
            "were off (z == 0) must pass no gradient, so use z > 0.",
            lambda dz, z, x, W1, l2, a="relu": _hidden(
                dz, z, x, W1, l2, a, prime=(lambda z: z >= 0) if a == "relu" else None)),
    Mistake("1 − z² is tanh's derivative: for the logistic function it is z(1 − z).",
            lambda dz, z, x, W1, l2, a="relu": _hidden(
                dz, z, x, W1, l2, a, prime=(lambda z: 1 - z ** 2) if a == "logistic" else None)),
    Mistake("the activation is hard-coded as ReLU: right for relu, wrong for logistic. Choose σ' from the "
            "`activation` argument.",
            lambda dz, z, x, W1, l2, a="relu": _hidden(dz, z, x, W1, l2, "relu")),
    Mistake("dW1 is transposed: it must have W1's shape D×H, x.T @ dz_raw.",
            lambda dz, z, x, W1, l2, a="relu": _hidden(dz, z, x, W1, l2, a, dW=lambda d, x: d.T @ x)),
    Mistake("db1 sums along the wrong axis: sum over the rows (the examples), dz_raw.sum(axis=0), shape (H,).",
            lambda dz, z, x, W1, l2, a="relu": _hidden(dz, z, x, W1, l2, a, db=lambda d: d.sum(axis=1))),
    Mistake("dW1 is divided by N a second time: dz already carries the loss's 1/N.",
            lambda dz, z, x, W1, l2, a="relu": _hidden(dz, z, x, W1, l2, a, dW=lambda d, x: x.T @ d / len(x))),
]

register(Exercise(
    "hidden_backward", hidden_backward, _hidden_cases(),
    outputs=("dW1", "db1"), shapes=("D×H", "(H,)"), mistakes=HIDDEN_MISTAKES,
    shape_hint=("dz_raw = dz * σ' is N×H like z; dW1 = x.T (D×N) @ dz_raw (N×H) + l2 * W1 is D×H; "
                "db1 = dz_raw.sum(axis=0) is (H,)."),
    output_hints={"dW1": "dW1 = x.T @ (dz * σ') + l2 * W1, with σ' = (z > 0) or z * (1 − z).",
                  "db1": "db1 = (dz * σ').sum(axis=0), no L2 term on the bias."}))
