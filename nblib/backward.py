"""The backward pass of a two-layer network: the deltas (notebook 02).

For the squared-error loss E = ½‖y − t‖² per example, the delta of a unit is
∂E/∂(its raw value). In matrix form, with ∘ the elementwise product:

    do = (y − t) ∘ σ'(y_raw)            N×K
    dh = (do · Wo[1:]ᵀ) ∘ σ'(z_raw)     N×J

Wo[1:] drops the bias row: the bias unit has no incoming weights, so no delta
flows back to it.
"""

from __future__ import annotations

import numpy as np

from .activations import Activation, derivative
from .validation import as_function, as_matrix, as_targets, entry_point, same_shape


def deltas_for(t: np.ndarray, z: np.ndarray, y: np.ndarray, z_raw: np.ndarray,
               y_raw: np.ndarray, Wh: np.ndarray, Wo: np.ndarray,
               activation_function: Activation = np.tanh) -> tuple[np.ndarray, np.ndarray]:
    """Backward pass: returns ``(dh, do)``, hidden deltas N×J and output deltas N×K.

    t, y, y_raw N×K; z, z_raw N×J; Wh (I+1)×J (unused, kept for the seed's
    signature); Wo (J+1)×K.
    """
    sigma_prime = derivative(activation_function)
    do = (y - t) * sigma_prime(y_raw)
    dh = (do @ Wo[1:].T) * sigma_prime(z_raw)
    return dh, do


def _check(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    y = as_matrix("y", y, why="one row per example, the network's outputs")
    t = as_targets("t", t, len(y), y.shape[1], convert=False, why="one row per example, the shape of y")
    y_raw = same_shape("y_raw", y_raw, y, "y")
    z = as_matrix("z", z, rows=len(y), dims="N×J", why="one row per example, the hidden activations")
    z_raw = same_shape("z_raw", z_raw, z, "z")
    Wh = as_matrix("Wh", Wh, cols=z.shape[1], dims="(I+1)×J", why=f"z has J={z.shape[1]} columns")
    Wo = as_matrix("Wo", Wo, rows=z.shape[1] + 1, cols=y.shape[1], dims="(J+1)×K",
                   why=f"bias row 0 plus one row per hidden unit; z has J={z.shape[1]} columns, y K={y.shape[1]}")
    return t, z, y, z_raw, y_raw, Wh, Wo, as_function("activation_function", activation_function)


# The public function checks its arguments once; the training loops call the unchecked core.
deltas_for, _deltas_for = entry_point(deltas_for, _check)
