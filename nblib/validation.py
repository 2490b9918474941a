"""Argument checks that turn a shape mistake into a sentence a student can act on."""

from __future__ import annotations

import numpy as np


def as_matrix(name: str, a, *, rows: int | None = None, cols: int | None = None,
              what: str = "") -> np.ndarray:
    """Return ``a`` as a 2-D float array, or raise ValueError saying what was expected.

    name: the argument's name in the caller's signature (``"x"``, ``"Wh"``, ...).
    rows, cols: required sizes, if known. what: how to read the shape, e.g.
    ``"N×I: one row per example"``.
    Integer and boolean arrays become float64; float32 stays float32.
    """
    try:
        arr = np.asarray(a)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} must be a 2-D array of numbers; got {type(a).__name__} ({exc})") from exc
    hint = f" ({what})" if what else ""
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold numbers; got an array of dtype {arr.dtype}")
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array{hint}; got {arr.ndim}-D with shape {arr.shape}. "
            "A single example x of length I is written as a 1×I row: x.reshape(1, -1)."
        )
    if arr.dtype.kind != "f":
        arr = arr.astype(np.float64)
    if rows is not None and arr.shape[0] != rows:
        raise ValueError(f"{name} must have {rows} rows{hint}; got shape {arr.shape}")
    if cols is not None and arr.shape[1] != cols:
        raise ValueError(f"{name} must have {cols} columns{hint}; got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values; shape {arr.shape}")
    return arr


def check_weights(x: np.ndarray, Wh: np.ndarray, Wo: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate the two-layer triple x (N×I), Wh ((I+1)×J), Wo ((J+1)×K)."""
    x = as_matrix("x", x, what="N×I: one row per example")
    n_in = x.shape[1]
    Wh = as_matrix("Wh", Wh, rows=n_in + 1,
                   what=f"(I+1)×J: bias row 0 plus one row per input; x has I={n_in} columns")
    Wo = as_matrix("Wo", Wo, rows=Wh.shape[1] + 1,
                   what=f"(J+1)×K: bias row 0 plus one row per hidden unit; Wh has J={Wh.shape[1]} columns")
    return x, Wh, Wo
