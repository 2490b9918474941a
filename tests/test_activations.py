"""Activations and derivatives: exact against finite differences, stable at the extremes."""

import warnings

import numpy as np
import pytest

import nblib
from nblib.activations import activation_named

X = np.linspace(-6, 6, 101) + 0.013  # avoids the ReLU kink at exactly 0


@pytest.mark.parametrize("f", [nblib.tanh, np.tanh, nblib.sigmoid, nblib.relu, nblib.identity])
def test_known_derivatives_match_central_differences(f):
    exact = nblib.derivative(f)(X)
    numeric = nblib.approximate_derivative(f, X)
    assert nblib.relative_error(exact, numeric) < 1e-9


def test_unknown_function_gets_a_numerical_derivative():
    def softplus(x):
        return np.logaddexp(0, x)

    assert np.allclose(nblib.derivative(softplus)(X), nblib.sigmoid(X), atol=1e-8)


def test_activation_values():
    assert nblib.sigmoid(np.array([0.0]))[0] == 0.5
    assert np.array_equal(nblib.relu(np.array([-2.0, 0.0, 3.0])), [0, 0, 3])
    assert np.array_equal(nblib.tanh(X), np.tanh(X))
    assert np.allclose(nblib.sigmoid(X), 1 / (1 + np.exp(-X)))


def test_sigmoid_is_stable_at_plus_minus_1000():
    x = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = nblib.sigmoid(x)
        ds = nblib.derivative(nblib.sigmoid)(x)
    assert s[0] == 0.0 and s[-1] == 1.0 and np.all(np.isfinite(ds))


def test_relu_derivative_keeps_float32():
    x = np.array([-1.0, 2.0], dtype=np.float32)
    assert nblib.derivative(nblib.relu)(x).dtype == np.float32


def test_activation_by_name_and_unknown_name():
    assert activation_named("relu") is nblib.relu
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        activation_named("swish")
