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
from .validation import as_matrix


def deltas_for(t: np.ndarray, z: np.ndarray, y: np.ndarray, z_raw: np.ndarray,
               y_raw: np.ndarray, Wh: np.ndarray, Wo: np.ndarray,
               activation_function: Activation = np.tanh) -> tuple[np.ndarray, np.ndarray]:
    """Backward pass: returns ``(dh, do)``, hidden deltas N×J and output deltas N×K.

    t, y, y_raw N×K; z, z_raw N×J; Wh (I+1)×J (unused, kept for the seed's
    signature); Wo (J+1)×K.
    """
    y = as_matrix("y", y, what="N×K network outputs")
    t = as_matrix("t", t, rows=len(y), cols=y.shape[1], what="N×K targets, the shape of y")
    Wo = as_matrix("Wo", Wo, rows=np.shape(z)[-1] + 1, cols=y.shape[1], what="(J+1)×K")
    sigma_prime = derivative(activation_function)
    do = (y - t) * sigma_prime(y_raw)
    dh = (do @ Wo[1:].T) * sigma_prime(z_raw)
    return dh, do
