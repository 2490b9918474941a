"""The forward pass of a two-layer network (notebook 01).

Shapes, with N examples, I inputs, J hidden units and K outputs:

    x      N×I          Wh  (I+1)×J   (row 0 holds the hidden biases)
    z_raw  N×J = [1, x] · Wh           z = σ(z_raw)
    y_raw  N×K = [1, z] · Wo           y = σ(y_raw)      Wo (J+1)×K
"""

from __future__ import annotations

import numpy as np

from .activations import Activation, unchecked
from .validation import as_function, as_matrix, check_weights


def with_bias(x: np.ndarray) -> np.ndarray:
    """Prepend a column of ones: N×I → N×(I+1), ones **first**.

    The ones multiply row 0 of the next weight matrix, so that row acts as the
    bias and every layer is a single matrix product. Keeps x's dtype.
    """
    return _with_bias(as_matrix("x", x, dims="N×I"))


def _with_bias(x: np.ndarray) -> np.ndarray:
    return np.hstack([np.ones((len(x), 1), dtype=x.dtype), x])


def activations_for(x: np.ndarray, Wh: np.ndarray, Wo: np.ndarray,
                    activation_function: Activation = np.tanh
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Forward pass: returns ``(z, y, z_raw, y_raw)``.

    x N×I, Wh (I+1)×J, Wo (J+1)×K → z N×J, y N×K, z_raw N×J, y_raw N×K.
    The raw values are returned too because backprop needs σ' at them.
    """
    x, Wh, Wo = check_weights(x, Wh, Wo)
    return _activations_for(x, Wh, Wo, as_function("activation_function", activation_function))


def _activations_for(x, Wh, Wo, activation_function):
    """``activations_for`` on arguments already checked (the training loops' path)."""
    sigma = unchecked(activation_function)
    z_raw = _with_bias(x) @ Wh
    z = sigma(z_raw)
    y_raw = _with_bias(z) @ Wo
    y = sigma(y_raw)
    return z, y, z_raw, y_raw
