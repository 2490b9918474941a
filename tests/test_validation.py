"""Bad input at every public entry point: a clear error that names the argument, never a wrong answer.

Part 1 is a table, one row per (call, bad input, exception type, words the message must contain),
most rows generated from a few kinds of damage done to each array argument of a valid call.
Part 2 lets Hypothesis generate shapes, dtypes and special values and checks every answer against
a direct NumPy computation: a call either returns the right result or raises ValueError/TypeError
naming an argument; nothing else, and no warning.
"""

from __future__ import annotations

import gzip
import inspect
import struct
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import nblib
from nblib.update import solves, success_rates

RNG = np.random.default_rng(0)
X, T = nblib.load_xor()                      # 4×2, 4×1 (±1)
WH, WO = nblib.initialize_weights(2, 3, 1, rng=0)
Z, Y, Z_RAW, Y_RAW = nblib.activations_for(X, WH, WO)
DH, DO = nblib.deltas_for(T, Z, Y, Z_RAW, Y_RAW, WH, WO)
SCORES = RNG.normal(size=(4, 3))
ONE_HOT = nblib.one_hot(np.array([0, 2, 1, 2]), 3)
P01 = np.array([[0.0], [1.0], [1.0], [0.0]])

# name -> (function, valid arguments by name). Every array argument is damaged in turn below.
CALLS = {
    "with_bias": (nblib.with_bias, dict(x=X)),
    "activations_for": (nblib.activations_for, dict(x=X, Wh=WH, Wo=WO)),
    "deltas_for": (nblib.deltas_for, dict(t=T, z=Z, y=Y, z_raw=Z_RAW, y_raw=Y_RAW, Wh=WH, Wo=WO)),
    "gradient_descent": (nblib.gradient_descent, dict(do=DO, dh=DH, x=X, z=Z, Wh=WH, Wo=WO)),
    "update_weights": (nblib.update_weights, dict(t=T, x=X, Wh=WH, Wo=WO)),
    "train": (lambda **a: nblib.train(**a, epochs=1), dict(x=X, t=T, Wh=WH, Wo=WO)),
    "errors_for": (nblib.errors_for, dict(t=T, y=Y)),
    "gradient_check_table": (nblib.gradient_check_table, dict(x=X, t=T, Wh=WH, Wo=WO)),
    "squared_error": (nblib.squared_error, dict(y=Y, t=T)),
    "squared_error_gradient": (nblib.squared_error_gradient, dict(y=Y, t=T)),
    "binary_cross_entropy": (nblib.binary_cross_entropy, dict(scores=Y_RAW, t=P01)),
    "binary_cross_entropy_gradient": (nblib.binary_cross_entropy_gradient, dict(scores=Y_RAW, t=P01)),
    "softmax": (nblib.softmax, dict(scores=SCORES)),
    "log_softmax": (nblib.log_softmax, dict(scores=SCORES)),
    "softmax_cross_entropy": (nblib.softmax_cross_entropy, dict(scores=SCORES, t=ONE_HOT)),
    "softmax_cross_entropy_gradient": (nblib.softmax_cross_entropy_gradient, dict(scores=SCORES, t=ONE_HOT)),
    "decode": (lambda outputs: nblib.decode(outputs, [0, 1, 2]), dict(outputs=SCORES)),
    "tanh": (nblib.tanh, dict(x=SCORES)),
    "sigmoid": (nblib.sigmoid, dict(x=SCORES)),
    "relu": (nblib.relu, dict(x=SCORES)),
    "identity": (nblib.identity, dict(x=SCORES)),
    "approximate_derivative": (lambda x: nblib.approximate_derivative(np.sin, x), dict(x=SCORES)),
    "relative_error": (nblib.relative_error, dict(a=SCORES, b=SCORES)),
    "feed_forward": (lambda x: nblib.feed_forward(x, [WH, WO]), dict(x=X)),
    "backpropagate": (lambda delta_L: nblib.backpropagate(delta_L, [X, Z_RAW, Y_RAW], [WH, WO]), dict(delta_L=DO)),
    "NeuralNetwork.train": (lambda X, T: list(nblib.NeuralNetwork([2, 3, 1]).train(X, T)), dict(X=X, T=T)),
    "NeuralNetwork.update_weights": (lambda t, x: nblib.NeuralNetwork([2, 3, 1]).update_weights(t, x),
                                     dict(t=T, x=X)),
    "NeuralNetwork.loss_for": (lambda t, x: nblib.NeuralNetwork([2, 3, 1]).loss_for(t, x), dict(t=T, x=X)),
    "NeuralNetwork.errors_for": (lambda t, x: nblib.NeuralNetwork([2, 3, 1]).errors_for(t, x), dict(t=T, x=X)),
    "NeuralNetwork.predictions_for": (lambda x: nblib.NeuralNetwork([2, 3, 1]).predictions_for(x), dict(x=X)),
    "network_gradient_check_table": (
        lambda x, t: nblib.network_gradient_check_table(nblib.NeuralNetwork([2, 2, 1]), x, t), dict(x=X, t=T)),
}


def _with(a: np.ndarray, index, value) -> np.ndarray:
    a = np.array(a, dtype=np.float64)
    a[index] = value
    return a


# damage -> (how, exception, words besides the argument's name)
DAMAGE = {
    "NaN": (lambda a: _with(a, (0,) * np.ndim(a), np.nan), ValueError, "nan at index"),
    "inf": (lambda a: _with(a, (-1,) * np.ndim(a), -np.inf), ValueError, "inf at index"),
    "booleans": (lambda a: np.asarray(a) > 0, TypeError, "booleans"),
    "complex": (lambda a: np.asarray(a) + 0j, TypeError, "complex"),
    "text": (lambda a: np.asarray(a).astype(str), TypeError, "text"),
    "objects": (lambda a: np.asarray(a).astype(object), TypeError, "Python objects"),
    "None": (lambda a: None, TypeError, "must be an array"),
    "ragged list": (lambda a: [[1.0, 2.0], [3.0]], ValueError, "ragged"),
}
MATRIX_DAMAGE = {
    "3-D": (lambda a: np.asarray(a)[None], ValueError, "has shape (1,"),
    "empty batch": (lambda a: np.asarray(a)[:0], ValueError, "has shape (0,"),
    "zero width": (lambda a: np.asarray(a)[:, :0], ValueError, ", 0)"),
}
ELEMENTWISE = {"tanh", "sigmoid", "relu", "identity", "approximate_derivative", "relative_error"}


def _generated_rows():
    for call, (func, valid) in CALLS.items():
        for arg in valid:
            damages = DAMAGE if call not in ELEMENTWISE else {k: v for k, v in DAMAGE.items() if k != "ragged list"}
            if call not in ELEMENTWISE:
                damages = {**damages, **MATRIX_DAMAGE}
            for damage, (how, error, words) in damages.items():
                if call == "relative_error" and damage == "None":
                    continue
                bad = {**valid, arg: how(valid[arg])}
                yield pytest.param(lambda f=func, a=bad: f(**a), error, [arg, words], id=f"{call}-{arg}-{damage}")


def _row(call_id, call, error, *words):
    return pytest.param(call, error, list(words), id=call_id)


NET = nblib.NeuralNetwork([2, 3, 1], rng=0)
SOFTMAX_NET = nblib.NeuralNetwork([2, 3, 3], loss="softmax_cross_entropy", rng=0)
BCE_NET = nblib.NeuralNetwork([2, 3, 1], loss="binary_cross_entropy", rng=0)

# Shapes that only make sense against another argument, hyperparameters and types, one by one.
HANDWRITTEN = [
    # -- the course's example: (N,) targets next to N×1 outputs are never broadcast
    _row("squared_error-t-(N,)", lambda: nblib.squared_error(Y, T.ravel()), ValueError,
         "t has shape (4,): expected N×K = 4×1, one row per example", "Use t.reshape(-1, 1)"),
    _row("squared_error_gradient-t-(N,)", lambda: nblib.squared_error_gradient(Y, T.ravel()), ValueError,
         "t has shape (4,)", "t.reshape(-1, 1)"),
    _row("binary_cross_entropy-t-(N,)", lambda: nblib.binary_cross_entropy(Y_RAW, P01.ravel()), ValueError,
         "t has shape (4,)", "t.reshape(-1, 1)"),
    _row("binary_cross_entropy_gradient-t-(N,)", lambda: nblib.binary_cross_entropy_gradient(Y_RAW, P01.ravel()),
         ValueError, "t has shape (4,)", "t.reshape(-1, 1)"),
    _row("errors_for-t-(N,)", lambda: nblib.errors_for(T.ravel(), Y), ValueError, "t has shape (4,)",
         "t.reshape(-1, 1)"),
    _row("deltas_for-t-(N,)", lambda: nblib.deltas_for(T.ravel(), Z, Y, Z_RAW, Y_RAW, WH, WO), ValueError,
         "t has shape (4,)", "t.reshape(-1, 1)"),
    _row("squared_error-y-(N,)", lambda: nblib.squared_error(Y.ravel(), T), ValueError, "y has shape (4,)",
         "y.reshape(1, -1)"),
    _row("squared_error-t-one-row", lambda: nblib.squared_error(Y, T[:1]), ValueError, "t has shape (1, 1)",
         "4×1"),
    _row("binary_cross_entropy-t-±1", lambda: nblib.binary_cross_entropy(Y_RAW, T), ValueError,
         "t must hold targets between 0 and 1", "(t + 1) / 2"),
    _row("binary_cross_entropy_gradient-t-±1", lambda: nblib.binary_cross_entropy_gradient(Y_RAW, T), ValueError,
         "between 0 and 1"),
    _row("softmax_cross_entropy-one-label-for-4-rows", lambda: nblib.softmax_cross_entropy(SCORES, np.array([1])),
         ValueError, "t has shape (1,)", "one class index per row"),
    _row("softmax_cross_entropy_gradient-one-label", lambda: nblib.softmax_cross_entropy_gradient(SCORES, [1]),
         ValueError, "t has shape (1,)"),
    _row("softmax_cross_entropy-float-labels", lambda: nblib.softmax_cross_entropy(SCORES, np.array([0.0, 1, 2, 1])),
         ValueError, "t has shape (4,)", "integer dtype"),
    _row("softmax_cross_entropy-label-out-of-range",
         lambda: nblib.softmax_cross_entropy(SCORES, np.array([0, 1, 2, 3])), ValueError, "labels must lie in 0..2"),
    _row("softmax_cross_entropy-t-wrong-K", lambda: nblib.softmax_cross_entropy(SCORES, ONE_HOT[:, :2]), ValueError,
         "t has shape (4, 2)"),
    _row("softmax_cross_entropy-t-negative", lambda: nblib.softmax_cross_entropy(SCORES, -ONE_HOT), ValueError,
         "between 0 and 1"),
    _row("softmax-(K,)", lambda: nblib.softmax(SCORES[0]), ValueError, "scores has shape (3,)", "reshape(1, -1)"),
    _row("one_hot-float-labels", lambda: nblib.one_hot(np.array([0.0, 1.0]), 2), ValueError, "labels", "integer"),
    _row("one_hot-2-D-labels", lambda: nblib.one_hot(np.array([[0, 1]]), 2), ValueError, "labels", "1-D"),
    _row("one_hot-num_classes-0", lambda: nblib.one_hot(np.array([0]), 0), ValueError, "num_classes", "≥ 1"),
    _row("one_hot-num_classes-2.5", lambda: nblib.one_hot(np.array([0]), 2.5), ValueError, "num_classes", "2.5"),
    _row("one_hot-num_classes-str", lambda: nblib.one_hot(np.array([0]), "3"), TypeError, "num_classes"),
    _row("decode-classes-too-few", lambda: nblib.decode(SCORES, [0, 1]), ValueError, "classes has shape (2,)",
         "expected (3,)"),
    _row("decode-classes-2-D", lambda: nblib.decode(SCORES, [[0, 1, 2]]), ValueError, "classes has shape (1, 3)"),
    _row("decode-NaN-row", lambda: nblib.decode(_with(SCORES, (2, 1), np.nan), [0, 1, 2]), ValueError,
         "outputs contains nan at index (2, 1)"),
    # -- two-layer shapes against each other
    _row("activations_for-x-3-columns", lambda: nblib.activations_for(np.zeros((4, 3)), WH, WO), ValueError,
         "Wh has shape (3, 3)", "(I+1)×J = 4×J", "x has I=3"),
    _row("activations_for-Wo-rows", lambda: nblib.activations_for(X, WH, np.zeros((3, 1))), ValueError,
         "Wo has shape (3, 1)", "(J+1)×K = 4×K"),
    _row("activations_for-x-(I,)", lambda: nblib.activations_for(X[0], WH, WO), ValueError, "x has shape (2,)",
         "x.reshape(1, -1)"),
    _row("deltas_for-t-rows", lambda: nblib.deltas_for(T[:3], Z, Y, Z_RAW, Y_RAW, WH, WO), ValueError,
         "t has shape (3, 1)", "N×K = 4×1"),
    _row("deltas_for-z-rows", lambda: nblib.deltas_for(T, Z[:3], Y, Z_RAW, Y_RAW, WH, WO), ValueError,
         "z has shape (3, 3)"),
    _row("deltas_for-z_raw-shape", lambda: nblib.deltas_for(T, Z, Y, Z_RAW[:, :2], Y_RAW, WH, WO), ValueError,
         "z_raw has shape (4, 2)", "the shape of z"),
    _row("deltas_for-y_raw-(N,)", lambda: nblib.deltas_for(T, Z, Y, Z_RAW, Y_RAW.ravel(), WH, WO), ValueError,
         "y_raw has shape (4,)", "y_raw.reshape(-1, 1)"),
    _row("deltas_for-Wo-columns", lambda: nblib.deltas_for(T, Z, Y, Z_RAW, Y_RAW, WH, np.zeros((4, 2))), ValueError,
         "Wo has shape (4, 2)"),
    _row("deltas_for-Wh-columns", lambda: nblib.deltas_for(T, Z, Y, Z_RAW, Y_RAW, WH[:, :2], WO), ValueError,
         "Wh has shape (3, 2)"),
    _row("gradient_descent-do-rows", lambda: nblib.gradient_descent(DO[:1], DH, X, Z, WH, WO), ValueError,
         "do has shape (1, 1)"),
    _row("gradient_descent-dh-shape", lambda: nblib.gradient_descent(DO, DH[:, :1], X, Z, WH, WO), ValueError,
         "dh has shape (4, 1)", "the shape of z"),
    _row("gradient_descent-Wh-columns", lambda: nblib.gradient_descent(DO, DH, X, Z, WH[:, :2], WO), ValueError,
         "Wh has shape (3, 2)"),
    _row("gradient_descent-eta-nan", lambda: nblib.gradient_descent(DO, DH, X, Z, WH, WO, np.nan), ValueError,
         "eta must be a finite number"),
    _row("gradient_descent-eta-inf", lambda: nblib.gradient_descent(DO, DH, X, Z, WH, WO, np.inf), ValueError, "eta"),
    _row("gradient_descent-eta-str", lambda: nblib.gradient_descent(DO, DH, X, Z, WH, WO, "0.1"), TypeError,
         "eta must be a number"),
    _row("gradient_descent-eta-bool", lambda: nblib.gradient_descent(DO, DH, X, Z, WH, WO, True), TypeError, "eta"),
    _row("update_weights-t-rows", lambda: nblib.update_weights(T[:2], X, WH, WO), ValueError, "t has shape (2, 1)"),
    _row("update_weights-eta-nan", lambda: nblib.update_weights(T, X, WH, WO, eta=np.nan), ValueError, "eta"),
    _row("update_weights-forward-not-callable", lambda: nblib.update_weights(T, X, WH, WO, forward=3), TypeError,
         "forward must be a function"),
    _row("update_weights-activation-not-callable", lambda: nblib.update_weights(T, X, WH, WO, np.tanh(0.5)),
         TypeError, "activation_function must be a function"),
    _row("errors_for-t-rows", lambda: nblib.errors_for(T[:3], Y), ValueError, "t has shape (3, 1)", "N×K = 4×1"),
    _row("errors_for-y-(N,)", lambda: nblib.errors_for(T, Y.ravel()), ValueError, "y has shape (4,)"),
    # -- hyperparameters of the two-layer training
    _row("train-eta-0", lambda: nblib.train(X, T, WH, WO, eta=0), ValueError, "eta must be a positive number"),
    _row("train-eta-negative", lambda: nblib.train(X, T, WH, WO, eta=-0.1), ValueError, "η > 0", "got -0.1"),
    _row("train-eta-nan", lambda: nblib.train(X, T, WH, WO, eta=np.nan), ValueError, "eta must be a finite"),
    _row("train-eta-str", lambda: nblib.train(X, T, WH, WO, eta="fast"), TypeError, "eta must be a number"),
    _row("train-epochs-0", lambda: nblib.train(X, T, WH, WO, epochs=0), ValueError,
         "epochs must be a whole number ≥ 1"),
    _row("train-epochs-2.5", lambda: nblib.train(X, T, WH, WO, epochs=2.5), ValueError, "epochs", "2.5"),
    _row("train-epochs-True", lambda: nblib.train(X, T, WH, WO, epochs=True), TypeError, "epochs"),
    _row("train-t-rows", lambda: nblib.train(X, T[:3], WH, WO), ValueError, "t has shape (3, 1)"),
    _row("train-t-K", lambda: nblib.train(X, np.zeros((4, 2)), WH, WO), ValueError, "t has shape (4, 2)", "4×1"),
    _row("train-unknown-function", lambda: nblib.train(X, T, WH, WO, forwrad=nblib.activations_for), TypeError,
         "forwrad"),
    _row("train-descend-not-callable", lambda: nblib.train(X, T, WH, WO, descend="mine"), TypeError, "descend"),
    _row("train-rng-str", lambda: nblib.train(X, T, WH, WO, rng="seed"), ValueError, "rng"),
    _row("solves-updates-2.9", lambda: solves(X, T, WH, WO, updates=2.9), ValueError, "updates", "2.9"),
    _row("solves-tolerance-0", lambda: solves(X, T, WH, WO, tolerance=0), ValueError, "tolerance"),
    _row("solves-tolerance-nan", lambda: solves(X, T, WH, WO, tolerance=np.nan), ValueError, "tolerance"),
    _row("success_rates-eta-negative", lambda: success_rates(X, T, [2], range(1), eta=-1), ValueError, "eta"),
    _row("initialize_weights-J-2.9", lambda: nblib.initialize_weights(2, 2.9, 1), ValueError, "J", "2.9"),
    _row("initialize_weights-J-0", lambda: nblib.initialize_weights(2, 0, 1), ValueError, "J=0"),
    _row("initialize_weights-I-str", lambda: nblib.initialize_weights("2", 2, 1), TypeError, "I must be a whole"),
    _row("initialize_weights-K-True", lambda: nblib.initialize_weights(2, 2, True), TypeError, "K"),
    _row("initialize_weights-K-nan", lambda: nblib.initialize_weights(2, 2, float("nan")), ValueError, "K"),
    _row("initialize_weights-rng", lambda: nblib.initialize_weights(2, 2, 1, rng=1.5), ValueError, "rng"),
    # -- activations, derivatives, gradient checks
    _row("derivative-not-a-function", lambda: nblib.derivative(3), TypeError, "activation_function"),
    _row("derivative-unknown-name", lambda: nblib.derivative("swish"), ValueError, "unknown activation 'swish'"),
    _row("approximate_derivative-f", lambda: nblib.approximate_derivative("tanh", SCORES), TypeError,
         "f must be a function"),
    _row("approximate_derivative-h-0", lambda: nblib.approximate_derivative(np.sin, SCORES, h=0), ValueError,
         "h must be a finite number > 0"),
    _row("approximate_derivative-h-nan", lambda: nblib.approximate_derivative(np.sin, SCORES, h=np.nan), ValueError,
         "h"),
    _row("sigmoid-str", lambda: nblib.sigmoid("0.5"), TypeError, "x must be an array of numbers", "str"),
    _row("relu-None", lambda: nblib.relu(None), TypeError, "x"),
    _row("numerical_gradient-param-list", lambda: nblib.numerical_gradient(lambda: 0.0, [1.0, 2.0]), TypeError,
         "param must be the float numpy array"),
    _row("numerical_gradient-param-int", lambda: nblib.numerical_gradient(lambda: 0.0, np.arange(3)), TypeError,
         "param", "int64"),
    _row("numerical_gradient-param-float16", lambda: nblib.numerical_gradient(lambda: 0.0, np.ones(3, np.float16)),
         ValueError, "param is float16", "finite differences cannot resolve"),
    _row("numerical_gradient-param-nan", lambda: nblib.numerical_gradient(lambda: 0.0, np.array([0.0, np.nan])),
         ValueError, "param contains nan at index 1"),
    _row("numerical_gradient-h-0", lambda: nblib.numerical_gradient(lambda: 0.0, np.ones(2), h=0), ValueError, "h"),
    _row("numerical_gradient-h-negative", lambda: nblib.numerical_gradient(lambda: 0.0, np.ones(2), h=-1e-5),
         ValueError, "h must be a finite number > 0"),
    _row("numerical_gradient-f-array", lambda: nblib.numerical_gradient(lambda: np.ones(2), np.ones(2)), TypeError,
         "f must return a scalar", "shape (2,)"),
    _row("numerical_gradient-f-None", lambda: nblib.numerical_gradient(lambda: None, np.ones(2)), TypeError,
         "f must return a scalar", "NoneType"),
    _row("numerical_gradient-f-nan", lambda: nblib.numerical_gradient(lambda: np.nan, np.ones(2)), ValueError,
         "f returned nan"),
    _row("numerical_gradient-f-not-callable", lambda: nblib.numerical_gradient(3.0, np.ones(2)), TypeError,
         "f must be a function"),
    _row("relative_error-shapes", lambda: nblib.relative_error(np.ones(3), np.ones((3, 1))), ValueError,
         "one shape", "(3,) and (3, 1)"),
    _row("gradient_check_table-t-rows", lambda: nblib.gradient_check_table(X, T[:3], WH, WO), ValueError,
         "t has shape (3, 1)"),
    _row("gradient_check_table-deltas", lambda: nblib.gradient_check_table(X, T, WH, WO, deltas=3), TypeError,
         "deltas must be a function"),
    _row("network_gradient_check_table-network", lambda: nblib.network_gradient_check_table("net", X, T), TypeError,
         "network must be a NeuralNetwork"),
    _row("network_gradient_check_table-float16",
         lambda: nblib.network_gradient_check_table(nblib.NeuralNetwork([2, 2, 1], dtype=np.float16), X, T),
         ValueError, "float16", "finite differences"),
    _row("network_gradient_check_table-x-columns",
         lambda: nblib.network_gradient_check_table(NET, np.zeros((4, 3)), T), ValueError, "x has shape (4, 3)"),
    # -- the N-layer functions and NeuralNetwork
    _row("feed_forward-Ws-array", lambda: nblib.feed_forward(X, WH), TypeError, "Ws must be a non-empty list"),
    _row("feed_forward-Ws-empty", lambda: nblib.feed_forward(X, []), TypeError, "Ws"),
    _row("feed_forward-Ws-chain", lambda: nblib.feed_forward(X, [WH, np.zeros((3, 1))]), ValueError,
         "Ws[1] has shape (3, 1)", "(n_1+1)×n_2 = 4×n_2"),
    _row("feed_forward-x-columns", lambda: nblib.feed_forward(np.zeros((4, 5)), [WH, WO]), ValueError,
         "Ws[0] has shape (3, 3)", "6×n_1"),
    _row("feed_forward-activation", lambda: nblib.feed_forward(X, [WH, WO], "tanh"), TypeError,
         "activation_function must be a function"),
    _row("feed_forward-output_activation", lambda: nblib.feed_forward(X, [WH, WO], np.tanh, 1), TypeError,
         "output_activation"),
    _row("backpropagate-z_raws-length", lambda: nblib.backpropagate(DO, [X, Z_RAW], [WH, WO]), TypeError,
         "z_raws must be the list of L+1"),
    _row("backpropagate-z_raws-shape", lambda: nblib.backpropagate(DO, [X, Z_RAW[:, :2], Y_RAW], [WH, WO]),
         ValueError, "z_raws[1] has shape (4, 2)"),
    _row("backpropagate-delta_L-columns", lambda: nblib.backpropagate(np.zeros((4, 2)), [X, Z_RAW, Y_RAW], [WH, WO]),
         ValueError, "delta_L has shape (4, 2)", "4×1"),
    _row("NeuralNetwork-num_nodes-2.9", lambda: nblib.NeuralNetwork([2, 2.9, 1]), ValueError, "num_nodes[1]", "2.9"),
    _row("NeuralNetwork-num_nodes-int", lambda: nblib.NeuralNetwork(3), TypeError, "num_nodes must be a list"),
    _row("NeuralNetwork-num_nodes-str", lambda: nblib.NeuralNetwork("221"), TypeError, "num_nodes"),
    _row("NeuralNetwork-num_nodes-one", lambda: nblib.NeuralNetwork([3]), ValueError, "at least 2 layer sizes"),
    _row("NeuralNetwork-num_nodes-zero", lambda: nblib.NeuralNetwork([3, 0, 1]), ValueError, "each ≥ 1"),
    _row("NeuralNetwork-num_nodes-None", lambda: nblib.NeuralNetwork([3, None, 1]), TypeError, "num_nodes[1]"),
    _row("NeuralNetwork-eta-0", lambda: nblib.NeuralNetwork([2, 1], eta=0), ValueError, "eta must be a positive"),
    _row("NeuralNetwork-eta-negative", lambda: nblib.NeuralNetwork([2, 1], eta=-0.5), ValueError, "η > 0"),
    _row("NeuralNetwork-eta-inf", lambda: nblib.NeuralNetwork([2, 1], eta=np.inf), ValueError, "eta"),
    _row("NeuralNetwork-eta-str", lambda: nblib.NeuralNetwork([2, 1], eta="0.1"), TypeError, "eta"),
    _row("NeuralNetwork-momentum-1", lambda: nblib.NeuralNetwork([2, 1], momentum=1.0), ValueError, "momentum", "< 1"),
    _row("NeuralNetwork-momentum-negative", lambda: nblib.NeuralNetwork([2, 1], momentum=-0.1), ValueError, "≥ 0"),
    _row("NeuralNetwork-l1-negative", lambda: nblib.NeuralNetwork([2, 1], l1=-1e-4), ValueError, "l1", "≥ 0"),
    _row("NeuralNetwork-l2-negative", lambda: nblib.NeuralNetwork([2, 1], l2=-1e-4), ValueError, "l2", "≥ 0"),
    _row("NeuralNetwork-l2-nan", lambda: nblib.NeuralNetwork([2, 1], l2=np.nan), ValueError, "l2"),
    _row("NeuralNetwork-dtype-int", lambda: nblib.NeuralNetwork([2, 1], dtype=np.int64), TypeError, "dtype",
         "float dtype"),
    _row("NeuralNetwork-dtype-nonsense", lambda: nblib.NeuralNetwork([2, 1], dtype="fast"), TypeError, "dtype"),
    _row("NeuralNetwork-loss", lambda: nblib.NeuralNetwork([2, 1], loss="hinge"), ValueError, "unknown loss"),
    _row("NeuralNetwork-activation", lambda: nblib.NeuralNetwork([2, 1], 3), TypeError, "activation_function"),
    _row("NeuralNetwork.train-epochs-0", lambda: NET.train(X, T, epochs=0), ValueError, "epochs"),
    _row("NeuralNetwork.train-batch_size-0", lambda: NET.train(X, T, batch_size=0), ValueError, "batch_size", "≥ 1"),
    _row("NeuralNetwork.train-batch_size-2.5", lambda: NET.train(X, T, batch_size=2.5), ValueError, "batch_size"),
    _row("NeuralNetwork.train-T-rows", lambda: NET.train(X, T[:3]), ValueError, "T has shape (3, 1)", "4×1"),
    _row("NeuralNetwork.train-T-labels", lambda: SOFTMAX_NET.train(X, np.array([0, 1, 2, 1])), ValueError,
         "T has shape (4,)", "one_hot(T, 3)"),
    _row("NeuralNetwork.train-BCE-±1", lambda: BCE_NET.train(X, T), ValueError, "between 0 and 1"),
    _row("NeuralNetwork.update_weights-x-columns", lambda: NET.update_weights(T, np.zeros((4, 3))), ValueError,
         "x has shape (4, 3)", "N×I = N×2"),
    _row("NeuralNetwork.deltas_for-t-rows", lambda: NET.deltas_for(T[:2], *NET.activations_for(X)), ValueError,
         "t has shape (2, 1)"),
    _row("NeuralNetwork.errors_for-t-K", lambda: NET.errors_for(np.zeros((4, 2)), X), ValueError, "t has shape (4, 2)"),
    # -- data sets
    _row("load_spiral-noise-negative", lambda: nblib.load_spiral(noise=-0.1), ValueError, "noise", "≥ 0"),
    _row("load_spiral-noise-nan", lambda: nblib.load_spiral(noise=np.nan), ValueError, "noise"),
    _row("load_xor-binary-str", lambda: nblib.load_xor("yes"), TypeError, "binary"),
    _row("load_mnist-path-int", lambda: nblib.load_mnist(3), TypeError, "path"),
]


@pytest.mark.parametrize(("call", "error", "words"), [*_generated_rows(), *HANDWRITTEN])
def test_bad_input_gets_a_clear_error(call, error, words):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error) as caught:
            call()
    for word in words:
        assert word in str(caught.value), f"{word!r} not in: {caught.value}"


def test_the_table_has_a_few_hundred_rows():
    assert len(list(_generated_rows())) + len(HANDWRITTEN) >= 300


# -- what must keep working ---------------------------------------------------------------------------

def test_unambiguous_inputs_are_converted_not_rejected():
    x_list, t_vector = X.tolist(), T.ravel()        # lists, and (N,) targets where the network fixes K = 1
    Wh, Wo = nblib.update_weights(t_vector, x_list, WH, WO)
    assert np.array_equal(Wh, nblib.update_weights(T, X, WH, WO)[0])
    step = next(nblib.train(x_list, t_vector, WH, WO))
    assert step.Wh.shape == WH.shape
    assert NET.errors_for(t_vector, X) == NET.errors_for(T, X)
    assert np.array_equal(nblib.with_bias([[1, 2]]), [[1.0, 1.0, 2.0]])  # ints become floats
    assert nblib.with_bias(np.ones((1, 2), np.float32)).dtype == np.float32


def test_gradient_descent_is_a_building_block_that_takes_a_negative_eta():
    up = nblib.gradient_descent(DO, DH, X, Z, WH, WO, eta=-0.1)  # notebook 03's "sign flipped" demo
    down = nblib.gradient_descent(DO, DH, X, Z, WH, WO, eta=0.1)
    assert np.allclose(up[0] - WH, -(down[0] - WH))


def test_a_rejected_partial_fit_leaves_no_half_initialised_classifier():
    from nblib import NetworkClassifier

    model = NetworkClassifier(hidden_layer_sizes=(3,), epochs=1)
    with pytest.raises(ValueError, match="not among the classes"):
        model.partial_fit(np.eye(4), [0, 1, 2, 3], classes=[0, 1])
    assert vars(model) == vars(NetworkClassifier(hidden_layer_sizes=(3,), epochs=1))
    model.partial_fit(np.eye(4), [0, 1, 2, 3])  # and it starts cleanly afterwards
    assert list(model.classes_) == [0, 1, 2, 3]
    fitted = dict(vars(model))
    with pytest.raises(ValueError):
        model.partial_fit(np.full((4, 4), np.nan), [0, 1, 2, 3])
    assert vars(model).keys() == fitted.keys() and all(vars(model)[k] is fitted[k] for k in fitted)


def test_a_rejected_fit_keeps_the_fitted_classifier():
    from nblib import NetworkClassifier

    model = NetworkClassifier(hidden_layer_sizes=(3,), epochs=1).fit(np.eye(4), [0, 1, 0, 1])
    model.set_params(momentum=2.0)
    before = dict(vars(model))
    with pytest.raises(ValueError, match="momentum"):
        model.fit(np.ones((4, 5)), [0, 1, 0, 1])
    assert all(vars(model)[k] is before[k] for k in before) and model.n_features_in_ == 4


def test_predict_never_turns_a_diverged_network_into_confident_labels():
    from nblib import NetworkClassifier

    model = NetworkClassifier(hidden_layer_sizes=(3,), epochs=1).fit(np.eye(4), [0, 1, 0, 1])
    model.network_.Ws[0][:] = np.nan
    with pytest.raises(ValueError, match="nan"):
        model.predict(np.eye(4))


# -- loaders ------------------------------------------------------------------------------------------

def _idx(path, header: bytes, data: bytes = b""):
    with gzip.open(path, "wb") as f:
        f.write(header + data)
    return path


@pytest.mark.parametrize(("header", "data", "words"), [
    (struct.pack(">HBB", 0, 8, 0), b"", "corrupt header"),                                  # 0 dimensions
    (struct.pack(">HBB", 0, 8, 3) + b"\0\0", b"", "corrupt header"),                         # header cut short
    (struct.pack(">HBB", 0, 8, 2) + struct.pack(">2I", 1, 784), bytes(784), "corrupt header"),  # N×784, not N×28×28
    (struct.pack(">HBB", 0, 8, 3) + struct.pack(">3I", 1, 20, 20), bytes(400), "20×20 pixels"),
    (struct.pack(">HBB", 0, 8, 3) + struct.pack(">3I", 2**32 - 1, 2**32 - 1, 2**32 - 1), b"",
     "4294967295×4294967295 pixels"),
    (struct.pack(">HBB", 0, 8, 3) + struct.pack(">3I", 2**32 - 1, 28, 28), bytes(784), "truncated or corrupt"),
])
def test_corrupt_or_overflowing_idx_headers_are_named(tmp_path, header, data, words):
    folder = tmp_path / "idx"
    folder.mkdir()
    for key, name in nblib.datasets.IDX_FILES.items():
        if key.startswith("x"):
            _idx(folder / name, header, data)
        else:
            _idx(folder / name, struct.pack(">HBB", 0, 8, 1) + struct.pack(">I", 1), bytes(1))
    with pytest.raises(nblib.DataError, match="train-images-idx3-ubyte.gz") as caught:
        nblib.load_mnist(folder)
    assert words in str(caught.value)


def test_a_npy_file_where_an_npz_belongs_is_named(tmp_path):
    np.save(tmp_path / "mnist.npy", np.zeros(3))
    with pytest.raises(nblib.DataError, match=r"mnist\.npy is a \.npy file"):
        nblib.load_mnist(tmp_path / "mnist.npy")
    (tmp_path / "renamed.npz").write_bytes((tmp_path / "mnist.npy").read_bytes())
    with pytest.raises(nblib.DataError, match=r"renamed\.npz holds a single array \(the \.npy format\)"):
        nblib.load_mnist(tmp_path / "renamed.npz")


# -- widgets: rejected before a single widget is built --------------------------------------------------

def _widget_rows():
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from nblib import NetworkClassifier

    model = NetworkClassifier(hidden_layer_sizes=(3,), epochs=1)
    yield "TrainingDashboard-t-rows", lambda: nblib.TrainingDashboard(X, T[:3]), ValueError, "t has shape (3, 1)"
    yield "TrainingDashboard-x-nan", lambda: nblib.TrainingDashboard(_with(X, (1, 1), np.nan), T), ValueError, "x"
    yield "TrainingDashboard-eta", lambda: nblib.TrainingDashboard(X, T, eta=-0.1), ValueError, "eta"
    yield "TrainingDashboard-hidden", lambda: nblib.TrainingDashboard(X, T, hidden=2.9), ValueError, "hidden"
    yield "TrainingDashboard-epochs", lambda: nblib.TrainingDashboard(X, T, epochs=0), ValueError, "epochs"
    yield "TrainingDashboard-seed", lambda: nblib.TrainingDashboard(X, T, seed="0"), TypeError, "seed"
    yield "TrainingDashboard-descend", lambda: nblib.TrainingDashboard(X, T, descend=None), TypeError, "descend"
    yield ("TrainingDashboard-network-outputs", lambda: nblib.TrainingDashboard(X, T, network=nblib.NeuralNetwork(
        [2, 3, 2])), ValueError, "one column per output node of the network [2, 3, 2]")
    yield ("TrainingDashboard-network-inputs", lambda: nblib.TrainingDashboard(X, T, network=nblib.NeuralNetwork(
        [3, 3, 1])), ValueError, "one column per input node of the network [3, 3, 1]")
    yield "TrainingDashboard-network-type", lambda: nblib.TrainingDashboard(X, T, network="net"), TypeError, "network"
    yield ("TrainingDashboard-batch_size", lambda: nblib.TrainingDashboard(X, T, network=NET, batch_size=0),
           ValueError, "batch_size")
    yield "NetworkExplorer-Wh", lambda: nblib.NetworkExplorer(WH[:2], WO, X, T), ValueError, "Wh has shape (2, 3)"
    yield "NetworkExplorer-t", lambda: nblib.NetworkExplorer(WH, WO, X, T[:1]), ValueError, "t has shape (1, 1)"
    yield "NetworkExplorer-forward", lambda: nblib.NetworkExplorer(WH, WO, X, T, forward=1), TypeError, "forward"
    yield ("LiveTraining-model", lambda: nblib.LiveTraining("model", np.eye(4), [0, 1, 0, 1], np.eye(4), [0, 1, 0, 1]),
           TypeError, "model must be a NetworkClassifier")
    yield ("LiveTraining-y_train", lambda: nblib.LiveTraining(model, np.eye(4), [0, 1], np.eye(4), [0, 1, 0, 1]),
           ValueError, "y_train has shape (2,)")
    yield ("LiveTraining-X_test", lambda: nblib.LiveTraining(model, np.eye(4), [0, 1, 0, 1], np.ones((2, 3)), [0, 1]),
           ValueError, "X_test")
    yield ("LiveTraining-pipeline-every", lambda: nblib.LiveTraining(make_pipeline(StandardScaler(), model), np.eye(4),
           [0, 1, 0, 1], np.eye(4), [0, 1, 0, 1], every=0), ValueError, "every")
    yield ("MisclassifiedBrowser-y_pred", lambda: nblib.MisclassifiedBrowser(np.zeros((2, 4)), [0, 1], [0], np.eye(2),
           [0, 1]), ValueError, "y_pred has shape (1,)")
    yield ("MisclassifiedBrowser-outputs", lambda: nblib.MisclassifiedBrowser(np.zeros((2, 4)), [0, 1], [1, 0],
           np.eye(2)[:, :1], [0, 1]), ValueError, "outputs has shape (2, 1)")
    yield ("MisclassifiedBrowser-outputs-nan", lambda: nblib.MisclassifiedBrowser(np.zeros((2, 4)), [0, 1], [1, 0],
           _with(np.eye(2), (1, 0), np.nan), [0, 1]), ValueError, "outputs contains nan at index (1, 0)")


@pytest.mark.parametrize("row", list(_widget_rows()), ids=lambda row: row[0])
def test_widgets_reject_bad_data_before_building_anything(row):
    from ipywidgets.widgets import widget

    _, call, error, words = row
    before = len(widget._instances)
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")
                       .replace("]", r"\]")):
        call()
    assert len(widget._instances) == before


# -- part 2: generated shapes, dtypes and special values, answers checked against direct NumPy -----------

class Rejected(AssertionError):
    """The reference saw an input the function should have refused."""


def _real(a, ndim=None) -> np.ndarray:
    if isinstance(a, (str, bytes)) or a is None:
        raise Rejected("not an array")
    a = np.asarray(a)
    if a.dtype.kind not in "iuf" or not np.isfinite(a.astype(np.float64)).all():
        raise Rejected(f"dtype {a.dtype} or a NaN/inf was accepted")
    if ndim is not None and (a.ndim != ndim or (ndim == 2 and 0 in a.shape)):
        raise Rejected(f"shape {a.shape} was accepted")
    return a.astype(np.float64)


def _shaped(a, shape) -> np.ndarray:
    a = _real(a, len(shape))
    if a.shape != tuple(shape):
        raise Rejected(f"shape {a.shape} was accepted where {tuple(shape)} belongs")
    return a


def _bias(a):
    return np.hstack([np.ones((len(a), 1)), a])


def _softmax(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _ref_forward(x, Wh, Wo):
    x = _real(x, 2)
    Wh = _shaped(Wh, (x.shape[1] + 1, np.shape(Wh)[-1]))
    Wo = _shaped(Wo, (Wh.shape[1] + 1, np.shape(Wo)[-1]))
    z_raw = _bias(x) @ Wh
    y_raw = _bias(np.tanh(z_raw)) @ Wo
    return np.tanh(z_raw), np.tanh(y_raw), z_raw, y_raw


def _ref_deltas(t, z, y, z_raw, y_raw, Wh, Wo):
    y = _real(y, 2)
    t, y_raw = _shaped(t, y.shape), _shaped(y_raw, y.shape)
    z = _shaped(z, (len(y), np.shape(z)[-1]))
    z_raw, Wh = _shaped(z_raw, z.shape), _shaped(Wh, (np.shape(Wh)[0], z.shape[1]))
    Wo = _shaped(Wo, (z.shape[1] + 1, y.shape[1]))
    do = (y - t) * (1 - np.tanh(y_raw) ** 2)
    return (do @ Wo[1:].T) * (1 - np.tanh(z_raw) ** 2), do


def _ref_descent(do, dh, x, z, Wh, Wo):
    x = _real(x, 2)
    z = _shaped(z, (len(x), np.shape(z)[-1]))
    dh, Wh = _shaped(dh, z.shape), _shaped(Wh, (x.shape[1] + 1, z.shape[1]))
    Wo = _shaped(Wo, (z.shape[1] + 1, np.shape(Wo)[-1]))
    do = _shaped(do, (len(x), Wo.shape[1]))
    return Wh - 0.1 / len(x) * _bias(x).T @ dh, Wo - 0.1 / len(x) * _bias(z).T @ do


def _ref_pair(y, t):
    y = _real(y, 2)
    return y, _shaped(t, y.shape)


def _ref_errors(t, y):
    y, t = _ref_pair(y, t)
    threshold = 0.5 if t.min() >= 0 else 0.0
    return np.mean((y - t) ** 2), np.mean((y > threshold) != (t > threshold))


def _probabilities(t):
    if t.min() < 0 or t.max() > 1:
        raise Rejected("targets outside [0, 1] were accepted by a cross-entropy")
    return t


def _ref_bce(s, t):
    s, t = _ref_pair(s, t)
    t = _probabilities(t)
    return np.sum(t * np.logaddexp(0, -s) + (1 - t) * np.logaddexp(0, s)) / len(s)


def _ref_bce_gradient(s, t):
    s, t = _ref_pair(s, t)
    return (1 / (1 + np.exp(-np.clip(s, -700, 700))) - _probabilities(t)) / len(s)


def _ref_targets(s, t):
    s = _real(s, 2)
    if np.ndim(t) == 1 and np.asarray(t).dtype.kind in "iu":
        labels = np.asarray(t)
        if len(labels) != len(s) or labels.min() < 0 or labels.max() >= s.shape[1]:
            raise Rejected("labels of the wrong length or range were accepted")
        return s, np.eye(s.shape[1])[labels]
    return s, _probabilities(_shaped(t, s.shape))


def _ref_sce(s, t):
    s, t = _ref_targets(s, t)
    return -np.sum(t * np.log(_softmax(s))) / len(s) if np.all(_softmax(s) > 0) else _skip()


def _ref_sce_gradient(s, t):
    s, t = _ref_targets(s, t)
    return (_softmax(s) - t) / len(s)


def _ref_decode(outputs):
    outputs = _real(outputs, 2)
    if outputs.shape[1] != 3:
        raise Rejected("outputs whose columns do not match the 3 classes were accepted")
    return np.array(["a", "b", "c"])[np.argmax(outputs, axis=1)]


def _ref_one_hot(labels):
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu" or (labels.size and (labels.min() < 0 or labels.max() > 2)):
        raise Rejected("labels that are not 1-D integers in 0..2 were accepted")
    return np.eye(3)[labels]


def _ref_feed_forward(x):
    x = _shaped(x, (np.shape(x)[0] if np.ndim(x) else -1, 2))
    z_raw = _bias(x) @ WH
    return np.tanh(_bias(np.tanh(z_raw)) @ WO)


def _ref_relative_error(a, b):
    a, b = _real(a), _real(b)
    if a.shape != b.shape:
        raise Rejected("arrays of different shapes were compared")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else np.linalg.norm(a - b) / scale


def _skip():
    raise Rejected("skip")


# name -> (call taking the generated arrays, reference, the arguments' names, a valid example of each)
GENERATED = {
    "with_bias": (nblib.with_bias, lambda x: _bias(_real(x, 2)), ("x",), (X,)),
    "activations_for": (nblib.activations_for, _ref_forward, ("x", "Wh", "Wo"), (X, WH, WO)),
    "deltas_for": (nblib.deltas_for, _ref_deltas, ("t", "z", "y", "z_raw", "y_raw", "Wh", "Wo"),
                   (T, Z, Y, Z_RAW, Y_RAW, WH, WO)),
    "gradient_descent": (nblib.gradient_descent, _ref_descent, ("do", "dh", "x", "z", "Wh", "Wo"),
                         (DO, DH, X, Z, WH, WO)),
    "errors_for": (nblib.errors_for, _ref_errors, ("t", "y"), (T, Y)),
    "squared_error": (nblib.squared_error, lambda y, t: np.sum((np.subtract(*_ref_pair(y, t))) ** 2) / 2 / len(y),
                      ("y", "t"), (Y, T)),
    "squared_error_gradient": (nblib.squared_error_gradient, lambda y, t: np.subtract(*_ref_pair(y, t)) / len(y),
                               ("y", "t"), (Y, T)),
    "binary_cross_entropy": (nblib.binary_cross_entropy, _ref_bce, ("scores", "t"), (Y_RAW, P01)),
    "binary_cross_entropy_gradient": (nblib.binary_cross_entropy_gradient, _ref_bce_gradient, ("scores", "t"),
                                      (Y_RAW, P01)),
    "softmax": (nblib.softmax, lambda s: _softmax(_real(s, 2)), ("scores",), (SCORES,)),
    "log_softmax": (nblib.log_softmax, lambda s: np.log(_softmax(_real(s, 2))) if np.all(_softmax(_real(s, 2)) > 0)
                    else _skip(), ("scores",), (SCORES,)),
    "softmax_cross_entropy": (nblib.softmax_cross_entropy, _ref_sce, ("scores", "t"), (SCORES, ONE_HOT)),
    "softmax_cross_entropy_gradient": (nblib.softmax_cross_entropy_gradient, _ref_sce_gradient, ("scores", "t"),
                                       (SCORES, ONE_HOT)),
    "decode": (lambda outputs: nblib.decode(outputs, ["a", "b", "c"]), _ref_decode, ("outputs",), (SCORES,)),
    "one_hot": (lambda labels: nblib.one_hot(labels, 3), _ref_one_hot, ("labels",), (np.array([0, 2, 1]),)),
    "tanh": (nblib.tanh, lambda x: np.tanh(_real(x)), ("x",), (SCORES,)),
    "sigmoid": (nblib.sigmoid, lambda x: 1 / (1 + np.exp(-np.clip(_real(x), -700, 700))), ("x",), (SCORES,)),
    "relu": (nblib.relu, lambda x: np.maximum(_real(x), 0), ("x",), (SCORES,)),
    "identity": (nblib.identity, _real, ("x",), (SCORES,)),
    "relative_error": (nblib.relative_error, _ref_relative_error, ("a", "b"), (SCORES, SCORES + 1)),
    "feed_forward": (lambda x: nblib.feed_forward(x, [WH, WO])[0][-1], _ref_feed_forward, ("x",), (X,)),
    "NeuralNetwork.predictions_for": (
        lambda x: nblib.NeuralNetwork([2, 3, 1], rng=0).predictions_for(x),
        lambda x: _ref_network(_shaped(x, (np.shape(x)[0] if np.ndim(x) else -1, 2))), ("x",), (X,)),
}
_NETWORK = nblib.NeuralNetwork([2, 3, 1], rng=0)


def _ref_network(x):
    W1, W2 = _NETWORK.Ws
    return np.tanh(_bias(np.tanh(_bias(x) @ W1)) @ W2)


SPECIAL = [np.nan, np.inf, -np.inf, 1e6, -1e6, 0.0]
DTYPES = [np.float64, np.float32, np.int64, np.uint8, np.float16, bool, complex, object, str]


@st.composite
def _damaged(draw, valid: np.ndarray):
    """The valid array, or one of another shape; of any dtype; maybe with a special value; maybe as a list."""
    shape = valid.shape
    if draw(st.booleans()):
        shape = tuple(draw(st.lists(st.integers(0, 4), min_size=0, max_size=3)))
    a = draw(st.lists(st.floats(-10, 10), min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
    a = np.array(a, dtype=np.float64).reshape(shape)
    if a.size and draw(st.booleans()):
        a[np.unravel_index(draw(st.integers(0, a.size - 1)), shape)] = draw(st.sampled_from(SPECIAL))
    dtype = draw(st.sampled_from(DTYPES))
    if dtype in (np.int64, np.uint8):
        a = np.nan_to_num(np.abs(a) if dtype is np.uint8 else a, posinf=9, neginf=-9).round()
    with np.errstate(all="ignore"):
        a = a.astype(dtype)
    return a.tolist() if draw(st.booleans()) and dtype is not object else a


@st.composite
def _arguments(draw, valid: tuple):
    """Every argument valid but one (the common case of a mistake), or two damaged at once."""
    args = list(valid)
    for i in draw(st.lists(st.integers(0, len(valid) - 1), min_size=1, max_size=2, unique=True)):
        args[i] = draw(_damaged(np.asarray(valid[i])))
    return args


def _close(result, expected) -> bool:
    if isinstance(expected, tuple):
        return len(result) == len(expected) and all(_close(r, e) for r, e in zip(result, expected))
    result, expected = np.asarray(result), np.asarray(expected)
    if expected.dtype.kind in "US":
        return np.array_equal(result, expected)
    return result.shape == expected.shape and np.allclose(result, expected, rtol=2e-3, atol=1e-4)


@pytest.mark.parametrize("name", list(GENERATED))
@hypothesis_settings(max_examples=40)
@given(data=st.data())
def test_generated_input_gets_the_right_answer_or_an_error_naming_the_argument(name, data):
    func, reference, names, valid = GENERATED[name]
    args = data.draw(_arguments(valid))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning is a failure
        try:
            result = func(*args)
        except (ValueError, TypeError) as exc:
            assert any(n in str(exc) for n in names), f"{name}: the error names no argument: {exc}"
            return
    try:
        with np.errstate(all="ignore"):
            expected = reference(*args)
    except Rejected as exc:
        if str(exc) == "skip":
            return
        raise AssertionError(f"{name} accepted {[np.shape(a) for a in args]} and returned {result!r}: {exc}") from None
    assert _close(result, expected), f"{name}: {result!r} differs from NumPy's {expected!r}"


def test_every_public_function_is_covered_or_named_as_out_of_scope():
    covered = {name.split(".")[0].split("-")[0] for name in [*CALLS, *GENERATED]} | {
        row.id.split("-")[0].split(".")[0] for row in HANDWRITTEN} | {
        row[0].split("-")[0] for row in _widget_rows()} | {"load_mnist", "NetworkClassifier", "initialize_weights"}
    # checks never raise by design (tests/test_checks.py); plots are drawn from data nblib produced;
    # TrainingStep / NetworkStep / ClassifierStep / LivePoint / CheckResult / DataError are records, not entry
    # points; single_threaded takes no data.
    out_of_scope = {"check", "checked", "show_reference", "show_solution", "CheckResult", "DataError", "TrainingStep",
                    "NetworkStep", "LivePoint", "single_threaded", "plot_early_stopping",
                    "ClassifierStep", "load_digits", "NetworkGraph", "plot_network", "plot_training_curves",
                    "plot_activations", "plot_derivative_errors", "plot_decision_boundary", "plot_unit_heatmaps",
                    "plot_digits", "plot_confusion_matrix", "confusion_counts", "plot_weight_images"}
    public = {name for name in nblib.__all__ if callable(getattr(nblib, name)) or inspect.isclass(getattr(nblib, name))}
    assert public - covered - out_of_scope == set()
