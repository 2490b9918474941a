"""The sanity checks of notebook 09 (nblib.diagnostics) measure what they claim.

Each expected value is computed here independently: chance levels from their formulas,
update ratios from an actual update, input gradients from finite differences.
"""

import copy

import numpy as np
import pytest

import nblib
from nblib import NeuralNetwork, numerical_gradient, one_hot, relative_error
from nblib.diagnostics import (
    chance_loss,
    eta_sweep,
    gradient_table,
    initial_loss_report,
    input_gradient,
    layer_report,
    layer_statistics,
    overfit_tiny_batch,
    plot_eta_sweep,
    plot_layer_histograms,
    sweep_summary,
    update_ratio_report,
    update_ratios,
)


def classification(n=30, inputs=4, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, inputs)), one_hot(rng.integers(0, classes, size=n), classes)


# -- the initial loss ----------------------------------------------------------------------

def test_chance_loss_is_ln_k_k_ln_2_and_half_the_mean_squared_target():
    x, t = classification(classes=10)
    softmax_net = NeuralNetwork([4, 5, 10], loss="softmax_cross_entropy")
    assert chance_loss(softmax_net, t) == pytest.approx(np.log(10))
    binary_net = NeuralNetwork([4, 5, 3], loss="binary_cross_entropy")
    assert chance_loss(binary_net, t[:, :3]) == pytest.approx(3 * np.log(2))
    tanh_net = NeuralNetwork([4, 5, 10])  # squared error, tanh output: σ(0) = 0
    assert chance_loss(tanh_net, t) == pytest.approx(0.5 * np.mean(np.sum(t ** 2, axis=1)))
    sigmoid_net = NeuralNetwork([4, 5, 10], "sigmoid")  # σ(0) = ½
    assert chance_loss(sigmoid_net, t) == pytest.approx(0.5 * np.mean(np.sum((0.5 - t) ** 2, axis=1)))


def test_initial_loss_report_passes_a_fresh_network_and_fails_one_with_huge_weights():
    x, t = classification(classes=10)
    network = NeuralNetwork([4, 8, 10], loss="softmax_cross_entropy", rng=1)
    report = initial_loss_report(network, x, t)
    assert "✅" in report and f"chance level {np.log(10):.3f}" in report
    network.Ws = [W * 100 for W in network.Ws]
    loss = network.loss_for(t, x)
    report = initial_loss_report(network, x, t)
    assert "❌" in report and f"initial loss {loss:.3f}" in report and loss > 5 * np.log(10)


# -- gradient tables --------------------------------------------------------------------------

def test_gradient_table_says_exact_for_the_true_gradient_and_names_the_wrong_row():
    rng = np.random.default_rng(2)
    x, t, W, b = rng.normal(size=(6, 3)), rng.normal(size=(6, 2)), rng.normal(size=(3, 2)), rng.normal(size=2)

    def loss():
        return nblib.squared_error(x @ W + b, t)

    dy = (x @ W + b - t) / len(x)
    good = gradient_table(loss, [("W", W, x.T @ dy), ("b", b, dy.sum(axis=0))]).splitlines()
    assert len(good) == 3 and all("exact ✅" in line for line in good[1:])
    flipped = gradient_table(loss, [("W", W, -x.T @ dy), ("b", b, dy.sum(axis=0))]).splitlines()
    assert "≈ 1" in flipped[1] and "wrong ❌" in flipped[1] and "exact ✅" in flipped[2]
    wrong_shape = gradient_table(loss, [("b", b, dy)]).splitlines()
    assert "inf" in wrong_shape[1] and "wrong ❌" in wrong_shape[1]
    assert np.array_equal(W, W.copy())  # parameters restored: a second table agrees
    assert gradient_table(loss, [("W", W, x.T @ dy)]) == gradient_table(loss, [("W", W, x.T @ dy)])


# -- update ratios --------------------------------------------------------------------------

def test_update_ratios_are_the_relative_size_of_one_real_step_and_leave_the_network_alone():
    x, t = classification()
    network = NeuralNetwork([4, 6, 5, 3], loss="softmax_cross_entropy", eta=0.3, rng=3)
    before = [W.copy() for W in network.Ws]
    ratios = update_ratios(network, x, t)
    assert all(np.array_equal(W, B) for W, B in zip(network.Ws, before))
    stepped = copy.deepcopy(network)
    stepped.update_weights(t, x)
    expected = [np.linalg.norm(S - W) / np.linalg.norm(W) for S, W in zip(stepped.Ws, network.Ws)]
    assert len(ratios) == 3 and np.allclose(ratios, expected)
    network.eta = 3.0
    assert np.allclose(update_ratios(network, x, t), 10 * np.array(expected))


def test_update_ratio_report_flags_a_large_eta_and_a_tiny_one():
    x, t = classification()
    lines = update_ratio_report(NeuralNetwork([4, 6, 3], loss="softmax_cross_entropy", eta=100, rng=3), x, t)
    assert lines.count("too large") == 2
    lines = update_ratio_report(NeuralNetwork([4, 6, 3], loss="softmax_cross_entropy", eta=1e-6, rng=3), x, t)
    assert lines.count("too small") == 2
    lines = update_ratio_report(NeuralNetwork([4, 6, 3], loss="softmax_cross_entropy", eta=0.05, rng=3), x, t)
    assert lines.count("healthy") == 2


# -- overfitting a tiny batch -----------------------------------------------------------------

def test_a_correct_network_overfits_ten_examples_and_a_zero_initialised_one_cannot():
    x, t = classification(n=40)
    network = NeuralNetwork([4, 16, 3], loss="softmax_cross_entropy", eta=1.0, rng=4)
    before = [W.copy() for W in network.Ws]
    losses = overfit_tiny_batch(network, x, t, steps=800)
    assert losses.shape == (800,) and losses[0] > 0.5 and losses[-1] < 0.02
    assert all(np.array_equal(W, B) for W, B in zip(network.Ws, before))  # a copy was trained
    network.Ws = [np.zeros_like(W) for W in network.Ws]
    stuck = overfit_tiny_batch(network, x, t, steps=800)
    assert stuck[-1] > 0.5  # only the output biases learn: the class frequencies of the 10 examples


# -- layers ---------------------------------------------------------------------------------

def test_layer_statistics_are_the_networks_own_activations_derivatives_and_deltas():
    x, t = classification()
    network = NeuralNetwork([4, 5, 3], "sigmoid", rng=5)
    stats = layer_statistics(network, x, t)
    zs, z_raws = network.activations_for(x)
    deltas = network.deltas_for(t, zs, z_raws)
    assert [s["layer"] for s in stats] == [1, 2]
    for s, z, delta in zip(stats, zs[1:], deltas):
        assert np.array_equal(s["z"], z) and np.array_equal(s["delta"], delta)
        assert np.allclose(s["sigma_prime"], z * (1 - z))  # the sigmoid's σ' at the raw value
    softmax_net = NeuralNetwork([4, 5, 3], loss="softmax_cross_entropy")
    assert layer_statistics(softmax_net, x, t)[-1]["sigma_prime"] is None  # softmax: no σ' per unit


def test_layer_report_counts_saturated_and_dead_units():
    x, t = classification()
    saturated = NeuralNetwork([4, 5, 3], "sigmoid", rng=6)
    saturated.Ws[0][0] = 1e3  # a huge bias: every sigmoid of layer 1 sits at 1 for every input
    report = layer_report(saturated, x, t).splitlines()
    assert report[1].split()[:4] == ["1", "100%", "5", "of"]
    dead = NeuralNetwork([4, 5, 3], "relu", rng=6)
    dead.Ws[0][0] = -1e3  # a hugely negative bias: every ReLU of layer 1 is off for every input
    assert layer_report(dead, x, t).splitlines()[1].split()[:4] == ["1", "100%", "5", "of"]
    healthy = NeuralNetwork([4, 5, 3], "tanh", rng=6)
    assert layer_report(healthy, x, t).splitlines()[1].split()[:4] == ["1", "0%", "0", "of"]


def test_plot_layer_histograms_draws_every_hidden_layers_values():
    x, t = classification()
    network = NeuralNetwork([4, 5, 6, 3], rng=7)
    axes = plot_layer_histograms(network, x, t)
    assert axes.shape == (2, 2)
    for l, n in ((0, 5), (1, 6)):
        assert sum(p.get_height() for p in axes[0, l].patches) == len(x) * n
        assert sum(p.get_height() for p in axes[1, l].patches) == len(x) * n
    assert "layer 2" in axes[0, 1].get_title()


# -- the learning rate ------------------------------------------------------------------------

def test_eta_sweep_trains_one_fresh_network_per_eta_and_the_summary_names_divergence():
    x, t = classification(n=20)
    made = []

    def make(eta):
        made.append(eta)
        return NeuralNetwork([4, 8, 3], "relu", eta=eta, loss="softmax_cross_entropy", rng=8)

    curves = eta_sweep(make, x, t, etas=[0.1, 1e4], steps=50)
    assert made == [0.1, 1e4] and list(curves) == [0.1, 1e4] and all(c.shape == (50,) for c in curves.values())
    assert curves[0.1][0] == pytest.approx(make(0.1).loss_for(t, x))
    summary = sweep_summary(curves).splitlines()
    assert summary[0].startswith("eta = 0.1") and "learning" in summary[0]
    assert "unstable" in summary[1] or "diverged" in summary[1]
    assert "diverged" in sweep_summary({1.0: np.array([1.0, np.inf, np.nan])})
    ax = plot_eta_sweep(curves)
    assert len(ax.get_lines()) == 2 and ax.get_yscale() == "log"
    assert [line.get_label() for line in ax.get_lines()] == ["η = 0.1", "η = 10000"]


# -- the input gradient ------------------------------------------------------------------------

@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_input_gradient_agrees_with_finite_differences(activation):
    rng = np.random.default_rng(9)
    network = NeuralNetwork([3, 5, 4, 2], activation, rng=9)
    x = rng.uniform(0.1, 0.9, size=(4, 3))
    for unit in (0, 1):
        numeric = numerical_gradient(lambda unit=unit: float(np.sum(network.predictions_for(x)[:, unit])), x)
        assert relative_error(input_gradient(network, x, unit), numeric) < 1e-7
