"""Widgets driven from Python, as a student's clicks would drive them."""

import io

import numpy as np
import pytest

import nblib
from nblib.widgets import NetworkExplorer, TrainingDashboard


@pytest.fixture
def xor():
    return nblib.load_xor()


@pytest.fixture
def dashboard(xor):
    return TrainingDashboard(*xor, hidden=2, eta=0.1, epochs=50, seed=0)


def test_step_buttons_train_and_redraw(dashboard):
    image, weights = dashboard.image.value, dashboard.Wh.copy()
    dashboard.step_button.click()
    assert len(dashboard.history) == 1 and not np.array_equal(dashboard.Wh, weights)
    assert dashboard.image.value != image
    dashboard.hundred_button.click()
    last = dashboard.history[-1]
    assert last.step == 101 and last.epoch == 26
    assert "epoch 26" in dashboard.counter.value and "update 101" in dashboard.counter.value
    assert list(dashboard.curves.mse_line.get_xdata()) == list(range(1, 102))
    assert dashboard.curves.mse_line.get_ydata()[-1] == pytest.approx(last.mse)


def test_play_ticks_take_steps_and_reset_to_zero_does_not(dashboard):
    dashboard.play.value += 1
    assert len(dashboard.history) == dashboard.steps_per_tick
    dashboard.play.value += 1
    assert len(dashboard.history) == 2 * dashboard.steps_per_tick
    dashboard.reset_button.click()
    assert dashboard.play.value == 0 and dashboard.history == []


def test_reset_mid_run_repeats_the_run_exactly(dashboard):
    start = dashboard.Wh.copy()
    dashboard.step(37)
    first = (dashboard.Wh.copy(), dashboard.history[-1].mse)
    dashboard.reset_button.click()
    assert np.array_equal(dashboard.Wh, start) and dashboard.history == [] and not dashboard.finished
    dashboard.step(37)
    assert np.array_equal(dashboard.Wh, first[0]) and dashboard.history[-1].mse == first[1]


def test_past_the_last_epoch_a_click_says_finished(dashboard):
    for _ in range(3):
        dashboard.hundred_button.click()  # 50 epochs × 4 examples = 200 updates
    assert dashboard.finished and len(dashboard.history) == 200
    assert "finished" in dashboard.status.value
    dashboard.play.playing = True
    dashboard.step_button.click()
    dashboard.play.value += 1
    assert len(dashboard.history) == 200 and "press Reset" in dashboard.status.value
    assert dashboard.play.playing is False


def test_rapid_clicks_are_consistent(dashboard):
    for button in [dashboard.step_button] * 6 + [dashboard.hundred_button] + [dashboard.step_button] * 6:
        button.click()
    assert [s.step for s in dashboard.history] == list(range(1, 113))


def test_learning_rate_is_read_before_every_update(dashboard):
    dashboard.eta.value = 0.001  # tiny steps
    dashboard.step(4)
    small = np.abs(dashboard.Wh - nblib.initialize_weights(2, 2, 1, rng=0)[0]).max()
    dashboard.reset_button.click()
    dashboard.eta.value = 1.0
    dashboard.step(4)
    large = np.abs(dashboard.Wh - nblib.initialize_weights(2, 2, 1, rng=0)[0]).max()
    assert large > 100 * small > 0


def test_example_slider_redraws_the_graph_for_that_input(dashboard, xor):
    x, _ = xor
    dashboard.example.value = 2
    assert np.allclose(dashboard.graph.nodes.get_array()[:2], x[2])
    assert "example 2" in dashboard.graph_ax.get_title()


def test_the_dashboard_trains_with_the_students_functions(xor):
    def frozen(do, dh, x, z, Wh, Wo, eta=0.1):
        return Wh, Wo

    board = TrainingDashboard(*xor, descend=frozen, epochs=5)
    board.step(10)
    assert np.array_equal(board.Wh, nblib.initialize_weights(2, 2, 1, rng=0)[0])


def test_a_failing_student_function_is_reported_not_raised(xor):
    def broken(do, dh, x, z, Wh, Wo, eta=0.1):
        raise ValueError("shapes (3,2) and (4,1) not aligned")

    board = TrainingDashboard(*xor, descend=broken, epochs=5)
    board.step_button.click()  # must not raise
    assert board.status.value.startswith("⚠️ ValueError: shapes (3,2)")


def test_xor_gets_solved_from_the_dashboard(xor):
    board = TrainingDashboard(*xor, hidden=2, eta=0.1, epochs=300, seed=0)
    board.step(1200)
    assert board.history[-1].mbe == 0 and board.history[-1].mse < 0.05


def test_text_repr_is_deterministic(dashboard):
    bundle = dashboard._repr_mimebundle_()
    assert bundle["text/plain"] == "TrainingDashboard(2-2-1 network, 4 examples, 50 epochs)"
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_explorer_switches_between_forward_and_backward(xor):
    x, t = xor
    Wh, Wo = nblib.initialize_weights(2, 3, 1, rng=1)
    explorer = NetworkExplorer(Wh, Wo, x, t)
    z, y, z_raw, y_raw = nblib.activations_for(x, Wh, Wo)
    explorer.example.value = 3
    assert np.allclose(explorer.graph.nodes.get_array(), np.concatenate([x[3], z[3], y[3]]))
    assert "example 3" in explorer.status.value and f"{y[3, 0]:+.2g}" in explorer.status.value
    explorer.view.value = "backward"
    dh, do = nblib.deltas_for(t, z, y, z_raw, y_raw, Wh, Wo)
    assert np.allclose(explorer.graph.nodes.get_array()[2:], np.concatenate([dh[3], do[3]]))
    assert "delta" in explorer.graph.colorbar.ax.get_ylabel()


def test_explorer_reports_a_broken_forward_pass(xor):
    def broken(x, Wh, Wo, f=np.tanh):
        return None

    explorer = NetworkExplorer(*nblib.initialize_weights(2, 2, 1, rng=0), *xor, forward=broken)
    explorer.example.value = 1
    assert explorer.status.value.startswith("⚠️ TypeError")


def test_network_mode_trains_a_neural_network_and_reset_restores_it(xor):
    x, t = xor
    network = nblib.NeuralNetwork([2, 4, 1], eta=0.3, rng=0)
    initial = [W.copy() for W in network.Ws]
    board = TrainingDashboard(x, t, network=network, eta=0.3, epochs=400)
    board.step(400)
    assert board.finished is False and board.history[-1].mbe == 0.0
    assert all(np.array_equal(W, W0) for W, W0 in zip(network.Ws, initial))  # the caller's network is untouched
    assert len(board.unit_axes) == 4 and board.unit_axes[0].images
    board.reset_button.click()
    assert all(np.array_equal(W, W0) for W, W0 in zip(board.run.Ws, initial)) and board.history == []
    assert repr(board) == "TrainingDashboard(2-4-1 network, 4 examples, 400 epochs)"


def test_hidden_unit_heatmaps_show_each_units_activation(xor):
    x, _ = xor
    net = nblib.NeuralNetwork([2, 3, 1], rng=2)
    axes = nblib.plot_unit_heatmaps(lambda p: net.activations_for(p)[0][1], x, resolution=5, margin=0.0)
    corner = axes[1].images[0].get_array()[0, 0]  # grid point (-1, -1)
    assert len(axes) == 3 and corner == pytest.approx(net.activations_for(np.array([[-1.0, -1.0]]))[0][1][0, 1])


# -- fast, crisp and readable (issue 12) ------------------------------------------------------

def _widgets():
    """One of every widget with a picture, each after a few interactions."""
    from nblib.digit_views import LiveTraining, MisclassifiedBrowser
    from nblib.roc_view import ThresholdExplorer

    x, t = nblib.load_xor()
    board = TrainingDashboard(x, t, epochs=50)
    board.step(30)
    network_board = TrainingDashboard(x, t, network=nblib.NeuralNetwork([2, 3, 1], rng=0), epochs=50)
    network_board.step(7)
    explorer = NetworkExplorer(*nblib.initialize_weights(2, 2, 1, rng=0), x, t)
    explorer.view.value = "backward"
    digits, labels = nblib.load_digits()
    live = LiveTraining(nblib.NetworkClassifier((10,), epochs=2, batch_size=200, random_state=0),
                        digits[:400], labels[:400], digits[400:500], labels[400:500], every=2)
    live.run()
    rng = np.random.default_rng(0)
    outputs = rng.dirichlet(np.ones(10), size=30)
    browser = MisclassifiedBrowser(digits[:30], labels[:30], outputs.argmax(axis=1), outputs, range(10))
    browser.slider.value = 2
    t01 = rng.integers(0, 2, 100)
    roc = ThresholdExplorer(t01, {"a": np.clip(0.4 * t01 + rng.uniform(0, 0.6, 100), 0, 1)})
    roc.slider.value = 0.3
    return {"dashboard": board, "network dashboard": network_board, "explorer": explorer, "live": live,
            "misclassified": browser, "threshold": roc}


@pytest.fixture(scope="module")
def widgets():
    return _widgets()


def test_pictures_are_rendered_at_twice_their_display_size(widgets):
    from nblib.widgets import SCALE

    for name, widget in widgets.items():
        png = widget.image.value
        assert png[:8] == b"\x89PNG\r\n\x1a\n", name
        width, height = (int.from_bytes(png[16 + 4 * i:20 + 4 * i], "big") for i in range(2))
        layout = widget.image.layout
        assert layout.width == f"{width // SCALE}px" and width == SCALE * widget.picture.width, name
        assert height == SCALE * widget.picture.height and layout.height == "auto", name  # keeps its aspect
        assert layout.max_width == "100%" and layout.align_self == "flex-start", name  # never stretched


def test_every_text_in_a_picture_is_at_least_11_css_px(widgets):
    from matplotlib.text import Text

    from nblib.widgets import MIN_FONT, SCALE

    for name, widget in widgets.items():
        figure = widget.picture.figure
        css_px_per_point = figure.dpi / SCALE / 72
        texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
        assert len(texts) > 5, name
        small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() * css_px_per_point < MIN_FONT]
        assert not small, f"{name}: text under {MIN_FONT} px: {small[:5]}"


def test_a_quick_redraw_shows_exactly_what_a_full_redraw_shows(widgets):
    from PIL import Image

    for name in ("dashboard", "network dashboard", "misclassified", "threshold", "live"):
        widget = widgets[name]
        quick = np.asarray(Image.open(io.BytesIO(widget.image.value)))
        widget.picture.invalidate()
        if hasattr(widget, "redraw"):
            widget.redraw()
        else:
            widget._draw()
        full = np.asarray(Image.open(io.BytesIO(widget.image.value)))
        differs = np.any(quick != full, axis=-1)
        assert differs.mean() < 1e-4, f"{name}: {differs.sum()} pixels differ"


def test_ticks_are_redrawn_only_when_the_curve_limits_change(dashboard):
    full_draws = []
    draw = dashboard.picture.canvas.draw
    dashboard.picture.canvas.draw = lambda: (full_draws.append(1), draw())[1]
    dashboard.step(3)
    assert dashboard.curves.limits() == (10, pytest.approx(2.0)) and dashboard.picture._stale_axes == []
    dashboard.step(20)  # 23 updates: the axis grows to 50, its two axes are redrawn, not the figure
    assert dashboard.curves.limits()[0] == 50 and full_draws == []


def test_controls_are_labelled_and_play_has_no_repeat_toggle(dashboard):
    for button in (dashboard.step_button, dashboard.hundred_button, dashboard.reset_button):
        assert button.description and button.tooltip
    assert dashboard.play.show_repeat is False and dashboard.play.interval <= 100  # ≥ 10 frames/s
    assert "pause" in dashboard.play.tooltip and dashboard.play_label.value == "Play / Pause:"
    row = dashboard.box.children[0].children
    assert row.index(dashboard.play_label) + 1 == row.index(dashboard.play)  # the label right before the icons
    for control in (dashboard.eta, dashboard.example):
        assert control.description and control.tooltip


def test_the_learning_rate_readout_follows_the_slider_at_once_and_reads_like_it(dashboard):
    dashboard.step(2)
    image = dashboard.image.value
    assert [label for label, _ in dashboard.eta.options][5:11] == ["0.05", "0.1", "0.2", "0.5", "1", "2"]
    dashboard.eta.value = 0.5  # no training step: the picture still changes
    assert dashboard.image.value != image and len(dashboard.history) == 2
    assert "learning rate η 0.5\n" in dashboard.summary.get_text() and dashboard.eta.label == "0.5"
    dashboard.step(1)
    assert dashboard.run.steps is not None and "η 0.5" in dashboard.summary.get_text()


def test_online_binary_error_also_shows_its_mean_over_each_epoch(dashboard):
    dashboard.step(14)  # 4 examples: epochs 1-3 complete, epoch 4 in progress
    steps, means = dashboard.curves.mbe_mean_line.get_data()
    mbe = [s.mbe for s in dashboard.history]
    assert list(steps) == [4, 8, 12] and np.allclose(means, [np.mean(mbe[i:i + 4]) for i in (0, 4, 8)])


def test_epoch_means_of_batch_training_are_the_values_themselves():
    from nblib.plots import epoch_means

    steps, means = epoch_means([1, 2, 3], [1, 2, 3], [0.5, 0.25, 0.0])
    assert list(steps) == [1, 2, 3] and list(means) == [0.5, 0.25, 0.0]
    assert [len(a) for a in epoch_means([], [], [])] == [0, 0]


def test_play_ticks_that_queued_up_while_busy_are_skipped(dashboard):
    dashboard.play.playing = True
    dashboard.play.value += 1
    dashboard.play.value += 1  # arrives straight after the last frame: a backlog tick
    assert len(dashboard.history) == dashboard.steps_per_tick
