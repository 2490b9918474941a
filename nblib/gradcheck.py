"""Gradient checking: compare backprop's gradient with finite differences (notebook 02, 07, 09)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .backward import deltas_for
from .forward import _activations_for, _with_bias
from .losses import _squared_error
from .validation import as_array, as_function, as_number, as_targets, check_weights, refuse_float16


def numerical_gradient(f: Callable[[], float], param: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """∂f/∂param by central differences, same shape as ``param``.

    f takes no arguments and reads ``param`` itself (a weight matrix of the
    network it evaluates); each entry is nudged by ±h in place and restored,
    so ``param`` is unchanged afterwards. Use float64: in float32 the
    difference f(w+h) − f(w−h) drowns in round-off.
    """
    f = as_function("f", f)
    if not isinstance(param, np.ndarray) or param.dtype.kind != "f":
        dtype = f" of dtype {param.dtype}" if isinstance(param, np.ndarray) else ""
        raise TypeError(f"param must be the float numpy array that f reads (nudged in place); got "
                        f"{type(param).__name__}{dtype}")
    refuse_float16("param", param.dtype)
    as_array("param", param)  # NaN or inf
    h = as_number("h", h, low=0.0, low_open=True)
    grad = np.zeros_like(param)
    for index in np.ndindex(param.shape):
        original = param[index]
        param[index] = original + h
        f_plus = _scalar(f(), index)
        param[index] = original - h
        f_minus = _scalar(f(), index)
        param[index] = original
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def _scalar(value, index) -> float:
    """f's value as a finite float, or an error saying what f returned."""
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"f must return a scalar loss (one number); got {type(value).__name__}"
                        + (f" of shape {value.shape}" if isinstance(value, np.ndarray) else ""))
    if not np.isfinite(value):
        raise ValueError(f"f returned {value} with param[{index}] nudged: the loss must be finite")
    return float(value)


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """‖a − b‖ / (‖a‖ + ‖b‖), 0 when both are zero; shapes must match.

    Relative, so it means the same for large and small gradients: below 1e-7 is
    agreement to round-off, above 1e-3 is a bug.
    """
    a, b = as_array("a", a).astype(np.float64), as_array("b", b).astype(np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error needs two arrays of one shape; got {a.shape} and {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def _bucket(value: float, floor: float = 1e-7) -> str:
    """An order of magnitude that prints the same on every machine.

    Round-off differs between CPUs and BLAS builds, so everything below
    ``floor`` prints as "< 1e-7"; above it, the next power of ten up.
    """
    if value < floor:
        return f"< {floor:.0e}".replace("e-0", "e-")
    if not np.isfinite(value):
        return "inf"
    if abs(value - 1) < 1e-3:  # e.g. a flipped sign: exactly 1 up to round-off
        return "≈ 1"
    return f"< 1e{int(np.floor(np.log10(value))) + 1}"


def gradient_check_table(x: np.ndarray, t: np.ndarray, Wh: np.ndarray, Wo: np.ndarray,
                         activation_function=np.tanh, deltas=None) -> str:
    """Backprop's gradients vs finite differences, one row per weight matrix, as text.

    deltas: the function that computes (dh, do) — the student's deltas_for, or
    nblib's by default. Gradients are of E = mean over examples of ½‖y − t‖²:
    ∂E/∂Wh = [1, x]ᵀ · dh / N, ∂E/∂Wo = [1, z]ᵀ · do / N.
    Verdict: exact (relative error < 1e-7), close (< 1e-3), wrong.
    """
    deltas = as_function("deltas", deltas or deltas_for)
    activation_function = as_function("activation_function", activation_function)
    x, Wh, Wo = check_weights(x, Wh, Wo)
    t = as_targets("t", t, len(x), Wo.shape[1], convert=True)
    x, t, Wh, Wo = (np.array(a, dtype=np.float64) for a in (x, t, Wh, Wo))
    z, y, z_raw, y_raw = _activations_for(x, Wh, Wo, activation_function)
    dh, do = deltas(t, z, y, z_raw, y_raw, Wh, Wo, activation_function)
    analytic = {"Wh": _with_bias(x).T @ dh / len(x), "Wo": _with_bias(z).T @ do / len(x)}

    def loss() -> float:
        return _squared_error(_activations_for(x, Wh, Wo, activation_function)[1], t)

    return _table([(name, W, analytic[name]) for name, W in (("Wh", Wh), ("Wo", Wo))], loss)


def network_gradient_check_table(network, x: np.ndarray, t: np.ndarray) -> str:
    """The same table for every weight matrix W_1 … W_L of a ``NeuralNetwork`` (or subclass).

    Compares network.gradients_for(network.deltas_for(...)) with finite differences of
    network.loss_for(t, x); use a float64 network (float16 is refused).
    """
    if not all(hasattr(network, a) for a in ("Ws", "activations_for", "gradients_for", "loss_for", "_inputs")):
        raise TypeError(f"network must be a NeuralNetwork (or a subclass); got {type(network).__name__}")
    refuse_float16("the network's dtype", network.dtype)
    x = network._inputs(x)
    t = network._targets(t, len(x))
    zs, z_raws = network.activations_for(x)
    analytic = network.gradients_for(network.deltas_for(t, zs, z_raws), zs)
    rows = [(f"W_{l} (Ws[{l - 1}])", W, g) for l, (W, g) in enumerate(zip(network.Ws, analytic), start=1)]
    return _table(rows, lambda: network.loss_for(t, x))


def _table(rows: list[tuple[str, np.ndarray, np.ndarray]], loss) -> str:
    """One line per (name, weight matrix, analytic gradient): magnitudes and a verdict.

    Verdict: exact (relative error < 1e-7), close (< 1e-3), wrong.
    """
    width = max(7, max(len(name) for name, _, _ in rows) + 2)
    lines = [f"{'matrix':<{width}}{'shape':<9}{'relative error':<17}{'max |difference|':<19}verdict"]
    for name, W, gradient in rows:
        numeric = numerical_gradient(loss, W)
        error = relative_error(gradient, numeric) if np.shape(gradient) == W.shape else np.inf
        diff = float(np.max(np.abs(gradient - numeric))) if np.isfinite(error) else np.inf
        verdict = "exact ✅" if error < 1e-7 else "close ⚠️" if error < 1e-3 else "wrong ❌"
        shape = "×".join(map(str, W.shape))
        lines.append(f"{name:<{width}}{shape:<9}{_bucket(error):<17}{_bucket(diff):<19}{verdict}")
    return "\n".join(lines)
