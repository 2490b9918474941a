"""Gradient checking: compare backprop's gradient with finite differences (notebook 02, 07, 09)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[], float], param: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """∂f/∂param by central differences, same shape as ``param``.

    f takes no arguments and reads ``param`` itself (a weight matrix of the
    network it evaluates); each entry is nudged by ±h in place and restored,
    so ``param`` is unchanged afterwards. Use float64: in float32 the
    difference f(w+h) − f(w−h) drowns in round-off.
    """
    if not isinstance(param, np.ndarray) or param.dtype.kind != "f":
        raise ValueError(f"param must be a float numpy array that f reads; got {type(param).__name__}"
                         + (f" of dtype {param.dtype}" if isinstance(param, np.ndarray) else ""))
    grad = np.zeros_like(param)
    for index in np.ndindex(param.shape):
        original = param[index]
        param[index] = original + h
        f_plus = f()
        param[index] = original - h
        f_minus = f()
        param[index] = original
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """‖a − b‖ / (‖a‖ + ‖b‖), 0 when both are zero; shapes must match.

    Relative, so it means the same for large and small gradients: below 1e-7 is
    agreement to round-off, above 1e-3 is a bug.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error needs two arrays of one shape; got {a.shape} and {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)
