"""Tests for nblib.roc_view (notebook 08): confusion counts at a threshold, the ROC plot and the
threshold slider widget, driven from Python the way a student drives it with the mouse."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import confusion_matrix, roc_auc_score, roc_curve

from nblib.roc_view import ThresholdExplorer, confusion_at, plot_roc_curves


@pytest.fixture
def data():
    rng = np.random.default_rng(4)
    t = rng.integers(0, 2, size=300)
    good = np.clip(0.5 * t + rng.uniform(0, 0.5, size=300), 0, 1)    # separates the classes well
    weak = np.clip(0.2 * t + rng.uniform(0, 0.8, size=300), 0, 1)
    return t, {"good": good, "weak": weak}


@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.5, 0.77, 1.01])
def test_confusion_at_agrees_with_sklearn(data, threshold):
    t, scores = data
    c = confusion_at(t, scores["weak"], threshold)
    (tn, fp), (fn, tp) = confusion_matrix(t, scores["weak"] >= threshold, labels=[0, 1])
    assert (c.tn, c.fp, c.fn, c.tp) == (tn, fp, fn, tp)
    assert c.tp + c.fp + c.fn + c.tn == len(t)
    assert c.accuracy == pytest.approx(np.mean((scores["weak"] >= threshold) == t))


def test_every_roc_curve_point_is_the_confusion_at_its_threshold(data):
    t, scores = data
    fpr, tpr, thresholds = roc_curve(t, scores["good"])
    for f, r, threshold in list(zip(fpr, tpr, thresholds))[1:]:  # the first threshold is +inf
        c = confusion_at(t, scores["good"], threshold)
        assert (c.fpr, c.tpr) == pytest.approx((f, r))


def test_the_extreme_thresholds_are_the_corners_of_the_roc_plot(data):
    t, scores = data
    everything = confusion_at(t, scores["good"], 0.0)
    nothing = confusion_at(t, scores["good"], 1.5)
    assert (everything.fpr, everything.tpr) == (1.0, 1.0)
    assert (nothing.fpr, nothing.tpr) == (0.0, 0.0)
    assert "TPR 0.000, FPR 0.000" in str(nothing)


def test_confusion_at_names_mismatched_shapes():
    with pytest.raises(ValueError, match=r"one value per example; got shapes \(3,\) and \(4,\)"):
        confusion_at([0, 1, 1], [0.1, 0.2, 0.3, 0.4], 0.5)


def test_plot_roc_curves_draws_each_model_with_its_auc(data):
    t, scores = data
    ax = plot_roc_curves(t, scores)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels[0] == f"good (AUC {roc_auc_score(t, scores['good']):.3f})"
    assert labels[1].startswith("weak (AUC") and labels[2] == "chance (AUC 0.5)"
    fpr, tpr, _ = roc_curve(t, scores["weak"])
    assert np.allclose(ax.get_lines()[1].get_xdata(), fpr) and np.allclose(ax.get_lines()[1].get_ydata(), tpr)


def test_the_slider_moves_each_point_along_its_curve(data):
    t, scores = data
    explorer = ThresholdExplorer(t, scores, threshold=0.5)
    first_image = explorer.image.value
    assert first_image[:4] == b"\x89PNG"
    for threshold in (0.2, 0.8):
        explorer.slider.value = threshold
        for name, p in scores.items():
            c = confusion_at(t, p, threshold)
            x, y = explorer.points[name].get_data()
            assert (x[0], y[0]) == pytest.approx((c.fpr, c.tpr))
            assert str(c) in explorer.status.value
    assert explorer.image.value != first_image
    assert "TPR" in explorer.status.value and "FPR" in explorer.status.value


def test_the_model_menu_chooses_whose_confusion_matrix_is_drawn(data):
    t, scores = data
    explorer = ThresholdExplorer(t, scores)
    explorer.model.value = "weak"
    c = confusion_at(t, scores["weak"], 0.5)
    assert explorer.matrix_ax.get_title() == f"weak\nθ = 0.50: TPR {c.tpr:.3f}, FPR {c.fpr:.3f}"
    shown = [text.get_text() for text in explorer.matrix_ax.texts]
    assert shown == [f"TN\n{c.tn}", f"FP\n{c.fp}", f"FN\n{c.fn}", f"TP\n{c.tp}"]


def test_an_error_while_redrawing_goes_to_the_status_line_not_the_notebook(data):
    t, scores = data
    explorer = ThresholdExplorer(t, scores)
    explorer.scores["good"] = scores["good"][:10]  # broken on purpose
    explorer.slider.value = 0.3
    assert "⚠️ ValueError" in explorer.status.value


def test_the_text_repr_is_stable(data):
    t, scores = data
    explorer = ThresholdExplorer(t, scores)
    assert repr(explorer) == "ThresholdExplorer(300 examples, models ['good', 'weak'])"
    assert explorer._repr_mimebundle_()["text/plain"] == repr(explorer)
