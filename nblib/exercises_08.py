"""Checker entries for notebook 08: the binary cross-entropy gradient and the symmetry prediction.

As in the other exercise modules, each classic mistake is the buggy code a student
writes; a hint is given only when the student's code behaves exactly like it.

binary_cross_entropy_gradient(y_raw, t): ∂E/∂y_raw for E = 1/N Σ_n E_n, N×K,
    E_n = −Σ_k [t log y + (1 − t) log(1 − y)], y = σ(y_raw): the answer is (y − t) / N.
stays_tied(num_nodes): after training from a constant initialisation, which weight
    matrices keep identical columns (identical units) and identical non-bias rows
    (identical inputs): an L×2 boolean array.
"""

from __future__ import annotations

import numpy as np

from .activations import sigmoid
from .checks import Case, Exercise, Mistake, register
from .losses import binary_cross_entropy_gradient

# -- the output delta of binary cross-entropy ------------------------------------------------


def _score_cases():
    rng = np.random.default_rng(8)
    cases = []
    for n, k in [(6, 1), (1, 1), (4, 3)]:
        cases.append(Case(f"N={n}, K={k}", (rng.normal(0, 2, size=(n, k)), rng.integers(0, 2, size=(n, k)) * 1.0)))
    extreme = np.array([[-1000.0], [-5.0], [0.0], [5.0], [1000.0]])
    cases.append(Case("N=5, K=1, raw outputs up to ±1000", (extreme, np.array([[1.0], [0.0], [1.0], [1.0], [0.0]]))))
    return cases


def _with_sigma_prime(y_raw, t):
    y = sigmoid(y_raw)
    return (y - t) * y * (1 - y) / len(y_raw)


def _wrt_output(y_raw, t):
    y = sigmoid(y_raw)
    return (-t / y + (1 - t) / (1 - y)) / len(y_raw)


BCE_MISTAKES = [
    Mistake("there is a leftover σ'(y_raw) = y(1 − y) factor: that is the squared-error delta (y − t) ∘ σ'. "
            "With cross-entropy σ' cancels against the 1/(y(1 − y)) of the log's derivative, "
            "so the delta is just (y − t) / N.", _with_sigma_prime),
    Mistake("the sign is flipped: ∂E/∂y_raw = (y − t) / N, prediction minus target (t − y points uphill).",
            lambda y_raw, t: (t - sigmoid(y_raw)) / len(y_raw)),
    Mistake("the 1/N is missing: E is the mean over the N examples, so the gradient is (y − t) / N.",
            lambda y_raw, t: sigmoid(y_raw) - t),
    Mistake("the sigmoid is missing: y = σ(y_raw) is the probability, and the delta is (σ(y_raw) − t) / N, "
            "not (y_raw − t) / N.", lambda y_raw, t: (y_raw - t) / len(y_raw)),
    Mistake("divided by the number of entries N·K (np.mean over everything) instead of the number of "
            "examples N: E sums over the K outputs and averages over the N rows, so divide by len(y_raw).",
            lambda y_raw, t: (sigmoid(y_raw) - t) / np.size(y_raw)),
    Mistake("this is the derivative with respect to the output y, −t/y + (1 − t)/(1 − y), not with respect to "
            "the raw value y_raw: the chain rule multiplies it by σ'(y_raw) = y(1 − y), which leaves (y − t) / N.",
            _wrt_output),
]

register(Exercise(
    "binary_cross_entropy_gradient", binary_cross_entropy_gradient, _score_cases(),
    outputs=("gradient",), shapes=("N×K",), mistakes=BCE_MISTAKES,
    shape_hint="The gradient has the shape of y_raw, N×K: (sigmoid(y_raw) − t) / N, elementwise.",
    output_hints={"gradient": "gradient = (sigmoid(y_raw) − t) / N, with nblib's stable sigmoid."}))


# -- symmetry: which weights stay tied ----------------------------------------------------------

def stays_tied(num_nodes):
    """After training from all weights equal to one constant: for each W_l, l = 1..L, whether
    [its columns stay equal, its rows 1.. (all but the bias row) stay equal]. Returns L×2 bools.

    Columns: units of layer l start identical and get identical deltas as long as their
    outputs feed identical units, i.e. for every hidden layer; the output units get
    different targets, so the columns of W_L stay equal only if there is a single output.
    Rows: the inputs of layer l ≥ 2 are identical units; the inputs of layer 1 are the
    data's different features, equal only when there is a single one.
    """
    L = len(num_nodes) - 1
    return np.array([[l < L or num_nodes[l] == 1, l > 1 or num_nodes[0] == 1] for l in range(1, L + 1)])


TIE_CASES = [Case(f"num_nodes={sizes}", (sizes,))
             for sizes in ([20, 8, 3, 1], [2, 2, 1], [4, 3, 2], [3, 1], [1, 4, 1], [5, 6, 6, 3], [3, 2])]


def _tied(num_nodes, columns, rows):
    """An L×2 answer from two rules: columns(l, L, n_l) and rows(l, n_0)."""
    L = len(num_nodes) - 1
    return np.array([[columns(l, L, num_nodes[l]), rows(l, num_nodes[0])] for l in range(1, L + 1)])


def _only_trivial_ties(num_nodes):
    """Only a single column or a single input row counts as 'all equal'."""
    return np.array([[n_out == 1, n_in == 1] for n_in, n_out in zip(num_nodes[:-1], num_nodes[1:])])


NO_TIES = ("nothing is tied here, but it is: units that start identical compute the same values, get the "
           "same deltas and so the same updates, step after step. Gradient descent never breaks a tie.")


TIE_MISTAKES = [
    Mistake(NO_TIES, lambda sizes: np.zeros((len(sizes) - 1, 2), dtype=bool)),
    Mistake(NO_TIES, _only_trivial_ties),
    Mistake("not everything stays tied: the first layer's rows see different features x_i, so W_1's rows "
            "get different updates, and the output units learn different targets when K > 1.",
            lambda sizes: _tied(sizes, lambda l, L, n: True, lambda l, n0: True)),
    Mistake("the output layer's columns stay equal only with a single output: with K > 1 outputs each "
            "output unit has its own target column, so the output deltas y_k − t_k differ.",
            lambda sizes: _tied(sizes, lambda l, L, n: True, lambda l, n0: l > 1 or n0 == 1)),
    Mistake("the first layer's rows are not tied: row i of W_1 multiplies feature x_i, and different features "
            "give different gradients [1, x]ᵀ · δ_1. Only rows fed by identical units stay equal.",
            lambda sizes: _tied(sizes, lambda l, L, n: l < L or n == 1, lambda l, n0: True)),
    Mistake("the rows of deeper layers are tied too: their inputs are the identical units of the layer "
            "below, so rows 1.. of W_l (l ≥ 2) get identical updates.",
            lambda sizes: _tied(sizes, lambda l, L, n: l < L or n == 1, lambda l, n0: n0 == 1)),
    Mistake("the two columns are swapped: column 0 is 'the columns (units) stay equal', column 1 is "
            "'the rows except the bias row (inputs) stay equal'.",
            lambda sizes: stays_tied(sizes)[:, ::-1]),
]

register(Exercise(
    "stays_tied", stays_tied, TIE_CASES, outputs=("tied",), shapes=("L×2",), mistakes=TIE_MISTAKES,
    shape_hint="Return one row per weight matrix (L = len(num_nodes) − 1 rows) and 2 columns: "
               "[columns stay equal, rows 1.. stay equal].",
    output_hints={"tied": "Think of each W_l's columns as its units and its rows 1.. as its inputs; the "
                          "output layer and the first layer are the special cases."}))
