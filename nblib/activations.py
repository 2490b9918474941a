"""Activation functions and their derivatives (notebook 01).

Every activation is applied elementwise to the *raw* value ``z_raw`` of a layer.
Its derivative is a function of that same raw value: ``derivative(f)(z_raw)``.
The known activations are looked up in a table (as scikit-learn's
``neural_network`` does); any other function gets a central-difference
approximation, so a student may pass their own activation and still train.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .validation import as_array, as_function, as_number

Activation = Callable[[np.ndarray], np.ndarray]


def tanh(x: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent, range (-1, 1). Same as ``np.tanh``."""
    return np.tanh(as_array("x", x))


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic sigmoid 1 / (1 + e^-x), range (0, 1).

    Written so it never overflows: for x < 0 it uses e^x / (1 + e^x), so the
    exponent is always of a non-positive number (no warning at x = ±1000).
    """
    return _sigmoid(as_array("x", x))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def relu(x: np.ndarray) -> np.ndarray:
    """Rectified linear unit max(0, x)."""
    return np.maximum(as_array("x", x), 0)


def identity(x: np.ndarray) -> np.ndarray:
    """The identity: a linear unit, used for regression outputs."""
    return as_array("x", x)


def _relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0)


def _identity(x: np.ndarray) -> np.ndarray:
    return x


def _tanh_prime(x: np.ndarray) -> np.ndarray:
    return 1 - np.tanh(x) ** 2


def _sigmoid_prime(x: np.ndarray) -> np.ndarray:
    s = _sigmoid(x)
    return s * (1 - s)


def _relu_prime(x: np.ndarray) -> np.ndarray:
    # The kink at 0 gets derivative 0, the usual convention.
    return (np.asarray(x) > 0).astype(np.result_type(x, np.float32))


def _identity_prime(x: np.ndarray) -> np.ndarray:
    return np.ones_like(x)


# The table: activation -> derivative with respect to the raw value.
# np.tanh is listed next to nblib's tanh because the seed notebooks pass np.tanh.
DERIVATIVES: dict[Callable, Activation] = {
    tanh: _tanh_prime,
    np.tanh: _tanh_prime,
    sigmoid: _sigmoid_prime,
    relu: _relu_prime,
    identity: _identity_prime,
    _sigmoid: _sigmoid_prime,  # the unchecked cores (below) the training loops run
    _relu: _relu_prime,
    _identity: _identity_prime,
}


# The checked activations' unchecked cores, for the training loops (their input is checked once).
UNCHECKED: dict[Callable, Activation] = {tanh: np.tanh, sigmoid: _sigmoid, relu: _relu, identity: _identity}


def unchecked(f: Activation) -> Activation:
    """The core of a checked nblib activation (f itself for any other function)."""
    return UNCHECKED.get(f, f)


def approximate_derivative(f: Activation, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central difference (f(x + h) - f(x - h)) / 2h, elementwise; same shape as x.

    The error is O(h^2); h = 1e-5 balances it against float64 round-off.
    """
    f = as_function("f", f)
    x = as_array("x", x).astype(np.float64, copy=False)
    return _approximate_derivative(f, x, as_number("h", h, low=0.0, low_open=True))


def _approximate_derivative(f: Activation, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    return (f(x + h) - f(x - h)) / (2 * h)


def derivative(f: Activation) -> Activation:
    """The derivative of activation ``f`` as a function of the raw value.

    Exact for tanh (``np.tanh`` too), sigmoid, relu and identity; a
    central-difference approximation for any other function.

    >>> derivative(np.tanh)(np.array([0.0]))
    array([1.])
    """
    f = activation_named(f)
    if f in DERIVATIVES:
        return DERIVATIVES[f]
    return lambda x: _approximate_derivative(f, np.asarray(x, dtype=np.float64))


ACTIVATIONS: dict[str, Activation] = {
    "tanh": tanh,
    "sigmoid": sigmoid,
    "relu": relu,
    "identity": identity,
}


def activation_named(f: str | Activation) -> Activation:
    """Accept an activation given by name ("tanh", ...) or as a function."""
    if callable(f):
        return f
    if not isinstance(f, str):
        raise TypeError(f"activation_function must be a function or one of {sorted(ACTIVATIONS)}; "
                        f"got {type(f).__name__} {f!r}")
    if f not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {f!r}: expected one of {sorted(ACTIVATIONS)} or a function"
        )
    return ACTIVATIONS[f]
