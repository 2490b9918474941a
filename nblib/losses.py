"""Losses, each next to its gradient (notebooks 02, 06, 08).

Conventions: ``y`` (or ``scores``) and ``t`` are N×K, one row per example; every
loss is the *mean over the N examples* of a per-example loss, so every gradient
carries the factor 1/N. The gradient returned is with respect to the network's
output ``y`` (squared error) or its raw output scores (the two cross-entropies,
whose gradient there is the famously simple p − t).
"""

from __future__ import annotations

import numpy as np

from .activations import UNCHECKED, _sigmoid, sigmoid
from .validation import as_array, as_count, as_matrix, as_targets, check_finite, entry_point


def _pair(y, t, y_name: str = "y") -> tuple[np.ndarray, np.ndarray]:
    """An output matrix and targets of its exact shape: never broadcast (N×1 against (N,) would be N×N)."""
    y = as_matrix(y_name, y, why="one row per example")
    return y, as_targets("t", t, len(y), y.shape[1], convert=False, why=f"one row per example, the shape of {y_name}")


def _probabilities(t: np.ndarray) -> np.ndarray:
    """Targets of a cross-entropy lie in [0, 1]."""
    if t.min() < 0 or t.max() > 1:
        raise ValueError(f"t must hold targets between 0 and 1 (0/1 labels or probabilities); got values from "
                         f"{t.min():g} to {t.max():g}. For ±1 targets use (t + 1) / 2")
    return t


def squared_error(y: np.ndarray, t: np.ndarray) -> float:
    """Mean over examples of ½‖y − t‖²; y, t N×K."""
    return _squared_error(*_pair(y, t))


def _squared_error(y: np.ndarray, t: np.ndarray) -> float:
    return float(0.5 * np.sum((y - t) ** 2) / len(y))


def squared_error_gradient(y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂E/∂y for ``squared_error``: (y − t) / N, N×K."""
    y, t = _pair(y, t)
    return (y - t) / len(y)


def log_sigmoid(s: np.ndarray) -> np.ndarray:
    """log σ(s) = −log(1 + e^−s), computed without overflow (np.logaddexp)."""
    return -np.logaddexp(0, -s)


def binary_cross_entropy(scores: np.ndarray, t: np.ndarray) -> float:
    """Mean over examples of −Σ_k [t log σ(s) + (1 − t) log(1 − σ(s))].

    Takes the raw scores s (N×K), not probabilities, so that it stays finite
    even when σ(s) rounds to exactly 0 or 1 (s = ±1000). t holds 0/1 targets.
    """
    scores, t = _pair(scores, t, "scores")
    return _binary_cross_entropy(scores, _probabilities(t))


def _binary_cross_entropy(scores: np.ndarray, t: np.ndarray) -> float:
    loss = -(t * log_sigmoid(scores) + (1 - t) * log_sigmoid(-scores))
    return float(np.sum(loss) / len(scores))


def binary_cross_entropy_gradient(scores: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂E/∂s for ``binary_cross_entropy``: (σ(s) − t) / N, N×K."""
    return (sigmoid(scores) - t) / len(scores)


def _check_binary_targets(scores, t):
    scores, t = _pair(scores, t, "scores")
    return scores, _probabilities(t)


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax of N×K scores: p_nk = e^{s_nk} / Σ_j e^{s_nj}.

    The row maximum is subtracted first: softmax is unchanged by a shift and
    the largest exponent becomes e^0 = 1, so nothing overflows at ±1000.
    """
    shifted = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise log softmax, N×K, stable for any finite scores."""
    return _log_softmax(as_matrix("scores", scores, why="one row of scores per example"))


def _log_softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def one_hot(labels: np.ndarray, num_classes: int, dtype=np.float64) -> np.ndarray:
    """Integer labels (N,) in 0..K−1 → N×K one-hot rows."""
    num_classes = as_count("num_classes", num_classes)
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be a 1-D integer array; got dtype {labels.dtype}, shape {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in 0..{num_classes - 1}; got values from {labels.min()} to {labels.max()}")
    out = np.zeros((len(labels), num_classes), dtype=dtype)
    out[np.arange(len(labels)), labels] = 1
    return out


def decode(outputs: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Network outputs N×K → the N predicted labels: for each row, the class of its largest output.

    classes (K,) holds the label of each output column (one-hot encoding's order),
    so labels of any kind — digits, strings — come back as they went in. A row
    holding NaN (a diverged network) is an error, never a confident label.
    """
    return np.asarray(classes)[np.argmax(outputs, axis=1)]


def _check_decode(outputs, classes):
    outputs = as_matrix("outputs", outputs, why="one row of network outputs per example")
    classes = np.asarray(classes)
    if classes.shape != (outputs.shape[1],):
        raise ValueError(f"classes has shape {classes.shape}: expected ({outputs.shape[1]},), one label per "
                         f"output column (outputs has K={outputs.shape[1]} columns)")
    return outputs, classes


def _as_one_hot(t, scores: np.ndarray) -> np.ndarray:
    """Accept targets as N×K one-hot rows or as N integer class indices."""
    try:
        labels = np.asarray(t)
    except (ValueError, TypeError):  # ragged: as_array below says so
        labels = np.empty(0, dtype=object)
    if labels.ndim == 1 and labels.dtype.kind in "iu":
        if len(labels) != len(scores):
            raise ValueError(f"t has shape {labels.shape}: expected ({len(scores)},), one class index per row "
                             f"of scores ({len(scores)} rows), or N×K = {len(scores)}×{scores.shape[1]} one-hot rows")
        return one_hot(labels, scores.shape[1], dtype=scores.dtype)
    t = as_array("t", t, finite=False)
    if t.ndim != 2 or t.shape != scores.shape:
        raise ValueError(f"t has shape {t.shape}: targets must be N×K one-hot {scores.shape} or N class indices "
                         f"({len(scores)},) of an integer dtype")
    check_finite("t", t)
    return _probabilities(t)


def softmax_cross_entropy(scores: np.ndarray, t: np.ndarray) -> float:
    """Mean over examples of −Σ_k t_k log softmax(s)_k.

    scores: N×K raw scores; t: N×K one-hot (or any probability rows), or N
    integer labels.
    """
    scores = as_matrix("scores", scores, why="one row of scores per example")
    return _softmax_cross_entropy(scores, _as_one_hot(t, scores))


def _softmax_cross_entropy(scores: np.ndarray, t: np.ndarray) -> float:
    return float(-np.sum(t * _log_softmax(scores)) / len(scores))


def softmax_cross_entropy_gradient(scores: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂E/∂s for ``softmax_cross_entropy``: (softmax(s) − t) / N, N×K."""
    t = _as_one_hot(t, scores)
    return (softmax(scores) - t) / len(scores)


def _check_scores(scores, *rest):
    return as_matrix("scores", scores, why="one row of scores per example"), *rest


# The public functions check their arguments once; the network's loops call the unchecked cores.
softmax, _softmax = entry_point(softmax, _check_scores)
decode, _decode = entry_point(decode, _check_decode)
softmax_cross_entropy_gradient, _softmax_cross_entropy_gradient = entry_point(
    softmax_cross_entropy_gradient, _check_scores, softmax=_softmax)
binary_cross_entropy_gradient, _binary_cross_entropy_gradient = entry_point(  # notebook 08's exercise: the math
    binary_cross_entropy_gradient, _check_binary_targets, sigmoid=_sigmoid)


UNCHECKED[softmax] = _softmax  # the N-layer network's output layer runs unchecked inside its loops
