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
ETAS = (0.37, 0.25)  # not the default 0.1, and two of them: an ignored or hard-coded learning rate shows


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
    for i, (label, name, f, x, Wh, Wo, t) in enumerate(_problems()):
        z, y, z_raw, y_raw = activations_for(x, Wh, Wo, f)
        dh, do = deltas_for(t, z, y, z_raw, y_raw, Wh, Wo, f)
        eta = ETAS[i % 2]
        cases.append(Case(label + f", eta={eta}", (do, dh, x, z, Wh, Wo, eta), activation=name))
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
            f"(the checker passes eta={ETAS[0]} and {ETAS[1]}).",
            lambda do, dh, x, z, Wh, Wo, eta=0.1: _step(do, dh, x, z, Wh, Wo, 1.0)),
    Mistake("the learning rate is hard-coded to 0.1: use the `eta` argument "
            f"(the checker passes eta={ETAS[0]} and {ETAS[1]}).",
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


# == New exercises (issue 8): numerical_gradient (notebook 02), weight_gradient (notebook 03) ==

from .gradcheck import numerical_gradient  # noqa: E402  (this section is appended to the catalogue)
from .losses import squared_error  # noqa: E402
from .update import weight_gradient  # noqa: E402


class NetworkLoss:
    """The squared error of a two-layer network, as a function of no arguments that reads
    its own Wh and Wo (what ``numerical_gradient`` nudges).

    A callable object rather than a closure: the checker deep-copies (loss, loss.Wh)
    together, and the copy of the loss still reads the copy of the matrix.
    """

    def __init__(self, x, t, Wh, Wo, activation_function=np.tanh):
        self.x, self.t, self.Wh, self.Wo, self.f = x, t, Wh, Wo, activation_function

    def __call__(self) -> float:
        return squared_error(activations_for(self.x, self.Wh, self.Wo, self.f)[1], self.t)


LARGE_H = 0.1  # a step this large shows what h = 1e-5 hides (forward differences, an unrestored entry)


def _numerical_gradient_cases():
    cases = []
    for number, (label, name, f, x, Wh, Wo, t) in enumerate(_problems()):
        loss = NetworkLoss(x, t, Wh, Wo, f)
        which, param = ("Wh", loss.Wh) if number % 2 == 0 else ("Wo", loss.Wo)
        shape = "×".join(map(str, param.shape))
        kwargs = {"h": LARGE_H} if number % 4 in (2, 3) else {}
        step = f", h={LARGE_H}" if kwargs else ", h default"
        cases.append(Case(f"∂E/∂{which} ({shape}), {label}{step}", (loss, param), kwargs, activation=name))
    return cases


def _nudged(f, param, index, up, down):
    """f after param[index] is moved by +up and then by −down (the entry is left where it ends)."""
    param[index] += up
    f_plus = f()
    param[index] -= down
    return f_plus, f()


def _numerical(f, param, h=1e-5, *, scale=2.0, restore=True, second=2.0, one_sided=False):
    """A central difference with one classic mistake switched on by a keyword."""
    grad = np.zeros_like(param)
    for index in np.ndindex(param.shape):
        original = param[index]
        if one_sided:
            f_minus = f()
            param[index] = original + h
            f_plus = f()
        else:
            f_plus, f_minus = _nudged(f, param, index, h, second * h)
        if restore:
            param[index] = original
        grad[index] = (f_plus - f_minus) / (scale * h)
    return grad


def _numerical_of_a_copy(f, param, h=1e-5):
    return _numerical(f, param.copy(), h)  # f reads param, not the copy: every difference is 0


def _numerical_by_rows(f, param, h=1e-5):
    grad = np.zeros_like(param)
    for i in range(len(param)):  # nudges a whole row at once
        original = param[i].copy()
        param[i] = original + h
        f_plus = f()
        param[i] = original - h
        f_minus = f()
        param[i] = original
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


NUMERICAL_GRADIENT_MISTAKES = [
    Mistake("this is the forward difference (f(w+h) − f(w))/h: its error is O(h), not O(h²). With "
            f"h = 1e-5 it looks fine, but the checker also passes h = {LARGE_H}, where it is far off. "
            "Evaluate f at w + h *and* at w − h and divide by 2h.",
            lambda f, param, h=1e-5: _numerical(f, param, h, scale=1.0, one_sided=True)),
    Mistake("the step is scaled wrongly: f(w+h) − f(w−h) spans a distance of 2h, so divide by 2h, "
            "not by h (your gradient is exactly twice the reference).",
            lambda f, param, h=1e-5: _numerical(f, param, h, scale=1.0)),
    Mistake("the second nudge only goes back to w: after param[index] += h you need −= 2h to reach "
            "w − h (your f_minus is f(w), so the result is half a forward difference).",
            lambda f, param, h=1e-5: _numerical(f, param, h, second=1.0)),
    Mistake("the nudged entry is not restored: after the two evaluations put the original value back, "
            "param[index] = original, or every later entry is measured at a shifted point and param "
            "is changed when you return. Save the value as a number (param[index] with the full index); "
            "a slice such as param[i] is a view that changes with the array.",
            lambda f, param, h=1e-5: _numerical(f, param, h, restore=False)),
    Mistake("every entry is 0: you nudged a copy (param.copy(), param.flatten(), np.array(param), a new "
            "array), but f reads param itself. Change param in place, param[index] += h, and restore it.",
            _numerical_of_a_copy),
    Mistake("a whole row is nudged at once: param[i] += h moves every weight in row i, so each entry gets "
            "the sum of its row's derivatives. Visit every single entry: for index in np.ndindex(param.shape).",
            _numerical_by_rows),
    Mistake("the gradient is flattened: return it in param's shape (np.zeros_like(param), filled entry by "
            "entry), so that it can be compared with, and subtracted from, the weight matrix.",
            lambda f, param, h=1e-5: numerical_gradient(f, param, h).ravel()),
    Mistake(f"the step h is ignored: use the h argument (the checker passes h = {LARGE_H} in some cases, "
            "and a central difference with that step differs visibly from the exact derivative).",
            lambda f, param, h=1e-5: numerical_gradient(f, param)),
]

register(Exercise(
    "numerical_gradient", numerical_gradient, _numerical_gradient_cases(),
    outputs=("grad",), shapes=("the shape of param",),
    mistakes=NUMERICAL_GRADIENT_MISTAKES,
    shape_hint=("grad must have param's shape: start from np.zeros_like(param) and fill one entry per "
                "np.ndindex(param.shape) index."),
    output_hints={"grad": "grad[index] = (f(w + h) − f(w − h)) / (2h), nudging param[index] in place and "
                          "restoring it afterwards."}))


def _weight_gradient_cases():
    rng = np.random.default_rng(2025)
    cases = []
    for n, i, j in [(5, 3, 4), (1, 2, 3), (7, 2, 2), (3, 2, 3), (4, 4, 1), (6, 1, 5)]:  # N=1, N=J included
        delta, inputs = rng.normal(size=(n, j)), rng.normal(size=(n, i))
        cases.append(Case(f"delta {n}×{j}, inputs {n}×{i}", (delta, inputs)))
    return cases


def _rows(bias_row, delta, inputs, n=None):
    n = len(inputs) if n is None else n
    return np.vstack([bias_row, inputs.T @ delta / n])


WEIGHT_GRADIENT_MISTAKES = [
    Mistake("the bias row is missing: the gradient has W's shape, (I+1)×J, and row 0 is ∂E/∂W[0, j] for "
            "the bias. The bias's input is the constant 1, so apply your formula for row i ≥ 1 with "
            "inputs[n, i-1] replaced by 1.",
            lambda delta, inputs: inputs.T @ delta / len(inputs)),
    Mistake("the bias row is at the wrong end: it is row 0 (ones column first, with_bias(inputs) = "
            "[1, inputs]), not the last row.",
            lambda delta, inputs: np.hstack([inputs, np.ones((len(inputs), 1))]).T @ delta / len(inputs)),
    Mistake("the 1/N is missing: E is the *mean* of the E_n, so every row, the bias row included, is a sum "
            "over the examples divided by N = len(inputs) (the N=1 case passes, the others do not).",
            lambda delta, inputs: with_bias(inputs).T @ delta),
    Mistake("the bias row is the column sum of delta but not divided by N: it is a mean over the examples "
            "like every other row, delta.sum(axis=0) / N.",
            lambda delta, inputs: _rows(delta.sum(axis=0), delta, inputs)),
    Mistake("the bias row is left at 0: a bias has a gradient too. Its input is always 1, so ∂E/∂W[0, j] "
            "= (1/N) Σ_n 1 · delta[n, j].",
            lambda delta, inputs: _rows(np.zeros(delta.shape[1]), delta, inputs)),
    Mistake("the bias row sums along the wrong axis: it needs one entry per unit j (length J), a sum over "
            "the examples n, i.e. over axis 0 of delta (axis=1 sums over the units).",
            lambda delta, inputs: _rows(delta.mean(axis=1), delta, inputs)),
    Mistake("the result is divided by the number of columns instead of the number of examples: "
            "N = len(inputs), the rows.",
            lambda delta, inputs: with_bias(inputs).T @ delta / inputs.shape[1]),
    Mistake("the gradient is transposed: it has W's shape (I+1)×J, [1, inputs]ᵀ · delta, not "
            "deltaᵀ · [1, inputs].",
            lambda delta, inputs: delta.T @ with_bias(inputs) / len(inputs)),
    Mistake("the sign is flipped: return the gradient ∂E/∂W itself; gradient_descent subtracts it.",
            lambda delta, inputs: -with_bias(inputs).T @ delta / len(inputs)),
]

register(Exercise(
    "weight_gradient", weight_gradient, _weight_gradient_cases(),
    outputs=("gradient",), shapes=("(I+1)×J",),
    mistakes=WEIGHT_GRADIENT_MISTAKES,
    shape_hint=("The gradient has the shape of W, (I+1)×J: one row for the bias and one per input, one "
                "column per unit. inputs is N×I and delta N×J, so the product sums over the N examples."),
    output_hints={"gradient": "rows i ≥ 1: (1/N) Σ_n inputs[n, i-1] · delta[n]; row 0: the same with the "
                              "bias's input, the constant 1."}))
