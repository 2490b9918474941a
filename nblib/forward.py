"""The forward pass of a two-layer network (notebook 01).

Shapes, with N examples, I inputs, J hidden units and K outputs:

    x      N×I          Wh  (I+1)×J   (row 0 holds the hidden biases)
    z_raw  N×J = [1, x] · Wh           z = σ(z_raw)
    y_raw  N×K = [1, z] · Wo           y = σ(y_raw)      Wo (J+1)×K
"""

from __future__ import annotations

import numpy as np

from .activations import Activation
from .validation import as_function, as_matrix, check_weights, entry_point


def with_bias(x: np.ndarray) -> np.ndarray:
    """Prepend a column of ones: N×I → N×(I+1), ones **first**.

    The ones multiply row 0 of the next weight matrix, so that row acts as the
    bias and every layer is a single matrix product. Keeps x's dtype.
    """
    return _with_bias(as_matrix("x", x, dims="N×I"))


def _with_bias(x: np.ndarray) -> np.ndarray:
    out = np.empty((x.shape[0], x.shape[1] + 1), dtype=x.dtype)  # faster than np.hstack in a training loop
    out[:, 0] = 1
    out[:, 1:] = x
    return out


def activations_for(x: np.ndarray, Wh: np.ndarray, Wo: np.ndarray,
                    activation_function: Activation = np.tanh
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Forward pass: returns ``(z, y, z_raw, y_raw)``.

    x N×I, Wh (I+1)×J, Wo (J+1)×K → z N×J, y N×K, z_raw N×J, y_raw N×K.
    The raw values are returned too because backprop needs σ' at them.
    """
    z_raw = with_bias(x) @ Wh
    z = activation_function(z_raw)
    y_raw = with_bias(z) @ Wo
    y = activation_function(y_raw)
    return z, y, z_raw, y_raw


def _check(x, Wh, Wo, activation_function=np.tanh):
    return (*check_weights(x, Wh, Wo), as_function("activation_function", activation_function))


# The public function checks its arguments once; the training loops call the unchecked core.
activations_for, _activations_for = entry_point(activations_for, _check, with_bias=_with_bias)
