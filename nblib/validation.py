"""The one validation layer behind every public entry point of nblib.

Each public function checks its arguments here, once, at the boundary, and then
runs private unchecked code (training loops step through ``_``-functions). A
mistake becomes a sentence in the course's words that names the argument, says
what was expected and what was received, e.g.

    t has shape (4,): expected N×K = 4×1, one row per example. Use t.reshape(-1, 1)

TypeError: the kind of thing is wrong (text, booleans, complex numbers, a list where
a function is needed). ValueError: the thing is right but its shape or value is not
(wrong sizes, an empty batch, NaN or inf, a negative learning rate).
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import types
from collections.abc import Callable

import numpy as np

_KIND_NAMES = {"b": "booleans (True/False)", "c": "complex numbers", "O": "Python objects",
               "U": "text", "S": "bytes", "V": "raw records", "M": "dates", "m": "time spans"}


# -- arrays --------------------------------------------------------------------------------

def as_array(name: str, a, *, finite: bool = True) -> np.ndarray:
    """``a`` (an array, list or tuple of real numbers, or a single number) as a float array.

    float32 and float64 stay as they are; integers (and float16) become float64.
    Rejected by name: text, booleans, complex numbers, objects (TypeError), ragged
    lists and, with ``finite``, NaN or inf (ValueError, with the first bad index).
    """
    if isinstance(a, (str, bytes)) or a is None or isinstance(a, (dict, set)):
        raise TypeError(f"{name} must be an array of numbers; got {type(a).__name__} {_short(a)}")
    try:
        arr = np.asarray(a)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} must be a rectangular array of numbers; got a ragged {type(a).__name__} "
                         "(rows of different lengths)") from exc
    kind = arr.dtype.kind
    if kind not in "iuf":
        hint = f". Use {name}.astype(float) for 0/1 values" if kind == "b" else ""
        raise TypeError(f"{name} must hold real numbers; got {_KIND_NAMES.get(kind, 'values')} "
                        f"(dtype {arr.dtype}){hint}")
    if arr.dtype not in (np.float32, np.float64):
        arr = arr.astype(np.float64)
    if finite:
        check_finite(name, arr)
    return arr


def check_finite(name: str, arr: np.ndarray) -> None:
    """ValueError naming ``name`` and the first NaN or inf in it, if there is one."""
    if not np.isfinite(arr).all():
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        where = f" at index {index[0] if len(index) == 1 else index}" if index else ""
        value = arr[index] if index else arr
        raise ValueError(f"{name} contains {value}{where} (shape {arr.shape}): every value must be a finite "
                         "number. A NaN or inf usually comes from a diverged run: lower eta or scale the inputs")


def as_matrix(name: str, a, *, rows: int | None = None, cols: int | None = None, dims: str = "N×K",
              why: str = "one row per example", finite: bool = True) -> np.ndarray:
    """``a`` as a 2-D float array of shape rows×cols (None: any size ≥ 1), or a clear error.

    dims names the two sizes in the course's notation ("N×I", "(I+1)×J", ...);
    why says how to read the shape. Empty batches and zero-width layers are rejected.
    """
    arr = as_array(name, a, finite=False)
    wrong_size = (rows is not None and arr.shape[:1] != (rows,)) or (cols is not None and arr.shape[1:2] != (cols,))
    if arr.ndim != 2 or wrong_size:
        raise ValueError(f"{name} has shape {arr.shape}: expected {_expected(dims, rows, cols)}, {why}"
                         + _reshape_hint(name, arr, rows, cols))
    if 0 in arr.shape:
        empty = "row (an empty batch has nothing to learn from)" if not len(arr) else "column (a zero-width layer)"
        raise ValueError(f"{name} has shape {arr.shape}: expected {_expected(dims, rows, cols)}, {why}, with "
                         f"at least one {empty}")
    if finite:
        check_finite(name, arr)
    return arr


def as_targets(name: str, t, rows: int, cols: int | None, *, convert: bool, dims: str = "N×K",
               why: str = "one row per example") -> np.ndarray:
    """Targets as an N×K matrix. A vector of N values becomes N×1 only when ``convert``:
    where the network fixes K = 1, so the reading is unambiguous. Where t stands next to
    an output y of the caller's (a loss, errors_for) it is rejected with the reshape to use."""
    arr = as_array(name, t, finite=False)
    if convert and arr.ndim == 1 and cols in (1, None) and len(arr) == rows:
        arr = arr.reshape(-1, 1)
    return as_matrix(name, arr, rows=rows, cols=cols, dims=dims, why=why)


def same_shape(name: str, a, like: np.ndarray, like_name: str) -> np.ndarray:
    """``a`` as a float array of exactly ``like``'s shape (never broadcast)."""
    arr = as_array(name, a, finite=False)
    if arr.shape != like.shape:
        hint = _reshape_hint(name, arr, *like.shape) if like.ndim == 2 else ""
        raise ValueError(f"{name} has shape {arr.shape}: expected the shape of {like_name}, {like.shape}{hint}")
    check_finite(name, arr)
    return arr


def check_weights(x, Wh, Wo) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The two-layer triple x (N×I), Wh ((I+1)×J), Wo ((J+1)×K), validated."""
    x = as_matrix("x", x, dims="N×I")
    Wh = as_matrix("Wh", Wh, rows=x.shape[1] + 1, dims="(I+1)×J",
                   why=f"bias row 0 plus one row per input; x has I={x.shape[1]} columns")
    Wo = as_matrix("Wo", Wo, rows=Wh.shape[1] + 1, dims="(J+1)×K",
                   why=f"bias row 0 plus one row per hidden unit; Wh has J={Wh.shape[1]} columns")
    return x, Wh, Wo


def _expected(dims: str, rows: int | None, cols: int | None) -> str:
    if rows is None and cols is None:
        return f"a 2-D array {dims}"
    r, c = dims.split("×")
    return f"{dims} = {r if rows is None else rows}×{c if cols is None else cols}"


def _reshape_hint(name: str, arr: np.ndarray, rows: int | None, cols: int | None) -> str:
    if arr.ndim != 1:
        return ""
    if cols == 1 and rows in (None, len(arr)):
        return f". Use {name}.reshape(-1, 1)"
    if rows == 1 or (rows is None and cols in (None, len(arr))):
        return f". A single example is a 1×{len(arr)} row: {name}.reshape(1, -1)"
    if cols is not None and cols > 1 and rows == len(arr):
        return f". For class labels 0..{cols - 1}, use one_hot({name}, {cols})"
    return ""


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# -- hyperparameters -------------------------------------------------------------------------

def as_number(name: str, value, *, low: float | None = None, low_open: bool = False,
              high: float | None = None, high_open: bool = True, infinite: bool = False) -> float:
    """A finite real number (not a bool) within the given bounds, as a float.

    infinite: ±∞ is accepted too (within the bounds), for a threshold that may be switched off.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number; got {type(value).__name__} {_short(value)}")
    value = float(value)
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if math.isnan(value) or (math.isinf(value) and not infinite) or too_low or too_high:
        bounds = " and ".join(([f"{'>' if low_open else '≥'} {low:g}"] if low is not None else [])
                              + ([f"{'<' if high_open else '≤'} {high:g}"] if high is not None else []))
        kind = "a number (or ±inf)" if infinite else "a finite number"
        raise ValueError(f"{name} must be {kind}{' ' + bounds if bounds else ''}; got {value:g}")
    return value


def as_learning_rate(name: str, eta) -> float:
    """η > 0 and finite: a zero or negative learning rate does not descend."""
    eta = as_number(name, eta)
    if eta <= 0:
        raise ValueError(f"{name} must be a positive number (the learning rate η > 0); got {eta:g}. "
                         "A negative η climbs the error instead of descending it")
    return eta


def as_count(name: str, value, *, low: int | None = 1) -> int:
    """A whole number ≥ low (sizes, epochs, batch sizes); 2.9 is rejected, not truncated."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a whole number; got {type(value).__name__} {_short(value)}")
    if not isinstance(value, numbers.Integral) and not (math.isfinite(value) and float(value).is_integer()):
        raise ValueError(f"{name} must be a whole number{f' ≥ {low}' if low is not None else ''}; got {value!r} "
                         "(sizes and counts are not rounded for you)")
    if low is not None and value < low:
        raise ValueError(f"{name} must be a whole number ≥ {low}; got {int(value)}")
    return int(value)


def as_function(name: str, f) -> Callable:
    """``f`` if it can be called, else a TypeError naming ``name``."""
    if not callable(f):
        raise TypeError(f"{name} must be a function (e.g. np.tanh); got {type(f).__name__} {_short(f)}")
    return f


def as_float_dtype(name: str, dtype) -> np.dtype:
    """A NumPy floating-point dtype (float32 or float64 in practice)."""
    try:
        dtype = np.dtype(dtype)
    except TypeError as exc:
        raise TypeError(f"{name} must be a float dtype such as np.float64 or 'float32'; got {dtype!r}") from exc
    if dtype.kind != "f":
        raise TypeError(f"{name} must be a float dtype such as np.float64 or 'float32'; got {dtype}: "
                        "gradients are fractions, integers cannot hold them")
    return dtype


def refuse_float16(name: str, dtype) -> None:
    """A gradient check needs at least float32 (float64 to be exact)."""
    if np.dtype(dtype) == np.float16:
        raise ValueError(f"{name} is float16: finite differences cannot resolve a gradient at that precision "
                         "(about 3 digits). Use float64 for gradient checks")


# -- the widgets' data, checked before any widget is built -------------------------------------

def dashboard_data(x, t, *, hidden, eta, epochs, seed, steps_per_tick, functions: dict, network,
                   batch_size) -> tuple[np.ndarray, np.ndarray]:
    """TrainingDashboard's arguments, validated; returns (x, t) as the dashboard should use them."""
    x = as_matrix("x", x, dims="N×I")
    for key, f in functions.items():
        as_function(key, f)
    as_learning_rate("eta", eta)
    as_count("epochs", epochs)
    as_count("steps_per_tick", steps_per_tick)
    if network is None:
        as_count("hidden", hidden)
        if isinstance(seed, bool) or not isinstance(seed, (numbers.Integral, np.random.Generator)):
            raise TypeError(f"seed must be an int (or a numpy Generator); got {type(seed).__name__} {_short(seed)}")
        return x, as_targets("t", t, len(x), None, convert=True)
    num_nodes = getattr(network, "num_nodes", None)
    if num_nodes is None or not hasattr(network, "train"):
        raise TypeError(f"network must be a NeuralNetwork (or a subclass); got {type(network).__name__}")
    if batch_size is not None:
        as_count("batch_size", batch_size)
    if num_nodes[0] != x.shape[1]:
        raise ValueError(f"x has shape {x.shape}: expected N×I = N×{num_nodes[0]}, one column per input "
                         f"node of the network {list(num_nodes)}")
    t = as_targets("t", t, len(x), num_nodes[-1], convert=True,
                   why=f"one row per example, one column per output node of the network {list(num_nodes)}")
    return x, t


def explorer_data(Wh, Wo, x, t, functions: dict) -> tuple[np.ndarray, ...]:
    """NetworkExplorer's arguments, validated: (Wh, Wo, x, t)."""
    x, Wh, Wo = check_weights(x, Wh, Wo)
    for key, f in functions.items():
        as_function(key, f)
    return Wh, Wo, x, as_targets("t", t, len(x), Wo.shape[1], convert=True)


def live_training_data(model, X_train, y_train, X_test, y_test, *, every, epochs, train_sample) -> None:
    """LiveTraining's arguments, validated (the classifier checks the data again when it fits)."""
    last = model.steps[-1][1] if hasattr(model, "steps") else model
    if not hasattr(last, "fit_steps"):
        raise TypeError(f"model must be a NetworkClassifier or a Pipeline ending in one; got {type(model).__name__}")
    as_count("every", every)
    as_count("train_sample", train_sample)
    if epochs is not None:
        as_count("epochs", epochs)
    widths = []
    for X_name, X, y_name, y in (("X_train", X_train, "y_train", y_train), ("X_test", X_test, "y_test", y_test)):
        # a Pipeline's first steps may reshape or encode X: then only the number of rows is checked here
        X = as_matrix(X_name, X, dims="N×I") if last is model else X
        widths.append(np.shape(X)[1:])
        labels = np.asarray(y)
        if labels.shape != (len(X),):
            raise ValueError(f"{y_name} has shape {labels.shape}: expected ({len(X)},), one label per row of {X_name}")
    if widths[0] != widths[1]:
        raise ValueError(f"X_test has rows of shape {widths[1]}: expected {widths[0]}, as X_train")


def browser_data(images, y_true, y_pred, outputs, classes) -> None:
    """MisclassifiedBrowser's arguments, validated."""
    images = as_array("images", images)
    if images.ndim not in (2, 3) or len(images) == 0:
        raise ValueError(f"images has shape {images.shape}: expected N×h×w images or N×(h·w) rows, N ≥ 1")
    n = len(images)
    for name, labels in (("y_true", y_true), ("y_pred", y_pred)):
        if np.shape(labels) != (n,):
            raise ValueError(f"{name} has shape {np.shape(labels)}: expected ({n},), one label per image")
    classes = np.asarray(classes)
    if classes.ndim != 1:
        raise ValueError(f"classes has shape {classes.shape}: expected (K,), one label per output column")
    as_matrix("outputs", outputs, rows=n, cols=len(classes), why="one row per image, one column per class")


# -- networks -------------------------------------------------------------------------------------

def as_layer_sizes(name: str, sizes) -> list[int]:
    """Layer sizes [n_0, ..., n_L]: at least two whole numbers, each ≥ 1 (2.9 is rejected)."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise TypeError(f"{name} must be a list of layer sizes such as [2, 2, 1]; got {type(sizes).__name__} "
                        f"{_short(sizes)}")
    sizes = [as_count(f"{name}[{i}]", n, low=None) for i, n in enumerate(sizes)]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"{name} must list at least 2 layer sizes (inputs, ..., outputs), each ≥ 1; got {sizes}")
    return sizes


def check_hyperparameters(*, eta, momentum, l1, l2) -> None:
    """A network's η > 0, momentum μ in [0, 1) and penalties λ₁, λ₂ ≥ 0, all finite."""
    as_learning_rate("eta", eta)
    as_number("momentum", momentum, low=0.0, high=1.0)
    as_number("l1", l1, low=0.0)
    as_number("l2", l2, low=0.0)


def check_layers(x, Ws, *, dims: str = "N×n_0") -> tuple[np.ndarray, list[np.ndarray]]:
    """x N×n_0 and weight matrices Ws[l-1] (n_{l-1}+1)×n_l that chain, validated."""
    if isinstance(Ws, np.ndarray) or not isinstance(Ws, (list, tuple)) or not Ws:
        raise TypeError(f"Ws must be a non-empty list of weight matrices, one per layer; got {type(Ws).__name__}")
    x = as_matrix("x", x, dims=dims)
    checked, width = [], x.shape[1]
    for l, W in enumerate(Ws, start=1):
        W = as_matrix(f"Ws[{l - 1}]", W, rows=width + 1, dims=f"(n_{l - 1}+1)×n_{l}",
                      why=f"bias row 0 plus one row per unit of layer {l - 1}, which has {width}")
        checked.append(W)
        width = W.shape[1]
    return x, checked


# -- checked entry points around the course's math --------------------------------------------------

def entry_point(math: Callable, check: Callable, **unchecked_helpers: Callable) -> tuple[Callable, Callable]:
    """Split ``math``, a function as the course writes it (what ``show_reference`` prints),
    into ``(checked, core)``: the public entry point, which runs ``check`` on the arguments
    once and then the core; and the core, which the training loops call with data they
    checked before. check takes all of math's arguments, in order (keywords bound first),
    and returns them checked.

    unchecked_helpers: global names math calls (``with_bias=_with_bias``) rebound, in the
    core only, to their unchecked versions, so nothing is checked twice. The core's globals
    are a copy: call this once every name math uses is defined.
    """
    core = math
    if unchecked_helpers:
        core = types.FunctionType(math.__code__, {**math.__globals__, **unchecked_helpers}, math.__name__,
                                  math.__defaults__, math.__closure__)
        core.__kwdefaults__ = math.__kwdefaults__

    signature = inspect.signature(math)

    @functools.wraps(math)
    def checked(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)  # keywords too, so check sees every argument in order
        bound.apply_defaults()
        return core(*check(*bound.args))
    return checked, core
