"""Tests for nblib.capacity (notebook 08): the source's data, logistic regression as the
0-hidden-layer network, the capacity sweep and its elbow, and the symmetry experiment."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from nblib import relative_error
from nblib.capacity import (
    Evaluation,
    Split,
    SweepResult,
    binary_network,
    capacity_sweep,
    constant_network,
    convergence_curve,
    elbow,
    evaluate,
    labels_before_flipping,
    load_source_data,
    observed_ties,
    parameter_count,
    plot_capacity,
    plot_convergence,
    plot_output_deltas,
    plot_weight_histories,
    probabilities,
    sweep_table,
    train_binary_network,
    train_to_convergence,
    weight_history,
)


@pytest.fixture(scope="module")
def split() -> Split:
    return load_source_data()


@pytest.fixture(scope="module")
def small(split) -> Split:
    """300 training and 200 test rows of the source data: fast, and still rank-deficient."""
    return Split(split.x_train[:300], split.t_train[:300], split.x_test[:200], split.t_test[:200])


# -- the data --------------------------------------------------------------------------------

def test_the_source_data_are_split_by_position_and_repeat_exactly(split):
    from sklearn.datasets import make_classification

    x, t = make_classification(n_samples=5000, n_features=20, n_informative=15, n_redundant=3, n_repeated=0,
                               n_classes=2, flip_y=0.05, class_sep=1.0, shuffle=True, random_state=42)
    assert split.x_train.shape == (4000, 20) and split.x_test.shape == (1000, 20)
    assert np.array_equal(split.x_train, x[:4000]) and np.array_equal(split.t_test, t[4000:])
    again = load_source_data()
    assert np.array_equal(again.x_test, split.x_test) and np.array_equal(again.t_train, split.t_train)


def test_the_three_redundant_features_make_the_inputs_rank_17(split):
    assert np.linalg.matrix_rank(split.x_train) == 17


# -- parameter count ------------------------------------------------------------------------------

@pytest.mark.parametrize(("num_nodes", "count"), [([20, 8, 3, 1], 199), ([20, 1], 21), ([2, 2, 1], 9)])
def test_parameter_count_is_the_number_of_weight_entries(num_nodes, count):
    assert parameter_count(num_nodes) == count
    network = binary_network(num_nodes[1:-1], n_inputs=num_nodes[0])
    assert sum(W.size for W in network.Ws) == count


# -- logistic regression ----------------------------------------------------------------------------

def test_a_network_without_hidden_layers_converges_to_sklearns_logistic_regression(small):
    n, l2 = len(small.x_train), 0.01
    network = binary_network((), eta=0.1, momentum=0.9, l2=l2)
    steps = train_to_convergence(network, small.x_train, small.t_train, tol=1e-12)
    assert 0 < steps < 20_000
    model = LogisticRegression(C=1 / (n * l2), solver="newton-cholesky", tol=1e-12).fit(small.x_train, small.t_train)
    assert relative_error(network.Ws[0][:, 0], np.r_[model.intercept_, model.coef_[0]]) < 1e-6


def test_the_bias_is_not_penalised(small):
    """At the minimum ∂E/∂W_0 = mean(y − t) has no penalty term, so the mean prediction equals the
    class share exactly, however strong λ_2 is; the weights themselves do shrink."""
    norms = []
    for l2 in (0.01, 1.0):
        network = binary_network((), eta=0.05, momentum=0.9, l2=l2)
        train_to_convergence(network, small.x_train, small.t_train, tol=1e-12)
        assert probabilities(network, small.x_train).mean() == pytest.approx(small.t_train.mean(), abs=1e-9)
        norms.append(np.linalg.norm(network.Ws[0][1:]))
    assert norms[1] < 0.5 * norms[0]


def test_train_to_convergence_refuses_to_call_an_unconverged_fit_converged(small):
    network = binary_network((), eta=0.001)
    with pytest.raises(RuntimeError, match="not converged after 5 steps"):
        train_to_convergence(network, small.x_train, small.t_train, max_steps=5)


def test_without_a_penalty_weights_differ_by_a_null_direction_but_probabilities_agree(small):
    fits = []
    for seed in (0, 1):
        network = binary_network((), eta=0.1, momentum=0.9, seed=seed)
        train_to_convergence(network, small.x_train, small.t_train, tol=1e-9)
        fits.append(network)
    difference = fits[0].Ws[0] - fits[1].Ws[0]
    assert relative_error(fits[0].Ws[0], fits[1].Ws[0]) > 1e-2  # different random starts, different minima
    ones_x = np.hstack([np.ones((len(small.x_test), 1)), small.x_test])
    assert np.max(np.abs(ones_x @ difference)) < 1e-6            # ... along directions x·v = 0
    assert np.max(np.abs(probabilities(fits[0], small.x_test) - probabilities(fits[1], small.x_test))) < 1e-6


# -- evaluation, sweep, elbow -----------------------------------------------------------------------

def test_evaluate_reports_accuracy_at_one_half_and_sklearns_auc(small):
    network = train_binary_network([4], small.x_train, small.t_train, epochs=3)
    e = evaluate(network, small)
    p = probabilities(network, small.x_test)
    assert p.shape == (200,) and np.all((p > 0) & (p < 1))
    assert e.test_accuracy == pytest.approx(np.mean((p > 0.5) == small.t_test))
    assert e.test_auc == pytest.approx(roc_auc_score(small.t_test, p))
    assert 0.5 < e.train_auc <= 1


def test_a_hidden_layer_beats_logistic_regression_on_the_source_data(split):
    """The notebook's central claim, with fewer epochs: [8] units clearly beat [] (a linear model)."""
    linear = evaluate(train_binary_network([], split.x_train, split.t_train, epochs=10), split)
    hidden = evaluate(train_binary_network([8], split.x_train, split.t_train, epochs=10), split)
    assert hidden.test_auc > linear.test_auc + 0.05


def test_capacity_sweep_trains_every_shape_and_counts_its_parameters(small):
    results = capacity_sweep([[1], [3, 2]], small, epochs=2)
    assert [r.hidden for r in results] == [(1,), (3, 2)]
    assert [r.parameters for r in results] == [parameter_count([20, 1, 1]), parameter_count([20, 3, 2, 1])]
    assert all(isinstance(r.evaluation, Evaluation) for r in results)
    table = sweep_table(results)
    assert "[3, 2]" in table and "test AUC" in table and len(table.splitlines()) == 3


def _result(hidden, parameters, test_auc, train_auc=0.99):
    return SweepResult(tuple(hidden), parameters, Evaluation(0.9, train_auc, 0.9, test_auc))


def test_elbow_is_the_smallest_network_within_tolerance_of_the_best():
    results = [_result([64], 1409, 0.967), _result([1], 23, 0.86), _result([8], 177, 0.964),
               _result([4], 89, 0.951), _result([16, 8], 481, 0.968)]
    assert elbow(results, tolerance=0.005).hidden == (8,)
    assert elbow(results, tolerance=0.0).hidden == (16, 8)
    assert elbow(results, tolerance=0.2).hidden == (1,)


# -- symmetry ------------------------------------------------------------------------------------------

def test_constant_initialisation_keeps_hidden_units_identical_and_random_breaks_it(small):
    tied = constant_network([20, 8, 3, 1], 0.1)
    history = weight_history(tied, small.x_train, small.t_train, epochs=3, batch_size=50)
    assert history.shape == (4, 8)
    assert np.all(history[0] == 0.1)
    assert not np.all(history[-1] == 0.1)                 # it did learn ...
    assert np.all(history == history[:, :1])              # ... but the 8 units moved as one
    assert observed_ties(tied.Ws).tolist() == [[True, False], [True, True], [True, True]]
    free = binary_network([8, 3], eta=0.01, momentum=0.9)
    free_history = weight_history(free, small.x_train, small.t_train, epochs=3, batch_size=50)
    assert len(np.unique(free_history[-1])) == 8
    assert observed_ties(free.Ws).tolist() == [[False, False], [False, False], [True, False]]


def test_all_zero_weights_learn_nothing_but_the_output_bias(small):
    network = constant_network([20, 8, 3, 1], 0.0)
    for _ in network.train(small.x_train, small.t_train.reshape(-1, 1).astype(float), epochs=3, batch_size=50):
        pass
    assert all(np.all(W == 0) for W in network.Ws[:-1])
    assert np.all(network.Ws[-1][1:] == 0) and network.Ws[-1][0, 0] != 0
    assert evaluate(network, small).test_auc == 0.5


# -- plots ------------------------------------------------------------------------------------------------

def test_the_plots_draw_what_they_are_given(small):
    ax = plot_output_deltas(t=1.0)
    cross_entropy, squared = ax.get_lines()[:2]
    assert cross_entropy.get_ydata()[0] == pytest.approx(-1, abs=1e-3)  # y_raw = −8, t = 1: δ_o ≈ −1
    assert abs(squared.get_ydata()[0]) < 1e-3                           # ... squared error's ≈ 0
    curve = convergence_curve(binary_network((), eta=0.01), small, [1, 5])
    assert [s for s, _ in curve] == [1, 5]
    assert len(plot_convergence(curve, curve[-1][1], reported=(0.72, 0.787)).get_lines()) >= 6
    results = [_result([1], 23, 0.86, 0.87), _result([8], 177, 0.96), _result([8, 3], 199, 0.95)]
    ax = plot_capacity(results, elbow(results))
    assert ax.get_xscale() == "log" and "elbow" in ax.get_legend().get_texts()[-1].get_text()
    axes = plot_weight_histories({"a": np.zeros((3, 4)), "b": np.ones((3, 4))})
    assert len(axes) == 2 and len(axes[0].get_lines()) == 4


def test_labels_before_flipping_recovers_the_points_and_about_2_5_percent_flipped_labels(split):
    clean = labels_before_flipping()
    assert np.array_equal(clean.x_train, split.x_train) and np.array_equal(clean.x_test, split.x_test)
    changed = np.sum(clean.t_train != split.t_train) + np.sum(clean.t_test != split.t_test)
    assert 0.015 * 5000 < changed < 0.035 * 5000  # flip_y × (1 − 1/2) = 2.5 % expected
