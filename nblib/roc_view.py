"""ROC curves and a threshold slider (notebook 08).

A binary classifier's score p = P(t = 1 | x) becomes a decision only with a
threshold θ: predict 1 when p ≥ θ (scikit-learn's ``roc_curve`` convention).
Every θ gives one confusion matrix and so one point (FPR, TPR) on the ROC curve;
``ThresholdExplorer`` moves that point with a slider.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .digit_views import confusion_counts
from .widgets import _Widget, render


@dataclass(frozen=True)
class Confusion:
    """Counts at one threshold, and the two rates the ROC curve plots."""

    threshold: float
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def tpr(self) -> float:
        """True-positive rate (recall, sensitivity): TP / (TP + FN), the share of positives caught."""
        return self.tp / max(self.tp + self.fn, 1)

    @property
    def fpr(self) -> float:
        """False-positive rate: FP / (FP + TN), the share of negatives wrongly flagged."""
        return self.fp / max(self.fp + self.tn, 1)

    @property
    def accuracy(self) -> float:
        return (self.tp + self.tn) / max(self.tp + self.fp + self.fn + self.tn, 1)

    def __str__(self) -> str:
        return (f"threshold {self.threshold:.2f}: TP {self.tp}, FP {self.fp}, FN {self.fn}, TN {self.tn}; "
                f"TPR {self.tpr:.3f}, FPR {self.fpr:.3f}, accuracy {self.accuracy:.1%}")


def confusion_at(t: np.ndarray, p: np.ndarray, threshold: float) -> Confusion:
    """The confusion counts of 0/1 targets t (N,) against scores p (N,) thresholded at p ≥ threshold."""
    t, p = np.asarray(t).ravel(), np.asarray(p).ravel()
    if t.shape != p.shape:
        raise ValueError(f"t and p must hold one value per example; got shapes {t.shape} and {p.shape}")
    (tn, fp), (fn, tp) = confusion_counts(t.astype(int), (p >= threshold).astype(int), [0, 1])
    return Confusion(float(threshold), int(tp), int(fp), int(fn), int(tn))


def plot_roc_curves(t: np.ndarray, scores: Mapping[str, np.ndarray], ax=None):
    """The ROC curve of every model's scores (N,) against the 0/1 targets t, AUC in the legend."""
    from sklearn.metrics import roc_auc_score, roc_curve

    ax = ax or plt.subplots(figsize=(5, 5))[1]
    for name, p in scores.items():
        fpr, tpr, _ = roc_curve(t, p)
        ax.plot(fpr, tpr, label=f"{name} (AUC {roc_auc_score(t, p):.3f})")
    ax.plot([0, 1], [0, 1], color="grey", ls=":", label="chance (AUC 0.5)")
    ax.set(xlabel="false-positive rate (FPR)", ylabel="true-positive rate (TPR)", xlim=(0, 1), ylim=(0, 1.01),
           aspect="equal", title="ROC curves on the test set")
    ax.legend(fontsize=8, loc="lower right")
    return ax


def plot_binary_confusion(c: Confusion, ax=None):
    """The 2×2 confusion matrix of one threshold, each cell named (TN, FP, FN, TP) and counted."""
    ax = ax or plt.subplots(figsize=(4, 4))[1]
    counts = np.array([[c.tn, c.fp], [c.fn, c.tp]])
    ax.imshow(counts, cmap="Blues", vmin=0, vmax=max(int(counts.max()), 1))
    for (i, j), name in np.ndenumerate(np.array([["TN", "FP"], ["FN", "TP"]])):
        ax.text(j, i, f"{name}\n{counts[i, j]}", ha="center", va="center", fontsize=14,
                color="white" if counts[i, j] > 0.5 * counts.max() else "black")
    ax.set(xticks=[0, 1], yticks=[0, 1], xlabel="predicted", ylabel="true",
           title=f"θ = {c.threshold:.2f}: TPR {c.tpr:.3f}, FPR {c.fpr:.3f}")
    return ax


class ThresholdExplorer(_Widget):
    """ROC curves of several models; a threshold slider moves a point along each curve and the
    confusion matrix, TPR and FPR of the chosen model are shown for that threshold.

    t: 0/1 targets (N,); scores: model name → scores p (N,) in [0, 1].
    """

    def __init__(self, t: np.ndarray, scores: Mapping[str, np.ndarray], threshold: float = 0.5):
        self.t, self.scores = np.asarray(t), {name: np.asarray(p) for name, p in scores.items()}
        self.slider = w.FloatSlider(value=threshold, min=0.0, max=1.0, step=0.01, description="threshold θ",
                                    continuous_update=False, readout_format=".2f")
        self.model = w.Dropdown(options=list(self.scores), description="confusion of")
        self.status, self.image = w.HTML(), w.Image(format="png")
        self.figure = Figure(figsize=(9, 4.2), dpi=80, layout="constrained")
        self.roc_ax, self.matrix_ax = self.figure.subplots(1, 2, width_ratios=[1.2, 1])
        plot_roc_curves(self.t, self.scores, self.roc_ax)
        colours = [line.get_color() for line in self.roc_ax.get_lines()]
        self.points = {name: self.roc_ax.plot([], [], "o", ms=9, color=c, mec="black")[0]
                       for name, c in zip(self.scores, colours)}
        for control in (self.slider, self.model):
            control.observe(self._safely(lambda change: self.redraw()), "value")
        self.box = w.VBox([w.HBox([self.slider, self.model]), self.image, self.status])
        self._safely(self.redraw)()

    def confusions(self) -> dict[str, Confusion]:
        """Every model's confusion counts at the slider's threshold."""
        return {name: confusion_at(self.t, p, self.slider.value) for name, p in self.scores.items()}

    def redraw(self) -> None:
        confusions = self.confusions()
        for name, c in confusions.items():
            self.points[name].set_data([c.fpr], [c.tpr])
        chosen = self.model.value
        self.matrix_ax.clear()
        plot_binary_confusion(confusions[chosen], self.matrix_ax)
        self.matrix_ax.set_title(f"{chosen}\n{self.matrix_ax.get_title()}", fontsize=11)
        self.image.value = render(self.figure)
        self.status.value = "<br>".join(f"<b>{name}</b>: {c}" for name, c in confusions.items())

    def __repr__(self) -> str:
        return f"ThresholdExplorer({len(self.t)} examples, models {list(self.scores)})"
