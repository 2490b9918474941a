"""Losses, each next to its gradient (notebooks 02, 06, 08).

Conventions: ``y`` (or ``scores``) and ``t`` are N×K, one row per example; every
loss is the *mean over the N examples* of a per-example loss, so every gradient
carries the factor 1/N. The gradient returned is with respect to the network's
output ``y`` (squared error) or its raw output scores (the two cross-entropies,
whose gradient there is the famously simple p − t).
"""

from __future__ import annotations

import numpy as np

from .activations import sigmoid


def squared_error(y: np.ndarray, t: np.ndarray) -> float:
    """Mean over examples of ½‖y − t‖²; y, t N×K."""
    return float(0.5 * np.sum((y - t) ** 2) / len(y))


def squared_error_gradient(y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂E/∂y for ``squared_error``: (y − t) / N, N×K."""
    return (y - t) / len(y)


def log_sigmoid(s: np.ndarray) -> np.ndarray:
    """log σ(s) = −log(1 + e^−s), computed without overflow (np.logaddexp)."""
    return -np.logaddexp(0, -s)


def binary_cross_entropy(scores: np.ndarray, t: np.ndarray) -> float:
    """Mean over examples of −Σ_k [t log σ(s) + (1 − t) log(1 − σ(s))].

    Takes the raw scores s (N×K), not probabilities, so that it stays finite
    even when σ(s) rounds to exactly 0 or 1 (s = ±1000). t holds 0/1 targets.
    """
    loss = -(t * log_sigmoid(scores) + (1 - t) * log_sigmoid(-scores))
    return float(np.sum(loss) / len(scores))


def binary_cross_entropy_gradient(scores: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂E/∂s for ``binary_cross_entropy``: (σ(s) − t) / N, N×K."""
    return (sigmoid(scores) - t) / len(scores)


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
    shifted = scores - scores.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def one_hot(labels: np.ndarray, num_classes: int, dtype=np.float64) -> np.ndarray:
    """Integer labels (N,) in 0..K−1 → N×K one-hot rows."""
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
    so labels of any kind — digits, strings — come back as they went in.
    """
    return np.asarray(classes)[np.argmax(outputs, axis=1)]


def _as_one_hot(t: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Accept targets as N×K one-hot rows or as N integer class indices."""
    t = np.asarray(t)
    if t.ndim == 1:
        return one_hot(t, scores.shape[1], dtype=scores.dtype)
    if t.shape != scores.shape:
        raise ValueError(f"targets must be N×K one-hot {scores.shape} or N class indices; got shape {t.shape}")
    return t


def softmax_cross_entropy(scores: np.ndarray, t: np.ndarray) -> float:
    """Mean over examples of −Σ_k t_k log softmax(s)_k.

    scores: N×K raw scores; t: N×K one-hot (or any probability rows), or N
    integer labels.
    """
    t = _as_one_hot(t, scores)
    return float(-np.sum(t * log_softmax(scores)) / len(scores))


def softmax_cross_entropy_gradient(scores: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂E/∂s for ``softmax_cross_entropy``: (softmax(s) − t) / N, N×K."""
    t = _as_one_hot(t, scores)
    return (softmax(scores) - t) / len(scores)
