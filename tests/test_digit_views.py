"""The 05–06 views: live training curves, the misclassified browser, confusion counts, weight images."""

import numpy as np
import pytest
from sklearn.decomposition import PCA
from sklearn.pipeline import make_pipeline

import nblib
from nblib.classifiers import NetworkClassifier
from nblib.digit_views import LiveTraining, MisclassifiedBrowser, confusion_counts


@pytest.fixture(scope="module")
def digits():
    x, y = nblib.load_digits()
    return x[:1200], y[:1200], x[1200:], y[1200:]


def test_live_training_records_and_draws_every_k_updates(digits):
    x, y, x_test, y_test = digits
    model = make_pipeline(PCA(20, whiten=True, random_state=0),
                          NetworkClassifier((30,), "tanh", "tanh", eta=0.05, batch_size=120, epochs=12,
                                            random_state=0))
    live = LiveTraining(model, x, y, x_test, y_test, every=30)
    blank = live.image.value
    live.run()
    assert [h.update for h in live.history] == [0, 30, 60, 90, 120]
    assert live.progress.value == live.progress.max == 120 and live.progress.description == "epoch 12/12"
    assert live.progress.style.description_width == "initial"  # the label is shown in full, not cut off
    final = live.history[-1]
    assert final.test_accuracy == pytest.approx(model.score(x_test, y_test)) and final.test_accuracy > 0.85
    assert live.image.value != blank
    assert list(live.accuracy_ax.lines[1].get_ydata()) == [h.test_accuracy * 100 for h in live.history]
    assert list(live.loss_ax.lines[0].get_xdata()) == [0, 30, 60, 90, 120]
    assert repr(live) == "LiveTraining(Pipeline, 1200 training examples)"


def test_live_training_starts_at_chance_and_its_entries_carry_epoch_and_eta(digits):
    x, y, x_test, y_test = digits
    model = nblib.NetworkClassifier((30,), eta=0.2, eta_decay=0.5, batch_size=100, epochs=3, random_state=0)
    live = LiveTraining(model, x / 16, y, x_test / 16, y_test, every=12)  # 12 updates per epoch
    live.run()
    untrained, *trained = live.history
    assert untrained == nblib.LivePoint(0, 0, 0.2, untrained.loss, untrained.train_accuracy, untrained.test_accuracy)
    assert untrained.loss == pytest.approx(np.log(10), rel=0.2)  # softmax over 10 classes, untrained
    assert untrained.train_accuracy < 0.3 and untrained.test_accuracy < 0.3  # chance is 10 %
    assert [(p.epoch, p.update) for p in trained] == [(1, 12), (2, 24), (3, 36)]
    assert [p.eta for p in trained] == pytest.approx([0.2, 0.1, 0.05])
    assert trained[-1].loss < untrained.loss / 3 and trained[-1].test_accuracy > 0.85
    assert "epoch 3, update 36 (η 0.05)" in live.status.value


def test_live_training_reports_a_bad_model_instead_of_raising(digits):
    x, y, x_test, y_test = digits
    live = LiveTraining(NetworkClassifier(eta=-1.0), x, y, x_test, y_test)
    live.run()
    assert live.status.value.startswith("⚠️ ValueError") and "eta" in live.status.value


def test_browser_pages_through_the_mistakes_only():
    images = np.arange(5 * 16, dtype=float).reshape(5, 16)
    y_true, y_pred = np.array(["a", "b", "a", "b", "a"]), np.array(["a", "a", "a", "a", "b"])
    outputs = np.array([[0.9, 0.1], [0.6, 0.4], [0.8, 0.2], [0.7, 0.3], [0.4, 0.6]])
    browser = MisclassifiedBrowser(images, y_true, y_pred, outputs, ["a", "b"])
    assert list(browser.wrong) == [1, 3, 4] and (browser.slider.min, browser.slider.max) == (1, 3)
    assert browser.status.value.startswith("mistake 1 of 3: test image #1")  # slider and status count from 1
    browser.slider.value = 3
    assert browser.status.value.startswith("mistake 3 of 3: test image #4, true a, predicted b")
    heights = [bar.get_height() for bar in browser.bars_ax.patches]
    assert heights == [0.4, 0.6] and browser.image_ax.images[0].get_array().shape == (4, 4)


def test_browser_with_no_mistakes_says_so():
    browser = MisclassifiedBrowser(np.zeros((2, 4)), [1, 2], [1, 2], np.eye(2), [1, 2])
    assert "No misclassified" in browser.status.value


def test_confusion_counts_rows_are_truth_columns_predictions():
    counts = confusion_counts(["x", "y", "y", "z"], ["x", "x", "y", "y"], ["x", "y", "z"])
    assert counts.tolist() == [[1, 0, 0], [1, 1, 0], [0, 1, 0]]
    ax = nblib.plot_confusion_matrix(["x", "y"], ["x", "x"], ["x", "y"])
    assert ax.get_title() == "confusion matrix: 1 of 2 right"


def test_weight_images_drop_the_bias_row():
    W = np.vstack([np.full((1, 3), 100.0), np.arange(12, dtype=float).reshape(4, 3)])
    fig = nblib.plot_weight_images(W, shape=(2, 2), n=3, cols=3)
    shown = [ax.images[0].get_array() for ax in fig.axes if ax.images]
    assert len(shown) == 3 and np.array_equal(shown[1], W[1:, 1].reshape(2, 2))
