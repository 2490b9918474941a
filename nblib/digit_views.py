"""Plots and widgets for the digit classifiers of notebooks 05–06.

``LiveTraining`` drives a ``NetworkClassifier`` (or a Pipeline ending in one)
through ``fit_steps`` and redraws the loss and the train/test accuracy while it
learns, with a progress bar; ``MisclassifiedBrowser`` pages through the test
images the network gets wrong, with its output for every class.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np

from .validation import browser_data, live_training_data
from .widgets import Picture, _Widget, readable


def _square(images: np.ndarray) -> np.ndarray:
    """N×D rows → N×s×s images (D = s²); N×h×w stays as it is."""
    images = np.asarray(images)
    if images.ndim == 3:
        return images
    side = int(round(np.sqrt(images.shape[1])))
    if side * side != images.shape[1]:
        raise ValueError(f"cannot show rows of {images.shape[1]} values as square images")
    return images.reshape(len(images), side, side)


# -- static plots ------------------------------------------------------------------------

def plot_digits(images: np.ndarray, labels: Sequence | None = None, n: int = 20, cols: int = 10):
    """The first n images in a grid, each titled with its label. images N×h×w or N×(h·w)."""
    images = _square(images)[:n]
    rows = int(np.ceil(len(images) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 0.9, rows * 1.05), layout="constrained")
    for i, ax in enumerate(np.ravel(axes)):
        ax.axis("off")
        if i < len(images):
            ax.imshow(images[i], cmap="gray_r")
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=9)
    return fig


def confusion_counts(y_true: Sequence, y_pred: Sequence, classes: Sequence) -> np.ndarray:
    """K×K counts: row = true class, column = predicted class, in the order of ``classes``."""
    classes = list(classes)
    index = {c: i for i, c in enumerate(classes)}
    counts = np.zeros((len(classes), len(classes)), dtype=np.int64)
    np.add.at(counts, ([index[c] for c in y_true], [index[c] for c in y_pred]), 1)
    return counts


def plot_confusion_matrix(y_true: Sequence, y_pred: Sequence, classes: Sequence, ax=None):
    """Counts of (true, predicted) pairs; the diagonal is right, everything else a confusion."""
    counts = confusion_counts(y_true, y_pred, classes)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.2, 4.6), layout="constrained")
    shown = np.log1p(counts)  # log colours: the few confusions stay visible next to the large diagonal
    ax.imshow(shown, cmap="Blues")
    for (i, j), c in np.ndenumerate(counts):
        if c:
            ax.text(j, i, str(c), ha="center", va="center", fontsize=8,  # ≥ 11 px at 100 dpi
                    color="white" if shown[i, j] > 0.6 * shown.max() else "black")
    ticks = range(len(classes))
    ax.set(xticks=ticks, yticks=ticks, xticklabels=[str(c) for c in classes],
           yticklabels=[str(c) for c in classes], xlabel="predicted", ylabel="true",
           title=f"confusion matrix: {np.trace(counts)} of {counts.sum()} right")
    return ax


def plot_weight_images(W: np.ndarray, shape: tuple[int, int] = (28, 28), n: int = 32, cols: int = 8):
    """The first n hidden units' incoming weights, each shown as an image of the input.

    W is (D+1)×H with the bias in row 0; column j without it is what unit j looks
    for in the image: red where a bright pixel excites it, blue where it inhibits.
    """
    weights = np.asarray(W)[1:, :n].T
    rows = int(np.ceil(len(weights) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 1.0, rows * 1.0), layout="constrained")
    for ax, unit in zip(np.ravel(axes), range(rows * cols)):
        ax.axis("off")
        if unit < len(weights):
            limit = np.abs(weights[unit]).max() or 1.0
            ax.imshow(weights[unit].reshape(shape), cmap="coolwarm", vmin=-limit, vmax=limit)
    fig.suptitle(f"first-layer weights of {len(weights)} hidden units (red +, blue −)", fontsize=10)
    return fig


# -- live training ----------------------------------------------------------------------------

class LivePoint(NamedTuple):
    """One entry of ``LiveTraining.history``: the state after ``update`` updates."""

    epoch: int             # the epoch the update belongs to; 0 for the untrained network
    update: int            # updates so far; 0 for the untrained network
    eta: float             # the learning rate of that epoch (at update 0: of epoch 1)
    loss: float            # mean batch loss since the previous entry (at update 0: on the train sample)
    train_accuracy: float  # on the first ``train_sample`` training rows
    test_accuracy: float


class LiveTraining(_Widget):
    """Train a classifier and watch the loss and the train/test accuracy, with a progress bar.

    model: a ``NetworkClassifier`` or a Pipeline whose last step is one (the steps
    before it are fitted first). every: redraw after this many updates.
    Call ``run()`` (in the cell that displays the widget, or a later one).
    train_sample: how many training rows the train accuracy is measured on.
    held_out: what X_test is, for the labels: "test", or "validation" while choosing hyperparameters.
    ``history`` holds a ``LivePoint`` per redraw, starting with the untrained network
    (update 0, chance level).
    """

    def __init__(self, model, X_train, y_train, X_test, y_test, every: int = 100, epochs: int | None = None,
                 train_sample: int = 10_000, held_out: str = "test"):
        live_training_data(model, X_train, y_train, X_test, y_test, every=every, epochs=epochs,
                           train_sample=train_sample)
        self.model, self.every, self.epochs, self.held_out = model, every, epochs, held_out
        self.X_train, self.y_train, self.X_test, self.y_test = X_train, y_train, X_test, y_test
        self.train_sample = train_sample
        self.progress = w.IntProgress(value=0, min=0, max=1, description="training", bar_style="info",
                                      style={"description_width": "initial"})  # "epoch 10/10" in full
        self.status = w.HTML("Ready: call run().")
        self.picture = Picture(880, 300)
        self.image, self.figure = self.picture.image, self.picture.figure
        with readable():
            self.loss_ax, self.accuracy_ax = self.figure.subplots(1, 2)
            (self.loss_line,) = self.loss_ax.plot([], [], color="C0")
            self.loss_ax.set(xlabel="update", ylabel="training loss", title="loss")
            self.train_line = self.accuracy_ax.plot([], [], label="train", color="C1")[0]
            self.test_line = self.accuracy_ax.plot([], [], label=held_out, color="C2")[0]
            self.accuracy_ax.set(xlabel="update", ylabel="accuracy (%)", title="accuracy")
            self.accuracy_ax.legend(loc="lower right")
        self.history: list[LivePoint] = []
        self.box = w.VBox([self.progress, self.image, self.status])
        self._draw()

    def run(self) -> None:
        """Train from scratch to the last epoch, redrawing every ``every`` updates. Never raises."""
        self._safely(self._run)()

    def _run(self) -> None:
        classifier, X, X_test = self._prepare()
        steps = classifier.fit_steps(X, self.y_train, epochs=self.epochs, every=self.every)
        epochs = self.epochs or classifier.epochs
        self.progress.max = epochs * int(np.ceil(len(X) / (classifier.batch_size or len(X))))
        X_sample, y_sample = X[:self.train_sample], self.y_train[:self.train_sample]
        untrained_loss = classifier.network_.loss_for(classifier.targets_for(y_sample), X_sample)
        self.history = []
        self._record(LivePoint(0, 0, float(classifier.eta), untrained_loss, classifier.score(X_sample, y_sample),
                               classifier.score(X_test, self.y_test)), epochs)
        for state in steps:
            self._record(LivePoint(state.epoch, state.step, state.eta, state.loss,
                                   classifier.score(X_sample, y_sample), classifier.score(X_test, self.y_test)), epochs)
        self.progress.bar_style = "success"

    def _record(self, point: LivePoint, epochs: int) -> None:
        """Append ``point`` to the history and show it: progress bar, status line, curves."""
        self.history.append(point)
        self.progress.value = point.update
        self.progress.description = f"epoch {point.epoch}/{epochs}"
        self.status.value = (f"epoch {point.epoch}, update {point.update} (η {point.eta:.4g}): loss {point.loss:.4f}, "
                             f"train accuracy {point.train_accuracy:.2%}, "
                             f"{self.held_out} accuracy {point.test_accuracy:.2%}")
        self._draw()

    def _prepare(self):
        """The classifier to step through, and the inputs as it sees them (after any Pipeline steps)."""
        steps = getattr(self.model, "steps", None)
        if steps is None:
            return self.model, self.X_train, self.X_test
        preprocessing = self.model[:-1]
        X = preprocessing.fit_transform(self.X_train, self.y_train)
        return self.model[-1], X, preprocessing.transform(self.X_test)

    def _draw(self) -> None:
        _, updates, _, loss, train, test = (np.array(v) for v in zip(*self.history)) if self.history else ([],) * 6
        self.loss_line.set_data(updates, loss)
        self.train_line.set_data(updates, np.asarray(train) * 100)
        self.test_line.set_data(updates, np.asarray(test) * 100)
        for ax in (self.loss_ax, self.accuracy_ax):
            self.picture.redraw_axes(ax)  # new limits and ticks: these axes only
            ax.relim()
            ax.autoscale_view()
        self.picture.show([self.loss_line, self.train_line, self.test_line])

    def __repr__(self) -> str:
        return f"LiveTraining({type(self.model).__name__}, {len(self.X_train)} training examples)"


# -- misclassified examples ------------------------------------------------------------------------

class MisclassifiedBrowser(_Widget):
    """A slider over the test images the classifier gets wrong: the image, and its output per class.

    images N×h×w (or N×h·w); y_true, y_pred (N,); outputs N×K (probabilities or
    output activations) with columns in the order of ``classes``. The slider counts
    the mistakes from 1, as the status line does.
    """

    def __init__(self, images, y_true, y_pred, outputs, classes, output_label: str = "probability"):
        browser_data(images, y_true, y_pred, outputs, classes)
        self.images, self.outputs, self.classes = _square(images), np.asarray(outputs), list(classes)
        self.y_true, self.y_pred, self.output_label = np.asarray(y_true), np.asarray(y_pred), output_label
        self.wrong = np.flatnonzero(self.y_true != self.y_pred)
        self.slider = w.IntSlider(1, 1, max(len(self.wrong), 1), description="mistake", disabled=not len(self.wrong),
                                  tooltip="which misclassified test image to show (1 = the first)")
        self.status = w.HTML()
        self.picture = Picture(720, 270)
        self.image, self.figure = self.picture.image, self.picture.figure
        with readable():
            self.image_ax, self.bars_ax = self.figure.subplots(1, 2, width_ratios=[1, 2.2])
            self.digit = self.image_ax.imshow(np.zeros(self.images.shape[1:]), cmap="gray_r",
                                              vmin=float(self.images.min()), vmax=float(self.images.max()))
            self.image_ax.axis("off")
            self.image_ax.set_title(" ")
            self.bars = self.bars_ax.bar([str(c) for c in self.classes], np.zeros(len(self.classes)), color="C7")
            low, high = min(0.0, float(self.outputs.min())), max(1.0, float(self.outputs.max()))
            self.bars_ax.set(ylabel=self.output_label, title="green: true class, red: predicted", ylim=(low, high))
        self.slider.observe(self._safely(lambda change: self.redraw()), "value")
        self.box = w.VBox([self.slider, self.image, self.status])
        self._safely(self.redraw)()

    def redraw(self) -> None:
        if len(self.wrong) == 0:
            self.status.value = "No misclassified examples: every prediction is right."
            return
        i = self.wrong[self.slider.value - 1]
        true, predicted = self.y_true[i], self.y_pred[i]
        self.digit.set_data(self.images[i])
        self.image_ax.set_title(f"#{i}: true {true}, predicted {predicted}")
        for bar, c, height in zip(self.bars, self.classes, self.outputs[i]):
            bar.set_height(height)
            bar.set_color("C2" if c == true else "C3" if c == predicted else "C7")
        self.picture.show([self.digit, self.image_ax.title, *self.bars])
        self.status.value = (f"mistake {self.slider.value} of {len(self.wrong)}: test image #{i}, "
                             f"true {true}, predicted {predicted}")

    def __repr__(self) -> str:
        return f"MisclassifiedBrowser({len(self.wrong)} misclassified of {len(self.y_true)})"


def plot_early_stopping(val_accuracies: Sequence[float], train_accuracies: Sequence[float] | None = None, ax=None):
    """Accuracy per epoch (epochs 1, 2, ...) on the validation set, with the epoch early stopping picks marked.

    The pick is the first epoch with the best validation accuracy; returns (ax, that epoch).
    """
    val = np.asarray(val_accuracies, dtype=float) * 100
    epochs = np.arange(1, len(val) + 1)
    best = int(np.argmax(val)) + 1
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
    if train_accuracies is not None:
        ax.plot(epochs, np.asarray(train_accuracies, dtype=float) * 100, "o-", color="C1", label="train")
    ax.plot(epochs, val, "o-", color="C2", label="validation")
    ax.axvline(best, color="C3", lw=1, ls="--", label=f"early stopping: epoch {best}")
    ax.set(xlabel="epoch", ylabel="accuracy (%)", xticks=epochs, title="choosing the number of epochs")
    ax.legend(loc="lower right")
    return ax, best
