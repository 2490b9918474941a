"""``NetworkClassifier``: a scikit-learn classifier around ``NeuralNetwork`` (notebooks 05, 06, 08).

It adds only what scikit-learn expects of a classifier; the learning itself is
``NeuralNetwork.train``. For N examples with I features and K classes:

    labels y (N,), any values  →  indices 0..K−1 (``np.unique``)  →  targets T N×K
        output="softmax": one-hot rows, softmax outputs, cross-entropy loss
        output="tanh":    ±1 rows (+1 for the class, −1 elsewhere), tanh outputs, squared error
    network  I → hidden_layer_sizes → K, trained by mini-batch SGD with momentum
    predict_proba  N×K rows that sum to 1;  predict = classes_[argmax]

So it works in ``Pipeline``, ``cross_val_score`` and ``GridSearchCV``, and
``fit_steps`` yields while it learns so that a widget can redraw between updates.
"""

from __future__ import annotations

import contextlib
import math
import numbers
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from .losses import decode, one_hot
from .network import NetworkStep, NeuralNetwork
from .randomness import as_generator

# output → (NeuralNetwork loss, output activation, value of the "other classes" in a target row)
OUTPUTS = {
    "softmax": ("softmax_cross_entropy", None, 0.0),
    "tanh": ("squared_error", "tanh", -1.0),
}


@dataclass(frozen=True)
class ClassifierStep:
    """What ``NetworkClassifier.fit_steps`` yields: the state a widget draws."""

    epoch: int    # 1-based, counted over every fit / partial_fit since the network was created
    step: int     # 1-based count of updates since the network was created
    loss: float   # mean batch loss of the updates since the previous yield, each taken before its update
    eta: float    # the learning rate of this epoch


class UnscaledInputWarning(UserWarning):
    """``fit`` saw inputs far outside the range a network learns well from."""


MAX_SCALED = 10.0  # inputs beyond ±10 (raw pixels 0..255, unscaled features) need scaling


# Mixin first, BaseEstimator last: scikit-learn's check_mixin_order requires this order.
class NetworkClassifier(ClassifierMixin, BaseEstimator):
    """A fully connected network classifier, trained by backpropagation (nblib's ``NeuralNetwork``).

    hidden_layer_sizes: units per hidden layer, e.g. (100,); () is logistic regression.
    activation: hidden σ, "relu", "tanh", "sigmoid", "identity" (or a function).
    output: "softmax" (softmax + cross-entropy) or "tanh" (±1 targets, squared error).
    eta: learning rate η; eta_decay: η of epoch e is eta · eta_decay^(e−1) (1.0 = constant).
    momentum: heavy-ball coefficient μ in [0, 1); l1, l2: penalties on the weights (not biases).
    dropout: probability of dropping a hidden unit during training (inverted dropout), one rate or
    one per hidden layer; 0 = off.
    batch_size: examples per update (None: the whole training set, one update per epoch).
    epochs: passes over the training set made by ``fit``.
    random_state: int seed or numpy Generator for the initial weights and the shuffling;
    None means seed 0, as everywhere in nblib (every notebook output repeats exactly).

    Fitted attributes: ``classes_`` (K,), ``n_features_in_``, ``network_`` (the NeuralNetwork),
    ``loss_curve_`` (mean training loss per epoch), ``n_iter_`` (epochs), ``t_`` (updates).
    The network computes in the floating dtype of the training inputs, as ``MLPClassifier`` does:
    float32 X (fast) trains a float32 network, anything else a float64 one (exact gradient checks).
    Inputs are used as given: scale them first (X / 255 for pixels, or ``StandardScaler``);
    ``fit`` warns (``UnscaledInputWarning``) when max |X| > 10.
    A subclass may set ``network_class`` to a ``NeuralNetwork`` subclass (a student's loops).
    """

    network_class = NeuralNetwork  # not a parameter: the class fit builds ``network_`` from

    def __init__(self, hidden_layer_sizes=(100,), activation="relu", output="softmax", *,
                 eta=0.1, momentum=0.9, eta_decay=1.0, l1=0.0, l2=0.0, dropout=0.0, batch_size=64, epochs=10,
                 random_state=None):
        # scikit-learn rule: __init__ only stores the parameters; fit checks them
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.output = output
        self.eta = eta
        self.momentum = momentum
        self.eta_decay = eta_decay
        self.l1 = l1
        self.l2 = l2
        self.dropout = dropout
        self.batch_size = batch_size
        self.epochs = epochs
        self.random_state = random_state

    # -- training --------------------------------------------------------------
    def fit(self, X, y):
        """Train a new network on X (N×I) and labels y (N,) for ``epochs`` epochs; returns self."""
        for _ in self.fit_steps(X, y, every=None):
            pass
        return self

    def fit_steps(self, X, y, epochs: int | None = None, every: int | None = 1) -> Iterator[ClassifierStep]:
        """Start training a new network and return a generator that trains it step by step.

        X N×I, y (N,). Checks the data and builds the network at once (so bad input
        fails here, not at the first ``next``); the generator then makes ``epochs``
        passes (default ``self.epochs``), yielding a ``ClassifierStep`` after every
        ``every`` updates and after the last one (every=None: only after the last).
        The classifier can predict from the first yield on, so a widget can draw
        the decision regions while the network learns.
        """
        epochs = self._positive_int("epochs", self.epochs if epochs is None else epochs)
        every = None if every is None else self._positive_int("every", every)
        with self._unchanged_on_error():
            X, y = self._validate_fit_data(X, y, reset=True)
            self._initialize(X, np.unique(y))
            T = self.targets_for(y)
        return self._train(X, T, epochs, every)

    def partial_fit(self, X, y, classes=None):
        """One epoch over (X, y), continuing the current network (creating it on the first call).

        classes: every label the classifier will ever see; needed on the first call
        unless that y already holds them all. Returns self.
        """
        first_call = not hasattr(self, "network_")
        with self._unchanged_on_error():  # a rejected call leaves no half-initialised classifier behind
            X, y = self._validate_fit_data(X, y, reset=first_call)
            if first_call:
                self._initialize(X, np.unique(y if classes is None else np.asarray(classes)))
            elif classes is not None and not np.array_equal(np.unique(np.asarray(classes)), self.classes_):
                raise ValueError(f"classes={list(classes)} differs from the classes of the first call to "
                                 f"partial_fit, {list(self.classes_)}; refit to change them.")
            T = self.targets_for(y)
        for _ in self._train(X, T, 1, None):
            pass
        return self

    def _train(self, X: np.ndarray, T: np.ndarray, epochs: int, every: int | None) -> Iterator[ClassifierStep]:
        """The training loop around ``network_.train``: yields every ``every`` updates and after the last.

        One ``train`` call for all epochs (it checks X once, not every epoch); η is
        set between two updates whenever an epoch is complete.
        """
        batch_size = len(X) if self.batch_size is None else min(self.batch_size, len(X))
        total = epochs * math.ceil(len(X) / batch_size)
        steps = self.network_.train(X, T, epochs=epochs, batch_size=batch_size, rng=self._rng)
        self._begin_epoch()
        done, seen, epoch_loss, loss_sum, n_summed = 0, 0, 0.0, 0.0, 0
        for loss in self._checked_losses(steps):
            rows = min(batch_size, len(X) - seen)  # the last batch of an epoch may be smaller
            self.t_, done, seen = self.t_ + 1, done + 1, seen + rows
            epoch_loss += loss * rows
            loss_sum, n_summed = loss_sum + loss, n_summed + 1
            if seen == len(X):  # recorded before the yield: a consumer may stop at the last one
                self.loss_curve_.append(epoch_loss / len(X))
            if done == total or (every is not None and done % every == 0):
                yield ClassifierStep(self.n_iter_, self.t_, loss_sum / n_summed, self.network_.eta)
                loss_sum, n_summed = 0.0, 0
            if seen == len(X) and done < total:
                self._begin_epoch()
                seen, epoch_loss = 0, 0.0

    def _begin_epoch(self) -> None:
        """Count the epoch and set its learning rate, η · eta_decay^(epoch − 1)."""
        self.n_iter_ += 1
        self.network_.eta = float(self.eta) * float(self.eta_decay) ** (self.n_iter_ - 1)

    def _checked_losses(self, steps: Iterator[NetworkStep]) -> Iterator[float]:
        """The batch loss of every update in ``steps``; a clear error when it is no longer finite.

        NumPy's overflow warnings are silenced only inside each update (not across the
        yield, which would silence the caller too): a diverging network gets the
        advice below instead of a screen of warnings.
        """
        while True:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                step = next(steps, None)
            if step is None:
                return
            if not math.isfinite(step.loss):
                raise ValueError(
                    f"training diverged in epoch {self.n_iter_}: the loss became {step.loss}. "
                    f"Lower eta (it is {self.network_.eta:g}) or scale the inputs "
                    "(X / 255 for pixels, or StandardScaler in a Pipeline).")
            yield step.loss

    # -- predicting --------------------------------------------------------------
    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, N×K float64, rows summing to 1, columns in the order of ``classes_``.

        softmax: the network's outputs. tanh: each output mapped from [−1, 1] to
        [0, 1] and the row normalised (a score, not a calibrated probability).
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=self.network_.dtype)
        y = self.network_.predictions_for(X).astype(np.float64)
        if self.output_ == "tanh":
            y = np.clip((y + 1) / 2, 0.0, 1.0)
            y[y.sum(axis=1) == 0] = 1.0  # every output at −1: no preference, uniform
        return y / y.sum(axis=1, keepdims=True)  # float64 again, so rows sum to 1 to ~1e-16

    def predict(self, X) -> np.ndarray:
        """The most probable class per row, (N,), as the original labels (strings stay strings)."""
        check_is_fitted(self)
        return decode(self.predict_proba(X), self.classes_)

    def targets_for(self, y) -> np.ndarray:
        """Labels y (N,) → the N×K target rows the network learns: 1 in the column of the
        label's class (the order of ``classes_``), 0 (softmax) or −1 (tanh) elsewhere."""
        check_is_fitted(self)
        y = np.asarray(y)
        unknown = np.setdiff1d(y, self.classes_)
        if unknown.size:
            raise ValueError(f"y contains labels {list(unknown)} that are not among the classes "
                             f"{list(self.classes_)}; pass every label as classes= on the first partial_fit")
        indices = np.searchsorted(self.classes_, y)
        T = one_hot(indices.astype(np.int64), len(self.classes_), dtype=self.network_.dtype)
        _, _, off = OUTPUTS[self.output_]
        if off:
            T = T * (1 - off) + off  # 1 stays 1, 0 becomes off; a Python float keeps float32
        return T

    # -- helpers -----------------------------------------------------------------
    @contextlib.contextmanager
    def _unchanged_on_error(self):
        """Checks that fail inside leave the estimator's attributes exactly as they were."""
        before = dict(vars(self))
        try:
            yield
        except BaseException:
            vars(self).clear()
            vars(self).update(before)
            raise

    def _validate_fit_data(self, X, y, reset: bool) -> tuple[np.ndarray, np.ndarray]:
        """X as an N×I float array and y as (N,) class labels, or a clear error.

        A new fit keeps float32 and float64 and turns anything else into float64;
        ``partial_fit`` on an existing network casts X to the network's dtype.
        """
        dtype = [np.float64, np.float32] if reset or not hasattr(self, "network_") else self.network_.dtype
        X, y = validate_data(self, X, y, reset=reset, dtype=dtype)
        check_classification_targets(y)
        return X, y

    def _initialize(self, X: np.ndarray, classes: np.ndarray) -> None:
        """Check the parameters, then a new network I → hidden → K in X's dtype and empty training records."""
        if self.output not in OUTPUTS:
            raise ValueError(f"output must be one of {sorted(OUTPUTS)}; got {self.output!r}")
        for name in ("eta", "eta_decay"):
            self._number(name, low=0.0, low_open=True)
        self._number("momentum", low=0.0, high=1.0)
        for name in ("l1", "l2"):
            self._number(name, low=0.0)
        if self.batch_size is not None:
            self._positive_int("batch_size", self.batch_size)
        self._positive_int("epochs", self.epochs)
        hidden = self._hidden_sizes()
        warn_if_unscaled(X)
        loss, output_activation, _ = OUTPUTS[self.output]
        rng = self._generator()  # one stream: first the initial weights, then every epoch's shuffle
        network = self.network_class(
            [X.shape[1], *hidden, len(classes)], self.activation, float(self.eta),
            loss=loss, output_activation=output_activation, momentum=float(self.momentum),
            l1=float(self.l1), l2=float(self.l2), dropout=self.dropout, dtype=X.dtype, rng=rng)
        # Only now, with every parameter accepted, is the fitted state replaced
        self.network_, self._rng, self.classes_, self.output_ = network, rng, classes, self.output
        self.loss_curve_, self.n_iter_, self.t_ = [], 0, 0

    def _hidden_sizes(self) -> list[int]:
        """``hidden_layer_sizes`` as a list of ints (an int alone is one hidden layer)."""
        sizes = self.hidden_layer_sizes
        sizes = [sizes] if isinstance(sizes, numbers.Integral) else list(sizes)
        if not all(isinstance(s, numbers.Integral) and s >= 1 for s in sizes):
            raise ValueError(f"hidden_layer_sizes must be positive integers, e.g. (100,) or (64, 32); "
                             f"got {self.hidden_layer_sizes!r}")
        return [int(s) for s in sizes]

    def _generator(self) -> np.random.Generator:
        """A Generator from ``random_state``: None (seed 0), an int seed, or a Generator used as is."""
        seed = self.random_state
        if seed is None or isinstance(seed, np.random.Generator) or (
                isinstance(seed, numbers.Integral) and not isinstance(seed, bool)):
            return as_generator(seed)
        raise ValueError(f"random_state must be None, an int seed or a numpy Generator; got {seed!r}")

    def _number(self, name: str, low: float, high: float | None = None, low_open: bool = False) -> float:
        """The parameter ``name`` as a float in [low, high) ((low, high) with low_open), or a clear error."""
        value = getattr(self, name)
        ok = (isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
              and (value > low if low_open else value >= low) and (high is None or value < high))
        if not ok:
            interval = f"{'(' if low_open else '['}{low:g}, {'∞)' if high is None else f'{high:g})'}"
            raise ValueError(f"{name} must be a number in {interval}; got {value!r}")
        return float(value)

    @staticmethod
    def _positive_int(name: str, value) -> int:
        """``value`` as an int ≥ 1, or a clear error naming ``name``."""
        if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}")
        return int(value)


def warn_if_unscaled(X: np.ndarray) -> None:
    """An ``UnscaledInputWarning`` with advice when max |X| > 10 (X N×I, already validated)."""
    largest = float(np.max(np.abs(X))) if X.size else 0.0
    if largest > MAX_SCALED:
        warnings.warn(
            f"X has values up to {largest:g} in absolute value (more than {MAX_SCALED:g}): on inputs that "
            "large, ReLUs die (their raw value stays below 0 after one big step) and sigmoids and tanh "
            "saturate (their derivative is ~0), so the network learns slowly or diverges. Scale the inputs "
            "first: X / 255 for pixels, or StandardScaler() in a Pipeline.", UnscaledInputWarning,
            stacklevel=_caller_level())


def _caller_level() -> int:
    """The ``stacklevel`` of the first caller outside nblib and scikit-learn (the student's cell)."""
    inside = (str(Path(__file__).parent), str(Path(sklearn.__file__).parent))
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(inside):
        frame, level = frame.f_back, level + 1
    return level
